/**
 * Hand-made registration data for the impact figure tests: a Dalfsen-sized site (after the local
 * evaluation in seed 002: 22 families supported, 7 not supported with reasons, 25 volunteers
 * registered of whom 5 men and 20 women, 7 stopped, 14 active, 4 in training, average duration about
 * a year) plus a small second site in another region. Every count the tests expect is counted out
 * by hand in figures.test.ts from the lists below. Synthetic: not real families.
 */
import type { Family, RegistrationData, Site, Trajectory, Volunteer, Referrer, HelpQuestion, TrajectoryEndReason, VolunteerStopReason } from '../../src/impact/types.js';

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function family(id: string, siteId: string, registrationDate: string, over: Partial<Family> = {}): Family {
  return {
    familyId: id,
    siteId,
    registrationDate,
    referrer: 'other',
    helpQuestions: [],
    childrenCount: 0,
    childrenAges: [],
    singleParent: null,
    migrationBackground: null,
    newcomer: null,
    financialVulnerability: null,
    psychologicalVulnerability: null,
    teenParent: null,
    physicalDisability: null,
    startsAroundBirth: null,
    locality: null,
    intakeOutcome: 'supported',
    notSupportedReason: null,
    ...over,
  };
}

function trajectory(id: string, familyId: string, siteId: string, matchDate: string, over: Partial<Trajectory> = {}): Trajectory {
  return {
    trajectoryId: id,
    familyId,
    volunteerId: 'V01',
    siteId,
    matchDate,
    checkDate: null,
    evaluationDates: [],
    endDate: null,
    endReason: null,
    goalsReached: null,
    gasBefore: null,
    gasAfter: null,
    followUpDate: null,
    followUpReferred: null,
    ...over,
  };
}

/** Help questions and children's ages of the 22 supported families: the rows of the Dalfsen table (seed 002). */
export const DALFSEN_ROWS: Array<{ help: HelpQuestion[]; ages: number[]; migration: boolean }> = [
  { help: ['finding-way', 'network'], ages: [2, 7, 9], migration: true }, // 1
  { help: ['structure', 'parenting-support'], ages: [3, 5], migration: false }, // 2
  { help: ['baby-care'], ages: [0], migration: true }, // 3
  { help: ['parenting-support', 'screen-time'], ages: [2, 7], migration: true }, // 4
  { help: ['parenting-support'], ages: [2], migration: false }, // 5
  { help: ['parenting-support', 'screen-time', 'listening-ear'], ages: [4, 5, 9], migration: false }, // 6
  { help: ['two-cultures'], ages: [5, 6], migration: true }, // 7
  { help: ['two-cultures'], ages: [3, 5, 7, 9], migration: true }, // 8
  { help: ['parenting-support', 'finding-way'], ages: [2, 7, 14], migration: true }, // 9
  { help: ['baby-care', 'baby-care'], ages: [0], migration: false }, // 10 (verzorging baby + wennen aan ouderrol: one code)
  { help: ['parenting-support'], ages: [6], migration: false }, // 11
  { help: ['parenting-support'], ages: [7], migration: false }, // 12
  { help: ['finding-way', 'network'], ages: [3], migration: true }, // 13
  { help: ['parenting-support', 'parenting-support'], ages: [3, 4, 10, 12], migration: false }, // 14 (opvoedondersteuning + grenzen stellen)
  { help: ['parenting-support', 'listening-ear'], ages: [7], migration: true }, // 15
  { help: ['parenting-support', 'listening-ear'], ages: [7], migration: false }, // 16
  { help: ['parenting-support', 'screen-time'], ages: [7, 9], migration: false }, // 17
  { help: ['parenting-support', 'network'], ages: [2, 3], migration: false }, // 18
  { help: ['parenting-support', 'listening-ear'], ages: [2, 4, 6], migration: false }, // 19
  { help: ['parenting-support', 'network'], ages: [3, 4], migration: true }, // 20
  { help: ['parenting-support', 'network'], ages: [7], migration: true }, // 21
  { help: ['parenting-support'], ages: [3, 4], migration: false }, // 22
];

