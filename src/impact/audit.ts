/**
 * The attacker's audit of a publication set (docs/disclosure.md): for every hidden cell, the smallest
 * and largest value consistent with everything published — every shown count, every relation of the
 * publication model (sums, sums across scopes, subsets) and the meaning of the marks — found by
 * linear programming with HiGHS (the `highs` npm package: HiGHS compiled to WebAssembly, loaded
 * lazily on first use, in ES modules and in CommonJS alike).
 *
 * Label semantics (what a reader may assume):
 * - "<t" (primary): 1 … t − 1, or 0 … t − 1 when the publication set hides zeros;
 * - "x" (secondary): a count of at least t (secondary cells are chosen among counts ≥ t, and the
 *   attacker is assumed to know that rule, the stronger assumption);
 * - a residual (a breakdown that does not add up, never printed): any count ≥ 0.
 *
 * Protected means: a primary cell can be every value from 1 to t − 1 (and 0 as well when it is a hidden
 * zero: the true value is always feasible, so a hidden zero's range always reaches 0); a secondary
 * cell's range is at least t wide. Where zeros are hidden ("<t" = 0 … t − 1) a reader may still learn
 * that a non-zero "<t" is at least 1 — no more than a publication that prints its zeros tells, and
 * unavoidable beside an "x" (≥ t) made of small parts — but never which of 1 … t − 1 it is, and never
 * that a hidden zero is 0. The audit solves the LP relaxation: real
 * bounds enclose the integer bounds, so the range found may be wider than the integer attacker's. To
 * close that gap for the tables built here, every witness solution is checked for integrality and
 * `integerWitnesses` counts the protected cells whose requirement was met by all-integer solutions
 * (these are protected against the integer attacker too); the independent test attacker (an integer
 * program in tests/impact) checks the rest.
 *
 * Speed: the hidden cells fall apart into connected components (cells linked through relations with
 * at least two hidden cells); each component is one HiGHS model, reused for all its LPs (only the
 * objective changes, the simplex warm-starts from the previous basis). Many cells are proved with few
 * LPs, since every LP solution is a feasible table and widens every cell's range at once: the true
 * values are a first feasible point; then "push all unproved cells up" (maximise their sum) and "push
 * them down" LPs; then mixed-direction LPs (each unproved cell pulled the way it still needs, random
 * signs for cells that need both, so that a + b = shown proves a up and b down together); only the
 * cells left get an LP of their own, whose objective is dominated by that cell but also pulls the other
 * unproved cells the way they need (on the national sample this halves the audit time against
 * one-cell objectives); a cell that does not reach its requirement then gets the pure one-cell LP
 * (its exact real bound). Variables of hidden cells are capped at true value + 3t: an extra
 * constraint only shrinks the feasible set, so a range proved under the cap holds without it.
 */
import { StatsError } from '../stats/result.js';
import type { LinearRelation } from './publication.js';
import type { AuditProofs } from './audit-cache.js';

export type AuditStatus = 'shown' | 'primary' | 'secondary' | 'residual';

export interface AuditInput {
  /** True value of every cell. */
  values: ArrayLike<number>;
  /** What a reader sees of every cell (`residual`: never printed, unknown ≥ 0). */
  status: ArrayLike<AuditStatus>;
  relations: ReadonlyArray<LinearRelation>;
  threshold: number;
  /** "<t" means 0 … t − 1 (zeros are hidden too). */
  zeroHidden: boolean;
  /** Audit only these hidden cells (default: every hidden printed cell). */
  only?: Iterable<number>;
  /** Group of each cell for the local LPs (e.g. one number per scope and year); default one group. */
  group?: ArrayLike<number>;
  /**
   * With `zeroHidden`: a primary cell is protected only when 0 is feasible too (its whole label range
   * 0 … t − 1), not only 1 … t − 1 (default false; see the module comment).
   */
  fullZeroRange?: boolean;
  /** Skip the global stage: cells not proved by their local LP are reported failing (conservative). */
  localOnly?: boolean;
  /**
   * The local LPs: at most `cells` free cells, a chunk of `targets` cells of one group and the hidden cells up to
   * `hops` relations around it (default 400, 200, 2); its own groups (`group`, default `AuditInput.group`, which
   * still orders the cells returned). A period set's chain of windows needs more hops: a period's
   * cell is tied to the same measure of the years and periods around it through windows (two relations each).
   */
  local?: { cells: number; targets: number; hops: number; group?: ArrayLike<number> };
  /**
   * Sizes (free cells) of the growing neighbourhoods tried between the local LPs and the whole component, for
   * cells of components larger than the size (default [3000, 15000]; [] goes from the local LPs to the
   * components at once).
   */
  neighbourhoods?: ReadonlyArray<number>;
  /**
   * Primary cells no publication prints (e.g. the difference of two printed periods): the reader knows
   * only that they are counts ≥ 0 (no "<t" label bounds them), yet each must stay anywhere in its range
   * like a printed small count.
   */
  unprinted?: ArrayLike<boolean | number>;
  /**
   * Proofs kept across runs (audit-cache.ts): cells their moves prove under the current statuses are
   * not audited by LP; the LPs' solutions are added to them as new moves.
   */
  proofs?: AuditProofs;
  /**
   * What a reader knows of a residual cell beyond ≥ 0: a cell an earlier file printed as "x" and that is
   * left out (".") since is still known to be at least t from that file (`atLeast[cell] = t`; 0 = nothing).
   * Its bounds become min(atLeast, value) … (the true value stays feasible when the data changed).
   */
  atLeast?: ArrayLike<number>;
  /**
   * Residual cells whose earlier "x" the reader still holds (a count an annual report printed as "x" and
   * that this run leaves out or does not print — 1): audited like an "x" of this run, their range at least
   * t wide, since that file's "x" is still read beside everything printed now ({@link requirementOf}).
   */
  earlierX?: ArrayLike<boolean | number>;
  /**
   * The whole-component stage on large components (at least `min` hidden cells; default 1,000 cells, 100 cells, 2
   * hops, 200 rounds), by column generation: each target gets one-cell LPs over its own neighbourhood (the hidden
   * cells up to `hops` relations around it, at most `cells`; every other cell at its true value); while the LP
   * fails and its dual bound over the whole set ({@link dualBound}) is looser than its optimum, the hidden cells
   * outside that the bound leans on (a non-zero reduced cost) join the neighbourhood and the LP is solved again, at
   * most `rounds` times. A cell is found failing only when the dual bound is tight, so the verdicts are the whole
   * component's; a cell it leaves gets the whole component's LPs. `{ min: Infinity, … }` turns it off.
   * A component with at least `batchTargets` targets (default 50) and at most `batchCells` hidden cells (default
   * 10,000: on larger ones each batch LP costs more than the models it saves) first gets the whole component's
   * batch LPs (each pushes every open target its way at once, then mixed directions), which prove most protected
   * targets in a few LPs; column generation then takes the targets left (most of them failing: their exact
   * bounds). Only the number of LPs changes, never a verdict or a bound.
   */
  columnGeneration?: { min: number; cells: number; hops: number; rounds: number; batchTargets?: number; batchCells?: number };
  /**
   * Cells an earlier audit of the same set found not protected (the repair's retries): most fail again,
   * so their exact LP is solved at once rather than after an LP that pulls other cells too. Only the
   * number of LPs changes, never a verdict.
   */
  failedBefore?: ArrayLike<boolean | number>;
  /**
   * How far the audit is, for a status line ({@link AuditProgress}: counts only, never a value): called when a
   * stage starts, at the end (`done`), and in between at most once per `progressInterval` ms of wall time, also
   * between the LPs of one long model (the whole-component stage). It costs one clock read per LP; the verdicts
   * are the same with or without it.
   */
  onProgress?: (p: AuditProgress) => void;
  /** Least wall time between two calls of `onProgress` within a stage, in ms (default 250). */
  progressInterval?: number;
}

