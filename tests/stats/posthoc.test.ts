import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { twoWayAnova } from '../../src/stats/anova.js';
import { cochranQ, friedmanTest, kruskalWallis } from '../../src/stats/k-sample-tests.js';
import { repeatedMeasuresAnova } from '../../src/stats/mixed-anova.js';
import { pAdjust } from '../../src/stats/multicomp.js';
import { gamesHowell, pairwiseTTests, pairwiseWilcoxon, tukeyHSD } from '../../src/stats/posthoc.js';
import { studentizedRange } from '../../src/stats/studentized-range.js';
import { studentT } from '../../src/stats/distributions.js';

// R 4.2 ptukey/qtukey, TukeyHSD, pairwise.t.test, pairwise.wilcox.test, kruskal.test, friedman.test, car 3.1 Anova,
// effectsize 0.8 (tests/reference/posthoc.R → posthoc.json; data simulated there).
const ref = JSON.parse(readFileSync(new URL('../reference/posthoc.json', import.meta.url), 'utf8'));

function expectAllRel(actual: ArrayLike<number>, expected: number[], tol: number, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const d = e === 0 ? Math.abs(actual[i]) : Math.abs(actual[i] - e) / Math.abs(e);
    expect(d, `${what}[${i}]: ${actual[i]} vs R ${e}`).toBeLessThan(tol);
  }
}

describe('studentized range distribution against R ptukey / qtukey', () => {
  it('cdf and upper tail over a grid of q, k, df (df = -1 means Inf)', () => {
    const c = ref.ptukey;
    c.q.forEach((q: number, i: number) => {
      const k = c.k[i];
      const df = c.df[i] < 0 ? Infinity : c.df[i];
      const v = studentizedRange.cdf(q, k, df);
      if (k === 2 && Number.isFinite(df)) {
        // k = 2: Q/√2 = |t_ν| exactly, so P(Q ≤ q) = 2·pt(q/√2, ν) − 1. R's ptukey is off by up to 1e-4 at ν = 2
        // (its Gauss–Legendre outer rule); we match the exact value.
        expect(Math.abs(v - (2 * studentT.cdf(q / Math.SQRT2, df) - 1)), `k = 2 exact [${i}]`).toBeLessThan(1e-12);
        if (df > 2) expect(Math.abs(v - c.p[i]) / c.p[i]).toBeLessThan(1e-8);
        return;
      }
      // R's ptukey itself is accurate to ~1e-7 at small df (see the integrate() check below)
      expect(Math.abs(v - c.p[i]) / c.p[i], `ptukey(${q}, ${k}, ${df}): ${v} vs R ${c.p[i]}`).toBeLessThan(1e-6);
      expect(Math.abs(studentizedRange.sf(q, k, df) - c.upper[i]), `upper (${q}, ${k}, ${df})`).toBeLessThan(1e-7);
    });
  });
  it('small df: the defining double integral evaluated by R integrate (QUADPACK, rel.tol 1e-12) to 1e-10', () => {
    for (const row of ref.ptukey_integrate) {
      const v = studentizedRange.cdf(row.q, row.k, row.df);
      expect(Math.abs(v - row.p) / row.p, `(${row.q}, ${row.k}, ${row.df})`).toBeLessThan(1e-10);
    }
  });
  it('quantiles', () => {
    for (const row of ref.qtukey) {
      const q = studentizedRange.quantile(row.p, row.k, row.df);
      // R documents qtukey as accurate to the 4th decimal (secant search to eps = 1e-4); observed ≤ 1.1e-5.
      // Ours inverts our cdf to 1e-11:
      // at df = 3 R's ptukey error adds to that (observed 1.8e-4 at p = .99); our cdf is checked against integrate() above
      expect(Math.abs(q - row.q) / row.q, `qtukey(${row.p}, ${row.k}, ${row.df})`).toBeLessThan(row.df < 5 ? 5e-4 : 2e-5);
      expect(Math.abs(studentizedRange.cdf(q, row.k, row.df) - row.p)).toBeLessThan(1e-10);
    }
  });
});

