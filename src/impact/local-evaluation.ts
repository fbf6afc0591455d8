/**
 * The local evaluation ("evaluatie") of one Home-Start site over its own period, as a site publishes
 * it for its municipality (seed 002: Dalfsen, March 2018 – June 2021): the families supported in the
 * period by locality (village), children's ages, help questions, migration background and referrer;
 * the families not supported with reasons; the volunteers (registered by gender, active at the end of
 * the period, of whom not deployable, in training, stopped with reasons); the duration of the closed
 * trajectories, goals reached, and referrals to professional care after Home-Start with the follow-up
 * call. docs/local-evaluation.md lists the 38 figures of that evaluation and which ones are produced.
 *
 * Counting: every figure is a {@link YearFigures} definition read over the period's days
 * (`computeWindowFigures`), plus the breakdowns only this report has (localities, referrers and
 * migration background of the *supported* families, volunteers not deployable). A period that ends
 * after the reference date is "running": its end-of-period counts are taken on the reference date and
 * the report says so.
 *
 * Disclosure control: the evaluation is one more publication of the SAME publication set as the annual
 * reports (publication.ts, disclosure.ts). Its counts are cells `site:<id>|<period key>|<measure>`
 * (`periodKey`: `2018-03-01_2021-06-30`) — the same cells as the `report --from --to` publication of
 * that site and period prints, so a count has one status in both —
 * with every sum of the annual model (same measure names, same aliases), its own sums (localities,
 * referrers and migration background add up to the supported families), and links to the site's
 * annual cells that a reader holding both can write down: a count of events in the period is at least
 * the sum over the calendar years inside it and at most the sum over the years it touches; a count of
 * families supported is at least each year's inside the period and at most their sum; a count on the
 * period's last day is the year's count on the same day. Locality names come from the data: only
 * localities with at least `threshold` supported families in the period are named (the others are
 * "other localities"), and only names that pass the safe-text check (no personal-looking values).
 */
import { safeValue } from '../data/safe-text.js';
import { StatsError } from '../stats/result.js';
import { scopeSlug } from '../util/atomic-write.js';
import { CHILD_AGE_BANDS, checkPeriod, dateLabel, DURATION_BINS, periodFiguresWithFamilies, periodKey, periodLabel, type ImpactPeriod, type PeriodFigures } from './figures.js';
import { LOCAL_SUFFIX } from './ledger.js';
import { registrationCodes, registrationLabel, type RegistrationCategories, type RegistrationLabelKind } from './labels.js';
import { CellLedger, fineClasses, layoutMergedCode, layoutTableCodes, localityKey, mergedCode, mergeOpenEndedTail, ORDERED_BREAKDOWNS, registerMergedRows, registerSiteYear, registerYear, scopeKey, type GlobalRelation, type OrderedBreakdown, type PublicationLayout } from './publication.js';
import { codesWith, countCell, percentCell, reportCellText, reportCellValue, statCell, textCell, type Pub } from './published-cells.js';
import { escapeHtml, publicationFileBytes, REPORT_CSS, tableHtml, writePublicationFiles, type PublicationFiles } from './publication-files.js';
import { suppressCounts, type CellStatus } from './suppression.js';
import { applyLayoutNotes, combinedRowLabel, type PublicationDecisions, type PublishedRow, type PublishedTable, type ReportLang } from './report.js';
import type { RegistrationData } from './types.js';

// ---------------------------------------------------------------------------------------------
// Figures

export interface LocalEvaluationOptions {
  siteId: string;
  /** The evaluation period, both ends inclusive (e.g. `parsePeriod('2018-03..2021-06')`). */
  period: ImpactPeriod;
  /** The date the data were extracted (default: the latest date in the data). */
  referenceDate?: string;
  volunteerHoursPerWeek?: number;
  /** Smallest number of supported families for which a locality is named (default 5, the suppression threshold). */
  localityMinimum?: number;
}


/** The locality code of families without a recorded locality (as in `supportedByLocality`). */
export const LOCALITY_UNKNOWN = 'unknown';
const OTHER = '\u0000other';

/** Categories of a breakdown printed by name, and those combined into one "other" row. */
export interface CombinedCategories {
  named: string[];
  other: string[];
}

/**
 * Combines small categories (disclosure.md: "merge small categories"): a category is named when it has
 * at least `minimum` records (and `printable` accepts its name); the others are combined, and while the
 * combined group holds 1 … minimum − 1 records the smallest named category joins it, so the "other" row
 * is 0 or at least `minimum` (a lone small remainder would reveal itself from the total).
 * @example combineSmallCategories({ a: 12, b: 6, c: 4, d: 0 }, 5) // { named: ['a'], other: ['c', 'd', 'b'] }
 */
export function combineSmallCategories(counts: Record<string, number>, minimum: number, printable: (code: string) => boolean = () => true): CombinedCategories {
  const named: string[] = [];
  const other: string[] = [];
  for (const [k, n] of Object.entries(counts)) (n >= minimum && printable(k) ? named : other).push(k);
  const rest = () => other.reduce((a, k) => a + counts[k], 0);
  while (named.length && rest() > 0 && rest() < minimum) {
    let i = 0;
    for (let j = 1; j < named.length; j++) if (counts[named[j]] < counts[named[i]]) i = j;
    other.push(...named.splice(i, 1));
  }
  return { named, other };
}

/** The breakdowns of a local evaluation whose small categories are combined, with their measures. */
export const COMBINED_GROUPS = ['loc', 'sref', 'ns', 'vol.stop', 'vol.gReg'] as const;
export type CombinedGroup = (typeof COMBINED_GROUPS)[number];

/** The local measure of one category of a combined group, and of the group's "other" row (`<group>-other`). */
export function combinedMeasure(group: CombinedGroup, code: string | null): string {
  if (code === null) return `${group}-other`;
  return group === 'loc' ? localityKey(code) : `${group}.${code}`;
}

/**
 * Tables of a local evaluation whose categories the disclosure control's fallback may combine further
 * (disclosure.ts, `protectPublicationSetWithFallback`; the evaluation's layout, publication.ts
 * `PublicationLayout`, under its publication id `site:<id>|<from>_<to>#local`): table id → the measure
 * prefixes of its categories. Reasons, referrers and genders fold the combined categories into their
 * "other" row, printed then as "Combined: …" (its cell `<group>.merged:<codes>`, the sum of its categories);
 * durations and children's ages combine adjacent classes as the annual report does. Localities are not
 * combined further (the combined row would name localities with fewer than the threshold of families): that
 * table can only be left out, as every other table of the evaluation.
 */
export const LOCAL_MERGEABLE_TABLES: Readonly<Record<string, readonly string[]>> = {
  verwijzers: ['sref.'],
  'niet-ondersteund': ['ns.'],
  'vrijwilligers-gestopt': ['vol.stop.'],
  'vrijwilligers-gender': ['vol.gReg.'],
  duur: ['dur.'],
  kinderen: ['age.'],
};
/** The combined group each combinable table of the evaluation prints. */
const TABLE_GROUP: Readonly<Record<string, CombinedGroup>> = { verwijzers: 'sref', 'niet-ondersteund': 'ns', 'vrijwilligers-gestopt': 'vol.stop', 'vrijwilligers-gender': 'vol.gReg' };
const GROUP_TABLE = Object.fromEntries(Object.entries(TABLE_GROUP).map(([t, g]) => [g, t])) as Partial<Record<CombinedGroup, string>>;

/** Counts of a combined group's categories over the period. */
function groupCounts(ev: LocalEvaluation, g: CombinedGroup): Record<string, number> {
  return g === 'loc' ? ev.period.families.supportedByLocality : g === 'sref' ? ev.referrers : g === 'ns' ? ev.period.families.notSupportedByReason : g === 'vol.stop' ? ev.period.volunteers.stoppedByReason : ev.period.volunteers.genderRegistered;
}

/**
 * The categories of a combined group as the evaluation prints them under `layout`: those its layout
 * combines (`merged` of the group's table) leave the named ones and join "other", which is then the row
 * `<group>.merged:<codes>` ("Combined: …"); without, {@link LocalEvaluation.combined} and the row `<group>-other`.
 * @example localCombined(ev, 'ns', { merged: { 'niet-ondersteund': ['declined', 'no-match', 'other'] } }).otherMeasure // 'ns.merged:declined+no-match+other'
 */