/**
 * How far an audit is ({@link AuditInput.onProgress}). Counts only: no value of a cell, no key.
 * `settled` never decreases within one audit and equals `total` on the last call (`done`).
 */
export interface AuditProgress {
  /** The stage running: the local LPs, the growing neighbourhoods, the whole components (module comment). */
  stage: 'local' | 'neighbourhood' | 'component';
  /** Hidden cells settled so far: proved protected, or found failing on an exact bound. */
  settled: number;
  /** Hidden cells this audit settles (those stored proofs did not prove before the first LP). */
  total: number;
  /** LPs solved so far by this audit. */
  lps: number;
  /** Wall time since the audit started, in ms. */
  ms: number;
  /** The audit has finished (its last call). */
  done: boolean;
}

export interface CellAudit {
  cell: number;
  status: Requirement;
  /** Smallest and largest value found feasible (equal to the LP bounds when `exact`). */
  lo: number;
  hi: number;
  protected: boolean;
  /** The range was computed by LPs on this cell alone (so `lo`/`hi` are its real LP bounds). */
  exact: boolean;
  /** The requirement was met by all-integer solutions (protected against an integer attacker too). */
  integerWitness: boolean;
  /**
   * For a cell not protected, whose exact bound was found on its whole component: what that bound rests on
   * (the LP's dual), per direction that fails — see {@link BoundCertificate}.
   */
  bound?: { up?: BoundCertificate; down?: BoundCertificate };
}

/**
 * What an exact LP bound of a hidden cell rests on: the relations with a non-zero dual multiplier and the
 * hidden cells whose own bounds (label ranges) have a non-zero reduced cost. By weak duality the bound
 * holds as long as these relations keep their printed members and these cells their ranges: hiding a
 * printed count that lies on none of these relations cannot loosen it (its column enters with reduced cost
 * 0). The repair uses it to tell which printed counts can still widen a failing cell, and that none can.
 */
export interface BoundCertificate {
  relations: number[];
  cells: number[];
}

export interface AuditResult {
  cells: CellAudit[];
  /** Hidden cells not proved protected. */
  failing: number[];
  components: number;
  largestComponent: number;
  lps: number;
  /** LPs per stage: local, growing neighbourhoods, whole components. */
  stageLps: [number, number, number];
  /** Cells left to LPs on their whole component (not settled by the local or the neighbourhood LPs). */
  componentCells: number;
  /** Of those, the cells that got LPs over the whole component at once (not settled by column generation, `AuditInput.columnGeneration`). */
  wholeComponentCells: number;
  ms: number;
}

export type HighsModule = {
  createModel(data: unknown): HighsModel;
  infinity: number;
  constants: { objectiveSense: { minimize: unknown; maximize: unknown }; modelStatus: { optimal: number } };
};
type HighsModel = {
  options: { set(v: Record<string, unknown>): unknown };
  run(): unknown;
  getModelStatus(): number;
  getSolution(): { colValue: Float64Array | number[]; rowDual?: Float64Array | number[]; colDual?: Float64Array | number[] };
  changeColsCost(sel: unknown, costs: Float64Array): unknown;
  changeObjectiveSense(s: unknown): unknown;
  addCols(data: { cost: Float64Array; lower: Float64Array; upper: Float64Array; matrix: unknown }): unknown;
  addRows(data: { lower: Float64Array; upper: Float64Array; matrix: unknown }): unknown;
  changeRowsBounds(sel: unknown, lower: Float64Array, upper: Float64Array): unknown;
  dispose(): void;
};

let highsPromise: Promise<HighsModule> | null = null;

/** Loads HiGHS (WebAssembly) once, on first use. */
export function loadHighs(): Promise<HighsModule> {
  if (!highsPromise) {
    highsPromise = import('highs').then(async (m) => {
      const loader = ((m as { default?: unknown }).default ?? m) as () => Promise<HighsModule>;
      return loader();
    });
  }
  return highsPromise;
}

const EPS = 1e-6;
/**
 * The lowest and highest value of each objective Σ c_j · x_j over a small LP given densely (column bounds,
 * rows lo ≤ Σ a_j · x_j ≤ hi; ±Infinity for none), one HiGHS model for all objectives; null for an objective
 * whose LP has no optimum. Used to see, before the audit, whether a reach window could be narrowed at all
 * (publication.ts `addReachWindowCells`).
 */
export function denseRanges(highs: HighsModule, lower: number[], upper: number[], rows: ReadonlyArray<{ coefs: number[]; lo: number; hi: number }>, objectives: ReadonlyArray<number[]>): Array<readonly [number, number] | null> {
  const n = lower.length;
  const inf = (v: number) => (v === Infinity ? highs.infinity : v === -Infinity ? -highs.infinity : v);
  const starts: number[] = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of rows) {
    r.coefs.forEach((c, j) => c !== 0 && (indices.push(j), values.push(c)));
    starts.push(indices.length);
  }
  const model = highs.createModel({
    numCols: n,
    numRows: rows.length,
    colCost: new Float64Array(n),
    colLower: Float64Array.from(lower, inf),
    colUpper: Float64Array.from(upper, inf),
    rowLower: Float64Array.from(rows, (r) => inf(r.lo)),
    rowUpper: Float64Array.from(rows, (r) => inf(r.hi)),
    matrix: { format: 'csr', numRows: rows.length, numCols: n, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
    const solve = (c: number[], maximize: boolean): number | null => {
      model.changeObjectiveSense(maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize);
      model.changeColsCost({ kind: 'range', from: 0, to: n - 1 }, Float64Array.from(c));
      model.run();
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return null;
      const x = model.getSolution().colValue;
      return c.reduce((s, cj, j) => s + cj * x[j], 0);
    };
    return objectives.map((c) => {
      const lo = solve(c, false);
      const hi = lo === null ? null : solve(c, true);
      return lo === null || hi === null ? null : ([lo, hi] as const);
    });
  } finally {
    model.dispose();
  }
}

/** A neighbourhood LP's optimum z is a cell's exact bound when the dual bound over the whole set is at most z + DUAL_TOL·max(1, |z|). */
const DUAL_TOL = 1e-6;
/** Hidden counts are capped at true value + CAP·t (an extra constraint: only shrinks the feasible set). */
export const AUDIT_CAP = Number(process.env.HS_AUDIT_CAP ?? 3);
const CAP = AUDIT_CAP;

class UnionFind {
  parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(a: number): number {
    let r = a;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[a] !== r) {
      const next = this.parent[a];
      this.parent[a] = r;
      a = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[ra] = rb;
  }
}

/** The connected components of the hidden cells (cells linked by a relation with ≥ 2 hidden cells). */
export function hiddenComponents(n: number, status: ArrayLike<AuditStatus>, relations: ReadonlyArray<LinearRelation>): { componentOf: Int32Array; members: Map<number, number[]> } {
  const uf = new UnionFind(n);
  for (const r of relations) {
    let first = -1;
    for (const v of r.vars) {
      if (status[v] === 'shown') continue;
      if (first < 0) first = v;
      else uf.union(first, v);
    }
  }
  const componentOf = new Int32Array(n).fill(-1);
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (status[i] === 'shown') continue;
    const root = uf.find(i);
    componentOf[i] = root;
    const l = members.get(root);
    if (l) l.push(i);
    else members.set(root, [i]);
  }
  return { componentOf, members };
}

/** Ranges found for the target cells of one LP model. */
interface RangeOutcome {
  lo: Float64Array;
  hi: Float64Array;
  intLo: Uint8Array;
  intHi: Uint8Array;
  exact: Uint8Array;
  lps: number;
}

