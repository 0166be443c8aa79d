/**
 * Bayes-optimal multi-index GAMP on data: the committee-machine AMP of Aubin, Maillard, Barbier,
 * Krzakala, Macris and Zdeborova 2018 ("The committee machine: computational to statistical gaps
 * in learning a two-layers neural network", NeurIPS, Algorithm 1 / eqs. (9)-(10)), as used by
 * Troiani et al. 2024 ("Fundamental limits of weak learnability in high-dimensional multi-index
 * models", section 3). Conventions (../model.ts): rows x_mu ~ N(0, I_d / d), rows w*_i ~ N(0, I_p)
 * (the Gaussian prior), y_mu = g(W*^T x_mu) (+ noise), n = alpha d. Iteration t:
 *
 *   V       = C_t                                   (p x p; sum_i X_mu,i^2 C_i with |x_mu|^2 ~ 1)
 *   omega   = X W_t - g_out^{t-1} V                 (n x p; the Onsager term)
 *   g_out, dg_out from ./gout.ts at (omega_mu, V, y_mu)
 *   A       = -(1/d) sum_mu dg_out_mu               (p x p; sum_mu X_mu,i^2 (-dg_out_mu))
 *   B       = X^T g_out + W_t A                     (d x p)
 *   C_{t+1} = (I + A)^{-1},  W_{t+1} = B (I + A)^{-1}   (the N(0, I_p) prior's denoiser)
 *
 * A is symmetrised and its eigenvalues floored at 0, C's at `varianceFloor` (stability). Damping
 * (Rangan, Schniter, Fletcher, Sarkar 2019, "On the convergence of approximate message passing
 * with arbitrary matrices", IEEE Trans. IT, section V) mixes the output messages g_out and the
 * estimates W, C with their previous values, x <- (1 - damping) x_new + damping x_old: without it
 * GAMP for z1 z2 oscillates with period 2 along (1, +-1) and diverges at alpha >= 2.5 (measured at
 * d = 1000: self-overlap 3.5 after 7 iterations at alpha = 2.5); damping 0.3 converges there. With W* given, M_t = W_t^T W* / d is
 * recorded: on the Nishimori line it tracks the state evolution's Q_t (./stateEvolution.ts). The
 * two n x d x p products per iteration run in WASM on X copied into WASM memory once
 * (ResidentMatrix; copying it per product cost ~60 ms at n = 8000, d = 2000): a DGEMV for p = 1,
 * the threaded one-pass skinny kernels for p >= 2 (see residentProduct).
 */
import { ConvergenceError, InvalidArgumentError, ShapeError } from "../../errors.js";
import { asMatrix, Matrix, type MatrixLike } from "../../matrix.js";
import { ResidentMatrix, transposed } from "../../linalg/tapOperator.js";
import { rowSplit, rowSum } from "../../threads/drivers.js";
import { threadsFor } from "../../threads/pool.js";
import { job } from "../../threads/protocol.js";
import { NO_TRANS, TRANS } from "../../wasm/exports.js";
import { withScratch } from "../../wasm/memory.js";
import { Rng, type Seed } from "../../random/rng.js";
import { assertFiniteMatrix, assertOptions } from "../../validate.js";
import type { IndexLink } from "../links.js";
import { tapEstimator, lampEstimator } from "../spectral.js";
import { gOut, outputChannel, type GOutOptions, type OutputChannel } from "./gout.js";
import { eye, spectralMap } from "./small.js";

/** |W|_F^2 / d above this times p is a runaway estimate (a posterior mean of N(0, I_p) rows stays near p). */
const RUNAWAY_NORM = 4;

export interface GampData {
  readonly X: MatrixLike;
  readonly y: ArrayLike<number>;
  readonly link?: IndexLink;
  /** The planted W* (d x p), to record the overlaps M_t. */
  readonly W?: MatrixLike;
}

