/**
 * Reliable change indices (RCI): is one person's pre–post change larger than measurement error
 * would produce?
 *
 * Methods follow the R package clinicalsignificance (Benedikt Claus; `cs_distribution(...,
 * rci_method = "JT" | "GLN" | "HLL" | "EN" | "NK" | "HA")`, source files `R/calc_rci.R`,
 * `R/rci-utils.R`, `R/cs_distribution.R` on GitHub `pedscience/clinicalsignificance`), checked
 * against an independent Python re-implementation (tests/reference/reliable_change.py → .json).
 */
import { fmt, fmtNoLeadingZero } from './apa.js';
import { changeDirectionSign, type ChangeDirection, completePrePostIndices } from './change.js';
import { normal } from './distributions.js';
import { correlation, mean, sd } from './moments.js';
import { fmtPercentWithCI, type ProportionResult, wilsonInterval } from './proportion.js';
import { type MissingHandling, type NumericInput, type StatResult, StatsError } from './result.js';
import { fitLmm } from './lmm/fit.js';
import type { LmmResult } from './lmm/result.js';

/**
 * RCI method, named as in clinicalsignificance:
 * - `JT`  Jacobson & Truax (1991)
 * - `GLN` Gulliksen, Lord & Novick (Hsu, 1989, 1995)
 * - `HLL` Hsu, Linn & Lord (Hsu, 1989)
 * - `EN`  Edwards & Nunnally (Speer, 1992)
 * - `NK`  Nunnally & Kotsch (1983), with separate pre and post reliabilities
 * - `HA`  Hageman & Arrindell (1999), RC_indiv
 * - `HLM` empirical-Bayes slopes of a growth model (Raudenbush & Bryk, 2002), from repeated measurements:
 *   {@link hlmReliableChange}
 */
export type RciMethod = 'JT' | 'GLN' | 'HLL' | 'EN' | 'NK' | 'HA' | 'HLM';

/** Display name and reference of each RCI method, used as the result's `method`. */
export const RCI_METHOD_NAMES: Record<RciMethod, string> = {
  JT: 'Jacobson–Truax RCI (Jacobson & Truax, 1991)',
  GLN: 'Gulliksen–Lord–Novick RCI (Hsu, 1989, 1995)',
  HLL: 'Hsu–Linn–Lord RCI (Hsu, 1989)',
  EN: 'Edwards–Nunnally RCI (Speer, 1992)',
  NK: 'Nunnally–Kotsch RCI (Nunnally & Kotsch, 1983)',
  HA: 'Hageman–Arrindell RC_indiv (Hageman & Arrindell, 1999)',
  HLM: 'HLM reliable change: empirical-Bayes slope / its conditional SD (Raudenbush & Bryk, 2002)',
};

export interface ReliableChangeOptions {
  /** Reliability of the instrument (pre-test reliability for NK), strictly between 0 and 1. */
  reliability: number;
  /** NK only: reliability at post-test; defaults to `reliability` (as the R package does). */
  reliabilityPost?: number;
  /** RCI method, default `'JT'`. */
  method?: RciMethod;
  /** Which way is good on the scale. */
  direction: ChangeDirection;
  /**
   * Significance level α, default 0.05. Critical value z = Φ⁻¹(1 − α/2) (two-sided, 1.959964) for
   * all methods except HA, which uses the one-sided Φ⁻¹(1 − α) = 1.644854 (as the R package does).
   */
  alpha?: number;
  /** Critical |RCI| to use instead of the α-based value (e.g. exactly 1.96 as in Jacobson & Truax). */
  criticalValue?: number;
  /**
   * SD used for the standard error of measurement, e.g. a published norm SD. Default: the SD of the
   * pre scores of the complete pairs (as in the R package).
   */
  sdPre?: number;
  /** Mean used to regress pre scores (GLN, HLL, EN, NK, HA). Default: mean of the pre scores. */
  meanPre?: number;
  /** Confidence level of the Wilson intervals in the summary, default 0.95. */
  level?: number;
}

/** Reliable-change category of one person. */
export type ReliableChangeCategory = 'improved' | 'unchanged' | 'deteriorated';