/**
 * The bounds of a hidden cell in the audit's model: its label range ("<t": `zeroLo` … t − 1; "x": t …),
 * or ≥ 0 for a residual or unprinted cell (≥ its `atLeast` when a reader knows more); every variable capped at true value + CAP·t (see the module
 * comment). A shown cell is fixed at its value.
 */
export function hiddenCellBounds(p: BoundsProblem, v: number): [number, number] {
  const out = new Float64Array(2);
  hiddenCellBoundsInto(p, v, out);
  return [out[0], out[1]];
}

/** {@link hiddenCellBounds} written into `out` (lower, upper): for loops over many cells, without allocating. */
export function hiddenCellBoundsInto(p: BoundsProblem, v: number, out: Float64Array): void {
  const s = p.status[v];
  const x = p.values[v];
  if (s === 'shown') {
    out[0] = x;
    out[1] = x;
  } else if (s === 'primary' && !p.unprinted?.[v]) {
    out[0] = p.zeroLo;
    out[1] = p.t - 1;
  } else if (s === 'secondary') {
    out[0] = p.t;
    out[1] = x + CAP * p.t;
  } else {
    const known = p.atLeast?.[v] ?? 0;
    out[0] = known > 0 ? Math.min(known, x) : 0;
    out[1] = x + CAP * p.t;
  }
}

/**
 * A bound on one hidden cell over every solution of the whole set, from multipliers of some of the relations
 * (weak duality, checked in linear time): for relations lo_k ≤ a_k·x ≤ hi_k and multipliers y_k,
 * s·x_c = r·x + Σ y_k a_k·x with r = s·e_c − Σ y_k a_k, so s·x_c ≤ Σ_j max(r_j L_j, r_j U_j) + Σ_k max(y_k lo_k, y_k hi_k)
 * over the ranges [L_j, U_j] of the cells ({@link hiddenCellBounds}; a printed cell: its value). Any y gives a
 * valid bound (a wrong one only a weak bound); a multiplier whose relation has no end on its side (y_k < 0 and
 * lo_k = −∞) is taken as 0. Both signs of y are tried (solvers differ in their sign convention) and the lower
 * bound is returned, with the multipliers used and what it rests on: the relations with a multiplier and the
 * hidden cells other than c whose ranges enter it (|r_j| > 1e-9); `otherSign`: those cells under the other sign,
 * when it gives a finite bound too. The lower bound can come from the wrong sign — with the multipliers on
 * relations' missing ends dropped, a looser bound of the same LP's dual may still be the lower of the two — and
 * then the cells the right sign leans on are in `otherSign` (column generation grows by them).
 *
 * Used (1) for a cell whose one-cell LP on a neighbourhood (every hidden cell outside it fixed at its true value)
 * fails: when this bound over the whole set equals the neighbourhood's optimum, that optimum is the cell's exact
 * bound on its whole component; (2) for the pinned-zero certificates kept across runs (audit-cache.ts).
 *
 * @example
 * // a + b = 7 with b printed as 5: a ≤ 2
 * dualBound({ values: [2, 5], status: ['primary', 'shown'], relations: [{ vars: [0, 1], coefs: [1, 1], lo: 7, hi: 7, kind: 'sum' }], t: 5, zeroLo: 1 }, 0, 1, [0], [1]).bound // 2
 */
export function dualBound(p: BoundsProblem & { relations: ReadonlyArray<LinearRelation> }, c: number, s: 1 | -1, rels: ArrayLike<number>, y: ArrayLike<number>): { bound: number; relations: number[]; y: number[]; cells: number[]; otherSign: number[] } {
  const range = new Float64Array(2);
  let best: { bound: number; sign: number; r: Map<number, number> } | null = null;
  let other: Map<number, number> | null = null;
  for (const sign of [1, -1]) {
    const r = new Map<number, number>([[c, s]]);
    let bound = 0;
    for (let q = 0; q < rels.length; q++) {
      const rel = p.relations[rels[q]];
      const yk = sign * y[q];
      if (Math.abs(yk) < 1e-12) continue;
      const end = yk > 0 ? rel.hi : rel.lo;
      if (!Number.isFinite(end)) continue;
      bound += yk * end;
      for (let i = 0; i < rel.vars.length; i++) r.set(rel.vars[i], (r.get(rel.vars[i]) ?? 0) - yk * rel.coefs[i]);
    }
    for (const [j, rj] of r) {
      if (rj === 0) continue;
      hiddenCellBoundsInto(p, j, range);
      bound += rj > 0 ? rj * range[1] : rj * range[0];
    }
    if (!Number.isFinite(bound)) continue;
    if (best === null || bound < best.bound) (other = best?.r ?? null), (best = { bound, sign, r });
    else other = r;
  }
  if (best === null) return { bound: Infinity, relations: [], y: [], cells: [], otherSign: [] };
  const relations: number[] = [];
  const ys: number[] = [];
  for (let q = 0; q < rels.length; q++) {
    const yk = best.sign * y[q];
    const rel = p.relations[rels[q]];
    if (Math.abs(yk) < 1e-12 || !Number.isFinite(yk > 0 ? rel.hi : rel.lo)) continue;
    relations.push(rels[q]);
    ys.push(yk);
  }
  const leaning = (r: Map<number, number> | null): number[] => {
    const out: number[] = [];
    for (const [j, rj] of r ?? []) if (j !== c && Math.abs(rj) > 1e-9 && p.status[j] !== 'shown') out.push(j);
    return out;
  };
  return { bound: best.bound, relations, y: ys, cells: leaning(best.r), otherSign: leaning(other) };
}

/** What the bounds of a cell depend on. */
export type BoundsProblem = Pick<AuditProblem, 'values' | 'status' | 't' | 'zeroLo' | 'unprinted' | 'atLeast' | 'earlierX'>;

/**
 * What a hidden cell must keep: a "<t" (primary) every value of its label range, an "x" (secondary) — or a
 * residual cell whose earlier "x" the reader still holds (`earlierX`) — a range at least t wide; a count of
 * units reached in a window no file prints (`unprinted` = {@link WINDOW_CELL}: publication.ts
 * `addReachWindowCells`) a range that does not say it is small and not zero ({@link requirementMet}); null for
 * a shown cell or any other residual (no requirement).
 */
export function requirementOf(p: Pick<AuditProblem, 'status' | 'earlierX' | 'unprinted'>, v: number): Requirement | null {
  const s = p.status[v];
  if (s === 'primary') return p.unprinted?.[v] === WINDOW_CELL ? 'window' : s;
  if (s === 'secondary') return s;
  return s === 'residual' && p.earlierX?.[v] ? 'secondary' : null;
}

/** What a hidden cell must keep ({@link requirementOf}). */
export type Requirement = 'primary' | 'secondary' | 'window';

/**
 * `unprinted` flag of a reach window's cell (units reached in one printed period and not in another, or in the
 * window two printed periods share): the requirement `window`. Other unprinted primaries are flagged 1.
 */
export const WINDOW_CELL = 2;

/**
 * Whether the range lo … hi of a hidden cell meets its requirement (threshold t; `floor`: the lowest value a
 * "<t" must reach, 1 or 0): a "<t" every value floor … t − 1; an "x" a range at least t wide; a reach window
 * not known to be small and not zero — its range reaches 0, or t, or holds all of 1 … t − 1 (what a "<t"
 * label says: the test attacker's finding is a window within 1 … t − 1 and narrower). A reach window's upper
 * bound often comes from one report alone (volunteers active during the year less those active on its last
 * day, two key figures), so the "<t" requirement could not be met there.
 */
export function requirementMet(req: Requirement, lo: number, hi: number, t: number, floor: number, tol = EPS): boolean {
  if (req === 'primary') return hi >= t - 1 - tol && lo <= floor + tol;
  if (req === 'secondary') return hi - lo >= t - tol;
  return lo <= tol || hi >= t - tol || (lo <= 1 + tol && hi >= t - 1 - tol);
}

