import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { computeFigures, isoDayNumber, DAYS_PER_MONTH, StatsError, type RegistrationData } from '../../src/index.js';
import { dalfsenFixture, DALFSEN_BUDGET } from './figures.fixture.js';

const ref = JSON.parse(readFileSync(new URL('../reference/impact_figures.json', import.meta.url), 'utf8')) as { q1: number; median: number; q3: number; mean: number };
const REFERENCE_DATE = '2025-03-31';
const data = dalfsenFixture();
const dalfsen = computeFigures(data, { year: 2024, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: REFERENCE_DATE });
const close = (a: number, b: number, rel = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

describe('computeFigures: Dalfsen-sized site, 2024 (hand-counted)', () => {
  const c = dalfsen.current;

  it('families: registered, intake outcome and reasons', () => {
    // Registered in 2024: N1..N14 (14, supported), NS1..NS7 (7, not supported), B1 (registered 31-12-2024,
    // pending) = 22. P0 (31-12-2023) and B2 (1-1-2025) fall outside the year.
    expect(c.families.registered).toBe(22);
    expect(c.families.intake).toEqual({ supported: 14, notSupported: 7, pending: 1 });
    // NS reasons: no-click 1, declined 2, language 2, question-does-not-fit 2 (Dalfsen's list of reasons)
    expect(c.families.notSupportedByReason).toMatchObject({ 'no-click': 1, declined: 2, language: 2, 'question-does-not-fit': 2, 'referred-elsewhere': 0, unknown: 0 });
  });

  it('families supported, newly matched, active on 31 December, closed; children', () => {
    // Supported in 2024: C1..C8 (matched 2023, running into 2024) + N1..N14 = 22 (Dalfsen: 22 supported).
    expect(c.families.supported).toBe(22);
    // Newly matched: only N1..N14 (the C's first match was in 2023); N14 matched on 31-12-2024 counts.
    expect(c.families.newlyMatched).toBe(14);
    // Active on 31-12-2024: N1..N14 (no end) + C8 (ends on 31-12-2024: not ended *before* 31-12) = 15.
    expect(c.families.activeAtYearEnd).toBe(15);
    // Closed in 2024: C1..C8 = 8 trajectories (C8 on 31-12 included).
    expect(c.families.closed).toBe(8);
    // Children: the ages of the 22 Dalfsen rows: 3+2+1+2+1+3+2+4+3+1+1+1+1+4+1+1+2+2+3+2+1+2 = 43.
    expect(c.families.childrenReached).toBe(43);
    // Age bands: 0 → rows 3, 10 (2); 1–3 → 13; 4–6 → 12; 7–12 → 15; 13+ → row 9's 14-year-old (1).
    expect(c.families.childrenByAge).toEqual({ '0': 2, '1-3': 13, '4-6': 12, '7-12': 15, '13+': 1 });
  });

  it('duration of closed trajectories: median and IQR as R quantile(type = 7)', () => {
    // Days 183, 274, 304, 335, 366, 396, 427, 548 → months = days / 30.4375.
    const d = c.closed.duration;
    expect(d.n).toBe(8);
    close(d.median, ref.median); // (335 + 366) / 2 / 30.4375 = 11.5154
    close(d.q1, ref.q1); // (274 + 0.75·30) / 30.4375 = 9.7413
    close(d.q3, ref.q3); // (396 + 0.25·31) / 30.4375 = 13.2649
    close(d.mean, ref.mean); // 2833 / 8 / 30.4375 = 11.63: "about a year"
    close(d.median, 350.5 / DAYS_PER_MONTH);
    expect(d.bins).toEqual({ '0-3': 0, '3-6': 0, '6-9': 1, '9-12': 3, '12-15': 3, '15-18': 0, '18+': 1 });
  });

  it('end reasons, goals reached, referral to professional care, GAS', () => {
    // C1, C3, C5, C7 goals reached; C2, C4 own strength; C6 family stopped; C8 moved.
    expect(c.closed.endReasons).toMatchObject({ 'goals-reached': 4, 'own-strength': 2, 'family-stopped': 1, moved: 1, 'referred-professional': 0, unknown: 0 });
    // goals: C1–C4 yes, C5–C6 partly, C7 no, C8 not recorded
    expect(c.closed.goalsReached).toEqual({ yes: 4, partly: 2, no: 1, unknown: 1, known: 7 });
    // Dalfsen: nobody had to be referred to professional care
    expect(c.closed.referredProfessional).toEqual({ count: 0, percent: 0 });
    expect(c.closed.followUpDone).toBe(3); // C1–C3 had a follow-up call by 31-3-2025
    // GAS C1..C5: before 40, 45, 38, 50, 42 (mean 43); after 55, 50, 47, 60, 52 (mean 52.8); ≥ 50: 4 of 5; all rose.
    expect(c.closed.gas).toEqual({ n: 5, meanBefore: 43, meanAfter: 52.8, atLeast50: { count: 4, percent: 80 }, improved: { count: 5, percent: 100 } });
  });

  it('referrer mix of registered families; help questions as % of families (deduplicated per family)', () => {
    expect(c.referrers).toEqual({ municipality: 7, 'youth-health-care': 5, 'social-work': 4, school: 2, childcare: 0, 'own-initiative': 2, 'family-friends': 1, 'other-care': 1, other: 0 });
    // From the Dalfsen table: opvoedondersteuning in 16 families (row 14 lists it twice, counted once),
    // netwerk 5 (rows 1, 13, 18, 20, 21), wegwijs 3, structuur 1, baby 2 (row 10 twice → once), twee culturen 2,
    // schermtijd 3, luisterend oor 4. Sum 36 answers over 22 families: percentages of families exceed 100 in total.
    expect(c.helpQuestions.counts).toMatchObject({ 'parenting-support': 16, network: 5, 'finding-way': 3, structure: 1, 'baby-care': 2, 'two-cultures': 2, 'screen-time': 3, 'listening-ear': 4 });
    expect(c.helpQuestions.families).toBe(22);
  });

  it('family profile percentages of supported families with the flag recorded', () => {
    // migration background: Dalfsen "Ja" rows 1, 3, 4, 7, 8, 9, 13, 15, 20, 21 = 10 of 22
    expect(c.profile.migrationBackground).toEqual({ yes: 10, known: 22, percent: (10 / 22) * 100 });
    // single parent: rows 1, 3, 5, 7, 9, 11 yes; row 22 not recorded → 6 of 21
    expect(c.profile.singleParent).toEqual({ yes: 6, known: 21, percent: (6 / 21) * 100 });
    expect(c.profile.financialVulnerability.yes).toBe(5);
    // not recorded for anyone: NaN with known = 0
    expect(c.profile.teenParent.known).toBe(0);
    expect(c.profile.teenParent.percent).toBeNaN();
  });

  it('volunteers: registered, by gender, trained, active, in training, stopped with reasons', () => {
    const v = c.volunteers;
    expect(v.registered).toBe(25); // Dalfsen: 25 registered …
    expect(v.genderRegistered).toMatchObject({ male: 5, female: 20 }); // … 5 men, 20 women
    expect(v.trained).toBe(21);
    expect(v.activeDuringYear).toBe(21); // V01–V21 active from their training date
    expect(v.activeAtYearEnd).toBe(14); // 21 − 7 stopped (Dalfsen: 14 active)
    expect(v.inTrainingAtYearEnd).toBe(4); // V22–V25 (Dalfsen: 4 still to be trained)
    expect(v.stopped).toBe(7);
    expect(v.stoppedByReason).toMatchObject({ 'paid-work': 2, 'wants-other-activity': 2, study: 2, 'not-a-fit': 1, unknown: 0 });
    expect(v.genderActive).toMatchObject({ male: 5, female: 16 });
    close(v.familiesPerActiveVolunteer, 22 / 21);
  });

  it('estimated volunteer hours: weeks of running trajectories in the year × 3 hours', () => {
    // Days in 2024 per trajectory: C1..C8 run from 1-1 to their end: 31+60+91+121+152+182+274+366 = 1277;
    // N1..N14 from match to 31-12: 366+335+306+275+245+214+184+153+122+92+61+31+17+1 = 2402. 3679 days / 7 weeks.
    close(c.volunteers.visitWeeks, 3679 / 7);
    close(c.volunteers.estimatedHours, (3679 / 7) * 3);
    const half = computeFigures(data, { year: 2024, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: REFERENCE_DATE, volunteerHoursPerWeek: 2.5 });
    close(half.current.volunteers.estimatedHours, (3679 / 7) * 2.5);
  });

  it('cost per supported family from the site budget', () => {
    close(c.cost.costPerSupportedFamily, DALFSEN_BUDGET / 22); // EUR 56,225 / 22 = 2,555.68
    expect(c.cost.sitesWithBudget).toBe(1);
  });

  it('previous year beside it (2023)', () => {
    const p = dalfsen.previous!;
    expect(p.year).toBe(2023);
    // registered 2023: C1..C8 (1-5-2023) + P0 (31-12-2023) = 9; P0 not supported (declined)
    expect(p.families.registered).toBe(9);
    expect(p.families.intake).toEqual({ supported: 8, notSupported: 1, pending: 0 });
    // supported and active on 31-12-2023: C1..C8; nothing closed in 2023; no volunteers registered yet
    expect(p.families.supported).toBe(8);
    expect(p.families.activeAtYearEnd).toBe(8);
    expect(p.families.closed).toBe(0);
    expect(p.closed.duration.n).toBe(0);
    expect(p.closed.duration.median).toBeNaN();
    expect(p.volunteers.registered).toBe(0);
    expect(p.volunteers.familiesPerActiveVolunteer).toBeNaN();
    expect(dalfsen.history.map((h) => h.year)).toEqual([2023, 2024]);
  });
});

describe('computeFigures: year boundaries', () => {
  it('registered on 31-12 counts in that year, on 1-1 in the next', () => {
    const y2025 = computeFigures(data, { year: 2025, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: REFERENCE_DATE });
    // B2 registered 1-1-2025 is the only registration of 2025
    expect(y2025.current.families.registered).toBe(1);
    // the 2025 year is not over on the reference date: partial, snapshot on the reference date
    expect(y2025.current.partial).toBe(true);
    expect(y2025.current.snapshotDate).toBe(REFERENCE_DATE);
    // C8 ended on 31-12-2024: not supported in 2025; N1..N14 still running
    expect(y2025.current.families.supported).toBe(14);
    expect(y2025.previous!.families.registered).toBe(22);
  });

  it('a trajectory ending on 31-12 is active on 31-12 and closed in that year', () => {
    const one: RegistrationData = {
      sites: [{ siteId: 'S', municipality: 'X', organisation: 'O', region: 'R', startDate: '2020-01-01', coordinatorHours: null, budget: null }],
      families: [],
      volunteers: [],
      trajectories: [
        { trajectoryId: 't', familyId: 'f', volunteerId: 'v', siteId: 'S', matchDate: '2023-06-01', checkDate: null, evaluationDates: [], endDate: '2023-12-31', endReason: null, goalsReached: null, gasBefore: null, gasAfter: null, followUpDate: null, followUpReferred: null },
      ],
    };
    const f = computeFigures(one, { year: 2023, referenceDate: '2024-06-30' });
    expect(f.current.families.activeAtYearEnd).toBe(1);
    expect(f.current.families.closed).toBe(1);
    expect(f.current.closed.endReasons.unknown).toBe(1);
    const g = computeFigures(one, { year: 2024, referenceDate: '2024-06-30' });
    expect(g.current.families.supported).toBe(0);
    expect(g.current.families.closed).toBe(0);
  });

  it('records after the reference date are ignored', () => {
    const f = computeFigures(data, { year: 2024, scope: { level: 'site', siteId: 'S-DAL' }, referenceDate: '2024-06-30' });
    // by 30-6-2024: registered N1..N6 (1-1 … 1-6) + NS1..NS5 (10-2 … 10-6) = 11
    expect(f.current.families.registered).toBe(11);
    // closed by 30-6: C1..C6
    expect(f.current.families.closed).toBe(6);
    expect(f.current.partial).toBe(true);
  });

  it('isoDayNumber', () => {
    expect(isoDayNumber('1970-01-02')).toBe(1);
    expect(isoDayNumber('2024-12-31') - isoDayNumber('2024-01-01')).toBe(365);
    expect(isoDayNumber('2024-13-01')).toBeNaN();
    expect(isoDayNumber(null)).toBeNaN();
    expect(isoDayNumber('2023-02-29')).toBeNaN(); // not a leap year
    expect(isoDayNumber('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    // every day 1990–2040 agrees with Date.UTC
    for (let t = Date.UTC(1990, 0, 1); t <= Date.UTC(2040, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      if (isoDayNumber(iso) !== t / 86_400_000) throw new Error(`isoDayNumber(${iso}) = ${isoDayNumber(iso)}`);
    }
  });
});

describe('computeFigures: scopes and breakdowns', () => {
  const national = computeFigures(data, { year: 2024, referenceDate: REFERENCE_DATE });

  it('national = Dalfsen + Zwolle', () => {
    expect(national.current.families.registered).toBe(22 + 3);
    expect(national.current.families.supported).toBe(22 + 3);
    expect(national.current.families.closed).toBe(8 + 2);
    // Z1 ended "referred to professional care", Z2 was referred at the follow-up: 2 of 10 closed
    expect(national.current.closed.referredProfessional).toEqual({ count: 2, percent: 20 });
    // only Dalfsen has a budget: cost over the families supported there
    expect(national.current.cost.costPerSupportedFamily).toBeCloseTo(DALFSEN_BUDGET / 22, 9);
    expect(national.current.sites).toBe(2);
  });

  it('per region and per site rows add up to the national counts', () => {
    expect(national.regions.map((r) => r.name)).toEqual(['Oost', 'West']);
    expect(national.sites.map((r) => r.name)).toEqual(['Dalfsen', 'Zwolle']);
    const sum = (k: 'registered' | 'supported' | 'closed') => national.sites.reduce((a, r) => a + r.current[k], 0);
    expect(sum('registered')).toBe(national.current.families.registered);
    expect(sum('closed')).toBe(national.current.families.closed);
    expect(national.regions[0].current).toEqual({ registered: 22, supported: 22, notSupported: 7, activeAtYearEnd: 15, closed: 8, volunteersActive: 21 });
    expect(national.regions[1].previous!.registered).toBe(0);
  });

  it('region scope', () => {
    const west = computeFigures(data, { year: 2024, scope: { level: 'region', region: 'West' }, referenceDate: REFERENCE_DATE });
    expect(west.current.families.registered).toBe(3);
    expect(west.current.cost.costPerSupportedFamily).toBeNaN();
    expect(west.current.cost.costNote).toMatch(/no site in scope reports a budget/);
    expect(west.sites).toHaveLength(1);
    expect(west.regions).toHaveLength(0);
  });

  it('clear errors for unknown scopes and impossible years', () => {
    expect(() => computeFigures(data, { year: 2024, scope: { level: 'site', siteId: 'nope' } })).toThrow(StatsError);
    expect(() => computeFigures(data, { year: 2024, scope: { level: 'region', region: 'Noord' } })).toThrow(/Region "Noord" has no sites; regions in the data: Oost, West/);
    expect(() => computeFigures(data, { year: 2030, referenceDate: REFERENCE_DATE })).toThrow(/starts after the reference date/);
    expect(() => computeFigures(data, { year: 24 })).toThrow(StatsError);
    expect(() => computeFigures(data, { year: 2024, volunteerHoursPerWeek: -1 })).toThrow(StatsError);
  });

  it('empty data: zeros and NaN with reasons, no crash', () => {
    const empty: RegistrationData = { sites: [], families: [], volunteers: [], trajectories: [] };
    const f = computeFigures(empty, { year: 2024, referenceDate: '2025-01-01' });
    expect(f.current.families.registered).toBe(0);
    expect(f.current.closed.duration.median).toBeNaN();
    expect(f.current.cost.costNote).toBe('no site in scope reports a budget');
    expect(f.current.helpQuestions.families).toBe(0);
  });

  it('toRows: every number as a tidy long table', () => {
    const rows = dalfsen.toRows();
    const get = (year: number, figure: string, category: string) => rows.find((r) => r.year === year && r.figure === figure && r.category === category)?.value;
    expect(get(2024, 'families', 'supported')).toBe(22);
    expect(get(2023, 'families', 'registered')).toBe(9);
    expect(get(2024, 'families.notSupportedByReason', 'language')).toBe(2);
    expect(get(2024, 'closed.duration', 'median')).toBeCloseTo(ref.median, 12);
    expect(get(2024, 'volunteers.genderRegistered', 'male')).toBe(5);
    expect(new Set(rows.map((r) => r.year))).toEqual(new Set([2023, 2024]));
  });

  it('toJSON holds every figure', () => {
    const j = dalfsen.toJSON() as { current: { families: { supported: number } }; scopeName: string };
    expect(j.current.families.supported).toBe(22);
    expect(j.scopeName).toBe('Dalfsen');
  });
});

describe('computeFigures counts all periods of a scope in one pass: each the same as counted alone', () => {
  it('25 earlier years (two passes of at most 16 periods), the previous year and the site rows', async () => {
    const { generateNationalRegistration } = await import('../../src/sample/registration.js');
    const { periodFiguresWithFamilies, yearPeriod } = await import('../../src/impact/figures.js');
    const sets = [
      { d: data, scope: { level: 'site' as const, siteId: 'S-DAL' }, ref: REFERENCE_DATE },
      { d: generateNationalRegistration({ sites: 6, firstYear: 2019, lastYear: 2025 }), scope: { level: 'national' as const }, ref: '2026-03-31' },
    ];
    for (const { d, scope, ref: referenceDate } of sets) {
      const f = computeFigures(d, { year: 2024, scope, referenceDate, firstYear: 1999 });
      expect(f.history.length).toBe(26);
      const alone = (y: number, sc: typeof scope | { level: 'site'; siteId: string } = scope) => periodFiguresWithFamilies(d, yearPeriod(y), { scope: sc, referenceDate }).figures;
      for (const h of f.history) expect(h).toEqual(alone(h.year!));
      expect(f.previous).toEqual(alone(2023));
      expect(f.current.families.supported).toBeGreaterThan(0);
      for (const row of f.sites) {
        const a = alone(2024, { level: 'site', siteId: row.siteId! });
        expect(row.current.supported).toBe(a.families.supported);
        expect(row.current.registered).toBe(a.families.registered);
      }
    }
  });
});
