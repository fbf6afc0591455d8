/**
 * Multiple linear regression (OLS) with the output a thesis reports: coefficients with SE, t, p, CI and
 * standardised β; R², adjusted R² and the model F; hierarchical blocks with ΔR² and F change; (G)VIF;
 * HC3 robust standard errors; residual diagnostics for a chart; factors by treatment coding.
 *
 * Fitted on the shared linear-model core (`linear-model.ts`). Reference: R 4.2 `lm`, `confint`,
 * `anova`, car 3.1 `vif`, `hccm(type = "hc3")`, `Anova(type = 2)`, `hatvalues`, `rstandard`, `rstudent`,
 * `cooks.distance` (tests/reference/regression.R → regression.json).
 */
import { fmt, fmtCI, fmtDf, fmtNoLeadingZero, fmtP } from './apa.js';
import { logDeterminantSPD } from './linalg.js';
import {
  buildModelDesign,
  fitLinearModel,
  nestedModelFTest,
  numericModelVariable,
  predictorVariablesAndRows,
  termTests,
  type CoefficientTest,
  type FTestRow,
  type LinearModelFit,
  type PredictorInput,
} from './linear-model.js';
import { mean, sd } from './moments.js';
import { StatsError, type MissingHandling, type StatResult } from './result.js';

/** Input of {@link linearRegression}: the outcome and named predictor columns, one entry per person. */
export interface LinearRegressionInput {
  outcome: PredictorInput;
  /** Predictors by name, in model order. Text columns (e.g. group labels) become factors. */
  predictors: Record<string, PredictorInput>;
}

export interface LinearRegressionOptions {
  /**
   * Predictors to treat as factors (treatment coding, first level = reference), with optional level order
   * and reference level. Text columns are factors anyway; list numeric codes here to make them factors.
   */
  factors?: Record<string, { levels?: readonly (string | number)[]; reference?: string | number }>;
  /**
   * Hierarchical blocks: predictor names entered per step, e.g. `[['pre', 'age'], ['group']]`. Default one block
   * with all predictors. Every block's model uses the same cases (complete on every predictor of the last block).
   */
  blocks?: readonly (readonly string[])[];
  /** Confidence level (default 0.95). */
  level?: number;
  /** Name of the outcome in messages (default "outcome"). */
  outcomeName?: string;
}

/** One coefficient with its classical and HC3 robust inference. */
export interface RegressionCoefficient extends CoefficientTest {
  /** Standardised coefficient b·s_x/s_y of the design column (NaN for the intercept), as `lm.beta`. */
  beta: number;
  /** HC3 heteroscedasticity-consistent inference (same df and t quantile). */
  robust: { se: number; t: number; p: number; lower: number; upper: number };
}

/** Summary of one hierarchical step. */
export interface RegressionBlock {
  step: number;
  /** Predictors entered at this step. */
  entered: string[];
  rSquared: number;
  adjRSquared: number;
  /** R² change from the previous step (R² itself for step 1, against the intercept-only model). */
  deltaRSquared: number;
  fChange: number;
  df1: number;
  df2: number;
  pChange: number;
  /** Overall F of this step's model. */
  F: number;
  dfModel: number;
  p: number;
}

/** Generalised VIF per term (Fox & Monette 1992); equals the ordinary VIF for a one-column term. */
export interface RegressionVif {
  term: string;
  gvif: number;
  df: number;
  /** GVIF^(1/(2·df)), comparable to √VIF across terms (car's third column). */
  gvifAdjusted: number;
}

/** Per-case diagnostics of the analysed rows (for a residual chart). */
export interface RegressionDiagnostics {
  /** 0-based index of each analysed case in the input. */
  row: number[];
  fitted: number[];
  residuals: number[];
  /** Internally studentised residuals eᵢ/(σ̂√(1 − hᵢ)) (R `rstandard`). */
  standardizedResiduals: number[];
  /** Externally studentised residuals (R `rstudent`). */
  studentizedResiduals: number[];
  /** Hat values hᵢ (R `hatvalues`). */
  leverage: number[];
  /** Cook's distance eᵢ²hᵢ/(p σ̂² (1 − hᵢ)²) (R `cooks.distance`). */
  cooksDistance: number[];
}

