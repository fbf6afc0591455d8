import { readFileSync } from 'node:fs';
import signrankCdf from '@stdlib/stats-base-dists-signrank-cdf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binomialTest,
  binomialTestP,
  rankSumCounts,
  signRankCounts,
  mannWhitneyU,
  rankSumCdf,
  signRankCdf,
  signTest,
  signTestPaired,
  wilcoxonRankSum,
  wilcoxonSignedRank,
  wilcoxonSignedRankPaired,
} from '../../src/stats/nonparametric.js';
import { brentRoot } from '../../src/stats/roots.js';
import { StatsError } from '../../src/stats/result.js';
import type { TestAlternative } from '../../src/stats/ttest.js';

type Num = number | string;
interface HTest {
  statistic: Num[];
  parameter: Num[];
  p_value: Num[];
  conf_int: Num[];
  conf_level: Num[];
  estimate: Num[];
  method: string;
}
interface SignRankCase {
  kind: string;
  paired: boolean;
  alternative: string;
  conf_level: number;
  mu: number;
  x: Num[];
  y: Num[];
  r: HTest;
  r_nocorrect: HTest;
}
interface RankSumCase {
  kind: string;
  alternative: string;
  conf_level: number;
  mu: number;
  x: Num[];
  y: Num[];
  r: HTest;
  r_nocorrect: HTest;
}
interface Ref {
  signrank: SignRankCase[];
  ranksum: RankSumCase[];
  sweep_signrank: Omit<SignRankCase, 'r_nocorrect'>[];
  sweep_ranksum: Omit<RankSumCase, 'r_nocorrect'>[];
  dists: {
    psignrank: { n: number; q: number[]; p: Num[] }[];
    pwilcox: { m: number; n: number; q: number[]; p: Num[] }[];
  };
  signtest: { alternative: string; conf_level: number; d: Num[]; r: HTest | null }[];
  binom: { x: number; n: number; p: number; alternative: string; r: HTest }[];
}

const ref = JSON.parse(readFileSync(new URL('../reference/tests.json', import.meta.url), 'utf8')) as Ref;

