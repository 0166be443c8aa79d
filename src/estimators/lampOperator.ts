/**
 * The LAMP spectral-estimator matrix as a WASM-resident operator (reference spectral-estimators.md
 * section 3.2), applied without forming it, O(n d p) per application: the asymmetric np x np matrix
 * L = (I_p (x) (X X^T - I_n)) G_hat, with G_hat = blockdiag_i G(y_i):
 * L vec(Omega) = vec(X (X^T Gamma) - Gamma), Gamma_i = G(y_i) omega_i. Its symmetric companion, the
 * TAP operator, is linalg/tapOperator.ts (TapOperator, ResidentMatrix and tapVector are re-exported
 * by estimators/index.ts).
 *
 * Vector layout: a LAMP vector is Omega (n x p) row-major, entry (i, mu) at i p + mu (a permutation
 * of the reference's column-major vec, so the spectrum is the same).
 *
 * Kernels: assembly/estimators.ts (skinny_xtv, skinny_xu: X streamed once per product, f64x2) and
 * assembly/rowwise.ts (batched_small_matvec: one p x p block per sample).
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import type { Matrix, MatrixLike } from "../matrix.js";
import { WasmOperator } from "../linalg/linearOperators.js";
import { checkBlocks, checkP, dataOf, transposed, type ResidentMatrix } from "../linalg/tapOperator.js";
import { assertFinite, assertOptions, asVector } from "../validate.js";
import type { Ptr } from "../wasm/exports.js";
import { WasmF64Array, withScratch } from "../wasm/memory.js";
import { rowSplit, rowSum } from "../threads/drivers.js";
import { job } from "../threads/protocol.js";
import { threadCount } from "../threads/pool.js";

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

  protected applyAt(x: Ptr, y: Ptr): void {
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
