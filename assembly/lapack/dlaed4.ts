// DLAED4: the i-th (0-based) root lambda of the secular equation of a rank-one modification,
//
//   f(lambda) = 1 / rho + sum_j z_j^2 / (d_j - lambda) = 0,
//
// for d[0] < d[1] < ... < d[n-1], ||z|| = 1, rho > 0 (LAPACK dlaed4; Ren-Cang Li, "Solving
// secular equations stably and efficiently", LAWN 89, 1993). Writes lambda to dlamPtr and
// delta[j] = d[j] - lambda for j < n, computed relative to the nearer pole so that every
// difference keeps full relative accuracy: that is what makes the eigenvectors of dlaed3
// orthogonal.
//
// Method: the root is sought as an offset tau from the nearer pole (d[i] or d[i+1]; d[n-1] for
// the last root) starting from a two-pole rational guess; each step interpolates psi (the poles
// below) and phi (the poles above) by rationals with the two nearest poles (the "middle way"),
// or by three poles through dlaed6 when that is more accurate, with a Newton fallback and a
// bracket [dltlb, dltub] that every step must respect. Stops when |f| <= eps * (an a-posteriori
// bound of its rounding error). n = 1 and n = 2 are closed forms (n = 2: dlaed5).
//
// Returns 0, or 1 when 30 iterations did not converge (dlam, delta hold the last iterate).

import { EPS, getF, setF } from "./tridiag_common";
import { dlaed5 } from "./dlaed5";
import { dlaed6, dlaed6Failed } from "./dlaed6";

const MAXIT: i32 = 30;

export function dlaed4(n: i32, i: i32, d: usize, z: usize, delta: usize, rho: f64, dlamPtr: usize): i32 {
  if (n == 1) {
    store<f64>(dlamPtr, getF(d, 0) + rho * getF(z, 0) * getF(z, 0));
    setF(delta, 0, 1);
    return 0;
  }
  if (n == 2) {
    dlaed5(i, d, z, delta, rho, dlamPtr);
    return 0;
  }
  const eps = EPS;
  const rhoinv = 1 / rho;
  if (i == n - 1) return lastRoot(n, d, z, delta, rho, rhoinv, eps, dlamPtr);
  return innerRoot(n, i, d, z, delta, rho, rhoinv, eps, dlamPtr);
}

