// Row-wise maps used by the implicit operators (src/linalg/operators.ts): scaling each row of a
// matrix by one entry of a weight vector, scaling its columns, and applying one small p x p
// matrix per row (the per-sample T(y_i) of the p-index TAP operator). Row-major storage.

import { mulUnit } from "./blas/level1";

/** Y[i, :] *= w[i] for i < m (Y is m x n with leading dimension ldy): diag(w) Y. */
export function scale_rows(m: i32, n: i32, w: usize, y: usize, ldy: i32): void {
  const rowBytes = <usize>ldy << 3;
  for (let i = 0; i < m; i++) mulUnit(n, load<f64>(w + (<usize>i << 3)), y + <usize>i * rowBytes);
}

/** Y[i, j] *= w[j] (Y m x n, leading dimension ldy): Y diag(w). */
export function scale_cols(m: i32, n: i32, w: usize, y: usize, ldy: i32): void {
  const rowBytes = <usize>ldy << 3;
  for (let i = 0; i < m; i++) {
    const row = y + <usize>i * rowBytes;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const off = <usize>j << 3;
      v128.store(row + off, f64x2.mul(v128.load(w + off), v128.load(row + off)));
    }
    if (j < n) {
      const off = <usize>j << 3;
      store<f64>(row + off, load<f64>(w + off) * load<f64>(row + off));
    }
  }
}

/**
 * V[i, :] := T_i U[i, :] for i < m, where T_i is the p x p row-major block at t + 8 p^2 i and
 * U, V are m x p (leading dimension p). V must not overlap U. Cost 2 m p^2 flops.
 */
export function batched_small_matvec(m: i32, p: i32, t: usize, u: usize, v: usize): void {
  const pp = <usize>(p * p) << 3;
  const pb = <usize>p << 3;
  for (let i = 0; i < m; i++) smallMatvec(p, t + <usize>i * pp, u + <usize>i * pb, v + <usize>i * pb);
}

/**
 * v := T u for one p x p row-major block T (p small: the per-sample blocks of the TAP operator, also
 * applied inside assembly/estimators.ts tap_apply). Each entry is summed over b = 0..p-1 in order,
 * from 0. v must not overlap u.
 */
// @ts-ignore: decorator
@inline
export function smallMatvec(p: i32, t: usize, u: usize, v: usize): void {
  const pb = <usize>p << 3;
  for (let a = 0; a < p; a++) {
    const row = t + <usize>a * pb;
    let s: f64 = 0;
    for (let b = 0; b < p; b++) s += load<f64>(row + (<usize>b << 3)) * load<f64>(u + (<usize>b << 3));
    store<f64>(v + (<usize>a << 3), s);
  }
}
