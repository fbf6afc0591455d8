/**
 * The publication set: every count that the publications of one registration data set print — all
 * scopes (national, each region, each site), every year published, the previous-year and history
 * columns, every table — as cells of ONE global model, with every relation a reader can infer from
 * the definitions of the figures. The suppression (`disclosure.ts`) and the attacker-style audit
 * (`audit.ts`) work on this model, never on one table or one report alone (docs/disclosure.md).
 *
 * Cells. A publication's counts are registered under local keys (`2024|fam.supported`,
 * `2024|site:S-01|fam.closed`, `2024|ref.school`); {@link globalKey} names the quantity independent of
 * the report that prints it: `<scope>|<year>|<measure>` with scope `nat`, `reg:<region>` or
 * `site:<siteId>`. The same quantity printed in several tables or reports (a site's families supported
 * in 2024 in its own key figures, its history table, its region's and the national site list, and next
 * year as the previous-year column) is one cell: **identity** is built in, so a cell has one status
 * everywhere.
 *
 * Relations (each checked true on the unsuppressed data when the model is built; a relation that does
 * not hold is an internal error, not something an attacker could use):
 * - **additivity** inside a publication: categories sum to their total (intake outcomes, reasons,
 *   referrers, age bands, duration classes, end reasons, goals, gender, stop reasons), rows of the
 *   site and region breakdowns to their region / the nation;
 * - **additivity across scopes**: for every count of every year, the sites of a region sum to the
 *   region and the regions to the nation (every family, trajectory and volunteer belongs to one site),
 *   whenever all parts are in the model;
 * - **order (subsets)**: active on 31 December ≤ supported; newly matched ≤ supported; help-question
 *   count ≤ families with known questions ≤ supported; profile yes ≤ known ≤ families found;
 *   referred, follow-up held, trajectories with GAS, durations known ≤ closed; GAS sub-counts ≤ GAS n;
 *   end reason "referred to professional care" ≤ referred; volunteers active on 31 December ≤ active
 *   during the year; not deployable ≤ active on 31 December. Category ≤ total follows from additivity
 *   and counts ≥ 0. A site's publication adds its supported families by locality (summing to supported).
 * - **between periods** of the same scope (a year, a local evaluation's period, the period's parts per
 *   calendar year, the previous period; {@link periodRelations}): where one period is the disjoint
 *   union of others, its flows are their sum; where one contains another, every flow and reach count
 *   of the inner is at most the outer's (a differencing attack reads a count of the difference); two
 *   periods that end on the same day have the same counts on that day; where periods overlap without
 *   one containing the other, the flows per segment of days between them ({@link addPeriodSegmentCells}).
 * - **stock and flow**: the figures define no exact identity between years (families vs trajectories,
 *   re-matched families, a trajectory ending on 31 December counts as active that day and as closed),
 *   so none is asserted; the inequalities that do hold (newly matched ≤ supported, active ≤ supported)
 *   are in the list above, and within one period closed ≥ supported − active and volunteers stopped ≥
 *   active during − active − in training at the end ({@link FLOW_BOUNDS}).
 * - **percentages and statistics** are printed only when their count and base are printed (see
 *   report.ts), so they add nothing beyond the counts; a median, quartiles or mean of durations only
 *   when the number of closed trajectories is printed and at least the threshold.
 * - **residuals**: when a breakdown does not add up to its total in the data (a record counted in no
 *   category), an unpublished residual cell ≥ 0 keeps the sum true; the attacker does not know it.
 */
import { StatsError } from '../stats/result.js';
import { CHILD_AGE_BANDS, DURATION_BINS, keyPeriod, periodContains, PROFILE_FLAGS, type ImpactPeriod, type BreakdownCounts, type BreakdownRow, type ImpactFigures, type ImpactScope, type PeriodFigures } from './figures.js';
import type { SumConstraint } from './suppression.js';
import { coverageInequalities, MAX_WINDOWS } from './reach-cone.js';
import { linearCombination } from '../stats/linalg.js';
import { requirementMet } from './audit.js';

// ---------------------------------------------------------------------------------------------
// Ledger: every published count once, with its sum constraints

/** Every count of one publication once (local keys), with its sum constraints. */
export class CellLedger {
  /** The first key each cell was registered under (its canonical local key). */
  readonly keys: string[] = [];
  readonly values: number[] = [];
  readonly index = new Map<string, number>();
  readonly constraints: SumConstraint[] = [];
  /** Cells that an aliased sum pins to 0 (the other parts of a sum whose total is one of its parts). */
  readonly zeros: number[] = [];
  /**
   * Ordered breakdowns whose open-ended last classes the publication prints as one class
   * ({@link mergeOpenEndedTail}): breakdown (`dur`, `age`) → the codes it prints, the last one merged.
   */
  readonly tails = new Map<OrderedBreakdown, string[]>();
  /**
   * Breakdowns merged deeper than the publication's own columns call for, because a higher scope of the
   * set merges them ({@link decideOpenEndedTails}): their note says so.
   */
  readonly tailsFromSet = new Set<OrderedBreakdown>();
  /**
   * Local keys of small counts (1 … t − 1) that a merged class hides inside it: not printed, but a reader
   * who knows the rule knows they are small, so the disclosure control treats them as printed "<t".
   */
  readonly implied: string[] = [];

  cell(key: string, value: number): number {
    const i = this.index.get(key);
    if (i !== undefined) {
      if (this.values[i] !== Math.round(value)) throw new Error(`internal: figure ${key} registered as ${this.values[i]} and ${value}`);
      return i;
    }
    this.index.set(key, this.values.length);
    this.keys.push(key);
    this.values.push(Math.round(value));
    return this.values.length - 1;
  }

  /**
   * Makes `key` the same published cell as `target` (the same quantity under two names, e.g. the base
   * of the help-question percentages and the number of supported families), so it is hidden wherever
   * the other is: a figure hidden in one table must not be readable in another.
   */
  alias(key: string, target: string): void {
    const i = this.index.get(target);
    if (i !== undefined && !this.index.has(key)) this.index.set(key, i);
  }

  /** parts sum to total; when they do not (e.g. records without a known category), a residual part keeps the constraint honest. */
  sum(parts: string[], total: string): void {
    const p = parts.map((k) => this.index.get(k)).filter((i): i is number => i !== undefined);
    const t = this.index.get(total);
    if (t === undefined || p.length === 0) return;
    if (p.includes(t)) {
      // an aliased total (a part that is the same cell as the total, e.g. "goals known" = "closed" when
      // no goal is unknown) still says that the other parts are 0: a reader holding both figures knows it
      for (const q of p) if (q !== t && this.values[q] === 0) this.zeros.push(q);
      return;
    }
    const s = p.reduce((a, i) => a + this.values[i], 0);
    const diff = this.values[t] - s;
    if (diff < 0) return; // not additive (a record counted in two parts): no subtraction possible, no constraint
    if (diff > 0) p.push(this.cell(`${total}|rest`, diff));
    this.constraints.push({ parts: p, total: t });
  }
}

// ---------------------------------------------------------------------------------------------
// Registering the counts of a year

export const BREAKDOWN_MEASURES: Array<[keyof BreakdownCounts, string]> = [
  ['registered', 'fam.registered'],
  ['supported', 'fam.supported'],
  ['notSupported', 'fam.intake.not-supported'],
  ['activeAtYearEnd', 'fam.active'],
  ['closed', 'fam.closed'],
  ['volunteersActive', 'vol.activeYear'],
];


function registerTrend(l: CellLedger, y: PeriodFigures, p = `${y.key}|`): void {
  l.cell(p + 'fam.registered', y.families.registered);
  l.cell(p + 'fam.supported', y.families.supported);
  l.cell(p + 'fam.closed', y.families.closed);
  l.cell(p + 'fam.active', y.families.activeAtYearEnd);
  l.cell(p + 'vol.activeYear', y.volunteers.activeDuringYear);
}

/**
 * Registers every count of one period's figures under the local key prefix `p` (default `<period key>|`)
 * with the sums and aliases that hold between them.
 */
export function registerYear(l: CellLedger, y: PeriodFigures, p = `${y.key}|`): void {
  const f = y.families;
  registerTrend(l, y, p);
  l.cell(p + 'fam.newlyMatched', f.newlyMatched);
  l.cell(p + 'fam.children', f.childrenReached);
  for (const k of ['supported', 'not-supported', 'pending'] as const) {
    l.cell(p + `fam.intake.${k}`, k === 'supported' ? f.intake.supported : k === 'not-supported' ? f.intake.notSupported : f.intake.pending);
  }
  l.sum(['supported', 'not-supported', 'pending'].map((k) => p + `fam.intake.${k}`), p + 'fam.registered');
  for (const [k, v] of Object.entries(f.notSupportedByReason)) l.cell(p + `ns.${k}`, v);
  l.sum(Object.keys(f.notSupportedByReason).map((k) => p + `ns.${k}`), p + 'fam.intake.not-supported');
  for (const [k, v] of Object.entries(y.referrers)) l.cell(p + `ref.${k}`, v);
  l.sum(Object.keys(y.referrers).map((k) => p + `ref.${k}`), p + 'fam.registered');
  // the same quantity under two names is one cell (see CellLedger.alias)
  if (y.helpQuestions.families === f.supported) l.alias(p + 'help.base', p + 'fam.supported');
  l.cell(p + 'help.base', y.helpQuestions.families);
  for (const flag of PROFILE_FLAGS) if (y.profile[flag].known === y.helpQuestions.families) l.alias(p + `prof.${flag}.known`, p + 'help.base');
  for (const [k, v] of Object.entries(y.helpQuestions.counts)) l.cell(p + `help.${k}`, v);
  for (const flag of PROFILE_FLAGS) {
    l.cell(p + `prof.${flag}.yes`, y.profile[flag].yes);
    l.cell(p + `prof.${flag}.known`, y.profile[flag].known);
  }
  let ages = 0;
  for (const [k, v] of Object.entries(f.childrenByAge)) {
    l.cell(p + `age.${k}`, v);
    ages += v;
  }
  if (ages === f.childrenReached) l.alias(p + 'age.total', p + 'fam.children');
  l.cell(p + 'age.total', ages);
  l.sum(Object.keys(f.childrenByAge).map((k) => p + `age.${k}`), p + 'age.total');
  const d = y.closed.duration;
  if (d.n === f.closed) l.alias(p + 'dur.n', p + 'fam.closed');
  l.cell(p + 'dur.n', d.n);
  for (const [k, v] of Object.entries(d.bins)) l.cell(p + `dur.${k}`, v);
  l.sum(Object.keys(d.bins).map((k) => p + `dur.${k}`), p + 'dur.n');
  for (const [k, v] of Object.entries(y.closed.endReasons)) l.cell(p + `end.${k}`, v);
  l.sum(Object.keys(y.closed.endReasons).map((k) => p + `end.${k}`), p + 'fam.closed');
  const g = y.closed.goalsReached;
  for (const k of ['yes', 'partly', 'no', 'unknown'] as const) l.cell(p + `goals.${k}`, g[k]);
  if (g.unknown === 0) l.alias(p + 'goals.known', p + 'fam.closed');
  l.cell(p + 'goals.known', g.known);
  l.sum(['yes', 'partly', 'no'].map((k) => p + `goals.${k}`), p + 'goals.known');
  l.sum([p + 'goals.known', p + 'goals.unknown'], p + 'fam.closed');
  l.cell(p + 'referred', y.closed.referredProfessional.count);
  l.cell(p + 'followUp', y.closed.followUpDone);
  l.cell(p + 'gas.n', y.closed.gas.n);
  l.cell(p + 'gas.atLeast50', y.closed.gas.atLeast50.count);
  l.cell(p + 'gas.improved', y.closed.gas.improved.count);
  const v = y.volunteers;
  l.cell(p + 'vol.registered', v.registered);
  l.cell(p + 'vol.trained', v.trained);
  l.cell(p + 'vol.activeEnd', v.activeAtYearEnd);
  l.cell(p + 'vol.inTraining', v.inTrainingAtYearEnd);
  l.cell(p + 'vol.stopped', v.stopped);
  for (const [k, n] of Object.entries(v.genderRegistered)) l.cell(p + `vol.gReg.${k}`, n);
  l.sum(Object.keys(v.genderRegistered).map((k) => p + `vol.gReg.${k}`), p + 'vol.registered');
  for (const [k, n] of Object.entries(v.genderActive)) l.cell(p + `vol.gAct.${k}`, n);
  l.sum(Object.keys(v.genderActive).map((k) => p + `vol.gAct.${k}`), p + 'vol.activeYear');
  for (const [k, n] of Object.entries(v.stoppedByReason)) l.cell(p + `vol.stop.${k}`, n);
  l.sum(Object.keys(v.stoppedByReason).map((k) => p + `vol.stop.${k}`), p + 'vol.stopped');
}

