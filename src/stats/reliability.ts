/**
 * Internal-consistency reliability: Cronbach's α with the Feldt confidence interval,
 * standardized α, item–rest correlations and α if an item is deleted.
 *
 * Checked against `psych::alpha` (psych 2.2.9) in tests/stats/reliability.test.ts with
 * fixtures from tests/reference/reliability.R.
 */
import { fmt, fmtLevel, fmtNoLeadingZero } from './apa.js';
import { fDist, normal } from './distributions.js';
import { StatsError, type ConfidenceInterval, type MissingHandling, type StatResult } from './result.js';

/**
 * An items matrix: rows are persons, columns are items. Either an array of rows
 * (`null`, `undefined` and NaN are missing) or a row-major Float64Array with its dimensions
 * (NaN is missing).
 */
export type ReliabilityItemsMatrix =
  | ReadonlyArray<ArrayLike<number | null | undefined>>
  | { readonly data: ArrayLike<number>; readonly rows: number; readonly cols: number };

export interface CronbachAlphaOptions {
  /** Item names (default `item1`, `item2`, …). */
  itemNames?: readonly string[];
  /**
   * Items to reverse-key, by 0-based column index or by name. A reversed response is
   * `min + max − x`, where min and max come from `responseRange` or, as in psych, from the
   * smallest and largest response over all items.
   */
  reverse?: ReadonlyArray<number | string>;
  /** Possible response range used for reverse keying, e.g. `{ min: 1, max: 5 }`. */
  responseRange?: { min: number; max: number };
  /**
   * `'listwise'` (default): persons with any missing item are dropped.
   * `'pairwise'`: each covariance uses all persons answering both items, as
   * `psych::alpha(use = "pairwise")`.
   */
  missing?: 'listwise' | 'pairwise';
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
}

/** Per-item statistics, in the order of the analysed items. */
export interface ReliabilityItemStats {
  name: string;
  /** Column index in the input. */
  column: number;
  reversed: boolean;
  /** Persons with a response to this item (after listwise deletion when listwise). */
  n: number;
  /** Item mean (after reverse keying). */
  mean: number;
  sd: number;
  /** Corrected item–total (item–rest) correlation, psych's `r.drop`. */
  itemRestCorrelation: number;
  /** Raw α of the remaining items (psych's `alpha.drop$raw_alpha`); NaN for a two-item scale. */
  alphaIfDeleted: number;
  /** Standardized α of the remaining items; NaN for a two-item scale. */
  alphaStandardizedIfDeleted: number;
}

/** Cronbach's α and its item analysis. See {@link cronbachAlpha}. */
export class CronbachAlphaResult implements StatResult {
  readonly method = "Cronbach's alpha";
  constructor(
    /** Raw α from the item covariance matrix. */
    readonly alpha: number,
    /** Standardized α from the item correlation matrix. */
    readonly alphaStandardized: number,
    /** Mean inter-item correlation. */
    readonly averageR: number,
    /** Feldt (1987) F-distribution interval for raw α. */
    readonly ci: ConfidenceInterval,
    /** Asymptotic standard error of α (Duhachek & Iacobucci, 2004; psych's `ase`). */
    readonly se: number,
    /** Normal-theory interval α ± z·se (Duhachek & Iacobucci, 2004), as psych prints it. */
    readonly ciDuhachek: ConfidenceInterval,
    /** Number of persons used for the Feldt interval and `se`. */
    readonly n: number,
    /** Number of items analysed (after dropping zero-variance items). */
    readonly nItems: number,
    readonly missingHandling: MissingHandling,
    /** Persons dropped: incomplete rows (listwise) or rows with no response at all (both modes). */
    readonly missingRows: number,
    readonly items: readonly ReliabilityItemStats[],
    /** Names of items dropped because they had no variance. */
    readonly droppedItems: readonly string[],
    /** Sentences about anything a researcher should look at (zero-variance or negatively related items). */
    readonly warnings: readonly string[],
  ) {}

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      alpha: this.alpha,
      alphaStandardized: this.alphaStandardized,
      averageR: this.averageR,
      ci: this.ci,
      se: this.se,
      ciDuhachek: this.ciDuhachek,
      n: this.n,
      nItems: this.nItems,
      missingHandling: this.missingHandling,
      missingRows: this.missingRows,
      items: this.items.map((it) => ({ ...it })),
      droppedItems: [...this.droppedItems],
      warnings: [...this.warnings],
    };
  }

  /** e.g. "α = .74, 95% CI [.67, .80], k = 6, n = 150" (α has no leading zero: it cannot exceed 1). */
  apa(): string {
    const f = (x: number) => fmtNoLeadingZero(x, 2);
    return (
      `α = ${f(this.alpha)}, ${fmtLevel(this.ci.level)} CI [${f(this.ci.lower)}, ${f(this.ci.upper)}], ` +
      `k = ${this.nItems}, n = ${this.n}`
    );
  }
}

