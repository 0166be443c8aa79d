// DLARFG: generates an elementary (Householder) reflector H of order n such that
//
//   H (alpha; x) = (beta; 0),   H^T H = I,   H = I - tau (1; v) (1; v)^T,
//
// where alpha is a scalar and x an (n-1)-vector. On return x holds v, the scalar at `alphaPtr`
// holds beta and the function returns tau (0 when x is already zero: H = I). 1 <= tau <= 2
// whenever tau != 0, and beta = -sign(alpha) ||(alpha; x)||.
//
// Algorithm: LAPACK 3.12 dlarfg (and gonum lapack/gonum/dlarfg.go). When |beta| is below
// safmin = tiny/eps the norm may be inaccurate, so x and alpha are rescaled by 1/safmin (at most
// 20 times, as LAPACK does) and the norm is recomputed; beta is scaled back at the end. dnrm2
// does its own overflow-safe scaling. Cost about 3n flops (one norm, one scaling of x).

import { dnrm2, dscal } from "../blas/level1";
import { dlapy2 } from "./dlapy2";
import { EPS, SAFMIN } from "./dlamch";

// dlamch('S') / dlamch('E') = 2^-1022 / 2^-53: below this |beta| is recomputed after scaling.
const SAFMIN_OVER_EPS: f64 = SAFMIN / EPS;

/**
 * Householder reflector of order n for (alpha; x): x (n - 1 entries at `x`, stride incx) is
 * overwritten by v, `alphaPtr` by beta; returns tau. n <= 1 or x = 0 gives tau = 0 (H = I).
 */
export function dlarfg(n: i32, alphaPtr: usize, x: usize, incx: i32): f64 {
  if (n <= 1) return 0;
  let xnorm = dnrm2(n - 1, x, incx);
  if (xnorm == 0) return 0;
  let alpha = load<f64>(alphaPtr);
  let beta = -Math.abs(dlapy2(alpha, xnorm)) * (alpha >= 0 ? 1.0 : -1.0);
  const safmin = SAFMIN_OVER_EPS;
  const rsafmn = 1 / safmin;
  let knt = 0;
  if (Math.abs(beta) < safmin) {
    // beta may be inaccurate: scale x and alpha up and recompute (LAPACK: at most 20 times)
    do {
      knt++;
      dscal(n - 1, rsafmn, x, incx);
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (Math.abs(beta) < safmin && knt < 20);
    xnorm = dnrm2(n - 1, x, incx);
    beta = -Math.abs(dlapy2(alpha, xnorm)) * (alpha >= 0 ? 1.0 : -1.0);
  }
  const tau = (beta - alpha) / beta;
  dscal(n - 1, 1 / (alpha - beta), x, incx);
  for (let j = 0; j < knt; j++) beta *= safmin;
  store<f64>(alphaPtr, beta);
  return tau;
}
