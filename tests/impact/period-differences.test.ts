/**
 * Differencing between printed periods of one scope (publication.ts periodDifferenceLeaks): a period inside
 * another whose remaining window is not published gives that window's count to anyone who subtracts.
 */
import { describe, expect, it } from 'vitest';
import { loadRegistration } from '../../src/impact/index.js';
import { assertPublishable, protectPublicationSet, publicationSetFigures } from '../../src/impact/disclosure.js';
import { periodDifferenceLeaks } from '../../src/impact/publication.js';

function model(cells: Record<string, number>) {
  const keys = Object.keys(cells);
  return { keys, index: new Map(keys.map((k, i) => [k, i])), values: keys.map((k) => cells[k]) };
}
const all = () => true;
/** The outer cells of the pairs found, as keys. */
function leaks(cells: Record<string, number>, shown: (c: number) => boolean = all, threshold = 5): string[] {
  const m = model(cells);
  return periodDifferenceLeaks(m, shown, threshold).map((p) => `${m.keys[p.outer]} - ${m.keys[p.inner]}`);
}

describe('periodDifferenceLeaks', () => {
  it('a year and the same year less its last day: the families registered on 31 December are a small count → leak', () => {
    expect(leaks({ 'site:A|2024|fam.registered': 20, 'site:A|2024-01-01_2024-12-30|fam.registered': 18 })).toEqual(['site:A|2024|fam.registered - site:A|2024-01-01_2024-12-30|fam.registered']);
  });
  it('no leak when the difference is 0 or at least the threshold, when one of the two is hidden, or in another scope', () => {
    expect(leaks({ 'site:A|2024|fam.registered': 20, 'site:A|2024-01-01_2024-12-30|fam.registered': 20 })).toEqual([]);
    expect(leaks({ 'site:A|2024|fam.registered': 25, 'site:A|2024-01-01_2024-12-30|fam.registered': 20 })).toEqual([]);
    expect(leaks({ 'site:A|2024|fam.registered': 20, 'site:A|2024-01-01_2024-12-30|fam.registered': 18 }, (c) => c === 0)).toEqual([]);
    expect(leaks({ 'site:A|2024|fam.registered': 20, 'site:B|2024-01-01_2024-12-30|fam.registered': 18 })).toEqual([]);
  });
  it('a flow whose remaining window is published (tiled) is left to the audit; a reach count is not additive and still leaks', () => {
    expect(leaks({
      'site:A|2024|fam.registered': 20,
      'site:A|2024-01-01_2024-12-30|fam.registered': 18,
      'site:A|2024-12-31_2024-12-31|fam.registered': 2,
    })).toEqual([]);
    expect(leaks({
      'site:A|2024|fam.supported': 20,
      'site:A|2024-01-01_2024-06-30|fam.supported': 17,
      'site:A|2024-07-01_2024-12-31|fam.supported': 15,
    })).toEqual(['site:A|2024|fam.supported - site:A|2024-01-01_2024-06-30|fam.supported']);
  });
  it('counts at the end of two periods ending on the same day are equal, not a difference', () => {
    expect(leaks({ 'site:A|2024|fam.active': 20, 'site:A|2024-06-01_2024-12-31|fam.active': 20, 'site:A|2024-06-01_2024-12-30|fam.active': 18 })).toEqual([]);
  });
});

describe('a period count that differs from a printed year by a small window: the difference is protected', () => {
  it('local sample: the year 2020 and 1-1-2020 … a day before its end, every scope; threshold 2 so the counts are printed', async () => {
    const REF = '2021-06-30';
    const { data } = await loadRegistration('sample-data/registration/local', { referenceDate: REF });
    // find a last day in 2020 such that the families registered after it in 2020 are 1 (a small count at threshold 2)
    const regs = data.families.map((f) => f.registrationDate).filter((d): d is string => typeof d === 'string' && d.startsWith('2020-')).sort();
    expect(regs.length).toBeGreaterThan(1);
    const last = regs[regs.length - 1];
    const before = regs.filter((d) => d < last).pop()!;
    expect(regs.filter((d) => d === last)).toHaveLength(1);
    const cut = { from: '2020-01-01', to: before };
    const figs = publicationSetFigures(data, [2020, cut], { referenceDate: REF });
    const protection = await protectPublicationSet(figs, { threshold: 2, zeros: 'show', sites: data.sites });
    const m = protection.model;
    const year = m.index.get('site:DLF|2020|fam.registered')!;
    const part = m.index.get(`site:DLF|2020-01-01_${before}|fam.registered`)!;
    expect(m.values[year] - m.values[part]).toBe(1);
    // the difference is a cell of the model: unprinted, a small count, protected like any hidden one
    // (a one-site set: the site's counts are the nation's, so the difference is named by the nation)
    expect(m.scopeAlias.get('site:DLF')).toBe('nat');
    const diff = m.index.get(`nat|2020-01-01_${before}<2020|diff:fam.registered`)!;
    expect(diff).toBeDefined();
    expect(m.printed[diff]).toBe(false);
    expect(protection.status[diff]).toBe('primary');
    expect(protection.counts.differencesProtected).toBeGreaterThan(0);
    expect(protection.failingKeys).toEqual([]);
    const shown = (c: number) => protection.status[c] === 'shown' && !protection.withheld.has(c) && Boolean(m.printed[c]);
    expect(shown(year) && shown(part)).toBe(false);
    // no pair of printed periods differs by a small count, and the set may be published
    expect(protection.differenceKeys).toEqual([]);
    expect(periodDifferenceLeaks(m, shown, 2)).toEqual([]);
    expect(() => assertPublishable(protection, figs)).not.toThrow();
    // the control: with both printed, the pair is found
    expect(periodDifferenceLeaks(m, (c) => c === part || c === year || shown(c), 2).length).toBeGreaterThan(0);
  }, 120_000);
});
