// DLARFB: applies a block reflector H = I - V^T T V (or its transpose) from the left to an
// m x n matrix C:  C := H C (trans = NO_TRANS) or C := H^T C (trans = TRANS).
//
// V is k x m row-major with the reflectors in its rows, forward order, unit upper trapezoidal:
// V[j, j] = 1 and V[j, 0 .. j-1] = 0 are implied and not read (the storage of dlarft.ts and of
// the rows of A after dsytrd). T is the k x k upper triangular factor from dlarft (ldt >= k),
// C is m x n row-major (ldc >= n).
//
// Algorithm: LAPACK 3.12 dlarfb (side 'L', direct 'F'), with the two large products on dgemm:
//   Vx = V with its implied zeros and ones written out (workspace, k m doubles),
//   W  = Vx C                     dgemm, 2 k m n flops,
//   W := T W  or  T^T W           in place, row by row (k^2 n flops),
//   C := C - Vx^T W               dgemm, 2 k m n flops.
// (LAPACK splits V into its triangle and rectangle to use dtrmm instead of the explicit copy;
// the copy costs k m moves against 4 k m n flops.)
// Workspace: dlarfb_worksize(k, m, n) doubles. Returns 0 or -i for an invalid argument i.

import { NO_TRANS, TRANS } from "../simd";
import { dgemmShared, dgemm_worksize } from "../blas/gemm";
import { axpyUnit, scalUnit } from "../blas/level1";

export function dlarfb_worksize(k: i32, m: i32, n: i32): i32 {
  if (k <= 0 || m <= 0 || n <= 0) return 0;
  const g = max(dgemm_worksize(k, n, m), dgemm_worksize(m, n, k));
  return k * m + k * n + g;
}

export function dlarfb(
  trans: i32, m: i32, n: i32, k: i32, v: usize, ldv: i32, t: usize, ldt: i32,
  c: usize, ldc: i32, work: usize,
): i32 {
  if (trans != NO_TRANS && trans != TRANS) return -1;
  if (m < 0) return -2;
  if (n < 0) return -3;
  if (k < 0 || k > m) return -4;
  if (ldv < max(1, m)) return -6;
  if (ldt < max(1, k)) return -8;
  if (ldc < max(1, n)) return -10;
  if (m == 0 || n == 0 || k == 0) return 0;
  const vRow = <usize>ldv << 3;
  const tRow = <usize>ldt << 3;
  const mBytes = <usize>m << 3;
  const nBytes = <usize>n << 3;
  const vx = work;
  const wk = vx + <usize>k * mBytes;
  const gw = wk + <usize>k * nBytes;
  // Vx: row j = (0 .. 0, 1, V[j, j+1:m])
  for (let j = 0; j < k; j++) {
    const dst = vx + <usize>j * mBytes;
    const src = v + <usize>j * vRow;
    const jb = <usize>j << 3;
    if (j > 0) memory.fill(dst, 0, jb);
    store<f64>(dst + jb, 1.0);
    if (j + 1 < m) memory.copy(dst + jb + 8, src + jb + 8, mBytes - jb - 8);
  }
  // W = Vx C  (k x n)
  dgemmShared(NO_TRANS, NO_TRANS, k, n, m, 1.0, vx, m, c, ldc, 0.0, wk, n, gw);
  // W := T W (upper triangular: row i uses rows i..k-1, so go down) or T^T W (go up)
  if (trans == NO_TRANS) {
    for (let i = 0; i < k; i++) {
      const wi = wk + <usize>i * nBytes;
      const trow = t + <usize>i * tRow;
      scalUnit(n, load<f64>(trow + (<usize>i << 3)), wi);
      for (let j = i + 1; j < k; j++) {
        const tij = load<f64>(trow + (<usize>j << 3));
        if (tij != 0) axpyUnit(n, tij, wk + <usize>j * nBytes, wi);
      }
    }
  } else {
    for (let i = k - 1; i >= 0; i--) {
      const wi = wk + <usize>i * nBytes;
      scalUnit(n, load<f64>(t + <usize>i * tRow + (<usize>i << 3)), wi);
      for (let j = 0; j < i; j++) {
        const tji = load<f64>(t + <usize>j * tRow + (<usize>i << 3));
        if (tji != 0) axpyUnit(n, tji, wk + <usize>j * nBytes, wi);
      }
    }
  }
  // C := C - Vx^T W
  dgemmShared(TRANS, NO_TRANS, m, n, k, -1.0, vx, m, wk, n, 1.0, c, ldc, gw);
  return 0;
}
