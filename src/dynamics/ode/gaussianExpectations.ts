/**
 * Expectations over a centred Gaussian vector u ~ N(0, Omega) in a few dimensions D, the integrals of
 * the one-pass SGD ODEs (u = (lambda_1..lambda_p, nu_1..nu_k), Omega = [[Q, M], [M^T, T]]).
 *
 * Both rules write u = L z with z ~ N(0, I_D) and L L^T = Omega, L = V diag(sqrt(max(e, 0))) from the
 * eigendecomposition Omega = V diag(e) V^T (cyclic Jacobi, numerics/jacobi.ts): unlike a Cholesky
 * factor it exists for the singular Omega of a student row aligned with a teacher direction. The
 * points z and weights w are fixed once per rule and reused for every Omega, so that the expectation is
 * a smooth function of Omega (common random numbers), which the adaptive Runge-Kutta needs.
 * - "quadrature": the tensor product of the n-point probabilists' Gauss-Hermite rule
 *   (numerics/gaussHermite.ts), n^D points, exact for polynomials of degree <= 2n - 1 in each
 *   coordinate; the default when D <= 3 (the issue's p + k <= 3), n = 64, 40, 24 for D = 1, 2, 3.
 * - "monte-carlo": N standard normal points from a seeded Rng, in antithetic pairs (z, -z), so that
 *   odd integrands (e.g. the drift of an even target at zero overlap) integrate to exactly 0; error
 *   O(N^-1/2). The default beyond D = 3, N = 40000.
 * Cost of one expectation: (number of points) x (D^2 + the integrand).
 */
import { InvalidArgumentError, NonFiniteError, ShapeError } from "../../errors.js";
import { gaussHermite } from "../../numerics/gaussHermite.js";
import { jacobiEigh } from "../../numerics/jacobi.js";
import { Rng, type RandomSource } from "../../random/rng.js";

/** Points z (N x D row-major, standard normal coordinates) and weights summing to 1. */
export interface GaussianRule {
  readonly kind: "quadrature" | "monte-carlo";
  readonly dim: number;
  readonly size: number;
  readonly points: Float64Array;
  readonly weights: Float64Array;
}

export interface GaussianRuleOptions {
  /** "auto" (default): quadrature when dim <= maxQuadratureDim, else Monte Carlo. */
  method?: "auto" | "quadrature" | "monte-carlo";
  /** Largest dimension integrated by tensor Gauss-Hermite under "auto" (default 3). */
  maxQuadratureDim?: number;
  /** Gauss-Hermite nodes per coordinate (default 64, 40, 24, 12 for D = 1, 2, 3, 4+). */
  nodes?: number;
  /** Monte Carlo points, even (default 40000). */
  samples?: number;
  /** Seed of the Monte Carlo points (default 0). */
  seed?: RandomSource;
}

const DEFAULT_NODES = [64, 64, 40, 24, 12];
/** Tensor rules beyond this many points are refused (use Monte Carlo). */
const MAX_TENSOR_POINTS = 2e6;
/** Monte Carlo points x dimension beyond this are refused (memory). */
const MAX_MC_COORDINATES = 2 ** 25;

/** The rule for dimension `dim` (see the file comment). */
export function gaussianRule(dim: number, options: GaussianRuleOptions = {}): GaussianRule {
  if (!Number.isInteger(dim) || dim < 1 || dim > 64) throw new InvalidArgumentError(`gaussianRule: dim must be an integer in 1..64, got ${dim}`);
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("gaussianRule: options must be an object");
  const method = options.method ?? "auto";
  if (!["auto", "quadrature", "monte-carlo"].includes(method)) {
    throw new InvalidArgumentError(`gaussianRule: method must be 'auto', 'quadrature' or 'monte-carlo', got ${String(method)}`);
  }
  const maxQ = options.maxQuadratureDim ?? 3;
  if (typeof maxQ !== "number" || !Number.isInteger(maxQ) || maxQ < 0) throw new InvalidArgumentError(`gaussianRule: maxQuadratureDim must be a non-negative integer, got ${String(maxQ)}`);
  const useQuadrature = method === "quadrature" || (method === "auto" && dim <= maxQ);
  if (useQuadrature) {
    const n = options.nodes ?? DEFAULT_NODES[Math.min(dim, 4)]!;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError(`gaussianRule: nodes must be an integer in 1..1000, got ${n}`);
    const size = n ** dim;
    if (size > MAX_TENSOR_POINTS) {
      throw new InvalidArgumentError(`gaussianRule: a tensor rule of ${n}^${dim} = ${size} points is too large; use fewer nodes or method 'monte-carlo'`);
    }
    return tensorRule(dim, n);
  }
  const samples = options.samples ?? 40000;
  if (typeof samples !== "number" || !Number.isInteger(samples) || samples < 2 || samples % 2 !== 0 || samples * dim > MAX_MC_COORDINATES) {
    throw new InvalidArgumentError(`gaussianRule: samples must be an even integer >= 2 with samples x dim <= ${MAX_MC_COORDINATES}, got ${samples}`);
  }
  const half = samples / 2;
  const z = Rng.from(options.seed ?? 0).normal(half * dim);
  const points = new Float64Array(samples * dim);
  points.set(z);
  for (let i = 0; i < z.length; i++) points[half * dim + i] = -z[i]!;
  return { kind: "monte-carlo", dim, size: samples, points, weights: new Float64Array(samples).fill(1 / samples) };
}

