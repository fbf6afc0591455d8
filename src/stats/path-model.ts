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
 * The least squares themselves are the linear-model core's (`linear-model.ts`): each equation is a
 * {@link fitLinearModel} on a {@link buildModelDesign} design, and the bootstrap kernel is its
 * {@link leastSquaresOnRows}; this module only adds the block view (shared predictors, residual SSCP,
 * ML-scaled covariances) and the listwise row helpers.
 *
 * Not exported from the stats barrel.
 */
import { buildModelDesign, fitLinearModel, type LinearModelFit, type NumericModelVariable } from './linear-model.js';
import type { DenseMatrix } from './linalg.js';
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
  /** The linear-model fit of each equation (same design). */
  fits: LinearModelFit[];
  /** Residual SSCP (m×m). */
  residualSSCP: DenseMatrix;
}

/** Fits every response on the same predictors (an intercept is added). Throws a StatsError naming an aliased predictor. */
export function fitRegressionBlock(
  responses: ReadonlyArray<{ name: string; values: Float64Array }>,
  predictors: ReadonlyArray<{ name: string; values: Float64Array }>,
): RegressionBlock {
  const n = responses[0].values.length;
  const rows = Array.from({ length: n }, (_, i) => i);
  // internal keys so that a predictor named like another cannot alias in the design; the user's names label the columns
  const variables: NumericModelVariable[] = predictors.map((v, j) => ({ kind: 'numeric', name: `v${j}`, values: v.values }));
  const design = buildModelDesign(variables, variables.map((v) => [v.name]), rows);
  const names = ['(Intercept)', ...predictors.map((v) => v.name)];
  const fits = responses.map((r) => fitLinearModel({ ...design, columnNames: names }, r.values));
  const m = fits.length;
  const sscp = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += fits[a].residuals[i] * fits[b].residuals[i];
      sscp[a + b * m] = s;
      sscp[b + a * m] = s;
    }
  }
  return {
    responses: responses.map((r) => r.name),
    predictors: names,
    n,
    p: names.length,
    coefficients: fits.map((f) => Array.from(f.coefficients)),
    fits,
    residualSSCP: { nrow: m, ncol: m, data: sscp },
  };
}

/** Covariance matrix of the coefficients of equation r: σ² (XᵀX)⁻¹ with σ² = RSS/(n − p) ('ols') or RSS/n ('ml'); see {@link LinearModelFit.vcov}. */
export function blockCoefficientCovariance(block: RegressionBlock, r: number, kind: 'ols' | 'ml'): number[][] {
  const v = block.fits[r].vcov(kind);
  const p = block.p;
  return Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => v[i + j * p]));
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
