/**
 * Products on Matrix values: matmul, gram, matvec. Each copies its operands into WASM memory,
 * runs one kernel (dgemm, dsyrk, dgemv) and copies the result out; all WASM memory is freed
 * before returning, also on error. Shapes and finiteness of the inputs are checked here, once;
 * finite inputs can still overflow (1e200 * 1e200), so each result is checked too (validate.ts:
 * a SIMD x . x in WASM, then the exact scan only when that is not finite; under 2% of the call
 * at n >= 256 per bench/checks.bench.ts) and NonFiniteError names the first overflowed entry.
 */
import { ShapeError } from "../errors.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import {
  assertFinite, assertFiniteMatrix, assertFiniteNumber, assertFiniteResult, assertOptions, asVector, booleanOption,
  finiteAt, upperFiniteAt,
} from "../validate.js";
import { NO_TRANS, TRANS, UPPER } from "../wasm/exports.js";
import { withScratch } from "../wasm/memory.js";
import { gemm, rankUpdate } from "../threads/drivers.js";
import { threadsFor } from "../threads/pool.js";

export interface MatmulOptions {
  /** Use A^T in place of A. */
  transA?: boolean;
  /** Use B^T in place of B. */
  transB?: boolean;
  /** Scale of the product (C = alpha op(A) op(B)); default 1. */
  alpha?: number;
  /** Threads to use (default: `getThreads()`); the result is the same for any count. */
  threads?: number;
}

/**
 * C = alpha op(A) op(B), op(X) = X or X^T (numpy `alpha * A @ B` with optional `.T`).
 *
 * Blocked GEMM in WASM SIMD: packed panels and a 4 x 4 register-blocked f64x2 micro-kernel
 * (assembly/blas/gemm.ts). Cost 2 m n k flops; memory (mk + kn + mn) doubles in WASM plus a
 * packing workspace of at most about 4.3 MiB.
 */
export function matmul(A: MatrixLike, B: MatrixLike, options: MatmulOptions = {}): Matrix {
  assertOptions(options, "matmul");
  const a = asMatrix(A, "A");
  const b = asMatrix(B, "B");
  const transA = booleanOption(options.transA, false, "matmul", "transA");
  const transB = booleanOption(options.transB, false, "matmul", "transB");
  const alpha = options.alpha ?? 1;
  assertFiniteNumber(alpha, "matmul: alpha");
  const [m, ka] = transA ? [a.cols, a.rows] : [a.rows, a.cols];
  const [kb, n] = transB ? [b.cols, b.rows] : [b.rows, b.cols];
  if (ka !== kb) {
    throw new ShapeError(
      `matmul: inner dimensions differ: op(A) is ${m} x ${ka}${transA ? " (A transposed)" : ""}, ` +
        `op(B) is ${kb} x ${n}${transB ? " (B transposed)" : ""}`,
    );
  }
  assertFiniteMatrix(a, "A");
  assertFiniteMatrix(b, "B");
  const threads = threadsFor(options.threads, "matmul");
  const k = ka;
  const out = new Matrix(m, n);
  if (m === 0 || n === 0) return out;
  return withScratch((s) => {
    const work = s.k.dgemm_worksize(m, n, k) * threads;
    s.reserve([a.data.length, b.data.length, m * n, work], `matmul of ${m} x ${k} by ${k} x ${n}`);
    const pa = s.from(a.data);
    const pb = s.from(b.data);
    const pc = s.alloc(m * n);
    gemm(s, threads, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha,
      pa.ptr, a.cols, pb.ptr, b.cols, 0, pc.ptr, n);
    out.data.set(pc.view());
    if (!finiteAt(s.k, pc.ptr, m * n)) assertFiniteResult(out.data, "matmul", "the product", n, "scale the inputs (or alpha)");
    return out;
  });
}

export interface GramOptions {
  /** Multiplies X^T X; e.g. 1 / n for the sample covariance of n rows. Default 1. */
  scale?: number;
  /** Threads to use (default: `getThreads()`); the result is the same for any count. */
  threads?: number;
}

/**
 * G = scale X^T X for an n x d X (rows are samples): the d x d Gram matrix, full and exactly
 * symmetric (numpy `scale * X.T @ X`). With scale = 1/n this is the sample covariance
 * (second-moment matrix) of the rows.
 *
 * DSYRK on the upper triangle (half the flops of a general product: n d^2), mirrored to the
 * lower one. Memory: (n d + d^2) doubles in WASM plus workspace.
 */
export function gram(X: MatrixLike, options: GramOptions = {}): Matrix {
  assertOptions(options, "gram");
  const x = asMatrix(X, "X");
  const scale = options.scale ?? 1;
  assertFiniteNumber(scale, "gram: scale");
  assertFiniteMatrix(x, "X");
  const threads = threadsFor(options.threads, "gram");
  const n = x.rows;
  const d = x.cols;
  const out = new Matrix(d, d);
  if (d === 0 || n === 0) return out;
  return withScratch((s) => {
    const work = s.k.dsyrk_worksize(d, n) * threads;
    s.reserve([n * d, d * d, work], `gram of a ${n} x ${d} matrix`);
    const px = s.from(x.data);
    const pc = s.alloc(d * d);
    rankUpdate(s, threads, false, UPPER, TRANS, d, n, scale, px.ptr, d, px.ptr, d, 0, pc.ptr, d);
    const g = out.data;
    g.set(pc.view());
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) g[j * d + i] = g[i * d + j]!;
    // the fast pass reads only the upper triangle: DSYRK never writes the lower one of pc
    if (!upperFiniteAt(s.k, pc.ptr, d)) assertFiniteResult(g, "gram", "the Gram matrix X^T X", d, "scale X (or scale)");
    return out;
  });
}

export interface MatvecOptions {
  /** Computes A^T x instead of A x. */
  trans?: boolean;
}

/** y = A x (or A^T x): DGEMV in WASM SIMD. Cost 2 m n flops. */
export function matvec(A: MatrixLike, x: ArrayLike<number>, options: MatvecOptions = {}): Float64Array {
  assertOptions(options, "matvec");
  const a = asMatrix(A, "A");
  const v = asVector(x, "x");
  const trans = booleanOption(options.trans, false, "matvec", "trans");
  const [m, n] = trans ? [a.cols, a.rows] : [a.rows, a.cols];
  if (v.length !== n) {
    throw new ShapeError(`matvec: x has ${v.length} entries, op(A) is ${m} x ${n}${trans ? " (A transposed)" : ""}`);
  }
  assertFiniteMatrix(a, "A");
  assertFinite(v, "x");
  const y = new Float64Array(m);
  if (m === 0) return y;
  return withScratch((s) => {
    s.reserve([a.data.length, n, m], `matvec of a ${a.rows} x ${a.cols} matrix`);
    const pa = s.from(a.data);
    const px = s.from(v);
    const py = s.alloc(m);
    s.k.dgemv(trans ? TRANS : NO_TRANS, a.rows, a.cols, 1, pa.ptr, a.cols, px.ptr, 1, 0, py.ptr, 1);
    y.set(py.view());
    // m entries against the m n of the product and of the input check: negligible
    assertFiniteResult(y, "matvec", trans ? "the product A^T x" : "the product A x", undefined, "scale A or x");
    return y;
  });
}
