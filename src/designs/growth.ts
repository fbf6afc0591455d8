/**
 * Growth curves per group from the linear mixed model (all available waves; attrition allowed):
 * the model, the likelihood-ratio test of group × time, model-predicted means per group and wave,
 * change per period per group and its difference between groups (with Feingold's d), and predicted
 * trajectories with CI bands for a chart.
 */
import { fmt, fmtP, fmtDf } from '../stats/apa.js';
import { studentT } from '../stats/distributions.js';
import {
  fitLmm,
  lmmLikelihoodRatioTest,
  lmmPredict,
  parseLmmFormula,
  type LmmAnovaRow,
  type LmmFixedEffectRow,
  type LmmResult,
  type LmmVarianceComponent,
  type LmmCorrelation,
} from '../stats/lmm/index.js';
import { lmmDesignRow } from '../stats/lmm/model-matrix.js';
import { sd as sampleSd } from '../stats/moments.js';
import { label, type Lang } from '../charts/theme.js';
import { StatsError } from '../stats/result.js';

/** How time enters the fixed part of the model. */
export type GrowthTimeModel = 'linear' | 'quadratic' | 'piecewise' | 'categorical';

/** One observation: a participant's score at a wave, with its time (e.g. months since baseline). */
export interface GrowthObservation {
  participantId: string;
  group: string;
  wave: string;
  time: number;
  score: number;
  /** Numeric covariates (e.g. age, single_parent as 0/1), entered as fixed effects. */
  covariates?: Readonly<Record<string, number>>;
}

export interface GrowthModelOptions {
  /** Default 'linear'. */
  timeModel?: GrowthTimeModel;
  /** Time of the change of slope for 'piecewise' (default the time of the middle wave: T3 of five). */
  knot?: number;
  /** Reference group (treatment contrasts; default `control` when present, else the first group). */
  reference?: string;
  /** Groups in order (default in order of first appearance). */
  groups?: readonly string[];
  /** Numeric covariates to adjust for (names in `covariates` of the observations). */
  covariates?: readonly string[];
  /** Random part (default `(1 + time | participant)`; `'intercept'` for `(1 | participant)`). */
  random?: 'intercept-slope' | 'intercept';
  /** Periods as [from, to] wave labels for change per period (default none). */
  periods?: ReadonlyArray<readonly [string, string]>;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Name of the time unit for sentences (default "month"). */
  timeUnit?: string;
  /** Points of the predicted trajectory per group (default 25). */
  gridPoints?: number;
  /** Language of group names in sentences (default English). */
  lang?: Lang;
}

/** A model-predicted mean (estimated marginal mean) with Satterthwaite df and a t-based CI. */
export interface GrowthMeanRow {
  group: string;
  wave: string;
  time: number;
  estimate: number;
  se: number;
  df: number;
  lower: number;
  upper: number;
}

/** Model-estimated change over a period in one group. */
export interface GrowthChangeRow {
  group: string;
  period: string;
  from: string;
  to: string;
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  lower: number;
  upper: number;
}

/** Difference in model-estimated change over a period between a group and the reference group. */
export interface GrowthDifferenceRow extends GrowthChangeRow {
  reference: string;
  /** Feingold (2009) d: the difference in change divided by the pooled baseline SD (CI bounds divided likewise). */
  d: number;
  dLower: number;
  dUpper: number;
}

/** Likelihood-ratio test of nested models, both fitted by ML (as lme4 `anova(m0, m1)` refits them). */
export interface GrowthLrt {
  test: string;
  full: string;
  reduced: string;
  logLikFull: number;
  logLikReduced: number;
  chisq: number;
  df: number;
  p: number;
}

/** Result of {@link fitGrowthModel}. */
export interface GrowthModelResult {
  method: string;
  formula: string;
  timeModel: GrowthTimeModel;
  knot: number | null;
  reference: string;
  groups: string[];
  waves: string[];
  waveTimes: Record<string, number>;
  /** The REML fit. */
  model: LmmResult;
  fixedEffects: LmmFixedEffectRow[];
  anova: LmmAnovaRow[];
  varianceComponents: LmmVarianceComponent[];
  correlations: LmmCorrelation[];
  lrt: GrowthLrt;
  means: GrowthMeanRow[];
  changes: GrowthChangeRow[];
  differences: GrowthDifferenceRow[];
  /** Predicted trajectories on a grid of times, per group, with CI bands (covariates at their means). */
  trajectories: Array<{ group: string; time: number; estimate: number; lower: number; upper: number }>;
  nObservations: number;
  nParticipants: Record<string, number>;
  /** Pooled SD of the observed baseline scores (Feingold's denominator). */
  baselineSd: number;
  covariateMeans: Record<string, number>;
  level: number;
  singular: boolean;
  converged: boolean;
  notes: string[];
  sentences: string[];
  toJSON(): Record<string, unknown>;
  apa(): string;
}

