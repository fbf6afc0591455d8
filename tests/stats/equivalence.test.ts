import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  normativeComparison,
  tostOneSample,
  tostPaired,
  tostTwoSample,
  tostTwoSampleSummary,
  type TostResult,
} from '../../src/stats/equivalence.js';
import { StatsError } from '../../src/stats/result.js';

const here = dirname(fileURLToPath(import.meta.url));
interface RCase {
  design: string;
  low: number;
  high: number;
  alpha: number;
  tLower: number;
  pLower: number;
  tUpper: number;
  pUpper: number;
  df: number;
  ci: [number, number];
  tNhst: number;
  pNhst: number;
  estimate: number;
  mu?: number;
  givenLow?: number;
  givenHigh?: number;
  boundType?: 'raw' | 'smd';
}
const ref = JSON.parse(readFileSync(join(here, '../reference/equivalence.json'), 'utf8')) as {
  data: { x: (number | null)[]; y: (number | null)[]; g1: number[]; g2: (number | null)[] };
  cases: Record<string, RCase>;
  normcompExample: {
    ei1: Record<'welch' | 'pooled', { tUpper: number; tLower: number; df: number; pUpper: number; pLower: number }>;
    ei05: Record<'welch' | 'pooled', { tUpper: number; tLower: number; df: number; pUpper: number; pLower: number }>;
  };
};
const { x, y, g1, g2 } = ref.data;

function close(a: number, b: number, tol = 1e-9): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(b), 1e-300));
}

function matches(r: TostResult, c: RCase): void {
  expect(r.design).toBe(c.design);
  close(r.bounds.low, c.low, 1e-12);
  close(r.bounds.high, c.high, 1e-12);
  close(r.estimate, c.estimate, 1e-12);
  close(r.df, c.df, 1e-10);
  close(r.lower.t, c.tLower, 1e-9);
  close(r.upper.t, c.tUpper, 1e-9);
  close(r.lower.p, c.pLower, 1e-8);
  close(r.upper.p, c.pUpper, 1e-8);
  close(r.ci.lower, c.ci[0], 1e-9);
  close(r.ci.upper, c.ci[1], 1e-9);
  close(r.ci.level, 1 - 2 * c.alpha, 1e-15);
  close(r.nhst.t, c.tNhst, 1e-9);
  close(r.nhst.p, c.pNhst, 1e-8);
  close(r.p, Math.max(c.pLower, c.pUpper), 1e-8);
  expect(r.equivalent).toBe(c.pLower < c.alpha && c.pUpper < c.alpha);
}

describe('TOST pieces against R t.test()', () => {
  const c = ref.cases;
  it('one-sample, raw bounds', () => matches(tostOneSample(x, { mu: 50, low: -4, high: 4 }), c.oneRaw));
  it('one-sample, wide raw bounds: equivalent', () => {
    const r = tostOneSample(x, { mu: 50, low: -6, high: 6 });
    matches(r, c.oneWide);
    expect(r.equivalent).toBe(true);
    expect(r.nMissing).toBe(1);
  });
  it('one-sample, SMD bounds (× sample SD)', () => matches(tostOneSample(x, { mu: 50, low: -0.5, high: 0.5, boundType: 'smd' }), c.oneSmd));
  it('paired, raw bounds', () => {
    const r = tostPaired(x, y, { low: -3, high: 3 });
    matches(r, c.pairedRaw);
    expect(r.n).toEqual([22]);
    expect(r.nMissing).toBe(2);
  });
  it('paired, SMD bounds (× SD of differences), α = .025 → 95% CI', () =>
    matches(tostPaired(x, y, { low: -0.3, high: 0.3, boundType: 'smd', alpha: 0.025 }), c.pairedSmd));
  it('two-sample Welch', () => matches(tostTwoSample(g1, g2, { low: -5, high: 5 }), c.welchRaw));
  it('two-sample Student', () => matches(tostTwoSample(g1, g2, { low: -5, high: 5, varEqual: true }), c.studentRaw));
  it('two-sample Welch, asymmetric SMD bounds (× √((s₁² + s₂²)/2))', () =>
    matches(tostTwoSample(g1, g2, { low: -0.4, high: 0.6, boundType: 'smd' }), c.welchSmd));
});

