// DORGHR: forms the orthogonal n x n matrix Q of a Hessenberg reduction explicitly,
//
//   Q = H_ilo H_ilo+1 ... H_ihi-1,
//
// from the reflectors dgehrd leaves below the subdiagonal of A (column i holds v_i, see
// dgehd2.ts) and their scalars tau. Q is written to the separate row-major n x n array q
// (ldq >= n); A and tau are only read. Q equals the identity outside Q[ilo+1:ihi+1, ilo+1:ihi+1].
//
// Algorithm: LAPACK 3.12 dorghr -> dorgqr on the nh x nh block (nh = ihi - ilo), blocked: the
// reflectors are copied into the rows of a workspace (the forward row storage of dlarft.ts and
// dlarfb.ts), then Q starts as the identity and the blocks of nb reflectors are applied last to
// first with dlarft + dlarfb (two GEMMs each). As in dorgtr.ts, block j0 only touches the
// trailing part from j0, since what the later blocks built is still the identity there:
// 4/3 nh^3 flops. Workspace: dorghr_worksize(n, ilo, ihi) doubles. Returns 0 or -i.

import { NO_TRANS } from "../simd";
import { dlarft } from "./dlarft";
import { dlarfb, dlarfb_worksize } from "./dlarfb";
import { at, get, put } from "./nonsym_common";

/** Reflectors per block of dorghr. */
export const DORGHR_NB: i32 = 32;

/** Doubles of workspace dorghr needs. */
export function dorghr_worksize(n: i32, ilo: i32, ihi: i32): i32 {
  const nh = ihi - ilo;
  if (n <= 1 || nh <= 0) return 1;
  const b = min(DORGHR_NB, nh);
  return nh * nh + b * b + dlarfb_worksize(b, nh, nh);
}

export function dorghr(n: i32, ilo: i32, ihi: i32, a: usize, lda: i32, tau: usize, q: usize, ldq: i32, work: usize): i32 {
  if (n < 0) return -1;
  if (ilo < 0 || ilo > max(0, n - 1)) return -2;
  if (ihi < min(ilo, n - 1) || ihi >= n) return -3;
  if (lda < max(1, n)) return -5;
  if (ldq < max(1, n)) return -8;
  if (n == 0) return 0;
  for (let i = 0; i < n; i++) {
    memory.fill(at(q, ldq, i, 0), 0, <usize>n << 3);
    put(q, ldq, i, i, 1.0);
  }
  const nh = ihi - ilo;
  if (nh <= 0) return 0;
  // row r of V = v_{ilo+r} restricted to indices ilo+1..ihi: V[r, c] = A[ilo+1+c, ilo+r], c > r
  const vr = work;
  for (let r = 0; r < nh; r++) {
    for (let c = r + 1; c < nh; c++) put(vr, nh, r, c, get(a, lda, ilo + 1 + c, ilo + r));
  }
  const b = min(DORGHR_NB, nh);
  const t = work + (<usize>(nh * nh) << 3);
  const lwork = t + (<usize>(b * b) << 3);
  const q0 = at(q, ldq, ilo + 1, ilo + 1);
  const nblocks = (nh + b - 1) / b;
  for (let blk = nblocks - 1; blk >= 0; blk--) {
    const j0 = blk * b;
    const kb = min(b, nh - j0);
    const vb = at(vr, nh, j0, j0);
    dlarft(kb, nh - j0, vb, nh, tau + (<usize>(ilo + j0) << 3), t, b);
    dlarfb(NO_TRANS, nh - j0, nh - j0, kb, vb, nh, t, b, at(q0, ldq, j0, j0), ldq, lwork);
  }
  return 0;
}
