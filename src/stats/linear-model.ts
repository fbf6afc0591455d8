/**
 * The linear-model core: model variables (numeric or factor), a design matrix with treatment or sum
 * coding and interactions, an OLS fit by Householder QR (`linalg.ts`), and everything derived from one
 * fit — coefficient tests, Wald and nested-model F tests, type I/II/III sums of squares, predictions
 * with standard errors, leverage, HC3 covariance and Cook's distance.
 *
 * One core for every fixed-effects linear model of the library: `linearRegression` (regression.ts),
 * `ancova` (anova.ts) and `twoWayAnova` (anova.ts) build their designs here and read their numbers from
 * a {@link LinearModelFit}.
 *
 * Reference: R 4.2 `lm`, `model.matrix` (`contr.treatment`, `contr.sum`), `anova`, `car::Anova`
 * (type 2/3), `car::hccm(type = "hc3")`, `hatvalues`, `rstandard`, `rstudent`, `cooks.distance`
 * (tests/reference/regression.R → regression.json).
 */
import { parseNumericText } from './cells.js';
import { fDist, studentT } from './distributions.js';
import { applyQt, householderQR, hypothesisSSCP, matrixFromColumns, qrLeastSquares, solveUpperTriangular, type DenseMatrix, type LeastSquaresFit } from './linalg.js';
import { mean } from './moments.js';
import { StatsError } from './result.js';

/** Contrast coding of a factor: R `contr.treatment` (first level = reference) or `contr.sum` (last level = −1). */
export type FactorCoding = 'treatment' | 'sum';

/** A numeric model variable (covariate, 0/1 indicator). NaN = missing. */
export interface NumericModelVariable {
  kind: 'numeric';
  name: string;
  values: Float64Array;
}

/** A factor: level index per row (−1 = missing) and the level labels (first = reference for treatment coding). */
export interface FactorModelVariable {
  kind: 'factor';
  name: string;
  index: Int32Array;
  levels: string[];
  coding: FactorCoding;
}

export type ModelVariable = NumericModelVariable | FactorModelVariable;

/** A model term: one variable (main effect) or several (their interaction, R `a:b`). */
export interface DesignTerm {
  /** R-style label: "age", "group", "group:time". */
  name: string;
  variables: string[];
  /** Column indices of this term in the design matrix. */
  columns: number[];
}

/** A design matrix with its column names (as R `model.matrix`) and terms. */
export interface ModelDesign {
  X: DenseMatrix;
  columnNames: string[];
  /** Terms in model order; the intercept is not a term. */
  terms: DesignTerm[];
  hasIntercept: boolean;
}

/**
 * Coding columns of one variable: numeric → itself; factor with L levels → L − 1 columns
 * (treatment: indicator of levels 2…L, named `name + level`; sum: level j → +1, last level → −1,
 * named `name + j` as R `contr.sum`).
 */
function variableColumns(v: ModelVariable, rows: ArrayLike<number>): { names: string[]; cols: Float64Array[] } {
  const n = rows.length;
  if (v.kind === 'numeric') return { names: [v.name], cols: [Float64Array.from({ length: n }, (_, i) => v.values[rows[i]])] };
  const L = v.levels.length;
  const names: string[] = [];
  const cols: Float64Array[] = [];
  for (let j = 0; j < L - 1; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const g = v.index[rows[i]];
      if (v.coding === 'treatment') col[i] = g === j + 1 ? 1 : 0;
      else col[i] = g === j ? 1 : g === L - 1 ? -1 : 0;
    }
    names.push(v.coding === 'treatment' ? `${v.name}${v.levels[j + 1]}` : `${v.name}${j + 1}`);
    cols.push(col);
  }
  return { names, cols };
}

