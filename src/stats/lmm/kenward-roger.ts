/**
 * Kenward–Roger (1997) small-sample inference for fixed effects of a REML-fitted linear mixed model, as
 * pbkrtest (Halekoh & Højsgaard, 2014, JSS 59(9)) computes it (`vcovAdj`, `Lb_ddf`, `KRmodcomp`), the
 * method behind lmerTest's `ddf = "Kenward-Roger"` and emmeans' `lmer.df = "kenward-roger"`.
 *
 * With V = σ²I + Σ Z C Zᵀ parametrised linearly by the covariance parameters γ (each variance and
 * covariance of a random-effects term, and σ²), G_r = ∂V/∂γ_r, Φ = (XᵀV⁻¹X)⁻¹:
 * - P_r = −XᵀV⁻¹G_rV⁻¹X, Q_rs = XᵀV⁻¹G_rV⁻¹G_sV⁻¹X, K_rs = tr(V⁻¹G_rV⁻¹G_s);
 * - I_rs = K_rs − 2 tr(ΦQ_rs) + tr(ΦP_rΦP_s) (twice the REML information), W = 2 I⁻¹;
 * - Φ_A = Φ + 2Φ [Σ_rs W_rs (Q_rs − P_rΦP_s)] Φ, the adjusted covariance of β̂ (SEs use Φ_A);
 * - for a hypothesis L (q rows), Θ = Lᵀ(LΦLᵀ)⁻¹L, A₁ = Σ W_rs tr(ΘΦP_rΦ) tr(ΘΦP_sΦ), A₂ = Σ W_rs tr(ΘΦP_rΦΘΦP_sΦ),
 *   and the denominator df and F scaling follow Kenward & Roger (1997, section 4) as in pbkrtest.
 * V is block diagonal (per participant, or per site with two nested levels), so every sum is formed block
 * by block without an n × n matrix.
 */
import { StatsError } from '../result.js';
import { cholInPlace } from './deviance.js';
import { symmetricEigen } from './satterthwaite.js';
import type { LmmResult } from './result.js';

export interface KenwardRogerData {
  /** Unadjusted covariance Φ of β̂ (row-major p × p). */
  Phi: Float64Array;
  /** Adjusted covariance Φ_A. */
  PhiA: Float64Array;
  P: Float64Array[];
  /** W = 2 I⁻¹ (row-major k × k). */
  W: Float64Array;
}

function matmul(A: ArrayLike<number>, B: ArrayLike<number>, n: number, m: number, k: number): Float64Array {
  // (n × m)(m × k)
  const C = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < m; l++) {
      const a = A[i * m + l];
      if (a === 0) continue;
      for (let j = 0; j < k; j++) C[i * k + j] += a * B[l * k + j];
    }
  }
  return C;
}

function inverseSPD(A: Float64Array, n: number): Float64Array {
  const L = Float64Array.from(A);
  if (!cholInPlace(L, n)) throw new StatsError('Kenward–Roger: a block of the marginal covariance V is not positive definite.');
  const inv = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const x = new Float64Array(n);
    x[c] = 1;
    for (let i = 0; i < n; i++) {
      let s = x[i];
      for (let k = 0; k < i; k++) s -= L[i * n + k] * x[k];
      x[i] = s / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i];
      for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
      x[i] = s / L[i * n + i];
    }
    for (let i = 0; i < n; i++) inv[i * n + c] = x[i];
  }
  return inv;
}

/** Symmetric (pseudo-)inverse via eigenvalues, as pbkrtest's `solve` / `MASS::ginv` fallback. */
function symInverse(A: Float64Array, n: number, pseudo: boolean): Float64Array {
  const { values, vectors } = symmetricEigen(A, n);
  const out = new Float64Array(n * n);
  const tol = Math.max(...Array.from(values, Math.abs)) * n * 2.220446049250313e-16;
  for (let m = 0; m < n; m++) {
    if (pseudo && Math.abs(values[m]) <= tol) continue;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) out[a * n + b] += (vectors[a * n + m] * vectors[b * n + m]) / values[m];
  }
  return out;
}

/**
 * The adjusted covariance Φ_A and the pieces for Kenward–Roger df (pbkrtest `vcovAdj`). REML fits only.
 */
