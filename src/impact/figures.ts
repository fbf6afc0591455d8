/**
 * Annual impact figures of Home-Start sites from registration data: the counts a local evaluation
 * (Dalfsen 2018–2021) and the national office publish, and the family profile percentages of the
 * Flanders yearly profile. One calendar year with the previous year beside it, for one scope
 * (national, a region or a site), plus every earlier year in the data (for "families over the years")
 * and a per-region / per-site breakdown of the key counts.
 *
 * Every count is defined precisely below (see {@link YearFigures}); dates are ISO `YYYY-MM-DD` and
 * compared as calendar days, both ends of a period inclusive. Raw figures contain exact counts,
 * including small ones: publish them only through `publishFigures` (suppression.ts), never directly.
 */
import { quantileSorted } from '../stats/moments.js';
import { StatsError } from '../stats/result.js';
import { registrationCodes } from './labels.js';
import type { Family, HelpQuestion, RegistrationData, Site, Trajectory, Volunteer } from './types.js';

// ---------------------------------------------------------------------------------------------
// Options and scope

/** Which part of the organisation the figures describe. */
export type ImpactScope = { level: 'national' } | { level: 'region'; region: string } | { level: 'site'; siteId: string };

export interface ImpactFiguresOptions {
  /** The calendar year reported on (the previous year is computed beside it). */
  year: number;
  /** National (default), one region, or one site. */
  scope?: ImpactScope;
  /**
   * Hours a volunteer spends with a family per week of a running trajectory: one part of a day
   * ("een dagdeel", 2.5–3 h; domain brief §1). Default 3.
   */
  volunteerHoursPerWeek?: number;
  /**
   * The date the data were extracted ("peildatum"). Records dated after it are ignored, and a year
   * that is not over on this date is marked `partial` and its "active on 31 December" counts are
   * taken on the reference date instead. Default: the latest date found anywhere in the data (so the
   * function stays pure and reproducible).
   */
  referenceDate?: string;
  /** First year of the history series (default: the first year with a registration, at most 10 years back). */
  firstYear?: number;
}

// ---------------------------------------------------------------------------------------------
// Result shapes

/** A count with its percentage of a stated base (`percent` is NaN when the base is 0). */
export interface CountShare {
  count: number;
  /** count / base × 100. */
  percent: number;
}

/** Five-number style summary of trajectory durations in months. */
export interface DurationSummary {
  /** Closed trajectories with a valid match and end date. */
  n: number;
  mean: number;
  median: number;
  /** First and third quartile (R `quantile(type = 7)`, linear interpolation). */
  q1: number;
  q3: number;
  min: number;
  max: number;
  /** Counts per 3-month bin: `0-3` = [0, 3) months, …, `18+` = 18 months or more. */
  bins: Record<string, number>;
}

export interface GasSummary {
  /** Closed trajectories with both a GAS T-score at the start and at the end. */
  n: number;
  meanBefore: number;
  meanAfter: number;
  /** Families with T ≥ 50 at the end (the expected level of attainment or better). */
  atLeast50: CountShare;
  /** Families whose T-score rose. */
  improved: CountShare;
}

/** Family profile flags (the Flanders profile set plus migration background). */
export const PROFILE_FLAGS = [
  'financialVulnerability',
  'singleParent',
  'startsAroundBirth',
  'psychologicalVulnerability',
  'teenParent',
  'physicalDisability',
  'newcomer',
  'migrationBackground',
] as const;
export type ProfileFlag = (typeof PROFILE_FLAGS)[number];

export interface ProfileShare {
  /** Families with the flag set to yes. */
  yes: number;
  /** Families where the flag is recorded (yes or no): the base of the percentage. */
  known: number;
  /** yes / known × 100 (NaN when nothing is known). */
  percent: number;
}

/** Age bands of children (age at registration in whole years). */
export const CHILD_AGE_BANDS = ['0', '1-3', '4-6', '7-12', '13+'] as const;
export const DURATION_BINS = ['0-3', '3-6', '6-9', '9-12', '12-15', '15-18', '18+'] as const;

