// DSYRK, row-major: C := alpha A A^T + beta C (trans = NO_TRANS, A is n x k) or
// C := alpha A^T A + beta C (trans = TRANS, A is k x n), on one triangle of the n x n C
// (uplo = UPPER: C[i, j], j >= i; LOWER: j <= i). The other triangle is not touched.
//
// Built on dgemm by NB-row blocks: each block row's off-diagonal part of the triangle is one
// GEMM straight into C; the NB x NB diagonal block is computed by GEMM into workspace and its
// triangle added to C, so about n^2 k + n NB k flops are done instead of the 2 n^2 k of a full
// product. Workspace: dsyrk_worksize(n, k) doubles.

import { NO_TRANS, TRANS, UPPER } from "../simd";
import { dgemm, dgemm_worksize } from "./gemm";

export const SYRK_NB: i32 = 128;

/** The block-row height of dsyrk/dsyr2k (SYRK_NB): the unit of dsyrk_rows ranges. */
export function dsyrk_blocksize(): i32 {
  return SYRK_NB;
}

export function dsyrk_worksize(n: i32, k: i32): i32 {
  if (n <= 0) return 0;
  const nb = min(SYRK_NB, n);
  return nb * nb + dgemm_worksize(nb, n, k);
}

export function dsyrk(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  beta: f64, c: usize, ldc: i32, work: usize,
): void {
  rankUpdate(uplo, trans, n, k, alpha, a, lda, a, lda, false, beta, c, ldc, work, 0, n);
}

/**
 * The block rows [rowStart, rowEnd) of dsyrk: the rows of C's triangle that the serial routine
 * computes in its block rows starting at rowStart, rowStart + SYRK_NB, ... < rowEnd (rowStart a
 * multiple of SYRK_NB). Disjoint ranges write disjoint parts of C and each element is computed
 * exactly as in dsyrk, so threads splitting the block rows (src/threads/) reproduce the serial
 * result bit for bit. Workspace: dsyrk_worksize(n, k) doubles per caller.
 */
export function dsyrk_rows(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32,
  beta: f64, c: usize, ldc: i32, work: usize, rowStart: i32, rowEnd: i32,
): void {
  rankUpdate(uplo, trans, n, k, alpha, a, lda, a, lda, false, beta, c, ldc, work, rowStart, min(rowEnd, n));
}

/**
 * Shared driver of dsyrk and dsyr2k: C := alpha (opA opB^T [+ opB opA^T]) + beta C on one
 * triangle, where opX = X (NO_TRANS, X is n x k) or X^T (TRANS, X is k x n). Only the block
 * rows starting in [rowStart, rowEnd) are computed (0, n: all of C).
 */
export function rankUpdate(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32,
  twoSided: bool, beta: f64, c: usize, ldc: i32, work: usize, rowStart: i32, rowEnd: i32,
): void {
  if (n <= 0 || rowStart >= rowEnd) return;
  const nb = min(SYRK_NB, n);
  const diag = work;
  const gemmWork = work + (<usize>(nb * nb) << 3);
  const cRow = <usize>ldc << 3;
  // The product opA[rows i0..i1] * opB[rows j0..j1]^T is GEMM with
  //   NO_TRANS: (A rows i0..) * (B rows j0..)^T  -> dgemm(NO_TRANS, TRANS)
  //   TRANS:    (A cols i0..)^T * (B cols j0..)  -> dgemm(TRANS, NO_TRANS)
  const ta = trans == NO_TRANS ? NO_TRANS : TRANS;
  const tb = trans == NO_TRANS ? TRANS : NO_TRANS;
  const ldaB = <usize>lda << 3;
  const ldbB = <usize>ldb << 3;
  for (let i0 = rowStart; i0 < rowEnd; i0 += nb) {
    const ib = min(nb, n - i0);
    // start of opA rows i0.. and opB rows i0..
    const ai = trans == NO_TRANS ? a + <usize>i0 * ldaB : a + (<usize>i0 << 3);
    const bi = trans == NO_TRANS ? b + <usize>i0 * ldbB : b + (<usize>i0 << 3);
    // off-diagonal part of block row i0: columns j0..j1 of C
    const j0 = uplo == UPPER ? i0 + ib : 0;
    const j1 = uplo == UPPER ? n : i0;
    if (j1 > j0) {
      const aj = trans == NO_TRANS ? a + <usize>j0 * ldaB : a + (<usize>j0 << 3);
      const bj = trans == NO_TRANS ? b + <usize>j0 * ldbB : b + (<usize>j0 << 3);
      const cij = c + <usize>i0 * cRow + (<usize>j0 << 3);
      dgemm(ta, tb, ib, j1 - j0, k, alpha, ai, lda, bj, ldb, beta, cij, ldc, gemmWork);
      if (twoSided) dgemm(ta, tb, ib, j1 - j0, k, alpha, bi, ldb, aj, lda, 1.0, cij, ldc, gemmWork);
    }
    // diagonal block into workspace, then its triangle into C
    dgemm(ta, tb, ib, ib, k, alpha, ai, lda, bi, ldb, 0.0, diag, ib, gemmWork);
    if (twoSided) dgemm(ta, tb, ib, ib, k, alpha, bi, ldb, ai, lda, 1.0, diag, ib, gemmWork);
    for (let r = 0; r < ib; r++) {
      const s0 = uplo == UPPER ? r : 0;
      const s1 = uplo == UPPER ? ib : r + 1;
      const crow = c + <usize>(i0 + r) * cRow + (<usize>i0 << 3);
      const drow = diag + (<usize>(r * ib) << 3);
      for (let s = s0; s < s1; s++) {
        const pc = crow + (<usize>s << 3);
        const d = load<f64>(drow + (<usize>s << 3));
        store<f64>(pc, beta == 0 ? d : beta * load<f64>(pc) + d);
      }
    }
  }
}
