/**
 * Gauss-Hermite quadrature for expectations over a standard normal: E f(z) ~ sum_j w_j f(z_j),
 * z ~ N(0, 1), with the probabilists' weight exp(-z^2/2)/sqrt(2 pi) (weights sum to 1; numpy
 * `hermegauss` divided by sqrt(2 pi)). The package's one Gauss-Hermite rule: the Hermite
 * coefficients of activations, the kappa-integrals of the spiked random-feature deterministic
 * equivalent, the discretized second-layer law and the label laws of the index-model links use it.
 *
 * Nodes: the eigenvalues of the Jacobi matrix of the probabilists' Hermite polynomials
 * (zero diagonal, off-diagonal sqrt(k), the Golub-Welsch matrix, Golub and Welsch 1969), each
 * bracketed by bisection on its Sturm count (the signs of the LDL^T pivots, as LAPACK dstebz
 * does) and polished by Newton's method on the orthonormal polynomials q_j = He_j / sqrt(j!)
 * (three-term recurrence q_{j+1} = (z q_j - sqrt(j) q_{j-1}) / sqrt(j + 1), rescaled by 2^-600
 * whenever it passes 2^600, so it never overflows). Weights by the Christoffel formula
 * w_i = 1 / (n q_{n-1}(z_i)^2), normalized to sum 1. Cost O(n^2) per rule; rules are cached.
 *
 * Accuracy: the rule with n nodes is exact for polynomials of degree <= 2n - 1 (to rounding,
 * ~1e-15 relative for the moments tested). For f analytic in a strip |Im z| < tau the error
 * decays like exp(-c tau sqrt(n)) (tanh: tau = pi/2; about 1e-12 at n = 120); for a kink (ReLU,
 * |x|) it decays only algebraically, ~1e-3 at n = 120, which is why those activations use closed
 * forms or a piecewise Gauss-Legendre rule split at the kink. n up to 1000: for large n the
 * outermost weights underflow to 0, harmlessly.
 */
import { InvalidArgumentError } from "../errors.js";

export interface GaussHermiteRule {
  /** Nodes z_j, ascending, symmetric about 0. */
  readonly nodes: Float64Array;
  /** Weights w_j > 0 summing to 1: E f(z) ~ sum_j w_j f(z_j) for z ~ N(0, 1). */
  readonly weights: Float64Array;
}

const cache = new Map<number, GaussHermiteRule>();
const BIG = 2 ** 600;
const LOG_BIG = 600 * Math.LN2;

/**
 * q_n(z), q_{n-1}(z) for the orthonormal probabilists' Hermite polynomials, scaled by a common
 * factor exp(-logScale) to stay finite.
 */
function hermitePair(n: number, z: number): [qn: number, qn1: number, logScale: number] {
  let q1 = 1;
  let q0 = 0;
  let logScale = 0;
  for (let j = 0; j < n; j++) {
    const q2 = (z * q1 - Math.sqrt(j) * q0) / Math.sqrt(j + 1);
    q0 = q1;
    q1 = q2;
    if (Math.abs(q1) > BIG) {
      q1 /= BIG;
      q0 /= BIG;
      logScale += LOG_BIG;
    }
  }
  return [q1, q0, logScale];
}

/** Number of eigenvalues of the n x n Hermite Jacobi matrix below x (Sturm count of J - x I). */
function sturmCount(n: number, x: number): number {
  let count = 0;
  let d = -x;
  if (d < 0) count++;
  for (let k = 1; k < n; k++) {
    const prev = d === 0 ? -1e-300 : d;
    d = -x - k / prev;
    if (d < 0) count++;
  }
  return count;
}

/**
 * The n-point probabilists' Gauss-Hermite rule (see the file comment): nodes ascending, weights
 * normalized to sum to 1. Cached per n. Throws InvalidArgumentError for n outside [1, 1000].
 */
export function gaussHermite(n: number): GaussHermiteRule {
  const cached = cache.get(n);
  if (cached) return cached;
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new InvalidArgumentError(`Gauss-Hermite order must be an integer in [1, 1000], got ${n}`);
  }
  const nodes = new Float64Array(n);
  const logw = new Float64Array(n);
  const bound = 2 * Math.sqrt(n) + 2; // Gershgorin: |eigenvalue| <= 2 sqrt(n - 1)
  const half = Math.floor(n / 2);
  for (let i = n - 1; i >= n - half; i--) {
    // node i (0-based ascending) is the smallest x with sturmCount(x) > i
    let lo = 0;
    let hi = bound;
    for (let it = 0; it < 200 && hi - lo > 4 * Number.EPSILON * hi; it++) {
      const mid = 0.5 * (lo + hi);
      if (sturmCount(n, mid) > i) hi = mid;
      else lo = mid;
    }
    let z = 0.5 * (lo + hi);
    for (let it = 0; it < 3; it++) {
      const [qn, qn1] = hermitePair(n, z);
      const dz = qn / (Math.sqrt(n) * qn1);
      if (!Number.isFinite(dz) || Math.abs(dz) > hi - lo + 4 * Number.EPSILON * z) break;
      z -= dz;
    }
    nodes[i] = z;
    nodes[n - 1 - i] = -z;
  }
  if (n % 2 === 1) nodes[half] = 0;
  let maxLog = -Infinity;
  for (let i = 0; i < n; i++) {
    const [, qn1, logScale] = hermitePair(n, nodes[i]!);
    logw[i] = -Math.log(n) - 2 * (Math.log(Math.abs(qn1)) + logScale);
    maxLog = Math.max(maxLog, logw[i]!);
  }
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    weights[i] = Math.exp(logw[i]! - maxLog);
    total += weights[i]!;
  }
  for (let i = 0; i < n; i++) weights[i]! /= total;
  // exact symmetry
  for (let i = 0; i < half; i++) {
    const w = 0.5 * (weights[i]! + weights[n - 1 - i]!);
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  const rule = { nodes, weights };
  cache.set(n, rule);
  return rule;
}

/** E f(z), z ~ N(0, 1), by the n-point Gauss-Hermite rule (default 120 nodes). */
export function gaussianExpectation(f: (z: number) => number, n = 120): number {
  if (typeof f !== "function") throw new InvalidArgumentError(`gaussianExpectation: f must be a function, got ${f === null ? "null" : typeof f}`);
  const { nodes, weights } = gaussHermite(n);
  let s = 0;
  for (let i = 0; i < nodes.length; i++) s += weights[i]! * f(nodes[i]!);
  return s;
}
