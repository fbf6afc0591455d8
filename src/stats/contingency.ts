/**
 * Contingency tables: Pearson's χ² test of independence (r×c, Yates' correction for 2×2),
 * Fisher's exact test for 2×2 tables with the conditional maximum-likelihood odds ratio,
 * and McNemar's test for paired proportions (χ² with/without continuity correction, exact).
 *
 * Reference implementation: R `stats::chisq.test`, `stats::fisher.test`, `stats::mcnemar.test`
 * (R 4.2), checked in tests/stats/contingency.test.ts against tests/reference/contingency.json
 * (tests/reference/contingency.R).
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { fmt, fmtCI, fmtDf, fmtP } from './apa.js';
import { chiSquared } from './distributions.js';
import { binomialTest } from './nonparametric.js';
import { brentRoot } from './roots.js';
import { type ConfidenceInterval, StatsError } from './result.js';
import {
  checkTestAlternative,
  checkTestConfLevel,
  HypothesisTestResult,
  type HypothesisTestInit,
  type TestAlternative,
} from './ttest.js';

/** A table of counts, rows × columns (row-major: `table[i][j]`). */
export type CountTable = ArrayLike<ArrayLike<number>>;

/** A cross-tabulation of two categorical variables with its level labels. */
export interface CrossTable {
  table: number[][];
  rowLevels: string[];
  colLevels: string[];
  /** Cases dropped because either value was missing (null/undefined/NaN/""). */
  missing: number;
}

/**
 * Cross-tabulates two equal-length categorical arrays (listwise: a case with either value
 * missing is dropped and counted). Levels are sorted (numerically when all values are numbers)
 * unless given in `options.rowLevels` / `options.colLevels`; values outside given levels throw.
 *
 * @example
 * contingencyCrossTable(['a', 'a', 'b', null], ['y', 'n', 'y', 'y']).table // [[1, 1], [0, 1]]
 */
export function contingencyCrossTable(
  x: ArrayLike<string | number | boolean | null | undefined>,
  y: ArrayLike<string | number | boolean | null | undefined>,
  options: { rowLevels?: string[]; colLevels?: string[] } = {},
): CrossTable {
  if (x.length !== y.length) throw new StatsError(`cross-table: the two variables must have the same length (got ${x.length} and ${y.length}).`);
  const isMissing = (v: unknown) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (!isMissing(x[i]) && !isMissing(y[i])) keep.push(i);
  const levelsOf = (v: ArrayLike<unknown>): string[] => {
    const vals = [...new Set(keep.map((i) => v[i]))];
    if (vals.every((u) => typeof u === 'number')) return (vals as number[]).sort((a, b) => a - b).map(String);
    return vals.map(String).sort();
  };
  const rowLevels = options.rowLevels ?? levelsOf(x);
  const colLevels = options.colLevels ?? levelsOf(y);
  const table = rowLevels.map(() => colLevels.map(() => 0));
  for (const i of keep) {
    const r = rowLevels.indexOf(String(x[i]));
    const c = colLevels.indexOf(String(y[i]));
    if (r < 0 || c < 0) throw new StatsError(`cross-table: value "${r < 0 ? String(x[i]) : String(y[i])}" (case ${i + 1}) is not among the given levels.`);
    table[r][c]++;
  }
  return { table, rowLevels, colLevels, missing: x.length - keep.length };
}

