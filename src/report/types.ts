/**
 * The shapes a report draws, shared with the sweep layer that produces them: a model's prediction at
 * one parameter value, per-value summaries and threshold estimates of a sweep, theory curves, and
 * spectrum panels. report/ imports nothing of sweep/; sweep/ imports these (types only).
 */

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

export interface PointSummary {
  value: number;
  seeds: number;
  topMean: number;
  topStd: number;
  overlapMean: number;
  overlapStd: number;
  edgeMean: number;
  prediction: Prediction;
  separated: boolean;
  overlapDetected: boolean;
}

export interface ThresholdEstimate {
  /** Estimated threshold of the swept parameter; NaN when no transition was seen in the grid. */
  estimate: number;
  /** Half-width of the interval the transition lies in. */
  uncertainty: number;
  /** Whether the grid brackets a transition (a non-separated value below a separated run). */
  bracketed: boolean;
}

export interface TransitionSummary {
  model: string;
  parameter: string;
  points: PointSummary[];
  predictedThreshold: number;
  eigenvalueThreshold: ThresholdEstimate;
  overlapThreshold: ThresholdEstimate;
}

/** A theory curve over a fine grid of the swept parameter. */
export interface TheoryCurve {
  values: number[];
  /** Predicted top eigenvalue: the outlier above threshold, the edge below. */
  top: number[];
  edge: number[];
  overlap: number[];
}

/** One instance's spectrum beside its limiting density. */
export interface SpectrumPanel {
  title: string;
  eigenvalues: number[];
  /** The predicted density on a grid. */
  density: { x: number[]; y: number[] };
  /** Predicted support edges and outliers, drawn as vertical lines. */
  edges: number[];
  outliers: number[];
}

/** Eigenvalues of a nonsymmetric operator in the complex plane, with the predicted bulk radius. */
export interface ComplexSpectrumPanel {
  title: string;
  re: number[];
  im: number[];
  /** Radius of the predicted bulk disk (centred at 0), if any. */
  radius?: number;
  /** Predicted real outliers. */
  outliers: number[];
}
