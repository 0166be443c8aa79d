/**
 * The report's figures of the finite-size laws (issue #15): scaled top eigenvalues against the
 * Tracy-Widom density, the detection rate of the largest-root test against the predicted power, and
 * the finite-size panel (thresholds per size, their extrapolation in n^(-1/3), and the collapse of
 * the overlap curves against (theta - theta_c) n^(1/3)). They draw what they are given.
 */
import type { EdgeStatisticPanel, FiniteSizePanel, PowerCurve, ScalingFitSummary, TransitionSummary } from "./types.js";

export interface Figure {
  id: string;
  data: unknown[];
  layout: Record<string, unknown>;
}

const legend = { orientation: "h", y: -0.2 };
/** A vertical dotted line with its legend entry `name` (every mark of a figure has one, issue #19). */
const vline = (x: number, color: string, name: string) =>
  ({ type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { color, dash: "dot" }, showlegend: true, name });
/** The dashed 50% line of a detection-rate figure, with its legend entry. */
const halfLine = { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: 0.5, y1: 0.5, line: { color: "#7f7f7f", dash: "dash" }, showlegend: true, name: "50% detection" };

/** Histogram of the scaled statistics (probability density) beside the Tracy-Widom density. */
export function edgeStatisticFigure(index: number, panel: EdgeStatisticPanel): Figure {
  return {
    id: `tracy-widom-${index}`,
    data: [
      { x: panel.scaled, type: "histogram", histnorm: "probability density", name: "measured (lambda₁ - center) / scale", marker: { color: "rgba(31,119,180,0.55)" }, nbinsx: 30 },
      { x: panel.density.x, y: panel.density.y, mode: "lines", name: "Tracy-Widom density", line: { color: "#d62728" } },
    ],
    layout: { title: { text: panel.title }, xaxis: { title: { text: "scaled top eigenvalue" } }, yaxis: { title: { text: "density" } }, bargap: 0.02, legend },
  };
}

/** Detection rate per grid value (Wilson 95% bars) and the predicted power, or null without a largest-root summary. */
export function detectionFigure(index: number, summary: TransitionSummary, label: string, power?: PowerCurve): Figure | null {
  const pts = summary.points.filter((p) => p.detection);
  if (pts.length === 0) return null;
  const d = pts.map((p) => p.detection!);
  const data: unknown[] = [
    {
      x: pts.map((p) => p.value), y: d.map((q) => q.rate), mode: "markers", name: "measured detection rate (Wilson 95%)",
      error_y: { type: "data", symmetric: false, array: d.map((q) => q.upper - q.rate), arrayminus: d.map((q) => q.rate - q.lower), visible: true },
      marker: { color: "#1f77b4", size: 7 },
    },
  ];
  if (power) data.unshift({ x: power.values, y: power.power, mode: "lines", name: `predicted power (level ${power.level})`, line: { color: "#d62728" } });
  const shapes: unknown[] = [halfLine];
  if (Number.isFinite(summary.predictedThreshold)) {
    shapes.push(vline(summary.predictedThreshold, "#d62728", `predicted threshold ${summary.parameter} = ${summary.predictedThreshold.toFixed(3)}`));
  }
  const e = summary.eigenvalueThreshold;
  if (Number.isFinite(e.estimate) && Number.isFinite(e.uncertainty)) {
    shapes.push({
      type: "rect", xref: "x", yref: "paper", x0: e.estimate - e.uncertainty, x1: e.estimate + e.uncertainty, y0: 0, y1: 1, fillcolor: "rgba(31,119,180,0.12)", line: { width: 0 },
      showlegend: true, name: `measured threshold (50% crossing): ${e.estimate.toFixed(3)} ± ${e.uncertainty.toFixed(3)}`,
    });
  }
  const at = summary.size ? ` (${summary.size.parameter} = ${summary.size.value})` : "";
  return {
    id: `detection-${index}`,
    data,
    layout: {
      title: { text: `${label}${at}: largest-root test at level ${summary.level ?? ""}, detection rate vs ${summary.parameter}` },
      xaxis: { title: { text: summary.parameter } }, yaxis: { title: { text: "P(detect)" }, range: [-0.05, 1.05] }, shapes, legend,
    },
  };
}

/** Thresholds per size against n^(-exponent), the fitted lines to n = infinity, and the prediction there. */
/** The fitted theta(x), x = n^(-exponent), on [0, top]: a line, or the log-scale fit's exponential. */
function fittedCurve(fit: ScalingFitSummary, top: number, name: string, color: string): unknown {
  const x = Array.from({ length: 41 }, (_, i) => (top * i) / 40);
  const y = fit.scale === "log" ? x.map((t) => fit.limit * Math.exp((fit.slope * t) / fit.limit)) : x.map((t) => fit.limit + fit.slope * t);
  const form = fit.scale === "log" ? "theta_c exp(a n^-1/3 / theta_c)" : "theta_c + a n^-1/3";
  return { x, y, mode: "lines", name: `WLS fit (${form}): ${name}`, line: { color, dash: "dash" } };
}

