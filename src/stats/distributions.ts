/**
 * Probability distributions: normal, Student t, F, χ², binomial, Poisson.
 *
 * Thin, typed wrappers over @stdlib (Apache-2.0), which implements the Boost/Cephes
 * algorithms. Upper tails (`sf`) are computed directly from the complemented incomplete
 * beta/gamma functions, not as 1 − cdf, so small p-values keep their precision.
 *
 * The noncentral t lives in `noncentral-t.ts`.
 *
 * Reference: checked against R `pnorm`, `pt`, `pf`, `pchisq`, `pbinom` and their quantile
 * functions (tests/stats/distributions.test.ts).
 */
import { createRequire } from 'node:module';

// The @stdlib functions are loaded on their first call: each is a package of a few hundred small CommonJS
// files (the eight below: about 450 files, 100 ms of CPU to load), and most callers need one or two (the
// annual report's funnel limits need the incomplete beta and gamma functions only).
const stdlib = createRequire(import.meta.url);
type F2 = (a: number, b: number) => number;
type F3 = (a: number, b: number, c: number) => number;
let normalCdfFn: F3 | undefined;
let tCdfFn: F2 | undefined;
let tQuantileFn: F2 | undefined;
let fQuantileFn: F3 | undefined;
let chisqQuantileFn: F2 | undefined;
let binomialPmfFn: F3 | undefined;
let betaincFn: F3 | undefined;
let gammaincFn: ((x: number, s: number, regularized: boolean, upper: boolean) => number) | undefined;
const normalCdf = (x: number, mu: number, sigma: number): number => (normalCdfFn ??= stdlib('@stdlib/stats-base-dists-normal-cdf') as F3)(x, mu, sigma);
const tCdf = (x: number, df: number): number => (tCdfFn ??= stdlib('@stdlib/stats-base-dists-t-cdf') as F2)(x, df);
const tQuantile = (p: number, df: number): number => (tQuantileFn ??= stdlib('@stdlib/stats-base-dists-t-quantile') as F2)(p, df);
const fQuantile = (p: number, d1: number, d2: number): number => (fQuantileFn ??= stdlib('@stdlib/stats-base-dists-f-quantile') as F3)(p, d1, d2);
const chisqQuantile = (p: number, k: number): number => (chisqQuantileFn ??= stdlib('@stdlib/stats-base-dists-chisquare-quantile') as F2)(p, k);
const binomialPmf = (k: number, n: number, p: number): number => (binomialPmfFn ??= stdlib('@stdlib/stats-base-dists-binomial-pmf') as F3)(k, n, p);
const betainc = (x: number, a: number, b: number): number => (betaincFn ??= stdlib('@stdlib/math-base-special-betainc') as F3)(x, a, b);
const gammainc = (x: number, s: number, regularized: boolean, upper: boolean): number =>
  (gammaincFn ??= stdlib('@stdlib/math-base-special-gammainc') as NonNullable<typeof gammaincFn>)(x, s, regularized, upper);

export interface ContinuousDistribution {
  cdf(x: number): number;
  /** Upper tail P(X > x), computed without cancellation. */
  sf(x: number): number;
  quantile(p: number): number;
}

// Wichura (1988), Algorithm AS 241 (PPND16): rational approximations accurate to about 1e-16
// over the whole range. (@stdlib's normal quantile loses accuracy below p ≈ 1e-12 and returns −∞
// below 2e-17.) Coefficients from the paper, highest power first for Horner's rule.
const AS241_A = [2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457, 13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608];
const AS241_B = [5226.495278852854561, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867, 5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1];
const AS241_C = [7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177, 1.27045825245236838258, 3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734];
const AS241_D = [1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459, 0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1];
const AS241_E = [2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386, 0.026532189526576123093, 0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772];
const AS241_F = [2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4, 0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769, 1];

function horner(c: readonly number[], x: number): number {
  let y = c[0];
  for (let i = 1; i < c.length; i++) y = y * x + c[i];
  return y;
}

/**
 * Standard normal quantile by Wichura's AS 241. `lowerTail = false` gives the upper-tail
 * quantile from q = 1 − p without forming 1 − q (so 1e-300 in the upper tail stays exact).
 *
 * Reference: Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the normal
 * distribution. Applied Statistics, 37(3), 477–484 — the algorithm of R's `qnorm`. Checked against
 * R `qnorm(p)` and `qnorm(q, lower.tail = FALSE)` (tests/reference/distributions.R).
 *
 * @example
 * normalQuantileStd(0.975)        // 1.959963984540054 (R qnorm(0.975))
 * normalQuantileStd(1e-300, false) // 37.0470962993612 (R qnorm(1e-300, lower.tail = FALSE))
 */
