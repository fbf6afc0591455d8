/**
 * Rank and sign tests: Wilcoxon signed-rank (one-sample and paired), Wilcoxon rank-sum /
 * Mann–Whitney U, the sign test and the exact binomial test, with their exact null
 * distributions, Hodges–Lehmann estimates and confidence intervals.
 *
 * Reference implementation: R `stats::wilcox.test` and `stats::binom.test` (R 4.2); every
 * branch (exact / normal approximation, continuity correction, ties, zeros, one-sided,
 * conf.int) is checked against tests/reference/tests.json (tests/reference/tests.R).
 */
import { fmt, fmtCI, fmtNoLeadingZero, fmtP } from './apa.js';
import { binomial, normal } from './distributions.js';
import { sortedCopy, quantileSorted } from './moments.js';
import { clopperPearsonInterval } from './proportion.js';
import { rank } from './ranks.js';
import { brentRoot } from './roots.js';
import { pairedDifferences, type ConfidenceInterval, finiteValues, type NumericInput, StatsError } from './result.js';
import {
  checkTestAlternative,
  checkTestConfLevel,
  HypothesisTestResult,
  type HypothesisTestInit,
  type TestAlternative,
} from './ttest.js';

// ---------------------------------------------------------------------------------------------
// Exact null distributions

/**
 * Frequencies of the Wilcoxon signed-rank statistic V = Σ ranks of positive values for n
 * observations without ties: counts[v] = number of the 2ⁿ sign patterns giving V = v,
 * v = 0 … n(n+1)/2. Subset-sum recursion over ranks 1…n (additions only, O(n³) time,
 * O(n²) memory).
 *
 * @example
 * Array.from(signRankCounts(3)) // [1, 1, 1, 2, 1, 1, 1]
 */
export function signRankCounts(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const c = new Float64Array(max + 1);
  c[0] = 1;
  let top = 0;
  for (let r = 1; r <= n; r++) {
    top += r;
    for (let s = top; s >= r; s--) c[s] += c[s - r];
  }
  return c;
}

/**
 * P(V ≤ q) for the signed-rank statistic with n observations (R `psignrank`).
 *
 * @example
 * signRankCdf(3, 5) // 0.15625 (= 5/32; R psignrank(3, 5))
 */
export function signRankCdf(q: number, n: number, counts: Float64Array = signRankCounts(n)): number {
  return tailCdf(counts, q, signRankWeight(n));
}

/**
 * Frequencies of the Mann–Whitney statistic U (= R's W) for sample sizes m and n without ties:
 * counts[u], u = 0 … m·n. Computed as the distribution of the rank sum of a subset of size
 * k = min(m, n) of 1…m+n (subset-sum recursion, additions only; memory O(k·m·n)).
 *
 * @example
 * Array.from(rankSumCounts(2, 2)) // [1, 1, 2, 1, 1]
 */
export function rankSumCounts(m: number, n: number): Float64Array {
  const k = Math.min(m, n);
  const N = m + n;
  const maxU = m * n;
  // rows j = 0..k: counts of subsets of size j by U-part (sum − j(j+1)/2), capped at maxU
  const rows: Float64Array[] = [];
  for (let j = 0; j <= k; j++) rows.push(new Float64Array(maxU + 1));
  rows[0][0] = 1;
  for (let item = 1; item <= N; item++) {
    for (let j = Math.min(k, item); j >= 1; j--) {
      // adding `item` as the j-th (largest) element: sum increases by item, U-part by item − j
      const shift = item - j;
      const src = rows[j - 1];
      const dst = rows[j];
      for (let u = maxU; u >= shift; u--) dst[u] += src[u - shift];
    }
  }
  return rows[k];
}

/**
 * P(U ≤ q) for the Mann–Whitney statistic with sample sizes m, n (R `pwilcox`).
 *
 * @example
 * rankSumCdf(2, 3, 4) // 0.11428571428571428 (= 4/35; R pwilcox(2, 3, 4))
 */
export function rankSumCdf(q: number, m: number, n: number, counts: Float64Array = rankSumCounts(m, n)): number {
  return tailCdf(counts, q, rankSumWeight(counts));
}

/**
 * How a frequency becomes a probability, exactly as R's C code does it (so that R's
 * `signif(achieved.alpha, 2)` sees the same last bits): signed-rank multiplies by
 * f = exp(−n·ln 2) (`psignrank`), rank-sum divides by C(m + n, n) (`pwilcox`).
 */
type Weight = { mul: number } | { div: number };

function term(counts: Float64Array, i: number, w: Weight): number {
  return 'mul' in w ? counts[i] * w.mul : counts[i] / w.div;
}

/** P(X ≤ q) from frequencies, summing the shorter tail (the distributions are symmetric). */
function tailCdf(counts: Float64Array, q: number, w: Weight): number {
  const max = counts.length - 1;
  const x = Math.floor(q + 1e-7);
  if (x < 0) return 0;
  if (x >= max) return 1;
  let s = 0;
  if (x <= max / 2) {
    for (let i = 0; i <= x; i++) s += term(counts, i, w);
    return s;
  }
  // P(X ≤ x) = 1 − P(X ≥ x + 1) = 1 − P(X ≤ max − x − 1)
  for (let i = 0; i <= max - x - 1; i++) s += term(counts, i, w);
  return 1 - s;
}

/** P(X ≥ q) = P(X ≤ max − q) by symmetry. */
function upperTail(counts: Float64Array, q: number, w: Weight): number {
  return tailCdf(counts, counts.length - 1 - q, w);
}

