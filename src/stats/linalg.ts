/**
 * Small dense linear algebra for linear models: Householder QR least squares, the inverse of
 * R'R (= (X'X)⁻¹), and Cholesky helpers for small symmetric positive-definite matrices.
 *
 * Written for the model sizes of this toolkit (hundreds of rows, a handful of columns); no
 * dependency, no BLAS. Matrices are column-major `Float64Array`s wrapped in {@link DenseMatrix}.
 *
 * Rank detection follows R's `lm` (LINPACK `dqrdc2`, tolerance 1e-7): a column whose norm after
 * projecting out the earlier columns is below `tol` times its original norm is aliased. Unlike R,
 * which silently drops aliased columns and reports `NA` coefficients, {@link qrLeastSquares}
 * throws a {@link StatsError} that names the column, so a collinear covariate never yields a
 * silent partial model.
 *
 * Reference: Golub & Van Loan (2013), *Matrix Computations*, 4th ed., §5.2 (Householder QR) and
 * §4.2 (Cholesky). Checked against R `lm.fit` / `qr` / `chol2inv` in tests/stats/linalg.test.ts.
 */
import { StatsError } from './result.js';

/** Dense column-major matrix: element (i, j) is `data[i + j * nrow]`. */
export interface DenseMatrix {
  readonly nrow: number;
  readonly ncol: number;
  readonly data: Float64Array;
}

/**
 * Builds a column-major matrix from columns of equal length (StatsError when they differ).
 *
 * @example
 * matrixFromColumns([[2, 4, 5, 9]]).data // Float64Array [2, 4, 5, 9] (a 4×1 response)
 */
export function matrixFromColumns(columns: ArrayLike<number>[], nrow?: number): DenseMatrix {
  const n = nrow ?? (columns.length > 0 ? columns[0].length : 0);
  const p = columns.length;
  const data = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const c = columns[j];
    if (c.length !== n) throw new StatsError(`matrixFromColumns: column ${j + 1} has ${c.length} rows, expected ${n}.`);
    for (let i = 0; i < n; i++) data[i + j * n] = c[i];
  }
  return { nrow: n, ncol: p, data };
}

/**
 * Builds a column-major matrix from an array of rows (StatsError for ragged rows).
 *
 * @example
 * matrixFromRows([[1, 2], [3, 4]]).data // Float64Array [1, 3, 2, 4] (column-major)
 */
export function matrixFromRows(rows: ArrayLike<number>[]): DenseMatrix {
  const n = rows.length;
  const p = n > 0 ? rows[0].length : 0;
  const data = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    if (rows[i].length !== p) throw new StatsError(`matrixFromRows: row ${i + 1} has ${rows[i].length} columns, expected ${p}.`);
    for (let j = 0; j < p; j++) data[i + j * n] = rows[i][j];
  }
  return { nrow: n, ncol: p, data };
}

/**
 * Element (i, j), 0-based.
 *
 * @example
 * matrixGet(matrixFromRows([[4, 2], [2, 3]]), 0, 1) // 2
 */
export function matrixGet(m: DenseMatrix, i: number, j: number): number {
  return m.data[i + j * m.nrow];
}

/**
 * Matrix product A·B (StatsError when the shapes do not conform).
 *
 * @example
 * matrixMultiply(A, A).data // Float64Array [20, 14, 14, 13] for A = [[4, 2], [2, 3]]
 */
export function matrixMultiply(a: DenseMatrix, b: DenseMatrix): DenseMatrix {
  if (a.ncol !== b.nrow) throw new StatsError(`matrixMultiply: ${a.nrow}×${a.ncol} times ${b.nrow}×${b.ncol} does not conform.`);
  const out = new Float64Array(a.nrow * b.ncol);
  for (let j = 0; j < b.ncol; j++) {
    for (let k = 0; k < a.ncol; k++) {
      const bkj = b.data[k + j * b.nrow];
      if (bkj === 0) continue;
      for (let i = 0; i < a.nrow; i++) out[i + j * a.nrow] += a.data[i + k * a.nrow] * bkj;
    }
  }
  return { nrow: a.nrow, ncol: b.ncol, data: out };
}

