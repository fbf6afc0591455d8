import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { oneWayAnova, twoWayAnova } from '../../src/stats/anova.js';
import { effectSizeFromF, effectSizeFromT, epsilonSquaredFromF, omegaSquaredFromF } from '../../src/stats/effsize/from-test.js';
import { cohensD } from '../../src/stats/effsize/smd.js';
import { tTestPaired } from '../../src/stats/ttest.js';
import { friedmanTest, kendallsW, kruskalWallis, rankEpsilonSquared } from '../../src/stats/k-sample-tests.js';

// effectsize 0.8.3 and tight uniroot solutions of the same noncentral-F equations; R's bootstrap CIs over 20 seeds
// (tests/reference/effsize3.R → effsize3.json).
const ref = JSON.parse(readFileSync(new URL('../reference/effsize3.json', import.meta.url), 'utf8'));
const rel = (a: number, b: number) => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));
// effectsize's optim stops near 1e-5; the tight limits are the same equations solved by uniroot to 1e-13. The
// measures are bounded in [0, 1] and pf with ncp (R's pnbeta) is accurate to ~1e-9, so the tight comparison is
// absolute: 1e-8.
const OPTIM = 2e-5;
const TIGHT = 1e-8;
const diff = (a: number, b: number) => Math.abs(a - b);

describe('ω² and ε² from F with noncentral-F CIs (effectsize F_to_omega2 / F_to_epsilon2)', () => {
  for (const c of ref.from_F) {
    it(`F(${c.df1}, ${c.df2}) = ${c.F}: estimates, two-sided and one-sided CIs`, () => {
      const o = omegaSquaredFromF(c.F, c.df1, c.df2);
      expect(rel(Math.max(0, o.estimate), c.omega)).toBeLessThan(1e-12);
      expect(diff(o.ci!.lower, c.omega_tight[0])).toBeLessThan(TIGHT);
      expect(diff(o.ci!.upper, c.omega_tight[1])).toBeLessThan(TIGHT);
      expect(Math.abs(o.ci!.lower - c.omega_lo)).toBeLessThan(OPTIM);
      expect(Math.abs(o.ci!.upper - c.omega_hi)).toBeLessThan(OPTIM);
      expect(o.ci!.method).toMatch(/two-sided/);
      const og = omegaSquaredFromF(c.F, c.df1, c.df2, { alternative: 'greater' });
      expect(diff(og.ci!.lower, c.omega_tight_greater[0])).toBeLessThan(TIGHT);
      expect(Math.abs(og.ci!.lower - c.omega_greater_lo)).toBeLessThan(OPTIM);
      expect(og.ci!.upper).toBe(1);
      expect(og.ci!.method).toMatch(/one-sided \(greater; upper bound fixed at 1\)/);
      // the one-sided 95% lower limit is the two-sided 90% lower limit
      expect(diff(omegaSquaredFromF(c.F, c.df1, c.df2, { level: 0.9 }).ci!.lower, c.omega_tight_90[0])).toBeLessThan(TIGHT);
      expect(diff(omegaSquaredFromF(c.F, c.df1, c.df2, { level: 0.9 }).ci!.upper, c.omega_tight_90[1])).toBeLessThan(TIGHT);
      const e = epsilonSquaredFromF(c.F, c.df1, c.df2);
      expect(rel(Math.max(0, e.estimate), c.epsilon)).toBeLessThan(1e-12);
      expect(diff(e.ci!.lower, c.epsilon_tight[0])).toBeLessThan(TIGHT);
      expect(diff(e.ci!.upper, c.epsilon_tight[1])).toBeLessThan(TIGHT);
      expect(Math.abs(e.ci!.upper - c.epsilon_hi)).toBeLessThan(OPTIM);
      const eg = epsilonSquaredFromF(c.F, c.df1, c.df2, { alternative: 'greater' });
      expect(diff(eg.ci!.lower, c.epsilon_tight_greater[0])).toBeLessThan(TIGHT);
      expect(Math.abs(eg.ci!.lower - c.epsilon_greater_lo)).toBeLessThan(OPTIM);
    });
  }
  it('a negative ω² is reported as computed, with a note, and its CI starts from 0', () => {
    const o = omegaSquaredFromF(0.8, 2, 30);
    expect(o.estimate).toBeLessThan(0);
    expect(o.notes.join(' ')).toMatch(/negative/);
    expect(o.ci!.lower).toBe(0);
    expect(o.ci!.upper).toBe(0);
  });
  it('clear errors for impossible input', () => {
    expect(() => omegaSquaredFromF(-1, 2, 30)).toThrow(/F ≥ 0/);
    expect(() => epsilonSquaredFromF(2, 0, 30)).toThrow(/positive df/);
    // @ts-expect-error: wrong alternative on purpose
    expect(() => omegaSquaredFromF(2, 2, 30, { alternative: 'less' })).toThrow(/two-sided' or 'greater/);
  });
});

