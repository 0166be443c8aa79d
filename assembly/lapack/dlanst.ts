// DLANST: norms of the symmetric tridiagonal T = tridiag(e, d, e), d of n entries, e of n - 1
// (LAPACK dlanst; gonum lapack/gonum/dlanst.go). norm = 0 ('M'): max |t_ij|; norm = 1 ('1' = 'I'
// by symmetry): max column sum of |t_ij|. NaN entries propagate. Cost O(n).

import { getF } from "./tridiag_common";

export const NORM_MAX: i32 = 0;
export const NORM_ONE: i32 = 1;

export function dlanst(norm: i32, n: i32, d: usize, e: usize): f64 {
  if (n <= 0) return 0;
  if (norm == NORM_MAX) {
    let anorm = abs<f64>(getF(d, n - 1));
    for (let i = 0; i < n - 1; i++) {
      let s = abs<f64>(getF(d, i));
      if (anorm < s || isNaN(s)) anorm = s;
      s = abs<f64>(getF(e, i));
      if (anorm < s || isNaN(s)) anorm = s;
    }
    return anorm;
  }
  if (n == 1) return abs<f64>(getF(d, 0));
  let anorm = abs<f64>(getF(d, 0)) + abs<f64>(getF(e, 0));
  let s = abs<f64>(getF(e, n - 2)) + abs<f64>(getF(d, n - 1));
  if (anorm < s || isNaN(s)) anorm = s;
  for (let i = 1; i < n - 1; i++) {
    s = abs<f64>(getF(d, i)) + abs<f64>(getF(e, i)) + abs<f64>(getF(e, i - 1));
    if (anorm < s || isNaN(s)) anorm = s;
  }
  return anorm;
}
