/**
 * Multiplicity adjustment of p-values for several outcomes (domain brief §4: "Multiple
 * outcomes: Holm and Benjamini–Hochberg adjustments").
 *
 * Reference implementation: R `stats::p.adjust` (R 4.2), checked in
 * tests/stats/multicomp.test.ts against tests/reference/tests.json (tests/reference/tests.R).
 */
import { fmtP } from './apa.js';
import { type StatResult, StatsError } from './result.js';

/**
 * Adjustment method, named as in R `p.adjust`:
 * - `'bonferroni'`: min(1, m·p) (family-wise error, FWER).
 * - `'holm'`: step-down Bonferroni (Holm, 1979; FWER, uniformly more powerful than Bonferroni).
 * - `'hochberg'`: step-up (Hochberg, 1988; FWER under independence / positive dependence).
 * - `'hommel'`: Hommel (1988), FWER, more powerful than Hochberg.
 * - `'BH'`: Benjamini & Hochberg (1995), false discovery rate (FDR).
 * - `'BY'`: Benjamini & Yekutieli (2001), FDR under arbitrary dependence.
 * - `'sidak'`: single-step Šidák (1967), 1 − (1 − p)^m (FWER under independence; not in `p.adjust`).
 * - `'holm-sidak'`: step-down Šidák (Holm 1979): p̃₍ᵢ₎ = max_{j≤i} 1 − (1 − p₍ⱼ₎)^{m−j+1}.
 * - `'none'`: unchanged.
 */
export type PAdjustMethod = 'bonferroni' | 'holm' | 'hochberg' | 'hommel' | 'BH' | 'BY' | 'sidak' | 'holm-sidak' | 'none';

const METHOD_NAMES: Record<PAdjustMethod, string> = {
  bonferroni: 'Bonferroni adjustment',
  holm: 'Holm (1979) step-down adjustment',
  hochberg: 'Hochberg (1988) step-up adjustment',
  hommel: 'Hommel (1988) adjustment',
  BH: 'Benjamini–Hochberg (1995) false discovery rate adjustment',
  BY: 'Benjamini–Yekutieli (2001) false discovery rate adjustment',
  sidak: 'Šidák (1967) single-step adjustment',
  'holm-sidak': 'Holm–Šidák step-down adjustment',
  none: 'no adjustment',
};

/**
 * Adjusts p-values for multiple testing exactly as R `p.adjust(p, method)`.
 *
 * With the m non-missing p-values sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎:
 * - Holm: p̃₍ᵢ₎ = min(1, max_{j≤i} (m − j + 1)·p₍ⱼ₎)
 * - Hochberg: p̃₍ᵢ₎ = min(1, min_{j≥i} (m − j + 1)·p₍ⱼ₎)
 * - BH: p̃₍ᵢ₎ = min(1, min_{j≥i} m/j·p₍ⱼ₎); BY: the same times Σ_{k=1}^{m} 1/k
 * - Bonferroni: min(1, m·p); Hommel: R's algorithm (for m = 2 it equals Hochberg).
 * - Šidák: 1 − (1 − p)^m; Holm–Šidák: max_{j≤i} 1 − (1 − p₍ⱼ₎)^{m−j+1} (checked against these formulas evaluated in R).
 *
 * Missing values (NaN, null, undefined) stay NaN in place and do not count in m (R's default
 * `n = length(p)` after removing NA). Values outside [0, 1] throw a `StatsError`.
 *
 * References: Holm (1979); Hochberg (1988); Hommel (1988); Benjamini & Hochberg (1995);
 * Benjamini & Yekutieli (2001). Holm, Hochberg, Hommel and Bonferroni control the family-wise
 * error rate; BH and BY the false discovery rate. Checked against R `p.adjust` for all six methods
 * (tests/stats/multicomp.test.ts).
 *
 * @example
 * pAdjust([0.01, 0.04, 0.03, NaN, 0.20], 'holm') // [0.04, 0.09, 0.09, NaN, 0.2]
 * pAdjust([0.01, 0.04, 0.03, NaN, 0.20], 'BH')   // [0.04, 0.05333333333333333, 0.05333333333333333, NaN, 0.2]
 */
export function pAdjust(p: ArrayLike<number | null | undefined>, method: PAdjustMethod = 'holm'): number[] {
  if (!(method in METHOD_NAMES)) throw new StatsError(`p-value adjustment: unknown method '${String(method)}'.`);
  const out: number[] = new Array(p.length).fill(NaN);
  const idx: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (typeof v !== 'number' || Number.isNaN(v)) continue;
    if (!(v >= 0 && v <= 1)) throw new StatsError(`p-value adjustment: p[${i}] = ${v} is not a probability between 0 and 1.`);
    idx.push(i);
    vals.push(v);
  }
  const m = vals.length;
  let adj: number[];
  if (m <= 1 || method === 'none') adj = vals.slice();
  else if (method === 'bonferroni') adj = vals.map((v) => Math.min(1, m * v));
  else if (method === 'sidak') adj = vals.map((v) => -Math.expm1(m * Math.log1p(-v)));
  else if (method === 'holm-sidak') {
    const o = order(vals, false);
    adj = new Array(m);
    let run = 0;
    o.forEach((k, i) => {
      run = Math.max(run, -Math.expm1((m - i) * Math.log1p(-vals[k])));
      adj[k] = Math.min(1, run);
    });
  }
  else if (method === 'holm') {
    const o = order(vals, false);
    adj = new Array(m);
    let run = 0;
    o.forEach((k, i) => {
      run = Math.max(run, (m - i) * vals[k]);
      adj[k] = Math.min(1, run);
    });
  } else if (method === 'hochberg' || method === 'BH' || method === 'BY' || (method === 'hommel' && m === 2)) {
    const o = order(vals, true); // decreasing
    const q = method === 'BY' ? harmonic(m) : 1;
    adj = new Array(m);
    let run = Infinity;
    o.forEach((k, pos) => {
      const i = m - pos; // rank from the bottom: m, m−1, …, 1
      const f = method === 'BH' || method === 'BY' ? (q * m) / i : m + 1 - i;
      run = Math.min(run, f * vals[k]);
      adj[k] = Math.min(1, run);
    });
  } else {
    adj = hommel(vals);
  }
  idx.forEach((i, k) => {
    out[i] = adj[k];
  });
  return out;
}

