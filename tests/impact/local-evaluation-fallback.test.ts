/**
 * The last resorts of the disclosure control over a local evaluation's OWN tables (issue: "where it cannot,
 * categories are merged or the table is left out"; "refuse, never warn-and-write"): six of the first 40 site
 * evaluations of the national sample (1-1-2023 … 30-6-2024, protected with the site's annual reports 2023
 * and 2024) cannot be protected by suppression alone. The fallback now combines the evaluation's small
 * categories ("Combined: …") or leaves its table out before it touches the annual reports, keeps the
 * evaluation's layout in the ledger, and refuses a publication it would strip of its key figures.
 * Checked against the unsuppressed figures and by the independent attacker (attacker.ts).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistration, publishFigures, publishedJson, type RegistrationData } from '../../src/impact/index.js';
import { computeFigures } from '../../src/impact/figures.js';
import { computeLocalEvaluation, localEvaluationHtml, localEvaluationMerge, publishLocalEvaluation, publishedLocalJson, type LocalEvaluation } from '../../src/impact/local-evaluation.js';
import { assertPublishable, DisclosureError, protectPublicationSet, protectPublicationSetWithFallback, strippedPublications, withdrawnRefusal, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import { ledgerDecisions, LOCAL_SUFFIX, updateLedger } from '../../src/impact/ledger.js';
import type { PublicationDecisions } from '../../src/impact/report.js';
import { attack, type PublishedJson } from './attacker.js';
import { publishedJsonFiles, siteSubset, writeSiteSubset } from './fixtures.js';
import { runCli } from '../cli/run-cli.js';

const REF = '2025-12-31';
const PERIOD = { from: '2023-01-01', to: '2024-06-30' };
let national: RegistrationData;
beforeAll(async () => {
  national = (await loadRegistration('sample-data/registration/national', { referenceDate: REF })).data;
}, 60_000);

/** The set of the measurement: one site's evaluation and its annual reports 2023 and 2024 (and its records, for the windows between the periods). */
function siteSet(siteId: string) {
  const data = siteSubset(national, [siteId]);
  const ev = computeLocalEvaluation(data, { siteId, period: PERIOD, referenceDate: REF });
  const figs = [2023, 2024].map((year) => computeFigures(data, { year, referenceDate: REF, scope: { level: 'site', siteId } }));
  return { data, ev, figs, options: { evaluations: [ev], sites: data.sites, data } };
}

/** The files a reader holds: the two annual reports and the evaluation (English JSON). */
function files(p: PublicationDecisions, ev: LocalEvaluation, figs: ReturnType<typeof siteSet>['figs']): PublishedJson[] {
  return [...figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: p })) as unknown as PublishedJson), publishedLocalJson(publishLocalEvaluation(ev, { lang: 'en', decisions: p })) as unknown as PublishedJson];
}

/** Every published number equals the number the same layout prints with nothing hidden, or is a mark. */
function expectTrueOrHidden(p: PublicationSetProtection, ev: LocalEvaluation, figs: ReturnType<typeof siteSet>['figs']): number {
  const open: PublicationDecisions = { threshold: p.threshold, zeroHidden: false, statusOf: () => undefined, unprotected: 0, layoutOf: p.layoutOf, openEndedTails: p.openEndedTails };
  const shown = files(p, ev, figs);
  const truth = files(open, ev, figs);
  let numbers = 0;
  shown.forEach((f, i) => {
    f.tables.forEach((t, j) => {
      const u = truth[i].tables[j];
      expect(t.id).toBe(u.id);
      expect(t.rows.length).toBe(u.rows.length);
      t.rows.forEach((r, k) =>
        r.forEach((c, q) => {
          if (typeof c === 'number') {
            numbers++;
            expect(c, `${t.id} ${String(r[0])} column ${q}`).toBe(u.rows[k][q]);
          } else if (typeof u.rows[k][q] === 'number') expect(c, `${t.id} ${String(r[0])} column ${q}`).toMatch(/^(<5|x|\.|n<5)$/);
        }),
      );
    });
  });
  return numbers;
}

/** What a reader recovers that the rules forbid: a "<5" pinned within 1–4, an "x" narrower than 5, a small unpublished window. */
async function leaks(fs: PublishedJson[]) {
  const res = await attack(fs, { maxSegments: 6 });
  return {
    hidden: res.hidden,
    small: res.narrowed.filter((n) => n.mark === '<5' && n.hi > 0),
    x: res.narrowed.filter((n) => n.mark === 'x' && n.hi - n.lo < 5),
    windows: res.windows.filter((w) => w.kind === 'exact' || w.kind === 'narrowed'),
  };
}

