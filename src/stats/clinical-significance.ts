/**
 * Clinical significance (Jacobson & Truax, 1991; Hageman & Arrindell, 1999): reliable change
 * combined with crossing a cut-off between the clinical and the functional population.
 *
 * Follows the "combined" approach of the R package clinicalsignificance (`cs_combined`, source
 * files `R/calc_cutoff.R` / `R/cs_combined.R` / `R/create_summary_table.R`, GitHub
 * `pedscience/clinicalsignificance`), with the deliberate differences listed at
 * {@link clinicalSignificance}.
 */
import { fmt, fmtNoLeadingZero } from './apa.js';
import { changeDirectionSign, type ChangeDirection } from './change.js';
import { normal } from './distributions.js';
import { mean, sd } from './moments.js';
import { fmtPercentWithCI, type ProportionResult, wilsonInterval } from './proportion.js';
import {
  computeHlmRci,
  computeRci,
  RCI_METHOD_NAMES,
  type HlmReliableChangeOptions,
  type RciComputation,
  type RciMethod,
  type ReliableChangeOptions,
  type ReliableChangeParameters,
} from './reliable-change.js';
import { type MissingHandling, type NumericInput, type StatResult, StatsError } from './result.js';

/** Jacobson–Truax cut-off type. */
export type CutoffType = 'a' | 'b' | 'c';

/** Mean and SD of a population (clinical or functional norm group). */
export interface PopulationNorms {
  mean: number;
  sd: number;
}

export interface CutoffValues {
  /** a = M_clin + 2·SD_clin in the good direction (outside the clinical range). */
  a: number;
  /** b = M_func − 2·SD_func toward the clinical side (inside the functional range); NaN without norms. */
  b: number;
  /** c = (SD_clin·M_func + SD_func·M_clin)/(SD_clin + SD_func); NaN without functional norms. */
  c: number;
}

function checkNorms(p: PopulationNorms, what: string): void {
  if (!Number.isFinite(p.mean)) throw new StatsError(`${what} mean must be a finite number (got ${p.mean}).`);
  if (!(p.sd > 0 && Number.isFinite(p.sd))) {
    throw new StatsError(`${what} SD must be positive (got ${p.sd}); a norm group without spread cannot define a range.`);
  }
}

/**
 * Jacobson & Truax (1991) cut-offs between the clinical (dysfunctional) and the functional
 * population, direction-aware (sign s = +1 when higher is better, −1 when higher is worse):
 *
 *   a = M_clin + s·2·SD_clin,   b = M_func − s·2·SD_func,
 *   c = (SD_clin·M_func + SD_func·M_clin) / (SD_clin + SD_func).
 *
 * Deliberate difference from clinicalsignificance (`.calc_cutoff_jt`): the package computes
 * b = M_func − s·2·SD_clin (the clinical SD); Jacobson & Truax define b with the functional SD
 * ("within two standard deviations of the mean of the functional population"), which is used here.
 * Without functional norms b and c are NaN.
 *
 * @example
 * jacobsonTruaxCutoffs({ mean: 70.7, sd: 23.8 }, { mean: 114.8, sd: 17.8 }, 'higher-better')
 * // { a: 118.3, b: 79.2, c: 95.93… }   (DAS norms of Spanier, 1976)
 */
export function jacobsonTruaxCutoffs(
  clinical: PopulationNorms,
  functional: PopulationNorms | undefined,
  direction: ChangeDirection,
): CutoffValues {
  const s = changeDirectionSign(direction);
  checkNorms(clinical, 'The clinical population');
  if (functional) checkNorms(functional, 'The functional population');
  const a = clinical.mean + s * 2 * clinical.sd;
  if (!functional) return { a, b: NaN, c: NaN };
  return {
    a,
    b: functional.mean - s * 2 * functional.sd,
    c: (clinical.sd * functional.mean + functional.sd * clinical.mean) / (clinical.sd + functional.sd),
  };
}

/**
 * Hageman & Arrindell (1999) "true" cut-offs: the SDs are shrunk by √reliability of each
 * population, r_pop = (SD_pop² − SE²)/SD_pop² with SE = SD_clin·√(1 − r):
 *
 *   a_true = M_clin + s·2·SD_clin·√r_clin,   b_true = M_func − s·2·SD_func·√r_func,
 *   c_true = (SD_clin√r_clin·M_func + SD_func√r_func·M_clin)/(SD_clin√r_clin + SD_func√r_func).
 *
 * As clinicalsignificance `.calc_cutoff_ha`, except b_true uses the functional SD (the package uses
 * SD_clin·√r_clin; see {@link jacobsonTruaxCutoffs}). Throws when SD_func ≤ SE (r_func ≤ 0).
 *
 * @example
 * hagemanArrindellCutoffs({ mean: 30, sd: 5 }, { mean: 15, sd: 4 }, 0.8, 'higher-worse')
 * // { a: 21.0557…, b: 21.6332…, c: 21.3873…, seMeasurement: 2.2361…, reliabilityClinical: 0.8, reliabilityFunctional: 0.6875 }
 */
