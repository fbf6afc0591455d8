import { describe, expect, it } from 'vitest';
import { analyzeGas, analyzePrePost } from '../../src/designs/index.js';
import { fmt, fmtP } from '../../src/stats/apa.js';
import { REF, expectClose, scoredSample } from './helpers.js';

describe('analyzePrePost on synthetic-1997-prepost.csv against R (tests/reference/designs.R)', async () => {
  const { scores, records } = await scoredSample('prepost-1997');
  const r = analyzePrePost(scores, { records });

  it('analyses every non-GAS scale, in the order R lists them', () => {
    expect(r.outcomes.map((o) => o.outcome)).toEqual(REF.prepost.map((x: { outcome: string }) => x.outcome));
  });

  for (const ref of REF.prepost) {
    it(`${ref.outcome}: descriptives, paired t, Holm, d_z, d_av (1e-6)`, () => {
      const o = r.outcomes.find((x) => x.outcome === ref.outcome)!;
      expect(o.n).toBe(ref.n);
      expect(o.df).toBe(ref.df);
      const pairs: Array<[keyof typeof o, string]> = [
        ['meanPre', 'mean_pre'], ['sdPre', 'sd_pre'], ['meanPost', 'mean_post'], ['sdPost', 'sd_post'],
        ['meanChange', 'mean_change'], ['changeLower', 'change_lower'], ['changeUpper', 'change_upper'],
        ['t', 't'], ['p', 'p'], ['pHolm', 'p_holm'], ['dz', 'd_z'], ['dav', 'd_av'],
      ];
      for (const [k, rk] of pairs) expectClose(o[k] as number, ref[rk], 1e-6, `${ref.outcome} ${String(k)}`);
      expectClose(o.davLower, ref.d_av_lower, 1e-6, 'd_av lower (closed form)');
      expectClose(o.davUpper, ref.d_av_upper, 1e-6, 'd_av upper (closed form)');
      // CI by noncentral-t inversion (iterative): effectsize::cohens_d(paired = TRUE)
      expectClose(o.dzLower, ref.d_z_lower, 1e-4, 'd_z lower (ncp)', 1e-6);
      expectClose(o.dzUpper, ref.d_z_upper, 1e-4, 'd_z upper (ncp)', 1e-6);
    });
    it(`${ref.outcome}: reliability and Jacobson–Truax reliably improved`, () => {
      const o = r.outcomes.find((x) => x.outcome === ref.outcome)!;
      if (ref.reliability === null) {
        expect(o.reliabilitySource).toBe('none');
        expect(Number.isNaN(o.improvedShare)).toBe(true);
        expect(o.error).toMatch(/count scale/);
      } else {
        expect(o.reliabilitySource).toBe(ref.outcome.startsWith('psoc') ? 'definition' : 'alpha-items');
        expectClose(o.reliability, ref.reliability, 1e-6, `${ref.outcome} reliability (psych::alpha)`);
        expectClose(o.sDiff, ref.s_diff, 1e-6, `${ref.outcome} S_diff`);
        expect(o.improved).toBe(ref.improved);
      }
    });
  }

  it('writes APA sentences with the numbers of the row', () => {
    const i = r.outcomes.findIndex((o) => o.outcome === 'nosik:total');
    const o = r.outcomes[i];
    const s = r.sentences[i];
    expect(s).toContain(`t(${o.df}) = ${fmt(o.t)}, ${fmtP(o.p)}`);
    expect(s).toContain(`d_z = ${fmt(o.dz)}, 95% CI [${fmt(o.dzLower)}, ${fmt(o.dzUpper)}]`);
    expect(s).toContain(`${o.improved} of ${o.n} reliably improved`);
    // the R values, rounded as APA prints them
    const ref = REF.prepost.find((x: { outcome: string }) => x.outcome === 'nosik:total');
    expect(s).toContain(`t(${ref.df}) = ${ref.t.toFixed(2)}`);
  });

  it('says in the notes when α was estimated from the items', () => {
    expect(r.notes.some((n) => n.startsWith("NOSIK: Total parenting stress: r = Cronbach's α"))).toBe(true);
    expect(r.methodsNote).toMatch(/paired t-test/);
    expect(r.missingHandling).toBe('listwise');
  });

  it('has a forest plot, and paired slope, change distribution and Jacobson–Truax charts', () => {
    const kinds = new Set(r.charts.map((c) => c.kind));
    for (const k of ['forest', 'paired-slope', 'change-distribution', 'jacobson-truax']) expect(kinds.has(k as never)).toBe(true);
  });

  it('toJSON is plain JSON (NaN → null) that keeps every row', () => {
    const j = JSON.parse(JSON.stringify(r.toJSON()));
    expect(j.design).toBe('pre-post');
    expect(j.outcomes).toHaveLength(REF.prepost.length);
    expect(j.outcomes.find((o: { outcome: string }) => o.outcome === 'life-events:total').improvedShare).toBeNull();
  });

  it('restricts to the requested outcomes (the @example)', () => {
    const one = analyzePrePost(scores, { outcomes: ['psoc:total'], records });
    expect(one.outcomes).toHaveLength(1);
    const ref = REF.prepost.find((x: { outcome: string }) => x.outcome === 'psoc:total');
    expect(one.outcomes[0].n).toBe(ref.n);
    // a single outcome: Holm leaves p unchanged
    expectClose(one.outcomes[0].pHolm, ref.p, 1e-9, 'Holm of one p');
  });
});

