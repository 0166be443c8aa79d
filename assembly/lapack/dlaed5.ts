// DLAED5: the i-th (i = 0 or 1) eigenvalue of the 2 x 2 rank-one modification
// diag(d) + rho z z^T, d[0] < d[1], ||z|| = 1, rho > 0, written to dlamPtr, and the vector
// delta[j] = (d[j] - lambda) / ||.|| from which the eigenvector follows (LAPACK dlaed5). The
// root is taken relative to the nearer pole so that delta keeps full relative accuracy.

import { getF, setF } from "./tridiag_common";

export function dlaed5(i: i32, d: usize, z: usize, delta: usize, rho: f64, dlamPtr: usize): void {
  const d0 = getF(d, 0);
  const d1 = getF(d, 1);
  const z0 = getF(z, 0);
  const z1 = getF(z, 1);
  const del = d1 - d0;
  let delta0: f64;
  let delta1: f64;
  if (i == 0) {
    const w = 1 + (2 * rho * (z1 * z1 - z0 * z0)) / del;
    if (w > 0) {
      const b = del + rho * (z0 * z0 + z1 * z1);
      const c = rho * z0 * z0 * del;
      // b > 0 always
      const tau = (2 * c) / (b + sqrt<f64>(abs<f64>(b * b - 4 * c)));
      store<f64>(dlamPtr, d0 + tau);
      delta0 = -z0 / tau;
      delta1 = z1 / (del - tau);
    } else {
      const b = -del + rho * (z0 * z0 + z1 * z1);
      const c = rho * z1 * z1 * del;
      let tau: f64;
      if (b > 0) {
        tau = (-2 * c) / (b + sqrt<f64>(b * b + 4 * c));
      } else {
        tau = (b - sqrt<f64>(b * b + 4 * c)) / 2;
      }
      store<f64>(dlamPtr, d1 + tau);
      delta0 = -z0 / (del + tau);
      delta1 = -z1 / tau;
    }
  } else {
    const b = -del + rho * (z0 * z0 + z1 * z1);
    const c = rho * z1 * z1 * del;
    let tau: f64;
    if (b > 0) {
      tau = (b + sqrt<f64>(b * b + 4 * c)) / 2;
    } else {
      tau = (2 * c) / (-b + sqrt<f64>(b * b + 4 * c));
    }
    store<f64>(dlamPtr, d1 + tau);
    delta0 = -z0 / (del + tau);
    delta1 = -z1 / tau;
  }
  const temp = sqrt<f64>(delta0 * delta0 + delta1 * delta1);
  setF(delta, 0, delta0 / temp);
  setF(delta, 1, delta1 / temp);
}