export function scalingFigure(index: number, panel: FiniteSizePanel): Figure {
  const s = panel.summary;
  const data: unknown[] = [];
  const series = [
    { fit: s.eigenvalue, name: s.perSize[0]?.rule === "largest-root" ? "50% detection" : "outlier separates", color: "#1f77b4" },
    { fit: s.overlap, name: "overlap onset", color: "#2ca02c" },
  ];
  for (const { fit, name, color } of series) {
    if (!fit) continue;
    const xs = fit.points.map((p) => p.size ** -fit.exponent);
    const top = Math.max(...xs) * 1.05;
    data.push(
      { x: xs, y: fit.points.map((p) => p.threshold), mode: "markers", name: `${name} per size (± se)`, marker: { color, size: 8 },
        error_y: { type: "data", array: fit.points.map((p) => p.standardError), visible: true } },
      fittedCurve(fit, top, name, color),
      { x: [0], y: [fit.limit], mode: "markers", name: `${name} extrapolated: ${fit.limit.toFixed(3)} ± ${fit.standardError.toFixed(3)}`,
        marker: { color, size: 11, symbol: "diamond" }, error_y: { type: "data", array: [fit.standardError], visible: true } },
    );
  }
  data.push({ x: [0], y: [s.predictedThreshold], mode: "markers", name: `predicted threshold ${s.predictedThreshold.toFixed(3)}`, marker: { color: "#d62728", size: 13, symbol: "star" } });
  const exponent = s.eigenvalue?.exponent ?? s.overlap?.exponent ?? 1 / 3;
  return {
    id: `scaling-${index}`,
    data,
    layout: {
      title: { text: `${panel.label}: threshold vs ${s.sizeParameter}^(-${exponent === 1 / 3 ? "1/3" : exponent.toFixed(3)}), extrapolated to ${s.sizeParameter} = ∞` },
      xaxis: { title: { text: `${s.sizeParameter}^(-1/3)` }, rangemode: "tozero" }, yaxis: { title: { text: s.parameter } }, legend,
    },
  };
}

const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

/** The detection rates of every size (Wilson 95% bars) with each size's predicted power curve; null without a largest-root summary. */
export function sizesDetectionFigure(index: number, panel: FiniteSizePanel): Figure | null {
  const s = panel.summary;
  if (s.perSize[0]?.rule !== "largest-root") return null;
  const data = s.perSize.flatMap((summary, i) => {
    const color = palette[i % palette.length];
    const d = summary.points.map((p) => p.detection!);
    const power = panel.powers?.[i];
    return [
      { x: summary.points.map((p) => p.value), y: d.map((q) => q.rate), mode: "markers", name: `${s.sizeParameter} = ${summary.size!.value}: measured`, marker: { color, size: 6 },
        error_y: { type: "data", symmetric: false, array: d.map((q) => q.upper - q.rate), arrayminus: d.map((q) => q.rate - q.lower), visible: true, thickness: 1 } },
      ...(power ? [{ x: power.values, y: power.power, mode: "lines", name: `${s.sizeParameter} = ${summary.size!.value}: predicted power`, line: { color } }] : []),
    ];
  });
  return {
    id: `sizes-detection-${index}`,
    data,
    layout: {
      title: { text: `${panel.label}: detection rate of the largest-root test (level ${s.perSize[0]!.level}) at each ${s.sizeParameter}, predicted power as lines` },
      xaxis: { title: { text: s.parameter } }, yaxis: { title: { text: "P(detect)" }, range: [-0.05, 1.05] },
      shapes: [vline(s.predictedThreshold, "#d62728", `predicted threshold ${s.parameter} = ${s.predictedThreshold.toFixed(3)}`), halfLine],
      legend,
    },
  };
}

/** The overlap curves of every size against (value - theta_c) n^(1/3). */
export function collapseFigure(index: number, panel: FiniteSizePanel): Figure {
  const s = panel.summary;
  return {
    id: `collapse-${index}`,
    data: panel.collapse.map((c, i) => ({
      x: c.x, y: c.y, mode: "lines+markers", name: `${s.sizeParameter} = ${c.size}`, line: { color: palette[i % palette.length] },
      error_y: { type: "data", array: c.sd, visible: true, thickness: 1 },
    })),
    layout: {
      title: { text: `${panel.label}: overlap collapse, ${s.sizeParameter}^(1/3) |<u₁, v>|² against (${s.parameter} - ${s.parameter}_c) ${s.sizeParameter}^(1/3), ${s.parameter}_c = ${s.predictedThreshold.toFixed(3)} predicted` },
      xaxis: { title: { text: `(${s.parameter} - ${s.parameter}_c) ${s.sizeParameter}^(1/3)` } }, yaxis: { title: { text: `${s.sizeParameter}^(1/3) |<u₁, v>|²` } },
      shapes: [vline(0, "#d62728", `predicted threshold (${s.parameter} = ${s.parameter}_c)`)], legend,
    },
  };
}