describe('analyzeGas on synthetic-1997-prepost.csv against R', async () => {
  const { scores } = await scoredSample('prepost-1997');
  const g = analyzeGas(scores);
  const o = g.outcomes[0];
  const ref = REF.gas;

  it('T-scores (scored in R from the goal and weight columns) and counts', () => {
    expect(o.n).toBe(ref.n);
    for (const [k, rk] of [['meanBefore', 'mean_before'], ['sdBefore', 'sd_before'], ['meanAfter', 'mean_after'], ['sdAfter', 'sd_after']] as const) {
      expectClose(o[k], ref[rk], 1e-6, k);
    }
    expect([o.positive, o.negative, o.ties, o.atExpected]).toEqual([ref.positive, ref.negative, ref.ties, ref.at_expected]);
    expect(o.positive).toBe(48); // the published 86% of 56
  });

  it('Wilson CI, sign test (binom.test) and Wilcoxon (wilcox.test, normal approximation with ties)', () => {
    expectClose(o.positiveLower, ref.positive_ci[0], 1e-6, 'Wilson lower');
    expectClose(o.positiveUpper, ref.positive_ci[1], 1e-6, 'Wilson upper');
    expectClose(o.signP, ref.sign_p, 1e-6, 'sign test p');
    expectClose(o.wilcoxonV, ref.wilcoxon_v, 1e-9, 'V');
    expectClose(o.wilcoxonP, ref.wilcoxon_p, 1e-6, 'Wilcoxon p');
    expectClose(o.hlEstimate, ref.hl_estimate, 1e-4, 'Hodges–Lehmann (root finding)');
    expectClose(o.hlLower, ref.hl_lower, 1e-4, 'Hodges–Lehmann CI lower (root finding)');
    expectClose(o.hlUpper, ref.hl_upper, 1e-4, 'Hodges–Lehmann CI upper (root finding)');
    expect(o.wilcoxonExact).toBe(false);
  });

  it('states the definition of positive attainment and the numbers in the sentence', () => {
    expect(g.extra.positiveDefinition).toBe('T(T2) > T(T1)');
    expect(g.sentences[0]).toContain('48 of 56 families (85.7%');
    expect(g.sentences[0]).toContain('sign test p < .001');
    expect(g.charts.map((c) => c.kind)).toEqual(['gas', 'paired-slope']);
  });
});
