import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { brentRoot, brentRootResult, rootBracketIncreasing } from '../../src/stats/roots.js';
import { StatsError } from '../../src/stats/result.js';

interface Case { id: string; lower: number; upper: number; tol: number; root: number; f_root: number; iter: number; estim_prec: number }
const ref = JSON.parse(readFileSync(new URL('../reference/roots.json', import.meta.url), 'utf8')) as {
  uniroot: Case[];
  maxiter_warning: string;
};

// The same functions as tests/reference/roots.R, by id.
const fns: Record<string, (x: number) => number> = {
  sqrt2: (x) => x * x - 2,
  cosx: (x) => Math.cos(x) - x,
  wallis: (x) => x ** 3 - 2 * x - 5,
  expm10: (x) => Math.exp(x) - 10,
  triple: (x) => (x - 1 / 3) ** 3,
  step: (x) => (x < 0.7 ? -1 : 1),
  flat: (x) => Math.atan(50 * (x - 0.2)),
  pnorm_inv: (x) => normalCdf(x, 0, 1) - 0.975,
};

describe('brentRoot against R uniroot (tests/reference/roots.R)', () => {
  it(`has all ${Object.keys(fns).length} functions at 2 tolerances`, () => {
    expect(ref.uniroot.length).toBe(2 * Object.keys(fns).length);
    expect(new Set(ref.uniroot.map((c) => c.id))).toEqual(new Set(Object.keys(fns)));
  });
  for (const c of ref.uniroot) {
    it(`${c.id} on [${c.lower}, ${c.upper}], tol ${c.tol.toExponential(2)}: same root, iterations and estim.prec as R`, () => {
      const r = brentRootResult(fns[c.id], c.lower, c.upper, { tol: c.tol });
      // Same step rules ⇒ the same iterates; only last-ulp differences of libm (cos, exp, pnorm) remain.
      expect(r.iterations).toBe(c.iter);
      expect(Math.abs(r.root - c.root)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(c.root)));
      expect(Math.abs(r.estimPrec - c.estim_prec)).toBeLessThanOrEqual(1e-9 * c.estim_prec + 1e-15);
      expect(r.fRoot).toBe(fns[c.id](r.root));
      // and the bracket is within the tolerance R promises (unless f hit exactly 0, as pnorm_inv at tol 1e-12 does)
      if (r.fRoot !== 0) expect(r.estimPrec).toBeLessThanOrEqual(c.tol + 4 * Number.EPSILON * Math.abs(r.root));
      else expect(c.f_root).toBe(0);
    });
  }
  it('default tolerance is R’s ε^¼', () => {
    const c = ref.uniroot.find((u) => u.id === 'wallis' && u.tol > 1e-6)!;
    expect(c.tol).toBe(Math.pow(Number.EPSILON, 0.25));
    expect(brentRootResult(fns.wallis, 2, 3).root).toBe(brentRootResult(fns.wallis, 2, 3, { tol: c.tol }).root);
    expect(Math.abs(brentRoot(fns.wallis, 2, 3) - c.root)).toBeLessThan(1e-13);
  });
  it('TSDoc examples', () => {
    expect(brentRoot((x) => x * x - 2, 0, 2, { tol: 1e-12 })).toBeCloseTo(Math.SQRT2, 12);
    const r = brentRootResult((x) => x * x - 2, 0, 2);
    expect(r.root).toBeCloseTo(1.4142133, 7); // R: 1.414213319995
    expect(r.iterations).toBe(6);
    expect(r.estimPrec).toBeCloseTo(6.1e-5, 6);
  });
});

