/**
 * Change scores: per-person raw and percentage change, direction-aware improvement, and the
 * standardized response mean (SRM) with a confidence interval.
 */
import { fmt, fmtCI } from './apa.js';
import { normal } from './distributions.js';
import { ncpConfidenceInterval } from './noncentral-t.js';
import { mean, sd } from './moments.js';
import { type ConfidenceInterval, type MissingHandling, type NumericInput, type StatResult, StatsError } from './result.js';

/**
 * Which way is good on a scale. `'higher-better'` (e.g. parenting competence) or
 * `'higher-worse'` (e.g. NOSIK parenting stress, daily hassles).
 */
export type ChangeDirection = 'higher-better' | 'higher-worse';

/**
 * +1 for higher-better, −1 for higher-worse; throws a StatsError on anything else.
 *
 * @example
 * changeDirectionSign('higher-worse') // -1
 */
export function changeDirectionSign(direction: ChangeDirection): 1 | -1 {
  if (direction === 'higher-better') return 1;
  if (direction === 'higher-worse') return -1;
  throw new StatsError(`direction must be 'higher-better' or 'higher-worse' (got ${String(direction)}).`);
}

/**
 * Index positions where pre and post are both finite numbers (kept), and the others (excluded).
 * Throws when the arrays differ in length.
 *
 * @example
 * completePrePostIndices([1, null, 3], [2, 2, NaN], 'demo') // { keep: [0], excluded: [1, 2] }
 */
export function completePrePostIndices(pre: NumericInput, post: NumericInput, what: string): { keep: number[]; excluded: number[] } {
  if (pre.length !== post.length) {
    throw new StatsError(`${what}: pre and post must have the same length, one entry per person (got ${pre.length} and ${post.length}).`);
  }
  const keep: number[] = [];
  const excluded: number[] = [];
  for (let i = 0; i < pre.length; i++) {
    const a = pre[i];
    const b = post[i];
    if (typeof a === 'number' && Number.isFinite(a) && typeof b === 'number' && Number.isFinite(b)) keep.push(i);
    else excluded.push(i);
  }
  return { keep, excluded };
}

/** One person's change. */
export interface PrePostChangeRow {
  /** Position in the input arrays. */
  index: number;
  pre: number;
  post: number;
  /** post − pre. */
  change: number;
  /** 100·(post − pre)/|pre|; NaN when pre = 0 (see `percentReason`). */
  percentChange: number;
  /** Why `percentChange` is NaN, when it is. */
  percentReason?: string;
  /** Change on the "good" scale: post − pre when higher is better, pre − post when higher is worse. */
  improvement: number;
}

/** Per-person change table with a small summary. */
export class ChangeScoresResult implements StatResult {
  readonly method = 'Pre–post change scores';
  readonly direction: ChangeDirection;
  readonly rows: PrePostChangeRow[];
  /** Number of complete pre–post pairs. */
  readonly n: number;
  /** Number of people left out because pre or post was missing. */
  readonly nMissing: number;
  /** Input positions that were left out. */
  readonly excluded: number[];
  readonly missing: MissingHandling = 'listwise';
  /** Mean of post − pre (NaN when n = 0). */
  readonly meanChange: number;
  /** SD of post − pre (NaN when n < 2). */
  readonly sdChange: number;
  /** Mean direction-aware improvement (NaN when n = 0). */
  readonly meanImprovement: number;
  /** Number of people whose improvement is > 0, = 0, < 0. */
  readonly counts: { better: number; same: number; worse: number };

  constructor(direction: ChangeDirection, rows: PrePostChangeRow[], excluded: number[]) {
    this.direction = direction;
    this.rows = rows;
    this.n = rows.length;
    this.excluded = excluded;
    this.nMissing = excluded.length;
    const ch = Float64Array.from(rows, (r) => r.change);
    this.meanChange = mean(ch);
    this.sdChange = sd(ch);
    this.meanImprovement = mean(Float64Array.from(rows, (r) => r.improvement));
    this.counts = {
      better: rows.filter((r) => r.improvement > 0).length,
      same: rows.filter((r) => r.improvement === 0).length,
      worse: rows.filter((r) => r.improvement < 0).length,
    };
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      direction: this.direction,
      n: this.n,
      nMissing: this.nMissing,
      missing: this.missing,
      meanChange: this.meanChange,
      sdChange: this.sdChange,
      meanImprovement: this.meanImprovement,
      counts: { ...this.counts },
      rows: this.rows.map((r) => ({ ...r })),
    };
  }

  /** "M change = −3.20, SD = 4.10, n = 30 (2 excluded for missing pre or post); 20 better, 2 same, 8 worse" */
  apa(): string {
    const excl = this.nMissing > 0 ? ` (${this.nMissing} excluded for missing pre or post)` : '';
    return (
      `M change = ${fmt(this.meanChange)}, SD = ${fmt(this.sdChange)}, n = ${this.n}${excl}; ` +
      `${this.counts.better} better, ${this.counts.same} same, ${this.counts.worse} worse (${this.direction})`
    );
  }
}

