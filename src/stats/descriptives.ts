/**
 * Descriptive statistics for one variable, and per group for tidy (long) tables.
 *
 * Missing values (null, undefined, NaN, ±Infinity) are dropped before anything is computed
 * and counted in `missing`; every statistic uses the same n (listwise within the variable).
 */
import { fmt, fmtCI } from './apa.js';
import { studentT } from './distributions.js';
import { mean as meanOf, quantileSorted, sortedCopy, sum } from './moments.js';
import { StatsError, finiteValues, type ConfidenceInterval, type MissingHandling, type NumericInput, type StatResult } from './result.js';

/**
 * Which skewness/kurtosis estimator to report (Joanes & Gill 1998 numbering, as in R `e1071`):
 * - `2`: G1 and G2, the bias-adjusted estimators of SPSS, SAS and Excel `SKEW`/`KURT` (default);
 * - `1`: g1 = m3/m2^{3/2}, g2 = m4/m2² − 3 (moment estimators, `moments`-package style);
 * - `3`: b1 = g1·((n−1)/n)^{3/2}, b2 = (g2 + 3)(1 − 1/n)² − 3 (psych::describe's default and MINITAB).
 */
export type MomentEstimatorType = 1 | 2 | 3;

export interface DescribeOptions {
  /** Level of the t-based CI of the mean (default 0.95). */
  level?: number;
  /** Skewness/kurtosis estimator (default 2: SPSS G1/G2). */
  type?: MomentEstimatorType;
}

/** One tidy row of descriptives: plain numbers only (NaN where a statistic is undefined). */
export interface DescriptivesRow {
  n: number;
  missing: number;
  mean: number;
  sd: number;
  se: number;
  ciLower: number;
  ciUpper: number;
  ciLevel: number;
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  min: number;
  max: number;
  skewness: number;
  skewnessSE: number;
  kurtosis: number;
  kurtosisSE: number;
}

/** Result of {@link describe}. */
export class DescriptivesResult implements StatResult {
  readonly method = 'Descriptive statistics';
  readonly missingHandling: MissingHandling = 'listwise';
  /** Number of finite values used. */
  readonly n: number;
  /** Number of missing (null / NaN / non-finite) values dropped. */
  readonly missing: number;
  readonly mean: number;
  /** Sample SD (denominator n − 1). */
  readonly sd: number;
  /** Standard error of the mean, SD/√n. */
  readonly se: number;
  /** t-based CI of the mean: M ± t(1 − α/2, n − 1)·SE. */
  readonly ci: ConfidenceInterval;
  readonly median: number;
  /** First and third quartile, R `quantile(type = 7)`. */
  readonly q1: number;
  readonly q3: number;
  /** Q3 − Q1 (R `IQR()`, type 7). */
  readonly iqr: number;
  readonly min: number;
  readonly max: number;
  readonly skewness: number;
  readonly skewnessSE: number;
  readonly kurtosis: number;
  readonly kurtosisSE: number;
  /** Name of the skewness/kurtosis estimator, e.g. "G1/G2 (type 2, SPSS)". */
  readonly momentEstimator: string;
  readonly momentType: MomentEstimatorType;
  /** Why some statistics are NaN (n < 2, zero variance, …). Empty when all are defined. */
  readonly notes: string[];

  constructor(init: Omit<DescriptivesResult, 'method' | 'missingHandling' | 'toJSON' | 'apa' | 'toRow'>) {
    this.n = init.n;
    this.missing = init.missing;
    this.mean = init.mean;
    this.sd = init.sd;
    this.se = init.se;
    this.ci = init.ci;
    this.median = init.median;
    this.q1 = init.q1;
    this.q3 = init.q3;
    this.iqr = init.iqr;
    this.min = init.min;
    this.max = init.max;
    this.skewness = init.skewness;
    this.skewnessSE = init.skewnessSE;
    this.kurtosis = init.kurtosis;
    this.kurtosisSE = init.kurtosisSE;
    this.momentEstimator = init.momentEstimator;
    this.momentType = init.momentType;
    this.notes = init.notes;
  }

