/**
 * Clinical significance against a norm group (the design of Asscher, Deković, Prinzie & Hermanns, 2008).
 */
import type { ScoreRow } from '../data/types.js';
import { defaultInstruments } from '../instruments/registry.js';
import type { NormGroup } from '../instruments/types.js';
import { fmt, fmtP } from '../stats/apa.js';
import { clinicalSignificance, CLINICAL_SIGNIFICANCE_CATEGORIES, type CutoffType, type PopulationNorms } from '../stats/clinical-significance.js';
import { describe } from '../stats/descriptives.js';
import { normativeComparison } from '../stats/equivalence.js';
import { fmtPercentWithCI, wilsonInterval } from '../stats/proportion.js';
import { StatsError } from '../stats/result.js';
import { categoryBars, interactionPlot, jacobsonTruaxPlot } from '../charts/builders.js';
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
  resolveReliability,
  scoreAt,
  slug,
  type ReliabilitySource,
} from './data.js';
import { groupWaveMeans, normBandLabel } from './control.js';
import { chartDisclosure, defaultChartOutcomes, pickPrePostWaves, type DesignOptionsBase } from './prepost.js';
import { DesignResult, type DesignChart, type DesignTable } from './result.js';

export interface NormOptions extends DesignOptionsBase {
  /** Treated (clinical) group, whose pre-test defines the clinical population (default `homestart`). */
  treatment?: string;
  /** Norm (functional) group (default `norm`). */
  normGroup?: string;
  /** Groups to summarise (default every group in the data, treated group first, norm group last). */
  groups?: readonly string[];
  /** Pre and post wave (default first and last wave). */
  waves?: [string, string];
  /** Jacobson–Truax cut-off type (default `c`). */
  cutoff?: CutoffType;
  /**
   * Where the clinical and functional means and SDs come from:
   * - `sample` — clinical = the treated group's pre-test, functional = the norm group's pre-test
   *   (needs the norm group in the data);
   * - `definition` — the scale's `norms` in the instrument definition (`kind: clinical` / `functional`);
   *   the clinical population falls back to the treated group's pre-test when the definition has none.
   * Default: `sample` when the norm group is in the data, else `definition`.
   */
  cutoffSource?: 'sample' | 'definition';
  /** Half-width of the normative-equivalence range in norm SDs (default 1, Kendall et al. 1999). */
  deltaSD?: number;
}

/** One row per outcome × group; numbers unrounded, NaN where not computable. */
export interface NormOutcome {
  outcome: string;
  label: string;
  group: string;
  direction: 'higher-better' | 'higher-worse';
  /** Complete pre–post pairs of this group. */
  n: number;
  nMissing: number;
  cutoffType: CutoffType;
  cutoff: number;
  /** Sentence saying where the clinical and functional means/SDs came from. */
  cutoffSource: string;
  clinicalMean: number;
  clinicalSd: number;
  functionalMean: number;
  functionalSd: number;
  reliability: number;
  reliabilitySource: ReliabilitySource;
  /** Share in the clinical range (strictly on the clinical side of the cut-off) before and after, Wilson CIs. */
  clinicalBefore: number;
  clinicalBeforeLower: number;
  clinicalBeforeUpper: number;
  clinicalAfter: number;
  clinicalAfterLower: number;
  clinicalAfterUpper: number;
  recovered: number;
  improved: number;
  unchanged: number;
  deteriorated: number;
  harmed: number;
  recoveredShare: number;
  recoveredLower: number;
  recoveredUpper: number;
  improvedShare: number;
  unchangedShare: number;
  deterioratedShare: number;
  harmedShare: number;
  /** Normative comparison (TOST) of this group's post mean against the norm group's post mean. */
  postMean: number;
  normPostMean: number;
  delta: number;
  eqDifference: number;
  eqLower: number;
  eqUpper: number;
  eqP: number;
  equivalent: boolean | null;
  error?: string;
}

