/**
 * What travels through the queue (issue #20). A job names a model and its parameters: the task
 * spec of src/sweep/task.ts and nothing else, so no code travels with a job; the worker rebuilds
 * the spec from the known fields after checking each against the model registry. A result travels
 * back as the task's JSONL line (the same text a local sweep appends to its file) and is read with
 * the same parser, so NaN fields survive and a queued record equals a resumed one.
 */
import { createHash } from "node:crypto";
import { InvalidArgumentError } from "../../errors.js";
import { checkSweptValue, getModel, sweptParameterOf } from "../models/index.js";
import { parseRecord } from "../records.js";
import type { SeriesSpec, TaskSpec } from "../task.js";
import type { Params, TaskRecord } from "../types.js";

const canonical = (fixed: Params) => Object.entries(fixed).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * A short hash of a sweep's full task list (model, parameters, values, indices, seeds): two runs of
 * the same sweep share it, so their job ids coincide and a second enqueue adds nothing.
 */
export function sweepHash(tasks: readonly TaskSpec[]): string {
  const h = createHash("sha256");
  for (const t of tasks) h.update(JSON.stringify([t.model, t.value, t.pointIndex, t.seedIndex, t.seed, canonical(t.fixed), ...(t.noise ? [t.noise] : [])]) + "\n");
  return h.digest("hex").slice(0, 20);
}

/** The job id of a task: the sweep's hash and the task's indices (BullMQ ids may not hold ':'). */
export function jobId(hash: string, t: Pick<TaskSpec, "pointIndex" | "seedIndex">): string {
  return `sweep-${hash}-${t.pointIndex}-${t.seedIndex}`;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * The task spec of a job's data, checked as untrusted input (it came over the network): a known
 * model, a finite swept value in the model's range, non-negative integer indices and seed, and
 * parameters the model validates. Anything else is an InvalidArgumentError naming the field.
 */
export function taskOfJob(data: unknown): TaskSpec {
  if (!isObject(data)) throw new InvalidArgumentError("queue job: the data must be an object (a sweep task)");
  const model = getModel(data["model"] as string);
  const value = data["value"];
  if (typeof value !== "number" || !Number.isFinite(value)) throw new InvalidArgumentError(`queue job: value must be a finite number, got ${String(value)}`);
  checkSweptValue(model, value);
  const index = (name: "pointIndex" | "seedIndex" | "seed"): number => {
    const v = data[name];
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new InvalidArgumentError(`queue job: ${name} must be an integer >= 0, got ${String(v)}`);
    return v;
  };
  const fixedIn = data["fixed"];
  if (!isObject(fixedIn)) throw new InvalidArgumentError("queue job: fixed must be an object of parameters");
  const fixed: Params = {};
  for (const [k, v] of Object.entries(fixedIn)) {
    if (typeof v !== "number" && typeof v !== "string") throw new InvalidArgumentError(`queue job: parameter ${k} must be a number or a string, got ${typeof v}`);
    fixed[k] = v;
  }
  model.validate({ ...model.defaults, ...fixed });
  const noise = data["noise"];
  if (noise !== undefined && noise !== "common") throw new InvalidArgumentError(`queue job: noise must be "common" or absent, got ${String(noise)}`);
  return { model: model.name, value, pointIndex: index("pointIndex"), seedIndex: index("seedIndex"), seed: index("seed"), fixed, ...(noise ? { noise } : {}) };
}

/**
 * The record of a job's return value (the task's JSONL line), or null when it is not a record of
 * exactly this task (malformed, or another task's): the producer then treats the job as failed.
 */
export function recordOfResult(result: unknown, task: TaskSpec): TaskRecord | null {
  if (typeof result !== "string") return null;
  const r = parseRecord(result, sweptParameterOf);
  if (!r || r.model !== task.model || r.value !== task.value || r.pointIndex !== task.pointIndex || r.seedIndex !== task.seedIndex || r.seed !== task.seed) return null;
  return r;
}

/** Whether a job's data is a common-noise series (one seed's tasks) rather than one task. */
export function isSeriesJob(data: unknown): boolean {
  return isObject(data) && Array.isArray(data["series"]);
}

/**
 * The series of a job's data ({ series: task[], gridLength }), checked as untrusted input: each task
 * as `taskOfJob` checks it, all of one model, parameters and seed, with common noise, and a grid
 * length at least the series' length.
 */
export function seriesOfJob(data: unknown): SeriesSpec {
  if (!isObject(data) || !Array.isArray(data["series"]) || data["series"].length === 0) {
    throw new InvalidArgumentError("queue job: a series must be { series: [tasks...], gridLength }");
  }
  const tasks = data["series"].map(taskOfJob);
  const first = tasks[0]!;
  for (const t of tasks) {
    if (t.noise !== "common" || t.model !== first.model || t.seed !== first.seed || t.seedIndex !== first.seedIndex ||
      JSON.stringify(canonical(t.fixed)) !== JSON.stringify(canonical(first.fixed))) {
      throw new InvalidArgumentError("queue job: the tasks of a series must share model, parameters, seed and common noise");
    }
  }
  const gridLength = data["gridLength"];
  if (typeof gridLength !== "number" || !Number.isSafeInteger(gridLength) || gridLength < tasks.length) {
    throw new InvalidArgumentError(`queue job: gridLength must be an integer >= the series' ${tasks.length} tasks, got ${String(gridLength)}`);
  }
  return { tasks, gridLength };
}

/** The records of a series job's return value (a JSON array of record lines), or null unless each is its task's. */
export function recordsOfSeriesResult(result: unknown, spec: SeriesSpec): TaskRecord[] | null {
  if (typeof result !== "string") return null;
  let lines: unknown;
  try {
    lines = JSON.parse(result);
  } catch {
    return null;
  }
  if (!Array.isArray(lines) || lines.length !== spec.tasks.length) return null;
  const records = lines.map((line, i) => recordOfResult(line, spec.tasks[i]!));
  return records.every((r) => r !== null) ? (records as TaskRecord[]) : null;
}
