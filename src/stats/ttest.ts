/**
 * t-tests: one-sample (against a norm mean μ₀), paired, Student (pooled variance) and Welch
 * two-sample, with the confidence interval of the mean (difference).
 *
 * This module also defines the result shape shared by all hypothesis tests of the library
 * (`HypothesisTestResult`, used by `nonparametric.ts` and `contingency.ts`): statistic, df,
 * p-value, alternative, estimate with CI, n, missing-data handling, method and an APA line.
 *
 * Reference implementation: R `stats::t.test` (R 4.2), checked on random data in
 * tests/stats/ttest.test.ts against tests/reference/tests.json (tests/reference/tests.R).
 */
import { fmt, fmtCI, fmtDf, fmtP } from './apa.js';
import { studentT } from './distributions.js';
import { repeatedMeasuresD } from './effsize/paired.js';
import type { EffectSizeResult } from './effsize/result.js';
import { cohensD } from './effsize/smd.js';
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

/**
 * Alternative hypothesis, as R's `alternative`: `'two-sided'` (R "two.sided"), `'less'`
 * (true location/difference is less than the null value) or `'greater'`.
 */
export type TestAlternative = 'two-sided' | 'less' | 'greater';

/** A point estimate with its name, e.g. `{ name: 'mean difference', value: 1.2 }`. */
export interface TestEstimate {
  name: string;
  value: number;
}

/** Everything a hypothesis test reports. Subclasses add test-specific numbers. */
export interface HypothesisTestInit {
  method: string;
  /** Symbol of the statistic in APA text: "t", "V", "W", "χ²", "S". */
  statisticName: string;
  statistic: number;
  /** Degrees of freedom (R's `parameter`), null when the test has none. */
  df: number | null;
  p: number;
  alternative: TestAlternative;
  /** The value under H₀ (μ₀, location shift, odds ratio, probability). */
  nullValue: number;
  estimate: TestEstimate | null;
  ci: ConfidenceInterval | null;
  /** Observations (or pairs, or table total) used. */
  n: number;
  /** Observations dropped as missing (NaN/null/undefined). */
  missing: number;
  missingHandling: MissingHandling;
  /** Notes a reader should see: dropped zeros, ties that forced the normal approximation, small expected counts. */
  notes?: string[];
}

/** Base class of every hypothesis-test result (implements `StatResult`). */
export class HypothesisTestResult implements StatResult {
  readonly method: string;
  readonly statisticName: string;
  readonly statistic: number;
  readonly df: number | null;
  readonly p: number;
  readonly alternative: TestAlternative;
  readonly nullValue: number;
  readonly estimate: TestEstimate | null;
  readonly ci: ConfidenceInterval | null;
  readonly n: number;
  readonly missing: number;
  readonly missingHandling: MissingHandling;
  readonly notes: string[];

  constructor(init: HypothesisTestInit) {
    this.method = init.method;
    this.statisticName = init.statisticName;
    this.statistic = init.statistic;
    this.df = init.df;
    this.p = init.p;
    this.alternative = init.alternative;
    this.nullValue = init.nullValue;
    this.estimate = init.estimate;
    this.ci = init.ci;
    this.n = init.n;
    this.missing = init.missing;
    this.missingHandling = init.missingHandling;
    this.notes = init.notes ?? [];
  }

  /** Plain object with every number; infinite CI bounds stay ±Infinity here (JSON.stringify writes them as null). */
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      statisticName: this.statisticName,
      statistic: this.statistic,
      df: this.df,
      p: this.p,
      alternative: this.alternative,
      nullValue: this.nullValue,
      estimate: this.estimate ? { ...this.estimate } : null,
      ci: this.ci ? { ...this.ci } : null,
      n: this.n,
      missing: this.missing,
      missingHandling: this.missingHandling,
      notes: [...this.notes],
    };
  }

  /** "t(24) = 2.45, p = .016" — subclasses append estimates. */
  protected statisticApa(digits = 2): string {
    const df = this.df === null ? '' : `(${fmtDf(this.df)})`;
    return `${this.statisticName}${df} = ${fmt(this.statistic, digits)}, ${fmtP(this.p)}`;
  }

  protected ciApa(digits = 2, noLeadingZero = false): string {
    return this.ci ? `, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level, digits, noLeadingZero)}` : '';
  }

  apa(): string {
    return this.statisticApa();
  }
}

