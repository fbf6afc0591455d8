/**
 * Satterthwaite's denominator degrees of freedom for fixed-effect contrasts of a linear mixed model, as
 * lmerTest (Kuznetsova, Brockhoff & Christensen, 2017, JSS 82(13)) computes them:
 *
 * - the variance parameters are ψ = (θ, σ); A = 2 H⁻¹ with H the Hessian of the (REML or ML) deviance
 *   d(ψ) = log|L_θ|² + r²(θ)/σ² + n log(2πσ²) [REML: + log|R_X|² − p log(2πσ²)] at the estimate
 *   (eigenvalues ≤ 1e-8 dropped as lmerTest does);
 * - for a contrast l, v(ψ) = lᵀ C(ψ) l with C(ψ) = σ² (R_XᵀR_X)⁻¹(θ), its gradient g = ∂v/∂ψ from the
 *   Jacobian of C(ψ);
 * - df = 2 v² / (gᵀ A g).
 * For a q-row hypothesis L (type III F tests) the rows are rotated to the eigenvectors of L C Lᵀ, each
 * gets its own ν_m, and the F statistic's df is 2E/(E − q), E = Σ ν_m/(ν_m − 2) (2 when any ν_m ≤ 2).
 * Derivatives are numerical, Richardson extrapolation as in R's numDeriv (four halvings), so the numbers
 * agree with lmerTest's to many digits.
 */
import type { LmmProblem } from './deviance.js';

/**
 * Initial step of the Richardson scheme: max(10⁻³|x|, 10⁻⁴). numDeriv uses 10⁻⁴|x| (10⁻⁴ at 0); the larger
 * step keeps the smallest difference (step/8) well above the rounding noise of the deviance, and the
 * extrapolation removes the truncation error, so both approximate the same exact derivative.
 */
function derivativeStep(x: number): number {
  return Math.max(1e-3 * Math.abs(x), 1e-4);
}

/** Richardson-extrapolated numerical Hessian (the scheme of R numDeriv::hessian / genD: four halvings). */
export function richardsonHessian(f: (x: Float64Array) => number, x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const r = 4;
  const x0 = Float64Array.from(x);
  const f0 = f(x0);
  const h0 = Array.from(x0, derivativeStep);
  const H = new Float64Array(n * n);
  const hdiag = new Float64Array(n);
  const extrapolate = (a: number[]): number => {
    for (let m = 1; m <= r - 1; m++) for (let k = 0; k < r - m; k++) a[k] = (a[k + 1] * 4 ** m - a[k]) / (4 ** m - 1);
    return a[0];
  };
  for (let i = 0; i < n; i++) {
    const ha: number[] = [];
    let h = h0[i];
    for (let k = 0; k < r; k++) {
      const xp = Float64Array.from(x0);
      const xm = Float64Array.from(x0);
      xp[i] += h;
      xm[i] -= h;
      const f1 = f(xp);
      const f2 = f(xm);
      ha.push((f1 - 2 * f0 + f2) / (h * h));
      h /= 2;
    }
    hdiag[i] = extrapolate(ha);
    H[i * n + i] = hdiag[i];
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const da: number[] = [];
      let hi = h0[i];
      let hj = h0[j];
      for (let k = 0; k < r; k++) {
        const xp = Float64Array.from(x0);
        const xm = Float64Array.from(x0);
        xp[i] += hi;
        xp[j] += hj;
        xm[i] -= hi;
        xm[j] -= hj;
        const f1 = f(xp);
        const f2 = f(xm);
        da.push((f1 - 2 * f0 + f2 - hdiag[i] * hi * hi - hdiag[j] * hj * hj) / (2 * hi * hj));
        hi /= 2;
        hj /= 2;
      }
      const v = extrapolate(da);
      H[i * n + j] = v;
      H[j * n + i] = v;
    }
  }
  return H;
}

