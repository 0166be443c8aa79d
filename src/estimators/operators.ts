/**
 * The spectral-estimator matrices as WASM-resident operators (reference spectral-estimators.md
 * section 3), applied without forming them, O(n d p) per application:
 *
 * - `LampOperator`: the asymmetric np x np matrix L = (I_p (x) (X X^T - I_n)) G_hat, with
 *   G_hat = blockdiag_i G(y_i):  L vec(Omega) = vec(X (X^T Gamma) - Gamma), Gamma_i = G(y_i) omega_i.
 * - `TapOperator`: the symmetric dp x dp matrix T = scale sum_i T_i (x) x_i x_i^T:
 *   T vec(W) = scale vec(X^T [rows T_i W^T x_i]). With T_i = G (I + G)^{-1} this is the TAP matrix,
 *   with T_i = G (gamma + G)^{-1} the T_gamma of section 3.5, and with scalar T_i and scale d/n the
 *   classical single-index matrices D = (1/n) sum_i T(y_i) a_i a_i^T, a_i = sqrt(d) x_i.
 *
 * Vector layouts (both are permutations of the reference's column-major vec, so the spectra are
 * the same): a LAMP vector is Omega (n x p) row-major, entry (i, mu) at i p + mu; a TAP vector is
 * W^T (p x d) row-major, entry (j, mu) of W at mu d + j, which is the reference's vec(W).
 *
 * Kernels: assembly/estimators.ts (skinny_xtv, skinny_xu: X streamed once per product, f64x2) and
 * assembly/rowwise.ts (batched_small_matvec: one p x p block per sample).
 */
import { ShapeError, InvalidArgumentError } from "../errors.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import { WasmOperator } from "../linalg/operators.js";
import { assertFinite, assertFiniteMatrix, assertOptions, asVector } from "../validate.js";
import type { Ptr } from "../wasm/exports.js";
import { WasmF64Array, withScratch } from "../wasm/memory.js";
import { rowSplit, rowSum } from "../threads/drivers.js";
import { job, perThread } from "../threads/protocol.js";
import { threadCount } from "../threads/pool.js";

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
function dataOf(X: MatrixLike | ResidentMatrix): { rows: number; cols: number; resident: ResidentMatrix | null; data: Float64Array } {
  if (X instanceof ResidentMatrix) {
    if (X.disposed) throw new InvalidArgumentError("the ResidentMatrix X has been disposed");
    return { rows: X.rows, cols: X.cols, resident: X, data: new Float64Array(0) };
  }
  const m = asMatrix(X, "X");
  if (m.rows < 1 || m.cols < 1) throw new ShapeError(`X must have at least one row and column, got ${m.rows} x ${m.cols}`);
  assertFiniteMatrix(m, "X");
  return { rows: m.rows, cols: m.cols, resident: null, data: m.data };
}

function checkBlocks(blocks: ArrayLike<number>, n: number, p: number, what: string): Float64Array {
  const t = asVector(blocks, what);
  if (t.length !== n * p * p) throw new ShapeError(`${what} must hold n p^2 = ${n * p * p} entries (one p x p block per sample, n = ${n}, p = ${p}), got ${t.length}`);
  assertFinite(t, what);
  return t;
}

function checkP(p: number): void {
  if (!Number.isInteger(p) || p < 1) throw new InvalidArgumentError(`p must be a positive integer, got ${p}`);
}

export interface LampOperatorOptions {
  /**
   * The diagonal correction of X X^T: "identity" (default) uses X X^T - I_n (Maillard et al. 2022's
   * LAMP); "zero" uses X X^T with its diagonal removed (the exact GAMP Onsager term ||x_i||^2 in
   * place of 1). Asymptotically equivalent (reference pitfall 6).
   */
  diagonal?: "identity" | "zero";
}

/** The asymmetric LAMP operator L on vec(Omega), Omega n x p (see the file comment). Not symmetric. */
export class LampOperator extends WasmOperator {
  readonly size: number;
  readonly symmetric = false;
  readonly samples: number;
  readonly dim: number;
  readonly p: number;
  readonly diagonal: "identity" | "zero";
  private readonly x: { ptr: () => Ptr };
  private readonly g: WasmF64Array;
  private readonly gam: WasmF64Array;
  private readonly ut: WasmF64Array;

  /** X: n x d data (rows x_i); G: the n blocks G(y_i) (n p^2, row-major p x p each). */
  constructor(X: MatrixLike | ResidentMatrix, G: ArrayLike<number>, p: number, options: LampOperatorOptions = {}) {
    super();
    checkP(p);
    assertOptions(options, "LampOperator");
    const m = dataOf(X);
    const blocks = checkBlocks(G, m.rows, p, "G");
    const diagonal = options.diagonal ?? "identity";
    if (diagonal !== "identity" && diagonal !== "zero") throw new InvalidArgumentError(`LAMP diagonal must be 'identity' or 'zero', got '${diagonal}'`);
    this.samples = m.rows;
    this.dim = m.cols;
    this.p = p;
    this.size = m.rows * p;
    this.diagonal = diagonal;
    const resident = m.resident;
    const own = resident ? null : this.own(m.data, `a ${m.rows} x ${m.cols} data matrix`);
    this.x = { ptr: () => (resident ? resident.ptr : own!.ptr) };
    this.g = this.own(blocks, "the per-sample denoiser blocks G(y_i)");
    this.gam = this.own(m.rows * p, "the LAMP work block Gamma");
    this.ut = this.own(m.cols * p, "the LAMP work block X^T Gamma");
  }

