// DSTEDC: all eigenvalues and, optionally, eigenvectors of the symmetric tridiagonal
// T = tridiag(e, d, e) by Cuppen's divide and conquer (LAPACK dstedc with dlaed0..dlaed6;
// Cuppen 1981, Gu and Eisenstat 1995). Same interface and outputs as dsteqr:
//
//   dstedc(compz, n, d, e, z, ldz, work, iwork, maxSweeps): i32
//     compz 0: eigenvalues only (dsterf, as LAPACK does: faster than D&C without vectors);
//     compz 1: Z holds an orthogonal n x n Q on entry and gets Q * V;
//     compz 2: Z is set to V, the eigenvectors of T.
//     d: n doubles, eigenvalues ascending on return; e: n - 1 doubles, destroyed.
//     Z row-major, Z[i, j] at z + 8 (i ldz + j), ldz >= n; column j is the vector of d[j].
//     work: dstedc_worksize(compz, n) doubles, 16-byte aligned (it holds the dgemm packing
//     buffers); iwork: dstedc_iworksize(compz, n) i32. maxSweeps: QL/QR sweeps allowed per
//     eigenvalue in dsterf and the dsteqr leaves (LAPACK's MAXIT = 30).
//   Returns 0, -i for a bad argument i, or > 0 when a QL/QR leaf or the secular equation solver
//   did not converge; the value (start + 1) (n + 1) + (start + size) names the rows
//   start .. start + size - 1 of the failing block (or dsteqr's count for n <= 25).
//
// Method. T splits into unreduced blocks where |e_i| <= eps sqrt|d_i| sqrt|d_i+1|. Blocks of at
// most 25 rows go to dsteqr; larger ones are scaled to unit max-norm and solved by dlaed0 (leaves
// of at most 25 rows by dsteqr, merges by dlaed1: deflation in dlaed2, the secular equation by
// dlaed4, eigenvectors by the Lowner formula, products by dgemm). Eigenpairs are then sorted.
// The eigenvectors are computed in the column-major layout (see tridiag_common.ts) and Z is
// transposed in place at the end. compz 1 computes V in the workspace and forms Q V with one
// dgemm (LAPACK uses dlaed7/8/9 there to update Q level by level; the flops are similar).
// Cost: on random matrices deflation leaves the GEMMs small, typically well under n^3 flops;
// the worst case (no deflation, e.g. Toeplitz) is about 4/3 n^3 in GEMM. Measured here
// (bench/tridiagonal.bench.ts): n = 1000 random 16 ms, Toeplitz about 250 ms. Memory for n > 25:
// n^2 + 5n doubles for compz 2 (3 n^2 + 5n for compz 1) plus the GEMM packing buffers
// (dgemm_worksize(n, n, n), at most about 4.3 MiB); 6n + 2 i32.

import { EPS, getF, colMajorAt } from "./tridiag_common";
import { dlanst, NORM_MAX } from "./dlanst";
import { dlascl } from "./dlascl";
import { dsterf } from "./dsterf";
import { dsteqr, dsteqr_worksize, dsteqrColMajor, sortWithColumns } from "./dsteqr";
import { dlaed0, dlaed0Worksize, dlaed0Iworksize, SMLSIZ } from "./dlaed0";
import { dgemmShared, dgemm_worksize } from "../blas/gemm";
import { NO_TRANS, TRANS } from "../simd";
import { transposeSquareInPlace } from "./transpose_inplace";

// @ts-ignore: decorator
@inline
function evenUp(x: i32): i32 {
  return (x + 1) & ~1;
}

/** Doubles of workspace dstedc needs. */
export function dstedc_worksize(compz: i32, n: i32): i32 {
  if (compz == 0 || n <= 1) return 1;
  if (n <= SMLSIZ) return dsteqr_worksize(n);
  const base = evenUp(dgemm_worksize(n, n, n)) + evenUp(dlaed0Worksize(n));
  return compz == 1 ? base + 2 * n * n : base;
}

