/**
 * Plain-JS references and storage helpers for the BLAS kernel tests (test/blas/*.test.ts and
 * test/wasm/builds.test.ts). Row-major storage as in the kernels: X[i, j] at data[i ld + j].
 *
 * The references accumulate every sum with error-free transformations (Knuth's TwoSum and
 * Dekker's TwoProduct with Veltkamp splitting: the "Dot2" scheme of Ogita, Rump and Oishi,
 * "Accurate sum and dot product", SIAM J. Sci. Comput. 26(6), 2005), so each reference value is
 * as accurate as if computed in twice the working precision and then rounded: for the test data
 * here it is the correctly rounded exact value up to a few units in 2^-106 of sum|terms|. A
 * kernel's error can then be held to the a-priori bound |got - exact| <= k eps sum|terms| alone
 * (test/helpers.ts productErrorRatio), without a second error from the reference itself.
 */
import { NO_TRANS, TRANS, UPPER, type KernelExports } from "../../src/wasm/exports.js";
import { Scratch, withScratch } from "../../src/wasm/memory.js";
import { productErrorRatio, uniformSource } from "../helpers.js";

// 2^27 + 1: Veltkamp's splitting constant for binary64 (53-bit significands)
const SPLITTER = 134217729;

/** A running sum kept as an unevaluated pair hi + lo (compensated: Dot2 / Sum2). */
export class AccurateSum {
  private hi = 0;
  private lo = 0;
  /** Sum of |terms| added so far: the scale of the a-priori error bound. */
  absSum = 0;

  add(x: number): this {
    const s = this.hi + x;
    const bp = s - this.hi;
    this.lo += this.hi - (s - bp) + (x - bp); // TwoSum error term
    this.hi = s;
    this.absSum += Math.abs(x);
    return this;
  }

  /** Adds a * b with its rounding error (TwoProduct by Dekker's splitting). */
  addProduct(a: number, b: number): this {
    const p = a * b;
    const ca = SPLITTER * a;
    const ah = ca - (ca - a);
    const al = a - ah;
    const cb = SPLITTER * b;
    const bh = cb - (cb - b);
    const bl = b - bh;
    const err = al * bl - (p - ah * bh - al * bh - ah * bl);
    const s = this.hi + p;
    const bp = s - this.hi;
    this.lo += this.hi - (s - bp) + (p - bp) + err;
    this.hi = s;
    this.absSum += Math.abs(p);
    return this;
  }

  get value(): number {
    return this.hi + this.lo;
  }
}

/** A result with, per entry, the sum of |terms| that entered it (for productErrorRatio). */
export interface Reference {
  value: Float64Array;
  abs: Float64Array;
}

// ---------------------------------------------------------------------------------------------
// Storage: strided vectors and padded (lda > cols) matrices, with sentinels in the gaps

/** Elements a BLAS vector of n entries with stride inc occupies: 1 + (n - 1) inc (0 if n = 0). */
export function stridedLength(n: number, inc: number): number {
  return n <= 0 ? 0 : 1 + (n - 1) * inc;
}

/** Lays out `values` with stride `inc`; the gaps between entries hold `gap`. */
export function strided(values: Float64Array, inc: number, gap: number): Float64Array {
  const out = new Float64Array(stridedLength(values.length, inc)).fill(gap);
  for (let i = 0; i < values.length; i++) out[i * inc] = values[i]!;
  return out;
}

/** The n entries of a strided vector. */
export function gather(buf: Float64Array, n: number, inc: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = buf[i * inc]!;
  return out;
}

/** Lays out a dense rows x cols row-major matrix with leading dimension ld >= cols; padding = `pad`. */
export function padded(dense: Float64Array, rows: number, cols: number, ld: number, pad: number): Float64Array {
  const out = new Float64Array(rows * ld).fill(pad);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * ld + j] = dense[i * cols + j]!;
  return out;
}

/** The dense rows x cols matrix stored with leading dimension ld. */
export function unpadded(buf: Float64Array, rows: number, cols: number, ld: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = buf[i * ld + j]!;
  return out;
}

/**
 * Indices of `after` whose bits differ from `before` among those `keep(i)` selects (e.g. the
 * gaps of a strided vector, the padding of a matrix, the triangle a kernel must not touch).
 * Object.is compares NaN sentinels correctly and tells 0 from -0.
 */
