/**
 * The report's figures of one sweep (top eigenvalue and overlap against the swept parameter, with
 * the predicted and measured thresholds), of one spectrum (histogram against the limiting density)
 * and of one complex-plane spectrum: every mark with its legend entry (issue #19). They draw what
 * they are given.
 */
import { histogramBins } from "./bins.js";
import type { Figure } from "./lawFigures.js";
import type { ComplexSpectrumPanel, PowerCurve, SpectrumPanel, TheoryCurve, ThresholdEstimate, TransitionSummary } from "./types.js";

/** One sweep as the report takes it (ReportInput.sweeps). */
export interface SweepInput {
  summary: TransitionSummary;
  curve: TheoryCurve;
  label: string;
  /** The predicted power curve of the largest-root test, drawn with the detection rates. */
  power?: PowerCurve;
  /** The name of the overlap the sweep measures (default |<u₁, v>|²; m² for the index models). */
  overlapLabel?: string;
}

export function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "—";
}

/** True when a sweep measured no eigenvalue (AMP): its eigenvalue figure and cell are left out. */
export function eigenvalueFree(summary: TransitionSummary): boolean {
  return summary.points.every((q) => !Number.isFinite(q.topMean));
}

export function sweepFigures(index: number, s: SweepInput): Figure[] {
  const { summary, curve, label } = s;
  const overlapName = s.overlapLabel ?? "|<u₁, v>|²";
  const p = summary.parameter;
  const pts = summary.points;
  const topFig: Figure = {
    id: `top-${index}`,
    data: [
      { x: curve.values, y: curve.top, mode: "lines", name: "theory: top eigenvalue", line: { color: "#d62728" } },
      { x: curve.values, y: curve.edge, mode: "lines", name: "theory: bulk edge", line: { color: "#7f7f7f", dash: "dash" } },
      {
        x: pts.map((q) => q.value), y: pts.map((q) => q.topMean), mode: "markers", name: "measured top eigenvalue (mean ± sd)",
        error_y: { type: "data", array: pts.map((q) => q.topStd), visible: true }, marker: { color: "#1f77b4", size: 7 },
      },
      { x: pts.map((q) => q.value), y: pts.map((q) => q.edgeMean), mode: "markers", name: "measured next eigenvalue", marker: { color: "#9467bd", symbol: "x", size: 6 } },
    ],
    layout: {
      title: { text: `${label}: top eigenvalue vs ${p}` }, xaxis: { title: { text: p } }, yaxis: { title: { text: "eigenvalue" } },
      shapes: thresholdShapes(summary), legend: { orientation: "h", y: -0.2 },
    },
  };
  const short = overlapName.split(" = ")[0]!.split(" (")[0]!;
  const overlapFig: Figure = {
    id: `overlap-${index}`,
    data: [
      { x: curve.values, y: curve.overlap, mode: "lines", name: `theory: ${short}`, line: { color: "#d62728" } },
      {
        x: pts.map((q) => q.value), y: pts.map((q) => q.overlapMean), mode: "markers", name: `measured ${short} (mean ± sd)`,
        error_y: { type: "data", array: pts.map((q) => q.overlapStd), visible: true }, marker: { color: "#2ca02c", size: 7 },
      },
    ],
    layout: {
      title: { text: `${label}: overlap ${short} vs ${p}` }, xaxis: { title: { text: p } },
      yaxis: { title: { text: overlapName }, range: [-0.05, 1.05] }, shapes: thresholdShapes(summary, eigenvalueFree(summary) ? summary.overlapThreshold : undefined),
      legend: { orientation: "h", y: -0.2 },
    },
  };
  return eigenvalueFree(summary) ? [overlapFig] : [topFig, overlapFig];
}

/**
 * The predicted threshold (dotted line) and the measured one (band: estimate ± uncertainty), each with
 * its legend entry. `measured`: the threshold the band shows (default the eigenvalue threshold).
 */
