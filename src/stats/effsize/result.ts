/**
 * The result type shared by every effect size: it names the measure and its method, the CI
 * and how it was obtained, the n's and the missing-data handling, and formats itself (APA 7).
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { fmt, fmtCI, fmtNoLeadingZero } from '../apa.js';
import { StatsError, type ConfidenceInterval, type MissingHandling, type StatResult } from '../result.js';

/** Machine-readable name of the effect size measure. */
export type EffectSizeMeasure =
  | 'cohens_d'
  | 'hedges_g'
  | 'glass_delta'
  | 'd_z'
  | 'd_rm'
  | 'd_av'
  | 'd_av_rms'
  | 'd_b'
  | 'd_ppc2'
  | 'r_pb'
  | 'r_rb'
  | 'cles_mcgraw_wong'
  | 'p_superiority'
  | 'odds_ratio'
  | 'risk_difference'
  | 'd_one_sample'
  | 'partial_eta_squared'
  | 'partial_omega_squared'
  | 'partial_epsilon_squared'
  | 'omega_squared'
  | 'epsilon_squared'
  | 'rank_epsilon_squared'
  | 'kendalls_w'
  | 'cramers_v'
  | 'phi'
  | 'cohens_w'
  | 'cohens_h'
  | 'risk_ratio'
  | 'nnt'
  | 'cohens_u3'
  | 'overlap';

export interface EffectSizeInit {
  method: string;
  measure: EffectSizeMeasure;
  /** Symbol used in the APA line, e.g. "d", "g", "Δ", "d_z", "OR". */
  symbol: string;
  estimate: number;
  ci: ConfidenceInterval | null;
  /** Sample sizes used, e.g. `{ n1: 20, n2: 22 }` or `{ pairs: 30 }`. */
  n: Record<string, number>;
  /** Values / pairs dropped as missing. */
  missing: number;
  missingHandling: MissingHandling;
  /** Further numbers of the computation (df, t, J, SDs, r, variance, …). */
  details?: Record<string, number | string | boolean>;
  /** Bounded by ±1 (r, probabilities): formatted without a leading zero. */
  bounded?: boolean;
  notes?: string[];
}

/** A standardized (or otherwise scale-free) effect size with its confidence interval. */
export class EffectSizeResult implements StatResult {
  readonly method: string;
  readonly measure: EffectSizeMeasure;
  readonly symbol: string;
  readonly estimate: number;
  readonly ci: ConfidenceInterval | null;
  readonly n: Record<string, number>;
  readonly missing: number;
  readonly missingHandling: MissingHandling;
  readonly details: Record<string, number | string | boolean>;
  readonly bounded: boolean;
  readonly notes: string[];

  constructor(init: EffectSizeInit) {
    this.method = init.method;
    this.measure = init.measure;
    this.symbol = init.symbol;
    this.estimate = init.estimate;
    this.ci = init.ci;
    this.n = init.n;
    this.missing = init.missing;
    this.missingHandling = init.missingHandling;
    this.details = init.details ?? {};
    this.bounded = init.bounded ?? false;
    this.notes = init.notes ?? [];
  }

  /** How the CI was obtained, or "none". */
  get ciMethod(): string {
    return this.ci ? this.ci.method : 'none';
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      measure: this.measure,
      estimate: this.estimate,
      ciLower: this.ci ? this.ci.lower : null,
      ciUpper: this.ci ? this.ci.upper : null,
      ciLevel: this.ci ? this.ci.level : null,
      ciMethod: this.ciMethod,
      n: { ...this.n },
      missing: this.missing,
      missingHandling: this.missingHandling,
      ...this.details,
      notes: [...this.notes],
    };
  }

  /** "d = 0.48, 95% CI [0.09, 0.87]"; r-type measures without the leading zero ("r_rb = .32, …"). */
  apa(digits = 2): string {
    const f = this.bounded ? (v: number): string => fmtNoLeadingZero(v, digits) : (v: number): string => fmt(v, digits);
    const head = `${this.symbol} = ${f(this.estimate)}`;
    if (!this.ci || Number.isNaN(this.ci.lower)) return head;
    return `${head}, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level, digits, this.bounded)}`;
  }
}

/**
 * Exact small-sample bias correction of Hedges (1981): J(df) = Γ(df/2) / (√(df/2) · Γ((df − 1)/2)),
 * computed with log-gamma (R effectsize `.J`, metafor `.cmicalc`). J(df) < 1 and → 1 as df → ∞.
 *
 * @example hedgesJ(18) // 0.95764642702372 (R: exp(lgamma(9) - log(sqrt(9)) - lgamma(8.5)))
 */
export function hedgesJ(df: number): number {
  if (!(df > 1)) throw new StatsError(`hedgesJ: the bias correction needs df > 1 (got ${df}).`);
  return Math.exp(gammaln(df / 2) - 0.5 * Math.log(df / 2) - gammaln((df - 1) / 2));
}

/** Internal: throws a StatsError unless 0 < level < 1 (shared by every effect size). */
export function checkEffectSizeLevel(level: number, what: string): void {
  if (!(level > 0 && level < 1)) throw new StatsError(`${what}: level must be between 0 and 1, e.g. 0.95 (got ${level}).`);
}
