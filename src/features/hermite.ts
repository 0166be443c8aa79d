/**
 * Gaussian (Hermite) coefficients of an activation, z ~ N(0, 1), probabilists' Hermite
 * polynomials He_0 = 1, He_1 = z, He_2 = z^2 - 1, ..., E[He_j He_k] = k! delta_jk:
 *
 *   sigma = sum_k (mu_k / k!) He_k,  mu_k = E[sigma(z) He_k(z)],
 *   mu_0 = E sigma, mu_1 = E[z sigma] = E sigma', mu_2 = E sigma'',
 *   mu*^2 = E sigma^2 - mu_0^2 - mu_1^2 = sum_{k >= 2} mu_k^2 / k!,
 *
 * and the shifted coefficient functions of the spiked random-feature model (a pre-activation
 * z + c with a deterministic shift c):
 *
 *   mu0(c) = E sigma(z + c),  mu1(c) = E[z sigma(z + c)],  mu*^2(c) = E sigma(z + c)^2 - mu0(c)^2 - mu1(c)^2.
 *
 * Methods, by activation:
 * - relu, abs, linear: closed forms (ReLU: mu0(c) = c Phi(c) + phi(c), mu1(c) = Phi(c),
 *   E (z + c)_+^2 = (1 + c^2) Phi(c) + c phi(c); mu_k = He_{k-2}(0) phi(0) for k >= 2, since
 *   sigma'' = delta_0; abs(x) = 2 relu(x) - x). Exact to rounding.
 * - the smooth built-ins and smooth user functions: Gauss-Hermite with 160 nodes by default
 *   (numerics/gaussHermite.ts). Error below 1e-12 for tanh, erf, sigmoid, silu, gelu at shifts
 *   |c| <= 10 (estimated by comparing with 320 nodes; `errorEstimate` reports it).
 * - user functions with `kinks`: composite Gauss-Legendre (16 nodes per unit panel) on
 *   [-20, 20] split at the kinks, so the integrand is smooth on every piece: ~1e-14.
 * mu*^2(c) is computed as E[(sigma(z + c) - mu0(c) - mu1(c) z)^2] by quadrature (no cancellation)
 * and clamped at 0 in the closed forms, where it is a difference of O(1 + c^2) numbers.
 */
import { InvalidArgumentError } from "../errors.js";
import { gaussHermite } from "../numerics/gaussHermite.js";
import { gaussLegendre } from "../numerics/gaussLegendre.js";
import type { ShiftedCoefficients } from "../theory/spikedRf/index.js";
import { activation, type Activation, type ActivationLike } from "./activations.js";
import { normalCdf, normalPdf } from "../numerics/normal.js";

export type CoefficientMethod = "closed-form" | "gauss-hermite" | "piecewise-gauss-legendre";

export interface HermiteOptions {
  /** Gauss-Hermite nodes for smooth activations (default 160). */
  nodes?: number;
  /** Highest k of mu_k to return (default 6). */
  degree?: number;
}

export interface HermiteCoefficients {
  activation: string;
  /** mu_0..mu_degree, mu_k = E[sigma(z) He_k(z)]. */
  mu: Float64Array;
  mu0: number;
  mu1: number;
  mu2: number;
  /** E sigma(z)^2. */
  secondMoment: number;
  /** mu*^2 = E sigma^2 - mu0^2 - mu1^2 (the variance of the nonlinear part). */
  muStar2: number;
  muStar: number;
  /** Var sigma'(z) = E sigma'^2 - mu1^2 (the spread of the gradient's per-neuron factor). */
  derivativeVariance: number;
  method: CoefficientMethod;
  /** Largest change of the returned numbers from doubling the quadrature (0 for closed forms). */
  errorEstimate: number;
}

/** E_z f(z) for a function smooth except at `kinks`: composite Gauss-Legendre split there. */
function piecewiseExpectation(f: (z: number) => number, kinks: readonly number[]): number {
  const L = 20; // phi(20) ~ 5e-88: the rest of the line contributes nothing in double precision
  const cuts = [-L, ...kinks.filter((k) => k > -L && k < L), L];
  const { nodes, weights } = gaussLegendre(16);
  let total = 0;
  for (let s = 0; s + 1 < cuts.length; s++) {
    const a = cuts[s]!;
    const b = cuts[s + 1]!;
    const panels = Math.max(1, Math.ceil(b - a));
    const h = (b - a) / panels;
    for (let q = 0; q < panels; q++) {
      const mid = a + (q + 0.5) * h;
      let part = 0;
      for (let i = 0; i < 16; i++) {
        const z = mid + 0.5 * h * nodes[i]!;
        part += weights[i]! * normalPdf(z) * f(z);
      }
      total += 0.5 * h * part;
    }
  }
  return total;
}

