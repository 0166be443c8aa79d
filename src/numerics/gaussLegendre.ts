/**
 * Gauss-Legendre quadrature on [-1, 1]: integral_{-1}^{1} f ~ sum_i w_i f(x_i). The nodes are the
 * zeros of the Legendre polynomial P_n, i.e. the eigenvalues of its Jacobi matrix (Golub and
 * Welsch 1969); here each is found by Newton's method on the three-term recurrence
 * k P_k = (2k - 1) x P_{k-1} - (k - 1) P_{k-2} from the Tricomi initial guess
 * cos(pi (i + 3/4) / (n + 1/2)) (the classical method, Numerical Recipes `gauleg`), and the
 * weights are w_i = 2 / ((1 - x_i^2) P_n'(x_i)^2). Used by the Silverstein cdf tables, the
 * piecewise Gaussian coefficients of kinked activations, the distances of compare/ and the
 * conjugate-kernel law.
 */
import { InvalidArgumentError } from "../errors.js";

/** A quadrature rule: nodes ascending and their weights. */
export interface GaussLegendreRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const legendreCache = new Map<number, GaussLegendreRule>();

/** P_n(x) and P_n'(x): the three-term recurrence, then (x^2 - 1) P_n' = n (x P_n - P_{n-1}). */
function legendreWithDerivative(n: number, x: number): [pn: number, dpn: number] {
  let p0 = 1;
  let p1 = x;
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return [p1, n === 1 ? 1 : (n * (x * p1 - p0)) / (x * x - 1)];
}

/**
 * The n-point Gauss-Legendre rule on [-1, 1]: nodes ascending and weights (summing to 2), exact
 * for polynomials of degree <= 2n - 1. Cached per n; throws InvalidArgumentError for n outside
 * [1, 512]. Cost O(n^2) per rule.
 */
export function gaussLegendre(n: number): GaussLegendreRule {
  const cached = legendreCache.get(n);
  if (cached) return cached;
  if (!Number.isInteger(n) || n < 1 || n > 512) throw new InvalidArgumentError(`Gauss-Legendre order must be an integer in [1, 512], got ${n}`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let it = 0; it < 100; it++) {
      const [pn, dpn] = legendreWithDerivative(n, x);
      const dx = pn / dpn;
      x -= dx;
      if (Math.abs(dx) <= 1e-16) break;
    }
    // the derivative at the converged node, for the weight
    const dp = legendreWithDerivative(n, x)[1];
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[n - 1 - i] = x;
    nodes[i] = -x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  const rule = { nodes, weights };
  legendreCache.set(n, rule);
  return rule;
}
