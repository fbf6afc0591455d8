/**
 * Standardised effect sizes from a single sample or from a reported test statistic (for reading published studies),
 * η² and ω² from F with a noncentral-F CI, and the overlap measures of a standardised difference.
 *
 * Reference: R effectsize 0.8 `cohens_d(x, mu)`, `hedges_g(x, mu)`, `F_to_eta2`, `F_to_omega2`, `d_to_u3`,
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
 * Partial η² from a reported F(df₁, df₂): η²_p = F·df₁/(F·df₁ + df₂), with the CI from the noncentral F
 * (Steiger 2004): λ limits solve P(F ≤ F_obs; df₁, df₂, λ) = 1 − α/2 and α/2, each converted as η² = λ/(λ + df₂) (the
 * F-equivalent λ/df₁ put through the η² formula; Steiger's λ/(λ + N) differs slightly), as
 * effectsize `F_to_eta2` (whose default is the one-sided interval `alternative = "greater"`, [lower, 1]; pass
 * `alternative: 'greater'` for it). For a one-way ANOVA this is η² itself.
 *
 * @example
 * etaSquaredFromF(4.5, 2, 40).estimate // 0.18367 (= 9/49)
 */
export function etaSquaredFromF(F: number, df1: number, df2: number, options: { level?: number; alternative?: 'two-sided' | 'greater' } = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'etaSquaredFromF');
  if (!(F >= 0 && df1 > 0 && df2 > 0)) throw new StatsError('etaSquaredFromF needs F ≥ 0 and positive df.');
  const alt = options.alternative ?? 'two-sided';
  const lam = noncentralityInterval((l) => noncentralFCdf(F, df1, df2, l), level, alt);
  // effectsize converts each λ limit as an F-equivalent λ/df₁, i.e. η² = λ/(λ + df₂)
  const toEta = (l: number) => (l === Infinity ? 1 : l / (l + df2));
  return new EffectSizeResult({
    method: 'Partial η² from F',
    measure: 'partial_eta_squared',
    symbol: 'ηp²',
    estimate: (F * df1) / (F * df1 + df2),
    ci: { lower: toEta(lam.lower), upper: toEta(lam.upper), level, method: `noncentral F inversion (Steiger 2004), ${alt}` },
    n: {},
    missing: 0,
    missingHandling: 'none',
    details: { F, df1, df2, ncpLower: lam.lower, ncpUpper: lam.upper },
    bounded: true,
  });
}

/**
 * Partial ω² from F (point estimate): ω²_p = (F − 1)·df₁/(F·df₁ + df₂ + 1), as effectsize `F_to_omega2` (not truncated
 * at 0 here; effectsize reports max(0, ·)). No CI (not implemented).
 *
 * @example
 * omegaSquaredFromF(4.5, 2, 40).estimate // 0.14 (= 7/50; R effectsize::F_to_omega2: 0.14)
 */
export function omegaSquaredFromF(F: number, df1: number, df2: number): EffectSizeResult {
  if (!(F >= 0 && df1 > 0 && df2 > 0)) throw new StatsError('omegaSquaredFromF needs F ≥ 0 and positive df.');
  return new EffectSizeResult({
    method: 'Partial ω² from F',
    measure: 'partial_omega_squared',
    symbol: 'ωp²',
    estimate: ((F - 1) * df1) / (F * df1 + df2 + 1),
    ci: null,
    n: {},
    missing: 0,
    missingHandling: 'none',
    details: { F, df1, df2 },
    bounded: true,
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
