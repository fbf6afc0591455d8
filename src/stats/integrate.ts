/**
 * Numerical integration: adaptive Gauss–Kronrod (7-point Gauss, 15-point Kronrod) quadrature, as QUADPACK's
 * QAG with key 1 (Piessens et al. 1983), which R's `integrate` also builds on. Used by the studentized range
 * distribution and the Bayes factors.
 */
import { StatsError } from './result.js';

const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
  0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
  0.140653259715525918745189590510238, 0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.27970539148927666790146777142378, 0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

/**
 * One 15-point Kronrod panel with its 7-point Gauss companion. `quadpackError` (default) scales |K − G| as QUADPACK's
 * qk15 does (realistic for smooth integrands); `false` returns the raw |K − G| (conservative).
 */
function gk15(f: (x: number) => number, a: number, b: number, quadpackError = true): { value: number; error: number } {
  const c = (a + b) / 2;
  const h = (b - a) / 2;
  const fv = new Float64Array(15);
  fv[7] = f(c);
  let k = fv[7] * WGK[7];
  let g = fv[7] * WG[3];
  let resabs = Math.abs(k);
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j];
    const f1 = f(c - dx);
    const f2 = f(c + dx);
    fv[j] = f1;
    fv[14 - j] = f2;
    k += WGK[j] * (f1 + f2);
    resabs += WGK[j] * (Math.abs(f1) + Math.abs(f2));
    if (j % 2 === 1) g += WG[(j - 1) / 2] * (f1 + f2);
  }
  // QUADPACK's error estimate (qk15): scale |K − G| by the variation of f, guard against roundoff
  const mean = k / 2;
  let resasc = WGK[7] * Math.abs(fv[7] - mean);
  for (let j = 0; j < 7; j++) resasc += WGK[j] * (Math.abs(fv[j] - mean) + Math.abs(fv[14 - j] - mean));
  resasc *= Math.abs(h);
  resabs *= Math.abs(h);
  let error = Math.abs((k - g) * h);
  if (!quadpackError) return { value: k * h, error };
  if (resasc !== 0 && error !== 0) error = resasc * Math.min(1, (200 * error / resasc) ** 1.5);
  if (resabs > Number.MIN_VALUE / (50 * Number.EPSILON)) error = Math.max(50 * Number.EPSILON * resabs, error);
  return { value: k * h, error };
}

export interface IntegrateOptions {
  /** Absolute error target (default 1e-13). */
  absTol?: number;
  /** Relative error target (default 1e-11). */
  relTol?: number;
  /** Maximum number of subintervals (default 2000). */
  maxIntervals?: number;
}

/**
 * ∫ₐᵇ f(x) dx by globally adaptive Gauss–Kronrod (7/15) quadrature: the interval with the largest error estimate
 * is bisected until the total estimated error is below max(absTol, relTol·|I|). Infinite limits are mapped to a
 * finite interval (x = a + t/(1 − t), or t/(1 − t²) on the whole line). `breakpoints` (inside (a, b)) start the
 * subdivision where the integrand has a narrow peak.
 *
 * @throws StatsError when the integral does not converge within `maxIntervals` subintervals, or f returns NaN.
 * @example
 * integrate((x) => Math.exp(-x * x / 2), -Infinity, Infinity) // 2.5066282746310002 (√(2π))
 */
