/**
 * Equivalence tests by two one-sided tests (TOST; Schuirmann, 1987; Lakens, 2017) for one-sample,
 * paired and two-sample designs (Student and Welch), and the normative comparison of a treated
 * group with a norm group (Kendall, Marrs-Garcia, Nath & Sheldrick, 1999).
 *
 * Every piece is an ordinary t-test: checked against R `t.test(..., mu = bound, alternative =
 * "greater" | "less")` and `t.test(..., conf.level = 1 − 2α)$conf.int` (tests/reference/equivalence.R).
 */
import { fmt, fmtCI, fmtDf, fmtP } from './apa.js';
import { studentT } from './distributions.js';
import { mean, variance } from './moments.js';
import {
  pairedDifferences,
  type ConfidenceInterval,
  finiteValues,
  type MissingHandling,
  type NumericInput,
  type StatResult,
  StatsError,
} from './result.js';

/** Equivalence bounds are raw score units or standardized mean differences (SMD, Cohen's d units). */
export type EquivalenceBoundType = 'raw' | 'smd';

export interface TostOptions {
  /** Lower equivalence bound (negative), in raw units or SMD units (see `boundType`). */
  low: number;
  /** Upper equivalence bound (positive). */
  high: number;
  /** `'raw'` (default) or `'smd'`: bounds in SD units, converted to raw with the design's SD (see each function). */
  boundType?: EquivalenceBoundType;
  /** α of each one-sided test, default 0.05; the CI has level 1 − 2α (90%). */
  alpha?: number;
}

/** The design of a TOST. */
export type TostDesign = 'one-sample' | 'paired' | 'two-sample-student' | 'two-sample-welch';

const DESIGN_NAMES: Record<TostDesign, string> = {
  'one-sample': 'one-sample t',
  paired: 'paired t',
  'two-sample-student': 'Student two-sample t',
  'two-sample-welch': 'Welch two-sample t',
};

export interface OneSidedTest {
  /** Null-hypothesis value (the equivalence bound in raw units). */
  bound: number;
  t: number;
  df: number;
  p: number;
  /** `'greater'`: H1 Δ > low; `'less'`: H1 Δ < high. */
  alternative: 'greater' | 'less';
}

/** Result of an equivalence test (two one-sided t-tests). */
export class TostResult implements StatResult {
  readonly method: string;
  readonly design: TostDesign;
  /**
   * Estimate: the mean (one-sample, compared with μ), mean(x − y) (paired), mean(x) − mean(y)
   * (two-sample). The bounds and CI are on the same scale (one-sample: μ + low, μ + high), as in R.
   */
  readonly estimate: number;
  readonly se: number;
  readonly df: number;
  /** Bounds in raw units after any SMD conversion. */
  readonly bounds: { low: number; high: number; type: EquivalenceBoundType; givenLow: number; givenHigh: number; sdUsed: number };
  readonly lower: OneSidedTest;
  readonly upper: OneSidedTest;
  /** max(p_lower, p_upper). */
  readonly p: number;
  readonly alpha: number;
  /** 1 − 2α CI of the difference (equivalent iff it lies within the bounds). */
  readonly ci: ConfidenceInterval;
  /** Ordinary two-sided t-test of Δ = 0 (mu for one-sample), for reporting alongside. */
  readonly nhst: { t: number; df: number; p: number };
  readonly equivalent: boolean;
  readonly n: number[];
  readonly nMissing: number;
  readonly missing: MissingHandling;

