import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ancova, ancovaFromRows, oneWayAnova, welchAnova } from '../../src/stats/anova.js';
import { StatsError } from '../../src/stats/result.js';

// R 4.2: aov, oneway.test, lm, confint, predict(se.fit), anova, car::Anova type 2/3, effectsize
// (tests/reference/anova.R → anova.json). Data are simulated there and stored in the JSON.
const ref = JSON.parse(readFileSync(new URL('../reference/anova.json', import.meta.url), 'utf8'));

const TOL = 1e-8; // closed form; observed agreement ≈ 1e-13

function rel(a: number, b: number): number {
  if (b === 0) return Math.abs(a);
  return Math.abs(a - b) / Math.abs(b);
}
function expectRel(actual: number, expected: number, tol = TOL, what = ''): void {
  expect(rel(actual, expected), `${what}: ${actual} vs R ${expected}`).toBeLessThan(tol);
}
function expectAllRel(actual: number[], expected: number[], tol = TOL, what = ''): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expectRel(a, expected[i], tol, `${what}[${i}]`));
}

describe('oneWayAnova and welchAnova against aov / oneway.test / effectsize', () => {
  for (const name of ['two_groups', 'three_groups']) {
    const c = ref.oneway[name];
    it(`${name}: F, df, p, SS, η², ω², group descriptives`, () => {
      const r = oneWayAnova(c.y, c.group);
      expectRel(r.F, c.F, TOL, 'F');
      expect([r.df1, r.df2]).toEqual([c.df_between, c.df_within]);
      expectRel(r.p, c.p, TOL, 'p');
      expectRel(r.table[0].ss, c.ss_between, TOL, 'SS between');
      expectRel(r.table[1].ss, c.ss_within, TOL, 'SS within');
      expectRel(r.etaSquared, c.eta2, TOL, 'eta2');
      // effectsize truncates a negative ω² at 0; we report the untruncated estimate
      expectRel(r.omegaSquared, c.omega2_raw, TOL, 'omega2');
      expect(Math.max(0, r.omegaSquared)).toBeCloseTo(c.omega2, 12);
      expectAllRel(r.groups.map((g) => g.mean), c.means, TOL, 'means');
      expectAllRel(r.groups.map((g) => g.sd), c.sds, TOL, 'sds');
      expect(r.n).toBe(c.y.length);
      expect(r.missingHandling).toBe('listwise');
    });
    it(`${name}: Welch F, fractional df and p`, () => {
      const w = welchAnova(c.y, c.group);
      expectRel(w.F, c.welch_F, TOL, 'Welch F');
      expect(w.df1).toBe(c.welch_df1);
      expectRel(w.df2, c.welch_df2, TOL, 'Welch df2');
      expectRel(w.p, c.welch_p, TOL, 'Welch p');
    });
  }

  it('TSDoc examples (R: F = 18.14, p = .00286; Welch F = 19.492, df = 3.7037, p = .01081)', () => {
    const y = [4, 5, 6, 6, 7, 8, 9, 9, 10];
    const g = ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c'];
    expect(oneWayAnova(y, g).apa()).toBe('F(2, 6) = 18.14, p = .003, η² = .86, ω² = .79');
    expect(welchAnova(y, g).apa()).toBe("Welch's F(2, 3.70) = 19.49, p = .011");
    const r = oneWayAnova(y, g);
    expect(r.F).toBeCloseTo(14.111111111111 / 0.777777777777778, 10);
  });

  it('drops missing outcome or group listwise and reports it', () => {
    const r = oneWayAnova([4, 5, 6, null, 6, 7, 8, 9, 9, 10, NaN], ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', null]);
    expect(r.n).toBe(9);
    expect(r.nMissing).toBe(2);
    expect(r.F).toBeCloseTo(18.142857142857, 9);
  });

  it('edge cases throw StatsError with the reason', () => {
    expect(() => oneWayAnova([1, 2, 3], ['a', 'a', 'a'])).toThrow(/at least 2 groups/);
    expect(() => oneWayAnova([1, 2, 3, 4], ['a', 'a', 'a', 'b'])).toThrow(/group "b" has 1 complete case/);
    expect(() => oneWayAnova([2, 2, 5, 5], ['a', 'a', 'b', 'b'])).toThrow(/zero within-group variance/);
    expect(() => oneWayAnova([3, 3, 3, 3], ['a', 'a', 'b', 'b'])).toThrow(/zero within-group variance/);
    expect(() => welchAnova([2, 2, 5, 6], ['a', 'a', 'b', 'b'])).toThrow(/group "a" has zero variance/);
    expect(() => oneWayAnova([1, 2], ['a'])).toThrow(StatsError);
    expect(() => oneWayAnova([null, null, NaN, 1], ['a', 'a', 'b', 'b'])).toThrow(/group "a" has 0 complete cases/);
  });
});

function ancovaInput(c: any) {
  const covariates: Record<string, (number | null)[]> = {};
  for (const v of c.covariates as string[]) covariates[v] = c[v];
  return { outcome: c.post, group: c.group, covariates };
}

describe('ancova against lm / car::Anova / predict', () => {
  for (const name of ['two_groups', 'three_groups']) {
    const c = ref.ancova[name];
    const r = ancova(ancovaInput(c), { outcomeName: 'post' });

    it(`${name}: listwise n and the covariates`, () => {
      expect(r.n).toBe(c.n_used);
      expect(r.nMissing).toBe(c.n_missing);
      expect(r.levels).toEqual(c.levels);
      expect(r.table.map((t) => t.term)).toEqual([...c.terms, 'Residuals']);
    });
    it(`${name}: SS, df, F, p per term equal car::Anova type 3 (contr.sum) and type 2`, () => {
      const terms = r.table.slice(0, -1);
      expectAllRel(terms.map((t) => t.ss), c.ss3, TOL, 'SS III');
      expectAllRel(terms.map((t) => t.ss), c.ss2, TOL, 'SS II');
      expect(terms.map((t) => t.df)).toEqual(c.df3);
      expectAllRel(terms.map((t) => t.F), c.F3, TOL, 'F III');
      expectAllRel(terms.map((t) => t.p), c.p3, TOL, 'p III');
      expectAllRel(terms.map((t) => t.p), c.p2, TOL, 'p II');
      expectRel(r.table[r.table.length - 1].ss, c.ss_error, TOL, 'SS error');
      expect(r.dfResidual).toBe(c.df_error);
    });
    it(`${name}: partial η² equals SS/(SS + SS_error) and effectsize::eta_squared`, () => {
      const terms = r.table.slice(0, -1);
      expectAllRel(terms.map((t) => t.partialEtaSquared), c.partial_eta2, TOL, 'pes');
      expectAllRel(terms.map((t) => t.partialEtaSquared), c.partial_eta2_effectsize, TOL, 'pes effectsize');
    });
    it(`${name}: coefficients with SE, t, p and confint CI equal summary(lm) (treatment coding)`, () => {
      expect(r.coefficients.map((k) => k.term)).toEqual(c.coef_names);
      expectAllRel(r.coefficients.map((k) => k.estimate), c.coef, TOL, 'b');
      expectAllRel(r.coefficients.map((k) => k.se), c.coef_se, TOL, 'se');
      expectAllRel(r.coefficients.map((k) => k.t), c.coef_t, TOL, 't');
      expectAllRel(r.coefficients.map((k) => k.p), c.coef_p, TOL, 'p');
      expectAllRel(r.coefficients.map((k) => k.lower), c.coef_lower, TOL, 'lower');
      expectAllRel(r.coefficients.map((k) => k.upper), c.coef_upper, TOL, 'upper');
      // group effects are the group coefficients
      const gi: number[] = [c.group_coef_rows].flat();
      expectAllRel(r.groupEffects.map((e) => e.estimate), gi.map((i) => c.coef[i]), TOL, 'group effect');
      expectAllRel(r.groupEffects.map((e) => e.ci.upper), gi.map((i) => c.coef_upper[i]), TOL, 'group effect CI');
      expect(r.groupEffects.every((e) => e.reference === c.levels[0])).toBe(true);
    });
    it(`${name}: adjusted means, SE and CI equal predict(lm, covariates at their means, se.fit = TRUE)`, () => {
      expectAllRel(r.adjustedMeans.map((m) => m.adjustedMean), c.adj_mean, TOL, 'emm');
      expectAllRel(r.adjustedMeans.map((m) => m.se), c.adj_mean_se, TOL, 'emm se');
      expectAllRel(r.adjustedMeans.map((m) => m.lower), c.adj_mean_lower, TOL, 'emm lower');
      expectAllRel(r.adjustedMeans.map((m) => m.upper), c.adj_mean_upper, TOL, 'emm upper');
    });
    it(`${name}: homogeneity of slopes (group × pre) equals anova(additive, interaction)`, () => {
      expect(r.slopesTest.covariate).toBe('pre');
      expectRel(r.slopesTest.F, c.slopes_F, 1e-7, 'slopes F');
      expect([r.slopesTest.df1, r.slopesTest.df2]).toEqual([c.slopes_df1, c.slopes_df2]);
      expectRel(r.slopesTest.p, c.slopes_p, 1e-7, 'slopes p');
    });
    it(`${name}: σ, R², adjusted R²`, () => {
      expectRel(r.sigma, c.sigma, TOL, 'sigma');
      expectRel(r.rSquared, c.r_squared, TOL, 'R2');
      expectRel(r.adjRSquared, c.adj_r_squared, TOL, 'adj R2');
    });
  }

  it('APA sentence and JSON of the Home-Start-like two-group ANCOVA', () => {
    const c = ref.ancova.two_groups;
    const r = ancova(ancovaInput(c), { outcomeName: 'post' });
    // R: F = 8.0063, p = .00568, ηp² = .0770, b = 2.1374 [0.6380, 3.6368]
    expect(r.apa()).toBe('F(1, 96) = 8.01, p = .006, ηp² = .08; adjusted difference homestart − control = 2.14, 95% CI [0.64, 3.64]');
    const j = r.toJSON();
    expect(j.missingHandling).toBe('listwise');
    expect(j.n).toBe(101);
    expect(j.nMissing).toBe(4);
    expect(String(j.method)).toMatch(/type II = type III/);
  });

  it('tidy rows give the same result as column arrays (and parse numeric strings)', () => {
    const c = ref.ancova.two_groups;
    const rows = c.post.map((_: unknown, i: number) => ({
      post: c.post[i] === null ? '' : String(c.post[i]),
      group: c.group[i],
      pre: c.pre[i],
      age: c.age[i],
      single: c.single[i],
    }));
    const a = ancovaFromRows(rows, { outcome: 'post', group: 'group', covariates: ['pre', 'age', 'single'] });
    expectRel(a.groupTest.F, c.F3[0], TOL, 'F from rows');
    expect(a.n).toBe(c.n_used);
    expect(() => ancovaFromRows(rows, { outcome: 'post', group: 'grp', covariates: ['pre'] })).toThrow(/no column "grp"/);
  });

  it('TSDoc example (R lm: b = 3.8857143, CI [3.3520350, 4.4193936], F = t² = 350.30)', () => {
    const r = ancova({
      outcome: [12, 14, 15, 13, 17, 18, 20, 19],
      group: ['c', 'c', 'c', 'c', 't', 't', 't', 't'],
      covariates: { pre: [10, 12, 14, 11, 11, 13, 15, 14] },
    });
    expect(r.groupEffects[0].estimate).toBeCloseTo(3.8857142857, 9);
    expect(r.groupEffects[0].ci.lower).toBeCloseTo(3.352035, 6);
    expect(r.groupEffects[0].ci.upper).toBeCloseTo(4.4193936, 6);
    expect(r.apa()).toBe('F(1, 5) = 350.30, p < .001, ηp² = .99; adjusted difference t − c = 3.89, 95% CI [3.35, 4.42]');
  });

  describe('edge cases', () => {
    const base = {
      outcome: [12, 14, 15, 13, 17, 18, 20, 19],
      group: ['c', 'c', 'c', 'c', 't', 't', 't', 't'],
    };
    it('a collinear covariate is named in a StatsError', () => {
      const pre = [10, 12, 14, 11, 11, 13, 15, 14];
      expect(() => ancova({ ...base, covariates: { pre, preDoubled: pre.map((v) => 2 * v + 1) } })).toThrow(/Singular design: "preDoubled"/);
      expect(() => ancova({ ...base, covariates: { pre, site: pre.map(() => 3) } })).toThrow(/"site" is constant or a linear combination/);
    });
    it('a group with n < 2 complete cases throws', () => {
      expect(() =>
        ancova({ ...base, covariates: { pre: [10, 12, 14, 11, null, null, null, 14] } }),
      ).toThrow(/group "t" has 1 complete case/);
    });
    it('zero residual variance throws instead of dividing by zero', () => {
      const pre = [10, 12, 14, 11, 11, 13, 15, 14];
      expect(() => ancova({ ...base, outcome: pre.map((v, i) => 2 * v + (i >= 4 ? 3 : 0)), covariates: { pre } })).toThrow(
        /zero residual variance/,
      );
    });
    it('no residual df throws', () => {
      expect(() => ancova({ outcome: [1, 2, 3, 5], group: ['a', 'a', 'b', 'b'], covariates: { x: [1, 3, 2, 7], z: [2, 1, 5, 3] } })).toThrow(
        /no residual degrees of freedom/,
      );
    });
    it('slopes test that cannot be fitted gives NaN with a note, not a failure', () => {
      // pre constant within group t: the t × pre slope is not estimable
      const r = ancova({ ...base, covariates: { pre: [10, 12, 14, 11, 13, 13, 13, 13] } });
      expect(r.slopesTest.F).toBeNaN();
      expect(r.slopesTest.note).toMatch(/Singular design: "groupt:pre"/);
      expect(Number.isFinite(r.groupTest.F)).toBe(true);
    });
  });
});