export function changedWhere(before: Float64Array, after: Float64Array, keep: (i: number) => boolean): number[] {
  const changed: number[] = [];
  for (let i = 0; i < before.length; i++) if (keep(i) && !Object.is(before[i], after[i])) changed.push(i);
  return changed;
}

/** keep() for the gaps of a strided vector of n entries. */
export function gapsOf(n: number, inc: number): (i: number) => boolean {
  return (i) => i % inc !== 0 || i / inc >= n;
}

/** keep() for the padding columns cols..ld-1 of a row-major matrix. */
export function paddingOf(cols: number, ld: number): (i: number) => boolean {
  return (i) => i % ld >= cols;
}

/** keep() for the triangle of an n x n matrix (leading dimension ld) that `uplo` does NOT name. */
export function otherTriangleOf(uplo: number, n: number, ld: number): (i: number) => boolean {
  return (i) => {
    const r = Math.floor(i / ld);
    const c = i % ld;
    if (c >= n || r >= n) return false;
    return uplo === UPPER ? c < r : c > r;
  };
}

/** A vector of `n` values from `g`. */
export function fromSource(n: number, g: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = g();
  return out;
}

/**
 * Uniform entries in [-1, 1) from a seeded source: the operands of the level 3 cases (cheaper
 * than Gaussian ones for the large shapes; the error bounds hold for any data).
 */
export function symmetricUniformSource(seed: number): () => number {
  const u = uniformSource(seed);
  return () => 2 * u() - 1;
}

// ---------------------------------------------------------------------------------------------
// Level 1

export function refDot(x: Float64Array, y: Float64Array): { value: number; abs: number } {
  const s = new AccurateSum();
  for (let i = 0; i < x.length; i++) s.addProduct(x[i]!, y[i]!);
  return { value: s.value, abs: s.absSum };
}

/**
 * sqrt(sum x_i^2) computed as m sqrt(sum (x_i / m)^2) with m = max |x_i| (the textbook scaled
 * two-pass norm: no overflow or underflow whatever the exponents). NaN if any entry is NaN,
 * +Inf if any is infinite and none is NaN.
 */
export function refNrm2(x: Float64Array): number {
  let m = 0;
  for (const v of x) {
    if (Number.isNaN(v)) return NaN;
    m = Math.max(m, Math.abs(v));
  }
  if (m === Infinity) return Infinity;
  if (m === 0) return 0;
  const s = new AccurateSum();
  for (const v of x) s.addProduct(v / m, v / m);
  return m * Math.sqrt(s.value);
}

/** BLAS idamax semantics, 0-based: first index of the largest |x_i|, -1 for an empty vector. */
export function refIamax(x: Float64Array): number {
  let best = -1;
  let mx = -1;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]!);
    if (v > mx) {
      mx = v;
      best = i;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Level 2 (dense row-major operands, no padding: lay them out with `padded` for the kernel)

/** y := alpha op(A) x + beta y; A is m x n; beta = 0 ignores y (NaN there does not propagate). */
export function refGemv(trans: number, m: number, n: number, alpha: number, a: Float64Array,
  x: Float64Array, beta: number, y: Float64Array): Reference {
  const leny = trans === NO_TRANS ? m : n;
  const lenx = trans === NO_TRANS ? n : m;
  const value = new Float64Array(leny);
  const abs = new Float64Array(leny);
  for (let i = 0; i < leny; i++) {
    const s = new AccurateSum();
    for (let j = 0; j < lenx; j++) s.addProduct(trans === NO_TRANS ? a[i * n + j]! : a[j * n + i]!, x[j]!);
    // alpha times the accurate sum: one more rounding, inside the bound's (lenx + 2) eps
    const scaled = new AccurateSum().addProduct(alpha, s.value);
    if (beta !== 0) scaled.addProduct(beta, y[i]!);
    value[i] = scaled.value;
    abs[i] = Math.abs(alpha) * s.absSum + (beta !== 0 ? Math.abs(beta * y[i]!) : 0);
  }
  return { value, abs };
}

/** The full symmetric matrix whose `uplo` triangle is that of the n x n dense `a`. */
export function symmetrize(uplo: number, n: number, a: Float64Array): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const stored = uplo === UPPER ? j >= i : j <= i;
      out[i * n + j] = stored ? a[i * n + j]! : a[j * n + i]!;
    }
  }
  return out;
}

