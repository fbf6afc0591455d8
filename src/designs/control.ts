/**
 * Home-Start versus a comparison group, pre/post (the design of Asscher 2005).
 */
import type { ScoreRow } from '../data/types.js';
import { defaultInstruments } from '../instruments/registry.js';
import { fmt, fmtCI, fmtNoLeadingZero, fmtP } from '../stats/apa.js';
import { ancova } from '../stats/anova.js';
import { describe } from '../stats/descriptives.js';
import { morrisDppc2 } from '../stats/effsize/morris.js';
import { mixedAnova } from '../stats/mixed-anova.js';
import { pAdjust } from '../stats/multicomp.js';
import { StatsError } from '../stats/result.js';
import { changeDistribution, forestPlot, interactionPlot, type MeanRow } from '../charts/builders.js';
import { label } from '../charts/theme.js';
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
import { chartDisclosure, defaultChartOutcomes, forestSignNote, improvementSign, isOutcomeScale, pickPrePostWaves, type DesignOptionsBase } from './prepost.js';
import type { DisclosureOptions } from '../charts/builders.js';
import { DesignResult, type DesignChart, type DesignTable } from './result.js';

export interface ControlOptions extends DesignOptionsBase {
  /** Treated group (default `homestart`). */
  treatment?: string;
  /** Comparison group (default `control`). */
  control?: string;
  /** Pre and post wave (default first and last wave of the two groups). */
  waves?: [string, string];
  /**
   * Covariates of the ANCOVA besides the pre-test, taken at the pre wave (default `age`,
   * `single_parent`: the groups differed at baseline in Asscher 2005). A covariate absent from the
   * data is left out with a note; `[]` for pre-test only.
   */
  covariates?: readonly string[];
  /** Norm group shown as a band in the interaction plots when present (default `norm`). */
  normGroup?: string;
}

/** One row of the versus-control table; numbers unrounded, NaN where not computable (`error`). */
export interface ControlOutcome {
  outcome: string;
  label: string;
  direction: 'higher-better' | 'higher-worse';
  /** Cases in the ANCOVA (post, pre and every covariate present), per group. */
  nTreatment: number;
  nControl: number;
  /** Participants of the two groups left out of the ANCOVA for a missing value. */
  nExcluded: number;
  /** Observed (unadjusted) means and SDs of the ANCOVA cases, per group and wave. */
  meanPreTreatment: number;
  sdPreTreatment: number;
  meanPostTreatment: number;
  sdPostTreatment: number;
  meanPreControl: number;
  sdPreControl: number;
  meanPostControl: number;
  sdPostControl: number;
  /** ANCOVA adjusted (estimated marginal) post means at the covariate means, with t CIs. */
  adjMeanTreatment: number;
  adjLowerTreatment: number;
  adjUpperTreatment: number;
  adjMeanControl: number;
  adjLowerControl: number;
  adjUpperControl: number;
  /** Adjusted difference treatment − control with its t CI, F test of group, partial η². */
  difference: number;
  differenceLower: number;
  differenceUpper: number;
  F: number;
  df1: number;
  df2: number;
  p: number;
  pHolm: number;
  partialEta2: number;
  /** p of the homogeneity-of-slopes test (group × pre). */
  slopesP: number;
  /** Morris (2008) d_ppc2 (treatment change − control change over the pooled pre SD) with its CI. */
  dppc2: number;
  dppc2Lower: number;
  dppc2Upper: number;
  /** Mixed ANOVA group × time on participants with both waves. */
  interactionF: number;
  interactionDf2: number;
  interactionP: number;
  interactionEtaG2: number;
  nMixed: number;
  error?: string;
}

export interface AttritionRow {
  group: string;
  wave: string;
  n: number;
  /** n / n at the first wave of that group. */
  retained: number;
}

