/**
 * Figures over any period, on a hand-counted local fixture (tests/fixtures/registration/period/, Dutch
 * headers and d-m-yyyy dates, read through the real loader). The period is 1-11-2019 … 28-2-2021: it
 * crosses two calendar-year boundaries and contains the leap day 29-2-2020. Every expected number
 * below is counted by hand from the CSV rows; the comment beside it says which rows count.
 *
 * Boundaries in the fixture: registration on the day before / first day / last day / day after the
 * period (F01, F02, F09, F10) and on 31-12 and 1-1 (F03, F07, F04, F08) and the leap day (F05);
 * trajectories ending on the day before the period (T01), on 1 January (T02 on 1-1-2020, T08 on
 * 1-1-2021), on 31 December (T03), on the last day (T04), the day after (T06), matched on the leap day
 * (T04) and the day after the period (T07); volunteers stopping on 31 December (V1), on 1 January (V4),
 * on the last day (V6, still in training) and the day before (V5), registered on the first and the last
 * day (V2, V3), trained on the leap day (V2).
 */
import { describe, expect, it } from 'vitest';
import {
  computeFigures,
  loadRegistration,
  parsePeriod,
  periodKey,
  periodLabel,
  periodYearParts,
  previousPeriod,
  keyPeriod,
  yearPeriod,
  periodYear,
  periodContains,
  dateLabel,
  isoFromDayNumber,
  isoDayNumber,
  DAYS_PER_MONTH,
  StatsError,
  type PeriodFigures,
} from '../../src/index.js';

const REF = '2021-06-30';
const loaded = await loadRegistration(new URL('../fixtures/registration/period', import.meta.url).pathname, { referenceDate: REF });
const data = loaded.data;
const site = { level: 'site', siteId: 'P1' } as const;
const fig = computeFigures(data, { period: parsePeriod('2019-11..2021-02'), scope: site, referenceDate: REF });
const c = fig.current;
const [p2019, p2020, p2021] = fig.years;