/** y := alpha A x + beta y for the symmetric A given by the `uplo` triangle of `a`. */
export function refSymv(uplo: number, n: number, alpha: number, a: Float64Array,
  x: Float64Array, beta: number, y: Float64Array): Reference {
  return refGemv(NO_TRANS, n, n, alpha, symmetrize(uplo, n, a), x, beta, y);
}

/** A := alpha x y^T + A (m x n). */
export function refGer(m: number, n: number, alpha: number, x: Float64Array, y: Float64Array, a: Float64Array): Reference {
  const value = new Float64Array(m * n);
  const abs = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const s = new AccurateSum().addProduct(alpha * x[i]!, y[j]!).add(a[i * n + j]!);
      value[i * n + j] = s.value;
      abs[i * n + j] = s.absSum;
    }
  }
  return { value, abs };
}

/**
 * A := alpha (x y^T + y x^T) + A on the `uplo` triangle of the n x n A; the other triangle is
 * returned as it was (value = input, abs = 0).
 */
export function refSyr2(uplo: number, n: number, alpha: number, x: Float64Array, y: Float64Array, a: Float64Array): Reference {
  const value = a.slice();
  const abs = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (uplo === UPPER ? j < i : j > i) continue;
      const s = new AccurateSum()
        .addProduct(alpha * x[i]!, y[j]!)
        .addProduct(alpha * y[i]!, x[j]!)
        .add(a[i * n + j]!);
      value[i * n + j] = s.value;
      abs[i * n + j] = s.absSum;
    }
  }
  return { value, abs };
}

// ---------------------------------------------------------------------------------------------
// Level 3

/** op(X) as a dense row-major rows x k array: row i is op(X)[i, :] (X is rows x k, or k x rows if TRANS). */
function opRows(x: Float64Array, trans: number, rows: number, k: number): Float64Array {
  if (trans === NO_TRANS) return x;
  const out = new Float64Array(rows * k);
  for (let p = 0; p < k; p++) for (let i = 0; i < rows; i++) out[i * k + p] = x[p * rows + i]!;
  return out;
}

// Dot2 of rows: sum_p x[xo + p] y[yo + p] with TwoSum/TwoProduct inlined (the hot loop of the
// level 3 references); the sum of |products| is left in dotAbs.
let dotAbs = 0;
function dotRows(x: Float64Array, xo: number, y: Float64Array, yo: number, k: number): number {
  let hi = 0, lo = 0, abs = 0;
  for (let p = 0; p < k; p++) {
    const a = x[xo + p]!, b = y[yo + p]!;
    const prod = a * b;
    const ca = SPLITTER * a, ah = ca - (ca - a), al = a - ah;
    const cb = SPLITTER * b, bh = cb - (cb - b), bl = b - bh;
    const err = al * bl - (prod - ah * bh - al * bh - ah * bl);
    const sum = hi + prod;
    const bp = sum - hi;
    lo += hi - (sum - bp) + (prod - bp) + err;
    hi = sum;
    abs += Math.abs(prod);
  }
  dotAbs = abs;
  return hi + lo;
}

/**
 * C := alpha op(A) op(B) + beta C, op(A) m x k, op(B) k x n, all dense (A is m x k or k x m,
 * B is k x n or n x k as trans says). beta = 0 ignores C.
 */
export function refGemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
  a: Float64Array, b: Float64Array, beta: number, c: Float64Array): Reference {
  const value = new Float64Array(m * n);
  const abs = new Float64Array(m * n);
  const opA = opRows(a, transA, m, k); // row i = op(A)[i, :]
  const opBt = opRows(b, transB === NO_TRANS ? TRANS : NO_TRANS, n, k); // row j = op(B)[:, j]
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const dot = dotRows(opA, i * k, opBt, j * k, k);
      // alpha times the accurate sum (one more rounding, inside the bound's k + 2 terms): keeps
      // the reference independent of where the kernel applies alpha
      const scaled = new AccurateSum().addProduct(alpha, dot);
      if (beta !== 0) scaled.addProduct(beta, c[i * n + j]!);
      value[i * n + j] = scaled.value;
      abs[i * n + j] = Math.abs(alpha) * dotAbs + (beta !== 0 ? Math.abs(beta * c[i * n + j]!) : 0);
    }
  }
  return { value, abs };
}

