/**
 * Binary logistic regression by iteratively reweighted least squares (IRLS = Fisher scoring, the algorithm
 * of R `glm(family = binomial)`), on the design of the shared linear-model core.
 *
 * Reports coefficients with Wald z tests, odds ratios with Wald and profile-likelihood CIs (both, named),
 * likelihood-ratio tests of the model and of each predictor, Nagelkerke / Cox–Snell / McFadden R², AIC and a
 * classification table.
 *
 * Reference: R 4.2 `glm`, `confint.default` (Wald), MASS `confint.glm` (profile), `drop1(test = "LRT")`,
 * `anova(null, model, test = "LRT")` (tests/reference/logistic.R → logistic.json).
 */
import { fmt, fmtCI, fmtNoLeadingZero, fmtP } from './apa.js';
import { chiSquared, normal } from './distributions.js';
import { matrixFromColumns, qrLeastSquares, type DenseMatrix } from './linalg.js';
import {
  buildModelDesign,
  factorModelVariable,
  isCategoricalColumn,
  numericModelVariable,
  predictorVariablesAndRows,
  type ModelDesign,
  type PredictorInput,
} from './linear-model.js';
import { brentRoot } from './roots.js';
import { StatsError, type MissingHandling, type StatResult } from './result.js';

/** Maximum-likelihood fit of a logistic model (internal building block, exported for reuse). */
export interface LogisticFit {
  coefficients: Float64Array;
  /** (XᵀWX)⁻¹ at the estimate, column-major p×p. */
  covariance: Float64Array;
  fitted: Float64Array;
  /** Residual deviance −2 log L. */
  deviance: number;
  iterations: number;
  converged: boolean;
}

const EPS = 1e-12;

/**
 * IRLS for a logistic model with an optional offset: z = η + (y − μ)/(μ(1 − μ)), w = μ(1 − μ), b = WLS(z on X);
 * stops when |D − D_old|/(|D| + 0.1) < 1e-12 (R `glm.control` uses 1e-8) or after 100 iterations.
 * Starting values as R: μ = (y + 0.5)/2.
 *
 * @example
 * const X = matrixFromColumns([[1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6]]);
 * logisticIrls(X, Float64Array.from([0, 0, 1, 0, 1, 1])).coefficients // Float64Array [-4.2491, 1.2140] (R coef(glm(y ~ x, binomial)))
 */
export function logisticIrls(X: DenseMatrix, y: Float64Array, offset?: Float64Array, names?: readonly string[]): LogisticFit {
  const n = X.nrow;
  const p = X.ncol;
  const mu = Float64Array.from(y, (v) => (v + 0.5) / 2);
  const eta = Float64Array.from(mu, (m) => Math.log(m / (1 - m)));
  let b = new Float64Array(p);
  let dev = Infinity;
  let iterations = 0;
  let converged = false;
  let cov = new Float64Array(p * p);
  const deviance = (m: Float64Array): number => {
    let d = 0;
    for (let i = 0; i < n; i++) d -= 2 * (y[i] * Math.log(Math.max(m[i], 1e-300)) + (1 - y[i]) * Math.log(Math.max(1 - m[i], 1e-300)));
    return d;
  };
  for (let it = 1; it <= 100; it++) {
    iterations = it;
    const sw = new Float64Array(n);
    const zw = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const w = Math.max(mu[i] * (1 - mu[i]), EPS);
      sw[i] = Math.sqrt(w);
      const off = offset ? offset[i] : 0;
      zw[i] = (eta[i] - off + (y[i] - mu[i]) / w) * sw[i];
    }
    const cols: Float64Array[] = [];
    for (let j = 0; j < p; j++) cols.push(Float64Array.from({ length: n }, (_, i) => X.data[i + j * n] * sw[i]));
    const fit = qrLeastSquares(matrixFromColumns(cols, n), matrixFromColumns([zw], n), names, 1e-11);
    b = Float64Array.from(fit.coefficients.data);
    cov = Float64Array.from(fit.xtxInverse.data);
    for (let i = 0; i < n; i++) {
      let e = offset ? offset[i] : 0;
      for (let j = 0; j < p; j++) e += X.data[i + j * n] * b[j];
      eta[i] = e;
      mu[i] = 1 / (1 + Math.exp(-e));
    }
    const d = deviance(mu);
    if (Math.abs(d - dev) / (Math.abs(d) + 0.1) < 1e-12) {
      dev = d;
      converged = true;
      break;
    }
    dev = d;
  }
  // covariance at the final estimate
  const sw = Float64Array.from(mu, (m) => Math.sqrt(Math.max(m * (1 - m), EPS)));
  const cols: Float64Array[] = [];
  for (let j = 0; j < p; j++) cols.push(Float64Array.from({ length: n }, (_, i) => X.data[i + j * n] * sw[i]));
  cov = Float64Array.from(qrLeastSquares(matrixFromColumns(cols, n), matrixFromColumns([new Float64Array(n)], n), names, 1e-11).xtxInverse.data);
  return { coefficients: b, covariance: cov, fitted: mu, deviance: dev, iterations, converged };
}

