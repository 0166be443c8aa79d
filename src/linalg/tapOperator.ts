/**
 * The per-sample block operator of the multi-index spectral estimators (reference
 * spectral-estimators.md section 3), applied without forming its dp x dp matrix:
 *
 *   T = scale sum_i T_i (x) x_i x_i^T,   T vec(W) = scale vec(X^T [rows T_i W^T x_i]),
 *
 * for an n x d data matrix X (rows x_i) and n blocks T_i (p x p). With T_i = G (I + G)^{-1} this is
 * the TAP matrix, with T_i = G (gamma + G)^{-1} the T_gamma of section 3.5, and with scalar T_i and
 * scale d/n the classical single-index matrices D = (1/n) sum_i T(y_i) a_i a_i^T, a_i = sqrt(d) x_i.
 * Symmetric when every T_i is. One kernel (assembly/estimators.ts tap_apply: X streamed once per
 * product, rows summed in fixed chunks on all threads) serves two layouts of vec(W), W d x p:
 *
 * - `TapOperator` (estimators/): W^T (p x d) row-major, entry (j, mu) of W at mu d + j, which is
 *   the reference's column-major vec(W); default scale 1.
 * - `BlockSampleOperator` (the linalg operator API): W row-major, entry (j, mu) at j p + mu; default
 *   scale 1 / n. It transposes in and out around the same kernel (O(d p), against O(n d p)).
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import { assertFinite, assertFiniteMatrix, assertOptions, asVector } from "../validate.js";
import type { Ptr } from "../wasm/exports.js";
import { f64View, WasmF64Array, withScratch } from "../wasm/memory.js";
import { rowSum } from "../threads/drivers.js";
import { job, perThread } from "../threads/protocol.js";
import { threadCount } from "../threads/pool.js";
import { WasmOperator } from "./linearOperators.js";

/**
 * A data matrix X (n x d, row-major) copied into WASM memory once, so that several operators (LAMP,
 * TAP, classical) on the same data share one copy: at d = 5000 and n = 20000 X is 800 MB, and
 * wasm32 memory holds 4 GiB. Operators built from a ResidentMatrix do not own it: dispose it after
 * them.
 */
export class ResidentMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly array: WasmF64Array;

  constructor(X: MatrixLike) {
    const m = asMatrix(X, "X");
    if (m.rows < 1 || m.cols < 1) throw new ShapeError(`X must have at least one row and column, got ${m.rows} x ${m.cols}`);
    assertFiniteMatrix(m, "X");
    this.rows = m.rows;
    this.cols = m.cols;
    this.array = WasmF64Array.from(m.data, `a ${m.rows} x ${m.cols} data matrix`);
  }

  get ptr(): Ptr {
    return this.array.ptr;
  }

  get disposed(): boolean {
    return this.array.disposed;
  }

  dispose(): void {
    this.array.dispose();
  }
}

/** X's shape, and either its resident copy or its data to copy. */
export function dataOf(X: MatrixLike | ResidentMatrix): { rows: number; cols: number; resident: ResidentMatrix | null; data: Float64Array } {
  if (X instanceof ResidentMatrix) {
    if (X.disposed) throw new InvalidArgumentError("the ResidentMatrix X has been disposed");
    return { rows: X.rows, cols: X.cols, resident: X, data: new Float64Array(0) };
  }
  const m = asMatrix(X, "X");
  if (m.rows < 1 || m.cols < 1) throw new ShapeError(`X must have at least one row and column, got ${m.rows} x ${m.cols}`);
  assertFiniteMatrix(m, "X");
  return { rows: m.rows, cols: m.cols, resident: null, data: m.data };
}

/** The n p x p blocks as a Float64Array of n p^2 finite entries (ShapeError / NonFiniteError naming `what`). */
export function checkBlocks(blocks: ArrayLike<number>, n: number, p: number, what: string): Float64Array {
  const t = asVector(blocks, what);
  if (t.length !== n * p * p) throw new ShapeError(`${what} must hold n p^2 = ${n * p * p} entries (one p x p block per sample, n = ${n}, p = ${p}), got ${t.length}`);
  assertFinite(t, what);
  return t;
}

export function checkP(p: number): void {
  if (!Number.isInteger(p) || p < 1) throw new InvalidArgumentError(`p must be a positive integer, got ${p}`);
}