/**
 * C := alpha op(A) op(A)^T + beta C (syrk) or alpha (op(A) op(B)^T + op(B) op(A)^T) + beta C
 * (syr2k, when b is given), op(X) = X (NO_TRANS, X is n x k) or X^T (TRANS, X is k x n), on the
 * `uplo` triangle of the n x n C; the other triangle is returned as it was (abs = 0).
 */
export function refRankK(uplo: number, trans: number, n: number, k: number, alpha: number,
  a: Float64Array, b: Float64Array | null, beta: number, c: Float64Array): Reference {
  const value = c.slice();
  const abs = new Float64Array(n * n);
  const opA = opRows(a, trans, n, k);
  const opB = b === null ? null : opRows(b, trans, n, k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (uplo === UPPER ? j < i : j > i) continue;
      let sum: number;
      let termAbs: number;
      if (opB === null) {
        sum = dotRows(opA, i * k, opA, j * k, k);
        termAbs = dotAbs;
      } else {
        // the two dots are each accurate; their sum is one more rounding (bound: 2k + 2 terms)
        const s1 = dotRows(opA, i * k, opB, j * k, k);
        const abs1 = dotAbs;
        const s2 = dotRows(opB, i * k, opA, j * k, k);
        sum = s1 + s2;
        termAbs = abs1 + dotAbs;
      }
      const scaled = new AccurateSum().addProduct(alpha, sum);
      if (beta !== 0) scaled.addProduct(beta, c[i * n + j]!);
      value[i * n + j] = scaled.value;
      abs[i * n + j] = Math.abs(alpha) * termAbs + (beta !== 0 ? Math.abs(beta * c[i * n + j]!) : 0);
    }
  }
  return { value, abs };
}

// ---------------------------------------------------------------------------------------------
// Running a kernel on copies of host arrays

/**
 * Copies `arrays` into WASM memory of `k` (default: the active module), runs `fn` with their
 * byte addresses, and returns what `fn` returned with every array as it is after the call (so
 * outputs, gaps, padding and untouched triangles can all be checked). All blocks are freed.
 */
export function runKernel<R>(
  arrays: readonly Float64Array[],
  fn: (k: KernelExports, ptrs: number[]) => R,
  k?: KernelExports,
): { result: R; after: Float64Array[] } {
  const body = (s: Scratch) => {
    const blocks = arrays.map((a) => s.from(a));
    const result = fn(s.k, blocks.map((b) => b.ptr));
    return { result, after: blocks.map((b) => b.view().slice()) };
  };
  if (k === undefined) return withScratch(body);
  const s = new Scratch(k);
  try {
    return body(s);
  } finally {
    s.release();
  }
}

// ---------------------------------------------------------------------------------------------
// Level 3 cases with sentinels, shared by test/blas/level3.test.ts and test/wasm/builds.test.ts

/** Marker in memory a kernel must not write (finite, so that a write of anything shows). */
export const UNTOUCHED = -777.25;
/** Doubles after the workspace, filled with UNTOUCHED: a write there overran `*_worksize`. */
const GUARD = 64;

export interface GemmCase {
  transA: number;
  transB: number;
  m: number;
  n: number;
  k: number;
  alpha: number;
  beta: number;
  /** lda - cols (and ldb, ldc likewise). */
  pad: number;
  seed: number;
}

/**
 * Runs dgemm on seeded uniform operands with sentinels: NaN in the padding of A and B, in the
 * workspace before the call and in C when beta = 0; UNTOUCHED in the padding of C and in a guard
 * after dgemm_worksize doubles. Returns the result, the accurate reference, the error ratio
 * (bound (k + 2) eps sum|terms|) and the sentinels that were written.
 */
