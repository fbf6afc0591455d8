/**
 * Basic moments over typed or plain arrays of finite numbers (callers remove missing values first,
 * e.g. with `finiteValues`). Two-pass algorithms for numerical stability.
 */
import { StatsError } from './result.js';

export type Numbers = ArrayLike<number>;

export function sum(x: Numbers): number {
  // Neumaier compensated summation
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
    else c += v - t + s;
    s = t;
  }
  return s + c;
}

/** Arithmetic mean; NaN for an empty array. */
export function mean(x: Numbers): number {
  if (x.length === 0) return NaN;
  return sum(x) / x.length;
}

/** Sample variance with denominator n − 1 (two-pass); NaN when n < 2. */
export function variance(x: Numbers, m = mean(x)): number {
  const n = x.length;
  if (n < 2) return NaN;
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    ss += d * d;
    comp += d;
  }
  return (ss - (comp * comp) / n) / (n - 1);
}

/** Sample standard deviation (n − 1); NaN when n < 2. */
export function sd(x: Numbers, m = mean(x)): number {
  return Math.sqrt(variance(x, m));
}

/** Pearson correlation of two equal-length arrays; NaN when either has zero variance. */
export function correlation(x: Numbers, y: Numbers): number {
  if (x.length !== y.length) throw new StatsError(`correlation: arrays differ in length (${x.length} vs ${y.length}).`);
  const n = x.length;
  if (n < 2) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return NaN;
  return sxy / Math.sqrt(sxx * syy);
}

/** Linear-interpolation quantile, R type 7 (R's default `quantile`). `sorted` must be ascending. */
export function quantileSorted(sorted: Numbers, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (p <= 0) return sorted[0];
  if (p >= 1) return sorted[n - 1];
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Ascending sorted copy as Float64Array. */
export function sortedCopy(x: Numbers): Float64Array {
  const out = Float64Array.from(x as ArrayLike<number>);
  out.sort();
  return out;
}
