/**
 * A cumulative distribution tabulated from a density on an interval [a, b] that vanishes like a
 * square root at both ends, as limiting spectral densities do at soft edges: the Silverstein law's
 * cdf and quantile are built on it, one table per support interval. (A density that blows up at an
 * end, like the arcsine law's, is not for it: rho(x) must be finite up to the ends.)
 *
 * The substitution x = c - h cos(theta) (c, h the centre and half-width) turns integral rho dx into
 * integral f(theta) d(theta) with f = rho(x(theta)) h sin(theta), analytic in theta on [0, pi] when
 * rho is sqrt(x - edge) times an analytic function. f is integrated by adaptive Gauss-Legendre
 * (numerics/gaussLegendre.ts): 32 panels of 8 nodes, each split in two while the halves' sum
 * differs from the whole by more than 1e-14 (sharp features: an edge near a hard edge, narrow
 * intervals; at most 40 levels). On each panel f is kept as its degree-7 Legendre expansion (the
 * exact discrete Legendre transform at the nodes), which integrates in closed form up to any
 * theta: integral_{-1}^u P_n = (P_{n+1}(u) - P_{n-1}(u)) / (2n + 1) (Abramowitz-Stegun 22.13.1 with
 * P_n(-1) = (-1)^n). The quantile inverts that panel integral by the safeguarded Newton of
 * numerics/newton.ts (its derivative is f itself). Cost: 8 density evaluations per panel (~800 for
 * a smooth interval); then O(log panels) per cdf or quantile.
 */
import { InvalidArgumentError, NonFiniteError } from "../errors.js";
import { gaussLegendre } from "./gaussLegendre.js";
import { solveMonotone } from "./newton.js";

const INITIAL_PANELS = 32;
const PANEL_ORDER = 8;
const PANEL_TOLERANCE = 1e-14;
const MAX_PANEL_DEPTH = 40;

/** The cdf of rho on [lower, upper], tabulated (see the file comment). */
export interface TabulatedCdf {
  readonly lower: number;
  readonly upper: number;
  /** integral_lower^upper rho. */
  readonly mass: number;
  /** Number of Gauss-Legendre panels the adaptive rule kept. */
  readonly panels: number;
  /** integral_lower^x rho (0 below lower, mass above upper). */
  cdf(x: number): number;
  /** The x in [lower, upper] with cdf(x) = m (lower for m <= 0, upper for m >= mass). */
  quantile(m: number): number;
}

/** Legendre P_0..P_n at u (three-term recurrence) into out. */
function legendreValues(u: number, n: number, out: Float64Array): void {
  out[0] = 1;
  if (n >= 1) out[1] = u;
  for (let k = 2; k <= n; k++) out[k] = ((2 * k - 1) * u * out[k - 1]! - (k - 1) * out[k - 2]!) / k;
}

interface Panel {
  t0: number;
  t1: number;
  integral: number;
  coef: Float64Array;
}

/**
 * Tabulates integral_a^x rho for x in [a, b] (a < b finite; rho >= 0 finite on (a, b), evaluated
 * only strictly inside). Throws InvalidArgumentError for a bad interval, NonFiniteError when rho
 * returns a non-finite value.
 */