/**
 * Builds the design matrix of `terms` (each a list of variable names; several = interaction) over the
 * given rows, as R `model.matrix(~ terms)`: intercept first (unless `intercept: false`), then each term's
 * columns; an interaction's columns are the products of its variables' coding columns (first variable
 * varying fastest, as R).
 *
 * @example
 * const d = buildModelDesign(
 *   [{ kind: 'numeric', name: 'x', values: Float64Array.from([1, 2, 3]) },
 *    { kind: 'factor', name: 'g', index: Int32Array.from([0, 1, 1]), levels: ['a', 'b'], coding: 'treatment' }],
 *   [['x'], ['g']], [0, 1, 2]);
 * d.columnNames // ["(Intercept)", "x", "gb"]   (R colnames(model.matrix(~ x + g)))
 */
export function buildModelDesign(
  variables: readonly ModelVariable[],
  terms: readonly (readonly string[])[],
  rows: ArrayLike<number>,
  options: { intercept?: boolean } = {},
): ModelDesign {
  const byName = new Map(variables.map((v) => [v.name, v] as const));
  const n = rows.length;
  const cols: Float64Array[] = [];
  const columnNames: string[] = [];
  const hasIntercept = options.intercept ?? true;
  if (hasIntercept) {
    cols.push(new Float64Array(n).fill(1));
    columnNames.push('(Intercept)');
  }
  const outTerms: DesignTerm[] = [];
  for (const t of terms) {
    let names = [''];
    let tcols: Float64Array[] = [new Float64Array(n).fill(1)];
    for (const vn of t) {
      const v = byName.get(vn);
      if (!v) throw new StatsError(`Model term "${t.join(':')}": no variable "${vn}".`);
      const vc = variableColumns(v, rows);
      const nextNames: string[] = [];
      const nextCols: Float64Array[] = [];
      vc.cols.forEach((c, b) => {
        tcols.forEach((a, k) => {
          nextNames.push(names[k] === '' ? vc.names[b] : `${names[k]}:${vc.names[b]}`);
          nextCols.push(Float64Array.from(a, (x, i) => x * c[i]));
        });
      });
      names = nextNames;
      tcols = nextCols;
    }
    const start = cols.length;
    cols.push(...tcols);
    columnNames.push(...names);
    outTerms.push({ name: t.join(':'), variables: [...t], columns: names.map((_, k) => start + k) });
  }
  return { X: matrixFromColumns(cols, n), columnNames, terms: outTerms, hasIntercept };
}

/** One coefficient test as `summary(lm)` with `confint`. */
export interface CoefficientTest {
  term: string;
  estimate: number;
  se: number;
  t: number;
  df: number;
  p: number;
  lower: number;
  upper: number;
}

/** An F test of a term or of a model comparison. */
export interface FTestRow {
  term: string;
  ss: number;
  df: number;
  F: number;
  dfResidual: number;
  p: number;
}

