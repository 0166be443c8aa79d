/**
 * Eigenvalues and eigenvectors of a small dense symmetric matrix by the cyclic Jacobi method with
 * a threshold (Rutishauser 1966; Golub-Van Loan 4th ed. section 8.5), in plain TS. Used for the
 * projected m x m problems inside the Krylov solvers (m is tens to a few hundred), where its
 * robustness and high relative accuracy matter more than its O(m^3)-per-sweep cost; the dense
 * WASM `eigh` is the routine for large matrices.
 *
 * Storage: A is m x m row-major (only read); returns values ascending and the m x m Matrix V
 * whose column j is the eigenvector of values[j] (a Matrix, as `eigh` returns).
 *
 * Scale: A is first multiplied by a power of two 2^-e with 2^e ~ max|a_ij| (exact), the values
 * multiplied back at the end. Without it the stopping rule, which compares sums of squares,
 * underflows to 0 <= 0 for entries near 1e-300 or overflows to Inf <= Inf near 1e154, and stops
 * before the first rotation: the diagonal came back as "eigenvalues" (issue #13).
 */
import { ConvergenceError, NonFiniteError } from "../errors.js";
import { Matrix } from "../matrix.js";

export interface SmallEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** m x m, column j the unit eigenvector of values[j]. */
  vectors: Matrix;
}

/** x 2^e for |e| up to about 2100, in two exact steps (2^e alone over- or underflows past 1023). */
function ldexp(x: number, e: number): number {
  const h = Math.trunc(e / 2);
  return x * 2 ** h * 2 ** (e - h);
}

export function jacobiEigh(a: Float64Array, m: number, maxSweeps = 60): SmallEigen {
  let mx = 0;
  for (const v of a) mx = Math.max(mx, Math.abs(v));
  if (!Number.isFinite(mx)) {
    const i = a.findIndex((v) => !Number.isFinite(v));
    throw new NonFiniteError(`Jacobi eigensolver: the projected matrix has a non-finite entry ${i} = ${a[i]}`, "the projected matrix", i, a[i]!);
  }
  const e = mx > 0 ? Math.floor(Math.log2(mx)) : 0;
  const A = a.map((v) => ldexp(v, -e));
  const V = new Float64Array(m * m);
  for (let i = 0; i < m; i++) V[i * m + i] = 1;
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < m; i++) {
      diag += A[i * m + i]! ** 2;
      for (let j = i + 1; j < m; j++) off += A[i * m + j]! ** 2;
    }
    if (off <= (Number.EPSILON * Number.EPSILON / 4) * diag || off === 0) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = A[p * m + q]!;
        if (apq === 0) continue;
        const app = A[p * m + p]!;
        const aqq = A[q * m + q]!;
        // skip rotations that cannot change the diagonal in floating point (after a few sweeps)
        // (square roots taken separately: app * aqq may underflow)
        if (sweeps > 3 && Math.abs(apq) <= Number.EPSILON * 1e-3 * Math.sqrt(Math.abs(app)) * Math.sqrt(Math.abs(aqq))) {
          A[p * m + q] = 0;
          A[q * m + p] = 0;
          continue;
        }
        // rotation angle: tan(2 phi) = 2 apq / (aqq - app), t = tan(phi) of the smaller root
        const tau = (aqq - app) / (2 * apq);
        // (for |tau| > 1e150, tau^2 would overflow: t = 1 / (2 tau) to full precision there)
        const at = Math.abs(tau);
        const t = Math.sign(tau || 1) / (at > 1e150 ? 2 * at : at + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = A[k * m + p]!;
          const akq = A[k * m + q]!;
          A[k * m + p] = c * akp - s * akq;
          A[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = A[p * m + k]!;
          const aqk = A[q * m + k]!;
          A[p * m + k] = c * apk - s * aqk;
          A[q * m + k] = s * apk + c * aqk;
        }
        A[p * m + q] = 0;
        A[q * m + p] = 0;
        for (let k = 0; k < m; k++) {
          const vkp = V[k * m + p]!;
          const vkq = V[k * m + q]!;
          V[k * m + p] = c * vkp - s * vkq;
          V[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  if (sweeps === maxSweeps) {
    let off = 0;
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) off += A[i * m + j]! ** 2;
    const rel = Math.sqrt(off);
    throw new ConvergenceError(`Jacobi eigensolver: off-diagonal norm ${rel} x max|a_ij| after ${maxSweeps} sweeps`, maxSweeps, ldexp(rel, e));
  }
  // sort ascending
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => A[i * m + i]! - A[j * m + j]!);
  const values = Float64Array.from(order, (i) => ldexp(A[i * m + i]!, e));
  const vectors = new Float64Array(m * m);
  for (let c = 0; c < m; c++) {
    const src = order[c]!;
    for (let r = 0; r < m; r++) vectors[r * m + c] = V[r * m + src]!;
  }
  return { values, vectors: new Matrix(m, m, vectors) };
}
