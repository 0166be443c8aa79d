// Skinny products for the spectral-estimator operators (src/estimators/operators.ts): an n x d
// data matrix X times a d x p block, and X^T times an n x p block, with p small (1..8). GEMM would
// pack the whole of X on every call (one extra read and write of n d doubles) and run its 4 x 4
// micro-kernel mostly on padding; these kernels stream X once per call instead, vectorised on
// f64x2 along the long dimension d. The d x p block is held transposed (p x d, "Ut"), so that each
// of its p rows is contiguous and the inner loops are unit-stride on both operands. This is also
// the column-major vec(W) of the reference (spectral-estimators.md section 1): vec index mu d + j.
// Row-major storage: X[i, j] at x + 8 (i ldx + j), V[i, mu] at v + 8 (i ldv + mu).

import { madd, hsum } from "./simd";
import { dotUnit, dotRows, axpyRows4, dots2x2, dot0, dot1, dot2, dot3 } from "./blas/level1";
import { smallMatvec } from "./rowwise";

/**
 * Ut := V^T X (p x d, leading dimension d), i.e. Ut[mu, j] = sum_i V[i, mu] X[i, j]: the transpose
 * of X^T V. Four rows of X per pass, each Ut row updated by four multiply-adds per load/store.
 * Cost 2 n d p flops; reads X once and Ut n/4 times (Ut stays in cache for d p <= ~10^5).
 */
export function skinny_xtv(n: i32, d: i32, p: i32, x: usize, ldx: i32, v: usize, ldv: i32, ut: usize): void {
  if (p == 2) {
    skinnyXtv2(n, d, x, ldx, v, ldv, ut);
    return;
  }
  memory.fill(ut, 0, (<usize>p * <usize>d) << 3);
  const rx = <usize>ldx << 3, rv = <usize>ldv << 3, rd = <usize>d << 3;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x0 = x + <usize>i * rx;
    for (let mu = 0; mu < p; mu++) {
      const vm = v + <usize>i * rv + (<usize>mu << 3); // V[i, mu]
      axpyRows4(d, load<f64>(vm), load<f64>(vm + rv), load<f64>(vm + 2 * rv), load<f64>(vm + 3 * rv), x0, rx, ut + <usize>mu * rd);
    }
  }
  for (; i < n; i++) {
    const xi = x + <usize>i * rx;
    const vi = v + <usize>i * rv;
    for (let mu = 0; mu < p; mu++) axpyPairs(d, load<f64>(vi + (<usize>mu << 3)), xi, ut + <usize>mu * rd);
  }
}

/**
 * R := X Ut^T (n x p, leading dimension ldr), i.e. R[i, mu] = sum_j X[i, j] Ut[mu, j]: X times
 * the d x p block held transposed. Two rows of X per pass share each load of Ut; two accumulators
 * per row hide the add latency. Cost 2 n d p flops; reads X once.
 */
export function skinny_xu(n: i32, d: i32, p: i32, x: usize, ldx: i32, ut: usize, r: usize, ldr: i32): void {
  if (p == 2) {
    skinnyXu2(n, d, x, ldx, ut, r, ldr);
    return;
  }
  const rx = <usize>ldx << 3, rr = <usize>ldr << 3, rd = <usize>d << 3;
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const x0 = x + <usize>i * rx;
    const x1 = x0 + rx;
    const r0 = r + <usize>i * rr;
    for (let mu = 0; mu < p; mu++) {
      const urow = ut + <usize>mu * rd;
      let a0 = f64x2.splat(0), a1 = f64x2.splat(0), b0 = f64x2.splat(0), b1 = f64x2.splat(0);
      let j = 0;
      for (; j + 4 <= d; j += 4) {
        const o = <usize>j << 3;
        const u0 = v128.load(urow + o);
        const u1 = v128.load(urow + o, 16);
        a0 = madd(v128.load(x0 + o), u0, a0);
        a1 = madd(v128.load(x0 + o, 16), u1, a1);
        b0 = madd(v128.load(x1 + o), u0, b0);
        b1 = madd(v128.load(x1 + o, 16), u1, b1);
      }
      let sa = hsum(f64x2.add(a0, a1));
      let sb = hsum(f64x2.add(b0, b1));
      for (; j < d; j++) {
        const o = <usize>j << 3;
        const u = load<f64>(urow + o);
        sa += load<f64>(x0 + o) * u;
        sb += load<f64>(x1 + o) * u;
      }
      store<f64>(r0 + (<usize>mu << 3), sa);
      store<f64>(r0 + rr + (<usize>mu << 3), sb);
    }
  }
  for (; i < n; i++) {
    const xi = x + <usize>i * rx;
    const ri = r + <usize>i * rr;
    for (let mu = 0; mu < p; mu++) store<f64>(ri + (<usize>mu << 3), dotUnit(d, xi, ut + <usize>mu * rd));
  }
}

