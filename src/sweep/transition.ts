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
 *
 * Largest-root rule (issue #15; the default for the models with a Tracy-Widom edge law, spiked
 * Wigner and spiked covariance): each instance's top eigenvalue is tested against the edge law of
 * "no spike" (src/sweep/largestRoot.ts); per grid value the detection rate (p-value < level) comes
 * with a Wilson interval beside the predicted power, and the eigenvalue threshold is where the rate
 * crosses 50%, interpolated with a standard error (compare/detection.ts, rateCrossing). At finite n
 * that crossing lies above the limiting threshold by O(n^{-1/3}): src/sweep/finiteSize.ts
 * extrapolates it over several sizes. The separation rule stays for the other models (LAMP, TAP,
 * MM, the feature models, a general population), and on request (rule: "separation").
 *
 * Common noise (issue #21; the default of the spiked Wigner and spiked covariance sweeps): the
 * instances of one seed share their noise across the grid, so per-value rates are not independent
 * binomials. The eigenvalue threshold is then the median of the seeds' own crossings of the test's
 * critical value, and the overlap onset the median of their crossings of size^{-1/3}, each with a
 * standard error from the seed-to-seed spread (./seedCrossings.ts). Per-value means, spreads and
 * detection rates are computed as before (each value's instances are still independent draws).
 *
 * Overlap onset (models with a size parameter): the value where the mean overlap reaches n^{-1/3}
 * (n the size: n, or d for the index models), its order inside the critical window. There the
 * overlap is n^{-1/3} g((theta - theta_c) n^{1/3}) (below: about 1 / (n (1 - theta^2)^2), above:
 * 1 - 1/theta^2 for spiked Wigner; Benaych-Georges and Nadakuditi 2011), so the onset sits at
 * theta_c + x_c n^{-1/3} and extrapolates to theta_c like the eigenvalue threshold. (The overlap
 * rule's threshold, overlap 3 standard errors above 1/n, sits at theta_c - O(1) instead: it stays.)
 */
import { binomialInterval, meanCrossing, rateCrossing } from "../compare/detection.js";
import { InvalidArgumentError } from "../errors.js";
import type { PointSummary, ThresholdEstimate, TransitionRule, TransitionSummary } from "../report/types.js";
import { recordTest } from "./largestRoot.js";
import { seedCrossings } from "./seedCrossings.js";
import { tracyWidom } from "../theory/tracyWidom/index.js";
import { getModel, measuresEigenvalues } from "./models/index.js";
import type { TaskRecord } from "./types.js";

export type { PointSummary, ThresholdEstimate, TransitionRule, TransitionSummary };

export interface SummaryOptions {
  /** The no-signal overlap level is 1 / dimension (default: the records' d, else n). */
  dimension?: number;
  /** Default: "largest-root" for a model with an edge law, else "separation". */
  rule?: TransitionRule;
  /** Level of the largest-root test. Default 0.05. */
  level?: number;
}

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

/** The rule and level of a summary, checked against the model. */
export function summaryRule(modelName: string, options: SummaryOptions): { rule: TransitionRule; level: number } {
  const model = getModel(modelName);
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError(`summary options must be an object, got ${options}`);
  const rule = options.rule ?? (model.edgeLaw ? "largest-root" : "separation");
  if (rule !== "largest-root" && rule !== "separation") throw new InvalidArgumentError(`rule must be "largest-root" or "separation", got ${rule}`);
  if (rule === "largest-root" && !model.edgeLaw) {
    throw new InvalidArgumentError(`rule largest-root needs a Tracy-Widom edge law; model ${model.name} has none (use the separation rule)`);
  }
  const level = options.level ?? 0.05;
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new InvalidArgumentError(`level must be a number in (0, 1), got ${level}`);
  return { rule, level };
}

/** Summarizes the records of one sweep at one size (any order; grouped by grid value). */
export function summarizeTransition(records: TaskRecord[], options: SummaryOptions = {}): TransitionSummary {
  if (!Array.isArray(records)) throw new InvalidArgumentError(`summarizeTransition: records must be an array of task records, got ${records}`);
  if (records.length === 0) throw new InvalidArgumentError("summarizeTransition: records is empty (no task records to summarize)");
  records.forEach((r, i) => {
    const ok = typeof r === "object" && r !== null && typeof r.value === "number" && typeof r.model === "string" &&
      typeof r.measurement === "object" && r.measurement !== null && Array.isArray(r.measurement.top) && (r.measurement.top.length > 0 || !measuresEigenvalues(r.model)) &&
      typeof r.prediction === "object" && r.prediction !== null && typeof r.fixed === "object" && r.fixed !== null;
    if (!ok) throw new InvalidArgumentError(`summarizeTransition: records[${i}] is not a task record (model, value, fixed, measurement.top, prediction)`);
  });
  if (new Set(records.map((r) => r.model)).size > 1) {
    throw new InvalidArgumentError(`summarizeTransition: records mix models (${[...new Set(records.map((r) => r.model))].join(", ")}); summarize one sweep at a time`);
  }
  const { rule, level } = summaryRule(records[0]!.model, options);
  const sizeParameter = getModel(records[0]!.model).sizeParameter;
  const sizes = sizeParameter ? [...new Set(records.map((r) => Number(r.fixed[sizeParameter])))] : [];
  if (sizes.length > 1) {
    throw new InvalidArgumentError(`summarizeTransition: records mix sizes ${sizeParameter} = ${sizes.join(", ")}; summarize one size at a time (finiteSizeScaling)`);
  }
  const byValue = new Map<number, TaskRecord[]>();
  for (const r of records) {
    const list = byValue.get(r.value) ?? [];
    list.push(r);
    byValue.set(r.value, list);
  }
  const dimension = options?.dimension ?? Number(records[0]!.fixed["d"] ?? records[0]!.fixed["n"] ?? NaN);
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
      const detection = rule === "largest-root" ? detectionAt(recs, value, level) : undefined;
      return { value, seeds: recs.length, topMean, topStd, overlapMean, overlapStd, edgeMean, prediction, separated, overlapDetected, ...(detection ? { detection } : {}) };
    });
  const values = points.map((p) => p.value);
  const separationThreshold = estimateThreshold(values, points.map((p) => p.separated));
  let eigenvalueThreshold = separationThreshold;
  const common = commonNoise(records);
  if (rule === "largest-root" && common) {
    eigenvalueThreshold = thresholdOf(seedCrossings(records, (r) => recordTest(r)!.statistic, detectionStatistic(records[0]!, level)));
  } else if (rule === "largest-root") {
    const c = rateCrossing(points.map((p) => ({ value: p.value, successes: p.detection!.detected, trials: p.detection!.trials })));
    eigenvalueThreshold = { estimate: c.estimate, uncertainty: c.standardError, bracketed: c.bracketed };
  }
  return {
    model: records[0]!.model,
    parameter: records[0]!.parameter,
    points,
    predictedThreshold: points[0]!.prediction.threshold,
    eigenvalueThreshold,
    overlapThreshold: estimateThreshold(values, points.map((p) => p.overlapDetected)),
    rule,
    ...(rule === "largest-root" ? { level } : {}),
    separationThreshold,
    ...(sizeParameter ? { size: { parameter: sizeParameter, value: sizes[0]! }, overlapOnset: common ? commonOverlapOnset(records, sizes[0]!) : overlapOnset(points, sizes[0]!) } : {}),
  };
}

/**
 * Whether the records come from a common-noise sweep (every record's noise is "common"); records of
 * both kinds together are an error (they were drawn differently and do not summarize together).
 */
function commonNoise(records: readonly TaskRecord[]): boolean {
  const common = records.filter((r) => r.noise === "common").length;
  if (common > 0 && common < records.length) {
    throw new InvalidArgumentError(`summarizeTransition: records mix common-noise (${common}) and independent-noise (${records.length - common}) instances; summarize one sweep at a time`);
  }
  return common > 0;
}

/** The scaled top eigenvalue above which the largest-root test at `level` detects: the edge law's (1 - level) quantile. */
function detectionStatistic(record: TaskRecord, level: number): number {
  const model = getModel(record.model);
  const law = model.edgeLaw!({ ...model.defaults, ...record.fixed });
  return tracyWidom(law.beta).quantile(1 - level);
}

function thresholdOf(c: ThresholdEstimate): ThresholdEstimate {
  return { estimate: c.estimate, uncertainty: c.uncertainty, bracketed: c.bracketed };
}

/** The overlap onset of a common-noise sweep: the median of the seeds' crossings of size^{-1/3}. */
function commonOverlapOnset(records: readonly TaskRecord[], size: number): ThresholdEstimate {
  return thresholdOf(seedCrossings(records, (r) => r.measurement.overlaps[0] ?? NaN, size ** (-1 / 3)));
}

/** Where the mean overlap crosses size^{-1/3} (compare/detection.ts, meanCrossing), with a standard error. */
function overlapOnset(points: PointSummary[], size: number): ThresholdEstimate {
  const usable = points.filter((p) => Number.isFinite(p.overlapMean));
  if (usable.length === 0 || usable.every((p) => !(p.overlapStd > 0) || p.seeds < 2)) return { estimate: NaN, uncertainty: NaN, bracketed: false };
  const c = meanCrossing(usable.map((p) => ({ value: p.value, mean: p.overlapMean, standardError: p.seeds > 1 ? p.overlapStd / Math.sqrt(p.seeds) : 0 })), size ** (-1 / 3));
  return { estimate: c.estimate, uncertainty: c.standardError, bracketed: c.bracketed };
}

/** Detections of the largest-root test over the seeds of one grid value, beside the predicted power. */
function detectionAt(recs: TaskRecord[], value: number, level: number): NonNullable<PointSummary["detection"]> {
  const detected = recs.filter((r) => recordTest(r)!.pValue < level).length;
  const { lower, upper } = binomialInterval(detected, recs.length);
  const model = getModel(recs[0]!.model);
  const predictedPower = model.detectionPower ? model.detectionPower(value, { ...model.defaults, ...recs[0]!.fixed }, level) : NaN;
  return { detected, trials: recs.length, rate: detected / recs.length, lower, upper, predictedPower };
}
