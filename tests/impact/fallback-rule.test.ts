/**
 * The fallback's rule for where to act on a failing count (src/impact/fallback-rule.ts), case by case: above
 * all session 11's step — a count no file prints whose tables acted on before are all left out now (the
 * national period run: S026's newly matched Jul–Dec 2025 and S055's follow-up calls Jul–Dec 2024, their own site
 * reports withdrawn; the old rule made "0 changes" and the set was refused) — and the case it must not touch:
 * a count an earlier file prints (tests/cli/report-fallback.test.ts: a first version chased it through the set
 * and withdrew every 2025 report instead of refusing).
 */
import { describe, expect, it } from 'vitest';
import { fallbackPlaces, type FallbackPlace } from '../../src/impact/fallback-rule.js';

const own: FallbackPlace[] = [
  { key: 'site:S026|2025-07-01_2025-12-31|Families newly matched', place: 'site:S026|2024-07-01_2025-06-30#kerncijfers' },
  { key: 'site:S026|2025-07-01_2025-12-31|Families newly matched', place: 'site:S026|2024-07-01_2025-06-30#trajecten' },
];
const lists: FallbackPlace[] = [
  { key: 'site:S026|2025|Families newly matched', place: 'nat|2025#locaties' },
  { key: 'site:S026|2025|Families newly matched', place: 'reg:Utrecht|2025#locaties' },
];
const nearestLists: FallbackPlace[] = [{ key: 'site:S026|2025|Families newly matched', place: 'reg:Utrecht|2025#locaties' }];
/** Tables left out now: the site's own period report (withdrawn). */
const leftOut = new Set(own.map((p) => p.place));
const open = (place: string) => !leftOut.has(place);

/** Calls the rule and records which of `pins` and `nearest` it asked for. */
function run(printed: Parameters<typeof fallbackPlaces>[0], before: FallbackPlace[] | undefined, pins: FallbackPlace[] | null, nearest: FallbackPlace[], isOpen = open) {
  const asked: string[] = [];
  const places = fallbackPlaces(
    printed,
    before,
    isOpen,
    () => (asked.push('pins'), pins),
    () => (asked.push('nearest'), nearest),
  );
  return { places, asked };
}

describe('the fallback rule: where to act on a failing count this round', () => {
  it('the first time: the nearest counts printed now (a count printed now or nowhere)', () => {
    for (const printed of ['printed', 'printed nowhere'] as const) {
      const r = run(printed, undefined, lists, own);
      expect(r.places).toEqual(own);
      expect(r.asked).toEqual(['nearest']);
    }
  });

  it('again: the same tables (the fallback takes them one step further), while any is open', () => {
    const some = [own[0], lists[0]]; // one left out, one open
    for (const printed of ['printed', 'printed nowhere'] as const) {
      const r = run(printed, some, lists, nearestLists);
      expect(r.places).toEqual(some);
      expect(r.asked).toEqual([]);
    }
  });

  it('a count no file prints, all its tables left out now: the tables of its certificate', () => {
    const r = run('printed nowhere', own, lists, nearestLists);
    expect(r.places).toEqual(lists);
    expect(r.asked).toEqual(['pins']);
  });

  it('… without a certificate: the nearest counts printed now', () => {
    const r = run('printed nowhere', own, null, nearestLists);
    expect(r.places).toEqual(nearestLists);
    expect(r.asked).toEqual(['pins', 'nearest']);
  });

  it('… and when those are left out as well, nothing new: the same tables (the set is refused)', () => {
    const closed = () => false;
    const r = run('printed nowhere', own, lists, nearestLists, closed);
    expect(r.places).toEqual(own);
    const r2 = run('printed nowhere', own, [], [], open);
    expect(r2.places).toEqual(own);
  });

  it('a count an earlier file prints: the certificate each round, never chased to the nearest counts when its tables are gone', () => {
    // with a certificate: its tables, recomputed each round (whatever was acted on before)
    expect(run('printed before', own, lists, nearestLists).places).toEqual(lists);
    expect(run('printed before', undefined, lists, nearestLists).places).toEqual(lists);
    // without one, the first time: the nearest counts; after that the same tables, even all left out
    expect(run('printed before', undefined, null, nearestLists).places).toEqual(nearestLists);
    const r = run('printed before', own, null, nearestLists);
    expect(r.places).toEqual(own);
    expect(r.asked).toEqual(['pins']);
  });

  it('a count printed now whose tables are all left out is not chased either (what prints it is open)', () => {
    const r = run('printed', own, lists, nearestLists);
    expect(r.places).toEqual(own);
    expect(r.asked).toEqual([]);
  });
});
