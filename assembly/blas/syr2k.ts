// DSYR2K, row-major: C := alpha (A B^T + B A^T) + beta C (trans = NO_TRANS, A and B n x k) or
// C := alpha (A^T B + B^T A) + beta C (trans = TRANS, A and B k x n), on one triangle of C
// (uplo as in dsyrk). This is the trailing update of the blocked tridiagonal reduction (LAPACK
// dsytrd: A := A - V W^T - W V^T). Same block-row GEMM scheme as dsyrk, two GEMMs per block.
// Workspace: dsyr2k_worksize(n, k) doubles. Cost 2 n^2 k flops.

import { rankUpdate, rankUpdate_worksize } from "./syrk";

/** Doubles of workspace dsyr2k and dsyr2k_rows need (SYRK_NB^2 more than dsyrk's). */
export function dsyr2k_worksize(n: i32, k: i32): i32 {
  return rankUpdate_worksize(n, k);
}

export function dsyr2k(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32, work: usize,
): void {
  rankUpdate(uplo, trans, n, k, alpha, a, lda, b, ldb, true, beta, c, ldc, work, 0, n);
}

/** The block rows [rowStart, rowEnd) of dsyr2k (rowStart a multiple of SYRK_NB): see dsyrk_rows. */
export function dsyr2k_rows(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32, work: usize, rowStart: i32, rowEnd: i32,
): void {
  rankUpdate(uplo, trans, n, k, alpha, a, lda, b, ldb, true, beta, c, ldc, work, rowStart, min(rowEnd, n));
}
