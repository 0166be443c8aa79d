/**
 * Standalone HTML reports of sweeps: plotly figures and a threshold table in one file that needs
 * no network (plotly.js is inlined from the plotly.js-dist-min package). The report draws what it
 * is given and computes nothing new; every user-supplied string is HTML-escaped and data enters the
 * page as JSON with '<' escaped, so no input can close the script element.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { InvalidArgumentError } from "../errors.js";
import { overlapFigure } from "./ampFigures.js";
import { histogramBins } from "./bins.js";
import { collapseFigure, detectionFigure, edgeStatisticFigure, scalingFigure, sizesDetectionFigure, type Figure } from "./lawFigures.js";
import type {
  ComplexSpectrumPanel, EdgeStatisticPanel, FiniteSizePanel, OverlapPanel, PowerCurve, SpectrumPanel, TheoryCurve, ThresholdEstimate, TransitionSummary,
} from "./types.js";

export type { ComplexSpectrumPanel, EdgeStatisticPanel, FiniteSizePanel, OverlapPanel, PowerCurve, SpectrumPanel, TheoryCurve };

export interface ReportInput {
  title: string;
  /** Shown under the title (e.g. the command line that made the report). */
  subtitle?: string;
  /**
   * `power`: the predicted power curve of the largest-root test, drawn with the detection rates.
   * `overlapLabel`: the name of the overlap the sweep measures (default |<u₁, v>|²; m² for the index models).
   */
  sweeps: { summary: TransitionSummary; curve: TheoryCurve; label: string; power?: PowerCurve; overlapLabel?: string }[];
  spectra?: SpectrumPanel[];
  complexSpectra?: ComplexSpectrumPanel[];
  /** Scaled top eigenvalues below the threshold against the Tracy-Widom density. */
  edgeStatistics?: EdgeStatisticPanel[];
  /** Sweeps over several sizes: thresholds per size, extrapolation, overlap collapse. */
  finiteSize?: FiniteSizePanel[];
  /** Sentences shown under the threshold table (e.g. which rule measured which sweep). */
  notes?: string[];
  /** Free-form key/value facts (sizes, seeds, timings). */
  facts?: [string, string][];
  /** "Overlap against alpha": AMP beside the spectral estimators (issue #16). */
  overlapPanels?: OverlapPanel[];
  /** The spikelab version in the page's footer (default: the package's). */
  version?: string;
  /** When the report was made, in its footer (default: now, as an ISO date-time in UTC). */
  date?: string;
  /** Ready-made plotly figures drawn after the others (e.g. report/generalizationFigures.ts). */
  figures?: Figure[];
}

let packageVersion: string | null = null;
/** The version in the package.json beside src/ or dist/ ("unknown" where it cannot be read). */
export function spikelabVersion(): string {
  if (packageVersion === null) {
    try {
      packageVersion = String((createRequire(import.meta.url)("../../package.json") as { version?: unknown }).version ?? "unknown");
    } catch {
      packageVersion = "unknown";
    }
  }
  return packageVersion;
}

/**
 * Why a measured threshold lies above the predicted one (issue #19): said in the page, under the
 * threshold table, whenever it shows a sweep.
 */
export const FINITE_SIZE_NOTE =
  "A measured threshold above the predicted one is the expected finite-size effect, not a disagreement: the prediction is the " +
  "limit of infinite size, and at finite size an outlier (or a non-zero overlap) is distinguishable from the bulk only past the " +
  "critical window, which shrinks like n^(-1/3) (d^(-1/3) for the index models). Sweeps over several sizes extrapolate the " +
  "measured thresholds to infinite size.";

/** True when a sweep measured no eigenvalue (AMP): its eigenvalue figure and cell are left out. */
function eigenvalueFree(summary: TransitionSummary): boolean {
  return summary.points.every((q) => !Number.isFinite(q.topMean));
}

export function escapeHtml(s: string): string {
  if (typeof s !== "string") throw new InvalidArgumentError(`escapeHtml: the text must be a string, got ${typeof s}`);
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function jsonForScript(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v))
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

let plotlySource: string | null = null;
function plotly(): string {
  if (plotlySource === null) {
    const require = createRequire(import.meta.url);
    plotlySource = readFileSync(require.resolve("plotly.js-dist-min/plotly.min.js"), "utf8");
  }
  return plotlySource;
}

function fmt(x: number, digits = 3): string {
  return Number.isFinite(x) ? x.toFixed(digits) : "—";
}

