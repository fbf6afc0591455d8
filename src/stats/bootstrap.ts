/**
 * Seeded nonparametric bootstrap for any statistic of one or more samples, with percentile and
 * BCa (bias-corrected and accelerated) intervals computed exactly as `boot::boot.ci` computes them.
 *
 * - Resampling: each sample is resampled with replacement within itself (like `boot::boot` with
 *   `strata`), with the seeded xoshiro128** generator from `stats/random.ts`: the same seed gives
 *   the same replicates and the same interval on every platform.
 * - Speed: one resample buffer per sample is allocated once and refilled for every resample;
 *   the statistic receives those Float64Arrays, so nothing is allocated per resample.
 * - Intervals: {@link bootstrapIntervals} works on a replicate vector alone, so it can be (and is)
 *   checked against `boot::boot.ci` given R's own replicates (tests/reference/bootstrap.R).
 */
import { fmt, fmtLevel } from './apa.js';
import { normal } from './distributions.js';
import { finiteValues, StatsError, type ConfidenceInterval, type MissingHandling, type NumericInput, type StatResult } from './result.js';
import { createRng, type Rng } from './random.js';

/**
 * A statistic of one or more samples. It receives one Float64Array per sample (reused buffers:
 * read them, but do not keep references after returning; reordering them, e.g. sorting for a
 * median, is harmless because they are refilled before every call). Return NaN when the
 * statistic is undefined for a resample; such resamples are counted and left out.
 */
export type BootstrapStatistic = (...samples: Float64Array[]) => number;

/**
 * Interval type(s): `'percentile'`, `'bca'`, `'both'` (percentile and BCa), `'normal'` (bias-corrected normal,
 * boot.ci "norm"), `'bc'` (bias-corrected percentile, BCa with a = 0), `'all'` (all four).
 */
export type BootstrapMethod = 'percentile' | 'bca' | 'both' | 'normal' | 'bc' | 'all';

/** A bootstrap interval. `lower`/`upper` are NaN when it cannot be computed, and `reason` says why. */
export interface BootstrapInterval extends ConfidenceInterval {
  reason?: string;
}

/** BCa interval with its two adjustments. */
export interface BcaInterval extends BootstrapInterval {
  /** Bias correction z0 = Φ⁻¹(#{t* < t̂} / R) (boot's `w`). */
  z0: number;
  /** Acceleration a = ΣL³ / (6 (ΣL²)^{3/2}) from jackknife influence values L. */
  acceleration: number;
}

export interface BootstrapIntervalsInput {
  /** Bootstrap replicates t*; non-finite values are left out (as `boot.ci` does). */
  replicates: ArrayLike<number>;
  /** The statistic on the original data, t̂ (boot's `t0`). */
  estimate: number;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Which interval(s) (default `'bca'`). */
  method?: BootstrapMethod;
  /** Jackknife influence values L (see {@link bootstrapJackknifeInfluence}); required for BCa. */
  influence?: ArrayLike<number>;
}

export interface BootstrapIntervals {
  percentile?: BootstrapInterval;
  bca?: BcaInterval;
  /** Normal interval t̂ − bias ± z·SD* with bias = mean(t*) − t̂ (boot.ci "norm"). */
  normal?: BootstrapInterval;
  /** Bias-corrected percentile interval (Efron 1982): the norm.inter quantiles at Φ(2z0 + z_p). */
  bc?: BootstrapInterval;
  /** Finite replicates used. */
  validReplicates: number;
  /** Non-finite replicates left out. */
  invalidReplicates: number;
  warnings: string[];
}

// Small loops over the replicates, kept out of the functions that call them once per bootstrap: V8 then
// optimizes these few lines instead of compiling the whole caller while the bootstrap runs.

/** The finite values of t in their order, and their sum (added in that order). */
function finiteWithSum(t: ArrayLike<number>): { values: Float64Array; sum: number } {
  let n = 0;
  for (let i = 0; i < t.length; i++) if (Number.isFinite(t[i])) n++;
  const values = new Float64Array(n);
  let j = 0;
  let sum = 0;
  for (let i = 0; i < t.length; i++) {
    const v = t[i];
    if (Number.isFinite(v)) {
      values[j++] = v;
      sum += v;
    }
  }
  return { values, sum };
}

/** Σ(vᵢ − m)², added in order. */
function squaredDeviations(v: Float64Array, m: number): number {
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += (v[i] - m) ** 2;
  return ss;
}

/** Whether every |vᵢ − m| < eps. */
function allWithin(v: Float64Array, m: number, eps: number): boolean {
  for (let i = 0; i < v.length; i++) if (!(Math.abs(v[i] - m) < eps)) return false;
  return true;
}

/** #{vᵢ < x}. */
function countBelow(v: Float64Array, x: number): number {
  let below = 0;
  for (let i = 0; i < v.length; i++) if (v[i] < x) below++;
  return below;
}

