// DSYMV, row-major: y := alpha A x + beta y for a symmetric n x n A of which only one triangle
// is read: uplo = UPPER reads A[i, j] for j >= i, uplo = LOWER reads j <= i (A[i, j] at
// a + 8 (i lda + j)). Each stored element is loaded once and used twice, for y[j] += x_i a_ij
// and for y_i += a_ij x_j, in one fused f64x2 pass over the row; several rows go together (four
// for UPPER, the triangle the reduction uses; two for LOWER) so that y and x are streamed less often. This kernel is the memory-bound half of the tridiagonal
// reduction (LAPACK dsytd2/dlatrd), so it reads n^2/2 elements, not n^2. Cost 2 n^2 flops.

import { madd, hsum, UPPER } from "../simd";
import { dscal } from "./level1";

export function dsymv(
  uplo: i32, n: i32, alpha: f64, a: usize, lda: i32,
  x: usize, incx: i32, beta: f64, y: usize, incy: i32,
): void {
  if (n <= 0) return;
  if (beta != 1) dscal(n, beta, y, incy);
  if (alpha == 0) return;
  const rowBytes = <usize>lda << 3;
  if (incx == 1 && incy == 1) {
    if (uplo == UPPER) symvUpperUnit(n, alpha, a, rowBytes, x, y);
    else symvLowerUnit(n, alpha, a, rowBytes, x, y);
    return;
  }
  const sx = <usize>incx << 3;
  const sy = <usize>incy << 3;
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * rowBytes;
    const t1 = alpha * load<f64>(x + <usize>i * sx);
    let t2: f64 = 0;
    const j0 = uplo == UPPER ? i + 1 : 0;
    const j1 = uplo == UPPER ? n : i;
    for (let j = j0; j < j1; j++) {
      const aij = load<f64>(row + (<usize>j << 3));
      const py = y + <usize>j * sy;
      store<f64>(py, load<f64>(py) + t1 * aij);
      t2 += aij * load<f64>(x + <usize>j * sx);
    }
    const py = y + <usize>i * sy;
    store<f64>(py, load<f64>(py) + t1 * load<f64>(row + (<usize>i << 3)) + alpha * t2);
  }
}

// Fused pass over j in [j0, j1) of rows r0 and r1 (both off-diagonal there):
// y[j] += c0 r0[j] + c1 r1[j]; returns the partial dots r0 . x and r1 . x in the two lanes.
// @ts-ignore: decorator
@inline
function fusedRowPair(j0: i32, j1: i32, r0: usize, r1: usize, c0: f64, c1: f64, x: usize, y: usize): v128 {
  const v0 = f64x2.splat(c0), v1 = f64x2.splat(c1);
  let d0 = f64x2.splat(0), d1 = f64x2.splat(0);
  let j = j0;
  for (; j + 2 <= j1; j += 2) {
    const off = <usize>j << 3;
    const a0 = v128.load(r0 + off), a1 = v128.load(r1 + off), xv = v128.load(x + off);
    v128.store(y + off, madd(v1, a1, madd(v0, a0, v128.load(y + off))));
    d0 = madd(a0, xv, d0);
    d1 = madd(a1, xv, d1);
  }
  let s0 = hsum(d0);
  let s1 = hsum(d1);
  if (j < j1) {
    const off = <usize>j << 3;
    const a0 = load<f64>(r0 + off), a1 = load<f64>(r1 + off), xj = load<f64>(x + off);
    store<f64>(y + off, load<f64>(y + off) + c0 * a0 + c1 * a1);
    s0 += a0 * xj;
    s1 += a1 * xj;
  }
  return f64x2.replace_lane(f64x2.splat(s0), 1, s1);
}

// Same for a single row.
// @ts-ignore: decorator
@inline
function fusedRow(j0: i32, j1: i32, r0: usize, c0: f64, x: usize, y: usize): f64 {
  const v0 = f64x2.splat(c0);
  let d0 = f64x2.splat(0);
  let j = j0;
  for (; j + 2 <= j1; j += 2) {
    const off = <usize>j << 3;
    const a0 = v128.load(r0 + off);
    v128.store(y + off, madd(v0, a0, v128.load(y + off)));
    d0 = madd(a0, v128.load(x + off), d0);
  }
  let s0 = hsum(d0);
  if (j < j1) {
    const off = <usize>j << 3;
    const a0 = load<f64>(r0 + off);
    store<f64>(y + off, load<f64>(y + off) + c0 * a0);
    s0 += a0 * load<f64>(x + off);
  }
  return s0;
}

// Upper triangle, unit strides: four rows per pass, so that y is loaded and stored a quarter as
// often per element of A as one row at a time (this product is memory-bound: it is half of the
// tridiagonal reduction's flops). Rows i..i+3: their 4 x 4 diagonal block, then one fused pass
// over columns i+4..n-1 that adds c_r a_rj into y[j] (c = alpha x) and accumulates a_rj x_j.
function symvUpperUnit(n: i32, alpha: f64, a: usize, rowBytes: usize, x: usize, y: usize): void {
  symvUpperRows(n, alpha, a, rowBytes, x, y, 0, n);
}

