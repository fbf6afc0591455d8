/**
 * Goal Attainment Scaling before and after (the GAS analysis of Hermanns, Van de Venne & Leseman, 1997).
 */
import type { ScoreRow } from '../data/types.js';
import { defaultInstruments } from '../instruments/registry.js';
import { fmt, fmtP } from '../stats/apa.js';
import { describe } from '../stats/descriptives.js';
import { signTestPaired, wilcoxonSignedRankPaired } from '../stats/nonparametric.js';
import { fmtPercentWithCI, wilsonInterval } from '../stats/proportion.js';
import { StatsError } from '../stats/result.js';
import { gasAttainmentChart, pairedSlopePlot } from '../charts/builders.js';
import { label } from '../charts/theme.js';
import { attempt, outcomeDefinition, outcomeKey, outcomeLabel, participantScores, parseDesignOutcome, scoreAt } from './data.js';
import { chartDisclosure, pickGroup, pickPrePostWaves, type DesignOptionsBase } from './prepost.js';
import { DesignResult, type DesignChart, type DesignTable } from './result.js';

export interface GasOptions extends Omit<DesignOptionsBase, 'outcomes' | 'chartOutcomes' | 'records'> {
  /** The GAS T-score scale (default `gas:t_score`). */
  outcome?: string;
  /** Group (default `homestart`, or the only group). */
  group?: string;
  /** Baseline and follow-up wave (default first and last). */
  waves?: [string, string];
}

/** The GAS summary (one row). Numbers unrounded. */
export interface GasOutcome {
  outcome: string;
  label: string;
  group: string;
  /** Families with a T-score at both waves. */
  n: number;
  nExcluded: number;
  meanBefore: number;
  sdBefore: number;
  medianBefore: number;
  meanAfter: number;
  sdAfter: number;
  medianAfter: number;
  /** Positive attainment (primary definition): T after > T before. */
  positive: number;
  positiveShare: number;
  positiveLower: number;
  positiveUpper: number;
  /** Families with T after < T before, and equal. */
  negative: number;
  ties: number;
  /** At or above the expected level after: T after ≥ 50. */
  atExpected: number;
  atExpectedShare: number;
  atExpectedLower: number;
  atExpectedUpper: number;
  /** Exact sign test of positive vs negative changes (ties dropped). */
  signP: number;
  /** Wilcoxon signed-rank test of T after − T before. */
  wilcoxonV: number;
  wilcoxonP: number;
  wilcoxonExact: boolean;
  /** Hodges–Lehmann median change with its CI (from the signed-rank test). */
  hlEstimate: number;
  hlLower: number;
  hlUpper: number;
  error?: string;
}

/**
 * GAS before and after: Kiresuk–Sherman T-scores (scored by the instrument engine, ρ from the
 * definition) at the first and last wave of the group, one summary row.
 *
 * - **Positive attainment** is defined as T after > T before (the family attained more of its goals
 *   than at baseline, the "86% positive" of Hermanns et al., 1997); its share has a Wilson CI. Also
 *   reported: the share with T after ≥ 50 (goals attained at least at the expected level).
 * - **Tests**: the exact sign test of the number of families with positive vs negative change (ties
 *   dropped; `signTestPaired`, R `binom.test`) and the Wilcoxon signed-rank test of T after − T before
 *   (`wilcoxonSignedRankPaired`, R `wilcox.test(paired = TRUE)`: exact without ties and n < 50, else the
 *   normal approximation with tie and continuity correction) with the Hodges–Lehmann median change.
 * Families missing either T-score are excluded (listwise) and counted.
 *
 * Checked against R `binom.test`, `wilcox.test` and `prop.test(correct = FALSE)` on
 * `synthetic-1997-prepost.csv` (tests/reference/designs.R).
 *
 * @example
 * const r = analyzeGas(scores);
 * r.outcomes[0].positive; // 48 of 56 families improved their T-score (synthetic-1997-prepost.csv)
 */
