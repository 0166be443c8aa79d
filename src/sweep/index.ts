/**
 * Node-only entry "spikelab/sweep": parameter sweeps over worker threads, transition measurement
 * and HTML reports. (The main entry stays browser-safe; this one reads and writes files.)
 */
export { sweep, type SweepOptions } from "./sweep.js";
export { sweepModels, getModel, type SweepModel, type ParamSpec } from "./models/index.js";
export {
  summarizeTransition, estimateThreshold, type SummaryOptions, type TransitionRule, type TransitionSummary, type PointSummary, type ThresholdEstimate,
} from "./transition.js";
export { finiteSizeScaling, finiteSizePanel, type FiniteSizeSummary, type ScalingFitSummary } from "./finiteSize.js";
export { edgeStatisticPanel, recordTest } from "./largestRoot.js";
export { commonTaskSeed, taskSeed } from "./seeds.js";
export { seedCrossings, type SeedCrossings } from "./seedCrossings.js";
export type { LargestRootRecord, Measurement, NoiseMode, Prediction, TaskRecord, Params } from "./types.js";
export { renderReport, escapeHtml, type ReportInput, type TheoryCurve, type SpectrumPanel, type ComplexSpectrumPanel, type OverlapPanel } from "../report/html.js";
export { trainingFigures, type TrainingFigureInput, type OverlapTrajectory, type SingularValueSnapshot, type EscapeScaling } from "../report/trainingFigures.js";
export { startWorker, type WorkerOptions as QueueWorkerOptions, type SweepWorker } from "./queue/worker.js";
export { redactQueueUrl } from "./queue/connection.js";
export type { QueueSweepOptions } from "./queue/producer.js";
export { generalizationSweep, type GeneralizationSweepOptions, type GeneralizationSweepResult } from "./generalization.js";
export type { GeneralizationRecord } from "./generalizationRecords.js";
export { generalizationFigures, type GeneralizationCurve, type GeneralizationPoint, type GeneralizationSummary, type GeneralizationTheory } from "../report/generalizationFigures.js";
