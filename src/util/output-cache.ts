/**
 * Outputs kept between runs: a private folder of files, one per key, each holding what a pure function made from
 * inputs that the key names in full (a SHA-256 hash of the inputs' bytes and of the code and versions that made it).
 * A re-run with the same key reads the output instead of making it again; anything else makes it anew and keeps
 * it. The report keeps its rendered charts (charts/svg-cache.ts) and its workbook (util/xlsx-write.ts) this way, in
 * the folder of its audit proofs.
 *
 * A file holds `{ format, key, value }` (JSON); one read under another key, of another format or unreadable counts
 * as not kept. Files are written whole or not at all (temporary file + rename), mode 600.
 *
 * What is kept: every file this process read or wrote (this run's outputs, however many: an `--all-scopes` run draws
 * hundreds of chart groups and writes a workbook per publication) and of the others only the newest `keep` of each
 * kind. The run's owner prunes once at its end ({@link pruneOutputCache}; the `report` command does): pruning while
 * a run goes on would remove files it has not read yet.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from './atomic-write.js';

/**
 * A hash of what a kind of output depends on besides its inputs: `format` (the kind and its version), the
 * JavaScript engine's version, the versions of `packages` and the text of `sources` (file URLs of the modules that
 * make it: a changed module makes new keys).
 */
export function outputMakerTag(format: string, packages: readonly string[], sources: ReadonlyArray<URL | string>): string {
  const h = createHash('sha256').update(`${format}|v8 ${process.versions.v8}`);
  const require = createRequire(import.meta.url);
  for (const pkg of packages) {
    try {
      h.update(`|${pkg}@${(JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version}`);
    } catch {
      h.update(`|${pkg}@?`);
    }
  }
  for (const src of sources) {
    h.update('|');
    try {
      h.update(readFileSync(src));
    } catch {
      h.update(`? ${String(src)}`);
    }
  }
  return h.digest('hex');
}

/**
 * The key of an output: hex SHA-256 of its maker's tag ({@link outputMakerTag}) and of `inputs` in a canonical text
 * ({@link canonicalText}). Throws on an input that text cannot hold (the caller then makes the output and keeps none).
 */
export function outputKey(maker: string, inputs: unknown): string {
  return createHash('sha256').update(maker).update('|').update(canonicalText(inputs)).digest('hex');
}

/**
 * A text that is the same for equal values and different for different ones: JSON-like, with NaN, ±Infinity, −0 and
 * undefined kept apart (JSON makes them null or drops them), arrays and plain objects (keys in their order) taken
 * apart. (`v8.serialize` is not such a text: a string's bytes there depend on how the engine holds it, one or two
 * bytes a character, which two runs of the same code do not always agree on.) Throws on anything else (a function,
 * a Map, a class instance, a cycle).
 */
export function canonicalText(value: unknown): string {
  const out: string[] = [];
  const seen = new Set<object>();
  const put = (v: unknown): void => {
    if (v === null) out.push('null');
    else if (v === undefined) out.push('u');
    else if (typeof v === 'string') out.push(JSON.stringify(v));
    else if (typeof v === 'number') out.push(Object.is(v, -0) ? 'n-0' : `n${String(v)}`);
    else if (typeof v === 'boolean') out.push(v ? 't' : 'f');
    else if (typeof v === 'object') {
      if (seen.has(v)) throw new Error('canonicalText: a cycle.');
      seen.add(v);
      if (Array.isArray(v)) {
        out.push('[');
        for (let i = 0; i < v.length; i++) {
          if (i) out.push(',');
          put(v[i]);
        }
        out.push(']');
      } else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
        out.push('{');
        let first = true;
        for (const k of Object.keys(v)) {
          if (!first) out.push(',');
          first = false;
          out.push(JSON.stringify(k), ':');
          put((v as Record<string, unknown>)[k]);
        }
        out.push('}');
      } else throw new Error(`canonicalText: a ${Object.prototype.toString.call(v)} is not plain data.`);
      seen.delete(v);
    } else throw new Error(`canonicalText: a ${typeof v} is not plain data.`);
  };
  put(value);
  return out.join('');
}

