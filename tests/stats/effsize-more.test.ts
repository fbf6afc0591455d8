import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cohensH, cohensW, cramersV, numberNeededToTreat, phiCoefficient, riskRatio } from '../../src/stats/effsize/association.js';
import { cohensDOneSample, dOverlapMeasures, effectSizeFromT, etaSquaredFromF, omegaSquaredFromF } from '../../src/stats/effsize/from-test.js';
import { cohensD } from '../../src/stats/effsize/smd.js';
import { noncentralChiSquaredCdf, noncentralFCdf } from '../../src/stats/noncentral-f.js';

// R effectsize 0.8 and tight uniroot solutions of the same noncentral equations (tests/reference/effsize2.R → effsize2.json).
const ref = JSON.parse(readFileSync(new URL('../reference/effsize2.json', import.meta.url), 'utf8'));
const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('one-sample d and d / g from a reported t', () => {
  it('cohensDOneSample (μ₀ = 50) = effectsize cohens_d / hedges_g(x, mu); CI = tight ncp inversion', () => {
    const c = ref.one_sample;
    const d = cohensDOneSample(c.x, { mu: 50 });
    expect(rel(d.estimate, c.d)).toBeLessThan(1e-12);
    expect(rel(d.ci!.lower, c.tight[0])).toBeLessThan(1e-8);
    expect(rel(d.ci!.upper, c.tight[1])).toBeLessThan(1e-8);
    expect(rel(d.ci!.lower, c.d_lo)).toBeLessThan(1e-4);
    const g = cohensDOneSample(c.x, { mu: 50, correction: true });
    expect(rel(g.estimate, c.g)).toBeLessThan(1e-10);
    expect(rel(g.ci!.upper, c.g_hi)).toBeLessThan(1e-4);
    expect(g.symbol).toBe('g');
  });
  it('effectSizeFromT(t, n1, n2) equals cohensD on the raw data (estimate and CI)', () => {
    const c = ref.from_t;
    const d = effectSizeFromT({ t: c.t, n1: c.n1, n2: c.n2 });
    expect(rel(d.estimate, c.d)).toBeLessThan(1e-10);
    expect(rel(d.ci!.lower, c.tight[0])).toBeLessThan(1e-8);
    expect(rel(d.ci!.upper, c.tight[1])).toBeLessThan(1e-8);
    const dz = effectSizeFromT({ t: 2.5, n: 16 });
    expect(dz.estimate).toBeCloseTo(2.5 / 4, 14);
    expect(dz.symbol).toBe('d_z');
    expect(effectSizeFromT({ t: 2.5, n1: 12, n2: 15 }).estimate).toBeCloseTo(2.5 * Math.sqrt(1 / 12 + 1 / 15), 14);
    const raw = cohensD([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]);
    const fromT = effectSizeFromT({ t: raw.details.t as number, n1: 5, n2: 5 });
    expect(fromT.ci!.lower).toBeCloseTo(raw.ci!.lower, 10);
    expect(() => effectSizeFromT({ t: 2 })).toThrow(/give n1 and n2/);
  });
});

describe('η² and ω² from F, noncentral F and χ²', () => {
  const c = ref.eta;
  it('pf / pchisq with ncp', () => {
    // R pnbeta (AS 226) stops at errmax 1e-9
    expect(rel(noncentralFCdf(3, 2, 20, 4), c.pf_ncp)).toBeLessThan(1e-8);
    expect(rel(noncentralChiSquaredCdf(5, 2, 1.5), c.pchisq_ncp)).toBeLessThan(1e-12);
  });
  it('partial η² with two-sided and one-sided CIs (effectsize F_to_eta2); partial ω²', () => {
    const e = etaSquaredFromF(c.F, c.df1, c.df2);
    expect(rel(e.estimate, c.eta)).toBeLessThan(1e-12);
    expect(rel(e.ci!.lower, c.tight2[0])).toBeLessThan(1e-7);
    expect(rel(e.ci!.upper, c.tight2[1])).toBeLessThan(1e-7);
    expect(rel(e.ci!.lower, c.lo2)).toBeLessThan(1e-5);
    expect(rel(e.ci!.upper, c.hi2)).toBeLessThan(1e-5);
    const g = etaSquaredFromF(c.F, c.df1, c.df2, { alternative: 'greater' });
    expect(rel(g.ci!.lower, c.tight1_lo)).toBeLessThan(1e-7);
    expect(g.ci!.upper).toBe(1);
    expect(rel(omegaSquaredFromF(c.F, c.df1, c.df2).estimate, c.omega)).toBeLessThan(1e-12);
  });
});

