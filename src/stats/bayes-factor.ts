/**
 * Default Bayes factors as JASP reports them: the JZS (Jeffreys–Zellner–Siow) Bayes factor for one-sample, paired
 * and independent-samples t-tests (Rouder, Speckman, Sun, Morey & Iverson 2009) and Jeffreys's exact Bayes factor for
 * a Pearson correlation with a stretched-beta prior (Ly, Verhagen & Wagenmakers 2016).
 *
 * Reference: R BayesFactor 0.9 `ttestBF`, `ttest.tstat`, `correlationBF`, and the defining integrals evaluated with R
 * `integrate` (tests/reference/bayes.R → bayes.json).
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { fmt } from './apa.js';
import { integrate } from './integrate.js';
import { correlation, mean, variance } from './moments.js';
import { StatsError, completePairs, finiteValues, pairedDifferences, type NumericInput, type StatResult } from './result.js';

/** Result of a Bayes factor: BF₁₀ (evidence for H₁ over H₀), its log and BF₀₁. */
export class BayesFactorResult implements StatResult {
  constructor(
    readonly method: string,
    /** log BF₁₀ (natural log), kept for very large or small BFs. */
    readonly logBF10: number,
    /** Prior description, e.g. "Cauchy prior on δ, scale r = 0.707". */
    readonly prior: string,
    /** Test statistic the BF was computed from (t or r) and the sample size(s). */
    readonly statistic: { name: string; value: number },
    readonly n: number,
    readonly missing: number,
  ) {}
  /** BF₁₀ = p(data | H₁)/p(data | H₀). */
  get bf10(): number {
    return Math.exp(this.logBF10);
  }
  /** BF₀₁ = 1/BF₁₀. */
  get bf01(): number {
    return Math.exp(-this.logBF10);
  }
  toJSON(): Record<string, unknown> {
    return { method: this.method, prior: this.prior, bf10: this.bf10, bf01: this.bf01, logBF10: this.logBF10, statistic: this.statistic, n: this.n, missing: this.missing, missingHandling: 'listwise' };
  }
  /**
   * APA-style: "BF₁₀ = 3.47" (two decimals; above 1000 in scientific form "BF₁₀ = 1.23 × 10⁴"); when BF₁₀ < 1 the
   * evidence for H₀ is also given: "BF₁₀ = 0.21 (BF₀₁ = 4.76)".
   */
  apa(): string {
    const f = (v: number): string => {
      if (v >= 1000 || (v > 0 && v < 0.01)) {
        const e = Math.floor(Math.log10(v));
        const sup = String(e).replace(/-/g, '⁻').replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[+d]);
        return `${fmt(v / 10 ** e)} × 10${sup}`;
      }
      return fmt(v);
    };
    const s = `BF₁₀ = ${f(this.bf10)}`;
    return this.bf10 < 1 ? `${s} (BF₀₁ = ${f(this.bf01)})` : s;
  }
}

/**
 * log BF₁₀ of the JZS t-test from t, the effective sample size N and ν df (Rouder et al. 2009, eq. 1):
 * BF₁₀ = ∫₀^∞ (1 + Ngr²)^{−1/2} (1 + t²/((1 + Ngr²)ν))^{−(ν+1)/2} (2π)^{−1/2} g^{−3/2} e^{−1/(2g)} dg / (1 + t²/ν)^{−(ν+1)/2},
 * i.e. a Cauchy(0, r) prior on the standardised effect δ. One-sample/paired: N = n, ν = n − 1; two-sample:
 * N = n₁n₂/(n₁ + n₂), ν = n₁ + n₂ − 2. Integrated on log g by adaptive Gauss–Kronrod (integrand scaled by its maximum).
 *
 * @example
 * Math.exp(jzsLogBF10(2.5, 20, 19)) // 2.702145 (R BayesFactor exp(ttest.tstat(2.5, 20, rscale = "medium")$bf))
 */