/** Deviance with no predictors: −2 Σ [y log ȳ + (1 − y) log(1 − ȳ)] (intercept only). */
function nullDeviance(y: Float64Array): number {
  let s = 0;
  for (const v of y) s += v;
  const m = s / y.length;
  return -2 * (s * Math.log(m) + (y.length - s) * Math.log(1 - m));
}

export interface LogisticRegressionInput {
  /** Binary outcome: 0/1, booleans, or exactly two labels (the second level, or `event`, is the event). */
  outcome: PredictorInput;
  predictors: Record<string, PredictorInput>;
}

export interface LogisticRegressionOptions {
  factors?: Record<string, { levels?: readonly (string | number)[]; reference?: string | number }>;
  /** Which outcome label counts as the event (y = 1) when the outcome is text; default the second sorted label. */
  event?: string | number;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Probability cut-off of the classification table (default 0.5). */
  cutoff?: number;
  outcomeName?: string;
}

/** One coefficient: log-odds b with Wald z test, and the odds ratio with Wald and profile-likelihood CIs. */
export interface LogisticCoefficient {
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
  oddsRatio: number;
  /** exp(b ± z₁₋α/₂·SE) (R `exp(confint.default(fit))`). */
  waldCI: { lower: number; upper: number };
  /** exp of the profile-likelihood interval of b: D(b) − D̂ = χ²₁(level) (Venzon & Moolgavkar 1988). */
  profileCI: { lower: number; upper: number };
}

/** Likelihood-ratio χ² test. */
export interface LikelihoodRatioTest {
  term: string;
  chiSquare: number;
  df: number;
  p: number;
}

/** Classification of the analysed cases at the cut-off. */
export interface ClassificationTable {
  cutoff: number;
  truePositive: number;
  falsePositive: number;
  trueNegative: number;
  falseNegative: number;
  accuracy: number;
  sensitivity: number;
  specificity: number;
}

