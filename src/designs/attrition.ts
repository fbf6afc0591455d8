/**
 * Attrition in a several-waves study: who dropped out, when, and did they differ at baseline?
 */
import type { ScoreRow } from '../data/types.js';
import { defaultInstruments } from '../instruments/registry.js';
import { fmt, fmtP } from '../stats/apa.js';
import { fisherExactTest } from '../stats/contingency.js';
import { hedgesG } from '../stats/effsize/smd.js';
import { mean, sd } from '../stats/moments.js';
import { StatsError } from '../stats/result.js';
import { tTestWelch } from '../stats/ttest.js';
import { label } from '../charts/theme.js';
import {
  attempt,
  covariateAt,
  groupsInData,
  outcomeKey,
  outcomeLabel,
  participantScores,
  resolveOutcomes,
  scoreAt,
  wavesInData,
  type ParticipantScores,
} from './data.js';
import type { DesignOptionsBase } from './prepost.js';
import type { DesignTable } from './result.js';

/** The assumption behind every analysis that uses all available waves (mixed models, FIML). */
export const MAR_SENTENCE =
  'Analyses of all available waves (the linear mixed model) are unbiased when data are missing at random (MAR): ' +
  'whether a wave is missing may depend on what was observed (group, baseline and earlier scores, covariates in the model) ' +
  'but not, beyond that, on the unobserved score itself. MAR cannot be tested from the data; a comparison of completers and dropouts at baseline ' +
  'show only whether dropouts differed on what was measured. Complete-case analyses need the stronger assumption that ' +
  'dropouts are a random subset (missing completely at random, MCAR).';

export interface AttritionOptions extends Pick<DesignOptionsBase, 'outcomes' | 'instruments' | 'level' | 'lang'> {
  groups?: readonly string[];
  waves?: readonly string[];
  /** A participant is a completer when measured at this wave (default: the last wave). */
  completerWave?: string;
  /** Baseline covariates compared (default: `age` and `single_parent` when present in the data). */
  covariates?: readonly string[];
}

/** Count of one pattern of measured (X) and missing (.) waves in a group. */
export interface MissingPatternRow {
  group: string;
  /** One character per wave: X measured, . missing (e.g. "XXX.." dropped out after T3). */
  pattern: string;
  n: number;
  /** Share of the group's participants. */
  share: number;
  /** True when every missing wave comes after every measured one (dropout, not intermittent). */
  monotone: boolean;
  /** The last wave measured. */
  lastWave: string;
}

/** Completers versus dropouts at baseline, one variable in one group. */
export interface AttritionComparisonRow {
  group: string;
  variable: string;
  label: string;
  kind: 'numeric' | 'binary';
  nCompleters: number;
  nDropouts: number;
  /** Numeric: means and SDs. Binary: proportions with value 1 (SDs NaN). */
  completers: number;
  dropouts: number;
  sdCompleters: number;
  sdDropouts: number;
  /** Numeric: Welch t, df, p. Binary: NaN, NaN and Fisher's exact p. */
  t: number;
  df: number;
  p: number;
  /** Numeric: Hedges' g (completers − dropouts, pooled SD) with its noncentral-t CI. Binary: conditional-ML odds ratio (Fisher) with its exact CI. */
  effect: number;
  effectLower: number;
  effectUpper: number;
  effectName: "Hedges' g" | 'odds ratio';
  error?: string;
}

/** Result of {@link analyzeAttrition}. */
export interface AttritionAnalysis {
  method: string;
  waves: string[];
  groups: string[];
  completerWave: string;
  patterns: MissingPatternRow[];
  comparisons: AttritionComparisonRow[];
  /** Participants per group: started (any wave), completers, dropouts. */
  counts: Array<{ group: string; started: number; completers: number; dropouts: number; intermittent: number }>;
  marNote: string;
  sentences: string[];
  tables: DesignTable[];
  toJSON(): Record<string, unknown>;
  apa(): string;
}

