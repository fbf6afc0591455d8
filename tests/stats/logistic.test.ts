import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matrixFromColumns } from '../../src/stats/linalg.js';
import { logisticIrls, logisticRegression } from '../../src/stats/logistic.js';

// R 4.2 glm (epsilon 1e-14), confint.default, MASS confint.glm, an exact uniroot profile, drop1(test = "LRT"),
// anova(null, fit, test = "LRT") (tests/reference/logistic.R → logistic.json; data simulated there).
const ref = JSON.parse(readFileSync(new URL('../reference/logistic.json', import.meta.url), 'utf8'));

function expectAllRel(actual: ArrayLike<number>, expected: number[], tol: number, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const rel = Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]);
    expect(rel, `${what}[${i}]: ${actual[i]} vs R ${expected[i]}`).toBeLessThan(tol);
  }
}

describe('logisticRegression against R glm', () => {
  const c = ref.model;
  const r = logisticRegression(
    { outcome: c.data.improved, predictors: { pre: c.data.pre, single: c.data.single, group: c.data.group } },
    { outcomeName: 'improved' },
  );
  it('coefficients, SE, z, p and odds ratios', () => {
    expect(r.event).toBe('yes');
    expect(r.n).toBe(c.n);
    expect(r.coefficients.map((x) => x.term)).toEqual(c.terms);
    expectAllRel(r.coefficients.map((x) => x.estimate), c.estimate, 1e-8, 'b');
    expectAllRel(r.coefficients.map((x) => x.se), c.se, 1e-8, 'se');
    expectAllRel(r.coefficients.map((x) => x.z), c.z, 1e-8, 'z');
    expectAllRel(r.coefficients.map((x) => x.p), c.p, 1e-7, 'p');
    expectAllRel(r.coefficients.map((x) => x.oddsRatio), c.or, 1e-8, 'OR');
  });
  it('Wald CI = exp(confint.default); profile CI = exact profile roots (1e-6) and MASS confint (1e-3)', () => {
    expectAllRel(r.coefficients.map((x) => x.waldCI.lower), c.wald_lower, 1e-8, 'wald lower');
    expectAllRel(r.coefficients.map((x) => x.waldCI.upper), c.wald_upper, 1e-8, 'wald upper');
    expectAllRel(r.coefficients.map((x) => x.profileCI.lower), c.exact_lower, 1e-6, 'profile lower');
    expectAllRel(r.coefficients.map((x) => x.profileCI.upper), c.exact_upper, 1e-6, 'profile upper');
    expectAllRel(r.coefficients.map((x) => x.profileCI.lower), c.mass_lower, 1e-3, 'MASS lower');
    expectAllRel(r.coefficients.map((x) => x.profileCI.upper), c.mass_upper, 1e-3, 'MASS upper');
  });
  it('deviances, AIC, LR tests (model and drop1), pseudo-R², classification table', () => {
    expectAllRel([r.deviance, r.nullDeviance, r.aic], [c.deviance, c.null_deviance, c.aic], 1e-9, 'deviance');
    expectAllRel([r.modelTest.chiSquare, r.modelTest.p], [c.model_chisq, c.model_p], 1e-7, 'model LR');
    expect(r.modelTest.df).toBe(c.model_df);
    expect(r.termTests.map((t) => t.term)).toEqual(c.drop_terms);
    expectAllRel(r.termTests.map((t) => t.chiSquare), c.drop_lrt, 1e-7, 'drop1 LRT');
    expect(r.termTests.map((t) => t.df)).toEqual(c.drop_df);
    expectAllRel(r.termTests.map((t) => t.p), c.drop_p, 1e-7, 'drop1 p');
    expectAllRel([r.coxSnellR2, r.nagelkerkeR2, r.mcFaddenR2], [c.cox_snell, c.nagelkerke, c.mcfadden], 1e-8, 'R2');
    const t = r.classification;
    expect([t.trueNegative, t.falsePositive, t.falseNegative, t.truePositive]).toEqual([c.tn, c.fp, c.fn, c.tp]);
    expect(t.accuracy).toBeCloseTo((c.tn + c.tp) / c.n, 14);
    expectAllRel(r.fitted, c.fitted, 1e-8, 'fitted');
    expect(r.coefficientApa('single')).toMatch(/^OR = \d+\.\d\d, 95% CI \[\d+\.\d\d, \d+\.\d\d\] \(profile likelihood\), z = /);
  });
  it('TSDoc examples', () => {
    const e = logisticRegression({ outcome: [0, 0, 1, 0, 1, 1, 0, 1], predictors: { x: [1, 2, 3, 4, 5, 6, 7, 8] } });
    expectAllRel([e.coefficient('x').oddsRatio, e.modelTest.chiSquare, e.modelTest.p, e.nagelkerkeR2], [ref.example.or, ref.example.chisq, ref.example.p, ref.example.nagelkerke], 1e-8, 'example');
    expect(e.apa()).toBe('χ²(1) = 1.62, p = .203, Nagelkerke R² = .24');
    const X = matrixFromColumns([[1, 1, 1, 1, 1, 1], [1, 2, 3, 4, 5, 6]]);
    expectAllRel(logisticIrls(X, Float64Array.from([0, 0, 1, 0, 1, 1])).coefficients, ref.irls_example, 1e-8, 'irls');
  });
  it('separation gives a note and an infinite profile bound; errors are sentences', () => {
    const s = logisticRegression({ outcome: [0, 0, 0, 1, 1, 1, 0, 1], predictors: { x: [1, 2, 3, 4, 5, 6, 2.5, 7], z: [1, 0, 1, 0, 1, 0, 0, 1] } });
    expect(s.n).toBe(8);
    expect(() => logisticRegression({ outcome: [0, 2, 1, 0], predictors: { x: [1, 2, 3, 4] } })).toThrow(/row 2, is not 0 or 1/);
    expect(() => logisticRegression({ outcome: ['a', 'b', 'c', 'a'], predictors: { x: [1, 2, 3, 4] } })).toThrow(/exactly two values/);
    expect(() => logisticRegression({ outcome: [1, 1, 1, 1], predictors: { x: [1, 2, 3, 4] } })).toThrow(/same outcome/);
    const sep = logisticRegression({ outcome: [0, 0, 0, 0, 1, 1, 1, 1, 0, 1], predictors: { x: [1, 2, 3, 4, 5, 6, 7, 8, 4.5, 4.6] } });
    expect(sep.notes.join(' ')).toMatch(/separates the outcome/);
    expect(sep.coefficient('x').profileCI.upper).toBe(Infinity);
    expect(sep.coefficient('x').profileCI.lower).toBeGreaterThan(1);
  });
});