export interface ReliableChangeRow {
  /** Position in the input arrays. */
  index: number;
  pre: number;
  post: number;
  change: number;
  /** The person's RCI (z-like statistic; its sign is that of post − pre, not of improvement). */
  rci: number;
  /** EN and NK: the pre score regressed toward the mean, r·(pre − M_pre) + M_pre. */
  preTrue?: number;
  category: ReliableChangeCategory;
  /** HLM only: participant id, empirical-Bayes slope (conditional mode, deviation from the mean slope) and its conditional SD. */
  id?: string;
  ebSlope?: number;
  ebSd?: number;
}

/** Method parameters, all numbers the RCI was built from (NaN where a method does not use one). */
export interface ReliableChangeParameters {
  meanPre: number;
  sdPre: number;
  meanPost: number;
  sdPost: number;
  /** SE of measurement s·√(1 − r). */
  seMeasurement: number;
  /** JT: √2·SE. */
  sDiff: number;
  /** GLN, HLL: s·√(1 − r²). */
  sePrediction: number;
  /** NK: √(r²s²(1 − r) + s²(1 − r_post)). */
  nkDenominator: number;
  /** HA: reliability of the difference scores. */
  rDD: number;
  /** HA: pre–post correlation. */
  corPrePost: number;
}

/** Internal result of the per-person computation, shared with clinical-significance.ts. */
export interface RciComputation {
  method: RciMethod;
  sign: 1 | -1;
  criticalValue: number;
  reliability: number;
  reliabilityPost: number;
  params: ReliableChangeParameters;
  rows: ReliableChangeRow[];
  excluded: number[];
  /** Where sdPre / meanPre came from. */
  reference: { sdPre: 'sample' | 'given'; meanPre: 'sample' | 'given' };
}

function checkReliability(r: number, what: string): void {
  if (typeof r !== 'number' || !(r > 0 && r < 1)) {
    throw new StatsError(
      `${what} must lie strictly between 0 and 1 (got ${String(r)}): with r ≥ 1 measurement error is zero and every change is "reliable"; with r ≤ 0 the scale measures nothing.`,
    );
  }
}

/**
 * Default critical value for a method: two-sided z = Φ⁻¹(1 − α/2) for all but HA, one-sided
 * Φ⁻¹(1 − α) for HA (clinicalsignificance `cs_distribution`).
 *
 * @example
 * rciCriticalValue('JT') // 1.959963984540054
 * rciCriticalValue('HA') // 1.6448536269514729
 */
export function rciCriticalValue(method: RciMethod, alpha = 0.05): number {
  if (!(alpha > 0 && alpha < 1)) throw new StatsError(`alpha must lie strictly between 0 and 1 (got ${alpha}).`);
  return method === 'HA' ? normal.quantile(1 - alpha) : normal.quantile(1 - alpha / 2);
}

/**
 * Computes the RCI of every complete pre–post pair (formulas at {@link reliableChange}). Exported
 * for clinical-significance.ts; most users want {@link reliableChange}, which wraps this in a
 * result object.
 *
 * @example
 * computeRci([5, 5, 5], [4, 6, 7], { reliability: 0.8, direction: 'higher-better', sdPre: 2 }).params.sDiff
 * // 1.2649… = √(2 · (2·√0.2)²)
 */