interface Matrix {
  rows: number;
  cols: number;
  /** Row-major, NaN = missing. */
  data: Float64Array;
}

function toMatrix(items: ReliabilityItemsMatrix): Matrix {
  if (!Array.isArray(items) && typeof items === 'object' && items !== null && 'data' in items) {
    const m = items as { data: ArrayLike<number>; rows: number; cols: number };
    if (!Number.isInteger(m.rows) || !Number.isInteger(m.cols) || m.rows < 0 || m.cols < 0) {
      throw new StatsError(`cronbachAlpha: rows and cols must be non-negative integers (got ${m.rows} and ${m.cols}).`);
    }
    if (m.data.length !== m.rows * m.cols) {
      throw new StatsError(
        `cronbachAlpha: data has ${m.data.length} values but rows × cols = ${m.rows} × ${m.cols} = ${m.rows * m.cols}.`,
      );
    }
    const data = new Float64Array(m.rows * m.cols);
    for (let i = 0; i < data.length; i++) {
      const v = m.data[i];
      data[i] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    }
    return { rows: m.rows, cols: m.cols, data };
  }
  const rowsArr = items as ReadonlyArray<ArrayLike<number | null | undefined>>;
  const rows = rowsArr.length;
  const cols = rows > 0 ? rowsArr[0].length : 0;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = rowsArr[r];
    if (row.length !== cols) {
      throw new StatsError(
        `cronbachAlpha: every row must have the same number of items; row ${r + 1} has ${row.length}, row 1 has ${cols}.`,
      );
    }
    for (let c = 0; c < cols; c++) {
      const v = row[c];
      data[r * cols + c] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    }
  }
  return { rows, cols, data };
}

/** Raw α from a k×k covariance matrix (row-major): k/(k−1)·(1 − tr C / 1'C1). */
function alphaFromCov(C: Float64Array, k: number, skip = -1): number {
  let tr = 0;
  let total = 0;
  let kk = 0;
  for (let i = 0; i < k; i++) {
    if (i === skip) continue;
    kk++;
    tr += C[i * k + i];
    for (let j = 0; j < k; j++) if (j !== skip) total += C[i * k + j];
  }
  return (kk / (kk - 1)) * (1 - tr / total);
}

/** Sum of a correlation matrix without item `skip`, for standardized α: k/(k−1)·(1 − k/1'R1). */
function stdAlphaFromCor(R: Float64Array, k: number, skip = -1): number {
  let total = 0;
  let kk = 0;
  for (let i = 0; i < k; i++) {
    if (i === skip) continue;
    kk++;
    for (let j = 0; j < k; j++) if (j !== skip) total += R[i * k + j];
  }
  return (kk / (kk - 1)) * (1 - kk / total);
}

