/**
 * When the trainer records its diagnostics: a list of step indices, or `points` steps spaced
 * evenly in log(1 + step) from 0 to the last step (both included; duplicates after rounding to
 * integers dropped, so short runs get fewer points).
 */
import { InvalidArgumentError } from "../errors.js";

/** Step indices to record at, or { points } log-spaced ones (default { points: 50 }). */
export type RecordSpec = readonly number[] | { points: number };

/** The sorted, distinct step indices at which `train` records, all in 0..steps. */
export function recordSchedule(spec: RecordSpec | undefined, steps: number): number[] {
  if (spec === undefined) return logSteps(50, steps);
  if (Array.isArray(spec)) {
    if (spec.length > 100000) throw new InvalidArgumentError(`train: record lists ${spec.length} steps; at most 100000`);
    for (const s of spec) {
      if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > steps) {
        throw new InvalidArgumentError(`train: record steps must be integers in 0..${steps} (steps), got ${String(s)}`);
      }
    }
    const out = Array.from(new Set(spec as number[])).sort((x, y) => x - y);
    if (out.length === 0) throw new InvalidArgumentError("train: record must list at least one step");
    return out;
  }
  if (spec !== null && typeof spec === "object") {
    const points = (spec as { points: unknown }).points;
    if (typeof points !== "number" || !Number.isInteger(points) || points < 2 || points > 100000) {
      throw new InvalidArgumentError(`train: record.points must be an integer in 2..100000, got ${String(points)}`);
    }
    return logSteps(points, steps);
  }
  throw new InvalidArgumentError("train: record must be a list of step indices or { points }");
}

/** `points` steps round(exp(j log(1 + steps) / (points - 1)) - 1), j = 0..points-1, deduplicated. */
export function logSteps(points: number, steps: number): number[] {
  const set = new Set<number>([0, steps]);
  const top = Math.log1p(steps);
  for (let j = 1; j < points - 1; j++) set.add(Math.min(steps, Math.round(Math.expm1((j * top) / (points - 1)))));
  return Array.from(set).sort((x, y) => x - y);
}
