/**
 * Power analysis as R `pwr` does it, for the designs `power.ts` does not cover: two groups of unequal size
 * (`pwr.t2n.test`), one-way ANOVA (`pwr.anova.test`), a correlation (`pwr.r.test`) and a χ² test (`pwr.chisq.test`).
 * Give all but one of n, effect, α and power; the missing one is solved (Brent's method on a bracket grown by
 * doubling), for effects in either direction (`alternative` 'two-sided', 'greater' or 'less').
 *
 * Reference: R pwr 1.3 (tests/reference/power2.R → power2.json).
 */
import { fmt, fmtNoLeadingZero } from './apa.js';
import { chiSquared, fDist, normal, studentT } from './distributions.js';
import { noncentralT } from './noncentral-t.js';
import { noncentralChiSquaredCdf, noncentralFCdf } from './noncentral-f.js';
import { brentRoot } from './roots.js';
import { StatsError, type StatResult } from './result.js';

export type PwrAlternative = 'two-sided' | 'greater' | 'less';
export type PwrSolvedFor = 'n' | 'effect' | 'alpha' | 'power';

/** Result of a pwr-style power analysis. */
export class PwrResult implements StatResult {
  constructor(
    readonly method: string,
    /** Effect-size name: d, f, r or w. */
    readonly effectName: string,
    readonly values: { n: number; effect: number; alpha: number; power: number },
    readonly solvedFor: PwrSolvedFor,
    readonly alternative: PwrAlternative,
    /** What n counts ("per group", "total", "second group"). */
    readonly nMeaning: string,
    readonly extra: Record<string, number> = {},
  ) {}
  get n(): number {
    return this.values.n;
  }
  get power(): number {
    return this.values.power;
  }
  get effect(): number {
    return this.values.effect;
  }
  get alpha(): number {
    return this.values.alpha;
  }
  /** n rounded up to whole participants (when n was solved). */
  get nCeiling(): number {
    return Math.ceil(this.values.n - 1e-9);
  }
  toJSON(): Record<string, unknown> {
    return { method: this.method, effectName: this.effectName, ...this.values, solvedFor: this.solvedFor, alternative: this.alternative, nMeaning: this.nMeaning, ...this.extra };
  }
  /** "n = 52.40 (53) per group for f = 0.25, α = .05, power = .80" */
  apa(): string {
    const v = this.values;
    const n = this.solvedFor === 'n' ? `${fmt(v.n)} (${this.nCeiling})` : fmt(v.n, 0);
    return `n = ${n} ${this.nMeaning} for ${this.effectName} = ${fmt(v.effect)}, α = ${fmtNoLeadingZero(v.alpha, 3)}, power = ${fmtNoLeadingZero(v.power)}`;
  }
}

interface SolveSpec {
  power: (n: number, effect: number, alpha: number) => number;
  nMin: number;
  effectMax: number;
  alternative: PwrAlternative;
}