describe('normative comparison (Kendall et al., 1999)', () => {
  const c = ref.cases;
  it('Welch TOST against the norm sample, δ = 1 norm SD (default)', () => {
    const r = normativeComparison(g1, g2);
    matches(r, c.normWelch);
    expect(r.method).toMatch(/Kendall et al., 1999/);
    expect(r.method).toMatch(/δ = 1 × norm SD/);
  });
  it('pooled-variance TOST = Kendall et al.’s original procedure', () =>
    matches(normativeComparison(g1, g2, { variance: 'pooled' }), c.normPooled));
  it('δ = 0.5 norm SD', () => matches(normativeComparison(g1, g2, { deltaSD: 0.5 }), c.normWelchHalf));
  it('norm given as summary statistics with n equals the raw-data version', () => {
    const v = g2.filter((z): z is number => z !== null);
    const m = v.reduce((s, z) => s + z, 0) / v.length;
    const s = Math.sqrt(v.reduce((acc, z) => acc + (z - m) ** 2, 0) / (v.length - 1));
    matches(normativeComparison(g1, { mean: m, sd: s, n: v.length }), { ...c.normWelch });
  });
  it('norm mean and SD as population values (no n): one-sample TOST against M_norm ± δ', () =>
    matches(normativeComparison(g1, { mean: 50, sd: 7 }), c.normKnown));
  it('reproduces normcomp() for its documented example (post 8/5/95, norm 7/3/500)', () => {
    const post = { mean: 8, sd: 5, n: 95 };
    const norm = { mean: 7, sd: 3, n: 500 };
    for (const [key, k] of [
      ['ei1', 1],
      ['ei05', 0.5],
    ] as const) {
      for (const v of ['welch', 'pooled'] as const) {
        const e = ref.normcompExample[key][v];
        const r = tostTwoSampleSummary(post, norm, { low: -3 * k, high: 3 * k, varEqual: v === 'pooled' });
        close(r.lower.t, e.tLower, 1e-10);
        close(r.upper.t, e.tUpper, 1e-10);
        close(r.df, e.df, 1e-10);
        close(r.lower.p, e.pLower, 1e-7);
        close(r.upper.p, e.pUpper, 1e-8);
      }
    }
    // through normativeComparison with summary-only data for the post group: same numbers
    expect(normativeComparison([1, 2], norm, { delta: 3 }).bounds.high).toBe(3);
  });
  it('norm SD 0, non-positive δ and tiny groups are errors', () => {
    expect(() => normativeComparison(g1, { mean: 50, sd: 0, n: 40 })).toThrow(/SD must be positive/);
    expect(() => normativeComparison(g1, [5, 5, 5, 5])).toThrow(StatsError);
    expect(() => normativeComparison(g1, { mean: 50, sd: 7 }, { deltaSD: 0 })).toThrow(StatsError);
    expect(() => normativeComparison(g1, { mean: 50, sd: 7 }, { delta: -1 })).toThrow(StatsError);
    expect(() => normativeComparison([3], { mean: 50, sd: 7 })).toThrow(/at least 2/);
  });
});

describe('edge cases and formatting', () => {
  it('no variation → StatsError instead of an infinite t', () => {
    expect(() => tostOneSample([3, 3, 3], { low: -1, high: 1, mu: 3 })).toThrow(/standard error is 0/);
    expect(() => tostPaired([1, 2, 3], [2, 3, 4], { low: -1, high: 1 })).toThrow(StatsError);
  });
  it('bounds must satisfy low < high; alpha in (0, .5)', () => {
    expect(() => tostOneSample(g1, { low: 1, high: -1 })).toThrow(/low < high/);
    expect(() => tostOneSample(g1, { low: -1, high: 1, alpha: 0.5 })).toThrow(/alpha/);
    expect(() => tostTwoSample([1], [1, 2, 3], { low: -1, high: 1 })).toThrow(/at least 2/);
  });
  it('apa() reports both one-sided tests, the 90% CI and the decision', () => {
    const r = tostTwoSampleSummary({ mean: 10, sd: 2, n: 30 }, { mean: 10.5, sd: 2.5, n: 40 }, { low: -1.5, high: 1.5, varEqual: true });
    expect(r.apa()).toBe(
      'TOST: t(68) = 1.80, p = .038 (lower bound -1.50); t(68) = -3.60, p < .001 (upper bound 1.50); difference = -0.50, 90% CI [-1.43, 0.43]; equivalent at α = .05',
    );
    const j = r.toJSON();
    expect(j.design).toBe('two-sample-student');
    expect((j.ci as { level: number }).level).toBeCloseTo(0.9, 15);
  });
});

