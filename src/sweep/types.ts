/**
 * Shapes of sweep records (one JSON line per task in a sweep's JSONL file). The prediction, the
 * summaries and the report's panels live in src/report/types.ts: sweep/ imports them from there and
 * report/ imports nothing of sweep/, so the two folders have one direction (issue #14).
 */
import type { Prediction } from "../report/types.js";

export type { Prediction };

/** Fixed (non-swept) parameters of a model, by name. */
export type Params = Record<string, number | string>;

/** What one sampled instance measured. */
export interface Measurement {
  /** The largest eigenvalues, descending (or largest real parts, for nonsymmetric operators). */
  top: number[];
  /** Squared overlaps |<u_j, v_j>|^2 of the top eigenvectors with the planted directions. */
  overlaps: number[];
  /** Empirical bulk edge: the largest eigenvalue not expected to be an outlier (NaN if not measured). */
  edge: number;
  /** Seconds spent sampling and solving. */
  seconds: number;
  /** Operator applications of the iterative eigensolver, when one was used. */
  applications?: number;
}

/**
 * The largest-root test of "no spike" on one instance (models with a Tracy-Widom edge law): the
 * top eigenvalue scaled by the edge law, (lambda_1 - center) / scale, and its p-value under the law.
 */
export interface LargestRootRecord {
  statistic: number;
  pValue: number;
}

/** One task's record: which point, which seed, and what came out. */
export interface TaskRecord {
  model: string;
  /** Name of the swept parameter. */
  parameter: string;
  value: number;
  pointIndex: number;
  seedIndex: number;
  seed: number;
  fixed: Params;
  measurement: Measurement;
  prediction: Prediction;
  /** The largest-root test (absent for models without an edge law, and in records made before issue #15). */
  test?: LargestRootRecord;
  /**
   * "common": the instances of one seed index share their noise across the grid (common random
   * numbers, issue #21; the seed is the same at every value). Absent: every instance has its own.
   */
  noise?: "common";
}

/** How a sweep draws its instances' noise across the grid (SweepOptions.noise). */
export type NoiseMode = "common" | "independent";
