/**
 * Funnel plots for comparing units (sites, hospitals, schools) with a target: control limits around the
 * target for every unit size, so that a unit is judged against the spread chance alone would give a unit
 * of its size — instead of ranking units whose differences are mostly noise (Spiegelhalter, 2005).
 *
 * Two indicators (Spiegelhalter 2005, Table I):
 * - **proportion** y/n (e.g. closed trajectories with goals reached / closed trajectories with goal
 *   attainment recorded): y ~ Binomial(n, θ), V(θ) = θ(1 − θ), precision n;
 * - **rate** y/T, a count per unit of exposure (e.g. families supported / volunteers active): y ~ Poisson(θT),
 *   V(θ) = θ, precision T. For families per volunteer this treats each volunteer-year as exposure in which
 *   families arrive at rate θ; real counts are usually *less* variable than Poisson (a volunteer supports one
 *   or two families), so the limits are wide and the overdispersion estimate φ̂ (< 1) says so.
 *
 * Limits at the levels 95% (p = 0.025, 0.975) and 99.8% (p = 0.001, 0.999):
 * - `exact` (default): the paper's interpolated discrete limits (Spiegelhalter 2005, Appendix A.1.1): with
 *   r_p the p-quantile of the count distribution (R `qbinom(p, n, θ)` / `qpois(p, θT)`) and F its cdf,
 *   α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)) and the limit (r_p − α)/n — a smooth line through the steps of
 *   the discrete quantiles;
 * - `normal`: θ ± z_p·√(V(θ)/n).
 * Limits are clamped to [0, 1] for a proportion and at 0 for a rate (the interpolation can give a lower
 * limit just below 0 when r_p = 0).
 *
 * Overdispersion (Spiegelhalter 2005, §5; Spiegelhalter et al. 2012): z_i = (y_i/n_i − θ)/s_i,
 * s_i = √(V(θ)/n_i); the z-scores are Winsorised at their 10th and 90th percentiles (R `quantile(type = 7)`),
 * φ̂ = (1/I)·Σ z_w,i². `multiplicative`: limits θ ± z_p·√(φ·V(θ)/n) with φ = max(φ̂, 1) (the adjustment never
 * narrows the limits); `additive` (random effects, DerSimonian–Laird as in the paper):
 * τ̂² = max(0, (Iφ̂ − (I − 1)) / (Σw_i − Σw_i²/Σw_i)), w_i = 1/s_i², limits θ ± z_p·√(s_i² + τ̂²). Both
 * adjusted limits are normal limits (as in the paper). I·φ̂ is referred to χ² with I − 1 degrees of freedom
 * when the target is the pooled value of the same units, I when it is given from outside (a test of
 * overdispersion; reported, never used to switch the adjustment on by itself).
 *
 * Reference: Spiegelhalter, D. J. (2005). Funnel plots for comparing institutional performance. Statistics in
 * Medicine, 24(8), 1185–1202. Spiegelhalter, D. J., Sherlaw-Johnson, C., Bardsley, M., et al. (2012). Statistical
 * methods for healthcare regulation: rating, screening and surveillance. JRSS A, 175(1), 1–47. Checked against
 * base R (`qbinom`, `pbinom`, `qpois`, `ppois`, `qnorm`, `quantile(type = 7)`, `pchisq`) in
 * tests/reference/funnel.R, to 1e-9 relative. The CRAN package FunnelPlotR (not in Debian) computes the
 * overdispersed limits on transformed scales (arcsine, log); here they are on the scale of the indicator, as in
 * the 2005 paper.
 */
import { fmtNoLeadingZero, fmt, fmtP } from './apa.js';
import { binomial, chiSquared, normal, poisson } from './distributions.js';
import { quantileSorted } from './moments.js';
import { type StatResult, StatsError } from './result.js';

