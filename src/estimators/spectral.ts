/**
 * Spectral estimators of the planted subspace of an index model (reference
 * spectral-estimators.md sections 3 and 9):
 *
 * - `tapEstimator`: the symmetric TAP matrix T = sum_i T(y_i) (x) x_i x_i^T, T(y) = G (I + G)^{-1}
 *   (or T_gamma = G (gamma I + G)^{-1} with `gamma`), top eigenpairs by Lanczos (`eigsh`, 'LA') on
 *   the implicit operator, or by a dense build and `eigh` for small d p; W_T = mat(w_1).
 * - `lampEstimator`: the asymmetric LAMP matrix L = (I_p (x) (X X^T - I_n)) G_hat, the eigenvalues
 *   of largest real part by Krylov-Schur Arnoldi (`eigs`, 'LR') on the implicit operator, or by a
 *   dense build and `eig` for small n p; W_L = X^T mat(G_hat omega_1).
 * - `classicalEstimator`: the single-index matrices D = (1/n) sum_i T(y_i) a_i a_i^T, a_i = sqrt(d)
 *   x_i, with the Luo-Alghamdi-Lu preprocessing T = G/(1 + G), Mondelli-Montanari's
 *   T = G/(G + sqrt(alpha/alpha_c)), the raw T = y, or a user function.
 *
 * The symmetric solves are in symmetricSolve.ts: before Lanczos a heavy lower tail of T(y) (phase
 * retrieval's 1 - 1/y) is clipped at -100 so that the top outlier stays reachable, which moves the
 * estimate by O(tau^{-3/2}) in the limit; the estimate's `solver`, `clip` and `fallback` say what
 * was done.
 *
 * Every estimate is normalised to ||W||_F^2 = d (the overlaps do not depend on the scale). For a
 * degenerate top eigenspace a single eigenvector carries part of the subspace only (reference
 * pitfall 2): `subspace(count)` stacks the estimates of the top `count` eigenvectors and
 * orthonormalises them.
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { eig } from "../linalg/eig.js";
import { eigs } from "../linalg/eigs.js";
import { matmul } from "../linalg/blas.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import type { Seed } from "../random/rng.js";
import { Denoiser, type DenoiserOptions } from "./denoiser.js";
import type { IndexLink } from "./links.js";
import { LampOperator } from "./lampOperator.js";
import { ResidentMatrix } from "../linalg/tapOperator.js";
import { checkK, scalarPreprocessed, symmetricSolve, type Preprocessed, type SolveReport, type SymmetricSolution, type SymmetricSolver } from "./symmetricSolve.js";
import { assertOptions, asVector } from "../validate.js";
import { orthonormalColumns } from "./overlap.js";
import { populationConstants } from "./population.js";

/** Data for an estimator: X (n x d, rows x_i) and labels y; an IndexModelSample fits. */
export interface SpectralData {
  readonly X: MatrixLike | ResidentMatrix;
  readonly y: ArrayLike<number>;
  /** The model's link (used when no `link` or `denoiser` option is given). */
  readonly link?: IndexLink;
}

export interface EstimatorOptions {
  /** The link (default: data.link). */
  link?: IndexLink;
  /** A prepared denoiser (default: one built from the link with `denoiserOptions`). */
  denoiser?: Denoiser;
  denoiserOptions?: DenoiserOptions;
  /**
   * Number of eigenpairs computed. Default p (the outliers of the jointly diagonal library links:
   * one per index for TAP, the top F-eigenspace for LAMP); 1 for the classical matrices. Asking for
   * eigenvalues inside the bulk makes the iterative solvers much slower.
   */
  k?: number;
  /** Eigensolver residual tolerance (relative). Default 1e-9. */
  tol?: number;
  /** Eigensolver restarts. Default 1000. */
  maxIter?: number;
  /** Krylov basis size (default: the solver's). */
  ncv?: number;
  /** Start-vector seed. Default 0. */
  seed?: Seed;
}

interface Resolved {
  den: Denoiser;
  X: MatrixLike | ResidentMatrix;
  y: Float64Array;
  n: number;
  d: number;
  p: number;
}

