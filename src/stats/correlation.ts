/**
 * Correlation tests: Pearson's r, Spearman's ρ and Kendall's τ-b with the p-values R `cor.test` gives
 * (including its exact small-sample methods) and Fisher-z confidence intervals; partial correlation;
 * a correlation matrix with multiplicity-adjusted p-values.
 *
 * Reference: R 4.2 `cor.test`, `cor`, `p.adjust`, psych `corr.test` and `partial.r`
 * (tests/reference/correlation.R → correlation.json). The point-biserial correlation lives with the effect
 * sizes (`effsize/correlation.ts`) and uses {@link fisherZInterval} from here.
 */
import { fmtCI, fmtDf, fmtNoLeadingZero, fmtP } from './apa.js';
import { normal, studentT } from './distributions.js';
import { buildModelDesign, fitLinearModel, type ModelVariable } from './linear-model.js';
import { pAdjust, type PAdjustMethod } from './multicomp.js';
import { correlation } from './moments.js';
import { rank } from './ranks.js';
import { type ConfidenceInterval, type NumericInput, StatsError, completePairs } from './result.js';
import { HypothesisTestResult, checkTestAlternative, checkTestConfLevel, type HypothesisTestInit, type TestAlternative } from './ttest.js';

export type CorrelationMethod = 'pearson' | 'spearman' | 'kendall';

/**
 * Fisher (1921) z interval for a correlation: tanh(atanh(r) ± z₁₋α/₂·SE), one-sided for `less`/`greater`
 * (as `cor.test`). SE = 1/√(n − 3) for Pearson (default), √((1 + r²/2)/(n − 3)) for Spearman (Bonett & Wright
 * 2000), √(0.437/(n − 4)) for Kendall (Fieller, Hartley & Pearson 1957). NaN bounds when n is too small.
 *
 * @example
 * fisherZInterval(0.5, 20) // { lower: 0.0738106, upper: 0.7717607, … } (tanh(atanh(.5) ± 1.96/√17))
 */
export function fisherZInterval(
  r: number,
  n: number,
  level = 0.95,
  method: CorrelationMethod = 'pearson',
  alternative: TestAlternative = 'two-sided',
): ConfidenceInterval {
  const minN = method === 'kendall' ? 5 : 4;
  const name =
    method === 'pearson'
      ? 'Fisher z, SE = 1/√(n − 3)'
      : method === 'spearman'
        ? 'Fisher z, SE = √((1 + ρ²/2)/(n − 3)) (Bonett & Wright 2000)'
        : 'Fisher z, SE = √(0.437/(n − 4)) (Fieller, Hartley & Pearson 1957)';
  if (n < minN) return { lower: NaN, upper: NaN, level, method: `${name}; needs n ≥ ${minN}` };
  const se = method === 'pearson' ? 1 / Math.sqrt(n - 3) : method === 'spearman' ? Math.sqrt((1 + (r * r) / 2) / (n - 3)) : Math.sqrt(0.437 / (n - 4));
  const z = Math.atanh(r);
  if (alternative === 'two-sided') {
    const q = normal.quantile(1 - (1 - level) / 2, 0, 1);
    return { lower: Math.tanh(z - q * se), upper: Math.tanh(z + q * se), level, method: name };
  }
  const q = normal.quantile(level, 0, 1);
  return alternative === 'less'
    ? { lower: -1, upper: Math.tanh(z + q * se), level, method: name }
    : { lower: Math.tanh(z - q * se), upper: 1, level, method: name };
}

/** Result of {@link correlationTest}. */
export class CorrelationTestResult extends HypothesisTestResult {
  constructor(
    init: HypothesisTestInit,
    readonly correlationMethod: CorrelationMethod,
    /** Whether p is exact (permutation distribution) rather than asymptotic. */
    readonly exact: boolean,
  ) {
    super(init);
  }
  /** The correlation coefficient (r, ρ or τ-b). */
  get r(): number {
    return this.estimate?.value ?? NaN;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), correlationMethod: this.correlationMethod, exact: this.exact };
  }
  /** "r(18) = .50, p = .025, 95% CI [.07, .78]"; "r_s(18) = …"; "τ_b = .33, p = …" (APA: df = n − 2 for r and r_s). */
  override apa(): string {
    const sym = this.correlationMethod === 'pearson' ? 'r' : this.correlationMethod === 'spearman' ? 'r_s' : 'τ_b';
    const df = this.correlationMethod === 'kendall' ? '' : `(${fmtDf(this.n - 2)})`;
    const ci = this.ci && Number.isFinite(this.ci.lower + this.ci.upper) ? `, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level, 2, true)}` : '';
    return `${sym}${df} = ${fmtNoLeadingZero(this.r)}, ${fmtP(this.p)}${ci}`;
  }
}

