/**
 * Category codes of the registration data: their Dutch and English display labels, and the alias
 * tables that map what people actually type in a registration spreadsheet ("Gemeente", "GGD",
 * "AMW", "Eigen initiatief", "Opvoedondersteuning", "niet ondersteund", …) to the stable codes of
 * `types.ts`. The JSON Schemas in `data-schemas/registration/` name a table here with
 * `"x-labels": "<kind>"`; the loader turns that into the enum's alias map, so a new alias is one
 * line here and no code.
 *
 * Aliases are compared case-insensitively; {@link registrationValueAliases} also accepts each alias
 * with spaces, hyphens and underscores interchanged ("niet-ondersteund" = "niet ondersteund").
 */
import type { Gender, HelpQuestion, NotSupportedReason, Referrer, TrajectoryEndReason, VolunteerStopReason } from './types.js';

/** A display label in both report languages. */
export interface RegistrationLabel {
  nl: string;
  en: string;
}

export type RegistrationLanguage = 'nl' | 'en';

export type IntakeOutcome = 'supported' | 'not-supported' | 'pending';
export type GoalsReached = 'yes' | 'partly' | 'no';

/** The category kinds with a label/alias table (the `x-labels` values of the schemas). */
export type RegistrationLabelKind =
  | 'referrer'
  | 'help-question'
  | 'not-supported-reason'
  | 'intake-outcome'
  | 'end-reason'
  | 'goals-reached'
  | 'volunteer-stop-reason'
  | 'gender';

interface LabelEntry {
  label: RegistrationLabel;
  /** Extra spellings accepted in data files (the code and both labels are always accepted). */
  aliases: readonly string[];
}

const REFERRER: Record<Referrer, LabelEntry> = {
  municipality: {
    label: { nl: 'Gemeente / sociaal team', en: 'Municipality / social team' },
    aliases: ['gemeente', 'sociaal team', 'wijkteam', 'buurtteam', 'jeugdteam', 'sociaal wijkteam', 'jeugdconsulent', 'gemeente/sociaal team', 'social team', 'municipality/social team'],
  },
  'youth-health-care': {
    label: { nl: 'Jeugdgezondheidszorg (GGD/JGZ)', en: 'Youth health care' },
    aliases: ['ggd', 'jgz', 'consultatiebureau', 'jeugdgezondheidszorg', 'cb', 'jeugdarts', 'jeugdverpleegkundige', 'ggd/jgz', 'youth health care'],
  },
  'social-work': {
    label: { nl: 'Maatschappelijk werk (AMW)', en: 'Social work' },
    aliases: ['amw', 'maatschappelijk werk', 'algemeen maatschappelijk werk', 'social work'],
  },
  school: { label: { nl: 'School', en: 'School' }, aliases: ['school', 'intern begeleider', 'ib', 'ib-er'] },
  childcare: { label: { nl: 'Kinderopvang', en: 'Childcare' }, aliases: ['kinderopvang', 'peuterspeelzaal', 'kinderdagverblijf', 'kdv', 'gastouder', 'childcare'] },
  'own-initiative': { label: { nl: 'Eigen initiatief', en: 'Own initiative' }, aliases: ['eigen initiatief', 'zelf', 'zelfmelder', 'ouder zelf', 'self', 'self-referral', 'own initiative'] },
  'family-friends': {
    label: { nl: 'Familie / vrienden', en: 'Family / friends' },
    aliases: ['familie', 'vrienden', 'kennissen', 'familie/vrienden', 'familie of vrienden', 'netwerk', 'family', 'friends', 'family/friends'],
  },
  'other-care': {
    label: { nl: 'Andere zorgaanbieder', en: 'Other care provider' },
    aliases: ['andere zorgaanbieder', 'zorgaanbieder', 'thuisbegeleiding', 'huisarts', 'verloskundige', 'kraamzorg', 'ggz', 'hulpverlening', 'other care', 'other care provider'],
  },
  other: { label: { nl: 'Anders', en: 'Other' }, aliases: ['anders', 'overig', 'overige', 'other'] },
};

