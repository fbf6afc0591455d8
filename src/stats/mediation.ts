/**
 * Simple mediation X → M → Y with covariates (the 2010 design: participation → competence →
 * parenting), by two least-squares regressions and a seeded case-resampling bootstrap of a·b.
 */
import { fmt, fmtCI, fmtLevel, fmtP, fmtNoLeadingZero } from './apa.js';
import { bootstrap, type BcaInterval, type BootstrapInterval } from './bootstrap.js';
import { normal, studentT } from './distributions.js';
import { leastSquaresOnRows } from './linear-model.js';
import { blockCoefficientCovariance, completeRows, fitRegressionBlock, pick, type RegressionBlock } from './path-model.js';
import { StatsError, type MissingHandling, type NumericInput, type StatResult } from './result.js';

export interface MediationInput {
  /** Predictor X (e.g. participation: 1 = Home-Start, 0 = comparison; or hours of support). */
  x: NumericInput;
  /** Mediator M (e.g. parenting competence at a later wave). */
  m: NumericInput;
  /** Outcome Y (e.g. parenting at the last wave). */
  y: NumericInput;
  /** Covariates entered in both regressions (e.g. baseline scores, age), by name. */
  covariates?: Readonly<Record<string, NumericInput>>;
}

export interface MediationOptions {
  /** Seed of the bootstrap generator; the same seed gives the same resamples and intervals. */
  seed: number;
  /** Bootstrap resamples (default 5000). */
  resamples?: number;
  /** Confidence level (default 0.95). */
  level?: number;
  /** Names for tables and sentences (default X, M, Y). */
  names?: { x?: string; m?: string; y?: string };
}

/** One regression path. `se`, `t`, `df`, `p` and the CI are OLS (R `lm`); `seMl`, `zMl`, `pMl` are lavaan's ML values. */
export interface MediationPath {
  path: 'a' | 'b' | "c'" | 'c';
  /** e.g. "a: X → M". */
  label: string;
  estimate: number;
  se: number;
  df: number;
  t: number;
  p: number;
  ciLower: number;
  ciUpper: number;
  /** ML standard error as lavaan `sem` (σ² = RSS/n): se·√((n − p)/n). */
  seMl: number;
  zMl: number;
  pMl: number;
}

/** The indirect effect a·b with its normal-theory and bootstrap inference. */
export interface MediationIndirect {
  estimate: number;
  /** Sobel (1982) first-order delta SE from the OLS SEs: √(b²·SE_a² + a²·SE_b²). */
  sobelSe: number;
  sobelZ: number;
  sobelP: number;
  /** The same delta-method SE from the ML SEs: lavaan's SE of `ab := a*b` (cov(a, b) = 0 under ML). */
  seMl: number;
  zMl: number;
  pMl: number;
  /** SD of the bootstrap replicates. */
  bootstrapSe: number;
  percentile: BootstrapInterval;
  bca: BcaInterval;
}

/** Proportion mediated a·b / c with bootstrap intervals from the same resamples. */
export interface MediationProportion {
  estimate: number;
  percentile: BootstrapInterval;
  bca: BcaInterval;
  /** Why the proportion should not be read (total effect near zero or of a different sign than a·b), if so. */
  caution?: string;
}

/**
 * a·b on the given rows (indices into the listwise-complete data, repeats allowed: a bootstrap
 * resample), or NaN when either regression is rank-deficient on those rows.
 * The data are the complete cases of `input` in their original order (the rows `mediation` uses).
 *
 * @example
 * ```ts
 * const x = [0, 0, 0, 0, 1, 1, 1, 1], m = [1, 2, 2, 3, 3, 4, 4, 6], y = [2, 2, 3, 4, 4, 5, 6, 7];
 * mediationIndirectEffect({ x, m, y }); // 2.1666666666666665 (= 13/6: a = 2.25 from lm(m ~ x), b = 26/27 from lm(y ~ x + m))
 * mediationIndirectEffect({ x, m, y }, [0, 1, 2, 3, 4, 5, 6, 7]); // the same rows: the same value
 * ```
 */
export function mediationIndirectEffect(input: MediationInput, rows?: ArrayLike<number>): number {
  const d = mediationData(input);
  return indirectOnRows(d, rows ?? Array.from({ length: d.n }, (_, i) => i));
}

interface MediationData {
  n: number;
  missing: number;
  x: Float64Array;
  m: Float64Array;
  y: Float64Array;
  covariates: Array<{ name: string; values: Float64Array }>;
}

