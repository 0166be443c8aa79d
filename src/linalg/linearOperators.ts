/**
 * Linear operators for the iterative eigensolvers (eigsh, eigs): a matrix known only by its
 * action x -> A x.
 *
 * - `LinearOperator` is any `{ size, apply(x, y) }` written in TS (y := A x, both of length size).
 * - `WasmOperator`s keep their data in WASM memory and apply themselves to vectors that are in
 *   WASM memory too (`applyPtr`), so a solver whose Krylov basis lives in WASM never copies a
 *   vector out; `applyBlockPtr` applies them to k vectors at once through GEMM. They own their
 *   memory: call `dispose()` (a FinalizationRegistry frees dropped ones eventually).
 *
 * Block layout: k vectors of length `size` stored as the rows of a k x size row-major block
 * (each vector contiguous, the layout of a Krylov basis), i.e. the block holds V^T.
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { asMatrix, type MatrixLike } from "../matrix.js";
import type { Seed } from "../random/rng.js";
import { assertFinite, assertFiniteMatrix, assertOptions, asVector } from "../validate.js";
import { NO_TRANS, TRANS, UPPER, type KernelExports, type Ptr } from "../wasm/exports.js";
import { kernels } from "../wasm/loader.js";
import { WasmF64Array, withScratch } from "../wasm/memory.js";
import { gemm, gramv } from "../threads/drivers.js";
import { threadCount } from "../threads/pool.js";

/** Options shared by the Krylov-Schur solvers eigsh and eigs. */
export interface KrylovOptions {
  /** Relative residual tolerance: ||A x - lambda x|| <= tol ||A|| (||A|| estimated from the Ritz values). Default 1e-10. */
  tol?: number;
  /** Maximum number of restarts. Default 500. */
  maxIter?: number;
  /** Start vector (length n). Default: a Gaussian vector from `seed`. */
  v0?: ArrayLike<number>;
  /** Seed of the start vector (and of the random directions after a breakdown). Default 0. */
  seed?: Seed;
  /** On reaching maxIter, return what was found (with `converged: false`) instead of throwing. */
  returnPartial?: boolean;
}

/** y := A x for an operator of dimension `size` (A is size x size). */
export interface LinearOperator {
  readonly size: number;
  apply(x: Float64Array, y: Float64Array): void;
  /**
   * Whether A is symmetric: true (trusted by eigsh), false (eigsh refuses: use eigs), or
   * undefined = unknown (eigsh runs one randomized check, two applications, before it starts).
   */
  readonly symmetric?: boolean;
}

/**
 * Wraps a function as a LinearOperator. `symmetric` left out means unknown (see LinearOperator).
 * Throws InvalidArgumentError for a bad size, a non-function apply, or a non-boolean symmetric.
 */
export function linearOperator(size: number, apply: (x: Float64Array, y: Float64Array) => void, options: { symmetric?: boolean } = {}): LinearOperator {
  if (!Number.isInteger(size) || size < 1) throw new InvalidArgumentError(`linearOperator: size must be a positive integer, got ${size}`);
  if (typeof apply !== "function") throw new InvalidArgumentError(`linearOperator: apply must be a function (x, y) => void writing y = A x, got ${typeof apply}`);
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(`linearOperator: options must be an object, got ${String(options)}`);
  const symmetric = options.symmetric;
  if (symmetric !== undefined && typeof symmetric !== "boolean") {
    throw new InvalidArgumentError(`linearOperator: symmetric must be a boolean (or left out when unknown), got ${String(symmetric)}`);
  }
  return symmetric === undefined ? { size, apply } : { size, apply, symmetric };
}

/** x and y must be Float64Arrays (the JS-side products write y in place). */
function checkVectors(x: unknown, y: unknown, fn: string): void {
  if (!(x instanceof Float64Array) || !(y instanceof Float64Array)) {
    throw new InvalidArgumentError(`${fn}(x, y): x and y must be Float64Arrays, got ${x === null ? "null" : typeof x} and ${y === null ? "null" : typeof y}`);
  }
}