  constructor(init: Omit<TostResult, 'toJSON' | 'apa' | 'method'> & { methodSuffix?: string }) {
    this.method = `Equivalence test, two one-sided ${DESIGN_NAMES[init.design]}-tests (TOST; Schuirmann, 1987)${init.methodSuffix ?? ''}`;
    this.design = init.design;
    this.estimate = init.estimate;
    this.se = init.se;
    this.df = init.df;
    this.bounds = init.bounds;
    this.lower = init.lower;
    this.upper = init.upper;
    this.p = init.p;
    this.alpha = init.alpha;
    this.ci = init.ci;
    this.nhst = init.nhst;
    this.equivalent = init.equivalent;
    this.n = init.n;
    this.nMissing = init.nMissing;
    this.missing = init.missing;
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      design: this.design,
      estimate: this.estimate,
      se: this.se,
      df: this.df,
      bounds: { ...this.bounds },
      lower: { ...this.lower },
      upper: { ...this.upper },
      p: this.p,
      alpha: this.alpha,
      ci: { ...this.ci },
      nhst: { ...this.nhst },
      equivalent: this.equivalent,
      n: [...this.n],
      nMissing: this.nMissing,
      missing: this.missing,
    };
  }

  /**
   * "TOST: t(29) = 3.10, p = .002 (lower bound −5.00); t(29) = −2.05, p = .025 (upper bound 5.00);
   * difference = 0.40, 90% CI [−2.10, 2.90]; equivalent at α = .05"
   */
  apa(): string {
    const df = fmtDf(this.df);
    return (
      `TOST: t(${df}) = ${fmt(this.lower.t)}, ${fmtP(this.lower.p)} (lower bound ${fmt(this.bounds.low)}); ` +
      `t(${df}) = ${fmt(this.upper.t)}, ${fmtP(this.upper.p)} (upper bound ${fmt(this.bounds.high)}); ` +
      `${this.design === 'one-sample' ? 'M' : 'difference'} = ${fmt(this.estimate)}, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level)}; ` +
      `${this.equivalent ? 'equivalent' : 'not shown equivalent'} at α = ${String(this.alpha).replace(/^0\./, '.')}`
    );
  }
}

function checkTostOptions(o: TostOptions, what: string): { low: number; high: number; alpha: number; type: EquivalenceBoundType } {
  const alpha = o.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 0.5)) throw new StatsError(`${what}: alpha must lie strictly between 0 and 0.5 (got ${alpha}).`);
  if (!Number.isFinite(o.low) || !Number.isFinite(o.high) || !(o.low < o.high)) {
    throw new StatsError(`${what}: the equivalence bounds must be finite with low < high (got low = ${o.low}, high = ${o.high}).`);
  }
  const type = o.boundType ?? 'raw';
  if (type !== 'raw' && type !== 'smd') throw new StatsError(`${what}: boundType must be 'raw' or 'smd' (got ${String(type)}).`);
  return { low: o.low, high: o.high, alpha, type };
}

/** Core TOST from an estimate, its SE and df. Exported for summary-statistics use. */
function tostCore(init: {
  design: TostDesign;
  estimate: number;
  nullValue: number;
  se: number;
  df: number;
  low: number;
  high: number;
  givenLow: number;
  givenHigh: number;
  type: EquivalenceBoundType;
  sdUsed: number;
  alpha: number;
  n: number[];
  nMissing: number;
  missing: MissingHandling;
  methodSuffix?: string;
}): TostResult {
  const { estimate, se, df, alpha } = init;
  if (!(se > 0) || !Number.isFinite(se)) {
    throw new StatsError('equivalence test: the standard error is 0 (no variation in the data), so the t statistics are undefined.');
  }
  if (!(df > 0) || !Number.isFinite(df)) throw new StatsError(`equivalence test: the degrees of freedom are not a positive number (got ${df}).`);
  // Bounds are on the scale of the difference estimate − nullValue (one-sample: mean − mu).
  const lowAbs = init.nullValue + init.low;
  const highAbs = init.nullValue + init.high;
  const tLow = (estimate - lowAbs) / se;
  const tHigh = (estimate - highAbs) / se;
  const pLow = studentT.sf(tLow, df);
  const pHigh = studentT.cdf(tHigh, df);
  const q = studentT.quantile(1 - alpha, df);
  const t0 = (estimate - init.nullValue) / se;
  const p = Math.max(pLow, pHigh);
  return new TostResult({
    design: init.design,
    estimate,
    se,
    df,
    bounds: { low: lowAbs, high: highAbs, type: init.type, givenLow: init.givenLow, givenHigh: init.givenHigh, sdUsed: init.sdUsed },
    lower: { bound: lowAbs, t: tLow, df, p: pLow, alternative: 'greater' },
    upper: { bound: highAbs, t: tHigh, df, p: pHigh, alternative: 'less' },
    p,
    alpha,
    ci: { lower: estimate - q * se, upper: estimate + q * se, level: 1 - 2 * alpha, method: `Student t (df = ${fmtDf(df)}), level 1 − 2α` },
    nhst: { t: t0, df, p: studentT.pTwoSided(t0, df) },
    equivalent: pLow < alpha && pHigh < alpha,
    n: init.n,
    nMissing: init.nMissing,
    missing: init.missing,
    ...(init.methodSuffix !== undefined ? { methodSuffix: init.methodSuffix } : {}),
  });
}

