/**
 * The fitted linear mixed model: estimates, tests, variance components and diagnostics, with `toJSON()`,
 * `apa()` and tables (see the module header in ./index.ts for the whole API).
 */
import { fmt, fmtCI, fmtDf, fmtP } from '../apa.js';
import { fDist, studentT } from '../distributions.js';
import { qrLeastSquares, matrixFromColumns } from '../linalg.js';
import { StatsError, type StatResult } from '../result.js';
import { profiledDeviance, type LmmProblem, type PlsFull } from './deviance.js';
import { lmmFormulaToString, type LmmFormula } from './formula.js';
import type { LmmData, LmmDesign } from './model-matrix.js';
import type { MinimizeResult } from './optimizer.js';
import { kenwardRogerData, kenwardRogerTest, type KenwardRogerData } from './kenward-roger.js';
import { satterthwaiteData, satterthwaiteDf, satterthwaiteFTest, scaledInverseFromCholesky, type SatterthwaiteData } from './satterthwaite.js';

/** Denominator degrees of freedom for tests of fixed effects. */
export type LmmDfMethod = 'satterthwaite' | 'kenward-roger';

/** One fixed effect (lmerTest `summary()` row plus the Wald CI on the same df). */
export interface LmmFixedEffectRow {
  term: string;
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  lower: number;
  upper: number;
}

/** One variance component (lme4 `VarCorr`): a variance/SD, or a correlation between two effects. */
export interface LmmVarianceComponent {
  /** Grouping factor ("participant", "site") or "Residual". */
  group: string;
  /** Random effect ("(Intercept)", "time") */
  effect: string;
  variance: number;
  sd: number;
}

export interface LmmCorrelation {
  group: string;
  effect1: string;
  effect2: string;
  correlation: number;
}

/** One row of the type III table (lmerTest `anova(type = 3)`). */
export interface LmmAnovaRow {
  term: string;
  F: number;
  numDf: number;
  denDf: number;
  p: number;
  /** Sum of squares and mean square as lmerTest prints them (F · σ² · df1 and F · σ²). */
  sumSq: number;
  meanSq: number;
}

/** Conditional modes of one grouping factor (lme4 `ranef(condVar = TRUE)`). */
export interface LmmRandomEffects {
  grouping: string;
  effects: string[];
  levels: string[];
  /** Conditional modes, one row per level (levels × effects). */
  modes: number[][];
  /** Conditional covariance matrices (σ² Λ (LLᵀ)⁻¹ Λᵀ blocks), one per level (effects × effects). */
  conditionalVariance: number[][][];
}

interface LmmResultInit {
  data: LmmData;
  formula: LmmFormula;
  design: LmmDesign;
  problem: LmmProblem;
  reml: boolean;
  theta: Float64Array;
  optimizer: MinimizeResult;
  level: number;
  options: object;
}

const SINGULAR_TOL = 1e-4;

export class LmmResult implements StatResult {
  readonly method: string;
  readonly formula: LmmFormula;
  readonly formulaText: string;
  readonly design: LmmDesign;
  readonly problem: LmmProblem;
  readonly reml: boolean;
  readonly level: number;
  /** Relative covariance factor parameters (lme4 `getME(m, "theta")`). */
  readonly theta: Float64Array;
  readonly beta: Float64Array;
  /** Residual SD σ̂ (REML: r²/(n − p); ML: r²/n). */
  readonly sigma: number;
  /** Covariance of β̂: σ² (XᵀV⁻¹X)⁻¹ given θ̂ (lme4 `vcov`), row-major p × p. */
  readonly vcov: Float64Array;
  readonly coefficientNames: string[];
  /** Observations used and rows left out for missing values. */
  readonly n: number;
  readonly nDropped: number;
  /** REML criterion (REML fits) or deviance (ML fits) at the optimum. */
  readonly criterion: number;
  readonly logLik: number;
  /** −2 log-likelihood (the REML criterion for REML fits). */
  readonly deviance: number;
  readonly AIC: number;
  readonly BIC: number;
  /** Number of estimated parameters: fixed effects, θ and σ. */
  readonly nParameters: number;
  readonly converged: boolean;
  readonly convergenceMessage: string;
  readonly evaluations: number;
  /** True when a variance is estimated at zero or a correlation at ±1 (lme4 `isSingular`, tol 1e-4). */
  readonly singular: boolean;
  /** Sentences naming what is singular (empty when not singular). */
  readonly singularMessages: string[];
  /** Fitted values Xβ̂ + Zb̂ and residuals y − fitted of the observations used. */
  readonly fitted: Float64Array;
  readonly residuals: Float64Array;
  /** The data and options the model was fitted with (for refits, e.g. by ML in a likelihood-ratio test). */
  readonly data: LmmData;
  readonly options: object;
  private readonly full: PlsFull;
  private satt: SatterthwaiteData | null = null;
  private kr: KenwardRogerData | null = null;

