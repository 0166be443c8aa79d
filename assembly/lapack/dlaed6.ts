// DLAED6: one root, by the Gragg-Thornton-Warner cubically convergent scheme, of the secular
// equation restricted to three poles,
//
//   f(x) = rho + z0 / (d0 - x) + z1 / (d1 - x) + z2 / (d2 - x),
//
// the root lying between d1 and d2 if orgati (else between d0 and d1), with finit = f(0)
// (LAPACK dlaed6, used by dlaed4 for the middle roots). d points to the three poles d0 < d1 < d2
// (shifted so that the origin is the nearest pole); kniter = 2 asks for the initial guess from
// the interpolating quadratic. Inputs are scaled by a power of two near safmin^(-1/3) or
// safmin^(-2/3) when the root is that close to a pole, so that 1 / (d - tau)^3 cannot overflow.
//
// Returns tau; sets dlaed6Failed when 40 iterations did not meet the tolerance (tau is then the
// last iterate). dlaed4 reads that flag right after the call.

import { EPS, getF } from "./tridiag_common";

export let dlaed6Failed: bool = false;

const MAXIT: i32 = 40;
const SMALL1: f64 = 4.464794497196387e-103; // 2^-340 = base^int(log(safmin) / log(base) / 3)
const SMINV1: f64 = 2.2397447421778042e102; // 2^340
const SMALL2: f64 = SMALL1 * SMALL1;
const SMINV2: f64 = SMINV1 * SMINV1;

