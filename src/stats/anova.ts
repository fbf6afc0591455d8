/**
 * Between-subjects linear models: one-way ANOVA (Fisher and Welch) and ANCOVA
 * (post ~ group + pre + covariates) with adjusted means, partial η² and the
 * homogeneity-of-slopes test.
 *
 * All fits use the shared linear-model core (`linear-model.ts`: OLS by Householder QR). Missing values
 * (null, undefined, NaN, empty strings) are removed listwise over every variable of the model;
 * the result states this and the n it used.
 *
 * Reference values: R 4.2 `aov`, `oneway.test`, `lm`, `confint`, `predict(se.fit = TRUE)`,
 * `car::Anova(type = 2 / 3)` and `effectsize` (tests/reference/anova.R → anova.json).
 */
import { fmt, fmtCI, fmtDf, fmtNoLeadingZero, fmtP } from './apa.js';
import { parseNumericText } from './cells.js';
import { fDist } from './distributions.js';
import { buildModelDesign, fitLinearModel, nestedModelFTest, termTests, type LinearModelFit, type ModelVariable } from './linear-model.js';
import { mean, sd, sum } from './moments.js';
import { etaSquaredFromF, shrunkenVarianceExplainedInterval, type VarianceExplainedAlternative } from './effsize/from-test.js';
import { StatsError, type ConfidenceInterval, type MissingHandling, type NumericInput, type StatResult } from './result.js';

/** A group label as it comes from a data file: a string or a numeric code. */
export type AnovaGroupLabel = string | number;
/** Group labels per row; null/undefined/'' are missing. */
export type AnovaGroupInput = ArrayLike<AnovaGroupLabel | null | undefined>;

/** One row of an ANOVA table (tidy). */
export interface AnovaTableRow {
  term: string;
  /** Sum of squares. */
  ss: number;
  df: number;
  /** Mean square SS/df. */
  ms: number;
  /** F ratio (NaN for the residual row). */
  F: number;
  /** p-value of F (NaN for the residual row). */
  p: number;
  /** Partial η² = SS_effect / (SS_effect + SS_error) (NaN for the residual row). */
  partialEtaSquared: number;
}

/** Per-group descriptives of the analysed (complete) cases. */
export interface AnovaGroupDescriptive {
  level: string;
  n: number;
  mean: number;
  sd: number;
}

// ---------------------------------------------------------------------------------------------
// input helpers (shared with mixed-anova.ts)

/**
 * Reads one cell as a number; null/undefined/NaN/'' and missing markers → NaN; numeric strings are parsed with
 * {@link parseNumericText} (decimal commas accepted); anything else throws a StatsError naming the variable and row.
 *
 * @example
 * anovaCellToNumber('12,5', 'pre', 0) // 12.5
 */
export function anovaCellToNumber(v: unknown, variable: string, row: number): number {
  if (v === null || v === undefined || v === '') return NaN;
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    // decimal commas accepted, thousands separators such as "1.234,5" refused
    const x = parseNumericText(v);
    if (x === null) return NaN;
    if (Number.isFinite(x)) return x;
  }
  throw new StatsError(`Variable "${variable}", row ${row + 1}: value ${JSON.stringify(v)} is not a number.`);
}

function isMissingLabel(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && !Number.isFinite(v));
}

/**
 * Factor levels of a group variable, as R's `factor()`: the distinct labels sorted (numerically
 * when all labels are numbers, else by code unit), unless `levels` fixes the order. The first level
 * is the reference level for treatment coding.
 *
 * @example
 * anovaGroupLevels([10, 2, null, 2]) // ["2", "10"] (numeric order, as R factor(c(10, 2, NA, 2)))
 */
export function anovaGroupLevels(groups: AnovaGroupInput, levels?: readonly AnovaGroupLabel[]): string[] {
  if (levels) {
    const out = levels.map(String);
    if (new Set(out).size !== out.length) throw new StatsError('The `levels` option lists a group twice.');
    return out;
  }
  const seen = new Map<string, AnovaGroupLabel>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (!isMissingLabel(g)) seen.set(String(g), g as AnovaGroupLabel);
  }
  const vals = [...seen.values()];
  if (vals.every((v) => typeof v === 'number')) return (vals as number[]).sort((a, b) => a - b).map(String);
  return [...seen.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Group index (0-based) per row, −1 when missing; throws for a label outside `levels`.
 *
 * @example
 * anovaGroupIndex(['b', null, 'a'], ['a', 'b']) // Int32Array [1, -1, 0]
 */
export function anovaGroupIndex(groups: AnovaGroupInput, levels: readonly string[]): Int32Array {
  const map = new Map(levels.map((l, i) => [l, i] as const));
  const out = new Int32Array(groups.length);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (isMissingLabel(g)) {
      out[i] = -1;
      continue;
    }
    const k = map.get(String(g));
    if (k === undefined) throw new StatsError(`Group value "${String(g)}" (row ${i + 1}) is not one of the levels ${levels.join(', ')}.`);
    out[i] = k;
  }
  return out;
}

function numericArray(x: NumericInput, name: string): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = anovaCellToNumber(x[i], name, i);
  return out;
}

/** Checks group sizes after listwise deletion: at least 2 groups, each with n ≥ 2. */
function checkGroupSizes(counts: ArrayLike<number>, levels: readonly string[], what: string): void {
  if (levels.length < 2) throw new StatsError(`${what} needs at least 2 groups; found ${levels.length} (${levels.join(', ') || 'none'}).`);
  for (let g = 0; g < levels.length; g++) {
    if (counts[g] < 2) {
      throw new StatsError(
        `${what}: group "${levels[g]}" has ${counts[g]} complete case${counts[g] === 1 ? '' : 's'}; each group needs at least 2.`,
      );
    }
  }
}