/**
 * Transpose Aᵀ.
 *
 * @example
 * matrixTranspose(matrixFromRows([[1, 2, 3]])).nrow // 3
 */
export function matrixTranspose(a: DenseMatrix): DenseMatrix {
  const out = new Float64Array(a.nrow * a.ncol);
  for (let i = 0; i < a.nrow; i++) for (let j = 0; j < a.ncol; j++) out[j + i * a.ncol] = a.data[i + j * a.nrow];
  return { nrow: a.ncol, ncol: a.nrow, data: out };
}

/**
 * Trace Σᵢ aᵢᵢ of a square matrix.
 *
 * @example
 * matrixTrace(matrixFromRows([[4, 2], [2, 3]])) // 7
 */
export function matrixTrace(a: DenseMatrix): number {
  let t = 0;
  for (let i = 0; i < Math.min(a.nrow, a.ncol); i++) t += a.data[i + i * a.nrow];
  return t;
}

/** Householder QR factorisation of an n×p matrix (n ≥ p), without pivoting. */
export interface HouseholderQR {
  readonly nrow: number;
  readonly ncol: number;
  /** Column-major n×p: R in the upper triangle; Householder vectors (v₁ = 1 implicit) below. */
  readonly qr: Float64Array;
  /** Householder scalars τⱼ: Hⱼ = I − τⱼ vⱼvⱼᵀ. */
  readonly tau: Float64Array;
  /**
   * Index of the first aliased column (0-based), or −1 when X has full column rank.
   * Factorisation stops at that column.
   */
  readonly aliasedColumn: number;
}

/**
 * Householder QR of X (column-major), with R's `lm` rank check: column j is aliased when its
 * norm after the first j reflections is ≤ `tol` × its original norm (default 1e-7, as `lm.fit`).
 * Golub & Van Loan (2013), Algorithm 5.2.1.
 *
 * @example
 * // X = [1, x] with x = 1…4, y = (2, 4, 5, 9): b = R⁻¹Qᵀy
 * const f = householderQR(X);
 * solveUpperTriangular(f, applyQt(f, Float64Array.from([2, 4, 5, 9]))) // Float64Array [-0.5, 2.2] (R coef(lm(y ~ x)))
 */
export function householderQR(x: DenseMatrix, tol = 1e-7): HouseholderQR {
  const n = x.nrow;
  const p = x.ncol;
  if (n < p) throw new StatsError(`householderQR: ${n} rows cannot determine ${p} columns (need n ≥ p).`);
  const a = Float64Array.from(x.data);
  const tau = new Float64Array(p);
  let aliasedColumn = -1;
  for (let j = 0; j < p; j++) {
    // original column norm, for the rank check
    let orig = 0;
    for (let i = 0; i < n; i++) orig = Math.hypot(orig, x.data[i + j * n]);
    let norm = 0;
    for (let i = j; i < n; i++) norm = Math.hypot(norm, a[i + j * n]);
    if (orig === 0 || norm <= tol * orig) {
      aliasedColumn = j;
      break;
    }
    const ajj = a[j + j * n];
    const alpha = ajj > 0 ? -norm : norm;
    // v = x − alpha e1, scaled so v1 = 1
    const v1 = ajj - alpha;
    for (let i = j + 1; i < n; i++) a[i + j * n] /= v1;
    tau[j] = (alpha - ajj) / alpha;
    a[j + j * n] = alpha;
    // apply Hj to the remaining columns
    for (let k = j + 1; k < p; k++) {
      let s = a[j + k * n];
      for (let i = j + 1; i < n; i++) s += a[i + j * n] * a[i + k * n];
      s *= tau[j];
      a[j + k * n] -= s;
      for (let i = j + 1; i < n; i++) a[i + k * n] -= s * a[i + j * n];
    }
  }
  return { nrow: n, ncol: p, qr: a, tau, aliasedColumn };
}

