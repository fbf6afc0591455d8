/**
 * The restore pass on the rows of the site list (issue #14; disclosure.ts `restoreFallbackSteps`, docs/disclosure-control.md,
 * "Rows of the site list left out"): the fallback leaves out a row of the national and regional site list for each
 * site whose count fails there, and is greedy — a count that fails only beside another site's row is left out with
 * it. Once the set passes, the restore pass prints rows again: (1) the list with only the rows of the withdrawn site
 * reports left out, in one attempt; (2) each row the fallback left out on its own, the others still left out.
 *
 * Hand-made data (site-list.fixture.ts), one region of three sites whose families not supported are:
 * - Aadorp (S1): 3 in each half of 2024 — its annual 2024 prints 6, so the period July 2024 – June 2025 and the one
 *   before print "<5" twice and hold each other at 2–4 (the pattern of Brughuizen in site-list-rows.test.ts): its row
 *   can never be printed, and its own period report, which prints them among its key figures, is withdrawn;
 * - Beedorp (S2): 1 in the second half of 2024 and 1 in the first of 2025 (the period's count 2, "<5"), six in every
 *   other half-year: beside Aadorp's pinned count the list's total narrows it, which the repair protects by hiding
 *   more, given the rounds;
 * - Ceedorp (S3): six in every half-year.
 * The annual reports 2024 and 2025 of every scope are written first (one ledger); then the period reports, with the
 * repair cut short after one audit round (`maxRounds: 1`): the fallback then finds Beedorp's count failing as well and
 * leaves out both rows — what a longer repair of a larger set does when a count fails only beside another (the
 * greedy fallback, docs/disclosure-control.md). The restore pass must print Beedorp's row again, and never Aadorp's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod, publishFigures, publishedJson, type RegistrationData } from '../../src/impact/index.js';
import { fallbackLines, protectPublicationSetWithFallback, publicationId, publicationSetFigures, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import type { ImpactFigures } from '../../src/impact/figures.js';
import { ledgerDecisions, updateLedger, type SuppressionLedger } from '../../src/impact/ledger.js';
import type { PublishedJson } from './attacker.js';
import { annualLedger } from './fixtures.js';
import { expectAttackerFindsNothing } from './attacker-checks.js';
import { expectRerunFixedPoint } from './protection-checks.js';
import { LARGE, handMadeRegion } from './site-list.fixture.js';

const PERIOD = '2024-07-01_2025-06-30';
const OPTS = { referenceDate: '2025-12-31', volunteerHoursPerWeek: 3 };
const NAT = `nat|${PERIOD}`;
const REG = `reg:Proefland|${PERIOD}`;
const LISTS = [NAT, REG];
let data: RegistrationData;
let annual: Array<{ figs: ImpactFigures[]; p: PublicationSetProtection }>;
let ledger: SuppressionLedger;
let before: ImpactFigures[];
let periodFigs: ImpactFigures[];

const args = () => ({ threshold: 5, zeros: 'auto' as const, ...ledgerDecisions(ledger), publishedBefore: before, sites: data.sites, data, maxRounds: 1 });
const json = (figs: ImpactFigures[], q: PublicationSetProtection): PublishedJson[] => figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: q })) as unknown as PublishedJson);
const written = (figs: ImpactFigures[], q: PublicationSetProtection) => figs.filter((f) => !(q.withdrawn ?? []).some((w) => w.publication === publicationId(f)));
const step = (s: { publication: string; action: string; table: string; rows?: string[] }) => `${s.publication} ${s.action} ${s.table} ${s.rows?.join(',') ?? ''}`;
/** The site list of a period report as written under `q`: its rows' labels and the labels of the rows left out. */
const list = (figs: ImpactFigures[], id: string, q: PublicationSetProtection, lang: 'en' | 'nl' = 'en') => publishFigures(figs.find((f) => publicationId(f) === id)!, { lang, decisions: q }).tables.find((t) => t.id === 'locaties')!;

beforeAll(async () => {
  data = handMadeRegion([
    { siteId: 'S1', name: 'Aadorp', notSupported: { '2024-H1': 3, '2024-H2': 3 } },
    { siteId: 'S2', name: 'Beedorp', notSupported: { ...LARGE, '2024-H2': 1, '2025-H1': 1 } },
    { siteId: 'S3', name: 'Ceedorp', notSupported: LARGE },
  ]);
  ({ annual, ledger, before } = await annualLedger(data, [2024, 2025], OPTS));
  periodFigs = publicationSetFigures(data, [parsePeriod('2024-07..2025-06')], OPTS);
}, 60_000);