function num(v: Num): number {
  if (typeof v === 'number') return v;
  if (v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return NaN;
}
const data = (v: Num[]): (number | null)[] => v.map((z) => (z === 'NA' ? null : num(z)));
const alt = (a: string): TestAlternative => (a === 'two.sided' ? 'two-sided' : (a as TestAlternative));

function close(actual: number, expected: number, rel = 1e-6, abs = 0): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const tol = Math.max(rel * Math.abs(expected), abs);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

describe('exact null distributions against R psignrank / pwilcox', () => {
  for (const c of ref.dists.psignrank) {
    it(`psignrank, n = ${c.n}`, () => {
      c.q.forEach((q, k) => {
        close(signRankCdf(q, c.n), num(c.p[k]), 1e-10);
        // and the @stdlib implementation agrees
        close(signRankCdf(q, c.n), signrankCdf(q, c.n), 1e-9);
      });
    });
  }
  for (const c of ref.dists.pwilcox) {
    it(`pwilcox, m = ${c.m}, n = ${c.n}`, () => {
      c.q.forEach((q, k) => close(rankSumCdf(q, c.m, c.n), num(c.p[k]), 1e-10));
    });
  }
  it('pwilcox is symmetric in (m, n)', () => {
    for (const q of [0, 7, 30, 55]) close(rankSumCdf(q, 6, 11), rankSumCdf(q, 11, 6), 1e-14);
  });
});

describe('Wilcoxon signed-rank against R wilcox.test (tests/reference/tests.R)', () => {
  it('covers exact, ties, zeros and large-n cases, paired and one-sample', () => {
    expect(new Set(ref.signrank.map((c) => c.kind))).toEqual(new Set(['exact', 'ties', 'zeros', 'large']));
    expect(ref.signrank.some((c) => c.paired)).toBe(true);
    expect(new Set(ref.signrank.map((c) => c.r.method)).size).toBe(2);
  });
  ref.signrank.forEach((c, i) => {
    it(`case ${i + 1}: ${c.kind}, ${c.paired ? 'paired' : 'one-sample'}, ${c.alternative}, n = ${c.x.length}`, () => {
      const opts = { alternative: alt(c.alternative), mu: c.mu, confLevel: c.conf_level };
      const run = (o: object) =>
        c.paired ? wilcoxonSignedRankPaired(data(c.x), data(c.y), o) : wilcoxonSignedRank(data(c.x), o);
      const res = run(opts);
      expect(res.exact).toBe(c.r.method.includes('exact'));
      close(res.statistic, num(c.r.statistic[0]), 1e-12);
      close(res.p, num(c.r.p_value[0]), 1e-6);
      // Hodges–Lehmann estimate and CI: exact branch = order statistics (no tolerance needed);
      // normal branch = R's uniroot (tol.root = 1e-4) reproduced step by step.
      close(res.estimate!.value, num(c.r.estimate[0]), 1e-6, 1e-9);
      close(res.ci!.lower, num(c.r.conf_int[0]), 1e-6, 1e-9);
      close(res.ci!.upper, num(c.r.conf_int[1]), 1e-6, 1e-9);
      close(res.ci!.level, num(c.r.conf_level[0]), 1e-12);
      // normal approximation without continuity correction
      const nc = run({ ...opts, exact: false, correct: false, confInt: false });
      expect(nc.exact).toBe(false);
      expect(nc.correct).toBe(false);
      close(nc.p, num(c.r_nocorrect.p_value[0]), 1e-6);
    });
  });
});

describe('Wilcoxon rank-sum / Mann–Whitney against R wilcox.test', () => {
  it('covers exact, ties and large-n cases', () => {
    expect(new Set(ref.ranksum.map((c) => c.kind))).toEqual(new Set(['exact', 'ties', 'large']));
  });
  ref.ranksum.forEach((c, i) => {
    it(`case ${i + 1}: ${c.kind}, ${c.alternative}, n = (${c.x.length}, ${c.y.length})`, () => {
      const opts = { alternative: alt(c.alternative), mu: c.mu, confLevel: c.conf_level };
      const res = mannWhitneyU(data(c.x), data(c.y), opts);
      expect(res.exact).toBe(c.r.method.includes('exact'));
      close(res.statistic, num(c.r.statistic[0]), 1e-12);
      expect(res.uX + res.uY).toBe(c.x.length * c.y.length);
      close(res.p, num(c.r.p_value[0]), 1e-6);
      close(res.estimate!.value, num(c.r.estimate[0]), 1e-6, 1e-9);
      close(res.ci!.lower, num(c.r.conf_int[0]), 1e-6, 1e-9);
      close(res.ci!.upper, num(c.r.conf_int[1]), 1e-6, 1e-9);
      close(res.ci!.level, num(c.r.conf_level[0]), 1e-12);
      const nc = wilcoxonRankSum(data(c.x), data(c.y), { ...opts, exact: false, correct: false, confInt: false });
      close(nc.p, num(c.r_nocorrect.p_value[0]), 1e-6);
    });
  });
});

describe('sweep of random rank-test cases against R wilcox.test (p, estimate, CI, achieved level)', () => {
  it('has > 100 cases of each kind', () => {
    expect(ref.sweep_signrank.length).toBeGreaterThan(100);
    expect(ref.sweep_ranksum.length).toBeGreaterThan(100);
  });
  it('signed-rank sweep', () => {
    for (const c of ref.sweep_signrank) {
      const res = wilcoxonSignedRank(data(c.x), { alternative: alt(c.alternative), mu: c.mu, confLevel: c.conf_level });
      expect(res.exact).toBe(c.r.method.includes('exact'));
      close(res.statistic, num(c.r.statistic[0]), 1e-12);
      close(res.p, num(c.r.p_value[0]), 1e-6);
      close(res.estimate!.value, num(c.r.estimate[0]), 1e-6, 1e-9);
      close(res.ci!.lower, num(c.r.conf_int[0]), 1e-6, 1e-9);
      close(res.ci!.upper, num(c.r.conf_int[1]), 1e-6, 1e-9);
      close(res.ci!.level, num(c.r.conf_level[0]), 1e-12);
    }
  });
  it('rank-sum sweep', () => {
    for (const c of ref.sweep_ranksum) {
      const res = mannWhitneyU(data(c.x), data(c.y), { alternative: alt(c.alternative), mu: c.mu, confLevel: c.conf_level });
      expect(res.exact).toBe(c.r.method.includes('exact'));
      close(res.statistic, num(c.r.statistic[0]), 1e-12);
      close(res.p, num(c.r.p_value[0]), 1e-6);
      close(res.estimate!.value, num(c.r.estimate[0]), 1e-6, 1e-9);
      close(res.ci!.lower, num(c.r.conf_int[0]), 1e-6, 1e-9);
      close(res.ci!.upper, num(c.r.conf_int[1]), 1e-6, 1e-9);
      close(res.ci!.level, num(c.r.conf_level[0]), 1e-12);
    }
  });
  it("achieved level reproduces R's floating point: n = 3, 'greater', 0.99 → 0.87 (psignrank(0, 3) = 0.125 + 3e-17)", () => {
    const r = wilcoxonSignedRank([-2.285994, -0.916085, -0.018561], { alternative: 'greater', confLevel: 0.99 });
    expect(r.ci!.level).toBe(0.87);
    expect(r.ci!.lower).toBe(-2.285994);
    expect(r.ci!.upper).toBe(Infinity);
  });
});

describe('sign test and binomial test against R binom.test', () => {
  ref.signtest.forEach((c, i) => {
    it(`sign test case ${i + 1}: ${c.alternative}, n = ${c.d.length}`, () => {
      const d = data(c.d);
      const opts = { alternative: alt(c.alternative), confLevel: c.conf_level };
      if (c.r === null) {
        expect(() => signTest(d, opts)).toThrow(StatsError);
        return;
      }
      const res = signTest(d, opts);
      expect(res.positives).toBe(num(c.r.statistic[0]));
      expect(res.trials).toBe(num(c.r.parameter[0]));
      expect(res.tiesDropped).toBe(d.filter((v) => v === 0).length);
      close(res.p, num(c.r.p_value[0]), 1e-6);
      close(res.ci!.lower, num(c.r.conf_int[0]), 1e-6, 1e-12);
      close(res.ci!.upper, num(c.r.conf_int[1]), 1e-6, 1e-12);
      close(res.estimate!.value, num(c.r.estimate[0]), 1e-12);
    });
  });
  ref.binom.forEach((c, i) => {
    it(`binom.test(${c.x}, ${c.n}, ${c.p}, '${c.alternative}') [${i + 1}]`, () => {
      const res = binomialTest(c.x, c.n, { p: c.p, alternative: alt(c.alternative) });
      close(res.p, num(c.r.p_value[0]), 1e-6);
      close(res.ci!.lower, num(c.r.conf_int[0]), 1e-6, 1e-12);
      close(res.ci!.upper, num(c.r.conf_int[1]), 1e-6, 1e-12);
    });
  });
});

describe('TSDoc examples and hand-checked values', () => {
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
  it('Hollander & Wolfe (1973, p. 29) depression data: paired, greater, p = 0.01953 (R example(wilcox.test))', () => {
    const r = wilcoxonSignedRankPaired(x, y, { alternative: 'greater' });
    expect(r.statistic).toBe(40);
    expect(r.p).toBe(0.01953125); // = 10/512, exact
  });
  it('one-sample example', () => {
    // R: wilcox.test(x, mu = 1, conf.int = TRUE): V = 43, p = 0.01172, CI [1.165, 2.365], (pseudo)median 1.7275
    const r = wilcoxonSignedRank(x, { mu: 1 });
    expect(r.apa()).toBe('V = 43, p = .012, Mdn_pseudo = 1.73, 95% CI [1.17, 2.37]');
    close(r.p, 0.01171875, 1e-12);
  });
  it('Mann–Whitney example (R: W = 35, p-value = 0.2544)', () => {
    const r = mannWhitneyU([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21]);
    expect(r.p).toBeCloseTo(0.2544122544122544, 14);
    expect(r.uX).toBe(35);
    expect(r.uY).toBe(15);
    expect(r.apa()).toBe('W = 35, p = .254, Δ_HL = 0.31, 95% CI [-0.15, 0.76]');
  });
  it('binomial example', () => {
    close(binomialTest(7, 20, { p: 0.3 }).p, 0.6294979666766771, 1e-9);
  });
  it('sign test example: GAS changes with ties', () => {
    const r = signTest([2, 1, 0, 3, -1, 1, 2, 0, 1, 4, -2, 1]);
    expect(r.apa()).toBe('8 of 10 positive (2 ties dropped), p = .109, proportion = .80, 95% CI [.44, .97]');
    close(r.p, 0.109375, 1e-12); // 2·P(X ≤ 2 | 10, ½) = 2·56/1024
  });
  it('paired sign test drops incomplete pairs listwise', () => {
    const r = signTestPaired([3, 4, 5, null, 7], [1, 4, 2, 2, 9]);
    expect(r.n).toBe(4);
    expect(r.missing).toBe(1);
    expect(r.tiesDropped).toBe(1);
    expect(r.positives).toBe(2);
    expect(r.negatives).toBe(1);
  });
  it('distribution and binomial examples', () => {
    expect(Array.from(signRankCounts(3))).toEqual([1, 1, 1, 2, 1, 1, 1]);
    expect(Array.from(rankSumCounts(2, 2))).toEqual([1, 1, 2, 1, 1]);
    close(signRankCdf(3, 5), 0.15625, 1e-14);
    close(rankSumCdf(2, 3, 4), 4 / 35, 1e-14);
    close(binomialTestP(2, 10, 0.5, 'two-sided'), 0.109375, 1e-12);
    const s = signTestPaired([3, 4, 5, 7, 8], [1, 4, 2, 9, 6]);
    close(s.p, 0.625, 1e-12);
    expect([s.positives, s.trials, s.tiesDropped]).toEqual([3, 4, 1]);
  });
  it('brentRoot example', () => {
    close(brentRoot((v) => v * v - 2, 0, 2, { tol: 1e-12 }), Math.SQRT2, 1e-12);
  });
});

describe('edge cases', () => {
  it('all differences zero: StatsError (R gives p = NaN with warnings)', () => {
    expect(() => wilcoxonSignedRank([0, 0, 0])).toThrow(/nothing is left to rank/);
    expect(() => wilcoxonSignedRankPaired([1, 2, 3], [1, 2, 3])).toThrow(StatsError);
    expect(() => signTest([0, 0])).toThrow(/nothing to test/);
  });
  it('all missing: StatsError', () => {
    expect(() => wilcoxonSignedRank([null, NaN])).toThrow(/no non-missing/);
    expect(() => mannWhitneyU([null], [1, 2])).toThrow(/x has no non-missing/);
    expect(() => mannWhitneyU([1, 2], [NaN])).toThrow(/y has no non-missing/);
  });
  it('rank-sum with every value tied: StatsError (R gives p = NaN)', () => {
    expect(() => mannWhitneyU([3, 3, 3], [3, 3])).toThrow(/all 5 values .* are equal/);
  });
  it('zeros force the normal approximation and are reported', () => {
    const r = wilcoxonSignedRank([0, 1.5, 2.1, -0.4, 3.3, 0.9]);
    expect(r.exact).toBe(false);
    expect(r.zerosDropped).toBe(1);
    expect(r.n).toBe(6);
    expect(r.nRanked).toBe(5);
    expect(r.toJSON()).toMatchObject({ zerosDropped: 1, nRanked: 5, exact: false, correct: true, missingHandling: 'listwise' });
    expect(r.notes.join(' ')).toMatch(/dropped before ranking/);
    expect(r.notes.join(' ')).toMatch(/Exact p-value not available with zeros/);
    expect(r.apa()).toMatch(/^V = \d+, z = /);
  });
  it('all non-zero values tied: CI not computable, estimate is the midrange (as R)', () => {
    const r = wilcoxonSignedRank([2, 2, 2, 2]);
    expect(r.exact).toBe(false);
    expect(r.ci!.lower).toBeNaN();
    expect(r.estimate!.value).toBe(2);
  });
  it('n = 1: exact p = 1 as R', () => {
    expect(wilcoxonSignedRank([0.7]).p).toBe(1);
    expect(mannWhitneyU([1], [2]).p).toBe(1);
  });
  it("achieved level uses R's signif(·, 2) with half-to-even rounding (R: 0.938 and 0.88)", () => {
    expect(wilcoxonSignedRank([0.3, 1.2, 2.5, -0.4, 1.7], { confLevel: 0.99 }).ci!.level).toBe(0.938);
    const r = wilcoxonSignedRank([0.3, 1.2, 2.5, 1.7]);
    expect(r.ci!.level).toBe(0.88);
    expect([r.ci!.lower, r.ci!.upper]).toEqual([0.3, 2.5]);
  });
  it('tiny n: requested level not achievable is reported in the CI level', () => {
    const r = wilcoxonSignedRank([0.3, 1.2, 2.5]);
    expect(r.ci!.level).toBeLessThan(0.95);
    expect(r.notes.join(' ')).toMatch(/not achievable/);
  });
  it('exact rank-sum at n = 49 + 49 runs quickly', () => {
    const a = Array.from({ length: 49 }, (_, i) => i * 1.01 + 0.5);
    const b = Array.from({ length: 49 }, (_, i) => i * 0.99 + 3.25);
    const t0 = Date.now();
    const r = mannWhitneyU(a, b, { confInt: false });
    expect(r.exact).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.p).toBeGreaterThan(0);
    expect(r.p).toBeLessThanOrEqual(1);
  });
  it('an explicitly requested exact test that would be too slow is refused, not hung', () => {
    const a = Array.from({ length: 300 }, (_, i) => i + 0.5);
    const b = Array.from({ length: 300 }, (_, i) => i * 1.001);
    expect(() => mannWhitneyU(a, b, { exact: true })).toThrow(/too long/);
    const big = Array.from({ length: 1001 }, (_, i) => i + 1);
    expect(() => wilcoxonSignedRank(big, { exact: true, confInt: false })).toThrow(/too long/);
    // default (n ≥ 50) uses the normal approximation
    expect(mannWhitneyU(a, b, { confInt: false }).exact).toBe(false);
  });
  it('forcing exact above the default limit works (n = 60, R: wilcox.test((1:60) - 20.25, exact = TRUE))', () => {
    const x = Array.from({ length: 60 }, (_, i) => i + 1 - 20.25);
    const r = wilcoxonSignedRank(x, { exact: true, confInt: false });
    expect(r.exact).toBe(true);
    close(r.p, 9.1720430918823244e-05, 1e-9);
  });
  it('binomial test input validation', () => {
    expect(() => binomialTest(3, 2)).toThrow(StatsError);
    expect(() => binomialTest(1, 0)).toThrow(StatsError);
    expect(() => binomialTest(1, 3, { p: 1.5 })).toThrow(StatsError);
  });
});

