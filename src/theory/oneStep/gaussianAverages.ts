/**
 * Gaussian averages of user functions that may have kinks: the quadrature under every theory of
 * the one-step model (oneStep/). A function comes in as a plain `(z) => number` or as
 * `{ value, derivative?, kinks? }` (the shape of features/ `ActivationFunction` and of a resolved
 * `Activation`, so either passes unchanged; theory/ cannot import features/).
 *
 * Rule: composite Gauss-Legendre (10 nodes per panel) over mean +- 10 standard deviations, panels
 * one standard deviation wide, and split at every kink that falls inside. Gauss-Hermite converges
 * only algebraically across a kink (about 1e-3 at 120 nodes for ReLU, numerics/gaussHermite.ts);
 * split at the kink the rule is exact to ~1e-13 for piecewise-smooth functions. The Gaussian tail
 * beyond 10 standard deviations (< 1e-22) is dropped. A bare function without `kinks` is treated
 * as smooth: a kink then costs ~1e-5 relative accuracy (ReLU without kinks: 1.3e-5 on a test error).
 * Cost: 200 function evaluations per average (plus 10 per kink).
 */
import { InvalidArgumentError } from "../../errors.js";
import { gaussLegendre } from "../../numerics/gaussLegendre.js";

/** A scalar function, bare or with its derivative and its non-smooth points. */
export type ScalarFunctionSpec =
  | ((z: number) => number)
  | { value: (z: number) => number; derivative?: (z: number) => number; kinks?: readonly number[] };

/** A ScalarFunctionSpec resolved: value, derivative (exact or central difference) and kinks. */
export interface ScalarFunction {
  readonly value: (z: number) => number;
  readonly derivative: (z: number) => number;
  readonly kinks: readonly number[];
}

const PANEL_NODES = 10;
const HALF_WIDTH = 10;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Resolves a spec; InvalidArgumentError naming `what` when it is neither a function nor { value }. */
export function scalarFunction(spec: unknown, what: string): ScalarFunction {
  let value: (z: number) => number;
  let derivative: ((z: number) => number) | undefined;
  let kinks: readonly number[] = [];
  if (typeof spec === "function") {
    value = spec as (z: number) => number;
  } else if (spec !== null && typeof spec === "object" && typeof (spec as { value?: unknown }).value === "function") {
    const s = spec as { value: (z: number) => number; derivative?: unknown; kinks?: unknown };
    value = (z) => s.value(z);
    if (s.derivative !== undefined) {
      if (typeof s.derivative !== "function") throw new InvalidArgumentError(`${what}.derivative must be a function`);
      const dv = s.derivative as (z: number) => number;
      derivative = (z) => dv(z);
    }
    if (s.kinks !== undefined) {
      if (!Array.isArray(s.kinks) || !s.kinks.every((k) => typeof k === "number" && Number.isFinite(k))) {
        throw new InvalidArgumentError(`${what}.kinks must be an array of finite numbers`);
      }
      kinks = [...(s.kinks as number[])].sort((a, b) => a - b);
    }
  } else {
    throw new InvalidArgumentError(`${what} must be a function (z) => number or { value(z), derivative?(z), kinks? }, got ${spec === null ? "null" : typeof spec}`);
  }
  const probe = value(0.3);
  if (typeof probe !== "number" || !Number.isFinite(probe)) {
    throw new InvalidArgumentError(`${what}(0.3) = ${String(probe)}: the function must return finite numbers`);
  }
  const central = (z: number) => {
    const h = 1e-5 * Math.max(1, Math.abs(z));
    return (value(z + h) - value(z - h)) / (2 * h);
  };
  return { value, derivative: derivative ?? central, kinks };
}

/** Nodes and weights of a quadrature rule. */
export interface QuadratureRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

/**
 * The composite rule for E f(mean + sd g), g ~ N(0, 1), as nodes u and weights in u (the Gaussian
 * density included): panels one sd wide over mean +- 10 sd, split at the kinks inside.
 */
