/** Checks of a protected publication set shared by the disclosure tests (kept apart from fixtures.ts, which the attack bench imports outside vitest). */
import { expect } from 'vitest';
import { publishFigures, publishedJson } from '../../src/impact/index.js';
import type { PublicationSetProtection } from '../../src/impact/disclosure.js';
import type { ImpactFigures } from '../../src/impact/figures.js';

/** The keys of every printed count the protection hides ("<5", "x", left out), sorted. */
const hiddenKeys = (q: PublicationSetProtection): string[] =>
  q.model.keys.filter((_, i) => q.model.printed[i] && (q.status[i] === 'primary' || q.status[i] === 'secondary' || q.withheld.has(i))).sort();

/**
 * `again`, the protection of a re-run from the ledger that `p` wrote, is a fixed point: nothing fails, nothing
 * is changed or restored, the same layouts and hidden counts, and each of `files` publishes the same JSON.
 */
export function expectRerunFixedPoint(again: PublicationSetProtection, p: PublicationSetProtection, files: readonly ImpactFigures[]): void {
  expect(again.failingKeys).toEqual([]);
  expect(again.fallback).toEqual([]);
  expect(again.restored).toBeUndefined();
  expect(again.layouts).toEqual(p.layouts);
  expect(hiddenKeys(again)).toEqual(hiddenKeys(p));
  for (const f of files) expect(publishedJson(publishFigures(f, { lang: 'en', decisions: again }))).toEqual(publishedJson(publishFigures(f, { lang: 'en', decisions: p })));
}