/**
 * Internal: validates `alternative` (default 'two-sided'); throws a StatsError for anything else.
 *
 * @example
 * checkTestAlternative(undefined) // "two-sided"
 */
export function checkTestAlternative(alt: string | undefined): TestAlternative {
  const a = alt ?? 'two-sided';
  if (a !== 'two-sided' && a !== 'less' && a !== 'greater') {
    throw new StatsError(`alternative must be 'two-sided', 'less' or 'greater' (got '${a}').`);
  }
  return a;
}

/**
 * Internal: validates a confidence level strictly between 0 and 1 (default 0.95).
 *
 * @example
 * checkTestConfLevel(undefined, 't-test') // 0.95
 */
export function checkTestConfLevel(level: number | undefined, what: string): number {
  const l = level ?? 0.95;
  if (!(l > 0 && l < 1)) throw new StatsError(`${what}: the confidence level must lie strictly between 0 and 1 (got ${l}).`);
  return l;
}

// ---------------------------------------------------------------------------------------------

export interface TTestOptions {
  /** Alternative hypothesis, default `'two-sided'`. */
  alternative?: TestAlternative;
  /** Null value: the norm mean (one-sample), the mean difference (paired, two-sample). Default 0. */
  mu?: number;
  /** Confidence level of the interval, default 0.95. */
  confLevel?: number;
  /**
   * Attach the matching standardised effect size from `effsize/` (shown in `apa()`), default
   * `true`: Cohen's d (pooled SD) for two-sample tests, d_z for paired tests. Skipped (with a
   * note) when μ₀ ≠ 0; the one-sample test has none.
   */
  effectSize?: boolean;
}

export interface TwoSampleTTestOptions extends TTestOptions {
  /** `true`: Student's pooled-variance test; `false` (default, as R): Welch's test. */
  varEqual?: boolean;
}

export type TTestKind = 'one-sample' | 'paired' | 'student' | 'welch';

/** Result of a t-test: t, df, p, the mean (difference) with its t-based CI, and the standard error. */
export class TTestResult extends HypothesisTestResult {
  readonly kind: TTestKind;
  /** Standard error of the mean (difference), R's `stderr`. */
  readonly stderr: number;
  /** Mean of x (of the differences for the paired test). */
  readonly meanX: number;
  /** Mean of y (two-sample tests only; NaN otherwise). */
  readonly meanY: number;
  readonly nX: number;
  /** Size of y (two-sample tests; for paired tests the number of pairs; 0 for one-sample). */
  readonly nY: number;
  /**
   * Standardised effect size for the APA line, when the caller supplies one
   * (e.g. from `effsize.ts`): `{ symbol: 'd', value, ci }`.
   */
  readonly effectSize: { symbol: string; value: number; ci?: ConfidenceInterval } | null;

  constructor(
    init: HypothesisTestInit & {
      kind: TTestKind;
      stderr: number;
      meanX: number;
      meanY: number;
      nX: number;
      nY: number;
      effectSize?: { symbol: string; value: number; ci?: ConfidenceInterval } | null;
    },
  ) {
    super(init);
    this.kind = init.kind;
    this.stderr = init.stderr;
    this.meanX = init.meanX;
    this.meanY = init.meanY;
    this.nX = init.nX;
    this.nY = init.nY;
    this.effectSize = init.effectSize ?? null;
  }

  /** Returns a copy carrying a standardised effect size (shown in `apa()`). */
  withEffectSize(es: { symbol: string; value: number; ci?: ConfidenceInterval }): TTestResult {
    return new TTestResult({ ...this.initObject(), effectSize: es });
  }

