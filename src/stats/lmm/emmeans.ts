/**
 * Estimated marginal means, contrasts and predictions from a fitted linear mixed model, as R's emmeans
 * computes them for `lmer` models (Lenth, emmeans; Searle, Speed & Milliken, 1980):
 *
 * - the reference grid crosses the levels of the factors named in `specs` with the `at` values of
 *   numeric variables; numeric variables not given are held at their mean over the observations used;
 *   factors not in `specs` are averaged over with equal weights (emmeans `weights = "equal"`);
 * - each mean is lᵀβ̂ with SE √(lᵀ V l), V = vcov(β̂); a contrast between means is again a linear function
 *   of β̂, so the same holds for change between waves per group (the 2013 "T1–T3, T3–T5") and for
 *   differences between groups;
 * - df are Satterthwaite's (emmeans `lmer.df = "satterthwaite"`) per estimate; CIs are t intervals;
 *   p-values of contrasts are unadjusted (emmeans `adjust = "none"`; adjust with ../multicomp.ts).
 * Predictions (`lmmPredict`) are population-level (fixed effects only, random effects at 0), with the same
 * SE, df and CI: predicted trajectories per group are predictions over a grid of times.
 */
import { fmt, fmtCI, fmtDf, fmtP } from '../apa.js';
import { StatsError, type StatResult } from '../result.js';
import { lmmDesignRow } from './model-matrix.js';
import { lmmWaldRow, type LmmDfMethod, type LmmFixedEffectRow, type LmmResult } from './result.js';

export interface LmmEmmeansOptions {
  /** Variables whose combinations form the means, e.g. ["group", "wave"] or ["group", "time"]. */
  specs: string[];
  /** Values of numeric variables (e.g. `{ time: [0, 3, 6, 12, 18] }`); others are held at their mean. */
  at?: Record<string, number[]>;
  /** df method (default Satterthwaite). */
  df?: LmmDfMethod;
  /** Confidence level (default the model's). */
  level?: number;
}

/** One estimated marginal mean. */
export interface LmmEmmRow extends LmmPredictionRow {
  /** The linear function of β̂ this mean is. */
  weights: number[];
}

/** One contrast between estimated marginal means. */
export interface LmmContrastRow extends LmmFixedEffectRow {
  /** Weights over the means, in the order of `emm.rows`. */
  coefficients: number[];
}

export class LmmEmmeansResult implements StatResult {
  readonly method: string;
  constructor(
    readonly model: LmmResult,
    readonly specs: string[],
    readonly rows: LmmEmmRow[],
    readonly df: LmmDfMethod,
    readonly level: number,
    /** Numeric variables held at their mean, with the value. */
    readonly heldAt: Record<string, number>,
  ) {
    this.method = `Estimated marginal means (${df === 'satterthwaite' ? 'Satterthwaite' : 'Kenward–Roger'} df; equal weights over other factors)`;
  }

  /** Finds the index of the mean with the given spec values. */
  indexOf(values: Record<string, string | number>): number {
    const i = this.rows.findIndex((r) => Object.entries(values).every(([k, v]) => String(r.values[k]) === String(v)));
    if (i < 0) throw new StatsError(`No estimated mean for ${JSON.stringify(values)}.`);
    return i;
  }

  /**
   * Contrasts Σ cᵢ·meanᵢ, each given by its label and coefficients over `rows` (or as a map from an index
   * lookup). Estimate, SE, df, t, unadjusted p and CI.
   */
  contrast(contrasts: Array<{ label: string; coefficients: number[] }>): LmmContrastRow[] {
    const p = this.model.design.p;
    return contrasts.map(({ label, coefficients }) => {
      if (coefficients.length !== this.rows.length) throw new StatsError(`Contrast "${label}" needs ${this.rows.length} coefficients, one per mean.`);
      const l = new Float64Array(p);
      coefficients.forEach((c, i) => {
        if (c !== 0) for (let a = 0; a < p; a++) l[a] += c * this.rows[i].weights[a];
      });
      const r = this.model.contrast(l, this.df);
      return { ...lmmWaldRow(label, r.estimate, r.se, r.df, this.level), coefficients: [...coefficients] };
    });
  }

  /** Difference `to − from` between two means, e.g. change from T1 to T3 within a group. */
  difference(from: Record<string, string | number>, to: Record<string, string | number>, label?: string): LmmContrastRow {
    const c = new Array<number>(this.rows.length).fill(0);
    c[this.indexOf(to)] += 1;
    c[this.indexOf(from)] -= 1;
    return this.contrast([{ label: label ?? `${describe(to)} − ${describe(from)}`, coefficients: c }])[0];
  }