export function jzsLogBF10(t: number, N: number, df: number, r = Math.SQRT1_2): number {
  if (!Number.isFinite(t)) throw new StatsError(`JZS Bayes factor: t must be finite (got ${t}).`);
  if (!(N > 0 && df > 0 && r > 0)) throw new StatsError('JZS Bayes factor: N, df and the prior scale r must be positive.');
  const logNull = (-(df + 1) / 2) * Math.log1p((t * t) / df);
  const logf = (u: number): number => {
    const g = Math.exp(u);
    const a = 1 + N * g * r * r;
    return -0.5 * Math.log(a) - ((df + 1) / 2) * Math.log1p((t * t) / (a * df)) - 0.5 * Math.log(2 * Math.PI) - 1.5 * u - 1 / (2 * g) + u;
  };
  // mode of the integrand in u = log g, by golden-section search on a wide bracket
  let lo = -30;
  let hi = 30;
  for (let i = 0; i < 200; i++) {
    const m1 = lo + (hi - lo) * 0.381966;
    const m2 = lo + (hi - lo) * 0.618034;
    if (logf(m1) < logf(m2)) lo = m1;
    else hi = m2;
  }
  const mode = (lo + hi) / 2;
  const top = logf(mode);
  const val = integrate((u) => Math.exp(logf(u) - top), -Infinity, Infinity, { breakpoints: [mode - 5, mode - 2, mode, mode + 2, mode + 5], relTol: 1e-12, absTol: 1e-300 });
  return Math.log(val) + top - logNull;
}

export interface BayesTTestOptions {
  /** Scale r of the Cauchy prior on δ (default √2/2 = 0.707, BayesFactor "medium" and JASP's default). */
  r?: number;
  /** Null value μ₀ (one-sample and paired only), default 0. */
  mu?: number;
}

function tResult(method: string, t: number, N: number, df: number, r: number, n: number, missing: number): BayesFactorResult {
  return new BayesFactorResult(method, jzsLogBF10(t, N, df, r), `Cauchy prior on δ, scale r = ${+r.toFixed(3)}`, { name: 't', value: t }, n, missing);
}

/**
 * JZS Bayes factor of a one-sample t-test against μ₀ (Rouder et al. 2009; BayesFactor `ttestBF(x, mu = μ₀)`),
 * from t = (x̄ − μ₀)/(s/√n): see {@link jzsLogBF10}.
 *
 * @throws StatsError for n < 2 or zero variance.
 * @example
 * bayesTTestOneSample([0.5, 1.2, -0.3, 0.8, 1.5, 0.9, 0.2, 1.1]).apa() // "BF₁₀ = 7.10" (R ttestBF: 7.0973)
 */
export function bayesTTestOneSample(x: NumericInput, options: BayesTTestOptions = {}): BayesFactorResult {
  const { values, missing } = finiteValues(x);
  const n = values.length;
  if (n < 2) throw new StatsError(`Bayesian one-sample t-test needs at least 2 values (got ${n}).`);
  const m = mean(values);
  const s2 = variance(values, m);
  if (!(s2 > 0)) throw new StatsError('Bayesian one-sample t-test: all values are equal (zero variance).');
  const t = (m - (options.mu ?? 0)) / Math.sqrt(s2 / n);
  return tResult('JZS Bayes factor, one-sample t-test (Rouder et al. 2009)', t, n, n - 1, options.r ?? Math.SQRT1_2, n, missing);
}

/**
 * JZS Bayes factor of a paired t-test: the one-sample BF on the differences x − y (BayesFactor `ttestBF(x, y, paired = TRUE)`).
 *
 * @example
 * bayesTTestPaired([5, 6, 7, 8, 9, 7], [4, 6, 5, 6, 8, 5]).bf10 // 6.736787 (R ttestBF(paired = TRUE))
 */
export function bayesTTestPaired(x: NumericInput, y: NumericInput, options: BayesTTestOptions = {}): BayesFactorResult {
  const { d, missing } = pairedDifferences(x, y, 'Bayesian paired t-test');
  const r = bayesTTestOneSample(d, options);
  return new BayesFactorResult('JZS Bayes factor, paired t-test (Rouder et al. 2009)', r.logBF10, r.prior, r.statistic, r.n, missing);
}

