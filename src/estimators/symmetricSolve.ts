/**
 * The eigensolver behind the symmetric spectral estimators (TAP, classical; src/estimators/spectral.ts):
 * the top k eigenpairs of M = scale sum_i T_i (x) x_i x_i^T, densely (build M, `eigh`) or by
 * Lanczos (`eigsh`, 'LA') on the implicit TapOperator.
 *
 * Heavy lower tails (issue #13 item 5). The optimal preprocessings T(y) = 1 - 1/E[z^2 | y]
 * (Luo-Alghamdi-Lu 2019; TAP, Maillard et al. 2022) are bounded above by 1 but not below: in
 * noiseless phase retrieval T = 1 - 1/y, and at n = 4000 the smallest y is ~1e-7, so M has
 * eigenvalues near -6e6 while the informative outlier sits at 1, 0.3 above the bulk edge. Lanczos
 * converges at a rate set by gap / spread ~ 5e-8 and stalls (ARPACK fails the same way), so before
 * Lanczos the preprocessing is clipped from below, T_i -> max(T_i, -tau t_ref) (eigenvalue-wise for
 * p x p blocks, i.e. E[z z^T | y] floored at 1 / (1 + tau) for TAP), with t_ref = 1 for TAP and LAL
 * (the sup of T) and max_i T(y_i) for other preprocessings. Why this keeps the estimator:
 * - Lu and Li's (2019) limit theory (reference spectral-estimators.md 6.2) depends on T only through
 *   E[T / (a - T)], E[T lambda / (a - T)], E[T^2 / (a - T)^2] and E[lambda T^2 / (a - T)^2] at
 *   a > sup T; each integrand has a finite limit as T -> -infinity and moves by O(|a| / tau) on the
 *   clipped set, whose probability in phase retrieval is P(y < 1/tau) ~ 0.8 tau^{-1/2}. So the
 *   predicted outlier and bulk edge move by O(tau^{-3/2}) and the overlap by less: at tau = 100 and
 *   alpha = 1.5, 2, 3 the outlier by +1.4e-3, +2.8e-3, +9.4e-3 and the overlap by 2e-5 to 2e-4
 *   (test/estimators/heavyTail.test.ts). Mondelli-Montanari (2018)'s bounded preprocessing
 *   G/(G + sqrt(alpha/alpha_c)) would instead change the estimator itself (a lower overlap).
 * - At finite n the clip raises T, so M_clip >= M (Loewner) and every eigenvalue returned is an upper
 *   bound of the unclipped one (Weyl). Measured at d = 2000 (alpha = 1.5, 2, 3): the top eigenvalue
 *   is raised by 1.4e-3, 2.7e-3, 1.0e-2 (the predicted outlier shift), |cos| >= 0.9998 between the
 *   clipped and dense eigenvectors, the overlap with W* equal to 3e-4; 1000, 500, 300 applications
 *   where the unclipped Lanczos stopped unconverged after 10^4.
 * - A shift does nothing for Krylov methods (they are shift invariant), and a Chebyshev filter or a
 *   shift-invert transformation would still need ~sqrt(spread / gap) applications or inner solves
 *   with an indefinite matrix of norm 6e6.
 * The estimate records the clip (`clip`), and `clip: false` turns it off. Should Lanczos still fail
 * (alpha very close to alpha_c), sizes the dense solver takes are solved densely on the unclipped
 * matrix, and `fallback` says why.
 */
import { ConvergenceError, InvalidArgumentError } from "../errors.js";
import { eigh } from "../linalg/eigh.js";
import { eigsh } from "../linalg/eigsh.js";
import { matmul } from "../linalg/blas.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import type { Seed } from "../random/rng.js";
import { ResidentMatrix, TapOperator } from "../linalg/tapOperator.js";

export type SymmetricSolver = "auto" | "lanczos" | "dense";

export interface SymmetricSolveOptions {
  solver?: SymmetricSolver;
  /**
   * Lanczos only: clip the preprocessing at -clip times its largest value (see the file comment).
   * Default 100; `false` for none. Not applied by the dense solver, which needs no transformation.
   */
  clip?: number | false;
  tol?: number;
  maxIter?: number;
  ncv?: number;
  seed?: Seed;
}

