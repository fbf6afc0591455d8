/**
 * One quantity, one cell (docs/disclosure-control.md, session 5): a one-site data set's site, region and nation
 * counts; zeros pinned by printed zeros through any relation; a ≥ and a ≤ over the same cells; and the local
 * evaluation's classes sized to it (docs/local-evaluation.md), hand-counted on sample-data/registration/local.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRegistration, type RegistrationData } from '../../src/impact/index.js';
import { protectPublicationSet, publicationSetFigures } from '../../src/impact/disclosure.js';
import { buildPublicationModel, classBounds, collectPublicationCells, fineClasses, regionHierarchy, sameQuantityScopes } from '../../src/impact/publication.js';
import { computeLocalEvaluation, LOCAL_CLASS_LEVELS, localEvaluationClasses, publishLocalEvaluation } from '../../src/impact/local-evaluation.js';
import { computeFigures } from '../../src/impact/figures.js';

const REF = '2021-06-30';
const PERIOD = { from: '2018-03-01', to: '2021-06-30' };
let data: RegistrationData;
beforeAll(async () => {
  data = (await loadRegistration('sample-data/registration/local', { referenceDate: REF })).data;
}, 60_000);

describe('scopes that are one quantity', () => {
  it('a region with one site, a nation with one region: the highest published scope names them', () => {
    const all = new Set(['nat', 'reg:R', 'site:S']);
    expect([...sameQuantityScopes(new Map([['R', ['S']]]), all)]).toEqual([['site:S', 'nat'], ['reg:R', 'nat']]);
    // without the national publication the region names them; without either, nothing is merged
    expect([...sameQuantityScopes(new Map([['R', ['S']]]), new Set(['reg:R', 'site:S']))]).toEqual([['site:S', 'reg:R']]);
    expect([...sameQuantityScopes(new Map([['R', ['S']]]), new Set(['site:S']))]).toEqual([]);
    // two sites in one region: the region is the nation, the sites are not the region
    expect([...sameQuantityScopes(new Map([['R', ['S', 'T']]]), new Set(['nat', 'reg:R', 'site:S', 'site:T']))]).toEqual([['reg:R', 'nat']]);
    // two regions: a one-site region is its site's, the nation is no region's
    expect([...sameQuantityScopes(new Map([['R', ['S']], ['Q', ['T', 'U']]]), new Set(['nat', 'reg:R', 'reg:Q', 'site:S']))]).toEqual([['site:S', 'reg:R']]);
  });

  it('the local office set: one cell per count for the site, its region and the nation; every name finds it', () => {
    const figs = publicationSetFigures(data, [2019, 2020], { referenceDate: REF });
    const m = buildPublicationModel(figs.map((fig) => ({ fig, ledger: collectPublicationCells(fig), printed: new Set<string>() })), regionHierarchy(data.sites));
    const i = m.index.get('nat|2019|fam.supported')!;
    expect(m.keys[i]).toBe('nat|2019|fam.supported');
    expect(m.index.get('site:DLF|2019|fam.supported')).toBe(i);
    expect(m.index.get('reg:Overijssel|2019|fam.supported')).toBe(i);
    expect(m.values[i]).toBe(13); // hand-counted: 13 families with a trajectory running in 2019
    // no relation ties a cell to itself, and no key of the model is a site's or region's
    expect(m.relations.some((r) => new Set(r.vars).size < r.vars.length)).toBe(false);
    expect(m.keys.some((k) => k.startsWith('site:') || k.startsWith('reg:'))).toBe(false);
  });

  it('protected: the site report prints what the national report prints (before: "." at the site, 5 and 13 nationally)', async () => {
    const figs = publicationSetFigures(data, [2019], { referenceDate: REF });
    const p = await protectPublicationSet(figs, { sites: data.sites });
    expect(p.failingKeys).toEqual([]);
    for (const y of [2018, 2019]) {
      const names = ['nat', 'reg:Overijssel', 'site:DLF'].map((s) => `${s}|${y}|fam.supported`);
      expect(names.map((k) => p.statusOf(k))).toEqual(names.map(() => p.statusOf(names[0])));
      expect(p.statusOf(names[0])).toBeUndefined(); // printed
    }
  });
});

describe('zeros pinned by printed zeros through a period and its years', () => {
  it('the evaluation\'s "0–3 months" (0) is printed: at most the sum of the years, which print 0', async () => {
    const ev = computeLocalEvaluation(data, { siteId: 'DLF', period: PERIOD, referenceDate: REF });
    const figs = publicationSetFigures(data, [2019, 2020, 2021], { referenceDate: REF });
    const p = await protectPublicationSet(figs, { evaluations: [ev], sites: data.sites });
    expect(p.failingKeys).toEqual([]);
    const k = `site:DLF|2018-03-01_2021-06-30|dur.0-3`;
    expect(p.model.values[p.model.index.get(k)!]).toBe(0);
    expect(p.statusOf(k)).toBeUndefined(); // shown (before: hidden, and the repair hid key figures for it)
    // both bounds of the period against its years are relations of the model (before: one was dropped)
    const cell = p.model.index.get('site:DLF|2018-03-01_2021-06-30|vol.registered')!;
    const links = p.model.relations.filter((r) => r.vars[0] === cell && r.vars.length > 2);
    expect(links.some((r) => r.lo === 0 && r.hi === Infinity)).toBe(true);
    expect(links.some((r) => r.lo === -Infinity && r.hi === 0)).toBe(true);
  }, 120_000);
});

describe('periods that cover the same days from the site\'s start', () => {
  it('the period report 2018–2021 (to 30 June 2021) and the evaluation from the start in March 2018 are one window: their counts are equal relations', async () => {
    const ev = computeLocalEvaluation(data, { siteId: 'DLF', period: PERIOD, referenceDate: REF });
    const figs = publicationSetFigures(data, [{ from: '2018-01-01', to: '2021-12-31' }], { referenceDate: REF });
    const withData = await protectPublicationSet(figs, { evaluations: [ev], sites: data.sites, data });
    const m = withData.model;
    const a = m.index.get('site:DLF|2018-01-01_2021-12-31|fam.children')!;
    const b = m.index.get('site:DLF|2018-03-01_2021-06-30|fam.children')!;
    expect(a).not.toBe(b);
    expect([m.values[a], m.values[b]]).toEqual([43, 43]);
    const same = (x: number, y: number) => m.relations.some((r) => r.lo === 0 && r.hi === 0 && r.vars.length === 2 && r.vars.includes(x) && r.vars.includes(y));
    expect(same(a, b)).toBe(true);
    // the site started on 1 March 2018: without the registration data (no start date) no such relation
    const without = await protectPublicationSet(figs, { evaluations: [ev], sites: data.sites });
    const m2 = without.model;
    expect(m2.relations.some((r) => r.lo === 0 && r.hi === 0 && r.vars.length === 2 && r.vars.includes(m2.index.get('site:DLF|2018-01-01_2021-12-31|fam.children')!) && r.vars.includes(m2.index.get('site:DLF|2018-03-01_2021-06-30|fam.children')!))).toBe(false);
  }, 120_000);
});

describe('classes sized to the local evaluation', () => {
  it('class bounds and the fine classes inside a class', () => {
    expect(classBounds('12+')).toEqual([12, Infinity]);
    expect(classBounds('0')).toEqual([0, 0]);
    expect(fineClasses('dur', '0-6')).toEqual(['0-3', '3-6']);
    expect(fineClasses('dur', '12+')).toEqual(['12-15', '15-18', '18+']);
    expect(fineClasses('age', '0-3')).toEqual(['0', '1-3']);
    expect(fineClasses('age', '4+')).toEqual(['4-6', '7-12', '13+']);
    expect(fineClasses('age', '4-6')).toEqual(['4-6']);
    // every class set covers the fine classes once
    for (const b of ['dur', 'age'] as const) for (const level of LOCAL_CLASS_LEVELS[b]) expect(level.flatMap((c) => fineClasses(b, c))).toEqual([...LOCAL_CLASS_LEVELS[b][0]]);
  });

  it('Dalfsen: children 2, 13, 12, 15, 1 → under 4 and 4 and older (4–6 years is 12 in the period, 8 in 2020: 4 apart); durations 0, 0, 0, 11, 3, 2, 0 → no set fits', () => {
    const ev = computeLocalEvaluation(data, { siteId: 'DLF', period: PERIOD, referenceDate: REF });
    expect(ev.period.families.childrenByAge).toEqual({ '0': 2, '1-3': 13, '4-6': 12, '7-12': 15, '13+': 1 });
    expect(ev.classes.age).toEqual(['0-3', '4+']);
    expect(ev.classes.dur).toEqual(['0-3', '3-6', '6-9', '9-12', '12-15', '15-18', '18+']);
    // the rule by hand: without years, the middle set fits the period's children (15, 12, 16) and the
    // durations' middle set (0, 11, 5, 0); with the year 2020 (4–6 years: 8) the middle age set does not
    expect(localEvaluationClasses(ev.period, [], 5)).toEqual({ dur: ['0-6', '6-12', '12-18', '18+'], age: ['0-3', '4-6', '7+'] });
    const y2020 = computeFigures(data, { year: 2020, referenceDate: REF, scope: { level: 'site', siteId: 'DLF' } }).current;
    expect(y2020.families.childrenByAge['4-6']).toBe(8);
    expect(localEvaluationClasses(ev.period, [y2020], 5).age).toEqual(['0-3', '4+']);
    // printed in both languages with the same classes, and a note saying why
    for (const lang of ['nl', 'en'] as const) {
      const t = publishLocalEvaluation(ev, { lang }).tables.find((x) => x.id === 'kinderen')!;
      expect(t.rows.map((r) => r.label)).toEqual(lang === 'nl' ? ['0–3 jaar', '4 jaar en ouder', 'Totaal'] : ['0–3 years', '4 years and older', 'Total']);
      expect(t.note).toMatch(lang === 'nl' ? /Minder klassen/ : /Fewer classes/);
    }
  });
});