/**
 * boot:::norm.inter for one α: the (R + 1)α-th order statistic of the sorted finite replicates,
 * interpolated on the standard-normal quantile scale between neighbouring order statistics:
 * t_(k) + (Φ⁻¹(α) − Φ⁻¹(k/(R+1))) / (Φ⁻¹((k+1)/(R+1)) − Φ⁻¹(k/(R+1))) · (t_(k+1) − t_(k)),
 * k = ⌊(R + 1)α⌋; k = 0 gives the minimum and k = R the maximum.
 */
function normInter(sorted: Float64Array, alpha: number): { value: number; extreme: boolean } {
  const R = sorted.length;
  const rk = (R + 1) * alpha;
  const extreme = !(rk > 1 && rk < R);
  const k = Math.trunc(rk);
  if (k <= 0) return { value: sorted[0], extreme };
  if (k >= R) return { value: sorted[R - 1], extreme };
  if (k === rk) return { value: sorted[k - 1], extreme };
  const z = normal.quantile(alpha);
  const zk = normal.quantile(k / (R + 1));
  const zk1 = normal.quantile((k + 1) / (R + 1));
  const tk = sorted[k - 1];
  const tk1 = sorted[k];
  return { value: tk + ((z - zk) / (zk1 - zk)) * (tk1 - tk), extreme };
}

/**
 * BCa acceleration from jackknife influence values (Efron, 1987; Davison & Hinkley, 1997, eq. 5.23):
 * a = ΣLᵢ³ / (6 (ΣLᵢ²)^{3/2}), as in `boot:::bca.ci`. NaN when every L is 0.
 *
 * @example
 * bootstrapAcceleration([-2, -1, 3]); // 0.0572703 = 18 / (6 · 14^1.5)
 */
export function bootstrapAcceleration(influence: ArrayLike<number>): number {
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < influence.length; i++) {
    const l = influence[i];
    s2 += l * l;
    s3 += l * l * l;
  }
  const a = s3 / (6 * Math.pow(s2, 1.5));
  return Number.isFinite(a) ? a : NaN;
}

/**
 * Percentile and BCa intervals from a vector of bootstrap replicates, computed as
 * `boot::boot.ci(type = c("perc", "bca"))` does (Davison & Hinkley, 1997, §5.3):
 *
 * - percentile: the α/2 and 1 − α/2 quantiles of the replicates by `norm.inter` (order statistic
 *   (R + 1)·p, interpolated on the normal quantile scale);
 * - BCa (Efron, 1987): z0 = Φ⁻¹(#{t* < t̂} / R) — ties with t̂ count as not below, as in boot —,
 *   a from the influence values, and the endpoints are the `norm.inter` quantiles at
 *   Φ(z0 + (z0 + z_p) / (1 − a (z0 + z_p))) for z_p = Φ⁻¹(α/2), Φ⁻¹(1 − α/2).
 *
 * Non-finite replicates are left out first. Where boot stops with an error or returns NULL the
 * interval here is NaN with a `reason`: fewer than 2 finite replicates, all replicates equal
 * (boot's `const()` test: every |t* − mean| < min(1e-8, |mean|/1e6), or all exactly equal —
 * deliberate difference: boot uses the signed mean/1e6, so for a mean ≤ 0 it never detects a
 * constant vector), z0 infinite, a not finite.
 * Endpoints on extreme order statistics give a warning, as boot does.
 *
 * Checked against boot 1.3-28 `boot.ci` given R's replicate vectors and `empinf(type = "jack")`
 * values, to 1e-9 (tests/stats/bootstrap.test.ts).
 *
 * @example
 * ```ts
 * const r = bootstrapIntervals({ replicates: [1, 2, 3, 4, 5, 6, 7, 8, 9], estimate: 5, level: 0.8, method: 'percentile' });
 * r.percentile?.lower; // 1  ((R + 1)·0.1 = 1: the smallest replicate)
 * r.percentile?.upper; // 9
 * ```
 */
