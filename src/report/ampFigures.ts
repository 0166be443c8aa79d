/**
 * The report's panel "overlap against alpha" (issue #16): Bayes-optimal AMP's state evolution as a
 * line and its simulation as points (mean ± sd over seeds), the spectral estimators' predicted
 * overlaps as lines of their own colour (and their simulations as points of that colour, where they
 * were swept), and the weak-recovery threshold alpha_c as a vertical line with its legend entry. It
 * draws what it is given.
 */
import type { Figure } from "./lawFigures.js";
import type { OverlapPanel } from "./types.js";

const COLORS: Record<string, string> = { amp: "#d62728", lamp: "#1f77b4", tap: "#2ca02c", mm: "#9467bd" };
const SYMBOLS: Record<string, string> = { amp: "circle", lamp: "square", tap: "diamond", mm: "triangle-up" };
const FALLBACK = ["#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

function colorOf(method: string, index: number): string {
  return COLORS[method] ?? FALLBACK[index % FALLBACK.length]!;
}

/** The overlap panel as a plotly figure. */
export function overlapFigure(index: number, panel: OverlapPanel): Figure {
  const methods = [...new Set([...panel.curves.map((c) => c.method), ...panel.points.map((p) => p.method)])];
  const color = (m: string) => colorOf(m, methods.indexOf(m));
  const data: unknown[] = [
    ...panel.curves.map((c) => ({
      x: c.values, y: c.overlap, mode: "lines", name: c.name, legendgroup: c.method,
      line: { color: color(c.method), width: c.method === "amp" ? 3 : 2, dash: c.method === "amp" ? "solid" : "dash" },
    })),
    ...panel.points.map((p) => ({
      x: p.values, y: p.mean, mode: "markers", name: p.name, legendgroup: p.method,
      error_y: { type: "data", array: p.sd, visible: true }, marker: { color: color(p.method), size: 8, symbol: SYMBOLS[p.method] ?? "circle" },
    })),
  ];
  const shapes: unknown[] = Number.isFinite(panel.threshold) && panel.threshold > 0
    ? [{
      type: "line", xref: "x", yref: "paper", x0: panel.threshold, x1: panel.threshold, y0: 0, y1: 1, line: { color: "#444", dash: "dot", width: 2 },
      showlegend: true, name: `weak-recovery threshold ${panel.parameter}_c = ${panel.threshold.toFixed(4)} (AMP and the spectral estimators)`,
    }]
    : [];
  return {
    id: `overlap-panel-${index}`,
    data,
    layout: {
      title: { text: panel.title }, xaxis: { title: { text: panel.parameter } },
      yaxis: { title: { text: panel.overlapLabel }, range: [-0.05, 1.05] }, shapes, legend: { orientation: "h", y: -0.22, yanchor: "top" },
      margin: { b: 150 },
    },
  };
}
