/**
 * The asymptotic test and training errors of ridge regression on the features of a two-layer network
 * after one large gradient step: the replica equations of Result 3.3 of Cui, Pesce, Dandi, Krzakala,
 * Lu, Zdeborova, Loureiro 2024, "Asymptotics of feature learning in two-layer networks after one
 * gradient-step" (arXiv 2402.04980), as the authors' notebook writes them
 * (SPOC-group/OneStepGD_asymptotics `theory.ipynb`, cells 12-18; ../shared/reference/spiked-features.md
 * section 6.2), with the W0 sample replaced by its deterministic limit (bulkSpectrum.ts) and the
 * width ratio p/d generalized (model.ts).
 *
 * Order parameters u = (q1, q2, V1, V2, T, P, m); with the kappa-functions of kappaFunctions.ts,
 *   V(k) = mu1^2 V1 + mu2^2 V2,   c(k) = mu0 m + mu1 k T,
 *   B(k) = c^2 + hh - 2 c h - 2 mu1 P h1 + mu1^2 q1 + mu2^2 q2        (the error at kappa = k).
 * Hats (E over k ~ N(0, 1); aP = n/p, aD = n/d):
 *   qhat1 = aP E[mu1^2 B/(1+V)^2], qhat2 = aP E[mu2^2 B/(1+V)^2], Vhat1 = aP E[mu1^2/(1+V)], Vhat2 = aP E[mu2^2/(1+V)],
 *   That = aD E[k mu1 (h - c)/(1+V)], Phat = aD E[h1 mu1/(1+V)].
 * Overlaps (< > the bulk average of bulkSpectrum.ts; S = lambda + Vhat1 D + Vhat2,
 * N = qhat1 D + qhat2 + (aP/aD)(That^2 vartheta + Phat^2 D)):
 *   q1 = <D N/S^2>, q2 = <N/S^2>, V1 = <D/S>, V2 = <1/S>, T = That vartheta <1/S>, P = Phat <D/S>,
 *   m = E[mu0 (h - mu1 k T)/(1+V)] / E[mu0^2/(1+V)]   (m = 0 when mu0 = 0 on every node).
 * Test error E B(k); training error E[B(k)/(1+V(k))^2] (the residual of the proximal step of the
 * square loss, (y - omega)/(1 + V)).
 * Solver: the notebook's damped iteration u <- (1 - damping) G(u) + damping u from the notebook's
 * start, until |G(u) - u|_inf <= tol max(1, |u|_inf); ConvergenceError (with the last iterate as
 * `partial`) at maxIter or when an iterate is not finite. Cost per iteration O(Q + M) (Q = 200 kappa
 * nodes, M = 256 bulk nodes): a few microseconds; 30-300 iterations at damping 0.5.
 */
import { ConvergenceError } from "../../errors.js";
import { bulkAverage } from "./bulkSpectrum.js";
import { oneStepModel, type OneStepModel, type OneStepTheoryOptions, type OneStepConvention } from "./model.js";
import type { OneStepParameters } from "./parameters.js";

/** The order parameters of the file comment and their conjugates. */
export interface OneStepOrderParameters {
  readonly q1: number;
  readonly q2: number;
  readonly V1: number;
  readonly V2: number;
  readonly T: number;
  readonly P: number;
  readonly m: number;
  readonly qhat1: number;
  readonly qhat2: number;
  readonly Vhat1: number;
  readonly Vhat2: number;
  readonly That: number;
  readonly Phat: number;
}

export interface OneStepPrediction {
  /** Asymptotic test error E (y - yhat)^2 on a fresh sample. */
  readonly testError: number;
  /** Asymptotic training error (1/n) sum (y_nu - yhat_nu)^2. */
  readonly trainError: number;
  readonly orderParameters: OneStepOrderParameters;
  /** The sRF parameters r, cW, gamma of the step. */
  readonly parameters: OneStepParameters;
  readonly convention: OneStepConvention;
  /** Iterations (replica) or Anderson sweeps (equivalent route). */
  readonly iterations: number;
  /** |G(u) - u|_inf at the returned point (G the replica map). */
  readonly residual: number;
}

/** The hats at u = [q1, q2, V1, V2, T, P, m]. */
export function hatsAt(model: OneStepModel, u: ArrayLike<number>): { qhat1: number; qhat2: number; Vhat1: number; Vhat2: number; That: number; Phat: number; test: number; train: number } {
  const [q1, q2, V1, V2, T, P, m] = [u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!];
  const t = model.table;
  let a1 = 0, a2 = 0, b1 = 0, b2 = 0, th = 0, ph = 0, test = 0, train = 0;
  for (let i = 0; i < t.kappa.length; i++) {
    const w = t.weights[i]!;
    const k = t.kappa[i]!;
    const f1 = t.mu1[i]! * t.mu1[i]!;
    const f2 = t.mu2sq[i]!;
    const inv = 1 / (1 + f1 * V1 + f2 * V2);
    const c = t.mu0[i]! * m + t.mu1[i]! * k * T;
    const B = c * c + t.hh[i]! - 2 * c * t.h[i]! - 2 * t.mu1[i]! * P * t.h1[i]! + f1 * q1 + f2 * q2;
    const inv2 = inv * inv;
    a1 += w * f1 * B * inv2;
    a2 += w * f2 * B * inv2;
    b1 += w * f1 * inv;
    b2 += w * f2 * inv;
    th += w * k * t.mu1[i]! * (t.h[i]! - c) * inv;
    ph += w * t.h1[i]! * t.mu1[i]! * inv;
    test += w * B;
    train += w * B * inv2;
  }
  const { alphaP: aP, alphaD: aD } = model;
  return { qhat1: aP * a1, qhat2: aP * a2, Vhat1: aP * b1, Vhat2: aP * b2, That: aD * th, Phat: aD * ph, test, train };
}

