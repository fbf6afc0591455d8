/**
 * The latent-trait model behind the synthetic items: correlated person traits, a wave effect,
 * occasion noise, and item responses y = centre + shift + δᵢ + λ·θ + ε (ε ~ N(0, σ)), rounded and
 * clipped to the item's range; reverse-keyed items are written as (min + max − y).
 */
import type { Rng } from '../stats/random.js';
import { SampleDesignError, type SampleConstruct, SAMPLE_CONSTRUCTS } from './types.js';

/**
 * Correlations between the person traits, in the order of `SAMPLE_CONSTRUCTS`
 * (parentStress, depression, childProblems, competence, hassles). Illustrative values in the
 * range reported for parenting stress, maternal depression, child problems and competence.
 */
export const SAMPLE_TRAIT_CORRELATIONS: readonly (readonly number[])[] = [
  [1, 0.7, 0.5, -0.5, 0.5],
  [0.7, 1, 0.35, -0.45, 0.4],
  [0.5, 0.35, 1, -0.35, 0.45],
  [-0.5, -0.45, -0.35, 1, -0.35],
  [0.5, 0.4, 0.45, -0.35, 1],
];

/** Lower-triangular Cholesky factor L with L·Lᵀ = m; throws when m is not positive definite. */
export function sampleCholesky(m: readonly (readonly number[])[]): number[][] {
  const n = m.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) throw new SampleDesignError('The trait correlation matrix is not positive definite.');
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  return l;
}

const CHOL = sampleCholesky(SAMPLE_TRAIT_CORRELATIONS);

/** One draw of the five correlated standard-normal traits (SD `sd`). */
export function sampleDrawTraits(rng: Rng, sd = 1): Record<SampleConstruct, number> {
  const z = SAMPLE_CONSTRUCTS.map(() => rng.normal());
  const out = {} as Record<SampleConstruct, number>;
  SAMPLE_CONSTRUCTS.forEach((c, i) => {
    let s = 0;
    for (let k = 0; k <= i; k++) s += CHOL[i][k] * z[k];
    out[c] = sd * s;
  });
  return out;
}

/** Parameters of one item in response units. */
export interface SampleLatentItem {
  min: number;
  max: number;
  reverse: boolean;
  construct: SampleConstruct;
  /** Expected response of a person at latent 0, before reverse keying. */
  intercept: number;
  /** Response units per latent SD. */
  loading: number;
  /** SD of the item-level noise ε. */
  noise: number;
}

/** Rounds half away from zero (deterministic on every platform) and clips to [min, max]. */
export function sampleRoundClip(y: number, min: number, max: number): number {
  const r = y >= 0 ? Math.floor(y + 0.5) : -Math.floor(-y + 0.5);
  return r < min ? min : r > max ? max : r + 0; // + 0 turns −0 into 0
}

/** Draws one item response for latent score `theta` (in the construct's own direction). */
export function sampleDrawItemResponse(rng: Rng, item: SampleLatentItem, theta: number): number {
  const y = item.intercept + item.loading * theta + rng.normal(0, item.noise);
  const x = sampleRoundClip(y, item.min, item.max);
  return item.reverse ? item.min + item.max - x : x;
}
