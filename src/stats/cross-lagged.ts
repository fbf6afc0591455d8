/**
 * Cross-lagged panel model for two repeated outcomes (observed variables only), as a path model.
 */
import { fmt, fmtNoLeadingZero, fmtP } from './apa.js';
import { chiSquared, normal } from './distributions.js';
import { choleskyLower, logDeterminantSPD, matrixFromRows, solveSPD, type DenseMatrix } from './linalg.js';
import { blockCoefficientCovariance, completeRows, fitRegressionBlock, pick } from './path-model.js';
import { StatsError, type MissingHandling, type NumericInput, type StatResult } from './result.js';

export interface CrossLaggedInput {
  /** Outcome X per wave (one array per wave, one value per participant, the same participants in each). */
  x: readonly NumericInput[];
  /** Outcome Y per wave, same layout as `x`. */
  y: readonly NumericInput[];
}

export interface CrossLaggedOptions {
  /** Names of the two outcomes (default X, Y). */
  names?: { x?: string; y?: string };
  /** Wave labels (default T1, T2, …). */
  waves?: readonly string[];
  /** Level of the Wald CIs (default 0.95). */
  level?: number;
}

/** One regression path of the panel. */
export interface CrossLaggedPath {
  /** "autoregressive" (X_t on X_{t−1}) or "cross-lagged" (X_t on Y_{t−1}). */
  kind: 'autoregressive' | 'cross-lagged';
  from: string;
  to: string;
  /** e.g. "T1→T2". */
  lag: string;
  estimate: number;
  /** ML standard error (lavaan `sem`, expected information). */
  se: number;
  z: number;
  p: number;
  ciLower: number;
  ciUpper: number;
  /** Completely standardised estimate (lavaan `std.all`): b·σ_from/σ_to with model-implied SDs. */
  std: number;
}

/** Residual variance or within-wave residual covariance of a wave ≥ 2. */
export interface CrossLaggedResidual {
  wave: string;
  /** "X", "Y" (variance) or "X~~Y" (covariance). */
  term: string;
  estimate: number;
  se: number;
  z: number;
  p: number;
  /** Residual correlation (covariance) or proportion of unexplained variance (variance), as lavaan `std.all`. */
  std: number;
}

/** Global fit of the over-identified panel (lavaan `fitMeasures`). */
export interface CrossLaggedFit {
  chisq: number;
  df: number;
  p: number;
  cfi: number;
  tli: number;
  rmsea: number;
  srmr: number;
  baselineChisq: number;
  baselineDf: number;
  logLik: number;
  unrestrictedLogLik: number;
  aic: number;
  bic: number;
  /** Free parameters (exogenous wave-1 (co)variances fixed at their sample values, as lavaan `fixed.x`). */
  parameters: number;
}

/** Plain statement of what the model is and is not. */
export const CROSS_LAGGED_SCOPE =
  'Observed-variable cross-lagged panel model: each outcome at wave t + 1 regressed on both outcomes at wave t ' +
  '(autoregressive and cross-lagged paths), residuals of the two outcomes correlated within a wave, estimated by maximum likelihood ' +
  'on complete cases (participants with both outcomes at every wave). It has no latent variables (no measurement error model), ' +
  'no lag-2 paths and no equality constraints over waves, and it is not a random-intercept cross-lagged panel model (RI-CLPM): ' +
  'stable between-person differences are not separated from within-person change, so cross-lagged paths mix the two ' +
  '(Hamaker, Kuiper & Grasman, 2015). A poor fit (large χ², RMSEA) usually means exactly such stable differences or lag-2 effects.';

