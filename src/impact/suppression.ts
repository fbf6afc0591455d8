/**
 * Small-cell suppression for published counts (AVG/GDPR; domain brief §5).
 *
 * Primary suppression: a count c with 1 ≤ c < threshold (default 5) is published as "<5". Zero is
 * published as 0 by default (a structural or true zero says nothing about a person); set
 * `suppressZero: true` to hide zeros too.
 *
 * Secondary suppression: counts are published together with totals, so a hidden cell could be
 * worked out by subtraction. Every additive relation published (a 1-D breakdown and its total; the
 * rows and columns of a 2-D table and its margins; the same figure appearing in two tables) is a
 * *sum constraint* `parts[0] + … + parts[k] = total`. The algorithm (the usual practice of
 * statistical offices, e.g. Hundepool et al. 2012, *Statistical Disclosure Control*, §5.2):
 *  1. Hide every primary cell (totals included: a total below the threshold is itself a small count).
 *  2. In every constraint with exactly one hidden member, hide the smallest visible positive part
 *     (the total only when no part is left); repeat until no constraint has exactly one hidden
 *     member (a fixed point).
 *  3. Audit: for every hidden cell, search for a second table that fits everything a reader can
 *     see — all visible counts, every constraint, a primary cell between 1 (0 with `suppressZero`)
 *     and threshold − 1, a secondary cell ≥ threshold — and differs from the truth in that cell by
 *     ±1 (an alternating cycle of ±1 changes). When none exists, the cell's value is determined
 *     (e.g. a "<5" of 1 protected only by a 5: 1 + 5 = 6 forces 1 and 5); hide one more cell on
 *     its constraints and go back to step 2. For constraint systems where each cell is in at most two
 *     constraints (1-D breakdowns, 2-D tables with margins) a ±1 cycle exists whenever the value is
 *     not unique (conformal decomposition of network flows), so the audit is exact there; for
 *     linked tables it is conservative (it may hide a cell more than strictly needed).
 * Percentages of hidden counts (or of hidden bases) are hidden too; so are statistics computed on
 * fewer than `threshold` records (see `publishFigures` in report.ts).
 *
 * Secondary cells are published as "x", not as "<5" (they are not small; writing "<5" would be
 * false). The audit assumes a reader knows that.
 */
import { StatsError } from '../stats/result.js';

export interface SuppressionOptions {
  /** Counts from 1 up to threshold − 1 are hidden (default 5: 1–4 are published as "<5"). */
  threshold?: number;
  /** Also hide zeros (default false: 0 is published). */
  suppressZero?: boolean;
}

/** `parts` (cell indices) sum to `total` (a cell index). */
export interface SumConstraint {
  parts: number[];
  total: number;
}

export type CellStatus = 'shown' | 'primary' | 'secondary';

export interface SuppressionResult {
  status: CellStatus[];
  threshold: number;
  suppressZero: boolean;
  /** Cells hidden in the audit step (their value would otherwise have been determined). */
  auditAdded: number;
  /**
   * Hidden cells for which no protecting change could be found even after extra suppression (should
   * be empty; the report refuses to publish otherwise).
   */
  unprotected: number[];
}

/** One published count: the number (null when hidden), what is printed, and why. */
export interface PublishedCount {
  value: number | null;
  display: string;
  status: CellStatus;
}

const SEARCH_BUDGET = 200_000;

function checkOptions(options: SuppressionOptions): { threshold: number; suppressZero: boolean } {
  const threshold = options.threshold ?? 5;
  if (!Number.isInteger(threshold) || threshold < 1) throw new StatsError(`suppression threshold must be a whole number ≥ 1, got ${threshold}.`);
  return { threshold, suppressZero: options.suppressZero ?? false };
}

/** Whether a count is below the threshold (primary suppression). */
export function isSmallCount(value: number, options: SuppressionOptions = {}): boolean {
  const { threshold, suppressZero } = checkOptions(options);
  return value < threshold && (value > 0 || (suppressZero && value === 0));
}

/** The printed form of a count: the number, `<threshold` (primary) or `x` (secondary). */
export function displayCount(value: number, status: CellStatus, threshold = 5): string {
  if (status === 'primary') return `<${threshold}`;
  if (status === 'secondary') return 'x';
  return String(value);
}

