/**
 * Category codes of the registration data: their Dutch and English display labels, and the alias
 * tables that map what people actually type in a registration spreadsheet ("Gemeente", "GGD",
 * "AMW", "Eigen initiatief", "Positief opvoeden", "niet ondersteund", …) to stable codes.
 *
 * The lists are data: `data-schemas/registration/categories.json` (checked against
 * `categories.schema.json` with ajv). An office extends or relabels them without code by a file of
 * the same form ({@link readRegistrationCategories}, `report --categories FILE`, or a
 * `categories.json` / `categorieen.json` beside its registration files): new codes, new aliases,
 * other labels. The JSON Schemas of the registration files name a list with `"x-labels": "<kind>"`;
 * the loader turns that into the column's alias map, and a value that is in no list is counted as
 * the list's `unknown` code ("other") with a warning in the run's issues, so no family is dropped
 * for a category name.
 *
 * Aliases are compared case-insensitively; {@link registrationValueAliases} also accepts each alias
 * with spaces, hyphens and underscores interchanged ("niet-ondersteund" = "niet ondersteund").
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { DataError, makeIssue, type DataIssue } from '../data/issues.js';
import { dataSchemasDir } from '../instruments/paths.js';
import { compileJsonSchema } from '../util/ajv.js';

/** A display label in both report languages. */
export interface RegistrationLabel {
  nl: string;
  en: string;
}

export type RegistrationLanguage = 'nl' | 'en';

export type IntakeOutcome = 'supported' | 'not-supported' | 'pending';
export type GoalsReached = 'yes' | 'partly' | 'no';
/** A volunteer's availability on the date the data were exported. */
export type VolunteerAvailability = 'deployable' | 'not-deployable' | 'in-training';

/** The category kinds with a list in `categories.json` (the `x-labels` values of the schemas). */
export type RegistrationLabelKind =
  | 'referrer'
  | 'help-question'
  | 'not-supported-reason'
  | 'intake-outcome'
  | 'end-reason'
  | 'goals-reached'
  | 'volunteer-stop-reason'
  | 'volunteer-availability'
  | 'gender';

/** The label kinds, in a fixed order. */
export const REGISTRATION_LABEL_KINDS: readonly RegistrationLabelKind[] = [
  'referrer',
  'help-question',
  'not-supported-reason',
  'intake-outcome',
  'end-reason',
  'goals-reached',
  'volunteer-stop-reason',
  'volunteer-availability',
  'gender',
];

/** One code of a category list. */
export interface RegistrationCategory {
  code: string;
  label: RegistrationLabel;
  /** Extra spellings accepted in data files (the code and both labels are always accepted). */
  aliases: readonly string[];
}

/** The list of one category kind. */
export interface RegistrationCategoryList {
  kind: RegistrationLabelKind;
  /** The code a value that is in no list is counted as (with a warning), or `null`: such a value rejects the row. */
  unknown: string | null;
  /** Whether an office may add codes (false where the codes drive the counting, e.g. intake outcome). */
  extensible: boolean;
  /** Codes in display order (`other` last). */
  codes: readonly RegistrationCategory[];
  /**
   * Aliases an office's file gave, in the order given: they win over a bundled alias with the same
   * spelling (the office knows what its spreadsheets mean).
   */
  officeAliases: ReadonlyArray<readonly [string, string]>;
}

/** Every category list: the bundled ones, or the bundled ones extended by an office's files. */
export interface RegistrationCategories {
  readonly lists: Readonly<Record<RegistrationLabelKind, RegistrationCategoryList>>;
  /** The office files merged over the bundled lists, in order (empty for the bundled lists). */
  readonly sources: readonly string[];
}

type JsonObject = Record<string, unknown>;

/** Absolute path of the bundled category lists. */
export function registrationCategoriesPath(): string {
  return `${dataSchemasDir()}registration/categories.json`;
}

let validator: ValidateFunction | undefined;

function categoriesValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(`${dataSchemasDir()}registration/categories.schema.json`, 'utf8')) as JsonObject;
    validator = compileJsonSchema(schema, { allErrors: true, verbose: true, strict: false });
  }
  return validator;
}

function ajvSentence(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const at = e.instancePath || '/';
  switch (e.keyword) {
    case 'required':
      return `${at}: missing required field "${String(p.missingProperty)}".`;
    case 'additionalProperties':
      return `${at}: unknown field "${String(p.additionalProperty)}" (check the spelling).`;
    case 'enum':
      return `${at}: must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'propertyNames':
      return `${at}: "${String(p.propertyName)}" is not a category kind; the kinds are ${REGISTRATION_LABEL_KINDS.join(', ')}.`;
    case 'pattern':
      return `${at}: ${JSON.stringify(e.data)} is not a code; write lower case letters and digits joined by hyphens (e.g. other-care).`;
    default:
      return `${at}: ${e.message ?? 'is invalid'}.`;
  }
}

function invalid(file: string, texts: string[]): DataError {
  const issues: DataIssue[] = texts.map((t) => makeIssue('error', 'invalid-definition', { file }, t));
  return new DataError(`${file}: the category file is not valid: ${texts.join(' ')}`, issues);
}

/** Checks a parsed category file against `categories.schema.json` (ajv, all errors). */
function checkShape(json: unknown, file: string): { categories: Record<string, JsonObject> } {
  const v = categoriesValidator();
  if (!v(json)) {
    const errs = (v.errors ?? []).filter((e) => e.keyword !== 'if');
    throw invalid(file, [...new Set(errs.map(ajvSentence))]);
  }
  return json as { categories: Record<string, JsonObject> };
}

function spellings(text: string): string[] {
  const t = text.trim().toLowerCase();
  const base = t.replace(/[\s_-]+/g, ' ');
  return [...new Set([t, base, base.replace(/ /g, '-'), base.replace(/ /g, '_'), base.replace(/ /g, '')])];
}

let bundled: RegistrationCategories | undefined;

/**
 * The bundled category lists (`data-schemas/registration/categories.json`), read and checked once.
 * @example bundledRegistrationCategories().lists.referrer.unknown // 'other'
 */
export function bundledRegistrationCategories(): RegistrationCategories {
  if (bundled) return bundled;
  const file = 'categories.json';
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(registrationCategoriesPath(), 'utf8'));
  } catch (err) {
    throw invalid(file, [`the bundled category lists cannot be read (${err instanceof Error ? err.message : String(err)}).`]);
  }
  // the bundled file is checked against categories.schema.json by the tests (tests/impact/categories.test.ts)
  // rather than on every run (compiling the schema costs a tenth of a second); its structure is checked below
  const parsed = json as { categories: Record<string, JsonObject> };
  if (typeof parsed !== 'object' || parsed === null || typeof parsed.categories !== 'object' || parsed.categories === null) throw invalid(file, ['the bundled category lists must be an object with "categories".']);
  const lists = {} as Record<RegistrationLabelKind, RegistrationCategoryList>;
  const problems: string[] = [];
  for (const kind of REGISTRATION_LABEL_KINDS) {
    const k = parsed.categories[kind];
    if (!k || !Array.isArray(k.codes) || typeof k.extensible !== 'boolean' || k.unknown === undefined) {
      problems.push(`/categories/${kind}: the bundled list must give "codes", "unknown" and "extensible".`);
      continue;
    }
    const codes: RegistrationCategory[] = [];
    for (const c of k.codes as JsonObject[]) {
      if (typeof c.nl !== 'string' || typeof c.en !== 'string') problems.push(`/categories/${kind}: code "${String(c.code)}" needs both an "nl" and an "en" label.`);
      else codes.push({ code: String(c.code), label: { nl: c.nl, en: c.en }, aliases: (c.aliases as string[] | undefined) ?? [] });
    }
    lists[kind] = { kind, unknown: k.unknown as string | null, extensible: k.extensible, codes, officeAliases: [] };
  }
  if (problems.length) throw invalid(file, problems);
  bundled = { lists, sources: [] };
  return bundled;
}

/**
 * Merges an office's category file over a set of lists (by default the bundled ones) and returns
 * the new set; `base` is not changed.
 *
 * Per kind, each entry of `codes` either names an existing code (its aliases are added; a label
 * given replaces that label) or adds a new code, which needs both labels and is placed before
 * `other`, so "other" stays last in every table. An alias the office gives wins over a bundled
 * alias with the same spelling. `unknown` may be set to another code of the kind, or to `null`
 * (an unknown value then rejects the row). Codes cannot be added to a kind that is not extensible
 * (intake outcome, goals reached, volunteer availability, gender: their codes drive the counting).
 *
 * @throws DataError (rule `invalid-definition`) with sentences naming the file and the JSON path.
 * @example
 * const cats = extendRegistrationCategories({ categories: { referrer: { codes: [
 *   { code: 'cjg', nl: 'Centrum voor Jeugd en Gezin', en: 'Youth and family centre', aliases: ['CJG Dalfsen'] },
 *   { code: 'other-care', aliases: ['Thuisbegeleiding De Linde'] }] } } }, 'kantoor.json');
 * registrationCodes('referrer', cats).slice(-2)              // ['cjg', 'other']
 * registrationValueAliases('referrer', cats)['cjg dalfsen']   // 'cjg'
 */
export function extendRegistrationCategories(extension: unknown, file = '<categories>', base: RegistrationCategories = bundledRegistrationCategories()): RegistrationCategories {
  const parsed = checkShape(extension, file);
  const lists = { ...base.lists };
  const problems: string[] = [];
  for (const [kind, ext] of Object.entries(parsed.categories) as Array<[RegistrationLabelKind, JsonObject]>) {
    const cur = base.lists[kind];
    const codes = cur.codes.map((c) => ({ ...c, label: { ...c.label }, aliases: [...c.aliases] }));
    const officeAliases: Array<readonly [string, string]> = [...cur.officeAliases];
    if (ext.extensible !== undefined && ext.extensible !== cur.extensible) {
      problems.push(`/categories/${kind}/extensible: the list "${kind}" is ${cur.extensible ? '' : 'not '}extensible; an office file cannot change that.`);
    }
    ((ext.codes as JsonObject[] | undefined) ?? []).forEach((c, i) => {
      const code = String(c.code);
      const at = `/categories/${kind}/codes/${i}`;
      let entry = codes.find((x) => x.code === code);
      if (!entry) {
        if (!cur.extensible) {
          problems.push(`${at}: "${code}" is not a code of "${kind}", whose codes (${cur.codes.map((x) => x.code).join(', ')}) drive the counting; add aliases or labels to one of them instead.`);
          return;
        }
        if (typeof c.nl !== 'string' || typeof c.en !== 'string') {
          problems.push(`${at}: the new code "${code}" needs both an "nl" and an "en" label.`);
          return;
        }
        entry = { code, label: { nl: c.nl, en: c.en }, aliases: [] };
        const other = codes.findIndex((x) => x.code === 'other');
        codes.splice(other < 0 ? codes.length : other, 0, entry);
      } else {
        if (typeof c.nl === 'string') entry.label.nl = c.nl;
        if (typeof c.en === 'string') entry.label.en = c.en;
      }
      for (const a of (c.aliases as string[] | undefined) ?? []) {
        entry.aliases.push(a);
        officeAliases.push([a, code]);
      }
      for (const l of [c.nl, c.en]) if (typeof l === 'string') officeAliases.push([l, code]);
    });
    let unknown = cur.unknown;
    if (ext.unknown !== undefined) {
      unknown = ext.unknown as string | null;
      if (unknown !== null && !codes.some((x) => x.code === unknown)) problems.push(`/categories/${kind}/unknown: "${unknown}" is not a code of "${kind}".`);
    }
    lists[kind] = { kind, unknown, extensible: cur.extensible, codes, officeAliases };
  }
  if (problems.length) throw invalid(file, problems);
  return { lists, sources: [...base.sources, file] };
}

/**
 * Reads office category files (JSON of the form of `categories.json`) and merges them, in order,
 * over the bundled lists. No files: the bundled lists.
 * @throws DataError when a file cannot be read or is not valid (sentences with the JSON path).
 */
export function readRegistrationCategories(files: string | readonly string[] = []): RegistrationCategories {
  let cats = bundledRegistrationCategories();
  for (const path of typeof files === 'string' ? [files] : files) {
    const name = path.split(/[\\/]/).pop() ?? path;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw invalid(name, [`the category file cannot be read (${err instanceof Error ? err.message : String(err)}).`]);
    }
    cats = extendRegistrationCategories(json, name, cats);
  }
  return cats;
}

/** Whether a text names a category list (used when reading `x-labels` from a schema). */
export function isRegistrationLabelKind(kind: string): kind is RegistrationLabelKind {
  return (REGISTRATION_LABEL_KINDS as readonly string[]).includes(kind);
}

/** The list of one kind (bundled unless `categories` is given). */
export function registrationCategoryList(kind: RegistrationLabelKind, categories: RegistrationCategories = bundledRegistrationCategories()): RegistrationCategoryList {
  return categories.lists[kind];
}

/**
 * The codes of one category, in display order.
 * @example registrationCodes('intake-outcome') // ['supported', 'not-supported', 'pending']
 */
export function registrationCodes(kind: RegistrationLabelKind, categories?: RegistrationCategories): string[] {
  return registrationCategoryList(kind, categories).codes.map((c) => c.code);
}

/**
 * The display label of a code (`nl` by default, as the national office publishes in Dutch).
 * An unknown code is returned unchanged, so a report never loses a category.
 * @example registrationLabel('referrer', 'youth-health-care')       // 'Jeugdgezondheidszorg (GGD/JGZ)'
 * @example registrationLabel('referrer', 'youth-health-care', 'en') // 'Youth health care'
 */
export function registrationLabel(kind: RegistrationLabelKind, code: string, lang: RegistrationLanguage = 'nl', categories?: RegistrationCategories): string {
  const entry = registrationCategoryList(kind, categories).codes.find((c) => c.code === code);
  return entry ? entry.label[lang] : code;
}

/** All labels of a category: code → { nl, en }. */
export function registrationLabels(kind: RegistrationLabelKind, categories?: RegistrationCategories): Record<string, RegistrationLabel> {
  const out: Record<string, RegistrationLabel> = {};
  for (const e of registrationCategoryList(kind, categories).codes) out[e.code] = { ...e.label };
  return out;
}

/**
 * The alias map of a category for an enum column: every accepted spelling (lower case) → code.
 * Accepted are the code, its Dutch and English labels and its aliases, each also with spaces,
 * hyphens and underscores interchanged. Where two bundled codes share a spelling (e.g. "anders"),
 * the code `other` wins; a spelling an office's file gives wins over both.
 * @example registrationValueAliases('referrer')['ggd'] // 'youth-health-care'
 * @example registrationValueAliases('intake-outcome')['niet ondersteund'] // 'not-supported'
 */
export function registrationValueAliases(kind: RegistrationLabelKind, categories?: RegistrationCategories): Record<string, string> {
  const list = registrationCategoryList(kind, categories);
  const out: Record<string, string> = {};
  for (const e of list.codes) {
    for (const text of [e.code, e.label.nl, e.label.en, ...e.aliases]) {
      for (const s of spellings(text)) {
        if (out[s] === undefined || e.code === 'other') out[s] = e.code;
      }
    }
  }
  for (const [text, code] of list.officeAliases) for (const s of spellings(text)) out[s] = code;
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