/** Whether a larger upper end could still help the range meet the requirement ({@link requirementMet}). */
function needsUp(req: Requirement | null, lo: number, hi: number, t: number, floor: number): boolean {
  if (req === 'primary') return hi < t - 1 - EPS;
  return req !== null && !requirementMet(req, lo, hi, t, floor);
}

/** Whether a smaller lower end could still help the range meet the requirement ({@link requirementMet}). */
function needsDown(req: Requirement | null, lo: number, hi: number, t: number, floor: number): boolean {
  if (req === 'primary') return lo > floor + EPS;
  return req !== null && !requirementMet(req, lo, hi, t, floor);
}

/** What a cached proof (audit-cache.ts) is checked against: the model, the statuses, the label ranges. */
export interface AuditProblem {
  values: ArrayLike<number>;
  status: ArrayLike<AuditStatus>;
  relations: ReadonlyArray<LinearRelation>;
  relOf: number[][];
  t: number;
  zeroLo: number;
  /** Lowest value a primary cell must reach to be protected (1, or 0 with `fullZeroRange`). */
  floor: number;
  unprinted?: ArrayLike<boolean | number>;
  /** Known lower bounds of residual cells (`AuditInput.atLeast`). */
  atLeast?: ArrayLike<number>;
  /** Residual cells audited like an "x" (`AuditInput.earlierX`). */
  earlierX?: ArrayLike<boolean | number>;
}

/** How {@link solveRanges} audits its targets. */
interface SolveOptions {
  /** One LP per target still open after the batches (else the batches only). */
  singles: boolean;
  /**
   * `vars` is a whole connected component of hidden cells: each target's one-cell LP is its exact bound on
   * the whole set. Otherwise (a neighbourhood, the cells outside fixed at their true values) a one-cell LP
   * that fails is exact only when its dual bounds the cell over the whole set just as tightly ({@link dualBound}).
   */
  whole: boolean;
  onMove?: (cells: number[], d: Float64Array) => void;
  onPinned?: (cell: number, rels: number[], y: number[]) => void;
  /** Whether a target gets an LP dominated by it but pulling the other open targets before its pure LP (default all). */
  dominated?: (cell: number) => boolean;
  onBound?: (cell: number, dir: 1 | -1, certificate: BoundCertificate) => void;
  /** Called after each LP with this model's LPs so far and the targets it settled so far (lazily: the throttled progress, `AuditInput.onProgress`). */
  tick?: (lps: number, settled: () => number) => void;
  /** The batch and mixed-direction LPs before the targets' own LPs (default true). */
  batches?: boolean;
  /** A one-cell LP over a neighbourhood failed without a tight bound: the hidden cells outside `vars` its dual bound leans on. */
  onGap?: (cell: number, outside: number[]) => void;
  /**
   * Column generation (a single target; `whole` false, `singles`): when the target's one-cell LP fails without a
   * tight dual bound, the hidden cells outside the model that the bound leans on join this same model (their
   * columns, the relations they bring, the rows' constants shifted) and the LP is solved again from the last
   * basis — at most `grow` times per target. `vars` grows; the outcome's arrays follow it.
   */
  grow?: number;
}

/**
 * Feasible ranges of `targets` with `vars` free (hidden cells) and every other cell at its true value.
 * Fixing cells only shrinks the feasible set, so a range found here is also feasible for the whole set.
 * Batches first (push all unproved targets up, then down), then one LP per target still unproved.
 */
