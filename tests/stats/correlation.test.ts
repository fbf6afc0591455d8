import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { correlationMatrix, correlationTest, fisherZInterval, partialCorrelation, type CorrelationMethod } from '../../src/stats/correlation.js';
import { pointBiserial } from '../../src/stats/effsize/correlation.js';

// R 4.2 cor.test (all methods, alternatives, exact and asymptotic), psych corr.test / partial.r
// (tests/reference/correlation.R → correlation.json; data simulated there).
const ref = JSON.parse(readFileSync(new URL('../reference/correlation.json', import.meta.url), 'utf8'));

function rel(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
const ALT = { 'two.sided': 'two-sided', less: 'less', greater: 'greater' } as const;

describe('correlationTest against cor.test', () => {
  for (const [name, c] of Object.entries<any>(ref.tests)) {
    for (const [ra, alt] of Object.entries(ALT)) {
      it(`${name} (${c.method}), ${alt}: estimate, statistic, p${c.method === 'pearson' ? ', CI' : ''}`, () => {
        const r = correlationTest(c.x, c.y, { method: c.method as CorrelationMethod, alternative: alt });
        const e = c[ra];
        expect(rel(r.r, e.estimate), 'estimate').toBeLessThan(1e-12);
        expect(rel(r.statistic, e.statistic), `statistic ${r.statistic} vs ${e.statistic}`).toBeLessThan(1e-10);
        expect(rel(r.p, e.p), `p ${r.p} vs ${e.p}`).toBeLessThan(1e-10);
        if (e.ci) {
          expect(rel(r.ci!.lower, e.ci[0])).toBeLessThan(1e-12);
          expect(rel(r.ci!.upper, e.ci[1])).toBeLessThan(1e-12);
        }
        if (alt === 'two-sided') {
          expect(rel(r.ci!.lower, c.fisher_ci[0])).toBeLessThan(1e-12);
          expect(rel(r.ci!.upper, c.fisher_ci[1])).toBeLessThan(1e-12);
        }
      });
    }
  }
  it('exact vs asymptotic labels, continuity correction, forced asymptotic', () => {
    expect(correlationTest(ref.tests.spearman7.x, ref.tests.spearman7.y, { method: 'spearman' }).exact).toBe(true);
    expect(correlationTest(ref.tests.spearman_ties.x, ref.tests.spearman_ties.y, { method: 'spearman' }).exact).toBe(false);
    expect(correlationTest(ref.tests.kendall60.x, ref.tests.kendall60.y, { method: 'kendall' }).exact).toBe(false);
    const sc = correlationTest(ref.tests.spearman_ties.x, ref.tests.spearman_ties.y, { method: 'spearman', continuity: true });
    expect(rel(sc.p, ref.spearman_continuity)).toBeLessThan(1e-10);
    const kc = correlationTest(ref.tests.kendall_ties.x, ref.tests.kendall_ties.y, { method: 'kendall', continuity: true });
    expect(rel(kc.p, ref.kendall_continuity)).toBeLessThan(1e-10);
    const sa = correlationTest(ref.tests.spearman25.x, ref.tests.spearman25.y, { method: 'spearman', exact: false });
    expect(rel(sa.p, ref.spearman25_asymptotic)).toBeLessThan(1e-10);
    const withTies = correlationTest(ref.tests.kendall_ties.x, ref.tests.kendall_ties.y, { method: 'kendall', exact: true });
    expect(withTies.notes.join(' ')).toMatch(/Cannot compute an exact p-value with ties/);
  });
  it('TSDoc examples and APA', () => {
    const r = correlationTest([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]);
    expect(rel(r.r, ref.example.r)).toBeLessThan(1e-12);
    expect(rel(r.p, ref.example.p)).toBeLessThan(1e-10);
    expect(r.apa()).toBe('r(4) = .83, p = .042, 95% CI [.05, .98]');
    expect(rel(correlationTest([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5], { method: 'kendall' }).p, ref.example.kendall_p)).toBeLessThan(1e-12);
    const ci = fisherZInterval(0.5, 20);
    expect(rel(ci.lower, ref.example.ci_r05_n20[0])).toBeLessThan(1e-12);
    expect(rel(ci.upper, ref.example.ci_r05_n20[1])).toBeLessThan(1e-12);
    expect(correlationTest(ref.tests.kendall12.x, ref.tests.kendall12.y, { method: 'kendall' }).apa()).toMatch(/^τ_b = -?\.\d\d, p [=<] \.\d{3}, 95% CI \[/);
    expect(correlationTest(ref.tests.spearman25.x, ref.tests.spearman25.y, { method: 'spearman' }).apa()).toMatch(/^r_s\(23\) = /);
  });
  it('point-biserial uses the same Fisher-z interval', () => {
    const pb = pointBiserial([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]);
    const ci = fisherZInterval(pb.estimate, 10);
    expect(pb.ci!.lower).toBe(ci.lower);
    expect(pb.ci!.upper).toBe(ci.upper);
  });
  it('errors', () => {
    expect(() => correlationTest([1, 2], [3, 4])).toThrow(/at least 3 complete pairs/);
    expect(() => correlationTest([1, 1, 1], [3, 4, 5])).toThrow(/constant/);
    expect(() => correlationTest([1, 2, 3], [3, 4])).toThrow(/same length/);
  });
});

describe('partialCorrelation against psych::partial.r and the residual method', () => {
  const c = ref.partial;
  it('Pearson: r, t, df, p, CI', () => {
    const r = partialCorrelation(c.x, c.y, { z1: c.z1, z2: c.z2 });
    expect(rel(r.r, c.r)).toBeLessThan(1e-10);
    expect(rel(r.r, c.r_resid)).toBeLessThan(1e-10);
    expect(rel(r.statistic, c.t)).toBeLessThan(1e-10);
    expect(r.df).toBe(c.df);
    expect(rel(r.p, c.p)).toBeLessThan(1e-9);
    expect(rel(r.ci!.lower, c.ci[0])).toBeLessThan(1e-10);
    expect(rel(r.ci!.upper, c.ci[1])).toBeLessThan(1e-10);
    expect(r.missing).toBe(1);
  });
  it('Spearman (on ranks) and the TSDoc example', () => {
    expect(rel(partialCorrelation(c.x, c.y, { z1: c.z1, z2: c.z2 }, { method: 'spearman' }).r, c.r_spearman)).toBeLessThan(1e-10);
    expect(rel(partialCorrelation([1, 2, 3, 4, 5, 6, 7], [2, 1, 4, 3, 7, 5, 6], { z: [1, 2, 1, 3, 2, 4, 3] }).r, ref.partial_example)).toBeLessThan(1e-10);
    expect(() => partialCorrelation([1, 2, 3], [1, 2, 3], {})).toThrow(/at least one control/);
    expect(() => partialCorrelation([1, 2, 3, 4], [1, 3, 2, 4], { z: [1, 2, 2, 1] })).toThrow(/too few/);
  });
});

describe('correlationMatrix against psych::corr.test (pairwise, holm)', () => {
  const c = ref.matrix;
  it('Pearson r, n, raw and holm-adjusted p', () => {
    const m = correlationMatrix(c.data);
    expect(m.pairs.length).toBe(6);
    m.pairs.forEach((q, i) => {
      expect(rel(q.r, c.r[i])).toBeLessThan(1e-12);
      expect(q.n).toBe(c.n[i]);
      expect(rel(q.p, c.p_raw[i]), `p ${q.x}-${q.y}`).toBeLessThan(1e-9);
      expect(rel(q.pAdjusted, c.p_adj[i]), `p adj ${q.x}-${q.y}`).toBeLessThan(1e-9);
    });
    expect(m.r[0][1]).toBe(m.pair('b', 'a').r);
    expect(m.apa()).toMatch(/^a–b: r = \.\d\d, p \(holm\) [=<] /);
  });
  it('Kendall: cor.test p-values adjusted by p.adjust(holm)', () => {
    const m = correlationMatrix(c.data, { method: 'kendall' });
    m.pairs.forEach((q, i) => {
      expect(rel(q.r, c.kendall_r[i])).toBeLessThan(1e-12);
      expect(rel(q.pAdjusted, c.kendall_p_holm[i])).toBeLessThan(1e-9);
    });
    expect(correlationMatrix({ a: [1, 2, 3, 4, 5], b: [2, 1, 4, 3, 5], c: [5, 3, 4, 1, 2] }).pair('a', 'b').r).toBeCloseTo(0.8, 14);
  });
});
