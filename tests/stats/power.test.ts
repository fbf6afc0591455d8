import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { powerAncova, powerTTest, type PowerTTestType } from '../../src/stats/power.js';
import { StatsError } from '../../src/stats/result.js';

// R 4.2 stats::power.t.test (solved with tol = 1e-12) and independent R code for ANCOVA power
// (pt/uniroot/integrate) with a 20,000-replicate simulation per scenario: tests/reference/power.R.
const ref = JSON.parse(readFileSync(new URL('../reference/power.json', import.meta.url), 'utf8'));
const TOL_CLOSED = 1e-8; // power at given n, d (observed ≈ 1e-12)
const TOL_ROOT = 1e-6; // solved n and d (observed ≈ 1e-11)

function rel(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}
const typeOf = (t: string): PowerTTestType => (t === 'two.sample' ? 'two-sample' : t === 'one.sample' ? 'one-sample' : 'paired');

describe('powerTTest against R power.t.test (96 cases: 3 types × 2 alternatives × strict × 2 α × 4 designs)', () => {
  for (const c of ref.ttest as any[]) {
    const label = `${c.type} ${c.alternative} strict=${c.strict} α=${c.alpha} n=${c.n} d=${c.d}`;
    const base = {
      type: typeOf(c.type),
      alternative: c.alternative === 'two.sided' ? 'two-sided' : 'one-sided',
      strict: c.strict,
      alpha: c.alpha,
    } as const;
    it(label, () => {
      const p = powerTTest({ ...base, n: c.n, d: c.d });
      expect(rel(p.power, c.power), `power ${p.power} vs ${c.power}`).toBeLessThan(TOL_CLOSED);
      expect(p.solvedFor).toBe('power');

      const n = powerTTest({ ...base, d: c.d, power: c.target_power });
      expect(rel(n.n, c.n_solved), `n ${n.n} vs ${c.n_solved}`).toBeLessThan(TOL_ROOT);
      expect(n.nCeiling).toBe(c.n_ceiling);
      expect(rel(n.achievedPower, c.achieved_power)).toBeLessThan(TOL_CLOSED);
      expect(n.achievedPower).toBeGreaterThanOrEqual(c.target_power);

      const d = powerTTest({ ...base, n: c.n, power: c.target_power });
      expect(rel(d.d, c.d_solved), `d ${d.d} vs ${c.d_solved}`).toBeLessThan(TOL_ROOT);
    });
  }

  it('the examples printed in ?power.t.test: power .8689528 (n = 20, δ = 1), n = 22.02110 (power .90)', () => {
    expect(powerTTest({ n: 20, d: 1 }).power).toBeCloseTo(0.8689528, 7);
    expect(rel(powerTTest({ n: 20, d: 1 }).power, ref.r_help.power_n20_delta1)).toBeLessThan(TOL_CLOSED);
    expect(powerTTest({ d: 1, power: 0.9 }).n).toBeCloseTo(22.0211, 4);
    expect(rel(powerTTest({ d: 1, power: 0.9 }).n, ref.r_help.n_power90_delta1)).toBeLessThan(TOL_ROOT);
  });

  it('TSDoc example: d = 0.5, power .80 → 64 per group, achieved .8014586', () => {
    const r = powerTTest({ d: 0.5, power: 0.8 });
    expect(r.nCeiling).toBe(64);
    expect(r.nTotal).toBe(128);
    expect(r.n).toBeCloseTo(63.76576, 5);
    expect(r.achievedPower).toBeCloseTo(0.8014586, 7);
    expect(r.apa()).toBe(
      'n = 64 per group (128 in total) gives power .80 (achieved .801) to detect d = 0.50 with a two-sided α = .05 ' +
        '(two-sample t-test, exact power from the noncentral t)',
    );
    expect(r.toJSON()).toMatchObject({ solvedFor: 'n', nCeiling: 64, df: expect.any(Number) });
  });

  it('d = 0 has power α (two-sided, strict) and cannot be solved for n', () => {
    expect(powerTTest({ n: 30, d: 0, strict: true }).power).toBeCloseTo(0.05, 12);
    expect(() => powerTTest({ d: 0, power: 0.8 })).toThrow(/d = 0/);
  });

  it('input errors are StatsErrors', () => {
    expect(() => powerTTest({ n: 20 })).toThrow(/exactly two of n, d and power/);
    expect(() => powerTTest({ n: 20, d: 0.5, power: 0.8 })).toThrow(/exactly two/);
    expect(() => powerTTest({ n: 20, d: -0.5 })).toThrow(/d must be a finite number ≥ 0/);
    expect(() => powerTTest({ n: 1, d: 0.5 })).toThrow(/n must be between 2/);
    expect(() => powerTTest({ d: 0.5, power: 1 })).toThrow(StatsError);
    expect(() => powerTTest({ d: 0.5, power: 0.8, alpha: 0 })).toThrow(/alpha/);
    // two-sided, not strict: the rejection rate at d → 0 is α/2 = .025
    expect(() => powerTTest({ n: 20, power: 0.02 })).toThrow(/not above the rejection rate without an effect \(0\.0250\)/);
    expect(powerTTest({ n: 20, power: 0.04 }).d).toBeGreaterThan(0);
  });

  it('an unreachable power is bounded: throws instead of hanging', () => {
    expect(() => powerTTest({ d: 1e-6, power: 0.99 })).toThrow(/not reached for any value up to 10000000/);
  });

  it('a tiny target power returns the smallest admissible n with a note', () => {
    const r = powerTTest({ d: 3, power: 0.06 });
    expect(r.n).toBe(2);
    expect(r.notes[0]).toMatch(/smallest admissible n/);
  });
});

