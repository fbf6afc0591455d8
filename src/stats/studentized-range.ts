/**
 * The studentized range distribution (Tukey's q): the range of k independent standard normal means divided by an
 * independent σ̂ with ν df. Needed for Tukey's HSD and the Games–Howell test.
 *
 * Computed by direct numerical integration (Copenhaver & Holland 1988 use Gauss–Legendre; we use adaptive
 * Gauss–Kronrod, `integrate.ts`):
 *   W(w; k) = P(range < w) = k ∫ φ(z)[Φ(z) − Φ(z − w)]^{k−1} dz,
 *   P(Q < q; k, ν) = ∫₀^∞ f_ν(s) W(q·s; k) ds, with s = √(χ²_ν/ν).
 * Checked against R `ptukey` / `qtukey` (tests/reference/posthoc.R → posthoc.json).
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import { chiSquared, normal } from './distributions.js';
import { integrate, kronrodPanelNodes } from './integrate.js';
import { rootBracketIncreasing, brentRoot } from './roots.js';
import { StatsError } from './result.js';

// Inner integral W(w; k) = k ∫ φ(z)[Φ(z) − Φ(z − w)]^{k−1} dz over [−9, 9] (φ < 1e-18 outside) by a fixed
// 12-panel 15-point Kronrod rule: the integrand is smooth on a unit scale. Nodes, weights, φ(z) and Φ(z) are
// computed once.
const INNER = (() => {
  const { nodes: z, weights: wt } = kronrodPanelNodes(-9, 9, 12);
  const logPhi = z.map((v) => -0.5 * v * v - 0.5 * Math.log(2 * Math.PI));
  const Phi = z.map((v) => normal.cdf(v, 0, 1));
  return { z, wt, logPhi, Phi };
})();

function rangeCdfNormal(w: number, k: number): number {
  if (w <= 0) return 0;
  if (k === 2) return 2 * normal.cdf(w / Math.SQRT2, 0, 1) - 1;
  let v = 0;
  const { z, wt, logPhi, Phi } = INNER;
  for (let i = 0; i < z.length; i++) {
    const d = Phi[i] - normal.cdf(z[i] - w, 0, 1);
    if (d > 0) v += wt[i] * Math.exp(logPhi[i] + (k - 1) * Math.log(d));
  }
  return Math.min(1, k * v);
}

function checkArgs(k: number, df: number): void {
  if (!(Number.isInteger(k) && k >= 2)) throw new StatsError(`Studentized range: the number of means must be an integer ≥ 2 (got ${k}).`);
  if (!(df >= 1)) throw new StatsError(`Studentized range: the df must be at least 1 (got ${df}).`);
}

/**
 * P(Q ≤ q) of the studentized range with k means and ν df (R `ptukey(q, k, df)`); `df = Infinity` for a known σ.
 *
 * @example
 * studentizedRange.cdf(3.5, 3, 20) // 0.9441082 (R ptukey(3.5, 3, 20))
 */
function cdf(q: number, k: number, df: number): number {
  checkArgs(k, df);
  if (!(q > 0)) return 0;
  if (!Number.isFinite(df) || df > 25000) return rangeCdfNormal(q, k);
  const logc = Math.log(2) + (df / 2) * Math.log(df / 2) - gammaln(df / 2);
  const dens = (s: number): number => (s <= 0 ? 0 : Math.exp(logc + (df - 1) * Math.log(s) - (df * s * s) / 2));
  const sd = 1 / Math.sqrt(2 * df);
  const mode = Math.sqrt((df - 1) / df);
  // beyond sHi, W(q·s) ≈ 1: add the χ² tail mass P(s > sHi) in closed form
  const sHi = Math.max(mode + 40 * sd, 14 / q, 2);
  const bp = [mode - 8 * sd, mode - 3 * sd, mode, mode + 3 * sd, mode + 8 * sd].filter((x) => x > 0 && x < sHi);
  const body = integrate((s) => dens(s) * rangeCdfNormal(q * s, k), 0, sHi, { breakpoints: bp, absTol: 1e-14, relTol: 1e-10 });
  return Math.min(1, body + chiSquared.sf(df * sHi * sHi, df) * rangeCdfNormal(q * sHi, k));
}

/**
 * The studentized range distribution: `cdf`, `sf` (= 1 − cdf, as R `ptukey(lower.tail = FALSE)`) and `quantile`
 * (R `qtukey`, by Brent's method on the cdf).
 *
 * @example
 * studentizedRange.quantile(0.95, 3, 20) // 3.577935 (R qtukey(0.95, 3, 20))
 */
export const studentizedRange = {
  cdf,
  sf: (q: number, k: number, df: number): number => 1 - cdf(q, k, df),
  quantile: (p: number, k: number, df: number): number => {
    checkArgs(k, df);
    if (!(p > 0 && p < 1)) throw new StatsError(`Studentized range quantile: p must lie strictly between 0 and 1 (got ${p}).`);
    const f = (x: number) => cdf(x, k, df) - p;
    const br = rootBracketIncreasing(f, 3, 2, { min: 1e-8, what: 'studentized range quantile' });
    return brentRoot(f, br.lower, br.upper, { tol: 1e-11 });
  },
};