/** Result of {@link crossLaggedPanel}. */
export class CrossLaggedResult implements StatResult {
  readonly method = 'Cross-lagged panel model, observed variables, ML on complete cases (as lavaan sem, fixed.x)';
  readonly missingHandling: MissingHandling = 'listwise';
  readonly scope = CROSS_LAGGED_SCOPE;
  constructor(
    readonly paths: readonly CrossLaggedPath[],
    readonly residuals: readonly CrossLaggedResidual[],
    readonly fit: CrossLaggedFit,
    readonly names: { x: string; y: string },
    readonly waves: readonly string[],
    readonly n: number,
    readonly missing: number,
    readonly level: number,
  ) {}

  /** The regression paths as table rows. */
  table(): Array<Record<string, string | number>> {
    return this.paths.map((p) => ({ kind: p.kind, path: `${p.from} → ${p.to}`, lag: p.lag, estimate: p.estimate, se: p.se, z: p.z, p: p.p, ciLower: p.ciLower, ciUpper: p.ciUpper, std: p.std }));
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      scope: this.scope,
      names: { ...this.names },
      waves: [...this.waves],
      paths: this.paths.map((p) => ({ ...p })),
      residuals: this.residuals.map((r) => ({ ...r })),
      fit: { ...this.fit },
      n: this.n,
      missing: this.missing,
      missingHandling: this.missingHandling,
      level: this.level,
    };
  }

  /** e.g. "χ²(12) = 115.10, p < .001, CFI = .79, TLI = .53, RMSEA = .28, SRMR = .13 (n = 113 complete cases)". */
  apa(): string {
    const f = this.fit;
    return (
      `χ²(${f.df}) = ${fmt(f.chisq)}, ${fmtP(f.p)}, CFI = ${fmtNoLeadingZero(f.cfi)}, TLI = ${fmtNoLeadingZero(f.tli)}, ` +
      `RMSEA = ${fmtNoLeadingZero(f.rmsea)}, SRMR = ${fmtNoLeadingZero(f.srmr)} (n = ${this.n} complete cases)`
    );
  }
}

function covarianceML(cols: Float64Array[]): DenseMatrix {
  const p = cols.length;
  const n = cols[0].length;
  const means = cols.map((c) => c.reduce((s, v) => s + v, 0) / n);
  const rows: number[][] = [];
  for (let i = 0; i < p; i++) {
    const row: number[] = [];
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += (cols[i][k] - means[i]) * (cols[j][k] - means[j]);
      row.push(s / n);
    }
    rows.push(row);
  }
  return matrixFromRows(rows);
}

function inverseSPD(a: DenseMatrix): DenseMatrix {
  const p = a.nrow;
  const out = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    const e = new Float64Array(p);
    e[j] = 1;
    out.set(solveSPD(a, e), j * p);
  }
  return { nrow: p, ncol: p, data: out };
}