/** Durations (days) and end dates of the 8 trajectories carried over from 2023 and closed in 2024. */
export const CLOSED_2024: Array<{ end: string; days: number; reason: TrajectoryEndReason; goals: 'yes' | 'partly' | 'no' | null; gas: [number, number] | null }> = [
  { end: '2024-01-31', days: 183, reason: 'goals-reached', goals: 'yes', gas: [40, 55] }, // C1
  { end: '2024-02-29', days: 274, reason: 'own-strength', goals: 'yes', gas: [45, 50] }, // C2
  { end: '2024-03-31', days: 304, reason: 'goals-reached', goals: 'yes', gas: [38, 47] }, // C3
  { end: '2024-04-30', days: 335, reason: 'own-strength', goals: 'yes', gas: [50, 60] }, // C4
  { end: '2024-05-31', days: 366, reason: 'goals-reached', goals: 'partly', gas: [42, 52] }, // C5
  { end: '2024-06-30', days: 396, reason: 'family-stopped', goals: 'partly', gas: null }, // C6
  { end: '2024-09-30', days: 427, reason: 'goals-reached', goals: 'no', gas: null }, // C7
  { end: '2024-12-31', days: 548, reason: 'moved', goals: null, gas: null }, // C8 (ends on 31 December)
];

/** Match dates of the 14 families registered and matched in 2024 (still running). */
export const NEW_2024_MATCH = [
  '2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01', '2024-06-01', '2024-07-01',
  '2024-08-01', '2024-09-01', '2024-10-01', '2024-11-01', '2024-12-01', '2024-12-15', '2024-12-31',
];

/** Referrers of the 22 families registered in 2024, in order N1..N14, NS1..NS7, B1. */
export const REFERRERS_2024: Referrer[] = [
  ...Array<Referrer>(7).fill('municipality'),
  ...Array<Referrer>(5).fill('youth-health-care'),
  ...Array<Referrer>(4).fill('social-work'),
  'school', 'school', 'own-initiative', 'own-initiative', 'family-friends', 'other-care',
];

export const NOT_SUPPORTED_REASONS = ['no-click', 'declined', 'declined', 'language', 'language', 'question-does-not-fit', 'question-does-not-fit'] as const;
export const STOP_REASONS: VolunteerStopReason[] = ['paid-work', 'paid-work', 'wants-other-activity', 'wants-other-activity', 'study', 'study', 'not-a-fit'];

export const DALFSEN_BUDGET = 56_225;

