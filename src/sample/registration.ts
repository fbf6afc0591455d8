/**
 * Synthetic registration data for the national office's yearly figures (issue "Annual impact
 * figures"): a seeded national set (163 sites in 12 regions, 2016–2025, ~4,000 families a year by the
 * end), a Dalfsen-sized local set that reproduces the counts of the published local evaluation
 * (seed 002: March 2018 – June 2021), and a few deliberately broken sets. Everything is drawn with
 * `createRng` (xoshiro128**), so reruns are byte-identical. No real people: municipality names of
 * the national set are invented; ids are codes.
 *
 * Calibration (domain brief §1, seeds 002 and 004; all defaults, not facts about real sites):
 * - referrers ≈ 70% professional (municipality/social team, youth health care, social work, school,
 *   childcare, other care) and ≈ 30% own initiative or family/friends (2011 national profile);
 * - family profile as in Flanders: single parent 45%, financially vulnerable 45%, psychological
 *   vulnerability 44%, starts around birth 30%, physical disability 15%, newcomers 15%, teen
 *   parents 7%;
 * - ≈ 17% not supported after intake, with reasons; trajectory duration log-normal, median ≈ 11.5
 *   months, truncated to 4–18 months; seasonality: fewer registrations in July/August and late
 *   December, few in weekends; sites start in different years and grow for three years;
 * - volunteers recruited as families need them (≈ 87% women), trained before their first match,
 *   some stop after a family or when idle, some never finish training; about 22 active volunteers
 *   per site at the end. Families per volunteer: ≈ 1.4 families served (any trajectory running in
 *   the year) per volunteer active in the year, ≈ 0.8 new matches — the brief's "≈ 1.2" sits between
 *   these two definitions; a busy volunteer with ~11-month trajectories touches about two families
 *   in a calendar year, so a served-based ratio near 1.2 would need many idle volunteers.
 */
import { createRng, type Rng } from '../stats/random.js';
import { toCsv, type CsvCell } from '../util/csv-write.js';
import { registrationLabel, type RegistrationLabelKind } from '../impact/labels.js';
import type {
  Family,
  Gender,
  HelpQuestion,
  NotSupportedReason,
  Referrer,
  RegistrationData,
  Site,
  Trajectory,
  TrajectoryEndReason,
  Volunteer,
  VolunteerStopReason,
} from '../impact/types.js';

/** Seed of the committed national set. */
export const REGISTRATION_SAMPLE_SEED = 20260101;
/** Seed of the committed local (Dalfsen-sized) set. */
export const REGISTRATION_LOCAL_SEED = 2018;

// ---------------------------------------------------------------------------------------------
// Dates as day numbers (UTC)
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86400000;
/** Day number (days since 1970-01-01) of an ISO date. */
function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}
/** ISO date of a day number. */
function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Draws
// ---------------------------------------------------------------------------------------------

function weighted<T extends string>(rng: Rng, table: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, w] of table) total += w;
  let u = rng.next() * total;
  for (const [v, w] of table) {
    u -= w;
    if (u < 0) return v;
  }
  return table[table.length - 1][0];
}

