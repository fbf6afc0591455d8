/**
 * Writing tables as CSV. One home for quoting rules so every export (scores, rejects,
 * result tables) is read back identically by Excel, LibreOffice, R and pandas.
 *
 * Formula injection (OWASP "CSV Injection"): a text cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return would be run as a formula by Excel or LibreOffice (`=HYPERLINK(…)`). Such
 * cells are written with a leading apostrophe `'` (and quoted), which spreadsheets show as text.
 * Numbers are never escaped: a `number` value is written as is, and so is a text cell that is a
 * plain number (`-3`, `-3.5`, `-3,5`, `+2`), because a plain number cannot be a formula and
 * escaping it would turn a negative score into text. Files are written atomically
 * (`writeFileAtomic`).
 */
import { writeFileAtomic } from './atomic-write.js';

export interface CsvWriteOptions {
  /** Field delimiter (default ","). Dutch Excel expects ";". */
  delimiter?: ',' | ';' | '\t';
  /** Decimal separator for numbers (default "."). Use "," together with delimiter ";" for Dutch Excel. */
  decimal?: '.' | ',';
  /** Prefix a UTF-8 byte-order mark so Excel detects UTF-8 (default false). */
  bom?: boolean;
  /** Line ending (default "\n"). */
  eol?: '\n' | '\r\n';
}

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Escapes a text cell that a spreadsheet would run as a formula: a leading `=`, `+`, `-`, `@`, tab
 * or carriage return gets an apostrophe in front; plain numbers such as `-3` are left alone.
 * @example escapeFormula('=HYPERLINK("http://x")') // "'=HYPERLINK(\"http://x\")"
 * @example escapeFormula('-3')                     // '-3'
 */
export function escapeFormula(text: string): string {
  if (!FORMULA_START.test(text) || PLAIN_NUMBER.test(text)) return text;
  return `'${text}`;
}

/**
 * Quotes a cell when it contains a delimiter (`,` `;` or the chosen one), a quote, a newline or
 * leading/trailing space; text that would start a formula is escaped first ({@link escapeFormula}).
 */
export function csvCell(value: CsvCell, options: CsvWriteOptions = {}): string {
  if (value === null || value === undefined) return '';
  let s: string;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    s = String(value);
    if (options.decimal === ',') s = s.replace('.', ',');
    // a number needs quotes only if it contains the delimiter (decimal comma in a comma file)
    return s.includes(options.delimiter ?? ',') ? `"${s}"` : s;
  } else if (typeof value === 'boolean') {
    s = value ? 'true' : 'false';
  } else {
    s = escapeFormula(value);
  }
  const delim = options.delimiter ?? ',';
  // quote on either list separator, so the file opens right in Excel with a Dutch or an English locale
  if (s.includes(delim) || s.includes(',') || s.includes(';') || s.includes('"') || s.includes('\n') || s.includes('\r') || /^\s|\s$/.test(s)) {
    return `"${s.replace(/"/g, '""')}"`;
  }
  return s;
}

/** Formats rows (objects) as CSV with the given column order. */
export function toCsv(columns: readonly string[], rows: Iterable<Record<string, CsvCell>>, options: CsvWriteOptions = {}): string {
  const delim = options.delimiter ?? ',';
  const eol = options.eol ?? '\n';
  const parts: string[] = [];
  parts.push(columns.map((c) => csvCell(c, options)).join(delim));
  for (const row of rows) {
    parts.push(columns.map((c) => csvCell(row[c], options)).join(delim));
  }
  return (options.bom ? '\uFEFF' : '') + parts.join(eol) + eol;
}

/** Writes {@link toCsv} to a file atomically; a file-system error is an `OutputError` sentence. */
export function writeCsv(path: string, columns: readonly string[], rows: Iterable<Record<string, CsvCell>>, options: CsvWriteOptions = {}): void {
  writeFileAtomic(path, toCsv(columns, rows, options));
}