  constructor(init: LmmResultInit) {
    const { formula, design, problem, reml, theta, optimizer, level } = init;
    this.data = init.data;
    this.options = init.options;
    this.formula = formula;
    this.formulaText = lmmFormulaToString(formula);
    this.design = design;
    this.problem = problem;
    this.reml = reml;
    this.level = level;
    this.theta = theta;
    this.method = `Linear mixed model fitted by ${reml ? 'REML' : 'maximum likelihood'} (lme4-compatible)`;
    const full = problem.evaluateFull(theta);
    this.full = full;
    this.beta = full.beta;
    const n = design.n;
    const p = design.p;
    this.n = n;
    this.nDropped = design.nDropped;
    this.sigma = Math.sqrt(full.pwrss / (reml ? n - p : n));
    this.vcov = scaledInverseFromCholesky(full.LX, p, this.sigma * this.sigma);
    this.coefficientNames = design.columnNames;
    this.criterion = profiledDeviance(full, n, p, reml);
    this.deviance = this.criterion;
    this.logLik = -this.criterion / 2;
    this.nParameters = p + problem.nTheta + 1;
    this.AIC = this.criterion + 2 * this.nParameters;
    this.BIC = this.criterion + Math.log(n) * this.nParameters;
    this.converged = optimizer.converged;
    this.convergenceMessage = optimizer.converged ? optimizer.message : `did not converge: ${optimizer.message}`;
    this.evaluations = optimizer.evaluations;
    this.fitted = full.fitted;
    this.residuals = Float64Array.from(design.y, (v, k) => v - full.fitted[k]);
    this.singularMessages = singularity(problem, theta);
    this.singular = this.singularMessages.length > 0;
  }

  /** Satterthwaite ingredients (Hessian of the deviance in (θ, σ) and Jacobian of vcov), computed once. */
  satterthwaite(): SatterthwaiteData {
    if (!this.satt) this.satt = satterthwaiteData(this.problem, this.theta, this.sigma, this.reml);
    return this.satt;
  }