/**
 * Figures of one calendar year Y for one scope. Definitions (all dates inclusive; "in Y" means
 * 1 January Y ≤ date ≤ 31 December Y and not after the reference date; the *snapshot date* is
 * 31 December Y, or the reference date when that comes first):
 *
 * Families
 * - `registered`: families whose registration date is in Y.
 * - `intake`: of the families registered in Y, the intake outcome as recorded (supported,
 *   not supported, pending); `notSupportedByReason` splits "not supported" by reason (`unknown` when
 *   no reason was recorded).
 * - `supported`: families with at least one trajectory running at some time in Y: matched on or
 *   before 31-12-Y (and the reference date) and not ended before 1-1-Y. This is "families supported
 *   in the year" as local evaluations count them; a family counts once however many trajectories.
 * - `newlyMatched`: families whose first trajectory's match date is in Y.
 * - `activeAtYearEnd`: families with a trajectory matched on or before the snapshot date and not
 *   ended before it. A trajectory that ends on 31 December counts as active on 31 December (it was
 *   still running that day) *and* as closed in Y.
 * - `closed`: trajectories whose end date is in Y (trajectories, not families).
 * - `childrenReached`: the sum of `childrenCount` over the supported families;
 *   `childrenByAge` bands the recorded ages of those children.
 *
 * Closed trajectories (the `closed` trajectories of Y)
 * - `duration`: months from match to end date, (end − match in days) / 30.4375; median and
 *   quartiles with R's default `quantile(type = 7)`.
 * - `endReasons`: counts per end reason (`unknown` when none recorded).
 * - `goalsReached`: yes / partly / no / unknown; percentages of the closed trajectories where it
 *   was recorded.
 * - `referredProfessional`: closed trajectories that ended with reason "referred to professional
 *   care" or whose 3-month follow-up recorded a referral; percentage of all closed trajectories.
 *   Follow-ups of trajectories closed late in Y may not have happened yet (`followUpDone` says how many had).
 * - `gas`: closed trajectories with GAS T-scores at start and end.
 *
 * Mixes and profile
 * - `referrers`: referrer of the families registered in Y (percent of registered).
 * - `helpQuestions`: families supported in Y with each help question. A family can ask several
 *   questions: percentages are of families (base `supported`), not of answers, and add up to more than 100.
 * - `profile`: per flag, supported families with yes among those where the flag is recorded.
 *
 * Volunteers
 * - `registered`: registration date in Y; `trained`: training completed in Y.
 * - `activeAtYearEnd`: active from on or before the snapshot date and not stopped before it.
 * - `activeDuringYear`: active from on or before 31-12-Y (and the reference date), not stopped before 1-1-Y.
 * - `inTrainingAtYearEnd`: registered on or before the snapshot date, training not completed by
 *   then, not stopped.
 * - `stopped`: stop date in Y, `stoppedByReason` per reason.
 * - `genderRegistered` / `genderActive`: gender of the registered and of the active-during-year volunteers.
 * - `familiesPerActiveVolunteer`: `supported` / `activeDuringYear`.
 * - `visitWeeks`: the number of weeks in Y that trajectories were running, summed over
 *   trajectories (days of overlap with Y up to the snapshot date, / 7); `estimatedHours` =
 *   `visitWeeks` × `volunteerHoursPerWeek` (one part of a day per family per week).
 *
 * Money
 * - `cost`: sum of the yearly budgets of the sites in scope that report one and had started by 31-12-Y,
 *   divided by the families supported in Y at those sites. NaN with `costNote` when there is no budget or
 *   no supported family.
 */
export interface YearFigures {
  year: number;
  /** 31 December of the year, or the reference date when the year was not over. */
  snapshotDate: string;
  /** The year was not over on the reference date. */
  partial: boolean;
  /** Sites in scope that had started by 31 December of the year. */
  sites: number;
  families: {
    registered: number;
    intake: { supported: number; notSupported: number; pending: number };
    notSupportedByReason: Record<string, number>;
    supported: number;
    newlyMatched: number;
    activeAtYearEnd: number;
    closed: number;
    childrenReached: number;
    childrenByAge: Record<string, number>;
  };
  closed: {
    duration: DurationSummary;
    endReasons: Record<string, number>;
    goalsReached: { yes: number; partly: number; no: number; unknown: number; known: number };
    referredProfessional: CountShare;
    followUpDone: number;
    gas: GasSummary;
  };
  referrers: Record<string, number>;
  helpQuestions: { counts: Record<string, number>; families: number; withoutQuestion: number };
  profile: Record<ProfileFlag, ProfileShare>;
  volunteers: {
    registered: number;
    trained: number;
    activeAtYearEnd: number;
    activeDuringYear: number;
    inTrainingAtYearEnd: number;
    stopped: number;
    stoppedByReason: Record<string, number>;
    genderRegistered: Record<string, number>;
    genderActive: Record<string, number>;
    familiesPerActiveVolunteer: number;
    visitWeeks: number;
    estimatedHours: number;
  };
  cost: {
    budgetTotal: number;
    sitesWithBudget: number;
    supportedAtBudgetSites: number;
    costPerSupportedFamily: number;
    costNote: string | null;
  };
}

