/**
 * Standardised effect sizes from a single sample or from a reported test statistic (for reading published studies),
 * η² and ω² from F with a noncentral-F CI, and the overlap measures of a standardised difference.
 *
 * Reference: R effectsize 0.8 `cohens_d(x, mu)`, `hedges_g(x, mu)`, `F_to_eta2`, `F_to_omega2`, `F_to_epsilon2`, `d_to_u3`,
 * `d_to_overlap`, `d_to_p_superiority`, and `cohens_d` on the raw data behind a t (tests/reference/effsize2.R).
 */
import { normal } from '../distributions.js';
import { mean, variance } from '../moments.js';
import { ncpConfidenceInterval } from '../noncentral-t.js';
import { noncentralFCdf, noncentralityInterval } from '../noncentral-f.js';
import { StatsError, finiteValues, type ConfidenceInterval, type NumericInput } from '../result.js';
import { EffectSizeResult, checkEffectSizeLevel, hedgesJ } from './result.js';

const NCP = 'noncentral t inversion (Steiger & Fouladi, 1997)';

function ncpScaled(t: number, df: number, scale: number, level: number, J = 1): ConfidenceInterval {
  const ci = ncpConfidenceInterval(t, df, level);
  return { lower: J * ci.lower * scale, upper: J * ci.upper * scale, level, method: NCP };
}

/**
 * One-sample standardised mean difference against a norm mean μ₀: d = (x̄ − μ₀)/s on n − 1 df, or Hedges' g = J(n − 1)·d
 * with `correction: true`; CI by inverting the noncentral t of t = d√n, scaled by 1/√n (effectsize `cohens_d(x, mu = μ₀)`,
 * `hedges_g(x, mu = μ₀)`).
 *
 * @throws StatsError for n < 2 or zero variance.
 * @example
 * cohensDOneSample([52, 47, 55, 49, 51, 58, 46, 50], { mu: 45 }).estimate // 1.5 (R effectsize::cohens_d(x, mu = 45): 1.50)
 */
export function cohensDOneSample(x: NumericInput, options: { mu?: number; level?: number; correction?: boolean } = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'cohensDOneSample');
  const mu = options.mu ?? 0;
  const { values, missing } = finiteValues(x);
  const n = values.length;
  if (n < 2) throw new StatsError(`cohensDOneSample needs at least 2 values (got ${n}).`);
  const m = mean(values);
  const s = Math.sqrt(variance(values, m));
  if (!(s > 0)) throw new StatsError('cohensDOneSample: zero SD, so the difference cannot be standardised.');
  const d = (m - mu) / s;
  const J = options.correction ? hedgesJ(n - 1) : 1;
  return new EffectSizeResult({
    method: options.correction ? "Hedges' g, one sample against μ₀ (exact J)" : "Cohen's d, one sample against μ₀",
    measure: 'd_one_sample',
    symbol: options.correction ? 'g' : 'd',
    estimate: J * d,
    ci: ncpScaled(d * Math.sqrt(n), n - 1, 1 / Math.sqrt(n), level, J),
    n: { n },
    missing,
    missingHandling: 'listwise',
    details: { mu, mean: m, sd: s, df: n - 1, t: d * Math.sqrt(n), J },
  });
}

/**
 * d (or g) from a reported t: two independent groups d = t·√(1/n₁ + 1/n₂) on n₁ + n₂ − 2 df (identical to `cohensD`
 * on the raw data, including the noncentral-t CI); one sample or paired (give `n` only) d_z = t/√n on n − 1 df.
 * `correction: true` gives Hedges' g = J(df)·d. With only the error df known, effectsize's `t_to_d` uses
 * d = 2t/√df (equal groups); here the group sizes are required so unequal groups come out exactly.
 *
 * @example
 * effectSizeFromT({ t: 2.5, n1: 12, n2: 15 }).estimate // 0.96825 (= 2.5·√(1/12 + 1/15))
 */
