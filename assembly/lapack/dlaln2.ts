// DLALN2: solves a 1 x 1 or 2 x 2 system with a real or complex shift and scaling against
// overflow,
//
//   (ca A - w D) X = scale B     (trans == 0),   (ca A^T - w D) X = scale B   (trans != 0),
//
// A na x na (row-major, lda), D = diag(d1, d2), w = wr (nw = 1) or wr + i wi (nw = 2); B and X
// are na x nw row-major (ldb, ldx), column 0 the real and column 1 the imaginary part when nw = 2.
// If (ca A - w D) is nearly singular (a singular value below smin, by infinity-norm estimates)
// it is perturbed to have smallest singular value about smin.
//
// Algorithm: LAPACK 3.12 dlaln2 (gonum lapack/gonum/dlaln2.go): Gaussian elimination with
// complete pivoting on the 2 x 2 (complex) matrix, then the scale factor <= 1 that keeps X from
// overflowing. X goes to x; scale, the infinity norm of X and whether no perturbation was needed
// are left in the globals lnScale, lnXnorm, lnOk (read them right after the call).

import { SAFMIN, at, get, put } from "./nonsym_common";

export let lnScale: f64 = 1;
export let lnXnorm: f64 = 0;
export let lnOk: bool = true;

// the entry of (c0, c1, c2, c3) at index i: the pivoting of dlaln2 picks entries of the 2 x 2
// matrix [c0 c1; c2 c3] (row-major) by index, with the partner of the pivot at index icmax ^ j
// @ts-ignore: decorator
@inline
function pick(i: i32, c0: f64, c1: f64, c2: f64, c3: f64): f64 {
  return i == 0 ? c0 : i == 1 ? c1 : i == 2 ? c2 : c3;
}