function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 60) return Math.max(0, Math.round(rng.normal(lambda, Math.sqrt(lambda))));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  for (;;) {
    p *= rng.next();
    if (p <= l) return k;
    k++;
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function between(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** Log-normal with the given median, truncated to [lo, hi] by redrawing (at most 50 times). */
function truncatedLogNormal(rng: Rng, median: number, sigma: number, lo: number, hi: number): number {
  for (let i = 0; i < 50; i++) {
    const x = median * Math.exp(rng.normal(0, sigma));
    if (x >= lo && x <= hi) return Math.round(x);
  }
  return Math.round(median);
}

const maybe = (rng: Rng, p: number, missing = 0.02): boolean | null => (rng.next() < missing ? null : rng.bernoulli(p));

// ---------------------------------------------------------------------------------------------
// Calibration tables
// ---------------------------------------------------------------------------------------------

/** Referrer mix: 70% professional, 30% own initiative / family / other. */
export const REGISTRATION_REFERRER_SHARES: ReadonlyArray<readonly [Referrer, number]> = [
  ['municipality', 0.24],
  ['youth-health-care', 0.2],
  ['social-work', 0.1],
  ['school', 0.06],
  ['childcare', 0.04],
  ['other-care', 0.06],
  ['own-initiative', 0.2],
  ['family-friends', 0.07],
  ['other', 0.03],
];

/**
 * Probability that a family asks each help question (several allowed; at least one). The national
 * sample draws these ten; the seed's finer questions (positive parenting, setting limits, getting
 * used to being a parent) appear in the local sample.
 */
export const REGISTRATION_HELP_QUESTION_RATES: Readonly<Partial<Record<HelpQuestion, number>>> = {
  'parenting-support': 0.55,
  network: 0.32,
  'finding-way': 0.25,
  structure: 0.18,
  'baby-care': 0.1,
  'two-cultures': 0.08,
  'screen-time': 0.06,
  'listening-ear': 0.3,
  'practical-support': 0.14,
  other: 0.04,
};

/** Family profile targets (Flanders, seed 004), as probabilities. */
export const REGISTRATION_PROFILE_RATES = {
  singleParent: 0.45,
  financialVulnerability: 0.45,
  psychologicalVulnerability: 0.44,
  startsAroundBirth: 0.3,
  physicalDisability: 0.15,
  newcomer: 0.15,
  teenParent: 0.07,
  /** Migration background, including all newcomers. */
  migrationBackground: 0.35,
} as const;

/** Share of families not supported after intake, and their reasons. */
export const REGISTRATION_NOT_SUPPORTED_RATE = 0.17;
const NOT_SUPPORTED: ReadonlyArray<readonly [NotSupportedReason, number]> = [
  ['declined', 0.35],
  ['question-does-not-fit', 0.3],
  ['no-click', 0.14],
  ['language', 0.08],
  ['referred-elsewhere', 0.1],
  ['other', 0.03],
];

const END_REASONS: ReadonlyArray<readonly [TrajectoryEndReason, number]> = [
  ['goals-reached', 0.55],
  ['own-strength', 0.12],
  ['family-stopped', 0.1],
  ['volunteer-stopped', 0.05],
  ['moved', 0.05],
  ['referred-professional', 0.08],
  ['other', 0.05],
];

const STOP_REASONS: ReadonlyArray<readonly [VolunteerStopReason, number]> = [
  ['paid-work', 0.3],
  ['study', 0.1],
  ['wants-other-activity', 0.2],
  ['not-a-fit', 0.05],
  ['moved', 0.1],
  ['health', 0.1],
  ['personal', 0.12],
  ['other', 0.03],
];

const GENDERS: ReadonlyArray<readonly [Gender, number]> = [
  ['female', 0.87],
  ['male', 0.12],
  ['other', 0.01],
];

/** Registration intensity per month (January … December): the summer and Christmas dip. */
export const REGISTRATION_MONTH_WEIGHTS: readonly number[] = [1.05, 1.05, 1.1, 1.0, 1.05, 1.0, 0.55, 0.5, 1.2, 1.15, 1.1, 0.8];

/** The 12 regions of the national set (the Dutch provinces). */
export const REGISTRATION_REGIONS: readonly string[] = [
  'Groningen', 'Friesland', 'Drenthe', 'Overijssel', 'Flevoland', 'Gelderland',
  'Utrecht', 'Noord-Holland', 'Zuid-Holland', 'Zeeland', 'Noord-Brabant', 'Limburg',
];

const REGION_WEIGHTS = [6, 7, 6, 14, 5, 22, 12, 22, 26, 5, 24, 14];

const NAME_START = ['Aal', 'Beek', 'Berk', 'Bos', 'Brug', 'Dal', 'Dijk', 'Eem', 'Elst', 'Haar', 'Hees', 'Hol', 'Kamp', 'Lin', 'Meer', 'Mol', 'Noord', 'Oud', 'Ree', 'Schoon', 'Veen', 'Vliet', 'Wes', 'Zand', 'Zuid', 'Horn', 'Lei', 'Ros'];
const NAME_END = ['dam', 'dijk', 'veen', 'wijk', 'horst', 'berg', 'hoven', 'huizen', 'loo', 'rode', 'sum', 'wolde', 'dorp', 'meer', 'broek', 'ingen'];

// ---------------------------------------------------------------------------------------------
// National set
// ---------------------------------------------------------------------------------------------

export interface NationalRegistrationOptions {
  seed?: number;
  /** Number of sites (default 163). */
  sites?: number;
  /** First and last calendar year of registrations (default 2016–2025). */
  firstYear?: number;
  lastYear?: number;
  /** Median families registered a year at a mature site (default 20; with growth and spread ≈ 4,000 a year nationally by the end). */
  familiesPerMatureSite?: number;
  /** Share of sites that record GAS (default 0.2). */
  gasSiteShare?: number;
}

interface SiteDraft {
  site: Site;
  startDay: number;
  maturity: number;
  usesGas: boolean;
}

interface FamilyDraft {
  family: Family;
  regDay: number;
  site: SiteDraft;
  seq: number;
}

interface VolunteerDraft {
  v: Volunteer;
  regDay: number;
  activeDay: number | null;
  stopDay: number | null;
  /** End days (planned) of current/past assignments. */
  ends: number[];
  /** Last known end of an assignment (closed ones only). */
  lastEnd: number;
  open: boolean;
  seq: number;
}

interface TrajectoryDraft {
  t: Trajectory;
  matchDay: number;
  familyDraft: FamilyDraft;
  vol: VolunteerDraft;
}

/** Cumulative weights of the days of one year (seasonality and weekends). */
function dayWeights(year: number): { first: number; cum: Float64Array } {
  const first = dayOf(`${year}-01-01`);
  const n = dayOf(`${year + 1}-01-01`) - first;
  const cum = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    const d = new Date((first + i) * DAY_MS);
    const month = d.getUTCMonth();
    const dow = d.getUTCDay();
    let w = REGISTRATION_MONTH_WEIGHTS[month];
    if (month === 11 && d.getUTCDate() >= 20) w *= 0.3;
    if (dow === 0 || dow === 6) w *= 0.1;
    acc += w;
    cum[i] = acc;
  }
  return { first, cum };
}

function drawDay(rng: Rng, w: { first: number; cum: Float64Array }, fromDay: number): number {
  const lo = Math.max(0, fromDay - w.first);
  const base = lo > 0 ? w.cum[lo - 1] : 0;
  const total = w.cum[w.cum.length - 1];
  const u = base + rng.next() * (total - base);
  let a = lo;
  let b = w.cum.length - 1;
  while (a < b) {
    const m = (a + b) >> 1;
    if (w.cum[m] > u) b = m;
    else a = m + 1;
  }
  return w.first + a;
}

function drawHelpQuestions(rng: Rng, f: Pick<Family, 'startsAroundBirth' | 'migrationBackground' | 'newcomer'>): HelpQuestion[] {
  const out: HelpQuestion[] = [];
  for (const [q, p0] of Object.entries(REGISTRATION_HELP_QUESTION_RATES) as Array<[HelpQuestion, number]>) {
    let p = p0;
    if (q === 'baby-care') p = f.startsAroundBirth ? 0.3 : 0.02;
    if (q === 'two-cultures') p = f.migrationBackground ? 0.22 : 0;
    if (q === 'finding-way' && f.newcomer) p = 0.6;
    if (rng.bernoulli(p)) out.push(q);
    if (out.length === 3) break;
  }
  if (!out.length) out.push(f.startsAroundBirth ? 'baby-care' : 'parenting-support');
  return out;
}

function drawChildren(rng: Rng, aroundBirth: boolean): number[] {
  const n = Number(weighted(rng, [['1', 0.4], ['2', 0.34], ['3', 0.17], ['4', 0.07], ['5', 0.02]]));
  const ages: number[] = [aroundBirth ? 0 : between(rng, 0, 6)];
  for (let i = 1; i < n; i++) ages.push(Math.min(17, ages[i - 1] + between(rng, 1, 4)));
  return ages.sort((a, b) => a - b);
}

function drawFamily(rng: Rng, site: SiteDraft, regDay: number, endDay: number): Family {
  const P = REGISTRATION_PROFILE_RATES;
  const newcomer = maybe(rng, P.newcomer);
  const migrationBackground = newcomer ? true : maybe(rng, (P.migrationBackground - P.newcomer) / (1 - P.newcomer));
  const teenParent = maybe(rng, P.teenParent);
  const startsAroundBirth = maybe(rng, teenParent ? 0.6 : (P.startsAroundBirth - 0.6 * P.teenParent) / (1 - P.teenParent));
  const ages = drawChildren(rng, startsAroundBirth === true);
  const helpQuestions = drawHelpQuestions(rng, { startsAroundBirth, migrationBackground, newcomer });
  let intakeOutcome: Family['intakeOutcome'] = 'supported';
  let notSupportedReason: NotSupportedReason | null = null;
  if (endDay - regDay < 45 && rng.bernoulli(0.7)) intakeOutcome = 'pending';
  else if (rng.bernoulli(REGISTRATION_NOT_SUPPORTED_RATE)) {
    intakeOutcome = 'not-supported';
    notSupportedReason = newcomer && rng.bernoulli(0.3) ? 'language' : weighted(rng, NOT_SUPPORTED);
  }
  return {
    familyId: '',
    siteId: site.site.siteId,
    registrationDate: isoOf(regDay),
    referrer: weighted(rng, REGISTRATION_REFERRER_SHARES),
    helpQuestions,
    childrenCount: ages.length,
    childrenAges: ages,
    singleParent: maybe(rng, P.singleParent),
    migrationBackground,
    newcomer,
    financialVulnerability: maybe(rng, P.financialVulnerability),
    psychologicalVulnerability: maybe(rng, P.psychologicalVulnerability),
    teenParent,
    physicalDisability: maybe(rng, P.physicalDisability),
    startsAroundBirth,
    locality: null,
    intakeOutcome,
    notSupportedReason,
  };
}

function goalsFor(rng: Rng, reason: TrajectoryEndReason): Trajectory['goalsReached'] {
  switch (reason) {
    case 'goals-reached':
      return rng.bernoulli(0.85) ? 'yes' : 'partly';
    case 'own-strength':
      return rng.bernoulli(0.55) ? 'yes' : 'partly';
    case 'referred-professional':
      return rng.bernoulli(0.6) ? 'partly' : 'no';
    default:
      return weighted<'yes' | 'partly' | 'no'>(rng, [['yes', 0.1], ['partly', 0.45], ['no', 0.45]]);
  }
}

function newVolunteer(rng: Rng, site: SiteDraft, regDay: number, seq: number): VolunteerDraft {
  return {
    v: {
      volunteerId: '',
      siteId: site.site.siteId,
      gender: weighted(rng, GENDERS),
      registrationDate: isoOf(regDay),
      trainingCompletedDate: null,
      activeFrom: null,
      stopDate: null,
      stopReason: null,
    },
    regDay,
    activeDay: null,
    stopDay: null,
    ends: [],
    lastEnd: -Infinity,
    open: false,
    seq,
  };
}

/** Recruits a volunteer who is trained and active by `needDay`. */
function recruitFor(rng: Rng, site: SiteDraft, needDay: number, seq: number): VolunteerDraft {
  const reg = Math.max(site.startDay - 60, needDay - between(rng, 50, 160));
  const vd = newVolunteer(rng, site, reg, seq);
  const span = needDay - reg;
  const training = reg + Math.floor(span * (0.4 + 0.2 * rng.next()));
  const active = Math.min(needDay, training + between(rng, 0, 10));
  vd.v.trainingCompletedDate = isoOf(training);
  vd.v.activeFrom = isoOf(active);
  vd.activeDay = active;
  return vd;
}

function stopVolunteer(rng: Rng, vd: VolunteerDraft, day: number, endDay: number, reason?: VolunteerStopReason): void {
  if (day > endDay || vd.stopDay !== null) return;
  vd.stopDay = day;
  vd.v.stopDate = isoOf(day);
  vd.v.stopReason = reason ?? weighted(rng, STOP_REASONS);
}

/**
 * Generates the synthetic national registration set.
 *
 * Per site: a start year (60% before 2016, the rest 2016–2024), a mature size (log-normal around
 * `familiesPerMatureSite` families a year, default 20) reached after three years (35%, 57%, 79%, 100%), a 2%
 * national growth a year; registrations per year are Poisson, spread over the days of the year by
 * {@link REGISTRATION_MONTH_WEIGHTS} with weekends at 10% and late December at 30%. Supported
 * families are matched 2–9 weeks after registration; the trajectory lasts a truncated log-normal
 * number of days (median 375 for completed ones, 270 for early ends; 4–18 months) and is open when it
 * ends after the last day. Volunteers are recruited when no active one is free, take a second family
 * now and then, may stop after a family or when idle for a year; a few drop out before training and
 * a few are in training at the end.
 *
 * @example
 * const d = generateNationalRegistration({ sites: 3, firstYear: 2024, lastYear: 2025 });
 * d.sites.length; // 3
 */
export function generateNationalRegistration(options: NationalRegistrationOptions = {}): RegistrationData {
  const seed = options.seed ?? REGISTRATION_SAMPLE_SEED;
  const nSites = options.sites ?? 163;
  const firstYear = options.firstYear ?? 2016;
  const lastYear = options.lastYear ?? 2025;
  const mature = options.familiesPerMatureSite ?? 20;
  const gasShare = options.gasSiteShare ?? 0.2;
  const rng = createRng(seed);
  const endDay = dayOf(`${lastYear}-12-31`);

  // Sites.
  const names: string[] = [];
  const used = new Set<string>();
  while (names.length < nSites) {
    const n = rng.pick(NAME_START) + rng.pick(NAME_END);
    if (used.has(n)) {
      if (used.size >= NAME_START.length * NAME_END.length) throw new Error('generateNationalRegistration: too many sites for the name list.');
      continue;
    }
    used.add(n);
    names.push(n);
  }
  const regionTable = REGISTRATION_REGIONS.map((r, i) => [r, REGION_WEIGHTS[i]] as const);
  const sites: SiteDraft[] = names.map((name, i) => {
    const early = rng.bernoulli(0.6);
    const startYear = early ? between(rng, 2000, firstYear - 1) : between(rng, firstYear, lastYear - 1);
    const startDay = dayOf(`${startYear}-${String(between(rng, 1, 12)).padStart(2, '0')}-01`);
    const hours = weighted(rng, [['16', 0.25], ['20', 0.45], ['24', 0.2], ['28', 0.1]]);
    const budget = rng.bernoulli(0.7) ? Math.round((Number(hours) * 2300 + rng.normal(9000, 4000)) / 25) * 25 : null;
    return {
      site: {
        siteId: `S${String(i + 1).padStart(3, '0')}`,
        municipality: name,
        organisation: `Home-Start ${name}`,
        region: weighted(rng, regionTable),
        startDate: isoOf(startDay),
        coordinatorHours: Number(hours),
        budget,
      },
      startDay,
      maturity: mature * Math.exp(rng.normal(0, 0.3)),
      usesGas: rng.bernoulli(gasShare),
    };
  });

  // Families.
  const families: FamilyDraft[] = [];
  let seq = 0;
  for (let year = firstYear; year <= lastYear; year++) {
    const w = dayWeights(year);
    const yearEnd = dayOf(`${year}-12-31`);
    for (const s of sites) {
      if (s.startDay > yearEnd) continue;
      const startYear = Number(s.site.startDate.slice(0, 4));
      const k = year - startYear;
      const ramp = Math.min(1, 0.35 + 0.22 * k);
      const from = Math.max(w.first, s.startDay);
      const total = w.cum[w.cum.length - 1];
      const frac = from > w.first ? 1 - w.cum[Math.min(w.cum.length, from - w.first) - 1] / total : 1;
      const lambda = s.maturity * ramp * frac * Math.pow(1.02, year - firstYear);
      const n = poisson(rng, lambda);
      for (let j = 0; j < n; j++) {
        const regDay = drawDay(rng, w, from);
        families.push({ family: drawFamily(rng, s, regDay, endDay), regDay, site: s, seq: seq++ });
      }
    }
  }
  families.sort((a, b) => a.regDay - b.regDay || cmp(a.site.site.siteId, b.site.site.siteId) || a.seq - b.seq);
  families.forEach((f, i) => (f.family.familyId = `G${String(i + 1).padStart(6, '0')}`));

  // Trajectories and volunteers, site by site in match order.
  const trajectories: TrajectoryDraft[] = [];
  const volunteers: VolunteerDraft[] = [];
  let vseq = 0;
  const bySite = new Map<SiteDraft, FamilyDraft[]>();
  for (const f of families) {
    const list = bySite.get(f.site);
    if (list) list.push(f);
    else bySite.set(f.site, [f]);
  }
  for (const s of sites) {
    const fams = bySite.get(s) ?? [];
    const plans: Array<{ fd: FamilyDraft; match: number; plannedEnd: number; reason: TrajectoryEndReason }> = [];
    for (const fd of fams) {
      if (fd.family.intakeOutcome !== 'supported') continue;
      const match = fd.regDay + between(rng, 14, 63);
      if (match > endDay) {
        fd.family.intakeOutcome = 'pending';
        continue;
      }
      const reason = weighted(rng, END_REASONS);
      const early = reason === 'family-stopped' || reason === 'volunteer-stopped' || reason === 'moved' || reason === 'other';
      const days = truncatedLogNormal(rng, early ? 270 : 375, early ? 0.35 : 0.22, 122, 548);
      plans.push({ fd, match, plannedEnd: match + days, reason });
    }
    plans.sort((a, b) => a.match - b.match || a.fd.seq - b.fd.seq);
    const pool: VolunteerDraft[] = [];
    // An initial group: trained when the site starts, or — for a site older than the data — a
    // pool of about a year's families trained over the three years before the first year.
    const firstDay = dayOf(`${firstYear}-01-01`);
    const older = s.startDay < firstDay - 365;
    const initial = older ? Math.round(s.maturity * 0.9) : Math.max(3, Math.round(s.maturity / 4));
    for (let i = 0; i < initial; i++) {
      const need = older ? Math.max(s.startDay + 90, firstDay - between(rng, 1, 3 * 365)) : s.startDay + between(rng, 30, 90);
      const vd = recruitFor(rng, s, need, vseq++);
      pool.push(vd);
      volunteers.push(vd);
    }
    for (const p of plans) {
      const load = (vd: VolunteerDraft) => vd.ends.filter((e) => e > p.match).length;
      const free: VolunteerDraft[] = [];
      const second: VolunteerDraft[] = [];
      for (const vd of pool) {
        if (vd.activeDay === null || vd.activeDay > p.match) continue;
        if (vd.stopDay !== null && vd.stopDay < p.plannedEnd) continue;
        const l = load(vd);
        if (l === 0) free.push(vd);
        else if (l === 1) second.push(vd);
      }
      let vd: VolunteerDraft;
      if (second.length && rng.bernoulli(0.05)) vd = rng.pick(second);
      else if (free.length) vd = rng.pick(free);
      else {
        vd = recruitFor(rng, s, p.match, vseq++);
        pool.push(vd);
        volunteers.push(vd);
        const extras = 1 + (rng.bernoulli(0.5) ? 1 : 0);
        for (let x = 0; x < extras; x++) {
          const extra = recruitFor(rng, s, p.match + between(rng, 0, 30), vseq++);
          pool.push(extra);
          volunteers.push(extra);
        }
      }
      const end = p.plannedEnd;
      const reason = p.reason;
      vd.ends.push(end);
      const closed = end <= endDay;
      const t: Trajectory = {
        trajectoryId: '',
        familyId: p.fd.family.familyId,
        volunteerId: '',
        siteId: s.site.siteId,
        matchDate: isoOf(p.match),
        checkDate: null,
        evaluationDates: [],
        endDate: null,
        endReason: null,
        goalsReached: null,
        gasBefore: null,
        gasAfter: null,
        followUpDate: null,
        followUpReferred: null,
      };
      const check = p.match + between(rng, 28, 35);
      if (check <= endDay && check < end) t.checkDate = isoOf(check);
      for (let e = p.match + between(rng, 140, 180); e < end && e <= endDay; e += between(rng, 140, 180)) t.evaluationDates.push(isoOf(e));
      if (s.usesGas && rng.bernoulli(0.9)) t.gasBefore = Math.round(Math.min(50, Math.max(20, rng.normal(37, 5))) * 10) / 10;
      if (closed) {
        t.endDate = isoOf(end);
        t.endReason = reason;
        t.goalsReached = rng.bernoulli(0.95) ? goalsFor(rng, reason) : null;
        if (t.gasBefore !== null) t.gasAfter = Math.round(Math.min(80, Math.max(20, t.gasBefore + rng.normal(reason === 'goals-reached' || reason === 'own-strength' ? 15 : 6, 7))) * 10) / 10;
        const fu = end + between(rng, 80, 100);
        if (fu <= endDay && rng.bernoulli(0.85)) {
          t.followUpDate = isoOf(fu);
          t.followUpReferred = reason === 'referred-professional' ? rng.bernoulli(0.9) : rng.bernoulli(0.03);
        }
        vd.lastEnd = Math.max(vd.lastEnd, end);
        if (reason === 'volunteer-stopped') stopVolunteer(rng, vd, end + between(rng, 0, 14), endDay);
        else if (vd.ends.every((e) => e <= end) && rng.bernoulli(0.2)) stopVolunteer(rng, vd, end + between(rng, 7, 90), endDay);
      }
      trajectories.push({ t, matchDay: p.match, familyDraft: p.fd, vol: vd });
    }
    // Idle volunteers stop; a few drop out before training; a few are in training at the end.
    for (const vd of pool) {
      if (vd.stopDay !== null) continue;
      const last = Math.max(vd.lastEnd, vd.activeDay ?? vd.regDay);
      const open = vd.ends.some((e) => e > endDay);
      if (!open && last < endDay - 540) stopVolunteer(rng, vd, last + between(rng, 240, 540), endDay, weighted<VolunteerStopReason>(rng, [['personal', 0.3], ['paid-work', 0.3], ['wants-other-activity', 0.25], ['other', 0.15]]));
    }
    const siteStartYear = Math.max(firstYear, Number(s.site.startDate.slice(0, 4)));
    for (let year = siteStartYear; year <= lastYear; year++) {
      const drop = poisson(rng, 1.2);
      for (let i = 0; i < drop; i++) {
        const reg = Math.max(s.startDay, dayOf(`${year}-01-01`) + rng.int(330));
        const vd = newVolunteer(rng, s, reg, vseq++);
        stopVolunteer(rng, vd, reg + between(rng, 10, 35), endDay, weighted<VolunteerStopReason>(rng, [['not-a-fit', 0.45], ['paid-work', 0.25], ['personal', 0.2], ['health', 0.1]]));
        if (vd.stopDay === null) continue;
        volunteers.push(vd);
      }
    }
    const inTraining = poisson(rng, 2);
    for (let i = 0; i < inTraining; i++) volunteers.push(newVolunteer(rng, s, endDay - between(rng, 5, 80), vseq++));
  }

  volunteers.sort((a, b) => a.regDay - b.regDay || cmp(a.v.siteId, b.v.siteId) || a.seq - b.seq);
  volunteers.forEach((vd, i) => (vd.v.volunteerId = `V${String(i + 1).padStart(5, '0')}`));
  trajectories.sort((a, b) => a.matchDay - b.matchDay || cmp(a.t.siteId, b.t.siteId) || a.familyDraft.seq - b.familyDraft.seq);
  trajectories.forEach((td, i) => {
    td.t.trajectoryId = `T${String(i + 1).padStart(6, '0')}`;
    td.t.volunteerId = td.vol.v.volunteerId;
  });
  return {
    sites: sites.map((s) => s.site),
    families: families.map((f) => f.family),
    volunteers: volunteers.map((v) => v.v),
    trajectories: trajectories.map((t) => t.t),
  };
}

// ---------------------------------------------------------------------------------------------
// Local set (Dalfsen-sized, seed 002)
// ---------------------------------------------------------------------------------------------

/**
 * The 22 supported families of the local evaluation's table (seed 002), coded: village, children's
 * ages, help questions, migration background, referrer. The help questions are coded with the
 * category lists of `categories.json` ("positief opvoeden" → positive-parenting, "grenzen stellen" →
 * setting-limits, "wennen aan ouderrol" → getting-used-to-parenthood); the referrer given by a care
 * provider's name ("… thuisbegeleiding") is `other-care`.
 */
export const DALFSEN_SUPPORTED_FAMILIES: ReadonlyArray<{
  locality: 'Dalfsen' | 'Lemelerveld' | 'Nieuwleusen';
  ages: readonly number[];
  help: readonly HelpQuestion[];
  migration: boolean;
  referrer: Referrer;
}> = [
  { locality: 'Dalfsen', ages: [2, 7, 9], help: ['finding-way', 'network'], migration: true, referrer: 'municipality' },
  { locality: 'Dalfsen', ages: [3, 5], help: ['structure', 'positive-parenting'], migration: false, referrer: 'family-friends' },
  { locality: 'Dalfsen', ages: [0], help: ['baby-care'], migration: true, referrer: 'youth-health-care' },
  { locality: 'Dalfsen', ages: [2, 7], help: ['parenting-support', 'screen-time'], migration: true, referrer: 'own-initiative' },
  { locality: 'Dalfsen', ages: [2], help: ['parenting-support'], migration: false, referrer: 'social-work' },
  { locality: 'Dalfsen', ages: [4, 5, 9], help: ['parenting-support', 'screen-time', 'listening-ear'], migration: false, referrer: 'social-work' },
  { locality: 'Dalfsen', ages: [5, 6], help: ['two-cultures'], migration: true, referrer: 'municipality' },
  { locality: 'Dalfsen', ages: [3, 5, 7, 9], help: ['two-cultures'], migration: true, referrer: 'municipality' },
  { locality: 'Dalfsen', ages: [2, 7, 14], help: ['parenting-support', 'finding-way'], migration: true, referrer: 'municipality' },
  { locality: 'Dalfsen', ages: [0], help: ['baby-care', 'getting-used-to-parenthood'], migration: false, referrer: 'youth-health-care' },
  { locality: 'Dalfsen', ages: [6], help: ['parenting-support'], migration: false, referrer: 'school' },
  { locality: 'Dalfsen', ages: [7], help: ['parenting-support'], migration: false, referrer: 'school' },
  { locality: 'Lemelerveld', ages: [3], help: ['finding-way', 'network'], migration: true, referrer: 'municipality' },
  { locality: 'Lemelerveld', ages: [3, 4, 10, 12], help: ['parenting-support', 'setting-limits'], migration: false, referrer: 'social-work' },
  { locality: 'Lemelerveld', ages: [7], help: ['parenting-support', 'listening-ear'], migration: true, referrer: 'municipality' },
  { locality: 'Lemelerveld', ages: [7], help: ['parenting-support', 'listening-ear'], migration: false, referrer: 'social-work' },
  { locality: 'Nieuwleusen', ages: [7, 9], help: ['parenting-support', 'screen-time'], migration: false, referrer: 'youth-health-care' },
  { locality: 'Nieuwleusen', ages: [2, 3], help: ['parenting-support', 'network'], migration: false, referrer: 'youth-health-care' },
  { locality: 'Nieuwleusen', ages: [2, 4, 6], help: ['positive-parenting', 'listening-ear'], migration: false, referrer: 'own-initiative' },
  { locality: 'Nieuwleusen', ages: [3, 4], help: ['parenting-support', 'network'], migration: true, referrer: 'other-care' },
  { locality: 'Nieuwleusen', ages: [7], help: ['parenting-support', 'network'], migration: true, referrer: 'municipality' },
  { locality: 'Nieuwleusen', ages: [3, 4], help: ['parenting-support'], migration: false, referrer: 'youth-health-care' },
];

/** The reasons of the 7 families that were not supported (seed 002). */
export const DALFSEN_NOT_SUPPORTED_REASONS: readonly NotSupportedReason[] = ['no-click', 'declined', 'declined', 'language', 'question-does-not-fit', 'question-does-not-fit', 'question-does-not-fit'];

/** Stop reasons of the 7 volunteers who stopped (seed 002 names paid work, something else, study, not a fit). */
export const DALFSEN_STOP_REASONS: readonly VolunteerStopReason[] = ['paid-work', 'paid-work', 'wants-other-activity', 'wants-other-activity', 'study', 'study', 'not-a-fit'];

/** Active volunteers that were not deployable on the reference date (seed 002: 2 of the 14). */
export const DALFSEN_NOT_DEPLOYABLE = 2;

/** The evaluation's end date: the figures are as of this day. */
export const DALFSEN_REFERENCE_DATE = '2021-06-30';

/**
 * Generates the local, Dalfsen-sized set: one site (municipality Dalfsen with the villages Dalfsen,
 * Lemelerveld and Nieuwleusen) from 1 March 2018 to 30 June 2021, reproducing the counts of the
 * local evaluation (seed 002): 25 volunteers registered (5 men, 20 women), of whom 14 active on
 * 30 June 2021, 7 stopped with reasons and 4 in training; 22 families supported (as in the
 * evaluation's table) and 7 not supported with its reasons; trajectories of about a year; no
 * family referred to professional care afterwards. Dates are drawn (seeded); the counts are fixed.
 *
 * @example
 * const d = generateLocalRegistration();
 * [d.volunteers.length, d.families.length, d.trajectories.length]; // [25, 29, 22]
 */
export function generateLocalRegistration(seed: number = REGISTRATION_LOCAL_SEED): RegistrationData {
  const rng = createRng(seed);
  const start = dayOf('2018-03-01');
  const ref = dayOf(DALFSEN_REFERENCE_DATE);
  const site: Site = {
    siteId: 'DLF',
    municipality: 'Dalfsen',
    organisation: 'Home-Start Dalfsen (synthetic)',
    region: 'Overijssel',
    startDate: isoOf(start),
    coordinatorHours: 20,
    budget: 56225,
  };
  // Volunteers: three trained cohorts (8, 7, 6) and 4 in training; 5 men.
  const cohorts = [
    { reg: dayOf('2018-03-05'), n: 8, training: dayOf('2018-04-26') },
    { reg: dayOf('2019-01-14'), n: 7, training: dayOf('2019-03-21') },
    { reg: dayOf('2020-01-13'), n: 6, training: dayOf('2020-03-12') },
  ];
  const men = new Set([1, 6, 11, 17, 22]);
  interface LocalVolunteer { v: Volunteer; active: number; ends: number[]; open: boolean }
  const vols: LocalVolunteer[] = [];
  let k = 0;
  for (const c of cohorts) {
    for (let i = 0; i < c.n; i++, k++) {
      const reg = c.reg + between(rng, 0, 20);
      const active = c.training + between(rng, 3, 14);
      vols.push({
        v: {
          volunteerId: `DLF-V${String(k + 1).padStart(2, '0')}`,
          siteId: 'DLF',
          gender: men.has(k) ? 'male' : 'female',
          registrationDate: isoOf(reg),
          trainingCompletedDate: isoOf(c.training),
          activeFrom: isoOf(active),
          stopDate: null,
          stopReason: null,
        },
        active,
        ends: [],
        open: false,
      });
    }
  }
  const inTraining: Volunteer[] = [];
  for (let i = 0; i < 4; i++, k++) {
    inTraining.push({
      volunteerId: `DLF-V${String(k + 1).padStart(2, '0')}`,
      siteId: 'DLF',
      gender: men.has(k) ? 'male' : 'female',
      registrationDate: isoOf(dayOf('2021-04-06') + between(rng, 0, 70)),
      trainingCompletedDate: null,
      activeFrom: null,
      stopDate: null,
      stopReason: null,
    });
  }

  // Families: 22 supported (registration spread over the period), 7 not supported.
  const supportedRegs = Array.from({ length: 22 }, (_, i) => dayOf('2018-04-09') + Math.round((i * (dayOf('2021-02-15') - dayOf('2018-04-09'))) / 21) + between(rng, -10, 10));
  const families: Family[] = [];
  const trajectories: Trajectory[] = [];
  const base = (id: string, regDay: number, locality: string, referrer: Referrer, ages: readonly number[], help: readonly HelpQuestion[], migration: boolean): Family => ({
    familyId: id,
    siteId: 'DLF',
    registrationDate: isoOf(regDay),
    referrer,
    helpQuestions: [...help],
    childrenCount: ages.length,
    childrenAges: [...ages],
    singleParent: rng.bernoulli(0.4),
    migrationBackground: migration,
    newcomer: migration ? rng.bernoulli(0.4) : false,
    financialVulnerability: rng.bernoulli(0.4),
    psychologicalVulnerability: rng.bernoulli(0.4),
    teenParent: false,
    physicalDisability: rng.bernoulli(0.1),
    startsAroundBirth: ages.includes(0),
    locality,
    intakeOutcome: 'supported',
    notSupportedReason: null,
  });
  DALFSEN_SUPPORTED_FAMILIES.forEach((f, i) => {
    families.push(base(`DLF-G${String(i + 1).padStart(2, '0')}`, supportedRegs[i], f.locality, f.referrer, f.ages, f.help, f.migration));
  });
  const villages = ['Dalfsen', 'Dalfsen', 'Lemelerveld', 'Nieuwleusen'];
  const nsReferrers: Referrer[] = ['municipality', 'youth-health-care', 'social-work', 'municipality', 'school', 'own-initiative', 'municipality'];
  DALFSEN_NOT_SUPPORTED_REASONS.forEach((reason, i) => {
    const regDay = dayOf('2018-06-01') + Math.round((i * (dayOf('2021-03-01') - dayOf('2018-06-01'))) / 6) + between(rng, -15, 15);
    const ages = drawChildren(rng, false);
    const migration = reason === 'language' ? true : rng.bernoulli(0.3);
    const fam = base(`DLF-G${String(23 + i).padStart(2, '0')}`, regDay, rng.pick(villages), nsReferrers[i], ages, ['parenting-support'], migration);
    fam.intakeOutcome = 'not-supported';
    fam.notSupportedReason = reason;
    families.push(fam);
  });

  // Trajectories: matched 3–6 weeks after registration to the first free trained volunteer;
  // about a year long; those that would end after 30 June 2021 are still running.
  for (let i = 0; i < 22; i++) {
    const f = families[i];
    const regDay = supportedRegs[i];
    let match = regDay + between(rng, 21, 42);
    const free = () => vols.filter((v) => v.active <= match && v.ends.every((e) => e <= match));
    while (free().length === 0) match += 7;
    const vol = free()[0];
    const days = truncatedLogNormal(rng, 365, 0.15, 240, 540);
    const end = match + days;
    vol.ends.push(end);
    const closed = end <= ref;
    const t: Trajectory = {
      trajectoryId: `DLF-T${String(i + 1).padStart(2, '0')}`,
      familyId: f.familyId,
      volunteerId: vol.v.volunteerId,
      siteId: 'DLF',
      matchDate: isoOf(match),
      checkDate: isoOf(match + 28 + rng.int(5)),
      evaluationDates: [],
      endDate: closed ? isoOf(end) : null,
      endReason: closed ? (rng.bernoulli(0.75) ? 'goals-reached' : 'own-strength') : null,
      goalsReached: null,
      gasBefore: null,
      gasAfter: null,
      followUpDate: null,
      followUpReferred: null,
    };
    for (let e = match + 150 + rng.int(10); e < Math.min(end, ref + 1); e += 160 + rng.int(20)) t.evaluationDates.push(isoOf(e));
    if (closed) {
      t.goalsReached = t.endReason === 'goals-reached' ? 'yes' : 'partly';
      const fu = end + 85 + rng.int(15);
      if (fu <= ref) {
        t.followUpDate = isoOf(fu);
        t.followUpReferred = false;
      }
    }
    trajectories.push(t);
  }
  // Seven volunteers stop: those free earliest (no running trajectory), in the order they became free.
  const freeFrom = vols
    .map((v, i) => ({ i, from: Math.max(v.active, ...v.ends), running: v.ends.some((e) => e > ref) }))
    .filter((x) => !x.running)
    .sort((a, b) => a.from - b.from || a.i - b.i);
  if (freeFrom.length < 7) throw new Error('generateLocalRegistration: fewer than 7 volunteers can stop; change the seed.');
  freeFrom.slice(0, 7).forEach((x, j) => {
    const v = vols[x.i];
    const stop = Math.min(ref - 10, x.from + between(rng, 20, 90));
    v.v.stopDate = isoOf(stop);
    v.v.stopReason = DALFSEN_STOP_REASONS[j];
  });
  // Availability on the reference date: of the 14 active, 2 not deployable for now (seed 002: a course
  // for work, illness) — the last two without a running trajectory; the 4 new ones are in training.
  const active = vols.filter((v) => v.v.stopDate === null);
  for (const v of active) v.v.availability = 'deployable';
  const idle = active.filter((v) => !v.ends.some((e) => e > ref));
  if (idle.length < DALFSEN_NOT_DEPLOYABLE) throw new Error('generateLocalRegistration: too few idle volunteers to mark as not deployable; change the seed.');
  for (const v of idle.slice(-DALFSEN_NOT_DEPLOYABLE)) v.v.availability = 'not-deployable';
  for (const v of inTraining) v.availability = 'in-training';
  return { sites: [site], families, volunteers: [...vols.map((v) => v.v), ...inTraining], trajectories };
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

export interface RegistrationCsvOptions {
  /** `en`: English headers, codes and ISO dates, comma-separated (default). `nl`: Dutch headers, Dutch labels, day-first dates, semicolons and decimal commas, as a Dutch Excel export. */
  lang?: 'en' | 'nl';
  /** First line (a `#` comment saying the data are synthetic). */
  comment?: string;
}

type Kind = 'sites' | 'families' | 'volunteers' | 'trajectories';

const COLUMNS: Record<Kind, Array<[string, string]>> = {
  sites: [['site_id', 'locatie_id'], ['municipality', 'gemeente'], ['organisation', 'organisatie'], ['region', 'regio'], ['start_date', 'startdatum'], ['coordinator_hours', 'coordinator_uren'], ['budget', 'begroting']],
  families: [
    ['family_id', 'gezin_id'], ['site_id', 'locatie_id'], ['registration_date', 'aanmelddatum'], ['referrer', 'verwijzer'], ['help_questions', 'hulpvragen'],
    ['children_count', 'aantal_kinderen'], ['children_ages', 'leeftijd_kinderen'], ['single_parent', 'alleenstaande_ouder'], ['migration_background', 'migratieachtergrond'],
    ['newcomer', 'nieuwkomer'], ['financial_vulnerability', 'financieel_kwetsbaar'], ['psychological_vulnerability', 'psychisch_kwetsbaar'], ['teen_parent', 'tienerouder'],
    ['physical_disability', 'fysieke_beperking'], ['starts_around_birth', 'rond_geboorte'], ['locality', 'kern'], ['intake_outcome', 'uitkomst_intake'], ['not_supported_reason', 'reden_niet_ondersteund'],
  ],
  volunteers: [
    ['volunteer_id', 'vrijwilliger_id'], ['site_id', 'locatie_id'], ['gender', 'geslacht'], ['registration_date', 'aanmelddatum'], ['training_completed_date', 'training_afgerond'],
    ['active_from', 'actief_vanaf'], ['stop_date', 'stopdatum'], ['stop_reason', 'stopreden'], ['availability', 'inzetbaarheid'],
  ],
  trajectories: [
    ['trajectory_id', 'traject_id'], ['family_id', 'gezin_id'], ['volunteer_id', 'vrijwilliger_id'], ['site_id', 'locatie_id'], ['match_date', 'koppeldatum'], ['check_date', 'datum_check'],
    ['evaluation_dates', 'evaluatiedata'], ['end_date', 'einddatum'], ['end_reason', 'reden_einde'], ['goals_reached', 'doelen_bereikt'], ['gas_before', 'gas_voor'], ['gas_after', 'gas_na'],
    ['follow_up_date', 'datum_nazorg'], ['follow_up_referred', 'doorverwezen_na_afloop'],
  ],
};

const LABEL_KIND: Record<string, RegistrationLabelKind> = {
  referrer: 'referrer',
  help_questions: 'help-question',
  intake_outcome: 'intake-outcome',
  not_supported_reason: 'not-supported-reason',
  gender: 'gender',
  stop_reason: 'volunteer-stop-reason',
  end_reason: 'end-reason',
  goals_reached: 'goals-reached',
  availability: 'volunteer-availability',
};

/** Optional columns written only when some record has the field (so files without it stay as they were). */
const OPTIONAL_COLUMNS = new Set(['availability']);

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function nlDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}-${Number(m)}-${y}`;
}

/**
 * One registration table as CSV text (the bytes the sample script writes, as a string).
 * @example
 * registrationToCsv(generateLocalRegistration(), 'sites', { lang: 'nl' }).split('\n')[0];
 * // 'locatie_id;gemeente;organisatie;regio;startdatum;coordinator_uren;begroting'
 */
export function registrationToCsv(data: RegistrationData, kind: Kind, options: RegistrationCsvOptions = {}): string {
  const nl = options.lang === 'nl';
  const records = data[kind] as unknown as Array<Record<string, unknown>>;
  const cols = COLUMNS[kind].filter(([en]) => !OPTIONAL_COLUMNS.has(en) || records.some((r) => r[camel(en)] !== undefined));
  const header = cols.map(([en, nlName]) => (nl ? nlName : en));
  const rows: Array<Record<string, CsvCell>> = records.map((rec) => {
    const out: Record<string, CsvCell> = {};
    cols.forEach(([en], i) => {
      const v = rec[camel(en)];
      const labelKind = LABEL_KIND[en];
      const fmtScalar = (x: unknown): string => {
        if (x === null || x === undefined) return '';
        if (typeof x === 'boolean') return nl ? (x ? 'ja' : 'nee') : x ? '1' : '0';
        if (typeof x === 'number') return nl ? String(x).replace('.', ',') : String(x);
        const s = String(x);
        if (labelKind && nl) return registrationLabel(labelKind, s, 'nl');
        if (nl && /^\d{4}-\d{2}-\d{2}$/.test(s)) return nlDate(s);
        return s;
      };
      out[header[i]] = Array.isArray(v) ? (v.length ? v.map(fmtScalar).join(nl ? ', ' : ';') : '') : fmtScalar(v);
    });
    return out;
  });
  const text = toCsv(header, rows, { delimiter: nl ? ';' : ',' });
  return options.comment ? `${options.comment}\n${text}` : text;
}

/** One file of `sample-data/registration/`. */
export interface RegistrationSampleFile {
  /** Path relative to `sample-data/registration/`, `/`-separated. */
  path: string;
  bytes: Buffer;
}

function syntheticLine(what: string, seed: number): string {
  return `# SYNTHETIC DATA generated by homestart-impact (npm run sample-data, seed ${seed}). Not real families, volunteers or sites. ${what}`;
}

