/**
 * From data and a {@link LmmFormula} to the matrices of a linear mixed model: the fixed-effects design X
 * (treatment contrasts, R's column names and order), the response y and the random-effects structure
 * (grouping index and the per-observation values of the random effects).
 *
 * Rows with a missing value in any variable of the model are left out (and counted); every other row is
 * used, so a participant with missing waves contributes the waves it has.
 */
import { anovaCellToNumber, anovaGroupLevels } from '../anova.js';
import { StatsError } from '../result.js';
import { lmmGroupingName, lmmTermName, type LmmFormula } from './formula.js';

/** Data as columns (`{ score: [...], time: [...] }`) or as rows (`[{ score, time }, …]`). */
export type LmmData = Record<string, ArrayLike<unknown>> | ReadonlyArray<Record<string, unknown>>;

/** How one variable enters the model. */
export interface LmmFactorOption {
  /** Level order (default: sorted as R's `factor()` does). The first level is the reference. */
  levels?: readonly (string | number)[];
  /** Reference level (default the first level). */
  reference?: string | number;
}

export interface LmmDesignOptions {
  /**
   * Variables to treat as factors (treatment contrasts) with optional level order / reference level.
   * Variables with any non-numeric value are factors anyway; numeric variables (e.g. a 0/1 code or a wave
   * number) are numeric unless named here.
   */
  factors?: Record<string, LmmFactorOption | true>;
}

/** A fixed-effect term and the columns of X that code it. */
export interface LmmDesignTerm {
  name: string;
  variables: string[];
  columns: number[];
}

/** A random-effects term after merging terms with the same grouping factor. */
export interface LmmDesignRandom {
  /** Grouping factor name as lme4 prints it. */
  grouping: string;
  /** Level labels of the grouping factor (sorted). */
  levels: string[];
  /** Level index per used observation. */
  index: Int32Array;
  /** Names of the random effects, e.g. ["(Intercept)", "time"]. */
  effects: string[];
  /** Values of the random-effect covariates per observation, row-major (n × q). */
  z: Float64Array;
  /**
   * Free entries of the lower-triangular relative covariance factor T (q × q), in lme4's θ order:
   * [row, column] pairs, column-wise within each original term.
   */
  thetaPattern: Array<[number, number]>;
  /** Original terms' sizes (1 or q per term) for display, e.g. "participant" and "participant.1". */
  blocks: number[];
}

export interface LmmDesign {
  n: number;
  p: number;
  /** Fixed-effects design, row-major n × p. */
  X: Float64Array;
  y: Float64Array;
  columnNames: string[];
  /** How each column is formed: the product over its entries of (variable == level) for factors, the value for numerics. */
  columnSpec: Array<Array<{ variable: string; level?: string }>>;
  terms: LmmDesignTerm[];
  /** Factor levels (reference first) per factor variable used in the fixed part. */
  factorLevels: Record<string, string[]>;
  /** Numeric variables of the fixed part (derived ones such as I(time^2) included). */
  numericVariables: string[];
  random: LmmDesignRandom[];
  /** Row numbers (0-based, of the input) of the observations used. */
  rows: Int32Array;
  /** Rows left out for a missing value in a model variable. */
  nDropped: number;
  /**
   * Values of the fixed part's variables per used observation: numeric value, or the level index (into
   * `factorLevels`) for factors.
   */
  variableValues: Record<string, Float64Array>;
  response: string;
}

function columnGetter(data: LmmData): { nrow: number; get(name: string): ArrayLike<unknown> } {
  if (Array.isArray(data)) {
    const rows = data as ReadonlyArray<Record<string, unknown>>;
    const cache = new Map<string, unknown[]>();
    return {
      nrow: rows.length,
      get(name) {
        let c = cache.get(name);
        if (!c) {
          if (rows.length > 0 && !rows.some((r) => name in r)) throw new StatsError(`The data have no column "${name}" used in the model formula.`);
          c = rows.map((r) => r[name]);
          cache.set(name, c);
        }
        return c;
      },
    };
  }
  const cols = data as Record<string, ArrayLike<unknown>>;
  const names = Object.keys(cols);
  const nrow = names.length ? cols[names[0]].length : 0;
  for (const k of names) {
    if (cols[k].length !== nrow) throw new StatsError(`Column "${k}" has ${cols[k].length} values; column "${names[0]}" has ${nrow}.`);
  }
  return {
    nrow,
    get(name) {
      const c = cols[name];
      if (!c) throw new StatsError(`The data have no column "${name}" used in the model formula.`);
      return c;
    },
  };
}

