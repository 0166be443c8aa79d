/**
 * Predictions of the spiked random-feature sweep that sit on top of the spiked-RF deterministic
 * equivalent (src/theory/spikedRf/): how many order-p modes the mean of the features carries,
 * the predicted overlap of a mode's eigenvector with the span of the second-layer groups, and the
 * small-step threshold theta_c = O(p^{-1/2}) of the first mode. Pure functions of the parameters.
 */
import { jacobiEigh } from "../numerics/jacobi.js";
import { ckUpperEdge } from "./conjugateKernel.js";
import type { ShiftedCoefficients, SpikedRfEquivalent } from "./spikedRf/index.js";

export interface SrfThresholdOptions {
  n: number;
  p: number;
  d: number;
  /** The activation's Hermite coefficients (mu0 = E sigma(z), mu1 = E z sigma(z), mu*^2 = the rest of E sigma^2). */
  coefficients: { mu0: number; mu1: number; muStar2: number };
  secondLayer: "ones" | "plusminus";
}

/**
 * The number of order-p modes the mean of the features carries: the rank of
 * Pi^{1/2} A Pi^{1/2}, A_kl = E[m_k m_l], m_k(kappa) = mu0(theta alpha_k kappa) (reference 5.1), on the
 * equivalent's kappa nodes; at least 1 (the would-be mode whose emergence the sweep watches).
 * Structural zeros: theta = 0 (every m_k is the constant mu0), or an odd sigma with abar = +-1
 * (m_- = -m_+), where K = 2 groups still carry one mode.
 */
export function srfModeCount(de: SpikedRfEquivalent, coefficients: ShiftedCoefficients): number {
  const K = de.law.values.length;
  const B = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      let t = 0;
      for (let q = 0; q < de.kappa.length; q++) {
        const x = de.theta * de.kappa[q]!;
        t += de.weights[q]! * coefficients.mu0(x * de.law.values[k]!) * coefficients.mu0(x * de.law.values[l]!);
      }
      B[k * K + l] = B[l * K + k] = t * Math.sqrt(de.law.probs[k]! * de.law.probs[l]!);
    }
  }
  const { values } = jacobiEigh(B, K);
  const top = values[K - 1]!;
  let count = 0;
  for (const v of values) if (v > 1e-9 * top && top > 0) count++;
  return Math.max(1, count);
}

/**
 * Squared norm of the projection of the mode's feature-space eigenvector onto the span of the group
 * indicators e_k = 1_k / sqrt(p_k) (where the mean M0 = sum_k m_k(kappa) 1_k^T of the features lives),
 * from the residue of the deterministic equivalent at the outlier lambda. Derivation (this file's own,
 * following the rank-K reduction behind reference 5.1's det(I + n T C) = 0; checked against
 * simulation in test/sweep/models-srf.test.ts, through the srf sweep): write the features F = sum_k sqrt(p_k) w_k e_k^T + F_perp
 * with w_k = m_k + (group mean of the bulk columns), F_perp independent of the w_k given the data; then
 * F F^T / n = F_perp F_perp^T / n + W D W^T, D = diag(p_k / n), and with S(z) = W^T (F_perp F_perp^T / n - z)^{-1} W
 * ~ n T(z) + diag(n delta_k(z) / p_k) (delta_k = psi_k / c_k - 1), the outlier solves det(I + D S) = 0
 * (the same as det(I + n C T) = 0), its sample-space eigenvector is -R W q with (I + D S) q = 0 and
 * q^T S'(lambda) q = 1, and its feature-space projections are <u, e_k> = q_k sqrt(n / (p_k lambda)).
 * S' is taken by central differences (step 1e-6 lambda) of the equivalent at real z above the bulk.
 */
