// DLAED0 (COMPQ = 2 branch): all eigenvalues and eigenvectors of the unreduced symmetric
// tridiagonal T = tridiag(e, d, e) of order n by Cuppen's divide and conquer (LAPACK dlaed0 with
// dlaed1/2/3/4; Cuppen, Numer. Math. 36, 1981; Gu and Eisenstat, SIAM J. Matrix Anal. Appl. 16,
// 1995).
//
// T is cut into subproblems of at most SMLSIZ + 1 = 26 rows by halving: at each cut between
// rows s-1 and s, T = diag(T1, T2) + |e_s-1| v v^T with d[s-1] and d[s] reduced by |e_s-1| (the
// rank-one term carries the sign of e in v). The leaves are solved by dsteqr, the pairs merged
// up the tree by dlaed1, and the result sorted ascending. Q is column-major n x n (Q(i, j) at
// q + 8 (i + j ldq)) and must hold the identity on entry.
//
// work: dlaed0Worksize(n) doubles; iwork: dlaed0Iworksize(n) i32; gw: dgemm workspace for
// n x n x n; maxSweeps: the QL/QR sweep limit per eigenvalue of the dsteqr leaves. Returns 0, or
// > 0 on failure: (start + 1) (n + 1) + (start + size) identifies the subproblem (rows start ..
// start + size - 1) whose leaf or merge did not converge.

import { getF, setF, getI, setI, colMajorAt } from "./tridiag_common";
import { dsteqrColMajor } from "./dsteqr";
import { dlaed1 } from "./dlaed1";

export const SMLSIZ: i32 = 25;

export function dlaed0Worksize(n: i32): i32 {
  return 5 * n + n * n;
}

export function dlaed0Iworksize(n: i32): i32 {
  // subproblem ends (n), indxq (n), dlaed1 scratch (4n)
  return 6 * n + 2;
}

export function dlaed0(n: i32, d: usize, e: usize, q: usize, ldq: i32, work: usize, iwork: usize, gw: usize, maxSweeps: i32): i32 {
  if (n == 0) return 0;
  const sz = iwork; // sz[i] = end (exclusive) of subproblem i after the prefix sums
  const indxq = iwork + (<usize>(n + 1) << 2);
  const scratch = indxq + (<usize>(n + 1) << 2);

  // sizes of the leaves: halve until every piece has at most SMLSIZ rows
  setI(sz, 0, n);
  let subpbs = 1;
  while (getI(sz, subpbs - 1) > SMLSIZ) {
    for (let j = subpbs - 1; j >= 0; j--) {
      const s = getI(sz, j);
      setI(sz, 2 * j + 1, (s + 1) / 2);
      setI(sz, 2 * j, s / 2);
    }
    subpbs *= 2;
  }
  for (let j = 1; j < subpbs; j++) setI(sz, j, getI(sz, j) + getI(sz, j - 1));

  // cuts: rank-one tearing at each boundary
  for (let i = 0; i < subpbs - 1; i++) {
    const s = getI(sz, i);
    const ae = abs<f64>(getF(e, s - 1));
    setF(d, s - 1, getF(d, s - 1) - ae);
    setF(d, s, getF(d, s) - ae);
  }

  // leaves
  for (let i = 0; i < subpbs; i++) {
    const start = i == 0 ? 0 : getI(sz, i - 1);
    const size = getI(sz, i) - start;
    const info = dsteqrColMajor(2, size, d + (<usize>start << 3), e + (<usize>start << 3), colMajorAt(q, ldq, start, start), ldq, work, maxSweeps);
    if (info != 0) return (start + 1) * (n + 1) + start + size;
    for (let j = 0; j < size; j++) setI(indxq, start + j, j);
  }

  // merges, level by level
  while (subpbs > 1) {
    for (let i = 0; i <= subpbs - 2; i += 2) {
      const start = i == 0 ? 0 : getI(sz, i - 1);
      const mid = getI(sz, i);
      const end = getI(sz, i + 1);
      const size = end - start;
      const cut = mid - start;
      const info = dlaed1(size, d + (<usize>start << 3), colMajorAt(q, ldq, start, start), ldq, indxq + (<usize>start << 2),
        getF(e, mid - 1), cut, work, scratch, gw);
      if (info != 0) return (start + 1) * (n + 1) + start + size;
      setI(sz, i / 2, end);
    }
    subpbs /= 2;
  }

  // apply the final sorting permutation
  const wd = work;
  const wq = work + (<usize>n << 3);
  const colBytes = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const j = getI(indxq, i);
    setF(wd, i, getF(d, j));
    memory.copy(wq + <usize>i * colBytes, colMajorAt(q, ldq, 0, j), colBytes);
  }
  memory.copy(d, wd, colBytes);
  for (let i = 0; i < n; i++) memory.copy(colMajorAt(q, ldq, 0, i), wq + <usize>i * colBytes, colBytes);
  return 0;
}