/** Result of {@link logisticRegression}. */
export class LogisticRegressionResult implements StatResult {
  readonly method = 'Binary logistic regression (maximum likelihood by IRLS; treatment-coded factors)';
  readonly ciMethod = 'odds-ratio CIs: profile likelihood (default in apa(), as R confint) and Wald (exp(b ± z·SE)), both reported';
  readonly missingHandling: MissingHandling = 'listwise';
  constructor(
    readonly outcome: string,
    /** The outcome value modelled as 1. */
    readonly event: string,
    readonly n: number,
    readonly nMissing: number,
    readonly coefficients: LogisticCoefficient[],
    readonly deviance: number,
    readonly nullDeviance: number,
    readonly aic: number,
    /** Model vs intercept-only LR test. */
    readonly modelTest: LikelihoodRatioTest,
    /** LR test of dropping each predictor (a factor as a whole), as `drop1(test = "LRT")`. */
    readonly termTests: LikelihoodRatioTest[],
    readonly coxSnellR2: number,
    readonly nagelkerkeR2: number,
    readonly mcFaddenR2: number,
    readonly classification: ClassificationTable,
    readonly fitted: number[],
    readonly iterations: number,
    readonly level: number,
    readonly notes: string[],
  ) {}
  coefficient(term: string): LogisticCoefficient {
    const c = this.coefficients.find((x) => x.term === term);
    if (!c) throw new StatsError(`No coefficient "${term}" (terms: ${this.coefficients.map((x) => x.term).join(', ')}).`);
    return c;
  }
  /** "OR = 2.81, 95% CI [1.20, 7.02] (profile likelihood), z = 2.34, p = .019" */
  coefficientApa(term: string): string {
    const c = this.coefficient(term);
    return `OR = ${fmt(c.oddsRatio)}, ${fmtCI(c.profileCI.lower, c.profileCI.upper, this.level)} (profile likelihood), z = ${fmt(c.z)}, ${fmtP(c.p)}`;
  }
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      ciMethod: this.ciMethod,
      missingHandling: this.missingHandling,
      outcome: this.outcome,
      event: this.event,
      n: this.n,
      nMissing: this.nMissing,
      coefficients: this.coefficients,
      deviance: this.deviance,
      nullDeviance: this.nullDeviance,
      aic: this.aic,
      modelTest: this.modelTest,
      termTests: this.termTests,
      coxSnellR2: this.coxSnellR2,
      nagelkerkeR2: this.nagelkerkeR2,
      mcFaddenR2: this.mcFaddenR2,
      classification: this.classification,
      iterations: this.iterations,
      level: this.level,
      notes: this.notes,
    };
  }
  /** "χ²(2) = 12.31, p = .002, Nagelkerke R² = .21" */
  apa(): string {
    const m = this.modelTest;
    return `χ²(${m.df}) = ${fmt(m.chiSquare)}, ${fmtP(m.p)}, Nagelkerke R² = ${fmtNoLeadingZero(this.nagelkerkeR2)}`;
  }
}

function binaryOutcome(values: PredictorInput, event: string | number | undefined, name: string): { y: Float64Array; event: string } {
  const n = values.length;
  const y = new Float64Array(n);
  if (!isCategoricalColumn(values) && event === undefined) {
    const v = numericModelVariable(name, values).values;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(v[i])) y[i] = NaN;
      else if (v[i] === 0 || v[i] === 1) y[i] = v[i];
      else throw new StatsError(`Logistic regression: outcome "${name}", row ${i + 1}, is not 0 or 1 (a binary outcome is needed).`);
    }
    return { y, event: '1' };
  }
  const f = factorModelVariable(name, values);
  if (f.levels.length !== 2) {
    throw new StatsError(`Logistic regression: outcome "${name}" must have exactly two values; found ${f.levels.length}.`);
  }
  const ev = event === undefined ? f.levels[1] : String(event);
  if (!f.levels.includes(ev)) throw new StatsError(`Logistic regression: event "${ev}" is not a value of "${name}" (${f.levels.join(', ')}).`);
  for (let i = 0; i < n; i++) y[i] = f.index[i] < 0 ? NaN : f.levels[f.index[i]] === ev ? 1 : 0;
  return { y, event: ev };
}

function dropColumns(d: ModelDesign, drop: readonly number[]): { X: DenseMatrix; names: string[] } {
  const n = d.X.nrow;
  const keep = d.columnNames.map((_, k) => k).filter((k) => !drop.includes(k));
  return {
    X: matrixFromColumns(keep.map((k) => d.X.data.subarray(k * n, (k + 1) * n)), n),
    names: keep.map((k) => d.columnNames[k]),
  };
}

