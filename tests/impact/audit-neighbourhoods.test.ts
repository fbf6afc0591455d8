/**
 * The audit's stages between the local LPs and the whole component (audit.ts): growing neighbourhoods that
 * prove cells, and a failing verdict settled in a local LP only when the LP's dual bounds the cell over the
 * whole set just as tightly (`dualBound`). On the national period set the local LPs (two relations around a
 * chunk of one scope and year) proved ~12% of the cells and the rest went to LPs over components of ~47,000
 * cells. Checked here on a set shaped like a period's chain of windows: a ladder of "<5" cells, each pair
 * summing to a printed 5, in blocks that only a free (left-out) count at each end of the block lets move —
 * two relations around a cell never reach both ends, a neighbourhood of 20 cells does. Every verdict and
 * every failing cell's bound is compared with an independent LP over the whole set.
 */
import { describe, expect, it } from 'vitest';
import { auditHiddenCells, dualBound, hiddenCellBounds, loadHighs, type AuditResult, type AuditStatus } from '../../src/impact/audit.js';
import { auditGroups } from '../../src/impact/disclosure.js';
import type { LinearRelation } from '../../src/impact/publication.js';
import { ladder } from './fixtures.js';

const T = 5;


/** Each target's exact real range over the whole set, by an LP of its own (HiGHS, no shortcut). */
async function exactRanges(values: number[], status: AuditStatus[], relations: LinearRelation[], targets: number[]): Promise<Map<number, [number, number]>> {
  const highs = (await loadHighs()) as unknown as { solve(lp: string, o?: Record<string, unknown>): { Status: string; ObjectiveValue: number } };
  const name = (v: number) => `x${v}`;
  const bounds: string[] = [];
  for (let v = 0; v < values.length; v++) {
    const [lo, hi] = hiddenCellBounds({ values, status, t: T, zeroLo: 1 }, v);
    bounds.push(` ${lo} <= ${name(v)} <= ${hi}`);
  }
  const rows = relations.map((r, k) => {
    const expr = r.vars.map((v, q) => `${r.coefs[q] >= 0 ? '+' : '-'} ${Math.abs(r.coefs[q])} ${name(v)}`).join(' ');
    return ` r${k}: ${expr} = ${r.lo}`;
  });
  const out = new Map<number, [number, number]>();
  for (const v of targets) {
    const range: number[] = [];
    for (const sense of ['Minimize', 'Maximize']) {
      const res = highs.solve(`${sense}\n obj: ${name(v)}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`);
      expect(res.Status).toBe('Optimal');
      range.push(res.ObjectiveValue);
    }
    out.set(v, [range[0], range[1]]);
  }
  return out;
}

/** Every cell protected exactly when the whole set's LP range covers 1 … 4; a failing cell's range its exact bound on the whole set, with what the bound rests on. */
function expectWholeSetVerdicts(r: AuditResult, exact: Map<number, [number, number]>): void {
  for (const c of r.cells) {
    const [lo, hi] = exact.get(c.cell)!;
    expect(c.protected).toBe(hi >= T - 1 - 1e-6 && lo <= 1 + 1e-6);
    if (!c.protected) {
      expect(c.exact).toBe(true);
      expect(c.lo).toBeCloseTo(lo, 6);
      expect(c.hi).toBeCloseTo(hi, 6);
      expect(c.bound?.up ?? c.bound?.down).toBeDefined();
    }
  }
}

