/**
 * Reach windows (issue #14; publication.ts `addReachWindowCells`, audit.ts requirement `window`): with two printed
 * periods A and B that overlap, the units reached in A and not in B are f(A ∪ B) − f(B) — a count no file prints.
 * The test attacker pinned 17 of them on the national set of session 13, e.g. Weshoven: 17 volunteers active during
 * 2024, 16 active on 31 December 2024 (so active in July – December 2024, hence in both 2024 and July 2024 – June
 * 2025), 16 active during July 2024 – June 2025: exactly 1 volunteer was active in 2024 and not in the period.
 *
 * Hand-made site A, reference date 31 December 2025 (synthetic volunteers): 15 active throughout; X active from
 * 1 September 2024 on; Y active from 1 June 2023 until 15 April 2024. So 2024: 17, on 31 December 2024: 16, July
 * 2024 – June 2025: 16, 2025: 16; the union January 2024 – June 2025: 17, the window July – December 2024: 16;
 * active in 2024 and not in the period: 1 (Y), in the period and not in 2024: 0.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditHiddenCells, denseRanges, loadHighs, requirementMet, WINDOW_CELL, type AuditStatus } from '../../src/impact/audit.js';
import { loadRegistration, parsePeriod, publishFigures, publishedJson } from '../../src/impact/index.js';
import { assertPublishable, DisclosureError, protectPublicationSetWithFallback, publicationId, publicationSetFigures, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import type { ImpactFigures } from '../../src/impact/figures.js';
import { ledgerDecisions } from '../../src/impact/ledger.js';
import { addReachWindowCells, periodRelations, type LinearRelation, type PublicationModel, type SmallLpRanges, type WindowCounts } from '../../src/impact/publication.js';
import type { PublishedJson } from './attacker.js';
import { expectAttackerFindsNothing } from './attacker-checks.js';
import { annualLedger, siteSubset } from './fixtures.js';

const P2 = '2024-07-01_2025-06-30';
/** Active intervals [from, to] (to null: still active). */
const VOLUNTEERS: Array<[string, string | null]> = [...Array.from({ length: 15 }, (): [string, null] => ['2020-03-01', null]), ['2024-09-01', null], ['2023-06-01', '2024-04-15']];
const activeDuring = (from: string, to: string) => VOLUNTEERS.filter(([a, b]) => a <= to && (b === null || b >= from)).length;
const activeOn = (day: string) => activeDuring(day, day);
const counts: WindowCounts = (scope, p) => (scope === 'site:A' ? new Map([['vol.activeYear', activeDuring(p.from, p.to)]]) : null);

/** The printed counts of site A and the relations the model has among them (periodRelations), as buildPublicationModel makes them. */
function toyModel(): PublicationModel {
  const cells: Record<string, number> = {
    'site:A|2024|vol.activeYear': activeDuring('2024-01-01', '2024-12-31'),
    'site:A|2024|vol.activeEnd': activeOn('2024-12-31'),
    [`site:A|${P2}|vol.activeYear`]: activeDuring('2024-07-01', '2025-06-30'),
    [`site:A|${P2}|vol.activeEnd`]: activeOn('2025-06-30'),
    'site:A|2025|vol.activeYear': activeDuring('2025-01-01', '2025-12-31'),
    'site:A|2025|vol.activeEnd': activeOn('2025-12-31'),
  };
  const keys = Object.keys(cells);
  const index = new Map(keys.map((k, i) => [k, i]));
  const values = keys.map((k) => cells[k]);
  const relations: LinearRelation[] = [];
  periodRelations(index, (vars, coefs, lo, hi, kind) => relations.push({ vars, coefs, lo, hi, kind }));
  return { keys, index, values, printed: keys.map(() => true), relations, publications: [], scopeAlias: new Map() };
}