/** Quantile as R's `qsignrank`/`qwilcox`: smallest q with P(X ≤ q) ≥ p (with R's 10ε fuzz). */
function discreteQuantile(counts: Float64Array, p: number, w: Weight): number {
  const max = counts.length - 1;
  const EPS = 2.220446049250313e-16;
  let acc = 0;
  if (p <= 0.5) {
    const x = p - 10 * EPS;
    for (let q = 0; q <= max; q++) {
      acc += term(counts, q, w);
      if (acc >= x) return q;
    }
    return max;
  }
  const x = 1 - p + 10 * EPS;
  for (let q = 0; q <= max; q++) {
    acc += term(counts, q, w);
    if (acc > x) return max - q;
  }
  return 0;
}

function signRankWeight(n: number): Weight {
  return { mul: Math.exp(-n * Math.LN2) };
}

function rankSumWeight(counts: Float64Array): Weight {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  return { div: total };
}

/** Largest n for which an explicitly requested exact signed-rank distribution is computed (~n³/4 additions). */
const MAX_EXACT_SIGNRANK_N = 1000;
/** Largest (m + n)·min(m, n)·m·n additions for an explicitly requested exact rank-sum distribution. */
const MAX_EXACT_RANKSUM_COST = 2e8;

/** R's `signif(x, 2)`: rounds half to even (C `nearbyint`), unlike `toPrecision` (0.0625 → 0.062). */
function signif2(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const ax = Math.abs(x);
  const e10 = 1 - Math.floor(Math.log10(ax));
  const roundHalfEven = (v: number) => {
    const r = Math.round(v);
    return Math.abs(v - Math.trunc(v)) === 0.5 ? 2 * Math.round(v / 2) : r;
  };
  const out = e10 > 0 ? roundHalfEven(ax * 10 ** e10) / 10 ** e10 : roundHalfEven(ax / 10 ** -e10) * 10 ** -e10;
  return Math.sign(x) * out;
}

// ---------------------------------------------------------------------------------------------
// Wilcoxon signed-rank

export interface WilcoxonOptions {
  /** Alternative hypothesis, default `'two-sided'`. */
  alternative?: TestAlternative;
  /** Null location (one-sample) or location shift (paired, two-sample); default 0. */
  mu?: number;
  /**
   * Exact null distribution? Default as R: signed-rank when n < 50, rank-sum when both n < 50.
   * The exact distribution is used only when there are no ties (and, for signed-rank, no zeros);
   * otherwise the normal approximation is used and a note says why.
   */
  exact?: boolean;
  /** Continuity correction in the normal approximation, default `true` (as R). */
  correct?: boolean;
  /** Compute the Hodges–Lehmann estimate and its CI, default `true` (R: `conf.int = TRUE`). */
  confInt?: boolean;
  /** Confidence level, default 0.95. */
  confLevel?: number;
  /** Tolerance of the root finding for the normal-approximation CI, default 1e-4 (R `tol.root`). */
  tolRoot?: number;
}

/** Extra numbers of a rank test. */
interface RankTestExtra {
  /** Whether the exact null distribution was used. */
  exact: boolean;
  /** Standardised statistic of the normal approximation (null when exact). */
  z: number | null;
  /** Whether a continuity correction was applied. */
  correct: boolean;
  /** Whether tied values were present. */
  ties: boolean;
}

/** Result of a Wilcoxon signed-rank test (statistic V = sum of the ranks of the positive differences). */
export class WilcoxonSignedRankResult extends HypothesisTestResult implements RankTestExtra {
  readonly exact: boolean;
  readonly z: number | null;
  readonly correct: boolean;
  readonly ties: boolean;
  /** Differences equal to μ₀ that were dropped (R's default; Wilcoxon, 1945). `n` includes them. */
  readonly zerosDropped: number;

  /** Number of values actually ranked: n − zerosDropped. */
  get nRanked(): number {
    return this.n - this.zerosDropped;
  }

  constructor(init: HypothesisTestInit & RankTestExtra & { zerosDropped: number }) {
    super(init);
    this.exact = init.exact;
    this.z = init.z;
    this.correct = init.correct;
    this.ties = init.ties;
    this.zerosDropped = init.zerosDropped;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      exact: this.exact,
      z: this.z,
      correct: this.correct,
      ties: this.ties,
      zerosDropped: this.zerosDropped,
      nRanked: this.nRanked,
    };
  }

  /** "V = 40, p = .020, Mdn_pseudo = 0.55, 95% CI [0.10, 1.05]"; with the normal approximation "V = 40, z = 2.33, p = .020, …". */
  override apa(): string {
    const z = this.z === null ? '' : `, z = ${fmt(this.z)}`;
    const est = this.estimate ? `, Mdn_pseudo = ${fmt(this.estimate.value)}${this.ciApa()}` : '';
    return `V = ${fmt(this.statistic, Number.isInteger(this.statistic) ? 0 : 1)}${z}, ${fmtP(this.p)}${est}`;
  }
}

function normalP(z: number, alternative: TestAlternative): number {
  if (alternative === 'less') return normal.cdf(z);
  if (alternative === 'greater') return normal.sf(z);
  return 2 * Math.min(normal.cdf(z), normal.sf(z));
}

function correction(z: number, alternative: TestAlternative, correct: boolean): number {
  if (!correct) return 0;
  if (alternative === 'two-sided') return Math.sign(z) * 0.5;
  return alternative === 'greater' ? 0.5 : -0.5;
}

