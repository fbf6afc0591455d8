/**
 * One-dimensional root finding for the statistics library: Brent's method with the step rules of
 * R's `uniroot` (so that CI limits and estimates found by inversion agree with R's functions that
 * call `uniroot`), and a bounded bracket search to go with it. Every module that solves an equation
 * (Hodges–Lehmann estimates and CIs, conditional odds ratios, noncentral-t limits, quantiles and
 * the mode of its integrand, power and sample size) uses {@link brentRoot}; the noncentral t also
 * grows its brackets with {@link rootBracketIncreasing}.
 */
import { StatsError } from './result.js';

const DBL_EPSILON = 2.220446049250313e-16;

export interface BrentRootOptions {
  /** f(lower), if already known. */
  fLower?: number;
  /** f(upper), if already known. */
  fUpper?: number;
  /** Absolute tolerance on the root; default R's `uniroot` default ε^¼ ≈ 1.22e-4. */
  tol?: number;
  /** Maximum iterations, default 1000 (as R). Exceeding it throws a StatsError. */
  maxIter?: number;
  /** Names the caller in error messages, e.g. "ncpConfidenceInterval (lower limit)". Default "root finding". */
  what?: string;
}

/** A root with R `uniroot`'s diagnostics. */
export interface BrentRootResult {
  /** The root (R `$root`). */
  root: number;
  /** f at the root (R `$f.root`). */
  fRoot: number;
  /** Iterations used (R `$iter`; 0 when an end point is a root). */
  iterations: number;
  /** Width of the last bracket |c − b|, an upper bound on the error (R `$estim.prec`). */
  estimPrec: number;
}

/**
 * Root of `f` in [lower, upper] by Brent's (1973) method, with R `uniroot`'s diagnostics.
 * See {@link brentRoot}, which returns the root only.
 *
 * @example
 * brentRootResult((x) => x * x - 2, 0, 2) // { root: 1.4142133..., iterations: 6, estimPrec: 6.1e-5, … } (R uniroot: the same)
 */
export function brentRootResult(
  f: (x: number) => number,
  lower: number,
  upper: number,
  options: BrentRootOptions = {},
): BrentRootResult {
  const what = options.what ?? 'root finding';
  const tol = options.tol ?? Math.pow(DBL_EPSILON, 0.25);
  const maxIter = options.maxIter ?? 1000;
  if (!(lower < upper)) throw new StatsError(`${what}: the interval must have lower < upper (got [${lower}, ${upper}]).`);
  if (!(tol > 0)) throw new StatsError(`${what}: tol must be positive (got ${tol}).`);
  if (!(maxIter >= 1)) throw new StatsError(`${what}: maxIter must be at least 1 (got ${maxIter}).`);
  // As R's zeroin2 wrapper: ±Inf are replaced by ±DBL_MAX (keeping the sign); NaN is an error.
  const g = (x: number): number => {
    const v = f(x);
    if (Number.isNaN(v)) throw new StatsError(`${what}: the function is NaN at x = ${x}.`);
    return v === Infinity ? Number.MAX_VALUE : v === -Infinity ? -Number.MAX_VALUE : v;
  };
  let a = lower;
  let b = upper;
  let fa = options.fLower ?? f(a);
  let fb = options.fUpper ?? f(b);
  if (Number.isNaN(fa) || Number.isNaN(fb)) {
    throw new StatsError(`${what}: the function is NaN at an end of the interval [${lower}, ${upper}].`);
  }
  if (fa * fb > 0) {
    throw new StatsError(`${what}: the function has the same sign at both ends of the interval [${lower}, ${upper}] (no sign change).`);
  }
  if (fa === 0) return { root: a, fRoot: 0, iterations: 0, estimPrec: 0 };
  if (fb === 0) return { root: b, fRoot: 0, iterations: 0, estimPrec: 0 };
  fa = Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, fa));
  fb = Math.max(-Number.MAX_VALUE, Math.min(Number.MAX_VALUE, fb));
  let c = a;
  let fc = fa;
  // R_zeroin2 (src/library/stats/src/zeroin.c), step for step.
  for (let iter = 0; iter <= maxIter; iter++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      // make b the best approximation so far
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * DBL_EPSILON * Math.abs(b) + tol / 2;
    let step = (c - b) / 2;
    if (Math.abs(step) <= tolAct || fb === 0) return { root: b, fRoot: fb, iterations: iter, estimPrec: Math.abs(c - b) };
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa; // secant step
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc; // inverse quadratic interpolation
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) step = p / q;
    }
    if (Math.abs(step) < tolAct) step = step > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += step;
    fb = g(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  throw new StatsError(
    `${what}: Brent's method did not converge in ${maxIter} iterations (last bracket [${Math.min(b, c)}, ${Math.max(b, c)}]).`,
  );
}

