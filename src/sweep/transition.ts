/**
 * From task records to a transition summary: per grid value, the mean and spread of the top
 * eigenvalue and overlap across seeds beside the prediction, and the threshold estimated from the
 * data, with an uncertainty, beside the predicted one.
 *
 * Separation rule: at a grid value the top eigenvalue has left the bulk when its gap to the
 * measured edge of the bulk (the largest eigenvalue that is not a predicted outlier, measured in
 * the same instance) exceeds 3 x the gap's finite-size fluctuation: the larger of the standard
 * error of the mean gap over seeds and the edge scale of the prediction (Tracy-Widom order
 * n^{-2/3} for the Hermitian models). The measured edge, not the predicted one, is the reference
 * because at finite size the bulk edge sits away from its limit (for the non-Hermitian LAMP matrix
 * by much more than the Tracy-Widom scale). Inside the critical window (theta - theta_c =
 * O(n^{-1/3})) the outlier is not yet distinguishable, so at finite n the estimate lies above the
 * limiting threshold by about that window. The estimated
 * threshold is the midpoint between the last grid value that is not separated and the first value
 * from which every larger value is separated; the uncertainty is half that gap (or the whole
 * range when no transition is seen). The overlap rule is the same with "mean overlap > 3 standard
 * errors above the no-signal level 1/dimension".
 */
import { InvalidArgumentError } from "../errors.js";
import type { PointSummary, ThresholdEstimate, TransitionSummary } from "../report/types.js";
import type { TaskRecord } from "./types.js";

export type { PointSummary, ThresholdEstimate, TransitionSummary };

function meanStd(xs: number[]): [number, number] {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  return [mean, Math.sqrt(variance)];
}

/** The threshold from a boolean "transition seen" flag per ascending grid value. */
export function estimateThreshold(values: number[], seen: boolean[]): ThresholdEstimate {
  if (!Array.isArray(values) || !Array.isArray(seen) || values.length !== seen.length) {
    throw new InvalidArgumentError("estimateThreshold: values and seen must be arrays of the same length");
  }
  const n = values.length;
  // first index from which every later value is seen
  let first = n;
  for (let i = n - 1; i >= 0 && seen[i]; i--) first = i;
  if (first === n) {
    return { estimate: NaN, uncertainty: NaN, bracketed: false };
  }
  if (first === 0) {
    // seen everywhere: the threshold lies below the grid
    return { estimate: values[0]!, uncertainty: NaN, bracketed: false };
  }
  const lo = values[first - 1]!;
  const hi = values[first]!;
  return { estimate: (lo + hi) / 2, uncertainty: (hi - lo) / 2, bracketed: true };
}

/** Summarizes the records of one sweep (any order; grouped by grid value). */
export function summarizeTransition(records: TaskRecord[], options: { dimension?: number } = {}): TransitionSummary {
  if (!Array.isArray(records)) throw new InvalidArgumentError(`summarizeTransition: records must be an array of task records, got ${records}`);
  if (records.length === 0) throw new InvalidArgumentError("summarizeTransition: records is empty (no task records to summarize)");
  records.forEach((r, i) => {
    const ok = typeof r === "object" && r !== null && typeof r.value === "number" && typeof r.model === "string" &&
      typeof r.measurement === "object" && r.measurement !== null && Array.isArray(r.measurement.top) && r.measurement.top.length > 0 &&
      typeof r.prediction === "object" && r.prediction !== null && typeof r.fixed === "object" && r.fixed !== null;
    if (!ok) throw new InvalidArgumentError(`summarizeTransition: records[${i}] is not a task record (model, value, fixed, measurement.top, prediction)`);
  });
  if (new Set(records.map((r) => r.model)).size > 1) {
    throw new InvalidArgumentError(`summarizeTransition: records mix models (${[...new Set(records.map((r) => r.model))].join(", ")}); summarize one sweep at a time`);
  }
  const byValue = new Map<number, TaskRecord[]>();
  for (const r of records) {
    const list = byValue.get(r.value) ?? [];
    list.push(r);
    byValue.set(r.value, list);
  }
  const dimension = options.dimension ?? Number(records[0]!.fixed["d"] ?? records[0]!.fixed["n"] ?? NaN);
  const noise = Number.isFinite(dimension) ? 1 / dimension : 0;
  const points: PointSummary[] = [...byValue.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([value, recs]) => {
      const [topMean, topStd] = meanStd(recs.map((r) => r.measurement.top[0]!));
      const [overlapMean, overlapStd] = meanStd(recs.map((r) => r.measurement.overlaps[0] ?? NaN));
      const [edgeMean] = meanStd(recs.map((r) => r.measurement.edge));
      const prediction = recs[0]!.prediction;
      const [gapMean, gapStd] = meanStd(recs.map((r) => r.measurement.top[0]! - r.measurement.edge));
      const fluctuation = Math.max(gapStd / Math.sqrt(recs.length), prediction.edgeScale);
      const separated = gapMean > 3 * fluctuation;
      const se = recs.length > 1 ? overlapStd / Math.sqrt(recs.length) : overlapMean;
      const overlapDetected = overlapMean - noise > 3 * Math.max(se, noise);
      return { value, seeds: recs.length, topMean, topStd, overlapMean, overlapStd, edgeMean, prediction, separated, overlapDetected };
    });
  const values = points.map((p) => p.value);
  return {
    model: records[0]!.model,
    parameter: records[0]!.parameter,
    points,
    predictedThreshold: points[0]!.prediction.threshold,
    eigenvalueThreshold: estimateThreshold(values, points.map((p) => p.separated)),
    overlapThreshold: estimateThreshold(values, points.map((p) => p.overlapDetected)),
  };
}