const NORM_COLUMNS: DesignTable['columns'] = [
  { key: 'label', label: 'Outcome', format: 'text' },
  { key: 'group', label: 'Group', format: 'text' },
  { key: 'n', label: 'n', format: 'int' },
  { key: 'cutoff', label: 'Cut-off', format: 'num2' },
  { key: 'reliability', label: 'r_xx', format: 'prop3' },
  { key: 'clinicalBefore', label: 'Clinical before', format: 'pct' },
  { key: 'clinicalAfter', label: 'Clinical after', format: 'pct' },
  { key: 'recoveredShare', label: 'Recovered', format: 'pct' },
  { key: 'improvedShare', label: 'Improved', format: 'pct' },
  { key: 'unchangedShare', label: 'Unchanged', format: 'pct' },
  { key: 'deterioratedShare', label: 'Deteriorated', format: 'pct' },
  { key: 'harmedShare', label: 'Harmed', format: 'pct' },
  { key: 'postMean', label: 'M post', format: 'num2' },
  { key: 'normPostMean', label: 'M norm post', format: 'num2' },
  { key: 'delta', label: 'δ', format: 'num2' },
  { key: 'eqLower', label: '90% CI lower', format: 'num2' },
  { key: 'eqUpper', label: '90% CI upper', format: 'num2' },
  { key: 'eqP', label: 'p (TOST)', format: 'p' },
  { key: 'equivalent', label: 'Equivalent', format: 'text' },
];

function normFrom(norms: NormGroup[] | undefined, kind: 'clinical' | 'functional'): NormGroup | undefined {
  return norms?.find((n) => n.kind === kind);
}

/**
 * Clinical significance of change against a norm group, per outcome and group (Asscher et al., 2008 design).
 *
 * 1. **Cut-off** (Jacobson & Truax, 1991; `clinicalSignificance`): type c (default) =
 *    (SD_clin·M_func + SD_func·M_clin)/(SD_clin + SD_func), with the clinical population = the treated
 *    group's pre-test scores (all available) and the functional population = the norm group's pre-test
 *    scores (`cutoffSource: 'sample'`), or the scale's norms from the instrument definition
 *    (`'definition'`); each row records which.
 * 2. **Reliable change** per person: JT RCI = (post − pre)/(√2·SD_clin·√(1 − r_xx)), critical |RCI| =
 *    Φ⁻¹(.975), r_xx from the definition or Cronbach's α of the items of the treated group at pre.
 * 3. **Categories** per group (complete pairs): recovered (reliably improved, clinical before and
 *    functional after), improved, unchanged, deteriorated, harmed; counts and Wilson CIs; share in the
 *    clinical range before and after (strictly beyond the cut-off).
 * 4. **Normative comparison** (Kendall, Marrs-Garcia, Nath & Sheldrick, 1999; `normativeComparison`):
 *    two one-sided Welch t-tests of M_post,group − M_post,norm against ±δ, δ = `deltaSD` × the norm
 *    group's post-test SD (default 1 SD); equivalent when both p < .05 (90% CI within ±δ).
 *
 * Checked against R (tests/reference/designs.R: the cut-off and category rules written out,
 * `psych::alpha`, `t.test(mu = ±δ)`) on `synthetic-2005-control.csv` + `synthetic-2008-norm.csv`.
 *
 * @example
 * // synthetic-2005-control.csv + synthetic-2008-norm.csv, scored, with their item records
 * const r = analyzeVersusNorm([...scores2005, ...scores2008], { outcomes: ['nosik:total'], records });
 * const hs = r.outcomes.find((o) => o.group === 'homestart')!;
 * hs.cutoff;        // 82.774 (cut-off c)
 * hs.clinicalAfter; // 0.3529 (18 of 51 Home-Start mothers still in the clinical range at T2; 62.7% before)
 * hs.recovered;     // 9
 */
