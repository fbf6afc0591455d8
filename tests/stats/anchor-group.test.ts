import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clinicalSignificanceAnchorBetween, clinicalSignificanceAnchorGroup, groupAnchorCategory } from '../../src/stats/anchor-group.js';

// Base-R computation following clinicalsignificance's R/calc_anchor.R (frequentist branch) line by line
// (tests/reference/anchor_group.R → anchor_group.json); the package itself is not in Debian.
const ref = JSON.parse(readFileSync(new URL('../reference/anchor_group.json', import.meta.url), 'utf8'));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
interface RefRow { group: string; reference?: string; difference: number; lower: number; upper: number; n: number; n_reference?: number; df: number; category: string | null }
const num = (v: (number | null)[]) => v.map((x) => (x === null ? null : x));

function expectRows(rows: ReturnType<typeof clinicalSignificanceAnchorGroup>['rows'], expected: RefRow[], packageLabels: boolean) {
  expect(rows.map((r) => r.group)).toEqual(expected.map((e) => e.group));
  rows.forEach((r, i) => {
    const e = expected[i];
    expect(rel(r.difference, e.difference)).toBeLessThan(1e-10);
    expect(rel(r.lower, e.lower)).toBeLessThan(1e-10);
    expect(rel(r.upper, e.upper)).toBeLessThan(1e-10);
    expect(rel(r.df, e.df)).toBeLessThan(1e-10);
    expect(r.n).toBe(e.n);
    if (e.n_reference !== undefined) expect(r.nReference).toBe(e.n_reference);
    if (packageLabels) {
      if (e.category === null) expect(r.category).toBeNull();
      else expect(r.label).toBe(e.category);
    }
  });
}

describe('group-level anchor approach, within (cs_anchor target = "group", effect = "within", bayesian = FALSE)', () => {
  it('lower is better: mean change, paired-t CI and all five categories as the package', () => {
    const c = ref.within_lower;
    const r = clinicalSignificanceAnchorGroup(num(c.pre), num(c.post), { direction: 'higher-worse', mid: c.mid, group: c.group });
    expectRows(r.rows, c.rows, true);
    expect(r.rows.map((x) => x.category)).toEqual(['not-significant', 'significant-not-relevant', 'not-beyond-mid', 'probably-clinically-significant', 'large-clinically-significant']);
    expect(r.threshold).toBe(-7);
    expect(r.nMissing).toBe(3);
    expect(r.method).toMatch(/paired-t 95% CI; MID 7, higher-worse; mirrored rule/);
    expect(r.apa()).toMatch(/^a_none: M_change = -0\.39, 95% CI \[-2\.58, 1\.80\], Statistically not significant; /);
  });
  it('the CI level moves a group between categories (90%)', () => {
    const c = ref.within_lower;
    const r = clinicalSignificanceAnchorGroup(num(c.pre), num(c.post), { direction: 'higher-worse', mid: c.mid, group: c.group, level: 0.9 });
    expectRows(r.rows, ref.within_lower_90.rows, true);
    expect(r.row('c_short').category).toBe('significant-not-relevant');
  });
  it("higher is better: 'clinicalsignificance' rule reproduces the package (no category when the CI contains 0 below the MID)", () => {
    const c = ref.within_higher;
    const pkg = clinicalSignificanceAnchorGroup(num(c.pre), num(c.post), { direction: 'higher-better', mid: c.mid, group: c.group, rule: 'clinicalsignificance' });
    expectRows(pkg.rows, c.rows, true);
    expect(pkg.row('a_none').category).toBeNull();
    expect(pkg.row('a_none').label).toMatch(/No category/);
    // the mirrored default gives the lower-is-better categories of the mirrored data
    const mir = clinicalSignificanceAnchorGroup(num(c.pre), num(c.post), { direction: 'higher-better', mid: c.mid, group: c.group });
    expect(mir.rows.map((x) => x.category)).toEqual(['not-significant', 'significant-not-relevant', 'not-beyond-mid', 'probably-clinically-significant', 'large-clinically-significant']);
    expect(mir.row('c_short').label).toBe('Not significantly greater than the threshold');
  });
  it('without groups: one row "all"; errors', () => {
    const r = clinicalSignificanceAnchorGroup([30, 28, 35, 31, 27, 33], [21, 22, 25, 24, 20, 26], { direction: 'higher-worse', mid: 5 });
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].group).toBe('all');
    expect(() => clinicalSignificanceAnchorGroup([1, 2], [1, 2], { direction: 'higher-worse', mid: 0 })).toThrow(/must be a positive number/);
    expect(() => clinicalSignificanceAnchorGroup([1, 2, 3], [1, 2], { direction: 'higher-worse', mid: 2 })).toThrow(/pre has 3 values but post has 2/);
    expect(() => clinicalSignificanceAnchorGroup([1, 2, 3], [2, null, 4], { direction: 'higher-worse', mid: 2, group: ['a', 'a', 'b'] })).toThrow(/group "a" has 1 complete pre–post pair;/);
  });
});

describe('group-level anchor approach, between (effect = "between", Welch CI at post)', () => {
  it('lower is better: differences vs the reference, Welch CIs and categories as the package', () => {
    const c = ref.between_lower;
    const r = clinicalSignificanceAnchorBetween(num(c.y), c.group, { direction: 'higher-worse', mid: c.mid, reference: c.reference });
    expectRows(r.rows, c.rows, true);
    expect(r.rows.every((x) => x.reference === 'control')).toBe(true);
    expect(r.nMissing).toBe(2);
    expect(r.apa()).toMatch(/^t1 vs control: M_diff = 0\.57/);
  });
  it("higher is better: package rule (CI containing 0 and the MID → 'not significantly greater') vs mirrored (not significant)", () => {
    const c = ref.between_higher;
    const pkg = clinicalSignificanceAnchorBetween(num(c.y), c.group, { direction: 'higher-better', mid: c.mid, reference: c.reference, rule: 'clinicalsignificance' });
    expectRows(pkg.rows, c.rows, true);
    const mir = clinicalSignificanceAnchorBetween(num(c.y), c.group, { direction: 'higher-better', mid: c.mid, reference: c.reference });
    expect(mir.row('t2').category).toBe('not-significant');
    expect(pkg.row('t2').category).toBe('not-beyond-mid');
  });
  it('default reference = first sorted level; errors', () => {
    const c = ref.between_lower;
    const r = clinicalSignificanceAnchorBetween(num(c.y), c.group, { direction: 'higher-worse', mid: c.mid });
    expect(r.rows[0].reference).toBe('control');
    expect(() => clinicalSignificanceAnchorBetween(num(c.y), c.group, { direction: 'higher-worse', mid: 5, reference: 'placebo' })).toThrow(/reference group "placebo" is not one of/);
    expect(() => clinicalSignificanceAnchorBetween([1, 2], ['a', 'a'], { direction: 'higher-worse', mid: 5 })).toThrow(/at least 2 groups/);
  });
});

describe('groupAnchorCategory boundaries', () => {
  it('a mean exactly on the threshold matches no rule (the package gives NA)', () => {
    expect(groupAnchorCategory(-7, -9, -5, -1, 7)).toBeNull();
    expect(groupAnchorCategory(-8, -9, -7, -1, 7)).toBeNull();
    expect(groupAnchorCategory(-8, -9, -7.01, -1, 7)).toBe('large-clinically-significant');
    // a CI entirely on the worse side: the package calls it "significant but not clinically relevant"
    expect(groupAnchorCategory(3, 1, 5, -1, 7)).toBe('significant-not-relevant');
  });
});