export interface CorrelationTestOptions {
  method?: CorrelationMethod;
  alternative?: TestAlternative;
  /** Confidence level of the Fisher-z interval (default 0.95). */
  confLevel?: number;
  /**
   * Exact p for Spearman (n ≤ 1290) and Kendall (n < 50) without ties, as `cor.test(exact = NULL)`; `false`
   * forces the asymptotic p. Ignored for Pearson.
   */
  exact?: boolean;
  /** Continuity correction of the asymptotic Spearman/Kendall p (cor.test `continuity`), default false. */
  continuity?: boolean;
}

/**
 * Number of permutations of 1…n by Spearman statistic S = Σ(i − πᵢ)² (even values 0…(n³ − n)/3), by dynamic
 * programming over the set of used ranks; for the exact Spearman p (n ≤ 9, as R's AS 89 implementation).
 */
function spearmanCounts(n: number): Float64Array {
  const maxS = ((n * n * n - n) / 3) | 0;
  let cur = new Map<number, Float64Array>();
  const start = new Float64Array(maxS + 1);
  start[0] = 1;
  cur.set(0, start);
  for (let i = 0; i < n; i++) {
    const next = new Map<number, Float64Array>();
    for (const [mask, dist] of cur) {
      for (let j = 0; j < n; j++) {
        if (mask & (1 << j)) continue;
        const m2 = mask | (1 << j);
        let d = next.get(m2);
        if (!d) {
          d = new Float64Array(maxS + 1);
          next.set(m2, d);
        }
        const add = (i - j) * (i - j);
        for (let s = 0; s + add <= maxS; s++) if (dist[s]) d[s + add] += dist[s];
      }
    }
    cur = next;
  }
  return cur.get((1 << n) - 1) as Float64Array;
}

/**
 * AS 89 (Best & Roberts 1975) P[S ≥ is] (upper) or P[S < is] (lower): exact for n ≤ 9, Edgeworth series above
 * (the method of R's `cor.test(method = "spearman")`).
 */
function spearmanTail(n: number, is: number, lowerTail: boolean): number {
  if (is <= 0) return lowerTail ? 0 : 1;
  const n3 = (n * (n * n - 1)) / 3;
  if (is > n3) return lowerTail ? 1 : 0;
  if (n <= 9) {
    const counts = spearmanCounts(n);
    let total = 0;
    let ge = 0;
    for (let s = 0; s < counts.length; s++) {
      total += counts[s];
      if (s >= is) ge += counts[s];
    }
    return lowerTail ? (total - ge) / total : ge / total;
  }
  // Edgeworth series coefficients of AS 89
  const c = [0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4];
  const b = 1 / n;
  const x = ((6 * (is - 1) * b) / (n * n - 1) - 1) * Math.sqrt(n - 1);
  const y = x * x;
  const u =
    x *
    b *
    (c[0] + b * (c[1] + c[2] * b) + y * (-c[3] + b * (c[4] + c[5] * b) - y * b * (c[6] + c[7] * b - y * (c[8] - c[9] * b + y * b * (c[10] - c[11] * y)))));
  const corr = u / Math.exp(y / 2);
  const pv = (lowerTail ? -corr : corr) + (lowerTail ? normal.cdf(x, 0, 1) : normal.sf(x, 0, 1));
  return Math.min(1, Math.max(0, pv));
}

/** Mahonian numbers: permutations of n by number of concordant pairs 0…n(n−1)/2 (Kendall's exact null). */
function kendallCounts(n: number): Float64Array {
  let d = new Float64Array([1]);
  for (let k = 2; k <= n; k++) {
    const next = new Float64Array(d.length + k - 1);
    for (let s = 0; s < d.length; s++) if (d[s]) for (let j = 0; j < k; j++) next[s + j] += d[s];
    d = next;
  }
  return d;
}

function tieSizes(x: Float64Array): number[] {
  const s = Float64Array.from(x).sort();
  const out: number[] = [];
  let t = 1;
  for (let i = 1; i <= s.length; i++) {
    if (i < s.length && s[i] === s[i - 1]) t++;
    else {
      if (t > 1) out.push(t);
      t = 1;
    }
  }
  return out;
}