function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
}

const POWER = /^I\(([A-Za-z.][A-Za-z0-9._]*)\^([0-9.]+)\)$/;

interface VariableInfo {
  kind: 'numeric' | 'factor';
  values?: Float64Array;
  codes?: Int32Array;
  levels?: string[];
}

/**
 * Builds X, y and the random-effects structure. Throws a StatsError naming the variable when a column is
 * missing, a factor has a single level, a random slope is not numeric or X is rank deficient.
 *
 * @example
 * lmmDesign({ y: [1, 2, 3, 4], g: ['a', 'b', 'a', 'b'], id: [1, 1, 2, 2] }, parseLmmFormula('y ~ g + (1 | id)')).columnNames
 * // ["(Intercept)", "gb"]
 */
export function lmmDesign(data: LmmData, formula: LmmFormula, options: LmmDesignOptions = {}): LmmDesign {
  const cols = columnGetter(data);
  const nrow = cols.nrow;
  const factorOpts = options.factors ?? {};
  const info = new Map<string, VariableInfo>();
  const missing = new Uint8Array(nrow);

  const numericColumn = (name: string): Float64Array => {
    const m = POWER.exec(name);
    const raw = cols.get(m ? m[1] : name);
    const out = new Float64Array(nrow);
    for (let i = 0; i < nrow; i++) {
      const v = raw[i];
      if (isMissing(v)) {
        out[i] = NaN;
        continue;
      }
      let x: number;
      try {
        x = anovaCellToNumber(v, m ? m[1] : name, i);
      } catch {
        throw new StatsError(`Variable "${m ? m[1] : name}", row ${i + 1}: the value is not a number, but the model uses it as numeric.`);
      }
      out[i] = m ? Math.pow(x, Number(m[2])) : x;
    }
    return out;
  };
  const isNumericColumn = (name: string): boolean => {
    const raw = cols.get(name);
    for (let i = 0; i < nrow; i++) {
      const v = raw[i];
      if (isMissing(v)) continue;
      if (typeof v === 'number' || typeof v === 'boolean') continue;
      if (typeof v === 'string') {
        try {
          if (Number.isFinite(anovaCellToNumber(v, name, i))) continue;
        } catch {
          return false;
        }
      }
      return false;
    }
    return true;
  };
  const variable = (name: string, forceNumeric = false): VariableInfo => {
    const got = info.get(name);
    if (got) return got;
    let vi: VariableInfo;
    if (POWER.test(name) || forceNumeric || (!(name in factorOpts) && isNumericColumn(name))) {
      if (name in factorOpts && forceNumeric) throw new StatsError(`Variable "${name}" is declared a factor but is used as a random slope, which must be numeric.`);
      vi = { kind: 'numeric', values: numericColumn(name) };
      for (let i = 0; i < nrow; i++) if (Number.isNaN(vi.values![i])) missing[i] = 1;
    } else {
      const raw = cols.get(name);
      const o = factorOpts[name];
      const opt = o === true || o === undefined ? {} : o;
      const labels: Array<string | number | null> = [];
      for (let i = 0; i < nrow; i++) {
        const v = raw[i];
        labels.push(isMissing(v) ? null : typeof v === 'number' ? v : String(v));
      }
      let levels = anovaGroupLevels(labels, opt.levels);
      if (opt.reference !== undefined) {
        const ref = String(opt.reference);
        if (!levels.includes(ref)) throw new StatsError(`Reference level "${ref}" of "${name}" is not one of its levels (${levels.join(', ')}).`);
        levels = [ref, ...levels.filter((l) => l !== ref)];
      }
      const map = new Map(levels.map((l, k) => [l, k] as const));
      const codes = new Int32Array(nrow);
      for (let i = 0; i < nrow; i++) {
        if (labels[i] === null) {
          codes[i] = -1;
          missing[i] = 1;
          continue;
        }
        const k = map.get(String(labels[i]));
        if (k === undefined) throw new StatsError(`Variable "${name}", row ${i + 1}: the value is not one of the declared levels (${levels.join(', ')}).`);
        codes[i] = k;
      }
      vi = { kind: 'factor', codes, levels };
    }
    info.set(name, vi);
    return vi;
  };

  // response, fixed variables, random slopes, grouping factors
  const yInfo = variable(formula.response, true);
  for (const t of formula.fixed) for (const v of t.variables) variable(v);
  for (const r of formula.random) for (const v of r.slopes) variable(v, true);
  const groupingCodes = new Map<string, { codes: Int32Array; levels: string[] }>();
  for (const r of formula.random) {
    const gname = lmmGroupingName(r);
    if (groupingCodes.has(gname)) continue;
    const parts = r.grouping.map((g) => cols.get(g));
    const keys: Array<string | null> = new Array(nrow);
    for (let i = 0; i < nrow; i++) {
      let key = '';
      let miss = false;
      if (parts.length === 1) {
        const v = parts[0][i];
        miss = isMissing(v);
        key = typeof v === 'string' ? v : String(v);
      } else {
        for (let k = 0; k < parts.length; k++) {
          const v = parts[k][i];
          if (isMissing(v)) miss = true;
          key += (k ? ':' : '') + String(v);
        }
      }
      keys[i] = miss ? null : key;
      if (miss) missing[i] = 1;
    }
    // code by first appearance, then renumber in R's level order (sorted)
    const first = new Map<string, number>();
    const raw = new Int32Array(nrow);
    const rep: Array<string | number> = [];
    for (let i = 0; i < nrow; i++) {
      const key = keys[i];
      if (key === null) {
        raw[i] = -1;
        continue;
      }
      let c = first.get(key);
      if (c === undefined) {
        c = rep.length;
        first.set(key, c);
        rep.push(parts.length === 1 && typeof parts[0][i] === 'number' ? (parts[0][i] as number) : key);
      }
      raw[i] = c;
    }
    const levels = anovaGroupLevels(rep);
    const rank = new Int32Array(rep.length);
    const pos = new Map(levels.map((l, k) => [l, k] as const));
    rep.forEach((r, c) => (rank[c] = pos.get(String(r))!));
    const codes = new Int32Array(nrow);
    for (let i = 0; i < nrow; i++) codes[i] = raw[i] < 0 ? -1 : rank[raw[i]];
    groupingCodes.set(gname, { codes, levels });
  }

  // used rows
  let n = 0;
  for (let i = 0; i < nrow; i++) if (!missing[i]) n++;
  const rows = new Int32Array(n);
  for (let i = 0, k = 0; i < nrow; i++) if (!missing[i]) rows[k++] = i;
  if (n === 0) throw new StatsError('No row has a value for every variable of the model.');

  // factor levels actually present among used rows must be at least 2
  const factorLevels: Record<string, string[]> = {};
  const numericVariables: string[] = [];
  for (const t of formula.fixed) {
    for (const v of t.variables) {
      const vi = info.get(v)!;
      if (vi.kind === 'factor') {
        const present = new Set<number>();
        for (let k = 0; k < n; k++) present.add(vi.codes![rows[k]]);
        if (present.size < 2) throw new StatsError(`Factor "${v}" has only one level among the rows used (${vi.levels![[...present][0]]}); it cannot be estimated.`);
        factorLevels[v] = vi.levels!;
      } else if (!numericVariables.includes(v)) numericVariables.push(v);
    }
  }

  // columns of X
  const columnNames: string[] = [];
  const columnSpec: Array<Array<{ variable: string; level?: string }>> = [];
  const colFns: Array<(i: number) => number> = [];
  const terms: LmmDesignTerm[] = [];
  if (formula.intercept) {
    columnNames.push('(Intercept)');
    columnSpec.push([]);
    colFns.push(() => 1);
  }
  for (const t of formula.fixed) {
    // Cartesian product, first variable varying fastest (R's model.matrix)
    type Part = { name: string; fn: (i: number) => number; spec: Array<{ variable: string; level?: string }> };
    let parts: Part[] = [{ name: '', fn: () => 1, spec: [] }];
    for (const v of t.variables) {
      const vi = info.get(v)!;
      const own: Part[] =
        vi.kind === 'numeric'
          ? [{ name: v, fn: (i) => vi.values![i], spec: [{ variable: v }] }]
          : vi.levels!.slice(1).map((lev, k) => ({ name: v + lev, fn: (i: number) => (vi.codes![i] === k + 1 ? 1 : 0), spec: [{ variable: v, level: lev }] }));
      const next: Part[] = [];
      // R's model.matrix: the first variable varies fastest
      for (const o of own) for (const p of parts) next.push({ name: p.name ? `${p.name}:${o.name}` : o.name, fn: (i) => p.fn(i) * o.fn(i), spec: [...p.spec, ...o.spec] });
      parts = next;
    }
    const cols0 = columnNames.length;
    for (const p of parts) {
      columnNames.push(p.name);
      columnSpec.push(p.spec);
      colFns.push(p.fn);
    }
    terms.push({ name: lmmTermName(t), variables: [...t.variables], columns: parts.map((_, k) => cols0 + k) });
  }
  const p = columnNames.length;
  const X = new Float64Array(n * p);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = rows[k];
    y[k] = yInfo.values![i];
    for (let c = 0; c < p; c++) X[k * p + c] = colFns[c](i);
  }
  checkFullRank(X, n, p, columnNames);

  // random terms: merge terms with the same grouping factor (as `||` does)
  const byGroup = new Map<string, LmmDesignRandom>();
  const order: string[] = [];
  for (const r of formula.random) {
    const gname = lmmGroupingName(r);
    const effects = [...(r.intercept ? ['(Intercept)'] : []), ...r.slopes];
    let d = byGroup.get(gname);
    if (!d) {
      const g = groupingCodes.get(gname)!;
      const index = new Int32Array(n);
      for (let k = 0; k < n; k++) index[k] = g.codes[rows[k]];
      d = { grouping: gname, levels: g.levels, index, effects: [], z: new Float64Array(0), thetaPattern: [], blocks: [] };
      byGroup.set(gname, d);
      order.push(gname);
    }
    const offset = d.effects.length;
    for (const e of effects) {
      if (d.effects.includes(e)) throw new StatsError(`The random effect "${e}" of ${gname} appears twice in the formula.`);
    }
    d.effects.push(...effects);
    const q = effects.length;
    if (r.correlated) {
      d.blocks.push(q);
      for (let j = 0; j < q; j++) for (let i = j; i < q; i++) d.thetaPattern.push([offset + i, offset + j]);
    } else {
      for (let j = 0; j < q; j++) {
        d.blocks.push(1);
        d.thetaPattern.push([offset + j, offset + j]);
      }
    }
  }
  const random: LmmDesignRandom[] = order.map((g) => {
    const d = byGroup.get(g)!;
    const q = d.effects.length;
    const z = new Float64Array(n * q);
    const vals = d.effects.map((e) => (e === '(Intercept)' ? null : info.get(e)!.values!));
    for (let k = 0; k < n; k++) {
      const i = rows[k];
      for (let e = 0; e < q; e++) z[k * q + e] = vals[e] ? vals[e]![i] : 1;
    }
    // keep only levels present among used rows (lme4 drops unused levels)
    const present = new Uint8Array(d.levels.length);
    for (let k = 0; k < n; k++) present[d.index[k]] = 1;
    const remap = new Int32Array(d.levels.length).fill(-1);
    const levels: string[] = [];
    for (let l = 0; l < d.levels.length; l++) if (present[l]) {
      remap[l] = levels.length;
      levels.push(d.levels[l]);
    }
    for (let k = 0; k < n; k++) d.index[k] = remap[d.index[k]];
    return { ...d, levels, z };
  });
  // lme4 orders random terms by number of levels, decreasing (stable)
  random.sort((a, b) => b.levels.length - a.levels.length);

  const variableValues: Record<string, Float64Array> = {};
  for (const t of formula.fixed) {
    for (const v of t.variables) {
      if (variableValues[v]) continue;
      const vi = info.get(v)!;
      variableValues[v] = Float64Array.from(rows, (i) => (vi.kind === 'numeric' ? vi.values![i] : vi.codes![i]));
    }
  }
  return { n, p, X, y, columnNames, columnSpec, terms, factorLevels, numericVariables, random, rows, nDropped: nrow - n, response: formula.response, variableValues };
}

