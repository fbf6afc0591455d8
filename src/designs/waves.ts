/**
 * Several waves, several groups (the designs of Deković et al. 2010 and Hermanns et al. 2013).
 */
import type { ScoreRow } from '../data/types.js';
import { defaultInstruments } from '../instruments/registry.js';
import { fmt, fmtP } from '../stats/apa.js';
import { describe } from '../stats/descriptives.js';
import { repeatedMeasuresD } from '../stats/effsize/paired.js';
import { mixedAnova, type MixedAnovaResult } from '../stats/mixed-anova.js';
import { StatsError } from '../stats/result.js';
import { tTestPaired } from '../stats/ttest.js';
import { interactionPlot, trajectoryPlot } from '../charts/builders.js';
import { growthCurvePlot, spaghettiPlot } from '../charts/longitudinal.js';
import { label } from '../charts/theme.js';
import { analyzeAttrition, type AttritionAnalysis } from './attrition.js';
import { fitGrowthModel, type GrowthModelResult, type GrowthObservation, type GrowthTimeModel } from './growth.js';
import {
  attempt,
  covariateAt,
  groupsInData,
  outcomeDefinition,
  outcomeKey,
  outcomeLabel,
  participantScores,
  participantsPerGroup,
  resolveOutcomes,
  scoreAt,
  slug,
  wavesInData,
  type ParticipantScores,
} from './data.js';
import { attritionTable, groupWaveMeans } from './control.js';
import { chartDisclosure, defaultChartOutcomes, type DesignOptionsBase } from './prepost.js';
import type { DisclosureOptions } from '../charts/builders.js';
import { DesignResult, type DesignChart, type DesignTable } from './result.js';

/**
 * A replacement for the default longitudinal model ({@link fitGrowthModel}): receives every available
 * observation (all waves, incomplete participants included) of one outcome, with its time, and returns a
 * result stored (as JSON) in `WavesOutcome.longitudinal`.
 */
export type LongitudinalModelHook = (input: {
  outcome: string;
  /** One row per participant × wave with a score; `time` on the study's time scale (see `WavesOptions.schedule`). */
  observations: Array<{ participantId: string; group: string; wave: string; waveIndex: number; time: number; score: number }>;
  groups: string[];
  waves: string[];
}) => { method: string; toJSON(): Record<string, unknown>; apa(): string };

/** Where the time of an observation comes from. */
export type WavesTimeSource = 'schedule' | 'dates' | 'wave-number';

export interface WavesOptions extends DesignOptionsBase {
  /** Groups (default every group in the data: homestart, control, norm, others). */
  groups?: readonly string[];
  /** Waves (default every wave in the data, in order). */
  waves?: readonly string[];
  /**
   * Periods of change as [from, to] wave pairs; default first → middle, middle → last and first → last
   * (middle = wave number ⌈(k − 1)/2⌉ + 1: T1–T3, T3–T5 and T1–T5 for five waves; T1–T3, T3–T4, T1–T4 for four).
   */
  periods?: ReadonlyArray<readonly [string, string]>;
  /**
   * The study's wave schedule: months since baseline per wave, e.g. `{ T1: 0, T2: 3, T3: 6, T4: 12, T5: 18 }`.
   * Default: months since the participant's first wave from the observation dates when every observation has
   * a date, else the wave number − 1 (equally spaced; the methods note says so).
   */
  schedule?: Readonly<Record<string, number>>;
  /** Time in the growth model: linear (default), quadratic, piecewise (slope change at `knot`) or categorical (wave as a factor). */
  timeModel?: GrowthTimeModel;
  /** The wave at which the piecewise slope changes (default the middle wave: T3 of five). */
  knot?: string;
  /** Baseline covariates (numeric or yes/no) added to the growth model, e.g. `['age', 'single_parent']`; default none. */
  covariates?: readonly string[];
  /** Fit the linear mixed model (default true); false leaves only the descriptive and complete-case analyses. */
  longitudinal?: boolean;
  /** Replaces the default growth model by another longitudinal model (see {@link LongitudinalModelHook}). */
  longitudinalModel?: LongitudinalModelHook;
}

export interface WavesDescriptiveRow {
  outcome: string;
  label: string;
  group: string;
  wave: string;
  n: number;
  mean: number;
  sd: number;
  ciLower: number;
  ciUpper: number;
}

export interface WavesPeriodRow {
  outcome: string;
  label: string;
  group: string;
  period: string;
  from: string;
  to: string;
  /** Participants with a score at both waves of the period. */
  n: number;
  meanChange: number;
  changeLower: number;
  changeUpper: number;
  t: number;
  df: number;
  p: number;
  dz: number;
  dzLower: number;
  dzUpper: number;
  error?: string;
}