/**
 * Root of `f` in [lower, upper] by Brent's (1973) method — inverse quadratic / linear
 * interpolation safeguarded by bisection — following the step rules of R's `uniroot`
 * (C `R_zeroin2`, itself a translation of Brent's ALGOL `zero`), so that the roots, and the
 * number of function evaluations, agree with R `uniroot(f, c(lower, upper), tol = tol)`.
 *
 * f(lower) and f(upper) must differ in sign (or one be 0). The search stops when the bracket
 * half-width is at most 2ε|b| + tol/2 (absolute tolerance `tol`, default ε^¼ ≈ 1.22e-4 as R).
 * As in R, infinite values of f inside the interval are replaced by ±`Number.MAX_VALUE`.
 *
 * Checked against R 4.2 `uniroot` (root, `iter`, `estim.prec`) for smooth, multiple-root and
 * step functions (tests/reference/roots.R). Deliberate differences: R warns and returns the last
 * iterate when `maxiter` is exceeded; this throws. R errors on NaN; this throws a StatsError too.
 *
 * Reference: Brent, R. P. (1973). *Algorithms for Minimization without Derivatives*, ch. 4.
 *
 * @throws StatsError when f has the same sign at both ends, is NaN, or no convergence in `maxIter`.
 * @example
 * brentRoot((x) => x * x - 2, 0, 2, { tol: 1e-12 }) // 1.41421356237... (within 1e-12 of √2)
 */
export function brentRoot(f: (x: number) => number, lower: number, upper: number, options: BrentRootOptions = {}): number {
  return brentRootResult(f, lower, upper, options).root;
}

export interface RootBracketOptions {
  /** Maximum number of step doublings before giving up (default 1100: from step 1 reaches ~1e308). */
  maxDoublings?: number;
  /** The bracket may not extend below this value (default −∞). */
  min?: number;
  /** The bracket may not extend above this value (default +∞). */
  max?: number;
  /** Names the caller in error messages. */
  what?: string;
}

/** A bracket [lower, upper] with f(lower) ≤ 0 ≤ f(upper), and the function values there. */
export interface RootBracket {
  lower: number;
  upper: number;
  fLower: number;
  fUpper: number;
}

/**
 * Brackets the root of an increasing function: starting from [x0 − step, x0 + step] it moves the
 * end that has the wrong sign outward by a doubling step until f(lower) ≤ 0 ≤ f(upper) (as R
 * `uniroot(extendInt = "upX")`, but outward from a guess). Pass decreasing functions negated.
 * The returned function values can be handed to {@link brentRoot} (`fLower`, `fUpper`) so that
 * nothing is evaluated twice.
 *
 * @throws StatsError after `maxDoublings` doublings, at the `min`/`max` limits, or when f is NaN.
 * @example
 * rootBracketIncreasing((x) => x - 10, 0, 1) // { lower: 7, upper: 15, fLower: -3, fUpper: 5 }
 */
export function rootBracketIncreasing(
  f: (x: number) => number,
  x0: number,
  step: number,
  options: RootBracketOptions = {},
): RootBracket {
  const what = options.what ?? 'root bracketing';
  const min = options.min ?? -Infinity;
  const max = options.max ?? Infinity;
  const maxDoublings = options.maxDoublings ?? 1100;
  if (!(step > 0) || !Number.isFinite(x0)) throw new StatsError(`${what}: need a finite start and a positive step (got ${x0}, ${step}).`);
  let lo = Math.max(min, x0 - step);
  let hi = Math.min(max, x0 + step);
  let flo = f(lo);
  let fhi = f(hi);
  for (let i = 0; i <= maxDoublings; i++) {
    if (Number.isNaN(flo) || Number.isNaN(fhi)) throw new StatsError(`${what}: the function is NaN while bracketing the root (at ${Number.isNaN(flo) ? lo : hi}).`);
    if (flo <= 0 && fhi >= 0) return { lower: lo, upper: hi, fLower: flo, fUpper: fhi };
    step *= 2;
    if (flo > 0) {
      if (lo <= min) break;
      // the old lower end has f > 0 and so becomes a valid upper end
      hi = lo;
      fhi = flo;
      lo = Math.max(min, lo - step);
      flo = f(lo);
    } else {
      if (hi >= max) break;
      lo = hi;
      flo = fhi;
      hi = Math.min(max, hi + step);
      fhi = f(hi);
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) break;
  }
  throw new StatsError(`${what}: could not bracket the solution (the function does not change sign within reach; the parameters may be too extreme).`);
}
