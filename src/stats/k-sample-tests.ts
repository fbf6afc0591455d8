/**
 * Rank and count tests for k groups or k repeated conditions: Kruskal–Wallis (independent groups), Friedman
 * (k conditions on the same participants) and Cochran's Q (k binary conditions on the same participants), with
 * their rank effect sizes (ε²_R, Kendall's W).
 *
 * Reference: R 4.2 `kruskal.test`, `friedman.test`, effectsize 0.8 `rank_epsilon_squared`, `kendalls_w`;
 * Cochran's Q equals `friedman.test` on the 0/1 table (tests/reference/posthoc.R → posthoc.json); the bootstrap
 * CIs of ε²_R and W against effectsize 0.8.3 (tests/reference/effsize3.R → effsize3.json).
 */
import { fmt, fmtNoLeadingZero } from './apa.js';
import { anovaGroupIndex, anovaGroupLevels, type AnovaGroupInput, type AnovaGroupLabel } from './anova.js';
import { chiSquared } from './distributions.js';
import { bootstrap, type BootstrapInterval } from './bootstrap.js';
import type { VarianceExplainedAlternative } from './effsize/from-test.js';
import { EffectSizeResult, checkEffectSizeLevel } from './effsize/result.js';
import { rank } from './ranks.js';
import { StatsError, type ConfidenceInterval, type NumericInput } from './result.js';
import { HypothesisTestResult, type HypothesisTestInit } from './ttest.js';

/** A k-sample test with a rank effect size (ε²_R for Kruskal–Wallis, Kendall's W for Friedman and Cochran's Q). */
export class KSampleTestResult extends HypothesisTestResult {
  constructor(
    init: HypothesisTestInit,
    /** Effect size name and value, e.g. { symbol: 'ε²_R', value: .12 }. */
    readonly effectSize: { symbol: string; value: number; method: string },
    /** Group / condition labels. */
    readonly levels: string[],
  ) {
    super(init);
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), effectSize: { ...this.effectSize }, levels: this.levels };
  }
  /** "H(2) = 6.53, p = .038, ε²_R = .21" */
  override apa(): string {
    const v = this.effectSize.value;
    return `${this.statisticApa()}, ${this.effectSize.symbol} = ${v <= 1 ? fmtNoLeadingZero(v) : fmt(v)}`;
  }
}

/**
 * Kruskal–Wallis rank-sum test (Kruskal & Wallis 1952), as R `kruskal.test`: with mid-ranks over all N values,
 * H = [12/(N(N + 1)) Σ Rⱼ²/nⱼ − 3(N + 1)] / [1 − Σ(t³ − t)/(N³ − N)] on k − 1 df (χ² approximation, tie-corrected).
 * Effect size ε²_R = H/((N² − 1)/(N + 1)) (Tomczak & Tomczak 2014; effectsize `rank_epsilon_squared`, point estimate).
 *
 * @throws StatsError for fewer than 2 groups, an empty group, or all values equal.
 * @example
 * kruskalWallis([1, 2, 3, 4, 5, 6, 7, 8, 9], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']).apa() // "H(2) = 7.20, p = .027, ε²_R = .90"
 */
export function kruskalWallis(values: NumericInput, groups: AnovaGroupInput, options: { levels?: readonly AnovaGroupLabel[] } = {}): KSampleTestResult {
  const { levels, samples, N, missing } = groupSamples(values, groups, options.levels, 'Kruskal–Wallis test');
  const H = kruskalH(samples, N);
  if (Number.isNaN(H)) throw new StatsError('Kruskal–Wallis test: all values are equal, so there is nothing to rank.');
  const df = levels.length - 1;
  return new KSampleTestResult(
    {
      method: 'Kruskal–Wallis rank-sum test (χ² approximation, tie-corrected)',
      statisticName: 'H',
      statistic: H,
      df,
      p: chiSquared.sf(H, df),
      alternative: 'two-sided',
      nullValue: 0,
      estimate: null,
      ci: null,
      n: N,
      missing,
      missingHandling: 'listwise',
    },
    { symbol: 'ε²_R', value: H / ((N * N - 1) / (N + 1)), method: 'rank epsilon squared H/((N² − 1)/(N + 1))' },
    levels,
  );
}