function solveRanges(highs: HighsModule, p: AuditProblem, cells: number[], targets: number[], o: SolveOptions): RangeOutcome {
  const { singles, whole, onMove, onPinned, onBound } = o;
  // the model's cells (column generation appends to them: the caller's array stays as it was)
  const vars = o.grow ? [...cells] : cells;
  const dominated = o.dominated ?? (() => true);
  const { values, relations, relOf, t, floor } = p;
  let m = vars.length;
  const local = new Map<number, number>();
  vars.forEach((v, j) => local.set(v, j));
  let colLower = new Float64Array(m);
  let colUpper = new Float64Array(m);
  const range = new Float64Array(2);
  for (let j = 0; j < m; j++) {
    hiddenCellBoundsInto(p, vars[j], range);
    colLower[j] = range[0];
    colUpper[j] = range[1];
  }
  const relSet = new Set<number>();
  for (const v of vars) for (const k of relOf[v]) relSet.add(k);
  // the rows: relation k's part over the model's cells (column, coefficient); the cells outside at their true
  // values make its constant, which shifts its bounds
  const rowCols: number[][] = [];
  const rowCoefs: number[][] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const rowRel: number[] = [];
  const rowConst: number[] = [];
  const rowOf = new Map<number, number>();
  const rowBounds = (r: number): [number, number] => {
    const rel = relations[rowRel[r]];
    return [rel.lo === -Infinity ? -highs.infinity : rel.lo - rowConst[r], rel.hi === Infinity ? highs.infinity : rel.hi - rowConst[r]];
  };
  /** Adds relation k as a row over the model's cells (none when every coefficient there is 0); its index or -1. */
  const addRow = (k: number): number => {
    const r = relations[k];
    let constant = 0;
    const row = new Map<number, number>();
    for (let q = 0; q < r.vars.length; q++) {
      const v = r.vars[q];
      const j = local.get(v);
      if (j === undefined) constant += r.coefs[q] * values[v];
      else row.set(j, (row.get(j) ?? 0) + r.coefs[q]);
    }
    const ordered = [...row].filter(([, c]) => c !== 0).sort((a, b) => a[0] - b[0]);
    if (ordered.length === 0) return -1;
    const i = rowRel.length;
    rowCols.push(ordered.map(([j]) => j));
    rowCoefs.push(ordered.map(([, c]) => c));
    rowRel.push(k);
    rowConst.push(constant);
    rowOf.set(k, i);
    const [l, u] = rowBounds(i);
    rowLower.push(l);
    rowUpper.push(u);
    return i;
  };
  for (const k of relSet) addRow(k);
  let lo = new Float64Array(m);
  let hi = new Float64Array(m);
  let intLo = new Uint8Array(m).fill(1);
  let intHi = new Uint8Array(m).fill(1);
  let exact = new Uint8Array(m);
  for (let j = 0; j < m; j++) lo[j] = hi[j] = values[vars[j]];
  const tj = targets.map((v) => local.get(v)!);
  let isTarget = new Uint8Array(m);
  for (const j of tj) isTarget[j] = 1;
  const needUp = (j: number): boolean => needsUp(requirementOf(p, vars[j]), lo[j], hi[j], t, floor);
  const needDown = (j: number): boolean => needsDown(requirementOf(p, vars[j]), lo[j], hi[j], t, floor);
  let lps = 0;
  /** Targets settled so far here: proved, or (whole component) through their one-cell LPs — never more than the caller's `settle` finds. */
  const passed = new Uint8Array(m);
  const settledHere = () => tj.reduce((s, j) => s + ((whole && passed[j]) || !(needUp(j) || needDown(j)) ? 1 : 0), 0);
  if (rowLower.length === 0) {
    for (let j = 0; j < m; j++) {
      lo[j] = Math.min(lo[j], colLower[j]);
      hi[j] = Math.max(hi[j], colUpper[j]);
      exact[j] = 1;
    }
    return { lo, hi, intLo, intHi, exact, lps };
  }
  if (!tj.some((j) => needUp(j) || needDown(j))) return { lo, hi, intLo, intHi, exact, lps };
  // row activities of the true table (the rows' bounds already hold the fixed cells' part)
  const truthRow: number[] = [];
  const truthOf = (r: number) => {
    let a = 0;
    const cols = rowCols[r];
    const cs = rowCoefs[r];
    for (let q = 0; q < cols.length; q++) a += cs[q] * values[vars[cols[q]]];
    return a;
  };
  for (let r = 0; r < rowLower.length; r++) truthRow.push(truthOf(r));
  const starts: number[] = [0];
  const indices: number[] = [];
  const coefs: number[] = [];
  for (let r = 0; r < rowCols.length; r++) {
    for (let q = 0; q < rowCols[r].length; q++) (indices.push(rowCols[r][q]), coefs.push(rowCoefs[r][q]));
    starts.push(indices.length);
  }
  const model = highs.createModel({
    numCols: m,
    numRows: rowLower.length,
    colCost: new Float64Array(m),
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csr', numRows: rowLower.length, numCols: m, starts, indices, values: coefs },
  });
  try {
    model.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
    const solve = (cost: Float64Array, maximize: boolean): boolean => {
      model.changeObjectiveSense(maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize);
      model.changeColsCost({ kind: 'range', from: 0, to: m - 1 }, cost);
      model.run();
      lps++;
      o.tick?.(lps, settledHere);
      if (model.getModelStatus() !== highs.constants.modelStatus.optimal) return false;
      take(model.getSolution().colValue);
      return true;
    };
    function take(x: Float64Array | number[]): void {
      let integral = true;
      for (let j = 0; j < m; j++) if (Math.abs(x[j] - Math.round(x[j])) > EPS) integral = false;
      let better = false;
      for (let j = 0; j < m; j++) {
        if (x[j] > hi[j] + EPS) {
          hi[j] = x[j];
          intHi[j] = integral ? 1 : 0;
          if (isTarget[j]) better = true;
        }
        if (x[j] < lo[j] - EPS) {
          lo[j] = x[j];
          intLo[j] = integral ? 1 : 0;
          if (isTarget[j]) better = true;
        }
      }
      const d = new Float64Array(m);
      for (let j = 0; j < m; j++) {
        const r = Math.round(x[j]);
        d[j] = (Math.abs(x[j] - r) <= EPS ? r : x[j]) - values[vars[j]];
      }
      // the other side of the same line: truth − k·d stays feasible for 0 ≤ k ≤ k₋ (from the column and
      // row bounds, linear time), so every cell the LP pushed one way is also carried the other way
      let k = Infinity;
      for (let j = 0; j < m && k > 0; j++) {
        if (d[j] > 0) k = Math.min(k, (values[vars[j]] - colLower[j]) / d[j]);
        else if (d[j] < 0) k = Math.min(k, (values[vars[j]] - colUpper[j]) / d[j]);
      }
      for (let r = 0; r < rowLower.length && k > 0; r++) {
        let ad = 0;
        const cols = rowCols[r];
        const cs = rowCoefs[r];
        for (let q = 0; q < cols.length; q++) ad += cs[q] * d[cols[q]];
        if (ad > 1e-12) k = Math.min(k, (truthRow[r] - rowLower[r]) / ad);
        else if (ad < -1e-12) k = Math.min(k, (truthRow[r] - rowUpper[r]) / ad);
      }
      if (integral) k = Math.floor(k + 1e-9);
      if (k > EPS && Number.isFinite(k)) {
        for (let j = 0; j < m; j++) {
          if (d[j] === 0) continue;
          const y = values[vars[j]] - k * d[j];
          if (y > hi[j] + EPS) {
            hi[j] = y;
            intHi[j] = integral ? 1 : 0;
            if (isTarget[j]) better = true;
          }
          if (y < lo[j] - EPS) {
            lo[j] = y;
            intLo[j] = integral ? 1 : 0;
            if (isTarget[j]) better = true;
          }
        }
      }
      // a solution that widened a target's range is a move worth keeping (audit-cache.ts)
      if (better && onMove) onMove(vars, d);
    }
    /**
     * Column generation (`o.grow`): hidden cells outside the model join it — their columns (in the rows already
     * there), the rows' constants without them, and the relations they bring that the model lacked as new rows.
     * HiGHS keeps its basis, so the next LP starts where the last one ended.
     */
    function addCells(ws: number[]): void {
      const fresh: number[] = [];
      for (const w of ws) if (!local.has(w) && p.status[w] !== 'shown') (local.set(w, m + fresh.length), fresh.push(w));
      if (fresh.length === 0) return;
      const m0 = m;
      m += fresh.length;
      const grown = <T extends Float64Array | Uint8Array>(a: T, make: (k: number) => T): T => {
        const b = make(m);
        b.set(a);
        return b;
      };
      colLower = grown(colLower, (k) => new Float64Array(k));
      colUpper = grown(colUpper, (k) => new Float64Array(k));
      lo = grown(lo, (k) => new Float64Array(k));
      hi = grown(hi, (k) => new Float64Array(k));
      intLo = grown(intLo, (k) => new Uint8Array(k).fill(1));
      intHi = grown(intHi, (k) => new Uint8Array(k).fill(1));
      exact = grown(exact, (k) => new Uint8Array(k));
      isTarget = grown(isTarget, (k) => new Uint8Array(k));
      const rows0 = rowRel.length;
      const colStarts = [0];
      const colRows: number[] = [];
      const colVals: number[] = [];
      const changed = new Set<number>();
      const brought = new Set<number>();
      fresh.forEach((w, i) => {
        const j = m0 + i;
        vars.push(w);
        hiddenCellBoundsInto(p, w, range);
        colLower[j] = range[0];
        colUpper[j] = range[1];
        lo[j] = hi[j] = values[w];
        const coef = new Map<number, number>();
        for (const k of relOf[w]) {
          const r = rowOf.get(k);
          if (r === undefined) {
            brought.add(k);
            continue;
          }
          if (coef.has(r)) continue;
          const rel = relations[k];
          let c = 0;
          for (let q = 0; q < rel.vars.length; q++) if (rel.vars[q] === w) c += rel.coefs[q];
          coef.set(r, c);
        }
        for (const [r, c] of [...coef].sort((a, b) => a[0] - b[0])) {
          if (c === 0) continue;
          rowCols[r].push(j);
          rowCoefs[r].push(c);
          rowConst[r] -= c * values[w];
          truthRow[r] += c * values[w];
          changed.add(r);
          colRows.push(r);
          colVals.push(c);
        }
        colStarts.push(colRows.length);
      });
      model.addCols({
        cost: new Float64Array(fresh.length),
        lower: colLower.slice(m0),
        upper: colUpper.slice(m0),
        matrix: { format: 'csc', numRows: rows0, numCols: fresh.length, starts: Int32Array.from(colStarts), indices: Int32Array.from(colRows), values: Float64Array.from(colVals) },
      });
      if (changed.size) {
        const rows = [...changed].sort((a, b) => a - b);
        for (const r of rows) [rowLower[r], rowUpper[r]] = rowBounds(r);
        model.changeRowsBounds({ kind: 'set', indices: Int32Array.from(rows) }, Float64Array.from(rows.map((r) => rowLower[r])), Float64Array.from(rows.map((r) => rowUpper[r])));
      }
      const newRows: number[] = [];
      for (const k of brought) {
        const r = addRow(k);
        if (r >= 0) (newRows.push(r), truthRow.push(truthOf(r)));
      }
      if (newRows.length) {
        const rs = [0];
        const ci: number[] = [];
        const cv: number[] = [];
        for (const r of newRows) {
          for (let q = 0; q < rowCols[r].length; q++) (ci.push(rowCols[r][q]), cv.push(rowCoefs[r][q]));
          rs.push(ci.length);
        }
        model.addRows({
          lower: Float64Array.from(newRows.map((r) => rowLower[r])),
          upper: Float64Array.from(newRows.map((r) => rowUpper[r])),
          matrix: { format: 'csr', numRows: newRows.length, numCols: m, starts: Int32Array.from(rs), indices: Int32Array.from(ci), values: Float64Array.from(cv) },
        });
      }
    }
    for (const maximize of o.batches === false ? [] : [true, false]) {
      const need = maximize ? needUp : needDown;
      for (let round = 0; round < 30; round++) {
        const open = tj.filter(need);
        if (open.length === 0) break;
        const cost = new Float64Array(m);
        for (const j of open) cost[j] = 1;
        if (!solve(cost, maximize)) break;
        if (tj.filter(need).length === open.length) break;
      }
    }
    // Mixed directions: cells that must go up and cells that must go down in one LP (random signs for
    // cells that still need both), so cells tied by a relation (a + b = shown) are proved together:
    // one goes up while the other goes down. Repeated while a round proves enough.
    let seed = 0x9e3779b9 ^ m;
    const rand = () => ((seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0) >>> 0) / 4294967296;
    for (let round = 0; round < (o.batches === false ? 0 : MIXED_ROUNDS); round++) {
      const cost = new Float64Array(m);
      let open = 0;
      for (const j of tj) {
        const up = needUp(j);
        const down = needDown(j);
        if (!up && !down) continue;
        open++;
        cost[j] = up && down ? (rand() < 0.5 ? 1 : -1) : up ? 1 : -1;
      }
      if (open === 0) break;
      if (!solve(cost, true)) break;
      let left = 0;
      for (const j of tj) if (needUp(j) || needDown(j)) left++;
      if (open - left < Math.max(1, MIXED_MIN_GAIN * open)) break;
    }
    if (singles) {
      // one cell at a time: its own direction dominates the objective; the other open cells get a small
      // weight in a direction they still need, so one LP often proves several cells. A cell that does
      // not reach its requirement this way gets the pure LP (its exact bound). A cell not `dominated`
      // (one that already failed an exact LP: most fail again) gets the pure LP at once.
      for (const j of tj) {
        // every way the cell still fails after its pure LP has an exact bound on the whole set
        let bounded = true;
        for (const dir of [1, -1]) {
          if (!(dir === 1 ? needUp(j) : needDown(j))) continue;
          const cost = new Float64Array(m);
          if (dominated(vars[j])) {
            for (const k of tj) {
              if (k === j) continue;
              const up = needUp(k);
              const down = needDown(k);
              if (up || down) cost[k] = (up && down ? (rand() < 0.5 ? 1 : -1) : up ? 1 : -1) * dir;
            }
            cost[j] = 4 * m;
            solve(cost, dir === 1);
            if (!(dir === 1 ? needUp(j) : needDown(j))) continue;
          }
          let grown = 0;
          for (;;) {
            const pure = new Float64Array(m);
            pure[j] = 1;
            const optimal = solve(pure, dir === 1);
            if (!(dir === 1 ? needUp(j) : needDown(j))) break;
            // the cell fails this way in this model: its bound, and what the bound rests on
            const sol = optimal ? model.getSolution() : null;
            if (!sol) {
              bounded = false;
              break;
            }
            if (whole) {
              if (onBound && sol.rowDual && sol.colDual) {
                const relations: number[] = [];
                const cells: number[] = [];
                for (let r = 0; r < rowRel.length; r++) if (Math.abs(sol.rowDual[r]) > 1e-9) relations.push(rowRel[r]);
                for (let q = 0; q < m; q++) if (q !== j && Math.abs(sol.colDual[q]) > 1e-9) cells.push(vars[q]);
                onBound(vars[j], dir === 1 ? 1 : -1, { relations, cells });
              }
              // a hidden zero that every solution pins to 0: keep the LP's dual as a certificate (audit-cache.ts)
              if (onPinned && dir === 1 && values[vars[j]] === 0 && hi[j] <= EPS && sol.rowDual) {
                const y = sol.rowDual;
                const rels: number[] = [];
                const ys: number[] = [];
                for (let r = 0; r < rowRel.length; r++) if (Math.abs(y[r]) > 1e-12) (rels.push(rowRel[r]), ys.push(y[r]));
                onPinned(vars[j], rels, ys);
              }
              break;
            }
            // a neighbourhood (cells outside fixed at their true values): its optimum z is only a value the cell
            // reaches; the LP's dual bounds the cell over the whole set (dualBound), and when that bound is z
            // too, z is the cell's exact bound on its whole component — the same verdict the component's LP gives
            if (!sol.rowDual) {
              bounded = false;
              break;
            }
            const rels: number[] = [];
            const ys: number[] = [];
            for (let r = 0; r < rowRel.length; r++) if (Math.abs(sol.rowDual[r]) > 1e-12) (rels.push(rowRel[r]), ys.push(sol.rowDual[r]));
            const z = dir * sol.colValue[j];
            const b = dualBound(p, vars[j], dir === 1 ? 1 : -1, rels, ys);
            if (!(b.bound <= z + DUAL_TOL * Math.max(1, Math.abs(z)))) {
              // the hidden cells outside this model that the bound leans on: they join it (column generation),
              // or a larger neighbourhood's LP frees them
              let outside = b.cells.filter((v) => !local.has(v));
              // the lower bound from the other sign of the multipliers (some of them dropped) can rest on cells
              // that are all inside while the LP's own certificate leans on cells outside: grow by those
              if (outside.length === 0) outside = b.otherSign.filter((v) => !local.has(v));
              if (o.grow && grown < o.grow && outside.length) {
                grown++;
                addCells(outside);
                continue;
              }
              bounded = false;
              o.onGap?.(vars[j], outside);
              break;
            }
            onBound?.(vars[j], dir === 1 ? 1 : -1, { relations: b.relations.filter((_, q) => Math.abs(b.y[q]) > 1e-9), cells: b.cells });
            if (onPinned && dir === 1 && values[vars[j]] === 0 && hi[j] <= EPS) onPinned(vars[j], b.relations, b.y);
            break;
          }
        }
        exact[j] = whole || bounded ? 1 : 0;
        passed[j] = 1;
      }
    }
  } finally {
    model.dispose();
  }
  return { lo, hi, intLo, intHi, exact, lps };
}