/** An operator whose data and matvec stay in WASM memory. */
export abstract class WasmOperator implements LinearOperator {
  abstract readonly size: number;
  abstract readonly symmetric: boolean;
  protected readonly k: KernelExports = kernels();
  private readonly owned: WasmF64Array[] = [];
  /** Operator applications so far (single vectors; a block of k counts k). */
  applications = 0;

  /**
   * y := A x for x, y of `size` doubles at WASM addresses (non-overlapping). The addresses are
   * checked against the mapped memory (O(1)): a wrong pointer is an InvalidArgumentError, never a
   * WebAssembly trap.
   */
  applyPtr(x: Ptr, y: Ptr): void {
    this.checkBlock(1, x, y, "applyPtr");
    this.applyAt(x, y);
  }

  /** Y := A X for k vectors, the rows of the k x size blocks at x and y (checked as applyPtr). */
  applyBlockPtr(k: number, x: Ptr, y: Ptr): void {
    if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError(`applyBlockPtr: k must be a positive integer, got ${k}`);
    this.checkBlock(k, x, y, "applyBlockPtr");
    this.applyBlockAt(k, x, y);
  }

  /** The operator's product at checked addresses. */
  protected abstract applyAt(x: Ptr, y: Ptr): void;

  /**
   * The block product at checked addresses. The default applies one vector at a time; operators
   * with a matrix behind them override it with GEMM.
   */
  protected applyBlockAt(k: number, x: Ptr, y: Ptr): void {
    for (let i = 0; i < k; i++) this.applyAt(x + 8 * i * this.size, y + 8 * i * this.size);
  }

  private checkBlock(k: number, x: Ptr, y: Ptr, fn: string): void {
    // on every application of a Krylov iteration: two compares, no allocation
    const bytes = 8 * k * this.size;
    const end = this.k.memory.buffer.byteLength;
    const bad = (p: Ptr) => !Number.isInteger(p) || p < 8 || p % 8 !== 0 || p + bytes > end;
    if (bad(x) || bad(y)) {
      const [name, p] = bad(x) ? ["x", x] : ["y", y];
      throw new InvalidArgumentError(`${fn}: ${name} = ${String(p)} is not the address of ${k * this.size} doubles in WASM memory (8-aligned, inside ${end} bytes)`);
    }
  }

  /** y := A x for JS arrays (copies through WASM scratch). */
  apply(x: Float64Array, y: Float64Array): void {
    checkVectors(x, y, "apply");
    if (x.length !== this.size || y.length !== this.size) {
      throw new ShapeError(`operator of size ${this.size} applied to vectors of length ${x.length} -> ${y.length}`);
    }
    withScratch((s) => {
      const px = s.from(x);
      const py = s.alloc(this.size);
      this.applyPtr(px.ptr, py.ptr);
      y.set(py.view());
    });
  }

  /** Y := A X for the k vectors stored as the rows of a k x size JS block (see the file comment). */
  applyBlock(k: number, x: Float64Array, y: Float64Array): void {
    if (!Number.isInteger(k) || k < 1) throw new InvalidArgumentError(`applyBlock: k must be a positive integer, got ${k}`);
    checkVectors(x, y, "applyBlock");
    if (x.length !== k * this.size || y.length !== k * this.size) {
      throw new ShapeError(`block of ${k} vectors needs ${k * this.size} entries, got ${x.length} -> ${y.length}`);
    }
    withScratch((s) => {
      const px = s.from(x);
      const py = s.alloc(k * this.size);
      this.applyBlockPtr(k, px.ptr, py.ptr);
      y.set(py.view());
    });
  }

  /** Keeps `data` in WASM memory for the operator's lifetime. */
  protected own(data: Float64Array | number, what: string): WasmF64Array {
    const arr = typeof data === "number" ? new WasmF64Array(data, what) : WasmF64Array.from(data, what);
    this.owned.push(arr);
    return arr;
  }