  private initObject(): ConstructorParameters<typeof TTestResult>[0] {
    return {
      method: this.method,
      statisticName: this.statisticName,
      statistic: this.statistic,
      df: this.df,
      p: this.p,
      alternative: this.alternative,
      nullValue: this.nullValue,
      estimate: this.estimate,
      ci: this.ci,
      n: this.n,
      missing: this.missing,
      missingHandling: this.missingHandling,
      notes: this.notes,
      kind: this.kind,
      stderr: this.stderr,
      meanX: this.meanX,
      meanY: this.meanY,
      nX: this.nX,
      nY: this.nY,
      effectSize: this.effectSize,
    };
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      kind: this.kind,
      stderr: this.stderr,
      meanX: this.meanX,
      meanY: this.meanY,
      nX: this.nX,
      nY: this.nY,
      effectSize: this.effectSize ? { ...this.effectSize } : null,
    };
  }

  /**
   * "t(29) = 2.45, p = .020, M = 1.20, 95% CI [0.21, 2.19]" (M = mean, mean difference or
   * difference in means; the CI is that of M). With an effect size attached:
   * "t(29) = 2.45, p = .020, d = 0.45, 95% CI [0.07, 0.82]" (the CI is then that of d).
   */
  override apa(): string {
    const head = this.statisticApa();
    if (this.effectSize) {
      const es = this.effectSize;
      const ci = es.ci ? `, ${fmtCI(es.ci.lower, es.ci.upper, es.ci.level)}` : '';
      return `${head}, ${es.symbol} = ${fmt(es.value)}${ci}`;
    }
    const m = this.kind === 'one-sample' ? 'M' : 'M_diff';
    return `${head}, ${m} = ${fmt(this.estimate?.value ?? NaN)}${this.ciApa()}`;
  }
}

function tInterval(
  t: number,
  df: number,
  se: number,
  mu: number,
  alternative: TestAlternative,
  level: number,
): { p: number; lower: number; upper: number } {
  if (alternative === 'less') {
    return { p: studentT.cdf(t, df), lower: -Infinity, upper: mu + (t + studentT.quantile(level, df)) * se };
  }
  if (alternative === 'greater') {
    return { p: studentT.sf(t, df), lower: mu + (t - studentT.quantile(level, df)) * se, upper: Infinity };
  }
  const q = studentT.quantile(1 - (1 - level) / 2, df);
  return { p: 2 * studentT.cdf(-Math.abs(t), df), lower: mu + (t - q) * se, upper: mu + (t + q) * se };
}

type AttachedEffect = { symbol: string; value: number; ci?: ConfidenceInterval };

/** Runs an effect-size function from `effsize/`, turning its result into the attached form. */
function effectFrom(run: () => EffectSizeResult, notes: string[]): AttachedEffect | null {
  try {
    const es = run();
    const out: AttachedEffect = { symbol: es.symbol, value: es.estimate };
    if (es.ci && Number.isFinite(es.ci.lower) && Number.isFinite(es.ci.upper)) out.ci = es.ci;
    notes.push(`Effect size: ${es.method}${es.ci ? `, CI by ${es.ci.method}` : ''}.`);
    return out;
  } catch (e) {
    if (e instanceof StatsError) {
      notes.push(`Effect size not computed: ${e.message}`);
      return null;
    }
    throw e;
  }
}

const EPS = 2.220446049250313e-16;
const CI_METHOD_T = 'Student t interval of the mean (difference)';

