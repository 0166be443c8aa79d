// DLARTG: a plane rotation with [c s; -s c] [f; g] = [r; 0], c^2 + s^2 = 1 (LAPACK 3.10+
// dlartg, after Anderson, "Algorithm 978: Safe scaling in the Level 1 BLAS", ACM TOMS 44(1)
// 2017; gonum lapack/gonum/dlartg.go). c >= 0 and r has the sign of f. Inputs between
// sqrt(safmin) and sqrt(safmax / 2) take the unscaled formula; others are scaled first.
//
// The results are left in the module globals rotC, rotS, rotR (read them right after the call):
// the routine runs in the innermost loop of dsteqr, where memory outputs would cost more.

import { SAFMIN, SAFMAX } from "./tridiag_common";

export let rotC: f64 = 1;
export let rotS: f64 = 0;
export let rotR: f64 = 0;

const RTMIN: f64 = 1.4916681462400413e-154; // sqrt(safmin)
const RTMAX: f64 = 4.740375954054589e153; // sqrt(safmax / 2)

export function dlartg(f: f64, g: f64): void {
  if (g == 0) {
    rotC = 1;
    rotS = 0;
    rotR = f;
    return;
  }
  const g1 = abs<f64>(g);
  if (f == 0) {
    rotC = 0;
    rotS = copysign<f64>(1, g);
    rotR = g1;
    return;
  }
  const f1 = abs<f64>(f);
  if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
    const d = sqrt<f64>(f * f + g * g);
    rotC = f1 / d;
    const r = copysign<f64>(d, f);
    rotS = g / r;
    rotR = r;
    return;
  }
  const u = min<f64>(max<f64>(SAFMIN, max<f64>(f1, g1)), SAFMAX);
  const fs = f / u;
  const gs = g / u;
  const d = sqrt<f64>(fs * fs + gs * gs);
  rotC = abs<f64>(fs) / d;
  const r = copysign<f64>(d, f);
  rotS = gs / r;
  rotR = r * u;
}
