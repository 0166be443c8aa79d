/**
 * Bayes-optimal multi-index AMP (GAMP with a Gaussian prior on the rows of W*), its output
 * denoisers g_out for the library links, its state evolution and the thresholds read off it.
 */
export { outputChannel, gOut, millsRatio, type OutputChannel, type GOutOptions, type GOutMethod } from "./gout.js";
export { gamp, type GampData, type GampOptions, type GampResult } from "./gamp.js";
export {
  seRule, seStep, stateEvolution, type SERule, type SERuleOptions, type StateEvolutionOptions, type StateEvolutionResult,
} from "./stateEvolution.js";
export {
  weakRecoveryThreshold, algorithmicThreshold, directionThresholds, type WeakRecovery, type ThresholdOptions, type BisectionOptions,
} from "./thresholds.js";
