// DSTEIN: eigenvectors of the symmetric tridiagonal T = tridiag(e, d, e) for given eigenvalues,
// by inverse iteration with reorthogonalization inside clusters (LAPACK dstein; Jessup and
// Ipsen, "Improving the accuracy of inverse iteration", SIAM J. Sci. Stat. Comput. 13, 1992).
//
//   dstein(n, d, e, m, w, iblock, isplit, z, ldz, work, iwork, ifail): i32
//     d (n), e (n - 1): the matrix, unchanged. w (m doubles), iblock (m i32), isplit: the
//       eigenvalues and the splitting of dstebz with order 0 (grouped by block, ascending within
//       a block; 0-based block numbers; isplit[b] = exclusive end of block b).
//     z: n x m row-major, Z[i, j] at z + 8 (i ldz + j), ldz >= m: column j gets the unit
//       eigenvector of w[j] (zero outside its block; largest component positive).
//     work: dstein_worksize(n) = 6n doubles; iwork: dstein_iworksize(n) = n i32; ifail: m i32,
//       the 0-based indices of the vectors that failed to converge in ifail[0 .. status).
//   Returns 0, -i for a bad argument i, or k > 0: k vectors did not meet the stopping test in
//   5 iterations (they are still the last iterate, normalized).
//
// For each eigenvalue: T - w I = P L U (dlagtf) once, then up to 5 solves of U x = scaled x
// (dlagts, tiny pivots perturbed) from a pseudo-random start, with 2 extra solves after the
// growth test ||x||_inf >= sqrt(0.1 / blocksize) is met. Eigenvalues of a block closer than
// 1e-3 ||T_block||_1 to their predecessor form a cluster; each iterate is orthogonalized against
// the vectors already computed in its cluster. LAPACK does one modified Gram-Schmidt pass; here
// it is classical Gram-Schmidt (two dgemv on the row-major Z, unit stride), repeated when the
// first pass removed more than 1 - 1/sqrt(2) of the norm (Daniel, Gragg, Kaufman and Stewart
// 1976; "twice is enough", Giraud et al. 2005). Values closer than 10 eps |w| to the
// previous one are pulled apart by that much, as LAPACK does. The start vectors come from a
// fixed-seed xorshift generator (LAPACK: dlarnv with seed (1,1,1,1)), so results are
// reproducible. Blocks whose 1-norm lies outside [2^-500, 2^500] are scaled by a power of two.
// Cost O(n) per solve plus 4 blocksize c flops per solve for a vector in a cluster of c vectors.

import { ULP, getF, setF, getI, setI } from "./tridiag_common";
import { dlagtf } from "./dlagtf";
import { dlagtsPerturbed } from "./dlagts";
import { dnrm2, idamax, scalUnit } from "../blas/level1";
import { dgemv } from "../blas/gemv";
import { NO_TRANS, TRANS } from "../simd";

const MAXITS: i32 = 5;
const EXTRA: i32 = 2;
const ODM3: f64 = 1e-3;
const ODM1: f64 = 1e-1;
const DGKS_ETA: f64 = 0.7071067811865476;
const SCALE_HI: f64 = 3.273390607896142e150; // 2^500
const SCALE_LO: f64 = 3.054936363499605e-151; // 2^-500

export function dstein_worksize(n: i32): i32 {
  return max<i32>(1, 6 * n);
}

export function dstein_iworksize(n: i32): i32 {
  return max<i32>(1, n);
}

let seed: u64 = 0;

// uniform on (-1, 1), xorshift64*
// @ts-ignore: decorator
@inline
function nextUniform(): f64 {
  let x = seed;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  seed = x;
  const r = x * 0x2545f4914f6cdd1d;
  return <f64>(r >> 11) * 2.220446049250313e-16 - 1; // (r >> 11) / 2^53 * 2 - 1
}

