/**
 * Registration data in: the four files a Home-Start site or the national office keeps (sites,
 * families, volunteers, trajectories), read and validated into {@link RegistrationData}.
 *
 * The JSON Schemas in `data-schemas/registration/*.schema.json` are the single source of truth for
 * the columns: {@link registrationSchemaSpecs} converts a schema into the `ColumnSpec`s of the generic
 * validator (`src/data/validate.ts`), so a new optional column is a schema edit, not code. Every file
 * goes through `validateTable`: the same messages, `RejectRow`s and privacy refusal as the
 * measurement loaders (names, addresses, phone numbers, e-mail addresses, BSN and dates of birth
 * refuse the whole file without echoing a value). After the row checks come the schema's row rules
 * (a not-supported family needs a reason, …), duplicate ids, and the cross-file checks of
 * `cross-checks.ts`. A rejected row is never lost: per file, accepted + rejected = rows read.
 */
import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, makeIssue, type DataIssue } from '../data/issues.js';
import type { RejectRow } from '../data/types.js';
import { readTableFile } from '../data/csv.js';
import { matchColumns, validateTable, type CellValue, type ColumnSpec, type ValidateTableOptions, type ValidateTableResult, type ValidatedRow } from '../data/validate.js';
import { dataSchemasDir } from '../instruments/paths.js';
import { checkRegistrationTables, type RegistrationRowRef, type RegistrationTable, type RegistrationTables } from './cross-checks.js';
import { bundledRegistrationCategories, isRegistrationLabelKind, readRegistrationCategories, registrationCategoryList, registrationValueAliases, type RegistrationCategories } from './labels.js';
import type { Family, RegistrationData, Site, Trajectory, Volunteer } from './types.js';

/** The four registration files, in the order they are loaded and checked. */
export type RegistrationKind = 'sites' | 'families' | 'volunteers' | 'trajectories';

export const REGISTRATION_KINDS: readonly RegistrationKind[] = ['sites', 'families', 'volunteers', 'trajectories'];

/**
 * A rule across columns of one row, read from the schema's `anyOf` / `allOf` (`if`/`then`/`else`):
 * - `required-if`: `column` must have a value when `when` equals `equals`;
 * - `absent-unless`: `column` must be empty unless `when` equals `equals`;
 * - `one-of-required`: at least one of `columns` must have a value.
 */
export type RegistrationRowRule =
  | { type: 'required-if'; column: string; when: string; equals: string }
  | { type: 'absent-unless'; column: string; when: string; equals: string }
  | { type: 'one-of-required'; columns: string[] };