export function analyzeVersusNorm(scores: readonly ScoreRow[], options: NormOptions = {}): DesignResult<NormOutcome> {
  const registry = options.instruments ?? defaultInstruments();
  const level = options.level ?? 0.95;
  const lang = options.lang ?? 'en';
  const T = options.treatment ?? 'homestart';
  const N = options.normGroup ?? 'norm';
  const cutoffType = options.cutoff ?? 'c';
  const present = groupsInData(scores);
  if (!present.includes(T)) throw new StatsError(`Versus-norm analysis: no participants in group "${T}" (groups in the data: ${present.join(', ')}).`);
  const hasNorm = present.includes(N);
  const source = options.cutoffSource ?? (hasNorm ? 'sample' : 'definition');
  if (source === 'sample' && !hasNorm) {
    throw new StatsError(`Versus-norm analysis: cut-off source "sample" needs the norm group "${N}" in the data (groups: ${present.join(', ')}); combine the norm file or use cutoffSource "definition".`);
  }
  const groups = options.groups ? [...options.groups] : [T, ...present.filter((g) => g !== T && g !== N), ...(hasNorm ? [N] : [])];
  const data = scores.filter((s) => groups.includes(s.group) || s.group === N);
  const [pre, post] = pickPrePostWaves(data, options.waves, 'Versus-norm analysis');
  const outcomes = resolveOutcomes(data, registry, options.outcomes);
  const notes: string[] = [];
  const rows: NormOutcome[] = [];
  const charts: DesignChart[] = [];
  const chartKeys = defaultChartOutcomes(outcomes, options.chartOutcomes, registry).map(outcomeKey);

  for (const o of outcomes) {
    const key = outcomeKey(o);
    const { scale } = outcomeDefinition(o, registry);
    const lbl = outcomeLabel(o, registry, lang);
    const people = participantScores(data, o);
    const x = people.map((p) => scoreAt(p, pre));
    const y = people.map((p) => scoreAt(p, post));
    const g = people.map((p) => (groups.includes(p.group) ? p.group : null));
    const errors: string[] = [];

    // populations
    let clinical: PopulationNorms | undefined;
    let functional: PopulationNorms | undefined;
    let sourceText: string;
    const sampleStats = (grp: string): PopulationNorms | undefined => {
      const d = describe(people.filter((p) => p.group === grp).map((p) => scoreAt(p, pre)));
      return d.n >= 2 && d.sd > 0 ? { mean: d.mean, sd: d.sd } : undefined;
    };
    if (source === 'sample') {
      clinical = sampleStats(T);
      functional = sampleStats(N);
      sourceText = `clinical = ${T} at ${pre}, functional = ${N} at ${pre} (sample)`;
    } else {
      const defClin = normFrom(scale.norms, 'clinical');
      const defFunc = normFrom(scale.norms, 'functional');
      clinical = defClin ? { mean: defClin.mean, sd: defClin.sd } : sampleStats(T);
      functional = defFunc ? { mean: defFunc.mean, sd: defFunc.sd } : undefined;
      sourceText =
        `clinical = ${defClin ? `definition norms "${defClin.group}"${defClin.source ? ` (${defClin.source})` : ''}` : `${T} at ${pre} (sample; the definition has no clinical norms)`}, ` +
        `functional = ${defFunc ? `definition norms "${defFunc.group}"${defFunc.source ? ` (${defFunc.source})` : ''}` : 'none in the definition'}`;
    }
    const rel = resolveReliability(o, registry, options.records, T, pre, options.reliabilities?.[key]);
    if (rel.source === 'alpha-items') notes.push(`${lbl}: ${rel.description}.`);

    let cs: ReturnType<typeof clinicalSignificance> | undefined;
    if (!clinical) errors.push(`the clinical population (${T} at ${pre}) needs at least 2 scores with spread`);
    else if (rel.source === 'none') errors.push(`reliable change not computed: ${rel.reason}`);
    else if ((cutoffType === 'b' || cutoffType === 'c') && !functional) errors.push(`cut-off ${cutoffType} needs functional norms (${sourceText})`);
    else {
      const r = attempt(() =>
        clinicalSignificance(x, y, {
          reliability: rel.value,
          direction: scale.direction,
          cutoff: cutoffType,
          clinical,
          ...(functional ? { functional } : {}),
          sdPre: clinical!.sd,
          group: g,
          level,
        }),
      );
      if (r.error !== undefined) errors.push(r.error);
      else cs = r.value;
    }

    // normative comparison at post
    const normPost = people.filter((p) => p.group === N).map((p) => scoreAt(p, post));
    const defFunc = normFrom(scale.norms, 'functional');
    for (const grp of groups) {
      const s = cs?.groups.find((x) => x.group === grp);
      const row: NormOutcome = {
        outcome: key, label: lbl, group: grp, direction: scale.direction,
        n: s?.n ?? 0, nMissing: s?.nMissing ?? NaN,
        cutoffType, cutoff: cs?.cutoff ?? NaN, cutoffSource: sourceText,
        clinicalMean: clinical?.mean ?? NaN, clinicalSd: clinical?.sd ?? NaN, functionalMean: functional?.mean ?? NaN, functionalSd: functional?.sd ?? NaN,
        reliability: rel.value, reliabilitySource: rel.source,
        clinicalBefore: s?.clinicalRange.before.estimate ?? NaN, clinicalBeforeLower: s?.clinicalRange.before.ci.lower ?? NaN, clinicalBeforeUpper: s?.clinicalRange.before.ci.upper ?? NaN,
        clinicalAfter: s?.clinicalRange.after.estimate ?? NaN, clinicalAfterLower: s?.clinicalRange.after.ci.lower ?? NaN, clinicalAfterUpper: s?.clinicalRange.after.ci.upper ?? NaN,
        recovered: s?.summary.recovered.successes ?? NaN, improved: s?.summary.improved.successes ?? NaN, unchanged: s?.summary.unchanged.successes ?? NaN,
        deteriorated: s?.summary.deteriorated.successes ?? NaN, harmed: s?.summary.harmed.successes ?? NaN,
        recoveredShare: s?.summary.recovered.estimate ?? NaN, recoveredLower: s?.summary.recovered.ci.lower ?? NaN, recoveredUpper: s?.summary.recovered.ci.upper ?? NaN,
        improvedShare: s?.summary.improved.estimate ?? NaN, unchangedShare: s?.summary.unchanged.estimate ?? NaN,
        deterioratedShare: s?.summary.deteriorated.estimate ?? NaN, harmedShare: s?.summary.harmed.estimate ?? NaN,
        postMean: NaN, normPostMean: NaN, delta: NaN, eqDifference: NaN, eqLower: NaN, eqUpper: NaN, eqP: NaN, equivalent: null,
      };
      const rowErrors = [...errors];
      const grpPost = people.filter((p) => p.group === grp).map((p) => scoreAt(p, post));
      if (grp !== N) {
        const normArg = hasNorm ? normPost : defFunc ? { mean: defFunc.mean, sd: defFunc.sd, ...(defFunc.n ? { n: defFunc.n } : {}) } : undefined;
        if (normArg) {
          const eq = attempt(() => normativeComparison(grpPost, normArg, { deltaSD: options.deltaSD ?? 1 }));
          if (eq.error !== undefined) rowErrors.push(`normative comparison: ${eq.error}`);
          else {
            const e = eq.value;
            const nm = Array.isArray(normArg) ? describe(normArg).mean : (normArg as { mean: number }).mean;
            Object.assign(row, {
              postMean: describe(grpPost).mean, normPostMean: nm, delta: e.bounds.high, eqDifference: e.estimate,
              eqLower: e.ci.lower, eqUpper: e.ci.upper, eqP: e.p, equivalent: e.equivalent,
            });
          }
        }
      } else {
        row.postMean = describe(grpPost).mean;
        row.normPostMean = row.postMean;
      }
      if (rowErrors.length) row.error = rowErrors.join('; ');
      rows.push(row);
    }

    if (cs && chartKeys.includes(key)) {
      const id = slug(key);
      const pts = cs.rows
        .filter((r) => people[r.index].group === T)
        .map((r) => ({ participant: people[r.index].id, pre: r.pre, post: r.post, category: r.category, group: T }));
      charts.push({
        id: `norm-jt-${id}`,
        kind: 'jacobson-truax',
        title: `${lbl}: Jacobson–Truax (${label(T, lang)})`,
        spec: jacobsonTruaxPlot(pts, { lang, ...chartDisclosure(options), reliableChange: cs.criticalValue * cs.rciParameters.sDiff, cutoff: cs.cutoff, yTitle: lbl, title: `${lbl} — ${label(T, lang)}` }),
      });
      const bars = cs.groups.flatMap((grp) => CLINICAL_SIGNIFICANCE_CATEGORIES.map((c) => ({ group: grp.group, category: c, count: grp.summary[c].successes })));
      // categoryBars keeps the groups in the order given: analysis order, treated group first
      const barSpec = categoryBars(bars, { lang, ...chartDisclosure(options), title: lbl });
      charts.push({ id: `norm-categories-${id}`, kind: 'category-bars', title: `${lbl}: ${lang === 'nl' ? 'veranderingscategorieën per groep' : 'change categories by group'}`, spec: barSpec });
      if (hasNorm) {
        const means = groupWaveMeans(people, groups.filter((x) => x !== N), [pre, post], level);
        const nd = describe(people.filter((p) => p.group === N).map((p) => scoreAt(p, pre)), { level });
        charts.push({
          id: `norm-interaction-${id}`,
          kind: 'interaction',
          title: `${lbl}: ${lang === 'nl' ? 'gemiddelden met normband' : 'means with norm band'}`,
          spec: interactionPlot(means, { lang, ...chartDisclosure(options), yTitle: lbl, title: lbl, normBand: { lower: nd.ci.lower, upper: nd.ci.upper, label: normBandLabel(pre, level, lang) }, referenceLine: { value: cs.cutoff, label: `${lang === 'nl' ? 'afkappunt' : 'cut-off'} ${cutoffType} = ${fmt(cs.cutoff, 1)}` } }),
        });
      }
    }
  }

  const pg = participantsPerGroup(data);
  const methodsNote =
    `Clinical significance (Jacobson & Truax, 1991) from ${pre} to ${post} per group (${groups.map((g2) => `${label(g2, lang)} n = ${pg[g2] ?? 0}`).join(', ')}). ` +
    `Cut-off ${cutoffType}${cutoffType === 'c' ? ' = (SD_clin·M_func + SD_func·M_clin)/(SD_clin + SD_func)' : ''} with ${source === 'sample' ? `the ${label(T, lang)} pre-test as the clinical and the ${label(N, lang)} pre-test as the functional population` : 'the norms of the instrument definitions'}. ` +
    `Reliable change: RCI = (post − pre)/(√2·SD_clin·√(1 − r_xx)) beyond ±1.96; r_xx as given by the user or in the definition, or else Cronbach's α of the items at ${pre}. ` +
    `Categories: recovered (reliably improved and moved from the clinical to the functional side), improved, unchanged, deteriorated, harmed; shares with Wilson ${Math.round(level * 100)}% CIs; complete pairs per group (listwise). ` +
    `Normative comparison (Kendall et al., 1999): two one-sided Welch t-tests of the ${post} mean against the ${label(N, lang)}'s ${post} mean within ±${options.deltaSD ?? 1} norm SD (90% CI).`;
  const table: DesignTable = {
    id: 'norm-outcomes',
    title: `Clinical significance and normative comparison (${pre} → ${post})`,
    columns: NORM_COLUMNS,
    rows: rows.map((r) => ({ ...r, equivalent: r.equivalent === null ? null : r.equivalent ? 'yes' : 'no' }) as unknown as Record<string, string | number | null>),
    note: `Clinical = strictly on the clinical side of the cut-off. Equivalence: 90% CI of M_post − M_norm,post within ±δ (δ = ${options.deltaSD ?? 1} norm SD at ${post}).`,
  };
  return new DesignResult<NormOutcome>({
    design: 'norm',
    method: 'Clinical significance (Jacobson–Truax cut-off and RCI) and normative comparison (Kendall et al. 1999)',
    title: `Versus norm: ${groups.map((g2) => label(g2, lang)).join(', ')}, ${pre} → ${post}`,
    outcomes: rows,
    tables: [table],
    sentences: rows.filter((r) => r.group !== N).map((r) => normSentence(r, level, lang)),
    charts,
    methodsNote,
    missingHandling: 'listwise',
    ciMethods: { shares: 'Wilson score interval (Wilson, 1927)', normativeDifference: '90% Welch t interval (1 − 2α, two one-sided tests)' },
    level,
    n: Object.fromEntries(groups.map((g2) => [g2, pg[g2] ?? 0])),
    notes: [...new Set([...notes, ...rows.filter((r) => r.error).map((r) => `${r.label} (${r.group}): ${r.error}`)])],
    extra: { treatment: T, normGroup: N, waves: [pre, post], cutoffType, cutoffSource: source },
  });
}

