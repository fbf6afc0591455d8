/**
 * The generic row validator: column specs (type, required, range, allowed values, aliases) applied
 * row by row to any table the reader in `csv.ts` delivers. Produces accepted rows, `RejectRow`s
 * carrying every reason, and `DataIssue`s. The measurement loader uses the same cell converters
 * (`convertCell`, `parseDate`, `parseBoolean`) for its dynamic item columns.
 */
import { makeIssue, type DataIssue, type IssueRule } from './issues.js';
import type { RejectRow } from './types.js';
import { explainNumber, isMissingCell, parseNumber, readTableFile, readTableString, type TableReadInfo, type TableReadOptions } from './csv.js';
import { PrivacyScreen, privacyRefusalText, type IdentifyingColumn } from './privacy.js';
import { quoteValue, showColumn, showValue } from './safe-text.js';
import { RowRuns, knownValues, refusedResult, type ColumnRole } from './redaction.js';

export type ColumnType = 'number' | 'integer' | 'date' | 'enum' | 'boolean' | 'string';

export interface ColumnSpec {
  /** Canonical name (the key in accepted rows). */
  name: string;
  type: ColumnType;
  /** A value must be present in every row (and the column in the header). */
  required?: boolean;
  /** Inclusive bounds for number/integer. */
  min?: number;
  max?: number;
  /** Enum: allowed values, or a map alias → canonical value (keys compared case-insensitively). */
  values?: readonly string[] | Readonly<Record<string, string>>;
  /** Other header names accepted for this column (compared after {@link normaliseHeader}). */
  aliases?: readonly string[];
  /**
   * A multi-value cell (e.g. `2;7;9`, `"Wegwijs maken, netwerk vergroten"`): the text is split on
   * `separators`, every part is converted by `type` (with `min`/`max`/`values`), and the value is an
   * array (empty cell: `null`). Enum lists drop repeated codes (two aliases of one code count once);
   * number lists keep every element. Numbers in a list cannot use a decimal comma when `,` separates.
   */
  multiple?: boolean;
  /** Separators of a multi-value cell (default `;`, `|` and `,`). */
  separators?: readonly string[];
  /** Free text (notes, reasons in words): validated, but never copied into rejects or messages. */
  freeText?: boolean;
  /**
   * Enum: the value a cell that matches no allowed value becomes (e.g. `other` for a category
   * list), instead of rejecting the row. Each distinct such value gets one warning per file (rule
   * `unknown-category`) naming it (when safe to show), its column and rows; `fallbackHint` is added
   * to that sentence.
   */
  fallback?: string;
  fallbackHint?: string;
}

/** One element of a multi-value cell. */
export type CellScalar = number | string | boolean;

export type CellValue = CellScalar | null | CellScalar[];

/** A converted cell, or the rule it breaks and a clause explaining why. */
export type CellResult = { ok: true; value: CellValue; unknown?: string[] } | { ok: false; rule: IssueRule; reason: string };

/**
 * Header normal form used for matching: trimmed, lower case, runs of spaces, hyphens, dots and
 * slashes replaced by one underscore.
 * @example normaliseHeader(' Participant ID ') // 'participant_id'
 */
export function normaliseHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s\-./]+/g, '_');
}

const PERSON_ID = /^(participant|family|volunteer|person|client|respondent|parent|child)_id$/;

const TRUE_WORDS = new Set(['ja', 'j', 'yes', 'y', '1', 'true', 'waar', 'wel']);
const FALSE_WORDS = new Set(['nee', 'n', 'no', '0', 'false', 'onwaar', 'niet']);

/**
 * Parses a yes/no cell: `ja/nee`, `j/n`, `yes/no`, `y/n`, `1/0`, `true/false`, `waar/onwaar`
 * (case-insensitive). Missing cells give `null`, anything else `undefined`.
 * @example parseBoolean('Ja') // true
 */
export function parseBoolean(text: string): boolean | null | undefined {
  if (isMissingCell(text)) return null;
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1000 || y > 9999) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