/** Finite outcome values per group (listwise), with a sentence for too few groups or an empty group. */
function groupSamples(
  values: NumericInput,
  groups: AnovaGroupInput,
  levelsOption: readonly AnovaGroupLabel[] | undefined,
  what: string,
): { levels: string[]; samples: Float64Array[]; N: number; missing: number } {
  if (values.length !== groups.length) throw new StatsError(`${what}: outcome has ${values.length} values but group has ${groups.length}.`);
  const levels = anovaGroupLevels(groups, levelsOption);
  const gi = anovaGroupIndex(groups, levels);
  const buckets: number[][] = levels.map(() => []);
  let N = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (gi[i] >= 0 && typeof v === 'number' && Number.isFinite(v)) {
      buckets[gi[i]].push(v);
      N++;
    }
  }
  if (levels.length < 2) throw new StatsError(`${what} needs at least 2 groups; found ${levels.length}.`);
  buckets.forEach((b, j) => {
    if (b.length === 0) throw new StatsError(`${what}: group "${levels[j]}" has no observations.`);
  });
  return { levels, samples: buckets.map((b) => Float64Array.from(b)), N, missing: values.length - N };
}

/**
 * Kruskal–Wallis H of k samples (mid-ranks over all N values, tie-corrected); NaN when all values are equal.
 * Shared by the test and the bootstrap of ε²_R.
 */
function kruskalH(samples: readonly ArrayLike<number>[], N: number): number {
  const x = new Float64Array(N);
  let off = 0;
  for (const s of samples) {
    for (let i = 0; i < s.length; i++) x[off + i] = s[i];
    off += s.length;
  }
  const r = rank(x);
  const denom = 1 - r.tieCorrection / (N * N * N - N);
  if (!(denom > 0)) return NaN;
  let sum = 0;
  off = 0;
  for (const s of samples) {
    let R = 0;
    for (let i = 0; i < s.length; i++) R += r.ranks[off + i];
    off += s.length;
    sum += (R * R) / s.length;
  }
  return ((12 / (N * (N + 1))) * sum - 3 * (N + 1)) / denom;
}

function completeRows(conditions: NumericInput[], what: string): { rows: Float64Array[]; missing: number } {
  const k = conditions.length;
  if (k < 2) throw new StatsError(`${what} needs at least 2 conditions; got ${k}.`);
  const n0 = conditions[0].length;
  conditions.forEach((c, j) => {
    if (c.length !== n0) throw new StatsError(`${what}: condition ${j + 1} has ${c.length} values, condition 1 has ${n0}.`);
  });
  const rows: Float64Array[] = [];
  for (let i = 0; i < n0; i++) {
    const row = conditions.map((c) => c[i]);
    if (row.every((v) => typeof v === 'number' && Number.isFinite(v))) rows.push(Float64Array.from(row as number[]));
  }
  if (rows.length < 2) throw new StatsError(`${what}: ${rows.length} participant${rows.length === 1 ? ' has' : 's have'} all ${k} conditions; at least 2 are needed.`);
  return { rows, missing: n0 - rows.length };
}

/**
 * Friedman rank-sum test (Friedman 1937), as R `friedman.test(matrix)`: values are ranked within each participant
 * (mid-ranks); with column rank sums Rⱼ, χ²_F = 12 Σ(Rⱼ − n(k + 1)/2)² / [n k(k + 1) − Σ(t³ − t)/(k − 1)] on k − 1 df.
 * Kendall's W = χ²_F/(n(k − 1)) (coefficient of concordance, tie-corrected through χ²_F; effectsize `kendalls_w`).
 * Participants with a missing condition are dropped (listwise).
 *
 * @throws StatsError for fewer than 2 conditions or 2 complete participants, or when every row is constant.
 * @example
 * friedmanTest([[1, 2, 1, 2], [2, 3, 3, 3], [3, 1, 2, 4]]).p // 0.1737739 (R friedman.test: p = 0.1738)
 */