export interface WavesMixedRow {
  outcome: string;
  label: string;
  /** Participants with every wave (analysed) and without (excluded). */
  n: number;
  nExcluded: number;
  groupF: number;
  groupDf1: number;
  groupDf2: number;
  groupP: number;
  /** Time and group × time with Greenhouse–Geisser corrected df and p (uncorrected when k = 2). */
  timeF: number;
  timeDf1: number;
  timeDf2: number;
  timeP: number;
  interactionF: number;
  interactionDf1: number;
  interactionDf2: number;
  interactionP: number;
  ggEpsilon: number;
  error?: string;
}

export interface WavesOutcome {
  outcome: string;
  label: string;
  descriptives: WavesDescriptiveRow[];
  periods: WavesPeriodRow[];
  /** Mixed ANOVA on complete cases only (participants with every wave; `nExcluded` dropped). */
  mixed: WavesMixedRow;
  /** The growth model (linear mixed model on all available waves), or null when not fitted (see `notes`). */
  growth: GrowthModelResult | null;
  /** JSON of the longitudinal model (the growth model or a supplied hook's result), or null. */
  longitudinal: Record<string, unknown> | null;
}

/** Default periods: first → middle, middle → last, first → last. */
export function defaultPeriods(waves: readonly string[]): Array<[string, string]> {
  const k = waves.length;
  if (k < 2) return [];
  if (k === 2) return [[waves[0], waves[1]]];
  const mid = waves[Math.ceil((k - 1) / 2)];
  return [
    [waves[0], mid],
    [mid, waves[k - 1]],
    [waves[0], waves[k - 1]],
  ];
}

function mixedRow(key: string, lbl: string, m: MixedAnovaResult): WavesMixedRow {
  const g = m.row('group');
  const t = m.row('time');
  const gt = m.row('group × time');
  const err = (r: typeof g) => m.table.find((x) => x.term === r.errorTerm)!.df;
  const k = m.timeNames.length;
  const gg = k > 2 && t.ggEpsilon !== undefined;
  return {
    outcome: key, label: lbl, n: m.n, nExcluded: m.nExcluded,
    groupF: g.F, groupDf1: g.df, groupDf2: err(g), groupP: g.p,
    timeF: t.F, timeDf1: gg ? t.ggDf1! : t.df, timeDf2: gg ? t.ggDf2! : err(t), timeP: gg ? t.ggP! : t.p,
    interactionF: gt.F, interactionDf1: gg ? gt.ggDf1! : gt.df, interactionDf2: gg ? gt.ggDf2! : err(gt), interactionP: gg ? gt.ggP! : gt.p,
    ggEpsilon: gg ? t.ggEpsilon! : 1,
  };
}

/**
 * Several waves and groups, one block per outcome (Deković et al., 2010; Hermanns et al., 2013 designs).
 *
 * - **Linear mixed model** (the primary analysis; {@link fitGrowthModel}) on every available observation,
 *   so participants who dropped out stay in: score ~ time × group (+ covariates) + (1 + time | participant),
 *   REML, lme4-compatible, Satterthwaite df; time from the declared `schedule`, else from the dates, else the
 *   wave number; linear, quadratic, piecewise (slope change at `knot`) or categorical. Reported: the
 *   likelihood-ratio test of group × time (ML refits), fixed effects, type III F tests, variance components,
 *   model-estimated means per group and wave, change per period per group and its difference from the
 *   reference group with Feingold's d, and growth-curve and spaghetti charts.
 * - **Descriptives** per group × wave with the n at that wave (attrition visible): M, SD and the t-based
 *   CI of the mean (`describe`).
 * - **Change per period** per group (default T1–T3, T3–T5, T1–T5 for five waves): paired t-test on the
 *   participants with both waves (`tTestPaired`, R `t.test(paired = TRUE)`) and d_z with its
 *   noncentral-t CI (`repeatedMeasuresD(…, { method: 'z' })`). Each period uses every participant present
 *   at both of its waves (pairwise over periods, listwise within a period).
 * - **Mixed ANOVA** group × time on the participants with every wave (`mixedAnova`, type III SS,
 *   Greenhouse–Geisser corrected df and p for time and group × time; R `car::Anova(type = 3)`), with the
 *   number excluded for a missing wave. Under attrition this analyses completers only; it is kept,
 *   labelled complete-case with the number dropped, for comparison with publications that used it.
 * - **Attrition**: participants per group and wave, patterns of missing waves, completers versus dropouts
 *   at baseline ({@link analyzeAttrition}) and what the MAR assumption means.
 *
 * Checked against R (tests/reference/designs.R: `t.test`, `car::Anova` with GG; tests/reference/growth.R:
 * lme4, lmerTest, emmeans) on `synthetic-2013-fivewaves.csv`.
 *
 * @example
 * const r = analyzeWaves(scores, { outcomes: ['psoc:total'] });
 * // scores: synthetic-2013-fivewaves.csv loaded and scored
 * r.outcomes[0].periods.map((p) => `${p.group} ${p.period}`).slice(0, 4); // ['homestart T1–T3', 'homestart T3–T5', 'homestart T1–T5', 'control T1–T3']
 * r.outcomes[0].mixed.nExcluded; // 42 participants without all five waves
 */
