/**
 * Growth curves from the LMM against lme4 / lmerTest / emmeans (tests/reference/growth.R) on the
 * 2013 five-wave and 2015 seven-wave sample files.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitGrowthModel, type GrowthObservation, type GrowthTimeModel } from '../../src/designs/index.js';
import { lmmDesignRow } from '../../src/stats/lmm/model-matrix.js';
import { covariateAt, participantScores, scoreAt } from '../../src/designs/data.js';
import { expectClose, scoredSample } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const REF: any = JSON.parse(readFileSync(new URL('../reference/growth.json', import.meta.url), 'utf8'));
const M13: Record<string, number> = { T1: 0, T2: 3, T3: 6, T4: 12, T5: 18 };
const M15: Record<string, number> = { ...M13, T6: 60, T7: 120 };

async function observations(id: 'fivewaves-2013' | 'sevenwaves-2015', instrument: string, scale: string, months: Record<string, number>): Promise<GrowthObservation[]> {
  const { scores } = await scoredSample(id);
  return participantScores(scores, { instrument, scale }).flatMap((p) =>
    Object.keys(months)
      .filter((w) => Number.isFinite(scoreAt(p, w)))
      .map((w) => ({ participantId: p.id, group: p.group, wave: w, time: months[w], score: scoreAt(p, w), covariates: { age: covariateAt(p, 'T1', 'age'), single_parent: covariateAt(p, 'T1', 'single_parent') } })),
  );
}

const CASES: Record<string, { id: 'fivewaves-2013' | 'sevenwaves-2015'; inst: string; scale: string; months: Record<string, number> }> = {
  '2013 psoc': { id: 'fivewaves-2013', inst: 'psoc', scale: 'total', months: M13 },
  '2013 nosik': { id: 'fivewaves-2013', inst: 'nosik', scale: 'total', months: M13 },
  '2015 psoc': { id: 'sevenwaves-2015', inst: 'psoc', scale: 'total', months: M15 },
};

describe('fitGrowthModel against lme4 / lmerTest / emmeans', () => {
  for (const ref of REF.cases) {
    const key = Object.keys(CASES).find((k) => ref.name.startsWith(k))!;
    const c = CASES[key];
    it(`${ref.name}: fixed effects, logLik, type III, LRT, means, change per period, Feingold d`, async () => {
      const obs = await observations(c.id, c.inst, c.scale, c.months);
      const periods = (ref.changes as Array<{ period: string }>).map((x) => x.period.split('–') as [string, string]);
      const g = fitGrowthModel(obs, {
        timeModel: ref.time_model as GrowthTimeModel,
        ...(ref.knot !== null ? { knot: ref.knot } : {}),
        covariates: ref.covariates,
        periods: [...new Map(periods.map((p) => [p.join(), p])).values()],
      });
      // singular fits (a variance at its bound) are flat in θ: estimates agree less tightly
      const tol = ref.singular ? 2e-4 : 1e-5;
      expect(g.nObservations).toBe(ref.n);
      expect(g.singular).toBe(ref.singular);
      expect(Math.abs(g.model.logLik - ref.logLik)).toBeLessThan(ref.singular ? 1e-5 : 1e-6);
      const fe = g.fixedEffects;
      expect(fe.length).toBe(ref.fixef.length);
      ref.fixef.forEach((r: { estimate: number; se: number; df: number; p: number }, i: number) => {
        expectClose(fe[i].estimate, r.estimate, tol, `${ref.name} ${fe[i].term} estimate`, 1e-7);
        expectClose(fe[i].se, r.se, tol, `${fe[i].term} SE`);
        expectClose(fe[i].df, r.df, ref.singular ? 1e-2 : 1e-3, `${fe[i].term} df`);
      });
      ref.anova.forEach((r: { term: string; F: number; numDf: number; denDf: number }) => {
        const mine = g.anova.find((a) => a.term === r.term || a.term.split(':').sort().join(':') === r.term.split(':').sort().join(':'))!;
        expect(mine, r.term).toBeDefined();
        expectClose(mine.F, r.F, ref.singular ? 1e-3 : 1e-5, `${r.term} F`);
        expect(mine.numDf).toBe(r.numDf);
        expectClose(mine.denDf, r.denDf, ref.singular ? 1e-2 : 1e-3, `${r.term} den df`);
      });
      expect(g.lrt.df).toBe(ref.lrt.df);
      expect(Math.abs(g.lrt.logLikFull - ref.lrt.logLikFull)).toBeLessThan(1e-5);
      expect(Math.abs(g.lrt.logLikReduced - ref.lrt.logLikReduced)).toBeLessThan(1e-5);
      expect(Math.abs(g.lrt.chisq - ref.lrt.chisq)).toBeLessThan(2e-5);
      for (const r of ref.means) {
        const mine = g.means.find((m) => m.group === r.group && m.wave === r.wave)!;
        expect(mine.time).toBe(r.time);
        expectClose(mine.estimate, r.estimate, tol, `${r.group} ${r.wave} mean`);
        expectClose(mine.se, r.se, tol, `${r.group} ${r.wave} SE`);
        expectClose(mine.df, r.df, ref.singular ? 1e-2 : 1e-3, `${r.group} ${r.wave} df`);
        expectClose(mine.lower, r.lower, tol, `${r.group} ${r.wave} lower`);
      }
      if (Array.isArray(ref.emmeans)) {
        for (const r of ref.emmeans) {
          const mine = g.means.find((m) => m.group === r.group && m.time === r.time)!;
          expectClose(mine.estimate, r.emmean, 1e-6, `emmeans ${r.group} ${r.time}`);
          expectClose(mine.se, r.se, tol, `emmeans SE ${r.group} ${r.time}`);
          expectClose(mine.df, r.df, 1e-3, `emmeans df ${r.group} ${r.time}`);
        }
      }
      for (const r of ref.changes) {
        const mine = g.changes.find((m) => m.group === r.group && m.period === r.period)!;
        expectClose(mine.estimate, r.estimate, tol, `${r.group} ${r.period} change`, 1e-7);
        expectClose(mine.se, r.se, tol, `${r.group} ${r.period} change SE`);
        expectClose(mine.p, r.p, ref.singular ? 1e-2 : 1e-4, `${r.group} ${r.period} change p`, 1e-9);
      }
      for (const r of ref.differences) {
        const mine = g.differences.find((m) => m.group === r.group && m.period === r.period)!;
        expectClose(mine.estimate, r.estimate, tol, `${r.group} ${r.period} difference`, 1e-7);
        expectClose(mine.t, r.t, tol, `${r.group} ${r.period} t`, 1e-6);
        expectClose(mine.d, r.d, tol, `${r.group} ${r.period} d`, 1e-7);
        expectClose(mine.dLower, r.d_lower, ref.singular ? 1e-3 : 1e-4, `${r.group} ${r.period} d lower`, 1e-6);
      }
    }, 60_000);
  }
});

describe('growth model helpers', () => {
  it('the prediction rows of the growth model reproduce the model matrix rows', async () => {
    const obs = await observations('fivewaves-2013', 'psoc', 'total', M13);
    const g = fitGrowthModel(obs, { timeModel: 'piecewise', knot: 6, covariates: ['age'] });
    const d = g.model.design;
    for (const k of [0, 5, 100, 400]) {
      const i = d.rows[k];
      const o = obs[i];
      const row = lmmDesignRow(d, { group: o.group, time: o.time, time1: Math.min(o.time, 6), time2: Math.max(o.time - 6, 0), age: o.covariates!.age });
      expect(Array.from(row)).toEqual(Array.from(d.X.subarray(k * d.p, (k + 1) * d.p)));
    }
    expect(() => lmmDesignRow(d, { group: 'nope', time: 0, time1: 0, time2: 0, age: 30 })).toThrow(/group/);
    expect(g.trajectories.filter((t) => t.group === 'homestart').length).toBeGreaterThanOrEqual(25);
    expect(JSON.stringify(g.toJSON())).not.toMatch(/HS-\d{4}/);
    expect(g.apa()).toMatch(/^Group × time \(likelihood-ratio test, ML\): χ²\(4\) = /);
  }, 60_000);
  it('errors are sentences', async () => {
    const obs = await observations('fivewaves-2013', 'psoc', 'total', M13);
    expect(() => fitGrowthModel(obs.filter((o) => o.group === 'homestart'))).toThrow(/at least two groups/);
    expect(() => fitGrowthModel(obs, { reference: 'x' })).toThrow(/reference group "x"/);
    expect(() => fitGrowthModel(obs, { timeModel: 'piecewise', knot: 40 })).toThrow(/knot \(40\) must lie strictly between/);
    expect(() => fitGrowthModel(obs, { periods: [['T1', 'T9']] })).toThrow(/period T1–T9/);
  });
});
