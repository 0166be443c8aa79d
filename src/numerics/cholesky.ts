/**
 * Solution of a small symmetric positive definite system A x = b by the Cholesky factorization
 * A = L L^T (Golub and Van Loan, Matrix Computations, 4th ed., algorithm 4.2.1, the inner-product
 * (Cholesky-Banachiewicz) form, row by row), then forward and back substitution. For the normal
 * equations of the Anderson acceleration in the spiked random-feature solver (m <= 6) and any
 * other system small enough that a plain loop beats a WASM call.
 */
import { InvalidArgumentError } from "../errors.js";

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
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * m + j]!;
      for (let k = 0; k < j; k++) s -= L[i * m + k]! * L[j * m + k]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * m + i] = Math.sqrt(s);
      } else {
        L[i * m + j] = s / L[j * m + j]!;
      }
    }
  }
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