function solve(spec: SolveSpec, given: { n?: number; effect?: number; alpha?: number; power?: number }, what: string): { values: PwrResult['values']; solvedFor: PwrSolvedFor } {
  const keys: PwrSolvedFor[] = ['n', 'effect', 'alpha', 'power'];
  const missing = keys.filter((k) => given[k] === undefined || given[k] === null);
  if (missing.length !== 1) throw new StatsError(`${what}: give all but one of n, effect, alpha and power (missing: ${missing.join(', ') || 'none'}).`);
  const target = missing[0];
  const { n, effect, alpha, power } = given as Required<typeof given>;
  if (target !== 'alpha' && !(alpha > 0 && alpha < 1)) throw new StatsError(`${what}: alpha must lie strictly between 0 and 1 (got ${alpha}).`);
  if (target !== 'power' && !(power > 0 && power < 1)) throw new StatsError(`${what}: power must lie strictly between 0 and 1 (got ${power}).`);
  if (target !== 'n' && !(n >= spec.nMin)) throw new StatsError(`${what}: n must be at least ${spec.nMin} (got ${n}).`);
  const sign = spec.alternative === 'less' ? -1 : 1;
  if (target !== 'effect' && spec.alternative !== 'two-sided' && effect * sign < 0) {
    throw new StatsError(`${what}: with alternative '${spec.alternative}' the effect must be ${sign > 0 ? 'positive' : 'negative'} (got ${effect}).`);
  }
  const root = (f: (x: number) => number, lo: number, hi: number, max: number): number => {
    let h = hi;
    while (f(h) < 0) {
      h *= 2;
      if (h > max) throw new StatsError(`${what}: no ${target} up to ${max} reaches the requested power.`);
    }
    return brentRoot(f, lo, h, { tol: 1e-10 });
  };
  let v: PwrResult['values'];
  if (target === 'power') v = { n, effect, alpha, power: spec.power(n, effect, alpha) };
  else if (target === 'n') {
    if (spec.power(spec.nMin, effect, alpha) >= power) throw new StatsError(`${what}: even the smallest n (${spec.nMin}) gives power ≥ ${power}.`);
    v = { n: root((x) => spec.power(x, effect, alpha) - power, spec.nMin, spec.nMin * 2, 1e7), effect, alpha, power };
  } else if (target === 'alpha') {
    v = { n, effect, alpha: brentRoot((a) => spec.power(n, effect, a) - power, 1e-10, 1 - 1e-10, { tol: 1e-12 }), power };
  } else {
    const f = (e: number) => spec.power(n, sign * e, alpha) - power;
    v = { n, effect: sign * root(f, 1e-10, 0.5, spec.effectMax), alpha, power };
  }
  return { values: v, solvedFor: target };
}

/** Power of a t test with noncentrality δ on df, as pwr: two-sided counts both rejection regions. */
function tPower(ncp: number, df: number, alpha: number, alt: PwrAlternative): number {
  if (alt === 'two-sided') {
    const q = studentT.quantile(1 - alpha / 2, df);
    return noncentralT.sf(q, df, ncp) + noncentralT.cdf(-q, df, ncp);
  }
  if (alt === 'greater') return noncentralT.sf(studentT.quantile(1 - alpha, df), df, ncp);
  return noncentralT.cdf(studentT.quantile(alpha, df), df, ncp);
}

/**
 * Two-sample t-test with unequal group sizes (R `pwr.t2n.test`): ncp = d·√(n₁n₂/(n₁ + n₂)), df = n₁ + n₂ − 2. `n1` is
 * fixed; leave out one of `n2`, `d`, `alpha`, `power`.
 *
 * @example
 * powerTTestUnequal({ n1: 30, n2: 60, d: 0.5 }).power // 0.5993611 (R pwr.t2n.test(30, 60, d = 0.5))
 */
export function powerTTestUnequal(input: { n1: number; n2?: number; d?: number; alpha?: number; power?: number; alternative?: PwrAlternative }): PwrResult {
  const alt = input.alternative ?? 'two-sided';
  const n1 = input.n1;
  if (!(n1 >= 2)) throw new StatsError(`powerTTestUnequal: n1 must be at least 2 (got ${n1}).`);
  const r = solve(
    { power: (n2, d, a) => tPower(d * Math.sqrt((n1 * n2) / (n1 + n2)), n1 + n2 - 2, a, alt), nMin: 2, effectMax: 1e3, alternative: alt },
    { n: input.n2, effect: input.d, alpha: alphaOf(input, ['n2', 'd', 'power']), power: input.power },
    'powerTTestUnequal',
  );
  return new PwrResult('Power of the two-sample t-test, unequal n (noncentral t; as pwr.t2n.test)', 'd', r.values, r.solvedFor, alt, 'in the second group', { n1 });
}

/**
 * One-way ANOVA with k groups of n (R `pwr.anova.test`): Cohen's f, λ = k·n·f², F(k − 1, k(n − 1)); power =
 * P(F > F₁₋α; λ). Leave out one of `n` (per group), `f`, `alpha`, `power`.
 *
 * @example
 * powerAnova({ k: 3, f: 0.25, power: 0.8 }).n // 52.3966 per group (R pwr.anova.test(k = 3, f = 0.25, power = 0.8))
 */