  /** Estimate, SE and df of a contrast lᵀβ. */
  contrast(l: ArrayLike<number>, df: LmmDfMethod = 'satterthwaite'): { estimate: number; se: number; df: number } {
    const p = this.design.p;
    if (l.length !== p) throw new StatsError(`A contrast needs ${p} coefficients (one per fixed effect); it has ${l.length}.`);
    let est = 0;
    let v = 0;
    for (let a = 0; a < p; a++) {
      est += l[a] * this.beta[a];
      for (let b = 0; b < p; b++) v += l[a] * this.vcov[a * p + b] * l[b];
    }
    if (df === 'kenward-roger') {
      const kr = this.kenwardRoger();
      let va = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) va += l[a] * kr.PhiA[a * p + b] * l[b];
      return { estimate: est, se: Math.sqrt(va), df: kenwardRogerTest(kr, this.beta, [l]).df2 };
    }
    return { estimate: est, se: Math.sqrt(v), df: satterthwaiteDf(this.satterthwaite(), this.vcov, l, p) };
  }

  /** Kenward–Roger adjusted covariance and ingredients (pbkrtest `vcovAdj`), computed once; REML fits only. */
  kenwardRoger(): KenwardRogerData {
    if (!this.kr) this.kr = kenwardRogerData(this);
    return this.kr;
  }

  /** Fixed effects with SE, df (Satterthwaite by default, as lmerTest `summary`), t, p and CI. */
  fixedEffects(df: LmmDfMethod = 'satterthwaite'): LmmFixedEffectRow[] {
    const p = this.design.p;
    return this.coefficientNames.map((term, a) => {
      const l = new Float64Array(p);
      l[a] = 1;
      const c = this.contrast(l, df);
      return lmmWaldRow(term, c.estimate, c.se, c.df, this.level);
    });
  }

  /** Variance components (variances and SDs per grouping factor and the residual). */
  varianceComponents(): LmmVarianceComponent[] {
    const out: LmmVarianceComponent[] = [];
    const s2 = this.sigma * this.sigma;
    this.covarianceMatrices().forEach(({ grouping, effects, cov }) => {
      effects.forEach((e, a) => out.push({ group: grouping, effect: e, variance: cov[a][a], sd: Math.sqrt(cov[a][a]) }));
    });
    out.push({ group: 'Residual', effect: '', variance: s2, sd: this.sigma });
    return out;
  }

  /** Correlations between random effects of the same grouping factor (correlated terms only). */
  correlations(): LmmCorrelation[] {
    const out: LmmCorrelation[] = [];
    for (const { grouping, effects, cov, free } of this.covarianceMatrices()) {
      for (let a = 0; a < effects.length; a++) {
        for (let b = a + 1; b < effects.length; b++) {
          if (!free[b][a]) continue;
          const d = Math.sqrt(cov[a][a] * cov[b][b]);
          out.push({ group: grouping, effect1: effects[a], effect2: effects[b], correlation: d > 0 ? cov[a][b] / d : NaN });
        }
      }
    }
    return out;
  }

  /** Covariance matrix σ² T Tᵀ of the random effects of each grouping factor. */
  covarianceMatrices(): Array<{ grouping: string; effects: string[]; cov: number[][]; free: boolean[][] }> {
    const s2 = this.sigma * this.sigma;
    let off = 0;
    return this.design.random.map((term) => {
      const q = term.effects.length;
      const T = new Float64Array(q * q);
      const free = Array.from({ length: q }, () => new Array<boolean>(q).fill(false));
      term.thetaPattern.forEach(([i, j], k) => {
        T[i * q + j] = this.theta[off + k];
        free[i][j] = true;
      });
      off += term.thetaPattern.length;
      const cov = Array.from({ length: q }, (_, a) =>
        Array.from({ length: q }, (_, b) => {
          let s = 0;
          for (let c = 0; c < q; c++) s += T[a * q + c] * T[b * q + c];
          return s2 * s;
        }),
      );
      return { grouping: term.grouping, effects: term.effects, cov, free };
    });
  }

  /** Conditional modes (BLUPs) and conditional covariances per grouping factor (lme4 `ranef(condVar = TRUE)`). */
  randomEffects(): LmmRandomEffects[] {
    const s2 = this.sigma * this.sigma;
    return this.design.random.map((term, t) => {
      const q = term.effects.length;
      const b = this.full.b[t];
      const cv = this.full.condVarUnscaled[t];
      return {
        grouping: term.grouping,
        effects: term.effects,
        levels: term.levels,
        modes: term.levels.map((_, j) => Array.from(b.subarray(j * q, (j + 1) * q))),
        conditionalVariance: term.levels.map((_, j) =>
          Array.from({ length: q }, (_, a) => Array.from({ length: q }, (_, c) => s2 * cv[j * q * q + a * q + c])),
        ),
      };
    });
  }

  /**
   * Residual and random-effect diagnostics for charts (residuals vs fitted, normal Q–Q of residuals and of
   * conditional modes): per observation the fitted value, the residual y − Xβ̂ − Zb̂ and the Pearson residual
   * (residual / σ̂, R `residuals(m, type = "pearson")`); per level of each grouping factor a running number
   * (no ids), the conditional modes and their conditional SDs.
   */
  diagnostics(): {
    observations: Array<{ row: number; fitted: number; residual: number; pearson: number }>;
    randomEffects: Array<{ grouping: string; effects: string[]; levels: Array<{ number: number; modes: number[]; conditionalSd: number[] }> }>;
  } {
    return {
      observations: Array.from(this.fitted, (f, k) => ({ row: this.design.rows[k], fitted: f, residual: this.residuals[k], pearson: this.residuals[k] / this.sigma })),
      randomEffects: this.randomEffects().map((r) => ({
        grouping: r.grouping,
        effects: r.effects,
        levels: r.modes.map((m, j) => ({ number: j + 1, modes: m, conditionalSd: r.conditionalVariance[j].map((row, a) => Math.sqrt(row[a])) })),
      })),
    };
  }

  /**
   * Type III F tests per fixed term (lmerTest `anova(m, type = 3)`), Satterthwaite df by default or
   * Kenward–Roger (`anova(m, type = 3, ddf = "Kenward-Roger")`, F scaled as pbkrtest).
   */
  anova(df: LmmDfMethod = 'satterthwaite'): LmmAnovaRow[] {
    const Ls = lmmType3Contrasts(this.design);
    const s2 = this.sigma * this.sigma;
    return this.design.terms.map((t) => {
      const L = Ls[t.name];
      const r = df === 'kenward-roger' ? kenwardRogerTest(this.kenwardRoger(), this.beta, L) : satterthwaiteFTest(this.satterthwaite(), this.vcov, this.beta, L, this.design.p);
      return { term: t.name, F: r.F, numDf: r.df1, denDf: r.df2, p: fDist.sf(r.F, r.df1, r.df2), sumSq: r.F * s2 * r.df1, meanSq: r.F * s2 };
    });
  }

  /** Fixed-effects table as rows of strings (for reports). */
  table(): { columns: string[]; rows: string[][] } {
    const pct = Math.round(this.level * 100);
    return {
      columns: ['Term', 'Estimate', 'SE', 'df', 't', 'p', `${pct}% CI`],
      rows: this.fixedEffects().map((r) => [r.term, fmt(r.estimate), fmt(r.se), fmtDf(r.df), fmt(r.t), fmtP(r.p), fmtCI(r.lower, r.upper, this.level)]),
    };
  }

  /** APA sentence on the fit: method, n, groups, logLik, AIC, convergence and singularity. */
  apa(): string {
    const groups = this.design.random.map((r) => `${r.levels.length} ${r.grouping} levels`).join(', ');
    let s = `${this.method}, ${this.formulaText}: N = ${this.n} observations (${groups}${this.nDropped ? `; ${this.nDropped} rows with missing values left out` : ''}), log-likelihood = ${fmt(this.logLik)}, AIC = ${fmt(this.AIC)}, BIC = ${fmt(this.BIC)}`;
    if (!this.converged) s += `; the optimiser ${this.convergenceMessage}`;
    if (this.singular) s += `; singular fit: ${this.singularMessages.join(' ')}`;
    return s;
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      formula: this.formulaText,
      reml: this.reml,
      n: this.n,
      nDropped: this.nDropped,
      groups: this.design.random.map((r) => ({ grouping: r.grouping, levels: r.levels.length })),
      fixedEffects: this.fixedEffects(),
      varianceComponents: this.varianceComponents(),
      correlations: this.correlations(),
      theta: Array.from(this.theta),
      sigma: this.sigma,
      logLik: this.logLik,
      deviance: this.deviance,
      AIC: this.AIC,
      BIC: this.BIC,
      nParameters: this.nParameters,
      converged: this.converged,
      convergenceMessage: this.convergenceMessage,
      singular: this.singular,
      singularMessages: this.singularMessages,
      dfMethod: 'Satterthwaite (lmerTest)',
      level: this.level,
    };
  }
}

