/**
 * Writing output files so that a reader never sees half a file, and every file-system error is a
 * sentence.
 *
 * - {@link writeFileAtomic}: the bytes go to a temporary file in the same folder
 *   (`.<name>.<pid>.<random>.tmp`), are flushed to disk, and the temporary file is renamed over the
 *   target in one step (rename is atomic within a file system). If anything fails — disk full,
 *   no permission, the target is a folder — the temporary file is removed and an {@link OutputError}
 *   says what happened in words. The old file, if any, is left as it was.
 * - {@link fsErrorSentence}: ENOSPC, EISDIR, ENOTDIR, EPERM, EACCES, ENOENT, EROFS, EEXIST, EMFILE,
 *   ENAMETOOLONG, EBUSY and EXDEV as sentences naming the path and what to do.
 * - {@link scopedFileName}: output names that carry the scope (site, region or national) and year,
 *   so a site report written into a folder that holds the national report cannot mix with it.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A file could not be written (or read); `message` is a sentence, `code` the system error code. */
export class OutputError extends Error {
  readonly code: string | undefined;
  readonly path: string;
  constructor(message: string, path: string, code?: string) {
    super(message);
    this.name = 'OutputError';
    this.path = path;
    this.code = code;
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full; free some space or choose another folder',
  EDQUOT: 'the disk quota is used up; free some space or choose another folder',
  EISDIR: 'a folder with that name exists; choose a file name, not a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EPERM: 'the operation is not permitted (is the file open in Excel, or read-only?)',
  EACCES: 'permission denied; choose a folder you may write to, or close the program that has the file open',
  ENOENT: 'the folder does not exist',
  EROFS: 'the disk is read-only',
  EEXIST: 'the file already exists',
  EMFILE: 'too many files are open; close some programs and try again',
  ENFILE: 'too many files are open on this system; try again later',
  ENAMETOOLONG: 'the path is too long; choose a shorter folder or file name',
  EBUSY: 'the file is in use by another program; close it and try again',
  EXDEV: 'the temporary file and the target are on different disks',
  EIO: 'the disk reported an input/output error',
};

/**
 * A file-system error as a sentence: `Could not write out/report.xlsx: the disk is full; free some
 * space or choose another folder (ENOSPC).`
 * @example fsErrorSentence(Object.assign(new Error('x'), { code: 'EISDIR' }), 'out/a.csv', 'write')
 * // 'Could not write out/a.csv: a folder with that name exists; choose a file name, not a folder (EISDIR).'
 */
export function fsErrorSentence(err: unknown, path: string, action: 'write' | 'read' | 'create the folder' = 'write'): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code && REASONS[code] ? REASONS[code] : `an unexpected file-system error${code ? '' : ` (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`}`;
  return `Could not ${action} ${path}: ${reason}${code ? ` (${code})` : ''}.`;
}

/** Wraps any error from a file-system call into an {@link OutputError} sentence. */
export function toOutputError(err: unknown, path: string, action: 'write' | 'read' | 'create the folder' = 'write'): OutputError {
  if (err instanceof OutputError) return err;
  return new OutputError(fsErrorSentence(err, path, action), path, (err as NodeJS.ErrnoException | undefined)?.code);
}

/** Creates a folder (and its parents); an error is an {@link OutputError} sentence. */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw toOutputError(err, dir, 'create the folder');
  }
}

/** Test hook: called with the temporary path after the data were written, before the rename. */
let beforeRenameHook: ((tmp: string) => void) | undefined;
/** Sets a hook called with the temporary path before the rename (tests simulate failures with it). */
export function setBeforeRenameHook(hook: ((tmp: string) => void) | undefined): void {
  beforeRenameHook = hook;
}

/**
 * Writes a file atomically: temporary file in the same folder, flush, rename. On any failure the
 * temporary file is removed and an {@link OutputError} (a sentence) is thrown; an existing target
 * keeps its old content. `mode`: the file's permissions (0o600 for a private file such as the audit's proofs).
 * @example writeFileAtomic('out/scores.csv', 'participant_id,score\n') // out/scores.csv appears complete or not at all
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    beforeRenameHook?.(tmp);
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* not created, or already gone */
    }
    throw toOutputError(err, path, 'write');
  }
}

/** The scope of a report: one site, one region, or the whole country. */
export type OutputScope = { level: 'site'; siteId: string } | { level: 'region'; region: string } | { level: 'national' };

/** A scope as a file-name part: `national`, `region-oost`, `site-dlf` (lower case, safe characters). */
export function scopeSlug(scope: OutputScope): string {
  const clean = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'x';
  if (scope.level === 'national') return 'national';
  if (scope.level === 'region') return `region-${clean(scope.region)}`;
  return `site-${clean(scope.siteId)}`;
}

/**
 * A report file name that carries its scope and year: `jaarverslag-2025-national`,
 * `annual-report-2025-site-dlf`.
 * @example scopedFileName('jaarverslag', 2025, { level: 'region', region: 'Oost' }) // 'jaarverslag-2025-region-oost'
 */
export function scopedFileName(base: string, year: number | string, scope: OutputScope): string {
  return `${base}-${year}-${scopeSlug(scope)}`;
}