/** Kind of indicator: a proportion y/n (binomial) or a rate y/T per unit of exposure (Poisson). */
export type FunnelIndicator = 'proportion' | 'rate';
/** `exact` (the paper's interpolated binomial/Poisson limits) or `normal` (θ ± z·√(V/n)). */
export type FunnelLimitMethod = 'exact' | 'normal';
/** No adjustment, a multiplicative φ, or an additive random-effects τ² (DerSimonian–Laird). */
export type FunnelOverdispersion = 'none' | 'multiplicative' | 'additive';
/** Where a unit lies: inside the 95% limits, between the 95% and 99.8% limits, or beyond the 99.8% limits. */
export type FunnelBand = 'within' | 'between' | 'beyond';

export interface FunnelOptions {
  /** `proportion` (default) or `rate`. */
  indicator?: FunnelIndicator;
  /** The value units are compared with (e.g. the national value). Default: pooled Σy / Σn of the units. */
  target?: number;
  /** `exact` (default) or `normal`; ignored (normal) when an overdispersion adjustment is applied. */
  method?: FunnelLimitMethod;
  /** Default `none`. φ̂ and τ̂² are estimated and reported either way. */
  overdispersion?: FunnelOverdispersion;
  /** Fraction Winsorised at each end before estimating φ (default 0.1, as in the paper). */
  winsorise?: number;
}

/** Lower and upper limits at the inner (95%) and outer (99.8%) levels for one size. */
export interface FunnelLimits {
  size: number;
  inner: { lower: number; upper: number };
  outer: { lower: number; upper: number };
}

/** One unit as given: its numerator y and its size n (the denominator, or the exposure of a rate). */
export interface FunnelUnitInput {
  label?: string;
  numerator: number;
  denominator: number;
}

/** One unit on the funnel plot. */
export interface FunnelUnit {
  label: string;
  numerator: number;
  denominator: number;
  /** y / n. */
  value: number;
  /** (y/n − θ) / √(V(θ)/n), unadjusted. */
  z: number;
  /** z with the overdispersion adjustment applied (= z without adjustment). */
  zAdjusted: number;
  limits: FunnelLimits;
  band: FunnelBand;
  /** Above or below the target when outside the 95% limits; null within. */
  side: 'above' | 'below' | null;
}

/** The two-sided levels used: 95% and 99.8% (p = 0.025/0.975 and 0.001/0.999). */
export const FUNNEL_LEVELS = { inner: 0.95, outer: 0.998 } as const;

const P_INNER = [(1 - FUNNEL_LEVELS.inner) / 2, 1 - (1 - FUNNEL_LEVELS.inner) / 2] as const;
const P_OUTER = [(1 - FUNNEL_LEVELS.outer) / 2, 1 - (1 - FUNNEL_LEVELS.outer) / 2] as const;

function variance(indicator: FunnelIndicator, target: number): number {
  return indicator === 'proportion' ? target * (1 - target) : target;
}

function clampLimit(indicator: FunnelIndicator, x: number): number {
  return indicator === 'proportion' ? Math.min(1, Math.max(0, x)) : Math.max(0, x);
}

function checkTarget(indicator: FunnelIndicator, target: number, what: string): void {
  if (indicator === 'proportion' && !(target > 0 && target < 1)) {
    throw new StatsError(`funnel plot: the target proportion must lie strictly between 0 and 1 (${what} is ${target}); with a target of 0 or 1 every unit of every size is "as expected" or impossible, so there is no funnel.`);
  }
  if (indicator === 'rate' && !(target > 0 && Number.isFinite(target))) {
    throw new StatsError(`funnel plot: the target rate must be a positive number (${what} is ${target}).`);
  }
}

function checkSize(indicator: FunnelIndicator, size: number, method: FunnelLimitMethod): void {
  if (!(size > 0 && Number.isFinite(size))) throw new StatsError(`funnel plot: a unit size must be a positive number (got ${size}).`);
  if (indicator === 'proportion' && method === 'exact' && !Number.isInteger(size)) {
    throw new StatsError(`funnel plot: exact binomial limits need a whole number of cases as the size (got ${size}); use method "normal" for a non-integer size.`);
  }
}

/** The p-quantile r of the count and its cdf F(r), F(r − 1) (see {@link exactCount}). */
interface ExactCount {
  r: number;
  fr: number;
  fr1: number;
}