export function friedmanTest(conditions: NumericInput[], options: { names?: readonly string[] } = {}): KSampleTestResult {
  const what = 'Friedman test';
  const { rows, missing } = completeRows(conditions, what);
  const chi = friedmanChiSquared(rows);
  if (Number.isNaN(chi)) throw new StatsError(`${what}: every participant has the same value in all conditions; nothing to rank.`);
  return repeatedChiSquaredResult('Friedman rank-sum test (χ² approximation, tie-corrected)', 'χ²', chi, conditions.length, rows.length, missing, "Kendall's W = χ²_F/(n(k − 1))", conditions, options.names);
}

/** Friedman's tie-corrected χ²_F of complete rows (one row per participant); NaN when every row is constant. */
function friedmanChiSquared(rows: readonly Float64Array[]): number {
  const k = rows[0].length;
  const n = rows.length;
  const R = new Float64Array(k);
  let ties = 0;
  for (const row of rows) {
    const r = rank(row);
    for (let j = 0; j < k; j++) R[j] += r.ranks[j];
    ties += r.tieCorrection;
  }
  let s = 0;
  for (let j = 0; j < k; j++) s += (R[j] - (n * (k + 1)) / 2) ** 2;
  const denom = n * k * (k + 1) - ties / (k - 1);
  return denom > 0 ? (12 * s) / denom : NaN;
}

/** Result of a k-condition repeated-measures test on k − 1 df (χ² approximation), with Kendall's W = statistic/(n(k − 1)); listwise. */
function repeatedChiSquaredResult(
  method: string,
  statisticName: string,
  statistic: number,
  k: number,
  n: number,
  missing: number,
  wMethod: string,
  conditions: readonly unknown[],
  names: readonly string[] | undefined,
): KSampleTestResult {
  return new KSampleTestResult(
    {
      method,
      statisticName,
      statistic,
      df: k - 1,
      p: chiSquared.sf(statistic, k - 1),
      alternative: 'two-sided',
      nullValue: 0,
      estimate: null,
      ci: null,
      n,
      missing,
      missingHandling: 'listwise',
    },
    { symbol: 'W', value: statistic / (n * (k - 1)), method: wMethod },
    names ? names.map(String) : conditions.map((_, j) => `c${j + 1}`),
  );
}

/**
 * Cochran's Q test (Cochran 1950) for k binary (0/1) conditions on the same participants, e.g. "goal reached" at
 * three evaluations: with column totals Cⱼ, row totals Lᵢ and grand total T,
 * Q = (k − 1)(k ΣCⱼ² − T²)/(kT − ΣLᵢ²) on k − 1 df (χ² approximation). Q equals Friedman's tie-corrected χ² on the
 * 0/1 table (checked against R `friedman.test`). Kendall's W = Q/(n(k − 1)) as the effect size.
 *
 * @throws StatsError for a value other than 0/1, fewer than 2 conditions or participants, or when every participant
 *   has the same value in all conditions.
 * @example
 * cochranQ([[1, 1, 0, 1, 1], [0, 1, 0, 0, 1], [0, 0, 0, 0, 1]]).statistic // 4.666667 (R friedman.test on the 0/1 table: 4.6667)
 */
export function cochranQ(conditions: NumericInput[], options: { names?: readonly string[] } = {}): KSampleTestResult {
  const what = "Cochran's Q test";
  const { rows, missing } = completeRows(conditions, what);
  const k = conditions.length;
  const n = rows.length;
  const C = new Float64Array(k);
  let T = 0;
  let sumL2 = 0;
  rows.forEach((row, i) => {
    let L = 0;
    row.forEach((v, j) => {
      if (v !== 0 && v !== 1) throw new StatsError(`${what}: participant ${i + 1} (of the complete ones), condition ${j + 1}, is not 0 or 1.`);
      C[j] += v;
      L += v;
    });
    T += L;
    sumL2 += L * L;
  });
  const denom = k * T - sumL2;
  if (!(denom > 0)) throw new StatsError(`${what}: every participant has the same value in all conditions, so Q is undefined.`);
  let sC2 = 0;
  for (const c of C) sC2 += c * c;
  const Q = ((k - 1) * (k * sC2 - T * T)) / denom;
  return repeatedChiSquaredResult("Cochran's Q test (χ² approximation)", 'Q', Q, k, n, missing, "Kendall's W = Q/(n(k − 1))", conditions, options.names);
}

