/**
 * The fallback changes the tables that pin a failing count (issue #14; docs/disclosure-control.md, "What pins a
 * failing count"): the office's period report July 2024 – June 2025 of every scope, written after the annual
 * reports 2024 and 2025 into their ledger. A count of an annual report already published can be narrowed by the
 * period's printed counts (the annual 2024 report is the first half of 2024 plus the second; the period holds that
 * second half, its previous-period column the first). The annual files cannot change: the fallback takes the
 * tables of the period publications that carry the failing bound's dual certificate (audit.ts `CellAudit.bound`).
 * Measured on the 12 Limburg sites of the national sample (docs, "The Limburg period report written"): the code
 * before refused the set (exit 3, 6 annual counts narrowed); now 9 of its 14 period publications are written.
 * Here a real-shaped subset, three of those sites (Beeksum S046, Holwijk S140, Rosdorp S148): the code before
 * (ee95c88) refused its period set too — four 2024 duration classes of the three sites ("<5" under their printed
 * "12 months or more" / "15 months or more") stayed narrowed after it had combined the sites' own period duration
 * tables class after class; they are held by the national (= regional: one region) period table's "18 months or
 * more", printed 0 in both columns (no trajectory of the first or second half of 2024 lasted that long anywhere).
 * Now the certificate names those zeros and the fallback combines "15–18 months" with "18 months or more" there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { publishFigures, publishedJson, type RegistrationData } from '../../src/impact/index.js';
import { protectPublicationSet, protectPublicationSetWithFallback, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import type { ImpactFigures } from '../../src/impact/figures.js';
import { ledgerDecisions, type SuppressionLedger } from '../../src/impact/ledger.js';
import type { PublishedJson } from './attacker.js';
import { threeSitePeriodSet } from './fixtures.js';
import { expectAttackerFindsNothing } from './attacker-checks.js';

let data: RegistrationData;
/** The annual reports as written (each with its own run's decisions), the ledger after them. */
let annual: Array<{ figs: ImpactFigures[]; p: PublicationSetProtection }>;
let ledger: SuppressionLedger | null = null;
let periodFigs: ImpactFigures[];
let before: ImpactFigures[];

const json = (figs: ImpactFigures[], p: PublicationSetProtection): PublishedJson[] => figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: p })) as unknown as PublishedJson);

beforeAll(async () => {
  ({ data, annual, ledger, before, periodFigs } = await threeSitePeriodSet());
}, 120_000);

describe('the fallback over what pins a failing count (a period report after the annual reports)', () => {
  let p: PublicationSetProtection;
  const args = () => ({ threshold: 5, zeros: 'auto' as const, ...ledgerDecisions(ledger), publishedBefore: before, sites: data.sites, data });

  it("suppression alone leaves annual 2024 counts narrowed, whose bounds rest on the national period table's printed zeros", async () => {
    const plain = await protectPublicationSet(periodFigs, args());
    const annualFailing = plain.failingKeys.filter((k) => /^site:S\d+\|2024\|dur\./.test(k));
    expect(annualFailing.length).toBeGreaterThan(0);
    let pinnedByNational = 0;
    for (const k of annualFailing) {
      const a = plain.cellAudits.get(plain.model.index.get(k)!)!;
      expect(a.exact).toBe(true);
      expect(a.bound).toBeDefined();
      // the certificate: relations with a non-zero multiplier — the period's printed national "18+" of 0 among them
      const certificate = [a.bound?.up, a.bound?.down].flatMap((b) => b?.relations ?? []);
      const pins = certificate.flatMap((r) => plain.model.relations[r].vars).map((v) => plain.model.keys[v]);
      if (pins.some((x) => /^nat\|20\d\d-07-01_20\d\d-06-30\|dur\.18\+$/.test(x))) pinnedByNational++;
    }
    expect(pinnedByNational).toBeGreaterThan(0);
  }, 120_000);

  it('writes the period set with the national and regional duration classes 15–18 and 18+ combined: every hidden count proved', async () => {
    p = await protectPublicationSetWithFallback(periodFigs, args());
    expect(p.failingKeys).toEqual([]);
    expect(p.differenceKeys).toEqual([]);
    expect(p.counts.provedProtected).toBe(p.counts.hidden);
    expect(p.narrowedBefore ?? []).toEqual([]);
    expect(p.fallback.length).toBeGreaterThan(0);
    // only the period's publications change: the annual reports are in the ledger
    for (const s of p.fallback) expect(s.publication).toContain('|2024-07-01_2025-06-30');
    const steps = p.fallback.map((s) => `${s.publication.split('|')[0]} ${s.action} ${s.table} ${s.categories?.join(',') ?? ''}`);
    expect(steps).toContain('nat merged duur 15-18,18+');
    expect(steps).toContain('reg:Limburg merged duur 15-18,18+');
    expect(p.withdrawn).toBeUndefined();
    // the period reports print the combined class, and no longer "18 months or more" apart
    const table = publishFigures(periodFigs[0], { lang: 'en', decisions: p }).tables.find((t) => t.id === 'duur')!;
    expect(table.rows.map((r) => r.label)).toContain('15 months or more');
    expect(table.rows.map((r) => r.label)).not.toContain('18 months or more');
  }, 120_000);

  it('the attacker holding the annual files and the period files recovers nothing', async () => {
    const written = periodFigs.filter((f) => !(p.withdrawn ?? []).some((w) => w.publication === `${f.scope.level === 'national' ? 'nat' : f.scope.level === 'region' ? `reg:${f.scope.region}` : `site:${f.scope.siteId}`}|${f.key}`));
    const files = [...annual.flatMap((a) => json(a.figs, a.p)), ...json(written, p)];
    await expectAttackerFindsNothing(files, 500);
  }, 120_000);
});
