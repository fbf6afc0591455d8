import { describe, expect, it } from 'vitest';
import {
  suppressCounts, suppressBreakdown, suppressTable2D, findProtectingChange, publishedPercent, isSmallCount, displayCount,
  StatsError, createRng, type CellStatus, type SumConstraint,
} from '../../src/index.js';

describe('primary suppression', () => {
  it('counts 1–4 are "<5"; zero and ≥ 5 are shown by default', () => {
    const r = suppressBreakdown([0, 4, 5, 12], { total: 'none' });
    expect(r.cells.map((c) => c.display)).toEqual(['0', '<5', '5', '12']);
    expect(r.cells[1].value).toBeNull();
    expect(isSmallCount(0)).toBe(false);
    expect(isSmallCount(0, { suppressZero: true })).toBe(true);
    expect(isSmallCount(4)).toBe(true);
    expect(isSmallCount(5)).toBe(false);
  });

  it('threshold is configurable; zeros hidden on request', () => {
    const r = suppressBreakdown([0, 7, 12], { total: 'none', threshold: 10, suppressZero: true });
    expect(r.cells.map((c) => c.display)).toEqual(['<10', '<10', '12']);
    expect(displayCount(3, 'primary', 10)).toBe('<10');
    expect(displayCount(30, 'secondary')).toBe('x');
  });

  it('rejects what is not a count or not additive', () => {
    expect(() => suppressCounts([1.5], [])).toThrow(StatsError);
    expect(() => suppressCounts([-1], [])).toThrow(/not a whole number/);
    expect(() => suppressCounts([2, 3, 6], [{ parts: [0, 1], total: 2 }])).toThrow(/not the sum of its parts/);
    expect(() => suppressCounts([2], [], { threshold: 0 })).toThrow(/threshold/);
  });
});

describe('secondary suppression', () => {
  it('1-D with total: the doc example', () => {
    const r = suppressBreakdown([12, 3, 9]);
    // 3 is small; the line {12, 3, 9 | 24} then has one hidden cell: the next smallest (9) goes too
    expect(r.cells.map((c) => c.display)).toEqual(['12', '<5', 'x']);
    expect(r.total!.display).toBe('24');
    expect(suppressCounts([12, 3, 9, 24], [{ parts: [0, 1, 2], total: 3 }]).status).toEqual(['shown', 'primary', 'secondary', 'shown']);
  });

  it('a total below the threshold is itself hidden, and protects its only small part', () => {
    const r = suppressBreakdown([3, 0, 0]);
    expect(r.cells.map((c) => c.display)).toEqual(['<5', '0', '0']);
    expect(r.total!.display).toBe('<5');
  });

  it('the audit catches a "<5" of 1 protected only by a 5 (1 + 5 = 6 would force both)', () => {
    // line rule alone: hide 1 (primary) and 5 (next smallest). A reader knows <5 ∈ [1, 4] and x ≥ 5:
    // 1 + x = 6 → the 1 and the 5 are determined. The audit hides one more cell.
    const r = suppressBreakdown([1, 5, 30]);
    expect(r.cells.map((c) => c.display)).toEqual(['<5', 'x', 'x']);
    expect(r.result.auditAdded).toBe(1);
  });

  it('2-D with margins: the doc example', () => {
    const t = suppressTable2D([[20, 3], [15, 12]]);
    expect(t.cells.map((r) => r.map((c) => c.display))).toEqual([['x', '<5'], ['x', 'x']]);
    expect(t.rowTotals!.map((c) => c.display)).toEqual(['23', '27']);
    expect(t.colTotals!.map((c) => c.display)).toEqual(['35', '15']);
    expect(t.grandTotal!.display).toBe('50');
  });

  it('forced cells (hidden elsewhere) are hidden and protected too', () => {
    const r = suppressCounts([10, 20, 30, 60], [{ parts: [0, 1, 2], total: 3 }], { forced: [false, true, false, false] });
    expect(r.status).toEqual(['secondary', 'secondary', 'shown', 'shown']);
  });

  it('percentages of hidden counts or bases are hidden', () => {
    const r = suppressBreakdown([12, 3, 9]);
    expect(publishedPercent(r.cells[0], r.total!).display).toBe('50%');
    expect(publishedPercent(r.cells[1], r.total!).display).toBe('x');
    expect(publishedPercent(r.cells[2], r.total!).value).toBeNull();
    expect(publishedPercent(r.cells[0], { value: null, display: '<5', status: 'primary' }).display).toBe('x');
    expect(publishedPercent(r.cells[0], 0).display).toBe('–');
  });
});

