/**
 * Helpers for notebook users: load + score a study file in one call, check it, and pull the
 * arrays the statistics functions take (pre/post per participant, means per group × wave).
 * Nothing here computes a statistic of its own: scoring is `scoreRecords`, descriptives are
 * `describe`; these functions only load, pivot and label.
 */
import { isAbsolute, resolve } from 'node:path';
import type { DataIssue } from '../data/issues.js';
import type { MeasurementRecord, RejectRow, ScoreRow } from '../data/types.js';
import { loadMeasurements, type LoadMeasurementsOptions, type MeasurementLoadResult } from '../data/measurements.js';
import { scoresToRows, toDataFrame, type DanfoDataFrame } from '../data/views.js';
import { scoreRecords } from '../instruments/scoring.js';
import { defaultInstruments, type InstrumentRegistry } from '../instruments/registry.js';
import { SAMPLE_DESIGN_FILES } from '../sample/designs.js';
import { sampleDataPath } from '../sample/files.js';
import { describe } from '../stats/descriptives.js';
import { StatsError } from '../stats/result.js';
import { waveOrder, type MeanRow } from '../charts/builders.js';
import { covariateAt, participantScores, parseDesignOutcome, resolveReliability, scoreAt, type ResolvedReliability } from '../designs/data.js';
import type { OutcomeRef } from '../designs/result.js';

/** A loaded and scored study, ready for the design analyses (`scores` + `records`). */
export interface NotebookStudy {
  /** The path that was read. */
  file: string;
  /** The loader's full result (layout, rows read, accepted, rejected, issues). */
  load: MeasurementLoadResult;
  records: MeasurementRecord[];
  rejects: RejectRow[];
  /** One row per participant × wave × instrument × scale. */
  scores: ScoreRow[];
  /** Loader issues followed by scoring issues (prorated items, too many missing items, …). */
  issues: DataIssue[];
  /** The instrument definitions used for loading and scoring. */
  instruments: InstrumentRegistry;
}

/** Options of {@link loadStudy}: the loader's options (groups, waves, mapping, covariates, …). */
export type LoadStudyOptions = LoadMeasurementsOptions;

/**
 * Loads a measurement file and scores it with the instrument definitions: the two first steps of
 * every notebook in one call. `file` is a path (relative paths are resolved against the working
 * directory, i.e. the notebook's folder) or the id of a bundled sample file (`'prepost-1997'`,
 * `'control-2005'`, `'norm-2008'`, `'fourwaves-2010'`, `'fivewaves-2013'`).
 *
 * @example
 * const study = await loadStudy('prepost-1997');
 * study.load.accepted;   // 112 rows (56 families × 2 waves)
 * study.scores.length;   // one row per participant × wave × instrument × scale
 */
export async function loadStudy(file: string, options: LoadStudyOptions = {}): Promise<NotebookStudy> {
  const path = file in SAMPLE_DESIGN_FILES ? sampleDataPath(file) : isAbsolute(file) ? file : resolve(process.cwd(), file);
  const load = await loadMeasurements(path, options);
  const instruments = options.instruments ?? defaultInstruments();
  const scored = scoreRecords(load.records, instruments);
  return { file: path, load, records: load.records, rejects: load.rejects, scores: scored.scores, issues: [...load.issues, ...scored.issues], instruments };
}

/** Combines studies measured at the same waves (e.g. the 2005 control file and the 2008 norm file). */
export function combineStudies(...studies: NotebookStudy[]): NotebookStudy {
  if (studies.length === 0) throw new StatsError('combineStudies: give at least one study.');
  const ids = new Map<string, string>();
  for (const s of studies) {
    for (const r of s.records) {
      const prev = ids.get(r.participantId);
      if (prev !== undefined && prev !== s.file) {
        throw new StatsError(`combineStudies: participant ${r.participantId} occurs in both ${prev} and ${s.file}; ids must be unique across the files.`);
      }
      ids.set(r.participantId, s.file);
    }
  }
  const first = studies[0];
  return {
    file: studies.map((s) => s.file).join(' + '),
    load: first.load,
    records: studies.flatMap((s) => s.records),
    rejects: studies.flatMap((s) => s.rejects),
    scores: studies.flatMap((s) => s.scores),
    issues: studies.flatMap((s) => s.issues),
    instruments: first.instruments,
  };
}