export function analyzeGas(scores: readonly ScoreRow[], options: GasOptions = {}): DesignResult<GasOutcome> {
  const registry = options.instruments ?? defaultInstruments();
  const level = options.level ?? 0.95;
  const lang = options.lang ?? 'en';
  const ref = parseDesignOutcome(options.outcome ?? 'gas:t_score');
  const { def, scale } = outcomeDefinition(ref, registry);
  const o = { instrument: def.id, scale: scale.id };
  const gasScores = scores.filter((s) => s.instrument === def.id && s.scale === scale.id);
  if (gasScores.length === 0) throw new StatsError(`GAS analysis: no ${outcomeKey(o)} scores in the data (is there GAS item data, gas_1 … gas_5?).`);
  const group = pickGroup(gasScores, options.group, 'GAS analysis');
  const [pre, post] = pickPrePostWaves(gasScores, options.waves, 'GAS analysis');
  const people = participantScores(gasScores.filter((s) => s.group === group), o);
  const complete = people.filter((p) => Number.isFinite(scoreAt(p, pre)) && Number.isFinite(scoreAt(p, post)));
  const x = complete.map((p) => scoreAt(p, pre));
  const y = complete.map((p) => scoreAt(p, post));
  const n = complete.length;
  const lbl = outcomeLabel(o, registry, lang);
  if (n < 2) throw new StatsError(`GAS analysis: only ${n} ${n === 1 ? 'family has' : 'families have'} a T-score at both ${pre} and ${post}; at least 2 are needed.`);
  const dB = describe(x);
  const dA = describe(y);
  const positive = complete.filter((_, i) => y[i] > x[i]).length;
  const negative = complete.filter((_, i) => y[i] < x[i]).length;
  const atExpected = y.filter((v) => v >= 50).length;
  const pos = wilsonInterval(positive, n, level);
  const atE = wilsonInterval(atExpected, n, level);
  const row: GasOutcome = {
    outcome: outcomeKey(o), label: lbl, group, n, nExcluded: people.length - n,
    meanBefore: dB.mean, sdBefore: dB.sd, medianBefore: dB.median, meanAfter: dA.mean, sdAfter: dA.sd, medianAfter: dA.median,
    positive, positiveShare: pos.estimate, positiveLower: pos.ci.lower, positiveUpper: pos.ci.upper, negative, ties: n - positive - negative,
    atExpected, atExpectedShare: atE.estimate, atExpectedLower: atE.ci.lower, atExpectedUpper: atE.ci.upper,
    signP: NaN, wilcoxonV: NaN, wilcoxonP: NaN, wilcoxonExact: false, hlEstimate: NaN, hlLower: NaN, hlUpper: NaN,
  };
  const errors: string[] = [];
  const st = attempt(() => signTestPaired(y, x, { confLevel: level }));
  if (st.error !== undefined) errors.push(`sign test: ${st.error}`);
  else row.signP = st.value.p;
  const wx = attempt(() => wilcoxonSignedRankPaired(y, x, { confLevel: level }));
  if (wx.error !== undefined) errors.push(`Wilcoxon: ${wx.error}`);
  else {
    const w = wx.value;
    Object.assign(row, { wilcoxonV: w.statistic, wilcoxonP: w.p, wilcoxonExact: w.exact, hlEstimate: w.estimate?.value ?? NaN, hlLower: w.ci?.lower ?? NaN, hlUpper: w.ci?.upper ?? NaN });
  }
  if (errors.length) row.error = errors.join('; ');

  const sentences = [
    `${lbl}: M = ${fmt(dB.mean)} (SD = ${fmt(dB.sd)}) at ${pre} and M = ${fmt(dA.mean)} (SD = ${fmt(dA.sd)}) at ${post}; ` +
      `${positive} of ${n} families (${fmtPercentWithCI(pos)}) had a higher T-score at ${post} than at ${pre} (positive attainment), ${negative} lower, ${row.ties} equal; ` +
      `sign test ${fmtP(row.signP)}; Wilcoxon signed-rank V = ${fmt(row.wilcoxonV, 1)}, ${fmtP(row.wilcoxonP)}` +
      `${Number.isFinite(row.hlEstimate) ? `, median change = ${fmt(row.hlEstimate)}, ${Math.round(level * 100)}% CI [${fmt(row.hlLower)}, ${fmt(row.hlUpper)}]` : ''}; ` +
      `${atExpected} of ${n} (${fmtPercentWithCI(atE)}) reached T ≥ 50 at ${post}.`,
  ];
  const charts: DesignChart[] = [
    {
      id: 'gas-attainment',
      kind: 'gas',
      title: lang === 'nl' ? 'GAS T-scores voor en na' : 'GAS T-scores before and after',
      spec: gasAttainmentChart(complete.map((p, i) => ({ participant: p.id, before: x[i], after: y[i] })), { lang, ...chartDisclosure(options), title: lbl }),
    },
    {
      id: 'gas-slope',
      kind: 'paired-slope',
      title: lang === 'nl' ? 'GAS T-score per gezin' : 'GAS T-score per family',
      spec: pairedSlopePlot(complete.map((p, i) => ({ participant: p.id, group, pre: x[i], post: y[i] })), { lang, ...chartDisclosure(options), yTitle: 'GAS T-score', title: lbl }),
    },
  ];
  const table: DesignTable = {
    id: 'gas-summary',
    title: `GAS attainment (${pre} → ${post})`,
    columns: [
      { key: 'n', label: 'n', format: 'int' },
      { key: 'meanBefore', label: `M ${pre}`, format: 'num2' },
      { key: 'sdBefore', label: `SD ${pre}`, format: 'num2' },
      { key: 'meanAfter', label: `M ${post}`, format: 'num2' },
      { key: 'sdAfter', label: `SD ${post}`, format: 'num2' },
      { key: 'positive', label: 'Positive', format: 'int' },
      { key: 'positiveShare', label: '% positive', format: 'pct' },
      { key: 'positiveLower', label: 'lower', format: 'pct' },
      { key: 'positiveUpper', label: 'upper', format: 'pct' },
      { key: 'negative', label: 'Negative', format: 'int' },
      { key: 'ties', label: 'Equal', format: 'int' },
      { key: 'signP', label: 'p (sign test)', format: 'p' },
      { key: 'wilcoxonV', label: 'V', format: 'num2' },
      { key: 'wilcoxonP', label: 'p (Wilcoxon)', format: 'p' },
      { key: 'atExpectedShare', label: `% T ≥ 50 at ${post}`, format: 'pct' },
    ],
    rows: [{ ...row } as unknown as Record<string, string | number | null>],
    note: `Positive attainment = T-score at ${post} higher than at ${pre}. Families with a T-score at both waves (listwise).`,
  };
  const methodsNote =
    `GAS (Kiresuk & Sherman, 1968) T-scores of the ${label(group, lang)} group at ${pre} and ${post} (n = ${n} families with both; ${row.nExcluded} excluded). ` +
    `Positive attainment is defined as a higher T-score at ${post} than at ${pre}; its share has a Wilson ${Math.round(level * 100)}% CI. ` +
    `Tests: exact sign test (ties dropped) and Wilcoxon signed-rank test (${row.wilcoxonExact ? 'exact' : 'normal approximation with tie and continuity correction'}) of the change, with the Hodges–Lehmann median change. Also given: the share at or above the expected level (T ≥ 50) at ${post}.`;
  return new DesignResult<GasOutcome>({
    design: 'gas',
    method: 'GAS T-scores before/after: share with positive attainment (Wilson CI), sign test, Wilcoxon signed-rank test',
    title: `GAS: ${label(group, lang)}, ${pre} → ${post}`,
    outcomes: [row],
    tables: [table],
    sentences,
    charts,
    methodsNote,
    missingHandling: 'listwise',
    ciMethods: { positiveShare: 'Wilson score interval (Wilson, 1927)', medianChange: 'Hodges–Lehmann with the Wilcoxon signed-rank interval (Bauer, 1972; R wilcox.test)' },
    level,
    n: { [group]: people.length },
    notes: row.error ? [row.error] : [],
    extra: { group, waves: [pre, post], positiveDefinition: `T(${post}) > T(${pre})` },
  });
}