function resolve(data: SpectralData, options: EstimatorOptions, who: string): Resolved {
  assertOptions(options, who);
  if (options.denoiserOptions !== undefined) assertOptions(options.denoiserOptions, `${who}: denoiserOptions`);
  if (options.tol !== undefined && (typeof options.tol !== "number" || !(options.tol > 0) || !Number.isFinite(options.tol))) {
    throw new InvalidArgumentError(`${who}: tol must be a finite number > 0, got ${String(options.tol)}`);
  }
  if (data === null || typeof data !== "object" || data.X === undefined || data.y === undefined) {
    throw new InvalidArgumentError(`${who}: data must be { X, y } (an IndexModelSample fits)`);
  }
  const X = data.X;
  const [n, d] = X instanceof ResidentMatrix ? [X.rows, X.cols] : (() => {
    const m = asMatrix(X as MatrixLike, "X");
    return [m.rows, m.cols];
  })();
  const y = Float64Array.from(data.y);
  if (y.length !== n) throw new ShapeError(`${who}: X has ${n} rows but y has ${y.length} labels`);
  let den = options.denoiser;
  const link = options.link ?? data.link;
  if (den) {
    if (!(den instanceof Denoiser)) throw new InvalidArgumentError(`${who}: the denoiser option must be a Denoiser`);
    if (link && link.p !== den.p) throw new ShapeError(`${who}: the denoiser is for p = ${den.p} indices but the link '${link.name}' has p = ${link.p}`);
  } else {
    if (!link) throw new InvalidArgumentError(`${who}: give the link (options.link or data.link) or a denoiser`);
    den = new Denoiser(link, options.denoiserOptions ?? {});
  }
  return { den, X, y, n, d, p: den.p };
}

/** W scaled to ||W||_F^2 = d (its rows). */
function normalised(W: Matrix): Matrix {
  let s = 0;
  for (const v of W.data) s += v * v;
  if (s > 0) {
    const c = Math.sqrt(W.rows / s);
    for (let i = 0; i < W.data.length; i++) W.data[i]! *= c;
  }
  return W;
}

/** Horizontally stacked estimates, orthonormalised (d x r). */
function stack(estimates: readonly Matrix[], count: number, who: string): Matrix {
  if (!Number.isInteger(count) || count < 1 || count > estimates.length) {
    throw new InvalidArgumentError(`${who}: count must be an integer in [1, ${estimates.length}] (the eigenpairs computed), got ${count}`);
  }
  const d = estimates[0]!.rows;
  const cols = estimates.slice(0, count).reduce((s, W) => s + W.cols, 0);
  const all = new Matrix(d, cols);
  let c0 = 0;
  for (const W of estimates.slice(0, count)) {
    for (let i = 0; i < d; i++) for (let c = 0; c < W.cols; c++) all.data[i * cols + c0 + c] = W.data[i * W.cols + c]!;
    c0 += W.cols;
  }
  return orthonormalColumns(all, 1e-6);
}

// ---------------------------------------------------------------- symmetric (TAP, classical)

export interface SymmetricEstimate extends SolveReport {
  readonly method: "tap" | "classical";
  /** The k top eigenvalues, descending. */
  readonly values: Float64Array;
  /** The matching unit eigenvectors (size x k, in the operator's layout: vec(W) = W^T row-major). */
  readonly vectors: Matrix;
  /** The estimate from the top eigenvector, d x p (TAP) or d x 1 (classical), ||W||_F^2 = d. */
  readonly estimate: Matrix;
  /** One estimate per eigenvector, in the order of `values`. */
  readonly estimates: readonly Matrix[];
  /** Operator applications (0 for a dense solve). */
  readonly applications: number;
  /** Orthonormal basis of the span of the top `count` estimates (for degenerate eigenvalues). */
  subspace(count: number): Matrix;
}

export interface TapOptions extends EstimatorOptions {
  /**
   * "lanczos": eigsh on the implicit operator; "dense": build T and use eigh (d p <= 6000); "auto"
   * (default): dense for d p <= 1500, else Lanczos (and dense if Lanczos fails at d p <= 6000).
   */
  solver?: SymmetricSolver;
  /**
   * Lanczos only: T is clipped at -clip before Lanczos, so that a heavy lower tail (phase
   * retrieval's T = 1 - 1/y) keeps the top outlier reachable; default 100, `false` for none. See
   * src/estimators/symmetricSolve.ts for why the estimate is unchanged in the limit; the estimate's
   * `clip` field says what was done.
   */
  clip?: number | false;
  /** Shift gamma of T_gamma = G (gamma I + G)^{-1}; default 1 (TAP). */
  gamma?: number;
  /** Floor for the eigenvalues of E[z z^T | y] (see Denoiser.T); default none (singular is an error). */
  floor?: number;
}