/**
 * Out[i, :] := R[i, :] - c_i Gam[i, :] for i < n (all n x p, leading dimension p), with c_i = 1
 * when `diag` is 0 (the LAMP operator's - I_n) and c_i = the squared norm of row i of X otherwise
 * (the GAMP Onsager variant X X^T - diag(X X^T)). Out may alias R.
 */
export function lamp_combine(n: i32, d: i32, p: i32, x: usize, ldx: i32, diag: i32, r: usize, gam: usize, out: usize): void {
  const rx = <usize>ldx << 3;
  for (let i = 0; i < n; i++) {
    let c: f64 = 1;
    if (diag != 0) {
      const xi = x + <usize>i * rx;
      let a0 = f64x2.splat(0);
      let j = 0;
      for (; j + 2 <= d; j += 2) {
        const w = v128.load(xi + (<usize>j << 3));
        a0 = madd(w, w, a0);
      }
      c = hsum(a0);
      for (; j < d; j++) {
        const w = load<f64>(xi + (<usize>j << 3));
        c += w * w;
      }
    }
    const base = (<usize>i * <usize>p) << 3;
    for (let mu = 0; mu < p; mu++) {
      const o = base + (<usize>mu << 3);
      store<f64>(out + o, load<f64>(r + o) - c * load<f64>(gam + o));
    }
  }
}

/**
 * Yt := sum_i (T_i Wt x_i)(x) x_i, i.e. Yt[mu, :] = sum_i (T_i r_i)[mu] x_i with r_i[nu] = Wt[nu, :] . x_i:
 * the TAP operator T vec(W) = vec(X^T [rows T_i W^T x_i]) in one pass over X (each pair of rows is
 * used for the p dot products and then for the p updates while it is still in cache), so X is read
 * from memory once per application instead of twice. T_i are the n row-major p x p blocks at t;
 * Wt, Yt are p x d (leading dimension d); work holds 4 p doubles. Cost 4 n d p + 2 n p^2 flops.
 */
