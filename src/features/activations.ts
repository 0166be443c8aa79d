/**
 * Activation functions sigma for random features and two-layer networks: the built-in table
 * (applied in place in WASM by assembly/pointwise.ts, with a TS twin of each for scalar use) and
 * user functions written in TS.
 *
 * | name    | sigma(x)            | sigma'(x)                  |
 * |---------|---------------------|----------------------------|
 * | linear  | x                   | 1                          |
 * | relu    | max(x, 0)           | 1{x > 0}                   |
 * | tanh    | tanh x              | sech^2 x                   |
 * | erf     | erf x               | (2/sqrt(pi)) exp(-x^2)     |
 * | sigmoid | 1/(1 + e^-x)        | s(1 - s)                   |
 * | abs     | abs(x)              | sign x                     |
 * | silu    | x sigmoid(x)        | s + x s(1 - s)             |
 * | gelu    | x Phi(x)            | Phi(x) + x phi(x)          |
 *
 * Note `erf` is erf(x), not erf(x/sqrt 2) (so mu1 = 2/sqrt(3 pi)), and `gelu` is the exact
 * x Phi(x), not the tanh approximation. A user activation is `{ value, derivative?, kinks?, name? }`:
 * without `derivative`, sigma' is a central difference with step 6e-6 max(1, |x|) (relative error
 * about 1e-10 for smooth sigma); `kinks` lists the points where sigma is not smooth, so that the
 * Gaussian coefficients integrate piecewise instead of by Gauss-Hermite (see hermite.ts).
 */
import { InvalidArgumentError, NonFiniteError } from "../errors.js";
import { asVector } from "../validate.js";
import type { KernelExports, Ptr } from "../wasm/exports.js";
import { f64View, withScratch } from "../wasm/memory.js";
import { checkStatus } from "../wasm/status.js";
import { erf, normalCdf, normalPdf } from "../numerics/normal.js";

/** Kind codes of the built-in activations, as assembly/pointwise.ts numbers them. */
export const ACTIVATION_KIND = {
  linear: 0,
  relu: 1,
  tanh: 2,
  erf: 3,
  sigmoid: 4,
  abs: 5,
  silu: 6,
  gelu: 7,
} as const;

export type ActivationName = keyof typeof ACTIVATION_KIND;

/** A user activation written in TS. */
export interface ActivationFunction {
  /** Shown in messages and tables. Default "user". */
  name?: string;
  value: (x: number) => number;
  /** sigma'; default a central difference (see the file comment). */
  derivative?: (x: number) => number;
  /** Points where sigma or sigma' is not smooth (e.g. [0] for a ReLU-like function). */
  kinks?: readonly number[];
}

/** A resolved activation: what every function here takes after `activation(spec)`. */
export interface Activation {
  readonly name: string;
  /** Kind code of a built-in (applied in WASM), or null for a user function (applied in JS). */
  readonly kind: number | null;
  value(x: number): number;
  derivative(x: number): number;
  /** Points where sigma is not smooth, ascending. */
  readonly kinks: readonly number[];
  /** False when sigma' is a finite difference of a user function. */
  readonly exactDerivative: boolean;
}

/** A built-in name, a user function, or an already resolved Activation. */
export type ActivationLike = ActivationName | ActivationFunction | Activation;

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const BUILTIN: Record<ActivationName, Omit<Activation, "name" | "kind" | "exactDerivative">> = {
  linear: { value: (x) => x, derivative: () => 1, kinks: [] },
  relu: { value: (x) => (x > 0 ? x : 0), derivative: (x) => (x > 0 ? 1 : 0), kinks: [0] },
  tanh: {
    value: Math.tanh,
    derivative: (x) => {
      const e = Math.exp(-2 * Math.abs(x));
      return (4 * e) / ((1 + e) * (1 + e));
    },
    kinks: [],
  },
  erf: { value: erf, derivative: (x) => 1.1283791670955126 * Math.exp(-x * x), kinks: [] },
  sigmoid: {
    value: sigmoid,
    derivative: (x) => {
      const e = Math.exp(-Math.abs(x));
      return e / ((1 + e) * (1 + e));
    },
    kinks: [],
  },
  abs: { value: Math.abs, derivative: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), kinks: [0] },
  silu: {
    value: (x) => x * sigmoid(x),
    derivative: (x) => {
      const s = sigmoid(x);
      return s + x * s * (1 - s);
    },
    kinks: [],
  },
  gelu: { value: (x) => x * normalCdf(x), derivative: (x) => normalCdf(x) + x * normalPdf(x), kinks: [] },
};

const resolved = new WeakSet<object>();
const builtinCache = new Map<ActivationName, Activation>();

/** The names of the built-in activations. */
export function activationNames(): ActivationName[] {
  return Object.keys(ACTIVATION_KIND) as ActivationName[];
}

/**
 * Resolves a name or a user function to an Activation. Throws InvalidArgumentError for an unknown
 * name (listing the known ones) or a user object without a `value` function.
 */