  /** All pairwise differences (later level minus earlier, emmeans reverses; we state `a − b`) within each level of `by`. */
  pairwise(variable: string, by?: string): LmmContrastRow[] {
    const out: Array<{ label: string; coefficients: number[] }> = [];
    const byLevels = by ? [...new Set(this.rows.map((r) => String(r.values[by])))] : [''];
    for (const b of byLevels) {
      const idx = this.rows.map((r, i) => ({ r, i })).filter(({ r }) => !by || String(r.values[by]) === b);
      for (let x = 0; x < idx.length; x++) {
        for (let y = x + 1; y < idx.length; y++) {
          const c = new Array<number>(this.rows.length).fill(0);
          c[idx[x].i] = 1;
          c[idx[y].i] = -1;
          const lab = `${idx[x].r.values[variable]} − ${idx[y].r.values[variable]}${by ? `, ${by} = ${b}` : ''}`;
          out.push({ label: lab, coefficients: c });
        }
      }
    }
    return this.contrast(out);
  }

  table(): { columns: string[]; rows: string[][] } {
    const pct = Math.round(this.level * 100);
    return {
      columns: [...this.specs, 'EMM', 'SE', 'df', `${pct}% CI`],
      rows: this.rows.map((r) => [...this.specs.map((s) => String(r.values[s])), fmt(r.estimate), fmt(r.se), fmtDf(r.df), fmtCI(r.lower, r.upper, this.level)]),
    };
  }

  apa(): string {
    return this.rows.map((r) => `${describe(r.values)}: M = ${fmt(r.estimate)}, ${fmtCI(r.lower, r.upper, this.level)}`).join('; ');
  }

  toJSON(): Record<string, unknown> {
    return { method: this.method, specs: this.specs, level: this.level, heldAt: this.heldAt, rows: this.rows.map((r) => ({ ...r })) };
  }
}

function describe(v: Record<string, string | number>): string {
  return Object.entries(v)
    .map(([k, x]) => `${k} = ${x}`)
    .join(', ');
}

/** Mean over used observations of a numeric variable (or of the base of I(x^k)). */
function numericMean(model: LmmResult, v: string): number {
  const vals = model.design.variableValues[v];
  if (!vals) throw new StatsError(`"${v}" is not a variable of the fixed part of the model.`);
  let s = 0;
  for (let k = 0; k < vals.length; k++) s += vals[k];
  return s / vals.length;
}

/**
 * Estimated marginal means over a reference grid (emmeans::emmeans(model, specs, at = …)).
 *
 * @example
 * // m = fitLmm(d, 'score ~ time * group + age + (1 + time | participant)'), the "missing_waves" case of
 * // tests/reference/lmm.json: trajectories per group, age at its mean
 * lmmEmmeans(m, { specs: ['time', 'group'], at: { time: [0, 3, 6, 12, 18] } }).rows[9].estimate // 41.824 (emmeans)
 */
