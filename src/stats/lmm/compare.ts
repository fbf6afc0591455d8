/**
 * Comparing nested mixed models and a standardised effect size for the group × time difference.
 */
import { fmt, fmtCI, fmtP } from '../apa.js';
import { chiSquared } from '../distributions.js';
import { StatsError, type StatResult } from '../result.js';
import { fitLmm, type LmmOptions } from './fit.js';
import type { LmmResult } from './result.js';

/** Likelihood-ratio test between two nested models (lme4 `anova(m0, m1)`). */
export class LmmLikelihoodRatioResult implements StatResult {
  readonly method = 'Likelihood-ratio test of nested linear mixed models';
  constructor(
    /** The two models as compared (refitted by ML when `refitted`). */
    readonly models: [LmmResult, LmmResult],
    readonly refitted: boolean,
    readonly chiSquare: number,
    readonly df: number,
    readonly p: number,
  ) {}

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      refitted: this.refitted,
      criterion: this.refitted || !this.models[0].reml ? 'ML' : 'REML',
      models: this.models.map((m) => ({ formula: m.formulaText, nParameters: m.nParameters, logLik: m.logLik, AIC: m.AIC, BIC: m.BIC, deviance: -2 * m.logLik })),
      chiSquare: this.chiSquare,
      df: this.df,
      p: this.p,
    };
  }

  /** "χ²(1) = 10.49, p = .001 (ML)" */
  apa(): string {
    return `χ²(${this.df}) = ${fmt(this.chiSquare)}, ${fmtP(this.p)} (${this.refitted || !this.models[0].reml ? 'ML' : 'REML'} fits)`;
  }
}

/**
 * Likelihood-ratio test of `smaller` against `larger` (nested; same observations): χ² = 2(ℓ₁ − ℓ₀),
 * df = difference in the number of parameters. As lme4's `anova()` (default `refit = TRUE`), REML fits are
 * refitted by ML first; with `refit: false` REML criteria are compared, which is valid only when the fixed
 * effects are the same (refused otherwise). A variance tested at its boundary (e.g. a random slope) makes
 * the χ² p-value conservative (Self & Liang, 1987), as in lme4.
 *
 * @example
 * // group × time on the "missing_waves" case of tests/reference/lmm.json: lme4 anova χ²(1) = 5.352
 * lmmLikelihoodRatioTest(fitLmm(d, 'score ~ time + group + age + (1 + time | participant)'), m).chiSquare // 5.352
 */
export function lmmLikelihoodRatioTest(smaller: LmmResult, larger: LmmResult, options: { refit?: boolean } = {}): LmmLikelihoodRatioResult {
  if (smaller.n !== larger.n) {
    throw new StatsError(`The two models use different observations (${smaller.n} and ${larger.n}); a likelihood-ratio test needs the same rows (remove rows with missing values in either model's variables first).`);
  }
  let [m0, m1] = [smaller, larger];
  if (m0.nParameters > m1.nParameters) [m0, m1] = [m1, m0];
  const sameFixed = m0.coefficientNames.join('|') === m1.coefficientNames.join('|');
  const anyReml = m0.reml || m1.reml;
  let refitted = false;
  if (anyReml && (options.refit ?? true)) {
    const refit = (m: LmmResult) => (m.reml ? fitLmm(m.data, m.formula, { ...(m.options as LmmOptions), reml: false }) : m);
    m0 = refit(m0);
    m1 = refit(m1);
    refitted = true;
  } else if (anyReml && !sameFixed) {
    throw new StatsError('REML criteria of models with different fixed effects cannot be compared; refit by ML (the default).');
  } else if (m0.reml !== m1.reml) {
    throw new StatsError('One model is fitted by REML and the other by ML; use the same criterion.');
  }
  const df = m1.nParameters - m0.nParameters;
  if (df <= 0) throw new StatsError('The two models have the same number of parameters; they are not nested.');
  const chi = Math.max(0, 2 * (m1.logLik - m0.logLik));
  return new LmmLikelihoodRatioResult([m0, m1], refitted, chi, df, chiSquared.sf(chi, df));
}

