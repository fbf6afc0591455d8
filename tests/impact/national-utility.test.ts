/**
 * Utility of the national report without weakening protection (docs/disclosure-control.md, session 5): on a
 * real-shaped subset of the national sample (the ten sites of Flevoland and Drenthe, every scope, 2025 with its
 * previous-year column), the national "trajectories closed" and the tables built on it are printed, every hidden
 * count is proved protected, a zero the definitions pin ("goals unknown" where "goals recorded" is the same count
 * as "closed") is printed rather than hidden, the merged duration classes are the same at every scope, and the
 * independent attacker narrows nothing.
 *
 * The code before session 5 left out the national closed trajectories of 2024 and 2025 on this subset (".", with
 * the national duration, end-reason and goals tables hidden): the repair hid cell after cell for the sites'
 * "goals unknown" zeros, which every solution pins to 0 anyway, walking out to the national totals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRegistration, publishFigures, publishedJson, type RegistrationData } from '../../src/impact/index.js';
import { protectPublicationSet, publicationSetFigures, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import { attack, type PublishedJson } from './attacker.js';
import { siteSubset } from './fixtures.js';

const REF = '2025-12-31';
const SITES = ['S008', 'S050', 'S084', 'S147', 'S150', 'S022', 'S028', 'S095', 'S138', 'S157'];
let data: RegistrationData;
let figs: ReturnType<typeof publicationSetFigures>;
let p: PublicationSetProtection;

beforeAll(async () => {
  const national = (await loadRegistration('sample-data/registration/national', { referenceDate: REF })).data;
  data = siteSubset(national, SITES);
  expect(new Set(data.sites.map((s) => s.region))).toEqual(new Set(['Flevoland', 'Drenthe']));
  figs = publicationSetFigures(data, [2025], { referenceDate: REF });
  p = await protectPublicationSet(figs, { sites: data.sites });
}, 300_000);

const shown = (k: string) => {
  const i = p.model.index.get(k)!;
  return p.model.printed[i] && p.status[i] === 'shown' && !p.withheld.has(i);
};

describe('national utility on Flevoland + Drenthe (every scope, 2025)', () => {
  it('every hidden count is proved protected, and the national closed trajectories (both years) and their tables are printed', () => {
    expect(p.failingKeys).toEqual([]);
    expect(p.counts.provedProtected).toBe(p.counts.hidden);
    for (const y of [2024, 2025]) {
      for (const m of ['fam.closed', 'fam.registered', 'fam.supported', 'fam.newlyMatched', 'fam.active', 'vol.activeYear', 'goals.yes']) expect(shown(`nat|${y}|${m}`), `nat|${y}|${m}`).toBe(true);
    }
    const nat = publishedJson(publishFigures(figs[0], { lang: 'en', decisions: p })) as unknown as PublishedJson;
    const key = nat.tables.find((t) => t.id === 'kerncijfers')!;
    const closed = key.rows.find((r) => r[0] === 'Trajectories closed')!;
    expect(closed.slice(1)).toEqual([figs[0].previous!.families.closed, figs[0].current.families.closed]);
    // the duration, end-reason and goals tables print their totals
    for (const id of ['duur', 'afsluitredenen', 'doelen']) {
      const total = nat.tables.find((t) => t.id === id)!.rows.find((r) => r[0] === 'Total')!;
      expect(typeof total[1] === 'number' && typeof total[3] === 'number', id).toBe(true);
    }
  });

  // the code before printed these zeros too, but only at the end, after the repair had hidden other cells for them
  it('a zero the definitions pin is printed, not hidden: "goals unknown" of a site where "goals recorded" is the same count as "closed"', () => {
    const pinned = figs.filter((f) => f.scope.level === 'site').flatMap((f) => {
      const id = (f.scope as { siteId: string }).siteId;
      return [2024, 2025].filter((y) => p.model.index.get(`site:${id}|${y}|goals.known`) === p.model.index.get(`site:${id}|${y}|fam.closed`)).map((y) => `site:${id}|${y}|goals.unknown`);
    });
    expect(pinned.length).toBeGreaterThan(0);
    for (const k of pinned) {
      const i = p.model.index.get(k)!;
      expect(p.model.values[i]).toBe(0);
      expect(p.status[i], k).toBe('shown');
    }
  });

  it('the duration classes are the same in every publication of the set (the national merge, or coarser at a site)', () => {
    const nat = p.openEndedTails!('nat|2025') ?? {};
    for (const f of figs) {
      const rows = publishFigures(f, { lang: 'en', decisions: p }).tables.find((t) => t.id === 'duur')!.rows.map((r) => r.label);
      if (nat.dur) expect(rows.filter((r) => r === '15–18 months' || r === '18 months or more').length === 0 || f.scope.level === 'site').toBe(true);
      if (f.scope.level !== 'site') expect(rows).toEqual(publishFigures(figs[0], { lang: 'en', decisions: p }).tables.find((t) => t.id === 'duur')!.rows.map((r) => r.label));
    }
  });

  it('the independent attacker holding all 13 publications narrows no hidden count', async () => {
    const files = figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: p })) as unknown as PublishedJson);
    const res = await attack(files);
    expect(res.hidden).toBeGreaterThan(100);
    expect(res.narrowed).toEqual([]);
  }, 900_000);
});
