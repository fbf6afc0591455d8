/** Checks of the independent attacker's result for the disclosure tests (kept apart from fixtures.ts, which the attack bench imports outside vitest). */
import { expect } from 'vitest';
import { attack, type PublishedJson } from './attacker.js';

/**
 * The attacker on `files` (at most 4 segments per window) finds nothing: no "<5" recovered or narrowed, no "x"
 * narrower than 5, nothing hidden printed elsewhere, no window count exact or narrowed; it saw more than `minHidden` hidden cells.
 */
export async function expectAttackerFindsNothing(files: PublishedJson[], minHidden: number): Promise<void> {
  const res = await attack(files, { maxSegments: 6 });
  expect(res.hidden).toBeGreaterThan(minHidden);
  expect(res.narrowed.filter((n) => n.mark === '<5' && n.hi > 0)).toEqual([]);
  expect(res.narrowed.filter((n) => n.mark === 'x' && n.hi - n.lo < 5)).toEqual([]);
  expect(res.narrowed.filter((n) => n.mark === 'printed elsewhere')).toEqual([]);
  expect(res.windows.filter((w) => w.kind === 'exact' || w.kind === 'narrowed')).toEqual([]);
}