export function effectSizeFromT(input: { t: number; n1?: number; n2?: number; n?: number }, options: { level?: number; correction?: boolean } = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'effectSizeFromT');
  const { t } = input;
  if (!Number.isFinite(t)) throw new StatsError(`effectSizeFromT: t must be a finite number (got ${t}).`);
  let df: number;
  let scale: number;
  let sizes: Record<string, number>;
  let kind: string;
  if (input.n1 !== undefined && input.n2 !== undefined) {
    if (!(input.n1 >= 2 && input.n2 >= 2)) throw new StatsError('effectSizeFromT: each group needs n ≥ 2.');
    df = input.n1 + input.n2 - 2;
    scale = Math.sqrt(1 / input.n1 + 1 / input.n2);
    sizes = { n1: input.n1, n2: input.n2 };
    kind = 'two independent groups';
  } else if (input.n !== undefined) {
    if (!(input.n >= 2)) throw new StatsError('effectSizeFromT: n must be at least 2.');
    df = input.n - 1;
    scale = 1 / Math.sqrt(input.n);
    sizes = { n: input.n };
    kind = 'one sample or paired (d_z)';
  } else throw new StatsError('effectSizeFromT: give n1 and n2 (two groups) or n (one sample / paired).');
  const J = options.correction ? hedgesJ(df) : 1;
  return new EffectSizeResult({
    method: `${options.correction ? "Hedges' g" : "Cohen's d"} from a reported t (${kind})`,
    measure: options.correction ? 'hedges_g' : input.n !== undefined ? 'd_z' : 'cohens_d',
    symbol: options.correction ? 'g' : input.n !== undefined ? 'd_z' : 'd',
    estimate: J * t * scale,
    ci: ncpScaled(t, df, scale, level, J),
    n: sizes,
    missing: 0,
    missingHandling: 'none',
    details: { t, df, J },
  });
}

/**
 * |d| (or |g|) from a reported F with one numerator df — a two-group comparison, F(1, df₂) = t²: two independent groups
 * `{ F, n1, n2 }` (between-subjects ANOVA with two groups), or one group measured twice `{ F, n }` (repeated-measures
 * ANOVA with two conditions, d_z). Computed as {@link effectSizeFromT} with t = √F, so the estimate and its
 * noncentral-t CI equal `cohensD` on the raw data up to the sign, which F does not carry: the result is the absolute
 * value, with a note to take the direction from the means. effectsize `F_to_d(F, 1, df_error)` uses 2√F/√df_error
 * (equal groups); here the group sizes are required so unequal groups come out exactly. An F with more than one
 * numerator df has no single d (use {@link etaSquaredFromF} / {@link omegaSquaredFromF}).
 *
 * @example
 * effectSizeFromF({ F: 7.32333333333333, n1: 7, n2: 8 }).estimate // 1.400574 (R: anova(lm) F = 7.3233; effectsize::cohens_d on the raw data 1.400574)
 */
export function effectSizeFromF(input: { F: number; df1?: number; n1?: number; n2?: number; n?: number }, options: { level?: number; correction?: boolean } = {}): EffectSizeResult {
  const { F } = input;
  if (!(F >= 0) || !Number.isFinite(F)) throw new StatsError(`effectSizeFromF: F must be a finite number ≥ 0 (got ${F}).`);
  if (input.df1 !== undefined && input.df1 !== 1) {
    throw new StatsError(`effectSizeFromF: an F with ${input.df1} numerator df compares more than two means and has no single d; use etaSquaredFromF or omegaSquaredFromF.`);
  }
  const fromT = effectSizeFromT({ t: Math.sqrt(F), n1: input.n1, n2: input.n2, n: input.n }, options);
  return new EffectSizeResult({
    method: fromT.method.replace('from a reported t', 'from a reported F(1, df) = t²'),
    measure: fromT.measure,
    symbol: `|${fromT.symbol}|`,
    estimate: fromT.estimate,
    ci: fromT.ci,
    n: fromT.n,
    missing: 0,
    missingHandling: 'none',
    details: { ...fromT.details, F },
    notes: ['F carries no sign: this is the size of the difference; take its direction from the group means.'],
  });
}

/** Which CI of a variance-explained measure: two-sided [α/2, 1 − α/2], or effectsize's default one-sided [lower, 1]. */
export type VarianceExplainedAlternative = 'two-sided' | 'greater';

/**
 * Internal: the noncentral-F CI of an η²-type ratio with F(df₁, df₂) = `F`: λ limits solve
 * P(F ≤ F_obs; df₁, df₂, λ) = 1 − α/2 and α/2 (one-sided 'greater': 1 − α and +∞), each converted as λ/(λ + df₂)
 * (effectsize `.F_to_pve` → `F_to_eta2(λ/df₁, df₁, df₂)`). The method string names the sidedness.
 */
