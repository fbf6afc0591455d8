/**
 * A publication's layout (publication.ts `PublicationLayout`): categories combined into one row and tables
 * left out, as the model, the published files and the ledger see them. The combined row is a cell with the
 * sum of its categories; the categories are unprinted in that publication but printed where another
 * publication prints them; a table left out prints no cell. The independent attacker reads the files.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistration, publishFigures, publishedJson, type RegistrationData } from '../../src/impact/index.js';
import { protectPublicationSet, publicationSetFigures, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import { combinedClassCode, layoutMergedCode, mergedCode, type PublicationLayout } from '../../src/impact/publication.js';
import { ledgerDecisions, readLedger, updateLedger, writeLedger } from '../../src/impact/ledger.js';
import { tableHtml } from '../../src/impact/publication-files.js';
import { attack, type PublishedJson } from './attacker.js';
import { siteSubset } from './fixtures.js';

const REF = '2025-12-31';
let data: RegistrationData;
let tmp: string;

beforeAll(async () => {
  const national = (await loadRegistration('sample-data/registration/national', { referenceDate: REF })).data;
  // two sites of one region: each site's counts are its own cells (in a one-site set site, region and nation
  // are one quantity — publication.ts sameQuantityScopes — so the national report would print the very
  // categories the site's report combines, and no category could be "printed only elsewhere")
  data = siteSubset(national, ['S050', 'S084']);
  tmp = mkdtempSync(join(tmpdir(), 'hs-layout-'));
}, 60_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('codes of combined rows', () => {
  it('categories: one code per set, in a fixed order; ordered classes: one wider class', () => {
    expect(mergedCode(['school', 'other'])).toBe('merged:other+school');
    expect(mergedCode(['other', 'school'])).toBe(mergedCode(['school', 'other']));
    expect(combinedClassCode(['3-6', '6-9'])).toBe('3-9');
    expect(combinedClassCode(['12-15', '15+'])).toBe('12+');
    expect(combinedClassCode(['0', '1-3'])).toBe('0-3');
    expect(combinedClassCode(['4-6', '7-12'])).toBe('4-12');
    expect(layoutMergedCode('duur', ['6-9', '9-12'])).toBe('6-12');
    expect(layoutMergedCode('verwijzers', ['school', 'other'])).toBe('merged:other+school');
  });
});

describe('a layout in the model, the files and the ledger', () => {
  const layout: PublicationLayout = { merged: { verwijzers: ['school', 'other'], duur: ['6-9', '9-12'] }, leftOut: ['hulpvragen'] };
  let p: PublicationSetProtection;
  let p24: PublicationSetProtection;
  let figs24: ReturnType<typeof publicationSetFigures>;
  let figs25: ReturnType<typeof publicationSetFigures>;

  it('the combined row is a cell with the sum of its categories; its categories are printed only where another publication prints them', async () => {
    figs24 = publicationSetFigures(data, [2024], { referenceDate: REF });
    figs25 = publicationSetFigures(data, [2025], { referenceDate: REF });
    // 2024 written first (as the office does), its ledger read by the 2025 run
    p24 = await protectPublicationSet(figs24, { sites: data.sites });
    const before = ledgerDecisions(updateLedger(null, p24, figs24));
    p = await protectPublicationSet(figs25, { sites: data.sites, publishedBefore: figs24, ...before, layouts: { 'site:S050|2025': layout } });
    expect(p.failingKeys).toEqual([]);
    const m = p.model;
    const at = (k: string) => {
      const i = m.index.get(k);
      expect(i, k).toBeDefined();
      return i!;
    };
    for (const y of ['2024', '2025']) {
      const merged = at(`site:S050|${y}|ref.merged:other+school`);
      const school = at(`site:S050|${y}|ref.school`);
      const other = at(`site:S050|${y}|ref.other`);
      expect(m.values[merged]).toBe(m.values[school] + m.values[other]);
      expect(m.printed[merged]).toBe(true);
      expect(m.relations.some((r) => r.kind === 'sum' && r.vars.length === 3 && [merged, school, other].every((v) => r.vars.includes(v)))).toBe(true);
      const dur = at(`site:S050|${y}|dur.6-12`);
      expect(m.values[dur]).toBe(m.values[at(`site:S050|${y}|dur.6-9`)] + m.values[at(`site:S050|${y}|dur.9-12`)]);
    }
    // 2025: only the site's own 2025 report prints its referrers, and it combines them
    expect(m.printed[at('site:S050|2025|ref.school')]).toBe(false);
    expect(m.printed[at('site:S050|2025|dur.6-9')]).toBe(false);
    // 2024: combined in the 2025 report's previous-year column, but printed by the 2024 report
    expect(m.printed[at('site:S050|2024|ref.school')]).toBe(true);
    // the help questions of the 2025 site report are left out (the 2024 ones are printed by the 2024 report)
    const help = m.keys.filter((k) => /^site:S050\|2025\|help\.(?!base)/.test(k));
    expect(help.length).toBeGreaterThan(3);
    for (const k of help) expect(m.printed[at(k)], k).toBe(false);
    expect(m.printed[at('site:S050|2024|help.parenting-support')]).toBe(true);
  }, 120_000);

  it('the files print the combined row with its note and the table left out with its note (en and nl); the attacker finds nothing', async () => {
    expect(p).toBeDefined();
    const site = figs25.find((f) => f.scope.level === 'site' && f.scope.siteId === 'S050')!;
    const en = publishedJson(publishFigures(site, { lang: 'en', decisions: p })) as unknown as { tables: Array<PublishedJson['tables'][number] & { leftOut?: boolean }> };
    const ref = en.tables.find((t) => t.id === 'verwijzers')!;
    expect(ref.merged).toEqual({ label: 'Combined: Other, School', of: ['Other', 'School'] });
    expect(ref.rows.map((r) => r[0])).toContain('Combined: Other, School');
    expect(ref.rows.map((r) => r[0])).not.toContain('School');
    expect(ref.note).toMatch(/^Combined in one row: Other, School\. Published separately/);
    const dur = en.tables.find((t) => t.id === 'duur')!;
    expect(dur.rows.map((r) => r[0])).toEqual(expect.arrayContaining(['3–6 months', '6–12 months', '12–15 months']));
    expect(dur.rows.map((r) => r[0])).not.toContain('6–9 months');
    expect(dur.merged).toEqual({ label: '6–12 months', of: ['6–9 months', '9–12 months'] });
    const help = en.tables.find((t) => t.id === 'hulpvragen')!;
    expect(help.leftOut).toBe(true);
    expect(help.rows).toEqual([]);
    expect(help.note).toMatch(/^Left out: this table cannot be published without disclosing small counts \(fewer than 5\)/);
    const nl = publishFigures(site, { lang: 'nl', decisions: p });
    // in the HTML a left-out table is its title and the sentence, without an empty header
    const helpHtml = tableHtml(nl.tables.find((t) => t.id === 'hulpvragen')!, 'nl', 'Totaal');
    expect(helpHtml).toMatch(/^<p class="note left-out" id="t-hulpvragen"><b>[^<]+<\/b>: Weggelaten: deze tabel/);
    expect(helpHtml).not.toMatch(/<table|<th/);
    expect(tableHtml(nl.tables.find((t) => t.id === 'verwijzers')!, 'nl', 'Totaal')).toMatch(/^<table id="t-verwijzers">/);
    expect(nl.tables.find((t) => t.id === 'verwijzers')!.rows.map((r) => r.label)).toContain('Samengevoegd: Anders, School');
    expect(nl.tables.find((t) => t.id === 'hulpvragen')!.note).toMatch(/^Weggelaten: deze tabel kan niet gepubliceerd worden zonder kleine aantallen/);
    // the chart draws what the table prints
    expect(nl.charts.helpQuestions).toEqual([]);
    expect(nl.charts.referrers.map((b) => b.category)).toContain('Samengevoegd: Anders, School');
    // the attacker holding both years of every scope (the earlier 2024 files printed without a layout)
    const files = [...figs24.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: p24 }))), ...figs25.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: p })))] as unknown as PublishedJson[];
    const res = await attack(files);
    expect(res.hidden).toBeGreaterThan(20);
    expect(res.narrowed.filter((n) => n.mark.startsWith('<') && n.hi > 0)).toEqual([]);
    expect(res.narrowed.filter((n) => n.mark === 'printed elsewhere')).toEqual([]);
  }, 120_000);

  it('the ledger keeps the layout of the publications written, and gives it back to the next run', () => {
    expect(p).toBeDefined();
    const path = join(tmp, 'ledger.json');
    writeLedger(path, updateLedger(updateLedger(null, p24, figs24), p, figs25));
    const l = readLedger(path)!;
    expect(l.layouts).toEqual({ 'site:S050|2025': layout });
    expect(ledgerDecisions(l).layouts).toEqual({ 'site:S050|2025': layout });
    // the combined cell is recorded like any printed cell; its categories, printed nowhere now, are not
    expect(Object.keys(l.hidden).some((k) => k.startsWith('site:S050|2025|ref.school'))).toBe(false);
    writeFileSync(path, JSON.stringify({ ...l, layouts: { 'site:S050|2025': { leftOut: 'verwijzers' } } }));
    expect(() => readLedger(path)).toThrow(/"layouts" must map publication ids/);
  });
});