/**
 * One-sample TOST: is the mean within [μ + low, μ + high]?
 *
 * t_L = (M − μ − low)/(s/√n), p_L = P(T_{n−1} > t_L); t_U = (M − μ − high)/(s/√n),
 * p_U = P(T_{n−1} < t_U); equivalent when both p < α; CI: M − μ ± t_{1−α,n−1}·s/√n.
 * SMD bounds are multiplied by the sample SD s (Lakens, 2017, `TOSTone`).
 * R: `t.test(x, mu = mu + low, alternative = "greater")`, `t.test(x, mu = mu + high, alternative = "less")`.
 * Missing values are dropped and counted.
 *
 * @example
 * const r = tostOneSample([4.1, 5.2, 4.8, 5.5, 4.9, 5.1], { mu: 5, low: -1, high: 1 });
 * r.equivalent // true
 * r.apa() // "TOST: t(5) = 4.80, p = .002 (lower bound 4.00); t(5) = -5.49, p = .001 (upper bound 6.00); M = 4.93, 90% CI [4.54, 5.32]; equivalent at α = .05"
 */
export function tostOneSample(x: NumericInput, options: TostOptions & { mu?: number }): TostResult {
  const o = checkTostOptions(options, 'tostOneSample');
  const { values, missing } = finiteValues(x);
  return tostOfValues(values, missing, options.mu ?? 0, 'one-sample', o, 'tostOneSample: needs at least 2 non-missing values');
}

/** One-sample TOST core, shared by the one-sample and the paired (differences) versions. */
function tostOfValues(
  values: Float64Array,
  nMissing: number,
  mu: number,
  design: 'one-sample' | 'paired',
  o: ReturnType<typeof checkTostOptions>,
  tooFew: string,
): TostResult {
  const n = values.length;
  if (n < 2) throw new StatsError(`${tooFew} (got ${n}).`);
  const m = mean(values);
  const s = Math.sqrt(variance(values, m));
  const k = o.type === 'smd' ? s : 1;
  return tostCore({
    design,
    estimate: m,
    nullValue: mu,
    se: s / Math.sqrt(n),
    df: n - 1,
    low: o.low * k,
    high: o.high * k,
    givenLow: o.low,
    givenHigh: o.high,
    type: o.type,
    sdUsed: o.type === 'smd' ? s : NaN,
    alpha: o.alpha,
    n: [n],
    nMissing,
    missing: 'listwise',
  });
}

/**
 * Paired TOST on the differences d = x − y (as R `t.test(x, y, paired = TRUE)`): a one-sample TOST of d
 * against 0. SMD bounds are multiplied by SD(d) (d_z units; Lakens, 2017, `TOSTpaired`).
 * Pairs with either value missing are dropped (listwise) and counted.
 *
 * @example
 * const r = tostPaired([12, 15, 11, 14, 13, 16, 12, 15], [12.5, 14, 11.5, 15, 13, 15.5, 12, 14], { low: -0.5, high: 0.5, boundType: 'smd' });
 * r.bounds.high // 0.3644… (= 0.5 × SD of the differences, 0.7289)
 * r.p // 0.1398…  → not shown equivalent
 */
