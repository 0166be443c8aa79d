/**
 * The right-hand side of the deterministic ODEs of one-pass SGD for a two-layer network in high
 * dimension, in the step convention of the trainer (src/dynamics/trainer.ts):
 *
 *   lambda = W x / sqrt(d),  nu = W* x / sqrt(d),  f = c sum_i a_i sigma(lambda_i)  (c = 1/sqrt(p) or 1/p),
 *   w_i <- w_i - (lr / sqrt(d)) (1/n_b) sum_mu dl/dlambda_i(x_mu) x_mu,   time t = steps / d.
 *
 * With M = W W*^T / d (p x k), Q = W W^T / d (p x p), T = W* W*^T / d (k x k) and the Gaussian
 * (lambda, nu) ~ N(0, [[Q, M], [M^T, T]]), as d -> infinity at fixed t (Saad and Solla 1995, Phys. Rev.
 * E 52; Goldt, Advani, Saxe, Krzakala, Zdeborova 2019, NeurIPS, the teacher-student ODEs; the batch-size form of
 * Arnaboldi, Dandi, Krzakala, Loureiro, Pesce, Stephan 2024, "Online learning and information
 * exponents: the importance of batch size", where the noise term is divided by n_b):
 *
 *   dM_ir/dt = -lr E[ dl_i nu_r ]
 *   dQ_ij/dt = -lr E[ dl_i lambda_j + dl_j lambda_i ] + (lr^2 / n_b) E[ dl_i dl_j ]
 *
 * with dl_i = dl/dlambda_i. Derivation: one step changes M_ir by -(lr/d) (1/n_b) sum_mu dl_i nu_r
 * (since x.w*_r / d = nu_r / sqrt(d)) and Q_ij by the two cross terms plus
 * (lr^2/d^2)(1/n_b^2) sum_{mu,mu'} dl_i^mu dl_j^mu' x_mu.x_mu'; the n_b diagonal terms carry
 * |x|^2 = d (1 + O(d^-1/2)), the others x.x' = O(sqrt d) with a mean of order 1, negligible per step.
 * Over d steps (dt = 1) the changes add up to their means: the fluctuations are O(d^-1/2).
 *
 * Losses: square l = (y - f)^2 / 2: dl_i = -(y - f) c a_i sigma'(lambda_i); correlation l = -y f:
 * dl_i = -y c a_i sigma'(lambda_i). Labels y = g(nu) + sqrt(Delta) xi, so E over the noise of
 * dl_i dl_j is c^2 a_i a_j sigma'_i sigma'_j ((g - f)^2 + Delta) (square) or (g^2 + Delta) (correlation).
 *
 * Spherical projection (rows put back on the sphere |w_i|^2 = d after each step): with Q_ii = 1 before
 * the step, w_i / sqrt(1 + dQ_ii) changes M and Q at first order by
 *   dM_ir/dt = F_ir - M_ir G_ii / 2,   dQ_ij/dt = G_ij - Q_ij (G_ii + G_jj) / 2,
 * F, G the unprojected right-hand sides above (the noise term included: it is what pulls a spherical
 * student back, the spherical dynamics of Ben Arous, Gheissari and Jagannath 2021, JMLR 22); Q_ii stays 1.
 *
 * Second layer (trained): the trainer's update a_i <- a_i - (lrSecondLayer / d) (1/n_b) sum_mu dl/da_i,
 * dl/da_i = -(y - f) c sigma(lambda_i) (square) or -y c sigma(lambda_i) (correlation), gives in time t
 * da_i/dt = -lrSecondLayer E[dl/da_i] (its fluctuations are O(d^-1) per step).
 *
 * The test error is the excess error 1/2 E[(g - f)^2] (as train reports it, on noiseless held-out
 * labels; label noise adds Delta / 2), from the same pass.
 * All expectations are one pass over the points of a GaussianRule (gaussianExpectations.ts) in
 * dimension p + k: cost O(points (p + k)^2 + points p^2) per evaluation.
 */
import { InvalidArgumentError } from "../../errors.js";
import type { Activation } from "../../features/activations.js";
import { covarianceRoot, type GaussianRule } from "./gaussianExpectations.js";

/** What the ODE needs to know about the model (resolved options, see solve.ts). */
export interface OdeModel {
  p: number;
  k: number;
  /** The noiseless label g(nu) (nu: k entries). */
  g: (nu: Float64Array) => number;
  /** Total label-noise variance Delta. */
  noiseVariance: number;
  act: Activation;
  /** c: 1/sqrt(p) or 1/p. */
  outScale: number;
  loss: "square" | "correlation";
  lr: number;
  lrSecondLayer: number;
  batchSize: number;
  project: boolean;
  trainSecondLayer: boolean;
  /** T = W* W*^T / d (k x k row-major). */
  T: Float64Array;
  rule: GaussianRule;
}

