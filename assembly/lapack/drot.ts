// DROT: applies a plane rotation to the vector pair (x, y) of n entries (strides incx, incy):
//
//   x_i := c x_i + s y_i,   y_i := c y_i - s x_i       (reference BLAS drot).
//
// The unit-stride case runs on f64x2. Used by dlahqr (standardizing a 2 x 2 block), dlaexc
// (swapping 1 x 1 blocks) and the rotations of dlanv2. Cost 6n flops.

export function drot(n: i32, x: usize, incx: i32, y: usize, incy: i32, c: f64, s: f64): void {
  if (n <= 0) return;
  if (incx == 1 && incy == 1) {
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
      const xi = load<f64>(x + off);
      const yi = load<f64>(y + off);
      store<f64>(x + off, c * xi + s * yi);
      store<f64>(y + off, c * yi - s * xi);
    }
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