/**
 * The counts only a site's own publication prints: supported families by locality (they sum to the
 * supported families, with a residual for families found only in the trajectories file) and the
 * active volunteers not deployable on the reference date.
 */
export function registerSiteYear(l: CellLedger, y: PeriodFigures, p = `${y.key}|`): void {
  const loc = Object.entries(y.families.supportedByLocality);
  for (const [k, v] of loc) l.cell(p + localityKey(k), v);
  l.sum(loc.map(([k]) => p + localityKey(k)), p + 'fam.supported');
  if (y.volunteers.notDeployableAtYearEnd !== null) l.cell(p + 'vol.notDeployable', y.volunteers.notDeployableAtYearEnd);
}

/**
 * The measure of the supported families of one locality (`unknown`: no locality recorded); the name
 * is encoded, so a locality can never be mistaken for a key's separator.
 * @example localityKey('Nieuwleusen') // 'loc.Nieuwleusen'
 */
export function localityKey(locality: string): string {
  return `loc.${encodeURIComponent(locality)}`;
}

function registerBreakdown(l: CellLedger, year: string, rows: BreakdownRow[], which: 'current' | 'previous', prefix: (r: BreakdownRow) => string, totalOf: (r: BreakdownRow) => string | null): void {
  for (const r of rows) for (const [m, key] of BREAKDOWN_MEASURES) l.cell(`${year}|${prefix(r)}|${key}`, r[which]![m]);
  // group rows by their total and add one sum constraint per measure
  const groups = new Map<string, BreakdownRow[]>();
  for (const r of rows) {
    const t = totalOf(r);
    if (t === null) continue;
    const list = groups.get(t);
    if (list) list.push(r);
    else groups.set(t, [r]);
  }
  for (const [t, list] of groups) {
    for (const [, key] of BREAKDOWN_MEASURES) {
      l.sum(list.map((r) => `${year}|${prefix(r)}|${key}`), `${year}|${t === '' ? '' : t + '|'}${key}`);
    }
  }
}


/**
 * The periods whose full figures a publication prints side by side: the previous period (when the data
 * cover it) and the period itself.
 */
export function publicationPeriods(fig: ImpactFigures): PeriodFigures[] {
  return fig.previous ? [fig.previous, fig.current] : [fig.current];
}

/** Ordered breakdowns whose last class is open-ended: durations ("18 months or more") and children's ages ("13 years and older"). */
export type OrderedBreakdown = 'dur' | 'age';
export const ORDERED_BREAKDOWNS: Record<OrderedBreakdown, readonly string[]> = { dur: DURATION_BINS, age: CHILD_AGE_BANDS };

/**
 * The open-ended tail rule (docs/disclosure-control.md, "merging the last class"): when the last class of
 * an ordered breakdown holds a small count (1 … t − 1) in some column (period) of a publication's table,
 * the table prints it merged with the class before it ("15 months or more"), and merges on while the
 * merged class is still small in some column, as long as the merged class spans at most half of the
 * classes (durations: "12 months or more" at most; ages: "7 years and older"). When that is not enough,
 * nothing is merged (the small class is printed "<t" as before). A 0 is never a reason to merge (the
 * zero rule decides it). Returns the codes the table prints: the first classes as they are, then the
 * merged class `<lower bound>+`.
 * @example mergeOpenEndedTail(['0-3', '3-6', '6-9', '9-12', '12-15', '15-18', '18+'], [[20, 31, 18, 12, 9, 6, 2]], 5) // ['0-3', '3-6', '6-9', '9-12', '12-15', '15+']
 * @example mergeOpenEndedTail(['0', '1-3', '4-6', '7-12', '13+'], [[3, 9, 8, 11, 6]], 5) // ['0', '1-3', '4-6', '7-12', '13+']
 */
export function mergeOpenEndedTail(codes: readonly string[], columns: ReadonlyArray<ReadonlyArray<number>>, threshold: number): string[] {
  const small = (from: number) => columns.some((col) => {
    let s = 0;
    for (let k = from; k < codes.length; k++) s += col[k] ?? 0;
    return s > 0 && s < threshold;
  });
  const last = codes.length - 1;
  if (!small(last)) return [...codes];
  for (let from = last - 1; codes.length - from <= Math.floor(codes.length / 2); from--) {
    if (!small(from)) return [...codes.slice(0, from), `${codes[from].split('-')[0]}+`];
  }
  return [...codes];
}

/**
 * The bounds of a class of an ordered breakdown: `0-3` → [0, 3], `13+` → [13, ∞), `0` → [0, 0] (months of
 * duration, years of age). A combined class holds the fine classes whose bounds lie inside its own.
 * @example classBounds('12+') // [12, Infinity]
 */
export function classBounds(code: string): [number, number] {
  if (code.endsWith('+')) return [Number(code.slice(0, -1)), Infinity];
  const [a, b] = code.split('-');
  return [Number(a), Number(b ?? a)];
}

/**
 * The fine classes (figures.ts `DURATION_BINS`, `CHILD_AGE_BANDS`) a printed class of breakdown `b` is made of:
 * itself when it is a fine class, otherwise every fine class inside its bounds.
 * @example fineClasses('dur', '0-6') // ['0-3', '3-6']
 * @example fineClasses('age', '4+') // ['4-6', '7-12', '13+']
 */
export function fineClasses(b: OrderedBreakdown, code: string): string[] {
  const fine = ORDERED_BREAKDOWNS[b];
  if (fine.includes(code)) return [code];
  const [lo, hi] = classBounds(code);
  return fine.filter((c) => {
    const [a, z] = classBounds(c);
    return a >= lo && z <= hi;
  });
}

/**
 * A class printed combined in one publication (a merged open-ended class such as `dur.15+`, a local
 * evaluation's coarser `age.0-3`) is, in every other period of the same scope, the sum of the fine classes
 * that period prints: a reader adds them up and subtracts. Each such sum becomes an unprinted cell of the
 * model (`<scope>|<period>|<class>`, value and relation from the fine cells), so that the differences
 * between periods ({@link addPeriodDifferenceCells}) and the containment and tiling relations see the same
 * measure on both sides — without them, "children under 4 in the evaluation period" minus "under 1" and
 * "1–3" of a year inside it would be a count of a window that the model never protects. Call before
 * {@link addPeriodDifferenceCells}. Returns the cells added (a definition, not a count anyone publishes:
 * the suppression never protects one for its own sake).
 */
export function addCombinedClassCells(model: PublicationModel): number[] {
  const added: number[] = [];
  for (const [scope, periods] of cellsByScopeAndPeriod(model.index, model.scopeAlias)) {
    if (periods.size < 2) continue;
    const combined = new Set<string>();
    for (const cells of periods.values()) {
      for (const m of cells.keys()) {
        const dot = m.indexOf('.');
        const b = m.slice(0, dot) as OrderedBreakdown;
        if ((b === 'dur' || b === 'age') && !ORDERED_BREAKDOWNS[b].includes(m.slice(dot + 1)) && classBoundsOk(m.slice(dot + 1))) combined.add(m);
      }
    }
    for (const m of combined) {
      const dot = m.indexOf('.');
      const b = m.slice(0, dot) as OrderedBreakdown;
      const parts = fineClasses(b, m.slice(dot + 1)).map((c) => `${b}.${c}`);
      if (parts.length < 2) continue;
      for (const [period, cells] of periods) {
        if (cells.has(m) || parts.some((q) => !cells.has(q))) continue;
        const vars = parts.map((q) => cells.get(q)!);
        const key = `${scope}|${period}|${m}`;
        if (model.index.has(key)) continue;
        const v = model.keys.length;
        model.keys.push(key);
        model.index.set(key, v);
        model.values.push(vars.reduce((a, i) => a + model.values[i], 0));
        model.printed.push(false);
        model.relations.push({ vars: [...vars, v], coefs: [...vars.map(() => 1), -1], lo: 0, hi: 0, kind: 'sum' });
        cells.set(m, v);
        added.push(v);
      }
    }
  }
  return added;
}

const classBoundsOk = (code: string) => /^\d+(-\d+|\+)?$/.test(code);

/**
 * Which open-ended classes a publication prints merged: per ordered breakdown the merged class's code
 * (`'15+'`, `'7+'`); a breakdown not named prints every class. See {@link decideOpenEndedTails}.
 */
export type OpenEndedTails = Partial<Record<OrderedBreakdown, string>>;

const tailClasses = (y: PeriodFigures, b: OrderedBreakdown): Record<string, number> => (b === 'dur' ? y.closed.duration.bins : y.families.childrenByAge);

/** The codes a table prints when its last classes are merged into `merged` (`'15+'`); every code when `merged` is undefined or not a class's lower bound. */
export function tailCodes(b: OrderedBreakdown, merged: string | undefined): string[] {
  const codes = ORDERED_BREAKDOWNS[b];
  if (merged === undefined) return [...codes];
  const from = codes.findIndex((c) => `${c.split('-')[0]}+` === merged);
  return from < 0 || from === codes.length - 1 ? [...codes] : [...codes.slice(0, from), merged];
}

/** The merge a publication's own columns call for ({@link mergeOpenEndedTail}), per breakdown. */
export function ownOpenEndedTails(periods: PeriodFigures[], threshold: number): OpenEndedTails {
  const out: OpenEndedTails = {};
  for (const b of ['dur', 'age'] as const) {
    const codes = ORDERED_BREAKDOWNS[b];
    const printedCodes = mergeOpenEndedTail(codes, periods.map((y) => codes.map((c) => tailClasses(y, b)[c] ?? 0)), threshold);
    if (printedCodes.length < codes.length) out[b] = printedCodes[printedCodes.length - 1];
  }
  return out;
}

/**
 * The open-ended merge decided over a whole publication set (docs/disclosure-control.md, "merging the
 * last class"). A publication merges its last classes as deep as the deepest of:
 * - what its own columns call for ({@link mergeOpenEndedTail});
 * - what a higher scope of the same period prints (a site as its region and the nation, a region as the
 *   nation): otherwise a lower scope would print the classes a higher scope merged — the regions' "15–18
 *   months" add up to the national one, which pins the national "18 months or more" that the merge was
 *   meant to keep apart;
 * - what an earlier publication of the same scope printed for a column this one prints too (next year's
 *   previous-year column): printing finer classes of a column than an earlier file did splits its merged
 *   count (a printed "12 months or more" of 6 and now "12–15" and "15 or more" as two "<5" beside it: each
 *   is at least 2).
 * A merge that is not the publication's own is taken only where its merged class is not small (1 … t − 1)
 * in any column, merging on (at most half of the classes) while it is; when that is not enough the
 * publication prints as its own columns call for (a small merged class would be a new "<t" that the
 * table's printed classes may pin). Publications are decided in period order, higher scopes first;
 * `earlier` are publications written before (their merges as printed, e.g. from the ledger); `regionOf`
 * gives a site's region. Returns publication id (`<scope>|<period key>`) → its merges.
 * @example decideOpenEndedTails([]).size // 0
 */
