/**
 * Impact figures of Home-Start sites from registration data over any period: the counts a local
 * evaluation (Dalfsen, 1 March 2018 – 30 June 2021) and the national office (a calendar year)
 * publish, and the family profile percentages of the Flanders yearly profile. One period — a
 * calendar year is the period 1 January – 31 December — with the previous period of equal length
 * beside it, the period per calendar year, every earlier year in the data (for "families over the
 * years") and a per-region / per-site breakdown of the key counts, for one scope (national, a region
 * or a site).
 *
 * Every count is defined precisely below (see {@link PeriodFigures}); dates are ISO `YYYY-MM-DD` and
 * compared as calendar days, both ends of a period inclusive (docs/impact-figures.md). Raw figures
 * contain exact counts, including small ones: publish them only through `publishFigures`
 * (suppression.ts), never directly.
 */
import { quantileSorted } from '../stats/moments.js';
import { StatsError } from '../stats/result.js';
import { registrationCodes, type RegistrationCategories } from './labels.js';
import type { Family, RegistrationData, Site, Trajectory, Volunteer } from './types.js';

// ---------------------------------------------------------------------------------------------
// Options and scope

/** Which part of the organisation the figures describe. */
export type ImpactScope = { level: 'national' } | { level: 'region'; region: string } | { level: 'site'; siteId: string };

