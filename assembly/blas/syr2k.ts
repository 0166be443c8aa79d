// DSYR2K, row-major: C := alpha (A B^T + B A^T) + beta C (trans = NO_TRANS, A and B n x k) or
// C := alpha (A^T B + B^T A) + beta C (trans = TRANS, A and B k x n), on one triangle of C
// (uplo as in dsyrk). This is the trailing update of the blocked tridiagonal reduction (LAPACK
// dsytrd: A := A - V W^T - W V^T).
//
// Algorithm: dsyrk's packed loops over the triangle (syrk.ts triangleRows: GEMM's micro-kernel
// on the tiles that meet the triangle, as BLIS's structured macro-kernels), run twice: alpha opA
// opB^T + beta C, then alpha opB opA^T added. So 2 n (n + 4) k flops, all in the micro-kernel.
// (Before issue #21's second increment each 128-row block row was two GEMM calls, which repacked
// their operands per block row and computed the whole 128 x 128 diagonal blocks.)
// Workspace: dsyr2k_worksize(n, k) doubles (the same as dsyrk's). Cost 2 n^2 k flops.

import { dsyrk_worksize, triangleRows } from "./syrk";

/** Doubles of workspace dsyr2k and dsyr2k_rows need (dsyrk's: GEMM's packed blocks). */
export function dsyr2k_worksize(n: i32, k: i32): i32 {
  return dsyrk_worksize(n, k);
}

export function dsyr2k(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32, work: usize,
): void {
  syr2kRows(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, 0, n);
}

/**
 * The block rows [rowStart, rowEnd) of dsyr2k (rowStart a multiple of SYRK_NB): each element as
 * the serial routine computes it, so threads splitting the rows reproduce it bit for bit.
 */
export function dsyr2k_rows(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32, work: usize, rowStart: i32, rowEnd: i32,
): void {
  syr2kRows(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, rowStart, min(rowEnd, n));
}

// @ts-ignore: decorator
@inline
function syr2kRows(
  uplo: i32, trans: i32, n: i32, k: i32, alpha: f64, a: usize, lda: i32, b: usize, ldb: i32,
  beta: f64, c: usize, ldc: i32, work: usize, rowStart: i32, rowEnd: i32,
): void {
  triangleRows(uplo, trans, n, k, alpha, a, lda, b, ldb, beta, c, ldc, work, rowStart, rowEnd);
  triangleRows(uplo, trans, n, k, alpha, b, ldb, a, lda, 1.0, c, ldc, work, rowStart, rowEnd);
}
