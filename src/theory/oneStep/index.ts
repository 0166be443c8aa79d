/**
 * The exact asymptotic test error of ridge regression on the features of a two-layer network after
 * one large gradient step (issue #18): Result 3.3 of Cui et al. 2024 (arXiv 2402.04980) by a damped
 * fixed point (replica.ts) and by the deterministic equivalent of the feature covariance of Dandi et
 * al. 2024 (arXiv 2410.18938; equivalentRoute.ts), the sRF parameters of the step (parameters.ts),
 * the random-feature and linear baselines (baselines.ts). Options and conventions: model.ts.
 */
export { oneStepParameters, type OneStepParameters, type OneStepParameterOptions, type InitialOutput } from "./parameters.js";
export type { OneStepTheoryOptions, OneStepConvention } from "./model.js";
export type { ScalarFunctionSpec } from "./gaussianAverages.js";
export { oneStepTestError, type OneStepPrediction, type OneStepOrderParameters } from "./replica.js";
export { oneStepTestErrorEquivalent, type OneStepEquivalentPrediction } from "./equivalentRoute.js";
export {
  randomFeaturesTestError, linearRidgeTestError,
  type RandomFeaturesTheoryOptions, type LinearRidgeOptions, type LinearRidgePrediction,
} from "./baselines.js";
