// Training dynamics of two-layer networks (issue #17): the trainer, its options and diagnostics.
export { train, type TrainResult } from "./trainer.js";
export {
  planTraining, type OutputScaling, type TrainAlgorithm, type TrainLoss, type TrainOptions, type TrainPlan,
} from "./trainOptions.js";
export { recordSchedule, type RecordSpec } from "./schedule.js";
export { targetLink, type LinkLike } from "./targets.js";
export { initialBulkEdge, noSignalLevel, type SpectrumSnapshot } from "./diagnostics.js";
export { hermiteLink, hermitePolynomial } from "../estimators/singleIndexLinks.js";