/** Least wall time between two progress calls within a stage (`AuditInput.progressInterval`), in ms. */
const PROGRESS_INTERVAL = 250;
const STAGE_NAMES = ['local', 'neighbourhood', 'component'] as const;

/** At most this many mixed-direction LPs per model; they stop when one proves under 2% of the open cells. */
const MIXED_ROUNDS = 40;
const MIXED_MIN_GAIN = 0.02;

/** The local LPs: at most 400 free cells, a chunk of 200 cells of one group and the cells two relations around (`AuditInput.local`). */
const LOCAL = { cells: 400, targets: 200, hops: 2 };
/** The growing neighbourhoods between the local LPs and the whole component: their sizes (free cells) … */
const NEIGHBOURHOOD_SIZES = [3000, 15000];
/** … and the share of a neighbourhood's size taken as targets per LP model. */
const NEIGHBOURHOOD_TARGETS = 0.1;

/** The whole-component stage by column generation on large components ({@link AuditInput.columnGeneration}). */
const COLUMN_GENERATION = { min: 1000, cells: 100, hops: 2, rounds: 200, batchTargets: 50, batchCells: 10_000 };

/** `cells` by their group (`group[cell]`; one group 0 without), each group's cells in the order given, groups in order of first appearance. */
function groupCells(cells: Iterable<number>, group: ArrayLike<number> | undefined): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const v of cells) {
    const g = group ? group[v] : 0;
    const l = out.get(g);
    if (l) l.push(v);
    else out.set(g, [v]);
  }
  return out;
}

