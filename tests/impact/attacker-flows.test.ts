/**
 * Flows within one period, found by the independent attacker on the full national publication set
 * (annual 2024 and 2025, every scope, one ledger: 49 "<5" cells recovered exactly, 88 narrowed, 80 "x"
 * pinned — docs/impact-figures.md, *The full national set*):
 *
 * - a family supported in a period and not active on its last day had a trajectory end in the period,
 *   so **trajectories closed ≥ families supported − families active at the end**;
 * - a volunteer active during a period and neither active nor in training on its last day stopped in
 *   it, so **volunteers who stopped ≥ active during − active at the end − in training at the end**.
 *
 * Both hold by the definitions (docs/impact-figures.md, *Which date decides each figure*). The smallest
 * set that shows it: Daldorp (S088) alone, whose 2025 report prints in its history table 10 families
 * supported in 2021, 6 active on 31 December 2021 and "<5" trajectories closed in 2021 — at least
 * 10 − 6 = 4 closed, and "<5" says at most 4: exactly 4.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { loadRegistration, publishFigures, publishedJson, type PublicationDecisions, type RegistrationData } from '../../src/impact/index.js';
import { protectPublicationSet, publicationSetFigures } from '../../src/impact/disclosure.js';
import { attack, type PublishedJson } from './attacker.js';
import { siteSubset } from './fixtures.js';

const REF = '2025-12-31';
let national: RegistrationData;

function files(data: RegistrationData, years: number[], options: { decisions?: PublicationDecisions; threshold?: number }): PublishedJson[] {
  return publicationSetFigures(data, years, { referenceDate: REF }).map((f) => publishedJson(publishFigures(f, { lang: 'en', ...options })) as unknown as PublishedJson);
}

beforeAll(async () => {
  national = (await loadRegistration('sample-data/registration/national', { referenceDate: REF })).data;
}, 60_000);

describe('flows within a period (closed ≥ supported − active; stopped ≥ active during − active − in training)', () => {
  it('hold on the unsuppressed files of sites of two regions and their history years (the attacker reads them true)', async () => {
    const ids = national.sites.filter((s) => s.region === 'Zeeland' || s.region === 'Flevoland').map((s) => s.siteId);
    const truth = files(siteSubset(national, ids), [2024, 2025], { threshold: 1 });
    const res = await attack(truth, { verify: true });
    expect(res.narrowed.map((n) => n.name)).toEqual([]);
  }, 300_000);

  it('Daldorp alone, annual 2024 and 2025 as the library protects them: no hidden cell is narrowed (2021 closed trajectories = 10 − 6 was recovered)', async () => {
    const data = siteSubset(national, ['S088']);
    const figs = publicationSetFigures(data, [2024, 2025], { referenceDate: REF });
    const protection = await protectPublicationSet(figs, { sites: data.sites });
    expect(protection.failingKeys).toEqual([]);
    const res = await attack(files(data, [2024, 2025], { decisions: protection }));
    expect(res.hidden).toBeGreaterThan(20);
    expect(res.narrowed.map((n) => `${n.name}: ${n.lo}–${n.hi}`)).toEqual([]);
  }, 300_000);
});