export function dlaln2(
  trans: i32, na: i32, nw: i32, smin: f64, ca: f64, a: usize, lda: i32, d1: f64, d2: f64,
  b: usize, ldb: i32, wr: f64, wi: f64, x: usize, ldx: i32,
): void {
  const smlnum = 2 * SAFMIN;
  const bignum = 1 / smlnum;
  const smini = Math.max(smin, smlnum);
  lnOk = true;
  lnScale = 1;

  if (na == 1) {
    if (nw == 1) {
      // real 1 x 1: C = ca A - wr D
      let csr = ca * load<f64>(a) - wr * d1;
      let cnorm = Math.abs(csr);
      if (cnorm < smini) {
        csr = smini;
        cnorm = smini;
        lnOk = false;
      }
      const bnorm = Math.abs(load<f64>(b));
      if (cnorm < 1 && bnorm > Math.max(1, bignum * cnorm)) lnScale = 1 / bnorm;
      const x0 = (load<f64>(b) * lnScale) / csr;
      store<f64>(x, x0);
      lnXnorm = Math.abs(x0);
      return;
    }
    // complex 1 x 1: C = ca A - (wr + i wi) D
    let csr = ca * load<f64>(a) - wr * d1;
    let csi = -wi * d1;
    let cnorm = Math.abs(csr) + Math.abs(csi);
    if (cnorm < smini) {
      csr = smini;
      csi = 0;
      cnorm = smini;
      lnOk = false;
    }
    const br = load<f64>(b);
    const bi = load<f64>(b, 8);
    const bnorm = Math.abs(br) + Math.abs(bi);
    if (cnorm < 1 && bnorm > Math.max(1, bignum * cnorm)) lnScale = 1 / bnorm;
    cdiv(lnScale * br, lnScale * bi, csr, csi);
    store<f64>(x, cdivRe);
    store<f64>(x, cdivIm, 8);
    lnXnorm = Math.abs(cdivRe) + Math.abs(cdivIm);
    return;
  }

  // 2 x 2: the real part of C = ca A - w D (or ca A^T - w D), row-major
  const cr0 = ca * get(a, lda, 0, 0) - wr * d1;
  let cr1 = ca * get(a, lda, 0, 1);
  let cr2 = ca * get(a, lda, 1, 0);
  const cr3 = ca * get(a, lda, 1, 1) - wr * d2;
  if (trans != 0) {
    const t = cr1;
    cr1 = cr2;
    cr2 = t;
  }

  if (nw == 1) {
    // real 2 x 2: find the largest entry
    let cmax: f64 = 0;
    let icmax = 0;
    for (let j = 0; j < 4; j++) {
      const v = Math.abs(pick(j, cr0, cr1, cr2, cr3));
      if (v > cmax) {
        cmax = v;
        icmax = j;
      }
    }
    const b0 = get(b, ldb, 0, 0);
    const b1 = get(b, ldb, 1, 0);
    if (cmax < smini) {
      // use smini * I
      const bnorm = Math.max(Math.abs(b0), Math.abs(b1));
      if (smini < 1 && bnorm > Math.max(1, bignum * smini)) lnScale = 1 / bnorm;
      const temp = lnScale / smini;
      put(x, ldx, 0, 0, temp * b0);
      put(x, ldx, 1, 0, temp * b1);
      lnXnorm = temp * bnorm;
      lnOk = false;
      return;
    }
    // Gaussian elimination with complete pivoting
    const ur11 = pick(icmax, cr0, cr1, cr2, cr3);
    const ur12 = pick(icmax ^ 1, cr0, cr1, cr2, cr3);
    const cr21 = pick(icmax ^ 2, cr0, cr1, cr2, cr3);
    const cr22 = pick(icmax ^ 3, cr0, cr1, cr2, cr3);
    const ur11r = 1 / ur11;
    const lr21 = ur11r * cr21;
    let ur22 = cr22 - ur12 * lr21;
    if (Math.abs(ur22) < smini) {
      ur22 = smini;
      lnOk = false;
    }
    let br1: f64, br2: f64;
    if (icmax > 1) {
      // pivot in the second row: swap the rows
      br1 = b1;
      br2 = b0;
    } else {
      br1 = b0;
      br2 = b1;
    }
    br2 -= lr21 * br1;
    const bbnd = Math.max(Math.abs(ur22 * ur11r * br1), Math.abs(br2));
    if (bbnd > 1 && Math.abs(ur22) < 1 && bbnd >= bignum * Math.abs(ur22)) lnScale = 1 / bbnd;
    const xr2 = (br2 * lnScale) / ur22;
    const xr1 = lnScale * br1 * ur11r - ur11r * ur12 * xr2;
    let x0 = xr1;
    let x1 = xr2;
    if ((icmax & 1) != 0) {
      // pivot in the second column: swap the solution components
      x0 = xr2;
      x1 = xr1;
    }
    lnXnorm = Math.max(Math.abs(xr1), Math.abs(xr2));
    if (lnXnorm > 1 && cmax > 1 && lnXnorm > bignum / cmax) {
      const temp = cmax / bignum;
      x0 *= temp;
      x1 *= temp;
      lnXnorm *= temp;
      lnScale *= temp;
    }
    put(x, ldx, 0, 0, x0);
    put(x, ldx, 1, 0, x1);
    return;
  }

  // complex 2 x 2: imaginary part of C is diag(-wi d1, -wi d2)
  const ci0 = -wi * d1;
  const ci3 = -wi * d2;
  let cmax: f64 = 0;
  let icmax = 0;
  for (let j = 0; j < 4; j++) {
    const v = Math.abs(pick(j, cr0, cr1, cr2, cr3)) + Math.abs(pick(j, ci0, 0, 0, ci3));
    if (v > cmax) {
      cmax = v;
      icmax = j;
    }
  }
  const b0r = get(b, ldb, 0, 0);
  const b0i = get(b, ldb, 0, 1);
  const b1r = get(b, ldb, 1, 0);
  const b1i = get(b, ldb, 1, 1);
  if (cmax < smini) {
    const bnorm = Math.max(Math.abs(b0r) + Math.abs(b0i), Math.abs(b1r) + Math.abs(b1i));
    if (smini < 1 && bnorm > 1 && bnorm > bignum * smini) lnScale = 1 / bnorm;
    const temp = lnScale / smini;
    put(x, ldx, 0, 0, temp * b0r);
    put(x, ldx, 0, 1, temp * b0i);
    put(x, ldx, 1, 0, temp * b1r);
    put(x, ldx, 1, 1, temp * b1i);
    lnXnorm = temp * bnorm;
    lnOk = false;
    return;
  }
  const ur11 = pick(icmax, cr0, cr1, cr2, cr3);
  const ui11 = pick(icmax, ci0, 0, 0, ci3);
  const ur12 = pick(icmax ^ 1, cr0, cr1, cr2, cr3);
  const ui12 = pick(icmax ^ 1, ci0, 0, 0, ci3);
  const cr21 = pick(icmax ^ 2, cr0, cr1, cr2, cr3);
  const ci21 = pick(icmax ^ 2, ci0, 0, 0, ci3);
  const cr22 = pick(icmax ^ 3, cr0, cr1, cr2, cr3);
  const ci22 = pick(icmax ^ 3, ci0, 0, 0, ci3);
  let ur11r: f64, ui11r: f64, lr21: f64, li21: f64, ur12s: f64, ui12s: f64, ur22: f64, ui22: f64;
  if (icmax == 0 || icmax == 3) {
    // off-diagonals of the pivoted C are real
    if (Math.abs(ur11) > Math.abs(ui11)) {
      const temp = ui11 / ur11;
      ur11r = 1 / (ur11 * (1 + temp * temp));
      ui11r = -temp * ur11r;
    } else {
      const temp = ur11 / ui11;
      ui11r = -1 / (ui11 * (1 + temp * temp));
      ur11r = -temp * ui11r;
    }
    lr21 = cr21 * ur11r;
    li21 = cr21 * ui11r;
    ur12s = ur12 * ur11r;
    ui12s = ur12 * ui11r;
    ur22 = cr22 - ur12 * lr21;
    ui22 = ci22 - ur12 * li21;
  } else {
    // diagonals of the pivoted C are real
    ur11r = 1 / ur11;
    ui11r = 0;
    lr21 = cr21 * ur11r;
    li21 = ci21 * ur11r;
    ur12s = ur12 * ur11r;
    ui12s = ui12 * ur11r;
    ur22 = cr22 - ur12 * lr21 + ui12 * li21;
    ui22 = -ur12 * li21 - ui12 * lr21;
  }
  const u22abs = Math.abs(ur22) + Math.abs(ui22);
  if (u22abs < smini) {
    ur22 = smini;
    ui22 = 0;
    lnOk = false;
  }
  let br1: f64, bi1: f64, br2: f64, bi2: f64;
  if (icmax > 1) {
    br1 = b1r; bi1 = b1i; br2 = b0r; bi2 = b0i;
  } else {
    br1 = b0r; bi1 = b0i; br2 = b1r; bi2 = b1i;
  }
  br2 += -lr21 * br1 + li21 * bi1;
  bi2 += -li21 * br1 - lr21 * bi1;
  const bbnd1 = u22abs * (Math.abs(ur11r) + Math.abs(ui11r)) * (Math.abs(br1) + Math.abs(bi1));
  const bbnd2 = Math.abs(br2) + Math.abs(bi2);
  const bbnd = Math.max(bbnd1, bbnd2);
  if (bbnd > 1 && u22abs < 1 && bbnd >= bignum * u22abs) {
    lnScale = 1 / bbnd;
    br1 *= lnScale;
    bi1 *= lnScale;
    br2 *= lnScale;
    bi2 *= lnScale;
  }
  cdiv(br2, bi2, ur22, ui22);
  const xr2 = cdivRe;
  const xi2 = cdivIm;
  const xr1 = ur11r * br1 - ui11r * bi1 - ur12s * xr2 + ui12s * xi2;
  const xi1 = ui11r * br1 + ur11r * bi1 - ui12s * xr2 - ur12s * xi2;
  let x0r = xr1, x0i = xi1, x1r = xr2, x1i = xi2;
  if ((icmax & 1) != 0) {
    x0r = xr2; x0i = xi2; x1r = xr1; x1i = xi1;
  }
  lnXnorm = Math.max(Math.abs(xr1) + Math.abs(xi1), Math.abs(xr2) + Math.abs(xi2));
  if (lnXnorm > 1 && cmax > 1 && lnXnorm > bignum / cmax) {
    const temp = cmax / bignum;
    x0r *= temp; x0i *= temp; x1r *= temp; x1i *= temp;
    lnXnorm *= temp;
    lnScale *= temp;
  }
  put(x, ldx, 0, 0, x0r);
  put(x, ldx, 0, 1, x0i);
  put(x, ldx, 1, 0, x1r);
  put(x, ldx, 1, 1, x1i);
}

let cdivRe: f64 = 0;
let cdivIm: f64 = 0;

// (a + i b) / (c + i d) by Smith's algorithm (LAPACK dladiv's simpler ancestor): scales by the
// larger of |c|, |d| so that no intermediate overflows for representable inputs.
function cdiv(a: f64, b: f64, c: f64, d: f64): void {
  if (Math.abs(d) <= Math.abs(c)) {
    const r = d / c;
    const den = c + d * r;
    cdivRe = (a + b * r) / den;
    cdivIm = (b - a * r) / den;
  } else {
    const r = c / d;
    const den = d + c * r;
    cdivRe = (a * r + b) / den;
    cdivIm = (b * r - a) / den;
  }
}