const HELP_QUESTION: Record<HelpQuestion, LabelEntry> = {
  'parenting-support': {
    label: { nl: 'Opvoedondersteuning', en: 'Parenting support' },
    aliases: ['opvoedondersteuning', 'opvoeding', 'opvoedvragen', 'positief opvoeden', 'grenzen stellen', 'opvoedingsondersteuning', 'parenting support', 'parenting'],
  },
  network: { label: { nl: 'Netwerk vergroten', en: 'Widening the network' }, aliases: ['netwerk vergroten', 'netwerk', 'sociaal netwerk', 'isolement', 'network'] },
  'finding-way': { label: { nl: 'Wegwijs maken', en: "Finding one's way" }, aliases: ['wegwijs maken', 'wegwijs', 'weg vinden', 'finding way', "finding one's way"] },
  structure: { label: { nl: 'Structuur', en: 'Structure' }, aliases: ['structuur', 'ritme', 'ritme en structuur', 'dagstructuur', 'structure'] },
  'baby-care': {
    label: { nl: 'Verzorging baby', en: 'Baby care' },
    aliases: ['verzorging baby', 'verzorgen baby', 'babyverzorging', 'wennen aan ouderrol', 'zwangerschap', 'baby care'],
  },
  'two-cultures': { label: { nl: 'Opvoeden in twee culturen', en: 'Parenting in two cultures' }, aliases: ['opvoeden in twee culturen', 'twee culturen', 'two cultures'] },
  'screen-time': { label: { nl: 'Schermtijd', en: 'Screen time' }, aliases: ['schermtijd', 'mediagebruik', 'screen time'] },
  'listening-ear': { label: { nl: 'Luisterend oor', en: 'Listening ear' }, aliases: ['luisterend oor', 'steun', 'emotionele steun', 'listening ear'] },
  'practical-support': {
    label: { nl: 'Praktische ondersteuning', en: 'Practical support' },
    aliases: ['praktische ondersteuning', 'praktische hulp', 'praktisch', 'huishouden', 'practical support'],
  },
  other: { label: { nl: 'Anders', en: 'Other' }, aliases: ['anders', 'overig', 'overige', 'other'] },
};

const NOT_SUPPORTED_REASON: Record<NotSupportedReason, LabelEntry> = {
  'no-click': { label: { nl: 'Geen klik met vrijwilliger', en: 'No click with the volunteer' }, aliases: ['geen klik', 'klikte niet', 'geen match', 'no click'] },
  declined: { label: { nl: 'Toch afgezien van hulp', en: 'Declined help' }, aliases: ['afgezien', 'afgezien van hulp', 'toch afgezien van hulp', 'hulp geweigerd', 'geweigerd', 'afgemeld', 'declined'] },
  language: { label: { nl: 'Taal onvoldoende', en: 'Language' }, aliases: ['taal', 'taalbarriere', 'taalbarrière', 'taal onvoldoende', 'language'] },
  'question-does-not-fit': {
    label: { nl: 'Vraag past niet bij Home-Start', en: 'Question does not fit' },
    aliases: ['vraag past niet', 'geen passende vraag', 'niet passende vraag', 'vraag past niet bij home-start', 'question does not fit'],
  },
  'referred-elsewhere': { label: { nl: 'Elders naartoe verwezen', en: 'Referred elsewhere' }, aliases: ['doorverwezen', 'elders', 'verwezen', 'elders naartoe verwezen', 'referred elsewhere'] },
  other: { label: { nl: 'Anders', en: 'Other' }, aliases: ['anders', 'overig', 'overige', 'other'] },
};

const INTAKE_OUTCOME: Record<IntakeOutcome, LabelEntry> = {
  supported: { label: { nl: 'Ondersteund', en: 'Supported' }, aliases: ['ondersteund', 'gekoppeld', 'koppeling', 'ja', 'supported'] },
  'not-supported': { label: { nl: 'Niet ondersteund', en: 'Not supported' }, aliases: ['niet ondersteund', 'geen ondersteuning', 'niet gekoppeld', 'nee', 'not supported'] },
  pending: { label: { nl: 'In behandeling', en: 'Pending' }, aliases: ['in behandeling', 'wachtlijst', 'intake gepland', 'lopend', 'pending'] },
};