describe("the fallback over a local evaluation's own tables", () => {
  it('S009: suppression alone refuses the set; the fallback combines the evaluation\'s stop reasons ("Combined: …", the sum of its categories) and leaves the annual reports as they are', async () => {
    const { ev, figs, options } = siteSet('S009');
    const plain = await protectPublicationSet(figs, options);
    expect(plain.failingKeys.length + plain.differenceKeys.length).toBeGreaterThan(0);
    const p = await protectPublicationSetWithFallback(figs, options);
    expect(p.failingKeys).toEqual([]);
    expect(p.differenceKeys).toEqual([]);
    // only the evaluation changed (the code before left out the stop reasons of both annual reports instead)
    expect(p.fallback.map((s) => [s.publication, s.table, s.action])).toEqual([[ev.publicationId, 'vrijwilligers-gestopt', 'merged']]);
    const codes = p.fallback[0].categories!;
    // the combined row holds the evaluation's "other" reasons and at least one reason it printed by name
    expect(codes).toEqual(expect.arrayContaining(ev.combined['vol.stop'].other));
    expect(codes.some((c) => ev.combined['vol.stop'].named.includes(c))).toBe(true);
    expect(ev.combined['vol.stop'].named.some((c) => !codes.includes(c))).toBe(true);
    for (const lang of ['en', 'nl'] as const) {
      const table = publishLocalEvaluation(ev, { lang, decisions: p }).tables.find((t) => t.id === 'vrijwilligers-gestopt')!;
      const row = table.rows.find((r) => r.label.startsWith(lang === 'en' ? 'Combined: ' : 'Samengevoegd: '))!;
      expect(row).toBeDefined();
      expect(table.merged?.of.length).toBe(codes.length);
      expect(table.note).toContain(lang === 'en' ? 'Combined in one row' : 'Samengevoegd in één rij');
      // its count, when printed, is the sum of its reasons counted from the period's figures
      const sum = codes.reduce((a, c) => a + (ev.period.volunteers.stoppedByReason[c] ?? 0), 0);
      if (row.cells[0].value !== null) expect(row.cells[0].value).toBe(sum);
      // no reason it combines is printed apart
      for (const r of table.rows) expect(r.label === row.label || !table.merged!.of.includes(r.label)).toBe(true);
    }
    expect(expectTrueOrHidden(p, ev, figs)).toBeGreaterThan(100);
  }, 120_000);

  it('S005, S020, S029, S037: written; every published number is the true one or hidden', async () => {
    const seen: Record<string, string[]> = {};
    let leftOutChecked = 0;
    for (const id of ['S005', 'S020', 'S029', 'S037']) {
      const { ev, figs, options } = siteSet(id);
      const plain = await protectPublicationSet(figs, options);
      expect(plain.failingKeys.length + plain.differenceKeys.length, id).toBeGreaterThan(0);
      const p = await protectPublicationSetWithFallback(figs, options);
      expect([...p.failingKeys, ...p.differenceKeys], id).toEqual([]);
      expect(p.withdrawn, id).toBeUndefined();
      expect(() => assertPublishable(p, figs, [ev])).not.toThrow();
      seen[id] = p.fallback.map((s) => `${s.publication.endsWith(LOCAL_SUFFIX) ? 'evaluation' : s.publication.split('|')[1]} ${s.action} ${s.table}`);
      expect(expectTrueOrHidden(p, ev, figs), id).toBeGreaterThan(100);
      // a table left out prints no rows and says why, in the JSON as well
      for (const s of p.fallback.filter((x) => x.publication === ev.publicationId && x.action === 'left out')) {
        const t = (publishedLocalJson(publishLocalEvaluation(ev, { lang: 'nl', decisions: p })).tables as Array<{ id: string; rows: unknown[]; note: string; leftOut?: boolean }>).find((x) => x.id === s.table)!;
        expect(t).toMatchObject({ rows: [], leftOut: true });
        expect(t.note).toMatch(/^Weggelaten: /);
        // in the HTML one sentence under the table's title, no table
        const html = localEvaluationHtml(publishLocalEvaluation(ev, { lang: 'nl', decisions: p }));
        expect(html).toContain('Weggelaten: deze tabel kan niet gepubliceerd worden');
        expect(html).not.toContain(`<table id="t-${s.table}"`);
        leftOutChecked++;
      }
    }
    // every set needed the fallback; the evaluation's own tables where they suffice
    for (const steps of Object.values(seen)) expect(steps.length).toBeGreaterThan(0);
    expect(seen.S029).toEqual(['evaluation merged vrijwilligers-gestopt']);
    // S037: the evaluation's gender table is left out (and both reports')
    expect(seen.S037).toContain('evaluation left out vrijwilligers-gender');
    expect(leftOutChecked).toBeGreaterThan(0);
  }, 240_000);

  it('the attacker holding the evaluation and both annual reports recovers nothing (S009, S029: the evaluation combined; S037: its table left out; S005, S020: the reports\' tables)', async () => {
    for (const id of ['S009', 'S029', 'S037', 'S005', 'S020']) {
      const { ev, figs, options } = siteSet(id);
      const p = await protectPublicationSetWithFallback(figs, options);
      expect(p.fallback.length, id).toBeGreaterThan(0);
      if (id === 'S009' || id === 'S029' || id === 'S037') expect(p.fallback.some((s) => s.publication === ev.publicationId), id).toBe(true);
      const found = await leaks(files(p, ev, figs));
      expect(found.hidden, id).toBeGreaterThan(50);
      expect({ id, small: found.small, x: found.x, windows: found.windows }).toEqual({ id, small: [], x: [], windows: [] });
    }
  }, 240_000);

  it("the evaluation's layout is kept in the ledger under its #local id: a later run reads it back and prints the evaluation as written", async () => {
    const { ev, figs, options } = siteSet('S009');
    const p = await protectPublicationSetWithFallback(figs, options);
    const ledger = updateLedger(null, p, [...figs, { scope: { level: 'site', siteId: ev.siteId }, key: `${ev.key}${LOCAL_SUFFIX}`, referenceDate: REF }], '2026-01-05');
    expect(ledger.layouts?.[ev.publicationId]).toEqual({ merged: { 'vrijwilligers-gestopt': p.fallback[0].categories } });
    // the same set again from the ledger: no new decision (the layout is applied from the start), every count
    // hidden before hidden again, and the evaluation printed as before
    const again = await protectPublicationSetWithFallback(figs, { ...options, ...ledgerDecisions(ledger) });
    expect(again.fallback).toEqual([]);
    expect(again.failingKeys).toEqual([]);
    expect(again.layouts[ev.publicationId]).toEqual(p.layouts[ev.publicationId]);
    const hidden = (q: PublicationSetProtection) => q.model.keys.filter((_, i) => q.status[i] !== 'shown' && q.model.printed[i]);
    expect(hidden(again)).toEqual(expect.arrayContaining(hidden(p)));
    const table = (q: PublicationDecisions) => publishLocalEvaluation(ev, { lang: 'en', decisions: q }).tables.find((t) => t.id === 'vrijwilligers-gestopt')!.rows.map((r) => r.label);
    expect(table(again)).toEqual(table(p));
    // a later publication (the period report of the same site) holds the evaluation as it was printed: its
    // combined row is a printed cell, the reasons it combines are not printed by the evaluation
    const later = computeFigures(options.data, { period: { from: '2024-07-01', to: '2025-06-30' }, referenceDate: REF, scope: { level: 'site', siteId: ev.siteId } });
    const next = await protectPublicationSet([later], { ...ledgerDecisions(ledger), publishedBefore: figs, evaluationsBefore: [ev], sites: options.sites, data: options.data });
    const merged = next.model.index.get(`site:${ev.siteId}|${ev.key}|vol.stop.merged:${[...p.fallback[0].categories!].sort().join('+')}`);
    expect(merged).toBeDefined();
    expect(next.model.printed[merged!]).toBeTruthy();
    const named = p.fallback[0].categories!.find((c) => ev.combined['vol.stop'].named.includes(c))!;
    expect(next.model.printed[next.model.index.get(`site:${ev.siteId}|${ev.key}|vol.stop.${named}`)!]).toBeFalsy();
  }, 180_000);

  it('S040: refused rather than written without key figures (the code before wrote both annual reports without theirs); the message names why and the steps tried', async () => {
    const { ev, figs, options } = siteSet('S040');
    const p = await protectPublicationSetWithFallback(figs, options);
    // the evaluation and both annual reports would lose their key figures: withdrawn (they print nothing in the
    // model), and the rest of the set — here nothing — is protected without them
    expect(p.withdrawn?.map((s) => s.publication).sort()).toEqual([ev.publicationId, 'site:S040|2023', 'site:S040|2024'].sort());
    expect(p.failingKeys).toEqual([]);
    expect(withdrawnRefusal(p, ['nat|2023'])).toBeNull();
    const err = withdrawnRefusal(p, [ev.publicationId]);
    expect(err).toBeInstanceOf(DisclosureError);
    expect(err!.message).toContain(`publication refused: ${ev.publicationId}: its key figures (table "kerncijfers") would be left out`);
    expect(err!.message).toContain('no file of it was written');
    expect(err!.places).toHaveLength(1);
  }, 120_000);
});