/**
 * {@link exactCount} by indicator, target, p and size (maps within maps: no key text to build for each of the
 * thousands of calls): the same limits are asked for again and again (every unit and range of a size, every
 * curve of a target).
 */
const EXACT_COUNTS = new Map<FunnelIndicator, Map<number, Map<number, Map<number, ExactCount>>>>();
/** Entries kept at most (then the memo starts again): a report needs a few thousand. */
const EXACT_COUNTS_MAX = 100_000;
let exactCountsSize = 0;

/** The memo of {@link exactCount} for one indicator, target and p (made on first use). */
function exactCountsOf(indicator: FunnelIndicator, target: number, p: number): Map<number, ExactCount> {
  let byTarget = EXACT_COUNTS.get(indicator);
  if (!byTarget) EXACT_COUNTS.set(indicator, (byTarget = new Map()));
  let byP = byTarget.get(target);
  if (!byP) byTarget.set(target, (byP = new Map()));
  let bySize = byP.get(p);
  if (!bySize) byP.set(p, (bySize = new Map()));
  return bySize;
}

/**
 * r_p, the p-quantile of the count (R `qbinom(p, n, θ)` or `qpois(p, θT)`), with F(r_p) and F(r_p − 1): a
 * function of its four numbers only, so it is worked out once per process. The two cdf values are those the
 * quantile's search worked out on its way where it did (the same function of the same numbers), else computed.
 */
function exactCount(indicator: FunnelIndicator, p: number, size: number, target: number): ExactCount {
  let memo = exactCountsOf(indicator, target, p);
  const known = memo.get(size);
  if (known) return known;
  let c: ExactCount;
  const seen = new Map<number, number>();
  if (indicator === 'proportion') {
    const r = binomial.quantile(p, size, target, seen);
    c = { r, fr: seen.get(r) ?? binomial.cdf(r, size, target), fr1: seen.get(r - 1) ?? binomial.cdf(r - 1, size, target) };
  } else {
    const lambda = target * size;
    const r = poisson.quantile(p, lambda, seen);
    c = { r, fr: seen.get(r) ?? poisson.cdf(r, lambda), fr1: seen.get(r - 1) ?? poisson.cdf(r - 1, lambda) };
  }
  if (exactCountsSize >= EXACT_COUNTS_MAX) {
    EXACT_COUNTS.clear();
    exactCountsSize = 0;
    memo = exactCountsOf(indicator, target, p);
  }
  memo.set(size, c);
  exactCountsSize++;
  return c;
}

/** r_p: the p-quantile of the count (R `qbinom(p, n, θ)` or `qpois(p, θT)`). */
function countQuantile(indicator: FunnelIndicator, p: number, size: number, target: number): number {
  return exactCount(indicator, p, size, target).r;
}

/**
 * The paper's interpolated exact limit for probability p (Spiegelhalter 2005, Appendix A.1.1):
 * (r_p − α)/n with r_p the p-quantile of the count and α = (F(r_p) − p)/(F(r_p) − F(r_p − 1)).
 */
function exactLimit(indicator: FunnelIndicator, p: number, size: number, target: number): number {
  const { r, fr, fr1 } = exactCount(indicator, p, size, target);
  const alpha = (fr - p) / (fr - fr1);
  return clampLimit(indicator, (r - alpha) / size);
}

function normalLimit(indicator: FunnelIndicator, p: number, size: number, target: number, phi: number, tau2: number): number {
  return clampLimit(indicator, target + normal.quantile(p) * Math.sqrt((phi * variance(indicator, target)) / size + tau2));
}

/**
 * Control limits at 95% and 99.8% for one unit size, around `target`, without overdispersion (see the
 * module notes for the formulas): `exact` (default) interpolated binomial/Poisson limits or `normal` limits.
 *
 * Matches base R: `r <- qbinom(p, n, θ); a <- (pbinom(r, n, θ) − p) / (pbinom(r, n, θ) − pbinom(r − 1, n, θ)); (r − a) / n`
 * (tests/reference/funnel.R).
 *
 * @example
 * funnelLimits(0.62, 54).inner // { lower: 0.4793031081681…, upper: 0.7381507136664… } (R, funnel.R)
 * funnelLimits(0.62, 54, { method: 'normal' }).outer.upper // 0.62 + qnorm(0.999)·√(0.62·0.38/54) = 0.8241182760047…
 */
