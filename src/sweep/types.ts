/** Shared shapes of sweep records (one JSON line per task in a sweep's JSONL file). */

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

/** What theory predicts at one parameter value. */
export interface Prediction {
  /** Predicted outlier locations, descending; empty below every threshold. */
  outliers: number[];
  /** Predicted squared overlaps for each planted direction (0 below threshold). */
  overlaps: number[];
  /** Predicted bulk (right) edge. */
  edge: number;
  /** Predicted threshold of the swept parameter for the first planted direction. */
  threshold: number;
  /** Edge fluctuation scale at this size (Tracy-Widom order n^{-2/3}), for separation tests. */
  edgeScale: number;
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
}
