// DLAED2: deflation step of Cuppen's divide and conquer (LAPACK dlaed2; the same tests as
// dlaed8 in the dlaed7 path). The merged problem is
//
//   diag(d) + rho z z^T,  d = (eigenvalues of the upper half | of the lower half),
//   z = (last row of Q1 | first row of Q2) / sqrt(2),   ||z|| = 1, rho := |2 rho|,
//
// with Q = diag(Q1, Q2) column-major (n x n, ld ldq), n1 the size of the upper half and indxq
// the sorting permutations of the two halves (0-based, local to each half on entry). An
// eigenpair deflates (keeps its value and vector) when rho |z_j| <= tol, or when two values are
// close enough that a Givens rotation of their vectors zeroes one z component with an error
// below tol (|t c s| <= tol); tol = 64 eps max(|d|max, |z|max), eps = 2^-53.
//
// Outputs: returns k, the number of non-deflated values; dlamda[0..k) and w[0..k) the sorted
// poles and weights of the secular equation; the deflated eigenpairs at d[k..n), Q(:, k..n)
// (descending order); q2 the non-deflated eigenvectors compressed by column type (1: nonzero in
// the upper half only, 2: mixed by a rotation, 3: lower half only; 4 = deflated): the upper
// parts of types 1-2 (n1 x n12), then the lower parts of types 2-3 (n2 x n23), column-major;
// indxc the permutation that groups the types (dlaed3 permutes the rows of its vectors by it);
// ctot[0..4) the counts per type (stored over coltyp's first four entries). z is overwritten.
// Workspace: indx, indxp, coltyp: n i32 each. q2 needs n1 n12 + n2 n23 + n (n - k) doubles.

import { EPS, getF, setF, getI, setI, colMajorAt } from "./tridiag_common";
import { dlamrg } from "./dlamrg";
import { dlapy2 } from "./dlapy2";
import { idamax } from "../blas/level1";
import { rotatePair } from "./dlasr";
import { copyBlock } from "./dlaed3";