function mediationData(input: MediationInput): MediationData {
  const cov = Object.entries(input.covariates ?? {});
  for (const [name] of cov) {
    if (name === 'x' || name === 'm' || name === 'y') throw new StatsError(`Mediation: a covariate may not be called "${name}" (that name is taken by a path variable).`);
  }
  const cols = [
    { name: 'x', values: input.x },
    { name: 'm', values: input.m },
    { name: 'y', values: input.y },
    ...cov.map(([name, values]) => ({ name, values })),
  ];
  const { rows, missing } = completeRows(cols, 'Mediation');
  return {
    n: rows.length,
    missing,
    x: pick(input.x, rows),
    m: pick(input.m, rows),
    y: pick(input.y, rows),
    covariates: cov.map(([name, values]) => ({ name, values: pick(values, rows) })),
  };
}

function indirectOnRows(d: MediationData, rows: ArrayLike<number>): number {
  const cov = d.covariates.map((c) => c.values);
  const ca = leastSquaresOnRows(d.m, [d.x, ...cov], rows);
  if (!ca) return NaN;
  const cb = leastSquaresOnRows(d.y, [d.x, d.m, ...cov], rows);
  if (!cb) return NaN;
  return ca[1] * cb[2];
}

function totalOnRows(d: MediationData, rows: ArrayLike<number>): number {
  const c = leastSquaresOnRows(d.y, [d.x, ...d.covariates.map((v) => v.values)], rows);
  return c ? c[1] : NaN;
}

/** Result of {@link mediation}. */
export class MediationResult implements StatResult {
  readonly method: string;
  readonly missingHandling: MissingHandling = 'listwise';
  constructor(
    readonly a: MediationPath,
    readonly b: MediationPath,
    readonly direct: MediationPath,
    readonly total: MediationPath,
    readonly indirect: MediationIndirect,
    /** lavaan's SE of `total := c' + a*b` (delta method with cov(c', b)), and its z and p. */
    readonly totalMl: { estimate: number; se: number; z: number; p: number },
    readonly proportionMediated: MediationProportion,
    readonly names: { x: string; m: string; y: string },
    readonly covariates: readonly string[],
    readonly n: number,
    readonly missing: number,
    readonly resamples: number,
    readonly seed: number,
    readonly level: number,
    readonly warnings: readonly string[],
  ) {
    this.method =
      `Simple mediation (${names.x} → ${names.m} → ${names.y}) by least squares${covariates.length ? ` adjusting for ${covariates.join(', ')}` : ''}; ` +
      `indirect effect a·b with ${resamples.toLocaleString('en-US')} case-resampling bootstrap resamples (seed ${seed}, percentile and BCa)`;
  }

  /** The paths as table rows (a, b, c′, c, then a·b). */
  table(): Array<Record<string, string | number>> {
    const row = (p: MediationPath) => ({ effect: p.label, estimate: p.estimate, se: p.se, t: p.t, df: p.df, p: p.p, ciLower: p.ciLower, ciUpper: p.ciUpper, ci: 't' });
    const i = this.indirect;
    return [
      row(this.a),
      row(this.b),
      row(this.direct),
      row(this.total),
      { effect: `a·b: indirect ${this.names.x} → ${this.names.m} → ${this.names.y}`, estimate: i.estimate, se: i.bootstrapSe, t: NaN, df: NaN, p: NaN, ciLower: i.bca.lower, ciUpper: i.bca.upper, ci: 'BCa bootstrap' },
    ];
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      names: { ...this.names },
      covariates: [...this.covariates],
      a: { ...this.a },
      b: { ...this.b },
      direct: { ...this.direct },
      total: { ...this.total },
      indirect: { ...this.indirect, percentile: { ...this.indirect.percentile }, bca: { ...this.indirect.bca } },
      totalMl: { ...this.totalMl },
      proportionMediated: { ...this.proportionMediated },
      n: this.n,
      missing: this.missing,
      missingHandling: this.missingHandling,
      resamples: this.resamples,
      seed: this.seed,
      level: this.level,
      warnings: [...this.warnings],
    };
  }

  /**
   * e.g. "indirect effect a·b = 0.41, 95% BCa CI [0.12, 0.77] (5,000 bootstrap resamples; a = 1.20, p = .004;
   * b = 0.34, p < .001); direct effect c′ = 0.10, p = .71; total effect c = 0.51, p = .07; proportion mediated = .80".
   */
  apa(): string {
    const i = this.indirect;
    const ci = Number.isFinite(i.bca.lower) ? fmtCI(i.bca.lower, i.bca.upper, this.level).replace('CI', 'BCa CI') : `no BCa CI (${i.bca.reason ?? 'undefined'})`;
    const pm = this.proportionMediated.estimate;
    return (
      `indirect effect a·b = ${fmt(i.estimate)}, ${ci} (${this.resamples.toLocaleString('en-US')} bootstrap resamples; ` +
      `a = ${fmt(this.a.estimate)}, ${fmtP(this.a.p)}; b = ${fmt(this.b.estimate)}, ${fmtP(this.b.p)}); ` +
      `direct effect c′ = ${fmt(this.direct.estimate)}, ${fmtP(this.direct.p)}; total effect c = ${fmt(this.total.estimate)}, ${fmtP(this.total.p)}; ` +
      `proportion mediated = ${Math.abs(pm) < 1 ? fmtNoLeadingZero(pm) : fmt(pm)}${this.proportionMediated.caution ? ' (not interpretable: see caution)' : ''}, n = ${this.n}`
    );
  }
}

