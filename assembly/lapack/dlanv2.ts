// DLANV2: the Schur factorization of a real 2 x 2 nonsymmetric matrix in standardized form,
//
//   [ a b ] = [ cs -sn ] [ aa bb ] [  cs sn ]
//   [ c d ]   [ sn  cs ] [ cc dd ] [ -sn cs ],
//
// where either cc = 0 (real eigenvalues aa, dd) or aa = dd and bb cc < 0 (the complex pair
// aa +- sqrt(bb cc)). The eigenvalues are (rt1r, rt1i) and (rt2r, rt2i), with rt1i >= 0 for a
// complex pair.
//
// Algorithm: LAPACK 3.12 dlanv2 (gonum lapack/gonum/dlanv2.go), with the rescaling of sigma and
// temp that LAPACK 3.9 added to avoid overflow when making the diagonal equal.
//
// The results are left in the module globals below (read them right after the call); the
// routine runs inside dlahqr and dlaexc, where memory outputs would need workspace. dlanv2_out
// is the exported form, writing [aa, bb, cc, dd, rt1r, rt1i, rt2r, rt2i, cs, sn] to `out`.

import { dlapy2 } from "./dlapy2";
import { ULP } from "./nonsym_common";

export let lnvAA: f64 = 0;
export let lnvBB: f64 = 0;
export let lnvCC: f64 = 0;
export let lnvDD: f64 = 0;
export let lnvRT1R: f64 = 0;
export let lnvRT1I: f64 = 0;
export let lnvRT2R: f64 = 0;
export let lnvRT2I: f64 = 0;
export let lnvCS: f64 = 1;
export let lnvSN: f64 = 0;

// LAPACK: safmn2 = base^int(log(safmin / ulp) / log(base) / 2) = 2^-485, safmx2 = 1 / safmn2
const SAFMN2: f64 = 1.0010415475915505e-146;
const SAFMX2: f64 = 9.989595361011175e+145;

// @ts-ignore: decorator
@inline
function signbit(x: f64): bool {
  return (reinterpret<u64>(x) >> 63) != 0;
}

export function dlanv2(a: f64, b: f64, c: f64, d: f64): void {
  let aa: f64, bb: f64, cc: f64, dd: f64, cs: f64, sn: f64;
  if (c == 0) {
    // already upper triangular
    aa = a; bb = b; cc = 0; dd = d; cs = 1; sn = 0;
  } else if (b == 0) {
    // lower triangular: swap rows and columns
    aa = d; bb = -c; cc = 0; dd = a; cs = 0; sn = 1;
  } else if (a == d && signbit(b) != signbit(c)) {
    // already in standard form
    aa = a; bb = b; cc = c; dd = d; cs = 1; sn = 0;
  } else {
    let temp = a - d;
    let p = 0.5 * temp;
    const bcmax = Math.max(Math.abs(b), Math.abs(c));
    let bcmis = Math.min(Math.abs(b), Math.abs(c));
    if (b * c < 0) bcmis = -bcmis;
    let scale = Math.max(Math.abs(p), bcmax);
    let z = (p / scale) * p + (bcmax / scale) * bcmis;
    if (z >= 4.0 * ULP) {
      // real eigenvalues: compute aa and dd
      z = p + (p >= 0 ? Math.sqrt(scale) * Math.sqrt(z) : -Math.sqrt(scale) * Math.sqrt(z));
      aa = d + z;
      dd = d - (bcmax / z) * bcmis;
      const tau = dlapy2(c, z);
      cs = z / tau;
      sn = c / tau;
      bb = b - c;
      cc = 0;
    } else {
      // complex, or real (almost) equal eigenvalues: make the diagonal entries equal
      let sigma = b + c;
      for (let iter = 0; iter < 20; iter++) {
        scale = Math.max(Math.abs(temp), Math.abs(sigma));
        if (scale >= SAFMX2) {
          sigma *= SAFMN2;
          temp *= SAFMN2;
        } else if (scale <= SAFMN2) {
          sigma *= SAFMX2;
          temp *= SAFMX2;
        } else {
          break;
        }
      }
      p = 0.5 * temp;
      let tau: f64 = dlapy2(sigma, temp);
      cs = Math.sqrt(0.5 * (1 + Math.abs(sigma) / tau));
      sn = -(p / (tau * cs)) * (sigma >= 0 ? 1.0 : -1.0);
      // [aa bb; cc dd] = [a b; c d] [cs -sn; sn cs]
      const aa1 = a * cs + b * sn;
      const bb1 = -a * sn + b * cs;
      const cc1 = c * cs + d * sn;
      const dd1 = -c * sn + d * cs;
      // [a b; c d] = [cs sn; -sn cs] [aa bb; cc dd]
      const a2 = aa1 * cs + cc1 * sn;
      const b2 = bb1 * cs + dd1 * sn;
      const c2 = -aa1 * sn + cc1 * cs;
      const d2 = -bb1 * sn + dd1 * cs;
      temp = 0.5 * (a2 + d2);
      aa = temp; bb = b2; cc = c2; dd = temp;
      if (cc != 0) {
        if (bb != 0) {
          if (signbit(bb) == signbit(cc)) {
            // real eigenvalues: reduce to upper triangular form
            const sab = Math.sqrt(Math.abs(bb));
            const sac = Math.sqrt(Math.abs(cc));
            p = cc >= 0 ? sab * sac : -(sab * sac);
            tau = 1 / Math.sqrt(Math.abs(bb + cc));
            aa = temp + p;
            bb = bb - cc;
            cc = 0;
            dd = temp - p;
            const cs1 = sab * tau;
            const sn1 = sac * tau;
            const csNew = cs * cs1 - sn * sn1;
            sn = cs * sn1 + sn * cs1;
            cs = csNew;
          }
        } else {
          bb = -cc;
          cc = 0;
          const csNew = -sn;
          sn = cs;
          cs = csNew;
        }
      }
    }
  }
  lnvAA = aa; lnvBB = bb; lnvCC = cc; lnvDD = dd;
  lnvCS = cs; lnvSN = sn;
  lnvRT1R = aa;
  lnvRT2R = dd;
  if (cc != 0) {
    lnvRT1I = Math.sqrt(Math.abs(bb)) * Math.sqrt(Math.abs(cc));
    lnvRT2I = -lnvRT1I;
  } else {
    lnvRT1I = 0;
    lnvRT2I = 0;
  }
}

/** dlanv2 writing [aa, bb, cc, dd, rt1r, rt1i, rt2r, rt2i, cs, sn] to the 10 doubles at out. */
export function dlanv2_out(a: f64, b: f64, c: f64, d: f64, out: usize): void {
  dlanv2(a, b, c, d);
  store<f64>(out, lnvAA);
  store<f64>(out, lnvBB, 8);
  store<f64>(out, lnvCC, 16);
  store<f64>(out, lnvDD, 24);
  store<f64>(out, lnvRT1R, 32);
  store<f64>(out, lnvRT1I, 40);
  store<f64>(out, lnvRT2R, 48);
  store<f64>(out, lnvRT2I, 56);
  store<f64>(out, lnvCS, 64);
  store<f64>(out, lnvSN, 72);
}
