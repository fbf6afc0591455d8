import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitLmm, parseLmmFormula, lmmFormulaToString, type LmmResult } from '../../src/stats/index.js';
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
  it('serialises with toJSON and formats a table', () => {
    const m = fitCase('balanced');
    const j = m.toJSON();
    expect(j.logLik).toBe(m.logLik);
    expect((j.fixedEffects as unknown[]).length).toBe(m.beta.length);
    expect(m.table().rows[0][0]).toBe('(Intercept)');
  });
});