/** Bounds a reader can infer for a hidden cell from its mark. */
function bounds(status: CellStatus, value: number, threshold: number, suppressZero: boolean): [number, number] {
  if (status === 'primary') return [suppressZero ? 0 : 1, threshold - 1];
  // Secondary cells are positive counts ≥ threshold (zeros are never hidden as secondary cells).
  if (status === 'secondary') return [threshold, Infinity];
  return [value, value];
}

interface System {
  values: number[];
  constraints: SumConstraint[];
  /** cell → [constraint index, sign] (+1 part, −1 total) */
  membership: Array<Array<[number, number]>>;
}

function buildSystem(values: number[], constraints: SumConstraint[]): System {
  const membership: Array<Array<[number, number]>> = values.map(() => []);
  constraints.forEach((c, k) => {
    for (const p of c.parts) membership[p].push([k, 1]);
    membership[c.total].push([k, -1]);
  });
  return { values, constraints, membership };
}

/**
 * Searches for a ±1 change δ of the hidden cells, non-zero at `target`, that keeps every constraint
 * and every reader-visible bound: proof that `target` is not determined by the published table.
 * Returns δ (indexed by cell) or null when none exists (or the search budget ran out).
 */
export function findProtectingChange(
  values: number[],
  constraints: SumConstraint[],
  status: CellStatus[],
  target: number,
  options: SuppressionOptions = {},
): Int8Array | null {
  const { threshold, suppressZero } = checkOptions(options);
  return witness(buildSystem(values, constraints), status, target, threshold, suppressZero);
}

function witness(sys: System, status: CellStatus[], target: number, threshold: number, suppressZero: boolean): Int8Array | null {
  const n = sys.values.length;
  const delta = new Int8Array(n);
  const imbalance = new Int32Array(sys.constraints.length);
  let steps = 0;
  const allowed = (cell: number, d: number): boolean => {
    if (status[cell] === 'shown' || delta[cell] !== 0) return false;
    const [lo, hi] = bounds(status[cell], sys.values[cell], threshold, suppressZero);
    const v = sys.values[cell] + d;
    return v >= lo && v <= hi;
  };
  const apply = (cell: number, d: number) => {
    delta[cell] = d;
    for (const [k, sign] of sys.membership[cell]) imbalance[k] += sign * d;
  };
  const undo = (cell: number) => {
    const d = delta[cell];
    for (const [k, sign] of sys.membership[cell]) imbalance[k] -= sign * d;
    delta[cell] = 0;
  };
  const touched: number[] = [];
  const solve = (): boolean => {
    if (++steps > SEARCH_BUDGET) return false;
    // find an unbalanced constraint among those touched
    let line = -1;
    for (const cell of touched) {
      for (const [k] of sys.membership[cell]) {
        if (imbalance[k] !== 0) {
          line = k;
          break;
        }
      }
      if (line >= 0) break;
    }
    if (line < 0) return true;
    const c = sys.constraints[line];
    const need = imbalance[line] > 0 ? -1 : 1; // contribution needed
    const members: Array<[number, number]> = c.parts.map((p) => [p, 1] as [number, number]);
    members.push([c.total, -1]);
    for (const [cell, sign] of members) {
      const d = need * sign;
      if (!allowed(cell, d)) continue;
      apply(cell, d);
      touched.push(cell);
      if (solve()) return true;
      touched.pop();
      undo(cell);
      if (steps > SEARCH_BUDGET) return false;
    }
    return false;
  };
  for (const d of [-1, 1]) {
    if (!allowed(target, d)) continue;
    apply(target, d);
    touched.push(target);
    if (solve()) return delta;
    touched.pop();
    undo(target);
  }
  return null;
}

/**
 * Primary and secondary suppression of a set of counts linked by sum constraints (see the module
 * notes for the algorithm). `forced` marks cells that must be hidden anyway (e.g. the same figure is
 * hidden in another table). Pure: returns the status of every cell.
 *
 * @example
 * // a 1-D breakdown 12, 3, 9 with its total 24 (cells 0..3; constraint 0+1+2 = 3)
 * suppressCounts([12, 3, 9, 24], [{ parts: [0, 1, 2], total: 3 }]).status
 * // ['shown', 'primary', 'secondary', 'shown']  → published 12, <5, x, 24
 */