  /** Flat row for tidy tables (no nested objects). */
  toRow(): DescriptivesRow {
    return {
      n: this.n,
      missing: this.missing,
      mean: this.mean,
      sd: this.sd,
      se: this.se,
      ciLower: this.ci.lower,
      ciUpper: this.ci.upper,
      ciLevel: this.ci.level,
      median: this.median,
      q1: this.q1,
      q3: this.q3,
      iqr: this.iqr,
      min: this.min,
      max: this.max,
      skewness: this.skewness,
      skewnessSE: this.skewnessSE,
      kurtosis: this.kurtosis,
      kurtosisSE: this.kurtosisSE,
    };
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      missingHandling: this.missingHandling,
      ...this.toRow(),
      ciMethod: this.ci.method,
      momentEstimator: this.momentEstimator,
      notes: this.notes,
    };
  }

  /** "M = 3.21, SD = 0.84, 95% CI [3.06, 3.36], n = 120" */
  apa(): string {
    return `M = ${fmt(this.mean)}, SD = ${fmt(this.sd)}, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level)}, n = ${this.n}`;
  }
}

const MOMENT_NAMES: Record<MomentEstimatorType, string> = {
  1: 'g1/g2 (type 1, moment estimators)',
  2: 'G1/G2 (type 2, SPSS/SAS)',
  3: 'b1/b2 (type 3, psych::describe)',
};

/**
 * Descriptive statistics of one numeric variable.
 *
 * - Mean, SD (n − 1), SE = SD/√n, CI of the mean M ± t(1−α/2, n−1)·SE (R `t.test(x)$conf.int`).
 * - Median, quartiles and IQR by R's default type-7 quantile (`quantile(x, c(.25, .5, .75))`, `IQR(x)`).
 * - Skewness and kurtosis (Joanes & Gill 1998), with m_k = Σ(x − M)^k / n, g1 = m3/m2^{3/2}, g2 = m4/m2² − 3:
 *   type 2 (default; SPSS, SAS): G1 = g1·√(n(n−1))/(n−2) (n ≥ 3), G2 = [(n+1)g2 + 6](n−1)/((n−2)(n−3)) (n ≥ 4);
 *   type 1: g1, g2; type 3: b1 = g1((n−1)/n)^{3/2}, b2 = (g2+3)(1−1/n)² − 3 (psych::describe's default `type = 3`,
 *   so psych's skew/kurtosis equal `type: 3` here, not SPSS's).
 *   Standard errors are SPSS's for every type: SE(G1) = √(6n(n−1)/((n−2)(n+1)(n+3))),
 *   SE(G2) = 2·SE(G1)·√((n²−1)/((n−3)(n+5))) (exact under normality for G1, G2; Cramer 1997).
 *
 * Undefined statistics are NaN with a sentence in `notes` (n = 0: everything; n = 1: SD, SE, CI;
 * n < 3 or < 4: skewness, kurtosis; zero variance: skewness and kurtosis). Never throws for data;
 * throws a StatsError for an invalid `level`.
 *
 * Checked against R: `mean`, `sd`, `t.test()$conf.int`, `quantile(type = 7)`, `e1071::skewness/kurtosis(type = 1, 2, 3)`
 * and `psych::describe` (tests/reference/descriptives.R).
 *
 * @example
 * describe([2, 4, 4, 5, 7, 9, null]).apa() // "M = 5.17, SD = 2.48, 95% CI [2.56, 7.77], n = 6"
 */