/** Options of {@link rankEpsilonSquared} and {@link kendallsW}. */
export interface RankEffectSizeOptions {
  /**
   * Percentile bootstrap CI (as effectsize): give a seed (the same seed gives the same interval). Without `ci` no
   * interval is computed. `resamples` default 2000 (effectsize's default is 200 iterations); `level` default 0.95;
   * `alternative` 'two-sided' (default) or 'greater' — effectsize's default one-sided interval: the lower limit of a
   * (2·level − 1) two-sided percentile interval and an upper bound fixed at 1.
   */
  ci?: { seed: number; resamples?: number; level?: number; alternative?: VarianceExplainedAlternative };
}

function rankBootstrapCI(
  samples: NumericInput[],
  statistic: (...s: Float64Array[]) => number,
  ci: NonNullable<RankEffectSizeOptions['ci']>,
  resampling: string,
  symbol: string,
): { ci: ConfidenceInterval; invalid: number } {
  const level = ci.level ?? 0.95;
  checkEffectSizeLevel(level, symbol);
  const alternative = ci.alternative ?? 'two-sided';
  if (alternative !== 'two-sided' && alternative !== 'greater') throw new StatsError(`${symbol}: alternative must be 'two-sided' or 'greater' (got ${String(alternative)}).`);
  const bootLevel = alternative === 'two-sided' ? level : 2 * level - 1;
  if (!(bootLevel > 0)) throw new StatsError(`${symbol}: a one-sided interval needs level > 0.5 (got ${level}).`);
  const resamples = ci.resamples ?? 2000;
  const b = bootstrap({ samples, statistic, resamples, seed: ci.seed, level: bootLevel, method: 'percentile', name: symbol });
  const p = b.percentile as BootstrapInterval;
  const side = alternative === 'two-sided' ? 'two-sided' : `one-sided (greater; lower limit of the ${Math.round(bootLevel * 1000) / 10}% interval, upper bound fixed at 1)`;
  return {
    ci: {
      lower: p.lower,
      upper: alternative === 'greater' && !Number.isNaN(p.lower) ? 1 : p.upper,
      level,
      method: `percentile bootstrap, ${resamples.toLocaleString('en-US')} resamples ${resampling} (seed ${ci.seed}), ${side}`,
    },
    invalid: b.intervals.invalidReplicates,
  };
}

/**
 * Rank ε² (ε²_R), the effect size of the Kruskal–Wallis test (Kelley 1935; Tomczak & Tomczak 2014):
 * ε²_R = H/((N² − 1)/(N + 1)) = H/(N − 1), with H tie-corrected as in {@link kruskalWallis}; 0 ≤ ε²_R ≤ 1.
 * As effectsize 0.8.3 `rank_epsilon_squared(x, groups, ci = level)`.
 *
 * CI (with `ci: { seed }`): percentile bootstrap, each group resampled with replacement within itself (effectsize's
 * `.boot_two_group_es` resamples within groups), via {@link bootstrap}. Two-sided by default; `alternative: 'greater'`
 * is effectsize's default one-sided interval [lower, 1]. The CI's `method` names the interval, resamples and seed.
 * The replicates cannot equal R's (different generator): the point estimate is checked against effectsize to 1e-10,
 * the CI against the spread of effectsize's CI over 20 R seeds (tests/reference/effsize3.R).
 *
 * @throws StatsError for fewer than 2 groups, an empty group, or all values equal.
 * @example
 * rankEpsilonSquared([1, 2, 3, 4, 5, 6, 7, 8, 9], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']).estimate // 0.9 (= H/(N − 1) = 7.2/8)
 */
