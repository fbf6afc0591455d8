/**
 * Mediation and the cross-lagged panel against lavaan, lm and boot (tests/reference/path_models.R).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mediation, mediationIndirectEffect, crossLaggedPanel, bootstrapIntervals } from '../../src/stats/index.js';
import { bootstrapJackknifeInfluence } from './internals.js';

const ref = JSON.parse(readFileSync(new URL('../reference/path_models.json', import.meta.url), 'utf8'));
const rel = (a: number, b: number, tol: number) => expect(Math.abs(a - b) / Math.max(1e-300, Math.abs(b))).toBeLessThanOrEqual(tol);

describe('mediation against lm, lavaan and boot (2010 four-wave sample)', () => {
  const d = ref.mediation.data;
  for (const key of ['plain', 'covariates'] as const) {
    const c = ref.mediation[key];
    const covs: string[] = c.covariates;
    const input = { x: d.x, m: d.m, y: d.y, covariates: Object.fromEntries(covs.map((k) => [k, d[k]])) };
    const r = mediation(input, { seed: 7, resamples: 500 });
    it(`${key}: paths equal lm (estimate, SE, t, df, p, CI)`, () => {
      for (const [ours, theirs] of [[r.a, c.lm.a], [r.b, c.lm.b], [r.direct, c.lm.direct], [r.total, c.lm.total]] as const) {
        rel(ours.estimate, theirs.estimate, 1e-9);
        rel(ours.se, theirs.se, 1e-9);
        rel(ours.t, theirs.t, 1e-9);
        expect(ours.df).toBe(theirs.df);
        rel(ours.p, theirs.p, 1e-7);
        rel(ours.ciLower, theirs.ciLower, 1e-9);
        rel(ours.ciUpper, theirs.ciUpper, 1e-9);
      }
      expect(r.n).toBe(d.n);
    });
    it(`${key}: ML SEs and delta-method SEs equal lavaan (a, b, c', ab, total)`, () => {
      const L = c.lavaan;
      rel(r.a.estimate, L.a.est, 1e-7);
      rel(r.a.seMl, L.a.se, 1e-6);
      rel(r.b.seMl, L.b.se, 1e-6);
      rel(r.direct.seMl, L.cp.se, 1e-6);
      rel(r.indirect.estimate, L.ab.est, 1e-7);
      rel(r.indirect.seMl, L.ab.se, 1e-6);
      rel(r.indirect.zMl, L.ab.z, 1e-6);
      rel(r.indirect.pMl, L.ab.pvalue, 1e-5);
      rel(r.totalMl.estimate, L.total.est, 1e-7);
      rel(r.totalMl.se, L.total.se, 1e-6);
      // c = c' + ab exactly with the same covariates
      rel(r.total.estimate, r.direct.estimate + r.indirect.estimate, 1e-12);
    });
    it(`${key}: the statistic on R's bootstrap resamples equals boot's replicates; intervals equal boot.ci on them`, () => {
      const b = c.boot;
      rel(mediationIndirectEffect(input), b.t0, 1e-10);
      const idx: number[][] = b.indices;
      expect(idx.length).toBe(b.R);
      for (let i = 0; i < idx.length; i++) rel(mediationIndirectEffect(input, idx[i]), b.t[i], 1e-9);
      const rows = Float64Array.from({ length: d.n }, (_, i) => i);
      const L = bootstrapJackknifeInfluence([rows], (s) => mediationIndirectEffect(input, s));
      for (let i = 0; i < L.length; i++) expect(Math.abs(L[i] - b.jack[i])).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b.jack[i])));
      const iv = bootstrapIntervals({ replicates: b.t, estimate: b.t0, influence: L, method: 'both' });
      rel(iv.percentile!.lower, b.percentile[0], 1e-9);
      rel(iv.percentile!.upper, b.percentile[1], 1e-9);
      rel(iv.bca!.lower, b.bca[0], 1e-9);
      rel(iv.bca!.upper, b.bca[1], 1e-9);
    });
  }
  it('own seeded bootstrap: same seed, same interval; different seed, different; R-like width', () => {
    const c = ref.mediation.covariates;
    const input = { x: d.x, m: d.m, y: d.y, covariates: { psoc_t1: d.psoc_t1, parent_t1: d.parent_t1 } };
    const r1 = mediation(input, { seed: 3, resamples: 1000 });
    const r2 = mediation(input, { seed: 3, resamples: 1000 });
    const r3 = mediation(input, { seed: 4, resamples: 1000 });
    expect(r1.indirect.bca).toEqual(r2.indirect.bca);
    expect(r3.indirect.bca.lower).not.toBe(r1.indirect.bca.lower);
    // Monte Carlo: our interval and boot's (400 resamples) agree roughly
    expect(Math.abs(r1.indirect.percentile.lower - c.boot.percentile[0])).toBeLessThan(0.35);
    expect(Math.abs(r1.indirect.percentile.upper - c.boot.percentile[1])).toBeLessThan(0.35);
    expect(r1.indirect.bootstrapSe).toBeGreaterThan(0.5 * c.lavaan.ab.se);
    expect(r1.indirect.bootstrapSe).toBeLessThan(2 * c.lavaan.ab.se);
    // proportion mediated on the same resamples
    expect(r1.proportionMediated.estimate).toBeCloseTo(r1.indirect.estimate / r1.total.estimate, 12);
    expect(r1.proportionMediated.caution).toMatch(/includes 0/);
    expect(r1.apa()).toMatch(/^indirect effect a·b = -0\.57, 95% BCa CI \[/);
    const j = r1.toJSON();
    expect(j.n).toBe(d.n);
    expect((j.indirect as { bca: { lower: number } }).bca.lower).toBe(r1.indirect.bca.lower);
    expect(r1.table()).toHaveLength(5);
  });
  it('listwise deletion is counted; errors are sentences', () => {
    const r = mediation({ x: [0, 0, 0, 0, 1, 1, 1, 1, null], m: [1, 2, 2, 3, 3, 4, 4, 6, 2], y: [2, 2, 3, 4, 4, 5, 6, 7, 3] }, { seed: 1, resamples: 200 });
    expect(r.missing).toBe(1);
    expect(r.n).toBe(8);
    expect(() => mediation({ x: [0, 1, 0], m: [1, 2, 3], y: [1, 2] }, { seed: 1 })).toThrow(/has 2 values/);
    expect(() => mediation({ x: [1, 1, 1, 1, 1, 1], m: [1, 2, 3, 4, 5, 7], y: [1, 3, 2, 4, 5, 6] }, { seed: 1 })).toThrow(/Singular design: "X"/);
    expect(() => mediation({ x: [0, 1, 0], m: [1, 2, 3], y: [1, 2, 4] }, { seed: 1 })).toThrow(/at least 4 are needed/);
  });
});

describe('cross-lagged panel against lavaan sem', () => {
  for (const key of ['fourwaves', 'fivewaves'] as const) {
    const c = ref.crosslagged[key];
    const waves: string[] = c.waves;
    const r = crossLaggedPanel({ x: waves.map((w) => c.data[`X_${w}`]), y: waves.map((w) => c.data[`Y_${w}`]) }, { waves, names: { x: 'X', y: 'Y' } });
    it(`${key}: paths (estimate, SE, z, p, std.all)`, () => {
      expect(r.n).toBe(c.n);
      let checked = 0;
      for (const prm of c.params.filter((q: { op: string }) => q.op === '~')) {
        const to = prm.lhs.replace('_', ' ');
        const from = prm.rhs.replace('_', ' ');
        const ours = r.paths.find((q) => q.to === to && q.from === from)!;
        expect(ours, `${from} → ${to}`).toBeDefined();
        rel(ours.estimate, prm.est, 1e-9);
        rel(ours.estimate, prm.est_optimised, 1e-4); // lavaan's own optimum stops ~1e-5 short
        rel(ours.se, prm.se, 1e-8);
        rel(ours.z, prm.z, 1e-8);
        expect(Math.abs(ours.p - prm.p)).toBeLessThanOrEqual(1e-8 + 1e-5 * prm.p);
        rel(ours.std, prm.std, 1e-8);
        checked++;
      }
      expect(checked).toBe(4 * (waves.length - 1));
    });
    it(`${key}: residual (co)variances`, () => {
      let checked = 0;
      for (const prm of c.params.filter((q: { op: string }) => q.op === '~~')) {
        const wave = prm.lhs.split('_')[1];
        const term = prm.lhs === prm.rhs ? prm.lhs.split('_')[0] : 'X~~Y';
        const ours = r.residuals.find((q) => q.wave === wave && q.term === term)!;
        rel(ours.estimate, prm.est, 1e-9);
        rel(ours.estimate, prm.est_optimised, 1e-3);
        rel(ours.se, prm.se, 1e-8);
        rel(ours.std, prm.std, 1e-8);
        checked++;
      }
      expect(checked).toBe(3 * (waves.length - 1));
    });
    it(`${key}: χ², df, CFI, TLI, RMSEA, SRMR, logLik, AIC, BIC`, () => {
      const f = c.fit;
      rel(r.fit.chisq, c.chisq_at_solution, 1e-9); // lavaan evaluated at the closed-form ML solution
      expect(r.fit.chisq).toBeLessThanOrEqual(f.chisq); // ... which fits at least as well as lavaan's optimum
      rel(r.fit.chisq, f.chisq, 1e-6);
      expect(r.fit.df).toBe(f.df);
      rel(r.fit.baselineChisq, f['baseline.chisq'], 1e-6);
      expect(r.fit.baselineDf).toBe(f['baseline.df']);
      rel(r.fit.cfi, f.cfi, 1e-6);
      rel(r.fit.tli, f.tli, 1e-6);
      rel(r.fit.rmsea, f.rmsea, 1e-6);
      rel(r.fit.srmr, c.srmr_at_solution, 1e-9);
      rel(r.fit.srmr, f.srmr, 1e-4);
      rel(r.fit.logLik, f.logl, 1e-8);
      expect(r.fit.logLik).toBeGreaterThanOrEqual(f.logl);
      rel(r.fit.unrestrictedLogLik, f['unrestricted.logl'], 1e-10);
      rel(r.fit.aic, f.aic, 1e-8);
      rel(r.fit.bic, f.bic, 1e-8);
      expect(r.apa()).toMatch(/^χ²\(\d+\) = [\d.]+, p < \.001, CFI = \.\d\d, TLI = \.\d\d, RMSEA = \.\d\d, SRMR = \.\d\d \(n = \d+ complete cases\)$/);
      expect(r.scope).toMatch(/not a random-intercept cross-lagged panel model/);
    });
  }
  it('errors are sentences', () => {
    expect(() => crossLaggedPanel({ x: [[1, 2, 3]], y: [[1, 2, 3]] })).toThrow(/at least two waves/);
    expect(() => crossLaggedPanel({ x: [[1, 2], [1, 2]], y: [[1, 2]] })).toThrow(/X has 2 waves but Y has 1/);
    expect(() => crossLaggedPanel({ x: [[1, 2, 3], [2, 3, 4]], y: [[1, 2, 3], [1, 2, 4]] })).toThrow(/only 3 participants/);
  });
});
