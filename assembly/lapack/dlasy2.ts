// DLASY2: solves the small Sylvester equation
//
//   op(TL) X + isgn X op(TR) = scale B,    op(M) = M (tranX == 0) or M^T,
//
// for the n1 x n2 matrix X, 1 <= n1, n2 <= 2, with TL n1 x n1, TR n2 x n2, B n1 x n2 (all
// row-major with their leading dimensions) and isgn = 1 or -1. scale <= 1 keeps X from
// overflowing; when TL and -isgn TR have close eigenvalues the system is perturbed and lsOk is
// false.
//
// Algorithm: LAPACK 3.12 dlasy2 (gonum lapack/gonum/dlasy2.go): the equivalent 1 x 1, 2 x 2 or
// 4 x 4 linear system by Gaussian elimination with complete pivoting, pivots below
// smin = max(eps max|T|, smlnum) replaced by smin. X goes to x (ldx); scale, the infinity norm
// of X and the flag are left in the globals lsScale, lsXnorm, lsOk. Workspace: 24 doubles at
// `work` (the 4 x 4 system).

import { ULP, SAFMIN, at, get, put, vget, vput } from "./nonsym_common";

export let lsScale: f64 = 1;
export let lsXnorm: f64 = 0;
export let lsOk: bool = true;

