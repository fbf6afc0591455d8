/**
 * Rows left out of the site list (issue #14; publication.ts `PublicationLayout.leftOutRows`, docs/disclosure-control.md,
 * "Rows of the site list left out"). Three Limburg sites of the national sample — Brughuizen (S043), Reehorst
 * (S083), Rosdorp (S148) — with their annual reports 2024 and 2025 in one ledger, then the office's period report
 * July 2024 – June 2025 of every scope. Brughuizen's families not supported ("<5" in both period columns) are held at
 * 2–4 by its annual 2024's printed count: its own period report is withdrawn (only its key figures could unprint
 * them), and the site list of the national and regional report prints the same counts in Brughuizen's row. Before,
 * the fallback left the whole site list out; now it leaves out Brughuizen's row only: the list prints the other sites
 * and the total, which still counts Brughuizen, and says so. Total minus the printed rows is a count a reader can work
 * out: the small ones among a left-out row's counts are protected like a window's (no label, anywhere in their range).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistration, parsePeriod, publishFigures, publishedJson, writeReport, type RegistrationData } from '../../src/impact/index.js';
import { fallbackLines, protectPublicationSetWithFallback, publicationId, publicationSetFigures, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import type { ImpactFigures } from '../../src/impact/figures.js';
import { ledgerDecisions, readLedger, updateLedger, writeLedger, type SuppressionLedger } from '../../src/impact/ledger.js';
import { tableHtml } from '../../src/impact/publication-files.js';
import { attack, type PublishedJson } from './attacker.js';
import { annualLedger, siteSubset } from './fixtures.js';
import { expectAttackerFindsNothing } from './attacker-checks.js';
import { expectRerunFixedPoint } from './protection-checks.js';

const PERIOD = '2024-07-01_2025-06-30';
const OPTS = { referenceDate: '2025-12-31', volunteerHoursPerWeek: 3 };
let data: RegistrationData;
let annual: Array<{ figs: ImpactFigures[]; p: PublicationSetProtection }>;
let ledger: SuppressionLedger;
let before: ImpactFigures[];
let periodFigs: ImpactFigures[];
let p: PublicationSetProtection;
let tmp: string;

const args = () => ({ threshold: 5, zeros: 'auto' as const, ...ledgerDecisions(ledger), publishedBefore: before, sites: data.sites, data });
const written = (q: PublicationSetProtection) => periodFigs.filter((f) => !(q.withdrawn ?? []).some((w) => w.publication === publicationId(f)));
const json = (figs: ImpactFigures[], q: PublicationSetProtection): PublishedJson[] => figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: q })) as unknown as PublishedJson);
const fig = (id: string) => periodFigs.find((f) => publicationId(f) === id)!;

beforeAll(async () => {
  data = siteSubset((await loadRegistration('sample-data/registration/national')).data, ['S043', 'S083', 'S148']);
  ({ annual, ledger, before } = await annualLedger(data, [2024, 2025], OPTS));
  periodFigs = publicationSetFigures(data, [parsePeriod('2024-07..2025-06')], OPTS);
  p = await protectPublicationSetWithFallback(periodFigs, args());
  tmp = mkdtempSync(join(tmpdir(), 'hs-rows-'));
}, 240_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the site list without a withdrawn site's row", () => {
  it("Brughuizen's period report is withdrawn; the national and regional site lists leave out its row only", () => {
    expect(p.failingKeys).toEqual([]);
    expect(p.differenceKeys).toEqual([]);
    expect(p.counts.provedProtected).toBe(p.counts.hidden);
    expect((p.withdrawn ?? []).map((w) => w.publication)).toEqual([`site:S043|${PERIOD}`]);
    for (const id of [`nat|${PERIOD}`, `reg:Limburg|${PERIOD}`]) {
      expect(p.layouts[id]?.leftOut ?? []).not.toContain('locaties');
      expect(p.layouts[id]?.leftOutRows).toEqual({ locaties: ['site:S043'] });
      expect(fallbackLines(p.fallback, p.restored)).toContain(`  left out of ${id}, table "locaties": the rows of site:S043 (they cannot be published without disclosing small counts; the total still counts them)`);
    }
    // Brughuizen's small counts, printed nowhere now, are protected: total minus the printed rows must not pin them
    expect(p.counts.leftOutRowsProtected).toBeGreaterThan(0);
    const k = `site:S043|${PERIOD}|fam.intake.not-supported`;
    const i = p.model.index.get(k)!;
    expect(p.model.printed[i]).toBe(false);
    expect(p.status[i]).toBe('primary');
    expect(p.cellAudits.get(i)?.protected).toBe(true);
    // a count no file prints has no printed status: the national report does not count it among its "<5"
    expect(p.statusOf(k)).toBeUndefined();
  });

  it('the files print the other sites and the total, and say which row is left out and why (en and nl)', async () => {
    const nat = fig(`nat|${PERIOD}`);
    const en = publishFigures(nat, { lang: 'en', decisions: p });
    const list = en.tables.find((t) => t.id === 'locaties')!;
    expect(list.leftOut).toBeUndefined();
    expect(list.rows.map((r) => r.label)).toEqual(['Reehorst', 'Rosdorp', 'Total']);
    expect(list.leftOutRows?.labels).toEqual(['Brughuizen']);
    expect(list.note).toMatch(/Left out: the row of Brughuizen\. The counts in this row cannot be published without disclosing small counts \(fewer than 5\) to a reader who holds every published file; the total row still includes them\.$/);
    const j = publishedJson(en) as { tables: Array<{ id: string; leftOutRows?: string[]; rows: unknown[][] }> };
    expect(j.tables.find((t) => t.id === 'locaties')!.leftOutRows).toEqual(['Brughuizen']);
    const nl = publishFigures(nat, { lang: 'nl', decisions: p });
    const lijst = nl.tables.find((t) => t.id === 'locaties')!;
    expect(lijst.note).toMatch(/Weggelaten: de rij van Brughuizen\. De aantallen in deze rij kunnen niet gepubliceerd worden zonder kleine aantallen \(minder dan 5\) prijs te geven aan wie alle gepubliceerde bestanden naast elkaar legt; de totaalrij telt ze wel mee\.$/);
    expect(tableHtml(lijst, 'nl', 'Totaal')).toMatch(/<p class="note">[^<]*Weggelaten: de rij van Brughuizen/);
    // the CSV (which carries no notes) says it in a last line
    const w = await writeReport(nat, { outDir: tmp, lang: 'nl', threshold: 5, decisions: p });
    const csv = readFileSync(w.csv.find((c) => /locaties/.test(c))!, 'utf8');
    expect(csv.trim().split('\n').at(-1)).toMatch(/^"?Weggelaten: de rij van Brughuizen\./);
    expect(csv).not.toMatch(/^Brughuizen,/m);
    expect(readdirSync(tmp).some((f) => f.endsWith('.xlsx'))).toBe(true);
  }, 60_000);

  it('the attacker holding the annual files and the period files recovers nothing, the left-out row included', async () => {
    const files = [...annual.flatMap((a) => json(a.figs, a.p)), ...json(written(p), p)];
    await expectAttackerFindsNothing(files, 500);
    // control: the same files with the other sites' rows printed in full pin Brughuizen's counts (total minus the
    // printed rows) — the attacker reads the left-out row as a count it works out
    const nat = files.find((f) => f.scope === 'Home-Start nationally' && f.period?.from === '2024-07-01')!;
    const list = nat.tables.find((t) => t.id === 'locaties')!;
    const truth = publishedJson(publishFigures(fig(`nat|${PERIOD}`), { lang: 'en', threshold: 1 })) as unknown as PublishedJson;
    const full = truth.tables.find((t) => t.id === 'locaties')!;
    const leaky = { ...nat, tables: nat.tables.map((t) => (t === list ? { ...list, rows: full.rows.filter((r) => r[0] !== 'Brughuizen') } : t)) };
    const res = await attack(files.map((f) => (f === nat ? leaky : f)), { maxSegments: 4 });
    expect(res.windows.filter((x) => x.name.startsWith('Home-Start Brughuizen|2024-07-01_2025-06-30|') && (x.kind === 'exact' || x.kind === 'narrowed')).length).toBeGreaterThan(0);
  }, 180_000);

  it('the ledger keeps the rows left out; a re-run from it is a fixed point', async () => {
    const path = join(tmp, 'ledger.json');
    writeLedger(path, updateLedger(ledger, p, written(p), '2026-01-02'));
    const after = readLedger(path)!;
    expect(after.layouts?.[`nat|${PERIOD}`]?.leftOutRows).toEqual({ locaties: ['site:S043'] });
    const again = await protectPublicationSetWithFallback(periodFigs, { ...args(), ...ledgerDecisions(after) });
    expectRerunFixedPoint(again, p, written(p));
  }, 120_000);
});