/**
 * Computes Qᵀy in place for a factorisation from {@link householderQR}: y ← Hₚ…H₁y with Hⱼ = I − τⱼvⱼvⱼᵀ
 * (R `qr.qty`). See the {@link householderQR} example.
 */
export function applyQt(f: HouseholderQR, y: Float64Array): Float64Array {
  const n = f.nrow;
  for (let j = 0; j < f.ncol; j++) {
    let s = y[j];
    for (let i = j + 1; i < n; i++) s += f.qr[i + j * n] * y[i];
    s *= f.tau[j];
    y[j] -= s;
    for (let i = j + 1; i < n; i++) y[i] -= s * f.qr[i + j * n];
  }
  return y;
}

/**
 * Solves the upper-triangular system R b = z by back substitution (R from the QR, first p rows of z;
 * R `backsolve`). See the {@link householderQR} example.
 */
export function solveUpperTriangular(f: HouseholderQR, z: ArrayLike<number>): Float64Array {
  const n = f.nrow;
  const p = f.ncol;
  const b = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    let s = z[j];
    for (let k = j + 1; k < p; k++) s -= f.qr[j + k * n] * b[k];
    b[j] = s / f.qr[j + j * n];
  }
  return b;
}

/**
 * (XᵀX)⁻¹ = R⁻¹R⁻ᵀ from the QR factor (R's `chol2inv(qr.R(qr(X)))`), p×p column-major.
 *
 * @example
 * qrXtXInverse(householderQR(X)).data // [1.5, -0.5, -0.5, 0.2] (R summary(lm(y ~ x))$cov.unscaled; X as in householderQR)
 */
export function qrXtXInverse(f: HouseholderQR): DenseMatrix {
  const n = f.nrow;
  const p = f.ncol;
  // Rinv: upper triangular inverse of R
  const rinv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    rinv[j + j * p] = 1 / f.qr[j + j * n];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += f.qr[i + k * n] * rinv[k + j * p];
      rinv[i + j * p] = -s / f.qr[i + i * n];
    }
  }
  const out = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = j; k < p; k++) s += rinv[i + k * p] * rinv[j + k * p];
      out[i + j * p] = s;
      out[j + i * p] = s;
    }
  }
  return { nrow: p, ncol: p, data: out };
}

/** Ordinary least-squares fit of one or more responses on the same design. */
export interface LeastSquaresFit {
  /** p×m coefficients (column r = response r). */
  coefficients: DenseMatrix;
  /** n×m residuals. */
  residuals: DenseMatrix;
  /** m×m residual sums of squares and cross-products (SSCP), Eᵀ E. */
  residualSSCP: DenseMatrix;
  /** (XᵀX)⁻¹, p×p. */
  xtxInverse: DenseMatrix;
  /** n − p. */
  dfResidual: number;
  qr: HouseholderQR;
}

/**
 * OLS by Householder QR: b = R⁻¹Qᵀy for each response column of `y` (n×m), with residuals,
 * residual SSCP and (XᵀX)⁻¹. Matches R `lm.fit` / `lm` for full-rank designs to rounding.
 *
 * @param columnNames names of the columns of X, used in the error for an aliased column.
 * @throws StatsError naming the first column that is (numerically) a linear combination of the
 *   columns before it (rank check as `lm`, tol = 1e-7), or when n ≤ p.
 *
 * @example
 * const X = matrixFromRows([[1, 1], [1, 2], [1, 3], [1, 4]]);
 * const fit = qrLeastSquares(X, matrixFromColumns([[2, 4, 5, 9]]));
 * fit.coefficients.data // Float64Array [-0.5, 2.2]   (R lm(y ~ x))
 * fit.residualSSCP.data // [1.8]                      (R deviance(lm(y ~ x)))
 */