export function hagemanArrindellCutoffs(
  clinical: PopulationNorms,
  functional: PopulationNorms | undefined,
  reliability: number,
  direction: ChangeDirection,
): CutoffValues & { seMeasurement: number; reliabilityClinical: number; reliabilityFunctional: number } {
  const s = changeDirectionSign(direction);
  checkNorms(clinical, 'The clinical population');
  if (functional) checkNorms(functional, 'The functional population');
  const se = clinical.sd * Math.sqrt(1 - reliability);
  const relC = (clinical.sd ** 2 - se * se) / clinical.sd ** 2;
  const a = clinical.mean + s * 2 * clinical.sd * Math.sqrt(relC);
  if (!functional) return { a, b: NaN, c: NaN, seMeasurement: se, reliabilityClinical: relC, reliabilityFunctional: NaN };
  const relF = (functional.sd ** 2 - se * se) / functional.sd ** 2;
  if (!(relF > 0)) {
    throw new StatsError(
      `Hageman–Arrindell cut-off: the functional SD (${functional.sd}) is not larger than the standard error of measurement (${se.toFixed(4)}), so its reliability is not positive.`,
    );
  }
  const wc = clinical.sd * Math.sqrt(relC);
  const wf = functional.sd * Math.sqrt(relF);
  return {
    a,
    b: functional.mean - s * 2 * functional.sd * Math.sqrt(relF),
    c: (wc * functional.mean + wf * clinical.mean) / (wc + wf),
    seMeasurement: se,
    reliabilityClinical: relC,
    reliabilityFunctional: relF,
  };
}

/** Clinical-significance category of one person. */
export type ClinicalSignificanceCategory = 'recovered' | 'improved' | 'unchanged' | 'deteriorated' | 'harmed';

/** The five categories in report order (best to worst), as clinicalsignificance's summary table. */
export const CLINICAL_SIGNIFICANCE_CATEGORIES: readonly ClinicalSignificanceCategory[] = [
  'recovered',
  'improved',
  'unchanged',
  'deteriorated',
  'harmed',
];

export interface ClinicalSignificanceRow {
  index: number;
  pre: number;
  post: number;
  change: number;
  rci: number;
  /** Pre score on the clinical side of the cut-off (strictly). */
  clinicalPre: boolean;
  /**
   * Post score on the functional side of the cut-off (strictly). HA: the person started clinical
   * and RC_indiv-cut (`csIndiv`) is significantly beyond the cut-off (package's `functional_post`).
   */
  functionalPost: boolean;
  /** Post score on the clinical side of the cut-off (strictly), the raw-score criterion. */
  clinicalPost: boolean;
  /** HA only: Hageman–Arrindell CS_indiv of the post score against the true cut-off. */
  csIndiv?: number;
  category: ClinicalSignificanceCategory;
  /** Group label, when `group` was given. */
  group?: string;
}

export interface ClinicalSignificanceOptions extends ReliableChangeOptions {
  /** Cut-off type, default `'a'` (the only one possible without functional norms; `'c'` is usually recommended). */
  cutoff?: CutoffType;
  /** Clinical population; default: mean and SD of the pre scores of the complete pairs (as the R package). */
  clinical?: PopulationNorms;
  /** Functional (norm) population, needed for cut-offs b and c. */
  functional?: PopulationNorms;
  /**
   * Optional group label per person (e.g. "Home-Start" / "control"), aligned with pre and post.
   * RCI parameters and cut-off come from all complete pairs together (as in the R package); counts,
   * Wilson CIs and clinical-range shares are then also given per group. A group whose members all
   * lack pre or post scores gets 0/0 = NaN with a reason. People without a label are left out of
   * the group summaries (counted in `groupMissing`).
   */
  group?: ArrayLike<string | null | undefined>;
  /**
   * HA only — who counts as **harmed**: `'crossed'` (default): reliably deteriorated *and* significantly on the
   * clinical side at post after starting outside the clinical range (CS_indiv < −z); `'package'`: reliably
   * deteriorated and not clinical at pre, the rule of clinicalsignificance's `cs_combined` (harmed =
   * !clinical_pre & !functional_post & deteriorated, where under HA functional_post is always false for someone not
   * clinical at pre). The default asks for evidence that the person actually moved into the clinical range, which is
   * what "harmed" means for the other methods (crossed the cut-off in the bad direction); the package's rule also
   * counts people who deteriorated reliably but stayed in the functional range.
   */
  haHarmed?: 'crossed' | 'package';
}

/** Summary for one group (see `ClinicalSignificanceOptions.group`). */
export interface ClinicalSignificanceGroupSummary {
  group: string;
  /** Complete pre–post pairs in this group. */
  n: number;
  /** Members of this group with pre or post missing. */
  nMissing: number;
  summary: Record<ClinicalSignificanceCategory, ProportionResult>;
  clinicalRange: { before: ProportionResult; after: ProportionResult };
  /** HA only: group-level estimates for this group (NaN with `reason` when n < 2). */
  groupLevel: (HagemanArrindellGroupLevel & { reason?: string }) | null;
}

/** HA group-level estimates (Hageman & Arrindell, 1999; clinicalsignificance `create_summary_table.cs_combined`). */
export interface HagemanArrindellGroupLevel {
  /** Estimated proportion of the group whose true change is in the good direction. */
  changed: number;
  /** Estimated proportion of the group whose true post score is on the functional side of the cut-off. */
  functional: number;
  zChanged: number;
  zFunctional: number;
  meanChange: number;
  sdChange: number;
  reliabilityPost: number;
}