/**
 * Audits the hidden cells of a publication set as an attacker holding every published file would:
 * per hidden cell the feasible range under all relations (LP), and whether that range protects it.
 *
 * Three stages. (1) Local: the target cells are grouped (`group`, e.g. one group per scope and year);
 * each chunk of a group gets one LP over its hidden cells and the hidden cells sharing a relation with them
 * (and their neighbours, up to 400 cells), every other cell fixed at its true value. (2) Growing
 * neighbourhoods (`neighbourhoods`, default 3,000 and then 15,000 cells), for cells of components larger
 * than twice the neighbourhood: a chunk of cells (a tenth of the size) and the hidden cells reached from them
 * through relations, breadth first, as far as fit; every cell outside fixed at its true value; batch LPs only
 * (push up, push down, mixed directions: on the national period set one LP per cell there cost 85,658 LPs for
 * 2,261 cells settled). (3) Whole
 * component: the cells left get LPs on their whole connected component (their exact real bounds), unless
 * `localOnly` (then they are reported as failing: conservative); on a component of 1,000 cells or more by
 * column generation (`columnGeneration`): each cell's LP over its own neighbourhood, grown by the cells its
 * dual bound leans on until the cell is proved or the bound is tight — the component's verdict and bound
 * (on the national period set a one-cell LP over the 47,888-cell component cost ~0.9 s of CPU).
 *
 * Why (1), (2) and the column generation are sound: fixing cells at their true values is one more set of constraints, which the
 * true table satisfies, so the LP's feasible set is a subset of the whole set's; every range found there is
 * reached by a solution of the whole set, and a cell proved protected there is protected. A cell is never
 * found *failing* by a range that is only reached: it fails in (1) only when its one-cell LP's dual
 * bounds it over the whole set (every cell at its whole range, {@link dualBound}) as tightly as the
 * neighbourhood's optimum — then that optimum is its exact bound on the whole component (the whole set's
 * optimum lies between the two), the verdict (3) would give, and the dual is what the bound rests on
 * (`CellAudit.bound`). Otherwise the cell goes on to the next stage.
 *
 * With `HOMESTART_AUDIT_TRACE` set, each audit writes one line to stderr: its cells, the LPs of each stage
 * and the cells each stage left, the components and the time.
 *
 * @example
 * // 12, "<5", 9 with total 24: the "<5" is 3 — protected? no (9 and 24 shown pin it)
 * const r = await auditHiddenCells({ values: [12, 3, 9, 24], status: ['shown', 'primary', 'shown', 'shown'],
 *   relations: [{ vars: [0, 1, 2, 3], coefs: [1, 1, 1, -1], lo: 0, hi: 0, kind: 'sum' }], threshold: 5, zeroHidden: false });
 * r.failing // [1]
 */

