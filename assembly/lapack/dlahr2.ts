// DLAHR2: reduces the first nb columns of the n x (n - k + 1) block A (row-major; the panel of
// dgehrd starting at its column i, k = i + 1) so that the entries below the k-th subdiagonal are
// zero, by an orthogonal similarity with Q = H_0 H_1 ... H_{nb-1} = I - V T V^T, and returns
// the block reflector's V (below the k-th subdiagonal of the panel, as in dgehd2.ts), the nb x nb
// upper triangular T (ldt >= nb) and Y = A V T (n x nb, ldy >= nb), which dgehrd needs for the
// trailing update A := (I - V T V^T)^T (A - Y V^T).
//
// Algorithm: LAPACK 3.12 dlahr2 (the panel of Quintana-Orti and van de Geijn, "Improving the
// performance of reduction to Hessenberg form", ACM TOMS 32, 2006; gonum
// lapack/gonum/dlahr2.go), with LAPACK's column indexing as gonum keeps it. Column j of the panel
// is first updated by the j reflectors before it (A - Y V^T, then I - V T^T V^T from the left,
// the triangular products written out as loops), then its reflector is generated (dlarfg), then
// Y[k:n, j] = tau (A[k:n, j+1:] v - Y[k:n, 0:j] T[0:j, j]) (the large dgemv of each column: this
// part stays Level 2) and T[0:j, j] by the dlarft recurrence; finally Y[0:k] = A[0:k, 1:] V T
// with one dgemm. v is copied to contiguous workspace before the large dgemv (unit stride).
// Workspace: n + nb doubles at `work`, and dgemm's workspace for (k, nb, n - k - nb) at
// `gemmWork`. Returns 0 or -i for an invalid argument i.

import { NO_TRANS, TRANS } from "../simd";
import { dgemv } from "../blas/gemv";
import { dgemmShared } from "../blas/gemm";
import { dscal } from "../blas/level1";
import { dlarfg } from "./dlarfg";
import { at, get, put, vget, vput } from "./nonsym_common";