export interface GampOptions {
  link?: IndexLink;
  channel?: OutputChannel;
  gout?: GOutOptions;
  /** "random" (default): W_0 rows ~ N(0, 1e-2 I) (overlap ~ d^{-1/2}), C_0 = I; "informed": W_0 = W*
   * (needs data.W), C_0 = 1e-4 I; "tap"/"lamp": the spectral estimate scaled to overlap `initOverlap`;
   * or a d x p matrix (C_0 = I - W_0^T W_0 / d floored). */
  init?: "random" | "informed" | "tap" | "lamp" | MatrixLike;
  /** Self-overlap given to a spectral start. Default 0.1. */
  initOverlap?: number;
  iterations?: number;
  /** Stop when ||W_{t+1} - W_t||_F^2 / d < tol. Default 1e-8. */
  tol?: number;
  damping?: number;
  varianceFloor?: number;
  seed?: Seed;
  threads?: number;
}

export interface GampResult {
  /** The estimate W (d x p): the posterior mean of W* under the AMP approximation. */
  readonly estimate: Matrix;
  /** Its posterior covariance per row C (p x p). */
  readonly C: Float64Array;
  /** M_t = W_t^T W* / d for t = 0..iterations (when W* is given), p x p row-major each. */
  readonly overlaps: Float64Array[];
  /** W_t^T W_t / d per iteration (the self-overlap, = M_t on the Nishimori line). */
  readonly selfOverlaps: Float64Array[];
  readonly iterations: number;
  readonly converged: boolean;
}

function transposeProduct(A: Matrix, B: Matrix, scale: number): Float64Array {
  const p = A.cols, q = B.cols;
  const out = new Float64Array(p * q);
  for (let i = 0; i < A.rows; i++) for (let a = 0; a < p; a++) {
    const v = A.data[i * p + a]!;
    for (let b = 0; b < q; b++) out[a * q + b]! += v * B.data[i * q + b]!;
  }
  return out.map((v) => v * scale);
}

/**
 * C = op(X) B with X (n x d) resident in WASM: X B (n x p) or X^T B (d x p). For p >= 2 through
 * the one-pass skinny kernels that stream X once for all p columns (assembly/estimators.ts, as the
 * LAMP operator does): X B by row blocks on `threads` threads (rows independent), X^T B as fixed
 * row chunks whose partial sums are added in chunk order, so the result is the same for any
 * thread count; both products together 45-64 ms against 94-156 ms with the packed GEMM at
 * n = 8000, d = 2000, p = 2 (loaded machine, 2 threads, `npx tsx bench/ampProducts.bench.ts`). For
 * p = 1 a DGEMV, which streams X once too (the skinny kernels were no faster there: 62-129 ms
 * against 60-104 ms for both products, the machine's memory bandwidth being the limit).
 */
function residentProduct(X: ResidentMatrix, B: Float64Array, p: number, transpose: boolean, threads: number): Float64Array {
  const n = X.rows, d = X.cols, row = d * 8, x = X.ptr;
  return withScratch((s) => {
    if (p === 1) {
      s.reserve([B.length, transpose ? d : n], `gamp: an ${n} x ${d} matrix-vector product`);
      const pb = s.from(B);
      const pc = s.alloc(transpose ? d : n);
      s.k.dgemv(transpose ? TRANS : NO_TRANS, n, d, 1, x, d, pb.ptr, 1, 0, pc.ptr, 1);
      return pc.view().slice();
    }
    if (!transpose) {
      s.reserve([d * p, n * p], `gamp: an ${n} x ${d} by ${d} x ${p} product`);
      const ut = s.from(transposed(B, d, p).data);
      const r = s.alloc(n * p);
      rowSplit(threads, n, 256, (lo, hi) => job.skinny_xu({ n: hi - lo, d, p, x: x + lo * row, ldx: d, ut: ut.ptr, r: r.ptr + lo * p * 8, ldr: p }));
      return r.view().slice();
    }
    s.reserve([n * p, d * p], `gamp: a ${d} x ${n} by ${n} x ${p} product`);
    const v = s.from(B);
    const ut = s.alloc(d * p);
    rowSum(s, threads, n, d * p, ut.ptr, (lo, hi, dst) => job.skinny_xtv({ n: hi - lo, d, p, x: x + lo * row, ldx: d, v: v.ptr + lo * p * 8, ldv: p, ut: dst }));
    return transposed(ut.view(), p, d).data;
  });
}