function tensorRule(dim: number, n: number): GaussianRule {
  const { nodes, weights: w1 } = gaussHermite(n);
  const size = n ** dim;
  const points = new Float64Array(size * dim);
  const weights = new Float64Array(size);
  const index = new Int32Array(dim);
  for (let s = 0; s < size; s++) {
    let w = 1;
    for (let c = 0; c < dim; c++) {
      points[s * dim + c] = nodes[index[c]!]!;
      w *= w1[index[c]!]!;
    }
    weights[s] = w;
    for (let c = dim - 1; c >= 0; c--) {
      if (++index[c]! < n) break;
      index[c] = 0;
    }
  }
  return { kind: "quadrature", dim, size, points, weights };
}

/**
 * A square root L (D x D row-major, L L^T = omega) of the covariance omega (D x D row-major,
 * symmetric), by eigendecomposition; eigenvalues down to -1e-10 (max eigenvalue) are rounding and set
 * to 0. Throws NonFiniteError for a non-finite entry, InvalidArgumentError when omega is not
 * (numerically) positive semi-definite, naming its smallest eigenvalue.
 */
export function covarianceRoot(omega: Float64Array, dim: number): Float64Array {
  if (!(omega instanceof Float64Array)) throw new InvalidArgumentError("covarianceRoot: omega must be a Float64Array (dim x dim, row-major)");
  if (typeof dim !== "number" || !Number.isInteger(dim) || dim < 1 || dim > 64) throw new InvalidArgumentError(`covarianceRoot: dim must be an integer in 1..64, got ${String(dim)}`);
  if (omega.length !== dim * dim) throw new ShapeError(`covarianceRoot: the covariance has ${omega.length} entries, ${dim} x ${dim} needs ${dim * dim}`);
  for (let i = 0; i < omega.length; i++) {
    if (!Number.isFinite(omega[i]!)) throw new NonFiniteError(`covarianceRoot: covariance entry ${i} = ${omega[i]} is not finite`, "omega", i, omega[i]!);
  }
  const sym = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) sym[i * dim + j] = 0.5 * (omega[i * dim + j]! + omega[j * dim + i]!);
  const { values, vectors } = jacobiEigh(sym, dim);
  const top = Math.max(Math.abs(values[dim - 1]!), Number.MIN_VALUE);
  if (values[0]! < -1e-10 * top) {
    throw new InvalidArgumentError(
      `the overlap covariance [[Q, M], [M^T, T]] is not positive semi-definite (smallest eigenvalue ${values[0]}): |M_ir| exceeds sqrt(Q_ii T_rr) somewhere`,
    );
  }
  const L = new Float64Array(dim * dim);
  for (let c = 0; c < dim; c++) {
    const s = Math.sqrt(Math.max(values[c]!, 0));
    for (let r = 0; r < dim; r++) L[r * dim + c] = vectors.data[r * dim + c]! * s;
  }
  return L;
}

/**
 * Calls visit(u, w) for every point of `rule` mapped to u = L z (u is reused between calls: copy what
 * you keep). The weights sum to 1, so sum_points w h(u) approximates E h(u), u ~ N(0, L L^T).
 */
export function forEachGaussianPoint(rule: GaussianRule, L: Float64Array, visit: (u: Float64Array, w: number) => void): void {
  if (rule === null || typeof rule !== "object" || !(rule.points instanceof Float64Array) || !(rule.weights instanceof Float64Array)) {
    throw new InvalidArgumentError("forEachGaussianPoint: rule must be a GaussianRule (from gaussianRule)");
  }
  if (!(L instanceof Float64Array)) throw new InvalidArgumentError("forEachGaussianPoint: L must be a Float64Array");
  if (typeof visit !== "function") throw new InvalidArgumentError("forEachGaussianPoint: visit must be a function");
  const D = rule.dim;
  if (L.length !== D * D) throw new ShapeError(`forEachGaussianPoint: L has ${L.length} entries, the rule's dimension ${D} needs ${D * D}`);
  const u = new Float64Array(D);
  const { points, weights } = rule;
  for (let s = 0; s < rule.size; s++) {
    const off = s * D;
    for (let r = 0; r < D; r++) {
      let v = 0;
      for (let c = 0; c < D; c++) v += L[r * D + c]! * points[off + c]!;
      u[r] = v;
    }
    visit(u, weights[s]!);
  }
}

/**
 * E h(u) for u ~ N(0, omega) (omega D x D row-major) by `rule` (default: gaussianRule(D)). The
 * generic form of the expectations of the ODE; the ODE itself accumulates all its integrands in one
 * pass over the points (equations.ts).
 */
export function gaussianVectorExpectation(h: (u: Float64Array) => number, omega: ArrayLike<number>, rule?: GaussianRule): number {
  if (typeof h !== "function") throw new InvalidArgumentError("gaussianVectorExpectation: h must be a function");
  if (omega === null || typeof omega !== "object" || typeof omega.length !== "number") {
    throw new InvalidArgumentError("gaussianVectorExpectation: omega must be a D x D covariance (row-major array)");
  }
  const dim = Math.round(Math.sqrt(omega.length));
  if (dim < 1 || dim * dim !== omega.length) throw new ShapeError(`gaussianVectorExpectation: omega has ${omega.length} entries, not a square number`);
  const r = rule ?? gaussianRule(dim);
  if (r === null || typeof r !== "object" || typeof r.dim !== "number") throw new InvalidArgumentError("gaussianVectorExpectation: rule must be a GaussianRule (from gaussianRule)");
  if (r.dim !== dim) throw new ShapeError(`gaussianVectorExpectation: the rule has dimension ${r.dim}, omega is ${dim} x ${dim}`);
  const L = covarianceRoot(Float64Array.from(omega), dim);
  let s = 0;
  forEachGaussianPoint(r, L, (u, w) => {
    s += w * h(u);
  });
  if (!Number.isFinite(s)) throw new NonFiniteError(`gaussianVectorExpectation: the expectation is not finite (${s})`, "E h", 0, s);
  return s;
}
