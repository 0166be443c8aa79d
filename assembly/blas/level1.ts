// BLAS level 1 on f64 vectors. A vector is (n, x, incx): n elements at byte address x with a
// stride of incx elements (incx >= 1; the TS layer never passes negative strides). The unit
// stride case runs on f64x2 with two accumulators (four doubles per iteration) so that the
// add latency is hidden; strided vectors take a scalar loop. Reference: BLAS ddot/daxpy/dscal/
// dcopy/dnrm2 (Netlib), gonum blas/gonum level1f64.go for the shapes.

import { madd, hsum } from "../simd";

/** x . y, sum of x[i] y[i]. Cost 2n flops. */
export function ddot(n: i32, x: usize, incx: i32, y: usize, incy: i32): f64 {
  if (n <= 0) return 0;
  if (incx == 1 && incy == 1) return dotUnit(n, x, y);
  let sum: f64 = 0;
  const sx = <usize>incx << 3;
  const sy = <usize>incy << 3;
  for (let i = 0; i < n; i++) {
    sum += load<f64>(x) * load<f64>(y);
    x += sx;
    y += sy;
  }
  return sum;
}

/** Unit-stride dot product, also used by gemv and the LAPACK routines. */
// @ts-ignore: decorator
@inline
export function dotUnit(n: i32, x: usize, y: usize): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 3;
    acc0 = madd(v128.load(x + off), v128.load(y + off), acc0);
    acc1 = madd(v128.load(x + off, 16), v128.load(y + off, 16), acc1);
  }
  let sum = hsum(f64x2.add(acc0, acc1));
  for (; i < n; i++) {
    const off = <usize>i << 3;
    sum += load<f64>(x + off) * load<f64>(y + off);
  }
  return sum;
}

/** y := alpha x + y. Cost 2n flops. */
export function daxpy(n: i32, alpha: f64, x: usize, incx: i32, y: usize, incy: i32): void {
  if (n <= 0 || alpha == 0) return;
  if (incx == 1 && incy == 1) {
    axpyUnit(n, alpha, x, y);
    return;
  }
  const sx = <usize>incx << 3;
  const sy = <usize>incy << 3;
  for (let i = 0; i < n; i++) {
    store<f64>(y, load<f64>(y) + alpha * load<f64>(x));
    x += sx;
    y += sy;
  }
}

/** Unit-stride y := alpha x + y. */
// @ts-ignore: decorator
@inline
export function axpyUnit(n: i32, alpha: f64, x: usize, y: usize): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 3;
    v128.store(y + off, madd(va, v128.load(x + off), v128.load(y + off)));
    v128.store(y + off, madd(va, v128.load(x + off, 16), v128.load(y + off, 16)), 16);
  }
  for (; i < n; i++) {
    const off = <usize>i << 3;
    store<f64>(y + off, load<f64>(y + off) + alpha * load<f64>(x + off));
  }
}

/** x := alpha x. alpha = 0 writes zeros (so NaN in x does not survive, as in reference BLAS 3.10+). */
export function dscal(n: i32, alpha: f64, x: usize, incx: i32): void {
  if (n <= 0) return;
  if (incx == 1) {
    scalUnit(n, alpha, x);
    return;
  }
  const sx = <usize>incx << 3;
  if (alpha == 0) {
    for (let i = 0; i < n; i++) { store<f64>(x, 0); x += sx; }
  } else {
    for (let i = 0; i < n; i++) { store<f64>(x, alpha * load<f64>(x)); x += sx; }
  }
}

/** Unit-stride x := alpha x (zeros when alpha = 0). */
// @ts-ignore: decorator
@inline
export function scalUnit(n: i32, alpha: f64, x: usize): void {
  if (alpha == 0) {
    memory.fill(x, 0, <usize>n << 3);
    return;
  }
  if (alpha != 1) mulUnit(n, alpha, x);
}

/**
 * Unit-stride x[i] := alpha x[i], every entry multiplied (alpha = 0 keeps NaN and Inf as NaN, unlike
 * dscal): the plain loop under scalUnit, and the row scaling of rowwise.ts scale_rows.
 */
// @ts-ignore: decorator
@inline
export function mulUnit(n: i32, alpha: f64, x: usize): void {
  const va = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const p = x + (<usize>i << 3);
    v128.store(p, f64x2.mul(va, v128.load(p)));
  }
  if (i < n) {
    const p = x + (<usize>i << 3);
    store<f64>(p, alpha * load<f64>(p));
  }
}

