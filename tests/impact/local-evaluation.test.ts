/**
 * The local evaluation (seed 002 style) on the local sample set: every raw figure counted by hand from
 * sample-data/registration/local (22 families supported, 7 not supported, 25 volunteers, …), the
 * period ≠ sum of its years, the published tables (suppression applied, no ids, no free text but
 * localities with ≥ 5 families), and the evaluation as a publication of the same set as the annual
 * reports (links between the period and the years it covers).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRegistration } from '../../src/impact/registration.js';
import { computeFigures, periodKey } from '../../src/impact/figures.js';
import { collectLocalEvaluationCells, combineSmallCategories, computeLocalEvaluation, localEvaluationFileStem, localEvaluationLinks, publishLocalEvaluation, writeLocalEvaluation, type LocalEvaluation } from '../../src/impact/local-evaluation.js';
import { protectPublicationSet, publicationSetFigures } from '../../src/impact/disclosure.js';
import { parsePublicationId } from '../../src/impact/ledger.js';
import type { RegistrationData } from '../../src/impact/types.js';
import { runCli } from '../cli/run-cli.js';

const DIR = 'sample-data/registration/local';
const PERIOD = { from: '2018-03-01', to: '2021-06-30' };
let data: RegistrationData;
let ev: LocalEvaluation;

beforeAll(async () => {
  data = (await loadRegistration(DIR, { referenceDate: '2021-06-30' })).data;
  ev = computeLocalEvaluation(data, { siteId: 'DLF', period: PERIOD, referenceDate: '2021-06-30' });
});

describe('computeLocalEvaluation: the figures of the Dalfsen evaluation, counted by hand', () => {
  it('families: supported, not supported with reasons, running at the end, children', () => {
    const f = ev.period.families;
    expect(f.supported).toBe(22); // G01–G22 each have a trajectory in the period
    expect(f.intake.notSupported).toBe(7); // G23–G29
    // G23 no click; G24, G25 declined; G26 language; G27, G28, G29 question does not fit
    expect(f.notSupportedByReason).toMatchObject({ 'no-click': 1, declined: 2, language: 1, 'question-does-not-fit': 3 });
    expect(f.activeAtYearEnd).toBe(6); // T17–T22 have no end date
    // children of G01–G22: 3+2+1+2+1+3+2+4+3+1+1+1+1+4+1+1+2+2+3+2+1+2
    expect(f.childrenReached).toBe(43);
  });

  it('localities of the supported families and small categories combined (never a small remainder)', () => {
    expect(ev.period.families.supportedByLocality).toMatchObject({ Dalfsen: 12, Lemelerveld: 4, Nieuwleusen: 6 });
    // Lemelerveld (4) alone would be a small remainder beside the total: Nieuwleusen (6) joins it
    expect(ev.combined.loc).toEqual({ named: ['Dalfsen'], other: ['Lemelerveld', 'Nieuwleusen'] });
    expect(ev.combined.sref.named).toEqual(['municipality', 'youth-health-care']);
    expect(ev.combined['vol.stop'].named).toEqual([]); // 2, 2, 2, 1: only the total is printed
    expect(ev.combined['vol.gReg'].named).toEqual(['female', 'male']);
  });

  it('referrers and migration background of the supported families (the table of the seed)', () => {
    // municipality G01 G07 G08 G09 G13 G15 G21; youth health care G03 G10 G17 G18 G22; social work G05 G06 G14 G16;
    // own initiative G04 G19; school G11 G12; family G02; other care provider G20
    expect(ev.referrers).toMatchObject({ municipality: 7, 'youth-health-care': 5, 'social-work': 4, 'own-initiative': 2, school: 2, 'family-friends': 1, 'other-care': 1 });
    expect(Object.values(ev.referrers).reduce((a, b) => a + b, 0)).toBe(22);
    // yes: G01 G03 G04 G07 G08 G09 G13 G15 G20 G21
    expect(ev.migration).toEqual({ yes: 10, no: 12, unknown: 0 });
  });

  it('volunteers: 25 registered (5 men), 14 active on 30 June 2021 of whom 2 not deployable, 4 in training, 7 stopped', () => {
    const v = ev.period.volunteers;
    expect(v.registered).toBe(25);
    expect(v.genderRegistered).toMatchObject({ male: 5, female: 20 }); // V02 V07 V12 V18 V23
    expect(v.activeAtYearEnd).toBe(14);
    expect(ev.notDeployable).toBe(2); // V19, V20
    expect(v.inTrainingAtYearEnd).toBe(4); // V22–V25
    expect(v.stopped).toBe(7);
    // V10 V12 other activity; V11 V15 paid work; V13 V14 study; V21 not a fit
    expect(v.stoppedByReason).toMatchObject({ 'wants-other-activity': 2, 'paid-work': 2, study: 2, 'not-a-fit': 1 });
  });

  it('closed trajectories: 16, goals reached, no referral to professional care, follow-up calls held, mean duration', () => {
    const c = ev.period.closed;
    expect(ev.period.families.closed).toBe(16); // T01–T16
    expect(c.goalsReached).toMatchObject({ yes: 14, partly: 2, no: 0, unknown: 0 }); // partly: T08, T12
    expect(c.referredProfessional.count).toBe(0);
    expect(c.followUpDone).toBe(15); // T16 has no follow-up date
    // mean of (end − match) in days / 30.4375, from the trajectories file
    const closed = data.trajectories.filter((t) => t.endDate !== null && t.endDate <= '2021-06-30');
    const days = closed.map((t) => (Date.parse(t.endDate!) - Date.parse(t.matchDate)) / 86400000);
    expect(c.duration.n).toBe(16);
    expect(c.duration.mean).toBeCloseTo(days.reduce((a, b) => a + b, 0) / days.length / 30.4375, 10);
    expect(c.duration.mean).toBeGreaterThan(10); // "on average about a year"
  });

  it('a period across calendar years is not the sum of its years (a family supported in both counts once)', () => {
    const two = computeLocalEvaluation(data, { siteId: 'DLF', period: { from: '2019-01-01', to: '2020-12-31' }, referenceDate: '2021-06-30' });
    const y19 = computeFigures(data, { year: 2019, scope: { level: 'site', siteId: 'DLF' }, referenceDate: '2021-06-30' }).current;
    const y20 = computeFigures(data, { year: 2020, scope: { level: 'site', siteId: 'DLF' }, referenceDate: '2021-06-30' }).current;
    expect(two.period.families.supported).toBeLessThan(y19.families.supported + y20.families.supported);
    // flows do add up
    expect(two.period.families.closed).toBe(y19.families.closed + y20.families.closed);
    expect(two.period.volunteers.registered).toBe(y19.volunteers.registered + y20.volunteers.registered);
  });

  it('a running period is marked, and errors are sentences', () => {
    const running = computeLocalEvaluation(data, { siteId: 'DLF', period: { from: '2021-01-01', to: '2021-12-31' }, referenceDate: '2021-06-30' });
    expect(running.running).toBe(true);
    expect(running.period.snapshotDate).toBe('2021-06-30');
    expect(() => computeLocalEvaluation(data, { siteId: 'NOPE', period: PERIOD })).toThrow(/Site "NOPE" is not in the sites file/);
    expect(() => computeLocalEvaluation(data, { siteId: 'DLF', period: { from: '2021-06-30', to: '2018-03-01' } })).toThrow(/ends before it starts/);
  });
});

describe('combining small categories', () => {
  it('names categories with at least the minimum, never leaves a small remainder (the TSDoc examples)', () => {
    expect(combineSmallCategories({ a: 12, b: 6, c: 4, d: 0 }, 5)).toEqual({ named: ['a'], other: ['c', 'd', 'b'] });
    expect(combineSmallCategories({ a: 12, b: 6, c: 0 }, 5)).toEqual({ named: ['a', 'b'], other: ['c'] }); // remainder 0: fine
    expect(combineSmallCategories({ a: 2, b: 2 }, 5)).toEqual({ named: [], other: ['a', 'b'] }); // only the total
    expect(combineSmallCategories({ 'Jan Jansen 12': 9 }, 5, (k) => !/\d/.test(k))).toEqual({ named: [], other: ['Jan Jansen 12'] });
    expect(localEvaluationFileStem('DLF', { from: '2018-03-01', to: '2021-06-30' }, 'nl')).toBe('lokale-evaluatie-2018-03-01_2021-06-30-site-dlf');
  });
});

describe('the 38 figures of the seed evaluation (docs/local-evaluation.md)', () => {
  it('the table lists 38 figures; every produced figure with a path equals the seed value on the sample set', () => {
    const doc = readFileSync('docs/local-evaluation.md', 'utf8');
    const rows = doc
      .split('\n')
      .filter((l) => /^\| \d+ \|/.test(l))
      .map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 38 }, (_, i) => i + 1));
    expect(rows.filter((r) => r[3] === 'yes').length).toBe(30);
    let checked = 0;
    for (const [, , value, produced, path] of rows) {
      if (produced !== 'yes' || !/^[\w.-]+$/.test(path)) continue;
      let x: unknown = ev;
      for (const part of path.split('.')) x = (x as Record<string, unknown>)[part];
      if (path === 'from') expect(x).toBe('2018-03-01');
      else if (path === 'to') expect(x).toBe('2021-06-30');
      else if (path === 'period.closed.duration.mean') expect(Math.round(x as number / 12)).toBe(1); // "about 1 year"
      else if (path === 'period.closed.goalsReached') expect((x as { no: number }).no).toBe(0); // "all": none without
      else expect(x, `#${path}`).toBe(Number(value));
      checked++;
    }
    expect(checked).toBe(26);
  });
});

describe('the evaluation as a publication of the set', () => {
  it('its cells carry the period key; links tie it to the years it covers and are true on the data', () => {
    const ledger = collectLocalEvaluationCells(ev);
    expect(ledger.keys.every((k) => k.startsWith(`${periodKey(PERIOD)}|`))).toBe(true);
    const links = localEvaluationLinks(ev, ledger, [2018, 2019, 2020]);
    // volunteers registered in the period ≥ the sum over 2018 (the site started 1 March 2018), 2019, 2020
    const reg = links.find((l) => l.keys[0] === `site:DLF|${periodKey(PERIOD)}|vol.registered` && l.lo === 0);
    expect(reg?.keys.slice(1)).toEqual(['site:DLF|2018|vol.registered', 'site:DLF|2019|vol.registered', 'site:DLF|2020|vol.registered']);
    // 2021 has no annual report on 30 June 2021: no upper bound from the years
    expect(links.some((l) => l.keys[0].endsWith('|vol.registered') && l.hi === 0)).toBe(false);
  });

  it('every "other" row is the sum of the categories it combines (referrers too: their cells were registered after the sum, which then named no part)', () => {
    const ledger = collectLocalEvaluationCells(ev);
    const p = `${periodKey(PERIOD)}|`;
    expect(ev.combined.sref.other.length).toBeGreaterThan(1);
    for (const g of ['loc', 'sref', 'ns', 'vol.stop', 'vol.gReg'] as const) {
      const other = ev.combined[g].other;
      if (!other.length) continue;
      const total = ledger.index.get(`${p}${g}-other`);
      expect(total, g).toBeDefined();
      const c = ledger.constraints.find((x) => x.total === total);
      expect(c, `${g}-other has its sum`).toBeDefined();
      const parts = c!.parts.map((i) => ledger.keys[i]).filter((k) => !k.endsWith('|rest'));
      expect(parts.sort(), g).toEqual(other.map((k) => (g === 'loc' ? parts.find((q) => q.endsWith(k)) ?? k : `${p}${g}.${k}`)).sort());
    }
  });

  it('published with the annual reports of 2018–2020: audited, no small count printed, no ids or free text', async () => {
    const figs = publicationSetFigures(data, [2018, 2019, 2020], { referenceDate: '2021-06-30' });
    const protection = await protectPublicationSet(figs, { evaluations: [ev], sites: data.sites });
    expect(protection.failingKeys).toEqual([]);
    expect(protection.model.publications.length).toBe(figs.length + 1);
    // the model holds links from the period to the years
    const cellOf = (k: string) => protection.model.index.get(k);
    expect(protection.model.relations.some((r) => r.vars.includes(cellOf(`site:DLF|${periodKey(PERIOD)}|vol.registered`)!) && r.vars.includes(cellOf('site:DLF|2019|vol.registered')!))).toBe(true);
    const pub = publishLocalEvaluation(ev, { decisions: protection });
    for (const t of pub.tables) {
      for (const r of t.rows) {
        for (const c of r.cells) {
          if (c.kind === 'count' && c.value !== null) expect(c.value === 0 || c.value >= 5, `${t.id} / ${r.label}`).toBe(true);
        }
      }
    }
    const out = mkdtempSync(join(tmpdir(), 'hs-local-'));
    const w = writeLocalEvaluation(ev, { outDir: out, decisions: protection, synthetic: true });
    const texts = [w.html, w.json, ...w.csv].map((p) => readFileSync(p, 'utf8'));
    for (const text of texts) {
      expect(text).not.toMatch(/DLF-[GVT]\d/); // family, volunteer, trajectory ids
      expect(text).not.toMatch(/\bDLF\b/); // the site id (sites are named by municipality)
      expect(text).not.toContain('Lemelerveld'); // a locality with fewer than 5 families
      expect(text).not.toContain('Nieuwleusen'); // combined with it (see above)
    }
    expect(readFileSync(w.html, 'utf8')).toContain('Overige kernen');
    expect(readFileSync(w.html, 'utf8')).toContain('SYNTHETISCHE DATA');
    expect(readdirSync(join(out, 'tables')).every((f) => f.endsWith('-2018-03-01_2021-06-30-site-dlf.csv'))).toBe(true);
  }, 120_000);
});

describe('homestart-impact evaluation (CLI)', () => {
  it('writes the evaluation, records it in the ledger as #local, and the annual report reads that ledger', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hs-eval-cli-'));
    const r = await runCli(['evaluation', '--site', 'DLF', '--from', '2018-03-01', '--to', '2021-06-30', '--data', DIR, '--out', out, '--reference-date', '2021-06-30']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'lokale-evaluatie-2018-03-01_2021-06-30-site-dlf.html'))).toBe(true);
    expect(existsSync(join(out, 'lokale-evaluatie-2018-03-01_2021-06-30-site-dlf.xlsx'))).toBe(true);
    const ledger = JSON.parse(readFileSync(join(out, 'suppression-ledger.json'), 'utf8'));
    expect(ledger.publications.map((p: { id: string }) => p.id)).toEqual(['site:DLF|2018-03-01_2021-06-30#local']);
    expect(parsePublicationId(ledger.publications[0].id)).toMatchObject({ local: true, scope: { level: 'site', siteId: 'DLF' }, period: PERIOD });
    const again = await runCli(['report', '--site', 'DLF', '--year', '2020', '--data', DIR, '--out', out, '--reference-date', '2021-06-30']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/disclosure control over \d+ publications/);
  }, 120_000);

  it('usage errors and an unknown site exit 2 with a sentence', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hs-eval-cli-'));
    const noSite = await runCli(['evaluation', '--from', '2018-03-01', '--to', '2021-06-30', '--data', DIR, '--out', out]);
    expect(noSite.code).toBe(2);
    expect(noSite.err).toMatch(/--site ID is required/);
    const backwards = await runCli(['evaluation', '--site', 'DLF', '--from', '2021-06-30', '--to', '2018-03-01', '--data', DIR, '--out', out]);
    expect(backwards.code).toBe(2);
    expect(backwards.err).toMatch(/is after --to/);
    const unknown = await runCli(['evaluation', '--site', 'XYZ', '--from', '2018-03-01', '--to', '2021-06-30', '--data', DIR, '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Site "XYZ" is not in the sites file/);
  }, 60_000);
});
