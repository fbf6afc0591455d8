/**
 * What of a row may be kept when it is rejected, and what is left of a refused file. One home for
 * the rule "rejects hold only the known columns and the reasons" (validate.ts and measurements.ts
 * both use it):
 * - only columns the loader knows (structural columns, instrument columns, declared covariates,
 *   matched column specs) are kept; unknown columns are left out and listed by name in
 *   `omittedColumns` (written as a note above the rejects CSV);
 * - a kept cell longer than {@link MAX_KEPT_CELL} characters, with control characters, or looking
 *   like personal data (a name, phone number, … in a numeric column) is replaced by a description
 *   (`(212 characters, not kept)`), so free text cannot ride along;
 * - a refused file keeps nothing of its rows: one reject per row with the row number and the
 *   refusal, and only the file-level issues that name no row and no column.
 */
import { makeIssue, type DataIssue } from './issues.js';
import { isPrintable } from './safe-text.js';
import { identifyingValueKind } from './identifiers.js';
import { privacyRefusalText, type IdentifyingColumn } from './privacy.js';
import type { RejectRow } from './types.js';

export type { ColumnRole } from './identifiers.js';

/** Longest cell kept in a reject row. */
export const MAX_KEPT_CELL = 64;

/**
 * The values of the known columns of a raw row, keyed by header; long or unprintable cells are
 * replaced by a description.
 * @example knownValues(['id', 'notes', 'nosik_01'], ['HS-1', 'called Jan', '9'], [0, 2]) // { id: 'HS-1', nosik_01: '9' }
 */
export function knownValues(header: readonly string[], cells: readonly string[], known: readonly number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of known) {
    const name = header[i];
    if (name === undefined) continue;
    const v = cells[i] ?? '';
    out[name] =
      v.length > MAX_KEPT_CELL
        ? `(${v.length} characters, not kept)`
        : !isPrintable(v)
          ? '(control characters, not kept)'
          : identifyingValueKind(v, { dates: false, text: true })
            ? '(looks like personal data, not kept)'
            : v;
  }
  return out;
}

/** Data row numbers of a file as runs (constant memory for consecutive rows). */
export class RowRuns {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  add(row: number): void {
    const n = this.ends.length;
    if (n > 0 && this.ends[n - 1] === row - 1) this.ends[n - 1] = row;
    else {
      this.starts.push(row);
      this.ends.push(row);
    }
  }
  *[Symbol.iterator](): Generator<number> {
    for (let k = 0; k < this.starts.length; k++) for (let r = this.starts[k]; r <= this.ends[k]; r++) yield r;
  }
}

/**
 * The rejects and issues of a refused file: every data row rejected with the refusal as its only
 * reason and no values; issues kept only when they name no row and no column (encoding notes and
 * the like), followed by the refusal.
 */
export function refusedResult(file: string, found: readonly IdentifyingColumn[], rows: Iterable<number>, issues: readonly DataIssue[], maxRejects = Infinity): { rejects: RejectRow[]; issues: DataIssue[] } {
  const reason = privacyRefusalText(file, found);
  const reasons = [reason];
  const rejects: RejectRow[] = [];
  for (const row of rows) {
    if (rejects.length >= maxRejects) break;
    rejects.push({ file, row, values: {}, reasons });
  }
  const kept = issues.filter((i) => i.row === undefined && i.column === undefined && i.rule !== 'identifying-column' && i.value === undefined);
  kept.push(makeIssue('error', 'identifying-column', { file }, reason.slice(file.length + 2)));
  return { rejects, issues: kept };
}