export function decideOpenEndedTails(
  figs: ReadonlyArray<Pick<ImpactFigures, 'scope' | 'key' | 'current' | 'previous'>>,
  threshold = 5,
  regionOf: (siteId: string) => string | undefined = () => undefined,
  earlier: ReadonlyArray<{ fig: Pick<ImpactFigures, 'scope' | 'key' | 'current' | 'previous'>; tails: OpenEndedTails }> = [],
): Map<string, OpenEndedTails> {
  const idOf = (f: Pick<ImpactFigures, 'scope' | 'key'>) => `${scopeKey(f.scope)}|${f.key}`;
  const columnsOf = (f: Pick<ImpactFigures, 'current' | 'previous'>) => (f.previous ? [f.previous, f.current] : [f.current]);
  const level = { national: 0, region: 1, site: 2 } as const;
  const order = [...figs].sort((a, b) => (a.current.period.to < b.current.period.to ? -1 : a.current.period.to > b.current.period.to ? 1 : level[a.scope.level] - level[b.scope.level]));
  const out = new Map<string, OpenEndedTails>();
  // publications of each scope already decided (earlier files first), with the period keys of their columns
  const byScope = new Map<string, Array<{ keys: string[]; tails: OpenEndedTails }>>();
  const remember = (f: Pick<ImpactFigures, 'scope' | 'current' | 'previous'>, tails: OpenEndedTails) => {
    const k = scopeKey(f.scope);
    const list = byScope.get(k) ?? [];
    list.push({ keys: columnsOf(f).map((y) => y.key), tails });
    byScope.set(k, list);
  };
  for (const e of earlier) remember(e.fig, e.tails);
  for (const f of order) {
    const id = idOf(f);
    const columns = columnsOf(f);
    const own = ownOpenEndedTails(columns, threshold);
    const wider: OpenEndedTails[] = [];
    if (f.scope.level !== 'national') wider.push(out.get(`nat|${f.key}`) ?? {});
    if (f.scope.level === 'site') {
      const region = regionOf(f.scope.siteId);
      if (region !== undefined) wider.push(out.get(`reg:${region}|${f.key}`) ?? {});
    }
    const keys = new Set(columns.map((y) => y.key));
    for (const e of byScope.get(scopeKey(f.scope)) ?? []) if (e.keys.some((k) => keys.has(k))) wider.push(e.tails);
    const merged: OpenEndedTails = {};
    for (const b of ['dur', 'age'] as const) {
      const codes = ORDERED_BREAKDOWNS[b];
      const ownLength = tailCodes(b, own[b]).length;
      let length = ownLength;
      for (const t of wider) length = Math.min(length, tailCodes(b, t[b]).length);
      if (length < ownLength) {
        // a merge the publication's own columns do not call for: only where its merged class is not small
        const small = (from: number) => columns.some((y) => {
          let s = 0;
          for (let k = from; k < codes.length; k++) s += tailClasses(y, b)[codes[k]] ?? 0;
          return s > 0 && s < threshold;
        });
        let from = length - 1;
        while (small(from) && codes.length - (from - 1) <= Math.floor(codes.length / 2)) from--;
        length = small(from) ? ownLength : from + 1;
      }
      if (length < codes.length) merged[b] = `${codes[length - 1].split('-')[0]}+`;
    }
    out.set(id, merged);
    remember(f, merged);
  }
  return out;
}

/**
 * Applies the open-ended merge to a publication's age and duration tables: merged cells, their sums, the
 * implied small counts. `tails` is the set's decision ({@link decideOpenEndedTails}); without it the
 * publication's own columns decide ({@link mergeOpenEndedTail}).
 */
