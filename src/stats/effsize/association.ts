/**
 * Effect sizes for contingency tables and proportions: Cramér's V and φ (bias-corrected or not, named), Cohen's w and
 * h, the risk ratio with the Katz log interval, and the number needed to treat.
 *
 * Reference: R effectsize 0.8 `cramers_v`, `phi`, `cohens_w`, `cohens_h`; the Katz interval and NNT by their
 * formulas in R (tests/reference/effsize2.R → effsize2.json).
 */
import { fmt } from '../apa.js';
import { chiSquared, normal } from '../distributions.js';
import { noncentralChiSquaredCdf, noncentralityInterval } from '../noncentral-f.js';
import type { CountTable } from '../contingency.js';
import { StatsError } from '../result.js';
import { riskDifference, type EffectSizeTable2x2 } from './contingency.js';
import { EffectSizeResult, checkEffectSizeLevel } from './result.js';

function tableStats(input: CountTable, what: string): { chi2: number; n: number; r: number; c: number } {
  const table = Array.from(input, (row) => Array.from(row));
  const r = table.length;
  const c = table[0]?.length ?? 0;
  if (r < 2 || c < 2 || table.some((row) => row.length !== c)) throw new StatsError(`${what} needs a rectangular table with at least 2 rows and 2 columns.`);
  for (const row of table) for (const v of row) if (!(Number.isInteger(v) && v >= 0)) throw new StatsError(`${what}: every cell must be a non-negative whole count.`);
  const rs = table.map((row) => row.reduce((a, b) => a + b, 0));
  const cs = Array.from({ length: c }, (_, j) => table.reduce((a, row) => a + row[j], 0));
  const n = rs.reduce((a, b) => a + b, 0);
  if (rs.some((v) => v === 0) || cs.some((v) => v === 0)) throw new StatsError(`${what}: a row or column total is zero.`);
  let chi2 = 0;
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) {
    const e = (rs[i] * cs[j]) / n;
    chi2 += (table[i][j] - e) ** 2 / e;
  }
  return { chi2, n, r, c };
}

export interface AssociationOptions {
  level?: number;
  /** 'two-sided' (default) or 'greater' (one-sided [lower, 1], effectsize's default). */
  alternative?: 'two-sided' | 'greater';
  /** Bias correction (Bergsma 2013), effectsize's default `adjust = TRUE`. Default false here: the classic V/φ. */
  adjust?: boolean;
}

function vFromChi(chi2: number, n: number, r: number, c: number, adjust: boolean): number {
  if (!adjust) return Math.sqrt(chi2 / (n * (Math.min(r, c) - 1)));
  const phi2 = Math.max(0, chi2 / n - ((r - 1) * (c - 1)) / (n - 1));
  const rt = r - (r - 1) ** 2 / (n - 1);
  const ct = c - (c - 1) ** 2 / (n - 1);
  return Math.sqrt(phi2 / (Math.min(rt, ct) - 1));
}

function chiBased(
  table: CountTable,
  options: AssociationOptions,
  what: string,
  kind: 'cramers_v' | 'phi' | 'cohens_w',
): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, what);
  const alt = options.alternative ?? 'two-sided';
  const adjust = options.adjust ?? false;
  const { chi2, n, r, c } = tableStats(table, what);
  if (kind === 'phi' && (r !== 2 || c !== 2)) throw new StatsError('φ is defined for 2 × 2 tables; use Cramér\'s V for larger tables.');
  const df = (r - 1) * (c - 1);
  const est = (x: number) => (kind === 'cohens_w' ? Math.sqrt(x / n) : vFromChi(x, n, r, c, adjust));
  const lam = noncentralityInterval((l) => noncentralChiSquaredCdf(chi2, df, l), level, alt);
  const cap = kind === 'cohens_w' ? Math.sqrt(Math.min(r, c) - 1) : 1;
  const upper = lam.upper === Infinity ? cap : Math.min(cap, est(lam.upper));
  const names = { cramers_v: ["Cramér's V", 'V'], phi: ['φ coefficient', 'φ'], cohens_w: ["Cohen's w", 'w'] } as const;
  const [label, sym] = names[kind];
  return new EffectSizeResult({
    method: `${label}${kind !== 'cohens_w' ? (adjust ? ' (bias-corrected, Bergsma 2013)' : ' (not bias-corrected)') : ''}`,
    measure: kind,
    symbol: adjust && kind !== 'cohens_w' ? `${sym}_adj` : sym,
    estimate: est(chi2),
    ci: { lower: est(lam.lower), upper, level, method: `noncentral χ² inversion, ${alt}` },
    n: { n },
    missing: 0,
    missingHandling: 'none',
    details: { chiSquare: chi2, df, p: chiSquared.sf(chi2, df), adjusted: adjust },
    bounded: kind !== 'cohens_w',
  });
}