interface Person {
  id: string;
  group: string;
  present: boolean[];
  covariates: ParticipantScores['covariates'];
}

/**
 * Attrition analysis for a several-waves design:
 *
 * - **Patterns of missing waves** per group: each participant's waves as a string (X measured, .
 *   missing; a wave counts as measured when any score of the participant at that wave is not
 *   missing), counted per group, flagged monotone (dropout) or intermittent.
 * - **Completers versus dropouts at baseline** per group (completer = measured at `completerWave`,
 *   default the last wave): each outcome's baseline score and each numeric covariate by Welch's t test
 *   (R `t.test`) with Hedges' g (pooled SD, exact J, noncentral-t CI; R `effectsize::hedges_g`), binary
 *   covariates (0/1) by Fisher's exact test with the conditional-ML odds ratio (R `fisher.test`).
 *   Positive g: completers scored higher at baseline.
 * - The MAR assumption in one paragraph ({@link MAR_SENTENCE}).
 *
 * Checked against R (`t.test`, `effectsize::hedges_g`, `fisher.test`, `table`) on the 2013 five-wave
 * sample in tests/reference/path_models.R.
 *
 * @example
 * const a = analyzeAttrition(scores, { outcomes: ['psoc:total'] }); // scores: synthetic-2013-fivewaves.csv scored
 * a.counts.find((c) => c.group === 'homestart'); // { group: 'homestart', started: 59, completers: 33, dropouts: 26, intermittent: 0 }
 */
