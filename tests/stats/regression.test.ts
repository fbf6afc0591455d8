import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModelDesign, factorModelVariable, fitLinearModel, termTests } from '../../src/stats/linear-model.js';
import { linearRegression } from '../../src/stats/regression.js';
import { StatsError } from '../../src/stats/result.js';

// R 4.2 lm, confint, anova, car 3.1 vif / hccm(hc3) / Anova(type 2, 3), hatvalues, rstandard, rstudent,
// cooks.distance (tests/reference/regression.R → regression.json; data simulated there).
const ref = JSON.parse(readFileSync(new URL('../reference/regression.json', import.meta.url), 'utf8'));
const TOL = 1e-8;

function expectAllRel(actual: ArrayLike<number>, expected: (number | null)[], tol = TOL, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    if (e === null) {
      expect(Number.isNaN(actual[i]), `${what}[${i}]`).toBe(true);
      continue;
    }
    const rel = e === 0 ? Math.abs(actual[i]) : Math.abs(actual[i] - e) / Math.abs(e);
    expect(rel, `${what}[${i}]: ${actual[i]} vs R ${e}`).toBeLessThan(tol);
  }
}

describe('linearRegression against R lm / car', () => {
  const c = ref.multiple;
  const r = linearRegression(
    { outcome: c.data.post, predictors: { pre: c.data.pre, age: c.data.age, single: c.data.single, group: c.data.group } },
    { blocks: [['pre', 'age'], ['single', 'group']], outcomeName: 'post' },
  );
  it('coefficients, SE, t, p, CI, standardised β', () => {
    expect(r.n).toBe(c.n);
    expect(r.nMissing).toBe(c.data.post.length - c.n);
    expect(r.coefficients.map((x) => x.term)).toEqual(c.terms);
    expectAllRel(r.coefficients.map((x) => x.estimate), c.estimate, TOL, 'b');
    expectAllRel(r.coefficients.map((x) => x.se), c.se, TOL, 'se');
    expectAllRel(r.coefficients.map((x) => x.t), c.t, TOL, 't');
    expectAllRel(r.coefficients.map((x) => x.p), c.p, 1e-7, 'p');
    expectAllRel(r.coefficients.map((x) => x.lower), c.lower, TOL, 'lower');
    expectAllRel(r.coefficients.map((x) => x.upper), c.upper, TOL, 'upper');
    expectAllRel(r.coefficients.map((x) => x.beta), c.beta, TOL, 'beta');
  });
  it('standardised β of numeric predictors equals lm on scaled variables', () => {
    const r2 = linearRegression({ outcome: c.data.post, predictors: { pre: c.data.pre, age: c.data.age, single: c.data.single, group: c.data.group } }, { blocks: [['pre', 'age']] });
    // same cases? block-only model uses the rows complete on pre and age, not on group: refit in R used dd (complete on all)
    expect(r2.n).toBeGreaterThanOrEqual(c.n);
    const rs = linearRegression({
      outcome: c.data.post.map((v: number | null, i: number) => (c.data.group[i] === null ? null : v)),
      predictors: { pre: c.data.pre, age: c.data.age },
    });
    expectAllRel([rs.coefficient('pre').beta, rs.coefficient('age').beta], c.beta_scaled_numeric, TOL, 'β scaled');
  });
  it('R², adjusted R², F, σ̂ and the hierarchical step (ΔR², F change)', () => {
    expectAllRel([r.rSquared, r.adjRSquared, r.F, r.p, r.sigma], [c.r2, c.adj_r2, c.F, c.p_model, c.sigma], TOL, 'fit');
    expect([r.df1, r.df2]).toEqual([c.df1, c.df2]);
    const [b1, b2] = r.blocks;
    expectAllRel([b1.rSquared, b1.adjRSquared, b1.F, b1.p, b1.deltaRSquared, b1.fChange], [c.step1_r2, c.step1_adj_r2, c.step1_F, c.step1_p, c.step1_r2, c.step1_F], TOL, 'step 1');
    expectAllRel([b2.fChange, b2.pChange, b2.deltaRSquared], [c.change_F, c.change_p, c.r2 - c.step1_r2], 1e-7, 'step 2');
    expect([b2.df1, b2.df2]).toEqual([c.change_df1, c.change_df2]);
    expect(r.apa()).toMatch(/^R² = \.\d\d, adjusted R² = \.\d\d, F\(5, \d+\) = [\d.]+, p [<=] \.\d+; step 2: ΔR² = \.\d\d, F\(3, \d+\) = /);
  });
  it('GVIF per term (car::vif)', () => {
    expect(r.vif.map((v) => v.term)).toEqual(c.vif_terms);
    expectAllRel(r.vif.map((v) => v.gvif), c.gvif, TOL, 'gvif');
    expect(r.vif.map((v) => v.df)).toEqual(c.gvif_df);
    expectAllRel(r.vif.map((v) => v.gvifAdjusted), c.gvif_adj, TOL, 'gvif adj');
  });
  it('HC3 robust SE, t, p, CI (car::hccm type hc3)', () => {
    expectAllRel(r.coefficients.map((x) => x.robust.se), c.hc3_se, TOL, 'hc3 se');
    expectAllRel(r.coefficients.map((x) => x.robust.t), c.hc3_t, TOL, 'hc3 t');
    expectAllRel(r.coefficients.map((x) => x.robust.p), c.hc3_p, 1e-7, 'hc3 p');
    expectAllRel(r.coefficients.map((x) => x.robust.lower), c.hc3_lower, TOL, 'hc3 lower');
    expectAllRel(r.coefficients.map((x) => x.robust.upper), c.hc3_upper, TOL, 'hc3 upper');
  });
  it('type II term tests (car::Anova type 2)', () => {
    expect(r.termTests.map((t) => t.term)).toEqual(c.anova2_terms);
    expectAllRel(r.termTests.map((t) => t.ss), c.anova2_ss, TOL, 'SS');
    expect(r.termTests.map((t) => t.df)).toEqual(c.anova2_df);
    expectAllRel(r.termTests.map((t) => t.F), c.anova2_F, TOL, 'F');
    expectAllRel(r.termTests.map((t) => t.p), c.anova2_p, 1e-7, 'p');
  });
  it('residual diagnostics (fitted, residuals, rstandard, rstudent, hat, Cook)', () => {
    const d = r.diagnostics;
    expect(d.row).toEqual(c.rows);
    expectAllRel(d.fitted, c.fitted, TOL, 'fitted');
    expectAllRel(d.residuals, c.residuals, 1e-7, 'residuals');
    expectAllRel(d.standardizedResiduals, c.rstandard, 1e-7, 'rstandard');
    expectAllRel(d.studentizedResiduals, c.rstudent, 1e-7, 'rstudent');
    expectAllRel(d.leverage, c.hat, TOL, 'hat');
    expectAllRel(d.cooksDistance, c.cooks, 1e-7, 'cooks');
  });
  it('reference level moved (relevel) and its VIF', () => {
    const rr = linearRegression(
      { outcome: c.data.post, predictors: { group2: c.data.group, pre: c.data.pre, age: c.data.age, single: c.data.single } },
      { factors: { group2: { reference: 'norm' } }, blocks: [['group2', 'pre']] },
    );
    // the R model used the rows complete on all variables; restrict likewise
    const keep = c.data.age.map((a: number | null, i: number) => a !== null && c.data.post[i] !== null && c.data.group[i] !== null);
    const rr2 = linearRegression(
      {
        outcome: c.data.post.map((v: number | null, i: number) => (keep[i] ? v : null)),
        predictors: { group2: c.data.group, pre: c.data.pre },
      },
      { factors: { group2: { reference: 'norm' } } },
    );
    expect(rr2.coefficients.map((x) => x.term)).toEqual(ref.relevel.terms);
    expectAllRel(rr2.coefficients.map((x) => x.estimate), ref.relevel.estimate, TOL, 'relevel b');
    expectAllRel(rr2.vif.map((x) => x.gvif), ref.relevel.vif, TOL, 'relevel vif');
    expect(rr.n).toBeGreaterThan(0);
  });
  it('TSDoc example', () => {
    const e = linearRegression({ outcome: [3, 5, 4, 8, 9, 7, 11, 12], predictors: { x: [1, 2, 3, 4, 5, 6, 7, 8] } });
    expectAllRel([e.coefficient('x').estimate, e.rSquared, e.adjRSquared, e.F, e.p], [ref.example.slope, ref.example.r2, ref.example.adj_r2, ref.example.F, ref.example.p], TOL, 'example');
    expect(e.apa()).toBe('R² = .85, adjusted R² = .83, F(1, 6) = 35.32, p = .001');
    expect(e.coefficientApa('x')).toMatch(/^b = 1\.23, 95% CI \[[\d.]+, [\d.]+\], t\(6\) = 5\.94, p = \.001, β = \.92$/);
    expect(e.vif).toEqual([]);
    expect(JSON.parse(JSON.stringify(e.toJSON())).n).toBe(8);
  });
  it('errors are sentences', () => {
    expect(() => linearRegression({ outcome: [1, 2, 3, 4], predictors: { x: [1, 2, 3, 4], z: [2, 4, 6, 8] } })).toThrow(/"z" is constant or a linear combination/);
    expect(() => linearRegression({ outcome: [1, 2, 3], predictors: { x: [1, 2] } })).toThrow(/has 2 values, the outcome 3/);
    expect(() => linearRegression({ outcome: [1, 2, 3], predictors: {} })).toThrow(StatsError);
    expect(() => linearRegression({ outcome: [1, 2, 3, 4], predictors: { x: [1, 2, 3, 4] } }, { blocks: [['w']] })).toThrow(/block predictor "w"/);
    expect(() => linearRegression({ outcome: [1, 'x', 3, 4], predictors: { x: [1, 2, 3, 4] } })).toThrow(/row 2: the value is not a number/);
  });
});

describe('linear-model core: type I / II / III sums of squares (two factors with interaction)', () => {
  const c = ref.twoway;
  const rows = c.y.map((_: number, i: number) => i);
  const vars = [factorModelVariable('A', c.A, { coding: 'sum' }), factorModelVariable('B', c.B, { coding: 'sum' })];
  const fit = fitLinearModel(buildModelDesign(vars, [['A'], ['B'], ['A', 'B']], rows), Float64Array.from(c.y));
  it('column names as model.matrix with contr.sum', () => {
    expect(fit.design.columnNames).toEqual(c.colnames_sum);
  });
  for (const type of [1, 2, 3] as const) {
    it(`type ${type}`, () => {
      const t = termTests(fit, type);
      expect(t.map((x) => x.term)).toEqual(c.terms);
      expectAllRel(t.map((x) => x.ss), c[`ss${type}`], TOL, 'SS');
      expectAllRel(t.map((x) => x.F), c[`F${type}`], TOL, 'F');
      expectAllRel(t.map((x) => x.p), c[`p${type}`], 1e-7, 'p');
      expect(t.map((x) => x.df)).toEqual(c.df);
    });
  }
});
