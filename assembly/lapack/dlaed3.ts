// DLAED3: after dlaed2's deflation, the eigenvalues and eigenvectors of the k x k rank-one
// modified problem diag(dlamda) + rho w w^T, multiplied into the eigenvectors of the two halves
// (LAPACK dlaed3, the COMPQ = 'I' branch of Cuppen's method in dstedc).
//
// Column-major Q (n x n, Q(i, j) at q + 8 (i + j ldq)); n1 = size of the upper half. For each
// root j < k, dlaed4 writes lambda_j to d[j] and dlamda_i - lambda_j to column j of Q (first k
// rows). The vector w is then recomputed from the computed roots by the Gu-Eisenstat (Lowner)
// formula,
//
//   w_i^2 = prod_j (lambda_j - dlamda_i) / prod_{j != i} (dlamda_j - dlamda_i)   (up to rho),
//
// so that the computed lambda are exact eigenvalues of a nearby problem, and the eigenvectors
// w_i / (dlamda_i - lambda_j), normalized, are numerically orthogonal (Gu and Eisenstat, SIAM J.
// Matrix Anal. Appl. 16, 1995). The rows are permuted by indx (dlaed2's grouping of the columns
// into types) and the k vectors are multiplied into Q2 by two GEMMs that skip the known zero
// blocks: Q(0:n1, 0:k) = Q2_upper (n1 x n12) S_upper, Q(n1:n, 0:k) = Q2_lower (n2 x n23) S_lower.
//
// q2: the compressed eigenvectors of dlaed2; ctot: the four column-type counts; s: workspace of
// max(n12, n23) k doubles; gw: dgemm workspace for dgemm_worksize(k, n, n). Returns 0 or the
// (1-based) index of a root where dlaed4 failed.

import { getF, setF, getI, colMajorAt } from "./tridiag_common";
import { dlaed4 } from "./dlaed4";
import { dnrm2 } from "../blas/level1";
import { dgemmShared } from "../blas/gemm";
import { NO_TRANS } from "../simd";

export function dlaed3(
  k: i32, n: i32, n1: i32, d: usize, q: usize, ldq: i32, rho: f64, dlamda: usize,
  q2: usize, indx: usize, ctot: usize, w: usize, s: usize, gw: usize,
): i32 {
  if (k == 0) return 0;
  for (let j = 0; j < k; j++) {
    const info = dlaed4(k, j, dlamda, w, colMajorAt(q, ldq, 0, j), rho, d + (<usize>j << 3));
    if (info != 0) return j + 1;
  }

  if (k == 2) {
    // permute the two rows
    for (let j = 0; j < 2; j++) {
      const c = colMajorAt(q, ldq, 0, j);
      setF(w, 0, getF(c, 0));
      setF(w, 1, getF(c, 1));
      setF(c, 0, getF(w, getI(indx, 0)));
      setF(c, 1, getF(w, getI(indx, 1)));
    }
  } else if (k > 2) {
    // updated w (Gu-Eisenstat): s keeps the signs of the old w
    memory.copy(s, w, <usize>k << 3);
    for (let i = 0; i < k; i++) setF(w, i, load<f64>(colMajorAt(q, ldq, i, i)));
    for (let j = 0; j < k; j++) {
      const col = colMajorAt(q, ldq, 0, j);
      const lj = getF(dlamda, j);
      for (let i = 0; i < j; i++) setF(w, i, getF(w, i) * (getF(col, i) / (getF(dlamda, i) - lj)));
      for (let i = j + 1; i < k; i++) setF(w, i, getF(w, i) * (getF(col, i) / (getF(dlamda, i) - lj)));
    }
    for (let i = 0; i < k; i++) setF(w, i, copysign<f64>(sqrt<f64>(-getF(w, i)), getF(s, i)));
    // eigenvectors of the modified rank-one problem, rows permuted by indx
    for (let j = 0; j < k; j++) {
      const col = colMajorAt(q, ldq, 0, j);
      for (let i = 0; i < k; i++) setF(s, i, getF(w, i) / getF(col, i));
      const temp = dnrm2(k, s, 1);
      for (let i = 0; i < k; i++) setF(col, i, getF(s, getI(indx, i)) / temp);
    }
  }

  // back-transform: the eigenvectors of the two halves (Q2) times those of the merge problem
  const n2 = n - n1;
  const c1 = getI(ctot, 0);
  const c2 = getI(ctot, 1);
  const c3 = getI(ctot, 2);
  const n12 = c1 + c2;
  const n23 = c2 + c3;
  // S := rows c1 .. c1+n23 of the k vectors (n23 x k, column-major, ld n23)
  copyBlock(n23, k, colMajorAt(q, ldq, c1, 0), ldq, s, n23);
  const iq2 = q2 + (<usize>(n1 * n12) << 3);
  // column-major C = A B is row-major C^T = B^T A^T: dgemm(B as row-major k x n23, A^T)
  if (n23 != 0) {
    dgemmShared(NO_TRANS, NO_TRANS, k, n2, n23, 1, s, n23, iq2, n2, 0, colMajorAt(q, ldq, n1, 0), ldq, gw);
  } else {
    zeroBlock(n2, k, colMajorAt(q, ldq, n1, 0), ldq);
  }
  copyBlock(n12, k, q, ldq, s, n12);
  if (n12 != 0) {
    dgemmShared(NO_TRANS, NO_TRANS, k, n1, n12, 1, s, n12, q2, n1, 0, q, ldq, gw);
  } else {
    zeroBlock(n1, k, q, ldq);
  }
  return 0;
}

/** Copies the m x n column-major block a (ld lda) to b (ld ldb). */
export function copyBlock(m: i32, n: i32, a: usize, lda: i32, b: usize, ldb: i32): void {
  if (m <= 0) return;
  const bytes = <usize>m << 3;
  for (let j = 0; j < n; j++) memory.copy(b + <usize>j * (<usize>ldb << 3), a + <usize>j * (<usize>lda << 3), bytes);
}

function zeroBlock(m: i32, n: i32, a: usize, lda: i32): void {
  if (m <= 0) return;
  const bytes = <usize>m << 3;
  for (let j = 0; j < n; j++) memory.fill(a + <usize>j * (<usize>lda << 3), 0, bytes);
}