export function bootstrapIntervals(input: BootstrapIntervalsInput): BootstrapIntervals {
  const level = input.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsError(`bootstrapIntervals: level must lie between 0 and 1 (got ${level}).`);
  const method = input.method ?? 'bca';
  checkMethod(method);
  const t = input.replicates;
  const { values: sorted, sum } = finiteWithSum(t);
  const nValid = sorted.length;
  sorted.sort();
  const out: BootstrapIntervals = { validReplicates: nValid, invalidReplicates: t.length - nValid, warnings: [] };
  if (out.invalidReplicates > 0) {
    out.warnings.push(
      `${out.invalidReplicates} of ${t.length} bootstrap replicates were not finite (the statistic was undefined for those resamples) and were left out.`,
    );
  }
  const alphaLo = (1 - level) / 2;
  const alphaHi = (1 + level) / 2;
  const nan = (m: string, reason: string): BootstrapInterval => ({ lower: NaN, upper: NaN, level, method: m, reason });
  const percMethod = 'bootstrap percentile (boot.ci "perc")';
  const bcaMethod = 'bootstrap BCa (Efron, 1987; boot.ci "bca")';

  let failure: string | undefined;
  if (nValid < 2) failure = `only ${nValid} finite bootstrap replicate(s); an interval needs at least 2.`;
  else {
    const m = sum / nValid;
    const eps = Math.min(1e-8, Math.abs(m) / 1e6);
    const constant = sorted[0] === sorted[nValid - 1] || allWithin(sorted, m, eps);
    if (constant) failure = `all ${nValid} finite bootstrap replicates equal ${sorted[0]}; the statistic does not vary over resamples, so no interval can be formed.`;
  }

  let extreme = false;
  const wants = (m: 'percentile' | 'bca' | 'normal' | 'bc'): boolean =>
    method === m || method === 'all' || (method === 'both' && (m === 'percentile' || m === 'bca'));
  if (wants('normal')) {
    const nm = 'bootstrap normal, bias-corrected (boot.ci "norm")';
    if (failure) out.normal = nan(nm, failure);
    else if (!Number.isFinite(input.estimate)) out.normal = nan(nm, 'the estimate on the original data is not finite.');
    else {
      const m = sum / nValid;
      const ss = squaredDeviations(sorted, m);
      const merr = Math.sqrt(ss / (nValid - 1)) * normal.quantile(alphaHi);
      const bias = m - input.estimate;
      out.normal = { lower: input.estimate - bias - merr, upper: input.estimate - bias + merr, level, method: nm };
    }
  }
  if (wants('bc')) {
    const nm = 'bootstrap bias-corrected percentile (Efron 1982; BCa with a = 0)';
    const below = countBelow(sorted, input.estimate);
    const z0 = nValid > 0 ? normal.quantile(below / nValid) : NaN;
    if (failure) out.bc = nan(nm, failure);
    else if (!Number.isFinite(z0)) out.bc = nan(nm, `the bias correction z0 is infinite: ${below === 0 ? 'no' : 'every'} bootstrap replicate lies below the estimate ${input.estimate}.`);
    else {
      const lo = normInter(sorted, normal.cdf(2 * z0 + normal.quantile(alphaLo)));
      const hi = normInter(sorted, normal.cdf(2 * z0 + normal.quantile(alphaHi)));
      extreme ||= lo.extreme || hi.extreme;
      out.bc = { lower: lo.value, upper: hi.value, level, method: nm };
    }
  }
  if (wants('percentile')) {
    if (failure) out.percentile = nan(percMethod, failure);
    else {
      const lo = normInter(sorted, alphaLo);
      const hi = normInter(sorted, alphaHi);
      extreme ||= lo.extreme || hi.extreme;
      out.percentile = { lower: lo.value, upper: hi.value, level, method: percMethod };
    }
  }
  if (wants('bca')) {
    const below = countBelow(sorted, input.estimate);
    const z0 = nValid > 0 ? normal.quantile(below / nValid) : NaN;
    const a = input.influence ? bootstrapAcceleration(input.influence) : NaN;
    const bcaNan = (reason: string): BcaInterval => ({ ...nan(bcaMethod, reason), z0, acceleration: a });
    if (failure) out.bca = bcaNan(failure);
    else if (!input.influence) out.bca = bcaNan('BCa needs jackknife influence values (option `influence`).');
    else if (!Number.isFinite(input.estimate)) out.bca = bcaNan('the estimate on the original data is not finite.');
    else if (!Number.isFinite(z0)) {
      out.bca = bcaNan(
        `the bias correction z0 is infinite: ${below === 0 ? 'no' : 'every'} bootstrap replicate lies below the estimate ${input.estimate}.`,
      );
    } else if (!Number.isFinite(a)) {
      out.bca = bcaNan('the acceleration is undefined: every jackknife influence value is 0 or not finite.');
    } else {
      const ends: number[] = [];
      let bad = false;
      for (const p of [alphaLo, alphaHi]) {
        const zp = normal.quantile(p);
        const adj = normal.cdf(z0 + (z0 + zp) / (1 - a * (z0 + zp)));
        if (!Number.isFinite(adj)) bad = true;
        else {
          const q = normInter(sorted, adj);
          extreme ||= q.extreme;
          ends.push(q.value);
        }
      }
      out.bca = bad
        ? bcaNan('the BCa-adjusted levels are undefined (1 − a(z0 + z) = 0).')
        : { lower: ends[0], upper: ends[1], level, method: bcaMethod, z0, acceleration: a };
    }
  }
  if (extreme) {
    out.warnings.push(
      `Extreme order statistics used as endpoints (${nValid} replicates are too few for this level); use more resamples.`,
    );
  }
  return out;
}

