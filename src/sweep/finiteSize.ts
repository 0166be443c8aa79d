/**
 * Finite-size scaling of a sweep over several sizes (`spikelab bbp --n 500,1000,2000`): a transition
 * summary per size, and the thresholds extrapolated to n -> infinity by log theta(n) = log theta_c +
 * (a / theta_c) n^(-1/3), i.e. theta_c + a n^(-1/3) plus a next-order n^(-2/3) term of the sign and
 * about the size measured for the spiked Wigner and covariance thresholds (compare/finiteSizeScaling.ts,
 * scale "log"; a straight line in theta when a threshold is not positive): the eigenvalue threshold
 * (the 50% crossing of the largest-root test's detection rate, or the separation rule's bracket) and the overlap onset (where the mean
 * overlap reaches n^(-1/3), src/sweep/transition.ts). The exponent 1/3 is the width of the BBP critical window (Baik, Ben Arous and Peche
 * 2005); for LAMP/TAP/MM it is an assumption, said in the notes.
 */
import { extrapolateThreshold, type ScalingPoint } from "../compare/finiteSizeScaling.js";
import { InvalidArgumentError } from "../errors.js";
import type { FiniteSizePanel, FiniteSizeSummary, ScalingFitSummary, ThresholdEstimate, TransitionSummary } from "../report/types.js";
import { getModel } from "./models/index.js";
import { summarizeTransition, type SummaryOptions } from "./transition.js";
import type { TaskRecord } from "./types.js";

export type { FiniteSizeSummary, ScalingFitSummary };

/**
 * A threshold as a scaling point: the largest-root crossing with its standard error; a bracket of
 * half-width h (separation and overlap rules) with the standard deviation h / sqrt(3) of a uniform
 * position inside it. Unbracketed thresholds are left out.
 */
function scalingPoint(size: number, t: ThresholdEstimate, isStandardError: boolean): ScalingPoint | null {
  if (!t.bracketed || !Number.isFinite(t.estimate) || !(t.uncertainty > 0)) return null;
  return { size, threshold: t.estimate, standardError: isStandardError ? t.uncertainty : t.uncertainty / Math.sqrt(3) };
}

function fit(points: (ScalingPoint | null)[], what: string, notes: string[]): ScalingFitSummary | null {
  const kept = points.filter((p): p is ScalingPoint => p !== null);
  if (kept.length < points.length) notes.push(`${what}: ${points.length - kept.length} size(s) left out of the fit (the grid does not bracket their threshold)`);
  if (kept.length < 2) {
    notes.push(`${what}: no extrapolation (a threshold at two sizes at least is needed)`);
    return null;
  }
  const scale = kept.every((p) => p.threshold > 0) ? "log" : "linear";
  if (scale === "linear") notes.push(`${what}: a threshold <= 0, so the extrapolation is a straight line in the threshold (no n^(-2/3) term)`);
  const f = extrapolateThreshold(kept, { scale });
  return {
    limit: f.limit, standardError: f.standardError, slope: f.slope, slopeStandardError: f.slopeStandardError,
    exponent: f.exponent, scale: f.scale, chiSquare: f.chiSquare, degreesOfFreedom: f.degreesOfFreedom, points: f.points,
  };
}

/** The records of a sweep over several sizes (one model, one grid), summarized per size and extrapolated. */
export function finiteSizeScaling(records: TaskRecord[], options: SummaryOptions = {}): FiniteSizeSummary {
  if (!Array.isArray(records) || records.length === 0) throw new InvalidArgumentError("finiteSizeScaling: records must be a non-empty array of task records");
  const first = records[0];
  if (typeof first !== "object" || first === null || typeof first.model !== "string") throw new InvalidArgumentError("finiteSizeScaling: records[0] is not a task record");
  const model = getModel(first.model);
  const sizeParameter = model.sizeParameter;
  if (!sizeParameter) throw new InvalidArgumentError(`finiteSizeScaling: model ${model.name} has no size parameter`);
  const bySize = new Map<number, TaskRecord[]>();
  records.forEach((r, i) => {
    if (typeof r !== "object" || r === null || typeof r.fixed !== "object" || r.fixed === null) throw new InvalidArgumentError(`finiteSizeScaling: records[${i}] is not a task record`);
    const size = Number(r.fixed[sizeParameter]);
    if (!Number.isFinite(size)) throw new InvalidArgumentError(`finiteSizeScaling: records[${i}] has no ${sizeParameter}`);
    bySize.set(size, [...(bySize.get(size) ?? []), r]);
  });
  const perSize: TransitionSummary[] = [...bySize.keys()].sort((a, b) => a - b).map((size) => summarizeTransition(bySize.get(size)!, options));
  const largestRoot = perSize[0]!.rule === "largest-root";
  const notes: string[] = [
    `the extrapolation is a straight line in ${sizeParameter}^(-1/3) for the logarithm of the threshold: its next-order ${sizeParameter}^(-2/3) term ` +
      "is fixed by the slope, not fitted; for the exact 50%-detection thresholds of the spiked Wigner and covariance models at sizes 200..1600 it " +
      "leaves a bias under 0.01 (a straight line in the threshold itself: 0.016-0.023 below theta_c), 0.012-0.014 with the crossings measured from " +
      "20-24 seeds per value (a third of the standard error)",
  ];
  if (!largestRoot) notes.push(`${model.name}: no Tracy-Widom theory; the thresholds per size come from the separation rule and the n^(-1/3) law is assumed`);
  return {
    model: model.name,
    parameter: model.parameter,
    sizeParameter,
    predictedThreshold: perSize[0]!.predictedThreshold,
    perSize,
    eigenvalue: fit(perSize.map((s) => scalingPoint(s.size!.value, s.eigenvalueThreshold, largestRoot)), "eigenvalue threshold", notes),
    overlap: fit(perSize.map((s) => scalingPoint(s.size!.value, s.overlapOnset!, true)), "overlap onset", notes),
    notes,
  };
}

/**
 * The report's finite-size panel: the summary and the overlap curves of each size in the scaling
 * variables of the critical window, n^(1/3) overlap against (value - theta_c) n^(1/3), theta_c the
 * predicted threshold, on which the curves of different sizes fall on one another.
 */
export function finiteSizePanel(summary: FiniteSizeSummary, label: string): FiniteSizePanel {
  if (typeof summary !== "object" || summary === null || !Array.isArray(summary.perSize) || summary.perSize.some((s) => !s?.size || !Array.isArray(s.points))) {
    throw new InvalidArgumentError(`finiteSizePanel: summary must be a finiteSizeScaling result, got ${summary}`);
  }
  if (typeof label !== "string") throw new InvalidArgumentError(`finiteSizePanel: label must be a string, got ${label}`);
  const c = summary.predictedThreshold;
  return {
    label,
    summary,
    collapse: summary.perSize.map((s) => {
      const scale = s.size!.value ** (1 / 3);
      return {
        size: s.size!.value,
        x: s.points.map((p) => (p.value - c) * scale),
        y: s.points.map((p) => p.overlapMean * scale),
        sd: s.points.map((p) => p.overlapStd * scale),
      };
    }),
  };
}