export function runGemm(c: GemmCase, kern?: KernelExports) {
  const { transA, transB, m, n, k, alpha, beta, pad, seed } = c;
  const [aRows, aCols] = transA === NO_TRANS ? [m, k] : [k, m];
  const [bRows, bCols] = transB === NO_TRANS ? [k, n] : [n, k];
  const lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
  const g = symmetricUniformSource(seed);
  const a = fromSource(aRows * aCols, g);
  const b = fromSource(bRows * bCols, g);
  const cIn = beta === 0 ? new Float64Array(m * n).fill(NaN) : fromSource(m * n, g);
  const cBuf = padded(cIn, m, n, ldc, UNTOUCHED);
  // the workspace size is asked of the module under test
  const probe = runKernel([], (kk) => kk.dgemm_worksize(m, n, k), kern).result;
  const work = new Float64Array(probe + GUARD).fill(NaN);
  work.fill(UNTOUCHED, probe);
  const { after } = runKernel([padded(a, aRows, aCols, lda, NaN), padded(b, bRows, bCols, ldb, NaN), cBuf, work],
    (kk, [pa, pb, pc, pw]) => kk.dgemm(transA, transB, m, n, k, alpha, pa!, lda, pb!, ldb, beta, pc!, ldc, pw!), kern);
  const got = unpadded(after[2]!, m, n, ldc);
  const want = refGemm(transA, transB, m, n, k, alpha, a, b, beta, cIn);
  return {
    got,
    want,
    ratio: productErrorRatio(got, want.value, want.abs, k + 2),
    paddingWritten: changedWhere(cBuf, after[2]!, paddingOf(n, ldc)),
    guardWritten: changedWhere(work.subarray(probe), after[3]!.subarray(probe), () => true).map((i) => probe + i),
    a, b, cIn,
  };
}

/**
 * Runs dsyrk (twoSided = false) or dsyr2k on seeded uniform operands: the `uplo` triangle of C
 * holds C (NaN when beta = 0), the other triangle, the padding of C and a guard after the
 * workspace hold UNTOUCHED; the padding of A and B and the workspace hold NaN.
 */
export function runRankK(twoSided: boolean, uplo: number, trans: number, n: number, k: number, alpha: number, beta: number,
  pad: number, seed: number, kern?: KernelExports) {
  const [rows, cols] = trans === NO_TRANS ? [n, k] : [k, n];
  const lda = cols + pad, ldc = n + pad;
  const g = symmetricUniformSource(seed);
  const a = fromSource(rows * cols, g);
  const b = fromSource(rows * cols, g);
  // the stored triangle holds C (NaN when beta = 0), the other one the untouched-marker
  const cIn = new Float64Array(n * n);
  const other = otherTriangleOf(uplo, n, n);
  for (let i = 0; i < n * n; i++) cIn[i] = other(i) ? UNTOUCHED : beta === 0 ? NaN : g();
  const cBuf = padded(cIn, n, n, ldc, UNTOUCHED);
  const probe = runKernel([], (kk) => (twoSided ? kk.dsyr2k_worksize(n, k) : kk.dsyrk_worksize(n, k)), kern).result;
  const work = new Float64Array(probe + GUARD).fill(NaN);
  work.fill(UNTOUCHED, probe);
  const { after } = runKernel(
    [padded(a, rows, cols, lda, NaN), padded(b, rows, cols, lda, NaN), cBuf, work],
    (kk, [pa, pb, pc, pw]) =>
      twoSided
        ? kk.dsyr2k(uplo, trans, n, k, alpha, pa!, lda, pb!, lda, beta, pc!, ldc, pw!)
        : kk.dsyrk(uplo, trans, n, k, alpha, pa!, lda, beta, pc!, ldc, pw!),
    kern,
  );
  const got = unpadded(after[2]!, n, n, ldc);
  const want = refRankK(uplo, trans, n, k, alpha, a, twoSided ? b : null, beta, cIn);
  const otherC = otherTriangleOf(uplo, n, ldc);
  const padC = paddingOf(n, ldc);
  return {
    got,
    want,
    ratio: productErrorRatio(got, want.value, want.abs, (twoSided ? 2 * k : k) + 2),
    untouchedWritten: changedWhere(cBuf, after[2]!, (i) => otherC(i) || padC(i)),
    guardWritten: changedWhere(work.subarray(probe), after[3]!.subarray(probe), () => true).map((i) => probe + i),
  };
}

