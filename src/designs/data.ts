/**
 * Shared plumbing of the design analyses: picking outcomes from the scored long table, turning it
 * into one row per participant (scores by wave, covariates by wave), labels, and the reliability
 * used for reliable change (from the instrument definition, or Cronbach's α of the items).
 * Converts once, at the door; the statistics themselves live in `src/stats/`.
 */
import type { CovariateValue, MeasurementRecord, ScoreRow } from '../data/types.js';
import type { InstrumentRegistry } from '../instruments/registry.js';
import type { Direction, InstrumentDefinition, ScaleDefinition } from '../instruments/types.js';
import { cronbachAlpha, type CronbachAlphaResult } from '../stats/reliability.js';
import { StatsError } from '../stats/result.js';
import type { Lang } from '../charts/theme.js';
import { waveOrder } from '../charts/builders.js';
import type { OutcomeRef } from './result.js';

/**
 * Parses `"nosik:total"` (or passes an `OutcomeRef` through).
 *
 * @example
 * parseDesignOutcome('nosik:total'); // { instrument: 'nosik', scale: 'total' }
 * parseDesignOutcome('nosik');       // throws StatsError: Outcome "nosik" is not of the form instrument:scale (e.g. nosik:total).
 */
export function parseDesignOutcome(x: string | OutcomeRef): OutcomeRef {
  if (typeof x !== 'string') return { instrument: x.instrument, scale: x.scale };
  const m = /^\s*([^:\s]+)\s*:\s*([^:\s]+)\s*$/.exec(x);
  if (!m) throw new StatsError(`Outcome "${x}" is not of the form instrument:scale (e.g. nosik:total).`);
  return { instrument: m[1], scale: m[2] };
}

/** `nosik:total`. */
export function outcomeKey(o: OutcomeRef): string {
  return `${o.instrument}:${o.scale}`;
}

/** Definition and scale of an outcome; throws a sentence naming the known scales when absent. */
export function outcomeDefinition(o: OutcomeRef, registry: InstrumentRegistry): { def: InstrumentDefinition; scale: ScaleDefinition } {
  const def = registry.get(o.instrument);
  if (!def) {
    throw new StatsError(`Outcome ${outcomeKey(o)}: unknown instrument "${o.instrument}" (known: ${registry.list().map((d) => d.id).join(', ')}).`);
  }
  const scale = def.scales.find((s) => s.id.toLowerCase() === o.scale.toLowerCase());
  if (!scale) {
    throw new StatsError(`Outcome ${outcomeKey(o)}: instrument ${def.id} has no scale "${o.scale}" (its scales: ${def.scales.map((s) => s.id).join(', ')}).`);
  }
  return { def, scale };
}

/** "NOSIK: Total parenting stress" (Dutch: "NOSIK: Totaal"); no prefix when the label already starts with it ("GAS T-score"). */
export function outcomeLabel(o: OutcomeRef, registry: InstrumentRegistry, lang: Lang = 'en'): string {
  const { def, scale } = outcomeDefinition(o, registry);
  const name = def.columnPrefix.toUpperCase();
  const text = lang === 'nl' ? (scale.labelNl ?? scale.label) : scale.label;
  return text.toUpperCase().startsWith(name) ? text : `${name}: ${text}`;
}

/**
 * The outcomes to analyse: the requested ones (validated against the registry and resolved to
 * canonical ids), or every instrument scale with at least one score in the data, in registry
 * order. GAS scales are left out of the default unless `includeGas` (they have their own design).
 */
export function resolveOutcomes(
  scores: readonly ScoreRow[],
  registry: InstrumentRegistry,
  requested: ReadonlyArray<string | OutcomeRef> | undefined,
  options: { includeGas?: boolean } = {},
): OutcomeRef[] {
  if (requested && requested.length > 0) {
    return requested.map((r) => {
      const { def, scale } = outcomeDefinition(parseDesignOutcome(r), registry);
      return { instrument: def.id, scale: scale.id };
    });
  }
  const present = new Set<string>();
  for (const s of scores) if (s.score !== null) present.add(`${s.instrument}:${s.scale}`);
  const out: OutcomeRef[] = [];
  for (const def of registry.list()) {
    if (def.kind === 'gas' && !options.includeGas) continue;
    for (const sc of def.scales) if (present.has(`${def.id}:${sc.id}`)) out.push({ instrument: def.id, scale: sc.id });
  }
  if (out.length === 0) throw new StatsError('No scored outcome in the data: every scale score is missing (see the scoring issues).');
  return out;
}

