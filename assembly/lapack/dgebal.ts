// DGEBAL: balances a general n x n matrix A (row-major) before the eigenvalue computation:
//
//   1. permutes rows and columns to isolate eigenvalues: P^T A P = [T1 X Y; 0 B Z; 0 0 T2] with
//      T1, T2 upper triangular (their eigenvalues are on the diagonal, exactly) and B in rows and
//      columns ilo..ihi;
//   2. scales B by a diagonal similarity D^-1 B D with powers of 2 (no rounding error) so that
//      each row and its column have nearly equal norms.
//
// job: 0 none, 1 permute only, 2 scale only, 3 both (LAPACK 'N', 'P', 'S', 'B').
// On exit out[0] = ilo, out[1] = ihi (two i32 at `out`), and scale[j] holds the index of the row
// and column interchanged with j for j outside ilo..ihi, the scaling factor D[j, j] inside.
//
// Algorithm: LAPACK 3.12 dgebal (gonum lapack/gonum/dgebal.go): the row search pushes rows with
// zero off-diagonal entries down, the column search pushes such columns left, then the James-
// Langou-Lowery 2014 scaling loop (2-norms, factor 0.95, sclfac 2). Balancing makes Francis QR
// backward stable with respect to the balanced matrix, which matters for matrices with entries
// of very different sizes (companion matrices). Cost O(n^2) per scaling sweep.
// Returns 0, -i for an invalid argument i, or 1 when a NaN stopped the scaling loop.

import { dnrm2, idamax, dscal } from "../blas/level1";
import { SAFMIN, ULP, at, get, vget, vput } from "./nonsym_common";

// @ts-ignore: decorator
@inline
function swapRows(n: i32, a: usize, lda: i32, i: i32, j: i32, from: i32): void {
  for (let c = from; c < n; c++) {
    const pi = at(a, lda, i, c);
    const pj = at(a, lda, j, c);
    const t = load<f64>(pi);
    store<f64>(pi, load<f64>(pj));
    store<f64>(pj, t);
  }
}

// @ts-ignore: decorator
@inline
function swapCols(m: i32, a: usize, lda: i32, i: i32, j: i32): void {
  for (let r = 0; r < m; r++) {
    const pi = at(a, lda, r, i);
    const pj = at(a, lda, r, j);
    const t = load<f64>(pi);
    store<f64>(pi, load<f64>(pj));
    store<f64>(pj, t);
  }
}

export function dgebal(job: i32, n: i32, a: usize, lda: i32, scale: usize, out: usize): i32 {
  if (job < 0 || job > 3) return -1;
  if (n < 0) return -2;
  if (lda < max(1, n)) return -4;
  let ilo = 0;
  let ihi = n - 1;
  store<i32>(out, 0);
  store<i32>(out, n - 1, 4);
  if (n == 0) return 0;
  if (job == 0) {
    for (let i = 0; i < n; i++) vput(scale, i, 1.0);
    return 0;
  }
  if (job != 2) {
    // rows isolating an eigenvalue go to the bottom
    let swapped = true;
    while (swapped) {
      swapped = false;
      for (let i = ihi; i >= 0; i--) {
        let zeroRow = true;
        for (let j = 0; j <= ihi; j++) {
          if (i != j && get(a, lda, i, j) != 0) { zeroRow = false; break; }
        }
        if (!zeroRow) continue;
        vput(scale, ihi, <f64>i);
        if (i != ihi) {
          swapCols(ihi + 1, a, lda, i, ihi);
          swapRows(n, a, lda, i, ihi, 0);
        }
        if (ihi == 0) {
          vput(scale, 0, 1.0);
          store<i32>(out, 0);
          store<i32>(out, 0, 4);
          return 0;
        }
        ihi--;
        swapped = true;
        break;
      }
    }
    // columns isolating an eigenvalue go to the left
    swapped = true;
    while (swapped) {
      swapped = false;
      for (let j = ilo; j <= ihi; j++) {
        let zeroCol = true;
        for (let i = ilo; i <= ihi; i++) {
          if (i != j && get(a, lda, i, j) != 0) { zeroCol = false; break; }
        }
        if (!zeroCol) continue;
        vput(scale, ilo, <f64>j);
        if (j != ilo) {
          swapCols(ihi + 1, a, lda, j, ilo);
          swapRows(n, a, lda, j, ilo, ilo);
        }
        swapped = true;
        ilo++;
        break;
      }
    }
  }
  for (let i = ilo; i <= ihi; i++) vput(scale, i, 1.0);
  store<i32>(out, ilo);
  store<i32>(out, ihi, 4);
  if (job == 1) return 0;

  // iterative norm reduction on rows and columns ilo..ihi
  const SCLFAC: f64 = 2;
  const FACTOR: f64 = 0.95;
  const sfmin1 = SAFMIN / ULP;
  const sfmax1 = 1 / sfmin1;
  const sfmin2 = sfmin1 * SCLFAC;
  const sfmax2 = 1 / sfmin2;
  const nb = ihi - ilo + 1;
  let conv = false;
  while (!conv) {
    conv = true;
    for (let i = ilo; i <= ihi; i++) {
      let c = dnrm2(nb, at(a, lda, ilo, i), lda);
      let r = dnrm2(nb, at(a, lda, i, ilo), 1);
      const ica = idamax(ihi + 1, at(a, lda, 0, i), lda);
      let ca = Math.abs(get(a, lda, ica, i));
      const ira = idamax(n - ilo, at(a, lda, i, ilo), 1);
      let ra = Math.abs(get(a, lda, i, ilo + ira));
      if (c == 0 || r == 0) continue;
      if (isNaN(c + ca + r + ra)) return 1;
      let g = r / SCLFAC;
      let f: f64 = 1;
      const s = c + r;
      while (c < g && Math.max(f, Math.max(c, ca)) < sfmax2 && Math.min(r, Math.min(g, ra)) > sfmin2) {
        f *= SCLFAC;
        c *= SCLFAC;
        ca *= SCLFAC;
        g /= SCLFAC;
        r /= SCLFAC;
        ra /= SCLFAC;
      }
      g = c / SCLFAC;
      while (r <= g && Math.max(r, ra) < sfmax2 && Math.min(Math.min(f, c), Math.min(g, ca)) > sfmin2) {
        f /= SCLFAC;
        c /= SCLFAC;
        ca /= SCLFAC;
        g /= SCLFAC;
        r *= SCLFAC;
        ra *= SCLFAC;
      }
      if (c + r >= FACTOR * s) continue;
      const si = vget(scale, i);
      if (f < 1 && si < 1 && f * si <= sfmin1) continue;
      if (f > 1 && si > 1 && si >= sfmax1 / f) continue;
      vput(scale, i, si * f);
      dscal(n - ilo, 1 / f, at(a, lda, i, ilo), 1);
      dscal(ihi + 1, f, at(a, lda, 0, i), lda);
      conv = false;
    }
  }
  return 0;
}
