// DGEHD2: unblocked reduction of rows and columns ilo..ihi of a general n x n matrix A to upper
// Hessenberg form H by an orthogonal similarity, Q^T A Q = H.
//
// Storage (row-major, A[i, j] at a + 8 (i lda + j)), as in LAPACK and gonum's row-major port:
//
//   Q = H_ilo H_ilo+1 ... H_ihi-1,   H_i = I - tau_i v_i v_i^T,
//   v_i[0 .. i] = 0, v_i[i + 1] = 1, v_i[i + 2 .. ihi] in A[i + 2 .. ihi, i] (column i),
//   v_i[ihi + 1 .. n-1] = 0.
//
// On exit the upper triangle and first subdiagonal of A hold H; the entries below the
// subdiagonal of columns ilo..ihi-1 hold the reflectors, tau[ilo .. ihi-1] their scalars
// (the other entries of tau are not touched here; dgehrd zeroes them). It is assumed, as after
// dgebal, that A is already upper triangular in rows and columns 0..ilo-1 and ihi+1..n-1.
//
// Algorithm: LAPACK 3.12 dgehd2 (gonum lapack/gonum/dgehd2.go). For each i the reflector from
// dlarfg annihilates A[i+2:ihi+1, i]; it is applied from the right to A[0:ihi+1, i+1:ihi+1] and
// from the left to A[i+1:ihi+1, i+1:n]. The column-stored v is copied to contiguous workspace
// first so both applications are unit-stride dgemv + dger (dlarf.ts).
// Cost 10/3 nh^3 flops (nh = ihi - ilo + 1), all Level 2. Workspace: 2 n doubles at `work`.
// Returns 0, or -i when argument i is invalid.

import { dlarfg } from "./dlarfg";
import { dlarf } from "./dlarf";
import { SIDE_LEFT, SIDE_RIGHT, at, get, vput } from "./nonsym_common";

export function dgehd2(n: i32, ilo: i32, ihi: i32, a: usize, lda: i32, tau: usize, work: usize): i32 {
  if (n < 0) return -1;
  if (ilo < 0 || ilo > max(0, n - 1)) return -2;
  if (ihi < min(ilo, n - 1) || ihi >= n) return -3;
  if (lda < max(1, n)) return -5;
  if (n == 0) return 0;
  const v = work;
  const w = work + (<usize>n << 3);
  for (let i = ilo; i < ihi; i++) {
    const m = ihi - i; // order of H_i
    const pAlpha = at(a, lda, i + 1, i);
    const taui = dlarfg(m, pAlpha, at(a, lda, min(i + 2, n - 1), i), lda);
    vput(tau, i, taui);
    // v = (1, A[i+2:ihi+1, i]) contiguous
    vput(v, 0, 1.0);
    for (let r = 1; r < m; r++) vput(v, r, get(a, lda, i + 1 + r, i));
    // A[0:ihi+1, i+1:ihi+1] := A[0:ihi+1, i+1:ihi+1] H_i
    dlarf(SIDE_RIGHT, ihi + 1, m, v, taui, at(a, lda, 0, i + 1), lda, w);
    // A[i+1:ihi+1, i+1:n] := H_i A[i+1:ihi+1, i+1:n]
    dlarf(SIDE_LEFT, m, n - i - 1, v, taui, at(a, lda, i + 1, i + 1), lda, w);
  }
  return 0;
}