/** Wave labels present in the data, in numeric order (T1, T2, …, T10). */
export function wavesInData(scores: readonly ScoreRow[]): string[] {
  return [...new Set(scores.map((s) => s.wave))].sort(waveOrder);
}

/** Group labels present in the data, sorted (homestart before others). */
export function groupsInData(scores: readonly ScoreRow[]): string[] {
  const order = ['homestart', 'control', 'norm'];
  return [...new Set(scores.map((s) => s.group))].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return ia >= 0 && ib >= 0 ? ia - ib : ia >= 0 ? -1 : ib >= 0 ? 1 : a.localeCompare(b);
  });
}

/** One participant's scores on one outcome, by wave, with covariates by wave. */
export interface ParticipantScores {
  id: string;
  group: string;
  /** Score per wave label; null = scored but missing; absent = no record at that wave. */
  scores: Record<string, number | null>;
  /** Covariates per wave label (from any score row of that participant and wave). */
  covariates: Record<string, Record<string, CovariateValue>>;
}

/**
 * Long → one row per participant for one outcome, sorted by participant id. The group is the one
 * of the participant's first wave; covariates are collected from every score row (so a missing
 * outcome score does not lose the covariate).
 */
export function participantScores(scores: readonly ScoreRow[], o: OutcomeRef): ParticipantScores[] {
  const byId = new Map<string, ParticipantScores & { firstWave: number }>();
  for (const s of scores) {
    let p = byId.get(s.participantId);
    if (!p) {
      p = { id: s.participantId, group: s.group, scores: {}, covariates: {}, firstWave: s.waveIndex };
      byId.set(s.participantId, p);
    } else if (s.waveIndex < p.firstWave) {
      p.group = s.group;
      p.firstWave = s.waveIndex;
    }
    if (!p.covariates[s.wave]) p.covariates[s.wave] = s.covariates;
    if (s.instrument === o.instrument && s.scale === o.scale) p.scores[s.wave] = s.score;
  }
  return [...byId.values()]
    .filter((p) => Object.keys(p.scores).length > 0)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(({ firstWave: _f, ...p }) => p);
}

/** Score at a wave as a number (NaN when missing or absent). */
export function scoreAt(p: ParticipantScores, wave: string): number {
  const v = p.scores[wave];
  return typeof v === 'number' ? v : NaN;
}

/** A covariate at a wave as a number: numbers as is, yes/no/true/false as 1/0, else NaN. */
export function covariateAt(p: ParticipantScores, wave: string, name: string): number {
  const v = p.covariates[wave]?.[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (['yes', 'ja', 'true', 'y', 'j'].includes(t)) return 1;
    if (['no', 'nee', 'false', 'n'].includes(t)) return 0;
    const x = Number(t.replace(',', '.'));
    return t !== '' && Number.isFinite(x) ? x : NaN;
  }
  return NaN;
}

/** Number of participants per group with at least one score on any outcome. */
export function participantsPerGroup(scores: readonly ScoreRow[]): Record<string, number> {
  const ids = new Map<string, Set<string>>();
  for (const s of scores) {
    if (s.score === null) continue;
    if (!ids.has(s.group)) ids.set(s.group, new Set());
    ids.get(s.group)!.add(s.participantId);
  }
  const out: Record<string, number> = {};
  for (const g of groupsInData(scores)) out[g] = ids.get(g)?.size ?? 0;
  return out;
}

/** Where the reliability of a reliable-change index came from. */
export type ReliabilitySource = 'user' | 'definition' | 'alpha-items' | 'none';

export interface ResolvedReliability {
  /** NaN when no reliability is available (see `reason`). */
  value: number;
  source: ReliabilitySource;
  /** Sentence for the methods note / table note. */
  description: string;
  alpha?: CronbachAlphaResult;
  reason?: string;
}

