import { describe, expect, it } from 'vitest';
import { analyzeWaves, designDefaultPeriods } from '../../src/designs/index.js';
import { REF, expectClose, scoredSample } from './helpers.js';

describe('analyzeWaves on synthetic-2013-fivewaves.csv against R t.test and car::Anova (type III, GG)', async () => {
  const { scores } = await scoredSample('fivewaves-2013');
  const r = analyzeWaves(scores);

  it('default periods T1–T3, T3–T5, T1–T5 (five waves) and T1–T3, T3–T4, T1–T4 (four)', () => {
    expect(r.extra.periods).toEqual(['T1–T3', 'T3–T5', 'T1–T5']);
    expect(designDefaultPeriods(['T1', 'T2', 'T3', 'T4'])).toEqual([['T1', 'T3'], ['T3', 'T4'], ['T1', 'T4']]);
    expect(designDefaultPeriods(['T1', 'T2'])).toEqual([['T1', 'T2']]);
  });

  for (const ref of REF.waves) {
    it(`${ref.outcome}: change per period per group (paired t, d_z)`, () => {
      const o = r.outcomes.find((x) => x.outcome === ref.outcome)!;
      for (const p of ref.periods) {
        const mine = o.periods.find((x) => x.group === p.group && x.period === p.period)!;
        expect(mine.n).toBe(p.n);
        expectClose(mine.t, p.t, 1e-6, `${ref.outcome} ${p.group} ${p.period} t`);
        expectClose(mine.p, p.p, 1e-6, `${p.period} p`);
        expectClose(mine.meanChange, p.mean_change, 1e-6, `${p.period} change`);
        expectClose(mine.dz, p.d_z, 1e-6, `${p.period} d_z`);
        expectClose(mine.dzLower, p.d_z_lower, 1e-4, `${p.period} d_z lower (ncp, effectsize)`, 1e-6);
        expectClose(mine.dzUpper, p.d_z_upper, 1e-4, `${p.period} d_z upper (ncp, effectsize)`, 1e-6);
      }
    });
    it(`${ref.outcome}: mixed ANOVA on complete cases with Greenhouse–Geisser`, () => {
      const m = r.outcomes.find((x) => x.outcome === ref.outcome)!.mixed;
      expect([m.n, m.nExcluded]).toEqual([ref.n_complete, ref.n_excluded]);
      expectClose(m.groupF, ref.group_F, 1e-6, 'group F');
      expectClose(m.groupP, ref.group_p, 1e-6, 'group p');
      expectClose(m.timeF, ref.time_F, 1e-6, 'time F');
      expectClose(m.timeP, ref.time_p_gg, 1e-6, 'time p (GG)');
      expectClose(m.ggEpsilon, ref.gg_epsilon, 1e-6, 'GG ε');
      expectClose(m.interactionF, ref.interaction_F, 1e-6, 'group × time F');
      expectClose(m.interactionP, ref.interaction_p_gg, 1e-6, 'group × time p (GG)');
    });
  }

  it('descriptives show the published attrition (Home-Start 59 → 33 on PSOC-available waves)', () => {
    const att = r.table('waves-attrition').rows.filter((x) => x.group === 'homestart').map((x) => x.n);
    expect(att).toEqual([59, 52, 45, 39, 33]);
    const d = r.outcomes[0].descriptives.filter((x) => x.group === 'homestart');
    expect(d.map((x) => x.wave)).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
  });

  it('marks the longitudinal-model extension point, and calls a supplied hook with all observations', () => {
    expect(r.outcomes[0].longitudinal).toBeNull();
    expect(r.methodsNote).toMatch(/extension point/);
    let seen = 0;
    const r2 = analyzeWaves(scores, {
      outcomes: ['psoc:total'],
      longitudinalModel: (input) => {
        seen = input.observations.length;
        return { method: 'stub', toJSON: () => ({ observations: input.observations.length }), apa: () => 'stub' };
      },
    });
    const nonMissing = scores.filter((s) => s.instrument === 'psoc' && s.scale === 'total' && s.score !== null).length;
    expect(seen).toBe(nonMissing);
    expect(r2.outcomes[0].longitudinal).toMatchObject({ method: 'stub', observations: nonMissing });
  });

  it('has trajectory and interaction charts', () => {
    expect(r.charts.map((c) => c.kind)).toEqual(['trajectories', 'interaction', 'trajectories', 'interaction']);
  });
});
