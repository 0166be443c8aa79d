// DLAEXC: swaps two adjacent diagonal blocks T11 (order n1) and T22 (order n2), n1, n2 in {1, 2},
// starting at row j1 of an n x n upper quasi-triangular T in Schur canonical form, by an
// orthogonal similarity T := U^T T U; with wantq != 0 also Q := Q U (n x n). Row-major T, Q.
//
// Algorithm: LAPACK 3.12 dlaexc (gonum lapack/gonum/dlaexc.go). Two 1 x 1 blocks: one plane
// rotation (dlartg). Otherwise the Sylvester equation T11 X - X T22 = scale T12 is solved by
// dlasy2, the swap is built from one or two Householder reflectors of order 3 that map
// [-X; scale I] to the upper part, tried first on a copy of the (n1 + n2) block, and rejected
// if that would leave entries above thresh = max(10 eps max|D|, smlnum) where zeros must be
// (the blocks' eigenvalues are too close: the swap is ill-conditioned). Accepted swaps are
// applied to all of T (and Q) and the new 2 x 2 blocks are re-standardized by dlanv2.
// Workspace: n + 64 doubles at `work`.
// Returns 0 (swapped), 1 (rejected; T and Q unchanged) or -i for an invalid argument i.

import { dlartg, rotC, rotS } from "./dlartg";
import { dlarfg } from "./dlarfg";
import { dlarf } from "./dlarf";
import { dlasy2, lsScale } from "./dlasy2";
import { dlanv2, lnvAA, lnvBB, lnvCC, lnvDD, lnvCS, lnvSN } from "./dlanv2";
import { drot } from "./drot";
import { SIDE_LEFT, SIDE_RIGHT, ULP, SAFMIN, at, get, put, vget, vput } from "./nonsym_common";

