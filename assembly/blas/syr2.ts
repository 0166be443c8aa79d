// DSYR2, row-major: A := alpha (x y^T + y x^T) + A on one triangle of the symmetric n x n A
// (uplo = UPPER updates A[i, j] for j >= i, LOWER for j <= i; the other triangle is not
// touched). Row i gets (alpha x_i) y + (alpha y_i) x over its stored part, in one f64x2 pass.
// Cost 2 n^2 flops.

import { madd, UPPER } from "../simd";

export function dsyr2(
  uplo: i32, n: i32, alpha: f64, x: usize, incx: i32, y: usize, incy: i32, a: usize, lda: i32,
): void {
  if (n <= 0 || alpha == 0) return;
  const rowBytes = <usize>lda << 3;
  const sx = <usize>incx << 3;
  const sy = <usize>incy << 3;
  const unit = incx == 1 && incy == 1;
  for (let i = 0; i < n; i++) {
    const cx = alpha * load<f64>(x + <usize>i * sx); // multiplies y
    const cy = alpha * load<f64>(y + <usize>i * sy); // multiplies x
    const row = a + <usize>i * rowBytes;
    const j0 = uplo == UPPER ? i : 0;
    const j1 = uplo == UPPER ? n : i + 1;
    let j = j0;
    if (unit) {
      const vx = f64x2.splat(cx);
      const vy = f64x2.splat(cy);
      for (; j + 2 <= j1; j += 2) {
        const off = <usize>j << 3;
        v128.store(row + off, madd(vy, v128.load(x + off), madd(vx, v128.load(y + off), v128.load(row + off))));
      }
    }
    for (; j < j1; j++) {
      const p = row + (<usize>j << 3);
      store<f64>(p, load<f64>(p) + cx * load<f64>(y + <usize>j * sy) + cy * load<f64>(x + <usize>j * sx));
    }
  }
}