describe("the site list with only the withdrawn sites' rows left out", () => {
  // the national and regional period reports and Aadorp's own (Beedorp's and Ceedorp's are not written this time:
  // a count of theirs that fails in the list leaves out their row and withdraws nothing)
  let figs: ImpactFigures[];
  let greedy: PublicationSetProtection;
  let p: PublicationSetProtection;
  beforeAll(async () => {
    figs = periodFigs.filter((f) => [NAT, REG, `site:S1|${PERIOD}`].includes(publicationId(f)));
    greedy = await protectPublicationSetWithFallback(figs, { ...args(), maxRestoreAttempts: 0 });
    // two attempts: the list as before the fallback, then with only the withdrawn report's row left out (the rows one
    // by one would need a third: Aadorp's comes first)
    p = await protectPublicationSetWithFallback(figs, { ...args(), maxRestoreAttempts: 2 });
  }, 60_000);

  it("the greedy fallback leaves out Aadorp's and Beedorp's rows and withdraws Aadorp's report", () => {
    expect(greedy.failingKeys).toEqual([]);
    expect(greedy.fallback.map(step)).toEqual(LISTS.map((id) => `${id} rows left out locaties site:S1,site:S2`));
    expect((greedy.withdrawn ?? []).map((w) => w.publication)).toEqual([`site:S1|${PERIOD}`]);
    expect(greedy.restored).toBeUndefined();
  });

  it("the restore pass prints the list with only Aadorp's row left out: Beedorp's row is printed again", () => {
    expect(p.failingKeys).toEqual([]);
    expect(p.differenceKeys).toEqual([]);
    expect(p.counts.provedProtected).toBe(p.counts.hidden);
    expect((p.withdrawn ?? []).map((w) => w.publication)).toEqual([`site:S1|${PERIOD}`]);
    for (const id of LISTS) expect(p.layouts[id]).toEqual({ leftOutRows: { locaties: ['site:S1'] } });
    expect(p.fallback.map(step)).toEqual(LISTS.map((id) => `${id} rows left out locaties site:S1`));
    expect((p.restored ?? []).map(step)).toEqual(greedy.fallback.map(step));
    const lines = fallbackLines(p.fallback, p.restored);
    for (const id of LISTS) {
      expect(lines).toContain(`  left out of ${id}, table "locaties": the rows of site:S1 (they cannot be published without disclosing small counts; the total still counts them)`);
      expect(lines).toContain(`  printed again in ${id}, table "locaties": the rows of site:S2 (their counts are protected with the other rows left out)`);
    }
    // Beedorp's count of the period is printed in its row again ("<5"); Aadorp's is printed nowhere
    const b = p.model.index.get(`site:S2|${PERIOD}|fam.intake.not-supported`)!;
    expect(p.model.printed[b]).toBe(true);
    const a = p.model.index.get(`site:S1|${PERIOD}|fam.intake.not-supported`)!;
    expect(p.model.printed[a]).toBe(false);
    expect(p.cellAudits.get(a)?.protected).toBe(true);
  });

  it('with the default budget the outcome is the same', async () => {
    const q = await protectPublicationSetWithFallback(figs, args());
    expect(q.layouts).toEqual(p.layouts);
    expect(q.fallback).toEqual(p.fallback);
    expect(q.restored).toEqual(p.restored);
  }, 60_000);

  it("the files print Beedorp's and Ceedorp's rows and the total, and name Aadorp's row (en and nl)", () => {
    for (const id of LISTS) {
      const en = list(figs, id, p);
      expect(en.rows.map((r) => r.label)).toEqual(['Beedorp', 'Ceedorp', 'Total']);
      expect(en.leftOutRows?.labels).toEqual(['Aadorp']);
      expect(en.note).toMatch(/Left out: the row of Aadorp\. The counts in this row cannot be published without disclosing small counts \(fewer than 5\) to a reader who holds every published file; the total row still includes them\.$/);
      const nl = list(figs, id, p, 'nl');
      expect(nl.note).toMatch(/Weggelaten: de rij van Aadorp\. De aantallen in deze rij kunnen niet gepubliceerd worden zonder kleine aantallen \(minder dan 5\) prijs te geven aan wie alle gepubliceerde bestanden naast elkaar legt; de totaalrij telt ze wel mee\.$/);
      // the greedy fallback's files named both rows
      expect(list(figs, id, greedy).leftOutRows?.labels).toEqual(['Aadorp', 'Beedorp']);
    }
  });

  it('the attacker holding the annual files and the period files recovers nothing', async () => {
    await expectAttackerFindsNothing([...annual.flatMap((x) => json(x.figs, x.p)), ...json(written(figs, p), p)], 20);
  }, 60_000);

  it('the ledger keeps the list with only the withdrawn row left out; a re-run from it is a fixed point', async () => {
    const after = updateLedger(ledger, p, written(figs, p), '2026-01-02');
    expect(after.layouts?.[NAT]).toEqual({ leftOutRows: { locaties: ['site:S1'] } });
    expect(after.layouts?.[REG]).toEqual({ leftOutRows: { locaties: ['site:S1'] } });
    // the re-run with the repair's usual rounds: Aadorp's report, withdrawn again, does not fail Beedorp's count
    // on the way (with one round it does: the fallback leaves out its row again and the restore pass prints it again —
    // the same layouts, files and ledger, but not the empty fallback a fixed point asks for)
    const again = await protectPublicationSetWithFallback(figs, { ...args(), ...ledgerDecisions(after), maxRounds: undefined });
    expectRerunFixedPoint(again, p, written(figs, p));
  }, 60_000);
});

