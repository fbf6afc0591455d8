import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitLmm, lmmEmmeans, lmmFeingoldD, lmmLikelihoodRatioTest, lmmPredict, parseLmmFormula, piecewiseTime, lmmFormulaToString, type LmmResult } from '../../src/stats/index.js';
import { StatsError } from '../../src/stats/result.js';

// R: lme4::lmer, lmerTest (Satterthwaite), pbkrtest (Kenward–Roger) — tests/reference/lmm.R → lmm.json.
// Data are simulated there and stored in the JSON.
const ref = JSON.parse(readFileSync(new URL('../reference/lmm.json', import.meta.url), 'utf8'));

// Tolerances of the issue: logLik 1e-6 absolute; fixed effects and SEs 1e-5 relative; variance components
// 1e-4 relative; Satterthwaite df 1e-3 relative.
function rel(a: number, b: number): number {
  if (b === 0) return Math.abs(a);
  return Math.abs(a - b) / Math.abs(b);
}
function expectRel(actual: number, expected: number, tol: number, what: string): void {
  expect(rel(actual, expected), `${what}: ${actual} vs R ${expected}`).toBeLessThan(tol);
}
function arr(x: unknown): number[] {
  return Array.isArray(x) ? (x as number[]) : [x as number];
}

const fits = new Map<string, LmmResult>();
function fitCase(name: string): LmmResult {
  let m = fits.get(name);
  if (!m) {
    const c = ref.cases[name];
    const factors: Record<string, { reference: string }> = {};
    for (const [k, v] of Object.entries(c.factors ?? {})) factors[k] = v as { reference: string };
    m = fitLmm(c.data, c.formula, { reml: c.REML, factors });
    fits.set(name, m);
  }
  return m;
}

describe('parseLmmFormula', () => {
  it('expands products in R order and reads random terms', () => {
    const f = parseLmmFormula('score ~ time * group + age + single_parent + (1 + time | participant)');
    expect(f.fixed.map((t) => t.variables.join(':'))).toEqual(['time', 'group', 'age', 'single_parent', 'time:group']);
    expect(f.random).toEqual([{ intercept: true, slopes: ['time'], grouping: ['participant'], correlated: true }]);
  });
  it('reads ||, nesting with / and interactions of grouping factors', () => {
    expect(parseLmmFormula('y ~ t + (1 + t || id)').random[0].correlated).toBe(false);
    expect(parseLmmFormula('y ~ t + (1 | site/id)').random.map((r) => r.grouping.join(':'))).toEqual(['id:site', 'site']);
    expect(parseLmmFormula('y ~ t + (1 | site) + (1 | site:id)').random.map((r) => r.grouping.join(':'))).toEqual(['site', 'site:id']);
    expect(parseLmmFormula('y ~ 0 + t + (0 + t | id)').intercept).toBe(false);
    expect(parseLmmFormula('y ~ a*b*c + (1|g)').fixed.map((t) => t.variables.join(':'))).toEqual(['a', 'b', 'c', 'a:b', 'a:c', 'b:c', 'a:b:c']);
  });
  it('round-trips through lmmFormulaToString', () => {
    const f = parseLmmFormula('y ~ time * group + (1 + time | id)');
    expect(parseLmmFormula(lmmFormulaToString(f))).toEqual(f);
  });
  it('refuses malformed formulas with a sentence', () => {
    expect(() => parseLmmFormula('y time + (1 | id)')).toThrow(StatsError);
    expect(() => parseLmmFormula('y ~ time + (1 + time id)')).toThrow(StatsError);
    expect(() => parseLmmFormula('y ~ log(time) + (1 | id)')).toThrow(/not a variable name/);
  });
});