export function normalQuantileStd(p: number, lowerTail = true): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  const lower = lowerTail ? p : 1 - p; // only used near the centre, where 1 − p is exact enough
  const q = lower - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_A, r)) / horner(AS241_B, r);
  }
  // tail probability taken directly from the argument when possible
  let tail: number;
  let sign: number;
  if (lowerTail) {
    tail = q < 0 ? p : 1 - p;
    sign = q < 0 ? -1 : 1;
  } else {
    tail = q < 0 ? 1 - p : p;
    sign = q < 0 ? -1 : 1;
  }
  if (tail === 0) return sign * Infinity;
  let r = Math.sqrt(-Math.log(tail));
  let z: number;
  if (r <= 5) {
    r -= 1.6;
    z = horner(AS241_C, r) / horner(AS241_D, r);
  } else {
    r -= 5;
    z = horner(AS241_E, r) / horner(AS241_F, r);
  }
  return sign * z;
}

/**
 * Normal distribution N(μ, σ²) (defaults μ = 0, σ = 1): `cdf` Φ((x − μ)/σ) (@stdlib, Cody's erfc
 * algorithm), `sf` the upper tail computed as Φ(−(x − μ)/σ) without cancellation, `quantile` and
 * `quantileUpper` by Wichura's AS 241 ({@link normalQuantileStd}).
 * Checked against R `pnorm` and `qnorm` (tests/reference/distributions.R).
 *
 * @example
 * normal.cdf(1.96)       // 0.9750021048517795 (R pnorm(1.96))
 * normal.quantile(0.975) // 1.959963984540054 (R qnorm(0.975))
 */
export const normal = {
  cdf: (x: number, mu = 0, sigma = 1): number => normalCdf(x, mu, sigma),
  sf: (x: number, mu = 0, sigma = 1): number => normalCdf(-(x - mu) / sigma, 0, 1),
  /** Quantile by Wichura's AS 241 (accurate to about 1e-16 relative, also far in the tails). */
  quantile: (p: number, mu = 0, sigma = 1): number => mu + sigma * normalQuantileStd(p),
  /** Upper-tail quantile: x with P(X > x) = q, exact for tiny q. */
  quantileUpper: (q: number, mu = 0, sigma = 1): number => mu + sigma * normalQuantileStd(q, false),
};

/**
 * Student's t distribution with `df` degrees of freedom (df may be fractional, as for Welch):
 * cdf via the regularized incomplete beta, P(T ≤ t) = 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t > 0
 * (@stdlib, Boost algorithm); `sf(t)` = cdf(−t) (no cancellation); `pTwoSided(t)` = 2·P(T ≤ −|t|),
 * capped at 1. Checked against R `pt` and `qt` (tests/reference/distributions.R).
 *
 * @example
 * studentT.quantile(0.975, 10) // 2.228138851986274 (R qt(0.975, 10))
 * studentT.pTwoSided(2, 10)    // 0.0733880347707404 (R 2 * pt(-2, 10))
 */
export const studentT = {
  cdf: (x: number, df: number): number => tCdf(x, df),
  sf: (x: number, df: number): number => tCdf(-x, df),
  /** Two-sided p-value for an observed t. */
  pTwoSided: (t: number, df: number): number => Math.min(1, 2 * tCdf(-Math.abs(t), df)),
  quantile: (p: number, df: number): number => tQuantile(p, df),
};

/**
 * F distribution with numerator df `d1` and denominator df `d2`:
 * P(F ≤ x) = I_{d1·x/(d1·x + d2)}(d1/2, d2/2) and the upper tail P(F > x) = I_{d2/(d2 + d1·x)}(d2/2, d1/2),
 * each from the regularized incomplete beta directly (so small ANOVA p-values keep their precision);
 * quantile from @stdlib. NaN for non-positive df. Checked against R `pf` and `qf`.
 *
 * @example
 * fDist.sf(18.142857142857142, 2, 6) // 0.0028567533018774797 (R pf(18.142857, 2, 6, lower.tail = FALSE); oneWayAnova example)
 */
export const fDist = {
  cdf: (x: number, d1: number, d2: number): number => {
    if (Number.isNaN(x) || d1 <= 0 || d2 <= 0) return NaN;
    if (x <= 0) return 0;
    if (x === Infinity) return 1;
    return betainc((d1 * x) / (d1 * x + d2), d1 / 2, d2 / 2);
  },
  sf: (x: number, d1: number, d2: number): number => {
    if (Number.isNaN(x) || d1 <= 0 || d2 <= 0) return NaN;
    if (x <= 0) return 1;
    if (x === Infinity) return 0;
    // P(F > x) = I_{d2/(d2+d1 x)}(d2/2, d1/2)
    return betainc(d2 / (d2 + d1 * x), d2 / 2, d1 / 2);
  },
  quantile: (p: number, d1: number, d2: number): number => fQuantile(p, d1, d2),
};

/**
 * χ² distribution with `k` degrees of freedom: P(X ≤ x) = P(k/2, x/2), the regularized lower incomplete
 * gamma function; the upper tail Q(k/2, x/2) is computed directly (not as 1 − cdf). Quantile from @stdlib.
 * NaN for k ≤ 0. Checked against R `pchisq` and `qchisq`.
 *
 * @example
 * chiSquared.quantile(0.95, 1)          // 3.8414588206941245 (R qchisq(0.95, 1) = 3.841458820694124)
 * chiSquared.sf(3.841458820694124, 1)   // 0.05 (to 1e-15)
 */
