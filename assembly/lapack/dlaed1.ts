// DLAED1: one merge of Cuppen's divide and conquer (LAPACK dlaed1). Given the eigensystems of
// the two halves T1 (n1 = cutpnt rows) and T2 of
//
//   T = diag(T1, T2) + rho v v^T,   v = (e_cutpnt-1 | e_0),
//
// in the column-major Q = diag(Q1, Q2) (n x n, ld ldq) and d (the eigenvalues of each half,
// sorted by the permutations in indxq, 0-based and local to each half), computes the
// eigensystem of T: z = Q^T v is formed from the last row of Q1 and the first row of Q2,
// dlaed2 deflates, dlaed3 solves the secular equation and multiplies the new vectors into Q,
// and dlamrg returns in indxq the permutation that sorts the merged d ascending.
//
// work: 4n + n^2 + n doubles (z, dlamda, w, then Q2 and the matrix S of dlaed3); iwork: 4n i32;
// gw: dgemm workspace for n x n x n. Returns 0 or > 0 when dlaed4 failed.

import { setF, setI, getI, colMajorAt } from "./tridiag_common";
import { dlaed2 } from "./dlaed2";
import { dlaed3 } from "./dlaed3";
import { dlamrg } from "./dlamrg";

export function dlaed1(n: i32, d: usize, q: usize, ldq: i32, indxq: usize, rho: f64, cutpnt: i32, work: usize, iwork: usize, gw: usize): i32 {
  if (n == 0) return 0;
  const nb = <usize>n << 3;
  const iz = work;
  const idlmda = iz + nb;
  const iw = idlmda + nb;
  const iq2 = iw + nb;
  const ni = <usize>n << 2;
  const indx = iwork;
  const indxc = indx + ni;
  const coltyp = indxc + ni;
  const indxp = coltyp + ni;

  // z = last row of Q1 and first row of Q2
  for (let j = 0; j < cutpnt; j++) setF(iz, j, load<f64>(colMajorAt(q, ldq, cutpnt - 1, j)));
  for (let j = cutpnt; j < n; j++) setF(iz, j, load<f64>(colMajorAt(q, ldq, cutpnt, j)));

  const k = dlaed2(n, cutpnt, d, q, ldq, indxq, rho, iz, idlmda, iw, iq2, indx, indxc, indxp, coltyp);
  if (k != 0) {
    // S follows the compressed non-deflated vectors in Q2 (the deflated ones were copied back)
    const ct1 = getI(coltyp, 0);
    const ct2 = getI(coltyp, 1);
    const ct3 = getI(coltyp, 2);
    const is = iq2 + (<usize>((ct1 + ct2) * cutpnt + (ct2 + ct3) * (n - cutpnt)) << 3);
    const info = dlaed3(k, n, cutpnt, d, q, ldq, abs<f64>(2 * rho), idlmda, iq2, indxc, coltyp, iw, is, gw);
    if (info != 0) return info;
    dlamrg(k, n - k, d, 1, -1, indxq);
  } else {
    for (let i = 0; i < n; i++) setI(indxq, i, i);
  }
  return 0;
}

/** Doubles of work dlaed1 may use for a merge of size n (LAPACK: 4n + n^2; n more as margin). */
export function dlaed1Worksize(n: i32): i32 {
  return 5 * n + n * n;
}

