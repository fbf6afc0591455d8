/**
 * gasTScore against worked values of the Kiresuk–Sherman formula
 * T = 50 + 10·Σwᵢxᵢ / √((1−ρ)Σwᵢ² + ρ(Σwᵢ)²), computed by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gasTScore } from '../../src/instruments/index.js';
import { StatsError } from '../../src/stats/result.js';

const rel = (a: number | null, b: number) => {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b) / Math.abs(b)).toBeLessThan(1e-12);
};

describe('gasTScore worked values', () => {
  it('one goal at +2 → 70 for any ρ (10·2w/√((1−ρ)w² + ρw²) = 20)', () => {
    for (const rho of [0, 0.3, 0.5, 1]) rel(gasTScore([2], undefined, rho).tScore, 70);
    rel(gasTScore([2], [4]).tScore, 70);
    rel(gasTScore([-1]).tScore, 40);
  });

  it('goals [2, 1, 1], unweighted, ρ = .3 → 50 + 40/√4.8 = 68.2574185835…', () => {
    // Σx = 4, Σw = 3, Σw² = 3: √(.7·3 + .3·9) = √4.8 = 2.19089…; 10·4/2.19089 = 18.2574…
    const r = gasTScore([2, 1, 1]);
    rel(r.tScore, 50 + 40 / Math.sqrt(4.8));
    rel(r.tScore, 68.25741858350554);
    expect(r).toMatchObject({ goalsScored: 3, sumWeights: 3, weighted: false, rho: 0.3 });
  });

  it('ρ = 0 limit: T = 50 + 10·Σx/√n ([2,1,1] → 50 + 40/√3 = 73.0940107676)', () => {
    rel(gasTScore([2, 1, 1], undefined, 0).tScore, 50 + 40 / Math.sqrt(3));
    rel(gasTScore([2, 1, 1], undefined, 0).tScore, 73.09401076758503);
  });

  it('ρ = 1 limit: T = 50 + 10·Σwx/Σw, i.e. 50 + 10 × the (weighted) mean ([2,1,1] → 63.3333)', () => {
    rel(gasTScore([2, 1, 1], undefined, 1).tScore, 50 + 40 / 3);
    // weighted: (3·2 + 1·(−1)) / 4 = 1.25 → 62.5
    rel(gasTScore([2, -1], [3, 1], 1).tScore, 62.5);
  });

  it('weighted: goals [2, –, −1], weights [3, 1, 1], ρ = .3 → 50 + 50/√11.8 = 64.5555627…', () => {
    // scored goals 1 and 3: Σwx = 3·2 + 1·(−1) = 5; Σw = 4; Σw² = 10; √(.7·10 + .3·16) = √11.8
    const r = gasTScore([2, null, -1], [3, 1, 1]);
    rel(r.tScore, 50 + 50 / Math.sqrt(11.8));
    rel(r.tScore, 64.55556274348955);
    expect(r).toMatchObject({ goalsScored: 2, sumWeights: 4, weighted: true });
  });

  it('weighted, five goals: x = [1, 0, −1, 2, 1], w = [1, 2, 3, 1, 2], ρ = .3', () => {
    // Σwx = 1 + 0 − 3 + 2 + 2 = 2; Σw = 9; Σw² = 1+4+9+1+4 = 19; √(.7·19 + .3·81) = √(13.3 + 24.3) = √37.6
    rel(gasTScore([1, 0, -1, 2, 1], [1, 2, 3, 1, 2]).tScore, 50 + 20 / Math.sqrt(37.6));
    rel(gasTScore([1, 0, -1, 2, 1], [1, 2, 3, 1, 2]).tScore, 53.26164036526721);
  });

  it('all goals at the expected level → 50; all five at −2 → 50 − 100/√11', () => {
    expect(gasTScore([0, 0, 0]).tScore).toBe(50);
    rel(gasTScore([-2, -2, -2, -2, -2]).tScore, 50 - 100 / Math.sqrt(11));
  });

  it('the documented examples', () => {
    expect(gasTScore([2, 1, 1]).tScore).toBe(68.25741858350554);
    expect(gasTScore([2, null, -1], [3, 1, 1]).tScore).toBeCloseTo(64.5556, 4);
    expect(gasTScore([null, null]).reason).toBe('no goal scored');
  });
});

describe('gasTScore edge cases', () => {
  it('no goal scored → null with a reason (unscored goals are not goals)', () => {
    expect(gasTScore([])).toMatchObject({ tScore: null, goalsScored: 0, reason: 'no goal scored' });
    expect(gasTScore([null, undefined, NaN])).toMatchObject({ tScore: null, reason: 'no goal scored' });
  });

  it('unscored goals are dropped, not prorated: [2, null, null] equals [2]', () => {
    expect(gasTScore([2, null, null]).tScore).toBe(gasTScore([2]).tScore);
  });

  it('a missing weight on a scored goal means 1; a weight on an unscored goal is ignored', () => {
    expect(gasTScore([2, 1, 1], [null, 1, undefined]).tScore).toBe(gasTScore([2, 1, 1]).tScore);
    expect(gasTScore([2, null], [1, -5]).tScore).toBe(70);
  });

  it('non-positive or infinite weight on a scored goal → null with a reason', () => {
    expect(gasTScore([2, 1], [1, 0])).toMatchObject({ tScore: null, reason: 'goal 2 has weight 0; weights must be positive numbers' });
    expect(gasTScore([2, 1], [-1, 1]).reason).toBe('goal 1 has weight -1; weights must be positive numbers');
    expect(gasTScore([2, 1], [Infinity, 1]).tScore).toBeNull();
  });

  it('invalid ρ or mismatched lengths throw a StatsError', () => {
    expect(() => gasTScore([1], undefined, 1.5)).toThrow(StatsError);
    expect(() => gasTScore([1], undefined, -0.1)).toThrow(/rho .* must be between 0 and 1; got -0.1/);
    expect(() => gasTScore([1], undefined, NaN)).toThrow(StatsError);
    expect(() => gasTScore([1, 2], [1])).toThrow('GAS T-score: 2 goals but 1 weights; give one weight per goal (null for weight 1).');
  });
});

describe('gasTScore properties', () => {
  const goal = fc.integer({ min: -2, max: 2 });
  const weight = fc.double({ min: 0.1, max: 10, noNaN: true });

  it('is invariant to the order of goals and to multiplying all weights by a constant', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(goal, weight), { minLength: 1, maxLength: 5 }), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (gw, c, rho) => {
        const x = gw.map((p) => p[0]);
        const w = gw.map((p) => p[1]);
        const t = gasTScore(x, w, rho).tScore as number;
        const tRev = gasTScore([...x].reverse(), [...w].reverse(), rho).tScore as number;
        const tScaled = gasTScore(x, w.map((v) => v * c), rho).tScore as number;
        return Math.abs(t - tRev) < 1e-9 && Math.abs(t - tScaled) < 1e-9;
      }),
      { numRuns: 200 },
    );
  });

  it('stays within the range of every goal at its extreme with equal weights (50 ± 20·√(n/(1−ρ+ρn)))', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(goal, weight), { minLength: 1, maxLength: 5 }), fc.double({ min: 0, max: 1, noNaN: true }), (gw, rho) => {
        const n = gw.length;
        const bound = 20 * Math.sqrt(n / (1 - rho + rho * n));
        const t = gasTScore(gw.map((p) => p[0]), gw.map((p) => p[1]), rho).tScore as number;
        return t >= 50 - bound - 1e-9 && t <= 50 + bound + 1e-9;
      }),
      { numRuns: 200 },
    );
  });
});
