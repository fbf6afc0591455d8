/**
 * Probability distributions: normal, Student t, F, χ², binomial.
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
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import fQuantile from '@stdlib/stats-base-dists-f-quantile';
import chisqQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';

export interface ContinuousDistribution {
  cdf(x: number): number;
  /** Upper tail P(X > x), computed without cancellation. */
  sf(x: number): number;
  quantile(p: number): number;
}

/** Standard or general normal distribution. */
export const normal = {
  cdf: (x: number, mu = 0, sigma = 1): number => normalCdf(x, mu, sigma),
  sf: (x: number, mu = 0, sigma = 1): number => normalCdf(-(x - mu) / sigma, 0, 1),
  quantile: (p: number, mu = 0, sigma = 1): number => normalQuantile(p, mu, sigma),
};

/** Student's t distribution with `df` degrees of freedom (df may be fractional, as for Welch). */
export const studentT = {
  cdf: (x: number, df: number): number => tCdf(x, df),
  sf: (x: number, df: number): number => tCdf(-x, df),
  /** Two-sided p-value for an observed t. */
  pTwoSided: (t: number, df: number): number => Math.min(1, 2 * tCdf(-Math.abs(t), df)),
  quantile: (p: number, df: number): number => tQuantile(p, df),
};

/** F distribution with numerator df `d1` and denominator df `d2`. */
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

/** χ² distribution with `k` degrees of freedom. */
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

/** Binomial distribution with `n` trials and success probability `p`. */
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
};