/**
 * Cronbach's α (Cronbach, 1951) for a set of items, with its item analysis.
 *
 * For k items with covariance matrix C (n − 1 denominator):
 * - raw α = k/(k−1) · (1 − tr C / 1'C1);
 * - standardized α = k/(k−1) · (1 − k / 1'R1), R the correlation matrix (equivalently
 *   k·r̄ / (1 + (k−1)·r̄) with r̄ the mean inter-item correlation);
 * - item–rest correlation of item i: (Σ_j C_ij − C_ii) / √(C_ii · 1'C₋ᵢ1), where C₋ᵢ omits item i
 *   (psych's `r.drop`);
 * - α if item deleted: raw and standardized α of the other k − 1 items (undefined, NaN, for
 *   k = 2: a single item has no α; psych prints other quantities there);
 * - Feldt interval (Feldt, Woodruff & Salih, 1987): with F_p the p quantile of F(n − 1, (n − 1)(k − 1)),
 *   lower = 1 − (1 − α)·F_{1−(1−level)/2}, upper = 1 − (1 − α)·F_{(1−level)/2} (psych's `alpha.ci`,
 *   reported by `psych::alpha` as `feldt`);
 * - asymptotic SE (Duhachek & Iacobucci, 2004; psych's `ase`): se² = Q/n with
 *   Q = 2k²/((k−1)²(1'C1)³) · [1'C1·(tr C² + (tr C)²) − 2·tr C·1'C²1]; the second interval is α ± z·se.
 *
 * Missing data: `'listwise'` (default) analyses complete rows only, and n is the number of
 * complete rows (psych has no listwise option; this mode is checked against `psych::alpha(na.omit(x))`). `'pairwise'` matches `psych::alpha(use = "pairwise")`: each covariance from the
 * persons answering both items, item means and SDs from all answers, and n = number of rows for
 * the Feldt interval and se. Deliberate difference: rows with no response at all are dropped
 * first in both modes (psych counts them in n).
 *
 * Reverse keys reflect a response as min + max − x before anything is computed (psych's `keys`
 * argument with −1 entries does the same with the observed min and max).
 *
 * Items with zero variance are dropped with a warning, as psych does (psych still counts them in
 * its total score; we report no total score). A warning is also given when an item–rest
 * correlation is negative (psych warns from the sign of first-component loadings instead).
 *
 * Checked against `psych::alpha` 2.2.9 (raw_alpha, std.alpha, average_r, ase, feldt, r.drop,
 * alpha.drop, item means and SDs) to 1e-10, including a reverse-keyed item, listwise and
 * pairwise missing data, a zero-variance item and a two-item scale.
 *
 * @throws StatsError with fewer than 2 persons or 2 items (after dropping zero-variance items),
 * an unknown reverse key, or a pair of items with fewer than 2 joint answers (pairwise).
 *
 * @example
 * ```ts
 * const items = [
 *   [4, 5, 4], [2, 3, 3], [3, 3, 4], [5, 4, 5], [1, 2, 2], [3, 4, 3],
 * ];
 * const a = cronbachAlpha(items);
 * a.alpha.toFixed(4); // "0.9167"  (psych::alpha: raw_alpha 0.9166667)
 * a.apa();            // "α = .92, 95% CI [.65, .99], k = 3, n = 6"
 * ```
 */