export function registerOpenEndedTails(ledger: CellLedger, periods: PeriodFigures[], threshold: number, prefix: (y: PeriodFigures) => string = (y) => `${y.key}|`, tails?: OpenEndedTails): void {
  const classes = tailClasses;
  const decided = tails ?? ownOpenEndedTails(periods, threshold);
  for (const b of ['dur', 'age'] as const) {
    const codes = ORDERED_BREAKDOWNS[b];
    const printedCodes = tailCodes(b, decided[b]);
    if (printedCodes.length === codes.length) continue;
    const merged = codes.slice(printedCodes.length - 1);
    ledger.tails.set(b, printedCodes);
    if (tails && printedCodes.length < tailCodes(b, ownOpenEndedTails(periods, threshold)[b]).length) ledger.tailsFromSet.add(b);
    for (const y of periods) {
      const p = `${prefix(y)}${b}.`;
      ledger.cell(p + printedCodes[printedCodes.length - 1], merged.reduce((a, c) => a + (classes(y, b)[c] ?? 0), 0));
      ledger.sum(merged.map((c) => p + c), p + printedCodes[printedCodes.length - 1]);
      for (const c of merged) {
        const v = classes(y, b)[c] ?? 0;
        if (v > 0 && v < threshold) ledger.implied.push(p + c);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The layout of a publication: categories combined, tables left out (the repair's last resorts)

/**
 * How one publication prints its tables when the disclosure control could not protect them as they are
 * (disclosure.ts, {@link protectPublicationSetWithFallback}): categories of a breakdown combined into one
 * row, rows of a summary table left out, or whole tables left out. Kept in the suppression ledger per
 * publication, so a re-run and next year's run print the publication as it was printed.
 * - `merged`: table id → the category codes printed as one combined row (at least two).
 * - `leftOut`: table ids printed without rows, with a note saying why.
 * - `leftOutRows`: summary table id ({@link ROW_TABLES}: the site list `locaties`, the region list `regios`) →
 *   the rows printed no more, by the scope key of the row (`site:S043`, `reg:Limburg`), sorted; the table's
 *   total row is still printed and still counts them, and a note names the rows left out and says why.
 */
export interface PublicationLayout {
  merged?: Record<string, string[]>;
  leftOut?: string[];
  leftOutRows?: Record<string, string[]>;
}

/**
 * The summary tables of a report whose rows are other scopes' key figures (a row per site or per region, and a
 * total row: the report's own scope): table id → the level of its rows. A row of them can be left out on its own
 * ({@link PublicationLayout.leftOutRows}); every other table only whole.
 */
export const ROW_TABLES: Readonly<Record<string, 'site' | 'region'>> = { locaties: 'site', regios: 'region' };

/**
 * The global keys (`<scope>|<period>|<measure>`) of the counts in the rows a publication's layout leaves out of its
 * summary tables ({@link PublicationLayout.leftOutRows}), every column (period) of the publication. Not printed
 * there; the disclosure control keeps the small ones among them protected when no other file prints them
 * (the table's total row still counts them, so total minus the printed rows is a count a reader can work out).
 * @example leftOutRowKeys(fig, { leftOutRows: { locaties: ['site:S043'] } }) // ['site:S043|2024-07-01_2025-06-30|fam.registered', …]
 */
export function leftOutRowKeys(fig: Pick<ImpactFigures, 'key' | 'current' | 'previous'>, layout: PublicationLayout | undefined): string[] {
  const out: string[] = [];
  for (const [table, rows] of Object.entries(layout?.leftOutRows ?? {})) {
    if (!ROW_TABLES[table] || layout?.leftOut?.includes(table)) continue;
    for (const row of rows) for (const y of fig.previous ? [fig.previous, fig.current] : [fig.current]) for (const [, m] of BREAKDOWN_MEASURES) out.push(`${row}|${y.key}|${m}`);
  }
  return out;
}

/**
 * Tables of the annual/period report whose categories may be combined: table id → the measure prefixes
 * of its category cells (each category's cells sum to the table's total, so a combined row is the sum
 * of its categories). Help questions (several per family) and the family profile (flags) do not add up:
 * they can only be left out.
 */
export const MERGEABLE_TABLES: Readonly<Record<string, readonly string[]>> = {
  verwijzers: ['ref.'],
  'niet-ondersteund': ['ns.'],
  afsluitredenen: ['end.'],
  'vrijwilligers-gestopt': ['vol.stop.'],
  'vrijwilligers-gender': ['vol.gReg.', 'vol.gAct.'],
  duur: ['dur.'],
  kinderen: ['age.'],
};

/** Tables of ordered classes (durations, children's ages): only adjacent classes are combined, into one class. */
export const ORDERED_TABLES: Readonly<Record<string, OrderedBreakdown>> = { duur: 'dur', kinderen: 'age' };

/**
 * The code of adjacent ordered classes combined into one: from the first class's lower bound to the last
 * class's upper bound, open-ended when the last class is.
 * @example combinedClassCode(['3-6', '6-9']) // '3-9'
 * @example combinedClassCode(['12-15', '15+']) // '12+'
 * @example combinedClassCode(['0', '1-3']) // '0-3'
 */
export function combinedClassCode(codes: readonly string[]): string {
  const lower = codes[0].split('-')[0].replace('+', '');
  const last = codes[codes.length - 1];
  return last.endsWith('+') ? `${lower}+` : `${lower}-${last.split('-').at(-1)}`;
}

/** The code of a layout's combined row of `table`: {@link combinedClassCode} for ordered classes, else {@link mergedCode}. */
export function layoutMergedCode(table: string, codes: readonly string[]): string {
  return ORDERED_TABLES[table] ? combinedClassCode(codes) : mergedCode(codes);
}

/**
 * The code of a combined row: `merged:` and its categories in a fixed order (one quantity per set of
 * categories, whichever publication combines them).
 * @example mergedCode(['school', 'other']) // 'merged:other+school'
 */
export function mergedCode(codes: readonly string[]): string {
  return `merged:${[...codes].sort().join('+')}`;
}

/**
 * The id of a publication as the ledger and the layouts name it: `<scope>|<period key>`.
 * @example publicationKey({ level: 'site', siteId: 'S1' }, '2024') // 'site:S1|2024'
 */
export function publicationKey(scope: ImpactScope, key: string): string {
  return `${scopeKey(scope)}|${key}`;
}

/**
 * A table's category codes as a publication prints them under its layout: the categories `merged` combines
 * as one row — ordered classes as one class where they were, other categories as one row (`merged:…`) at
 * the end. Without `merged`, the codes as they are.
 * @example layoutTableCodes('verwijzers', ['school', 'childcare', 'other'], ['childcare', 'other']) // ['school', 'merged:childcare+other']
 * @example layoutTableCodes('duur', ['0-6', '6-12', '12-18', '18+'], ['12-18', '18+']) // ['0-6', '6-12', '12+']
 */
export function layoutTableCodes(table: string, codes: readonly string[], merged: readonly string[] | undefined): string[] {
  if (!merged?.length) return [...codes];
  if (ORDERED_TABLES[table]) return codes.flatMap((c) => (c === merged[0] ? [layoutMergedCode(table, merged)] : merged.includes(c) ? [] : [c]));
  return [...codes.filter((c) => !merged.includes(c)), layoutMergedCode(table, merged)];
}

/**
 * Registers the combined rows of a layout: per period (its key), one cell with the sum of its categories (a
 * relation: the categories, unprinted in this publication, still add up to it, and may be printed in
 * another publication). `tables` maps a table id to the measure prefixes of its categories (the annual
 * report's {@link MERGEABLE_TABLES}, or a local evaluation's own).
 */
export function registerMergedRows(ledger: CellLedger, periodKeys: readonly string[], layout: PublicationLayout | undefined, tables: Readonly<Record<string, readonly string[]>> = MERGEABLE_TABLES): void {
  for (const [table, codes] of Object.entries(layout?.merged ?? {})) {
    for (const prefix of tables[table] ?? []) {
      for (const key of periodKeys) {
        const parts = codes.map((c) => `${key}|${prefix}${c}`).filter((k) => ledger.index.has(k));
        if (parts.length === 0) continue;
        const total = `${key}|${prefix}${layoutMergedCode(table, codes)}`;
        if (ledger.index.has(total)) continue; // a class the publication prints anyway (a sized class of an evaluation)
        ledger.cell(total, parts.reduce((a, k) => a + ledger.values[ledger.index.get(k)!], 0));
        ledger.sum(parts, total);
      }
    }
  }
}

const COLLECTED = new WeakMap<ImpactFigures, Map<string, CellLedger>>();

/**
 * Collects the counts of one publication (every table, both periods, the history, the breakdowns) under
 * local keys; `threshold` decides which open-ended classes are merged ({@link mergeOpenEndedTail}), or
 * `tails`, the publication set's decision ({@link decideOpenEndedTails}); `layout` adds the combined rows
 * of categories ({@link PublicationLayout}).
 */
export function collectPublicationCells(fig: ImpactFigures, threshold = 5, layout?: PublicationLayout, tails?: OpenEndedTails): CellLedger {
  // once per publication, threshold, layout and open-ended merge: the disclosure control, the publication's
  // tables and the written report read the same ledger (nothing changes a ledger once collected)
  let byThreshold = COLLECTED.get(fig);
  if (!byThreshold) COLLECTED.set(fig, (byThreshold = new Map()));
  const memoKey = `${threshold}|${layout === undefined ? '' : JSON.stringify(layout)}|${tails === undefined ? 'own' : JSON.stringify({ dur: tails.dur ?? null, age: tails.age ?? null })}`;
  const known = byThreshold.get(memoKey);
  if (known) return known;
  const ledger = new CellLedger();
  for (const y of fig.history) registerTrend(ledger, y);
  for (const y of publicationPeriods(fig)) registerYear(ledger, y);
  registerOpenEndedTails(ledger, publicationPeriods(fig), threshold, undefined, tails);
  registerMergedRows(ledger, publicationPeriods(fig).map((y) => y.key), layout);
  if (fig.scope.level === 'site') for (const y of publicationPeriods(fig)) registerSiteYear(ledger, y);
  const siteKey = (r: BreakdownRow) => `site:${r.siteId}`;
  const regionKey = (r: BreakdownRow) => `reg:${r.region}`;
  for (const y of publicationPeriods(fig)) {
    const which = y === fig.current ? 'current' : 'previous';
    if (fig.regions.length) registerBreakdown(ledger, y.key, fig.regions, which, regionKey, () => '');
    if (fig.sites.length) registerBreakdown(ledger, y.key, fig.sites, which, siteKey, (r) => (fig.scope.level === 'national' ? regionKey(r) : ''));
  }
  byThreshold.set(memoKey, ledger);
  return ledger;
}

// ---------------------------------------------------------------------------------------------
// Global keys

/** `nat`, `reg:<region>` or `site:<siteId>`. */
export function scopeKey(scope: ImpactScope): string {
  return scope.level === 'national' ? 'nat' : scope.level === 'region' ? `reg:${scope.region}` : `site:${scope.siteId}`;
}

/**
 * The global name of a publication's local key: `<scope>|<year>|<measure>`. Breakdown keys
 * (`2024|site:S|fam.supported`) name the site's or region's own quantity; every other key belongs to
 * the publication's scope.
 * @example globalKey({ level: 'national' }, '2024|site:S-01|fam.closed') // 'site:S-01|2024|fam.closed'
 * @example globalKey({ level: 'site', siteId: 'S-01' }, '2024|fam.closed') // 'site:S-01|2024|fam.closed'
 */
export function globalKey(scope: ImpactScope, local: string): string {
  const bar = local.indexOf('|');
  const year = local.slice(0, bar);
  const rest = local.slice(bar + 1);
  if (rest.startsWith('site:') || rest.startsWith('reg:')) {
    const bar2 = rest.indexOf('|');
    return `${rest.slice(0, bar2)}|${year}|${rest.slice(bar2 + 1)}`;
  }
  return `${scopeKey(scope)}|${local}`;
}

// ---------------------------------------------------------------------------------------------
// The model

/** A linear relation `lo ≤ Σ coefs[k]·x[vars[k]] ≤ hi` between cells of the model. */
export interface LinearRelation {
  vars: number[];
  coefs: number[];
  lo: number;
  hi: number;
  /** `sum` (parts = total), `scope-sum` (sites = region, regions = nation), `subset` (a ≤ b). */
  kind: 'sum' | 'scope-sum' | 'subset';
}

/** One publication of the set, as the model knows it. */
export interface PublicationEntry {
  scope: ImpactScope;
  /** The period reported on (`periodKey`: `2024` or `2018-03-01_2021-06-30`). */
  period: string;
  /** Global keys of the counts this publication prints (cells of the model). */
  printed: Set<string>;
}

export interface PublicationModel {
  /** Global key of each cell. */
  keys: string[];
  index: Map<string, number>;
  /** True value of each cell (never published as such: the model is private). */
  values: number[];
  /** Printed in at least one publication of the set (residual cells are not). */
  printed: boolean[];
  relations: LinearRelation[];
  publications: PublicationEntry[];
  /**
   * Scopes that count the same families as a higher scope of the set (a region with one site, a nation
   * with one region: {@link sameQuantityScopes}) → that higher scope. Their cells are the higher scope's
   * cells (one quantity, one cell, named by the higher scope), and periods are related per higher scope.
   */
  scopeAlias: Map<string, string>;
}

/** What the model builder needs of one publication: its scope and year (or period), its counts and which of them it prints. */
export interface PublicationCells {
  fig: Pick<ImpactFigures, 'scope' | 'key'>;
  ledger: CellLedger;
  /** Global keys of the counts the publication's tables print. */
  printed: Set<string>;
  /**
   * Relations between this publication's cells and other publications' cells, by global key (e.g. a
   * count over a period and the same count in the calendar years it covers). A link whose keys are
   * not all in the model is dropped: it ties to nothing published.
   */
  links?: GlobalRelation[];
}

/** A linear relation stated by global keys: `lo ≤ Σ coefs[k]·cell(keys[k]) ≤ hi`. */
export interface GlobalRelation {
  keys: string[];
  coefs: number[];
  lo: number;
  hi: number;
}

/** Pairs (subset, superset) of measures of the same scope and year: subset ≤ superset by definition. */
export const SUBSET_RELATIONS: ReadonlyArray<readonly [string, string]> = [
  ['fam.active', 'fam.supported'],
  ['fam.newlyMatched', 'fam.supported'],
  ['help.base', 'fam.supported'],
  ['referred', 'fam.closed'],
  ['followUp', 'fam.closed'],
  ['gas.n', 'fam.closed'],
  ['dur.n', 'fam.closed'],
  ['gas.atLeast50', 'gas.n'],
  ['gas.improved', 'gas.n'],
  ['end.referred-professional', 'referred'],
  ['vol.activeEnd', 'vol.activeYear'],
  ['vol.notDeployable', 'vol.activeEnd'],
];

/**
 * Flows within one period, [out, reached, still there on the last day]: out ≥ reached − Σ still there.
 * A family supported in the period and not active on its last day had a trajectory end in it (closed ≥
 * supported − active); a volunteer active during the period and neither active nor in training on its
 * last day stopped in it (stopped ≥ active during − active at the end − in training at the end). Found
 * by the independent attacker on the national set (tests/impact/attacker-flows.test.ts): without them a
 * site's history row of 10 supported, 6 active and "<5" closed gave the closed trajectories (4).
 */
const FLOW_BOUNDS: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ['fam.closed', 'fam.supported', ['fam.active']],
  ['vol.stopped', 'vol.activeYear', ['vol.activeEnd', 'vol.inTraining']],
];

/**
 * Builds the global model of a publication set from the cells of each publication and the site →
 * region hierarchy (`regions`: region → site ids). Throws (internal error) when a relation is false on
 * the data or one key carries two values.
 */
export function buildPublicationModel(pubs: PublicationCells[], regions: Map<string, string[]>): PublicationModel {
  const scopeAlias = sameQuantityScopes(regions, new Set(pubs.map((p) => scopeKey(p.fig.scope))));
  const canon = (k: string) => {
    if (!scopeAlias.size) return k;
    const bar = k.indexOf('|');
    const s = scopeAlias.get(k.slice(0, bar));
    return s === undefined ? k : s + k.slice(bar);
  };
  const keys: string[] = [];
  const index = new Map<string, number>();
  const values: number[] = [];
  const printed: boolean[] = [];
  const relations: LinearRelation[] = [];
  // identical relations are kept once: the same kind and bounds and the same cells with the same coefficients,
  // in any order — found by a hash of these that does not depend on the order, then compared exactly
  const seen = new Map<number, number[]>(); // hash → relations with it
  let stamp = new Int32Array(0); // scratch per cell: the last pass that marked it, and its coefficient there
  let coefOf = new Float64Array(0);
  let pass = 0;
  const same = (a: number, b: number) => a === b || (a !== a && b !== b); // (0 and −0 alike; NaN alike)
  const cell = (name: string, value: number): number => {
    // a scope that counts the same families as a higher one names the higher scope's cell
    const key = canon(name);
    let i = index.get(key);
    if (i === undefined) {
      i = keys.length;
      index.set(key, i);
      keys.push(key);
      values.push(value);
      printed.push(false);
    }
    if (key !== name && !index.has(name)) index.set(name, i);
    if (values[i] !== value) {
      throw new StatsError(`internal: the count ${key} is ${values[i]} in one publication and ${value} in another; the publication set must come from one data set and one reference date.`);
    }
    return i;
  };
  const relate = (names: number[], weights: number[], lo: number, hi: number, kind: LinearRelation['kind']) => {
    // one cell under two names in one relation (a one-site region's site row and its total): add up
    let vars = names;
    let coefs = weights;
    if (stamp.length < keys.length) {
      stamp = new Int32Array(Math.max(keys.length, 2 * stamp.length));
      coefOf = new Float64Array(stamp.length);
      pass = 0;
    }
    let twice = false;
    const p0 = ++pass;
    for (let k = 0; k < names.length && !twice; k++) {
      if (stamp[names[k]] === p0) twice = true;
      stamp[names[k]] = p0;
    }
    if (twice) {
      const by = new Map<number, number>();
      names.forEach((v, k) => by.set(v, (by.get(v) ?? 0) + weights[k]));
      vars = [...by].filter(([, c]) => c !== 0).map(([v]) => v);
      coefs = vars.map((v) => by.get(v)!);
      if (vars.length === 0) return;
    }
    // lo and hi are part of the signature: a ≥ and a ≤ over the same cells (a period at least and at most
    // the sum of its years, when every year lies inside it) are two relations, not one
    let h = (kind === 'sum' ? 1 : kind === 'scope-sum' ? 2 : 3) ^ Math.imul((lo * 65536) | 0, 31) ^ Math.imul((hi * 65536) | 0, 1000003);
    for (let k = 0; k < vars.length; k++) h = (h + (Math.imul(vars[k] + 1, 0x9e3779b1) ^ ((coefs[k] * 65536) | 0))) | 0;
    const candidates = seen.get(h);
    if (candidates) {
      const p1 = ++pass;
      for (let k = 0; k < vars.length; k++) {
        stamp[vars[k]] = p1;
        coefOf[vars[k]] = coefs[k];
      }
      for (const c of candidates) {
        const r = relations[c];
        if (r.kind !== kind || !same(r.lo, lo) || !same(r.hi, hi) || r.vars.length !== vars.length) continue;
        let equal = true;
        for (let q = 0; q < r.vars.length && equal; q++) equal = stamp[r.vars[q]] === p1 && same(coefOf[r.vars[q]], r.coefs[q]);
        if (equal) return;
      }
      candidates.push(relations.length);
    } else seen.set(h, [relations.length]);
    let s = 0;
    for (let k = 0; k < vars.length; k++) s += coefs[k] * values[vars[k]];
    if (s < lo || s > hi) throw new StatsError(`internal: relation ${kind} ${vars.map((v) => keys[v]).join(', ')} is false on the data.`);
    relations.push({ vars, coefs, lo, hi, kind });
  };
  const publications: PublicationEntry[] = [];
  const pendingIdentities: Array<[number, number]> = [];
  for (const p of pubs) {
    const local = p.ledger;
    const canonical: number[] = [];
    for (let i = 0; i < local.keys.length; i++) canonical[i] = cell(globalKey(p.fig.scope, local.keys[i]), local.values[i]);
    // every other name of a cell (an alias: "help-question base" = "supported" when equal) names the
    // same quantity: identity, so relations stated under either name apply
    for (const [k, i] of local.index) {
      const g = globalKey(p.fig.scope, k);
      const c = canon(g);
      for (let n = 0; n < (c === g ? 1 : 2); n++) {
        const known = index.get(n === 0 ? g : c);
        if (known === undefined) index.set(n === 0 ? g : c, canonical[i]);
        else if (known !== canonical[i]) pendingIdentities.push([known, canonical[i]]);
      }
    }
    for (const k of p.printed) {
      const g = index.get(k);
      if (g !== undefined) printed[g] = true;
    }
    for (const c of local.constraints) {
      relate([...c.parts.map((q) => canonical[q]), canonical[c.total]], [...c.parts.map(() => 1), -1], 0, 0, 'sum');
    }
    for (const q of local.zeros ?? []) relate([canonical[q]], [1], 0, 0, 'sum');
    publications.push({ scope: p.fig.scope, period: p.fig.key, printed: p.printed });
  }
  // links between publications (a period and the years it covers)
  for (const p of pubs) {
    for (const l of p.links ?? []) {
      const vars = l.keys.map((k) => index.get(k));
      if (vars.some((v) => v === undefined)) continue;
      // a link is what a reader may assume (e.g. nothing before a site's start); one that is false on
      // these data is not a relation the reader can rely on: dropped
      let sum = 0;
      for (let k = 0; k < vars.length; k++) sum += l.coefs[k] * values[vars[k]!];
      if (sum < l.lo || sum > l.hi) continue;
      relate(vars as number[], l.coefs, l.lo, l.hi, l.lo === l.hi ? 'sum' : 'subset');
    }
  }
  // additivity across scopes, for every measure and year present in every part
  const byMeasure = new Map<string, Map<string, number>>(); // "year|measure" → scope → cell
  for (const [a, b] of pendingIdentities) relate([a, b], [1, -1], 0, 0, 'sum');
  for (const [k, i] of index) {
    if (k.endsWith('|rest')) continue;
    const bar = k.indexOf('|');
    const m = k.slice(bar + 1);
    let s = byMeasure.get(m);
    if (!s) byMeasure.set(m, (s = new Map()));
    s.set(k.slice(0, bar), i);
  }
  const scopeSum = (parts: number[], total: number, m: string, scope: string) => {
    if (parts.length === 1 && parts[0] === total) return; // one site, one region: the same cell
    const sum = parts.reduce((a, i) => a + values[i], 0);
    const diff = values[total] - sum;
    if (diff < 0) return; // not additive on these data: no constraint a reader could rely on
    const vars = [...parts, total];
    const coefs = [...parts.map(() => 1), -1];
    if (diff > 0) {
      vars.push(cell(`${scope}|${m}|rest`, diff));
      coefs.push(1);
    }
    relate(vars, coefs, 0, 0, 'scope-sum');
  };
  for (const [m, scopes] of byMeasure) {
    const regionCells: number[] = [];
    let allRegions = true;
    for (const [region, siteIds] of regions) {
      const r = scopes.get(`reg:${region}`);
      if (r === undefined) allRegions = false;
      else regionCells.push(r);
      const siteCells = siteIds.map((s) => scopes.get(`site:${s}`));
      if (r !== undefined && siteCells.length && siteCells.every((c) => c !== undefined)) scopeSum(siteCells as number[], r, m, `reg:${region}`);
    }
    const nat = scopes.get('nat');
    if (nat !== undefined && allRegions && regionCells.length) scopeSum(regionCells, nat, m, 'nat');
  }
  // subsets
  for (const [m, scopes] of byMeasure) {
    const bar = m.indexOf('|');
    const year = m.slice(0, bar);
    const measure = m.slice(bar + 1);
    const subsets: string[] = [];
    for (const [a, b] of SUBSET_RELATIONS) if (a === measure) subsets.push(b);
    if (measure.startsWith('help.') && measure !== 'help.base') subsets.push('help.base');
    const prof = /^prof\.(.+)\.yes$/.exec(measure);
    if (prof) subsets.push(`prof.${prof[1]}.known`);
    if (/^prof\..+\.known$/.test(measure)) subsets.push('help.base');
    for (const sup of subsets) {
      const supScopes = byMeasure.get(`${year}|${sup}`);
      if (!supScopes) continue;
      for (const [scope, a] of scopes) {
        const b = supScopes.get(scope);
        if (b !== undefined && a !== b) relate([a, b], [1, -1], -Infinity, 0, 'subset');
      }
    }
  }
  // flows within a period: out ≥ in − those still there on the last day (FLOW_BOUNDS)
  for (const [m, scopes] of byMeasure) {
    const bar = m.indexOf('|');
    const period = m.slice(0, bar);
    const bound = FLOW_BOUNDS.find(([out]) => out === m.slice(bar + 1));
    if (!bound) continue;
    for (const [scope, out] of scopes) {
      const reached = byMeasure.get(`${period}|${bound[1]}`)?.get(scope);
      const there = bound[2].map((x) => byMeasure.get(`${period}|${x}`)?.get(scope));
      if (reached === undefined || there.some((c) => c === undefined)) continue;
      const vars = [reached, ...(there as number[]), out];
      const coefs = [1, ...there.map(() => -1), -1];
      // true by the definitions; data where it is not (a record the definitions do not foresee) get none
      if (vars.reduce((a, v, k) => a + coefs[k] * values[v], 0) <= 0) relate(vars, coefs, -Infinity, 0, 'subset');
    }
  }
  // between periods of the same scope (a year, a local evaluation's period, its parts per year)
  periodRelations(index, relate, scopeAlias);
  // reach counts over periods that overlap: what every unit reached in them implies (reach-cone.ts)
  reachCoverRelations(index, values, relate, scopeAlias);
  return { keys, index, values, printed, relations, publications, scopeAlias };
}

/**
 * Scopes of a publication set that are one quantity: a region with one site counts exactly the families,
 * trajectories and volunteers of that site, and a nation with one region those of that region (a local
 * office's data set: site = region = nation). Returns each such scope → the highest scope it equals
 * among `present` (the scopes of the set's publications); a scope with no higher equal scope published
 * stays itself. Their counts are then one cell of the model under the highest scope's name, so that the
 * three reports cannot print one copy and hide another (before: the site report left out its families
 * supported, ".", while the national report printed the same 13), no relation ties three copies of one
 * count, and the cost of hiding it is that of the highest scope that prints it.
 * @example sameQuantityScopes(new Map([['Overijssel', ['DLF']]]), new Set(['nat', 'reg:Overijssel', 'site:DLF'])) // Map { 'site:DLF' => 'nat', 'reg:Overijssel' => 'nat' }
 */
export function sameQuantityScopes(regions: Map<string, string[]>, present: Set<string>): Map<string, string> {
  const alias = new Map<string, string>();
  for (const [region, sites] of regions) {
    const chain: string[] = [];
    if (sites.length === 1) chain.push(`site:${sites[0]}`);
    chain.push(`reg:${region}`);
    if (regions.size === 1) chain.push('nat');
    let top = -1;
    for (let k = chain.length - 1; k >= 0 && top < 0; k--) if (present.has(chain[k])) top = k;
    for (let k = 0; k < top; k++) alias.set(chain[k], chain[top]);
  }
  return alias;
}

/** Site ids per region, from the registration data's sites. */
export function regionHierarchy(sites: ReadonlyArray<{ siteId: string; region: string }>): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const s of sites) {
    const l = m.get(s.region);
    if (l) l.push(s.siteId);
    else m.set(s.region, [s.siteId]);
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Relations between periods

/** Measures that add up over a split of a period into disjoint parts (the flows of figures.ts `PeriodFigures`). */
const FLOW_MEASURE = /^(fam\.(registered|intake\..+|newlyMatched|closed)|ns\..+|ref\..+|dur\..+|end\..+|goals\..+|referred|followUp|gas\..+|vol\.(registered|trained|stopped|gReg\..+|stop\..+))$/;
/** Reach measures: each family or volunteer counted once over the period, so an inner period's count is at most the outer's. */
const REACH_MEASURE = /^(fam\.(supported|children)|help\..+|prof\..+|age\..+|vol\.(activeYear|gAct\..+))$/;
/** Counts taken on the period's last day: the same for periods that end on the same day. */
const END_MEASURE = /^(fam\.active|vol\.(activeEnd|inTraining))$/;

/** At most this many tilings of one period by the others are written as sums (each is a valid equation). */
const MAX_TILINGS = 8;

/**
 * The last grouping of each model index: the model's cells are only ever added (never renamed or removed), so
 * a grouping holds as long as the index has as many names and the scope aliases are the same. Read-only to the
 * callers, except a caller that adds a cell to the index and to the grouping together (addCombinedClassCells).
 */
const GROUPED = new WeakMap<Map<string, number>, { size: number; scopeAlias: Map<string, string> | undefined; byScope: Map<string, Map<string, Map<string, number>>> }>();

/** The model's cells grouped: scope → period key → measure → cell index (`<scope>|<period>|<measure>` keys). */
function cellsByScopeAndPeriod(index: Map<string, number>, scopeAlias?: Map<string, string>): Map<string, Map<string, Map<string, number>>> {
  const last = GROUPED.get(index);
  if (last && last.size === index.size && last.scopeAlias === scopeAlias) return last.byScope;
  const byScope = new Map<string, Map<string, Map<string, number>>>();
  for (const [k, i] of index) {
    if (k.endsWith('|rest')) continue;
    const a = k.indexOf('|');
    const b = k.indexOf('|', a + 1);
    if (a < 0 || b < 0) continue;
    const scope = scopeAlias?.get(k.slice(0, a)) ?? k.slice(0, a);
    const period = k.slice(a + 1, b);
    let periods = byScope.get(scope);
    if (!periods) byScope.set(scope, (periods = new Map()));
    let measures = periods.get(period);
    if (!measures) periods.set(period, (measures = new Map()));
    measures.set(k.slice(b + 1), i);
  }
  GROUPED.set(index, { size: index.size, scopeAlias, byScope });
  return byScope;
}

/**
 * Every pair of published periods of one scope where the outer contains the inner, per flow or reach figure
 * both hold, with the difference outer − inner of the true counts and whether a reader gets that difference
 * as a count of something never published (a reach count, or a flow whose rest of the outer period is not
 * tiled by published periods holding it).
 */
function* nestedPeriodDifferences(model: { index: Map<string, number>; values: ArrayLike<number>; scopeAlias?: Map<string, string> }): Generator<{ scope: string; outerKey: string; innerKey: string; measure: string; outer: number; inner: number; difference: number; unpublished: boolean }> {
  for (const [scope, periods] of cellsByScopeAndPeriod(model.index, model.scopeAlias)) {
    if (periods.size < 2) continue;
    const list: Array<{ key: string; p: ImpactPeriod; cells: Map<string, number> }> = [];
    for (const [key, cells] of periods) {
      const p = keyPeriod(key);
      if (p) list.push({ key, p, cells });
    }
    const tiled = windowTiled(list);
    for (const outer of list) {
      for (const inner of list) {
        if (inner === outer || !periodContains(outer.p, inner.p) || (inner.p.from === outer.p.from && inner.p.to === outer.p.to)) continue;
        for (const [m, i] of inner.cells) {
          const reach = REACH_MEASURE.test(m);
          if (!reach && !FLOW_MEASURE.test(m)) continue;
          const o = outer.cells.get(m);
          if (o === undefined || o === i) continue;
          yield { scope, outerKey: outer.key, innerKey: inner.key, measure: m, outer: o, inner: i, difference: model.values[o] - model.values[i], unpublished: reach || !complementTiled(outer.p, inner.p, m, tiled) };
        }
      }
    }
  }
}

/**
 * The differences a reader can take between printed periods of one scope, as cells of the model: where one
 * published period contains another and the rest of the outer period is not itself published (tiled by
 * published periods holding the same figure), or the figure is a reach count (families supported, which does
 * not add up over windows), outer − inner is the count of something never published — the families registered
 * on 31 December (the year 2024 and 1-1 … 30-12-2024), the families supported in a period but not in a year
 * inside it. Each such difference whose true value is a small count (1 … threshold − 1) is appended as an
 * unprinted cell D with the relation D + inner = outer, so the audit requires D to stay anywhere in its range
 * like any hidden small count and the repair hides the outer or inner count where needed.
 * Returns the indexes of the cells appended (the caller marks them primary).
 */
export function addPeriodDifferenceCells(model: PublicationModel, threshold: number): number[] {
  const added: number[] = [];
  const add = (key: string, value: number, vars: number[], coefs: number[]) => {
    if (model.index.has(key)) return;
    const v = model.keys.length;
    model.keys.push(key);
    model.index.set(key, v);
    model.values.push(value);
    model.printed.push(false);
    model.relations.push({ vars: [v, ...vars], coefs: [1, ...coefs], lo: 0, hi: 0, kind: 'sum' });
    added.push(v);
  };
  for (const d of [...nestedPeriodDifferences(model)]) {
    if (!d.unpublished || !(d.difference >= 1 && d.difference < threshold)) continue;
    // a reader subtracts printed counts: a period count no publication prints (a table left out) gives none
    if (!model.printed[d.inner] || !model.printed[d.outer]) continue;
    add(`${d.scope}|${d.innerKey}<${d.outerKey}|diff:${d.measure}`, d.difference, [d.inner, d.outer], [1, -1]);
  }
  for (const w of [...overlapWindowCounts(model)]) {
    if (!(w.value >= 1 && w.value < threshold)) continue;
    add(`${w.scope}|${w.window}|window:${w.measure}`, w.value, w.cells, w.coefs.map((c) => -c));
  }
  return added;
}

/**
 * Two published periods of one scope that cover the same days once clipped to the scope's first day (the
 * start of its earliest site: nothing is registered before it) and to the reference date are one window: a
 * period report over 2018–2021 and an evaluation from the site's start in March 2018, both to 30 June 2021.
 * A reader who knows when the site started knows that every count of the two is the same; each pair of their
 * cells with equal values becomes a relation a = b (the disclosure control then treats a count printed in one
 * as public in the other, instead of hiding it as an "x" that is pinned to the printed number). Returns the
 * number of relations added.
 */
export function addSameWindowRelations(model: PublicationModel, firstDay: (scope: string) => string | undefined, referenceDate: string): number {
  let added = 0;
  for (const [scope, periods] of cellsByScopeAndPeriod(model.index, model.scopeAlias)) {
    if (periods.size < 2) continue;
    const start = firstDay(scope);
    const clipped = new Map<string, string>();
    for (const key of periods.keys()) {
      const p = keyPeriod(key);
      if (!p) continue;
      const from = start !== undefined && start > p.from ? start : p.from;
      const to = p.to < referenceDate ? p.to : referenceDate;
      if (from <= to) clipped.set(key, `${from}_${to}`);
    }
    const keys = [...clipped.keys()];
    for (let a = 0; a < keys.length; a++) {
      for (let b = a + 1; b < keys.length; b++) {
        if (clipped.get(keys[a]) !== clipped.get(keys[b])) continue;
        const ca = periods.get(keys[a])!;
        const cb = periods.get(keys[b])!;
        for (const [m, i] of ca) {
          const j = cb.get(m);
          if (j === undefined || j === i || model.values[i] !== model.values[j]) continue;
          model.relations.push({ vars: [i, j], coefs: [1, -1], lo: 0, hi: 0, kind: 'sum' });
          added++;
        }
      }
    }
  }
  return added;
}

/**
 * The counts of one scope over a window of days, by local measure name (`fam.registered`, `ns.<reason>`,
 * …: {@link registerYear} with an empty prefix), or null when the window has no figures (e.g. it starts
 * after the reference date). Given by whoever holds the data (protectPublicationSet's `data`).
 */
export type WindowCounts = (scope: string, period: ImpactPeriod) => Map<string, number> | null;

/** The lowest and highest value of each objective over a small dense LP (audit.ts `denseRanges`); null where it has no optimum. */
export type SmallLpRanges = (lower: number[], upper: number[], rows: ReadonlyArray<{ coefs: number[]; lo: number; hi: number }>, objectives: ReadonlyArray<number[]>) => Array<readonly [number, number] | null>;

/** The counts of a {@link PeriodFigures} by local measure name (the keys {@link registerYear} uses, without a prefix). */
export function periodCounts(y: PeriodFigures): Map<string, number> {
  const l = new CellLedger();
  registerYear(l, y, '');
  const m = new Map<string, number>();
  for (const [k, i] of l.index) if (!k.endsWith('|rest')) m.set(k, l.values[i]);
  return m;
}

/**
 * Reach counts over periods that overlap (families supported, with a help question or a profile flag, children,
 * volunteers active during: the units reached at least once in the period; `REACH_MEASURE`): for each scope and
 * each such count printed for periods of which two overlap without one containing the other, the inequalities a
 * reader derives from the count's definition alone — the facets of the coverage cone of those periods
 * ({@link coverageInequalities}, reach-cone.ts), e.g. f(July 2023 – June 2024) ≤ f(2023) + f(2024). Containment
 * (inner ≤ outer, {@link periodRelations}) is among them; the others are new. Periods are grouped into chains of
 * overlap (a period meeting none of the others adds nothing). A count whose printed values break one of them on
 * the data (a definition that is not a count of units reached: none in the model today) gets none.
 */
function reachCoverRelations(index: Map<string, number>, values: ArrayLike<number>, relate: (vars: number[], coefs: number[], lo: number, hi: number, kind: LinearRelation['kind']) => void, scopeAlias?: Map<string, string>): void {
  for (const { list } of scopesWithOverlappingPeriods(index, scopeAlias)) {
    for (const m of reachMeasures(list)) {
      for (const { unique, cuts, windows } of reachChains(list, m)) {
        const facets = coverageInequalities(windows, cuts.length - 1);
        // not full-dimensional: never for distinct windows (reach-cone.ts); never skipped silently
        if (facets === null) throw new StatsError(`internal: the periods ${unique.map((x) => `${x.p.from}_${x.p.to}`).join(', ')} give no inequalities for ${m}.`);
        const cells = unique.map((x) => x.cells.get(m)!);
        // every facet true on the data, else none (see above)
        if (facets.some((a) => a.reduce((s, c, w) => s + c * values[cells[w]], 0) < 0)) continue;
        for (const a of facets) {
          const w = a.map((_, k) => k).filter((k) => a[k] !== 0);
          relate(w.map((k) => cells[k]), w.map((k) => -a[k]), -Infinity, 0, 'subset');
        }
      }
    }
  }
}

type ScopePeriod = { key: string; p: ImpactPeriod; cells: Map<string, number> };

/** The reach measures ({@link REACH_MEASURE}) some period of the list holds. */
function reachMeasures(list: ReadonlyArray<ScopePeriod>): Set<string> {
  const measures = new Set<string>();
  for (const x of list) for (const m of x.cells.keys()) if (REACH_MEASURE.test(m)) measures.add(m);
  return measures;
}

/**
 * The chains of one reach measure over a scope's periods: periods linked by meeting each other (overlap or
 * containment), only chains where two periods overlap (a period meeting none of the others adds nothing).
 * `unique`: one period per span of days (a period printed under two keys — a year and the same dates as a
 * period — is one window here; the model relates the two cells as the same quantity elsewhere); `cuts`: the
 * chain's first days and days after its last days, sorted (segment s = cuts[s] … the day before cuts[s + 1]);
 * `windows`: the segments each unique period covers.
 */
function* reachChains(list: ReadonlyArray<ScopePeriod>, m: string): Generator<{ unique: ScopePeriod[]; cuts: string[]; windows: number[][] }> {
  const held = list.filter((x) => x.cells.has(m));
  const group = held.map((_, i) => i);
  const root = (i: number): number => (group[i] === i ? i : (group[i] = root(group[i])));
  for (let i = 0; i < held.length; i++) for (let j = i + 1; j < held.length; j++) if (held[i].p.from <= held[j].p.to && held[j].p.from <= held[i].p.to) group[root(i)] = root(j);
  const chains = new Map<number, ScopePeriod[]>();
  held.forEach((x, i) => chains.set(root(i), [...(chains.get(root(i)) ?? []), x]));
  for (const chain of chains.values()) {
    if (!chain.some((a) => chain.some((b) => a !== b && periodsOverlap(a.p, b.p)))) continue;
    const cuts = [...new Set(chain.flatMap((x) => [x.p.from, dayAfterIso(x.p.to)]))].sort();
    const spans = new Map<string, ScopePeriod>();
    for (const x of chain) if (!spans.has(`${x.p.from}_${x.p.to}`)) spans.set(`${x.p.from}_${x.p.to}`, x);
    const unique = [...spans.values()];
    yield { unique, cuts, windows: unique.map((x) => segmentsOf(x.p, cuts)) };
  }
}

/** The segments (between consecutive `cuts`) a period covers. */
function segmentsOf(p: ImpactPeriod, cuts: ReadonlyArray<string>): number[] {
  return cuts.slice(0, -1).map((c, s) => (p.from <= c && c <= p.to ? s : -1)).filter((s) => s >= 0);
}

/** Two periods that overlap without one containing the other. */
function periodsOverlap(a: ImpactPeriod, b: ImpactPeriod): boolean {
  return a.from <= b.to && b.from <= a.to && !periodContains(a, b) && !periodContains(b, a);
}

/** Per scope, its published periods with their cells — only scopes where two of them overlap ({@link periodsOverlap}). */
function* scopesWithOverlappingPeriods(index: Map<string, number>, scopeAlias?: Map<string, string>): Generator<{ scope: string; list: Array<{ key: string; p: ImpactPeriod; cells: Map<string, number> }> }> {
  for (const [scope, periods] of cellsByScopeAndPeriod(index, scopeAlias)) {
    if (periods.size < 2) continue;
    const list: Array<{ key: string; p: ImpactPeriod; cells: Map<string, number> }> = [];
    for (const [key, cells] of periods) {
      const p = keyPeriod(key);
      if (p) list.push({ key, p, cells });
    }
    if (list.some((a) => list.some((b) => a !== b && periodsOverlap(a.p, b.p)))) yield { scope, list };
  }
}

/** The cell of `key`, added to the model as a cell no publication prints (with its true value) when it has none. */
function addUnprintedCell(model: PublicationModel, key: string, value: number): number {
  const c = model.index.get(key);
  if (c !== undefined) return c;
  model.keys.push(key);
  model.index.set(key, model.keys.length - 1);
  model.values.push(value);
  model.printed.push(false);
  return model.keys.length - 1;
}

/**
 * Periods that overlap (neither contains the other), as a reader holds them: for every flow of a scope
 * whose published periods overlap, the days are cut into segments at every period's first day and the
 * day after its last, and each segment becomes an unprinted cell of the model (`<scope>|<from>_<to>|seg:<measure>`,
 * its true count from `counts`) with every period = the sum of its segments. A reader can subtract printed
 * periods and also use that no segment is below 0: a previous period of 5 beside its year of 5 says its
 * other months are 0, and with them a period of 13 beside a year of 12 gives the one volunteer who
 * stopped in the months between (found by the test attacker on a sample site). Segments holding a small
 * count (1 … threshold − 1) are returned: the caller makes them primary, so the audit keeps each one
 * anywhere in its range and the repair hides a period where needed; the others are residual counts ≥ 0.
 * A measure whose segments do not add up to a period on the data (a definition that is not additive) gets
 * no segments.
 */
export function addPeriodSegmentCells(model: PublicationModel, threshold: number, counts: WindowCounts): number[] {
  const small: number[] = [];
  for (const { scope, list } of scopesWithOverlappingPeriods(model.index, model.scopeAlias)) {
    const cuts = [...new Set(list.flatMap((x) => [x.p.from, dayAfterIso(x.p.to)]))].sort();
    const segs: ImpactPeriod[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const seg = { from: cuts[i], to: dayBeforeIso(cuts[i + 1]) };
      if (list.some((x) => periodContains(x.p, seg))) segs.push(seg);
    }
    const segCounts = segs.map((g) => counts(scope, g));
    const measures = new Set<string>();
    for (const x of list) for (const m of x.cells.keys()) if (FLOW_MEASURE.test(m)) measures.add(m);
    for (const m of measures) {
      const held = list.filter((x) => x.cells.has(m));
      if (!held.some((a) => held.some((b) => a !== b && periodsOverlap(a.p, b.p)))) continue;
      const parts = held.map((x) => segs.map((g, i) => (periodContains(x.p, g) ? i : -1)).filter((i) => i >= 0));
      // every segment's count known, and every period the sum of its segments on the data
      const value = (i: number) => segCounts[i]?.get(m) ?? (segCounts[i] === null ? 0 : NaN);
      if (parts.some((ps, j) => ps.some((i) => !Number.isFinite(value(i))) || ps.reduce((a, i) => a + value(i), 0) !== model.values[held[j].cells.get(m)!])) continue;
      const cellOf = new Map<number, number>();
      // a period that is one segment is that segment's count
      held.forEach((x, j) => {
        if (parts[j].length === 1) cellOf.set(parts[j][0], x.cells.get(m)!);
      });
      const segCell = (i: number) => {
        let c = cellOf.get(i);
        if (c !== undefined) return c;
        const key = `${scope}|${segs[i].from}_${segs[i].to}|seg:${m}`;
        const had = model.index.has(key);
        c = addUnprintedCell(model, key, value(i));
        if (!had && value(i) >= 1 && value(i) < threshold) small.push(c);
        cellOf.set(i, c);
        return c;
      };
      held.forEach((x, j) => {
        if (parts[j].length < 2) return; // a period that is one segment: the segment is that period's count
        const vars = parts[j].map(segCell);
        model.relations.push({ vars: [...vars, x.cells.get(m)!], coefs: [...vars.map(() => 1), -1], lo: 0, hi: 0, kind: 'sum' });
      });
    }
  }
  return small;
}

/**
 * Reach counts over periods that overlap (neither contains the other), as a reader holds them: with A and B
 * printed, the units reached in A and not in B are f(A ∪ B) − f(B), those reached in both f(A) + f(B) − f(A ∪ B),
 * and those reached in the window A ∩ B are f(A ∩ B) — counts no file prints, which a reader bounds from the
 * units' coverage (reach-cone.ts) and the counts on a day (found by the test attacker on the national period
 * set, session 13: 16 volunteers active on 31 December 2024 were active in July – December 2024, hence in
 * both 2024 (17) and July 2024 – June 2025 (16), so exactly 1 was active in 2024 and not in the period).
 *
 * For every scope, reach measure and pair of overlapping printed periods whose differences or intersection
 * window hold a small count on the data (1 … threshold − 1; from `counts`), the model gains:
 * - the union A ∪ B and the window A ∩ B as unprinted windows (`<scope>|<from>_<to>|win:<measure>`, their true
 *   counts from the data; a span a file prints is that file's cell), with the facets of the coverage cone of
 *   the chain's printed periods and the added windows ({@link coverageInequalities}) — e.g. f(A ∪ B) ≤ f(A) +
 *   f(B), f(A ∩ B) ≤ f(A) + f(B) − f(A ∪ B) — and each count on a printed period's last day at most an added
 *   window holding that day (families active ≤ supported, volunteers active ≤ active during);
 * - the differences f(A ∪ B) − f(B) and f(A ∪ B) − f(A) as unprinted cells (`<scope>|<A>~<B>|not:<measure>`,
 *   units reached in A and not in B) tied by equalities.
 * The small ones (differences, and the union or the window A ∩ B where no file prints it — an added cell, or a
 * period's cell the model holds unprinted) are returned: the caller audits them with the requirement `window`
 * (audit.ts `requirementMet`: a reader must not learn that one is small and not zero).
 * A measure whose relations do not hold on the data (not a count of units reached) gets none; a chain that would
 * hold more than {@link MAX_WINDOWS} windows gets the pairs that fit, in order of the first period.
 * Pairs whose windows are all 0 or at least the threshold get nothing (their cone would tie the printed counts
 * tighter in the audit's model as it does in a reader's; a known limit, docs/disclosure-control.md).
 * With `ranges` (small LPs; disclosure.ts gives audit.ts `denseRanges`), a pair whose small counts all meet the
 * requirement `window` even for a reader who knows every count of the chain (held periods and day counts fixed at
 * their true values) gets nothing either: no suppression could narrow them, as the new cells are in no other
 * relation; the chain is built from the windows the kept pairs use.
 */
export function addReachWindowCells(model: PublicationModel, threshold: number, counts: WindowCounts, ranges?: SmallLpRanges): number[] {
  const small: number[] = [];
  /** The period cells the model held before, returned as small windows (once). */
  const heldSmall = new Set<number>();
  const isSmall = (v: number) => v >= 1 && v < threshold;
  for (const { scope, list } of scopesWithOverlappingPeriods(model.index, model.scopeAlias)) {
    const memo = new Map<string, Map<string, number> | null>();
    const countOf = (p: ImpactPeriod, m: string): number => {
      const k = `${p.from}_${p.to}`;
      if (!memo.has(k)) memo.set(k, counts(scope, p));
      const got = memo.get(k);
      return got === null ? 0 : (got?.get(m) ?? NaN);
    };
    for (const m of reachMeasures(list)) {
      const day = DAY_WITHIN_REACH.filter(([, r]) => r === m).map(([d]) => d);
      for (const { unique, cuts } of reachChains(list, m)) {
        const spanOf = (p: ImpactPeriod) => `${p.from}_${p.to}`;
        // the periods of the chain the model holds (a file may print their cell or not)
        const held = new Map(unique.map((x) => [spanOf(x.p), x] as const));
        const printedSpan = (p: ImpactPeriod) => held.has(spanOf(p)) && model.printed[held.get(spanOf(p))!.cells.get(m)!];
        // the windows: printed ones first, then for each pair the union and the intersection
        let wins: Array<{ p: ImpactPeriod; cell: number | null; value: number }> = unique.map((x) => ({ p: x.p, cell: x.cells.get(m)!, value: model.values[x.cells.get(m)!] }));
        const winOf = new Map(wins.map((w, i) => [spanOf(w.p), i] as const));
        let pairs: Array<{ a: number; b: number; u: number; j: number }> = [];
        for (let a = 0; a < unique.length; a++) {
          for (let b = a + 1; b < unique.length; b++) {
            const pa = unique[a].p;
            const pb = unique[b].p;
            if (!periodsOverlap(pa, pb)) continue;
            const u = { from: pa.from < pb.from ? pa.from : pb.from, to: pa.to > pb.to ? pa.to : pb.to };
            const j = { from: pa.from > pb.from ? pa.from : pb.from, to: pa.to < pb.to ? pa.to : pb.to };
            const fu = held.has(spanOf(u)) ? wins[winOf.get(spanOf(u))!].value : countOf(u, m);
            const fj = held.has(spanOf(j)) ? wins[winOf.get(spanOf(j))!].value : countOf(j, m);
            if (!Number.isFinite(fu) || !Number.isFinite(fj)) continue;
            const fa = wins[a].value;
            const fb = wins[b].value;
            if (!isSmall(fu - fb) && !isSmall(fu - fa) && !(isSmall(fj) && !printedSpan(j)) && !(isSmall(fu) && !printedSpan(u))) continue;
            const added = [u, j].filter((p) => !winOf.has(spanOf(p))).length;
            if (wins.length + added > MAX_WINDOWS) continue;
            const at = (p: ImpactPeriod, v: number) => {
              let i = winOf.get(spanOf(p));
              if (i === undefined) {
                i = wins.length;
                wins.push({ p, cell: null, value: v });
                winOf.set(spanOf(p), i);
              }
              return i;
            };
            pairs.push({ a, b, u: at(u, fu), j: at(j, fj) });
          }
        }
        if (!pairs.length) continue;
        const facetsOf = () => {
          const f = coverageInequalities(wins.map((w) => segmentsOf(w.p, cuts)), cuts.length - 1);
          if (f === null) throw new StatsError(`internal: the windows ${wins.map((w) => spanOf(w.p)).join(', ')} give no inequalities for ${m}.`);
          return f;
        };
        let facets = facetsOf();
        // every relation true on the data, else none for this chain (a definition that is not a count of units reached)
        const dayCells = day.flatMap((d) => list.filter((x) => x.cells.has(d)).map((x) => ({ cell: x.cells.get(d)!, day: x.p.to })));
        const dayRelationsOf = () => dayCells.flatMap(({ cell, day: d }) => wins.map((w, i) => ({ cell, i, d, w })).filter(({ w }) => w.cell === null && w.p.from <= d && d <= w.p.to));
        let dayRelations = dayRelationsOf();
        if (facets.some((a) => a.reduce((s, c, w) => s + c * wins[w].value, 0) < 0)) continue;
        if (dayRelations.some(({ cell, w }) => model.values[cell] > w.value)) continue;
        if (ranges) {
          // a reader who knew every count of the chain (the held periods and the day counts, at their true values)
          // has the narrowest range a window can get from this model; a window protected even then needs no cell
          const lower = wins.map((w, i) => (i < unique.length ? w.value : 0));
          const upper = wins.map((w, i) => (i < unique.length ? w.value : Infinity));
          const unit = (i: number) => wins.map((_, k) => (k === i ? 1 : 0));
          const rows = [...facets.map((a) => ({ coefs: a, lo: 0, hi: Infinity })), ...dayRelations.map(({ cell, i }) => ({ coefs: unit(i), lo: model.values[cell], hi: Infinity }))];
          const quantities = pairs.map(({ a, b, u, j }) => {
            const q: number[][] = [];
            const [fu, fj] = [wins[u].value, wins[j].value];
            if (isSmall(fu - wins[b].value)) q.push(unit(u).map((c, k) => c - (k === b ? 1 : 0)));
            if (isSmall(fu - wins[a].value)) q.push(unit(u).map((c, k) => c - (k === a ? 1 : 0)));
            if (isSmall(fj) && !printedSpan(wins[j].p)) q.push(unit(j));
            if (isSmall(fu) && !printedSpan(wins[u].p)) q.push(unit(u));
            return q;
          });
          const got = ranges(lower, upper, rows, quantities.flat());
          let k = 0;
          const kept = pairs.filter((_, x) => quantities[x].map(() => got[k++]).some((r) => r === null || !requirementMet('window', r[0], r[1], threshold, 0)));
          if (!kept.length) continue;
          if (kept.length < pairs.length) {
            // the chain with the windows the kept pairs use
            const used = new Set(kept.flatMap(({ u, j }) => [u, j]));
            const keep = wins.map((_, i) => i < unique.length || used.has(i));
            const renumber = new Map<number, number>();
            keep.forEach((y, i) => y && renumber.set(i, renumber.size));
            wins = wins.filter((_, i) => keep[i]);
            pairs = kept.map((x) => ({ ...x, u: renumber.get(x.u)!, j: renumber.get(x.j)! }));
            facets = facetsOf();
            dayRelations = dayRelationsOf();
          }
        }
        const cellOf = (i: number) => {
          const w = wins[i];
          if (w.cell === null) {
            w.cell = addUnprintedCell(model, `${scope}|${spanOf(w.p)}|win:${m}`, w.value);
            if (isSmall(w.value)) small.push(w.cell);
          }
          return w.cell;
        };
        for (const a of facets) {
          const w = a.map((_, k) => k).filter((k) => a[k] !== 0);
          // the facets among printed periods alone are the model's already (reachCoverRelations)
          if (w.every((k) => k < unique.length)) continue;
          model.relations.push({ vars: w.map(cellOf), coefs: w.map((k) => -a[k]), lo: -Infinity, hi: 0, kind: 'subset' });
        }
        for (const { cell, i } of dayRelations) model.relations.push({ vars: [cell, cellOf(i)], coefs: [1, -1], lo: -Infinity, hi: 0, kind: 'subset' });
        // a union or a window both cover that the model holds as a period's cell no file prints: small, it is a window too
        for (const i of new Set(pairs.flatMap(({ u, j }) => [u, j]))) {
          const w = wins[i];
          if (i < unique.length && !model.printed[w.cell!] && isSmall(w.value) && !heldSmall.has(w.cell!)) (heldSmall.add(w.cell!), small.push(w.cell!));
        }
        for (const { a, b, u } of pairs) {
          for (const [x, y] of [[a, b], [b, a]]) {
            const value = wins[u].value - wins[y].value;
            const c = addUnprintedCell(model, `${scope}|${spanOf(unique[x].p)}~${spanOf(unique[y].p)}|not:${m}`, value);
            if (isSmall(value)) small.push(c);
            model.relations.push({ vars: [c, cellOf(u), wins[y].cell!], coefs: [1, -1, 1], lo: 0, hi: 0, kind: 'sum' });
          }
        }
      }
    }
  }
  return small;
}

/**
 * Overlapping periods (neither contains the other; docs/impact-figures.md): for the flows of one scope (counts
 * of events dated in a period, which add up over disjoint windows), the days of its published periods are cut
 * into segments at every period's first day and the day after its last. A reader can then work out the count
 * of every window of segments whose indicator is a combination of the published periods' — the overlap A ∩ B
 * of two printed periods inside a printed year, A − B, a single segment. For each pair of overlapping periods
 * and each segment, the window is tried (Gaussian elimination over the periods' indicators); each one that is
 * determined and not itself a published period is returned with its combination (Σ coefs·cells = value).
 * Windows that a nested pair already gives (outer − inner) are left to {@link nestedPeriodDifferences}.
 */
function* overlapWindowCounts(model: { index: Map<string, number>; values: ArrayLike<number>; scopeAlias?: Map<string, string> }): Generator<{ scope: string; measure: string; window: string; cells: number[]; coefs: number[]; value: number }> {
  for (const { scope, list } of scopesWithOverlappingPeriods(model.index, model.scopeAlias)) {
    const measures = new Set<string>();
    for (const x of list) for (const m of x.cells.keys()) if (FLOW_MEASURE.test(m)) measures.add(m);
    for (const m of measures) {
      const held = list.filter((x) => x.cells.has(m));
      if (!held.some((a) => held.some((b) => a !== b && periodsOverlap(a.p, b.p)))) continue;
      const cuts = [...new Set(held.flatMap((x) => [x.p.from, dayAfterIso(x.p.to)]))].sort();
      const segs: ImpactPeriod[] = [];
      for (let i = 0; i + 1 < cuts.length; i++) {
        const seg = { from: cuts[i], to: dayBeforeIso(cuts[i + 1]) };
        if (held.some((x) => periodContains(x.p, seg))) segs.push(seg);
      }
      const rows = held.map((x) => segs.map((g) => (periodContains(x.p, g) ? 1 : 0)));
      const sig = (v: number[]) => v.join('');
      const published = new Set(rows.map(sig));
      const nested = new Set<string>();
      for (const a of rows) for (const b of rows) if (a !== b && b.every((x, i) => x <= a[i])) nested.add(sig(a.map((x, i) => x - b[i])));
      const wanted = new Map<string, number[]>();
      const want = (v: number[]) => {
        const k = sig(v);
        if (v.some((x) => x) && !published.has(k) && !nested.has(k)) wanted.set(k, v);
      };
      segs.forEach((_, i) => want(segs.map((__, j) => (j === i ? 1 : 0))));
      for (let a = 0; a < held.length; a++) {
        for (let b = 0; b < held.length; b++) {
          if (a === b || !periodsOverlap(held[a].p, held[b].p)) continue;
          want(rows[a].map((x, i) => x * rows[b][i]));
          want(rows[a].map((x, i) => (x && !rows[b][i] ? 1 : 0)));
        }
      }
      for (const v of wanted.values()) {
        const coefs = linearCombination(rows, v);
        if (!coefs) continue;
        const cells: number[] = [];
        const cs: number[] = [];
        let value = 0;
        coefs.forEach((c, j) => {
          if (Math.abs(c) < 1e-9) return;
          const cell = held[j].cells.get(m)!;
          cells.push(cell);
          cs.push(c);
          value += c * model.values[cell];
        });
        const first = segs[v.indexOf(1)];
        const last = segs[v.lastIndexOf(1)];
        const window = v.every((x, i) => x || i < v.indexOf(1) || i > v.lastIndexOf(1)) ? `${first.from}_${last.to}` : segs.filter((_, i) => v[i]).map((g) => `${g.from}_${g.to}`).join('+');
        yield { scope, measure: m, window, cells, coefs: cs, value: Math.round(value) };
      }
    }
  }
}

const dayAfterIso = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const dayBeforeIso = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Is the window [from, to] tiled by published periods of the list that all hold measure m? */
function windowTiled(list: ReadonlyArray<{ p: ImpactPeriod; cells: Map<string, number> }>): (from: string, to: string, m: string) => boolean {
  const tiled = (from: string, to: string, m: string, depth = 0): boolean => {
    if (depth > 64) return false;
    for (const x of list) {
      if (x.p.from !== from || x.p.to > to || !x.cells.has(m)) continue;
      if (x.p.to === to || tiled(dayAfterIso(x.p.to), to, m, depth + 1)) return true;
    }
    return false;
  };
  return tiled;
}

/** Is outer minus inner (one or two windows) tiled by published periods holding measure m? */
function complementTiled(outer: ImpactPeriod, inner: ImpactPeriod, m: string, tiled: (from: string, to: string, m: string) => boolean): boolean {
  const before = inner.from > outer.from ? tiled(outer.from, dayBeforeIso(inner.from), m) : true;
  const after = inner.to < outer.to ? tiled(dayAfterIso(inner.to), outer.to, m) : true;
  return before && after;
}

/**
 * Differencing between printed periods of one scope: where one published period contains another and
 * the part of the outer period outside the inner one is not itself published (tiled by published periods
 * that hold the same figure), a reader who subtracts the two printed counts learns the count of that
 * unpublished window exactly — e.g. the year 2024 and a period 1-1-2024 … 30-12-2024 give the families
 * registered on 31 December. Such a difference is a count like any other: when it is a small count
 * (1 to threshold − 1) the pair may not both be printed. Returns every such pair whose two counts are both
 * shown, as model cell indexes (`outer`, `inner`): the check after protection ({@link addPeriodDifferenceCells}
 * makes the audit protect these differences, so none should remain; one that does refuses the set).
 * Counts at the end of a period are not differences (two periods ending on the same day print the same
 * count). Periods that overlap without one containing the other: every window that printed counts alone
 * determine (the overlap, one period less the other, a segment; see `overlapWindowCounts`) is checked the
 * same way (their segments are cells of the model when the data are given: {@link addPeriodSegmentCells}).
 */
export function periodDifferenceLeaks(model: { keys: string[]; index: Map<string, number>; values: ArrayLike<number>; scopeAlias?: Map<string, string> }, isShown: (cell: number) => boolean, threshold: number): Array<{ outer: number; inner: number }> {
  const leaks: Array<{ outer: number; inner: number }> = [];
  for (const d of nestedPeriodDifferences(model)) {
    if (d.unpublished && d.difference >= 1 && d.difference < threshold && isShown(d.inner) && isShown(d.outer)) leaks.push({ outer: d.outer, inner: d.inner });
  }
  // overlapping periods: a window worked out from printed counts alone (its first two periods named)
  for (const w of overlapWindowCounts(model)) {
    if (w.value >= 1 && w.value < threshold && w.cells.every(isShown)) leaks.push({ outer: w.cells[0], inner: w.cells[1] ?? w.cells[0] });
  }
  return leaks;
}

/** Counts on a period's last day and the count reached in the period that holds them (same scope, same last day). */
const DAY_WITHIN_REACH: ReadonlyArray<readonly [string, string]> = [
  ['fam.active', 'fam.supported'],
  ['vol.activeEnd', 'vol.activeYear'],
];

/**
 * The relations a reader infers between publications of the same scope over different periods
 * (publication keys `<scope>|<period>|<measure>`, period a year `2024` or `<from>_<to>`):
 * - **additivity**: a period that is the disjoint union of other periods in the model (e.g. an
 *   evaluation period = its parts per calendar year, or whole published years) has flows equal to
 *   the sum of theirs (up to {@link MAX_TILINGS} tilings per period);
 * - **containment**: for an inner period inside an outer one, every flow and reach count of the
 *   inner is at most the outer's (a count of the difference is their difference: the differencing
 *   attack; the relation lets the audit see it);
 * - **same last day**: counts taken on the last day (active, in training) are equal for two periods
 *   that end on the same day;
 * - **a day inside another period**: a count on a period's last day is at most the count reached in any
 *   other period that holds that day, including one ending on it (families active on 30 June 2024 ≤ families
 *   supported in 2024; families active on 31 December ≤ families supported in July–December);
 * Calendar years alone are disjoint and end on different days: a set of annual reports gets none of
 * these relations. `relate` checks every relation on the data (a false one is an internal error).
 */
export function periodRelations(index: Map<string, number>, relate: (vars: number[], coefs: number[], lo: number, hi: number, kind: LinearRelation['kind']) => void, scopeAlias?: Map<string, string>): void {
  const byScope = cellsByScopeAndPeriod(index, scopeAlias);
  for (const periods of byScope.values()) {
    if (periods.size < 2) continue;
    const list: Array<{ key: string; p: ImpactPeriod; cells: Map<string, number> }> = [];
    for (const [key, cells] of periods) {
      const p = keyPeriod(key);
      if (p) list.push({ key, p, cells });
    }
    list.sort((x, y) => (x.p.from < y.p.from ? -1 : x.p.from > y.p.from ? 1 : x.p.to < y.p.to ? -1 : x.p.to > y.p.to ? 1 : 0));
    // a count on a period's last day is at most the count reached in any other period that holds that day: the families
    // active on 31 December of a year were supported in its second half, the families active on 30 June 2024 were
    // supported in 2024 (found by the test attacker on the national period files, session 12: a new site's "x" of
    // 30 June 2024 narrowed to 5–8 through its families supported in 2024). The holding period may not print the
    // day's count itself (a period report's per-year rows print no "active on the last day"). A period that holds
    // a's whole span and ends with it prints the same day count (same last day, below), so it adds nothing
    for (const a of list) {
      for (const b of list) {
        if (a === b || !(b.p.from <= a.p.to && a.p.to <= b.p.to)) continue;
        if (b.p.to === a.p.to && b.p.from <= a.p.from) continue;
        for (const [day, reach] of DAY_WITHIN_REACH) {
          const d = a.cells.get(day);
          const r = b.cells.get(reach);
          if (d !== undefined && r !== undefined && d !== r) relate([d, r], [1, -1], -Infinity, 0, 'subset');
        }
      }
    }
    for (const outer of list) {
      const inner = list.filter((x) => x !== outer && periodContains(outer.p, x.p));
      // containment and same last day
      for (const x of inner) {
        for (const [m, i] of x.cells) {
          const o = outer.cells.get(m);
          if (o === undefined || o === i) continue;
          if (FLOW_MEASURE.test(m) || REACH_MEASURE.test(m)) relate([i, o], [1, -1], -Infinity, 0, 'subset');
          else if (END_MEASURE.test(m) && x.p.to === outer.p.to) relate([i, o], [1, -1], 0, 0, 'sum');
        }
      }
      // tilings of the outer period by inner ones: chains from its first to its last day
      if (inner.length < 2) continue;
      const tilings: Array<typeof inner> = [];
      const next = (day: string) => inner.filter((x) => x.p.from === day);
      const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const walk = (day: string, chain: typeof inner) => {
        if (tilings.length >= MAX_TILINGS) return;
        for (const x of next(day)) {
          if (x.p.to === outer.p.to) tilings.push([...chain, x]);
          else walk(dayAfter(x.p.to), [...chain, x]);
        }
      };
      walk(outer.p.from, []);
      for (const chain of tilings) {
        if (chain.length < 2) continue;
        for (const [m, o] of outer.cells) {
          if (!FLOW_MEASURE.test(m)) continue;
          const parts = chain.map((x) => x.cells.get(m));
          if (parts.some((i) => i === undefined)) continue;
          relate([...(parts as number[]), o], [...parts.map(() => 1), -1], 0, 0, 'sum');
        }
      }
    }
  }
}
