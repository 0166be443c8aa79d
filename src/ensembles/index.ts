export { wigner, spikedWigner, type WignerOptions, type SpikedWignerOptions, type SpikedWignerSample } from "./wigner.js";
export {
  wishart, spikedCovariance, rectangularSpike,
  type CovarianceSample, type WishartOptions, type SpikedCovarianceOptions,
  type RectangularSpikeOptions, type RectangularSpikeSample,
} from "./covariance.js";
