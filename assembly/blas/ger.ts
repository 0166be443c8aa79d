// DGER, row-major: A := alpha x y^T + A for an m x n A (A[i, j] at a + 8 (i lda + j)), x of m
// entries and y of n. Each row is one axpy with the unit-stride y. Cost 2 m n flops.

import { axpyUnit } from "./level1";

export function dger(
  m: i32, n: i32, alpha: f64, x: usize, incx: i32, y: usize, incy: i32, a: usize, lda: i32,
): void {
  if (m <= 0 || n <= 0 || alpha == 0) return;
  const rowBytes = <usize>lda << 3;
  const sx = <usize>incx << 3;
  const sy = <usize>incy << 3;
  for (let i = 0; i < m; i++) {
    const t = alpha * load<f64>(x + <usize>i * sx);
    if (t == 0) continue;
    const row = a + <usize>i * rowBytes;
    if (incy == 1) {
      axpyUnit(n, t, y, row);
    } else {
      for (let j = 0; j < n; j++) {
        const p = row + (<usize>j << 3);
        store<f64>(p, load<f64>(p) + t * load<f64>(y + <usize>j * sy));
      }
    }
  }
}
