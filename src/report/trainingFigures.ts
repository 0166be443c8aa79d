/**
 * The report's figures of training dynamics (issue #17): the overlaps with the target directions
 * against time beside the ODE of one-pass SGD, snapshots of the singular values of the first layer W
 * against the initialization's bulk (Marchenko-Pastur singular-value density, outliers marked with
 * their overlaps), and the escape time against d on log-log axes with the predicted slope.
 * They draw what they are given: the input types are structural, so train's TrainResult, sgdOde's
 * SgdOdeResult and train's SpectrumSnapshot fit them as they are (report/ computes nothing new).
 */
import { InvalidArgumentError } from "../errors.js";
import type { Figure } from "./lawFigures.js";

/** A trajectory of normalized overlaps: time t = step / d and, per record, one overlap per target direction. */
export interface OverlapTrajectory {
  time: readonly number[];
  overlap: readonly ArrayLike<number>[];
}

/** One spectral snapshot (train's SpectrumSnapshot fits). */
export interface SingularValueSnapshot {
  step: number;
  /** Top singular values of W / sqrt(d). */
  singular: ArrayLike<number>;
  /** Bulk edge of the initialization, 1 + sqrt(p/d). */
  bulkEdge: number;
  /** |<v_j, w*_r>| / |w*_r| per top singular vector j (rows) and direction r (columns), optional. */
  overlaps?: { rows: number; cols: number; data: ArrayLike<number> };
}

/** Escape (weak-recovery) steps measured over d, and the law's slope. */
export interface EscapeScaling {
  d: readonly number[];
  steps: readonly number[];
  /** Fitted slope of log steps against log d. */
  slope: number;
  /** The law's slope over the same d (escapeTimeLaw(l).fittedSlope). */
  predictedSlope: number;
  informationExponent: number;
}

export interface TrainingFigureInput {
  /** E.g. "relu student p = 16, He_3 target, d = 500, n_b = 1". */
  label: string;
  simulation: OverlapTrajectory;
  ode?: OverlapTrajectory | null;
  /** The normalized overlap that counts as weak recovery (a dashed line). */
  threshold?: number;
  /** The overlap of a random W with a direction, sqrt(2 ln(2p) / d) (a dotted line). */
  noSignalLevel?: number;
  spectra?: readonly SingularValueSnapshot[];
  /** The singular-value density of W0 / sqrt(d) on a grid (from the Marchenko-Pastur law with gamma = p / d). */
  initialDensity?: { x: readonly number[]; y: readonly number[] } | null;
  escape?: EscapeScaling | null;
}

const legend = { orientation: "h", y: -0.2 };
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
const hline = (y: number, color: string, dash: string, name: string) =>
  ({ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: y, y1: y, line: { color, dash }, showlegend: true, name });

function checkTrajectory(t: OverlapTrajectory | null | undefined, what: string): void {
  if (t === null || t === undefined) return;
  if (typeof t !== "object" || !Array.isArray(t.time) || !Array.isArray(t.overlap) || t.time.length !== t.overlap.length) {
    throw new InvalidArgumentError(`trainingFigures: ${what} must be { time: number[], overlap: one array per time }`);
  }
}

/** Overlap of each direction r against time t = step / d (log axis, t > 0), simulation markers and the ODE line. */
export function overlapTimeFigure(index: number, input: TrainingFigureInput): Figure {
  checkTrajectory(input.simulation, "simulation");
  checkTrajectory(input.ode, "ode");
  const sim = input.simulation;
  const k = sim.overlap[0]?.length ?? 0;
  const data: unknown[] = [];
  const positive = (t: OverlapTrajectory) => t.time.map((x, n) => [x, n] as const).filter(([x]) => x > 0);
  for (let r = 0; r < k; r++) {
    const color = COLORS[r % COLORS.length]!;
    const pts = positive(sim);
    data.push({
      x: pts.map(([x]) => x), y: pts.map(([, n]) => sim.overlap[n]![r]!), mode: "markers", name: `simulation, direction ${r + 1}`, marker: { color, size: 6 },
    });
    if (input.ode) {
      const ode = input.ode;
      const op = positive(ode);
      data.push({ x: op.map(([x]) => x), y: op.map(([, n]) => ode.overlap[n]![r]!), mode: "lines", name: `ODE, direction ${r + 1}`, line: { color, dash: "dash" } });
    }
  }
  const shapes: unknown[] = [];
  if (input.threshold !== undefined) shapes.push(hline(input.threshold, "#d62728", "dash", `weak recovery ${input.threshold}`));
  if (input.noSignalLevel !== undefined) shapes.push(hline(input.noSignalLevel, "#7f7f7f", "dot", `no-signal level ${input.noSignalLevel.toFixed(3)}`));
  return {
    id: `training-overlaps-${index}`,
    data,
    layout: {
      title: { text: `${input.label}: overlap max_i |M_ir| / sqrt(Q_ii T_rr) against time` },
      xaxis: { title: { text: "t = steps / d" }, type: "log" }, yaxis: { title: { text: "normalized overlap" }, range: [0, 1.05] }, shapes, legend,
    },
  };
}

