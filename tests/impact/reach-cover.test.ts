/**
 * Reach counts over overlapping periods (issue #14; src/impact/reach-cone.ts, publication.ts `reachCoverRelations`):
 * a count of families reached in a period (supported, with a help question, …) is not the sum of its parts, but a
 * family supported in July 2023 – June 2024 was supported in 2023 or in 2024, so that period's count is at most the
 * two years' counts together. The model had only containment between periods, and the test attacker (which models
 * families by the set of half-years they were reached in) found a "<5" of an annual report narrowed by the period
 * report printed after it — on one region of the national sample.
 *
 * Hand-made data (site-list.fixture.ts, one region of three sites) with, at Aadorp (S1), families whose help question
 * is "parenting in two cultures": 3 supported only from August to November 2023, and 6 only from February to May
 * 2024. So the annual 2024 report prints 2023 "<5" (3) beside 2024 6, and the period July 2024 – June 2025 has the
 * previous period July 2023 – June 2024 with 9: a reader gets 2023 ≥ 9 − 6 = 3, not 1. The annual reports 2024 and
 * 2025 are written first (one ledger), then the period reports.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePeriod, publishFigures, publishedJson, type RegistrationData } from '../../src/impact/index.js';
import { protectPublicationSetWithFallback, publicationId, publicationSetFigures, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import type { ImpactFigures } from '../../src/impact/figures.js';
import { ledgerDecisions } from '../../src/impact/ledger.js';
import type { Family, Trajectory } from '../../src/impact/types.js';
import { attack, type PublishedJson } from './attacker.js';
import { annualLedger } from './fixtures.js';
import { LARGE, handMadeRegion } from './site-list.fixture.js';

const OPTS = { referenceDate: '2025-12-31', volunteerHoursPerWeek: 3 };
const json = (figs: ImpactFigures[], q: PublicationSetProtection): PublishedJson[] =>
  figs.filter((f) => !(q.withdrawn ?? []).some((w) => w.publication === publicationId(f))).map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: q })) as unknown as PublishedJson);

/** Adds `n` families of site S1 with help question "two-cultures", each supported from `match` to `end` only. */
function addTwoCultures(data: RegistrationData, n: number, registered: string, match: string, end: string): void {
  for (let k = 0; k < n; k++) {
    const familyId = `S1-TC-${match}-${k}`;
    const f: Family = { familyId, siteId: 'S1', registrationDate: registered, referrer: 'municipality', helpQuestions: ['two-cultures'], childrenCount: 1, childrenAges: [2], singleParent: false, migrationBackground: true, newcomer: false, financialVulnerability: false, psychologicalVulnerability: false, teenParent: false, physicalDisability: false, startsAroundBirth: false, locality: null, intakeOutcome: 'supported', notSupportedReason: null };
    const t: Trajectory = { trajectoryId: `${familyId}-T`, familyId, volunteerId: `S1-V${k}`, siteId: 'S1', matchDate: match, checkDate: null, evaluationDates: [], endDate: end, endReason: 'goals-reached', goalsReached: 'yes', gasBefore: null, gasAfter: null, followUpDate: null, followUpReferred: null };
    data.families.push(f);
    data.trajectories.push(t);
  }
}

let data: RegistrationData;
let annual: Awaited<ReturnType<typeof annualLedger>>;

beforeAll(async () => {
  data = handMadeRegion([
    { siteId: 'S1', name: 'Aadorp', notSupported: LARGE },
    { siteId: 'S2', name: 'Beedorp', notSupported: LARGE },
    { siteId: 'S3', name: 'Ceedorp', notSupported: LARGE },
  ]);
  addTwoCultures(data, 3, '2023-08-01', '2023-08-12', '2023-11-10');
  addTwoCultures(data, 6, '2024-02-01', '2024-02-12', '2024-05-10');
  annual = await annualLedger(data, [2024, 2025], OPTS);
}, 120_000);

describe('a help question over the annual reports and the period report', () => {
  let figs: ImpactFigures[];
  let p: PublicationSetProtection;
  beforeAll(async () => {
    figs = publicationSetFigures(data, [parsePeriod('2024-07..2025-06')], OPTS);
    p = await protectPublicationSetWithFallback(figs, { threshold: 5, zeros: 'auto', ...ledgerDecisions(annual.ledger), publishedBefore: annual.before, sites: data.sites, data });
  }, 120_000);

  it('the data are as described: 2023 3, 2024 6, the previous period 9', () => {
    const m = p.model;
    const v = (k: string) => m.values[m.index.get(k)!];
    expect(v('site:S1|2023|help.two-cultures')).toBe(3);
    expect(v('site:S1|2024|help.two-cultures')).toBe(6);
    expect(v('site:S1|2023-07-01_2024-06-30|help.two-cultures')).toBe(9);
  });

  it('the model holds the inequality a reader has: July 2023 – June 2024 ≤ 2023 + 2024', () => {
    const m = p.model;
    const [a, b, c] = ['site:S1|2023-07-01_2024-06-30|help.two-cultures', 'site:S1|2023|help.two-cultures', 'site:S1|2024|help.two-cultures'].map((k) => m.index.get(k)!);
    const found = m.relations.some((r) => r.hi === 0 && r.lo === -Infinity && r.vars.length === 3 && r.vars.every((x, q) => (x === a ? r.coefs[q] === 1 : (x === b || x === c) && r.coefs[q] === -1)));
    expect(found).toBe(true);
  });

  it('the set passes, and the attacker holding the annual and the period files (half-years as segments) narrows no hidden count and no window', async () => {
    expect(p.failingKeys).toEqual([]);
    expect(p.differenceKeys).toEqual([]);
    expect(p.counts.provedProtected).toBe(p.counts.hidden);
    const files = [...annual.annual.flatMap((x) => json(x.figs, x.p)), ...json(figs, p)];
    const res = await attack(files, { maxSegments: 6 });
    expect(res.hidden).toBeGreaterThan(20);
    expect(res.narrowed.filter((n) => n.mark === '<5' && n.hi > 0)).toEqual([]);
    expect(res.narrowed.filter((n) => n.mark === 'x' && n.hi - n.lo < 5)).toEqual([]);
    expect(res.narrowed.filter((n) => n.mark === 'printed elsewhere')).toEqual([]);
    // nor a count of families reached in a window no file prints (supported July–December 2023 only, …)
    expect(res.windows.filter((w) => w.kind === 'exact' || w.kind === 'narrowed')).toEqual([]);
  }, 120_000);
});
