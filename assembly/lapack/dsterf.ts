// DSTERF: all eigenvalues of the symmetric tridiagonal T = tridiag(e, d, e) (d: n diagonal
// entries at byte address d, e: n - 1 off-diagonal entries at e), by the root-free
// Pal-Walker-Kahan variant of the implicit QL / QR algorithm (LAPACK dsterf; gonum
// lapack/gonum/dsterf.go). On return d holds the eigenvalues in ascending order and e is
// destroyed.
//
// The matrix is split where |e_i| <= eps sqrt|d_i| sqrt|d_i+1|; each unreduced block is scaled
// into [sqrt(safmin)/eps^2, sqrt(safmax)/3] when its max-norm lies outside (so that squares of
// the entries neither overflow nor underflow), iterated with QL when its bottom end is larger
// in magnitude and QR otherwise, and scaled back. The sweeps work on e_i^2 only, without
// square roots (Pal, Walker, Kahan; Parlett, "The Symmetric Eigenvalue Problem", 8.15).
//
// maxSweeps: QL/QR sweeps allowed per eigenvalue (LAPACK's MAXIT = 30; the call may take
// maxSweeps n in all). Returns 0 on success, -1 for n < 0, -4 for maxSweeps < 0, or k > 0 when
// the maxSweeps n sweeps were spent with k off-diagonal entries not yet zero; d then holds
// unordered approximations. Cost about 12 n^2 flops (values only), no workspace.

import { EPS, SAFMIN, getF, setF } from "./tridiag_common";
import { dlanst, NORM_MAX } from "./dlanst";
import { dlascl } from "./dlascl";
import { dlae2 } from "./dlae2";
import { dlapy2 } from "./dlapy2";
import { dlasrt } from "./dlasrt";

export function dsterf(n: i32, d: usize, e: usize, maxSweeps: i32): i32 {
  if (n < 0) return -1;
  if (maxSweeps < 0) return -4;
  if (n <= 1) return 0;
  const eps = EPS;
  const eps2 = eps * eps;
  const safmax = 1 / SAFMIN;
  const ssfmax = sqrt<f64>(safmax) / 3;
  const ssfmin = sqrt<f64>(SAFMIN) / eps2;
  const nmaxit = n * maxSweeps;
  let jtot = 0;
  let l1 = 0;

  while (l1 <= n - 1) {
    if (l1 > 0) setF(e, l1 - 1, 0);
    // find the end of the unreduced block starting at l1
    let m = l1;
    for (; m < n - 1; m++) {
      if (abs<f64>(getF(e, m)) <= sqrt<f64>(abs<f64>(getF(d, m))) * sqrt<f64>(abs<f64>(getF(d, m + 1))) * eps) {
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

    // scale the block
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
    for (let i = l; i < lend; i++) {
      const v = getF(e, i);
      setF(e, i, v * v);
    }

    // QL when the bottom end is the larger, QR otherwise
    if (abs<f64>(getF(d, lend)) < abs<f64>(getF(d, l))) {
      lend = lsv;
      l = lendsv;
    }

    if (lend >= l) {
      // QL iteration
      while (true) {
        if (l != lend) {
          for (m = l; m < lend; m++) {
            if (abs<f64>(getF(e, m)) <= eps2 * abs<f64>(getF(d, m) * getF(d, m + 1))) break;
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
          // 2 x 2 block
          dlae2(getF(d, l), sqrt<f64>(getF(e, l)), getF(d, l + 1), d + (<usize>l << 3), d + (<usize>(l + 1) << 3));
          setF(e, l, 0);
          l += 2;
          if (l > lend) break;
          continue;
        }
        if (jtot == nmaxit) break;
        jtot++;

        // shift
        const rte = sqrt<f64>(getF(e, l));
        let sigma = (getF(d, l + 1) - p) / (2 * rte);
        const r0 = dlapy2(sigma, 1);
        sigma = p - rte / (sigma + copysign<f64>(r0, sigma));

        let c: f64 = 1;
        let s: f64 = 0;
        let gamma = getF(d, m) - sigma;
        p = gamma * gamma;
        for (let i = m - 1; i >= l; i--) {
          const bb = getF(e, i);
          const r = p + bb;
          if (i != m - 1) setF(e, i + 1, s * r);
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = getF(d, i);
          gamma = c * (alpha - sigma) - s * oldgam;
          setF(d, i + 1, oldgam + (alpha - gamma));
          if (c != 0) {
            p = (gamma * gamma) / c;
          } else {
            p = oldc * bb;
          }
        }
        setF(e, l, s * p);
        setF(d, l, sigma + gamma);
      }
    } else {
      // QR iteration
      while (true) {
        for (m = l; m > lend; m--) {
          if (abs<f64>(getF(e, m - 1)) <= eps2 * abs<f64>(getF(d, m) * getF(d, m - 1))) break;
        }
        if (m > lend) setF(e, m - 1, 0);
        let p = getF(d, l);
        if (m == l) {
          l--;
          if (l < lend) break;
          continue;
        }
        if (m == l - 1) {
          dlae2(getF(d, l), sqrt<f64>(getF(e, l - 1)), getF(d, l - 1), d + (<usize>l << 3), d + (<usize>(l - 1) << 3));
          setF(e, l - 1, 0);
          l -= 2;
          if (l < lend) break;
          continue;
        }
        if (jtot == nmaxit) break;
        jtot++;

        const rte = sqrt<f64>(getF(e, l - 1));
        let sigma = (getF(d, l - 1) - p) / (2 * rte);
        const r0 = dlapy2(sigma, 1);
        sigma = p - rte / (sigma + copysign<f64>(r0, sigma));

        let c: f64 = 1;
        let s: f64 = 0;
        let gamma = getF(d, m) - sigma;
        p = gamma * gamma;
        for (let i = m; i < l; i++) {
          const bb = getF(e, i);
          const r = p + bb;
          if (i != m) setF(e, i - 1, s * r);
          const oldc = c;
          c = p / r;
          s = bb / r;
          const oldgam = gamma;
          const alpha = getF(d, i + 1);
          gamma = c * (alpha - sigma) - s * oldgam;
          setF(d, i, oldgam + (alpha - gamma));
          if (c != 0) {
            p = (gamma * gamma) / c;
          } else {
            p = oldc * bb;
          }
        }
        setF(e, l - 1, s * p);
        setF(d, l, sigma + gamma);
      }
    }

    // undo the scaling
    if (iscale == 1) dlascl(ssfmax, anorm, lendsv - lsv + 1, d + (<usize>lsv << 3));
    if (iscale == 2) dlascl(ssfmin, anorm, lendsv - lsv + 1, d + (<usize>lsv << 3));

    if (jtot >= nmaxit) break;
  }

  if (jtot >= nmaxit) {
    // count the off-diagonal entries that did not converge
    let info = 0;
    for (let i = 0; i < n - 1; i++) if (getF(e, i) != 0) info++;
    if (info > 0) return info;
  }
  dlasrt(n, d);
  return 0;
}