/** Result of {@link linearRegression}. */
export class LinearRegressionResult implements StatResult {
  readonly method = 'Multiple linear regression (OLS by QR; treatment-coded factors)';
  readonly ciMethod: string;
  readonly robustMethod = 'HC3 (MacKinnon & White 1985), as car::hccm(type = "hc3")';
  readonly missingHandling: MissingHandling = 'listwise';
  constructor(
    readonly outcome: string,
    readonly n: number,
    readonly nMissing: number,
    readonly coefficients: RegressionCoefficient[],
    readonly rSquared: number,
    readonly adjRSquared: number,
    readonly F: number,
    readonly df1: number,
    readonly df2: number,
    readonly p: number,
    readonly sigma: number,
    readonly blocks: RegressionBlock[],
    readonly vif: RegressionVif[],
    /** Type II F test per predictor (as `car::Anova(type = 2)`); a factor is tested as a whole. */
    readonly termTests: FTestRow[],
    readonly diagnostics: RegressionDiagnostics,
    readonly level: number,
    /** The fitted core model (design, coefficients, covariance). */
    readonly fit: LinearModelFit,
  ) {
    this.ciMethod = `t(${df2}) interval around each coefficient`;
  }
  /** A coefficient by its term name ("age", "grouphomestart"). */
  coefficient(term: string): RegressionCoefficient {
    const c = this.coefficients.find((x) => x.term === term);
    if (!c) throw new StatsError(`No coefficient "${term}" (terms: ${this.coefficients.map((x) => x.term).join(', ')}).`);
    return c;
  }
  /** "b = 0.70, 95% CI [0.52, 0.88], t(96) = 7.71, p < .001, β = .61" for one coefficient. */
  coefficientApa(term: string): string {
    const c = this.coefficient(term);
    const beta = Number.isNaN(c.beta) ? '' : `, β = ${fmtNoLeadingZero(c.beta)}`;
    return `b = ${fmt(c.estimate)}, ${fmtCI(c.lower, c.upper, this.level)}, t(${fmtDf(c.df)}) = ${fmt(c.t)}, ${fmtP(c.p)}${beta}`;
  }
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      ciMethod: this.ciMethod,
      robustMethod: this.robustMethod,
      missingHandling: this.missingHandling,
      outcome: this.outcome,
      n: this.n,
      nMissing: this.nMissing,
      coefficients: this.coefficients,
      rSquared: this.rSquared,
      adjRSquared: this.adjRSquared,
      F: this.F,
      df1: this.df1,
      df2: this.df2,
      p: this.p,
      sigma: this.sigma,
      blocks: this.blocks,
      vif: this.vif,
      termTests: this.termTests,
      diagnostics: this.diagnostics,
      level: this.level,
    };
  }
  /** "R² = .45, adjusted R² = .43, F(3, 96) = 26.10, p < .001" (with ΔR² per step when there are blocks). */
  apa(): string {
    let s = `R² = ${fmtNoLeadingZero(this.rSquared)}, adjusted R² = ${fmtNoLeadingZero(this.adjRSquared)}, F(${fmtDf(this.df1)}, ${fmtDf(this.df2)}) = ${fmt(this.F)}, ${fmtP(this.p)}`;
    if (this.blocks.length > 1) {
      s += this.blocks
        .slice(1)
        .map((b) => `; step ${b.step}: ΔR² = ${fmtNoLeadingZero(b.deltaRSquared)}, F(${b.df1}, ${b.df2}) = ${fmt(b.fChange)}, ${fmtP(b.pChange)}`)
        .join('');
    }
    return s;
  }
}

/**
 * Multiple linear regression y = Xb + ε by ordinary least squares (Householder QR).
 *
 * - **Coefficients**: b = (XᵀX)⁻¹Xᵀy with SE = σ̂√[(XᵀX)⁻¹]ⱼⱼ, t = b/SE on n − p df, two-sided p and the
 *   t-based CI, as R `summary(lm)` and `confint`. Factors (text columns or those in `factors`) enter by
 *   treatment coding: one indicator per non-reference level, named R-style (`grouphomestart`).
 * - **Standardised β** = b·s_xⱼ/s_y for every design column (for a dummy: its 0/1 SD), as `lm.beta::lm.beta`;
 *   for numeric predictors this equals the slope of `lm(scale(y) ~ scale(x₁) + …)`.
 * - **Model fit**: R² = 1 − SSE/SST, adjusted R² = 1 − (1 − R²)(n − 1)/(n − p), F = (SSR/(p − 1))/(SSE/(n − p)).
 * - **Hierarchical blocks**: models with the predictors of steps 1…k on the same cases; ΔR² = R²ₖ − R²ₖ₋₁ and
 *   F change = (ΔR²/Δp)/((1 − R²ₖ)/(n − pₖ)) (= R `anova(m_{k−1}, m_k)`; step 1 against the intercept-only model).
 * - **VIF**: generalised VIF per term, GVIF = det R₁₁ · det R₂₂ / det R of the correlation matrix of the design
 *   columns (Fox & Monette 1992), as `car::vif`; for one-column terms the ordinary VIF 1/(1 − R²ⱼ).
 * - **Robust SE**: HC3 = (XᵀX)⁻¹Xᵀdiag(eᵢ²/(1 − hᵢ)²)X(XᵀX)⁻¹ (Long & Ervin 2000), as `car::hccm(type = "hc3")`
 *   and `sandwich::vcovHC(type = "HC3")`, with t tests on the residual df (as `lmtest::coeftest`).
 * - **Diagnostics** per case: fitted, residual, `rstandard`, `rstudent`, `hatvalues`, `cooks.distance`.
 * - **Term tests**: type II F per predictor (`car::Anova(type = 2)`); a factor is tested on all its columns.
 *
 * Missing values are removed listwise over the outcome and every predictor (as `lm`'s `na.omit`).
 *
 * @throws StatsError for an unknown block predictor, a constant or collinear predictor (named), n ≤ p, or a
 *   perfect fit.
 * @example
 * const r = linearRegression({ outcome: [3, 5, 4, 8, 9, 7, 11, 12], predictors: { x: [1, 2, 3, 4, 5, 6, 7, 8] } });
 * r.coefficient('x').estimate // 1.2261905   (R coef(lm(y ~ x)): 1.22619)
 * r.apa() // "R² = .85, adjusted R² = .83, F(1, 6) = 35.32, p = .001"
 */