function sweepFigures(index: number, s: ReportInput["sweeps"][number]): Figure[] {
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

function spectrumFigure(index: number, s: SpectrumPanel): Figure {
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

function complexFigure(index: number, s: ComplexSpectrumPanel): Figure {
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

function thresholdCell(t: ThresholdEstimate): string {
  return Number.isFinite(t.estimate) ? `${fmt(t.estimate)}${Number.isFinite(t.uncertainty) ? ` ± ${fmt(t.uncertainty)}` : " (below the grid)"}` : "not seen in the grid";
}

function thresholdTable(input: ReportInput): string {
  const rows = input.sweeps.map(({ summary, label }) => {
    if (eigenvalueFree(summary)) {
      const at = summary.size ? ` (${summary.size.parameter} = ${summary.size.value})` : "";
      return `<tr><td>${escapeHtml(label + at)}</td><td>${escapeHtml(summary.parameter)}</td><td>${fmt(summary.predictedThreshold)}</td>` +
        `<td>— <small>(no eigenvalue: AMP measures an overlap)</small></td><td>${thresholdCell(summary.overlapThreshold)}</td></tr>`;
    }
    const rule = summary.rule === "largest-root" ? `50% detection, largest-root test at level ${summary.level} (± se)` : "separation rule (± half the bracket)";
    const at = summary.size ? ` (${summary.size.parameter} = ${summary.size.value})` : "";
    const onset = summary.overlapOnset && summary.size
      ? `<br><small>reaches ${escapeHtml(summary.size.parameter)}^(-1/3) at ${thresholdCell(summary.overlapOnset)}</small>` : "";
    return `<tr><td>${escapeHtml(label + at)}</td><td>${escapeHtml(summary.parameter)}</td><td>${fmt(summary.predictedThreshold)}</td>` +
      `<td>${thresholdCell(summary.eigenvalueThreshold)}<br><small>${escapeHtml(rule)}</small></td><td>${thresholdCell(summary.overlapThreshold)}${onset}</td></tr>`;
  });
  const extrapolated = (input.finiteSize ?? []).map(({ summary: s, label }) => {
    const cell = (f: typeof s.eigenvalue) => (f ? `${fmt(f.limit)} ± ${fmt(f.standardError)}<br><small>chi² ${fmt(f.chiSquare, 2)} on ${f.degreesOfFreedom} dof</small>` : "—");
    return `<tr><td>${escapeHtml(`${label}, ${s.sizeParameter} = ${s.perSize.map((p) => p.size!.value).join(", ")} extrapolated to ∞`)}</td>` +
      `<td>${escapeHtml(s.parameter)}</td><td>${fmt(s.predictedThreshold)}</td><td>${cell(s.eigenvalue)}</td><td>${cell(s.overlap)}</td></tr>`;
  });
  return `<table><thead><tr><th>sweep</th><th>parameter</th><th>predicted threshold</th><th>measured: outlier detected / leaves the bulk</th>` +
    `<th>measured: overlap becomes non-zero</th></tr></thead><tbody>${[...rows, ...extrapolated].join("")}</tbody></table>`;
}

/** Typed errors naming the field, before any HTML is built (the page would otherwise fail in the browser). */
function checkReportInput(input: ReportInput): void {
  if (typeof input !== "object" || input === null) throw new InvalidArgumentError(`renderReport: input must be an object, got ${input}`);
  if (typeof input.title !== "string") throw new InvalidArgumentError(`renderReport: input.title must be a string, got ${input.title}`);
  if (input.subtitle !== undefined && typeof input.subtitle !== "string") throw new InvalidArgumentError("renderReport: input.subtitle must be a string");
  if (!Array.isArray(input.sweeps)) throw new InvalidArgumentError("renderReport: input.sweeps must be an array (empty for none)");
  input.sweeps.forEach((s, i) => {
    const ok = typeof s === "object" && s !== null && typeof s.label === "string" && typeof s.summary === "object" && s.summary !== null &&
      Array.isArray(s.summary.points) && typeof s.curve === "object" && s.curve !== null && Array.isArray(s.curve.values);
    if (!ok) throw new InvalidArgumentError(`renderReport: input.sweeps[${i}] must be { summary, curve, label }`);
  });
  for (const name of ["spectra", "complexSpectra", "facts", "edgeStatistics", "finiteSize", "notes", "figures", "overlapPanels"] as const) {
    if (input[name] !== undefined && !Array.isArray(input[name])) throw new InvalidArgumentError(`renderReport: input.${name} must be an array`);
  }
  (input.spectra ?? []).forEach((s, i) => {
    if (typeof s !== "object" || s === null || !Array.isArray(s.eigenvalues) || typeof s.density !== "object" || s.density === null ||
      !Array.isArray(s.edges) || !Array.isArray(s.outliers)) {
      throw new InvalidArgumentError(`renderReport: input.spectra[${i}] must be { title, eigenvalues, density, edges, outliers }`);
    }
  });
  (input.complexSpectra ?? []).forEach((s, i) => {
    if (typeof s !== "object" || s === null || !Array.isArray(s.re) || !Array.isArray(s.im) || !Array.isArray(s.outliers)) {
      throw new InvalidArgumentError(`renderReport: input.complexSpectra[${i}] must be { title, re, im, outliers }`);
    }
  });
  (input.edgeStatistics ?? []).forEach((s, i) => {
    if (typeof s !== "object" || s === null || !Array.isArray(s.scaled) || typeof s.density !== "object" || s.density === null) {
      throw new InvalidArgumentError(`renderReport: input.edgeStatistics[${i}] must be { title, scaled, density }`);
    }
  });
  (input.finiteSize ?? []).forEach((s, i) => {
    if (typeof s !== "object" || s === null || typeof s.label !== "string" || typeof s.summary !== "object" || s.summary === null ||
      !Array.isArray(s.summary.perSize) || !Array.isArray(s.collapse)) {
      throw new InvalidArgumentError(`renderReport: input.finiteSize[${i}] must be { label, summary, collapse }`);
    }
  });
  (input.figures ?? []).forEach((f, i) => {
    if (typeof f !== "object" || f === null || typeof f.id !== "string" || !Array.isArray(f.data) || typeof f.layout !== "object" || f.layout === null) {
      throw new InvalidArgumentError(`renderReport: input.figures[${i}] must be { id, data, layout }`);
    }
  });
  (input.overlapPanels ?? []).forEach((s, i) => {
    if (typeof s !== "object" || s === null || typeof s.title !== "string" || !Array.isArray(s.curves) || !Array.isArray(s.points)) {
      throw new InvalidArgumentError(`renderReport: input.overlapPanels[${i}] must be { title, parameter, overlapLabel, threshold, curves, points }`);
    }
  });
  for (const name of ["version", "date"] as const) {
    if (input[name] !== undefined && typeof input[name] !== "string") throw new InvalidArgumentError(`renderReport: input.${name} must be a string`);
  }
  (input.notes ?? []).forEach((n, i) => {
    if (typeof n !== "string") throw new InvalidArgumentError(`renderReport: input.notes[${i}] must be a string`);
  });
  (input.facts ?? []).forEach((f, i) => {
    if (!Array.isArray(f) || f.length !== 2 || typeof f[0] !== "string" || typeof f[1] !== "string") {
      throw new InvalidArgumentError(`renderReport: input.facts[${i}] must be a [key, value] pair of strings`);
    }
  });
}

/** The report as one HTML string. */
export function renderReport(input: ReportInput): string {
  checkReportInput(input);
  const figures: Figure[] = [
    ...(input.overlapPanels ?? []).map((s, i) => overlapFigure(i, s)),
    ...(input.spectra ?? []).map((s, i) => spectrumFigure(i, s)),
    ...input.sweeps.flatMap((s, i) => sweepFigures(i, s)),
    ...input.sweeps.flatMap((s, i) => detectionFigure(i, s.summary, s.label, s.power) ?? []),
    ...(input.edgeStatistics ?? []).map((s, i) => edgeStatisticFigure(i, s)),
    ...(input.finiteSize ?? []).flatMap((s, i) => [sizesDetectionFigure(i, s) ?? [], scalingFigure(i, s), collapseFigure(i, s)].flat()),
    ...(input.complexSpectra ?? []).map((s, i) => complexFigure(i, s)),
    ...(input.figures ?? []),
  ];
  const hasThresholds = input.sweeps.length > 0 || (input.finiteSize ?? []).length > 0;
  const panelNotes = (input.overlapPanels ?? []).flatMap((s) => s.notes ?? []);
  const notes = [...(hasThresholds ? [FINITE_SIZE_NOTE] : []), ...(input.notes ?? []), ...panelNotes].map((n) => `<li>${escapeHtml(n)}</li>`).join("");
  const version = input.version ?? spikelabVersion();
  const date = input.date ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const facts = (input.facts ?? []).map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join("");
  const divs = figures.map((f) => `<div class="fig" id="${escapeHtml(f.id)}"></div>`).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="spikelab ${escapeHtml(version)}">
<title>${escapeHtml(input.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.subtitle { color: #666; font-family: monospace; margin-bottom: 1.5rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.35rem 0.7rem; text-align: left; }
thead th { background: #f4f4f4; }
.fig { width: 100%; height: 460px; margin: 1rem 0; }
.made { color: #666; font-size: 0.85rem; margin-top: 2rem; }
</style>
<script>${plotly()}</script>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
${input.subtitle ? `<div class="subtitle">${escapeHtml(input.subtitle)}</div>` : ""}
${hasThresholds ? `<h2>Thresholds: measured vs predicted</h2>\n${thresholdTable(input)}` : ""}
${notes ? `<ul class="notes">${notes}</ul>` : ""}
${facts ? `<table>${facts}</table>` : ""}
${divs}
<footer class="made">made by spikelab ${escapeHtml(version)} on ${escapeHtml(date)}</footer>
<script>
const figures = ${jsonForScript(figures)};
window.spikelabRendered = 0;
for (const f of figures) {
  Plotly.newPlot(f.id, f.data, f.layout, { responsive: true }).then(() => { window.spikelabRendered++; });
}
</script>
</body>
</html>
`;
}