function symmetricEstimate(method: "tap" | "classical", solved: SymmetricSolution, d: number, p: number): SymmetricEstimate {
  const { values, vectors } = solved;
  const k = values.length;
  const estimates: Matrix[] = [];
  for (let j = 0; j < k; j++) {
    const W = new Matrix(d, p);
    for (let mu = 0; mu < p; mu++) for (let i = 0; i < d; i++) W.data[i * p + mu] = vectors.data[(mu * d + i) * k + j]!;
    estimates.push(normalised(W));
  }
  return {
    method,
    values,
    vectors,
    estimate: estimates[0]!,
    estimates,
    applications: solved.applications,
    solver: solved.solver,
    clip: solved.clip,
    ...(solved.fallback !== undefined ? { fallback: solved.fallback } : {}),
    subspace: (count: number) => stack(estimates, count, `${method}Estimator.subspace`),
  };
}

/**
 * The TAP spectral estimator (see the file comment): top-k eigenpairs of T = sum_i T(y_i) (x) x_i x_i^T.
 * Throws InvalidArgumentError where E[z z^T | y_i] is singular (T undefined), unless `floor`.
 * With Lanczos the eigenvalues of T_i are clipped at -`clip` (default 100; E[z z^T | y_i] floored at
 * 1/(1 + clip)): the values returned are then upper bounds of the unclipped ones (`clip` in the
 * estimate; symmetricSolve.ts). Cost: O(n d p) per Lanczos step (4 n d p flops), O(n d^2 p^2 +
 * (d p)^3) dense.
 */
export function tapEstimator(data: SpectralData, options: TapOptions = {}): SymmetricEstimate {
  const r = resolve(data, options, "tapEstimator");
  const gamma = options.gamma ?? 1;
  const floor = options.floor;
  const blocks = r.den.T(r.y, { gamma, ...(floor !== undefined ? { floor } : {}) });
  const k = options.k ?? r.p;
  checkK(k, r.d * r.p, "tapEstimator");
  const pre: Preprocessed = r.p === 1 ? scalarPreprocessed(blocks, 1) : {
    blocks,
    // T = I - gamma (E + (gamma - 1) I)^{-1} >= -tau  <=>  E >= gamma / (1 + tau) + 1 - gamma, so the
    // clip is the denoiser's eigenvalue floor on E[z z^T | y] (both bound T's eigenvalues, sup T = 1)
    clip(tau) {
      const eFloor = gamma / (1 + tau) + 1 - gamma;
      if (!(eFloor > 0) || (floor !== undefined && floor >= eFloor)) return null;
      const out = r.den.T(r.y, { gamma, floor: eFloor });
      const pp = r.p * r.p;
      let samples = 0;
      for (let i = 0; i < r.n; i++) {
        for (let a = 0; a < pp; a++) if (Math.abs(out[i * pp + a]! - blocks[i * pp + a]!) > 1e-9 * (1 + Math.abs(blocks[i * pp + a]!))) { samples++; break; }
      }
      return samples > 0 ? { blocks: out, lower: -tau, samples } : null;
    },
  };
  return symmetricEstimate("tap", symmetricSolve("tapEstimator", r.X, pre, r.p, 1, options, k), r.d, r.p);
}

export type Preprocessing = "lal" | "mm" | "raw" | ((y: number) => number);

export interface ClassicalOptions extends EstimatorOptions {
  /**
   * T(y): "lal" (default) G/(1 + G) (Luo-Alghamdi-Lu 2019, overlap-optimal); "mm" G/(G +
   * sqrt(alpha/alpha_c)) (Mondelli-Montanari 2018, threshold-optimal; needs alpha > alpha_c); "raw"
   * T = y; or a function of y. "lal" and "mm" use the scalar G of a single-index link (p = 1).
   */
  preprocessing?: Preprocessing;
  /** alpha_c for "mm" (default: from the link's population constants). */
  alphaC?: number;
  /** As for tapEstimator. */
  solver?: SymmetricSolver;
  /** As for tapEstimator (on the T(y) scale: clipped at -clip max(max_i T(y_i)); 1 for 'lal'). */
  clip?: number | false;
}

/**
 * A classical single-index spectral estimator: the top-k eigenpairs of D = (1/n) sum_i T(y_i) a_i
 * a_i^T = (d/n) X^T diag(T(y)) X (a_i = sqrt(d) x_i; reference section 3.4). The estimate is d x 1.
 */
