// DGEMV, row-major (gonum blas64 convention): A is m x n with A[i, j] at a + 8 (i lda + j).
//   trans = NO_TRANS: y := alpha A x + beta y     (x has n entries, y has m)
//   trans = TRANS:    y := alpha A^T x + beta y   (x has m entries, y has n)
// Unit-stride vectors run on f64x2: NO_TRANS takes four rows at a time so each load of x feeds
// four dot products; TRANS adds four scaled rows into y per pass, so y is read and written a
// quarter as often. Both are memory-bound (2 flops per 8-byte element of A). Cost 2 m n flops.

import { madd, hsum, NO_TRANS } from "../simd";
import { dotUnit, axpyUnit, dscal } from "./level1";

export function dgemv(
  trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32,
  x: usize, incx: i32, beta: f64, y: usize, incy: i32,
): void {
  const leny = trans == NO_TRANS ? m : n;
  const lenx = trans == NO_TRANS ? n : m;
  if (leny <= 0) return;
  if (beta != 1) dscal(leny, beta, y, incy);
  if (lenx <= 0 || alpha == 0) return;
  const rowBytes = <usize>lda << 3;
  if (trans == NO_TRANS) {
    if (incx == 1) {
      gemvRowsUnitX(m, n, alpha, a, rowBytes, x, y, <usize>incy << 3);
    } else {
      const sx = <usize>incx << 3;
      for (let i = 0; i < m; i++) {
        const row = a + <usize>i * rowBytes;
        let s: f64 = 0;
        for (let j = 0; j < n; j++) s += load<f64>(row + (<usize>j << 3)) * load<f64>(x + <usize>j * sx);
        const py = y + <usize>i * (<usize>incy << 3);
        store<f64>(py, load<f64>(py) + alpha * s);
      }
    }
    return;
  }
  // TRANS: y += alpha sum_i x_i A[i, :]
  if (incy == 1) {
    gemvTransUnitY(m, n, alpha, a, rowBytes, x, <usize>incx << 3, y);
  } else {
    const sy = <usize>incy << 3;
    for (let i = 0; i < m; i++) {
      const t = alpha * load<f64>(x + <usize>i * (<usize>incx << 3));
      if (t == 0) continue;
      const row = a + <usize>i * rowBytes;
      for (let j = 0; j < n; j++) {
        const py = y + <usize>j * sy;
        store<f64>(py, load<f64>(py) + t * load<f64>(row + (<usize>j << 3)));
      }
    }
  }
}

// y[i] += alpha A[i, :] . x for unit-stride x; four rows share each load of x.
function gemvRowsUnitX(m: i32, n: i32, alpha: f64, a: usize, rowBytes: usize, x: usize, y: usize, sy: usize): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const r0 = a + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const off = <usize>j << 3;
      const xv = v128.load(x + off);
      s0 = madd(v128.load(r0 + off), xv, s0);
      s1 = madd(v128.load(r1 + off), xv, s1);
      s2 = madd(v128.load(r2 + off), xv, s2);
      s3 = madd(v128.load(r3 + off), xv, s3);
    }
    let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
    if (j < n) {
      const off = <usize>j << 3;
      const xj = load<f64>(x + off);
      t0 += load<f64>(r0 + off) * xj;
      t1 += load<f64>(r1 + off) * xj;
      t2 += load<f64>(r2 + off) * xj;
      t3 += load<f64>(r3 + off) * xj;
    }
    const py = y + <usize>i * sy;
    store<f64>(py, load<f64>(py) + alpha * t0);
    store<f64>(py + sy, load<f64>(py + sy) + alpha * t1);
    store<f64>(py + 2 * sy, load<f64>(py + 2 * sy) + alpha * t2);
    store<f64>(py + 3 * sy, load<f64>(py + 3 * sy) + alpha * t3);
  }
  for (; i < m; i++) {
    const py = y + <usize>i * sy;
    store<f64>(py, load<f64>(py) + alpha * dotUnit(n, a + <usize>i * rowBytes, x));
  }
}

// y += alpha A^T x for unit-stride y; four rows of A are folded into y per pass.
function gemvTransUnitY(m: i32, n: i32, alpha: f64, a: usize, rowBytes: usize, x: usize, sx: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const px = x + <usize>i * sx;
    const c0 = f64x2.splat(alpha * load<f64>(px));
    const c1 = f64x2.splat(alpha * load<f64>(px + sx));
    const c2 = f64x2.splat(alpha * load<f64>(px + 2 * sx));
    const c3 = f64x2.splat(alpha * load<f64>(px + 3 * sx));
    const r0 = a + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const off = <usize>j << 3;
      let yv = v128.load(y + off);
      yv = madd(c0, v128.load(r0 + off), yv);
      yv = madd(c1, v128.load(r1 + off), yv);
      yv = madd(c2, v128.load(r2 + off), yv);
      yv = madd(c3, v128.load(r3 + off), yv);
      v128.store(y + off, yv);
    }
    if (j < n) {
      const off = <usize>j << 3;
      store<f64>(y + off, load<f64>(y + off)
        + f64x2.extract_lane(c0, 0) * load<f64>(r0 + off)
        + f64x2.extract_lane(c1, 0) * load<f64>(r1 + off)
        + f64x2.extract_lane(c2, 0) * load<f64>(r2 + off)
        + f64x2.extract_lane(c3, 0) * load<f64>(r3 + off));
    }
  }
  for (; i < m; i++) {
    const t = alpha * load<f64>(x + <usize>i * sx);
    if (t != 0) axpyUnit(n, t, a + <usize>i * rowBytes, y);
  }
}