describe('powerAncova (pre-test covariate) against independent R code and simulation', () => {
  for (const c of ref.ancova as any[]) {
    const b = { rho: c.rho, covariates: c.q, alpha: c.alpha };
    const fx = { ...b, method: 'exact-fixed' as const };
    const label = `n=${c.n} d=${c.d} ρ=${c.rho} q=${c.q}`;
    it(`${label}: exact-fixed power, n and d equal the R formula`, () => {
      expect(rel(powerAncova({ ...fx, n: c.n, d: c.d }).power, c.power_fixed)).toBeLessThan(TOL_CLOSED);
      const n = powerAncova({ ...fx, d: c.d, power: c.target_power });
      expect(rel(n.n, c.n_fixed)).toBeLessThan(TOL_ROOT);
      expect(n.nCeiling).toBe(Math.ceil(c.n_fixed));
      expect(rel(n.achievedPower, c.achieved_fixed)).toBeLessThan(TOL_CLOSED);
      expect(n.df).toBeCloseTo(2 * n.n - 2 - c.q, 10);
      expect(rel(powerAncova({ ...fx, n: c.n, power: c.target_power }).d, c.d_fixed)).toBeLessThan(TOL_ROOT);
    });
    it(`${label}: exact-random (Shieh 2020) power and n equal R integrate()/uniroot`, () => {
      expect(rel(powerAncova({ ...b, n: c.n, d: c.d, method: 'exact-random' }).power, c.power_random)).toBeLessThan(1e-7);
      expect(rel(powerAncova({ ...b, d: c.d, power: c.target_power, method: 'exact-random' }).n, c.n_random)).toBeLessThan(TOL_ROOT);
    });
    it(`${label}: Borm et al. n = (1 − ρ²)·n_t-test and its power`, () => {
      expect(rel(powerAncova({ ...b, d: c.d, power: c.target_power, method: 'borm' }).n, c.n_borm)).toBeLessThan(TOL_ROOT);
      expect(rel(powerAncova({ ...b, n: c.n, d: c.d, method: 'borm' }).power, c.power_borm)).toBeLessThan(TOL_CLOSED);
    });
    it(`${label}: simulated power (${c.nsim} ANCOVAs in R) lies within 4 Monte-Carlo SE of exact-random; exact-fixed is not below it`, () => {
      const se = Math.sqrt((c.sim_power * (1 - c.sim_power)) / c.nsim);
      const random = powerAncova({ ...b, n: c.n, d: c.d, method: 'exact-random' }).power;
      const fixed = powerAncova({ ...fx, n: c.n, d: c.d }).power;
      // the default is the random-covariate power
      expect(powerAncova({ ...b, n: c.n, d: c.d }).power).toBe(random);
      expect(Math.abs(random - c.sim_power)).toBeLessThan(4 * se);
      expect(fixed).toBeGreaterThan(random);
      expect(fixed - c.sim_power).toBeGreaterThan(-2 * se);
    });
  }

  it('TSDoc example: d = 0.5, ρ = .6 → 42 per group instead of 64', () => {
    const r = powerAncova({ d: 0.5, power: 0.8, rho: 0.6 });
    expect(r.nCeiling).toBe(42);
    expect(r.method).toMatch(/Shieh 2020/);
    // the fixed-covariate formula needs a little fewer (n = 41.18)
    const f = powerAncova({ d: 0.5, power: 0.8, rho: 0.6, method: 'exact-fixed' });
    expect(f.n).toBeCloseTo(41.18137, 4);
    expect(r.n).toBeGreaterThan(f.n);
  });

  it('ρ = 0 with q covariates only costs their df: power below the t-test, and equal when q = 0 would apply', () => {
    const t = powerTTest({ n: 30, d: 0.5 }).power;
    const a = powerAncova({ n: 30, d: 0.5, rho: 0, method: 'exact-fixed' }).power;
    expect(a).toBeLessThan(t);
    expect(t - a).toBeLessThan(0.005);
  });

  it('input errors', () => {
    expect(() => powerAncova({ n: 30, d: 0.5, rho: 1 })).toThrow(/rho must be in \[0, 1\)/);
    expect(() => powerAncova({ n: 30, d: 0.5, rho: 0.5, covariates: 0 })).toThrow(/covariates/);
    expect(() => powerAncova({ n: 1.5, d: 0.5, rho: 0.5, covariates: 1 })).toThrow(/n must be between 2/);
  });
});
