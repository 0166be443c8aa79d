/**
 * What every limiting spectral law in theory/ provides (`LimitingLaw`), and the small numerical
 * tools they share: parameter checks, Gauss-Legendre rules, a safeguarded root finder for
 * monotone functions, and density recovery by Stieltjes inversion.
 *
 * Stieltjes convention (everywhere in this package): m(z) = integral rho(dl) / (l - z) for z off
 * the support, so Im m > 0 when Im z > 0, m(z) ~ -1/z at infinity, and rho(x) = lim_{eps -> 0+}
 * Im m(x + i eps) / pi. (Pennington-Worah's G(z) = -m(z).)
 */
import { InvalidArgumentError } from "../errors.js";
import type { Complex } from "./complex.js";

/** A point mass of a law: `mass` at `at`. */
export interface Atom {
  readonly at: number;
  readonly mass: number;
}

/** A closed interval [lower, upper] of the continuous part of a law. */
export type Interval = readonly [lower: number, upper: number];

/**
 * A probability law on the real line, as the compare/ functions consume it: an absolutely
 * continuous part on `support` (disjoint intervals, ascending) plus `atoms`. Masses add to 1.
 */
export interface LimitingLaw {
  /** What the law is, with its parameters (for tables and reports). */
  readonly name: string;
  /** Intervals carrying the absolutely continuous part, ascending and disjoint. */
  readonly support: readonly Interval[];
  /** Point masses (e.g. the Marchenko-Pastur atom 1 - 1/gamma at 0 when gamma > 1). */
  readonly atoms: readonly Atom[];
  /** Lowest and highest edge of the continuous part (the bulk edges). */
  readonly lowerEdge: number;
  readonly upperEdge: number;
  /** Density of the continuous part (atoms excluded); 0 outside the support. */
  density(x: number): number;
  /** P(X <= x), atoms included (right-continuous). */
  cdf(x: number): number;
  /** The generalized inverse inf { x : cdf(x) >= p } for p in [0, 1]; quantile(0) is the lowest point of the law. */
  quantile(p: number): number;
  /** m(z) = integral rho(dl)/(l - z), atoms included; a real z is read as z + i0 (limit from above). */
  stieltjes(z: number | Complex): Complex;
}

// ---------------------------------------------------------------- parameter checks

/** gamma (or any ratio) must be a finite number > 0. */
export function checkPositive(value: number, name: string, what: string): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${name} must be a finite number > 0 (${what}), got ${value}`);
  }
  return value;
}

export function checkFinite(value: number, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${name} must be a finite number, got ${value}`);
  }
  return value;
}

export function checkProbability(p: number, name = "p"): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new InvalidArgumentError(`${name} must be a probability in [0, 1], got ${p}`);
  }
  return p;
}

/** A complex argument with finite parts (a number is read as x + 0i). */
export function checkPoint(z: number | Complex, name = "z"): Complex {
  if (typeof z === "number") {
    if (!Number.isFinite(z)) throw new InvalidArgumentError(`${name} must be finite, got ${z}`);
    return { re: z, im: 0 };
  }
  if (z === null || typeof z !== "object" || !Number.isFinite(z.re) || !Number.isFinite(z.im)) {
    throw new InvalidArgumentError(`${name} must be a number or { re, im } with finite parts, got ${JSON.stringify(z)}`);
  }
  return z;
}

/** A list of finite numbers (spikes, grid points...) as a Float64Array. */
export function checkFiniteList(values: ArrayLike<number>, name: string): Float64Array {
  if (values === null || typeof values !== "object" || typeof values.length !== "number") {
    throw new InvalidArgumentError(`${name} must be an array of numbers`);
  }
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) throw new InvalidArgumentError(`${name}[${i}] must be a finite number, got ${values[i]}`);
  }
  return out;
}

// ---------------------------------------------------------------- quadrature

const legendreCache = new Map<number, { nodes: Float64Array; weights: Float64Array }>();

/**
 * The n-point Gauss-Legendre rule on [-1, 1]: nodes ascending and weights. Nodes by Newton's
 * method on the three-term recurrence of P_n from the Tricomi initial guesses (the classical
 * method, e.g. Numerical Recipes `gauleg`); exact for polynomials of degree <= 2n - 1. Cached.
 */
export function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const cached = legendreCache.get(n);
  if (cached) return cached;
  if (!Number.isInteger(n) || n < 1 || n > 512) throw new InvalidArgumentError(`Gauss-Legendre order must be an integer in [1, 512], got ${n}`);
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pnm1 = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pnm1)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) <= 1e-16) break;
    }
    // recompute the derivative at the converged node for the weight
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= n; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    dp = n === 1 ? 1 : (n * (x * p1 - p0)) / (x * x - 1);
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

/** integral_a^b f by composite Gauss-Legendre: `panels` equal panels of `order` nodes. */
export function integrate(f: (x: number) => number, a: number, b: number, panels = 1, order = 8): number {
  const { nodes, weights } = gaussLegendre(order);
  const h = (b - a) / panels;
  let total = 0;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    let s = 0;
    for (let i = 0; i < order; i++) s += weights[i]! * f(mid + 0.5 * h * nodes[i]!);
    total += 0.5 * h * s;
  }
  return total;
}

// ---------------------------------------------------------------- monotone inversion

/**
 * Solves g(t) = target for a nondecreasing g on [lo, hi] with g(lo) <= target <= g(hi):
 * Newton steps with the derivative dg, falling back to bisection whenever a step leaves the
 * bracket or fails to shrink it fast enough (the safeguarded Newton of Numerical Recipes
 * `rtsafe`). Always terminates: each iteration at least halves the bracket or takes a Newton
 * step inside it, and it stops when the bracket is at rounding level (at most ~200 steps).
 */
export function solveMonotone(
  g: (t: number) => number,
  dg: (t: number) => number,
  target: number,
  lo: number,
  hi: number,
  start?: number,
): number {
  let a = lo;
  let b = hi;
  let t = start !== undefined && start > lo && start < hi ? start : 0.5 * (lo + hi);
  let previousStep = hi - lo;
  for (let it = 0; it < 400; it++) {
    const r = g(t) - target;
    if (r === 0) return t;
    if (r < 0) a = t;
    else b = t;
    if (b - a <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE)) break;
    const d = dg(t);
    const newton = d > 0 && Number.isFinite(d) ? t - r / d : NaN;
    let next: number;
    if (newton > a && newton < b && Math.abs(newton - t) < 0.5 * previousStep) {
      next = newton;
    } else {
      next = 0.5 * (a + b); // Newton left the bracket or is converging slowly: bisect
    }
    previousStep = Math.abs(next - t);
    if (next === t) break;
    t = next;
  }
  return t;
}

// ---------------------------------------------------------------- Stieltjes inversion

/**
 * rho(x) ~ Im m(x + i eps) / pi: the density of a law recovered from its Stieltjes transform at
 * distance eps above the real axis (the Poisson-kernel smoothing of rho at scale eps; the
 * convention m(z) = integral rho(dl)/(l - z) is the one with Im m > 0 above the axis).
 */
export function stieltjesInversion(stieltjes: (z: Complex) => Complex, x: number, epsilon = 1e-9): number {
  checkFinite(x, "x");
  checkPositive(epsilon, "epsilon", "distance above the real axis");
  return stieltjes({ re: x, im: epsilon }).im / Math.PI;
}