// ---------------------------------------------------------------------------------------------
// One-way ANOVA

export interface OneWayAnovaOptions {
  /** Order of the groups (default: sorted labels, as R `factor`). */
  levels?: readonly AnovaGroupLabel[];
}

/** Result of {@link oneWayAnova}. */
export class OneWayAnovaResult implements StatResult {
  readonly method = 'One-way ANOVA (Fisher; equal variances assumed)';
  readonly missingHandling: MissingHandling = 'listwise';
  constructor(
    /** Complete cases analysed. */
    readonly n: number,
    /** Rows dropped for a missing outcome or group. */
    readonly nMissing: number,
    readonly groups: AnovaGroupDescriptive[],
    /** Tidy table: the group row and the Residuals row. */
    readonly table: AnovaTableRow[],
    /** η² = SS_between / SS_total. */
    readonly etaSquared: number,
    /** ω² = (SS_between − df_between·MS_within) / (SS_total + MS_within). */
    readonly omegaSquared: number,
  ) {}
  get F(): number {
    return this.table[0].F;
  }
  get df1(): number {
    return this.table[0].df;
  }
  get df2(): number {
    return this.table[1].df;
  }
  get p(): number {
    return this.table[0].p;
  }
  /**
   * CI of η² by noncentral-F inversion ({@link etaSquaredFromF}; two-sided by default, `'greater'` for effectsize's
   * one-sided default), as effectsize `eta_squared(aov, ci = level)`.
   */
  etaSquaredCI(level = 0.95, alternative: VarianceExplainedAlternative = 'two-sided'): ConfidenceInterval {
    return etaSquaredFromF(this.F, this.df1, this.df2, { level, alternative }).ci as ConfidenceInterval;
  }
  /** ε² = (SS_between − df_between·MS_within)/SS_total (Kelley 1935; effectsize `epsilon_squared`, not truncated at 0). */
  get epsilonSquared(): number {
    const [b, w] = this.table;
    return (b.ss - b.df * w.ms) / (b.ss + w.ss);
  }
  /**
   * CI of ω² as effectsize 0.8.3 `omega_squared(aov, ci = level)` computes it: max(0, ω²) turned into
   * F* = (ω²/df₁)/((1 − ω²)/df₂) and F* put through the noncentral-F interval of η². Two-sided by default;
   * `'greater'` is effectsize's default one-sided interval [lower, 1] (the CI's `method` says which).
   */
  omegaSquaredCI(level = 0.95, alternative: VarianceExplainedAlternative = 'two-sided'): ConfidenceInterval {
    return publicInterval(shrunkenVarianceExplainedInterval(this.omegaSquared, this.df1, this.df2, level, alternative));
  }
  /** CI of ε², as {@link omegaSquaredCI} (effectsize `epsilon_squared(aov, ci = level)`). */
  epsilonSquaredCI(level = 0.95, alternative: VarianceExplainedAlternative = 'two-sided'): ConfidenceInterval {
    return publicInterval(shrunkenVarianceExplainedInterval(this.epsilonSquared, this.df1, this.df2, level, alternative));
  }
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      missingHandling: this.missingHandling,
      n: this.n,
      nMissing: this.nMissing,
      F: this.F,
      df1: this.df1,
      df2: this.df2,
      p: this.p,
      etaSquared: this.etaSquared,
      omegaSquared: this.omegaSquared,
      epsilonSquared: this.epsilonSquared,
      groups: this.groups,
      table: this.table,
    };
  }
  /** "F(2, 40) = 3.21, p = .051, η² = .14, ω² = .09" */
  apa(): string {
    return (
      `F(${fmtDf(this.df1)}, ${fmtDf(this.df2)}) = ${fmt(this.F)}, ${fmtP(this.p)}, ` +
      `η² = ${fmtNoLeadingZero(this.etaSquared)}, ω² = ${fmtNoLeadingZero(this.omegaSquared)}`
    );
  }
}

function publicInterval(ci: ConfidenceInterval): ConfidenceInterval {
  return { lower: ci.lower, upper: ci.upper, level: ci.level, method: ci.method };
}

interface GroupedValues {
  levels: string[];
  values: Float64Array[];
  nMissing: number;
}

function groupValues(values: NumericInput, groups: AnovaGroupInput, levels: readonly AnovaGroupLabel[] | undefined, what: string): GroupedValues {
  if (values.length !== groups.length) {
    throw new StatsError(`${what}: outcome has ${values.length} values but group has ${groups.length}.`);
  }
  const lv = anovaGroupLevels(groups, levels);
  const gi = anovaGroupIndex(groups, lv);
  const y = numericArray(values, 'outcome');
  const buckets: number[][] = lv.map(() => []);
  let nMissing = 0;
  for (let i = 0; i < y.length; i++) {
    if (gi[i] < 0 || Number.isNaN(y[i])) nMissing++;
    else buckets[gi[i]].push(y[i]);
  }
  checkGroupSizes(buckets.map((b) => b.length), lv, what);
  return { levels: lv, values: buckets.map((b) => Float64Array.from(b)), nMissing };
}

