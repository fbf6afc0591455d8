import { describe, expect, it } from 'vitest';
import { analyzeWaves, designDefaultPeriods } from '../../src/designs/index.js';
import { readFileSync } from 'node:fs';
import { REF, expectClose, scoredSample } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const GROWTH: any = JSON.parse(readFileSync(new URL('../reference/growth.json', import.meta.url), 'utf8'));

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

  it('fits the linear mixed model by default on everyone with a wave; the mixed ANOVA is labelled complete-case with the number dropped', () => {
    const o = r.outcomes.find((x) => x.outcome === 'psoc:total')!;
    expect(o.growth).not.toBeNull();
    expect(Object.values(o.growth!.nParticipants).reduce((a, b) => a + b, 0)).toBeGreaterThan(o.mixed.n);
    expect(r.extra.timeSource).toBe('dates');
    expect(r.methodsNote).toMatch(/Primary analysis: linear mixed model on all available observations/);
    expect(r.methodsNote).toMatch(/missing at random \(MAR/);
    expect(r.methodsNote).not.toMatch(/extension point/i);
    expect(r.table('waves-mixed-anova').title).toMatch(/^Mixed ANOVA group × time \(complete cases only: \d+(–\d+)? participants dropped\)$/);
    expect(r.tables.map((t) => t.id)).toEqual(expect.arrayContaining(['waves-lmm-tests', 'waves-lmm-fixed', 'waves-lmm-random', 'waves-lmm-means', 'waves-lmm-change', 'waves-attrition-patterns', 'waves-attrition-baseline']));
    expect(r.sentences.some((x) => /^PSOC: Total sense of competence: Group × time \(likelihood-ratio test, ML\): χ²\(2\) = /.test(x))).toBe(true);
    expect(r.sentences.some((x) => /\(mixed ANOVA, complete cases only\)/.test(x))).toBe(true);
  });

  it('with the declared schedule the model is the one R fits (lme4 logLik and LRT, tests/reference/growth.json)', () => {
    const ref = GROWTH.cases;
    const schedule = { T1: 0, T2: 3, T3: 6, T4: 12, T5: 18 };
    const lin = analyzeWaves(scores, { outcomes: ['psoc:total'], schedule });
    const pw = analyzeWaves(scores, { outcomes: ['psoc:total'], schedule, timeModel: 'piecewise', knot: 'T3' });
    const rl = ref.find((c: { name: string }) => c.name === '2013 psoc linear');
    const rp = ref.find((c: { name: string }) => c.name === '2013 psoc piecewise');
    expect(lin.extra.timeSource).toBe('schedule');
    expect(Math.abs(lin.outcomes[0].growth!.model.logLik - rl.logLik)).toBeLessThan(1e-6);
    expect(Math.abs(lin.outcomes[0].growth!.lrt.chisq - rl.lrt.chisq)).toBeLessThan(2e-5);
    expect(Math.abs(pw.outcomes[0].growth!.model.logLik - rp.logLik)).toBeLessThan(1e-6);
    const d = pw.outcomes[0].growth!.differences.find((x) => x.group === 'homestart' && x.period === 'T1–T3')!;
    const dr = rp.differences.find((x: { group: string; period: string }) => x.group === 'homestart' && x.period === 'T1–T3');
    expectClose(d.estimate, dr.estimate, 1e-5, 'T1–T3 difference in change');
    expect(pw.methodsNote).toMatch(/declared wave schedule \(T1 = 0, T2 = 3, T3 = 6, T4 = 12, T5 = 18\)/);
    expect(() => analyzeWaves(scores, { outcomes: ['psoc:total'], schedule: { T1: 0, T2: 3 } })).toThrow(/schedule gives no time for wave T3/);
    expect(() => analyzeWaves(scores, { outcomes: ['psoc:total'], timeModel: 'piecewise', knot: 'T9' })).toThrow(/knot T9 is not one of the waves/);
  });

  it('falls back to the wave number without dates; longitudinal: false skips the model; a supplied hook replaces it', () => {
    const undated = scores.map((s) => ({ ...s, date: undefined }));
    const w = analyzeWaves(undated, { outcomes: ['psoc:total'] });
    expect(w.extra.timeSource).toBe('wave-number');
    expect(w.methodsNote).toMatch(/wave number − 1/);
    expect(w.outcomes[0].growth!.waveTimes).toEqual({ T1: 0, T2: 1, T3: 2, T4: 3, T5: 4 });
    const off = analyzeWaves(scores, { outcomes: ['psoc:total'], longitudinal: false });
    expect(off.outcomes[0].growth).toBeNull();
    expect(off.tables.some((t) => t.id.startsWith('waves-lmm'))).toBe(false);
    let seen = 0;
    const r2 = analyzeWaves(scores, {
      outcomes: ['psoc:total'],
      longitudinalModel: (input) => {
        seen = input.observations.length;
        expect(input.observations.every((o) => Number.isFinite(o.time))).toBe(true);
        return { method: 'stub', toJSON: () => ({ observations: input.observations.length }), apa: () => 'stub' };
      },
    });
    const nonMissing = scores.filter((s) => s.instrument === 'psoc' && s.scale === 'total' && s.score !== null).length;
    expect(seen).toBe(nonMissing);
    expect(r2.outcomes[0].longitudinal).toMatchObject({ method: 'stub', observations: nonMissing });
    expect(r2.outcomes[0].growth).toBeNull();
  });

  it('has trajectory and interaction charts', () => {
    // share mode (the default): no individual trajectories
    expect(r.charts.map((c) => c.kind)).toEqual(['growth-curves', 'trajectories', 'interaction', 'growth-curves', 'trajectories', 'interaction']);
    const priv = analyzeWaves(scores, { outcomes: ['psoc:total'], disclosure: 'private', seed: 1 });
    expect(priv.charts.map((c) => c.kind)).toContain('spaghetti');
    expect(JSON.stringify(r.charts)).not.toMatch(/(HS|CG|NG)-\d{4}/);
  });
});
