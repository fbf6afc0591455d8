/**
 * The library's lean bootstrap path (no checks or result objects per resample, copy-free jackknife) gives
 * exactly — bit for bit — the replicates and intervals that the checked path gave before the lean path
 * existed: tests/fixtures/bootstrap/pinned.json was written by tests/fixtures/bootstrap/pinned.ts at commit
 * 921cb6a through `bootstrap()` with user statistics calling `hedgesG` / `cohensD` / `glassDelta`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrap, bootstrapEngine, bootstrapJackknifeInfluence, type BootstrapResult, type LeanStatistic } from '../../src/stats/bootstrap.js';
import { cohensD, glassDelta, hedgesG, smdLeanStatistic } from '../../src/stats/effsize/smd.js';
import { finiteValues, StatsError } from '../../src/stats/result.js';
import { mean, meanVariancePair, variance } from '../../src/stats/moments.js';
import { createRng } from '../../src/stats/random.js';
import { benchSamples, smallSamples, type PinnedCase } from '../fixtures/bootstrap/pinned.js';

const pinned = JSON.parse(readFileSync(new URL('../fixtures/bootstrap/pinned.json', import.meta.url), 'utf8')) as { cases: PinnedCase[] };
const find = (measure: string, data: string, order: string): PinnedCase => {
  const c = pinned.cases.find((k) => k.measure === measure && k.data === data && k.order === order);
  if (!c) throw new Error(`no pinned case ${measure}/${data}/${order}`);
  return c;
};

/** Every pinned number, compared exactly. */
function expectPinned(r: BootstrapResult, c: PinnedCase): void {
  expect(r.estimate).toBe(c.estimate);
  expect(r.se).toBe(c.se);
  expect(r.bias).toBe(c.bias);
  expect(r.intervals.validReplicates).toBe(c.validReplicates);
  let s = 0;
  for (const v of r.replicates) s += v;
  expect(s).toBe(c.replicateSum);
  expect(Array.from(r.replicates.subarray(0, 5))).toEqual(c.replicatesHead);
  if (c.influenceSum !== undefined) {
    let si = 0;
    for (const v of r.influence ?? []) si += v;
    expect(si).toBe(c.influenceSum);
  }
  const { percentile, bca, normal, bc } = r.intervals;
  expect(JSON.parse(JSON.stringify({ percentile, bca, normal, bc }))).toEqual(c.intervals);
}

const { x, y } = benchSamples();
const small = smallSamples();
const a = finiteValues(small.a).values;
const b = finiteValues(small.b).values;