/** Richardson-extrapolated numerical Jacobian of a vector function (the scheme of R numDeriv::jacobian). */
export function richardsonJacobian(f: (x: Float64Array) => Float64Array, x: ArrayLike<number>): Float64Array[] {
  const n = x.length;
  const r = 4;
  const x0 = Float64Array.from(x);
  const out: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    let h = derivativeStep(x0[i]);
    const a: Float64Array[] = [];
    for (let k = 0; k < r; k++) {
      const xp = Float64Array.from(x0);
      const xm = Float64Array.from(x0);
      xp[i] += h;
      xm[i] -= h;
      const fp = f(xp);
      const fm = f(xm);
      const d = new Float64Array(fp.length);
      for (let c = 0; c < fp.length; c++) d[c] = (fp[c] - fm[c]) / (2 * h);
      a.push(d);
      h /= 2;
    }
    for (let m = 1; m <= r - 1; m++) {
      for (let k = 0; k < r - m; k++) {
        for (let c = 0; c < a[k].length; c++) a[k][c] = (a[k + 1][c] * 4 ** m - a[k][c]) / (4 ** m - 1);
      }
    }
    out.push(a[0]);
  }
  return out;
}

/** Symmetric eigen-decomposition (cyclic Jacobi) of a small row-major matrix: values descending. */
export function symmetricEigen(A: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(A);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j] - a[i * n + i]);
  const values = Float64Array.from(order, (i) => a[i * n + i]);
  const vectors = new Float64Array(n * n); // columns are eigenvectors
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src];
  });
  return { values, vectors };
}

/** The pieces Satterthwaite's method needs, computed once per model. */
export interface SatterthwaiteData {
  /** Asymptotic covariance of ψ = (θ, σ): 2 H⁻¹ (row-major k × k). */
  vcovVarpar: Float64Array;
  /** ∂C/∂ψ_i for each variance parameter (row-major p × p each). */
  jacobian: Float64Array[];
  /** Eigenvalues of H (for convergence warnings, as lmerTest). */
  hessianEigenvalues: Float64Array;
}

/** Deviance as a function of ψ = (θ, σ) (lmerTest's `devfun_vp`). */
export function devianceVarpar(problem: LmmProblem, reml: boolean): (psi: Float64Array) => number {
  const k = problem.nTheta;
  const { n, p } = problem;
  return (psi) => {
    const sigma2 = psi[k] * psi[k];
    const e = problem.evaluateAccurate(psi.subarray(0, k));
    if (!e) return NaN;
    let dev = e.ldL2 + e.pwrss / sigma2 + n * Math.log(2 * Math.PI * sigma2);
    if (reml) dev += e.ldRX2 - p * Math.log(2 * Math.PI * sigma2);
    return dev;
  };
}

/** C(ψ) = σ² (R_XᵀR_X)⁻¹ at θ, flattened row-major (lmerTest's `get_covbeta`). */
export function covBetaVarpar(problem: LmmProblem): (psi: Float64Array) => Float64Array {
  const k = problem.nTheta;
  return (psi) => {
    const e = problem.evaluate(psi.subarray(0, k));
    if (!e) return new Float64Array(problem.p * problem.p).fill(NaN);
    return scaledInverseFromCholesky(e.LX, problem.p, psi[k] * psi[k]);
  };
}

/** s · (L Lᵀ)⁻¹ for a row-major lower Cholesky factor L. */
export function scaledInverseFromCholesky(L: Float64Array, p: number, s: number): Float64Array {
  const Li = new Float64Array(p * p);
  for (let i = 0; i < p; i++) Li[i * p + i] = 1;
  for (let i = 0; i < p; i++) {
    for (let c = 0; c < p; c++) {
      let v = Li[i * p + c];
      for (let k = 0; k < i; k++) v -= L[i * p + k] * Li[k * p + c];
      Li[i * p + c] = v / L[i * p + i];
    }
  }
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let v = 0;
      for (let k = Math.max(a, b); k < p; k++) v += Li[k * p + a] * Li[k * p + b];
      out[a * p + b] = s * v;
      out[b * p + a] = s * v;
    }
  }
  return out;
}

