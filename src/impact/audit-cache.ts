/**
 * Proofs of the attacker's audit kept across runs (audit.ts), so that a re-run of the same year's
 * report (a chart fixed, another language) checks its hidden cells in linear time instead of solving
 * tens of thousands of linear programs again.
 *
 * What a proof is. Every LP solution of the audit is a feasible table: printed counts at their values,
 * every hidden count within its mark's range, every relation true. Its deviation from the true table,
 * d = solution − truth, is a *move*: along the line truth + k·d (k real, or whole when d is whole) the
 * table stays feasible for every k in an interval [k₋, k₊] ∋ 0 that follows in linear time from the
 * bounds of the cells the move changes and the relations they are in. So one move shows every cell it
 * changes reaching truth + k₊·d and truth + k₋·d — both ways at once. A hidden cell is proved protected
 * when the moves carry it over its whole requirement ("<t": from 1, or 0, up to t − 1; "x": a range at
 * least t wide), exactly as the LP witnesses do in the audit itself.
 *
 * What is stored: only the moves, scaled to their smallest whole steps (divided by the greatest common
 * divisor; a fractional move by its largest entry), as lists of model cell numbers (ascending, written as
 * the first number and then the gaps) and step sizes, as bytes after a JSON header line
 * ({@link encodeAuditProofFile}); and for hidden zeros pinned to 0 (in the header), the dual
 * multipliers that show it (see {@link AuditProofs.pinned}). No
 * count, no bound and no key is stored: how far a move may go depends on the counts and is recomputed
 * from the data on every run. The file still derives from the true counts (which hidden cells moved
 * together in the solver's tables) and refers to the private model, so it is **private** like the data:
 * `"private": true` in the file, and never written into a publication folder (the `report` command
 * refuses an `--audit-cache` inside `--out`).
 *
 * No trust in the cache: the file is keyed by a hash of the model (every cell's value, whether it is
 * printed, every relation, the threshold and the variable cap), so proofs of other data are never
 * read; each move is checked again against the statuses of the moment (every cell it changes must be
 * hidden and stay within its range, every relation it touches must stay true); a move that does not
 * check out proves nothing, and the cells it would have proved are audited by LP as on a first run. A
 * cell the moves do not prove is always audited by LP; the moves never decide that a cell fails. So
 * the verdicts, and with them the statuses and every published file, are those of the uncached audit.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDir, writeFileAtomic } from '../util/atomic-write.js';
import { gcd } from '../stats/linalg.js';
import { AUDIT_CAP, dualBound, hiddenCellBoundsInto, requirementMet, requirementOf, type AuditProblem, type BoundsProblem, type Requirement } from './audit.js';
import type { LinearRelation } from './publication.js';

/** The requirements, numbered from 1 in `finishSettling`'s per-cell array. */
const REQUIREMENTS: readonly Requirement[] = ['primary', 'secondary', 'window'];

const FORMAT = 'homestart-impact audit proofs';
const TOL = 1e-9;

/** The part of a publication model a proof depends on. */
export interface AuditModelView {
  keys: ReadonlyArray<string>;
  values: ArrayLike<number>;
  printed: ArrayLike<boolean>;
  relations: ReadonlyArray<LinearRelation>;
}

/** One move: cells (model numbers) and their step sizes. */
interface Move {
  cells: Int32Array;
  d: Float64Array;
  whole: boolean;
}

/** What one run did with the proofs (for the run's log and the bench). */
export interface AuditProofStats {
  /** Moves read from the cache file (0 without a file or when its model hash differs). */
  loaded: number;
  /** The file was there but for another model (or unreadable): ignored. */
  stale: boolean;
  /** Moves checked (from the file or from this run's LPs) and found not to hold now. */
  rejected: number;
  /** Hidden cells proved by moves without an LP. */
  proved: number;
  /** Moves added by this run's LPs. */
  added: number;
  /** Moves written to the file. */
  saved: number;
  /** Hidden zeros shown pinned to 0 by a stored certificate, without an LP. */
  pinned: number;
}

/**
 * The hash of a model as the cache keys it (hex SHA-256 of the keys, values, printed flags, relations,
 * threshold and cap).
 */
