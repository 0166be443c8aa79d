// DORMTR: overwrites the n x ncols matrix C with Q C (trans = NO_TRANS) or Q^T C (trans = TRANS),
// where Q is the orthogonal matrix of order n from the tridiagonal reduction dsytrd (UPPER,
// row-major; see dsytd2.ts): Q = H_0 H_1 ... H_{n-2}, reflector v_i in row i of A with its unit
// entry at A[i, i+1]. Only side = 'L' is provided: this is the back transformation of the
// eigenvectors of T (Z := Q Z, Z[i, j] = component i of eigenvector j), for all n columns or for
// an index range of k columns.
//
// Algorithm: LAPACK 3.12 dormtr (uplo 'L') = dormqr on rows 1..n-1 of C with the n - 1
// reflectors stored from A[0, 1]: blocks of nb reflectors, each turned into I - V^T T V by
// dlarft and applied by dlarfb (two GEMMs). Q C takes the blocks last to first, Q^T C first to
// last. nb <= 0 selects DORMTR_NB. Only the rows of A above the first subdiagonal are read.
// Workspace: dormtr_worksize(n, ncols, nb) doubles. Cost 2 n^2 ncols flops, nearly all GEMM.
// Returns 0 or -i for an invalid argument i.

import { NO_TRANS, TRANS } from "../simd";
import { dlarft } from "./dlarft";
import { dlarfb, dlarfb_worksize } from "./dlarfb";

/** Default number of reflectors per block (LAPACK's ormqr uses 32; larger blocks feed GEMM better). */
export const DORMTR_NB: i32 = 64;

// @ts-ignore: decorator
@inline
function blockSize(nb: i32, k: i32): i32 {
  return min(nb > 0 ? nb : DORMTR_NB, max(k, 1));
}

/** Doubles of workspace dormtr needs to apply Q of order n to an n x ncols matrix. */
export function dormtr_worksize(n: i32, ncols: i32, nb: i32): i32 {
  if (n <= 1 || ncols <= 0) return 0;
  const b = blockSize(nb, n - 1);
  return b * b + dlarfb_worksize(b, n - 1, ncols);
}

export function dormtr(
  trans: i32, n: i32, ncols: i32, a: usize, lda: i32, tau: usize, c: usize, ldc: i32, work: usize, nb: i32,
): i32 {
  if (trans != NO_TRANS && trans != TRANS) return -1;
  if (n < 0) return -2;
  if (ncols < 0) return -3;
  if (lda < max(1, n)) return -5;
  if (ldc < max(1, ncols)) return -8;
  if (n <= 1 || ncols == 0) return 0;
  const m = n - 1; // rows 1..n-1 of C, reflectors 0..n-2
  const k = m;
  const b = blockSize(nb, k);
  const aRow = <usize>lda << 3;
  const cRow = <usize>ldc << 3;
  const t = work;
  const lwork = work + (<usize>(b * b) << 3);
  const v0 = a + 8; // V[j, r] = A[j, 1 + r]
  const c0 = c + cRow; // C rows 1..n-1
  const nblocks = (k + b - 1) / b;
  for (let q = 0; q < nblocks; q++) {
    const blk = trans == NO_TRANS ? nblocks - 1 - q : q;
    const j0 = blk * b;
    const kb = min(b, k - j0);
    const vb = v0 + <usize>j0 * aRow + (<usize>j0 << 3);
    dlarft(kb, m - j0, vb, lda, tau + (<usize>j0 << 3), t, b);
    dlarfb(trans, m - j0, ncols, kb, vb, lda, t, b, c0 + <usize>j0 * cRow, ldc, lwork);
  }
  return 0;
}