describe('period helpers', () => {
  it('parsePeriod: years, year ranges, months, days, mixed sides', () => {
    expect(parsePeriod('2024')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(parsePeriod('2018-2021')).toEqual({ from: '2018-01-01', to: '2021-12-31' });
    expect(parsePeriod('2018-03..2021-06')).toEqual({ from: '2018-03-01', to: '2021-06-30' });
    expect(parsePeriod('2019-11..2020-02')).toEqual({ from: '2019-11-01', to: '2020-02-29' }); // leap year
    expect(parsePeriod('2018-03-01..2021-06-30')).toEqual({ from: '2018-03-01', to: '2021-06-30' });
    expect(parsePeriod(' 2018-03..2021 ')).toEqual({ from: '2018-03-01', to: '2021-12-31' });
  });

  it('parsePeriod refuses with a sentence', () => {
    expect(() => parsePeriod('2021-2018')).toThrow(/ends before it starts/);
    expect(() => parsePeriod('2018-13..2019-01')).toThrow(/is not a month/);
    expect(() => parsePeriod('2019-02-29..2019-03-01')).toThrow(/2019-02-29 .* is not a date/);
    expect(() => parsePeriod('march 2018')).toThrow(StatsError);
    expect(() => parsePeriod('2018/2021')).toThrow(/write 2024, 2018-2021/);
  });

  it('periodKey / keyPeriod: a year keeps its old key; any other period <from>_<to>', () => {
    expect(periodKey(yearPeriod(2024))).toBe('2024');
    expect(periodKey(parsePeriod('2018-03..2021-06'))).toBe('2018-03-01_2021-06-30');
    expect(keyPeriod('2018-03-01_2021-06-30')).toEqual({ from: '2018-03-01', to: '2021-06-30' });
    expect(keyPeriod('2024')).toEqual(yearPeriod(2024));
    expect(keyPeriod('2024-02-30_2024-03-01')).toBeNull();
  });

  it('previousPeriod: equal length in months, else in days', () => {
    expect(previousPeriod(yearPeriod(2024))).toEqual(yearPeriod(2023));
    expect(previousPeriod(parsePeriod('2018-2021'))).toEqual(parsePeriod('2014-2017'));
    // 40 months back from March 2018
    expect(previousPeriod(parsePeriod('2018-03..2021-06'))).toEqual({ from: '2014-11-01', to: '2018-02-28' });
    // 12 months ending on the leap day
    expect(previousPeriod(parsePeriod('2020-03..2021-02'))).toEqual({ from: '2019-03-01', to: '2020-02-29' });
    // 10 days
    expect(previousPeriod({ from: '2020-03-01', to: '2020-03-10' })).toEqual({ from: '2020-02-20', to: '2020-02-29' });
  });

  it('periodYearParts and periodLabel', () => {
    expect(periodYearParts(parsePeriod('2019-11..2021-02')).map(periodKey)).toEqual(['2019-11-01_2019-12-31', '2020', '2021-01-01_2021-02-28']);
    expect(periodLabel(yearPeriod(2024), 'nl')).toBe('2024');
    expect(periodLabel(parsePeriod('2018-2021'), 'en')).toBe('2018–2021');
    expect(periodLabel(parsePeriod('2018-03..2021-06'), 'nl')).toBe('maart 2018 – juni 2021');
    expect(periodLabel(parsePeriod('2018-03..2021-06'), 'en')).toBe('March 2018 – June 2021');
    expect(periodLabel({ from: '2020-02-29', to: '2021-01-01' }, 'nl')).toBe('29 februari 2020 – 1 januari 2021');
  });

  it('the TSDoc examples of the period helpers', () => {
    expect(isoFromDayNumber(1)).toBe('1970-01-02');
    expect(dateLabel('2021-06-30', 'en')).toBe('30 June 2021');
    expect(dateLabel('2021-06-30', 'nl')).toBe('30 juni 2021');
    expect(periodYear({ from: '2024-01-01', to: '2024-12-31' })).toBe(2024);
    expect(periodYear({ from: '2024-01-01', to: '2024-12-30' })).toBeNull();
    expect(periodYearParts({ from: '2018-03-01', to: '2019-06-30' })).toEqual([
      { from: '2018-03-01', to: '2018-12-31' },
      { from: '2019-01-01', to: '2019-06-30' },
    ]);
    expect(periodContains(parsePeriod('2018-2021'), yearPeriod(2020))).toBe(true);
    expect(periodContains(yearPeriod(2020), parsePeriod('2019-11..2020-02'))).toBe(false);
  });

  it('isoFromDayNumber inverts isoDayNumber (1900–2100)', () => {
    for (let d = isoDayNumber('1900-01-01'); d <= isoDayNumber('2100-12-31'); d++) {
      if (isoDayNumber(isoFromDayNumber(d)) !== d) throw new Error(`day ${d}`);
    }
    expect(isoFromDayNumber(isoDayNumber('2020-02-29'))).toBe('2020-02-29');
  });
});

describe('figures over 1-11-2019 … 28-2-2021 (hand-counted fixture)', () => {
  it('the fixture loads whole (no row rejected: every boundary date is a date)', () => {
    expect(loaded.files.map((f) => f.rejected)).toEqual([0, 0, 0, 0]);
    expect(data.families).toHaveLength(11);
    expect(data.trajectories).toHaveLength(8);
  });

  it('families registered, intake, reasons, referrers', () => {
    // registered in the period: F02 (first day) F03 (31-12) F04 (1-1) F05 (29-2) F06 F07 (31-12) F08 (1-1)
    // F09 (last day) = 8; F01 (day before) and F10 (day after) and F11 (2019-05) are outside
    expect(c.families.registered).toBe(8);
    // supported F02 F04 F05 F08 F09; not supported F03 (afgezien) F06 (taal); pending F07
    expect(c.families.intake).toEqual({ supported: 5, notSupported: 2, pending: 1 });
    expect(c.families.notSupportedByReason).toMatchObject({ declined: 1, language: 1, unknown: 0 });
    // Gemeente F02 F03 F05 F09; JGZ F04 F07; eigen initiatief F06 F08
    expect(c.referrers).toMatchObject({ municipality: 4, 'youth-health-care': 2, 'own-initiative': 2 });
  });

  it('families supported, newly matched, active at the end, closed — and they differ from the sum of the years', () => {
    // trajectories running at some day of the period: T02 (F01), T03 (F02), T04 (F04), T05 (F05),
    // T06 (F08, ends after the period), T08 (F11's second trajectory) = 6 families. T01 ended the day
    // before the period, T07 was matched the day after.
    expect(c.families.supported).toBe(6);
    // per year: 2019 part T02 T03 = 2; 2020: T02 (ends 1-1-2020: ran that day) T03 T04 T05 T08 = 5;
    // 2021 part: T04 T05 T06 T08 (ends 1-1-2021) = 4 → 11 ≠ 6: a family is counted once over the period
    expect([p2019, p2020, p2021].map((y) => y.families.supported)).toEqual([2, 5, 4]);
    // first match in the period: F01 F02 (2019), F04 F05 (2020), F08 (2021) = 5 (F11 was first matched in 2019-06)
    expect(c.families.newlyMatched).toBe(5);
    expect([p2019, p2020, p2021].map((y) => y.families.newlyMatched)).toEqual([2, 2, 1]);
    // active on 28-2-2021: T04 (ends that day), T05 (no end), T06 (ends 1-3-2021) = 3
    expect(c.families.activeAtYearEnd).toBe(3);
    // active on 31-12-2019: T02 T03 = 2; on 31-12-2020: T03 (ends that day) T04 T05 T08 = 4
    expect([p2019, p2020, p2021].map((y) => y.families.activeAtYearEnd)).toEqual([2, 4, 3]);
    // closed in the period: T02 (1-1-2020) T03 (31-12-2020) T04 (28-2-2021, last day) T08 (1-1-2021) = 4;
    // T01 (31-10-2019) and T06 (1-3-2021) are outside
    expect(c.families.closed).toBe(4);
    expect([p2019, p2020, p2021].map((y) => y.families.closed)).toEqual([0, 2, 2]);
    // children of the 6 supported families: F01 1, F02 2, F04 1, F05 3, F08 2, F11 2 = 11
    expect(c.families.childrenReached).toBe(11);
    expect(c.families.childrenByAge).toEqual({ '0': 1, '1-3': 5, '4-6': 3, '7-12': 2, '13+': 0 });
  });

  it('durations of the closed trajectories (days counted by hand, leap year 2020)', () => {
    // T02 15-11-2019 → 1-1-2020: 15 + 31 + 1 = 47 days; T08 1-11-2020 → 1-1-2021: 30 + 31 = 61;
    // T04 29-2-2020 → 28-2-2021: 365; T03 1-11-2019 → 31-12-2020: 61 + 365 = 426
    const d = c.closed.duration;
    expect(d.n).toBe(4);
    expect(d.min).toBeCloseTo(47 / DAYS_PER_MONTH, 12);
    expect(d.max).toBeCloseTo(426 / DAYS_PER_MONTH, 12);
    expect(d.median).toBeCloseTo((61 + 365) / 2 / DAYS_PER_MONTH, 12);
    expect(d.mean).toBeCloseTo((47 + 61 + 365 + 426) / 4 / DAYS_PER_MONTH, 12);
    expect(d.bins).toMatchObject({ '0-3': 2, '9-12': 1, '12-15': 1 });
    // goals: T02 none, T03 ja, T04 deels, T08 ja
    expect(c.closed.goalsReached).toEqual({ yes: 2, partly: 1, no: 0, unknown: 1, known: 3 });
    expect(c.closed.endReasons).toMatchObject({ 'goals-reached': 2, moved: 1, 'own-strength': 1 });
  });

  it('volunteers: registered, trained, active, in training, stopped (31 December, 1 January, the last day)', () => {
    // registered V2 (first day), V6 (31-12-2020), V3 (last day) = 3; men V2 V6
    expect(c.volunteers.registered).toBe(3);
    expect(c.volunteers.genderRegistered).toMatchObject({ female: 1, male: 2 });
    // trained on the leap day: V2
    expect(c.volunteers.trained).toBe(1);
    // active during: V1 (stops 31-12-2019), V2, V4 (stops 1-1-2021) = 3; V5 stopped the day before
    expect(c.volunteers.activeDuringYear).toBe(3);
    expect([p2019, p2020, p2021].map((y) => y.volunteers.activeDuringYear)).toEqual([2, 2, 2]); // sum 6 ≠ 3
    // active on 28-2-2021: V2 only
    expect(c.volunteers.activeAtYearEnd).toBe(1);
    // active on 31-12-2019: V1 (stops that day: still active that day) and V4 = 2
    expect(p2019.volunteers.activeAtYearEnd).toBe(2);
    // in training on 28-2-2021: V3 (registered that day) and V6 (stops that day, still there) = 2
    expect(c.volunteers.inTrainingAtYearEnd).toBe(2);
    // in training on 31-12-2019: V2 (trained 29-2-2020); on 31-12-2020: V6 (registered that day)
    expect([p2019, p2020].map((y) => y.volunteers.inTrainingAtYearEnd)).toEqual([1, 1]);
    // stopped: V1 (31-12-2019), V4 (1-1-2021), V6 (28-2-2021) = 3; per year 1, 0, 2
    expect(c.volunteers.stopped).toBe(3);
    expect([p2019, p2020, p2021].map((y) => y.volunteers.stopped)).toEqual([1, 0, 2]);
    expect(c.volunteers.stoppedByReason).toMatchObject({ 'paid-work': 1, moved: 1, personal: 1, health: 0 });
  });

  it('hours and cost', () => {
    // days of each trajectory inside the period: T02 48, T03 427, T04 366, T05 365, T06 28, T08 62 = 1296
    expect(c.volunteers.visitWeeks).toBeCloseTo(1296 / 7, 10);
    expect(c.volunteers.estimatedHours).toBeCloseTo((1296 / 7) * 3, 10);
    // budget 36,600 a year: 61/365 of 2019, all of 2020, 59/365 of 2021, over 6 supported families
    expect(c.cost.budgetTotal).toBeCloseTo(36600 * (1 + 120 / 365), 8);
    expect(c.cost.costPerSupportedFamily).toBeCloseTo((36600 * (1 + 120 / 365)) / 6, 8);
    expect(p2020.cost.budgetTotal).toBe(36600);
  });

  it('flows add up over the calendar-year parts; the whole-year part equals the annual figures', () => {
    const parts = fig.years;
    const sum = (f: (y: PeriodFigures) => number) => parts.reduce((a, y) => a + f(y), 0);
    for (const f of [
      (y: PeriodFigures) => y.families.registered,
      (y: PeriodFigures) => y.families.intake.notSupported,
      (y: PeriodFigures) => y.families.newlyMatched,
      (y: PeriodFigures) => y.families.closed,
      (y: PeriodFigures) => y.closed.duration.n,
      (y: PeriodFigures) => y.volunteers.registered,
      (y: PeriodFigures) => y.volunteers.trained,
      (y: PeriodFigures) => y.volunteers.stopped,
      (y: PeriodFigures) => y.volunteers.visitWeeks,
    ]) {
      expect(sum(f)).toBeCloseTo(f(c), 10);
    }
    const y2020 = computeFigures(data, { year: 2020, scope: site, referenceDate: REF });
    expect(p2020.key).toBe('2020');
    expect(y2020.current).toEqual(p2020);
    // the end figures of the period are those of its last part
    expect(p2021.families.activeAtYearEnd).toBe(c.families.activeAtYearEnd);
    expect(p2021.volunteers.inTrainingAtYearEnd).toBe(c.volunteers.inTrainingAtYearEnd);
  });

  it('previous period of equal length only where the data cover it', () => {
    // 1-7-2018 … 31-10-2019 starts before 2019, the first year with a registration (F11): no previous period
    expect(fig.previous).toBeNull();
    // 12 months 1-3-2020 … 28-2-2021 → previous 1-3-2019 … 29-2-2020 (ends on the leap day)
    const g = computeFigures(data, { period: parsePeriod('2020-03..2021-02'), scope: site, referenceDate: REF });
    expect(g.previous!.period).toEqual({ from: '2019-03-01', to: '2020-02-29' });
    // registered F11 (10-5-2019) F01 F02 F03 F04 F05 (29-2-2020, the last day) = 6
    expect(g.previous!.families.registered).toBe(6);
    // this period: F06 F07 F08 F09 = 4 (F05 on 29-2 belongs to the previous one)
    expect(g.current.families.registered).toBe(4);
  });

  it('history: earlier whole years, then the period per calendar year', () => {
    expect(fig.history.map((y) => y.key)).toEqual(['2018', '2019-11-01_2019-12-31', '2020', '2021-01-01_2021-02-28']);
    expect(fig.toRows().find((r) => r.period === '2020' && r.figure === 'families' && r.category === 'supported')?.value).toBe(5);
  });

  it('a running period: counted up to the reference date, marked partial', () => {
    // 2020-07 … 2021-06 on a reference date of 31-3-2021
    const r = computeFigures(data, { period: parsePeriod('2020-07..2021-06'), scope: site, referenceDate: '2021-03-31' });
    expect(r.current.partial).toBe(true);
    expect(r.current.snapshotDate).toBe('2021-03-31');
    // T07 matched 1-3-2021: supported; T06 ended 1-3-2021: closed (both before the reference date)
    // supported: T03 T04 T05 T06 T07 T08 = 6 (F02 F04 F05 F08 F09 F11)
    expect(r.current.families.supported).toBe(6);
    // the hours stop at the reference date: T03 1-7…31-12-2020 184, T04 1-7-2020…28-2-2021 243, T05 1-7-2020…31-3-2021 274,
    // T06 1-2…1-3-2021 29, T07 1-3…31-3-2021 31, T08 1-11-2020…1-1-2021 62 = 823 days
    expect(r.current.volunteers.visitWeeks).toBeCloseTo(823 / 7, 10);
    // without a reference date the last date in the data (F10 registered 1-3-2021) is the reference date
    const d = computeFigures(data, { period: parsePeriod('2020-07..2021-06'), scope: site });
    expect(d.referenceDate).toBe('2021-03-01');
    expect(d.current.snapshotDate).toBe('2021-03-01');
    expect(d.current.partial).toBe(true);
  });

  it('refuses what it cannot count, with a sentence', () => {
    expect(() => computeFigures(data, { period: parsePeriod('2021-07..2021-12'), scope: site, referenceDate: REF })).toThrow(/the period 2021-07-01 to 2021-12-31 starts after the reference date 2021-06-30/);
    expect(() => computeFigures(data, { year: 2022, scope: site })).toThrow(/year 2022 starts after the last date in the data \(2021-03-01/);
    expect(() => computeFigures(data, { year: 2020, period: yearPeriod(2020) })).toThrow(/not both/);
    expect(() => computeFigures(data, {} as never)).toThrow(/year or the period/);
    expect(() => computeFigures(data, { period: { from: '2020-02-30', to: '2020-03-01' } })).toThrow(/first day must be a date/);
  });
});
