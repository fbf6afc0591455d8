import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mixedAnova, mixedAnovaFromRows, type MixedAnovaResult } from '../../src/stats/mixed-anova.js';

// R 4.2, car 3.1: summary(Anova(lm(cbind(t1..tk) ~ group), idata, idesign = ~time, type = 2|3),
// multivariate = FALSE); aov(value ~ group*time + Error(id/time)); effectsize 0.8 eta_squared.
// Cases: 2 groups × 3 waves, 3 × 5 (3 incomplete), 2 × 4 (54/51, 3 incomplete), 2 × 2, 4 × 7.
const ref = JSON.parse(readFileSync(new URL('../reference/anova.json', import.meta.url), 'utf8'));
const TOL = 1e-8; // closed form; observed agreement ≈ 1e-13

function rel(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
function expectAllRel(actual: number[], expected: number[], what: string, tol = TOL): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(rel(a, expected[i]), `${what}[${i}]: ${a} vs R ${expected[i]}`).toBeLessThan(tol));
}
const effects = (r: MixedAnovaResult) => [r.row('group'), r.row('time'), r.row('group × time')];

for (const [name, c] of Object.entries<any>(ref.mixed)) {
  describe(`mixed ANOVA ${name} (k = ${c.k})`, () => {
    for (const ssType of [3, 2] as const) {
      const R = c[`type${ssType}`];
      const r = mixedAnova({ group: c.group, waves: c.waves }, { ssType });
      const rows = effects(r);

      it(`type ${ssType}: complete cases and exclusions`, () => {
        expect(r.n).toBe(c.n_used);
        expect(r.nExcluded).toBe(c.n_excluded);
      });
      it(`type ${ssType}: SS, df, error SS, error df, F, p equal car::Anova`, () => {
        expectAllRel(rows.map((x) => x.ss), R.ss, 'SS');
        expect(rows.map((x) => x.df)).toEqual(R.df);
        const err = (x: { errorTerm?: string }) => r.table.find((t) => t.term === x.errorTerm)!;
        expectAllRel(rows.map((x) => err(x).ss), R.error_ss, 'error SS');
        expect(rows.map((x) => err(x).df)).toEqual(R.den_df);
        expectAllRel(rows.map((x) => x.F), R.F, 'F');
        expectAllRel(rows.map((x) => x.p), R.p, 'p');
      });
      it(`type ${ssType}: generalized η² (all manipulated, and group observed) and partial η² equal effectsize`, () => {
        expectAllRel(rows.map((x) => x.generalizedEtaSquared), R.ges, 'ges');
        expectAllRel(rows.map((x) => x.partialEtaSquared), R.pes, 'pes');
        const obs = mixedAnova({ group: c.group, waves: c.waves }, { ssType, observed: ['group'] });
        expectAllRel(effects(obs).map((x) => x.generalizedEtaSquared), R.ges_observed_group, 'ges observed');
      });
      if (c.k > 2) {
        it(`type ${ssType}: Mauchly W and p, GG and HF ε and corrected p equal car`, () => {
          expect(rel(r.mauchly!.W, R.mauchly_W)).toBeLessThan(TOL);
          expect(rel(r.mauchly!.p, R.mauchly_p)).toBeLessThan(TOL);
          expect(rel(rows[1].ggEpsilon!, R.gg_eps)).toBeLessThan(TOL);
          expect(rel(rows[1].hfEpsilon!, R.hf_eps)).toBeLessThan(TOL);
          expectAllRel([rows[1].ggP!, rows[2].ggP!], R.p_gg, 'p GG');
          expectAllRel([rows[1].hfP!, rows[2].hfP!], R.p_hf, 'p HF');
          expect(rows[2].ggDf1).toBeCloseTo(R.gg_eps * R.df[2], 10);
          expect(rows[2].ggDf2).toBeCloseTo(R.gg_eps * R.den_df[2], 8);
        });
      } else {
        it(`type ${ssType}: k = 2 has no sphericity test; ε = 1 leaves df and p unchanged`, () => {
          expect(r.mauchly).toBeNull();
          expect(rows[1].ggEpsilon).toBe(1);
          expect(rows[2].ggP).toBe(rows[2].p);
          expect(rows[2].hfDf2).toBe(R.den_df[2]);
          expect(r.apa()).not.toMatch(/ε/);
        });
      }
    }
    it('type II equals the aov(… + Error(id/time)) strata', () => {
      const r = mixedAnova({ group: c.group, waves: c.waves }, { ssType: 2 });
      const between = [r.row('group').ss, r.table.find((t) => t.term === 'Subjects within groups')!.ss];
      const within = [r.row('time').ss, r.row('group × time').ss, r.table.find((t) => t.term === 'Residuals')!.ss];
      expectAllRel(between, [c.aov_between.ss].flat(), 'aov between');
      expectAllRel(within, [c.aov_within.ss].flat(), 'aov within');
    });
  });
}