export function computeRci(pre: NumericInput, post: NumericInput, options: ReliableChangeOptions): RciComputation {
  const method: RciMethod = options.method ?? 'JT';
  if (!(method in RCI_METHOD_NAMES)) {
    throw new StatsError(`Unknown RCI method "${String(method)}"; use one of ${Object.keys(RCI_METHOD_NAMES).join(', ')}.`);
  }
  const sign = changeDirectionSign(options.direction);
  const r = options.reliability;
  checkReliability(r, 'reliability');
  const rPost = options.reliabilityPost ?? r;
  if (method === 'NK') checkReliability(rPost, 'reliabilityPost');
  if (method === 'HLM') {
    throw new StatsError('The HLM method needs repeated measurements per person, not one pre–post pair: use hlmReliableChange(data, options).');
  }
  const criticalValue = options.criticalValue ?? rciCriticalValue(method, options.alpha ?? 0.05);
  if (!(criticalValue > 0 && Number.isFinite(criticalValue))) {
    throw new StatsError(`criticalValue must be a positive finite number (got ${criticalValue}).`);
  }

  const { keep, excluded } = completePrePostIndices(pre, post, 'reliable change');
  const x = Float64Array.from(keep, (i) => pre[i] as number);
  const y = Float64Array.from(keep, (i) => post[i] as number);
  const n = keep.length;

  const needsMeanPre = method !== 'JT' && options.meanPre === undefined;
  const needsSdPre = options.sdPre === undefined;
  const needsPost = method === 'HLL' || method === 'HA';
  if ((needsSdPre || needsPost) && n < 2) {
    throw new StatsError(
      `reliable change (${method}): needs at least 2 people with both pre and post scores to estimate the SD${needsPost ? ' and post-test statistics' : ''} (got ${n}; ${excluded.length} excluded for missing values). Supply sdPre from norms to score fewer people.`,
    );
  }
  if (needsMeanPre && n < 1) {
    throw new StatsError(`reliable change (${method}): needs at least one complete pre–post pair or a meanPre (got none).`);
  }

  const sdPre = options.sdPre ?? sd(x);
  const meanPre = options.meanPre ?? (n > 0 ? mean(x) : NaN);
  if (!(sdPre > 0 && Number.isFinite(sdPre))) {
    throw new StatsError(
      `reliable change: the pre-test SD is ${sdPre}; it must be positive (all pre scores equal?). Supply sdPre from norms if the sample has no spread.`,
    );
  }
  if (options.meanPre !== undefined && !Number.isFinite(options.meanPre)) {
    throw new StatsError(`reliable change: meanPre must be a finite number (got ${options.meanPre}).`);
  }
  const meanPost = n > 0 ? mean(y) : NaN;
  const sdPost = n > 1 ? sd(y) : NaN;

  const seM = sdPre * Math.sqrt(1 - r);
  const params: ReliableChangeParameters = {
    meanPre,
    sdPre,
    meanPost,
    sdPost,
    seMeasurement: seM,
    sDiff: NaN,
    sePrediction: NaN,
    nkDenominator: NaN,
    rDD: NaN,
    corPrePost: NaN,
  };

  let rciOf: (a: number, b: number) => number;
  let preTrueOf: ((a: number) => number) | undefined;
  switch (method) {
    case 'JT': {
      params.sDiff = Math.sqrt(2 * seM * seM);
      const sDiff = params.sDiff;
      rciOf = (a, b) => (b - a) / sDiff;
      break;
    }
    case 'GLN': {
      params.sePrediction = sdPre * Math.sqrt(1 - r * r);
      const sp = params.sePrediction;
      rciOf = (a, b) => (b - meanPre - r * (a - meanPre)) / sp;
      break;
    }
    case 'HLL': {
      params.sePrediction = sdPre * Math.sqrt(1 - r * r);
      const sp = params.sePrediction;
      rciOf = (a, b) => (b - meanPost - r * (a - meanPre)) / sp;
      break;
    }
    case 'EN': {
      preTrueOf = (a) => r * (a - meanPre) + meanPre;
      const pt = preTrueOf;
      rciOf = (a, b) => (b - pt(a)) / seM;
      break;
    }
    case 'NK': {
      params.nkDenominator = Math.sqrt(r * r * sdPre * sdPre * (1 - r) + sdPre * sdPre * (1 - rPost));
      const den = params.nkDenominator;
      preTrueOf = (a) => r * (a - meanPre) + meanPre;
      const pt = preTrueOf;
      rciOf = (a, b) => (b - pt(a)) / den;
      break;
    }
    case 'HA': {
      if (!(sdPost > 0)) {
        throw new StatsError('reliable change (HA): all post-test scores are equal (SD = 0); the Hageman–Arrindell reliabilities are undefined.');
      }
      const r1 = (sdPre * sdPre - seM * seM) / (sdPre * sdPre);
      const r2 = (sdPost * sdPost - seM * seM) / (sdPost * sdPost);
      const rho = correlation(x, y);
      if (Number.isNaN(rho)) throw new StatsError('reliable change (HA): the pre–post correlation is undefined (a variable has no spread).');
      const num = sdPre * sdPre * r1 + sdPost * sdPost * r2 - 2 * sdPre * sdPost * rho;
      const den = sdPre * sdPre + sdPost * sdPost - 2 * sdPre * sdPost * rho;
      if (!(den > 0)) {
        throw new StatsError('reliable change (HA): every person changed by the same amount, so the reliability of the difference scores is undefined.');
      }
      const rdd = num / den;
      params.corPrePost = rho;
      params.rDD = rdd;
      if (!(rdd > 0)) {
        throw new StatsError(
          `reliable change (HA): the reliability of the difference scores r_DD = ${rdd.toFixed(4)} is not positive, so RC_indiv cannot be computed (post-test SD too small relative to the measurement error?).`,
        );
      }
      const dm = meanPost - meanPre;
      const scale = Math.sqrt(rdd) * Math.sqrt(2 * seM * seM);
      rciOf = (a, b) => ((b - a) * rdd + dm * (1 - rdd)) / scale;
      break;
    }
    default:
      throw new StatsError(`Unknown RCI method "${String(method)}".`);
  }

  const rows: ReliableChangeRow[] = keep.map((idx, j) => {
    const a = x[j];
    const b = y[j];
    const rci = rciOf(a, b);
    const s = sign * rci;
    const category: ReliableChangeCategory = s > criticalValue ? 'improved' : s < -criticalValue ? 'deteriorated' : 'unchanged';
    const row: ReliableChangeRow = { index: idx, pre: a, post: b, change: b - a, rci, category };
    if (preTrueOf) row.preTrue = preTrueOf(a);
    return row;
  });

  return {
    method,
    sign,
    criticalValue,
    reliability: r,
    reliabilityPost: method === 'NK' ? rPost : NaN,
    params,
    rows,
    excluded,
    reference: { sdPre: options.sdPre === undefined ? 'sample' : 'given', meanPre: options.meanPre === undefined ? 'sample' : 'given' },
  };
}