describe('ANOVA results: ω² / ε² CIs as effectsize omega_squared / epsilon_squared', () => {
  it('one-way ANOVA (non-partial ω², ε²; both alternatives)', () => {
    const c = ref.oneway;
    const r = oneWayAnova(c.y, c.g);
    expect(rel(r.F, c.F)).toBeLessThan(1e-10);
    expect(rel(r.omegaSquared, c.omega)).toBeLessThan(1e-10);
    expect(rel(r.epsilonSquared, c.epsilon)).toBeLessThan(1e-10);
    const o = r.omegaSquaredCI();
    expect(diff(o.lower, c.omega_tight[0])).toBeLessThan(TIGHT);
    expect(diff(o.upper, c.omega_tight[1])).toBeLessThan(TIGHT);
    expect(Math.abs(o.lower - c.omega_lo)).toBeLessThan(OPTIM);
    expect(Math.abs(o.upper - c.omega_hi)).toBeLessThan(OPTIM);
    const og = r.omegaSquaredCI(0.95, 'greater');
    expect(diff(og.lower, c.omega_tight_greater[0])).toBeLessThan(TIGHT);
    expect(og.upper).toBe(1);
    const e = r.epsilonSquaredCI();
    expect(diff(e.lower, c.epsilon_tight[0])).toBeLessThan(TIGHT);
    expect(diff(e.upper, c.epsilon_tight[1])).toBeLessThan(TIGHT);
    expect(Math.abs(r.epsilonSquaredCI(0.95, 'greater').lower - c.epsilon_greater_lo)).toBeLessThan(OPTIM);
    expect(r.toJSON().epsilonSquared).toBe(r.epsilonSquared);
  });
  it('two-way ANOVA type III: partial ω² and ε² per term with CIs', () => {
    const c = ref.twoway;
    const r = twoWayAnova({ outcome: c.y, a: c.a, b: c.b });
    const terms = ['A', 'B', 'A × B'];
    terms.forEach((t, i) => {
      const row = r.row(t);
      expect(rel(row.F, c.F[i])).toBeLessThan(1e-8);
      expect(rel(Math.max(0, row.partialOmegaSquared), c.omega[i])).toBeLessThan(1e-8);
      expect(rel(Math.max(0, row.partialEpsilonSquared), c.epsilon[i])).toBeLessThan(1e-8);
      const o = r.partialEffectSizeCI(t, 'omega');
      expect(diff(o.lower, c.omega_tight[i][0])).toBeLessThan(TIGHT);
      expect(diff(o.upper, c.omega_tight[i][1])).toBeLessThan(TIGHT);
      expect(Math.abs(o.upper - c.omega_hi[i])).toBeLessThan(OPTIM);
      expect(Math.abs(r.partialEffectSizeCI(t, 'omega', 0.95, 'greater').lower - c.omega_greater_lo[i])).toBeLessThan(OPTIM);
      const e = r.partialEffectSizeCI(t, 'epsilon');
      expect(diff(e.lower, c.epsilon_tight[i][0])).toBeLessThan(TIGHT);
      expect(diff(e.upper, c.epsilon_tight[i][1])).toBeLessThan(TIGHT);
      expect(Math.abs(e.lower - c.epsilon_lo[i])).toBeLessThan(OPTIM);
      // effectsize's optim() stops short for A × B (F* < 1): its upper limit is 0.005 below the root of its own
      // equation; we match the root (the tight uniroot solution) there and effectsize everywhere else
      if (c.effectsize_optim_gap[i] < OPTIM) expect(Math.abs(e.upper - c.epsilon_hi[i])).toBeLessThan(OPTIM);
    });
    expect(c.effectsize_optim_gap[2]).toBeGreaterThan(1e-3);
    expect(() => r.partialEffectSizeCI('Residuals', 'omega')).toThrow(/Residuals/);
    expect(() => r.partialEffectSizeCI('C', 'omega')).toThrow(/No term "C"/);
  });
});

