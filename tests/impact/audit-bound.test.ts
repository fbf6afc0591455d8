/**
 * What an exact LP bound of a failing cell rests on (audit.ts `CellAudit.bound`, the LP's dual): the repair
 * of the disclosure control (disclosure.ts) hands a failing cell to the fallback at once when its bound
 * rests on no count the repair may hide — on the national period set the repair otherwise hid a far-away
 * cell for each such cell, round after round, up to its round limit, in every round of the fallback.
 * Checked here on small systems whose answer is known by hand: the relations named are the ones that
 * pin the cell, and hiding a count on them (and only on them) loosens the bound.
 */
import { describe, expect, it } from 'vitest';
import { auditHiddenCells, type AuditStatus } from '../../src/impact/audit.js';
import type { LinearRelation } from '../../src/impact/publication.js';

const sum = (vars: number[], coefs: number[]): LinearRelation => ({ vars, coefs, lo: 0, hi: 0, kind: 'sum' });

describe('the bound certificate of a failing hidden cell', () => {
  // cells: 0 a "<5" = 2, 1 b = 3 ("<5"), 2 total 5 of a and b, 3 c = 10, 4 total 15 of b and c, 5 d = 20, 6 total 25 of c and d
  const values = [2, 3, 5, 10, 13, 20, 30];
  const relations: LinearRelation[] = [
    sum([0, 1, 2], [1, 1, -1]), // a + b = 5
    sum([1, 3, 4], [1, 1, -1]), // b + c = 13
    sum([3, 5, 6], [1, 1, -1]), // c + d = 30
  ];
  it('names the relations that pin the cell: a + b = 5 with b + c = 13 printed pins a and b', async () => {
    const status: AuditStatus[] = ['primary', 'primary', 'shown', 'shown', 'shown', 'shown', 'shown'];
    const r = await auditHiddenCells({ values, status, relations, threshold: 5, zeroHidden: false });
    const a = r.cells.find((c) => c.cell === 0)!;
    expect(a.protected).toBe(false);
    expect(a.exact).toBe(true);
    // a = 5 − b and b = 13 − c: the bound rests on both relations (and on nothing of c + d = 30)
    const rels = new Set([...(a.bound?.up?.relations ?? []), ...(a.bound?.down?.relations ?? [])]);
    expect([...rels].sort()).toEqual([0, 1]);
    expect(rels.has(2)).toBe(false);
  });

  it('hiding a count on those relations loosens the bound; hiding one elsewhere does not', async () => {
    // c hidden ("x"): b + c = 13 no longer pins b; with d shown c = 30 − 20 = 10 still pins it
    const cHidden: AuditStatus[] = ['primary', 'primary', 'shown', 'secondary', 'shown', 'shown', 'shown'];
    const r1 = await auditHiddenCells({ values, status: cHidden, relations, threshold: 5, zeroHidden: false });
    const a1 = r1.cells.find((c) => c.cell === 0)!;
    expect(a1.protected).toBe(false);
    // the bound now rests on c + d = 30 as well: d is the count to hide next
    const rels1 = new Set([...(a1.bound?.up?.relations ?? []), ...(a1.bound?.down?.relations ?? [])]);
    expect(rels1.has(2)).toBe(true);
    // d hidden too: a is anywhere in 1–4
    const both: AuditStatus[] = ['primary', 'primary', 'shown', 'secondary', 'shown', 'secondary', 'shown'];
    const r2 = await auditHiddenCells({ values, status: both, relations, threshold: 5, zeroHidden: false });
    expect(r2.cells.find((c) => c.cell === 0)!.protected).toBe(true);
    expect(r2.cells.find((c) => c.cell === 0)!.bound).toBeUndefined();
  });

  it('a cell pinned by printed counts alone has a bound on relations with no hidden neighbour to widen', async () => {
    // a + b = 5 and b printed as 3 (an earlier file printed it): a = 2 whatever else is hidden
    const status: AuditStatus[] = ['primary', 'shown', 'shown', 'shown', 'shown', 'shown', 'shown'];
    const r = await auditHiddenCells({ values, status, relations, threshold: 5, zeroHidden: false });
    const a = r.cells.find((c) => c.cell === 0)!;
    expect(a.protected).toBe(false);
    expect(a.bound?.up?.relations).toEqual([0]);
    expect(a.bound?.up?.cells).toEqual([]);
  });
});
