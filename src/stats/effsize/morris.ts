/**
 * Pre–post–control effect size d_ppc2 (Morris, 2008).
 */
import { normal } from '../distributions.js';
import { mean, sd } from '../moments.js';
import { StatsError, completePairs, type NumericInput } from '../result.js';
import { EffectSizeResult, checkEffectSizeLevel } from './result.js';

/** Group summaries as published in a paper (means, pre-test SD, n). */
export interface PrePostGroupSummary {
  meanPre: number;
  meanPost: number;
  sdPre: number;
  n: number;
}

export interface MorrisOptions {
  /** Confidence level (default 0.95). */
  level?: number;
  /**
   * Population pre–post correlation ρ used in the variance (Morris eq. 25). With raw data the default is
   * the pooled within-group pre–post correlation; with summary data it is required.
   */
  rho?: number;
}

const CI_METHOD = 'normal approximation with the variance of Morris (2008, eq. 25)';

/**
 * d_ppc2 from group summaries (e.g. a published table):
 *
 *   d_ppc2 = c_p · [(M_post,T − M_pre,T) − (M_post,C − M_pre,C)] / SD_pre,pooled,
 *   SD_pre,pooled = √[((n_T−1)SD²_pre,T + (n_C−1)SD²_pre,C) / (n_T+n_C−2)],
 *   c_p = 1 − 3/(4(n_T+n_C−2) − 1)                                   (Morris, 2008, eqs. 8–10),
 *
 *   σ²(d_ppc2) = 2c_p²(1−ρ)·((n_T+n_C)/(n_T n_C))·((n_T+n_C−2)/(n_T+n_C−4))·(1 + δ²/(2(1−ρ)(n_T+n_C)/(n_T n_C))) − δ²
 *                                                                    (Morris, 2008, eq. 25),
 * with δ estimated by d_ppc2. CI: d_ppc2 ± z(1−α/2)·σ. Needs n_T + n_C > 4 and −1 < ρ < 1.
 *
 * Checked against Morris's (2008) worked example (Carlson & Schmidt, 1999, five training studies): study 5 gives
 * d_ppc2 = 0.44 as in Morris's Table 5 (quoted by the metafor project's reproduction); the variances are checked
 * against eq. 25 evaluated in R (tests/reference/effsize.R), not against the printed Table 5 column.
 *
 * @example
 * morrisDppc2Summary({ meanPre: 35.6, meanPost: 36.0, sdPre: 4.7, n: 14 },
 *                    { meanPre: 34.8, meanPost: 33.4, sdPre: 3.1, n: 14 }, { rho: 0.44 }).estimate // 0.43896 (Morris 2008, Table 5: 0.44)
 */
export function morrisDppc2Summary(
  treatment: PrePostGroupSummary,
  control: PrePostGroupSummary,
  options: MorrisOptions & { rho: number },
): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'Morris d_ppc2');
  const rho = options.rho;
  const nT = treatment.n;
  const nC = control.n;
  if (!(nT >= 2 && nC >= 2 && nT + nC > 4)) {
    throw new StatsError(`Morris d_ppc2 needs at least 2 participants per group and more than 4 in total (got n_T = ${nT}, n_C = ${nC}).`);
  }
  if (!(rho > -1 && rho < 1)) throw new StatsError(`Morris d_ppc2: the pre–post correlation ρ must be strictly between −1 and 1 (got ${rho}).`);
  const sdPool = Math.sqrt(((nT - 1) * treatment.sdPre ** 2 + (nC - 1) * control.sdPre ** 2) / (nT + nC - 2));
  if (!(sdPool > 0)) throw new StatsError('Morris d_ppc2 is undefined: the pooled pre-test SD is 0.');
  const cp = 1 - 3 / (4 * (nT + nC - 2) - 1);
  const rawDiff = treatment.meanPost - treatment.meanPre - (control.meanPost - control.meanPre);
  const d = (cp * rawDiff) / sdPool;
  const k = (nT + nC) / (nT * nC);
  const variance =
    2 * cp * cp * (1 - rho) * k * ((nT + nC - 2) / (nT + nC - 4)) * (1 + (d * d) / (2 * (1 - rho) * k)) - d * d;
  const z = normal.quantile(1 - (1 - level) / 2, 0, 1);
  const se = Math.sqrt(variance);
  return new EffectSizeResult({
    method: 'Morris d_ppc2 (pre–post–control, pooled pre-test SD)',
    measure: 'd_ppc2',
    symbol: 'd_ppc2',
    estimate: d,
    ci: { lower: d - z * se, upper: d + z * se, level, method: CI_METHOD },
    n: { nTreatment: nT, nControl: nC },
    missing: 0,
    missingHandling: 'none',
    details: { cp, sdPrePooled: sdPool, rawDifferenceInChange: rawDiff, rho, variance, se },
  });
}

/**
 * d_ppc2 (Morris, 2008) from raw pre/post scores of a treatment and a control group; see
 * {@link morrisDppc2Summary} for the formulas. Participants missing pre or post are dropped (listwise per group).
 * ρ defaults to the pooled within-group pre–post correlation
 * r = Σ_g Σ_i (pre − M_pre,g)(post − M_post,g) / √(Σ_g SS_pre,g · Σ_g SS_post,g); pass `rho` to use another value.
 * Checked against the same formulas evaluated in R on raw data (tests/reference/effsize.R).
 *
 * @example
 * morrisDppc2({ preT: [10, 12, 14, 16], postT: [14, 15, 19, 20], preC: [11, 13, 15, 17], postC: [12, 13, 17, 18] }).estimate
 * // 1.0103 (raw change difference 3, pooled pre SD 2.582, c_p = 0.8696)
 */
export function morrisDppc2(
  data: { preT: NumericInput; postT: NumericInput; preC: NumericInput; postC: NumericInput },
  options: MorrisOptions = {},
): EffectSizeResult {
  const t = completePairs(data.preT, data.postT, 'Morris d_ppc2 (treatment group)');
  const c = completePairs(data.preC, data.postC, 'Morris d_ppc2 (control group)');
  if (t.x.length < 2 || c.x.length < 2) {
    throw new StatsError(`Morris d_ppc2 needs at least 2 complete pre–post pairs per group (got ${t.x.length} and ${c.x.length}).`);
  }
  let rho = options.rho;
  if (rho === undefined) {
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const g of [t, c]) {
      const mx = mean(g.x);
      const my = mean(g.y);
      for (let i = 0; i < g.x.length; i++) {
        sxy += (g.x[i] - mx) * (g.y[i] - my);
        sxx += (g.x[i] - mx) ** 2;
        syy += (g.y[i] - my) ** 2;
      }
    }
    rho = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
    if (Number.isNaN(rho)) throw new StatsError('Morris d_ppc2: the pre–post correlation is undefined (zero variance at pre or post); pass `rho`.');
  }
  const summary = (g: { x: Float64Array; y: Float64Array }): PrePostGroupSummary => ({
    meanPre: mean(g.x),
    meanPost: mean(g.y),
    sdPre: sd(g.x),
    n: g.x.length,
  });
  const res = morrisDppc2Summary(summary(t), summary(c), { ...options, rho });
  return new EffectSizeResult({
    method: res.method,
    measure: res.measure,
    symbol: res.symbol,
    estimate: res.estimate,
    ci: res.ci,
    n: res.n,
    missing: t.missing + c.missing,
    missingHandling: 'listwise',
    details: { ...res.details, rhoSource: options.rho === undefined ? 'pooled within-group correlation' : 'user' },
  });
}