export function tostPaired(x: NumericInput, y: NumericInput, options: TostOptions): TostResult {
  const o = checkTostOptions(options, 'tostPaired');
  const { d, missing } = pairedDifferences(x, y, 'tostPaired');
  return tostOfValues(d, missing, 0, 'paired', o, 'tostPaired: needs at least 2 complete pairs');
}

/** Summary statistics of one group. */
export interface TostGroupSummary {
  mean: number;
  sd: number;
  n: number;
}

function twoSampleFromSummary(
  g1: TostGroupSummary,
  g2: TostGroupSummary,
  o: { low: number; high: number; alpha: number; type: EquivalenceBoundType },
  varEqual: boolean,
  nMissing: number,
  what: string,
  methodSuffix?: string,
): TostResult {
  for (const [g, name] of [
    [g1, 'first group'],
    [g2, 'second group'],
  ] as const) {
    if (!Number.isFinite(g.mean)) throw new StatsError(`${what}: the ${name}'s mean must be finite (got ${g.mean}).`);
    if (!(g.n >= 2) || !Number.isInteger(g.n)) throw new StatsError(`${what}: the ${name} needs at least 2 values (got n = ${g.n}).`);
    if (!(g.sd >= 0) || !Number.isFinite(g.sd)) throw new StatsError(`${what}: the ${name}'s SD must be a non-negative number (got ${g.sd}).`);
  }
  const v1 = g1.sd * g1.sd;
  const v2 = g2.sd * g2.sd;
  let se: number;
  let df: number;
  if (varEqual) {
    df = g1.n + g2.n - 2;
    const sp2 = ((g1.n - 1) * v1 + (g2.n - 1) * v2) / df;
    se = Math.sqrt(sp2 * (1 / g1.n + 1 / g2.n));
  } else {
    const a = v1 / g1.n;
    const b = v2 / g2.n;
    se = Math.sqrt(a + b);
    // Welch–Satterthwaite df, computed on a rescaled a, b so tiny variances cannot underflow to 0/0.
    const m = Math.max(a, b);
    const as = a / m;
    const bs = b / m;
    df = (as + bs) ** 2 / ((as * as) / (g1.n - 1) + (bs * bs) / (g2.n - 1));
  }
  const sdSmd = Math.sqrt((v1 + v2) / 2);
  const k = o.type === 'smd' ? sdSmd : 1;
  return tostCore({
    design: varEqual ? 'two-sample-student' : 'two-sample-welch',
    estimate: g1.mean - g2.mean,
    nullValue: 0,
    se,
    df,
    low: o.low * k,
    high: o.high * k,
    givenLow: o.low,
    givenHigh: o.high,
    type: o.type,
    sdUsed: o.type === 'smd' ? sdSmd : NaN,
    alpha: o.alpha,
    n: [g1.n, g2.n],
    nMissing,
    missing: 'listwise',
    ...(methodSuffix !== undefined ? { methodSuffix } : {}),
  });
}

/**
 * Two-sample TOST on Δ = mean(x) − mean(y), Welch (default, `varEqual: false`, Satterthwaite df)
 * or Student (`varEqual: true`, pooled variance, df = n₁ + n₂ − 2).
 * SMD bounds are multiplied by √((s₁² + s₂²)/2) (Lakens, 2017, `TOSTtwo`).
 * R: `t.test(x, y, mu = low, alternative = "greater", var.equal = …)` and the same with `high`, `"less"`.
 * Missing values are dropped per group and counted.
 *
 * @example
 * const r = tostTwoSample([48, 52, 50, 47, 53, 51, 49, 50], [50, 49, 51, 52, 48, 50, 51, 53], { low: -3, high: 3 });
 * r.apa() // "TOST: t(13.37) = 2.76, p = .008 (lower bound -3.00); t(13.37) = -3.86, p < .001 (upper bound 3.00); difference = -0.50, 90% CI [-2.10, 1.10]; equivalent at α = .05"
 */