const CONTROL_COLUMNS: DesignTable['columns'] = [
  { key: 'label', label: 'Outcome', format: 'text' },
  { key: 'nTreatment', label: 'n HS', format: 'int' },
  { key: 'nControl', label: 'n C', format: 'int' },
  { key: 'meanPreTreatment', label: 'HS pre M', format: 'num2' },
  { key: 'meanPostTreatment', label: 'HS post M', format: 'num2' },
  { key: 'meanPreControl', label: 'C pre M', format: 'num2' },
  { key: 'meanPostControl', label: 'C post M', format: 'num2' },
  { key: 'adjMeanTreatment', label: 'HS adj. post', format: 'num2' },
  { key: 'adjMeanControl', label: 'C adj. post', format: 'num2' },
  { key: 'difference', label: 'Adj. diff.', format: 'num2' },
  { key: 'differenceLower', label: '95% CI lower', format: 'num2' },
  { key: 'differenceUpper', label: '95% CI upper', format: 'num2' },
  { key: 'F', label: 'F', format: 'num2' },
  { key: 'df2', label: 'df error', format: 'int' },
  { key: 'p', label: 'p', format: 'p' },
  { key: 'pHolm', label: 'p (Holm)', format: 'p' },
  { key: 'partialEta2', label: 'ηp²', format: 'prop3' },
  { key: 'dppc2', label: 'd_ppc2', format: 'num2' },
  { key: 'dppc2Lower', label: 'd_ppc2 lower', format: 'num2' },
  { key: 'dppc2Upper', label: 'd_ppc2 upper', format: 'num2' },
  { key: 'interactionF', label: 'F group × time', format: 'num2' },
  { key: 'interactionP', label: 'p group × time', format: 'p' },
  { key: 'nMixed', label: 'n (group × time)', format: 'int' },
];

/** n per group per wave (participants with at least one score at the wave) and % of the first wave retained. */
export function attritionTable(scores: readonly ScoreRow[], groups?: readonly string[]): AttritionRow[] {
  const waves = wavesInData(scores);
  const gs = groups ?? groupsInData(scores);
  const rows: AttritionRow[] = [];
  for (const g of gs) {
    const ids = waves.map((w) => new Set(scores.filter((s) => s.group === g && s.wave === w && s.score !== null).map((s) => s.participantId)).size);
    const first = ids.find((n) => n > 0) ?? 0;
    waves.forEach((w, i) => rows.push({ group: g, wave: w, n: ids[i], retained: first > 0 ? ids[i] / first : NaN }));
  }
  return rows;
}

/** Label of the norm band in interaction plots: the norm group's mean with its CI at the pre wave. */
export function normBandLabel(wave: string, level: number, lang: 'en' | 'nl'): string {
  const pct = Math.round(level * 100);
  return lang === 'nl' ? `${label('norm', lang)}: gemiddelde, ${pct}%-BI (${wave})` : `${label('norm', lang)} mean, ${pct}% CI (${wave})`;
}

/** Means with t CIs per group × wave, for interaction plots. */
export function groupWaveMeans(people: readonly ParticipantScores[], groups: readonly string[], waves: readonly string[], level: number): MeanRow[] {
  const out: MeanRow[] = [];
  for (const g of groups) {
    for (const w of waves) {
      const d = describe(people.filter((p) => p.group === g).map((p) => scoreAt(p, w)), { level });
      if (d.n >= 2) out.push({ group: g, wave: w, mean: d.mean, lower: d.ci.lower, upper: d.ci.upper, n: d.n });
    }
  }
  return out;
}