/** Clinical significance of change for a group, with per-person rows and a summary. */
export class ClinicalSignificanceResult implements StatResult {
  readonly method: string;
  readonly rciMethod: RciMethod;
  readonly direction: ChangeDirection;
  readonly reliability: number;
  readonly reliabilityPost: number;
  readonly criticalValue: number;
  readonly cutoffType: CutoffType;
  /** `'true'` cut-offs (HA) or observed-score cut-offs (all other methods). */
  readonly cutoffKind: 'jacobson-truax' | 'hageman-arrindell-true';
  readonly cutoff: number;
  readonly cutoffs: CutoffValues;
  readonly clinical: PopulationNorms & { source: 'sample-pre' | 'given' };
  readonly functional: (PopulationNorms & { source: 'given' }) | null;
  readonly rciParameters: ReliableChangeParameters;
  readonly rows: ClinicalSignificanceRow[];
  readonly n: number;
  readonly nMissing: number;
  readonly excluded: number[];
  readonly missing: MissingHandling = 'listwise';
  readonly summary: Record<ClinicalSignificanceCategory, ProportionResult>;
  /** Share in the clinical range before (pre) and after (post), raw-score criterion. */
  readonly clinicalRange: { before: ProportionResult; after: ProportionResult };
  readonly groupLevel: HagemanArrindellGroupLevel | null;
  /** Per-group summaries when `group` was given, in order of first appearance; else empty. */
  readonly groups: ClinicalSignificanceGroupSummary[];
  /** Complete pairs without a group label (only when `group` was given). */
  readonly groupMissing: number;

  constructor(init: Omit<ClinicalSignificanceResult, 'toJSON' | 'apa' | 'table' | 'missing' | 'method'>) {
    this.method = `Clinical significance: ${RCI_METHOD_NAMES[init.rciMethod]} with cut-off ${init.cutoffType}${
      init.cutoffKind === 'hageman-arrindell-true' ? ' (true score)' : ''
    }`;
    this.rciMethod = init.rciMethod;
    this.direction = init.direction;
    this.reliability = init.reliability;
    this.reliabilityPost = init.reliabilityPost;
    this.criticalValue = init.criticalValue;
    this.cutoffType = init.cutoffType;
    this.cutoffKind = init.cutoffKind;
    this.cutoff = init.cutoff;
    this.cutoffs = init.cutoffs;
    this.clinical = init.clinical;
    this.functional = init.functional;
    this.rciParameters = init.rciParameters;
    this.rows = init.rows;
    this.n = init.n;
    this.nMissing = init.nMissing;
    this.excluded = init.excluded;
    this.summary = init.summary;
    this.clinicalRange = init.clinicalRange;
    this.groupLevel = init.groupLevel;
    this.groups = init.groups;
    this.groupMissing = init.groupMissing;
  }