/** y := x. */
export function dcopy(n: i32, x: usize, incx: i32, y: usize, incy: i32): void {
  if (n <= 0) return;
  if (incx == 1 && incy == 1) {
    memory.copy(y, x, <usize>n << 3);
    return;
  }
  const sx = <usize>incx << 3;
  const sy = <usize>incy << 3;
  for (let i = 0; i < n; i++) {
    store<f64>(y, load<f64>(x));
    x += sx;
    y += sy;
  }
}

// Scaling thresholds for dnrm2: when max|x_i| lies in [2^-500, 2^486] the plain sum of squares
// neither overflows nor loses the large terms to underflow, so one pass suffices. The upper end
// is Blue's tbig = 2^486 (LAPACK 3.10 dnrm2): a sum of n <= 2^29 squares (every double wasm32 can
// hold) stays below 2^1001; with 2^500, 2^24 entries of 2^500 (a 128 MiB vector) overflowed to
// Inf (test/blas/level1.test.ts, "does not overflow on 2^24 entries of 2^500"). Outside that
// range the vector is scaled by an exact power of two (Blue's idea, one scale, not three sums).
const NRM2_SMALL: f64 = 3.054936363499605e-151; // 2^-500
const NRM2_BIG: f64 = 1.997919072202235e146; // 2^486
const NRM2_UP: f64 = 4.149515568880993e180; // 2^600
const NRM2_DOWN: f64 = 2.409919865102884e-181; // 2^-600

/**
 * Euclidean norm sqrt(sum x_i^2) without overflow or harmful underflow: one SIMD pass that
 * accumulates sum of squares and max |x_i|, and a second, power-of-two-scaled pass only when the
 * largest entry is outside [2^-500, 2^486]. Returns NaN if any entry is NaN, +Inf if any is
 * infinite. Cost 2n flops (4n in the scaled case).
 */
export function dnrm2(n: i32, x: usize, incx: i32): f64 {
  if (n <= 0) return 0;
  if (n == 1) return Math.abs(load<f64>(x));
  const sx = <usize>incx << 3;
  let ss: f64 = 0;
  let mx: f64 = 0;
  let i = 0;
  if (incx == 1) {
    let acc = f64x2.splat(0);
    let vmx = f64x2.splat(0);
    for (; i + 2 <= n; i += 2) {
      const v = v128.load(x + (<usize>i << 3));
      acc = madd(v, v, acc);
      vmx = f64x2.max(vmx, f64x2.abs(v));
    }
    ss = hsum(acc);
    mx = Math.max(f64x2.extract_lane(vmx, 0), f64x2.extract_lane(vmx, 1));
  }
  for (; i < n; i++) {
    const v = load<f64>(x + <usize>i * sx);
    ss += v * v;
    mx = Math.max(mx, Math.abs(v));
  }
  if (isNaN(mx) || mx == Infinity) return mx;
  if (mx == 0) return 0;
  if (mx >= NRM2_SMALL && mx <= NRM2_BIG) return Math.sqrt(ss);
  const scale = mx < NRM2_SMALL ? NRM2_UP : NRM2_DOWN;
  ss = 0;
  for (i = 0; i < n; i++) {
    const v = load<f64>(x + <usize>i * sx) * scale;
    ss += v * v;
  }
  return Math.sqrt(ss) / scale;
}

/** Index of the first entry of largest |x_i| (BLAS idamax, 0-based), -1 when n <= 0. */
export function idamax(n: i32, x: usize, incx: i32): i32 {
  if (n <= 0) return -1;
  const sx = <usize>incx << 3;
  let best = 0;
  let mx = Math.abs(load<f64>(x));
  for (let i = 1; i < n; i++) {
    const v = Math.abs(load<f64>(x + <usize>i * sx));
    if (v > mx) { mx = v; best = i; }
  }
  return best;
}

// ---- Unit-stride building blocks on several rows at once (gemv, gramv, the estimator kernels) ----
// The rows are r0, r0 + rowBytes, r0 + 2 rowBytes, r0 + 3 rowBytes. Working on four rows per pass
// lets one load of the shared vector feed four products (dotRows), or one load and store of y
// take four updates (axpyRows4): both are memory-bound, so this cuts the traffic on the shared
// vector by four (gonum's gemv kernels take rows in blocks the same way). Both run on f64x2 over
// pairs of columns with one scalar tail column, and add the rows in order 0, 1, 2, 3, so every
// caller sums in the same order it did before they were shared.
//
// AssemblyScript has no multiple return values: dotRows and dots2x2 leave their results in
// dot0..dot3.
// Globals belong to the instance, and each worker instantiates the module again over the shared
// memory, so they are per thread (dlanv2 returns its outputs the same way).
export let dot0: f64 = 0;
export let dot1: f64 = 0;
export let dot2: f64 = 0;
export let dot3: f64 = 0;

