// DLAGTF: LU factorization with partial (row-interchange) pivoting of T - lambda I for a
// tridiagonal T (LAPACK dlagtf), as used by inverse iteration:
//
//   P (T - lambda I) = L U,
//
// a: the n diagonal entries (overwritten by the diagonal of U), b: the n - 1 superdiagonal
// entries (first superdiagonal of U), c: the n - 1 subdiagonal entries (the multipliers of L),
// d: n - 2 doubles for the second superdiagonal of U, in: n i32 with in[k] = 1 when rows k and
// k+1 were interchanged at step k; in[n-1] (the last entry) is the 1-based index of the first
// pivot that is small relative to tol (max(tol, eps) times the local row scale), else 0.

import { EPS, getF, setF, setI, getI } from "./tridiag_common";

export function dlagtf(n: i32, a: usize, lambda: f64, b: usize, c: usize, tol: f64, d: usize, inp: usize): void {
  if (n <= 0) return;
  setF(a, 0, getF(a, 0) - lambda);
  setI(inp, n - 1, 0);
  if (n == 1) {
    if (getF(a, 0) == 0) setI(inp, 0, 1);
    return;
  }
  const tl = max<f64>(tol, EPS);
  let scale1 = abs<f64>(getF(a, 0)) + abs<f64>(getF(b, 0));
  for (let k = 0; k < n - 1; k++) {
    setF(a, k + 1, getF(a, k + 1) - lambda);
    let scale2 = abs<f64>(getF(c, k)) + abs<f64>(getF(a, k + 1));
    if (k < n - 2) scale2 += abs<f64>(getF(b, k + 1));
    const ak = getF(a, k);
    const piv1 = ak == 0 ? 0 : abs<f64>(ak) / scale1;
    let piv2: f64;
    const ck = getF(c, k);
    if (ck == 0) {
      setI(inp, k, 0);
      piv2 = 0;
      scale1 = scale2;
      if (k < n - 2) setF(d, k, 0);
    } else {
      piv2 = abs<f64>(ck) / scale2;
      if (piv2 <= piv1) {
        setI(inp, k, 0);
        scale1 = scale2;
        const mult = ck / ak;
        setF(c, k, mult);
        setF(a, k + 1, getF(a, k + 1) - mult * getF(b, k));
        if (k < n - 2) setF(d, k, 0);
      } else {
        setI(inp, k, 1);
        const mult = ak / ck;
        setF(a, k, ck);
        const temp = getF(a, k + 1);
        setF(a, k + 1, getF(b, k) - mult * temp);
        if (k < n - 2) {
          setF(d, k, getF(b, k + 1));
          setF(b, k + 1, -mult * getF(d, k));
        }
        setF(b, k, temp);
        setF(c, k, mult);
      }
    }
    if (max<f64>(piv1, piv2) <= tl && getI(inp, n - 1) == 0) setI(inp, n - 1, k + 1);
  }
  if (abs<f64>(getF(a, n - 1)) <= scale1 * tl && getI(inp, n - 1) == 0) setI(inp, n - 1, n);
}
