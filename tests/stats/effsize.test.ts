import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  clesMcGrawWong,
  cohensD,
  glassDelta,
  hedgesG,
  hedgesJ,
  morrisDppc2,
  morrisDppc2Summary,
  oddsRatio,
  pointBiserial,
  probabilityOfSuperiority,
  rankBiserial,
  rankBiserialPaired,
  repeatedMeasuresD,
  riskDifference,
  type EffectSizeResult,
  type EffectSizeTable2x2,
} from '../../src/stats/effsize.js';
import { StatsError } from '../../src/stats/result.js';

type Num = number;
type Arr = (number | null)[];
const ref = JSON.parse(readFileSync(new URL('../reference/effsize.json', import.meta.url), 'utf8')) as {
  independent: (Record<string, Num> & { x: Arr; y: Arr })[];
  paired: (Record<string, Num> & { x: Arr; y: Arr })[];
  morris_summary: Record<string, Num>[];
  morris_raw: Record<string, Num> & { preT: Arr; postT: Arr; preC: Arr; postC: Arr };
  tables: (Record<string, Num> & { table: EffectSizeTable2x2 })[];
};

/** relative difference, with an absolute floor for values near 0 */
const diff = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));
function expectCI(r: EffectSizeResult, lo: number, hi: number, tol: number): void {
  expect(r.ci).not.toBeNull();
  expect(diff(r.ci!.lower, lo)).toBeLessThan(tol);
  expect(diff(r.ci!.upper, hi)).toBeLessThan(tol);
}