export function dlaexc(wantq: i32, n: i32, t: usize, ldt: i32, q: usize, ldq: i32, j1: i32, n1: i32, n2: i32, work: usize): i32 {
  if (n < 0) return -2;
  if (ldt < max(1, n)) return -4;
  if (wantq != 0 && ldq < max(1, n)) return -6;
  if (j1 < 0 || (n > 0 && j1 >= n)) return -7;
  if (n1 < 0 || n1 > 2) return -8;
  if (n2 < 0 || n2 > 2) return -9;
  if (n == 0 || n1 == 0 || n2 == 0) return 0;
  if (j1 + n1 >= n) return 0;
  const j2 = j1 + 1;
  const j3 = j1 + 2;

  if (n1 == 1 && n2 == 1) {
    const t11 = get(t, ldt, j1, j1);
    const t22 = get(t, ldt, j2, j2);
    dlartg(get(t, ldt, j1, j2), t22 - t11);
    const cs = rotC;
    const sn = rotS;
    if (n - j3 > 0) drot(n - j3, at(t, ldt, j1, j3), 1, at(t, ldt, j2, j3), 1, cs, sn);
    if (j1 > 0) drot(j1, at(t, ldt, 0, j1), ldt, at(t, ldt, 0, j2), ldt, cs, sn);
    put(t, ldt, j1, j1, t22);
    put(t, ldt, j2, j2, t11);
    if (wantq != 0) drot(n, at(q, ldq, 0, j1), ldq, at(q, ldq, 0, j2), ldq, cs, sn);
    return 0;
  }

  // workspace: d (4 x 4), x (2 x 2), u1, u2 (3 each), a scalar, dlasy2's 24, dlarf's n
  const d = work;
  const x = d + 16 * 8;
  const u1 = x + 4 * 8;
  const u2 = u1 + 3 * 8;
  const alpha = u2 + 3 * 8;
  const sy = alpha + 8;
  const lw = sy + 24 * 8;

  const nd = n1 + n2;
  let dnorm: f64 = 0;
  for (let r = 0; r < nd; r++) {
    for (let c = 0; c < nd; c++) {
      const v = get(t, ldt, j1 + r, j1 + c);
      put(d, 4, r, c, v);
      dnorm = Math.max(dnorm, Math.abs(v));
    }
  }
  const eps = ULP;
  const thresh = Math.max(10 * eps * dnorm, SAFMIN / eps);

  // solve T11 X - X T22 = scale T12
  dlasy2(0, 0, -1, n1, n2, d, 4, at(d, 4, n1, n1), 4, at(d, 4, 0, n1), 4, x, 2, sy);
  const scale = lsScale;

  if (n1 == 1 && n2 == 2) {
    // reflector H with (scale, X11, X12) H = (0, 0, *): u = (u0, u1, 1)
    vput(u1, 0, scale);
    vput(u1, 1, get(x, 2, 0, 0));
    vput(u1, 2, 1.0);
    store<f64>(alpha, get(x, 2, 0, 1));
    const tau = dlarfg(3, alpha, u1, 1);
    vput(u1, 2, 1.0);
    const t11 = get(t, ldt, j1, j1);
    dlarf(SIDE_LEFT, 3, 3, u1, tau, d, 4, lw);
    dlarf(SIDE_RIGHT, 3, 3, u1, tau, d, 4, lw);
    if (Math.max(Math.abs(get(d, 4, 2, 0)), Math.max(Math.abs(get(d, 4, 2, 1)), Math.abs(get(d, 4, 2, 2) - t11))) > thresh) return 1;
    dlarf(SIDE_LEFT, 3, n - j1, u1, tau, at(t, ldt, j1, j1), ldt, lw);
    dlarf(SIDE_RIGHT, j2 + 1, 3, u1, tau, at(t, ldt, 0, j1), ldt, lw);
    put(t, ldt, j3, j1, 0.0);
    put(t, ldt, j3, j2, 0.0);
    put(t, ldt, j3, j3, t11);
    if (wantq != 0) dlarf(SIDE_RIGHT, n, 3, u1, tau, at(q, ldq, 0, j1), ldq, lw);
  } else if (n1 == 2 && n2 == 1) {
    // reflector H with H (-X11, -X21, scale)^T = (*, 0, 0)^T: u = (1, u1, u2)
    vput(u1, 0, 1.0);
    vput(u1, 1, -get(x, 2, 1, 0));
    vput(u1, 2, scale);
    store<f64>(alpha, -get(x, 2, 0, 0));
    const tau = dlarfg(3, alpha, u1 + 8, 1);
    vput(u1, 0, 1.0);
    const t33 = get(t, ldt, j3, j3);
    dlarf(SIDE_LEFT, 3, 3, u1, tau, d, 4, lw);
    dlarf(SIDE_RIGHT, 3, 3, u1, tau, d, 4, lw);
    if (Math.max(Math.abs(get(d, 4, 1, 0)), Math.max(Math.abs(get(d, 4, 2, 0)), Math.abs(get(d, 4, 0, 0) - t33))) > thresh) return 1;
    dlarf(SIDE_RIGHT, j3 + 1, 3, u1, tau, at(t, ldt, 0, j1), ldt, lw);
    dlarf(SIDE_LEFT, 3, n - j1 - 1, u1, tau, at(t, ldt, j1, j2), ldt, lw);
    put(t, ldt, j1, j1, t33);
    put(t, ldt, j2, j1, 0.0);
    put(t, ldt, j3, j1, 0.0);
    if (wantq != 0) dlarf(SIDE_RIGHT, n, 3, u1, tau, at(q, ldq, 0, j1), ldq, lw);
  } else {
    // two reflectors: H2 H1 [-X; scale I] = [*; 0]
    vput(u1, 0, 1.0);
    vput(u1, 1, -get(x, 2, 1, 0));
    vput(u1, 2, scale);
    store<f64>(alpha, -get(x, 2, 0, 0));
    const tau1 = dlarfg(3, alpha, u1 + 8, 1);
    vput(u1, 0, 1.0);
    const temp = -tau1 * (get(x, 2, 0, 1) + vget(u1, 1) * get(x, 2, 1, 1));
    vput(u2, 0, 1.0);
    vput(u2, 1, -temp * vget(u1, 2));
    vput(u2, 2, scale);
    store<f64>(alpha, -temp * vget(u1, 1) - get(x, 2, 1, 1));
    const tau2 = dlarfg(3, alpha, u2 + 8, 1);
    vput(u2, 0, 1.0);
    dlarf(SIDE_LEFT, 3, 4, u1, tau1, d, 4, lw);
    dlarf(SIDE_RIGHT, 4, 3, u1, tau1, d, 4, lw);
    dlarf(SIDE_LEFT, 3, 4, u2, tau2, at(d, 4, 1, 0), 4, lw);
    dlarf(SIDE_RIGHT, 4, 3, u2, tau2, at(d, 4, 0, 1), 4, lw);
    const m1 = Math.max(Math.abs(get(d, 4, 2, 0)), Math.abs(get(d, 4, 2, 1)));
    const m2 = Math.max(Math.abs(get(d, 4, 3, 0)), Math.abs(get(d, 4, 3, 1)));
    if (Math.max(m1, m2) > thresh) return 1;
    const j4 = j1 + 3;
    dlarf(SIDE_LEFT, 3, n - j1, u1, tau1, at(t, ldt, j1, j1), ldt, lw);
    dlarf(SIDE_RIGHT, j4 + 1, 3, u1, tau1, at(t, ldt, 0, j1), ldt, lw);
    dlarf(SIDE_LEFT, 3, n - j1, u2, tau2, at(t, ldt, j2, j1), ldt, lw);
    dlarf(SIDE_RIGHT, j4 + 1, 3, u2, tau2, at(t, ldt, 0, j2), ldt, lw);
    put(t, ldt, j3, j1, 0.0);
    put(t, ldt, j3, j2, 0.0);
    put(t, ldt, j4, j1, 0.0);
    put(t, ldt, j4, j2, 0.0);
    if (wantq != 0) {
      dlarf(SIDE_RIGHT, n, 3, u1, tau1, at(q, ldq, 0, j1), ldq, lw);
      dlarf(SIDE_RIGHT, n, 3, u2, tau2, at(q, ldq, 0, j2), ldq, lw);
    }
  }

  if (n2 == 2) {
    // standardize the new 2 x 2 block T11
    standardize(n, t, ldt, q, ldq, wantq, j1);
  }
  if (n1 == 2) {
    // standardize the new 2 x 2 block T22
    standardize(n, t, ldt, q, ldq, wantq, j1 + n2);
  }
  return 0;
}

// dlanv2 on the 2 x 2 block at rows and columns (p, p+1), with its rotation applied to the rest of
// T and to Q.
function standardize(n: i32, t: usize, ldt: i32, q: usize, ldq: i32, wantq: i32, p: i32): void {
  const p1 = p + 1;
  dlanv2(get(t, ldt, p, p), get(t, ldt, p, p1), get(t, ldt, p1, p), get(t, ldt, p1, p1));
  put(t, ldt, p, p, lnvAA);
  put(t, ldt, p, p1, lnvBB);
  put(t, ldt, p1, p, lnvCC);
  put(t, ldt, p1, p1, lnvDD);
  const cs = lnvCS;
  const sn = lnvSN;
  if (n - p - 2 > 0) drot(n - p - 2, at(t, ldt, p, p + 2), 1, at(t, ldt, p1, p + 2), 1, cs, sn);
  if (p > 0) drot(p, at(t, ldt, 0, p), ldt, at(t, ldt, 0, p1), ldt, cs, sn);
  if (wantq != 0) drot(n, at(q, ldq, 0, p), ldq, at(q, ldq, 0, p1), ldq, cs, sn);
}
