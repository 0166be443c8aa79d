/**
 * The kappa-functions of Result 3.3 of Cui et al. 2024 (arXiv 2402.04980), tabulated on quadrature
 * nodes in kappa ~ N(0, 1), the projection of a fresh input on the spike direction v. As the
 * authors' notebook defines them (SPOC-group/OneStepGD_asymptotics `theory.ipynb`, cells 10-11;
 * ../shared/reference/spiked-features.md section 6.2), with g ~ N(0, 1):
 *   mu0(k)   = E sigma(r k + cW g),
 *   mu1(k)   = E[sigma(r k + cW g) cW g] / cW^2           (the linear coefficient of the bulk cW g),
 *   mu2(k)^2 = E sigma(r k + cW g)^2 - mu0^2 - mu1^2 cW^2 (the rest: conditional Gaussian noise),
 *   h(k) = E sigma*(gamma k + rho g), h1(k) = E[g sigma*(gamma k + rho g)], hh(k) = E sigma*(gamma k + rho g)^2 (+ noise).
 * Conditionally on kappa the feature of neuron i is equivalent to mu0 + mu1 (cW <w0_i, Pi x> + kappa term) + mu2 xi_i
 * (the conditional Gaussian equivalence). Each node costs two composite Gauss-Legendre averages
 * (gaussianAverages.ts): 400 function evaluations.
 */
import { gaussianRule, shiftedMoments, type QuadratureRule, type ScalarFunction } from "./gaussianAverages.js";
import type { OneStepParameters } from "./parameters.js";

/** The kappa-functions on the nodes of a rule (weights sum to 1 for E over kappa ~ N(0, 1)). */
export interface KappaTable {
  readonly kappa: Float64Array;
  readonly weights: Float64Array;
  readonly mu0: Float64Array;
  readonly mu1: Float64Array;
  /** mu2(k)^2 (clipped at 0). */
  readonly mu2sq: Float64Array;
  readonly h: Float64Array;
  readonly h1: Float64Array;
  readonly hh: Float64Array;
}

const KAPPA_HALF_WIDTH = 10;

/**
 * The default rule in kappa: composite Gauss-Legendre (10 nodes), panels of width 1 on [-10, 10], split at
 * the points where the target's kinks land when rho = 0 (kink / gamma); 200 nodes.
 */
export function kappaRule(params: OneStepParameters, target: ScalarFunction): QuadratureRule {
  const kinks: number[] = [];
  if (params.rho === 0 && params.gamma !== 0) {
    for (const k of target.kinks) {
      const c = k / params.gamma;
      if (Math.abs(c) < KAPPA_HALF_WIDTH) kinks.push(c);
    }
  }
  // gaussianRule's panels one sd wide on [-10, 10], split at the kinks; the weights renormalised to
  // sum to 1 (the mass beyond 10 sd, 1.5e-23, dropped)
  const rule = gaussianRule(0, 1, kinks, -KAPPA_HALF_WIDTH, KAPPA_HALF_WIDTH);
  const w = Float64Array.from(rule.weights);
  let total = 0;
  for (const x of w) total += x;
  for (let k = 0; k < w.length; k++) w[k] = w[k]! / total;
  return { nodes: rule.nodes, weights: w };
}

/** Tabulates the kappa-functions of the file comment on `rule` (label noise added to hh). */
export function kappaTable(params: OneStepParameters, sigma: ScalarFunction, target: ScalarFunction, rule: QuadratureRule, noise: number): KappaTable {
  const Q = rule.nodes.length;
  const t = {
    kappa: Float64Array.from(rule.nodes),
    weights: Float64Array.from(rule.weights),
    mu0: new Float64Array(Q),
    mu1: new Float64Array(Q),
    mu2sq: new Float64Array(Q),
    h: new Float64Array(Q),
    h1: new Float64Array(Q),
    hh: new Float64Array(Q),
  };
  const { r, cW, gamma, rho } = params;
  for (let q = 0; q < Q; q++) {
    const k = rule.nodes[q]!;
    const [m0, m1, m2] = shiftedMoments(sigma, r * k, cW, "activation");
    t.mu0[q] = m0;
    t.mu1[q] = m1 / cW;
    t.mu2sq[q] = Math.max(0, m2 - m0 * m0 - m1 * m1);
    const [s0, s1, s2] = shiftedMoments(target, gamma * k, rho, "target");
    t.h[q] = s0;
    t.h1[q] = s1;
    t.hh[q] = s2 + noise;
  }
  return t;
}