/** Runs GAMP (see the file comment). */
export function gamp(data: GampData, options: GampOptions = {}): GampResult {
  assertOptions(options, "gamp");
  if (data === null || typeof data !== "object") throw new InvalidArgumentError("gamp: data must be { X, y, link?, W? }");
  const X = asMatrix(data.X, "X");
  // X's finiteness is checked through the first product X W_0 (a NaN or infinity in X reaches it,
  // W_0 being finite and nonzero in every column where it matters: 0 x Inf is NaN too), which
  // saves a pass over the n x d entries in JS; the full check then names the entry
  const n = X.rows, d = X.cols;
  const y = Float64Array.from(data.y ?? []);
  if (y.length !== n) throw new ShapeError(`gamp: y has ${y.length} labels, X has ${n} rows`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new InvalidArgumentError(`gamp: label ${i} is ${y[i]}; labels must be finite`);
  const link = options.link ?? data.link ?? options.channel?.link;
  if (!link) throw new InvalidArgumentError("gamp: no link (give data.link, options.link or options.channel)");
  const channel = options.channel ?? outputChannel(link, options.gout);
  const p = channel.p;
  const Wstar = data.W !== undefined ? asMatrix(data.W, "W") : null;
  if (Wstar && (Wstar.rows !== d || Wstar.cols !== p)) throw new ShapeError(`gamp: W must be d x p = ${d} x ${p}, got ${Wstar.rows} x ${Wstar.cols}`);
  const maxIt = options.iterations ?? 100;
  const tol = options.tol ?? 1e-8;
  const damping = options.damping ?? 0;
  const floor = options.varianceFloor ?? 1e-9;
  if (!Number.isInteger(maxIt) || maxIt < 1) throw new InvalidArgumentError(`gamp: iterations must be a positive integer, got ${maxIt}`);
  if (!(damping >= 0 && damping < 1)) throw new InvalidArgumentError(`gamp: damping must be in [0, 1), got ${damping}`);
  if (!(floor > 0 && floor < 1)) throw new InvalidArgumentError(`gamp: varianceFloor must be in (0, 1), got ${floor}`);
  const threads = threadsFor(options.threads, "gamp");

  // ---- initialisation
  let W: Matrix;
  let C: Float64Array;
  const init = options.init ?? "random";
  if (init === "random") {
    W = new Rng(options.seed ?? 0).normalMatrix(d, p, { std: 0.1 });
    C = eye(p);
  } else if (init === "informed") {
    if (!Wstar) throw new InvalidArgumentError("gamp: init 'informed' needs the planted W (data.W)");
    W = new Matrix(d, p, Wstar.data.slice());
    C = eye(p, 1e-4);
  } else if (init === "tap" || init === "lamp") {
    const q0 = options.initOverlap ?? 0.1;
    if (!(q0 > 0 && q0 < 1)) throw new InvalidArgumentError(`gamp: initOverlap must be in (0, 1), got ${q0}`);
    const est = (init === "tap" ? tapEstimator({ X, y, link }, { link }) : lampEstimator({ X, y, link }, { link })).estimate;
    // ||est||_F^2 = d: rescale to a self-overlap q0 per index
    W = new Matrix(d, p, est.data.map((v) => v * Math.sqrt(q0 * p)));
    C = eye(p, 1 - q0);
  } else {
    W = asMatrix(init, "init");
    if (W.rows !== d || W.cols !== p) throw new ShapeError(`gamp: init must be d x p = ${d} x ${p}, got ${W.rows} x ${W.cols}`);
    assertFiniteMatrix(W, "init");
    W = new Matrix(d, p, Float64Array.from(W.data));
    const self = transposeProduct(W, W, 1 / d);
    C = spectralMap(self, p, (l) => Math.max(1 - l, floor));
  }

  // a zero in W_0 could hide a non-finite column of X from X W_0 (a GEMV may skip zero entries)
  if (W.data.some((v) => v === 0)) assertFiniteMatrix(X, "X");
  const overlaps: Float64Array[] = [];
  const selfOverlaps: Float64Array[] = [];
  const record = () => {
    selfOverlaps.push(transposeProduct(W, W, 1 / d));
    if (Wstar) overlaps.push(transposeProduct(W, Wstar, 1 / d));
  };
  record();
  let gPrev = new Float64Array(n * p);
  const g = new Float64Array(n * p);
  let converged = false;
  let t = 0;
  const resident = new ResidentMatrix(X);
  try {
  while (t < maxIt) {
    const V = spectralMap(C, p, (l) => Math.max(l, floor));
    // omega = X W - g_prev V
    const omega = residentProduct(resident, W.data, p, false, threads);
    if (t === 0) {
      for (let k = 0; k < omega.length; k++) if (!Number.isFinite(omega[k]!)) {
        assertFiniteMatrix(X, "X");
        throw new InvalidArgumentError("gamp: X W_0 is not finite (the start W_0 has a non-finite entry)");
      }
    }
    for (let mu = 0; mu < n; mu++) for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += gPrev[mu * p + b]! * V[b * p + a]!;
      omega[mu * p + a]! -= s;
    }
    const dsum = gOut(channel, omega, V, y, g);
    // damped messages (the Onsager term below then uses the damped g_out, as the cited scheme does)
    if (t > 0 && damping > 0) for (let k = 0; k < n * p; k++) g[k] = (1 - damping) * g[k]! + damping * gPrev[k]!;
    const Araw = dsum.map((v) => -v / d);
    const A = spectralMap(Araw, p, (l) => Math.max(l, 0));
    // B = X^T g + W A
    const B = new Matrix(d, p, residentProduct(resident, g, p, true, threads));
    for (let i = 0; i < d; i++) for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += W.data[i * p + b]! * A[b * p + a]!;
      B.data[i * p + a]! += s;
    }
    const Cnew = spectralMap(A, p, (l) => 1 / (1 + l));
    const Wnew = new Matrix(d, p);
    for (let i = 0; i < d; i++) for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += B.data[i * p + b]! * Cnew[b * p + a]!;
      Wnew.data[i * p + a] = (1 - damping) * s + damping * W.data[i * p + a]!;
    }
    for (let k = 0; k < p * p; k++) C[k] = (1 - damping) * Cnew[k]! + damping * C[k]!;
    let change = 0;
    for (let k = 0; k < W.data.length; k++) change += (Wnew.data[k]! - W.data[k]!) ** 2;
    W = Wnew;
    gPrev = g.slice();
    t++;
    record();
    if (!Number.isFinite(change)) throw new InvalidArgumentError(`gamp: the iteration diverged at step ${t}; raise damping or varianceFloor`);
    // The estimate is a posterior mean under the N(0, I_p) prior of the rows of W*, so |W|_F^2 / d
    // stays near p or below; far above it the iteration is running away (e.g. a noiseless link after
    // perfect recovery with a tiny varianceFloor: V -> 0 makes g_out blow up) while still finite.
    let norm = 0;
    for (let k = 0; k < W.data.length; k++) norm += W.data[k]! ** 2;
    if (norm / d > RUNAWAY_NORM * p) {
      throw new ConvergenceError(
        `gamp: the estimate ran away at step ${t} (|W|_F^2 / d = ${(norm / d).toExponential(3)}, a posterior mean stays near p = ${p}); ` +
          "raise varianceFloor (e.g. 1e-6) or damping",
        t, Math.sqrt(change / d), { estimate: W, overlaps, selfOverlaps },
      );
    }
    if (change / d < tol) {
      converged = true;
      break;
    }
  }
  } finally {
    resident.dispose();
  }
  return { estimate: W, C, overlaps, selfOverlaps, iterations: t, converged };
}