export interface ImpactFiguresOptions {
  /**
   * The calendar year reported on (the previous year is computed beside it): the same as
   * `period: yearPeriod(year)`. Give `year` or `period`, not both.
   */
  year?: number;
  /**
   * The period reported on, both ends inclusive (e.g. `parsePeriod('2018-03..2021-06')`). The
   * previous period of equal length is computed beside it (see {@link previousPeriod}) and the
   * period is broken down per calendar year ({@link ImpactFigures.years}).
   */
  period?: ImpactPeriod;
  /** National (default), one region, or one site. */
  scope?: ImpactScope;
  /**
   * Hours a volunteer spends with a family per week of a running trajectory: one part of a day
   * ("een dagdeel", 2.5–3 h; domain brief §1). Default 3.
   */
  volunteerHoursPerWeek?: number;
  /**
   * The date the data were extracted ("peildatum"). Records dated after it are ignored, and a period
   * that is not over on this date is *running*: marked `partial`, every figure counted up to the
   * reference date only (its "at the end" counts are taken on the reference date). Default: the latest
   * date found anywhere in the data (so the function stays pure and reproducible, and a running period
   * is never counted beyond what the data cover).
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
 * Figures of one period P = [from, to] for one scope (a calendar year Y is the period
 * 1-1-Y … 31-12-Y). Definitions (all dates inclusive; "in P" means from ≤ date ≤ to and not after the
 * reference date; the *end date* of P is `to`, or the reference date when that comes first — a period
 * not over on the reference date is *running* and counted up to that day only):
 *
 * Families
 * - `registered`: families whose registration date is in P.
 * - `intake`: of the families registered in P, the intake outcome as recorded (supported,
 *   not supported, pending); `notSupportedByReason` splits "not supported" by reason (`unknown` when
 *   no reason was recorded).
 * - `supported`: families with at least one trajectory running at some time in P: matched on or
 *   before the end date and not ended before `from`. This is "families supported in the period" as
 *   local evaluations count them; a family counts once however many trajectories.
 * - `newlyMatched`: families whose first trajectory's match date is in P.
 * - `activeAtYearEnd` (active at the end of P): families with a trajectory matched on or before the
 *   end date and not ended before it. A trajectory that ends on the last day counts as active that day
 *   (it was still running) *and* as closed in P.
 * - `closed`: trajectories whose end date is in P (trajectories, not families). A trajectory ending on
 *   `from` (e.g. 1 January) is closed in P and supported in P.
 * - `childrenReached`: the sum of `childrenCount` over the supported families;
 *   `childrenByAge` bands the recorded ages of those children.
 * - `supportedByLocality`: the supported families by their recorded locality (village or district;
 *   `unknown` for a family without one). Keys are every locality of the scope's families, so both
 *   years list the same villages; empty when no family in scope has a locality. Families found only
 *   in the trajectories file are in `supported` but in no locality.
 *
 * Closed trajectories (the `closed` trajectories of P)
 * - `duration`: months from match to end date, (end − match in days) / 30.4375; median and
 *   quartiles with R's default `quantile(type = 7)`.
 * - `endReasons`: counts per end reason (`unknown` when none recorded).
 * - `goalsReached`: yes / partly / no / unknown; percentages of the closed trajectories where it
 *   was recorded.
 * - `referredProfessional`: closed trajectories that ended with reason "referred to professional
 *   care" or whose 3-month follow-up recorded a referral; percentage of all closed trajectories.
 *   Follow-ups of trajectories closed late in P may not have happened yet (`followUpDone` says how
 *   many had by the reference date).
 * - `gas`: closed trajectories with GAS T-scores at start and end.
 *
 * Mixes and profile
 * - `referrers`: referrer of the families registered in P (percent of registered).
 * - `helpQuestions`: families supported in P with each help question. A family can ask several
 *   questions: percentages are of families (base `supported`), not of answers, and add up to more than 100.
 * - `profile`: per flag, supported families with yes among those where the flag is recorded.
 *
 * Volunteers
 * - `registered`: registration date in P; `trained`: training completed in P.
 * - `activeAtYearEnd` (active at the end of P): active from on or before the end date and not stopped
 *   before it (a volunteer stopping on the last day was active that day, and stopped in P).
 * - `activeDuringYear` (active during P): active from on or before the end date, not stopped before `from`.
 * - `inTrainingAtYearEnd` (in training at the end of P): registered on or before the end date,
 *   training not completed by then, not stopped before it (same rule as active).
 * - `notDeployableAtYearEnd`: of the volunteers active at the end of P, those whose availability is
 *   "not deployable". Availability is recorded as it was on the reference date, so this is counted
 *   only when the end date is the reference date and some volunteer in scope has an availability
 *   recorded; otherwise `null` (not known).
 * - `stopped`: stop date in P, `stoppedByReason` per reason.
 * - `genderRegistered` / `genderActive`: gender of the registered and of the active-during-P volunteers.
 * - `familiesPerActiveVolunteer`: `supported` / `activeDuringYear`.
 * - `visitWeeks`: the number of weeks in P that trajectories were running, summed over
 *   trajectories (days of overlap with P up to the end date, / 7); `estimatedHours` =
 *   `visitWeeks` × `volunteerHoursPerWeek` (one part of a day per family per week).
 *
 * Money
 * - `cost`: the budget of the sites in scope that report one and had started by the last day of P,
 *   for the days counted: each site's yearly budget × (days of P in calendar year Y, up to the end
 *   date) / (days in Y), summed over the years (a whole calendar year: the yearly budget), divided
 *   by the families supported in P at those sites. NaN with `costNote` when there is no budget or no
 *   supported family.
 *
 * Which figures add up over a split of P into disjoint parts (e.g. its calendar years): the *flows*
 * `registered`, intake, reasons, referrers, `newlyMatched`, `closed` and every figure of the closed
 * trajectories, volunteers `registered`, `trained`, `stopped` and their breakdowns, `visitWeeks`.
 * The *reach* figures (`supported`, children, help questions, profile, volunteers active during P)
 * count each family or volunteer once over P: over several years they are at most the sum of the
 * yearly figures, usually less. The *end* figures (active / in training at the end) are those of the
 * last part.
 */
export interface PeriodFigures {
  /** The period counted (as asked; when `partial`, counted up to `snapshotDate` only). */
  period: ImpactPeriod;
  /**
   * {@link periodKey} of the period: `2024` for a calendar year, `2018-03-01_2021-06-30` otherwise. It
   * names the period's counts in the disclosure model and the suppression ledger (publication.ts).
   */
  key: string;
  /** The calendar year the period lies in (a whole year or a part of one); null when it spans several years. */
  year: number | null;
  /** The last day of the period, or the reference date when the period was not over (the last day counted). */
  snapshotDate: string;
  /** The period was not over on the reference date (running: counted up to the reference date only). */
  partial: boolean;
  /** Sites in scope that had started by the last day of the period. */
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
    supportedByLocality: Record<string, number>;
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
    /** `null` when not known for this snapshot (see above). */
    notDeployableAtYearEnd: number | null;
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

/** The figures of one calendar year: a {@link PeriodFigures} whose period is that year (the name the annual report started with). */
export type YearFigures = PeriodFigures;

/** One row of {@link ImpactFigures.toRows}. */
export interface ImpactFigureRow {
  /** The calendar year the row's period lies in. */
  year: number;
  /** {@link periodKey} of the row's period: the year (`2024`) or a part of one (`2018-03-01_2018-12-31`). */
  period: string;
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
  /** The previous period; null when the figures have no previous period (see {@link ImpactFigures.previous}). */
  previous: BreakdownCounts | null;
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

/**
 * ISO date of a day number (the inverse of {@link isoDayNumber}; civil-from-days, Hinnant 2013).
 * @example isoFromDayNumber(1) // '1970-01-02'
 */
export function isoFromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Periods

/**
 * A reporting period: every day from `from` to `to`, both inclusive (ISO `YYYY-MM-DD`). A calendar
 * year Y is the period `Y-01-01`…`Y-12-31` ({@link yearPeriod}); a local evaluation's period is any
 * other (seed 002: `2018-03-01`…`2021-06-30`). Parse one from text with {@link parsePeriod}.
 */
export interface ImpactPeriod {
  from: string;
  to: string;
}

/**
 * The calendar year Y as a period.
 * @example yearPeriod(2024) // { from: '2024-01-01', to: '2024-12-31' }
 */
export function yearPeriod(year: number): ImpactPeriod {
  if (!Number.isInteger(year) || year < 1900 || year > 2999) throw new StatsError(`year must be a calendar year like 2024, got ${year}.`);
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The period checked: both dates valid, `from` not after `to`. Throws a sentence otherwise. */
export function checkPeriod(period: ImpactPeriod): ImpactPeriod {
  const { from, to } = period ?? ({} as ImpactPeriod);
  if (!(/^\d{4}-\d{2}-\d{2}$/.test(from ?? '') && Number.isFinite(isoDayNumber(from)))) throw new StatsError(`the period's first day must be a date YYYY-MM-DD, got "${from}".`);
  if (!(/^\d{4}-\d{2}-\d{2}$/.test(to ?? '') && Number.isFinite(isoDayNumber(to)))) throw new StatsError(`the period's last day must be a date YYYY-MM-DD, got "${to}".`);
  if (from > to) throw new StatsError(`the period ${from} to ${to} ends before it starts.`);
  if (+from.slice(0, 4) < 1900) throw new StatsError(`the period must start in 1900 or later, got ${from}.`);
  return { from, to };
}

function lastDayOfMonth(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Reads a period from text, as the `report` command's `--period` takes it:
 * - `2024`: the calendar year;
 * - `2018-2021`: whole calendar years, 1-1-2018 to 31-12-2021;
 * - `2018-03..2021-06`: whole months, 1-3-2018 to 30-6-2021;
 * - `2018-03-01..2021-06-30`: days; the two sides may mix (`2018-03..2021`): a left side is read as
 *   its first day, a right side as its last.
 *
 * Throws a `StatsError` sentence for anything else, an impossible date, or a period that ends before it starts.
 * @example parsePeriod('2018-03..2021-06') // { from: '2018-03-01', to: '2021-06-30' }
 * @example parsePeriod('2018-2021') // { from: '2018-01-01', to: '2021-12-31' }
 */
export function parsePeriod(text: string): ImpactPeriod {
  const t = String(text ?? '').trim();
  const usage = `"${t}" is not a period; write 2024, 2018-2021, 2018-03..2021-06 or 2018-03-01..2021-06-30.`;
  const years = /^(\d{4})(?:-(\d{4}))?$/.exec(t);
  if (years) return checkPeriod({ from: `${years[1]}-01-01`, to: `${years[2] ?? years[1]}-12-31` });
  const sides = t.split('..');
  if (sides.length !== 2) throw new StatsError(usage);
  const side = (x: string, end: boolean): string => {
    const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(x.trim());
    if (!m) throw new StatsError(usage);
    const y = +m[1];
    if (m[3] !== undefined) {
      const iso = `${m[1]}-${m[2]}-${m[3]}`;
      if (!Number.isFinite(isoDayNumber(iso))) throw new StatsError(`${iso} in the period "${t}" is not a date.`);
      return iso;
    }
    if (m[2] !== undefined) {
      const mo = +m[2];
      if (mo < 1 || mo > 12) throw new StatsError(`${m[1]}-${m[2]} in the period "${t}" is not a month.`);
      return `${m[1]}-${m[2]}-${end ? String(lastDayOfMonth(y, mo)).padStart(2, '0') : '01'}`;
    }
    return end ? `${m[1]}-12-31` : `${m[1]}-01-01`;
  };
  return checkPeriod({ from: side(sides[0], false), to: side(sides[1], true) });
}

/**
 * The calendar year a period is exactly, else null.
 * @example periodYear({ from: '2024-01-01', to: '2024-12-31' }) // 2024
 */
export function periodYear(period: ImpactPeriod): number | null {
  const y = period.from.slice(0, 4);
  return period.from === `${y}-01-01` && period.to === `${y}-12-31` ? +y : null;
}

/**
 * The period's key: the year for a calendar year (`2024`, as in the annual report and in every
 * suppression ledger written before periods existed), otherwise `<from>_<to>`. File-safe; it names the
 * period's counts in the disclosure model (`<scope>|<key>|<measure>`, publication.ts).
 * @example periodKey({ from: '2018-03-01', to: '2021-06-30' }) // '2018-03-01_2021-06-30'
 */
export function periodKey(period: ImpactPeriod): string {
  const y = periodYear(period);
  return y !== null ? String(y) : `${period.from}_${period.to}`;
}

/**
 * The period of a {@link periodKey} (a year `2024` or `<from>_<to>`); null when the text is not a key.
 * @example keyPeriod('2024') // { from: '2024-01-01', to: '2024-12-31' }
 */
export function keyPeriod(key: string): ImpactPeriod | null {
  if (/^\d{4}$/.test(key)) return { from: `${key}-01-01`, to: `${key}-12-31` };
  const m = /^(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (!m || !Number.isFinite(isoDayNumber(m[1])) || !Number.isFinite(isoDayNumber(m[2])) || m[1] > m[2]) return null;
  return { from: m[1], to: m[2] };
}

/** Number of days of a period (both ends inclusive). */
export function periodDays(period: ImpactPeriod): number {
  return isoDayNumber(period.to) - isoDayNumber(period.from) + 1;
}

/** Whole months (first day of a month to the last day of a month): the number of months, else null. */
function wholeMonths(period: ImpactPeriod): number | null {
  const [fy, fm, fd] = period.from.split('-').map(Number);
  const [ty, tm, td] = period.to.split('-').map(Number);
  if (fd !== 1 || td !== lastDayOfMonth(ty, tm)) return null;
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/**
 * The previous period of equal length, ending the day before `from`. A period of whole months
 * (whole years included) moves back by its number of months (`2018-03..2021-06` → `2014-11..2018-02`,
 * `2024` → `2023`); any other period by its number of days.
 * @example previousPeriod({ from: '2018-03-01', to: '2021-06-30' }) // { from: '2014-11-01', to: '2018-02-28' }
 */
export function previousPeriod(period: ImpactPeriod): ImpactPeriod {
  const n = wholeMonths(period);
  if (n !== null) {
    const [fy, fm] = period.from.split('-').map(Number);
    const start = fy * 12 + (fm - 1) - n;
    const end = fy * 12 + (fm - 1) - 1;
    const ym = (k: number) => [Math.floor(k / 12), (k % 12) + 1];
    const [sy, sm] = ym(start);
    const [ey, em] = ym(end);
    const pad = (x: number) => String(x).padStart(2, '0');
    return { from: `${sy}-${pad(sm)}-01`, to: `${ey}-${pad(em)}-${pad(lastDayOfMonth(ey, em))}` };
  }
  const from = isoDayNumber(period.from);
  const days = periodDays(period);
  return { from: isoFromDayNumber(from - days), to: isoFromDayNumber(from - 1) };
}

/**
 * The period split at calendar-year boundaries: one part per calendar year it touches, oldest first
 * (a whole year where the period covers it, else the part of that year inside the period).
 * @example periodYearParts({ from: '2018-03-01', to: '2019-06-30' }) // [{ from: '2018-03-01', to: '2018-12-31' }, { from: '2019-01-01', to: '2019-06-30' }]
 */
export function periodYearParts(period: ImpactPeriod): ImpactPeriod[] {
  const parts: ImpactPeriod[] = [];
  const y0 = +period.from.slice(0, 4);
  const y1 = +period.to.slice(0, 4);
  for (let y = y0; y <= y1; y++) {
    parts.push({ from: y === y0 ? period.from : `${y}-01-01`, to: y === y1 ? period.to : `${y}-12-31` });
  }
  return parts;
}

const MONTHS = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
} as const;

/**
 * A period as a reader writes it, in Dutch or English: `2024`; whole years `2018–2021`; whole months
 * `maart 2018 – juni 2021` / `March 2018 – June 2021` (one month: `maart 2018`); otherwise days
 * `1 maart 2018 – 15 juni 2021`.
 * @example periodLabel({ from: '2018-03-01', to: '2021-06-30' }, 'nl') // 'maart 2018 – juni 2021'
 */
export function periodLabel(period: ImpactPeriod, lang: 'nl' | 'en' = 'nl'): string {
  // a publication set labels the same few periods in every column of every table: made once each
  const key = `${period.from}|${period.to}|${lang}`;
  let label = PERIOD_LABELS.get(key);
  if (label === undefined) {
    if (PERIOD_LABELS.size >= 4096) PERIOD_LABELS.clear();
    PERIOD_LABELS.set(key, (label = makePeriodLabel(period, lang)));
  }
  return label;
}

/** Labels made by {@link periodLabel}, by period and language (forgotten after 4,096). */
const PERIOD_LABELS = new Map<string, string>();

function makePeriodLabel(period: ImpactPeriod, lang: 'nl' | 'en'): string {
  const [fy, fm, fd] = period.from.split('-').map(Number);
  const [ty, tm, td] = period.to.split('-').map(Number);
  const names = MONTHS[lang];
  const months = wholeMonths(period);
  if (months !== null && fm === 1 && tm === 12) return fy === ty ? String(fy) : `${fy}–${ty}`;
  if (months !== null) return months === 1 ? `${names[fm - 1]} ${fy}` : `${names[fm - 1]} ${fy} – ${names[tm - 1]} ${ty}`;
  return `${fd} ${names[fm - 1]} ${fy} – ${td} ${names[tm - 1]} ${ty}`;
}

/**
 * A date as a reader writes it: `30 juni 2021` / `30 June 2021`.
 * @example dateLabel('2021-06-30', 'en') // '30 June 2021'
 */
export function dateLabel(iso: string, lang: 'nl' | 'en' = 'nl'): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${MONTHS[lang][m - 1]} ${y}`;
}

/** `outer` contains every day of `inner`. */
export function periodContains(outer: ImpactPeriod, inner: ImpactPeriod): boolean {
  return outer.from <= inner.from && inner.to <= outer.to;
}

// ---------------------------------------------------------------------------------------------
// Index (built once per data object, cached)

/**
 * A trajectory with its dates as day numbers (NaN when absent) and its family as an index, and what the closed
 * counts read of it (copied from the record once: the counting passes then read one object per record, which lies
 * in memory beside the others of its slice, not two).
 */
interface TrajRec {
  t: Trajectory;
  match: number;
  end: number;
  fam: number;
  /** The end reason, 'unknown' when not recorded. */
  endReason: string;
  goalsReached: Trajectory['goalsReached'];
  /** Ended by a referral to a professional, or referred at the follow-up. */
  referred: boolean;
  followUpDate: string | null;
}
interface FamRec {
  f: Family;
  reg: number;
  fam: number;
  /** What the registered and supported-family counts read of the record, worked out once (see {@link famRec}). */
  intakeOutcome: Family['intakeOutcome'];
  /** The reason not supported, 'unknown' when not recorded. */
  notSupportedReason: string;
  referrer: Family['referrer'];
  childrenCount: number;
  /** The locality, 'unknown' when not recorded. */
  locality: string;
  site: number;
  /** The help questions, each once, in the order first given. */
  questions: string[];
  /** The age bands of the children ({@link CHILD_AGE_BANDS}, one index per child; most families have a few). */
  bands: number[];
  /** Bit k: profile flag k ({@link PROFILE_FLAGS}) is recorded; in `yes`: recorded as yes. */
  known: number;
  yes: number;
}
interface VolRec {
  v: Volunteer;
  reg: number;
  trained: number;
  active: number;
  stop: number;
  /** Gender and stop reason, 'unknown' when not recorded; availability 'not-deployable'. */
  gender: string;
  stopReason: string;
  notDeployable: boolean;
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
  /** Ordinal of each site id (sites file and families file): index of the per-site counters of a period. */
  siteOrdinal: Map<string, number>;
  /** Latest date anywhere in the data ('1970-01-01' when there is none). */
  latestDate: string;
  /** The data hold at least one date. */
  hasDates: boolean;
  earliestYear: number;
}

const INDEX_CACHE = new WeakMap<RegistrationData, RegistrationIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A family record of the index, with what the supported-family counts read worked out once per data object. */
function famRec(f: Family, reg: number, fam: number, site: number): FamRec {
  const bands = f.childrenAges.map(ageBandIndex);
  let known = 0;
  let yes = 0;
  PROFILE_FLAGS.forEach((flag, k) => {
    const v = f[flag];
    if (v === null || v === undefined) return;
    known |= 1 << k;
    if (v) yes |= 1 << k;
  });
  return {
    f,
    reg,
    fam,
    intakeOutcome: f.intakeOutcome,
    notSupportedReason: f.notSupportedReason ?? 'unknown',
    referrer: f.referrer,
    childrenCount: f.childrenCount,
    locality: f.locality ?? 'unknown',
    site,
    questions: f.helpQuestions.length > 1 ? [...new Set<string>(f.helpQuestions)] : f.helpQuestions,
    bands,
    known,
    yes,
  };
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
  const siteIds = new Map<string, number>();
  const siteIndex = (id: string): number => {
    let i = siteIds.get(id);
    if (i === undefined) siteIds.set(id, (i = siteIds.size));
    return i;
  };
  for (const s of data.sites) siteIndex(s.siteId);
  let latest = '';
  let earliest = '9999';
  const see = (d: string | null) => {
    if (d && d > latest) latest = d;
  };
  for (const f of data.families) {
    push(familiesBySite, f.siteId, famRec(f, isoDayNumber(f.registrationDate), famIndex(f.familyId), siteIndex(f.siteId)));
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
      gender: v.gender ?? 'unknown',
      stopReason: v.stopReason ?? 'unknown',
      notDeployable: v.availability === 'not-deployable',
    });
    see(v.registrationDate);
    see(v.trainingCompletedDate);
    see(v.activeFrom);
    see(v.stopDate);
  }
  const trajRecs: TrajRec[] = [];
  for (const t of data.trajectories) {
    const rec: TrajRec = {
      t,
      match: isoDayNumber(t.matchDate),
      end: isoDayNumber(t.endDate),
      fam: famIndex(t.familyId),
      endReason: t.endReason ?? 'unknown',
      goalsReached: t.goalsReached,
      referred: t.endReason === 'referred-professional' || t.followUpReferred === true,
      followUpDate: t.followUpDate,
    };
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
    siteOrdinal: siteIds,
    latestDate: latest || '1970-01-01',
    hasDates: latest !== '',
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
  /** The period figures computed on this slice, by period, reference date and hours (see {@link slicePeriodFigures}). */
  figures: Map<string, PeriodFigures>;
  /** The localities of the slice's families, sorted (Dutch collation), and whether some family has none. */
  localities: string[];
  withoutLocality: boolean;
  /** Some volunteer of the slice has an availability recorded. */
  availability: boolean;
}

/** The slices of each index by their list of site ids (`*`: every site), built once per data object. */
const SLICE_CACHE = new WeakMap<RegistrationIndex, Map<string, Slice>>();

/**
 * The records of a set of sites, gathered once per data object and list of sites: the national set,
 * a region's and a site's publication and every breakdown row of a run share one slice each.
 */
function sliceFor(index: RegistrationIndex, siteIds: string[] | null): Slice {
  let slices = SLICE_CACHE.get(index);
  if (!slices) SLICE_CACHE.set(index, (slices = new Map()));
  const key = siteIds === null ? '*' : siteIds.join('\u0000');
  const cached = slices.get(key);
  if (cached) return cached;
  const s: Slice = { index, sites: [], families: [], volunteers: [], trajectories: [], figures: new Map(), localities: [], withoutLocality: false, availability: false };
  slices.set(key, s);
  const ids = siteIds ?? [...new Set([...index.sites.keys(), ...index.familiesBySite.keys(), ...index.volunteersBySite.keys(), ...index.trajectoriesBySite.keys()])];
  for (const id of ids) {
    const site = index.sites.get(id);
    if (site) s.sites.push(site);
    for (const f of index.familiesBySite.get(id) ?? []) s.families.push(f);
    for (const v of index.volunteersBySite.get(id) ?? []) s.volunteers.push(v);
    for (const t of index.trajectoriesBySite.get(id) ?? []) s.trajectories.push(t);
  }
  const localities = new Set<string>();
  for (const { f } of s.families) {
    if (f.locality) localities.add(f.locality);
    else s.withoutLocality = true;
  }
  s.localities = [...localities].sort((a, b) => a.localeCompare(b, 'nl'));
  s.availability = s.volunteers.some((r) => r.v.availability);
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

/** The index in {@link CHILD_AGE_BANDS} of an age in whole years. */
function ageBandIndex(age: number): number {
  if (age <= 0) return 0;
  if (age <= 3) return 1;
  if (age <= 6) return 2;
  if (age <= 12) return 3;
  return 4;
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
 * The {@link PeriodFigures} of a slice over periods, computed once per data object: a publication
 * set counts the same site and year in the site's own history, its region's and the national site
 * list, and as next year's previous year. The figures are plain data that nothing changes afterwards,
 * so every {@link ImpactFigures} of the set shares them. The periods not counted yet are counted
 * together, in one pass over the slice's records ({@link periodsFigures}).
 */
function slicePeriodFigures(slice: Slice, periods: readonly ImpactPeriod[], referenceDate: string, hoursPerWeek: number): PeriodFigures[] {
  const keys = periods.map((p) => `${p.from}|${p.to}|${referenceDate}|${hoursPerWeek}`);
  const missing: ImpactPeriod[] = [];
  const missingKeys: string[] = [];
  for (let i = 0; i < periods.length; i++) {
    if (slice.figures.has(keys[i]) || missingKeys.includes(keys[i])) continue;
    missing.push(periods[i]);
    missingKeys.push(keys[i]);
  }
  if (missing.length) {
    const counted = periodsFigures(slice, missing, referenceDate, hoursPerWeek);
    for (let i = 0; i < missing.length; i++) slice.figures.set(missingKeys[i], counted[i]);
  }
  return keys.map((k) => slice.figures.get(k)!);
}

/** Periods counted in one pass: each has two bits of a family's mark (supported, active on its last day). */
const PERIODS_PER_PASS = 16;

const MARKS = new WeakMap<RegistrationIndex, Int32Array>();
const MARKS_IN_USE = new WeakSet<Int32Array>();

/**
 * One mark per family of the index (which families each period of a pass counted), all 0: one array
 * per data object instead of one per period and slice (a site's period would otherwise allocate a mark
 * for every family of the nation). The caller sets marks only on its slice's trajectories' families and
 * clears them again.
 */
function markScratch(index: RegistrationIndex): Int32Array {
  let m = MARKS.get(index);
  if (!m) MARKS.set(index, (m = new Int32Array(index.familyIds)));
  else if (MARKS_IN_USE.has(m)) m.fill(0); // an earlier count stopped half-way (it threw): start clean
  MARKS_IN_USE.add(m);
  return m;
}

/** What {@link periodsFigures} counts of one period while it passes over the records. */
interface PeriodTally {
  period: ImpactPeriod;
  /** Last day counted (the period's end, or the reference date in a running period). */
  snapshot: string;
  /** Day numbers of the first and the last day counted. */
  from: number;
  to: number;
  intake: PeriodFigures['families']['intake'];
  notSupportedByReason: Record<string, number>;
  referrers: Record<string, number>;
  registered: number;
  supported: number;
  active: number;
  newlyMatched: number;
  endReasons: Record<string, number>;
  goals: PeriodFigures['closed']['goalsReached'];
  durations: number[];
  gasPairs: Array<[number, number]>;
  closed: number;
  referred: number;
  followUpDone: number;
  visitDays: number;
  helpCounts: Record<string, number>;
  supportedByLocality: Record<string, number>;
  ages: Int32Array;
  flagKnown: Int32Array;
  flagYes: Int32Array;
  childrenReached: number;
  withoutQuestion: number;
  supportedFamilies: number;
  supportedBySite: Int32Array;
  /** The counted volunteer figures of {@link PeriodFigures} (the rates and hours are derived from them). */
  vol: Omit<PeriodFigures['volunteers'], 'familiesPerActiveVolunteer' | 'visitWeeks' | 'estimatedHours'>;
}

function periodTally(slice: Slice, period: ImpactPeriod, referenceDate: string): PeriodTally {
  const cats = slice.index.data.categories; // an office's category lists, when the data were read with them
  const snapshot = period.to < referenceDate ? period.to : referenceDate;
  const vol = {
    registered: 0,
    trained: 0,
    activeAtYearEnd: 0,
    activeDuringYear: 0,
    inTrainingAtYearEnd: 0,
    notDeployableAtYearEnd: null as number | null,
    stopped: 0,
    stoppedByReason: zeroCounts(registrationCodes('volunteer-stop-reason', cats), ['unknown']),
    genderRegistered: zeroCounts(registrationCodes('gender', cats), ['unknown']),
    genderActive: zeroCounts(registrationCodes('gender', cats), ['unknown']),
  };
  // availability is the status on the reference date: known only for that snapshot
  if (snapshot === referenceDate && slice.availability) vol.notDeployableAtYearEnd = 0;
  return {
    period,
    snapshot,
    from: isoDayNumber(period.from),
    to: isoDayNumber(snapshot),
    intake: { supported: 0, notSupported: 0, pending: 0 },
    notSupportedByReason: zeroCounts(registrationCodes('not-supported-reason', cats), ['unknown']),
    referrers: zeroCounts(registrationCodes('referrer', cats)),
    registered: 0,
    supported: 0,
    active: 0,
    newlyMatched: 0,
    endReasons: zeroCounts(registrationCodes('end-reason', cats), ['unknown']),
    goals: { yes: 0, partly: 0, no: 0, unknown: 0, known: 0 },
    durations: [],
    gasPairs: [],
    closed: 0,
    referred: 0,
    followUpDone: 0,
    visitDays: 0,
    helpCounts: zeroCounts(registrationCodes('help-question', cats)),
    supportedByLocality: slice.localities.length ? zeroCounts(slice.localities, slice.withoutLocality ? ['unknown'] : []) : {},
    ages: new Int32Array(CHILD_AGE_BANDS.length),
    flagKnown: new Int32Array(PROFILE_FLAGS.length),
    flagYes: new Int32Array(PROFILE_FLAGS.length),
    childrenReached: 0,
    withoutQuestion: 0,
    supportedFamilies: 0,
    supportedBySite: new Int32Array(slice.index.siteOrdinal.size),
    vol,
  };
}

/**
 * Computes {@link PeriodFigures} for periods over a slice of the data (and collects each period's
 * supported families into `supportedSinks[p]`). One pass over the slice's records counts every period
 * (up to {@link PERIODS_PER_PASS} at a time): each record is read once and counted in each period it
 * falls in, in the order of the records, so every period's figures are those of a pass of its own.
 */
function periodsFigures(slice: Slice, periods: readonly ImpactPeriod[], referenceDate: string, hoursPerWeek: number, supportedSinks?: Family[][]): PeriodFigures[] {
  if (periods.length > PERIODS_PER_PASS) {
    const out: PeriodFigures[] = [];
    for (let i = 0; i < periods.length; i += PERIODS_PER_PASS) {
      out.push(...periodsFigures(slice, periods.slice(i, i + PERIODS_PER_PASS), referenceDate, hoursPerWeek, supportedSinks?.slice(i, i + PERIODS_PER_PASS)));
    }
    return out;
  }
  const ref = isoDayNumber(referenceDate);
  const tallies = periods.map((p) => periodTally(slice, p, referenceDate));
  const P = tallies.length;

  // Families registered in the period
  for (const r of slice.families) {
    const reg = r.reg;
    for (let p = 0; p < P; p++) {
      const a = tallies[p];
      if (!(reg >= a.from && reg <= a.to)) continue;
      a.registered++;
      if (r.intakeOutcome === 'supported') a.intake.supported++;
      else if (r.intakeOutcome === 'not-supported') {
        a.intake.notSupported++;
        inc(a.notSupportedByReason, r.notSupportedReason);
      } else a.intake.pending++;
      inc(a.referrers, r.referrer);
    }
  }

  // Trajectories: supported / active / closed families, durations, end reasons, visit weeks
  const mark = markScratch(slice.index); // period p: bit 2p supported, bit 2p + 1 active (all 0 again before returning)
  const firstMatch = slice.index.firstMatch;
  for (const r of slice.trajectories) {
    const end = r.end <= ref ? r.end : NaN; // an end after the reference date is not known yet
    for (let p = 0; p < P; p++) {
      const a = tallies[p];
      const from = a.from;
      const to = a.to;
      if (!(r.match <= to)) continue;
      if (end < from) continue;
      const supportedBit = 1 << (2 * p);
      const activeBit = 1 << (2 * p + 1);
      const m = mark[r.fam];
      if (!(m & supportedBit)) {
        a.supported++;
        mark[r.fam] = m | supportedBit;
        const first = firstMatch[r.fam];
        if (first >= from && first <= to) a.newlyMatched++;
      }
      if (!(end < to) && !(mark[r.fam] & activeBit)) {
        a.active++;
        mark[r.fam] |= activeBit;
      }
      // visit days: overlap of [match, end] with [from, to]
      const lo = r.match > from ? r.match : from;
      const hi = end < to ? end : to;
      if (hi >= lo) a.visitDays += hi - lo + 1;
      if (end <= to) {
        a.closed++;
        const months = (end - r.match) / DAYS_PER_MONTH;
        if (Number.isFinite(months) && months >= 0) a.durations.push(months);
        inc(a.endReasons, r.endReason);
        if (r.goalsReached === null) a.goals.unknown++;
        else {
          a.goals[r.goalsReached]++;
          a.goals.known++;
        }
        if (r.referred) a.referred++;
        if (r.followUpDate !== null && r.followUpDate <= referenceDate) a.followUpDone++;
        const t = r.t;
        if (t.gasBefore !== null && t.gasAfter !== null && Number.isFinite(t.gasBefore) && Number.isFinite(t.gasAfter)) a.gasPairs.push([t.gasBefore, t.gasAfter]);
      }
    }
  }

  // Supported families: children, help questions, profile
  for (const r of slice.families) {
    const m = mark[r.fam];
    if (m === 0) continue;
    for (let p = 0; p < P; p++) {
      if (!((m >> (2 * p)) & 1)) continue;
      const a = tallies[p];
      a.supportedFamilies++;
      supportedSinks?.[p]?.push(r.f);
      a.supportedBySite[r.site]++;
      a.childrenReached += r.childrenCount;
      for (const b of r.bands) a.ages[b]++;
      if (slice.localities.length) inc(a.supportedByLocality, r.locality);
      if (r.questions.length === 0) a.withoutQuestion++;
      for (const q of r.questions) inc(a.helpCounts, q);
      for (let k = 0; r.known >> k; k++) {
        if (!((r.known >> k) & 1)) continue;
        a.flagKnown[k]++;
        if ((r.yes >> k) & 1) a.flagYes[k]++;
      }
    }
  }
  for (const r of slice.trajectories) mark[r.fam] = 0;
  MARKS_IN_USE.delete(mark);
  // Trajectories of families missing from the families file still count as supported families;
  // the help-question and profile percentages use the families found (`helpQuestions.families`).

  // Volunteers
  for (const r of slice.volunteers) {
    const stop = r.stop <= ref ? r.stop : NaN; // NaN: not stopped (as far as known on the reference date)
    for (let p = 0; p < P; p++) {
      const a = tallies[p];
      const vol = a.vol;
      const from = a.from;
      const to = a.to;
      if (r.reg >= from && r.reg <= to) {
        vol.registered++;
        inc(vol.genderRegistered, r.gender);
      }
      if (r.trained >= from && r.trained <= to) vol.trained++;
      if (r.active <= to) {
        if (!(stop < to)) {
          vol.activeAtYearEnd++;
          if (vol.notDeployableAtYearEnd !== null && r.notDeployable) vol.notDeployableAtYearEnd++;
        }
        if (!(stop < from)) {
          vol.activeDuringYear++;
          inc(vol.genderActive, r.gender);
        }
      }
      if (r.reg <= to && !(r.trained <= to) && !(stop < to)) vol.inTrainingAtYearEnd++;
      if (stop >= from && stop <= to) {
        vol.stopped++;
        inc(vol.stoppedByReason, r.stopReason);
      }
    }
  }
  return tallies.map((a) => finishPeriodFigures(slice, a, referenceDate, hoursPerWeek));
}

/** The {@link PeriodFigures} of one period from what {@link periodsFigures} counted: shares, summaries, budgets. */
function finishPeriodFigures(slice: Slice, a: PeriodTally, referenceDate: string, hoursPerWeek: number): PeriodFigures {
  const { period, snapshot, from, to, vol, supported, closed } = a;
  const periodEnd = period.to;
  const childrenByAge = zeroCounts(CHILD_AGE_BANDS);
  CHILD_AGE_BANDS.forEach((b, k) => (childrenByAge[b] = a.ages[k]));
  const profile = {} as Record<ProfileFlag, ProfileShare>;
  PROFILE_FLAGS.forEach((flag, k) => (profile[flag] = { yes: a.flagYes[k], known: a.flagKnown[k], percent: a.flagKnown[k] > 0 ? (a.flagYes[k] / a.flagKnown[k]) * 100 : NaN }));
  const visitWeeks = a.visitDays / 7;

  // Budgets
  let budgetTotal = 0;
  let sitesWithBudget = 0;
  let supportedAtBudgetSites = 0;
  let sitesStarted = 0;
  // the share of a yearly budget that falls in the days counted: days of each calendar year / days in that year
  let budgetYears = 0;
  if (to >= from) {
    for (const part of periodYearParts({ from: period.from, to: snapshot })) {
      const y = part.from.slice(0, 4);
      budgetYears += periodDays(part) / periodDays({ from: `${y}-01-01`, to: `${y}-12-31` });
    }
  }
  for (const s of slice.sites) {
    if (s.startDate > periodEnd) continue;
    sitesStarted++;
    if (s.budget === null || !Number.isFinite(s.budget)) continue;
    sitesWithBudget++;
    budgetTotal += s.budget * budgetYears;
    supportedAtBudgetSites += a.supportedBySite[slice.index.siteOrdinal.get(s.siteId)!];
  }
  let costNote: string | null = null;
  if (sitesWithBudget === 0) costNote = 'no site in scope reports a budget';
  else if (supportedAtBudgetSites === 0) costNote = 'no family was supported at the sites that report a budget';

  const y0 = period.from.slice(0, 4);
  return {
    period: { from: period.from, to: period.to },
    key: periodKey(period),
    year: period.to.slice(0, 4) === y0 ? +y0 : null,
    snapshotDate: snapshot,
    partial: periodEnd > referenceDate,
    sites: sitesStarted,
    families: {
      registered: a.registered,
      intake: a.intake,
      notSupportedByReason: a.notSupportedByReason,
      supported,
      newlyMatched: a.newlyMatched,
      activeAtYearEnd: a.active,
      closed,
      childrenReached: a.childrenReached,
      childrenByAge,
      supportedByLocality: a.supportedByLocality,
    },
    closed: {
      duration: summariseDurations(a.durations),
      endReasons: a.endReasons,
      goalsReached: a.goals,
      referredProfessional: share(a.referred, closed),
      followUpDone: a.followUpDone,
      gas: summariseGas(a.gasPairs),
    },
    referrers: a.referrers,
    helpQuestions: { counts: a.helpCounts, families: a.supportedFamilies, withoutQuestion: a.withoutQuestion },
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

function breakdownCounts(y: PeriodFigures): BreakdownCounts {
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

/**
 * Impact figures for one scope over a period (a calendar year or any other): the period, the previous
 * period of equal length beside it, the period per calendar year, the history of earlier years and a
 * per-region / per-site breakdown.
 */
export class ImpactFigures {
  readonly method = 'Home-Start impact figures from registration data (counts as defined in PeriodFigures)';
  constructor(
    readonly scope: ImpactScope,
    /** Readable name of the scope: "national", the region, or the site's municipality. */
    readonly scopeName: string,
    /** The period reported on, as asked (see `current.partial` for a running period). */
    readonly period: ImpactPeriod,
    readonly referenceDate: string,
    readonly volunteerHoursPerWeek: number,
    readonly current: PeriodFigures,
    /**
     * The previous period of equal length ({@link previousPeriod}); null when the data do not cover it
     * (it starts before 1 January of the first year with a registration in the data).
     */
    readonly previous: PeriodFigures | null,
    /**
     * The period per calendar year ({@link periodYearParts}), oldest first, up to the reference date;
     * for a calendar year just `[current]`. Flows add up over these parts; reach figures do not.
     */
    readonly years: PeriodFigures[],
    /**
     * Every calendar year from `firstYear` to the year before the period starts, then the period's
     * `years` (for a calendar year Y: every year up to and including Y), oldest first.
     */
    readonly history: PeriodFigures[],
    /** Key counts per region (national scope only). */
    readonly regions: BreakdownRow[],
    /** Key counts per site (national and region scope). */
    readonly sites: BreakdownRow[],
    /** The category lists of the data (an office's extension), for labels; absent: the bundled lists. */
    readonly categories?: RegistrationCategories,
  ) {}

  /** The calendar year reported on, or null when the period is not one calendar year. */
  get year(): number | null {
    return periodYear(this.period);
  }

  /** {@link periodKey} of the period (`2024`, or `2018-03-01_2021-06-30`). */
  get key(): string {
    return periodKey(this.period);
  }

  /**
   * Every number of every period of the history as a tidy (long) table: one row per period × figure ×
   * category, e.g. `{ year: 2024, period: '2024', figure: 'families.notSupportedByReason', category: 'language', value: 2 }`
   * (`period` tells a whole year from a part of one).
   * For notebooks and data frames. Raw (unsuppressed) values: for analysis, not for publication.
   * @example f.toRows().find((r) => r.year === 2024 && r.figure === 'families' && r.category === 'supported')?.value // 22
   */
  toRows(): ImpactFigureRow[] {
    const rows: ImpactFigureRow[] = [];
    const walk = (year: number, period: string, path: string[], x: unknown) => {
      if (typeof x === 'number') {
        rows.push({ year, period, figure: path.slice(0, -1).join('.'), category: path[path.length - 1], value: x });
      } else if (x && typeof x === 'object' && !Array.isArray(x)) {
        for (const [k, v] of Object.entries(x)) walk(year, period, [...path, k], v);
      }
    };
    for (const y of this.history) {
      const { year, key, period: _q, snapshotDate: _s, partial: _p, ...rest } = y;
      walk(year ?? +y.period.from.slice(0, 4), key, [], rest);
    }
    return rows;
  }

  /** Plain JSON of every raw figure (unsuppressed: for analysis, not for publication). */
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      scope: this.scope,
      scopeName: this.scopeName,
      period: this.period,
      year: this.year,
      referenceDate: this.referenceDate,
      volunteerHoursPerWeek: this.volunteerHoursPerWeek,
      current: this.current,
      previous: this.previous,
      years: this.years,
      history: this.history,
      regions: this.regions,
      sites: this.sites,
    };
  }
}

/** The options computeFigures and periodFiguresWithFamilies share, checked: scope, hours, index, reference date. */
function figureOptions(data: RegistrationData, options: { scope?: ImpactScope; referenceDate?: string; volunteerHoursPerWeek?: number }): { scope: ImpactScope; hours: number; index: RegistrationIndex; referenceDate: string } {
  const scope: ImpactScope = options.scope ?? { level: 'national' };
  const hours = options.volunteerHoursPerWeek ?? 3;
  if (!(hours >= 0) || !Number.isFinite(hours)) throw new StatsError(`volunteerHoursPerWeek must be a non-negative number, got ${hours}.`);
  const index = indexRegistration(data);
  const referenceDate = options.referenceDate ?? index.latestDate;
  if (!Number.isFinite(isoDayNumber(referenceDate))) throw new StatsError(`referenceDate must be a date YYYY-MM-DD, got "${referenceDate}".`);
  return { scope, hours, index, referenceDate };
}

/**
 * Computes the impact figures of one scope over a period (`period`, or a calendar `year`), with the
 * previous period of equal length beside it, the period per calendar year, and the earlier years.
 *
 * Counting rules are those of {@link PeriodFigures}. Durations are in months (days / 30.4375),
 * median and quartiles as R `quantile(x, c(.25, .5, .75), type = 7)`. One pass over the records of
 * the sites in scope (grouped by site once and cached per data object) counts every period of the
 * scope — the period, the previous one, the earlier years — so the national 10-year history of ~40,000
 * families takes a fraction of a second.
 *
 * A period not over on the reference date is *running*: `current.partial` is true and every figure is
 * counted up to the reference date only (without `referenceDate`: up to the last date in the data).
 * Throws a `StatsError` sentence for an unknown site or region, both or neither of `year` and
 * `period`, or a period that starts after the reference date (there is nothing to count yet).
 *
 * @example
 * // the Dalfsen-sized fixture of tests/impact/figures.fixture.ts
 * const f = computeFigures(data, { year: 2024, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: '2025-03-31' });
 * f.current.families.supported      // 22
 * f.current.families.intake         // { supported: 14, notSupported: 7, pending: 1 }
 * f.current.closed.duration.median  // 11.515… months (R: quantile(type = 7))
 * f.previous?.families.registered   // 9
 * // any period: the same counts over 1 March 2018 – 30 June 2021, per year inside it
 * const e = computeFigures(data, { period: parsePeriod('2018-03..2021-06'), scope: { level: 'site', siteId: 'S-DAL' } });
 * e.years.map((y) => y.key)          // ['2018-03-01_2018-12-31', '2019', '2020', '2021-01-01_2021-06-30']
 */
export function computeFigures(data: RegistrationData, options: ImpactFiguresOptions): ImpactFigures {
  if (options.year !== undefined && options.period !== undefined) throw new StatsError('give a year or a period, not both.');
  if (options.year === undefined && options.period === undefined) throw new StatsError('give the year or the period to report on.');
  const period = options.period !== undefined ? checkPeriod(options.period) : yearPeriod(options.year!);
  const { scope, hours, index, referenceDate } = figureOptions(data, options);
  const what = periodYear(period) !== null ? `year ${periodYear(period)}` : `the period ${period.from} to ${period.to}`;
  if (period.from > referenceDate) {
    const which = options.referenceDate === undefined ? `the last date in the data (${referenceDate}, the default reference date)` : `the reference date ${referenceDate}`;
    throw new StatsError(`${what} starts after ${which}: there are no figures for it yet.`);
  }
  const siteIds = scopeSiteIds(index, scope);
  const slice = sliceFor(index, siteIds);
  const prevPeriod = previousPeriod(period);
  // the previous period where the data cover it: from 1 January of the first year with a registration
  const hasPrevious = !Number.isFinite(index.earliestYear) || prevPeriod.from >= `${index.earliestYear}-01-01`;
  const startYear = +period.from.slice(0, 4);
  const firstYear = Math.min(
    startYear - 1,
    options.firstYear ?? (Number.isFinite(index.earliestYear) ? Math.max(index.earliestYear, startYear - 9) : startYear - 1),
  );
  const parts = periodYear(period) !== null ? [] : periodYearParts(period).filter((p) => p.from <= referenceDate);
  const earlierYears: ImpactPeriod[] = [];
  for (let y = firstYear; y < startYear; y++) earlierYears.push(yearPeriod(y));
  // every period of the scope counted in one pass over its records: the period, the previous one, the
  // period per calendar year and the earlier years
  const counted = slicePeriodFigures(slice, [period, ...(hasPrevious ? [prevPeriod] : []), ...parts, ...earlierYears], referenceDate, hours);
  const current = counted[0];
  const previous = hasPrevious ? counted[1] : null;
  const years = periodYear(period) !== null ? [current] : counted.slice(hasPrevious ? 2 : 1, (hasPrevious ? 2 : 1) + parts.length);
  const history: PeriodFigures[] = counted.slice(counted.length - earlierYears.length);
  history.push(...years);

  // Breakdown per site and per region (current and previous period)
  const siteRows: BreakdownRow[] = [];
  const regionRows: BreakdownRow[] = [];
  const row = (sl: Slice) => {
    const [cur, prev] = slicePeriodFigures(sl, hasPrevious ? [period, prevPeriod] : [period], referenceDate, hours);
    return { current: breakdownCounts(cur), previous: hasPrevious ? breakdownCounts(prev) : null };
  };
  if (scope.level !== 'site') {
    const sitesInScope = siteIds === null ? data.sites : slice.sites;
    for (const s of sitesInScope) {
      siteRows.push({ name: s.municipality, siteId: s.siteId, region: s.region, ...row(sliceFor(index, [s.siteId])) });
    }
    siteRows.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
    if (scope.level === 'national') {
      const regions = [...new Set(data.sites.map((s) => s.region))].sort((a, b) => a.localeCompare(b));
      for (const r of regions) {
        const rs = sliceFor(index, data.sites.filter((s) => s.region === r).map((s) => s.siteId));
        regionRows.push({ name: r, region: r, ...row(rs) });
      }
    }
  }
  const scopeName =
    scope.level === 'national' ? 'national' : scope.level === 'region' ? scope.region : index.sites.get(scope.siteId)!.municipality;
  return new ImpactFigures(scope, scopeName, period, referenceDate, hours, current, previous, years, history, regionRows, siteRows, data.categories);
}

// ---------------------------------------------------------------------------------------------
// A period with its supported families

/**
 * The {@link PeriodFigures} of one scope over `period`, together with the families supported in it
 * (for breakdowns the period figures do not hold, such as the localities of a local evaluation): raw
 * records, never for publication. Same checks as {@link computeFigures}.
 *
 * @example
 * const w = periodFiguresWithFamilies(data, { from: '2018-03-01', to: '2021-06-30' }, { scope: { level: 'site', siteId: 'DLF' }, referenceDate: '2021-06-30' });
 * w.figures.families.supported // 22 on sample-data/registration/local
 */
export function periodFiguresWithFamilies(
  data: RegistrationData,
  period: ImpactPeriod,
  options: { scope?: ImpactScope; referenceDate?: string; volunteerHoursPerWeek?: number } = {},
): { figures: PeriodFigures; supportedFamilies: Family[] } {
  const p = checkPeriod(period);
  const { scope, hours, index, referenceDate } = figureOptions(data, options);
  if (p.from > referenceDate) throw new StatsError(`the period starts (${p.from}) after the reference date ${referenceDate}: there are no figures for it yet.`);
  const slice = sliceFor(index, scopeSiteIds(index, scope));
  const supportedFamilies: Family[] = [];
  const [figures] = periodsFigures(slice, [p], referenceDate, hours, [supportedFamilies]);
  return { figures, supportedFamilies };
}