/** i32 entries of integer workspace dstedc needs. */
export function dstedc_iworksize(compz: i32, n: i32): i32 {
  if (compz == 0 || n <= SMLSIZ) return 1;
  return dlaed0Iworksize(n);
}

export function dstedc(compz: i32, n: i32, d: usize, e: usize, z: usize, ldz: i32, work: usize, iwork: usize, maxSweeps: i32): i32 {
  if (compz < 0 || compz > 2) return -1;
  if (n < 0) return -2;
  if (compz > 0 && ldz < max<i32>(1, n)) return -6;
  if (maxSweeps < 0) return -9;
  if (n == 0) return 0;
  if (compz == 0) return dsterf(n, d, e, maxSweeps);
  if (n == 1) {
    if (compz == 2) store<f64>(z, 1);
    return 0;
  }
  if (n <= SMLSIZ) return dsteqr(compz, n, d, e, z, ldz, work, maxSweeps);

  // workspace: dgemm packing first (16-byte aligned), then dlaed0's, then (compz 1) V and a copy of Q
  const gw = work;
  const rest = gw + (<usize>evenUp(dgemm_worksize(n, n, n)) << 3);
  const lw = rest;
  const vq = lw + (<usize>evenUp(dlaed0Worksize(n)) << 3);
  // eigenvectors of T, column-major: in Z itself (compz 2) or in the workspace (compz 1)
  let q = z;
  let ldq = ldz;
  if (compz == 1) {
    q = vq;
    ldq = n;
  }
  for (let j = 0; j < n; j++) {
    memory.fill(colMajorAt(q, ldq, 0, j), 0, <usize>n << 3);
    store<f64>(colMajorAt(q, ldq, j, j), 1);
  }

  const orgnrm0 = dlanst(NORM_MAX, n, d, e);
  if (orgnrm0 != 0) {
    const eps = EPS;
    let start = 0;
    while (start < n) {
      // the next unreduced block start .. finish
      let finish = start;
      while (finish < n - 1) {
        const tiny = eps * sqrt<f64>(abs<f64>(getF(d, finish))) * sqrt<f64>(abs<f64>(getF(d, finish + 1)));
        if (abs<f64>(getF(e, finish)) > tiny) {
          finish++;
        } else {
          break;
        }
      }
      const m = finish - start + 1;
      if (m > 1) {
        const ds = d + (<usize>start << 3);
        const es = e + (<usize>start << 3);
        const qs = colMajorAt(q, ldq, start, start);
        if (m > SMLSIZ) {
          const orgnrm = dlanst(NORM_MAX, m, ds, es);
          dlascl(orgnrm, 1, m, ds);
          dlascl(orgnrm, 1, m - 1, es);
          const info = dlaed0(m, ds, es, qs, ldq, lw, iwork, gw, maxSweeps);
          if (info != 0) {
            // re-base dlaed0's code (rows local to the block) onto the whole matrix
            const lo = info / (m + 1) - 1;
            const hi = info % (m + 1);
            return (start + lo + 1) * (n + 1) + start + hi;
          }
          dlascl(1, orgnrm, m, ds);
        } else {
          const info = dsteqrColMajor(2, m, ds, es, qs, ldq, lw, maxSweeps);
          if (info != 0) return (start + 1) * (n + 1) + finish + 1;
        }
      }
      start = finish + 1;
    }
    sortWithColumns(n, d, q, ldq, n);
  }

  if (compz == 2) {
    transposeSquareInPlace(n, z, ldz);
    return 0;
  }
  // compz 1: Z := Q V. q holds V column-major, i.e. V^T row-major (ld n).
  const qcopy = vq + (<usize>(n * n) << 3);
  for (let i = 0; i < n; i++) memory.copy(qcopy + (<usize>(i * n) << 3), z + (<usize>(i * ldz) << 3), <usize>n << 3);
  dgemmShared(NO_TRANS, TRANS, n, n, n, 1, qcopy, n, vq, n, 0, z, ldz, gw);
  return 0;
}

