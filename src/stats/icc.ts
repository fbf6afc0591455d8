/**
 * Intraclass correlations in the Shrout & Fleiss (1979) / McGraw & Wong (1996) forms, for inter-rater agreement
 * (e.g. two coordinators scoring the same GAS goals) and observation data.
 *
 * Reference: R psych `ICC(x, lmer = FALSE)` (tests/reference/reliability2.R → reliability2.json), and the worked
 * example of Shrout & Fleiss (1979, Table 2).
 */
import { fmtCI, fmtNoLeadingZero, fmtP } from './apa.js';
import { fDist } from './distributions.js';
import { StatsError, type StatResult } from './result.js';

/** The six forms, named as psych: ICC1 (one-way random, single), ICC2 (two-way random, absolute agreement, single),
 * ICC3 (two-way mixed, consistency, single) and their averages over k raters ICC1k, ICC2k, ICC3k. */
export type IccType = 'ICC1' | 'ICC2' | 'ICC3' | 'ICC1k' | 'ICC2k' | 'ICC3k';

/** One ICC form with its F test and CI. */
export interface IccRow {
  type: IccType;
  /** Shrout & Fleiss notation, e.g. "ICC(2,1)". */
  shroutFleiss: string;
  /** McGraw & Wong description, e.g. "two-way random effects, absolute agreement, single rater". */
  model: string;
  icc: number;
  F: number;
  df1: number;
  df2: number;
  p: number;
  lower: number;
  upper: number;
}

/** Result of {@link intraclassCorrelation}. */
export class IccResult implements StatResult {
  readonly method = 'Intraclass correlation coefficients (Shrout & Fleiss 1979; McGraw & Wong 1996)';
  constructor(
    /** Subjects (targets) analysed: complete rows. */
    readonly n: number,
    readonly raters: number,
    readonly missing: number,
    /** Mean squares: between subjects (MSR), between raters (MSC), residual (MSE), within subjects (MSW). */
    readonly meanSquares: { MSR: number; MSC: number; MSE: number; MSW: number },
    readonly rows: IccRow[],
    readonly level: number,
  ) {}
  get(type: IccType): IccRow {
    return this.rows.find((r) => r.type === type)!;
  }
  toJSON(): Record<string, unknown> {
    return { method: this.method, n: this.n, raters: this.raters, missing: this.missing, missingHandling: 'listwise', meanSquares: this.meanSquares, rows: this.rows, level: this.level };
  }
  /** The form most inter-rater studies report, ICC(2,1): "ICC(2,1) = .29, 95% CI [.02, .76], F(5, 15) = 11.03, p < .001". */
  apa(type: IccType = 'ICC2'): string {
    const r = this.get(type);
    return `${r.shroutFleiss} = ${fmtNoLeadingZero(r.icc)}, ${fmtCI(r.lower, r.upper, this.level, 2, true)}, F(${r.df1}, ${r.df2}) = ${r.F.toFixed(2)}, ${fmtP(r.p)}`;
  }
}

/**
 * The six intraclass correlations of an n subjects × k raters table (rows = subjects, columns = raters; incomplete rows
 * dropped), from the two-way ANOVA mean squares MSR (subjects), MSC (raters), MSE (residual) and MSW = within subjects:
 *
 * - ICC1 = (MSR − MSW)/(MSR + (k − 1)MSW); ICC1k = (MSR − MSW)/MSR — one-way random (raters differ per subject).
 * - ICC2 = (MSR − MSE)/(MSR + (k − 1)MSE + k(MSC − MSE)/n); ICC2k = (MSR − MSE)/(MSR + (MSC − MSE)/n) — two-way random,
 *   absolute agreement (McGraw & Wong "A,1"/"A,k").
 * - ICC3 = (MSR − MSE)/(MSR + (k − 1)MSE); ICC3k = (MSR − MSE)/MSR — two-way mixed, consistency ("C,1"/"C,k").
 *
 * F tests: MSR/MSW on (n − 1, n(k − 1)) for ICC1, MSR/MSE on (n − 1, (n − 1)(k − 1)) otherwise. CIs: the exact F-based
 * limits of Shrout & Fleiss (1979) for ICC1/ICC3 (and their k forms), and for ICC2 the Satterthwaite-df approximation of
 * McGraw & Wong (1996), exactly as psych `ICC` computes them.
 *
 * @throws StatsError for fewer than 2 raters or 2 complete subjects, or no variance.
 * @example
 * // Shrout & Fleiss (1979) Table 2: 6 targets × 4 judges
 * intraclassCorrelation([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]).get('ICC2').icc // 0.2897638 (paper: .29; psych::ICC 0.2897638)
 */