/** The data check of a study as table rows: rows read, accepted, rejected, and issues per rule. */
export function studyCheckRows(study: NotebookStudy): Array<Record<string, string | number>> {
  const l = study.load;
  const rows: Array<Record<string, string | number>> = [
    { check: 'layout', result: l.layout.description },
    { check: 'rows read', result: l.rowsRead },
    { check: 'rows accepted', result: l.accepted },
    { check: 'rows rejected', result: l.rejected },
    { check: 'records (participant × wave × instrument)', result: study.records.length },
    { check: 'scale scores computed', result: study.scores.filter((s) => s.score !== null).length },
    { check: 'scale scores missing', result: study.scores.filter((s) => s.score === null).length },
  ];
  const byRule = new Map<string, number>();
  for (const i of study.issues) byRule.set(`${i.severity}: ${i.rule}`, (byRule.get(`${i.severity}: ${i.rule}`) ?? 0) + 1);
  for (const [k, n] of [...byRule].sort()) rows.push({ check: `issues (${k})`, result: n });
  return rows;
}

/** Pre/post arrays of one outcome for a notebook (NaN = missing; the statistics drop them listwise and say so). */
export interface NotebookPrePost {
  outcome: OutcomeRef;
  ids: string[];
  groups: string[];
  pre: Float64Array;
  post: Float64Array;
  /** Requested covariates at the pre wave (NaN = missing). */
  covariates: Record<string, Float64Array>;
}

/**
 * One row per participant of one outcome with the score at `pre` and `post` (and covariates at
 * `pre`), optionally only for some groups. Participants without any score on the outcome are left
 * out; a missing wave is NaN (so the number of complete pairs is visible in every result's n).
 * @example
 * const pp = notebookPrePost(study.scores, 'psoc:total', { pre: 'T1', post: 'T2' });
 * tTestPaired(pp.post, pp.pre).apa();
 */
export function notebookPrePost(
  scores: readonly ScoreRow[],
  outcome: string | OutcomeRef,
  options: { pre: string; post: string; groups?: readonly string[]; covariates?: readonly string[] },
): NotebookPrePost {
  const o = parseDesignOutcome(outcome);
  const people = participantScores(scores, o).filter((p) => !options.groups || options.groups.includes(p.group));
  if (people.length === 0) throw new StatsError(`No scores for ${o.instrument}:${o.scale}${options.groups ? ` in group(s) ${options.groups.join(', ')}` : ''}.`);
  const covariates: Record<string, Float64Array> = {};
  for (const c of options.covariates ?? []) covariates[c] = Float64Array.from(people, (p) => covariateAt(p, options.pre, c));
  return {
    outcome: o,
    ids: people.map((p) => p.id),
    groups: people.map((p) => p.group),
    pre: Float64Array.from(people, (p) => scoreAt(p, options.pre)),
    post: Float64Array.from(people, (p) => scoreAt(p, options.post)),
    covariates,
  };
}

/** Scores of one outcome as long rows `{ participant, group, wave, score }` (missing scores left out), for trajectory charts. */
export function notebookLongScores(scores: readonly ScoreRow[], outcome: string | OutcomeRef): Array<{ participant: string; group: string; wave: string; score: number }> {
  const o = parseDesignOutcome(outcome);
  return scores
    .filter((s) => s.instrument === o.instrument && s.scale === o.scale && s.score !== null)
    .map((s) => ({ participant: s.participantId, group: s.group, wave: s.wave, score: s.score as number }));
}

/**
 * Mean, SD and t-based confidence interval of one outcome per group × wave (available cases at
 * each wave, so n can fall with attrition), via `describe` (checked against psych::describe).
 * Rows are sorted by group then wave; they feed `interactionPlot` directly.
 */