export function dlahr2(n: i32, k: i32, nb: i32, a: usize, lda: i32, tau: usize, t: usize, ldt: i32, y: usize, ldy: i32, work: usize, gemmWork: usize): i32 {
  if (n < 0) return -1;
  if (k < 0) return -2;
  if (nb < 0 || nb > n) return -3;
  if (lda < max(1, n - k + 1)) return -5;
  if (ldt < max(1, nb)) return -8;
  if (ldy < max(1, nb)) return -10;
  if (n <= 1) return 0;
  const vbuf = work; // n: the current reflector, contiguous
  const w = work + (<usize>n << 3); // nb: the products with V and T
  let ei: f64 = 0;
  for (let j = 0; j < nb; j++) {
    if (j > 0) {
      // A[k:n, j] -= Y[k:n, 0:j] A[k+j-1, 0:j]^T
      dgemv(NO_TRANS, n - k, j, -1.0, at(y, ldy, k, 0), ldy, at(a, lda, k + j - 1, 0), 1, 1.0, at(a, lda, k, j), lda);
      // apply (I - V T V^T)^T = I - V T^T V^T to this column b = (b1; b2), V = (V1; V2), V1 unit lower
      // w := V1^T b1
      for (let r = 0; r < j; r++) vput(w, r, get(a, lda, k + r, j));
      for (let r = 0; r < j; r++) {
        let s = vget(w, r);
        for (let q = r + 1; q < j; q++) s += get(a, lda, k + q, r) * vget(w, q);
        vput(w, r, s);
      }
      // w += V2^T b2
      dgemv(TRANS, n - k - j, j, 1.0, at(a, lda, k + j, 0), lda, at(a, lda, k + j, j), lda, 1.0, w, 1);
      // w := T^T w (T upper triangular)
      for (let r = j - 1; r >= 0; r--) {
        let s: f64 = 0;
        for (let q = 0; q <= r; q++) s += get(t, ldt, q, r) * vget(w, q);
        vput(w, r, s);
      }
      // b2 -= V2 w
      dgemv(NO_TRANS, n - k - j, j, -1.0, at(a, lda, k + j, 0), lda, w, 1, 1.0, at(a, lda, k + j, j), lda);
      // b1 -= V1 w
      for (let r = j - 1; r >= 0; r--) {
        let s = vget(w, r);
        for (let q = 0; q < r; q++) s += get(a, lda, k + r, q) * vget(w, q);
        put(a, lda, k + r, j, get(a, lda, k + r, j) - s);
      }
      put(a, lda, k + j - 1, j - 1, ei);
    }
    // reflector H_j annihilating A[k+j+1:n, j]
    const pAlpha = at(a, lda, k + j, j);
    const tauj = dlarfg(n - k - j, pAlpha, at(a, lda, min(k + j + 1, n - 1), j), lda);
    vput(tau, j, tauj);
    ei = load<f64>(pAlpha);
    store<f64>(pAlpha, 1.0);
    const m = n - k - j; // length of v (from row k + j)
    for (let r = 0; r < m; r++) vput(vbuf, r, get(a, lda, k + j + r, j));
    // Y[k:n, j] = A[k:n, j+1:j+1+m] v
    dgemv(NO_TRANS, n - k, m, 1.0, at(a, lda, k, j + 1), lda, vbuf, 1, 0.0, at(y, ldy, k, j), ldy);
    // T[0:j, j] = V2^T v = A[k+j:n, 0:j]^T v
    dgemv(TRANS, m, j, 1.0, at(a, lda, k + j, 0), lda, vbuf, 1, 0.0, at(t, ldt, 0, j), ldt);
    // Y[k:n, j] = tau (Y[k:n, j] - Y[k:n, 0:j] T[0:j, j])
    dgemv(NO_TRANS, n - k, j, -1.0, at(y, ldy, k, 0), ldy, at(t, ldt, 0, j), ldt, 1.0, at(y, ldy, k, j), ldy);
    dscal(n - k, tauj, at(y, ldy, k, j), ldy);
    // T[0:j, j] = -tau T[0:j, 0:j] T[0:j, j]
    for (let r = 0; r < j; r++) {
      let s: f64 = 0;
      for (let q = r; q < j; q++) s += get(t, ldt, r, q) * get(t, ldt, q, j);
      put(t, ldt, r, j, -tauj * s);
    }
    put(t, ldt, j, j, tauj);
  }
  put(a, lda, k + nb - 1, nb - 1, ei);

  // Y[0:k, 0:nb] = A[0:k, 1:nb+1] V1 + A[0:k, nb+1:] V2, then times T
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < nb; c++) put(y, ldy, r, c, get(a, lda, r, c + 1));
  }
  // Y := Y V1 (V1 = A[k:k+nb, 0:nb] unit lower triangular): column c gets sum_{q > c} Y[:, q] V1[q, c]
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < nb; c++) {
      let s = get(y, ldy, r, c);
      for (let q = c + 1; q < nb; q++) s += get(y, ldy, r, q) * get(a, lda, k + q, c);
      put(y, ldy, r, c, s);
    }
  }
  if (n > k + nb) {
    dgemmShared(NO_TRANS, NO_TRANS, k, nb, n - k - nb, 1.0, at(a, lda, 0, 1 + nb), lda, at(a, lda, k + nb, 0), lda, 1.0, y, ldy, gemmWork);
  }
  // Y := Y T (T upper triangular): column c = sum_{q <= c} Y[:, q] T[q, c], c descending
  for (let r = 0; r < k; r++) {
    for (let c = nb - 1; c >= 0; c--) {
      let s: f64 = 0;
      for (let q = 0; q <= c; q++) s += get(y, ldy, r, q) * get(t, ldt, q, c);
      put(y, ldy, r, c, s);
    }
  }
  return 0;
}