export function dlaed2(
  n: i32, n1: i32, d: usize, q: usize, ldq: i32, indxq: usize, rhoIn: f64, z: usize,
  dlamda: usize, w: usize, q2: usize, indx: usize, indxc: usize, indxp: usize, coltyp: usize,
): i32 {
  if (n == 0) return 0;
  const n2 = n - n1;
  if (rhoIn < 0) {
    for (let i = n1; i < n; i++) setF(z, i, -getF(z, i));
  }
  // z is the concatenation of two unit vectors: normalize
  const t0: f64 = 0.7071067811865476;
  for (let i = 0; i < n; i++) setF(z, i, getF(z, i) * t0);
  const rho = abs<f64>(2 * rhoIn);

  // merged sorting permutation of the two halves
  for (let i = n1; i < n; i++) setI(indxq, i, getI(indxq, i) + n1);
  for (let i = 0; i < n; i++) setF(dlamda, i, getF(d, getI(indxq, i)));
  dlamrg(n1, n2, dlamda, 1, 1, indxc);
  for (let i = 0; i < n; i++) setI(indx, i, getI(indxq, getI(indxc, i)));

  // deflation tolerance
  const imax = idamax(n, z, 1);
  const jmax = idamax(n, d, 1);
  const tol = 64 * EPS * max<f64>(abs<f64>(getF(d, jmax)), abs<f64>(getF(z, imax)));

  if (rho * abs<f64>(getF(z, imax)) <= tol) {
    // the rank-one modifier is negligible: only reorder Q and d
    let off: usize = q2;
    for (let j = 0; j < n; j++) {
      const i = getI(indx, j);
      memory.copy(off, colMajorAt(q, ldq, 0, i), <usize>n << 3);
      setF(dlamda, j, getF(d, i));
      off += <usize>n << 3;
    }
    copyBlock(n, n, q2, n, q, ldq);
    memory.copy(d, dlamda, <usize>n << 3);
    return 0;
  }

  for (let i = 0; i < n1; i++) setI(coltyp, i, 1);
  for (let i = n1; i < n; i++) setI(coltyp, i, 3);

  let k = 0;
  let k2 = n;
  let pj: i32 = -1;
  let j = 0;
  // the first value that does not deflate by a small z component
  for (; j < n; j++) {
    const nj = getI(indx, j);
    if (rho * abs<f64>(getF(z, nj)) <= tol) {
      k2--;
      setI(coltyp, nj, 4);
      setI(indxp, k2, nj);
    } else {
      pj = nj;
      break;
    }
  }
  // pj >= 0 here: z[imax] does not deflate
  for (j = j + 1; j < n; j++) {
    const nj = getI(indx, j);
    if (rho * abs<f64>(getF(z, nj)) <= tol) {
      k2--;
      setI(coltyp, nj, 4);
      setI(indxp, k2, nj);
      continue;
    }
    // close values: try a rotation that zeroes z[pj]
    let s = getF(z, pj);
    let c = getF(z, nj);
    const tau = dlapy2(c, s);
    const t = getF(d, nj) - getF(d, pj);
    c = c / tau;
    s = -s / tau;
    if (abs<f64>(t * c * s) <= tol) {
      setF(z, nj, tau);
      setF(z, pj, 0);
      if (getI(coltyp, nj) != getI(coltyp, pj)) setI(coltyp, nj, 2);
      setI(coltyp, pj, 4);
      rotatePair(n, c, s, colMajorAt(q, ldq, 0, pj), colMajorAt(q, ldq, 0, nj));
      const dpj = getF(d, pj);
      const dnj = getF(d, nj);
      const tt = dpj * c * c + dnj * s * s;
      setF(d, nj, dpj * s * s + dnj * c * c);
      setF(d, pj, tt);
      k2--;
      // insert pj into the deflated list indxp[k2..n), kept in descending order of d
      let p = k2;
      const dp = getF(d, pj);
      while (p + 1 <= n - 1 && dp < getF(d, getI(indxp, p + 1))) {
        setI(indxp, p, getI(indxp, p + 1));
        p++;
      }
      setI(indxp, p, pj);
      pj = nj;
    } else {
      setF(dlamda, k, getF(d, pj));
      setF(w, k, getF(z, pj));
      setI(indxp, k, pj);
      k++;
      pj = nj;
    }
  }
  // the last non-deflated value
  setF(dlamda, k, getF(d, pj));
  setF(w, k, getF(z, pj));
  setI(indxp, k, pj);
  k++;

  // counts of the four column types and the permutation grouping them
  let ct1 = 0;
  let ct2 = 0;
  let ct3 = 0;
  let ct4 = 0;
  for (let i = 0; i < n; i++) {
    const ct = getI(coltyp, i);
    if (ct == 1) ct1++;
    else if (ct == 2) ct2++;
    else if (ct == 3) ct3++;
    else ct4++;
  }
  let psm1 = 0;
  let psm2 = ct1;
  let psm3 = psm2 + ct2;
  let psm4 = psm3 + ct3;
  k = n - ct4;
  for (let jj = 0; jj < n; jj++) {
    const js = getI(indxp, jj);
    const ct = getI(coltyp, js);
    let pos: i32;
    if (ct == 1) pos = psm1++;
    else if (ct == 2) pos = psm2++;
    else if (ct == 3) pos = psm3++;
    else pos = psm4++;
    setI(indx, pos, js);
    setI(indxc, pos, jj);
  }

  // compress the eigenvectors into q2 by type; the values go to z
  const n1Bytes = <usize>n1 << 3;
  const n2Bytes = <usize>n2 << 3;
  let i = 0;
  let iq1: usize = q2;
  let iq2: usize = q2 + (<usize>((ct1 + ct2) * n1) << 3);
  for (let jj = 0; jj < ct1; jj++) {
    const js = getI(indx, i);
    memory.copy(iq1, colMajorAt(q, ldq, 0, js), n1Bytes);
    setF(z, i, getF(d, js));
    i++;
    iq1 += n1Bytes;
  }
  for (let jj = 0; jj < ct2; jj++) {
    const js = getI(indx, i);
    memory.copy(iq1, colMajorAt(q, ldq, 0, js), n1Bytes);
    memory.copy(iq2, colMajorAt(q, ldq, n1, js), n2Bytes);
    setF(z, i, getF(d, js));
    i++;
    iq1 += n1Bytes;
    iq2 += n2Bytes;
  }
  for (let jj = 0; jj < ct3; jj++) {
    const js = getI(indx, i);
    memory.copy(iq2, colMajorAt(q, ldq, n1, js), n2Bytes);
    setF(z, i, getF(d, js));
    i++;
    iq2 += n2Bytes;
  }
  const deflatedStart = iq2;
  for (let jj = 0; jj < ct4; jj++) {
    const js = getI(indx, i);
    memory.copy(iq2, colMajorAt(q, ldq, 0, js), <usize>n << 3);
    iq2 += <usize>n << 3;
    setF(z, i, getF(d, js));
    i++;
  }
  // the deflated pairs go back to the last n - k slots
  if (k < n) {
    copyBlock(n, ct4, deflatedStart, n, colMajorAt(q, ldq, 0, k), ldq);
    memory.copy(d + (<usize>k << 3), z + (<usize>k << 3), <usize>(n - k) << 3);
  }
  setI(coltyp, 0, ct1);
  setI(coltyp, 1, ct2);
  setI(coltyp, 2, ct3);
  setI(coltyp, 3, ct4);
  return k;
}