export function linearRegression(input: LinearRegressionInput, options: LinearRegressionOptions = {}): LinearRegressionResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsError(`Linear regression: the confidence level must lie strictly between 0 and 1 (got ${level}).`);
  const outcomeName = options.outcomeName ?? 'outcome';
  const names = Object.keys(input.predictors);
  if (names.length === 0) throw new StatsError('Linear regression needs at least one predictor.');
  const N0 = input.outcome.length;
  for (const nm of names) {
    if (input.predictors[nm].length !== N0) {
      throw new StatsError(`Linear regression: predictor "${nm}" has ${input.predictors[nm].length} values, the outcome ${N0}.`);
    }
  }
  for (const f of Object.keys(options.factors ?? {})) {
    if (!names.includes(f)) throw new StatsError(`Linear regression: factor "${f}" is not one of the predictors (${names.join(', ')}).`);
  }
  const blocks = (options.blocks ?? [names]).map((b) => [...b]);
  const inBlocks = blocks.flat();
  for (const b of inBlocks) if (!names.includes(b)) throw new StatsError(`Linear regression: block predictor "${b}" is not one of the predictors (${names.join(', ')}).`);
  if (new Set(inBlocks).size !== inBlocks.length) throw new StatsError('Linear regression: a predictor appears in more than one block.');
  const y0 = numericModelVariable(outcomeName, input.outcome).values;
  const { variables: vars, rows } = predictorVariablesAndRows(inBlocks, input.predictors, options.factors, y0);
  const n = rows.length;
  const y = Float64Array.from(rows, (i) => y0[i]);

  const fits: LinearModelFit[] = [];
  for (let k = 0; k < blocks.length; k++) {
    const terms = blocks.slice(0, k + 1).flat().map((t) => [t]);
    fits.push(fitLinearModel(buildModelDesign(vars, terms, rows), y));
  }
  const fit = fits[fits.length - 1];
  if (!(fit.sse > 1e-14 * fit.sst)) {
    throw new StatsError(`Linear regression: the predictors fit "${outcomeName}" exactly (zero residual variance), so tests are undefined.`);
  }
  const { X, columnNames } = fit.design;
  const sy = sd(y);
  const classic = fit.coefficientTests(level);
  const robust = fit.coefficientTests(level, fit.vcovHC3());
  const coefficients: RegressionCoefficient[] = classic.map((c, k) => {
    const col = X.data.subarray(k * n, (k + 1) * n);
    const beta = columnNames[k] === '(Intercept)' ? NaN : (c.estimate * sd(col, mean(col))) / sy;
    const r = robust[k];
    return { ...c, beta, robust: { se: r.se, t: r.t, p: r.p, lower: r.lower, upper: r.upper } };
  });

  const blockRows: RegressionBlock[] = fits.map((f, k) => {
    const mf = f.modelF;
    const prevR2 = k === 0 ? 0 : fits[k - 1].rSquared;
    const prevDf = k === 0 ? n - 1 : fits[k - 1].dfResidual;
    const df1 = prevDf - f.dfResidual;
    const delta = f.rSquared - prevR2;
    const fChange = k === 0 ? mf.F : nestedModelFTest(fits[k - 1], f).F;
    return {
      step: k + 1,
      entered: blocks[k],
      rSquared: f.rSquared,
      adjRSquared: f.adjRSquared,
      deltaRSquared: delta,
      fChange,
      df1,
      df2: f.dfResidual,
      pChange: k === 0 ? mf.p : nestedModelFTest(fits[k - 1], f).p,
      F: mf.F,
      dfModel: mf.df1,
      p: mf.p,
    };
  });

  const vif = generalizedVif(fit);
  const tests = termTests(fit, 2);
  const h = fit.leverage();
  const s2 = fit.sigma ** 2;
  const p = fit.p;
  const e = fit.residuals;
  const diagnostics: RegressionDiagnostics = {
    row: rows,
    fitted: Array.from(fit.fitted),
    residuals: Array.from(e),
    standardizedResiduals: Array.from(e, (v, i) => v / (fit.sigma * Math.sqrt(1 - h[i]))),
    studentizedResiduals: Array.from(e, (v, i) => {
      const s2i = (fit.sse - (v * v) / (1 - h[i])) / (fit.dfResidual - 1);
      return v / Math.sqrt(s2i * (1 - h[i]));
    }),
    leverage: Array.from(h),
    cooksDistance: Array.from(e, (v, i) => (v * v * h[i]) / (p * s2 * (1 - h[i]) ** 2)),
  };
  const mf = fit.modelF;
  return new LinearRegressionResult(
    outcomeName,
    n,
    N0 - n,
    coefficients,
    fit.rSquared,
    fit.adjRSquared,
    mf.F,
    mf.df1,
    mf.df2,
    mf.p,
    fit.sigma,
    blockRows,
    vif,
    tests,
    diagnostics,
    level,
    fit,
  );
}