/**
 * Home-Start versus a comparison group, pre/post, one row per outcome (Asscher, 2005 design).
 *
 * For each outcome:
 * - **ANCOVA** (`ancova`): post ~ group + pre + covariates (default age and single parenthood at the
 *   pre wave, since the groups differed on them at baseline), OLS with treatment coding (comparison =
 *   reference). Reported: adjusted post means at the covariate means with t CIs (R `predict(lm)`),
 *   the adjusted difference treatment − comparison with its t CI, F(1, df_error), p, partial η², and
 *   the homogeneity-of-slopes p (group × pre). Cases missing post, pre or a covariate are excluded
 *   listwise (`nExcluded`). Group-effect p-values are Holm-adjusted over the outcomes (R `p.adjust`).
 * - **d_ppc2** (Morris, 2008, `morrisDppc2`): (change_T − change_C)/SD_pre,pooled × c_p, CI from the
 *   variance of Morris's eq. 25 with ρ = the pooled within-group pre–post correlation; complete pairs
 *   per group. Positive = the treated group's scores rose more (raw sign).
 * - **Group × time** (`mixedAnova`, 2 × 2, type III; equals `car::Anova` / `aov(… + Error(id/time))`):
 *   the interaction F on participants with both waves (k = 2, so no sphericity correction is needed).
 * - An **attrition table**: participants with any score per group and wave, % of the first wave.
 *
 * Checked against R (tests/reference/designs.R: `lm`, `predict`, `confint`, `car::Anova`, `aov`,
 * `p.adjust`, the Morris formulas) on `synthetic-2005-control.csv`.
 *
 * @example
 * // scores: synthetic-2005-control.csv loaded and scored
 * const r = analyzeVersusControl(scores, { outcomes: ['nosik:total'] });
 * r.outcomes[0].difference; // -8.4186 (R: coef(lm(T2 ~ group + T1 + age + single_parent))["grouphomestart"])
 * r.sentences[0];           // "NOSIK: Total parenting stress: adjusted post-test means 79.59 (Home-Start) vs 88.01 (Comparison group), difference = -8.42, 95% CI [-13.42, -3.41], F(1, 96) = 11.14, p = .001 (Holm-adjusted p = .001), ηp² = .104; d_ppc2 = -0.52, 95% CI [-0.82, -0.21]; group × time F(1, 99) = 11.92, p < .001."
 */
