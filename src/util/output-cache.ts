/**
 * Outputs kept between runs: a private folder of files, one per key, each holding what a pure function made from
 * inputs that the key names in full (a SHA-256 hash of the inputs' bytes and of the code and versions that made it).
 * A re-run with the same key reads the output instead of making it again; anything else makes it anew and keeps
 * it. The report keeps its rendered charts (charts/svg-cache.ts) and its workbook (util/xlsx-write.ts) this way, in
 * the folder of its audit proofs.
 *
 * A file holds `{ format, key, value }` (JSON); one read under another key, of another format or unreadable counts
 * as not kept. Files are written whole or not at all (temporary file + rename), mode 600, and the oldest files of a
 * kind beyond `keep` are removed.
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

/** A folder of kept outputs of one kind (file names `<prefix><key>.json`); `dir` null keeps nothing. */
export class OutputCache<T> {
  /**
   * @param dir the private folder (created on first write), or null
   * @param prefix the kind's file name prefix, e.g. `chart-svgs-`
   * @param format the kind's format name, written in each file and required when read
   * @param keep files of this kind kept at most (the oldest removed first)
   */
  constructor(
    readonly dir: string | null,
    private readonly prefix: string,
    private readonly format: string,
    private readonly keep = 24,
  ) {}

  private file(key: string): string {
    return join(this.dir!, `${this.prefix}${key.slice(0, 24)}.json`);
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
      const kept = JSON.parse(readFileSync(this.file(key), 'utf8')) as { format?: string; key?: string; value?: unknown };
      return kept.format === this.format && kept.key === key && valid(kept.value) ? kept.value : null;
    } catch {
      return null;
    }
  }

  /** Keeps `value` (JSON) under `key`, and removes the oldest files of this kind beyond `keep`. Never throws. */
  write(key: string, value: T): void {
    if (!this.dir) return;
    try {
      ensureDir(this.dir);
      writeFileAtomic(this.file(key), JSON.stringify({ format: this.format, key, value }), 0o600);
      const files = this.files();
      if (files.length > this.keep) {
        const byAge = files.map((f) => ({ f, t: statSync(join(this.dir!, f)).mtimeMs })).sort((a, b) => a.t - b.t);
        for (const { f } of byAge.slice(0, files.length - this.keep)) rmSync(join(this.dir, f), { force: true });
      }
    } catch {
      // a cache that cannot be written costs the next run time, never a result
    }
  }
}
