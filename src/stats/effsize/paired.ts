/**
 * Standardized mean differences for paired / repeated measures (pre–post) data:
 * d_z, d_rm, d_av (Lakens), d_av as in R effectsize (root-mean-square SD), and Becker's d_b.
 */
import { normal } from '../distributions.js';
import { correlation, mean, sd, variance } from '../moments.js';
import { ncpConfidenceInterval } from '../noncentral-t.js';
import { StatsError, pairedDifferences, type ConfidenceInterval, type NumericInput } from '../result.js';
import { EffectSizeResult, checkEffectSizeLevel, hedgesJ, type EffectSizeMeasure } from './result.js';

/**
 * - `z`: d_z = M_diff / SD_diff (Cohen, 1988) — CI by noncentral t.
 * - `rm`: d_rm = d_z·√(2(1 − r)) (Lakens, 2013, eq. 9; Morris & DeShon, 2002) — normal CI.
 * - `av`: d_av = M_diff / ((SD_x + SD_y)/2) (Lakens, 2013, eq. 10; Cumming, 2012) — normal CI.
 * - `av_rms`: M_diff / √((SD_x² + SD_y²)/2), what R effectsize calls "av" — normal CI.
 * - `b`: d_b = M_diff / SD_y, Becker's (1988) d standardized by the pre-test (reference) SD — normal CI.
 */
export type RepeatedMeasuresMethod = 'z' | 'rm' | 'av' | 'av_rms' | 'b';

export interface RepeatedMeasuresOptions {
  /** Which d (default `rm`, like R effectsize::repeated_measures_d). */
  method?: RepeatedMeasuresMethod;
  /** Confidence level (default 0.95). */
  level?: number;
  /**
   * Multiply estimate and CI limits by Hedges' J(n − 1) (R effectsize's `adjust = TRUE`, its default there).
   * Default false: the unadjusted d.
   */
  adjust?: boolean;
}

const INFO: Record<RepeatedMeasuresMethod, { measure: EffectSizeMeasure; name: string; symbol: string; ci: string }> = {
  z: { measure: 'd_z', name: 'd_z (SD of the differences)', symbol: 'd_z', ci: 'noncentral t inversion (Steiger & Fouladi, 1997)' },
  rm: {
    measure: 'd_rm',
    name: 'd_rm (repeated measures, corrected for the pre–post correlation)',
    symbol: 'd_rm',
    ci: 'normal approximation, SE = √((1/n + d²/(2n))·2(1 − r)) (Cooper, Hedges & Valentine, 2009, eq. 12.21)',
  },
  av: {
    measure: 'd_av',
    name: 'd_av (mean of the two SDs, Lakens 2013)',
    symbol: 'd_av',
    ci: 'normal approximation, SE = SD_diff/(√n·s_av) (Algina & Keselman, 2003, eq. 4, with s_av = (SD_x + SD_y)/2)',
  },
  av_rms: {
    measure: 'd_av_rms',
    name: 'd_av (root mean square of the two SDs, as R effectsize "av")',
    symbol: 'd_av',
    ci: 'normal approximation, SE = SD_diff/(√n·s_av) (Algina & Keselman, 2003, eq. 4)',
  },
  b: {
    measure: 'd_b',
    name: "Becker's d_b (pre-test / reference SD)",
    symbol: 'd_b',
    ci: 'normal approximation, SE = √(2(1 − r)/n + d²/(2n)) (Becker, 1988, eq. 6)',
  },
};

/**
 * Standardized mean difference for paired data, d = (M_x − M_y − μ₀)/s with the standardizer s set by `method`
 * (see {@link RepeatedMeasuresMethod}). Argument order follows R effectsize: the differences are x − y, and `y`
 * is the reference (pre-test) measurement, so for pre–post data call `repeatedMeasuresD(post, pre)`; d > 0 then
 * means scores rose.
 *
 * Formulas (n pairs, r = Pearson correlation of x and y, D = x − y):
 * - z: s = SD_D; CI: t = d·√n, df = n − 1, noncentral-t limits /√n (as `effectsize::cohens_d(x, y, paired = TRUE)`).
 * - rm: s = SD_D/√(2(1 − r)), i.e. d_rm = d_z·√(2(1 − r)); SE per Cooper et al. (2009) eq. 12.21.
 * - av: s = (SD_x + SD_y)/2 (Lakens, 2013). av_rms: s = √((SD_x² + SD_y²)/2) (R effectsize "av");
 *   SE = SD_D/(√n·s) for both (Algina & Keselman, 2003).
 * - b: s = SD_y; SE = √(2(1 − r)/n + d²/(2n)) (Becker, 1988).
 * Normal CIs are d ± z(1−α/2)·SE. With `adjust`, estimate and limits are multiplied by J(n − 1).
 *
 * R: effectsize 0.8.3 (installed) has no `repeated_measures_d`; the rm/av/b references were computed in R with the
 * formulas of effectsize ≥ 0.8.7's `.paired_d` (tests/reference/effsize.R), d_z against `cohens_d(paired = TRUE)`.
 * Deliberate difference: effectsize ≥ 0.8.7 gives d_z a normal CI; we keep the exact noncentral-t CI.
 *
 * Pairs with a missing value on either side are dropped (listwise). Throws a StatsError for fewer than 2 pairs,
 * SD_D = 0 (z, rm), r undefined (rm, b), r = 1 (rm: d_rm is undefined) or a zero standardizer.
 *
 * @example
 * // Lakens (2013) movie ratings: d_z = 1.50, d_rm = 1.11, d_av = 1.13
 * repeatedMeasuresD(movie1, movie2, { method: 'av' }).apa() // "d_av = 1.13, 95% CI [0.66, 1.60]"
 */