function oneSampleCore(
  x: Float64Array,
  missing: number,
  kind: 'one-sample' | 'paired',
  options: TTestOptions,
  pairs?: { x: Float64Array; y: Float64Array },
): TTestResult {
  const what = kind === 'paired' ? 'Paired t-test' : 'One-sample t-test';
  const alternative = checkTestAlternative(options.alternative);
  const level = checkTestConfLevel(options.confLevel, what);
  const mu = options.mu ?? 0;
  if (!Number.isFinite(mu)) throw new StatsError(`${what}: mu must be a finite number (got ${mu}).`);
  const n = x.length;
  if (n < 2) {
    throw new StatsError(
      `${what}: needs at least 2 non-missing ${kind === 'paired' ? 'complete pairs' : 'values'} (got ${n}${missing ? `, ${missing} missing` : ''}).`,
    );
  }
  const mx = mean(x);
  const se = Math.sqrt(variance(x, mx) / n);
  if (se < 10 * EPS * Math.abs(mx) || se === 0) {
    throw new StatsError(
      `${what}: the data are essentially constant (all ${kind === 'paired' ? 'differences' : 'values'} equal ${fmt(mx, 4)}), so the standard error is 0 and t is undefined.`,
    );
  }
  const df = n - 1;
  const t = (mx - mu) / se;
  const { p, lower, upper } = tInterval(t, df, se, mu, alternative, level);
  const notes: string[] = kind === 'paired' && missing > 0 ? [`${missing} incomplete pair(s) dropped listwise.`] : [];
  let effectSize: AttachedEffect | null = null;
  if (pairs && (options.effectSize ?? true)) {
    if (mu !== 0) notes.push('Effect size not computed: d_z is defined for μ₀ = 0.');
    else effectSize = effectFrom(() => repeatedMeasuresD(pairs.x, pairs.y, { method: 'z', level }), notes);
  }
  return new TTestResult({
    method: kind === 'paired' ? 'Paired t-test' : 'One-sample t-test',
    kind,
    statisticName: 't',
    statistic: t,
    df,
    p,
    alternative,
    nullValue: mu,
    estimate: { name: kind === 'paired' ? 'mean difference' : 'mean', value: mx },
    ci: { lower, upper, level, method: CI_METHOD_T },
    n,
    missing,
    missingHandling: 'listwise',
    notes,
    stderr: se,
    meanX: mx,
    meanY: NaN,
    nX: n,
    nY: kind === 'paired' ? n : 0,
    effectSize,
  });
}

/**
 * One-sample t-test of the mean of `x` against a norm mean μ₀ (`options.mu`, default 0).
 *
 * t = (x̄ − μ₀) / (s/√n), df = n − 1; CI: x̄ ± t_{1−α/2, n−1}·s/√n (one-sided bounds for
 * `'less'`/`'greater'`). Missing values (null/NaN) are dropped and counted.
 *
 * Reference: Student (1908). Checked against R `t.test(x, mu = mu0)` to 1e-10 relative.
 * Throws a `StatsError` for n < 2 or (as R) when the data are essentially constant
 * (SE < 10·ε·|x̄|).
 *
 * @example
 * tTestOneSample([5.1, 4.9, 5.6, 5.8, 6.0, 5.2], { mu: 5 }).apa()
 * // "t(5) = 2.46, p = .057, M = 5.43, 95% CI [4.98, 5.89]"
 */
export function tTestOneSample(x: NumericInput, options: TTestOptions = {}): TTestResult {
  const { values, missing } = finiteValues(x);
  return oneSampleCore(values, missing, 'one-sample', options);
}

/**
 * Paired t-test: one-sample t-test on the differences d = x − y against `mu` (default 0).
 *
 * Reference: Student (1908). Pairs with a missing value on either side are dropped (listwise; the result says so in
 * `missingHandling` and `notes`). t = (d̄ − μ₀)/(s_d/√n), df = n − 1, CI of the mean difference.
 * Checked against R `t.test(x, y, paired = TRUE)`. Effect size (default on, μ₀ = 0 only):
 * d_z = d̄/s_d = t/√n with its noncentral-t CI from `effsize/paired.ts` (`repeatedMeasuresD`,
 * method "z"; R `effectsize::cohens_d(x, y, paired = TRUE)`); the APA line then shows d_z and its
 * CI instead of the mean difference (both stay in the result).
 *
 * @example
 * tTestPaired([12, 15, 11, 18, 14], [10, 14, 12, 15, 11]).apa()
 * // "t(4) = 2.14, p = .099, d_z = 0.96, 95% CI [-0.16, 2.01]"  (R effectsize: 0.96 [-0.16, 2.01])
 * tTestPaired([12, 15, 11, 18, 14], [10, 14, 12, 15, 11], { effectSize: false }).apa()
 * // "t(4) = 2.14, p = .099, M_diff = 1.60, 95% CI [-0.48, 3.68]"
 */