  /** Tidy per-person table (one plain object per person). */
  table(): Array<Record<string, number | boolean | string>> {
    return this.rows.map((r) => {
      const o: Record<string, number | boolean | string> = {
        index: r.index,
        pre: r.pre,
        post: r.post,
        change: r.change,
        rci: r.rci,
        clinicalPre: r.clinicalPre,
        functionalPost: r.functionalPost,
        clinicalPost: r.clinicalPost,
        category: r.category,
      };
      if (r.csIndiv !== undefined) o.csIndiv = r.csIndiv;
      if (r.group !== undefined) o.group = r.group;
      return o;
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      rciMethod: this.rciMethod,
      direction: this.direction,
      reliability: this.reliability,
      reliabilityPost: this.reliabilityPost,
      criticalValue: this.criticalValue,
      cutoffType: this.cutoffType,
      cutoffKind: this.cutoffKind,
      cutoff: this.cutoff,
      cutoffs: { ...this.cutoffs },
      clinical: { ...this.clinical },
      functional: this.functional ? { ...this.functional } : null,
      rciParameters: { ...this.rciParameters },
      n: this.n,
      nMissing: this.nMissing,
      missing: this.missing,
      summary: Object.fromEntries(Object.entries(this.summary).map(([k, v]) => [k, v.toJSON()])),
      clinicalRange: { before: this.clinicalRange.before.toJSON(), after: this.clinicalRange.after.toJSON() },
      groupLevel: this.groupLevel ? { ...this.groupLevel } : null,
      groups: this.groups.map((g) => ({
        group: g.group,
        n: g.n,
        nMissing: g.nMissing,
        summary: Object.fromEntries(Object.entries(g.summary).map(([k, v]) => [k, v.toJSON()])),
        clinicalRange: { before: g.clinicalRange.before.toJSON(), after: g.clinicalRange.after.toJSON() },
        groupLevel: g.groupLevel ? { ...g.groupLevel } : null,
      })),
      groupMissing: this.groupMissing,
      rows: this.table(),
    };
  }

  /**
   * "Clinical significance (JT RCI, r = .96, cut-off a = 118.30; n = 30): recovered 2 (6.7%, 95% CI
   * [1.8, 21.3]), improved …; in clinical range 100.0% before, 83.3% after"
   */
  apa(): string {
    const excl = this.nMissing > 0 ? `, ${this.nMissing} excluded for missing pre or post` : '';
    const cats = CLINICAL_SIGNIFICANCE_CATEGORIES.map(
      (k) => `${k} ${this.summary[k].successes} (${fmtPercentWithCI(this.summary[k])})`,
    ).join(', ');
    const pc = (p: ProportionResult) => (Number.isNaN(p.estimate) ? 'n/a' : `${(100 * p.estimate).toFixed(1)}%`);
    const perGroup = this.groups
      .map((g) => `; ${g.group} (n = ${g.n}): recovered ${fmtPercentWithCI(g.summary.recovered)}, harmed ${fmtPercentWithCI(g.summary.harmed)}`)
      .join('');
    return (
      `Clinical significance (${this.rciMethod} RCI, ${this.rciMethod === 'HLM' ? 'empirical-Bayes slopes' : `r = ${fmtNoLeadingZero(this.reliability, 2)}`}, critical ${fmt(this.criticalValue)}, ` +
      `cut-off ${this.cutoffType}${this.cutoffKind === 'hageman-arrindell-true' ? ' (true)' : ''} = ${fmt(this.cutoff)}; n = ${this.n}${excl}): ` +
      `${cats}; in clinical range ${pc(this.clinicalRange.before)} before, ${pc(this.clinicalRange.after)} after${perGroup}`
    );
  }
}

/**
 * Clinically significant change per person and for the group (the "combined" approach).
 *
 * 1. Reliable change per person with the chosen RCI method (see `reliableChange`).
 * 2. A cut-off between the clinical and functional population: type a, b or c of Jacobson & Truax
 *    (1991) ({@link jacobsonTruaxCutoffs}); for `method: 'HA'` the Hageman & Arrindell (1999) true
 *    cut-offs ({@link hagemanArrindellCutoffs}). The clinical population defaults to the sample's
 *    pre scores (mean and SD of the complete pairs), as in clinicalsignificance.
 * 3. Categories (clinicalsignificance `create_summary_table.cs_combined`), s = direction sign:
 *    - clinicalPre = s·pre < s·cut-off; functionalPost = s·post > s·cut-off;
 *    - **recovered**: reliably improved, clinical at pre and functional at post;
 *    - **improved**: reliably improved, not recovered;
 *    - **harmed**: reliably deteriorated, not clinical at pre and not functional at post
 *      (moved from the functional into the clinical range);
 *    - **deteriorated**: reliably deteriorated, not harmed;
 *    - **unchanged**: no reliable change.
 *    For HA: CS_indiv = [M_post + (post − M_post)·r_post − cut-off]/(√r_post·SE) with
 *    r_post = (s_post² − SE²)/s_post²; functionalPost = clinicalPre and s·CS_indiv > z_crit;
 *    clinicalPost(HA) = not clinicalPre and s·CS_indiv < −z_crit; recovered = functionalPost and
 *    reliably improved.
 * 4. Group summary: count, percentage and Wilson 95% CI per category; share in the clinical range
 *    before (clinicalPre) and after (s·post < s·cut-off). For HA also the group-level estimates
 *    changed = P(true change in the good direction) with z = −M_change/(SD_change·√r_DD), and
 *    functional = P(true post beyond the cut-off) with z = (cut-off − M_post)/(SD_post·√r_post).
 *
 * A score exactly on the cut-off counts as neither clinical (pre) nor functional (post), as in the
 * package. Deliberate differences from clinicalsignificance: cut-off b uses the functional SD (see
 * {@link jacobsonTruaxCutoffs}); for HA the package labels as harmed everyone who is not clinical at pre and
 * reliably deteriorated (its combined rule with functional_post false) — available as `haHarmed: 'package'` —,
 * while the default here (`haHarmed: 'crossed'`) also requires CS_indiv significantly on the clinical side at post
 * (the package's `clinical_post`), i.e. evidence of a move into the clinical range, as "harmed" means elsewhere;
 * reliability must be strictly between 0 and 1; clinical norms may be given instead of the sample.
 * With `group`, the same categories are also summarised per group (the package's grouped output).
 * Checked against an independent Python implementation (tests/reference/reliable_change.py).
 *
 * @example
 * // Jacobson & Truax (1991) Table 2 DAS scores; DAS norms of Spanier (1976): divorced (clinical)
 * // M = 70.7, SD = 23.8; married (functional) M = 114.8, SD = 17.8; r = .96; critical RC 1.96.
 * const cs = clinicalSignificance(dasPre, dasPost, {
 *   reliability: 0.96, sdPre: 17.8, criticalValue: 1.96, direction: 'higher-better', cutoff: 'c',
 *   clinical: { mean: 70.7, sd: 23.8 }, functional: { mean: 114.8, sd: 17.8 },
 * });
 * cs.cutoff // 95.93…
 * cs.summary.recovered.successes // 14 (improved 5, unchanged 10, deteriorated 1, harmed 0)
 */
export function clinicalSignificance(pre: NumericInput, post: NumericInput, options: ClinicalSignificanceOptions): ClinicalSignificanceResult {
  const cutoffType: CutoffType = options.cutoff ?? 'a';
  if (cutoffType !== 'a' && cutoffType !== 'b' && cutoffType !== 'c') {
    throw new StatsError(`cutoff must be 'a', 'b' or 'c' (got ${String(cutoffType)}).`);
  }
  if ((cutoffType === 'b' || cutoffType === 'c') && !options.functional) {
    throw new StatsError(`Cut-off ${cutoffType} needs the mean and SD of a functional (norm) population: pass options.functional.`);
  }
  if (options.haHarmed !== undefined && options.haHarmed !== 'crossed' && options.haHarmed !== 'package') {
    throw new StatsError(`haHarmed must be 'crossed' or 'package' (got ${String(options.haHarmed)}).`);
  }
  const rc = computeRci(pre, post, options);
  return clinicalSignificanceFromRci(rc, options, pre.length);
}

/**
 * Clinical significance with the HLM method (clinicalsignificance `cs_combined(rci_method = "HLM")`): reliable
 * change from the empirical-Bayes slopes of a growth model ({@link hlmReliableChange}), cut-offs and
 * categories as for the other methods, with pre and post the first and last measurement of each person
 * (people with at least three measurements). No reliability is needed.
 *
 * @example
 * // the "missing_waves" data of tests/reference/lmm.json
 * hlmClinicalSignificance({ id: d.participant, time: d.time, outcome: d.score }, { direction: 'higher-worse', cutoff: 'a' }).summary.recovered.successes // 3
 */
export function hlmClinicalSignificance(
  data: { id: ArrayLike<string | number | null | undefined>; time: NumericInput; outcome: NumericInput },
  options: HlmReliableChangeOptions & Pick<ClinicalSignificanceOptions, 'cutoff' | 'clinical' | 'functional'>,
): ClinicalSignificanceResult {
  const rc = computeHlmRci(data, options);
  const r = clinicalSignificanceFromRci(rc, { ...options, reliability: NaN }, rc.rows.length);
  return Object.assign(r, { nMissing: rc.peopleExcluded });
}

function clinicalSignificanceFromRci(rc: RciComputation, options: ClinicalSignificanceOptions, nInput: number): ClinicalSignificanceResult {
  const level = options.level ?? 0.95;
  const cutoffType: CutoffType = options.cutoff ?? 'a';
  if (cutoffType !== 'a' && cutoffType !== 'b' && cutoffType !== 'c') {
    throw new StatsError(`cutoff must be 'a', 'b' or 'c' (got ${String(cutoffType)}).`);
  }
  if ((cutoffType === 'b' || cutoffType === 'c') && !options.functional) {
    throw new StatsError(`Cut-off ${cutoffType} needs the mean and SD of a functional (norm) population: pass options.functional.`);
  }
  const s = rc.sign;
  const n = rc.rows.length;

  let clinical: PopulationNorms & { source: 'sample-pre' | 'given' };
  if (options.clinical) {
    checkNorms(options.clinical, 'The clinical population');
    clinical = { mean: options.clinical.mean, sd: options.clinical.sd, source: 'given' };
  } else {
    const x = Float64Array.from(rc.rows, (r) => r.pre);
    const sdx = sd(x);
    if (!(sdx > 0)) {
      throw new StatsError(
        `clinicalSignificance: the pre scores (n = ${x.length}) have no spread, so they cannot define the clinical population; pass options.clinical.`,
      );
    }
    clinical = { mean: mean(x), sd: sdx, source: 'sample-pre' };
  }
  const functional = options.functional ? { mean: options.functional.mean, sd: options.functional.sd, source: 'given' as const } : null;

  const isHA = rc.method === 'HA';
  let cutoffs: CutoffValues;
  let seHA = NaN;
  if (isHA) {
    const h = hagemanArrindellCutoffs(clinical, functional ?? undefined, rc.reliability, options.direction);
    cutoffs = { a: h.a, b: h.b, c: h.c };
    seHA = h.seMeasurement;
  } else {
    cutoffs = jacobsonTruaxCutoffs(clinical, functional ?? undefined, options.direction);
  }
  const cutoff = cutoffs[cutoffType];

  let relPost = NaN;
  const mPost = rc.params.meanPost;
  if (isHA) {
    const sPost = rc.params.sdPost;
    relPost = (sPost * sPost - seHA * seHA) / (sPost * sPost);
    if (!(relPost > 0)) {
      throw new StatsError(
        `clinicalSignificance (HA): the post-test SD (${sPost}) is not larger than the standard error of measurement (${seHA.toFixed(4)}), so the post-test reliability is not positive.`,
      );
    }
  }

  const crit = rc.criticalValue;
  const rows: ClinicalSignificanceRow[] = rc.rows.map((r) => {
    const clinicalPre = s * r.pre < s * cutoff;
    const improved = r.category === 'improved';
    const deteriorated = r.category === 'deteriorated';
    let functionalPost: boolean;
    let clinicalPost: boolean;
    let csIndiv: number | undefined;
    let category: ClinicalSignificanceCategory;
    if (isHA) {
      csIndiv = (mPost + (r.post - mPost) * relPost - cutoff) / (Math.sqrt(relPost) * seHA);
      functionalPost = clinicalPre && s * csIndiv > crit;
      clinicalPost = !clinicalPre && s * csIndiv < -crit;
      if (functionalPost && improved) category = 'recovered';
      else if (improved) category = 'improved';
      else if (deteriorated && (options.haHarmed === 'package' ? !clinicalPre : clinicalPost)) category = 'harmed';
      else if (deteriorated) category = 'deteriorated';
      else category = 'unchanged';
    } else {
      functionalPost = s * r.post > s * cutoff;
      clinicalPost = s * r.post < s * cutoff;
      if (clinicalPre && functionalPost && improved) category = 'recovered';
      else if (improved) category = 'improved';
      else if (!clinicalPre && !functionalPost && deteriorated) category = 'harmed';
      else if (deteriorated) category = 'deteriorated';
      else category = 'unchanged';
    }
    const row: ClinicalSignificanceRow = {
      index: r.index,
      pre: r.pre,
      post: r.post,
      change: r.change,
      rci: r.rci,
      clinicalPre,
      functionalPost,
      clinicalPost,
      category,
    };
    if (csIndiv !== undefined) row.csIndiv = csIndiv;
    return row;
  });

  const count = (k: ClinicalSignificanceCategory) => rows.filter((r) => r.category === k).length;
  const summary = Object.fromEntries(CLINICAL_SIGNIFICANCE_CATEGORIES.map((k) => [k, wilsonInterval(count(k), n, level)])) as Record<
    ClinicalSignificanceCategory,
    ProportionResult
  >;
  const clinicalRange = {
    before: wilsonInterval(rows.filter((r) => r.clinicalPre).length, n, level),
    after: wilsonInterval(rows.filter((r) => s * r.post < s * cutoff).length, n, level),
  };

  const haGroupLevel = (rs: ClinicalSignificanceRow[]): HagemanArrindellGroupLevel & { reason?: string } => {
    const ch = Float64Array.from(rs, (r) => r.change);
    const po = Float64Array.from(rs, (r) => r.post);
    const mc = mean(ch);
    const sdc = sd(ch, mc);
    // The package uses the post mean and SD of the rows summarised (per group when grouped).
    const mp = mean(po);
    const sdp = sd(po, mp);
    const zChanged = (0 - mc) / (sdc * Math.sqrt(rc.params.rDD));
    const zFunctional = (cutoff - mp) / (sdp * Math.sqrt(relPost));
    const out: HagemanArrindellGroupLevel & { reason?: string } = {
      changed: s === 1 ? normal.sf(zChanged) : normal.cdf(zChanged),
      functional: s === 1 ? normal.sf(zFunctional) : normal.cdf(zFunctional),
      zChanged,
      zFunctional,
      meanChange: mc,
      sdChange: sdc,
      reliabilityPost: relPost,
    };
    if (rs.length < 2) out.reason = `needs at least 2 people with pre and post scores (got ${rs.length})`;
    return out;
  };
  const groupLevel: HagemanArrindellGroupLevel | null = isHA ? haGroupLevel(rows) : null;

  const groups: ClinicalSignificanceGroupSummary[] = [];
  let groupMissing = 0;
  if (options.group !== undefined) {
    const g = options.group;
    if (g.length !== nInput) {
      throw new StatsError(`clinicalSignificance: group must have one label per person (got ${g.length} labels for ${nInput} people).`);
    }
    const label = (i: number): string | undefined => {
      const v = g[i];
      return v === null || v === undefined || v === '' ? undefined : String(v);
    };
    const order: string[] = [];
    for (let i = 0; i < g.length; i++) {
      const l = label(i);
      if (l !== undefined && !order.includes(l)) order.push(l);
    }
    for (const row of rows) {
      const l = label(row.index);
      if (l === undefined) groupMissing++;
      else row.group = l;
    }
    const excludedSet = new Set(rc.excluded);
    for (const name of order) {
      const rs = rows.filter((r) => r.group === name);
      let nMiss = 0;
      for (let i = 0; i < g.length; i++) if (label(i) === name && excludedSet.has(i)) nMiss++;
      const cnt = (k: ClinicalSignificanceCategory) => rs.filter((r) => r.category === k).length;
      groups.push({
        group: name,
        n: rs.length,
        nMissing: nMiss,
        summary: Object.fromEntries(CLINICAL_SIGNIFICANCE_CATEGORIES.map((k) => [k, wilsonInterval(cnt(k), rs.length, level)])) as Record<
          ClinicalSignificanceCategory,
          ProportionResult
        >,
        clinicalRange: {
          before: wilsonInterval(rs.filter((r) => r.clinicalPre).length, rs.length, level),
          after: wilsonInterval(rs.filter((r) => s * r.post < s * cutoff).length, rs.length, level),
        },
        groupLevel: isHA ? haGroupLevel(rs) : null,
      });
    }
  }

  return new ClinicalSignificanceResult({
    rciMethod: rc.method,
    direction: options.direction,
    reliability: rc.reliability,
    reliabilityPost: rc.reliabilityPost,
    criticalValue: crit,
    cutoffType,
    cutoffKind: isHA ? 'hageman-arrindell-true' : 'jacobson-truax',
    cutoff,
    cutoffs,
    clinical,
    functional,
    rciParameters: rc.params,
    rows,
    n,
    nMissing: rc.excluded.length,
    excluded: rc.excluded,
    summary,
    clinicalRange,
    groupLevel,
    groups,
    groupMissing,
  });
}

// ---------------------------------------------------------------------------------------------
// Percentage-change, anchor-based and statistical approaches (clinicalsignificance cs_percentage, cs_anchor,
// cs_statistical)

/** Category of the three-category approaches. */
export type ChangeThresholdCategory = 'improved' | 'unchanged' | 'deteriorated';

/** Counts and Wilson CIs of the three categories, overall and per group. */
export class ChangeThresholdResult implements StatResult {
  constructor(
    readonly method: string,
    readonly rows: { index: number; pre: number; post: number; change: number; value: number; category: ChangeThresholdCategory; group?: string }[],
    readonly summary: Record<ChangeThresholdCategory, ProportionResult>,
    readonly groups: { group: string; n: number; summary: Record<ChangeThresholdCategory, ProportionResult> }[],
    readonly n: number,
    readonly nMissing: number,
    readonly notes: string[],
  ) {}
  toJSON(): Record<string, unknown> {
    return { method: this.method, n: this.n, nMissing: this.nMissing, missingHandling: 'listwise', summary: this.summary, groups: this.groups, rows: this.rows, notes: this.notes };
  }
  /** "improved 40.0% [26.3, 55.4], unchanged …, deteriorated …" */
  apa(): string {
    return (['improved', 'unchanged', 'deteriorated'] as const).map((k) => `${k} ${fmtPercentWithCI(this.summary[k])}`).join(', ');
  }
}

const THRESHOLD_CATEGORIES: readonly ChangeThresholdCategory[] = ['improved', 'unchanged', 'deteriorated'];

function summariseThreshold(
  method: string,
  pre: NumericInput,
  post: NumericInput,
  group: ArrayLike<string | null | undefined> | undefined,
  level: number,
  classify: (pre: number, post: number) => { value: number; category: ChangeThresholdCategory } | null,
  undefinedNote: string,
): ChangeThresholdResult {
  if (pre.length !== post.length) throw new StatsError(`${method}: pre and post must have the same length (got ${pre.length} and ${post.length}).`);
  if (group && group.length !== pre.length) throw new StatsError(`${method}: group must have one label per person (got ${group.length} for ${pre.length}).`);
  const rows: ChangeThresholdResult['rows'] = [];
  let missing = 0;
  let undef = 0;
  for (let i = 0; i < pre.length; i++) {
    const a = pre[i];
    const b = post[i];
    if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) {
      missing++;
      continue;
    }
    const c = classify(a, b);
    if (!c) {
      undef++;
      continue;
    }
    const g = group?.[i];
    rows.push({ index: i, pre: a, post: b, change: b - a, ...c, ...(g !== null && g !== undefined && g !== '' ? { group: String(g) } : {}) });
  }
  if (rows.length === 0) throw new StatsError(`${method}: no person has both a pre and a post score.`);
  const sumOf = (rs: typeof rows) =>
    Object.fromEntries(THRESHOLD_CATEGORIES.map((k) => [k, wilsonInterval(rs.filter((r) => r.category === k).length, rs.length, level)])) as Record<ChangeThresholdCategory, ProportionResult>;
  const order: string[] = [];
  for (const r of rows) if (r.group !== undefined && !order.includes(r.group)) order.push(r.group);
  const notes = undef > 0 ? [`${undef} ${undef === 1 ? 'person was' : 'people were'} left out: ${undefinedNote}`] : [];
  return new ChangeThresholdResult(
    method,
    rows,
    sumOf(rows),
    order.map((g) => {
      const rs = rows.filter((r) => r.group === g);
      return { group: g, n: rs.length, summary: sumOf(rs) };
    }),
    rows.length,
    missing + undef,
    notes,
  );
}