describe('TSDoc examples', () => {
  it('tostOneSample', () => {
    const r = tostOneSample([4.1, 5.2, 4.8, 5.5, 4.9, 5.1], { mu: 5, low: -1, high: 1 });
    expect(r.equivalent).toBe(true);
    expect(r.apa()).toBe(
      'TOST: t(5) = 4.80, p = .002 (lower bound 4.00); t(5) = -5.49, p = .001 (upper bound 6.00); M = 4.93, 90% CI [4.54, 5.32]; equivalent at α = .05',
    );
  });
  it('tostPaired', () => {
    const r = tostPaired([12, 15, 11, 14, 13, 16, 12, 15], [12.5, 14, 11.5, 15, 13, 15.5, 12, 14], { low: -0.5, high: 0.5, boundType: 'smd' });
    expect(r.bounds.high.toFixed(4)).toBe('0.3644');
    expect(r.bounds.sdUsed.toFixed(4)).toBe('0.7289');
    expect(r.p.toFixed(4)).toBe('0.1398');
    expect(r.equivalent).toBe(false);
  });
  it('tostTwoSample', () => {
    const r = tostTwoSample([48, 52, 50, 47, 53, 51, 49, 50], [50, 49, 51, 52, 48, 50, 51, 53], { low: -3, high: 3 });
    expect(r.apa()).toBe(
      'TOST: t(13.37) = 2.76, p = .008 (lower bound -3.00); t(13.37) = -3.86, p < .001 (upper bound 3.00); difference = -0.50, 90% CI [-2.10, 1.10]; equivalent at α = .05',
    );
  });
  it('tostTwoSampleSummary', () => {
    const r = tostTwoSampleSummary({ mean: 10, sd: 2, n: 30 }, { mean: 10.5, sd: 2.5, n: 40 }, { low: -1, high: 1 });
    expect(r.equivalent).toBe(false);
    expect(r.lower.p.toFixed(3)).toBe('0.178');
  });
  it('normativeComparison', () => {
    const r = normativeComparison([52, 47, 55, 49, 51, 58, 46, 50, 53, 48], { mean: 50, sd: 10, n: 200 });
    expect(r.bounds.low).toBe(-10);
    expect(r.bounds.high).toBe(10);
    expect(r.apa()).toBe(
      'TOST: t(16.56) = 7.93, p < .001 (lower bound -10.00); t(16.56) = -6.62, p < .001 (upper bound 10.00); difference = 0.90, 90% CI [-1.49, 3.29]; equivalent at α = .05',
    );
  });
});

describe('properties (fast-check)', () => {
  it('equivalent ⇔ the 1 − 2α CI lies strictly inside the bounds; p = max of the one-sided p', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 20 }),
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 3, maxLength: 20 }),
        fc.double({ min: 0.1, max: 30, noNaN: true }),
        fc.boolean(),
        (a, b, d, eq) => {
          let r: TostResult;
          try {
            r = tostTwoSample(a, b, { low: -d, high: d, varEqual: eq });
          } catch (e) {
            return e instanceof StatsError; // zero variance in both groups
          }
          const inside = r.ci.lower > r.bounds.low && r.ci.upper < r.bounds.high;
          return r.equivalent === inside && r.p === Math.max(r.lower.p, r.upper.p);
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });
});
