// DSYTD2: unblocked reduction of a symmetric n x n matrix A to symmetric tridiagonal form T by
// an orthogonal similarity, Q^T A Q = T.
//
// Storage (row-major, A[i, j] at a + 8 (i lda + j)): only the UPPER triangle (j >= i) is read
// and written. The upper triangle of a row-major buffer is the lower triangle of the same
// buffer read column-major, so this is LAPACK's uplo = 'L' algorithm with rows for columns:
// every reflector lives in a contiguous row and every BLAS call below is unit-stride. (gonum's
// row-major port keeps LAPACK's column indexing instead, whose vectors are strided by lda.)
//
//   Q = H_0 H_1 ... H_{n-2},   H_i = I - tau_i v_i v_i^T,
//   v_i[0 .. i] = 0, v_i[i + 1] = 1, v_i[i + 2 .. n-1] stored in A[i, i + 2 .. n-1].
//
// On exit, with n = 5:
//   [ d  e  v0 v0 v0 ]
//   [    d  e  v1 v1 ]
//   [       d  e  v2 ]
//   [          d  e  ]
//   [             d  ]
// d (n doubles) gets the diagonal of T, e (n - 1) the off-diagonal, tau (n - 1) the reflector
// scalars. The strictly lower triangle of A is not touched.
//
// Algorithm: LAPACK 3.12 dsytd2 (uplo = 'L'), cf. gonum lapack/gonum/dsytd2.go. For each i the
// reflector H_i annihilates A[i, i+2:n]; then x = tau A22 v (dsymv), w = x - (tau/2)(x.v) v
// and A22 := A22 - v w^T - w v^T (dsyr2) on the trailing block A22 = A[i+1:n, i+1:n].
// Cost 4/3 n^3 flops, all Level 2. Workspace: none (tau[i:] is the scratch for x, as in LAPACK).
// Returns 0, or -i when argument i is invalid (uplo must be UPPER).

import { UPPER } from "../simd";
import { dsymv } from "../blas/symv";
import { dsyr2 } from "../blas/syr2";
import { ddot, daxpy } from "../blas/level1";
import { dlarfg } from "./dlarfg";

export function dsytd2(uplo: i32, n: i32, a: usize, lda: i32, d: usize, e: usize, tau: usize): i32 {
  if (uplo != UPPER) return -1;
  if (n < 0) return -2;
  if (lda < max(1, n)) return -4;
  if (n == 0) return 0;
  const rowBytes = <usize>lda << 3;
  for (let i = 0; i < n - 1; i++) {
    const m = n - i - 1; // order of the trailing block A22
    const row = a + <usize>i * rowBytes;
    const pe = row + (<usize>(i + 1) << 3); // A[i, i+1]: alpha, then beta = e_i
    const v = pe; // v = A[i, i+1:n] once A[i, i+1] is set to 1
    const taui = dlarfg(m, pe, row + (<usize>min(i + 2, n - 1) << 3), 1);
    const ei = load<f64>(pe);
    store<f64>(e + (<usize>i << 3), ei);
    if (taui != 0) {
      store<f64>(pe, 1.0);
      const a22 = a + <usize>(i + 1) * rowBytes + (<usize>(i + 1) << 3);
      const x = tau + (<usize>i << 3); // m doubles: tau[i .. n-2]
      // x := tau A22 v
      dsymv(UPPER, m, taui, a22, lda, v, 1, 0.0, x, 1);
      // w := x - (tau / 2) (x . v) v
      const alpha = -0.5 * taui * ddot(m, x, 1, v, 1);
      daxpy(m, alpha, v, 1, x, 1);
      // A22 := A22 - v w^T - w v^T
      dsyr2(UPPER, m, -1.0, v, 1, x, 1, a22, lda);
      store<f64>(pe, ei);
    }
    store<f64>(d + (<usize>i << 3), load<f64>(row + (<usize>i << 3)));
    store<f64>(tau + (<usize>i << 3), taui);
  }
  store<f64>(d + (<usize>(n - 1) << 3), load<f64>(a + <usize>(n - 1) * rowBytes + (<usize>(n - 1) << 3)));
  return 0;
}