describe("Cohen's d, Hedges' g, Glass's Δ against R effectsize (ci_method = 'ncp')", () => {
  it('point estimates to 1e-10; CIs to 1e-8 against uniroot-solved limits and to 1e-4 against effectsize', () => {
    let worstVsEffectsize = 0;
    for (const c of ref.independent) {
      const level = c.level;
      const d = cohensD(c.x, c.y, { level });
      expect(diff(d.estimate, c.d)).toBeLessThan(1e-10);
      expectCI(d, c.d_lo_exact, c.d_hi_exact, 1e-8);
      expectCI(d, c.d_lo, c.d_hi, 1e-4);
      worstVsEffectsize = Math.max(worstVsEffectsize, diff(d.ci!.lower, c.d_lo), diff(d.ci!.upper, c.d_hi));
      const g = hedgesG(c.x, c.y, { level });
      expect(diff(g.estimate, c.g)).toBeLessThan(1e-10);
      expect(diff(g.details.J as number, c.J)).toBeLessThan(1e-12);
      expectCI(g, c.d_lo_exact * c.J, c.d_hi_exact * c.J, 1e-8);
      expectCI(g, c.g_lo, c.g_hi, 1e-4);
      const gd = glassDelta(c.x, c.y, { level });
      expect(diff(gd.estimate, c.delta)).toBeLessThan(1e-10);
      expectCI(gd, c.delta_lo_exact, c.delta_hi_exact, 1e-8);
      expectCI(gd, c.delta_lo, c.delta_hi, 1e-4);
    }
    expect(worstVsEffectsize).toBeGreaterThan(0); // effectsize's optim() is not exact: the comparison is real
  });
  it('names method, CI method, n and missing handling; drops missing values per group', () => {
    const c = ref.independent[3]; // has NAs
    const d = cohensD(c.x, c.y, { level: c.level });
    expect(d.method).toBe("Cohen's d (pooled SD)");
    expect(d.ciMethod).toMatch(/noncentral t inversion/);
    expect(d.n).toEqual({ n1: 50, n2: 40 });
    expect(d.missing).toBe(3);
    expect(d.missingHandling).toBe('listwise');
    expect(d.toJSON()).toMatchObject({ measure: 'cohens_d', ciLevel: 0.9 });
  });
  it('TSDoc examples', () => {
    expect(cohensD([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).apa()).toBe('d = 1.26, 95% CI [-0.15, 2.62]');
    expect(hedgesG([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).estimate).toBeCloseTo(1.14183943433777, 12);
    expect(hedgesJ(18)).toBeCloseTo(0.95764642702372, 13); // R: exp(lgamma(9) - log(sqrt(9)) - lgamma(8.5))
  });
  it('edge cases give StatsErrors that say why', () => {
    expect(() => cohensD([1], [2, 3])).toThrow(/at least 2 non-missing values/);
    expect(() => cohensD([null, NaN], [2, 3])).toThrow(StatsError);
    expect(() => cohensD([2, 2, 2], [3, 3])).toThrow(/zero variance/);
    expect(() => glassDelta([1, 2, 3], [4, 4, 4])).toThrow(/control group has zero variance/);
    expect(() => cohensD([1, 2], [3, 4], { level: 2 })).toThrow(/level/);
  });
  it('an extreme d still gets an estimate and a finite CI', () => {
    const d = cohensD([100, 101, 100.5, 100.2], [0, 0.5, 0.2, 0.3]);
    expect(d.estimate).toBeGreaterThan(200);
    expect(Number.isFinite(d.ci!.lower) && Number.isFinite(d.ci!.upper)).toBe(true);
    expect(d.ci!.lower).toBeLessThan(d.estimate);
  });
});

describe('repeated-measures d (d_z, d_rm, d_av, d_av_rms, d_b) against R', () => {
  it('matches the formulas of effectsize ≥ 0.8.7 and cohens_d on the differences, to 1e-10 / 1e-8', () => {
    for (const c of ref.paired) {
      const level = c.level;
      const z = repeatedMeasuresD(c.x, c.y, { method: 'z', level });
      expect(diff(z.estimate, c.d_z)).toBeLessThan(1e-10);
      expectCI(z, c.d_z_lo_exact, c.d_z_hi_exact, 1e-8);
      expectCI(z, c.d_z_lo, c.d_z_hi, 1e-4);
      for (const m of ['rm', 'av', 'av_rms', 'b'] as const) {
        const r = repeatedMeasuresD(c.x, c.y, { method: m, level });
        expect(diff(r.estimate, c[`d_${m}`])).toBeLessThan(1e-10);
        expectCI(r, c[`d_${m}_lo`], c[`d_${m}_hi`], 1e-10);
        const adj = repeatedMeasuresD(c.x, c.y, { method: m, level, adjust: true });
        expect(diff(adj.estimate, c[`d_${m}`] * c.J)).toBeLessThan(1e-10);
        expectCI(adj, c[`d_${m}_lo`] * c.J, c[`d_${m}_hi`] * c.J, 1e-10);
      }
      expect(diff(repeatedMeasuresD(c.x, c.y, { method: 'rm' }).details.r as number, c.r)).toBeLessThan(1e-12);
    }
  });
  it('reproduces Lakens (2013) movie-ratings example (Table 1): t(9) = 4.74, d_z = 1.50, d_av = 1.13, d_rm = 1.11, d_s = 1.13, g_s = 1.08', () => {
    const movie1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9];
    const movie2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7];
    const dz = repeatedMeasuresD(movie1, movie2, { method: 'z' });
    expect(dz.estimate * Math.sqrt(10)).toBeCloseTo(4.74, 2); // paired t
    expect(dz.estimate).toBeCloseTo(1.5, 10);
    expect(repeatedMeasuresD(movie1, movie2, { method: 'av' }).apa()).toBe('d_av = 1.13, 95% CI [0.66, 1.60]');
    expect(repeatedMeasuresD(movie1, movie2, { method: 'rm' }).estimate).toBeCloseTo(1.11, 2);
    expect(repeatedMeasuresD(movie1, movie2, { method: 'rm' }).details.r as number).toBeCloseTo(0.73, 2);
    // the same data analysed as two independent groups
    expect(cohensD(movie1, movie2).estimate).toBeCloseTo(1.13, 2);
    expect(cohensD(movie1, movie2).details.t as number).toBeCloseTo(2.52, 2);
    // Lakens uses the approximate J = 1 − 3/(4(n1+n2) − 9); the exact J gives the same to two decimals
    expect(hedgesG(movie1, movie2).estimate).toBeCloseTo(1.08, 2);
  });
  it('names the variant and its CI method', () => {
    const c = ref.paired[0];
    expect(repeatedMeasuresD(c.x, c.y, { method: 'av' }).method).toMatch(/mean of the two SDs, Lakens/);
    expect(repeatedMeasuresD(c.x, c.y, { method: 'av_rms' }).method).toMatch(/root mean square/);
    expect(repeatedMeasuresD(c.x, c.y, { method: 'b' }).ciMethod).toMatch(/Becker, 1988/);
    expect(repeatedMeasuresD(c.x, c.y, { method: 'z', adjust: true }).symbol).toBe('g_z');
    expect(repeatedMeasuresD(ref.paired[1].x, ref.paired[1].y).missing).toBe(2);
  });
  it('edge cases: r = 1 for d_rm, constant differences, too few pairs', () => {
    expect(() => repeatedMeasuresD([1, 2, 3, 4], [2, 4, 6, 8], { method: 'rm' })).toThrow(/correlation is 1/);
    expect(() => repeatedMeasuresD([2, 3, 4], [1, 2, 3], { method: 'z' })).toThrow(/SD of the differences = 0/);
    expect(() => repeatedMeasuresD([1, null], [2, 3], { method: 'z' })).toThrow(/at least 2 complete pairs/);
    expect(() => repeatedMeasuresD([1, 2, 3], [4, 4, 4], { method: 'b' })).toThrow(StatsError);
  });
});

