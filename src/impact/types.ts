/**
 * Registration data of Home-Start sites (the national office's yearly figures). These are the
 * in-memory forms the registration loaders produce (`src/impact/registration.ts`) and the figure
 * functions consume (`src/impact/figures.ts`). All ids are pseudonymous; dates are ISO `YYYY-MM-DD`.
 * Categorical codes are stable English slugs. The lists of codes with their Dutch and English labels
 * and aliases are data (`data-schemas/registration/categories.json`, read by `labels.ts`); the union
 * types below name the bundled codes, and `| OfficeCode` marks the fields where an office's category
 * file can add codes of its own.
 */
import type { RegistrationCategories, VolunteerAvailability } from './labels.js';

/** A code an office added in its own category file (any code of the list the data were read with). */
export type OfficeCode = string & {};

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
  | 'parenting-support' // opvoedondersteuning
  | 'network' // netwerk vergroten
  | 'finding-way' // wegwijs maken
  | 'structure' // structuur
  | 'baby-care' // verzorging baby
  | 'positive-parenting' // positief opvoeden
  | 'setting-limits' // grenzen stellen
  | 'getting-used-to-parenthood' // wennen aan het ouderschap / aan de ouderrol
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
  referrer: Referrer | OfficeCode;
  helpQuestions: Array<HelpQuestion | OfficeCode>;
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
  /**
   * Village or district within the municipality ("kern", "woonplaats"; optional). Published only as
   * counts through the disclosure control, never next to any other detail of a family.
   */
  locality: string | null;
  intakeOutcome: 'supported' | 'not-supported' | 'pending';
  notSupportedReason: NotSupportedReason | OfficeCode | null;
}

export interface Volunteer {
  volunteerId: string;
  siteId: string;
  gender: Gender | null;
  registrationDate: string;
  trainingCompletedDate: string | null;
  activeFrom: string | null;
  stopDate: string | null;
  stopReason: VolunteerStopReason | OfficeCode | null;
  /**
   * Availability on the date the data were exported (optional column): deployable, not deployable
   * for now (illness, a course for work, a break) or still in the basic training. `null`: not recorded.
   */
  availability?: VolunteerAvailability | null;
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
  endReason: TrajectoryEndReason | OfficeCode | null;
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
  /**
   * The category lists the data were read with, when an office's category file extended the bundled
   * ones (absent: the bundled lists). Figures and reports order and label the codes with them.
   */
  categories?: RegistrationCategories;
}