describe('each row left out tried back on its own', () => {
  // the national and regional period reports only: no site report is written, none withdrawn
  let figs: ImpactFigures[];
  let greedy: PublicationSetProtection;
  let p: PublicationSetProtection;
  beforeAll(async () => {
    figs = periodFigs.filter((f) => LISTS.includes(publicationId(f)));
    greedy = await protectPublicationSetWithFallback(figs, { ...args(), maxRestoreAttempts: 0 });
    p = await protectPublicationSetWithFallback(figs, args());
  }, 60_000);

  it("of the two rows the fallback left out, Beedorp's is printed again and Aadorp's stays left out", () => {
    expect(greedy.fallback.map(step)).toEqual(LISTS.map((id) => `${id} rows left out locaties site:S1,site:S2`));
    expect(greedy.withdrawn).toBeUndefined();
    expect(p.failingKeys).toEqual([]);
    expect(p.differenceKeys).toEqual([]);
    expect(p.counts.provedProtected).toBe(p.counts.hidden);
    for (const id of LISTS) expect(p.layouts[id]).toEqual({ leftOutRows: { locaties: ['site:S1'] } });
    expect(p.fallback.map(step)).toEqual(LISTS.map((id) => `${id} rows left out locaties site:S1`));
    expect((p.restored ?? []).map(step)).toEqual(greedy.fallback.map(step));
    for (const id of LISTS) {
      expect(fallbackLines(p.fallback, p.restored)).toContain(`  printed again in ${id}, table "locaties": the rows of site:S2 (their counts are protected with the other rows left out)`);
      expect(list(figs, id, p).rows.map((r) => r.label)).toEqual(['Beedorp', 'Ceedorp', 'Total']);
      expect(list(figs, id, p).leftOutRows?.labels).toEqual(['Aadorp']);
    }
  });

  it('the attacker holding the annual files and the period files recovers nothing', async () => {
    await expectAttackerFindsNothing([...annual.flatMap((x) => json(x.figs, x.p)), ...json(figs, p)], 20);
  }, 60_000);

  it('a re-run from the ledger is a fixed point', async () => {
    const after = updateLedger(ledger, p, figs, '2026-01-02');
    expect(after.layouts?.[NAT]).toEqual({ leftOutRows: { locaties: ['site:S1'] } });
    const again = await protectPublicationSetWithFallback(figs, { ...args(), ...ledgerDecisions(after) });
    expectRerunFixedPoint(again, p, figs);
  }, 60_000);
});

describe("the command's lines for a list printed with fewer rows left out", () => {
  it('one line per list names the rows printed again, not the rows still left out', () => {
    const at = (rows: string[]) => ({ publication: NAT, table: 'locaties', action: 'rows left out' as const, rows });
    // the fallback left out A, then B, then C in three rounds; the restore pass printed C again
    const lines = fallbackLines([at(['site:A']), at(['site:B'])], [at(['site:C'])]);
    expect(lines.filter((l) => l.startsWith('  printed again'))).toEqual([`  printed again in ${NAT}, table "locaties": the rows of site:C (their counts are protected with the other rows left out)`]);
    expect(lines.some((l) => l.startsWith('  restored in'))).toBe(false);
    // every row printed again: the list as before the fallback
    expect(fallbackLines([], [at(['site:A', 'site:B'])])).toEqual([`  restored in ${NAT}: table "locaties" as printed before the fallback (a later change protects its counts)`]);
  });
});
