// DGEHRD: reduction of rows and columns ilo..ihi of a general n x n matrix A to upper
// Hessenberg form, Q^T A Q = H, with the storage of dgehd2.ts (reflector i in column i below
// the subdiagonal, tau[i] its scalar). tau[0 .. ilo-1] and tau[ihi .. n-2] are set to zero, so
// that tau has n - 1 meaningful entries for dorghr.
//
// Algorithm: LAPACK 3.12 dgehrd (gonum lapack/gonum/dgehrd.go), blocked. Panels of
// DGEHRD_NB = 32 columns are reduced by dlahr2, which also returns T and Y = A V T of the panel's
// block reflector I - V T V^T; the trailing matrix is then updated with Level-3 operations:
//   A[0:ihi+1, i+nb:ihi+1] -= Y V2^T                      (dgemm),
//   A[0:i+1, i+1:i+nb]    -= Y[0:i+1, :] V1^T            (a small triangular product),
//   A[i+1:ihi+1, i+nb:n]  := (I - V T V^T)^T A[...]      (dlarfb, reflectors copied into rows).
// The last DGEHRD_NX = 128 columns (or all of a smaller block) are reduced by dgehd2. About 80%
// of the 10/3 nh^3 flops run in GEMM; the rest is the Level-2 dgemv inside dlahr2.
// Workspace: dgehrd_worksize(n) doubles. Returns 0 or -i for an invalid argument i.

import { NO_TRANS, TRANS } from "../simd";
import { dgemmShared, dgemm_worksize } from "../blas/gemm";
import { dgehd2 } from "./dgehd2";
import { dlahr2 } from "./dlahr2";
import { dlarfb, dlarfb_worksize } from "./dlarfb";
import { at, get, put, vput } from "./nonsym_common";

/** Columns per panel. */
export const DGEHRD_NB: i32 = 32;
/** Trailing columns reduced unblocked (LAPACK's crossover point for dgehrd). */
export const DGEHRD_NX: i32 = 128;

/** Doubles of workspace dgehrd needs for order n. */
export function dgehrd_worksize(n: i32): i32 {
  const nn = max(n, 1);
  const nb = DGEHRD_NB;
  const gemm = max(dgemm_worksize(nn, nn, nb), dgemm_worksize(nn, nb, nn));
  // Y, T, dlahr2's vectors, the row copy of V, dlarfb's workspace, gemm workspace
  return max(2 * nn, nn * nb + nb * nb + (nn + nb) + nb * nn + dlarfb_worksize(nb, nn, nn) + gemm);
}

export function dgehrd(n: i32, ilo: i32, ihi: i32, a: usize, lda: i32, tau: usize, work: usize): i32 {
  if (n < 0) return -1;
  if (ilo < 0 || ilo > max(0, n - 1)) return -2;
  if (ihi < min(ilo, n - 1) || ihi >= n) return -3;
  if (lda < max(1, n)) return -5;
  if (n == 0) return 0;
  for (let i = 0; i < ilo; i++) vput(tau, i, 0.0);
  for (let i = max(ihi, 0); i < n - 1; i++) vput(tau, i, 0.0);
  const nh = ihi - ilo + 1;
  if (nh <= 1) return 0;

  const nb = DGEHRD_NB;
  let i = ilo;
  if (nh > DGEHRD_NX + nb) {
    const ldy = nb;
    const ldt = nb;
    const y = work;
    const t = y + (<usize>(n * nb) << 3);
    const hw = t + (<usize>(nb * nb) << 3);
    const vr = hw + (<usize>(n + nb) << 3);
    const bw = vr + (<usize>(nb * n) << 3);
    const gw = bw + (<usize>dlarfb_worksize(nb, n, n) << 3);
    for (; i < ihi - DGEHRD_NX; i += nb) {
      const ib = min(nb, ihi - i);
      // reduce columns i..i+ib-1; V below the subdiagonal, T, Y = A V T
      dlahr2(ihi + 1, i + 1, ib, at(a, lda, 0, i), lda, tau + (<usize>i << 3), t, ldt, y, ldy, hw, gw);
      // A[0:ihi+1, i+ib:ihi+1] -= Y V^T over the rows i+ib.. of V (V[i+ib, i+ib-1] = 1)
      const pe = at(a, lda, i + ib, i + ib - 1);
      const ei = load<f64>(pe);
      store<f64>(pe, 1.0);
      dgemmShared(NO_TRANS, TRANS, ihi + 1, ihi - i - ib + 1, ib, -1.0, y, ldy, at(a, lda, i + ib, i), lda, 1.0, at(a, lda, 0, i + ib), lda, gw);
      store<f64>(pe, ei);
      // A[0:i+1, i+1:i+ib] -= Y[0:i+1, 0:ib-1] V1^T, V1 = A[i+1:i+ib, i:i+ib-1] unit lower triangular:
      // (Y V1^T)[r, c] = Y[r, c] + sum_{q < c} Y[r, q] V1[c, q]
      for (let r = 0; r <= i; r++) {
        for (let c = 0; c < ib - 1; c++) {
          let s = get(y, ldy, r, c);
          for (let q = 0; q < c; q++) s += get(y, ldy, r, q) * get(a, lda, i + 1 + c, i + q);
          put(a, lda, r, i + 1 + c, get(a, lda, r, i + 1 + c) - s);
        }
      }
      // A[i+1:ihi+1, i+ib:n] := H^T A[...]: the reflectors (columns of V) as the rows of vr
      const m = ihi - i;
      for (let j = 0; j < ib; j++) {
        for (let c = j + 1; c < m; c++) put(vr, m, j, c, get(a, lda, i + 1 + c, i + j));
      }
      dlarfb(TRANS, m, n - i - ib, ib, vr, m, t, ldt, at(a, lda, i + 1, i + ib), lda, bw);
    }
  }
  return dgehd2(n, i, ihi, a, lda, tau, work);
}