export function dalfsenFixture(): RegistrationData {
  const D = 'S-DAL';
  const Z = 'S-ZWO';
  const sites: Site[] = [
    { siteId: D, municipality: 'Dalfsen', organisation: 'Stichting De Kern', region: 'Oost', startDate: '2018-03-01', coordinatorHours: 20, budget: DALFSEN_BUDGET },
    { siteId: Z, municipality: 'Zwolle', organisation: 'Home-Start Zwolle', region: 'West', startDate: '2015-01-01', coordinatorHours: 20, budget: null },
  ];
  const families: Family[] = [];
  const trajectories: Trajectory[] = [];
  const volunteers: Volunteer[] = [];
  const profile = (i: number) => ({
    singleParent: i === 21 ? null : [0, 2, 4, 6, 8, 10].includes(i),
    financialVulnerability: i < 5,
    migrationBackground: DALFSEN_ROWS[i].migration,
  });
  // C1..C8: registered 2023-05-01, matched in 2023, closed in 2024 (rows 1–8 of the Dalfsen table)
  CLOSED_2024.forEach((c, i) => {
    const id = `FAM-C${i + 1}`;
    const row = DALFSEN_ROWS[i];
    families.push(family(id, D, '2023-05-01', { referrer: 'municipality', helpQuestions: row.help, childrenAges: row.ages, childrenCount: row.ages.length, ...profile(i) }));
    trajectories.push(
      trajectory(`TR-C${i + 1}`, id, D, addDays(c.end, -c.days), {
        endDate: c.end,
        endReason: c.reason,
        goalsReached: c.goals,
        gasBefore: c.gas ? c.gas[0] : null,
        gasAfter: c.gas ? c.gas[1] : null,
        followUpDate: i < 3 ? addDays(c.end, 90) : null,
        followUpReferred: i < 3 ? false : null,
      }),
    );
  });
  // P0: registered on 31 December 2023, not supported (declined): counts in 2023, not in 2024
  families.push(family('FAM-P0', D, '2023-12-31', { intakeOutcome: 'not-supported', notSupportedReason: 'declined', referrer: 'school' }));
  // N1..N14: registered and matched in 2024 (rows 9–22 of the Dalfsen table)
  NEW_2024_MATCH.forEach((m, k) => {
    const i = 8 + k;
    const id = `FAM-N${k + 1}`;
    const row = DALFSEN_ROWS[i];
    families.push(family(id, D, m, { referrer: REFERRERS_2024[k], helpQuestions: row.help, childrenAges: row.ages, childrenCount: row.ages.length, ...profile(i) }));
    trajectories.push(trajectory(`TR-N${k + 1}`, id, D, m));
  });
  // NS1..NS7: registered in 2024, not supported with a reason
  NOT_SUPPORTED_REASONS.forEach((r, k) => {
    families.push(family(`FAM-NS${k + 1}`, D, `2024-0${k + 2}-10`, { intakeOutcome: 'not-supported', notSupportedReason: r, referrer: REFERRERS_2024[14 + k] }));
  });
  // B1: registered on 31 December 2024 (pending) – counts in 2024; B2: registered 1 January 2025 – does not
  families.push(family('FAM-B1', D, '2024-12-31', { intakeOutcome: 'pending', referrer: REFERRERS_2024[21] }));
  families.push(family('FAM-B2', D, '2025-01-01', { intakeOutcome: 'pending', referrer: 'school' }));
  // Volunteers V01..V25 registered in 2024: V01–V05 men, V06–V25 women; V01–V21 trained (and active from
  // training); V01–V07 stopped in 2024; V22–V25 still in training.
  for (let k = 1; k <= 25; k++) {
    const reg = addDays('2024-01-05', k);
    const trained = k <= 21 ? addDays(reg, 30) : null;
    volunteers.push({
      volunteerId: `VOL-${String(k).padStart(2, '0')}`,
      siteId: D,
      gender: k <= 5 ? 'male' : 'female',
      registrationDate: reg,
      trainingCompletedDate: trained,
      activeFrom: trained,
      stopDate: k <= 7 ? addDays('2024-06-01', k) : null,
      stopReason: k <= 7 ? STOP_REASONS[k - 1] : null,
    });
  }
  // Zwolle (region West): 3 families registered and matched in 2024; Z1 closed "referred to professional
  // care", Z2 closed "goals reached" but referred at the follow-up, Z3 running. Two volunteers.
  families.push(family('FAM-Z1', Z, '2024-01-15', { referrer: 'school', helpQuestions: ['structure'], childrenCount: 1, childrenAges: [4] }));
  families.push(family('FAM-Z2', Z, '2024-02-15', { referrer: 'school', helpQuestions: ['structure'], childrenCount: 2, childrenAges: [1, 3] }));
  families.push(family('FAM-Z3', Z, '2024-03-15', { referrer: 'childcare', helpQuestions: ['network'], childrenCount: 1, childrenAges: [0] }));
  trajectories.push(trajectory('TR-Z1', 'FAM-Z1', Z, '2024-02-01', { endDate: '2024-08-01', endReason: 'referred-professional', goalsReached: 'partly' }));
  trajectories.push(trajectory('TR-Z2', 'FAM-Z2', Z, '2024-03-01', { endDate: '2024-11-30', endReason: 'goals-reached', goalsReached: 'yes', followUpReferred: true }));
  trajectories.push(trajectory('TR-Z3', 'FAM-Z3', Z, '2024-04-01'));
  for (const k of [1, 2]) {
    volunteers.push({ volunteerId: `VOL-Z${k}`, siteId: Z, gender: 'female', registrationDate: '2024-01-02', trainingCompletedDate: '2024-01-20', activeFrom: '2024-01-20', stopDate: null, stopReason: null });
  }
  return { sites, families, volunteers, trajectories };
}
