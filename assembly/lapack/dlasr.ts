// DLASR's case SIDE = 'R', PIVOT = 'V' for a column-major Q (Q(i, j) at q + 8 (i + j ldq)):
// applies the plane rotations P(k) in planes (k, k+1), k = 0..ncols-2, to the columns of the
// nrows x ncols matrix Q from the right, Q := Q P^T (LAPACK dlasr; gonum lapack/gonum/dlasr.go),
//
//   [ Q(:, k)  Q(:, k+1) ] := [ c_k Q(:, k) + s_k Q(:, k+1),  c_k Q(:, k+1) - s_k Q(:, k) ],
//
// forward = 1 applies k = 0, 1, ..., ncols-2 in turn, forward = 0 the reverse order (LAPACK
// DIRECT = 'F' / 'B'). Columns of a column-major matrix are contiguous, so each rotation is a
// unit-stride f64x2 loop; dsteqr and dstedc keep eigenvectors in this layout for that reason.
// Cost 6 nrows (ncols - 1) flops.

import { getF } from "./tridiag_common";

export function dlasrRightCols(forward: i32, nrows: i32, ncols: i32, c: usize, s: usize, q: usize, ldq: i32): void {
  if (nrows <= 0 || ncols <= 1) return;
  const colBytes = <usize>ldq << 3;
  if (forward != 0) {
    for (let k = 0; k < ncols - 1; k++) {
      rotatePair(nrows, getF(c, k), getF(s, k), q + <usize>k * colBytes, q + <usize>(k + 1) * colBytes);
    }
  } else {
    for (let k = ncols - 2; k >= 0; k--) {
      rotatePair(nrows, getF(c, k), getF(s, k), q + <usize>k * colBytes, q + <usize>(k + 1) * colBytes);
    }
  }
}

/** x := c x + s y, y := c y - s x for two contiguous vectors of length n (BLAS drot). */
// @ts-ignore: decorator
@inline
export function rotatePair(n: i32, c: f64, s: f64, x: usize, y: usize): void {
  if (c == 1 && s == 0) return;
  const vc = f64x2.splat(c);
  const vs = f64x2.splat(s);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 3;
    const xv = v128.load(x + off);
    const yv = v128.load(y + off);
    v128.store(x + off, f64x2.add(f64x2.mul(vc, xv), f64x2.mul(vs, yv)));
    v128.store(y + off, f64x2.sub(f64x2.mul(vc, yv), f64x2.mul(vs, xv)));
  }
  if (i < n) {
    const off = <usize>i << 3;
    const xv = load<f64>(x + off);
    const yv = load<f64>(y + off);
    store<f64>(x + off, c * xv + s * yv);
    store<f64>(y + off, c * yv - s * xv);
  }
}
