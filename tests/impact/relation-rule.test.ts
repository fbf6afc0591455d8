/**
 * The relation rule (disclosure.ts `relationRule`, docs/disclosure-control.md "The first run, session 8"): the
 * repair's rounds for the cells a single relation already shows failing, run before the audit instead of one audit
 * round each. Checked: what it hides and leaves out on a hand-made row; that it acts only where the relation alone
 * pins a cell; that a protected pattern is a fixed point (a re-run with the ledger decides what the first run decided,
 * and the rule adds nothing to it); and on five sites of the national sample, that the set is protected with fewer
 * counts hidden to protect it than the repair alone hid.
 */
import { describe, expect, it } from 'vitest';
import { loadRegistration } from '../../src/impact/index.js';
import { protectPublicationSet, publicationSetFigures, relationRule } from '../../src/impact/disclosure.js';
import { ledgerDecisions, updateLedger } from '../../src/impact/ledger.js';
import type { AuditStatus } from '../../src/impact/audit.js';
import type { LinearRelation } from '../../src/impact/publication.js';
import { siteSubset } from './fixtures.js';

const row = (n: number): LinearRelation => ({ vars: Array.from({ length: n }, (_, i) => i), coefs: Array.from({ length: n }, (_, i) => (i === n - 1 ? -1 : 1)), lo: 0, hi: 0, kind: 'sum' });

describe('the relation rule on one row', () => {
  it('end reasons 8, 5, a "<5" 1 and a hidden 0 (total 14): the 5 is hidden, left out as under 5 wide, then the 8 hidden', () => {
    const values = [8, 5, 1, 0, 14];
    const status: AuditStatus[] = ['shown', 'shown', 'primary', 'primary', 'shown'];
    const left: number[] = [];
    const n = relationRule({ values, status, relations: [row(5)], relOf: values.map(() => [0]), threshold: 5, zeroLo: 0, candidate: (i) => status[i] === 'shown' && i < 4, price: (i) => values[i], tries: new Map(), leaveOut: (i) => left.push(i) });
    expect(n).toBe(2);
    expect(status).toEqual(['secondary', 'residual', 'primary', 'primary', 'shown']);
    expect(left).toEqual([1]);
  });

  it('does nothing where the row alone leaves every "<5" its range (hidden cells summing to 12: each "<5" can be 0…4)', () => {
    const values = [20, 8, 4, 0, 32];
    const status: AuditStatus[] = ['shown', 'secondary', 'primary', 'primary', 'shown'];
    const n = relationRule({ values, status, relations: [row(5)], relOf: values.map(() => [0]), threshold: 5, zeroLo: 0, candidate: (i) => status[i] === 'shown' && i < 4, price: (i) => values[i], tries: new Map(), leaveOut: () => expect.unreachable() });
    expect(n).toBe(0);
    expect(status).toEqual(['shown', 'secondary', 'primary', 'primary', 'shown']);
  });

  it('leaves a pinned "<5" to the audit when no count on the row would widen it (every printed part exactly 5)', () => {
    const values = [5, 5, 1, 0, 11];
    const status: AuditStatus[] = ['shown', 'shown', 'primary', 'primary', 'shown'];
    const n = relationRule({ values, status, relations: [row(5)], relOf: values.map(() => [0]), threshold: 5, zeroLo: 0, candidate: (i) => status[i] === 'shown' && i < 4, price: (i) => values[i], tries: new Map(), leaveOut: () => expect.unreachable() });
    expect(n).toBe(0);
    expect(status).toEqual(['shown', 'shown', 'primary', 'primary', 'shown']);
  });
});

describe('the relation rule on five sites of the national sample (2025 with its history)', () => {
  it('protects the set (every hidden count proved), and a re-run with the ledger decides the same', async () => {
    const data = siteSubset((await loadRegistration('sample-data/registration/national')).data, ['S002', 'S043', 'S064', 'S009', 'S034']);
    const figs = publicationSetFigures(data, [2025], { referenceDate: '2025-12-31' });
    const first = await protectPublicationSet(figs, { sites: data.sites, data });
    expect(first.failingKeys).toEqual([]);
    expect(first.counts.provedProtected).toBe(first.counts.hidden);
    const again = await protectPublicationSet(figs, { sites: data.sites, data, ...ledgerDecisions(updateLedger(null, first, figs)) });
    expect(again.status).toEqual(first.status);
    expect([...again.withheld].sort()).toEqual([...first.withheld].sort());
    expect(again.counts.secondaryAudit).toBe(0);
  }, 300_000);
});