describe('growing neighbourhoods between the local LPs and the whole component', () => {
  it('prove the cells two relations cannot, fail exactly the pinned ones, and leave fewer cells to the component', async () => {
    const { values, status, relations, targets } = ladder(12, 8, new Set([3, 7]));
    // each cell its own group: a local LP is one cell and the cells two relations around it
    const input = { values, status, relations, threshold: T, zeroHidden: false, group: values.map((_, i) => i) };
    const staged = await auditHiddenCells({ ...input, neighbourhoods: [20, 60] });
    const direct = await auditHiddenCells({ ...input, neighbourhoods: [] });
    // one component of 12·8 cells and 13 left-out counts: larger than both neighbourhoods
    expect(staged.components).toBe(1);
    expect(staged.largestComponent).toBe(12 * 8 + 13);
    const exact = await exactRanges(values, status, relations, targets);
    for (const r of [staged, direct]) expectWholeSetVerdicts(r, exact);
    // the two pinned blocks fail (16 cells), every other cell is protected
    expect(staged.failing.length).toBe(16);
    expect(direct.failing.length).toBe(16);
    // the local LPs leave most cells (a block's ends are more than two relations away); the neighbourhoods
    // prove the protected ones, so the whole component gets only cells that fail — the direct run gives it
    // most cells
    expect(direct.componentCells).toBeGreaterThan(targets.length / 2);
    expect(staged.componentCells).toBeLessThanOrEqual(staged.failing.length);
    expect(staged.componentCells).toBeLessThan(direct.componentCells / 2);
    expect(staged.stageLps[2]).toBeLessThan(direct.stageLps[2]);
    expect(staged.stageLps[1]).toBeGreaterThan(0);
  });

  it('a local LP that cannot show a cell failing over the whole set leaves it to the component LP', async () => {
    // blocks of 30: a pinned block's cells far from its printed count are held in the local LP by cells fixed
    // at their true values, which the dual bound over the whole set sees; near the count the dual settles them
    const { values, status, relations, targets } = ladder(4, 30, new Set([1]));
    const r = await auditHiddenCells({ values, status, relations, threshold: T, zeroHidden: false, group: values.map((_, i) => i), neighbourhoods: [10] });
    const exact = await exactRanges(values, status, relations, targets);
    for (const c of r.cells) {
      const [lo, hi] = exact.get(c.cell)!;
      expect(c.protected).toBe(hi >= T - 1 - 1e-6 && lo <= 1 + 1e-6);
    }
    expect(r.failing.length).toBe(30);
    expect(r.componentCells).toBeGreaterThan(0);
    // the cells near the printed count fail exactly in the local LPs; the rest (and the protected blocks,
    // longer than a neighbourhood of 10) go to the component
    expect(r.componentCells).toBeLessThan(targets.length);
  });
});

describe('column generation on a large component (AuditInput.columnGeneration)', () => {
  it('gives every cell the verdict and every failing cell the bound of the whole component', async () => {
    // blocks of 8 "<5" between left-out counts, two blocks pinned; each cell's own LP starts with one relation
    // around it free, so a protected cell needs the cells its dual bound leans on freed (up to a block's ends)
    const { values, status, relations, targets } = ladder(12, 8, new Set([3, 7]));
    const input = { values, status, relations, threshold: T, zeroHidden: false, group: values.map((_, i) => i), neighbourhoods: [] as number[], local: { cells: 3, targets: 1, hops: 1 } };
    const grown = await auditHiddenCells({ ...input, columnGeneration: { min: 1, cells: 3, hops: 1, rounds: 200, batchTargets: Infinity } });
    const whole = await auditHiddenCells({ ...input, columnGeneration: { min: Infinity, cells: 0, hops: 0, rounds: 0 } });
    // the component's batch LPs first (it has more targets than batchTargets), column generation for the rest
    const batched = await auditHiddenCells({ ...input, columnGeneration: { min: 1, cells: 3, hops: 1, rounds: 200, batchTargets: 10 } });
    const exact = await exactRanges(values, status, relations, targets);
    expect(grown.componentCells).toBeGreaterThan(targets.length / 2);
    for (const r of [grown, whole, batched]) {
      expect(r.failing.length).toBe(16);
      expectWholeSetVerdicts(r, exact);
    }
    expect(grown.failing).toEqual(whole.failing);
    expect(batched.failing).toEqual(whole.failing);
    // every failing cell's bound and what it rests on, as column generation alone finds them
    const bounds = (r: AuditResult) => r.cells.filter((c) => !c.protected).map((c) => [c.cell, c.lo, c.hi, c.bound]);
    expect(bounds(batched)).toEqual(bounds(grown));
    // column generation settled every cell left to the component; without it they all got the component's LPs
    expect(grown.wholeComponentCells).toBe(0);
    expect(batched.wholeComponentCells).toBe(0);
    expect(whole.wholeComponentCells).toBe(whole.componentCells);
    // the batch LPs prove the protected cells at once: fewer LPs than one model per cell
    expect(batched.stageLps[2]).toBeLessThan(grown.stageLps[2] / 2);
  });
});

