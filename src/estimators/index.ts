/**
 * Index models y = g(W*^T x) (+ noise), their denoisers and population constants, and the
 * linearised-AMP spectral estimators (LAMP, TAP) with the classical single-index ones. Reference:
 * ../shared/reference/spectral-estimators.md; conventions in each module's comment.
 */
export {
  links, squareLink, absLink, reluLink, signLink, linearLink, productLink, squareDifferenceLink, absProductLink,
  signProductLink, normLink, tripleProductLink, ratioLink, signTripleProductLink, staircaseLink, poissonLink, noisyLink, defineLink,
  type IndexLink, type LabelLaw, type LabelKind, type LinkDefinition,
} from "./links.js";
export {
  Denoiser, denoiser, secondToG, secondToT,
  type DenoiserMethod, type DenoiserOptions, type PosteriorMoments, type DenoiserLaw, type TOptions,
} from "./denoiser.js";
export { populationConstants, criticalAlpha, type PopulationConstants, type PopulationOptions, type EigenDirection } from "./population.js";
export { sampleIndexModel, uniformStream, type IndexModelOptions, type IndexModelSample } from "./model.js";
export { LampOperator, type LampOperatorOptions } from "./lampOperator.js";
export { TapOperator, ResidentMatrix, tapVector, type TapOperatorOptions } from "../linalg/tapOperator.js";
export {
  tapEstimator, lampEstimator, classicalEstimator,
  type SpectralData, type EstimatorOptions, type TapOptions, type LampOptions, type ClassicalOptions, type Preprocessing,
  type SymmetricEstimate, type LampEstimate,
} from "./spectral.js";
export { overlap, subspaceOverlap, orthonormalColumns } from "./overlap.js";
export { predictEstimators, type EstimatorPredictions } from "./predict.js";
export { besselK0, besselK1, besselI0, besselI1, besselK1OverK0, besselRatioA } from "./bessel.js";
export {
  lampPrediction, lampOverlap, lampOverlapCurve, tapPrediction, tapOverlapCurve, preprocessedPrediction,
  type DiscreteLaw, type DirectionLaw, type LampTheoryInput, type LampPrediction, type PreprocessedPrediction,
  type TapPrediction, type TapDirectionPrediction,
} from "../theory/estimatorPredictions.js";
export * from "./amp/index.js";
