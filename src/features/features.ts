/**
 * Random-feature matrices F = sigma(X W^T) and their covariances.
 *
 * Convention: X is n x d with rows the samples x_nu (fresh data, x ~ N(0, I_d) when sampled
 * here), W is p x d with rows the first-layer weights w_i, so F is n x p with
 * F[nu, i] = sigma(<w_i, x_nu>). The feature covariance is Sigma = F^T F / n (p x p) and the
 * sample-space kernel K = F F^T / n (n x n); they share their nonzero eigenvalues.
 *
 * Construction runs in WASM: X is drawn straight into WASM memory (in chunks of an even number
 * of normals, so the stream is the one `Rng.normalMatrix(n, d)` would give), F = X W^T by one
 * GEMM, then the activation in place (assembly/pointwise.ts). `FeatureCovarianceOperator` keeps
 * F in WASM and applies Sigma (or K) without forming it: two GEMVs, 4 n p flops per vector.
 * Memory at n = 8000, p = 4000, d = 2000: X 128 MB (freed after the GEMM), W 64 MB, F 256 MB, and
 * 128 MB more only if the p x p covariance is formed.
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { eigvalsh } from "../linalg/eigh.js";
import { WasmOperator } from "../linalg/linearOperators.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import { Rng, type RandomSource } from "../random/rng.js";
import { assertFiniteMatrix, assertFiniteResult, finiteAt, upperFiniteAt } from "../validate.js";
import { NO_TRANS, TRANS, UPPER, type KernelExports, type Ptr } from "../wasm/exports.js";
import { f64View, withScratch, type Scratch, type WasmF64Array } from "../wasm/memory.js";
import { activation, applyActivationAt, type Activation, type ActivationLike } from "./activations.js";

const NORMAL_CHUNK = 1 << 17; // even: the polar method's pairs are not split between chunks

/** Fills `count` doubles at `ptr` with N(0, 1) draws from `rng`, a chunk at a time. */
export function fillNormal(k: KernelExports, rng: Rng, ptr: Ptr, count: number): void {
  for (let off = 0; off < count; off += NORMAL_CHUNK) {
    const m = Math.min(NORMAL_CHUNK, count - off);
    const draws = rng.normal(m);
    f64View(ptr + 8 * off, m, k).set(draws);
  }
}