/**
 * One-way between-subjects ANOVA (Fisher's F, equal variances assumed), with η² and ω².
 *
 * SS_between = Σ nⱼ(ȳⱼ − ȳ)², SS_within = Σⱼ Σᵢ (yᵢⱼ − ȳⱼ)², F = (SS_b/(k−1)) / (SS_w/(N−k)),
 * p from F(k−1, N−k). η² = SS_b/SS_total; ω² = (SS_b − (k−1)·MS_w)/(SS_total + MS_w) (Hays 1963;
 * effectsize `omega_squared`, which for one factor equals partial ω²).
 *
 * Checked against R `summary(aov(y ~ group))`, `effectsize::eta_squared` and `omega_squared`
 * (tests/stats/anova.test.ts: asserted to 1e-8 relative, observed ≈ 1e-14). ω² is not truncated at 0
 * (effectsize reports max(0, ω²)). Deliberate difference: R accepts a group with a single
 * observation; this function requires n ≥ 2 per group and says which group is too small.
 *
 * @param values outcome per row (null/NaN = missing; rows removed listwise with the group).
 * @param groups group label per row.
 * @throws StatsError for fewer than 2 groups, a group with n < 2, or zero within-group variance.
 * @example
 * const r = oneWayAnova([4, 5, 6, 6, 7, 8, 9, 9, 10], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']);
 * r.apa(); // "F(2, 6) = 18.14, p = .003, η² = .86, ω² = .79"   (R aov: F = 18.14, p = 0.00286)
 */
export function oneWayAnova(values: NumericInput, groups: AnovaGroupInput, options: OneWayAnovaOptions = {}): OneWayAnovaResult {
  const { levels, values: vs, nMissing } = groupValues(values, groups, options.levels, 'One-way ANOVA');
  const all = new Float64Array(vs.reduce((a, v) => a + v.length, 0));
  let off = 0;
  for (const v of vs) {
    all.set(v, off);
    off += v.length;
  }
  const N = all.length;
  const k = vs.length;
  const grand = mean(all);
  const means = vs.map((v) => mean(v));
  const ssb = sum(vs.map((v, j) => v.length * (means[j] - grand) ** 2));
  const ssw = sum(vs.map((v, j) => sum(Array.from(v, (x) => (x - means[j]) ** 2))));
  const sst = ssb + ssw;
  if (!(ssw > 0) || ssw <= 1e-14 * sst) {
    throw new StatsError('One-way ANOVA: every value equals its group mean (zero within-group variance), so F is undefined.');
  }
  const dfb = k - 1;
  const dfw = N - k;
  const msw = ssw / dfw;
  const F = ssb / dfb / msw;
  const p = fDist.sf(F, dfb, dfw);
  const table: AnovaTableRow[] = [
    { term: 'group', ss: ssb, df: dfb, ms: ssb / dfb, F, p, partialEtaSquared: ssb / (ssb + ssw) },
    { term: 'Residuals', ss: ssw, df: dfw, ms: msw, F: NaN, p: NaN, partialEtaSquared: NaN },
  ];
  const groupsOut = levels.map((level, j) => ({ level, n: vs[j].length, mean: means[j], sd: sd(vs[j], means[j]) }));
  return new OneWayAnovaResult(N, nMissing, groupsOut, table, ssb / sst, (ssb - dfb * msw) / (sst + msw));
}

/** Result of {@link welchAnova}. */
export class WelchAnovaResult implements StatResult {
  readonly method = "Welch's heteroscedastic one-way ANOVA";
  readonly missingHandling: MissingHandling = 'listwise';
  constructor(
    readonly n: number,
    readonly nMissing: number,
    readonly groups: AnovaGroupDescriptive[],
    readonly F: number,
    readonly df1: number,
    /** Welch–Satterthwaite-type denominator df (fractional). */
    readonly df2: number,
    readonly p: number,
  ) {}
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      missingHandling: this.missingHandling,
      n: this.n,
      nMissing: this.nMissing,
      F: this.F,
      df1: this.df1,
      df2: this.df2,
      p: this.p,
      groups: this.groups,
    };
  }
  /** "Welch's F(1, 25.17) = 7.10, p = .013" */
  apa(): string {
    return `Welch's F(${fmtDf(this.df1)}, ${fmtDf(this.df2)}) = ${fmt(this.F)}, ${fmtP(this.p)}`;
  }
}

/**
 * Welch's one-way ANOVA for unequal variances (Welch 1951), as R `oneway.test(var.equal = FALSE)`.
 *
 * wⱼ = nⱼ/sⱼ², W = Σwⱼ, ȳ_w = Σwⱼȳⱼ/W, A = Σwⱼ(ȳⱼ − ȳ_w)²/(k−1),
 * λ = Σ(1 − wⱼ/W)²/(nⱼ − 1), F = A / (1 + 2(k−2)λ/(k²−1)), df = (k−1, (k²−1)/(3λ)).
 *
 * Checked against R `oneway.test(y ~ g)` (tests/stats/anova.test.ts: 1e-8 relative asserted, ≈ 1e-15 observed).
 *
 * @throws StatsError for fewer than 2 groups, a group with n < 2 or a group with zero variance
 *   (its weight nⱼ/sⱼ² would be infinite).
 * @example
 * welchAnova([4, 5, 6, 6, 7, 8, 9, 9, 10], ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'c', 'c']).apa();
 * // "Welch's F(2, 3.70) = 19.49, p = .011"   (R oneway.test: F = 19.492, denom df = 3.7037, p = 0.01081)
 */