// The largest root, in (d[n-1], d[n-1] + rho).
function lastRoot(n: i32, d: usize, z: usize, delta: usize, rho: f64, rhoinv: f64, eps: f64, dlamPtr: usize): i32 {
  const i = n - 1;
  const ii = n - 2;
  const di = getF(d, i);
  const midpt = rho / 2;
  for (let j = 0; j < n; j++) setF(delta, j, getF(d, j) - di - midpt);
  let psi: f64 = 0;
  for (let j = 0; j < n - 2; j++) psi += (getF(z, j) * getF(z, j)) / getF(delta, j);
  let c = rhoinv + psi;
  const zn1 = getF(z, n - 2);
  const zn = getF(z, n - 1);
  let w = c + (getF(z, ii) * getF(z, ii)) / getF(delta, ii) + (zn * zn) / getF(delta, n - 1);

  let tau: f64;
  let dltlb: f64;
  let dltub: f64;
  const del = getF(d, n - 1) - getF(d, n - 2);
  if (w <= 0) {
    const temp = (zn1 * zn1) / (del + rho) + (zn * zn) / rho;
    if (c <= temp) {
      tau = rho;
    } else {
      const a = -c * del + zn1 * zn1 + zn * zn;
      const b = zn * zn * del;
      if (a < 0) {
        tau = (2 * b) / (sqrt<f64>(a * a + 4 * b * c) - a);
      } else {
        tau = (a + sqrt<f64>(a * a + 4 * b * c)) / (2 * c);
      }
    }
    // d[n-1] + rho/2 <= lambda < d[n-1] + tau <= d[n-1] + rho
    dltlb = midpt;
    dltub = rho;
  } else {
    const a = -c * del + zn1 * zn1 + zn * zn;
    const b = zn * zn * del;
    if (a < 0) {
      tau = (2 * b) / (sqrt<f64>(a * a + 4 * b * c) - a);
    } else {
      tau = (a + sqrt<f64>(a * a + 4 * b * c)) / (2 * c);
    }
    // d[n-1] < d[n-1] + tau < lambda < d[n-1] + rho/2
    dltlb = 0;
    dltub = midpt;
  }
  for (let j = 0; j < n; j++) setF(delta, j, getF(d, j) - di - tau);

  // psi over poles 0..ii, phi from the last pole
  let dpsi: f64 = 0;
  psi = 0;
  let erretm: f64 = 0;
  for (let j = 0; j <= ii; j++) {
    const t = getF(z, j) / getF(delta, j);
    psi += getF(z, j) * t;
    dpsi += t * t;
    erretm += psi;
  }
  erretm = abs<f64>(erretm);
  let t = zn / getF(delta, n - 1);
  let phi = zn * t;
  let dphi = t * t;
  erretm = 8 * (-phi - psi) + erretm - phi + rhoinv + abs<f64>(tau) * (dpsi + dphi);
  w = rhoinv + phi + psi;

  for (let niter = 1; niter <= MAXIT; niter++) {
    if (abs<f64>(w) <= eps * erretm) {
      store<f64>(dlamPtr, di + tau);
      return 0;
    }
    if (w <= 0) {
      dltlb = max<f64>(dltlb, tau);
    } else {
      dltub = min<f64>(dltub, tau);
    }
    // new step from the rational interpolation with the last two poles
    const dn1 = getF(delta, n - 2);
    const dn = getF(delta, n - 1);
    c = w - dn1 * dpsi - dn * dphi;
    const a = (dn1 + dn) * w - dn1 * dn * (dpsi + dphi);
    const b = dn1 * dn * w;
    let eta: f64;
    if (niter == 1) {
      // first step (LAPACK's code before the main loop): |c| and Ren-Cang Li's c = 0 case
      if (c < 0) c = abs<f64>(c);
      if (c == 0) {
        eta = -w / (dpsi + dphi);
      } else if (a >= 0) {
        eta = (a + sqrt<f64>(abs<f64>(a * a - 4 * b * c))) / (2 * c);
      } else {
        eta = (2 * b) / (a - sqrt<f64>(abs<f64>(a * a - 4 * b * c)));
      }
    } else if (a >= 0) {
      eta = (a + sqrt<f64>(abs<f64>(a * a - 4 * b * c))) / (2 * c);
    } else {
      eta = (2 * b) / (a - sqrt<f64>(abs<f64>(a * a - 4 * b * c)));
    }
    // eta must have the sign opposite to w; otherwise one Newton step
    if (w * eta > 0) eta = -w / (dpsi + dphi);
    let temp = tau + eta;
    if (temp > dltub || temp < dltlb) {
      if (niter == 1) {
        const eta1 = -w / (dpsi + dphi);
        temp = tau + eta1;
        const eta2 = w < 0 ? (dltub - tau) / 2 : (dltlb - tau) / 2;
        if (dltlb <= temp && temp <= dltub) {
          // Newton step inside the bracket: geometric mean of the two distances, its direction
          eta = copysign<f64>(1, eta1) * sqrt<f64>(abs<f64>(eta1)) * sqrt<f64>(abs<f64>(eta2));
        } else {
          eta = eta2;
        }
      } else {
        eta = w < 0 ? (dltub - tau) / 2 : (dltlb - tau) / 2;
      }
    }
    for (let j = 0; j < n; j++) setF(delta, j, getF(delta, j) - eta);
    tau += eta;

    dpsi = 0;
    psi = 0;
    erretm = 0;
    for (let j = 0; j <= ii; j++) {
      const tj = getF(z, j) / getF(delta, j);
      psi += getF(z, j) * tj;
      dpsi += tj * tj;
      erretm += psi;
    }
    erretm = abs<f64>(erretm);
    t = zn / getF(delta, n - 1);
    phi = zn * t;
    dphi = t * t;
    erretm = 8 * (-phi - psi) + erretm - phi + rhoinv + abs<f64>(tau) * (dpsi + dphi);
    w = rhoinv + phi + psi;
  }
  // one more convergence test of the last iterate (LAPACK stops without it)
  if (abs<f64>(w) <= eps * erretm) {
    store<f64>(dlamPtr, di + tau);
    return 0;
  }
  store<f64>(dlamPtr, di + tau);
  return 1;
}

