// DGEBAK: back-transforms right eigenvectors of a matrix balanced by dgebal into those of the
// original matrix: V := P D V for the n x m V (its columns are the vectors), with the
// permutation P and scaling D that dgebal recorded in scale, ilo, ihi. job as in dgebal.
// vtrans == 0: V row-major (V[i, j] at v + 8 (i ldv + j), ldv >= m); vtrans != 0: V stored
// transposed, one vector per row (V[i, j] at v + 8 (j ldv + i), ldv >= n), as dtrevc leaves it.
//
// Algorithm: LAPACK 3.12 dgebak, side 'R' (gonum lapack/gonum/dgebak.go): rows ilo..ihi are
// scaled by scale[i], then the row interchanges are undone, ilo-1 down to 0 and ihi+1 up to n-1.
// Cost n m flops. Returns 0 or -i for an invalid argument i.

import { scalUnit } from "../blas/level1";
import { at, vget } from "./nonsym_common";

export function dgebak(job: i32, n: i32, ilo: i32, ihi: i32, scale: usize, m: i32, v: usize, ldv: i32, vtrans: i32): i32 {
  if (job < 0 || job > 3) return -1;
  if (n < 0) return -2;
  if (ilo < 0 || ilo > max(0, n - 1)) return -3;
  if (ihi < min(ilo, n - 1) || ihi >= n) return -4;
  if (m < 0) return -6;
  if (ldv < max(1, vtrans != 0 ? n : m)) return -8;
  if (vtrans != 0 && vtrans != 1) return -9;
  if (n == 0 || m == 0 || job == 0) return 0;
  if (vtrans != 0) {
    // component i of every vector is column i
    if (ilo != ihi && job != 1) {
      for (let r = 0; r < m; r++) {
        const row = at(v, ldv, r, 0);
        for (let i = ilo; i <= ihi; i++) store<f64>(row + (<usize>i << 3), load<f64>(row + (<usize>i << 3)) * vget(scale, i));
      }
    }
    if (job == 2) return 0;
    for (let r = 0; r < m; r++) {
      const row = at(v, ldv, r, 0);
      for (let i = ilo - 1; i >= 0; i--) swapEntries(row, i, <i32>vget(scale, i));
      for (let i = ihi + 1; i < n; i++) swapEntries(row, i, <i32>vget(scale, i));
    }
    return 0;
  }
  if (ilo != ihi && job != 1) {
    for (let i = ilo; i <= ihi; i++) scalUnit(m, vget(scale, i), at(v, ldv, i, 0));
  }
  if (job == 2) return 0;
  for (let i = ilo - 1; i >= 0; i--) {
    const k = <i32>vget(scale, i);
    if (k != i) swapRowsOf(m, at(v, ldv, i, 0), at(v, ldv, k, 0));
  }
  for (let i = ihi + 1; i < n; i++) {
    const k = <i32>vget(scale, i);
    if (k != i) swapRowsOf(m, at(v, ldv, i, 0), at(v, ldv, k, 0));
  }
  return 0;
}

function swapRowsOf(m: i32, x: usize, y: usize): void {
  for (let j = 0; j < m; j++) {
    const off = <usize>j << 3;
    const t = load<f64>(x + off);
    store<f64>(x + off, load<f64>(y + off));
    store<f64>(y + off, t);
  }
}

// @ts-ignore: decorator
@inline
function swapEntries(row: usize, i: i32, k: i32): void {
  if (k == i) return;
  const pi = row + (<usize>i << 3);
  const pk = row + (<usize>k << 3);
  const t = load<f64>(pi);
  store<f64>(pi, load<f64>(pk));
  store<f64>(pk, t);
}