export function tostTwoSample(x: NumericInput, y: NumericInput, options: TostOptions & { varEqual?: boolean }): TostResult {
  const o = checkTostOptions(options, 'tostTwoSample');
  const a = finiteValues(x);
  const b = finiteValues(y);
  if (a.values.length < 2 || b.values.length < 2) {
    throw new StatsError(`tostTwoSample: each group needs at least 2 non-missing values (got ${a.values.length} and ${b.values.length}).`);
  }
  const m1 = mean(a.values);
  const m2 = mean(b.values);
  return twoSampleFromSummary(
    { mean: m1, sd: Math.sqrt(variance(a.values, m1)), n: a.values.length },
    { mean: m2, sd: Math.sqrt(variance(b.values, m2)), n: b.values.length },
    o,
    options.varEqual ?? false,
    a.missing + b.missing,
    'tostTwoSample',
  );
}

/**
 * Two-sample TOST from summary statistics (means, SDs, ns), Welch or Student as
 * {@link tostTwoSample}. Useful when only published descriptives are available.
 * Formulas as {@link tostTwoSample} with x̄, s, n taken from the summaries (Schuirmann, 1987; Lakens, 2017,
 * `TOSTtwo`); CI: Δ ± t(1 − α, df)·SE (the 1 − 2α interval). Checked against the `normcomp()` summary formulas
 * in tests/reference/equivalence.R (via {@link normativeComparison} with a summary norm) and the t.test pair there.
 *
 * @example
 * const r = tostTwoSampleSummary({ mean: 10, sd: 2, n: 30 }, { mean: 10.5, sd: 2.5, n: 40 }, { low: -1, high: 1 });
 * r.equivalent // false (p_lower = .178)
 */
export function tostTwoSampleSummary(
  g1: TostGroupSummary,
  g2: TostGroupSummary,
  options: TostOptions & { varEqual?: boolean },
): TostResult {
  const o = checkTostOptions(options, 'tostTwoSampleSummary');
  return twoSampleFromSummary(g1, g2, o, options.varEqual ?? false, 0, 'tostTwoSampleSummary');
}

export interface NormativeComparisonOptions {
  /**
   * Half-width δ of the equivalence range in units of the norm group's SD. Default 1: Kendall et al.
   * (1999) take the treated group as equivalent to the norm group when its mean lies within one norm
   * SD (the "range of closeness"), as implemented in Cribbie's `normcomp` (R package
   * equivalencetests). Cribbie & Arpin-Cribbie (2009) also report 0.5 and 1.5.
   */
  deltaSD?: number;
  /** Half-width δ in raw score units instead of `deltaSD`. */
  delta?: number;
  /**
   * `'welch'` (default; Cribbie & Arpin-Cribbie, 2009) or `'pooled'` (Student t with pooled variance,
   * the original Kendall et al. 1999 procedure, valid only with equal SDs).
   */
  variance?: 'welch' | 'pooled';
  alpha?: number;
}

/**
 * Normative comparison (Kendall, Marrs-Garcia, Nath & Sheldrick, 1999): is the treated group's
 * post-test mean equivalent to the norm group's mean within ±δ?
 *
 * Two one-sided tests of Δ = M_treated − M_norm against −δ and +δ, with δ = `deltaSD`·SD_norm
 * (default one norm SD) or a raw `delta`:
 *
 * - `norm` as an array of scores or as {mean, sd, n}: two-sample t-tests, Welch (default) or pooled;
 *   with the pooled variance this is exactly Kendall et al.'s test (t = (M_T − M_N ∓ δ)/√(s_p²(1/n_T + 1/n_N)),
 *   df = n_T + n_N − 2), with Welch it is Cribbie & Arpin-Cribbie's (2009) version; both as in
 *   `normcomp()` of R package equivalencetests;
 * - `norm` as {mean, sd} without n (published population norms): the norm mean is treated as known
 *   and a one-sample TOST of the treated scores against it is used (df = n_T − 1).
 *
 * The result's `bounds` hold −δ and +δ (two-sample, on the scale of M_T − M_N) or M_N ∓ δ
 * (known norm mean, on the scale of M_T). Errors: norm SD ≤ 0 when δ is given in SD units.
 *
 * @example
 * const r = normativeComparison([52, 47, 55, 49, 51, 58, 46, 50, 53, 48], { mean: 50, sd: 10, n: 200 });
 * r.bounds // { low: -10, high: 10, … }  (δ = 1 norm SD)
 * r.apa() // "TOST: t(16.56) = 7.93, p < .001 (lower bound -10.00); t(16.56) = -6.62, p < .001 (upper bound 10.00); difference = 0.90, 90% CI [-1.49, 3.29]; equivalent at α = .05"
 */