/** 2⁵³: `rng.next()` is an integer K uniform on [0, 2⁵³) divided by 2⁵³. */
const TWO53 = 9007199254740992;

/**
 * The generator's stream, drawn in blocks with `rng.fill`: the same values in the same order as
 * `rng.next()`, at a fraction of the cost per value. The resampler reads `block` from `pos` on and
 * calls `refill` when it is used up. Only the resampling may draw from the generator while a pool is in
 * use (values left in the pool at the end are not used).
 */
class UniformPool {
  readonly block = new Float64Array(1024);
  pos = 1024;
  constructor(private readonly rng: Rng) {}
  refill(): void {
    this.rng.fill(this.block);
    this.pos = 0;
  }
}

/**
 * Internal: ⌊a / d⌋ for integers 0 ≤ a < 2⁵³ and d ≥ 2, given inv = 1/d (rounded): ⌊a · inv⌋ is off by at most
 * one (the relative error of the product is below 2⁻⁵¹, its absolute error below 2/d ≤ 1), and the remainder
 * a − q·d, exact in doubles, says which way. A multiplication instead of a division in the resampler's loop.
 *
 * @example
 * floorDivide(2 ** 53 - 1, 3, 1 / 3); // 3002399751580330 (= ⌊(2⁵³ − 1) / 3⌋)
 */
export function floorDivide(a: number, d: number, inv: number): number {
  const q = Math.floor(a * inv);
  const r = a - q * d;
  return r < 0 ? q - 1 : r >= d ? q + 1 : q;
}

/**
 * Fills `buf` with a resample (with replacement) of `src`, exactly uniformly and with few
 * generator calls. Each uniform from the generator is K / 2⁵³ with K a uniform 53-bit integer; K is rejected when
 * K ≥ `limit` (the largest multiple of M = n^m not above 2⁵³), otherwise j = K mod M is uniform on
 * [0, M) and its m base-n digits, lowest first, are m independent uniform indices on [0, n). All arithmetic
 * is exact on integers, so no index is favoured.
 * Speed: j is split as hi·n^h + lo (h = ⌈m/2⌉) without dividing: with a = ⌊K / n^h⌋, lo = K − a·n^h and
 * hi = a mod n^(m−h) (⌊K / M⌋ = ⌊a / n^(m−h)⌋); both quotients by {@link floorDivide} (a
 * multiplication and a check of the remainder). The digits of lo and hi are then taken one
 * after the other (x mod n, x ← ⌊x / n⌋), with ⌊x / n⌋ as x times a reciprocal rounded up
 * ({@link IndexPlan.recip}), truncated by `| 0`: every such quotient is below 2^26.5, and the products stay
 * on V8's fast integer and double paths. The same digits as dividing j by n again and again; the test
 * "resample indices are exactly the base-n digits" checks them against BigInt arithmetic.
 */
function resampleInto(src: Float64Array, buf: Float64Array, pool: UniformPool, plan: IndexPlan): void {
  const n = src.length;
  const { digits, low, recip, sizes } = plan;
  // read once into locals: V8 keeps them as raw doubles instead of unboxing the plan's fields on every use
  const limit = sizes[1];
  const lowSpan = sizes[2];
  const highSpan = sizes[3];
  const lowInv = 1 / lowSpan;
  const highInv = 1 / highSpan;
  const two53 = TWO53; // a local: V8 would otherwise reload the module constant, boxed, for every draw
  const high = digits - low;
  const r1 = recip[1];
  const block = pool.block;
  let pos = pool.pos;
  let i = 0;
  while (i < n) {
    if (pos === block.length) {
      pool.refill();
      pos = 0;
    }
    const K = block[pos++] * two53;
    if (K >= limit) continue;
    const above = floorDivide(K, lowSpan, lowInv);
    const lo = K - above * lowSpan;
    const hi = above - floorDivide(above, highSpan, highInv) * highSpan;
    if (i + digits <= n) {
      // digits one after the other: x mod n, then x ← ⌊x / n⌋; the quotients (below 2^26.5) by `| 0`
      let q = (lo * r1) | 0;
      buf[i++] = src[(lo - q * n) | 0];
      for (let d = 2; d < low; d++) {
        const q2 = (q * r1) | 0;
        buf[i++] = src[q - q2 * n];
        q = q2;
      }
      if (low > 1) buf[i++] = src[q];
      if (high === 0) continue;
      q = (hi * r1) | 0;
      buf[i++] = src[(hi - q * n) | 0];
      for (let d = 2; d < high; d++) {
        const q2 = (q * r1) | 0;
        buf[i++] = src[q - q2 * n];
        q = q2;
      }
      if (high > 1) buf[i++] = src[q];
    } else {
      // the last positions of the resample: only as many digits as still needed
      for (let d = 0; i < n; d++) {
        const x = d < low ? lo : hi;
        const e = d < low ? d : d - low;
        const q = Math.floor(x * recip[e + 1]);
        buf[i++] = src[(Math.floor(x * recip[e]) - q * n) | 0];
      }
    }
  }
  pool.pos = pos;
}

