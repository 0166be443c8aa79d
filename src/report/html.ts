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
import { collapseFigure, detectionFigure, edgeStatisticFigure, scalingFigure, sizesDetectionFigure, type Figure } from "./lawFigures.js";
import { complexFigure, eigenvalueFree, fmt, spectrumFigure, sweepFigures, type SweepInput } from "./sweepFigures.js";
import type {
  ComplexSpectrumPanel, EdgeStatisticPanel, FiniteSizePanel, OverlapPanel, PowerCurve, SpectrumPanel, TheoryCurve, ThresholdEstimate, TransitionSummary,
} from "./types.js";

export type { ComplexSpectrumPanel, EdgeStatisticPanel, FiniteSizePanel, OverlapPanel, PowerCurve, SpectrumPanel, TheoryCurve };

export interface ReportInput {
  title: string;
  /** Shown under the title (e.g. the command line that made the report). */
  subtitle?: string;
  /** The sweeps: summary, theory curve, label, and optionally the power curve and the overlap's name. */
  sweeps: SweepInput[];
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
  /** When the report was made, in its footer (default: now, or SOURCE_DATE_EPOCH when set, as an ISO date-time in UTC). */
  date?: string;
  /** Ready-made plotly figures drawn after the others (e.g. report/generalizationFigures.ts). */
  figures?: Figure[];
}

let packageVersion: string | null = null;
/**
 * Now as an ISO date-time in UTC, or the time SOURCE_DATE_EPOCH (seconds since 1970, the
 * reproducible-builds convention) names when it is set, so that two runs can give the same page.
 */
function reportDate(): string {
  const epoch = typeof process !== "undefined" ? process.env?.SOURCE_DATE_EPOCH : undefined;
  const seconds = epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : NaN;
  const when = Number.isFinite(seconds) ? new Date(seconds * 1000) : new Date();
  return when.toISOString().replace(/\.\d+Z$/, "Z");
}

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
  const date = input.date ?? reportDate();
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