/** What was done to reach the top of a heavy-tailed spectrum (null fields: nothing). */
export interface SolveReport {
  readonly solver: "dense" | "lanczos";
  /** The clip applied before Lanczos: T >= lower (T scale, before `scale`), on `samples` samples. */
  readonly clip: { readonly lower: number; readonly samples: number } | null;
  /** Why the dense solver was used after Lanczos failed (absent otherwise). */
  readonly fallback?: string;
}

export interface SymmetricSolution extends SolveReport {
  readonly values: Float64Array;
  readonly vectors: Matrix;
  readonly applications: number;
}

/** The per-sample blocks and a way to clip them at -tau t_ref (null when nothing is below). */
export interface Preprocessed {
  readonly blocks: Float64Array;
  clip(tau: number): { blocks: Float64Array; lower: number; samples: number } | null;
}

/**
 * Clipping of scalar T(y_i) (p = 1) at -tau t_ref, t_ref = `ref` (1, the sup of the LAL
 * preprocessing) or by default max_i T(y_i) (no clip when that is <= 0).
 */
export function scalarPreprocessed(t: Float64Array, ref?: number): Preprocessed {
  return {
    blocks: t,
    clip(tau) {
      let top = -Infinity;
      for (const v of t) top = Math.max(top, v);
      // no positive T: no outlier above the bulk to reach, and no scale to clip relative to
      if (ref === undefined && !(top > 0)) return null;
      const lower = -tau * (ref ?? top);
      let samples = 0;
      const out = t.map((v) => (v < lower ? (samples++, lower) : v));
      return samples > 0 ? { blocks: out, lower, samples } : null;
    },
  };
}

/** Largest size the dense solver takes: a 6000 x 6000 eigh is about a minute. */
const DENSE_MAX_SIZE = 6000;
/**
 * "auto" solves densely up to this size: a dense build and eigh of a 1500 x 1500 matrix take well
 * under a second, while Lanczos on a heavy-tailed T can need thousands of applications.
 */
const DENSE_AUTO_SIZE = 1500;
const DEFAULT_CLIP = 100;

export function checkK(k: number, size: number, who: string): void {
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > size) throw new InvalidArgumentError(`${who}: k must be an integer in [1, ${size}], got ${String(k)}`);
}

/** Dense (d p) x (d p) matrix of sum_i T_i (x) x_i x_i^T * scale in the TAP layout (index mu d + j). */
function denseBlockMatrix(X: Matrix, blocks: Float64Array, p: number, scale: number): Matrix {
  const { rows: n, cols: d } = X;
  const size = d * p;
  const out = new Matrix(size, size);
  const DX = new Matrix(n, d);
  for (let mu = 0; mu < p; mu++) {
    for (let nu = mu; nu < p; nu++) {
      for (let i = 0; i < n; i++) {
        const t = scale * blocks[i * p * p + mu * p + nu]!;
        for (let j = 0; j < d; j++) DX.data[i * d + j] = t * X.data[i * d + j]!;
      }
      const B = matmul(X, DX, { transA: true }); // X^T diag(t) X
      for (let j = 0; j < d; j++) for (let l = 0; l < d; l++) {
        const v = B.data[j * d + l]!;
        out.data[(mu * d + j) * size + nu * d + l] = v;
        out.data[(nu * d + l) * size + mu * d + j] = v;
      }
    }
  }
  return out;
}

/** Columns of an ascending (size x k) eigenvector block reversed into descending order. */
function descending(values: Float64Array, vectors: Matrix, k: number): { values: Float64Array; vectors: Matrix } {
  const size = vectors.rows;
  const out = new Matrix(size, k);
  for (let i = 0; i < size; i++) for (let j = 0; j < k; j++) out.data[i * k + j] = vectors.data[i * k + (k - 1 - j)]!;
  return { values: Float64Array.from({ length: k }, (_, j) => values[k - 1 - j]!), vectors: out };
}