/** An expectation operator E_z[f(z)] for the activation's method (shift c moves the kinks to kink - c). */
function expectation(act: Activation, nodes: number): (f: (z: number) => number, c: number) => number {
  if (act.kinks.length > 0) {
    return (f, c) => piecewiseExpectation(f, act.kinks.map((k) => k - c));
  }
  const rule = gaussHermite(nodes);
  return (f) => {
    let s = 0;
    for (let i = 0; i < rule.nodes.length; i++) s += rule.weights[i]! * f(rule.nodes[i]!);
    return s;
  };
}

function hermiteAtZero(j: number): number {
  // He_j(0) = 0 for odd j, (-1)^{j/2} (j - 1)!! for even j
  if (j % 2 === 1) return 0;
  let v = 1;
  for (let i = j - 1; i > 0; i -= 2) v *= i;
  return (j / 2) % 2 === 0 ? v : -v;
}

function closedForm(name: string, degree: number): Omit<HermiteCoefficients, "activation" | "method" | "errorEstimate"> | null {
  const phi0 = 1 / Math.sqrt(2 * Math.PI);
  const mu = new Float64Array(degree + 1);
  let second: number;
  let dvar: number;
  if (name === "relu") {
    mu[0] = phi0;
    if (degree >= 1) mu[1] = 0.5;
    for (let k = 2; k <= degree; k++) mu[k] = hermiteAtZero(k - 2) * phi0;
    second = 0.5;
    dvar = 0.25;
  } else if (name === "abs") {
    mu[0] = 2 * phi0;
    for (let k = 2; k <= degree; k++) mu[k] = 2 * hermiteAtZero(k - 2) * phi0;
    second = 1;
    dvar = 1;
  } else if (name === "linear") {
    if (degree >= 1) mu[1] = 1;
    second = 1;
    dvar = 0;
  } else {
    return null;
  }
  const m0 = mu[0]!;
  const m1 = name === "relu" ? 0.5 : name === "linear" ? 1 : 0;
  const muStar2 = Math.max(0, second - m0 * m0 - m1 * m1);
  return {
    mu, mu0: m0, mu1: m1, mu2: name === "linear" ? 0 : name === "relu" ? phi0 : 2 * phi0,
    secondMoment: second, muStar2, muStar: Math.sqrt(muStar2), derivativeVariance: dvar,
  };
}

