// DLAGTS with JOB = -1: solves (T - lambda I) x = y with the factorization of dlagtf, y
// overwritten by x (LAPACK dlagts). Where a diagonal entry of U is tiny enough that the
// division would overflow, it is perturbed by +-tol (doubled until safe) instead of failing:
// inverse iteration wants a huge but finite solution, not an error. tol <= 0 selects
// eps * max |entries of U| (eps = 2^-53), or eps when U is zero.
//
// a, b, d: diagonal, first and second superdiagonals of U; c: multipliers of L; inp: the
// interchanges (dlagtf). y: n doubles, in place.

import { EPS, SAFMIN, getF, setF, getI } from "./tridiag_common";

export function dlagtsPerturbed(n: i32, a: usize, b: usize, c: usize, d: usize, inp: usize, y: usize, tolIn: f64): void {
  if (n <= 0) return;
  const sfmin = SAFMIN;
  const bignum = 1 / sfmin;
  let tol = tolIn;
  if (tol <= 0) {
    tol = abs<f64>(getF(a, 0));
    if (n > 1) tol = max<f64>(tol, max<f64>(abs<f64>(getF(a, 1)), abs<f64>(getF(b, 0))));
    for (let k = 2; k < n; k++) {
      tol = max<f64>(tol, max<f64>(abs<f64>(getF(a, k)), max<f64>(abs<f64>(getF(b, k - 1)), abs<f64>(getF(d, k - 2)))));
    }
    tol *= EPS;
    if (tol == 0) tol = EPS;
  }
  // L: forward elimination with the interchanges
  for (let k = 1; k < n; k++) {
    if (getI(inp, k - 1) == 0) {
      setF(y, k, getF(y, k) - getF(c, k - 1) * getF(y, k - 1));
    } else {
      const temp = getF(y, k - 1);
      setF(y, k - 1, getF(y, k));
      setF(y, k, temp - getF(c, k - 1) * getF(y, k));
    }
  }
  // U: back substitution with perturbed tiny pivots
  for (let k = n - 1; k >= 0; k--) {
    let temp: f64;
    if (k <= n - 3) {
      temp = getF(y, k) - getF(b, k) * getF(y, k + 1) - getF(d, k) * getF(y, k + 2);
    } else if (k == n - 2) {
      temp = getF(y, k) - getF(b, k) * getF(y, k + 1);
    } else {
      temp = getF(y, k);
    }
    let ak = getF(a, k);
    let pert = copysign<f64>(tol, ak);
    while (true) {
      const absak = abs<f64>(ak);
      if (absak < 1) {
        if (absak < sfmin) {
          if (absak == 0 || abs<f64>(temp) * sfmin > absak) {
            ak += pert;
            pert *= 2;
            continue;
          }
          temp *= bignum;
          ak *= bignum;
        } else if (abs<f64>(temp) > absak * bignum) {
          ak += pert;
          pert *= 2;
          continue;
        }
      }
      break;
    }
    setF(y, k, temp / ak);
  }
}