/**
 * Cramér's V = √(χ²/(n(min(r, c) − 1))) of an r × c table (Pearson χ² without continuity correction), or the
 * bias-corrected Ṽ (Bergsma 2013) with `adjust: true` — effectsize 0.8 `cramers_v` uses the corrected one by default,
 * so the result's method and symbol (V or V_adj) say which. CI: the noncentral χ² limits of λ mapped through the same
 * formula (two-sided by default; effectsize's default is one-sided `alternative = "greater"`).
 *
 * @example
 * cramersV([[12, 8, 5], [5, 15, 9]]).estimate // 0.3303106 (R effectsize::cramers_v(adjust = FALSE))
 */
export function cramersV(table: CountTable, options: AssociationOptions = {}): EffectSizeResult {
  return chiBased(table, options, "Cramér's V", 'cramers_v');
}

/**
 * φ = √(χ²/n) of a 2 × 2 table (unsigned, as effectsize `phi`), or bias-corrected with `adjust: true`; CI as
 * {@link cramersV}.
 *
 * @example
 * phiCoefficient([[12, 8], [5, 15]]).estimate // 0.3540052 (R effectsize::phi(adjust = FALSE))
 */
export function phiCoefficient(table: EffectSizeTable2x2, options: AssociationOptions = {}): EffectSizeResult {
  return chiBased(table, options, 'φ', 'phi');
}

/**
 * Cohen's w = √(χ²/n) for an r × c table (Cohen 1988), the effect size of `pwr.chisq.test`; CI from the noncentral χ².
 *
 * @example
 * cohensW([[12, 8, 5], [5, 15, 9]]).estimate // 0.3303106 (= V when min(r, c) = 2)
 */
export function cohensW(table: CountTable, options: Omit<AssociationOptions, 'adjust'> = {}): EffectSizeResult {
  return chiBased(table, options, "Cohen's w", 'cohens_w');
}

/**
 * Cohen's h = 2·asin√p₁ − 2·asin√p₂ for two proportions (Cohen 1988), with the normal CI h ± z·√(1/n₁ + 1/n₂)
 * (effectsize `cohens_h`). Give counts: `cohensH({ x1, n1, x2, n2 })`.
 *
 * @example
 * cohensH({ x1: 12, n1: 20, x2: 5, n2: 20 }).estimate // 0.7249567 (= 2·asin√.6 − 2·asin√.25)
 */
export function cohensH(input: { x1: number; n1: number; x2: number; n2: number }, options: { level?: number } = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, "Cohen's h");
  const { x1, n1, x2, n2 } = input;
  if (!(n1 > 0 && n2 > 0 && x1 >= 0 && x2 >= 0 && x1 <= n1 && x2 <= n2)) throw new StatsError("Cohen's h needs 0 ≤ x ≤ n and n > 0 in both groups.");
  const h = 2 * Math.asin(Math.sqrt(x1 / n1)) - 2 * Math.asin(Math.sqrt(x2 / n2));
  const se = Math.sqrt(1 / n1 + 1 / n2);
  const z = normal.quantile(1 - (1 - level) / 2, 0, 1);
  return new EffectSizeResult({
    method: "Cohen's h (arcsine difference of two proportions)",
    measure: 'cohens_h',
    symbol: 'h',
    estimate: h,
    ci: { lower: h - z * se, upper: h + z * se, level, method: 'normal, SE = √(1/n₁ + 1/n₂)' },
    n: { n1, n2 },
    missing: 0,
    missingHandling: 'none',
    details: { p1: x1 / n1, p2: x2 / n2 },
  });
}