/** Kendall's τ-b = (C − D)/√((n₀ − n₁)(n₀ − n₂)), O(n²). */
function kendallTauB(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let s = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = Math.sign(x[i] - x[j]);
      const b = Math.sign(y[i] - y[j]);
      s += a * b;
      if (a !== 0) tx++;
      if (b !== 0) ty++;
    }
  }
  return s / Math.sqrt(tx * ty);
}

/**
 * Correlation test of two paired variables, as R `cor.test`:
 *
 * - **Pearson**: r, t = r√(n − 2)/√(1 − r²) on n − 2 df; CI by Fisher's z (one-sided for one-sided alternatives).
 * - **Spearman**: ρ = Pearson's r of the mid-ranks; S = (n³ − n)(1 − ρ)/6. Without ties and n ≤ 1290 the p-value
 *   is AS 89 (Best & Roberts 1975): exact permutation distribution for n ≤ 9, Edgeworth series above; with ties
 *   (or `exact: false`) the t approximation ρ√(n − 2)/√(1 − ρ²) on n − 2 df — exactly cor.test's choices.
 * - **Kendall τ-b** = (C − D)/√((n₀ − n₁)(n₀ − n₂)). Without ties and n < 50: exact p from the distribution of the
 *   number of concordant pairs T (Mahonian numbers); otherwise z = S/√Var(S) with the tie-corrected variance
 *   (Kendall 1976, as cor.test).
 * - **CIs**: cor.test gives one for Pearson only (Fisher z, SE 1/√(n − 3)); for ρ and τ-b we add Fisher-z intervals
 *   with the Bonett & Wright (2000) and Fieller, Hartley & Pearson (1957) standard errors ({@link fisherZInterval}),
 *   the ones JASP reports; these are approximations, named in `ci.method`.
 *
 * Incomplete pairs are dropped (listwise). Checked against `cor.test` (statistic, p, CI) for all three methods, with
 * and without ties, small and larger n, all alternatives (1e-10; the Edgeworth branch 1e-10 too, same formula).
 *
 * @throws StatsError for fewer than 3 complete pairs or a constant variable.
 * @example
 * correlationTest([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]).apa() // "r(4) = .83, p = .042, 95% CI [.05, .98]"
 * correlationTest([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5], { method: 'kendall' }).p // 0.1361111 (R cor.test: 0.1361, exact)
 */
