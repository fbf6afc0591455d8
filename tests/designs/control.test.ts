import { describe, expect, it } from 'vitest';
import { analyzeVersusControl, analyzeVersusNorm } from '../../src/designs/index.js';
import { fmt, fmtP } from '../../src/stats/apa.js';
import { REF, expectClose, scoredSample } from './helpers.js';

describe('analyzeVersusControl on synthetic-2005-control.csv against R lm / predict / car::Anova / aov / p.adjust', async () => {
  const c = await scoredSample('control-2005');
  const n = await scoredSample('norm-2008');
  // the norm group in the data only adds the norm band to the charts; the analysis uses the two groups
  const r = analyzeVersusControl([...c.scores, ...n.scores], { records: c.records });

  it('covariates default to the pre-test, age and single parenthood', () => {
    expect(r.extra.covariates).toEqual(['pre', 'age', 'single_parent']);
    expect(r.outcomes.map((o) => o.outcome)).toEqual(REF.control.map((x: { outcome: string }) => x.outcome));
  });

  for (const ref of REF.control) {
    it(`${ref.outcome}: ANCOVA group effect, adjusted means, d_ppc2, group × time, Holm (1e-6)`, () => {
      const o = r.outcomes.find((x) => x.outcome === ref.outcome)!;
      expect([o.nTreatment, o.nControl, o.df2, o.nMixed]).toEqual([ref.n_treatment, ref.n_control, ref.df2, ref.n_mixed]);
      const pairs: Array<[keyof typeof o, string]> = [
        ['difference', 'difference'], ['differenceLower', 'difference_lower'], ['differenceUpper', 'difference_upper'],
        ['p', 'p'], ['F', 'F'], ['partialEta2', 'partial_eta2'], ['pHolm', 'p_holm'],
        ['adjMeanTreatment', 'adj_mean_treatment'], ['adjLowerTreatment', 'adj_lower_treatment'], ['adjUpperTreatment', 'adj_upper_treatment'],
        ['adjMeanControl', 'adj_mean_control'], ['adjLowerControl', 'adj_lower_control'], ['adjUpperControl', 'adj_upper_control'],
        ['dppc2', 'dppc2'], ['dppc2Lower', 'dppc2_lower'], ['dppc2Upper', 'dppc2_upper'],
        ['interactionF', 'interaction_F'], ['interactionP', 'interaction_p'], ['slopesP', 'slopes_p'],
      ];
      for (const [k, rk] of pairs) expectClose(o[k] as number, ref[rk], 1e-6, `${ref.outcome} ${String(k)}`);
    });
  }

  it('APA sentence carries the ANCOVA numbers', () => {
    const i = r.outcomes.findIndex((o) => o.outcome === 'nosik:total');
    const o = r.outcomes[i];
    expect(r.sentences[i]).toContain(`F(1, ${o.df2}) = ${fmt(o.F)}, ${fmtP(o.p)}`);
    expect(r.sentences[i]).toContain(`difference = ${fmt(o.difference)}, 95% CI [${fmt(o.differenceLower)}, ${fmt(o.differenceUpper)}]`);
  });

  it('attrition table: n per group per wave and % retained', () => {
    const t = r.table('control-attrition');
    const hsT2 = t.rows.find((x) => x.group === 'homestart' && x.wave === 'T2')!;
    expect(hsT2.n).toBe(54);
    expect(hsT2.retained).toBe(1);
    expect(t.rows.some((x) => x.group === 'norm')).toBe(true);
  });

  it('interaction plot carries the norm group as a band (M ± 1 SD)', () => {
    const chart = r.charts.find((x) => x.id === 'control-interaction-nosik-total')!;
    const layers = chart.spec.layer as Array<{ data: { values: Array<{ lower: number; upper: number }> } }>;
    expect(layers).toHaveLength(2);
    expect(layers[0].data.values[0].upper - layers[0].data.values[0].lower).toBeGreaterThan(0);
  });

  it('a covariate missing from the data is dropped with a note, not a crash', () => {
    const r2 = analyzeVersusControl(c.scores, { outcomes: ['psoc:total'], covariates: ['age', 'income'] });
    expect(r2.extra.covariates).toEqual(['pre', 'age']);
    expect(r2.notes.join(' ')).toMatch(/"income" is not in the data/);
  });
});

describe('analyzeVersusNorm on 2005 + 2008 files against R (cut-off c, JT categories, TOST)', async () => {
  const c = await scoredSample('control-2005');
  const n = await scoredSample('norm-2008');
  const r = analyzeVersusNorm([...c.scores, ...n.scores], { records: [...c.records, ...n.records] });

  for (const ref of REF.norm) {
    it(`${ref.outcome} ${ref.group}: cut-off, reliability, clinical shares, categories${ref.group === 'norm' ? '' : ', normative TOST'}`, () => {
      const o = r.outcomes.find((x) => x.outcome === ref.outcome && x.group === ref.group)!;
      expect(o.n).toBe(ref.n);
      expectClose(o.cutoff, ref.cutoff, 1e-6, 'cut-off c');
      expectClose(o.reliability, ref.reliability, 1e-6, 'reliability');
      expectClose(o.clinicalBefore, ref.clinical_before, 1e-9, 'clinical before');
      expectClose(o.clinicalAfter, ref.clinical_after, 1e-9, 'clinical after');
      expect([o.recovered, o.improved, o.unchanged, o.deteriorated, o.harmed]).toEqual([ref.recovered, ref.improved, ref.unchanged, ref.deteriorated, ref.harmed]);
      // Wilson intervals: R prop.test(correct = FALSE)
      expectClose(o.clinicalAfterLower, ref.clinical_after_ci[0], 1e-6, 'clinical after CI lower');
      expectClose(o.clinicalAfterUpper, ref.clinical_after_ci[1], 1e-6, 'clinical after CI upper');
      expectClose(o.recoveredLower, ref.recovered_ci[0], 1e-6, 'recovered CI lower');
      expectClose(o.recoveredUpper, ref.recovered_ci[1], 1e-6, 'recovered CI upper');
      if (ref.group !== 'norm') {
        expectClose(o.delta, ref.delta, 1e-6, 'δ = 1 norm SD');
        expectClose(o.eqLower, ref.eq_lower, 1e-6, '90% CI lower');
        expectClose(o.eqUpper, ref.eq_upper, 1e-6, '90% CI upper');
        expectClose(o.eqP, ref.eq_p, 1e-6, 'TOST p');
      }
    });
  }

  it('records the cut-off source and draws the JT plot, category bars and the norm band', () => {
    expect(r.outcomes[0].cutoffSource).toBe('clinical = homestart at T1, functional = norm at T1 (sample)');
    const kinds = r.charts.map((x) => x.kind);
    expect(kinds).toContain('jacobson-truax');
    expect(kinds).toContain('category-bars');
    expect(kinds).toContain('interaction');
  });

  it('without a norm group and without definition norms, cut-off c is refused per outcome with the reason', () => {
    const r2 = analyzeVersusNorm(c.scores, { outcomes: ['psoc:total'] });
    expect(r2.extra.cutoffSource).toBe('definition');
    expect(Number.isNaN(r2.outcomes[0].cutoff)).toBe(true);
    expect(r2.outcomes[0].error).toMatch(/cut-off c needs functional norms/);
    // cut-off a needs only the clinical population
    const r3 = analyzeVersusNorm(c.scores, { outcomes: ['psoc:total'], cutoff: 'a' });
    expect(Number.isFinite(r3.outcomes[0].cutoff)).toBe(true);
  });
});
