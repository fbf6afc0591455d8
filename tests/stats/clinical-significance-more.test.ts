import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  clinicalSignificance,
  clinicalSignificanceAnchor,
  clinicalSignificancePercentage,
  clinicalSignificanceStatistical,
} from '../../src/stats/clinical-significance.js';

// The rules of the R package clinicalsignificance (create_summary_table.R: cs_combined, cs_statistical; cs_percentage.R
// calc_percentage; cs_anchor.R), applied independently to the rows here. The package is not on Debian, so the
// numbers of the combined approach come from the Python re-implementation (tests/reference/reliable_change.py).
const ref = JSON.parse(readFileSync(new URL('../reference/reliable_change.json', import.meta.url), 'utf8'));
const DAS = ref.datasets.das;

describe("HA 'harmed': ours (crossed into the clinical range) and the package's rule", () => {
  const haCases = ref.clinicalSignificance.filter((c: any) => c.method === 'HA');
  it('there are HA cases in the fixture', () => expect(haCases.length).toBeGreaterThan(0));
  for (const c of haCases) {
    it(`${c.name}: package rule harmed = not clinical at pre and reliably deteriorated`, () => {
      const d = ref.datasets[c.dataset];
      const opts = {
        method: c.method,
        reliability: c.reliability,
        direction: c.direction,
        cutoff: c.cutoff,
        functional: { mean: c.functional[0], sd: c.functional[1] },
        ...(c.clinical ? { clinical: { mean: c.clinical[0], sd: c.clinical[1] } } : {}),
        ...(c.criticalValue !== undefined ? { criticalValue: c.criticalValue } : {}),
        ...(c.sdPre !== undefined ? { sdPre: c.sdPre } : {}),
      };
      const ours = clinicalSignificance(d.pre, d.post, opts);
      const pkg = clinicalSignificance(d.pre, d.post, { ...opts, haHarmed: 'package' });
      ours.rows.forEach((r, i) => {
        const reliablyWorse = r.category === 'harmed' || r.category === 'deteriorated';
        const expected = reliablyWorse ? (!r.clinicalPre ? 'harmed' : 'deteriorated') : r.category;
        expect(pkg.rows[i].category).toBe(expected);
        if (r.category === 'harmed') expect(r.clinicalPost && !r.clinicalPre).toBe(true);
      });
      expect(pkg.summary.harmed.successes).toBeGreaterThanOrEqual(ours.summary.harmed.successes);
    });
  }
  it('an unknown rule is refused', () => {
    expect(() => clinicalSignificance(DAS.pre, DAS.post, { reliability: 0.9, direction: 'higher-better', haHarmed: 'x' as any })).toThrow(/haHarmed/);
  });
});

describe('percentage-change and anchor-based approaches (cs_percentage, cs_anchor)', () => {
  const pre = [20, 30, 10, 25, 0, 16, null, 12];
  const post = [8, 27, 12, 10, 3, 24, 5, 12];
  it('percentage: s·(post − pre)/pre against ±thresholds; pre = 0 left out with a note; post = pre unchanged', () => {
    const r = clinicalSignificancePercentage(pre, post, { direction: 'higher-worse', improvement: 0.5, deterioration: 0.3, group: ['a', 'a', 'b', 'b', 'a', 'b', 'a', 'a'] });
    expect(r.rows.map((x) => x.category)).toEqual(['improved', 'unchanged', 'unchanged', 'improved', 'deteriorated', 'unchanged']);
    // 10 → 12 is +20% (< 30%): unchanged; 16 → 24 is +50%: deteriorated; 12 → 12: unchanged
    expect(r.rows.find((x) => x.pre === 16)!.category).toBe('deteriorated');
    expect(r.summary.improved.successes).toBe(2);
    expect(r.n).toBe(6);
    expect(r.nMissing).toBe(2);
    expect(r.notes.join(' ')).toMatch(/pre score is 0/);
    expect(r.groups.map((g) => [g.group, g.n, g.summary.improved.successes])).toEqual([['a', 3, 1], ['b', 3, 1]]);
    expect(r.apa()).toMatch(/^improved 33\.3%, 95% CI \[9\.7, 70\.0\], unchanged/);
  });
  it('anchor: s·(post − pre) against ±MID', () => {
    const r = clinicalSignificanceAnchor(pre, post, { direction: 'higher-worse', mid: 5, midDeterioration: 3 });
    expect(r.rows.map((x) => x.category)).toEqual(['improved', 'unchanged', 'unchanged', 'improved', 'deteriorated', 'deteriorated', 'unchanged']);
    expect(clinicalSignificanceAnchor([20, 30, 10, 25], [8, 27, 12, 10], { direction: 'higher-worse', mid: 5 }).summary.improved.successes).toBe(2);
    expect(clinicalSignificancePercentage([20, 30, 10, 25], [8, 27, 12, 10], { direction: 'higher-worse', improvement: 0.5 }).summary.improved.successes).toBe(2);
    expect(() => clinicalSignificanceAnchor(pre, post, { direction: 'higher-worse', mid: 0 })).toThrow(/positive/);
  });
});

describe('statistical approach summary (cs_statistical rules) from a combined result', () => {
  it('Jacobson & Truax DAS, cut-off c: improved = clinical pre & functional post; deteriorated = not clinical pre & not functional post', () => {
    const cs = clinicalSignificance(DAS.pre, DAS.post, {
      reliability: 0.96, sdPre: 17.8, criticalValue: 1.96, direction: 'higher-better', cutoff: 'c',
      clinical: { mean: 70.7, sd: 23.8 }, functional: { mean: 114.8, sd: 17.8 },
    });
    const st = clinicalSignificanceStatistical(cs);
    const imp = cs.rows.filter((r) => r.clinicalPre && r.functionalPost).length;
    const det = cs.rows.filter((r) => !r.clinicalPre && !r.functionalPost).length;
    expect(st.summary.improved.successes).toBe(imp);
    expect(st.summary.deteriorated.successes).toBe(det);
    expect(st.summary.unchanged.successes).toBe(cs.n - imp - det);
    expect(imp).toBeGreaterThanOrEqual(cs.summary.recovered.successes);
    expect(st.summary.improved.successes).toBe(16);
  });
});
