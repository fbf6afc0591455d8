/**
 * A count an earlier file printed as "x" and that is left out (".") since is still known to be at least
 * t: the reader holds the earlier file. The audit must use that knowledge (AuditInput.atLeast), the
 * ledger must keep it ("x." = printed "x" before, left out since).
 */
import { describe, expect, it } from 'vitest';
import { auditHiddenCells } from '../../src/impact/audit.js';
import { emptyLedger, ledgerDecisions, updateLedger } from '../../src/impact/ledger.js';
import type { PublicationSetProtection } from '../../src/impact/disclosure.js';

describe('a left-out count that an earlier file printed as "x"', () => {
  // shown total 7 = A + B, A left out (true 5), B a "<5" (true 2), zeros printed (B is 1 … 4)
  const base = { values: [7, 5, 2], status: ['shown', 'residual', 'primary'] as const, relations: [{ vars: [1, 2, 0], coefs: [1, 1, -1], lo: 0, hi: 0, kind: 'sum' as const }], threshold: 5, zeroHidden: false };

  it('without the earlier "x" the small count is protected (A can be 3 … 6)', async () => {
    const r = await auditHiddenCells({ ...base, status: [...base.status] });
    const b = r.cells.find((c) => c.cell === 2)!;
    expect(b.protected).toBe(true);
    expect([b.lo, b.hi]).toEqual([1, 4]);
  });

  it('with it, A ≥ 5 leaves the small count at most 2: not protected', async () => {
    const r = await auditHiddenCells({ ...base, status: [...base.status], atLeast: [0, 5, 0] });
    const b = r.cells.find((c) => c.cell === 2)!;
    expect(b.protected).toBe(false);
    expect(b.hi).toBeCloseTo(2, 9);
  });

  it('keeps the true value feasible when the data changed below the earlier mark', async () => {
    const r = await auditHiddenCells({ values: [7, 3, 4], status: ['shown', 'residual', 'primary'], relations: base.relations, threshold: 5, zeroHidden: false, atLeast: [0, 5, 0] });
    const b = r.cells.find((c) => c.cell === 2)!;
    expect(b.hi).toBeGreaterThanOrEqual(4 - 1e-9);
  });

  it('an earlier "x" left out since is itself audited when the reader still holds it (earlierX): its range must stay t wide', async () => {
    // shown 12 = A + B, A left out after an earlier "x" (true 9), B a "<5" (true 3): A is 8 … 11 by the sum and ≥ 5
    // by its "x": 8 … 11, 3 wide — the earlier "x" is narrowed, though B's own range 1 … 4 is whole
    const input = { values: [12, 9, 3], relations: base.relations, threshold: 5, zeroHidden: false, atLeast: [0, 5, 0] };
    const before = await auditHiddenCells({ ...input, status: ['shown', 'residual', 'primary'] });
    expect(before.cells.map((c) => c.cell)).toEqual([2]); // the left-out count was never a target
    expect(before.failing).toEqual([]);
    const now = await auditHiddenCells({ ...input, status: ['shown', 'residual', 'primary'], earlierX: [0, 1, 0] });
    const a = now.cells.find((c) => c.cell === 1)!;
    expect(a.status).toBe('secondary');
    expect(a.protected).toBe(false);
    expect([a.lo, a.hi].map((x) => Math.round(x))).toEqual([8, 11]);
    expect(now.failing).toEqual([1]);
    // with the total hidden as well ("x", ≥ 5), A's range is wide again: protected
    const wide = await auditHiddenCells({ ...input, status: ['secondary', 'residual', 'primary'], earlierX: [0, 1, 0] });
    expect(wide.cells.find((c) => c.cell === 1)!.protected).toBe(true);
  });

  it('the ledger reads "x." as left out and known to be at least t', () => {
    const l = { ...emptyLedger(5, true), hidden: { 'site:S1|2024|a': 'x.', 'site:S1|2024|b': '.', 'site:S1|2024|c': 'x', 'site:S1|2024|d': '<5' } };
    const d = ledgerDecisions(l);
    expect(d.withheldBefore.sort()).toEqual(['site:S1|2024|a', 'site:S1|2024|b']);
    expect(d.atLeastBefore.sort()).toEqual(['site:S1|2024|a', 'site:S1|2024|c']);
  });

  it('updating the ledger keeps "x" knowledge of a count left out now, and "." for one never printed "x"', () => {
    const keys = ['site:S1|2024|a', 'site:S1|2024|b', 'site:S1|2024|c'];
    const prev = { ...emptyLedger(5, true), hidden: { [keys[0]]: 'x', [keys[1]]: '.' } };
    const protection = { threshold: 5, zeroHidden: true, model: { keys, printed: [true, true, true] }, status: ['residual', 'residual', 'residual'], withheld: new Set([0, 1, 2]) } as unknown as PublicationSetProtection;
    const next = updateLedger(prev, protection, [], '2026-01-01');
    expect(next.hidden).toEqual({ [keys[0]]: 'x.', [keys[1]]: '.', [keys[2]]: '.' });
    // and once "x.", it stays "x." on every later run
    expect(updateLedger(next, protection, [], '2026-01-02').hidden[keys[0]]).toBe('x.');
  });
});