// ---------------------------------------------------------------------------------------------
// Proof that the published tables cannot be undone.
//
// Independent of the library's own audit: for each published table we enumerate integer tables that
// agree with everything a reader sees — visible cells exactly, every row/column/grand total
// constraint, "<t" cells in [1, t−1] (or [0, t−1] when zeros are hidden), "x" cells ≥ t — by a
// depth-first search with interval pruning, and stop once every hidden cell has been seen with a value
// different from its true one. A cell that never varies is determined: the test fails.

interface Published {
  values: number[];
  status: CellStatus[];
  constraints: SumConstraint[];
  threshold: number;
  suppressZero: boolean;
}

/** Returns the hidden cells whose value is the same in every table consistent with the publication. */
function determinedCells(p: Published): number[] {
  const n = p.values.length;
  const hidden = [...Array(n).keys()].filter((i) => p.status[i] !== 'shown');
  const cap = p.values.reduce((a, b) => a + b, 0) + p.threshold; // conservative upper bound for "x" cells
  const lo0 = new Array<number>(n);
  const hi0 = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    if (p.status[i] === 'shown') lo0[i] = hi0[i] = p.values[i];
    else if (p.status[i] === 'primary') [lo0[i], hi0[i]] = [p.suppressZero ? 0 : 1, p.threshold - 1];
    else [lo0[i], hi0[i]] = [0, cap]; // "x": 0 or ≥ threshold (values 1 … threshold − 1 would have been "<t")
  }
  const allowed = (i: number, v: number) => p.status[i] !== 'secondary' || v === 0 || v >= p.threshold;
  let steps = 0;
  /** Interval propagation over the sum constraints; false when a domain becomes empty. */
  const propagate = (lo: number[], hi: number[]): boolean => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const c of p.constraints) {
        let minS = 0;
        let maxS = 0;
        for (const i of c.parts) {
          minS += lo[i];
          maxS += hi[i];
        }
        const t = c.total;
        if (lo[t] < minS) [lo[t], changed] = [minS, true];
        if (hi[t] > maxS) [hi[t], changed] = [maxS, true];
        for (const i of c.parts) {
          const l = lo[t] - (maxS - hi[i]);
          const h = hi[t] - (minS - lo[i]);
          if (lo[i] < l) [lo[i], changed] = [l, true];
          if (hi[i] > h) [hi[i], changed] = [h, true];
        }
        for (const i of [...c.parts, t]) if (lo[i] > hi[i]) return false;
      }
    }
    return true;
  };
  /** Depth-first search for one integer table within the domains; values nearest the truth first. */
  const solve = (lo: number[], hi: number[]): boolean => {
    if (++steps > 5_000_000) throw new Error('enumeration too large for this test table');
    if (!propagate(lo, hi)) return false;
    let pick = -1;
    for (const i of hidden) if (lo[i] < hi[i] && (pick < 0 || hi[i] - lo[i] < hi[pick] - lo[pick])) pick = i;
    if (pick < 0) return hidden.every((i) => allowed(i, lo[i]));
    const truth = Math.min(Math.max(p.values[pick], lo[pick]), hi[pick]);
    const order: number[] = [];
    for (let d = 0; truth - d >= lo[pick] || truth + d <= hi[pick]; d++) {
      if (truth - d >= lo[pick]) order.push(truth - d);
      if (d > 0 && truth + d <= hi[pick]) order.push(truth + d);
    }
    for (const v of order) {
      if (!allowed(pick, v)) continue;
      const l = [...lo];
      const h = [...hi];
      l[pick] = h[pick] = v;
      if (solve(l, h)) return true;
    }
    return false;
  };
  const determined: number[] = [];
  for (const i of hidden) {
    let other = false;
    for (const [a, b] of [[lo0[i], p.values[i] - 1], [p.values[i] + 1, hi0[i]]]) {
      if (other || a > b) continue;
      const l = [...lo0];
      const h = [...hi0];
      [l[i], h[i]] = [a, b];
      other = solve(l, h);
    }
    if (!other) determined.push(i);
  }
  return determined;
}

/** Hidden cells per constraint line (cells + total). */
function hiddenPerLine(p: Published): number[] {
  return p.constraints.map((c) => [...c.parts, c.total].filter((i) => p.status[i] !== 'shown').length);
}

