/**
 * Sampling an index model (reference spectral-estimators.md section 1): n = alpha d pairs
 * (x_i, y_i) with covariates x_i ~ N(0, I_d / d), planted weights W* (d x p) and labels
 * y_i = g(W*^T x_i) + sqrt(Delta) xi_i, or y_i ~ P(. | W*^T x_i) for a link with a `sample` channel.
 *
 * Conventions: X is n x d row-major with rows x_i, entries N(0, 1/d); W* has columns of squared
 * norm ~ d (entries N(0, 1), or exactly orthogonal columns of norm sqrt(d) with
 * `planted: "orthogonal"`), so z_i = W*^T x_i ~ N(0, I_p) (exactly in law for orthogonal columns,
 * up to O(d^{-1/2}) otherwise). Draw order from one seed: W*, then X, then the label noise, so
 * the same seed gives the same W* at every alpha.
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { asMatrix, Matrix, type MatrixLike } from "../matrix.js";
import { matmul } from "../linalg/blas.js";
import { Rng, type RandomSource } from "../random/rng.js";
import { assertFiniteMatrix, assertOptions } from "../validate.js";
import type { IndexLink } from "./links.js";

export interface IndexModelOptions {
  /** Dimension d of the covariates. */
  d: number;
  /** Sample ratio alpha = n / d (> 0); n = round(alpha d). Give this or `n`. */
  alpha?: number;
  /** Number of samples n (overrides alpha). */
  n?: number;
  /** Seed or Rng for every draw. Default 0. */
  seed?: RandomSource;
  /**
   * "gaussian" (default, the reference's model): W* entries iid N(0, 1). "orthogonal": sqrt(d) times
   * a Haar-distributed d x p frame, which removes the O(d^{-1/2}) fluctuation of ||w*_k||^2 / d and
   * of the cross products from finite-size comparisons.
   */
  planted?: "gaussian" | "orthogonal";
  /** Use these planted weights (d x p) instead of drawing them. */
  W?: MatrixLike;
}

export interface IndexModelSample {
  readonly link: IndexLink;
  readonly d: number;
  readonly n: number;
  readonly p: number;
  /** n / d. */
  readonly alpha: number;
  /** n x d, rows x_i ~ N(0, I_d / d). */
  readonly X: Matrix;
  /** The labels (n). */
  readonly y: Float64Array;
  /** Planted weights W* (d x p). */
  readonly W: Matrix;
  /** Latent z_i = W*^T x_i as an n x p matrix. */
  readonly z: Matrix;
}

/** Draws an index-model data set (see the file comment). Cost: n d normal draws and one n x d x p product. */
export function sampleIndexModel(link: IndexLink, options: IndexModelOptions): IndexModelSample {
  if (link === null || typeof link !== "object" || typeof link.g !== "function") throw new InvalidArgumentError("sampleIndexModel: expected an IndexLink");
  assertOptions(options, "sampleIndexModel");
  const { d } = options;
  if (!Number.isInteger(d) || d < 1) throw new InvalidArgumentError(`sampleIndexModel: d must be a positive integer, got ${d}`);
  let n: number;
  if (options.n !== undefined) {
    n = options.n;
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`sampleIndexModel: n must be a positive integer, got ${n}`);
  } else {
    const alpha = options.alpha;
    if (alpha === undefined || typeof alpha !== "number" || !(alpha > 0) || !Number.isFinite(alpha)) {
      throw new InvalidArgumentError(`sampleIndexModel: alpha = n / d must be a finite number > 0, got ${alpha}`);
    }
    n = Math.max(1, Math.round(alpha * d));
  }
  const p = link.p;
  const rng = Rng.from(options.seed ?? 0);
  let W: Matrix;
  if (options.W !== undefined) {
    W = asMatrix(options.W, "W");
    if (W.rows !== d || W.cols !== p) throw new ShapeError(`sampleIndexModel: W must be d x p = ${d} x ${p}, got ${W.rows} x ${W.cols}`);
    assertFiniteMatrix(W, "W");
  } else {
    const planted = options.planted ?? "gaussian";
    if (planted === "gaussian") W = rng.normalMatrix(d, p);
    else if (planted === "orthogonal") {
      if (p > d) throw new InvalidArgumentError(`sampleIndexModel: p = ${p} orthogonal columns do not fit in dimension d = ${d}`);
      W = rng.haarFrame(d, p);
      const s = Math.sqrt(d);
      for (let i = 0; i < W.data.length; i++) W.data[i]! *= s;
    } else throw new InvalidArgumentError(`sampleIndexModel: planted must be 'gaussian' or 'orthogonal', got '${planted}'`);
  }
  const X = rng.normalMatrix(n, d, { std: 1 / Math.sqrt(d) });
  const z = matmul(X, W);
  const noise = !link.sample && link.noiseVariance > 0 ? rng.normal(n, { std: Math.sqrt(link.noiseVariance) }) : null;
  const uniform = link.sample ? uniformStream(rng) : null;
  const y = new Float64Array(n);
  const zi = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) zi[a] = z.data[i * p + a]!;
    const v = uniform ? link.sample!(zi, uniform) : link.g(zi) + (noise ? noise[i]! : 0);
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`sampleIndexModel: the link '${link.name}' gave a non-finite label ${v} at z = [${Array.from(zi).join(", ")}]`);
    y[i] = v;
  }
  return { link, d, n, p, alpha: n / d, X, y, W, z };
}

/** A seeded stream of U[0, 1) numbers drawn from `rng` in blocks of 4096 (for stochastic channels). */
export function uniformStream(rng: Rng): () => number {
  if (!(rng instanceof Rng)) throw new InvalidArgumentError("uniformStream: rng must be an Rng (Rng.from(seed))");
  let block: Float64Array = new Float64Array(0);
  let pos = 0;
  return () => {
    if (pos >= block.length) {
      block = rng.uniform(4096);
      pos = 0;
    }
    return block[pos++]!;
  };
}