export function dlasy2(
  tranl: i32, tranr: i32, isgn: i32, n1: i32, n2: i32, tl: usize, ldtl: i32, tr: usize, ldtr: i32,
  b: usize, ldb: i32, x: usize, ldx: i32, work: usize,
): void {
  lsOk = true;
  lsScale = 1;
  lsXnorm = 0;
  if (n1 == 0 || n2 == 0) return;
  const eps = ULP;
  const smlnum = SAFMIN / eps;
  const sgn = <f64>isgn;

  if (n1 == 1 && n2 == 1) {
    let tau1 = load<f64>(tl) + sgn * load<f64>(tr);
    let bet = Math.abs(tau1);
    if (bet <= smlnum) {
      tau1 = smlnum;
      bet = smlnum;
      lsOk = false;
    }
    const gam = Math.abs(load<f64>(b));
    if (smlnum * gam > bet) lsScale = 1 / gam;
    const x0 = (load<f64>(b) * lsScale) / tau1;
    store<f64>(x, x0);
    lsXnorm = Math.abs(x0);
    return;
  }

  if (n1 + n2 == 3) {
    let smin: f64;
    let t0: f64, t1: f64, t2: f64, t3: f64; // a 2 x 2 row-major system
    let b0: f64, b1: f64;
    if (n1 == 1 && n2 == 2) {
      // TL11 [X11 X12] + sgn [X11 X12] op(TR) = [B11 B12]
      smin = Math.abs(load<f64>(tl));
      smin = Math.max(smin, Math.max(Math.abs(get(tr, ldtr, 0, 0)), Math.abs(get(tr, ldtr, 0, 1))));
      smin = Math.max(smin, Math.max(Math.abs(get(tr, ldtr, 1, 0)), Math.abs(get(tr, ldtr, 1, 1))));
      smin = Math.max(eps * smin, smlnum);
      const tl0 = load<f64>(tl);
      t0 = tl0 + sgn * get(tr, ldtr, 0, 0);
      t3 = tl0 + sgn * get(tr, ldtr, 1, 1);
      if (tranr != 0) {
        t1 = sgn * get(tr, ldtr, 0, 1);
        t2 = sgn * get(tr, ldtr, 1, 0);
      } else {
        t1 = sgn * get(tr, ldtr, 1, 0);
        t2 = sgn * get(tr, ldtr, 0, 1);
      }
      b0 = get(b, ldb, 0, 0);
      b1 = get(b, ldb, 0, 1);
    } else {
      // op(TL) [X11; X21] + sgn [X11; X21] TR11 = [B11; B21]
      smin = Math.abs(load<f64>(tr));
      smin = Math.max(smin, Math.max(Math.abs(get(tl, ldtl, 0, 0)), Math.abs(get(tl, ldtl, 0, 1))));
      smin = Math.max(smin, Math.max(Math.abs(get(tl, ldtl, 1, 0)), Math.abs(get(tl, ldtl, 1, 1))));
      smin = Math.max(eps * smin, smlnum);
      const tr0 = load<f64>(tr);
      t0 = get(tl, ldtl, 0, 0) + sgn * tr0;
      t3 = get(tl, ldtl, 1, 1) + sgn * tr0;
      if (tranl != 0) {
        t1 = get(tl, ldtl, 1, 0);
        t2 = get(tl, ldtl, 0, 1);
      } else {
        t1 = get(tl, ldtl, 0, 1);
        t2 = get(tl, ldtl, 1, 0);
      }
      b0 = get(b, ldb, 0, 0);
      b1 = get(b, ldb, 1, 0);
    }
    // 2 x 2 system by complete pivoting
    let ipiv = 0;
    let big = Math.abs(t0);
    if (Math.abs(t1) > big) { big = Math.abs(t1); ipiv = 1; }
    if (Math.abs(t2) > big) { big = Math.abs(t2); ipiv = 2; }
    if (Math.abs(t3) > big) { big = Math.abs(t3); ipiv = 3; }
    let u11 = pick(ipiv, t0, t1, t2, t3);
    if (Math.abs(u11) <= smin) {
      lsOk = false;
      u11 = smin;
    }
    const u12 = pick(ipiv ^ 1, t0, t1, t2, t3);
    const l21 = pick(ipiv ^ 2, t0, t1, t2, t3) / u11;
    let u22 = pick(ipiv ^ 3, t0, t1, t2, t3) - l21 * u12;
    if (Math.abs(u22) <= smin) {
      lsOk = false;
      u22 = smin;
    }
    if ((ipiv & 2) != 0) {
      const tmp = b0;
      b0 = b1;
      b1 = tmp - l21 * b1;
    } else {
      b1 -= l21 * b0;
    }
    if (2 * smlnum * Math.abs(b1) > Math.abs(u22) || 2 * smlnum * Math.abs(b0) > Math.abs(u11)) {
      lsScale = 0.5 / Math.max(Math.abs(b0), Math.abs(b1));
      b0 *= lsScale;
      b1 *= lsScale;
    }
    let x22 = b1 / u22;
    let x21 = b0 / u11 - (u12 / u11) * x22;
    if ((ipiv & 1) != 0) {
      const tmp = x21;
      x21 = x22;
      x22 = tmp;
    }
    put(x, ldx, 0, 0, x21);
    if (n1 == 1) {
      put(x, ldx, 0, 1, x22);
      lsXnorm = Math.abs(x21) + Math.abs(x22);
    } else {
      put(x, ldx, 1, 0, x22);
      lsXnorm = Math.max(Math.abs(x21), Math.abs(x22));
    }
    return;
  }

  // 2 x 2: the equivalent 4 x 4 system, complete pivoting; t (4 x 4) and btmp (4) in work
  let smin = Math.max(Math.abs(get(tr, ldtr, 0, 0)), Math.abs(get(tr, ldtr, 0, 1)));
  smin = Math.max(smin, Math.max(Math.abs(get(tr, ldtr, 1, 0)), Math.abs(get(tr, ldtr, 1, 1))));
  smin = Math.max(smin, Math.max(Math.abs(get(tl, ldtl, 0, 0)), Math.abs(get(tl, ldtl, 0, 1))));
  smin = Math.max(smin, Math.max(Math.abs(get(tl, ldtl, 1, 0)), Math.abs(get(tl, ldtl, 1, 1))));
  smin = Math.max(eps * smin, smlnum);
  const t = work;
  const bt = work + 16 * 8;
  const sol = work + 20 * 8;
  memory.fill(t, 0, 16 * 8);
  put(t, 4, 0, 0, get(tl, ldtl, 0, 0) + sgn * get(tr, ldtr, 0, 0));
  put(t, 4, 1, 1, get(tl, ldtl, 0, 0) + sgn * get(tr, ldtr, 1, 1));
  put(t, 4, 2, 2, get(tl, ldtl, 1, 1) + sgn * get(tr, ldtr, 0, 0));
  put(t, 4, 3, 3, get(tl, ldtl, 1, 1) + sgn * get(tr, ldtr, 1, 1));
  if (tranl != 0) {
    put(t, 4, 0, 2, get(tl, ldtl, 1, 0));
    put(t, 4, 1, 3, get(tl, ldtl, 1, 0));
    put(t, 4, 2, 0, get(tl, ldtl, 0, 1));
    put(t, 4, 3, 1, get(tl, ldtl, 0, 1));
  } else {
    put(t, 4, 0, 2, get(tl, ldtl, 0, 1));
    put(t, 4, 1, 3, get(tl, ldtl, 0, 1));
    put(t, 4, 2, 0, get(tl, ldtl, 1, 0));
    put(t, 4, 3, 1, get(tl, ldtl, 1, 0));
  }
  if (tranr != 0) {
    put(t, 4, 0, 1, sgn * get(tr, ldtr, 0, 1));
    put(t, 4, 1, 0, sgn * get(tr, ldtr, 1, 0));
    put(t, 4, 2, 3, sgn * get(tr, ldtr, 0, 1));
    put(t, 4, 3, 2, sgn * get(tr, ldtr, 1, 0));
  } else {
    put(t, 4, 0, 1, sgn * get(tr, ldtr, 1, 0));
    put(t, 4, 1, 0, sgn * get(tr, ldtr, 0, 1));
    put(t, 4, 2, 3, sgn * get(tr, ldtr, 1, 0));
    put(t, 4, 3, 2, sgn * get(tr, ldtr, 0, 1));
  }
  vput(bt, 0, get(b, ldb, 0, 0));
  vput(bt, 1, get(b, ldb, 0, 1));
  vput(bt, 2, get(b, ldb, 1, 0));
  vput(bt, 3, get(b, ldb, 1, 1));
  let jp0 = 0, jp1 = 0, jp2 = 0; // column interchanges of the first three steps
  for (let i = 0; i < 3; i++) {
    let xmax: f64 = 0;
    let ipsv = i;
    let jpsv = i;
    for (let ip = i; ip < 4; ip++) {
      for (let jp = i; jp < 4; jp++) {
        const v = Math.abs(get(t, 4, ip, jp));
        if (v >= xmax) {
          xmax = v;
          ipsv = ip;
          jpsv = jp;
        }
      }
    }
    if (ipsv != i) {
      for (let c = 0; c < 4; c++) {
        const a0 = get(t, 4, ipsv, c);
        put(t, 4, ipsv, c, get(t, 4, i, c));
        put(t, 4, i, c, a0);
      }
      const b0 = vget(bt, ipsv);
      vput(bt, ipsv, vget(bt, i));
      vput(bt, i, b0);
    }
    if (jpsv != i) {
      for (let r = 0; r < 4; r++) {
        const a0 = get(t, 4, r, jpsv);
        put(t, 4, r, jpsv, get(t, 4, r, i));
        put(t, 4, r, i, a0);
      }
    }
    if (i == 0) jp0 = jpsv;
    else if (i == 1) jp1 = jpsv;
    else jp2 = jpsv;
    if (Math.abs(get(t, 4, i, i)) < smin) {
      lsOk = false;
      put(t, 4, i, i, smin);
    }
    for (let k = i + 1; k < 4; k++) {
      const lk = get(t, 4, k, i) / get(t, 4, i, i);
      put(t, 4, k, i, lk);
      vput(bt, k, vget(bt, k) - lk * vget(bt, i));
      for (let j = i + 1; j < 4; j++) put(t, 4, k, j, get(t, 4, k, j) - lk * get(t, 4, i, j));
    }
  }
  if (Math.abs(get(t, 4, 3, 3)) < smin) {
    lsOk = false;
    put(t, 4, 3, 3, smin);
  }
  if (8 * smlnum * Math.abs(vget(bt, 0)) > Math.abs(get(t, 4, 0, 0)) ||
    8 * smlnum * Math.abs(vget(bt, 1)) > Math.abs(get(t, 4, 1, 1)) ||
    8 * smlnum * Math.abs(vget(bt, 2)) > Math.abs(get(t, 4, 2, 2)) ||
    8 * smlnum * Math.abs(vget(bt, 3)) > Math.abs(get(t, 4, 3, 3))) {
    const mb = Math.max(Math.max(Math.abs(vget(bt, 0)), Math.abs(vget(bt, 1))), Math.max(Math.abs(vget(bt, 2)), Math.abs(vget(bt, 3))));
    lsScale = 0.125 / mb;
    for (let k = 0; k < 4; k++) vput(bt, k, vget(bt, k) * lsScale);
  }
  // back substitution t sol = bt
  for (let i = 3; i >= 0; i--) {
    const temp = 1 / get(t, 4, i, i);
    let s = vget(bt, i) * temp;
    for (let j = i + 1; j < 4; j++) s -= temp * get(t, 4, i, j) * vget(sol, j);
    vput(sol, i, s);
  }
  // undo the column interchanges, last first
  for (let i = 2; i >= 0; i--) {
    const jp = i == 0 ? jp0 : i == 1 ? jp1 : jp2;
    if (jp != i) {
      const s = vget(sol, i);
      vput(sol, i, vget(sol, jp));
      vput(sol, jp, s);
    }
  }
  put(x, ldx, 0, 0, vget(sol, 0));
  put(x, ldx, 0, 1, vget(sol, 1));
  put(x, ldx, 1, 0, vget(sol, 2));
  put(x, ldx, 1, 1, vget(sol, 3));
  lsXnorm = Math.max(Math.abs(vget(sol, 0)) + Math.abs(vget(sol, 1)), Math.abs(vget(sol, 2)) + Math.abs(vget(sol, 3)));
}

// @ts-ignore: decorator
@inline
function pick(i: i32, c0: f64, c1: f64, c2: f64, c3: f64): f64 {
  return i == 0 ? c0 : i == 1 ? c1 : i == 2 ? c2 : c3;
}
