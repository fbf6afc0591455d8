/**
 * Pre/post, one group (the design of Hermanns, Van de Venne & Leseman, 1997).
 */
import type { MeasurementRecord, ScoreRow } from '../data/types.js';
import { defaultInstruments, type InstrumentRegistry } from '../instruments/registry.js';
import { fmt, fmtP } from '../stats/apa.js';
import { repeatedMeasuresD } from '../stats/effsize/paired.js';
import { pAdjust } from '../stats/multicomp.js';
import { fmtPercentWithCI, wilsonInterval } from '../stats/proportion.js';
import { reliableChange } from '../stats/reliable-change.js';
import { StatsError, completePairs } from '../stats/result.js';
import { tTestPaired } from '../stats/ttest.js';
import { changeDistribution, forestPlot, jacobsonTruaxPlot, pairedSlopePlot } from '../charts/builders.js';
import { label, type Lang } from '../charts/theme.js';
import type { DisclosureOptions } from '../charts/builders.js';
import {
  attempt,
  outcomeDefinition,
  outcomeKey,
  outcomeLabel,
  parseDesignOutcome,
  participantScores,
  participantsPerGroup,
  resolveOutcomes,
  resolveReliability,
  scoreAt,
  slug,
  wavesInData,
  type ReliabilitySource,
} from './data.js';
import { DesignResult, type DesignChart, type DesignTable, type OutcomeRef } from './result.js';

/** Options shared by the design analyses. */
/** Options shared by the design analyses; the disclosure options (`disclosure`, default `'share'`, `minGroupSize`, `seed`) go to the charts. */
export interface DesignOptionsBase extends DisclosureOptions {
  /** Outcomes as `instrument:scale` or `{ instrument, scale }`; default every scale with scores (GAS excluded). */
  outcomes?: ReadonlyArray<string | OutcomeRef>;
  /** Instrument definitions (direction, reliability, norms); default the bundled ones. */
  instruments?: InstrumentRegistry;
  /** Item-level records, used to estimate Cronbach's α when a definition gives no reliability. */
  records?: readonly MeasurementRecord[];
  /** Confidence level of every CI (default 0.95). */
  level?: number;
  /** Language of chart labels and outcome names (default English). */
  lang?: Lang;
  /**
   * Reliabilities for reliable change by outcome (`{ 'nosik:total': 0.92 }`), overriding the
   * definition and the α estimate (e.g. the values of a licensed manual).
   */
  reliabilities?: Readonly<Record<string, number>>;
  /**
   * Outcomes to draw per-outcome charts for; default the `total` scale of each instrument analysed
   * (else its first analysed scale). `[]` for none.
   */
  chartOutcomes?: ReadonlyArray<string | OutcomeRef>;
}

export interface PrePostOptions extends DesignOptionsBase {
  /** Group analysed (default `homestart`, or the only group in the data). */
  group?: string;
  /** Pre and post wave (default the first and last wave in the data). */
  waves?: [string, string];
}

/** One row of the pre/post table. All numbers unrounded; NaN where not computable (see `error`). */
export interface PrePostOutcome {
  outcome: string;
  label: string;
  direction: 'higher-better' | 'higher-worse';
  /** Participants of the group with a score at pre / at post. */
  nPre: number;
  nPost: number;
  /** Complete pairs analysed. */
  n: number;
  /** Participants of the group with only one of the two scores (excluded listwise). */
  nExcluded: number;
  meanPre: number;
  sdPre: number;
  meanPost: number;
  sdPost: number;
  /** Mean of post − pre, with its t-based CI. */
  meanChange: number;
  changeLower: number;
  changeUpper: number;
  t: number;
  df: number;
  p: number;
  /** Holm-adjusted p over the outcomes of this analysis. */
  pHolm: number;
  dz: number;
  dzLower: number;
  dzUpper: number;
  dav: number;
  davLower: number;
  davUpper: number;
  reliability: number;
  reliabilitySource: ReliabilitySource;
  /** S_diff = √2·SD_pre·√(1 − r) (Jacobson & Truax). */
  sDiff: number;
  improved: number;
  improvedShare: number;
  improvedLower: number;
  improvedUpper: number;
  deteriorated: number;
  deterioratedShare: number;
  /** Why some numbers are NaN (a StatsError message), if any. */
  error?: string;
}