/**
 * JZS Bayes factor of an independent-samples t-test with pooled variance (Rouder et al. 2009; BayesFactor
 * `ttestBF(x, y)`): Student's t, N = n₁n₂/(n₁ + n₂), ν = n₁ + n₂ − 2 (see {@link jzsLogBF10}).
 *
 * @example
 * bayesTTestIndependent([5, 6, 7, 8, 9, 7], [4, 3, 5, 4, 6, 3]).bf10 // 10.81701 (R ttestBF(x, y))
 */
export function bayesTTestIndependent(x: NumericInput, y: NumericInput, options: Omit<BayesTTestOptions, 'mu'> = {}): BayesFactorResult {
  const a = finiteValues(x);
  const b = finiteValues(y);
  const n1 = a.values.length;
  const n2 = b.values.length;
  if (n1 < 2 || n2 < 2) throw new StatsError(`Bayesian independent t-test needs at least 2 values per group (got ${n1} and ${n2}).`);
  const m1 = mean(a.values);
  const m2 = mean(b.values);
  const sp2 = ((n1 - 1) * variance(a.values, m1) + (n2 - 1) * variance(b.values, m2)) / (n1 + n2 - 2);
  if (!(sp2 > 0)) throw new StatsError('Bayesian independent t-test: zero pooled variance.');
  const t = (m1 - m2) / Math.sqrt(sp2 * (1 / n1 + 1 / n2));
  return tResult('JZS Bayes factor, independent-samples t-test (Rouder et al. 2009)', t, (n1 * n2) / (n1 + n2), n1 + n2 - 2, options.r ?? Math.SQRT1_2, n1 + n2, a.missing + b.missing);
}

/** log ₂F₁(a, b; c; z) for 0 ≤ z < 1 and a, b, c > 0 by its power series, summed in log space. */
function log2F1(a: number, b: number, c: number, z: number): number {
  if (z === 0) return 0;
  let logTerm = 0;
  let maxLog = 0;
  const logs: number[] = [0];
  const lz = Math.log(z);
  for (let k = 0; k < 100000; k++) {
    logTerm += Math.log(a + k) + Math.log(b + k) - Math.log(c + k) - Math.log(k + 1) + lz;
    logs.push(logTerm);
    if (logTerm > maxLog) maxLog = logTerm;
    if (logTerm < maxLog - 40 && k > 10) break;
  }
  let s = 0;
  for (const l of logs) s += Math.exp(l - maxLog);
  return maxLog + Math.log(s);
}

/**
 * Bayes factor for a Pearson correlation (Jeffreys 1961; Ly, Verhagen & Wagenmakers 2016, eq. 11): with a stretched
 * beta(1/κ, 1/κ) prior on ρ ∈ (−1, 1),
 * log BF₁₀ = (1 − 2/κ)·log 2 + ½ log π − log B(1/κ, 1/κ) + log Γ((n + 2/κ − 1)/2) − log Γ((n + 2/κ)/2)
 *            + log ₂F₁((n − 1)/2, (n − 1)/2; (n + 2/κ)/2; r²).
 * κ = 1 (uniform prior on ρ) is JASP's default; BayesFactor `correlationBF` defaults to κ = 1/3 (`rscale = "medium"`)
 * — pass `kappa: 1/3` to match it. Incomplete pairs are dropped.
 *
 * @throws StatsError for fewer than 3 complete pairs or a constant variable.
 * @example
 * bayesCorrelation([1, 2, 3, 4, 5, 6, 7, 8], [2, 1, 4, 3, 6, 5, 8, 7]).bf10 // 22.10227 (R correlationBF(rscale = 1))
 */
export function bayesCorrelation(x: NumericInput, y: NumericInput, options: { kappa?: number } = {}): BayesFactorResult {
  const kappa = options.kappa ?? 1;
  if (!(kappa > 0)) throw new StatsError(`Bayesian correlation: the prior width κ must be positive (got ${kappa}).`);
  const pairs = completePairs(x, y, 'Bayesian correlation');
  const n = pairs.x.length;
  if (n < 3) throw new StatsError(`Bayesian correlation needs at least 3 complete pairs (got ${n}).`);
  const r = correlation(pairs.x, pairs.y);
  if (Number.isNaN(r)) throw new StatsError('Bayesian correlation: one of the variables is constant.');
  const logBF = correlationLogBF10(r, n, kappa);
  return new BayesFactorResult(
    "Jeffreys's exact Bayes factor for a Pearson correlation (Ly et al. 2016)",
    logBF,
    `stretched beta(${+(1 / kappa).toFixed(3)}, ${+(1 / kappa).toFixed(3)}) prior on ρ (κ = ${+kappa.toFixed(3)})`,
    { name: 'r', value: r },
    n,
    pairs.missing,
  );
}

