import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { intraclassCorrelation } from '../../src/stats/icc.js';
import { mcdonaldOmega } from '../../src/stats/omega.js';

// psych::ICC(lmer = FALSE) on Shrout & Fleiss (1979) Table 2 and simulated ratings; lavaan cfa for ω
// (tests/reference/reliability2.R → reliability2.json).
const ref = JSON.parse(readFileSync(new URL('../reference/reliability2.json', import.meta.url), 'utf8'));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const TYPES = ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k'] as const;

describe('intraclassCorrelation against psych::ICC', () => {
  for (const name of ['sf', 'raters']) {
    it(`${name}: all six forms, F, df, p and CIs`, () => {
      const c = ref[name];
      const r = intraclassCorrelation(c.x);
      TYPES.forEach((t, i) => {
        const row = r.get(t);
        expect(rel(row.icc, c.icc[i]), `${t} icc`).toBeLessThan(1e-10);
        expect(rel(row.F, c.F[i]), `${t} F`).toBeLessThan(1e-10);
        expect([row.df1, row.df2]).toEqual([c.df1[i], c.df2[i]]);
        expect(rel(row.p, c.p[i]), `${t} p`).toBeLessThan(1e-8);
        expect(rel(row.lower, c.lower[i]), `${t} lower`).toBeLessThan(1e-8);
        expect(rel(row.upper, c.upper[i]), `${t} upper`).toBeLessThan(1e-8);
      });
    });
  }
  it('Shrout & Fleiss (1979) published values to two decimals; missing rows dropped; APA', () => {
    const r = intraclassCorrelation(ref.sf.x);
    TYPES.forEach((t, i) => expect(r.get(t).icc.toFixed(2)).toBe(ref.sf.published[i].toFixed(2)));
    expect(intraclassCorrelation(ref.raters.x).missing).toBe(1);
    expect(r.apa()).toMatch(/^ICC\(2,1\) = \.29, 95% CI \[\.02, \.\d\d\], F\(5, 15\) = 11\.03, p < \.001$/);
    expect(() => intraclassCorrelation([[1], [2]])).toThrow(/at least 2 raters/);
  });
});

describe("McDonald's ω against lavaan (one-factor ML CFA)", () => {
  it('ω, loadings and residual variances', () => {
    const c = ref.omega;
    const o = mcdonaldOmega(c.x);
    expect(rel(o.omega, c.omega)).toBeLessThan(1e-6);
    o.loadings.forEach((l, j) => expect(rel(l, c.loadings[j]), `λ${j + 1}`).toBeLessThan(1e-4));
    o.uniquenesses.forEach((t, j) => expect(rel(t, c.theta[j]), `θ${j + 1}`).toBeLessThan(1e-4));
    expect(o.missing).toBe(1);
    expect(o.apa()).toMatch(/^ω = \.\d\d, k = 6, n = 149$/);
    expect(() => mcdonaldOmega([[1, 2], [3, 4]])).toThrow(/at least 3 items/);
  });
});

describe("McDonald's ω bootstrap CI (percentile over respondents; reproducibility, not R)", () => {
  it('same seed → same interval; the interval holds the estimate; apa shows it', () => {
    const t0 = Date.now();
    const a = mcdonaldOmega(ref.omega.x, { ci: { seed: 7, resamples: 300 } });
    const b = mcdonaldOmega(ref.omega.x, { ci: { seed: 7, resamples: 300 } });
    expect(a.ci!.lower).toBe(b.ci!.lower);
    expect(a.ci!.lower).toBeLessThan(a.omega);
    expect(a.ci!.upper).toBeGreaterThan(a.omega);
    expect(a.ci!.upper - a.ci!.lower).toBeLessThan(0.2);
    expect(a.ci!.method).toMatch(/percentile/);
    expect(a.apa()).toMatch(/^ω = \.\d\d, 95% CI \[\.\d\d, \.\d\d\], k = 6, n = 149$/);
    expect(Date.now() - t0).toBeLessThan(20000);
  });
});