export function qrLeastSquares(x: DenseMatrix, y: DenseMatrix, columnNames?: readonly string[], tol = 1e-7): LeastSquaresFit {
  const n = x.nrow;
  const p = x.ncol;
  if (y.nrow !== n) throw new StatsError(`qrLeastSquares: X has ${n} rows but the response has ${y.nrow}.`);
  if (n <= p) {
    throw new StatsError(`Too few observations: ${n} complete rows for ${p} model coefficients; no residual degrees of freedom.`);
  }
  const f = householderQR(x, tol);
  if (f.aliasedColumn >= 0) {
    const name = columnNames?.[f.aliasedColumn] ?? `column ${f.aliasedColumn + 1}`;
    throw new StatsError(
      `Singular design: "${name}" is constant or a linear combination of the terms before it ` +
        `(${columnNames ? columnNames.slice(0, f.aliasedColumn).join(', ') : 'earlier columns'}); ` +
        'remove it or the term it duplicates.',
    );
  }
  const m = y.ncol;
  const coef = new Float64Array(p * m);
  const resid = new Float64Array(n * m);
  for (let r = 0; r < m; r++) {
    const z = applyQt(f, y.data.slice(r * n, (r + 1) * n));
    const b = solveUpperTriangular(f, z);
    coef.set(b, r * p);
    // residuals = y − Xb (direct, for accuracy with near-zero residuals)
    for (let i = 0; i < n; i++) {
      let fit = 0;
      for (let j = 0; j < p; j++) fit += x.data[i + j * n] * b[j];
      resid[i + r * n] = y.data[i + r * n] - fit;
    }
  }
  const sscp = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += resid[i + a * n] * resid[i + b * n];
      sscp[a + b * m] = s;
      sscp[b + a * m] = s;
    }
  }
  return {
    coefficients: { nrow: p, ncol: m, data: coef },
    residuals: { nrow: n, ncol: m, data: resid },
    residualSSCP: { nrow: m, ncol: m, data: sscp },
    xtxInverse: qrXtXInverse(f),
    dfResidual: n - p,
    qr: f,
  };
}

/**
 * Cholesky factor L (lower, column-major) of a symmetric positive-definite matrix, A = LLᵀ.
 * Returns null when A is not numerically positive definite. Golub & Van Loan (2013), Algorithm 4.2.1.
 *
 * @example
 * choleskyLower(matrixFromRows([[4, 2], [2, 3]])) // Float64Array [2, 1, 0, 1.4142…] (R t(chol(A)))
 */
export function choleskyLower(a: DenseMatrix): Float64Array | null {
  const p = a.nrow;
  if (a.ncol !== p) throw new StatsError('choleskyLower: matrix is not square.');
  const l = new Float64Array(p * p);
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a.data[i + i * p]));
  for (let j = 0; j < p; j++) {
    let d = a.data[j + j * p];
    for (let k = 0; k < j; k++) d -= l[j + k * p] * l[j + k * p];
    if (!(d > maxDiag * 1e-13)) return null;
    const ljj = Math.sqrt(d);
    l[j + j * p] = ljj;
    for (let i = j + 1; i < p; i++) {
      let s = a.data[i + j * p];
      for (let k = 0; k < j; k++) s -= l[i + k * p] * l[j + k * p];
      l[i + j * p] = s / ljj;
    }
  }
  return l;
}

/**
 * log det(A) = 2 Σ log lᵢᵢ of a symmetric positive-definite matrix via Cholesky; NaN when not positive definite.
 *
 * @example
 * logDeterminantSPD(matrixFromRows([[4, 2], [2, 3]])) // 2.0794415416798357 (= log 8)
 */
export function logDeterminantSPD(a: DenseMatrix): number {
  const l = choleskyLower(a);
  if (!l) return NaN;
  let s = 0;
  for (let i = 0; i < a.nrow; i++) s += Math.log(l[i + i * a.nrow]);
  return 2 * s;
}

/**
 * Solves A x = b for symmetric positive-definite A (Cholesky, then two triangular solves). Throws when A is singular.
 *
 * @example
 * solveSPD(matrixFromRows([[4, 2], [2, 3]]), [2, 1]) // Float64Array [0.5, 0] (R solve(A, b))
 */
