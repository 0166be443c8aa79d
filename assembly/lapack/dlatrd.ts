// DLATRD: reduces the first nb rows and columns of a symmetric n x n matrix A to tridiagonal
// form by an orthogonal similarity and returns the matrix W needed to update the rest: the
// panel step of the blocked reduction dsytrd.
//
// Storage (row-major, UPPER triangle only, as in dsytd2.ts): on exit rows 0..nb-1 hold
//   A[i, i]      the diagonal of the reduced part,
//   A[i, i + 1]  1 (the unit entry of v_i; dsytrd puts e_i back after the trailing update),
//   A[i, i+2:n]  v_i[i+2:n] of the reflector H_i = I - tau_i v_i v_i^T,
// and the trailing block A[nb:n, nb:n] is untouched (not yet updated). e[0:nb] and
// tau[0:nb] receive the off-diagonal entries and reflector scalars.
// W is nb x n row-major (leading dimension ldw >= n): row i holds w_i in W[i, i+1:n] (W[i, 0:i]
// is scratch). With V = A[0:nb, nb:n] and Wt = W[0:nb, nb:n] (both nb x (n - nb), rows are
// vectors), the trailing block is then updated by A22 := A22 - V^T Wt - Wt^T V (dsyr2k).
//
// Algorithm: LAPACK 3.12 dlatrd, uplo = 'L' (cf. gonum lapack/gonum/dlatrd.go), with rows for
// columns (the row-major upper triangle is the column-major lower one): for each panel row i,
// row i is brought up to date with the i earlier reflectors (two dgemv), its reflector is
// generated (dlarfg), and w_i = tau (A22 v - V^T (W v) - W^T (V v)) - (tau/2)(w.v) v
// needs one symmetric product on the whole trailing block (symvUpper4 below) plus four thin dgemv. All vectors are rows, so
// every BLAS call is unit-stride except the x of the two row updates (a column of W or A).
// Cost: nb dsymv of order < n (2 (n - i)^2 flops each) plus O(n nb^2). Returns 0 or -i.

import { UPPER, NO_TRANS, TRANS, madd, hsum } from "../simd";
import { dgemv } from "../blas/gemv";
import { ddot, daxpy, dscal } from "../blas/level1";
import { dlarfg } from "./dlarfg";

export function dlatrd(
  uplo: i32, n: i32, nb: i32, a: usize, lda: i32, e: usize, tau: usize, w: usize, ldw: i32,
): i32 {
  if (uplo != UPPER) return -1;
  if (n < 0) return -2;
  if (nb < 0 || nb > n) return -3;
  if (lda < max(1, n)) return -5;
  if (ldw < max(1, n)) return -9;
  if (n == 0) return 0;
  const aRow = <usize>lda << 3;
  const wRow = <usize>ldw << 3;
  for (let i = 0; i < nb; i++) {
    const arow = a + <usize>i * aRow;
    const wrow = w + <usize>i * wRow;
    const col = <usize>i << 3;
    if (i > 0) {
      // A[i, i:n] -= sum_{k<i} W[k, i] A[k, i:n] + A[k, i] W[k, i:n]
      dgemv(TRANS, i, n - i, -1.0, a + col, lda, w + col, ldw, 1.0, arow + col, 1);
      dgemv(TRANS, i, n - i, -1.0, w + col, ldw, a + col, lda, 1.0, arow + col, 1);
    }
    if (i < n - 1) {
      const m = n - i - 1;
      const pe = arow + col + 8; // A[i, i+1]
      const taui = dlarfg(m, pe, arow + (<usize>min(i + 2, n - 1) << 3), 1);
      store<f64>(e + col, load<f64>(pe));
      store<f64>(tau + col, taui);
      store<f64>(pe, 1.0);
      const v = pe; // A[i, i+1:n]
      const wi = wrow + col + 8; // W[i, i+1:n]
      const a22 = a + <usize>(i + 1) * aRow + col + 8;
      // w := A22 v
      symvUpper4(m, a22, aRow, v, wi);
      if (i > 0) {
        // t = W[0:i, i+1:n] v into W[i, 0:i]; w -= A[0:i, i+1:n]^T t
        dgemv(NO_TRANS, i, m, 1.0, w + col + 8, ldw, v, 1, 0.0, wrow, 1);
        dgemv(TRANS, i, m, -1.0, a + col + 8, lda, wrow, 1, 1.0, wi, 1);
        // t = A[0:i, i+1:n] v; w -= W[0:i, i+1:n]^T t
        dgemv(NO_TRANS, i, m, 1.0, a + col + 8, lda, v, 1, 0.0, wrow, 1);
        dgemv(TRANS, i, m, -1.0, w + col + 8, ldw, wrow, 1, 1.0, wi, 1);
      }
      // w := tau w - (tau/2)(tau w . v) v
      dscal(m, taui, wi, 1);
      const alpha = -0.5 * taui * ddot(m, wi, 1, v, 1);
      daxpy(m, alpha, v, 1, wi, 1);
    }
  }
  return 0;
}

