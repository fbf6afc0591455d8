import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { normal, studentT, fDist, chiSquared, binomial, poisson, normalQuantileStd } from '../../src/stats/distributions.js';

// R 4.2 values, produced by tests/reference/distributions.R
const ref = JSON.parse(readFileSync(new URL('../reference/distributions.json', import.meta.url), 'utf8'));

function close(actual: number, expected: number, rel = 1e-9, abs = 1e-300): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const err = Math.abs(actual - expected);
  expect(err <= abs || err <= rel * Math.abs(expected), `actual ${actual}, expected ${expected}, rel ${err / Math.abs(expected)}`).toBe(true);
}

describe('normal distribution (AS 241 quantile)', () => {
  it('quantile agrees with qnorm from 1e-300 to 1 − 1e-8', () => {
    ref.qnorm.p.forEach((p: number, i: number) => close(normal.quantile(p), ref.qnorm.q[i], 1e-13));
  });
  it('upper-tail quantile agrees with qnorm(lower.tail = FALSE), exact for tiny q', () => {
    ref.qnorm_upper.p.forEach((p: number, i: number) => close(normal.quantileUpper(p), ref.qnorm_upper.q[i], 1e-13));
  });
  it('handles the edges and the general form', () => {
    expect(normalQuantileStd(0)).toBe(-Infinity);
    expect(normalQuantileStd(1)).toBe(Infinity);
    expect(normalQuantileStd(-0.1)).toBeNaN();
    expect(normalQuantileStd(0.5)).toBe(0);
    close(normal.quantile(0.975, 100, 15), 100 + 15 * 1.959963984540054, 1e-14);
    close(normal.cdf(normal.quantile(1e-250)), 1e-250, 1e-12);
  });
});

describe('Student t', () => {
  it('cdf and sf agree with pt over a grid incl. fractional df', () => {
    ref.pt.x.forEach((x: number, i: number) => {
      close(studentT.cdf(x, ref.pt.df[i]), ref.pt.cdf[i], 1e-9);
      close(studentT.sf(x, ref.pt.df[i]), ref.pt.sf[i], 1e-9);
    });
  });
  it('quantile agrees with qt', () => {
    ref.qt.p.forEach((p: number, i: number) => close(studentT.quantile(p, ref.qt.df[i]), ref.qt.q[i], 1e-9));
  });
  it('two-sided p (R: 2 * pt(-|t|, df))', () => {
    close(studentT.pTwoSided(-2.45, 103), 0.015971670885936651, 1e-10);
    close(studentT.pTwoSided(0.3, 7.5), 0.77232265856877813, 1e-10);
  });
});

describe('F and χ²', () => {
  it('F cdf and sf agree with pf', () => {
    ref.pf.x.forEach((x: number, i: number) => {
      close(fDist.cdf(x, ref.pf.d1[i], ref.pf.d2[i]), ref.pf.cdf[i], 1e-9);
      close(fDist.sf(x, ref.pf.d1[i], ref.pf.d2[i]), ref.pf.sf[i], 1e-9);
    });
  });
  it('χ² cdf and sf agree with pchisq (incl. tiny upper tails)', () => {
    ref.pchisq.x.forEach((x: number, i: number) => {
      close(chiSquared.cdf(x, ref.pchisq.k[i]), ref.pchisq.cdf[i], 1e-9);
      close(chiSquared.sf(x, ref.pchisq.k[i]), ref.pchisq.sf[i], 1e-9);
    });
  });
  it('edges', () => {
    expect(fDist.sf(0, 2, 3)).toBe(1);
    expect(chiSquared.cdf(-1, 2)).toBe(0);
    expect(chiSquared.sf(1, 0)).toBeNaN();
  });
});

describe('binomial', () => {
  it('cdf, P(X ≥ k) and pmf agree with pbinom/dbinom', () => {
    ref.pbinom.k.forEach((k: number, i: number) => {
      const n = ref.pbinom.n[i];
      const p = ref.pbinom.p[i];
      close(binomial.cdf(k, n, p), ref.pbinom.cdf[i], 1e-9);
      close(binomial.sfInclusive(k, n, p), ref.pbinom.sfInclusive[i], 1e-9);
      close(binomial.pmf(k, n, p), ref.pbinom.pmf[i], 1e-9);
    });
  });
});

describe('discrete quantiles hand back the cdf values of their search', () => {
  it('binomial and Poisson: `seen` holds P(X ≤ k) at the quantile and below it, the same numbers as cdf', () => {
    for (const [q, n, p] of [[0.025, 54, 0.62], [0.975, 54, 0.62], [0.001, 300, 0.05], [0.999, 7, 0.5]] as const) {
      const seen = new Map<number, number>();
      const r = binomial.quantile(q, n, p, seen);
      expect(r).toBe(binomial.quantile(q, n, p));
      expect(seen.has(r) || seen.has(r - 1)).toBe(true);
      for (const [k, v] of seen) expect(v).toBe(binomial.cdf(k, n, p));
    }
    for (const [q, lambda] of [[0.025, 3], [0.975, 3], [0.999, 41.5]] as const) {
      const seen = new Map<number, number>();
      const r = poisson.quantile(q, lambda, seen);
      expect(r).toBe(poisson.quantile(q, lambda));
      expect(seen.size).toBeGreaterThan(0);
      for (const [k, v] of seen) expect(v).toBe(poisson.cdf(k, lambda));
    }
  });
});