export function analyzeWaves(scores: readonly ScoreRow[], options: WavesOptions = {}): DesignResult<WavesOutcome> {
  const registry = options.instruments ?? defaultInstruments();
  const level = options.level ?? 0.95;
  const lang = options.lang ?? 'en';
  const present = groupsInData(scores);
  const groups = options.groups ? [...options.groups] : present;
  for (const g of groups) if (!present.includes(g)) throw new StatsError(`Waves analysis: no participants in group "${g}" (groups: ${present.join(', ')}).`);
  const allWaves = wavesInData(scores);
  const waves = options.waves ? [...options.waves] : allWaves;
  for (const w of waves) if (!allWaves.includes(w)) throw new StatsError(`Waves analysis: wave ${w} is not in the data (waves: ${allWaves.join(', ')}).`);
  if (waves.length < 2) throw new StatsError(`Waves analysis: needs at least two waves (got ${waves.join(', ') || 'none'}).`);
  const periods = (options.periods ?? defaultPeriods(waves)).map(([a, b]) => {
    if (!waves.includes(a) || !waves.includes(b)) throw new StatsError(`Waves analysis: period ${a}–${b} uses a wave that is not analysed (${waves.join(', ')}).`);
    return [a, b] as [string, string];
  });
  const data = scores.filter((s) => groups.includes(s.group) && waves.includes(s.wave));
  const outcomes = resolveOutcomes(data, registry, options.outcomes);
  const chartKeys = defaultChartOutcomes(outcomes, options.chartOutcomes, registry).map(outcomeKey);
  const result: WavesOutcome[] = [];
  const charts: DesignChart[] = [];
  const notes: string[] = [];
  const fitModel = options.longitudinal !== false || options.longitudinalModel !== undefined;
  const timeModel = options.timeModel ?? 'linear';
  const { timeOf, source: timeSource, waveTime } = waveTimes(data, waves, options.schedule);
  const timeUnit = timeSource === 'wave-number' ? 'wave' : 'month';
  const timeTitle = timeSource === 'wave-number' ? (lang === 'nl' ? 'Meting (nummer − 1)' : 'Wave (number − 1)') : undefined;
  if (options.knot !== undefined && !waves.includes(options.knot)) throw new StatsError(`Waves analysis: the piecewise knot ${options.knot} is not one of the waves (${waves.join(', ')}).`);

  for (const o of outcomes) {
    const key = outcomeKey(o);
    outcomeDefinition(o, registry);
    const lbl = outcomeLabel(o, registry, lang);
    const people = participantScores(data, o);
    const descriptives: WavesDescriptiveRow[] = [];
    for (const g of groups) {
      for (const w of waves) {
        const d = describe(people.filter((p) => p.group === g).map((p) => scoreAt(p, w)), { level });
        descriptives.push({ outcome: key, label: lbl, group: g, wave: w, n: d.n, mean: d.mean, sd: d.sd, ciLower: d.ci.lower, ciUpper: d.ci.upper });
      }
    }
    const periodRows: WavesPeriodRow[] = [];
    for (const g of groups) {
      const gp = people.filter((p) => p.group === g);
      for (const [a, b] of periods) {
        const x = gp.map((p) => scoreAt(p, a));
        const y = gp.map((p) => scoreAt(p, b));
        const row: WavesPeriodRow = {
          outcome: key, label: lbl, group: g, period: `${a}–${b}`, from: a, to: b,
          n: x.filter((v, i) => Number.isFinite(v) && Number.isFinite(y[i])).length,
          meanChange: NaN, changeLower: NaN, changeUpper: NaN, t: NaN, df: NaN, p: NaN, dz: NaN, dzLower: NaN, dzUpper: NaN,
        };
        const tt = attempt(() => tTestPaired(y, x, { confLevel: level, effectSize: false }));
        if (tt.error !== undefined) row.error = tt.error;
        else Object.assign(row, { meanChange: tt.value.meanX, changeLower: tt.value.ci!.lower, changeUpper: tt.value.ci!.upper, t: tt.value.statistic, df: tt.value.df, p: tt.value.p });
        const dz = attempt(() => repeatedMeasuresD(y, x, { method: 'z', level }));
        if (dz.value) Object.assign(row, { dz: dz.value.estimate, dzLower: dz.value.ci!.lower, dzUpper: dz.value.ci!.upper });
        periodRows.push(row);
      }
    }
    const mx = attempt(() => mixedAnova({ group: people.map((p) => p.group), waves: waves.map((w) => people.map((p) => scoreAt(p, w))) }, { levels: groups, timeNames: waves }));
    let mixed: WavesMixedRow;
    if (mx.error !== undefined) {
      const nan = NaN;
      mixed = {
        outcome: key, label: lbl, n: 0, nExcluded: people.length, groupF: nan, groupDf1: nan, groupDf2: nan, groupP: nan, timeF: nan, timeDf1: nan, timeDf2: nan, timeP: nan,
        interactionF: nan, interactionDf1: nan, interactionDf2: nan, interactionP: nan, ggEpsilon: nan, error: mx.error,
      };
      notes.push(`${lbl}: mixed ANOVA not computed: ${mx.error}`);
    } else mixed = mixedRow(key, lbl, mx.value);

    let longitudinal: Record<string, unknown> | null = null;
    let growth: GrowthModelResult | null = null;
    if (fitModel) {
      const observations = people.flatMap((p) =>
        waves
          .filter((w) => Number.isFinite(scoreAt(p, w)) && Number.isFinite(timeOf(p.id, w)))
          .map((w) => ({ participantId: p.id, group: p.group, wave: w, waveIndex: waves.indexOf(w) + 1, time: timeOf(p.id, w), score: scoreAt(p, w) })),
      );
      if (options.longitudinalModel) {
        const m = options.longitudinalModel({ outcome: key, observations, groups, waves });
        longitudinal = { method: m.method, apa: m.apa(), ...m.toJSON() };
      } else {
        const covs = options.covariates ?? [];
        const gobs: GrowthObservation[] = observations.map((o) => {
          const person = people.find((p) => p.id === o.participantId)!;
          return { ...o, covariates: Object.fromEntries(covs.map((c) => [c, covariateAt(person, waves[0], c)])) };
        });
        const knotTime = options.knot !== undefined ? waveTime(options.knot) : undefined;
        const g = attempt(() =>
          fitGrowthModel(gobs, {
            timeModel, groups, covariates: covs, periods, level, timeUnit, lang,
            ...(knotTime !== undefined ? { knot: knotTime } : {}),
          }),
        );
        if (g.error !== undefined) notes.push(`${lbl}: linear mixed model not fitted: ${g.error}`);
        else {
          growth = g.value;
          longitudinal = { method: g.value.method, apa: g.value.apa(), ...g.value.toJSON() };
          for (const n of g.value.notes) notes.push(`${lbl}: ${n}`);
        }
      }
    }
    result.push({ outcome: key, label: lbl, descriptives, periods: periodRows, mixed, growth, longitudinal });
    if (chartKeys.includes(key)) charts.push(...wavesCharts(key, lbl, people, groups, waves, level, lang, growth, timeOf, timeTitle, chartDisclosure(options)));
  }

  const attrition = attritionTable(data, groups);
  const attr: AttritionAnalysis | null = (() => {
    const a = attempt(() => analyzeAttrition(data, { groups, waves, outcomes: outcomes.map((o) => `${o.instrument}:${o.scale}`), instruments: registry, level, lang }));
    if (a.error !== undefined) notes.push(`Attrition analysis not computed: ${a.error}`);
    return a.value ?? null;
  })();
  const pg = participantsPerGroup(data);
  const excluded = result.map((r) => r.mixed.nExcluded).filter((v) => Number.isFinite(v));
  const fitted = result.filter((r) => r.growth);
  const pct = Math.round(level * 100);
  const timeText =
    timeSource === 'schedule'
      ? `time in months from the declared wave schedule (${waves.map((w) => `${w} = ${fmt(waveTime(w), 1).replace(/\.0$/, '')}`).join(', ')})`
      : timeSource === 'dates'
        ? 'time in months since each participant\'s first wave, from the observation dates'
        : 'time as the wave number − 1 (no schedule declared and no dates: waves taken as equally spaced)';
  const model0 = fitted[0]?.growth;
  const methodsNote =
    `${waves.length} waves (${waves.join(', ')}), groups ${groups.map((g) => `${label(g, lang)} (n = ${pg[g] ?? 0} at any wave)`).join(', ')}, ${result.length} outcome${result.length === 1 ? '' : 's'}. ` +
    (options.longitudinalModel
      ? 'Longitudinal model: supplied by the caller (see the longitudinal results). '
      : fitModel
        ? `Primary analysis: linear mixed model on all available observations (everyone with at least one wave; no one is dropped for a missing wave), ${model0 ? model0.formula.replace('score', 'outcome') : `${timeModel} time × group`}, fitted by REML (lme4-compatible) with Satterthwaite df (lmerTest); ${timeText}; ` +
          `group × time by a likelihood-ratio test of models refitted by ML; model-estimated means and change per period with t-based ${pct}% CIs; differences in change between groups standardised as Feingold (2009) d (pooled baseline SD). Valid when data are missing at random (MAR; see the attrition section). `
        : 'The linear mixed model was switched off. ') +
    `Descriptives per group and wave use everyone measured at that wave (n per wave shown; t-based ${pct}% CIs). ` +
    `Observed change per period (${periods.map(([a, b]) => `${a}–${b}`).join(', ')}) per group: paired t-test and d_z (noncentral-t CI) on the participants present at both waves of the period. ` +
    `Mixed ANOVA group × time (type III SS, Greenhouse–Geisser correction) on complete cases only (participants with every wave; ${excluded.length ? `${Math.min(...excluded)}–${Math.max(...excluded)}` : 'no'} participants dropped per outcome); under attrition it describes completers, not everyone who started, and is shown for comparison with earlier publications.`;
  const f = (k: string, l: string, format: DesignTable['columns'][number]['format']) => ({ key: k, label: l, format });
  const lmmTables: DesignTable[] = fitted.length
    ? [
        {
          id: 'waves-lmm-tests',
          title: 'Linear mixed model: group × time and model fit (all available observations)',
          columns: [f('label', 'Outcome', 'text'), f('observations', 'Observations', 'int'), f('participants', 'Participants', 'int'), f('chisq', 'χ² group × time (LRT)', 'num2'), f('df', 'df', 'int'), f('p', 'p', 'p'), f('interactionF', 'F group × time (type III)', 'num2'), f('interactionP', 'p (F)', 'p'), f('logLik', 'log-likelihood (REML)', 'num2'), f('singular', 'Singular fit', 'text')],
          rows: fitted.map((r) => {
            const g = r.growth!;
            const inter = g.anova.filter((a) => a.term.includes('group') && a.term.includes(':'));
            return {
              label: r.label, observations: g.nObservations, participants: Object.values(g.nParticipants).reduce((a, b) => a + b, 0),
              chisq: g.lrt.chisq, df: g.lrt.df, p: g.lrt.p,
              interactionF: inter.length === 1 ? inter[0].F : NaN, interactionP: inter.length === 1 ? inter[0].p : NaN,
              logLik: g.model.logLik, singular: g.singular ? 'yes' : 'no',
            };
          }),
          note: 'Likelihood-ratio test of the model with and without the group × time terms, both refitted by ML (lme4 anova). The type III F is given when group × time is one term (Satterthwaite df).',
        },
        {
          id: 'waves-lmm-fixed',
          title: 'Linear mixed model: fixed effects',
          columns: [f('label', 'Outcome', 'text'), f('term', 'Term', 'text'), f('estimate', 'Estimate', 'num2'), f('se', 'SE', 'num2'), f('df', 'df (Satterthwaite)', 'num2'), f('t', 't', 'num2'), f('p', 'p', 'p'), f('lower', `${pct}% CI lower`, 'num2'), f('upper', `${pct}% CI upper`, 'num2')],
          rows: fitted.flatMap((r) => r.growth!.fixedEffects.map((x) => ({ label: r.label, ...x }))),
          note: `Reference group: ${label(fitted[0].growth!.reference, lang)}. Time ${timeUnit === 'month' ? 'in months' : 'in waves'}${timeModel === 'piecewise' ? '; time1 = slope up to the knot, time2 = slope after it' : ''}.`,
        },
        {
          id: 'waves-lmm-random',
          title: 'Linear mixed model: variance components',
          columns: [f('label', 'Outcome', 'text'), f('group', 'Level', 'text'), f('effect', 'Effect', 'text'), f('variance', 'Variance', 'num2'), f('sd', 'SD', 'num2')],
          rows: fitted.flatMap((r) => [
            ...r.growth!.varianceComponents.map((v) => ({ label: r.label, group: v.group, effect: v.effect, variance: v.variance, sd: v.sd })),
            ...r.growth!.correlations.map((c) => ({ label: r.label, group: c.group, effect: `corr(${c.effect1}, ${c.effect2})`, variance: NaN, sd: c.correlation })),
          ]),
        },
        {
          id: 'waves-lmm-means',
          title: 'Linear mixed model: estimated means per group and wave',
          columns: [f('label', 'Outcome', 'text'), f('group', 'Group', 'text'), f('wave', 'Wave', 'text'), f('time', 'Time', 'num2'), f('estimate', 'Estimated mean', 'num2'), f('se', 'SE', 'num2'), f('lower', `${pct}% CI lower`, 'num2'), f('upper', `${pct}% CI upper`, 'num2')],
          rows: fitted.flatMap((r) => r.growth!.means.map((m) => ({ label: r.label, group: m.group, wave: m.wave, time: m.time, estimate: m.estimate, se: m.se, lower: m.lower, upper: m.upper }))),
          note: 'Model-estimated means use every observation (covariates at their means), so they are not distorted by who dropped out when data are MAR.',
        },
        {
          id: 'waves-lmm-change',
          title: 'Linear mixed model: change per period per group, and the difference from the reference group',
          columns: [f('label', 'Outcome', 'text'), f('group', 'Group', 'text'), f('period', 'Period', 'text'), f('estimate', 'Change', 'num2'), f('se', 'SE', 'num2'), f('df', 'df', 'num2'), f('t', 't', 'num2'), f('p', 'p', 'p'), f('lower', `${pct}% CI lower`, 'num2'), f('upper', `${pct}% CI upper`, 'num2'), f('difference', 'Difference from reference', 'num2'), f('differenceP', 'p (difference)', 'p'), f('d', 'Feingold d', 'num2'), f('dLower', 'd lower', 'num2'), f('dUpper', 'd upper', 'num2')],
          rows: fitted.flatMap((r) =>
            r.growth!.changes.map((c) => {
              const dfr = r.growth!.differences.find((x) => x.group === c.group && x.period === c.period);
              return { label: r.label, group: c.group, period: c.period, estimate: c.estimate, se: c.se, df: c.df, t: c.t, p: c.p, lower: c.lower, upper: c.upper, difference: dfr?.estimate ?? NaN, differenceP: dfr?.p ?? NaN, d: dfr?.d ?? NaN, dLower: dfr?.dLower ?? NaN, dUpper: dfr?.dUpper ?? NaN };
            }),
          ),
          note: `Difference = change in the group minus change in the reference group (${label(fitted[0].growth!.reference, lang)}) over the same period; d = difference / pooled baseline SD (Feingold, 2009).`,
        },
      ]
    : [];
  const tables: DesignTable[] = [
    ...lmmTables,
    {
      id: 'waves-descriptives',
      title: 'Descriptives per group and wave',
      columns: [f('label', 'Outcome', 'text'), f('group', 'Group', 'text'), f('wave', 'Wave', 'text'), f('n', 'n', 'int'), f('mean', 'M', 'num2'), f('sd', 'SD', 'num2'), f('ciLower', '95% CI lower', 'num2'), f('ciUpper', '95% CI upper', 'num2')],
      rows: result.flatMap((r) => r.descriptives.map((d) => ({ ...d }))),
    },
    {
      id: 'waves-periods',
      title: 'Observed change per period and group (participants present at both waves)',
      columns: [f('label', 'Outcome', 'text'), f('group', 'Group', 'text'), f('period', 'Period', 'text'), f('n', 'n', 'int'), f('meanChange', 'Change', 'num2'), f('changeLower', '95% CI lower', 'num2'), f('changeUpper', '95% CI upper', 'num2'), f('t', 't', 'num2'), f('df', 'df', 'int'), f('p', 'p', 'p'), f('dz', 'd_z', 'num2'), f('dzLower', 'd_z lower', 'num2'), f('dzUpper', 'd_z upper', 'num2')],
      rows: result.flatMap((r) => r.periods.map((p) => ({ ...p }) as unknown as Record<string, string | number | null>)),
      note: 'Participants present at both waves of the period. d_z > 0: scores rose.',
    },
    {
      id: 'waves-mixed-anova',
      title: `Mixed ANOVA group × time (complete cases only${excluded.length ? `: ${Math.min(...excluded) === Math.max(...excluded) ? Math.min(...excluded) : `${Math.min(...excluded)}–${Math.max(...excluded)}`} participants dropped` : ''})`,
      columns: [f('label', 'Outcome', 'text'), f('n', 'n', 'int'), f('nExcluded', 'Dropped (a wave missing)', 'int'), f('groupF', 'F group', 'num2'), f('groupP', 'p group', 'p'), f('timeF', 'F time', 'num2'), f('timeP', 'p time (GG)', 'p'), f('interactionF', 'F group × time', 'num2'), f('interactionDf1', 'df1 (GG)', 'num2'), f('interactionDf2', 'df2 (GG)', 'num2'), f('interactionP', 'p group × time (GG)', 'p'), f('ggEpsilon', 'GG ε', 'prop3')],
      rows: result.map((r) => ({ ...r.mixed }) as unknown as Record<string, string | number | null>),
      note: 'Complete-case analysis: only participants measured at every wave. Under attrition it describes completers; the linear mixed model above uses everyone.',
    },
    {
      id: 'waves-attrition',
      title: 'Attrition: participants per group and wave',
      columns: [f('group', 'Group', 'text'), f('wave', 'Wave', 'text'), f('n', 'n', 'int'), f('retained', 'Retained', 'pct')],
      rows: attrition.map((r) => ({ ...r })),
    },
    ...(attr ? attr.tables.map((t) => ({ ...t, id: `waves-${t.id}` })) : []),
  ];
  const sentences = result.flatMap((r) => {
    const m = r.mixed;
    const s: string[] = [];
    if (r.growth) for (const x of r.growth.sentences) s.push(`${r.label}: ${x}`);
    if (Number.isFinite(m.interactionF)) {
      s.push(
        `${r.label} (mixed ANOVA, complete cases only): group × time F(${fmt(m.interactionDf1)}, ${fmt(m.interactionDf2)}) = ${fmt(m.interactionF)}, ${fmtP(m.interactionP)}` +
          `${m.ggEpsilon < 1 ? ` (Greenhouse–Geisser ε = ${fmt(m.ggEpsilon, 2).replace(/^0/, '')})` : ''}, n = ${m.n} with every wave (${m.nExcluded} dropped).`,
      );
    }
    for (const p of r.periods) {
      if (Number.isFinite(p.t)) {
        s.push(`${r.label}, ${label(p.group, lang)} ${p.period} (observed, n = ${p.n}): change = ${fmt(p.meanChange)}, t(${p.df}) = ${fmt(p.t)}, ${fmtP(p.p)}, d_z = ${fmt(p.dz)}, ${pct}% CI [${fmt(p.dzLower)}, ${fmt(p.dzUpper)}].`);
      }
    }
    return s;
  });
  if (attr) sentences.push(...attr.sentences.filter((x) => !/ M = /.test(x)), attr.marNote);
  const method = fitModel && !options.longitudinalModel
    ? 'Several waves: linear mixed model on all available observations (REML, Satterthwaite df; LRT of group × time), descriptives per wave, observed change per period with d_z, attrition; mixed ANOVA on complete cases for comparison'
    : 'Several waves: descriptives per wave, paired change per period with d_z, mixed ANOVA (Greenhouse–Geisser) on complete cases';
  return new DesignResult<WavesOutcome>({
    design: 'waves',
    method,
    title: `Waves ${waves[0]}–${waves[waves.length - 1]}: ${groups.map((g) => label(g, lang)).join(', ')}`,
    outcomes: result,
    tables,
    sentences,
    charts,
    methodsNote,
    missingHandling: fitModel ? 'none' : 'listwise',
    ciMethods: {
      means: 't distribution (mean ± t·SE)',
      change: 't distribution (mean ± t·SE)',
      d_z: 'noncentral t inversion (Steiger & Fouladi, 1997)',
      ...(fitModel ? { model: 'Wald t with Satterthwaite df (lmerTest)', feingold_d: 'model CI bounds divided by the pooled baseline SD (Feingold, 2009)' } : {}),
    },
    level,
    n: Object.fromEntries(groups.map((g) => [g, pg[g] ?? 0])),
    notes,
    extra: {
      groups, waves, periods: periods.map(([a, b]) => `${a}–${b}`), attrition,
      attritionAnalysis: attr ? attr.toJSON() : null,
      timeSource, waveTimes: Object.fromEntries(waves.map((w) => [w, waveTime(w)])), timeModel,
      longitudinalModel: options.longitudinalModel ? 'fitted by the supplied model' : fitModel ? 'linear mixed model (fitGrowthModel)' : 'not fitted (longitudinal: false)',
    },
  });
}

