/**
 * The measurement loader: a file of questionnaire data in, validated `MeasurementRecord`s out
 * (one per participant × wave × instrument), nothing lost — every data row is either accepted or
 * rejected with all its reasons (`accepted + rejected = rowsRead`, always).
 *
 * Three layouts are recognised from the header (or declared in a mapping):
 * - `long`: one row per item response — `participant_id, group, wave, [date], instrument, item, value`;
 * - `wide-by-wave`: one row per participant × wave — `participant_id, group, wave, nosik_01 … psoc_total …`;
 * - `wide`: one row per participant — `nosik_01` (T1), `nosik_01_t2` (T2), … or declared suffixes.
 * See docs/data-formats.md for examples and the messages a user sees.
 */
import { readFileSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { ValidateFunction } from 'ajv';
import { DataError, makeIssue, type DataIssue, type IssueRule } from './issues.js';
import type { CovariateValue, LayoutInfo, LayoutKind, LoadResult, MeasurementRecord, RejectRow } from './types.js';
import { explainNumber, isMissingCell, itemTextProblem, parseNumber, readTableBuffer, readTableFile, readTableString, type TableReadInfo, type TableReadOptions } from './csv.js';
import { normaliseHeader, parseBoolean } from './validate.js';
import { PrivacyScreen, privacyRefusalText, type IdentifyingColumn } from './privacy.js';
import { quoteValue, showColumn, showId, showValue } from './safe-text.js';
import { RowRuns, knownValues, refusedResult, type ColumnRole } from './redaction.js';
import { RecordKeyStore } from './key-store.js';
import { ID_COLUMN_NAMES, readMeasurementName, recogniseColumns, type ColumnRecognition } from './columns.js';
import { parseMeasurementDate } from './dates.js';
import { isSavBytes, readSav, savTable, type SavTableMeta } from './sav.js';
import { namedWaveValue } from './columns.js';
import { DeclaredMissing, declaredCode, parseMissingCodes, type MissingCodes, type MissingDeclaration } from './missing.js';
import { defaultInstruments, type ColumnRef, type InstrumentRegistry } from '../instruments/registry.js';
import { dataSchemasDir } from '../instruments/paths.js';
import { compileJsonSchema } from '../util/ajv.js';
import type { InstrumentDefinition } from '../instruments/types.js';

export type CovariateColumnType = 'number' | 'integer' | 'boolean' | 'string' | 'date' | 'auto';

/** A declared mapping (`data-schemas/wide-mapping.schema.json`). */
export interface WideMapping {
  layout?: LayoutKind;
  id?: string;
  group?: string;
  wave?: string;
  date?: string;
  defaultGroup?: string;
  /** Wide layout: wave label → column suffixes, e.g. `{ "T1": ["", "_pre"], "T2": ["_post"] }`. */
  waveSuffixes?: Record<string, string[]>;
  /** Wave-column values → wave label, e.g. `{ "pre": "T1" }`. */
  waveValues?: Record<string, string>;
  /** Group-column values → group label. */
  groupValues?: Record<string, string>;
  /** Column renames, e.g. `{ "stress_q1": "nosik_01" }`. */
  columns?: Record<string, string>;
  covariates?: string[] | Record<string, Exclude<CovariateColumnType, 'auto'>>;
  /** Declared missing codes for every measurement column, e.g. `[99, -9]` (see `src/data/missing.ts`). */
  missing?: MissingDeclaration;
  /** Instrument id → declared missing codes of its columns. */
  missingByInstrument?: Record<string, MissingDeclaration>;
  /** File column → declared missing codes of that column. */
  missingByColumn?: Record<string, MissingDeclaration>;
}

export interface LoadMeasurementsOptions {
  /** Instrument definitions (default: the bundled ones, `defaultInstruments()`). */
  instruments?: InstrumentRegistry;
  /** Keep only this instrument (id or column prefix); rows and columns of others are skipped. */
  instrument?: string;
  /** Allowed group labels (default `homestart`, `control`, `norm`). */
  groups?: string[];
  /** Extra group aliases, value → label (added to the built-in Dutch/English aliases). */
  groupAliases?: Record<string, string>;
  /** Allowed wave labels (default: any `T1` … `T99`). */
  waves?: string[];
  /** Extra wave aliases, value → label, e.g. `{ pre: 'T1', post: 'T2' }`. */
  waveAliases?: Record<string, string>;
  /** A declared mapping; validated against `data-schemas/wide-mapping.schema.json`. */
  mapping?: WideMapping | unknown;
  /**
   * Extra covariate columns: names (value stored as a number when it parses as one, else as text)
   * or name → type. Built in: `age` (number), `single_parent` (yes/no → 1/0), `site` (text).
   */
  covariates?: string[] | Record<string, Exclude<CovariateColumnType, 'auto'>>;
  /**
   * Declared missing codes for every measurement column (CLI `--missing 99,-9`): a cell holding
   * one is missing with the reason `declared missing (99)` and never a value or a score. Instrument
   * definitions (`missing`), the mapping (`missing`, `missingByInstrument`, `missingByColumn`) and
   * an SPSS file's user-missing values add to these.
   */
  missing?: MissingDeclaration;
  /**
   * `reject-row` (default): an invalid value rejects its unit (that instrument at that wave for
   * that participant; the row's other units go through). `set-missing`: the unit is kept, the value
   * stored as null with a warning, counted in `invalidSetMissing`, and every scale using the item
   * is left unscored with the reason (a typo never becomes a prorated score).
   */
  onInvalidValue?: 'reject-row' | 'set-missing';
  encoding?: TableReadOptions['encoding'];
  delimiter?: TableReadOptions['delimiter'];
  format?: TableReadOptions['format'];
  /** Name used in messages (default: the file's base name; `<memory>` for strings). */
  fileLabel?: string;
  onProgress?: (rowsRead: number) => void;
  /**
   * Keep the records (default true). `false` validates only: records are counted
   * (`result.recordCount`), not kept, and duplicates are found with a compact key store
   * (`key-store.ts`), so memory grows with the number of participant × wave × instrument
   * combinations (≈0.1–0.2 KB each), not with the size of the file.
   */
  keepRecords?: boolean;
  /** Keep at most this many row-level issues (default: all); the rest are counted in one warning. */
  maxIssues?: number;
  /** Keep at most this many rejects (default: all); the rest are counted (`rejected` stays exact). */
  maxRejects?: number;
}

/** What the loader found besides the records (encoding, delimiter, …); attached to the result. */
export interface MeasurementLoadResult extends LoadResult {
  read: TableReadInfo;
  /** Records made (equal to `records.length` unless `keepRecords: false`). */
  recordCount: number;
  /** How the header was read: which column plays which part (used by `suggestMapping`). */
  columns?: ColumnRoles;
}

/** Which column of the header plays which part. */
export interface ColumnRoles {
  id?: string;
  group?: string;
  wave?: string;
  date?: string;
  covariates: string[];
  /** Measurement columns with what they were read as (wide layouts). */
  measures: Array<{ column: string; instrument: string; kind: string; id: string; wave?: string }>;
  /** Wave markers in column names → wave label (wide layout without declared suffixes). */
  waveMarkers: Array<{ marker: string; label: string }>;
  unknown: string[];
}

// ---------------------------------------------------------------------------------------------
// Normalisation of groups and waves
// ---------------------------------------------------------------------------------------------

/** Built-in group aliases (compared case-insensitively, spaces/underscores as hyphens). */
export const DEFAULT_GROUP_ALIASES: Readonly<Record<string, string>> = {
  homestart: 'homestart',
  'home-start': 'homestart',
  hs: 'homestart',
  interventie: 'homestart',
  intervention: 'homestart',
  interventiegroep: 'homestart',
  control: 'control',
  controle: 'control',
  controlegroep: 'control',
  comparison: 'control',
  vergelijking: 'control',
  vergelijkingsgroep: 'control',
  'care-as-usual': 'control',
  cau: 'control',
  norm: 'norm',
  normgroep: 'norm',
  'norm-group': 'norm',
  community: 'norm',
};

function groupKey(s: string): string {
  return s.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

const WAVE_PATTERN = /^(?:t|w|m|wave|meting|time|tijdstip|ronde|round)?[\s_-]*0*([1-9]\d?)$/i;

/**
 * Normalises a wave label: `t2`, `2`, `T02`, `wave 2`, `meting 2`, `w2` → `T2`. Returns undefined
 * for anything else (including T0 and T100).
 * @example normaliseWave('wave 2') // { label: 'T2', index: 2 }
 */
export function normaliseWave(text: string): { label: string; index: number } | undefined {
  const m = WAVE_PATTERN.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  return { label: `T${index}`, index };
}

// ---------------------------------------------------------------------------------------------
// Mapping
// ---------------------------------------------------------------------------------------------

let mappingValidator: ValidateFunction | undefined;

/**
 * Validates a mapping object against `data-schemas/wide-mapping.schema.json` (ajv, all errors).
 * @throws DataError (rule `invalid-definition`) listing every problem.
 */
export function validateWideMapping(mapping: unknown, file = '<mapping>'): WideMapping {
  if (!mappingValidator) {
    const schema = JSON.parse(readFileSync(`${dataSchemasDir()}wide-mapping.schema.json`, 'utf8')) as Record<string, unknown>;
    mappingValidator = compileJsonSchema(schema, { allErrors: true, strict: false });
  }
  if (mappingValidator(mapping)) return mapping as WideMapping;
  const issues = (mappingValidator.errors ?? []).map((e) =>
    makeIssue('error', 'invalid-definition', { file }, `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` ("${String(e.params.additionalProperty)}")` : ''}.`),
  );
  throw new DataError(`${file}: the mapping is not valid: ${issues.map((i) => i.message.replace(/^[^:]*: /, '')).join(' ')}`, issues);
}

// ---------------------------------------------------------------------------------------------
// Column plans
// ---------------------------------------------------------------------------------------------

const ID_ALIASES = ['participant_id', 'participant', 'participantid', 'id', 'deelnemer', 'deelnemer_id', 'deelnemersnummer', 'respondent', 'respondent_id', 'family_id', 'gezin', 'gezin_id', 'gezinscode', 'pseudonym', 'pseudoniem', 'code'];
const GROUP_ALIASES = ['group', 'groep', 'condition', 'conditie', 'arm'];
const WAVE_ALIASES = ['wave', 'meting', 'meetmoment', 'time', 'tijdstip', 'timepoint', 'occasion'];
const DATE_ALIASES = ['date', 'datum', 'meetdatum', 'measurement_date'];
const INSTRUMENT_ALIASES = ['instrument', 'vragenlijst', 'questionnaire'];
const ITEM_ALIASES = ['item', 'vraag', 'question'];
const VALUE_ALIASES = ['value', 'waarde', 'antwoord', 'response', 'score'];

interface CovariateSpec {
  name: string;
  type: CovariateColumnType;
  aliases: string[];
}

const BUILTIN_COVARIATES: CovariateSpec[] = [
  { name: 'age', type: 'number', aliases: ['age', 'leeftijd', 'age_mother', 'leeftijd_moeder', 'age_years', 'leeftijd_jaren'] },
  { name: 'single_parent', type: 'boolean', aliases: ['single_parent', 'singleparent', 'alleenstaand', 'alleenstaande_ouder', 'eenoudergezin', 'eenouder'] },
  { name: 'site', type: 'string', aliases: ['site', 'locatie', 'vestiging'] },
];

/** One measurement column of a wide or wide-by-wave file. */
interface ValueColumn {
  index: number;
  column: string;
  instrument: string;
  kind: ColumnRef['kind'];
  id: string;
  /** Wide layout only. */
  wave?: { label: string; index: number };
  min: number;
  max: number;
  integer: boolean;
  label: string;
  /** Declared missing codes that apply to this column. */
  missing?: MissingCodes;
}

/**
 * Long layout: a resolved (instrument, item) with `seq`, its small number among the columns seen in
 * the file, and `key`, its key in a record (`03`, `scale:total`, `weight:2`).
 */
type LongColumn = ValueColumn & {
  skip?: boolean;
  seq: number;
  key: string;
  bit: number;
  /**
   * What the row after one of this column resolved to the last time, and its instrument and item cells:
   * long files list a unit's items in the same order unit after unit, so the next row's column is found
   * by comparing two strings instead of a lookup.
   */
  next: LongColumn | Problem | undefined;
  nextInstrRaw: string | undefined;
  nextItemRaw: string | undefined;
};

function describeRange(min: number, max: number): string {
  if (max === Infinity) return `${min} or more`;
  return `${min} to ${max}`;
}

function columnLimits(reg: InstrumentRegistry, ref: ColumnRef): { min: number; max: number; integer: boolean; label: string } {
  if (ref.kind === 'item') {
    const r = reg.itemRange(ref.instrument, ref.id);
    const noun = reg.get(ref.instrument)?.kind === 'gas' ? 'goal' : 'item';
    return { min: r.min, max: r.max, integer: r.integer !== false, label: `${ref.instrument} ${noun} ${ref.id}` };
  }
  if (ref.kind === 'scale') {
    const r = reg.scaleRange(ref.instrument, ref.id);
    return { min: r.min, max: r.max, integer: false, label: `${ref.instrument} scale ${ref.id}` };
  }
  return { min: 0, max: Infinity, integer: false, label: `${ref.instrument} weight of goal ${ref.id}` };
}

function notANumber(raw: string): string {
  const why = explainNumber(raw);
  return why === 'it is not a number' ? `${showValue(raw)} is not a number (rule not-a-number).` : `${showValue(raw)} is not a number: ${why} (rule not-a-number).`;
}

/** Whether a text is 1–9 ASCII digits without a leading zero (what {@link itemTextProblem} surely accepts). */
function plainDigits(raw: string): boolean {
  const n = raw.length;
  if (n === 0 || n > 9) return false;
  const c0 = raw.charCodeAt(0);
  if (c0 < 48 || c0 > 57 || (c0 === 48 && n > 1)) return false;
  for (let i = 1; i < n; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Checks one value against its column; returns the rule and a clause, or undefined when fine. */
function checkValue(v: number, raw: string, c: { min: number; max: number; integer: boolean; label: string }): { rule: IssueRule; text: string } | undefined {
  if (c.integer && !Number.isNaN(v) && !plainDigits(raw)) {
    // items: digits, optionally a decimal separator and zeros (see itemTextProblem)
    const p = itemTextProblem(raw, c.min < 0);
    if (p?.rule === 'not-an-integer') return { rule: 'not-an-integer', text: `${showValue(raw)} is not a whole number; ${c.label} takes whole numbers ${describeRange(c.min, c.max)} (rule not-an-integer).` };
    if (p) return { rule: 'not-a-number', text: `${showValue(raw)} is not a valid value of ${c.label}: ${p.reason} (rule not-a-number).` };
  }
  if (Number.isNaN(v)) return { rule: 'not-a-number', text: notANumber(raw) };
  if (c.integer && !Number.isInteger(v)) return { rule: 'not-an-integer', text: `${showValue(raw)} is not a whole number; ${c.label} takes whole numbers ${describeRange(c.min, c.max)} (rule not-an-integer).` };
  if (v < c.min || v > c.max) return { rule: 'out-of-range', text: `${showValue(raw)} is outside the allowed range ${describeRange(c.min, c.max)} of ${c.label} (rule out-of-range).` };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The loader
// ---------------------------------------------------------------------------------------------

interface RecordAcc {
  record: MeasurementRecord;
  /** Long layout: the unit was rejected as a whole after its rows were read (`rejectPoisonedUnits`). */
  dropped?: boolean;
  /**
   * Long layout, for the duplicate check: bit `b` set when the column with `LongColumn.bit` b (< 30)
   * was given; which row gave it is found by walking the unit's rows in {@link UnitRows} (a unit has few).
   */
  seen: number;
  /** Long layout: the row that gave each column with `bit` ≥ 30, at `bit − 30`. */
  more?: number[];
  firstRow: number;
  /** Long layout: the unit's first and last row in {@link UnitRows}, and how many it has. */
  head: number;
  tail: number;
  count: number;
}

/**
 * Long layout: the rows each unit was given (row number and column `seq`), in typed arrays linked
 * per unit in row order. A record's `source.rows` is made from them once, in `finish()`, at its
 * final length: an array grown row by row leaves copies behind for the garbage collector.
 */
class UnitRows {
  private size = 0;
  row = new Int32Array(1024);
  seq = new Int32Array(1024);
  next = new Int32Array(1024);

  add(acc: RecordAcc, row: number, seq: number): void {
    if (this.size === this.row.length) {
      const n = this.size * 2;
      const grown = (a: Int32Array) => {
        const b = new Int32Array(n);
        b.set(a);
        return b;
      };
      this.row = grown(this.row);
      this.seq = grown(this.seq);
      this.next = grown(this.next);
    }
    const i = this.size++;
    this.row[i] = row;
    this.seq[i] = seq;
    this.next[i] = -1;
    if (acc.count === 0) acc.head = i;
    else this.next[acc.tail] = i;
    acc.tail = i;
    acc.count++;
  }

  /** The unit's row numbers, in the order they were read. */
  rowsOf(acc: RecordAcc): number[] {
    const out = new Array<number>(acc.count);
    for (let i = acc.head, k = 0; k < acc.count; i = this.next[i]) out[k++] = this.row[i];
    return out;
  }
}

/** Placeholder `source.rows` of a long-layout record until `finish()` gives it its rows. */
const ROWS_LATER: readonly number[] = Object.freeze([]);

interface ParticipantSeen {
  group: string;
  row: number;
  units: RecordAcc[] | undefined;
}

interface Problem {
  rule: IssueRule;
  column?: string;
  value?: string;
  text: string;
  /** Value problems may be turned into warnings by `set-missing`. */
  soft?: boolean;
  /** A problem of a measurement value: it rejects the unit (instrument at a wave), not the whole row. */
  unit?: boolean;
}

/** One participant × wave × instrument of a wide or wide-by-wave row. */
interface Block {
  wave: { label: string; index: number };
  instrument: string;
  items: Record<string, number | null>;
  scales: Record<string, number | null>;
  weights?: Record<string, number | null>;
  any: boolean;
  problems: Problem[];
  columns: number[];
  declared?: Record<string, string>;
  invalid?: Record<string, string>;
}

class MeasurementBuilder {
  readonly file: string;
  readonly reg: InstrumentRegistry;
  readonly only?: InstrumentDefinition;
  readonly setMissing: boolean;
  readonly mapping: WideMapping;
  readonly allowedGroups: Set<string>;
  readonly groupAlias = new Map<string, string>();
  readonly allowedWaves?: Set<string>;
  readonly waveAlias = new Map<string, string>();

  header: string[] = [];
  layout: LayoutInfo = { kind: 'wide', description: '' };
  records = new Map<string, RecordAcc>();
  rejects: RejectRow[] = [];
  issues: DataIssue[] = [];
  rowsRead = 0;
  accepted = 0;
  rejected = 0;
  readonly declared: DeclaredMissing;
  readonly units = { read: 0, accepted: 0, rejected: 0 };
  invalidSetMissing = 0;
  /** Spreadsheet input: a date cell may hold an Excel serial number. */
  spreadsheet = false;
  /** Long layout: units with an invalid value (key → the first such row and its reasons). */
  private poisoned = new Map<string, { row: number; reasons: string[] }>();
  private itemMissingCache = new Map<string, MissingCodes | undefined>();

  // column indexes
  idIdx = -1;
  groupIdx = -1;
  waveIdx = -1;
  dateIdx = -1;
  instrIdx = -1;
  itemIdx = -1;
  valueIdx = -1;
  covariates: Array<{ index: number; spec: CovariateSpec; column: string }> = [];
  valueColumns: ValueColumn[] = [];
  /** Wide layout: wave-specific date columns. */
  waveDates = new Map<string, number>();
  fatal?: { rule: IssueRule; message: string };
  refused?: IdentifyingColumn[];

  // caches
  private groupCache = new Map<string, string | null>();
  private waveCache = new Map<string, { label: string; index: number } | null>();
  private dateCache = new Map<string, string | null | undefined>();
  private longCache = new Map<string, Map<string, LongColumn | Problem>>();
  /**
   * Each participant's group and the row that set it; in a long file with records kept, also the
   * participant's units (found there by wave and instrument, without building a key per lookup).
   */
  private participantGroup = new Map<string, ParticipantSeen>();
  /** Long layout with records kept: the units in the order they were first met. */
  private longAccs: RecordAcc[] = [];
  private emptyRows: number[] = [];
  private emptyRowCount = 0;
  private skippedOther = 0;
  // bounded-memory validation (keepRecords: false, maxIssues, maxRejects)
  private readonly keepRecords: boolean;
  private readonly keys?: RecordKeyStore;
  private readonly slots = new Map<string, Map<string, number>>();
  private readonly maxIssues: number;
  private readonly maxRejects: number;
  private rowIssues = 0;
  private droppedIssues = 0;

  // privacy: the whole file is screened as it streams (identifiers.ts); rejects keep known columns only
  private screen?: PrivacyScreen;
  private known: number[] = [];
  private readonly rowRuns = new RowRuns();

  constructor(file: string, options: LoadMeasurementsOptions) {
    this.file = file;
    this.reg = options.instruments ?? defaultInstruments();
    this.mapping = options.mapping === undefined ? {} : validateWideMapping(options.mapping);
    if (options.instrument) {
      const def = this.reg.get(options.instrument);
      if (!def) {
        const text = `unknown instrument "${options.instrument}"; known instruments: ${this.reg.list().map((d) => d.id).join(', ')}.`;
        throw new DataError(`${file}: ${text}`, [makeIssue('error', 'unknown-instrument', { file, value: options.instrument }, text)]);
      }
      this.only = def;
    }
    this.setMissing = options.onInvalidValue === 'set-missing';
    this.keepRecords = options.keepRecords !== false;
    if (!this.keepRecords) this.keys = new RecordKeyStore(file);
    this.maxIssues = options.maxIssues ?? Infinity;
    this.maxRejects = options.maxRejects ?? Infinity;
    try {
      const fileCodes = [parseMissingCodes(options.missing, '--missing'), parseMissingCodes(this.mapping.missing, 'mapping "missing"')];
      this.declared = new DeclaredMissing(fileCodes[0] && fileCodes[1] ? { values: [...fileCodes[0].values, ...fileCodes[1].values], ranges: [...fileCodes[0].ranges, ...fileCodes[1].ranges] } : fileCodes[0] ?? fileCodes[1]);
      for (const def of this.reg.list()) this.declared.addInstrument(def.id, parseMissingCodes(def.missing, `instrument ${def.id} "missing"`));
      for (const [k, v] of Object.entries(this.mapping.missingByInstrument ?? {})) {
        const def = this.reg.get(k);
        if (!def) throw new RangeError(`mapping "missingByInstrument": "${k}" is not a known instrument (known: ${this.reg.list().map((d) => d.id).join(', ')})`);
        this.declared.addInstrument(def.id, parseMissingCodes(v, `mapping "missingByInstrument" ${k}`));
      }
      for (const [k, v] of Object.entries(this.mapping.missingByColumn ?? {})) this.declared.addColumn(normaliseHeader(k), parseMissingCodes(v, `mapping "missingByColumn" ${k}`));
    } catch (e) {
      if (e instanceof RangeError) throw new DataError(`${file}: ${e.message}`);
      throw e;
    }
    const aliases: Record<string, string> = { ...DEFAULT_GROUP_ALIASES, ...(this.mapping.groupValues ?? {}), ...(options.groupAliases ?? {}) };
    for (const [k, v] of Object.entries(aliases)) this.groupAlias.set(groupKey(k), v);
    this.allowedGroups = new Set(options.groups ?? ['homestart', 'control', 'norm']);
    for (const g of this.allowedGroups) if (!this.groupAlias.has(groupKey(g))) this.groupAlias.set(groupKey(g), g);
    if (options.waves) {
      this.allowedWaves = new Set();
      for (const w of options.waves) {
        const n = normaliseWave(w);
        if (!n) throw new DataError(`${file}: "${w}" in the allowed waves is not a wave label; write T1, T2, …`);
        this.allowedWaves.add(n.label);
      }
    }
    for (const [k, v] of Object.entries({ ...(this.mapping.waveValues ?? {}), ...(options.waveAliases ?? {}) })) {
      const n = normaliseWave(v);
      if (!n) throw new DataError(`${file}: wave alias "${k}" → "${v}": "${v}" is not a wave label; write T1, T2, …`);
      this.waveAlias.set(k.trim().toLowerCase(), n.label);
    }
    const covs: CovariateSpec[] = [...BUILTIN_COVARIATES];
    const extra = options.covariates ?? this.mapping.covariates;
    for (const [name, type] of Array.isArray(extra) ? extra.map((n) => [n, 'auto'] as const) : Object.entries(extra ?? {})) {
      const existing = covs.findIndex((c) => c.name === name);
      const spec: CovariateSpec = { name, type, aliases: [name] };
      if (existing >= 0) covs[existing] = { ...covs[existing], type: type === 'auto' ? covs[existing].type : type };
      else covs.push(spec);
    }
    this.covariateSpecs = covs;
  }

  covariateSpecs: CovariateSpec[];

  // -------------------------------------------------------------------------------------------
  // Header
  // -------------------------------------------------------------------------------------------

  /** The declared missing codes of one measurement column (file, instrument, item, column). */
  columnMissing(column: string, ref: ColumnRef): MissingCodes | undefined {
    const k = `${ref.instrument}\u0000${ref.id}`;
    let item = this.itemMissingCache.get(k);
    if (!this.itemMissingCache.has(k)) {
      const it = ref.kind === 'item' ? this.reg.get(ref.instrument)?.items.find((i) => i.id === ref.id) : undefined;
      item = it?.missing ? parseMissingCodes(it.missing, `instrument ${ref.instrument} item ${ref.id} "missing"`) : undefined;
      this.itemMissingCache.set(k, item);
    }
    return this.declared.forColumn(normaliseHeader(column), ref.instrument, item);
  }

  /** Value labels of the file (SPSS), by normalised column: code → label. */
  private valueLabels = new Map<string, Record<string, string>>();

  /**
   * What an SPSS file brings besides its cells: user-missing values become declared codes of their
   * column; value labels of the group and wave columns map codes to groups and waves (applied in
   * setHeader, once those columns are known; explicit aliases win).
   */
  applySavMeta(meta: SavTableMeta): void {
    this.addColumnMissing(meta.missing);
    for (const [c, labels] of Object.entries(meta.valueLabels)) this.valueLabels.set(normaliseHeader(c), labels);
  }

  /** ` (value label "wachtlijst")` when the file labels this group code; '' otherwise. */
  private groupLabelOf(raw: string): string {
    if (this.groupIdx < 0 || this.valueLabels.size === 0) return '';
    const l = this.valueLabels.get(normaliseHeader(this.header[this.groupIdx]))?.[raw.trim()];
    // labels are metadata of the file, yet free text: shown only under the rules for values (safe-text.ts)
    return l ? ` (value label ${quoteValue(l)})` : '';
  }

  private applyValueLabels(columns: string[]): void {
    if (this.valueLabels.size === 0) return;
    const g = this.groupIdx >= 0 ? this.valueLabels.get(normaliseHeader(columns[this.groupIdx])) : undefined;
    for (const [code, label] of Object.entries(g ?? {})) {
      const canon = this.groupAlias.get(groupKey(label));
      if (canon !== undefined && !this.groupAlias.has(groupKey(code))) this.groupAlias.set(groupKey(code), canon);
    }
    const w = this.waveIdx >= 0 ? this.valueLabels.get(normaliseHeader(columns[this.waveIdx])) : undefined;
    for (const [code, label] of Object.entries(w ?? {})) {
      const wave = this.waveAlias.get(label.trim().toLowerCase()) ?? normaliseWave(label)?.label ?? namedWaveValue(label)?.label;
      if (wave && !this.waveAlias.has(code.trim().toLowerCase())) this.waveAlias.set(code.trim().toLowerCase(), wave);
    }
  }

  /** Adds declared codes found in the file itself (SPSS user-missing values), column → codes. */
  addColumnMissing(byColumn: Record<string, MissingCodes>): void {
    for (const [c, codes] of Object.entries(byColumn)) this.declared.addColumn(normaliseHeader(c), codes);
  }

  setHeader(columns: string[]): void {
    this.header = columns;
    const file = this.file;
    const renames = new Map<string, string>();
    for (const [k, v] of Object.entries(this.mapping.columns ?? {})) renames.set(normaliseHeader(k), v);
    const norm = columns.map((c) => normaliseHeader(renames.get(normaliseHeader(c)) ?? c));
    const used = new Set<number>();
    const find = (declared: string | undefined, aliases: string[]): number => {
      if (declared) {
        const d = normaliseHeader(declared);
        const i = norm.indexOf(d);
        if (i >= 0) used.add(i);
        return i;
      }
      for (const a of aliases) {
        const i = norm.indexOf(a);
        if (i >= 0 && !used.has(i)) {
          used.add(i);
          return i;
        }
      }
      return -1;
    };
    this.idIdx = find(this.mapping.id, [...ID_ALIASES, ...ID_COLUMN_NAMES]);
    this.groupIdx = find(this.mapping.group, GROUP_ALIASES);
    this.waveIdx = find(this.mapping.wave, WAVE_ALIASES);
    this.dateIdx = find(this.mapping.date, DATE_ALIASES);
    this.instrIdx = find(undefined, INSTRUMENT_ALIASES);
    this.itemIdx = find(undefined, ITEM_ALIASES);
    // `score` is a value alias only in long files (an item column is present).
    this.valueIdx = this.itemIdx >= 0 ? find(undefined, VALUE_ALIASES) : find(undefined, VALUE_ALIASES.filter((a) => a !== 'score'));

    this.applyValueLabels(columns);
    for (const spec of this.covariateSpecs) {
      const i = find(undefined, spec.aliases.map(normaliseHeader));
      if (i >= 0) this.covariates.push({ index: i, spec, column: columns[i] });
    }

    // Layout
    let kind: LayoutKind;
    let how: string;
    if (this.mapping.layout) {
      kind = this.mapping.layout;
      how = 'as declared in the mapping';
    } else if (this.itemIdx >= 0 && this.valueIdx >= 0) {
      kind = 'long';
      how = `columns "${showColumn(columns[this.itemIdx])}" and "${showColumn(columns[this.valueIdx])}" present`;
    } else if (this.waveIdx >= 0) {
      kind = 'wide-by-wave';
      how = `column "${showColumn(columns[this.waveIdx])}" present, no item/value columns`;
    } else {
      kind = 'wide';
      how = 'no wave column; waves from column suffixes';
    }

    const missing: string[] = [];
    if (this.idIdx < 0) missing.push(this.mapping.id ? `"${this.mapping.id}" (declared id column)` : '"participant_id"');
    if (this.groupIdx < 0 && !this.mapping.defaultGroup) missing.push(this.mapping.group ? `"${this.mapping.group}" (declared group column)` : '"group"');
    if (kind !== 'wide' && this.waveIdx < 0) missing.push(this.mapping.wave ? `"${this.mapping.wave}" (declared wave column)` : '"wave"');
    if (kind === 'long') {
      if (this.itemIdx < 0) missing.push('"item"');
      if (this.valueIdx < 0) missing.push('"value"');
    }

    if (kind === 'long') {
      const known = new Set([this.idIdx, this.groupIdx, this.waveIdx, this.dateIdx, this.instrIdx, this.itemIdx, this.valueIdx, ...this.covariates.map((c) => c.index)]);
      columns.forEach((c, i) => {
        if (!known.has(i)) this.unknownColumn(c);
      });
      this.layout = { kind, description: `long layout: one row per item response (${how})` };
    } else {
      for (const i of [this.instrIdx, this.itemIdx, this.valueIdx]) if (i >= 0) this.unknownColumn(columns[i]);
      this.recognition = recogniseColumns(norm, this.reg, used, kind === 'wide' && !this.mapping.waveSuffixes);
      this.planWideColumns(columns, norm, renames, kind, used);
      const instruments = [...new Set(this.valueColumns.map((c) => c.instrument))];
      const waves = [...new Set(this.valueColumns.map((c) => c.wave?.label).filter(Boolean))];
      const what = `${this.valueColumns.length} measurement column${this.valueColumns.length === 1 ? '' : 's'} of ${instruments.join(', ') || 'no instrument'}`;
      const rw = this.recognition;
      const markers = kind === 'wide' && rw && rw.waves.length ? `; waves from column names: ${rw.waves.map((w) => `${w.marker} → ${w.label}`).join(', ')}${rw.notes.length ? ` (${rw.notes.join(' ')})` : ''}` : '';
      this.layout =
        kind === 'wide-by-wave'
          ? { kind, description: `wide-by-wave layout: one row per participant and wave (${how}); ${what}` }
          : { kind, description: `wide layout: one row per participant (${how}); ${what} at ${waves.join(', ') || 'no wave'}${markers}` };
      for (const a of rw?.ambiguous ?? []) {
        this.issues.push(makeIssue('warning', 'unknown-wave', { file, column: a.column }, `column "${showColumn(a.column)}" is ambiguous: ${a.why} (rule unknown-wave).`));
      }
      if (this.valueColumns.length === 0 && missing.length === 0 && this.only) {
        this.setFatal('layout', `no columns of instrument ${this.only.id} found (its columns start with ${this.only.columnPrefix}_) (rule layout).`);
      } else if (this.valueColumns.length === 0 && missing.length === 0) {
        this.setFatal('layout', `no measurement columns found: expected item or scale columns such as nosik_01 or psoc_total (known prefixes: ${this.reg.list().map((d) => d.columnPrefix).join(', ')}), or a long file with columns item and value (rule layout).`);
      }
    }
    if (missing.length) {
      this.setFatal('missing-required', `required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing from the header of this ${kind} file (rule missing-required); no row can be used.`);
    }
    this.flushUnknownColumns();
    this.setupPrivacy(columns);
    const dupCols = new Map<string, number>();
    columns.forEach((c) => dupCols.set(normaliseHeader(c), (dupCols.get(normaliseHeader(c)) ?? 0) + 1));
    for (const [c, n] of dupCols) {
      if (n > 1) this.issues.push(makeIssue('warning', 'duplicate', { file, column: c }, `column "${showColumn(c)}" appears ${n} times in the header; only the first is used (rule duplicate).`));
    }
  }

  private setFatal(rule: IssueRule, text: string): void {
    const issue = makeIssue('error', rule, { file: this.file }, text);
    this.issues.push(issue);
    if (!this.fatal) this.fatal = { rule, message: issue.message };
  }

  /** Columns that were not recognised, reported once all of the header has been read. */
  private unknownCols: string[] = [];
  recognition?: ColumnRecognition;

  private unknownColumn(c: string): void {
    this.unknownCols.push(c);
  }

  /**
   * Up to three unrecognised columns get one warning each; more get one summary warning (a file
   * whose names do not match should not greet its user with a wall of warnings).
   */
  private flushUnknownColumns(): void {
    const list = this.unknownCols;
    if (list.length <= 3) {
      for (const c of list) this.unknownColumnWarning(c);
      return;
    }
    const recognised = this.valueColumns.length;
    const shown = list.slice(0, 12).map((c) => `"${showColumn(c)}"`).join(', ');
    this.issues.push(makeIssue('warning', 'unknown-column', { file: this.file }, `${list.length} of ${this.header.length} columns were not recognised and were ignored: ${shown}${list.length > 12 ? ', …' : ''} (rule unknown-column). ${recognised} measurement column${recognised === 1 ? ' was' : 's were'} recognised. Known: participant_id (or respnr, respondent, deelnemer, client, id), group (groep), wave (meting), date (datum), age, single_parent, site, and instrument columns such as nosik_01, nosik1, nosik_1_voormeting or psoc_totaal_t2; write a mapping to edit with --suggest-mapping OUT.json.`));
  }

  private unknownColumnWarning(c: string): void {
    this.issues.push(makeIssue('warning', 'unknown-column', { file: this.file, column: c }, `column "${showColumn(c)}" is not a known column and was ignored (rule unknown-column). Known: participant_id, group, wave, date, age, single_parent, site, and instrument columns such as nosik_01 or psoc_total.`));
  }

  private planWideColumns(columns: string[], norm: string[], renames: Map<string, string>, kind: LayoutKind, used: Set<number>): void {
    const suffixes: Array<{ suffix: string; wave: { label: string; index: number } }> = [];
    if (kind === 'wide' && this.mapping.waveSuffixes) {
      for (const [w, list] of Object.entries(this.mapping.waveSuffixes)) {
        const wave = normaliseWave(w)!;
        for (const s of list) suffixes.push({ suffix: normaliseHeader(s), wave });
      }
      suffixes.sort((a, b) => b.suffix.length - a.suffix.length);
    }
    const seen = new Map<string, string>();
    const otherInstrument: string[] = [];
    columns.forEach((col, index) => {
      if (used.has(index)) return;
      const name = norm[index];
      let ref: ColumnRef | undefined;
      let wave: { label: string; index: number } | undefined;
      let base = name;
      if (kind === 'wide-by-wave') {
        ref = this.recognition?.measures.get(index)?.ref;
      } else if (this.mapping.waveSuffixes) {
        for (const s of suffixes) {
          if (!name.endsWith(s.suffix)) continue;
          const b = name.slice(0, name.length - s.suffix.length);
          const r = readMeasurementName(normaliseHeader(renames.get(b) ?? b), this.reg);
          if (r) {
            ref = r;
            wave = s.wave;
            base = b;
            break;
          }
          if (DATE_ALIASES.includes(b)) {
            this.waveDates.set(s.wave.label, index);
            return;
          }
        }
      } else {
        // Export-style names (nosik1, NOSIK_01, nosik_1_voormeting, nosik_tot_t2): src/data/columns.ts
        const dateWave = this.recognition?.dates.get(index);
        if (dateWave) {
          this.waveDates.set(dateWave.label, index);
          return;
        }
        const m = this.recognition?.measures.get(index);
        if (m) {
          ref = m.ref;
          wave = m.wave ?? { label: 'T1', index: 1 };
        }
        if (this.recognition?.ambiguous.some((a) => a.index === index)) return;
      }
      if (!ref) {
        const def = this.reg.instrumentForColumn(base) ?? this.reg.instrumentForColumn(name);
        if (def) {
          this.issues.push(makeIssue('warning', 'unknown-item', { file: this.file, column: col }, `column "${showColumn(col)}" starts like ${def.id} but names no item or scale of it (items ${def.items[0]?.id ?? ''}…${def.items[def.items.length - 1]?.id ?? ''}; scales ${def.scales.map((s) => s.id).join(', ')}); the column was ignored (rule unknown-item).`));
        } else if (kind === 'wide' && this.mapping.waveSuffixes && this.reg.resolveColumn(name)) {
          this.issues.push(makeIssue('warning', 'unknown-wave', { file: this.file, column: col }, `column "${showColumn(col)}" has none of the wave suffixes declared in the mapping; the column was ignored (rule unknown-wave).`));
        } else {
          this.unknownColumn(col);
        }
        return;
      }
      if (this.only && ref.instrument !== this.only.id) {
        otherInstrument.push(col);
        return;
      }
      if (wave && this.allowedWaves && !this.allowedWaves.has(wave.label)) {
        this.issues.push(makeIssue('warning', 'unknown-wave', { file: this.file, column: col }, `column "${showColumn(col)}" belongs to wave ${wave.label}, which is not among the allowed waves (${[...this.allowedWaves].join(', ')}); the column was ignored (rule unknown-wave).`));
        return;
      }
      const key = `${ref.instrument}|${ref.kind}|${ref.id}|${wave?.label ?? ''}`;
      if (seen.has(key)) {
        this.issues.push(makeIssue('warning', 'duplicate', { file: this.file, column: col }, `column "${showColumn(col)}" holds the same ${ref.kind} as column "${showColumn(seen.get(key)!)}"${wave ? ` at ${wave.label}` : ''}; only the first is used (rule duplicate).`));
        return;
      }
      seen.set(key, col);
      const missing = this.columnMissing(col, ref);
      this.valueColumns.push({ index, column: col, ...ref, ...columnLimits(this.reg, ref), ...(wave ? { wave } : {}), ...(missing ? { missing } : {}) });
    });
    if (otherInstrument.length) {
      this.issues.push(makeIssue('warning', 'unknown-instrument', { file: this.file }, `${otherInstrument.length} column${otherInstrument.length === 1 ? '' : 's'} of instruments other than ${this.only!.id} ${otherInstrument.length === 1 ? 'was' : 'were'} skipped (${otherInstrument.slice(0, 5).map(showColumn).join(', ')}${otherInstrument.length > 5 ? ', …' : ''}).`));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Rows
  // -------------------------------------------------------------------------------------------

  pushRow(cells: string[], row: number, problem?: string): void {
    this.rowRuns.add(row);
    if (this.screen && !problem) this.screen.row(cells);
    this.processRow(cells, row, problem);
  }

  /** Sets up the privacy screen once the columns are planned: roles per column, refusal by name. */
  private setupPrivacy(columns: string[]): void {
    const roles: ColumnRole[] = columns.map(() => 'free');
    const typed = [this.groupIdx, this.waveIdx, this.instrIdx, this.itemIdx, this.valueIdx, ...this.valueColumns.map((c) => c.index)];
    for (const i of typed) if (i >= 0) roles[i] = 'typed';
    for (const c of this.covariates) roles[c.index] = c.spec.type === 'string' || c.spec.type === 'auto' ? 'free' : c.spec.type === 'date' ? 'date' : 'typed';
    if (this.dateIdx >= 0) roles[this.dateIdx] = 'date';
    for (const i of this.waveDates.values()) roles[i] = 'date';
    if (this.idIdx >= 0) roles[this.idIdx] = 'id';
    this.known = [...new Set([...typed, this.idIdx, this.dateIdx, ...this.waveDates.values(), ...this.covariates.map((c) => c.index)])].filter((i) => i >= 0).sort((a, b) => a - b);
    this.screen = new PrivacyScreen(columns, roles);
    const found = this.screen.byHeader;
    if (found.length) {
      this.refused = found;
      this.issues.push(makeIssue('error', 'identifying-column', { file: this.file }, privacyRefusalText(this.file, found).slice(this.file.length + 2)));
    }
  }

  private reject(cells: string[], row: number, reasons: string[]): void {
    this.keepReject({ file: this.file, row, values: knownValues(this.header, cells, this.known), reasons });
    this.rejected++;
  }

  /** Adds a row-level issue, or counts it when `maxIssues` are kept already. */
  private rowIssue(issue: DataIssue): void {
    if (this.rowIssues < this.maxIssues) {
      this.rowIssues++;
      this.issues.push(issue);
    } else this.droppedIssues++;
  }

  private readonly seqs = new Map<string, number>();
  /** Record key (`03`, `scale:total`) of each `seq`. */
  private readonly seqKeys: string[] = [];
  /** Number of each `seq` among the columns of its instrument (a bit of `RecordAcc.seen`). */
  private readonly seqBits: number[] = [];
  private readonly bitsUsed = new Map<string, number>();
  /** Long layout: the rows of the units. */
  private readonly unitRows = new UnitRows();

  /** Long layout: the row that gave column `col` to the record, if any. */
  private givenRow(acc: RecordAcc, col: LongColumn): number | undefined {
    const b = col.bit;
    if (b >= 30) return acc.more?.[b - 30];
    if ((acc.seen & (1 << b)) === 0) return undefined;
    const u = this.unitRows;
    for (let i = acc.head, k = 0; k < acc.count; i = u.next[i], k++) if (u.seq[i] === col.seq) return u.row[i];
    return undefined;
  }

  /** Long layout: notes that `row` gave column `col` to the record. */
  private markGiven(acc: RecordAcc, col: LongColumn, row: number): void {
    const b = col.bit;
    if (b < 30) acc.seen |= 1 << b;
    else (acc.more ??= [])[b - 30] = row;
    this.unitRows.add(acc, row, col.seq);
  }
  /** Long layout: a small number for each distinct instrument × item/scale/weight met in the file. */
  private seqOf(ref: ColumnRef): number {
    const k = `${ref.instrument}\u0000${ref.kind}\u0000${ref.id}`;
    let n = this.seqs.get(k);
    if (n === undefined) {
      n = this.seqs.size;
      this.seqs.set(k, n);
      this.seqKeys.push(ref.kind === 'item' ? ref.id : `${ref.kind}:${ref.id}`);
      const bit = this.bitsUsed.get(ref.instrument) ?? 0;
      this.bitsUsed.set(ref.instrument, bit + 1);
      this.seqBits.push(bit);
    }
    return n;
  }

  /** Slot of an item/scale/weight within its instrument (for the compact key store), and the width. */
  private slotOf(col: ValueColumn): { slot: number; width: number } {
    let m = this.slots.get(col.instrument);
    if (!m) {
      m = new Map();
      const def = this.reg.get(col.instrument);
      let k = 0;
      for (const it of def?.items ?? []) m.set(`item:${it.id}`, k++);
      for (const sc of def?.scales ?? []) m.set(`scale:${sc.id}`, k++);
      if (def?.kind === 'gas') for (const it of def.items) m.set(`weight:${it.id}`, k++);
      this.slots.set(col.instrument, m);
      this.slotWidth.set(col.instrument, k + 4); // room for a few columns outside the definition
    }
    const key = `${col.kind}:${col.id}`;
    let slot = m.get(key);
    if (slot === undefined) {
      slot = Math.min(m.size, this.slotWidth.get(col.instrument)! - 1);
      m.set(key, slot);
    }
    return { slot, width: this.slotWidth.get(col.instrument)! };
  }
  private readonly slotWidth = new Map<string, number>();

  private processRow(cells: string[], row: number, problem?: string): void {
    this.rowsRead++;
    if (this.refused) {
      this.rejected++;
      return;
    }
    if (problem) {
      const issue = makeIssue('error', 'malformed-row', { file: this.file, row }, `${problem} (rule malformed-row).`);
      this.rowIssue(issue);
      this.reject(cells, row, [issue.message]);
      return;
    }
    if (this.fatal) {
      this.reject(cells, row, [this.fatal.message]);
      return;
    }
    if (this.layout.kind === 'long') this.longRow(cells, row);
    else this.wideRow(cells, row);
  }

  /** Resolves participant, group, wave, date and covariates; problems are appended. */
  // Results of `common` (fields instead of a returned object: this runs once per row).
  private cPid = '';
  private lastRawId: string | undefined;
  private lastPid = '';
  private lastNoId = true;
  private cGroup: string | null = null;
  private cWave: { label: string; index: number } | null = null;
  private cDate: string | undefined;
  private cCovariates: Record<string, CovariateValue> | undefined;
  private lastGroupRaw: string | undefined;
  private lastGroup: string | null | undefined;
  private lastWaveRaw: string | undefined;
  private lastWave: { label: string; index: number } | null | undefined;
  private lastInstrRaw: string | undefined;
  private lastItemMap: Map<string, LongColumn | Problem> | undefined;
  private lastAcc: RecordAcc | undefined;
  private lastAccPid = '';
  private lastAccWave = '';
  private lastAccInstrument = '';
  private readonly problems: Problem[] = [];

  private common(cells: string[], row: number, problems: Problem[], needWave: boolean): void {
    const rawId = this.idIdx >= 0 ? cells[this.idIdx] ?? '' : '';
    // the id of the row above (long files repeat it row after row) is not trimmed and checked again
    let pid = this.lastPid;
    let noId = this.lastNoId;
    if (rawId !== this.lastRawId) {
      pid = rawId.trim();
      noId = pid === '' || isMissingCell(pid);
      this.lastRawId = rawId;
      this.lastPid = pid;
      this.lastNoId = noId;
    }
    if (noId) problems.push({ rule: 'missing-required', column: this.header[this.idIdx], text: 'the participant id is missing (rule missing-required).' });

    let group: string | null = this.mapping.defaultGroup ?? null;
    if (this.groupIdx >= 0) {
      const raw = cells[this.groupIdx] ?? '';
      let g = raw === this.lastGroupRaw ? this.lastGroup : this.groupCache.get(raw);
      if (g === undefined) g = this.readGroup(raw);
      this.lastGroupRaw = raw;
      this.lastGroup = g;
      group = g;
      if (g === null) problems.push(this.groupProblem(raw));
    }

    let wave: { label: string; index: number } | null = null;
    if (needWave) {
      const raw = cells[this.waveIdx] ?? '';
      let w = raw === this.lastWaveRaw ? this.lastWave : this.waveCache.get(raw);
      if (w === undefined) w = this.readWave(raw);
      this.lastWaveRaw = raw;
      this.lastWave = w;
      wave = w;
      if (w === null) problems.push(this.waveProblem(raw));
    }

    let date: string | undefined;
    if (this.dateIdx >= 0) date = this.readDate(cells, this.dateIdx, problems);
    this.cPid = pid;
    this.cGroup = group;
    this.cWave = wave;
    this.cDate = date;
    this.cCovariates = this.covariates.length > 0 ? this.readCovariates(cells, problems) : undefined;
  }

  /** A group cell's label (null: missing or not allowed), remembered for the next time the same text comes. */
  private readGroup(raw: string): string | null {
    const canon = isMissingCell(raw) ? undefined : this.groupAlias.get(groupKey(raw));
    const g = canon !== undefined && this.allowedGroups.has(canon) ? canon : null;
    this.groupCache.set(raw, g);
    return g;
  }

  private groupProblem(raw: string): Problem {
    const column = this.header[this.groupIdx];
    if (isMissingCell(raw)) return { rule: 'missing-required', column, text: 'the group is missing (rule missing-required).' };
    return { rule: 'unknown-group', column, value: raw, text: `group ${quoteValue(raw)}${this.groupLabelOf(raw)} is not one of the allowed groups ${[...this.allowedGroups].join(', ')} (aliases such as home-start, hs, interventie, controle, vergelijkingsgroep, care-as-usual and normgroep are recognised) (rule unknown-group).` };
  }

  /** A wave cell's wave (null: missing, not a wave or not allowed), remembered for the next time the same text comes. */
  private readWave(raw: string): { label: string; index: number } | null {
    const alias = this.waveAlias.get(raw.trim().toLowerCase());
    let w = (alias ? normaliseWave(alias) : normaliseWave(raw) ?? namedWaveValue(raw)) ?? null;
    if (w && this.allowedWaves && !this.allowedWaves.has(w.label)) w = null;
    this.waveCache.set(raw, w);
    return w;
  }

  private waveProblem(raw: string): Problem {
    const column = this.header[this.waveIdx];
    if (isMissingCell(raw)) return { rule: 'missing-required', column, text: 'the wave is missing (rule missing-required).' };
    return {
      rule: 'unknown-wave',
      column,
      value: raw,
      text: this.allowedWaves
        ? `wave ${quoteValue(raw)} is not one of the allowed waves ${[...this.allowedWaves].join(', ')} (rule unknown-wave).`
        : `wave ${quoteValue(raw)} is not a wave label; write T1, T2, … (also accepted: 2, t2, T02, wave 2) (rule unknown-wave).`,
    };
  }

  /** The row's covariates (undefined when all are missing); problems are appended. */
  private readCovariates(cells: string[], problems: Problem[]): Record<string, CovariateValue> | undefined {
    let covariates: Record<string, CovariateValue> | undefined;
    for (let k = 0; k < this.covariates.length; k++) {
      const c = this.covariates[k];
      const raw = cells[c.index] ?? '';
      if (isMissingCell(raw)) continue;
      covariates ??= {};
      // Declared codes of the file and of this column (e.g. a .sav's user-missing -9 for age).
      const code = this.declared.any ? declaredCode(raw, this.declared.forColumn(normaliseHeader(c.column), undefined)) : undefined;
      if (code !== undefined) {
        covariates[c.spec.name] = null;
        this.declared.count(code);
        continue;
      }
      const v = this.covariateValue(c.spec, raw);
      if (typeof v === 'object' && v !== null) {
        problems.push({ rule: v.rule, column: c.column, value: raw, text: v.text, soft: true });
        covariates[c.spec.name] = null;
      } else covariates[c.spec.name] = v;
    }
    return covariates;
  }

  private readDate(cells: string[], idx: number, problems: Problem[]): string | undefined {
    const raw = cells[idx] ?? '';
    let d = this.dateCache.get(raw);
    if (d === undefined && !this.dateCache.has(raw)) {
      d = parseMeasurementDate(raw, { spreadsheet: this.spreadsheet });
      if (this.dateCache.size < 5000) this.dateCache.set(raw, d);
    }
    if (d === undefined) {
      problems.push({ rule: 'invalid-date', column: this.header[idx], value: raw, text: `${showValue(raw)} is not a date; write 2024-03-01 or 1-3-2024 (day first) (rule invalid-date).`, soft: true });
      return undefined;
    }
    return d ?? undefined;
  }

  private covariateValue(spec: CovariateSpec, raw: string): CovariateValue | { rule: IssueRule; text: string } {
    switch (spec.type) {
      case 'number':
      case 'integer': {
        const v = parseNumber(raw)!;
        if (Number.isNaN(v)) return { rule: 'not-a-number', text: notANumber(raw) };
        if (spec.type === 'integer' && !Number.isInteger(v)) return { rule: 'not-an-integer', text: `${showValue(raw)} is not a whole number (rule not-an-integer).` };
        if (spec.name === 'age' && (v < 0 || v > 120)) return { rule: 'out-of-range', text: `${showValue(raw)} is outside the allowed range 0 to 120 of age in years (rule out-of-range).` };
        return v;
      }
      case 'boolean': {
        const b = parseBoolean(raw);
        if (b === undefined) return { rule: 'invalid-value', text: `${showValue(raw)} is not a yes/no value; write ja/nee, yes/no, 1/0 or true/false (rule invalid-value).` };
        return b === null ? null : b ? 1 : 0;
      }
      case 'date': {
        const d = parseMeasurementDate(raw, { spreadsheet: this.spreadsheet });
        if (d === undefined) return { rule: 'invalid-date', text: `${showValue(raw)} is not a date; write 2024-03-01 or 1-3-2024 (day first) (rule invalid-date).` };
        return d;
      }
      case 'string':
        return raw.trim();
      case 'auto': {
        const v = parseNumber(raw);
        return v !== null && !Number.isNaN(v) ? v : raw.trim();
      }
    }
  }

  /** Turns problems into issues; returns the reasons when the row must be rejected. */
  private settle(problems: Problem[], row: number): string[] | undefined {
    let reasons: string[] | undefined;
    for (const p of problems) {
      const where: { file: string; row: number; column?: string; value?: string } = { file: this.file, row };
      if (p.column !== undefined) where.column = p.column;
      if (p.value !== undefined) where.value = p.value;
      if (p.soft && this.setMissing) {
        this.rowIssue(makeIssue('warning', p.rule, where, `${p.text} Stored as missing (set-missing).`));
      } else {
        const issue = makeIssue('error', p.rule, where, p.text);
        this.rowIssue(issue);
        (reasons ??= []).push(issue.message);
      }
    }
    return reasons;
  }

  /** Notes a problem when the participant was seen in another group; returns what was seen of the participant. */
  private checkParticipantGroup(pid: string, group: string, row: number, problems: Problem[]): ParticipantSeen | undefined {
    const seen = this.participantGroup.get(pid);
    if (!seen) return undefined;
    if (seen.group !== group) {
      problems.push({ rule: 'inconsistent', column: this.header[this.groupIdx], value: group, text: `participant ${showId(pid)} is in group ${group} here but in group ${seen.group} in row ${seen.row} (rule inconsistent).` });
    }
    return seen;
  }

  /** Long layout: the participant's unit at `wave` for `instrument`, if any. */
  private static unitOf(seen: ParticipantSeen | undefined, wave: string, instrument: string): RecordAcc | undefined {
    const units = seen?.units;
    if (!units) return undefined;
    for (let i = 0; i < units.length; i++) {
      const r = units[i].record;
      if (r.wave === wave && r.instrument === instrument && !units[i].dropped) return units[i];
    }
    return undefined;
  }

  private newRecord(pid: string, group: string, wave: { label: string; index: number }, instrument: string, date: string | undefined, covariates: Record<string, CovariateValue> | undefined, rows: number[]): MeasurementRecord {
    const rec: MeasurementRecord = {
      participantId: pid,
      group,
      wave: wave.label,
      waveIndex: wave.index,
      instrument,
      items: {},
      scales: {},
      covariates: covariates ? { ...covariates } : {},
      source: { file: this.file, rows },
    };
    if (date) rec.date = date;
    return rec;
  }

  /** The column the row before resolved to (long layout), for {@link LongColumn.next}. */
  private lastColumn: LongColumn | undefined;

  private resolveLong(instrRaw: string, itemRaw: string): LongColumn | Problem {
    const last = this.lastColumn;
    if (last !== undefined && last.nextItemRaw === itemRaw && last.nextInstrRaw === instrRaw) {
      const next = last.next!;
      this.lastColumn = (next as ValueColumn).index === undefined ? undefined : (next as LongColumn);
      return next;
    }
    const res = this.lookUpLong(instrRaw, itemRaw);
    if (last !== undefined) {
      last.next = res;
      last.nextInstrRaw = instrRaw;
      last.nextItemRaw = itemRaw;
    }
    this.lastColumn = (res as ValueColumn).index === undefined ? undefined : (res as LongColumn);
    return res;
  }

  private lookUpLong(instrRaw: string, itemRaw: string): LongColumn | Problem {
    let items: Map<string, LongColumn | Problem> | undefined;
    if (instrRaw === this.lastInstrRaw) items = this.lastItemMap;
    else {
      items = this.longCache.get(instrRaw);
      if (!items && this.longCache.size < 1000) {
        items = new Map();
        this.longCache.set(instrRaw, items);
      }
      this.lastInstrRaw = instrRaw;
      this.lastItemMap = items;
    }
    const hit = items?.get(itemRaw);
    if (hit) return hit;
    const res = this.resolveLongUncached(instrRaw.trim(), itemRaw.trim());
    if (items && items.size < 10_000) items.set(itemRaw, res);
    return res;
  }

  private resolveLongUncached(instr: string, item: string): LongColumn | Problem {
    const instrColumn = this.instrIdx >= 0 ? this.header[this.instrIdx] : undefined;
    const itemColumn = this.header[this.itemIdx];
    let def: InstrumentDefinition | undefined;
    if (this.instrIdx >= 0 && instr !== '') {
      def = this.reg.get(instr);
      if (!def) return { rule: 'unknown-instrument', column: instrColumn, value: instr, text: `instrument ${quoteValue(instr)} is not known; known instruments: ${this.reg.list().map((d) => d.id).join(', ')} (rule unknown-instrument).` };
    }
    if (item === '' || isMissingCell(item)) return { rule: 'missing-required', column: itemColumn, text: 'the item is missing (rule missing-required).' };
    let ref: ColumnRef | undefined;
    if (def) {
      ref = this.reg.resolveColumn(`${def.columnPrefix}_${item}`);
      if (!ref) {
        const r = this.reg.resolveColumn(item);
        if (r && r.instrument === def.id) ref = r;
      }
      if (!ref && /^\d+$/.test(item)) {
        const n = Number(item);
        const it = def.items.find((i) => /^\d+$/.test(i.id) && Number(i.id) === n);
        if (it) ref = { instrument: def.id, kind: 'item', id: it.id };
      }
      if (!ref) return { rule: 'unknown-item', column: itemColumn, value: item, text: `item ${quoteValue(item)} is not an item or scale of ${def.id} (items ${def.items[0]?.id ?? ''}…${def.items[def.items.length - 1]?.id ?? ''}; scales ${def.scales.map((s) => s.id).join(', ')}) (rule unknown-item).` };
    } else {
      ref = this.reg.resolveColumn(item);
      if (!ref) {
        const d = this.reg.instrumentForColumn(item);
        if (d) return { rule: 'unknown-item', column: itemColumn, value: item, text: `item ${quoteValue(item)} names no item or scale of ${d.id} (rule unknown-item).` };
        if (this.instrIdx >= 0) return { rule: 'missing-required', column: instrColumn, text: `the instrument is missing, and item ${quoteValue(item)} is not a full column name such as nosik_03 (rule missing-required).` };
        return { rule: 'unknown-item', column: itemColumn, value: item, text: `item ${quoteValue(item)} is not a full column name of a known instrument (such as nosik_03 or psoc_total); without an instrument column the item must name its instrument (rule unknown-item).` };
      }
    }
    const seq = this.seqOf(ref);
    const col: LongColumn = {
      index: this.valueIdx,
      column: this.header[this.valueIdx],
      ...ref,
      ...columnLimits(this.reg, ref),
      seq,
      key: this.seqKeys[seq],
      bit: this.seqBits[seq],
      next: undefined,
      nextInstrRaw: undefined,
      nextItemRaw: undefined,
    };
    const missing = this.unionLong(ref);
    if (missing) col.missing = missing;
    if (this.only && ref.instrument !== this.only.id) col.skip = true;
    return col;
  }

  /** Long layout: codes of the value column itself, plus those of the canonical column `<prefix>_<id>`. */
  private unionLong(ref: ColumnRef): MissingCodes | undefined {
    const def = this.reg.get(ref.instrument)!;
    const a = this.columnMissing(`${def.columnPrefix}_${ref.id}`, ref);
    const b = this.declared.forColumn(normaliseHeader(this.header[this.valueIdx]), undefined);
    if (!a || !b) return a ?? b;
    return { values: [...a.values, ...b.values], ranges: [...a.ranges, ...b.ranges] };
  }

  /**
   * One row of a long file. The path every valid row takes stays in this method; what only some
   * rows need (problems, another instrument, validate-only, a new unit) is in helpers, so the hot
   * method is small: it is compiled sooner and faster.
   */
  private longRow(cells: string[], row: number): void {
    const problems = this.problems;
    if (problems.length !== 0) problems.length = 0;
    this.common(cells, row, problems, true);
    const pid = this.cPid;
    const group = this.cGroup;
    const wave = this.cWave;
    const instrRaw = this.instrIdx >= 0 ? cells[this.instrIdx] ?? '' : '';
    const itemRaw = cells[this.itemIdx] ?? '';
    const target = this.resolveLong(instrRaw, itemRaw);
    let value: number | null = null;
    let code: string | undefined;
    let invalidRaw: string | undefined;
    let col: LongColumn | undefined;
    if ((target as ValueColumn).index === undefined) problems.push(target as Problem);
    else {
      col = target as LongColumn;
      const raw = cells[this.valueIdx] ?? '';
      // Declared missing codes first: a code inside the valid range must never become a value.
      code = col.missing ? declaredCode(raw, col.missing) : undefined;
      if (code === undefined) {
        value = parseNumber(raw);
        if (value !== null) {
          const bad = checkValue(value, raw, col);
          if (bad) {
            problems.push({ ...bad, column: col.column, value: raw, soft: true, unit: true });
            value = null;
            invalidRaw = raw.trim();
          }
        }
      }
    }
    if (col?.skip) {
      this.otherInstrumentRow(cells, row, problems);
      return;
    }
    const known = col !== undefined && wave !== null && group !== null && pid !== '';
    if (this.keys && known) {
      this.longRowValidateOnly(cells, row, col!, itemRaw, code, invalidRaw, problems);
      return;
    }
    let acc: RecordAcc | undefined;
    let seen: ParticipantSeen | undefined;
    if (known) {
      const c = col!;
      const last = this.lastAcc;
      if (last && pid === this.lastAccPid && wave!.label === this.lastAccWave && c.instrument === this.lastAccInstrument) {
        acc = last;
        if (last.record.group !== group) this.checkParticipantGroup(pid, group!, row, problems);
      } else {
        seen = this.checkParticipantGroup(pid, group!, row, problems);
        acc = MeasurementBuilder.unitOf(seen, wave!.label, c.instrument);
      }
      const first = acc ? this.givenRow(acc, c) : undefined;
      if (first !== undefined) problems.push(this.duplicateProblem(pid, wave!.label, c, itemRaw, first));
    }
    if (problems.length && this.rejectLongRow(cells, row, problems, known ? col : undefined)) return;
    const c = col!;
    const w = wave!;
    if (this.poisoned.size && this.rejectIfPoisoned(cells, row, pid, w.label, c.instrument)) return;
    if (!acc) acc = this.newUnit(pid, group!, w, c.instrument, row, seen);
    else if (this.cDate || this.cCovariates) this.mergeUnit(acc);
    this.markGiven(acc, c, row);
    this.lastAcc = acc;
    this.lastAccPid = pid;
    this.lastAccWave = w.label;
    this.lastAccInstrument = c.instrument;
    const rec = acc.record;
    if (c.kind === 'item') rec.items[c.id] = value;
    else if (c.kind === 'scale') rec.scales[c.id] = value;
    else (rec.weights ??= {})[c.id] = value;
    if (code !== undefined || invalidRaw !== undefined) this.noteMissingValue(rec, c, code, invalidRaw);
    this.accepted++;
  }

  /**
   * A row of another instrument than the one asked for: its value is not checked, only the
   * structural fields (id, group, wave) must be right for it to count as accepted.
   */
  private otherInstrumentRow(cells: string[], row: number, problems: Problem[]): void {
    const hard = problems.filter((p) => !p.soft);
    if (hard.length === 0) {
      this.skippedOther++;
      this.accepted++;
    } else this.reject(cells, row, this.settle(hard, row) ?? []);
  }

  private duplicateProblem(pid: string, wave: string, col: LongColumn, itemRaw: string, first: number): Problem {
    return { rule: 'duplicate', column: this.header[this.itemIdx], value: itemRaw, text: `participant ${showId(pid)}, wave ${wave}, ${col.label} appears twice; it was first given in row ${first} (rule duplicate).` };
  }

  /** Long layout, validate-only (`keepRecords: false`): duplicates and units from the compact key store, no record kept. */
  private longRowValidateOnly(cells: string[], row: number, col: LongColumn, itemRaw: string, code: string | undefined, invalidRaw: string | undefined, problems: Problem[]): void {
    const pid = this.cPid;
    const group = this.cGroup!;
    const wave = this.cWave!;
    this.checkParticipantGroup(pid, group, row, problems);
    const key = `${pid}\u0000${wave.label}\u0000${col.instrument}`;
    const keys = this.keys!;
    const { slot, width } = this.slotOf(col);
    const first = keys.get(key, slot);
    if (first) problems.push(this.duplicateProblem(pid, wave.label, col, itemRaw, first));
    if (problems.length) {
      const reasons = this.settle(problems, row);
      if (reasons) {
        // an invalid value rejects its whole unit; earlier rows of it are found in finish() by keys.rows()
        if (!this.setMissing && problems.some((p) => p.unit) && !this.poisoned.has(key)) this.poisoned.set(key, { row, reasons });
        this.reject(cells, row, reasons);
        return;
      }
    }
    const bad = this.poisoned.size ? this.poisoned.get(key) : undefined;
    if (bad) {
      this.reject(cells, row, [this.unitRejectedText(row, pid, wave.label, col.instrument, bad.row)]);
      return;
    }
    keys.set(key, slot, width, row);
    if (!this.participantGroup.has(pid)) this.participantGroup.set(pid, { group, row, units: undefined });
    if (code !== undefined) this.declared.count(code);
    else if (invalidRaw !== undefined) this.invalidSetMissing++;
    this.accepted++;
  }

  /**
   * Settles a long row's problems; returns true when they reject it. An invalid value rejects its
   * whole unit (participant × wave × instrument): the unit's other rows are rejected too (earlier
   * ones in finish(), later ones by {@link rejectIfPoisoned}). With set-missing, soft problems only
   * warn and the row is kept (value null / covariate null).
   */
  private rejectLongRow(cells: string[], row: number, problems: Problem[], col: LongColumn | undefined): boolean {
    const reasons = this.settle(problems, row);
    if (!reasons) return false;
    if (!this.setMissing && col && problems.some((p) => p.unit)) {
      const k = `${this.cPid}\u0000${this.cWave!.label}\u0000${col.instrument}`;
      if (!this.poisoned.has(k)) this.poisoned.set(k, { row, reasons });
    }
    this.reject(cells, row, reasons);
    return true;
  }

  /** Rejects a row of a unit that an invalid value rejected before; returns whether it did. */
  private rejectIfPoisoned(cells: string[], row: number, pid: string, wave: string, instrument: string): boolean {
    const bad = this.poisoned.get(`${pid}\u0000${wave}\u0000${instrument}`);
    if (!bad) return false;
    this.reject(cells, row, [this.unitRejectedText(row, pid, wave, instrument, bad.row)]);
    return true;
  }

  /** Long layout: a new unit (record) for the participant, from the row being read. */
  private newUnit(pid: string, group: string, wave: { label: string; index: number }, instrument: string, row: number, seen: ParticipantSeen | undefined): RecordAcc {
    const acc: RecordAcc = { record: this.newRecord(pid, group, wave, instrument, this.cDate, this.cCovariates, ROWS_LATER as number[]), seen: 0, firstRow: row, head: -1, tail: -1, count: 0 };
    this.longAccs.push(acc);
    let p = seen;
    if (!p) {
      p = { group, row, units: undefined };
      this.participantGroup.set(pid, p);
    }
    (p.units ??= []).push(acc);
    return acc;
  }

  /** Long layout: a later row's date and covariates fill what the unit does not have yet. */
  private mergeUnit(acc: RecordAcc): void {
    const date = this.cDate;
    if (date && !acc.record.date) acc.record.date = date;
    const covariates = this.cCovariates;
    if (covariates) for (const k in covariates) if (acc.record.covariates[k] === undefined || acc.record.covariates[k] === null) acc.record.covariates[k] = covariates[k];
  }

  /** A declared missing code, or (set-missing) an invalid value stored as missing. */
  private noteMissingValue(rec: MeasurementRecord, c: LongColumn, code: string | undefined, invalidRaw: string | undefined): void {
    if (code !== undefined) {
      (rec.declaredMissing ??= {})[c.key] = code;
      this.declared.count(code);
    } else if (invalidRaw !== undefined) {
      (rec.invalidMissing ??= {})[c.key] = invalidRaw;
      this.invalidSetMissing++;
    }
  }

  private roles(): ColumnRoles {
    const at = (i: number) => (i >= 0 ? this.header[i] : undefined);
    const r: ColumnRoles = { covariates: this.covariates.map((c) => c.column), measures: [], waveMarkers: this.recognition?.waves ?? [], unknown: [...this.unknownCols] };
    for (const [k, i] of [['id', this.idIdx], ['group', this.groupIdx], ['wave', this.waveIdx], ['date', this.dateIdx]] as const) {
      const c = at(i);
      if (c !== undefined) r[k] = c;
    }
    for (const c of this.valueColumns) r.measures.push({ column: c.column, instrument: c.instrument, kind: c.kind, id: c.id, ...(c.wave ? { wave: c.wave.label } : {}) });
    return r;
  }

  private unitRejectedText(row: number, pid: string, wave: string, instrument: string, badRow: number): string {
    return `${this.file}, row ${row}: participant ${showId(pid)}, wave ${wave}, ${instrument} is rejected as a whole because row ${badRow} of the same unit has an invalid value (rule unit-rejected).`;
  }

  /** Long layout: moves the accepted rows of units with an invalid value to the rejects. */
  private rejectPoisonedUnits(): void {
    if (this.poisoned.size === 0) return;
    if (this.keys) {
      this.rejectPoisonedKeys();
      return;
    }
    for (const [key, bad] of this.poisoned) {
      const [pid, wave, instrument] = key.split('\u0000');
      const acc = MeasurementBuilder.unitOf(this.participantGroup.get(pid), wave, instrument);
      if (!acc) continue;
      acc.dropped = true;
      const rec = acc.record;
      const u = this.unitRows;
      for (let i = acc.head, n = 0; n < acc.count; i = u.next[i], n++) {
        const row = u.row[i];
        const k = this.seqKeys[u.seq[i]];
        const v = k.startsWith('scale:') ? rec.scales[k.slice(6)] : k.startsWith('weight:') ? rec.weights?.[k.slice(7)] : rec.items[k];
        const values = this.unitValues(rec.participantId, rec.group, rec.wave, rec.instrument, k, rec.declaredMissing?.[k] ?? (v === null || v === undefined ? '' : String(v)));
        this.keepReject({ file: this.file, row, values, reasons: [this.unitRejectedText(row, rec.participantId, rec.wave, rec.instrument, bad.row)] });
        this.accepted--;
        this.rejected++;
      }
      if (rec.declaredMissing) for (const code of Object.values(rec.declaredMissing)) {
        this.declared.tally.count--;
        this.declared.tally.byCode[code]--;
      }
    }
    this.rejects.sort((a, b) => a.row - b.row);
  }

  /**
   * {@link rejectPoisonedUnits} when validating only (`keepRecords: false`): the unit's earlier rows
   * come from the key store (`rows`); the rejects carry the unit's id, group, wave, instrument and
   * item as in a full load, but no value (none was kept). Declared codes of those earlier rows stay counted in `declaredMissing`
   * (a full load takes them off; the key store does not keep which code a cell held).
   */
  private rejectPoisonedKeys(): void {
    const keys = this.keys!;
    for (const [key, bad] of this.poisoned) {
      const [pid, wave, instrument] = key.split('\u0000');
      const width = this.slotWidth.get(instrument);
      if (width === undefined || !keys.has(key)) continue;
      const names: string[] = [];
      for (const [k, slot] of this.slots.get(instrument) ?? []) names[slot] ??= k.startsWith('item:') ? k.slice(5) : k;
      const group = this.participantGroup.get(pid)?.group ?? '';
      for (const row of keys.rows(key, width)) {
        let item = '';
        for (let s = 0; s < width; s++) if (keys.get(key, s) === row) item = names[s] ?? '';
        this.keepReject({ file: this.file, row, values: this.unitValues(pid, group, wave, instrument, item, undefined), reasons: [this.unitRejectedText(row, pid, wave, instrument, bad.row)] });
        this.accepted--;
        this.rejected++;
      }
      keys.delete(key);
    }
    this.rejects.sort((a, b) => a.row - b.row);
  }

  /**
   * What the reject of an earlier, valid row of a rejected long-file unit shows: the known id,
   * group, wave, instrument, item and value columns. The value is the one stored in the record
   * (or the declared code); a validate-only run (`keepRecords: false`) kept no values, so there the
   * value column is left out — the one difference between the rejects of the two modes.
   */
  private unitValues(pid: string, group: string, wave: string, instrument: string, item: string, value: string | undefined): Record<string, string> {
    const cells: string[] = [];
    const put = (idx: number, v: string | undefined) => {
      if (idx >= 0 && v !== undefined) cells[idx] = v;
    };
    put(this.idIdx, pid);
    put(this.groupIdx, group);
    put(this.waveIdx, wave);
    put(this.instrIdx, instrument);
    put(this.itemIdx, item);
    put(this.valueIdx, value);
    return knownValues(this.header, cells, this.known.filter((i) => cells[i] !== undefined));
  }

  /** Keeps a reject unless `maxRejects` are kept already (then it is only counted). */
  private keepReject(r: RejectRow): void {
    if (this.rejects.length < this.maxRejects) this.rejects.push(r);
    else this.droppedRejects++;
  }
  private droppedRejects = 0;

  private wideRow(cells: string[], row: number): void {
    const problems: Problem[] = [];
    const isWide = this.layout.kind === 'wide';
    this.common(cells, row, problems, !isWide);
    const { cPid: pid, cGroup: group, cWave: wave, cDate: date, cCovariates: covariates } = this;
    // Per unit (wave × instrument) block: values, and the problems that reject only that unit.
    const blocks = new Map<string, Block>();
    for (let k = 0; k < this.valueColumns.length; k++) {
      const c = this.valueColumns[k];
      const w = isWide ? c.wave! : wave;
      const raw = cells[c.index] ?? '';
      let b: Block | undefined;
      if (w) {
        const bkey = `${w.label}\u0000${c.instrument}`;
        b = blocks.get(bkey);
        if (!b) {
          b = { wave: w, instrument: c.instrument, items: {}, scales: {}, any: false, problems: [], columns: [] };
          blocks.set(bkey, b);
        }
        b.columns.push(c.index);
      }
      const key = c.kind === 'item' ? c.id : `${c.kind}:${c.id}`;
      let v: number | null = null;
      // Declared missing codes first: a code inside the valid range must never become a value.
      const code = c.missing ? declaredCode(raw, c.missing) : undefined;
      if (code !== undefined) {
        if (b) (b.declared ??= {})[key] = code;
      } else {
        v = parseNumber(raw);
        if (v !== null) {
          const bad = checkValue(v, raw, c);
          if (bad) {
            (b ? b.problems : problems).push({ ...bad, column: c.column, value: raw, soft: true, unit: true });
            if (b && this.setMissing) (b.invalid ??= {})[key] = raw.trim();
            v = null;
          }
        }
      }
      if (!b) continue;
      if (raw.trim() !== '' && !isMissingCell(raw)) b.any = true;
      if (c.kind === 'item') b.items[c.id] = v;
      else if (c.kind === 'scale') b.scales[c.id] = v;
      else (b.weights ??= {})[c.id] = v;
    }
    // Wave dates belong to the units of their wave.
    const waveDates = new Map<string, string | undefined>();
    for (const [label, idx] of this.waveDates) {
      const dateProblems: Problem[] = [];
      waveDates.set(label, this.readDate(cells, idx, dateProblems));
      if (dateProblems.length) {
        const own = [...blocks.values()].filter((b) => b.wave.label === label && b.any);
        if (own.length) for (const b of own) b.problems.push(...dateProblems.map((p) => ({ ...p, unit: true })));
        else problems.push(...dateProblems);
      }
    }
    const units = [...blocks.values()].filter((b) => b.any);
    if (group !== null && pid !== '') {
      this.checkParticipantGroup(pid, group, row, problems);
      for (const b of units) {
        const key = `${pid}\u0000${b.wave.label}\u0000${b.instrument}`;
        const firstRow = this.keys ? this.keys.get(key, 0) : this.records.get(key)?.firstRow;
        if (firstRow) b.problems.push({ rule: 'duplicate', column: this.header[this.idIdx], value: pid, text: `participant ${showId(pid)}, wave ${b.wave.label}, ${b.instrument} was already given in row ${firstRow} (rule duplicate).`, unit: true });
      }
    }
    this.units.read += units.length;
    // A problem of the row itself (id, group, wave, covariates) rejects the row with all its units.
    if (problems.length) {
      const reasons = this.settle(problems, row);
      if (reasons) {
        for (const b of units) if (b.problems.length) reasons.push(...(this.settle(b.problems, row) ?? []));
        this.units.rejected += units.length;
        this.reject(cells, row, reasons);
        return;
      }
    }
    const accepted: Block[] = [];
    const rejected: Array<{ b: Block; reasons: string[] }> = [];
    for (const b of units) {
      const reasons = b.problems.length ? this.settle(b.problems, row) : undefined;
      if (reasons) rejected.push({ b, reasons });
      else accepted.push(b);
    }
    if (accepted.length === 0 && rejected.length > 0) {
      this.units.rejected += rejected.length;
      this.reject(cells, row, rejected.flatMap((r) => r.reasons));
      return;
    }
    for (const { b, reasons } of rejected) {
      // the unit's columns only (id, group, wave, date, its own items), and of those only the known ones
      const keep = new Set([this.idIdx, this.groupIdx, this.waveIdx, this.dateIdx, ...b.columns, ...(this.waveDates.has(b.wave.label) ? [this.waveDates.get(b.wave.label)!] : [])]);
      const values = knownValues(this.header, cells, this.known.filter((i) => keep.has(i)));
      this.keepReject({ file: this.file, row, values, reasons, unit: { wave: b.wave.label, instrument: b.instrument } });
      this.units.rejected++;
    }
    for (const b of accepted) {
      const rec = this.newRecord(pid, group!, b.wave, b.instrument, (isWide ? waveDates.get(b.wave.label) : undefined) ?? date, covariates, [row]);
      rec.items = b.items;
      rec.scales = b.scales;
      if (b.weights) rec.weights = b.weights;
      if (b.declared) {
        if (!this.keys) rec.declaredMissing = b.declared;
        for (const code of Object.values(b.declared)) this.declared.count(code);
      }
      if (b.invalid) {
        if (!this.keys) rec.invalidMissing = b.invalid;
        this.invalidSetMissing += Object.keys(b.invalid).length;
      }
      if (this.keys) this.keys.set(`${pid}\u0000${b.wave.label}\u0000${b.instrument}`, 0, 1, row);
      else this.records.set(`${pid}\u0000${b.wave.label}\u0000${b.instrument}`, { record: rec, seen: 0, firstRow: row, head: -1, tail: -1, count: 0 });
      this.units.accepted++;
    }
    if (accepted.length > 0 && !this.participantGroup.has(pid)) this.participantGroup.set(pid, { group: group!, row, units: undefined });
    if (units.length === 0) {
      this.emptyRowCount++;
      if (this.emptyRows.length < 10) this.emptyRows.push(row);
    }
    this.accepted++;
  }

  finish(read: TableReadInfo): MeasurementLoadResult {
    if (this.layout.kind === 'long') {
      this.rejectPoisonedUnits();
      this.units.accepted = this.keys ? this.keys.size : this.longAccs.reduce((n, a) => (a.dropped ? n : n + 1), 0);
      this.units.rejected = this.poisoned.size;
      this.units.read = this.units.accepted + this.units.rejected;
    }
    if (this.emptyRowCount) {
      const n = this.emptyRowCount;
      const shown = this.emptyRows.join(', ');
      this.issues.push(makeIssue('warning', 'missing-required', { file: this.file }, `${n} row${n === 1 ? '' : 's'} had no measurement values at all and produced no record (row${n === 1 ? '' : 's'} ${shown}${n > 10 ? ', …' : ''}).`));
    }
    if (this.droppedIssues) {
      this.issues.push(makeIssue('warning', 'too-large', { file: this.file }, `${this.droppedIssues.toLocaleString('en-US')} more row issue${this.droppedIssues === 1 ? '' : 's'} not listed (only the first ${this.maxIssues.toLocaleString('en-US')} are kept).`));
    }
    if (this.droppedRejects && !(this.screen?.found().length)) {
      const n = this.droppedRejects;
      this.issues.push(makeIssue('warning', 'too-large', { file: this.file }, `${n.toLocaleString('en-US')} more rejected row${n === 1 ? '' : 's'} not kept (only the first ${this.maxRejects.toLocaleString('en-US')} are kept).`));
    }
    if (this.skippedOther) {
      this.issues.push(makeIssue('warning', 'unknown-instrument', { file: this.file }, `${this.skippedOther} row${this.skippedOther === 1 ? '' : 's'} of instruments other than ${this.only!.id} ${this.skippedOther === 1 ? 'was' : 'were'} skipped (counted as accepted, no records made).`));
    }
    if (this.header.length === 0 && read.rowsRead === 0) {
      this.issues.push(makeIssue('error', 'layout', { file: this.file }, 'the file is empty: no header row and no data rows (rule layout).'));
      this.layout = { kind: 'wide', description: 'empty file: no header found' };
    }
    const records: MeasurementRecord[] = [];
    if (this.layout.kind === 'long') {
      for (const acc of this.longAccs) {
        if (acc.dropped) continue;
        acc.record.source.rows = this.unitRows.rowsOf(acc);
        records.push(acc.record);
      }
    } else for (const acc of this.records.values()) records.push(acc.record);
    const issues = [...read.issues, ...this.issues];
    const found = this.screen?.found() ?? [];
    if (found.length) {
      // Refused (by name at the header, or by content anywhere in the file): nothing of the rows is
      // kept — no records, no row-level issue (it might quote a value), rejects with row numbers only.
      const refused = refusedResult(this.file, found, this.rowRuns, [...read.issues, ...this.issues], this.maxRejects);
      return { file: this.file, layout: this.layout, records: [], recordCount: 0, rejects: refused.rejects, issues: refused.issues, rowsRead: this.rowsRead, accepted: 0, rejected: this.rowsRead, units: { read: 0, accepted: 0, rejected: 0 }, read, columns: this.roles(), omittedColumns: [] };
    }
    const result: MeasurementLoadResult = {
      file: this.file,
      layout: this.layout,
      records,
      rejects: this.rejects,
      issues,
      rowsRead: this.rowsRead,
      accepted: this.accepted,
      rejected: this.rejected,
      units: { ...this.units },
      read,
      columns: this.roles(),
      recordCount: this.keys ? this.keys.size : records.length,
      omittedColumns: this.header.filter((_, i) => !this.known.includes(i)).map(showColumn),
    };
    if (this.declared.any || this.declared.tally.count > 0) result.declaredMissing = { count: this.declared.tally.count, byCode: { ...this.declared.tally.byCode } };
    if (this.invalidSetMissing > 0) result.invalidSetMissing = this.invalidSetMissing;
    if (result.accepted + result.rejected !== result.rowsRead || result.rowsRead !== read.rowsRead) {
      throw new Error(`${this.file}: internal error: accepted (${result.accepted}) + rejected (${result.rejected}) ≠ rows read (${result.rowsRead}/${read.rowsRead}). Please report this.`);
    }
    if (this.units.accepted + this.units.rejected !== this.units.read) {
      throw new Error(`${this.file}: internal error: units accepted (${this.units.accepted}) + rejected (${this.units.rejected}) ≠ units read (${this.units.read}). Please report this.`);
    }
    return result;
  }
}

/** Whether a file starts with `$FL2`/`$FL3` (an SPSS system file, whatever its extension). */
async function startsLikeSav(path: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'r');
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    return bytesRead === 4 && isSavBytes(head);
  } catch {
    return false; // the table reader reports unreadable files
  } finally {
    await fh?.close();
  }
}

/**
 * Feeds an SPSS file to the builder: metadata first (labels, user-missing values), then the
 * header (long variable names) and one row per case. Row numbers are SPSS case numbers (case 1 is
 * the first data row, as SPSS's Data View shows it).
 */
function feedSav(b: MeasurementBuilder, bytes: Buffer, file: string): TableReadInfo {
  const sav = readSav(bytes, file);
  const t = savTable(sav);
  b.applySavMeta(t.meta);
  b.setHeader(t.header);
  t.rows.forEach((cells, i) => b.pushRow(cells, i + 1));
  return {
    file,
    format: 'sav',
    encoding: sav.encoding,
    encodingNote: sav.encodingNote,
    headerRow: 0,
    columns: t.header,
    rowsRead: t.rows.length,
    blankRows: 0,
    commentRows: 0,
    issues: sav.issues,
  };
}

function sinkFor(b: MeasurementBuilder) {
  return {
    header: (columns: string[]) => b.setHeader(columns),
    row: (cells: string[], row: number, problem?: string) => b.pushRow(cells, row, problem),
    // the builder keeps values and strings, never a row's array (rejects copy theirs: knownValues)
    copiesCells: true,
  };
}

function readOptions(options: LoadMeasurementsOptions, file: string): TableReadOptions {
  const o: TableReadOptions = { fileLabel: file };
  if (options.encoding) o.encoding = options.encoding;
  if (options.delimiter) o.delimiter = options.delimiter;
  if (options.format) o.format = options.format;
  if (options.onProgress) o.onProgress = options.onProgress;
  return o;
}

/**
 * Loads a measurement file (CSV/TSV/TXT streamed; JSON array of objects; XLSX first sheet) into
 * validated records: one `MeasurementRecord` per participant × wave × instrument.
 *
 * Every data row is accepted or rejected (`accepted + rejected = rowsRead`): a rejected row keeps
 * its original values (identifying columns excepted) and every reason, each a sentence naming file,
 * spreadsheet row, column, value and rule. A file with a column that identifies people is refused
 * as a whole (rule `identifying-column`): no records, all rows rejected, no identifying value echoed.
 *
 * @throws DataError only when the file cannot be read at all, or an option is invalid (unknown
 *   `instrument`, mapping that does not match its schema).
 * @example
 * const r = await loadMeasurements('tests/fixtures/data/wide-by-wave.csv');
 * r.layout.kind            // 'wide-by-wave'
 * r.accepted + r.rejected  // === r.rowsRead
 */
export async function loadMeasurements(path: string, options: LoadMeasurementsOptions = {}): Promise<MeasurementLoadResult> {
  const file = options.fileLabel ?? path.split(/[\\/]/).pop() ?? path;
  const b = new MeasurementBuilder(file, options);
  if (await startsLikeSav(path)) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      throw new DataError(`${file}: the file cannot be read: ${(err as Error).message}`);
    }
    return b.finish(feedSav(b, bytes, file));
  }
  b.spreadsheet = options.format === 'xlsx' || /\.(xlsx|xlsm|xls|ods)$/i.test(path);
  const read = await readTableFile(path, sinkFor(b), readOptions(options, file));
  return b.finish(read);
}

/**
 * Like {@link loadMeasurements}, for text already in memory (JSON when it starts with `[`).
 * @example
 * const r = await loadMeasurementsFromString(
 *   'participant_id,group,wave,instrument,item,value\nHS-0001,homestart,T1,nosik,03,4\nHS-0001,homestart,T1,nosik,04,9\n');
 * r.records[0].items   // { '03': 4 }
 * r.rejects[0].reasons // ['<memory>, row 3, column "value": value "9" is outside the allowed range 1 to 6 of nosik item 04 (rule out-of-range).']
 */
export async function loadMeasurementsFromString(text: string, options: LoadMeasurementsOptions = {}): Promise<MeasurementLoadResult> {
  const file = options.fileLabel ?? '<memory>';
  const b = new MeasurementBuilder(file, options);
  const read = await readTableString(text, sinkFor(b), readOptions(options, file));
  return b.finish(read);
}

/** Like {@link loadMeasurements}, for bytes in memory (encoding detection; XLSX detected by its signature). */
export async function loadMeasurementsFromBuffer(bytes: Buffer | Uint8Array, options: LoadMeasurementsOptions = {}): Promise<MeasurementLoadResult> {
  const file = options.fileLabel ?? '<memory>';
  const b = new MeasurementBuilder(file, options);
  if (isSavBytes(bytes)) return b.finish(feedSav(b, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), file));
  b.spreadsheet = options.format === 'xlsx' || (bytes[0] === 0x50 && bytes[1] === 0x4b) || (bytes[0] === 0xd0 && bytes[1] === 0xcf);
  const read = await readTableBuffer(bytes, sinkFor(b), readOptions(options, file));
  return b.finish(read);
}