/** Reliable change for a group of people, with per-person rows and a summary. */
export class ReliableChangeResult implements StatResult {
  readonly method: string;
  readonly rciMethod: RciMethod;
  readonly direction: ChangeDirection;
  readonly reliability: number;
  /** NK only, else NaN. */
  readonly reliabilityPost: number;
  readonly criticalValue: number;
  readonly parameters: ReliableChangeParameters;
  readonly reference: { sdPre: 'sample' | 'given'; meanPre: 'sample' | 'given' };
  readonly rows: ReliableChangeRow[];
  readonly n: number;
  readonly nMissing: number;
  readonly excluded: number[];
  readonly missing: MissingHandling = 'listwise';
  /** Count, proportion and Wilson CI per category. */
  readonly summary: Record<ReliableChangeCategory, ProportionResult>;
  /**
   * HA only (else null): Hageman & Arrindell's (1999) group-level estimate of the share of people
   * whose true change is in the good direction, `changed` = Φ(s·M_change/(SD_change·√r_DD)) with
   * s = direction sign (clinicalsignificance `create_summary_table.cs_combined`, z_changed).
   */
  readonly groupLevel: { changed: number; zChanged: number; meanChange: number; sdChange: number } | null;

  constructor(c: RciComputation, direction: ChangeDirection, level: number) {
    this.rciMethod = c.method;
    this.method = RCI_METHOD_NAMES[c.method];
    this.direction = direction;
    this.reliability = c.reliability;
    this.reliabilityPost = c.reliabilityPost;
    this.criticalValue = c.criticalValue;
    this.parameters = c.params;
    this.reference = c.reference;
    this.rows = c.rows;
    this.n = c.rows.length;
    this.excluded = c.excluded;
    this.nMissing = c.excluded.length;
    const count = (k: ReliableChangeCategory) => c.rows.filter((r) => r.category === k).length;
    this.summary = {
      improved: wilsonInterval(count('improved'), this.n, level),
      unchanged: wilsonInterval(count('unchanged'), this.n, level),
      deteriorated: wilsonInterval(count('deteriorated'), this.n, level),
    };
    if (c.method === 'HA') {
      const ch = Float64Array.from(c.rows, (r) => r.change);
      const mc = mean(ch);
      const sdc = sd(ch, mc);
      const zChanged = (0 - mc) / (sdc * Math.sqrt(c.params.rDD));
      this.groupLevel = { changed: c.sign === 1 ? normal.sf(zChanged) : normal.cdf(zChanged), zChanged, meanChange: mc, sdChange: sdc };
    } else {
      this.groupLevel = null;
    }
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      rciMethod: this.rciMethod,
      direction: this.direction,
      reliability: this.reliability,
      reliabilityPost: this.reliabilityPost,
      criticalValue: this.criticalValue,
      parameters: { ...this.parameters },
      reference: { ...this.reference },
      n: this.n,
      nMissing: this.nMissing,
      missing: this.missing,
      summary: Object.fromEntries(Object.entries(this.summary).map(([k, v]) => [k, v.toJSON()])),
      groupLevel: this.groupLevel ? { ...this.groupLevel } : null,
      rows: this.rows.map((r) => ({ ...r })),
    };
  }

  /**
   * "Jacobson–Truax RCI (r = .80, S_diff = 4.47, critical |RCI| = 1.96; n = 30, 2 excluded):
   * improved 12 (40.0%, 95% CI [24.6, 57.7]), unchanged 15 (…), deteriorated 3 (…)"
   */
  apa(): string {
    const p = this.parameters;
    const parts = this.rciMethod === 'HLM' ? ['outcome ~ time + (time | id), REML'] : [`r = ${fmtNoLeadingZero(this.reliability, 2)}`];
    if (this.rciMethod === 'JT') parts.push(`S_diff = ${fmt(p.sDiff)}`);
    if (this.rciMethod === 'GLN' || this.rciMethod === 'HLL') parts.push(`SE_pred = ${fmt(p.sePrediction)}`);
    if (this.rciMethod === 'EN') parts.push(`SE = ${fmt(p.seMeasurement)}`);
    if (this.rciMethod === 'NK') parts.push(`r_post = ${fmtNoLeadingZero(this.reliabilityPost, 2)}`);
    if (this.rciMethod === 'HA') parts.push(`r_DD = ${fmtNoLeadingZero(p.rDD, 2)}`);
    parts.push(`critical |RCI| = ${fmt(this.criticalValue)}`);
    const excl =
      this.nMissing > 0 ? `, ${this.nMissing} excluded for ${this.rciMethod === 'HLM' ? 'fewer than 3 measurements' : 'missing pre or post'}` : '';
    const cats = (['improved', 'unchanged', 'deteriorated'] as const)
      .map((k) => `${k} ${this.summary[k].successes} (${fmtPercentWithCI(this.summary[k])})`)
      .join(', ');
    const ha = this.groupLevel ? `; group level: ${(100 * this.groupLevel.changed).toFixed(1)}% estimated to have changed for the better` : '';
    return `${this.method} (${parts.join(', ')}; n = ${this.n}${excl}): ${cats}${ha}`;
  }
}

