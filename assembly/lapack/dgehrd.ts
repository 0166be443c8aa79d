// DGEHRD: reduction of rows and columns ilo..ihi of a general n x n matrix A to upper
// Hessenberg form, Q^T A Q = H, with the storage of dgehd2.ts (reflector i in column i below
// the subdiagonal, tau[i] its scalar). tau[0 .. ilo-1] and tau[ihi .. n-2] are set to zero, so
// that tau has n - 1 meaningful entries for dorghr.
//
// Algorithm: LAPACK 3.12 dgehrd (gonum lapack/gonum/dgehrd.go) with the unblocked dgehd2 for
// every column (see the report on blocking in dgehd2.ts). Cost 10/3 nh^3 flops.
// Workspace: dgehrd_worksize(n) doubles. Returns 0 or -i for an invalid argument i.

import { dgehd2 } from "./dgehd2";
import { vput } from "./nonsym_common";

/** Doubles of workspace dgehrd needs for order n. */
export function dgehrd_worksize(n: i32): i32 {
  return 2 * max(n, 1);
}

export function dgehrd(n: i32, ilo: i32, ihi: i32, a: usize, lda: i32, tau: usize, work: usize): i32 {
  if (n < 0) return -1;
  if (ilo < 0 || ilo > max(0, n - 1)) return -2;
  if (ihi < min(ilo, n - 1) || ihi >= n) return -3;
  if (lda < max(1, n)) return -5;
  if (n == 0) return 0;
  for (let i = 0; i < ilo; i++) vput(tau, i, 0.0);
  for (let i = max(ihi, 0); i < n - 1; i++) vput(tau, i, 0.0);
  if (ihi - ilo + 1 <= 1) return 0;
  return dgehd2(n, ilo, ihi, a, lda, tau, work);
}
