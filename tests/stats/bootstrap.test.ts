import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bootstrap,
  bootstrapAcceleration,
  bootstrapIntervals,
  bootstrapJackknifeInfluence,
  floorDivide,
  type BootstrapStatistic,
} from '../../src/stats/bootstrap.js';
import { mean, sortedCopy, quantileSorted, variance } from '../../src/stats/moments.js';
import { StatsError } from '../../src/stats/result.js';
import { chiSquared } from '../../src/stats/distributions.js';
import { createRng } from '../../src/stats/random.js';

interface Case {
  statistic: 'mean' | 'median' | 'hedges_g';
  data: number[][];
  conf: number;
  t0: number;
  t: (number | null)[];
  L: number[];
  a: number;
  z0: number;
  percent: [number, number];
  bca: [number, number];
}
const ref = JSON.parse(readFileSync(new URL('../reference/bootstrap.json', import.meta.url), 'utf8')) as {
  cases: Record<string, Case>;
};

function close(actual: number, expected: number, tol = 1e-9): void {
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected) / scale, `${actual} vs ${expected}`).toBeLessThan(tol);
}

// Same formula as hedges_g() in tests/reference/bootstrap.R (exact J via log-gamma).
function lgamma(x: number): number {
  // Lanczos (g = 7, n = 9); ample for df ≥ 1 at the 1e-12 level needed here
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}
const hedgesG: BootstrapStatistic = (x, y) => {
  const n1 = x.length;
  const n2 = y.length;
  const df = n1 + n2 - 2;
  const sp = Math.sqrt(((n1 - 1) * variance(x) + (n2 - 1) * variance(y)) / df);
  const J = Math.exp(lgamma(df / 2) - Math.log(Math.sqrt(df / 2)) - lgamma((df - 1) / 2));
  return (J * (mean(y) - mean(x))) / sp;
};
const median: BootstrapStatistic = (x) => quantileSorted(sortedCopy(x), 0.5);
const statistics: Record<Case['statistic'], BootstrapStatistic> = { mean: (x) => mean(x), median, hedges_g: hedgesG };

describe('bootstrapIntervals against boot::boot.ci 1.3-28 on R replicates (tests/reference/bootstrap.R)', () => {
  for (const [name, c] of Object.entries(ref.cases)) {
    it(`${name}: percentile and BCa endpoints, z0 and a`, () => {
      const replicates = c.t.map((v) => (v === null ? NaN : v));
      const res = bootstrapIntervals({ replicates, estimate: c.t0, level: c.conf, method: 'both', influence: c.L });
      close(res.percentile!.lower, c.percent[0]);
      close(res.percentile!.upper, c.percent[1]);
      close(res.bca!.lower, c.bca[0]);
      close(res.bca!.upper, c.bca[1]);
      close(res.bca!.z0, c.z0);
      close(res.bca!.acceleration, c.a);
      const nMissing = c.t.filter((v) => v === null).length;
      expect(res.invalidReplicates).toBe(nMissing);
      expect(res.validReplicates).toBe(c.t.length - nMissing);
      if (nMissing > 0) expect(res.warnings.join(' ')).toMatch(new RegExp(`${nMissing} of ${c.t.length}`));
    });

    it(`${name}: jackknife influence values and acceleration equal boot's empinf(type = "jack")`, () => {
      const L = bootstrapJackknifeInfluence(c.data, statistics[c.statistic]);
      expect(L.length).toBe(c.L.length);
      for (let i = 0; i < L.length; i++) close(L[i], c.L[i], 1e-9);
      close(bootstrapAcceleration(L), c.a, 1e-9);
    });
  }

  it('a statistic that sorts its argument in place does not corrupt the jackknife (medianTies)', () => {
    const c = ref.cases.medianTies;
    const inPlace: BootstrapStatistic = (x) => quantileSorted(x.sort(), 0.5);
    const L = bootstrapJackknifeInfluence(c.data, inPlace);
    for (let i = 0; i < L.length; i++) close(L[i], c.L[i], 1e-12);
  });

  it('fewReplicates warns about extreme order statistics, as boot does', () => {
    const c = ref.cases.fewReplicates;
    const res = bootstrapIntervals({ replicates: c.t as number[], estimate: c.t0, method: 'percentile' });
    expect(res.warnings.join(' ')).toMatch(/Extreme order statistics/);
    expect(res.bca).toBeUndefined();
  });

  it('TSDoc example', () => {
    const r = bootstrapIntervals({ replicates: [1, 2, 3, 4, 5, 6, 7, 8, 9], estimate: 5, level: 0.8, method: 'percentile' });
    expect(r.percentile?.lower).toBe(1);
    expect(r.percentile?.upper).toBe(9);
    expect(Array.from(bootstrapJackknifeInfluence([[1, 2, 6]], (x) => mean(x)))).toEqual([-2, -1, 3]);
    expect(bootstrapAcceleration([-2, -1, 3])).toBeCloseTo(18 / (6 * 14 ** 1.5), 15);
    expect(bootstrapAcceleration([-2, -1, 3]).toFixed(7)).toBe('0.0572703');
  });
});

