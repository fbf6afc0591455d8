/**
 * Standardized mean differences for two independent groups: Cohen's d, Hedges' g and Glass's Δ,
 * with exact confidence intervals by noncentral-t inversion.
 */
import { mean, variance } from '../moments.js';
import { ncpConfidenceInterval } from '../noncentral-t.js';
import { StatsError, finiteValues, type ConfidenceInterval, type NumericInput } from '../result.js';
import { EffectSizeResult, checkEffectSizeLevel, hedgesJ } from './result.js';

export interface SmdOptions {
  /** Confidence level (default 0.95). */
  level?: number;
  /**
   * Compute the noncentral-t CI (default true). `false` returns the estimate with `ci: null`
   * (`ciMethod` "none"), skipping the root finding — for bootstraps and simulations that call
   * these functions thousands of times and need only the estimate.
   */
  ci?: boolean;
}

const NCP_METHOD = 'noncentral t inversion (Steiger & Fouladi, 1997)';

interface Groups {
  x: Float64Array;
  y: Float64Array;
  missing: number;
  mx: number;
  my: number;
  vx: number;
  vy: number;
}

function twoGroups(x: NumericInput, y: NumericInput, what: string): Groups {
  const a = finiteValues(x);
  const b = finiteValues(y);
  if (a.values.length < 2 || b.values.length < 2) {
    throw new StatsError(
      `${what} needs at least 2 non-missing values in each group (got n1 = ${a.values.length}, n2 = ${b.values.length}).`,
    );
  }
  const mx = mean(a.values);
  const my = mean(b.values);
  return { x: a.values, y: b.values, missing: a.missing + b.missing, mx, my, vx: variance(a.values, mx), vy: variance(b.values, my) };
}

/** ncp CI of t, scaled by √hn; on failure NaN limits and a note. */
function scaledNcpCI(t: number, df: number, hn: number, level: number, notes: string[]): ConfidenceInterval {
  try {
    const ci = ncpConfidenceInterval(t, df, level);
    const s = Math.sqrt(hn);
    return { lower: ci.lower * s, upper: ci.upper * s, level, method: NCP_METHOD };
  } catch (e) {
    notes.push(`The CI could not be computed: ${(e as Error).message}`);
    return { lower: NaN, upper: NaN, level, method: NCP_METHOD };
  }
}

function pooledD(x: NumericInput, y: NumericInput, level: number, what: string, withCI: boolean) {
  checkEffectSizeLevel(level, what);
  const g = twoGroups(x, y, what);
  const n1 = g.x.length;
  const n2 = g.y.length;
  const df = n1 + n2 - 2;
  const sp = Math.sqrt(((n1 - 1) * g.vx + (n2 - 1) * g.vy) / df);
  if (!(sp > 0)) {
    throw new StatsError(`${what} is undefined: both groups have zero variance (pooled SD = 0), so there is no SD to standardize by.`);
  }
  const d = (g.mx - g.my) / sp;
  const hn = 1 / n1 + 1 / n2;
  const t = d / Math.sqrt(hn);
  const notes: string[] = [];
  const ci = withCI ? scaledNcpCI(t, df, hn, level, notes) : null;
  return { g, n1, n2, df, sp, d, t, hn, ci, notes };
}

/**
 * Cohen's d for two independent groups, standardized by the pooled SD:
 *
 *   d = (M₁ − M₂) / s_p,   s_p = √[((n₁−1)s₁² + (n₂−1)s₂²) / (n₁+n₂−2)]   (Cohen, 1988).
 *
 * Sign: positive when x has the larger mean (x − y; put the treatment group first).
 * CI: exact, by inverting the noncentral t (Steiger & Fouladi, 1997): with t = d/√(1/n₁+1/n₂) and
 * df = n₁+n₂−2, the ncp limits from {@link ncpConfidenceInterval} times √(1/n₁+1/n₂).
 * Missing values are dropped per group. Checked against R `effectsize::cohens_d(x, y)` (ci_method "ncp");
 * effectsize solves for the limits with Nelder–Mead and is only accurate to ~1e-4, so the fixtures also hold
 * a `uniroot` solution at tol 1e-12 that this function matches to 1e-8.
 * `{ ci: false }` skips the CI (`ci: null`), e.g. inside a bootstrap.
 * Throws a StatsError when a group has fewer than 2 values or both SDs are 0.
 *
 * @example
 * cohensD([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).apa() // "d = 1.26, 95% CI [-0.15, 2.62]" (R effectsize: 1.26 [-0.15, 2.62])
 * cohensD([5, 6, 7, 8, 9], [3, 4, 5, 6, 7], { ci: false }).apa() // "d = 1.26"
 */