const NATIONAL_README = `# Synthetic national registration data

SYNTHETIC DATA, generated by \`npm run sample-data\` (\`scripts/generate-registration-data.ts\`,
library \`src/sample/registration.ts\`, seed ${REGISTRATION_SAMPLE_SEED}). No real families, volunteers or sites:
the municipality names are invented, ids are codes. Reruns give byte-identical files.

163 sites in 12 regions, registrations 2016–2025 (about 4,000 families a year by 2025), with site
growth, seasonality (July/August and late December dip), referrer and help-question mixes like the
published local evaluations (about 70% referred by a professional), family-profile shares like the
Flanders profile, about 17% not supported after intake (with reasons), trajectories of about 11–12
months (4–18), end reasons, goals reached, GAS T-scores on about a fifth of the sites, and volunteers
(about 87% women) with training, activity and stop reasons.

Files: \`sites.csv\`, \`families.csv\`, \`volunteers.csv\`, \`trajectories.csv\` (English headers, codes,
ISO dates; lists separated by \`;\`). Load with \`loadRegistration('sample-data/registration/national',
{ referenceDate: '2025-12-31' })\`. The first line of every file is a \`#\` comment that the reader skips.
The folder is small enough (under 10 MB) to be committed, so reports need no generation step.
`;

const LOCAL_README = `# Synthetic local registration data (a Dalfsen-sized site)

SYNTHETIC DATA, generated by \`npm run sample-data\` (seed ${REGISTRATION_LOCAL_SEED}). Modelled on the counts of
a published local evaluation (Home-Start in the municipality of Dalfsen, March 2018 – June 2021):
25 volunteers registered (5 men, 20 women), 14 active on 30 June 2021 of whom 2 not deployable for now,
7 stopped (paid work, something else, study, not a fit), 4 in training; 22 families supported with the
villages (\`kern\`: Dalfsen, Lemelerveld, Nieuwleusen), children's ages, help questions (incl. positief
opvoeden, grenzen stellen, wennen aan ouderrol), migration background and referrers of the evaluation's table; 7 families not supported
(no click, declined twice, language, question does not fit three times); trajectories of about a year;
no family referred to professional care afterwards. All dates are invented; no real people.

Written as a Dutch Excel export would be: \`locaties.csv\`, \`gezinnen.csv\`, \`vrijwilligers.csv\`,
\`trajecten.csv\`, semicolon-separated, Dutch headers and labels, day-first dates, decimal commas.
Load with \`loadRegistration('sample-data/registration/local', { referenceDate: '2021-06-30' })\`.
The optional column \`inzetbaarheid\` of \`vrijwilligers.csv\` holds each volunteer's availability on that
date (Inzetbaar, Tijdelijk niet inzetbaar, In opleiding; empty for those who stopped).
`;

