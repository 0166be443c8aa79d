/**
 * Shared check of test/features/oneStepGradientStep*.test.ts (issue #18, "simulations at d >= 1000 match
 * the prediction within their standard error"): the REAL gradient step (oneStepRidge, model
 * 'gradient-step': oneStepGd on n0 = alpha0 d fresh samples, eta_eff = eta p, then ridge on fresh
 * samples; the pipeline of the authors' Simulations.ipynb) against Result 3.3 (oneStepTestError), at
 * d = p = 1000, 8 seeds (seeds 500-507), three alphas sharing one step per seed.
 *
 * Assertions, per alpha, with mean and standard error (SE) over the seeds:
 *  - the check has power: SE <= 3% of the prediction (so a 10% gap could not pass);
 *  - |mean - prediction| <= 3 SE (no added tolerance);
 *  - the simulation is not the random-features baseline (eta = 0): at the first alpha the baseline
 *    is more than 6 SE away.
 * The prediction uses `initialOutput` (theory/oneStep/parameters.ts): "neglected" is the notebook's
 * mapping from the step to the sRF, exact for centered students (tanh: mu0 = mu2 = 0, where both
 * options coincide); "included" keeps the initial network output mu0 in the step's residual, which
 * rescales W0's rows by s = 1 + eta mu2 (E y - mu0) (ReLU: s = 1 - eta / (2 pi)).
 *
 * Why the ReLU cases use a mild step (alpha0 = 8, eta = 1): the linear part of the step's fluctuation,
 * eta mu2 W0 (X0^T diag(r) X0 / n0 - E), is a random matrix acting on W0 that no sRF represents; it
 * lowers the test error by 2-5% below the "included" prediction at alpha0 = 4, eta = 2 at d = 500,
 * 1000 and 2000 alike (not a finite-size effect; measured in test/features/fixtures/oneStepStepStructure.py,
 * checked in oneStepStepStructure.test.ts). Its size is set by eta^2 E r^2 mu2^2 / alpha0 (0.18 there,
 * 0.047 at alpha0 = 8, eta = 2 for sin(z), where the simulation still sits 0.7-2.6% below, 8 seeds at
 * d = 1000, and 0.02 at alpha0 = 8, eta = 1, where it is within the standard error); it vanishes for
 * tanh (mu2 = 0).
 *
 * Why tanh uses alpha0 = 4, eta = 2 and not the notebook's alpha0 = 20, eta = 3: that step costs
 * 4 n0 p d = 8e10 flops per seed (too slow for 8 seeds here), and there the real step sits 0-4% below
 * the prediction at alpha >= 1.5 (numpy, 12-16 seeds at d = 500, 1000, 2000: within 1 SE at d = 1000,
 * -2.9% / -3.2% at 2.5 SE at d = 2000, 16 seeds; fixtures/oneStepRealStepSeeds.py); at alpha0 = 4, eta = 2 it
 * sits on the prediction at d = 1000 and 2000. The cause, measured on common random numbers
 * (fixtures/oneStepRowScaleStudy.py, 5 seeds at d = 1000, 1 at d = 2000): the step rescales row i by
 * 1 + t_i with t_i = eta mu1* E[sigma'''(g)] <w0_i, w*> (Stein's lemma; -0.66 <w0_i, w*> for tanh/sin
 * at eta = 3, measured sd 0.0215 at d = 1000 against 0.0209), a rescaling correlated with each
 * neuron's alignment that the sRF's uniform cW lacks. With it kept (and the rest of the step replaced
 * by independent noise) the error equals the real step's to 0.3%; with one uniform scale it rises by
 * 1.3 / 2.7 / 3.2% at alpha = 0.5 / 1.5 / 3 in every seed, onto the prediction (d = 2000: 2.5-3.5%).
 * Though t_i is O(d^{-1/2}), its effect on the error does not shrink from d = 1000 to 2000.
 */
import { expect } from "vitest";
import { activation, oneStepRidge, oneStepTestError, targetByName } from "../../src/index.js";
import type { TheoryCase } from "./oneStepRidgeTheory.js";

/** A case of ./oneStepRidgeTheory.ts's kind, with the prediction's `initialOutput`. */
export interface RealStepCase extends TheoryCase {
  initialOutput: "neglected" | "included";
}

export interface RealStepSimulation {
  mean: number[];
  se: number[];
  /** The prediction with the case's initialOutput. */
  theory: number[];
}

/** Mean and standard error of the test error over `seeds` seeds of the real step (see the file comment). */
export function simulateRealStep(c: RealStepCase, seeds: number, d = 1000, firstSeed = 500): RealStepSimulation {
  const runs = Array.from({ length: seeds }, (_, s) => oneStepRidge({
    activation: c.activation, target: targetByName(c.target), d, alpha0: c.alpha0, eta: c.eta, ridge: c.ridge,
    alpha: c.alphas, testSamples: 4000, model: "gradient-step", seed: firstSeed + s,
  }));
  const mean: number[] = [], se: number[] = [];
  c.alphas.forEach((_, i) => {
    const xs = runs.map((r) => r.points[i]!.testError);
    const m = xs.reduce((a, x) => a + x, 0) / seeds;
    mean.push(m);
    se.push(Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (seeds - 1) / seeds));
  });
  return { mean, se, theory: c.alphas.map((alpha) => predict(c, alpha, c.initialOutput)) };
}

/** Result 3.3 at one alpha with the given mapping from the step to the sRF. */
export function predict(c: RealStepCase, alpha: number, initialOutput: "neglected" | "included", eta = c.eta): number {
  return oneStepTestError({
    activation: activation(c.activation), target: activation(targetByName(c.target)), alpha0: c.alpha0, eta, ridge: c.ridge, alpha, initialOutput,
  }).testError;
}

/** Runs the simulation and makes the assertions of the file comment; returns what it measured. */
export function checkRealStep(c: RealStepCase, seeds = 8, d = 1000): RealStepSimulation {
  const sim = simulateRealStep(c, seeds, d);
  c.alphas.forEach((alpha, i) => {
    const what = `${c.activation}/${c.target} alpha0 = ${c.alpha0}, eta = ${c.eta}, alpha = ${alpha}: simulated ${sim.mean[i]!.toFixed(4)} ± ${sim.se[i]!.toFixed(4)}, predicted ${sim.theory[i]!.toFixed(4)} (${c.initialOutput})`;
    expect(sim.se[i]!, `SE too large to test: ${what}`).toBeLessThanOrEqual(0.03 * sim.theory[i]!);
    expect(Math.abs(sim.mean[i]! - sim.theory[i]!), what).toBeLessThanOrEqual(3 * sim.se[i]!);
  });
  const rf = predict(c, c.alphas[0]!, "neglected", 0);
  expect(Math.abs(rf - sim.mean[0]!), `random features ${rf.toFixed(4)} against ${sim.mean[0]!.toFixed(4)}`).toBeGreaterThan(6 * sim.se[0]!);
  return sim;
}