/** An OLS fit of one response on a design (see {@link fitLinearModel}). */
export class LinearModelFit {
  readonly n: number;
  readonly p: number;
  readonly coefficients: Float64Array;
  readonly residuals: Float64Array;
  readonly fitted: Float64Array;
  /** Residual sum of squares. */
  readonly sse: number;
  readonly dfResidual: number;
  /** Residual standard error σ̂ = √(SSE/df). */
  readonly sigma: number;
  /** Total SS about the mean (about 0 without an intercept, as R). */
  readonly sst: number;
  constructor(
    readonly design: ModelDesign,
    readonly y: Float64Array,
    readonly ls: LeastSquaresFit,
  ) {
    this.n = y.length;
    this.p = design.X.ncol;
    this.coefficients = Float64Array.from(ls.coefficients.data);
    this.residuals = Float64Array.from(ls.residuals.data);
    this.fitted = Float64Array.from(y, (v, i) => v - this.residuals[i]);
    this.sse = ls.residualSSCP.data[0];
    this.dfResidual = ls.dfResidual;
    this.sigma = Math.sqrt(this.sse / this.dfResidual);
    const m = design.hasIntercept ? mean(y) : 0;
    let s = 0;
    for (const v of y) s += (v - m) ** 2;
    this.sst = s;
  }
  /** R² = 1 − SSE/SST. */
  get rSquared(): number {
    return 1 - this.sse / this.sst;
  }
  /** Adjusted R² = 1 − (1 − R²)(n − i)/df_residual, i = 1 with an intercept. */
  get adjRSquared(): number {
    return 1 - (1 - this.rSquared) * ((this.n - (this.design.hasIntercept ? 1 : 0)) / this.dfResidual);
  }
  /** Overall F test of all non-intercept columns (R's `summary(lm)$fstatistic`). */
  get modelF(): { F: number; df1: number; df2: number; p: number } {
    const df1 = this.p - (this.design.hasIntercept ? 1 : 0);
    const F = (this.sst - this.sse) / df1 / (this.sse / this.dfResidual);
    return { F, df1, df2: this.dfResidual, p: fDist.sf(F, df1, this.dfResidual) };
  }
  /** (XᵀX)⁻¹ element (i, j). */
  unscaled(i: number, j: number): number {
    return this.ls.xtxInverse.data[i + j * this.p];
  }
  /**
   * Covariance matrix σ̂²(XᵀX)⁻¹ of the coefficients (column-major p×p). `'ols'` (default): σ̂² = SSE/(n − p),
   * R `vcov(lm)`. `'ml'`: σ̂²_ML = SSE/n, what lavaan `sem` reports for a regression of observed variables
   * (`fixed.x = TRUE`, expected information), used by the path models (mediation, cross-lagged panel).
   */
  vcov(scale: 'ols' | 'ml' = 'ols'): Float64Array {
    const s2 = scale === 'ols' ? this.sigma ** 2 : this.sse / this.n;
    return Float64Array.from(this.ls.xtxInverse.data, (v) => v * s2);
  }
  /** Diagonal of the hat matrix hᵢ = xᵢᵀ(XᵀX)⁻¹xᵢ (R `hatvalues`). */
  leverage(): Float64Array {
    const { X } = this.design;
    const n = this.n;
    const p = this.p;
    const V = this.ls.xtxInverse.data;
    const h = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < p; a++) {
        const xa = X.data[i + a * n];
        if (xa === 0) continue;
        let t = 0;
        for (let b = 0; b < p; b++) t += V[a + b * p] * X.data[i + b * n];
        s += xa * t;
      }
      h[i] = s;
    }
    return h;
  }
  /**
   * HC3 heteroscedasticity-consistent covariance (MacKinnon & White 1985; Long & Ervin 2000):
   * (XᵀX)⁻¹ Xᵀ diag(eᵢ²/(1 − hᵢ)²) X (XᵀX)⁻¹, as `car::hccm(type = "hc3")` and `sandwich::vcovHC(type = "HC3")`.
   */
  vcovHC3(): Float64Array {
    const { X } = this.design;
    const n = this.n;
    const p = this.p;
    const V = this.ls.xtxInverse.data;
    const h = this.leverage();
    const meat = new Float64Array(p * p);
    for (let i = 0; i < n; i++) {
      const w = (this.residuals[i] / (1 - h[i])) ** 2;
      for (let a = 0; a < p; a++) {
        const xa = X.data[i + a * n] * w;
        if (xa === 0) continue;
        for (let b = 0; b < p; b++) meat[a + b * p] += xa * X.data[i + b * n];
      }
    }
    const tmp = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += V[a + k * p] * meat[k + b * p];
      tmp[a + b * p] = s;
    }
    const out = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += tmp[a + k * p] * V[k + b * p];
      out[a + b * p] = s;
    }
    return out;
  }
  /** Coefficient tests (t with the residual df, t-based CI) from a covariance matrix (default the classical one). */
  coefficientTests(level = 0.95, cov: Float64Array = this.vcov()): CoefficientTest[] {
    const df = this.dfResidual;
    const tq = studentT.quantile(1 - (1 - level) / 2, df);
    return this.design.columnNames.map((term, k) => {
      const b = this.coefficients[k];
      const se = Math.sqrt(cov[k + k * this.p]);
      const t = b / se;
      return { term, estimate: b, se, t, df, p: studentT.pTwoSided(t, df), lower: b - tq * se, upper: b + tq * se };
    });
  }
  /** Wald SS (Lb)ᵀ[L(XᵀX)⁻¹Lᵀ]⁻¹(Lb) that the given coefficients are all 0. */
  waldSS(columns: readonly number[]): number {
    const L = columns.map((k) => {
      const row = new Float64Array(this.p);
      row[k] = 1;
      return row;
    });
    return hypothesisSSCP(this.ls, L).data[0];
  }
  /** F test of a set of coefficients = 0 with the model's residual mean square. */
  waldTest(term: string, columns: readonly number[]): FTestRow {
    const ss = this.waldSS(columns);
    const df = columns.length;
    const F = ss / df / (this.sse / this.dfResidual);
    return { term, ss, df, F, dfResidual: this.dfResidual, p: fDist.sf(F, df, this.dfResidual) };
  }
  /** Estimate x₀ᵀb with SE σ̂√(x₀ᵀ(XᵀX)⁻¹x₀) and t-based CI (R `predict(se.fit = TRUE, interval = "confidence")`). */
  predict(x0: ArrayLike<number>, level = 0.95): { estimate: number; se: number; df: number; lower: number; upper: number } {
    const p = this.p;
    let est = 0;
    for (let a = 0; a < p; a++) est += x0[a] * this.coefficients[a];
    let q = 0;
    for (let a = 0; a < p; a++) for (let c = 0; c < p; c++) q += x0[a] * this.unscaled(a, c) * x0[c];
    const se = this.sigma * Math.sqrt(q);
    const tq = studentT.quantile(1 - (1 - level) / 2, this.dfResidual);
    return { estimate: est, se, df: this.dfResidual, lower: est - tq * se, upper: est + tq * se };
  }
}