interface BrokenSet {
  name: string;
  description: string;
  /** Rules the loader must report. */
  rules: string[];
  files: Record<string, string>;
}

function brokenSets(local: RegistrationData): BrokenSet[] {
  const seed = REGISTRATION_LOCAL_SEED;
  const write = (d: RegistrationData, what: string) => ({
    'locaties.csv': registrationToCsv(d, 'sites', { lang: 'nl', comment: syntheticLine(what, seed) }),
    'gezinnen.csv': registrationToCsv(d, 'families', { lang: 'nl', comment: syntheticLine(what, seed) }),
    'vrijwilligers.csv': registrationToCsv(d, 'volunteers', { lang: 'nl', comment: syntheticLine(what, seed) }),
    'trajecten.csv': registrationToCsv(d, 'trajectories', { lang: 'nl', comment: syntheticLine(what, seed) }),
  });
  const copy = (): RegistrationData => JSON.parse(JSON.stringify(local)) as RegistrationData;

  // 1. An identifying column in gezinnen.csv: the whole file is refused.
  const idCol = write(local, 'Broken on purpose: gezinnen.csv has a column with (invented) parent names.');
  const lines = idCol['gezinnen.csv'].split('\n');
  lines[1] = `${lines[1]};naam_ouder`;
  for (let i = 2; i < lines.length; i++) if (lines[i]) lines[i] = `${lines[i]};Voorbeeldnaam-${String(i - 1).padStart(2, '0')}`;
  idCol['gezinnen.csv'] = lines.join('\n');

  // 2. A family with an unknown site id.
  const unknown = copy();
  unknown.families[4].siteId = 'ZWL';
  // 3. A trajectory that ends before it starts.
  const order = copy();
  const t = order.trajectories[2];
  t.endDate = isoOf(dayOf(t.matchDate) - 30);
  t.evaluationDates = [];
  t.followUpDate = null;
  t.followUpReferred = null;
  t.checkDate = null;
  // 4. Two trajectories of one family at the same time.
  const overlap = copy();
  const first = overlap.trajectories[0];
  overlap.trajectories.push({
    ...first,
    trajectoryId: 'DLF-T99',
    volunteerId: overlap.trajectories[5].volunteerId,
    matchDate: isoOf(dayOf(first.matchDate) + 60),
    checkDate: null,
    evaluationDates: [],
  });
  return [
    { name: 'identifying-column', description: 'gezinnen.csv has a column "naam_ouder" with (invented) names: the file is refused as a whole; the family ids of the trajectories are then not checked against it (said once, not once per trajectory).', rules: ['identifying-column'], files: idCol },
    { name: 'unknown-site-id', description: 'family DLF-G05 in gezinnen.csv has site "ZWL", which is not in locaties.csv; its row is rejected, and so is its trajectory (its family was rejected).', rules: ['unknown-id'], files: write(unknown, 'Broken on purpose: family DLF-G05 has an unknown site id.') },
    { name: 'end-before-start', description: 'trajectory DLF-T03 in trajecten.csv ends 30 days before its match date.', rules: ['date-order'], files: write(order, 'Broken on purpose: trajectory DLF-T03 ends before it starts.') },
    { name: 'overlapping-trajectories', description: 'family DLF-G01 has a second trajectory (DLF-T99) that starts while its first one is running.', rules: ['overlap'], files: write(overlap, 'Broken on purpose: family DLF-G01 has two trajectories at the same time.') },
  ];
}