export function localCombined(ev: LocalEvaluation, g: CombinedGroup, layout: PublicationLayout | undefined): CombinedCategories & { otherMeasure: string; laidOut: boolean } {
  const base = ev.combined[g];
  const table = GROUP_TABLE[g];
  const codes = table ? layout?.merged?.[table] : undefined;
  if (!codes?.length) return { ...base, otherMeasure: combinedMeasure(g, null), laidOut: false };
  const other = [...base.named, ...base.other].filter((c) => base.other.includes(c) || codes.includes(c));
  return { named: base.named.filter((c) => !other.includes(c)), other, otherMeasure: `${g}.${mergedCode(other)}`, laidOut: true };
}

/**
 * The categories of the evaluation's table `table` to combine (the fallback's first step for a table of
 * categories, disclosure.ts) so that its row of local measure `measure` is no longer printed alone: its
 * "other" categories, that category (or, for the "other" row itself, the smallest named category), and one
 * more named category while fewer than two are combined. Null when the table is no combined group, is
 * combined already, `measure` is not one of its rows, or no named category would be left (the table would
 * only repeat its total): then the table is left out.
 * @example localEvaluationMerge(ev, undefined, 'vrijwilligers-gender', 'vol.gReg-other') // ['male', 'other', 'unknown'] when female is the larger named gender
 */
export function localEvaluationMerge(ev: LocalEvaluation, layout: PublicationLayout | undefined, table: string, measure: string): string[] | null {
  const g = TABLE_GROUP[table];
  if (!g || layout?.merged?.[table]?.length) return null;
  const { named, other } = ev.combined[g];
  const counts = groupCounts(ev, g);
  const bySize = (cs: string[]) => [...cs].sort((a, b) => (counts[a] ?? 0) - (counts[b] ?? 0) || a.localeCompare(b));
  const merge = new Set(other);
  if (measure === combinedMeasure(g, null)) {
    if (!other.length) return null;
    const smallest = bySize(named)[0];
    if (smallest !== undefined) merge.add(smallest);
  } else {
    const code = measure.startsWith(`${g}.`) ? measure.slice(g.length + 1) : null;
    if (code === null || !named.includes(code)) return null;
    merge.add(code);
  }
  if (merge.size < 2) {
    const next = bySize(named.filter((c) => !merge.has(c)))[0];
    if (next !== undefined) merge.add(next);
  }
  if (merge.size < 2 || named.every((c) => merge.has(c))) return null;
  return [...named, ...other].filter((c) => merge.has(c));
}

/** Raw figures of a local evaluation (exact counts: publish only through {@link publishLocalEvaluation}). */
export class LocalEvaluation {
  readonly method = 'Home-Start local evaluation over a period from registration data (PeriodFigures definitions)';
  constructor(
    readonly siteId: string,
    /** The site's municipality. */
    readonly siteName: string,
    readonly from: string,
    readonly to: string,
    readonly referenceDate: string,
    /** The period ends after the reference date: end-of-period counts are taken on the reference date. */
    readonly running: boolean,
    /** Every YearFigures count over the period. */
    readonly period: PeriodFigures,
    /**
     * Per breakdown, the categories printed by name and those combined into "other"
     * ({@link combineSmallCategories} with `localityMinimum`): localities (`loc`; a name must also be
     * safe to print; families without a locality stay a row of their own), referrers of the supported
     * families (`sref`), reasons not supported (`ns`), stop reasons (`vol.stop`), gender (`vol.gReg`).
     */
    readonly combined: Record<CombinedGroup, CombinedCategories>,
    /** Supported families by referrer. */
    readonly referrers: Record<string, number>,
    /** Supported families (found in the families file) by migration background. */
    readonly migration: { yes: number; no: number; unknown: number },
    /** Volunteers active on the last day of the period who were not deployable (null: not known; see PeriodFigures). */
    readonly notDeployable: number | null,
    readonly volunteerHoursPerWeek: number,
    /** The site's start date (from the sites file). */
    readonly siteStart: string,
    /** The category lists of the data (an office's extension), for labels; absent: the bundled lists. */
    readonly categories?: RegistrationCategories,
    /** Smallest number of records of a category printed by name. */
    readonly localityMinimum = 5,
    /**
     * The classes the duration and age tables print ({@link localEvaluationClasses}): the fine classes of
     * the annual report, or coarser ones sized to this evaluation.
     */
    readonly classes: Record<OrderedBreakdown, string[]> = { dur: [...DURATION_BINS], age: [...CHILD_AGE_BANDS] },
  ) {}

  /** The period's key (`periodKey`): it names the evaluation's cells, `<scope>|<key>|<measure>`. */
  get key(): string {
    return periodKey({ from: this.from, to: this.to });
  }

  /** The id the suppression ledger records: `site:<id>|<key>#local`. */
  get publicationId(): string {
    return `${scopeKey({ level: 'site', siteId: this.siteId })}|${this.key}${LOCAL_SUFFIX}`;
  }

  /** Plain JSON of every raw figure (not for publication). */
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      siteId: this.siteId,
      siteName: this.siteName,
      from: this.from,
      to: this.to,
      referenceDate: this.referenceDate,
      running: this.running,
      period: this.period,
      combined: this.combined,
      referrers: this.referrers,
      migration: this.migration,
      notDeployable: this.notDeployable,
      classes: this.classes,
    };
  }
}

/**
 * Computes the figures of a local evaluation of one site over a period (both ends inclusive).
 *
 * Definitions are those of {@link PeriodFigures} with "the year" read as the period: families registered
 * in the period and their intake outcome (not supported, with reasons), families supported in the
 * period (a trajectory running on at least one day of it), active on its last day, trajectories closed
 * in it (duration in months = days / 30.4375; mean and median; goals reached; referred to professional
 * care by end reason or at the follow-up call; follow-up calls held by the reference date), volunteers
 * registered in it (by gender), active on its last day, in training on its last day, stopped in it (by
 * reason). Localities, referrers and migration background are those of the supported families.
 *
 * Throws a `StatsError` for an unknown site, dates that are not ISO dates, a period that starts after
 * it ends or after the reference date.
 *
 * @example
 * const ev = computeLocalEvaluation(data, { siteId: 'DLF', period: { from: '2018-03-01', to: '2021-06-30' }, referenceDate: '2021-06-30' });
 * ev.period.families.supported // 22 on sample-data/registration/local
 */