/**
 * Time of each observation: the declared schedule; else months since the participant's first wave
 * from the dates when every observation has one; else the wave number − 1. `waveTime(w)` is the
 * schedule's value or the median over participants.
 */
function waveTimes(
  data: readonly ScoreRow[],
  waves: readonly string[],
  schedule: Readonly<Record<string, number>> | undefined,
): { timeOf: (id: string, wave: string) => number; source: WavesTimeSource; waveTime: (wave: string) => number } {
  if (schedule) {
    for (const w of waves) {
      if (!Number.isFinite(schedule[w])) throw new StatsError(`Waves analysis: the schedule gives no time for wave ${w} (schedule: ${Object.entries(schedule).map(([k, v]) => `${k} = ${v}`).join(', ')}).`);
    }
    return { timeOf: (_id, w) => schedule[w], source: 'schedule', waveTime: (w) => schedule[w] };
  }
  const dates = new Map<string, Map<string, number>>();
  let allDated = data.length > 0;
  for (const s of data) {
    const t = s.date ? Date.parse(`${s.date.slice(0, 10)}T00:00:00Z`) : NaN;
    if (!Number.isFinite(t)) {
      allDated = false;
      break;
    }
    if (!dates.has(s.participantId)) dates.set(s.participantId, new Map());
    dates.get(s.participantId)!.set(s.wave, t);
  }
  if (allDated) {
    const MONTH = (365.25 / 12) * 86400000;
    const first = new Map<string, number>();
    for (const [id, m] of dates) first.set(id, Math.min(...m.values()));
    const timeOf = (id: string, w: string) => {
      const t = dates.get(id)?.get(w);
      return t === undefined ? NaN : (t - first.get(id)!) / MONTH;
    };
    const median = new Map<string, number>();
    for (const w of waves) {
      const v = [...dates.keys()].map((id) => timeOf(id, w)).filter(Number.isFinite).sort((a, b) => a - b);
      const m = v.length >> 1;
      median.set(w, v.length === 0 ? NaN : v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2);
    }
    return { timeOf, source: 'dates', waveTime: (w) => median.get(w) ?? NaN };
  }
  return { timeOf: (_id, w) => waves.indexOf(w), source: 'wave-number', waveTime: (w) => waves.indexOf(w) };
}