const END_REASON: Record<TrajectoryEndReason, LabelEntry> = {
  'goals-reached': { label: { nl: 'Doelen bereikt', en: 'Goals reached' }, aliases: ['doelen bereikt', 'doel bereikt', 'afgerond', 'goals reached'] },
  'own-strength': { label: { nl: 'Gezin verder op eigen kracht', en: "Family continues on its own" }, aliases: ['eigen kracht', 'op eigen kracht', 'gezin kan verder', 'verder zonder hulp', 'own strength'] },
  'family-stopped': { label: { nl: 'Gezin gestopt', en: 'Family stopped' }, aliases: ['gezin gestopt', 'gestopt door gezin', 'voortijdig gestopt', 'family stopped'] },
  'volunteer-stopped': { label: { nl: 'Vrijwilliger gestopt', en: 'Volunteer stopped' }, aliases: ['vrijwilliger gestopt', 'gestopt door vrijwilliger', 'volunteer stopped'] },
  moved: { label: { nl: 'Verhuisd', en: 'Moved' }, aliases: ['verhuisd', 'verhuizing', 'moved'] },
  'referred-professional': {
    label: { nl: 'Doorverwezen naar professionele hulp', en: 'Referred to professional care' },
    aliases: ['doorverwezen', 'doorverwezen naar professionele hulp', 'professionele hulp', 'verwezen', 'referred', 'referred to professional care'],
  },
  other: { label: { nl: 'Anders', en: 'Other' }, aliases: ['anders', 'overig', 'overige', 'other'] },
};

const GOALS_REACHED: Record<GoalsReached, LabelEntry> = {
  yes: { label: { nl: 'Ja', en: 'Yes' }, aliases: ['ja', 'j', 'yes', 'y', 'bereikt', '1'] },
  partly: { label: { nl: 'Deels', en: 'Partly' }, aliases: ['deels', 'gedeeltelijk', 'deelsbereikt', 'deels bereikt', 'partly', 'partially'] },
  no: { label: { nl: 'Nee', en: 'No' }, aliases: ['nee', 'n', 'no', 'niet bereikt', '0'] },
};

const VOLUNTEER_STOP_REASON: Record<VolunteerStopReason, LabelEntry> = {
  'paid-work': { label: { nl: 'Betaald werk', en: 'Paid work' }, aliases: ['betaald werk', 'werk', 'nieuwe baan', 'paid work'] },
  study: { label: { nl: 'Opleiding', en: 'Study' }, aliases: ['opleiding', 'studie', 'study'] },
  'wants-other-activity': {
    label: { nl: 'Wil iets anders doen', en: 'Wants to do something else' },
    aliases: ['iets anders', 'iets anders doen', 'wil iets anders doen', 'ander vrijwilligerswerk', 'other activity', 'wants other activity'],
  },
  'not-a-fit': { label: { nl: 'Past niet bij Home-Start', en: 'Not a fit' }, aliases: ['past niet', 'past niet bij home-start', 'niet passend', 'not a fit'] },
  moved: { label: { nl: 'Verhuisd', en: 'Moved' }, aliases: ['verhuisd', 'verhuizing', 'moved'] },
  health: { label: { nl: 'Gezondheid', en: 'Health' }, aliases: ['gezondheid', 'ziekte', 'ziek', 'health', 'illness'] },
  personal: { label: { nl: 'Persoonlijke omstandigheden', en: 'Personal circumstances' }, aliases: ['persoonlijk', 'persoonlijke omstandigheden', 'personal', 'personal circumstances'] },
  other: { label: { nl: 'Anders', en: 'Other' }, aliases: ['anders', 'overig', 'overige', 'other'] },
};

const GENDER: Record<Gender, LabelEntry> = {
  female: { label: { nl: 'Vrouw', en: 'Woman' }, aliases: ['vrouw', 'v', 'f', 'female', 'woman', 'vrouwelijk'] },
  male: { label: { nl: 'Man', en: 'Man' }, aliases: ['man', 'm', 'male', 'mannelijk'] },
  other: { label: { nl: 'Anders', en: 'Other' }, aliases: ['anders', 'x', 'other', 'non-binair', 'non-binary'] },
};

