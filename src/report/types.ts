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
  /** The largest-root test over the seeds, for models with a Tracy-Widom edge law. */
  detection?: DetectionSummary;
}

/** How often the largest-root test rejected "no spike" at one grid value, beside the predicted power. */
export interface DetectionSummary {
  detected: number;
  trials: number;
  rate: number;
  /** Binomial confidence interval of the rate (Wilson, 95%). */
  lower: number;
  upper: number;
  /** Predicted probability of detection at this value and size (theory/largestRootTest.ts). */
  predictedPower: number;
}

/** How a transition was measured: the largest-root test, or the separation rule of thumb. */
export type TransitionRule = "largest-root" | "separation";

export interface ThresholdEstimate {
  /** Estimated threshold of the swept parameter; NaN when no transition was seen in the grid. */
  estimate: number;
  /**
   * Separation rule: half-width of the interval the transition lies in. Largest-root rule: one
   * standard error of the interpolated 50% crossing of the detection rate.
   */
  uncertainty: number;
  /** Whether the grid brackets a transition (a non-separated value below a separated run). */
  bracketed: boolean;
}

export interface TransitionSummary {
  model: string;
  parameter: string;
  points: PointSummary[];
  predictedThreshold: number;
  /** The eigenvalue threshold by `rule`: where detection crosses 50%, or the separation rule's bracket. */
  eigenvalueThreshold: ThresholdEstimate;
  overlapThreshold: ThresholdEstimate;
  /** The rule of `eigenvalueThreshold` (absent in summaries made before issue #15: separation). */
  rule?: TransitionRule;
  /** The level of the largest-root test (largest-root rule). */
  level?: number;
  /** The separation rule's threshold, whatever the rule (for comparison). */
  separationThreshold?: ThresholdEstimate;
  /** The size parameter and its value, when the model declares one (n, or d for the index models). */
  size?: { parameter: string; value: number };
  /**
   * With a size n: where the mean overlap reaches n^(-1/3), its order inside the critical window
   * (± one standard error): the overlap's onset at this size, which extrapolates to the threshold.
   */
  overlapOnset?: ThresholdEstimate;
}

/** A threshold measured at one size, and the extrapolation theta_c + a n^(-1/3) over the sizes. */
export interface ScalingFitSummary {
  /** theta_c and its standard error. */
  limit: number;
  standardError: number;
  slope: number;
  slopeStandardError: number;
  exponent: number;
  /**
   * The fitted scale: "linear", theta(n) = limit + slope n^(-exponent); "log", theta(n) = limit
   * exp((slope / limit) n^(-exponent)) (compare/finiteSizeScaling.ts). Absent in summaries made
   * before it existed: "linear".
   */
  scale?: "linear" | "log";
  chiSquare: number;
  degreesOfFreedom: number;
  points: { size: number; threshold: number; standardError: number }[];
}

/** A sweep over several sizes: a summary per size and the extrapolated thresholds. */
export interface FiniteSizeSummary {
  model: string;
  parameter: string;
  /** The size parameter (n, or d for the index models). */
  sizeParameter: string;
  predictedThreshold: number;
  /** One summary per size, ascending in size. */
  perSize: TransitionSummary[];
  /** The extrapolation of the eigenvalue threshold (null with fewer than two measured sizes). */
  eigenvalue: ScalingFitSummary | null;
  /** The same for the overlap onset (where the mean overlap reaches n^(-1/3)). */
  overlap: ScalingFitSummary | null;
  /** Why a fit is missing, or what it assumes. */
  notes: string[];
}

/** Scaled top eigenvalues (lambda_1 - center) / scale below the threshold beside a Tracy-Widom density. */
export interface EdgeStatisticPanel {
  title: string;
  scaled: number[];
  density: { x: number[]; y: number[] };
}

/** The predicted power curve of the largest-root test over the grid's range. */
export interface PowerCurve {
  values: number[];
  power: number[];
  level: number;
}

/** The finite-size panel: thresholds per size, their extrapolation, and the overlap collapse. */
export interface FiniteSizePanel {
  label: string;
  summary: FiniteSizeSummary;
  /**
   * Per size: x = (value - theta_c) n^(1/3) (theta_c predicted) and y = n^(1/3) x mean overlap, with
   * its standard deviation over seeds scaled the same: inside the critical window the curves of all
   * sizes fall on one.
   */
  collapse: { size: number; x: number[]; y: number[]; sd: number[] }[];
  /** The predicted power curve of each size, drawn with the detection rates of every size. */
  powers?: PowerCurve[];
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

/** One method's predicted overlap over a fine grid of the swept parameter (the overlap panel). */
export interface OverlapCurve {
  /** A key that colours a method's curve and points alike ("amp", "lamp", "tap", "mm"). */
  method: string;
  name: string;
  values: number[];
  overlap: number[];
}

/** One method's measured overlap per grid value: mean and standard deviation over the seeds. */
export interface OverlapPoints {
  method: string;
  name: string;
  values: number[];
  mean: number[];
  sd: number[];
}

/**
 * The panel "overlap against alpha" (issue #16): Bayes-optimal AMP (its state evolution and its
 * simulation) beside the spectral estimators (LAMP, TAP, Mondelli-Montanari) of the same link, with
 * the weak-recovery threshold alpha_c marked.
 */
export interface OverlapPanel {
  title: string;
  /** The swept parameter (alpha). */
  parameter: string;
  /** The name of the overlap on the y axis (m^2 ...). */
  overlapLabel: string;
  /** alpha_c: drawn as a vertical line. */
  threshold: number;
  curves: OverlapCurve[];
  points: OverlapPoints[];
  /** Shown under the panel (e.g. why a method has no curve for this link). */
  notes?: string[];
}
