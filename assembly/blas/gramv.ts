// DGRAMV (spikelab's own; no BLAS name): y := alpha X^T diag(w) X v + beta y for an m x n
// row-major X (X[i, j] at x + 8 (i ldx + j)), v and y of n entries, w of m entries (w = 0 means
// all ones). This is the sample-covariance matvec of the iterative eigensolvers.
//
// Two DGEMVs (t = X v, then y = X^T (w t)) stream X from memory twice. Here each block of four
// rows is read once from memory: their four dot products with v first, then the four scaled rows
// are added into y while they are still in cache (4 rows of up to a few thousand doubles fit L2).
// For X larger than the caches this halves the memory traffic, the bound of this kernel.
// Cost 4 m n flops, 8 m n bytes read once.

import { dscal, dotUnit, dotRows, axpyRows4, dot0, dot1, dot2, dot3 } from "./level1";

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
    dotRows(n, 4, r0, rowBytes, v);
    let t0 = dot0, t1 = dot1, t2 = dot2, t3 = dot3;
    if (w != 0) {
      const pw = w + (<usize>i << 3);
      t0 *= load<f64>(pw);
      t1 *= load<f64>(pw, 8);
      t2 *= load<f64>(pw, 16);
      t3 *= load<f64>(pw, 24);
    }
    // the four rows are still in cache from dotRows
    axpyRows4(n, alpha * t0, alpha * t1, alpha * t2, alpha * t3, r0, rowBytes, y);
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