export function auditModelHash(model: AuditModelView, threshold: number): string {
  const h = createHash('sha256');
  h.update(`${FORMAT}|t=${threshold}|cap=${AUDIT_CAP}|n=${model.keys.length}\n`);
  const n = model.keys.length;
  const vals = new Float64Array(n);
  const pr = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    vals[i] = model.values[i];
    pr[i] = model.printed[i] ? 1 : 0;
  }
  h.update(model.keys.join('\n'));
  h.update(new Uint8Array(vals.buffer));
  h.update(pr);
  // the relations as numbers: per relation its size, cells, coefficients and bounds
  let size = 0;
  for (const r of model.relations) size += 3 + 2 * r.vars.length;
  const rel = new Float64Array(size);
  let at = 0;
  for (const r of model.relations) {
    rel[at++] = r.vars.length;
    for (const v of r.vars) rel[at++] = v;
    for (const c of r.coefs) rel[at++] = c;
    rel[at++] = r.lo;
    rel[at++] = r.hi;
  }
  h.update(new Uint8Array(rel.buffer));
  return h.digest('hex');
}

/** Version of the proofs file: 2, a JSON header line and then the moves as bytes (version 1 was all JSON). */
const FILE_VERSION = 2;

/** The first line of a proofs file (JSON): what it is, for which model, and the pinned-zero certificates. */
export interface AuditProofHeader {
  format: string;
  version: number;
  private: true;
  notice: string;
  /** {@link auditModelHash} of the model the moves belong to. */
  model: string;
  /** Per hidden zero pinned to 0: [cell, relations, multipliers] (see {@link AuditProofs.pinned}). */
  pinned: unknown[];
  /** Number of moves after the header (written by {@link encodeAuditProofFile}). */
  moves?: number;
}

/** A proofs file as read: its header and its moves (cells as model numbers, ascending; steps). */
export interface AuditProofFile {
  header: AuditProofHeader;
  moves: Array<[Int32Array, Float64Array]>;
}

/**
 * The bytes of a proofs file: the header as one line of JSON (with the number of moves), then per move
 * its size, its kind (0: whole steps, 1: fractional steps), its cells as the first number and then the
 * gaps, and its steps — numbers as base-128 varints (whole steps zigzag-coded: 0, −1, 1, −2 … → 0, 1, 2,
 * 3 …), fractional steps as 64-bit floats (little-endian). The national set's 7,000 moves of 1.8 million
 * cells take about 4 MB (9 MB as JSON) and are read without parsing text.
 * @example
 * const bytes = encodeAuditProofFile({ header: { format: 'f', version: 2, private: true, notice: '', model: 'h', pinned: [] }, moves: [[Int32Array.of(3, 7), Float64Array.of(1, -2)]] });
 * decodeAuditProofFile(bytes).moves[0][1] // Float64Array [1, -2]
 */
