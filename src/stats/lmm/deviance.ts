/**
 * The profiled deviance of a linear mixed model as a function of the relative covariance factor θ
 * (Bates, Mächler, Bolker & Walker, 2015, JSS 67(1), section 3), computed in O(n) by exploiting the block
 * structure of ZᵀZ for one grouping factor or two nested ones (participants within sites).
 *
 * Notation (lme4's): b = Λ_θ u, u ~ N(0, σ²I), Λ_θ block diagonal with one lower-triangular T per level.
 * For given θ the penalised least-squares problem min ‖y − Xβ − ZΛu‖² + ‖u‖² is solved through the
 * Cholesky factor of [ΛᵀZᵀZΛ + I, ΛᵀZᵀX; XᵀZΛ, XᵀX] = [L, 0; R_ZXᵀ, R_Xᵀ][Lᵀ, R_ZX; 0, R_X]:
 * - L is block diagonal per participant (q × q blocks) and, with sites, has a site block row that creates
 *   no fill-in because participants are nested in sites;
 * - r²(θ) = yᵀy − ‖c_u‖² − ‖c_β‖² is the penalised residual sum of squares at the optimum;
 * - ML:   d(θ) = log|L|² + n (1 + log(2π r² / n));
 * - REML: d(θ) = log|L|² + log|R_X|² + (n − p)(1 + log(2π r² / (n − p))).
 * All sums over observations are done once (per-level cross-products); each evaluation costs
 * O(levels · (q²p + qp²) + p³).
 */
import { StatsError } from '../result.js';
import type { LmmDesign, LmmDesignRandom } from './model-matrix.js';

/** Result of one evaluation of the penalised least-squares problem. */
export interface PlsEvaluation {
  /** log det(L)² */
  ldL2: number;
  /** log det(R_X)² */
  ldRX2: number;
  /** Penalised residual sum of squares r²(θ). */
  pwrss: number;
  /** Fixed effects β̂(θ). */
  beta: Float64Array;
  /** Lower Cholesky factor of R_XᵀR_X (row-major p × p): (XᵀV⁻¹X)⁻¹σ² = σ² (L_X L_Xᵀ)⁻¹. */
  LX: Float64Array;
}

/** Everything needed after the fit: spherical and original-scale random effects and conditional variances. */
export interface PlsFull extends PlsEvaluation {
  /** Conditional modes b = Λu per term, row-major (levels × q). */
  b: Float64Array[];
  /** Conditional covariance of b per level, unscaled (multiply by σ²), row-major (levels × q × q). */
  condVarUnscaled: Float64Array[];
  /** Fitted values Xβ + Zb. */
  fitted: Float64Array;
}

/** Lower-triangular T (row-major q × q) from the θ entries of one term. */
export function thetaToT(theta: ArrayLike<number>, offset: number, term: LmmDesignRandom): Float64Array {
  const q = term.effects.length;
  const T = new Float64Array(q * q);
  term.thetaPattern.forEach(([i, j], k) => {
    T[i * q + j] = theta[offset + k];
  });
  return T;
}

/**
 * Precomputed cross-products of one model and the θ → deviance map.
 */
export class LmmProblem {
  readonly n: number;
  readonly p: number;
  readonly qA: number;
  readonly qB: number;
  readonly nA: number;
  readonly nB: number;
  readonly nTheta: number;
  readonly termA: LmmDesignRandom;
  readonly termB: LmmDesignRandom | null;
  /** Index of the outer level of each inner level (two-level models). */
  readonly outerOf: Int32Array;
  private readonly XtX: Float64Array;
  private readonly Xty: Float64Array;
  private readonly yty: number;
  private readonly ZtZ: Float64Array;
  private readonly ZtX: Float64Array;
  private readonly Zty: Float64Array;
  private readonly ZAtZB: Float64Array;
  private readonly BtB: Float64Array;
  private readonly BtX: Float64Array;
  private readonly Bty: Float64Array;
  private readonly Xc: Float64Array;
  /** Levels sharing the same ZᵀZ (e.g. participants with the same observed waves), one-level models only. */
  private readonly patterns: { count: Int32Array; ZtZ: Float64Array; SXX: Float64Array; SXy: Float64Array; Syy: Float64Array } | null;
  private readonly yc: Float64Array;
  private readonly means: Float64Array;
  private readonly yMean: number;
  private readonly centred: boolean;