function toMatrix(t: CountTable, what: string, minRows = 2, minCols = 2): number[][] {
  const rows = t.length;
  if (rows < minRows) throw new StatsError(`${what}: the table needs at least ${minRows} rows (got ${rows}).`);
  const cols = t[0]?.length ?? 0;
  if (cols < minCols) throw new StatsError(`${what}: the table needs at least ${minCols} columns (got ${cols}).`);
  const m: number[][] = [];
  for (let i = 0; i < rows; i++) {
    if (t[i].length !== cols) throw new StatsError(`${what}: row ${i + 1} has ${t[i].length} cells, expected ${cols}.`);
    const row: number[] = [];
    for (let j = 0; j < cols; j++) {
      const v = t[i][j];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new StatsError(`${what}: cell [${i + 1}, ${j + 1}] must be a finite non-negative count (got ${String(v)}).`);
      }
      row.push(v);
    }
    m.push(row);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Pearson χ²

export interface ChiSquareOptions {
  /** Yates' continuity correction for 2×2 tables, default `true` (R `correct = TRUE`). */
  correct?: boolean;
}

/** Result of Pearson's χ² test of independence. */
export class ChiSquareTestResult extends HypothesisTestResult {
  readonly observed: number[][];
  /** Expected counts under independence, E = row total × column total / N. */
  readonly expected: number[][];
  /** Pearson residuals (O − E)/√E. */
  readonly residuals: number[][];
  /** Standardised (adjusted) residuals (O − E)/√(E(1 − rᵢ/N)(1 − cⱼ/N)) (Agresti, 2007; R `stdres`). */
  readonly stdres: number[][];
  /** Whether Yates' continuity correction was applied. */
  readonly yates: boolean;
  /** True when any expected count is below 5 (R warns "Chi-squared approximation may be incorrect"). */
  readonly smallExpected: boolean;

  constructor(
    init: HypothesisTestInit & {
      observed: number[][];
      expected: number[][];
      residuals: number[][];
      stdres: number[][];
      yates: boolean;
      smallExpected: boolean;
    },
  ) {
    super(init);
    this.observed = init.observed;
    this.expected = init.expected;
    this.residuals = init.residuals;
    this.stdres = init.stdres;
    this.yates = init.yates;
    this.smallExpected = init.smallExpected;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      observed: this.observed,
      expected: this.expected,
      residuals: this.residuals,
      stdres: this.stdres,
      yates: this.yates,
      smallExpected: this.smallExpected,
    };
  }

  /** "χ²(2, N = 150) = 5.43, p = .066" */
  override apa(): string {
    return `χ²(${fmtDf(this.df ?? NaN)}, N = ${fmt(this.n, Number.isInteger(this.n) ? 0 : 2)}) = ${fmt(this.statistic)}, ${fmtP(this.p)}`;
  }
}

/**
 * Pearson's χ² test of independence for an r×c table of counts.
 *
 * E_ij = r_i c_j / N; X² = Σ (|O − E| − Y)² / E with Y = min(½, min|O − E|) for 2×2 tables when
 * `correct` (Yates, 1934; R's default) and Y = 0 otherwise; df = (r − 1)(c − 1); p from χ²_df.
 * Also returns expected counts, Pearson residuals and standardised residuals, and a note (and
 * `smallExpected`) when any expected count is below 5 — then prefer {@link fisherExactTest}.
 * A row or column without observations is an error (R would return NaN).
 * Checked against R `chisq.test(table, correct = ...)` (statistic, p, expected, residuals, stdres).
 *
 * @example
 * chiSquareTest([[12, 5], [7, 16]]).apa() // "χ²(1, N = 40) = 4.81, p = .028"
 */
