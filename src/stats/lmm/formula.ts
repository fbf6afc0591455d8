/**
 * Model formulas for linear mixed models, written as R users write them for `lme4::lmer`:
 *
 *     score ~ time * group + age + single_parent + (1 + time | participant)
 *
 * Grammar (a subset of R's, enough for the longitudinal designs):
 * - response `~` right-hand side; terms joined by `+`; `-1` or `0 +` removes the intercept;
 * - `a:b` is an interaction, `a*b` expands to `a + b + a:b` (three-way: all lower orders, as R);
 * - `I(x^2)` (a power of one variable) is a derived numeric variable named as written;
 * - random terms in parentheses: `(1 | g)` random intercept, `(1 + time | g)` or `(time | g)` correlated
 *   intercept and slope, `(0 + time | g)` slope only, `(1 + time || g)` uncorrelated (lme4 expands it into
 *   separate terms; here it is one term with a diagonal covariance, which has the same likelihood);
 *   `(1 | site/participant)` is `(1 | participant:site) + (1 | site)` as in lme4, `(1 | site:participant)`
 *   a random intercept per combination.
 *
 * The parsed {@link LmmFormula} is plain data, so a model can also be built without a string.
 */
import { StatsError } from '../result.js';

/** One fixed-effect term: a main effect (one variable) or an interaction (several). */
export interface LmmFixedTerm {
  /** Variables of the term in the order written, e.g. ["time", "group"] for time:group. */
  variables: string[];
}

/** One random-effects term `(intercept + slopes | grouping)`. */
export interface LmmRandomTerm {
  /** Random intercept present. */
  intercept: boolean;
  /** Numeric variables with a random slope (in order). */
  slopes: string[];
  /** Grouping factor; several names form an interaction (`site:participant`). */
  grouping: string[];
  /** Correlated effects (`|`, default) or independent (`||`: diagonal covariance). */
  correlated: boolean;
}

/** A parsed (or directly built) mixed-model formula. */
export interface LmmFormula {
  response: string;
  /** Fixed intercept (default true). */
  intercept: boolean;
  /** Fixed terms in R's order: main effects first, then two-way interactions, … (order of appearance within). */
  fixed: LmmFixedTerm[];
  random: LmmRandomTerm[];
}

/** Name of a fixed term as R prints it, e.g. "time:group". */
export function lmmTermName(t: LmmFixedTerm): string {
  return t.variables.join(':');
}

/** Name of a grouping factor as lme4 prints it, e.g. "participant:site". */
export function lmmGroupingName(t: LmmRandomTerm): string {
  return t.grouping.join(':');
}

/** The formula written back as an R formula string (canonical form). */
export function lmmFormulaToString(f: LmmFormula): string {
  const fixed = f.fixed.map(lmmTermName);
  const rhs = [f.intercept ? '1' : '0', ...fixed];
  const rnd = f.random.map((r) => {
    const parts = [r.intercept ? '1' : '0', ...r.slopes];
    return `(${parts.join(' + ')} ${r.correlated ? '|' : '||'} ${lmmGroupingName(r)})`;
  });
  return `${f.response} ~ ${[...rhs, ...rnd].join(' + ')}`;
}

// -------------------------------------------------------------------------------------------------
// tokenising the right-hand side into top-level pieces

function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth < 0) throw new StatsError(`Formula: a closing parenthesis has no opening one in "${s}".`);
    if (depth === 0 && s.startsWith(sep, i)) {
      out.push(cur);
      cur = '';
      i += sep.length - 1;
      continue;
    }
    cur += c;
  }
  if (depth !== 0) throw new StatsError(`Formula: an opening parenthesis is not closed in "${s}".`);
  out.push(cur);
  return out.map((x) => x.trim());
}

const NAME = /^[A-Za-z.][A-Za-z0-9._]*$/;

function checkName(v: string, context: string): string {
  const s = v.trim();
  if (/^I\(\s*[A-Za-z.][A-Za-z0-9._]*\s*\^\s*[0-9]+(\.[0-9]+)?\s*\)$/.test(s)) return s.replace(/\s+/g, '');
  if (!NAME.test(s)) {
    throw new StatsError(
      `Formula: "${s}" in ${context} is not a variable name (letters, digits, "." and "_"; powers as I(time^2)).`,
    );
  }
  return s;
}

/** Expands `a*b*c` into every sub-interaction, R's order. */
function expandStar(piece: string): string[][] {
  // each factor of the product is an interaction a:b or a parenthesised sum (a + b), itself expanded
  const factors: string[][][] = splitTopLevel(piece, '*').map((f) => {
    if (f.startsWith('(') && f.endsWith(')') && !f.includes('|')) {
      return splitTopLevel(f.slice(1, -1), '+').flatMap((g) => expandStar(g));
    }
    return [splitTopLevel(f, ':').map((v) => checkName(v, 'the fixed part'))];
  });
  let terms: string[][] = [[]];
  for (const alternatives of factors) {
    const next = [...terms];
    for (const f of alternatives) for (const t of terms) next.push([...t, ...f.filter((v) => !t.includes(v))]);
    terms = next;
  }
  return terms.filter((t) => t.length > 0);
}