function normSentence(r: NormOutcome, level: number, lang: 'en' | 'nl'): string {
  if (!Number.isFinite(r.cutoff)) return `${r.label}, ${label(r.group, lang)}: not computed (${r.error ?? 'no data'}).`;
  const pc = (k: number, n: number) => fmtPercentWithCI(wilsonInterval(k, n, level));
  const before = Math.round(r.clinicalBefore * r.n);
  const after = Math.round(r.clinicalAfter * r.n);
  let s =
    `${r.label}, ${label(r.group, lang)} (n = ${r.n}): cut-off ${r.cutoffType} = ${fmt(r.cutoff)}; in the clinical range ${pc(before, r.n)} before and ${pc(after, r.n)} after; ` +
    `recovered ${r.recovered} (${pc(r.recovered, r.n)}), improved ${r.improved}, unchanged ${r.unchanged}, deteriorated ${r.deteriorated}, harmed ${r.harmed}`;
  if (Number.isFinite(r.eqP)) {
    s += `; post-test mean ${fmt(r.postMean)} vs norm ${fmt(r.normPostMean)}, difference 90% CI [${fmt(r.eqLower)}, ${fmt(r.eqUpper)}] within ±${fmt(r.delta)}: ${r.equivalent ? 'equivalent' : 'not shown equivalent'} (TOST ${fmtP(r.eqP)})`;
  }
  return `${s}.`;
}