describe('bootstrap of standardized mean differences: pinned to the values before the lean path', () => {
  it("the checked path (bootstrap() with a user statistic calling hedgesG) still gives today's bench:stats interval", () => {
    const c = find('hedges_g', 'bench', 'x,y');
    const r = bootstrap({ samples: [x, y], statistic: (p, q) => hedgesG(q, p, { ci: false }).estimate, resamples: c.resamples, seed: c.seed, method: c.method });
    expectPinned(r, c);
    expect(r.bca?.lower).toBe(0.26275048153802116); // the bench's printed "95% CI [0.26, 0.44]"
  });

  it('the lean statistic through the same engine gives the same replicates and interval, also with the samples swapped', () => {
    const c = find('hedges_g', 'bench', 'x,y');
    const lean = smdLeanStatistic('hedges_g', y.length, x.length);
    const swapped: LeanStatistic = {
      evaluate: (p, q) => lean.evaluate(q, p),
      leaveOneOut: (data, g, i) => lean.leaveOneOut!([data[1], data[0]], 1 - g, i),
    };
    expectPinned(bootstrapEngine([x, y], swapped, { resamples: c.resamples, seed: c.seed, method: c.method }), c);
  });

  it("hedgesG(y, x, { bootstrap }) equals the pinned bootstrap of g on [y, x] (10,000 resamples, n1 = n2 = 1,000)", () => {
    const c = find('hedges_g', 'bench', 'y,x');
    expectPinned(bootstrapEngine([y, x], smdLeanStatistic('hedges_g', y.length, x.length), { resamples: c.resamples, seed: c.seed, method: 'all' }), c);
    const r = hedgesG(y, x, { bootstrap: { seed: c.seed, resamples: c.resamples } });
    const bca = c.intervals.bca as { lower: number; upper: number; z0: number; acceleration: number };
    expect(r.estimate).toBe(c.estimate);
    expect([r.ci?.lower, r.ci?.upper]).toEqual([bca.lower, bca.upper]);
    expect(r.details.bootstrapZ0).toBe(bca.z0);
    expect(r.details.bootstrapAcceleration).toBe(bca.acceleration);
    expect(r.details.bootstrapSE).toBe(c.se);
    expect(r.ciMethod).toBe('bootstrap BCa (Efron, 1987; boot.ci "bca"), 10000 resamples within groups (seed 20261122)');
    expect(r.apa()).toBe('g = 0.35, 95% CI [0.27, 0.44]');
  });

  const smallCases = [
    { measure: 'hedges_g', fn: hedgesG },
    { measure: 'cohens_d', fn: cohensD },
    { measure: 'glass_delta', fn: glassDelta },
  ] as const;
  for (const { measure, fn } of smallCases) {
    it(`${measure}: unequal groups with missing values, every interval type, through the engine and the public option`, () => {
      const c = find(measure, 'small', 'a,b');
      expectPinned(bootstrapEngine([a, b], smdLeanStatistic(measure, a.length, b.length), { resamples: c.resamples, seed: c.seed, method: 'all' }), c);
      for (const method of ['bca', 'percentile', 'bc', 'normal'] as const) {
        const r = fn(small.a, small.b, { bootstrap: { seed: c.seed, resamples: c.resamples, method }, level: 0.95 });
        const want = c.intervals[method === 'bca' ? 'bca' : method] as { lower: number; upper: number };
        expect([r.ci?.lower, r.ci?.upper], method).toEqual([want.lower, want.upper]);
        expect(r.estimate).toBe(c.estimate);
        expect(r.missing).toBe(3);
      }
    });
  }

  it('meanVariancePair (two positions per step) equals mean and variance of each array bit for bit, for every pair of lengths 0 … 9', () => {
    const rng = createRng(7);
    const out = new Float64Array(4);
    for (let nx = 0; nx <= 9; nx++) {
      for (let ny = 0; ny <= 9; ny++) {
        // values of mixed sign and size, so that the compensated sums take both branches
        const x = Float64Array.from({ length: nx }, () => rng.normal(0, 1) * 10 ** rng.int(6));
        const y = Float64Array.from({ length: ny }, () => rng.normal(0.3, 1) * 10 ** rng.int(6));
        meanVariancePair(x, y, out);
        const mx = mean(x);
        const my = mean(y);
        expect(Array.from(out), `${nx}, ${ny}`).toEqual([mx, variance(x, mx), my, variance(y, my)]);
      }
    }
  });

  it('leaveOneOut equals the checked function on the copied leave-one-out samples, bit for bit', () => {
    for (const { measure, fn } of smallCases) {
      const lean = smdLeanStatistic(measure, a.length, b.length);
      const viaCopies = bootstrapJackknifeInfluence([a, b], (p, q) => fn(p, q, { ci: false }).estimate);
      const t0 = lean.evaluate(a.slice(), b.slice());
      const direct = new Float64Array(a.length + b.length);
      for (let i = 0; i < a.length; i++) direct[i] = (a.length - 1) * (t0 - lean.leaveOneOut!([a, b], 0, i));
      for (let i = 0; i < b.length; i++) direct[a.length + i] = (b.length - 1) * (t0 - lean.leaveOneOut!([a, b], 1, i));
      expect(Array.from(direct)).toEqual(Array.from(viaCopies));
    }
  });

  it('a resample or leave-one-out with zero variance gives NaN (counted, not thrown); the public functions still check their input', () => {
    const lean = smdLeanStatistic('hedges_g', 2, 2);
    expect(lean.evaluate(new Float64Array([1, 1]), new Float64Array([2, 2]))).toBeNaN();
    expect(lean.leaveOneOut!([new Float64Array([1, 2]), new Float64Array([3, 5])], 0, 0)).toBeNaN(); // J(1) undefined
    expect(() => hedgesG([1, 2, 3], [4], { bootstrap: { seed: 1 } })).toThrow(StatsError);
    expect(() => hedgesG([1, 2, 3], [4, 6], { bootstrap: { seed: 1.5 } })).toThrow(/seed must be an integer/);
    expect(() => hedgesG([1, 2, 3], [4, 6], { ci: false, bootstrap: { seed: 1 } })).toThrow(/bootstrap CI and for no CI/);
    const r = glassDelta([1, 2, 3, 4, 5, 6], [2, 2, 2, 2, 2, 3], { bootstrap: { seed: 2, resamples: 200, method: 'percentile' } });
    expect(r.ci?.lower).toBeLessThan(r.ci!.upper);
    expect(r.notes.join(' ')).toMatch(/were not finite/); // resamples of a constant control group
  });
});