const PREPOST_COLUMNS: DesignTable['columns'] = [
  { key: 'label', label: 'Outcome', format: 'text' },
  { key: 'n', label: 'n', format: 'int' },
  { key: 'meanPre', label: 'M pre', format: 'num2' },
  { key: 'sdPre', label: 'SD pre', format: 'num2' },
  { key: 'meanPost', label: 'M post', format: 'num2' },
  { key: 'sdPost', label: 'SD post', format: 'num2' },
  { key: 'meanChange', label: 'Change', format: 'num2' },
  { key: 'changeLower', label: '95% CI lower', format: 'num2' },
  { key: 'changeUpper', label: '95% CI upper', format: 'num2' },
  { key: 't', label: 't', format: 'num2' },
  { key: 'df', label: 'df', format: 'int' },
  { key: 'p', label: 'p', format: 'p' },
  { key: 'pHolm', label: 'p (Holm)', format: 'p' },
  { key: 'dz', label: 'd_z', format: 'num2' },
  { key: 'dzLower', label: 'd_z lower', format: 'num2' },
  { key: 'dzUpper', label: 'd_z upper', format: 'num2' },
  { key: 'dav', label: 'd_av', format: 'num2' },
  { key: 'davLower', label: 'd_av lower', format: 'num2' },
  { key: 'davUpper', label: 'd_av upper', format: 'num2' },
  { key: 'reliability', label: 'r_xx', format: 'prop3' },
  { key: 'reliabilitySource', label: 'r_xx source', format: 'text' },
  { key: 'improvedShare', label: 'Reliably improved', format: 'pct' },
  { key: 'improvedLower', label: 'lower', format: 'pct' },
  { key: 'improvedUpper', label: 'upper', format: 'pct' },
  { key: 'deterioratedShare', label: 'Reliably deteriorated', format: 'pct' },
];

/** The charted outcomes: requested, or each instrument's `total` scale (else its first analysed scale). */
export function defaultChartOutcomes(outcomes: OutcomeRef[], requested: ReadonlyArray<string | OutcomeRef> | undefined, registry: InstrumentRegistry): OutcomeRef[] {
  if (requested) {
    return requested.map((r) => {
      const { def, scale } = outcomeDefinition(parseDesignOutcome(r), registry);
      return { instrument: def.id, scale: scale.id };
    });
  }
  const byInstrument = new Map<string, OutcomeRef[]>();
  for (const o of outcomes) {
    if (!byInstrument.has(o.instrument)) byInstrument.set(o.instrument, []);
    byInstrument.get(o.instrument)!.push(o);
  }
  // descriptive scales (`"outcome": false`, e.g. lifetime event counts) get no change charts
  return [...byInstrument.values()]
    .map((list) => list.filter((o) => isOutcomeScale(outcomeKey(o), registry)))
    .filter((list) => list.length > 0)
    .map((list) => list.find((o) => o.scale === 'total') ?? list[0]);
}

/**
 * The sign convention of the forest plots, stated on the chart: positive = improvement, † where the
 * sign is reversed against the table (a lower score is better on that scale).
 */
export function forestSignNote(lang: Lang, positive: 'improvement' | 'favours-treatment' = 'improvement'): string {
  const what = positive === 'improvement' ? (lang === 'nl' ? 'verbetering' : 'improvement') : lang === 'nl' ? 'gunstig voor Home-Start' : 'favours Home-Start';
  return lang === 'nl'
    ? `Positief = ${what}. † Lagere score is beter: teken omgekeerd t.o.v. de tabel.`
    : `Positive = ${what}. † A lower score is better: sign reversed against the table.`;
}

/** Whether a scale is an outcome (not marked `"outcome": false` in its definition, like lifetime event counts). */
export function isOutcomeScale(key: string, registry: InstrumentRegistry): boolean {
  return outcomeDefinition(parseDesignOutcome(key), registry).scale.outcome !== false;
}

/** The chart options of a design's disclosure options (default share mode). */
export function chartDisclosure(o: DisclosureOptions): DisclosureOptions {
  return { disclosure: o.disclosure ?? 'share', ...(o.minGroupSize !== undefined ? { minGroupSize: o.minGroupSize } : {}), ...(o.seed !== undefined ? { seed: o.seed } : {}) };
}

