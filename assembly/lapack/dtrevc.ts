// DTREVC: all right eigenvectors of an n x n upper quasi-triangular matrix T in Schur canonical
// form (as left by dlahqr with wantt: 1 x 1 and standardized 2 x 2 diagonal blocks), multiplied
// by the n x n matrix Z given in vr: on entry vr holds Z (the Schur vectors of A = Z T Z^T), on
// exit its columns are the eigenvectors Z x of A (LAPACK howmny = 'B', side = 'R').
//
// Storage: T row-major (ldt >= n); VR (ldvr >= n) row-major when vtrans == 0 (LAPACK's layout,
// the vectors in columns), transposed when vtrans != 0: then row j of vr holds Schur vector j on
// entry and eigenvector j on exit (contiguous vectors; dlahqr's ztrans layout). Column j of VR is the eigenvector of the real
// eigenvalue T[j, j]; for a complex pair in rows j, j+1 (wr +- i wi, wi > 0 at j) column j holds
// the real part and column j+1 the imaginary part of the eigenvector of wr + i wi (the one of
// wr - i wi is its conjugate). Each vector is normalized so that its largest component has
// |re| + |im| = 1 (LAPACK's normalization; the caller rescales as it likes).
//
// Algorithm: LAPACK 3.12 dtrevc3 (gonum lapack/gonum/dtrevc3.go), right vectors, with the
// back substitution in dot-product form: (T - lambda I) x = 0 with x[k] = 1 (or the 2 x 2 start
// of a complex pair) is solved upward, x[j] = -(T[j, j+1:k+1] . x[j+1:k+1]) / (T[j, j] - lambda),
// so every inner product runs along a contiguous row of T (LAPACK's column axpy form would be
// strided in row-major storage). 1 x 1 and 2 x 2 pivots go through dlaln2 (perturbation to smin
// when nearly singular), and the overflow guard is the one LAPACK uses for its dot-product (left
// vector) loop: the row norms of the strict upper triangle bound each dot product, and x is
// rescaled before a product could overflow. The vectors are collected nb at a time as the rows
// of a block, back-transformed by one GEMM with the leading columns of Z (blocked version 2 of
// dtrevc3), normalized and copied into VR.
// Cost about n^3 / 3 flops for x and n^3 for the back-transformation (GEMM).
// Workspace: dtrevc_worksize(n) doubles. Returns 0 or -i for an invalid argument i.

import { NO_TRANS, TRANS } from "../simd";
import { dgemmShared, dgemm_worksize } from "../blas/gemm";
import { dotUnit, scalUnit } from "../blas/level1";
import { dlaln2, lnScale, lnXnorm } from "./dlaln2";
import { SAFMIN, ULP, at, get, put, vget, vput } from "./nonsym_common";

/** Vectors per back-transformation GEMM. */
export const DTREVC_NB: i32 = 32;

// @ts-ignore: decorator
@inline
function blockRows(n: i32): i32 {
  return max(2, min(DTREVC_NB, n));
}

/** Doubles of workspace dtrevc needs for order n. */
export function dtrevc_worksize(n: i32): i32 {
  if (n <= 0) return 1;
  const nb = blockRows(n);
  return n + 2 * nb * n + dgemm_worksize(n, nb, n) + 8;
}