export function funnelLimits(target: number, size: number, options: { indicator?: FunnelIndicator; method?: FunnelLimitMethod } = {}): FunnelLimits {
  const indicator = options.indicator ?? 'proportion';
  const method = options.method ?? 'exact';
  checkTarget(indicator, target, 'the target');
  checkSize(indicator, size, method);
  return limitsAt(indicator, method, target, size, 1, 0);
}

function limitsAt(indicator: FunnelIndicator, method: FunnelLimitMethod, target: number, size: number, phi: number, tau2: number): FunnelLimits {
  const f = method === 'exact' && phi === 1 && tau2 === 0 ? (p: number) => exactLimit(indicator, p, size, target) : (p: number) => normalLimit(indicator, p, size, target, phi, tau2);
  return { size, inner: { lower: f(P_INNER[0]), upper: f(P_INNER[1]) }, outer: { lower: f(P_OUTER[0]), upper: f(P_OUTER[1]) } };
}

/** A size's limits and, for exact limits, its upper count quantiles r_p (the exact test above the upper limits). */
interface SizeLimits {
  limits: FunnelLimits;
  rOuter: number;
  rInner: number;
}

/**
 * `bandOnly` (exact limits, no adjustment): only what {@link bandOf} reads — the lower limits and the upper count
 * quantiles; the upper limits are left NaN (above them is judged on the count).
 */
function sizeLimits(indicator: FunnelIndicator, method: FunnelLimitMethod, target: number, size: number, phi: number, tau2: number, bandOnly = false): SizeLimits {
  const exact = method === 'exact';
  const limits: FunnelLimits =
    bandOnly && exact && phi === 1 && tau2 === 0
      ? { size, inner: { lower: exactLimit(indicator, P_INNER[0], size, target), upper: NaN }, outer: { lower: exactLimit(indicator, P_OUTER[0], size, target), upper: NaN } }
      : limitsAt(indicator, method, target, size, phi, tau2);
  return {
    limits,
    rOuter: exact ? countQuantile(indicator, P_OUTER[1], size, target) : NaN,
    rInner: exact ? countQuantile(indicator, P_INNER[1], size, target) : NaN,
  };
}

/**
 * The band and side of a unit with count `numerator` and value y/n against its size's limits (see {@link funnelPlot}).
 * Exact limits: above the upper limit when P(Y ≥ y) < 1 − p, i.e. y > r_p (the count quantile); below the lower
 * limit when P(Y ≤ y) < p, i.e. y/n below the interpolated lower limit (the same thing).
 */
function bandOf(method: FunnelLimitMethod, numerator: number, value: number, at: SizeLimits): [FunnelBand, 'above' | 'below' | null] {
  const { limits } = at;
  const aboveOuter = method === 'exact' ? numerator > at.rOuter : value > limits.outer.upper;
  const aboveInner = method === 'exact' ? numerator > at.rInner : value > limits.inner.upper;
  if (aboveOuter) return ['beyond', 'above'];
  if (value < limits.outer.lower) return ['beyond', 'below'];
  if (aboveInner) return ['between', 'above'];
  if (value < limits.inner.lower) return ['between', 'below'];
  return ['within', null];
}

/** The overdispersion estimates of a funnel plot (always computed; applied as `applied` says). */
export interface FunnelOverdispersionEstimate {
  /** Units used (those with a size > 0). */
  units: number;
  /** Winsorising fraction at each end, and the z-values the z-scores were clamped to. */
  winsorise: number;
  winsorLower: number;
  winsorUpper: number;
  /** φ̂ = mean of the squared Winsorised z-scores. */
  phi: number;
  /** τ̂² (DerSimonian–Laird on the Winsorised φ̂), ≥ 0. */
  tau2: number;
  /** I·φ̂, its degrees of freedom and upper-tail χ² p-value (test of overdispersion). */
  chiSquare: number;
  df: number;
  p: number;
  /** What the limits use: none, φ = max(φ̂, 1), or τ̂². */
  applied: FunnelOverdispersion;
}