export function encodeAuditProofFile(file: AuditProofFile): Uint8Array {
  const head = Buffer.from(`${JSON.stringify({ ...file.header, moves: file.moves.length })}\n`, 'utf8');
  let size = head.length;
  for (const [cells] of file.moves) size += 11 + 19 * cells.length;
  const out = Buffer.alloc(size);
  head.copy(out, 0);
  let at = head.length;
  const varint = (v: number) => {
    while (v >= 128) {
      out[at++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    out[at++] = v;
  };
  for (const [cells, steps] of file.moves) {
    if (cells.length !== steps.length) throw new Error('internal: a move has as many steps as cells.');
    varint(cells.length);
    let whole = true;
    for (let q = 0; q < steps.length && whole; q++) if (!Number.isInteger(steps[q]) || Math.abs(steps[q]) > 2 ** 40) whole = false;
    out[at++] = whole ? 0 : 1;
    for (let q = 0; q < cells.length; q++) varint(q === 0 ? cells[0] : cells[q] - cells[q - 1]);
    for (let q = 0; q < steps.length; q++) {
      const d = steps[q];
      if (whole) varint(d >= 0 ? 2 * d : -2 * d - 1);
      else at = out.writeDoubleLE(d, at);
    }
  }
  return out.subarray(0, at);
}

/**
 * Reads the bytes {@link encodeAuditProofFile} writes. Throws (an Error) when they are not such a file
 * (no header line, a move cut off, a cell number out of range, bytes left over); the caller then treats
 * the file as unreadable. The moves are not checked against any model here.
 * @example decodeAuditProofFile(encodeAuditProofFile({ header: { format: 'f', version: 2, private: true, notice: '', model: 'h', pinned: [] }, moves: [] })).header.model // 'h'
 */
export function decodeAuditProofFile(bytes: Uint8Array): AuditProofFile {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nl = buf.indexOf(10);
  if (nl < 0) throw new Error('no header line');
  const header = JSON.parse(buf.toString('utf8', 0, nl)) as AuditProofHeader;
  if (typeof header !== 'object' || header === null || !Number.isInteger(header.moves) || header.moves! < 0) throw new Error('not a proofs header');
  const end = buf.length;
  let at = nl + 1;
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      if (at >= end || scale > 2 ** 49) throw new Error('a number is cut off');
      const b = buf[at++];
      v += (b & 127) * scale;
      if (b < 128) return v;
      scale *= 128;
    }
  };
  // every move's cells and steps are read into two shared arrays (one per kind of number) and handed out as
  // views of them: thousands of moves, each with arrays of its own, cost as much in allocation as in reading
  // (each entry takes at least two bytes of the file: the arrays never need to be larger than half of it)
  const capacity = Math.max(1, (end - at) >> 1);
  const allCells = new Int32Array(capacity);
  const allSteps = new Float64Array(capacity);
  const starts = new Int32Array(header.moves! + 1);
  let e = 0;
  for (let m = 0; m < header.moves!; m++) {
    const n = varint();
    if (n < 1 || at + n > end) throw new Error('a move is cut off');
    const kind = buf[at++];
    if (kind !== 0 && kind !== 1) throw new Error('a move of an unknown kind');
    if (e + n > capacity) throw new Error('a move is cut off');
    // (a number below 128 is one byte: read here, the longer ones by varint())
    let c = 0;
    for (let q = 0; q < n; q++) {
      const b = at < end ? buf[at] : 128;
      const gap = b < 128 ? (at++, b) : varint();
      c = q === 0 ? gap : c + gap;
      if (c > 0x7fffffff) throw new Error('a cell number out of range');
      allCells[e + q] = c;
    }
    if (kind === 0) {
      for (let q = 0; q < n; q++) {
        const b = at < end ? buf[at] : 128;
        const z = b < 128 ? (at++, b) : varint();
        allSteps[e + q] = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
    } else {
      if (at + 8 * n > end) throw new Error('a move is cut off');
      for (let q = 0; q < n; q++, at += 8) allSteps[e + q] = buf.readDoubleLE(at);
    }
    e += n;
    starts[m + 1] = e;
  }
  if (at !== end) throw new Error('bytes after the last move');
  const moves: Array<[Int32Array, Float64Array]> = new Array(header.moves!);
  for (let m = 0; m < header.moves!; m++) moves[m] = [allCells.subarray(starts[m], starts[m + 1]), allSteps.subarray(starts[m], starts[m + 1])];
  return { header, moves };
}

/**
 * The proof store of one run: the moves of the cache file that matches the model, the moves this run's
 * LPs add, the check of a move against the statuses of the moment, and the file written at the end.
 * Without a folder (`dir` null) it keeps the moves in memory only (the proofs of one run).
 */
export class AuditProofs {
  private moves: Move[] = [];
  private seen = new Set<string>();
  /**
   * The moves of each cell, in id order (see {@link movesOf}): the moves known when the model was attached
   * in one index (cell c's are indexIds[indexStart[c] … indexStart[c + 1]]), the moves added since in
   * lists per cell (undefined: none).
   */
  private indexStart = new Int32Array(1);
  private indexIds = new Int32Array(0);
  private addedByCell: Array<number[] | undefined> = [];
  /** Set while {@link attach} binds a model (and reads its file): the moves are indexed all at once afterwards. */
  private bulk = false;
  /** The relations of each cell (CSR: cell c's are cellRel[cellStart[c] … cellStart[c + 1]) with coefficients cellCoef). */
  private cellStart = new Int32Array(0);
  private cellRel = new Int32Array(0);
  private cellCoef = new Float64Array(0);
  /** Each relation's value on the true table. */
  private relValue = new Float64Array(0);
  /** Scratch per relation (a move's change of it, the relations a move touches) and the check of each move under the statuses of `memoKey`. */
  private relSum = new Float64Array(0);
  private relMark = new Uint8Array(0);
  private touched = new Int32Array(0);
  /** Scratch of {@link ranges}: per cell the call that reached it / asked for it, its range, bit 1/2: lower/upper end whole. */
  private rangeStamp = new Int32Array(0);
  private targetStamp = new Int32Array(0);
  private rangeLo = new Float64Array(0);
  private rangeHi = new Float64Array(0);
  private rangeInt = new Uint8Array(0);
  private moveStamp = new Int32Array(0);
  private generation = 0;
  /** Scratch: a cell's bounds, and the steps [k₋, k₊] being narrowed. */
  private bounds = new Float64Array(2);
  private kRange = new Float64Array(2);
  private memo = new Map<number, [number, number] | null>();
  private memoKey = '';
  private model: AuditModelView | null = null;
  /** Per hidden zero: the dual multipliers of the relations that pin it to 0 (see {@link pinned}). */
  private certificates = new Map<number, { rels: number[]; y: number[] }>();
  private hash = '';
  readonly stats: AuditProofStats = { loaded: 0, stale: false, rejected: 0, proved: 0, added: 0, saved: 0, pinned: 0 };

  /** `dir`: the private cache folder (see the module comment), or null for none. */
  constructor(readonly dir: string | null) {}

  /** The file of this model's proofs (after {@link attach}). */
  get file(): string | null {
    return this.dir && this.hash ? join(this.dir, `audit-proofs-${this.hash.slice(0, 16)}.bin`) : null;
  }

  /** Binds the store to the model being audited and reads the cache file of that model, if any. */
  attach(model: AuditModelView, threshold: number): void {
    // the moves kept or read while binding are indexed all at once afterwards
    this.bulk = true;
    try {
      this.bind(model, threshold);
    } finally {
      this.bulk = false;
      this.indexMoves(model.keys.length);
    }
  }

  /** {@link attach} but the index of the moves: the model's hash, its relations by cell, and the cache file. */
  private bind(model: AuditModelView, threshold: number): void {
    const hash = auditModelHash(model, threshold);
    if (this.model !== null && hash !== this.hash) {
      // another model (the fallback protects the set again with tables combined or left out): the
      // certificates and choices of the model before name its relation numbers, not this one's; its moves
      // are carried over by the cells' keys (a move naming a cell the new model lacks is dropped). A move
      // proves nothing by itself: each is checked against the new model's relations and statuses before
      // it counts, so a carried move that no longer holds is rejected like any other — and the fallback's
      // next round finds most of its cells proved without an LP (a region's period report: round 2 of the
      // fallback solved as many LPs as round 1 before)
      const old = this.model.keys;
      const at = new Map<string, number>();
      model.keys.forEach((k, i) => at.set(k, i));
      const carried = this.moves;
      this.moves = [];
      this.seen.clear();
      for (const m of carried) {
        const cells = new Int32Array(m.cells.length);
        let ok = true;
        for (let q = 0; q < m.cells.length && ok; q++) {
          const i = at.get(old[m.cells[q]]);
          if (i === undefined) ok = false;
          else cells[q] = i;
        }
        if (ok) this.push(cells, Float64Array.from(m.d));
      }
      this.certificates.clear();
      this.kept = null;
      this.pinnedAdded = 0;
      Object.assign(this.stats, { loaded: 0, stale: false, rejected: 0, proved: 0, added: 0, saved: 0, pinned: 0 });
    }
    this.model = model;
    this.hash = hash;
    this.memo.clear();
    this.memoKey = '';
    const n = model.keys.length;
    const nr = model.relations.length;
    this.relValue = new Float64Array(nr);
    this.relSum = new Float64Array(nr);
    this.relMark = new Uint8Array(nr);
    this.touched = new Int32Array(nr);
    const count = new Int32Array(n + 1);
    model.relations.forEach((r, k) => {
      let s = 0;
      for (let q = 0; q < r.vars.length; q++) {
        count[r.vars[q] + 1]++;
        s += r.coefs[q] * model.values[r.vars[q]];
      }
      this.relValue[k] = s;
    });
    for (let c = 0; c < n; c++) count[c + 1] += count[c];
    this.cellStart = Int32Array.from(count);
    this.cellRel = new Int32Array(count[n]);
    this.cellCoef = new Float64Array(count[n]);
    const fill = Int32Array.from(count);
    model.relations.forEach((r, k) => {
      for (let q = 0; q < r.vars.length; q++) {
        const at = fill[r.vars[q]]++;
        this.cellRel[at] = k;
        this.cellCoef[at] = r.coefs[q];
      }
    });
    this.readFile(n, nr);
  }

  /** Reads the cache file of the attached model, if any (moves and certificates); `n` cells, `nr` relations. */
  private readFile(n: number, nr: number): void {
    const file = this.file;
    if (!file || !existsSync(file)) return;
    let raw: AuditProofFile;
    try {
      raw = decodeAuditProofFile(readFileSync(file));
    } catch {
      this.stats.stale = true;
      return;
    }
    if (raw.header.format !== FORMAT || raw.header.version !== FILE_VERSION || raw.header.model !== this.hash) {
      this.stats.stale = true;
      return;
    }
    for (const [cells, steps] of raw.moves) {
      // cells ascending, within the model (a move that does not check out is dropped, as a tampered one)
      let ok = cells.length > 0 && cells.length === steps.length && cells[0] >= 0 && cells[cells.length - 1] < n;
      for (let q = 1; q < cells.length && ok; q++) if (cells[q] <= cells[q - 1]) ok = false;
      for (let q = 0; q < steps.length && ok; q++) if (!Number.isFinite(steps[q])) ok = false;
      if (ok && this.push(cells, steps)) this.stats.loaded++;
    }
    for (const c of Array.isArray(raw.header.pinned) ? raw.header.pinned : []) {
      if (!Array.isArray(c) || c.length !== 3 || !Number.isInteger(c[0]) || c[0] < 0 || c[0] >= n || !Array.isArray(c[1]) || !Array.isArray(c[2]) || c[1].length !== c[2].length) continue;
      if (!c[1].every((k: unknown) => Number.isInteger(k) && (k as number) >= 0 && (k as number) < nr) || !c[2].every((y: unknown) => typeof y === 'number' && Number.isFinite(y))) continue;
      this.certificates.set(c[0], { rels: c[1], y: c[2] });
    }
  }

  /** Indexes every move by its cells (in id order); moves added later go to the lists of {@link addedByCell}. */
  private indexMoves(n: number): void {
    const start = new Int32Array(n + 1);
    for (const m of this.moves) for (let q = 0; q < m.cells.length; q++) start[m.cells[q] + 1]++;
    for (let c = 0; c < n; c++) start[c + 1] += start[c];
    const ids = new Int32Array(start[n]);
    const fill = start.slice(0, n);
    for (let id = 0; id < this.moves.length; id++) {
      const cells = this.moves[id].cells;
      for (let q = 0; q < cells.length; q++) ids[fill[cells[q]]++] = id;
    }
    this.indexStart = start;
    this.indexIds = ids;
    this.addedByCell = new Array<number[] | undefined>(n);
  }

  /** The moves of cell `c`, in id order. */
  private movesOf(c: number): ArrayLike<number> {
    const from = c + 1 < this.indexStart.length ? this.indexStart[c] : 0;
    const to = c + 1 < this.indexStart.length ? this.indexStart[c + 1] : 0;
    const added = this.addedByCell[c];
    if (!added) return this.indexIds.subarray(from, to);
    return from === to ? added : [...this.indexIds.subarray(from, to), ...added];
  }

  /** Keeps the certificate that `cell` (a hidden zero) is pinned to 0: multipliers `y` of relations `rels`. */
  addPinned(cell: number, rels: number[], y: number[]): void {
    if (!this.model) return;
    this.certificates.set(cell, { rels: [...rels], y: [...y] });
    this.pinnedAdded++;
  }
  private pinnedAdded = 0;

  /**
   * Whether a stored certificate shows that hidden cell `c` cannot exceed 0 under the statuses of `p`
   * (weak duality, checked in linear time): for multipliers y of relations lo ≤ a·x ≤ hi,
   * x_c = r·x + Σ y_k a_k·x with r = e_c − Σ y_k a_k, so x_c ≤ Σ max(r_j L_j, r_j U_j) + Σ max(y_k lo_k, y_k hi_k)
   * over the current ranges [L_j, U_j] of the cells (a printed cell: its value). Any y gives a valid
   * bound; a wrong or stale one only gives a bound above 0, and the cell is then audited by LP.
   */
  pinned(p: BoundsProblem, c: number): boolean {
    const cert = this.certificates.get(c);
    if (!cert || !this.model || p.status[c] === 'shown') return false;
    const { bound } = dualBound({ ...p, relations: this.model.relations }, c, 1, cert.rels, cert.y);
    if (Number.isFinite(bound) && bound <= 1e-6) {
      this.stats.pinned++;
      return true;
    }
    return false;
  }

  /** Adds a move (cells and deviations from the true values; zero entries are dropped). */
  add(cells: ArrayLike<number>, d: ArrayLike<number>): void {
    if (!this.model) return;
    const c: number[] = [];
    const x: number[] = [];
    for (let q = 0; q < cells.length; q++) {
      if (Math.abs(d[q]) <= 1e-7) continue;
      c.push(cells[q]);
      x.push(d[q]);
    }
    if (c.length && this.push(Int32Array.from(c), Float64Array.from(x))) this.stats.added++;
  }

  /** Scales a move to its smallest whole steps (or its largest entry to ±1) and keeps it unless already known. */
  private push(cells: Int32Array, d: Float64Array): boolean {
    const n = cells.length;
    if (n === 0) return false;
    let whole = true;
    for (let q = 0; q < n; q++) if (Math.abs(d[q] - Math.round(d[q])) > 1e-7) whole = false;
    if (whole) {
      let g = 0;
      // (a greatest common divisor of 1 stays 1: most moves, among them every move read from a file, are scaled already)
      for (let q = 0; q < n && g !== 1; q++) g = gcd(g, Math.abs(Math.round(d[q])));
      if (g === 0) return false;
      for (let q = 0; q < n; q++) d[q] = Math.round(d[q]) / g;
    } else {
      let big = 0;
      for (let q = 0; q < n; q++) big = Math.max(big, Math.abs(d[q]));
      for (let q = 0; q < n; q++) d[q] = Number((d[q] / big).toPrecision(12));
    }
    let sorted = true;
    for (let q = 1; q < n; q++) if (cells[q] <= cells[q - 1]) sorted = false;
    let cs = cells;
    let ds = d;
    if (!sorted) {
      const order = Array.from(cells.keys()).sort((a, b) => cells[a] - cells[b]);
      cs = Int32Array.from(order, (q) => cells[q]);
      ds = Float64Array.from(order, (q) => d[q]);
      for (let q = 1; q < n; q++) if (cs[q] === cs[q - 1]) return false; // a cell twice: not a move
    }
    // identical moves are kept once (FNV-1a over cells and steps; a collision only drops a duplicate proof)
    let h = 0x811c9dc5 ^ n;
    for (let q = 0; q < n; q++) {
      h = Math.imul(h ^ cs[q], 0x01000193);
      h = Math.imul(h ^ ((ds[q] * 1024) | 0), 0x01000193);
    }
    const sig = `${h >>> 0}:${n}:${cs[0]}:${cs[n - 1]}`;
    if (this.seen.has(sig)) return false;
    this.seen.add(sig);
    const id = this.moves.length;
    this.moves.push({ cells: cs, d: ds, whole });
    if (!this.bulk) {
      for (let q = 0; q < n; q++) {
        const l = this.addedByCell[cs[q]];
        if (l) l.push(id);
        else this.addedByCell[cs[q]] = [id];
      }
    }
    return true;
  }

  /**
   * The interval [k₋, k₊] of steps along a move that keep the table feasible under the statuses of `p`
   * (whole steps for a whole move), or null when the move does not hold (it changes a printed cell,
   * or the true table is not inside it).
   */
  private steps(p: BoundsProblem, id: number): [number, number] | null {
    const known = this.memo.get(id);
    if (known !== undefined) return known;
    const out = this.check(p, this.moves[id]);
    this.memo.set(id, out);
    return out;
  }

  /** Forgets the checks of moves when the statuses differ from those they were made under. */
  private under(p: Pick<AuditProblem, 'status' | 't' | 'zeroLo'>): void {
    let h = 0x811c9dc5;
    const n = p.status.length;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ p.status[i].length, 0x01000193);
    const key = `${h >>> 0}|${n}|${p.t}|${p.zeroLo}`;
    if (key !== this.memoKey) {
      this.memo.clear();
      this.memoKey = key;
    }
  }

  /** Linear in the cells of the move and the relations they are in; allocates only the result. */
  private check(p: BoundsProblem, m: Move): [number, number] | null {
    const { relSum, relMark, touched, bounds, kRange, cellStart, cellRel, cellCoef } = this;
    kRange[0] = -Infinity;
    kRange[1] = Infinity;
    let nt = 0;
    for (let q = 0; q < m.cells.length; q++) {
      const v = m.cells[q];
      if (p.status[v] === 'shown') {
        for (let i = 0; i < nt; i++) (relSum[touched[i]] = 0), (relMark[touched[i]] = 0);
        return null;
      }
      hiddenCellBoundsInto(p, v, bounds);
      const x = p.values[v];
      const dv = m.d[q];
      narrowStep(kRange, bounds[0] - x, bounds[1] - x, dv);
      for (let at = cellStart[v]; at < cellStart[v + 1]; at++) {
        const k = cellRel[at];
        if (!relMark[k]) (relMark[k] = 1), (touched[nt++] = k);
        relSum[k] += cellCoef[at] * dv;
      }
    }
    const relations = this.model!.relations;
    for (let i = 0; i < nt; i++) {
      const k = touched[i];
      const s = relSum[k];
      relSum[k] = 0;
      relMark[k] = 0;
      if (Math.abs(s) < 1e-12) continue;
      const r = relations[k];
      narrowStep(kRange, r.lo - this.relValue[k], r.hi - this.relValue[k], s);
    }
    let kmin = kRange[0];
    let kmax = kRange[1];
    if (m.whole) {
      kmin = Math.ceil(kmin - TOL);
      kmax = Math.floor(kmax + TOL);
    }
    if (!(kmin <= TOL && kmax >= -TOL) || !Number.isFinite(kmin) || !Number.isFinite(kmax)) return null;
    if (kmin > -TOL && kmax < TOL) return null;
    return [Math.min(kmin, 0), Math.max(kmax, 0)];
  }

  /**
   * The ranges the stored moves prove for `targets` under the statuses of `p`: per target reached by
   * at least one move that holds, its smallest and largest value (the true value included) and whether
   * both ends were reached by whole moves. Moves that do not hold are counted in `stats.rejected`.
   */
  ranges(p: BoundsProblem, targets: Iterable<number>, countRejected = true): Map<number, { lo: number; hi: number; integer: boolean }> {
    const out = new Map<number, { lo: number; hi: number; integer: boolean }>();
    if (!this.model) return out;
    this.under(p);
    // per target: reached by a move (stamp of this call), its range so far, whether each end was reached
    // by a whole move; scratch kept across calls (the audit asks for a few hundred cells at a time)
    const n = this.model.keys.length;
    if (this.rangeStamp.length !== n) {
      this.rangeStamp = new Int32Array(n);
      this.targetStamp = new Int32Array(n);
      this.rangeLo = new Float64Array(n);
      this.rangeHi = new Float64Array(n);
      this.rangeInt = new Uint8Array(n);
    }
    if (this.moveStamp.length < this.moves.length) this.moveStamp = new Int32Array(Math.max(this.moves.length, 2 * this.moveStamp.length));
    const g = ++this.generation;
    const { rangeStamp: reached, targetStamp: isTarget, rangeLo: lo, rangeHi: hi, rangeInt: int, moveStamp: checked } = this;
    const list = [...targets];
    for (const c of list) isTarget[c] = g;
    for (const c of list) {
      const ofCell = this.movesOf(c);
      for (let j = 0; j < ofCell.length; j++) {
        const id = ofCell[j];
        if (checked[id] === g) continue;
        checked[id] = g;
        const m = this.moves[id];
        const k = this.steps(p, id);
        if (!k) {
          if (countRejected) this.stats.rejected++;
          continue;
        }
        const whole = m.whole ? 1 : 0;
        for (let q = 0; q < m.cells.length; q++) {
          const v = m.cells[q];
          if (isTarget[v] !== g) continue;
          const x = p.values[v];
          const a = x + k[0] * m.d[q];
          const b = x + k[1] * m.d[q];
          if (reached[v] !== g) {
            reached[v] = g;
            lo[v] = hi[v] = x;
            int[v] = 3;
          }
          const l = Math.min(a, b);
          const h = Math.max(a, b);
          if (l < lo[v] - TOL) (lo[v] = l), (int[v] = whole ? int[v] | 1 : int[v] & 2);
          if (h > hi[v] + TOL) (hi[v] = h), (int[v] = whole ? int[v] | 2 : int[v] & 1);
        }
      }
    }
    for (const c of list) if (reached[c] === g) out.set(c, { lo: lo[c], hi: hi[c], integer: int[c] === 3 });
    return out;
  }

  /**
   * The hidden cells of `cells` whose requirement the moves do not meet under the statuses of `p` (e.g.
   * cells proved in an earlier round of the audit by an LP whose solution proves nothing any more under
   * the final statuses): the caller audits them once more, so that the next run finds their moves.
   */
  unproved(p: BoundsProblem & { floor?: number }, cells: Iterable<number>): number[] {
    const targets = [...cells].filter((c) => requirementOf(p, c) !== null);
    if (!this.model) return targets;
    this.under(p);
    const known = this.ranges(p, targets, false);
    const floor = p.floor ?? 1;
    return targets.filter((c) => {
      const r = known.get(c);
      if (!r) return true;
      return !requirementMet(requirementOf(p, c)!, r.lo, r.hi, p.t, floor, TOL);
    });
  }

  /** Counts cells proved by moves (called by the audit). */
  noteProved(count: number): void {
    this.stats.proved += count;
  }

  private kept: number[] | null = null;
  /** The final statuses given to {@link settle}, until {@link finishSettling} chooses the moves under them. */
  private pending: { p: BoundsProblem & { floor?: number }; cells: number[] } | null = null;

  /**
   * Records the final statuses (a copy of `p`'s arrays, and `cells`): the moves worth keeping under them are
   * chosen by {@link finishSettling}, which {@link save} calls when it has not run yet — so a caller can choose
   * them while it waits for other work (the report command: while the charts render on the helper thread).
   * A later `settle` (another protection of the set) replaces the statuses recorded.
   */
  settle(p: BoundsProblem & { floor?: number }, cells: Iterable<number>): void {
    if (!this.model) return;
    const copy = <T>(x: ArrayLike<T> | undefined): T[] | undefined => (x === undefined ? undefined : Array.from(x));
    const statuses = { ...p, values: Array.from(p.values), status: Array.from(p.status), unprinted: copy(p.unprinted), atLeast: copy(p.atLeast), earlierX: copy(p.earlierX) };
    this.pending = { p: statuses, cells: [...cells] };
    this.kept = null;
  }

  /**
   * Chooses the moves worth keeping under the statuses recorded by {@link settle}: moves that hold under them,
   * smallest first, each kept when it widens the range of a hidden cell of its `cells` whose requirement is not
   * met yet — every cell the moves prove stays proved, with fewer and smaller moves. {@link save} writes them.
   * Does nothing when there is nothing recorded (or it ran already).
   */
  finishSettling(): void {
    const pending = this.pending;
    this.pending = null;
    if (!pending || !this.model) return;
    const { p, cells } = pending;
    const n = this.model.keys.length;
    this.under(p);
    const t = p.t;
    const floor = p.floor ?? 1;
    // per cell still to prove: its range so far (the true value); moves smallest first, a move kept
    // when it widens the range of a cell whose requirement is not met yet
    const lo = new Float64Array(n);
    const hi = new Float64Array(n);
    // per cell: 0 nothing to prove, else its requirement (REQUIREMENTS[open − 1])
    const open = new Uint8Array(n);
    const ids: number[] = [];
    const listed = new Uint8Array(this.moves.length);
    for (const c of cells) {
      const req = requirementOf(p, c);
      if (req === null) continue;
      open[c] = REQUIREMENTS.indexOf(req) + 1;
      lo[c] = hi[c] = p.values[c];
      const ofCell = this.movesOf(c);
      for (let j = 0; j < ofCell.length; j++) {
        const id = ofCell[j];
        if (!listed[id]) (listed[id] = 1), ids.push(id);
      }
    }
    const met = (c: number) => requirementMet(REQUIREMENTS[open[c] - 1], lo[c], hi[c], t, floor, TOL);
    const order = ids.sort((a, b) => this.moves[a].cells.length - this.moves[b].cells.length || a - b);
    const keep: number[] = [];
    for (const id of order) {
      const m = this.moves[id];
      let useful = false;
      for (let q = 0; q < m.cells.length && !useful; q++) if (open[m.cells[q]] && !met(m.cells[q])) useful = true;
      if (!useful) continue;
      const k = this.steps(p, id);
      if (!k) continue;
      let widened = false;
      for (let q = 0; q < m.cells.length; q++) {
        const c = m.cells[q];
        if (!open[c]) continue;
        const a = p.values[c] + k[0] * m.d[q];
        const b = p.values[c] + k[1] * m.d[q];
        const was = met(c);
        if (Math.min(a, b) < lo[c] - TOL) (lo[c] = Math.min(a, b)), (widened ||= !was);
        if (Math.max(a, b) > hi[c] + TOL) (hi[c] = Math.max(a, b)), (widened ||= !was);
      }
      if (widened) keep.push(id);
    }
    this.kept = keep.sort((a, b) => a - b);
  }

  /**
   * Writes the moves chosen under the statuses of {@link settle} to the private cache file (mode 600, folder
   * created); returns the file, or null without a folder or before `settle`.
   */
  save(): string | null {
    this.finishSettling();
    const file = this.file;
    if (!file || !this.kept) return null;
    // nothing new and every move read still needed: the file is up to date
    if (existsSync(file) && this.stats.added === 0 && this.pinnedAdded === 0 && this.kept.length === this.stats.loaded && this.kept.every((id, q) => id === q)) {
      this.stats.saved = this.kept.length;
      return file;
    }
    const moves = this.kept.map((id): [Int32Array, Float64Array] => [this.moves[id].cells, this.moves[id].d]);
    const header: AuditProofHeader = {
      format: FORMAT,
      version: FILE_VERSION,
      private: true,
      notice: 'PRIVATE — derived from the unpublished registration data; keep with the office records, never publish. Safe to delete (the next report run audits from scratch).',
      model: this.hash,
      pinned: [...this.certificates].sort((a, b) => a[0] - b[0]).map(([c, { rels, y }]) => [c, rels, y]),
    };
    ensureDir(this.dir!);
    writeFileAtomic(file, encodeAuditProofFile({ header, moves }), 0o600);
    this.stats.saved = moves.length;
    return file;
  }
}

/** Narrows the steps k (k[0] … k[1]) to those that keep lo ≤ k·slope ≤ hi as well (slope ≠ 0). */
function narrowStep(k: Float64Array, lo: number, hi: number, slope: number): void {
  const a = lo / slope;
  const b = hi / slope;
  if (slope > 0) {
    k[0] = Math.max(k[0], a);
    k[1] = Math.min(k[1], b);
  } else {
    k[0] = Math.max(k[0], b);
    k[1] = Math.min(k[1], a);
  }
}
