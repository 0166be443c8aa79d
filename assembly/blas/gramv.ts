// DGRAMV (spikelab's own; no BLAS name): y := alpha X^T diag(w) X v + beta y for an m x n
// row-major X (X[i, j] at x + 8 (i ldx + j)), v and y of n entries, w of m entries (w = 0 means
// all ones). This is the sample-covariance matvec of the iterative eigensolvers.
//
// Two DGEMVs (t = X v, then y = X^T (w t)) stream X from memory twice. Here each block of four
// rows is read once from memory: their four dot products with v first, then the four scaled rows
// are added into y while they are still in cache (4 rows of up to a few thousand doubles fit L2).
// For X larger than the caches this halves the memory traffic, the bound of this kernel.
// Cost 4 m n flops, 8 m n bytes read once.

import { madd, hsum } from "../simd";
import { dscal, dotUnit } from "./level1";

export function dgramv(
  m: i32, n: i32, alpha: f64, x: usize, ldx: i32, w: usize, v: usize, beta: f64, y: usize,
): void {
  if (n <= 0) return;
  if (beta != 1) dscal(n, beta, y, 1);
  if (m <= 0 || alpha == 0) return;
  const rowBytes = <usize>ldx << 3;
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const r0 = x + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
    let j = 0;
    for (; j + 2 <= n; j += 2) {
      const off = <usize>j << 3;
      const vv = v128.load(v + off);
      s0 = madd(v128.load(r0 + off), vv, s0);
      s1 = madd(v128.load(r1 + off), vv, s1);
      s2 = madd(v128.load(r2 + off), vv, s2);
      s3 = madd(v128.load(r3 + off), vv, s3);
    }
    let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
    if (j < n) {
      const off = <usize>j << 3;
      const vj = load<f64>(v + off);
      t0 += load<f64>(r0 + off) * vj;
      t1 += load<f64>(r1 + off) * vj;
      t2 += load<f64>(r2 + off) * vj;
      t3 += load<f64>(r3 + off) * vj;
    }
    if (w != 0) {
      const pw = w + (<usize>i << 3);
      t0 *= load<f64>(pw);
      t1 *= load<f64>(pw, 8);
      t2 *= load<f64>(pw, 16);
      t3 *= load<f64>(pw, 24);
    }
    const c0 = f64x2.splat(alpha * t0), c1 = f64x2.splat(alpha * t1), c2 = f64x2.splat(alpha * t2), c3 = f64x2.splat(alpha * t3);
    j = 0;
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
        + f64x2.extract_lane(c0, 0) * load<f64>(r0 + off) + f64x2.extract_lane(c1, 0) * load<f64>(r1 + off)
        + f64x2.extract_lane(c2, 0) * load<f64>(r2 + off) + f64x2.extract_lane(c3, 0) * load<f64>(r3 + off));
    }
  }
  for (; i < m; i++) {
    const row = x + <usize>i * rowBytes;
    let t = dotUnit(n, row, v);
    if (w != 0) t *= load<f64>(w + (<usize>i << 3));
    const c = alpha * t;
    for (let j = 0; j < n; j++) {
      const off = <usize>j << 3;
      store<f64>(y + off, load<f64>(y + off) + c * load<f64>(row + off));
    }
  }
}