export function varianceExplainedInterval(
  F: number,
  df1: number,
  df2: number,
  level: number,
  alternative: VarianceExplainedAlternative,
  what = 'noncentral F inversion (Steiger 2004)',
): ConfidenceInterval & { ncpLower: number; ncpUpper: number } {
  if (alternative !== 'two-sided' && alternative !== 'greater') {
    throw new StatsError(`alternative must be 'two-sided' or 'greater' (got ${String(alternative)}).`);
  }
  const lam = noncentralityInterval((l) => noncentralFCdf(F, df1, df2, l), level, alternative);
  const toEta = (l: number) => (l === Infinity ? 1 : l / (l + df2));
  const side = alternative === 'two-sided' ? 'two-sided' : 'one-sided (greater; upper bound fixed at 1)';
  return { lower: toEta(lam.lower), upper: toEta(lam.upper), level, method: `${what}, ${side}`, ncpLower: lam.lower, ncpUpper: lam.upper };
}

/**
 * Internal: effectsize 0.8.3's CI for ω² and ε² (ordinary or partial; `omega_squared(..., ci)`, `F_to_omega2`,
 * `epsilon_squared`, `F_to_epsilon2`): the estimate, truncated at 0, is turned into the F it would have as an
 * η²-type ratio, F* = (ES/df₁)/((1 − ES)/df₂), and F* goes through the noncentral-F interval of η²
 * ({@link varianceExplainedInterval}). This is effectsize's construction, not an exact interval for ω² or ε².
 */
export function shrunkenVarianceExplainedInterval(
  estimate: number,
  df1: number,
  df2: number,
  level: number,
  alternative: VarianceExplainedAlternative,
): ConfidenceInterval & { ncpLower: number; ncpUpper: number; pseudoF: number } {
  const es = Math.max(0, estimate);
  const pseudoF = es / df1 / ((1 - es) / df2);
  const ci = varianceExplainedInterval(pseudoF, df1, df2, level, alternative, 'noncentral F inversion of F* = (ES/df₁)/((1 − ES)/df₂) (effectsize)');
  return { ...ci, pseudoF };
}

function checkFInput(F: number, df1: number, df2: number, what: string): void {
  if (!(F >= 0 && df1 > 0 && df2 > 0 && Number.isFinite(F) && Number.isFinite(df1) && Number.isFinite(df2))) {
    throw new StatsError(`${what} needs a finite F ≥ 0 and positive df (got F = ${F}, df = ${df1}, ${df2}).`);
  }
}

/**
 * Partial η² from a reported F(df₁, df₂): η²_p = F·df₁/(F·df₁ + df₂), with the CI from the noncentral F
 * (Steiger 2004): λ limits solve P(F ≤ F_obs; df₁, df₂, λ) = 1 − α/2 and α/2, each converted as η² = λ/(λ + df₂) (the
 * F-equivalent λ/df₁ put through the η² formula; Steiger's λ/(λ + N) differs slightly), as
 * effectsize `F_to_eta2`. Two-sided by default; effectsize's default is the one-sided interval
 * `alternative = "greater"` ([lower at level 2·ci − 1, 1]), here `alternative: 'greater'`. The CI's `method` names
 * which one it is. For a one-way ANOVA this is η² itself.
 *
 * @example
 * etaSquaredFromF(4.5, 2, 40).estimate // 0.18367 (= 9/49)
 */
export function etaSquaredFromF(F: number, df1: number, df2: number, options: { level?: number; alternative?: VarianceExplainedAlternative } = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'etaSquaredFromF');
  checkFInput(F, df1, df2, 'etaSquaredFromF');
  const { ncpLower, ncpUpper, ...ci } = varianceExplainedInterval(F, df1, df2, level, options.alternative ?? 'two-sided');
  return new EffectSizeResult({
    method: 'Partial η² from F',
    measure: 'partial_eta_squared',
    symbol: 'ηp²',
    estimate: (F * df1) / (F * df1 + df2),
    ci,
    n: {},
    missing: 0,
    missingHandling: 'none',
    details: { F, df1, df2, ncpLower, ncpUpper },
    bounded: true,
  });
}

/**
 * Partial ω² from a reported F(df₁, df₂): ω²_p = (F − 1)·df₁/(F·df₁ + df₂ + 1), as effectsize `F_to_omega2`
 * (for a one-way ANOVA this is ω² itself). The estimate is not truncated at 0 here (effectsize reports max(0, ·);
 * a negative value says the groups differ less than chance alone would make them).
 *
 * CI as effectsize 0.8.3 computes it: ES = max(0, ω²_p) is turned into F* = (ES/df₁)/((1 − ES)/df₂) and F* goes
 * through the noncentral-F interval of η² (λ limits of F*, each as λ/(λ + df₂)). Two-sided by default;
 * `alternative: 'greater'` gives effectsize's default one-sided interval [lower at level 2·ci − 1, 1]. The CI's
 * `method` says which. Checked against effectsize `F_to_omega2` (both alternatives) and a tight uniroot solution of
 * the same equations (tests/reference/effsize3.R).
 *
 * @example
 * omegaSquaredFromF(4.5, 2, 40).estimate // 0.14 (= 7/50; R effectsize::F_to_omega2: 0.14)
 */