function checkSize(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got ${v}`);
}

/**
 * F := sigma(X W^T) into the n x p block at f (X n x d at x, W p x d at w, all row-major, in
 * WASM): one DGEMM (2 n p d flops) and the activation in place. Finite X and W can still give
 * overflowed pre-activations (|<w_i, x_nu>| > 1.8e308, or Inf - Inf = NaN), which a bounded
 * activation would hide (tanh(Inf) = 1) and others pass on: they are checked between the GEMM
 * and the activation (one SIMD pass over F, validate.ts finiteAt) and raise NonFiniteError
 * naming `fn`. Built-in activations of finite arguments are finite; user ones are checked.
 */
function buildFeaturesAt(
  s: Scratch, act: Activation, x: Ptr, n: number, d: number, w: Ptr, p: number, f: Ptr, fn = "features",
): void {
  const k = s.k;
  const work = s.alloc(k.dgemm_worksize(n, p, d), "GEMM workspace");
  k.dgemm(NO_TRANS, TRANS, n, p, d, 1, x, d, w, d, 0, f, p, work.ptr);
  if (!finiteAt(k, f, n * p)) assertFiniteResult(f64View(f, n * p, k), fn, "the pre-activations X W^T", p, "scale X or W down");
  applyActivationAt(k, act, f, n * p, "value");
}

function checkShapes(x: Matrix | null, w: Matrix): void {
  if (x && x.cols !== w.cols) {
    throw new ShapeError(`features: X has ${x.cols} columns (input dimension) but W has ${w.cols}; F = sigma(X W^T) needs them equal`);
  }
  if (w.rows < 1 || w.cols < 1) throw new ShapeError(`features: W must be p x d with p, d >= 1, got ${w.rows} x ${w.cols}`);
}

/**
 * F = sigma(X W^T) (n x p) for data X (n x d, rows samples) and weights W (p x d, rows neurons),
 * as a JS Matrix. GEMM in WASM plus the activation in place; cost 2 n p d flops.
 */
export function features(X: MatrixLike, W: MatrixLike, act: ActivationLike): Matrix {
  const a = activation(act);
  const x = asMatrix(X, "X");
  const w = asMatrix(W, "W");
  checkShapes(x, w);
  assertFiniteMatrix(x, "X");
  assertFiniteMatrix(w, "W");
  const n = x.rows;
  const p = w.rows;
  const d = w.cols;
  const out = new Matrix(n, p);
  if (n === 0) return out;
  return withScratch((s) => {
    s.reserve([n * d, p * d, n * p, s.k.dgemm_worksize(n, p, d)], `features of ${n} samples and ${p} neurons`);
    const px = s.from(x.data, "X");
    const pw = s.from(w.data, "W");
    const pf = s.alloc(n * p, "the feature matrix");
    buildFeaturesAt(s, a, px.ptr, n, d, pw.ptr, p, pf.ptr);
    out.data.set(pf.view());
    return out;
  });
}

export interface FeatureCovarianceOptions {
  /** The p x d first-layer weights (rows w_i). */
  W: MatrixLike;
  activation: ActivationLike;
  /** The data (n x d). Give X, or n and seed to draw x ~ N(0, I_d) in WASM. */
  X?: MatrixLike;
  n?: number;
  seed?: RandomSource;
  /**
   * Directions (the columns of a d x r Matrix, one Float64Array, or a list of them) whose projections
   * kappa_nu = <x_nu, v> are recorded in `projections` (n x r), e.g. the spike direction v of a
   * spiked random-feature model, for the realized plug-in of its outliers.
   */
  directions?: Matrix | Float64Array | readonly Float64Array[];
  /** Which matrix the operator applies: 'features' Sigma = F^T F / n (size p, default) or 'samples' K = F F^T / n (size n). */
  side?: "features" | "samples";
}

function directionsMatrix(dirs: Matrix | Float64Array | readonly Float64Array[], d: number): Matrix {
  let m: Matrix;
  if (dirs instanceof Matrix) m = dirs;
  else if (dirs instanceof Float64Array) m = new Matrix(dirs.length, 1, dirs.slice());
  else if (Array.isArray(dirs) && dirs.every((v) => v instanceof Float64Array)) {
    const list = dirs as readonly Float64Array[];
    list.forEach((v, j) => {
      if (v.length !== d) throw new ShapeError(`directions[${j}] has ${v.length} entries, the input dimension is ${d}`);
    });
    m = Matrix.fromFunction(d, list.length, (i, j) => list[j]![i]!);
  } else {
    throw new InvalidArgumentError("directions must be a d x r Matrix (columns), a Float64Array or a list of Float64Arrays");
  }
  if (m.rows !== d) throw new ShapeError(`directions must be d x r with d = ${d}, got ${m.rows} x ${m.cols}`);
  assertFiniteMatrix(m, "directions");
  return m;
}

/**
 * The feature covariance Sigma = F^T F / n (or K = F F^T / n) of F = sigma(X W^T), with F held in
 * WASM memory and never copied to JS unless asked (`features()`). As an operator (`applyPtr`,
 * used by eigsh) it applies Sigma v = F^T (F v) / n by two DGEMVs, 4 n p flops, never forming the
 * p x p matrix; `covariance()` forms it by DSYRK (n p^2 flops), `spectrum()` returns all p
 * eigenvalues of Sigma through the smaller of the two Gram matrices. Call `dispose()` when done.
 */
export class FeatureCovarianceOperator extends WasmOperator {
  readonly size: number;
  readonly symmetric = true;
  /** n: number of samples (rows of F). */
  readonly samples: number;
  /** p: number of features (columns of F). */
  readonly featureCount: number;
  readonly side: "features" | "samples";
  readonly activation: Activation;
  /** kappa_nu = <x_nu, v_j> for the requested directions (n x r), or null. */
  readonly projections: Matrix | null;
  private readonly f: WasmF64Array;
  private readonly t: WasmF64Array;

  constructor(options: FeatureCovarianceOptions) {
    super();
    if (options === null || typeof options !== "object") throw new InvalidArgumentError("featureCovarianceOperator needs an options object");
    const act = activation(options.activation);
    const w = asMatrix(options.W, "W");
    const x = options.X !== undefined ? asMatrix(options.X, "X") : null;
    checkShapes(x, w);
    assertFiniteMatrix(w, "W");
    if (x) assertFiniteMatrix(x, "X");
    else {
      checkSize(options.n as number, "n");
      if (options.seed === undefined) throw new InvalidArgumentError("featureCovarianceOperator: give X, or n and seed to draw the data");
    }
    const side = options.side ?? "features";
    if (side !== "features" && side !== "samples") throw new InvalidArgumentError(`side must be 'features' or 'samples', got '${side}'`);
    const n = x ? x.rows : options.n!;
    const p = w.rows;
    const d = w.cols;
    if (n < 1) throw new ShapeError("X must have at least one row");
    const dirs = options.directions !== undefined ? directionsMatrix(options.directions, d) : null;
    this.samples = n;
    this.featureCount = p;
    this.side = side;
    this.activation = act;
    this.size = side === "features" ? p : n;
    this.f = this.own(n * p, `the ${n} x ${p} feature matrix`);
    this.t = this.own(side === "features" ? n : p, "an operator work vector");
    const rng = x ? null : Rng.from(options.seed!);
    try {
      this.projections = this.build(x, w, n, d, p, act, rng, dirs);
    } catch (err) {
      this.dispose(); // e.g. a user activation returning NaN: free F now rather than at collection
      throw err;
    }
  }

  private build(x: Matrix | null, w: Matrix, n: number, d: number, p: number, act: Activation, rng: Rng | null, dirs: Matrix | null): Matrix | null {
    return withScratch((s) => {
      s.reserve([n * d, p * d, s.k.dgemm_worksize(n, p, d)], `features of ${n} samples in dimension ${d}`);
      const px = x ? s.from(x.data, "X") : s.alloc(n * d, `the ${n} x ${d} data matrix`);
      if (rng) fillNormal(s.k, rng, px.ptr, n * d);
      let proj: Matrix | null = null;
      if (dirs && dirs.cols > 0) {
        const r = dirs.cols;
        const pd = s.from(dirs.data, "directions");
        const pk = s.alloc(n * r, "projections");
        const work = s.alloc(s.k.dgemm_worksize(n, r, d));
        s.k.dgemm(NO_TRANS, NO_TRANS, n, r, d, 1, px.ptr, d, pd.ptr, r, 0, pk.ptr, r, work.ptr);
        proj = new Matrix(n, r, pk.view().slice());
        assertFiniteResult(proj.data, "featureCovarianceOperator", "the projections <x_nu, v_j>", r, "scale X or the directions down");
      }
      const pw = s.from(w.data, "W");
      buildFeaturesAt(s, act, px.ptr, n, d, pw.ptr, p, this.f.ptr, "featureCovarianceOperator");
      return proj;
    });
  }

  /** y := Sigma x (side 'features') or K x (side 'samples'), x and y in WASM. */
  protected applyAt(x: Ptr, y: Ptr): void {
    const { samples: n, featureCount: p, k } = this;
    if (this.side === "features") {
      k.dgemv(NO_TRANS, n, p, 1, this.f.ptr, p, x, 1, 0, this.t.ptr, 1);
      k.dgemv(TRANS, n, p, 1 / n, this.f.ptr, p, this.t.ptr, 1, 0, y, 1);
    } else {
      k.dgemv(TRANS, n, p, 1, this.f.ptr, p, x, 1, 0, this.t.ptr, 1);
      k.dgemv(NO_TRANS, n, p, 1 / n, this.f.ptr, p, this.t.ptr, 1, 0, y, 1);
    }
    this.applications++;
  }

  /** k vectors at once (rows of k x size blocks): two GEMMs. */
  protected override applyBlockAt(kv: number, x: Ptr, y: Ptr): void {
    const { samples: n, featureCount: p, k } = this;
    withScratch((s) => {
      if (this.side === "features") {
        // P = X_blk F^T (kv x n), Y = P F / n (kv x p)
        const pb = s.alloc(kv * n, "a block operator product");
        const work = s.alloc(Math.max(k.dgemm_worksize(kv, n, p), k.dgemm_worksize(kv, p, n)));
        k.dgemm(NO_TRANS, TRANS, kv, n, p, 1, x, p, this.f.ptr, p, 0, pb.ptr, n, work.ptr);
        k.dgemm(NO_TRANS, NO_TRANS, kv, p, n, 1 / n, pb.ptr, n, this.f.ptr, p, 0, y, p, work.ptr);
      } else {
        const pb = s.alloc(kv * p, "a block operator product");
        const work = s.alloc(Math.max(k.dgemm_worksize(kv, p, n), k.dgemm_worksize(kv, n, p)));
        k.dgemm(NO_TRANS, NO_TRANS, kv, p, n, 1, x, n, this.f.ptr, p, 0, pb.ptr, p, work.ptr);
        k.dgemm(NO_TRANS, TRANS, kv, n, p, 1 / n, pb.ptr, p, this.f.ptr, p, 0, y, n, work.ptr);
      }
    });
    this.applications += kv;
  }

  /** A copy of F (n x p) in JS memory. */
  features(): Matrix {
    return new Matrix(this.samples, this.featureCount, this.f.toFloat64Array());
  }

  /** Sigma = F^T F / n (p x p), by DSYRK on the upper triangle and mirrored. */
  covariance(): Matrix {
    return this.gramOf("features");
  }

  /** K = F F^T / n (n x n). */
  sampleKernel(): Matrix {
    return this.gramOf("samples");
  }

  private gramOf(which: "features" | "samples"): Matrix {
    const { samples: n, featureCount: p } = this;
    const m = which === "features" ? p : n;
    const inner = which === "features" ? n : p;
    return withScratch((s) => {
      const work = s.k.dsyrk_worksize(m, inner);
      s.reserve([m * m, work], `a ${m} x ${m} feature Gram matrix`);
      const pc = s.alloc(m * m, "the Gram matrix");
      const pw = s.alloc(work);
      s.k.dsyrk(UPPER, which === "features" ? TRANS : NO_TRANS, m, inner, 1 / n, this.f.ptr, p, 0, pc.ptr, m, pw.ptr);
      const g = pc.view().slice();
      for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) g[j * m + i] = g[i * m + j]!;
      // finite features can still overflow in F^T F / n (|F_ij| near 1e154 and beyond); the fast
      // pass reads the upper triangle only, as DSYRK leaves the lower one of pc unwritten
      if (!upperFiniteAt(s.k, pc.ptr, m)) {
        assertFiniteResult(g, which === "features" ? "covariance" : "sampleKernel", "the Gram matrix of the features", m, "scale X or W down");
      }
      return new Matrix(m, m, g);
    });
  }

  /**
   * All p eigenvalues of Sigma = F^T F / n, ascending: from the p x p covariance when p <= n, else
   * from K = F F^T / n (n x n, the same nonzero eigenvalues) with p - n exact zeros prepended.
   * Dense symmetric eigenvalues by eigvalsh (tridiagonal reduction + QR), (4/3) m^3 flops, m = min(n, p).
   */
  spectrum(): Float64Array {
    const { samples: n, featureCount: p } = this;
    const small = p <= n ? this.covariance() : this.sampleKernel();
    const vals = eigvalsh(small, { check: false });
    if (p <= n) return vals;
    const out = new Float64Array(p);
    out.set(vals, p - n);
    return out;
  }
}

/** F = sigma(X W^T) in WASM and its covariance operator (see FeatureCovarianceOperator). */
export function featureCovarianceOperator(options: FeatureCovarianceOptions): FeatureCovarianceOperator {
  return new FeatureCovarianceOperator(options);
}

/**
 * Sigma = F^T F / n (p x p) of F = sigma(X W^T) on data X or on n fresh samples (see
 * FeatureCovarianceOptions). The WASM feature matrix is freed before returning.
 */
export function featureCovariance(options: FeatureCovarianceOptions): Matrix {
  const op = new FeatureCovarianceOperator(options);
  try {
    return op.covariance();
  } finally {
    op.dispose();
  }
}

/**
 * All p eigenvalues of Sigma = F^T F / n, ascending (see FeatureCovarianceOperator.spectrum), with
 * the WASM feature matrix freed before the eigensolver runs its own copy.
 */
export function featureSpectrum(options: FeatureCovarianceOptions): Float64Array {
  const op = new FeatureCovarianceOperator(options);
  let small: Matrix;
  const { samples: n, featureCount: p } = op;
  try {
    small = p <= n ? op.covariance() : op.sampleKernel();
  } finally {
    op.dispose();
  }
  const vals = eigvalsh(small, { check: false });
  if (p <= n) return vals;
  const out = new Float64Array(p);
  out.set(vals, p - n);
  return out;
}