/** A change already signed so that positive = better: improved at ≥ `improvement`, deteriorated at ≤ −`deterioration`, otherwise unchanged. */
function directedCategory(signedChange: number, improvement: number, deterioration: number): ChangeThresholdCategory {
  return signedChange >= improvement ? 'improved' : signedChange <= -deterioration ? 'deteriorated' : 'unchanged';
}

export interface PercentageChangeOptions {
  direction: ChangeDirection;
  /** Relative change that counts as improvement, e.g. 0.5 for 50% (clinicalsignificance `pct_improvement`). */
  improvement: number;
  /** Relative change that counts as deterioration (default: the same as `improvement`, as the package). */
  deterioration?: number;
  group?: ArrayLike<string | null | undefined>;
  level?: number;
}

/**
 * Percentage-change approach (clinicalsignificance `cs_percentage`): relative change p = (post − pre)/pre per person;
 * with s = direction sign, **improved** when s·p ≥ `improvement`, **deteriorated** when s·p ≤ −`deterioration`,
 * otherwise (and when post = pre) **unchanged**. Counts with Wilson CIs overall and per group. Deliberate difference:
 * the package labels pre = 0, post > 0 as improved whatever the direction; here a pre score of 0 leaves the relative
 * change undefined and the person is left out with a note.
 *
 * @example
 * clinicalSignificancePercentage([20, 30, 10, 25], [8, 27, 12, 10], { direction: 'higher-worse', improvement: 0.5 }).summary.improved.successes // 2
 */