function brokenReadme(sets: BrokenSet[]): string {
  const lines = [
    '# Broken registration sets (synthetic)',
    '',
    'SYNTHETIC DATA, each folder a copy of the local set (`../local/`) with one deliberate defect, for',
    'the loader\'s documentation and tests. Load a folder with',
    '`loadRegistration(\'sample-data/registration/broken/<name>\', { referenceDate: \'2021-06-30\' })`:',
    'the defect is reported as an issue (file, row, column, rule) and the row lands in the rejects; every',
    'other row is still loaded (per file, accepted + rejected = rows read).',
    '',
    '| folder | defect | rules reported |',
    '|---|---|---|',
  ];
  for (const s of sets) lines.push(`| \`${s.name}/\` | ${s.description} | ${s.rules.map((r) => `\`${r}\``).join(', ')} |`);
  return lines.join('\n') + '\n';
}

/** The broken sets with the rules a loader must report for each (for tests and docs). */
export function registrationBrokenSetRules(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of brokenSets(generateLocalRegistration())) out[s.name] = s.rules;
  return out;
}

/**
 * Every file of `sample-data/registration/`, as exact bytes, in a fixed order: `national/*`,
 * `local/*`, `broken/**`, each folder with its README.
 * @example
 * registrationSampleFiles().map((f) => f.path).slice(0, 5);
 * // ['national/README.md', 'national/sites.csv', 'national/families.csv', 'national/volunteers.csv', 'national/trajectories.csv']
 */
