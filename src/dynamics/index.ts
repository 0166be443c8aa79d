// Training dynamics of two-layer networks (issue #17): the trainer, its options and diagnostics.
export { train, type TrainResult } from "./trainer.js";
export {
  planTraining, type OutputScaling, type TrainAlgorithm, type TrainLoss, type TrainOptions, type TrainPlan,
} from "./trainOptions.js";
export { recordSchedule, type RecordSpec } from "./schedule.js";
export { targetLink, type LinkLike } from "./targets.js";
export { initialBulkEdge, noSignalLevel, type SpectrumSnapshot } from "./diagnostics.js";
export { hermiteLink, hermitePolynomial } from "../estimators/singleIndexLinks.js";
// the ODE theory and escape-time laws (helper B's part of #17); the ODE's internals (sgdRates,
// covarianceRoot, forEachGaussianPoint) stay inside the package: they trust their arguments
export {
  sgdOde, stateLayout, gaussianRule, gaussianVectorExpectation,
  type SgdOdeOptions, type SgdOdeResult, type OdeModel, type OdeRates, type GaussianRule, type GaussianRuleOptions,
} from "./ode/index.js";
export * from "./escapeTimes.js";