describe('bootstrapIntervals degenerate cases', () => {
  it('all replicates equal → NaN intervals with a reason', () => {
    const r = bootstrapIntervals({ replicates: new Float64Array(100).fill(2.5), estimate: 2.5, method: 'both', influence: [1, -1] });
    expect(r.percentile!.lower).toBeNaN();
    expect(r.percentile!.reason).toMatch(/all 100 finite bootstrap replicates equal 2.5/);
    expect(r.bca!.upper).toBeNaN();
    expect(r.bca!.reason).toMatch(/does not vary/);
    // also for a negative constant, where boot's own tolerance test never fires
    const neg = bootstrapIntervals({ replicates: new Float64Array(50).fill(-1), estimate: -1, method: 'percentile' });
    expect(neg.percentile!.reason).toMatch(/equal -1/);
  });

  it('every replicate on one side of the estimate → infinite z0, NaN BCa with reason, percentile still given', () => {
    const reps = Float64Array.from({ length: 99 }, (_, i) => 10 + i);
    const r = bootstrapIntervals({ replicates: reps, estimate: 5, method: 'both', influence: [1, -2, 1.5] });
    expect(r.bca!.lower).toBeNaN();
    expect(r.bca!.reason).toMatch(/no bootstrap replicate lies below/);
    // boot:::norm.inter(10:108, c(0.025, 0.975)) = 11.542249498839757, 106.457750501160248
    close(r.percentile!.lower, 11.542249498839757, 1e-12);
    close(r.percentile!.upper, 106.457750501160248, 1e-12);
  });

  it('zero influence values → NaN acceleration and NaN BCa with reason', () => {
    const reps = Float64Array.from({ length: 99 }, (_, i) => i);
    const r = bootstrapIntervals({ replicates: reps, estimate: 50, method: 'bca', influence: [0, 0, 0] });
    expect(bootstrapAcceleration([0, 0, 0])).toBeNaN();
    expect(r.bca!.reason).toMatch(/acceleration is undefined/);
  });

  it('fewer than 2 finite replicates → NaN with reason; BCa without influence values → reason', () => {
    const r = bootstrapIntervals({ replicates: [NaN, 1, NaN], estimate: 1, method: 'both' });
    expect(r.percentile!.reason).toMatch(/only 1 finite/);
    expect(r.invalidReplicates).toBe(2);
    const noL = bootstrapIntervals({ replicates: [1, 2, 3, 4], estimate: 2.5, method: 'bca' });
    expect(noL.bca!.reason).toMatch(/influence/);
  });
});

