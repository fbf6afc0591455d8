/**
 * What `report` and `validate` print about registration files: one line of counts per file, the
 * errors (rows left out), and the category values in no list (counted as "other"). The same
 * sentences in both commands; this output is the run's private log, never a publication.
 */
import type { RegistrationLoadResult } from '../../impact/registration.js';
import { closeSync, openSync, readSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { homedir } from 'node:os';
import { UsageError } from '../args.js';
import { LEDGER_FILE } from '../../impact/ledger.js';
import type { AuditProofs } from '../../impact/audit-cache.js';
import type { ZeroPolicy } from '../../impact/disclosure.js';
import { groupedIssues } from './issue-lines.js';

/** The options every publishing command (report, evaluation) shares, checked with sentences. */
export interface PublicationCliOptions {
  lang: 'nl' | 'en';
  threshold: number;
  hours: number;
  zeros: ZeroPolicy;
  ledgerPath: string;
  referenceDate: string | undefined;
  /** The private folder of the audit's proofs kept across runs (audit-cache.ts), or null (`--audit-cache off`). */
  auditCache: string | null;
}

/**
 * The default folder of the audit proofs: `$HOMESTART_AUDIT_CACHE` (a folder, or `off`), else
 * `$XDG_CACHE_HOME/homestart-impact/audit`, else `~/.cache/homestart-impact/audit` — the user's own
 * private cache, never a publication folder.
 */
export function defaultAuditCache(): string | null {
  const env = process.env.HOMESTART_AUDIT_CACHE;
  if (env) return env === 'off' ? null : env;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'homestart-impact', 'audit');
}

/** Reads and checks --lang, --threshold, --hours, --zeros, --ledger and --reference-date (after --out). */
export function publicationCliOptions(values: { out: string; lang?: string; threshold?: string; hours?: string; zeros?: string; ledger?: string; 'reference-date'?: string; 'audit-cache'?: string }): PublicationCliOptions {
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
  const cacheOption = values['audit-cache'];
  const auditCache = cacheOption === 'off' ? null : cacheOption !== undefined ? cacheOption : defaultAuditCache();
  if (auditCache !== null) {
    // the proofs derive from the unpublished counts: never inside the folder that is published
    const rel = relative(resolve(values.out), resolve(auditCache));
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) throw new UsageError(`the audit cache ${auditCache} is inside the output folder ${values.out}, which is published; give --audit-cache a private folder outside it (or --audit-cache off).`);
  }
  return { lang, threshold, hours, zeros, ledgerPath: values.ledger ?? join(values.out, LEDGER_FILE), referenceDate, auditCache };
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

/**
 * Why the data cannot be published although sites and families are usable: a volunteers or trajectories file that
 * was given but of which no row could be used (refused as a whole, e.g. for a column that identifies people) —
 * every figure drawn from it would be printed as 0 instead of unknown. Null when there is none.
 */
export function refusedRegistrationFile(loaded: RegistrationLoadResult): string | null {
  const refused = loaded.files.filter((f) => f.file !== null && (f.kind === 'volunteers' || f.kind === 'trajectories') && f.accepted === 0 && f.rejected > 0);
  if (refused.length === 0) return null;
  const names = refused.map((f) => f.file).join(' and ');
  const what = refused.map((f) => f.kind).join(' and ');
  return `no row of ${names} could be used, so every figure about ${what} would be printed as 0 instead of unknown`;
}

/** `categories: office.json over the bundled lists`, or nothing when only the bundled lists were used. */
export function registrationCategoriesLine(loaded: RegistrationLoadResult): string[] {
  return loaded.categories.sources.length ? [`  categories: ${loaded.categories.sources.join(', ')} over the bundled lists`] : [];
}

/**
 * The run-log line about the audit's proofs kept across runs: how many hidden counts stored moves
 * proved without an LP, and where the private file is (empty without a cache folder).
 */
export function auditProofsLine(proofs: AuditProofs): string {
  let file: string | null = null;
  let note = '';
  try {
    file = proofs.save();
  } catch (err) {
    note = ` (not written: ${err instanceof Error ? err.message : String(err)})`;
  }
  const s = proofs.stats;
  if (!proofs.dir) return '';
  return `  audit proofs (private): ${s.proved} hidden counts proved by moves (${s.loaded} read from the cache) without a linear program${s.pinned ? `, ${s.pinned} hidden zeros shown pinned to 0 by stored certificates` : ''}${s.stale ? ' (the stored proofs were for other data: not used)' : ''}${s.rejected ? `, ${s.rejected} moves no longer held` : ''}; ${s.saved} moves kept in ${file ?? proofs.file}${note}`;
}

/**
 * Whether the registration files of `dir` are synthetic sample data: one of them says so in its first line
 * (`# SYNTHETIC DATA …`, after a byte-order mark); the report then says it too. Reads the first kilobyte of each
 * file (the first 200 characters are looked at), not the files.
 */
export function syntheticRegistration(dir: string, loaded: RegistrationLoadResult): boolean {
  return loaded.files.some((f) => {
    if (f.file === null) return false;
    const fd = openSync(join(dir, f.file), 'r');
    try {
      const head = Buffer.alloc(1024);
      const n = readSync(fd, head, 0, head.length, 0);
      return /^\uFEFF?# SYNTHETIC/i.test(head.toString('utf8', 0, n).slice(0, 200));
    } finally {
      closeSync(fd);
    }
  });
}
