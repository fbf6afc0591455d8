/**
 * The independent attacker (attacker.ts) reads the national report's funnel plots as published information (session
 * 8): a site drawn as a point repeats its two counts, a bar or line says that a count lies in lo … hi. On hand-made
 * files: a range that the tables already give adds nothing; a range narrower than the tables give, or a point of a
 * hidden count, is found.
 */
import { describe, expect, it } from 'vitest';
import { attack, type PublishedJson } from './attacker.js';

const national = (siteComparisons: PublishedJson['siteComparisons']): PublishedJson => ({
  scope: 'Home-Start nationally',
  year: 2025,
  referenceDate: '2025-12-31',
  suppression: { threshold: 5, suppressZero: true },
  tables: [
    {
      id: 'locaties',
      columns: ['Name', 'Region', '2025 Families registered', '2025 Families not supported'],
      rows: [['A', 'R', 40, '<5'], ['B', 'R', 30, 'x'], ['C', 'R', 'x', 9], ['Total', '', 'x', 'x']],
    },
  ],
  siteComparisons,
});
const funnel = (sites: Array<{ name: string; numerator: number; denominator: number }>, ranges: Array<{ name: string; numerator: string; denominator: string | number }>) => [{ id: 'not-supported', drawn: true, sites, ranges }];
const A = 'Home-Start A|2025-01-01_2025-12-31|Families not supported';

describe('the attacker reads the funnels', () => {
  it('a bar over what the mark allows (A: "<5" of 40 as 0–4) adds nothing', async () => {
    const res = await attack([national(funnel([], [{ name: 'A', numerator: '0-4', denominator: 40 }]))]);
    expect(res.narrowed).toEqual([]);
  });

  it('a bar narrower than the tables give is found: A drawn as 2–3 of 40', async () => {
    const res = await attack([national(funnel([], [{ name: 'A', numerator: '2-3', denominator: 40 }]))]);
    expect(res.narrowed).toContainEqual({ name: A, mark: '<5', lo: 2, hi: 3 });
  });

  it('a point of a hidden count is found as printed elsewhere: B drawn as 7 of 30', async () => {
    const res = await attack([national(funnel([{ name: 'B', numerator: 7, denominator: 30 }], []))]);
    expect(res.narrowed.map((n) => [n.name, n.mark])).toContainEqual(['Home-Start B|2025-01-01_2025-12-31|Families not supported', 'printed elsewhere']);
  });

  it('a line over a hidden size: C (9 of "x") drawn as 9 of 20–30 narrows the "x" only as drawn', async () => {
    const res = await attack([national(funnel([], [{ name: 'C', numerator: '9-9', denominator: '20-30' }]))]);
    expect(res.narrowed.filter((n) => n.mark === '<5')).toEqual([]);
    // 20 … 30 is wider than 5: the "x" is not reported narrowed; drawn as 20–22 it would be
    const narrow = await attack([national(funnel([], [{ name: 'C', numerator: '9-9', denominator: '20-22' }]))]);
    expect(narrow.narrowed).toContainEqual({ name: 'Home-Start C|2025-01-01_2025-12-31|Families registered', mark: 'x', lo: 20, hi: 22 });
  });
});