export function intraclassCorrelation(ratings: ReadonlyArray<ArrayLike<number | null | undefined>>, options: { level?: number } = {}): IccResult {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsError(`ICC: the confidence level must lie strictly between 0 and 1 (got ${level}).`);
  const k = ratings[0]?.length ?? 0;
  if (k < 2) throw new StatsError(`ICC needs at least 2 raters (columns); got ${k}.`);
  const rows: number[][] = [];
  ratings.forEach((r, i) => {
    if (r.length !== k) throw new StatsError(`ICC: row ${i + 1} has ${r.length} ratings, the first row ${k}.`);
    const v = Array.from(r);
    if (v.every((x) => typeof x === 'number' && Number.isFinite(x))) rows.push(v as number[]);
  });
  const n = rows.length;
  if (n < 2) throw new StatsError(`ICC needs at least 2 subjects rated by all ${k} raters; got ${n}.`);
  let grand = 0;
  for (const r of rows) for (const v of r) grand += v;
  grand /= n * k;
  const rowMeans = rows.map((r) => r.reduce((a, b) => a + b, 0) / k);
  const colMeans = Array.from({ length: k }, (_, j) => rows.reduce((a, r) => a + r[j], 0) / n);
  let sst = 0;
  for (const r of rows) for (const v of r) sst += (v - grand) ** 2;
  const ssr = k * rowMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const ssc = n * colMeans.reduce((a, m) => a + (m - grand) ** 2, 0);
  const sse = sst - ssr - ssc;
  if (!(sst > 0)) throw new StatsError('ICC: all ratings are equal, so there is no variance to partition.');
  const MSR = ssr / (n - 1);
  const MSC = ssc / (k - 1);
  const MSE = sse / ((n - 1) * (k - 1));
  const MSW = (ssc + sse) / (n * (k - 1));
  const a = 1 - level;
  const icc1 = (MSR - MSW) / (MSR + (k - 1) * MSW);
  const icc2 = (MSR - MSE) / (MSR + (k - 1) * MSE + (k * (MSC - MSE)) / n);
  const icc3 = (MSR - MSE) / (MSR + (k - 1) * MSE);
  const F1 = MSR / MSW;
  const d1n = n - 1;
  const d1d = n * (k - 1);
  const F3 = MSR / MSE;
  const d3d = (n - 1) * (k - 1);
  const p1 = fDist.sf(F1, d1n, d1d);
  const p3 = fDist.sf(F3, d1n, d3d);
  const F1L = F1 / fDist.quantile(1 - a / 2, d1n, d1d);
  const F1U = F1 * fDist.quantile(1 - a / 2, d1d, d1n);
  const F3L = F3 / fDist.quantile(1 - a / 2, d1n, d3d);
  const F3U = F3 * fDist.quantile(1 - a / 2, d3d, d1n);
  const Fj = MSC / MSE;
  const vn = (k - 1) * (n - 1) * (k * icc2 * Fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2;
  const vd = (n - 1) * k * k * icc2 * icc2 * Fj * Fj + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2;
  const v = vn / vd;
  const FU2 = fDist.quantile(1 - a / 2, n - 1, v);
  const FL2 = fDist.quantile(1 - a / 2, v, n - 1);
  const L2 = (n * (MSR - FU2 * MSE)) / (FU2 * (k * MSC + (k * n - k - n) * MSE) + n * MSR);
  const U2 = (n * (FL2 * MSR - MSE)) / (k * MSC + (k * n - k - n) * MSE + n * FL2 * MSR);
  const toK = (x: number) => (x * k) / (1 + x * (k - 1));
  const mk = (type: IccType, sf: string, model: string, icc: number, F: number, df1: number, df2: number, p: number, lower: number, upper: number): IccRow => ({
    type,
    shroutFleiss: sf,
    model,
    icc,
    F,
    df1,
    df2,
    p,
    lower,
    upper,
  });
  const out: IccRow[] = [
    mk('ICC1', 'ICC(1,1)', 'one-way random effects, absolute agreement, single rater', icc1, F1, d1n, d1d, p1, (F1L - 1) / (F1L + k - 1), (F1U - 1) / (F1U + k - 1)),
    mk('ICC2', 'ICC(2,1)', 'two-way random effects, absolute agreement, single rater', icc2, F3, d1n, d3d, p3, L2, U2),
    mk('ICC3', 'ICC(3,1)', 'two-way mixed effects, consistency, single rater', icc3, F3, d1n, d3d, p3, (F3L - 1) / (F3L + k - 1), (F3U - 1) / (F3U + k - 1)),
    mk('ICC1k', `ICC(1,${k})`, `one-way random effects, absolute agreement, mean of ${k} raters`, (MSR - MSW) / MSR, F1, d1n, d1d, p1, 1 - 1 / F1L, 1 - 1 / F1U),
    mk('ICC2k', `ICC(2,${k})`, `two-way random effects, absolute agreement, mean of ${k} raters`, (MSR - MSE) / (MSR + (MSC - MSE) / n), F3, d1n, d3d, p3, toK(L2), toK(U2)),
    mk('ICC3k', `ICC(3,${k})`, `two-way mixed effects, consistency, mean of ${k} raters`, (MSR - MSE) / MSR, F3, d1n, d3d, p3, 1 - 1 / F3L, 1 - 1 / F3U),
  ];
  return new IccResult(n, k, ratings.length - n, { MSR, MSC, MSE, MSW }, out, level);
}
