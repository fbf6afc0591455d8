/**
 * Power and sample size for the comparisons a Home-Start evaluation plans: two-sample,
 * one-sample and paired t-tests (exact, noncentral t), and ANCOVA with a pre-test covariate.
 *
 * Give exactly two of `n`, `d` and `power`; the third is solved. Solving for n returns the
 * continuous solution (as R), the ceiling n to recruit and the power achieved at that n.
 * Root finding is Brent's method (`brentRoot` in roots.ts, R `uniroot`'s rules) on a bracket grown
 * by doubling: it always ends, and throws a StatsError when no n up to 10⁷ reaches the requested power.
 *
 * The noncentral t is `noncentralT` from `noncentral-t.ts` (Poisson-mixture series or adaptive quadrature, no normal
 * approximation).
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { fmt, fmtNoLeadingZero } from './apa.js';
import { studentT } from './distributions.js';
import { integrateGK } from './integrate.js';
import { noncentralT } from './noncentral-t.js';
import { brentRoot } from './roots.js';
import { StatsError, type StatResult } from './result.js';

export type PowerTTestType = 'two-sample' | 'one-sample' | 'paired';
export type PowerAlternative = 'two-sided' | 'one-sided';
export type PowerSolvedFor = 'power' | 'n' | 'd';

export interface PowerTTestInput {
  /** Default 'two-sample'. */
  type?: PowerTTestType;
  /** Per-group n (two-sample, equal groups) or number of participants / pairs. Leave out to solve for it. */
  n?: number;
  /**
   * Standardised effect: δ/σ (Cohen's d) for two-sample and one-sample tests; for paired data
   * d_z = mean difference / SD of the differences (R's `delta/sd` with `type = "paired"`).
   * Leave out to solve for it (the smallest detectable effect).
   */
  d?: number;
  /** Desired power 1 − β. Leave out to solve for it. */
  power?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Default 'two-sided'. 'one-sided' assumes the effect in the hypothesised direction (d > 0). */
  alternative?: PowerAlternative;
  /**
   * Two-sided only: also count rejections in the wrong tail, as R `strict = TRUE`. Default false,
   * as R's default.
   */
  strict?: boolean;
}

/** Result of a power analysis. */
export class PowerAnalysisResult implements StatResult {
  constructor(
    readonly method: string,
    readonly solvedFor: PowerSolvedFor,
    /** Per-group n (two-sample designs) or n of participants/pairs; continuous when solved for. */
    readonly n: number,
    /** n to recruit: ⌈n⌉ when n was solved for, else n. */
    readonly nCeiling: number,
    /** Total participants at nCeiling (2·nCeiling for two groups). */
    readonly nTotal: number,
    readonly d: number,
    /** Power at `n` (the requested power when n was solved for). */
    readonly power: number,
    /** Power at `nCeiling`. */
    readonly achievedPower: number,
    readonly alpha: number,
    readonly alternative: PowerAlternative,
    readonly strict: boolean,
    /** Degrees of freedom and noncentrality of the test at `n`. */
    readonly df: number,
    readonly ncp: number,
    readonly groups: 1 | 2,
    readonly notes: string[] = [],
  ) {}
  toJSON(): Record<string, unknown> {
    return {
      method: this.method,
      solvedFor: this.solvedFor,
      n: this.n,
      nCeiling: this.nCeiling,
      nTotal: this.nTotal,
      d: this.d,
      power: this.power,
      achievedPower: this.achievedPower,
      alpha: this.alpha,
      alternative: this.alternative,
      strict: this.strict,
      df: this.df,
      ncp: this.ncp,
      notes: this.notes,
    };
  }
  /**
   * A methods-section sentence, e.g. "n = 64 per group (128 in total) gives power .80 (achieved .801)
   * to detect d = 0.50 with a two-sided α = .05 (two-sample t-test, noncentral t)".
   */
  apa(): string {
    const per = this.groups === 2 ? ` per group (${this.nTotal} in total)` : '';
    const test = `${this.alternative} α = ${fmtNoLeadingZero(this.alpha, this.alpha < 0.01 ? 3 : 2)} (${this.method})`;
    if (this.solvedFor === 'n') {
      return (
        `n = ${this.nCeiling}${per} gives power ${fmtNoLeadingZero(this.power)} (achieved ${fmtNoLeadingZero(this.achievedPower, 3)}) ` +
        `to detect d = ${fmt(this.d)} with a ${test}`
      );
    }
    if (this.solvedFor === 'd') {
      return `n = ${this.nCeiling}${per} detects d = ${fmt(this.d)} with power ${fmtNoLeadingZero(this.power)} and a ${test}`;
    }
    return `n = ${fmt(this.n, Number.isInteger(this.n) ? 0 : 2)}${per} has power ${fmtNoLeadingZero(this.power, 3)} to detect d = ${fmt(this.d)} with a ${test}`;
  }
}