export function cohensD(x: NumericInput, y: NumericInput, options: SmdOptions = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  const r = pooledD(x, y, level, "Cohen's d", options.ci ?? true);
  return new EffectSizeResult({
    method: "Cohen's d (pooled SD)",
    measure: 'cohens_d',
    symbol: 'd',
    estimate: r.d,
    ci: r.ci,
    n: { n1: r.n1, n2: r.n2 },
    missing: r.g.missing,
    missingHandling: 'listwise',
    details: { df: r.df, t: r.t, pooledSD: r.sp, meanDifference: r.g.mx - r.g.my },
    notes: r.notes,
  });
}

/**
 * Hedges' g: Cohen's d times the exact small-sample correction J(df) = Γ(df/2)/(√(df/2)·Γ((df−1)/2)),
 * df = n₁+n₂−2 (Hedges, 1981; Hedges & Olkin, 1985, eq. 5.10).
 * CI: the noncentral-t CI of d multiplied by J, as R `effectsize::hedges_g` does (the limits of d are
 * bias-corrected the same way as the estimate). Checked against `effectsize::hedges_g(x, y)`.
 * `{ ci: false }` skips the CI (`ci: null`): the form to use as a bootstrap statistic.
 *
 * @example
 * hedgesG([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).estimate // 1.1418... (J(8) = 0.9033)
 * hedgesG([5, 6, 7, 8, 9], [3, 4, 5, 6, 7], { ci: false }).ci // null (same estimate)
 */
export function hedgesG(x: NumericInput, y: NumericInput, options: SmdOptions = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  const r = pooledD(x, y, level, "Hedges' g", options.ci ?? true);
  const J = hedgesJ(r.df);
  return new EffectSizeResult({
    method: "Hedges' g (pooled SD, exact J)",
    measure: 'hedges_g',
    symbol: 'g',
    estimate: J * r.d,
    ci: r.ci ? { ...r.ci, lower: J * r.ci.lower, upper: J * r.ci.upper } : null,
    n: { n1: r.n1, n2: r.n2 },
    missing: r.g.missing,
    missingHandling: 'listwise',
    details: { df: r.df, t: r.t, pooledSD: r.sp, J, cohensD: r.d, meanDifference: r.g.mx - r.g.my },
    notes: r.notes,
  });
}

/**
 * Glass's Δ: the mean difference standardized by the SD of the control (reference) group only,
 * Δ = (M_T − M_C) / s_C (Glass, McGaw & Smith, 1981), with df = n_C − 1.
 * Use it when the treatment changes the spread, so that only the control SD is a fair yardstick.
 *
 * CI: as R `effectsize::glass_delta(treatment, control)`: t = Δ/√h with h = 1/n_C + s_T²/(n_T·s_C²), the
 * noncentral-t limits for df = n_C − 1, times √h. This is an approximation (Δ is not exactly noncentral t
 * unless the variances are equal; Algina, Keselman & Penfield, 2006, recommend bootstrap CIs for unequal
 * variances). Checked against `effectsize::glass_delta`.
 * `{ ci: false }` skips the CI (`ci: null`).
 * Throws a StatsError when the control SD is 0 or a group has fewer than 2 values.
 *
 * @example
 * glassDelta([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).apa() // "Δ = 1.26, 95% CI [-0.28, 2.72]" (R effectsize: 1.26 [-0.28, 2.72])
 */
export function glassDelta(treatment: NumericInput, control: NumericInput, options: SmdOptions = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, "Glass's Δ");
  const g = twoGroups(treatment, control, "Glass's Δ");
  const nT = g.x.length;
  const nC = g.y.length;
  const sC = Math.sqrt(g.vy);
  if (!(sC > 0)) throw new StatsError("Glass's Δ is undefined: the control group has zero variance (SD = 0).");
  const delta = (g.mx - g.my) / sC;
  const df = nC - 1;
  const hn = 1 / nC + g.vx / (nT * g.vy);
  const t = delta / Math.sqrt(hn);
  const notes: string[] = [];
  const ci = (options.ci ?? true) ? scaledNcpCI(t, df, hn, level, notes) : null;
  return new EffectSizeResult({
    method: "Glass's Δ (control-group SD)",
    measure: 'glass_delta',
    symbol: 'Δ',
    estimate: delta,
    ci: ci ? { ...ci, method: `${NCP_METHOD}, approximate for Δ (as R effectsize)` } : null,
    n: { nTreatment: nT, nControl: nC },
    missing: g.missing,
    missingHandling: 'listwise',
    details: { df, t, controlSD: sC, meanDifference: g.mx - g.my },
    notes,
  });
}