export function analyzeVersusControl(scores: readonly ScoreRow[], options: ControlOptions = {}): DesignResult<ControlOutcome> {
  const registry = options.instruments ?? defaultInstruments();
  const level = options.level ?? 0.95;
  const lang = options.lang ?? 'en';
  const T = options.treatment ?? 'homestart';
  const C = options.control ?? 'control';
  const normGroup = options.normGroup ?? 'norm';
  const groupsPresent = new Set(scores.map((s) => s.group));
  for (const g of [T, C]) {
    if (!groupsPresent.has(g)) {
      throw new StatsError(`Versus-control analysis: no participants in group "${g}" (groups in the data: ${[...groupsPresent].join(', ')}).`);
    }
  }
  const data = scores.filter((s) => s.group === T || s.group === C);
  const [pre, post] = pickPrePostWaves(data, options.waves, 'Versus-control analysis');
  const notes: string[] = [];
  const requestedCov = options.covariates ?? ['age', 'single_parent'];
  const covariates = requestedCov.filter((c) => {
    const present = data.some((s) => s.wave === pre && s.covariates[c] !== undefined && s.covariates[c] !== null);
    if (!present) notes.push(`Covariate "${c}" is not in the data at ${pre}; the ANCOVA leaves it out.`);
    return present;
  });
  const outcomes = resolveOutcomes(data, registry, options.outcomes);
  const rows: ControlOutcome[] = [];
  const peopleFor = new Map<string, ParticipantScores[]>();

  for (const o of outcomes) {
    const key = outcomeKey(o);
    const { scale } = outcomeDefinition(o, registry);
    const people = participantScores(data, o);
    peopleFor.set(key, people);
    const group = people.map((p) => p.group);
    const x = people.map((p) => scoreAt(p, pre));
    const y = people.map((p) => scoreAt(p, post));
    const cov: Record<string, number[]> = { pre: x };
    for (const c of covariates) cov[c] = people.map((p) => covariateAt(p, pre, c));
    const row = emptyControlRow(key, outcomeLabel(o, registry, lang), scale.direction);
    const errors: string[] = [];

    const an = attempt(() => ancova({ outcome: y, group, covariates: cov }, { levels: [C, T], level, outcomeName: key, slopesCovariate: 'pre' }));
    if (an.error !== undefined) errors.push(`ANCOVA: ${an.error}`);
    else {
      const a = an.value;
      const keep = people.map((_, i) => [y[i], ...Object.values(cov).map((v) => v[i])].every((v) => Number.isFinite(v)));
      const stat = (g: string, v: number[]) => describe(v.filter((_, i) => keep[i] && group[i] === g));
      const eff = a.groupEffects[0];
      const mT = a.adjustedMeans.find((m) => m.level === T)!;
      const mC = a.adjustedMeans.find((m) => m.level === C)!;
      const gt = a.groupTest;
      Object.assign(row, {
        nTreatment: mT.n, nControl: mC.n, nExcluded: a.nMissing,
        meanPreTreatment: stat(T, x).mean, sdPreTreatment: stat(T, x).sd, meanPostTreatment: stat(T, y).mean, sdPostTreatment: stat(T, y).sd,
        meanPreControl: stat(C, x).mean, sdPreControl: stat(C, x).sd, meanPostControl: stat(C, y).mean, sdPostControl: stat(C, y).sd,
        adjMeanTreatment: mT.adjustedMean, adjLowerTreatment: mT.lower, adjUpperTreatment: mT.upper,
        adjMeanControl: mC.adjustedMean, adjLowerControl: mC.lower, adjUpperControl: mC.upper,
        difference: eff.estimate, differenceLower: eff.ci.lower, differenceUpper: eff.ci.upper,
        F: gt.F, df1: gt.df, df2: a.dfResidual, p: gt.p, partialEta2: gt.partialEtaSquared, slopesP: a.slopesTest.p,
      });
    }
    const pick = (g: string, v: number[]) => v.filter((_, i) => group[i] === g);
    const dm = attempt(() => morrisDppc2({ preT: pick(T, x), postT: pick(T, y), preC: pick(C, x), postC: pick(C, y) }, { level }));
    if (dm.error !== undefined) errors.push(`d_ppc2: ${dm.error}`);
    else Object.assign(row, { dppc2: dm.value.estimate, dppc2Lower: dm.value.ci!.lower, dppc2Upper: dm.value.ci!.upper });
    const mx = attempt(() => mixedAnova({ group, waves: [x, y] }, { levels: [C, T], timeNames: [pre, post] }));
    if (mx.error !== undefined) errors.push(`mixed ANOVA: ${mx.error}`);
    else {
      const it = mx.value.row('group × time');
      const err = mx.value.table.find((r) => r.term === it.errorTerm)!;
      Object.assign(row, { interactionF: it.F, interactionDf2: err.df, interactionP: it.p, interactionEtaG2: it.generalizedEtaSquared, nMixed: mx.value.n });
    }
    if (errors.length) row.error = errors.join('; ');
    rows.push(row);
  }
  const holm = pAdjust(rows.map((r) => r.p), 'holm');
  rows.forEach((r, i) => (r.pHolm = holm[i]));

  const attrition = attritionTable(scores, [T, C, ...(groupsPresent.has(normGroup) && normGroup !== T && normGroup !== C ? [normGroup] : [])]);
  const charts = controlCharts(rows, outcomes.map(outcomeKey), peopleFor, scores, { T, C, normGroup, pre, post, level, lang, disc: chartDisclosure(options), outcomeScale: (k) => isOutcomeScale(k, registry), chartOutcomes: defaultChartOutcomes(outcomes, options.chartOutcomes, registry).map(outcomeKey) });
  const covText = covariates.length ? `the pre-test and ${covariates.join(', ')} (at ${pre})` : 'the pre-test';
  const nT = participantsPerGroup(data)[T] ?? 0;
  const nC = participantsPerGroup(data)[C] ?? 0;
  const methodsNote =
    `${label(T, lang)} (n = ${nT}) versus ${label(C, lang)} (n = ${nC}), ${pre} → ${post}, ${rows.length} outcome${rows.length === 1 ? '' : 's'}. ` +
    `ANCOVA of the ${post} score with group and ${covText} as covariates (OLS; cases with any of these missing excluded listwise); adjusted means at the covariate means with t-based ${Math.round(level * 100)}% CIs; ` +
    `the group effect is the adjusted difference ${label(T, lang)} − ${label(C, lang)} with its t CI, F-test and partial η²; p-values Holm-adjusted over the outcomes. ` +
    `Effect size d_ppc2 (Morris 2008): difference in mean change over the pooled pre-test SD, bias-corrected, normal CI from Morris's eq. 25 with the pooled pre–post correlation; complete pairs per group. ` +
    `Group × time: 2 × 2 mixed ANOVA on participants with both waves (type III SS). Attrition: participants with any score per wave.`;
  const table: DesignTable = {
    id: 'control-outcomes',
    title: `${label(T, lang)} vs ${label(C, lang)}: ANCOVA on ${post}, d_ppc2 and group × time`,
    columns: CONTROL_COLUMNS,
    rows: rows.map((r) => ({ ...r }) as unknown as Record<string, string | number | null>),
    note: `HS = ${label(T, lang)}, C = ${label(C, lang)}. Adjusted for ${covText}. Difference = adjusted ${post} mean HS − C. d_ppc2 > 0: HS scores rose more than C scores.`,
  };
  const attritionTbl: DesignTable = {
    id: 'control-attrition',
    title: 'Attrition: participants per group and wave',
    columns: [
      { key: 'group', label: 'Group', format: 'text' },
      { key: 'wave', label: 'Wave', format: 'text' },
      { key: 'n', label: 'n', format: 'int' },
      { key: 'retained', label: 'Retained', format: 'pct' },
    ],
    rows: attrition.map((r) => ({ ...r })),
  };
  return new DesignResult<ControlOutcome>({
    design: 'control',
    method: 'Pre/post with comparison group: ANCOVA, Morris d_ppc2, 2 × 2 mixed ANOVA, Holm adjustment',
    title: `${label(T, lang)} vs ${label(C, lang)}, ${pre} → ${post}`,
    outcomes: rows,
    tables: [table, attritionTbl],
    sentences: rows.map((r) => controlSentence(r, T, C, level, lang)),
    charts,
    methodsNote,
    missingHandling: 'listwise',
    ciMethods: { adjustedMeans: 't distribution with the residual df (predict.lm)', difference: 't distribution with the residual df (confint.lm)', d_ppc2: 'normal approximation with the variance of Morris (2008, eq. 25)' },
    level,
    n: { [T]: nT, [C]: nC },
    notes: [...notes, ...rows.filter((r) => r.error).map((r) => `${r.label}: ${r.error}`)],
    extra: { treatment: T, control: C, waves: [pre, post], covariates: ['pre', ...covariates], pAdjustMethod: 'holm', attrition },
  });
}

