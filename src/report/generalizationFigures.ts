/**
 * The report's figures of the test error after one gradient step (issue #18): test error against
 * the sample ratio alpha = n/d (the theory curve of Cui et al. 2024's Result 3.3, the simulated
 * points with their standard errors, the random-features baseline eta = 0, the training errors),
 * and against the learning rate eta at a fixed alpha. They draw what they are given; the summary
 * types are here so that sweep/ (which fills them) imports report/, never the other way.
 */
import { InvalidArgumentError } from "../errors.js";
import type { Figure } from "./lawFigures.js";

/** Mean and standard error over seeds of the simulated errors at one grid value. */
export interface GeneralizationPoint {
  /** The grid value (alpha, or eta for the eta curve). */
  value: number;
  testMean: number;
  /** Standard error of the mean over seeds (sd / sqrt(seeds); NaN with one seed). */
  testStandardError: number;
  trainMean: number;
  trainStandardError: number;
  seeds: number;
}

/** A theory curve on a grid (NaN where the solver did not converge). */
export interface GeneralizationTheory {
  values: number[];
  test: number[];
  train: number[];
}

export interface GeneralizationCurve {
  /** 'alpha' (n/d) or 'eta'. */
  parameter: "alpha" | "eta";
  /** The simulated points. */
  points: GeneralizationPoint[];
  /** The prediction for the simulated model (null when it was not computed). */
  theory: GeneralizationTheory | null;
  /** The random-features baseline (eta = 0) on the same grid, alpha curves only. */
  randomFeatures: GeneralizationTheory | null;
  /** The fixed value of the other parameter (eta for an alpha curve, alpha for an eta curve). */
  fixed: number;
}

export interface GeneralizationSummary {
  /** E.g. "tanh student, sin(z) target, alpha0 = 20, ridge 0.1". */
  label: string;
  alpha: GeneralizationCurve;
  eta: GeneralizationCurve | null;
}

const legend = { orientation: "h", y: -0.2 };

function checkCurve(c: GeneralizationCurve, what: string): void {
  const ok = typeof c === "object" && c !== null && Array.isArray(c.points) && (c.theory === null || Array.isArray(c.theory.values));
  if (!ok) throw new InvalidArgumentError(`generalizationFigures: ${what} must be { parameter, points, theory, randomFeatures, fixed }`);
}

function curveFigure(id: string, label: string, c: GeneralizationCurve): Figure {
  const x = c.parameter === "alpha" ? "alpha = n / d" : "eta (step eta p)";
  const data: unknown[] = [];
  if (c.theory) {
    data.push({ x: c.theory.values, y: c.theory.test, mode: "lines", name: "theory: test error (Cui et al. 2024, Result 3.3)", line: { color: "#d62728" } });
    data.push({ x: c.theory.values, y: c.theory.train, mode: "lines", name: "theory: training error", line: { color: "#ff9896", dash: "dash" } });
  }
  if (c.randomFeatures) {
    data.push({ x: c.randomFeatures.values, y: c.randomFeatures.test, mode: "lines", name: "random features (eta = 0): test error", line: { color: "#7f7f7f", dash: "dot" } });
  }
  const pts = c.points;
  data.push({
    x: pts.map((q) => q.value), y: pts.map((q) => q.testMean), mode: "markers", name: "simulated test error (mean ± se over seeds)",
    error_y: { type: "data", array: pts.map((q) => (Number.isFinite(q.testStandardError) ? q.testStandardError : 0)), visible: true },
    marker: { color: "#1f77b4", size: 7 },
  });
  data.push({
    x: pts.map((q) => q.value), y: pts.map((q) => q.trainMean), mode: "markers", name: "simulated training error",
    error_y: { type: "data", array: pts.map((q) => (Number.isFinite(q.trainStandardError) ? q.trainStandardError : 0)), visible: true },
    marker: { color: "#2ca02c", size: 6, symbol: "x" },
  });
  const other = c.parameter === "alpha" ? `eta = ${c.fixed}` : `alpha = ${c.fixed}`;
  return {
    id,
    data,
    layout: {
      title: { text: `${label}: test error vs ${c.parameter} (${other})` },
      // log scale: the random-features baseline is often ten times the learned error
      xaxis: { title: { text: x } }, yaxis: { title: { text: "mean squared error (log scale)" }, type: "log" }, legend,
    },
  };
}

/** The figures of one summary: error vs alpha, and error vs eta when the summary has an eta curve. */
export function generalizationFigures(summary: GeneralizationSummary, index = 0): Figure[] {
  if (typeof summary !== "object" || summary === null || typeof summary.label !== "string") {
    throw new InvalidArgumentError("generalizationFigures: summary must be { label, alpha, eta }");
  }
  checkCurve(summary.alpha, "summary.alpha");
  const out = [curveFigure(`generalization-alpha-${index}`, summary.label, summary.alpha)];
  if (summary.eta !== null && summary.eta !== undefined) {
    checkCurve(summary.eta, "summary.eta");
    out.push(curveFigure(`generalization-eta-${index}`, summary.label, summary.eta));
  }
  return out;
}