export function chiSquareTest(table: CountTable, options: ChiSquareOptions = {}): ChiSquareTestResult {
  const what = 'χ² test of independence';
  const x = toMatrix(table, what);
  const r = x.length;
  const c = x[0].length;
  const sr = x.map((row) => row.reduce((a, b) => a + b, 0));
  const sc = x[0].map((_, j) => x.reduce((a, row) => a + row[j], 0));
  const n = sr.reduce((a, b) => a + b, 0);
  if (n === 0) throw new StatsError(`${what}: the table is empty (all counts are 0).`);
  sr.forEach((s, i) => {
    if (s === 0) throw new StatsError(`${what}: row ${i + 1} has no observations, so its expected counts are 0; drop that category.`);
  });
  sc.forEach((s, j) => {
    if (s === 0) throw new StatsError(`${what}: column ${j + 1} has no observations, so its expected counts are 0; drop that category.`);
  });
  const E = sr.map((ri) => sc.map((cj) => (ri * cj) / n));
  let yates = 0;
  const correct = options.correct ?? true;
  if (correct && r === 2 && c === 2) {
    let m = 0.5;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) m = Math.min(m, Math.abs(x[i][j] - E[i][j]));
    yates = m;
  }
  let stat = 0;
  let minE = Infinity;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const dev = Math.abs(x[i][j] - E[i][j]) - yates;
      stat += (dev * dev) / E[i][j];
      minE = Math.min(minE, E[i][j]);
    }
  }
  const df = (r - 1) * (c - 1);
  const residuals = x.map((row, i) => row.map((o, j) => (o - E[i][j]) / Math.sqrt(E[i][j])));
  const stdres = x.map((row, i) =>
    row.map((o, j) => (o - E[i][j]) / Math.sqrt(E[i][j] * (1 - sr[i] / n) * (1 - sc[j] / n))),
  );
  const smallExpected = minE < 5;
  const notes: string[] = [];
  if (smallExpected) {
    let k = 0;
    for (const row of E) for (const e of row) if (e < 5) k++;
    notes.push(
      `χ² approximation may be inaccurate: ${k} of ${r * c} expected counts are below 5 (smallest ${fmt(minE)})${r === 2 && c === 2 ? "; consider Fisher's exact test" : ''}.`,
    );
  }
  // as R: the method says Yates only when the correction is non-zero (some |O − E| = 0 makes it 0)
  const yatesUsed = yates > 0;
  return new ChiSquareTestResult({
    method: `Pearson's χ² test of independence${yatesUsed ? " with Yates' continuity correction" : ''}`,
    statisticName: 'χ²',
    statistic: stat,
    df,
    p: chiSquared.sf(stat, df),
    alternative: 'two-sided',
    nullValue: 0,
    estimate: null,
    ci: null,
    n,
    missing: 0,
    missingHandling: 'none',
    notes,
    observed: x,
    expected: E,
    residuals,
    stdres,
    yates: yatesUsed,
    smallExpected,
  });
}

// ---------------------------------------------------------------------------------------------
// Fisher's exact test (2×2)

export interface FisherOptions {
  alternative?: TestAlternative;
  /** Confidence level of the odds-ratio CI, default 0.95. */
  confLevel?: number;
  /** Odds ratio under H₀, default 1. */
  or?: number;
  /**
   * Tolerance of the root finding for the conditional MLE and CI. Default R's `uniroot`
   * default ε^¼ ≈ 1.2e-4 (so results reproduce `fisher.test`); pass e.g. 1e-10 for more digits.
   */
  tolRoot?: number;
}

/** Result of Fisher's exact test for a 2×2 table. */
export class FisherExactResult extends HypothesisTestResult {
  readonly table: number[][];

  constructor(init: HypothesisTestInit & { table: number[][] }) {
    super(init);
    this.table = init.table;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), table: this.table };
  }

  /** "Fisher's exact test, p = .035, OR = 3.51, 95% CI [1.02, 13.4]" */
  override apa(): string {
    const or = this.estimate ? `, OR = ${fmt(this.estimate.value)}` : '';
    const ci = this.ci ? `, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level)}` : '';
    return `Fisher's exact test, ${fmtP(this.p)}${or}${ci}`;
  }
}

/**
 * Fisher's (1935) exact test for a 2×2 table [[a, b], [c, d]], conditional on both margins.
 *
 * Under odds ratio ψ the count a follows the noncentral hypergeometric distribution
 * P(a) ∝ C(m, a)·C(n, k − a)·ψᵃ (m, n column totals, k first-row total). p-values as R: one-sided
 * tails; two-sided = Σ P(t) over tables with P(t) ≤ P(a)·(1 + 10⁻⁷). The estimate is the
 * conditional maximum-likelihood odds ratio (solves E_ψ[a] = a; 0 or ∞ at the ends of the
 * support), NOT the sample odds ratio ad/bc; its CI inverts the two one-sided tests
 * (Cornfield-type exact interval), as R `fisher.test` (root finding, tolerance `tolRoot`).
 * Checked against R `fisher.test` (p, estimate, conf.int) and against an R replica of the
 * same equations solved to 1e-10.
 *
 * @example
 * fisherExactTest([[3, 1], [1, 3]]).p // 0.48571428571428... (= 34/70; R 0.4857)
 */