export function correlationTest(x: NumericInput, y: NumericInput, options: CorrelationTestOptions = {}): CorrelationTestResult {
  const method = options.method ?? 'pearson';
  if (method !== 'pearson' && method !== 'spearman' && method !== 'kendall') {
    throw new StatsError(`correlationTest: method must be 'pearson', 'spearman' or 'kendall' (got '${String(method)}').`);
  }
  const alternative = checkTestAlternative(options.alternative);
  const level = checkTestConfLevel(options.confLevel, 'correlationTest');
  const pairs = completePairs(x, y, 'correlationTest');
  const a = pairs.x;
  const b = pairs.y;
  const n = a.length;
  if (n < 3) throw new StatsError(`correlationTest needs at least 3 complete pairs (got ${n}).`);
  const constant = (v: Float64Array) => v.every((u) => u === v[0]);
  if (constant(a) || constant(b)) throw new StatsError('correlationTest: one of the variables is constant, so the correlation is undefined.');
  const notes: string[] = [];
  const tail = (pLess: number, pGreater: number): number =>
    alternative === 'less' ? pLess : alternative === 'greater' ? pGreater : Math.min(1, 2 * Math.min(pLess, pGreater));
  const base = { alternative, nullValue: 0, n, missing: pairs.missing, missingHandling: 'listwise' as const };

  if (method === 'pearson') {
    const r = correlation(a, b);
    const df = n - 2;
    const t = (Math.sqrt(df) * r) / Math.sqrt(1 - r * r);
    const p = tail(studentT.cdf(t, df), studentT.sf(t, df));
    return new CorrelationTestResult(
      {
        ...base,
        method: "Pearson's product-moment correlation",
        statisticName: 't',
        statistic: t,
        df,
        p,
        estimate: { name: 'r', value: r },
        ci: fisherZInterval(r, n, level, 'pearson', alternative),
        notes,
      },
      'pearson',
      false,
    );
  }
  const tiesA = tieSizes(a);
  const tiesB = tieSizes(b);
  const ties = tiesA.length > 0 || tiesB.length > 0;
  if (method === 'spearman') {
    const rho = correlation(rank(a).ranks, rank(b).ranks);
    const q = ((n * n * n - n) * (1 - rho)) / 6;
    const exact = (options.exact ?? true) && !ties && n <= 1290;
    if (ties && options.exact) notes.push('Cannot compute an exact p-value with ties; the t approximation is used.');
    // upper = P[S ≥ q] (evidence for ρ < 0), lower = P[S ≤ q] (evidence for ρ > 0), as cor.test
    let pUpper: number;
    let pLower: number;
    if (exact) {
      pUpper = spearmanTail(n, Math.round(q), false);
      pLower = spearmanTail(n, Math.round(q) + 2, true);
    } else {
      const den = (n * (n * n - 1)) / 6 + (options.continuity ? 1 : 0);
      const r = 1 - q / den;
      const t = r / Math.sqrt((1 - r * r) / (n - 2));
      pUpper = studentT.cdf(t, n - 2);
      pLower = studentT.sf(t, n - 2);
    }
    const p =
      alternative === 'greater' ? pLower : alternative === 'less' ? pUpper : Math.min(1, 2 * (q > (n * n * n - n) / 6 ? pUpper : pLower));
    return new CorrelationTestResult(
      {
        ...base,
        method: `Spearman's rank correlation rho (${exact ? (n <= 9 ? 'exact' : 'AS 89 Edgeworth') : 't approximation'} p-value)`,
        statisticName: 'S',
        statistic: q,
        df: null,
        p,
        estimate: { name: 'rho', value: rho },
        ci: fisherZInterval(rho, n, level, 'spearman', alternative),
        notes,
      },
      'spearman',
      exact,
    );
  }
  const tau = kendallTauB(a, b);
  const exact = (options.exact ?? n < 50) && !ties;
  if (ties && options.exact) notes.push('Cannot compute an exact p-value with ties; the normal approximation is used.');
  let p: number;
  let statistic: number;
  let statisticName: string;
  if (exact) {
    const q = Math.round(((tau + 1) * n * (n - 1)) / 4);
    const counts = kendallCounts(n);
    let total = 0;
    for (const v of counts) total += v;
    const cdf = (k: number): number => {
      if (k < 0) return 0;
      let s = 0;
      for (let i = 0; i <= Math.min(k, counts.length - 1); i++) s += counts[i];
      return s / total;
    };
    const pLess = cdf(q);
    const pGreater = 1 - cdf(q - 1);
    p = alternative === 'less' ? pLess : alternative === 'greater' ? pGreater : Math.min(1, 2 * (q > (n * (n - 1)) / 4 ? pGreater : pLess));
    statistic = q;
    statisticName = 'T';
  } else {
    const T0 = (n * (n - 1)) / 2;
    const sumT = (t: number[], f: (v: number) => number) => t.reduce((s, v) => s + f(v), 0);
    const T1 = sumT(tiesA, (t) => (t * (t - 1)) / 2);
    const T2 = sumT(tiesB, (t) => (t * (t - 1)) / 2);
    let S = tau * Math.sqrt((T0 - T1) * (T0 - T2));
    const v0 = n * (n - 1) * (2 * n + 5);
    const vt = sumT(tiesA, (t) => t * (t - 1) * (2 * t + 5));
    const vu = sumT(tiesB, (t) => t * (t - 1) * (2 * t + 5));
    const v1 = sumT(tiesA, (t) => t * (t - 1)) * sumT(tiesB, (t) => t * (t - 1));
    const v2 = sumT(tiesA, (t) => t * (t - 1) * (t - 2)) * sumT(tiesB, (t) => t * (t - 1) * (t - 2));
    const varS = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2));
    if (options.continuity) S = Math.sign(S) * (Math.abs(S) - 1);
    const z = S / Math.sqrt(varS);
    p = tail(normal.cdf(z, 0, 1), normal.sf(z, 0, 1));
    statistic = z;
    statisticName = 'z';
  }
  return new CorrelationTestResult(
    {
      ...base,
      method: `Kendall's rank correlation tau-b (${exact ? 'exact' : 'normal approximation, tie-corrected variance'} p-value)`,
      statisticName,
      statistic,
      df: null,
      p,
      estimate: { name: 'tau', value: tau },
      ci: fisherZInterval(tau, n, level, 'kendall', alternative),
      notes,
    },
    'kendall',
    exact,
  );
}

