/**
 * Small symmetric positive definite systems by the Cholesky factorization A = L L^T (Golub and
 * Van Loan, Matrix Computations, 4th ed., algorithm 4.2.1, the inner-product
 * (Cholesky-Banachiewicz) form, row by row), then forward and back substitution or the inverse
 * A^{-1} = L^{-T} L^{-1}. For the normal equations of the Anderson acceleration in the spiked
 * random-feature solver (m <= 6), the p x p blocks T(y) = I - gamma (gamma I + G(y))^{-1} of the
 * index-model denoisers (estimators/denoiser.ts), and any other system small enough that a plain
 * loop beats a WASM call. Storage: row-major m x m; only the lower triangle of A is read.
 */
import { InvalidArgumentError } from "../errors.js";

/**
 * The lower Cholesky factor of the m x m A into L (m^2 entries; the strict upper triangle is set
 * to 0). Returns -1 on success, else the index j of the first pivot (the square of L[j][j]) that
 * is not > `minPivot` (A not positive definite to that margin, or NaN in A); L is then
 * incomplete. `minPivot` > 0 is a relative test when the caller scales it, e.g. 1e-13 trace(A)
 * refuses a matrix that is singular to working precision. Cost m^3/3 flops.
 */
export function choleskyFactor(A: Float64Array, m: number, L: Float64Array, minPivot = 0): number {
  L.fill(0, 0, m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * m + j]!;
      for (let k = 0; k < j; k++) s -= L[i * m + k]! * L[j * m + k]!;
      if (i === j) {
        if (!(s > minPivot)) return i;
        L[i * m + i] = Math.sqrt(s);
      } else {
        L[i * m + j] = s / L[j * m + j]!;
      }
    }
  }
  return -1;
}

/**
 * x with A x = b for the m x m SPD matrix A (row-major; only its lower triangle is read) and the
 * m-vector b. Returns null when a pivot is not positive (A not positive definite to working
 * precision, or NaN in A) instead of a meaningless x: callers fall back to another step. Throws
 * InvalidArgumentError when m or the array lengths do not match. Cost m^3/3 + 2 m^2 flops and one
 * m x m and two m-vector allocations.
 */
export function choleskySolve(A: Float64Array, b: Float64Array, m: number): Float64Array | null {
  if (!Number.isInteger(m) || m < 1 || A.length < m * m || b.length < m) {
    throw new InvalidArgumentError(`choleskySolve: need m >= 1, m^2 entries in A and m in b (m = ${m}; got ${A.length} and ${b.length})`);
  }
  const L = new Float64Array(m * m);
  if (choleskyFactor(A, m, L) >= 0) return null;
  // L y = b, then L^T x = y
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * m + k]! * y[k]!;
    y[i] = s / L[i * m + i]!;
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < m; k++) s -= L[k * m + i]! * x[k]!;
    x[i] = s / L[i * m + i]!;
  }
  return x;
}

/**
 * A^{-1} = L^{-T} L^{-1} (full, symmetric) into `out` from the lower Cholesky factor L of A (as
 * choleskyFactor leaves it): L^{-1} by forward substitution on the columns of I (into `work`, m^2
 * entries), then (A^{-1})_ab = sum_{k >= max(a, b)} (L^{-1})_ka (L^{-1})_kb. Cost 2 m^3 / 3 flops.
 */
export function choleskyInverse(L: Float64Array, m: number, out: Float64Array, work: Float64Array = new Float64Array(m * m)): void {
  const inv = work;
  inv.fill(0, 0, m * m);
  for (let c = 0; c < m; c++) {
    for (let r = c; r < m; r++) {
      let v = r === c ? 1 : 0;
      for (let k = c; k < r; k++) v -= L[r * m + k]! * inv[k * m + c]!;
      inv[r * m + c] = v / L[r * m + r]!;
    }
  }
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let s = 0;
      for (let k = b; k < m; k++) s += inv[k * m + a]! * inv[k * m + b]!;
      out[a * m + b] = s;
      out[b * m + a] = s;
    }
  }
}
