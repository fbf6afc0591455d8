/**
 * Data issues: every problem found while reading, validating or scoring a file is a
 * `DataIssue` — a sentence a researcher can act on, plus the machine-readable parts
 * (file, spreadsheet row, column, value, rule) so tools can filter and count them.
 *
 * Every message passes through `cleanMessage` (control characters escaped, length capped) and an
 * issue's `value` is kept only when `safeValue` allows it.
 */
import { cleanMessage, safeValue, showColumn } from './safe-text.js';

/** The rule an issue breaks. Stable identifiers: tests, CLI `--json` output and docs use them. */
export type IssueRule =
  | 'out-of-range'
  | 'not-a-number'
  | 'not-an-integer'
  | 'unknown-instrument'
  | 'unknown-item'
  | 'unknown-scale'
  | 'unknown-wave'
  | 'unknown-group'
  | 'unknown-column'
  | 'duplicate'
  | 'missing-required'
  | 'identifying-column'
  | 'malformed-row'
  | 'encoding'
  | 'layout'
  | 'invalid-date'
  | 'inconsistent'
  | 'unreadable-file'
  | 'invalid-definition'
  | 'unknown-id'
  | 'date-order'
  | 'overlap'
  | 'future-date'
  /** A value that is not one of the allowed values (enum, yes/no). */
  | 'invalid-value'
  /** A category value in no list (referrer, help question, …): counted as "other", with this warning. */
  | 'unknown-category'
  /** The header row cannot be read (an unclosed quote, or a huge cell in the header). */
  | 'malformed-header'
  /** A line, cell or whole-file quantity beyond a documented limit. */
  | 'too-large'
  /** The file changed (size or modification time) while it was being read. */
  | 'file-changed'
  /** The last row of the file has fewer values than the header (a cut-off file). */
  | 'short-row';

/**
 * `error`: the row is rejected (or, for file-level issues without a row, the file is unusable).
 * `warning`: the row is accepted but something deserves attention (e.g. an unknown column ignored).
 */
export type IssueSeverity = 'error' | 'warning';

export interface DataIssue {
  severity: IssueSeverity;
  rule: IssueRule;
  /** File name as given by the user (or `<memory>` for in-memory input). */
  file: string;
  /** Row number as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  row?: number;
  column?: string;
  /** The offending value (trimmed), only when it is safe to show (`safeValue` in safe-text.ts). */
  value?: string;
  /** A complete sentence naming file, row, column, value and rule. */
  message: string;
}

/** Builds the location prefix shared by all messages: `scores.csv, row 14, column "nosik_03"`. */
export function locate(file: string, row?: number, column?: string): string {
  let s = file;
  if (row !== undefined) s += `, row ${row}`;
  if (column !== undefined) s += `, column "${showColumn(column)}"`;
  return s;
}

/** Creates an issue whose message starts with its location. */
export function makeIssue(
  severity: IssueSeverity,
  rule: IssueRule,
  where: { file: string; row?: number; column?: string; value?: string },
  text: string,
): DataIssue {
  const issue: DataIssue = {
    severity,
    rule,
    file: where.file,
    message: cleanMessage(`${locate(where.file, where.row, where.column)}: ${text}`),
  };
  if (where.row !== undefined) issue.row = where.row;
  if (where.column !== undefined) issue.column = showColumn(where.column);
  if (where.value !== undefined) {
    const v = safeValue(where.value);
    if (v !== undefined) issue.value = v;
  }
  return issue;
}

/** Thrown only for input that cannot be used at all (unreadable file, bad definition). */
export class DataError extends Error {
  readonly issues: DataIssue[];
  constructor(message: string, issues: DataIssue[] = []) {
    super(cleanMessage(message, { keepNewlines: true, max: 20_000 }));
    this.name = 'DataError';
    this.issues = issues;
  }
}