describe('mixed ANOVA: example, rows input, output', () => {
  const ex = {
    group: ['a', 'a', 'a', 'b', 'b', 'b'],
    waves: [
      [1, 2, 3, 2, 3, 4],
      [2, 4, 3, 5, 6, 6],
      [3, 4, 6, 7, 9, 8],
    ],
  };
  it('TSDoc example (car type 3: group × time F = 6.125; GG ε = 0.8, p = .0365947; HF ε = 1.25 capped)', () => {
    const r = mixedAnova(ex);
    expect(r.row('group × time').F).toBeCloseTo(6.125, 10);
    expect(r.row('group × time').ggP).toBeCloseTo(0.036594744, 8);
    expect(r.row('time').ggEpsilon).toBeCloseTo(0.8, 12);
    expect(r.row('time').hfEpsilon).toBeCloseTo(1.25, 12);
    expect(r.row('time').hfP).toBeCloseTo(r.row('time').p, 14); // HF ε > 1 treated as 1, as car
    expect(r.row('group').F).toBeCloseTo(11, 10);
    expect(r.apa()).toBe(
      'group: F(1, 4) = 11.00, p = .029, ηG² = .67; time: F(1.60, 6.40) = 45.38, p < .001, ε = .80, ηG² = .75; ' +
        'group × time: F(1.60, 6.40) = 6.12, p = .037, ε = .80, ηG² = .29',
    );
  });
  it('wide rows with an incomplete participant give the same table and count the exclusion', () => {
    const rows = ex.group.map((g, i) => ({ id: i, group: g, t1: ex.waves[0][i], t2: ex.waves[1][i], t3: ex.waves[2][i] }));
    rows.push({ id: 99, group: 'b', t1: 5, t2: NaN, t3: 7 });
    const r = mixedAnovaFromRows(rows, { group: 'group', waves: ['t1', 't2', 't3'] });
    expect(r.nExcluded).toBe(1);
    expect(r.n).toBe(6);
    expect(r.row('group × time').F).toBeCloseTo(6.125, 10);
    expect(r.timeNames).toEqual(['t1', 't2', 't3']);
    const j = r.toJSON();
    expect(j.nExcluded).toBe(1);
    expect(String(j.method)).toMatch(/type III/);
    expect(r.cells[1][2]).toMatchObject({ n: 3, mean: 8 });
  });
});

describe('mixed ANOVA edge cases', () => {
  it('all participants incomplete → StatsError', () => {
    expect(() => mixedAnova({ group: ['a', 'b'], waves: [[1, null], [null, 2]] })).toThrow(/none of the 2 participants/);
  });
  it('a group with fewer than 2 complete participants → StatsError naming it and the exclusions', () => {
    expect(() =>
      mixedAnova({ group: ['a', 'a', 'b', 'b'], waves: [[1, 2, 3, NaN], [2, 3, 5, 6]] }),
    ).toThrow(/group "b" has 1 participant with all 2 waves.*1 excluded/);
  });
  it('all values equal → StatsError (no between-subjects error variance)', () => {
    expect(() => mixedAnova({ group: ['a', 'a', 'b', 'b'], waves: [[3, 3, 3, 3], [3, 3, 3, 3]] })).toThrow(/all 8 values are equal/);
  });
  it('participants with equal means within each group → StatsError for the group test', () => {
    expect(() => mixedAnova({ group: ['a', 'a', 'b', 'b'], waves: [[1, 3, 2, 4], [3, 1, 4, 2]] })).toThrow(/zero between-subjects error/);
  });
  it('one wave → StatsError', () => {
    expect(() => mixedAnova({ group: ['a', 'b'], waves: [[1, 2]] })).toThrow(/at least 2 waves/);
  });
  it('zero within-subject residual (parallel profiles per group) → StatsError', () => {
    // every participant = own level + group-specific time profile
    const waves = [
      [1, 2, 3, 1, 2, 3],
      [2, 3, 4, 3, 4, 5],
      [3, 4, 5, 6, 7, 8],
    ];
    expect(() => mixedAnova({ group: ['a', 'a', 'a', 'b', 'b', 'b'], waves })).toThrow(/zero within-subjects residual/);
  });
  it('more time contrasts than error df: no Mauchly, no ε (as car), uncorrected tests with a note', () => {
    const waves = [
      [1, 2, 4, 2],
      [2, 5, 3, 5],
      [4, 4, 6, 6],
      [3, 6, 5, 9],
    ];
    const r = mixedAnova({ group: ['a', 'a', 'b', 'b'], waves });
    expect(r.mauchly).toBeNull();
    expect(r.row('time').ggEpsilon).toBeUndefined();
    expect(r.sphericityNote).toMatch(/Only 2 error df for 3 time contrasts/);
    expect(Number.isFinite(r.row('time').F)).toBe(true);
    expect(r.apa()).toMatch(/^group: F\(1, 2\) = .*time: F\(3, 6\)/);
  });
});