/** A funnel plot: target, limits per unit, bands and the overdispersion estimates. */
export class FunnelPlotResult implements StatResult {
  readonly method: string;
  constructor(
    readonly indicator: FunnelIndicator,
    readonly target: number,
    /** `given` (options.target) or `pooled` (Σy / Σn of the units). */
    readonly targetSource: 'given' | 'pooled',
    /** The limits actually drawn: `exact` or `normal` (normal whenever an overdispersion adjustment is applied). */
    readonly limitMethod: FunnelLimitMethod,
    readonly overdispersion: FunnelOverdispersionEstimate,
    readonly units: FunnelUnit[],
  ) {
    const ind = indicator === 'proportion' ? 'binomial' : 'Poisson';
    const lim = limitMethod === 'exact' ? `exact ${ind} limits with the interpolation of Spiegelhalter (2005)` : `normal-approximation limits (Spiegelhalter, 2005)`;
    const od = overdispersion.applied === 'none' ? '' : overdispersion.applied === 'multiplicative' ? ', multiplicative overdispersion φ (Winsorised z-scores)' : ', additive random-effects overdispersion τ² (DerSimonian–Laird, Winsorised z-scores)';
    this.method = `Funnel plot of a ${indicator} against a target: ${lim}${od}`;
  }

  /** Units per band and side. */
  counts(): { units: number; within: number; betweenAbove: number; betweenBelow: number; beyondAbove: number; beyondBelow: number } {
    const c = { units: this.units.length, within: 0, betweenAbove: 0, betweenBelow: 0, beyondAbove: 0, beyondBelow: 0 };
    for (const u of this.units) {
      if (u.band === 'within') c.within++;
      else if (u.band === 'between') u.side === 'above' ? c.betweenAbove++ : c.betweenBelow++;
      else u.side === 'above' ? c.beyondAbove++ : c.beyondBelow++;
    }
    return c;
  }

  /**
   * The limit lines for drawing: limits at each size in `sizes` (default: 60 sizes spread evenly on a log
   * scale from the smallest to the largest unit; whole numbers for exact binomial limits).
   */
  curve(sizes?: number[]): FunnelLimits[] {
    const { phi, tau2 } = this.adjustment();
    const ns = sizes ?? funnelCurveSizes(this.units.map((u) => u.denominator), this.indicator === 'proportion' && this.limitMethod === 'exact');
    return ns.map((n) => limitsAt(this.indicator, this.limitMethod, this.target, n, phi, tau2));
  }