const TABLES: Record<RegistrationLabelKind, Record<string, LabelEntry>> = {
  referrer: REFERRER,
  'help-question': HELP_QUESTION,
  'not-supported-reason': NOT_SUPPORTED_REASON,
  'intake-outcome': INTAKE_OUTCOME,
  'end-reason': END_REASON,
  'goals-reached': GOALS_REACHED,
  'volunteer-stop-reason': VOLUNTEER_STOP_REASON,
  gender: GENDER,
};

/** The label kinds, in a fixed order. */
export const REGISTRATION_LABEL_KINDS: readonly RegistrationLabelKind[] = Object.keys(TABLES) as RegistrationLabelKind[];

/** Whether a text names a label table (used when reading `x-labels` from a schema). */
export function isRegistrationLabelKind(kind: string): kind is RegistrationLabelKind {
  return Object.prototype.hasOwnProperty.call(TABLES, kind);
}

/**
 * The codes of one category, in display order.
 * @example registrationCodes('intake-outcome') // ['supported', 'not-supported', 'pending']
 */
export function registrationCodes(kind: RegistrationLabelKind): string[] {
  return Object.keys(TABLES[kind]);
}

/**
 * The display label of a code (`nl` by default, as the national office publishes in Dutch).
 * An unknown code is returned unchanged, so a report never loses a category.
 * @example registrationLabel('referrer', 'youth-health-care')       // 'Jeugdgezondheidszorg (GGD/JGZ)'
 * @example registrationLabel('referrer', 'youth-health-care', 'en') // 'Youth health care'
 */
export function registrationLabel(kind: RegistrationLabelKind, code: string, lang: RegistrationLanguage = 'nl'): string {
  const entry = TABLES[kind][code];
  return entry ? entry.label[lang] : code;
}

/** All labels of a category: code → { nl, en }. */
export function registrationLabels(kind: RegistrationLabelKind): Record<string, RegistrationLabel> {
  const out: Record<string, RegistrationLabel> = {};
  for (const [code, e] of Object.entries(TABLES[kind])) out[code] = { ...e.label };
  return out;
}

function spellings(text: string): string[] {
  const t = text.trim().toLowerCase();
  const base = t.replace(/[\s_-]+/g, ' ');
  return [...new Set([t, base, base.replace(/ /g, '-'), base.replace(/ /g, '_'), base.replace(/ /g, '')])];
}

/**
 * The alias map of a category for an enum column: every accepted spelling (lower case) → code.
 * Accepted are the code, its Dutch and English labels and the aliases above, each also with spaces,
 * hyphens and underscores interchanged. Where two codes share a spelling (e.g. "anders"), the code
 * `other` wins.
 * @example registrationValueAliases('referrer')['ggd'] // 'youth-health-care'
 * @example registrationValueAliases('intake-outcome')['niet ondersteund'] // 'not-supported'
 */
export function registrationValueAliases(kind: RegistrationLabelKind): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [code, e] of Object.entries(TABLES[kind])) {
    for (const text of [code, e.label.nl, e.label.en, ...e.aliases]) {
      for (const s of spellings(text)) {
        if (out[s] === undefined || code === 'other') out[s] = code;
      }
    }
  }
  return out;
}

/** Labels of the yes/no family profile columns (the Flanders profile set and more). */
export const FAMILY_PROFILE_LABELS: Readonly<Record<
  'singleParent' | 'migrationBackground' | 'newcomer' | 'financialVulnerability' | 'psychologicalVulnerability' | 'teenParent' | 'physicalDisability' | 'startsAroundBirth',
  RegistrationLabel
>> = {
  singleParent: { nl: 'Alleenstaande ouder', en: 'Single parent' },
  migrationBackground: { nl: 'Migratieachtergrond', en: 'Migration background' },
  newcomer: { nl: 'Nieuwkomer (< 5 jaar in Nederland)', en: 'Newcomer (< 5 years in the country)' },
  financialVulnerability: { nl: 'Financieel kwetsbaar', en: 'Financially vulnerable' },
  psychologicalVulnerability: { nl: 'Gezinslid met psychische kwetsbaarheid', en: 'Family member with psychological vulnerability' },
  teenParent: { nl: 'Tiener- of jonge ouder', en: 'Teen or very young parent' },
  physicalDisability: { nl: 'Gezinslid met fysieke beperking', en: 'Family member with physical disability' },
  startsAroundBirth: { nl: 'Start rond de geboorte', en: 'Starts around birth' },
};
