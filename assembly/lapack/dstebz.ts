// DSTEBZ: selected eigenvalues of the symmetric tridiagonal T = tridiag(e, d, e) by bisection
// with Sturm counts (LAPACK dstebz / dlaebz; Kahan's "Accurate eigenvalues of a symmetric
// tridiagonal matrix", 1966; Demmel, Dhillon and Ren, "On the correctness of some
// bisection-like parallel eigenvalue algorithms in floating point", 1995).
//
//   dstebz(range, order, n, vl, vu, il, iu, abstol, d, e, counts, w, iblock, isplit, work, iwork): i32
//     range 0: all eigenvalues; 1: those in the half-open interval (vl, vu]; 2: those with
//       0-based indices il..iu (inclusive) in ascending order.
//     order 0: output grouped by block, ascending within each block (what dstein needs);
//       1: ascending over the whole matrix.
//     abstol: absolute tolerance on each eigenvalue; <= 0 selects ulp max(|gl|, |gu|) per
//       block (Gershgorin bounds), as LAPACK does. Intervals also stop at 2 ulp relative width
//       or at pivmin.
//     d (n), e (n - 1): the matrix, unchanged. counts: two i32, set to [m, nsplit].
//     w: n doubles, the m eigenvalues; iblock: n i32, the 0-based block of each; isplit: n
//       i32, the exclusive end of each block (T splits where e_i^2 <= ulp^2 |d_i d_i+1| + safmin).
//     work: dstebz_worksize(n) = 4n + 12 doubles; iwork: dstebz_iworksize(n) = 3n + 12 i32.
//   Returns 0; -i for a bad argument i; 1 if some interval did not shrink within LAPACK's
//   iteration bound (its midpoint is returned); 2 if range 2 found fewer eigenvalues than
//   asked (a non-monotone Sturm count, which IEEE arithmetic rules out); 4 if the Gershgorin
//   interval for range 2 was too small to contain the eigenvalues (LAPACK's INFO = 4).
//
// Sturm count N(x) = #{eigenvalues <= x}: the signs of the pivots of the LDL^T factorization
// of T - x I, where a pivot within pivmin = safmin max(1, max e_i^2) of zero is replaced by
// -pivmin (dlaebz). The matrix is scaled internally by a power of two when its max-norm lies
// outside [2^-500, 2^500], so that e_i^2 neither overflows nor underflows. Each block is
// bisected on its Gershgorin interval (clipped to the requested one) by splitting intervals
// that hold more than one eigenvalue, with a stack in the workspace instead of LAPACK's queue,
// four intervals at a time (two f64x2 count chains).
// For range 2 the interval (wl, wu] holding eigenvalues il..iu is first found by bisection on
// the counts of the whole matrix; extra eigenvalues from ties at its ends are dropped as in
// LAPACK. Cost about 4 n flops per count, about 53 counts per eigenvalue (fewer when they are
// well separated).

import { ULP, SAFMIN, getF, setF, getI, setI } from "./tridiag_common";

const FUDGE: f64 = 2.1;
const RELFAC: f64 = 2;
const SCALE_HI: f64 = 3.273390607896142e150; // 2^500
const SCALE_LO: f64 = 3.054936363499605e-151; // 2^-500

export function dstebz_worksize(n: i32): i32 {
  return 4 * n + 12;
}

export function dstebz_iworksize(n: i32): i32 {
  return 3 * n + 12;
}

// Number of eigenvalues <= x of the block of order bn with diagonal d and squared
// off-diagonals e2 (LAPACK dlaebz's serial count).
// @ts-ignore: decorator
@inline
function sturmCount(bn: i32, d: usize, e2: usize, x: f64, pivmin: f64): i32 {
  let t = getF(d, 0) - x;
  let count = 0;
  if (t <= pivmin) {
    count = 1;
    t = min<f64>(t, -pivmin);
  }
  for (let j = 1; j < bn; j++) {
    t = getF(d, j) - getF(e2, j - 1) / t - x;
    if (t <= pivmin) {
      count++;
      t = min<f64>(t, -pivmin);
    }
  }
  return count;
}