/** Signed-rank V and its normal z for data x (zeros dropped), as R's internal function W(d). */
function signedRankZ(x: ArrayLike<number>, d: number, alternative: TestAlternative, correct: boolean): number {
  const xd: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const v = x[i] - d;
    if (v !== 0) xd.push(v);
  }
  const nx = xd.length;
  const r = rank(xd.map(Math.abs));
  let v = 0;
  for (let i = 0; i < nx; i++) if (xd[i] > 0) v += r.ranks[i];
  const zd = v - (nx * (nx + 1)) / 4;
  const sigma = Math.sqrt((nx * (nx + 1) * (2 * nx + 1)) / 24 - r.tieCorrection / 48);
  return (zd - correction(zd, alternative, correct)) / sigma;
}

function signedRankCore(
  raw: Float64Array,
  missing: number,
  paired: boolean,
  options: WilcoxonOptions,
): WilcoxonSignedRankResult {
  const what = paired ? 'Wilcoxon signed-rank test (paired)' : 'Wilcoxon signed-rank test';
  const alternative = checkTestAlternative(options.alternative);
  const mu = options.mu ?? 0;
  if (!Number.isFinite(mu)) throw new StatsError(`${what}: mu must be a finite number (got ${mu}).`);
  const confInt = options.confInt ?? true;
  const level = checkTestConfLevel(options.confLevel, what);
  const correct = options.correct ?? true;
  const tolRoot = options.tolRoot ?? 1e-4;
  if (raw.length < 1) {
    throw new StatsError(`${what}: no non-missing ${paired ? 'complete pairs' : 'values'} (${missing} missing).`);
  }
  const shifted: number[] = [];
  let zeros = 0;
  for (const v of raw) {
    const s = v - mu;
    if (s === 0) zeros++;
    else shifted.push(s);
  }
  const n = shifted.length;
  if (n === 0) {
    // R returns V = 0 with p = NaN and warnings; we stop with a reason instead.
    throw new StatsError(
      `${what}: all ${raw.length} ${paired ? 'differences' : 'values'} equal ${mu} (the null value), so after dropping zeros nothing is left to rank; the test is undefined.`,
    );
  }
  const exactWanted = options.exact ?? n < 50;
  if (exactWanted && n > MAX_EXACT_SIGNRANK_N) {
    throw new StatsError(
      `${what}: the exact distribution for n = ${n} would take too long (limit n = ${MAX_EXACT_SIGNRANK_N}); use exact: false (normal approximation).`,
    );
  }
  const r = rank(shifted.map(Math.abs));
  let V = 0;
  for (let i = 0; i < n; i++) if (shifted[i] > 0) V += r.ranks[i];
  const ties = r.ties.length > 0;
  const notes: string[] = [];
  if (zeros > 0) notes.push(`${zeros} ${paired ? 'difference(s)' : 'value(s)'} equal to μ₀ = ${mu} dropped before ranking (R default).`);
  if (missing > 0) notes.push(paired ? `${missing} incomplete pair(s) dropped listwise.` : `${missing} missing value(s) dropped.`);
  let p: number;
  let z: number | null = null;
  let exact = false;
  let usedCorrect = false;
  let ci: ConfidenceInterval | null = null;
  let estimate: number | null = null;
  const x = shifted.map((v) => v + mu); // data without the zeros, on the original scale
  if (exactWanted && !ties && zeros === 0) {
    exact = true;
    const counts = signRankCounts(n);
    const total = signRankWeight(n);
    const lower = (q: number) => tailCdf(counts, q, total);
    const upperIncl = (q: number) => upperTail(counts, q, total);
    if (alternative === 'two-sided') p = Math.min(1, 2 * (V > (n * (n + 1)) / 4 ? upperIncl(V) : lower(V)));
    else if (alternative === 'greater') p = upperIncl(V);
    else p = lower(V);
    if (confInt) {
      const alpha = 1 - level;
      const walsh: number[] = [];
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) walsh.push((x[i] + x[j]) / 2);
      walsh.sort((a, b) => a - b);
      const N = (n * (n + 1)) / 2;
      let lo = -Infinity;
      let hi = Infinity;
      let achieved: number;
      let qu = discreteQuantile(counts, alternative === 'two-sided' ? alpha / 2 : alpha, total);
      if (qu === 0) qu = 1;
      const ql = N - qu;
      achieved = (alternative === 'two-sided' ? 2 : 1) * lower(qu - 1);
      if (alternative !== 'less') lo = walsh[qu - 1];
      if (alternative !== 'greater') hi = walsh[ql];
      let ciLevel = level;
      if (achieved - alpha > alpha / 2) {
        ciLevel = 1 - signif2(achieved);
        notes.push(`Requested confidence level not achievable with n = ${n}; the exact interval has level ${ciLevel}.`);
      }
      ci = { lower: lo, upper: hi, level: ciLevel, method: 'exact (inversion of the signed-rank distribution; Walsh averages)' };
      estimate = quantileSorted(Float64Array.from(walsh), 0.5);
    }
  } else {
    if (exactWanted) notes.push(`Exact p-value not available with ${ties ? 'ties' : 'zeros'}; normal approximation used.`);
    const z0 = V - (n * (n + 1)) / 4;
    const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - r.tieCorrection / 48);
    usedCorrect = correct;
    z = (z0 - correction(z0, alternative, correct)) / sigma;
    p = normalP(z, alternative);
    if (confInt) {
      const res = signedRankNormalCI(x, alternative, level, correct, tolRoot);
      ci = res.ci;
      estimate = res.estimate;
      if (res.note) notes.push(res.note);
    }
  }
  return new WilcoxonSignedRankResult({
    method: `Wilcoxon signed-rank ${exact ? 'exact test' : usedCorrect ? 'test, normal approximation with continuity correction' : 'test, normal approximation'}${paired ? ' (paired)' : ''}`,
    statisticName: 'V',
    statistic: V,
    df: null,
    p,
    alternative,
    nullValue: mu,
    estimate: estimate === null ? null : { name: paired ? '(pseudo)median of the differences' : '(pseudo)median', value: estimate },
    ci,
    n: raw.length,
    missing,
    missingHandling: 'listwise',
    notes,
    exact,
    z,
    correct: usedCorrect,
    ties,
    zerosDropped: zeros,
  });
}

