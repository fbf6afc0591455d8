/**
 * Disclosure control of period publications: a local evaluation's period (1-3-2018 … 30-6-2021 on the
 * local sample set) joins the same publication set and ledger as the annual reports of 2019 and 2020,
 * with the relations a reader infers between publications of one scope: the period is the disjoint
 * union of its parts per calendar year (flows add up), it contains the years (every flow and reach count
 * of a year ≤ the period's: the differencing attack), and its last part ends on its last day (counts on
 * that day are equal). A control shows that the audit needs these relations (the test can fail).
 */
import { describe, expect, it } from 'vitest';
import { loadRegistration, parsePeriod, type LinearRelation } from '../../src/impact/index.js';
import { auditHiddenCells } from '../../src/impact/audit.js';
import { protectPublicationSet, publicationSetFigures } from '../../src/impact/disclosure.js';
import { emptyLedger, parsePublicationId, updateLedger } from '../../src/impact/ledger.js';
import { buildPublicationModel, collectPublicationCells, regionHierarchy } from '../../src/impact/publication.js';

const REF = '2021-06-30';
const PERIOD = parsePeriod('2018-03..2021-06');
const loaded = await loadRegistration('sample-data/registration/local', { referenceDate: REF });
const data = loaded.data;
const figs = publicationSetFigures(data, [2019, 2020, PERIOD], { referenceDate: REF });
const model = buildPublicationModel(figs.map((fig) => ({ fig, ledger: collectPublicationCells(fig), printed: new Set<string>() })), regionHierarchy(data.sites));
const periodOf = (key: string) => key.split('|')[1];
const crossPeriod = (r: LinearRelation, keys: string[] = model.keys) => new Set(r.vars.map((v) => periodOf(keys[v]))).size > 1;
// a cell by any of its names (a one-site set's site counts are its nation's cells: sameQuantityScopes)
const rel = (kind: LinearRelation['kind'], keys: string[]) =>
  model.relations.find((r) => r.kind === kind && r.vars.length === keys.length && keys.every((k) => r.vars.some((v) => v === model.index.get(k))));