/** Wald row with t-based p and CI. */
export function lmmWaldRow(term: string, estimate: number, se: number, df: number, level: number): LmmFixedEffectRow {
  const t = estimate / se;
  const p = 2 * studentT.sf(Math.abs(t), df);
  const q = studentT.quantile(1 - (1 - level) / 2, df);
  return { term, estimate, se, df, t, p, lower: estimate - q * se, upper: estimate + q * se };
}

function singularity(problem: LmmProblem, theta: Float64Array): string[] {
  const out: string[] = [];
  let off = 0;
  for (const term of [problem.termA, problem.termB]) {
    if (!term) continue;
    term.thetaPattern.forEach(([i, j], k) => {
      if (i !== j || theta[off + k] >= SINGULAR_TOL) return;
      const eff = term.effects[i];
      const correlatedBefore = term.thetaPattern.some(([a, b]) => a === i && b < i);
      if (correlatedBefore) {
        out.push(`The random effect "${eff}" of ${term.grouping} is perfectly correlated (±1) with the effects before it (its remaining variance is zero).`);
      } else {
        out.push(`The variance of the random effect "${eff}" of ${term.grouping} is estimated at zero.`);
      }
    });
    off += term.thetaPattern.length;
  }
  return out;
}

function zapsmall(x: number[][]): number[][] {
  let mx = 0;
  for (const r of x) for (const v of r) if (Number.isFinite(v)) mx = Math.max(mx, Math.abs(v));
  const digits = mx > 0 ? Math.max(0, 7 - Math.ceil(Math.log10(mx))) : 7;
  const f = 10 ** digits;
  return x.map((r) => r.map((v) => Math.round(v * f) / f));
}

