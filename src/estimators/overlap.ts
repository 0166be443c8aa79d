/**
 * How well an estimate W_hat (d x q) recovers the planted W* (d x p) (reference
 * spectral-estimators.md section 4):
 * - `overlap`: P1's m^2 = ||M||_F^2 / Tr Q with M = W_hat^T W* / d and Q = W_hat^T W_hat / d, i.e.
 *   ||W_hat^T W*||_F^2 / (d ||W_hat||_F^2); invariant to the scale of W_hat, in [0, 1] up to
 *   O(d^{-1/2}) when the columns of W* have squared norm ~ d; for p = q = 1 it is cos^2(w_hat, w*).
 * - `subspaceOverlap`: ||Q_hat^T Q*||_F^2 / rank(W*) for orthonormal bases Q_hat, Q* of the column
 *   spaces: the fraction of span(W*) captured by span(W_hat) (1 for full recovery of the subspace;
 *   this is the measure to use with stacked eigenvectors of a degenerate top eigenspace).
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import { assertFiniteMatrix } from "../validate.js";

function pair(A: MatrixLike, B: MatrixLike, nameA: string, nameB: string): [Matrix, Matrix] {
  const a = asMatrix(A, nameA);
  const b = asMatrix(B, nameB);
  if (a.rows !== b.rows) throw new ShapeError(`${nameA} has ${a.rows} rows and ${nameB} has ${b.rows}: both must be d x (columns)`);
  assertFiniteMatrix(a, nameA);
  assertFiniteMatrix(b, nameB);
  return [a, b];
}

/** ||A^T B||_F^2 for A d x q, B d x p. */
function crossNorm2(a: Matrix, b: Matrix): number {
  const d = a.rows;
  const q = a.cols;
  const p = b.cols;
  let s = 0;
  for (let k = 0; k < q; k++) for (let l = 0; l < p; l++) {
    let c = 0;
    for (let i = 0; i < d; i++) c += a.data[i * q + k]! * b.data[i * p + l]!;
    s += c * c;
  }
  return s;
}

/** P1's overlap m^2 = ||W_hat^T W*||_F^2 / (d ||W_hat||_F^2) (see the file comment). */
export function overlap(estimate: MatrixLike, planted: MatrixLike): number {
  const [a, b] = pair(estimate, planted, "estimate", "planted");
  let norm = 0;
  for (const v of a.data) norm += v * v;
  if (!(norm > 0)) throw new InvalidArgumentError("overlap: the estimate is zero");
  return crossNorm2(a, b) / (a.rows * norm);
}

/**
 * An orthonormal basis (d x r) of the column space of A by modified Gram-Schmidt applied twice,
 * dropping columns whose remaining norm is below `tol` times their original norm (rank detection).
 */
export function orthonormalColumns(A: MatrixLike, tol = 1e-8): Matrix {
  const a = asMatrix(A, "A");
  const d = a.rows;
  const cols: Float64Array[] = [];
  for (let c = 0; c < a.cols; c++) {
    const v = a.column(c);
    let n0 = 0;
    for (const x of v) n0 += x * x;
    n0 = Math.sqrt(n0);
    if (!(n0 > 0)) continue;
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += q[i]! * v[i]!;
        for (let i = 0; i < d; i++) v[i]! -= dot * q[i]!;
      }
    }
    let n1 = 0;
    for (const x of v) n1 += x * x;
    n1 = Math.sqrt(n1);
    if (n1 <= tol * n0) continue;
    for (let i = 0; i < d; i++) v[i]! /= n1;
    cols.push(v);
  }
  const out = new Matrix(d, cols.length);
  cols.forEach((q, c) => {
    for (let i = 0; i < d; i++) out.data[i * cols.length + c] = q[i]!;
  });
  return out;
}

/** ||Q_hat^T Q*||_F^2 / rank(W*): the fraction of span(W*) inside span(W_hat) (see the file comment). */
export function subspaceOverlap(estimate: MatrixLike, planted: MatrixLike): number {
  const [a, b] = pair(estimate, planted, "estimate", "planted");
  const qa = orthonormalColumns(a);
  const qb = orthonormalColumns(b);
  if (qa.cols === 0) throw new InvalidArgumentError("subspaceOverlap: the estimate is zero");
  if (qb.cols === 0) throw new InvalidArgumentError("subspaceOverlap: the planted matrix is zero");
  return crossNorm2(qa, qb) / qb.cols;
}