// Rows [r0, r1) of the upper-triangle pass (r0 a multiple of 4): their contributions to y[r0:n].
function symvUpperRows(n: i32, alpha: f64, a: usize, rowBytes: usize, x: usize, y: usize, r0: i32, r1: i32): void {
  let i = r0;
  for (; i + 4 <= r1; i += 4) {
    const r0 = a + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    const p = <usize>i << 3;
    const c0 = alpha * load<f64>(x + p), c1 = alpha * load<f64>(x + p, 8);
    const c2 = alpha * load<f64>(x + p, 16), c3 = alpha * load<f64>(x + p, 24);
    const a00 = load<f64>(r0 + p), a01 = load<f64>(r0 + p, 8), a02 = load<f64>(r0 + p, 16), a03 = load<f64>(r0 + p, 24);
    const a11 = load<f64>(r1 + p, 8), a12 = load<f64>(r1 + p, 16), a13 = load<f64>(r1 + p, 24);
    const a22 = load<f64>(r2 + p, 16), a23 = load<f64>(r2 + p, 24);
    const a33 = load<f64>(r3 + p, 24);
    const y0 = load<f64>(y + p) + c0 * a00 + c1 * a01 + c2 * a02 + c3 * a03;
    const y1 = load<f64>(y + p, 8) + c0 * a01 + c1 * a11 + c2 * a12 + c3 * a13;
    const y2 = load<f64>(y + p, 16) + c0 * a02 + c1 * a12 + c2 * a22 + c3 * a23;
    const y3 = load<f64>(y + p, 24) + c0 * a03 + c1 * a13 + c2 * a23 + c3 * a33;
    const v0 = f64x2.splat(c0), v1 = f64x2.splat(c1), v2 = f64x2.splat(c2), v3 = f64x2.splat(c3);
    let d0 = f64x2.splat(0), d1 = f64x2.splat(0), d2 = f64x2.splat(0), d3 = f64x2.splat(0);
    let j = i + 4;
    for (; j + 2 <= n; j += 2) {
      const off = <usize>j << 3;
      const xv = v128.load(x + off);
      const b0 = v128.load(r0 + off), b1 = v128.load(r1 + off), b2 = v128.load(r2 + off), b3 = v128.load(r3 + off);
      v128.store(y + off, madd(v3, b3, madd(v2, b2, madd(v1, b1, madd(v0, b0, v128.load(y + off))))));
      d0 = madd(b0, xv, d0);
      d1 = madd(b1, xv, d1);
      d2 = madd(b2, xv, d2);
      d3 = madd(b3, xv, d3);
    }
    let s0 = hsum(d0), s1 = hsum(d1), s2 = hsum(d2), s3 = hsum(d3);
    if (j < n) {
      const off = <usize>j << 3;
      const xj = load<f64>(x + off);
      const b0 = load<f64>(r0 + off), b1 = load<f64>(r1 + off), b2 = load<f64>(r2 + off), b3 = load<f64>(r3 + off);
      store<f64>(y + off, load<f64>(y + off) + c0 * b0 + c1 * b1 + c2 * b2 + c3 * b3);
      s0 += b0 * xj;
      s1 += b1 * xj;
      s2 += b2 * xj;
      s3 += b3 * xj;
    }
    store<f64>(y + p, y0 + alpha * s0);
    store<f64>(y + p, y1 + alpha * s1, 8);
    store<f64>(y + p, y2 + alpha * s2, 16);
    store<f64>(y + p, y3 + alpha * s3, 24);
  }
  // the last rows of the range (n mod 4 at the end of the matrix), one at a time
  for (; i < r1; i++) {
    const r0 = a + <usize>i * rowBytes;
    const p = <usize>i << 3;
    const c0 = alpha * load<f64>(x + p);
    const s = fusedRow(i + 1, n, r0, c0, x, y);
    store<f64>(y + p, load<f64>(y + p) + c0 * load<f64>(r0 + p) + alpha * s);
  }
}

function symvLowerUnit(n: i32, alpha: f64, a: usize, rowBytes: usize, x: usize, y: usize): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const r0 = a + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const p = <usize>i << 3;
    const c0 = alpha * load<f64>(x + p);
    const c1 = alpha * load<f64>(x + p + 8);
    const a00 = load<f64>(r0 + p);
    const a10 = load<f64>(r1 + p);
    const a11 = load<f64>(r1 + p + 8);
    const dots = fusedRowPair(0, i, r0, r1, c0, c1, x, y);
    store<f64>(y + p, load<f64>(y + p) + c0 * a00 + c1 * a10 + alpha * f64x2.extract_lane(dots, 0));
    store<f64>(y + p + 8, load<f64>(y + p + 8) + c0 * a10 + c1 * a11 + alpha * f64x2.extract_lane(dots, 1));
  }
  if (i < n) {
    const p = <usize>i << 3;
    const r0 = a + <usize>i * rowBytes;
    const c0 = alpha * load<f64>(x + p);
    const s = fusedRow(0, i, r0, c0, x, y);
    store<f64>(y + p, load<f64>(y + p) + c0 * load<f64>(r0 + p) + alpha * s);
  }
}

