/**
 * McDonald's ω (total) from a one-factor model, beside Cronbach's α.
 *
 * Reference: R lavaan `cfa('f =~ x1 + … + xk', std.lv = TRUE)` (maximum likelihood), ω = (Σλ)²/((Σλ)² + Σθ) as
 * semTools' `compRelSEM` computes it from the model-implied variance (tests/reference/reliability2.R).
 */
import { fmtCI, fmtNoLeadingZero } from './apa.js';
import { bootstrap } from './bootstrap.js';
import { StatsError, type ConfidenceInterval, type StatResult } from './result.js';

/** Result of {@link mcdonaldOmega}. */
export class OmegaResult implements StatResult {
  readonly method = "McDonald's ω total from a one-factor maximum-likelihood model (model-implied variance)";
  constructor(
    readonly omega: number,
    /** Unstandardised loadings λ (on the items' covariance scale, divisor n as lavaan). */
    readonly loadings: number[],
    /** Residual (unique) variances θ. */
    readonly uniquenesses: number[],
    readonly n: number,
    readonly missing: number,
    readonly iterations: number,
    /** Bootstrap CI over respondents when requested (`ci` option), else null. */
    readonly ci: ConfidenceInterval | null = null,
  ) {}
  toJSON(): Record<string, unknown> {
    return { method: this.method, omega: this.omega, loadings: this.loadings, uniquenesses: this.uniquenesses, n: this.n, missing: this.missing, missingHandling: 'listwise', iterations: this.iterations, ci: this.ci };
  }
  /** "ω = .84, 95% CI [.79, .88], k = 6, n = 120" (the CI when requested) */
  apa(): string {
    const ci = this.ci && Number.isFinite(this.ci.lower) ? `, ${fmtCI(this.ci.lower, this.ci.upper, this.ci.level, 2, true)}` : '';
    return `ω = ${fmtNoLeadingZero(this.omega)}${ci}, k = ${this.loadings.length}, n = ${this.n}`;
  }
}

/**
 * McDonald's (1999) ω total of a unidimensional scale: fit a one-factor model to the item covariance matrix S (divisor
 * n, as lavaan's ML) by maximum likelihood — the EM algorithm of Rubin & Thayer (1982), run to a relative change below
 * 1e-12 — and ω = (Σλⱼ)²/((Σλⱼ)² + Σθⱼ). This equals ω from lavaan `cfa(..., estimator = "ML")` (semTools
 * `compRelSEM`, psych `omega(nfactors = 1)` uses minres loadings and the observed total variance instead, so it
 * differs slightly). Complete rows only (listwise). With `ci: { seed }` a nonparametric bootstrap CI over respondents
 * (percentile by default, or BCa; 1000 resamples by default) from `bootstrap.ts`, as JASP and semTools report it.
 *
 * @throws StatsError for fewer than 3 items, n ≤ k, or a constant item.
 * Checked against lavaan 0.6 on 149 simulated respondents × 6 items (tests/stats/reliability-more.test.ts, 1e-6).
 */
export function mcdonaldOmega(
  items: ReadonlyArray<ArrayLike<number | null | undefined>>,
  options: { ci?: { seed: number; resamples?: number; level?: number; method?: 'percentile' | 'bca' } } = {},
): OmegaResult {
  const k = items[0]?.length ?? 0;
  if (k < 3) throw new StatsError(`McDonald's ω needs at least 3 items; got ${k}.`);
  const rows: number[][] = [];
  for (const r of items) {
    const v = Array.from(r);
    if (v.length === k && v.every((x) => typeof x === 'number' && Number.isFinite(x))) rows.push(v as number[]);
  }
  const n = rows.length;
  if (n <= k) throw new StatsError(`McDonald's ω: ${n} complete rows are too few for ${k} items.`);
  const fit = fitOneFactor(rows, k);
  let ci: ConfidenceInterval | null = null;
  if (options.ci) {
    const idx = rows.map((_, i) => i);
    const b = bootstrap({
      samples: [idx],
      statistic: (ix) => {
        try {
          return fitOneFactor(Array.from(ix, (i) => rows[i]), k).omega;
        } catch {
          return NaN;
        }
      },
      resamples: options.ci.resamples ?? 1000,
      seed: options.ci.seed,
      level: options.ci.level,
      method: options.ci.method ?? 'percentile',
      name: 'ω',
    });
    ci = b.ci;
  }
  return new OmegaResult(fit.omega, fit.lam, fit.th, n, items.length - n, fit.iterations, ci);
}

function fitOneFactor(rows: number[][], k: number): { omega: number; lam: number[]; th: number[]; iterations: number } {
  const n = rows.length;
  const m = Array.from({ length: k }, (_, j) => rows.reduce((a, r) => a + r[j], 0) / n);
  const S = Array.from({ length: k }, () => new Float64Array(k));
  for (const r of rows) for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) S[a][b] += ((r[a] - m[a]) * (r[b] - m[b])) / n;
  for (let j = 0; j < k; j++) if (!(S[j][j] > 0)) throw new StatsError(`McDonald's ω: item ${j + 1} is constant.`);
  // start: λ = √(0.5 s_jj), θ = 0.5 s_jj
  let lam = Array.from({ length: k }, (_, j) => Math.sqrt(0.5 * S[j][j]));
  let th = Array.from({ length: k }, (_, j) => 0.5 * S[j][j]);
  let it = 0;
  for (it = 1; it <= 100000; it++) {
    // Σ⁻¹λ for Σ = λλᵀ + Θ (Sherman–Morrison): β = λᵀΣ⁻¹ = (λ/θ)ᵀ/(1 + Σλ²/θ)
    const c = 1 + lam.reduce((a, l, j) => a + (l * l) / th[j], 0);
    const beta = lam.map((l, j) => l / th[j] / c);
    const Sb = S.map((row) => row.reduce((a, v, j) => a + v * beta[j], 0));
    const bSb = beta.reduce((a, b, j) => a + b * Sb[j], 0);
    const bl = beta.reduce((a, b, j) => a + b * lam[j], 0);
    const Ezz = 1 - bl + bSb;
    const lamNew = Sb.map((v) => v / Ezz);
    const thNew = lamNew.map((l, j) => Math.max(S[j][j] - l * Sb[j], 1e-12 * S[j][j]));
    let change = 0;
    for (let j = 0; j < k; j++) change = Math.max(change, Math.abs(lamNew[j] - lam[j]) / Math.sqrt(S[j][j]), Math.abs(thNew[j] - th[j]) / S[j][j]);
    lam = lamNew;
    th = thNew;
    if (change < 1e-12) break;
  }
  if (it > 100000) throw new StatsError("McDonald's ω: the one-factor model did not converge.");
  // sign: loadings positive on balance
  if (lam.reduce((a, b) => a + b, 0) < 0) lam = lam.map((l) => -l);
  const sl = lam.reduce((a, b) => a + b, 0);
  const st = th.reduce((a, b) => a + b, 0);
  return { omega: (sl * sl) / (sl * sl + st), lam, th, iterations: it };
}