export function classicalEstimator(data: SpectralData, options: ClassicalOptions = {}): SymmetricEstimate {
  const r = resolve(data, options, "classicalEstimator");
  const pre = options.preprocessing ?? "lal";
  const t = new Float64Array(r.n);
  if (typeof pre === "function") {
    for (let i = 0; i < r.n; i++) t[i] = pre(r.y[i]!);
  } else if (pre === "raw") {
    t.set(r.y);
  } else if (pre === "lal" || pre === "mm") {
    if (r.p !== 1) throw new ShapeError(`classicalEstimator: the '${pre}' preprocessing needs a single-index link (p = 1), got p = ${r.p}; use tapEstimator`);
    const G = r.den.G(r.y);
    if (pre === "lal") {
      for (let i = 0; i < r.n; i++) {
        if (!(G[i]! > -1)) throw new InvalidArgumentError(`classicalEstimator: E[z^2 | y] = ${G[i]! + 1} <= 0 at label ${i} (y = ${r.y[i]}): G/(1 + G) is undefined`);
        t[i] = G[i]! / (1 + G[i]!);
      }
    } else {
      const alpha = r.n / r.d;
      const alphaC = options.alphaC ?? populationConstants(r.den).alphaC;
      if (!(alphaC > 0) || !Number.isFinite(alphaC)) throw new InvalidArgumentError(`classicalEstimator: 'mm' needs a finite alpha_c > 0, got ${alphaC}`);
      if (!(alpha > alphaC)) throw new InvalidArgumentError(`classicalEstimator: 'mm' needs alpha = n/d > alpha_c (G/(G + sqrt(alpha/alpha_c)) has a pole otherwise), got alpha = ${alpha}, alpha_c = ${alphaC}`);
      const c = Math.sqrt(alpha / alphaC);
      for (let i = 0; i < r.n; i++) t[i] = G[i]! / (G[i]! + c);
    }
  } else {
    throw new InvalidArgumentError(`classicalEstimator: preprocessing must be 'lal', 'mm', 'raw' or a function, got '${String(pre)}'`);
  }
  for (let i = 0; i < r.n; i++) if (!Number.isFinite(t[i]!)) throw new InvalidArgumentError(`classicalEstimator: the preprocessing gave ${t[i]} at label ${i} (y = ${r.y[i]})`);
  const k = options.k ?? 1;
  checkK(k, r.d, "classicalEstimator");
  return symmetricEstimate("classical", symmetricSolve("classicalEstimator", r.X, scalarPreprocessed(t, pre === "lal" ? 1 : undefined), 1, r.d / r.n, options, k), r.d, 1);
}

// ---------------------------------------------------------------- asymmetric (LAMP)

export interface LampEstimate {
  /** The k eigenvalues of largest real part, by descending real part (conjugate pairs adjacent). */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** The unit eigenvectors (n p x k, Omega row-major), real and imaginary parts. */
  readonly vectors: { readonly re: Matrix; readonly im: Matrix };
  /** W_L = X^T mat(G_hat omega_1) from the top eigenvector (real part), ||W||_F^2 = d. */
  readonly estimate: Matrix;
  /** One estimate per eigenvector (real part of omega), in the order of `re`. */
  readonly estimates: readonly Matrix[];
  readonly applications: number;
  /** Orthonormal basis of the span of the top `count` estimates. */
  subspace(count: number): Matrix;
}

export interface LampOptions extends EstimatorOptions {
  /** "arnoldi" (default): eigs on the implicit operator; "dense": build L and use eig (n p <= 3000). */
  solver?: "arnoldi" | "dense";
  /** "identity" (default) X X^T - I_n, or "zero" (X X^T with a zero diagonal); see LampOperator. */
  diagonal?: "identity" | "zero";
  /**
   * Arnoldi only: eigs' verification of a converged set (default true; src/linalg/eigs.ts). A sweep
   * that measures the p outliers and the rightmost bulk value to its statistical resolution sets
   * false (issue #21).
   */
  confirm?: boolean;
}

