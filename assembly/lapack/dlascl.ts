// DLASCL for one vector (type 'G', one column): x := x * (cto / cfrom), computed as a product
// of factors that are each representable, so that no intermediate overflows or underflows
// (LAPACK dlascl; gonum lapack/gonum/dlascl.go). cfrom must be nonzero and not NaN; the
// tridiagonal solvers call it only with a finite positive norm.

import { SAFMIN } from "./tridiag_common";
import { scalUnit } from "../blas/level1";

export function dlascl(cfrom: f64, cto: f64, n: i32, x: usize): void {
  if (n <= 0) return;
  const smlnum = SAFMIN;
  const bignum = 1 / smlnum;
  let cfromc = cfrom;
  let ctoc = cto;
  let done = false;
  while (!done) {
    const cfrom1 = cfromc * smlnum;
    let mul: f64;
    if (cfrom1 == cfromc) {
      // cfromc is infinite
      mul = ctoc / cfromc;
      done = true;
    } else {
      const cto1 = ctoc / bignum;
      if (cto1 == ctoc) {
        // ctoc is 0 or infinite
        mul = ctoc;
        done = true;
        cfromc = 1;
      } else if (abs<f64>(cfrom1) > abs<f64>(ctoc) && ctoc != 0) {
        mul = smlnum;
        cfromc = cfrom1;
      } else if (abs<f64>(cto1) > abs<f64>(cfromc)) {
        mul = bignum;
        ctoc = cto1;
      } else {
        mul = ctoc / cfromc;
        done = true;
      }
    }
    if (mul == 0) {
      memory.fill(x, 0, <usize>n << 3);
    } else {
      scalUnit(n, mul, x);
    }
  }
}