export const chiSquared = {
  cdf: (x: number, k: number): number => {
    if (Number.isNaN(x) || k <= 0) return NaN;
    if (x <= 0) return 0;
    return gammainc(x / 2, k / 2, true, false);
  },
  sf: (x: number, k: number): number => {
    if (Number.isNaN(x) || k <= 0) return NaN;
    if (x <= 0) return 1;
    return gammainc(x / 2, k / 2, true, true);
  },
  quantile: (p: number, k: number): number => chisqQuantile(p, k),
};

/**
 * Binomial distribution with `n` trials and success probability `p`: `pmf` from @stdlib;
 * P(X ≤ k) = I_{1−p}(n − k, k + 1) and P(X ≥ k) = I_p(k, n − k + 1) through the regularized incomplete beta.
 * Checked against R `dbinom` and `pbinom`.
 *
 * @example
 * binomial.cdf(2, 10, 0.5) // 0.0546875 (= 56/1024; R pbinom(2, 10, 0.5))
 */
export const binomial = {
  pmf: (k: number, n: number, p: number): number => binomialPmf(k, n, p),
  /** P(X ≤ k) */
  cdf: (k: number, n: number, p: number): number => {
    if (k < 0) return 0;
    if (k >= n) return 1;
    // P(X ≤ k) = I_{1−p}(n − k, k + 1)
    return betainc(1 - p, n - Math.floor(k), Math.floor(k) + 1);
  },
  /** P(X ≥ k) */
  sfInclusive: (k: number, n: number, p: number): number => {
    if (k <= 0) return 1;
    if (k > n) return 0;
    // P(X ≥ k) = I_p(k, n − k + 1)
    return betainc(p, Math.ceil(k), n - Math.ceil(k) + 1);
  },
  /**
   * Smallest k with P(X ≤ k) ≥ q, as R `qbinom(q, n, p)` (see {@link discreteQuantile}). `seen`, when given,
   * receives the values P(X ≤ k) worked out on the way, by k (e.g. for the cdf at the quantile and below it).
   */
  quantile: (q: number, n: number, p: number, seen?: Map<number, number>): number =>
    discreteQuantile(q, (k) => binomial.cdf(k, n, p), n * p + normalQuantileStd(q) * Math.sqrt(n * p * (1 - p)), n, seen),
};

/**
 * Poisson distribution with mean `lambda`: P(X ≤ k) = Q(k + 1, λ), the regularized upper incomplete gamma
 * function (@stdlib); `quantile(q)` the smallest k with P(X ≤ k) ≥ q, as R `qpois`. Checked against R
 * `ppois` and `qpois` (tests/reference/funnel.R uses both).
 *
 * @example
 * poisson.cdf(2, 3)          // 0.4231900811268435 (R ppois(2, 3) = 17/2 · e^−3)
 * poisson.quantile(0.975, 3) // 7 (R qpois(0.975, 3))
 */
export const poisson = {
  /** P(X ≤ k) */
  cdf: (k: number, lambda: number): number => {
    if (Number.isNaN(k) || !(lambda >= 0)) return NaN;
    if (k < 0) return 0;
    if (lambda === 0) return 1;
    return gammainc(lambda, Math.floor(k) + 1, true, true);
  },
  /** Smallest k with P(X ≤ k) ≥ q; `seen` as for {@link binomial}'s `quantile`. */
  quantile: (q: number, lambda: number, seen?: Map<number, number>): number =>
    discreteQuantile(q, (k) => poisson.cdf(k, lambda), lambda + normalQuantileStd(q) * Math.sqrt(lambda), Infinity, seen),
};

/**
 * Quantile of a distribution on 0, 1, 2, …, max: the smallest k with cdf(k) ≥ q, found by stepping from
 * a start value (a normal approximation). Like R's `qbinom` / `qpois`, q is fuzzed by 64 machine epsilons
 * downwards so that a q computed as cdf(k) in floating point returns k, not k + 1.
 */
function discreteQuantile(q: number, cdf: (k: number) => number, start: number, max: number, seen?: Map<number, number>): number {
  if (Number.isNaN(q) || q < 0 || q > 1) return NaN;
  if (q === 0) return 0;
  if (q === 1) return max;
  const target = q * (1 - 64 * Number.EPSILON);
  const F = seen
    ? (k: number): number => {
        const v = cdf(k);
        seen.set(k, v);
        return v;
      }
    : cdf;
  let k = Math.min(max, Math.max(0, Math.floor(Number.isFinite(start) ? start : 0)));
  if (F(k) >= target) {
    while (k > 0 && F(k - 1) >= target) k--;
  } else {
    while (k < max && F(k) < target) k++;
  }
  return k;
}
