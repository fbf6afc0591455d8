/**
 * Post-hoc pairwise comparisons after a one-way (k-group) analysis: Tukey's HSD (Tukey–Kramer for unequal n),
 * Games–Howell (unequal variances), pairwise t-tests and pairwise Wilcoxon rank-sum tests with any p-value
 * adjustment (`multicomp.ts`).
 *
 * Reference: R 4.2 `TukeyHSD(aov())`, `ptukey`/`qtukey`, `pairwise.t.test`, `pairwise.wilcox.test`; Games–Howell
 * as `rstatix::games_howell_test` / `PMCMRplus::gamesHowellTest`, computed in the fixture script from its formula
 * with `ptukey` (tests/reference/posthoc.R → posthoc.json).
 */
import { fmt, fmtCI, fmtP } from './apa.js';
import { anovaGroupIndex, anovaGroupLevels, type AnovaGroupInput, type AnovaGroupLabel } from './anova.js';
import { mean, variance } from './moments.js';
import { pAdjust, type PAdjustMethod } from './multicomp.js';
import { mannWhitneyU } from './nonparametric.js';
import { StatsError, type NumericInput } from './result.js';
import { studentizedRange } from './studentized-range.js';
import { studentT } from './distributions.js';
import { tTestTwoSample } from './ttest.js';

/** One pairwise comparison: `level2 − level1`, as R names it "level2-level1". */
export interface PairwiseComparison {
  level1: string;
  level2: string;
  /** Mean difference level2 − level1 (NaN for the Wilcoxon comparisons). */
  difference: number;
  se: number;
  /** Test statistic: q (Tukey, Games–Howell), t, or W (Wilcoxon). */
  statistic: number;
  df: number;
  /** Unadjusted p (for Tukey and Games–Howell the studentized-range p, already family-wise). */
  p: number;
  /** Adjusted p: the studentized-range p for Tukey / Games–Howell; `pAdjust` for pairwise tests. */
  pAdjusted: number;
  /** Simultaneous CI of the difference (Tukey, Games–Howell); NaN for pairwise tests. */
  lower: number;
  upper: number;
}

/** Result of a post-hoc procedure. */
export class PostHocResult {
  constructor(
    readonly method: string,
    readonly adjustment: string,
    readonly levels: string[],
    readonly comparisons: PairwiseComparison[],
    readonly level: number,
    readonly n: number,
    readonly nMissing: number,
  ) {}
  /** The comparison of two levels (either order; the stored direction is kept). */
  comparison(a: string, b: string): PairwiseComparison {
    const c = this.comparisons.find((x) => (x.level1 === a && x.level2 === b) || (x.level1 === b && x.level2 === a));
    if (!c) throw new StatsError(`No comparison between "${a}" and "${b}" (levels: ${this.levels.join(', ')}).`);
    return c;
  }
  toJSON(): Record<string, unknown> {
    return { method: this.method, adjustment: this.adjustment, levels: this.levels, comparisons: this.comparisons, level: this.level, n: this.n, nMissing: this.nMissing, missingHandling: 'listwise' };
  }
  /** One clause per pair: "b − a: diff = 2.00, 95% CI [0.51, 3.49], p(adj) = .012". */
  apa(): string {
    return this.comparisons
      .map((c) => {
        const ci = Number.isFinite(c.lower) ? `, ${fmtCI(c.lower, c.upper, this.level)}` : '';
        const d = Number.isFinite(c.difference) ? `diff = ${fmt(c.difference)}${ci}, ` : `W = ${fmt(c.statistic)}, `;
        return `${c.level2} − ${c.level1}: ${d}${fmtP(c.pAdjusted).replace(/^p/, 'p(adj)')}`;
      })
      .join('; ');
  }
}

interface Groups {
  levels: string[];
  values: Float64Array[];
  nMissing: number;
}

function splitGroups(values: NumericInput, groups: AnovaGroupInput, levels: readonly AnovaGroupLabel[] | undefined, what: string, minN = 2): Groups {
  if (values.length !== groups.length) throw new StatsError(`${what}: outcome has ${values.length} values but group has ${groups.length}.`);
  const lv = anovaGroupLevels(groups, levels);
  const gi = anovaGroupIndex(groups, lv);
  const buckets: number[][] = lv.map(() => []);
  let nMissing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (gi[i] < 0 || typeof v !== 'number' || !Number.isFinite(v)) nMissing++;
    else buckets[gi[i]].push(v);
  }
  if (lv.length < 2) throw new StatsError(`${what} needs at least 2 groups; found ${lv.length}.`);
  buckets.forEach((b, j) => {
    if (b.length < minN) throw new StatsError(`${what}: group "${lv[j]}" has ${b.length} complete case${b.length === 1 ? '' : 's'}; each group needs at least ${minN}.`);
  });
  return { levels: lv, values: buckets.map((b) => Float64Array.from(b)), nMissing };
}