/**
 * Reliability for the reliable-change index of an outcome:
 * 0. `override`, when given (e.g. the value of a licensed manual; must lie strictly between 0 and 1);
 * 1. the scale's `reliability` in the instrument definition, when given;
 * 2. otherwise Cronbach's α (listwise, `cronbachAlpha`, checked against psych::alpha) of the scale's
 *    items, reverse keys applied per item (min + max − x), among the records of `group` at `wave`
 *    (the pre-test of the treated group) — only for `sum`/`mean` scales and when item data exist;
 * 3. otherwise NaN with the reason (count scales, GAS, scale-level input only, fewer than 3
 *    complete response patterns, α ≤ 0).
 */
export function resolveReliability(
  o: OutcomeRef,
  registry: InstrumentRegistry,
  records: readonly MeasurementRecord[] | undefined,
  group: string,
  wave: string,
  override?: number,
): ResolvedReliability {
  const { def, scale } = outcomeDefinition(o, registry);
  if (override !== undefined) {
    if (!(override > 0 && override < 1)) {
      throw new StatsError(`Reliability given for ${outcomeKey(o)} must lie strictly between 0 and 1 (got ${override}).`);
    }
    return { value: override, source: 'user', description: `r = ${override} as given by the user` };
  }
  if (typeof scale.reliability === 'number') {
    return { value: scale.reliability, source: 'definition', description: `r = ${scale.reliability} from the instrument definition` };
  }
  const none = (reason: string): ResolvedReliability => ({ value: NaN, source: 'none', description: `no reliability: ${reason}`, reason });
  if (scale.method !== 'sum' && scale.method !== 'mean') {
    return none(`the definition gives none and α is not meaningful for a ${scale.method} scale`);
  }
  if (!records || records.length === 0) return none('the definition gives none and no item data were supplied to estimate α');
  const items = scale.items.map((id) => {
    const it = def.items.find((x) => x.id === id)!;
    const r = it.response ?? def.response;
    return { id, min: r.min, max: r.max, reverse: it.reverse === true };
  });
  const rows: Array<Array<number | null>> = [];
  for (const rec of records) {
    if (rec.instrument !== def.id || rec.group !== group || rec.wave !== wave) continue;
    if (Object.keys(rec.items).length === 0) continue;
    rows.push(
      items.map((it) => {
        const v = rec.items[it.id];
        if (typeof v !== 'number' || !Number.isFinite(v)) return null;
        return it.reverse ? it.min + it.max - v : v;
      }),
    );
  }
  const complete = rows.filter((r) => r.every((v) => v !== null)).length;
  if (complete < 3) return none(`the definition gives none and only ${complete} complete item sets of ${group} at ${wave} are available for α`);
  let alpha: CronbachAlphaResult;
  try {
    alpha = cronbachAlpha(rows, { itemNames: scale.items, missing: 'listwise' });
  } catch (e) {
    return none(`the definition gives none and α could not be estimated (${(e as Error).message})`);
  }
  if (!(alpha.alpha > 0 && alpha.alpha < 1)) return none(`the definition gives none and α of the items is ${alpha.alpha.toFixed(3)}`);
  return {
    value: alpha.alpha,
    source: 'alpha-items',
    description: `r = Cronbach's α = ${alpha.alpha.toFixed(3)} estimated from the ${scale.items.length} items of ${group} at ${wave} (n = ${alpha.n} complete; the definition gives no reliability)`,
    alpha,
  };
}

/** Scale direction from the definition. */
export function outcomeDirection(o: OutcomeRef, registry: InstrumentRegistry): Direction {
  return outcomeDefinition(o, registry).scale.direction;
}

/** File-name-safe slug: `nosik:total` → `nosik-total`. */
export function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Runs `f`, turning a StatsError into `{ error }` so one outcome's edge case never sinks a table. */
export function attempt<T>(f: () => T): { value: T; error?: undefined } | { value?: undefined; error: string } {
  try {
    return { value: f() };
  } catch (e) {
    if (e instanceof StatsError) return { error: e.message };
    throw e;
  }
}