describe('the refusal rule for a stripped publication', () => {
  it('key figures left out, or more than half of the tables: refused; half or fewer: written', () => {
    const tables = new Map([['a', 13], ['b', 4]]);
    expect(strippedPublications({ a: { leftOut: ['kerncijfers'] } }, tables, new Set(['a']))).toEqual([{ publication: 'a', reason: 'its key figures (table "kerncijfers") would be left out' }]);
    expect(strippedPublications({ b: { leftOut: ['x', 'y'] } }, tables, new Set(['b']))).toEqual([]);
    expect(strippedPublications({ b: { leftOut: ['x', 'y', 'z'] } }, tables, new Set(['b']))).toEqual([{ publication: 'b', reason: '3 of its 4 tables would be left out (more than half)' }]);
    // only the publications asked about
    expect(strippedPublications({ b: { leftOut: ['x', 'y', 'z'] } }, tables, new Set(['a']))).toEqual([]);
  });

  it("localEvaluationMerge: the evaluation's other categories and the failing one; the \"other\" row takes the smallest named category; never every named category", () => {
    const ev = computeLocalEvaluation(national, { siteId: 'S009', period: PERIOD, referenceDate: REF });
    const { named, other } = ev.combined['vol.stop'];
    expect(named.length).toBeGreaterThan(1);
    const counts = ev.period.volunteers.stoppedByReason;
    const smallest = [...named].sort((a, b) => counts[a] - counts[b] || a.localeCompare(b))[0];
    const forOther = localEvaluationMerge(ev, undefined, 'vrijwilligers-gestopt', 'vol.stop-other');
    expect(new Set(forOther)).toEqual(new Set([...other, smallest]));
    const forNamed = localEvaluationMerge(ev, undefined, 'vrijwilligers-gestopt', `vol.stop.${named[0]}`);
    expect(new Set(forNamed)).toEqual(new Set(other.length ? [...other, named[0]] : [named[0], [...named.slice(1)].sort((a, b) => counts[a] - counts[b] || a.localeCompare(b))[0]]));
    // already combined, no combined group, or no named category left: null (the table is left out)
    expect(localEvaluationMerge(ev, { merged: { 'vrijwilligers-gestopt': forOther! } }, 'vrijwilligers-gestopt', 'vol.stop-other')).toBeNull();
    expect(localEvaluationMerge(ev, undefined, 'hulpvragen', 'help.parenting')).toBeNull();
    expect(localEvaluationMerge(ev, undefined, 'vrijwilligers-gestopt', 'vol.stopped')).toBeNull();
  });
});

