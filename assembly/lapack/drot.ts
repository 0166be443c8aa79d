// DROT: applies a plane rotation to the vector pair (x, y) of n entries (strides incx, incy):
//
//   x_i := c x_i + s y_i,   y_i := c y_i - s x_i       (reference BLAS drot).
//
// The unit-stride case is dlasr's f64x2 rotatePair. Used by dlahqr (standardizing a 2 x 2 block), dlaexc
// (swapping 1 x 1 blocks) and the rotations of dlanv2. Cost 6n flops.

import { rotatePair } from "./dlasr";

export function drot(n: i32, x: usize, incx: i32, y: usize, incy: i32, c: f64, s: f64): void {
  if (n <= 0) return;
  if (incx == 1 && incy == 1) {
    rotatePair(n, c, s, x, y);
    return;
  }
  const sx = <usize>incx << 3;
  const sy = <usize>incy << 3;
  for (let i = 0; i < n; i++) {
    const xi = load<f64>(x);
    const yi = load<f64>(y);
    store<f64>(x, c * xi + s * yi);
    store<f64>(y, c * yi - s * xi);
    x += sx;
    y += sy;
  }
}
