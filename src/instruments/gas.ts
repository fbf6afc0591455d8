/**
 * Goal Attainment Scaling (Kiresuk & Sherman, 1968): the summary T-score of a family's goals.
 */
import { StatsError } from '../stats/result.js';

/** Result of `gasTScore`. */
export interface GasTScore {
  /** The Kiresuk–Sherman T-score, or null when it cannot be computed (see `reason`). */
  tScore: number | null;
  /** Number of goals that were scored (finite values); unscored goals are not goals. */
  goalsScored: number;
  /** Σwᵢ over the scored goals (equals `goalsScored` when unweighted). */
  sumWeights: number;
  /** Whether any scored goal carried an explicit weight. */
  weighted: boolean;
  /** Assumed inter-goal correlation ρ used. */
  rho: number;
  /** Why `tScore` is null. */
  reason?: string;
}

type Values = ArrayLike<number | null | undefined>;

/**
 * Kiresuk–Sherman GAS T-score of one family's goals:
 *
 *   T = 50 + 10 · Σ wᵢxᵢ / √( (1 − ρ) Σ wᵢ² + ρ (Σ wᵢ)² )
 *
 * over the goals that were scored, where xᵢ ∈ {−2, …, +2} is the attainment level of goal i
 * (0 = expected level), wᵢ > 0 its weight (default 1) and ρ the assumed correlation between goal
 * scores (Kiresuk & Sherman, 1968, who suggest ρ = .3). T = 50 when every goal is attained at the
 * expected level; with ρ = .3 and equal weights T has mean 50 and SD 10 if goal scores do.
 *
 * Unscored goals (null, undefined, NaN) are not goals: they are left out, never prorated. A missing
 * weight for a scored goal means weight 1. Closed form, so no reference implementation beyond the
 * formula; the tests check hand-computed values (one goal at +2 → 70; goals [2, 1, 1], ρ = .3 →
 * 50 + 40/√4.8 = 68.2574…; ρ = 0 and ρ = 1 limits; a weighted case).
 *
 * @param goals attainment levels, one per goal slot
 * @param weights optional weights, parallel to `goals`
 * @param rho assumed inter-goal correlation, 0 ≤ ρ ≤ 1 (default 0.3)
 * @returns the T-score, or `tScore: null` with a reason when no goal was scored or a scored goal
 *   has a weight that is not a positive finite number
 * @throws StatsError when ρ is outside [0, 1] or `weights` and `goals` differ in length
 * @example
 * ```ts
 * gasTScore([2, 1, 1]).tScore;            // 68.25741858350554  (50 + 40 / √4.8)
 * gasTScore([2, null, -1], [3, 1, 1]).tScore; // 50 + 10·5/√(.7·10 + .3·16) = 64.5556…
 * gasTScore([null, null]).reason;         // 'no goal scored'
 * ```
 */
export function gasTScore(goals: Values, weights?: Values, rho = 0.3): GasTScore {
  if (!(Number.isFinite(rho) && rho >= 0 && rho <= 1)) {
    throw new StatsError(`GAS T-score: rho (the assumed correlation between goals) must be between 0 and 1; got ${rho}.`);
  }
  if (weights !== undefined && weights.length !== goals.length) {
    throw new StatsError(`GAS T-score: ${goals.length} goals but ${weights.length} weights; give one weight per goal (null for weight 1).`);
  }
  let n = 0;
  let sw = 0;
  let sw2 = 0;
  let swx = 0;
  let weighted = false;
  for (let i = 0; i < goals.length; i++) {
    const x = goals[i];
    if (typeof x !== 'number' || Number.isNaN(x)) continue;
    if (!Number.isFinite(x)) {
      return { tScore: null, goalsScored: n, sumWeights: sw, weighted, rho, reason: `goal ${i + 1} has attainment ${x}, which is not a finite number` };
    }
    let w = 1;
    const wi = weights?.[i];
    if (typeof wi === 'number' && !Number.isNaN(wi)) {
      if (!(wi > 0) || !Number.isFinite(wi)) {
        return { tScore: null, goalsScored: n, sumWeights: sw, weighted: true, rho, reason: `goal ${i + 1} has weight ${wi}; weights must be positive numbers` };
      }
      w = wi;
      weighted = true;
    }
    n++;
    sw += w;
    sw2 += w * w;
    swx += w * x;
  }
  if (n === 0) return { tScore: null, goalsScored: 0, sumWeights: 0, weighted, rho, reason: 'no goal scored' };
  const t = 50 + (10 * swx) / Math.sqrt((1 - rho) * sw2 + rho * sw * sw);
  return { tScore: t, goalsScored: n, sumWeights: sw, weighted, rho };
}
