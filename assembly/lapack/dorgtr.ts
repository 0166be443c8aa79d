// DORGTR: forms the orthogonal matrix Q of order n explicitly from the output of dsytrd (UPPER,
// row-major; see dsytd2.ts): Q = H_0 H_1 ... H_{n-2}, written into the separate n x n row-major
// array q (ldq >= n); A and tau are only read. Q[0, 0] = 1 and the rest of row and column 0 are
// zero, since every reflector acts on indices 1..n-1.
//
// Algorithm: LAPACK 3.12 dorgtr (uplo 'L') -> dorgqr on the trailing (n-1) x (n-1) block,
// blocked: start from the identity and apply the blocks of nb reflectors last to first with
// dlarft + dlarfb. After the blocks from j0 + kb on, the matrix is still the identity outside its
// trailing block from j0 + kb, so block j0 only needs to touch rows and columns j0.. of the
// trailing part: 4/3 n^3 flops instead of the 2 n^3 of applying Q to a full identity. nb <= 0
// selects DORMTR_NB. Workspace: dorgtr_worksize(n, nb) doubles. Returns 0 or -i.

import { NO_TRANS } from "../simd";
import { dlarft } from "./dlarft";
import { dlarfb, dlarfb_worksize } from "./dlarfb";
import { DORMTR_NB } from "./dormtr";

// @ts-ignore: decorator
@inline
function blockSize(nb: i32, k: i32): i32 {
  return min(nb > 0 ? nb : DORMTR_NB, max(k, 1));
}

/** Doubles of workspace dorgtr needs for order n. */
export function dorgtr_worksize(n: i32, nb: i32): i32 {
  if (n <= 1) return 0;
  const b = blockSize(nb, n - 1);
  return b * b + dlarfb_worksize(b, n - 1, n - 1);
}

export function dorgtr(n: i32, a: usize, lda: i32, tau: usize, q: usize, ldq: i32, work: usize, nb: i32): i32 {
  if (n < 0) return -1;
  if (lda < max(1, n)) return -3;
  if (ldq < max(1, n)) return -6;
  if (n == 0) return 0;
  const qRow = <usize>ldq << 3;
  for (let i = 0; i < n; i++) {
    const row = q + <usize>i * qRow;
    memory.fill(row, 0, <usize>n << 3);
    store<f64>(row + (<usize>i << 3), 1.0);
  }
  if (n == 1) return 0;
  const m = n - 1;
  const k = m;
  const b = blockSize(nb, k);
  const aRow = <usize>lda << 3;
  const t = work;
  const lwork = work + (<usize>(b * b) << 3);
  const v0 = a + 8; // V[j, r] = A[j, 1 + r]
  const q0 = q + qRow + 8; // the trailing block Q[1:n, 1:n]
  const nblocks = (k + b - 1) / b;
  for (let blk = nblocks - 1; blk >= 0; blk--) {
    const j0 = blk * b;
    const kb = min(b, k - j0);
    const vb = v0 + <usize>j0 * aRow + (<usize>j0 << 3);
    dlarft(kb, m - j0, vb, lda, tau + (<usize>j0 << 3), t, b);
    dlarfb(NO_TRANS, m - j0, m - j0, kb, vb, lda, t, b, q0 + <usize>j0 * qRow + (<usize>j0 << 3), ldq, lwork);
  }
  return 0;
}