// Bootstrap CIs: our generator is not R's, so the endpoints cannot be equal. effsize3.R ran effectsize's CI with
// 2000 resamples under 20 seeds; its endpoints have Monte-Carlo SD s. Ours (also 2000 resamples, same percentile
// rule of boot.ci) estimates the same quantity with the same SD, so ours − mean(R) has SD s·√(1 + 1/20):
// we require |ours − mean(R)| < 4·s·√(1 + 1/20) for each endpoint (a 4-SD band: a wrong resampling scheme —
// e.g. pooled instead of within-group, or rows split — moves the endpoints by far more, tested below).
const band = (sdR: number) => 4 * sdR * Math.sqrt(1 + 1 / 20);

describe('rank ε² (Kruskal–Wallis) with a percentile-bootstrap CI (effectsize rank_epsilon_squared)', () => {
  const c = ref.rank_epsilon;
  it('point estimate = effectsize (1e-10) and = H/(N − 1) of kruskalWallis', () => {
    const r = rankEpsilonSquared(c.y, c.g);
    expect(rel(r.estimate, c.estimate)).toBeLessThan(1e-10);
    expect(rel(r.details.H as number, c.H)).toBeLessThan(1e-10);
    expect(rel(r.estimate, kruskalWallis(c.y, c.g).effectSize.value)).toBeLessThan(1e-14);
    expect(r.ci).toBeNull();
  });
  it('two-sided and one-sided CIs lie within R’s Monte-Carlo band; method named; seeded', () => {
    expect(c.ci_method).toBe('percentile bootstrap');
    const r = rankEpsilonSquared(c.y, c.g, { ci: { seed: 15 } });
    expect(Math.abs(r.ci!.lower - c.two_sided.lo_mean)).toBeLessThan(band(c.two_sided.lo_sd));
    expect(Math.abs(r.ci!.upper - c.two_sided.hi_mean)).toBeLessThan(band(c.two_sided.hi_sd));
    expect(r.ci!.method).toMatch(/^percentile bootstrap, 2,000 resamples within each of 4 groups \(seed 15\), two-sided$/);
    const g = rankEpsilonSquared(c.y, c.g, { ci: { seed: 15, alternative: 'greater' } });
    expect(Math.abs(g.ci!.lower - c.greater.lo_mean)).toBeLessThan(band(c.greater.lo_sd));
    expect(g.ci!.upper).toBe(1);
    expect(g.ci!.method).toMatch(/one-sided \(greater; lower limit of the 90% interval, upper bound fixed at 1\)/);
    // same seed, same interval; another seed, another (but close) interval
    expect(rankEpsilonSquared(c.y, c.g, { ci: { seed: 15 } }).ci).toEqual(r.ci);
    const other = rankEpsilonSquared(c.y, c.g, { ci: { seed: 16 } }).ci!;
    expect(other.lower).not.toBe(r.ci!.lower);
    expect(r.apa()).toMatch(/^ε²_R = \.10, 95% CI \[\.\d\d, \.\d\d\]$/);
  });
  it('control: pooled resampling (ignoring groups) gives a CI outside the band', () => {
    // resampling everybody into one pool destroys the group differences: the CI collapses towards 0
    const r = rankEpsilonSquared(c.y, c.g.map(() => 'all').map((_: string, i: number) => (i % 2 ? 'a' : 'b')), { ci: { seed: 15 } });
    expect(Math.abs(r.ci!.upper - c.two_sided.hi_mean)).toBeGreaterThan(band(c.two_sided.hi_sd));
  });
  it('errors', () => {
    expect(() => rankEpsilonSquared([1, 1, 1, 1], ['a', 'a', 'b', 'b'])).toThrow(/all values are equal/);
    expect(() => rankEpsilonSquared([1, 2, 3], ['a', 'a', 'a'])).toThrow(/at least 2 groups/);
    expect(() => rankEpsilonSquared(c.y, c.g, { ci: { seed: 1, level: 0.4, alternative: 'greater' } })).toThrow(/level > 0.5/);
    expect(rankEpsilonSquared([1, 2, 3, 4, 9], ['a', 'a', 'b', 'b', 'c']).estimate).toBeGreaterThan(0);
    expect(() => rankEpsilonSquared([1, 2, 3, 4, 9], ['a', 'a', 'b', 'b', 'c'], { ci: { seed: 1 } })).toThrow(/group "c" has 1 value/);
  });
});