export function computeLocalEvaluation(data: RegistrationData, options: LocalEvaluationOptions): LocalEvaluation {
  const { siteId } = options;
  const { from, to } = checkPeriod(options.period);
  const site = data.sites.find((s) => s.siteId === siteId);
  if (!site) throw new StatsError(`Site "${siteId}" is not in the sites file; known sites: ${data.sites.slice(0, 10).map((s) => s.siteId).join(', ')}${data.sites.length > 10 ? ', …' : ''}.`);
  const hours = options.volunteerHoursPerWeek ?? 3;
  const w = periodFiguresWithFamilies(data, { from, to }, { scope: { level: 'site', siteId }, referenceDate: options.referenceDate, volunteerHoursPerWeek: hours });
  const referenceDate = options.referenceDate ?? latestDate(data);
  const minimum = options.localityMinimum ?? 5;
  // referrers and migration background of the supported families
  const referrers: Record<string, number> = {};
  for (const c of registrationCodes('referrer', data.categories)) referrers[c] = 0;
  const migration = { yes: 0, no: 0, unknown: 0 };
  for (const f of w.supportedFamilies) {
    referrers[f.referrer] = (referrers[f.referrer] ?? 0) + 1;
    if (f.migrationBackground === true) migration.yes++;
    else if (f.migrationBackground === false) migration.no++;
    else migration.unknown++;
  }
  // small categories combined (localities also when their name is not safe to print)
  const byLoc = { ...w.figures.families.supportedByLocality };
  delete byLoc[LOCALITY_UNKNOWN];
  const v = w.figures.volunteers;
  const combined: Record<CombinedGroup, CombinedCategories> = {
    loc: combineSmallCategories(byLoc, minimum, safeLocality),
    sref: combineSmallCategories(referrers, minimum),
    ns: combineSmallCategories(w.figures.families.notSupportedByReason, minimum),
    'vol.stop': combineSmallCategories(v.stoppedByReason, minimum),
    'vol.gReg': combineSmallCategories(v.genderRegistered, minimum),
  };
  const notDeployable = w.figures.volunteers.notDeployableAtYearEnd;
  // the calendar years inside the period (from the site's start, to the reference date), as the annual
  // reports count them: the classes are sized so that no class differs from a year's by a small count
  const pEnd = to < referenceDate ? to : referenceDate;
  const years: PeriodFigures[] = [];
  for (let yr = Number(from.slice(0, 4)); yr <= Number(pEnd.slice(0, 4)); yr++) {
    const yStart = site.startDate > `${yr}-01-01` ? site.startDate : `${yr}-01-01`;
    const yEnd = `${yr}-12-31` < referenceDate ? `${yr}-12-31` : referenceDate;
    if (yStart < from || yEnd > pEnd || yStart > yEnd) continue;
    years.push(periodFiguresWithFamilies(data, { from: `${yr}-01-01`, to: `${yr}-12-31` }, { scope: { level: 'site', siteId }, referenceDate, volunteerHoursPerWeek: hours }).figures);
  }
  const classes = localEvaluationClasses(w.figures, years, minimum);
  return new LocalEvaluation(siteId, site.municipality, from, to, referenceDate, to > referenceDate, w.figures, combined, referrers, migration, notDeployable, hours, site.startDate, data.categories, minimum, classes);
}

/**
 * The class sets a local evaluation may print for its duration and age tables, finest first: the annual
 * report's classes, then coarser ones (durations: 0–6, 6–12, 12–18 months and 18 or more; then less than
 * 12 months and 12 or more; ages: under 4, 4–6, 7 and older; then under 4 and 4 and older).
 */
export const LOCAL_CLASS_LEVELS: Record<OrderedBreakdown, ReadonlyArray<readonly string[]>> = {
  dur: [DURATION_BINS, ['0-6', '6-12', '12-18', '18+'], ['0-12', '12+']],
  age: [CHILD_AGE_BANDS, ['0-3', '4-6', '7+'], ['0-3', '4+']],
};

/**
 * Classes sized to the publication (docs/local-evaluation.md): a small site's evaluation prints coarser
 * duration and age classes instead of seven classes of which six are hidden. Decided before the
 * disclosure control from the counts of the period and of the calendar years inside it: the finest class
 * set of {@link LOCAL_CLASS_LEVELS} in which every class of the period is 0 or at least `threshold`, and
 * differs from the same class of each calendar year inside the period (`years`, as the annual reports
 * print them) by 0 or at least `threshold` (a small difference would be a small count of families outside
 * that year, which the disclosure control would have to hide); when none is, the annual report's classes
 * with its open-ended merge (publication.ts `mergeOpenEndedTail`). The same
 * classes in every language. The fine classes stay cells of the model (a small one is a "<t" the audit
 * protects, as in the open-ended merge of the annual report), so the rule gives a reader nothing the
 * audit does not account for.
 * @example localEvaluationClasses(period, [], 5) // { dur: ['0-12', '12+'], age: ['0-3', '4-6', '7+'] } for 0, 0, 0, 11, 3, 2, 0 closed and 2, 13, 12, 15, 1 children
 */
export function localEvaluationClasses(period: PeriodFigures, years: PeriodFigures[], threshold: number): Record<OrderedBreakdown, string[]> {
  const counts = (y: PeriodFigures, b: OrderedBreakdown): Record<string, number> => (b === 'dur' ? y.closed.duration.bins : y.families.childrenByAge);
  const count = (y: PeriodFigures, b: OrderedBreakdown, code: string) => fineClasses(b, code).reduce((a, c) => a + (counts(y, b)[c] ?? 0), 0);
  const fits = (n: number) => n === 0 || n >= threshold;
  const out = {} as Record<OrderedBreakdown, string[]>;
  for (const b of ['dur', 'age'] as const) {
    const levels = LOCAL_CLASS_LEVELS[b];
    const ok = (codes: readonly string[]) => codes.every((c) => fits(count(period, b, c)) && years.every((y) => fits(count(period, b, c) - count(y, b, c))));
    // none fits: the annual report's classes (with its open-ended merge), as before this rule
    out[b] = levels.find(ok)?.slice() ?? mergeOpenEndedTail(levels[0], [levels[0].map((c) => count(period, b, c))], threshold);
  }
  return out;
}

function latestDate(data: RegistrationData): string {
  let latest = '';
  for (const f of data.families) if (f.registrationDate > latest) latest = f.registrationDate;
  for (const v of data.volunteers) for (const d of [v.registrationDate, v.trainingCompletedDate, v.activeFrom, v.stopDate]) if (d && d > latest) latest = d;
  for (const t of data.trajectories) for (const d of [t.matchDate, t.endDate, t.followUpDate]) if (d && d > latest) latest = d;
  return latest || '1970-01-01';
}

/** A locality name that may be printed: short, printable, not personal-looking (safe-text rule). */
function safeLocality(name: string): boolean {
  return name.length <= 40 && safeValue(name) === name;
}

// ---------------------------------------------------------------------------------------------
// Cells

/** Measures of the period that count events dated in it (additive over disjoint periods). */
const FLOW_MEASURE = /^(fam\.registered|fam\.intake\..+|ns\..+|ref\..+|fam\.newlyMatched|fam\.closed|end\..+|goals\..+|dur\..+|referred|followUp|gas\..+|vol\.registered|vol\.gReg\..+|vol\.trained|vol\.stopped|vol\.stop\..+)$/;
/** Measures that count families (or their children) of a set that grows with the period: at least each year's inside it, at most the years' sum. */
const UNION_MEASURE = /^(fam\.supported|fam\.children|help\..+|prof\..+|age\..+)$/;
/** Measures taken on the last day counted. */
const SNAPSHOT_MEASURE = /^(fam\.active|vol\.activeEnd|vol\.inTraining)$/;

/**
 * The counts of a local evaluation as cells of the publication set, under local keys
 * `<period key>|<measure>`: every PeriodFigures count of the period with the annual model's sums, plus
 * localities (`loc.<name>` as the site's annual report registers them, and `loc-other` for the
 * localities not named), referrers of supported families (`sref.<code>`), migration background
 * (`prof.migrationBackground.yes`, `mig.no`, `mig.unknown`) and volunteers not deployable
 * (`vol.notDeployable`, `vol.deployable`), each with its sum.
 */
export function collectLocalEvaluationCells(ev: LocalEvaluation, threshold = 5, layout?: PublicationLayout): CellLedger {
  const l = new CellLedger();
  const p = `${ev.key}|`;
  registerYear(l, ev.period, p);
  registerLocalClasses(l, ev, threshold, p); // coarser duration and age classes (localEvaluationClasses)
  registerSiteYear(l, ev.period, p); // loc.<name> (sum: supported families) and vol.notDeployable
  const counts = Object.fromEntries(COMBINED_GROUPS.map((g) => [g, groupCounts(ev, g)])) as Record<CombinedGroup, Record<string, number>>;
  // the referrers' cells first: a sum names only cells already registered (CellLedger.sum), and the
  // "other referrers" row is the sum of the referrers it combines (registered after it, that relation was
  // dropped: the audit took a printed "other" and a printed named referrer for no sum of the families
  // supported, which the attacker then read as their total)
  for (const [k, n] of Object.entries(ev.referrers)) l.cell(p + `sref.${k}`, n);
  for (const g of COMBINED_GROUPS) {
    // the "other" row (under a layout that combines more categories: their "Combined: …" row)
    const { other, otherMeasure } = localCombined(ev, g, layout);
    if (!other.length) continue;
    l.cell(p + otherMeasure, other.reduce((a, k) => a + (counts[g][k] ?? 0), 0));
    l.sum(other.map((k) => p + combinedMeasure(g, k)), p + otherMeasure);
  }
  l.sum(Object.keys(ev.referrers).map((k) => p + `sref.${k}`), p + 'help.base');
  l.cell(p + 'mig.no', ev.migration.no);
  l.cell(p + 'mig.unknown', ev.migration.unknown);
  l.sum([p + 'prof.migrationBackground.yes', p + 'mig.no'], p + 'prof.migrationBackground.known');
  l.sum([p + 'prof.migrationBackground.known', p + 'mig.unknown'], p + 'help.base');
  if (ev.notDeployable !== null) {
    l.cell(p + 'vol.deployable', ev.period.volunteers.activeAtYearEnd - ev.notDeployable);
    l.sum([p + 'vol.notDeployable', p + 'vol.deployable'], p + 'vol.activeEnd');
  }
  // adjacent duration or age classes the layout combines: one more class with their sum
  registerMergedRows(l, [ev.key], layout, { duur: LOCAL_MERGEABLE_TABLES.duur, kinderen: LOCAL_MERGEABLE_TABLES.kinderen });
  return l;
}