export function suppressCounts(
  values: number[],
  constraints: SumConstraint[],
  options: SuppressionOptions & { forced?: boolean[] } = {},
): SuppressionResult {
  const { threshold, suppressZero } = checkOptions(options);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0) throw new StatsError(`suppression works on counts: cell ${i} is ${v}, not a whole number ≥ 0.`);
  }
  for (const c of constraints) {
    let s = 0;
    for (const p of c.parts) s += values[p];
    if (s !== values[c.total]) throw new StatsError(`a published total (${values[c.total]}) is not the sum of its parts (${s}); suppression needs additive tables.`);
  }
  const sys = buildSystem(values, constraints);
  const status: CellStatus[] = values.map((v, i) =>
    isSmallCount(v, { threshold, suppressZero }) ? 'primary' : options.forced?.[i] && v > 0 ? 'secondary' : 'shown',
  );
  const hide = (cell: number) => {
    if (status[cell] === 'shown') status[cell] = 'secondary';
  };
  /** Smallest visible positive member of a constraint (parts first, then the total); -1 when none. */
  const candidate = (k: number): number => {
    const c = constraints[k];
    let best = -1;
    for (const p of c.parts) {
      if (status[p] !== 'shown' || values[p] === 0) continue;
      if (best < 0 || values[p] < values[best]) best = p;
    }
    if (best < 0 && status[c.total] === 'shown' && values[c.total] > 0) best = c.total;
    // Zeros are never hidden as secondary cells: a hidden zero ("x") could only be 0 or ≥ threshold,
    // which protects nothing and would itself be recoverable.
    return best;
  };
  const lineRule = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (let k = 0; k < constraints.length; k++) {
        const c = constraints[k];
        let hidden = status[c.total] !== 'shown' ? 1 : 0;
        for (const p of c.parts) if (status[p] !== 'shown') hidden++;
        if (hidden === 1) {
          const cell = candidate(k);
          if (cell >= 0) {
            hide(cell);
            changed = true;
          }
        }
      }
    }
  };
  let auditAdded = 0;
  const unprotected = new Set<number>();
  for (;;) {
    lineRule();
    const proven = new Uint8Array(values.length);
    let fixedCell = -1;
    for (let i = 0; i < values.length; i++) {
      if (status[i] === 'shown' || proven[i] || unprotected.has(i) || sys.membership[i].length === 0) continue;
      const d = witness(sys, status, i, threshold, suppressZero);
      if (d) {
        for (let j = 0; j < d.length; j++) if (d[j] !== 0) proven[j] = 1;
      } else {
        fixedCell = i;
        break;
      }
    }
    if (fixedCell < 0) break;
    // Hide one more visible positive cell, the first (cells on the determined cell's own constraints
    // first, then the others; smallest first) after which the determined cell has a protecting change.
    const near = new Set<number>();
    for (const [k] of sys.membership[fixedCell]) for (const m of [...constraints[k].parts, constraints[k].total]) near.add(m);
    const candidates: number[] = [];
    for (let i = 0; i < values.length; i++) if (status[i] === 'shown' && values[i] > 0 && sys.membership[i].length > 0) candidates.push(i);
    candidates.sort((a, b) => (near.has(a) ? 0 : 1) - (near.has(b) ? 0 : 1) || values[a] - values[b]);
    let chosen = -1;
    for (const cand of candidates.slice(0, 60)) {
      status[cand] = 'secondary';
      if (witness(sys, status, fixedCell, threshold, suppressZero)) {
        chosen = cand;
        break;
      }
      status[cand] = 'shown';
    }
    if (chosen < 0 && candidates.length > 0) {
      // no single cell is enough: hide the nearest smallest one and look again (the set only grows)
      chosen = candidates[0];
      status[chosen] = 'secondary';
    }
    if (chosen < 0) unprotected.add(fixedCell);
    else auditAdded++;
  }
  return { status, threshold, suppressZero, auditAdded, unprotected: [...unprotected] };
}

function published(value: number, status: CellStatus, threshold: number): PublishedCount {
  return { value: status === 'shown' ? value : null, display: displayCount(value, status, threshold), status };
}

/**
 * Suppresses a 1-D breakdown (categories of one variable) published with its total.
 * With `total: 'none'` the categories are not additive (e.g. several help questions per family):
 * only primary suppression applies.
 *
 * @example
 * const r = suppressBreakdown([12, 3, 9]);
 * r.cells.map((c) => c.display) // ['12', '<5', 'x']
 * r.total.display               // '24'
 */