const N_MAX = 1e7;

/** Power of a t test with df `df`, noncentrality `ncp`, critical value from α (R's power.t.test body). */
function tPower(df: number, ncp: number, alpha: number, alternative: PowerAlternative, strict: boolean): number {
  const tside = alternative === 'two-sided' ? 2 : 1;
  const qu = studentT.quantile(1 - alpha / tside, df);
  let pw = noncentralT.sf(qu, df, ncp);
  if (strict && tside === 2) pw += noncentralT.cdf(-qu, df, ncp);
  return pw;
}

/**
 * Root of f(x) = target for increasing f on [lo, hiMax]: bracket by doubling (at most 200 times),
 * then Brent's method ({@link brentRoot}, R `uniroot` rules) to an x-tolerance of 1e-11 relative to
 * the bracket's upper end, at most 200 iterations. Returns lo when f(lo) ≥ target already.
 */
function solveIncreasing(f: (x: number) => number, target: number, lo: number, hiMax: number, what: string): { x: number; atBound: boolean } {
  let ga = f(lo) - target;
  if (ga >= 0) return { x: lo, atBound: true };
  let a = lo;
  let b = Math.max(lo * 2, lo + 1);
  let gb = f(b) - target;
  let steps = 0;
  while (gb < 0) {
    a = b;
    ga = gb;
    b *= 2;
    if (b > hiMax || ++steps > 200) throw new StatsError(`${what}: the requested power is not reached for any value up to ${hiMax}.`);
    gb = f(b) - target;
  }
  const x = brentRoot((v) => f(v) - target, a, b, { fLower: ga, fUpper: gb, tol: 1e-11 * b, maxIter: 200, what });
  return { x, atBound: false };
}

interface Design {
  method: string;
  groups: 1 | 2;
  /** Smallest admissible n (df ≥ 1). */
  nMin: number;
  /** Power at (n, d). */
  power(n: number, d: number): number;
  df(n: number): number;
  ncp(n: number, d: number): number;
}

function checkCommon(alpha: number, power: number | undefined, d: number | undefined, n: number | undefined, design: Design, what: string): void {
  if (!(alpha > 0 && alpha < 1)) throw new StatsError(`${what}: alpha must be in (0, 1); got ${alpha}.`);
  const given = [n, d, power].filter((v) => v !== undefined).length;
  if (given !== 2) throw new StatsError(`${what}: give exactly two of n, d and power (got ${given}); the third is solved for.`);
  if (power !== undefined && !(power > 0 && power < 1)) throw new StatsError(`${what}: power must be in (0, 1); got ${power}.`);
  if (d !== undefined && !(d >= 0 && Number.isFinite(d))) {
    throw new StatsError(`${what}: d must be a finite number ≥ 0 (got ${d}); give the size of the effect, |d|.`);
  }
  if (n !== undefined && !(n >= design.nMin && n <= N_MAX)) {
    throw new StatsError(`${what}: n must be between ${design.nMin} and ${N_MAX} (got ${n}); smaller n leave no error degrees of freedom.`);
  }
}

