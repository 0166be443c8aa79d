// DGEMV, row-major (gonum blas64 convention): A is m x n with A[i, j] at a + 8 (i lda + j).
//   trans = NO_TRANS: y := alpha A x + beta y     (x has n entries, y has m)
//   trans = TRANS:    y := alpha A^T x + beta y   (x has m entries, y has n)
// Unit-stride vectors run on f64x2: NO_TRANS takes four rows at a time so each load of x feeds
// four dot products (level1 dotRows); TRANS adds four scaled rows into y per pass (axpyRows4),
// so y is read and written a quarter as often. Both are memory-bound (2 flops per 8-byte element of A). Cost 2 m n flops.

import { NO_TRANS } from "../simd";
import { dotUnit, axpyUnit, dscal, dotRows, axpyRows4, dot0, dot1, dot2, dot3 } from "./level1";

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
    dotRows(n, 4, a + <usize>i * rowBytes, rowBytes, x);
    const py = y + <usize>i * sy;
    store<f64>(py, load<f64>(py) + alpha * dot0);
    store<f64>(py + sy, load<f64>(py + sy) + alpha * dot1);
    store<f64>(py + 2 * sy, load<f64>(py + 2 * sy) + alpha * dot2);
    store<f64>(py + 3 * sy, load<f64>(py + 3 * sy) + alpha * dot3);
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
    axpyRows4(n, alpha * load<f64>(px), alpha * load<f64>(px + sx), alpha * load<f64>(px + 2 * sx), alpha * load<f64>(px + 3 * sx),
      a + <usize>i * rowBytes, rowBytes, y);
  }
  for (; i < m; i++) {
    const t = alpha * load<f64>(x + <usize>i * sx);
    if (t != 0) axpyUnit(n, t, a + <usize>i * rowBytes, y);
  }
}