interface IndexPlan {
  /** Indices drawn per accepted uniform (m). */
  digits: number;
  /** h = ⌈m/2⌉: digits of the low part lo of j = K mod M. */
  low: number;
  /**
   * [M = n^m ≤ 2⁵³, limit = the largest multiple of M not above 2⁵³ (K at or above it is rejected), n^h,
   * n^(m−h) = M / n^h], in a Float64Array so that the resampler reads them as doubles.
   */
  sizes: Float64Array;
  /**
   * recip[d] ≈ 1/n^d, rounded up by a relative 2⁻⁴⁵ (d = 0 … h): then ⌊x · recip[d]⌋ = ⌊x / n^d⌋ exactly for
   * every integer 0 ≤ x < 2⁴³ — the product is at least x/n^d and exceeds it by less than x·2⁻⁴³/n^d < 1/n^d,
   * less than the distance to the next integer. lo and hi are below n^h ≤ 2^35.3 (n^m ≤ 2⁵³), and
   * ⌊x / n⌋ < n^(h−1) ≤ (2⁵³/n)^½ < 2^26.5.
   */
  recip: Float64Array;
}

/** Relative amount by which the reciprocals of {@link IndexPlan.recip} are rounded up. */
const RECIP_UP = 1 + 2 ** -45;

function plan(n: number, digits: number, span: number): IndexPlan {
  const low = Math.ceil(digits / 2);
  let lowSpan = 1;
  for (let d = 0; d < low; d++) lowSpan *= n;
  const recip = new Float64Array(low + 1);
  let power = 1;
  for (let d = 0; d < recip.length; d++) {
    recip[d] = d === 0 ? 1 : (1 / power) * RECIP_UP;
    power *= n;
  }
  const limit = TWO53 - (TWO53 % span);
  return { digits, low, sizes: Float64Array.of(span, limit, lowSpan, span / lowSpan), recip };
}

/** Chooses m to maximise the expected number of indices per generator call, m·limit/2⁵³. */
function indexPlan(n: number): IndexPlan {
  if (!(n >= 2 && n < 2 ** 31)) throw new StatsError(`bootstrap: cannot resample a sample of ${n} observations.`);
  let best = { digits: 1, span: n };
  let bestScore = (TWO53 - (TWO53 % n)) / TWO53;
  let span = n;
  for (let m = 2; span * n <= TWO53; m++) {
    span *= n;
    const score = (m * (TWO53 - (TWO53 % span))) / TWO53;
    if (score > bestScore) {
      best = { digits: m, span };
      bestScore = score;
    }
  }
  return plan(n, best.digits, best.span);
}

function checkMethod(method: string): void {
  if (!['percentile', 'bca', 'both', 'normal', 'bc', 'all'].includes(method)) {
    throw new StatsError(`bootstrap: method must be "percentile", "bca", "both", "normal", "bc" or "all" (got "${method}").`);
  }
}

/**
 * Internal: a statistic from the library's own code, for the bootstrap's inner loops. The engine calls
 * `evaluate` on clean buffers (finite values, as many as the samples given) — so it needs no checks and
 * builds no result object —, and, when given, `leaveOneOut` for the jackknife: the statistic with
 * observation `index` of sample `sample` left out, computed from the clean samples without copying them.
 * `leaveOneOut` must equal `evaluate` on the copied leave-one-out samples bit for bit (same operations in
 * the same order; `sumExcept`/`varianceExcept` in moments.ts do that for sums and variances), so the lean
 * path gives exactly the replicates and interval of the checked one. The engine calls both as methods
 * (`statistic.evaluate(…)`), so a class can implement them: one call target for every bootstrap of a process.
 */
export interface LeanStatistic {
  readonly evaluate: BootstrapStatistic;
  readonly leaveOneOut?: (data: readonly Float64Array[], sample: number, index: number) => number;
}

/** A user statistic wrapped as a {@link LeanStatistic} without `leaveOneOut`; a lean one as it is. */
function asLean(s: BootstrapStatistic | LeanStatistic): LeanStatistic {
  return typeof s === 'function' ? { evaluate: s } : s;
}

/** `statistic.evaluate` on the buffers, called as a method. */
function callLean(statistic: LeanStatistic, bufs: Float64Array[]): number {
  switch (bufs.length) {
    case 1:
      return statistic.evaluate(bufs[0]);
    case 2:
      return statistic.evaluate(bufs[0], bufs[1]);
    default:
      return statistic.evaluate(...bufs);
  }
}