/** Per folder: the kinds (file name prefixes) used in this process, and the files read or written in it. */
const usedHere = new Map<string, { prefixes: Map<string, number>; files: Set<string> }>();

function markUsed(dir: string, prefix: string, keep: number, file?: string): void {
  let u = usedHere.get(dir);
  if (!u) usedHere.set(dir, (u = { prefixes: new Map(), files: new Set() }));
  u.prefixes.set(prefix, Math.max(keep, u.prefixes.get(prefix) ?? 0));
  if (file) u.files.add(file);
}

/**
 * Ends a run's use of the folder `dir`: of each kind of output used in it by this process, removes the files this
 * process neither read nor wrote except the newest `keep` of them (the kind's own `keep` unless given). Returns the
 * number removed, and starts a new run: a long-lived process (a notebook) that prunes after each run keeps that
 * run's files, not every file it ever used. Never throws (a folder that cannot be pruned costs disk, never a result).
 *
 * @example
 * pruneOutputCache(auditCacheDir); // after the last report of the run is written
 */
export function pruneOutputCache(dir: string | null, keep?: number): number {
  if (!dir) return 0;
  const u = usedHere.get(dir);
  if (!u) return 0;
  let removed = 0;
  try {
    const names = readdirSync(dir);
    for (const [prefix, kindKeep] of u.prefixes) {
      const limit = keep ?? kindKeep;
      const others = names.filter((f) => f.startsWith(prefix) && f.endsWith('.json') && !u.files.has(f));
      if (others.length <= limit) continue;
      const byAge = others.map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
      for (const { f } of byAge.slice(limit)) {
        rmSync(join(dir, f), { force: true });
        removed++;
      }
    }
  } catch {
    // as write: a folder that cannot be pruned costs disk, never a result
  }
  usedHere.delete(dir);
  return removed;
}

/** A folder of kept outputs of one kind (file names `<prefix><key>.json`); `dir` null keeps nothing. */
export class OutputCache<T> {
  /**
   * @param dir the private folder (created on first write), or null
   * @param prefix the kind's file name prefix, e.g. `chart-svgs-`
   * @param format the kind's format name, written in each file and required when read
   * @param keep files of this kind kept besides those this process used, when the run ends ({@link pruneOutputCache})
   */
  constructor(
    readonly dir: string | null,
    private readonly prefix: string,
    private readonly format: string,
    private readonly keep = 24,
  ) {}

  private name(key: string): string {
    return `${this.prefix}${key.slice(0, 24)}.json`;
  }

  private file(key: string): string {
    return join(this.dir!, this.name(key));
  }

  private files(): string[] {
    return readdirSync(this.dir!).filter((f) => f.startsWith(this.prefix) && f.endsWith('.json'));
  }

  /** Whether the folder holds outputs of this kind at all. */
  holdsAny(): boolean {
    if (!this.dir) return false;
    try {
      return this.files().length > 0;
    } catch {
      return false;
    }
  }

  /** The output kept under `key` when `valid` accepts it; else null (none kept, unreadable, another key or format). */
  read(key: string, valid: (value: unknown) => value is T): T | null {
    if (!this.dir) return null;
    try {
      markUsed(this.dir, this.prefix, this.keep);
      const kept = JSON.parse(readFileSync(this.file(key), 'utf8')) as { format?: string; key?: string; value?: unknown };
      if (kept.format !== this.format || kept.key !== key || !valid(kept.value)) return null;
      markUsed(this.dir, this.prefix, this.keep, this.name(key));
      return kept.value;
    } catch {
      return null;
    }
  }

  /** Keeps `value` (JSON) under `key` (kept at the run's end: {@link pruneOutputCache}). Never throws. */
  write(key: string, value: T): void {
    if (!this.dir) return;
    try {
      ensureDir(this.dir);
      writeFileAtomic(this.file(key), JSON.stringify({ format: this.format, key, value }), 0o600);
      markUsed(this.dir, this.prefix, this.keep, this.name(key));
    } catch {
      // a cache that cannot be written costs the next run time, never a result
    }
  }
}