describe('fitLmm against lme4 / lmerTest', () => {
  for (const name of Object.keys(ref.cases)) {
    const c = ref.cases[name];
    it(`${name}: ${c.formula} (${c.REML ? 'REML' : 'ML'})`, () => {
      const m = fitCase(name);
      expect(m.converged).toBe(true);
      expect(m.n).toBe(c.nobs);
      expect(m.coefficientNames).toEqual(arr(c.names));
      expect(Math.abs(m.logLik - c.logLik), `logLik ${m.logLik} vs ${c.logLik}`).toBeLessThan(1e-6);
      expect(Math.abs(m.AIC - c.AIC)).toBeLessThan(2e-6);
      expect(Math.abs(m.BIC - c.BIC)).toBeLessThan(2e-6);
      const fe = m.fixedEffects();
      arr(c.beta).forEach((b, i) => expectRel(fe[i].estimate, b, 1e-5, `beta ${i}`));
      arr(c.se).forEach((s, i) => expectRel(fe[i].se, s, 1e-5, `se ${i}`));
      arr(c.df).forEach((d, i) => expectRel(fe[i].df, d, 1e-3, `df ${i}`));
      arr(c.p).forEach((p, i) => expectRel(fe[i].p, p, 1e-3, `p ${i}`));
      expectRel(m.sigma, c.sigma, 1e-4, 'sigma');
      expect(m.singular).toBe(c.singular);
      // variance components: lme4's as.data.frame(VarCorr) rows (variances, then covariances)
      const vc = m.varianceComponents();
      const cors = m.correlations();
      for (const r of c.varcorr) {
        if (r.var2 === '') {
          const mine = vc.find((v) => v.group.replace(/\.\d+$/, '') === r.grp.replace(/\.\d+$/, '') && (r.grp === 'Residual' || v.effect === r.var1));
          expect(mine, `${r.grp} ${r.var1}`).toBeDefined();
          expectRel(mine!.variance, r.vcov, 1e-4, `variance ${r.grp} ${r.var1}`);
        } else {
          const mine = cors.find((v) => v.group === r.grp && v.effect1 === r.var1 && v.effect2 === r.var2);
          expect(mine, `${r.grp} ${r.var1} ${r.var2}`).toBeDefined();
          if (Math.abs(r.sdcor) > 0.999999) expect(Math.abs(mine!.correlation - r.sdcor)).toBeLessThan(1e-4);
          else expectRel(mine!.correlation, r.sdcor, 1e-4, `correlation ${r.grp}`);
        }
      }
    });
    it(`${name}: type III F tests (lmerTest anova)`, () => {
      const m = fitCase(name);
      const a = m.anova();
      expect(a.map((r) => r.term)).toEqual(arr(c.anova.term));
      arr(c.anova.F).forEach((f, i) => expectRel(a[i].F, f, 1e-5, `F ${a[i].term}`));
      arr(c.anova.NumDF).forEach((d, i) => expect(a[i].numDf).toBe(d));
      arr(c.anova.DenDF).forEach((d, i) => expectRel(a[i].denDf, d, 1e-3, `DenDF ${a[i].term}`));
    });
  }
});

describe('conditional modes and diagnostics (lme4 ranef(condVar = TRUE), fitted, residuals)', () => {
  for (const name of Object.keys(ref.cases).filter((k) => ref.cases[k].ranef)) {
    it(name, () => {
      const m = fitCase(name);
      const re = m.randomEffects();
      for (const r of ref.cases[name].ranef) {
        const mine = re.find((x) => x.grouping === r.grouping)!;
        expect(mine, r.grouping).toBeDefined();
        expect(mine.levels).toEqual(arr(r.levels));
        const q = arr(r.effects).length;
        mine.modes.forEach((row, j) => row.forEach((v, e) => {
          const expected = q === 1 ? arr(r.modes[j])[0] : r.modes[j][e];
          expect(Math.abs(v - expected)).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected)));
        }));
        mine.conditionalVariance.forEach((cv, j) => {
          const expected = q === 1 ? [[arr(r.condVar[j])[0]]] : r.condVar[j];
          for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) expectRel(cv[a][b], expected[a][b], 1e-4, `condVar ${j}`);
        });
      }
      const c = ref.cases[name];
      const dg = m.diagnostics();
      expect(dg.observations.length).toBe(m.n);
      expect(Math.abs(dg.observations[0].pearson - c.residuals[0] / c.sigma)).toBeLessThan(1e-5);
      expect(dg.randomEffects[0].levels[0].number).toBe(1);
      m.fitted.forEach((v, k) => expect(Math.abs(v - c.fitted[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(c.fitted[k]))));
      m.residuals.forEach((v, k) => expect(Math.abs(v - c.residuals[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(c.fitted[k]))));
    });
  }
});