export function omegaSquaredFromF(F: number, df1: number, df2: number, options: { level?: number; alternative?: VarianceExplainedAlternative } = {}): EffectSizeResult {
  return shrunkenFromF('omega', F, df1, df2, options);
}

/**
 * Partial ε² from a reported F(df₁, df₂): ε²_p = (F − 1)·df₁/(F·df₁ + df₂) (Kelley 1935; effectsize `F_to_epsilon2`;
 * for a one-way ANOVA this is ε² = (SS_b − df_b·MS_w)/SS_t). Not truncated at 0. CI as for {@link omegaSquaredFromF}
 * (effectsize's F* conversion; two-sided by default, `alternative: 'greater'` for effectsize's one-sided default).
 *
 * @example
 * epsilonSquaredFromF(4.5, 2, 40).estimate // 0.14286 (= 7/49; R effectsize::F_to_epsilon2)
 */
export function epsilonSquaredFromF(F: number, df1: number, df2: number, options: { level?: number; alternative?: VarianceExplainedAlternative } = {}): EffectSizeResult {
  return shrunkenFromF('epsilon', F, df1, df2, options);
}

/** Partial ω² (denominator F·df₁ + df₂ + 1) or ε² (F·df₁ + df₂) from F, with the CI of {@link shrunkenVarianceExplainedInterval}. */
function shrunkenFromF(kind: 'omega' | 'epsilon', F: number, df1: number, df2: number, options: { level?: number; alternative?: VarianceExplainedAlternative }): EffectSizeResult {
  const name = kind === 'omega' ? 'omegaSquaredFromF' : 'epsilonSquaredFromF';
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, name);
  checkFInput(F, df1, df2, name);
  const estimate = ((F - 1) * df1) / (F * df1 + df2 + (kind === 'omega' ? 1 : 0));
  const { ncpLower, ncpUpper, pseudoF, ...ci } = shrunkenVarianceExplainedInterval(estimate, df1, df2, level, options.alternative ?? 'two-sided');
  const letter = kind === 'omega' ? 'ω' : 'ε';
  return new EffectSizeResult({
    method: `Partial ${letter}² from F`,
    measure: kind === 'omega' ? 'partial_omega_squared' : 'partial_epsilon_squared',
    symbol: `${letter}p²`,
    estimate,
    ci,
    n: {},
    missing: 0,
    missingHandling: 'none',
    details: { F, df1, df2, pseudoF, ncpLower, ncpUpper },
    bounded: true,
    notes: estimate < 0 ? [`${letter}² is negative (not truncated at 0); the CI is computed from 0.`] : [],
  });
}

/**
 * Overlap measures of a standardised difference d (two normal populations with equal SD; Cohen 1988; Reiser &
 * Faraggi 1999): Cohen's U3 = Φ(d), the overlap OVL = 2Φ(−|d|/2) and the probability of superiority Φ(d/√2)
 * (effectsize `d_to_u3`, `d_to_overlap`, `d_to_p_superiority`). A CI of d (e.g. from `cohensD`) is carried through
 * these monotone transforms (OVL: the interval of |d|, folded at 0).
 *
 * @example
 * dOverlapMeasures(0.5).u3 // 0.69146 (R effectsize::d_to_u3(0.5))
 */
export function dOverlapMeasures(d: number, ci?: { lower: number; upper: number }): {
  u3: number;
  overlap: number;
  probabilityOfSuperiority: number;
  ci?: { u3: [number, number]; overlap: [number, number]; probabilityOfSuperiority: [number, number] };
} {
  const u3 = (v: number) => normal.cdf(v, 0, 1);
  const ovl = (v: number) => 2 * normal.cdf(-Math.abs(v) / 2, 0, 1);
  const ps = (v: number) => normal.cdf(v / Math.SQRT2, 0, 1);
  const out = { u3: u3(d), overlap: ovl(d), probabilityOfSuperiority: ps(d) };
  if (!ci) return out;
  const straddles = ci.lower <= 0 && ci.upper >= 0;
  const oLo = ovl(Math.max(Math.abs(ci.lower), Math.abs(ci.upper)));
  const oHi = straddles ? 1 : ovl(Math.min(Math.abs(ci.lower), Math.abs(ci.upper)));
  return { ...out, ci: { u3: [u3(ci.lower), u3(ci.upper)], overlap: [oLo, oHi], probabilityOfSuperiority: [ps(ci.lower), ps(ci.upper)] } };
}