function solveDesign(
  design: Design,
  input: { n?: number; d?: number; power?: number; alpha: number; alternative: PowerAlternative; strict: boolean },
  what: string,
  notes: string[] = [],
): PowerAnalysisResult {
  const { n, d, power, alpha, alternative, strict } = input;
  checkCommon(alpha, power, d, n, design, what);
  const make = (solvedFor: PowerSolvedFor, nn: number, nCeil: number, dd: number, pw: number, achieved: number): PowerAnalysisResult =>
    new PowerAnalysisResult(
      design.method,
      solvedFor,
      nn,
      nCeil,
      nCeil * design.groups,
      dd,
      pw,
      achieved,
      alpha,
      alternative,
      strict,
      design.df(nn),
      design.ncp(nn, dd),
      design.groups,
      notes,
    );
  if (power === undefined) {
    const pw = design.power(n!, d!);
    return make('power', n!, Math.ceil(n!), d!, pw, design.power(Math.ceil(n!), d!));
  }
  if (n === undefined) {
    if (d === 0) throw new StatsError(`${what}: with d = 0 no sample size reaches power above α.`);
    const sol = solveIncreasing((x) => design.power(x, d!), power, design.nMin, N_MAX, what);
    if (sol.atBound) notes.push(`The smallest admissible n (${design.nMin}) already has power ≥ ${power}.`);
    let nCeil = Math.ceil(sol.x - 1e-9 * sol.x);
    let achieved = design.power(nCeil, d!);
    if (achieved < power) achieved = design.power(++nCeil, d!);
    return make('n', sol.x, nCeil, d!, power, achieved);
  }
  // solve for d
  const p0 = design.power(n, 1e-7);
  if (p0 >= power) {
    throw new StatsError(`${what}: power ${power} is not above the rejection rate without an effect (${fmt(p0, 4)}); no effect size is needed.`);
  }
  const sol = solveIncreasing((x) => design.power(n, x), power, 1e-7, 1e7, what);
  return make('d', n, Math.ceil(n), sol.x, power, power);
}

function tTestDesign(type: PowerTTestType, alpha: number, alternative: PowerAlternative, strict: boolean): Design {
  const tsample = type === 'two-sample' ? 2 : 1;
  const label = type === 'two-sample' ? 'two-sample t-test' : type === 'paired' ? 'paired t-test' : 'one-sample t-test';
  return {
    method: `${label}, exact power from the noncentral t`,
    groups: tsample as 1 | 2,
    nMin: 2,
    df: (n) => (n - 1) * tsample,
    ncp: (n, d) => Math.sqrt(n / tsample) * d,
    power: (n, d) => tPower((n - 1) * tsample, Math.sqrt(n / tsample) * d, alpha, alternative, strict),
  };
}

/**
 * Power, sample size or detectable effect of a t-test, exact via the noncentral t, as R
 * `stats::power.t.test` (with `sd = 1`, `delta = d`).
 *
 * df = (n − 1)·m and noncentrality λ = d·√(n/m), m = 2 groups (two-sample, n per group) or 1
 * (one-sample; paired with d = d_z). With c = t(1 − α/s; df), s = 2 for two-sided:
 * power = P(T′(df, λ) > c) (+ P(T′ < −c) when `strict`), T′ noncentral t. n and d are solved on a
 * continuous scale, then n is rounded up.
 *
 * Checked against R 4.2 `power.t.test` for all 3 types × 2 alternatives × strict FALSE/TRUE ×
 * α .05/.01 (tests/reference/power.R, 96 cases; power, continuous n and d to 1e-6 relative), and
 * against the two examples of `?power.t.test` (power .8689528 at n = 20, δ = 1; n = 22.02110 for
 * power .90).
 *
 * References: Cohen (1988), *Statistical Power Analysis for the Behavioral Sciences*, ch. 2.
 *
 * @throws StatsError unless exactly two of n, d and power are given, for α or power outside (0, 1),
 *   negative d, n < 2, or when no n ≤ 10⁷ reaches the power.
 * @example
 * const r = powerTTest({ d: 0.5, power: 0.8 });
 * r.nCeiling;      // 64 (per group; R: n = 63.76576)
 * r.achievedPower; // 0.8014586
 */