/**
 * The jackknife of the engine: Lᵢ = (n_g − 1)(t̂ − t̂₍₋ᵢ₎) over clean samples, t̂ given. A lean statistic
 * with `leaveOneOut` is evaluated on the samples themselves (no copies); any other statistic gets
 * reused buffers, refilled before each call (it may reorder them).
 */
function jackknife(data: readonly Float64Array[], t0: number, statistic: LeanStatistic): Float64Array {
  const total = data.reduce((s, d) => s + d.length, 0);
  const L = new Float64Array(total);
  let pos = 0;
  if (statistic.leaveOneOut) {
    for (let g = 0; g < data.length; g++) {
      const n = data[g].length;
      for (let i = 0; i < n; i++) L[pos++] = (n - 1) * (t0 - statistic.leaveOneOut(data, g, i));
    }
    return L;
  }
  const full = data.map((d) => new Float64Array(d.length));
  const jack = data.map((d) => new Float64Array(d.length - 1));
  const args = full.slice();
  for (let g = 0; g < data.length; g++) {
    const x = data[g];
    const n = x.length;
    const jb = jack[g];
    for (let i = 0; i < n; i++) {
      // refill every buffer: the statistic may have reordered them
      for (let h = 0; h < data.length; h++) if (h !== g) full[h].set(data[h]);
      jb.set(x.subarray(0, i), 0);
      jb.set(x.subarray(i + 1), i);
      args[g] = jb;
      L[pos++] = (n - 1) * (t0 - callLean(statistic, args));
    }
    args[g] = full[g];
  }
  return L;
}

/**
 * Jackknife influence values as `boot::empinf(type = "jack")` (boot's `usual.jack`) computes them:
 * for observation i of sample g, Lᵢ = (n_g − 1)·(t̂ − t̂₍₋ᵢ₎), where t̂₍₋ᵢ₎ is the statistic with
 * observation i left out of its own sample and the other samples complete. Values are in sample
 * order (all of sample 1, then sample 2, …). Deliberate match to boot: t̂ rather than the jackknife
 * mean is the centre (Efron's formula uses the mean; the two differ slightly for nonlinear statistics).
 *
 * Buffers are allocated once (one per sample) and refilled for each leave-one-out.
 *
 * @example
 * ```ts
 * // For the mean, Lᵢ = xᵢ − x̄ exactly:
 * bootstrapJackknifeInfluence([[1, 2, 6]], (x) => mean(x)); // Float64Array [-2, -1, 3]
 * ```
 */
export function bootstrapJackknifeInfluence(samples: ReadonlyArray<ArrayLike<number>>, statistic: BootstrapStatistic): Float64Array {
  const data = samples.map((s) => Float64Array.from(s));
  for (let g = 0; g < data.length; g++) {
    if (data[g].length < 2) {
      throw new StatsError(`bootstrap: sample ${g + 1} has ${data[g].length} observation(s); the jackknife needs at least 2.`);
    }
  }
  const lean = asLean(statistic);
  const t0 = callLean(lean, data.map((d) => d.slice()));
  return jackknife(data, t0, lean);
}

export interface BootstrapOptions {
  /**
   * One array per sample (group). Each is resampled with replacement within itself, like
   * `boot::boot(strata = group)`; missing values (null, NaN) are dropped per sample first.
   */
  samples: ReadonlyArray<NumericInput>;
  /** The statistic, called with one Float64Array per sample. */
  statistic: BootstrapStatistic;
  /** Number of bootstrap resamples R (default 2000). */
  resamples?: number;
  /** Seed for the xoshiro128** generator; the same seed gives identical replicates and intervals. */
  seed: number;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Interval type(s) (default `'bca'`). */
  method?: BootstrapMethod;
  /** Name of the statistic for `apa()` (default "estimate"). */
  name?: string;
}

