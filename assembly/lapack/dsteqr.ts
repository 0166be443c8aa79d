// DSTEQR: all eigenvalues and, optionally, eigenvectors of the symmetric tridiagonal
// T = tridiag(e, d, e) by the implicit QL / QR method with Wilkinson-type shifts and
// accumulated plane rotations (LAPACK dsteqr; gonum lapack/gonum/dsteqr.go).
//
//   dsteqr(compz, n, d, e, z, ldz, work, maxSweeps): i32
//     compz 0: eigenvalues only (z and work are not referenced);
//     compz 1: Z holds an orthogonal n x n matrix Q on entry (e.g. from dsytrd/dorgtr) and gets
//              Q * V, the eigenvectors of the matrix that Q reduced to T;
//     compz 2: Z is set to V, the eigenvectors of T.
//     d (n doubles) gets the eigenvalues in ascending order, e (n - 1) is destroyed.
//     Z is row-major, Z[i, j] at z + 8 (i ldz + j), ldz >= n: column j is the eigenvector of
//     d[j]. work: dsteqr_worksize(n) = 2n doubles (the saved rotations of one sweep).
//     maxSweeps: QL/QR sweeps allowed per eigenvalue (LAPACK's MAXIT = 30).
//   Returns 0, -i for a bad argument i, or k > 0 when maxSweeps n sweeps in total left k
//   off-diagonal entries nonzero: Z and d are then unordered partial results.
//
// Layout: the rotations act on columns of Z. They run on the transpose Zt (the column-major
// layout of Z, see tridiag_common.ts), where each eigenvector is one contiguous row, so a
// rotation is a unit-stride f64x2 loop: Z is transposed in place before (compz 1) and after the
// iteration (cost 2 n^2 moves against about 6 n^3 flops of rotations).
// Each unreduced block (split where |e_i|^2 <= eps^2 |d_i d_i+1| + safmin) is scaled like dsterf
// and iterated by QL or QR depending on which end is larger. Cost: about 3 n^2 flops for values
// only, about 6 n^3 with vectors (two sweeps per eigenvalue of 3 n m flops each).

import { EPS, SAFMIN, getF, setF, colMajorAt } from "./tridiag_common";
import { dlanst, NORM_MAX } from "./dlanst";
import { dlascl } from "./dlascl";
import { dlae2 } from "./dlae2";
import { dlaev2 } from "./dlaev2";
import { dlapy2 } from "./dlapy2";
import { dlartg, rotC, rotS, rotR } from "./dlartg";
import { dlasrt } from "./dlasrt";
import { dlasrRightCols } from "./dlasr";
import { transposeSquareInPlace } from "./transpose_inplace";

/** Doubles of workspace dsteqr needs with vectors (compz 1 or 2); 0 is enough for compz 0. */
export function dsteqr_worksize(n: i32): i32 {
  return n <= 1 ? 1 : 2 * n;
}

export function dsteqr(compz: i32, n: i32, d: usize, e: usize, z: usize, ldz: i32, work: usize, maxSweeps: i32): i32 {
  if (compz < 0 || compz > 2) return -1;
  if (n < 0) return -2;
  if (compz > 0 && ldz < max<i32>(1, n)) return -6;
  if (maxSweeps < 0) return -8;
  if (n == 0) return 0;
  if (compz == 1) transposeSquareInPlace(n, z, ldz);
  const info = dsteqrColMajor(compz, n, d, e, z, ldz, work, maxSweeps);
  if (compz > 0) transposeSquareInPlace(n, z, ldz);
  return info;
}

/**
 * dsteqr on a column-major Q (Q(i, j) at q + 8 (i + j ldq)): the same computation as dsteqr
 * with Q in place of the transpose of Z. compz 2 sets Q to the identity first. Used by dsteqr
 * and by the leaves of dstedc, which keep their eigenvectors column-major.
 */