describe("Kendall's W (Friedman) with a percentile-bootstrap CI over participants (effectsize kendalls_w)", () => {
  const c = ref.kendalls_w;
  it('point estimate = effectsize (tie formula; 1e-10) and = χ²_F/(n(k − 1))', () => {
    const w = kendallsW(c.conditions);
    expect(rel(w.estimate, c.estimate)).toBeLessThan(1e-10);
    expect(rel(w.details.chiSquared as number, c.chi)).toBeLessThan(1e-10);
    expect(rel(w.estimate, friedmanTest(c.conditions).effectSize.value)).toBeLessThan(1e-14);
  });
  it('two-sided and one-sided CIs lie within R’s Monte-Carlo band; method named', () => {
    expect(c.ci_method).toBe('percentile bootstrap');
    const w = kendallsW(c.conditions, { ci: { seed: 15 } });
    expect(Math.abs(w.ci!.lower - c.two_sided.lo_mean)).toBeLessThan(band(c.two_sided.lo_sd));
    expect(Math.abs(w.ci!.upper - c.two_sided.hi_mean)).toBeLessThan(band(c.two_sided.hi_sd));
    expect(w.ci!.method).toMatch(/resamples of participants \(whole rows\) \(seed 15\), two-sided/);
    const g = kendallsW(c.conditions, { ci: { seed: 15, alternative: 'greater' } });
    expect(Math.abs(g.ci!.lower - c.greater.lo_mean)).toBeLessThan(band(c.greater.lo_sd));
    expect(g.ci!.upper).toBe(1);
  });
  it('control: resampling each condition separately (breaking the rows) gives a CI outside the band', () => {
    // independent columns have no concordance: a bootstrap that broke the rows would centre near 0
    const shuffled = c.conditions.map((col: number[], j: number) => col.map((_, i) => col[(i * (j + 2)) % col.length]));
    const w = kendallsW(shuffled, { ci: { seed: 15 } });
    expect(Math.abs(w.ci!.upper - c.two_sided.hi_mean) > band(c.two_sided.hi_sd) || Math.abs(w.ci!.lower - c.two_sided.lo_mean) > band(c.two_sided.lo_sd)).toBe(true);
  });
  it('listwise and errors', () => {
    const w = kendallsW([[1, 2, 3, null], [2, 3, 1, 4], [3, 1, 2, 5]]);
    expect(w.n.participants).toBe(3);
    expect(w.missing).toBe(1);
    expect(() => kendallsW([[1, 1], [1, 1]])).toThrow(/same value in all conditions/);
  });
});

describe('|d| from a reported F(1, df) (for reading published ANOVAs)', () => {
  it('two groups: equals cohensD on the raw data up to the sign (estimate and noncentral-t CI)', () => {
    const x = [5, 6, 7, 8, 9, 7, 6];
    const y = [3, 4, 5, 6, 7, 5, 4, 6];
    const raw = cohensD(x, y);
    const F = (raw.details.t as number) ** 2;
    const d = effectSizeFromF({ F, n1: 7, n2: 8 });
    expect(Math.abs(d.estimate - Math.abs(raw.estimate))).toBeLessThan(1e-12);
    expect(Math.abs(d.ci!.lower - raw.ci!.lower)).toBeLessThan(1e-9);
    expect(Math.abs(d.ci!.upper - raw.ci!.upper)).toBeLessThan(1e-9);
    expect(d.symbol).toBe('|d|');
    expect(d.notes.join(' ')).toMatch(/no sign/);
    expect(effectSizeFromF({ F, n1: 7, n2: 8, df1: 1 }, { correction: true }).estimate).toBeCloseTo(effectSizeFromT({ t: Math.sqrt(F), n1: 7, n2: 8 }, { correction: true }).estimate, 14);
  });
  it('one group, two conditions: d_z = √F/√n (F of a two-condition RM ANOVA = paired t²)', () => {
    const pre = [10, 12, 9, 14, 11, 13];
    const post = [12, 15, 9, 17, 12, 16];
    const t = tTestPaired(post, pre, { effectSize: false }).statistic;
    expect(effectSizeFromF({ F: t * t, n: 6 }).estimate).toBeCloseTo(Math.abs(t) / Math.sqrt(6), 13);
  });
  it('an F with more than one numerator df is refused with a sentence', () => {
    expect(() => effectSizeFromF({ F: 4, df1: 2, n1: 10, n2: 10 })).toThrow(/no single d; use etaSquaredFromF/);
    expect(() => effectSizeFromF({ F: -1, n: 5 })).toThrow(/≥ 0/);
  });
});