describe('homestart-impact evaluation (CLI) with the fallback', () => {
  it("S009: writes the evaluation with its stop reasons combined, records the layout under the #local id, and the annual report run after it reads the ledger; the attacker finds nothing", async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'hs-local-fb-'));
    try {
      const data = join(tmp, 'data');
      writeSiteSubset(data, new Set(['S009']));
      const common = ['--data', data, '--lang', 'en', '--reference-date', REF, '--ledger', join(tmp, 'ledger.json'), '--audit-cache', 'off'];
      const ev = await runCli(['evaluation', '--site', 'S009', '--from', PERIOD.from, '--to', PERIOD.to, '--out', join(tmp, 'out', 'eval'), ...common]);
      expect(ev.err).toBe('');
      expect(ev.code).toBe(0);
      expect(ev.out).toMatch(/combined in site:S009\|2023-01-01_2024-06-30#local, table "vrijwilligers-gestopt": /);
      const ledger = JSON.parse(readFileSync(join(tmp, 'ledger.json'), 'utf8')) as { layouts?: Record<string, { merged?: Record<string, string[]> }> };
      expect(Object.keys(ledger.layouts ?? {})).toEqual(['site:S009|2023-01-01_2024-06-30#local']);
      const evFile = JSON.parse(readFileSync(publishedJsonFiles(join(tmp, 'out', 'eval'))[0], 'utf8')) as PublishedJson & { tables: Array<{ merged?: { label: string; of: string[] } }> };
      const stops = evFile.tables.find((t) => t.id === 'vrijwilligers-gestopt')!;
      expect(stops.merged?.label).toMatch(/^Combined: /);
      expect(stops.rows.map((r) => r[0])).toContain(stops.merged!.label);
      // the annual reports of those years written after it: the evaluation is an earlier publication, as printed
      for (const y of ['2023', '2024']) {
        const r = await runCli(['report', '--year', y, '--all-scopes', '--out', join(tmp, 'out'), ...common]);
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
      }
      const files = publishedJsonFiles(join(tmp, 'out')).map((p) => JSON.parse(readFileSync(p, 'utf8')) as PublishedJson);
      const found = await leaks(files);
      expect(found.hidden).toBeGreaterThan(50);
      expect({ small: found.small, x: found.x, windows: found.windows }).toEqual({ small: [], x: [], windows: [] });
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 240_000);
});