/**
 * The evaluation's duration and age classes ({@link localEvaluationClasses}) in its ledger: each combined
 * class a cell with the sum of its fine classes, the codes it prints (`ledger.tails`), and its small fine
 * classes as implied "<t" cells (not printed, but a reader who knows the rule may know that a finer set
 * had a small class: the audit keeps each anywhere in 1 … t − 1).
 */
function registerLocalClasses(l: CellLedger, ev: LocalEvaluation, threshold: number, p: string): void {
  for (const b of ['dur', 'age'] as const) {
    const codes = ev.classes[b];
    const fine = ORDERED_BREAKDOWNS[b];
    if (codes.length === fine.length && codes.every((c, k) => c === fine[k])) continue;
    l.tails.set(b, [...codes]);
    const bins: Record<string, number> = b === 'dur' ? ev.period.closed.duration.bins : ev.period.families.childrenByAge;
    for (const code of codes) {
      const parts = fineClasses(b, code);
      if (parts.length === 1 && parts[0] === code) continue;
      l.cell(`${p}${b}.${code}`, parts.reduce((a, c) => a + (bins[c] ?? 0), 0));
      l.sum(parts.map((c) => `${p}${b}.${c}`), `${p}${b}.${code}`);
      for (const c of parts) if ((bins[c] ?? 0) > 0 && (bins[c] ?? 0) < threshold) l.implied.push(`${p}${b}.${c}`);
    }
  }
}

/**
 * The relations between the evaluation's cells and the site's annual cells (global keys) that a reader
 * holding both can write down (see the module comment). Years are taken as the annual report counts
 * them: 1 January … 31 December, or … the reference date for a year not over.
 */
export function localEvaluationLinks(ev: LocalEvaluation, ledger: CellLedger, years: number[], layout?: PublicationLayout): GlobalRelation[] {
  const scope = scopeKey({ level: 'site', siteId: ev.siteId });
  const pEnd = ev.to < ev.referenceDate ? ev.to : ev.referenceDate;
  // a reader may know when the site started: a year counts from the site's start on (a link that is
  // not true on the data, e.g. records before the start, is dropped by the model builder)
  const yStart = (y: number) => (ev.siteStart > `${y}-01-01` ? ev.siteStart : `${y}-01-01`);
  const yEnd = (y: number) => (`${y}-12-31` < ev.referenceDate ? `${y}-12-31` : ev.referenceDate);
  const counted = [...new Set(years)].filter((y) => `${y}-01-01` <= ev.referenceDate && yStart(y) <= yEnd(y));
  const inside = counted.filter((y) => yStart(y) >= ev.from && yEnd(y) <= pEnd);
  const touching = counted.filter((y) => yStart(y) <= pEnd && yEnd(y) >= ev.from);
  const firstYear = Number((ev.siteStart > ev.from ? ev.siteStart : ev.from).slice(0, 4));
  const lastYear = Number(pEnd.slice(0, 4));
  const coversAll = touching.length === lastYear - firstYear + 1;
  const links: GlobalRelation[] = [];
  const g = (periodOrYear: string | number, m: string) => `${scope}|${periodOrYear}|${m}`;
  // a category printed by name has at least `localityMinimum` records (that is why it is named)
  for (const grp of COMBINED_GROUPS) for (const code of localCombined(ev, grp, layout).named) links.push({ keys: [g(ev.key, combinedMeasure(grp, code))], coefs: [1], lo: ev.localityMinimum, hi: Infinity });
  for (const key of ledger.keys) {
    const m = key.slice(key.indexOf('|') + 1);
    if (m.endsWith('|rest')) continue;
    const me = g(ev.key, m);
    if (FLOW_MEASURE.test(m)) {
      if (inside.length) links.push({ keys: [me, ...inside.map((y) => g(y, m))], coefs: [1, ...inside.map(() => -1)], lo: 0, hi: Infinity });
      if (coversAll) links.push({ keys: [me, ...touching.map((y) => g(y, m))], coefs: [1, ...touching.map(() => -1)], lo: -Infinity, hi: 0 });
    } else if (UNION_MEASURE.test(m)) {
      for (const y of inside) links.push({ keys: [me, g(y, m)], coefs: [1, -1], lo: 0, hi: Infinity });
      if (coversAll) links.push({ keys: [me, ...touching.map((y) => g(y, m))], coefs: [1, ...touching.map(() => -1)], lo: -Infinity, hi: 0 });
    } else if (SNAPSHOT_MEASURE.test(m)) {
      for (const y of touching) if (yEnd(y) === pEnd) links.push({ keys: [me, g(y, m)], coefs: [1, -1], lo: 0, hi: 0 });
    }
  }
  return links;
}

// ---------------------------------------------------------------------------------------------
// Publishing

/** A published local evaluation: tables of suppressed counts, and what was hidden. */
export interface PublishedLocalEvaluation {
  lang: ReportLang;
  threshold: number;
  suppressZero: boolean;
  siteName: string;
  from: string;
  to: string;
  referenceDate: string;
  running: boolean;
  tables: PublishedTable[];
  suppressed: { primary: number; secondary: number; cells: number; unprotected: number; withheld: number };
}