  constructor(readonly design: LmmDesign) {
    const { n, p, random } = design;
    // Numerical care: with an intercept, the other columns of X and y are centred before the cross-products
    // are formed (less cancellation in XᵀX − Σ R_ZXᵀR_ZX and yᵀy − ‖c‖²); β and L_X are transformed back
    // (unit triangular map, so log|R_X|² is unchanged).
    const hasIntercept = design.columnNames[0] === '(Intercept)';
    const means = new Float64Array(p);
    let yMean = 0;
    if (hasIntercept) {
      for (let k = 0; k < n; k++) {
        yMean += design.y[k];
        for (let a = 1; a < p; a++) means[a] += design.X[k * p + a];
      }
      yMean /= n;
      for (let a = 1; a < p; a++) means[a] /= n;
    }
    const X = new Float64Array(design.X);
    const y = new Float64Array(design.y);
    if (hasIntercept) {
      for (let k = 0; k < n; k++) {
        y[k] -= yMean;
        for (let a = 1; a < p; a++) X[k * p + a] -= means[a];
      }
    }
    this.Xc = X;
    this.yc = y;
    this.means = means;
    this.yMean = yMean;
    this.centred = hasIntercept;
    if (random.length === 0) throw new StatsError('A mixed model needs at least one random term such as (1 | participant).');
    if (random.length > 2) {
      throw new StatsError(`This model has ${random.length} grouping factors (${random.map((r) => r.grouping).join(', ')}); at most two nested levels are supported.`);
    }
    this.n = n;
    this.p = p;
    const A = random[0];
    const B = random.length === 2 ? random[1] : null;
    this.termA = A;
    this.termB = B;
    const qA = A.effects.length;
    const qB = B ? B.effects.length : 0;
    this.qA = qA;
    this.qB = qB;
    this.nA = A.levels.length;
    this.nB = B ? B.levels.length : 0;
    this.nTheta = A.thetaPattern.length + (B ? B.thetaPattern.length : 0);
    if (n <= p) throw new StatsError(`The model has ${p} fixed effects but only ${n} observations.`);
    // nesting
    this.outerOf = new Int32Array(this.nA).fill(-1);
    if (B) {
      for (let k = 0; k < n; k++) {
        const j = A.index[k];
        const s = B.index[k];
        if (this.outerOf[j] === -1) this.outerOf[j] = s;
        else if (this.outerOf[j] !== s) {
          throw new StatsError(
            `The grouping factors ${A.grouping} and ${B.grouping} are crossed, not nested (a level of ${A.grouping} occurs in two levels of ${B.grouping}); only nested levels are supported. Use an interaction such as (1 | site:participant) if ids repeat across sites.`,
          );
        }
      }
    }
    // cross-products
    const XtX = new Float64Array(p * p);
    const Xty = new Float64Array(p);
    let yty = 0;
    const ZtZ = new Float64Array(this.nA * qA * qA);
    const ZtX = new Float64Array(this.nA * qA * p);
    const Zty = new Float64Array(this.nA * qA);
    const ZAtZB = new Float64Array(B ? this.nA * qA * qB : 0);
    const BtB = new Float64Array(this.nB * qB * qB);
    const BtX = new Float64Array(this.nB * qB * p);
    const Bty = new Float64Array(this.nB * qB);
    const za = A.z;
    const zb = B ? B.z : null;
    for (let k = 0; k < n; k++) {
      const xo = k * p;
      const yk = y[k];
      yty += yk * yk;
      for (let a = 0; a < p; a++) {
        const xa = X[xo + a];
        if (xa === 0) continue;
        Xty[a] += xa * yk;
        for (let b = a; b < p; b++) XtX[a * p + b] += xa * X[xo + b];
      }
      const j = A.index[k];
      for (let e = 0; e < qA; e++) {
        const ze = za[k * qA + e];
        if (ze === 0) continue;
        Zty[j * qA + e] += ze * yk;
        for (let f = 0; f < qA; f++) ZtZ[j * qA * qA + e * qA + f] += ze * za[k * qA + f];
        const o = j * qA * p + e * p;
        for (let c = 0; c < p; c++) ZtX[o + c] += ze * X[xo + c];
        if (zb) for (let f = 0; f < qB; f++) ZAtZB[j * qA * qB + e * qB + f] += ze * zb[k * qB + f];
      }
      if (zb) {
        const s = B!.index[k];
        for (let e = 0; e < qB; e++) {
          const ze = zb[k * qB + e];
          if (ze === 0) continue;
          Bty[s * qB + e] += ze * yk;
          for (let f = 0; f < qB; f++) BtB[s * qB * qB + e * qB + f] += ze * zb[k * qB + f];
          const o = s * qB * p + e * p;
          for (let c = 0; c < p; c++) BtX[o + c] += ze * X[xo + c];
        }
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) XtX[a * p + b] = XtX[b * p + a];
    this.XtX = XtX;
    this.Xty = Xty;
    this.yty = yty;
    this.ZtZ = ZtZ;
    this.ZtX = ZtX;
    this.Zty = Zty;
    this.ZAtZB = ZAtZB;
    this.BtB = BtB;
    this.BtX = BtX;
    this.Bty = Bty;
    this.patterns = B ? null : sharedPatterns(this.nA, qA, p, ZtZ, ZtX, Zty);
  }

  /** Lower bounds of θ: 0 for diagonal entries of T, −∞ for off-diagonal ones (lme4's `lower`). */
  thetaLower(): Float64Array {
    const out: number[] = [];
    for (const t of [this.termA, this.termB]) if (t) for (const [i, j] of t.thetaPattern) out.push(i === j ? 0 : -Infinity);
    return Float64Array.from(out);
  }

  /** lme4's starting value: 1 on the diagonal of T, 0 elsewhere. */
  thetaStart(): Float64Array {
    const out: number[] = [];
    for (const t of [this.termA, this.termB]) if (t) for (const [i, j] of t.thetaPattern) out.push(i === j ? 1 : 0);
    return Float64Array.from(out);
  }

  /**
   * Typical size of each θ entry, used as the starting value (diagonal) and the optimiser's step scale:
   * 1 / root-mean-square of the effect's covariate (1 for an intercept), so that each random effect starts
   * with a variance comparable to the residual variance over the range of its covariate. The row's value
   * is used for an off-diagonal entry (which starts at 0).
   */
  thetaScale(): Float64Array {
    const out: number[] = [];
    for (const t of [this.termA, this.termB]) {
      if (!t) continue;
      const q = t.effects.length;
      const rms = new Float64Array(q);
      for (let k = 0; k < this.n; k++) for (let e = 0; e < q; e++) rms[e] += t.z[k * q + e] ** 2;
      for (let e = 0; e < q; e++) rms[e] = Math.sqrt(rms[e] / this.n) || 1;
      for (const [i] of t.thetaPattern) out.push(1 / rms[i]);
    }
    return Float64Array.from(out);
  }

  /** Profiled deviance (REML criterion when `reml`). */
  deviance(theta: ArrayLike<number>, reml: boolean): number {
    if (this.patterns) return this.deviancePatterns(theta, reml);
    if (!this.termB && this.qA <= 2) return this.devianceOneLevel(theta, reml);
    const e = this.evaluate(theta);
    if (!e) return Infinity;
    return profiledDeviance(e, this.n, this.p, reml);
  }

  /**
   * The deviance for one grouping factor when many levels share ZᵀZ_j (the same observed waves): with
   * K = T L⁻ᵀL⁻¹Tᵀ of a pattern, Σ_j R_jᵀR_j = Σ_e,f K_ef Σ_j (ZᵀX)_j,eᵀ (ZᵀX)_j,f, and likewise for
   * the y terms, so one evaluation costs O(patterns · q²p²) whatever the number of levels. Exact.
   */
  private deviancePatterns(theta: ArrayLike<number>, reml: boolean): number {
    const e = this.evaluatePatterns(theta);
    return e ? profiledDeviance(e, this.n, this.p, reml) : Infinity;
  }

  private evaluatePatterns(theta: ArrayLike<number>): PlsEvaluation | null {
    const { p, qA: q } = this;
    const pat = this.patterns!;
    const T = thetaToT(theta, 0, this.termA);
    const XtXa = Float64Array.from(this.XtX);
    const Xtya = Float64Array.from(this.Xty);
    let ldL2 = 0;
    let cu2 = 0;
    const L = new Float64Array(q * q);
    const Li = new Float64Array(q * q);
    const K = new Float64Array(q * q);
    const np = pat.count.length;
    const pp = p * p;
    for (let P = 0; P < np; P++) {
      congruence(T, pat.ZtZ, P * q * q, q, L, 0);
      if (!cholInPlace(L, q)) return null;
      let ld = 0;
      for (let a = 0; a < q; a++) ld += 2 * Math.log(L[a * q + a]);
      ldL2 += pat.count[P] * ld;
      // Li = L⁻¹ Tᵀ, K = Liᵀ Li
      for (let a = 0; a < q; a++) for (let b = 0; b < q; b++) Li[a * q + b] = T[b * q + a];
      forwardSolve(L, q, Li, q);
      for (let e = 0; e < q; e++) {
        for (let f = 0; f < q; f++) {
          let v = 0;
          for (let c = 0; c < q; c++) v += Li[c * q + e] * Li[c * q + f];
          K[e * q + f] = v;
        }
      }
      for (let e = 0; e < q; e++) {
        for (let f = 0; f < q; f++) {
          const kef = K[e * q + f];
          if (kef === 0) continue;
          const ef = (P * q + e) * q + f;
          const so = ef * pp;
          for (let a = 0; a < p; a++) for (let b = a; b < p; b++) XtXa[a * p + b] -= kef * pat.SXX[so + a * p + b];
          for (let a = 0; a < p; a++) Xtya[a] -= kef * pat.SXy[ef * p + a];
          cu2 += kef * pat.Syy[ef];
        }
      }
    }
    const fx = fixedEffectsFactor(XtXa, p, Xtya);
    if (!fx) return null;
    const { ldRX2, cb2 } = fx;
    const pwrss = Math.max(this.yty - cu2 - cb2, 0);
    const beta = Float64Array.from(Xtya);
    backSolve(XtXa, p, beta);
    return { ldL2, ldRX2, pwrss, beta: this.uncentreBeta(beta), LX: this.uncentreLX(XtXa) };
  }

  /**
   * The same deviance for one grouping factor with one or two random effects, with the per-level 2 × 2
   * algebra written out (the hot loop of the optimisation; no allocation per level).
   */
  private devianceOneLevel(theta: ArrayLike<number>, reml: boolean): number {
    const { p, qA, nA, n } = this;
    const T = thetaToT(theta, 0, this.termA);
    const t00 = T[0];
    const t10 = qA === 2 ? T[2] : 0;
    const t11 = qA === 2 ? T[3] : 0;
    const XtXa = Float64Array.from(this.XtX);
    const Xtya = Float64Array.from(this.Xty);
    const ZtZ = this.ZtZ;
    const ZtX = this.ZtX;
    const Zty = this.Zty;
    const r0 = new Float64Array(p);
    const r1 = new Float64Array(p);
    let ldL2 = 0;
    let cu2 = 0;
    if (qA === 1) {
      const t2 = t00 * t00;
      for (let j = 0; j < nA; j++) {
        const m = t2 * ZtZ[j] + 1;
        const l = Math.sqrt(m);
        ldL2 += Math.log(m);
        const f = t00 / l;
        const o = j * p;
        const c = f * Zty[j];
        cu2 += c * c;
        for (let a = 0; a < p; a++) r0[a] = f * ZtX[o + a];
        for (let a = 0; a < p; a++) {
          const ra = r0[a];
          if (ra === 0) continue;
          Xtya[a] -= ra * c;
          const row = a * p;
          for (let b = a; b < p; b++) XtXa[row + b] -= ra * r0[b];
        }
      }
    } else {
      for (let j = 0; j < nA; j++) {
        const so = j * 4;
        const s00 = ZtZ[so];
        const s01 = ZtZ[so + 1];
        const s11 = ZtZ[so + 3];
        const m00 = t00 * t00 * s00 + 2 * t00 * t10 * s01 + t10 * t10 * s11 + 1;
        const m01 = t11 * (t00 * s01 + t10 * s11);
        const m11 = t11 * t11 * s11 + 1;
        const l00 = Math.sqrt(m00);
        const l10 = m01 / l00;
        const d11 = m11 - l10 * l10;
        if (!(d11 > 0)) return Infinity;
        const l11 = Math.sqrt(d11);
        ldL2 += Math.log(m00) + Math.log(d11);
        const xo = j * 2 * p;
        const zy0 = Zty[j * 2];
        const zy1 = Zty[j * 2 + 1];
        const c0 = (t00 * zy0 + t10 * zy1) / l00;
        const c1 = (t11 * zy1 - l10 * c0) / l11;
        cu2 += c0 * c0 + c1 * c1;
        for (let a = 0; a < p; a++) {
          const w0 = (t00 * ZtX[xo + a] + t10 * ZtX[xo + p + a]) / l00;
          r0[a] = w0;
          r1[a] = (t11 * ZtX[xo + p + a] - l10 * w0) / l11;
        }
        for (let a = 0; a < p; a++) {
          const ra = r0[a];
          const rb = r1[a];
          Xtya[a] -= ra * c0 + rb * c1;
          const row = a * p;
          for (let b = a; b < p; b++) XtXa[row + b] -= ra * r0[b] + rb * r1[b];
        }
      }
    }
    const fx = fixedEffectsFactor(XtXa, p, Xtya);
    if (!fx) return Infinity;
    const { ldRX2, cb2 } = fx;
    const pwrss = Math.max(this.yty - cu2 - cb2, 0);
    return profiledDeviance({ ldL2, ldRX2, pwrss, beta: Xtya, LX: XtXa }, n, p, reml);
  }

  /** Solves the penalised least-squares problem at θ; null when a factor is not positive definite. */
  evaluate(theta: ArrayLike<number>): PlsEvaluation | null {
    if (this.patterns) return this.evaluatePatterns(theta);
    return this.solve(theta, false) as PlsEvaluation | null;
  }

  /**
   * As {@link evaluate} but r²(θ) = ‖y − Xβ − ZΛu‖² + ‖u‖² is summed directly over the observations (no
   * cancellation in yᵀy − ‖c‖²); used for numerical derivatives, where noise in the deviance is magnified.
   */
  evaluateAccurate(theta: ArrayLike<number>): PlsEvaluation | null {
    return this.solve(theta, true, false);
  }

  /** As {@link evaluate}, with conditional modes, conditional variances and fitted values. */
  evaluateFull(theta: ArrayLike<number>): PlsFull {
    const r = this.solve(theta, true);
    if (!r) throw new StatsError('The penalised least-squares system is singular at the estimate.');
    return r as PlsFull;
  }

  /** β on the data scale from β̃ of the centred columns: β₀ = β̃₀ + ȳ − Σ m_k β̃_k. */
  private uncentreBeta(bc: Float64Array): Float64Array {
    const b = Float64Array.from(bc);
    if (!this.centred) return b;
    let s = this.yMean;
    for (let a = 1; a < this.p; a++) s -= this.means[a] * bc[a];
    b[0] += s;
    return b;
  }

  /** L_X of the data-scale columns: L = M⁻ᵀ L̃ (row k ≥ 1 gains m_k times row 0). */
  private uncentreLX(Lc: Float64Array): Float64Array {
    const L = Float64Array.from(Lc);
    if (!this.centred) return L;
    const p = this.p;
    for (let k = 1; k < p; k++) for (let j = 0; j < p; j++) L[k * p + j] += this.means[k] * Lc[j];
    return L;
  }

  private solve(theta: ArrayLike<number>, full: boolean, withCondVar = true): PlsEvaluation | PlsFull | null {
    const { p, qA, qB, nA, nB } = this;
    const TA = thetaToT(theta, 0, this.termA);
    const TB = this.termB ? thetaToT(theta, this.termA.thetaPattern.length, this.termB) : new Float64Array(0);
    const XtXa = Float64Array.from(this.XtX);
    const Xtya = Float64Array.from(this.Xty);
    let cu2 = 0;
    let ldL2 = 0;
    // outer accumulators
    const CB = new Float64Array(nB * qB * qB);
    const XB = new Float64Array(nB * qB * p);
    const yB = new Float64Array(nB * qB);
    if (this.termB) {
      for (let s = 0; s < nB; s++) {
        congruence(TB, this.BtB, s * qB * qB, qB, CB, s * qB * qB);
        tTimes(TB, this.BtX, s * qB * p, qB, p, XB, s * qB * p);
        tTimes(TB, this.Bty, s * qB, qB, 1, yB, s * qB);
      }
    }
    // storage for the full solution
    const Ls = full ? new Float64Array(nA * qA * qA) : null;
    const RZXs = full ? new Float64Array(nA * qA * p) : null;
    const cus = full ? new Float64Array(nA * qA) : null;
    const LBAs = full && this.termB ? new Float64Array(nA * qA * qB) : null;
    const L = new Float64Array(qA * qA);
    const R = new Float64Array(qA * p);
    const c = new Float64Array(qA);
    const K = new Float64Array(qA * qB);
    const tmpK = new Float64Array(qA * qB);
    for (let j = 0; j < nA; j++) {
      congruence(TA, this.ZtZ, j * qA * qA, qA, L, 0);
      if (!cholInPlace(L, qA)) return null;
      for (let a = 0; a < qA; a++) ldL2 += 2 * Math.log(L[a * qA + a]);
      tTimes(TA, this.ZtX, j * qA * p, qA, p, R, 0);
      forwardSolve(L, qA, R, p);
      tTimes(TA, this.Zty, j * qA, qA, 1, c, 0);
      forwardSolve(L, qA, c, 1);
      // XtXa -= RᵀR (upper), Xtya -= Rᵀc, cu2 += cᵀc
      for (let e = 0; e < qA; e++) {
        const ro = e * p;
        const ce = c[e];
        cu2 += ce * ce;
        for (let a = 0; a < p; a++) {
          const ra = R[ro + a];
          if (ra === 0) continue;
          Xtya[a] -= ra * ce;
          for (let b = a; b < p; b++) XtXa[a * p + b] -= ra * R[ro + b];
        }
      }
      if (this.termB) {
        // K = L⁻¹ TAᵀ ZAtZB_j TB  (qA × qB)
        tTimes(TA, this.ZAtZB, j * qA * qB, qA, qB, tmpK, 0);
        for (let a = 0; a < qA; a++) {
          for (let b = 0; b < qB; b++) {
            let s = 0;
            for (let f = 0; f < qB; f++) s += tmpK[a * qB + f] * TB[f * qB + b];
            K[a * qB + b] = s;
          }
        }
        forwardSolve(L, qA, K, qB);
        const s = this.outerOf[j];
        for (let e = 0; e < qA; e++) {
          for (let a = 0; a < qB; a++) {
            const kea = K[e * qB + a];
            if (kea === 0) continue;
            for (let b = 0; b < qB; b++) CB[s * qB * qB + a * qB + b] -= kea * K[e * qB + b];
            for (let col = 0; col < p; col++) XB[s * qB * p + a * p + col] -= kea * R[e * p + col];
            yB[s * qB + a] -= kea * c[e];
          }
        }
        if (LBAs) LBAs.set(K, j * qA * qB);
      }
      if (Ls) {
        Ls.set(L, j * qA * qA);
        RZXs!.set(R, j * qA * p);
        cus!.set(c, j * qA);
      }
    }
    const LsB = full && this.termB ? new Float64Array(nB * qB * qB) : null;
    const RZXB = full && this.termB ? new Float64Array(nB * qB * p) : null;
    const cuB = full && this.termB ? new Float64Array(nB * qB) : null;
    if (this.termB) {
      const Lb = new Float64Array(qB * qB);
      const Rb = new Float64Array(qB * p);
      const cb = new Float64Array(qB);
      for (let s = 0; s < nB; s++) {
        Lb.set(CB.subarray(s * qB * qB, (s + 1) * qB * qB));
        if (!cholInPlace(Lb, qB)) return null;
        for (let a = 0; a < qB; a++) ldL2 += 2 * Math.log(Lb[a * qB + a]);
        Rb.set(XB.subarray(s * qB * p, (s + 1) * qB * p));
        forwardSolve(Lb, qB, Rb, p);
        cb.set(yB.subarray(s * qB, (s + 1) * qB));
        forwardSolve(Lb, qB, cb, 1);
        for (let e = 0; e < qB; e++) {
          const ce = cb[e];
          cu2 += ce * ce;
          for (let a = 0; a < p; a++) {
            const ra = Rb[e * p + a];
            if (ra === 0) continue;
            Xtya[a] -= ra * ce;
            for (let b = a; b < p; b++) XtXa[a * p + b] -= ra * Rb[e * p + b];
          }
        }
        if (LsB) {
          LsB.set(Lb, s * qB * qB);
          RZXB!.set(Rb, s * qB * p);
          cuB!.set(cb, s * qB);
        }
      }
    }
    const cbeta = Float64Array.from(Xtya);
    const fx = fixedEffectsFactor(XtXa, p, cbeta);
    if (!fx) return null;
    const { ldRX2, cb2 } = fx;
    const beta = Float64Array.from(cbeta);
    backSolve(XtXa, p, beta);
    const pwrss = Math.max(this.yty - cu2 - cb2, 0);
    const betaC = beta;
    const out: PlsEvaluation = { ldL2, ldRX2, pwrss, beta: this.uncentreBeta(beta), LX: this.uncentreLX(XtXa) };
    if (!full) return out;

    // back-substitution for u, then b = Λu, conditional variances and fitted values
    const uA = new Float64Array(nA * qA);
    const uB = new Float64Array(nB * qB);
    const bA = new Float64Array(nA * qA);
    const bB = new Float64Array(nB * qB);
    const cvA = new Float64Array(withCondVar ? nA * qA * qA : 0);
    const cvB = new Float64Array(withCondVar ? nB * qB * qB : 0);
    if (this.termB) {
      for (let s = 0; s < nB; s++) {
        const r = new Float64Array(qB);
        for (let e = 0; e < qB; e++) {
          let v = cuB![s * qB + e];
          for (let a = 0; a < p; a++) v -= RZXB![s * qB * p + e * p + a] * betaC[a];
          r[e] = v;
        }
        const Lb = LsB!.subarray(s * qB * qB, (s + 1) * qB * qB);
        backSolve(Lb, qB, r);
        uB.set(r, s * qB);
        lambdaTimes(TB, r, qB, bB, s * qB);
        if (withCondVar) condVar(TB, Lb, qB, null, null, cvB, s * qB * qB);
      }
    }
    const r = new Float64Array(qA);
    for (let j = 0; j < nA; j++) {
      for (let e = 0; e < qA; e++) {
        let v = cus![j * qA + e];
        for (let a = 0; a < p; a++) v -= RZXs![j * qA * p + e * p + a] * betaC[a];
        if (this.termB) {
          const s = this.outerOf[j];
          for (let f = 0; f < qB; f++) v -= LBAs![j * qA * qB + e * qB + f] * uB[s * qB + f];
        }
        r[e] = v;
      }
      const Lj = Ls!.subarray(j * qA * qA, (j + 1) * qA * qA);
      backSolve(Lj, qA, r);
      uA.set(r, j * qA);
      lambdaTimes(TA, r, qA, bA, j * qA);
      if (!withCondVar) continue;
      if (this.termB) {
        // W = L_s⁻¹ LBA_jᵀ L_j⁻¹ (qB × qA); block of (LLᵀ)⁻¹ = L_j⁻ᵀL_j⁻¹ + WᵀW
        const s = this.outerOf[j];
        const Lb = LsB!.subarray(s * qB * qB, (s + 1) * qB * qB);
        const W = new Float64Array(qB * qA);
        // rows of W: start from LBA_jᵀ (qB × qA), right-multiply by L_j⁻¹, left-multiply by L_s⁻¹
        const Kt = new Float64Array(qB * qA);
        for (let a = 0; a < qA; a++) for (let b = 0; b < qB; b++) Kt[b * qA + a] = LBAs![j * qA * qB + a * qB + b];
        // X L_j⁻¹: solve Y L_j = X  ⇔ L_jᵀ Yᵀ = Xᵀ
        const Yt = new Float64Array(qA * qB);
        for (let a = 0; a < qA; a++) for (let b = 0; b < qB; b++) Yt[a * qB + b] = Kt[b * qA + a];
        backSolveT(Lj, qA, Yt, qB);
        for (let a = 0; a < qA; a++) for (let b = 0; b < qB; b++) W[b * qA + a] = Yt[a * qB + b];
        forwardSolve(Lb, qB, W, qA);
        condVar(TA, Lj, qA, W, qB, cvA, j * qA * qA);
      } else condVar(TA, Lj, qA, null, null, cvA, j * qA * qA);
    }
    const X = this.Xc;
    const fitted = new Float64Array(this.n);
    const A = this.termA;
    const B = this.termB;
    for (let k = 0; k < this.n; k++) {
      let v = 0;
      for (let a = 0; a < p; a++) v += X[k * p + a] * betaC[a];
      const j = A.index[k];
      for (let e = 0; e < qA; e++) v += A.z[k * qA + e] * bA[j * qA + e];
      if (B) {
        const s = B.index[k];
        for (let e = 0; e < qB; e++) v += B.z[k * qB + e] * bB[s * qB + e];
      }
      fitted[k] = v;
    }
    // r² summed directly (Neumaier compensated) on the centred scale; fitted values back on the data scale
    const acc = new NeumaierSum();
    for (let k = 0; k < this.n; k++) acc.add((this.yc[k] - fitted[k]) ** 2);
    for (let i = 0; i < uA.length; i++) acc.add(uA[i] * uA[i]);
    for (let i = 0; i < uB.length; i++) acc.add(uB[i] * uB[i]);
    out.pwrss = acc.value;
    if (this.centred) for (let k = 0; k < this.n; k++) fitted[k] += this.yMean;
    return { ...out, b: B ? [bA, bB] : [bA], condVarUnscaled: B ? [cvA, cvB] : [cvA], fitted };
  }
}

/**
 * Groups levels by identical ZᵀZ_j and sums, per pattern, (ZᵀX)_eᵀ(ZᵀX)_f, (ZᵀX)_eᵀ(Zᵀy)_f and
 * (Zᵀy)_e(Zᵀy)_f; null when sharing is too rare to pay (fewer than three levels per pattern on average).
 */
function sharedPatterns(
  nA: number,
  q: number,
  p: number,
  ZtZ: Float64Array,
  ZtX: Float64Array,
  Zty: Float64Array,
): { count: Int32Array; ZtZ: Float64Array; SXX: Float64Array; SXy: Float64Array; Syy: Float64Array } | null {
  const qq = q * q;
  // sort the levels by their ZᵀZ entries and number the runs of equal ones (no string keys)
  const order = new Int32Array(nA);
  for (let j = 0; j < nA; j++) order[j] = j;
  const cmp = (a: number, b: number): number => {
    for (let e = 0; e < qq; e++) {
      const d = ZtZ[a * qq + e] - ZtZ[b * qq + e];
      if (d !== 0) return d;
    }
    return 0;
  };
  order.sort(cmp);
  const of = new Int32Array(nA);
  let np = 0;
  for (let i = 0; i < nA; i++) {
    if (i === 0 || cmp(order[i - 1], order[i]) !== 0) {
      np++;
      if (np * 3 > nA + 30) return null;
    }
    of[order[i]] = np - 1;
  }
  const count = new Int32Array(np);
  const Z = new Float64Array(np * qq);
  const pp = p * p;
  const SXX = new Float64Array(np * qq * pp);
  const SXy = new Float64Array(np * qq * p);
  const Syy = new Float64Array(np * qq);
  for (let j = 0; j < nA; j++) {
    const P = of[j];
    if (count[P]++ === 0) Z.set(ZtZ.subarray(j * qq, (j + 1) * qq), P * qq);
    for (let e = 0; e < q; e++) {
      const xe = j * q * p + e * p;
      for (let f = 0; f < q; f++) {
        const xf = j * q * p + f * p;
        const ef = (P * q + e) * q + f;
        const so = ef * pp;
        for (let a = 0; a < p; a++) {
          const va = ZtX[xe + a];
          if (va === 0) continue;
          for (let b = 0; b < p; b++) SXX[so + a * p + b] += va * ZtX[xf + b];
        }
        const yf = Zty[j * q + f];
        for (let a = 0; a < p; a++) SXy[ef * p + a] += ZtX[xe + a] * yf;
        Syy[ef] += Zty[j * q + e] * yf;
      }
    }
  }
  return { count, ZtZ: Z, SXX, SXy, Syy };
}

/** Compensated summation (Neumaier, 1974). */
class NeumaierSum {
  private s = 0;
  private c = 0;
  add(x: number): void {
    const t = this.s + x;
    if (Math.abs(this.s) >= Math.abs(x)) this.c += this.s - t + x;
    else this.c += x - t + this.s;
    this.s = t;
  }
  get value(): number {
    return this.s + this.c;
  }
}

/**
 * Fixed-effect step shared by every PLS evaluation: symmetrises the p×p Schur complement `XtXa` (upper triangle
 * filled), factors it in place (RX, row-major Cholesky), forward-solves `cbeta` ← RX⁻ᵀ`cbeta` and returns
 * log|RX|² = Σ 2 log RXₐₐ and ‖cβ‖², or null when the complement is not numerically positive definite.
 */
function fixedEffectsFactor(XtXa: Float64Array, p: number, cbeta: Float64Array): { ldRX2: number; cb2: number } | null {
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) XtXa[a * p + b] = XtXa[b * p + a];
  if (!cholInPlace(XtXa, p)) return null;
  let ldRX2 = 0;
  for (let a = 0; a < p; a++) ldRX2 += 2 * Math.log(XtXa[a * p + a]);
  forwardSolve(XtXa, p, cbeta, 1);
  let cb2 = 0;
  for (let a = 0; a < p; a++) cb2 += cbeta[a] * cbeta[a];
  return { ldRX2, cb2 };
}