export function activation(spec: ActivationLike): Activation {
  if (typeof spec === "string") {
    const cached = builtinCache.get(spec as ActivationName);
    if (cached) return cached;
    if (!Object.prototype.hasOwnProperty.call(ACTIVATION_KIND, spec)) {
      throw new InvalidArgumentError(`unknown activation '${spec}'; the built-in ones are ${activationNames().join(", ")}`);
    }
    const name = spec as ActivationName;
    const a: Activation = Object.freeze({ name, kind: ACTIVATION_KIND[name], exactDerivative: true, ...BUILTIN[name] });
    resolved.add(a);
    builtinCache.set(name, a);
    return a;
  }
  if (spec === null || typeof spec !== "object") {
    throw new InvalidArgumentError(`activation must be a name (${activationNames().join(", ")}) or { value, derivative? }, got ${String(spec)}`);
  }
  if (resolved.has(spec)) return spec as Activation;
  const user = spec as ActivationFunction;
  if (typeof user.value !== "function") {
    throw new InvalidArgumentError("a user activation needs a `value` function (x: number) => number");
  }
  if (user.derivative !== undefined && typeof user.derivative !== "function") {
    throw new InvalidArgumentError("a user activation's `derivative` must be a function (x: number) => number");
  }
  const kinks = Float64Array.from(user.kinks ?? []);
  kinks.forEach((k, i) => {
    if (!Number.isFinite(k)) throw new InvalidArgumentError(`activation kinks[${i}] must be finite, got ${k}`);
  });
  kinks.sort();
  const value = user.value;
  const derivative = user.derivative ?? ((x: number) => {
    const h = 6e-6 * Math.max(1, Math.abs(x));
    return (value(x + h) - value(x - h)) / (2 * h);
  });
  const a: Activation = Object.freeze({
    name: user.name ?? "user",
    kind: null,
    value,
    derivative,
    kinks: Array.from(kinks),
    exactDerivative: user.derivative !== undefined,
  });
  resolved.add(a);
  return a;
}

function checkUserOutput(v: Float64Array, act: Activation, what: string): void {
  for (let i = 0; i < v.length; i++) {
    const y = v[i]!;
    if (y - y !== 0) {
      throw new NonFiniteError(`activation '${act.name}' returned a non-finite ${what} ${y} at entry ${i}`, "activation", i, y);
    }
  }
}

/**
 * In place on n doubles at `ptr` in WASM memory: x := sigma(x) ('value') or sigma'(x)
 * ('derivative'). Built-ins run the WASM kernel; user functions loop in JS over a view and must
 * return finite numbers (NonFiniteError otherwise).
 */
export function applyActivationAt(k: KernelExports, act: Activation, ptr: Ptr, n: number, mode: "value" | "derivative"): void {
  if (n === 0) return;
  if (act.kind !== null) {
    const routine = mode === "value" ? "act_apply" : "act_derivative";
    checkStatus(routine, k[routine](act.kind, n, ptr), { fn: `activation '${act.name}'`, n });
    return;
  }
  const v = f64View(ptr, n, k);
  const f = mode === "value" ? act.value : act.derivative;
  for (let i = 0; i < n; i++) v[i] = f(v[i]!);
  checkUserOutput(v, act, mode);
}

/** In place: dx := sigma'(x), then x := sigma(x), for n doubles at x and dx (disjoint). */
export function applyActivationBothAt(k: KernelExports, act: Activation, x: Ptr, dx: Ptr, n: number): void {
  if (n === 0) return;
  if (act.kind !== null) {
    checkStatus("act_apply_both", k.act_apply_both(act.kind, n, x, dx), { fn: `activation '${act.name}'`, n });
    return;
  }
  const v = f64View(x, n, k);
  const d = f64View(dx, n, k);
  for (let i = 0; i < n; i++) {
    const t = v[i]!;
    d[i] = act.derivative(t);
    v[i] = act.value(t);
  }
  checkUserOutput(v, act, "value");
  checkUserOutput(d, act, "derivative");
}

export interface ApplyActivationOptions {
  /** Return sigma'(x) instead of sigma(x). */
  derivative?: boolean;
}

/**
 * sigma(x) (or sigma'(x)) entrywise for a JS array, computed in WASM for built-ins: a new
 * Float64Array. Throws InvalidArgumentError for an unknown activation, NonFiniteError for a
 * non-finite input entry.
 */
export function applyActivation(x: ArrayLike<number>, act: ActivationLike, options: ApplyActivationOptions = {}): Float64Array {
  const a = activation(act);
  const v = asVector(x, "x");
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!)) throw new NonFiniteError(`x has a non-finite entry ${i} = ${v[i]}`, "x", i, v[i]!);
  }
  if (v.length === 0) return new Float64Array(0);
  return withScratch((s) => {
    const block = s.from(v, "the activation input");
    applyActivationAt(s.k, a, block.ptr, v.length, options.derivative ? "derivative" : "value");
    return block.view().slice();
  });
}