function signedRankNormalCI(
  x: number[],
  alternative: TestAlternative,
  conf: number,
  correct: boolean,
  tol: number,
): { ci: ConfidenceInterval; estimate: number; note?: string } {
  const method = 'inversion of the normal approximation of the signed-rank statistic (R wilcox.test)';
  let alpha = 1 - conf;
  let level = conf;
  let mumin = Infinity;
  let mumax = -Infinity;
  for (const v of x) {
    if (v < mumin) mumin = v;
    if (v > mumax) mumax = v;
  }
  const W = (d: number, corr: boolean) => signedRankZ(x, d, alternative, corr);
  const wmin = W(mumin, correct);
  const wmax = Number.isFinite(wmin) ? W(mumax, correct) : NaN;
  if (!Number.isFinite(wmax)) {
    return {
      ci: { lower: alternative === 'less' ? -Infinity : NaN, upper: alternative === 'greater' ? Infinity : NaN, level: 0, method },
      estimate: (mumin + mumax) / 2,
      note: 'Confidence interval not computable: all non-zero values are tied; the estimate is the midrange.',
    };
  }
  const root = (zq: number) => brentRoot((d) => W(d, correct) - zq, mumin, mumax, { fLower: wmin - zq, fUpper: wmax - zq, tol });
  const med = quantileSorted(sortedCopy(x), 0.5);
  const qn = (p: number, upper = false) => (upper ? normal.quantile(1 - p) : normal.quantile(p));
  let lo = -Infinity;
  let hi = Infinity;
  let note: string | undefined;
  const adjust = () => {
    if (alpha >= 1 || 1 - conf < alpha * 0.75) {
      level = 1 - Math.min(1, alpha);
      note = `Requested confidence level not achievable; the interval has level ${level}.`;
    }
  };
  if (alternative === 'two-sided') {
    for (;;) {
      const mindiff = wmin - qn(alpha / 2, true);
      const maxdiff = wmax - qn(alpha / 2);
      if ((mindiff < 0 || maxdiff > 0) && alpha < 2) alpha *= 2;
      else break;
    }
    adjust();
    if (alpha < 1) {
      lo = root(qn(alpha / 2, true));
      hi = root(qn(alpha / 2));
    } else {
      lo = med;
      hi = med;
    }
  } else if (alternative === 'greater') {
    for (;;) {
      if (wmin - qn(alpha, true) < 0 && alpha < 2) alpha *= 2;
      else break;
    }
    adjust();
    lo = alpha < 1 ? root(qn(alpha, true)) : med;
  } else {
    for (;;) {
      if (wmax - qn(alpha / 2) > 0 && alpha < 2) alpha *= 2;
      else break;
    }
    adjust();
    hi = alpha < 1 ? root(qn(alpha)) : med;
  }
  // R sets correct <- FALSE before locating the estimate
  const estimate = brentRoot((d) => W(d, false), mumin, mumax, { tol });
  return { ci: { lower: lo, upper: hi, level, method }, estimate, ...(note ? { note } : {}) };
}

/**
 * Wilcoxon (1945) signed-rank test of the location of `x` against μ₀ (`options.mu`, default 0).
 *
 * V = Σ ranks of |xᵢ − μ₀| over the positive differences; values equal to μ₀ are dropped
 * (R default; the result counts them in `zerosDropped`). p-values:
 * - exact null distribution (subset-sum recursion) when n < 50 and there are neither ties
 *   nor zeros (R's default `exact = NULL`);
 * - otherwise the normal approximation z = (V − n(n+1)/4 − CC) / √(n(n+1)(2n+1)/24 − Σ(t³−t)/48)
 *   with tie correction and continuity correction CC = ±½ (R `correct = TRUE`; switch off with
 *   `correct: false`).
 *
 * Estimate and CI (`confInt`, default on): the Hodges–Lehmann (1963) pseudo-median — median of
 * the Walsh averages (xᵢ + xⱼ)/2, i ≤ j — with the exact distribution-free CI (Bauer, 1972);
 * in the normal case, as R, by root finding on the approximate statistic (tolerance `tolRoot`).
 * When the requested level is not achievable (tiny n) the interval's `level` says the level
 * achieved (R's warning, with R's rounding `1 − signif(α_achieved, 2)`). Missing values are
 * dropped. All values equal to μ₀: `StatsError` (R returns p = NaN with warnings); `exact: true`
 * above n = 1000: `StatsError`. Checked against R `wilcox.test(x, mu = mu, conf.int = TRUE)`
 * (p to ~1e-14, estimate and CI to ~1e-9 relative, as the root finding follows R's `uniroot`).
 *
 * @example
 * wilcoxonSignedRank([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30], { mu: 1 }).apa()
 * // "V = 43, p = .012, Mdn_pseudo = 1.73, 95% CI [1.17, 2.37]"
 */