/**
 * Reliable change index per person, and how many people reliably improved, stayed the same or
 * deteriorated.
 *
 * Notation: x = pre, y = post, r = reliability, s = SD of pre (sample, or `sdPre`), M_x = mean of
 * pre (sample, or `meanPre`), M_y and s_y = mean and SD of post (sample),
 * SE = s·√(1 − r) (standard error of measurement), SE_pred = s·√(1 − r²).
 *
 * - **JT** (Jacobson & Truax, 1991): S_diff = √(2·SE²); RCI = (y − x)/S_diff.
 * - **GLN** (Gulliksen, Lord & Novick; Hsu, 1989): RCI = [(y − M_x) − r(x − M_x)]/SE_pred.
 * - **HLL** (Hsu, Linn & Lord; Hsu, 1989): RCI = [(y − M_y) − r(x − M_x)]/SE_pred.
 * - **EN** (Edwards & Nunnally; Speer, 1992): x_true = r(x − M_x) + M_x; RCI = (y − x_true)/SE.
 * - **NK** (Nunnally & Kotsch, 1983): RCI = (y − x_true)/√(r²s²(1 − r) + s²(1 − r_post)).
 * - **HA** (Hageman & Arrindell, 1999): r_xx1 = (s² − SE²)/s², r_xx2 = (s_y² − SE²)/s_y²,
 *   ρ = cor(x, y), r_DD = (s²r_xx1 + s_y²r_xx2 − 2ss_yρ)/(s² + s_y² − 2ss_yρ);
 *   RC_indiv = [(y − x)·r_DD + (M_y − M_x)(1 − r_DD)] / (√r_DD·√(2·SE²)).
 *
 * A person reliably improved when sign·RCI > z_crit and deteriorated when sign·RCI < −z_crit,
 * sign = +1 for higher-better, −1 for higher-worse. z_crit = Φ⁻¹(1 − α/2) (1.959964 for α = .05),
 * for HA the one-sided Φ⁻¹(1 − α) (1.644854) — both as in clinicalsignificance; pass
 * `criticalValue: 1.96` to use Jacobson & Truax's rounded value.
 *
 * All formulas are those of the R package clinicalsignificance (`calc_rci.cs_jt`, `.cs_gln`,
 * `.cs_hll`, `.cs_en`, `.cs_nk`, `.cs_ha`; `.calc_improvement`). Deliberate differences: the
 * package accepts reliability 0 and 1 (both give division by zero or a meaningless index), this
 * function requires 0 < r < 1; `sdPre`/`meanPre` may be given from norms (the package always uses
 * the sample). Missing values: people with pre or post missing are excluded and counted, as the
 * package does.
 *
 * The summary gives counts and percentages with Wilson score 95% CIs (see {@link wilsonInterval}).
 *
 * @example
 * // Jacobson & Truax (1991), Table 2 (DAS, higher = better), r = .96, SD = 17.8 (Spanier, 1976)
 * const r = reliableChange(dasPre, dasPost, { reliability: 0.96, sdPre: 17.8, direction: 'higher-better', criticalValue: 1.96 });
 * r.parameters.sDiff // 5.0346… = √2 · 17.8 · √.04
 */