export function notebookWaveMeans(scores: readonly ScoreRow[], outcome: string | OutcomeRef, options: { level?: number } = {}): Array<MeanRow & { sd: number }> {
  const o = parseDesignOutcome(outcome);
  const cells = new Map<string, { group: string; wave: string; values: number[] }>();
  for (const s of scores) {
    if (s.instrument !== o.instrument || s.scale !== o.scale || s.score === null) continue;
    const key = `${s.group}\u0000${s.wave}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { group: s.group, wave: s.wave, values: [] }));
    c.values.push(s.score);
  }
  const order = ['homestart', 'control', 'norm'];
  const rank = (g: string) => (order.includes(g) ? order.indexOf(g) : order.length);
  return [...cells.values()]
    .sort((a, b) => rank(a.group) - rank(b.group) || a.group.localeCompare(b.group) || waveOrder(a.wave, b.wave))
    .map((c) => {
      if (c.values.length < 2) return { group: c.group, wave: c.wave, n: c.values.length, mean: c.values[0] ?? NaN, sd: NaN, lower: NaN, upper: NaN };
      const d = describe(c.values, { level: options.level ?? 0.95 });
      return { group: c.group, wave: c.wave, n: d.n, mean: d.mean, sd: d.sd, lower: d.ci.lower, upper: d.ci.upper };
    });
}

/** A danfojs DataFrame of the study's scores (one row per participant × wave × scale, covariates as columns). */
export function studyDataFrame(study: NotebookStudy): DanfoDataFrame {
  return toDataFrame(scoresToRows(study.scores).rows);
}

/**
 * Reliability of an outcome for reliable change and for reporting: the scale's `reliability` from
 * the instrument definition when given, otherwise Cronbach's α (`cronbachAlpha`, checked against
 * psych::alpha; listwise, reverse keys applied) of its items among the records of `group` at `wave`.
 * This is the same rule the design analyses use (`resolveReliability` in `src/designs/data.ts`).
 * @example
 * studyReliability(study, 'psoc:total', 'homestart', 'T1').value // 0.79 (from psoc.json)
 * studyReliability(study, 'nosik:total', 'homestart', 'T1').alpha?.apa() // α of the 25 items
 */
export function studyReliability(study: NotebookStudy, outcome: string | OutcomeRef, group: string, wave: string): ResolvedReliability {
  return resolveReliability(parseDesignOutcome(outcome), study.instruments, study.records, group, wave);
}

/** Raw item responses of one scale, ready for `cronbachAlpha(rows, { itemNames, reverse, responseRange })`. */
export interface NotebookScaleItems {
  outcome: OutcomeRef;
  /** One row per record (participant × wave) of the selection; null = missing answer. Raw, not reverse-keyed. */
  rows: Array<Array<number | null>>;
  itemNames: string[];
  /** Item ids that are reverse-keyed in the definition. */
  reverse: string[];
  /** The instrument's response range (needed to reverse-key). */
  responseRange: { min: number; max: number };
}

/**
 * The item responses behind one scale score, for reliability analysis: every record of the
 * scale's instrument (optionally only some groups and one wave), items in the scale's order.
 * Reverse keys are *not* applied here; pass `reverse` and `responseRange` on to `cronbachAlpha`,
 * which applies min + max − x. Throws when the scale's items use different response ranges.
 * @example
 * const it = studyScaleItems(study, 'psoc:total', { wave: 'T1' });
 * cronbachAlpha(it.rows, { itemNames: it.itemNames, reverse: it.reverse, responseRange: it.responseRange }).alpha
 */
export function studyScaleItems(study: NotebookStudy, outcome: string | OutcomeRef, options: { wave?: string; groups?: readonly string[] } = {}): NotebookScaleItems {
  const o = parseDesignOutcome(outcome);
  const def = study.instruments.get(o.instrument);
  const scale = def?.scales.find((s) => s.id === o.scale);
  if (!def || !scale) throw new StatsError(`No scale ${o.instrument}:${o.scale} in the instrument definitions.`);
  const items = scale.items.map((id) => def.items.find((x) => x.id === id)!);
  const ranges = items.map((it) => it.response ?? def.response);
  if (ranges.some((r) => r.min !== ranges[0].min || r.max !== ranges[0].max)) {
    throw new StatsError(`${o.instrument}:${o.scale}: the items use different response ranges; reverse-key them yourself before cronbachAlpha.`);
  }
  const rows: Array<Array<number | null>> = [];
  for (const rec of study.records) {
    if (rec.instrument !== def.id || Object.keys(rec.items).length === 0) continue;
    if (options.wave && rec.wave !== options.wave) continue;
    if (options.groups && !options.groups.includes(rec.group)) continue;
    rows.push(items.map((it) => {
      const v = rec.items[it.id];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    }));
  }
  if (rows.length === 0) throw new StatsError(`No item-level records of ${def.id}${options.wave ? ` at ${options.wave}` : ''}; reliability needs item responses.`);
  return {
    outcome: o,
    rows,
    itemNames: items.map((it) => it.id),
    reverse: items.filter((it) => it.reverse === true).map((it) => it.id),
    responseRange: { min: ranges[0].min, max: ranges[0].max },
  };
}