/**
 * OLS fit of `y` on a design by Householder QR (R `lm.fit`), wrapped in a {@link LinearModelFit}.
 *
 * @throws StatsError naming an aliased (collinear or constant) column, or when n ≤ p.
 * @example
 * const d = buildModelDesign([{ kind: 'numeric', name: 'x', values: Float64Array.from([1, 2, 3, 4]) }], [['x']], [0, 1, 2, 3]);
 * fitLinearModel(d, Float64Array.from([2, 4, 5, 9])).coefficients // Float64Array [-0.5, 2.2]   (R coef(lm(y ~ x)))
 */
export function fitLinearModel(design: ModelDesign, y: Float64Array): LinearModelFit {
  const ls = qrLeastSquares(design.X, matrixFromColumns([y], y.length), design.columnNames);
  return new LinearModelFit(design, y, ls);
}

/**
 * OLS coefficients of `y` on an intercept and the predictor columns `x`, over the given rows (indices into
 * `y` and each `x[j]`; a row may repeat, as in a bootstrap resample): b = R⁻¹Qᵀy by the same Householder QR
 * and `lm` rank check as {@link fitLinearModel}, so it equals `coef(lm(y ~ x1 + …, data[rows, ]))`.
 *
 * The kernel of resampling loops (mediation's bootstrap): it builds no design or fit object and never
 * throws — it returns null when n ≤ p or a column is aliased (constant or collinear in these rows),
 * which the caller reports as a non-estimable resample.
 *
 * @example
 * leastSquaresOnRows(Float64Array.from([2, 4, 5, 9]), [Float64Array.from([1, 2, 3, 4])], [0, 1, 2, 3]) // Float64Array [-0.5, 2.2]   (R coef(lm(y ~ x)))
 */
export function leastSquaresOnRows(y: Float64Array, x: readonly Float64Array[], rows: ArrayLike<number>): Float64Array | null {
  const n = rows.length;
  const p = x.length + 1;
  if (n <= p) return null;
  const data = new Float64Array(n * p);
  const yy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    data[i] = 1;
    for (let j = 0; j < x.length; j++) data[i + (j + 1) * n] = x[j][r];
    yy[i] = y[r];
  }
  const f = householderQR({ nrow: n, ncol: p, data });
  if (f.aliasedColumn >= 0) return null;
  return solveUpperTriangular(f, applyQt(f, yy));
}

