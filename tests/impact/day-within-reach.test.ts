/**
 * A count on a period's last day is at most the count reached in any other period that holds that day
 * (publication.ts `periodRelations`, session 12). Found by the test attacker on the national period files: Horndijk's
 * families active on 30 June 2024 (the period report's previous period, "x") were narrowed to 5–8 through its
 * families supported in 2024, which its closed trajectories and its families active on 31 December 2024 bound.
 */
import { describe, expect, it } from 'vitest';
import { periodRelations } from '../../src/impact/publication.js';

function relationsOf(keys: string[]): string[] {
  const index = new Map(keys.map((k, i) => [k, i]));
  const out: string[] = [];
  periodRelations(index, (vars, coefs, lo, hi, kind) => out.push(`${kind}: ${vars.map((v, i) => `${coefs[i] > 0 ? '+' : '-'}${keys[v]}`).join(' ')} in [${lo}, ${hi}]`));
  return out;
}

describe('a count on a day ≤ the count reached in a period holding that day', () => {
  it('families active on 30 June 2024 (period July 2023 – June 2024) ≤ families supported in 2024; volunteers likewise', () => {
    const rels = relationsOf([
      'site:S1|2023-07-01_2024-06-30|fam.active',
      'site:S1|2023-07-01_2024-06-30|vol.activeEnd',
      'site:S1|2024|fam.supported',
      'site:S1|2024|vol.activeYear',
    ]);
    expect(rels).toContain('subset: +site:S1|2023-07-01_2024-06-30|fam.active -site:S1|2024|fam.supported in [-Infinity, 0]');
    expect(rels).toContain('subset: +site:S1|2023-07-01_2024-06-30|vol.activeEnd -site:S1|2024|vol.activeYear in [-Infinity, 0]');
  });

  it('31 December 2023 lies inside July 2023 – June 2024: active then ≤ supported in that period', () => {
    const rels = relationsOf(['site:S1|2023|fam.active', 'site:S1|2023-07-01_2024-06-30|fam.supported']);
    expect(rels).toEqual(['subset: +site:S1|2023|fam.active -site:S1|2023-07-01_2024-06-30|fam.supported in [-Infinity, 0]']);
  });

  it('a period ending on the day counts too (active on 31 December 2024 ≤ supported in July – December 2024); one holding the whole year and ending with it adds nothing', () => {
    expect(relationsOf(['site:S1|2024|fam.active', 'site:S1|2024-07-01_2024-12-31|fam.supported'])).toContain('subset: +site:S1|2024|fam.active -site:S1|2024-07-01_2024-12-31|fam.supported in [-Infinity, 0]');
    // 2024 inside July 2023 – December 2024: the same day count (same last day), no day-inside relation of its own
    expect(relationsOf(['site:S1|2024|fam.active', 'site:S1|2023-07-01_2024-12-31|fam.supported'])).toEqual([]);
  });

  it('calendar years alone get none (31 December 2023 is not in 2024), nor does a day after the other period', () => {
    expect(relationsOf(['site:S1|2023|fam.active', 'site:S1|2024|fam.supported'])).toEqual([]);
    expect(relationsOf(['site:S1|2024-07-01_2025-06-30|fam.active', 'site:S1|2024|fam.supported'])).toEqual([]);
  });
});
