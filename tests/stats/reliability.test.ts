import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cronbachAlpha } from '../../src/stats/reliability.js';
import { StatsError } from '../../src/stats/result.js';

interface PsychSummary {
  raw_alpha: number;
  std_alpha: number;
  average_r: number;
  ase: number;
  feldt_lower: number;
  feldt_upper: number;
  duhachek_lower: number;
  duhachek_upper: number;
  feldt_lower_90: number;
  feldt_upper_90: number;
  nvar: number;
  n_feldt: number;
  items: string[];
  r_drop: number[];
  mean: number[];
  sd: number[];
  n_item: number[];
  alpha_drop: (number | null)[];
  std_alpha_drop: (number | null)[];
}
interface Case {
  data: (number | null)[][];
  keys: number[] | number | null;
  missing: 'listwise' | 'pairwise';
  psych: PsychSummary;
}
const ref = JSON.parse(readFileSync(new URL('../reference/reliability.json', import.meta.url), 'utf8')) as {
  cases: Record<string, Case>;
};

/** Relative (or absolute near zero) agreement. */
function close(actual: number, expected: number, tol = 1e-10): void {
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected) / scale, `${actual} vs ${expected}`).toBeLessThan(tol);
}

// jsonlite writes reverse keys as 1-based R column numbers; a single key is unboxed.
function reverseKeys(c: Case): number[] {
  if (c.keys === null) return [];
  return (Array.isArray(c.keys) ? c.keys : [c.keys]).map((k) => k - 1);
}

describe('cronbachAlpha against psych::alpha 2.2.9 (tests/reference/reliability.R)', () => {
  for (const [name, c] of Object.entries(ref.cases)) {
    it(`${name}: α, standardized α, Feldt and Duhachek intervals, item statistics`, () => {
      const p = c.psych;
      const names = c.data[0].map((_, j) => `c${j + 1}`);
      const res = cronbachAlpha(c.data, { missing: c.missing, reverse: reverseKeys(c), itemNames: names });
      close(res.alpha, p.raw_alpha);
      close(res.alphaStandardized, p.std_alpha);
      close(res.averageR, p.average_r);
      close(res.se, p.ase);
      expect(res.n).toBe(p.n_feldt);
      expect(res.nItems).toBe(p.nvar);
      close(res.ci.lower, p.feldt_lower);
      close(res.ci.upper, p.feldt_upper);
      close(res.ciDuhachek.lower, p.duhachek_lower);
      close(res.ciDuhachek.upper, p.duhachek_upper);
      expect(res.items.map((it) => it.reversed)).toEqual(p.items.map((s) => s.endsWith('-')));
      for (let i = 0; i < p.nvar; i++) {
        const it = res.items[i];
        close(it.itemRestCorrelation, p.r_drop[i]);
        close(it.mean, p.mean[i]);
        close(it.sd, p.sd[i]);
        expect(it.n).toBe(p.n_item[i]);
        if (p.nvar > 2) {
          close(it.alphaIfDeleted, p.alpha_drop[i] as number);
          close(it.alphaStandardizedIfDeleted, p.std_alpha_drop[i] as number);
        } else {
          expect(it.alphaIfDeleted).toBeNaN();
          expect(it.alphaStandardizedIfDeleted).toBeNaN();
        }
      }
      const r90 = cronbachAlpha(c.data, { missing: c.missing, reverse: reverseKeys(c), level: 0.9 });
      close(r90.ci.lower, p.feldt_lower_90);
      close(r90.ci.upper, p.feldt_upper_90);
    });
  }

  it('zero-variance item is dropped with a warning, as psych does', () => {
    const c = ref.cases.zeroVariance;
    const res = cronbachAlpha(c.data);
    expect(res.droppedItems).toEqual(['item3']);
    expect(res.items.map((i) => i.column)).toEqual([0, 1, 3, 4]);
    expect(res.warnings.join(' ')).toMatch(/item3.*no variance/);
  });

  it('listwise counts the dropped rows; pairwise keeps them', () => {
    const c = ref.cases.listwise;
    const lw = cronbachAlpha(c.data);
    const pw = cronbachAlpha(c.data, { missing: 'pairwise' });
    expect(lw.missingHandling).toBe('listwise');
    expect(lw.missingRows).toBe(c.data.length - 83);
    expect(pw.missingHandling).toBe('pairwise');
    expect(pw.missingRows).toBe(0);
  });
});

