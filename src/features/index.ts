export {
  ACTIVATION_KIND, activation, activationNames, applyActivation,
  type Activation, type ActivationFunction, type ActivationLike, type ActivationName, type ApplyActivationOptions,
} from "./activations.js";
export { erf, erfc, normalCdf, normalPdf } from "../numerics/normal.js";
export {
  hermiteCoefficients, shiftedCoefficients,
  type CoefficientMethod, type HermiteCoefficients, type HermiteOptions, type ShiftedCoefficientFunctions,
} from "./hermite.js";
export {
  features, featureCovariance, featureCovarianceOperator, featureSpectrum, FeatureCovarianceOperator,
  type FeatureCovarianceOptions,
} from "./features.js";
export {
  twoLayerNetwork, networkOutput, oneStepGd, oneStepGdPrediction, spikedRandomFeatures,
  type FirstLayerInit, type OneStepGdOptions, type OneStepGdPrediction, type OneStepGdResult, type SingleIndexTarget,
  type SingleIndexTargetOptions, type SpikedRandomFeatures, type SpikedRandomFeaturesOptions, type StepScaling,
  type TwoLayerNetwork, type TwoLayerNetworkOptions,
} from "./network.js";
export {
  oneStepRidge,
  type OneStepFeatureModel, type OneStepRidgeOptions, type OneStepRidgePoint, type OneStepRidgeResult, type OneStepTargetSpec,
  type SamplerConvention, type SpikeParameters,
} from "./oneStepRidge.js";
export { targetByName, targetNames } from "./oneStepTargets.js";
