// DLARF: applies an elementary reflector H = I - tau v v^T to an m x n row-major matrix C,
//
//   side = SIDE_LEFT:  C := H C   (v has m entries),
//   side = SIDE_RIGHT: C := C H   (v has n entries),
//
// with v contiguous (unit stride; callers copy a column-stored reflector into workspace first).
// Algorithm: LAPACK dlarf (gonum lapack/gonum/dlarf.go): w = C^T v then C -= tau v w^T from the
// left, w = C v then C -= tau w v^T from the right: one dgemv and one dger. LAPACK's scan for the
// last nonzero of v is left out (the callers' vectors are dense). Also serves for LAPACK dlarfx
// (the unrolled small-order variant used by dlaexc). Workspace: n (left) or m (right) doubles
// at `work`. Cost 4 m n flops.

import { NO_TRANS, TRANS } from "../simd";
import { dgemv } from "../blas/gemv";
import { dger } from "../blas/ger";
import { SIDE_LEFT } from "./nonsym_common";

export function dlarf(side: i32, m: i32, n: i32, v: usize, tau: f64, c: usize, ldc: i32, work: usize): void {
  if (tau == 0 || m <= 0 || n <= 0) return;
  if (side == SIDE_LEFT) {
    dgemv(TRANS, m, n, 1.0, c, ldc, v, 1, 0.0, work, 1);
    dger(m, n, -tau, v, 1, work, 1, c, ldc);
  } else {
    dgemv(NO_TRANS, m, n, 1.0, c, ldc, v, 1, 0.0, work, 1);
    dger(m, n, -tau, work, 1, v, 1, c, ldc);
  }
}