export function powerAnova(input: { k: number; n?: number; f?: number; alpha?: number; power?: number }): PwrResult {
  const k = input.k;
  if (!(Number.isInteger(k) && k >= 2)) throw new StatsError(`powerAnova: k must be an integer ≥ 2 (got ${k}).`);
  const pw = (n: number, f: number, a: number) => {
    const df1 = k - 1;
    const df2 = k * (n - 1);
    return 1 - noncentralFCdf(fDist.quantile(1 - a, df1, df2), df1, df2, k * n * f * f);
  };
  const r = solve({ power: pw, nMin: 2, effectMax: 1e3, alternative: 'greater' }, { n: input.n, effect: input.f, alpha: alphaOf(input, ['n', 'f', 'power']), power: input.power }, 'powerAnova');
  return new PwrResult('Power of the one-way ANOVA (noncentral F; as pwr.anova.test)', 'f', r.values, r.solvedFor, 'greater', 'per group', { k });
}

/**
 * Correlation test (R `pwr.r.test`, Fisher-z approximation): critical r_c from t(n − 2), z_r = atanh(r) + r/(2(n − 1)),
 * power = Φ((z_r − z_c)√(n − 3)) + Φ((−z_r − z_c)√(n − 3)) two-sided (one tail for 'greater'/'less').
 *
 * @example
 * powerCorrelation({ r: 0.3, power: 0.8 }).n // 84.0736 (R pwr.r.test(r = 0.3, power = 0.8))
 */
export function powerCorrelation(input: { n?: number; r?: number; alpha?: number; power?: number; alternative?: PwrAlternative }): PwrResult {
  const alt = input.alternative ?? 'two-sided';
  const pw = (n: number, r: number, a: number) => {
    const s = Math.sqrt(n - 3);
    if (alt === 'two-sided') {
      const t = studentT.quantile(1 - a / 2, n - 2);
      const rc = Math.sqrt((t * t) / (t * t + n - 2));
      const zr = Math.atanh(r) + r / (2 * (n - 1));
      const zc = Math.atanh(rc);
      return normal.cdf((zr - zc) * s, 0, 1) + normal.cdf((-zr - zc) * s, 0, 1);
    }
    const t = studentT.quantile(1 - a, n - 2);
    const rc = Math.sqrt((t * t) / (t * t + n - 2));
    const zr = Math.atanh(r) + r / (2 * (n - 1));
    const zc = Math.atanh(rc);
    return alt === 'greater' ? normal.cdf((zr - zc) * s, 0, 1) : normal.cdf((-zr - zc) * s, 0, 1);
  };
  const r = solve({ power: pw, nMin: 4, effectMax: 0.999999, alternative: alt }, { n: input.n, effect: input.r, alpha: alphaOf(input, ['n', 'r', 'power']), power: input.power }, 'powerCorrelation');
  return new PwrResult('Power of the correlation test (Fisher z; as pwr.r.test)', 'r', r.values, r.solvedFor, alt, 'in total');
}

/**
 * χ² test (R `pwr.chisq.test`): Cohen's w, λ = N·w², power = P(χ²_df(λ) > χ²₁₋α,df). Leave out one of `n` (total N),
 * `w`, `alpha`, `power`.
 *
 * @example
 * powerChiSquare({ w: 0.3, df: 2, power: 0.8 }).n // 107.0521 (R pwr.chisq.test(w = 0.3, df = 2, power = 0.8))
 */
export function powerChiSquare(input: { df: number; n?: number; w?: number; alpha?: number; power?: number }): PwrResult {
  const df = input.df;
  if (!(df >= 1)) throw new StatsError(`powerChiSquare: df must be at least 1 (got ${df}).`);
  const pw = (n: number, w: number, a: number) => 1 - noncentralChiSquaredCdf(chiSquared.quantile(1 - a, df), df, n * w * w);
  const r = solve({ power: pw, nMin: 2, effectMax: 1e3, alternative: 'greater' }, { n: input.n, effect: input.w, alpha: alphaOf(input, ['n', 'w', 'power']), power: input.power }, 'powerChiSquare');
  return new PwrResult('Power of the χ² test (noncentral χ²; as pwr.chisq.test)', 'w', r.values, r.solvedFor, 'greater', 'in total', { df });
}

/** α defaults to .05 unless every other quantity is given (then α is the one to solve). */
function alphaOf(input: Record<string, unknown>, others: string[]): number | undefined {
  if (input.alpha !== undefined) return input.alpha as number;
  return others.every((k) => input[k] !== undefined) ? undefined : 0.05;
}