export function clinicalSignificancePercentage(pre: NumericInput, post: NumericInput, options: PercentageChangeOptions): ChangeThresholdResult {
  const s = changeDirectionSign(options.direction);
  const imp = options.improvement;
  const det = options.deterioration ?? imp;
  if (!(imp > 0) || !(det > 0)) throw new StatsError('clinicalSignificancePercentage: improvement and deterioration must be positive proportions (e.g. 0.5 for 50%).');
  return summariseThreshold(
    `Clinical significance: percentage-change approach (improvement ≥ ${+(imp * 100).toFixed(2)}%, deterioration ≥ ${+(det * 100).toFixed(2)}%)`,
    pre,
    post,
    options.group,
    options.level ?? 0.95,
    (a, b) => {
      if (a === 0) return null;
      const p = (b - a) / a;
      const category: ChangeThresholdCategory = a === b ? 'unchanged' : directedCategory(s * p, imp, det);
      return { value: p, category };
    },
    'the pre score is 0, so the percentage change is undefined.',
  );
}

export interface AnchorOptions {
  direction: ChangeDirection;
  /** Minimal important difference (raw score units) that counts as improvement (clinicalsignificance `mid_improvement`). */
  mid: number;
  /** MID for deterioration (default: the same as `mid`, as the package). */
  midDeterioration?: number;
  group?: ArrayLike<string | null | undefined>;
  level?: number;
}