/** The number written by the digits text[from, to), or -1 when one of them is not a digit. */
function digits(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Parses a date cell to ISO `YYYY-MM-DD`. Accepted: ISO `2024-03-01` (optionally followed by a
 * time, as Excel exports it), and Dutch day-first `1-3-2024`, `01-03-2024`, `1/3/2024`, `1.3.2024`.
 * Two-digit years are refused (ambiguous). Missing cells give `null`, invalid ones `undefined`.
 * @example parseDate('1-3-2024') // '2024-03-01'
 */
export function parseDate(text: string): string | null | undefined {
  // the common case, ISO YYYY-MM-DD exactly: read by character codes, and the text is the result
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const y = digits(text, 0, 4), mo = digits(text, 5, 7), d = digits(text, 8, 10);
    if (y >= 0 && mo >= 0 && d >= 0) return validYmd(y, mo, d) ? text : undefined;
  }
  if (isMissingCell(text)) return null;
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(t);
  if (m) {
    const y = +m[1], mo = +m[2], d = +m[3];
    return validYmd(y, mo, d) ? ymd(y, mo, d) : undefined;
  }
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t);
  if (m) {
    const d = +m[1], mo = +m[3], y = +m[4];
    return validYmd(y, mo, d) ? ymd(y, mo, d) : undefined;
  }
  return undefined;
}

function enumLookup(values: ColumnSpec['values']): Map<string, string> {
  const map = new Map<string, string>();
  if (!values) return map;
  if (Array.isArray(values)) for (const v of values as readonly string[]) map.set(v.toLowerCase(), v);
  else for (const [k, v] of Object.entries(values)) {
    map.set(k.toLowerCase(), v);
    map.set(v.toLowerCase(), v);
  }
  return map;
}