export function lmmEmmeans(model: LmmResult, options: LmmEmmeansOptions): LmmEmmeansResult {
  const d = model.design;
  const level = options.level ?? model.level;
  const df = options.df ?? 'satterthwaite';
  const at = options.at ?? {};
  const factors = Object.keys(d.factorLevels);
  const baseNumerics = d.numericVariables.filter((v) => !/^I\(/.test(v));
  for (const s of options.specs) {
    if (!factors.includes(s) && !baseNumerics.includes(s)) throw new StatsError(`"${s}" is not a variable of the fixed part of the model (${[...factors, ...baseNumerics].join(', ')}).`);
    if (baseNumerics.includes(s) && !at[s]) throw new StatsError(`Give the values of the numeric variable "${s}" in \`at\` (e.g. at: { ${s}: [0, 6, 12] }).`);
  }
  const heldAt: Record<string, number> = {};
  const fixedNumeric: Record<string, number[]> = {};
  for (const v of baseNumerics) {
    if (at[v]) fixedNumeric[v] = at[v];
    else {
      heldAt[v] = numericMean(model, v);
      fixedNumeric[v] = [heldAt[v]];
    }
  }
  // grid over specs, averaged over the other factors (and over `at` values of non-spec numerics)
  const specAxes = options.specs.map((s) => ({ name: s, values: (d.factorLevels[s] ?? fixedNumeric[s]) as Array<string | number> }));
  const otherAxes = [
    ...factors.filter((f) => !options.specs.includes(f)).map((f) => ({ name: f, values: d.factorLevels[f] as Array<string | number> })),
    ...baseNumerics.filter((v) => !options.specs.includes(v)).map((v) => ({ name: v, values: fixedNumeric[v] as Array<string | number> })),
  ];
  const cross = (axes: Array<{ name: string; values: Array<string | number> }>): Array<Record<string, string | number>> => {
    let out: Array<Record<string, string | number>> = [{}];
    // emmeans varies the first spec fastest
    for (const ax of axes) {
      const next: Array<Record<string, string | number>> = [];
      for (const v of ax.values) for (const o of out) next.push({ ...o, [ax.name]: v });
      out = next;
    }
    return out;
  };
  const grid = cross(specAxes);
  const others = cross(otherAxes);
  const p = d.p;
  const rows: LmmEmmRow[] = grid.map((g) => {
    const l = new Float64Array(p);
    for (const o of others) {
      const r = lmmDesignRow(d, { ...o, ...g });
      for (let a = 0; a < p; a++) l[a] += r[a] / others.length;
    }
    const c = model.contrast(l, df);
    const w = lmmWaldRow('', c.estimate, c.se, c.df, level);
    return { values: g, estimate: c.estimate, se: c.se, df: c.df, lower: w.lower, upper: w.upper, weights: Array.from(l) };
  });
  return new LmmEmmeansResult(model, options.specs, rows, df, level, heldAt);
}

/** One population-level prediction. */
export interface LmmPredictionRow {
  /** Values of the spec (emmeans) or `newdata` (predictions) variables. */
  values: Record<string, string | number>;
  estimate: number;
  se: number;
  df: number;
  lower: number;
  upper: number;
}

/**
 * Population-level predictions Xβ̂ (random effects at zero) for new rows, with SE, Satterthwaite df and
 * CI (R: emmeans at the given values, or predict(re.form = NA) for the estimate).
 *
 * @example
 * lmmPredict(m, [{ time: 18, group: 'homestart', age: 31.1 }])[0].estimate // the model's mean at 18 months
 */
export function lmmPredict(
  model: LmmResult,
  newdata: ReadonlyArray<Record<string, string | number>>,
  options: { df?: LmmDfMethod; level?: number } = {},
): LmmPredictionRow[] {
  const level = options.level ?? model.level;
  return newdata.map((values) => {
    const c = model.contrast(lmmDesignRow(model.design, values), options.df ?? 'satterthwaite');
    const w = lmmWaldRow('', c.estimate, c.se, c.df, level);
    return { values: { ...values }, estimate: c.estimate, se: c.se, df: c.df, lower: w.lower, upper: w.upper };
  });
}

/**
 * Piecewise time with one knot (two slopes: before and after the knot), as two columns to add to the data:
 * `before = min(time, knot)`, `after = max(time − knot, 0)`. With `score ~ (before + after) * group + …`
 * the coefficients of `before` and `after` are the slopes during the intervention period and after it
 * (the designs of Hermanns et al. 2013 and van Aar et al. 2015); `before:group`, `after:group` their
 * group differences.
 *
 * @example
 * piecewiseTime([0, 3, 6, 12], 6) // { before: [0, 3, 6, 6], after: [0, 0, 0, 6] }
 */
export function piecewiseTime(time: ArrayLike<number | null | undefined>, knot: number): { before: Array<number | null>; after: Array<number | null> } {
  if (!Number.isFinite(knot)) throw new StatsError('The knot of piecewise time must be a finite number.');
  const before: Array<number | null> = [];
  const after: Array<number | null> = [];
  for (let i = 0; i < time.length; i++) {
    const t = time[i];
    if (t === null || t === undefined || !Number.isFinite(t)) {
      before.push(null);
      after.push(null);
    } else {
      before.push(Math.min(t, knot));
      after.push(Math.max(t - knot, 0));
    }
  }
  return { before, after };
}

/** Formats a contrast row as APA text. */
export function lmmContrastApa(r: LmmFixedEffectRow, level = 0.95): string {
  return `${r.term}: ${fmt(r.estimate)}, ${fmtCI(r.lower, r.upper, level)}, t(${fmtDf(r.df)}) = ${fmt(r.t)}, ${fmtP(r.p)}`;
}
