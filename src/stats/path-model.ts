/**
 * Internal building block of the observed-variable path models (mediation, cross-lagged panel):
 * one block of regressions that share the same predictors, fitted by least squares, with the
 * standard errors of both conventions:
 *
 * - **OLS** (R `lm`): σ̂² = RSS / (n − p), Var(b) = σ̂² (XᵀX)⁻¹, t with n − p df.
 * - **ML** (lavaan `sem` with observed variables, `fixed.x = TRUE`, expected information):
 *   σ̂²_ML = RSS / n, Var(b) = σ̂²_ML (XᵀX)⁻¹, z tests. For a recursive model whose residuals are
 *   uncorrelated across blocks and whose equations in a block share their predictors, the ML
 *   estimates are exactly these least-squares coefficients (the likelihood factorises into one
 *   multivariate regression per block; Zellner 1962 for identical regressors), so no iteration is needed.
 *
 * The residual covariance matrix of a block (ML: SSCP / n) and the SEs of its elements under
 * normality, SE(ψ_jk) = √((ψ_jj ψ_kk + ψ_jk²) / n), are what lavaan reports for `~~` parameters.
 *
 * Not exported from the stats barrel: a general regression module can replace it later.
 */
import { householderQR, applyQt, solveUpperTriangular, qrLeastSquares, matrixFromColumns, type DenseMatrix } from './linalg.js';
import { StatsError } from './result.js';

/** One block of least-squares regressions with shared predictors (intercept first). */
export interface RegressionBlock {
  /** Response names, one equation each. */
  responses: string[];
  /** Predictor names, `(Intercept)` first. */
  predictors: string[];
  n: number;
  /** Number of coefficients per equation, intercept included. */
  p: number;
  /** coefficients[r][j]: equation r, predictor j. */
  coefficients: number[][];
  /** (XᵀX)⁻¹, p×p. */
  xtxInverse: DenseMatrix;
  /** Residual SSCP (m×m). */
  residualSSCP: DenseMatrix;
  /** Residuals per equation. */
  residuals: Float64Array[];
}

/** Fits every response on the same predictors (an intercept is added). Throws a StatsError naming an aliased predictor. */
export function fitRegressionBlock(
  responses: ReadonlyArray<{ name: string; values: Float64Array }>,
  predictors: ReadonlyArray<{ name: string; values: Float64Array }>,
): RegressionBlock {
  const n = responses[0].values.length;
  const ones = new Float64Array(n).fill(1);
  const names = ['(Intercept)', ...predictors.map((p) => p.name)];
  const X = matrixFromColumns([ones, ...predictors.map((p) => p.values)], n);
  const Y = matrixFromColumns(responses.map((r) => r.values), n);
  const fit = qrLeastSquares(X, Y, names);
  const p = names.length;
  const coefficients = responses.map((_, r) => Array.from(fit.coefficients.data.subarray(r * p, (r + 1) * p)));
  const residuals = responses.map((_, r) => fit.residuals.data.slice(r * n, (r + 1) * n));
  return { responses: responses.map((r) => r.name), predictors: names, n, p, coefficients, xtxInverse: fit.xtxInverse, residualSSCP: fit.residualSSCP, residuals };
}

/** Covariance matrix of the coefficients of equation r: σ² (XᵀX)⁻¹ with σ² = RSS/(n − p) ('ols') or RSS/n ('ml'). */
export function blockCoefficientCovariance(block: RegressionBlock, r: number, kind: 'ols' | 'ml'): number[][] {
  const m = block.responses.length;
  const rss = block.residualSSCP.data[r + r * m];
  const s2 = rss / (kind === 'ols' ? block.n - block.p : block.n);
  const p = block.p;
  const out: number[][] = [];
  for (let i = 0; i < p; i++) {
    const row: number[] = [];
    for (let j = 0; j < p; j++) row.push(s2 * block.xtxInverse.data[i + j * p]);
    out.push(row);
  }
  return out;
}

/**
 * Coefficients of y on the given rows of the predictor columns (intercept added), or null when the
 * design is rank-deficient for these rows. Used inside the bootstrap, so it allocates little and never throws.
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

/** Listwise-complete rows over several named columns; error names the column with unequal length. */
export function completeRows(columns: ReadonlyArray<{ name: string; values: ArrayLike<number | null | undefined> }>, what: string): { rows: number[]; missing: number; n: number } {
  const n = columns[0].values.length;
  for (const c of columns) {
    if (c.values.length !== n) throw new StatsError(`${what}: "${c.name}" has ${c.values.length} values but "${columns[0].name}" has ${n}; give one value per participant in each.`);
  }
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (const c of columns) {
      const v = c.values[i];
      if (!(typeof v === 'number' && Number.isFinite(v))) {
        ok = false;
        break;
      }
    }
    if (ok) rows.push(i);
  }
  return { rows, missing: n - rows.length, n };
}

/** Values of a column at the given rows as a Float64Array. */
export function pick(values: ArrayLike<number | null | undefined>, rows: readonly number[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]] as number;
  return out;
}