describe('Morris (2008) d_ppc2', () => {
  it('reproduces the worked example (Carlson & Schmidt studies): study 5 d_ppc2 = 0.44 (Table 5)', () => {
    const s = ref.morris_summary[4];
    const r = morrisDppc2Summary(
      { meanPre: s.mpreT, meanPost: s.mpostT, sdPre: s.sdT, n: s.nT },
      { meanPre: s.mpreC, meanPost: s.mpostC, sdPre: s.sdC, n: s.nC },
      { rho: s.rho },
    );
    expect(r.estimate).toBeCloseTo(0.44, 2);
    expect(r.estimate).toBeCloseTo(0.43896, 5);
  });
  it('matches eq. 8–10 and eq. 25 evaluated in R for all five studies, to 1e-12', () => {
    for (const s of ref.morris_summary) {
      const r = morrisDppc2Summary(
        { meanPre: s.mpreT, meanPost: s.mpostT, sdPre: s.sdT, n: s.nT },
        { meanPre: s.mpreC, meanPost: s.mpostC, sdPre: s.sdC, n: s.nC },
        { rho: s.rho },
      );
      expect(diff(r.estimate, s.d)).toBeLessThan(1e-12);
      expect(diff(r.details.variance as number, s.var)).toBeLessThan(1e-12);
      expectCI(r, s.lo, s.hi, 1e-12);
    }
  });
  it('from raw data with the pooled within-group ρ, dropping incomplete pairs', () => {
    const m = ref.morris_raw;
    const r = morrisDppc2({ preT: m.preT, postT: m.postT, preC: m.preC, postC: m.postC });
    expect(diff(r.details.rho as number, m.rho)).toBeLessThan(1e-12);
    expect(diff(r.estimate, m.d)).toBeLessThan(1e-12);
    expectCI(r, m.lo, m.hi, 1e-12);
    expect(r.missing).toBe(1);
    expect(r.n).toEqual({ nTreatment: 17, nControl: 20 });
    expect(r.ciMethod).toMatch(/Morris \(2008, eq\. 25\)/);
  });
  it('rejects ρ = 1 and too-small groups', () => {
    const g = { meanPre: 1, meanPost: 2, sdPre: 1, n: 10 };
    expect(() => morrisDppc2Summary(g, g, { rho: 1 })).toThrow(/strictly between/);
    expect(() => morrisDppc2Summary({ ...g, n: 2 }, { ...g, n: 2 }, { rho: 0.5 })).toThrow(/more than 4/);
  });
});