export interface PartialCorrelationOptions {
  /** 'pearson' (default) or 'spearman' (on ranks, as ppcor/psych with method = "spearman"). */
  method?: 'pearson' | 'spearman';
  alternative?: TestAlternative;
  confLevel?: number;
}

/**
 * Partial correlation of x and y controlling for k other variables: Pearson's r of the residuals of x and of y
 * after OLS on the controls (on the linear-model core); t = r√((n − 2 − k)/(1 − r²)) on n − 2 − k df (as
 * `ppcor::pcor.test`); Fisher-z CI with SE 1/√(n − 3 − k). Spearman: the same on ranks. Rows with a missing value
 * in any variable are dropped (listwise).
 *
 * Checked against `psych::partial.r` (estimate) and R `cor.test` on the residuals with the df corrected (1e-10).
 *
 * @throws StatsError for no controls, too few cases (n ≤ k + 3), or a constant variable.
 * @example
 * partialCorrelation([1, 2, 3, 4, 5, 6, 7], [2, 1, 4, 3, 7, 5, 6], { z: [1, 2, 1, 3, 2, 4, 3] }).r // 0.9182007 (R psych::partial.r: 0.9182)
 */
export function partialCorrelation(
  x: NumericInput,
  y: NumericInput,
  controls: Record<string, NumericInput>,
  options: PartialCorrelationOptions = {},
): CorrelationTestResult {
  const method = options.method ?? 'pearson';
  const alternative = checkTestAlternative(options.alternative);
  const level = checkTestConfLevel(options.confLevel, 'partialCorrelation');
  const names = Object.keys(controls);
  const k = names.length;
  if (k === 0) throw new StatsError('partialCorrelation needs at least one control variable.');
  const N0 = x.length;
  const all = [x, y, ...names.map((c) => controls[c])];
  all.forEach((v, j) => {
    if (v.length !== N0) throw new StatsError(`partialCorrelation: variable ${j < 2 ? (j === 0 ? 'x' : 'y') : `"${names[j - 2]}"`} has ${v.length} values, x has ${N0}.`);
  });
  const rows: number[] = [];
  for (let i = 0; i < N0; i++) if (all.every((v) => typeof v[i] === 'number' && Number.isFinite(v[i] as number))) rows.push(i);
  const n = rows.length;
  if (n <= k + 3) throw new StatsError(`partialCorrelation: ${n} complete cases are too few for ${k} control variable${k === 1 ? '' : 's'} (need more than ${k + 3}).`);
  const col = (v: NumericInput) => {
    const c = Float64Array.from(rows, (i) => v[i] as number);
    return method === 'spearman' ? rank(c).ranks : c;
  };
  const vars: ModelVariable[] = names.map((c) => ({ kind: 'numeric', name: c, values: col(controls[c]) }));
  const idx = rows.map((_, i) => i);
  const design = buildModelDesign(vars, names.map((c) => [c]), idx);
  const ex = fitLinearModel(design, col(x)).residuals;
  const ey = fitLinearModel(design, col(y)).residuals;
  const r = correlation(ex, ey);
  if (Number.isNaN(r)) throw new StatsError('partialCorrelation: x or y is constant after removing the controls.');
  const df = n - 2 - k;
  const t = r * Math.sqrt(df / (1 - r * r));
  const pLess = studentT.cdf(t, df);
  const pGreater = studentT.sf(t, df);
  const p = alternative === 'less' ? pLess : alternative === 'greater' ? pGreater : Math.min(1, 2 * Math.min(pLess, pGreater));
  const ci = fisherZInterval(r, n - k, level, 'pearson', alternative);
  return new CorrelationTestResult(
    {
      method: `Partial ${method === 'pearson' ? 'Pearson' : 'Spearman'} correlation controlling for ${names.join(', ')}`,
      statisticName: 't',
      statistic: t,
      df,
      p,
      alternative,
      nullValue: 0,
      estimate: { name: 'partial r', value: r },
      ci: { ...ci, method: 'Fisher z, SE = 1/√(n − 3 − k)' },
      n,
      missing: N0 - n,
      missingHandling: 'listwise',
      notes: [],
    },
    method,
    false,
  );
}

export interface CorrelationMatrixOptions {
  method?: CorrelationMethod;
  /** p-value adjustment over the m(m − 1)/2 distinct pairs (R `p.adjust` names), default 'holm' (as psych corr.test). */
  adjust?: PAdjustMethod;
  /** 'pairwise' (default, as psych corr.test): each pair on its complete cases; 'listwise': rows complete on all. */
  missing?: 'pairwise' | 'listwise';
  confLevel?: number;
}