/** Feingold's (2009) standardised mean difference for growth models. */
export interface LmmFeingoldResult extends StatResult {
  d: number;
  lower: number;
  upper: number;
  coefficient: string;
  duration: number;
  sd: number;
  sdSource: string;
}

/**
 * Feingold's (2009) effect size for a group × time interaction in a growth model, on the scale of Cohen's d:
 *
 *     d = b₁₁ · duration / SD_raw
 *
 * b₁₁ = the group × time coefficient (difference in slopes per time unit), duration = the length of the
 * study period in the same units, SD_raw = the raw SD of the outcome: given, or the pooled within-group
 * SD at baseline (the observations at the smallest value of `time`). The CI is the coefficient's CI
 * (Satterthwaite t) scaled the same way, treating SD_raw as known (Feingold, 2015). Feingold, A. (2009).
 * Effect sizes for growth-modeling analysis for controlled clinical trials in the same metric as for
 * classical analysis. Psychological Methods, 14(1), 43–53.
 *
 * @example
 * lmmFeingoldD(m, { coefficient: 'time:grouphomestart', duration: 18, time: 'time', group: 'group' }).d // −0.510 (same case)
 */
export function lmmFeingoldD(
  model: LmmResult,
  options: { coefficient: string; duration: number; sd?: number; time?: string; group?: string },
): LmmFeingoldResult {
  const a = model.coefficientNames.indexOf(options.coefficient);
  if (a < 0) throw new StatsError(`"${options.coefficient}" is not a coefficient of the model (${model.coefficientNames.join(', ')}).`);
  if (!(options.duration > 0)) throw new StatsError('The duration of the study period must be positive.');
  let sd = options.sd;
  let sdSource = 'given';
  if (sd === undefined) {
    if (!options.time || !options.group) throw new StatsError('Give `sd`, or `time` and `group` to compute the pooled within-group SD at baseline.');
    const tv = model.design.variableValues[options.time];
    const gv = model.design.variableValues[options.group];
    if (!tv || !gv || !model.design.factorLevels[options.group]) throw new StatsError(`"${options.time}" and "${options.group}" must be a numeric and a factor variable of the model.`);
    let t0 = Infinity;
    for (const t of tv) t0 = Math.min(t0, t);
    const by = new Map<number, number[]>();
    model.design.y.forEach((y, k) => {
      if (tv[k] !== t0) return;
      if (!by.has(gv[k])) by.set(gv[k], []);
      by.get(gv[k])!.push(y);
    });
    let ss = 0;
    let dfs = 0;
    for (const ys of by.values()) {
      if (ys.length < 2) continue;
      const m = ys.reduce((s, v) => s + v, 0) / ys.length;
      ss += ys.reduce((s, v) => s + (v - m) ** 2, 0);
      dfs += ys.length - 1;
    }
    if (dfs < 1) throw new StatsError('Too few baseline observations per group to compute the pooled SD.');
    sd = Math.sqrt(ss / dfs);
    sdSource = `pooled within-group SD at ${options.time} = ${t0}`;
  }
  if (!(sd > 0)) throw new StatsError('SD_raw must be positive.');
  const row = model.fixedEffects()[a];
  const k = options.duration / sd;
  const d = row.estimate * k;
  const lower = row.lower * k;
  const upper = row.upper * k;
  const level = model.level;
  const finalSd = sd;
  return {
    method: 'Feingold (2009) d for growth models: b × duration / SD_raw',
    d,
    lower,
    upper,
    coefficient: options.coefficient,
    duration: options.duration,
    sd: finalSd,
    sdSource,
    toJSON: () => ({ method: 'Feingold (2009) d', d, lower, upper, coefficient: options.coefficient, duration: options.duration, sd: finalSd, sdSource, level }),
    apa: () => `d_GMA = ${fmt(d)}, ${fmtCI(lower, upper, level)} (Feingold, 2009; ${options.coefficient} × ${options.duration} / SD ${fmt(finalSd)})`,
  };
}