export function welchAnova(values: NumericInput, groups: AnovaGroupInput, options: OneWayAnovaOptions = {}): WelchAnovaResult {
  const { levels, values: vs, nMissing } = groupValues(values, groups, options.levels, "Welch's ANOVA");
  const k = vs.length;
  const ns = vs.map((v) => v.length);
  const means = vs.map((v) => mean(v));
  const sds = vs.map((v, j) => sd(v, means[j]));
  sds.forEach((s, j) => {
    if (!(s > 0)) throw new StatsError(`Welch's ANOVA: group "${levels[j]}" has zero variance; its weight n/s² is undefined.`);
  });
  const w = ns.map((n, j) => n / sds[j] ** 2);
  const W = sum(w);
  const yw = sum(w.map((wj, j) => wj * means[j])) / W;
  const A = sum(w.map((wj, j) => wj * (means[j] - yw) ** 2)) / (k - 1);
  const lambda = sum(w.map((wj, j) => (1 - wj / W) ** 2 / (ns[j] - 1)));
  const F = A / (1 + (2 * (k - 2) * lambda) / (k * k - 1));
  const df2 = (k * k - 1) / (3 * lambda);
  const p = fDist.sf(F, k - 1, df2);
  const groupsOut = levels.map((level, j) => ({ level, n: ns[j], mean: means[j], sd: sds[j] }));
  return new WelchAnovaResult(sum(ns), nMissing, groupsOut, F, k - 1, df2, p);
}

// ---------------------------------------------------------------------------------------------
// ANCOVA

/** Input of {@link ancova}: one array per variable, all of the same length (one entry per person). */
export interface AncovaInput {
  /** Outcome, e.g. the post-test score. */
  outcome: NumericInput;
  /** Group label per person. */
  group: AnovaGroupInput;
  /**
   * Covariates by name, numeric or 0/1 (e.g. `{ pre, age, singleParent }`). The first one is the
   * covariate used for the homogeneity-of-slopes test unless `slopesCovariate` says otherwise.
   */
  covariates: Record<string, NumericInput>;
}

export interface AncovaOptions {
  /** Order of the groups; the first is the reference of the adjusted differences (default: sorted labels). */
  levels?: readonly AnovaGroupLabel[];
  /** Confidence level of the CIs (default 0.95). */
  level?: number;
  /** Covariate whose interaction with group is tested for homogeneity of slopes (default: the first). */
  slopesCovariate?: string;
  /** Name of the outcome in messages and output (default "outcome"). */
  outcomeName?: string;
}

/** Adjusted difference of one group against the reference group (a treatment-coded coefficient). */
export interface AncovaGroupEffect {
  level: string;
  reference: string;
  /** Adjusted mean difference (level − reference) at equal covariate values. */
  estimate: number;
  se: number;
  t: number;
  df: number;
  p: number;
  ci: { lower: number; upper: number; level: number; method: string };
}

/** Adjusted (estimated marginal) mean of one group at the covariate means. */
export interface AncovaAdjustedMean {
  level: string;
  n: number;
  /** Unadjusted mean of the outcome in this group (analysed cases). */
  observedMean: number;
  adjustedMean: number;
  se: number;
  df: number;
  lower: number;
  upper: number;
}

/** One model coefficient as in `summary(lm)` with `confint`. */
export interface AncovaCoefficient {
  term: string;
  estimate: number;
  se: number;
  t: number;
  p: number;
  lower: number;
  upper: number;
}

/** Homogeneity-of-regression-slopes test: F for the group × covariate interaction added to the model. */
export interface SlopesHomogeneityTest {
  covariate: string;
  F: number;
  df1: number;
  df2: number;
  p: number;
  /** Set when the interaction model could not be fitted; F and p are then NaN. */
  note?: string;
}

/** Result of {@link ancova}. */
export class AncovaResult implements StatResult {
  readonly method = 'ANCOVA (OLS, treatment-coded group; type II = type III sums of squares in this additive model)';
  readonly missingHandling: MissingHandling = 'listwise';
  readonly ciMethod = 't distribution with the residual df';
  constructor(
    readonly outcome: string,
    readonly n: number,
    readonly nMissing: number,
    readonly levels: string[],
    readonly covariateNames: string[],
    /** Tidy table: group, each covariate, Residuals. */
    readonly table: AnovaTableRow[],
    /** Adjusted group differences vs the reference (first) level. */
    readonly groupEffects: AncovaGroupEffect[],
    readonly adjustedMeans: AncovaAdjustedMean[],
    /** Covariate means at which adjusted means are evaluated. */
    readonly covariateMeans: Record<string, number>,
    readonly coefficients: AncovaCoefficient[],
    readonly slopesTest: SlopesHomogeneityTest,
    readonly sigma: number,
    readonly rSquared: number,
    readonly adjRSquared: number,
    readonly ciLevel: number,
  ) {}
  /** The group row of the table. */
  get groupTest(): AnovaTableRow {
    return this.table[0];
  }
  get dfResidual(): number {
    return this.table[this.table.length - 1].df;
  }
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      ciMethod: this.ciMethod,
      missingHandling: this.missingHandling,
      outcome: this.outcome,
      n: this.n,
      nMissing: this.nMissing,
      levels: this.levels,
      covariates: this.covariateNames,
      table: this.table,
      groupEffects: this.groupEffects,
      adjustedMeans: this.adjustedMeans,
      covariateMeans: this.covariateMeans,
      coefficients: this.coefficients,
      slopesTest: this.slopesTest,
      sigma: this.sigma,
      rSquared: this.rSquared,
      adjRSquared: this.adjRSquared,
      ciLevel: this.ciLevel,
    };
  }
  /**
   * "F(1, 96) = 8.01, p = .006, ηp² = .08; adjusted difference homestart − control = 2.14, 95% CI [0.64, 3.64]"
   * (the difference is given for two groups only).
   */
  apa(): string {
    const g = this.groupTest;
    let s = `F(${fmtDf(g.df)}, ${fmtDf(this.dfResidual)}) = ${fmt(g.F)}, ${fmtP(g.p)}, ηp² = ${fmtNoLeadingZero(g.partialEtaSquared)}`;
    if (this.groupEffects.length === 1) {
      const e = this.groupEffects[0];
      s += `; adjusted difference ${e.level} − ${e.reference} = ${fmt(e.estimate)}, ${fmtCI(e.ci.lower, e.ci.upper, e.ci.level)}`;
    }
    return s;
  }
}