/**
 * Binary logistic regression: logit P(y = 1) = Xb, maximum likelihood by IRLS (as R `glm(family = binomial)`).
 *
 * - **Coefficients**: b (log odds) with SE = √[(XᵀŴX)⁻¹]ⱼⱼ, Wald z = b/SE and two-sided normal p (`summary(glm)`);
 *   odds ratio OR = eᵇ.
 * - **CIs of the OR — both reported, named**: Wald exp(b ± z₁₋α/₂·SE) (`exp(confint.default(fit))`), and
 *   profile likelihood: the b values where the deviance with b fixed (other coefficients re-estimated) exceeds the
 *   minimum by χ²₁(level) (Venzon & Moolgavkar 1988), solved by Brent's method. R's `confint(glm)` (MASS
 *   `confint.glm` in R < 4.4, `stats` from R 4.4) interpolates the same profile on a grid, so it agrees to about
 *   1e-3; our roots agree with an exact `uniroot` solution of the profile in R to 1e-6. `apa()` quotes the profile CI.
 * - **Likelihood-ratio tests**: model vs intercept-only χ² = D₀ − D on p − 1 df; each predictor (a factor as a whole)
 *   by the deviance change when it is dropped (`drop1(fit, test = "LRT")`).
 * - **Pseudo-R²**: Cox & Snell 1 − exp((D − D₀)/n); Nagelkerke (1991) = Cox–Snell / (1 − exp(−D₀/n)); McFadden 1 − D/D₀.
 * - **Classification table** at `cutoff` (default .5): predicted 1 when p̂ ≥ cutoff; accuracy, sensitivity, specificity.
 * - AIC = D + 2p.
 *
 * Missing values are removed listwise. Complete or quasi-complete separation (a predictor that predicts the outcome
 * perfectly) makes the estimates diverge: the result then carries a note (R warns "fitted probabilities numerically 0
 * or 1 occurred"), and the profile CI bound on that side is ±∞.
 *
 * @throws StatsError for an outcome that is not binary, fewer cases than coefficients, a constant or collinear
 *   predictor, or no convergence in 100 iterations.
 * @example
 * const r = logisticRegression({ outcome: [0, 0, 1, 0, 1, 1, 0, 1], predictors: { x: [1, 2, 3, 4, 5, 6, 7, 8] } });
 * r.coefficient('x').oddsRatio // 1.5422   (R exp(coef(glm(y ~ x, binomial)))[2])
 * r.apa() // "χ²(1) = 1.62, p = .203, Nagelkerke R² = .24"
 */