/**
 * Type III hypothesis matrices per term, as lmerTest's `get_contrasts_type3`: the over-parametrised
 * (all-levels) design rdX is expressed in the model's coefficients, L = (X⁺ rdX)ᵀ, and the columns of a term
 * are orthogonalised against those of the terms that contain it (same numeric variables plus more factors).
 */
export function lmmType3Contrasts(design: LmmDesign): Record<string, number[][]> {
  const { n, p, X, terms, factorLevels } = design;
  // over-parametrised columns: intercept, then per term all level combinations
  const rdNames: string[] = [];
  const rdCols: Float64Array[] = [];
  const hasIntercept = design.columnNames[0] === '(Intercept)';
  if (hasIntercept) {
    rdNames.push('(Intercept)');
    rdCols.push(new Float64Array(n).fill(1));
  }
  // variable values per used observation (level index for factors)
  const value = (v: string, k: number): number => design.variableValues[v][k];
  for (const t of terms) {
    let parts: Array<{ name: string; col: Float64Array }> = [{ name: '', col: new Float64Array(n).fill(1) }];
    for (const v of t.variables) {
      const levels = factorLevels[v];
      const own: Array<{ name: string; col: Float64Array }> = levels
        ? levels.map((lev, li) => ({ name: v + lev, col: Float64Array.from({ length: n }, (_, k) => (value(v, k) === li ? 1 : 0)) }))
        : [{ name: v, col: Float64Array.from({ length: n }, (_, k) => value(v, k)) }];
      const next: typeof parts = [];
      for (const o of own) for (const q of parts) next.push({ name: q.name ? `${q.name}:${o.name}` : o.name, col: q.col.map((x, k) => x * o.col[k]) });
      parts = next;
    }
    for (const q of parts) {
      rdNames.push(q.name);
      rdCols.push(q.col);
    }
  }
  const P = rdNames.length;
  // M = (XᵀX)⁻¹ Xᵀ rdX  (p × P); L = Mᵀ (P × p)
  const xCols = Array.from({ length: p }, (_, a) => Float64Array.from({ length: n }, (_, k) => X[k * p + a]));
  const fit = qrLeastSquares(matrixFromColumns(xCols, n), matrixFromColumns(rdCols, n));
  let L: number[][] = Array.from({ length: P }, (_, r) => Array.from({ length: p }, (_, a) => fit.coefficients.data[a + r * p]));
  L = zapsmall(L);
  const colsOf: Record<string, number[]> = {};
  terms.forEach((t) => (colsOf[t.name] = t.columns));
  const numericOf = (t: { variables: string[] }) => t.variables.filter((v) => !factorLevels[v]).sort().join(',');
  const contains = (t1: (typeof terms)[number], t2: (typeof terms)[number]) =>
    t1.variables.every((v) => t2.variables.includes(v)) && t2.variables.some((v) => !t1.variables.includes(v)) && numericOf(t1) === numericOf(t2);
  const order = terms
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.variables.length - b.t.variables.length || a.i - b.i)
    .reverse();
  for (const { t } of order) {
    const containing = terms.filter((o) => contains(t, o));
    if (containing.length === 0) continue;
    const xcols = containing.flatMap((o) => colsOf[o.name]).map((c) => Float64Array.from(L, (row) => row[c]));
    const ycols = colsOf[t.name].map((c) => Float64Array.from(L, (row) => row[c]));
    const r = qrLeastSquares(matrixFromColumns(xcols, P), matrixFromColumns(ycols, P));
    const resid = Array.from({ length: P }, (_, i) => colsOf[t.name].map((_, k) => r.residuals.data[i + k * P]));
    const z = zapsmall(resid);
    colsOf[t.name].forEach((c, k) => {
      for (let i = 0; i < P; i++) L[i][c] = z[i][k];
    });
  }
  // keep rows named as X's columns, in X's order
  const rowIdx = design.columnNames.map((nm) => rdNames.indexOf(nm));
  if (rowIdx.some((i) => i < 0)) throw new StatsError('Type III contrasts: a coefficient has no counterpart in the over-parametrised design.');
  const out: Record<string, number[][]> = {};
  for (const t of terms) {
    const rows = colsOf[t.name].map((c) => rowIdx.map((i) => L[i][c]));
    out[t.name] = rows.filter((r) => r.reduce((s, v) => s + Math.abs(v), 0) > 1e-8);
  }
  return out;
}