/**
 * Generalised variance inflation factors of a fitted model with an intercept (Fox & Monette 1992; `car::vif`):
 * for each term, GVIF = det(R_tt)·det(R_oo)/det(R) with R the correlation matrix of the non-intercept design
 * columns. Empty when the model has fewer than two terms (car refuses such models).
 */
export function generalizedVif(fit: LinearModelFit): RegressionVif[] {
  const { terms, X, hasIntercept } = fit.design;
  if (!hasIntercept || terms.length < 2) return [];
  const n = fit.n;
  const cols = terms.flatMap((t) => t.columns);
  const m = cols.length;
  const z = cols.map((k) => {
    const c = X.data.subarray(k * n, (k + 1) * n);
    const mu = mean(c);
    const s = sd(c, mu);
    return Float64Array.from(c, (v) => (v - mu) / s);
  });
  const R = new Float64Array(m * m);
  for (let a = 0; a < m; a++) for (let b = a; b < m; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += z[a][i] * z[b][i];
    R[a + b * m] = R[b + a * m] = s / (n - 1);
  }
  const sub = (idx: number[]): number => {
    if (idx.length === 0) return 0;
    const k = idx.length;
    const d = new Float64Array(k * k);
    idx.forEach((a, i) => idx.forEach((b, j) => (d[i + j * k] = R[a + b * m])));
    return logDeterminantSPD({ nrow: k, ncol: k, data: d });
  };
  const all = Array.from({ length: m }, (_, i) => i);
  const logDetR = sub(all);
  let off = 0;
  return terms.map((t) => {
    const idx = t.columns.map((_, j) => off + j);
    off += t.columns.length;
    const rest = all.filter((i) => !idx.includes(i));
    const gvif = Math.exp(sub(idx) + sub(rest) - logDetR);
    const df = idx.length;
    return { term: t.name, gvif, df, gvifAdjusted: gvif ** (1 / (2 * df)) };
  });
}

/** Column names of a tidy-rows regression. */
export interface RegressionColumns {
  outcome: string;
  predictors: readonly string[];
}

/**
 * {@link linearRegression} on tidy rows (one object per person, e.g. from a CSV), e.g.
 * `linearRegressionFromRows(rows, { outcome: 'post', predictors: ['pre', 'age', 'group'] })`. Numeric text ("12,5") is
 * parsed, text columns become factors, empty cells are missing.
 *
 * @example
 * const rows = [[3, 1], [5, 2], [4, 3], [8, 4], [9, 5], [7, 6], [11, 7], [12, 8]].map(([y, x]) => ({ y, x: String(x) + ',0' }));
 * linearRegressionFromRows(rows, { outcome: 'y', predictors: ['x'] }).coefficient('x').estimate // 1.2261905 (= 103/84)
 */
export function linearRegressionFromRows(rows: readonly Record<string, unknown>[], columns: RegressionColumns, options: LinearRegressionOptions = {}): LinearRegressionResult {
  for (const c of [columns.outcome, ...columns.predictors]) {
    if (rows.length > 0 && !rows.some((r) => c in r)) throw new StatsError(`Linear regression: no column "${c}" in the rows.`);
  }
  const col = (c: string) => rows.map((r) => r[c] as string | number | boolean | null | undefined);
  return linearRegression(
    { outcome: col(columns.outcome), predictors: Object.fromEntries(columns.predictors.map((p) => [p, col(p)])) },
    { outcomeName: columns.outcome, ...options },
  );
}