/**
 * Cross-lagged panel model for two outcomes X and Y measured at waves 1…T (T ≥ 2): for t = 2…T
 *
 *   X_t = α_t + β_t·X_{t−1} + γ_t·Y_{t−1} + e_Xt,   Y_t = α′_t + δ_t·Y_{t−1} + θ_t·X_{t−1} + e_Yt,
 *
 * with Cov(e_Xt, e_Yt) free within a wave and zero across waves; wave 1 is exogenous (its variances and
 * covariance fixed at the sample values, lavaan's `fixed.x = TRUE`). See {@link CROSS_LAGGED_SCOPE}
 * for what this model is and is not.
 *
 * **Estimation.** Because the model is recursive, residuals are uncorrelated across waves and both
 * equations of a wave share their predictors, the normal likelihood factorises into one bivariate
 * regression per wave and the ML estimates are the least-squares coefficients with residual
 * covariance SSCP/n (closed form, no optimiser). Standard errors: σ̂²_ML(XᵀX)⁻¹ for the paths and
 * √((ψ_jj ψ_kk + ψ_jk²)/n) for the residual (co)variances, which equal lavaan's expected-information
 * SEs. Wald z tests and CIs.
 *
 * **Fit** (the model is over-identified when T ≥ 3: no lag-2 paths): the model-implied covariance
 * Σ is built recursively (Σ_tt = B_t Σ_{t−1,t−1} B_tᵀ + Ψ_t, Σ_ts = B_t Σ_{t−1,s}); χ² = n·F_ML with
 * F_ML = log|Σ| − log|S| + tr(SΣ⁻¹) − p (S with divisor n); df = p(p+1)/2 − 3 − 7(T − 1);
 * baseline model: the two wave-1 variables correlated, every other variable independent;
 * CFI = 1 − max(χ² − df, 0) / max(χ²_b − df_b, χ² − df, 0); TLI = (χ²_b/df_b − χ²/df)/(χ²_b/df_b − 1);
 * RMSEA = √(max(χ² − df, 0)/(df·n)); SRMR (Bentler) = root mean square of the differences between the
 * sample and implied correlations over the p(p+1)/2 unique elements; log-likelihood, AIC and BIC as
 * lavaan reports them with `fixed.x`: the joint normal log-likelihood minus that of the two exogenous
 * wave-1 variables, with the 7(T − 1) free parameters.
 *
 * Checked against lavaan 0.6 `sem()` with `X_t ~ X_{t−1} + Y_{t−1}; Y_t ~ Y_{t−1} + X_{t−1}; X_t ~~ Y_t`
 * (estimates, SEs, z, p, std.all, χ², CFI, TLI, RMSEA, SRMR, logLik, AIC, BIC) in tests/reference/path_models.R.
 *
 * Missing values: complete cases only (every wave of both outcomes); lavaan's FIML (`missing = "ml"`)
 * is not implemented — under attrition prefer the linear mixed model for each outcome.
 *
 * @throws StatsError when fewer than 2 waves, the two outcomes have different numbers of waves or
 * participants, or too few complete cases (fewer than 5) remain.
 *
 * @example
 * ```ts
 * const x = [[3, 5, 4, 6, 7, 5, 8, 2], [4, 5, 3, 7, 6, 6, 9, 3], [5, 6, 5, 8, 6, 4, 9, 4]];
 * const y = [[2, 2, 3, 4, 3, 5, 4, 1], [2, 4, 3, 4, 2, 5, 5, 2], [3, 3, 4, 2, 5, 5, 6, 1]];
 * const r = crossLaggedPanel({ x, y }, { names: { x: 'competence', y: 'support' } });
 * r.paths.length;       // 8 (2 autoregressive + 2 cross-lagged paths per transition)
 * r.paths[0].estimate;  // 0.8125 (competence T1 → T2; lavaan 0.8124999)
 * r.fit.df;             // 4 (= 6·7/2 − 3 fixed wave-1 moments − 14 free parameters)
 * r.fit.chisq;          // 8.018… (lavaan fitMeasures chisq 8.018)
 * ```
 */