function thresholdShapes(summary: TransitionSummary, measured?: ThresholdEstimate): unknown[] {
  const shapes: unknown[] = [];
  const p = summary.parameter;
  if (Number.isFinite(summary.predictedThreshold)) {
    shapes.push({
      type: "line", xref: "x", yref: "paper", x0: summary.predictedThreshold, x1: summary.predictedThreshold, y0: 0, y1: 1, line: { color: "#d62728", dash: "dot" },
      showlegend: true, name: `predicted threshold ${p} = ${fmt(summary.predictedThreshold)}`,
    });
  }
  const est = measured ?? summary.eigenvalueThreshold;
  if (Number.isFinite(est.estimate) && Number.isFinite(est.uncertainty)) {
    const what = measured ? "overlap" : summary.rule === "largest-root" ? "50% detection" : "outlier separates";
    shapes.push({
      type: "rect", xref: "x", yref: "paper", x0: est.estimate - est.uncertainty, x1: est.estimate + est.uncertainty, y0: 0, y1: 1,
      fillcolor: "rgba(31,119,180,0.12)", line: { width: 0 },
      showlegend: true, name: `measured threshold (${what}): ${fmt(est.estimate)} ± ${fmt(est.uncertainty)}`,
    });
  }
  return shapes;
}

export function spectrumFigure(index: number, s: SpectrumPanel): Figure {
  // one legend entry per kind of line (the first of each shows it)
  const line = (x: number, i: number, color: string, dash: string, group: string) =>
    ({ type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { color, dash }, legendgroup: group, showlegend: i === 0, name: group });
  const lines = [
    ...s.edges.map((x, i) => line(x, i, "#7f7f7f", "dash", "predicted support edges")),
    ...s.outliers.map((x, i) => line(x, i, "#d62728", "dot", "predicted outliers")),
  ];
  const bins = histogramBins(s.eigenvalues, s.density);
  return {
    id: `spectrum-${index}`,
    data: [
      {
        x: s.eigenvalues, type: "histogram", histnorm: "probability density", name: "empirical eigenvalues", marker: { color: "rgba(31,119,180,0.55)" },
        ...(bins ? { xbins: bins, autobinx: false } : { nbinsx: 80 }),
      },
      { x: s.density.x, y: s.density.y, mode: "lines", name: "predicted density", line: { color: "#d62728" } },
    ],
    layout: { title: { text: s.title }, xaxis: { title: { text: "eigenvalue" } }, yaxis: { title: { text: "density" } }, shapes: lines, bargap: 0.02, legend: { orientation: "h", y: -0.2 } },
  };
}

export function complexFigure(index: number, s: ComplexSpectrumPanel): Figure {
  const shapes: unknown[] = [];
  if (s.radius !== undefined && Number.isFinite(s.radius)) {
    shapes.push({
      type: "circle", xref: "x", yref: "y", x0: -s.radius, x1: s.radius, y0: -s.radius, y1: s.radius, line: { color: "#7f7f7f", dash: "dash" },
      showlegend: true, name: `predicted bulk disk, radius ${fmt(s.radius)}`,
    });
  }
  // the predicted outliers as open rings drawn first, the measured eigenvalues (the outlier among
  // them) as filled dots on top: the prediction never hides the measurement (issue #19)
  return {
    id: `complex-${index}`,
    data: [
      {
        x: s.outliers, y: s.outliers.map(() => 0), mode: "markers", name: "predicted outliers",
        marker: { size: 16, symbol: "circle-open", color: "#d62728", line: { width: 2 } },
      },
      { x: s.re, y: s.im, mode: "markers", name: "measured eigenvalues", marker: { size: 5, color: "#1f77b4" } },
    ],
    layout: { title: { text: s.title }, xaxis: { title: { text: "Re λ" } }, yaxis: { title: { text: "Im λ" }, scaleanchor: "x" }, shapes, legend: { orientation: "h", y: -0.2 } },
  };
}