export function reliableChange(pre: NumericInput, post: NumericInput, options: ReliableChangeOptions): ReliableChangeResult {
  const level = options.level ?? 0.95;
  const c = computeRci(pre, post, options);
  return new ReliableChangeResult(c, options.direction, level);
}

export interface HlmReliableChangeOptions {
  /** Whether higher scores are better or worse. */
  direction: ChangeDirection;
  /** Two-sided α for the critical value Φ⁻¹(1 − α/2) (default .05). */
  alpha?: number;
  /** Critical |RCI| (default from alpha: 1.959964). */
  criticalValue?: number;
  /** Level of the Wilson CIs of the category percentages (default .95). */
  level?: number;
}

/**
 * HLM reliable change (clinicalsignificance `cs_distribution(..., rci_method = "HLM")`): from repeated
 * measurements, a growth model `outcome ~ time + (time | id)` is fitted by REML (linear mixed model,
 * ./lmm/) to the people with at least three measurements; each person's RCI is the empirical-Bayes estimate
 * of their random slope (the conditional mode: their deviation from the mean slope) divided by its
 * conditional SD, z = b̂₁ᵢ / SD(b₁ᵢ | y). Categories as for the other methods: improved when sign·z > z_crit,
 * deteriorated when sign·z < −z_crit (z_crit = Φ⁻¹(.975) by default, as the package). `pre` and `post` of
 * each row are the first and last measurement in the order given (the package's cut-off data). No
 * reliability is needed. Raudenbush, S. W., & Bryk, A. S. (2002). Hierarchical linear models (2nd ed.).
 * Checked against lme4 with the package's definition written out (tests/reference/lmm.R).
 *
 * @example
 * // the "missing_waves" data of tests/reference/lmm.json (118 people with ≥ 3 waves, 2 excluded)
 * hlmReliableChange({ id: d.participant, time: d.time, outcome: d.score }, { direction: 'higher-worse' }).summary.improved.successes // 3
 */
