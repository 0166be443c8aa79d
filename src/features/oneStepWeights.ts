/**
 * The first layer whose features oneStepRidge.ts regresses on (issue #18; Cui, Pesce, Dandi,
 * Krzakala, Lu, Zdeborova, Loureiro 2024, section 3; reference spiked-features.md sections 2-3):
 *
 * - 'gradient-step': a network at initialization (twoLayerNetwork: rows of W0 on the unit sphere,
 *   abar = 1) and one step of oneStepGd on n0 fresh samples with eta_eff = eta p (the maximal step,
 *   "eta = Theta(d)" at p = d): W1 = W0 + eta p G, exactly the authors' Simulations.ipynb. Its
 *   `spike` reports the measured strength theta (= r), overlap |<v1, w*>| (= gamma) and bulk scale
 *   sqrt(1 + remainderNorm^2) (= cW).
 * - 'spiked': the spiked random-feature surrogate the theory describes, W = cW W0' + r abar v^T,
 *   target direction w* = gamma v + sqrt(1 - gamma^2) zeta ((v, zeta) orthonormal, Haar), with
 *   r, cW, gamma given or from the step's large-p prediction (oneStepGdPrediction: r = theta,
 *   cW = sqrt(1 + remainderNorm^2), gamma). The issue's two sampler conventions say what W0' is:
 *   - 'notebook': W0' = W0, the rows keep their component <w0_i, v> along the spike, so each
 *     pre-activation carries cW <w0_i, v> kappa on top of r kappa (kappa = <v, x>); this is what the
 *     authors' theory.ipynb describes (its vartheta_j = (U^T W v)_j^2 term);
 *   - 'isotropic': W0' = W0 (I - v v^T), the rows projected off v (not renormalized: an O(1/d)
 *     change), the isotropic model of Dandi et al. 2024's deterministic equivalent (no W0 v term).
 *
 * Without a step (n0 = 0) both give W0 (random features) with a Haar target direction (spike 0, 1, 0),
 * unless a spike is given for 'spiked'. Draw order from `rng`: W0 and abar, then the step's target
 * direction and batch ('gradient-step'), the Haar pair (v, zeta) ('spiked'), or the target direction
 * (no step). Cost: the step 4 n0 p d flops plus its Lanczos diagnostics; the surrogate O(p d).
 */
import { Matrix } from "../matrix.js";
import type { Rng } from "../random/rng.js";
import type { Activation } from "./activations.js";
import { oneStepGd, oneStepGdPrediction } from "./oneStepGd.js";
import { twoLayerNetwork } from "./twoLayerNetwork.js";

export type OneStepFeatureModel = "gradient-step" | "spiked";
export type SamplerConvention = "notebook" | "isotropic";

export interface SpikeParameters {
  /** r: the spike strength (pre-activation r abar_i kappa). */
  r: number;
  /** cW: the bulk scale of the rows (cW W0). */
  cW: number;
  /** gamma = <v, w*> in [-1, 1]. */
  gamma: number;
}

export interface FirstLayerSpec {
  d: number;
  p: number;
  activation: Activation;
  target: { activation: Activation; noise: number };
  /** Batch of the step (0: no step). */
  n0: number;
  eta: number;
  model: OneStepFeatureModel;
  convention: SamplerConvention;
  /** For 'spiked': r, cW, gamma (default: the step's prediction). Checked by the caller. */
  spike?: SpikeParameters;
}

/** The first layer (p x d), the target direction and the spike parameters (see the file comment). */
export function oneStepFirstLayer(c: FirstLayerSpec, rng: Rng): { W: Matrix; wStar: Float64Array; spike: SpikeParameters } {
  const { d, p } = c;
  const net = twoLayerNetwork({ d, p, activation: c.activation, seed: rng });
  const target = { activation: c.target.activation, noise: c.target.noise };
  if (c.model === "gradient-step") {
    if (c.n0 === 0) return { W: net.W, wStar: rng.haarVector(d), spike: { r: 0, cW: 1, gamma: 0 } };
    const step = oneStepGd(net, { batch: c.n0, eta: c.eta, target, seed: rng });
    return {
      W: step.W1,
      wStar: step.target.direction,
      spike: { r: step.spike.theta, cW: Math.sqrt(1 + step.remainderNorm ** 2), gamma: step.spike.overlap },
    };
  }
  let spike: SpikeParameters;
  if (c.spike !== undefined) spike = { r: c.spike.r, cW: c.spike.cW, gamma: c.spike.gamma };
  else if (c.n0 === 0) spike = { r: 0, cW: 1, gamma: 0 };
  else {
    const pred = oneStepGdPrediction(net, { batch: c.n0, eta: c.eta, target });
    spike = { r: pred.theta, cW: Math.sqrt(1 + pred.remainderNorm ** 2), gamma: pred.gamma };
  }
  const frame = rng.haarFrame(d, 2);
  const v = frame.column(0);
  const zeta = frame.column(1);
  const rho = Math.sqrt(Math.max(0, 1 - spike.gamma ** 2));
  const wStar = v.map((x, j) => spike.gamma * x + rho * zeta[j]!);
  const W = new Matrix(p, d);
  for (let i = 0; i < p; i++) {
    const src = net.W.data.subarray(i * d, (i + 1) * d);
    const row = W.data.subarray(i * d, (i + 1) * d);
    let dot = 0;
    if (c.convention === "isotropic") for (let j = 0; j < d; j++) dot += src[j]! * v[j]!;
    // cW (w0_i - dot v) + r abar_i v
    const shift = spike.r * net.abar[i]! - spike.cW * dot;
    for (let j = 0; j < d; j++) row[j] = spike.cW * src[j]! + shift * v[j]!;
  }
  return { W, wStar, spike };
}