/**
 * y := A x for the symmetric m x m A of which the UPPER triangle is read (row-major, rows
 * rowBytes apart), x and y unit-stride: the dsymv of dlatrd. Like blas/symv.ts it reads each
 * stored element once and uses it twice (y[j] += x_i a_ij and y_i += a_ij x_j), but it takes
 * four rows per pass instead of two, so that y is loaded and stored half as often per element
 * of A: this product is the memory-bound half of the reduction. Cost 2 m^2 flops.
 */
function symvUpper4(m: i32, a: usize, rowBytes: usize, x: usize, y: usize): void {
  memory.fill(y, 0, <usize>m << 3);
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const r0 = a + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    const p = <usize>i << 3;
    const x0 = load<f64>(x + p), x1 = load<f64>(x + p, 8), x2 = load<f64>(x + p, 16), x3 = load<f64>(x + p, 24);
    // the 4 x 4 diagonal block, upper part
    const a00 = load<f64>(r0 + p), a01 = load<f64>(r0 + p, 8), a02 = load<f64>(r0 + p, 16), a03 = load<f64>(r0 + p, 24);
    const a11 = load<f64>(r1 + p, 8), a12 = load<f64>(r1 + p, 16), a13 = load<f64>(r1 + p, 24);
    const a22 = load<f64>(r2 + p, 16), a23 = load<f64>(r2 + p, 24);
    const a33 = load<f64>(r3 + p, 24);
    const y0 = load<f64>(y + p) + x0 * a00 + x1 * a01 + x2 * a02 + x3 * a03;
    const y1 = load<f64>(y + p, 8) + x0 * a01 + x1 * a11 + x2 * a12 + x3 * a13;
    const y2 = load<f64>(y + p, 16) + x0 * a02 + x1 * a12 + x2 * a22 + x3 * a23;
    const y3 = load<f64>(y + p, 24) + x0 * a03 + x1 * a13 + x2 * a23 + x3 * a33;
    // columns i+4..m-1 of the four rows: y[j] += sum_r x_r a_rj, dot_r += a_rj x_j
    const v0 = f64x2.splat(x0), v1 = f64x2.splat(x1), v2 = f64x2.splat(x2), v3 = f64x2.splat(x3);
    let d0 = f64x2.splat(0), d1 = f64x2.splat(0), d2 = f64x2.splat(0), d3 = f64x2.splat(0);
    let j = i + 4;
    for (; j + 2 <= m; j += 2) {
      const off = <usize>j << 3;
      const xv = v128.load(x + off);
      const b0 = v128.load(r0 + off);
      const b1 = v128.load(r1 + off);
      const b2 = v128.load(r2 + off);
      const b3 = v128.load(r3 + off);
      v128.store(y + off, madd(v3, b3, madd(v2, b2, madd(v1, b1, madd(v0, b0, v128.load(y + off))))));
      d0 = madd(b0, xv, d0);
      d1 = madd(b1, xv, d1);
      d2 = madd(b2, xv, d2);
      d3 = madd(b3, xv, d3);
    }
    let s0 = hsum(d0), s1 = hsum(d1), s2 = hsum(d2), s3 = hsum(d3);
    if (j < m) {
      const off = <usize>j << 3;
      const xj = load<f64>(x + off);
      const b0 = load<f64>(r0 + off), b1 = load<f64>(r1 + off), b2 = load<f64>(r2 + off), b3 = load<f64>(r3 + off);
      store<f64>(y + off, load<f64>(y + off) + x0 * b0 + x1 * b1 + x2 * b2 + x3 * b3);
      s0 += b0 * xj;
      s1 += b1 * xj;
      s2 += b2 * xj;
      s3 += b3 * xj;
    }
    store<f64>(y + p, y0 + s0);
    store<f64>(y + p, y1 + s1, 8);
    store<f64>(y + p, y2 + s2, 16);
    store<f64>(y + p, y3 + s3, 24);
  }
  // the last m mod 4 rows, one at a time
  for (; i < m; i++) {
    const r0 = a + <usize>i * rowBytes;
    const p = <usize>i << 3;
    const x0 = load<f64>(x + p);
    let s: f64 = 0;
    for (let j = i + 1; j < m; j++) {
      const off = <usize>j << 3;
      const aij = load<f64>(r0 + off);
      store<f64>(y + off, load<f64>(y + off) + x0 * aij);
      s += aij * load<f64>(x + off);
    }
    store<f64>(y + p, load<f64>(y + p) + x0 * load<f64>(r0 + p) + s);
  }
}
