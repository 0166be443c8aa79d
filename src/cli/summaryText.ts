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
    rule: summary.rule ?? "separation",
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

/** One CSV block per summary (the size and the detection columns last, empty where absent). */
export function summaryCsv(summary: TransitionSummary): string {
  const head = `${summary.parameter},seeds,top_mean,top_std,predicted_top,predicted_edge,overlap_mean,overlap_std,predicted_overlap,separated,` +
    "detection_rate,rate_lower,rate_upper,predicted_power,size";
  const rows = summary.points.map((p) =>
    [p.value, p.seeds, p.topMean, p.topStd, p.prediction.outliers[0] ?? p.prediction.edge, p.prediction.edge, p.overlapMean, p.overlapStd,
      p.prediction.overlaps[0] ?? 0, p.separated, p.detection?.rate ?? "", p.detection?.lower ?? "", p.detection?.upper ?? "",
      p.detection?.predictedPower ?? "", summary.size?.value ?? ""].join(","));
  return [head, ...rows].join("\n") + "\n";
}

const estimate = (e: ThresholdEstimate) =>
  Number.isFinite(e.estimate) ? `${e.estimate.toFixed(3)} ± ${Number.isFinite(e.uncertainty) ? e.uncertainty.toFixed(3) : "?"}` : "no transition in the grid";

/** "spiked-covariance (n = 2000): predicted threshold theta = 0.707; measured 0.790 ± 0.030 (50% detection, level 0.05)". */
export function thresholdLine(summary: TransitionSummary): string {
  const at = summary.size ? ` (${summary.size.parameter} = ${summary.size.value})` : "";
  const how = summary.rule === "largest-root" ? ` (50% detection, level ${summary.level})` : summary.rule === "separation" ? " (separation rule)" : "";
  return `${summary.model}${at}: predicted threshold ${summary.parameter} = ${summary.predictedThreshold.toFixed(3)}; measured ${estimate(summary.eigenvalueThreshold)}${how}\n`;
}

/** "spiked-covariance, n = 250, 500, 1000 extrapolated: theta_c = 0.71 ± 0.04 (predicted 0.707); overlap onset ...". */
export function finiteSizeLine(s: FiniteSizeSummary): string {
  const fit = (f: ScalingFitSummary | null) => (f ? `${f.limit.toFixed(3)} ± ${f.standardError.toFixed(3)}` : "no extrapolation");
  return `${s.model}, ${s.sizeParameter} = ${s.perSize.map((p) => p.size!.value).join(", ")} extrapolated (${s.parameter}_c + a ${s.sizeParameter}^(-1/3)): ` +
    `${s.parameter}_c = ${fit(s.eigenvalue)} (predicted ${s.predictedThreshold.toFixed(3)}); overlap onset ${fit(s.overlap)}\n`;
}
