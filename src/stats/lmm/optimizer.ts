/**
 * Bounded derivative-free minimisation for the profiled deviance of a mixed model (a handful of θ
 * parameters, some bounded below by 0): Nelder–Mead with projection onto the bounds (as NLopt's and lme4's
 * `Nelder_Mead`), restarted at its optimum until a restart no longer improves, then polished by
 * Newton steps with central-difference derivatives on the parameters that are not at a bound.
 */

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  evaluations: number;
  converged: boolean;
  /** Why the search stopped, in words. */
  message: string;
}

export interface MinimizeOptions {
  /** Lower bounds (−Infinity where unbounded). */
  lower: ArrayLike<number>;
  /** Maximum number of function evaluations (default 20000). */
  maxEvaluations?: number;
  /** Absolute tolerance on the spread of function values in the simplex (default 1e-9). */
  fTolerance?: number;
  /** Tolerance on the simplex size (default 1e-7). */
  xTolerance?: number;
  /** Initial step as a fraction of the scale (default 0.25). */
  step?: number;
  /** Typical size of each coordinate (default max(|x₀|, 1)); steps are fractions of it. */
  scale?: ArrayLike<number>;
}

/**
 * Minimises `f` from `x0` within the lower bounds.
 *
 * @example
 * minimizeBounded((x) => (x[0] - 2) ** 2 + (x[1] + 1) ** 2, [1, 1], { lower: [0, 0] }).x // ≈ [2, 0]
 */
export function minimizeBounded(f: (x: Float64Array) => number, x0: ArrayLike<number>, options: MinimizeOptions): MinimizeResult {
  const k = x0.length;
  const lower = Float64Array.from(options.lower);
  const maxEval = options.maxEvaluations ?? 20000;
  let evals = 0;
  const fx = (x: Float64Array): number => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  const project = (x: Float64Array): Float64Array => {
    for (let i = 0; i < k; i++) if (x[i] < lower[i]) x[i] = lower[i];
    return x;
  };
  let best = project(Float64Array.from(x0));
  const scale = options.scale ? Float64Array.from(options.scale) : Float64Array.from(best, (v) => Math.max(Math.abs(v), 1));
  let fBest = fx(best);
  if (k === 0) return { x: best, f: fBest, evaluations: evals, converged: true, message: 'nothing to optimise' };

  let step = options.step ?? 0.25;
  let message = '';
  let converged = false;
  // coarse Nelder–Mead, then Newton; if Newton cannot confirm an optimum, a finer restart and Newton again
  for (let round = 0; round < 8; round++) {
    const r = nelderMead(fx, best, fBest, step, scale, project, round === 0 ? (options.fTolerance ?? Math.max(1e-4, 1e-8 * Math.abs(fBest))) : Math.max(1e-10, 1e-14 * Math.abs(fBest)), round === 0 ? (options.xTolerance ?? 1e-2) : 1e-8, maxEval - evals);
    if (r.f <= fBest) {
      best = r.x;
      fBest = r.f;
    }
    if (!r.converged) {
      message = `the Nelder–Mead search reached the limit of ${maxEval} evaluations`;
      converged = false;
      break;
    }
    // a simplex projected onto a bound can collapse there: check that moving off each bound does not help
    const offBound = leaveBound(fx, best, fBest, lower);
    if (offBound) {
      best = offBound.x;
      fBest = offBound.f;
      step = 0.1;
      continue;
    }
    const p = newtonPolish(fx, best, fBest, lower, scale);
    best = p.x;
    fBest = p.f;
    message = p.message;
    converged = true;
    if (p.ok) break;
    step = Math.max(step / 4, 1e-3);
  }
  return { x: best, f: fBest, evaluations: evals, converged, message };
}

