/**
 * Noncentral χ² and F distributions (as Poisson mixtures of central ones) and the confidence interval of their
 * noncentrality parameter by inversion — the CIs of η², Cramér's V, φ and Cohen's w (Steiger 2004).
 *
 * Reference: R `pchisq(x, df, ncp)`, `pf(x, df1, df2, ncp)` and effectsize 0.8's CIs built on them
 * (tests/reference/effsize2.R → effsize2.json).
 */
import betainc from '@stdlib/math-base-special-betainc';
import gammainc from '@stdlib/math-base-special-gammainc';
import gammaln from '@stdlib/math-base-special-gammaln';
import { brentRoot } from './roots.js';
import { StatsError } from './result.js';

/** Σⱼ Pois(j; λ/2)·term(j), summed outward from the Poisson mode until the weights are negligible. */
function poissonMixture(lambda: number, term: (j: number) => number): number {
  if (lambda === 0) return term(0);
  const mu = lambda / 2;
  const mode = Math.floor(mu);
  const logw = (j: number) => -mu + j * Math.log(mu) - gammaln(j + 1);
  let s = 0;
  for (let j = mode; j >= 0; j--) {
    const w = Math.exp(logw(j));
    s += w * term(j);
    if (w < 1e-17 && j < mode - 5) break;
  }
  for (let j = mode + 1; j < mode + 100000; j++) {
    const w = Math.exp(logw(j));
    s += w * term(j);
    if (w < 1e-17 && j > mode + 5) break;
  }
  return s;
}

/**
 * Noncentral χ² cdf P(X ≤ x; k, λ) = Σ Pois(j; λ/2)·P(χ²_{k+2j} ≤ x) (R `pchisq(x, k, ncp = λ)`).
 *
 * @example
 * noncentralChiSquaredCdf(5, 2, 1.5) // 0.7554611 (R pchisq(5, 2, ncp = 1.5))
 */
export function noncentralChiSquaredCdf(x: number, k: number, lambda: number): number {
  if (!(x > 0)) return 0;
  return Math.min(1, poissonMixture(lambda, (j) => gammainc(x / 2, k / 2 + j, true, false)));
}

/**
 * Noncentral F cdf P(F ≤ f; d₁, d₂, λ) = Σ Pois(j; λ/2)·I_{d₁f/(d₁f + d₂)}(d₁/2 + j, d₂/2) (R `pf(f, d1, d2, ncp = λ)`).
 *
 * @example
 * noncentralFCdf(3, 2, 20, 4) // 0.5660314 (R pf(3, 2, 20, ncp = 4))
 */
export function noncentralFCdf(f: number, d1: number, d2: number, lambda: number): number {
  if (!(f > 0)) return 0;
  const x = (d1 * f) / (d1 * f + d2);
  return Math.min(1, poissonMixture(lambda, (j) => betainc(x, d1 / 2 + j, d2 / 2)));
}

/**
 * Confidence limits of the noncentrality λ given an observed statistic: cdf(stat; λ) is decreasing in λ, so
 * λ_L solves cdf = 1 − α_L and λ_U solves cdf = α_U (0 when even λ = 0 gives a smaller value; +∞ for a one-sided
 * 'greater' interval). `alternative` 'two-sided' splits α equally; 'greater' gives [λ_L(α), ∞).
 */
export function noncentralityInterval(
  cdf: (lambda: number) => number,
  level: number,
  alternative: 'two-sided' | 'greater' = 'two-sided',
): { lower: number; upper: number } {
  if (!(level > 0 && level < 1)) throw new StatsError(`The confidence level must lie strictly between 0 and 1 (got ${level}).`);
  const a = alternative === 'two-sided' ? (1 - level) / 2 : 1 - level;
  const solve = (target: number): number => {
    if (cdf(0) <= target) return 0;
    let hi = 1;
    while (cdf(hi) > target) {
      hi *= 2;
      if (hi > 1e7) throw new StatsError('The noncentrality CI did not bracket (statistic too extreme).');
    }
    return brentRoot((l) => cdf(l) - target, hi / 2 === 0.5 ? 0 : hi / 2, hi, { tol: 1e-10 });
  };
  const lower = solve(1 - a);
  const upper = alternative === 'greater' ? Infinity : solve(a);
  return { lower, upper };
}