describe('rank-test properties (fast-check)', () => {
  const sample = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 15 });
  it('swapping x and y: W(x, y) + W(y, x) = n₁n₂, same two-sided p, opposite one-sided p', () => {
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const all = [...x, ...y];
        if (all.every((v) => v === all[0])) return; // all tied: StatsError by design
        const a = mannWhitneyU(x, y, { confInt: false });
        const b = mannWhitneyU(y, x, { confInt: false });
        expect(a.statistic + b.statistic).toBe(x.length * y.length);
        expect(Math.abs(a.p - b.p)).toBeLessThan(1e-12);
        const g = mannWhitneyU(x, y, { confInt: false, alternative: 'greater' });
        const l = mannWhitneyU(y, x, { confInt: false, alternative: 'less' });
        expect(Math.abs(g.p - l.p)).toBeLessThan(1e-12);
      }),
      { numRuns: 60 },
    );
  });
  it('signed-rank: negating the data gives V′ = n(n+1)/2 − V and the same two-sided p', () => {
    fc.assert(
      fc.property(sample, (x) => {
        if (x.every((v) => v === 0)) return;
        const a = wilcoxonSignedRank(x, { confInt: false });
        const b = wilcoxonSignedRank(x.map((v) => -v), { confInt: false });
        const n = x.filter((v) => v !== 0).length;
        expect(a.statistic + b.statistic).toBe((n * (n + 1)) / 2);
        expect(Math.abs(a.p - b.p)).toBeLessThan(1e-12);
        expect(a.p).toBeGreaterThan(0);
        expect(a.p).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });
});