  private adjustment(): { phi: number; tau2: number } {
    const od = this.overdispersion;
    return { phi: od.applied === 'multiplicative' ? Math.max(1, od.phi) : 1, tau2: od.applied === 'additive' ? od.tau2 : 0 };
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      indicator: this.indicator,
      target: this.target,
      targetSource: this.targetSource,
      limitMethod: this.limitMethod,
      levels: { ...FUNNEL_LEVELS },
      overdispersion: { ...this.overdispersion },
      counts: this.counts(),
      units: this.units.map((u) => ({ ...u, limits: { size: u.limits.size, inner: { ...u.limits.inner }, outer: { ...u.limits.outer } } })),
      missing: 'units with size 0 are rejected (an error), not dropped',
    };
  }

  /**
   * APA-style summary: how many units lie beyond each limit (not a ranking), the target and the method.
   * `unit` names the units in the plural ("sites", "locaties"). Dutch with `lang: 'nl'`.
   */
  apa(options: { lang?: 'en' | 'nl'; unit?: string } = {}): string {
    const nl = options.lang === 'nl';
    const unit = options.unit ?? (nl ? 'eenheden' : 'units');
    const c = this.counts();
    const between = c.betweenAbove + c.betweenBelow;
    const beyond = c.beyondAbove + c.beyondBelow;
    const t = this.indicator === 'proportion' ? fmtNoLeadingZero(this.target, 2) : fmt(this.target, 2);
    const dec = (s: string) => (nl ? s.replace(/(\d|^|\s)\.(\d)/g, '$1,$2') : s);
    const od = this.overdispersion;
    const odText = nl
      ? `φ̂ = ${dec(fmt(od.phi, 2))}, χ²(${od.df}) = ${dec(fmt(od.chiSquare, 2))}, ${dec(fmtP(od.p))}`
      : `φ̂ = ${fmt(od.phi, 2)}, χ²(${od.df}) = ${fmt(od.chiSquare, 2)}, ${fmtP(od.p)}`;
    if (nl) {
      return (
        `Van de ${c.units} ${unit} ${between === 1 ? 'ligt' : 'liggen'} er ${between} tussen de 95%- en 99,8%-grenzen (${c.betweenAbove} erboven, ${c.betweenBelow} eronder) ` +
        `en ${beyond} buiten de 99,8%-grenzen (${c.beyondAbove} erboven, ${c.beyondBelow} eronder); doelwaarde ${dec(t)}, ` +
        `${this.limitMethod === 'exact' ? 'exacte' : 'normaal benaderde'} grenzen (Spiegelhalter, 2005); overdispersie ${odText}.`
      );
    }
    return (
      `Of ${c.units} ${unit}, ${between} ${between === 1 ? 'lies' : 'lie'} between the 95% and 99.8% limits (${c.betweenAbove} above, ${c.betweenBelow} below) ` +
      `and ${beyond} beyond the 99.8% limits (${c.beyondAbove} above, ${c.beyondBelow} below); target ${t}, ` +
      `${this.limitMethod === 'exact' ? 'exact' : 'normal-approximation'} limits (Spiegelhalter, 2005); overdispersion ${odText}.`
    );
  }
}

/**
 * Sizes at which to draw limit lines: `count` sizes spread evenly on a log scale between the smallest and
 * the largest size (rounded to whole numbers and deduplicated when `integer`), always including both ends.
 */
export function funnelCurveSizes(sizes: number[], integer: boolean, count = 60): number[] {
  const pos = sizes.filter((n) => n > 0 && Number.isFinite(n));
  if (pos.length === 0) return [];
  let lo = Math.min(...pos);
  const hi = Math.max(...pos);
  if (integer) lo = Math.max(1, Math.floor(lo));
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = hi === lo ? lo : Math.exp(Math.log(lo) + ((Math.log(hi) - Math.log(lo)) * i) / (count - 1));
    out.push(integer ? Math.round(x) : x);
  }
  out[out.length - 1] = integer ? Math.round(hi) : hi;
  return [...new Set(out)].sort((a, b) => a - b);
}

function checkUnits(indicator: FunnelIndicator, units: FunnelUnitInput[]): void {
  if (units.length === 0) throw new StatsError('funnel plot: there are no units to compare.');
  units.forEach((u, i) => {
    const name = u.label ?? `unit ${i + 1}`;
    if (!(u.denominator > 0 && Number.isFinite(u.denominator))) throw new StatsError(`funnel plot: ${name} has size ${u.denominator}; every unit needs a size above 0 (leave out units without cases).`);
    if (!(Number.isInteger(u.numerator) && u.numerator >= 0)) throw new StatsError(`funnel plot: ${name} has numerator ${u.numerator}; it must be a whole number ≥ 0.`);
    if (indicator === 'proportion' && u.numerator > u.denominator) throw new StatsError(`funnel plot: ${name} has numerator ${u.numerator} above its size ${u.denominator}; a proportion cannot exceed 1.`);
  });
}