// ---- DSYMV (UPPER, unit strides) as a sum over fixed row chunks, for threads ----
// The trailing-block product of the tridiagonal reduction (dlatrd) is memory-bound and cannot be
// split by output rows without reading A twice (a stored a_ij feeds both y_i and y_j). Instead
// chunk c of rows [r_c, r_{c+1}) writes its contributions to a partial vector p_c (entries
// r_c..n-1), and y := beta y + p_0 + p_1 + ... in chunk order. The chunks depend on n only, so one
// thread (dsymvChunked) or several (src/threads/drivers.ts, one chunk per job) give the same sum.

/** Orders from which the chunked product is used; below, one chunk (plain dsymv). */
export const SYMV_CHUNK_MIN: i32 = 512;
/** Row chunks of the chunked product for order n >= SYMV_CHUNK_MIN. */
export const SYMV_CHUNKS: i32 = 8;

/** The number of row chunks of the chunked product of order n (1: plain dsymv). */
export function dsymv_chunks(n: i32): i32 {
  return n >= SYMV_CHUNK_MIN ? SYMV_CHUNKS : 1;
}

/**
 * First row of chunk c of `chunks` for order n: the chunks hold equal parts of the upper
 * triangle (rows near the top are longer), starts rounded down to a multiple of 4.
 */
export function dsymv_chunk_start(n: i32, c: i32, chunks: i32): i32 {
  if (c <= 0) return 0;
  if (c >= chunks) return n;
  // rows [0, r) hold (n^2 - (n - r)^2) / 2 of the n^2 / 2: r = n (1 - sqrt(1 - c / chunks))
  const r = <i32>(<f64>n * (1.0 - Math.sqrt(1.0 - <f64>c / <f64>chunks)));
  return (r >> 2) << 2;
}

/**
 * Chunk [r0, r1) of the chunked UPPER product: out[r0:n] := the contributions of rows r0..r1-1 of
 * alpha A to A x (out[0:r0] untouched). Unit strides.
 */
export function dsymv_upper_rows(n: i32, alpha: f64, a: usize, lda: i32, x: usize, out: usize, r0: i32, r1: i32): void {
  if (r0 >= n) return;
  memory.fill(out + (<usize>r0 << 3), 0, <usize>(n - r0) << 3);
  symvUpperRows(n, alpha, a, <usize>lda << 3, x, out, r0, min(r1, n));
}

/**
 * y := beta y + sum over chunks c of partial c (at partials + 8 c n bytes, entries from the
 * chunk's first row on), in chunk order. Unit stride.
 */
export function dsymv_reduce(n: i32, chunks: i32, partials: usize, beta: f64, y: usize): void {
  if (beta == 0) memory.fill(y, 0, <usize>n << 3);
  else if (beta != 1) dscal(n, beta, y, 1);
  // chunk by chunk: each y_j sees beta y_j + p_0j + p_1j + ... in this order
  for (let c = 0; c < chunks; c++) {
    const start = dsymv_chunk_start(n, c, chunks);
    const p = partials + ((<usize>c * <usize>n) << 3);
    let j = start;
    for (; j + 2 <= n; j += 2) {
      const off = <usize>j << 3;
      v128.store(y + off, f64x2.add(v128.load(y + off), v128.load(p + off)));
    }
    if (j < n) store<f64>(y + (<usize>j << 3), load<f64>(y + (<usize>j << 3)) + load<f64>(p + (<usize>j << 3)));
  }
}

/**
 * y := alpha A x + beta y (UPPER, unit strides) by the chunked scheme on one thread. Workspace:
 * partials of dsymv_chunks(n) n doubles. Same result as the threaded product.
 */
export function dsymvChunked(n: i32, alpha: f64, a: usize, lda: i32, x: usize, beta: f64, y: usize, partials: usize): void {
  const chunks = dsymv_chunks(n);
  if (chunks == 1) {
    dsymv(UPPER, n, alpha, a, lda, x, 1, beta, y, 1);
    return;
  }
  for (let c = 0; c < chunks; c++) {
    dsymv_upper_rows(n, alpha, a, lda, x, partials + ((<usize>c * <usize>n) << 3), dsymv_chunk_start(n, c, chunks), dsymv_chunk_start(n, c + 1, chunks));
  }
  dsymv_reduce(n, chunks, partials, beta, y);
}