function harmonic(m: number): number {
  let s = 0;
  for (let k = 1; k <= m; k++) s += 1 / k;
  return s;
}

/** Indices sorting `v` (stable), ascending or descending. */
function order(v: number[], decreasing: boolean): number[] {
  const o = v.map((_, i) => i);
  o.sort((a, b) => (decreasing ? v[b] - v[a] : v[a] - v[b]) || a - b);
  return o;
}

/** R's p.adjust "hommel" branch, m ≥ 3. */
function hommel(p0: number[]): number[] {
  const n = p0.length;
  const o = order(p0, false);
  const p = o.map((k) => p0[k]);
  let init = Infinity;
  for (let i = 0; i < n; i++) init = Math.min(init, (n * p[i]) / (i + 1));
  const q = new Array<number>(n).fill(init);
  const pa = new Array<number>(n).fill(init);
  for (let m = n - 1; m >= 2; m--) {
    // i1 = 1..(n − m + 1), i2 = (n − m + 2)..n  (1-based)
    let q1 = Infinity;
    for (let k = 2; k <= m; k++) q1 = Math.min(q1, (m * p[n - m + k - 1]) / k);
    for (let i = 0; i < n - m + 1; i++) q[i] = Math.min(m * p[i], q1);
    for (let i = n - m + 1; i < n; i++) q[i] = q[n - m];
    for (let i = 0; i < n; i++) pa[i] = Math.max(pa[i], q[i]);
  }
  const adj = new Array<number>(n);
  o.forEach((k, i) => {
    adj[k] = Math.max(pa[i], p[i]);
  });
  return adj;
}

/** A family of p-values with their adjusted values, as a `StatResult`. */
export class PAdjustResult implements StatResult {
  readonly method: string;
  readonly adjustment: PAdjustMethod;
  readonly p: number[];
  readonly adjusted: number[];
  /** Number of non-missing p-values (the m of the adjustment). */
  readonly m: number;
  readonly labels: string[];

  constructor(p: number[], adjusted: number[], adjustment: PAdjustMethod, labels: string[]) {
    this.adjustment = adjustment;
    this.method = METHOD_NAMES[adjustment];
    this.p = p;
    this.adjusted = adjusted;
    this.m = p.filter((v) => !Number.isNaN(v)).length;
    this.labels = labels;
  }

  toJSON(): Record<string, unknown> {
    return { method: this.method, adjustment: this.adjustment, m: this.m, labels: this.labels, p: this.p, adjusted: this.adjusted, missing: 'kept as NaN' };
  }

  /** "SDQ: p = .010, p_adj = .040 (Holm); …" */
  apa(): string {
    const name = this.adjustment === 'BH' ? 'Benjamini–Hochberg' : this.adjustment === 'BY' ? 'Benjamini–Yekutieli' : this.adjustment[0].toUpperCase() + this.adjustment.slice(1);
    return this.p
      .map((v, i) => `${this.labels[i]}: ${fmtP(v)}, ${fmtP(this.adjusted[i]).replace(/^p/, 'p_adj')}`)
      .join('; ')
      .concat(` (${name}, m = ${this.m})`);
  }
}

/**
 * {@link pAdjust} wrapped as a result object with labels (outcome names) and an APA line.
 *
 * @example
 * pAdjustResult([0.01, 0.04, 0.03], 'holm', ['SDQ', 'PSI', 'GAS']).apa()
 * // "SDQ: p = .010, p_adj = .030; PSI: p = .040, p_adj = .060; GAS: p = .030, p_adj = .060 (Holm, m = 3)"
 */
export function pAdjustResult(p: ArrayLike<number | null | undefined>, method: PAdjustMethod = 'holm', labels?: string[]): PAdjustResult {
  const adjusted = pAdjust(p, method);
  const pv = Array.from({ length: p.length }, (_, i) => {
    const v = p[i];
    return typeof v === 'number' ? v : NaN;
  });
  const lab = labels ?? pv.map((_, i) => `#${i + 1}`);
  if (lab.length !== pv.length) throw new StatsError(`p-value adjustment: ${lab.length} labels for ${pv.length} p-values.`);
  return new PAdjustResult(pv, adjusted, method, lab);
}