/**
 * Analysis of covariance: outcome ~ group + covariates (e.g. post ~ group + pre + age + single
 * parent), by OLS.
 *
 * - **Model.** y = β₀ + Σⱼ γⱼ·[group = j] + Σ βc·xc + ε with treatment coding (first level =
 *   reference), fitted by Householder QR. Covariates enter linearly as numbers (a 0/1 indicator is a
 *   numeric covariate).
 * - **Sums of squares.** For each term, the Wald SS (Lb)ᵀ[L(XᵀX)⁻¹Lᵀ]⁻¹(Lb) of its coefficients;
 *   because the model has no interaction this is both the type II and the type III SS (coding-
 *   invariant) and equals `car::Anova(type = 2)` and `car::Anova(type = 3)` with `contr.sum`
 *   (both checked). The intercept row of car's type III table is not reported.
 *   F = MS_term/MS_error with df_error = N − G − c; partial η² = SS_term/(SS_term + SS_error).
 * - **Group effect.** The treatment coefficients γⱼ are the adjusted mean differences
 *   (group j − reference) with SE = σ̂√[(XᵀX)⁻¹]ⱼⱼ, t, df_error, p and CI γⱼ ± t(1−α/2, df)·SE, as
 *   R `summary(lm)` and `confint`.
 * - **Adjusted means** (estimated marginal means): ŷⱼ = x₀ᵀb at x₀ = (1, group j, covariate means
 *   over the analysed cases), SE = σ̂√(x₀ᵀ(XᵀX)⁻¹x₀), t-based CI; equal to R
 *   `predict(lm, newdata, se.fit = TRUE, interval = "confidence")` and to `emmeans` when every
 *   covariate is numeric (emmeans would average a *factor* covariate over its levels instead).
 * - **Homogeneity of slopes.** F test of adding group × `slopesCovariate` to the model
 *   (`anova(lm_additive, lm_interaction)`); a small p warns that the group effect depends on the
 *   covariate value.
 *
 * References: Huitema (2011), *The Analysis of Covariance and Alternatives*, 2nd ed.; Maxwell,
 * Delaney & Kelley (2018), ch. 9. Checked against R 4.2 `lm`, `confint`, `predict`, `anova` and
 * car 3.1 `Anova` (tests/stats/anova.test.ts, 1e-8 relative).
 *
 * @throws StatsError for fewer than 2 groups, a group with n < 2 complete cases, a covariate that is
 *   constant or collinear with other terms (named in the message), no residual df, or a perfect fit
 *   (zero residual variance).
 * @example
 * const r = ancova({
 *   outcome: [12, 14, 15, 13, 17, 18, 20, 19],
 *   group: ['c', 'c', 'c', 'c', 't', 't', 't', 't'],
 *   covariates: { pre: [10, 12, 14, 11, 11, 13, 15, 14] },
 * });
 * r.groupEffects[0].estimate; // 3.885714 (t − c at equal pre-test; R lm: 3.8857143)
 * r.apa(); // "F(1, 5) = 350.30, p < .001, ηp² = .99; adjusted difference t − c = 3.89, 95% CI [3.35, 4.42]"
 */