// Root i < n - 1, in (d[i], d[i+1]).
function innerRoot(n: i32, i: i32, d: usize, z: usize, delta: usize, rho: f64, rhoinv: f64, eps: f64, dlamPtr: usize): i32 {
  const ip1 = i + 1;
  const di = getF(d, i);
  const dip1 = getF(d, ip1);
  const zi = getF(z, i);
  const zip1 = getF(z, ip1);
  const del = dip1 - di;
  const midpt = del / 2;
  for (let j = 0; j < n; j++) setF(delta, j, getF(d, j) - di - midpt);
  let psi: f64 = 0;
  for (let j = 0; j < i; j++) psi += (getF(z, j) * getF(z, j)) / getF(delta, j);
  let phi: f64 = 0;
  for (let j = n - 1; j >= i + 2; j--) phi += (getF(z, j) * getF(z, j)) / getF(delta, j);
  let c = rhoinv + psi + phi;
  let w = c + (zi * zi) / getF(delta, i) + (zip1 * zip1) / getF(delta, ip1);

  let orgati: bool;
  let tau: f64;
  let dltlb: f64;
  let dltub: f64;
  if (w > 0) {
    // d[i] < lambda < (d[i] + d[i+1]) / 2: origin at d[i]
    orgati = true;
    const a = c * del + zi * zi + zip1 * zip1;
    const b = zi * zi * del;
    if (a > 0) {
      tau = (2 * b) / (a + sqrt<f64>(abs<f64>(a * a - 4 * b * c)));
    } else {
      tau = (a - sqrt<f64>(abs<f64>(a * a - 4 * b * c))) / (2 * c);
    }
    dltlb = 0;
    dltub = midpt;
  } else {
    // (d[i] + d[i+1]) / 2 <= lambda < d[i+1]: origin at d[i+1]
    orgati = false;
    const a = c * del - zi * zi - zip1 * zip1;
    const b = zip1 * zip1 * del;
    if (a < 0) {
      tau = (2 * b) / (a - sqrt<f64>(abs<f64>(a * a + 4 * b * c)));
    } else {
      tau = -(a + sqrt<f64>(abs<f64>(a * a + 4 * b * c))) / (2 * c);
    }
    dltlb = -midpt;
    dltub = 0;
  }
  const origin = orgati ? di : dip1;
  for (let j = 0; j < n; j++) setF(delta, j, getF(d, j) - origin - tau);
  const ii = orgati ? i : i + 1;
  const iim1 = ii - 1;
  const iip1 = ii + 1;

  // psi over poles 0..iim1, phi over iip1..n-1
  let dpsi: f64 = 0;
  psi = 0;
  let erretm: f64 = 0;
  for (let j = 0; j <= iim1; j++) {
    const t = getF(z, j) / getF(delta, j);
    psi += getF(z, j) * t;
    dpsi += t * t;
    erretm += psi;
  }
  erretm = abs<f64>(erretm);
  let dphi: f64 = 0;
  phi = 0;
  for (let j = n - 1; j >= iip1; j--) {
    const t = getF(z, j) / getF(delta, j);
    phi += getF(z, j) * t;
    dphi += t * t;
    erretm += phi;
  }
  w = rhoinv + phi + psi;

  // w is f without the ii-th term: use three poles when it has the "wrong" sign
  let swtch3 = false;
  if (orgati) {
    if (w < 0) swtch3 = true;
  } else {
    if (w > 0) swtch3 = true;
  }
  if (ii == 0 || ii == n - 1) swtch3 = false;

  const zii = getF(z, ii);
  let temp = zii / getF(delta, ii);
  let dw = dpsi + dphi + temp * temp;
  temp = zii * temp;
  w += temp;
  erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + 3 * abs<f64>(temp) + abs<f64>(tau) * dw;

  if (abs<f64>(w) <= eps * erretm) {
    store<f64>(dlamPtr, origin + tau);
    return 0;
  }
  if (w <= 0) {
    dltlb = max<f64>(dltlb, tau);
  } else {
    dltub = min<f64>(dltub, tau);
  }

  // first step
  let eta: f64;
  if (!swtch3) {
    const dI = getF(delta, i);
    const dIp1 = getF(delta, ip1);
    if (orgati) {
      const q = zi / dI;
      c = w - dIp1 * dw - (di - dip1) * q * q;
    } else {
      const q = zip1 / dIp1;
      c = w - dI * dw - (dip1 - di) * q * q;
    }
    let a = (dI + dIp1) * w - dI * dIp1 * dw;
    const b = dI * dIp1 * w;
    if (c == 0) {
      if (a == 0) {
        if (orgati) {
          a = zi * zi + dIp1 * dIp1 * (dpsi + dphi);
        } else {
          a = zip1 * zip1 + dI * dI * (dpsi + dphi);
        }
      }
      eta = b / a;
    } else if (a <= 0) {
      eta = (a - sqrt<f64>(abs<f64>(a * a - 4 * b * c))) / (2 * c);
    } else {
      eta = (2 * b) / (a + sqrt<f64>(abs<f64>(a * a - 4 * b * c)));
    }
  } else {
    // interpolation with the three most relevant poles
    const t0 = rhoinv + psi + phi;
    let zz0: f64;
    let zz2: f64;
    const dm1 = getF(delta, iim1);
    const dp1 = getF(delta, iip1);
    if (orgati) {
      let t1 = getF(z, iim1) / dm1;
      t1 = t1 * t1;
      c = t0 - dp1 * (dpsi + dphi) - (getF(d, iim1) - getF(d, iip1)) * t1;
      zz0 = getF(z, iim1) * getF(z, iim1);
      zz2 = dp1 * dp1 * (dpsi - t1 + dphi);
    } else {
      let t1 = getF(z, iip1) / dp1;
      t1 = t1 * t1;
      c = t0 - dm1 * (dpsi + dphi) - (getF(d, iip1) - getF(d, iim1)) * t1;
      zz0 = dm1 * dm1 * (dpsi + (dphi - t1));
      zz2 = getF(z, iip1) * getF(z, iip1);
    }
    const zz1 = zii * zii;
    // LAPACK passes NITER = 2 here: dlaed6 then starts from its quadratic initial guess
    eta = dlaed6(2, orgati, c, delta + (<usize>iim1 << 3), zz0, zz1, zz2, w);
    if (dlaed6Failed) {
      store<f64>(dlamPtr, origin + tau);
      return 1;
    }
  }
  if (w * eta >= 0) eta = -w / dw;
  temp = tau + eta;
  if (temp > dltub || temp < dltlb) {
    eta = w < 0 ? (dltub - tau) / 2 : (dltlb - tau) / 2;
  }
  let prew = w;
  for (let j = 0; j < n; j++) setF(delta, j, getF(delta, j) - eta);

  dpsi = 0;
  psi = 0;
  erretm = 0;
  for (let j = 0; j <= iim1; j++) {
    const t = getF(z, j) / getF(delta, j);
    psi += getF(z, j) * t;
    dpsi += t * t;
    erretm += psi;
  }
  erretm = abs<f64>(erretm);
  dphi = 0;
  phi = 0;
  for (let j = n - 1; j >= iip1; j--) {
    const t = getF(z, j) / getF(delta, j);
    phi += getF(z, j) * t;
    dphi += t * t;
    erretm += phi;
  }
  temp = zii / getF(delta, ii);
  dw = dpsi + dphi + temp * temp;
  temp = zii * temp;
  w = rhoinv + phi + psi + temp;
  erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + 3 * abs<f64>(temp) + abs<f64>(tau + eta) * dw;

  let swtch = false;
  if (orgati) {
    if (-w > abs<f64>(prew) / 10) swtch = true;
  } else {
    if (w > abs<f64>(prew) / 10) swtch = true;
  }
  tau += eta;

  // main loop (LAPACK: NITER = 3 .. MAXIT)
  for (let niter = 3; niter <= MAXIT; niter++) {
    if (abs<f64>(w) <= eps * erretm) {
      store<f64>(dlamPtr, origin + tau);
      return 0;
    }
    if (w <= 0) {
      dltlb = max<f64>(dltlb, tau);
    } else {
      dltub = min<f64>(dltub, tau);
    }
    const dI = getF(delta, i);
    const dIp1 = getF(delta, ip1);
    if (!swtch3) {
      if (!swtch) {
        if (orgati) {
          const q = zi / dI;
          c = w - dIp1 * dw - (di - dip1) * q * q;
        } else {
          const q = zip1 / dIp1;
          c = w - dI * dw - (dip1 - di) * q * q;
        }
      } else {
        const t = zii / getF(delta, ii);
        if (orgati) {
          dpsi += t * t;
        } else {
          dphi += t * t;
        }
        c = w - dI * dpsi - dIp1 * dphi;
      }
      let a = (dI + dIp1) * w - dI * dIp1 * dw;
      const b = dI * dIp1 * w;
      if (c == 0) {
        if (a == 0) {
          if (!swtch) {
            if (orgati) {
              a = zi * zi + dIp1 * dIp1 * (dpsi + dphi);
            } else {
              a = zip1 * zip1 + dI * dI * (dpsi + dphi);
            }
          } else {
            a = dI * dI * dpsi + dIp1 * dIp1 * dphi;
          }
        }
        eta = b / a;
      } else if (a <= 0) {
        eta = (a - sqrt<f64>(abs<f64>(a * a - 4 * b * c))) / (2 * c);
      } else {
        eta = (2 * b) / (a + sqrt<f64>(abs<f64>(a * a - 4 * b * c)));
      }
    } else {
      const t0 = rhoinv + psi + phi;
      let zz0: f64;
      let zz2: f64;
      const dm1 = getF(delta, iim1);
      const dp1 = getF(delta, iip1);
      if (swtch) {
        c = t0 - dm1 * dpsi - dp1 * dphi;
        zz0 = dm1 * dm1 * dpsi;
        zz2 = dp1 * dp1 * dphi;
      } else if (orgati) {
        let t1 = getF(z, iim1) / dm1;
        t1 = t1 * t1;
        c = t0 - dp1 * (dpsi + dphi) - (getF(d, iim1) - getF(d, iip1)) * t1;
        zz0 = getF(z, iim1) * getF(z, iim1);
        zz2 = dp1 * dp1 * (dpsi - t1 + dphi);
      } else {
        let t1 = getF(z, iip1) / dp1;
        t1 = t1 * t1;
        c = t0 - dm1 * (dpsi + dphi) - (getF(d, iip1) - getF(d, iim1)) * t1;
        zz0 = dm1 * dm1 * (dpsi + (dphi - t1));
        zz2 = getF(z, iip1) * getF(z, iip1);
      }
      eta = dlaed6(niter, orgati, c, delta + (<usize>iim1 << 3), zz0, zii * zii, zz2, w);
      if (dlaed6Failed) {
        store<f64>(dlamPtr, origin + tau);
        return 1;
      }
    }
    if (w * eta >= 0) eta = -w / dw;
    temp = tau + eta;
    if (temp > dltub || temp < dltlb) {
      const eta1 = -w / dw;
      temp = tau + eta1;
      const eta2 = w < 0 ? (dltub - tau) / 2 : (dltlb - tau) / 2;
      if (dltlb <= temp && temp <= dltub) {
        eta = copysign<f64>(1, eta1) * sqrt<f64>(abs<f64>(eta1)) * sqrt<f64>(abs<f64>(eta2));
      } else {
        eta = eta2;
      }
    }
    for (let j = 0; j < n; j++) setF(delta, j, getF(delta, j) - eta);
    tau += eta;
    prew = w;

    dpsi = 0;
    psi = 0;
    erretm = 0;
    for (let j = 0; j <= iim1; j++) {
      const t = getF(z, j) / getF(delta, j);
      psi += getF(z, j) * t;
      dpsi += t * t;
      erretm += psi;
    }
    erretm = abs<f64>(erretm);
    dphi = 0;
    phi = 0;
    for (let j = n - 1; j >= iip1; j--) {
      const t = getF(z, j) / getF(delta, j);
      phi += getF(z, j) * t;
      dphi += t * t;
      erretm += phi;
    }
    temp = zii / getF(delta, ii);
    dw = dpsi + dphi + temp * temp;
    temp = zii * temp;
    w = rhoinv + phi + psi + temp;
    erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + 3 * abs<f64>(temp) + abs<f64>(tau) * dw;
    if (w * prew > 0 && abs<f64>(w) > abs<f64>(prew) / 10) swtch = !swtch;
  }
  store<f64>(dlamPtr, origin + tau);
  return 1;
}