/** Profiled deviance (ML) or REML criterion from one PLS evaluation. */
export function profiledDeviance(e: PlsEvaluation, n: number, p: number, reml: boolean): number {
  if (reml) {
    const nmp = n - p;
    return e.ldL2 + e.ldRX2 + nmp * (1 + Math.log((2 * Math.PI * e.pwrss) / nmp));
  }
  return e.ldL2 + n * (1 + Math.log((2 * Math.PI * e.pwrss) / n));
}

// -------------------------------------------------------------------------------------------------
// small dense kernels (row-major)

/** out = Tᵀ S T + I for S at `so` (q × q). */
function congruence(T: Float64Array, S: Float64Array, so: number, q: number, out: Float64Array, oo: number): void {
  if (q === 1) {
    out[oo] = T[0] * T[0] * S[so] + 1;
    return;
  }
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      let v = a === b ? 1 : 0;
      for (let c = a; c < q; c++) {
        const tca = T[c * q + a];
        if (tca === 0) continue;
        let w = 0;
        for (let d = b; d < q; d++) w += S[so + c * q + d] * T[d * q + b];
        v += tca * w;
      }
      out[oo + a * q + b] = v;
    }
  }
}

/** out (q × m) = Tᵀ M for M at `mo` (q × m). */
function tTimes(T: Float64Array, M: Float64Array, mo: number, q: number, m: number, out: Float64Array, oo: number): void {
  if (q === 1) {
    const t = T[0];
    for (let c = 0; c < m; c++) out[oo + c] = t * M[mo + c];
    return;
  }
  for (let a = 0; a < q; a++) {
    for (let c = 0; c < m; c++) {
      let v = 0;
      for (let e = a; e < q; e++) v += T[e * q + a] * M[mo + e * m + c];
      out[oo + a * m + c] = v;
    }
  }
}