/**
 * Per-person change from pre to post.
 *
 * - raw change = post − pre;
 * - percentage change = 100·(post − pre)/|pre|. Dividing by |pre| keeps the sign of the raw change
 *   for scales that can be negative. When pre = 0 the percentage is undefined: it is NaN and the row
 *   carries `percentReason`;
 * - improvement = post − pre for `'higher-better'`, pre − post for `'higher-worse'`, so a positive
 *   number is always good news.
 *
 * People with pre or post missing (null, undefined, NaN) are left out (listwise) and counted in
 * `nMissing`; their input positions are in `excluded`.
 *
 * @example
 * const r = changeScores([10, 0, 8], [7, 2, null], { direction: 'higher-worse' });
 * r.rows[0] // { index: 0, pre: 10, post: 7, change: -3, percentChange: -30, improvement: 3 }
 * r.rows[1].percentReason // "pre = 0: percentage change is undefined"
 * r.nMissing // 1
 */
export function changeScores(pre: NumericInput, post: NumericInput, options: { direction: ChangeDirection }): ChangeScoresResult {
  const sign = changeDirectionSign(options.direction);
  const { keep, excluded } = completePrePostIndices(pre, post, 'changeScores');
  const rows: PrePostChangeRow[] = keep.map((i) => {
    const a = pre[i] as number;
    const b = post[i] as number;
    const change = b - a;
    const row: PrePostChangeRow = { index: i, pre: a, post: b, change, percentChange: NaN, improvement: sign * change };
    if (a === 0) row.percentReason = 'pre = 0: percentage change is undefined';
    else row.percentChange = (100 * change) / Math.abs(a);
    return row;
  });
  return new ChangeScoresResult(options.direction, rows, excluded);
}

/**
 * CI method for the standardized response mean: `'ncp'` (exact, noncentral t inversion; default) or
 * `'normal'` (large-sample approximation).
 */
export type SrmCIMethod = 'ncp' | 'normal';

/** Standardized response mean with its CI. */
export class StandardizedResponseMeanResult implements StatResult {
  readonly method = 'Standardized response mean (mean change / SD of change)';
  /** SRM on the improvement scale when `direction` was given, else on the post − pre scale. */
  readonly srm: number;
  readonly meanChange: number;
  readonly sdChange: number;
  readonly n: number;
  readonly nMissing: number;
  readonly missing: MissingHandling = 'listwise';
  readonly direction: ChangeDirection | 'post-minus-pre';
  /** Large-sample SE √(1/n + SRM²/(2n)) (used by the `'normal'` CI; reported for meta-analysis). */
  readonly se: number;
  readonly ci: ConfidenceInterval;

  constructor(init: {
    srm: number;
    meanChange: number;
    sdChange: number;
    n: number;
    nMissing: number;
    direction: ChangeDirection | 'post-minus-pre';
    se: number;
    ci: ConfidenceInterval;
  }) {
    this.srm = init.srm;
    this.meanChange = init.meanChange;
    this.sdChange = init.sdChange;
    this.n = init.n;
    this.nMissing = init.nMissing;
    this.direction = init.direction;
    this.se = init.se;
    this.ci = init.ci;
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      srm: this.srm,
      meanChange: this.meanChange,
      sdChange: this.sdChange,
      n: this.n,
      nMissing: this.nMissing,
      missing: this.missing,
      direction: this.direction,
      se: this.se,
      ci: { ...this.ci },
    };
  }

  /** "SRM = 0.62, 95% CI [0.23, 1.01], n = 30" */
  apa(): string {
    return `SRM = ${fmt(this.srm)}, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level)}, n = ${this.n}`;
  }
}