const TXT = {
  nl: {
    title: 'Evaluatie Home-Start',
    figure: 'Cijfer',
    category: 'Categorie',
    total: 'Totaal',
    unknown: 'Onbekend',
    otherLocalities: 'Overige kernen',
    otherReferrers: 'Overige verwijzers',
    otherReasons: 'Overige redenen',
    otherGender: 'Overig en onbekend',
    combinedNote: (t: number) => `Categorieën met minder dan ${t} staan samen onder „overige”; staat er alleen een totaal, dan had geen enkele categorie er ${t} of meer.`,
    yes: 'Ja',
    no: 'Nee',
    n: 'Aantal',
    pct: '%',
    tables: {
      kerncijfers: 'Kerncijfers over de periode',
      kernen: 'Ondersteunde gezinnen naar kern (woonplaats)',
      kinderen: 'Kinderen in de ondersteunde gezinnen naar leeftijd',
      hulpvragen: 'Ondersteunde gezinnen naar hulpvraag',
      migratie: 'Ondersteunde gezinnen: migratieachtergrond',
      verwijzers: 'Ondersteunde gezinnen naar verwijzer',
      intake: 'Aangemelde gezinnen naar uitkomst van de intake',
      'niet-ondersteund': 'Niet ondersteunde gezinnen naar reden',
      duur: 'Duur van de afgesloten trajecten (maanden)',
      doelen: 'Afgesloten trajecten: doelen bereikt',
      doorverwijzing: 'Doorverwezen naar professionele hulp na Home-Start',
      vrijwilligers: 'Vrijwilligers in de periode',
      'vrijwilligers-gender': 'Aangemelde vrijwilligers naar gender',
      'vrijwilligers-gestopt': 'Gestopte vrijwilligers naar reden',
    } as Record<string, string>,
    m: {
      registered: 'Gezinnen aangemeld',
      supported: 'Gezinnen ondersteund',
      notSupported: 'Gezinnen niet ondersteund',
      active: (d: string) => `Gezinnen met een lopend traject op ${d}`,
      closed: 'Trajecten afgesloten',
      children: 'Kinderen in de ondersteunde gezinnen',
      meanDuration: 'Gemiddelde duur afgesloten trajecten (maanden)',
      medianDuration: 'Mediane duur afgesloten trajecten (maanden)',
      mean: 'Gemiddelde',
      median: 'Mediaan',
      referred: 'Doorverwezen naar professionele hulp',
      followUp: 'Nazorggesprek gehouden',
      volRegistered: 'Vrijwilligers aangemeld',
      volActive: (d: string) => `Vrijwilligers actief op ${d}`,
      volNotDeployable: 'waarvan op dat moment niet inzetbaar',
      volDeployable: 'waarvan inzetbaar',
      volInTraining: (d: string) => `Vrijwilligers in opleiding op ${d}`,
      volStopped: 'Vrijwilligers gestopt',
      base: 'Ondersteunde gezinnen (basis)',
    },
    ageBand: (b: string) => (b === '0' ? 'Jonger dan 1 jaar' : b.endsWith('+') ? `${b.slice(0, -1)} jaar en ouder` : `${b.replace('-', '–')} jaar`),
    durationBin: (b: string) => (b.endsWith('+') ? `${b.slice(0, -1)} maanden of langer` : b === '0-12' ? 'Korter dan 12 maanden' : `${b.replace('-', '–')} maanden`),
    classesNote: (which: string, codes: string) => `Minder klassen dan in het jaarverslag (${codes}), omdat het om weinig ${which} gaat: zo blijven de klassen groot genoeg om te tonen. De indeling volgt vooraf uit de aantallen in de periode en in de jaren erbinnen.`,
    durWhich: 'afgesloten trajecten',
    hiddenKeyNote: 'Staat bij een kerncijfer „x” of „.”, dan is het wel geteld maar niet te tonen: samen met de jaarverslagen uit dezelfde registratie (die over dezelfde jaren gaan) zou het een klein aantal verraden, bijvoorbeeld hoeveel gezinnen er in één half jaar bij kwamen. Zo’n cijfer blijft in elke tabel verborgen, ook als totaal.',
    hiddenTable: (title: string) => `${title}: niet te tonen, omdat alle aantallen erin verborgen moeten blijven (zie de toelichting bij de kerncijfers).`,
    ageWhich: 'kinderen',
  },
  en: {
    title: 'Evaluation of Home-Start',
    figure: 'Figure',
    category: 'Category',
    total: 'Total',
    unknown: 'Unknown',
    otherLocalities: 'Other localities',
    otherReferrers: 'Other referrers',
    otherReasons: 'Other reasons',
    otherGender: 'Other and unknown',
    combinedNote: (t: number) => `Categories with fewer than ${t} are combined as “other”; where only a total is shown, no category had ${t} or more.`,
    yes: 'Yes',
    no: 'No',
    n: 'Number',
    pct: '%',
    tables: {
      kerncijfers: 'Key figures over the period',
      kernen: 'Supported families by locality',
      kinderen: 'Children in the supported families by age',
      hulpvragen: 'Supported families by help question',
      migratie: 'Supported families: migration background',
      verwijzers: 'Supported families by referrer',
      intake: 'Registered families by intake outcome',
      'niet-ondersteund': 'Families not supported, by reason',
      duur: 'Duration of closed trajectories (months)',
      doelen: 'Closed trajectories: goals reached',
      doorverwijzing: 'Referred to professional care after Home-Start',
      vrijwilligers: 'Volunteers over the period',
      'vrijwilligers-gender': 'Registered volunteers by gender',
      'vrijwilligers-gestopt': 'Volunteers who stopped, by reason',
    } as Record<string, string>,
    m: {
      registered: 'Families registered',
      supported: 'Families supported',
      notSupported: 'Families not supported',
      active: (d: string) => `Families with a running trajectory on ${d}`,
      closed: 'Trajectories closed',
      children: 'Children in the supported families',
      meanDuration: 'Mean duration of closed trajectories (months)',
      medianDuration: 'Median duration of closed trajectories (months)',
      mean: 'Mean',
      median: 'Median',
      referred: 'Referred to professional care',
      followUp: 'Follow-up call held',
      volRegistered: 'Volunteers registered',
      volActive: (d: string) => `Volunteers active on ${d}`,
      volNotDeployable: 'of whom not deployable at that time',
      volDeployable: 'of whom deployable',
      volInTraining: (d: string) => `Volunteers in training on ${d}`,
      volStopped: 'Volunteers who stopped',
      base: 'Supported families (base)',
    },
    ageBand: (b: string) => (b === '0' ? 'Under 1 year' : b.endsWith('+') ? `${b.slice(0, -1)} years and older` : `${b.replace('-', '–')} years`),
    durationBin: (b: string) => (b.endsWith('+') ? `${b.slice(0, -1)} months or more` : b === '0-12' ? 'Less than 12 months' : `${b.replace('-', '–')} months`),
    classesNote: (which: string, codes: string) => `Fewer classes than in the annual report (${codes}), because there are few ${which}: this keeps the classes large enough to be shown. The classes follow beforehand from the counts of the period and of the years inside it.`,
    durWhich: 'closed trajectories',
    hiddenKeyNote: 'A key figure shown as “x” or “.” was counted but cannot be shown: together with the annual reports from the same registration data (which cover the same years) it would give away a small count, for example how many families were added in one half year. Such a figure stays hidden in every table, also as a total.',
    hiddenTable: (title: string) => `${title}: not shown, because every count in it must stay hidden (see the note under the key figures).`,
    ageWhich: 'children',
  },
};

export interface PublishLocalOptions {
  lang?: ReportLang;
  threshold?: number;
  /** Without decisions: hide zeros too in the per-publication preview. */
  suppressZero?: boolean;
  /** The statuses decided over the whole publication set (disclosure.ts); without, a preview protected on its own (NOT audited). */
  decisions?: PublicationDecisions;
  /** Categories combined and tables left out (publication.ts); default: the decisions' layout of this evaluation (`ev.publicationId`). */
  layout?: PublicationLayout;
}

/**
 * Turns the raw figures of a local evaluation into published tables: every count printed with the
 * status the disclosure control gave it ("<5", "x", "."), percentages only when their count and base
 * are printed, the mean and median duration only over at least `threshold` closed trajectories. No
 * ids; the only text from the data is the names of localities with at least `threshold` families.
 * @example
 * const pub = publishLocalEvaluation(ev, { lang: 'en' });
 * pub.tables.map((t) => t.id) // ['kerncijfers', 'kernen', 'kinderen', …]
 */