export function tTestPaired(x: NumericInput, y: NumericInput, options: TTestOptions = {}): TTestResult {
  const p = pairedDifferences(x, y, 'Paired t-test');
  return oneSampleCore(p.d, p.missing, 'paired', options, { x: p.x, y: p.y });
}

/**
 * Two-sample t-test of mean(x) − mean(y) against `mu` (default 0): Welch (default, as R) or
 * Student's pooled-variance test (`varEqual: true`).
 *
 * - Student: s_p² = ((n₁−1)s₁² + (n₂−1)s₂²)/(n₁+n₂−2), SE = s_p·√(1/n₁ + 1/n₂), df = n₁+n₂−2.
 * - Welch (1947): SE = √(s₁²/n₁ + s₂²/n₂), df by Welch–Satterthwaite
 *   SE⁴ / (s₁⁴/(n₁²(n₁−1)) + s₂⁴/(n₂²(n₂−1))).
 *
 * CI of the difference: (x̄ − ȳ) ± t_{1−α/2, df}·SE. Missing values are dropped per group.
 * Effect size (default on, μ₀ = 0 only): Cohen's d with the pooled SD and its noncentral-t CI from
 * `effsize/smd.ts` (`cohensD`; R `effectsize::cohens_d`), for the Welch test too (deliberately the
 * pooled-SD d, the one most readers expect; R's `pooled_sd = FALSE` variant is not used). The CI of
 * d is two-sided at `confLevel` even for one-sided tests.
 * Checked against R `t.test(x, y, var.equal = ...)`. Errors (as R): Welch needs ≥ 2 values per
 * group, Student ≥ 1 per group and ≥ 3 in total; "essentially constant" data.
 *
 * @example
 * tTestTwoSample([3, 5, 4, 6, 7], [1, 2, 4, 3], { varEqual: true }).apa()
 * // "t(7) = 2.55, p = .038, d = 1.71, 95% CI [0.09, 3.25]"  (R effectsize::cohens_d: 1.71 [0.09, 3.25])
 * tTestTwoSample([3, 5, 4, 6, 7], [1, 2, 4, 3], { varEqual: true, effectSize: false }).apa()
 * // "t(7) = 2.55, p = .038, M_diff = 2.50, 95% CI [0.18, 4.82]"
 */
