/**
 * Effect sizes for 2×2 tables: odds ratio (sample OR with Woolf CI, or the conditional MLE with exact CI as
 * R fisher.test) and risk difference (Wald or Newcombe hybrid score CI).
 *
 * Table layout everywhere: `[[a, b], [c, d]]`, rows = groups (row 1 = treatment / exposed), columns = outcome
 * (column 1 = event). OR = (a/b)/(c/d) = ad/(bc); RD = a/(a+b) − c/(c+d).
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { normal } from '../distributions.js';
import { StatsError } from '../result.js';
import { brentRoot } from '../roots.js';
import { EffectSizeResult, checkEffectSizeLevel } from './result.js';

export type EffectSizeTable2x2 = readonly [readonly [number, number], readonly [number, number]];

function checkTable(t: EffectSizeTable2x2, what: string): [number, number, number, number] {
  if (!Array.isArray(t) || t.length !== 2 || !Array.isArray(t[0]) || !Array.isArray(t[1]) || t[0].length !== 2 || t[1].length !== 2) {
    throw new StatsError(`${what}: give a 2×2 table as [[a, b], [c, d]] (rows = groups, columns = event / no event).`);
  }
  const cells = [t[0][0], t[0][1], t[1][0], t[1][1]] as [number, number, number, number];
  for (const v of cells) {
    if (!(Number.isInteger(v) && v >= 0)) throw new StatsError(`${what}: cells must be non-negative whole counts (got ${v}).`);
  }
  const [a, b, c, d] = cells;
  if (a + b === 0 || c + d === 0 || a + c === 0 || b + d === 0) {
    throw new StatsError(`${what}: the table has an empty row or column, so the effect is undefined.`);
  }
  return cells;
}

export interface OddsRatioOptions {
  level?: number;
  /**
   * `woolf` (default): sample OR ad/(bc) with the Woolf (1955) log-scale CI exp(ln OR ± z·√(1/a+1/b+1/c+1/d)),
   * as R `effectsize::oddsratio`. `conditional-mle`: the conditional maximum-likelihood estimate and exact
   * conditional CI of R `fisher.test` (noncentral hypergeometric; Fisher 1935, Agresti 2002 §3.5.1).
   */
  method?: 'woolf' | 'conditional-mle';
  /** For `woolf` with a zero cell: add 0.5 to every cell (Haldane–Anscombe). Default false: a zero cell throws. */
  haldaneCorrection?: boolean;
}

function lchoose(n: number, k: number): number {
  return gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);
}

/**
 * Root of an increasing function on the log-odds scale: bracket by doubling from [−1, 1] (at most 12
 * times), then Brent's method ({@link brentRoot}, R `uniroot` rules) to 1e-14; returns ±Infinity when
 * the root lies beyond the bracket (a zero margin).
 */
function solveLogScale(f: (lp: number) => number): number {
  let lo = -1;
  let hi = 1;
  for (let i = 0; i < 12 && f(lo) > 0; i++) lo *= 2;
  for (let i = 0; i < 12 && f(hi) < 0; i++) hi *= 2;
  const flo = f(lo);
  const fhi = f(hi);
  if (flo > 0) return -Infinity;
  if (fhi < 0) return Infinity;
  return brentRoot(f, lo, hi, { fLower: flo, fUpper: fhi, tol: 1e-14 * Math.max(1, Math.abs(lo), Math.abs(hi)), what: 'conditional odds ratio' });
}

function conditionalOR(a: number, b: number, c: number, d: number, level: number) {
  const m = a + c; // column 1 total
  const n = b + d; // column 2 total
  const k = a + b; // row 1 total
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const support: number[] = [];
  const logw: number[] = [];
  for (let x = lo; x <= hi; x++) {
    support.push(x);
    logw.push(lchoose(m, x) + lchoose(n, k - x));
  }
  const dens = (lp: number): number[] => {
    const e = logw.map((w, i) => w + support[i] * lp);
    const mx = Math.max(...e);
    const p = e.map((v) => Math.exp(v - mx));
    const s = p.reduce((u, v) => u + v, 0);
    return p.map((v) => v / s);
  };
  const meanAt = (lp: number): number => dens(lp).reduce((s, p, i) => s + p * support[i], 0);
  const upperTail = (lp: number): number => dens(lp).reduce((s, p, i) => (support[i] >= a ? s + p : s), 0);
  const lowerTail = (lp: number): number => dens(lp).reduce((s, p, i) => (support[i] <= a ? s + p : s), 0);
  const alpha = (1 - level) / 2;
  const est = a === lo ? 0 : a === hi ? Infinity : Math.exp(solveLogScale((lp) => meanAt(lp) - a));
  const lower = a === lo ? 0 : Math.exp(solveLogScale((lp) => upperTail(lp) - alpha));
  const upper = a === hi ? Infinity : Math.exp(solveLogScale((lp) => alpha - lowerTail(lp)));
  return { est, lower, upper };
}

/**
 * Odds ratio of a 2×2 table `[[a, b], [c, d]]` (see the module note for the layout).
 *
 * - `woolf` (default): OR = ad/(bc); CI exp(ln OR ± z(1−α/2)·√(1/a + 1/b + 1/c + 1/d)) (Woolf, 1955).
 *   Checked against R `effectsize::oddsratio(table)` (1e-10). A zero cell throws unless `haldaneCorrection`.
 * - `conditional-mle`: the ψ that makes the observed a the mean of the noncentral hypergeometric distribution
 *   given the margins, with the exact conditional CI (limits where P(X ≥ a) or P(X ≤ a) equals α/2), found by
 *   bisection on ln ψ to 1e-14. This is what R `fisher.test()` reports; fisher.test itself solves with
 *   `uniroot`'s default tolerance (~1e-4), so the fixtures hold a tight-tolerance solution as well.
 *
 * @example
 * oddsRatio([[12, 8], [5, 15]]).estimate // 4.5 (effectsize::oddsratio)
 * oddsRatio([[12, 8], [5, 15]], { method: 'conditional-mle' }).estimate // 4.3196 (fisher.test: 4.319)
 */