export function publishLocalEvaluation(ev: LocalEvaluation, options: PublishLocalOptions = {}): PublishedLocalEvaluation {
  const lang = options.lang ?? 'nl';
  const T = TXT[lang];
  const M = T.m;
  const threshold = options.threshold ?? 5;
  const layout = options.layout ?? options.decisions?.layoutOf?.(ev.publicationId);
  const ledger = collectLocalEvaluationCells(ev, threshold, layout);
  const scope = { level: 'site' as const, siteId: ev.siteId };
  let status: Array<CellStatus | 'withheld'>;
  let unprotected = 0;
  let zeroHidden = options.suppressZero ?? false;
  if (options.decisions) {
    const d = options.decisions;
    if (d.threshold !== threshold) throw new StatsError(`the publication set was protected with threshold ${d.threshold}, not ${threshold}.`);
    const sk = scopeKey(scope);
    status = ledger.keys.map((k) => d.statusOf(`${sk}|${k}`) ?? 'shown');
    zeroHidden = d.zeroHidden;
    unprotected = d.unprotected;
  } else {
    const sup = suppressCounts(ledger.values, ledger.constraints, { threshold, suppressZero: options.suppressZero });
    status = sup.status;
    unprotected = sup.unprotected.length;
  }
  const pub: Pub = { ledger, status, threshold, scope };
  const K = (m: string) => `${ev.key}|${m}`;
  const y = ev.period;
  const end = dateLabel(y.snapshotDate, lang);
  const nPct = [T.category, T.n, T.pct];
  const tables: PublishedTable[] = [];
  const count = (label: string, m: string): PublishedRow => ({ label, cells: [countCell(pub, K(m))] });
  const stat = (label: string, c: ReturnType<typeof statCell>): PublishedRow => ({ label, cells: [c] });
  const dur = y.closed.duration;

  tables.push({
    id: 'kerncijfers',
    title: T.tables.kerncijfers,
    columns: [T.figure, T.n],
    rows: [
      count(M.supported, 'fam.supported'),
      count(M.notSupported, 'fam.intake.not-supported'),
      count(M.active(end), 'fam.active'),
      count(M.children, 'fam.children'),
      count(M.closed, 'fam.closed'),
      stat(M.meanDuration, statCell(pub, dur.mean, dur.n, 1, [K('dur.n')])),
      count(M.referred, 'referred'),
      count(M.followUp, 'followUp'),
      count(M.volRegistered, 'vol.registered'),
      count(M.volActive(end), 'vol.activeEnd'),
      ...(ev.notDeployable !== null ? [count(M.volNotDeployable, 'vol.notDeployable')] : []),
      count(M.volInTraining(end), 'vol.inTraining'),
      count(M.volStopped, 'vol.stopped'),
    ],
  });
  const keyTable = tables[tables.length - 1];
  if (keyTable.rows.some((r) => r.cells[0].kind === 'count' && r.cells[0].value === null)) keyTable.note = T.hiddenKeyNote;

  const breakdown = (codes: string[], label: (c: string) => string, key: (c: string) => string, total: string | null, base: string): PublishedRow[] => {
    const rows: PublishedRow[] = codes.map((c) => ({ label: label(c), cells: [countCell(pub, K(key(c))), percentCell(pub, K(key(c)), K(base))] }));
    if (total) rows.push({ label: T.total, cells: [countCell(pub, K(total)), percentCell(pub, K(total), K(base))] });
    return rows;
  };
  const label = (kind: RegistrationLabelKind) => (c: string) => (c === 'unknown' ? T.unknown : registrationLabel(kind, c, lang, ev.categories));

  const hasLoc = Object.keys(y.families.supportedByLocality).length > 0;
  /** Labels of rows the layout combines → the labels of their categories (for the table's note). */
  const laidOutRows = new Map<string, string[]>();
  /**
   * Rows of a combined breakdown: the named categories, "other" (when there are named ones; "Combined: …"
   * when the layout combines more categories into it), the total.
   */
  const combinedRows = (grp: CombinedGroup, label: (c: string) => string, otherLabel: string, total: string, base: string, extra: string[] = []): PublishedRow[] => {
    const { named, other, otherMeasure, laidOut } = localCombined(ev, grp, layout);
    const codes = [...named, ...(named.length && other.length ? [OTHER] : []), ...extra];
    const otherText = laidOut ? combinedRowLabel(other.map(label), lang) : otherLabel;
    if (laidOut) laidOutRows.set(otherText, other.map(label));
    return breakdown(codes, (c) => (c === OTHER ? otherText : label(c)), (c) => (c === OTHER ? otherMeasure : extra.includes(c) && grp === 'loc' ? localityKey(c) : combinedMeasure(grp, c)), total, base);
  };
  /** The classes of an ordered table as printed: the evaluation's classes, adjacent ones combined by the layout. */
  const orderedCodes = (table: 'duur' | 'kinderen', codes: string[], label: (c: string) => string): string[] => {
    const merged = layout?.merged?.[table];
    if (merged?.length) laidOutRows.set(label(layoutMergedCode(table, merged)), merged.map(label));
    return layoutTableCodes(table, codes, merged);
  };
  tables.push({
    id: 'kernen',
    title: T.tables.kernen,
    columns: nPct,
    rows: hasLoc
      ? combinedRows('loc', (c) => c, T.otherLocalities, 'fam.supported', 'fam.supported', LOCALITY_UNKNOWN in y.families.supportedByLocality ? [LOCALITY_UNKNOWN] : []).map((r) => (r.label === LOCALITY_UNKNOWN ? { ...r, label: T.unknown } : r))
      : [],
    note: !hasLoc
      ? lang === 'nl'
        ? 'Er is geen kern (woonplaats) vastgelegd bij de gezinnen.'
        : 'No locality was recorded for the families.'
      : lang === 'nl'
        ? `Kernen met minder dan ${threshold} ondersteunde gezinnen in de periode staan samen onder „${T.otherLocalities}”.`
        : `Localities with fewer than ${threshold} supported families in the period are combined as “${T.otherLocalities}”.`,
  });
  const classesNote = (b: OrderedBreakdown) => {
    const codes = ledger.tails.get(b);
    if (!codes) return undefined;
    return T.classesNote(b === 'dur' ? T.durWhich : T.ageWhich, codes.map(b === 'dur' ? T.durationBin : T.ageBand).join(', ').toLowerCase());
  };
  tables.push({ id: 'kinderen', title: T.tables.kinderen, columns: nPct, rows: breakdown(orderedCodes('kinderen', ledger.tails.get('age') ?? [...CHILD_AGE_BANDS], T.ageBand), T.ageBand, (c) => `age.${c}`, 'age.total', 'age.total'), note: classesNote('age') });
  const helpRows = breakdown(codesWith('help-question', [y.helpQuestions.counts], ev.categories), label('help-question'), (c) => `help.${c}`, null, 'help.base');
  helpRows.push({ label: M.base, cells: [countCell(pub, K('help.base')), textCell('')] });
  tables.push({
    id: 'hulpvragen',
    title: T.tables.hulpvragen,
    columns: nPct,
    rows: helpRows,
    note: lang === 'nl' ? 'Een gezin kan meer hulpvragen hebben: percentages van gezinnen; ze tellen op tot meer dan 100%.' : 'A family can have several help questions: percentages of families; they add up to more than 100%.',
  });
  tables.push({
    id: 'migratie',
    title: T.tables.migratie,
    columns: nPct,
    rows: [
      { label: T.yes, cells: [countCell(pub, K('prof.migrationBackground.yes')), percentCell(pub, K('prof.migrationBackground.yes'), K('help.base'))] },
      { label: T.no, cells: [countCell(pub, K('mig.no')), percentCell(pub, K('mig.no'), K('help.base'))] },
      { label: T.unknown, cells: [countCell(pub, K('mig.unknown')), percentCell(pub, K('mig.unknown'), K('help.base'))] },
      { label: T.total, cells: [countCell(pub, K('help.base')), percentCell(pub, K('help.base'), K('help.base'))] },
    ],
  });
  tables.push({ id: 'verwijzers', title: T.tables.verwijzers, columns: nPct, rows: combinedRows('sref', label('referrer'), T.otherReferrers, 'help.base', 'help.base'), note: T.combinedNote(threshold) });
  tables.push({
    id: 'niet-ondersteund',
    title: T.tables['niet-ondersteund'],
    columns: nPct,
    rows: combinedRows('ns', label('not-supported-reason'), T.otherReasons, 'fam.intake.not-supported', 'fam.intake.not-supported'),
    note: T.combinedNote(threshold),
  });
  const durRows = breakdown(orderedCodes('duur', ledger.tails.get('dur') ?? [...DURATION_BINS], T.durationBin), T.durationBin, (c) => `dur.${c}`, 'dur.n', 'dur.n');
  durRows.push({ label: M.mean, cells: [statCell(pub, dur.mean, dur.n, 1, [K('dur.n')]), textCell('')] });
  durRows.push({ label: M.median, cells: [statCell(pub, dur.median, dur.n, 1, [K('dur.n')]), textCell('')] });
  tables.push({ id: 'duur', title: T.tables.duur, columns: nPct, rows: durRows, note: classesNote('dur') });
  const goalRows = breakdown(['yes', 'partly', 'no'], label('goals-reached'), (c) => `goals.${c}`, 'goals.known', 'goals.known');
  goalRows.push({ label: T.unknown, cells: [countCell(pub, K('goals.unknown')), textCell('')] });
  tables.push({
    id: 'doelen',
    title: T.tables.doelen,
    columns: nPct,
    rows: goalRows,
    note: lang === 'nl' ? 'Percentages van de afgesloten trajecten waarbij is vastgelegd of de doelen bereikt zijn.' : 'Percentages of the closed trajectories where goal attainment was recorded.',
  });
  tables.push({
    id: 'doorverwijzing',
    title: T.tables.doorverwijzing,
    columns: nPct,
    rows: [
      { label: M.referred, cells: [countCell(pub, K('referred')), percentCell(pub, K('referred'), K('fam.closed'))] },
      { label: M.followUp, cells: [countCell(pub, K('followUp')), percentCell(pub, K('followUp'), K('fam.closed'))] },
      { label: M.closed, cells: [countCell(pub, K('fam.closed')), textCell('')] },
    ],
    note:
      lang === 'nl'
        ? 'Doorverwezen: afgesloten met die reden, of doorverwezen volgens het nazorggesprek (ongeveer 3 maanden na afsluiting; voor trajecten die kort voor de peildatum eindigden is dat gesprek er misschien nog niet geweest).'
        : 'Referred: closed with that reason, or referred according to the follow-up call (about 3 months after closing; for trajectories that ended shortly before the reference date that call may not have happened yet).',
  });
  // "of whom deployable" only when "not deployable" is 0 or at least t: active minus a small count can never
  // be printed (it would give the small count away; hidden, it is at most t − 1 wide), so the row would read "."
  const deployableRow = ev.notDeployable !== null && (ev.notDeployable === 0 || ev.notDeployable >= threshold);
  tables.push({
    id: 'vrijwilligers',
    title: T.tables.vrijwilligers,
    columns: [T.figure, T.n],
    rows: [
      count(M.volRegistered, 'vol.registered'),
      count(M.volActive(end), 'vol.activeEnd'),
      ...(ev.notDeployable !== null ? [count(M.volNotDeployable, 'vol.notDeployable'), ...(deployableRow ? [count(M.volDeployable, 'vol.deployable')] : [])] : []),
      count(M.volInTraining(end), 'vol.inTraining'),
      count(M.volStopped, 'vol.stopped'),
    ],
  });
  tables.push({ id: 'vrijwilligers-gender', title: T.tables['vrijwilligers-gender'], columns: nPct, rows: combinedRows('vol.gReg', label('gender'), T.otherGender, 'vol.registered', 'vol.registered'), note: T.combinedNote(threshold) });
  tables.push({
    id: 'vrijwilligers-gestopt',
    title: T.tables['vrijwilligers-gestopt'],
    columns: nPct,
    rows: combinedRows('vol.stop', label('volunteer-stop-reason'), T.otherReasons, 'vol.stopped', 'vol.stopped'),
    note: T.combinedNote(threshold),
  });
  // the layout's marks: a table left out loses its rows and says why; a combined row is named in the note
  applyLayoutNotes(tables, layout, laidOutRows, lang, threshold);
  return {
    lang,
    threshold,
    suppressZero: zeroHidden,
    siteName: ev.siteName,
    from: ev.from,
    to: ev.to,
    referenceDate: ev.referenceDate,
    running: ev.running,
    tables,
    suppressed: {
      primary: status.filter((s) => s === 'primary').length,
      secondary: status.filter((s) => s === 'secondary').length,
      cells: ledger.values.length,
      unprotected,
      withheld: status.filter((s) => s === 'withheld').length,
    },
  };
}