export function tap_apply(n: i32, d: i32, p: i32, x: usize, ldx: i32, t: usize, wt: usize, yt: usize, work: usize): void {
  if (p == 2) {
    tapApply2(n, d, x, ldx, t, wt, yt);
    return;
  }
  memory.fill(yt, 0, (<usize>p * <usize>d) << 3);
  const rx = <usize>ldx << 3, rd = <usize>d << 3, pb = <usize>p << 3, pp = <usize>(p * p) << 3;
  const ra = work; // r for row i
  const rb = work + pb; // r for row i + 1
  const va = work + 2 * pb; // T_i r_i
  const vb = work + 3 * pb;
  let i = 0;
  for (; i < n; i += 2) {
    const two = i + 1 < n;
    const x0 = x + <usize>i * rx;
    const x1 = two ? x0 + rx : x0;
    // r = Wt x for both rows, two rows of Wt per sweep (for odd p, the last one alone)
    for (let mu = 0; mu < p; mu += 2) {
      const w0 = wt + <usize>mu * rd;
      const o = <usize>mu << 3;
      if (mu + 1 < p) {
        dots2x2(d, x0, x1, w0, w0 + rd);
        store<f64>(ra + o, dot0);
        store<f64>(ra + o, dot1, 8);
        store<f64>(rb + o, two ? dot2 : 0);
        store<f64>(rb + o, two ? dot3 : 0, 8);
      } else {
        dotRows(d, 2, x0, x1 - x0, w0);
        store<f64>(ra + o, dot0);
        store<f64>(rb + o, two ? dot1 : 0);
      }
    }
    const t0 = t + <usize>i * pp;
    smallMatvec(p, t0, ra, va);
    smallMatvec(p, two ? t0 + pp : t0, rb, vb);
    for (let mu = 0; mu < p; mu++) {
      const ca = load<f64>(va + (<usize>mu << 3));
      const cb = load<f64>(vb + (<usize>mu << 3));
      const sa = f64x2.splat(ca);
      const sb = f64x2.splat(cb);
      const yrow = yt + <usize>mu * rd;
      let j = 0;
      for (; j + 2 <= d; j += 2) {
        const o = <usize>j << 3;
        v128.store(yrow + o, madd(sb, v128.load(x1 + o), madd(sa, v128.load(x0 + o), v128.load(yrow + o))));
      }
      if (j < d) {
        const o = <usize>j << 3;
        store<f64>(yrow + o, load<f64>(yrow + o) + ca * load<f64>(x0 + o) + cb * load<f64>(x1 + o));
      }
    }
  }
}

/**
 * tap_apply for p = 2 with both dot products of a row pair in one sweep over the rows (four
 * accumulators) and both rows of Yt updated in one sweep, so each row of X is read twice (from
 * cache after the first), not 2 p times.
 */
function tapApply2(n: i32, d: i32, x: usize, ldx: i32, t: usize, wt: usize, yt: usize): void {
  memory.fill(yt, 0, (<usize>2 * <usize>d) << 3);
  const rx = <usize>ldx << 3, rd = <usize>d << 3;
  const w0 = wt, w1 = wt + rd, y0 = yt, y1 = yt + rd;
  for (let i = 0; i < n; i += 2) {
    const two = i + 1 < n;
    const x0 = x + <usize>i * rx;
    const x1 = two ? x0 + rx : x0;
    dots2x2(d, x0, x1, w0, w1);
    const ra0 = dot0;
    const ra1 = dot1;
    const rb0 = two ? dot2 : 0;
    const rb1 = two ? dot3 : 0;
    // v = T_i r (2 x 2 blocks, row-major)
    const t0 = t + (<usize>i << 5);
    const t1 = two ? t0 + 32 : t0;
    const va0 = load<f64>(t0) * ra0 + load<f64>(t0, 8) * ra1;
    const va1 = load<f64>(t0, 16) * ra0 + load<f64>(t0, 24) * ra1;
    const vb0 = load<f64>(t1) * rb0 + load<f64>(t1, 8) * rb1;
    const vb1 = load<f64>(t1, 16) * rb0 + load<f64>(t1, 24) * rb1;
    const ca0 = f64x2.splat(va0), ca1 = f64x2.splat(va1), cb0 = f64x2.splat(vb0), cb1 = f64x2.splat(vb1);
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      const u = v128.load(x0 + o), v = v128.load(x1 + o);
      v128.store(y0 + o, madd(cb0, v, madd(ca0, u, v128.load(y0 + o))));
      v128.store(y1 + o, madd(cb1, v, madd(ca1, u, v128.load(y1 + o))));
    }
    if (j < d) {
      const o = <usize>j << 3;
      const u = load<f64>(x0 + o), v = load<f64>(x1 + o);
      store<f64>(y0 + o, load<f64>(y0 + o) + va0 * u + vb0 * v);
      store<f64>(y1 + o, load<f64>(y1 + o) + va1 * u + vb1 * v);
    }
  }
}