export function dstein(
  n: i32, d: usize, e: usize, m: i32, w: usize, iblock: usize, isplit: usize,
  z: usize, ldz: i32, work: usize, iwork: usize, ifail: usize,
): i32 {
  if (n < 0) return -1;
  if (m < 0 || m > n) return -4;
  for (let j = 1; j < m; j++) {
    if (getI(iblock, j) < getI(iblock, j - 1)) return -6;
    if (getI(iblock, j) == getI(iblock, j - 1) && getF(w, j) < getF(w, j - 1)) return -5;
  }
  if (ldz < max<i32>(1, m)) return -9;
  if (n == 0 || m == 0) return 0;
  const rowBytes = <usize>ldz << 3;
  if (n == 1) {
    store<f64>(z, 1);
    return 0;
  }
  const eps = ULP;
  seed = 0x9e3779b97f4a7c15;

  const x = work; // the iterate
  const ub = work + (<usize>n << 3); // superdiagonal (b of dlagtf), stored from index 1 as LAPACK
  const lc = ub + (<usize>n << 3); // subdiagonal / multipliers
  const ua = lc + (<usize>n << 3); // diagonal of U
  const ud = ua + (<usize>n << 3); // second superdiagonal of U
  const dots = ud + (<usize>n << 3); // Gram-Schmidt coefficients
  const piv = iwork;

  let info = 0;
  let j1 = 0;
  let xjm: f64 = 0;
  const nblocks = getI(iblock, m - 1) + 1;
  for (let nblk = getI(iblock, 0); nblk < nblocks; nblk++) {
    const b1 = nblk == 0 ? 0 : getI(isplit, nblk - 1);
    const bn = getI(isplit, nblk) - 1;
    const blksiz = bn - b1 + 1;
    let onenrm: f64 = 0;
    let ortol: f64 = 0;
    let dtpcrt: f64 = 0;
    let sigma: f64 = 1;
    let gpind = j1;
    if (blksiz > 1) {
      onenrm = abs<f64>(getF(d, b1)) + abs<f64>(getF(e, b1));
      onenrm = max<f64>(onenrm, abs<f64>(getF(d, bn)) + abs<f64>(getF(e, bn - 1)));
      for (let i = b1 + 1; i < bn; i++) {
        onenrm = max<f64>(onenrm, abs<f64>(getF(d, i)) + abs<f64>(getF(e, i - 1)) + abs<f64>(getF(e, i)));
      }
      if (onenrm > SCALE_HI || (onenrm < SCALE_LO && onenrm > 0)) {
        sigma = Math.pow(2, -Math.round(Math.log2(onenrm)));
        onenrm *= sigma;
      }
      ortol = ODM3 * onenrm;
      dtpcrt = sqrt<f64>(ODM1 / <f64>blksiz);
    }
    let jblk = 0;
    let j = j1;
    for (; j < m; j++) {
      if (getI(iblock, j) != nblk) break;
      jblk++;
      let xj = getF(w, j) * sigma;
      if (blksiz == 1) {
        setF(x, 0, 1);
      } else {
        // pull apart values that are too close to the previous one
        if (jblk > 1) {
          const pertol = 10 * abs<f64>(eps * xj);
          if (xj - xjm < pertol) xj = xjm + pertol;
        }
        let its = 0;
        let nrmchk = 0;
        for (let i = 0; i < blksiz; i++) setF(x, i, nextUniform());
        // copy T (scaled) so that the factorization does not destroy it
        for (let i = 0; i < blksiz; i++) setF(ua, i, getF(d, b1 + i) * sigma);
        for (let i = 0; i < blksiz - 1; i++) {
          const v = getF(e, b1 + i) * sigma;
          setF(ub, i + 1, v);
          setF(lc, i, v);
        }
        dlagtf(blksiz, ua, xj, ub + 8, lc, 0, ud, piv);
        let failed = true;
        while (true) {
          its++;
          if (its > MAXITS) break;
          // normalize and scale the right-hand side
          let jmax = idamax(blksiz, x, 1);
          const scl = (<f64>blksiz * onenrm * max<f64>(eps, abs<f64>(getF(ua, blksiz - 1)))) / abs<f64>(getF(x, jmax));
          scalUnit(blksiz, scl, x);
          dlagtsPerturbed(blksiz, ua, ub + 8, lc, ud, piv, x, 0);
          // reorthogonalize against the cluster
          if (jblk > 1) {
            if (abs<f64>(xj - xjm) > ortol) gpind = j;
            if (gpind != j) {
              const cnt = j - gpind;
              const zblk = z + <usize>b1 * rowBytes + (<usize>gpind << 3);
              // classical Gram-Schmidt, repeated once when the first pass removed most of x
              // (the Daniel-Gragg-Kaufman-Stewart test, eta = 1/sqrt(2)): "twice is enough"
              const before = dnrm2(blksiz, x, 1);
              dgemv(TRANS, blksiz, cnt, 1, zblk, ldz, x, 1, 0, dots, 1);
              dgemv(NO_TRANS, blksiz, cnt, -1, zblk, ldz, dots, 1, 1, x, 1);
              if (dnrm2(blksiz, x, 1) < DGKS_ETA * before) {
                dgemv(TRANS, blksiz, cnt, 1, zblk, ldz, x, 1, 0, dots, 1);
                dgemv(NO_TRANS, blksiz, cnt, -1, zblk, ldz, dots, 1, 1, x, 1);
              }
            }
          }
          jmax = idamax(blksiz, x, 1);
          const nrm = abs<f64>(getF(x, jmax));
          if (nrm < dtpcrt) continue;
          nrmchk++;
          if (nrmchk < EXTRA + 1) continue;
          failed = false;
          break;
        }
        if (failed) {
          setI(ifail, info, j);
          info++;
        }
        let scl = 1 / dnrm2(blksiz, x, 1);
        const jmax = idamax(blksiz, x, 1);
        if (getF(x, jmax) < 0) scl = -scl;
        scalUnit(blksiz, scl, x);
      }
      // column j of Z: zero outside the block
      const zc = z + (<usize>j << 3);
      for (let i = 0; i < n; i++) store<f64>(zc + <usize>i * rowBytes, 0);
      for (let i = 0; i < blksiz; i++) store<f64>(zc + <usize>(b1 + i) * rowBytes, getF(x, i));
      xjm = xj;
    }
    j1 = j;
    if (j1 >= m) break;
  }
  return info;
}