describe('the reach windows of two overlapping periods in the model', () => {
  it('the data are as described', () => {
    expect([activeDuring('2024-01-01', '2024-12-31'), activeOn('2024-12-31'), activeDuring('2024-07-01', '2025-06-30'), activeDuring('2025-01-01', '2025-12-31')]).toEqual([17, 16, 16, 16]);
  });

  it('adds the union, the window both cover and the two differences, with their true counts; the small one is returned', () => {
    const m = toyModel();
    const small = addReachWindowCells(m, 5, counts);
    const v = (k: string) => m.values[m.index.get(k)!];
    expect(v('site:A|2024-01-01_2025-06-30|win:vol.activeYear')).toBe(17);
    expect(v('site:A|2024-07-01_2024-12-31|win:vol.activeYear')).toBe(16);
    expect(v(`site:A|2024-01-01_2024-12-31~${P2}|not:vol.activeYear`)).toBe(1);
    expect(v(`site:A|${P2}~2024-01-01_2024-12-31|not:vol.activeYear`)).toBe(0);
    expect(small.map((c) => m.keys[c])).toEqual([`site:A|2024-01-01_2024-12-31~${P2}|not:vol.activeYear`]);
    // every relation holds on the data; the day count of 31 December 2024 is tied to the window July – December 2024
    for (const r of m.relations) {
      const s = r.vars.reduce((a, x, q) => a + r.coefs[q] * m.values[x], 0);
      expect(s >= r.lo - 1e-9 && s <= r.hi + 1e-9).toBe(true);
    }
    const end = m.index.get('site:A|2024|vol.activeEnd')!;
    const win = m.index.get('site:A|2024-07-01_2024-12-31|win:vol.activeYear')!;
    expect(m.relations.some((r) => r.vars.length === 2 && r.vars[0] === end && r.vars[1] === win && r.coefs[0] === 1 && r.coefs[1] === -1 && r.hi === 0)).toBe(true);
  });

  it('a window both periods cover that the model holds unprinted (a half-year no table prints) is returned when small; printed, it is not', () => {
    for (const printed of [false, true]) {
      const m = toyModel();
      const k = 'site:A|2024-07-01_2024-12-31|vol.activeYear';
      m.keys.push(k);
      m.index.set(k, m.keys.length - 1);
      m.values.push(activeDuring('2024-07-01', '2024-12-31'));
      m.printed.push(printed);
      // threshold 20: the window's 16 is small
      const small = addReachWindowCells(m, 20, counts).map((c) => m.keys[c]);
      expect(small.includes(k)).toBe(!printed);
      // no second cell for that span
      expect(m.index.has('site:A|2024-07-01_2024-12-31|win:vol.activeYear')).toBe(false);
    }
  });

  it('pairs whose windows hold no small count get nothing (only 0 or ≥ threshold)', () => {
    const m = toyModel();
    const n = m.keys.length;
    // threshold 1: no count is small
    expect(addReachWindowCells(m, 1, counts)).toEqual([]);
    expect(m.keys.length).toBe(n);
  });

  it('with the LPs of a reader who knows every count of the chain: a window such a reader narrows is kept, one no reader can narrow gets no cell', async () => {
    const highs = await loadHighs();
    const ranges: SmallLpRanges = (lower, upper, rows, objectives) => denseRanges(highs, lower, upper, rows, objectives);
    // Weshoven's structure: pinned to 1 through the day count of 31 December 2024, so the pair stays
    const m = toyModel();
    expect(addReachWindowCells(m, 5, counts, ranges).map((c) => m.keys[c])).toEqual([`site:A|2024-01-01_2024-12-31~${P2}|not:vol.activeYear`]);
    // without the day counts, 2024 (17) and the period (16) bound the 1 only to 1 … 17 (the union 17 … 33): it
    // reaches the threshold, so no suppression could make a reader sure it is small — no cells (the old rule added them)
    const noDays = (): PublicationModel => {
      const t = toyModel();
      const keep = t.keys.map((k) => !k.endsWith('vol.activeEnd'));
      const keys = t.keys.filter((_, i) => keep[i]);
      const index = new Map(keys.map((k, i) => [k, i]));
      const relations: LinearRelation[] = [];
      periodRelations(index, (vars, coefs, lo, hi, kind) => relations.push({ vars, coefs, lo, hi, kind }));
      return { ...t, keys, index, values: t.values.filter((_, i) => keep[i]), printed: keys.map(() => true), relations };
    };
    const a = noDays();
    const n = a.keys.length;
    expect(addReachWindowCells(a, 5, counts, ranges)).toEqual([]);
    expect(a.keys.length).toBe(n);
    const b = noDays();
    expect(addReachWindowCells(b, 5, counts).length).toBe(1);
    // a threshold of 20: 1 … 17 no longer reaches it, so the reader learns it is small: kept
    const c = noDays();
    expect(addReachWindowCells(c, 20, counts, ranges).length).toBeGreaterThan(0);
  });

  it('a measure whose counts break the coverage inequalities (not a count of units reached) gets none', () => {
    const m = toyModel();
    const n = m.keys.length;
    // a union of 19 beside 2024's 17 and the period's 16 (small differences, 2 and 3): more than 17 + 16 − 16 (the
    // window both cover), impossible for units reached
    const wrong: WindowCounts = (scope, p) => (p.from === '2024-01-01' && p.to === '2025-06-30' ? new Map([['vol.activeYear', 19]]) : counts(scope, p));
    expect(addReachWindowCells(m, 5, wrong)).toEqual([]);
    expect(m.keys.length).toBe(n);
  });
});