/** Group sizes and means, the pooled within-group SS Σⱼ Σᵢ (yᵢⱼ − ȳⱼ)² and its df N − k (one-way ANOVA residual). */
function pooledWithin(g: Groups): { k: number; ns: number[]; N: number; means: number[]; ssw: number; dfw: number } {
  const k = g.levels.length;
  const ns = g.values.map((v) => v.length);
  const N = ns.reduce((a, b) => a + b, 0);
  const means = g.values.map((v) => mean(v));
  let ssw = 0;
  g.values.forEach((v, j) => v.forEach((x) => (ssw += (x - means[j]) ** 2)));
  return { k, ns, N, means, ssw, dfw: N - k };
}

function pairs(k: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) out.push([i, j]);
  return out;
}

export interface PostHocOptions {
  /** Order of the groups (default sorted labels, as R `factor`). */
  levels?: readonly AnovaGroupLabel[];
  /** Family-wise confidence level of the simultaneous intervals (default 0.95). */
  level?: number;
}

/**
 * Tukey's honestly significant difference test (Tukey–Kramer for unequal group sizes), as R `TukeyHSD(aov(y ~ g))`.
 *
 * For levels i < j: diff = ȳⱼ − ȳᵢ, SE = √(MS_within/2 · (1/nᵢ + 1/nⱼ)), q = |diff|/SE,
 * p = P(Q > q) of the studentized range with k means and N − k df (`ptukey`), simultaneous CI
 * diff ± q₁₋α(k, N − k)·SE (`qtukey`).
 *
 * @throws StatsError for fewer than 2 groups, a group with n < 2, or zero within-group variance.
 * @example
 * const r = tukeyHSD([4, 5, 6, 6, 7, 8, 9, 9, 10], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']);
 * r.comparison('a', 'c').pAdjusted // 0.002301 (R TukeyHSD: p adj = 0.0023012)
 */
export function tukeyHSD(values: NumericInput, groups: AnovaGroupInput, options: PostHocOptions = {}): PostHocResult {
  const level = options.level ?? 0.95;
  const g = splitGroups(values, groups, options.levels, "Tukey's HSD");
  const { k, ns, N, means, ssw, dfw: df } = pooledWithin(g);
  const mse = ssw / df;
  if (!(mse > 0)) throw new StatsError("Tukey's HSD: zero within-group variance; the comparisons are undefined.");
  const qcrit = studentizedRange.quantile(level, k, df);
  const comparisons = pairs(k).map(([i, j]): PairwiseComparison => {
    const diff = means[j] - means[i];
    const se = Math.sqrt((mse / 2) * (1 / ns[i] + 1 / ns[j]));
    const q = Math.abs(diff) / se;
    const p = studentizedRange.sf(q, k, df);
    return { level1: g.levels[i], level2: g.levels[j], difference: diff, se, statistic: q, df, p, pAdjusted: p, lower: diff - qcrit * se, upper: diff + qcrit * se };
  });
  return new PostHocResult("Tukey's HSD (Tukey–Kramer for unequal n)", 'studentized range (family-wise)', g.levels, comparisons, level, N, g.nMissing);
}

/**
 * Games–Howell pairwise comparisons for unequal variances (Games & Howell 1976): for levels i < j,
 * diff = ȳⱼ − ȳᵢ, SE = √(sᵢ²/nᵢ + sⱼ²/nⱼ), Welch df ν = (vᵢ + vⱼ)²/(vᵢ²/(nᵢ − 1) + vⱼ²/(nⱼ − 1)) with v = s²/n,
 * q = √2·|diff|/SE, p = P(Q > q; k, ν) and CI diff ± q₁₋α(k, ν)/√2·SE — as `rstatix::games_howell_test`
 * and `PMCMRplus::gamesHowellTest`.
 *
 * @throws StatsError for a group with n < 2 or zero variance.
 * @example
 * gamesHowell([4, 5, 6, 6, 7, 8, 9, 9, 10], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']).comparison('a', 'c').difference // 4.333333
 */
export function gamesHowell(values: NumericInput, groups: AnovaGroupInput, options: PostHocOptions = {}): PostHocResult {
  const level = options.level ?? 0.95;
  const g = splitGroups(values, groups, options.levels, 'Games–Howell test');
  const k = g.levels.length;
  const ns = g.values.map((v) => v.length);
  const means = g.values.map((v) => mean(v));
  const vars = g.values.map((v, j) => variance(v, means[j]));
  vars.forEach((s2, j) => {
    if (!(s2 > 0)) throw new StatsError(`Games–Howell test: group "${g.levels[j]}" has zero variance.`);
  });
  const comparisons = pairs(k).map(([i, j]): PairwiseComparison => {
    const vi = vars[i] / ns[i];
    const vj = vars[j] / ns[j];
    const se = Math.sqrt(vi + vj);
    const df = (vi + vj) ** 2 / (vi ** 2 / (ns[i] - 1) + vj ** 2 / (ns[j] - 1));
    const diff = means[j] - means[i];
    const q = (Math.SQRT2 * Math.abs(diff)) / se;
    const p = studentizedRange.sf(q, k, df);
    const half = (studentizedRange.quantile(level, k, df) / Math.SQRT2) * se;
    return { level1: g.levels[i], level2: g.levels[j], difference: diff, se, statistic: q, df, p, pAdjusted: p, lower: diff - half, upper: diff + half };
  });
  return new PostHocResult('Games–Howell test (Welch df, studentized range)', 'studentized range (family-wise)', g.levels, comparisons, level, ns.reduce((a, b) => a + b, 0), g.nMissing);
}