/** The transpose of the rows x cols row-major `a`, as a cols x rows Matrix. */
export function transposed(a: Float64Array, rows: number, cols: number): Matrix {
  const out = new Matrix(cols, rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.data[c * rows + r] = a[r * cols + c]!;
  return out;
}

export interface TapOperatorOptions {
  /** Multiplies the operator (default 1: the TAP matrix of the reference; d / n gives the classical D). */
  scale?: number;
}

/** The shared core: data, scaled blocks, and the product in the W^T layout. */
abstract class PerSampleBlockOperator extends WasmOperator {
  readonly size: number;
  readonly symmetric: boolean;
  readonly samples: number;
  readonly dim: number;
  readonly p: number;
  readonly scale: number;
  private readonly x: { ptr: () => Ptr };
  private readonly t: WasmF64Array;

  constructor(X: MatrixLike | ResidentMatrix, blocks: ArrayLike<number>, p: number, options: TapOperatorOptions, defaultScale: (n: number) => number, what: string) {
    super();
    checkP(p);
    assertOptions(options, what);
    const m = dataOf(X);
    const t = checkBlocks(blocks, m.rows, p, "blocks");
    const scale = options.scale ?? defaultScale(m.rows);
    if (typeof scale !== "number" || !Number.isFinite(scale)) throw new InvalidArgumentError(`scale must be a finite number, got ${scale}`);
    let symmetric = true;
    for (let i = 0; i < m.rows && symmetric; i++) {
      for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) if (t[i * p * p + a * p + b] !== t[i * p * p + b * p + a]) symmetric = false;
    }
    this.symmetric = symmetric;
    this.samples = m.rows;
    this.dim = m.cols;
    this.p = p;
    this.size = m.cols * p;
    this.scale = scale;
    // the scale is folded into the blocks once, not applied per product
    const scaled = scale === 1 ? t : t.map((v) => v * scale);
    const resident = m.resident;
    const own = resident ? null : this.own(m.data, `a ${m.rows} x ${m.cols} data matrix`);
    this.x = { ptr: () => (resident ? resident.ptr : own!.ptr) };
    this.t = this.own(scaled, "the per-sample blocks T_i");
  }

  /** yt := T wt with wt, yt the W^T layout (p x d row-major) at WASM addresses. */
  protected applyTransposed(wt: Ptr, yt: Ptr): void {
    const { samples: n, dim: d, p } = this;
    const X = this.x.ptr();
    // a sum over the rows of X: fixed row chunks on all threads, added in chunk order
    withScratch((s) => rowSum(s, threadCount(), n, d * p, yt, (lo, hi, dst) => job.tap_apply({
      n: hi - lo, d, p, x: X + lo * d * 8, ldx: d, t: this.t.ptr + lo * p * p * 8, wt, yt: dst, work: perThread(),
    }), { doubles: 4 * p }));
  }
}

/** The symmetric block operator T = scale sum_i T_i (x) x_i x_i^T on vec(W) = W^T row-major (see the file comment). */
export class TapOperator extends PerSampleBlockOperator {
  /** X: n x d data; blocks: the n matrices T_i (n p^2, row-major p x p each). */
  constructor(X: MatrixLike | ResidentMatrix, blocks: ArrayLike<number>, p: number, options: TapOperatorOptions = {}) {
    super(X, blocks, p, options, () => 1, "TapOperator");
  }

  protected applyAt(x: Ptr, y: Ptr): void {
    this.applyTransposed(x, y);
    this.applications++;
  }

  /** The d x p matrix W of a vector in this operator's layout (vec(W) = W^T row-major). */
  toMatrix(vec: ArrayLike<number>): Matrix {
    const v = asVector(vec, "vec");
    if (v.length !== this.size) throw new ShapeError(`vec must have d p = ${this.size} entries, got ${v.length}`);
    return transposed(v, this.p, this.dim);
  }
}

/** vec(W) in the TAP layout (W^T row-major) of a d x p matrix. */
export function tapVector(W: MatrixLike): Float64Array {
  const m = asMatrix(W, "W");
  return transposed(m.data, m.rows, m.cols).data;
}

export interface BlockSampleOptions {
  /** Default 1 / n. */
  scale?: number;
}

/**
 * The p-index operator on vec(W), W a d x p matrix stored row-major (vec = its d p entries):
 * W -> scale X^T V with V[i, :] = T_i (W^T x_i), i.e. scale sum_i x_i (T_i W^T x_i)^T. With
 * T_i = T(y_i) = G(y_i) (I + G(y_i))^{-1} this is the symmetric TAP matrix sum_i T(y_i) (x) x_i x_i^T
 * of the multi-index spectral estimators (TapOperator in the W^T layout), applied in O(n d p) without
 * forming its (d p) x (d p) matrix. `blocks` holds the n matrices T_i (p x p, row-major) back to back.
 * Symmetric when every T_i is.
 */
export class BlockSampleOperator extends PerSampleBlockOperator {
  constructor(X: MatrixLike | ResidentMatrix, blocks: ArrayLike<number>, p: number, options: BlockSampleOptions = {}) {
    super(X, blocks, p, options, (n) => 1 / n, "BlockSampleOperator");
  }

  protected applyAt(x: Ptr, y: Ptr): void {
    const { dim: d, p } = this;
    withScratch((s) => {
      const wt = s.alloc(d * p, "the operator's transposed input");
      const yt = s.alloc(d * p, "the operator's transposed output");
      // views made after the allocations (an allocation may grow memory and detach them)
      const xv = f64View(x, d * p, this.k);
      const wv = wt.view();
      for (let j = 0; j < d; j++) for (let mu = 0; mu < p; mu++) wv[mu * d + j] = xv[j * p + mu]!;
      this.applyTransposed(wt.ptr, yt.ptr);
      const yv = f64View(y, d * p, this.k);
      const tv = yt.view();
      for (let j = 0; j < d; j++) for (let mu = 0; mu < p; mu++) yv[j * p + mu] = tv[mu * d + j]!;
    });
    this.applications++;
  }
}

/** The p-index block operator (see BlockSampleOperator). */
export function blockSampleOperator(X: MatrixLike | ResidentMatrix, blocks: ArrayLike<number>, p: number, options: BlockSampleOptions = {}): BlockSampleOperator {
  return new BlockSampleOperator(X, blocks, p, options);
}