// @ts-ignore: decorator
@inline
function converged(a: f64, b: f64, atol: f64, pivmin: f64, rtol: f64): bool {
  return abs<f64>(b - a) < max<f64>(atol, max<f64>(pivmin, rtol * max<f64>(abs<f64>(a), abs<f64>(b))));
}

let notConverged = false;

export function dstebz(
  range: i32, order: i32, n: i32, vl: f64, vu: f64, il: i32, iu: i32, abstol: f64,
  d: usize, e: usize, counts: usize, w: usize, iblock: usize, isplit: usize, work: usize, iwork: usize,
): i32 {
  if (range < 0 || range > 2) return -1;
  if (order < 0 || order > 1) return -2;
  if (n < 0) return -3;
  if (range == 1 && !(vl < vu)) return -4;
  if (range == 2 && (il < 0 || il > max<i32>(0, n - 1))) return -6;
  if (range == 2 && (iu < min<i32>(n - 1, il) || iu > n - 1)) return -7;
  setI(counts, 0, 0);
  setI(counts, 1, 0);
  if (n == 0) return 0;
  if (range == 2 && il == 0 && iu == n - 1) range = 0;

  const ulp = ULP;
  const rtoli = ulp * RELFAC;
  if (n == 1) {
    setI(counts, 1, 1);
    setI(isplit, 0, 1);
    const d0 = getF(d, 0);
    if (range == 1 && (vl >= d0 || vu < d0)) return 0;
    setF(w, 0, d0);
    setI(iblock, 0, 0);
    setI(counts, 0, 1);
    return 0;
  }

  // power-of-two scaling into [2^-500, 2^500]
  let tmax: f64 = 0;
  for (let j = 0; j < n; j++) tmax = max<f64>(tmax, abs<f64>(getF(d, j)));
  for (let j = 0; j < n - 1; j++) tmax = max<f64>(tmax, abs<f64>(getF(e, j)));
  let sigma: f64 = 1;
  if (tmax > SCALE_HI || (tmax < SCALE_LO && tmax > 0)) sigma = Math.pow(2, -Math.round(Math.log2(tmax)));
  const ds = work; // scaled copy of d
  const e2 = work + (<usize>n << 3); // squared (scaled) off-diagonals, 0 at splits
  const stackAB = e2 + (<usize>n << 3); // 2n doubles: interval ends
  const stackN = iwork; // 3n i32: counts at the ends and the depth of each stacked interval
  const laneF = stackAB + (<usize>(2 * n) << 3); // 12 doubles: the intervals refined together
  const laneI = stackN + (<usize>(3 * n) << 2); // 12 i32
  for (let j = 0; j < n; j++) setF(ds, j, getF(d, j) * sigma);
  let wl = vl * sigma;
  let wu = vu * sigma;

  // splitting points and pivmin
  let nsplit = 0;
  let pivmin: f64 = 1;
  setF(e2, n - 1, 0);
  for (let j = 1; j < n; j++) {
    const ej = getF(e, j - 1) * sigma;
    const tmp = ej * ej;
    if (abs<f64>(getF(ds, j) * getF(ds, j - 1)) * ulp * ulp + SAFMIN > tmp) {
      setI(isplit, nsplit, j);
      nsplit++;
      setF(e2, j - 1, 0);
    } else {
      setF(e2, j - 1, tmp);
      pivmin = max<f64>(pivmin, tmp);
    }
  }
  setI(isplit, nsplit, n);
  nsplit++;
  pivmin *= SAFMIN;
  notConverged = false;

  let wlu: f64 = 0;
  let wul: f64 = 0;
  let nwl = 0;
  let nwu = 0;
  if (range == 2) {
    // Gershgorin interval of the whole (split) matrix
    let gu = getF(ds, 0);
    let gl = gu;
    let tmp1: f64 = 0;
    for (let j = 0; j < n - 1; j++) {
      const tmp2 = sqrt<f64>(getF(e2, j));
      gu = max<f64>(gu, getF(ds, j) + tmp1 + tmp2);
      gl = min<f64>(gl, getF(ds, j) - tmp1 - tmp2);
      tmp1 = tmp2;
    }
    gu = max<f64>(gu, getF(ds, n - 1) + tmp1);
    gl = min<f64>(gl, getF(ds, n - 1) - tmp1);
    const tnorm = max<f64>(abs<f64>(gl), abs<f64>(gu));
    gl = gl - FUDGE * tnorm * ulp * <f64>n - FUDGE * 2 * pivmin;
    gu = gu + FUDGE * tnorm * ulp * <f64>n + FUDGE * pivmin;
    const itmax = <i32>((Math.log(tnorm + pivmin) - Math.log(pivmin)) / Math.log(2)) + 2;
    const atoli = abstol <= 0 ? ulp * tnorm : abstol * sigma;
    // bracket of the il-th eigenvalue: N(a) <= il <= N(b)
    let a = gl;
    let b = gu;
    let na = sturmCount(n, ds, e2, a, pivmin);
    let nb = sturmCount(n, ds, e2, b, pivmin);
    for (let it = 0; it < itmax && !converged(a, b, atoli, pivmin, rtoli); it++) {
      const c = 0.5 * (a + b);
      const nc = min<i32>(nb, max<i32>(na, sturmCount(n, ds, e2, c, pivmin)));
      if (nc <= il) {
        a = c;
        na = nc;
      }
      if (nc >= il) {
        b = c;
        nb = nc;
      }
    }
    wl = a;
    wlu = b;
    nwl = na;
    // bracket of the iu-th: N(a) <= iu + 1 <= N(b)
    a = gl;
    b = gu;
    na = sturmCount(n, ds, e2, a, pivmin);
    nb = sturmCount(n, ds, e2, b, pivmin);
    for (let it = 0; it < itmax && !converged(a, b, atoli, pivmin, rtoli); it++) {
      const c = 0.5 * (a + b);
      const nc = min<i32>(nb, max<i32>(na, sturmCount(n, ds, e2, c, pivmin)));
      if (nc <= iu + 1) {
        a = c;
        na = nc;
      }
      if (nc >= iu + 1) {
        b = c;
        nb = nc;
      }
    }
    wu = b;
    wul = a;
    nwu = nb;
    if (nwl < 0 || nwl >= n || nwu < 1 || nwu > n) {
      setI(counts, 1, nsplit);
      return 4;
    }
  }

  // bisection block by block; nwl, nwu recount the eigenvalues <= wl and <= wu
  let m = 0;
  nwl = 0;
  nwu = 0;
  let iend = 0;
  for (let jb = 0; jb < nsplit; jb++) {
    const ibegin = iend;
    iend = getI(isplit, jb);
    const bs = iend - ibegin;
    const db = ds + (<usize>ibegin << 3);
    const eb = e2 + (<usize>ibegin << 3);
    if (bs == 1) {
      const dv = getF(db, 0);
      if (range == 0 || wl >= dv - pivmin) nwl++;
      if (range == 0 || wu >= dv - pivmin) nwu++;
      if (range == 0 || (wl < dv - pivmin && wu >= dv - pivmin)) {
        setF(w, m, dv);
        setI(iblock, m, jb);
        m++;
      }
      continue;
    }
    // Gershgorin interval of the block
    let gu = getF(db, 0);
    let gl = gu;
    let tmp1: f64 = 0;
    for (let j = 0; j < bs - 1; j++) {
      const tmp2 = sqrt<f64>(getF(eb, j));
      gu = max<f64>(gu, getF(db, j) + tmp1 + tmp2);
      gl = min<f64>(gl, getF(db, j) - tmp1 - tmp2);
      tmp1 = tmp2;
    }
    gu = max<f64>(gu, getF(db, bs - 1) + tmp1);
    gl = min<f64>(gl, getF(db, bs - 1) - tmp1);
    const bnorm = max<f64>(abs<f64>(gl), abs<f64>(gu));
    gl = gl - FUDGE * bnorm * ulp * <f64>bs - FUDGE * pivmin;
    gu = gu + FUDGE * bnorm * ulp * <f64>bs + FUDGE * pivmin;
    const atoli = abstol <= 0 ? ulp * max<f64>(abs<f64>(gl), abs<f64>(gu)) : abstol * sigma;
    if (range > 0) {
      if (gu <= wl) {
        nwl += bs;
        nwu += bs;
        continue;
      }
      gl = max<f64>(gl, wl);
      gu = min<f64>(gu, wu);
      if (gl >= gu) continue;
    }
    const nlo = sturmCount(bs, db, eb, gl, pivmin);
    const nhi = sturmCount(bs, db, eb, gu, pivmin);
    nwl += nlo;
    nwu += nhi;
    if (nhi <= nlo) continue;
    const itmax = <i32>((Math.log(gu - gl + pivmin) - Math.log(pivmin)) / Math.log(2)) + 2;
    bisectBlock(bs, db, eb, gl, gu, nlo, nhi, atoli, rtoli, pivmin, itmax, w + (<usize>m << 3), stackAB, stackN, laneF, laneI);
    for (let j = 0; j < nhi - nlo; j++) setI(iblock, m + j, jb);
    m += nhi - nlo;
  }

  let info = 0;
  if (range == 2) {
    // (wl, wu] holds eigenvalues nwl .. nwu - 1: drop those below il and above iu
    let idiscl = il - nwl;
    let idiscu = nwu - (iu + 1);
    if (idiscl > 0 || idiscu > 0) {
      let im = 0;
      for (let je = 0; je < m; je++) {
        const wj = getF(w, je);
        if (wj <= wlu && idiscl > 0) {
          idiscl--;
        } else if (wj >= wul && idiscu > 0) {
          idiscu--;
        } else {
          setF(w, im, wj);
          setI(iblock, im, getI(iblock, je));
          im++;
        }
      }
      m = im;
    }
    if (idiscl > 0 || idiscu > 0) {
      // arithmetic made N(w) non-monotone: drop the smallest / largest directly
      for (let k = 0; k < idiscl; k++) {
        let iw = -1;
        let wkill = wu;
        for (let je = 0; je < m; je++) {
          if (getI(iblock, je) >= 0 && (getF(w, je) < wkill || iw < 0)) {
            iw = je;
            wkill = getF(w, je);
          }
        }
        if (iw >= 0) setI(iblock, iw, -1);
      }
      for (let k = 0; k < idiscu; k++) {
        let iw = -1;
        let wkill = wl;
        for (let je = 0; je < m; je++) {
          if (getI(iblock, je) >= 0 && (getF(w, je) > wkill || iw < 0)) {
            iw = je;
            wkill = getF(w, je);
          }
        }
        if (iw >= 0) setI(iblock, iw, -1);
      }
      let im = 0;
      for (let je = 0; je < m; je++) {
        if (getI(iblock, je) >= 0) {
          setF(w, im, getF(w, je));
          setI(iblock, im, getI(iblock, je));
          im++;
        }
      }
      m = im;
    }
    if (idiscl < 0 || idiscu < 0) info += 2;
  }

  // undo the scaling
  if (sigma != 1) {
    const inv = 1 / sigma;
    for (let j = 0; j < m; j++) setF(w, j, getF(w, j) * inv);
  }
  if (order == 1 && nsplit > 1) sortPairs(m, w, iblock);
  if (notConverged) info += 1;
  setI(counts, 0, m);
  setI(counts, 1, nsplit);
  return info;
}