describe('bootstrap (seeded resampling)', () => {
  const x = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 6.1, 3.9, 4.2];
  const y = [4.0, 5.1, 3.9, 6.6, 5.2, 4.8, 7.0, 5.5, null, 6.1, 4.9];

  it('same seed → identical replicates and interval; different seed → different replicates', () => {
    const opts = { samples: [x, y], statistic: hedgesG, resamples: 500, method: 'both' as const };
    const a = bootstrap({ ...opts, seed: 42 });
    const b = bootstrap({ ...opts, seed: 42 });
    const c = bootstrap({ ...opts, seed: 43 });
    expect(Array.from(b.replicates)).toEqual(Array.from(a.replicates));
    expect(b.toJSON()).toEqual(a.toJSON());
    let differ = 0;
    for (let i = 0; i < 500; i++) if (a.replicates[i] !== c.replicates[i]) differ++;
    expect(differ).toBeGreaterThan(490);
    expect(c.bca!.lower).not.toBe(a.bca!.lower);
  });

  it('resamples within each sample (strata): a statistic of group sizes never changes', () => {
    const r = bootstrap({ samples: [x, y], statistic: (p, q) => p.length * 100 + q.length, resamples: 50, seed: 1, method: 'percentile' });
    expect(r.percentile!.reason).toMatch(/does not vary/);
    expect(r.apa()).toMatch(/^estimate = 1010.00 \(no percentile bootstrap CI: all 50 finite bootstrap replicates equal 1010/);
    expect(r.n).toEqual([10, 10]);
    expect(r.missing).toEqual([0, 1]);
  });

  it('resampled values come from their own sample only', () => {
    let ok = true;
    const xs = new Set(x);
    const ys = new Set(y.filter((v): v is number => v !== null));
    bootstrap({
      samples: [x, y],
      statistic: (p, q) => {
        for (const v of p) if (!xs.has(v)) ok = false;
        for (const v of q) if (!ys.has(v)) ok = false;
        return mean(p) - mean(q);
      },
      resamples: 200,
      seed: 9,
    });
    expect(ok).toBe(true);
  });

  it('resample indices are uniform and adjacent indices independent (several indices per uniform)', () => {
    // n = 7 packs 18 indices into each 53-bit uniform (7^18 < 2^53); n = 1000 packs 5.
    for (const n of [7, 1000]) {
      const values = Array.from({ length: n }, (_, i) => i);
      const counts = new Float64Array(n);
      const k = Math.min(n, 7);
      const pairs = new Float64Array(k * k);
      const R = n === 7 ? 3000 : 60;
      let calls = 0;
      bootstrap({
        samples: [values],
        statistic: (v) => {
          if (calls++ === 0) return v[0]; // the first call is the original data, not a resample
          for (let i = 0; i < v.length; i++) counts[v[i]]++;
          for (let i = 0; i + 1 < v.length; i++) pairs[(v[i] % k) * k + (v[i + 1] % k)]++;
          return v[0];
        },
        resamples: R,
        seed: 17,
        method: 'percentile',
      });
      // pairs are tabulated by value mod 7; for n = 1000 (1000 mod 7 ≠ 0) the cells are not equally
      // likely, so the expected counts use the exact cell probabilities
      const chi = (obs: Float64Array, expected: (i: number) => number) => {
        let s = 0;
        for (let i = 0; i < obs.length; i++) s += (obs[i] - expected(i)) ** 2 / expected(i);
        return s;
      };
      expect(calls).toBe(R + 1);
      const perValue = R;
      expect(chi(counts, () => perValue)).toBeLessThan(chiSquared.quantile(0.9999, n - 1));
      const totalPairs = pairs.reduce((a, b) => a + b, 0);
      const pr = new Float64Array(k);
      for (let i = 0; i < n; i++) pr[i % k] += 1 / n;
      expect(chi(pairs, (c) => totalPairs * pr[Math.floor(c / k)] * pr[c % k])).toBeLessThan(
        chiSquared.quantile(0.9999, k * k - 1),
      );
    }
  });

  it('resample indices are exactly the base-n digits of K mod n^m, lowest first, with K ≥ limit rejected (BigInt reference)', () => {
    // The definition of the index stream, written out with exact integers: the resampler's faster
    // arithmetic (two divisions, reciprocals, `| 0`) must give these indices for every n — including
    // n whose low part exceeds 2^31 (1500, 100,000) and partial last groups (n not a multiple of m).
    const TWO53 = 2 ** 53;
    const reference = (sizes: number[], seed: number, R: number): number[][] => {
      const rng = createRng(seed);
      const plans = sizes.map((n) => {
        let best = { m: 1, span: n };
        let bestScore = (TWO53 - (TWO53 % n)) / TWO53;
        for (let m = 2, span = n; span * n <= TWO53; m++) {
          span *= n;
          const score = (m * (TWO53 - (TWO53 % span))) / TWO53;
          if (score > bestScore) [best, bestScore] = [{ m, span }, score];
        }
        return { n: BigInt(n), m: best.m, span: BigInt(best.span), limit: BigInt(TWO53 - (TWO53 % best.span)) };
      });
      const out: number[][] = [];
      for (let r = 0; r < R; r++) {
        for (const p of plans) {
          const idx: number[] = [];
          while (idx.length < Number(p.n)) {
            const K = BigInt(rng.next() * TWO53);
            if (K >= p.limit) continue;
            let j = K % p.span;
            for (let d = 0; d < p.m && idx.length < Number(p.n); d++) {
              idx.push(Number(j % p.n));
              j /= p.n;
            }
          }
          out.push(idx);
        }
      }
      return out;
    };
    for (const sizes of [[2, 3], [7, 1000], [999, 1001], [1500, 37], [100_000], [46_341, 5]]) {
      const R = sizes[0] >= 10_000 ? 2 : 6;
      const got: number[][] = [];
      let first = true;
      bootstrap({
        samples: sizes.map((n) => Array.from({ length: n }, (_, i) => i)),
        statistic: (...bufs) => {
          if (first) first = false; // the first call is the original data, not a resample
          else for (const b of bufs) got.push(Array.from(b));
          return 0;
        },
        resamples: R,
        seed: 99,
        method: 'percentile',
      });
      expect(got, sizes.join(',')).toEqual(reference(sizes, 99, R));
    }
  });

  it('floorDivide is ⌊a / d⌋ exactly next to multiples of d up to 2^53, where the product with 1/d rounds across an integer', () => {
    let corrected = 0;
    for (const d of [2, 3, 7, 10, 49, 97, 1000, 1001, 3 ** 20, 10 ** 9, 2 ** 26 + 1, 999_999_937]) {
      const D = BigInt(d);
      for (const k of [1n, 2n, 3n, 12345n, (2n ** 53n - 1n) / D - 1n, (2n ** 53n - 1n) / D]) {
        for (const delta of [-1n, 0n, 1n]) {
          const a = k * D + delta;
          if (a < 0n || a >= 2n ** 53n) continue;
          const want = Number(a / D);
          expect(floorDivide(Number(a), d, 1 / d), `${a} / ${d}`).toBe(want);
          if (Math.floor(Number(a) * (1 / d)) !== want) corrected++;
        }
      }
    }
    expect(corrected).toBeGreaterThan(0); // the check of the remainder is needed, not decoration
  });

  it('the result passes its own replicates and jackknife through bootstrapIntervals', () => {
    const r = bootstrap({ samples: [x, y], statistic: hedgesG, resamples: 999, seed: 3, method: 'both', name: 'g' });
    const again = bootstrapIntervals({ replicates: r.replicates, estimate: r.estimate, method: 'both', influence: r.influence });
    expect(r.bca).toEqual(again.bca);
    expect(r.percentile).toEqual(again.percentile);
    expect(Array.from(r.influence!)).toEqual(Array.from(bootstrapJackknifeInfluence([x, y.filter((v) => v !== null) as number[]], hedgesG)));
    expect(r.estimate).toBeCloseTo(hedgesG(Float64Array.from(x), Float64Array.from(y.filter((v) => v !== null) as number[])), 14);
    expect(r.bca!.lower).toBeLessThan(r.estimate);
    expect(r.bca!.upper).toBeGreaterThan(r.estimate);
    expect(r.apa()).toMatch(/^g = \d\.\d\d, 95% CI \[\d\.\d\d, \d\.\d\d\] \(BCa bootstrap, 999 resamples\)$/);
  });

  it('bootstrap SE of the mean is close to s/√n (sanity, 4000 resamples)', () => {
    const r = bootstrap({ samples: [x], statistic: (v) => mean(v), resamples: 4000, seed: 11, method: 'percentile' });
    const plugIn = Math.sqrt((variance(x as number[]) * 9) / 10 / 10);
    expect(Math.abs(r.se - plugIn) / plugIn).toBeLessThan(0.05);
    expect(Math.abs(r.bias)).toBeLessThan(0.05);
  });

  it('TSDoc example', () => {
    const r = bootstrap({ samples: [x], statistic: mean, resamples: 2000, seed: 1, method: 'both', name: 'M' });
    expect(r.estimate).toBeCloseTo(3.77, 12);
    expect(r.apa()).toBe('M = 3.77, 95% CI [2.97, 4.62] (BCa bootstrap, 2,000 resamples)');
    expect(r.method).toMatch(/Nonparametric bootstrap, 2000 resamples/);
  });

  it('a statistic that is NaN for some resamples: those are counted, reported and left out', () => {
    // the median-split statistic is undefined (NaN) when a resample has no value above 4
    const r = bootstrap({
      samples: [[1, 2, 3, 4, 5]],
      statistic: (v) => {
        let s = 0;
        let c = 0;
        for (const u of v) if (u > 4) { s += u; c++; }
        return c === 0 ? NaN : s / c + mean(v);
      },
      resamples: 400,
      seed: 5,
      method: 'both',
    });
    let nan = 0;
    for (const t of r.replicates) if (Number.isNaN(t)) nan++;
    // P(no 5 among 5 draws) = 0.8^5 ≈ 0.33
    expect(nan).toBeGreaterThan(80);
    expect(r.intervals.invalidReplicates).toBe(nan);
    expect(r.intervals.validReplicates).toBe(400 - nan);
    expect(r.warnings.join(' ')).toMatch(new RegExp(`^${nan} of 400 bootstrap replicates were not finite`));
    expect(Number.isFinite(r.percentile!.lower)).toBe(true);
    expect(r.toJSON().invalidReplicates).toBe(nan);
  });

  it('input errors are StatsErrors that say what to fix', () => {
    const s = (v: Float64Array) => mean(v);
    expect(() => bootstrap({ samples: [[1]], statistic: s, seed: 1 })).toThrow(/at least 2/);
    expect(() => bootstrap({ samples: [[1, null, NaN]], statistic: s, seed: 1 })).toThrow(/1 usable observation\(s\) \(2 missing\)/);
    expect(() => bootstrap({ samples: [], statistic: s, seed: 1 })).toThrow(StatsError);
    expect(() => bootstrap({ samples: [[1, 2]], statistic: s, seed: 1.5 })).toThrow(/seed/);
    expect(() => bootstrap({ samples: [[1, 2]], statistic: s, seed: 1, resamples: 1 })).toThrow(/resamples/);
    expect(() => bootstrap({ samples: [[1, 2]], statistic: () => NaN, seed: 1 })).toThrow(/NaN on the original data/);
    expect(() => bootstrap({ samples: [[1, 2]], statistic: s, seed: 1, method: 'studentized' as never })).toThrow(/method/);
    expect(() => bootstrapJackknifeInfluence([[1]], s)).toThrow(/jackknife needs at least 2/);
  });
});