function checkOrder(v: number | undefined, name: string, lo: number, hi: number, dflt: number): number {
  const n = v ?? dflt;
  if (!Number.isInteger(n) || n < lo || n > hi) throw new InvalidArgumentError(`${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  return n;
}

function quadratureCoefficients(act: Activation, nodes: number, degree: number): Omit<HermiteCoefficients, "activation" | "method" | "errorEstimate"> {
  const E = expectation(act, nodes);
  const mu = new Float64Array(degree + 1);
  for (let k = 0; k <= degree; k++) {
    mu[k] = E((z) => {
      // He_k(z) by the recurrence He_{j+1} = z He_j - j He_{j-1}
      let h0 = 1;
      let h1 = z;
      if (k === 0) return act.value(z);
      for (let j = 1; j < k; j++) {
        const h2 = z * h1 - j * h0;
        h0 = h1;
        h1 = h2;
      }
      return act.value(z) * h1;
    }, 0);
  }
  const m0 = mu[0]!;
  const m1 = degree >= 1 ? mu[1]! : E((z) => z * act.value(z), 0);
  const m2 = degree >= 2 ? mu[2]! : E((z) => (z * z - 1) * act.value(z), 0);
  const second = E((z) => act.value(z) ** 2, 0);
  const muStar2 = E((z) => (act.value(z) - m0 - m1 * z) ** 2, 0);
  const d1 = E((z) => act.derivative(z), 0);
  const dvar = E((z) => (act.derivative(z) - d1) ** 2, 0);
  return { mu, mu0: m0, mu1: m1, mu2: m2, secondMoment: second, muStar2, muStar: Math.sqrt(muStar2), derivativeVariance: dvar };
}

/**
 * The Hermite coefficients of sigma (see the file comment for the methods and their accuracy).
 * Throws InvalidArgumentError for an unknown activation or bad options.
 */
export function hermiteCoefficients(act: ActivationLike, options: HermiteOptions = {}): HermiteCoefficients {
  const a = activation(act);
  const nodes = checkOrder(options.nodes, "nodes", 2, 500, 160);
  const degree = checkOrder(options.degree, "degree", 0, 30, 6);
  const exact = a.kind !== null ? closedForm(a.name, degree) : null;
  if (exact) return { activation: a.name, ...exact, method: "closed-form", errorEstimate: 0 };
  const method: CoefficientMethod = a.kinks.length > 0 ? "piecewise-gauss-legendre" : "gauss-hermite";
  const c = quadratureCoefficients(a, nodes, degree);
  let errorEstimate = 0;
  if (method === "gauss-hermite") {
    const fine = quadratureCoefficients(a, Math.min(1000, 2 * nodes), degree);
    const pairs: [number, number][] = [
      [c.mu0, fine.mu0], [c.mu1, fine.mu1], [c.secondMoment, fine.secondMoment], [c.muStar2, fine.muStar2],
      [c.derivativeVariance, fine.derivativeVariance],
    ];
    for (let k = 0; k <= degree; k++) pairs.push([c.mu[k]!, fine.mu[k]!]);
    for (const [x, y] of pairs) errorEstimate = Math.max(errorEstimate, Math.abs(x - y));
  }
  return { activation: a.name, ...c, method, errorEstimate };
}

/** The shifted coefficient functions of an activation (see the file comment). */
export interface ShiftedCoefficientFunctions extends ShiftedCoefficients {
  readonly activation: string;
  readonly method: CoefficientMethod;
  /** E sigma(z + c)^2. */
  secondMoment(c: number): number;
}

function checkShift(c: number): void {
  if (typeof c !== "number" || !Number.isFinite(c)) throw new InvalidArgumentError(`the shift c must be a finite number, got ${c}`);
}

/**
 * mu0(c), mu1(c), mu*^2(c) of sigma (see the file comment): closed forms for relu, abs and linear,
 * Gauss-Hermite (`nodes`, default 160) for smooth activations, piecewise Gauss-Legendre for user
 * functions with kinks. The result is what theory/spikedRf/ takes as `coefficients`.
 */
export function shiftedCoefficients(act: ActivationLike, options: { nodes?: number } = {}): ShiftedCoefficientFunctions {
  const a = activation(act);
  const nodes = checkOrder(options.nodes, "nodes", 2, 500, 160);
  if (a.kind !== null && (a.name === "relu" || a.name === "abs" || a.name === "linear")) {
    const name = a.name;
    const reluMu0 = (c: number) => c * normalCdf(c) + normalPdf(c);
    const reluSecond = (c: number) => (1 + c * c) * normalCdf(c) + c * normalPdf(c);
    const mu0 = (c: number) => {
      checkShift(c);
      return name === "relu" ? reluMu0(c) : name === "abs" ? 2 * reluMu0(c) - c : c;
    };
    const mu1 = (c: number) => {
      checkShift(c);
      return name === "relu" ? normalCdf(c) : name === "abs" ? 2 * normalCdf(c) - 1 : 1;
    };
    const secondMoment = (c: number) => {
      checkShift(c);
      return name === "relu" ? reluSecond(c) : 1 + c * c;
    };
    const muStar2 = (c: number) => {
      if (name === "linear") return 0;
      const m0 = mu0(c);
      const m1 = mu1(c);
      return Math.max(0, secondMoment(c) - m0 * m0 - m1 * m1);
    };
    return Object.freeze({ activation: name, method: "closed-form" as const, mu0, mu1, muStar2, secondMoment });
  }
  const E = expectation(a, nodes);
  const method: CoefficientMethod = a.kinks.length > 0 ? "piecewise-gauss-legendre" : "gauss-hermite";
  const mu0 = (c: number) => {
    checkShift(c);
    return E((z) => a.value(z + c), c);
  };
  const mu1 = (c: number) => {
    checkShift(c);
    return E((z) => z * a.value(z + c), c);
  };
  const secondMoment = (c: number) => {
    checkShift(c);
    return E((z) => a.value(z + c) ** 2, c);
  };
  const muStar2 = (c: number) => {
    const m0 = mu0(c);
    const m1 = mu1(c);
    return E((z) => (a.value(z + c) - m0 - m1 * z) ** 2, c);
  };
  return Object.freeze({ activation: a.name, method, mu0, mu1, muStar2, secondMoment });
}