export function tabulateCdf(rho: (x: number) => number, a: number, b: number): TabulatedCdf {
  if (typeof rho !== "function") throw new InvalidArgumentError(`tabulateCdf: rho must be a function, got ${typeof rho}`);
  if (!(a < b) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new InvalidArgumentError(`tabulateCdf: the interval must be finite with a < b, got [${a}, ${b}]`);
  }
  const { nodes, weights } = gaussLegendre(PANEL_ORDER);
  const h = 0.5 * (b - a);
  const P = new Float64Array(PANEL_ORDER + 1);
  // x(theta) from the nearer edge: c - h cos(theta) would lose the digits of x - a near theta = 0
  const xOf = (theta: number) => (theta < Math.PI / 2 ? a + 2 * h * Math.sin(0.5 * theta) ** 2 : b - 2 * h * Math.cos(0.5 * theta) ** 2);
  const panel = (t0: number, t1: number): Panel => {
    const mid = 0.5 * (t0 + t1);
    const half = 0.5 * (t1 - t0);
    const coef = new Float64Array(PANEL_ORDER);
    let integral = 0;
    for (let i = 0; i < PANEL_ORDER; i++) {
      const theta = mid + half * nodes[i]!;
      const x = xOf(theta);
      const f = rho(x) * h * Math.sin(theta);
      if (!Number.isFinite(f)) throw new NonFiniteError(`tabulateCdf: the density at x = ${x} is ${rho(x)}`, "rho", i, f);
      integral += weights[i]! * f;
      legendreValues(nodes[i]!, PANEL_ORDER - 1, P);
      for (let n = 0; n < PANEL_ORDER; n++) coef[n]! += ((2 * n + 1) / 2) * weights[i]! * f * P[n]!;
    }
    return { t0, t1, integral: half * integral, coef };
  };
  const accepted: Panel[] = [];
  const refine = (p: Panel, depth: number): void => {
    const m = 0.5 * (p.t0 + p.t1);
    const left = panel(p.t0, m);
    const right = panel(m, p.t1);
    if (Math.abs(left.integral + right.integral - p.integral) <= PANEL_TOLERANCE || depth >= MAX_PANEL_DEPTH) {
      accepted.push(left, right);
      return;
    }
    refine(left, depth + 1);
    refine(right, depth + 1);
  };
  for (let k = 0; k < INITIAL_PANELS; k++) {
    refine(panel((k * Math.PI) / INITIAL_PANELS, ((k + 1) * Math.PI) / INITIAL_PANELS), 0);
  }
  const count = accepted.length;
  // panel k covers [theta[k], theta[k + 1]]; cumulative[k] is the mass before it
  const theta = new Float64Array(count + 1);
  const cumulative = new Float64Array(count + 1);
  const coefficients = new Float64Array(count * PANEL_ORDER);
  accepted.forEach((p, k) => {
    theta[k] = p.t0;
    cumulative[k + 1] = cumulative[k]! + p.integral;
    coefficients.set(p.coef, k * PANEL_ORDER);
  });
  theta[count] = Math.PI;
  const mass = cumulative[count]!;

  /** Mass of panel k from its start up to local coordinate u in [-1, 1], and f there (d/du of it). */
  const panelIntegral = (k: number, u: number): { value: number; derivative: number } => {
    legendreValues(u, PANEL_ORDER, P);
    const base = k * PANEL_ORDER;
    let value = coefficients[base]! * (u + 1);
    let derivative = coefficients[base]!;
    for (let n = 1; n < PANEL_ORDER; n++) {
      value += (coefficients[base + n]! * (P[n + 1]! - P[n - 1]!)) / (2 * n + 1);
      derivative += coefficients[base + n]! * P[n]!;
    }
    const half = 0.5 * (theta[k + 1]! - theta[k]!);
    return { value: half * value, derivative: half * derivative };
  };

  const cdf = (x: number): number => {
    if (!(x > a)) return 0;
    if (x >= b) return mass;
    const t = 2 * Math.atan2(Math.sqrt(x - a), Math.sqrt(b - x));
    // the panel holding t: binary search on the panel starts
    let lo = 0;
    let hi = count;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (theta[mid]! <= t) lo = mid;
      else hi = mid;
    }
    const u = Math.min(1, Math.max(-1, (2 * (t - theta[lo]!)) / (theta[lo + 1]! - theta[lo]!) - 1));
    return cumulative[lo]! + panelIntegral(lo, u).value;
  };

  const quantile = (m: number): number => {
    if (!(m > 0)) return a;
    if (m >= mass) return b;
    // the panel whose cumulative range holds m
    let lo = 0;
    let hi = count;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < m) lo = mid;
      else hi = mid;
    }
    const k = lo;
    const u = solveMonotone(
      (s) => panelIntegral(k, s).value,
      (s) => panelIntegral(k, s).derivative,
      m - cumulative[k]!,
      -1,
      1,
    );
    return xOf(theta[k]! + 0.5 * (u + 1) * (theta[k + 1]! - theta[k]!));
  };

  return { lower: a, upper: b, mass, panels: count, cdf, quantile };
}