/** The state vector: M (p x k), then Q (p x p), then a (p), all row-major. */
export function stateLayout(p: number, k: number): { M: number; Q: number; a: number; length: number } {
  if (typeof p !== "number" || typeof k !== "number" || !Number.isInteger(p) || !Number.isInteger(k) || p < 1 || k < 1 || p > 1 << 16 || k > 64) {
    throw new InvalidArgumentError(`stateLayout: p and k must be positive integers (p <= 65536, k <= 64), got p = ${String(p)}, k = ${String(k)}`);
  }
  return { M: 0, Q: p * k, a: p * k + p * p, length: p * k + p * p + p };
}

export interface OdeRates {
  dM: Float64Array;
  dQ: Float64Array;
  da: Float64Array;
  /** 1/2 E (g(nu) - f)^2 at this state (the excess test error; noisy labels add Delta / 2). */
  testError: number;
}

/** Evaluates the right-hand side at `state` (see the file comment); writes into `dstate` when given. */
export function sgdRates(model: OdeModel, state: Float64Array, dstate?: Float64Array): OdeRates {
  const { p, k, act, outScale: c, loss, lr, rule } = model;
  const lay = stateLayout(p, k);
  const D = p + k;
  const omega = new Float64Array(D * D);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) omega[i * D + j] = state[lay.Q + i * p + j]!;
    for (let r = 0; r < k; r++) {
      const m = state[lay.M + i * k + r]!;
      omega[i * D + p + r] = m;
      omega[(p + r) * D + i] = m;
    }
  }
  for (let r = 0; r < k; r++) for (let s = 0; s < k; s++) omega[(p + r) * D + p + s] = model.T[r * k + s]!;
  const L = covarianceRoot(omega, D);
  const a = state.subarray(lay.a, lay.a + p);
  const F = new Float64Array(p * k); // E[dl_i nu_r]
  const B = new Float64Array(p * p); // E[dl_i lambda_j]
  const C = new Float64Array(p * p); // E[s'_i s'_j e2], e2 = E_noise (residual)^2
  const Ga = new Float64Array(p); // E[dl/da_i]
  const s = new Float64Array(p);
  const sp = new Float64Array(p);
  const nu = new Float64Array(k);
  let err = 0;
  const delta = model.noiseVariance;
  const square = loss === "square";
  const u = new Float64Array(D);
  const { points, weights } = rule;
  for (let pt = 0; pt < rule.size; pt++) {
    const off = pt * D;
    for (let r = 0; r < D; r++) {
      let v = 0;
      for (let q = 0; q < D; q++) v += L[r * D + q]! * points[off + q]!;
      u[r] = v;
    }
    const w = weights[pt]!;
    let f = 0;
    for (let i = 0; i < p; i++) {
      s[i] = act.value(u[i]!);
      sp[i] = act.derivative(u[i]!);
      f += a[i]! * s[i]!;
    }
    f *= c;
    for (let r = 0; r < k; r++) nu[r] = u[p + r]!;
    const g = model.g(nu);
    const res = g - f;
    const drive = square ? res : g; // dl_i = -drive c a_i s'_i
    const e2 = (square ? res * res : g * g) + delta;
    err += w * res * res;
    for (let i = 0; i < p; i++) {
      const wdl = -w * drive * c * a[i]! * sp[i]!;
      for (let r = 0; r < k; r++) F[i * k + r]! += wdl * nu[r]!;
      for (let j = 0; j < p; j++) B[i * p + j]! += wdl * u[j]!;
      const wsp = w * sp[i]! * e2;
      for (let j = i; j < p; j++) C[i * p + j]! += wsp * sp[j]!;
      Ga[i]! -= w * drive * c * s[i]!;
    }
  }
  const out = dstate ?? new Float64Array(lay.length);
  const dM = out.subarray(lay.M, lay.M + p * k);
  const dQ = out.subarray(lay.Q, lay.Q + p * p);
  const da = out.subarray(lay.a, lay.a + p);
  const noise = (lr * lr) / model.batchSize;
  for (let i = 0; i < p; i++) {
    for (let r = 0; r < k; r++) dM[i * k + r] = -lr * F[i * k + r]!;
    for (let j = 0; j < p; j++) {
      const cij = i <= j ? C[i * p + j]! : C[j * p + i]!;
      dQ[i * p + j] = -lr * (B[i * p + j]! + B[j * p + i]!) + noise * c * c * a[i]! * a[j]! * cij;
    }
  }
  if (model.project) {
    const G = Float64Array.from(dQ);
    const Q = state.subarray(lay.Q, lay.Q + p * p);
    const M = state.subarray(lay.M, lay.M + p * k);
    for (let i = 0; i < p; i++) {
      for (let r = 0; r < k; r++) dM[i * k + r]! -= 0.5 * M[i * k + r]! * G[i * p + i]!;
      for (let j = 0; j < p; j++) dQ[i * p + j] = G[i * p + j]! - 0.5 * Q[i * p + j]! * (G[i * p + i]! + G[j * p + j]!);
    }
  }
  for (let i = 0; i < p; i++) da[i] = model.trainSecondLayer ? -model.lrSecondLayer * Ga[i]! : 0;
  return { dM, dQ, da, testError: 0.5 * err };
}
