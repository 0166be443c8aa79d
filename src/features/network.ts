/**
 * Two-layer networks, one large gradient step on their first layer, and the spiked random-feature
 * (sRF) model that the step is equivalent to at large batch (../shared/reference/spiked-features.md
 * sections 2-3; Ba et al. 2022, Cui et al. 2024, Dandi et al. 2024).
 *
 * Conventions:
 * - network f(x; W, a) = (1/sqrt p) sum_i a_i sigma(<w_i, x>), W p x d (rows w_i), a_i = abar_i / sqrt p
 *   with abar_i = O(1) drawn from the second-layer law (theory/secondLayer.ts);
 * - first-layer rows uniform on the unit sphere S^{d-1} ('sphere', default: a Gaussian row
 *   normalized) or Gaussian N(0, I_d / d) ('gaussian'); data x ~ N(0, I_d);
 * - single-index target y = sigma*(<w*, x>) + noise xi, |w*| = 1, xi ~ N(0, 1);
 * - one step on the square loss L(W) = (1/(2 n0)) sum_nu (y_nu - f(x_nu))^2 over a fresh batch of
 *   n0 samples: G = -grad_W L, row i g_i = (a_i / sqrt p)(1/n0) sum_nu r_nu sigma'(<w_i, x_nu>) x_nu
 *   with r = y - f_W0(X0), and W1 = W0 + eta_eff G, eta_eff = eta p^s (scaling s = 1/2 'sqrt-p',
 *   s = 1 'p' (the maximal step of the sRF regime), or a given exponent s).
 * - to leading order G = (mu1 / p) abar v_raw^T + Delta with v_raw = X0^T r / n0, so at s = 1
 *   W1 = W0 + theta abar vhat^T + eta Delta, theta = eta mu1 |v_raw|, vhat = v_raw / |v_raw|:
 *   the sRF model W = W0 + theta abar v^T, <v, w*> = gamma, plus a remainder of Frobenius norm
 *   ~ sqrt(p E abar^2 E r^2 Var sigma' / alpha0) eta (alpha0 = n0 / d) that only vanishes at large batch.
 */
// Construction and the sRF model live in twoLayerNetwork.ts, the gradient step and its large-p
// prediction in oneStepGd.ts; this module is their one entry point.
export {
  twoLayerNetwork, networkOutput, spikedRandomFeatures,
  type FirstLayerInit, type TwoLayerNetwork, type TwoLayerNetworkOptions, type SpikedRandomFeatures, type SpikedRandomFeaturesOptions,
} from "./twoLayerNetwork.js";
export {
  oneStepGd, oneStepGdPrediction,
  type OneStepGdOptions, type OneStepGdPrediction, type OneStepGdResult, type SingleIndexTarget, type SingleIndexTargetOptions,
  type StepScaling,
} from "./oneStepGd.js";