/** out = T u */
function lambdaTimes(T: Float64Array, u: Float64Array, q: number, out: Float64Array, oo: number): void {
  for (let a = 0; a < q; a++) {
    let v = 0;
    for (let e = 0; e <= a; e++) v += T[a * q + e] * u[e];
    out[oo + a] = v;
  }
}

/** In-place lower Cholesky of a row-major symmetric q × q matrix; false when not positive definite. */
export function cholInPlace(A: Float64Array, q: number): boolean {
  for (let j = 0; j < q; j++) {
    let d = A[j * q + j];
    for (let k = 0; k < j; k++) d -= A[j * q + k] * A[j * q + k];
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    A[j * q + j] = l;
    for (let i = j + 1; i < q; i++) {
      let s = A[i * q + j];
      for (let k = 0; k < j; k++) s -= A[i * q + k] * A[j * q + k];
      A[i * q + j] = s / l;
    }
    for (let k = j + 1; k < q; k++) A[j * q + k] = 0;
  }
  return true;
}

/** Solves L X = B in place (B row-major q × m). */
export function forwardSolve(L: Float64Array, q: number, B: Float64Array, m: number): void {
  for (let i = 0; i < q; i++) {
    const lii = L[i * q + i];
    for (let c = 0; c < m; c++) {
      let s = B[i * m + c];
      for (let k = 0; k < i; k++) s -= L[i * q + k] * B[k * m + c];
      B[i * m + c] = s / lii;
    }
  }
}

