/**
 * What `report` and `validate` print about registration files: one line of counts per file, the
 * errors (rows left out), and the category values in no list (counted as "other"). The same
 * sentences in both commands; this output is the run's private log, never a publication.
 */
import type { RegistrationLoadResult } from '../../impact/registration.js';
import { join } from 'node:path';
import { UsageError } from '../args.js';
import { LEDGER_FILE } from '../../impact/ledger.js';
import type { ZeroPolicy } from '../../impact/disclosure.js';
import { groupedIssues } from './shared.js';

/** The options every publishing command (report, evaluation) shares, checked with sentences. */
export interface PublicationCliOptions {
  lang: 'nl' | 'en';
  threshold: number;
  hours: number;
  zeros: ZeroPolicy;
  ledgerPath: string;
  referenceDate: string | undefined;
}

/** Reads and checks --lang, --threshold, --hours, --zeros, --ledger and --reference-date (after --out). */
export function publicationCliOptions(values: { out: string; lang?: string; threshold?: string; hours?: string; zeros?: string; ledger?: string; 'reference-date'?: string }): PublicationCliOptions {
  const lang = values.lang ?? 'nl';
  if (lang !== 'nl' && lang !== 'en') throw new UsageError(`--lang must be nl or en, got '${lang}'.`);
  const threshold = values.threshold === undefined ? 5 : Number(values.threshold);
  if (!Number.isInteger(threshold) || threshold < 1) throw new UsageError(`--threshold must be a whole number ≥ 1, got '${values.threshold}'.`);
  const hours = values.hours === undefined ? 3 : Number(values.hours);
  if (!(hours >= 0)) throw new UsageError(`--hours must be a number ≥ 0, got '${values.hours}'.`);
  const zeros = values.zeros ?? 'auto';
  if (zeros !== 'auto' && zeros !== 'hide' && zeros !== 'show') throw new UsageError(`--zeros must be auto, hide or show, got '${values.zeros}'.`);
  const referenceDate = values['reference-date'];
  if (referenceDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) throw new UsageError(`--reference-date must be YYYY-MM-DD, got '${referenceDate}'.`);
  return { lang, threshold, hours, zeros, ledgerPath: values.ledger ?? join(values.out, LEDGER_FILE), referenceDate };
}

/** `DIR: gezinnen.csv 29 accepted; vrijwilligers.csv 24 accepted, 1 rejected; …` (files not given are left out). */
export function registrationCountsLine(where: string, loaded: RegistrationLoadResult, onlyPresent = false): string {
  const files = onlyPresent ? loaded.files.filter((f) => f.file !== null) : loaded.files;
  return `${where}: ${files.map((f) => `${f.file ?? `(no ${f.kind} file)`} ${f.accepted} accepted${f.rejected ? `, ${f.rejected} rejected` : ''}`).join('; ')}`;
}

/** The errors, then the category values in no list; empty when there are none. */
export function registrationIssueLines(loaded: RegistrationLoadResult, options: { warnings?: boolean } = {}): string[] {
  const lines: string[] = [];
  const errors = loaded.issues.filter((i) => i.severity === 'error');
  if (errors.length) {
    lines.push('', `Issues (${errors.length}; the rows concerned were left out):`);
    for (const i of errors.slice(0, 30)) lines.push(`  ${i.message}`);
    if (errors.length > 30) lines.push(`  … and ${errors.length - 30} more`);
  }
  const unknownCategories = loaded.issues.filter((i) => i.rule === 'unknown-category');
  if (unknownCategories.length) {
    lines.push('', 'Category values in no list, counted as "other" (this run log only; no report file names them):');
    for (const i of unknownCategories.slice(0, 30)) lines.push(`  ${i.message}`);
    if (unknownCategories.length > 30) lines.push(`  … and ${unknownCategories.length - 30} more`);
  }
  if (options.warnings) {
    const other = loaded.issues.filter((i) => i.severity === 'warning' && i.rule !== 'unknown-category');
    if (other.length) lines.push('', `Warnings (${other.length}; the rows were kept):`, ...groupedIssues(other));
  }
  return lines;
}

/**
 * The lines printed when the data cannot be used at all (no usable sites or families): the first 20
 * errors, and the note that checks against a refused file were skipped (so a refused file is one
 * message, not one per row that refers to it).
 */
export function unusableRegistrationLines(loaded: RegistrationLoadResult): string[] {
  return loaded.issues
    .filter((i) => i.severity === 'error' || i.rule === 'identifying-column')
    .slice(0, 20)
    .map((i) => `  ${i.message}`);
}

/** `categories: office.json over the bundled lists`, or nothing when only the bundled lists were used. */
export function registrationCategoriesLine(loaded: RegistrationLoadResult): string[] {
  return loaded.categories.sources.length ? [`  categories: ${loaded.categories.sources.join(', ')} over the bundled lists`] : [];
}