export function kenwardRogerData(model: LmmResult): KenwardRogerData {
  if (!model.reml) throw new StatsError("Kenward–Roger's method needs a REML fit (pbkrtest refits by REML); fit with reml: true.");
  const d = model.design;
  const { n, p, X } = d;
  const s2 = model.sigma * model.sigma;
  const covs = model.covarianceMatrices();
  // covariance parameters: per term its free (co)variances, then the residual variance
  const params: Array<{ term: number; a: number; b: number } | null> = [];
  d.random.forEach((t, ti) => {
    for (const [i, j] of t.thetaPattern) params.push({ term: ti, a: i, b: j });
  });
  params.push(null);
  const k = params.length;
  // blocks: the outermost grouping factor's levels
  const outer = d.random.length === 2 ? 1 : 0;
  const blockOf = d.random[outer].index;
  const nBlocks = d.random[outer].levels.length;
  const rowsOf: number[][] = Array.from({ length: nBlocks }, () => []);
  for (let r = 0; r < n; r++) rowsOf[blockOf[r]].push(r);
  const K = new Float64Array(k * k);
  const P = Array.from({ length: k }, () => new Float64Array(p * p));
  const Q = Array.from({ length: k * k }, () => new Float64Array(p * p));
  for (const rows of rowsOf) {
    const nb = rows.length;
    // V_b and G_r,b
    const V = new Float64Array(nb * nb);
    const G = Array.from({ length: k }, () => new Float64Array(nb * nb));
    for (let u = 0; u < nb; u++) {
      V[u * nb + u] = s2;
      G[k - 1][u * nb + u] = 1;
    }
    d.random.forEach((t, ti) => {
      const q = t.effects.length;
      const C = covs[ti].cov;
      for (let u = 0; u < nb; u++) {
        const ru = rows[u];
        for (let v = 0; v < nb; v++) {
          const rv = rows[v];
          if (t.index[ru] !== t.index[rv]) continue;
          let s = 0;
          for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) s += t.z[ru * q + a] * C[a][b] * t.z[rv * q + b];
          V[u * nb + v] += s;
          params.forEach((pr, r) => {
            if (!pr || pr.term !== ti) return;
            const za = t.z[ru * q + pr.a] * t.z[rv * q + pr.b];
            G[r][u * nb + v] += pr.a === pr.b ? za : za + t.z[ru * q + pr.b] * t.z[rv * q + pr.a];
          });
        }
      }
    });
    const Vi = inverseSPD(V, nb);
    const Xb = new Float64Array(nb * p);
    for (let u = 0; u < nb; u++) for (let a = 0; a < p; a++) Xb[u * p + a] = X[rows[u] * p + a];
    const T = matmul(Vi, Xb, nb, nb, p);
    const H = G.map((g) => matmul(g, Vi, nb, nb, nb));
    const O = H.map((h) => matmul(h, Xb, nb, nb, p));
    const ViO = O.map((o) => matmul(Vi, o, nb, nb, p));
    for (let r = 0; r < k; r++) {
      // P_r −= O_rᵀ T
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
        let s = 0;
        for (let u = 0; u < nb; u++) s += O[r][u * p + a] * T[u * p + b];
        P[r][a * p + b] -= s;
      }
      for (let sIdx = r; sIdx < k; sIdx++) {
        let tr = 0;
        for (let u = 0; u < nb; u++) for (let v = 0; v < nb; v++) tr += H[r][v * nb + u] * H[sIdx][u * nb + v];
        K[r * k + sIdx] += tr;
        const Qrs = Q[r * k + sIdx];
        for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
          let s = 0;
          for (let u = 0; u < nb; u++) s += O[r][u * p + a] * ViO[sIdx][u * p + b];
          Qrs[a * p + b] += s;
        }
      }
    }
  }
  for (let r = 0; r < k; r++) {
    // pbkrtest forceSymmetric(P) keeps the upper triangle
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) P[r][a * p + b] = P[r][b * p + a];
  }
  const Phi = Float64Array.from(model.vcov);
  const IE = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const PhiPi = matmul(Phi, P[i], p, p, p);
    for (let j = i; j < k; j++) {
      const PjPhi = matmul(P[j], Phi, p, p, p);
      let t2 = 0;
      let t3 = 0;
      for (let e = 0; e < p * p; e++) {
        t2 += Phi[e] * Q[i * k + j][e];
        t3 += PhiPi[e] * PjPhi[e];
      }
      const v = K[i * k + j] - 2 * t2 + t3;
      IE[i * k + j] = v;
      IE[j * k + i] = v;
    }
  }
  const ev = symmetricEigen(IE, k).values;
  const condi = Math.min(...Array.from(ev, Math.abs));
  const IEinv = symInverse(IE, k, !(condi > 1e-10));
  const W = IEinv.map((v) => 2 * v);
  const U = new Float64Array(p * p);
  const term = (i: number, j: number): Float64Array => {
    const PPhiP = matmul(matmul(P[i], Phi, p, p, p), P[j], p, p, p);
    const Qij = Q[Math.min(i, j) * k + Math.max(i, j)];
    return Qij.map((q, e) => q - PPhiP[e]);
  };
  for (let i = 0; i < k - 1; i++) for (let j = i + 1; j < k; j++) {
    const t = term(i, j);
    for (let e = 0; e < p * p; e++) U[e] += W[i * k + j] * t[e];
  }
  const Ut = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) Ut[a * p + b] = U[a * p + b] + U[b * p + a];
  for (let i = 0; i < k; i++) {
    const t = term(i, i);
    for (let e = 0; e < p * p; e++) Ut[e] += W[i * k + i] * t[e];
  }
  const G2 = matmul(matmul(Phi, Ut, p, p, p), Phi, p, p, p);
  const PhiA = Phi.map((v, e) => v + 2 * G2[e]);
  return { Phi, PhiA, P, W };
}