export function wilcoxonSignedRank(x: NumericInput, options: WilcoxonOptions = {}): WilcoxonSignedRankResult {
  const { values, missing } = finiteValues(x);
  return signedRankCore(values, missing, false, options);
}

/**
 * Paired Wilcoxon signed-rank test: the signed-rank test on d = x − y (pairs with a missing
 * value dropped listwise; zero differences dropped as R). See {@link wilcoxonSignedRank}.
 * Checked against R `wilcox.test(x, y, paired = TRUE, conf.int = TRUE)`.
 *
 * @example
 * wilcoxonSignedRankPaired([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30],
 *   [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29], { alternative: 'greater' }).p
 * // 0.01953125
 */
export function wilcoxonSignedRankPaired(x: NumericInput, y: NumericInput, options: WilcoxonOptions = {}): WilcoxonSignedRankResult {
  const { d, missing } = pairedDifferences(x, y, 'Wilcoxon signed-rank test (paired)');
  return signedRankCore(d, missing, true, options);
}

// ---------------------------------------------------------------------------------------------
// Wilcoxon rank-sum / Mann–Whitney U

/** Result of a Wilcoxon rank-sum / Mann–Whitney test. `statistic` is R's W (= U of x). */
export class MannWhitneyResult extends HypothesisTestResult implements RankTestExtra {
  readonly exact: boolean;
  readonly z: number | null;
  readonly correct: boolean;
  readonly ties: boolean;
  /** U of x: number of pairs (xᵢ, yⱼ) with xᵢ − μ > yⱼ, ties counting ½ (= R's W). */
  readonly uX: number;
  /** U of y = nX·nY − uX. */
  readonly uY: number;
  readonly nX: number;
  readonly nY: number;

  constructor(init: HypothesisTestInit & RankTestExtra & { uX: number; uY: number; nX: number; nY: number }) {
    super(init);
    this.exact = init.exact;
    this.z = init.z;
    this.correct = init.correct;
    this.ties = init.ties;
    this.uX = init.uX;
    this.uY = init.uY;
    this.nX = init.nX;
    this.nY = init.nY;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      exact: this.exact,
      z: this.z,
      correct: this.correct,
      ties: this.ties,
      uX: this.uX,
      uY: this.uY,
      nX: this.nX,
      nY: this.nY,
    };
  }

  /** "W = 37, p = .035, Δ_HL = 1.20, 95% CI [0.10, 2.30]" (W = U of x); normal case adds z. */
  override apa(): string {
    const z = this.z === null ? '' : `, z = ${fmt(this.z)}`;
    const est = this.estimate ? `, Δ_HL = ${fmt(this.estimate.value)}${this.ciApa()}` : '';
    return `W = ${fmt(this.statistic, Number.isInteger(this.statistic) ? 0 : 1)}${z}, ${fmtP(this.p)}${est}`;
  }
}

function rankSumZ(x: ArrayLike<number>, y: ArrayLike<number>, d: number, alternative: TestAlternative, correct: boolean): number {
  const nx = x.length;
  const ny = y.length;
  const all = new Float64Array(nx + ny);
  for (let i = 0; i < nx; i++) all[i] = x[i] - d;
  for (let j = 0; j < ny; j++) all[nx + j] = y[j];
  const r = rank(all);
  let s = 0;
  for (let i = 0; i < nx; i++) s += r.ranks[i];
  const dz = s - (nx * (nx + 1)) / 2 - (nx * ny) / 2;
  const N = nx + ny;
  const sigma = Math.sqrt(((nx * ny) / 12) * (N + 1 - r.tieCorrection / (N * (N - 1))));
  return (dz - correction(dz, alternative, correct)) / sigma;
}

/**
 * Wilcoxon rank-sum test = Mann–Whitney U test (Wilcoxon, 1945; Mann & Whitney, 1947) of a
 * location shift μ (`options.mu`, default 0) between x and y.
 *
 * W = Σ ranks of (xᵢ − μ) in the pooled sample − n₁(n₁+1)/2, which is U of x (reported as
 * `statistic` and `uX`, as R's W); U of y = n₁n₂ − W. p-values:
 * - exact null distribution (subset-sum recursion, memory O(min(n₁,n₂)·n₁n₂)) when n₁ < 50,
 *   n₂ < 50 and there are no ties (R's default);
 * - otherwise the normal approximation z = (W − n₁n₂/2 − CC) / √(n₁n₂/12·(N+1 − Σ(t³−t)/(N(N−1))))
 *   with tie and continuity correction (CC = ±½, R `correct = TRUE`).
 *
 * Estimate and CI (`confInt`, default on): the Hodges–Lehmann shift, median of all differences
 * xᵢ − yⱼ, with the exact distribution-free CI (order statistics of the differences at
 * `qwilcox`) or, in the normal case, root finding on the approximate statistic as R
 * (tolerance `tolRoot`, default 1e-4). Missing values are dropped per group.
 * Checked against R `wilcox.test(x, y, conf.int = TRUE)`. Deliberate differences: when every value
 * is tied, a `StatsError` (R returns p = NaN); an explicitly requested exact test that would need
 * more than ~2·10⁸ additions is refused with a `StatsError` instead of running for minutes.
 *
 * @example
 * mannWhitneyU([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21]).p
 * // 0.2544122544122544
 */