function randomCount(rng: ReturnType<typeof createRng>): number {
  const u = rng.next();
  if (u < 0.15) return 0;
  if (u < 0.55) return 1 + rng.int(4); // small: 1–4
  if (u < 0.7) return 5 + rng.int(2); // just above the threshold: 5–6 (the tricky case)
  return 7 + rng.int(14);
}

describe('suppression cannot be undone from the published table (random tables)', () => {
  const rng = createRng(20261122);

  it('2-D tables with row, column and grand totals (300 tables, 2–4 × 2–4)', () => {
    let hiddenTotal = 0;
    for (let t = 0; t < 300; t++) {
      const R = 2 + rng.int(3);
      const C = 2 + rng.int(3);
      const cells = Array.from({ length: R }, () => Array.from({ length: C }, () => randomCount(rng)));
      const suppressZero = t % 5 === 0;
      const s = suppressTable2D(cells, { suppressZero });
      const p: Published = { values: s.values, status: s.result.status, constraints: s.constraints, threshold: 5, suppressZero };
      hiddenTotal += p.status.filter((x) => x !== 'shown').length;
      expect(s.result.unprotected).toEqual([]);
      for (const h of hiddenPerLine(p)) expect(h).not.toBe(1);
      const determined = determinedCells(p);
      if (determined.length) throw new Error(`table ${JSON.stringify(cells)}: cells ${determined} determined; status ${s.result.status}`);
      // every "<5" really is small, every shown value is the truth
      s.values.forEach((v, i) => {
        if (s.result.status[i] === 'primary') expect(v).toBeLessThan(5);
      });
    }
    expect(hiddenTotal).toBeGreaterThan(300); // the random tables did exercise suppression
  });

  it('larger 2-D tables (12 tables, 5 × 4–5)', () => {
    for (let t = 0; t < 12; t++) {
      const R = 5;
      const C = 4 + rng.int(2);
      const cells = Array.from({ length: R }, () => Array.from({ length: C }, () => randomCount(rng)));
      const s = suppressTable2D(cells);
      const p: Published = { values: s.values, status: s.result.status, constraints: s.constraints, threshold: 5, suppressZero: false };
      for (const h of hiddenPerLine(p)) expect(h).not.toBe(1);
      expect(determinedCells(p)).toEqual([]);
    }
  });

  it('1-D breakdowns with their total (300 breakdowns, 2–7 categories), threshold 5 and 10', () => {
    for (let t = 0; t < 300; t++) {
      const k = 2 + rng.int(6);
      const counts = Array.from({ length: k }, () => randomCount(rng));
      const threshold = t % 3 === 0 ? 10 : 5;
      const r = suppressBreakdown(counts, { threshold });
      const values = [...counts, counts.reduce((a, b) => a + b, 0)];
      const p: Published = { values, status: r.result.status, constraints: [{ parts: counts.map((_, i) => i), total: k }], threshold, suppressZero: false };
      for (const h of hiddenPerLine(p)) expect(h).not.toBe(1);
      const determined = determinedCells(p);
      if (determined.length) throw new Error(`breakdown ${JSON.stringify(counts)}: cells ${determined} determined`);
    }
  });

  it('the checker itself detects a disclosure (a test that can fail)', () => {
    // Only primary suppression on a 1-D breakdown with its total: 12, <5, 9 | 24 → the 3 is recoverable.
    const p: Published = { values: [12, 3, 9, 24], status: ['shown', 'primary', 'shown', 'shown'], constraints: [{ parts: [0, 1, 2], total: 3 }], threshold: 5, suppressZero: false };
    expect(determinedCells(p)).toEqual([1]);
    // 1 and 5 hidden together: 1 + x = 6 with x ≥ 5 forces both
    const q: Published = { values: [1, 5, 30, 36], status: ['primary', 'secondary', 'shown', 'shown'], constraints: [{ parts: [0, 1, 2], total: 3 }], threshold: 5, suppressZero: false };
    expect(determinedCells(q).sort()).toEqual([0, 1]);
    expect(findProtectingChange(q.values, q.constraints, q.status, 0)).toBeNull();
  });

  it('findProtectingChange returns a change that keeps every constraint', () => {
    const s = suppressTable2D([[20, 3], [15, 12]]);
    const d = findProtectingChange(s.values, s.constraints, s.result.status, 1)!;
    expect(d).not.toBeNull();
    expect(d[1]).not.toBe(0);
    for (const c of s.constraints) {
      const lhs = c.parts.reduce((a, i) => a + d[i], 0);
      expect(lhs).toBe(d[c.total]);
    }
  });
});