export function suppressBreakdown(
  counts: number[],
  options: SuppressionOptions & { total?: 'sum' | 'none' } = {},
): { cells: PublishedCount[]; total: PublishedCount | null; result: SuppressionResult } {
  const { threshold } = checkOptions(options);
  if (options.total === 'none') {
    const result = suppressCounts(counts, [], options);
    return { cells: counts.map((v, i) => published(v, result.status[i], threshold)), total: null, result };
  }
  const total = counts.reduce((a, b) => a + b, 0);
  const values = [...counts, total];
  const result = suppressCounts(values, [{ parts: counts.map((_, i) => i), total: counts.length }], options);
  return {
    cells: counts.map((v, i) => published(v, result.status[i], threshold)),
    total: published(total, result.status[counts.length], threshold),
    result,
  };
}

export interface Table2DSuppression {
  cells: PublishedCount[][];
  rowTotals: PublishedCount[] | null;
  colTotals: PublishedCount[] | null;
  grandTotal: PublishedCount | null;
  result: SuppressionResult;
  /** The flat cell values and constraints the suppression used (cells row-major, then row totals, column totals, grand total). */
  values: number[];
  constraints: SumConstraint[];
}

/**
 * Suppresses a 2-D table of counts with its margins (row totals, column totals and the grand total
 * when both are published).
 *
 * @example
 * const t = suppressTable2D([[20, 3], [15, 12]]);
 * t.cells.map((r) => r.map((c) => c.display)) // [['x', '<5'], ['x', 'x']]; margins 23, 27 | 35, 15 | 50 shown
 */
export function suppressTable2D(
  cells: number[][],
  options: SuppressionOptions & { rowTotals?: boolean; colTotals?: boolean } = {},
): Table2DSuppression {
  const { threshold } = checkOptions(options);
  const R = cells.length;
  const C = R ? cells[0].length : 0;
  if (cells.some((r) => r.length !== C)) throw new StatsError('every row of a table must have the same number of cells.');
  const rowTotals = options.rowTotals ?? true;
  const colTotals = options.colTotals ?? true;
  const values: number[] = [];
  for (const r of cells) values.push(...r);
  const at = (r: number, c: number) => r * C + c;
  const constraints: SumConstraint[] = [];
  let rowBase = -1;
  let colBase = -1;
  let grand = -1;
  if (rowTotals) {
    rowBase = values.length;
    for (let r = 0; r < R; r++) values.push(cells[r].reduce((a, b) => a + b, 0));
    for (let r = 0; r < R; r++) constraints.push({ parts: Array.from({ length: C }, (_, c) => at(r, c)), total: rowBase + r });
  }
  if (colTotals) {
    colBase = values.length;
    for (let c = 0; c < C; c++) values.push(cells.reduce((a, row) => a + row[c], 0));
    for (let c = 0; c < C; c++) constraints.push({ parts: Array.from({ length: R }, (_, r) => at(r, c)), total: colBase + c });
  }
  if (rowTotals && colTotals) {
    grand = values.length;
    values.push(values.slice(rowBase, rowBase + R).reduce((a, b) => a + b, 0));
    constraints.push({ parts: Array.from({ length: R }, (_, r) => rowBase + r), total: grand });
    constraints.push({ parts: Array.from({ length: C }, (_, c) => colBase + c), total: grand });
  }
  const result = suppressCounts(values, constraints, options);
  const pub = (i: number) => published(values[i], result.status[i], threshold);
  return {
    cells: cells.map((row, r) => row.map((_, c) => pub(at(r, c)))),
    rowTotals: rowTotals ? Array.from({ length: R }, (_, r) => pub(rowBase + r)) : null,
    colTotals: colTotals ? Array.from({ length: C }, (_, c) => pub(colBase + c)) : null,
    grandTotal: grand >= 0 ? pub(grand) : null,
    result,
    values,
    constraints,
  };
}

/**
 * A percentage safe to publish: hidden (null) when its count or its base is hidden, or the base is 0.
 */
export function publishedPercent(count: PublishedCount, base: PublishedCount | number, digits = 0): { value: number | null; display: string } {
  const baseValue = typeof base === 'number' ? base : base.value;
  if (count.value === null || baseValue === null) return { value: null, display: 'x' };
  if (baseValue === 0) return { value: null, display: '–' };
  const v = (count.value / baseValue) * 100;
  const f = 10 ** digits;
  const rounded = Math.round(v * f) / f;
  return { value: rounded, display: `${rounded.toFixed(digits)}%` };
}