export function mannWhitneyU(x: NumericInput, y: NumericInput, options: WilcoxonOptions = {}): MannWhitneyResult {
  const what = 'Wilcoxon rank-sum (Mann–Whitney) test';
  const alternative = checkTestAlternative(options.alternative);
  const mu = options.mu ?? 0;
  if (!Number.isFinite(mu)) throw new StatsError(`${what}: mu must be a finite number (got ${mu}).`);
  const confInt = options.confInt ?? true;
  const level = checkTestConfLevel(options.confLevel, what);
  const correct = options.correct ?? true;
  const tolRoot = options.tolRoot ?? 1e-4;
  const fx = finiteValues(x);
  const fy = finiteValues(y);
  const xs = fx.values;
  const ys = fy.values;
  const nx = xs.length;
  const ny = ys.length;
  if (nx < 1) throw new StatsError(`${what}: x has no non-missing values (${fx.missing} missing).`);
  if (ny < 1) throw new StatsError(`${what}: y has no non-missing values (${fy.missing} missing).`);
  const all = new Float64Array(nx + ny);
  for (let i = 0; i < nx; i++) all[i] = xs[i] - mu;
  all.set(ys, nx);
  const r = rank(all);
  let s = 0;
  for (let i = 0; i < nx; i++) s += r.ranks[i];
  const W = s - (nx * (nx + 1)) / 2;
  const ties = r.ties.length > 0;
  const exactWanted = options.exact ?? (nx < 50 && ny < 50);
  if (exactWanted && !ties && (nx + ny) * Math.min(nx, ny) * nx * ny > MAX_EXACT_RANKSUM_COST) {
    throw new StatsError(
      `${what}: the exact distribution for n = (${nx}, ${ny}) would take too long; use exact: false (normal approximation).`,
    );
  }
  const notes: string[] = [];
  const missing = fx.missing + fy.missing;
  if (missing > 0) notes.push(`${fx.missing} missing value(s) dropped from x and ${fy.missing} from y.`);
  let p: number;
  let z: number | null = null;
  let exact = false;
  let usedCorrect = false;
  let ci: ConfidenceInterval | null = null;
  let estimate: number | null = null;
  if (exactWanted && !ties) {
    exact = true;
    const counts = rankSumCounts(nx, ny);
    const total = rankSumWeight(counts);
    const lower = (q: number) => tailCdf(counts, q, total);
    const upperIncl = (q: number) => upperTail(counts, q, total);
    if (alternative === 'two-sided') p = Math.min(1, 2 * (W > (nx * ny) / 2 ? upperIncl(W) : lower(W)));
    else if (alternative === 'greater') p = upperIncl(W);
    else p = lower(W);
    if (confInt) {
      const alpha = 1 - level;
      const diffs = new Float64Array(nx * ny);
      let k = 0;
      for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) diffs[k++] = xs[i] - ys[j];
      diffs.sort();
      let qu = discreteQuantile(counts, alternative === 'two-sided' ? alpha / 2 : alpha, total);
      if (qu === 0) qu = 1;
      const ql = nx * ny - qu;
      const achieved = (alternative === 'two-sided' ? 2 : 1) * lower(qu - 1);
      let ciLevel = level;
      if (achieved - alpha > alpha / 2) {
        ciLevel = 1 - achieved;
        notes.push(`Requested confidence level not achievable with these sample sizes; the exact interval has level ${fmt(ciLevel, 4)}.`);
      }
      ci = {
        lower: alternative === 'less' ? -Infinity : diffs[qu - 1],
        upper: alternative === 'greater' ? Infinity : diffs[ql],
        level: ciLevel,
        method: 'exact (inversion of the rank-sum distribution; order statistics of the differences)',
      };
      estimate = quantileSorted(diffs, 0.5);
    }
  } else {
    if (exactWanted) notes.push('Exact p-value not available with ties; normal approximation used.');
    const z0 = W - (nx * ny) / 2;
    const N = nx + ny;
    const sigma = Math.sqrt(((nx * ny) / 12) * (N + 1 - r.tieCorrection / (N * (N - 1))));
    if (!(sigma > 0)) {
      // R returns p = NaN here; a rank test cannot say anything when every value is the same.
      throw new StatsError(`${what}: all ${N} values (after subtracting μ from x) are equal, so the ranks carry no information.`);
    }
    usedCorrect = correct;
    z = (z0 - correction(z0, alternative, correct)) / sigma;
    p = normalP(z, alternative);
    if (confInt) {
      let mnx = Infinity;
      let mxx = -Infinity;
      let mny = Infinity;
      let mxy = -Infinity;
      for (const v of xs) {
        mnx = Math.min(mnx, v);
        mxx = Math.max(mxx, v);
      }
      for (const v of ys) {
        mny = Math.min(mny, v);
        mxy = Math.max(mxy, v);
      }
      const mumin = mnx - mxy;
      const mumax = mxx - mny;
      const Wd = (d: number, corr: boolean) => rankSumZ(xs, ys, d, alternative, corr);
      const wmin = Wd(mumin, correct);
      const wmax = Wd(mumax, correct);
      const root = (zq: number) => {
        const fl = wmin - zq;
        if (fl <= 0) return mumin;
        const fu = wmax - zq;
        if (fu >= 0) return mumax;
        return brentRoot((d) => Wd(d, correct) - zq, mumin, mumax, { fLower: fl, fUpper: fu, tol: tolRoot });
      };
      const alpha = 1 - level;
      let lo = -Infinity;
      let hi = Infinity;
      if (alternative === 'two-sided') {
        lo = root(normal.quantile(1 - alpha / 2));
        hi = root(normal.quantile(alpha / 2));
      } else if (alternative === 'greater') lo = root(normal.quantile(1 - alpha));
      else hi = root(normal.quantile(alpha));
      ci = { lower: lo, upper: hi, level, method: 'inversion of the normal approximation of the rank-sum statistic (R wilcox.test)' };
      estimate = brentRoot((d) => Wd(d, false), mumin, mumax, { tol: tolRoot });
    }
  }
  return new MannWhitneyResult({
    method: `Wilcoxon rank-sum (Mann–Whitney U) ${exact ? 'exact test' : usedCorrect ? 'test, normal approximation with continuity correction' : 'test, normal approximation'}`,
    statisticName: 'W',
    statistic: W,
    df: null,
    p,
    alternative,
    nullValue: mu,
    estimate: estimate === null ? null : { name: 'difference in location (Hodges–Lehmann)', value: estimate },
    ci,
    n: nx + ny,
    missing,
    missingHandling: 'listwise',
    notes,
    exact,
    z,
    correct: usedCorrect,
    ties,
    uX: W,
    uY: nx * ny - W,
    nX: nx,
    nY: ny,
  });
}

