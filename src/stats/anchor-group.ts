/**
 * Anchor-based clinical significance at the group level: is a group's mean change (or the difference between two
 * groups) larger than the minimal important difference (MID), judged by the CI of that mean? As the R package
 * clinicalsignificance `cs_anchor(..., target = "group")` with `bayesian = FALSE` (source `R/calc_anchor.R`,
 * `calc_anchor.cs_anchor_group_within` / `_between`, CRAN 2.x); the individual level is
 * `clinicalSignificanceAnchor` in clinical-significance.ts.
 *
 * The package is not in Debian: its rules are reproduced from its source and checked against a base-R computation
 * that follows those rules line by line (tests/reference/anchor_group.R → anchor_group.json).
 */
import { fmt, fmtCI } from './apa.js';
import { anovaGroupIndex, anovaGroupLevels, type AnovaGroupInput, type AnovaGroupLabel } from './anova.js';
import { changeDirectionSign, type ChangeDirection } from './change.js';
import { StatsError, type MissingHandling, type NumericInput, type StatResult } from './result.js';
import { tTestPaired, tTestTwoSample } from './ttest.js';

/** The five group-level categories of clinicalsignificance (machine keys; `label` carries the package's words). */
export type GroupAnchorCategory =
  | 'not-significant'
  | 'significant-not-relevant'
  | 'not-beyond-mid'
  | 'probably-clinically-significant'
  | 'large-clinically-significant';

/**
 * Which categorisation: `'mirrored'` (default) applies the package's rules for "lower is better" to both directions
 * (mirrored for "higher is better"); `'clinicalsignificance'` reproduces the package exactly, including its
 * "higher is better" branch, which has no "not significant" rule (a CI that contains 0 is then categorised only by
 * the MID, and one that contains 0 and lies below the MID gets no category).
 */
export type GroupAnchorRule = 'mirrored' | 'clinicalsignificance';

export interface GroupAnchorOptions {
  /** Which direction of change is better (`'higher-worse'` = the package's `better_is = "lower"`, its default). */
  direction: ChangeDirection;
  /** Minimal important difference in raw score units, > 0 (the package's `mid_improvement`). */
  mid: number;
  /** Confidence level (default 0.95, the package's `ci_level`). */
  level?: number;
  /** Categorisation rule (default `'mirrored'`). */
  rule?: GroupAnchorRule;
}

/** One group (within) or one comparison against the reference group (between). */
export interface GroupAnchorRow {
  /** Group label (within), or the comparison group (between). */
  group: string;
  /** Reference group (between only). */
  reference?: string;
  /** Mean change post − pre (within), or mean(comparison) − mean(reference) (between). */
  difference: number;
  lower: number;
  upper: number;
  /** Complete pairs (within) or the comparison group's n (between). */
  n: number;
  /** Reference group's n (between only). */
  nReference?: number;
  /** df of the t interval (n − 1 within; Welch–Satterthwaite between). */
  df: number;
  category: GroupAnchorCategory | null;
  /** The package's wording of the category, or why there is none. */
  label: string;
}

const LABELS: Record<GroupAnchorCategory, (better: 'less' | 'greater') => string> = {
  'not-significant': () => 'Statistically not significant',
  'significant-not-relevant': () => 'Statistically significant but not clinically relevant',
  'not-beyond-mid': (b) => `Not significantly ${b} than the threshold`,
  'probably-clinically-significant': () => 'Probably clinically significant effect',
  'large-clinically-significant': () => 'Large clinically significant effect',
};

/**
 * The package's categorisation (calc_anchor.R, `case_when`, first matching rule wins) of a mean difference d with
 * CI [L, U] against threshold τ = s·MID (s = −1 when lower is better, +1 when higher is better).
 *
 * s = −1: sign(L) ≠ sign(U) → not significant; L > τ → significant, not relevant; U > τ, d > τ, L < τ → not
 * significantly less than the threshold; U > τ, d < τ, L < τ → probably; U < τ → large.
 * s = +1 (package): sign(L) = sign(U) and U < τ → significant, not relevant; L < τ, d < τ, U > τ → not significantly
 * greater; L < τ, d > τ, U > τ → probably; L > τ → large. 'mirrored' applies the s = −1 rules to (−U, −d, −L).
 * A value exactly on τ matches no rule (the package returns NA): category null.
 */