/** A registration schema converted for the validator. */
export interface RegistrationSchema {
  kind: RegistrationKind;
  /** Base file names the loader looks for (e.g. `families`, `gezinnen`). */
  fileNames: string[];
  specs: ColumnSpec[];
  rowRules: RegistrationRowRule[];
  /** The schema as read. */
  json: Record<string, unknown>;
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function definitionError(file: string, text: string): DataError {
  return new DataError(`${file}: ${text}`, [makeIssue('error', 'invalid-definition', { file }, text)]);
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/** `{ properties: { A: { const: V } } }` → [A, V]. */
function constCondition(v: unknown): [string, string] | undefined {
  if (!isObject(v) || !isObject(v.properties)) return undefined;
  const entries = Object.entries(v.properties);
  if (entries.length !== 1) return undefined;
  const [col, cond] = entries[0];
  if (!isObject(cond) || typeof cond.const !== 'string') return undefined;
  return [col, cond.const];
}

/**
 * Converts the JSON Schema of one registration row into validator column specs and row rules.
 *
 * Per property: `"type": "string", "format": "date"` → date; `"x-labels": "<kind>"` → a category
 * column whose codes, labels and aliases come from that list of `categories` (default the bundled
 * `categories.json`; see `labels.ts`), and whose unknown values become the list's `unknown` code with
 * a warning; `"enum"` → a plain enum (codes only);
 * `"integer"` / `"number"` with `minimum`/`maximum` → bounded numbers; `"boolean"` → yes/no
 * (ja/nee/1/0); `"type": "array"` → a multi-value cell of its `items` type, split on `x-separators`;
 * `x-aliases` → other accepted headers; the schema's `required` → required columns. Top-level `anyOf`
 * of single `required` lists and `allOf` of `if {const} then {required} else {not required}` become
 * {@link RegistrationRowRule}s.
 *
 * @throws DataError (rule `invalid-definition`) for a construct it does not understand, so a schema
 *   edit can never be silently ignored.
 * @example
 * const { specs } = registrationSchemaSpecs({ type: 'object', required: ['family_id'],
 *   properties: { family_id: { type: 'string' }, children_ages: { type: 'array', items: { type: 'integer', minimum: 0 } } } });
 * // specs → [{ name: 'family_id', type: 'string', required: true },
 * //          { name: 'children_ages', type: 'integer', required: false, min: 0, multiple: true }]
 */
export function registrationSchemaSpecs(schema: JsonObject, file = '<schema>', categories?: RegistrationCategories): { specs: ColumnSpec[]; rowRules: RegistrationRowRule[] } {
  if (!isObject(schema.properties)) throw definitionError(file, 'the schema has no "properties" object.');
  const required = new Set(strings(schema.required) ?? []);
  const specs: ColumnSpec[] = [];
  for (const [name, raw] of Object.entries(schema.properties)) {
    if (!isObject(raw)) throw definitionError(file, `property "${name}" is not an object.`);
    const isArray = raw.type === 'array';
    const base = isArray ? raw.items : raw;
    if (!isObject(base)) throw definitionError(file, `property "${name}" is an array without an "items" object.`);
    const spec: ColumnSpec = { name, type: 'string', required: required.has(name) };
    const enumValues = strings(base.enum);
    const labels = raw['x-labels'] ?? base['x-labels'];
    switch (base.type) {
      case 'string':
        if (base.format === 'date') spec.type = 'date';
        else if (enumValues || labels !== undefined) spec.type = 'enum';
        else if (base.format !== undefined) throw definitionError(file, `property "${name}" has format "${String(base.format)}"; only "date" is understood.`);
        break;
      case 'integer':
      case 'number':
        spec.type = base.type;
        if (typeof base.minimum === 'number') spec.min = base.minimum;
        if (typeof base.maximum === 'number') spec.max = base.maximum;
        break;
      case 'boolean':
        spec.type = 'boolean';
        break;
      default:
        throw definitionError(file, `property "${name}" has type ${JSON.stringify(base.type)}; use string, integer, number, boolean or an array of these.`);
    }
    if (spec.type === 'enum') {
      if (labels !== undefined) {
        if (typeof labels !== 'string' || !isRegistrationLabelKind(labels)) throw definitionError(file, `property "${name}" names an unknown category list ${JSON.stringify(labels)} in "x-labels".`);
        if (enumValues) throw definitionError(file, `property "${name}" has both "enum" and "x-labels"; the codes of a category column come from its list in categories.json, so remove "enum".`);
        const list = registrationCategoryList(labels, categories);
        const values: Record<string, string> = {};
        for (const c of list.codes) values[c.code] = c.code;
        Object.assign(values, registrationValueAliases(labels, categories));
        spec.values = values;
        if (list.unknown !== null) {
          spec.fallback = list.unknown;
          spec.fallbackHint = `To count it apart or under another code, add it to the "${labels}" list of a categories file (--categories; docs/registration.md).`;
        }
      } else {
        spec.values = enumValues!;
      }
    }
    if (isArray) {
      spec.multiple = true;
      const seps = strings(raw['x-separators']);
      if (seps) spec.separators = seps;
    }
    const aliases = strings(raw['x-aliases']);
    if (aliases) spec.aliases = aliases;
    specs.push(spec);
  }
  const known = new Set(specs.map((s) => s.name));
  const rowRules: RegistrationRowRule[] = [];
  if (schema.anyOf !== undefined) {
    const alts = Array.isArray(schema.anyOf) ? schema.anyOf : [];
    const columns = alts.map((a) => (isObject(a) ? strings(a.required) : undefined));
    if (!alts.length || columns.some((c) => !c || c.length !== 1)) throw definitionError(file, '"anyOf" must list objects of the form { "required": ["column"] }.');
    rowRules.push({ type: 'one-of-required', columns: columns.map((c) => c![0]) });
  }
  if (schema.allOf !== undefined) {
    const parts = Array.isArray(schema.allOf) ? schema.allOf : [];
    for (const p of parts) {
      const cond = isObject(p) ? constCondition(p.if) : undefined;
      const then = isObject(p) && isObject(p.then) ? strings(p.then.required) : undefined;
      if (!cond || !then) throw definitionError(file, '"allOf" entries must be { "if": { "properties": { "a": { "const": "v" } } }, "then": { "required": [...] } }.');
      for (const column of then) rowRules.push({ type: 'required-if', column, when: cond[0], equals: cond[1] });
      const els = (p as JsonObject).else;
      if (els !== undefined) {
        const not = isObject(els) && isObject(els.not) ? strings(els.not.required) : undefined;
        if (!not) throw definitionError(file, '"else" must be { "not": { "required": [...] } }.');
        for (const column of not) rowRules.push({ type: 'absent-unless', column, when: cond[0], equals: cond[1] });
      }
    }
  }
  for (const r of rowRules) {
    const cols = r.type === 'one-of-required' ? r.columns : [r.column, r.when];
    for (const c of cols) if (!known.has(c)) throw definitionError(file, `a row rule names column "${c}", which is not a property.`);
  }
  return { specs, rowRules };
}

/** Absolute path of the bundled schema of one registration file. */
export function registrationSchemaPath(kind: RegistrationKind): string {
  return `${dataSchemasDir()}registration/${kind}.schema.json`;
}

const schemaCache = new WeakMap<RegistrationCategories, Map<RegistrationKind, RegistrationSchema>>();

/**
 * The bundled schema of one registration file, converted with a set of category lists (default the
 * bundled ones; read once per set, then cached).
 * @example readRegistrationSchema('families').fileNames // ['families', 'gezinnen']
 */
export function readRegistrationSchema(kind: RegistrationKind, categories: RegistrationCategories = bundledRegistrationCategories()): RegistrationSchema {
  let perSet = schemaCache.get(categories);
  if (!perSet) schemaCache.set(categories, (perSet = new Map()));
  const cached = perSet.get(kind);
  if (cached) return cached;
  const path = registrationSchemaPath(kind);
  const file = `${kind}.schema.json`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw definitionError(file, `the schema cannot be read (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (!isObject(json)) throw definitionError(file, 'the schema is not a JSON object.');
  const { specs, rowRules } = registrationSchemaSpecs(json, file, categories);
  const fileNames = strings(json['x-file-names']) ?? [kind];
  const schema: RegistrationSchema = { kind, fileNames, specs, rowRules, json };
  perSet.set(kind, schema);
  return schema;
}

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

/** Per-file counts. Invariant: `accepted + rejected = rowsRead`. */
export interface RegistrationFileSummary {
  kind: RegistrationKind;
  /** The file name as found, or `null` when no file of this kind was found. */
  file: string | null;
  rowsRead: number;
  accepted: number;
  rejected: number;
}

export interface RegistrationLoadOptions {
  /**
   * Dates after this ISO date are refused (rule `future-date`). Default: today (UTC). For a report
   * on a past year, pass the day the data were exported.
   */
  referenceDate?: string;
  /** Run the cross-file checks of `cross-checks.ts` (default true). */
  crossChecks?: boolean;
  /** Called now and then while a file is read. */
  onProgress?: (progress: { kind: RegistrationKind; file: string; rowsRead: number }) => void;
  /**
   * Category lists to read the files with: a set from `readRegistrationCategories` /
   * `extendRegistrationCategories`, or the paths of office category files merged over the bundled
   * lists. Default: the bundled lists, extended by a `categories.json` or `categorieen.json` found in
   * the registration folder (loadRegistration only).
   */
  categories?: RegistrationCategories | string | readonly string[];
  /** Passed to the table reader: `auto` (default) detects. */
  encoding?: ValidateTableOptions['encoding'];
  delimiter?: ValidateTableOptions['delimiter'];
}

export interface RegistrationLoadResult {
  data: RegistrationData;
  /** One entry per kind, in the order sites, families, volunteers, trajectories. */
  files: RegistrationFileSummary[];
  /** Every rejected row of every file, with all its reasons. */
  rejects: RejectRow[];
  issues: DataIssue[];
  /** The reference date used for the `future-date` check. */
  referenceDate: string;
  /** The category lists the files were read with (`sources` names the office files merged in). */
  categories: RegistrationCategories;
}

/** One in-memory table for {@link loadRegistrationTables}. */
export interface RegistrationTextInput {
  /** The table as CSV text (or a JSON array of objects). */
  text: string;
  /** Name used in messages (default `<kind>.csv`). */
  file?: string;
}

const EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.xls', '.ods', '.json'];

/** An office's category file beside its registration files (read when no `categories` option is given). */
export const CATEGORY_FILE_NAMES: readonly string[] = ['categories.json', 'categorieen.json', 'categorieën.json'];

function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

function validReferenceDate(d: string | undefined): string {
  if (d === undefined) return todayIso();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) {
    throw new DataError(`referenceDate "${d}" is not an ISO date; write it as 2025-12-31.`);
  }
  return d;
}

type Records = { sites: Site; families: Family; volunteers: Volunteer; trajectories: Trajectory };

const str = (v: CellValue | undefined): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
const num = (v: CellValue | undefined): number | null => (typeof v === 'number' ? v : null);
const bool = (v: CellValue | undefined): boolean | null => (typeof v === 'boolean' ? v : null);
const list = (v: CellValue | undefined): Array<string | number | boolean> => (Array.isArray(v) ? v : []);

function toRecord<K extends RegistrationKind>(kind: K, v: Record<string, CellValue>): Records[K] {
  switch (kind) {
    case 'sites': {
      const r: Site = {
        siteId: str(v.site_id)!,
        municipality: str(v.municipality)!,
        organisation: str(v.organisation)!,
        region: str(v.region)!,
        startDate: str(v.start_date)!,
        coordinatorHours: num(v.coordinator_hours),
        budget: num(v.budget),
      };
      return r as Records[K];
    }
    case 'families': {
      const ages = list(v.children_ages) as number[];
      const r: Family = {
        familyId: str(v.family_id)!,
        siteId: str(v.site_id)!,
        registrationDate: str(v.registration_date)!,
        referrer: str(v.referrer) as Family['referrer'],
        helpQuestions: list(v.help_questions) as Family['helpQuestions'],
        childrenCount: num(v.children_count) ?? ages.length,
        childrenAges: ages,
        singleParent: bool(v.single_parent),
        migrationBackground: bool(v.migration_background),
        newcomer: bool(v.newcomer),
        financialVulnerability: bool(v.financial_vulnerability),
        psychologicalVulnerability: bool(v.psychological_vulnerability),
        teenParent: bool(v.teen_parent),
        physicalDisability: bool(v.physical_disability),
        startsAroundBirth: bool(v.starts_around_birth),
        locality: str(v.locality),
        intakeOutcome: str(v.intake_outcome) as Family['intakeOutcome'],
        notSupportedReason: str(v.not_supported_reason) as Family['notSupportedReason'],
      };
      return r as Records[K];
    }
    case 'volunteers': {
      const r: Volunteer = {
        volunteerId: str(v.volunteer_id)!,
        siteId: str(v.site_id)!,
        gender: str(v.gender) as Volunteer['gender'],
        registrationDate: str(v.registration_date)!,
        trainingCompletedDate: str(v.training_completed_date),
        activeFrom: str(v.active_from),
        stopDate: str(v.stop_date),
        stopReason: str(v.stop_reason) as Volunteer['stopReason'],
      };
      // optional column: the field is present only when the row records it
      if (hasValue(v.availability)) r.availability = str(v.availability) as Volunteer['availability'];
      return r as Records[K];
    }
    default: {
      const r: Trajectory = {
        trajectoryId: str(v.trajectory_id)!,
        familyId: str(v.family_id)!,
        volunteerId: str(v.volunteer_id)!,
        siteId: str(v.site_id)!,
        matchDate: str(v.match_date)!,
        checkDate: str(v.check_date),
        evaluationDates: list(v.evaluation_dates) as string[],
        endDate: str(v.end_date),
        endReason: str(v.end_reason) as Trajectory['endReason'],
        goalsReached: str(v.goals_reached) as Trajectory['goalsReached'],
        gasBefore: num(v.gas_before),
        gasAfter: num(v.gas_after),
        followUpDate: str(v.follow_up_date),
        followUpReferred: bool(v.follow_up_referred),
      };
      return r as Records[K];
    }
  }
}

const ID_COLUMN: Record<RegistrationKind, string> = { sites: 'site_id', families: 'family_id', volunteers: 'volunteer_id', trajectories: 'trajectory_id' };

function hasValue(v: CellValue | undefined): boolean {
  return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
}

/** An accepted row: its original cells are read from the validated row when a check needs them (for few rows). */
class RowRef<T> implements RegistrationRowRef<T> {
  readonly row: number;
  constructor(
    private readonly validated: ValidatedRow,
    readonly record: T,
  ) {
    this.row = validated.row;
  }

  get original(): Record<string, string> {
    return this.validated.original ?? {};
  }
}

/**
 * Turns one validated file into a typed table: applies the schema's row rules, refuses duplicate
 * ids (the first row with an id wins; rule `duplicate`), and converts to records. Rows that fail
 * move to the rejects with every reason.
 */
function buildTable<K extends RegistrationKind>(kind: K, schema: RegistrationSchema, v: ValidateTableResult | undefined, file: string, issues: DataIssue[]): RegistrationTable<Records[K]> {
  const table: RegistrationTable<Records[K]> = { kind, file, present: v !== undefined, columns: {}, rows: [], rejects: v ? [...v.rejects] : [], rowsRead: v?.rowsRead ?? 0 };
  if (!v) return table;
  // refused as a whole (it identifies people): no row is used, and other files are not checked against it
  if (v.issues.some((i) => i.rule === 'identifying-column' && i.severity === 'error' && i.row === undefined)) table.refused = true;
  const match = matchColumns(v.columns, schema.specs);
  for (const s of schema.specs) table.columns[s.name] = match.index.has(s.name) ? v.columns[match.index.get(s.name)!] : s.name;
  const col = (name: string) => table.columns[name] ?? name;
  const seen = new Map<string, number>();
  const idColumn = ID_COLUMN[kind];
  for (const r of v.rows) {
    const reasons: string[] = [];
    const fail = (issue: DataIssue) => {
      issues.push(issue);
      reasons.push(issue.message);
    };
    for (const rule of schema.rowRules) {
      if (rule.type === 'one-of-required') {
        if (!rule.columns.some((c) => hasValue(r.values[c]))) {
          fail(makeIssue('error', 'missing-required', { file, row: r.row, column: col(rule.columns[0]) }, `a value is required in ${rule.columns.map((c) => `"${col(c)}"`).join(' or ')} (rule missing-required).`));
        }
      } else if (rule.type === 'required-if') {
        if (r.values[rule.when] === rule.equals && !hasValue(r.values[rule.column])) {
          fail(makeIssue('error', 'missing-required', { file, row: r.row, column: col(rule.column) }, `a value is required because "${col(rule.when)}" is ${rule.equals} (rule missing-required).`));
        }
      } else if (r.values[rule.when] !== rule.equals && hasValue(r.values[rule.column])) {
        const given = r.original?.[col(rule.column)] ?? String(r.values[rule.column]);
        fail(makeIssue('error', 'inconsistent', { file, row: r.row, column: col(rule.column), value: given }, `value "${given.trim()}" is only allowed when "${col(rule.when)}" is ${rule.equals}, but it is ${String(r.values[rule.when] ?? 'empty')} (rule inconsistent).`));
      }
    }
    const id = String(r.values[idColumn]);
    const first = seen.get(id);
    if (first !== undefined) {
      fail(makeIssue('error', 'duplicate', { file, row: r.row, column: col(idColumn), value: id }, `id "${id}" was already used in row ${first}; ids must be unique (rule duplicate).`));
    } else if (!reasons.length) seen.set(id, r.row);
    if (reasons.length) {
      table.rejects.push({ file, row: r.row, values: r.original ?? {}, reasons });
      continue;
    }
    const record = toRecord(kind, r.values);
    if (kind === 'families') {
      const f = record as Family;
      const count = num(r.values.children_count);
      if (count !== null && f.childrenAges.length > 0 && f.childrenAges.length !== count) {
        issues.push(
          makeIssue('warning', 'inconsistent', { file, row: r.row, column: col('children_ages'), value: r.original?.[col('children_ages')] }, `${f.childrenAges.length} ages are given for ${count} children; the row was kept with ${count} children (rule inconsistent).`),
        );
      }
    }
    table.rows.push(new RowRef(r, record));
  }
  table.rejects.sort((a, b) => a.row - b.row);
  return table;
}

type Source = { kind: RegistrationKind; path?: string; text?: string; file: string } | { kind: RegistrationKind; missing: true; file: string };

function resolveCategories(given: RegistrationLoadOptions['categories'], found: string[] = []): RegistrationCategories {
  if (given === undefined) return readRegistrationCategories(found);
  if (typeof given === 'string' || Array.isArray(given)) return readRegistrationCategories(given as string | string[]);
  return given as RegistrationCategories;
}

async function loadSources(sources: Source[], options: RegistrationLoadOptions, preIssues: DataIssue[], categories: RegistrationCategories): Promise<RegistrationLoadResult> {
  const referenceDate = validReferenceDate(options.referenceDate);
  const issues: DataIssue[] = [...preIssues];
  const tables: Partial<RegistrationTables> = {};
  for (const kind of REGISTRATION_KINDS) {
    const schema = readRegistrationSchema(kind, categories);
    const src = sources.find((s) => s.kind === kind)!;
    let validated: ValidateTableResult | undefined;
    if (!('missing' in src)) {
      const vopts: ValidateTableOptions & { text?: boolean } = {
        fileLabel: src.file,
        keepOriginal: true,
        encoding: options.encoding,
        delimiter: options.delimiter,
        onProgress: options.onProgress ? (rowsRead) => options.onProgress!({ kind, file: src.file, rowsRead }) : undefined,
      };
      try {
        validated = src.text !== undefined ? await validateTable(src.text, schema.specs, { ...vopts, text: true }) : await validateTable(src.path!, schema.specs, vopts);
        issues.push(...validated.issues);
      } catch (err) {
        if (!(err instanceof DataError)) throw err;
        issues.push(...(err.issues.length ? err.issues : [makeIssue('error', 'unreadable-file', { file: src.file }, err.message)]));
      }
    }
    (tables as Record<string, unknown>)[kind] = buildTable(kind, schema, validated, src.file, issues);
  }
  let final = tables as RegistrationTables;
  if (options.crossChecks !== false) {
    const checked = checkRegistrationTables(final, { referenceDate });
    final = checked.tables;
    issues.push(...checked.issues);
  }
  const files: RegistrationFileSummary[] = REGISTRATION_KINDS.map((kind) => {
    const t = final[kind];
    const summary: RegistrationFileSummary = { kind, file: t.present ? t.file : null, rowsRead: t.rowsRead, accepted: t.rows.length, rejected: t.rejects.length };
    if (summary.accepted + summary.rejected !== summary.rowsRead) throw new Error(`${t.file}: internal error: accepted + rejected != rows read.`);
    return summary;
  });
  const data: RegistrationData = {
    sites: final.sites.rows.map((r) => r.record),
    families: final.families.rows.map((r) => r.record),
    volunteers: final.volunteers.rows.map((r) => r.record),
    trajectories: final.trajectories.rows.map((r) => r.record),
  };
  // the figures and reports label and order the codes with the lists the files were read with
  if (categories.sources.length) data.categories = categories;
  return { data, files, rejects: REGISTRATION_KINDS.flatMap((k) => final[k].rejects), issues, referenceDate, categories };
}

function missingFileIssue(kind: RegistrationKind, where: string): DataIssue {
  const names = readRegistrationSchema(kind).fileNames;
  const file = `${names[0]}.csv`;
  return makeIssue(
    'error',
    'missing-required',
    { file },
    `no ${kind} file was found in ${where} (looked for ${names.map((n) => `${n}.csv`).join(', ')}, also as .xlsx or .json); the checks that need it were skipped (rule missing-required).`,
  );
}

/**
 * Loads a folder of registration files.
 *
 * Files are found by name, case-insensitively: `sites` (or `locaties`), `families` / `gezinnen`,
 * `volunteers` / `vrijwilligers`, `trajectories` / `trajecten` (or `koppelingen`), each as `.csv`
 * (also `.tsv`/`.txt`), `.xlsx` or `.json`. A `categories.json` (or `categorieen.json`) in the
 * folder extends the category lists (see `labels.ts`), unless `options.categories` is given.
 * CSV files may be UTF-8 or Windows-1252, comma-, semicolon- or tab-separated, with `#` comment
 * lines first (synthetic files say so there).
 * Each file is validated against its schema (`data-schemas/registration/`), then the files are
 * checked against each other (`checkRegistrationTables`). A missing file is an error issue, not an
 * exception; the other files are still loaded.
 *
 * @throws DataError when `dir` is not a readable folder.
 * @example
 * const r = await loadRegistration('sample-data/registration/local', { referenceDate: '2021-06-30' });
 * r.files.map((f) => [f.file, f.accepted, f.rejected]);
 * // [['locaties.csv', 1, 0], ['gezinnen.csv', 29, 0], ['vrijwilligers.csv', 25, 0], ['trajecten.csv', 22, 0]]
 */
export async function loadRegistration(dir: string, options: RegistrationLoadOptions = {}): Promise<RegistrationLoadResult> {
  let entries: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder');
    entries = (await readdir(dir)).sort();
  } catch (err) {
    const text = `the registration folder cannot be read (${err instanceof Error ? err.message : String(err)}).`;
    throw new DataError(`${dir}: ${text}`, [makeIssue('error', 'unreadable-file', { file: dir }, text)]);
  }
  const byLower = new Map(entries.map((e) => [e.toLowerCase(), e]));
  const categoryFiles = CATEGORY_FILE_NAMES.map((n) => byLower.get(n)).filter((e): e is string => e !== undefined).map((e) => join(dir, e));
  const categories = resolveCategories(options.categories, categoryFiles);
  const sources: Source[] = [];
  const pre: DataIssue[] = [];
  for (const kind of REGISTRATION_KINDS) {
    const found: string[] = [];
    for (const name of readRegistrationSchema(kind).fileNames) {
      for (const ext of EXTENSIONS) {
        const e = byLower.get(`${name}${ext}`);
        if (e) found.push(e);
      }
    }
    if (!found.length) {
      pre.push(missingFileIssue(kind, dir));
      sources.push({ kind, missing: true, file: `${readRegistrationSchema(kind).fileNames[0]}.csv` });
      continue;
    }
    if (found.length > 1) {
      pre.push(makeIssue('warning', 'inconsistent', { file: found[1] }, `both ${found.map((f) => `"${f}"`).join(' and ')} hold ${kind}; only "${found[0]}" was read (rule inconsistent).`));
    }
    sources.push({ kind, path: join(dir, found[0]), file: found[0] });
  }
  return loadSources(sources, options, pre, categories);
}

/**
 * Loads registration tables held in memory (CSV text or JSON arrays), for notebooks and tests.
 * A kind left out counts as a missing file.
 * @example
 * const r = await loadRegistrationTables({ sites: { text: 'site_id,municipality,organisation,region,start_date\nS1,Dalfsen,HS,Oost,2018-03-01\n' } },
 *   { referenceDate: '2021-06-30' });
 * // r.data.sites[0].municipality === 'Dalfsen'
 */
export async function loadRegistrationTables(input: Partial<Record<RegistrationKind, RegistrationTextInput>>, options: RegistrationLoadOptions = {}): Promise<RegistrationLoadResult> {
  const sources: Source[] = [];
  const pre: DataIssue[] = [];
  for (const kind of REGISTRATION_KINDS) {
    const t = input[kind];
    if (!t) {
      pre.push(missingFileIssue(kind, 'the input'));
      sources.push({ kind, missing: true, file: `${kind}.csv` });
    } else sources.push({ kind, text: t.text, file: t.file ?? `${kind}.csv` });
  }
  return loadSources(sources, options, pre, resolveCategories(options.categories));
}

// ---------------------------------------------------------------------------------------------
// Recognising registration files (for `validate`)
// ---------------------------------------------------------------------------------------------

/**
 * Which registration file a file name is, by its base name (case-insensitive, any extension the
 * loader reads): `gezinnen.csv` → families, `Vrijwilligers.xlsx` → volunteers, `locaties.csv` →
 * sites; `undefined` for any other name.
 * @example registrationKindOfFileName('data/Gezinnen.csv') // 'families'
 * @example registrationKindOfFileName('scores.csv')        // undefined
 */
export function registrationKindOfFileName(path: string): RegistrationKind | undefined {
  const name = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  const ext = EXTENSIONS.find((e) => name.endsWith(e));
  if (!ext) return undefined;
  const stem = name.slice(0, -ext.length);
  return REGISTRATION_KINDS.find((kind) => readRegistrationSchema(kind).fileNames.includes(stem));
}

/**
 * Which registration file a header is: the kind all of whose required columns are present (by name
 * or alias), the one matching most columns when several qualify; `undefined` when none does (e.g. a
 * measurement file).
 * @example registrationKindOfColumns(['gezin', 'locatie', 'aanmelddatum', 'verwijzer', 'aantal_kinderen', 'uitkomst_intake']) // 'families'
 */
export function registrationKindOfColumns(header: readonly string[]): RegistrationKind | undefined {
  let best: { kind: RegistrationKind; matched: number } | undefined;
  for (const kind of REGISTRATION_KINDS) {
    const m = matchColumns(header, readRegistrationSchema(kind).specs);
    if (m.missing.length) continue;
    if (!best || m.index.size > best.matched) best = { kind, matched: m.index.size };
  }
  return best?.kind;
}

class HeaderRead extends DataError {
  constructor(readonly columns: string[]) {
    super('header read');
  }
}

/**
 * Recognises a registration file by its name ({@link registrationKindOfFileName}), else by the
 * columns of its header ({@link registrationKindOfColumns}; only the header is read).
 * `undefined`: not a registration file, or a file whose header cannot be read (the caller's own
 * reader then says why).
 */
export async function recogniseRegistrationFile(path: string): Promise<RegistrationKind | undefined> {
  const byName = registrationKindOfFileName(path);
  if (byName) return byName;
  try {
    await readTableFile(path, {
      header(columns) {
        throw new HeaderRead(columns);
      },
      row() {},
    });
  } catch (err) {
    if (err instanceof HeaderRead) return registrationKindOfColumns(err.columns);
    return undefined;
  }
  return undefined;
}

/**
 * Whether a folder holds registration files (any entry named like one of the four files).
 */
export async function isRegistrationFolder(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).some((e) => registrationKindOfFileName(e) !== undefined);
  } catch {
    return false;
  }
}

/**
 * Loads the registration files given, each as the kind given (e.g. one `families.csv` to validate
 * it on its own). Kinds not given are neither read nor reported missing; the cross-file checks run
 * between the files given (a check that needs another file is skipped).
 * @example
 * const r = await loadRegistrationFiles({ families: 'sample-data/registration/local/gezinnen.csv' }, { referenceDate: '2021-06-30' });
 * r.files.find((f) => f.kind === 'families') // { kind: 'families', file: 'gezinnen.csv', rowsRead: 29, accepted: 29, rejected: 0 }
 */
export async function loadRegistrationFiles(files: Partial<Record<RegistrationKind, string>>, options: RegistrationLoadOptions = {}): Promise<RegistrationLoadResult> {
  const sources: Source[] = REGISTRATION_KINDS.map((kind) => {
    const path = files[kind];
    return path === undefined ? { kind, missing: true as const, file: `${kind}.csv` } : { kind, path, file: path.split(/[\\/]/).pop() ?? path };
  });
  return loadSources(sources, options, [], resolveCategories(options.categories));
}