export function describe(x: NumericInput, options: DescribeOptions = {}): DescriptivesResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsError(`describe: level must be in (0, 1) (got ${level}).`);
  const type: MomentEstimatorType = options.type ?? 2;
  if (type !== 1 && type !== 2 && type !== 3) throw new StatsError(`describe: type must be 1, 2 or 3 (got ${String(type)}).`);
  const { values, missing } = finiteValues(x);
  const n = values.length;
  const notes: string[] = [];
  const ciMethod = `t distribution (mean ± t(${+(1 - (1 - level) / 2).toFixed(6)}, n − 1)·SE)`;
  if (n === 0) {
    notes.push(`No non-missing values (${missing} missing): every statistic is undefined.`);
    return new DescriptivesResult({
      n, missing, mean: NaN, sd: NaN, se: NaN, ci: { lower: NaN, upper: NaN, level, method: ciMethod },
      median: NaN, q1: NaN, q3: NaN, iqr: NaN, min: NaN, max: NaN,
      skewness: NaN, skewnessSE: NaN, kurtosis: NaN, kurtosisSE: NaN,
      momentEstimator: MOMENT_NAMES[type], momentType: type, notes,
    });
  }
  const m = meanOf(values);
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) dev[i] = values[i] - m;
  // central moments with a correction for the (tiny) rounding error in the mean
  const corr = sum(dev) / n;
  const d2 = new Float64Array(n);
  const d3 = new Float64Array(n);
  const d4 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = dev[i] - corr;
    d2[i] = d * d;
    d3[i] = d2[i] * d;
    d4[i] = d2[i] * d2[i];
  }
  const ss = sum(d2);
  const m2 = ss / n;
  const m3 = sum(d3) / n;
  const m4 = sum(d4) / n;
  const sd = n >= 2 ? Math.sqrt(ss / (n - 1)) : NaN;
  const se = sd / Math.sqrt(n);
  let ciLo = NaN;
  let ciHi = NaN;
  if (n >= 2) {
    const tq = studentT.quantile(1 - (1 - level) / 2, n - 1);
    ciLo = m - tq * se;
    ciHi = m + tq * se;
  } else {
    notes.push('n = 1: SD, SE and the CI of the mean need at least two values.');
  }
  const sorted = sortedCopy(values);
  const q1 = quantileSorted(sorted, 0.25);
  const med = quantileSorted(sorted, 0.5);
  const q3 = quantileSorted(sorted, 0.75);

  let skew = NaN;
  let kurt = NaN;
  const zeroVar = m2 === 0 || m2 <= 1e-28 * m * m;
  if (n >= 2 && zeroVar) {
    notes.push('All values are equal (zero variance): skewness and kurtosis are undefined.');
  } else if (n >= 2) {
    const g1 = m3 / Math.pow(m2, 1.5);
    const g2 = m4 / (m2 * m2) - 3;
    if (type === 1) {
      skew = g1;
      kurt = g2;
    } else if (type === 3) {
      skew = g1 * Math.pow((n - 1) / n, 1.5);
      kurt = (g2 + 3) * Math.pow(1 - 1 / n, 2) - 3;
    } else {
      if (n >= 3) skew = (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
      else notes.push('Skewness G1 needs n ≥ 3.');
      if (n >= 4) kurt = (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3));
      else notes.push('Kurtosis G2 needs n ≥ 4.');
    }
  }
  const skewSE = n >= 3 ? Math.sqrt((6 * n * (n - 1)) / ((n - 2) * (n + 1) * (n + 3))) : NaN;
  const kurtSE = n >= 4 ? 2 * skewSE * Math.sqrt((n * n - 1) / ((n - 3) * (n + 5))) : NaN;
  return new DescriptivesResult({
    n,
    missing,
    mean: m,
    sd,
    se,
    ci: { lower: ciLo, upper: ciHi, level, method: ciMethod },
    median: med,
    q1,
    q3,
    iqr: q3 - q1,
    min: sorted[0],
    max: sorted[n - 1],
    skewness: skew,
    skewnessSE: skewSE,
    kurtosis: kurt,
    kurtosisSE: kurtSE,
    momentEstimator: MOMENT_NAMES[type],
    momentType: type,
    notes,
  });
}

/** A grouping key value in a tidy table. */
export type DescribeKey = string | number | boolean | null;

export interface DescribeByOptions<K extends string> extends DescribeOptions {
  /** Column holding the numeric values. */
  value: string;
  /** Grouping columns, e.g. `['group', 'wave']`. May be empty (one overall row). */
  by: readonly K[];
}