describe('dualBound: a bound over the whole set from any multipliers', () => {
  const values = [2, 3, 5, 10];
  const status: AuditStatus[] = ['primary', 'primary', 'shown', 'secondary'];
  // a + b = 5 (printed), b ≤ x
  const relations: LinearRelation[] = [
    { vars: [0, 1, 2], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' },
    { vars: [1, 3], coefs: [1, -1], lo: -Infinity, hi: 0, kind: 'subset' },
  ];
  const p = { values, status, relations, t: T, zeroLo: 1 };
  it('gives a ≤ 5 − 1 = 4 from a + b = 5 and b ≥ 1, and a ≥ 1 from b ≤ 4, with what each rests on', () => {
    const up = dualBound(p, 0, 1, [0], [1]);
    expect(up.bound).toBeCloseTo(4, 12);
    expect(up.relations).toEqual([0]);
    expect(up.cells).toEqual([1]);
    const down = dualBound(p, 0, -1, [0], [1]);
    expect(-down.bound).toBeCloseTo(1, 12);
  });
  it('is valid for any multipliers: a wrong sign or a relation without an end on its side only weakens it', () => {
    // y on b ≤ x with the side that has no end (−∞): taken as 0, the bound is a's own range
    expect(dualBound(p, 0, 1, [1], [1]).bound).toBeCloseTo(4, 12);
    expect(dualBound(p, 0, 1, [0, 1], [0.5, 0.5]).bound).toBeGreaterThanOrEqual(4 - 1e-12);
  });
});

describe('column generation when the lower dual bound comes from the other sign', () => {
  // c ≤ a and a ≤ s − u, with s and u two "x" cells: the LP's own multipliers (+1, +1) lean on s and u; the
  // other sign drops both multipliers (their relations have no lower end) and bounds c by its own range, 4 —
  // the lower of the two bounds, resting on no cell at all
  const values = [0, 0, 8, 7];
  const status: AuditStatus[] = ['primary', 'primary', 'secondary', 'secondary'];
  const relations: LinearRelation[] = [
    { vars: [0, 1], coefs: [1, -1], lo: -Infinity, hi: 0, kind: 'subset' },
    { vars: [1, 2, 3], coefs: [1, -1, 1], lo: -Infinity, hi: 0, kind: 'subset' },
  ];
  it('dualBound names the cells the other sign leans on', () => {
    const b = dualBound({ values, status, relations, t: T, zeroLo: 0 }, 0, 1, [0, 1], [1, 1]);
    expect(b.bound).toBeCloseTo(4, 12);
    expect(b.cells).toEqual([]);
    expect(b.otherSign).toEqual([2, 3]);
  });
  it('the target\'s model grows by them, and no cell is left to its whole component', async () => {
    // the local stage sees only c and a (s and u fixed at 8 and 7: c ≤ 1, failing), no neighbourhood stage,
    // column generation from a single cell with one relation around it
    const r = await auditHiddenCells({ values, status, relations, threshold: T, zeroHidden: false, fullZeroRange: true, only: [0], local: { cells: 2, targets: 1, hops: 1 }, neighbourhoods: [], columnGeneration: { min: 1, cells: 2, hops: 1, rounds: 10 } });
    const c = r.cells.find((x) => x.cell === 0)!;
    expect(c.protected).toBe(true);
    expect(c.hi).toBeGreaterThanOrEqual(T - 1);
    expect(r.componentCells).toBe(1);
    expect(r.wholeComponentCells).toBe(0);
  });
});

describe('auditGroups: the local LPs’ groups', () => {
  it('a set of calendar years: one group per scope and year, as before', () => {
    const { group, local } = auditGroups(['nat|2024|fam.supported', 'nat|2024|dur.0-3', 'nat|2025|dur.0-3', 'site:S1|2024|dur.0-3']);
    expect([...group]).toEqual([0, 0, 1, 2]);
    expect(local).toBeUndefined();
  });
  it('a set with a period: local LPs by scope and table across years, periods and windows; the order by scope and period', () => {
    const { group, local } = auditGroups([
      'site:S1|2024|dur.12-15',
      'site:S1|2024-07-01_2025-06-30|dur.12-15',
      'site:S1|2024-07-01_2024-12-31|seg:dur.12-15',
      'site:S1|2024|vol.gReg.male',
      'site:S1|2025|vol.gReg.female',
      'site:S1|2024|vol.registered',
      'site:S2|2024|dur.0-3',
    ]);
    expect([...local!.group]).toEqual([0, 0, 0, 1, 1, 2, 3]);
    expect(local?.hops).toBeGreaterThan(2);
    expect([...group]).toEqual([0, 1, 2, 0, 3, 0, 4]);
  });
});