export function ancova(input: AncovaInput, options: AncovaOptions = {}): AncovaResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsError(`ANCOVA: confidence level must be in (0, 1); got ${level}.`);
  const outcomeName = options.outcomeName ?? 'outcome';
  const covNames = Object.keys(input.covariates);
  const N0 = input.outcome.length;
  if (input.group.length !== N0) throw new StatsError(`ANCOVA: outcome has ${N0} values but group has ${input.group.length}.`);
  for (const c of covNames) {
    if (input.covariates[c].length !== N0) {
      throw new StatsError(`ANCOVA: covariate "${c}" has ${input.covariates[c].length} values, the outcome ${N0}.`);
    }
  }
  const levels = anovaGroupLevels(input.group, options.levels);
  const gi = anovaGroupIndex(input.group, levels);
  const y0 = numericArray(input.outcome, outcomeName);
  const c0 = covNames.map((c) => numericArray(input.covariates[c], c));
  const keep: number[] = [];
  for (let i = 0; i < N0; i++) {
    if (gi[i] >= 0 && !Number.isNaN(y0[i]) && c0.every((c) => !Number.isNaN(c[i]))) keep.push(i);
  }
  const N = keep.length;
  const G = levels.length;
  const counts = new Array<number>(G).fill(0);
  for (const i of keep) counts[gi[i]]++;
  checkGroupSizes(counts, levels, 'ANCOVA');
  const y = Float64Array.from(keep, (i) => y0[i]);
  const g = Int32Array.from(keep, (i) => gi[i]);

  // design on the shared linear-model core: intercept, G−1 treatment dummies ("group<level>"), covariates
  const vars: ModelVariable[] = [
    { kind: 'factor', name: 'group', index: gi, levels, coding: 'treatment' },
    ...covNames.map((c, j): ModelVariable => ({ kind: 'numeric', name: c, values: c0[j] })),
  ];
  const terms = [['group'], ...covNames.map((c) => [c])];
  const fit = fitLinearModel(buildModelDesign(vars, terms, keep), y);
  const p = fit.p;
  const dfE = fit.dfResidual;
  const sse = fit.sse;
  if (!(sse > 1e-14 * fit.sst)) {
    throw new StatsError(
      `ANCOVA: the model fits "${outcomeName}" exactly (zero residual variance), so F tests and standard errors are undefined.`,
    );
  }
  const mse = sse / dfE;
  const termRow = (t: { name: string; columns: number[] }): AnovaTableRow => {
    const w = fit.waldTest(t.name, t.columns);
    return { term: w.term, ss: w.ss, df: w.df, ms: w.ss / w.df, F: w.F, p: w.p, partialEtaSquared: w.ss / (w.ss + sse) };
  };
  const table: AnovaTableRow[] = fit.design.terms.map(termRow);
  table.push({ term: 'Residuals', ss: sse, df: dfE, ms: mse, F: NaN, p: NaN, partialEtaSquared: NaN });

  const coefficients: AncovaCoefficient[] = fit
    .coefficientTests(level)
    .map((c) => ({ term: c.term, estimate: c.estimate, se: c.se, t: c.t, p: c.p, lower: c.lower, upper: c.upper }));
  const ciMethod = `t(${dfE}) interval around the coefficient`;
  const groupIdx = fit.design.terms[0].columns;
  const groupEffects: AncovaGroupEffect[] = groupIdx.map((k, j) => {
    const c = coefficients[k];
    return {
      level: levels[j + 1],
      reference: levels[0],
      estimate: c.estimate,
      se: c.se,
      t: c.t,
      df: dfE,
      p: c.p,
      ci: { lower: c.lower, upper: c.upper, level, method: ciMethod },
    };
  });

  const covs = covNames.map((_, j) => Float64Array.from(keep, (i) => c0[j][i]));
  const covMeans = covs.map((c) => mean(c));
  const covariateMeans: Record<string, number> = {};
  covNames.forEach((c, j) => (covariateMeans[c] = covMeans[j]));
  const adjustedMeans: AncovaAdjustedMean[] = levels.map((lv, j) => {
    const x0 = new Float64Array(p);
    x0[0] = 1;
    if (j > 0) x0[j] = 1;
    covMeans.forEach((m, k) => (x0[G + k] = m));
    const pr = fit.predict(x0, level);
    const obs = mean(Float64Array.from(y.filter((_, i) => g[i] === j)));
    return { level: lv, n: counts[j], observedMean: obs, adjustedMean: pr.estimate, se: pr.se, df: dfE, lower: pr.lower, upper: pr.upper };
  });

  const slopesTest = slopesHomogeneity(fit, vars, terms, keep, covNames, options.slopesCovariate);

  return new AncovaResult(
    outcomeName,
    N,
    N0 - N,
    levels,
    covNames,
    table,
    groupEffects,
    adjustedMeans,
    covariateMeans,
    coefficients,
    slopesTest,
    fit.sigma,
    fit.rSquared,
    fit.adjRSquared,
    level,
  );
}

/** F test of adding group × covariate to the additive ANCOVA model (R `anova(additive, interaction)`). */
function slopesHomogeneity(
  fit0: LinearModelFit,
  vars: ModelVariable[],
  terms: string[][],
  rows: number[],
  covNames: string[],
  requested: string | undefined,
): SlopesHomogeneityTest {
  const name = requested ?? covNames[0];
  if (name === undefined) return { covariate: '', F: NaN, df1: NaN, df2: NaN, p: NaN, note: 'no covariate in the model' };
  if (!covNames.includes(name)) throw new StatsError(`ANCOVA: slopesCovariate "${name}" is not one of the covariates (${covNames.join(', ')}).`);
  const G1 = fit0.design.terms[0].columns.length;
  let fit: LinearModelFit;
  try {
    fit = fitLinearModel(buildModelDesign(vars, [...terms, ['group', name]], rows), fit0.y);
  } catch (e) {
    if (e instanceof StatsError) return { covariate: name, F: NaN, df1: G1, df2: NaN, p: NaN, note: e.message };
    throw e;
  }
  const df1 = fit0.dfResidual - fit.dfResidual;
  const df2 = fit.dfResidual;
  if (!(fit.sse > 0)) return { covariate: name, F: NaN, df1, df2, p: NaN, note: 'interaction model fits exactly (zero residual variance)' };
  const t = nestedModelFTest(fit0, fit);
  return { covariate: name, F: t.F, df1, df2, p: t.p };
}

/** Column names of a tidy-rows ANCOVA. */
export interface AncovaColumns {
  outcome: string;
  group: string;
  /** Covariate columns; the first is the slopes-test covariate by default (put the pre-test first). */
  covariates: string[];
}

/**
 * {@link ancova} on tidy rows (one object per person), e.g.
 * `ancovaFromRows(rows, { outcome: 'post', group: 'group', covariates: ['pre', 'age'] })`.
 * Numeric strings are parsed ("12,5" too); empty cells are missing.
 *
 * @example
 * const rows = [[12, 'c', 10], [14, 'c', 12], [15, 'c', 14], [13, 'c', 11], [17, 't', 11], [18, 't', 13], [20, 't', 15], [19, 't', '14']]
 *   .map(([post, group, pre]) => ({ post, group, pre }));
 * ancovaFromRows(rows, { outcome: 'post', group: 'group', covariates: ['pre'] }).groupEffects[0].estimate
 * // 3.885714 (the ancova example; R lm: 3.8857143)
 */