export async function auditHiddenCells(input: AuditInput): Promise<AuditResult> {
  const t0 = performance.now();
  const { values, status, relations, threshold: t } = input;
  if (!Number.isInteger(t) || t < 1) throw new StatsError(`the threshold must be a whole number ≥ 1, got ${t}.`);
  const n = values.length;
  const relOf: number[][] = Array.from({ length: n }, () => []);
  relations.forEach((r, k) => {
    for (const v of r.vars) if (status[v] !== 'shown') relOf[v].push(k);
  });
  const floor = input.zeroHidden && input.fullZeroRange ? 0 : 1;
  const p: AuditProblem = { values, status, relations, relOf, t, zeroLo: input.zeroHidden ? 0 : 1, floor, ...(input.unprinted ? { unprinted: input.unprinted } : {}), ...(input.atLeast ? { atLeast: input.atLeast } : {}), ...(input.earlierX ? { earlierX: input.earlierX } : {}) };
  const isPublishedHidden = (v: number) => requirementOf(p, v) !== null;
  const targets: number[] = [];
  if (input.only) {
    const seen = new Set<number>();
    for (const v of input.only) if (isPublishedHidden(v) && !seen.has(v)) (seen.add(v), targets.push(v));
  } else for (let v = 0; v < n; v++) if (isPublishedHidden(v)) targets.push(v);
  const cellOut = new Map<number, CellAudit>();
  const record = (v: number, lo: number, hi: number, exact: boolean, integer: boolean) => {
    const s = requirementOf(p, v)!;
    const ok = requirementMet(s, lo, hi, t, floor);
    cellOut.set(v, { cell: v, status: s, lo, hi, protected: ok, exact, integerWitness: ok && integer });
  };
  let lps = 0;
  // (0) moves kept from earlier audits (audit-cache.ts): what they prove needs no LP
  let open = targets;
  const proofs = input.proofs;
  if (proofs) {
    const known = proofs.ranges(p, targets);
    open = [];
    let proved = 0;
    for (const v of targets) {
      const r = known.get(v);
      if (r) {
        record(v, r.lo, r.hi, false, r.integer);
        if (cellOut.get(v)!.protected) {
          proved++;
          continue;
        }
        cellOut.delete(v);
      }
      open.push(v);
    }
    proofs.noteProved(proved);
  }
  // HiGHS (WebAssembly) is loaded only when a cell is left for the LPs
  const highs = open.length ? await loadHighs() : (null as unknown as HighsModule);
  const onMove = proofs ? (cells: number[], d: Float64Array) => proofs.add(cells, d) : undefined;
  const onPinned = proofs ? (cell: number, rels: number[], y: number[]) => proofs.addPinned(cell, rels, y) : undefined;
  // (1) local LPs per group
  const groups = groupCells(open, input.local?.group ?? input.group);
  /**
   * The cells of `cells` that the moves found so far (earlier LPs of this audit reach beyond their own
   * targets: a local LP moves the neighbours of its cells too) prove protected: recorded, and left out of
   * the cells returned, which still need an LP. Whichever way a cell is proved, its verdict is the same:
   * a cell is found failing only by an exact LP bound.
   */
  const notYetProved = (cells: number[]): number[] => {
    if (!proofs) return cells;
    const known = proofs.ranges(p, cells, false);
    if (known.size === 0) return cells;
    const left: number[] = [];
    let proved = 0;
    for (const v of cells) {
      const r = known.get(v);
      if (r) {
        const before = cellOut.get(v);
        record(v, before ? Math.min(before.lo, r.lo) : r.lo, before ? Math.max(before.hi, r.hi) : r.hi, false, r.integer);
        if (cellOut.get(v)!.protected) {
          proved++;
          continue;
        }
        if (before) cellOut.set(v, before);
        else cellOut.delete(v);
      }
      left.push(v);
    }
    proofs.noteProved(proved);
    settledCount += proved;
    return left;
  };
  const bounds = new Map<number, { up?: BoundCertificate; down?: BoundCertificate }>();
  const onBound = (cell: number, dir: 1 | -1, b: BoundCertificate) => {
    const e = bounds.get(cell) ?? {};
    if (dir === 1) e.up = b;
    else e.down = b;
    bounds.set(cell, e);
  };
  /**
   * Records the range `out` found for target v (widening what earlier stages found); true when v is settled:
   * proved protected, or failing with an exact bound on its whole component (then with what the bound rests on).
   */
  const settle = (v: number, out: RangeOutcome, j: number): boolean => {
    const prev = cellOut.get(v);
    record(v, prev ? Math.min(prev.lo, out.lo[j]) : out.lo[j], prev ? Math.max(prev.hi, out.hi[j]) : out.hi[j], out.exact[j] === 1, out.intLo[j] === 1 && out.intHi[j] === 1);
    const c = cellOut.get(v)!;
    if (c.protected) return true;
    if (!c.exact) {
      bounds.delete(v);
      return false;
    }
    const b = bounds.get(v);
    if (b) c.bound = b;
    stageFailing[stage]++;
    return true;
  };
  const stageFailing = [0, 0, 0];
  const dominated = (v: number) => !input.failedBefore?.[v];
  /** Solves the targets `chunk` over `vars`; returns the targets not settled. */
  const solveChunk = (vars: number[], chunk: number[], whole: boolean, singles = true, extra: Pick<SolveOptions, 'batches' | 'onGap' | 'grow'> = {}, dom = dominated): number[] => {
    const out = solveRanges(highs, p, vars, chunk, { singles, whole, onMove, onPinned, onBound, dominated: dom, ...extra, ...(input.onProgress ? { tick: (k: number, s: () => number) => tick(false, k, s) } : {}) });
    lps += out.lps;
    stageLps[stage] += out.lps;
    const idx = new Map<number, number>();
    vars.forEach((v, j) => idx.set(v, j));
    const left = chunk.filter((v) => !settle(v, out, idx.get(v)!));
    settledCount += chunk.length - left.length;
    return left;
  };
  /** `chunk` and the hidden cells reached from it through relations, breadth first, up to `limit` cells (at most `hops` steps). */
  const neighbourhood = (chunk: number[], limit: number, hops: number): number[] => {
    const inside = new Set<number>(chunk);
    let frontier = chunk;
    for (let hop = 0; hop < hops && frontier.length && inside.size < limit; hop++) {
      const next: number[] = [];
      for (const v of frontier) {
        for (const k of relOf[v]) {
          for (const w of relations[k].vars) {
            if (status[w] === 'shown' || inside.has(w) || inside.size >= limit) continue;
            inside.add(w);
            next.push(w);
          }
        }
      }
      frontier = next;
    }
    return [...inside];
  };
  const stageLps: [number, number, number] = [0, 0, 0];
  const stageMs = [0, 0, 0];
  let tStage = performance.now();
  let stage = 0;
  const stageLeft = [0, 0, 0];
  /** Cells given LPs over their whole component at once. */
  let wholeCells = 0;
  const localSize = input.local ?? LOCAL;
  /** Cells of `open` settled so far (by the stages' LPs and the moves they found), for `onProgress`. */
  let settledCount = 0;
  let lastTick = -Infinity;
  /** The throttled `onProgress`: at once when `force` (a stage starts, the end), else at most every `progressInterval` ms; `k`, `inner`: the running model's LPs and settled targets. */
  const tick = (force: boolean, k = 0, inner?: () => number, done = false) => {
    if (!input.onProgress) return;
    const now = performance.now();
    if (!force && now - lastTick < (input.progressInterval ?? PROGRESS_INTERVAL)) return;
    lastTick = now;
    input.onProgress({ stage: STAGE_NAMES[stage], settled: done ? open.length : settledCount + (inner ? inner() : 0), total: open.length, lps: lps + k, ms: now - t0, done });
  };
  tick(true);
  // (1) local LPs per group: each chunk of a group's cells with the hidden cells two relations around it
  let unresolved: number[] = [];
  for (const members of groups.values()) {
    for (let start = 0; start < members.length; start += localSize.targets) {
      const chunk = notYetProved(members.slice(start, start + localSize.targets));
      if (chunk.length === 0) continue;
      unresolved.push(...solveChunk(neighbourhood(chunk, localSize.cells, localSize.hops), chunk, false));
    }
  }
  stageLeft[0] = unresolved.length;
  const { componentOf, members } = hiddenComponents(n, status, relations);
  let largest = 0;
  const comps = new Set<number>();
  for (const v of targets) comps.add(componentOf[v]);
  for (const c of comps) largest = Math.max(largest, members.get(c)?.length ?? 0);
  // (2) growing neighbourhoods, for cells of components larger than the neighbourhood: the cells reached
  // through relations, as many hops as fit (every cell outside fixed at its true value, as in (1))
  stageMs[0] = performance.now() - tStage;
  const progress = (k: number) => {
    if (process.env.HOMESTART_AUDIT_TRACE && open.length >= 5000) process.stderr.write(`audit of ${open.length} cells: stage ${k + 1} ${stageLps[k]} LPs, ${Math.round(stageMs[k])} ms, ${stageLeft[k]} cells unsettled\n`);
  };
  progress(0);
  tStage = performance.now();
  stage = 1;
  tick(true);
  if (!input.localOnly) {
    for (const size of input.neighbourhoods ?? NEIGHBOURHOOD_SIZES) {
      const left: number[] = [];
      const here: number[] = [];
      for (const v of notYetProved(unresolved)) (members.get(componentOf[v])!.length > 2 * size ? here : left).push(v);
      const per = Math.max(1, Math.round(size * NEIGHBOURHOOD_TARGETS));
      for (let start = 0; start < here.length; start += per) {
        const chunk = notYetProved(here.slice(start, start + per));
        if (chunk.length) left.push(...solveChunk(neighbourhood(chunk, size, Infinity), chunk, false, false));
      }
      unresolved = left;
      if (process.env.HOMESTART_AUDIT_TRACE && open.length >= 5000) process.stderr.write(`audit of ${open.length} cells: neighbourhoods of ${size} for ${here.length} cells, ${left.length} unsettled, ${stageLps[1]} LPs, ${Math.round(performance.now() - tStage)} ms\n`);
    }
  }
  stageLeft[1] = unresolved.length;
  // (3) the rest on their whole connected component (their exact real bounds)
  stageMs[1] = performance.now() - tStage;
  progress(1);
  tStage = performance.now();
  stage = 2;
  tick(true);
  if (!input.localOnly && unresolved.length) {
    const byComp = new Map<number, number[]>();
    for (const v of notYetProved(unresolved)) {
      const c = componentOf[v];
      const l = byComp.get(c);
      if (l) l.push(v);
      else byComp.set(c, [v]);
    }
    const grow = input.columnGeneration ?? COLUMN_GENERATION;
    for (const [c, vs] of byComp) {
      const all = members.get(c)!;
      // a large component: column generation — each target's one-cell LP over its neighbourhood (every other
      // cell at its true value); while it fails without a tight bound, the cells outside that its dual bound
      // leans on join the neighbourhood and the LP is solved again. What it leaves (nothing left to add, yet the
      // bound not tight: rounding; or `rounds` reached) gets the whole component's LPs
      let rest = vs;
      if (all.length >= grow.min) {
        rest = [];
        // many targets on one component: its batch LPs first (a few LPs prove most protected targets at once);
        // the targets they leave go through column generation, which also gives the failing ones their bounds
        let todo = notYetProved(vs);
        if (todo.length >= (grow.batchTargets ?? COLUMN_GENERATION.batchTargets) && all.length <= (grow.batchCells ?? COLUMN_GENERATION.batchCells)) {
          todo = solveChunk(all, todo, true, false);
        }
        for (const v of notYetProved(todo)) {
          const inside = new Set(neighbourhood([v], grow.cells, grow.hops));
          rest.push(...solveChunk([...inside], [v], false, true, { batches: false, grow: grow.rounds }, () => false));
        }
      }
      wholeCells += rest.length;
      if (rest.length) stageLeft[2] += solveChunk(all, rest, true).length;
    }
  }
  stageMs[2] = performance.now() - tStage;
  tick(true, 0, undefined, true);
  // cells in the order of the local stage over all targets (by group, first group first), whichever
  // way each was proved: the repair walks them in this order, so its choices do not depend on the proofs
  const byGroup = groupCells(targets, input.group);
  const cells: CellAudit[] = [];
  for (const l of byGroup.values()) for (const v of l) cells.push(cellOut.get(v)!);
  const failing = cells.filter((c) => !c.protected).map((c) => c.cell);
  if (process.env.HOMESTART_AUDIT_TRACE) {
    process.stderr.write(`audit: ${targets.length} cells, ${open.length} after stored moves; LPs local/neighbourhood/component ${stageLps.join('/')} in ${stageMs.map((x) => Math.round(x)).join('/')} ms, unsettled after each ${stageLeft.join('/')} (${wholeCells} on whole components), failing settled in each ${stageFailing.join('/')}; ${failing.length} failing; ${comps.size} components, largest ${largest}; ${Math.round(performance.now() - t0)} ms\n`);
  }
  return { cells, failing, components: comps.size, largestComponent: largest, lps, stageLps, componentCells: stageLeft[1], wholeComponentCells: wholeCells, ms: performance.now() - t0 };
}