export function dsteqrColMajor(compz: i32, n: i32, d: usize, e: usize, q: usize, ldq: i32, work: usize, maxSweeps: i32): i32 {
  if (n <= 0) return 0;
  if (n == 1) {
    if (compz == 2) store<f64>(q, 1);
    return 0;
  }
  const eps = EPS;
  const eps2 = eps * eps;
  const safmin = SAFMIN;
  const safmax = 1 / safmin;
  const ssfmax = sqrt<f64>(safmax) / 3;
  const ssfmin = sqrt<f64>(safmin) / eps2;

  if (compz == 2) {
    for (let j = 0; j < n; j++) {
      memory.fill(colMajorAt(q, ldq, 0, j), 0, <usize>n << 3);
      store<f64>(colMajorAt(q, ldq, j, j), 1);
    }
  }
  const nmaxit = n * maxSweeps;
  let jtot = 0;
  // saved rotations: cosines at work[0..n-1), sines at work[n-1..2n-2)
  const wc = work;
  const ws = work + (<usize>(n - 1) << 3);

  let l1 = 0;
  const nm1 = n - 1;
  while (l1 <= n - 1) {
    if (l1 > 0) setF(e, l1 - 1, 0);
    let m = l1;
    for (; m < nm1; m++) {
      const tst = abs<f64>(getF(e, m));
      if (tst == 0) break;
      if (tst <= sqrt<f64>(abs<f64>(getF(d, m))) * sqrt<f64>(abs<f64>(getF(d, m + 1))) * eps) {
        setF(e, m, 0);
        break;
      }
    }
    let l = l1;
    const lsv = l;
    let lend = m;
    const lendsv = lend;
    l1 = m + 1;
    if (lend == l) continue;

    const anorm = dlanst(NORM_MAX, lend - l + 1, d + (<usize>l << 3), e + (<usize>l << 3));
    if (anorm == 0) continue;
    let iscale = 0;
    if (anorm > ssfmax) {
      iscale = 1;
      dlascl(anorm, ssfmax, lend - l + 1, d + (<usize>l << 3));
      dlascl(anorm, ssfmax, lend - l, e + (<usize>l << 3));
    } else if (anorm < ssfmin) {
      iscale = 2;
      dlascl(anorm, ssfmin, lend - l + 1, d + (<usize>l << 3));
      dlascl(anorm, ssfmin, lend - l, e + (<usize>l << 3));
    }

    if (abs<f64>(getF(d, lend)) < abs<f64>(getF(d, l))) {
      lend = lsv;
      l = lendsv;
    }

    if (lend > l) {
      // QL iteration: look for a small subdiagonal entry
      while (true) {
        if (l != lend) {
          for (m = l; m < lend; m++) {
            const v = abs<f64>(getF(e, m));
            if (v * v <= eps2 * abs<f64>(getF(d, m)) * abs<f64>(getF(d, m + 1)) + safmin) break;
          }
        } else {
          m = lend;
        }
        if (m < lend) setF(e, m, 0);
        let p = getF(d, l);
        if (m == l) {
          l++;
          if (l > lend) break;
          continue;
        }
        if (m == l + 1) {
          // 2 x 2 block: its eigensystem directly
          if (compz > 0) {
            dlaev2(getF(d, l), getF(e, l), getF(d, l + 1),
              d + (<usize>l << 3), d + (<usize>(l + 1) << 3), wc + (<usize>l << 3), ws + (<usize>l << 3));
            dlasrRightCols(0, n, 2, wc + (<usize>l << 3), ws + (<usize>l << 3), colMajorAt(q, ldq, 0, l), ldq);
          } else {
            dlae2(getF(d, l), getF(e, l), getF(d, l + 1), d + (<usize>l << 3), d + (<usize>(l + 1) << 3));
          }
          setF(e, l, 0);
          l += 2;
          if (l > lend) break;
          continue;
        }
        if (jtot == nmaxit) break;
        jtot++;

        // shift
        let g = (getF(d, l + 1) - p) / (2 * getF(e, l));
        let r = dlapy2(g, 1);
        g = getF(d, m) - p + getF(e, l) / (g + copysign<f64>(r, g));
        let s: f64 = 1;
        let c: f64 = 1;
        p = 0;
        for (let i = m - 1; i >= l; i--) {
          const f = s * getF(e, i);
          const b = c * getF(e, i);
          dlartg(g, f);
          c = rotC;
          s = rotS;
          r = rotR;
          if (i != m - 1) setF(e, i + 1, r);
          g = getF(d, i + 1) - p;
          r = (getF(d, i) - g) * s + 2 * c * b;
          p = s * r;
          setF(d, i + 1, g + p);
          g = c * r - b;
          if (compz > 0) {
            setF(wc, i, c);
            setF(ws, i, -s);
          }
        }
        if (compz > 0) {
          dlasrRightCols(0, n, m - l + 1, wc + (<usize>l << 3), ws + (<usize>l << 3), colMajorAt(q, ldq, 0, l), ldq);
        }
        setF(d, l, getF(d, l) - p);
        setF(e, l, g);
      }
    } else {
      // QR iteration: look for a small superdiagonal entry
      while (true) {
        if (l != lend) {
          for (m = l; m > lend; m--) {
            const v = abs<f64>(getF(e, m - 1));
            if (v * v <= eps2 * abs<f64>(getF(d, m)) * abs<f64>(getF(d, m - 1)) + safmin) break;
          }
        } else {
          m = lend;
        }
        if (m > lend) setF(e, m - 1, 0);
        let p = getF(d, l);
        if (m == l) {
          l--;
          if (l < lend) break;
          continue;
        }
        if (m == l - 1) {
          if (compz > 0) {
            dlaev2(getF(d, l - 1), getF(e, l - 1), getF(d, l),
              d + (<usize>(l - 1) << 3), d + (<usize>l << 3), wc + (<usize>m << 3), ws + (<usize>m << 3));
            dlasrRightCols(1, n, 2, wc + (<usize>m << 3), ws + (<usize>m << 3), colMajorAt(q, ldq, 0, l - 1), ldq);
          } else {
            dlae2(getF(d, l - 1), getF(e, l - 1), getF(d, l), d + (<usize>(l - 1) << 3), d + (<usize>l << 3));
          }
          setF(e, l - 1, 0);
          l -= 2;
          if (l < lend) break;
          continue;
        }
        if (jtot == nmaxit) break;
        jtot++;

        let g = (getF(d, l - 1) - p) / (2 * getF(e, l - 1));
        let r = dlapy2(g, 1);
        g = getF(d, m) - p + getF(e, l - 1) / (g + copysign<f64>(r, g));
        let s: f64 = 1;
        let c: f64 = 1;
        p = 0;
        for (let i = m; i < l; i++) {
          const f = s * getF(e, i);
          const b = c * getF(e, i);
          dlartg(g, f);
          c = rotC;
          s = rotS;
          r = rotR;
          if (i != m) setF(e, i - 1, r);
          g = getF(d, i) - p;
          r = (getF(d, i + 1) - g) * s + 2 * c * b;
          p = s * r;
          setF(d, i, g + p);
          g = c * r - b;
          if (compz > 0) {
            setF(wc, i, c);
            setF(ws, i, s);
          }
        }
        if (compz > 0) {
          dlasrRightCols(1, n, l - m + 1, wc + (<usize>m << 3), ws + (<usize>m << 3), colMajorAt(q, ldq, 0, m), ldq);
        }
        setF(d, l, getF(d, l) - p);
        setF(e, l - 1, g);
      }
    }

    if (iscale == 1) {
      dlascl(ssfmax, anorm, lendsv - lsv + 1, d + (<usize>lsv << 3));
      dlascl(ssfmax, anorm, lendsv - lsv, e + (<usize>lsv << 3));
    } else if (iscale == 2) {
      dlascl(ssfmin, anorm, lendsv - lsv + 1, d + (<usize>lsv << 3));
      dlascl(ssfmin, anorm, lendsv - lsv, e + (<usize>lsv << 3));
    }
    if (jtot >= nmaxit) break;
  }

  if (jtot >= nmaxit) {
    let info = 0;
    for (let i = 0; i < n - 1; i++) if (getF(e, i) != 0) info++;
    if (info > 0) return info;
  }

  if (compz == 0) {
    dlasrt(n, d);
  } else {
    sortWithColumns(n, d, q, ldq, n);
  }
  return 0;
}

/**
 * Selection sort of d[0..n) into ascending order carrying the columns of the column-major Q
 * (nrows rows each) along: at most n - 1 column swaps (LAPACK dsteqr/dstedc's choice, which
 * minimizes vector traffic). Skips the O(n^2) scan when d is already sorted.
 */
export function sortWithColumns(n: i32, d: usize, q: usize, ldq: i32, nrows: i32): void {
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (getF(d, i) < getF(d, i - 1)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = getF(d, i);
    for (let j = i + 1; j < n; j++) {
      const dj = getF(d, j);
      if (dj < p) {
        k = j;
        p = dj;
      }
    }
    if (k != i) {
      setF(d, k, getF(d, i));
      setF(d, i, p);
      swapColumns(nrows, colMajorAt(q, ldq, 0, i), colMajorAt(q, ldq, 0, k));
    }
  }
}

// @ts-ignore: decorator
@inline
function swapColumns(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const off = <usize>i << 3;
    const a = v128.load(x + off);
    v128.store(x + off, v128.load(y + off));
    v128.store(y + off, a);
  }
  if (i < n) {
    const off = <usize>i << 3;
    const a = load<f64>(x + off);
    store<f64>(x + off, load<f64>(y + off));
    store<f64>(y + off, a);
  }
}