function nelderMead(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  f0: number,
  step: number,
  scale: Float64Array,
  project: (x: Float64Array) => Float64Array,
  ftol: number,
  xtol: number,
  maxEval: number,
): { x: Float64Array; f: number; converged: boolean } {
  const k = x0.length;
  const pts: Float64Array[] = [Float64Array.from(x0)];
  const vals: number[] = [f0];
  let used = 0;
  for (let i = 0; i < k; i++) {
    const x = Float64Array.from(x0);
    const h = step * scale[i];
    x[i] += h;
    project(x);
    if (x[i] === x0[i]) x[i] -= h;
    pts.push(x);
    vals.push(f(x));
    used++;
  }
  const centroid = new Float64Array(k);
  const trial = (t: number, worst: Float64Array): Float64Array => {
    const x = new Float64Array(k);
    for (let j = 0; j < k; j++) x[j] = centroid[j] + t * (worst[j] - centroid[j]);
    return project(x);
  };
  while (used < maxEval) {
    // order
    const idx = vals.map((_, i) => i).sort((a, b) => vals[a] - vals[b]);
    const P = idx.map((i) => pts[i]);
    const V = idx.map((i) => vals[i]);
    for (let i = 0; i <= k; i++) {
      pts[i] = P[i];
      vals[i] = V[i];
    }
    // convergence
    let fspread = vals[k] - vals[0];
    let xspread = 0;
    for (let i = 1; i <= k; i++) for (let j = 0; j < k; j++) xspread = Math.max(xspread, Math.abs(pts[i][j] - pts[0][j]));
    if (!Number.isFinite(fspread)) fspread = Infinity;
    let xs = 0;
    for (let i = 1; i <= k; i++) for (let j = 0; j < k; j++) xs = Math.max(xs, Math.abs(pts[i][j] - pts[0][j]) / scale[j]);
    if (fspread <= ftol && xs <= xtol) return { x: pts[0], f: vals[0], converged: true };
    if (xspread < 1e-13) return { x: pts[0], f: vals[0], converged: true };
    centroid.fill(0);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) centroid[j] += pts[i][j] / k;
    const worst = pts[k];
    const xr = trial(-1, worst);
    const fr = f(xr);
    used++;
    if (fr < vals[0]) {
      const xe = trial(-2, worst);
      const fe = f(xe);
      used++;
      if (fe < fr) {
        pts[k] = xe;
        vals[k] = fe;
      } else {
        pts[k] = xr;
        vals[k] = fr;
      }
      continue;
    }
    if (fr < vals[k - 1]) {
      pts[k] = xr;
      vals[k] = fr;
      continue;
    }
    const outside = fr < vals[k];
    const xc = trial(outside ? -0.5 : 0.5, worst);
    const fc = f(xc);
    used++;
    if (fc < (outside ? fr : vals[k])) {
      pts[k] = xc;
      vals[k] = fc;
      continue;
    }
    // shrink towards the best
    for (let i = 1; i <= k; i++) {
      const x = new Float64Array(k);
      for (let j = 0; j < k; j++) x[j] = pts[0][j] + 0.5 * (pts[i][j] - pts[0][j]);
      pts[i] = project(x);
      vals[i] = f(pts[i]);
      used++;
    }
  }
  let b = 0;
  for (let i = 1; i <= k; i++) if (vals[i] < vals[b]) b = i;
  return { x: pts[b], f: vals[b], converged: false };
}

/** A better point just off a bound (first-order check at the bounds), or null when none is better. */
function leaveBound(f: (x: Float64Array) => number, x: Float64Array, fx: number, lower: Float64Array): { x: Float64Array; f: number } | null {
  for (let i = 0; i < x.length; i++) {
    if (x[i] > lower[i]) continue;
    for (const h of [1e-2, 1e-4]) {
      const y = Float64Array.from(x);
      y[i] = lower[i] + h;
      const fy = f(y);
      if (fy < fx - 1e-10) return { x: y, f: fy };
    }
  }
  return null;
}