export function fisherExactTest(table: CountTable, options: FisherOptions = {}): FisherExactResult {
  const what = "Fisher's exact test";
  const t = toMatrix(table, what);
  if (t.length !== 2 || t[0].length !== 2) {
    throw new StatsError(`${what}: only 2×2 tables are supported (got ${t.length}×${t[0].length}); use chiSquareTest for larger tables.`);
  }
  for (const row of t) for (const v of row) if (!Number.isInteger(v)) throw new StatsError(`${what}: counts must be integers (got ${v}).`);
  const alternative = checkTestAlternative(options.alternative);
  const level = checkTestConfLevel(options.confLevel, what);
  const or0 = options.or ?? 1;
  if (!(or0 >= 0)) throw new StatsError(`${what}: the null odds ratio must be ≥ 0 (got ${or0}).`);
  const tol = options.tolRoot ?? Math.pow(2.220446049250313e-16, 0.25);
  const m = t[0][0] + t[1][0];
  const n = t[0][1] + t[1][1];
  const k = t[0][0] + t[0][1];
  const x = t[0][0];
  const total = m + n;
  if (total === 0) throw new StatsError(`${what}: the table is empty.`);
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const support: number[] = [];
  for (let s = lo; s <= hi; s++) support.push(s);
  const lchoose = (a: number, b: number) => gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1);
  const logdc = support.map((s) => lchoose(m, s) + lchoose(n, k - s) - lchoose(total, k));
  const dnhyper = (ncp: number): number[] => {
    const lncp = Math.log(ncp);
    const d = logdc.map((l, i) => l + lncp * support[i]);
    let mx = -Infinity;
    for (const v of d) if (v > mx) mx = v;
    const e = d.map((v) => Math.exp(v - mx));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  const mnhyper = (ncp: number): number => {
    if (ncp === 0) return lo;
    if (ncp === Infinity) return hi;
    const d = dnhyper(ncp);
    let s = 0;
    for (let i = 0; i < d.length; i++) s += support[i] * d[i];
    return s;
  };
  const pnhyper = (q: number, ncp: number, upper = false): number => {
    if (ncp === 0) return upper ? (q <= lo ? 1 : 0) : q >= lo ? 1 : 0;
    if (ncp === Infinity) return upper ? (q <= hi ? 1 : 0) : q >= hi ? 1 : 0;
    const d = dnhyper(ncp);
    let s = 0;
    for (let i = 0; i < d.length; i++) if (upper ? support[i] >= q : support[i] <= q) s += d[i];
    return Math.min(1, s);
  };
  let p: number;
  if (alternative === 'less') p = pnhyper(x, or0);
  else if (alternative === 'greater') p = pnhyper(x, or0, true);
  else if (or0 === 0) p = x === lo ? 1 : 0;
  else if (or0 === Infinity) p = x === hi ? 1 : 0;
  else {
    const d = dnhyper(or0);
    const dx = d[x - lo] * (1 + 1e-7);
    p = 0;
    for (const v of d) if (v <= dx) p += v;
    p = Math.min(1, p);
  }
  const EPS = 2.220446049250313e-16;
  const mle = (): number => {
    if (x === lo) return 0;
    if (x === hi) return Infinity;
    const mu = mnhyper(1);
    if (mu > x) return brentRoot((s) => mnhyper(s) - x, 0, 1, { tol });
    if (mu < x) return 1 / brentRoot((s) => mnhyper(1 / s) - x, EPS, 1, { tol });
    return 1;
  };
  const ncpU = (alpha: number): number => {
    if (x === hi) return Infinity;
    const p1 = pnhyper(x, 1);
    if (p1 < alpha) return brentRoot((s) => pnhyper(x, s) - alpha, 0, 1, { tol });
    if (p1 > alpha) return 1 / brentRoot((s) => pnhyper(x, 1 / s) - alpha, EPS, 1, { tol });
    return 1;
  };
  const ncpL = (alpha: number): number => {
    if (x === lo) return 0;
    const p1 = pnhyper(x, 1, true);
    if (p1 > alpha) return brentRoot((s) => pnhyper(x, s, true) - alpha, 0, 1, { tol });
    if (p1 < alpha) return 1 / brentRoot((s) => pnhyper(x, 1 / s, true) - alpha, EPS, 1, { tol });
    return 1;
  };
  let ci: ConfidenceInterval;
  const ciMethod = 'exact conditional (inversion of the noncentral hypergeometric tails; R fisher.test)';
  if (alternative === 'less') ci = { lower: 0, upper: ncpU(1 - level), level, method: ciMethod };
  else if (alternative === 'greater') ci = { lower: ncpL(1 - level), upper: Infinity, level, method: ciMethod };
  else {
    const a = (1 - level) / 2;
    ci = { lower: ncpL(a), upper: ncpU(a), level, method: ciMethod };
  }
  return new FisherExactResult({
    method: "Fisher's exact test (2×2, conditional MLE odds ratio)",
    statisticName: 'a',
    statistic: x,
    df: null,
    p,
    alternative,
    nullValue: or0,
    estimate: { name: 'odds ratio (conditional MLE)', value: mle() },
    ci,
    n: total,
    missing: 0,
    missingHandling: 'none',
    table: t,
  });
}