/** Computes A = 2H⁻¹ and the Jacobian of C at ψ̂ (lmerTest's `as_lmerModLT`). */
export function satterthwaiteData(problem: LmmProblem, theta: ArrayLike<number>, sigma: number, reml: boolean): SatterthwaiteData {
  const psi = Float64Array.from([...Array.from(theta), sigma]);
  const k = psi.length;
  const H = richardsonHessian(devianceVarpar(problem, reml), psi);
  const { values, vectors } = symmetricEigen(H, k);
  const A = new Float64Array(k * k);
  for (let m = 0; m < k; m++) {
    if (!(values[m] > 1e-8)) continue;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) A[a * k + b] += (2 * vectors[a * k + m] * vectors[b * k + m]) / values[m];
  }
  const jacobian = richardsonJacobian(covBetaVarpar(problem), psi);
  return { vcovVarpar: A, jacobian, hessianEigenvalues: values };
}

function qform(x: ArrayLike<number>, A: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let a = 0; a < n; a++) {
    let v = 0;
    for (let b = 0; b < n; b++) v += A[a * n + b] * x[b];
    s += x[a] * v;
  }
  return s;
}

/**
 * Satterthwaite df of one contrast l (lmerTest `contest1D`): 2 (lᵀCl)² / (gᵀAg).
 */
export function satterthwaiteDf(data: SatterthwaiteData, vcov: ArrayLike<number>, l: ArrayLike<number>, p: number): number {
  const v = qform(l, vcov, p);
  const g = data.jacobian.map((J) => qform(l, J, p));
  const denom = qform(g, data.vcovVarpar, g.length);
  return (2 * v * v) / denom;
}

/** F statistic, numerator and Satterthwaite denominator df of L β = 0 (lmerTest `contestMD`). */
export function satterthwaiteFTest(
  data: SatterthwaiteData,
  vcov: ArrayLike<number>,
  beta: ArrayLike<number>,
  L: ArrayLike<number>[],
  p: number,
): { F: number; df1: number; df2: number } {
  const q = L.length;
  if (q === 1) {
    const l = L[0];
    let est = 0;
    for (let a = 0; a < p; a++) est += l[a] * beta[a];
    const v = qform(l, vcov, p);
    return { F: (est * est) / v, df1: 1, df2: satterthwaiteDf(data, vcov, l, p) };
  }
  const VL = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j < q; j++) {
      let s = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += L[i][a] * vcov[a * p + b] * L[j][b];
      VL[i * q + j] = s;
    }
  }
  const { values, vectors } = symmetricEigen(VL, q);
  const tol = Math.max(Math.sqrt(2.220446049250313e-16) * values[0], 0);
  const rank = values.filter((d) => d > tol).length;
  const PtL: Float64Array[] = [];
  for (let m = 0; m < rank; m++) {
    const row = new Float64Array(p);
    for (let i = 0; i < q; i++) for (let a = 0; a < p; a++) row[a] += vectors[i * q + m] * L[i][a];
    PtL.push(row);
  }
  if (rank === 1) return satterthwaiteFTest(data, vcov, beta, PtL, p);
  let F = 0;
  const nu: number[] = [];
  for (let m = 0; m < rank; m++) {
    let est = 0;
    for (let a = 0; a < p; a++) est += PtL[m][a] * beta[a];
    F += (est * est) / values[m];
    const g = data.jacobian.map((J) => qform(PtL[m], J, p));
    nu.push((2 * values[m] * values[m]) / qform(g, data.vcovVarpar, g.length));
  }
  F /= rank;
  let df2: number;
  if (nu.every((v) => Math.abs(v - nu[0]) < 1e-8)) df2 = nu.reduce((s, v) => s + v, 0) / rank;
  else if (nu.some((v) => v <= 2)) df2 = 2;
  else {
    const E = nu.reduce((s, v) => s + v / (v - 2), 0);
    df2 = (2 * E) / (E - rank);
  }
  return { F, df1: rank, df2 };
}