  get disposed(): boolean {
    return this.owned.length > 0 && this.owned[0]!.disposed;
  }

  /** Frees the operator's WASM memory. Safe to call twice. */
  dispose(): void {
    for (const arr of this.owned) arr.dispose();
  }
}

// relative asymmetry max|a_ij - a_ji| / max|a_ij| up to which DenseOperator calls A symmetric
// (the default symmetryTol of eigh)
const DENSE_SYMMETRY_TOL = 1e-10;

/**
 * A dense n x n matrix held in WASM: A x by DSYMV when symmetric, else DGEMV.
 *
 * `symmetric` left out is detected (O(n^2) once): true when max|a_ij - a_ji| <= 1e-10 max|a_ij|,
 * the tolerance of `eigh`; `asymmetry` holds the measured max|a_ij - a_ji|. A symmetric operator
 * (declared or detected) is the symmetric matrix of A's upper triangle (what DSYMV reads): the
 * stored copy has its lower triangle mirrored from the upper, so that the single (DSYMV) and
 * block (GEMM) products agree and `symmetric` describes exactly what is applied. For the product
 * with A itself when A is only nearly symmetric, pass `symmetric: false` (as `eigs` does).
 */
export class DenseOperator extends WasmOperator {
  readonly size: number;
  readonly symmetric: boolean;
  /** max|a_ij - a_ji| of the matrix given (0 when declared symmetric: not measured). */
  readonly asymmetry: number;
  private readonly a: WasmF64Array;

  constructor(A: MatrixLike, options: { symmetric?: boolean } = {}) {
    super();
    if (options === null || typeof options !== "object") throw new InvalidArgumentError(`DenseOperator: options must be an object, got ${String(options)}`);
    if (options.symmetric !== undefined && typeof options.symmetric !== "boolean") {
      throw new InvalidArgumentError(`DenseOperator: symmetric must be a boolean (or left out to detect it), got ${String(options.symmetric)}`);
    }
    const m = asMatrix(A, "A");
    if (m.rows !== m.cols) throw new ShapeError(`a dense operator needs a square matrix, got ${m.rows} x ${m.cols}`);
    assertFiniteMatrix(m, "A");
    this.size = m.rows;
    if (options.symmetric === undefined) {
      this.asymmetry = m.asymmetry();
      this.symmetric = this.asymmetry <= DENSE_SYMMETRY_TOL * m.maxAbs();
    } else {
      this.asymmetry = options.symmetric ? 0 : m.asymmetry();
      this.symmetric = options.symmetric;
    }
    this.a = this.own(m.data, `a ${m.rows} x ${m.cols} operator matrix`);
    // (declared symmetric: not measured, so mirrored too)
    if (this.symmetric && (this.asymmetry !== 0 || options.symmetric === true)) {
      const n = m.rows;
      const v = this.a.view();
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) v[j * n + i] = v[i * n + j]!;
    }
  }

  protected applyAt(x: Ptr, y: Ptr): void {
    const n = this.size;
    if (this.symmetric) this.k.dsymv(UPPER, n, 1, this.a.ptr, n, x, 1, 0, y, 1);
    else this.k.dgemv(NO_TRANS, n, n, 1, this.a.ptr, n, x, 1, 0, y, 1);
    this.applications++;
  }

  protected override applyBlockAt(k: number, x: Ptr, y: Ptr): void {
    const n = this.size;
    // rows of Y = rows of X times A^T: Y^T = X^T A^T (= X^T A when symmetric)
    withScratch((s) => gemm(s, threadCount(), NO_TRANS, TRANS, k, n, n, 1, x, n, this.a.ptr, n, 0, y, n));
    this.applications += k;
  }
}

export interface SampleCovarianceOptions {
  /** Per-sample weights w_i (length n): A = scale X^T diag(w) X. Default all ones. */
  weights?: ArrayLike<number>;
  /** Default 1 / n (the sample covariance). */
  scale?: number;
}