/** One tidy output row: the grouping columns, `variable`, then the statistics. */
export type DescribeByRow<K extends string> = { [P in K]: DescribeKey } & { variable: string } & DescriptivesRow;

/** Result of {@link describeBy}: one {@link DescriptivesResult} per group, sorted by the grouping keys. */
export class DescribeByResult<K extends string = string> implements StatResult {
  readonly method = 'Descriptive statistics by group';
  readonly value: string;
  readonly by: readonly K[];
  readonly groups: { key: Record<K, DescribeKey>; result: DescriptivesResult }[];

  constructor(value: string, by: readonly K[], groups: { key: Record<K, DescribeKey>; result: DescriptivesResult }[]) {
    this.value = value;
    this.by = by;
    this.groups = groups;
  }

  /** Tidy rows: one per group, grouping columns first. */
  rows(): DescribeByRow<K>[] {
    return this.groups.map((g) => ({ ...g.key, variable: this.value, ...g.result.toRow() }) as DescribeByRow<K>);
  }

  toJSON(): Record<string, unknown> {
    return { method: this.method, value: this.value, by: [...this.by], rows: this.rows() };
  }

  /** One APA fragment per group: "group = A, wave = 1: M = 3.21, SD = 0.84, …". */
  apa(): string {
    return this.groups
      .map((g) => `${this.by.map((b) => `${b} = ${String(g.key[b])}`).join(', ')}${this.by.length ? ': ' : ''}${g.result.apa()}`)
      .join('; ');
  }
}

function compareKeys(a: DescribeKey, b: DescribeKey): number {
  if (a === b) return 0;
  if (a === null) return 1; // missing keys last
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === typeof b) return String(a) < String(b) ? -1 : 1;
  return typeof a < typeof b ? -1 : 1;
}

/**
 * Descriptives per group of a tidy (long) table, e.g. `describeBy(rows, { value: 'score', by: ['group', 'wave'] })`.
 * Groups are sorted by their keys in the order of `by` (numbers numerically, strings by code point, missing keys
 * last, as dplyr's `group_by`); rows whose key is null/undefined form their own group with key null. Within a group
 * the value column is handled as in {@link describe} (non-numeric cells count as missing).
 * Checked against R: the per-cell statistics of a group × wave table computed in R (tests/reference/descriptives.R).
 *
 * @example
 * describeBy([{ g: 'a', v: 1 }, { g: 'a', v: 3 }, { g: 'b', v: 5 }, { g: 'b', v: 9 }], { value: 'v', by: ['g'] }).rows()
 * // [{ g: 'a', variable: 'v', n: 2, mean: 2, sd: 1.414…, … }, { g: 'b', variable: 'v', n: 2, mean: 7, sd: 2.828…, … }]
 */
export function describeBy<K extends string>(
  rows: readonly Record<string, unknown>[],
  options: DescribeByOptions<K>,
): DescribeByResult<K> {
  const { value, by } = options;
  if (typeof value !== 'string' || value === '') throw new StatsError('describeBy: name the value column in `value`.');
  const groups = new Map<string, { key: Record<K, DescribeKey>; values: (number | null)[] }>();
  for (const row of rows) {
    const key = {} as Record<K, DescribeKey>;
    for (const b of by) {
      const k = row[b];
      key[b] = k === undefined || k === null || (typeof k === 'number' && Number.isNaN(k)) ? null : (k as DescribeKey);
      if (key[b] !== null && typeof key[b] === 'object') throw new StatsError(`describeBy: grouping column "${b}" must hold strings, numbers or booleans.`);
    }
    const id = JSON.stringify(by.map((b) => [typeof key[b], key[b]]));
    let g = groups.get(id);
    if (!g) {
      g = { key, values: [] };
      groups.set(id, g);
    }
    const v = row[value];
    g.values.push(typeof v === 'number' ? v : null);
  }
  const sortedGroups = [...groups.values()].sort((a, b) => {
    for (const k of by) {
      const c = compareKeys(a.key[k], b.key[k]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return new DescribeByResult(
    value,
    by,
    sortedGroups.map((g) => ({ key: g.key, result: describe(g.values, options) })),
  );
}
