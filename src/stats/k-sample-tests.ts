/**
 * Rank and count tests for k groups or k repeated conditions: Kruskal–Wallis (independent groups), Friedman
 * (k conditions on the same participants) and Cochran's Q (k binary conditions on the same participants), with
 * their rank effect sizes (ε²_R, Kendall's W).
 *
 * Reference: R 4.2 `kruskal.test`, `friedman.test`, effectsize 0.8 `rank_epsilon_squared`, `kendalls_w`;
 * Cochran's Q equals `friedman.test` on the 0/1 table (tests/reference/posthoc.R → posthoc.json).
 */
import { fmt, fmtNoLeadingZero } from './apa.js';
import { anovaGroupIndex, anovaGroupLevels, type AnovaGroupInput, type AnovaGroupLabel } from './anova.js';
import { chiSquared } from './distributions.js';
import { rank } from './ranks.js';
import { StatsError, type NumericInput } from './result.js';
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
  if (values.length !== groups.length) throw new StatsError(`Kruskal–Wallis test: outcome has ${values.length} values but group has ${groups.length}.`);
  const levels = anovaGroupLevels(groups, options.levels);
  const gi = anovaGroupIndex(groups, levels);
  const x: number[] = [];
  const g: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (gi[i] >= 0 && typeof v === 'number' && Number.isFinite(v)) {
      x.push(v);
      g.push(gi[i]);
    }
  }
  const k = levels.length;
  if (k < 2) throw new StatsError(`Kruskal–Wallis test needs at least 2 groups; found ${k}.`);
  const N = x.length;
  const r = rank(x);
  const R = new Float64Array(k);
  const n = new Float64Array(k);
  g.forEach((gg, i) => {
    R[gg] += r.ranks[i];
    n[gg]++;
  });
  n.forEach((c, j) => {
    if (c === 0) throw new StatsError(`Kruskal–Wallis test: group "${levels[j]}" has no observations.`);
  });
  const denom = 1 - r.tieCorrection / (N * N * N - N);
  if (!(denom > 0)) throw new StatsError('Kruskal–Wallis test: all values are equal, so there is nothing to rank.');
  let s = 0;
  for (let j = 0; j < k; j++) s += (R[j] * R[j]) / n[j];
  const H = ((12 / (N * (N + 1))) * s - 3 * (N + 1)) / denom;
  const df = k - 1;
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
      missing: values.length - N,
      missingHandling: 'listwise',
    },
    { symbol: 'ε²_R', value: H / ((N * N - 1) / (N + 1)), method: 'rank epsilon squared H/((N² − 1)/(N + 1))' },
    levels,
  );
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
  const k = conditions.length;
  const n = rows.length;
  const R = new Float64Array(k);
  let ties = 0;
  for (const row of rows) {
    const r = rank(row);
    r.ranks.forEach((v, j) => (R[j] += v));
    ties += r.tieCorrection;
  }
  let s = 0;
  for (let j = 0; j < k; j++) s += (R[j] - (n * (k + 1)) / 2) ** 2;
  const denom = n * k * (k + 1) - ties / (k - 1);
  if (!(denom > 0)) throw new StatsError(`${what}: every participant has the same value in all conditions; nothing to rank.`);
  const chi = (12 * s) / denom;
  return repeatedChiSquaredResult('Friedman rank-sum test (χ² approximation, tie-corrected)', 'χ²', chi, k, n, missing, "Kendall's W = χ²_F/(n(k − 1))", conditions, options.names);
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
