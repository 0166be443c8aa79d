/**
 * What every limiting spectral law in theory/ provides (`LimitingLaw`), the parameter checks the
 * laws share, and density recovery by Stieltjes inversion. (Quadrature and root finding live in
 * numerics/.)
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
 * A density that can be read at one point or on a grid: `densities(xs)[i]` equals `density(xs[i])`
 * (to rounding); `densities` is the fast path where a law has one (continuation along the grid).
 */
export interface SpectralDensity {
  /** Density of the continuous part (atoms excluded) at x; 0 outside the support. */
  density(x: number): number;
  /** The density at every point of xs (any order), as density(x) would give it. */
  densities(xs: ArrayLike<number>): Float64Array;
}

/**
 * A probability law on the real line, as the compare/ functions consume it: an absolutely
 * continuous part on `support` (disjoint intervals, ascending) plus `atoms`. Masses add to 1.
 */
export interface LimitingLaw extends SpectralDensity {
  /** What the law is, with its parameters (for tables and reports). */
  readonly name: string;
  /** Intervals carrying the absolutely continuous part, ascending and disjoint. */
  readonly support: readonly Interval[];
  /** Point masses (e.g. the Marchenko-Pastur atom 1 - 1/gamma at 0 when gamma > 1). */
  readonly atoms: readonly Atom[];
  /** Lowest and highest edge of the continuous part (the bulk edges). */
  readonly lowerEdge: number;
  readonly upperEdge: number;
  /** P(X <= x), atoms included (right-continuous). */
  cdf(x: number): number;
  /** The generalized inverse inf { x : cdf(x) >= p } for p in [0, 1]; quantile(0) is the lowest point of the law. */
  quantile(p: number): number;
  /** m(z) = integral rho(dl)/(l - z), atoms included; a real z is read as z + i0 (limit from above). */
  stieltjes(z: number | Complex): Complex;
}

/** `densities` for a law without a grid method: density(x) at each point (checked first). */
export function densitiesByPoint(density: (x: number) => number, xs: ArrayLike<number>): Float64Array {
  return checkFiniteList(xs, "xs").map((x) => density(x));
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

// ---------------------------------------------------------------- Stieltjes inversion

/**
 * rho(x) ~ Im m(x + i eps) / pi: the density of a law recovered from its Stieltjes transform at
 * distance eps above the real axis (the Poisson-kernel smoothing of rho at scale eps; the
 * convention m(z) = integral rho(dl)/(l - z) is the one with Im m > 0 above the axis).
 */
export function stieltjesInversion(stieltjes: (z: Complex) => Complex, x: number, epsilon = 1e-9): number {
  if (typeof stieltjes !== "function") {
    throw new InvalidArgumentError(`stieltjesInversion: stieltjes must be a function z => m(z), got ${stieltjes === null ? "null" : typeof stieltjes}`);
  }
  checkFinite(x, "x");
  checkPositive(epsilon, "epsilon", "distance above the real axis");
  const m = stieltjes({ re: x, im: epsilon });
  if (m === null || typeof m !== "object" || typeof m.im !== "number") {
    throw new InvalidArgumentError("stieltjesInversion: stieltjes must return a complex value { re, im }");
  }
  return m.im / Math.PI;
}