describe('fitLmm refusals and reporting', () => {
  it('leaves out rows with a missing value and counts them', () => {
    const c = ref.cases.missing_waves;
    const data = { ...c.data, score: c.data.score.map((v: number, i: number) => (i === 3 ? null : v)) };
    const m = fitLmm(data, c.formula);
    expect(m.n).toBe(c.nobs - 1);
    expect(m.nDropped).toBe(1);
    expect(m.apa()).toMatch(/1 rows with missing values left out/);
  });
  it('reports a singular fit in words', () => {
    const m = fitCase('singular');
    expect(m.singularMessages.join(' ')).toMatch(/perfectly correlated|estimated at zero/);
    expect(m.apa()).toMatch(/singular fit/);
  });
  it('refuses a missing column, a one-level factor and crossed factors with sentences', () => {
    const c = ref.cases.balanced;
    expect(() => fitLmm(c.data, 'score ~ time + nope + (1 | participant)')).toThrow(/no column "nope"/);
    const one = { ...c.data, g1: c.data.score.map(() => 'x') };
    expect(() => fitLmm(one, 'score ~ time + g1 + (1 | participant)')).toThrow(/only one level/);
    expect(() => fitLmm(c.data, 'score ~ time + (1 | participant) + (1 | wave)')).toThrow(/crossed, not nested/);
  });
  it('says when the optimiser stopped before converging', () => {
    const c = ref.cases.balanced;
    const m = fitLmm(c.data, c.formula, { maxEvaluations: 12 });
    expect(m.converged).toBe(false);
    expect(m.convergenceMessage).toMatch(/did not converge: the Nelder–Mead search reached the limit of 12 evaluations/);
    expect(m.apa()).toMatch(/the optimiser did not converge/);
  });
  it('refuses a rank-deficient fixed part and ML Kenward–Roger with sentences', () => {
    const c = ref.cases.balanced;
    const dup = { ...c.data, time2: c.data.time.map((t: number) => 2 * t) };
    expect(() => fitLmm(dup, 'score ~ time + time2 + (1 | participant)')).toThrow(/linear combination of the columns before it/);
    expect(() => fitCase('balanced_ml').fixedEffects('kenward-roger')).toThrow(/needs a REML fit/);
  });
  it('serialises with toJSON and formats a table', () => {
    const m = fitCase('balanced');
    const j = m.toJSON();
    expect(j.logLik).toBe(m.logLik);
    expect((j.fixedEffects as unknown[]).length).toBe(m.beta.length);
    expect(m.table().rows[0][0]).toBe('(Intercept)');
  });
});