/**
 * The band and side every unit falls in against the limits around a given target (no overdispersion adjustment),
 * or null when two units fall in different bands or on different sides: what {@link funnelPlot} with the same
 * `target`, `indicator` and `method` says of each unit, compared across the units. For the possible values of one
 * site, e.g. every count a hidden numerator can take (a bar on the plot): it stops at the first unit that differs
 * (the first and the last unit are compared first, where a range usually crosses a limit) and works out each
 * size's limits once. Throws a `StatsError` as funnelPlot does (no units, a size ≤ 0, a numerator that is not a
 * whole number ≥ 0 or above its size, a target outside (0, 1) or ≤ 0).
 *
 * @example
 * funnelCommonBand([{ numerator: 0, denominator: 40 }, { numerator: 4, denominator: 40 }], { target: 0.62 }) // { band: 'beyond', side: 'below' }
 * funnelCommonBand([{ numerator: 20, denominator: 40 }, { numerator: 30, denominator: 40 }], { target: 0.62 }) // { band: 'within', side: null }
 * funnelCommonBand([{ numerator: 20, denominator: 40 }, { numerator: 35, denominator: 40 }], { target: 0.62 }) // null (within, then beyond above)
 */
export function funnelCommonBand(units: FunnelUnitInput[], options: { target: number; indicator?: FunnelIndicator; method?: FunnelLimitMethod }): { band: FunnelBand; side: 'above' | 'below' | null } | null {
  const indicator = options.indicator ?? 'proportion';
  const method = options.method ?? 'exact';
  if (!['proportion', 'rate'].includes(indicator)) throw new StatsError(`funnel plot: indicator must be "proportion" or "rate", got "${indicator}".`);
  if (!['exact', 'normal'].includes(method)) throw new StatsError(`funnel plot: method must be "exact" or "normal", got "${method}".`);
  checkUnits(indicator, units);
  const target = options.target;
  checkTarget(indicator, target, 'the given target');
  for (const u of units) checkSize(indicator, u.denominator, method);
  const bySize = new Map<number, SizeLimits>();
  const bandAt = (u: FunnelUnitInput) => {
    let at = bySize.get(u.denominator);
    if (!at) bySize.set(u.denominator, (at = sizeLimits(indicator, method, target, u.denominator, 1, 0, true)));
    return bandOf(method, u.numerator, u.numerator / u.denominator, at);
  };
  const [band, side] = bandAt(units[0]);
  const same = (u: FunnelUnitInput) => {
    const [b, s] = bandAt(u);
    return b === band && s === side;
  };
  if (!same(units[units.length - 1])) return null;
  for (let i = 1; i < units.length - 1; i++) if (!same(units[i])) return null;
  return { band, side };
}

/**
 * A funnel plot of units (sites) against a target: per unit its value y/n, z-score, control limits at 95% and
 * 99.8% for its size, and the band it falls in (within the 95% limits, between the 95% and 99.8% limits, beyond
 * the 99.8% limits; above or below). Formulas, overdispersion and references in the module notes above.
 *
 * A unit is *between* when its value is outside a 95% limit (strictly) but not outside the 99.8% limit on that
 * side, *beyond* when it is strictly outside a 99.8% limit. With exact limits, "outside" is judged on the count, as
 * an exact one-sided test: above the upper p-limit when y > r_p (P(Y ≥ y) < 1 − p), below the lower p-limit when
 * y < r_p (P(Y ≤ y) < p). Below, this is the same as lying under the interpolated line; above, it differs only for
 * y = r_p, which the interpolated line (r_p − α)/n can pass under: e.g. with θ = .55 and n = 1 the 99.8% upper
 * limit is .998, yet 1 of 1 has probability .55 — drawn just above the line, it is classified *within*. Throws a `StatsError` for no units, a size ≤ 0, a
 * numerator that is negative, not whole, or (for a proportion) above its size, and for a target outside (0, 1)
 * (proportion) or ≤ 0 (rate) — including a pooled target of 0 or 1.
 *
 * Matches base R as written out in tests/reference/funnel.R (`qbinom`/`pbinom` interpolation, `quantile(type = 7)`
 * Winsorisation, `pchisq`).
 *
 * @example
 * const f = funnelPlot([{ label: 'A', numerator: 37, denominator: 38 }, { label: 'B', numerator: 1, denominator: 10 }, { label: 'C', numerator: 15, denominator: 21 }], { target: 0.69 });
 * f.units.map((u) => `${u.band}${u.side ? '-' + u.side : ''}`) // ['beyond-above', 'beyond-below', 'within']
 * f.units[0].z // (37/38 − 0.69) / √(0.69 · 0.31 / 38) = 3.7811…
 */
