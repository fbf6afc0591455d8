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
import { label } from '../charts/theme.js';
import {
  attempt,
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
 * EXTENSION POINT — longitudinal mixed models (a later issue).
 *
 * A function with this signature, passed as `WavesOptions.longitudinalModel`, receives every
 * available observation (all waves, incomplete participants included) of one outcome and returns a
 * result that is stored in `WavesOutcome.longitudinal`. The intended implementation is a linear mixed
 * model with random intercept and slope fitted by REML (matching `lme4::lmer`), which uses
 * participants who dropped out instead of discarding them as the mixed ANOVA below must.
 */
export type LongitudinalModelHook = (input: {
  outcome: string;
  /** One row per participant × wave with a score. */
  observations: Array<{ participantId: string; group: string; wave: string; waveIndex: number; score: number }>;
  groups: string[];
  waves: string[];
}) => { method: string; toJSON(): Record<string, unknown>; apa(): string };

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
  /** See {@link LongitudinalModelHook}; default none (the result says the model is not fitted). */
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
  mixed: WavesMixedRow;
  /** Result of the longitudinal-model hook, or null when none was given. */
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
 * - **Descriptives** per group × wave with the n at that wave (attrition visible): M, SD and the t-based
 *   CI of the mean (`describe`).
 * - **Change per period** per group (default T1–T3, T3–T5, T1–T5 for five waves): paired t-test on the
 *   participants with both waves (`tTestPaired`, R `t.test(paired = TRUE)`) and d_z with its
 *   noncentral-t CI (`repeatedMeasuresD(…, { method: 'z' })`). Each period uses every participant present
 *   at both of its waves (pairwise over periods, listwise within a period).
 * - **Mixed ANOVA** group × time on the participants with every wave (`mixedAnova`, type III SS,
 *   Greenhouse–Geisser corrected df and p for time and group × time; R `car::Anova(type = 3)`), with the
 *   number excluded for a missing wave. Under attrition this analyses completers only, which the note
 *   says; see the extension point {@link LongitudinalModelHook} for mixed models on all data.
 * - An attrition table (participants with any score per group and wave).
 *
 * Checked against R (tests/reference/designs.R: `t.test`, `car::Anova` with GG) on
 * `synthetic-2013-fivewaves.csv`.
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
    if (options.longitudinalModel) {
      const observations = people.flatMap((p) =>
        waves.filter((w) => Number.isFinite(scoreAt(p, w))).map((w) => ({ participantId: p.id, group: p.group, wave: w, waveIndex: waves.indexOf(w) + 1, score: scoreAt(p, w) })),
      );
      const m = options.longitudinalModel({ outcome: key, observations, groups, waves });
      longitudinal = { method: m.method, apa: m.apa(), ...m.toJSON() };
    }
    result.push({ outcome: key, label: lbl, descriptives, periods: periodRows, mixed, longitudinal });
    if (chartKeys.includes(key)) charts.push(...wavesCharts(key, lbl, people, groups, waves, level, lang, chartDisclosure(options)));
  }

  const attrition = attritionTable(data, groups);
  const pg = participantsPerGroup(data);
  const excluded = result.map((r) => r.mixed.nExcluded).filter((v) => Number.isFinite(v));
  const methodsNote =
    `${waves.length} waves (${waves.join(', ')}), groups ${groups.map((g) => `${label(g, lang)} (n = ${pg[g] ?? 0} at any wave)`).join(', ')}, ${result.length} outcome${result.length === 1 ? '' : 's'}. ` +
    `Descriptives per group and wave use everyone measured at that wave (n per wave shown; t-based ${Math.round(level * 100)}% CIs). ` +
    `Change per period (${periods.map(([a, b]) => `${a}–${b}`).join(', ')}) per group: paired t-test and d_z (noncentral-t CI) on the participants present at both waves of the period. ` +
    `Mixed ANOVA group × time (type III SS, Greenhouse–Geisser correction) on participants with every wave only (complete cases; ${excluded.length ? `${Math.min(...excluded)}–${Math.max(...excluded)}` : 'no'} participants excluded per outcome); under attrition this describes completers, not everyone who started. ` +
    `Longitudinal mixed models on all available waves: ${options.longitudinalModel ? 'see the longitudinal results' : 'not fitted here (extension point for a later issue)'}.`;
  const f = (k: string, l: string, format: DesignTable['columns'][number]['format']) => ({ key: k, label: l, format });
  const tables: DesignTable[] = [
    {
      id: 'waves-descriptives',
      title: 'Descriptives per group and wave',
      columns: [f('label', 'Outcome', 'text'), f('group', 'Group', 'text'), f('wave', 'Wave', 'text'), f('n', 'n', 'int'), f('mean', 'M', 'num2'), f('sd', 'SD', 'num2'), f('ciLower', '95% CI lower', 'num2'), f('ciUpper', '95% CI upper', 'num2')],
      rows: result.flatMap((r) => r.descriptives.map((d) => ({ ...d }))),
    },
    {
      id: 'waves-periods',
      title: 'Change per period and group',
      columns: [f('label', 'Outcome', 'text'), f('group', 'Group', 'text'), f('period', 'Period', 'text'), f('n', 'n', 'int'), f('meanChange', 'Change', 'num2'), f('changeLower', '95% CI lower', 'num2'), f('changeUpper', '95% CI upper', 'num2'), f('t', 't', 'num2'), f('df', 'df', 'int'), f('p', 'p', 'p'), f('dz', 'd_z', 'num2'), f('dzLower', 'd_z lower', 'num2'), f('dzUpper', 'd_z upper', 'num2')],
      rows: result.flatMap((r) => r.periods.map((p) => ({ ...p }) as unknown as Record<string, string | number | null>)),
      note: 'Participants present at both waves of the period. d_z > 0: scores rose.',
    },
    {
      id: 'waves-mixed-anova',
      title: 'Mixed ANOVA group × time (complete cases)',
      columns: [f('label', 'Outcome', 'text'), f('n', 'n', 'int'), f('nExcluded', 'Excluded', 'int'), f('groupF', 'F group', 'num2'), f('groupP', 'p group', 'p'), f('timeF', 'F time', 'num2'), f('timeP', 'p time (GG)', 'p'), f('interactionF', 'F group × time', 'num2'), f('interactionDf1', 'df1 (GG)', 'num2'), f('interactionDf2', 'df2 (GG)', 'num2'), f('interactionP', 'p group × time (GG)', 'p'), f('ggEpsilon', 'GG ε', 'prop3')],
      rows: result.map((r) => ({ ...r.mixed }) as unknown as Record<string, string | number | null>),
    },
    {
      id: 'waves-attrition',
      title: 'Attrition: participants per group and wave',
      columns: [f('group', 'Group', 'text'), f('wave', 'Wave', 'text'), f('n', 'n', 'int'), f('retained', 'Retained', 'pct')],
      rows: attrition.map((r) => ({ ...r })),
    },
  ];
  const sentences = result.flatMap((r) => {
    const m = r.mixed;
    const s: string[] = [];
    if (Number.isFinite(m.interactionF)) {
      s.push(
        `${r.label}: group × time F(${fmt(m.interactionDf1)}, ${fmt(m.interactionDf2)}) = ${fmt(m.interactionF)}, ${fmtP(m.interactionP)}` +
          `${m.ggEpsilon < 1 ? ` (Greenhouse–Geisser ε = ${fmt(m.ggEpsilon, 2).replace(/^0/, '')})` : ''}, n = ${m.n} with every wave (${m.nExcluded} excluded).`,
      );
    }
    for (const p of r.periods) {
      if (Number.isFinite(p.t)) {
        s.push(`${r.label}, ${label(p.group, lang)} ${p.period} (n = ${p.n}): change = ${fmt(p.meanChange)}, t(${p.df}) = ${fmt(p.t)}, ${fmtP(p.p)}, d_z = ${fmt(p.dz)}, ${Math.round(level * 100)}% CI [${fmt(p.dzLower)}, ${fmt(p.dzUpper)}].`);
      }
    }
    return s;
  });
  return new DesignResult<WavesOutcome>({
    design: 'waves',
    method: 'Several waves: descriptives per wave, paired change per period with d_z, mixed ANOVA (Greenhouse–Geisser) on complete cases',
    title: `Waves ${waves[0]}–${waves[waves.length - 1]}: ${groups.map((g) => label(g, lang)).join(', ')}`,
    outcomes: result,
    tables,
    sentences,
    charts,
    methodsNote,
    missingHandling: 'listwise',
    ciMethods: { means: 't distribution (mean ± t·SE)', change: 't distribution (mean ± t·SE)', d_z: 'noncentral t inversion (Steiger & Fouladi, 1997)' },
    level,
    n: Object.fromEntries(groups.map((g) => [g, pg[g] ?? 0])),
    notes,
    extra: { groups, waves, periods: periods.map(([a, b]) => `${a}–${b}`), attrition, longitudinalModel: options.longitudinalModel ? 'fitted by the supplied hook' : 'not fitted (extension point)' },
  });
}

function wavesCharts(key: string, lbl: string, people: ParticipantScores[], groups: string[], waves: string[], level: number, lang: 'en' | 'nl', disc: DisclosureOptions): DesignChart[] {
  const id = slug(key);
  const traj = people.flatMap((p) => waves.filter((w) => Number.isFinite(scoreAt(p, w))).map((w) => ({ participant: p.id, group: p.group, wave: w, score: scoreAt(p, w) })));
  return [
    { id: `waves-trajectories-${id}`, kind: 'trajectories', title: `${lbl}: ${lang === 'nl' ? 'trajecten met n per meting' : 'trajectories with n per wave'}`, spec: trajectoryPlot(traj, { lang, ...disc, yTitle: lbl, title: lbl }) },
    { id: `waves-interaction-${id}`, kind: 'interaction', title: `${lbl}: ${lang === 'nl' ? 'gemiddelden per groep en meting' : 'means by group and wave'}`, spec: interactionPlot(groupWaveMeans(people, groups, waves, level), { lang, ...disc, yTitle: lbl, title: lbl }) },
  ];
}
