/**
 * Rank-based and probability effect sizes: rank-biserial correlation (independent and paired),
 * probability of superiority, and McGraw & Wong's common-language effect size.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { normal } from '../distributions.js';
import { mean, variance } from '../moments.js';
import { rank } from '../ranks.js';
import { StatsError, completePairs, finiteValues, type ConfidenceInterval, type NumericInput } from '../result.js';
import { EffectSizeResult, checkEffectSizeLevel } from './result.js';
import { cohensD } from './smd.js';

export interface RankEffectOptions {
  /** Confidence level (default 0.95). */
  level?: number;
}

const FISHER_RB = 'Fisher z on the rank-biserial correlation (as R effectsize::rank_biserial)';

function fisherCI(r: number, se: number, level: number, method: string): ConfidenceInterval {
  const z = normal.quantile(1 - (1 - level) / 2, 0, 1);
  const f = Math.atanh(r);
  return { lower: Math.tanh(f - z * se), upper: Math.tanh(f + z * se), level, method };
}

/**
 * Rank-biserial correlation for two independent samples (Glass, 1965; Kerby, 2014):
 *
 *   r_rb = (U₁ − U₂)/(n₁n₂) = 2·U₁/(n₁n₂) − 1,  U₁ = R₁ − n₁(n₁+1)/2,
 *
 * with R₁ the sum of the (average, for ties) ranks of x in the combined sample. r_rb > 0 when x tends to be larger;
 * r_rb = 2·P(X > Y) + P(X = Y) − 1. CI: Fisher z with SE = √((n₁+n₂+1)/(3n₁n₂)), r = tanh(atanh(r_rb) ± z·SE)
 * (as R `effectsize::rank_biserial`, which the fixtures check to 1e-10). When |r_rb| = 1 the interval collapses to
 * [±1, ±1], as in R. Missing values are dropped per group.
 *
 * @example rankBiserial([3, 5, 6, 9], [1, 2, 4, 5]).estimate // 0.6875 (R effectsize::rank_biserial: 0.6875)
 */
export function rankBiserial(x: NumericInput, y: NumericInput, options: RankEffectOptions = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'rankBiserial');
  const a = finiteValues(x);
  const b = finiteValues(y);
  const n1 = a.values.length;
  const n2 = b.values.length;
  if (n1 < 1 || n2 < 1) throw new StatsError(`rankBiserial needs at least one non-missing value in each group (got n1 = ${n1}, n2 = ${n2}).`);
  const all = new Float64Array(n1 + n2);
  all.set(a.values, 0);
  all.set(b.values, n1);
  const { ranks } = rank(all);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  let r2 = 0;
  for (let i = n1; i < n1 + n2; i++) r2 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = r2 - (n2 * (n2 + 1)) / 2;
  const rb = (u1 - u2) / (n1 * n2);
  const se = Math.sqrt((n1 + n2 + 1) / (3 * n1 * n2));
  const notes = Math.abs(rb) === 1 ? ['Complete separation (|r_rb| = 1): the Fisher-z interval collapses to a point.'] : [];
  return new EffectSizeResult({
    method: 'Rank-biserial correlation (independent samples)',
    measure: 'r_rb',
    symbol: 'r_rb',
    estimate: rb,
    ci: fisherCI(rb, se, level, FISHER_RB),
    n: { n1, n2 },
    missing: a.missing + b.missing,
    missingHandling: 'listwise',
    details: { U1: u1, U2: u2, seFisherZ: se },
    bounded: true,
    notes,
  });
}

/**
 * Matched-pairs rank-biserial correlation (King, Rosopa & Minium, 2011; Kerby, 2014) on the differences x − y:
 * zero differences are dropped, |D| are ranked (average ranks for ties), and
 * r_rb = (T₊ − T₋)/S with T± the sums of ranks of positive/negative differences and S = n_d(n_d+1)/2.
 * CI: Fisher z with SE = √((2n³ + 3n² + n)/6)/(n(n+1)/2), where n is the number of complete pairs — including
 * pairs with a zero difference — exactly as R `effectsize::rank_biserial(x, y, paired = TRUE)` (0.8.3) and TOSTER
 * compute it (effectsize counts `x − μ ≠ 0` on the first variable, which is every pair unless a raw x equals μ).
 * Pairs with a missing side are dropped (listwise). Throws a StatsError when every difference is zero.
 *
 * @example rankBiserialPaired([3, 5, 4, 8, 6], [2, 5, 5, 4, 3]).estimate // 0.7 (T₊ = 8.5, T₋ = 1.5, S = 10; the zero difference is dropped)
 */
