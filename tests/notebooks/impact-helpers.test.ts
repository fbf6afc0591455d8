/**
 * The notebook helpers of notebook 06 (src/notebook/impact.ts), without Jupyter: the registration
 * check rows, published tables as rows, and the reconstruction of a published breakdown (checked
 * against brute-force enumeration of every table consistent with the published marks).
 */
import { describe, expect, it } from 'vitest';
import { registrationCheckRows, impactTable, impactTableRows, impactTableBundle, breakdownReconstructions } from '../../src/notebook/impact.js';
import { loadRegistration } from '../../src/impact/registration.js';
import { computeFigures } from '../../src/impact/figures.js';
import { publishFigures, reportCellText } from '../../src/impact/report.js';
import { suppressBreakdown, type PublishedCount } from '../../src/impact/suppression.js';
import { StatsError } from '../../src/stats/result.js';

const LOCAL = 'sample-data/registration/local';

describe('registrationCheckRows', () => {
  it('gives one row per file with read = accepted + rejected (TSDoc example)', async () => {
    const loaded = await loadRegistration(LOCAL, { referenceDate: '2021-06-30' });
    const rows = registrationCheckRows(loaded);
    expect(rows.map((r) => r.kind)).toEqual(['sites', 'families', 'volunteers', 'trajectories']);
    expect(rows[1]).toEqual({ kind: 'families', file: 'gezinnen.csv', 'rows read': 29, accepted: 29, rejected: 0, errors: 0, warnings: 0 });
  });

  it('counts the issues of a broken set against the file that has them', async () => {
    const loaded = await loadRegistration('sample-data/registration/broken/unknown-site-id', { referenceDate: '2021-06-30' });
    const rows = registrationCheckRows(loaded);
    for (const r of rows) expect(Number(r.accepted) + Number(r.rejected)).toBe(r['rows read']);
    const fam = rows.find((r) => r.kind === 'families')!;
    expect(fam.rejected).toBe(1);
    expect(fam.errors).toBe(loaded.issues.filter((i) => i.file === 'gezinnen.csv' && i.severity === 'error').length);
    expect(fam.errors).toBeGreaterThan(0);
  });
});

describe('impactTable / impactTableRows', () => {
  it('prints exactly what the report prints, marks for hidden cells (Dalfsen set 2020)', async () => {
    const loaded = await loadRegistration(LOCAL, { referenceDate: '2021-06-30' });
    const fig = computeFigures(loaded.data, { year: 2020, scope: { level: 'site', siteId: 'DLF' }, referenceDate: '2021-06-30' });
    const pub = publishFigures(fig, { lang: 'en' });
    const t = impactTable(pub, 'vrijwilligers-gender');
    const rows = impactTableRows(t, 'en');
    expect(rows).toHaveLength(t.rows.length);
    expect(Object.keys(rows[0])).toEqual(t.columns);
    expect(rows[0]).toMatchObject({ Category: 'Woman', '2019 Registered': 'x', '2020 Registered': 'x' });
    const man = rows.find((r) => r.Category === 'Man')!;
    expect(man['2020 Registered']).toBe('<5');
    t.rows.forEach((r, i) => r.cells.forEach((c, j) => expect(rows[i][t.columns[j + 1]]).toBe(reportCellText(c, 'en'))));
    // the bundle keeps the table's column order (year-like keys would otherwise sort first) and its title
    const b = impactTableBundle(impactTable(pub, 'kerncijfers'), { lang: 'en' });
    const html = String(b['text/html']);
    expect(html).toContain('<caption style="text-align:left;font-weight:bold">Key figures</caption>');
    expect(html.indexOf('<th>Figure</th>')).toBeLessThan(html.indexOf('<th>2019</th>'));
    expect(html.indexOf('<th>2019</th>')).toBeLessThan(html.indexOf('<th>2020</th>'));
    expect(String(b['text/plain']).split('\n')[1].trimStart().startsWith('Figure')).toBe(true);
    expect(() => impactTable(pub, 'nope')).toThrow(StatsError);
    expect(() => impactTable(pub, 'nope')).toThrow(/"kerncijfers"/);
  });
});