/**
 * Risk ratio RR = [a/(a + b)]/[c/(c + d)] of the table `[[a, b], [c, d]]` (rows: groups, first column: event), with the
 * Katz et al. (1978) log interval exp(ln RR ± z·√(1/a − 1/(a + b) + 1/c − 1/(c + d))). Debian's effectsize 0.8.3
 * `riskratio` computes this interval wrongly (fixed upstream in effectsize PR #585); this follows the published formula
 * (Katz et al. 1978; Altman 1991), checked against it and against `epitools::riskratio.wald`-style arithmetic in R.
 * A zero event count throws (the log interval is undefined).
 *
 * @example
 * riskRatio([[12, 8], [5, 15]]).estimate // 2.4
 */
export function riskRatio(table: EffectSizeTable2x2, options: { level?: number } = {}): EffectSizeResult {
  const level = options.level ?? 0.95;
  checkEffectSizeLevel(level, 'riskRatio');
  const [[a, b], [c, d]] = table;
  for (const v of [a, b, c, d]) if (!(Number.isInteger(v) && v >= 0)) throw new StatsError('riskRatio: every cell must be a non-negative whole count.');
  if (a === 0 || c === 0) throw new StatsError('riskRatio: a group has no events, so the log risk ratio and its Katz interval are undefined.');
  const rr = a / (a + b) / (c / (c + d));
  const se = Math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d));
  const z = normal.quantile(1 - (1 - level) / 2, 0, 1);
  return new EffectSizeResult({
    method: 'Risk ratio',
    measure: 'risk_ratio',
    symbol: 'RR',
    estimate: rr,
    ci: { lower: rr * Math.exp(-z * se), upper: rr * Math.exp(z * se), level, method: 'Katz et al. (1978) log interval' },
    n: { n1: a + b, n2: c + d },
    missing: 0,
    missingHandling: 'none',
    details: { p1: a / (a + b), p2: c / (c + d), seLog: se },
  });
}

/**
 * Number needed to treat NNT = 1/RD (Laupacis et al. 1988) for `[[a, b], [c, d]]` (rows: treated, control; first column:
 * the good outcome). CI by inverting the Newcombe CI of the risk difference (Altman 1998): when it excludes 0 the NNT
 * interval is [1/RD_upper, 1/RD_lower]; when it includes 0 the interval runs from NNT (benefit) 1/RD_upper through ∞ to
 * NNT (harm) |1/RD_lower| — reported as lower = 1/RD_upper, upper = 1/RD_lower (negative = harm) with a note.
 *
 * @example
 * numberNeededToTreat([[12, 8], [5, 15]]).estimate // 2.857 (= 1/.35)
 */
export function numberNeededToTreat(table: EffectSizeTable2x2, options: { level?: number } = {}): EffectSizeResult {
  const rd = riskDifference(table, options);
  const est = 1 / rd.estimate;
  const lo = rd.ci!.lower;
  const hi = rd.ci!.upper;
  const notes: string[] = [];
  if (lo <= 0 && hi >= 0) {
    notes.push(`The risk difference CI includes 0: the NNT interval runs from ${fmt(1 / hi)} (benefit) through ∞ to ${fmt(Math.abs(1 / lo))} (harm) (Altman 1998).`);
  }
  return new EffectSizeResult({
    method: 'Number needed to treat (1/risk difference)',
    measure: 'nnt',
    symbol: 'NNT',
    estimate: est,
    ci: { lower: 1 / hi, upper: 1 / lo, level: rd.ci!.level, method: `inverted ${rd.ci!.method} (Altman 1998)` },
    n: rd.n,
    missing: 0,
    missingHandling: 'none',
    details: { riskDifference: rd.estimate },
    notes,
  });
}
