/**
 * The restore pass after the fallback (issue #14; docs/disclosure-control.md, "Undoing steps no longer needed").
 * The fallback is greedy: per round it combines or leaves out every table a failing count hangs on, and a change
 * made early stayed when a later one made it unnecessary. On three Limburg sites (Beeksum S046, Holwijk S140,
 * Rosdorp S148; the set of tests/impact/period-pins.test.ts), the office's period report July 2024 – June 2025
 * after the annual reports 2024 and 2025: the fallback needs 12 steps over several rounds; in an early round it
 * leaves out the three sites' volunteers by gender, in a later one it combines the genders "male", "other" and
 * "unknown" in the national and regional period report — which alone protects those counts. With the restore pass
 * the three sites' gender tables are printed again (the set still passes, every hidden count proved, and the
 * attacker finds nothing); the national and regional duration classes stay combined, because printing them apart
 * would narrow the annual counts. (Before the relation rule of the annual reports, session 8, the same set's
 * restored steps were the sites' own duration classes: which steps a restore undoes depends on the annual files.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { publishFigures, publishedJson, type RegistrationData } from '../../src/impact/index.js';
import { fallbackLines, protectPublicationSet, protectPublicationSetWithFallback, publicationId, type PublicationSetProtection } from '../../src/impact/disclosure.js';
import type { ImpactFigures } from '../../src/impact/figures.js';
import { ledgerDecisions, updateLedger, type SuppressionLedger } from '../../src/impact/ledger.js';
import type { PublicationLayout } from '../../src/impact/publication.js';
import type { PublishedJson } from './attacker.js';
import { threeSitePeriodSet } from './fixtures.js';
import { expectAttackerFindsNothing } from './attacker-checks.js';
import { expectRerunFixedPoint } from './protection-checks.js';

const PERIOD = '2024-07-01_2025-06-30';
let data: RegistrationData;
let annual: Array<{ figs: ImpactFigures[]; p: PublicationSetProtection }>;
let ledger: SuppressionLedger | null = null;
let periodFigs: ImpactFigures[];
let before: ImpactFigures[];
/** The period set with the restore pass (the default) and without it (the greedy fallback alone). */
let p: PublicationSetProtection;
let greedy: PublicationSetProtection;

const json = (figs: ImpactFigures[], q: PublicationSetProtection): PublishedJson[] => figs.map((f) => publishedJson(publishFigures(f, { lang: 'en', decisions: q })) as unknown as PublishedJson);
const args = () => ({ threshold: 5, zeros: 'auto' as const, ...ledgerDecisions(ledger), publishedBefore: before, sites: data.sites, data });
const step = (s: { publication: string; action: string; table: string; categories?: string[] }) => `${s.publication.split('|')[0]} ${s.action} ${s.table} ${s.categories?.join(',') ?? ''}`;
const written = (q: PublicationSetProtection) => periodFigs.filter((f) => !(q.withdrawn ?? []).some((w) => w.publication === publicationId(f)));

beforeAll(async () => {
  ({ data, annual, ledger, before, periodFigs } = await threeSitePeriodSet());
  greedy = await protectPublicationSetWithFallback(periodFigs, { ...args(), maxRestoreAttempts: 0 });
  p = await protectPublicationSetWithFallback(periodFigs, args());
}, 180_000);

describe('the restore pass undoes fallback steps a later step made unnecessary', () => {
  it("the greedy fallback combines a site's own duration classes beside the national and regional ones", () => {
    expect(greedy.failingKeys).toEqual([]);
    const steps = greedy.fallback.map(step);
    // (Holwijk's S140 as well before the reach windows of session 14, whose cells change the rounds' order)
    expect(steps).toContain('site:S046 merged duur 15-18,18+');
    expect(steps).toContain('nat merged duur 15-18,18+');
    expect(steps).toContain('reg:Limburg merged duur 15-18,18+');
    expect(greedy.restored).toBeUndefined();
  });

  it("with the restore pass the sites' volunteers by gender are printed again, every hidden count proved", () => {
    expect(p.failingKeys).toEqual([]);
    expect(p.differenceKeys).toEqual([]);
    expect(p.narrowedBefore ?? []).toEqual([]);
    expect(p.counts.provedProtected).toBe(p.counts.hidden);
    // the greedy fallback left the three sites' gender tables out before it combined the national and regional
    // genders "male", "other" and "unknown" in a later round: that combination alone protects them
    expect(greedy.fallback.map(step)).toContain('nat merged vrijwilligers-gender male,other,unknown');
    const restored = ['site:S046 left out vrijwilligers-gender ', 'site:S140 left out vrijwilligers-gender ', 'site:S148 left out vrijwilligers-gender '];
    for (const s of restored) expect(greedy.fallback.map(step)).toContain(s);
    expect((p.restored ?? []).map(step).sort()).toEqual(restored);
    // what stays is the greedy fallback's steps without the restored ones, in their order
    expect(p.fallback.map(step)).toEqual(greedy.fallback.map(step).filter((s) => !restored.includes(s)));
    expect(p.layouts[`site:S046|${PERIOD}`]?.leftOut ?? []).not.toContain('vrijwilligers-gender');
    expect(p.layouts[`nat|${PERIOD}`]?.merged?.duur).toEqual(['15-18', '18+']);
    const s046 = periodFigs.find((f) => publicationId(f) === `site:S046|${PERIOD}`)!;
    const table = publishFigures(s046, { lang: 'en', decisions: p }).tables.find((t) => t.id === 'vrijwilligers-gender')!;
    expect(table.rows.length).toBeGreaterThan(0);
    expect(fallbackLines(p.fallback, p.restored)).toContain(`  restored in site:S046|${PERIOD}: table "vrijwilligers-gender" as printed before the fallback (a later change protects its counts)`);
  });

  it('printing the national and regional classes apart again would narrow annual 2024 counts: they stay combined', async () => {
    // the set as written, with the national and regional duration classes restored and every decision kept
    const after = updateLedger(ledger, p, written(p), '2026-01-02');
    const layouts: Record<string, PublicationLayout> = JSON.parse(JSON.stringify(p.layouts));
    for (const id of [`nat|${PERIOD}`, `reg:Limburg|${PERIOD}`]) delete layouts[id].merged!.duur;
    const trial = await protectPublicationSet(periodFigs, { ...args(), ...ledgerDecisions(after), layouts });
    expect(trial.failingKeys.filter((k) => /^site:S(046|140)\|2024\|dur\./.test(k)).length).toBeGreaterThan(0);
  }, 120_000);

  it('the attacker holding the annual files and the period files recovers nothing', async () => {
    const files = [...annual.flatMap((a) => json(a.figs, a.p)), ...json(written(p), p)];
    await expectAttackerFindsNothing(files, 500);
  }, 120_000);

  it('a re-run from the ledger is a fixed point: the same layouts and hidden counts, nothing changed or restored', async () => {
    const after = updateLedger(ledger, p, written(p), '2026-01-02');
    const again = await protectPublicationSetWithFallback(periodFigs, { ...args(), ...ledgerDecisions(after) });
    expectRerunFixedPoint(again, p, written(p));
  }, 120_000);
});