/** One pair of a correlation matrix. */
export interface CorrelationPair {
  x: string;
  y: string;
  r: number;
  n: number;
  p: number;
  pAdjusted: number;
  ci: ConfidenceInterval;
}

/** Result of {@link correlationMatrix}. */
export class CorrelationMatrixResult {
  readonly method: string;
  constructor(
    readonly variables: string[],
    readonly correlationMethod: CorrelationMethod,
    readonly adjust: PAdjustMethod,
    readonly missingHandling: 'pairwise' | 'listwise',
    readonly pairs: CorrelationPair[],
  ) {
    this.method = `${correlationMethod === 'pearson' ? 'Pearson' : correlationMethod === 'spearman' ? 'Spearman' : 'Kendall tau-b'} correlation matrix, p adjusted by ${adjust} over ${pairs.length} pairs`;
  }
  /** The pair (a, b) in either order. */
  pair(a: string, b: string): CorrelationPair {
    const p = this.pairs.find((q) => (q.x === a && q.y === b) || (q.x === b && q.y === a));
    if (!p) throw new StatsError(`No correlation between "${a}" and "${b}" (variables: ${this.variables.join(', ')}).`);
    return p;
  }
  /** Square matrix of coefficients (1 on the diagonal). */
  get r(): number[][] {
    return this.variables.map((a) => this.variables.map((b) => (a === b ? 1 : this.pair(a, b).r)));
  }
  toJSON(): Record<string, unknown> {
    return { method: this.method, variables: this.variables, correlationMethod: this.correlationMethod, adjust: this.adjust, missingHandling: this.missingHandling, pairs: this.pairs };
  }
  /** One line per pair: "pre–post: r = .62, p (holm) < .001". */
  apa(): string {
    const sym = this.correlationMethod === 'pearson' ? 'r' : this.correlationMethod === 'spearman' ? 'r_s' : 'τ_b';
    return this.pairs.map((q) => `${q.x}–${q.y}: ${sym} = ${fmtNoLeadingZero(q.r)}, ${fmtP(q.pAdjusted).replace(/^p/, `p (${this.adjust})`)}`).join('; ');
  }
}

/**
 * Correlation matrix of named variables: every distinct pair tested with {@link correlationTest} (cor.test's
 * p-values and the Fisher-z CIs), the p-values adjusted over the m(m − 1)/2 pairs with {@link pAdjust} (as the
 * upper triangle of psych `corr.test(adjust = …)`). For Spearman and Kendall, psych uses the t approximation
 * instead of cor.test's exact p; we use cor.test's.
 *
 * @example
 * correlationMatrix({ a: [1, 2, 3, 4, 5], b: [2, 1, 4, 3, 5], c: [5, 3, 4, 1, 2] }).pair('a', 'b').r // 0.8
 */
export function correlationMatrix(columns: Record<string, NumericInput>, options: CorrelationMatrixOptions = {}): CorrelationMatrixResult {
  const method = options.method ?? 'pearson';
  const adjust = options.adjust ?? 'holm';
  const missing = options.missing ?? 'pairwise';
  const names = Object.keys(columns);
  if (names.length < 2) throw new StatsError('correlationMatrix needs at least two variables.');
  let cols = names.map((c) => columns[c]);
  if (missing === 'listwise') {
    const N = cols[0].length;
    const keep: number[] = [];
    for (let i = 0; i < N; i++) if (cols.every((v) => typeof v[i] === 'number' && Number.isFinite(v[i] as number))) keep.push(i);
    cols = cols.map((v) => keep.map((i) => v[i] as number));
  }
  const pairs: Omit<CorrelationPair, 'pAdjusted'>[] = [];
  for (let a = 0; a < names.length; a++) {
    for (let b = a + 1; b < names.length; b++) {
      const t = correlationTest(cols[a], cols[b], { method, confLevel: options.confLevel });
      pairs.push({ x: names[a], y: names[b], r: t.r, n: t.n, p: t.p, ci: t.ci as ConfidenceInterval });
    }
  }
  const adj = pAdjust(pairs.map((q) => q.p), adjust);
  return new CorrelationMatrixResult(names, method, adjust, missing, pairs.map((q, i) => ({ ...q, pAdjusted: adj[i] })));
}