export function funnelPlot(units: FunnelUnitInput[], options: FunnelOptions = {}): FunnelPlotResult {
  const indicator = options.indicator ?? 'proportion';
  const requested = options.method ?? 'exact';
  const odMode = options.overdispersion ?? 'none';
  const winsorise = options.winsorise ?? 0.1;
  if (!['proportion', 'rate'].includes(indicator)) throw new StatsError(`funnel plot: indicator must be "proportion" or "rate", got "${indicator}".`);
  if (!['exact', 'normal'].includes(requested)) throw new StatsError(`funnel plot: method must be "exact" or "normal", got "${requested}".`);
  if (!['none', 'multiplicative', 'additive'].includes(odMode)) throw new StatsError(`funnel plot: overdispersion must be "none", "multiplicative" or "additive", got "${odMode}".`);
  if (!(winsorise >= 0 && winsorise < 0.5)) throw new StatsError(`funnel plot: the Winsorising fraction must be at least 0 and below 0.5 (got ${winsorise}).`);
  checkUnits(indicator, units);
  const pooled = options.target === undefined;
  const target = pooled ? units.reduce((a, u) => a + u.numerator, 0) / units.reduce((a, u) => a + u.denominator, 0) : options.target!;
  checkTarget(indicator, target, pooled ? 'the pooled value Σy/Σn of the units' : 'the given target');
  for (const u of units) checkSize(indicator, u.denominator, odMode === 'none' ? requested : 'normal');
  const V = variance(indicator, target);
  const s2 = units.map((u) => V / u.denominator);
  const z = units.map((u, i) => (u.numerator / u.denominator - target) / Math.sqrt(s2[i]));
  // overdispersion: Winsorised z-scores → φ̂, τ̂² (DerSimonian–Laird), χ² test
  const I = units.length;
  const sorted = Float64Array.from(z).sort();
  const lz = quantileSorted(sorted, winsorise);
  const uz = quantileSorted(sorted, 1 - winsorise);
  const phi = z.reduce((a, v) => a + Math.min(uz, Math.max(lz, v)) ** 2, 0) / I;
  const w = s2.map((v) => 1 / v);
  const sw = w.reduce((a, b) => a + b, 0);
  const sw2 = w.reduce((a, b) => a + b * b, 0);
  const denom = sw - sw2 / sw;
  const tau2 = I > 1 && denom > 0 ? Math.max(0, (I * phi - (I - 1)) / denom) : 0;
  const df = pooled ? I - 1 : I;
  const od: FunnelOverdispersionEstimate = {
    units: I,
    winsorise,
    winsorLower: lz,
    winsorUpper: uz,
    phi,
    tau2,
    chiSquare: I * phi,
    df,
    p: df > 0 ? chiSquared.sf(I * phi, df) : NaN,
    applied: odMode,
  };
  const phiUsed = odMode === 'multiplicative' ? Math.max(1, phi) : 1;
  const tau2Used = odMode === 'additive' ? tau2 : 0;
  const limitMethod: FunnelLimitMethod = odMode === 'none' ? requested : 'normal';
  // the limits and the upper count quantiles depend on the size alone: worked out once per size
  const bySize = new Map<number, SizeLimits>();
  const out: FunnelUnit[] = units.map((u, i) => {
    const value = u.numerator / u.denominator;
    let at = bySize.get(u.denominator);
    if (!at) bySize.set(u.denominator, (at = sizeLimits(indicator, limitMethod, target, u.denominator, phiUsed, tau2Used)));
    const l = at.limits;
    const limits: FunnelLimits = { size: l.size, inner: { ...l.inner }, outer: { ...l.outer } };
    const [band, side] = bandOf(limitMethod, u.numerator, value, at);
    const zAdjusted = (value - target) / Math.sqrt(phiUsed * s2[i] + tau2Used);
    return { label: u.label ?? `unit ${i + 1}`, numerator: u.numerator, denominator: u.denominator, value, z: z[i], zAdjusted, limits, band, side };
  });
  return new FunnelPlotResult(indicator, target, pooled ? 'pooled' : 'given', limitMethod, od, out);
}