function emptyControlRow(outcome: string, lbl: string, direction: 'higher-better' | 'higher-worse'): ControlOutcome {
  const nan = NaN;
  return {
    outcome, label: lbl, direction, nTreatment: 0, nControl: 0, nExcluded: nan,
    meanPreTreatment: nan, sdPreTreatment: nan, meanPostTreatment: nan, sdPostTreatment: nan,
    meanPreControl: nan, sdPreControl: nan, meanPostControl: nan, sdPostControl: nan,
    adjMeanTreatment: nan, adjLowerTreatment: nan, adjUpperTreatment: nan, adjMeanControl: nan, adjLowerControl: nan, adjUpperControl: nan,
    difference: nan, differenceLower: nan, differenceUpper: nan, F: nan, df1: nan, df2: nan, p: nan, pHolm: nan, partialEta2: nan, slopesP: nan,
    dppc2: nan, dppc2Lower: nan, dppc2Upper: nan, interactionF: nan, interactionDf2: nan, interactionP: nan, interactionEtaG2: nan, nMixed: 0,
  };
}

function controlSentence(r: ControlOutcome, T: string, C: string, level: number, lang: 'en' | 'nl'): string {
  if (!Number.isFinite(r.F)) return `${r.label}: not tested (${r.error ?? 'no data'}).`;
  let s =
    `${r.label}: adjusted post-test means ${fmt(r.adjMeanTreatment)} (${label(T, lang)}) vs ${fmt(r.adjMeanControl)} (${label(C, lang)}), ` +
    `difference = ${fmt(r.difference)}, ${fmtCI(r.differenceLower, r.differenceUpper, level)}, ` +
    `F(${r.df1}, ${r.df2}) = ${fmt(r.F)}, ${fmtP(r.p)} (Holm-adjusted ${fmtP(r.pHolm)}), ηp² = ${fmtNoLeadingZero(r.partialEta2, 3)}`;
  if (Number.isFinite(r.dppc2)) s += `; d_ppc2 = ${fmt(r.dppc2)}, ${fmtCI(r.dppc2Lower, r.dppc2Upper, level)}`;
  if (Number.isFinite(r.interactionF)) s += `; group × time F(1, ${r.interactionDf2}) = ${fmt(r.interactionF)}, ${fmtP(r.interactionP)}`;
  return `${s}.`;
}