// ---------------------------------------------------------------------------------------------
// McNemar

export interface McNemarOptions {
  /** Continuity correction (|b − c| − 1)² / (b + c) for 2×2 tables, default `true` (as R). */
  correct?: boolean;
}

/** Result of McNemar's test (χ² or exact). */
export class McNemarResult extends HypothesisTestResult {
  readonly table: number[][];
  /** Discordant counts of a 2×2 table: b = table[0][1], c = table[1][0] (NaN for larger tables). */
  readonly b: number;
  readonly c: number;

  constructor(init: HypothesisTestInit & { table: number[][]; b: number; c: number }) {
    super(init);
    this.table = init.table;
    this.b = init.b;
    this.c = init.c;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), table: this.table, b: this.b, c: this.c };
  }

  /** χ² version: "χ²(1, N = 50) = 4.17, p = .041"; exact version: "b = 12, c = 3, p = .035, OR = 4.00, 95% CI [...]". */
  override apa(): string {
    if (this.df !== null) return `χ²(${fmtDf(this.df)}, N = ${this.n}) = ${fmt(this.statistic)}, ${fmtP(this.p)}`;
    const est = this.estimate ? `, OR = ${fmt(this.estimate.value)}` : '';
    return `b = ${this.b}, c = ${this.c}, ${fmtP(this.p)}${est}${this.ciApa()}`;
  }
}

/**
 * McNemar's (1947) test of marginal homogeneity for a square table of paired classifications
 * (rows: first measurement, columns: second).
 *
 * X² = Σ_{i<j} (|n_ij − n_ji| − CC)² / (n_ij + n_ji), df = r(r − 1)/2, with CC = 1 (Edwards'
 * continuity correction) when `correct` (default, as R) and the table is 2×2 with b ≠ c,
 * else CC = 0. For few discordant pairs use {@link mcnemarExactTest}.
 * A symmetric pair of cells that are both 0 (e.g. no discordant pairs in a 2×2 table) makes the
 * statistic undefined: `StatsError` (R returns NaN). Checked against R `mcnemar.test`.
 *
 * @example
 * mcnemarTest([[20, 12], [3, 15]]).apa() // "χ²(1, N = 50) = 4.27, p = .039"
 */