// Bisects the eigenvalues with block-local indices nlo .. nhi - 1, all in (gl, gu], writing
// eigenvalue nlo + j to out[j]. Intervals that hold eigenvalues wait on a stack (at most
// nhi - nlo of them: they are disjoint and none is empty); up to four are refined at a time, their
// midpoint counts computed in one pass over the block with two f64x2 chains, so that four
// division chains overlap (LAPACK dlaebz refines its intervals in a vector loop for the same
// reason). An interval whose midpoint count falls strictly inside (na, nb) splits in two; a
// converged one gives its midpoint to all the eigenvalues it holds. Each lane does exactly the
// scalar count's arithmetic, so the results do not depend on how intervals are grouped.
// lanes: 4 x (a, b, c) doubles and 4 x (na, nb, it) i32 of scratch.
function bisectBlock(
  bs: i32, d: usize, e2: usize, gl: f64, gu: f64, nlo: i32, nhi: i32,
  atol: f64, rtol: f64, pivmin: f64, itmax: i32, out: usize, stackAB: usize, stackN: usize,
  laneF: usize, laneI: usize,
): void {
  let top = 0;
  top = pushInterval(stackAB, stackN, top, gl, gu, nlo, nhi, 0);
  while (true) {
    // up to four intervals that still need a count; converged ones are written out here
    let lanes = 0;
    while (top > 0 && lanes < 4) {
      top--;
      const a = getF(stackAB, 2 * top);
      const b = getF(stackAB, 2 * top + 1);
      const na = getI(stackN, 3 * top);
      const nb = getI(stackN, 3 * top + 1);
      const it = getI(stackN, 3 * top + 2);
      if (nb <= na) continue;
      const c = 0.5 * (a + b);
      let done = converged(a, b, atol, pivmin, rtol) || c == a || c == b; // c == a or b: adjacent doubles
      if (!done && it >= itmax) {
        notConverged = true;
        done = true;
      }
      if (done) {
        for (let j = na; j < nb; j++) setF(out, j - nlo, c);
        continue;
      }
      setF(laneF, 3 * lanes, a);
      setF(laneF, 3 * lanes + 1, b);
      setF(laneF, 3 * lanes + 2, c);
      setI(laneI, 3 * lanes, na);
      setI(laneI, 3 * lanes + 1, nb);
      setI(laneI, 3 * lanes + 2, it + 1);
      lanes++;
    }
    if (lanes == 0) break;
    if (lanes == 1) {
      count0 = sturmCount(bs, d, e2, getF(laneF, 2), pivmin);
    } else {
      // unused lanes repeat lane 0's midpoint
      const c0 = getF(laneF, 2);
      sturmCount4(bs, d, e2, c0, getF(laneF, 5), lanes > 2 ? getF(laneF, 8) : c0, lanes > 3 ? getF(laneF, 11) : c0, pivmin);
    }
    for (let l = 0; l < lanes; l++) {
      const a = getF(laneF, 3 * l);
      const b = getF(laneF, 3 * l + 1);
      const c = getF(laneF, 3 * l + 2);
      const na = getI(laneI, 3 * l);
      const nb = getI(laneI, 3 * l + 1);
      const it = getI(laneI, 3 * l + 2);
      const raw = l == 0 ? count0 : l == 1 ? count1 : l == 2 ? count2 : count3;
      const nc = min<i32>(nb, max<i32>(na, raw)); // keep N(x) monotone, as dlaebz does
      if (nc == nb) {
        top = pushInterval(stackAB, stackN, top, a, c, na, nb, it);
      } else if (nc == na) {
        top = pushInterval(stackAB, stackN, top, c, b, na, nb, it);
      } else {
        top = pushInterval(stackAB, stackN, top, c, b, nc, nb, it);
        top = pushInterval(stackAB, stackN, top, a, c, na, nc, it);
      }
    }
  }
}