export function ancovaFromRows(
  rows: readonly Record<string, unknown>[],
  columns: AncovaColumns,
  options: AncovaOptions = {},
): AncovaResult {
  for (const c of [columns.outcome, columns.group, ...columns.covariates]) {
    if (rows.length > 0 && !rows.some((r) => c in r)) throw new StatsError(`ANCOVA: no column "${c}" in the rows.`);
  }
  const covariates: Record<string, number[]> = {};
  for (const c of columns.covariates) covariates[c] = rows.map((r, i) => anovaCellToNumber(r[c], c, i));
  return ancova(
    {
      outcome: rows.map((r, i) => anovaCellToNumber(r[columns.outcome], columns.outcome, i)),
      group: rows.map((r) => r[columns.group] as AnovaGroupLabel | null | undefined),
      covariates,
    },
    { outcomeName: columns.outcome, ...options },
  );
}

// ---------------------------------------------------------------------------------------------
// Two-way between-subjects ANOVA

/** Input of {@link twoWayAnova}: outcome and two factors, one entry per person. */
export interface TwoWayAnovaInput {
  outcome: NumericInput;
  a: AnovaGroupInput;
  b: AnovaGroupInput;
}

export interface TwoWayAnovaOptions {
  /** 3 (default; SPSS/JASP, `car::Anova(type = 3)` with sum coding) or 2 (`car::Anova(type = 2)`). */
  ssType?: 2 | 3;
  /** Factor names (default "A", "B"). */
  names?: readonly [string, string];
  levelsA?: readonly AnovaGroupLabel[];
  levelsB?: readonly AnovaGroupLabel[];
}

/** One row of the two-way table, with partial η² and partial ω². */
export interface TwoWayAnovaRow extends AnovaTableRow {
  /** Partial ω² = (SS − df·MS_error)/(SS + (N − df)·MS_error) (effectsize `omega_squared(partial = TRUE)`, untruncated). */
  partialOmegaSquared: number;
  /** Partial ε² = (SS − df·MS_error)/(SS + SS_error) (effectsize `epsilon_squared(partial = TRUE)`, untruncated). */
  partialEpsilonSquared: number;
}

/** Result of {@link twoWayAnova}. */
export class TwoWayAnovaResult implements StatResult {
  readonly method: string;
  readonly missingHandling: MissingHandling = 'listwise';
  constructor(
    readonly ssType: 2 | 3,
    readonly n: number,
    readonly nMissing: number,
    readonly factorNames: [string, string],
    readonly levelsA: string[],
    readonly levelsB: string[],
    /** Cell descriptives cells[i][j] for level i of A and j of B. */
    readonly cells: AnovaGroupDescriptive[][],
    /** Rows A, B, A × B, Residuals. */
    readonly table: TwoWayAnovaRow[],
  ) {
    this.method = `Two-way between-subjects ANOVA (type ${ssType === 3 ? 'III, sum-coded' : 'II'} sums of squares)`;
  }
  row(term: string): TwoWayAnovaRow {
    const r = this.table.find((t) => t.term === term);
    if (!r) throw new StatsError(`No term "${term}" (terms: ${this.table.map((t) => t.term).join(', ')}).`);
    return r;
  }
  /**
   * CI of a term's partial η², ω² or ε² by the noncentral F, as effectsize 0.8.3 `eta_squared` / `omega_squared` /
   * `epsilon_squared(car::Anova(...), partial = TRUE, ci = level)`: η² from the term's F directly, ω² and ε² through
   * F* = (ES/df)/((1 − ES)/df_error) of max(0, ES). Two-sided by default; `'greater'` is effectsize's default
   * one-sided interval [lower, 1] (the CI's `method` says which).
   */
  partialEffectSizeCI(term: string, measure: 'eta' | 'omega' | 'epsilon', level = 0.95, alternative: VarianceExplainedAlternative = 'two-sided'): ConfidenceInterval {
    const r = this.row(term);
    if (r.term === 'Residuals') throw new StatsError('Two-way ANOVA: the Residuals row has no effect size.');
    const dfE = this.table[this.table.length - 1].df;
    if (measure === 'eta') return etaSquaredFromF(r.F, r.df, dfE, { level, alternative }).ci as ConfidenceInterval;
    const es = measure === 'omega' ? r.partialOmegaSquared : measure === 'epsilon' ? r.partialEpsilonSquared : NaN;
    if (Number.isNaN(es)) throw new StatsError(`Two-way ANOVA: measure must be 'eta', 'omega' or 'epsilon' (got ${String(measure)}).`);
    return publicInterval(shrunkenVarianceExplainedInterval(es, r.df, dfE, level, alternative));
  }
  toJSON(): Record<string, unknown> {
    return { method: this.method, ssType: this.ssType, missingHandling: this.missingHandling, n: this.n, nMissing: this.nMissing, factors: this.factorNames, levelsA: this.levelsA, levelsB: this.levelsB, cells: this.cells, table: this.table };
  }
  /** "A: F(1, 54) = 4.10, p = .048, ηp² = .07; B: …; A × B: …" */
  apa(): string {
    const dfE = this.table[3].df;
    return this.table
      .slice(0, 3)
      .map((r) => `${r.term}: F(${fmtDf(r.df)}, ${fmtDf(dfE)}) = ${fmt(r.F)}, ${fmtP(r.p)}, ηp² = ${fmtNoLeadingZero(r.partialEtaSquared)}`)
      .join('; ');
  }
}