/**
 * Standardized response mean (Liang, Fossel & Larson, 1990): the mean change divided by the SD of
 * the change scores,
 *
 *   SRM = mean(d) / SD(d),  d = post − pre (or pre − post when `direction` is `'higher-worse'`,
 *   so that a positive SRM always means improvement).
 *
 * Numerically the SRM equals Cohen's d_z for paired data (R effectsize
 * `repeated_measures_d(method = "z")` gives the same point estimate).
 *
 * CI methods:
 * - `'ncp'` (default): exact interval for the population SRM δ. t = SRM·√n follows a noncentral t
 *   with n − 1 df and noncentrality δ√n; the limits for δ√n are found by inverting the noncentral t
 *   cdf (Steiger & Fouladi, 1997; `ncpConfidenceInterval`) and divided by √n. This is R effectsize's
 *   `cohens_d(post, pre, paired = TRUE)` interval (`ci_method = "ncp"`); effectsize solves with
 *   Nelder–Mead (abstol 1e-9), so the two agree to about 1e-7, up to 4e-4 where optim stops early;
 *   this function agrees with an R `uniroot` solution on `pt(q, df, ncp)` at tol 1e-12 to 1e-11
 *   (tests/reference/change.R).
 * - `'normal'`: SRM ± z·SE with SE = √(1/n + SRM²/(2n)), the large-sample variance of a one-sample
 *   standardized mean (Hedges & Olkin, 1985, ch. 5); symmetric and too narrow for small n.
 *
 * Missing pre or post: listwise. Errors: fewer than 2 complete pairs; all change scores equal
 * (SD of change = 0, the SRM is undefined).
 *
 * @example
 * const r = standardizedResponseMean([10, 12, 9, 14, 11], [8, 11, 9, 10, 7]);
 * r.srm // -1.2298373876248845   (mean change −2.2, SD of change 1.7889)
 * r.apa() // "SRM = -1.23, 95% CI [-2.40, 0.01], n = 5"
 */
export function standardizedResponseMean(
  pre: NumericInput,
  post: NumericInput,
  options: { direction?: ChangeDirection; level?: number; ciMethod?: SrmCIMethod } = {},
): StandardizedResponseMeanResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsError(`standardizedResponseMean: level must lie strictly between 0 and 1 (got ${level}).`);
  const sign = options.direction === undefined ? 1 : changeDirectionSign(options.direction);
  const { keep, excluded } = completePrePostIndices(pre, post, 'standardizedResponseMean');
  const n = keep.length;
  if (n < 2) {
    throw new StatsError(`standardizedResponseMean: needs at least 2 people with both pre and post scores (got ${n}).`);
  }
  const d = Float64Array.from(keep, (i) => sign * ((post[i] as number) - (pre[i] as number)));
  const m = mean(d);
  const s = sd(d, m);
  if (!(s > 0)) {
    throw new StatsError('standardizedResponseMean: every person changed by exactly the same amount (SD of change = 0), so the SRM is undefined.');
  }
  const srm = m / s;
  const se = Math.sqrt(1 / n + (srm * srm) / (2 * n));
  const ciMethod = options.ciMethod ?? 'ncp';
  let ci: ConfidenceInterval;
  if (ciMethod === 'ncp') {
    const rootN = Math.sqrt(n);
    const nc = ncpConfidenceInterval(srm * rootN, n - 1, level);
    ci = { lower: nc.lower / rootN, upper: nc.upper / rootN, level, method: `noncentral t inversion, df = ${n - 1} (Steiger & Fouladi, 1997)` };
  } else if (ciMethod === 'normal') {
    const z = normal.quantile(1 - (1 - level) / 2);
    ci = { lower: srm - z * se, upper: srm + z * se, level, method: 'normal approximation, SE = √(1/n + SRM²/(2n)) (Hedges & Olkin, 1985)' };
  } else {
    throw new StatsError(`standardizedResponseMean: ciMethod must be 'ncp' or 'normal' (got ${String(ciMethod)}).`);
  }
  return new StandardizedResponseMeanResult({
    srm,
    meanChange: m,
    sdChange: s,
    n,
    nMissing: excluded.length,
    direction: options.direction ?? 'post-minus-pre',
    se,
    ci,
  });
}