export function oddsRatio(table: EffectSizeTable2x2, options: OddsRatioOptions = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'oddsRatio');
  const method = options.method ?? 'woolf';
  let [a, b, c, d] = checkTable(table, 'oddsRatio');
  const n = { a, b, c, d };
  if (method === 'conditional-mle') {
    const r = conditionalOR(a, b, c, d, level);
    return new EffectSizeResult({
      method: 'Odds ratio, conditional maximum-likelihood estimate (as fisher.test)',
      measure: 'odds_ratio',
      symbol: 'OR',
      estimate: r.est,
      ci: { lower: r.lower, upper: r.upper, level, method: 'exact conditional (noncentral hypergeometric), as fisher.test' },
      n: { ...n, total: a + b + c + d },
      missing: 0,
      missingHandling: 'none',
      details: { sampleOddsRatio: (a * d) / (b * c) },
    });
  }
  if (method !== 'woolf') throw new StatsError(`oddsRatio: unknown method "${String(method)}" (use woolf or conditional-mle).`);
  const notes: string[] = [];
  if (a * b * c * d === 0) {
    if (!options.haldaneCorrection) {
      throw new StatsError('oddsRatio: a cell is 0, so the sample odds ratio or its Woolf CI is infinite; use haldaneCorrection: true or method "conditional-mle".');
    }
    a += 0.5;
    b += 0.5;
    c += 0.5;
    d += 0.5;
    notes.push('0.5 was added to every cell (Haldane–Anscombe correction) because of a zero cell.');
  }
  const or = (a * d) / (b * c);
  const se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
  const z = normal.quantile(1 - (1 - level) / 2, 0, 1);
  return new EffectSizeResult({
    method: 'Odds ratio (sample, ad/bc)',
    measure: 'odds_ratio',
    symbol: 'OR',
    estimate: or,
    ci: { lower: Math.exp(Math.log(or) - z * se), upper: Math.exp(Math.log(or) + z * se), level, method: 'Woolf (1955) log odds ratio, normal approximation' },
    n: { ...n, total: n.a + n.b + n.c + n.d },
    missing: 0,
    missingHandling: 'none',
    details: { logOR: Math.log(or), seLogOR: se },
    notes,
  });
}

function wilson(x: number, n: number, z: number): [number, number] {
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface RiskDifferenceOptions {
  level?: number;
  /** `newcombe` (default): hybrid score CI (Newcombe 1998, method 10); `wald`: p₁ − p₂ ± z·√(p₁q₁/n₁ + p₂q₂/n₂). */
  method?: 'newcombe' | 'wald';
}

/**
 * Risk difference p₁ − p₂ with p₁ = a/(a+b), p₂ = c/(c+d) for the table `[[a, b], [c, d]]`.
 *
 * - `newcombe` (default): hybrid score interval (Newcombe, 1998, method 10) from the Wilson score limits (l_i, u_i)
 *   of each proportion: [RD − √((p₁−l₁)² + (u₂−p₂)²), RD + √((u₁−p₁)² + (p₂−l₂)²)]. Good coverage even for small n
 *   and proportions near 0 or 1. Checked against the formula in R with the Wilson limits from
 *   `prop.test(x, n, correct = FALSE)$conf.int`.
 * - `wald`: RD ± z·√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂), as R `prop.test(c(a, c), c(a+b, c+d), correct = FALSE)$conf.int`.
 *   Poor coverage for small samples; degenerate (zero width) when both proportions are 0 or 1.
 *
 * @example riskDifference([[12, 8], [5, 15]]).apa() // "RD = .35, 95% CI [.04, .58]"
 */
export function riskDifference(table: EffectSizeTable2x2, options: RiskDifferenceOptions = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'riskDifference');
  const method = options.method ?? 'newcombe';
  const [a, b, c, d] = checkTable(table, 'riskDifference');
  const n1 = a + b;
  const n2 = c + d;
  const p1 = a / n1;
  const p2 = c / n2;
  const rd = p1 - p2;
  const z = normal.quantile(1 - (1 - level) / 2, 0, 1);
  let lower: number;
  let upper: number;
  let ciMethod: string;
  if (method === 'wald') {
    const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
    lower = Math.max(-1, rd - z * se);
    upper = Math.min(1, rd + z * se);
    ciMethod = 'Wald (normal approximation)';
  } else if (method === 'newcombe') {
    const [l1, u1] = wilson(a, n1, z);
    const [l2, u2] = wilson(c, n2, z);
    lower = rd - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2);
    upper = rd + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2);
    ciMethod = 'Newcombe (1998) hybrid score (method 10, Wilson limits without continuity correction)';
  } else {
    throw new StatsError(`riskDifference: unknown method "${String(method)}" (use newcombe or wald).`);
  }
  return new EffectSizeResult({
    method: 'Risk difference',
    measure: 'risk_difference',
    symbol: 'RD',
    estimate: rd,
    ci: { lower, upper, level, method: ciMethod },
    n: { n1, n2 },
    missing: 0,
    missingHandling: 'none',
    details: { p1, p2 },
    bounded: true,
  });
}