export function mcnemarTest(table: CountTable, options: McNemarOptions = {}): McNemarResult {
  const what = "McNemar's test";
  const x = toMatrix(table, what);
  const r = x.length;
  if (x[0].length !== r) throw new StatsError(`${what}: the table must be square (got ${r}×${x[0].length}).`);
  const correct = options.correct ?? true;
  const useCC = correct && r === 2 && x[0][1] !== x[1][0];
  let stat = 0;
  let n = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      n += x[i][j];
      if (j <= i) continue;
      const s = x[i][j] + x[j][i];
      if (s === 0) {
        throw new StatsError(
          `${what}: cells [${i + 1}, ${j + 1}] and [${j + 1}, ${i + 1}] are both 0 (no discordant pairs of that kind), so the statistic is undefined.`,
        );
      }
      const dev = Math.abs(x[i][j] - x[j][i]) - (useCC ? 1 : 0);
      stat += (dev * dev) / s;
    }
  }
  const df = (r * (r - 1)) / 2;
  return new McNemarResult({
    method: `McNemar's χ² test${useCC ? ' with continuity correction' : ''}`,
    statisticName: 'χ²',
    statistic: stat,
    df,
    p: chiSquared.sf(stat, df),
    alternative: 'two-sided',
    nullValue: 0,
    estimate: null,
    ci: null,
    n,
    missing: 0,
    missingHandling: 'none',
    table: x,
    b: r === 2 ? x[0][1] : NaN,
    c: r === 2 ? x[1][0] : NaN,
  });
}

/**
 * Exact McNemar test for a 2×2 table [[a, b], [c, d]]: the exact binomial test of b out of the
 * b + c discordant pairs against ½ (two-sided as R `binom.test`), with the conditional odds
 * ratio b/c and its exact CI obtained from the Clopper–Pearson interval [π_L, π_U] of b/(b + c)
 * as [π_L/(1 − π_L), π_U/(1 − π_U)] (as R exact2x2::mcnemar.exact; Fay, 2010). The exact conditional
 * test is conservative; Fagerland, Lydersen & Laake (2013) prefer its mid-p version, which is not
 * implemented here. Checked against R
 * `binom.test(b, b + c)`.
 *
 * @example
 * mcnemarExactTest([[20, 12], [3, 15]]).p // 0.03515625
 */
export function mcnemarExactTest(
  table: CountTable,
  options: { alternative?: TestAlternative; confLevel?: number } = {},
): McNemarResult {
  const what = 'Exact McNemar test';
  const x = toMatrix(table, what);
  if (x.length !== 2 || x[0].length !== 2) throw new StatsError(`${what}: needs a 2×2 table (got ${x.length}×${x[0].length}).`);
  const b = x[0][1];
  const c = x[1][0];
  if (!Number.isInteger(b) || !Number.isInteger(c)) throw new StatsError(`${what}: counts must be integers.`);
  if (b + c === 0) throw new StatsError(`${what}: there are no discordant pairs (b = c = 0), so there is nothing to test.`);
  const alternative = checkTestAlternative(options.alternative);
  const level = checkTestConfLevel(options.confLevel, what);
  const bt = binomialTest(b, b + c, { p: 0.5, alternative, confLevel: level });
  const toOr = (pi: number) => (pi >= 1 ? Infinity : pi / (1 - pi));
  const ci = bt.ci as ConfidenceInterval;
  return new McNemarResult({
    method: 'Exact McNemar test (binomial test on the discordant pairs)',
    statisticName: 'b',
    statistic: b,
    df: null,
    p: bt.p,
    alternative,
    nullValue: 1,
    estimate: { name: 'conditional odds ratio b/c', value: c === 0 ? Infinity : b / c },
    ci: {
      lower: toOr(ci.lower),
      upper: toOr(ci.upper),
      level,
      method: 'Clopper–Pearson interval of b/(b + c), transformed to the odds scale',
    },
    n: x[0][0] + b + c + x[1][1],
    missing: 0,
    missingHandling: 'none',
    table: x,
    b,
    c,
  });
}