export function cronbachAlpha(items: ReliabilityItemsMatrix, options: CronbachAlphaOptions = {}): CronbachAlphaResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsError(`cronbachAlpha: level must lie between 0 and 1 (got ${level}).`);
  const missing = options.missing ?? 'listwise';
  if (missing !== 'listwise' && missing !== 'pairwise') {
    throw new StatsError(`cronbachAlpha: missing must be "listwise" or "pairwise" (got "${String(missing)}").`);
  }
  const m = toMatrix(items);
  const K = m.cols;
  const names = options.itemNames ? [...options.itemNames] : Array.from({ length: K }, (_, i) => `item${i + 1}`);
  if (names.length !== K) {
    throw new StatsError(`cronbachAlpha: ${names.length} item names given for ${K} items.`);
  }
  if (K < 2) throw new StatsError(`cronbachAlpha: α needs at least 2 items (got ${K}).`);

  // Reverse keys → column flags.
  const reversed = new Array<boolean>(K).fill(false);
  for (const key of options.reverse ?? []) {
    const idx = typeof key === 'number' ? key : names.indexOf(key);
    if (!Number.isInteger(idx) || idx < 0 || idx >= K) {
      throw new StatsError(
        `cronbachAlpha: cannot reverse item ${JSON.stringify(key)}: give a 0-based column index below ${K} or one of the item names (${names.join(', ')}).`,
      );
    }
    reversed[idx] = true;
  }

  // Rows to keep.
  const keepRows: number[] = [];
  let emptyRows = 0;
  let incompleteRows = 0;
  for (let r = 0; r < m.rows; r++) {
    let answered = 0;
    for (let c = 0; c < K; c++) if (!Number.isNaN(m.data[r * K + c])) answered++;
    if (answered === 0) emptyRows++;
    else if (answered < K) {
      incompleteRows++;
      if (missing === 'pairwise') keepRows.push(r);
    } else keepRows.push(r);
  }
  const n = keepRows.length;
  if (n < 2) {
    throw new StatsError(
      `cronbachAlpha: α needs at least 2 persons with ${missing === 'listwise' ? 'complete answers' : 'any answer'} (got ${n} of ${m.rows} rows).`,
    );
  }
  const missingRows = missing === 'listwise' ? emptyRows + incompleteRows : emptyRows;
  const X = new Float64Array(n * K);
  for (let i = 0; i < n; i++) X.set(m.data.subarray(keepRows[i] * K, keepRows[i] * K + K), i * K);

  // Per-item n, mean, variance (available answers).
  const itemN = new Float64Array(K);
  const itemMean = new Float64Array(K);
  const itemVar = new Float64Array(K);
  for (let c = 0; c < K; c++) {
    let cnt = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = X[i * K + c];
      if (!Number.isNaN(v)) {
        cnt++;
        s += v;
      }
    }
    const mu = s / cnt;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = X[i * K + c];
      if (!Number.isNaN(v)) ss += (v - mu) * (v - mu);
    }
    itemN[c] = cnt;
    itemMean[c] = mu;
    itemVar[c] = cnt > 1 ? ss / (cnt - 1) : NaN;
  }

  const warnings: string[] = [];
  const dropped: string[] = [];
  const use: number[] = [];
  for (let c = 0; c < K; c++) {
    if (!(itemVar[c] > 0)) {
      dropped.push(names[c]);
      warnings.push(
        `Item "${names[c]}" has no variance (every answer is the same) and was left out of α, as psych::alpha does.`,
      );
    } else use.push(c);
  }
  const k = use.length;
  if (k < 2) {
    throw new StatsError(
      `cronbachAlpha: α needs at least 2 items with variance; ${k} of ${K} items vary (${dropped.length} had no variance: ${dropped.join(', ')}).`,
    );
  }

  // Reverse-key adjustment (psych: min + max over all analysed responses).
  let adjust = 0;
  if (reversed.some((r, c) => r && use.includes(c))) {
    if (options.responseRange) adjust = options.responseRange.min + options.responseRange.max;
    else {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        for (const c of use) {
          const v = X[i * K + c];
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
      }
      adjust = lo + hi;
    }
  }
  const sign = new Float64Array(k);
  for (let a = 0; a < k; a++) sign[a] = reversed[use[a]] ? -1 : 1;

  // Covariance matrix of the analysed items (pairwise-complete; equals listwise when complete).
  const C = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    const ca = use[a];
    for (let b = a; b < k; b++) {
      const cb = use[b];
      let cnt = 0;
      let sa = 0;
      let sb = 0;
      for (let i = 0; i < n; i++) {
        const va = X[i * K + ca];
        const vb = X[i * K + cb];
        if (Number.isNaN(va) || Number.isNaN(vb)) continue;
        cnt++;
        sa += va;
        sb += vb;
      }
      if (cnt < 2) {
        throw new StatsError(
          `cronbachAlpha: items "${names[ca]}" and "${names[cb]}" are answered together by ${cnt} person(s); pairwise covariances need at least 2.`,
        );
      }
      const ma = sa / cnt;
      const mb = sb / cnt;
      let sab = 0;
      for (let i = 0; i < n; i++) {
        const va = X[i * K + ca];
        const vb = X[i * K + cb];
        if (Number.isNaN(va) || Number.isNaN(vb)) continue;
        sab += (va - ma) * (vb - mb);
      }
      const cov = (sign[a] * sign[b] * sab) / (cnt - 1);
      C[a * k + b] = cov;
      C[b * k + a] = cov;
    }
  }
  const R = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) R[a * k + b] = a === b ? 1 : C[a * k + b] / Math.sqrt(C[a * k + a] * C[b * k + b]);
  }

  const alpha = alphaFromCov(C, k);
  const alphaStd = stdAlphaFromCor(R, k);
  let sumR = 0;
  for (let i = 0; i < k * k; i++) sumR += R[i];
  const averageR = (sumR - k) / (k * (k - 1));

  // Duhachek & Iacobucci (2004) asymptotic variance, as psych's `Q`.
  let trC = 0;
  let sumC = 0;
  let trC2 = 0;
  let sumC2 = 0;
  for (let a = 0; a < k; a++) {
    trC += C[a * k + a];
    for (let b = 0; b < k; b++) {
      sumC += C[a * k + b];
      let cc = 0;
      for (let j = 0; j < k; j++) cc += C[a * k + j] * C[j * k + b];
      sumC2 += cc;
      if (a === b) trC2 += cc;
    }
  }
  const Q = ((2 * k * k) / ((k - 1) ** 2 * sumC ** 3)) * (sumC * (trC2 + trC * trC) - 2 * trC * sumC2);
  const se = Math.sqrt(Q / n);
  const z = normal.quantile(1 - (1 - level) / 2);

  // Feldt interval.
  const df1 = n - 1;
  const df2 = (n - 1) * (k - 1);
  const ci: ConfidenceInterval = {
    lower: 1 - (1 - alpha) * fDist.quantile(1 - (1 - level) / 2, df1, df2),
    upper: 1 - (1 - alpha) * fDist.quantile((1 - level) / 2, df1, df2),
    level,
    method: `Feldt (1987) F(${df1}, ${df2})`,
  };
  const ciDuhachek: ConfidenceInterval = {
    lower: alpha - z * se,
    upper: alpha + z * se,
    level,
    method: 'Duhachek & Iacobucci (2004) normal approximation',
  };

  const itemStats: ReliabilityItemStats[] = [];
  for (let a = 0; a < k; a++) {
    const c = use[a];
    let rowSum = 0;
    let rest = 0;
    for (let b = 0; b < k; b++) {
      rowSum += C[a * k + b];
      if (b === a) continue;
      for (let j = 0; j < k; j++) if (j !== a) rest += C[b * k + j];
    }
    const rDrop = (rowSum - C[a * k + a]) / Math.sqrt(C[a * k + a] * rest);
    if (rDrop < 0) {
      warnings.push(
        `Item "${names[c]}" correlates negatively with the rest of the scale (r = ${fmt(rDrop, 2)}); check whether it should be reverse-keyed.`,
      );
    }
    itemStats.push({
      name: names[c],
      column: c,
      reversed: reversed[c],
      n: itemN[c],
      mean: reversed[c] ? adjust - itemMean[c] : itemMean[c],
      sd: Math.sqrt(itemVar[c]),
      itemRestCorrelation: rDrop,
      alphaIfDeleted: k > 2 ? alphaFromCov(C, k, a) : NaN,
      alphaStandardizedIfDeleted: k > 2 ? stdAlphaFromCor(R, k, a) : NaN,
    });
  }

  return new CronbachAlphaResult(
    alpha,
    alphaStd,
    averageR,
    ci,
    se,
    ciDuhachek,
    n,
    k,
    missing,
    missingRows,
    itemStats,
    dropped,
    warnings,
  );
}