export function powerTTest(input: PowerTTestInput): PowerAnalysisResult {
  const type = input.type ?? 'two-sample';
  const alpha = input.alpha ?? 0.05;
  const alternative = input.alternative ?? 'two-sided';
  const strict = input.strict ?? false;
  if (!['two-sample', 'one-sample', 'paired'].includes(type)) throw new StatsError(`powerTTest: unknown type "${type}".`);
  return solveDesign(tTestDesign(type, alpha, alternative, strict), { ...input, alpha, alternative, strict }, 'powerTTest');
}

/** How the ANCOVA power is computed. */
export type AncovaPowerMethod = 'exact-fixed' | 'exact-random' | 'borm';

export interface PowerAncovaInput {
  /** Per-group n (two equal groups). Leave out to solve for it. */
  n?: number;
  /** Standardised group difference δ/σ on the outcome (raw SD, not the residual SD). */
  d?: number;
  power?: number;
  /**
   * Correlation ρ between the pre-test (covariate) and the outcome within groups; with several
   * covariates their multiple correlation R with the outcome.
   */
  rho: number;
  /** Number of covariates in the model, the pre-test included (default 1). */
  covariates?: number;
  alpha?: number;
  /**
   * - 'exact-fixed': noncentral t with df = 2n − 2 − q and λ = d/√(1 − ρ²)·√(n/2),
   *   i.e. the covariate means balanced across groups (as G*Power's ANCOVA).
   * - 'exact-random' (default): averages that power over the chance imbalance of normally distributed
   *   covariates between randomised groups (Shieh 2020); slightly lower than exact-fixed, and the one
   *   that matches simulated ANCOVAs — so the n it gives is not optimistic.
   * - 'borm': the two-sample t-test with the design factor (1 − ρ²): n_ANCOVA = (1 − ρ²)·n_t-test
   *   (Borm, Fransen & Lemmens 2007).
   */
  method?: AncovaPowerMethod;
  /** Two-sided (default) or one-sided. */
  alternative?: PowerAlternative;
  strict?: boolean;
}