export interface PairwiseTestOptions {
  levels?: readonly AnovaGroupLabel[];
  /** p-value adjustment (R `p.adjust` names, plus 'sidak'), default 'holm' as R. */
  adjust?: PAdjustMethod;
  /** Pairwise t only: pooled SD over all groups (default true, as `pairwise.t.test`) or Welch tests per pair. */
  pooledSD?: boolean;
}

/**
 * Pairwise t-tests with adjusted p-values, as R `pairwise.t.test(y, g, p.adjust.method, pool.sd)`: with the pooled SD
 * (default) t = (ȳⱼ − ȳᵢ)/√(MS_within(1/nᵢ + 1/nⱼ)) on N − k df; with `pooledSD: false` Welch's test per pair. Adjusted
 * over the k(k − 1)/2 pairs with {@link pAdjust}.
 *
 * @example
 * pairwiseTTests([4, 5, 6, 6, 7, 8, 9, 9, 10], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']).comparison('a', 'c').pAdjusted // 0.002849 (R pairwise.t.test, holm)
 */
export function pairwiseTTests(values: NumericInput, groups: AnovaGroupInput, options: PairwiseTestOptions = {}): PostHocResult {
  const adjust = options.adjust ?? 'holm';
  const pooled = options.pooledSD ?? true;
  const g = splitGroups(values, groups, options.levels, 'Pairwise t-tests');
  const { k, ns, N, means, ssw, dfw } = pooledWithin(g);
  const raw = pairs(k).map(([i, j]) => {
    if (pooled) {
      const se = Math.sqrt((ssw / dfw) * (1 / ns[i] + 1 / ns[j]));
      const t = (means[j] - means[i]) / se;
      return { i, j, diff: means[j] - means[i], se, t, df: dfw, p: studentT.pTwoSided(t, dfw) };
    }
    const r = tTestTwoSample(g.values[j], g.values[i], { effectSize: false });
    return { i, j, diff: means[j] - means[i], se: r.stderr, t: r.statistic, df: r.df as number, p: r.p };
  });
  const adj = pAdjust(raw.map((r) => r.p), adjust);
  const comparisons = raw.map((r, m): PairwiseComparison => ({
    level1: g.levels[r.i],
    level2: g.levels[r.j],
    difference: r.diff,
    se: r.se,
    statistic: r.t,
    df: r.df,
    p: r.p,
    pAdjusted: adj[m],
    lower: NaN,
    upper: NaN,
  }));
  return new PostHocResult(`Pairwise t-tests (${pooled ? 'pooled SD' : 'Welch'})`, adjust, g.levels, comparisons, 0.95, N, g.nMissing);
}

/**
 * Pairwise Wilcoxon rank-sum (Mann–Whitney) tests with adjusted p-values, as R `pairwise.wilcox.test(y, g, p.adjust.method)`:
 * each pair by {@link mannWhitneyU} (exact without ties when both n < 50, otherwise the normal approximation with
 * continuity correction, as `wilcox.test`), adjusted over the pairs with {@link pAdjust}. The statistic W is that of
 * `wilcox.test(level2, level1)`.
 *
 * @example
 * pairwiseWilcoxon([1, 2, 3, 4, 5, 6, 7, 8, 9], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']).comparison('a', 'c').p // 0.1 (R wilcox.test exact)
 */
export function pairwiseWilcoxon(values: NumericInput, groups: AnovaGroupInput, options: PairwiseTestOptions = {}): PostHocResult {
  const adjust = options.adjust ?? 'holm';
  const g = splitGroups(values, groups, options.levels, 'Pairwise Wilcoxon tests', 1);
  const k = g.levels.length;
  const raw = pairs(k).map(([i, j]) => {
    const r = mannWhitneyU(g.values[j], g.values[i]);
    return { i, j, W: r.statistic, p: r.p };
  });
  const adj = pAdjust(raw.map((r) => r.p), adjust);
  const comparisons = raw.map((r, m): PairwiseComparison => ({
    level1: g.levels[r.i],
    level2: g.levels[r.j],
    difference: NaN,
    se: NaN,
    statistic: r.W,
    df: NaN,
    p: r.p,
    pAdjusted: adj[m],
    lower: NaN,
    upper: NaN,
  }));
  return new PostHocResult('Pairwise Wilcoxon rank-sum tests', adjust, g.levels, comparisons, 0.95, g.values.reduce((a, v) => a + v.length, 0), g.nMissing);
}