// @ts-ignore: decorator
@inline
function pushInterval(stackAB: usize, stackN: usize, top: i32, a: f64, b: f64, na: i32, nb: i32, it: i32): i32 {
  setF(stackAB, 2 * top, a);
  setF(stackAB, 2 * top + 1, b);
  setI(stackN, 3 * top, na);
  setI(stackN, 3 * top + 1, nb);
  setI(stackN, 3 * top + 2, it);
  return top + 1;
}

let count0: i32 = 0;
let count1: i32 = 0;
let count2: i32 = 0;
let count3: i32 = 0;

// Four Sturm counts (sturmCount at x0..x3) in one pass: lanes (x0, x1) and (x2, x3) of two
// f64x2 chains. Results in count0..count3.
function sturmCount4(bn: i32, d: usize, e2: usize, x0: f64, x1: f64, x2: f64, x3: f64, pivmin: f64): void {
  const c01 = f64x2.replace_lane(f64x2.splat(x0), 1, x1);
  const c23 = f64x2.replace_lane(f64x2.splat(x2), 1, x3);
  const vpiv = f64x2.splat(pivmin);
  const vneg = f64x2.splat(-pivmin);
  const one = f64x2.splat(1);
  const d0 = f64x2.splat(getF(d, 0));
  let t01 = f64x2.sub(d0, c01);
  let t23 = f64x2.sub(d0, c23);
  let m01 = f64x2.le(t01, vpiv);
  let m23 = f64x2.le(t23, vpiv);
  let k01 = v128.and(m01, one);
  let k23 = v128.and(m23, one);
  t01 = v128.bitselect(f64x2.min(t01, vneg), t01, m01);
  t23 = v128.bitselect(f64x2.min(t23, vneg), t23, m23);
  for (let j = 1; j < bn; j++) {
    const dj = f64x2.splat(getF(d, j));
    const ej = f64x2.splat(getF(e2, j - 1));
    t01 = f64x2.sub(f64x2.sub(dj, f64x2.div(ej, t01)), c01);
    t23 = f64x2.sub(f64x2.sub(dj, f64x2.div(ej, t23)), c23);
    m01 = f64x2.le(t01, vpiv);
    m23 = f64x2.le(t23, vpiv);
    k01 = f64x2.add(k01, v128.and(m01, one));
    k23 = f64x2.add(k23, v128.and(m23, one));
    t01 = v128.bitselect(f64x2.min(t01, vneg), t01, m01);
    t23 = v128.bitselect(f64x2.min(t23, vneg), t23, m23);
  }
  count0 = <i32>f64x2.extract_lane(k01, 0);
  count1 = <i32>f64x2.extract_lane(k01, 1);
  count2 = <i32>f64x2.extract_lane(k23, 0);
  count3 = <i32>f64x2.extract_lane(k23, 1);
}

// Heapsort of w[0..m) ascending, carrying iblock along (ORDER = 'E').
function sortPairs(m: i32, w: usize, iblock: usize): void {
  if (m < 2) return;
  for (let start = (m >> 1) - 1; start >= 0; start--) siftDownPairs(w, iblock, start, m);
  for (let end = m - 1; end > 0; end--) {
    const tw = getF(w, 0);
    const tb = getI(iblock, 0);
    setF(w, 0, getF(w, end));
    setI(iblock, 0, getI(iblock, end));
    setF(w, end, tw);
    setI(iblock, end, tb);
    siftDownPairs(w, iblock, 0, end);
  }
}

function siftDownPairs(w: usize, iblock: usize, root: i32, end: i32): void {
  const v = getF(w, root);
  const vb = getI(iblock, root);
  let i = root;
  while (true) {
    let child = 2 * i + 1;
    if (child >= end) break;
    let cv = getF(w, child);
    if (child + 1 < end && getF(w, child + 1) > cv) {
      child++;
      cv = getF(w, child);
    }
    if (cv <= v) break;
    setF(w, i, cv);
    setI(iblock, i, getI(iblock, child));
    i = child;
  }
  setF(w, i, v);
  setI(iblock, i, vb);
}