/** Sign that makes an effect "positive = improvement": +1 higher-better, −1 higher-worse. */
export function improvementSign(direction: 'higher-better' | 'higher-worse'): 1 | -1 {
  return direction === 'higher-better' ? 1 : -1;
}

/** The pre/post group: `requested`, else `homestart` when present, else the only group. */
export function pickGroup(scores: readonly ScoreRow[], requested: string | undefined, design: string): string {
  const groups = [...new Set(scores.map((s) => s.group))];
  if (requested) {
    if (!groups.includes(requested)) throw new StatsError(`${design}: no participants in group "${requested}" (groups in the data: ${groups.join(', ')}).`);
    return requested;
  }
  if (groups.includes('homestart')) return 'homestart';
  if (groups.length === 1) return groups[0];
  throw new StatsError(`${design}: the data hold several groups (${groups.join(', ')}); say which one with the group option.`);
}

/** Pre and post wave: requested (both must be present) or first and last wave in the data. */
export function pickPrePostWaves(scores: readonly ScoreRow[], requested: [string, string] | undefined, design: string): [string, string] {
  const waves = wavesInData(scores);
  if (requested) {
    for (const w of requested) if (!waves.includes(w)) throw new StatsError(`${design}: wave ${w} is not in the data (waves: ${waves.join(', ')}).`);
    if (requested[0] === requested[1]) throw new StatsError(`${design}: pre and post wave are both ${requested[0]}.`);
    return requested;
  }
  if (waves.length < 2) throw new StatsError(`${design}: needs two waves; the data hold only ${waves.join(', ') || 'none'}.`);
  return [waves[0], waves[waves.length - 1]];
}

/**
 * Pre/post analysis of one group, one row per outcome (Hermanns, Van de Venne & Leseman, 1997 design).
 *
 * For each outcome, on the participants of the group with both a pre and a post score (listwise; the
 * others are counted in `nExcluded`):
 * - M (SD) at pre and post of the complete pairs; mean change post − pre with its t-based CI;
 * - paired t-test, t = M_D/(SD_D/√n), df = n − 1 (`tTestPaired`; R `t.test(post, pre, paired = TRUE)`);
 *   p-values Holm-adjusted over the outcomes (`pAdjust`; R `p.adjust(method = "holm")`);
 * - d_z = M_D/SD_D with the noncentral-t CI (Steiger & Fouladi, 1997), and Lakens' (2013) d_av =
 *   M_D/((SD_pre + SD_post)/2) with the normal-approximation CI of Algina & Keselman (2003)
 *   (`repeatedMeasuresD(post, pre, { method: 'z' | 'av' })`); positive d = scores rose, whatever
 *   the scale's direction (the table keeps the raw sign; the forest plot shows improvement as positive);
 * - reliable change (Jacobson & Truax, 1991): RCI = (post − pre)/S_diff, S_diff = √2·SD_pre·√(1 − r_xx),
 *   critical |RCI| = Φ⁻¹(.975), in the good direction of the scale (`reliableChange`), with the share
 *   reliably improved and its Wilson CI. r_xx is the definition's reliability; when the definition has
 *   none, Cronbach's α of the items at the pre wave in this group (from `records`), which the row and
 *   the notes say; when neither exists the shares are NaN with the reason.
 *
 * Checked against R (tests/reference/designs.R: `t.test(paired = TRUE)`, `p.adjust`, the d_av and
 * JT formulas, `psych::alpha`) on the committed sample file `synthetic-1997-prepost.csv`.
 *
 * An outcome whose statistics cannot be computed (fewer than 2 pairs, no variance in the change) keeps its
 * row with NaN and the StatsError message in `error`; it never aborts the other outcomes.
 *
 * @example
 * // scores, records: synthetic-1997-prepost.csv loaded and scored
 * const r = analyzePrePost(scores, { outcomes: ['psoc:total'], records });
 * r.outcomes[0].n;   // 54 complete pairs
 * r.sentences[0];    // "PSOC: Total sense of competence: M = 57.69 (SD = 12.10) at T1, M = 63.35 (SD = 12.19) at T2, t(53) = 4.68, p < .001 (Holm-adjusted p < .001), d_z = 0.64, 95% CI […]; …"
 *                    // (R: t.test(post, pre, paired = TRUE) gives t = 4.680, df = 53)
 */