/**
 * Alias of {@link mannWhitneyU}: the Wilcoxon rank-sum test (R `wilcox.test(x, y)`); same function, same result.
 *
 * @example
 * wilcoxonRankSum([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21]).statistic // 35 (R W = 35)
 */
export const wilcoxonRankSum = mannWhitneyU;

// ---------------------------------------------------------------------------------------------
// Binomial and sign tests

export interface BinomialTestOptions {
  /** Hypothesised probability of success, default 0.5. */
  p?: number;
  alternative?: TestAlternative;
  confLevel?: number;
}

/** Result of an exact binomial test (also the sign test and the exact McNemar test). */
export class BinomialTestResult extends HypothesisTestResult {
  readonly successes: number;
  readonly trials: number;

  constructor(init: HypothesisTestInit & { successes: number; trials: number }) {
    super(init);
    this.successes = init.successes;
    this.trials = init.trials;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), successes: this.successes, trials: this.trials };
  }

  /** "14 of 20, p = .115, proportion = .70, 95% CI [.46, .88]" */
  override apa(): string {
    const est = this.estimate ? `, proportion = ${fmtNoLeadingZero(this.estimate.value)}` : '';
    const ci = this.ci ? `, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level, 2, true)}` : '';
    return `${this.successes} of ${this.trials}, ${fmtP(this.p)}${est}${ci}`;
  }
}

/**
 * p-value of the exact binomial test, exactly as R `binom.test` (two-sided: relErr 1 + 1e-7).
 *
 * @example
 * binomialTestP(2, 10, 0.5, 'two-sided') // 0.109375 (R binom.test(2, 10)$p.value)
 */
export function binomialTestP(x: number, n: number, p0: number, alternative: TestAlternative): number {
  if (alternative === 'less') return binomial.cdf(x, n, p0);
  if (alternative === 'greater') return binomial.sfInclusive(x, n, p0);
  if (p0 === 0) return x === 0 ? 1 : 0;
  if (p0 === 1) return x === n ? 1 : 0;
  const relErr = 1 + 1e-7;
  const d = binomial.pmf(x, n, p0);
  const m = n * p0;
  if (x === m) return 1;
  if (x < m) {
    let y = 0;
    for (let i = Math.ceil(m); i <= n; i++) if (binomial.pmf(i, n, p0) <= d * relErr) y++;
    return Math.min(1, binomial.cdf(x, n, p0) + binomial.sfInclusive(n - y + 1, n, p0));
  }
  let y = 0;
  for (let i = 0; i <= Math.floor(m); i++) if (binomial.pmf(i, n, p0) <= d * relErr) y++;
  return Math.min(1, binomial.cdf(y - 1, n, p0) + binomial.sfInclusive(x, n, p0));
}

/** Clopper–Pearson interval matching binom.test for each alternative. */
function clopperPearsonFor(x: number, n: number, level: number, alternative: TestAlternative): ConfidenceInterval {
  const method = 'Clopper–Pearson exact interval (Clopper & Pearson, 1934)';
  if (alternative === 'two-sided') return { ...clopperPearsonInterval(x, n, level).ci, method };
  // one-sided bound at 1 − level = the two-sided interval with level 2·level − 1 (or direct when level ≤ ½)
  const twoSidedLevel = 2 * level - 1;
  const cp = twoSidedLevel > 0 ? clopperPearsonInterval(x, n, twoSidedLevel).ci : null;
  if (!cp) throw new StatsError('binomial test: one-sided intervals need a confidence level above 0.5.');
  return alternative === 'less' ? { lower: 0, upper: cp.upper, level, method } : { lower: cp.lower, upper: 1, level, method };
}

/**
 * Exact binomial test of H₀: π = p₀ for `x` successes in `n` trials, with the Clopper–Pearson
 * (1934) CI of the proportion.
 *
 * One-sided p = P(X ≤ x) or P(X ≥ x); two-sided p = sum of P(X = k) over all k with
 * P(X = k) ≤ P(X = x)·(1 + 10⁻⁷) (R's rule). Checked against R `binom.test(x, n, p)`.
 *
 * @example
 * binomialTest(7, 20, { p: 0.3 }).p // 0.6294979666766771 (R binom.test(7, 20, 0.3)$p.value: 0.629498)
 */