/** One row of {@link ImpactFigures.toRows}. */
export interface ImpactFigureRow {
  year: number;
  /** Dotted path of the figure group, e.g. `families`, `closed.duration`, `volunteers.stoppedByReason`. */
  figure: string;
  /** The figure or category within the group, e.g. `supported`, `median`, `paid-work`. */
  category: string;
  value: number;
}

/** Key counts of one site or region, for the breakdown tables. */
export interface BreakdownRow {
  /** Region name, or the site's municipality (never a family or volunteer id). */
  name: string;
  /** Only for site rows: the site id, kept for joining; not published by the report. */
  siteId?: string;
  region: string;
  current: BreakdownCounts;
  previous: BreakdownCounts;
}

export interface BreakdownCounts {
  registered: number;
  supported: number;
  notSupported: number;
  activeAtYearEnd: number;
  closed: number;
  volunteersActive: number;
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Average days per month (365.25 / 12), used to express durations in months. */
export const DAYS_PER_MONTH = 30.4375;

/**
 * Day number of an ISO date (days since 1970-01-01); NaN when not a valid `YYYY-MM-DD`.
 * Integer arithmetic on the characters (days-from-civil, Hinnant 2013): no Date objects, so the
 * index of a national data set is built quickly.
 * @example isoDayNumber('1970-01-02') // 1
 */
export function isoDayNumber(iso: string | null | undefined): number {
  if (!iso || iso.length < 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return NaN;
  // (no inner helper function: this runs for every date of a national data set)
  const y0 = (iso.charCodeAt(0) - 48) * 1000 + (iso.charCodeAt(1) - 48) * 100 + (iso.charCodeAt(2) - 48) * 10 + (iso.charCodeAt(3) - 48);
  const m = (iso.charCodeAt(5) - 48) * 10 + (iso.charCodeAt(6) - 48);
  const d = (iso.charCodeAt(8) - 48) * 10 + (iso.charCodeAt(9) - 48);
  if (!(y0 >= 0 && y0 <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return NaN;
  const dim = m === 2 ? ((y0 % 4 === 0 && y0 % 100 !== 0) || y0 % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (d > dim) return NaN;
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

// ---------------------------------------------------------------------------------------------
// Index (built once per data object, cached)

/** A trajectory with its dates as day numbers (NaN when absent) and its family as an index. */
interface TrajRec {
  t: Trajectory;
  match: number;
  end: number;
  fam: number;
}
interface FamRec {
  f: Family;
  reg: number;
  fam: number;
}
interface VolRec {
  v: Volunteer;
  reg: number;
  trained: number;
  active: number;
  stop: number;
}

/** The registration data grouped by site, with dates parsed once (built once per data object, cached). */
export interface RegistrationIndex {
  data: RegistrationData;
  sites: Map<string, Site>;
  familiesBySite: Map<string, FamRec[]>;
  volunteersBySite: Map<string, VolRec[]>;
  trajectoriesBySite: Map<string, TrajRec[]>;
  /** Number of distinct family ids (families file and trajectories). */
  familyIds: number;
  /** Day number of each family's first match anywhere (NaN when never matched). */
  firstMatch: Float64Array;
  /** Latest date anywhere in the data. */
  latestDate: string;
  earliestYear: number;
}

const INDEX_CACHE = new WeakMap<RegistrationData, RegistrationIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Groups the registration data by site in one pass and parses every date once (cached per data object). */
export function indexRegistration(data: RegistrationData): RegistrationIndex {
  const cached = INDEX_CACHE.get(data);
  if (cached) return cached;
  const sites = new Map<string, Site>();
  for (const s of data.sites) sites.set(s.siteId, s);
  const familiesBySite = new Map<string, FamRec[]>();
  const volunteersBySite = new Map<string, VolRec[]>();
  const trajectoriesBySite = new Map<string, TrajRec[]>();
  const famIds = new Map<string, number>();
  const famIndex = (id: string): number => {
    let i = famIds.get(id);
    if (i === undefined) famIds.set(id, (i = famIds.size));
    return i;
  };
  let latest = '';
  let earliest = '9999';
  const see = (d: string | null) => {
    if (d && d > latest) latest = d;
  };
  for (const f of data.families) {
    push(familiesBySite, f.siteId, { f, reg: isoDayNumber(f.registrationDate), fam: famIndex(f.familyId) });
    see(f.registrationDate);
    if (f.registrationDate && f.registrationDate < earliest) earliest = f.registrationDate;
  }
  for (const v of data.volunteers) {
    push(volunteersBySite, v.siteId, {
      v,
      reg: isoDayNumber(v.registrationDate),
      trained: isoDayNumber(v.trainingCompletedDate),
      active: isoDayNumber(v.activeFrom),
      stop: isoDayNumber(v.stopDate),
    });
    see(v.registrationDate);
    see(v.trainingCompletedDate);
    see(v.activeFrom);
    see(v.stopDate);
  }
  const trajRecs: TrajRec[] = [];
  for (const t of data.trajectories) {
    const rec = { t, match: isoDayNumber(t.matchDate), end: isoDayNumber(t.endDate), fam: famIndex(t.familyId) };
    trajRecs.push(rec);
    push(trajectoriesBySite, t.siteId, rec);
    see(t.matchDate);
    see(t.endDate);
    see(t.followUpDate);
  }
  const firstMatch = new Float64Array(famIds.size).fill(NaN);
  for (const r of trajRecs) {
    const cur = firstMatch[r.fam];
    if (!(cur <= r.match)) firstMatch[r.fam] = r.match;
  }
  const index: RegistrationIndex = {
    data,
    sites,
    familiesBySite,
    volunteersBySite,
    trajectoriesBySite,
    familyIds: famIds.size,
    firstMatch,
    latestDate: latest || '1970-01-01',
    earliestYear: earliest === '9999' ? NaN : +earliest.slice(0, 4),
  };
  INDEX_CACHE.set(data, index);
  return index;
}

/** The records of a set of sites. */
interface Slice {
  index: RegistrationIndex;
  sites: Site[];
  families: FamRec[];
  volunteers: VolRec[];
  trajectories: TrajRec[];
}

function sliceFor(index: RegistrationIndex, siteIds: string[] | null): Slice {
  const s: Slice = { index, sites: [], families: [], volunteers: [], trajectories: [] };
  const ids = siteIds ?? [...new Set([...index.sites.keys(), ...index.familiesBySite.keys(), ...index.volunteersBySite.keys(), ...index.trajectoriesBySite.keys()])];
  for (const id of ids) {
    const site = index.sites.get(id);
    if (site) s.sites.push(site);
    for (const f of index.familiesBySite.get(id) ?? []) s.families.push(f);
    for (const v of index.volunteersBySite.get(id) ?? []) s.volunteers.push(v);
    for (const t of index.trajectoriesBySite.get(id) ?? []) s.trajectories.push(t);
  }
  return s;
}

function scopeSiteIds(index: RegistrationIndex, scope: ImpactScope): string[] | null {
  if (scope.level === 'national') return null;
  if (scope.level === 'site') {
    if (!index.sites.has(scope.siteId)) {
      throw new StatsError(`Site "${scope.siteId}" is not in the sites file; known sites: ${[...index.sites.keys()].slice(0, 10).join(', ')}${index.sites.size > 10 ? ', …' : ''}.`);
    }
    return [scope.siteId];
  }
  const ids = index.data.sites.filter((s) => s.region === scope.region).map((s) => s.siteId);
  if (ids.length === 0) {
    const regions = [...new Set(index.data.sites.map((s) => s.region))].sort();
    throw new StatsError(`Region "${scope.region}" has no sites; regions in the data: ${regions.join(', ')}.`);
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// One year

function zeroCounts(codes: readonly string[], extra: string[] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of codes) out[c] = 0;
  for (const c of extra) out[c] = 0;
  return out;
}

function inc(rec: Record<string, number>, key: string): void {
  rec[key] = (rec[key] ?? 0) + 1;
}

function share(count: number, base: number): CountShare {
  return { count, percent: base > 0 ? (count / base) * 100 : NaN };
}

function ageBand(age: number): string {
  if (age <= 0) return '0';
  if (age <= 3) return '1-3';
  if (age <= 6) return '4-6';
  if (age <= 12) return '7-12';
  return '13+';
}

function durationBin(months: number): string {
  const i = Math.floor(months / 3);
  return i >= DURATION_BINS.length - 1 ? DURATION_BINS[DURATION_BINS.length - 1] : DURATION_BINS[i];
}

function summariseDurations(months: number[]): DurationSummary {
  const bins = zeroCounts(DURATION_BINS);
  for (const m of months) inc(bins, durationBin(m));
  const sorted = Float64Array.from(months).sort();
  const n = sorted.length;
  let total = 0;
  for (const m of months) total += m;
  return {
    n,
    mean: n ? total / n : NaN,
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    min: n ? sorted[0] : NaN,
    max: n ? sorted[n - 1] : NaN,
    bins,
  };
}

/**
 * Computes {@link YearFigures} for one year over a slice of the data; with `window`, for the days
 * `window.from` … `window.to` instead of 1 January … 31 December (every definition of YearFigures
 * with "the year" read as that window; `year` is then the window's first year).
 */
function yearFigures(slice: Slice, year: number, referenceDate: string, hoursPerWeek: number, window?: { from: string; to: string }, supportedSink?: Family[]): YearFigures {
  const yearEnd = window?.to ?? `${year}-12-31`;
  const snapshot = yearEnd < referenceDate ? yearEnd : referenceDate; // last day counted
  const from = isoDayNumber(window?.from ?? `${year}-01-01`);
  const to = isoDayNumber(snapshot);
  const ref = isoDayNumber(referenceDate);
  const inYear = (d: number) => d >= from && d <= to;

  // Families registered in the year
  const intake = { supported: 0, notSupported: 0, pending: 0 };
  const notSupportedByReason = zeroCounts(registrationCodes('not-supported-reason'), ['unknown']);
  const referrers = zeroCounts(registrationCodes('referrer'));
  let registered = 0;
  for (const { f, reg } of slice.families) {
    if (!inYear(reg)) continue;
    registered++;
    if (f.intakeOutcome === 'supported') intake.supported++;
    else if (f.intakeOutcome === 'not-supported') {
      intake.notSupported++;
      inc(notSupportedByReason, f.notSupportedReason ?? 'unknown');
    } else intake.pending++;
    inc(referrers, f.referrer);
  }

  // Trajectories: supported / active / closed families, durations, end reasons, visit weeks
  const mark = new Uint8Array(slice.index.familyIds); // bit 1 supported, bit 2 active, bit 4 newly matched counted
  let supported = 0;
  let active = 0;
  let newlyMatched = 0;
  const endReasons = zeroCounts(registrationCodes('end-reason'), ['unknown']);
  const goals = { yes: 0, partly: 0, no: 0, unknown: 0, known: 0 };
  const durations: number[] = [];
  const gasPairs: Array<[number, number]> = [];
  let closed = 0;
  let referred = 0;
  let followUpDone = 0;
  let visitDays = 0;
  const firstMatch = slice.index.firstMatch;
  for (const r of slice.trajectories) {
    if (!(r.match <= to)) continue;
    const end = r.end <= ref ? r.end : NaN; // an end after the reference date is not known yet
    if (end < from) continue;
    const m = mark[r.fam];
    if (!(m & 1)) {
      supported++;
      mark[r.fam] = m | 1;
      if (inYear(firstMatch[r.fam])) newlyMatched++;
    }
    if (!(end < to) && !(mark[r.fam] & 2)) {
      active++;
      mark[r.fam] |= 2;
    }
    // visit days: overlap of [match, end] with [from, to]
    const a = r.match > from ? r.match : from;
    const b = end < to ? end : to;
    if (b >= a) visitDays += b - a + 1;
    if (end <= to) {
      const t = r.t;
      closed++;
      const months = (end - r.match) / DAYS_PER_MONTH;
      if (Number.isFinite(months) && months >= 0) durations.push(months);
      inc(endReasons, t.endReason ?? 'unknown');
      if (t.goalsReached === null) goals.unknown++;
      else {
        goals[t.goalsReached]++;
        goals.known++;
      }
      if (t.endReason === 'referred-professional' || t.followUpReferred === true) referred++;
      if (t.followUpDate !== null && t.followUpDate <= referenceDate) followUpDone++;
      if (t.gasBefore !== null && t.gasAfter !== null && Number.isFinite(t.gasBefore) && Number.isFinite(t.gasAfter)) gasPairs.push([t.gasBefore, t.gasAfter]);
    }
  }

  // Supported families: children, help questions, profile
  const helpCounts = zeroCounts(registrationCodes('help-question'));
  const childrenByAge = zeroCounts(CHILD_AGE_BANDS);
  const profile = {} as Record<ProfileFlag, ProfileShare>;
  for (const flag of PROFILE_FLAGS) profile[flag] = { yes: 0, known: 0, percent: NaN };
  let childrenReached = 0;
  let withoutQuestion = 0;
  let supportedFamilies = 0;
  const supportedBySite = new Map<string, number>();
  for (const { f, fam } of slice.families) {
    if (!(mark[fam] & 1)) continue;
    supportedFamilies++;
    supportedSink?.push(f);
    supportedBySite.set(f.siteId, (supportedBySite.get(f.siteId) ?? 0) + 1);
    childrenReached += f.childrenCount;
    for (const age of f.childrenAges) inc(childrenByAge, ageBand(age));
    const qs = new Set<HelpQuestion>(f.helpQuestions);
    if (qs.size === 0) withoutQuestion++;
    for (const q of qs) inc(helpCounts, q);
    for (const flag of PROFILE_FLAGS) {
      const v = f[flag];
      if (v === null || v === undefined) continue;
      profile[flag].known++;
      if (v) profile[flag].yes++;
    }
  }
  for (const flag of PROFILE_FLAGS) {
    const p = profile[flag];
    p.percent = p.known > 0 ? (p.yes / p.known) * 100 : NaN;
  }
  // Trajectories of families missing from the families file still count as supported families;
  // the help-question and profile percentages use the families found (`helpQuestions.families`).

  // Volunteers
  const vol = {
    registered: 0,
    trained: 0,
    activeAtYearEnd: 0,
    activeDuringYear: 0,
    inTrainingAtYearEnd: 0,
    stopped: 0,
    stoppedByReason: zeroCounts(registrationCodes('volunteer-stop-reason'), ['unknown']),
    genderRegistered: zeroCounts(registrationCodes('gender'), ['unknown']),
    genderActive: zeroCounts(registrationCodes('gender'), ['unknown']),
  };
  for (const r of slice.volunteers) {
    const v = r.v;
    const stop = r.stop <= ref ? r.stop : NaN; // NaN: not stopped (as far as known on the reference date)
    if (inYear(r.reg)) {
      vol.registered++;
      inc(vol.genderRegistered, v.gender ?? 'unknown');
    }
    if (inYear(r.trained)) vol.trained++;
    if (r.active <= to) {
      if (!(stop < to)) vol.activeAtYearEnd++;
      if (!(stop < from)) {
        vol.activeDuringYear++;
        inc(vol.genderActive, v.gender ?? 'unknown');
      }
    }
    if (r.reg <= to && !(r.trained <= to) && !(stop <= to)) vol.inTrainingAtYearEnd++;
    if (inYear(stop)) {
      vol.stopped++;
      inc(vol.stoppedByReason, v.stopReason ?? 'unknown');
    }
  }
  const visitWeeks = visitDays / 7;

  // Budgets
  let budgetTotal = 0;
  let sitesWithBudget = 0;
  let supportedAtBudgetSites = 0;
  let sitesStarted = 0;
  for (const s of slice.sites) {
    if (s.startDate > yearEnd) continue;
    sitesStarted++;
    if (s.budget === null || !Number.isFinite(s.budget)) continue;
    sitesWithBudget++;
    budgetTotal += s.budget;
    supportedAtBudgetSites += supportedBySite.get(s.siteId) ?? 0;
  }
  let costNote: string | null = null;
  if (sitesWithBudget === 0) costNote = 'no site in scope reports a budget';
  else if (supportedAtBudgetSites === 0) costNote = 'no family was supported at the sites that report a budget';

  return {
    year,
    snapshotDate: snapshot,
    partial: yearEnd > referenceDate,
    sites: sitesStarted,
    families: {
      registered,
      intake,
      notSupportedByReason,
      supported,
      newlyMatched,
      activeAtYearEnd: active,
      closed,
      childrenReached,
      childrenByAge,
    },
    closed: {
      duration: summariseDurations(durations),
      endReasons,
      goalsReached: goals,
      referredProfessional: share(referred, closed),
      followUpDone,
      gas: summariseGas(gasPairs),
    },
    referrers,
    helpQuestions: { counts: helpCounts, families: supportedFamilies, withoutQuestion },
    profile,
    volunteers: {
      ...vol,
      familiesPerActiveVolunteer: vol.activeDuringYear > 0 ? supported / vol.activeDuringYear : NaN,
      visitWeeks,
      estimatedHours: visitWeeks * hoursPerWeek,
    },
    cost: {
      budgetTotal,
      sitesWithBudget,
      supportedAtBudgetSites,
      costPerSupportedFamily: costNote === null ? budgetTotal / supportedAtBudgetSites : NaN,
      costNote,
    },
  };
}

function summariseGas(pairs: Array<[number, number]>): GasSummary {
  const n = pairs.length;
  let sb = 0;
  let sa = 0;
  let hit = 0;
  let up = 0;
  for (const [b, a] of pairs) {
    sb += b;
    sa += a;
    if (a >= 50) hit++;
    if (a > b) up++;
  }
  return { n, meanBefore: n ? sb / n : NaN, meanAfter: n ? sa / n : NaN, atLeast50: share(hit, n), improved: share(up, n) };
}

function breakdownCounts(y: YearFigures): BreakdownCounts {
  return {
    registered: y.families.registered,
    supported: y.families.supported,
    notSupported: y.families.intake.notSupported,
    activeAtYearEnd: y.families.activeAtYearEnd,
    closed: y.families.closed,
    volunteersActive: y.volunteers.activeDuringYear,
  };
}

// ---------------------------------------------------------------------------------------------
// Result

/** Annual impact figures for one scope: the year, the previous year, the history and a breakdown. */
export class ImpactFigures {
  readonly method = 'Home-Start annual impact figures from registration data (counts as defined in YearFigures)';
  constructor(
    readonly scope: ImpactScope,
    /** Readable name of the scope: "national", the region, or the site's municipality. */
    readonly scopeName: string,
    readonly year: number,
    readonly referenceDate: string,
    readonly volunteerHoursPerWeek: number,
    readonly current: YearFigures,
    readonly previous: YearFigures,
    /** Every year from `firstYear` to `year`, oldest first (includes previous and current). */
    readonly history: YearFigures[],
    /** Key counts per region (national scope only). */
    readonly regions: BreakdownRow[],
    /** Key counts per site (national and region scope). */
    readonly sites: BreakdownRow[],
  ) {}

  /**
   * Every number of every year of the history as a tidy (long) table: one row per year × figure ×
   * category, e.g. `{ year: 2024, figure: 'families.notSupportedByReason', category: 'language', value: 2 }`.
   * For notebooks and data frames. Raw (unsuppressed) values: for analysis, not for publication.
   * @example f.toRows().find((r) => r.year === 2024 && r.figure === 'families' && r.category === 'supported')?.value // 22
   */
  toRows(): ImpactFigureRow[] {
    const rows: ImpactFigureRow[] = [];
    const walk = (year: number, path: string[], x: unknown) => {
      if (typeof x === 'number') {
        rows.push({ year, figure: path.slice(0, -1).join('.'), category: path[path.length - 1], value: x });
      } else if (x && typeof x === 'object' && !Array.isArray(x)) {
        for (const [k, v] of Object.entries(x)) walk(year, [...path, k], v);
      }
    };
    for (const y of this.history) {
      const { year, snapshotDate: _s, partial: _p, ...rest } = y;
      walk(year, [], rest);
    }
    return rows;
  }

  /** Plain JSON of every raw figure (unsuppressed: for analysis, not for publication). */
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      scope: this.scope,
      scopeName: this.scopeName,
      year: this.year,
      referenceDate: this.referenceDate,
      volunteerHoursPerWeek: this.volunteerHoursPerWeek,
      current: this.current,
      previous: this.previous,
      history: this.history,
      regions: this.regions,
      sites: this.sites,
    };
  }
}

/**
 * Computes the annual impact figures of one scope for a calendar year and the year before it.
 *
 * Counting rules are those of {@link YearFigures}. Durations are in months (days / 30.4375),
 * median and quartiles as R `quantile(x, c(.25, .5, .75), type = 7)`. All counting is single-pass
 * over the records of the sites in scope (grouped by site once and cached per data object), so the
 * national 10-year history of ~40,000 families takes well under a second.
 *
 * Throws a `StatsError` for an unknown site or region, or a year without any data before the
 * reference date.
 *
 * @example
 * // the Dalfsen-sized fixture of tests/impact/figures.fixture.ts
 * const f = computeFigures(data, { year: 2024, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: '2025-03-31' });
 * f.current.families.supported      // 22
 * f.current.families.intake         // { supported: 14, notSupported: 7, pending: 1 }
 * f.current.closed.duration.median  // 11.515… months (R: quantile(type = 7))
 * f.previous.families.registered    // 9
 */
export function computeFigures(data: RegistrationData, options: ImpactFiguresOptions): ImpactFigures {
  const year = options.year;
  if (!Number.isInteger(year) || year < 1900 || year > 2999) throw new StatsError(`year must be a calendar year like 2024, got ${year}.`);
  const scope: ImpactScope = options.scope ?? { level: 'national' };
  const hours = options.volunteerHoursPerWeek ?? 3;
  if (!(hours >= 0) || !Number.isFinite(hours)) throw new StatsError(`volunteerHoursPerWeek must be a non-negative number, got ${hours}.`);
  const index = indexRegistration(data);
  const referenceDate = options.referenceDate ?? index.latestDate;
  if (!Number.isFinite(isoDayNumber(referenceDate))) throw new StatsError(`referenceDate must be a date YYYY-MM-DD, got "${referenceDate}".`);
  if (`${year}-01-01` > referenceDate) {
    throw new StatsError(`year ${year} starts after the reference date ${referenceDate}: there are no figures for it yet.`);
  }
  const siteIds = scopeSiteIds(index, scope);
  const slice = sliceFor(index, siteIds);
  const firstYear = Math.min(
    year - 1,
    options.firstYear ?? (Number.isFinite(index.earliestYear) ? Math.max(index.earliestYear, year - 9) : year - 1),
  );
  const history: YearFigures[] = [];
  for (let y = firstYear; y <= year; y++) history.push(yearFigures(slice, y, referenceDate, hours));
  const current = history[history.length - 1];
  const previous = history[history.length - 2];

  // Breakdown per site and per region (current and previous year)
  const siteRows: BreakdownRow[] = [];
  const regionRows: BreakdownRow[] = [];
  if (scope.level !== 'site') {
    const sitesInScope = siteIds === null ? data.sites : slice.sites;
    for (const s of sitesInScope) {
      const one = sliceFor(index, [s.siteId]);
      siteRows.push({
        name: s.municipality,
        siteId: s.siteId,
        region: s.region,
        current: breakdownCounts(yearFigures(one, year, referenceDate, hours)),
        previous: breakdownCounts(yearFigures(one, year - 1, referenceDate, hours)),
      });
    }
    siteRows.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
    if (scope.level === 'national') {
      const regions = [...new Set(data.sites.map((s) => s.region))].sort((a, b) => a.localeCompare(b));
      for (const r of regions) {
        const rs = sliceFor(index, data.sites.filter((s) => s.region === r).map((s) => s.siteId));
        regionRows.push({
          name: r,
          region: r,
          current: breakdownCounts(yearFigures(rs, year, referenceDate, hours)),
          previous: breakdownCounts(yearFigures(rs, year - 1, referenceDate, hours)),
        });
      }
    }
  }
  const scopeName =
    scope.level === 'national' ? 'national' : scope.level === 'region' ? scope.region : index.sites.get(scope.siteId)!.municipality;
  return new ImpactFigures(scope, scopeName, year, referenceDate, hours, current, previous, history, regionRows, siteRows);
}

// ---------------------------------------------------------------------------------------------
// Any window of days

/** Options of {@link computeWindowFigures}. */
export interface WindowFiguresOptions {
  /** First day of the window (ISO, inclusive). */
  from: string;
  /** Last day of the window (ISO, inclusive). */
  to: string;
  scope?: ImpactScope;
  referenceDate?: string;
  volunteerHoursPerWeek?: number;
}

/**
 * The figures of {@link YearFigures} over any window of days `from` … `to` (both inclusive) instead
 * of a calendar year: "registered in the year" reads "registered in the window", "active on
 * 31 December" reads "active on the window's last day" (or the reference date when that comes first),
 * and so on. `figures.year` is the window's first year; `partial` says the window ends after the
 * reference date. Also returns the families supported in the window (for breakdowns the year figures
 * do not hold, such as localities): raw records, never for publication.
 *
 * @example
 * const w = computeWindowFigures(data, { from: '2018-03-01', to: '2021-06-30', scope: { level: 'site', siteId: 'DLF' }, referenceDate: '2021-06-30' });
 * w.figures.families.supported // 22 on sample-data/registration/local
 */
export function computeWindowFigures(data: RegistrationData, options: WindowFiguresOptions): { figures: YearFigures; supportedFamilies: Family[] } {
  const { from, to } = options;
  if (!Number.isFinite(isoDayNumber(from)) || !Number.isFinite(isoDayNumber(to))) throw new StatsError(`a period needs two dates YYYY-MM-DD, got "${from}" and "${to}".`);
  if (from > to) throw new StatsError(`the period starts (${from}) after it ends (${to}).`);
  const scope: ImpactScope = options.scope ?? { level: 'national' };
  const hours = options.volunteerHoursPerWeek ?? 3;
  const index = indexRegistration(data);
  const referenceDate = options.referenceDate ?? index.latestDate;
  if (!Number.isFinite(isoDayNumber(referenceDate))) throw new StatsError(`referenceDate must be a date YYYY-MM-DD, got "${referenceDate}".`);
  if (from > referenceDate) throw new StatsError(`the period starts (${from}) after the reference date ${referenceDate}: there are no figures for it yet.`);
  const slice = sliceFor(index, scopeSiteIds(index, scope));
  const supportedFamilies: Family[] = [];
  const figures = yearFigures(slice, Number(from.slice(0, 4)), referenceDate, hours, { from, to }, supportedFamilies);
  return { figures, supportedFamilies };
}