/** Plain JSON of a published evaluation (what the `evaluation` command writes). */
export function publishedLocalJson(pub: PublishedLocalEvaluation): Record<string, unknown> {
  return {
    report: pub.lang === 'nl' ? 'evaluatie' : 'evaluation',
    site: `Home-Start ${pub.siteName}`,
    from: pub.from,
    to: pub.to,
    referenceDate: pub.referenceDate,
    running: pub.running,
    suppression: {
      threshold: pub.threshold,
      suppressZero: pub.suppressZero,
      marks: { [`<${pub.threshold}`]: pub.suppressZero ? `count from 0 to ${pub.threshold - 1}` : `count from 1 to ${pub.threshold - 1}`, x: 'hidden so that a small count cannot be worked out', [`n<${pub.threshold}`]: 'statistic over fewer records than the threshold', '.': 'not published: no suppression pattern could protect it' },
      ...pub.suppressed,
    },
    tables: pub.tables.map((t) => ({ id: t.id, title: t.title, note: t.note ?? null, ...(t.leftOut ? { leftOut: true } : {}), ...(t.merged ? { merged: t.merged } : {}), columns: t.columns, rows: t.rows.map((r) => [r.label, ...r.cells.map(reportCellValue)]) })),
  };
}

// ---------------------------------------------------------------------------------------------
// HTML and files