export function binomialTest(x: number, n: number, options: BinomialTestOptions = {}): BinomialTestResult {
  const alternative = checkTestAlternative(options.alternative);
  const level = checkTestConfLevel(options.confLevel, 'Binomial test');
  const p0 = options.p ?? 0.5;
  if (!Number.isInteger(n) || n < 1) throw new StatsError(`Binomial test: the number of trials must be a positive integer (got ${n}).`);
  if (!Number.isInteger(x) || x < 0 || x > n) throw new StatsError(`Binomial test: successes must be an integer between 0 and ${n} (got ${x}).`);
  if (!(p0 >= 0 && p0 <= 1)) throw new StatsError(`Binomial test: p must lie between 0 and 1 (got ${p0}).`);
  return new BinomialTestResult({
    method: 'Exact binomial test',
    statisticName: 'x',
    statistic: x,
    df: null,
    p: binomialTestP(x, n, p0, alternative),
    alternative,
    nullValue: p0,
    estimate: { name: 'probability of success', value: x / n },
    ci: clopperPearsonFor(x, n, level, alternative),
    n,
    missing: 0,
    missingHandling: 'none',
    successes: x,
    trials: n,
  });
}

/** Result of a sign test: positives, negatives, ties (dropped) and the exact binomial test on them. */
export class SignTestResult extends BinomialTestResult {
  readonly positives: number;
  readonly negatives: number;
  /** Differences equal to μ₀, dropped and reported. */
  readonly tiesDropped: number;

  constructor(init: HypothesisTestInit & { successes: number; trials: number; positives: number; negatives: number; tiesDropped: number }) {
    super(init);
    this.positives = init.positives;
    this.negatives = init.negatives;
    this.tiesDropped = init.tiesDropped;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), positives: this.positives, negatives: this.negatives, tiesDropped: this.tiesDropped };
  }

  /** "14 of 20 positive (3 ties dropped), p = .115, proportion = .70, 95% CI [.46, .88]" */
  override apa(): string {
    const ties = this.tiesDropped > 0 ? ` (${this.tiesDropped} ${this.tiesDropped === 1 ? 'tie' : 'ties'} dropped)` : '';
    const ci = this.ci ? `, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level, 2, true)}` : '';
    return `${this.positives} of ${this.trials} positive${ties}, ${fmtP(this.p)}, proportion = ${fmtNoLeadingZero(this.estimate?.value ?? NaN)}${ci}`;
  }
}

export interface SignTestOptions {
  /** Null median of the differences, default 0. */
  mu?: number;
  alternative?: TestAlternative;
  confLevel?: number;
}

function signTestCore(d: Float64Array, missing: number, paired: boolean, options: SignTestOptions): SignTestResult {
  const what = paired ? 'Sign test (paired)' : 'Sign test';
  const mu = options.mu ?? 0;
  const alternative = checkTestAlternative(options.alternative);
  const level = checkTestConfLevel(options.confLevel, what);
  let pos = 0;
  let neg = 0;
  for (const v of d) {
    if (v > mu) pos++;
    else if (v < mu) neg++;
  }
  const ties = d.length - pos - neg;
  const n = pos + neg;
  if (n === 0) {
    throw new StatsError(
      `${what}: no ${paired ? 'difference' : 'value'} differs from ${mu} (${ties} ties, ${missing} missing), so there is nothing to test.`,
    );
  }
  const notes: string[] = [];
  if (ties > 0) notes.push(`${ties} ${paired ? 'difference(s)' : 'value(s)'} equal to ${mu} dropped (ties).`);
  if (missing > 0) notes.push(paired ? `${missing} incomplete pair(s) dropped listwise.` : `${missing} missing value(s) dropped.`);
  return new SignTestResult({
    method: `Sign test (exact binomial${paired ? ', paired' : ''})`,
    statisticName: 'S',
    statistic: pos,
    df: null,
    p: binomialTestP(pos, n, 0.5, alternative),
    alternative,
    nullValue: mu,
    estimate: { name: 'proportion positive', value: pos / n },
    ci: clopperPearsonFor(pos, n, level, alternative),
    n: d.length,
    missing,
    missingHandling: 'listwise',
    notes,
    successes: pos,
    trials: n,
    positives: pos,
    negatives: neg,
    tiesDropped: ties,
  });
}

/**
 * Sign test (Dixon & Mood, 1946; e.g. the share of families whose GAS score improved): S = number of values above
 * μ₀ (default 0) among those that differ from μ₀; values equal to μ₀ are dropped and reported
 * (`tiesDropped`). Exact binomial test of S ~ Bin(n, ½) (two-sided as R `binom.test`) with the
 * Clopper–Pearson CI of the proportion positive. Missing values are dropped.
 * Checked against R `binom.test(sum(d > 0), sum(d != 0))`.
 *
 * @example
 * signTest([2, 1, 0, 3, -1, 1, 2, 0, 1, 4, -2, 1]).apa()
 * // "8 of 10 positive (2 ties dropped), p = .109, proportion = .80, 95% CI [.44, .97]"
 */
export function signTest(d: NumericInput, options: SignTestOptions = {}): SignTestResult {
  const { values, missing } = finiteValues(d);
  return signTestCore(values, missing, false, options);
}

/**
 * Paired sign test on x − y (incomplete pairs dropped listwise; zero differences dropped and
 * reported). See {@link signTest}. Checked against R `binom.test(sum(x > y), sum(x != y))`.
 *
 * @example
 * signTestPaired([3, 4, 5, 7, 8], [1, 4, 2, 9, 6]).p // 0.625 (3 of 4 positive, 1 tie)
 */
export function signTestPaired(x: NumericInput, y: NumericInput, options: SignTestOptions = {}): SignTestResult {
  const { d, missing } = pairedDifferences(x, y, 'Sign test (paired)');
  return signTestCore(d, missing, true, options);
}