export function logisticRegression(input: LogisticRegressionInput, options: LogisticRegressionOptions = {}): LogisticRegressionResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsError(`Logistic regression: the confidence level must lie strictly between 0 and 1 (got ${level}).`);
  const cutoff = options.cutoff ?? 0.5;
  const outcomeName = options.outcomeName ?? 'outcome';
  const names = Object.keys(input.predictors);
  if (names.length === 0) throw new StatsError('Logistic regression needs at least one predictor.');
  const N0 = input.outcome.length;
  for (const nm of names) {
    if (input.predictors[nm].length !== N0) throw new StatsError(`Logistic regression: predictor "${nm}" has ${input.predictors[nm].length} values, the outcome ${N0}.`);
  }
  const { y: y0, event } = binaryOutcome(input.outcome, options.event, outcomeName);
  const { variables: vars, rows } = predictorVariablesAndRows(names, input.predictors, options.factors, y0);
  const n = rows.length;
  const y = Float64Array.from(rows, (i) => y0[i]);
  const events = y.reduce((a, b) => a + b, 0);
  if (events === 0 || events === n) throw new StatsError(`Logistic regression: every analysed case has the same outcome (${events} of ${n} events).`);
  const design = buildModelDesign(vars, names.map((t) => [t]), rows);
  const p = design.X.ncol;
  if (n <= p) throw new StatsError(`Logistic regression: ${n} complete cases cannot estimate ${p} coefficients.`);
  const fit = logisticIrls(design.X, y, undefined, design.columnNames);
  const boundary = fit.fitted.some((m) => m < 1e-8 || m > 1 - 1e-8);
  if (!fit.converged && !boundary) throw new StatsError('Logistic regression: the IRLS algorithm did not converge in 100 iterations.');
  const notes: string[] = [];
  if (boundary) {
    notes.push('Fitted probabilities numerically 0 or 1 occurred: a predictor separates the outcome (nearly) perfectly; estimates and Wald tests are unreliable.');
  }
  const D = fit.deviance;
  const D0 = nullDeviance(y);
  const zq = normal.quantile(1 - (1 - level) / 2, 0, 1);
  const crit = chiSquared.quantile(level, 1);

  const profileBound = (j: number, side: -1 | 1): number => {
    const { X: Xr, names: nr } = dropColumns(design, [j]);
    const xj = design.X.data.subarray(j * n, (j + 1) * n);
    const b = fit.coefficients[j];
    const se = Math.sqrt(fit.covariance[j + j * p]);
    const g = (beta: number): number => {
      const off = Float64Array.from(xj, (v) => v * beta);
      const f = logisticIrls(Xr, y, off, nr);
      return f.deviance - D - crit;
    };
    let step = se;
    let x = b + side * step;
    let gx = g(x);
    let k = 0;
    while (gx < 0 && k < 40) {
      step *= 2;
      x = b + side * step;
      gx = g(x);
      k++;
    }
    if (gx < 0) return side * Infinity;
    const lo = side < 0 ? x : b;
    const hi = side < 0 ? b : x;
    return brentRoot(side < 0 ? (t) => -g(t) : g, lo, hi, { tol: 1e-12 });
  };

  const coefficients: LogisticCoefficient[] = design.columnNames.map((term, j) => {
    const b = fit.coefficients[j];
    const se = Math.sqrt(fit.covariance[j + j * p]);
    const z = b / se;
    let plo = NaN;
    let phi = NaN;
    try {
      plo = profileBound(j, -1);
      phi = profileBound(j, 1);
    } catch (e) {
      if (!(e instanceof StatsError)) throw e;
      notes.push(`Profile-likelihood CI of "${term}" could not be computed: ${e.message}`);
    }
    return {
      term,
      estimate: b,
      se,
      z,
      p: 2 * normal.sf(Math.abs(z), 0, 1),
      oddsRatio: Math.exp(b),
      waldCI: { lower: Math.exp(b - zq * se), upper: Math.exp(b + zq * se) },
      profileCI: { lower: Math.exp(plo), upper: Math.exp(phi) },
    };
  });

  const termTests: LikelihoodRatioTest[] = design.terms.map((t) => {
    const { X: Xr, names: nr } = dropColumns(design, t.columns);
    const f = logisticIrls(Xr, y, undefined, nr);
    const chi = f.deviance - D;
    return { term: t.name, chiSquare: chi, df: t.columns.length, p: chiSquared.sf(chi, t.columns.length) };
  });
  const chi = D0 - D;
  const modelTest = { term: 'model', chiSquare: chi, df: p - 1, p: chiSquared.sf(chi, p - 1) };
  const coxSnell = 1 - Math.exp((D - D0) / n);
  const nagelkerke = coxSnell / (1 - Math.exp(-D0 / n));
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    const pred = fit.fitted[i] >= cutoff;
    if (y[i] === 1) {
      if (pred) tp++;
      else fn++;
    } else if (pred) fp++;
    else tn++;
  }
  const classification: ClassificationTable = {
    cutoff,
    truePositive: tp,
    falsePositive: fp,
    trueNegative: tn,
    falseNegative: fn,
    accuracy: (tp + tn) / n,
    sensitivity: tp / (tp + fn),
    specificity: tn / (tn + fp),
  };
  return new LogisticRegressionResult(
    outcomeName,
    event,
    n,
    N0 - n,
    coefficients,
    D,
    D0,
    D + 2 * p,
    modelTest,
    termTests,
    coxSnell,
    nagelkerke,
    1 - D / D0,
    classification,
    Array.from(fit.fitted),
    fit.iterations,
    level,
    notes,
  );
}

/**
 * {@link logisticRegression} on tidy rows (one object per person), e.g.
 * `logisticRegressionFromRows(rows, { outcome: 'reliably_improved', predictors: ['pre', 'group'] })`.
 *
 * @example
 * const rows = [0, 0, 1, 0, 1, 1, 0, 1].map((y, i) => ({ improved: y === 1 ? 'yes' : 'no', x: i + 1 }));
 * logisticRegressionFromRows(rows, { outcome: 'improved', predictors: ['x'] }).coefficient('x').oddsRatio // 1.5422 (event "yes")
 */
export function logisticRegressionFromRows(
  rows: readonly Record<string, unknown>[],
  columns: { outcome: string; predictors: readonly string[] },
  options: LogisticRegressionOptions = {},
): LogisticRegressionResult {
  for (const c of [columns.outcome, ...columns.predictors]) {
    if (rows.length > 0 && !rows.some((r) => c in r)) throw new StatsError(`Logistic regression: no column "${c}" in the rows.`);
  }
  const col = (c: string) => rows.map((r) => r[c] as string | number | boolean | null | undefined);
  return logisticRegression(
    { outcome: col(columns.outcome), predictors: Object.fromEntries(columns.predictors.map((p) => [p, col(p)])) },
    { outcomeName: columns.outcome, ...options },
  );
}