describe('point-biserial, rank-biserial, probability of superiority, CL', () => {
  it('match cor.test, effectsize::rank_biserial and p_superiority, McGraw & Wong, to 1e-10 (1e-4 where effectsize uses optim)', () => {
    for (const c of ref.independent) {
      const level = c.level;
      const pb = pointBiserial(c.x, c.y, { level });
      expect(diff(pb.estimate, c.r_pb)).toBeLessThan(1e-10);
      expectCI(pb, c.r_pb_lo, c.r_pb_hi, 1e-10);
      const rb = rankBiserial(c.x, c.y, { level });
      expect(diff(rb.estimate, c.r_rb)).toBeLessThan(1e-12);
      expectCI(rb, c.r_rb_lo, c.r_rb_hi, 1e-10);
      const psn = probabilityOfSuperiority(c.x, c.y, { level });
      expect(diff(psn.estimate, c.ps_np)).toBeLessThan(1e-12);
      expectCI(psn, c.ps_np_lo, c.ps_np_hi, 1e-10);
      const psp = probabilityOfSuperiority(c.x, c.y, { level, parametric: true });
      expect(diff(psp.estimate, c.ps_p)).toBeLessThan(1e-10);
      expectCI(psp, c.ps_p_lo, c.ps_p_hi, 1e-4);
      expect(diff(clesMcGrawWong(c.x, c.y).estimate, c.cl_mw)).toBeLessThan(1e-12);
    }
  });
  it('paired rank-biserial matches effectsize::rank_biserial(paired = TRUE)', () => {
    for (const c of ref.paired) {
      const r = rankBiserialPaired(c.x, c.y, { level: c.level });
      expect(diff(r.estimate, c.r_rb)).toBeLessThan(1e-12);
      expectCI(r, c.r_rb_lo, c.r_rb_hi, 1e-10);
    }
    expect(() => rankBiserialPaired([1, 2, 3], [1, 2, 3])).toThrow(/every paired difference is zero/);
  });
  it('examples and formatting', () => {
    expect(rankBiserial([3, 5, 6, 9], [1, 2, 4, 5]).estimate).toBe(0.6875); // R effectsize: 0.6875
    expect(rankBiserial([3, 5, 6, 9], [1, 2, 4, 5]).apa()).toMatch(/^r_rb = \.69, 95% CI \[-?\.\d\d, \.\d\d\]$/);
    expect(pointBiserial([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).estimate).toBeCloseTo(0.5773502691896258, 12);
    expect(clesMcGrawWong([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).ci).toBeNull();
    expect(() => pointBiserial([2, 2], [2, 2])).toThrow(/zero variance/);
  });
});

describe('odds ratio and risk difference against R', () => {
  it('Woolf OR matches effectsize::oddsratio; conditional MLE matches fisher.test (1e-3, its uniroot tolerance) and a tight uniroot (1e-8)', () => {
    for (const c of ref.tables) {
      const w = oddsRatio(c.table, { level: c.level });
      expect(diff(w.estimate, c.or)).toBeLessThan(1e-12);
      expectCI(w, c.or_lo, c.or_hi, 1e-10);
      const m = oddsRatio(c.table, { level: c.level, method: 'conditional-mle' });
      expect(Math.abs(m.estimate - c.cmle_est) / c.cmle_est).toBeLessThan(1e-8);
      expect(Math.abs(m.ci!.lower - c.cmle_lo) / c.cmle_lo).toBeLessThan(1e-8);
      expect(Math.abs(m.ci!.upper - c.cmle_hi) / c.cmle_hi).toBeLessThan(1e-8);
      expect(Math.abs(m.estimate - c.fisher_est) / c.fisher_est).toBeLessThan(1e-3);
      expect(Math.abs(m.ci!.lower - c.fisher_lo) / c.fisher_lo).toBeLessThan(1e-3);
      expect(Math.abs(m.ci!.upper - c.fisher_hi) / c.fisher_hi).toBeLessThan(1e-3);
    }
  });
  it('risk difference: Wald matches prop.test, Newcombe matches the hybrid-score formula with prop.test Wilson limits', () => {
    for (const c of ref.tables) {
      const w = riskDifference(c.table, { level: c.level, method: 'wald' });
      expect(diff(w.estimate, c.rd)).toBeLessThan(1e-12);
      expectCI(w, c.rd_wald_lo, c.rd_wald_hi, 1e-10);
      const nw = riskDifference(c.table, { level: c.level });
      expectCI(nw, c.rd_newcombe_lo, c.rd_newcombe_hi, 1e-10);
    }
    expect(riskDifference([[12, 8], [5, 15]]).apa()).toBe('RD = .35, 95% CI [.04, .58]');
  });
  it('zero cells and bad tables', () => {
    expect(() => oddsRatio([[0, 10], [5, 5]])).toThrow(/haldaneCorrection/);
    const h = oddsRatio([[0, 10], [5, 5]], { haldaneCorrection: true });
    expect(h.estimate).toBeCloseTo((0.5 * 5.5) / (10.5 * 5.5), 12);
    expect(h.notes[0]).toMatch(/Haldane/);
    const m = oddsRatio([[0, 10], [5, 5]], { method: 'conditional-mle' });
    expect(m.estimate).toBe(0);
    expect(m.ci!.lower).toBe(0);
    expect(() => oddsRatio([[0, 0], [5, 5]])).toThrow(/empty row or column/);
    expect(() => riskDifference([[1.5, 2], [3, 4]] as unknown as EffectSizeTable2x2)).toThrow(/whole counts/);
    expect(oddsRatio([[12, 8], [5, 15]]).estimate).toBe(4.5);
  });
});

describe('TSDoc examples of every public function', () => {
  const x = [5, 6, 7, 8, 9];
  const y = [3, 4, 5, 6, 7];
  it('glassDelta, probabilityOfSuperiority, clesMcGrawWong', () => {
    expect(glassDelta(x, y).apa()).toBe('Δ = 1.26, 95% CI [-0.28, 2.72]');
    expect(probabilityOfSuperiority(x, y).apa()).toBe('PS = .82, 95% CI [.50, .95]');
    expect(clesMcGrawWong(x, y).estimate).toBeCloseTo(0.814453315238651, 12);
  });
  it('rankBiserialPaired, morrisDppc2, oddsRatio, pointBiserial', () => {
    const r = rankBiserialPaired([3, 5, 4, 8, 6], [2, 5, 5, 4, 3]);
    expect(r.estimate).toBeCloseTo(0.7, 14);
    expect(r.details).toMatchObject({ Tplus: 8.5, Tminus: 1.5, zeroDifferencesDropped: 1 });
    const m = morrisDppc2({ preT: [10, 12, 14, 16], postT: [14, 15, 19, 20], preC: [11, 13, 15, 17], postC: [12, 13, 17, 18] });
    expect(m.estimate).toBeCloseTo((3 / Math.sqrt(20 / 3)) * (1 - 3 / 23), 12);
    expect(m.estimate).toBeCloseTo(1.0103, 4);
    expect(oddsRatio([[12, 8], [5, 15]], { method: 'conditional-mle' }).estimate).toBeCloseTo(4.3196, 4);
    expect(pointBiserial(x, y).estimate).toBeCloseTo(0.5773503, 7);
  });
});

describe('properties (fast-check, few runs)', () => {
  it("Cohen's d is antisymmetric: d(x, y) = −d(y, x) with mirrored CI", async () => {
    const fc = await import('fast-check');
    const arr = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 3, maxLength: 12 });
    fc.assert(
      fc.property(arr, arr, (a, b) => {
        let d1;
        try {
          d1 = cohensD(a, b);
        } catch (e) {
          return e instanceof StatsError; // zero variance is the only allowed failure
        }
        const d2 = cohensD(b, a);
        return (
          Math.abs(d1.estimate + d2.estimate) <= 1e-12 * Math.max(1, Math.abs(d1.estimate)) &&
          Math.abs(d1.ci!.lower + d2.ci!.upper) <= 1e-7 * Math.max(1, Math.abs(d1.ci!.lower)) &&
          d1.ci!.lower <= d1.estimate && d1.estimate <= d1.ci!.upper
        );
      }),
      { numRuns: 25, seed: 42 },
    );
  });
});