describe('the audit of a reach window (requirement `window`)', () => {
  it('a window is protected when its range reaches 0, or t, or holds all of 1 … t − 1 — the test attacker\'s finding is the rest', () => {
    expect(requirementMet('window', 0, 1, 5, 1)).toBe(true);
    expect(requirementMet('window', 1, 4, 5, 1)).toBe(true);
    expect(requirementMet('window', 2, 7, 5, 1)).toBe(true);
    expect(requirementMet('window', 1, 1, 5, 1)).toBe(false);
    expect(requirementMet('window', 1, 3, 5, 1)).toBe(false);
    expect(requirementMet('window', 2, 4, 5, 1)).toBe(false);
    // a "<5" printed in a file must keep 1 … 4: 0 … 1 is not enough there
    expect(requirementMet('primary', 0, 1, 5, 1)).toBe(false);
  });

  async function audit(hide: string[]) {
    const m = toyModel();
    const small = addReachWindowCells(m, 5, counts);
    const status: AuditStatus[] = m.keys.map((k, i) => (hide.includes(k) ? 'secondary' : m.printed[i] ? 'shown' : 'residual'));
    const unprinted = new Uint8Array(m.keys.length);
    for (const c of small) (status[c] = 'primary'), (unprinted[c] = WINDOW_CELL);
    const r = await auditHiddenCells({ values: m.values, status, relations: m.relations, threshold: 5, zeroHidden: false, unprinted });
    return r.cells.find((c) => c.cell === small[0])!;
  }

  it('every count printed: the reader pins it to 1 (the national finding), and the audit says so', async () => {
    const a = await audit([]);
    expect(a.status).toBe('window');
    expect(a.protected).toBe(false);
    expect([a.lo, a.hi]).toEqual([1, 1]);
  });

  it('the period\'s volunteers active during hidden ("x"): the window may be 0, so protected', async () => {
    const a = await audit([`site:A|${P2}|vol.activeYear`]);
    expect(a.protected).toBe(true);
    expect(a.lo).toBeLessThanOrEqual(1e-6);
  });

  it('a window the audit cannot protect is named in words in the refusal (scope, periods, measure; never a value)', () => {
    const m = toyModel();
    addReachWindowCells(m, 5, counts);
    const failingKeys = [`site:A|2024-01-01_2024-12-31~${P2}|not:vol.activeYear`, 'site:A|2024-07-01_2024-12-31|win:vol.activeYear'];
    const p = { failingKeys, differenceKeys: [], model: m, threshold: 5 } as unknown as PublicationSetProtection;
    const err = ((): unknown => {
      try {
        return assertPublishable(p, []);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(DisclosureError);
    expect((err as DisclosureError).places).toEqual([
      'vol.activeYear reached in 2024-01-01 to 2024-12-31 and not in 2024-07-01 to 2025-06-30 (site:A), which no file prints but follows from the printed periods',
      'vol.activeYear reached in the window 2024-07-01 to 2024-12-31 (site:A), which no file prints but follows from the printed periods that overlap there',
    ]);
  });

  it('hiding a count the argument does not use leaves it pinned', async () => {
    const a = await audit(['site:A|2025|vol.activeYear']);
    expect(a.protected).toBe(false);
  });
});

/**
 * Two Utrecht sites of the national sample (Elstsum S082, Weswijk S087): the annual reports 2024 and 2025 into one
 * ledger, then the period July 2024 – June 2025. Before the reach windows (271337f) the attacker narrowed Elstsum's
 * volunteers active in 2024 and not in July 2023 – June 2024 to 3–4 on these files.
 */
describe('two sites of the national sample: annual 2024, 2025, then the period', () => {
  const OPTS = { referenceDate: '2025-12-31', volunteerHoursPerWeek: 3 };
  const json = (figs: ImpactFigures[], q: PublicationSetProtection): PublishedJson[] =>
    figs.filter((f) => !(q.withdrawn ?? []).some((w) => w.publication === publicationId(f))).map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: q })) as unknown as PublishedJson);
  let files: PublishedJson[];
  let p: PublicationSetProtection;
  beforeAll(async () => {
    const data = siteSubset((await loadRegistration('sample-data/registration/national')).data, ['S082', 'S087']);
    const annual = await annualLedger(data, [2024, 2025], OPTS);
    const figs = publicationSetFigures(data, [parsePeriod('2024-07..2025-06')], OPTS);
    p = await protectPublicationSetWithFallback(figs, { threshold: 5, zeros: 'auto', ...ledgerDecisions(annual.ledger), publishedBefore: annual.before, sites: data.sites, data });
    files = [...annual.annual.flatMap((x) => json(x.figs, x.p)), ...json(figs, p)];
  }, 180_000);

  it('the model holds Elstsum\'s window, and the audit proves every small window protected', () => {
    const k = 'site:S082|2024-01-01_2024-12-31~2023-07-01_2024-06-30|not:vol.activeYear';
    const c = p.model.index.get(k);
    expect(c).toBeDefined();
    expect(p.model.values[c!]).toBeGreaterThanOrEqual(1);
    expect(p.model.values[c!]).toBeLessThan(5);
    expect(p.cellAudits.get(c!)?.status).toBe('window');
    expect(p.cellAudits.get(c!)?.protected).toBe(true);
    expect(p.counts.reachWindowsProtected).toBeGreaterThan(50);
    expect(p.failingKeys).toEqual([]);
  });

  it('the attacker holding every file (six half-years) pins and narrows no window, and no hidden count', async () => {
    await expectAttackerFindsNothing(files, 500);
  }, 180_000);
});