describe('post-hoc comparisons against R', () => {
  const c = ref.oneway;
  it("Tukey HSD = TukeyHSD(aov) (diff, simultaneous CI, p adj)", () => {
    const r = tukeyHSD(c.y, c.g);
    expect(r.comparisons.map((x) => `${x.level2}-${x.level1}`)).toEqual(['homestart-control', 'norm-control', 'norm-homestart']);
    expectAllRel(r.comparisons.map((x) => x.difference), c.tukey_diff, 1e-10, 'diff');
    expectAllRel(r.comparisons.map((x) => x.lower), c.tukey_lower, 1e-6, 'lower');
    expectAllRel(r.comparisons.map((x) => x.upper), c.tukey_upper, 1e-6, 'upper');
    expectAllRel(r.comparisons.map((x) => x.pAdjusted), c.tukey_p, 1e-5, 'p adj');
    expect(r.nMissing).toBe(1);
    expect(r.apa()).toMatch(/^homestart − control: diff = -?\d+\.\d\d, 95% CI \[/);
  });
  it('Games–Howell (formula with ptukey/qtukey in R)', () => {
    const r = gamesHowell(c.y, c.g);
    expectAllRel(r.comparisons.map((x) => x.difference), c.gh_diff, 1e-10, 'diff');
    expectAllRel(r.comparisons.map((x) => x.se), c.gh_se, 1e-10, 'se');
    expectAllRel(r.comparisons.map((x) => x.df), c.gh_df, 1e-10, 'df');
    expectAllRel(r.comparisons.map((x) => x.statistic), c.gh_q, 1e-10, 'q');
    expectAllRel(r.comparisons.map((x) => x.pAdjusted), c.gh_p, 1e-5, 'p');
    expectAllRel(r.comparisons.map((x) => x.lower), c.gh_lower, 1e-6, 'lower');
    expectAllRel(r.comparisons.map((x) => x.upper), c.gh_upper, 1e-6, 'upper');
  });
  it('pairwise.t.test (pooled SD, holm / none; Welch, BH)', () => {
    expectAllRel(pairwiseTTests(c.y, c.g).comparisons.map((x) => x.pAdjusted), c.pt_pool_holm, 1e-9, 'pooled holm');
    expectAllRel(pairwiseTTests(c.y, c.g, { adjust: 'none' }).comparisons.map((x) => x.p), c.pt_none, 1e-9, 'pooled none');
    expectAllRel(pairwiseTTests(c.y, c.g, { adjust: 'BH', pooledSD: false }).comparisons.map((x) => x.pAdjusted), c.pt_welch_bh, 1e-9, 'welch BH');
  });
  it('pairwise.wilcox.test (bonferroni, none)', () => {
    expectAllRel(pairwiseWilcoxon(c.y, c.g, { adjust: 'bonferroni' }).comparisons.map((x) => x.pAdjusted), c.pw_bonf, 1e-9, 'wilcox bonf');
    expectAllRel(pairwiseWilcoxon(c.y, c.g, { adjust: 'none' }).comparisons.map((x) => x.p), c.pw_none, 1e-9, 'wilcox none');
  });
  it('Šidák and Holm–Šidák adjustments', () => {
    expectAllRel(pAdjust(ref.sidak.p, 'sidak'), ref.sidak.sidak, 1e-12, 'sidak');
    expectAllRel(pAdjust(ref.sidak.p, 'holm-sidak'), ref.sidak.holm_sidak, 1e-12, 'holm-sidak');
  });
  it('TSDoc examples', () => {
    const y = [4, 5, 6, 6, 7, 8, 9, 9, 10];
    const g = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'];
    expectAllRel([tukeyHSD(y, g).comparison('a', 'c').pAdjusted], [ref.examples.tukey_ac], 1e-5);
    expectAllRel([pairwiseTTests(y, g).comparison('a', 'c').pAdjusted], [ref.examples.pt_ac], 1e-9);
    expect(gamesHowell(y, g).comparison('a', 'c').difference).toBeCloseTo(13 / 3, 12);
    expectAllRel([pairwiseWilcoxon([1, 2, 3, 4, 5, 6, 7, 8, 9], g).comparison('a', 'c').p], [ref.examples.pw_ac], 1e-12);
    expectAllRel([studentizedRange.cdf(3.5, 3, 20), studentizedRange.quantile(0.95, 3, 20)], [ref.examples.ptukey, ref.examples.qtukey], 1e-6);
  });
  it('errors', () => {
    expect(() => tukeyHSD([1, 2, 3], ['a', 'a', 'a'])).toThrow(/at least 2 groups/);
    expect(() => gamesHowell([1, 1, 2, 3], ['a', 'a', 'b', 'b'])).toThrow(/group "a" has zero variance/);
    expect(() => studentizedRange.cdf(1, 1, 10)).toThrow(/integer ≥ 2/);
  });
});

describe('k-sample rank tests against kruskal.test / friedman.test / effectsize', () => {
  it('Kruskal–Wallis H, df, p, rank ε²', () => {
    const c = ref.oneway;
    const r = kruskalWallis(c.y, c.g);
    expectAllRel([r.statistic, r.p, r.effectSize.value], [c.kw_H, c.kw_p, c.kw_eps2], 1e-10, 'KW');
    expect(r.df).toBe(c.kw_df);
    expect(kruskalWallis([1, 2, 3, 4, 5, 6, 7, 8, 9], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']).apa()).toBe('H(2) = 7.20, p = .027, ε²_R = .90');
  });
  it("Friedman χ², p, Kendall's W; Cochran's Q = friedman.test on the 0/1 table", () => {
    const c = ref.friedman;
    const f = friedmanTest([c.t1, c.t2, c.t3]);
    expectAllRel([f.statistic, f.p, f.effectSize.value], [c.chi, c.p, c.W], 1e-10, 'friedman');
    const q = cochranQ([c.a, c.b, c.c]);
    expectAllRel([q.statistic, q.p], [c.cochran_Q, c.cochran_p], 1e-10, 'cochran');
    expectAllRel([friedmanTest([[1, 2, 1, 2], [2, 3, 3, 3], [3, 1, 2, 4]]).p], [ref.examples.friedman_p], 1e-10);
    expectAllRel([cochranQ([[1, 1, 0, 1, 1], [0, 1, 0, 0, 1], [0, 0, 0, 0, 1]]).statistic], [ref.examples.cochran], 1e-12);
    expect(() => cochranQ([[1, 2], [0, 1]])).toThrow(/is not 0 or 1/);
    expect(() => friedmanTest([[1, 2, 3]])).toThrow(/at least 2 conditions/);
  });
});

describe('repeatedMeasuresAnova against car::Anova (idata/idesign) and effectsize', () => {
  it('SS, F, p, Mauchly, GG / HF, partial and generalized η²', () => {
    const c = ref.rm;
    const r = repeatedMeasuresAnova(c.waves);
    const t = r.time;
    expectAllRel([t.ss, r.table[2].ss, r.table[0].ss, t.F, t.p], [c.ss_time, c.ss_error, c.ss_subjects, c.F, c.p], 1e-8, 'table');
    expect([t.df, r.table[2].df]).toEqual([c.df1, c.df2]);
    expectAllRel([r.mauchly!.W, r.mauchly!.p], [c.mauchly_W, c.mauchly_p], 1e-8, 'mauchly');
    expectAllRel([t.ggEpsilon!, t.ggP!, t.hfEpsilon!, t.hfP!], [c.gg, c.gg_p, c.hf, c.hf_p], 1e-8, 'corrections');
    expectAllRel([t.partialEtaSquared, t.generalizedEtaSquared], [c.pes, c.ges], 1e-8, 'eta');
    expect(r.apa()).toMatch(/^F\(\d\.\d\d, \d+\.\d\d\) = \d+\.\d\d, p [<=] \.\d+, ε = \.\d\d, ηG² = \.\d\d$/);
    expectAllRel([repeatedMeasuresAnova([[5, 6, 7, 5, 6], [6, 8, 8, 7, 7], [8, 9, 9, 8, 10]]).time.F], [ref.rm_example_F], 1e-10);
    expect(() => repeatedMeasuresAnova([[1, 2, 3]])).toThrow(/at least 2 waves/);
  });
});

describe('twoWayAnova against car::Anova types 2 and 3 and effectsize', () => {
  const c = ref.twoway;
  it('type III (default): SS, F, p, df, partial η² and ω²', () => {
    const r = twoWayAnova({ outcome: c.y, a: c.A, b: c.B });
    const rows = r.table.slice(0, 3);
    expect(rows.map((x) => x.term)).toEqual(['A', 'B', 'A × B']);
    expectAllRel(rows.map((x) => x.ss), c.ss3, 1e-8, 'SS3');
    expectAllRel(rows.map((x) => x.F), c.F3, 1e-8, 'F3');
    expectAllRel(rows.map((x) => x.p), c.p3, 1e-7, 'p3');
    expect(rows.map((x) => x.df)).toEqual(c.df);
    expect(r.table[3].df).toBe(c.df_error);
    expectAllRel(rows.map((x) => x.partialEtaSquared), c.pes3, 1e-8, 'pes');
    expectAllRel(rows.map((x) => x.partialOmegaSquared), c.pos3_raw, 1e-8, 'pos');
    rows.forEach((x, i) => expect(Math.max(0, x.partialOmegaSquared)).toBeCloseTo(c.pos3[i], 10));
    expect(r.apa()).toMatch(/^A: F\(1, 62\) = /);
  });
  it('type II', () => {
    const r = twoWayAnova({ outcome: c.y, a: c.A, b: c.B }, { ssType: 2 });
    expectAllRel(r.table.slice(0, 3).map((x) => x.ss), c.ss2, 1e-8, 'SS2');
    expectAllRel(r.table.slice(0, 3).map((x) => x.p), c.p2, 1e-7, 'p2');
  });
  it('TSDoc example and errors', () => {
    const r = twoWayAnova({ outcome: [3, 4, 5, 6, 7, 8, 5, 6, 9, 10, 12, 11], a: ['x', 'x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y', 'y'], b: ['p', 'p', 'q', 'q', 'r', 'r', 'p', 'p', 'q', 'q', 'r', 'r'] });
    expectAllRel([r.row('A').F], [ref.twoway_example_F], 1e-10);
    expect(() => twoWayAnova({ outcome: [1, 2, 3, 4], a: ['x', 'x', 'y', 'y'], b: ['p', 'q', 'p', 'p'] })).toThrow(/cell A = "y", B = "q" has no complete cases/);
  });
});

describe('repeatedMeasuresAnova on a published worked example (pingouin rm_anova_wide dataset; values pingouin checks against jamovi)', () => {
  it('F = 5.20065, p = .00656, ηG² = .34639, ηp² = .39397, GG ε = .69433, Mauchly W = .30678, p(GG) = .01670', () => {
    // pingouin/datasets/rm_anova_wide.csv (12 rows, 3 with a missing value → 9 complete); columns Before, 1, 2, 3 weeks
    const n = null;
    const w = [
      [4.3, 3.9, 4.5, 5.1, 3.8, 3.8, 5.1, 4.5, 3.7, 4.4, n, 3.7],
      [5.3, 2.3, 2.6, 4.2, 3.6, 5.4, 3.7, 3.0, 7.1, 4.7, 5.1, 3.0],
      [4.8, 5.6, 4.1, 6.0, 4.8, 5.1, n, 7.7, 5.5, 4.2, 6.5, 4.0],
      [6.3, 4.3, n, 6.3, 6.8, 6.3, n, 5.8, 4.8, 5.5, 5.7, 7.1],
    ];
    const r = repeatedMeasuresAnova(w, { timeNames: ['Before', '1 week', '2 week', '3 week'] });
    expect(r.n).toBe(9);
    expect(r.nExcluded).toBe(3);
    const t = r.time;
    expect([t.df, r.table[2].df]).toEqual([3, 24]);
    expect(t.F.toFixed(5)).toBe('5.20065');
    expect(t.p.toFixed(5)).toBe('0.00656');
    expect(t.generalizedEtaSquared.toFixed(5)).toBe('0.34639');
    expect(t.partialEtaSquared.toFixed(5)).toBe('0.39397');
    expect(t.ggEpsilon!.toFixed(5)).toBe('0.69433');
    expect(r.mauchly!.W.toFixed(5)).toBe('0.30678');
    expect(t.ggP!.toFixed(5)).toBe('0.01670');
  });
});