function logBeta(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/**
 * Power, sample size or detectable effect for comparing two equal groups on a post-test with an
 * ANCOVA that adjusts for the pre-test (and possibly q − 1 further covariates).
 *
 * Adjusting for a covariate correlated ρ with the outcome reduces the error SD to σ√(1 − ρ²) and
 * costs one error df per covariate. With n per group, q covariates and d = δ/σ:
 * - **exact-fixed**: df = 2n − 2 − q, λ = d/√(1 − ρ²) · √(n/2); power = P(T′(df, λ) > t(1−α/2; df)).
 *   This treats the covariates as balanced between groups (their mean difference 0).
 * - **exact-random** (Shieh 2020, Psychometrika 85, 101–120): with normal covariates randomised to
 *   the groups, the variance of the adjusted difference is inflated by 1 + U, U = q/(2n − 1 − q)·F,
 *   F ~ F(q, 2n − 1 − q); the power is E_U[P(T′(df, λ/√(1 + U)) > c)], computed by adaptive
 *   Gauss–Kronrod quadrature over B = U/(1 + U) ~ Beta(q/2, (2n − 1 − q)/2), substituting B = u².
 * - **borm** (Borm, Fransen & Lemmens 2007, J Clin Epidemiol 60, 1234–1238): n_ANCOVA = (1 − ρ²)·n_t,
 *   n_t the exact two-sample t-test n for d; power at n is the t-test power at n/(1 − ρ²). The
 *   authors' approximation; it ignores the covariate df and is a little optimistic for small n.
 *
 * No R package implements these; tests/reference/power.R codes the formulas independently with
 * `pt`, `uniroot` and `integrate`, and checks them by simulating 20,000 ANCOVAs per scenario:
 * exact-random agrees with the simulated power within Monte-Carlo error, exact-fixed is about one
 * percentage point higher at 2 × 30 participants.
 *
 * @throws StatsError for ρ outside [0, 1), q < 1, and as {@link powerTTest}.
 * @example
 * const r = powerAncova({ d: 0.5, power: 0.8, rho: 0.6 });
 * r.nCeiling; // 42 per group (t-test without the pre-test: 64)
 */
export function powerAncova(input: PowerAncovaInput): PowerAnalysisResult {
  const alpha = input.alpha ?? 0.05;
  const alternative = input.alternative ?? 'two-sided';
  const strict = input.strict ?? false;
  const q = input.covariates ?? 1;
  const rho = input.rho;
  const method = input.method ?? 'exact-random';
  if (!(rho >= 0 && rho < 1)) {
    throw new StatsError(`powerAncova: rho must be in [0, 1) (got ${rho}); give the absolute pre–post correlation.`);
  }
  if (!(Number.isInteger(q) && q >= 1)) throw new StatsError(`powerAncova: covariates must be a whole number ≥ 1 (got ${q}).`);
  const f = 1 - rho * rho;
  const notes: string[] = [];
  if (method === 'borm') {
    const t = tTestDesign('two-sample', alpha, alternative, strict);
    const design: Design = {
      method: `ANCOVA, Borm et al. (2007) design factor 1 − ρ² = ${fmt(f, 3)} on the exact two-sample t-test`,
      groups: 2,
      nMin: 2 * f,
      df: (n) => t.df(n / f),
      ncp: (n, d) => t.ncp(n / f, d),
      power: (n, d) => t.power(n / f, d),
    };
    return solveDesign(design, { ...input, alpha, alternative, strict }, 'powerAncova', notes);
  }
  if (method !== 'exact-fixed' && method !== 'exact-random') throw new StatsError(`powerAncova: unknown method "${String(method)}".`);
  const df = (n: number): number => 2 * n - 2 - q;
  const ncp = (n: number, d: number): number => (d / Math.sqrt(f)) * Math.sqrt(n / 2);
  const fixedPower = (n: number, d: number): number => tPower(df(n), ncp(n, d), alpha, alternative, strict);
  const randomPower = (n: number, d: number): number => {
    const nu2 = 2 * n - 1 - q;
    const lambda = ncp(n, d);
    // b = u² turns the Beta(q/2, ν₂/2) density into 2u^(q−1)(1 − u²)^(ν₂/2 − 1)/B(q/2, ν₂/2): smooth on [0, 1].
    const logC = Math.log(2) - logBeta(q / 2, nu2 / 2);
    const integrand = (u: number): number => {
      const b = u * u;
      if (b >= 1) return 0;
      const dens = Math.exp(logC + (q - 1) * Math.log(u) + (nu2 / 2 - 1) * Math.log1p(-b));
      return dens * tPower(df(n), lambda * Math.sqrt(1 - b), alpha, alternative, strict);
    };
    // breakpoints around the bulk of B (mean m = q/(q + ν₂)), mapped to u = √b
    const m = q / (q + nu2);
    const breaks = [0];
    for (const k of [0.25, 0.5, 1, 2, 4, 8, 16, 32]) if (k * m < 1) breaks.push(Math.sqrt(k * m));
    breaks.push(1);
    return integrateGK(integrand, breaks, 1e-10).value;
  };
  const design: Design = {
    method:
      method === 'exact-fixed'
        ? `ANCOVA with ${q} covariate${q > 1 ? 's' : ''}, noncentral t with df = 2n − 2 − ${q} and residual SD σ√(1 − ρ²), ρ = ${fmt(rho)}`
        : `ANCOVA with ${q} random normal covariate${q > 1 ? 's' : ''} (Shieh 2020), noncentral t averaged over covariate imbalance, ρ = ${fmt(rho)}`,
    groups: 2,
    nMin: (q + 3) / 2,
    df,
    ncp,
    power: method === 'exact-fixed' ? fixedPower : randomPower,
  };
  return solveDesign(design, { ...input, alpha, alternative, strict }, 'powerAncova', notes);
}