function describeRange(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min} to ${max}`;
  if (min !== undefined) return `${min} or more`;
  return `${max} or less`;
}

/**
 * Converts one raw cell according to a spec. Missing cells give `{ ok: true, value: null }`
 * (whether that is allowed is the caller's `required` check).
 * @example convertCell({ name: 'age', type: 'integer', min: 12, max: 70 }, '9').ok // false (rule out-of-range)
 */
export function convertCell(spec: ColumnSpec, raw: string, lookup?: Map<string, string>): CellResult {
  if (spec.multiple) return convertListCell(spec, raw, lookup);
  return convertScalarCell(spec, raw, lookup);
}

const DEFAULT_LIST_SEPARATORS: readonly string[] = [';', '|', ','];

/**
 * Per list spec (compiled once): the separator pattern, the separators' character codes when each is one
 * character (the default; then the cell is cut by a scan instead of the pattern, the same parts), and the spec
 * of one element.
 */
const listPlans = new WeakMap<ColumnSpec, { split: RegExp; codes: number[] | null; scalar: ColumnSpec }>();

/** The parts of a cell between the separators `codes` (one character each), trimmed, empty ones dropped: `raw.split(pattern)` with the trimming of {@link convertListCell}. */
function splitOnCodes(raw: string, codes: readonly number[]): string[] {
  const parts: string[] = [];
  let from = 0;
  const n = raw.length;
  for (let i = 0; i <= n; i++) {
    if (i < n && !codes.includes(raw.charCodeAt(i))) continue;
    const part = raw.slice(from, i).trim();
    if (part.length > 0) parts.push(part);
    from = i + 1;
  }
  return parts;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A multi-value cell: split on the spec's separators, each part converted as a scalar. The first
 * failing part names the rule and the part.
 * @example convertCell({ name: 'ages', type: 'integer', multiple: true }, '2;7;9') // { ok: true, value: [2, 7, 9] }
 */
function convertListCell(spec: ColumnSpec, raw: string, lookup?: Map<string, string>): CellResult {
  if (isMissingCell(raw)) return { ok: true, value: null };
  let plan = listPlans.get(spec);
  if (!plan) {
    const seps = spec.separators && spec.separators.length ? spec.separators : DEFAULT_LIST_SEPARATORS;
    plan = { split: new RegExp(seps.map(escapeRegExp).join('|')), codes: seps.every((x) => x.length === 1) ? seps.map((x) => x.charCodeAt(0)) : null, scalar: { ...spec, multiple: false } };
    listPlans.set(spec, plan);
  }
  const parts = plan.codes ? splitOnCodes(raw, plan.codes) : raw.split(plan.split).map((p) => p.trim()).filter((p) => p.length > 0);
  const out: CellScalar[] = [];
  const unknown: string[] = [];
  const scalar = plan.scalar;
  for (const part of parts) {
    const res = convertScalarCell(scalar, part, lookup);
    if (!res.ok) return { ok: false, rule: res.rule, reason: `contains ${quoteValue(part)}, which ${res.reason.replace(/^it /, '')}` };
    if (res.unknown) unknown.push(...res.unknown);
    if (res.value === null) continue;
    const v = res.value as CellScalar;
    if (spec.type === 'enum' && out.includes(v)) continue;
    out.push(v);
  }
  return unknown.length ? { ok: true, value: out.length ? out : null, unknown } : { ok: true, value: out.length ? out : null };
}

function convertScalarCell(spec: ColumnSpec, raw: string, lookup?: Map<string, string>): CellResult {
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const v = parseNumber(raw);
      if (v === null) return { ok: true, value: null };
      if (Number.isNaN(v)) return { ok: false, rule: 'not-a-number', reason: `${explainNumber(raw)}` };
      if (spec.type === 'integer' && !Number.isInteger(v)) return { ok: false, rule: 'not-an-integer', reason: 'it must be a whole number' };
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max)) {
        return { ok: false, rule: 'out-of-range', reason: `it is outside the allowed range ${describeRange(spec.min, spec.max)}` };
      }
      return { ok: true, value: v };
    }
    case 'date': {
      const v = parseDate(raw);
      if (v === undefined) return { ok: false, rule: 'invalid-date', reason: 'it is not a date; write 2024-03-01 or 1-3-2024 (day first)' };
      return { ok: true, value: v };
    }
    case 'boolean': {
      const v = parseBoolean(raw);
      if (v === undefined) return { ok: false, rule: 'invalid-value', reason: 'it is not a yes/no value; write ja/nee, yes/no, 1/0 or true/false' };
      return { ok: true, value: v };
    }
    case 'enum': {
      if (isMissingCell(raw)) return { ok: true, value: null };
      const map = lookup ?? enumLookup(spec.values);
      // a code written as the list has it (the common case, no spaces around it) needs no lower-casing
      const direct = map.get(raw);
      const v = direct !== undefined && raw === raw.trim() ? direct : map.get(raw.trim().toLowerCase());
      if (v === undefined && spec.fallback !== undefined) return { ok: true, value: spec.fallback, unknown: [raw.trim()] };
      if (v === undefined) {
        const allowed = [...new Set(map.values())].join(', ');
        return { ok: false, rule: 'invalid-value', reason: `it is not one of the allowed values (${allowed})` };
      }
      return { ok: true, value: v };
    }
    case 'string': {
      const t = raw.trim();
      return { ok: true, value: t === '' ? null : t };
    }
  }
}

/** One warning per distinct enum value counted as the spec's fallback (rows listed, at most 10). */
function fallbackIssue(file: string, f: { spec: ColumnSpec; column: string; value: string; rows: number[] }): DataIssue {
  const rows = f.rows.length > 10 ? `${f.rows.slice(0, 10).join(', ')}, … (${f.rows.length} rows)` : f.rows.join(', ');
  const text = `${showValue(f.value)} is in no list of this column (row${f.rows.length > 1 ? 's' : ''} ${rows}); it was counted as "${f.spec.fallback}".${f.spec.fallbackHint ? ` ${f.spec.fallbackHint}` : ''} (rule unknown-category)`;
  return makeIssue('warning', 'unknown-category', { file, column: f.column, value: f.value }, text.endsWith(')') ? `${text}.` : text);
}

export interface ColumnMatch {
  /** Spec name → header index. */
  index: Map<string, number>;
  /** Header indexes that match no spec. */
  unknown: number[];
  /** Required specs absent from the header. */
  missing: ColumnSpec[];
  /** Specs matched by more than one header cell (the first is used). */
  duplicates: Array<{ spec: ColumnSpec; columns: string[] }>;
}

/** Matches header cells to specs by name or alias (after {@link normaliseHeader}). */
export function matchColumns(header: readonly string[], specs: readonly ColumnSpec[]): ColumnMatch {
  const byName = new Map<string, ColumnSpec>();
  for (const s of specs) {
    byName.set(normaliseHeader(s.name), s);
    for (const a of s.aliases ?? []) byName.set(normaliseHeader(a), s);
  }
  const index = new Map<string, number>();
  const unknown: number[] = [];
  const dup = new Map<string, string[]>();
  header.forEach((h, i) => {
    const spec = byName.get(normaliseHeader(h));
    if (!spec) {
      unknown.push(i);
      return;
    }
    if (index.has(spec.name)) {
      const list = dup.get(spec.name) ?? [header[index.get(spec.name)!]];
      list.push(h);
      dup.set(spec.name, list);
      return;
    }
    index.set(spec.name, i);
  });
  return {
    index,
    unknown,
    missing: specs.filter((s) => s.required && !index.has(s.name)),
    duplicates: [...dup].map(([name, columns]) => ({ spec: specs.find((s) => s.name === name)!, columns })),
  };
}

export interface ValidateTableOptions extends TableReadOptions {
  /** `reject-row` (default): an invalid value rejects the row; `set-missing`: stored as null with a warning. */
  onInvalidValue?: 'reject-row' | 'set-missing';
  /** Refuse files with identifying columns (default true). */
  privacy?: boolean;
  /** Keep each accepted row's original cells (`ValidatedRow.original`), e.g. to reject it later in a cross-file check. */
  keepOriginal?: boolean;
}

export interface ValidatedRow {
  /** Spreadsheet row number. */
  row: number;
  values: Record<string, CellValue>;
  /** Original values of the known (matched) columns, keyed by header (only with `keepOriginal`; long cells described, not kept). */
  original?: Record<string, string>;
}

/**
 * An accepted row with its original cells: the kept values ({@link knownValues}: long or personal-looking
 * cells described) are made from the row's cells when first read — a cross-file check or a row rule
 * needs them for a few rows, the loader for none.
 */
class KeptRow implements ValidatedRow {
  private kept: Record<string, string> | undefined;
  constructor(
    readonly row: number,
    readonly values: Record<string, CellValue>,
    private readonly cells: readonly string[],
    private readonly header: readonly string[],
    private readonly known: readonly number[],
  ) {}

  get original(): Record<string, string> {
    return (this.kept ??= knownValues(this.header, this.cells, this.known));
  }
}

export interface ValidateTableResult {
  file: string;
  columns: string[];
  rows: ValidatedRow[];
  rejects: RejectRow[];
  issues: DataIssue[];
  rowsRead: number;
  accepted: number;
  rejected: number;
  read: TableReadInfo;
  /** Columns left out of the rejects (unknown columns and free-text specs), by name. */
  omittedColumns: string[];
}

/**
 * Reads a table (file path or in-memory text) and validates every row against `specs`.
 *
 * - Header: columns matched by name or alias; a required column missing from the header makes
 *   every row a reject (`missing-required`); each unknown column is one `unknown-column` warning
 *   per file, and the column is ignored.
 * - Rows: each cell converted by {@link convertCell}; every problem is an issue naming file,
 *   spreadsheet row, column, value and rule, and every reason lands in the row's `RejectRow`.
 * - Privacy: identifying columns (see `privacy.ts`; by name at the header, by content anywhere in
 *   the file) refuse the whole file; no row is accepted, rejects carry row numbers only, and no
 *   value is ever echoed. Rejects of other files keep only the matched columns (`omittedColumns`
 *   lists the others); values in messages are shown only when short, printable and not personal.
 * Invariant: `accepted + rejected = rowsRead`.
 *
 * @example
 * const r = await validateTable('id,age\nHS-1,34\nHS-2,x\n',
 *   [{ name: 'id', type: 'string', required: true }, { name: 'age', type: 'integer', min: 12, max: 70 }],
 *   { text: true });
 * // r.accepted === 1, r.rejects[0].reasons[0] === '<memory>, row 3, column "age": value "x" is not a number (rule not-a-number).'
 */
export async function validateTable(
  input: string,
  specs: readonly ColumnSpec[],
  options: ValidateTableOptions & { text?: boolean } = {},
): Promise<ValidateTableResult> {
  const onInvalid = options.onInvalidValue ?? 'reject-row';
  const result: ValidateTableResult = {
    file: options.fileLabel ?? (options.text ? '<memory>' : input.split(/[\\/]/).pop() ?? input),
    columns: [],
    rows: [],
    rejects: [],
    issues: [],
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    read: undefined as unknown as TableReadInfo,
    omittedColumns: [],
  };
  const file = result.file;
  let header: string[] = [];
  let match: ColumnMatch | undefined;
  let lookups: Array<Map<string, string> | undefined> = [];
  /** Header index of each spec (-1: not in the header). */
  let specIndex: number[] = [];
  let refused: IdentifyingColumn[] | undefined;
  let headerFatal: string | undefined;
  let screen: PrivacyScreen | undefined;
  let known: number[] = [];
  /** An accepted row's values before they are set: every spec's name, in spec order (one object shape for all rows). */
  let shape: Record<string, CellValue> = {};
  const rowRuns = new RowRuns();
  // enum values counted as the spec's fallback: spec × value (lower case) → first spelling, rows
  const fallbacks = new Map<string, { spec: ColumnSpec; column: string; value: string; rows: number[] }>();

  function reject(cells: string[], row: number, reasons: string[]): void {
    result.rejects.push({ file, row, values: knownValues(header, cells, known), reasons });
    result.rejected++;
  }

  function handleRow(cells: string[], row: number, problem?: string): void {
    result.rowsRead++;
    rowRuns.add(row);
    if (screen && !problem) screen.row(cells);
    if (refused) {
      result.rejected++;
      return;
    }
    if (problem) {
      const issue = makeIssue('error', 'malformed-row', { file, row }, `${problem} (rule malformed-row).`);
      result.issues.push(issue);
      reject(cells, row, [issue.message]);
      return;
    }
    if (headerFatal) {
      reject(cells, row, [headerFatal]);
      return;
    }
    // every spec's name in spec order (an accepted row sets each one), copied from one shape
    const values: Record<string, CellValue> = { ...shape };
    const reasons: string[] = [];
    for (let k = 0; k < specs.length; k++) {
      const spec = specs[k];
      const idx = specIndex[k];
      const raw = idx < 0 ? '' : cells[idx] ?? '';
      const res = convertCell(spec, raw, lookups[k]);
      if (!res.ok) {
        const column = idx < 0 ? spec.name : header[idx];
        const text = `${showValue(raw)} ${res.reason.replace(/^it /, '')} (rule ${res.rule}).`;
        if (onInvalid === 'set-missing' && !spec.required) {
          result.issues.push(makeIssue('warning', res.rule, { file, row, column, value: raw }, `${text} Stored as missing.`));
          values[spec.name] = null;
        } else {
          const issue = makeIssue('error', res.rule, { file, row, column, value: raw }, text);
          result.issues.push(issue);
          reasons.push(issue.message);
        }
        continue;
      }
      if (res.ok && res.unknown) {
        for (const u of res.unknown) {
          const key = `${spec.name}\u0000${u.toLowerCase()}`;
          const seen = fallbacks.get(key);
          if (seen) seen.rows.push(row);
          else fallbacks.set(key, { spec, column: idx < 0 ? spec.name : header[idx], value: u, rows: [row] });
        }
      }
      if (res.value === null && spec.required) {
        const column = idx < 0 ? spec.name : header[idx];
        const issue = makeIssue('error', 'missing-required', { file, row, column }, `a value is required (rule missing-required).`);
        result.issues.push(issue);
        reasons.push(issue.message);
        continue;
      }
      values[spec.name] = res.value;
    }
    if (reasons.length) reject(cells, row, reasons);
    else {
      result.rows.push(options.keepOriginal ? new KeptRow(row, values, cells, header, known) : { row, values });
      result.accepted++;
    }
  }

  const sink = {
    header(columns: string[]) {
      header = columns;
      result.columns = columns;
      match = matchColumns(columns, specs);
      specIndex = specs.map((s) => match!.index.get(s.name) ?? -1);
      lookups = specs.map((s) => (s.type === 'enum' ? enumLookup(s.values) : undefined));
      shape = {};
      for (const s of specs) if (!Object.hasOwn(shape, s.name)) shape[s.name] = null;
      for (const i of match.unknown) {
        result.issues.push(makeIssue('warning', 'unknown-column', { file, column: columns[i] }, `column "${showColumn(columns[i])}" is not one of the expected columns and was ignored (rule unknown-column).`));
      }
      const roles: ColumnRole[] = columns.map(() => 'free');
      known = [];
      specs.forEach((spec) => {
        const i = match!.index.get(spec.name);
        if (i === undefined) return;
        // ids of people (families, volunteers, participants) must be codes, never names or numbers of persons
        roles[i] = PERSON_ID.test(spec.name) ? 'id' : spec.type === 'date' ? 'date' : spec.type === 'string' ? 'free' : 'typed';
        if (!spec.freeText) known.push(i);
      });
      known.sort((a, b) => a - b);
      result.omittedColumns = columns.filter((_, i) => !known.includes(i)).map(showColumn);
      if (options.privacy !== false) {
        screen = new PrivacyScreen(columns, roles);
        if (screen.byHeader.length) {
          refused = screen.byHeader;
          result.issues.push(makeIssue('error', 'identifying-column', { file }, privacyRefusalText(file, refused).replace(/^[^:]*: /, '')));
        }
      }
      if (match.missing.length) {
        const names = match.missing.map((s) => `"${s.name}"`).join(', ');
        const issue = makeIssue('error', 'missing-required', { file }, `required column${match.missing.length > 1 ? 's' : ''} ${names} missing from the header (rule missing-required).`);
        headerFatal = issue.message;
        result.issues.push(issue);
      }
      for (const d of match.duplicates) {
        result.issues.push(makeIssue('warning', 'inconsistent', { file, column: d.columns[1] }, `columns ${d.columns.map((c) => `"${showColumn(c)}"`).join(' and ')} both mean "${d.spec.name}"; the first one was used.`));
      }
    },
    row(cells: string[], row: number, problem?: string) {
      handleRow(cells, row, problem);
    },
  };
  const readOptions: TableReadOptions = { ...options, fileLabel: file };
  result.read = options.text ? await readTableString(input, sink, readOptions) : await readTableFile(input, sink, readOptions);
  result.issues.unshift(...result.read.issues);
  for (const f of fallbacks.values()) result.issues.push(fallbackIssue(file, f));
  const found = screen?.found() ?? [];
  if (found.length) {
    const r = refusedResult(file, found, rowRuns, result.issues);
    result.rows = [];
    result.rejects = r.rejects;
    result.issues = r.issues;
    result.accepted = 0;
    result.rejected = result.rowsRead;
    result.omittedColumns = [];
  }
  if (result.accepted + result.rejected !== result.rowsRead) {
    throw new Error(`${file}: internal error: accepted + rejected != rows read.`);
  }
  return result;
}