function controlCharts(
  rows: ControlOutcome[],
  keys: string[],
  peopleFor: Map<string, ParticipantScores[]>,
  allScores: readonly ScoreRow[],
  o: { T: string; C: string; normGroup: string; pre: string; post: string; level: number; lang: 'en' | 'nl'; disc: DisclosureOptions; outcomeScale: (key: string) => boolean; chartOutcomes: string[] },
): DesignChart[] {
  const charts: DesignChart[] = [];
  const lang = o.lang;
  const forest = rows
    .filter((r) => Number.isFinite(r.dppc2) && o.outcomeScale(r.outcome))
    .map((r) => {
      const s = improvementSign(r.direction);
      const [lo, hi] = s === 1 ? [r.dppc2Lower, r.dppc2Upper] : [-r.dppc2Upper, -r.dppc2Lower];
      return { outcome: r.label, estimate: s * r.dppc2, lower: lo, upper: hi, reversed: s === -1 };
    });
  if (forest.length) {
    charts.push({
      id: 'control-forest-dppc2',
      kind: 'forest',
      title: lang === 'nl' ? 'Effect Home-Start t.o.v. vergelijkingsgroep (d_ppc2, positief = gunstig)' : 'Home-Start vs comparison (d_ppc2, positive = favours Home-Start)',
      spec: (forestPlot(forest, { lang, title: lang === 'nl' ? 'Home-Start t.o.v. vergelijkingsgroep' : 'Home-Start vs comparison group', ...o.disc, xTitle: lang === 'nl' ? 'd_ppc2 (positief = gunstig voor Home-Start), 95%-BI' : 'd_ppc2 (positive = favours Home-Start), 95% CI', references: [-0.2, 0.2], referenceLabel: lang === 'nl' ? '(grens van een klein effect)' : '(threshold of a small effect)', signNote: forestSignNote(lang, 'favours-treatment') })),
    });
  }
  for (const key of o.chartOutcomes) {
    const row = rows.find((r) => r.outcome === key);
    const people = peopleFor.get(key);
    if (!row || !people || !keys.includes(key)) continue;
    const [instrument, scale] = key.split(':');
    const waves = wavesInData(allScores.filter((s) => s.group === o.T || s.group === o.C));
    const means = groupWaveMeans(people, [o.T, o.C], waves, o.level);
    let normBand: { lower: number; upper: number; label: string } | undefined;
    const norm = participantScores(allScores.filter((s) => s.group === o.normGroup), { instrument, scale });
    if (norm.length >= 2) {
      const d = describe(norm.map((p) => scoreAt(p, o.pre)), { level: o.level });
      if (d.n >= 2) normBand = { lower: d.ci.lower, upper: d.ci.upper, label: normBandLabel(o.pre, o.level, lang) };
    }
    const id = slug(key);
    charts.push({
      id: `control-interaction-${id}`,
      kind: 'interaction',
      title: `${row.label}: ${lang === 'nl' ? 'gemiddelden per groep en meting' : 'means by group and wave'}`,
      spec: interactionPlot(means, { lang, ...o.disc, yTitle: row.label, title: row.label, ...(normBand ? { normBand } : {}) }),
    });
    if (!o.outcomeScale(key)) continue;
    const change = [o.T, o.C].flatMap((g) =>
      people
        .filter((p) => p.group === g && Number.isFinite(scoreAt(p, o.pre)) && Number.isFinite(scoreAt(p, o.post)))
        .map((p) => ({ group: p.group, change: scoreAt(p, o.post) - scoreAt(p, o.pre) })),
    );
    charts.push({
      id: `control-change-${id}`,
      kind: 'change-distribution',
      title: `${row.label}: ${label('change', lang)}`,
      spec: changeDistribution(change, { lang, ...o.disc, yTitle: `${label('change', lang)} (${o.post} − ${o.pre})`, title: row.label }),
    });
  }
  return charts;
}
