// DLATRD: reduces the first nb rows and columns of a symmetric n x n matrix A to tridiagonal
// form by an orthogonal similarity and returns the matrix W needed to update the rest: the
// panel step of the blocked reduction dsytrd.
//
// Storage (row-major, UPPER triangle only, as in dsytd2.ts): on exit rows 0..nb-1 hold
//   A[i, i]      the diagonal of the reduced part,
//   A[i, i + 1]  1 (the unit entry of v_i; dsytrd puts e_i back after the trailing update),
//   A[i, i+2:n]  v_i[i+2:n] of the reflector H_i = I - tau_i v_i v_i^T,
// and the trailing block A[nb:n, nb:n] is untouched (not yet updated). e[0:nb] and
// tau[0:nb] receive the off-diagonal entries and reflector scalars.
// W is nb x n row-major (leading dimension ldw >= n): row i holds w_i in W[i, i+1:n] (W[i, 0:i]
// is scratch). With V = A[0:nb, nb:n] and Wt = W[0:nb, nb:n] (both nb x (n - nb), rows are
// vectors), the trailing block is then updated by A22 := A22 - V^T Wt - Wt^T V (dsyr2k).
//
// Algorithm: LAPACK 3.12 dlatrd, uplo = 'L' (cf. gonum lapack/gonum/dlatrd.go), with rows for
// columns (the row-major upper triangle is the column-major lower one): for each panel row i,
// row i is brought up to date with the i earlier reflectors (two dgemv), its reflector is
// generated (dlarfg), and w_i = tau (A22 v - V^T (W v) - W^T (V v)) - (tau/2)(w.v) v
// needs one symmetric product on the whole trailing block (dsymv, four rows per pass) plus four thin dgemv. All vectors are rows, so
// every BLAS call is unit-stride except the x of the two row updates (a column of W or A).
// Cost: nb dsymv of order < n (2 (n - i)^2 flops each) plus O(n nb^2). Returns 0 or -i.
// work: dlatrd_worksize(n) doubles for the chunked dsymv, or 0 for plain dsymv (both correct; the
// blocked dsytrd passes work, so that its result equals the threaded driver's bit for bit).

import { UPPER, NO_TRANS, TRANS } from "../simd";
import { dsymv, dsymvChunked, dsymv_chunks } from "../blas/symv";
import { dgemv } from "../blas/gemv";
import { ddot, daxpy, dscal } from "../blas/level1";
import { dlarfg } from "./dlarfg";

/** Doubles of `work` dlatrd uses for order n (the partial sums of the chunked dsymv). */
export function dlatrd_worksize(n: i32): i32 {
  return dsymv_chunks(n) > 1 ? dsymv_chunks(n) * n : 0;
}

export function dlatrd(
  uplo: i32, n: i32, nb: i32, a: usize, lda: i32, e: usize, tau: usize, w: usize, ldw: i32, work: usize,
): i32 {
  if (uplo != UPPER) return -1;
  if (n < 0) return -2;
  if (nb < 0 || nb > n) return -3;
  if (lda < max(1, n)) return -5;
  if (ldw < max(1, n)) return -9;
  if (n == 0) return 0;
  const aRow = <usize>lda << 3;
  for (let i = 0; i < nb; i++) {
    dlatrd_row_start(n, i, a, lda, e, tau, w, ldw);
    if (i < n - 1) {
      const m = n - i - 1;
      const col = <usize>i << 3;
      const v = a + <usize>i * aRow + col + 8; // A[i, i+1:n]
      const wi = w + <usize>i * (<usize>ldw << 3) + col + 8; // W[i, i+1:n]
      const a22 = a + <usize>(i + 1) * aRow + col + 8;
      // w := A22 v: by fixed row chunks when the order is large (see dsymvChunked), which the
      // threaded driver (src/threads/drivers.ts) spreads over threads with the same result
      if (work != 0) dsymvChunked(m, 1.0, a22, lda, v, 0.0, wi, work);
      else dsymv(UPPER, m, 1.0, a22, lda, v, 1, 0.0, wi, 1);
      dlatrd_row_finish(n, i, a, lda, tau, w, ldw);
    }
  }
  return 0;
}

/**
 * Step 1 of panel row i of dlatrd (arguments as dlatrd's): row i brought up to date with the i
 * earlier reflectors, then, if i < n - 1, its reflector generated (e_i, tau_i; A[i, i+1] = 1).
 * The caller then forms W[i, i+1:n] = A22 v (dsymv on the trailing block) and calls
 * dlatrd_row_finish.
 */
export function dlatrd_row_start(n: i32, i: i32, a: usize, lda: i32, e: usize, tau: usize, w: usize, ldw: i32): void {
  const arow = a + <usize>i * (<usize>lda << 3);
  const col = <usize>i << 3;
  if (i > 0) {
    // A[i, i:n] -= sum_{k<i} W[k, i] A[k, i:n] + A[k, i] W[k, i:n]
    dgemv(TRANS, i, n - i, -1.0, a + col, lda, w + col, ldw, 1.0, arow + col, 1);
    dgemv(TRANS, i, n - i, -1.0, w + col, ldw, a + col, lda, 1.0, arow + col, 1);
  }
  if (i < n - 1) {
    const m = n - i - 1;
    const pe = arow + col + 8; // A[i, i+1]
    const taui = dlarfg(m, pe, arow + (<usize>min(i + 2, n - 1) << 3), 1);
    store<f64>(e + col, load<f64>(pe));
    store<f64>(tau + col, taui);
    store<f64>(pe, 1.0);
  }
}

/**
 * Step 2 of panel row i < n - 1 of dlatrd, after W[i, i+1:n] = A22 v: the corrections by the
 * earlier rows of V and W, and w := tau w - (tau/2)(tau w . v) v.
 */
export function dlatrd_row_finish(n: i32, i: i32, a: usize, lda: i32, tau: usize, w: usize, ldw: i32): void {
  const col = <usize>i << 3;
  const m = n - i - 1;
  const v = a + <usize>i * (<usize>lda << 3) + col + 8;
  const wrow = w + <usize>i * (<usize>ldw << 3);
  const wi = wrow + col + 8;
  const taui = load<f64>(tau + col);
  if (i > 0) {
    // t = W[0:i, i+1:n] v into W[i, 0:i]; w -= A[0:i, i+1:n]^T t
    dgemv(NO_TRANS, i, m, 1.0, w + col + 8, ldw, v, 1, 0.0, wrow, 1);
    dgemv(TRANS, i, m, -1.0, a + col + 8, lda, wrow, 1, 1.0, wi, 1);
    // t = A[0:i, i+1:n] v; w -= W[0:i, i+1:n]^T t
    dgemv(NO_TRANS, i, m, 1.0, a + col + 8, lda, v, 1, 0.0, wrow, 1);
    dgemv(TRANS, i, m, -1.0, w + col + 8, ldw, wrow, 1, 1.0, wi, 1);
  }
  // w := tau w - (tau/2)(tau w . v) v
  dscal(m, taui, wi, 1);
  const alpha = -0.5 * taui * ddot(m, wi, 1, v, 1);
  daxpy(m, alpha, v, 1, wi, 1);
}