/**
 * One row of X for given variable values (factors by level label, numerics by value; `I(x^k)` is computed
 * from x when only x is given). Used for predictions and estimated marginal means.
 *
 * @example
 * const d = lmmDesign({ y: [1, 2, 3, 4], g: ['a', 'b', 'a', 'b'], t: [0, 1, 1, 0], id: [1, 1, 2, 2] }, parseLmmFormula('y ~ t * g + (1 | id)'));
 * lmmDesignRow(d, { t: 2, g: 'b' }) // Float64Array [1, 2, 1, 2]
 */
export function lmmDesignRow(design: LmmDesign, values: Record<string, number | string>): Float64Array {
  const row = new Float64Array(design.p);
  const valueOf = (v: string): number | string => {
    if (v in values) return values[v];
    const m = POWER.exec(v);
    if (m && m[1] in values) return Math.pow(Number(values[m[1]]), Number(m[2]));
    throw new StatsError(`A value for "${v}" is needed to form the model row.`);
  };
  design.columnSpec.forEach((spec, c) => {
    let x = 1;
    for (const e of spec) {
      const v = valueOf(e.variable);
      if (e.level !== undefined) {
        if (!design.factorLevels[e.variable].includes(String(v))) {
          throw new StatsError(`"${String(v)}" is not a level of "${e.variable}" (${design.factorLevels[e.variable].join(', ')}).`);
        }
        x *= String(v) === e.level ? 1 : 0;
      } else {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new StatsError(`"${e.variable}" needs a number to form the model row.`);
        x *= v;
      }
    }
    row[c] = x;
  });
  return row;
}