/** Dense L (n p x n p, Omega row-major): L[(i mu), (j nu)] = (X X^T - I)_ij G_mu nu(y_j) (for small n p: validation, pictures). */
export function denseLamp(X: Matrix, G: Float64Array, p: number, diagonal: "identity" | "zero"): Matrix {
  X = asMatrix(X, "X");
  G = asVector(G, "G");
  const n = X.rows;
  if (!Number.isInteger(p) || p < 1) throw new InvalidArgumentError(`denseLamp: p must be a positive integer, got ${String(p)}`);
  if (G.length !== n * p * p) throw new ShapeError(`denseLamp: G must hold n p^2 = ${n * p * p} entries, got ${G.length}`);
  if (diagonal !== "identity" && diagonal !== "zero") throw new InvalidArgumentError(`denseLamp: diagonal must be 'identity' or 'zero', got '${String(diagonal)}'`);
  const K = matmul(X, X, { transB: true });
  const size = n * p;
  const L = new Matrix(size, size);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const kij = i === j ? (diagonal === "identity" ? K.data[i * n + j]! - 1 : 0) : K.data[i * n + j]!;
    for (let mu = 0; mu < p; mu++) for (let nu = 0; nu < p; nu++) L.data[(i * p + mu) * size + j * p + nu] = kij * G[j * p * p + mu * p + nu]!;
  }
  return L;
}

/**
 * The LAMP spectral estimator (see the file comment): the k eigenvalues of largest real part of L
 * and W_L = X^T mat(G_hat omega) for each. Cost: 4 n d p flops per Arnoldi step; O((n p)^3) dense.
 */
export function lampEstimator(data: SpectralData, options: LampOptions = {}): LampEstimate {
  const r = resolve(data, options, "lampEstimator");
  const G = r.den.G(r.y);
  const k = options.k ?? r.p;
  const solver = options.solver ?? "arnoldi";
  if (solver !== "arnoldi" && solver !== "dense") throw new InvalidArgumentError(`lampEstimator: solver must be 'arnoldi' or 'dense', got '${solver}'`);
  if (options.confirm !== undefined && typeof options.confirm !== "boolean") throw new InvalidArgumentError(`lampEstimator: confirm must be a boolean, got ${typeof options.confirm}`);
  const op = new LampOperator(r.X, G, r.p, { diagonal: options.diagonal ?? "identity" });
  try {
    checkK(k, op.size, "lampEstimator");
    let re: Float64Array;
    let im: Float64Array;
    let vre: Matrix;
    let vim: Matrix;
    let applications = 0;
    if (solver === "dense") {
      if (r.X instanceof ResidentMatrix) throw new InvalidArgumentError("lampEstimator: the dense solver needs X as a Matrix, not a ResidentMatrix");
      if (op.size > 3000) throw new InvalidArgumentError(`lampEstimator: the dense solver is for n p <= 3000, got ${op.size}; use solver 'arnoldi'`);
      const all = eig(denseLamp(asMatrix(r.X, "X"), G, r.p, op.diagonal), { vectors: true });
      const order = Array.from(all.re, (_, i) => i).sort((a, b) => all.re[b]! - all.re[a]! || all.im[b]! - all.im[a]!).slice(0, k);
      re = Float64Array.from(order, (i) => all.re[i]!);
      im = Float64Array.from(order, (i) => all.im[i]!);
      vre = new Matrix(op.size, k);
      vim = new Matrix(op.size, k);
      const n2 = all.vectors!.re.cols;
      order.forEach((c, j) => {
        for (let i = 0; i < op.size; i++) {
          vre.data[i * k + j] = all.vectors!.re.data[i * n2 + c]!;
          vim.data[i * k + j] = all.vectors!.im.data[i * n2 + c]!;
        }
      });
    } else {
      const res = eigs(op, k, {
        which: "LR",
        tol: options.tol ?? 1e-9,
        maxIter: options.maxIter ?? 1000,
        ...(options.ncv !== undefined ? { ncv: options.ncv } : {}),
        ...(options.confirm !== undefined ? { confirm: options.confirm } : {}),
        seed: options.seed ?? 0,
      });
      re = res.re;
      im = res.im;
      vre = res.vectors.re;
      vim = res.vectors.im;
      applications = res.applications;
    }
    const estimates: Matrix[] = [];
    for (let j = 0; j < k; j++) estimates.push(normalised(op.transfer(vre.column(j))));
    return {
      re,
      im,
      vectors: { re: vre, im: vim },
      estimate: estimates[0]!,
      estimates,
      applications,
      subspace: (count: number) => stack(estimates, count, "lampEstimator.subspace"),
    };
  } finally {
    op.dispose();
  }
}