export function dlaed6(kniter: i32, orgati: bool, rho: f64, d: usize, z0: f64, z1: f64, z2: f64, finit: f64): f64 {
  dlaed6Failed = false;
  const d0 = getF(d, 0);
  const d1 = getF(d, 1);
  const d2 = getF(d, 2);
  let lbd: f64;
  let ubd: f64;
  if (orgati) {
    lbd = d1;
    ubd = d2;
  } else {
    lbd = d0;
    ubd = d1;
  }
  if (finit < 0) {
    lbd = 0;
  } else {
    ubd = 0;
  }

  let tau: f64 = 0;
  if (kniter == 2) {
    let a: f64;
    let b: f64;
    let c: f64;
    if (orgati) {
      const temp = (d2 - d1) / 2;
      c = rho + z0 / (d0 - d1 - temp);
      a = c * (d1 + d2) + z1 + z2;
      b = c * d1 * d2 + z1 * d2 + z2 * d1;
    } else {
      const temp = (d0 - d1) / 2;
      c = rho + z2 / (d2 - d1 - temp);
      a = c * (d0 + d1) + z0 + z1;
      b = c * d0 * d1 + z0 * d1 + z1 * d0;
    }
    const temp = max<f64>(abs<f64>(a), max<f64>(abs<f64>(b), abs<f64>(c)));
    a /= temp;
    b /= temp;
    c /= temp;
    if (c == 0) {
      tau = b / a;
    } else if (a <= 0) {
      tau = (a - sqrt<f64>(abs<f64>(a * a - 4 * b * c))) / (2 * c);
    } else {
      tau = (2 * b) / (a + sqrt<f64>(abs<f64>(a * a - 4 * b * c)));
    }
    if (tau < lbd || tau > ubd) tau = (lbd + ubd) / 2;
    if (d0 == tau || d1 == tau || d2 == tau) {
      tau = 0;
    } else {
      const temp2 = finit + (tau * z0) / (d0 * (d0 - tau)) + (tau * z1) / (d1 * (d1 - tau)) + (tau * z2) / (d2 * (d2 - tau));
      if (temp2 <= 0) {
        lbd = tau;
      } else {
        ubd = tau;
      }
      if (abs<f64>(finit) <= abs<f64>(temp2)) tau = 0;
    }
  }

  // scale when the root is within safmin^(1/3) of a pole
  let temp: f64;
  if (orgati) {
    temp = min<f64>(abs<f64>(d1 - tau), abs<f64>(d2 - tau));
  } else {
    temp = min<f64>(abs<f64>(d0 - tau), abs<f64>(d1 - tau));
  }
  let scale = false;
  let sclinv: f64 = 1;
  let ds0 = d0;
  let ds1 = d1;
  let ds2 = d2;
  let zs0 = z0;
  let zs1 = z1;
  let zs2 = z2;
  if (temp <= SMALL1) {
    scale = true;
    let sclfac: f64;
    if (temp <= SMALL2) {
      sclfac = SMINV2;
      sclinv = SMALL2;
    } else {
      sclfac = SMINV1;
      sclinv = SMALL1;
    }
    ds0 *= sclfac;
    ds1 *= sclfac;
    ds2 *= sclfac;
    zs0 *= sclfac;
    zs1 *= sclfac;
    zs2 *= sclfac;
    tau *= sclfac;
    lbd *= sclfac;
    ubd *= sclfac;
  }

  let fc: f64 = 0;
  let df: f64 = 0;
  let ddf: f64 = 0;
  {
    let t = 1 / (ds0 - tau);
    let t1 = zs0 * t;
    let t2 = t1 * t;
    fc += t1 / ds0;
    df += t2;
    ddf += t2 * t;
    t = 1 / (ds1 - tau);
    t1 = zs1 * t;
    t2 = t1 * t;
    fc += t1 / ds1;
    df += t2;
    ddf += t2 * t;
    t = 1 / (ds2 - tau);
    t1 = zs2 * t;
    t2 = t1 * t;
    fc += t1 / ds2;
    df += t2;
    ddf += t2 * t;
  }
  let f = finit + tau * fc;
  let converged = false;
  if (abs<f64>(f) <= 0) {
    converged = true;
  } else {
    if (f <= 0) {
      lbd = tau;
    } else {
      ubd = tau;
    }
    for (let niter = 2; niter <= MAXIT; niter++) {
      let t1: f64;
      let t2: f64;
      if (orgati) {
        t1 = ds1 - tau;
        t2 = ds2 - tau;
      } else {
        t1 = ds0 - tau;
        t2 = ds1 - tau;
      }
      let a = (t1 + t2) * f - t1 * t2 * df;
      let b = t1 * t2 * f;
      let c = f - (t1 + t2) * df + t1 * t2 * ddf;
      const tmax = max<f64>(abs<f64>(a), max<f64>(abs<f64>(b), abs<f64>(c)));
      a /= tmax;
      b /= tmax;
      c /= tmax;
      let eta: f64;
      if (c == 0) {
        eta = b / a;
      } else if (a <= 0) {
        eta = (a - sqrt<f64>(abs<f64>(a * a - 4 * b * c))) / (2 * c);
      } else {
        eta = (2 * b) / (a + sqrt<f64>(abs<f64>(a * a - 4 * b * c)));
      }
      if (f * eta >= 0) eta = -f / df;
      tau += eta;
      if (tau < lbd || tau > ubd) tau = (lbd + ubd) / 2;

      fc = 0;
      let erretm: f64 = 0;
      df = 0;
      ddf = 0;
      // a pole hit exactly ends the iteration (LAPACK: GO TO 60)
      if (ds0 - tau == 0 || ds1 - tau == 0 || ds2 - tau == 0) {
        converged = true;
        break;
      }
      let t = 1 / (ds0 - tau);
      let u1 = zs0 * t;
      let u2 = u1 * t;
      let u4 = u1 / ds0;
      fc += u4;
      erretm += abs<f64>(u4);
      df += u2;
      ddf += u2 * t;
      t = 1 / (ds1 - tau);
      u1 = zs1 * t;
      u2 = u1 * t;
      u4 = u1 / ds1;
      fc += u4;
      erretm += abs<f64>(u4);
      df += u2;
      ddf += u2 * t;
      t = 1 / (ds2 - tau);
      u1 = zs2 * t;
      u2 = u1 * t;
      u4 = u1 / ds2;
      fc += u4;
      erretm += abs<f64>(u4);
      df += u2;
      ddf += u2 * t;

      f = finit + tau * fc;
      erretm = 8 * (abs<f64>(finit) + abs<f64>(tau) * erretm) + abs<f64>(tau) * df;
      if (abs<f64>(f) <= 4 * EPS * erretm || ubd - lbd <= 4 * EPS * abs<f64>(tau)) {
        converged = true;
        break;
      }
      if (f <= 0) {
        lbd = tau;
      } else {
        ubd = tau;
      }
    }
  }
  if (!converged) dlaed6Failed = true;
  if (scale) tau *= sclinv;
  return tau;
}
