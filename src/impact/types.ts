/**
 * Registration data of Home-Start sites (the national office's yearly figures). These are the
 * in-memory forms the registration loaders produce (`src/impact/registration.ts`) and the figure
 * functions consume (`src/impact/figures.ts`). All ids are pseudonymous; dates are ISO `YYYY-MM-DD`.
 * Categorical codes are stable English slugs; Dutch and English labels live in `labels.ts`.
 */

export type Referrer =
  | 'municipality' // gemeente / sociaal team / wijkteam
  | 'youth-health-care' // JGZ, GGD, consultatiebureau
  | 'social-work' // AMW, maatschappelijk werk
  | 'school'
  | 'childcare' // kinderopvang, peuterspeelzaal
  | 'own-initiative' // eigen initiatief
  | 'family-friends' // familie, vrienden, kennissen
  | 'other-care' // andere zorgaanbieder (e.g. thuisbegeleiding)
  | 'other';

export type HelpQuestion =
  | 'parenting-support' // opvoedondersteuning, positief opvoeden, grenzen stellen
  | 'network' // netwerk vergroten
  | 'finding-way' // wegwijs maken
  | 'structure' // structuur
  | 'baby-care' // verzorging baby, wennen aan ouderrol
  | 'two-cultures' // opvoeden in twee culturen
  | 'screen-time' // schermtijd
  | 'listening-ear' // luisterend oor
  | 'practical-support' // praktische ondersteuning
  | 'other';

export type NotSupportedReason = 'no-click' | 'declined' | 'language' | 'question-does-not-fit' | 'referred-elsewhere' | 'other';

export type TrajectoryEndReason =
  | 'goals-reached'
  | 'own-strength' // gezin eigen kracht / verder zonder hulp
  | 'family-stopped'
  | 'volunteer-stopped'
  | 'moved'
  | 'referred-professional' // doorverwezen naar professionele hulp
  | 'other';

export type VolunteerStopReason = 'paid-work' | 'study' | 'wants-other-activity' | 'not-a-fit' | 'moved' | 'health' | 'personal' | 'other';

export type Gender = 'female' | 'male' | 'other';

export interface Site {
  siteId: string;
  municipality: string;
  organisation: string;
  region: string;
  startDate: string;
  /** Paid coordinator hours per week. */
  coordinatorHours: number | null;
  /** Yearly budget in euros (optional). */
  budget: number | null;
}

export interface Family {
  familyId: string;
  siteId: string;
  registrationDate: string;
  referrer: Referrer;
  helpQuestions: HelpQuestion[];
  childrenCount: number;
  /** Ages in whole years at registration (0 = baby; pregnancy recorded as 0 with `startsAroundBirth`). */
  childrenAges: number[];
  singleParent: boolean | null;
  migrationBackground: boolean | null;
  /** In the country for less than 5 years. */
  newcomer: boolean | null;
  financialVulnerability: boolean | null;
  psychologicalVulnerability: boolean | null;
  teenParent: boolean | null;
  physicalDisability: boolean | null;
  /** Trajectory starts during pregnancy or around birth. */
  startsAroundBirth: boolean | null;
  /** Village/district within the municipality (optional; never published below the suppression threshold). */
  locality: string | null;
  intakeOutcome: 'supported' | 'not-supported' | 'pending';
  notSupportedReason: NotSupportedReason | null;
}

export interface Volunteer {
  volunteerId: string;
  siteId: string;
  gender: Gender | null;
  registrationDate: string;
  trainingCompletedDate: string | null;
  activeFrom: string | null;
  stopDate: string | null;
  stopReason: VolunteerStopReason | null;
}

export interface Trajectory {
  trajectoryId: string;
  familyId: string;
  volunteerId: string;
  siteId: string;
  matchDate: string;
  /** The check after 4–5 weeks. */
  checkDate: string | null;
  evaluationDates: string[];
  endDate: string | null;
  endReason: TrajectoryEndReason | null;
  goalsReached: 'yes' | 'partly' | 'no' | null;
  /** GAS T-scores at the start and at the end, when the site uses GAS. */
  gasBefore: number | null;
  gasAfter: number | null;
  followUpDate: string | null;
  /** At the 3-month follow-up: the family was (or had to be) referred to professional care. */
  followUpReferred: boolean | null;
}

/** Everything loaded from one registration data folder. */
export interface RegistrationData {
  sites: Site[];
  families: Family[];
  volunteers: Volunteer[];
  trajectories: Trajectory[];
}