/**
 * Kenward–Roger denominator df and F statistic of L β = 0 (pbkrtest `.KR_adjust`; for one row the df of
 * the t test, `Lb_ddf`). F = scaling · (Lβ̂)ᵀ(LΦ_ALᵀ)⁻¹(Lβ̂)/q.
 */
export function kenwardRogerTest(kr: KenwardRogerData, beta: ArrayLike<number>, L: ArrayLike<number>[]): { F: number; df1: number; df2: number; scaling: number } {
  const p = beta.length;
  const q = L.length;
  const Lm = new Float64Array(q * p);
  L.forEach((row, i) => Lm.set(Array.from(row), i * p));
  const Lt = new Float64Array(p * q);
  for (let i = 0; i < q; i++) for (let a = 0; a < p; a++) Lt[a * q + i] = Lm[i * p + a];
  const LPhiLt = matmul(matmul(Lm, kr.Phi, q, p, p), Lt, q, p, q);
  const inner = symInverse(LPhiLt, q, false);
  const Theta = matmul(matmul(Lt, inner, p, q, q), Lm, p, q, p);
  const ThetaPhi = matmul(Theta, kr.Phi, p, p, p);
  const k = kr.P.length;
  const u = kr.P.map((Pi) => matmul(matmul(ThetaPhi, Pi, p, p, p), kr.Phi, p, p, p));
  const tr = (A: Float64Array) => {
    let s = 0;
    for (let a = 0; a < p; a++) s += A[a * p + a];
    return s;
  };
  let A1 = 0;
  let A2 = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const e = i === j ? 1 : 2;
      const w = kr.W[i * k + j];
      A1 += e * w * tr(u[i]) * tr(u[j]);
      let s = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) s += u[i][a * p + b] * u[j][b * p + a];
      A2 += e * w * s;
    }
  }
  const B = (1 / (2 * q)) * (A1 + 6 * A2);
  const g = ((q + 1) * A1 - (q + 4) * A2) / ((q + 2) * A2);
  const c1 = g / (3 * q + 2 * (1 - g));
  const c2 = (q - g) / (3 * q + 2 * (1 - g));
  const c3 = (q + 2 - g) / (3 * q + 2 * (1 - g));
  let V0 = 1 + c1 * B;
  const V1 = 1 - c2 * B;
  const V2 = 1 - c3 * B;
  if (Math.abs(V0) < 1e-10) V0 = 0;
  const ratio = V1 === 0 ? 0 : (1 - A2 / q) / V1;
  const rho = (1 / q) * ratio * ratio * (V0 / V2);
  const df2 = 4 + (q + 2) / (q * rho - 1);
  const scaling = Math.abs(df2 - 2) < 0.01 ? 1 : (df2 * (1 - A2 / q)) / (df2 - 2);
  // Wald with Φ_A
  const Lb = new Float64Array(q);
  for (let i = 0; i < q; i++) for (let a = 0; a < p; a++) Lb[i] += Lm[i * p + a] * beta[a];
  const LPhiALt = matmul(matmul(Lm, kr.PhiA, q, p, p), Lt, q, p, q);
  const invA = symInverse(LPhiALt, q, false);
  let wald = 0;
  for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) wald += Lb[i] * invA[i * q + j] * Lb[j];
  return { F: (scaling * wald) / q, df1: q, df2, scaling };
}