function parseRandom(inner: string): LmmRandomTerm[] {
  const dbl = splitTopLevel(inner, '||');
  let lhs: string;
  let rhs: string;
  let correlated = true;
  if (dbl.length === 2) {
    [lhs, rhs] = dbl;
    correlated = false;
  } else {
    const single = splitTopLevel(inner, '|');
    if (single.length !== 2) throw new StatsError(`Formula: the random term "(${inner})" needs exactly one "|" (or "||").`);
    [lhs, rhs] = single;
  }
  let intercept = true;
  const slopes: string[] = [];
  for (const raw of splitTopLevel(lhs, '+')) {
    const p = raw.trim();
    if (p === '1') intercept = true;
    else if (p === '0' || p === '-1') intercept = false;
    else if (p === '') continue;
    else slopes.push(checkName(p, `the random term "(${inner})"`));
  }
  if (!intercept && slopes.length === 0) throw new StatsError(`Formula: the random term "(${inner})" has no effects.`);
  const nested = splitTopLevel(rhs, '/');
  const mk = (grouping: string[]): LmmRandomTerm => ({ intercept, slopes: [...slopes], grouping, correlated });
  if (nested.length === 1) return [mk(splitTopLevel(rhs, ':').map((g) => checkName(g, `the grouping of "(${inner})"`)))];
  if (nested.length !== 2) throw new StatsError(`Formula: only two nested levels are supported in "(${inner})".`);
  const outer = checkName(nested[0], 'a grouping factor');
  const innerName = checkName(nested[1], 'a grouping factor');
  // lme4: (1 | site/participant) → (1 | participant:site) + (1 | site)
  return [mk([innerName, outer]), mk([outer])];
}

/**
 * Parses an lme4-style formula into a {@link LmmFormula}.
 *
 * @example
 * parseLmmFormula('y ~ time * group + (1 + time | id)').fixed.map((t) => t.variables.join(':'))
 * // ["time", "group", "time:group"]
 */
export function parseLmmFormula(formula: string): LmmFormula {
  const sides = formula.split('~');
  if (sides.length !== 2) throw new StatsError(`Formula "${formula}" needs exactly one "~" (response ~ terms).`);
  const response = checkName(sides[0], 'the response');
  let intercept = true;
  const fixedRaw: string[][] = [];
  const random: LmmRandomTerm[] = [];
  // a leading "-1" / "- 1" is written with a minus: normalise to "+ -1"
  const rhs = sides[1].replace(/-\s*1(?![0-9.])/g, '+ -1');
  for (const piece of splitTopLevel(rhs, '+')) {
    if (piece === '') continue;
    if (piece === '1') intercept = true;
    else if (piece === '0' || piece === '-1') intercept = false;
    else if (piece.startsWith('(') && piece.endsWith(')') && piece.includes('|')) random.push(...parseRandom(piece.slice(1, -1)));
    else fixedRaw.push(...expandStar(piece));
  }
  // unique, then R's order: by order of the interaction, stable within
  const seen = new Set<string>();
  const uniq: string[][] = [];
  for (const t of fixedRaw) {
    const key = [...t].sort().join(':');
    if (!seen.has(key)) {
      seen.add(key);
      uniq.push(t);
    }
  }
  const fixed = uniq
    .map((variables, i) => ({ variables, i }))
    .sort((a, b) => a.variables.length - b.variables.length || a.i - b.i)
    .map(({ variables }) => ({ variables }));
  return { response, intercept, fixed, random };
}

/**
 * Validates a directly built formula (names, at least one random term) and returns a copy.
 *
 * @example
 * lmmFormula({ response: 'y', fixed: [{ variables: ['time'] }], random: [{ intercept: true, slopes: [], grouping: ['id'], correlated: true }] }).intercept // true
 */
export function lmmFormula(spec: Omit<LmmFormula, 'intercept'> & { intercept?: boolean }): LmmFormula {
  const f: LmmFormula = {
    response: checkName(spec.response, 'the response'),
    intercept: spec.intercept ?? true,
    fixed: spec.fixed.map((t) => ({ variables: t.variables.map((v) => checkName(v, 'a fixed term')) })),
    random: spec.random.map((r) => ({
      intercept: r.intercept,
      slopes: r.slopes.map((v) => checkName(v, 'a random term')),
      grouping: r.grouping.map((v) => checkName(v, 'a grouping factor')),
      correlated: r.correlated,
    })),
  };
  if (f.random.length === 0) throw new StatsError('A mixed model needs at least one random term such as (1 | participant).');
  for (const r of f.random) {
    if (!r.intercept && r.slopes.length === 0) throw new StatsError(`The random term for ${lmmGroupingName(r)} has no effects.`);
  }
  return f;
}