export function rankBiserialPaired(x: NumericInput, y: NumericInput, options: RankEffectOptions = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'rankBiserialPaired');
  const p = completePairs(x, y, 'rankBiserialPaired');
  const d: number[] = [];
  for (let i = 0; i < p.x.length; i++) {
    const v = p.x[i] - p.y[i];
    if (v !== 0) d.push(v);
  }
  const nd = d.length;
  if (nd === 0) throw new StatsError('rankBiserialPaired is undefined: every paired difference is zero (or there are no complete pairs).');
  const { ranks } = rank(d.map(Math.abs));
  let tPlus = 0;
  let tMinus = 0;
  for (let i = 0; i < nd; i++) {
    if (d[i] > 0) tPlus += ranks[i];
    else tMinus += ranks[i];
  }
  const S = (nd * (nd + 1)) / 2;
  const rb = (tPlus - tMinus) / S;
  const np = p.x.length;
  const se = Math.sqrt((2 * np ** 3 + 3 * np ** 2 + np) / 6) / ((np * (np + 1)) / 2);
  return new EffectSizeResult({
    method: 'Rank-biserial correlation (paired samples)',
    measure: 'r_rb',
    symbol: 'r_rb',
    estimate: rb,
    ci: fisherCI(rb, se, level, FISHER_RB),
    n: { pairs: p.x.length, nonZeroDifferences: nd },
    missing: p.missing,
    missingHandling: 'listwise',
    details: { Tplus: tPlus, Tminus: tMinus, seFisherZ: se, zeroDifferencesDropped: p.x.length - nd },
    bounded: true,
  });
}

export interface SuperiorityOptions extends RankEffectOptions {
  /**
   * false (default): nonparametric P(X > Y) + ½P(X = Y) = (r_rb + 1)/2 with the rank-biserial CI transformed;
   * true: Φ(d/√2) from Cohen's d with its noncentral-t CI transformed (both as R `effectsize::p_superiority`).
   */
  parametric?: boolean;
}

/**
 * Probability of superiority: the chance that a random member of x scores higher than a random member of y
 * (ties count half). Nonparametric (default): PS = U₁/(n₁n₂) = (r_rb + 1)/2 (Grissom & Kim, 2012; the
 * "A" of Vargha & Delaney, 2000). Parametric: PS = Φ(d/√2), which assumes normal data with equal variances.
 * CIs are the rank-biserial (Fisher z) or Cohen's d (noncentral t) CIs mapped through the same transformation.
 * Checked against R `effectsize::p_superiority(x, y, parametric = FALSE / TRUE)`.
 *
 * @example probabilityOfSuperiority([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).apa() // "PS = .82, 95% CI [.50, .95]"
 */
export function probabilityOfSuperiority(x: NumericInput, y: NumericInput, options: SuperiorityOptions = {}): EffectSizeResult {
  if (options.parametric) {
    const d = cohensD(x, y, options);
    const f = (v: number): number => normalCdf(v / Math.SQRT2, 0, 1);
    return new EffectSizeResult({
      method: "Probability of superiority, parametric: Φ(d/√2) from Cohen's d",
      measure: 'p_superiority',
      symbol: 'PS',
      estimate: f(d.estimate),
      ci: d.ci ? { ...d.ci, lower: f(d.ci.lower), upper: f(d.ci.upper), method: `${d.ci.method}, mapped by Φ(d/√2)` } : null,
      n: d.n,
      missing: d.missing,
      missingHandling: d.missingHandling,
      details: { cohensD: d.estimate },
      bounded: true,
      notes: d.notes,
    });
  }
  const rb = rankBiserial(x, y, options);
  const f = (v: number): number => (v + 1) / 2;
  return new EffectSizeResult({
    method: 'Probability of superiority, nonparametric: P(X > Y) + ½P(X = Y)',
    measure: 'p_superiority',
    symbol: 'PS',
    estimate: f(rb.estimate),
    ci: rb.ci ? { ...rb.ci, lower: f(rb.ci.lower), upper: f(rb.ci.upper), method: `${rb.ci.method}, mapped by (r_rb + 1)/2` } : null,
    n: rb.n,
    missing: rb.missing,
    missingHandling: rb.missingHandling,
    details: { rankBiserial: rb.estimate },
    bounded: true,
    notes: rb.notes,
  });
}

/**
 * McGraw & Wong's (1992) common-language effect size for two independent groups under normality, without assuming
 * equal variances: CL = Φ((M₁ − M₂)/√(s₁² + s₂²)), the probability that a random x exceeds a random y.
 * No CI is given (McGraw & Wong give none); use {@link probabilityOfSuperiority} for an interval.
 * Equals `probabilityOfSuperiority(x, y, { parametric: true })` when n₁ = n₂. Checked against the formula in R.
 *
 * @example clesMcGrawWong([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).estimate // 0.8144533 (= Φ(2/√5))
 */
export function clesMcGrawWong(x: NumericInput, y: NumericInput): EffectSizeResult {
  const a = finiteValues(x);
  const b = finiteValues(y);
  if (a.values.length < 2 || b.values.length < 2) {
    throw new StatsError(`clesMcGrawWong needs at least 2 non-missing values per group (got ${a.values.length} and ${b.values.length}).`);
  }
  const v = variance(a.values) + variance(b.values);
  if (!(v > 0)) throw new StatsError('clesMcGrawWong is undefined: both groups have zero variance.');
  const z = (mean(a.values) - mean(b.values)) / Math.sqrt(v);
  return new EffectSizeResult({
    method: 'Common-language effect size (McGraw & Wong, 1992)',
    measure: 'cles_mcgraw_wong',
    symbol: 'CL',
    estimate: normalCdf(z, 0, 1),
    ci: null,
    n: { n1: a.values.length, n2: b.values.length },
    missing: a.missing + b.missing,
    missingHandling: 'listwise',
    details: { z },
    bounded: true,
  });
}
