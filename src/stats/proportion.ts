/**
 * Confidence intervals for a single binomial proportion: Wilson score and Clopper–Pearson.
 *
 * Used by the clinical-significance and reliable-change summaries ("12 of 30 families
 * recovered, 40.0%, 95% CI [24.6, 57.7]") and usable on its own.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { fmtCI, fmtLevel, fmtNoLeadingZero } from './apa.js';
import { normal } from './distributions.js';
import { type ConfidenceInterval, type StatResult, StatsError } from './result.js';

/** Interval method for a proportion. */
export type ProportionCIMethod = 'wilson' | 'clopper-pearson';

export interface ProportionOptions {
  /** Confidence level, default 0.95. */
  level?: number;
  /** `'wilson'` (default) or `'clopper-pearson'` (exact). */
  method?: ProportionCIMethod;
}

const CI_METHOD_NAMES: Record<ProportionCIMethod, string> = {
  wilson: 'Wilson score interval without continuity correction (Wilson, 1927)',
  'clopper-pearson': 'Clopper–Pearson exact interval (Clopper & Pearson, 1934)',
};

/** A proportion with its confidence interval. */
export class ProportionResult implements StatResult {
  readonly method: string;
  /** Number of "successes" (e.g. families that recovered). */
  readonly successes: number;
  /** Number of trials (denominator). */
  readonly n: number;
  /** successes / n; NaN when n = 0 (see `reason`). */
  readonly estimate: number;
  readonly ci: ConfidenceInterval;
  /** Why the estimate or interval is NaN, when it is. */
  readonly reason?: string;

  constructor(init: { successes: number; n: number; estimate: number; ci: ConfidenceInterval; reason?: string }) {
    this.method = 'Binomial proportion';
    this.successes = init.successes;
    this.n = init.n;
    this.estimate = init.estimate;
    this.ci = init.ci;
    if (init.reason !== undefined) this.reason = init.reason;
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      successes: this.successes,
      n: this.n,
      estimate: this.estimate,
      ci: { ...this.ci },
      missing: 'none',
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
    };
  }

  /** e.g. "12/30 = .40, 95% CI [.25, .58]" (Wilson). */
  apa(): string {
    if (this.n === 0) return `0/0: proportion undefined (${this.reason ?? 'no cases'})`;
    return (
      `${this.successes}/${this.n} = ${fmtNoLeadingZero(this.estimate, 2)}, ` +
      fmtCI(this.ci.lower, this.ci.upper, this.ci.level, 2, true)
    );
  }
}

function checkCounts(successes: number, n: number, level: number): void {
  if (!Number.isInteger(n) || n < 0) throw new StatsError(`proportion: n must be a non-negative integer (got ${n}).`);
  if (!Number.isInteger(successes) || successes < 0 || successes > n) {
    throw new StatsError(`proportion: the number of successes must be an integer between 0 and n = ${n} (got ${successes}).`);
  }
  if (!(level > 0 && level < 1)) throw new StatsError(`proportion: the confidence level must lie strictly between 0 and 1 (got ${level}).`);
}

/**
 * Wilson score interval for a binomial proportion.
 *
 * With p̂ = x/n and z = Φ⁻¹(1 − (1 − level)/2):
 *
 *   centre = (p̂ + z²/(2n)) / (1 + z²/n),
 *   half-width = z·√(p̂(1 − p̂)/n + z²/(4n²)) / (1 + z²/n).
 *
 * Reference: Wilson (1927); recommended by Brown, Cai & DasGupta (2001) and Newcombe (1998).
 * Checked against R `prop.test(x, n, correct = FALSE)$conf.int` (tests/reference/proportion.R);
 * unlike R, 0/0 does not error but gives NaN with a reason, so a summary table can list an empty
 * group. The interval is clamped to [0, 1] (it never leaves it mathematically; the clamp only
 * removes rounding noise at x = 0 or x = n).
 *
 * @example
 * wilsonInterval(12, 30).ci // { lower: 0.2459..., upper: 0.5768..., level: 0.95, ... }
 * wilsonInterval(12, 30).apa() // "12/30 = .40, 95% CI [.25, .58]"
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): ProportionResult {
  checkCounts(successes, n, level);
  const ciMethod = CI_METHOD_NAMES.wilson;
  if (n === 0) {
    return new ProportionResult({
      successes,
      n,
      estimate: NaN,
      ci: { lower: NaN, upper: NaN, level, method: ciMethod },
      reason: 'no cases: a proportion of 0/0 is undefined',
    });
  }
  const z = normal.quantile(1 - (1 - level) / 2);
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return new ProportionResult({
    successes,
    n,
    estimate: p,
    ci: {
      lower: successes === 0 ? 0 : Math.max(0, centre - half),
      upper: successes === n ? 1 : Math.min(1, centre + half),
      level,
      method: ciMethod,
    },
  });
}

/**
 * Clopper–Pearson ("exact") interval for a binomial proportion.
 *
 *   lower = B⁻¹(α/2; x, n − x + 1) (0 when x = 0),  upper = B⁻¹(1 − α/2; x + 1, n − x) (1 when x = n),
 *
 * with B⁻¹ the beta quantile and α = 1 − level. Reference: Clopper & Pearson (1934).
 * Checked against R `binom.test(x, n)$conf.int`. 0/0 gives NaN with a reason.
 *
 * @example
 * clopperPearsonInterval(12, 30).ci // { lower: 0.2265..., upper: 0.5940..., ... }
 */
export function clopperPearsonInterval(successes: number, n: number, level = 0.95): ProportionResult {
  checkCounts(successes, n, level);
  const ciMethod = CI_METHOD_NAMES['clopper-pearson'];
  if (n === 0) {
    return new ProportionResult({
      successes,
      n,
      estimate: NaN,
      ci: { lower: NaN, upper: NaN, level, method: ciMethod },
      reason: 'no cases: a proportion of 0/0 is undefined',
    });
  }
  const a = 1 - level;
  const lower = successes === 0 ? 0 : betaQuantile(a / 2, successes, n - successes + 1);
  const upper = successes === n ? 1 : betaQuantile(1 - a / 2, successes + 1, n - successes);
  return new ProportionResult({ successes, n, estimate: successes / n, ci: { lower, upper, level, method: ciMethod } });
}

/**
 * A proportion with the chosen interval (`method: 'wilson'` by default, or `'clopper-pearson'`).
 * See {@link wilsonInterval} and {@link clopperPearsonInterval}.
 *
 * @example
 * proportionCI(0, 0).reason // "no cases: a proportion of 0/0 is undefined"
 */
export function proportionCI(successes: number, n: number, options: ProportionOptions = {}): ProportionResult {
  const level = options.level ?? 0.95;
  const method = options.method ?? 'wilson';
  return method === 'wilson' ? wilsonInterval(successes, n, level) : clopperPearsonInterval(successes, n, level);
}

/**
 * Formats a percentage with its CI for summaries; "n/a (no cases)" for 0/0.
 *
 * @example
 * fmtPercentWithCI(wilsonInterval(12, 30)) // "40.0%, 95% CI [24.6, 57.7]"
 */
export function fmtPercentWithCI(p: ProportionResult, digits = 1): string {
  if (Number.isNaN(p.estimate)) return 'n/a (no cases)';
  const f = (x: number) => (x * 100).toFixed(digits);
  return `${f(p.estimate)}%, ${fmtLevel(p.ci.level)} CI [${f(p.ci.lower)}, ${f(p.ci.upper)}]`;
}
