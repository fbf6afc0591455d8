/**
 * A compact store of record keys (participant × wave × instrument) for validating large files
 * without keeping the records: per key one small slot array holding, for each item/scale/weight
 * of the instrument, the row where it was first given (0 = not yet). About 80 bytes per key plus
 * 4 bytes per slot, in pooled typed arrays, instead of a full record object (~1 KB). Memory grows
 * with the number of distinct keys, not with the number of rows; beyond `maxKeys` a typed
 * `too-large` DataError says so before memory runs out.
 */
import { DataError, makeIssue } from './issues.js';

const CHUNK = 1 << 20;

/** Default limit of distinct participant × wave × instrument keys in one validated file. */
export const MAX_RECORD_KEYS = 8_000_000;

export class RecordKeyStore {
  private readonly offsets = new Map<string, number>();
  private readonly pool: Int32Array[] = [];
  private used = CHUNK; // forces a first chunk

  constructor(
    private readonly file: string,
    private readonly maxKeys = MAX_RECORD_KEYS,
  ) {}

  /** Number of distinct keys stored. */
  get size(): number {
    return this.offsets.size;
  }

  /** The row where `slot` of `key` was first given, or 0. */
  get(key: string, slot: number): number {
    const off = this.offsets.get(key);
    if (off === undefined) return 0;
    return this.pool[Math.floor(off / CHUNK)][(off % CHUNK) + slot];
  }

  /** Whether the key is stored. */
  has(key: string): boolean {
    return this.offsets.has(key);
  }

  /**
   * The rows stored for `key` (a key with `width` slots), ascending and without repeats: the rows of
   * one participant × wave × instrument unit (used to reject a whole unit of a long file when one
   * of its values turns out invalid later).
   * @example store.set('P1\u0000T1\u0000nosik', 2, 8, 7); store.rows('P1\u0000T1\u0000nosik', 8) // [7]
   */
  rows(key: string, width: number): number[] {
    const off = this.offsets.get(key);
    if (off === undefined) return [];
    const chunk = this.pool[Math.floor(off / CHUNK)];
    const base = off % CHUNK;
    const out = new Set<number>();
    for (let s = 0; s < width; s++) if (chunk[base + s] > 0) out.add(chunk[base + s]);
    return [...out].sort((a, b) => a - b);
  }

  /** Forgets `key` (its slots stay allocated; they are few). */
  delete(key: string): void {
    this.offsets.delete(key);
  }

  /** Records that `slot` of `key` (a key with `width` slots) was given in `row`. */
  set(key: string, slot: number, width: number, row: number): void {
    let off = this.offsets.get(key);
    if (off === undefined) {
      if (this.offsets.size >= this.maxKeys) {
        const text = `the file holds more than ${this.maxKeys.toLocaleString('en-US')} participant × wave × instrument combinations, the limit for one file (each needs a few bytes to find duplicates); split the file, e.g. by wave or by site (rule too-large).`;
        throw new DataError(`${this.file}: ${text}`, [makeIssue('error', 'too-large', { file: this.file }, text)]);
      }
      if (this.used + width > CHUNK) {
        this.pool.push(new Int32Array(CHUNK));
        this.used = 0;
      }
      off = (this.pool.length - 1) * CHUNK + this.used;
      this.used += width;
      this.offsets.set(key, off);
    }
    this.pool[Math.floor(off / CHUNK)][(off % CHUNK) + slot] = row;
  }
}
