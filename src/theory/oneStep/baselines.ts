/**
 * Baselines for the test error after one gradient step (replica.ts):
 *   - random features: the network at initialization (eta = 0), i.e. ridge on sigma(W0 x) / sqrt(p).
 *     Result 3.3 at r = 0, cW = 1, gamma = 0 reduces to the random-feature equations of Gerace, Loureiro,
 *     Krzakala, Mezard, Zdeborova 2020 ("Generalisation error in learning with random features and the
 *     hidden manifold model"), the Gaussian-covariate form of Mei and Montanari 2019; checked against
 *     src/theory/ridge.ts with the random-feature moments in test/theory/oneStep/baselines.test.ts;
 *   - linear: ridge on the raw inputs, w = argmin sum_nu (y_nu - w^T x_nu / sqrt(d))^2 + lambda |w|^2
 *     (the same convention as the features, p = d, no intercept). Isotropic inputs make the
 *     Gaussian-covariate formula (ridge.ts; Hastie, Montanari, Rosset, Tibshirani 2022) closed-form:
 *     with lambda_r = lambda / alpha, sigma_eps^2 = E y^2 - mu1*^2 (the part of y a linear function
 *     cannot fit, E y^2 included), kappa the positive root of alpha kappa^2 + (alpha - lambda - 1) kappa - lambda = 0,
 *       df = 1 / (alpha (1 + kappa)^2),
 *       test = sigma_eps^2 + (kappa^2 mu1*^2 / (1 + kappa)^2 + sigma_eps^2 df) / (1 - df),
 *       train = (lambda_r / kappa)^2 test.
 * Cost: the random-feature baseline as replica.ts (tens of ms); the linear one three Gaussian averages.
 */
import { InvalidArgumentError } from "../../errors.js";
import { gaussianMean, scalarFunction, type ScalarFunctionSpec } from "./gaussianAverages.js";
import type { OneStepTheoryOptions } from "./model.js";
import { numberOption } from "./parameters.js";
import { oneStepTestError, type OneStepPrediction } from "./replica.js";

/** The options of oneStepTestError without the step (eta = 0 is implied). */
export type RandomFeaturesTheoryOptions = Omit<OneStepTheoryOptions, "eta" | "alpha0" | "stepParameters" | "convention">;

/** Test and training errors of ridge on random features sigma(W0 x) (eta = 0; see the file comment). */
export function randomFeaturesTestError(options: RandomFeaturesTheoryOptions): OneStepPrediction {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("randomFeaturesTestError needs an options object { activation, target, ridge, alpha, widthRatio? }");
  const o = options as OneStepTheoryOptions;
  if (o.eta !== undefined || o.alpha0 !== undefined || o.stepParameters !== undefined) {
    throw new InvalidArgumentError("randomFeaturesTestError takes no eta, alpha0 or stepParameters (it is the network at initialization); use oneStepTestError");
  }
  return oneStepTestError({ ...options, eta: 0 });
}

export interface LinearRidgeOptions {
  /** Single-index target sigma*: y = sigma*(<w*, x>) + noise, |w*| = 1. */
  target: ScalarFunctionSpec;
  /** Ridge penalty lambda > 0 on x / sqrt(d). */
  ridge: number;
  /** alpha = n / d > 0. */
  alpha: number;
  /** Label noise variance >= 0 (default 0). */
  noise?: number;
}

export interface LinearRidgePrediction {
  readonly testError: number;
  readonly trainError: number;
  /** The effective regularization kappa of the Gaussian-covariate formula (lambda_r = lambda / alpha there). */
  readonly kappa: number;
  /** sigma_eps^2 = E y^2 - mu1*^2. */
  readonly unexplained: number;
}

/** Test and training errors of ridge on the raw inputs (closed form; see the file comment). */
export function linearRidgeTestError(options: LinearRidgeOptions): LinearRidgePrediction {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("linearRidgeTestError needs an options object { target, ridge, alpha }");
  const target = scalarFunction(options.target, "target");
  const lambda = numberOption(options.ridge, "ridge", 0, { strict: true });
  const alpha = numberOption(options.alpha, "alpha", 0, { strict: true });
  const noise = options.noise === undefined ? 0 : numberOption(options.noise, "noise", 0);
  const mu1Star = gaussianMean((g) => g * target.value(g), target.kinks, "target");
  const second = gaussianMean((g) => target.value(g) ** 2, target.kinks, "target") + noise;
  const unexplained = Math.max(0, second - mu1Star * mu1Star);
  const b = alpha - lambda - 1;
  const kappa = (-b + Math.sqrt(b * b + 4 * alpha * lambda)) / (2 * alpha);
  const df = 1 / (alpha * (1 + kappa) ** 2);
  const bias = (kappa * kappa * mu1Star * mu1Star) / (1 + kappa) ** 2;
  const testError = unexplained + (bias + unexplained * df) / (1 - df);
  const trainError = (lambda / alpha / kappa) ** 2 * testError;
  return { testError, trainError, kappa, unexplained };
}