function timeFormula(timeModel: GrowthTimeModel): { fixed: string; reduced: string } {
  switch (timeModel) {
    case 'linear':
      return { fixed: 'time * group', reduced: 'time + group' };
    case 'quadratic':
      return { fixed: '(time + I(time^2)) * group', reduced: 'time + I(time^2) + group' };
    case 'piecewise':
      return { fixed: '(time1 + time2) * group', reduced: 'time1 + time2 + group' };
    case 'categorical':
      return { fixed: 'wave * group', reduced: 'wave + group' };
    default:
      throw new StatsError(`Growth model: time model must be linear, quadratic, piecewise or categorical (got "${String(timeModel)}").`);
  }
}

/**
 * Fits the growth model of a several-waves design by REML on every available observation:
 *
 *   score ~ f(time) * group + covariates + (1 + time | participant)
 *
 * with f(time) = time (linear), time + time² (quadratic), time₁ + time₂ (piecewise: time₁ = min(time, k),
 * time₂ = max(time − k, 0), so the two slopes are the change per unit before and after the knot k — the
 * intervention and follow-up periods of the 2013/2015 designs) or the wave as a factor (categorical).
 * Group enters with treatment contrasts against `reference`. Fitting: `fitLmm` (lme4-compatible REML,
 * Satterthwaite df as lmerTest).
 *
 * - **Group × time**: likelihood-ratio test of the model against the same model without the group ×
 *   time terms, both fitted by ML ({@link lmmLikelihoodRatioTest}, lme4 `anova(m0, m1)`): χ² = 2(ℓ₁ − ℓ₀),
 *   df = difference in parameters. The type III F tests (lmerTest `anova`) are given too.
 * - **Estimated means** per group and wave ({@link lmmPredict}): x'β̂ at the wave's time with covariates at
 *   their means over the observations, SE √(x'V̂x), Satterthwaite df, t-based CI (emmeans with `at`).
 * - **Change per period** per group: (x_to − x_from)'β̂, and the **difference in change** between each
 *   group and the reference, with t tests on Satterthwaite df; standardised as Feingold (2009):
 *   d = difference in change / SD_baseline, SD_baseline the pooled SD of the observed baseline scores of
 *   the two groups (CI: the bounds divided by the same SD). This is {@link lmmFeingoldD} generalised from one
 *   group × time coefficient times a duration to the contrast over any period (needed for piecewise and
 *   categorical time); deliberate difference: the SD pools the two groups compared, not every group.
 * - **Trajectories**: predicted means on a grid of times with pointwise CIs, for the growth-curve chart.
 *
 * @throws StatsError for fewer than 2 groups or waves, unknown reference group, or a model the LMM refuses (named).
 *
 * @example
 * const g = fitGrowthModel(observations, { timeModel: 'piecewise', knot: 6, periods: [['T1', 'T3'], ['T3', 'T5']] });
 * g.lrt.df; // 4 for three groups (2 group × time1 + 2 group × time2 terms)
 */