/**
 * F test of a nested comparison (R `anova(reduced, full)`): F = ((SSE_r − SSE_f)/(df_r − df_f)) / (SSE_f/df_f).
 * Used for the F change of hierarchical regression blocks and the ANCOVA homogeneity-of-slopes test.
 */
export function nestedModelFTest(reduced: LinearModelFit, full: LinearModelFit, term = 'change'): FTestRow {
  const df = reduced.dfResidual - full.dfResidual;
  if (!(df > 0)) throw new StatsError('Nested model comparison: the full model must have more coefficients than the reduced one.');
  const ss = reduced.sse - full.sse;
  const F = ss / df / (full.sse / full.dfResidual);
  return { term, ss, df, F, dfResidual: full.dfResidual, p: fDist.sf(F, df, full.dfResidual) };
}

/** Sums of squares type: 1 sequential (R `anova`), 2 and 3 as `car::Anova`. */
export type SumOfSquaresType = 1 | 2 | 3;

/**
 * ANOVA table of every term of a fit (residual row not included):
 * - type 1: sequential SS, each term added after the terms before it (R `anova(lm)`);
 * - type 2: SS of a term after all terms that do not contain it (marginality; `car::Anova(type = 2)`);
 * - type 3: Wald SS of the term's coefficients in the full model (`car::Anova(type = 3)`; only meaningful with
 *   sum-coded factors when the model has interactions).
 * F = MS_term / MS_residual of the full model.
 */
export function termTests(fit: LinearModelFit, type: SumOfSquaresType): FTestRow[] {
  const { terms } = fit.design;
  const mse = fit.sse / fit.dfResidual;
  const row = (term: string, ss: number, df: number): FTestRow => {
    const F = ss / df / mse;
    return { term, ss, df, F, dfResidual: fit.dfResidual, p: fDist.sf(F, df, fit.dfResidual) };
  };
  if (type === 3) return terms.map((t) => fit.waldTest(t.name, t.columns));
  // types 1 and 2 compare sub-designs: column subsets of the full design
  const sub = (keep: DesignTerm[]): number => {
    const idx = fit.design.hasIntercept ? [0] : [];
    for (const t of keep) idx.push(...t.columns);
    if (idx.length === 0) {
      let s = 0;
      for (const v of fit.y) s += v * v;
      return s;
    }
    const n = fit.n;
    const X = matrixFromColumns(idx.map((k) => fit.design.X.data.subarray(k * n, (k + 1) * n)), n);
    const ls = qrLeastSquares(X, matrixFromColumns([fit.y], n), idx.map((k) => fit.design.columnNames[k]));
    return ls.residualSSCP.data[0];
  };
  if (type === 1) {
    const out: FTestRow[] = [];
    let prev = sub([]);
    for (let k = 0; k < terms.length; k++) {
      const cur = sub(terms.slice(0, k + 1));
      out.push(row(terms[k].name, prev - cur, terms[k].columns.length));
      prev = cur;
    }
    return out;
  }
  const contains = (a: DesignTerm, b: DesignTerm): boolean => a !== b && b.variables.every((v) => a.variables.includes(v));
  return terms.map((t) => {
    const base = terms.filter((u) => u !== t && !contains(u, t));
    return row(t.name, sub(base) - sub([...base, t]), t.columns.length);
  });
}

// ---------------------------------------------------------------------------------------------
// variables from user input

/** A predictor column as it comes from a data file: numbers, numeric strings ("12,5"), labels, booleans. */
export type PredictorInput = ArrayLike<number | string | boolean | null | undefined>;

function missingCell(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v));
}

/**
 * Whether a predictor column is categorical: any non-missing value is a string that is not a number
 * (decimal commas accepted). Booleans and numeric codes are numeric unless named as factors.
 *
 * @example
 * isCategoricalColumn(['control', 'homestart', null]) // true
 * isCategoricalColumn(['12,5', 3, null])              // false
 */
export function isCategoricalColumn(values: PredictorInput): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string' && !missingCell(v)) {
      const x = parseNumericText(v);
      if (x === null) continue;
      if (Number.isNaN(x)) return true;
    }
  }
  return false;
}