/** skinny_xtv for p = 2: both rows of Ut updated in one sweep over each block of four X rows. */
function skinnyXtv2(n: i32, d: i32, x: usize, ldx: i32, v: usize, ldv: i32, ut: usize): void {
  memory.fill(ut, 0, (<usize>2 * <usize>d) << 3);
  const rx = <usize>ldx << 3, rv = <usize>ldv << 3;
  const u0 = ut, u1 = ut + (<usize>d << 3);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const x0 = x + <usize>i * rx;
    const x1 = x0 + rx;
    const x2 = x1 + rx;
    const x3 = x2 + rx;
    const v0 = v + <usize>i * rv;
    const c00 = f64x2.splat(load<f64>(v0));
    const c01 = f64x2.splat(load<f64>(v0, 8));
    const c10 = f64x2.splat(load<f64>(v0 + rv));
    const c11 = f64x2.splat(load<f64>(v0 + rv, 8));
    const c20 = f64x2.splat(load<f64>(v0 + 2 * rv));
    const c21 = f64x2.splat(load<f64>(v0 + 2 * rv, 8));
    const c30 = f64x2.splat(load<f64>(v0 + 3 * rv));
    const c31 = f64x2.splat(load<f64>(v0 + 3 * rv, 8));
    let j = 0;
    for (; j + 2 <= d; j += 2) {
      const o = <usize>j << 3;
      const a = v128.load(x0 + o), b = v128.load(x1 + o), c = v128.load(x2 + o), e = v128.load(x3 + o);
      v128.store(u0 + o, madd(c30, e, madd(c20, c, madd(c10, b, madd(c00, a, v128.load(u0 + o))))));
      v128.store(u1 + o, madd(c31, e, madd(c21, c, madd(c11, b, madd(c01, a, v128.load(u1 + o))))));
    }
    if (j < d) {
      const o = <usize>j << 3;
      const a = load<f64>(x0 + o), b = load<f64>(x1 + o), c = load<f64>(x2 + o), e = load<f64>(x3 + o);
      store<f64>(u0 + o, load<f64>(u0 + o) + f64x2.extract_lane(c00, 0) * a + f64x2.extract_lane(c10, 0) * b + f64x2.extract_lane(c20, 0) * c + f64x2.extract_lane(c30, 0) * e);
      store<f64>(u1 + o, load<f64>(u1 + o) + f64x2.extract_lane(c01, 0) * a + f64x2.extract_lane(c11, 0) * b + f64x2.extract_lane(c21, 0) * c + f64x2.extract_lane(c31, 0) * e);
    }
  }
  for (; i < n; i++) {
    const xi = x + <usize>i * rx;
    const vi = v + <usize>i * rv;
    axpyPairs(d, load<f64>(vi), xi, u0);
    axpyPairs(d, load<f64>(vi, 8), xi, u1);
  }
}

/** skinny_xu for p = 2: the four dot products of a row pair with both Ut rows in one sweep. */
function skinnyXu2(n: i32, d: i32, x: usize, ldx: i32, ut: usize, r: usize, ldr: i32): void {
  const rx = <usize>ldx << 3, rr = <usize>ldr << 3;
  const u0 = ut, u1 = ut + (<usize>d << 3);
  for (let i = 0; i < n; i += 2) {
    const two = i + 1 < n;
    const x0 = x + <usize>i * rx;
    const x1 = two ? x0 + rx : x0;
    dots2x2(d, x0, x1, u0, u1);
    const r0 = r + <usize>i * rr;
    store<f64>(r0, dot0);
    store<f64>(r0, dot1, 8);
    if (two) {
      store<f64>(r0 + rr, dot2);
      store<f64>(r0 + rr, dot3, 8);
    }
  }
}

/** y[j] += c x[j] for j < n, on f64x2 over pairs of entries (the one-row remainders above). */
// @ts-ignore: decorator
@inline
function axpyPairs(n: i32, c: f64, x: usize, y: usize): void {
  const vc = f64x2.splat(c);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    v128.store(y + o, madd(vc, v128.load(x + o), v128.load(y + o)));
  }
  if (j < n) {
    const o = <usize>j << 3;
    store<f64>(y + o, load<f64>(y + o) + c * load<f64>(x + o));
  }
}