function modeOfDisc(d: DisclosureOptions): 'share' | 'private' {
  return d.disclosure ?? 'share';
}

function wavesCharts(
  key: string,
  lbl: string,
  people: ParticipantScores[],
  groups: string[],
  waves: string[],
  level: number,
  lang: 'en' | 'nl',
  growth: GrowthModelResult | null,
  timeOf: (id: string, wave: string) => number,
  timeTitle: string | undefined,
  disc: DisclosureOptions,
): DesignChart[] {
  const id = slug(key);
  const traj = people.flatMap((p) => waves.filter((w) => Number.isFinite(scoreAt(p, w))).map((w) => ({ participant: p.id, group: p.group, wave: w, score: scoreAt(p, w) })));
  const charts: DesignChart[] = [];
  if (growth) {
    const observed = groupWaveMeans(people, groups, waves, level).map((m) => ({ ...m, time: growth.waveTimes[m.wave] })).filter((m) => Number.isFinite(m.time));
    charts.push({
      id: `waves-growth-${id}`,
      kind: 'growth-curves',
      title: `${lbl}: ${lang === 'nl' ? 'voorspelde trajecten (model, met BI) en geobserveerde gemiddelden' : 'model-predicted trajectories (with CI) and observed means'}`,
      spec: growthCurvePlot(growth.trajectories, modeOfDisc(disc) === 'share' ? observed.filter((m) => m.n >= (disc.minGroupSize ?? 5)) : observed, { lang, yTitle: lbl, title: lbl, ...(timeTitle ? { xTitle: timeTitle } : {}) }),
    });
    // individual trajectories are exact individual values: only in a private output
    const spaghetti = disc.disclosure !== 'private' ? [] : people.flatMap((p) =>
      waves.filter((w) => Number.isFinite(scoreAt(p, w)) && Number.isFinite(timeOf(p.id, w))).map((w) => ({ participant: p.id, group: p.group, time: growth.waveTimes[w], score: scoreAt(p, w) })),
    );
    if (spaghetti.length) charts.push({
      id: `waves-spaghetti-${id}`,
      kind: 'spaghetti',
      title: `${lbl}: ${lang === 'nl' ? 'individuele trajecten' : 'individual trajectories'}`,
      spec: spaghettiPlot(spaghetti, { lang, yTitle: lbl, groups, ...(timeTitle ? { xTitle: timeTitle } : {}) }),
    });
  }
  charts.push(
    { id: `waves-trajectories-${id}`, kind: 'trajectories', title: `${lbl}: ${lang === 'nl' ? 'trajecten met n per meting' : 'trajectories with n per wave'}`, spec: trajectoryPlot(traj, { lang, ...disc, yTitle: lbl, title: lbl }) },
    { id: `waves-interaction-${id}`, kind: 'interaction', title: `${lbl}: ${lang === 'nl' ? 'gemiddelden per groep en meting' : 'means by group and wave'}`, spec: interactionPlot(groupWaveMeans(people, groups, waves, level), { lang, ...disc, yTitle: lbl, title: lbl }) },
  );
  return charts;
}