export function groupAnchorCategory(
  d: number,
  lower: number,
  upper: number,
  sign: 1 | -1,
  mid: number,
  rule: GroupAnchorRule = 'mirrored',
): GroupAnchorCategory | null {
  if (sign === 1 && rule === 'clinicalsignificance') {
    const t = mid;
    if (Math.sign(lower) === Math.sign(upper) && upper < t) return 'significant-not-relevant';
    if (lower < t && d < t && upper > t) return 'not-beyond-mid';
    if (lower < t && d > t && upper > t) return 'probably-clinically-significant';
    if (lower > t) return 'large-clinically-significant';
    return null;
  }
  // lower-is-better form: for s = +1 mirror the interval, (L, d, U) → (−U, −d, −L)
  const [L, D, U] = sign === -1 ? [lower, d, upper] : [-upper, -d, -lower];
  const t = -mid;
  if (Math.sign(L) !== Math.sign(U)) return 'not-significant';
  if (L > t) return 'significant-not-relevant';
  if (U > t && D > t && L < t) return 'not-beyond-mid';
  if (U > t && D < t && L < t) return 'probably-clinically-significant';
  if (U < t) return 'large-clinically-significant';
  return null;
}

function labelOf(category: GroupAnchorCategory | null, sign: 1 | -1): string {
  return category ? LABELS[category](sign === -1 ? 'less' : 'greater') : 'No category: the mean or a CI limit equals the threshold exactly, or (package rule) the CI contains 0 below the MID';
}

/** Result of {@link clinicalSignificanceAnchorGroup} and {@link clinicalSignificanceAnchorBetween}. */
export class GroupAnchorResult implements StatResult {
  readonly missingHandling: MissingHandling = 'listwise';
  constructor(
    readonly method: string,
    readonly effect: 'within' | 'between',
    readonly rows: GroupAnchorRow[],
    readonly direction: ChangeDirection,
    readonly mid: number,
    /** Threshold τ = s·MID on the scale of the difference (−MID when lower is better). */
    readonly threshold: number,
    readonly level: number,
    readonly rule: GroupAnchorRule,
    readonly nMissing: number,
  ) {}
  row(group: string): GroupAnchorRow {
    const r = this.rows.find((x) => x.group === group);
    if (!r) throw new StatsError(`No group "${group}" in the result (groups: ${this.rows.map((x) => x.group).join(', ')}).`);
    return r;
  }
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      effect: this.effect,
      direction: this.direction,
      mid: this.mid,
      threshold: this.threshold,
      level: this.level,
      rule: this.rule,
      missingHandling: this.missingHandling,
      nMissing: this.nMissing,
      rows: this.rows.map((r) => ({ ...r })),
    };
  }
  /** "treatment: M = −9.20, 95% CI [−12.31, −6.09], Probably clinically significant effect (MID 7)"; one clause per row. */
  apa(): string {
    const sym = this.effect === 'within' ? 'M_change' : 'M_diff';
    return this.rows
      .map((r) => `${this.effect === 'between' ? `${r.group} vs ${r.reference}` : r.group}: ${sym} = ${fmt(r.difference)}, ${fmtCI(r.lower, r.upper, this.level)}, ${r.label}`)
      .join('; ')
      .concat(` (MID ${this.mid})`);
  }
}