describe('estimated marginal means, contrasts and predictions (emmeans, lmerTest contest)', () => {
  const x = ref.extras;
  function expectRows(
    mine: Array<{ estimate: number; se: number; df: number; lower: number; upper: number }>,
    r: { estimate: number[]; se: number[]; df: number[]; lower: number[]; upper: number[] },
    what: string,
  ): void {
    expect(mine.length).toBe(arr(r.estimate).length);
    mine.forEach((m, i) => {
      expectRel(m.estimate, arr(r.estimate)[i], 1e-5, `${what} estimate ${i}`);
      expectRel(m.se, arr(r.se)[i], 1e-5, `${what} se ${i}`);
      expectRel(m.df, arr(r.df)[i], 1e-3, `${what} df ${i}`);
      expect(Math.abs(m.lower - arr(r.lower)[i])).toBeLessThan(1e-3 * arr(r.se)[i]);
      expect(Math.abs(m.upper - arr(r.upper)[i])).toBeLessThan(1e-3 * arr(r.se)[i]);
    });
  }
  it('categorical time: means per group × wave (Satterthwaite)', () => {
    const e = lmmEmmeans(fitCase('categorical_time'), { specs: ['wave', 'group'] });
    expectRows(e.rows, x.categorical_emm_sat, 'emm');
    expect(e.rows[1].values).toEqual({ wave: 'T2', group: 'control' });
    expect(e.heldAt.age).toBeGreaterThan(0);
  });
  it('categorical time: change T1→T3 and T3→T5 per group, group differences per wave', () => {
    const e = lmmEmmeans(fitCase('categorical_time'), { specs: ['wave', 'group'] });
    const change = ['control', 'homestart'].flatMap((group) => [
      e.difference({ wave: 'T1', group }, { wave: 'T3', group }),
      e.difference({ wave: 'T3', group }, { wave: 'T5', group }),
    ]);
    expectRows(change, x.categorical_change_sat, 'change');
    change.forEach((c, i) => expectRel(c.p, arr(x.categorical_change_sat.p)[i], 1e-3, `change p ${i}`));
    const diff = ['T1', 'T2', 'T3', 'T4', 'T5'].map((wave) => e.difference({ wave, group: 'control' }, { wave, group: 'homestart' }));
    expectRows(diff, x.categorical_groupdiff_sat, 'group difference');
    const pw = e.pairwise('group', 'wave');
    expect(pw.length).toBe(5);
    expect(Math.abs(pw[0].estimate + diff[0].estimate)).toBeLessThan(1e-12);
  });
  it('categorical time with Kenward–Roger df (emmeans lmer.df = "kenward-roger")', () => {
    const e = lmmEmmeans(fitCase('categorical_time'), { specs: ['wave', 'group'], df: 'kenward-roger' });
    expectRows(e.rows, x.categorical_emm_kr, 'emm KR');
    const change = ['control', 'homestart'].flatMap((group) => [
      e.difference({ wave: 'T1', group }, { wave: 'T3', group }),
      e.difference({ wave: 'T3', group }, { wave: 'T5', group }),
    ]);
    expectRows(change, x.categorical_change_kr, 'change KR');
    const diff = ['T1', 'T2', 'T3', 'T4', 'T5'].map((wave) => e.difference({ wave, group: 'control' }, { wave, group: 'homestart' }));
    expectRows(diff, x.categorical_groupdiff_kr, 'group difference KR');
  });
  it('continuous time: predicted trajectories per group at the waves, covariate at its mean', () => {
    const m = fitCase('missing_waves');
    const e = lmmEmmeans(m, { specs: ['time', 'group'], at: { time: [0, 3, 6, 12, 18] } });
    expectRows(e.rows, x.trajectory, 'trajectory');
    expectRel(e.heldAt.age, x.trajectory.age_mean, 1e-12, 'age mean');
    const pred = lmmPredict(m, [{ time: 18, group: 'homestart', age: x.trajectory.age_mean }]);
    expectRel(pred[0].estimate, arr(x.trajectory.estimate)[9], 1e-9, 'prediction = emm');
  });
  it('piecewise time: predictions with piecewiseTime columns', () => {
    const m = fitCase('piecewise');
    const g = x.piecewise_predictions.grid;
    const pw = piecewiseTime(g.time, 6);
    const rows = g.time.map((_: number, i: number) => ({ time1: pw.before[i]!, time2: pw.after[i]!, group: g.group[i] }));
    expect(rows.map((r: { time1: number }) => r.time1)).toEqual(g.time1);
    const pred = lmmPredict(m, rows);
    const r = x.piecewise_predictions.rows;
    expectRows(pred, { estimate: r.map((v: { estimate: number }) => v.estimate), se: r.map((v: { se: number }) => v.se), df: r.map((v: { df: number }) => v.df), lower: r.map((v: { lower: number }) => v.lower), upper: r.map((v: { upper: number }) => v.upper) }, 'piecewise');
  });
  it('likelihood-ratio test for group × time refits both models by ML (lme4 anova)', () => {
    const c = ref.cases.missing_waves;
    const m1 = fitCase('missing_waves');
    const m0 = fitLmm(c.data, 'score ~ time + group + age + (1 + time | participant)');
    const t = lmmLikelihoodRatioTest(m0, m1);
    expect(t.refitted).toBe(true);
    expect(t.df).toBe(x.lrt.df);
    expect(Math.abs(t.chiSquare - x.lrt.chisq)).toBeLessThan(2e-6);
    expectRel(t.p, x.lrt.p, 1e-4, 'p');
    expect(Math.abs(t.models[0].logLik - x.lrt.logLik[0])).toBeLessThan(1e-6);
    expect(Math.abs(t.models[1].AIC - x.lrt.AIC[1])).toBeLessThan(2e-6);
    expect(t.apa()).toMatch(/^χ²\(1\) = 5\.35, p = \.021 \(ML fits\)$/);
    expect(() => lmmLikelihoodRatioTest(m0, m1, { refit: false })).toThrow(/different fixed effects/);
  });
  it('Feingold (2009) d for group × time over 18 months', () => {
    const f = lmmFeingoldD(fitCase('missing_waves'), { coefficient: 'time:grouphomestart', duration: 18, time: 'time', group: 'group' });
    expectRel(f.sd, x.feingold.sd, 1e-12, 'SD_raw');
    expectRel(f.d, x.feingold.d, 1e-5, 'd');
    expectRel(f.lower, x.feingold.lower, 1e-4, 'lower');
    expectRel(f.upper, x.feingold.upper, 1e-4, 'upper');
    expect(f.apa()).toMatch(/^d_GMA = -0\.51, 95% CI \[-0\.95, -0\.07\]/);
  });
});

describe('Kenward–Roger (pbkrtest via lmerTest ddf = "Kenward-Roger")', () => {
  for (const name of Object.keys(ref.cases).filter((k) => ref.cases[k].kr)) {
    it(`${name}: adjusted SE, df, and type III F`, () => {
      const m = fitCase(name);
      const c = ref.cases[name];
      const fe = m.fixedEffects('kenward-roger');
      arr(c.kr.se).forEach((s, i) => expectRel(fe[i].se, s, 1e-5, `KR se ${i}`));
      arr(c.kr.df).forEach((d, i) => expectRel(fe[i].df, d, 1e-3, `KR df ${i}`));
      const a = m.anova('kenward-roger');
      arr(c.kr.anova.F).forEach((f, i) => expectRel(a[i].F, f, 1e-5, `KR F ${a[i].term}`));
      arr(c.kr.anova.NumDF).forEach((d, i) => expect(a[i].numDf).toBe(d));
      arr(c.kr.anova.DenDF).forEach((d, i) => expectRel(a[i].denDf, d, 1e-3, `KR DenDF ${a[i].term}`));
    });
  }
});