export function integrate(f: (x: number) => number, a: number, b: number, options: IntegrateOptions & { breakpoints?: number[] } = {}): number {
  if (a === b) return 0;
  if (a > b) return -integrate(f, b, a, options);
  if (a === -Infinity && b === Infinity) {
    return integrate((t) => {
      const u = 1 - t * t;
      return f(t / u) * ((1 + t * t) / (u * u));
    }, -1, 1, { ...options, breakpoints: options.breakpoints?.map((x) => (x === 0 ? 0 : (-1 + Math.sqrt(1 + 4 * x * x)) / (2 * x))) });
  }
  if (b === Infinity) {
    return integrate((t) => {
      const u = 1 - t;
      return f(a + t / u) / (u * u);
    }, 0, 1, { ...options, breakpoints: options.breakpoints?.map((x) => (x - a) / (1 + x - a)) });
  }
  if (a === -Infinity) return integrate((x) => f(-x), -b, Infinity, { ...options, breakpoints: options.breakpoints?.map((x) => -x) });
  const absTol = options.absTol ?? 1e-13;
  const relTol = options.relTol ?? 1e-11;
  const maxIntervals = options.maxIntervals ?? 2000;
  const pts = [a, ...(options.breakpoints ?? []).filter((x) => x > a && x < b).sort((x, y) => x - y), b];
  const safe = (x: number): number => {
    const v = f(x);
    if (Number.isNaN(v)) throw new StatsError(`integrate: the integrand is NaN at x = ${x}.`);
    return v;
  };
  const parts: { a: number; b: number; value: number; error: number }[] = [];
  for (let i = 0; i + 1 < pts.length; i++) parts.push({ a: pts[i], b: pts[i + 1], ...gk15(safe, pts[i], pts[i + 1]) });
  for (;;) {
    let total = 0;
    let err = 0;
    let worst = 0;
    for (let i = 0; i < parts.length; i++) {
      total += parts[i].value;
      err += parts[i].error;
      if (parts[i].error > parts[worst].error) worst = i;
    }
    if (err <= Math.max(absTol, relTol * Math.abs(total))) return total;
    if (parts.length >= maxIntervals) {
      throw new StatsError(`integrate: no convergence after ${maxIntervals} subintervals (estimated error ${err.toExponential(2)}).`);
    }
    const w = parts[worst];
    const m = (w.a + w.b) / 2;
    if (!(m > w.a && m < w.b)) return total; // interval at machine resolution: accept
    parts.splice(worst, 1, { a: w.a, b: m, ...gk15(safe, w.a, m) }, { a: m, b: w.b, ...gk15(safe, m, w.b) });
  }
}

/**
 * ∫ₐᵇ f(x) dx by the 15-point Kronrod rule on `panels` equal subintervals (no adaptivity): for smooth integrands
 * whose scale is known, e.g. an inner integral evaluated many times.
 *
 * @example
 * integratePanels((x) => Math.exp(-x * x / 2), -9, 9, 8) // 2.5066282746310002 (√(2π))
 */
export function integratePanels(f: (x: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let s = 0;
  for (let i = 0; i < panels; i++) s += gk15(f, a + i * h, a + (i + 1) * h).value;
  return s;
}

/**
 * Adaptive Gauss–Kronrod integration of a non-negative function over the given breakpoints to relative tolerance
 * `relTol` with the raw |Kronrod − Gauss| error estimate; at most `maxIntervals` subintervals (never hangs). The
 * returned `error` says whether `relTol` was reached. Used by the noncentral t and ANCOVA power.
 *
 * @example
 * integrateGK(Math.exp, [0, 1]).value // 1.718281828459045 (e − 1)
 */
export function integrateGK(
  f: (x: number) => number,
  breaks: number[],
  relTol = 1e-13,
  maxIntervals = 400,
): { value: number; error: number; intervals: number } {
  type Piece = { a: number; b: number; value: number; error: number };
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    if (breaks[i + 1] > breaks[i]) pieces.push({ a: breaks[i], b: breaks[i + 1], ...gk15(f, breaks[i], breaks[i + 1], false) });
  }
  const total = (): { value: number; error: number } => {
    let v = 0;
    let e = 0;
    for (const p of pieces) {
      v += p.value;
      e += p.error;
    }
    return { value: v, error: e };
  };
  let t = total();
  while (t.error > relTol * Math.abs(t.value) && pieces.length < maxIntervals) {
    let worst = 0;
    for (let i = 1; i < pieces.length; i++) if (pieces[i].error > pieces[worst].error) worst = i;
    const p = pieces[worst];
    const m = 0.5 * (p.a + p.b);
    if (!(m > p.a && m < p.b)) break; // interval cannot be split further in double precision
    pieces.splice(worst, 1, { a: p.a, b: m, ...gk15(f, p.a, m, false) }, { a: m, b: p.b, ...gk15(f, m, p.b, false) });
    t = total();
  }
  return { ...t, intervals: pieces.length };
}

/**
 * Nodes and weights of the 15-point Kronrod rule on `panels` equal subintervals of [a, b] (for an integral evaluated
 * many times with the same nodes, e.g. the studentized range's inner integral).
 *
 * @example
 * kronrodPanelNodes(-1, 1, 1).weights.reduce((s, w) => s + w, 0) // 2
 */
export function kronrodPanelNodes(a: number, b: number, panels: number): { nodes: number[]; weights: number[] } {
  const h = (b - a) / panels;
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let p = 0; p < panels; p++) {
    const c = a + (p + 0.5) * h;
    for (let j = 0; j < 8; j++) {
      nodes.push(c - (h / 2) * XGK[j]);
      weights.push((h / 2) * WGK[j]);
      if (j < 7) {
        nodes.push(c + (h / 2) * XGK[j]);
        weights.push((h / 2) * WGK[j]);
      }
    }
  }
  return { nodes, weights };
}