describe('normal and bias-corrected percentile intervals on R boot replicates (tests/reference/bootstrap2.R)', () => {
  const ref2 = JSON.parse(readFileSync(new URL('../reference/bootstrap2.json', import.meta.url), 'utf8'));
  it('normal = boot.ci "norm" (95% and 90%); bc = norm.inter at Φ(2z0 + z); percentile unchanged', () => {
    const r = bootstrapIntervals({ replicates: ref2.t, estimate: ref2.t0, method: 'all', influence: [1, -1, 0.5] });
    expect(Math.abs(r.normal!.lower - ref2.norm[0]) / ref2.norm[0]).toBeLessThan(1e-10);
    expect(Math.abs(r.normal!.upper - ref2.norm[1]) / ref2.norm[1]).toBeLessThan(1e-10);
    expect(Math.abs(r.bc!.lower - ref2.bc[0]) / ref2.bc[0]).toBeLessThan(1e-10);
    expect(Math.abs(r.bc!.upper - ref2.bc[1]) / ref2.bc[1]).toBeLessThan(1e-10);
    expect(Math.abs(r.percentile!.lower - ref2.perc[0]) / ref2.perc[0]).toBeLessThan(1e-10);
    const r90 = bootstrapIntervals({ replicates: ref2.t, estimate: ref2.t0, level: 0.9, method: 'normal' });
    expect(Math.abs(r90.normal!.upper - ref2.norm90[1]) / ref2.norm90[1]).toBeLessThan(1e-10);
    expect(r90.bca).toBeUndefined();
    expect(r90.percentile).toBeUndefined();
  });
  it('bootstrap(method: "normal") reports the normal interval in apa()', () => {
    const b = bootstrap({ samples: [[2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 6.1, 3.9, 4.2]], statistic: (v) => mean(v), resamples: 500, seed: 3, method: 'normal', name: 'M' });
    expect(b.apa()).toMatch(/^M = 3\.77, 95% CI \[\d\.\d\d, \d\.\d\d\] \(normal bootstrap, 500 resamples\)$/);
    expect(() => bootstrapIntervals({ replicates: [1, 2], estimate: 1, method: 'x' as any })).toThrow(/"normal", "bc" or "all"/);
  });
});