export function rankEpsilonSquared(values: NumericInput, groups: AnovaGroupInput, options: RankEffectSizeOptions & { levels?: readonly AnovaGroupLabel[] } = {}): EffectSizeResult {
  const what = 'Rank ε² (Kruskal–Wallis)';
  const { levels, samples, N, missing } = groupSamples(values, groups, options.levels, what);
  const H = kruskalH(samples, N);
  if (Number.isNaN(H)) throw new StatsError(`${what}: all values are equal, so there is nothing to rank.`);
  if (options.ci) {
    samples.forEach((s, j) => {
      if (s.length < 2) throw new StatsError(`${what}: group "${levels[j]}" has 1 value; the bootstrap CI resamples within groups and needs at least 2 per group.`);
    });
  }
  const boot = options.ci
    ? rankBootstrapCI(samples, (...s) => kruskalH(s, N) / (N - 1), options.ci, `within each of ${levels.length} groups`, 'rankEpsilonSquared')
    : null;
  return new EffectSizeResult({
    method: 'Rank ε² = H/(N − 1) (Kruskal–Wallis, tie-corrected)',
    measure: 'rank_epsilon_squared',
    symbol: 'ε²_R',
    estimate: H / (N - 1),
    ci: boot ? boot.ci : null,
    n: Object.fromEntries(levels.map((l, j) => [l, samples[j].length])),
    missing,
    missingHandling: 'listwise',
    details: { H, df: levels.length - 1, N, ...(boot ? { invalidResamples: boot.invalid } : {}) },
    bounded: true,
  });
}

/**
 * Kendall's W, the coefficient of concordance and effect size of the Friedman test (Kendall & Babington Smith 1939):
 * W = χ²_F/(n(k − 1)) for n participants and k conditions, with Friedman's tie-corrected χ²_F (equal to effectsize's
 * tie formula W = (12ΣRⱼ² − 3n²k(k + 1)²)/(n²(k³ − k) − nΣ(t³ − t))); 0 ≤ W ≤ 1. Participants with a missing condition
 * are dropped (listwise). As effectsize 0.8.3 `kendalls_w(matrix, ci = level)` with participants on the rows.
 *
 * CI (with `ci: { seed }`): percentile bootstrap over participants (whole rows resampled, as effectsize's
 * `.kendalls_w_ci`), via {@link bootstrap}; resamples in which every row is constant give no W and are left out
 * (counted in `details.invalidResamples`). Two-sided by default; `alternative: 'greater'` is effectsize's default
 * one-sided interval [lower, 1]. Checked as {@link rankEpsilonSquared} (tests/reference/effsize3.R).
 *
 * @throws StatsError for fewer than 2 conditions or 2 complete participants, or when every row is constant.
 * @example
 * kendallsW([[1, 2, 1, 2], [2, 3, 3, 3], [3, 1, 2, 4]]).estimate // 0.4375 (χ²_F = 3.5 on n = 4, k = 3)
 */
export function kendallsW(conditions: NumericInput[], options: RankEffectSizeOptions = {}): EffectSizeResult {
  const what = "Kendall's W (Friedman)";
  const { rows, missing } = completeRows(conditions, what);
  const chi = friedmanChiSquared(rows);
  if (Number.isNaN(chi)) throw new StatsError(`${what}: every participant has the same value in all conditions; nothing to rank.`);
  const n = rows.length;
  const k = conditions.length;
  const boot = options.ci
    ? rankBootstrapCI(
        [rows.map((_, i) => i)],
        (ix) => {
          const sub = Array.from(ix, (i) => rows[i]);
          return friedmanChiSquared(sub) / (n * (k - 1));
        },
        options.ci,
        'of participants (whole rows)',
        'kendallsW',
      )
    : null;
  return new EffectSizeResult({
    method: "Kendall's W = χ²_F/(n(k − 1)) (Friedman, tie-corrected)",
    measure: 'kendalls_w',
    symbol: 'W',
    estimate: chi / (n * (k - 1)),
    ci: boot ? boot.ci : null,
    n: { participants: n, conditions: k },
    missing,
    missingHandling: 'listwise',
    details: { chiSquared: chi, df: k - 1, ...(boot ? { invalidResamples: boot.invalid } : {}) },
    bounded: true,
  });
}