export function hlmReliableChange(
  data: { id: ArrayLike<string | number | null | undefined>; time: NumericInput; outcome: NumericInput },
  options: HlmReliableChangeOptions,
): ReliableChangeResult & { model: LmmResult } {
  const c = computeHlmRci(data, options);
  const result = new ReliableChangeResult(c, options.direction, options.level ?? 0.95);
  return Object.assign(result, { nMissing: c.peopleExcluded, model: c.model });
}

/**
 * The per-person HLM computation behind {@link hlmReliableChange} (shared with clinical-significance.ts):
 * rows in the order of the sorted ids, `excluded` = input rows of people with fewer than 3 measurements.
 *
 * @example
 * computeHlmRci({ id: d.participant, time: d.time, outcome: d.score }, { direction: 'higher-worse' }).rows.length // 118
 */
export function computeHlmRci(
  data: { id: ArrayLike<string | number | null | undefined>; time: NumericInput; outcome: NumericInput },
  options: HlmReliableChangeOptions,
): RciComputation & { model: LmmResult; peopleExcluded: number } {
  const sign = changeDirectionSign(options.direction);
  const criticalValue = options.criticalValue ?? rciCriticalValue('HLM', options.alpha ?? 0.05);
  if (!(criticalValue > 0 && Number.isFinite(criticalValue))) throw new StatsError(`criticalValue must be a positive finite number (got ${criticalValue}).`);
  const n0 = data.id.length;
  if (data.time.length !== n0 || data.outcome.length !== n0) throw new StatsError('id, time and outcome must have the same length.');
  const per = new Map<string, number[]>();
  for (let i = 0; i < n0; i++) {
    const id = data.id[i];
    const t = data.time[i];
    const y = data.outcome[i];
    if (id === null || id === undefined || id === '' || t === null || t === undefined || !Number.isFinite(t) || y === null || y === undefined || !Number.isFinite(y)) continue;
    const k = String(id);
    if (!per.has(k)) per.set(k, []);
    per.get(k)!.push(i);
  }
  const keepIds = [...per.entries()].filter(([, rows]) => rows.length >= 3);
  const excludedIds = [...per.entries()].filter(([, rows]) => rows.length < 3);
  if (keepIds.length < 3) throw new StatsError(`HLM reliable change needs at least 3 people with 3 or more measurements (found ${keepIds.length}).`);
  const id: string[] = [];
  const time: number[] = [];
  const outcome: number[] = [];
  for (const [k, rows] of keepIds) for (const i of rows) {
    id.push(k);
    time.push(data.time[i] as number);
    outcome.push(data.outcome[i] as number);
  }
  const model = fitLmm({ outcome, time, id }, 'outcome ~ time + (1 + time | id)');
  const re = model.randomEffects()[0];
  const byId = new Map(keepIds);
  const rows: ReliableChangeRow[] = re.levels.map((lev, j) => {
    const eb = re.modes[j][1];
    const sdEb = Math.sqrt(re.conditionalVariance[j][1][1]);
    const rci = eb / sdEb;
    const s = sign * rci;
    const idx = byId.get(lev)!;
    const pre = data.outcome[idx[0]] as number;
    const post = data.outcome[idx[idx.length - 1]] as number;
    const category: ReliableChangeCategory = s > criticalValue ? 'improved' : s < -criticalValue ? 'deteriorated' : 'unchanged';
    return { index: j, id: lev, pre, post, change: post - pre, rci, ebSlope: eb, ebSd: sdEb, category };
  });
  const pre = Float64Array.from(rows, (r) => r.pre);
  const post = Float64Array.from(rows, (r) => r.post);
  const params: ReliableChangeParameters = {
    meanPre: mean(pre),
    sdPre: sd(pre),
    meanPost: mean(post),
    sdPost: sd(post),
    seMeasurement: NaN,
    sDiff: NaN,
    sePrediction: NaN,
    nkDenominator: NaN,
    rDD: NaN,
    corPrePost: NaN,
  };
  return {
    method: 'HLM',
    sign,
    criticalValue,
    reliability: NaN,
    reliabilityPost: NaN,
    params,
    rows,
    excluded: excludedIds.flatMap(([, r]) => r),
    reference: { sdPre: 'sample', meanPre: 'sample' },
    model,
    peopleExcluded: excludedIds.length,
  };
}