export function solveSPD(a: DenseMatrix, b: ArrayLike<number>): Float64Array {
  const p = a.nrow;
  const l = choleskyLower(a);
  if (!l) throw new StatsError('solveSPD: matrix is singular or not positive definite.');
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i + k * p] * z[k];
    z[i] = s / l[i + i * p];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k + i * p] * x[k];
    x[i] = s / l[i + i * p];
  }
  return x;
}

/**
 * Wald sum of squares for the linear hypothesis L b = 0 (rows of `l`, each of length p):
 * SS = (Lb)ᵀ [L (XᵀX)⁻¹ Lᵀ]⁻¹ (Lb) for each response column; with several responses returns
 * the hypothesis SSCP matrix H (m×m). This is the numerator of `car::linearHypothesis` and of
 * type II/III tests in `car::Anova`.
 *
 * @example
 * hypothesisSSCP(qrLeastSquares(X, y), [[0, 1]]).data // [24.2] (R anova(lm(y ~ x)) Sum Sq of x; X, y as in qrLeastSquares)
 */
export function hypothesisSSCP(fit: LeastSquaresFit, l: ArrayLike<number>[]): DenseMatrix {
  const p = fit.coefficients.nrow;
  const m = fit.coefficients.ncol;
  const q = l.length;
  const L = matrixFromRows(l);
  if (L.ncol !== p) throw new StatsError(`hypothesisSSCP: hypothesis rows have ${L.ncol} entries, the model has ${p} coefficients.`);
  const lb = matrixMultiply(L, fit.coefficients); // q×m
  const middle = matrixMultiply(matrixMultiply(L, fit.xtxInverse), matrixTranspose(L)); // q×q
  const out = new Float64Array(m * m);
  // solve middle · W = Lb, then H = Lbᵀ W
  const w = new Float64Array(q * m);
  for (let r = 0; r < m; r++) w.set(solveSPD(middle, lb.data.subarray(r * q, (r + 1) * q)), r * q);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      let s = 0;
      for (let k = 0; k < q; k++) s += lb.data[k + a * q] * w[k + b * q];
      out[a + b * m] = s;
    }
  }
  // symmetrise
  for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) {
    const s = (out[a + b * m] + out[b + a * m]) / 2;
    out[a + b * m] = s;
    out[b + a * m] = s;
  }
  return { nrow: m, ncol: m, data: out };
}

/**
 * The greatest common divisor of two integers (Euclid), ≥ 0; gcd(0, 0) = 0.
 * @example gcd(-12, 18) // 6
 */
export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Coefficients c with Σ_j c_j · rows[j] = target (Gaussian elimination with partial pivoting, tolerance 1e-9), or
 * null when the target is not a linear combination of the rows. Rows need not be independent (one solution).
 * @example linearCombination([[1, 1, 0], [0, 1, 1]], [1, 0, -1]) // [1, -1]
 */
export function linearCombination(rows: number[][], target: number[]): number[] | null {
  const n = rows.length;
  const m = target.length;
  // the system Aᵀ c = target: m equations in n unknowns
  const a = Array.from({ length: m }, (_, i) => [...rows.map((r) => r[i]), target[i]]);
  const pivotCol: number[] = [];
  let r = 0;
  for (let c = 0; c < n && r < m; c++) {
    let best = r;
    for (let i = r + 1; i < m; i++) if (Math.abs(a[i][c]) > Math.abs(a[best][c])) best = i;
    if (Math.abs(a[best][c]) < 1e-9) continue;
    [a[r], a[best]] = [a[best], a[r]];
    for (let i = 0; i < m; i++) {
      if (i === r || Math.abs(a[i][c]) < 1e-12) continue;
      const f = a[i][c] / a[r][c];
      for (let k = c; k <= n; k++) a[i][k] -= f * a[r][k];
    }
    pivotCol.push(c);
    r++;
  }
  for (let i = r; i < m; i++) if (Math.abs(a[i][n]) > 1e-9) return null;
  const x = new Array<number>(n).fill(0);
  pivotCol.forEach((c, i) => (x[c] = a[i][n] / a[i][c]));
  return x;
}