/** Result of {@link bootstrap}. */
export class BootstrapResult implements StatResult {
  readonly method: string;
  constructor(
    /** The statistic on the original data, t̂. */
    readonly estimate: number,
    /** All R replicates, in resample order (NaN where the statistic was undefined). Not in `toJSON()`. */
    readonly replicates: Float64Array,
    /** Standard deviation of the finite replicates (bootstrap SE). */
    readonly se: number,
    /** Mean of the finite replicates minus the estimate. */
    readonly bias: number,
    readonly intervals: BootstrapIntervals,
    /** Jackknife influence values (present when BCa was requested). */
    readonly influence: Float64Array | undefined,
    /** Observations used per sample. */
    readonly n: readonly number[],
    /** Missing values dropped per sample. */
    readonly missing: readonly number[],
    readonly seed: number,
    readonly level: number,
    readonly name: string,
  ) {
    this.method = `Nonparametric bootstrap, ${replicates.length} resamples${n.length > 1 ? `, resampled within each of ${n.length} samples` : ''} (seed ${seed})`;
  }
  readonly missingHandling: MissingHandling = 'listwise';
  get resamples(): number {
    return this.replicates.length;
  }
  get percentile(): BootstrapInterval | undefined {
    return this.intervals.percentile;
  }
  get bca(): BcaInterval | undefined {
    return this.intervals.bca;
  }
  /** The BCa interval when computed, otherwise the percentile, bias-corrected percentile or normal interval. */
  get ci(): BootstrapInterval {
    const i = this.intervals;
    return (i.bca ?? i.percentile ?? i.bc ?? i.normal) as BootstrapInterval;
  }
  get warnings(): string[] {
    return this.intervals.warnings;
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      name: this.name,
      estimate: this.estimate,
      se: this.se,
      bias: this.bias,
      resamples: this.resamples,
      validReplicates: this.intervals.validReplicates,
      invalidReplicates: this.intervals.invalidReplicates,
      level: this.level,
      percentile: this.intervals.percentile,
      bca: this.intervals.bca,
      normal: this.intervals.normal,
      bc: this.intervals.bc,
      n: [...this.n],
      missing: [...this.missing],
      missingHandling: this.missingHandling,
      seed: this.seed,
      warnings: [...this.intervals.warnings],
    };
  }

  /** e.g. "g = 0.95, 95% CI [0.30, 1.58] (BCa bootstrap, 2,000 resamples)". */
  apa(): string {
    const ci = this.ci;
    const i = this.intervals;
    const kind = i.bca ? 'BCa' : i.percentile ? 'percentile' : i.bc ? 'bias-corrected percentile' : 'normal';
    if (Number.isNaN(ci.lower) || Number.isNaN(ci.upper)) {
      return `${this.name} = ${fmt(this.estimate)} (no ${kind} bootstrap CI: ${ci.reason ?? 'interval undefined'})`;
    }
    return (
      `${this.name} = ${fmt(this.estimate)}, ${fmtLevel(ci.level)} CI [${fmt(ci.lower)}, ${fmt(ci.upper)}] ` +
      `(${kind} bootstrap, ${this.resamples.toLocaleString('en-US')} resamples)`
    );
  }
}

/**
 * Nonparametric bootstrap of any statistic of one or more samples (Efron & Tibshirani, 1993;
 * Davison & Hinkley, 1997), with percentile and/or BCa intervals.
 *
 * Each of the R resamples draws n_g observations with replacement from each sample g separately
 * (boot's `strata`), using `createRng(seed)`. To call the generator less, each 53-bit uniform
 * gives m indices (m = 5 for n = 1,000): its integer value modulo n^m, written in base n, after
 * rejecting the few values that would make some indices more likely than others — so indices are
 * exactly uniform. The statistic is evaluated on reused buffers.
 * BCa uses the jackknife acceleration ({@link bootstrapJackknifeInfluence}, leave-one-out within
 * each sample) and the bias correction from the share of replicates below the estimate; the
 * interval arithmetic is {@link bootstrapIntervals} (matches `boot::boot.ci`). Replicates where the
 * statistic is not finite are counted (`invalidReplicates`) and left out.
 *
 * The replicates cannot equal R's (different generator), so tests check the interval arithmetic
 * and the jackknife against boot on R's replicates, and reproducibility here: same seed → identical
 * replicates; different seed → different ones. Deliberate difference: boot.ci's BCa by default
 * estimates L by regression on the replicates (`empinf(type = "reg")`); we use the jackknife,
 * which is `boot.ci(..., L = empinf(b, type = "jack"))`.
 *
 * @throws StatsError when a sample has fewer than 2 finite observations, R < 2, the seed is not
 * an integer, or the statistic is not finite on the original data.
 *
 * @example
 * ```ts
 * const x = [2.1, 3.4, 1.9, 5.6, 4.4, 3.3, 2.8, 6.1, 3.9, 4.2];
 * const r = bootstrap({ samples: [x], statistic: mean, resamples: 2000, seed: 1, method: 'both', name: 'M' });
 * r.estimate;  // 3.77 (the mean of x)
 * r.apa();     // "M = 3.77, 95% CI [2.97, 4.62] (BCa bootstrap, 2,000 resamples)"
 * ```
 */
export function bootstrap(options: BootstrapOptions): BootstrapResult {
  checkSettings(options);
  if (!Array.isArray(options.samples) || options.samples.length === 0) {
    throw new StatsError('bootstrap: give at least one sample, e.g. samples: [x] or samples: [x, y].');
  }
  const data: Float64Array[] = [];
  const missing: number[] = [];
  options.samples.forEach((s, g) => {
    const { values, missing: m } = finiteValues(s);
    if (values.length < 2) {
      throw new StatsError(
        `bootstrap: sample ${g + 1} has ${values.length} usable observation(s) (${m} missing); the bootstrap needs at least 2.`,
      );
    }
    data.push(values);
    missing.push(m);
  });
  return bootstrapEngine(data, options.statistic, { ...options, missing });
}