export function dtrevc(n: i32, t: usize, ldt: i32, vr: usize, ldvr: i32, vtrans: i32, work: usize): i32 {
  if (n < 0) return -1;
  if (ldt < max(1, n)) return -3;
  if (ldvr < max(1, n)) return -5;
  if (vtrans != 0 && vtrans != 1) return -6;
  if (n == 0) return 0;
  const nb = blockRows(n);
  const norms = work; // n: 1-norms of the rows of the strict upper triangle of T
  const xb = norms + (<usize>n << 3); // nb x n: the vectors x as rows
  const cb = xb + (<usize>(nb * n) << 3); // n x nb: Z x for the block
  const gw = cb + (<usize>(nb * n) << 3);
  const sol = gw + (<usize>dgemm_worksize(n, nb, n) << 3); // 2 x 2 solution of dlaln2
  const rhs = sol + 32; // 2 x 2 right-hand side

  const smlnum = SAFMIN * (<f64>n / ULP);
  const bignum = (1 - ULP) / smlnum;

  for (let j = 0; j < n; j++) {
    let s: f64 = 0;
    for (let c = j + 1; c < n; c++) s += Math.abs(get(t, ldt, j, c));
    vput(norms, j, s);
  }

  // rows iv..nb-1 of xb hold the vectors of columns kmin..kmax of VR, in order
  let iv = nb;
  let kmax = -1;
  let ki = n - 1;
  while (ki >= 0) {
    const complexPair = ki > 0 && get(t, ldt, ki, ki - 1) != 0;
    const wr = get(t, ldt, ki, ki);
    if (kmax < 0) kmax = ki;
    if (!complexPair) {
      // real eigenvector: x[ki] = 1, solve rows ki-1 .. 0
      iv -= 1;
      const x = xb + (<usize>(iv * n) << 3);
      memory.fill(x, 0, <usize>n << 3);
      vput(x, ki, 1.0);
      const smin = Math.max(ULP * Math.abs(wr), smlnum);
      let vmax: f64 = 1;
      let vcrit = bignum;
      let j = ki - 1;
      while (j >= 0) {
        const len = ki - j; // entries j+1 .. ki of x are known
        if (j > 0 && get(t, ldt, j, j - 1) != 0) {
          // 2 x 2 diagonal block in rows j-1, j
          const beta = Math.max(vget(norms, j - 1), vget(norms, j));
          if (beta > vcrit) {
            scalUnit(ki + 1, 1 / vmax, x);
            vmax = 1;
          }
          put(rhs, 1, 0, 0, -dotUnit(len, at(t, ldt, j - 1, j + 1), x + (<usize>(j + 1) << 3)));
          put(rhs, 1, 1, 0, -dotUnit(len, at(t, ldt, j, j + 1), x + (<usize>(j + 1) << 3)));
          dlaln2(0, 2, 1, smin, 1, at(t, ldt, j - 1, j - 1), ldt, 1, 1, rhs, 1, wr, 0, sol, 1);
          if (lnScale != 1) scalUnit(ki + 1, lnScale, x);
          vput(x, j - 1, vget(sol, 0));
          vput(x, j, vget(sol, 1));
          vmax = Math.max(vmax, Math.max(Math.abs(vget(sol, 0)), Math.abs(vget(sol, 1))));
          vcrit = bignum / vmax;
          j -= 2;
        } else {
          if (vget(norms, j) > vcrit) {
            scalUnit(ki + 1, 1 / vmax, x);
            vmax = 1;
          }
          vput(rhs, 0, -dotUnit(len, at(t, ldt, j, j + 1), x + (<usize>(j + 1) << 3)));
          dlaln2(0, 1, 1, smin, 1, at(t, ldt, j, j), ldt, 1, 1, rhs, 1, wr, 0, sol, 1);
          if (lnScale != 1) scalUnit(ki + 1, lnScale, x);
          vput(x, j, vget(sol, 0));
          vmax = Math.max(vmax, Math.abs(vget(sol, 0)));
          vcrit = bignum / vmax;
          j -= 1;
        }
      }
      ki -= 1;
    } else {
      // complex pair in rows ki-1, ki: the vector of wr + i wi, real part in row iv-2 of xb,
      // imaginary part in row iv-1
      iv -= 2;
      const xr = xb + (<usize>(iv * n) << 3);
      const xi = xr + (<usize>n << 3);
      memory.fill(xr, 0, <usize>(2 * n) << 3);
      const tkk1 = get(t, ldt, ki - 1, ki);
      const tk1k = get(t, ldt, ki, ki - 1);
      const wi = Math.sqrt(Math.abs(tk1k)) * Math.sqrt(Math.abs(tkk1));
      const smin = Math.max(ULP * (Math.abs(wr) + Math.abs(wi)), smlnum);
      // initial solve of the 2 x 2 block: [T[ki-1, ki-1] - lambda, T[ki-1, ki]; T[ki, ki-1], ...] x = 0
      if (Math.abs(tkk1) >= Math.abs(tk1k)) {
        vput(xr, ki - 1, 1.0);
        vput(xi, ki, wi / tkk1);
      } else {
        vput(xr, ki - 1, -wi / tk1k);
        vput(xi, ki, 1.0);
      }
      let vmax = Math.max(Math.abs(vget(xr, ki - 1)), Math.abs(vget(xi, ki)));
      let vcrit = bignum / vmax;
      let j = ki - 2;
      while (j >= 0) {
        const len = ki - j;
        const xro = xr + (<usize>(j + 1) << 3);
        const xio = xi + (<usize>(j + 1) << 3);
        if (j > 0 && get(t, ldt, j, j - 1) != 0) {
          const beta = Math.max(vget(norms, j - 1), vget(norms, j));
          if (beta > vcrit) {
            scalUnit(ki + 1, 1 / vmax, xr);
            scalUnit(ki + 1, 1 / vmax, xi);
            vmax = 1;
          }
          const r0 = at(t, ldt, j - 1, j + 1);
          const r1 = at(t, ldt, j, j + 1);
          put(rhs, 2, 0, 0, -dotUnit(len, r0, xro));
          put(rhs, 2, 0, 1, -dotUnit(len, r0, xio));
          put(rhs, 2, 1, 0, -dotUnit(len, r1, xro));
          put(rhs, 2, 1, 1, -dotUnit(len, r1, xio));
          dlaln2(0, 2, 2, smin, 1, at(t, ldt, j - 1, j - 1), ldt, 1, 1, rhs, 2, wr, wi, sol, 2);
          if (lnScale != 1) {
            scalUnit(ki + 1, lnScale, xr);
            scalUnit(ki + 1, lnScale, xi);
          }
          vput(xr, j - 1, get(sol, 2, 0, 0));
          vput(xi, j - 1, get(sol, 2, 0, 1));
          vput(xr, j, get(sol, 2, 1, 0));
          vput(xi, j, get(sol, 2, 1, 1));
          vmax = Math.max(vmax, lnXnorm);
          vcrit = bignum / vmax;
          j -= 2;
        } else {
          if (vget(norms, j) > vcrit) {
            scalUnit(ki + 1, 1 / vmax, xr);
            scalUnit(ki + 1, 1 / vmax, xi);
            vmax = 1;
          }
          const r0 = at(t, ldt, j, j + 1);
          put(rhs, 2, 0, 0, -dotUnit(len, r0, xro));
          put(rhs, 2, 0, 1, -dotUnit(len, r0, xio));
          dlaln2(0, 1, 2, smin, 1, at(t, ldt, j, j), ldt, 1, 1, rhs, 2, wr, wi, sol, 2);
          if (lnScale != 1) {
            scalUnit(ki + 1, lnScale, xr);
            scalUnit(ki + 1, lnScale, xi);
          }
          vput(xr, j, get(sol, 2, 0, 0));
          vput(xi, j, get(sol, 2, 0, 1));
          vmax = Math.max(vmax, lnXnorm);
          vcrit = bignum / vmax;
          j -= 1;
        }
      }
      ki -= 2;
    }
    // flush the block when it cannot take a complex pair more, or after the last vector
    if (iv < 2 || ki < 0) {
      const kmin = ki + 1;
      const cols = nb - iv;
      if (vtrans != 0) {
        // C^T (cols x n) = X Z[:, 0:kmax+1]^T = X (rows 0..kmax of Z^T), X = rows iv.. of xb
        dgemmShared(NO_TRANS, NO_TRANS, cols, n, kmax + 1, 1.0, xb + (<usize>(iv * n) << 3), n, vr, ldvr, 0.0, cb, n, gw);
      } else {
        // C (n x cols) = Z[:, 0:kmax+1] X^T
        dgemmShared(NO_TRANS, TRANS, n, cols, kmax + 1, 1.0, vr, ldvr, xb + (<usize>(iv * n) << 3), n, 0.0, cb, cols, gw);
      }
      // normalize (largest |re| + |im| = 1) and copy into VR[:, kmin..kmax]; entry r of block
      // vector c is C[r, c] (at cb + 8 (r cols + c)) or C^T[c, r] (at cb + 8 (c n + r))
      const rs: i32 = vtrans != 0 ? 1 : cols; // stride between the entries of one vector
      const cs: i32 = vtrans != 0 ? n : 1; // stride between vectors
      let c = 0;
      while (c < cols) {
        const col = kmin + c;
        const pair = col + 1 <= kmax && get(t, ldt, col + 1, col) != 0;
        const p0 = cb + (<usize>(c * cs) << 3);
        const nv = pair ? 2 : 1;
        const p1 = p0 + (<usize>cs << 3);
        let emax: f64 = 0;
        for (let r = 0; r < n; r++) {
          const off = <usize>(r * rs) << 3;
          let e = Math.abs(load<f64>(p0 + off));
          if (pair) e += Math.abs(load<f64>(p1 + off));
          emax = Math.max(emax, e);
        }
        const rec = emax > 0 ? 1 / emax : 1;
        for (let q = 0; q < nv; q++) {
          const src = p0 + (<usize>(q * cs) << 3);
          for (let r = 0; r < n; r++) {
            const v = rec * load<f64>(src + (<usize>(r * rs) << 3));
            if (vtrans != 0) put(vr, ldvr, col + q, r, v);
            else put(vr, ldvr, r, col + q, v);
          }
        }
        c += nv;
      }
      iv = nb;
      kmax = -1;
    }
  }
  return 0;
}