/** Solves Lᵀ x = b in place (vector). */
export function backSolve(L: Float64Array, q: number, b: Float64Array): void {
  for (let i = q - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < q; k++) s -= L[k * q + i] * b[k];
    b[i] = s / L[i * q + i];
  }
}

/** Solves Lᵀ X = B in place (B row-major q × m). */
function backSolveT(L: Float64Array, q: number, B: Float64Array, m: number): void {
  for (let i = q - 1; i >= 0; i--) {
    for (let c = 0; c < m; c++) {
      let s = B[i * m + c];
      for (let k = i + 1; k < q; k++) s -= L[k * q + i] * B[k * m + c];
      B[i * m + c] = s / L[i * q + i];
    }
  }
}

/** Unscaled conditional covariance T (L⁻ᵀL⁻¹ + WᵀW) Tᵀ of one level's random effects. */
function condVar(
  T: Float64Array,
  L: Float64Array,
  q: number,
  W: Float64Array | null,
  qW: number | null,
  out: Float64Array,
  oo: number,
): void {
  // Linv
  const Li = new Float64Array(q * q);
  for (let i = 0; i < q; i++) Li[i * q + i] = 1;
  forwardSolve(L, q, Li, q);
  const M = new Float64Array(q * q);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += Li[k * q + a] * Li[k * q + b];
      if (W) for (let k = 0; k < qW!; k++) s += W[k * q + a] * W[k * q + b];
      M[a * q + b] = s;
    }
  }
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      let s = 0;
      for (let c = 0; c <= a; c++) for (let d = 0; d <= b; d++) s += T[a * q + c] * M[c * q + d] * T[b * q + d];
      out[oo + a * q + b] = s;
    }
  }
}
