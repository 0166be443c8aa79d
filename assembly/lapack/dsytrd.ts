// DSYTRD: blocked reduction of a symmetric n x n matrix A to symmetric tridiagonal form T by an
// orthogonal similarity, Q^T A Q = T.
//
// Storage and output are those of dsytd2 (see dsytd2.ts): row-major, only the UPPER triangle
// is read and written; on exit d (n) and e (n - 1) hold T, tau (n - 1) and the rows of A above
// the first superdiagonal hold the reflectors of Q = H_0 H_1 ... H_{n-2} (v_i in
// A[i, i+2:n] with an implicit 1 at A[i, i+1], which holds e_i). The strictly lower triangle of A
// is not touched.
//
// Algorithm: LAPACK 3.12 dsytrd, uplo = 'L' (cf. gonum lapack/gonum/dsytrd.go), with rows for
// columns: panels of nb rows are reduced by dlatrd (one dsymv on the trailing block per row, the
// memory-bound half of the 4/3 n^3 flops), then the trailing block gets one rank-2nb update
// A22 := A22 - V^T W - W^T V by dsyr2k (the GEMM-rich half). The last n - kk <= nx rows go to
// the unblocked dsytd2. nb <= 0 selects DSYTRD_NB; blocking is used only when n > nx =
// max(nb, DSYTRD_NX).
//
// Workspace: dsytrd_worksize(n, nb) doubles (the nb x n panel W plus the dsyr2k workspace, which
// dlatrd's chunked dsymv also uses between updates).
// Cost 4/3 n^3 + O(n^2) flops. Returns 0 or -i for an invalid argument i (uplo must be UPPER).

import { UPPER, TRANS } from "../simd";
import { dsyr2k, dsyr2k_worksize } from "../blas/syr2k";
import { dlatrd, dlatrd_worksize } from "./dlatrd";
import { dsytd2 } from "./dsytd2";

/** Default panel height (LAPACK ilaenv 'DSYTRD' gives 32). */
export const DSYTRD_NB: i32 = 32;
/** Below this order the unblocked code is used for the whole matrix (ilaenv crossover, 32). */
export const DSYTRD_NX: i32 = 32;

// @ts-ignore: decorator
@inline
function panelSize(nb: i32): i32 {
  return nb > 0 ? nb : DSYTRD_NB;
}

/** The default panel height, for drivers that run the same steps (src/threads/drivers.ts). */
export function dsytrd_blocksize(): i32 {
  return DSYTRD_NB;
}

/** The order below which dsytrd reduces with dsytd2 alone (its last nx rows too). */
export function dsytrd_crossover(): i32 {
  return DSYTRD_NX;
}

/** Doubles of workspace dsytrd needs for order n and panel height nb (nb <= 0: default). */
export function dsytrd_worksize(n: i32, nb: i32): i32 {
  if (n <= 0) return 0;
  const b = min(panelSize(nb), n);
  return b * n + max(dsyr2k_worksize(n, b), dlatrd_worksize(n));
}

export function dsytrd(
  uplo: i32, n: i32, a: usize, lda: i32, d: usize, e: usize, tau: usize, work: usize, nb: i32,
): i32 {
  if (uplo != UPPER) return -1;
  if (n < 0) return -2;
  if (lda < max(1, n)) return -4;
  if (n == 0) return 0;
  let b = panelSize(nb);
  const nx = max(b, DSYTRD_NX);
  if (b <= 1 || n <= nx) return dsytd2(uplo, n, a, lda, d, e, tau);
  b = min(b, n);
  const aRow = <usize>lda << 3;
  const wpanel = work; // b x n, leading dimension n
  const syrWork = work + (<usize>(b * n) << 3);
  let i = 0;
  for (; i < n - nx; i += b) {
    const m = n - i; // order of the part still to reduce
    const aii = a + <usize>i * aRow + (<usize>i << 3);
    const ii = <usize>i << 3;
    dlatrd(UPPER, m, b, aii, lda, e + ii, tau + ii, wpanel, n, syrWork);
    // A[i+b:n, i+b:n] -= V^T W + W^T V with V = A[i:i+b, i+b:n], W = wpanel[0:b, b:m]
    const off = <usize>b << 3;
    dsyr2k(UPPER, TRANS, m - b, b, -1.0, aii + off, lda, wpanel + off, n, 1.0,
      aii + <usize>b * aRow + off, lda, syrWork);
    // e_j back on the superdiagonal, the diagonal into d
    for (let j = i; j < i + b; j++) {
      const row = a + <usize>j * aRow;
      store<f64>(row + (<usize>(j + 1) << 3), load<f64>(e + (<usize>j << 3)));
      store<f64>(d + (<usize>j << 3), load<f64>(row + (<usize>j << 3)));
    }
  }
  const ii = <usize>i << 3;
  return dsytd2(uplo, n - i, a + <usize>i * aRow + ii, lda, d + ii, e + ii, tau + ii);
}
