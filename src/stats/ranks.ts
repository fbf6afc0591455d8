/**
 * Ranking with ties (average ranks, as R `rank(ties.method = "average")`), and the tie
 * correction term Σ(t³ − t) used by rank tests.
 */
import type { Numbers } from './moments.js';

export interface RankResult {
  /** 1-based average ranks, in input order. */
  ranks: Float64Array;
  /** Sizes of tie groups with more than one member. */
  ties: number[];
  /** Σ (t³ − t) over tie groups. */
  tieCorrection: number;
}

/**
 * Ranks 1…n with tied values given the mean of the ranks they occupy (R `rank(x, ties.method = "average")`),
 * plus the tie sizes t and Σ(t³ − t), the tie correction of the Wilcoxon and Mann–Whitney variances
 * (Hollander, Wolfe & Chicken, 2014, ch. 3–4). O(n log n). Values must be finite (remove missing first).
 *
 * @example
 * rank([10, 20, 20, 30]) // { ranks: Float64Array [1, 2.5, 2.5, 4], ties: [2], tieCorrection: 6 }
 */
export function rank(x: Numbers): RankResult {
  const n = x.length;
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(n);
  const ties: number[] = [];
  let tieCorrection = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[idx[k]] = r;
    const t = j - i + 1;
    if (t > 1) {
      ties.push(t);
      tieCorrection += t * t * t - t;
    }
    i = j + 1;
  }
  return { ranks, ties, tieCorrection };
}