/** Refuses a rank-deficient X (lme4 would drop columns silently with a message). */
function checkFullRank(X: Float64Array, n: number, p: number, names: string[]): void {
  // Gram matrix and a pivot-free Cholesky with a relative tolerance on scaled columns
  const g = new Float64Array(p * p);
  for (let k = 0; k < n; k++) {
    const o = k * p;
    for (let a = 0; a < p; a++) {
      const xa = X[o + a];
      if (xa === 0) continue;
      for (let b = a; b < p; b++) g[a * p + b] += xa * X[o + b];
    }
  }
  const scale = new Float64Array(p);
  for (let a = 0; a < p; a++) {
    scale[a] = Math.sqrt(g[a * p + a]) || 1;
    if (g[a * p + a] === 0) throw new StatsError(`The fixed-effect column "${names[a]}" is zero in every row used; it cannot be estimated.`);
  }
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = g[j * p + j] / (scale[j] * scale[j]);
    for (let k = 0; k < j; k++) d -= l[j * p + k] * l[j * p + k];
    if (!(d > 1e-10)) {
      throw new StatsError(
        `The fixed-effect column "${names[j]}" is a linear combination of the columns before it (for example a factor level that occurs only with one level of another factor); drop or recode the term.`,
      );
    }
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = g[Math.min(i, j) * p + Math.max(i, j)] / (scale[i] * scale[j]);
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = s / ljj;
    }
  }
}
