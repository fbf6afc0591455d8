import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bayesTTestFromT } from '../../src/stats/bayes-factor.js';

// Rouder, Speckman, Sun, Morey & Iverson (2009), Psychonomic Bulletin & Review 16, 225–237: the worked example and the
// critical-t construction, with the paper's prior scale r = 1 and today's default r = √2/2
// (tests/reference/rouder2009.R → rouder2009.json: BayesFactor 0.9 ttest.tstat; the example's B01 as reproduced by the
// bayesplay test suite).
const ref = JSON.parse(readFileSync(new URL('../reference/rouder2009.json', import.meta.url), 'utf8'));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('Rouder et al. (2009) one-sample example: t = 2.03, N = 80 (p = .046)', () => {
  const e = ref.example;
  it('r = 1 (the paper): B01 = 1.557447, i.e. the data slightly favour the null although p < .05', () => {
    const r = bayesTTestFromT({ t: e.t, n: e.n }, { r: 1 });
    expect(rel(r.bf01, e.bf01_r1)).toBeLessThan(1e-6);
    expect(rel(r.bf01, e.bf01_bayesplay)).toBeLessThan(1e-6); // the published figure, 7 digits
    expect(r.apa()).toBe('BF₁₀ = 0.64 (BF₀₁ = 1.56)');
    expect(r.prior).toMatch(/r = 1\b/);
  });
  it('r = √2/2 (JASP / BayesFactor default): B01 = 1.161', () => {
    const r = bayesTTestFromT({ t: e.t, n: e.n });
    expect(rel(r.bf01, e.bf01_medium)).toBeLessThan(1e-6);
    expect(r.bf01).toBeLessThan(bayesTTestFromT({ t: e.t, n: e.n }, { r: 1 }).bf01); // a wider prior favours H₀ more
  });
});

// t at which BF₁₀ = target, by bisection on our own Bayes factor (BF₁₀ increases with |t|)
function criticalT(target: number, n: number, r: number): number {
  let lo = 0;
  let hi = 8;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (bayesTTestFromT({ t: mid, n }, { r }).bf10 < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('Rouder et al. (2009) critical t values: the t needed for BF₁₀ = 3 and 10 grows with N, unlike p = .05', () => {
  for (const c of ref.critical) {
    it(`r = ${c.r.toFixed(3)}, N = ${c.n}`, () => {
      // our BF at BayesFactor's critical t is the target (1e-6), and our critical t equals BayesFactor's (1e-6)
      expect(rel(bayesTTestFromT({ t: c.t_bf10_3, n: c.n }, { r: c.r }).bf10, 3)).toBeLessThan(1e-6);
      expect(rel(bayesTTestFromT({ t: c.t_bf10_10, n: c.n }, { r: c.r }).bf10, 10)).toBeLessThan(1e-6);
      expect(rel(criticalT(3, c.n, c.r), c.t_bf10_3)).toBeLessThan(1e-6);
      expect(rel(bayesTTestFromT({ t: 0, n: c.n }, { r: c.r }).bf10, c.bf10_at_t0)).toBeLessThan(1e-6);
      if (c.t_bf01_3 !== null) expect(rel(bayesTTestFromT({ t: c.t_bf01_3, n: c.n }, { r: c.r }).bf01, 3)).toBeLessThan(1e-6);
      else expect(bayesTTestFromT({ t: 0, n: c.n }, { r: c.r }).bf01).toBeLessThan(3); // BF₀₁ = 3 unreachable at this N
      if (c.t_bf01_10 !== null) expect(rel(bayesTTestFromT({ t: c.t_bf01_10, n: c.n }, { r: c.r }).bf01, 10)).toBeLessThan(1e-6);
    });
  }
  it('the paper’s point: for N ≥ 20 the t of p = .05 gives BF₁₀ < 3 (r = 1), and at N = 10,000 even BF₁₀ < 1', () => {
    for (const c of ref.critical.filter((x: { r: number; n: number }) => x.r === 1 && x.n >= 20)) {
      expect(bayesTTestFromT({ t: c.t_p05, n: c.n }, { r: 1 }).bf10).toBeLessThan(3);
    }
    const big = ref.critical.find((x: { r: number; n: number }) => x.r === 1 && x.n === 10000);
    expect(bayesTTestFromT({ t: big.t_p05, n: 10000 }, { r: 1 }).bf10).toBeLessThan(1);
  });
});

describe('two-sample form (effective N = n₁n₂/(n₁ + n₂), ν = n₁ + n₂ − 2) against BayesFactor ttest.tstat(t, n1, n2)', () => {
  for (const c of ref.two_sample) {
    it(`t = ${c.t}, n = ${c.n1} + ${c.n2}`, () => {
      expect(rel(bayesTTestFromT({ t: c.t, n1: c.n1, n2: c.n2 }, { r: 1 }).bf10, c.bf10_r1)).toBeLessThan(1e-6);
      expect(rel(bayesTTestFromT({ t: c.t, n1: c.n1, n2: c.n2 }).bf10, c.bf10_medium)).toBeLessThan(1e-6);
    });
  }
});