/**
 * dot_k := row_k . x for k < rows, the rows (2 or 4; a constant at every call site, so that the
 * branches on it fold away once inlined) of n entries at r0 + k rowBytes. Cost 2 rows n flops.
 */
// @ts-ignore: decorator
@inline
export function dotRows(n: i32, rows: i32, r0: usize, rowBytes: usize, x: usize): void {
  const four = rows == 4;
  const r1 = r0 + rowBytes;
  const r2 = r1 + rowBytes;
  const r3 = r2 + rowBytes;
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const off = <usize>j << 3;
    const xv = v128.load(x + off);
    s0 = madd(v128.load(r0 + off), xv, s0);
    s1 = madd(v128.load(r1 + off), xv, s1);
    if (four) {
      s2 = madd(v128.load(r2 + off), xv, s2);
      s3 = madd(v128.load(r3 + off), xv, s3);
    }
  }
  let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
  if (j < n) {
    const off = <usize>j << 3;
    const xj = load<f64>(x + off);
    t0 += load<f64>(r0 + off) * xj;
    t1 += load<f64>(r1 + off) * xj;
    if (four) {
      t2 += load<f64>(r2 + off) * xj;
      t3 += load<f64>(r3 + off) * xj;
    }
  }
  dot0 = t0;
  dot1 = t1;
  dot2 = t2;
  dot3 = t3;
}

/** y := y + c0 row_0 + c1 row_1 + c2 row_2 + c3 row_3 (n entries, rows at r0 + k rowBytes). Cost 8n flops. */
// @ts-ignore: decorator
@inline
export function axpyRows4(n: i32, c0: f64, c1: f64, c2: f64, c3: f64, r0: usize, rowBytes: usize, y: usize): void {
  const r1 = r0 + rowBytes;
  const r2 = r1 + rowBytes;
  const r3 = r2 + rowBytes;
  const v0 = f64x2.splat(c0), v1 = f64x2.splat(c1), v2 = f64x2.splat(c2), v3 = f64x2.splat(c3);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const off = <usize>j << 3;
    let yv = v128.load(y + off);
    yv = madd(v0, v128.load(r0 + off), yv);
    yv = madd(v1, v128.load(r1 + off), yv);
    yv = madd(v2, v128.load(r2 + off), yv);
    yv = madd(v3, v128.load(r3 + off), yv);
    v128.store(y + off, yv);
  }
  if (j < n) {
    const off = <usize>j << 3;
    store<f64>(y + off, load<f64>(y + off)
      + c0 * load<f64>(r0 + off) + c1 * load<f64>(r1 + off) + c2 * load<f64>(r2 + off) + c3 * load<f64>(r3 + off));
  }
}

/**
 * The 2 x 2 block of dot products of rows x0, x1 with vectors w0, w1 (n entries each): dot0 :=
 * x0 . w0, dot1 := x0 . w1, dot2 := x1 . w0, dot3 := x1 . w1, in one sweep (the p = 2 estimator
 * kernels). Cost 8n flops.
 */
// @ts-ignore: decorator
@inline
export function dots2x2(n: i32, x0: usize, x1: usize, w0: usize, w1: usize): void {
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), b0 = f64x2.splat(0), b1 = f64x2.splat(0);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    const u = v128.load(x0 + o), v = v128.load(x1 + o), p0 = v128.load(w0 + o), p1 = v128.load(w1 + o);
    a0 = madd(u, p0, a0); a1 = madd(u, p1, a1); // row x0
    b0 = madd(v, p0, b0); b1 = madd(v, p1, b1); // row x1
  }
  let s00 = hsum(a0), s01 = hsum(a1), s10 = hsum(b0), s11 = hsum(b1);
  if (j < n) {
    const o = <usize>j << 3;
    const u = load<f64>(x0 + o), v = load<f64>(x1 + o);
    s00 += u * load<f64>(w0 + o);
    s01 += u * load<f64>(w1 + o);
    s10 += v * load<f64>(w0 + o);
    s11 += v * load<f64>(w1 + o);
  }
  dot0 = s00;
  dot1 = s01;
  dot2 = s10;
  dot3 = s11;
}