export function registrationSampleFiles(): RegistrationSampleFile[] {
  const out: RegistrationSampleFile[] = [];
  const add = (path: string, text: string) => out.push({ path, bytes: Buffer.from(text, 'utf8') });
  const nat = generateNationalRegistration();
  const natLine = syntheticLine('National set: 163 sites, 2016-2025.', REGISTRATION_SAMPLE_SEED);
  add('national/README.md', NATIONAL_README);
  for (const kind of ['sites', 'families', 'volunteers', 'trajectories'] as const) add(`national/${kind}.csv`, registrationToCsv(nat, kind, { comment: natLine }));
  const local = generateLocalRegistration();
  const localLine = syntheticLine('Local set modelled on the counts of a Dalfsen-sized site, March 2018 - June 2021.', REGISTRATION_LOCAL_SEED);
  add('local/README.md', LOCAL_README);
  add('local/locaties.csv', registrationToCsv(local, 'sites', { lang: 'nl', comment: localLine }));
  add('local/gezinnen.csv', registrationToCsv(local, 'families', { lang: 'nl', comment: localLine }));
  add('local/vrijwilligers.csv', registrationToCsv(local, 'volunteers', { lang: 'nl', comment: localLine }));
  add('local/trajecten.csv', registrationToCsv(local, 'trajectories', { lang: 'nl', comment: localLine }));
  const sets = brokenSets(local);
  add('broken/README.md', brokenReadme(sets));
  for (const s of sets) for (const [name, text] of Object.entries(s.files)) add(`broken/${s.name}/${name}`, text);
  return out;
}
