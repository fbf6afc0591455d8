/**
 * Shared shapes of statistical results. Every result names its method, its CI method,
 * the n it used and how missing values were handled, serialises with `toJSON()` and
 * formats itself as an APA 7 sentence with `apa()`.
 */

export interface ConfidenceInterval {
  lower: number;
  upper: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** How the interval was obtained, e.g. "noncentral t inversion (Steiger & Fouladi, 1997)". */
  method: string;
}

/** How missing values (NaN / null) were handled. */
export type MissingHandling = 'listwise' | 'pairwise' | 'none';

export interface StatResult {
  /** Name of the method, e.g. "Welch two-sample t-test" or "Hedges' g (exact J)". */
  readonly method: string;
  /** Plain JSON object with every number of the result. */
  toJSON(): Record<string, unknown>;
  /** APA 7 sentence fragment, e.g. "t(103) = 2.45, p = .016, d = 0.48, 95% CI [0.09, 0.87]". */
  apa(): string;
}

/**
 * Error for inputs a statistic cannot be computed from (n < 2, zero variance, all values missing, invalid
 * options, …). The message is a sentence a researcher can act on; `name` is "StatsError".
 */
export class StatsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatsError';
  }
}

export type NumericInput = ArrayLike<number | null | undefined>;

/**
 * Copies finite numbers out of `x` into a Float64Array, dropping null/undefined/NaN/±Infinity
 * (the library's definition of "missing"). Returns the values and how many were dropped.
 *
 * @example
 * finiteValues([1, null, NaN, 3]) // { values: Float64Array [1, 3], missing: 2 }
 */
export function finiteValues(x: NumericInput): { values: Float64Array; missing: number } {
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v === 'number' && Number.isFinite(v)) n++;
  }
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v === 'number' && Number.isFinite(v)) out[j++] = v;
  }
  return { values: out, missing: x.length - n };
}

/**
 * Listwise-complete pairs: keeps index i only when both x[i] and y[i] are finite.
 * Throws a StatsError when the lengths differ.
 *
 * @example
 * completePairs([1, 2, null], [4, NaN, 6]) // { x: Float64Array [1], y: Float64Array [4], missing: 2 }
 */
export function completePairs(
  x: NumericInput,
  y: NumericInput,
  what = 'paired data',
): { x: Float64Array; y: Float64Array; missing: number } {
  if (x.length !== y.length) {
    throw new StatsError(`${what}: the two arrays must have the same length (got ${x.length} and ${y.length}).`);
  }
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (typeof a === 'number' && Number.isFinite(a) && typeof b === 'number' && Number.isFinite(b)) keep.push(i);
  }
  const ox = new Float64Array(keep.length);
  const oy = new Float64Array(keep.length);
  keep.forEach((k, j) => {
    ox[j] = x[k] as number;
    oy[j] = y[k] as number;
  });
  return { x: ox, y: oy, missing: x.length - keep.length };
}

/**
 * Listwise-complete pairs and their differences d = x − y (see {@link completePairs}).
 * @example
 * pairedDifferences([3, 4, null], [1, 5, 2]).d // Float64Array [2, -1]   (missing: 1)
 */
export function pairedDifferences(
  x: NumericInput,
  y: NumericInput,
  what = 'paired data',
): { d: Float64Array; x: Float64Array; y: Float64Array; missing: number } {
  const pairs = completePairs(x, y, what);
  const d = new Float64Array(pairs.x.length);
  for (let i = 0; i < d.length; i++) d[i] = pairs.x[i] - pairs.y[i];
  return { d, ...pairs };
}