/**
 * Two-way between-subjects ANOVA y ~ A × B on the linear-model core (sum-coded factors, OLS by QR).
 *
 * - **Type III** (default, as SPSS, JASP and `car::Anova(lm(y ~ A * B, contrasts = contr.sum), type = 3)`): each
 *   term's Wald SS in the full model; main effects are tested at the unweighted means of the other factor.
 * - **Type II** (`car::Anova(type = 2)`): each main effect after the other main effect (ignoring the interaction),
 *   the interaction after both. Types II and III agree for balanced data.
 * - F = MS_term/MS_error on N − ab df; partial η² = SS/(SS + SS_error); partial ω² =
 *   (SS − df·MS_error)/(SS + (N − df)·MS_error) (effectsize, not truncated at 0).
 *
 * Listwise deletion. Checked against car 3.1 `Anova` types 2 and 3 and effectsize 0.8 on an unbalanced 2 × 3 design
 * (tests/reference/posthoc.R; 1e-8).
 *
 * @throws StatsError for a factor with fewer than 2 levels, an empty cell, or no residual df.
 * @example
 * const r = twoWayAnova({ outcome: [3, 4, 5, 6, 7, 8, 5, 6, 9, 10, 12, 11], a: ['x', 'x', 'x', 'x', 'x', 'x', 'y', 'y', 'y', 'y', 'y', 'y'], b: ['p', 'p', 'q', 'q', 'r', 'r', 'p', 'p', 'q', 'q', 'r', 'r'] });
 * r.row('A').F // 66.66667 (R car::Anova(type = 3): F = 66.667)
 */
export function twoWayAnova(input: TwoWayAnovaInput, options: TwoWayAnovaOptions = {}): TwoWayAnovaResult {
  const ssType = options.ssType ?? 3;
  if (ssType !== 2 && ssType !== 3) throw new StatsError(`Two-way ANOVA: ssType must be 2 or 3 (got ${String(ssType)}).`);
  const [nameA, nameB] = options.names ?? ['A', 'B'];
  const N0 = input.outcome.length;
  if (input.a.length !== N0 || input.b.length !== N0) {
    throw new StatsError(`Two-way ANOVA: outcome has ${N0} values, factor ${nameA} ${input.a.length}, factor ${nameB} ${input.b.length}.`);
  }
  const la = anovaGroupLevels(input.a, options.levelsA);
  const lb = anovaGroupLevels(input.b, options.levelsB);
  if (la.length < 2 || lb.length < 2) throw new StatsError(`Two-way ANOVA: each factor needs at least 2 levels (${nameA}: ${la.length}, ${nameB}: ${lb.length}).`);
  const ia = anovaGroupIndex(input.a, la);
  const ib = anovaGroupIndex(input.b, lb);
  const y0 = numericArray(input.outcome, 'outcome');
  const keep: number[] = [];
  for (let i = 0; i < N0; i++) if (ia[i] >= 0 && ib[i] >= 0 && !Number.isNaN(y0[i])) keep.push(i);
  const cellVals: number[][][] = la.map(() => lb.map(() => []));
  for (const i of keep) cellVals[ia[i]][ib[i]].push(y0[i]);
  cellVals.forEach((row, i) =>
    row.forEach((c, j) => {
      if (c.length === 0) throw new StatsError(`Two-way ANOVA: the cell ${nameA} = "${la[i]}", ${nameB} = "${lb[j]}" has no complete cases.`);
    }),
  );
  const vars: ModelVariable[] = [
    { kind: 'factor', name: nameA, index: ia, levels: la, coding: 'sum' },
    { kind: 'factor', name: nameB, index: ib, levels: lb, coding: 'sum' },
  ];
  const y = Float64Array.from(keep, (i) => y0[i]);
  const fit = fitLinearModel(buildModelDesign(vars, [[nameA], [nameB], [nameA, nameB]], keep), y);
  if (!(fit.sse > 1e-14 * fit.sst)) throw new StatsError('Two-way ANOVA: zero residual variance (every value equals its cell mean).');
  const mse = fit.sse / fit.dfResidual;
  const N = keep.length;
  const rows: TwoWayAnovaRow[] = termTests(fit, ssType).map((t, m) => ({
    term: m === 2 ? `${nameA} × ${nameB}` : t.term,
    ss: t.ss,
    df: t.df,
    ms: t.ss / t.df,
    F: t.F,
    p: t.p,
    partialEtaSquared: t.ss / (t.ss + fit.sse),
    partialOmegaSquared: (t.ss - t.df * mse) / (t.ss + (N - t.df) * mse),
    partialEpsilonSquared: (t.ss - t.df * mse) / (t.ss + fit.sse),
  }));
  rows.push({ term: 'Residuals', ss: fit.sse, df: fit.dfResidual, ms: mse, F: NaN, p: NaN, partialEtaSquared: NaN, partialOmegaSquared: NaN, partialEpsilonSquared: NaN });
  const cells = cellVals.map((row) =>
    row.map((c, j) => {
      const v = Float64Array.from(c);
      return { level: lb[j], n: v.length, mean: mean(v), sd: v.length > 1 ? sd(v) : NaN };
    }),
  );
  return new TwoWayAnovaResult(ssType, N, N0 - N, [nameA, nameB], la, lb, cells, rows);
}