export function srfSpanOverlap(de: SpikedRfEquivalent, coefficients: ShiftedCoefficients, lambda: number): number {
  const K = de.law.values.length;
  const { n, p } = de;
  const Q = de.kappa.length;
  const m = new Float64Array(K * Q);
  for (let k = 0; k < K; k++) for (let q = 0; q < Q; q++) m[k * Q + q] = coefficients.mu0(de.theta * de.law.values[k]! * de.kappa[q]!);
  const at = (z: number) => {
    const pt = de.stieltjes(z);
    const T = new Float64Array(K * K);
    for (let q = 0; q < Q; q++) {
      const r = pt.state[2 * q]!; // r(kappa_q; z), real above the bulk
      for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) T[k * K + l]! += de.weights[q]! * m[k * Q + q]! * m[l * Q + q]! * r;
    }
    const delta = pt.c.map((c, k) => (de.law.probs[k]! * de.psi) / c.re - 1);
    return { T, c: pt.c.map((c) => c.re), delta };
  };
  const mid = at(lambda);
  // q = C^{1/2} v with v the eigenvector of n C^{1/2} T C^{1/2} whose eigenvalue is -1 at the root
  const S = new Float64Array(K * K);
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) S[k * K + l] = n * Math.sqrt(mid.c[k]! * mid.c[l]!) * mid.T[k * K + l]!;
  const eig = jacobiEigh(S, K);
  let j = 0;
  for (let i = 1; i < K; i++) if (Math.abs(eig.values[i]! + 1) < Math.abs(eig.values[j]! + 1)) j = i;
  const qv = Array.from({ length: K }, (_, k) => Math.sqrt(mid.c[k]!) * eig.vectors.data[k * K + j]!);
  const h = 1e-6 * lambda;
  const up = at(lambda + h);
  const down = at(lambda - h);
  let norm = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      let dS = (n * (up.T[k * K + l]! - down.T[k * K + l]!)) / (2 * h);
      if (k === l) dS += (n * (up.delta[k]! - down.delta[k]!)) / (2 * h) / (de.law.probs[k]! * p);
      norm += qv[k]! * dS * qv[l]!;
    }
  }
  let span = 0;
  for (let k = 0; k < K; k++) span += (qv[k]! * qv[k]! * n) / (norm * de.law.probs[k]! * p * lambda);
  return span;
}

/**
 * The threshold of the first mode of the spiked random features, in theta. It sits at theta = O(p^{-1/2}),
 * where the spike is a small step (reference 5.3 with beta^2 = theta^2 |abar|^2, |abar|^2 = p E abar^2,
 * and without its p/d term: the first-layer rows here are orthogonal to v, so W0 v = 0) on the
 * theta = 0 bulk (the plain-RF quartic, theory/conjugateKernel.ts), h = [z g_n g_p] at its upper edge:
 * - the mean mode (constant m = mu0 along the all-ones neuron direction) is an outlier already at
 *   theta = 0 when p mu0^2 h > 1: threshold 0 (relu, sigmoid, abs, silu, gelu at any sensible p);
 * - else, for abar = 1 the mean and the linear part mu1 theta kappa share the neuron direction, one mode
 *   with |m|^2 / n = mu0^2 + mu1^2 theta^2: theta_c^2 = (1 / (p h) - mu0^2) / mu1^2;
 * - for abar = +-1 (mean 0) the linear mode mu1 theta kappa abar decouples from the mean mode:
 *   theta_c^2 = 1 / (p h mu1^2).
 * NaN when mu1 = 0 and the mean mode is not an outlier (no transition of this kind).
 * `coefficients` are the activation's Hermite coefficients mu0, mu1, mu*^2 (features/hermite.ts
 * hermiteCoefficients).
 */
export function srfThreshold(options: SrfThresholdOptions): number {
  const { n, p, d, secondLayer } = options;
  const h0 = options.coefficients;
  const e = ckUpperEdge({ n, p, d, mu1: h0.mu1, muStar2: h0.muStar2 });
  const gp = (n / p) * e.gn - (1 - n / p) / e.edge;
  const hEdge = e.edge * e.gn * gp;
  if (p * h0.mu0 * h0.mu0 * hEdge > 1) return 0;
  if (h0.mu1 === 0) return NaN;
  const numerator = secondLayer === "ones" ? 1 / (p * hEdge) - h0.mu0 * h0.mu0 : 1 / (p * hEdge);
  return Math.sqrt(Math.max(0, numerator) / (h0.mu1 * h0.mu1));
}