export function analyzePrePost(scores: readonly ScoreRow[], options: PrePostOptions = {}): DesignResult<PrePostOutcome> {
  const registry = options.instruments ?? defaultInstruments();
  const level = options.level ?? 0.95;
  const lang = options.lang ?? 'en';
  const disc = chartDisclosure(options);
  const group = pickGroup(scores, options.group, 'Pre/post analysis');
  const [pre, post] = pickPrePostWaves(scores, options.waves, 'Pre/post analysis');
  const data = scores.filter((s) => s.group === group);
  const outcomes = resolveOutcomes(data, registry, options.outcomes);
  const notes: string[] = [];
  const rows: PrePostOutcome[] = [];
  const pairsFor = new Map<string, { ids: string[]; pre: number[]; post: number[]; rci: number[]; categories: string[] }>();

  for (const o of outcomes) {
    const key = outcomeKey(o);
    const { scale } = outcomeDefinition(o, registry);
    const people = participantScores(data, o);
    const x = people.map((p) => scoreAt(p, pre));
    const y = people.map((p) => scoreAt(p, post));
    const pairs = completePairs(x, y, key);
    const row: PrePostOutcome = {
      outcome: key,
      label: outcomeLabel(o, registry, lang),
      direction: scale.direction,
      nPre: x.filter((v) => !Number.isNaN(v)).length,
      nPost: y.filter((v) => !Number.isNaN(v)).length,
      n: pairs.x.length,
      nExcluded: people.length - pairs.x.length,
      meanPre: NaN, sdPre: NaN, meanPost: NaN, sdPost: NaN,
      meanChange: NaN, changeLower: NaN, changeUpper: NaN, t: NaN, df: NaN, p: NaN, pHolm: NaN,
      dz: NaN, dzLower: NaN, dzUpper: NaN, dav: NaN, davLower: NaN, davUpper: NaN,
      reliability: NaN, reliabilitySource: 'none', sDiff: NaN,
      improved: NaN, improvedShare: NaN, improvedLower: NaN, improvedUpper: NaN, deteriorated: NaN, deterioratedShare: NaN,
    };
    const errors: string[] = [];
    const tt = attempt(() => tTestPaired(y, x, { confLevel: level, effectSize: false }));
    if (tt.error !== undefined) errors.push(tt.error);
    else {
      const r = tt.value;
      Object.assign(row, { meanChange: r.meanX, changeLower: r.ci!.lower, changeUpper: r.ci!.upper, t: r.statistic, df: r.df, p: r.p });
    }
    const dz = attempt(() => repeatedMeasuresD(y, x, { method: 'z', level }));
    if (dz.value) Object.assign(row, { dz: dz.value.estimate, dzLower: dz.value.ci!.lower, dzUpper: dz.value.ci!.upper });
    else if (dz.error !== tt.error) errors.push(dz.error);
    const dav = attempt(() => repeatedMeasuresD(y, x, { method: 'av', level }));
    if (dav.value) {
      const d = dav.value.details;
      Object.assign(row, {
        dav: dav.value.estimate, davLower: dav.value.ci!.lower, davUpper: dav.value.ci!.upper,
        sdPost: d.sdX as number, sdPre: d.sdY as number,
      });
    } else errors.push(dav.error);
    if (pairs.x.length > 0) {
      row.meanPre = pairs.x.reduce((a, b) => a + b, 0) / pairs.x.length;
      row.meanPost = pairs.y.reduce((a, b) => a + b, 0) / pairs.y.length;
    }
    const rel = resolveReliability(o, registry, options.records, group, pre, options.reliabilities?.[key]);
    row.reliability = rel.value;
    row.reliabilitySource = rel.source;
    if (rel.source === 'alpha-items') notes.push(`${row.label}: ${rel.description}.`);
    const pairData = { ids: [] as string[], pre: [] as number[], post: [] as number[], rci: [] as number[], categories: [] as string[] };
    if (rel.source === 'none') {
      errors.push(`reliable change not computed: ${rel.reason}`);
    } else {
      const rc = attempt(() => reliableChange(x, y, { reliability: rel.value, direction: scale.direction, level }));
      if (rc.error !== undefined) errors.push(`reliable change: ${rc.error}`);
      else {
        const r = rc.value;
        Object.assign(row, {
          sDiff: r.parameters.sDiff,
          improved: r.summary.improved.successes,
          improvedShare: r.summary.improved.estimate,
          improvedLower: r.summary.improved.ci.lower,
          improvedUpper: r.summary.improved.ci.upper,
          deteriorated: r.summary.deteriorated.successes,
          deterioratedShare: r.summary.deteriorated.estimate,
        });
        for (const rr of r.rows) {
          pairData.ids.push(people[rr.index].id);
          pairData.pre.push(rr.pre);
          pairData.post.push(rr.post);
          pairData.rci.push(rr.rci);
          pairData.categories.push(rr.category);
        }
      }
    }
    if (pairData.ids.length === 0) {
      people.forEach((p, i) => {
        if (!Number.isNaN(x[i]) && !Number.isNaN(y[i])) {
          pairData.ids.push(p.id);
          pairData.pre.push(x[i]);
          pairData.post.push(y[i]);
        }
      });
    }
    pairsFor.set(key, pairData);
    if (errors.length) row.error = errors.join('; ');
    rows.push(row);
  }
  const holm = pAdjust(rows.map((r) => r.p), 'holm');
  rows.forEach((r, i) => (r.pHolm = holm[i]));

  const sentences = rows.map((r) => prePostSentence(r, pre, post, level));
  const charts: DesignChart[] = [];
  const forestRows = rows
    .filter((r) => Number.isFinite(r.dz) && isOutcomeScale(r.outcome, registry))
    .map((r) => {
      const s = improvementSign(r.direction);
      const [lo, hi] = s === 1 ? [r.dzLower, r.dzUpper] : [-r.dzUpper, -r.dzLower];
      return { outcome: r.label, estimate: s * r.dz, lower: lo, upper: hi, reversed: s === -1 };
    });
  if (forestRows.length > 0) {
    charts.push({
      id: 'prepost-forest-dz',
      kind: 'forest',
      title: lang === 'nl' ? 'Verandering per uitkomstmaat (d_z, positief = verbetering)' : 'Change per outcome (d_z, positive = improvement)',
      spec: (forestPlot(forestRows, { lang, title: lang === 'nl' ? 'Verandering per uitkomstmaat' : 'Change per outcome', ...disc, xTitle: lang === 'nl' ? 'd_z (positief = verbetering), 95%-BI' : 'd_z (positive = improvement), 95% CI', references: [-0.2, 0.2], referenceLabel: lang === 'nl' ? '(grens van een klein effect)' : '(threshold of a small effect)', signNote: forestSignNote(lang) })),
    });
  }
  const chartOutcomes = defaultChartOutcomes(outcomes, options.chartOutcomes, registry);
  for (const o of chartOutcomes) {
    const key = outcomeKey(o);
    const row = rows.find((r) => r.outcome === key);
    const pd = pairsFor.get(key);
    if (!row || !pd || pd.ids.length < 2) continue;
    const id = slug(key);
    charts.push({
      id: `prepost-slope-${id}`,
      kind: 'paired-slope',
      title: `${row.label}: ${label('pre', lang)} → ${label('post', lang)}`,
      spec: pairedSlopePlot(pd.ids.map((p, i) => ({ participant: p, group, pre: pd.pre[i], post: pd.post[i] })), { lang, ...disc, yTitle: row.label, title: row.label }),
    });
    if (!isOutcomeScale(key, registry)) continue;
    charts.push({
      id: `prepost-change-${id}`,
      kind: 'change-distribution',
      title: `${row.label}: ${label('change', lang)}`,
      spec: changeDistribution(pd.ids.map((_, i) => ({ group, change: pd.post[i] - pd.pre[i] })), { lang, ...disc, yTitle: `${label('change', lang)} (${post} − ${pre})`, title: row.label }),
    });
    if (pd.categories.length > 0 && Number.isFinite(row.sDiff)) {
      charts.push({
        id: `prepost-jt-${id}`,
        kind: 'jacobson-truax',
        title: `${row.label}: Jacobson–Truax`,
        spec: jacobsonTruaxPlot(pd.ids.map((p, i) => ({ participant: p, pre: pd.pre[i], post: pd.post[i], category: pd.categories[i] })), {
          lang, ...disc, reliableChange: 1.959963984540054 * row.sDiff, yTitle: row.label, title: row.label,
        }),
      });
    }
  }

  const table: DesignTable = {
    id: 'prepost-outcomes',
    title: `Pre/post change in ${label(group, lang)} (${pre} → ${post})`,
    columns: PREPOST_COLUMNS,
    rows: rows.map((r) => ({ ...r }) as unknown as Record<string, string | number | null>),
    note: `Complete pairs only (n); change = ${post} − ${pre}; d > 0 means scores rose (check the direction: for stress scales a fall is an improvement). Reliably improved: Jacobson–Truax RCI beyond ±1.96 in the good direction, Wilson ${Math.round(level * 100)}% CI.`,
  };
  const nPairs = rows.map((r) => r.n);
  const methodsNote =
    `Pre/post analysis of the ${label(group, lang)} group (${pre} vs ${post}) for ${rows.length} outcome${rows.length === 1 ? '' : 's'}. ` +
    `Participants with a score at both waves were analysed (listwise; n = ${Math.min(...nPairs)}–${Math.max(...nPairs)} pairs per outcome, ` +
    `participants with one of the two scores are counted as excluded). Change was tested with a paired t-test (two-sided), ` +
    `p-values Holm-adjusted over the outcomes; the mean change has a t-based ${Math.round(level * 100)}% CI. ` +
    `Effect sizes: d_z (mean change / SD of the changes; CI by noncentral-t inversion) and d_av (mean change / mean of the two SDs, Lakens 2013; normal-approximation CI). ` +
    `Reliable change: Jacobson & Truax (1991) RCI with the reliability given by the user or in the scale's definition, or else Cronbach's α of the items at ${pre}; ` +
    `shares with Wilson CIs.`;
  return new DesignResult<PrePostOutcome>({
    design: 'pre-post',
    method: 'Pre/post, one group: paired t-test, d_z and d_av, Jacobson–Truax reliable change',
    title: `Pre/post: ${label(group, lang)}, ${pre} → ${post}`,
    outcomes: rows,
    tables: [table],
    sentences,
    charts,
    methodsNote,
    missingHandling: 'listwise',
    ciMethods: { meanChange: 't distribution (mean ± t·SE)', d_z: 'noncentral t inversion (Steiger & Fouladi, 1997)', d_av: 'normal approximation, SE = SD_diff/(√n·s_av) (Algina & Keselman, 2003)', reliablyImproved: 'Wilson score interval (Wilson, 1927)' },
    level,
    n: { [group]: participantsPerGroup(data)[group] ?? 0 },
    notes: [...notes, ...rows.filter((r) => r.error).map((r) => `${r.label}: ${r.error}`)],
    extra: { group, waves: [pre, post], pAdjustMethod: 'holm' },
  });
}

function prePostSentence(r: PrePostOutcome, pre: string, post: string, level: number): string {
  if (!Number.isFinite(r.t)) return `${r.label}: not tested (${r.error ?? 'no complete pairs'}).`;
  const ci = `${Math.round(level * 100)}% CI`;
  let s =
    `${r.label}: M = ${fmt(r.meanPre)} (SD = ${fmt(r.sdPre)}) at ${pre}, M = ${fmt(r.meanPost)} (SD = ${fmt(r.sdPost)}) at ${post}, ` +
    `t(${r.df}) = ${fmt(r.t)}, ${fmtP(r.p)} (Holm-adjusted ${fmtP(r.pHolm)}), ` +
    `d_z = ${fmt(r.dz)}, ${ci} [${fmt(r.dzLower)}, ${fmt(r.dzUpper)}], d_av = ${fmt(r.dav)}, ${ci} [${fmt(r.davLower)}, ${fmt(r.davUpper)}]`;
  if (Number.isFinite(r.improvedShare)) {
    s += `; ${r.improved} of ${r.n} reliably improved (${fmtPercentWithCI(wilsonInterval(r.improved, r.n, level))})`;
  }
  return `${s}.`;
}