function denseSolve(who: string, X: MatrixLike | ResidentMatrix, blocks: Float64Array, p: number, scale: number, k: number) {
  if (X instanceof ResidentMatrix) throw new InvalidArgumentError(`${who}: the dense solver needs X as a Matrix, not a ResidentMatrix`);
  const m = asMatrix(X, "X");
  const size = m.cols * p;
  if (size > DENSE_MAX_SIZE) throw new InvalidArgumentError(`${who}: the dense solver is for d p <= ${DENSE_MAX_SIZE}, got ${size}; use solver 'lanczos'`);
  checkK(k, size, who);
  const r = eigh(denseBlockMatrix(m, blocks, p, scale), { range: { lo: size - k, hi: size - 1 }, check: false });
  return descending(r.values, r.vectors!, k);
}

function lanczosSolve(X: MatrixLike | ResidentMatrix, blocks: Float64Array, p: number, scale: number, options: SymmetricSolveOptions, k: number, who: string) {
  const op = new TapOperator(X, blocks, p, { scale });
  try {
    checkK(k, op.size, who);
    // The residual test is relative to an estimate of ||A||; rescaled by the bound ||A|| <= scale
    // max_i ||T_i|| p ||X||^2, ||X|| ~ 1 + sqrt(n/d), so that the residual reaches `tol` on the
    // outliers' scale ~1 however far the clipped tail reaches.
    let maxBlock = 0;
    for (const v of blocks) maxBlock = Math.max(maxBlock, Math.abs(v));
    const norm = Math.abs(scale) * maxBlock * p * (1 + Math.sqrt(op.samples / op.dim)) ** 2;
    const tol = Math.max((options.tol ?? 1e-9) / Math.max(norm, 1), 1e-14);
    const r = eigsh(op, k, {
      which: "LA",
      tol,
      maxIter: options.maxIter ?? 1000,
      ...(options.ncv !== undefined ? { ncv: options.ncv } : {}),
      seed: options.seed ?? 0,
    });
    return { ...descending(r.values, r.vectors, k), applications: r.applications };
  } finally {
    op.dispose();
  }
}

/** Top-k eigenpairs of scale sum_i T_i (x) x_i x_i^T (see the file comment for the solver choice). */
export function symmetricSolve(who: string, X: MatrixLike | ResidentMatrix, pre: Preprocessed, p: number, scale: number, options: SymmetricSolveOptions, k: number): SymmetricSolution {
  const requested = options.solver ?? "auto";
  if (requested !== "auto" && requested !== "lanczos" && requested !== "dense") throw new InvalidArgumentError(`${who}: solver must be 'auto', 'lanczos' or 'dense', got '${String(requested)}'`);
  const tau = options.clip ?? DEFAULT_CLIP;
  if (tau !== false && (typeof tau !== "number" || !(tau > 0) || !Number.isFinite(tau))) throw new InvalidArgumentError(`${who}: clip must be a finite number > 0 or false, got ${String(tau)}`);
  const resident = X instanceof ResidentMatrix;
  const dim = resident ? X.cols : asMatrix(X, "X").cols;
  const size = dim * p;
  const solver = requested === "auto" ? (size <= DENSE_AUTO_SIZE && !resident ? "dense" : "lanczos") : requested;
  if (solver === "dense") return { ...denseSolve(who, X, pre.blocks, p, scale, k), applications: 0, solver, clip: null };
  const clipped = tau === false ? null : pre.clip(tau);
  try {
    const r = lanczosSolve(X, clipped ? clipped.blocks : pre.blocks, p, scale, options, k, who);
    return { ...r, solver, clip: clipped && { lower: clipped.lower, samples: clipped.samples } };
  } catch (e) {
    if (!(e instanceof ConvergenceError) || requested !== "auto" || resident || size > DENSE_MAX_SIZE) {
      if (e instanceof ConvergenceError) {
        throw new ConvergenceError(`${who}: ${e.message}${clipped ? ` (after clipping T at ${clipped.lower.toPrecision(3)} on ${clipped.samples} samples)` : ""}; try solver 'dense' (d p <= ${DENSE_MAX_SIZE}), a larger maxIter or a smaller clip`, e.iterations, e.residual, e.partial);
      }
      throw e;
    }
    const r = denseSolve(who, X, pre.blocks, p, scale, k);
    return { ...r, applications: 0, solver: "dense", clip: null, fallback: `Lanczos did not converge (${e.message})` };
  }
}