export function crossLaggedPanel(input: CrossLaggedInput, options: CrossLaggedOptions = {}): CrossLaggedResult {
  const T = input.x.length;
  const level = options.level ?? 0.95;
  if (T < 2) throw new StatsError(`Cross-lagged panel: needs at least two waves of each outcome (got ${T}).`);
  if (input.y.length !== T) throw new StatsError(`Cross-lagged panel: X has ${T} waves but Y has ${input.y.length}; give both outcomes at the same waves.`);
  const waves = options.waves ? [...options.waves] : Array.from({ length: T }, (_, i) => `T${i + 1}`);
  if (waves.length !== T) throw new StatsError(`Cross-lagged panel: ${waves.length} wave labels for ${T} waves.`);
  const names = { x: options.names?.x ?? 'X', y: options.names?.y ?? 'Y' };
  const cols = waves.flatMap((w, t) => [
    { name: `${names.x} ${w}`, values: input.x[t] },
    { name: `${names.y} ${w}`, values: input.y[t] },
  ]);
  const { rows, missing } = completeRows(cols, 'Cross-lagged panel');
  const n = rows.length;
  if (n < 5) throw new StatsError(`Cross-lagged panel: only ${n} participants have both outcomes at every wave (${missing} incomplete); at least 5 are needed.`);
  const z = cols.map((c) => pick(c.values, rows));
  const p = 2 * T;
  const S = covarianceML(z);
  const zq = normal.quantile(1 - (1 - level) / 2);

  // implied covariance, filled wave by wave
  const sigma: number[][] = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) sigma[i][j] = S.data[i + j * p];

  const paths: CrossLaggedPath[] = [];
  const residuals: CrossLaggedResidual[] = [];
  const lagged: Array<{ B: number[][]; psi: number[][]; seB: number[][]; psiSe: number[][] }> = [];
  for (let t = 1; t < T; t++) {
    const xPrev = { name: cols[2 * (t - 1)].name, values: z[2 * (t - 1)] };
    const yPrev = { name: cols[2 * (t - 1) + 1].name, values: z[2 * (t - 1) + 1] };
    const block = fitRegressionBlock(
      [
        { name: cols[2 * t].name, values: z[2 * t] },
        { name: cols[2 * t + 1].name, values: z[2 * t + 1] },
      ],
      [xPrev, yPrev],
    );
    // B rows: response (X_t, Y_t); columns: (X_{t−1}, Y_{t−1})
    const B = [block.coefficients[0].slice(1), block.coefficients[1].slice(1)];
    const seB = [0, 1].map((r) => {
      const v = blockCoefficientCovariance(block, r, 'ml');
      return [Math.sqrt(v[1][1]), Math.sqrt(v[2][2])];
    });
    const sscp = block.residualSSCP.data;
    const psi = [
      [sscp[0] / n, sscp[2] / n],
      [sscp[1] / n, sscp[3] / n],
    ];
    const psiSe = [
      [psi[0][0] * Math.sqrt(2 / n), Math.sqrt((psi[0][0] * psi[1][1] + psi[0][1] ** 2) / n)],
      [0, psi[1][1] * Math.sqrt(2 / n)],
    ];
    lagged.push({ B, psi, seB, psiSe });
    // Σ_{t,s} = B Σ_{t−1,s} for s < t; Σ_{t,t} = B Σ_{t−1,t−1} Bᵀ + Ψ
    const cur = [2 * t, 2 * t + 1];
    const prev = [2 * (t - 1), 2 * (t - 1) + 1];
    for (let s = 0; s < 2 * t; s++) {
      for (let r = 0; r < 2; r++) {
        const v = B[r][0] * sigma[prev[0]][s] + B[r][1] * sigma[prev[1]][s];
        sigma[cur[r]][s] = v;
        sigma[s][cur[r]] = v;
      }
    }
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 2; c++) {
        let v = psi[r][c];
        for (let k = 0; k < 2; k++) v += B[r][k] * sigma[prev[k]][cur[c]];
        sigma[cur[r]][cur[c]] = v;
      }
    }
  }
  for (let t = 1; t < T; t++) {
    const { B, seB, psi, psiSe } = lagged[t - 1];
    const lag = `${waves[t - 1]}→${waves[t]}`;
    const sd = (i: number) => Math.sqrt(sigma[i][i]);
    const mk = (r: number, k: number): CrossLaggedPath => {
      const est = B[r][k];
      const se = seB[r][k];
      const fromIdx = 2 * (t - 1) + k;
      const toIdx = 2 * t + r;
      return {
        kind: r === k ? 'autoregressive' : 'cross-lagged',
        from: cols[fromIdx].name,
        to: cols[toIdx].name,
        lag,
        estimate: est,
        se,
        z: est / se,
        p: 2 * normal.sf(Math.abs(est / se)),
        ciLower: est - zq * se,
        ciUpper: est + zq * se,
        std: (est * sd(fromIdx)) / sd(toIdx),
      };
    };
    paths.push(mk(0, 0), mk(0, 1), mk(1, 1), mk(1, 0));
    const resid = (term: string, est: number, se: number, std: number): CrossLaggedResidual => ({
      wave: waves[t], term, estimate: est, se, z: est / se, p: 2 * normal.sf(Math.abs(est / se)), std,
    });
    residuals.push(
      resid(names.x, psi[0][0], psiSe[0][0], psi[0][0] / sigma[2 * t][2 * t]),
      resid(names.y, psi[1][1], psiSe[1][1], psi[1][1] / sigma[2 * t + 1][2 * t + 1]),
      resid(`${names.x}~~${names.y}`, psi[0][1], psiSe[0][1], psi[0][1] / Math.sqrt(psi[0][0] * psi[1][1])),
    );
  }

  const Sigma = matrixFromRows(sigma);
  if (!choleskyLower(Sigma) || !choleskyLower(S)) {
    throw new StatsError('Cross-lagged panel: the covariance matrix of the complete cases is singular (an outcome is constant or a wave duplicates another); the model cannot be fitted.');
  }
  const logDetS = logDeterminantSPD(S);
  const logDetSigma = logDeterminantSPD(Sigma);
  const SigmaInv = inverseSPD(Sigma);
  let tr = 0;
  for (let i = 0; i < p; i++) for (let k = 0; k < p; k++) tr += S.data[i + k * p] * SigmaInv.data[k + i * p];
  const chisq = Math.max(0, n * (logDetSigma - logDetS + tr - p));
  const parameters = 7 * (T - 1);
  const df = (p * (p + 1)) / 2 - 3 - parameters;
  // baseline: wave-1 block kept, everything else independent
  const logDetS1 = Math.log(S.data[0] * S.data[1 + p] - S.data[1] ** 2);
  let logDetBase = logDetS1;
  for (let i = 2; i < p; i++) logDetBase += Math.log(S.data[i + i * p]);
  const baselineChisq = n * (logDetBase - logDetS);
  const baselineDf = (p * (p + 1)) / 2 - 3 - (p - 2);
  const cfiDen = Math.max(baselineChisq - baselineDf, chisq - df, 0);
  const cfi = cfiDen === 0 ? 1 : 1 - Math.max(chisq - df, 0) / cfiDen;
  const tli = df > 0 ? (baselineChisq / baselineDf - chisq / df) / (baselineChisq / baselineDf - 1) : NaN;
  const rmsea = df > 0 ? Math.sqrt(Math.max(chisq - df, 0) / (df * n)) : 0;
  let srmrSum = 0;
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      const rs = S.data[i + j * p] / Math.sqrt(S.data[i + i * p] * S.data[j + j * p]);
      const rm = sigma[i][j] / Math.sqrt(sigma[i][i] * sigma[j][j]);
      srmrSum += (rs - rm) ** 2;
    }
  }
  const srmr = Math.sqrt(srmrSum / ((p * (p + 1)) / 2));
  // lavaan (fixed.x) reports the log-likelihood of the model's variables given the exogenous wave 1:
  // the joint normal log-likelihood minus that of the two wave-1 variables
  const unrestrictedLogLik = (-n / 2) * (p * Math.log(2 * Math.PI) + logDetS + p) + (n / 2) * (2 * Math.log(2 * Math.PI) + logDetS1 + 2);
  const logLik = unrestrictedLogLik - chisq / 2;
  const fit: CrossLaggedFit = {
    chisq, df, p: df > 0 ? chiSquared.sf(chisq, df) : NaN, cfi, tli, rmsea, srmr, baselineChisq, baselineDf,
    logLik, unrestrictedLogLik, aic: -2 * logLik + 2 * parameters, bic: -2 * logLik + parameters * Math.log(n), parameters,
  };
  return new CrossLaggedResult(paths, residuals, fit, names, waves, n, missing, level);
}