/**
 * Anchor-based approach, individual level (clinicalsignificance `cs_anchor`, target "individual"): with s = direction
 * sign, **improved** when s·(post − pre) ≥ MID, **deteriorated** when s·(post − pre) ≤ −MID_det, otherwise
 * **unchanged**. The MID comes from an anchor study (e.g. the change patients call "a little better"); counts with
 * Wilson CIs overall and per group.
 *
 * @example
 * clinicalSignificanceAnchor([20, 30, 10, 25], [8, 27, 12, 10], { direction: 'higher-worse', mid: 5 }).summary.improved.successes // 2
 */
export function clinicalSignificanceAnchor(pre: NumericInput, post: NumericInput, options: AnchorOptions): ChangeThresholdResult {
  const s = changeDirectionSign(options.direction);
  const mid = options.mid;
  const midDet = options.midDeterioration ?? mid;
  if (!(mid > 0) || !(midDet > 0)) throw new StatsError('clinicalSignificanceAnchor: the minimal important differences must be positive.');
  return summariseThreshold(
    `Clinical significance: anchor-based approach (MID ${fmt(mid)}; deterioration ${fmt(midDet)})`,
    pre,
    post,
    options.group,
    options.level ?? 0.95,
    (a, b) => {
      const d = b - a;
      return { value: d, category: directedCategory(s * d, mid, midDet) };
    },
    '',
  );
}

