import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  gcd,
  householderQR,
  hypothesisSSCP,
  linearCombination,
  logDeterminantSPD,
  matrixFromColumns,
  matrixFromRows,
  matrixMultiply,
  qrLeastSquares,
  solveSPD,
} from '../../src/stats/linalg.js';
import { StatsError } from '../../src/stats/result.js';

// R lm.fit / chol2inv(qr.R(qr(X))) on a cubic design (κ ≈ 1.8e4), tests/reference/anova.R
const ref = JSON.parse(readFileSync(new URL('../reference/anova.json', import.meta.url), 'utf8')).linalg as {
  x: number[];
  y1: number[];
  y2: number[];
  coef1: number[];
  coef2: number[];
  sscp: number[];
  xtx_inverse: number[];
};

function expectRel(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(Math.abs(expected[i]), 1e-300);
    expect(Math.abs(actual[i] - expected[i]) / scale, `element ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThan(tol);
  }
}

describe('qrLeastSquares (Householder QR) against R lm.fit', () => {
  const X = matrixFromColumns([ref.x.map(() => 1), ref.x, ref.x.map((v) => v ** 2), ref.x.map((v) => v ** 3)]);
  const fit = qrLeastSquares(X, matrixFromColumns([ref.y1, ref.y2]), ['(Intercept)', 'x', 'x2', 'x3']);

  it('coefficients of two responses match lm.fit to 1e-9 relative', () => {
    expectRel(fit.coefficients.data.subarray(0, 4), ref.coef1, 1e-9);
    expectRel(fit.coefficients.data.subarray(4, 8), ref.coef2, 1e-9);
  });
  it('residual SSCP matches crossprod(residuals)', () => {
    expectRel(fit.residualSSCP.data, ref.sscp, 1e-9);
    expect(fit.dfResidual).toBe(21);
  });
  it('(XᵀX)⁻¹ from R matches chol2inv(qr.R(qr(X)))', () => {
    expectRel(fit.xtxInverse.data, ref.xtx_inverse, 1e-8);
  });
  it('residuals are orthogonal to every column of X', () => {
    const Xt = matrixFromRows(Array.from({ length: 4 }, (_, j) => X.data.subarray(j * 25, (j + 1) * 25)));
    const XtE = matrixMultiply(Xt, fit.residuals);
    const colNorm = Math.max(...ref.x.map((v) => v ** 3));
    for (const v of XtE.data) expect(Math.abs(v) / (colNorm * 25)).toBeLessThan(1e-10);
  });
});

describe('rank detection', () => {
  it('names a collinear column (as R lm would alias it)', () => {
    const a = [1, 2, 3, 4, 5, 6];
    const b = [2, 1, 4, 3, 6, 5];
    const X = matrixFromColumns([a.map(() => 1), a, b, a.map((v, i) => 2 * v - b[i] + 1)]);
    expect(householderQR(X).aliasedColumn).toBe(3);
    expect(() => qrLeastSquares(X, matrixFromColumns([[1, 3, 2, 5, 4, 6]]), ['(Intercept)', 'age', 'pre', 'ageDoubleMinusPre'])).toThrow(
      /Singular design: "ageDoubleMinusPre"/,
    );
  });
  it('a constant column is aliased with the intercept', () => {
    const X = matrixFromColumns([[1, 1, 1, 1], [3, 3, 3, 3]]);
    expect(() => qrLeastSquares(X, matrixFromColumns([[1, 2, 3, 4]]), ['(Intercept)', 'site'])).toThrow(StatsError);
  });
  it('n ≤ p leaves no residual df and throws', () => {
    const X = matrixFromColumns([[1, 1], [1, 2]]);
    expect(() => qrLeastSquares(X, matrixFromColumns([[1, 2]]))).toThrow(/no residual degrees of freedom/);
  });
});

describe('small SPD helpers', () => {
  const A = matrixFromRows([
    [4, 2, 0.6],
    [2, 5, 1],
    [0.6, 1, 3],
  ]);
  it('solveSPD solves A x = b', () => {
    const x = solveSPD(A, [1, 2, 3]);
    const back = matrixMultiply(A, matrixFromColumns([x]));
    expectRel(back.data, [1, 2, 3], 1e-14);
  });
  it('logDeterminantSPD equals ln det by cofactor expansion', () => {
    const det = 4 * (5 * 3 - 1) - 2 * (2 * 3 - 0.6) + 0.6 * (2 * 1 - 5 * 0.6);
    expect(logDeterminantSPD(A)).toBeCloseTo(Math.log(det), 13);
    expect(logDeterminantSPD(matrixFromRows([[1, 1], [1, 1]]))).toBeNaN();
  });
  it('hypothesisSSCP of a single coefficient equals b²/V_jj', () => {
    const X = matrixFromColumns([[1, 1, 1, 1, 1], [1, 2, 3, 4, 5]]);
    const fit = qrLeastSquares(X, matrixFromColumns([[2, 4, 5, 4, 5]]));
    const b = fit.coefficients.data[1];
    const v = fit.xtxInverse.data[3];
    expect(hypothesisSSCP(fit, [[0, 1]]).data[0]).toBeCloseTo((b * b) / v, 12);
    // slope 0.6, Sxx = 10: SS_regression = 0.6² · 10 = 3.6
    expect((b * b) / v).toBeCloseTo(3.6, 12);
  });
});

describe('gcd', () => {
  it('Euclid on integers of either sign; gcd(0, 0) = 0', () => {
    expect(gcd(-12, 18)).toBe(6);
    expect(gcd(7, 0)).toBe(7);
    expect(gcd(0, 0)).toBe(0);
    expect(gcd(17, 5)).toBe(1);
  });
});

describe('linearCombination', () => {
  it('the documented example; a target outside the row space gives null; dependent rows are fine', () => {
    expect(linearCombination([[1, 1, 0], [0, 1, 1]], [1, 0, -1])).toEqual([1, -1]);
    expect(linearCombination([[1, 1, 0], [0, 1, 1]], [1, 0, 0])).toBeNull();
    const c = linearCombination([[1, 1, 0], [2, 2, 0], [0, 1, 1]], [1, 0, -1])!;
    // any solution: check that it reproduces the target
    const got = [0, 1, 2].map((k) => c[0] * [1, 1, 0][k] + c[1] * [2, 2, 0][k] + c[2] * [0, 1, 1][k]);
    got.forEach((x, k) => expect(x).toBeCloseTo([1, 0, -1][k], 12));
  });
});