describe('overlap measures of d (effectsize d_to_u3, d_to_overlap, d_to_p_superiority)', () => {
  it('values and CI transforms', () => {
    const o = ref.overlap;
    const m = dOverlapMeasures(0.5, { lower: -0.1, upper: 1.1 });
    expect(rel(m.u3, o.u3)).toBeLessThan(1e-12);
    expect(rel(m.overlap, o.ovl)).toBeLessThan(1e-12);
    expect(rel(m.probabilityOfSuperiority, o.ps)).toBeLessThan(1e-12);
    expect(rel(dOverlapMeasures(-0.8).u3, o.u3_neg)).toBeLessThan(1e-12);
    expect(rel(dOverlapMeasures(-0.8).overlap, o.ovl_neg)).toBeLessThan(1e-12);
    expect(m.ci!.overlap[1]).toBe(1);
    expect(m.ci!.u3[0]).toBeLessThan(0.5);
  });
});

describe('contingency effect sizes', () => {
  const t = ref.tables;
  const tab = [[12, 8, 5], [5, 15, 9]];
  it("Cramér's V (not corrected, two-sided CI), bias-corrected V, one-sided CI", () => {
    const v = cramersV(tab);
    expect(rel(v.estimate, t.V)).toBeLessThan(1e-12);
    expect(v.ci!.lower).toBe(0);
    expect(rel(v.ci!.upper, t.V_tight[1])).toBeLessThan(1e-7);
    expect(rel(v.ci!.upper, t.V_hi)).toBeLessThan(1e-5);
    const va = cramersV(tab, { adjust: true });
    expect(rel(va.estimate, t.V_adj)).toBeLessThan(1e-12);
    expect(va.symbol).toBe('V_adj');
    expect(va.method).toMatch(/bias-corrected/);
    expect(cramersV(tab, { alternative: 'greater' }).ci!.upper).toBe(1);
  });
  it("φ, Cohen's w, Cohen's h", () => {
    const p = phiCoefficient([[12, 8], [5, 15]]);
    expect(rel(p.estimate, t.phi)).toBeLessThan(1e-12);
    expect(rel(p.ci!.upper, t.phi_hi)).toBeLessThan(1e-5);
    const w = cohensW(tab);
    expect(rel(w.estimate, t.w)).toBeLessThan(1e-12);
    expect(rel(w.ci!.upper, t.w_hi)).toBeLessThan(1e-5);
    // effectsize's cohens_h(table) takes the columns as the groups: 12/17 vs 8/23
    const h = cohensH({ x1: 12, n1: 17, x2: 8, n2: 23 });
    expect(rel(h.estimate, t.h)).toBeLessThan(1e-12);
    expect(rel(h.ci!.lower, t.h_lo)).toBeLessThan(1e-10);
    expect(rel(h.ci!.upper, t.h_hi)).toBeLessThan(1e-10);
    expect(() => phiCoefficient([[1, 2, 3], [4, 5, 6]] as any)).toThrow(/2 × 2/);
  });
  it('risk ratio with the Katz log interval (effectsize 0.8.3 differs: columns as groups, wrong CI)', () => {
    const r = riskRatio([[12, 8], [5, 15]]);
    expect(r.estimate).toBeCloseTo(t.rr, 14);
    expect(rel(r.ci!.lower, t.rr_lo)).toBeLessThan(1e-12);
    expect(rel(r.ci!.upper, t.rr_hi)).toBeLessThan(1e-12);
    expect(rel(r.ci!.lower, t.rr_effectsize_0_8_3[1])).toBeGreaterThan(0.1);
    expect(() => riskRatio([[0, 8], [5, 15]])).toThrow(/no events/);
  });
  it('NNT = 1/RD with the inverted Newcombe interval', () => {
    const n = numberNeededToTreat([[12, 8], [5, 15]]);
    expect(n.estimate).toBeCloseTo(1 / 0.35, 12);
    expect(n.ci!.lower).toBeGreaterThan(1);
    const wide = numberNeededToTreat([[6, 8], [5, 9]]);
    expect(wide.notes.join(' ')).toMatch(/includes 0/);
  });
});

describe('oneWayAnova(...).etaSquaredCI = effectsize eta_squared(aov) CI', () => {
  it('two-sided and one-sided', async () => {
    const { oneWayAnova } = await import('../../src/stats/anova.js');
    const c = ref.oneway_eta;
    const a = oneWayAnova(c.y, c.g);
    expect(rel(a.etaSquared, c.eta)).toBeLessThan(1e-12);
    const ci = a.etaSquaredCI();
    expect(ci.lower).toBe(0);
    expect(rel(ci.upper, c.hi)).toBeLessThan(1e-5);
    expect(rel(a.etaSquaredCI(0.95, 'greater').lower, c.lo_greater)).toBeLessThan(1e-5);
  });
});