function pathOf(block: RegressionBlock, coef: number, path: MediationPath['path'], label: string, level: number): MediationPath {
  const est = block.coefficients[0][coef];
  const se = Math.sqrt(blockCoefficientCovariance(block, 0, 'ols')[coef][coef]);
  const seMl = Math.sqrt(blockCoefficientCovariance(block, 0, 'ml')[coef][coef]);
  const df = block.n - block.p;
  const t = est / se;
  const q = studentT.quantile(1 - (1 - level) / 2, df);
  return { path, label, estimate: est, se, df, t, p: studentT.pTwoSided(t, df), ciLower: est - q * se, ciUpper: est + q * se, seMl, zMl: est / seMl, pMl: 2 * normal.sf(Math.abs(est / seMl)) };
}

/**
 * Simple mediation X → M → Y with optional covariates (Baron & Kenny, 1986, path notation; Hayes,
 * 2022, model 4; Preacher & Hayes, 2008, for the bootstrap):
 *
 * - a path: M = i₁ + a·X + Σγⱼ·Cⱼ + e₁ (least squares);
 * - b and direct c′ paths: Y = i₂ + c′·X + b·M + Σδⱼ·Cⱼ + e₂;
 * - total effect c: Y = i₃ + c·X + Σθⱼ·Cⱼ + e₃; with the same covariates c = c′ + a·b exactly;
 * - indirect effect a·b, proportion mediated a·b / c (R `mediation`'s "Prop. Mediated").
 *
 * Inference for a, b, c′, c: t tests with n − p df and t-based CIs, as `summary(lm(...))`. The
 * indirect effect is not normally distributed, so its primary CI is the **bootstrap**: participants
 * (rows) are resampled with replacement, both regressions refitted on each resample, and the
 * percentile and BCa (jackknife acceleration over participants) intervals taken by the project's one
 * bootstrap ({@link bootstrap}, `boot::boot.ci` arithmetic). The proportion mediated is bootstrapped
 * with the same seed, so on the same resamples. Sobel's normal-theory SE is reported too.
 *
 * Against **lavaan** (`sem('m ~ a*x + C; y ~ cp*x + b*m + C; ab := a*b; total := cp + a*b')`):
 * the point estimates are identical (ML = least squares for this saturated recursive model). lavaan's
 * SEs are ML SEs, σ² = RSS/n, so they are smaller by √((n − p)/n); `seMl` are those, and
 * `indirect.seMl` / `totalMl.se` equal lavaan's delta-method SEs of `ab` and `total`. Against **boot**:
 * the statistic on a given resample equals R's (tests feed R's `boot.array` indices to
 * {@link mediationIndirectEffect}), and the intervals given R's replicates equal `boot.ci(type = c("perc",
 * "bca"), L = empinf(type = "jack"))`; our own replicates differ from R's only by the generator.
 * Deliberate differences: boot.ci's default BCa acceleration is by regression (`empinf(type = "reg")`),
 * ours by the jackknife; lavaan's `se = "bootstrap"` intervals are percentile-type on lavaan's resamples.
 *
 * Missing values: listwise over X, M, Y and the covariates (the count is reported).
 *
 * @throws StatsError when a column has a different length, fewer complete rows than coefficients + 1,
 * or a predictor is constant / collinear (named).
 *
 * @example
 * ```ts
 * const x = [0, 0, 0, 0, 1, 1, 1, 1], m = [1, 2, 2, 3, 3, 4, 4, 6], y = [2, 2, 3, 4, 4, 5, 6, 7];
 * const r = mediation({ x, m, y }, { seed: 1, resamples: 1000 });
 * r.a.estimate;        // 2.25 (R coef(lm(m ~ x))[2])
 * r.indirect.estimate; // 2.1666666666666665 = a·b = 13/6
 * r.total.estimate;    // 2.75 = c′ + a·b (R coef(lm(y ~ x))[2])
 * ```
 */
