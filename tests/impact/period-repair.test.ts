/**
 * The repair of the disclosure control on a period report that overlaps the annual reports (issue: the
 * national period report `--period 2024-07..2025-06 --all-scopes` written into the ledger of the 2024 and
 * 2025 annual reports did not finish). Some small counts of such a period are pinned by counts the annual
 * reports already printed: no suppression protects them, only the fallback (categories combined, a table
 * left out) can. The repair used to hide, for each of them, the nearest printed count — far away once the
 * near ones were hidden — round after round up to its limit of 60 rounds, in every round of the fallback.
 * Now a failing cell whose exact LP bound rests on no count the repair may hide (audit.ts `CellAudit.bound`)
 * is handed to the fallback at once. Three sites of the national sample, one region.
 */
import { describe, expect, it } from 'vitest';
import { loadRegistration, parsePeriod } from '../../src/impact/index.js';
import { protectPublicationSet, protectPublicationSetWithFallback, publicationSetFigures } from '../../src/impact/disclosure.js';
import { computeFigures } from '../../src/impact/figures.js';
import { ledgerDecisions, parsePublicationId, updateLedger, type SuppressionLedger } from '../../src/impact/ledger.js';
import { siteSubset } from './fixtures.js';

const loaded = await loadRegistration('sample-data/registration/national');
const data = siteSubset(loaded.data, ['S002', 'S043', 'S064']);
const opts = { referenceDate: '2025-12-31', volunteerHoursPerWeek: 3 };

describe('the repair on a period report that overlaps the annual reports', () => {
  it('stops at once for the cells no suppression protects (the code before ran its 62 rounds and hid 174 cells)', async () => {
    let ledger: SuppressionLedger | null = null;
    for (const year of [2024, 2025]) {
      const figs = publicationSetFigures(data, [year], opts);
      const before = (ledger?.publications ?? []).map((x) => parsePublicationId(x.id)).map((x) => computeFigures(data, { ...opts, period: x.period, scope: x.scope }));
      const p = await protectPublicationSetWithFallback(figs, { threshold: 5, zeros: 'auto', ...ledgerDecisions(ledger), publishedBefore: before, sites: data.sites, data });
      expect(p.failingKeys).toEqual([]);
      ledger = updateLedger(ledger, p, figs, '2026-01-01');
    }
    const figs = publicationSetFigures(data, [parsePeriod('2024-07..2025-06')], opts);
    const before = ledger!.publications.map((x) => parsePublicationId(x.id)).map((x) => computeFigures(data, { ...opts, period: x.period, scope: x.scope }));
    const p = await protectPublicationSet(figs, { threshold: 5, zeros: 'auto', ...ledgerDecisions(ledger), publishedBefore: before, sites: data.sites, data });
    // cells the annual reports' printed counts pin: left for the fallback (the same 4 as before this change)
    expect(p.failingKeys.length).toBe(4);
    for (const k of p.failingKeys) {
      const a = p.cellAudits.get(p.model.index.get(k)!)!;
      expect(a.protected).toBe(false);
      expect(a.exact).toBe(true);
      expect(a.bound).toBeDefined();
    }
    // the code before: 62 rounds (the limit of 60 and two after it), 174 cells hidden by the repair
    expect(p.rounds).toBeLessThan(15);
    expect(p.counts.secondaryAudit).toBeLessThan(120);
    // and the fallback then writes the set: every hidden count proved protected
    const f = await protectPublicationSetWithFallback(figs, { threshold: 5, zeros: 'auto', ...ledgerDecisions(ledger), publishedBefore: before, sites: data.sites, data });
    expect(f.failingKeys).toEqual([]);
    expect(f.differenceKeys).toEqual([]);
    expect(f.fallback.length).toBeGreaterThan(0);
    expect(f.counts.provedProtected).toBe(f.counts.hidden);
  }, 240_000);
});