describe('cronbachAlpha input forms and options', () => {
  const items = [
    [4, 5, 4],
    [2, 3, 3],
    [3, 3, 4],
    [5, 4, 5],
    [1, 2, 2],
    [3, 4, 3],
  ];

  it('TSDoc example (psych::alpha raw_alpha 0.9166667, Feldt [0.65, 0.99])', () => {
    const a = cronbachAlpha(items);
    expect(a.alpha.toFixed(4)).toBe('0.9167');
    expect(a.apa()).toBe('α = .92, 95% CI [.65, .99], k = 3, n = 6');
    expect(a.method).toBe("Cronbach's alpha");
    expect(a.ci.method).toMatch(/Feldt/);
    const j = a.toJSON();
    expect(j.alpha).toBe(a.alpha);
    expect(j.missingHandling).toBe('listwise');
  });

  it('a row-major Float64Array with dims gives the same result as rows', () => {
    const flat = { data: Float64Array.from(items.flat()), rows: 6, cols: 3 };
    expect(cronbachAlpha(flat).toJSON()).toEqual(cronbachAlpha(items).toJSON());
  });

  it('rows with no answer at all are ignored in both modes', () => {
    const withEmpty = [...items, [null, null, null], [NaN, NaN, NaN]];
    expect(cronbachAlpha(withEmpty).alpha).toBe(cronbachAlpha(items).alpha);
    const pw = cronbachAlpha(withEmpty, { missing: 'pairwise' });
    expect(pw.n).toBe(6);
    expect(pw.missingRows).toBe(2);
  });

  it('reverse keys by name equal reverse keys by index; responseRange sets the reflected means', () => {
    const names = ['a', 'b', 'c'];
    const byIdx = cronbachAlpha(items, { itemNames: names, reverse: [1] });
    const byName = cronbachAlpha(items, { itemNames: names, reverse: ['b'] });
    expect(byName.toJSON()).toEqual(byIdx.toJSON());
    // observed min 1 + max 5 = 6 → reversed mean 6 − 3.5
    expect(byIdx.items[1].mean).toBeCloseTo(2.5, 12);
    const ranged = cronbachAlpha(items, { reverse: [1], responseRange: { min: 1, max: 7 } });
    expect(ranged.items[1].mean).toBeCloseTo(4.5, 12);
    // reversing an item that belongs with the others gives a negative item–rest r and a warning
    expect(byIdx.items[1].itemRestCorrelation).toBeLessThan(0);
    expect(byIdx.warnings.join(' ')).toMatch(/"b" correlates negatively/);
  });

  it('edge cases throw a StatsError that says what is wrong', () => {
    expect(() => cronbachAlpha([[1], [2], [3]])).toThrow(/at least 2 items/);
    expect(() => cronbachAlpha([[1, 2]])).toThrow(StatsError);
    expect(() => cronbachAlpha([[1, 2]])).toThrow(/at least 2 persons/);
    expect(() => cronbachAlpha([[null, null], [null, null], [null, null]])).toThrow(/at least 2 persons/);
    expect(() =>
      cronbachAlpha([
        [1, 3, 2],
        [1, 3, 4],
        [1, 3, 5],
      ]),
    ).toThrow(/at least 2 items with variance/);
    expect(() => cronbachAlpha([[1, 2], [3]])).toThrow(/same number of items/);
    expect(() => cronbachAlpha(items, { reverse: ['zz'] })).toThrow(/cannot reverse item "zz"/);
    expect(() => cronbachAlpha({ data: new Float64Array(5), rows: 2, cols: 3 })).toThrow(/rows × cols/);
    expect(() =>
      cronbachAlpha(
        [
          [1, null],
          [2, null],
          [null, 3],
          [null, 4],
        ],
        { missing: 'pairwise' },
      ),
    ).toThrow(/answered together by 0/);
  });
});