function checkOptions(options: GroupAnchorOptions, what: string): { sign: 1 | -1; level: number; rule: GroupAnchorRule } {
  const sign = changeDirectionSign(options.direction);
  if (!(options.mid > 0) || !Number.isFinite(options.mid)) throw new StatsError(`${what}: the minimal important difference (mid) must be a positive number (got ${options.mid}).`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new StatsError(`${what}: level must lie between 0 and 1, e.g. 0.95 (got ${level}).`);
  const rule = options.rule ?? 'mirrored';
  if (rule !== 'mirrored' && rule !== 'clinicalsignificance') throw new StatsError(`${what}: rule must be 'mirrored' or 'clinicalsignificance' (got ${String(rule)}).`);
  return { sign, level, rule };
}

/**
 * Anchor-based approach, group level, **within** groups (clinicalsignificance `cs_anchor(target = "group",
 * effect = "within", bayesian = FALSE)`): per group (or for everybody), the mean change d̄ = mean(post − pre) with the
 * paired-t CI (R `t.test(post, pre, paired = TRUE, conf.level)`), categorised against τ = s·MID
 * ({@link groupAnchorCategory}): statistically not significant (CI contains 0); significant but not clinically
 * relevant (CI beyond 0 but not reaching the MID); not significantly beyond the threshold (MID inside the CI, mean
 * short of it); probably clinically significant (mean beyond the MID, MID inside the CI); large clinically significant
 * (whole CI beyond the MID).
 *
 * Deliberate differences: the package's default is Bayesian (`bayesian = TRUE`: the posterior median and credible
 * interval of BayesFactor `ttestBF`, by MCMC sampling); here only its frequentist variant is offered, which is
 * deterministic. With `rule: 'mirrored'` (default) "higher is better" uses the mirror image of the package's
 * "lower is better" rules; `rule: 'clinicalsignificance'` reproduces the package's own "higher is better" branch.
 * Pairs with a missing value are dropped (listwise); a group needs 2 complete pairs.
 *
 * @throws StatsError for a non-positive MID, unequal lengths, or a group with fewer than 2 complete pairs.
 * @example
 * const r = clinicalSignificanceAnchorGroup([30, 28, 35, 31, 27, 33], [21, 22, 25, 24, 20, 26], { direction: 'higher-worse', mid: 5 });
 * r.rows[0].difference // -7.66667 (R t.test(post, pre, paired = TRUE): mean difference −7.666667)
 * r.rows[0].category   // 'large-clinically-significant' (R: CI [−9.25, −6.09] lies below −5)
 */
export function clinicalSignificanceAnchorGroup(
  pre: NumericInput,
  post: NumericInput,
  options: GroupAnchorOptions & { group?: AnovaGroupInput; levels?: readonly AnovaGroupLabel[] },
): GroupAnchorResult {
  const what = 'Group-level anchor approach (within)';
  const { sign, level, rule } = checkOptions(options, what);
  if (pre.length !== post.length) throw new StatsError(`${what}: pre has ${pre.length} values but post has ${post.length}.`);
  const complete = (i: number) => typeof pre[i] === 'number' && Number.isFinite(pre[i]) && typeof post[i] === 'number' && Number.isFinite(post[i]);
  let parts: { group: string; idx: number[] }[];
  let nMissing = 0;
  if (options.group) {
    if (options.group.length !== pre.length) throw new StatsError(`${what}: group has ${options.group.length} labels for ${pre.length} people.`);
    const levels = anovaGroupLevels(options.group, options.levels);
    const gi = anovaGroupIndex(options.group, levels);
    parts = levels.map((g) => ({ group: g, idx: [] }));
    for (let i = 0; i < pre.length; i++) {
      if (gi[i] >= 0 && complete(i)) parts[gi[i]].idx.push(i);
      else nMissing++;
    }
  } else {
    parts = [{ group: 'all', idx: [] }];
    for (let i = 0; i < pre.length; i++) {
      if (complete(i)) parts[0].idx.push(i);
      else nMissing++;
    }
  }
  const rows = parts.map(({ group, idx }) => {
    if (idx.length < 2) throw new StatsError(`${what}: group "${group}" has ${idx.length} complete pre–post pair${idx.length === 1 ? '' : 's'}; at least 2 are needed.`);
    const t = tTestPaired(
      idx.map((i) => post[i] as number),
      idx.map((i) => pre[i] as number),
      { confLevel: level, effectSize: false },
    );
    const difference = t.estimate!.value;
    const { lower, upper } = t.ci!;
    const category = groupAnchorCategory(difference, lower, upper, sign, options.mid, rule);
    return { group, difference, lower, upper, n: idx.length, df: t.df as number, category, label: labelOf(category, sign) };
  });
  return new GroupAnchorResult(
    `Clinical significance: anchor-based approach, group level within (mean change post − pre, paired-t ${Math.round(level * 1000) / 10}% CI; MID ${options.mid}, ${options.direction}; ${rule} rule)`,
    'within',
    rows,
    options.direction,
    options.mid,
    sign * options.mid,
    level,
    rule,
    nMissing,
  );
}

/**
 * Anchor-based approach, group level, **between** groups (clinicalsignificance `cs_anchor(target = "group",
 * effect = "between", post = ..., bayesian = FALSE)`): at one measurement (typically post), each group is compared
 * with the reference group by the difference in means mean(comparison) − mean(reference) and Welch's CI (R
 * `t.test(comparison, reference, conf.level)`, unequal variances as R's default), categorised against τ = s·MID as in
 * {@link clinicalSignificanceAnchorGroup}. The reference group defaults to the first level (sorted labels, as the
 * package's `arrange(group)`); give `reference` for a control or wait-list group.
 *
 * Deliberate differences: frequentist only (the package's default is the Bayesian `ttestBF` posterior); the
 * "higher is better" rule as in {@link clinicalSignificanceAnchorGroup}.
 *
 * @throws StatsError for a non-positive MID, fewer than 2 groups, an unknown reference, or a group with n < 2.
 * @example
 * const r = clinicalSignificanceAnchorBetween([14, 12, 16, 11, 13, 22, 25, 21, 24, 23], ['tx', 'tx', 'tx', 'tx', 'tx', 'wl', 'wl', 'wl', 'wl', 'wl'], { direction: 'higher-worse', mid: 5, reference: 'wl' });
 * r.rows[0].difference // -9.8 (R t.test(tx, wl): 13.2 − 23)
 */
export function clinicalSignificanceAnchorBetween(
  values: NumericInput,
  groups: AnovaGroupInput,
  options: GroupAnchorOptions & { reference?: AnovaGroupLabel; levels?: readonly AnovaGroupLabel[] },
): GroupAnchorResult {
  const what = 'Group-level anchor approach (between)';
  const { sign, level, rule } = checkOptions(options, what);
  if (values.length !== groups.length) throw new StatsError(`${what}: outcome has ${values.length} values but group has ${groups.length}.`);
  const levels = anovaGroupLevels(groups, options.levels);
  if (levels.length < 2) throw new StatsError(`${what} needs at least 2 groups; found ${levels.length}.`);
  const reference = options.reference === undefined ? levels[0] : String(options.reference);
  if (!levels.includes(reference)) throw new StatsError(`${what}: the reference group "${reference}" is not one of the groups (${levels.join(', ')}).`);
  const gi = anovaGroupIndex(groups, levels);
  const byGroup: number[][] = levels.map(() => []);
  let nMissing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (gi[i] >= 0 && typeof v === 'number' && Number.isFinite(v)) byGroup[gi[i]].push(v);
    else nMissing++;
  }
  levels.forEach((g, j) => {
    if (byGroup[j].length < 2) throw new StatsError(`${what}: group "${g}" has ${byGroup[j].length} usable value${byGroup[j].length === 1 ? '' : 's'}; at least 2 are needed.`);
  });
  const ref = byGroup[levels.indexOf(reference)];
  const rows = levels
    .map((g, j) => ({ g, j }))
    .filter(({ g }) => g !== reference)
    .map(({ g, j }) => {
      const t = tTestTwoSample(byGroup[j], ref, { confLevel: level, effectSize: false });
      const difference = t.estimate!.value;
      const { lower, upper } = t.ci!;
      const category = groupAnchorCategory(difference, lower, upper, sign, options.mid, rule);
      return { group: g, reference, difference, lower, upper, n: byGroup[j].length, nReference: ref.length, df: t.df as number, category, label: labelOf(category, sign) };
    });
  return new GroupAnchorResult(
    `Clinical significance: anchor-based approach, group level between (difference in means vs "${reference}", Welch ${Math.round(level * 1000) / 10}% CI; MID ${options.mid}, ${options.direction}; ${rule} rule)`,
    'between',
    rows,
    options.direction,
    options.mid,
    sign * options.mid,
    level,
    rule,
    nMissing,
  );
}