export function gaussianRule(mean: number, sd: number, kinks: readonly number[], from = mean - HALF_WIDTH * sd, to = mean + HALF_WIDTH * sd): QuadratureRule {
  const gl = gaussLegendre(PANEL_NODES);
  const lo = from;
  const hi = to;
  const cuts: number[] = [lo, hi];
  for (let i = 1; lo + i * sd < hi - 1e-12 * sd; i++) cuts.push(lo + i * sd);
  for (const k of kinks) if (k > lo && k < hi) cuts.push(k);
  cuts.sort((a, b) => a - b);
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let j = 0; j + 1 < cuts.length; j++) {
    const a = cuts[j]!;
    const b = cuts[j + 1]!;
    if (!(b - a > 1e-14 * sd)) continue;
    const half = 0.5 * (b - a);
    const mid = 0.5 * (a + b);
    for (let i = 0; i < PANEL_NODES; i++) {
      const u = mid + half * gl.nodes[i]!;
      const g = (u - mean) / sd;
      nodes.push(u);
      weights.push((half * gl.weights[i]! * INV_SQRT_2PI * Math.exp(-0.5 * g * g)) / sd);
    }
  }
  return { nodes: Float64Array.from(nodes), weights: Float64Array.from(weights) };
}

/** The standard panels in g: node g and weight (Gaussian density included), panel-major. */
let standardPanels: { g: Float64Array; w: Float64Array } | null = null;

function panels(): { g: Float64Array; w: Float64Array } {
  if (standardPanels === null) {
    const rule = gaussianRule(0, 1, []);
    standardPanels = { g: rule.nodes, w: rule.weights };
  }
  return standardPanels;
}

/**
 * [E F(u), E[g F(u)], E F(u)^2] for u = mean + sd g, g ~ N(0, 1) (sd = 0: the point values), with
 * the rule of the file comment: the precomputed standard panels in g, and a panel that holds a kink
 * split there. No allocation unless a kink falls inside. InvalidArgumentError when F is not finite at a node.
 */
export function shiftedMoments(f: ScalarFunction, mean: number, sd: number, what: string): [number, number, number] {
  if (sd === 0) {
    const v = f.value(mean);
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`${what}(${mean}) = ${v} is not finite`);
    return [v, 0, v * v];
  }
  const std = panels();
  let m0 = 0;
  let m1 = 0;
  let m2 = 0;
  const add = (g: number, w: number) => {
    const u = mean + sd * g;
    const v = f.value(u);
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`${what}(${u}) = ${v} is not finite`);
    m0 += w * v;
    m1 += w * v * g;
    m2 += w * v * v;
  };
  // kinks in g, inside (-10, 10)
  let kinked: number[] | null = null;
  for (const k of f.kinks) {
    const g = (k - mean) / sd;
    if (g > -HALF_WIDTH && g < HALF_WIDTH && Math.abs(g - Math.round(g)) > 1e-12) (kinked ??= []).push(g);
  }
  const panelCount = 2 * HALF_WIDTH;
  for (let j = 0; j < panelCount; j++) {
    const a = -HALF_WIDTH + j;
    const inside = kinked === null ? null : kinked.filter((g) => g > a && g < a + 1);
    if (inside === null || inside.length === 0) {
      for (let i = j * PANEL_NODES; i < (j + 1) * PANEL_NODES; i++) add(std.g[i]!, std.w[i]!);
      continue;
    }
    const sub = gaussianRule(0, 1, inside, a, a + 1);
    for (let i = 0; i < sub.nodes.length; i++) add(sub.nodes[i]!, sub.weights[i]!);
  }
  return [m0, m1, m2];
}

/** E F(g) for g ~ N(0, 1) with the composite rule (kinks of `kinks` respected). */
export function gaussianMean(fn: (z: number) => number, kinks: readonly number[], what: string): number {
  const rule = gaussianRule(0, 1, kinks);
  let s = 0;
  for (let i = 0; i < rule.nodes.length; i++) {
    const v = fn(rule.nodes[i]!);
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`${what}(${rule.nodes[i]}) = ${v} is not finite`);
    s += rule.weights[i]! * v;
  }
  return s;
}