  applyPtr(x: Ptr, y: Ptr): void {
    const { samples: n, dim: d, p, k } = this;
    const threads = threadCount();
    const X = this.x.ptr();
    const gam = this.gam.ptr;
    const row = d * 8;
    k.batched_small_matvec(n, p, this.g.ptr, x, gam);
    // X^T Gamma: a sum over rows (fixed chunks, any thread count gives the same sum); then
    // X U^T and the diagonal term row by row
    withScratch((s) => rowSum(s, threads, n, d * p, this.ut.ptr, (lo, hi, dst) =>
      job.skinny_xtv({ n: hi - lo, d, p, x: X + lo * row, ldx: d, v: gam + lo * p * 8, ldv: p, ut: dst })));
    rowSplit(threads, n, 256, (lo, hi) => job.skinny_xu({ n: hi - lo, d, p, x: X + lo * row, ldx: d, ut: this.ut.ptr, r: y + lo * p * 8, ldr: p }));
    k.lamp_combine(n, d, p, X, d, this.diagonal === "zero" ? 1 : 0, y, gam, y);
    this.applications++;
  }

  /**
   * The LAMP estimate from an eigenvector omega of L: W = X^T mat(G_hat omega), i.e. row j of W is
   * sum_i X_ij G(y_i) omega_i (d x p). Reference section 3.2.
   */
  transfer(omega: ArrayLike<number>): Matrix {
    const v = asVector(omega, "omega");
    if (v.length !== this.size) throw new ShapeError(`omega must have n p = ${this.size} entries, got ${v.length}`);
    assertFinite(v, "omega");
    const { samples: n, dim: d, p, k } = this;
    return withScratch((s) => {
      s.reserve([n * p, n * p, d * p], "the LAMP transfer step");
      const po = s.from(v);
      const pg = s.alloc(n * p);
      const put = s.alloc(d * p);
      k.batched_small_matvec(n, p, this.g.ptr, po.ptr, pg.ptr);
      k.skinny_xtv(n, d, p, this.x.ptr(), d, pg.ptr, p, put.ptr);
      return transposed(put.view(), p, d);
    });
  }
}

export interface TapOperatorOptions {
  /** Multiplies the operator (default 1: the TAP matrix of the reference; d / n gives the classical D). */
  scale?: number;
}

/** The symmetric block operator T = scale sum_i T_i (x) x_i x_i^T on vec(W) = W^T row-major (see the file comment). */
export class TapOperator extends WasmOperator {
  readonly size: number;
  readonly symmetric: boolean;
  readonly samples: number;
  readonly dim: number;
  readonly p: number;
  readonly scale: number;
  private readonly x: { ptr: () => Ptr };
  private readonly t: WasmF64Array;

  /** X: n x d data; blocks: the n matrices T_i (n p^2, row-major p x p each). */
  constructor(X: MatrixLike | ResidentMatrix, blocks: ArrayLike<number>, p: number, options: TapOperatorOptions = {}) {
    super();
    checkP(p);
    assertOptions(options, "TapOperator");
    const m = dataOf(X);
    const t = checkBlocks(blocks, m.rows, p, "blocks");
    const scale = options.scale ?? 1;
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
    const scaled = scale === 1 ? t : t.map((v) => v * scale);
    const resident = m.resident;
    const own = resident ? null : this.own(m.data, `a ${m.rows} x ${m.cols} data matrix`);
    this.x = { ptr: () => (resident ? resident.ptr : own!.ptr) };
    this.t = this.own(scaled, "the per-sample blocks T_i");
  }

  applyPtr(x: Ptr, y: Ptr): void {
    const { samples: n, dim: d, p } = this;
    const X = this.x.ptr();
    // a sum over the rows of X: fixed row chunks on all threads, added in chunk order
    withScratch((s) => rowSum(s, threadCount(), n, d * p, y, (lo, hi, dst) => job.tap_apply({
      n: hi - lo, d, p, x: X + lo * d * 8, ldx: d, t: this.t.ptr + lo * p * p * 8, wt: x, yt: dst, work: perThread(),
    }), { doubles: 4 * p }));
    this.applications++;
  }

  /** The d x p matrix W of a vector in this operator's layout (vec(W) = W^T row-major). */
  toMatrix(vec: ArrayLike<number>): Matrix {
    const v = asVector(vec, "vec");
    if (v.length !== this.size) throw new ShapeError(`vec must have d p = ${this.size} entries, got ${v.length}`);
    return transposed(v, this.p, this.dim);
  }
}

/** The transpose of the rows x cols row-major `a`, as a cols x rows Matrix. */
function transposed(a: Float64Array, rows: number, cols: number): Matrix {
  const out = new Matrix(cols, rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.data[c * rows + r] = a[r * cols + c]!;
  return out;
}

/** vec(W) in the TAP layout (W^T row-major) of a d x p matrix. */
export function tapVector(W: MatrixLike): Float64Array {
  const m = asMatrix(W, "W");
  return transposed(m.data, m.rows, m.cols).data;
}