export function tTestTwoSample(x: NumericInput, y: NumericInput, options: TwoSampleTTestOptions = {}): TTestResult {
  const varEqual = options.varEqual ?? false;
  const what = varEqual ? "Student's two-sample t-test" : "Welch's two-sample t-test";
  const alternative = checkTestAlternative(options.alternative);
  const level = checkTestConfLevel(options.confLevel, what);
  const mu = options.mu ?? 0;
  if (!Number.isFinite(mu)) throw new StatsError(`${what}: mu must be a finite number (got ${mu}).`);
  const fx = finiteValues(x);
  const fy = finiteValues(y);
  const xs = fx.values;
  const ys = fy.values;
  const nx = xs.length;
  const ny = ys.length;
  const minPer = varEqual ? 1 : 2;
  if (nx < minPer) throw new StatsError(`${what}: x needs at least ${minPer} non-missing value(s) (got ${nx}).`);
  if (ny < minPer) throw new StatsError(`${what}: y needs at least ${minPer} non-missing value(s) (got ${ny}).`);
  if (varEqual && nx + ny < 3) throw new StatsError(`${what}: needs at least 3 non-missing values in total (got ${nx + ny}).`);
  const mx = mean(xs);
  const my = mean(ys);
  const vx = nx > 1 ? variance(xs, mx) : 0;
  const vy = ny > 1 ? variance(ys, my) : 0;
  let df: number;
  let se: number;
  if (varEqual) {
    df = nx + ny - 2;
    const v = ((nx - 1) * vx + (ny - 1) * vy) / df;
    se = Math.sqrt(v * (1 / nx + 1 / ny));
  } else {
    const sx2 = vx / nx;
    const sy2 = vy / ny;
    se = Math.sqrt(sx2 + sy2);
    df = (se * se * se * se) / ((sx2 * sx2) / (nx - 1) + (sy2 * sy2) / (ny - 1));
  }
  if (se < 10 * EPS * Math.max(Math.abs(mx), Math.abs(my)) || se === 0) {
    throw new StatsError(`${what}: the data are essentially constant (both groups have zero variance), so t is undefined.`);
  }
  const t = (mx - my - mu) / se;
  const { p, lower, upper } = tInterval(t, df, se, mu, alternative, level);
  const missing = fx.missing + fy.missing;
  const notes: string[] = missing > 0 ? [`${fx.missing} missing value(s) dropped from x and ${fy.missing} from y.`] : [];
  let effectSize: AttachedEffect | null = null;
  if (options.effectSize ?? true) {
    if (mu !== 0) notes.push("Effect size not computed: Cohen's d is defined for μ₀ = 0.");
    else if (nx < 2 || ny < 2) notes.push("Effect size not computed: Cohen's d needs at least 2 values per group.");
    else effectSize = effectFrom(() => cohensD(xs, ys, { level }), notes);
  }
  return new TTestResult({
    method: varEqual ? "Student's two-sample t-test (pooled variance)" : "Welch's two-sample t-test",
    kind: varEqual ? 'student' : 'welch',
    statisticName: 't',
    statistic: t,
    df,
    p,
    alternative,
    nullValue: mu,
    estimate: { name: 'difference in means', value: mx - my },
    ci: { lower, upper, level, method: CI_METHOD_T },
    n: nx + ny,
    missing,
    missingHandling: 'listwise',
    notes,
    stderr: se,
    meanX: mx,
    meanY: my,
    nX: nx,
    nY: ny,
    effectSize,
  });
}

/**
 * Student's pooled-variance two-sample t-test (Student, 1908; Fisher, 1925):
 * `tTestTwoSample(x, y, { ...options, varEqual: true })`; t = (x̄ − ȳ − μ₀)/(s_p√(1/n₁ + 1/n₂)),
 * df = n₁ + n₂ − 2, t-based CI of the difference. Checked against R `t.test(x, y, var.equal = TRUE)`.
 *
 * @example
 * tTestStudent([3, 5, 4, 6, 7], [1, 2, 4, 3]).df // 7
 */
export function tTestStudent(x: NumericInput, y: NumericInput, options: TTestOptions = {}): TTestResult {
  return tTestTwoSample(x, y, { ...options, varEqual: true });
}

/**
 * Welch's (1947) two-sample t-test: `tTestTwoSample(x, y, { ...options, varEqual: false })`;
 * t = (x̄ − ȳ − μ₀)/√(s₁²/n₁ + s₂²/n₂) with Welch–Satterthwaite df. Checked against R `t.test(x, y)`.
 *
 * @example
 * tTestWelch([3, 5, 4, 6, 7], [1, 2, 4, 3]).apa() // "t(6.98) = 2.61, p = .035, d = 1.71, 95% CI [0.09, 3.25]"
 */
export function tTestWelch(x: NumericInput, y: NumericInput, options: TTestOptions = {}): TTestResult {
  return tTestTwoSample(x, y, { ...options, varEqual: false });
}
