/**
 * Verbal labels for effect sizes, with the rules kept as data (as R effectsize's `rules()`), so that a report
 * names the convention it used and a user can pass their own.
 *
 * Conventions (identical to R effectsize 0.8.3 `interpret_cohens_d` / `interpret_r`):
 * - Rules are applied to the absolute value |x| (direction is not part of the label).
 * - A rule set has k ascending thresholds and k + 1 labels. With `right: false` (all built-in sets) the intervals
 *   are closed on the left: a value equal to a threshold gets the label above it, so d = 0.5 is "medium" under
 *   cohen1988, and d = 0.49 is "small". With `right: true` (R's default for custom `rules()`), a value equal to a
 *   threshold gets the label below it.
 */
import { StatsError } from './result.js';

/** The kind of effect size a rule set is written for. */
export type EffectFamily = 'd' | 'r';

export interface InterpretationRules {
  /** Short name, e.g. "cohen1988". */
  name: string;
  family: EffectFamily;
  /** Ascending thresholds on |x|. */
  thresholds: readonly number[];
  /** thresholds.length + 1 labels, from smallest to largest. */
  labels: readonly string[];
  /** false: [a, b) intervals (value at a threshold gets the upper label); true: (a, b]. */
  right: boolean;
  /** Where the convention comes from. */
  reference: string;
}

/**
 * Built-in rule sets (data, as R effectsize's `rules()`). Keys are `${family}:${name}`; each carries its thresholds,
 * labels, boundary convention and full reference, so a report can cite the convention it used.
 */
export const EFFECT_SIZE_RULES: Readonly<Record<string, InterpretationRules>> = Object.freeze({
  'd:cohen1988': {
    name: 'cohen1988',
    family: 'd',
    thresholds: [0.2, 0.5, 0.8],
    labels: ['very small', 'small', 'medium', 'large'],
    right: false,
    reference: 'Cohen, J. (1988). Statistical power analysis for the behavioral sciences (2nd ed.). Erlbaum.',
  },
  'd:sawilowsky2009': {
    name: 'sawilowsky2009',
    family: 'd',
    thresholds: [0.1, 0.2, 0.5, 0.8, 1.2, 2],
    labels: ['tiny', 'very small', 'small', 'medium', 'large', 'very large', 'huge'],
    right: false,
    reference: 'Sawilowsky, S. S. (2009). New effect size rules of thumb. Journal of Modern Applied Statistical Methods, 8(2), 597–599.',
  },
  'd:lovakov2021': {
    name: 'lovakov2021',
    family: 'd',
    thresholds: [0.15, 0.36, 0.65],
    labels: ['very small', 'small', 'medium', 'large'],
    right: false,
    reference:
      'Lovakov, A., & Agadullina, E. R. (2021). Empirically derived guidelines for effect size interpretation in social psychology. European Journal of Social Psychology, 51(3), 485–504.',
  },
  'r:cohen1988': {
    name: 'cohen1988',
    family: 'r',
    thresholds: [0.1, 0.3, 0.5],
    labels: ['very small', 'small', 'moderate', 'large'],
    right: false,
    reference: 'Cohen, J. (1988). Statistical power analysis for the behavioral sciences (2nd ed.). Erlbaum.',
  },
  'r:gignac2016': {
    name: 'gignac2016',
    family: 'r',
    thresholds: [0.1, 0.2, 0.3],
    labels: ['very small', 'small', 'moderate', 'large'],
    right: false,
    reference:
      'Gignac, G. E., & Szodorai, E. T. (2016). Effect size guidelines for individual differences researchers. Personality and Individual Differences, 102, 74–78.',
  },
  'r:lovakov2021': {
    name: 'lovakov2021',
    family: 'r',
    thresholds: [0.12, 0.24, 0.41],
    labels: ['very small', 'small', 'medium', 'large'],
    right: false,
    reference:
      'Lovakov, A., & Agadullina, E. R. (2021). Empirically derived guidelines for effect size interpretation in social psychology. European Journal of Social Psychology, 51(3), 485–504.',
  },
  'r:funder2019': {
    name: 'funder2019',
    family: 'r',
    thresholds: [0.05, 0.1, 0.2, 0.3, 0.4],
    labels: ['tiny', 'very small', 'small', 'medium', 'large', 'very large'],
    right: false,
    reference:
      'Funder, D. C., & Ozer, D. J. (2019). Evaluating effect size in psychological research: Sense and nonsense. Advances in Methods and Practices in Psychological Science, 2(2), 156–168.',
  },
} satisfies Record<string, InterpretationRules>);

/**
 * Builds (and validates) a custom rule set, e.g. a programme's own benchmarks:
 * `defineInterpretationRules({ name: 'homestart2024', family: 'd', thresholds: [0.1, 0.3], labels: ['negligible', 'modest', 'substantial'] })`.
 * `right` defaults to false (the built-in convention). Throws a StatsError for unsorted thresholds or a wrong number of labels.
 * The equivalent of R `effectsize::rules(values, labels, name, right)`.
 *
 * @example
 * const own = defineInterpretationRules({ name: 'homestart2024', family: 'd', thresholds: [0.1, 0.3], labels: ['negligible', 'modest', 'substantial'] });
 * interpretEffect(0.3, own) // "substantial" (right = false: a value on a threshold gets the label above it)
 */