/** The replica map G(u) (the overlaps from the hats at u, and m at u). */
export function replicaMap(model: OneStepModel, u: ArrayLike<number>, out: Float64Array): void {
  const h = hatsAt(model, u);
  const { lambda, vartheta, bulk, alphaP, alphaD } = model;
  const teacher = alphaP / alphaD;
  out[0] = bulkAverage(bulk, (D) => {
    const S = lambda + h.Vhat1 * D + h.Vhat2;
    return (D * (h.qhat1 * D + h.qhat2 + teacher * (h.That * h.That * vartheta + h.Phat * h.Phat * D))) / (S * S);
  });
  out[1] = bulkAverage(bulk, (D) => {
    const S = lambda + h.Vhat1 * D + h.Vhat2;
    return (h.qhat1 * D + h.qhat2 + teacher * (h.That * h.That * vartheta + h.Phat * h.Phat * D)) / (S * S);
  });
  const V1 = bulkAverage(bulk, (D) => D / (lambda + h.Vhat1 * D + h.Vhat2));
  const V2 = bulkAverage(bulk, (D) => 1 / (lambda + h.Vhat1 * D + h.Vhat2));
  out[2] = V1;
  out[3] = V2;
  out[4] = h.That * vartheta * V2;
  out[5] = h.Phat * V1;
  out[6] = meanOverlap(model, u[2]!, u[3]!, u[4]!);
}

/** m = E[mu0 (h - mu1 k T)/(1+V)] / E[mu0^2/(1+V)] (0 when mu0 vanishes on the nodes). */
export function meanOverlap(model: OneStepModel, V1: number, V2: number, T: number): number {
  const t = model.table;
  let num = 0, den = 0, scale = 0;
  for (let i = 0; i < t.kappa.length; i++) {
    const inv = 1 / (1 + t.mu1[i]! * t.mu1[i]! * V1 + t.mu2sq[i]! * V2);
    const w = t.weights[i]! * inv;
    num += w * t.mu0[i]! * (t.h[i]! - t.mu1[i]! * t.kappa[i]! * T);
    den += w * t.mu0[i]! * t.mu0[i]!;
    scale += t.weights[i]! * (t.mu1[i]! * t.mu1[i]! + t.mu2sq[i]!);
  }
  return den > 1e-28 * Math.max(scale, 1e-300) && den > 1e-300 ? num / den : 0;
}

/** The prediction at a fixed point u (shared by both routes). */
export function predictionAt(model: OneStepModel, u: Float64Array, iterations: number): OneStepPrediction {
  const h = hatsAt(model, u);
  const g = new Float64Array(7);
  replicaMap(model, u, g);
  let residual = 0;
  for (let i = 0; i < 7; i++) residual = Math.max(residual, Math.abs(g[i]! - u[i]!));
  return {
    testError: h.test,
    trainError: h.train,
    orderParameters: {
      q1: u[0]!, q2: u[1]!, V1: u[2]!, V2: u[3]!, T: u[4]!, P: u[5]!, m: u[6]!,
      qhat1: h.qhat1, qhat2: h.qhat2, Vhat1: h.Vhat1, Vhat2: h.Vhat2, That: h.That, Phat: h.Phat,
    },
    parameters: model.parameters,
    convention: model.convention,
    iterations,
    residual,
  };
}

/**
 * The test and training errors after one gradient step (Result 3.3 of Cui et al. 2024, solved by
 * the damped fixed point of the file comment). Options and conventions: model.ts.
 */
export function oneStepTestError(options: OneStepTheoryOptions): OneStepPrediction {
  const model = oneStepModel(options, "oneStepTestError");
  return solveReplica(model);
}

/** The damped iteration on a prepared model. */
export function solveReplica(model: OneStepModel): OneStepPrediction {
  const u = Float64Array.from([0.1, 0.2, 3, 3, 0.5, 0.5, 1.5]); // the notebook's start (get_curves)
  const g = new Float64Array(7);
  const { damping, tol, maxIter } = model;
  let residual = Infinity;
  for (let it = 1; it <= maxIter; it++) {
    replicaMap(model, u, g);
    residual = 0;
    let size = 1;
    for (let i = 0; i < 7; i++) {
      if (!Number.isFinite(g[i]!)) {
        throw new ConvergenceError(`oneStepTestError: the fixed point diverged at iteration ${it} (order parameter ${i} = ${g[i]}); lower the damping's complement or check the inputs`, it, Infinity, Float64Array.from(u));
      }
      residual = Math.max(residual, Math.abs(g[i]! - u[i]!));
      size = Math.max(size, Math.abs(g[i]!));
    }
    if (residual <= tol * size) {
      u.set(g);
      return predictionAt(model, u, it);
    }
    for (let i = 0; i < 7; i++) u[i] = (1 - damping) * g[i]! + damping * u[i]!;
  }
  throw new ConvergenceError(
    `oneStepTestError: no fixed point within maxIter = ${maxIter} iterations (residual ${residual.toExponential(2)} > tol ${model.tol}); raise maxIter or the damping`,
    maxIter, residual, Float64Array.from(u));
}