describe('period publications in the publication set', () => {
  it('ledger ids: old year ids read unchanged, period ids <scope>|<from>_<to>', () => {
    expect(parsePublicationId('site:S1|2024')).toMatchObject({ scope: { level: 'site', siteId: 'S1' }, period: { from: '2024-01-01', to: '2024-12-31' }, key: '2024', year: 2024 });
    expect(parsePublicationId('reg:Noord|2018-03-01_2021-06-30')).toMatchObject({ scope: { level: 'region', region: 'Noord' }, period: PERIOD, year: null });
    expect(() => parsePublicationId('nat|2018-2021')).toThrow(/not <scope>\|<year> or <scope>\|<from>_<to>/);
    const ids = updateLedger(emptyLedger(5, true), { threshold: 5, zeroHidden: true, model: { keys: [] }, status: [], withheld: new Set() } as never, figs.slice(-3), '2021-07-01').publications.map((p) => p.id);
    expect(ids).toContain('nat|2018-03-01_2021-06-30');
  });

  it('the period is the sum of its parts per year for every flow (and the year cells are the annual reports\' cells)', () => {
    const s = 'site:DLF';
    const parts = ['2018-03-01_2018-12-31', '2019', '2020', '2021-01-01_2021-06-30'];
    // (the parts per year print the key counts of the history table; the years 2019 and 2020 every count)
    for (const m of ['fam.registered', 'fam.closed']) {
      const keys = [...parts.map((p) => `${s}|${p}|${m}`), `${s}|2018-03-01_2021-06-30|${m}`];
      for (const k of keys) expect(model.index.has(k), k).toBe(true);
      expect(rel('sum', keys), m).toBeDefined();
    }
    // reach counts are not sums of years: families supported in 2020 ≤ in the period (differencing)
    expect(rel('sum', [...parts.map((p) => `${s}|${p}|fam.supported`), `${s}|2018-03-01_2021-06-30|fam.supported`])).toBeUndefined();
    expect(rel('subset', [`${s}|2020|fam.supported`, `${s}|2018-03-01_2021-06-30|fam.supported`])).toBeDefined();
    expect(rel('subset', [`${s}|2020|vol.activeYear`, `${s}|2018-03-01_2021-06-30|vol.activeYear`])).toBeDefined();
    // counts on the last day: the last part and the period end on 30-6-2021
    expect(rel('sum', [`${s}|2021-01-01_2021-06-30|fam.active`, `${s}|2018-03-01_2021-06-30|fam.active`])).toBeDefined();
    // every relation is true on the data (buildPublicationModel checks; here once more, independently)
    for (const r of model.relations) {
      const sum = r.vars.reduce((a, v, k) => a + r.coefs[k] * model.values[v], 0);
      expect(sum >= r.lo && sum <= r.hi).toBe(true);
    }
  });

  it('annual reports alone get no relation between periods (disjoint years)', () => {
    const years = publicationSetFigures(data, [2019, 2020], { referenceDate: REF });
    const m = buildPublicationModel(years.map((fig) => ({ fig, ledger: collectPublicationCells(fig), printed: new Set<string>() })), regionHierarchy(data.sites));
    expect(m.relations.filter((r) => new Set(r.vars.map((v) => m.keys[v].split('|')[1])).size > 1)).toEqual([]);
  });

  it('control: one hidden part of a period whose total and other parts are printed is pinned — only the period relation shows it', async () => {
    const s = 'site:DLF';
    const parts = ['2018-03-01_2018-12-31', '2019', '2020', '2021-01-01_2021-06-30'].map((p) => model.index.get(`${s}|${p}|fam.registered`)!);
    const total = model.index.get(`${s}|2018-03-01_2021-06-30|fam.registered`)!;
    const status = model.keys.map(() => 'shown' as 'shown' | 'primary');
    status[parts[1]] = 'primary'; // "hide" 2019's registrations, print everything else
    // (the same count is also pinned through the national and regional 2019 cells: the audit uses only the
    // relations between periods here, so that the control isolates them)
    const periodOnly = model.relations.filter((r) => crossPeriod(r));
    const withPeriods = await auditHiddenCells({ values: model.values, status, relations: periodOnly, threshold: 1_000, zeroHidden: true });
    expect(withPeriods.failing).toContain(parts[1]);
    const withoutPeriods = await auditHiddenCells({ values: model.values, status, relations: [], threshold: 1_000, zeroHidden: true });
    expect(withoutPeriods.failing).not.toContain(parts[1]);
    expect(total).toBeGreaterThanOrEqual(0);
  });

  it('the set with the period is protected: no hidden cell can be narrowed, and no period sum has exactly one hidden member', async () => {
    const protection = await protectPublicationSet(figs, { threshold: 5, sites: data.sites });
    expect(protection.failingKeys).toEqual([]);
    // a small count ("<5") or an "x" that protects one; a cell left out (".", a count ≥ the threshold that
    // could not serve as a secondary) is not sensitive itself, and the audit above already proved that
    // nothing hidden is narrowed by it
    const hidden = (v: number) => (protection.status[v] === 'primary' || protection.status[v] === 'secondary') && !protection.withheld.has(v);
    for (const r of protection.model.relations) {
      if (r.kind !== 'sum' || !crossPeriod(r, protection.model.keys) || r.lo !== r.hi || r.vars.some((v) => !protection.model.printed[v])) continue;
      const printed = r.vars.filter((v) => protection.model.printed[v]);
      if (printed.length !== r.vars.length) continue;
      // a member left out is a second unknown of the sum (the flow bounds within a period leave some out here)
      if (r.vars.some((v) => protection.withheld.has(v))) continue;
      expect(r.vars.filter(hidden).length, r.vars.map((v) => protection.model.keys[v]).join(' + ')).not.toBe(1);
    }
  }, 120_000);
});