/** Newton steps with central differences on the coordinates away from their bound. */
function newtonPolish(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  f0: number,
  lower: Float64Array,
  scale: Float64Array,
): { x: Float64Array; f: number; message: string; ok: boolean } {
  const k = x0.length;
  let x = Float64Array.from(x0);
  let fx = f0;
  const h = 1e-4;
  const stepOf = (i: number): number => h * Math.max(scale[i], Math.abs(x[i]));
  for (let iter = 0; iter < 30; iter++) {
    // a coordinate within two steps of its bound: at the bound when that is no worse
    for (let i = 0; i < k; i++) {
      if (x[i] > lower[i] && x[i] - lower[i] <= 2 * stepOf(i)) {
        const y = Float64Array.from(x);
        y[i] = lower[i];
        const fy = f(y);
        if (fy <= fx) {
          x = y;
          fx = fy;
        }
      }
    }
    const active: number[] = [];
    for (let i = 0; i < k; i++) if (x[i] - lower[i] > 2 * stepOf(i)) active.push(i);
    const m = active.length;
    if (m === 0) return { x, f: fx, message: 'converged', ok: true };
    const hs = active.map((i) => stepOf(i));
    const at = (d: Array<[number, number]>): number => {
      const y = Float64Array.from(x);
      for (const [a, s] of d) y[active[a]] += s * hs[a];
      return f(y);
    };
    const g = new Float64Array(m);
    const H = new Float64Array(m * m);
    const fp: number[] = [];
    const fm: number[] = [];
    for (let a = 0; a < m; a++) {
      fp[a] = at([[a, 1]]);
      fm[a] = at([[a, -1]]);
      g[a] = (fp[a] - fm[a]) / (2 * hs[a]);
      H[a * m + a] = (fp[a] - 2 * fx + fm[a]) / (hs[a] * hs[a]);
    }
    // cross terms from one extra point each: f(x + hₐ + h_b) − f(x + hₐ) − f(x + h_b) + f(x), O(h) accurate
    // (enough for a Newton direction; the line search and the stopping rule use function values only)
    for (let a = 0; a < m; a++) {
      for (let b = a + 1; b < m; b++) {
        const v = (at([[a, 1], [b, 1]]) - fp[a] - fp[b] + fx) / (hs[a] * hs[b]);
        H[a * m + b] = v;
        H[b * m + a] = v;
      }
    }
    const d = solveSymmetric(H, g, m);
    if (d) {
      let pred = 0;
      for (let a = 0; a < m; a++) pred += 0.5 * g[a] * d[a];
      if (pred < Math.max(1e-11, 1e-15 * Math.abs(fx))) return { x, f: fx, message: 'converged', ok: true };
    }
    if (!d) {
      return { x, f: fx, message: 'converged (Nelder–Mead; the Hessian at the optimum is not positive definite)', ok: false };
    }
    let accepted = false;
    let size = 0;
    for (let t = 1; t >= 1 / 16; t /= 2) {
      const y = Float64Array.from(x);
      for (let a = 0; a < m; a++) y[active[a]] -= t * d[a];
      for (let i = 0; i < k; i++) if (y[i] < lower[i]) y[i] = lower[i];
      const fy = f(y);
      if (fy < fx) {
        size = 0;
        for (let i = 0; i < k; i++) size = Math.max(size, Math.abs(y[i] - x[i]));
        x = y;
        const gain = fx - fy;
        fx = fy;
        accepted = true;
        if (gain < Math.max(1e-12, 1e-16 * Math.abs(fx)) || size < 1e-10) return { x, f: fx, message: 'converged', ok: true };
        break;
      }
    }
    if (!accepted) {
      // no descent along the Newton direction: at the optimum when the gradient is negligible
      let gmax = 0;
      for (let a = 0; a < m; a++) gmax = Math.max(gmax, Math.abs(g[a] * hs[a]));
      return { x, f: fx, message: 'converged', ok: gmax < Math.max(1e-7, 1e-12 * Math.abs(fx)) };
    }
  }
  return { x, f: fx, message: 'converged', ok: true };
}

/** Solves H d = g for a symmetric positive-definite H (Cholesky); null when H is not positive definite. */
function solveSymmetric(H: Float64Array, g: Float64Array, m: number): Float64Array | null {
  const l = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    let d = H[j * m + j];
    for (let k = 0; k < j; k++) d -= l[j * m + k] ** 2;
    if (!(d > 0)) return null;
    l[j * m + j] = Math.sqrt(d);
    for (let i = j + 1; i < m; i++) {
      let s = H[i * m + j];
      for (let k = 0; k < j; k++) s -= l[i * m + k] * l[j * m + k];
      l[i * m + j] = s / l[j * m + j];
    }
  }
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = g[i];
    for (let k = 0; k < i; k++) s -= l[i * m + k] * z[k];
    z[i] = s / l[i * m + i];
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < m; k++) s -= l[k * m + i] * x[k];
    x[i] = s / l[i * m + i];
  }
  return x;
}