export function repeatedMeasuresD(x: NumericInput, y: NumericInput, options: RepeatedMeasuresOptions = {}): EffectSizeResult {
  const method = options.method ?? 'rm';
  const level = options.level ?? 0.95;
  const info = INFO[method];
  if (!info) throw new StatsError(`repeatedMeasuresD: unknown method "${String(method)}" (use z, rm, av, av_rms or b).`);
  const what = `repeatedMeasuresD (${info.symbol})`;
  checkEffectSizeLevel(level, what);
  const p = pairedDifferences(x, y, what);
  const n = p.x.length;
  if (n < 2) throw new StatsError(`${what} needs at least 2 complete pairs (got ${n}).`);
  const diff = p.d;
  const mD = mean(diff);
  const sdD = sd(diff, mD);
  const sx = sd(p.x);
  const sy = sd(p.y);
  const r = correlation(p.x, p.y);
  const df = n - 1;
  const z = normal.quantile(1 - (1 - level) / 2, 0, 1);
  const notes: string[] = [];
  let s: number;
  let d: number;
  let ci: ConfidenceInterval;
  let se = NaN;
  const needR = (): void => {
    if (Number.isNaN(r)) throw new StatsError(`${what} is undefined: the pre–post correlation cannot be computed because one measurement has zero variance.`);
  };
  switch (method) {
    case 'z': {
      if (!(sdD > 0)) throw new StatsError(`${what} is undefined: every difference is the same (SD of the differences = 0).`);
      s = sdD;
      d = mD / s;
      const t = d * Math.sqrt(n);
      try {
        const nc = ncpConfidenceInterval(t, df, level);
        ci = { lower: nc.lower / Math.sqrt(n), upper: nc.upper / Math.sqrt(n), level, method: info.ci };
      } catch (e) {
        notes.push(`The CI could not be computed: ${(e as Error).message}`);
        ci = { lower: NaN, upper: NaN, level, method: info.ci };
      }
      break;
    }
    case 'rm': {
      needR();
      if (r >= 1 - 1e-12) throw new StatsError(`${what} is undefined when the pre–post correlation is 1 (r = ${r}): √(2(1 − r)) = 0.`);
      if (!(sdD > 0)) throw new StatsError(`${what} is undefined: every difference is the same (SD of the differences = 0).`);
      const f = 2 * (1 - r);
      s = sdD / Math.sqrt(f);
      d = mD / s;
      se = Math.sqrt((1 / n + (d * d) / (2 * n)) * f);
      ci = { lower: d - z * se, upper: d + z * se, level, method: info.ci };
      break;
    }
    case 'av':
    case 'av_rms': {
      s = method === 'av' ? (sx + sy) / 2 : Math.sqrt((sx * sx + sy * sy) / 2);
      if (!(s > 0)) throw new StatsError(`${what} is undefined: both measurements have zero variance.`);
      d = mD / s;
      se = Math.sqrt(variance(diff, mD) / n) / s;
      ci = { lower: d - z * se, upper: d + z * se, level, method: info.ci };
      break;
    }
    case 'b': {
      needR();
      s = sy;
      if (!(s > 0)) throw new StatsError(`${what} is undefined: the reference (pre-test) measurement has zero variance.`);
      d = mD / s;
      se = Math.sqrt((2 * (1 - r)) / n + (d * d) / (2 * n));
      ci = { lower: d - z * se, upper: d + z * se, level, method: info.ci };
      break;
    }
    default:
      throw new StatsError(`repeatedMeasuresD: unknown method "${String(method)}".`);
  }
  let estimate = d;
  let J = 1;
  if (options.adjust) {
    J = hedgesJ(df);
    estimate = J * d;
    ci = { ...ci, lower: J * ci.lower, upper: J * ci.upper, method: `${ci.method}, times Hedges' J(n − 1)` };
  }
  return new EffectSizeResult({
    method: options.adjust ? `${info.name}, bias-corrected (J)` : info.name,
    measure: info.measure,
    symbol: options.adjust ? info.symbol.replace(/^d/, 'g') : info.symbol,
    estimate,
    ci,
    n: { pairs: n },
    missing: p.missing,
    missingHandling: 'listwise',
    details: {
      df,
      standardizer: s,
      meanDifference: mD,
      sdDifference: sdD,
      sdX: sx,
      sdY: sy,
      r,
      se,
      J,
      adjusted: options.adjust === true,
    },
    notes,
  });
}
