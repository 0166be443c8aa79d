/**
 * Deterministic equivalents and spiked-model predictions: pure functions of parameters (no
 * sampling, no WASM). Stieltjes convention everywhere: m(z) = integral rho(dl)/(l - z), so
 * Im m > 0 for Im z > 0 and rho(x) = Im m(x + i0)/pi. Sample covariances are S = X^T X / n for X
 * n x d (rows are samples) with gamma = d / n.
 */
export * as complex from "./complexApi.js";
export type { Complex } from "./complex.js";
export { stieltjesInversion, type Atom, type Interval, type LimitingLaw, type SpectralDensity } from "./law.js";
export type { OutlierPrediction } from "./outlierRecord.js";
export { gaussLegendre } from "../numerics/gaussLegendre.js";
export {
  semicircleDensity,
  semicircleCdf,
  semicircleQuantile,
  semicircleStieltjes,
  semicircleEdges,
  semicircleEdgeScale,
  semicircleLaw,
  type SemicircleOptions,
} from "./semicircle.js";
export {
  marchenkoPasturDensity,
  marchenkoPasturCdf,
  marchenkoPasturQuantile,
  marchenkoPasturStieltjes,
  marchenkoPasturCompanionStieltjes,
  marchenkoPasturEdges,
  marchenkoPasturAtoms,
  marchenkoPasturEdgeScale,
  marchenkoPasturLaw,
  type MarchenkoPasturOptions,
} from "./marchenkoPastur.js";
export {
  silversteinStieltjes,
  silversteinDensity,
  silversteinSupport,
  silversteinLaw,
  normalizePopulation,
  populationCriticalPoints,
  psiOf as baiYaoPsi,
  psiDerivative as baiYaoPsiDerivative,
  type Population,
  type PopulationSpectrum,
  type NormalizedPopulation,
  type SilversteinOptions,
  type SilversteinSolveOptions,
  type SilversteinPoint,
  type SilversteinSupport,
  type SilversteinLaw,
  type CriticalPoint,
  type AtomGap,
  type PopulationCriticalPoints,
} from "./silverstein/index.js";
export {
  spikedWignerOutliers,
  spikedCovarianceOutliers,
  baiYaoOutliers,
  rectangularSpikeOutliers,
  type SpikePrediction,
  type BaiYaoPrediction,
  type RectangularSpikePrediction,
  type SpikedWignerOutlierOptions,
  type SpikedCovarianceOutlierOptions,
  type RectangularSpikeOutlierOptions,
} from "./spikeOutliers.js";
export { gaussHermite, gaussianExpectation, type GaussHermiteRule } from "../numerics/gaussHermite.js";
export { secondLayerLaw, type SecondLayerLaw, type SecondLayerSpec } from "./secondLayer.js";
export {
  spikedRfEquivalent, SpikedRfEquivalent,
  type ShiftedCoefficients, type SpikedRfOptions, type SpikedRfPoint, type SpikedRfOutlier,
} from "./spikedRf/index.js";
export {
  ckStieltjes, ckStieltjesFanWang, ckStieltjesAbove, ckUpperEdge, ckSpikeOutlier, ckSpikeThreshold, ckDensity,
  polynomialRoots, type ConjugateKernelOptions, type CkPoint, type CkEdge, type CkOutlier,
} from "./conjugateKernel.js";
export { ridgeTestError, ridgeTestErrorSpectral, type RidgeOptions, type RidgeSpectralOptions, type RidgePrediction } from "./ridge.js";
export {
  tracyWidom, fredholmValue,
  type TracyWidomBeta, type TracyWidomLaw, type TracyWidomOptions, type Beta4Convention, type FredholmKind, type FredholmValue,
} from "./tracyWidom/index.js";
export { wignerEdgeLaw, covarianceEdgeLaw, type EdgeLaw } from "./edgeLaws.js";
export { spikedCovarianceOutlierLaw, spikedWignerOutlierLaw, type OutlierLaw } from "./outlierLaws.js";
export { largestRootPValue, largestRootCriticalValue, edgeStatistic, detectionPower } from "./largestRootTest.js";
export { criticalWindowCdf, criticalWindowParameter, criticalWindowPower } from "./criticalWindow.js";
export {
  oneStepParameters, oneStepTestError, oneStepTestErrorEquivalent, randomFeaturesTestError, linearRidgeTestError,
  type OneStepParameters, type OneStepParameterOptions, type OneStepTheoryOptions, type OneStepConvention,
  type ScalarFunctionSpec, type OneStepPrediction, type OneStepOrderParameters, type OneStepEquivalentPrediction,
  type RandomFeaturesTheoryOptions, type LinearRidgeOptions, type LinearRidgePrediction,
} from "./oneStep/index.js";