export function mediation(input: MediationInput, options: MediationOptions): MediationResult {
  const level = options.level ?? 0.95;
  const R = options.resamples ?? 5000;
  if (!(level > 0 && level < 1)) throw new StatsError(`Mediation: level must lie between 0 and 1 (got ${level}).`);
  const names = { x: options.names?.x ?? 'X', m: options.names?.m ?? 'M', y: options.names?.y ?? 'Y' };
  const d = mediationData(input);
  const covNames = d.covariates.map((c) => c.name);
  const p = 3 + covNames.length;
  if (d.n <= p) throw new StatsError(`Mediation: ${d.n} complete participants (${d.missing} with a missing value) for ${p} coefficients of the outcome model; at least ${p + 1} are needed.`);
  const xp = { name: names.x, values: d.x };
  const mp = { name: names.m, values: d.m };
  const covs = d.covariates;
  const fa = fitRegressionBlock([{ name: names.m, values: d.m }], [xp, ...covs]);
  const fb = fitRegressionBlock([{ name: names.y, values: d.y }], [xp, mp, ...covs]);
  const fc = fitRegressionBlock([{ name: names.y, values: d.y }], [xp, ...covs]);
  const a = pathOf(fa, 1, 'a', `a: ${names.x} → ${names.m}`, level);
  const b = pathOf(fb, 2, 'b', `b: ${names.m} → ${names.y} (given ${names.x})`, level);
  const direct = pathOf(fb, 1, "c'", `c′: direct ${names.x} → ${names.y}`, level);
  const total = pathOf(fc, 1, 'c', `c: total ${names.x} → ${names.y}`, level);
  const ab = a.estimate * b.estimate;
  const sobelSe = Math.sqrt(b.estimate ** 2 * a.se ** 2 + a.estimate ** 2 * b.se ** 2);
  const seMl = Math.sqrt(b.estimate ** 2 * a.seMl ** 2 + a.estimate ** 2 * b.seMl ** 2);
  const vb = blockCoefficientCovariance(fb, 0, 'ml');
  const totalSeMl = Math.sqrt(vb[1][1] + a.estimate ** 2 * vb[2][2] + b.estimate ** 2 * a.seMl ** 2 + 2 * a.estimate * vb[1][2]);
  const totalEst = direct.estimate + ab;

  const idx = Float64Array.from({ length: d.n }, (_, i) => i);
  const stat = (rows: Float64Array) => indirectOnRows(d, rows);
  const boot = bootstrap({ samples: [idx], statistic: stat, resamples: R, seed: options.seed, level, method: 'both', name: 'a·b' });
  const prop = bootstrap({
    samples: [idx],
    statistic: (rows) => indirectOnRows(d, rows) / totalOnRows(d, rows),
    resamples: R,
    seed: options.seed,
    level,
    method: 'both',
    name: 'a·b / c',
  });
  const warnings = [...boot.warnings];
  let caution: string | undefined;
  if (total.ciLower <= 0 && total.ciUpper >= 0) {
    caution = `The total effect c = ${fmt(total.estimate)} has a ${fmtLevel(level)} CI that includes 0, so the proportion mediated a·b / c is unstable and should not be interpreted.`;
  } else if (Math.sign(ab) !== Math.sign(total.estimate)) {
    caution = 'a·b and the total effect have opposite signs (inconsistent mediation); the proportion mediated is not a share and should not be interpreted.';
  }
  if (caution) warnings.push(caution);
  return new MediationResult(
    a,
    b,
    direct,
    total,
    {
      estimate: ab,
      sobelSe,
      sobelZ: ab / sobelSe,
      sobelP: 2 * normal.sf(Math.abs(ab / sobelSe)),
      seMl,
      zMl: ab / seMl,
      pMl: 2 * normal.sf(Math.abs(ab / seMl)),
      bootstrapSe: boot.se,
      percentile: boot.percentile!,
      bca: boot.bca!,
    },
    { estimate: totalEst, se: totalSeMl, z: totalEst / totalSeMl, p: 2 * normal.sf(Math.abs(totalEst / totalSeMl)) },
    { estimate: ab / total.estimate, percentile: prop.percentile!, bca: prop.bca!, ...(caution ? { caution } : {}) },
    names,
    covNames,
    d.n,
    d.missing,
    R,
    options.seed,
    level,
    warnings,
  );
}