export function normativeComparison(
  treated: NumericInput,
  norm: NumericInput | { mean: number; sd: number; n?: number },
  options: NormativeComparisonOptions = {},
): TostResult {
  const alpha = options.alpha ?? 0.05;
  const t = finiteValues(treated);
  if (t.values.length < 2) throw new StatsError(`normativeComparison: the treated group needs at least 2 non-missing scores (got ${t.values.length}).`);
  const mT = mean(t.values);
  const treatedSummary: TostGroupSummary = { mean: mT, sd: Math.sqrt(variance(t.values, mT)), n: t.values.length };

  let normSummary: { mean: number; sd: number; n?: number };
  let normMissing = 0;
  if (typeof (norm as { mean?: unknown }).mean === 'number' && !('length' in (norm as object))) {
    normSummary = norm as { mean: number; sd: number; n?: number };
  } else {
    const v = finiteValues(norm as NumericInput);
    if (v.values.length < 2) throw new StatsError(`normativeComparison: the norm group needs at least 2 non-missing scores (got ${v.values.length}).`);
    const m = mean(v.values);
    normSummary = { mean: m, sd: Math.sqrt(variance(v.values, m)), n: v.values.length };
    normMissing = v.missing;
  }
  if (!Number.isFinite(normSummary.mean)) throw new StatsError(`normativeComparison: the norm mean must be finite (got ${normSummary.mean}).`);
  if (!(normSummary.sd > 0) || !Number.isFinite(normSummary.sd)) {
    throw new StatsError(`normativeComparison: the norm group's SD must be positive (got ${normSummary.sd}); a norm without spread cannot define a range of closeness.`);
  }

  let delta: number;
  let suffix: string;
  if (options.delta !== undefined) {
    if (!(options.delta > 0)) throw new StatsError(`normativeComparison: delta must be positive (got ${options.delta}).`);
    delta = options.delta;
    suffix = `; normative comparison (Kendall et al., 1999), δ = ${fmt(delta)}`;
  } else {
    const k = options.deltaSD ?? 1;
    if (!(k > 0)) throw new StatsError(`normativeComparison: deltaSD must be positive (got ${k}).`);
    delta = k * normSummary.sd;
    suffix = `; normative comparison (Kendall et al., 1999), δ = ${k} × norm SD = ${fmt(delta)}`;
  }
  const o = { low: -delta, high: delta, alpha, type: 'raw' as const };
  if (!(alpha > 0 && alpha < 0.5)) throw new StatsError(`normativeComparison: alpha must lie strictly between 0 and 0.5 (got ${alpha}).`);

  if (normSummary.n === undefined) {
    const n = treatedSummary.n;
    return tostCore({
      design: 'one-sample',
      estimate: treatedSummary.mean,
      nullValue: normSummary.mean,
      se: treatedSummary.sd / Math.sqrt(n),
      df: n - 1,
      low: -delta,
      high: delta,
      givenLow: -delta,
      givenHigh: delta,
      type: 'raw',
      sdUsed: NaN,
      alpha,
      n: [n],
      nMissing: t.missing,
      missing: 'listwise',
      methodSuffix: `${suffix}, norm mean treated as known`,
    });
  }
  const variance_ = options.variance ?? 'welch';
  if (variance_ !== 'welch' && variance_ !== 'pooled') throw new StatsError(`normativeComparison: variance must be 'welch' or 'pooled'.`);
  return twoSampleFromSummary(
    treatedSummary,
    { mean: normSummary.mean, sd: normSummary.sd, n: normSummary.n },
    o,
    variance_ === 'pooled',
    t.missing + normMissing,
    'normativeComparison',
    suffix,
  );
}
