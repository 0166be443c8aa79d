/**
 * What `spikelab bbp` / `lamp` print: the JSON summary, CSV rows, and the one-line thresholds of a
 * sweep and of a finite-size extrapolation.
 */
import type { FiniteSizeSummary, ScalingFitSummary, ThresholdEstimate, TransitionSummary } from "../report/types.js";

export function summaryJson(summary: TransitionSummary): unknown {
  return {
    model: summary.model,
    parameter: summary.parameter,
    ...(summary.size ? { size: summary.size } : {}),
    // a sweep without eigenvalues (amp) is measured by its overlap only
    rule: summary.points.every((p) => !Number.isFinite(p.topMean)) ? "overlap" : summary.rule ?? "separation",
    ...(summary.level !== undefined ? { level: summary.level } : {}),
    predictedThreshold: summary.predictedThreshold,
    eigenvalueThreshold: summary.eigenvalueThreshold,
    overlapThreshold: summary.overlapThreshold,
    ...(summary.separationThreshold ? { separationThreshold: summary.separationThreshold } : {}),
    points: summary.points.map((p) => ({
      value: p.value, seeds: p.seeds, topMean: p.topMean, topStd: p.topStd, overlapMean: p.overlapMean, overlapStd: p.overlapStd,
      edgeMean: p.edgeMean, predictedTop: p.prediction.outliers[0] ?? p.prediction.edge, predictedEdge: p.prediction.edge,
      predictedOverlap: p.prediction.overlaps[0] ?? 0, separated: p.separated, overlapDetected: p.overlapDetected,
      ...(p.detection ? { detection: p.detection } : {}),
    })),
  };
}

export function finiteSizeJson(s: FiniteSizeSummary): unknown {
  return {
    model: s.model,
    parameter: s.parameter,
    sizeParameter: s.sizeParameter,
    sizes: s.perSize.map((p) => p.size!.value),
    predictedThreshold: s.predictedThreshold,
    extrapolation: { eigenvalue: s.eigenvalue, overlap: s.overlap },
    notes: s.notes,
    perSize: s.perSize.map(summaryJson),
  };
}

/** A threshold's CSV cells (estimate, uncertainty, bracketed): empty where it is not a number. */
const thresholdCells = (e: ThresholdEstimate) => [Number.isFinite(e.estimate) ? e.estimate : "", Number.isFinite(e.uncertainty) ? e.uncertainty : "", e.bracketed];

/**
 * One CSV block per summary (the size and the detection columns after the per-value ones, empty
 * where absent). The thresholds, one per summary, repeat on every row in the last columns, so that
 * each row stands alone in a spreadsheet or a data frame.
 */
export function summaryCsv(summary: TransitionSummary): string {
  const head = `${summary.parameter},seeds,top_mean,top_std,predicted_top,predicted_edge,overlap_mean,overlap_std,predicted_overlap,separated,` +
    "detection_rate,rate_lower,rate_upper,predicted_power,size,rule,predicted_threshold,threshold,threshold_uncertainty,threshold_bracketed," +
    "overlap_threshold,overlap_threshold_uncertainty,overlap_threshold_bracketed";
  const thresholds = [summary.rule ?? "separation", summary.predictedThreshold, ...thresholdCells(summary.eigenvalueThreshold), ...thresholdCells(summary.overlapThreshold)];
  const rows = summary.points.map((p) =>
    [p.value, p.seeds, p.topMean, p.topStd, p.prediction.outliers[0] ?? p.prediction.edge, p.prediction.edge, p.overlapMean, p.overlapStd,
      p.prediction.overlaps[0] ?? 0, p.separated, p.detection?.rate ?? "", p.detection?.lower ?? "", p.detection?.upper ?? "",
      p.detection?.predictedPower ?? "", summary.size?.value ?? "", ...thresholds].join(","));
  return [head, ...rows].join("\n") + "\n";
}

/**
 * A threshold for the one-line summary. An unbracketed one is a bound, not an estimate: the
 * transition was seen from the grid's first value (the threshold lies at or below it) or the
 * crossing lies outside the grid, so it says which way to move the grid instead of "± ?".
 */
export function thresholdText(e: ThresholdEstimate, grid: readonly number[]): string {
  if (!Number.isFinite(e.estimate)) return "no transition in the grid";
  const v = e.estimate.toFixed(3);
  if (!e.bracketed) {
    const first = grid.length > 0 ? Math.min(...grid) : NaN, last = grid.length > 0 ? Math.max(...grid) : NaN;
    if (e.estimate <= first) return `<= ${first} (seen from the grid's first value: start the grid lower)`;
    if (e.estimate >= last) return `>= ${last} (crossing at or past the grid's last value: extend the grid higher)`;
    return `${v} (not bracketed by two grid values: refine the grid)`;
  }
  return Number.isFinite(e.uncertainty) ? `${v} ± ${e.uncertainty.toFixed(3)}` : `${v} (no uncertainty: too few points around the crossing)`;
}

/** "spiked-covariance (n = 2000): predicted threshold theta = 0.707; measured 0.790 ± 0.030 (50% detection, level 0.05)". */
export function thresholdLine(summary: TransitionSummary): string {
  const at = summary.size ? ` (${summary.size.parameter} = ${summary.size.value})` : "";
  const grid = summary.points.map((p) => p.value);
  // a sweep without eigenvalues (amp): its threshold is the overlap's
  if (summary.points.every((p) => !Number.isFinite(p.topMean))) {
    return `${summary.model}${at}: predicted threshold ${summary.parameter} = ${summary.predictedThreshold.toFixed(3)}; measured ${thresholdText(summary.overlapThreshold, grid)} (overlap rule)\n`;
  }
  const how = summary.rule === "largest-root" ? ` (50% detection, level ${summary.level})` : summary.rule === "separation" ? " (separation rule)" : "";
  return `${summary.model}${at}: predicted threshold ${summary.parameter} = ${summary.predictedThreshold.toFixed(3)}; measured ${thresholdText(summary.eigenvalueThreshold, summary.points.map((p) => p.value))}${how}\n`;
}

/** "spiked-covariance, n = 250, 500, 1000 extrapolated: theta_c = 0.71 ± 0.04 (predicted 0.707); overlap onset ...". */
export function finiteSizeLine(s: FiniteSizeSummary): string {
  const fit = (f: ScalingFitSummary | null) => (f ? `${f.limit.toFixed(3)} ± ${f.standardError.toFixed(3)}` : "no extrapolation");
  const c = `${s.parameter}_c`, x = `${s.sizeParameter}^(-1/3)`;
  const form = s.eigenvalue?.scale === "log" ? `${c} exp(a ${x} / ${c})` : `${c} + a ${x}`;
  return `${s.model}, ${s.sizeParameter} = ${s.perSize.map((p) => p.size!.value).join(", ")} extrapolated (${form}): ` +
    `${s.parameter}_c = ${fit(s.eigenvalue)} (predicted ${s.predictedThreshold.toFixed(3)}); overlap onset ${fit(s.overlap)}\n`;
}
