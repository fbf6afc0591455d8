/**
 * Point-biserial correlation between a numeric outcome and group membership.
 */
import { fisherZInterval } from '../correlation.js';
import { correlation } from '../moments.js';
import { StatsError, finiteValues, type NumericInput } from '../result.js';
import { EffectSizeResult, checkEffectSizeLevel } from './result.js';

/**
 * Point-biserial correlation: Pearson's r between the pooled values and a 0/1 indicator that is 1 for x and
 * 0 for y, so r_pb > 0 when x has the larger mean (Tate, 1954). Equivalently r_pb = (M₁ − M₂)/s_n·√(n₁n₂)/n with s_n the
 * population SD of all values.
 * CI: Fisher (1921) z, tanh(atanh(r) ± z(1−α/2)/√(n − 3)), exactly as R `cor.test(values, indicator)$conf.int`
 * (checked in the fixtures); needs n ≥ 4 (otherwise the CI is NaN with a note). Missing values are dropped per group.
 * Throws a StatsError when all values are equal or a group is empty.
 *
 * @example pointBiserial([5, 6, 7, 8, 9], [3, 4, 5, 6, 7]).estimate // 0.57735 (R: cor.test gives 0.5773503)
 */
export function pointBiserial(x: NumericInput, y: NumericInput, options: { level?: number } = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'pointBiserial');
  const a = finiteValues(x);
  const b = finiteValues(y);
  const n1 = a.values.length;
  const n2 = b.values.length;
  if (n1 < 1 || n2 < 1) throw new StatsError(`pointBiserial needs at least one value in each group (got n1 = ${n1}, n2 = ${n2}).`);
  const n = n1 + n2;
  const v = new Float64Array(n);
  v.set(a.values, 0);
  v.set(b.values, n1);
  const g = new Float64Array(n);
  g.fill(1, 0, n1);
  const r = correlation(v, g);
  if (Number.isNaN(r)) throw new StatsError('pointBiserial is undefined: all values are equal (zero variance).');
  const notes: string[] = [];
  const ci = fisherZInterval(r, n, level);
  if (n < 4) notes.push('The Fisher-z CI needs n ≥ 4.');
  return new EffectSizeResult({
    method: 'Point-biserial correlation',
    measure: 'r_pb',
    symbol: 'r_pb',
    estimate: r,
    ci: { lower: ci.lower, upper: ci.upper, level, method: 'Fisher z transformation, SE = 1/√(n − 3)' },
    n: { n1, n2 },
    missing: a.missing + b.missing,
    missingHandling: 'listwise',
    details: { n },
    bounded: true,
    notes,
  });
}