/** The singular values of W / sqrt(d) at one step: histogram, the initialization's density, the bulk edge, outliers marked. */
export function singularValueFigure(index: number, snap: SingularValueSnapshot, label: string, density?: { x: readonly number[]; y: readonly number[] } | null): Figure {
  if (snap === null || typeof snap !== "object" || typeof snap.singular?.length !== "number" || !Number.isFinite(snap.bulkEdge)) {
    throw new InvalidArgumentError("trainingFigures: a spectrum snapshot must be { step, singular, bulkEdge, overlaps? }");
  }
  const values = Array.from(snap.singular);
  const data: unknown[] = [
    { x: values, type: "histogram", histnorm: "probability density", name: "singular values of W / sqrt(d)", marker: { color: "rgba(31,119,180,0.55)" }, nbinsx: 30 },
  ];
  if (density) data.push({ x: density.x, y: density.y, mode: "lines", name: "initialization (Marchenko-Pastur, gamma = p/d)", line: { color: "#2ca02c" } });
  const outliers = values.map((v, j) => [v, j] as const).filter(([v]) => v > snap.bulkEdge);
  if (outliers.length > 0) {
    const ov = snap.overlaps;
    const text = outliers.map(([, j]) => {
      if (!ov || j >= ov.rows) return "";
      const row = Array.from({ length: ov.cols }, (_, r) => Number(ov.data[j * ov.cols + r]).toFixed(2));
      return `overlaps with W*: ${row.join(", ")}`;
    });
    data.push({
      x: outliers.map(([v]) => v), y: outliers.map(() => 0), mode: "markers", name: `outliers (${outliers.length} above the bulk edge)`,
      marker: { color: "#d62728", size: 11, symbol: "triangle-up" }, text, hoverinfo: "x+text",
    });
  }
  return {
    id: `training-spectrum-${index}`,
    data,
    layout: {
      title: { text: `${label}: singular values of W at step ${snap.step}` },
      xaxis: { title: { text: "singular value of W / sqrt(d)" } }, yaxis: { title: { text: "density" } }, bargap: 0.02, legend,
      shapes: [{ type: "line", xref: "x", yref: "paper", x0: snap.bulkEdge, x1: snap.bulkEdge, y0: 0, y1: 1, line: { color: "#2ca02c", dash: "dot" }, showlegend: true, name: `bulk edge ${snap.bulkEdge.toFixed(3)}` }],
    },
  };
}

/** Escape steps against d on log-log axes, the fitted line and the law's slope through the same centre. */
export function escapeScalingFigure(index: number, e: EscapeScaling, label: string): Figure {
  const ok = e !== null && typeof e === "object" && Array.isArray(e.d) && Array.isArray(e.steps) && e.d.length === e.steps.length && e.d.length >= 2
    && e.d.every((x) => x > 0) && e.steps.every((x) => x > 0) && Number.isFinite(e.slope) && Number.isFinite(e.predictedSlope);
  if (!ok) throw new InvalidArgumentError("trainingFigures: escape must be { d, steps (same length >= 2, > 0), slope, predictedSlope, informationExponent }");
  const lx = e.d.map(Math.log);
  const ly = e.steps.map(Math.log);
  const cx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const cy = ly.reduce((s, v) => s + v, 0) / ly.length;
  const ends = [Math.min(...e.d), Math.max(...e.d)];
  const line = (slope: number) => ends.map((x) => Math.exp(cy + slope * (Math.log(x) - cx)));
  return {
    id: `training-escape-${index}`,
    data: [
      { x: e.d, y: e.steps, mode: "markers", name: "measured steps to weak recovery", marker: { color: "#1f77b4", size: 8 } },
      { x: ends, y: line(e.slope), mode: "lines", name: `fit: slope ${e.slope.toFixed(2)}`, line: { color: "#1f77b4" } },
      { x: ends, y: line(e.predictedSlope), mode: "lines", name: `predicted (l = ${e.informationExponent}): slope ${e.predictedSlope.toFixed(2)}`, line: { color: "#d62728", dash: "dash" } },
    ],
    layout: {
      title: { text: `${label}: escape time against d` },
      xaxis: { title: { text: "d" }, type: "log" }, yaxis: { title: { text: "steps to weak recovery" }, type: "log" }, legend,
    },
  };
}

/** All training figures for `input` (overlaps; one per spectrum snapshot; the escape scaling when given). */
export function trainingFigures(input: TrainingFigureInput, index = 0): Figure[] {
  if (input === null || typeof input !== "object" || typeof input.label !== "string") {
    throw new InvalidArgumentError("trainingFigures: input must be { label, simulation, ode?, spectra?, escape? }");
  }
  const figures = [overlapTimeFigure(index, input)];
  (input.spectra ?? []).forEach((s, j) => figures.push(singularValueFigure(index * 100 + j, s, input.label, input.initialDensity)));
  if (input.escape) figures.push(escapeScalingFigure(index, input.escape, input.label));
  return figures;
}