/** log BF₁₀ of Ly et al. (2016) eq. 11 for a sample correlation r of n pairs (see {@link bayesCorrelation}). */
function correlationLogBF10(r: number, n: number, kappa: number): number {
  if (Math.abs(r) >= 1 && kappa >= 1) return Infinity;
  const lbeta = 2 * gammaln(1 / kappa) - gammaln(2 / kappa);
  return (
    (1 - 2 / kappa) * Math.log(2) +
    0.5 * Math.log(Math.PI) -
    lbeta +
    gammaln((n + 2 / kappa - 1) / 2) -
    gammaln((n + 2 / kappa) / 2) +
    log2F1((n - 1) / 2, (n - 1) / 2, (n + 2 / kappa) / 2, r * r)
  );
}

/**
 * The correlation Bayes factor of {@link bayesCorrelation} from a reported r and n (for reading published studies).
 *
 * @example
 * bayesCorrelationFromR(0.1, 83).bf10 // 0.2037 (pingouin bayesfactor_pearson(0.1, 83) = 0.204; JASP, κ = 1)
 */
export function bayesCorrelationFromR(r: number, n: number, options: { kappa?: number } = {}): BayesFactorResult {
  const kappa = options.kappa ?? 1;
  if (!(kappa > 0)) throw new StatsError(`Bayesian correlation: the prior width κ must be positive (got ${kappa}).`);
  if (!(Math.abs(r) <= 1) || !(n >= 3)) throw new StatsError(`Bayesian correlation from r: need −1 ≤ r ≤ 1 and n ≥ 3 (got r = ${r}, n = ${n}).`);
  return new BayesFactorResult(
    "Jeffreys's exact Bayes factor for a Pearson correlation (Ly et al. 2016), from a reported r",
    correlationLogBF10(r, n, kappa),
    `stretched beta(${+(1 / kappa).toFixed(3)}, ${+(1 / kappa).toFixed(3)}) prior on ρ (κ = ${+kappa.toFixed(3)})`,
    { name: 'r', value: r },
    n,
    0,
  );
}

/**
 * The JZS t-test Bayes factor from a reported t (for reading published studies): `{ t, n1, n2 }` for two independent
 * groups (Student's t), `{ t, n }` for a one-sample or paired test.
 *
 * @example
 * bayesTTestFromT({ t: 3.5, n1: 20, n2: 20 }).bf10 // 26.74 (pingouin bayesfactor_ttest(3.5, 20, 20) = 26.743)
 */
export function bayesTTestFromT(input: { t: number; n1?: number; n2?: number; n?: number }, options: { r?: number } = {}): BayesFactorResult {
  const r = options.r ?? Math.SQRT1_2;
  if (input.n1 !== undefined && input.n2 !== undefined) {
    if (!(input.n1 >= 2 && input.n2 >= 2)) throw new StatsError('bayesTTestFromT: each group needs n ≥ 2.');
    const { n1, n2 } = input;
    return tResult('JZS Bayes factor from a reported independent-samples t (Rouder et al. 2009)', input.t, (n1 * n2) / (n1 + n2), n1 + n2 - 2, r, n1 + n2, 0);
  }
  if (input.n !== undefined) {
    if (!(input.n >= 2)) throw new StatsError('bayesTTestFromT: n must be at least 2.');
    return tResult('JZS Bayes factor from a reported one-sample / paired t (Rouder et al. 2009)', input.t, input.n, input.n - 1, r, input.n, 0);
  }
  throw new StatsError('bayesTTestFromT: give n1 and n2 (two groups) or n (one sample / paired).');
}
