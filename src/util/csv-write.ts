/**
 * Writing tables as CSV. One home for quoting rules so every export (scores, rejects,
 * result tables) is read back identically by Excel, LibreOffice, R and pandas.
 */
import { writeFileSync } from 'node:fs';

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

/** Quotes a cell when it contains a delimiter (`,` `;` or the chosen one), a quote, a newline or leading/trailing space. */
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
    s = value;
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

export function writeCsv(path: string, columns: readonly string[], rows: Iterable<Record<string, CsvCell>>, options: CsvWriteOptions = {}): void {
  writeFileSync(path, toCsv(columns, rows, options), 'utf8');
}