export function analyzeAttrition(scores: readonly ScoreRow[], options: AttritionOptions = {}): AttritionAnalysis {
  const registry = options.instruments ?? defaultInstruments();
  const level = options.level ?? 0.95;
  const lang = options.lang ?? 'en';
  const present = groupsInData(scores);
  const groups = options.groups ? [...options.groups] : present;
  const allWaves = wavesInData(scores);
  const waves = options.waves ? [...options.waves] : allWaves;
  if (waves.length < 2) throw new StatsError(`Attrition: needs at least two waves (got ${waves.join(', ') || 'none'}).`);
  for (const w of waves) if (!allWaves.includes(w)) throw new StatsError(`Attrition: wave ${w} is not in the data (waves: ${allWaves.join(', ')}).`);
  const completerWave = options.completerWave ?? waves[waves.length - 1];
  const ci = waves.indexOf(completerWave);
  if (ci < 0) throw new StatsError(`Attrition: completer wave ${completerWave} is not among the waves analysed (${waves.join(', ')}).`);
  if (ci === 0) throw new StatsError(`Attrition: the completer wave must come after the baseline wave ${waves[0]}.`);
  const data = scores.filter((s) => groups.includes(s.group) && waves.includes(s.wave));
  const base = waves[0];

  // presence per participant and wave (any non-missing score)
  const byId = new Map<string, Person>();
  for (const s of data) {
    let p = byId.get(s.participantId);
    if (!p) {
      p = { id: s.participantId, group: s.group, present: waves.map(() => false), covariates: {} };
      byId.set(s.participantId, p);
    }
    if (s.score !== null) p.present[waves.indexOf(s.wave)] = true;
    if (!p.covariates[s.wave]) p.covariates[s.wave] = s.covariates;
  }
  const people = [...byId.values()].filter((p) => p.present.some(Boolean));
  const isCompleter = (p: { present: boolean[] }) => p.present[ci];

  const patterns: MissingPatternRow[] = [];
  const counts: AttritionAnalysis['counts'] = [];
  for (const g of groups) {
    const gp = people.filter((p) => p.group === g);
    const tally = new Map<string, number>();
    let intermittent = 0;
    for (const p of gp) {
      const pat = p.present.map((b) => (b ? 'X' : '.')).join('');
      tally.set(pat, (tally.get(pat) ?? 0) + 1);
      if (!isMonotone(pat)) intermittent++;
    }
    for (const [pat, n] of [...tally.entries()].sort((a, b) => b[0].localeCompare(a[0]))) {
      patterns.push({ group: g, pattern: pat, n, share: n / gp.length, monotone: isMonotone(pat), lastWave: waves[pat.lastIndexOf('X')] });
    }
    const completers = gp.filter(isCompleter).length;
    counts.push({ group: g, started: gp.length, completers, dropouts: gp.length - completers, intermittent });
  }

  const outcomes = resolveOutcomes(data, registry, options.outcomes);
  const covNames = options.covariates
    ? [...options.covariates]
    : ['age', 'single_parent'].filter((c) => data.some((s) => s.wave === base && s.covariates[c] !== undefined && s.covariates[c] !== null && s.covariates[c] !== ''));
  const comparisons: AttritionComparisonRow[] = [];
  for (const g of groups) {
    const variables: Array<{ variable: string; label: string; values: (p: Person) => number }> = [];
    for (const o of outcomes) {
      const key = outcomeKey(o);
      const ps = new Map(participantScores(data, o).map((p) => [p.id, p]));
      variables.push({ variable: key, label: `${outcomeLabel(o, registry, lang)} (${base})`, values: (p) => (ps.has(p.id) ? scoreAt(ps.get(p.id)!, base) : NaN) });
    }
    for (const c of covNames) variables.push({ variable: c, label: `${c} (${base})`, values: (p) => covariateAt(p as unknown as ParticipantScores, base, c) });
    const gp = people.filter((p) => p.group === g);
    const comp = gp.filter(isCompleter);
    const drop = gp.filter((p) => !isCompleter(p));
    for (const v of variables) {
      const a = comp.map(v.values).filter(Number.isFinite);
      const b = drop.map(v.values).filter(Number.isFinite);
      const binary = [...a, ...b].length > 0 && [...a, ...b].every((x) => x === 0 || x === 1);
      const row: AttritionComparisonRow = {
        group: g, variable: v.variable, label: v.label, kind: binary ? 'binary' : 'numeric', nCompleters: a.length, nDropouts: b.length,
        completers: NaN, dropouts: NaN, sdCompleters: NaN, sdDropouts: NaN, t: NaN, df: NaN, p: NaN, effect: NaN, effectLower: NaN, effectUpper: NaN,
        effectName: binary ? 'odds ratio' : "Hedges' g",
      };
      if (binary) {
        row.completers = a.length ? mean(a) : NaN;
        row.dropouts = b.length ? mean(b) : NaN;
        const tab = [
          [a.filter((x) => x === 1).length, a.filter((x) => x === 0).length],
          [b.filter((x) => x === 1).length, b.filter((x) => x === 0).length],
        ];
        const f = attempt(() => fisherExactTest(tab, { confLevel: level }));
        if (f.error !== undefined) row.error = f.error;
        else Object.assign(row, { p: f.value.p, effect: f.value.estimate?.value ?? NaN, effectLower: f.value.ci?.lower ?? NaN, effectUpper: f.value.ci?.upper ?? NaN });
        if (a.length === 0 || b.length === 0) row.error = `no ${a.length === 0 ? 'completers' : 'dropouts'} with a value in this group`;
      } else {
        if (a.length) row.completers = mean(a);
        if (b.length) row.dropouts = mean(b);
        if (a.length > 1) row.sdCompleters = sd(a);
        if (b.length > 1) row.sdDropouts = sd(b);
        const t = attempt(() => tTestWelch(a, b, { confLevel: level, effectSize: false }));
        if (t.error !== undefined) row.error = t.error;
        else Object.assign(row, { t: t.value.statistic, df: t.value.df, p: t.value.p });
        const gg = attempt(() => hedgesG(a, b, { level }));
        if (gg.value) Object.assign(row, { effect: gg.value.estimate, effectLower: gg.value.ci?.lower ?? NaN, effectUpper: gg.value.ci?.upper ?? NaN });
      }
      comparisons.push(row);
    }
  }

  const sentences: string[] = [];
  for (const c of counts) {
    sentences.push(
      `${label(c.group, lang)}: ${c.started} started, ${c.completers} measured at ${completerWave} (${c.started ? Math.round((100 * c.completers) / c.started) : 0}%), ` +
        `${c.dropouts} dropped out${c.intermittent ? `; ${c.intermittent} with an intermittent (non-monotone) pattern` : ''}.`,
    );
  }
  for (const r of comparisons) {
    if (!Number.isFinite(r.p)) continue;
    if (r.kind === 'numeric') {
      sentences.push(
        `${label(r.group, lang)}, ${r.label}: completers M = ${fmt(r.completers)} (n = ${r.nCompleters}), dropouts M = ${fmt(r.dropouts)} (n = ${r.nDropouts}), ` +
          `t(${fmt(r.df)}) = ${fmt(r.t)}, ${fmtP(r.p)}, g = ${fmt(r.effect)}, ${Math.round(level * 100)}% CI [${fmt(r.effectLower)}, ${fmt(r.effectUpper)}].`,
      );
    } else {
      sentences.push(
        `${label(r.group, lang)}, ${r.label}: ${Math.round(100 * r.completers)}% of completers and ${Math.round(100 * r.dropouts)}% of dropouts, Fisher's exact ${fmtP(r.p)}, OR = ${fmt(r.effect)}.`,
      );
    }
  }
  const f = (k: string, l: string, format: DesignTable['columns'][number]['format']) => ({ key: k, label: l, format });
  const tables: DesignTable[] = [
    {
      id: 'attrition-patterns',
      title: 'Patterns of measured (X) and missing (.) waves',
      columns: [f('group', 'Group', 'text'), f('pattern', `Pattern (${waves.join(' ')})`, 'text'), f('n', 'n', 'int'), f('share', 'Share', 'pct'), f('lastWave', 'Last wave', 'text')],
      rows: patterns.map((p) => ({ group: p.group, pattern: p.pattern, n: p.n, share: p.share, lastWave: p.lastWave })),
      note: 'X = measured, . = missing. A pattern with a gap (e.g. X.X..) is intermittent, not dropout.',
    },
    {
      id: 'attrition-baseline',
      title: `Completers (measured at ${completerWave}) versus dropouts at baseline (${base})`,
      columns: [
        f('group', 'Group', 'text'), f('label', 'Variable', 'text'), f('nCompleters', 'n completers', 'int'), f('nDropouts', 'n dropouts', 'int'),
        f('completers', 'Completers M / %', 'num2'), f('dropouts', 'Dropouts M / %', 'num2'), f('t', 't (Welch)', 'num2'), f('df', 'df', 'num2'), f('p', 'p', 'p'),
        f('effectName', 'Effect', 'text'), f('effect', 'Estimate', 'num2'), f('effectLower', 'CI lower', 'num2'), f('effectUpper', 'CI upper', 'num2'),
      ],
      rows: comparisons.map((r) => ({ ...r }) as unknown as Record<string, string | number | null>),
      note: "Numeric: Welch's t and Hedges' g (completers − dropouts). Binary (0/1): proportion with 1, Fisher's exact test and odds ratio. " + MAR_SENTENCE,
    },
  ];
  const method = `Attrition: patterns of missing waves per group; completers (measured at ${completerWave}) versus dropouts at baseline by Welch's t with Hedges' g, and Fisher's exact test for binary covariates`;
  return {
    method, waves, groups, completerWave, patterns, comparisons, counts, marNote: MAR_SENTENCE, sentences, tables,
    toJSON() {
      return { method, waves, groups, completerWave, patterns: patterns.map((p) => ({ ...p })), comparisons: comparisons.map((c) => ({ ...c })), counts: counts.map((c) => ({ ...c })), marNote: MAR_SENTENCE };
    },
    apa() {
      return sentences.join(' ');
    },
  };
}

function isMonotone(pattern: string): boolean {
  return /^X+\.*$/.test(pattern);
}