/**
 * A = scale X^T diag(w) X for an n x d data matrix X (rows are samples), without forming the
 * d x d matrix: A v = scale X^T (w .* (X v)) in one pass over the rows of X (DGRAMV), 4 n d flops
 * per application; a block
 * of k vectors costs two GEMMs (4 n d k flops at GEMM speed). With w = T(y) this is the
 * single-index spectral-estimator matrix (e.g. Mondelli-Montanari's X^T diag(T(y)) X / n).
 */
export class SampleCovarianceOperator extends WasmOperator {
  readonly size: number;
  readonly symmetric = true;
  readonly samples: number;
  readonly scale: number;
  private readonly x: WasmF64Array;
  private readonly w: WasmF64Array | null;

  constructor(X: MatrixLike, options: SampleCovarianceOptions = {}) {
    super();
    assertOptions(options, "sampleCovariance");
    const m = asMatrix(X, "X");
    assertFiniteMatrix(m, "X");
    if (m.rows < 1 || m.cols < 1) throw new ShapeError(`X must have at least one row and column, got ${m.rows} x ${m.cols}`);
    this.samples = m.rows;
    this.size = m.cols;
    this.scale = options.scale ?? 1 / m.rows;
    if (!Number.isFinite(this.scale)) throw new InvalidArgumentError(`scale must be finite, got ${this.scale}`);
    let w: Float64Array | null = null;
    if (options.weights !== undefined) {
      w = asVector(options.weights, "weights");
      if (w.length !== m.rows) throw new ShapeError(`weights has ${w.length} entries, X has ${m.rows} rows`);
      assertFinite(w, "weights");
    }
    this.x = this.own(m.data, `a ${m.rows} x ${m.cols} data matrix`);
    this.w = w ? this.own(w, "sample weights") : null;
  }

  protected applyAt(x: Ptr, y: Ptr): void {
    const { samples: n, size: d } = this;
    // one pass over the rows of X (DGRAMV) instead of two DGEMVs: half the memory traffic;
    // row chunks on all threads, summed in a fixed order (src/threads/drivers.ts)
    withScratch((s) => gramv(s, threadCount(), n, d, this.scale, this.x.ptr, d, this.w ? this.w.ptr : 0, x, y));
    this.applications++;
  }

  protected override applyBlockAt(kv: number, x: Ptr, y: Ptr): void {
    const { samples: n, size: d, k } = this;
    const threads = threadCount();
    withScratch((s) => {
      const p = s.alloc(kv * n, "a block operator product");
      // P = V^T X^T (k x n), then P diag(w), then Y^T = scale P X (k x d)
      gemm(s, threads, NO_TRANS, TRANS, kv, n, d, 1, x, d, this.x.ptr, d, 0, p.ptr, n);
      if (this.w) k.scale_cols(kv, n, this.w.ptr, p.ptr, n);
      gemm(s, threads, NO_TRANS, NO_TRANS, kv, d, n, this.scale, p.ptr, n, this.x.ptr, d, 0, y, d);
    });
    this.applications += kv;
  }
}

/**
 * X^T diag(w) X * scale as a WASM-resident operator (see SampleCovarianceOperator).
 *
 * Cost model, against passing the formed d x d matrix to eigsh/eigs (which wrap it in a
 * DenseOperator): the implicit operator costs 4 n d flops per application and n d doubles of
 * memory, the dense one 2 d^2 flops per application (DSYMV) after forming it (`gram`, n d^2 flops)
 * and d^2 doubles. With the ~50 to a few hundred applications a solve takes, the implicit one wins
 * unless n is much larger than d; the dense one also allows `eigh` on the whole spectrum.
 */
export function sampleCovariance(X: MatrixLike, options: SampleCovarianceOptions = {}): SampleCovarianceOperator {
  return new SampleCovarianceOperator(X, options);
}