/**
 * Statistical approach (clinicalsignificance `cs_statistical`) summarised from a {@link clinicalSignificance} result,
 * overall and per group: for the Jacobson–Truax cut-offs **improved** = clinical at pre and functional at post,
 * **deteriorated** = not clinical at pre and not functional at post, otherwise **unchanged**; for HA improved =
 * functional at post (CS_indiv significantly beyond the cut-off after starting clinical) and deteriorated = clinical at
 * post. Reliable change plays no part (that is the combined approach).
 *
 * @example
 * // cs = the Jacobson & Truax DAS example of clinicalSignificance (cut-off c)
 * clinicalSignificanceStatistical(cs).summary.improved.successes // 16 (of 30; 14 of them also reliably improved = recovered)
 */
export function clinicalSignificanceStatistical(cs: ClinicalSignificanceResult, options: { level?: number } = {}): ChangeThresholdResult {
  const level = options.level ?? 0.95;
  const isHA = cs.cutoffKind === 'hageman-arrindell-true';
  const rows = cs.rows.map((r) => {
    const improved = isHA ? r.functionalPost : r.clinicalPre && r.functionalPost;
    const deteriorated = isHA ? r.clinicalPost : !r.clinicalPre && !r.functionalPost;
    const category: ChangeThresholdCategory = improved ? 'improved' : deteriorated ? 'deteriorated' : 'unchanged';
    return { index: r.index, pre: r.pre, post: r.post, change: r.change, value: r.post, category, ...(r.group !== undefined ? { group: r.group } : {}) };
  });
  const sumOf = (rs: typeof rows) =>
    Object.fromEntries(THRESHOLD_CATEGORIES.map((k) => [k, wilsonInterval(rs.filter((r) => r.category === k).length, rs.length, level)])) as Record<ChangeThresholdCategory, ProportionResult>;
  const order: string[] = [];
  for (const r of rows) if (r.group !== undefined && !order.includes(r.group)) order.push(r.group);
  return new ChangeThresholdResult(
    `Clinical significance: statistical approach (cut-off ${cs.cutoffType}${isHA ? ', true score (HA)' : ''}; no reliable-change criterion)`,
    rows,
    sumOf(rows),
    order.map((g) => {
      const rs = rows.filter((r) => r.group === g);
      return { group: g, n: rs.length, summary: sumOf(rs) };
    }),
    rows.length,
    cs.nMissing,
    [],
  );
}