/** The self-contained HTML of a published evaluation (tables only; no input text but named localities). */
export function localEvaluationHtml(pub: PublishedLocalEvaluation, synthetic = false): string {
  const nl = pub.lang === 'nl';
  const T = TXT[pub.lang];
  const byId = new Map(pub.tables.map((t) => [t.id, t]));
  // a table in which every count is hidden or left out tells a reader nothing: one sentence instead (the
  // JSON, CSV and workbook keep the table with its marks)
  const tbl = (id: string) => {
    const t = byId.get(id);
    if (!t) return '';
    const counts = t.rows.flatMap((r) => r.cells.filter((c) => c.kind === 'count'));
    if (counts.length && counts.every((c) => c.value === null)) return `<p class="note">${escapeHtml(T.hiddenTable(t.title))}</p>`;
    return tableHtml(t, pub.lang, T.total);
  };
  const key = byId.get('kerncijfers')!;
  // key tiles: the first four key figures that are printed (a tile reading "x" tells a reader nothing)
  // (the seed's headline figures first: families supported, children, volunteers active, volunteers registered)
  const tileOrder = [0, 3, 9, 8, 2, 1, 6];
  const tiles = [...tileOrder.map((k) => key.rows[k]), ...key.rows.filter((_, k) => !tileOrder.includes(k))]
    .filter((r) => r !== undefined && r.cells[0].value !== null)
    .slice(0, 4)
    .map((r) => `<div><b>${escapeHtml(reportCellText(r.cells[0], pub.lang))}</b><span>${escapeHtml(r.label)}</span></div>`)
    .join('');
  const period = periodLabel({ from: pub.from, to: pub.to }, pub.lang);
  const legend = nl
    ? `In de tabellen betekent „&lt;${pub.threshold}”: ${pub.suppressZero ? '0' : '1'} tot en met ${pub.threshold - 1}; „x”: verborgen, zodat een klein aantal niet terug te rekenen is; „.”: niet gepubliceerd. Zie „Privacy” onderaan.`
    : `In the tables “&lt;${pub.threshold}” means ${pub.suppressZero ? '0' : '1'} to ${pub.threshold - 1}; “x”: hidden so that a small count cannot be worked out; “.”: not published. See “Privacy” at the end.`;
  const sec = (title: string, body: string) => `<section><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
  const t = pub.threshold;
  const intro = nl
    ? `Deze evaluatie beschrijft Home-Start ${pub.siteName} over de periode ${period}: hoeveel gezinnen zijn aangemeld en ondersteund, wie ze verwezen, met welke hulpvragen, hoe lang de trajecten duurden en hoe het afliep, en hoeveel vrijwilligers zich inzetten. De cijfers komen uit de registratie (peildatum ${dateLabel(pub.referenceDate, 'nl')}).`
    : `This evaluation describes Home-Start ${pub.siteName} over the period ${period}: how many families were registered and supported, who referred them, with which help questions, how long the trajectories lasted and how they ended, and how many volunteers took part. The figures come from the registration data (reference date ${dateLabel(pub.referenceDate, 'en')}).`;
  const running = pub.running
    ? `<p><strong>${escapeHtml(nl ? `Let op: de periode loopt nog op de peildatum; de cijfers gaan tot ${dateLabel(pub.referenceDate, 'nl')} en zijn voorlopig.` : `Note: the period was still running on the reference date; the figures run to ${dateLabel(pub.referenceDate, 'en')} and are provisional.`)}</strong></p>`
    : '';
  const how = nl
    ? [
        '<b>Aangemeld</b>: gezinnen met een aanmelddatum in de periode; <b>niet ondersteund</b> en de redenen gaan over die gezinnen.',
        '<b>Ondersteund</b>: gezinnen met een traject dat op ten minste één dag van de periode liep. Een gezin telt één keer. Kern, leeftijd van de kinderen, hulpvragen, migratieachtergrond en verwijzer gaan over deze gezinnen.',
        '<b>Afgesloten</b>: trajecten met een einddatum in de periode. Duur = einddatum − koppeldatum in dagen / 30,44 (maanden).',
        '<b>Vrijwilligers aangemeld en gestopt</b>: met een aanmeld- of stopdatum in de periode. <b>Actief</b> en <b>in opleiding</b>: op de laatste dag van de periode (of de peildatum als die eerder valt).',
        'Ervaringen van ouders, vrijwilligers en verwijzers, en de uitkomst van een visitatie, staan niet in de registratie: vul die zelf aan.',
      ]
    : [
        '<b>Registered</b>: families with a registration date in the period; <b>not supported</b> and its reasons refer to these families.',
        '<b>Supported</b>: families with a trajectory running on at least one day of the period, counted once. Locality, children’s ages, help questions, migration background and referrer describe these families.',
        '<b>Closed</b>: trajectories with an end date in the period. Duration = end date − match date in days / 30.44 (months).',
        '<b>Volunteers registered and stopped</b>: with a registration or stop date in the period. <b>Active</b> and <b>in training</b>: on the last day of the period (or the reference date when that comes first).',
        'Experiences of parents, volunteers and referrers, and the outcome of a visitation, are not in the registration data: add them yourself.',
      ];
  const privacy = nl
    ? `Aantallen van 1 tot en met ${t - 1} staan er als „&lt;${t}”${pub.suppressZero ? ' (ook een 0 kan zo verborgen zijn)' : ''}; waar zo’n aantal uit een totaal terug te rekenen zou zijn, is ook een ander aantal verborgen („x”). Percentages van verborgen aantallen en gemiddelden over minder dan ${t} trajecten zijn ook verborgen. Deze evaluatie is samen met de jaarverslagen uit dezelfde registratie afgeschermd en gecontroleerd, zoals iemand die al die bestanden naast elkaar legt zou rekenen; een „.” betekent: niet gepubliceerd. Er staan geen namen, nummers of vrije tekst van gezinnen of vrijwilligers in; kernen met minder dan ${t} gezinnen worden niet genoemd.`
    : `Counts from 1 to ${t - 1} are shown as “&lt;${t}”${pub.suppressZero ? ' (a 0 can be hidden that way too)' : ''}; where such a count could be worked out from a total, another count is hidden too (“x”). Percentages of hidden counts and means over fewer than ${t} trajectories are hidden as well. This evaluation is protected together with the annual reports from the same registration data and audited as someone holding all those files side by side would calculate; a “.” means not published. It contains no names, numbers or free text of families or volunteers; localities with fewer than ${t} families are not named.`;
  return `<!DOCTYPE html>
<html lang="${pub.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${T.title} ${pub.siteName} ${period}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(`${T.title} ${pub.siteName}`)}</h1>
<p class="sub">${escapeHtml(period)} · ${escapeHtml(nl ? `peildatum ${dateLabel(pub.referenceDate, 'nl')}` : `reference date ${dateLabel(pub.referenceDate, 'en')}`)}</p>
${synthetic ? `<p class="sub"><strong>${nl ? 'SYNTHETISCHE DATA: gemaakt uit verzonnen voorbeeldgegevens, niet uit echte gezinnen; citeer deze cijfers nooit.' : 'SYNTHETIC DATA: made from invented sample data, not from real families; never quote these figures.'}</strong></p>` : ''}
</header>
<p>${escapeHtml(intro)}</p>
${running}
<div class="key">${tiles}</div>
<p class="note">${legend}</p>
${sec(nl ? 'Overzicht' : 'Overview', tbl('kerncijfers'))}
${sec(nl ? 'Vrijwilligers' : 'Volunteers', `${tbl('vrijwilligers')}\n<div class="grid"><div>${tbl('vrijwilligers-gender')}</div><div>${tbl('vrijwilligers-gestopt')}</div></div>`)}
${sec(nl ? 'De ondersteunde gezinnen' : 'The supported families', `<div class="grid"><div>${tbl('kernen')}</div><div>${tbl('migratie')}</div></div>\n${tbl('verwijzers')}\n${tbl('hulpvragen')}\n${tbl('kinderen')}`)}
${sec(nl ? 'Gezinnen die niet ondersteund zijn' : 'Families not supported', tbl('niet-ondersteund'))}
${sec(nl ? 'Resultaten van de afgesloten trajecten' : 'Results of the closed trajectories', `${tbl('duur')}\n${tbl('doelen')}\n${tbl('doorverwijzing')}`)}
${sec(nl ? 'Hoe deze cijfers geteld zijn' : 'How these figures are counted', `<ul class="how">${how.map((li) => `<li>${li}</li>`).join('\n')}</ul>`)}
${sec(nl ? 'Privacy: kleine aantallen' : 'Privacy: small numbers', `<p class="privacy">${privacy}</p><p class="note">${escapeHtml(nl ? 'Alle tabellen staan ook als CSV (map tables/), in één Excel-bestand en als JSON naast deze evaluatie.' : 'Every table is also available as CSV (folder tables/), in one Excel workbook and as JSON next to this evaluation.')}</p>`)}
<footer>${escapeHtml(nl ? 'Gemaakt met homestart-impact' : 'Made with homestart-impact')} · Home-Start ${escapeHtml(pub.siteName)} · ${escapeHtml(period)}</footer>
</main>
</body>
</html>
`;
}

export interface WriteLocalEvaluationOptions extends PublishLocalOptions {
  outDir: string;
  /** The figures come from synthetic data: the report says so under its title. */
  synthetic?: boolean;
  onStep?: (step: string) => void;
}

export interface WrittenLocalEvaluation extends PublicationFiles {
  published: PublishedLocalEvaluation;
}

/**
 * File stem of a local evaluation: `lokale-evaluatie-2018-03-01_2021-06-30-site-dlf` (nl) or
 * `local-evaluation-…` (en), so it never mixes with the annual and period reports in one folder.
 * @example localEvaluationFileStem('DLF', { from: '2018-03-01', to: '2021-06-30' }, 'nl') // 'lokale-evaluatie-2018-03-01_2021-06-30-site-dlf'
 */
export function localEvaluationFileStem(siteId: string, period: ImpactPeriod, lang: ReportLang): string {
  return `${lang === 'nl' ? 'lokale-evaluatie' : 'local-evaluation'}-${periodKey(period)}-${scopeSlug({ level: 'site', siteId })}`;
}

/**
 * Writes a local evaluation: `<stem>.html` (self-contained), `<stem>.xlsx`, `<stem>.json` and
 * `tables/<id>-<from>_<to>-site-<id>.csv`, each atomically. `decisions` must come from the publication
 * set that holds this evaluation (see the `evaluation` command); it refuses when that set did not pass
 * the audit. Without decisions it is a preview protected on its own.
 */
export function writeLocalEvaluation(ev: LocalEvaluation, options: WriteLocalEvaluationOptions): WrittenLocalEvaluation {
  if (options.decisions && options.decisions.unprotected > 0) {
    throw new StatsError(`publication refused: ${options.decisions.unprotected} hidden count(s) of the publication set are not protected; no file was written.`);
  }
  const lang = options.lang ?? 'nl';
  const pub = publishLocalEvaluation(ev, options);
  const stem = localEvaluationFileStem(ev.siteId, { from: ev.from, to: ev.to }, lang);
  const suffix = stem.slice(stem.indexOf('-', lang === 'nl' ? 'lokale-'.length : 'local-'.length));
  const files = writePublicationFiles(options.outDir, stem, localEvaluationHtml(pub, options.synthetic ?? false), publicationFileBytes(options.outDir, suffix, pub.tables, publishedLocalJson(pub)), options.onStep);
  return { ...files, published: pub };
}