export function fitGrowthModel(observations: readonly GrowthObservation[], options: GrowthModelOptions = {}): GrowthModelResult {
  const level = options.level ?? 0.95;
  const timeModel = options.timeModel ?? 'linear';
  const covs = [...(options.covariates ?? [])];
  if (observations.length === 0) throw new StatsError('Growth model: there are no observations.');
  const groups = options.groups ? [...options.groups] : [...new Set(observations.map((o) => o.group))];
  if (groups.length < 2) throw new StatsError(`Growth model: needs at least two groups (got ${groups.join(', ')}).`);
  const reference = options.reference ?? (groups.includes('control') ? 'control' : groups[0]);
  if (!groups.includes(reference)) throw new StatsError(`Growth model: the reference group "${reference}" is not among the groups (${groups.join(', ')}).`);
  const obs = observations.filter((o) => groups.includes(o.group) && Number.isFinite(o.score) && Number.isFinite(o.time));
  // wave times: the median time of the observations at each wave
  const waves: string[] = [];
  const timesAt = new Map<string, number[]>();
  for (const o of [...obs].sort((a, b) => a.time - b.time)) {
    if (!timesAt.has(o.wave)) {
      timesAt.set(o.wave, []);
      waves.push(o.wave);
    }
    timesAt.get(o.wave)!.push(o.time);
  }
  if (waves.length < 2) throw new StatsError(`Growth model: needs at least two waves (got ${waves.join(', ') || 'none'}).`);
  const waveTimes: Record<string, number> = {};
  for (const w of waves) {
    const t = timesAt.get(w)!.sort((a, b) => a - b);
    const m = t.length >> 1;
    waveTimes[w] = t.length % 2 ? t[m] : (t[m - 1] + t[m]) / 2;
  }
  const knot = timeModel === 'piecewise' ? (options.knot ?? waveTimes[waves[Math.ceil((waves.length - 1) / 2)]]) : null;
  if (knot !== null && !(knot > waveTimes[waves[0]] && knot < waveTimes[waves[waves.length - 1]])) {
    throw new StatsError(`Growth model: the piecewise knot (${knot}) must lie strictly between the first (${waveTimes[waves[0]]}) and last (${waveTimes[waves[waves.length - 1]]}) wave times.`);
  }
  const covariateMeans: Record<string, number> = {};
  const rows = obs.map((o) => {
    const r: Record<string, number | string> = { score: o.score, time: o.time, group: o.group, wave: o.wave, participant: o.participantId };
    if (knot !== null) {
      r.time1 = Math.min(o.time, knot);
      r.time2 = Math.max(o.time - knot, 0);
    }
    for (const c of covs) {
      const v = o.covariates?.[c];
      r[c] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    }
    return r;
  });
  for (const c of covs) {
    const v = rows.map((r) => r[c] as number).filter(Number.isFinite);
    if (v.length === 0) throw new StatsError(`Growth model: covariate "${c}" has no values.`);
    covariateMeans[c] = v.reduce((s, x) => s + x, 0) / v.length;
  }
  const tf = timeFormula(timeModel);
  const random = options.random === 'intercept' ? '(1 | participant)' : '(1 + time | participant)';
  const covText = covs.length ? ` + ${covs.join(' + ')}` : '';
  const formula = `score ~ ${tf.fixed}${covText} + ${random}`;
  const reducedFormula = `score ~ ${tf.reduced}${covText} + ${random}`;
  const factors = { group: { levels: groups, reference }, ...(timeModel === 'categorical' ? { wave: { levels: waves } } : {}) };
  const model = fitLmm(rows, parseLmmFormula(formula), { factors, level });
  // group × time: both models fitted by ML (lme4 anova(m0, m1) refits REML fits the same way)
  const test = lmmLikelihoodRatioTest(
    fitLmm(rows, parseLmmFormula(reducedFormula), { factors, level, reml: false }),
    fitLmm(rows, parseLmmFormula(formula), { factors, level, reml: false }),
  );
  const lrt: GrowthLrt = {
    test: 'group × time', full: formula, reduced: reducedFormula, logLikFull: test.models[1].logLik, logLikReduced: test.models[0].logLik,
    chisq: test.chiSquare, df: test.df, p: test.p,
  };

  const values = (group: string, time: number, wave?: string): Record<string, number | string> => {
    const v: Record<string, number | string> = { group, time, ...covariateMeans };
    if (knot !== null) {
      v.time1 = Math.min(time, knot);
      v.time2 = Math.max(time - knot, 0);
    }
    if (wave !== undefined) v.wave = wave;
    return v;
  };
  const q = (df: number) => studentT.quantile(1 - (1 - level) / 2, df);
  const means: GrowthMeanRow[] = [];
  for (const g of groups) {
    const pr = lmmPredict(model, waves.map((w) => values(g, waveTimes[w], w)), { level });
    pr.forEach((c, k) => means.push({ group: g, wave: waves[k], time: waveTimes[waves[k]], estimate: c.estimate, se: c.se, df: c.df, lower: c.lower, upper: c.upper }));
  }
  const periods = (options.periods ?? []).map(([a, b]) => {
    if (!waves.includes(a) || !waves.includes(b)) throw new StatsError(`Growth model: period ${a}–${b} uses a wave without observations (${waves.join(', ')}).`);
    return [a, b] as const;
  });
  const changeL = (g: string, a: string, b: string) => {
    const xa = lmmDesignRow(model.design, values(g, waveTimes[a], a));
    const xb = lmmDesignRow(model.design, values(g, waveTimes[b], b));
    return xb.map((v, k) => v - xa[k]);
  };
  const testRow = (l: Float64Array) => {
    const c = model.contrast(l);
    const t = c.estimate / c.se;
    return { estimate: c.estimate, se: c.se, df: c.df, t, p: 2 * studentT.sf(Math.abs(t), c.df), lower: c.estimate - q(c.df) * c.se, upper: c.estimate + q(c.df) * c.se };
  };
  const changes: GrowthChangeRow[] = [];
  const differences: GrowthDifferenceRow[] = [];
  const base = waves[0];
  const baseScores = (g: string) => obs.filter((o) => o.group === g && o.wave === base).map((o) => o.score);
  const pooledSd = (a: number[], b: number[]) => Math.sqrt(((a.length - 1) * sampleSd(a) ** 2 + (b.length - 1) * sampleSd(b) ** 2) / (a.length + b.length - 2));
  for (const [a, b] of periods) {
    for (const g of groups) changes.push({ group: g, period: `${a}–${b}`, from: a, to: b, ...testRow(changeL(g, a, b)) });
    for (const g of groups) {
      if (g === reference) continue;
      const lg = changeL(g, a, b);
      const lr = changeL(reference, a, b);
      const r = testRow(lg.map((v, k) => v - lr[k]));
      const s = pooledSd(baseScores(g), baseScores(reference));
      differences.push({ group: g, reference, period: `${a}–${b}`, from: a, to: b, ...r, d: r.estimate / s, dLower: r.lower / s, dUpper: r.upper / s });
    }
  }
  const baselineSd = pooledSd(baseScores(groups.find((g) => g !== reference)!), baseScores(reference));
  const gridN = Math.max(2, options.gridPoints ?? 25);
  const t0 = waveTimes[waves[0]];
  const t1 = waveTimes[waves[waves.length - 1]];
  const grid = new Set<number>(Array.from({ length: gridN }, (_, i) => t0 + ((t1 - t0) * i) / (gridN - 1)));
  for (const w of waves) grid.add(waveTimes[w]);
  if (knot !== null) grid.add(knot);
  const gridTimes = [...grid].sort((a, b) => a - b);
  const trajectories: GrowthModelResult['trajectories'] = [];
  if (timeModel === 'categorical') {
    for (const m of means) trajectories.push({ group: m.group, time: m.time, estimate: m.estimate, lower: m.lower, upper: m.upper });
  } else {
    for (const g of groups) {
      for (const c of lmmPredict(model, gridTimes.map((t) => values(g, t)), { level })) {
        trajectories.push({ group: g, time: c.values.time as number, estimate: c.estimate, lower: c.lower, upper: c.upper });
      }
    }
  }
  const nParticipants: Record<string, number> = {};
  for (const g of groups) nParticipants[g] = new Set(obs.filter((o) => o.group === g).map((o) => o.participantId)).size;
  const notes: string[] = [];
  if (!model.converged) notes.push(`The mixed model ${model.convergenceMessage}.`);
  if (model.singular) notes.push(`Singular fit: ${model.singularMessages.join(' ')}`);
  const unit = options.timeUnit ?? 'month';
  const timeText =
    timeModel === 'piecewise'
      ? `piecewise linear time (slope change at ${knot} ${unit}s)`
      : timeModel === 'quadratic'
        ? `quadratic time (${unit}s)`
        : timeModel === 'categorical'
          ? 'time as a factor (waves)'
          : `linear time (${unit}s)`;
  const method = `Linear mixed model (REML, lme4-compatible; Satterthwaite df) on all available observations: ${timeText} × group${covs.length ? ` + ${covs.join(', ')}` : ''}, random intercept${options.random === 'intercept' ? '' : ' and time slope'} per participant`;
  const sentences: string[] = [];
  sentences.push(
    `Group × time (likelihood-ratio test, ML): χ²(${lrt.df}) = ${fmt(lrt.chisq)}, ${fmtP(lrt.p)}; ${model.n} observations of ${Object.values(nParticipants).reduce((s, x) => s + x, 0)} participants (everyone with at least one wave).`,
  );
  for (const r of differences) {
    sentences.push(
      `${r.period}: change in ${label(r.group, options.lang ?? 'en')} minus change in ${label(r.reference, options.lang ?? 'en')} = ${fmt(r.estimate)}, t(${fmtDf(Number(r.df.toFixed(2)))}) = ${fmt(r.t)}, ${fmtP(r.p)}, d = ${fmt(r.d)}, ${Math.round(level * 100)}% CI [${fmt(r.dLower)}, ${fmt(r.dUpper)}].`,
    );
  }
  if (model.singular) sentences.push(`The random-effects fit is singular: ${model.singularMessages.join(' ')}`);
  const result: GrowthModelResult = {
    method, formula, timeModel, knot, reference, groups, waves, waveTimes, model,
    fixedEffects: model.fixedEffects(), anova: model.anova(), varianceComponents: model.varianceComponents(), correlations: model.correlations(),
    lrt, means, changes, differences, trajectories, nObservations: model.n, nParticipants, baselineSd, covariateMeans, level,
    singular: model.singular, converged: model.converged, notes, sentences,
    toJSON() {
      const { model: _m, toJSON: _t, apa: _a, ...rest } = result;
      return { ...rest, model: model.toJSON() };
    },
    apa() {
      return sentences.join(' ');
    },
  };
  return result;
}