/**
 * A numeric model variable from a column: numbers, booleans (1/0) and numeric text; missing → NaN;
 * other text throws a StatsError naming the variable and row.
 */
export function numericModelVariable(name: string, values: PredictorInput): NumericModelVariable {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (missingCell(v)) out[i] = NaN;
    else if (typeof v === 'number') out[i] = v;
    else if (typeof v === 'boolean') out[i] = v ? 1 : 0;
    else {
      const x = parseNumericText(v as string);
      if (x === null) out[i] = NaN;
      else if (Number.isFinite(x)) out[i] = x;
      else throw new StatsError(`Variable "${name}", row ${i + 1}: the value is not a number.`);
    }
  }
  return { kind: 'numeric', name, values: out };
}

/**
 * A factor from a column of labels: levels sorted as R `factor()` (numerically when all labels are numbers), or
 * in the order given; `reference` moves one level to the front (R `relevel`).
 */
export function factorModelVariable(
  name: string,
  values: PredictorInput,
  options: { levels?: readonly (string | number)[]; reference?: string | number; coding?: FactorCoding } = {},
): FactorModelVariable {
  let levels: string[];
  if (options.levels) levels = options.levels.map(String);
  else {
    const seen = new Map<string, unknown>();
    for (let i = 0; i < values.length; i++) if (!missingCell(values[i])) seen.set(String(values[i]), values[i]);
    const vals = [...seen.values()];
    levels = vals.every((v) => typeof v === 'number')
      ? (vals as number[]).sort((a, b) => a - b).map(String)
      : [...seen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
  if (new Set(levels).size !== levels.length) throw new StatsError(`Factor "${name}": a level is listed twice.`);
  if (options.reference !== undefined) {
    const r = String(options.reference);
    const k = levels.indexOf(r);
    if (k < 0) throw new StatsError(`Factor "${name}": the reference level "${r}" does not occur (levels: ${levels.join(', ')}).`);
    levels = [r, ...levels.filter((l) => l !== r)];
  }
  const map = new Map(levels.map((l, i) => [l, i] as const));
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (missingCell(v)) index[i] = -1;
    else {
      const k = map.get(String(v));
      if (k === undefined) throw new StatsError(`Factor "${name}", row ${i + 1}: the value is not one of the levels ${levels.join(', ')}.`);
      index[i] = k;
    }
  }
  return { kind: 'factor', name, index, levels, coding: options.coding ?? 'treatment' };
}

/** Whether row i is complete on a variable. */
export function variableObserved(v: ModelVariable, i: number): boolean {
  return v.kind === 'numeric' ? !Number.isNaN(v.values[i]) : v.index[i] >= 0;
}

/** Level spec of a predictor treated as a factor (`factors` option of `linearRegression` / `logisticRegression`). */
export interface FactorSpec {
  levels?: readonly (string | number)[];
  reference?: string | number;
}

/**
 * Model variables of the named predictor columns — a factor when `factors` gives the column a level spec or the
 * column is categorical ({@link isCategoricalColumn}), numeric otherwise — and the listwise-complete rows: the
 * outcome `y` is not NaN and every variable is observed (R `na.omit` before `lm` / `glm`).
 * Shared by `linearRegression` and `logisticRegression`.
 */
export function predictorVariablesAndRows(
  names: readonly string[],
  predictors: Readonly<Record<string, PredictorInput>>,
  factors: Readonly<Record<string, FactorSpec>> | undefined,
  y: Float64Array,
): { variables: ModelVariable[]; rows: number[] } {
  const variables: ModelVariable[] = names.map((nm) => {
    const spec = factors?.[nm];
    if (spec || isCategoricalColumn(predictors[nm])) return factorModelVariable(nm, predictors[nm], spec ?? {});
    return numericModelVariable(nm, predictors[nm]);
  });
  const rows: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]) && variables.every((v) => variableObserved(v, i))) rows.push(i);
  return { variables, rows };
}