/** Every whole-number table consistent with the published marks, by brute force (values 0..cap). */
function bruteForce(cells: PublishedCount[], total: number, threshold: number, cap: number): number[][] {
  const out: number[][] = [];
  const x: number[] = [];
  const ok = (c: PublishedCount, v: number) => (c.status === 'shown' ? v === c.value : c.status === 'primary' ? v >= 1 && v < threshold : v >= threshold);
  const go = (i: number) => {
    if (i === cells.length) {
      if (x.reduce((a, b) => a + b, 0) === total) out.push([...x]);
      return;
    }
    for (let v = 0; v <= cap; v++) {
      if (!ok(cells[i], v)) continue;
      x.push(v);
      go(i + 1);
      x.pop();
    }
  };
  go(0);
  return out;
}

describe('breakdownReconstructions', () => {
  it('TSDoc example: 12, 3, 9 published as 12, <5, x | 24 leaves 4 possible tables', () => {
    const b = suppressBreakdown([12, 3, 9]);
    const r = breakdownReconstructions(b.cells, b.total!);
    expect(r.bounded).toBe(true);
    expect(r.ranges).toEqual([[12, 12], [1, 4], [8, 11]]);
    expect(r.solutions).toEqual([[12, 1, 11], [12, 2, 10], [12, 3, 9], [12, 4, 8]]);
    expect(r.recovered).toEqual([false, false, false]);
  });

  it('primary suppression alone lets a single hidden cell be recovered as total minus the rest', () => {
    const counts = [12, 3, 9];
    const primaryOnly = suppressBreakdown(counts, { total: 'none' }).cells;
    const total: PublishedCount = { value: 24, display: '24', status: 'shown' };
    const r = breakdownReconstructions(primaryOnly, total);
    expect(r.recovered).toEqual([false, true, false]);
    expect(r.ranges[1]).toEqual([3, 3]);
    expect(r.solutions).toEqual([counts]);
  });

  it('agrees with brute force on many suppressed breakdowns, and the truth is always among the solutions', () => {
    const cases = [[6, 2, 0], [1, 2, 3, 4], [7, 1, 1, 9], [20, 4, 4, 6, 0], [5, 5, 1], [2, 30, 3, 12], [8, 3, 5, 5, 2]];
    for (const counts of cases) {
      const b = suppressBreakdown(counts);
      const total = counts.reduce((a, c) => a + c, 0);
      const r = breakdownReconstructions(b.cells, b.total!);
      if (b.total!.status !== 'shown') {
        // e.g. 5, 5, 1 → x, 5, <5 | x: the total itself had to be hidden; nothing is bounded above
        expect(r.bounded, String(counts)).toBe(false);
        expect(r.recovered.some(Boolean), String(counts)).toBe(false);
        continue;
      }
      const brute = bruteForce(b.cells, total, 5, total);
      expect(r.solutions, String(counts)).toEqual(brute);
      expect(r.solutions.some((s) => s.every((v, i) => v === counts[i])), String(counts)).toBe(true);
      // published by the report's suppression, no hidden cell is recovered
      b.cells.forEach((c, i) => {
        if (c.status !== 'shown') expect(r.recovered[i], `${counts} cell ${i}`).toBe(false);
        const vals = brute.map((s) => s[i]);
        expect(r.ranges[i], `${counts} cell ${i}`).toEqual([Math.min(...vals), Math.max(...vals)]);
      });
    }
  });

  it('a hidden total leaves the secondary cells unbounded; limits and inconsistent tables are reported', () => {
    const cells: PublishedCount[] = [
      { value: null, display: 'x', status: 'secondary' },
      { value: null, display: '<5', status: 'primary' },
    ];
    const r = breakdownReconstructions(cells, { value: null, display: 'x', status: 'secondary' });
    expect(r.bounded).toBe(false);
    expect(r.ranges).toEqual([[5, Infinity], [1, 4]]);
    expect(r.solutions).toEqual([]);
    const many = breakdownReconstructions(cells, { value: 100, display: '100', status: 'shown' }, { limit: 2 });
    expect(many.solutions).toHaveLength(2);
    expect(many.truncated).toBe(true);
    expect(() => breakdownReconstructions(cells, { value: 3, display: '3', status: 'shown' })).toThrow(/inconsistent/);
    expect(() => breakdownReconstructions(cells, { value: 9, display: '9', status: 'shown' }, { threshold: 0 })).toThrow(StatsError);
  });
});