/** Settings of one bootstrap run: {@link BootstrapOptions} without the samples and the statistic. */
export type BootstrapSettings = Omit<BootstrapOptions, 'samples' | 'statistic'>;

function checkSettings(options: BootstrapSettings): void {
  const R = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  checkMethod(options.method ?? 'bca');
  if (!Number.isInteger(R) || R < 2) throw new StatsError(`bootstrap: resamples must be an integer of at least 2 (got ${R}).`);
  if (!Number.isInteger(options.seed)) throw new StatsError(`bootstrap: seed must be an integer (got ${options.seed}).`);
  if (!(level > 0 && level < 1)) throw new StatsError(`bootstrap: level must lie between 0 and 1 (got ${level}).`);
}

/**
 * The engine's loop: `replicates.length` resamples of every sample into its buffer, and the statistic on
 * them. A function of its own, so that V8 compiles this loop — with the resampler and the statistic inlined —
 * while the first bootstrap of a process runs, and reuses that code in the next ones.
 */
function resampleReplicates(data: readonly Float64Array[], bufs: Float64Array[], statistic: LeanStatistic, pool: UniformPool, replicates: Float64Array): void {
  const G = data.length;
  const R = replicates.length;
  const plans = data.map((d) => indexPlan(d.length));
  if (G === 2) {
    const d0 = data[0];
    const d1 = data[1];
    const b0 = bufs[0];
    const b1 = bufs[1];
    const p0 = plans[0];
    const p1 = plans[1];
    for (let r = 0; r < R; r++) {
      resampleInto(d0, b0, pool, p0);
      resampleInto(d1, b1, pool, p1);
      replicates[r] = statistic.evaluate(b0, b1);
    }
  } else {
    for (let r = 0; r < R; r++) {
      for (let g = 0; g < G; g++) resampleInto(data[g], bufs[g], pool, plans[g]);
      replicates[r] = G === 1 ? statistic.evaluate(bufs[0]) : statistic.evaluate(...bufs);
    }
  }
}

/**
 * Internal: the one bootstrap engine, behind {@link bootstrap} and the library's own bootstrap CIs. It
 * takes samples that are already clean — Float64Arrays of finite values, at least 2 each, which the
 * caller checked once at the door (public functions keep their checks) — and either a user statistic
 * (called on reused buffers, jackknifed on refilled copies) or a {@link LeanStatistic} from the library
 * (no checks or result objects per call; copy-free jackknife). The settings are checked here; the
 * samples only for their length. Resampling, replicates and intervals are the same code for both.
 */
export function bootstrapEngine(
  data: readonly Float64Array[],
  statistic: BootstrapStatistic | LeanStatistic,
  options: BootstrapSettings & { missing?: readonly number[] },
): BootstrapResult {
  checkSettings(options);
  const R = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  const method = options.method ?? 'bca';
  const seed = options.seed;
  const G = data.length;
  if (G === 0) throw new StatsError('bootstrap: give at least one sample, e.g. samples: [x] or samples: [x, y].');
  for (let g = 0; g < G; g++) {
    if (data[g].length < 2) throw new StatsError(`bootstrap: sample ${g + 1} has ${data[g].length} usable observation(s); the bootstrap needs at least 2.`);
  }
  const stat = asLean(statistic);
  const bufs = data.map((d) => new Float64Array(d.length));
  for (let g = 0; g < G; g++) bufs[g].set(data[g]);
  const estimate = callLean(stat, bufs);
  if (!Number.isFinite(estimate)) {
    throw new StatsError(`bootstrap: the statistic is ${estimate} on the original data; there is nothing to bootstrap.`);
  }

  const replicates = new Float64Array(R);
  resampleReplicates(data, bufs, stat, new UniformPool(createRng(seed)), replicates);

  const influence = method === 'bca' || method === 'both' || method === 'all' ? jackknife(data, estimate, stat) : undefined;
  const intervals = bootstrapIntervals({ replicates, estimate, level, method, influence });

  const { values: finite, sum } = finiteWithSum(replicates);
  const cnt = finite.length;
  const m = sum / cnt;
  const se = cnt > 1 ? Math.sqrt(squaredDeviations(finite, m) / (cnt - 1)) : NaN;
  return new BootstrapResult(
    estimate,
    replicates,
    se,
    cnt > 0 ? m - estimate : NaN,
    intervals,
    influence,
    data.map((d) => d.length),
    options.missing ? [...options.missing] : data.map(() => 0),
    seed,
    level,
    options.name ?? 'estimate',
  );
}