describe('brentRoot edge cases', () => {
  it('returns an end point that is a root without iterating', () => {
    expect(brentRootResult((x) => x - 1, 1, 3)).toEqual({ root: 1, fRoot: 0, iterations: 0, estimPrec: 0 });
    expect(brentRoot((x) => x - 3, 1, 3)).toBe(3);
  });
  it('uses known end values instead of evaluating them', () => {
    let calls = 0;
    const f = (x: number): number => {
      calls++;
      return x - 0.25;
    };
    brentRoot(f, 0, 1, { fLower: -0.25, fUpper: 0.75, tol: 1e-10 });
    const withKnown = calls;
    calls = 0;
    brentRoot(f, 0, 1, { tol: 1e-10 });
    expect(calls).toBe(withKnown + 2);
  });
  it('throws a StatsError when there is no sign change, naming the caller', () => {
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(StatsError);
    expect(() => brentRoot((x) => x * x + 1, -1, 1, { what: 'myFunction' })).toThrow(/myFunction: .*same sign/);
  });
  it('throws on NaN at an end or inside, and on a reversed interval', () => {
    expect(() => brentRoot(() => NaN, 0, 1)).toThrow(/NaN/);
    expect(() => brentRoot((x) => (x > 0.3 && x < 0.7 ? NaN : x - 0.5), 0, 1)).toThrow(/NaN at x = /);
    expect(() => brentRoot((x) => x, 1, -1)).toThrow(/lower < upper/);
  });
  it('throws instead of returning an unconverged value when maxIter is exceeded (R warns)', () => {
    expect(ref.maxiter_warning).toMatch(/NOT_ converged in 3 iterations/);
    expect(() => brentRoot((x) => x * x - 2, 0, 2, { tol: 1e-12, maxIter: 3 })).toThrow(/did not converge in 3 iterations/);
    // 7 iterations suffice (R: iter = 7)
    expect(brentRoot((x) => x * x - 2, 0, 2, { tol: 1e-12, maxIter: 7 })).toBeCloseTo(Math.SQRT2, 12);
  });
  it('treats ±Infinity inside the interval as ±MAX_VALUE, as R (log-scale functions that underflow)', () => {
    // ln(x) − ln(0.5) on [0, 1]: −Infinity at 0
    const r = brentRoot((x) => Math.log(x) - Math.log(0.5), 0, 1, { tol: 1e-14 });
    expect(r).toBeCloseTo(0.5, 13);
    const s = brentRoot((x) => (x < 0.1 ? -Infinity : x > 0.9 ? Infinity : x - 0.3), 0, 1, { tol: 1e-14 });
    expect(s).toBeCloseTo(0.3, 13);
  });
  it('stays bounded on a discontinuous function without a root (converges to the jump)', () => {
    const r = brentRootResult((x) => (x < Math.PI / 4 ? -1 : 1), 0, 1, { tol: 1e-12 });
    expect(Math.abs(r.root - Math.PI / 4)).toBeLessThan(1e-12);
    expect(r.iterations).toBeLessThan(60);
  });
});

describe('rootBracketIncreasing', () => {
  it('TSDoc example: x − 10 from 0 with step 1', () => {
    expect(rootBracketIncreasing((x) => x - 10, 0, 1)).toEqual({ lower: 7, upper: 15, fLower: -3, fUpper: 5 });
  });
  it('moves left for a root below the start and returns a valid bracket', () => {
    const b = rootBracketIncreasing((x) => x + 100, 0, 0.5);
    expect(b.fLower).toBeLessThanOrEqual(0);
    expect(b.fUpper).toBeGreaterThanOrEqual(0);
    expect(b.lower).toBeLessThanOrEqual(-100);
    expect(b.upper).toBeGreaterThanOrEqual(-100);
    expect(brentRoot((x) => x + 100, b.lower, b.upper, { fLower: b.fLower, fUpper: b.fUpper, tol: 1e-12 })).toBeCloseTo(-100, 10);
  });
  it('respects min/max and throws when the root is out of reach', () => {
    expect(() => rootBracketIncreasing((x) => x - 10, 0, 1, { max: 5 })).toThrow(/could not bracket/);
    expect(() => rootBracketIncreasing(() => -1, 0, 1, { maxDoublings: 50, what: 'test' })).toThrow(/^test: could not bracket/);
    expect(rootBracketIncreasing((x) => x - 3, 2, 1, { min: 1.5 }).lower).toBeGreaterThanOrEqual(1.5);
  });
  it('throws on NaN and bad steps', () => {
    expect(() => rootBracketIncreasing(() => NaN, 0, 1)).toThrow(/NaN/);
    expect(() => rootBracketIncreasing((x) => x, 0, 0)).toThrow(StatsError);
  });
});