export function defineInterpretationRules(spec: {
  name?: string;
  family: EffectFamily;
  thresholds: readonly number[];
  labels: readonly string[];
  right?: boolean;
  reference?: string;
}): InterpretationRules {
  const { thresholds, labels } = spec;
  if (!Array.isArray(thresholds) || thresholds.some((t) => !Number.isFinite(t))) {
    throw new StatsError('Interpretation rules: thresholds must be finite numbers.');
  }
  for (let i = 1; i < thresholds.length; i++) {
    if (!(thresholds[i] > thresholds[i - 1])) throw new StatsError('Interpretation rules: thresholds must be strictly increasing.');
  }
  if (!Array.isArray(labels) || labels.length !== thresholds.length + 1) {
    throw new StatsError(
      `Interpretation rules: give one label more than thresholds (${thresholds.length} thresholds need ${thresholds.length + 1} labels, got ${Array.isArray(labels) ? labels.length : 0}).`,
    );
  }
  if (spec.family !== 'd' && spec.family !== 'r') throw new StatsError('Interpretation rules: family must be "d" or "r".');
  return {
    name: spec.name ?? 'custom',
    family: spec.family,
    thresholds: [...thresholds],
    labels: [...labels],
    right: spec.right ?? false,
    reference: spec.reference ?? 'user-defined',
  };
}

/**
 * Looks up a built-in rule set by name and family; throws a StatsError listing the available names otherwise.
 * Built-in: d — cohen1988 (Cohen, 1988), sawilowsky2009, lovakov2021; r — cohen1988, gignac2016 (Gignac &
 * Szodorai, 2016), lovakov2021, funder2019 (Funder & Ozer, 2019), with the thresholds of R effectsize 0.8.3.
 *
 * @example
 * interpretationRules('gignac2016', 'r').thresholds // [0.1, 0.2, 0.3]
 */
export function interpretationRules(name: string, family: EffectFamily): InterpretationRules {
  const r = EFFECT_SIZE_RULES[`${family}:${name}`];
  if (!r) {
    const names = Object.values(EFFECT_SIZE_RULES)
      .filter((x) => x.family === family)
      .map((x) => x.name);
    throw new StatsError(`No built-in "${name}" rules for ${family}; available: ${names.join(', ')}.`);
  }
  return r;
}

/**
 * The label of an effect size under a rule set, applied to |value| (see the module note for the boundary convention).
 * Mirrors R `effectsize::interpret(abs(x), rules)`. Throws a StatsError for NaN.
 *
 * @example
 * interpretEffect(0.5, interpretationRules('cohen1988', 'd')) // "medium"
 * interpretEffect(-0.49, interpretationRules('cohen1988', 'd')) // "small"
 */
export function interpretEffect(value: number, rules: InterpretationRules): string {
  if (Number.isNaN(value)) throw new StatsError('interpretEffect: cannot label an effect size that is NaN.');
  const v = Math.abs(value);
  const t = rules.thresholds;
  let i = 0;
  while (i < t.length && (rules.right ? v > t[i] : v >= t[i])) i++;
  return rules.labels[i];
}

/**
 * d → r for two equal groups, r = d/√(d² + 4) (Cohen, 1988, eq. 2.2.6; as R effectsize `d_to_r`), used for gignac2016 on d.
 *
 * @example
 * interpretDToR(0.5) // 0.24253562503633297 (= 0.5/√4.25; R effectsize::d_to_r(0.5))
 */
export function interpretDToR(d: number): number {
  return d / Math.sqrt(d * d + 4);
}

/**
 * Label a standardized mean difference (d, g, Δ, d_z …) with a named convention or custom rules
 * (default cohen1988). "gignac2016" is defined for r, so d is first converted with r = d/√(d² + 4),
 * as R `effectsize::interpret_cohens_d(d, "gignac2016")` does.
 *
 * @example interpretCohensD(0.8) // "large"
 */
export function interpretCohensD(d: number, rules: string | InterpretationRules = 'cohen1988'): string {
  if (typeof rules !== 'string') return interpretEffect(d, rules);
  if (rules === 'gignac2016') return interpretEffect(interpretDToR(d), interpretationRules('gignac2016', 'r'));
  return interpretEffect(d, interpretationRules(rules, 'd'));
}

/**
 * Label a correlation-type effect (r, r_pb, r_rb) with a named convention or custom rules. The default is
 * funder2019, as R `effectsize::interpret_r`; cohen1988, gignac2016 and lovakov2021 are available.
 *
 * @example interpretR(0.25, 'gignac2016') // "moderate"
 */
export function interpretR(r: number, rules: string | InterpretationRules = 'funder2019'): string {
  if (typeof rules !== 'string') return interpretEffect(r, rules);
  return interpretEffect(r, interpretationRules(rules, 'r'));
}
