/** One sweep task: draw an instance of a model at one parameter value and measure it. */
import { InvalidArgumentError, SpikelabError } from "../errors.js";
import { largestRootTest } from "./largestRoot.js";
import { getModel } from "./models/index.js";
import type { Measurement, Params, TaskRecord } from "./types.js";

export interface TaskSpec {
  model: string;
  value: number;
  pointIndex: number;
  seedIndex: number;
  seed: number;
  fixed: Params;
  /** "common": the seed is shared by the seed index's instances at every grid value (TaskRecord.noise). */
  noise?: "common";
}

/** The tasks of one seed of a common-noise sweep, and the number of grid values of the whole sweep. */
export interface SeriesSpec {
  tasks: TaskSpec[];
  gridLength: number;
}

/** Runs one task in this thread (the WASM module must be loaded). */
export function runTask(task: TaskSpec): TaskRecord {
  const model = getModel(task.model);
  const fixed = { ...model.defaults, ...task.fixed };
  const t0 = performance.now();
  const measurement = model.measure(task.value, fixed, task.seed);
  measurement.seconds = (performance.now() - t0) / 1000;
  return recordOf(task, fixed, measurement);
}

/**
 * Runs the tasks of one seed of a common-noise sweep together (same model, parameters and seed;
 * values differ) through the model's `measureSeries`, which reuses work across the values.
 */
export function runSeries({ tasks, gridLength }: SeriesSpec): TaskRecord[] {
  const first = tasks[0];
  if (!first) return [];
  const model = getModel(first.model);
  if (!model.measureSeries) throw new InvalidArgumentError(`model ${model.name} has no common-noise series (measureSeries)`);
  for (const t of tasks) {
    if (t.model !== first.model || t.seed !== first.seed || JSON.stringify(t.fixed) !== JSON.stringify(first.fixed)) {
      throw new InvalidArgumentError("runSeries: the tasks of a series must share model, parameters and seed");
    }
  }
  const fixed = { ...model.defaults, ...first.fixed };
  const measurements = model.measureSeries(tasks.map((t) => t.value), fixed, first.seed, gridLength);
  return tasks.map((t, i) => recordOf(t, fixed, measurements[i]!));
}

/** The record of a task and its measurement. */
function recordOf(task: TaskSpec, fixed: Params, measurement: Measurement): TaskRecord {
  const model = getModel(task.model);
  const test = largestRootTest(model, fixed, measurement.top[0]!);
  return {
    model: model.name,
    parameter: model.parameter,
    value: task.value,
    pointIndex: task.pointIndex,
    seedIndex: task.seedIndex,
    seed: task.seed,
    fixed,
    measurement,
    prediction: model.predict(task.value, fixed),
    ...(test ? { test } : {}),
    ...(task.noise ? { noise: task.noise } : {}),
  };
}

/**
 * A task that threw on a worker thread. Errors cross the thread boundary by structured clone, which
 * keeps neither the class nor the extra fields of a SpikelabError: the worker sends this instead and
 * `taskResult` rebuilds a SpikelabError of the same name, so a typed failure stays typed.
 */
export interface TaskFailure {
  failed: { name: string; message: string; stack?: string; typed: boolean };
}

/** The failure record of an error thrown by a task. */
export function taskFailure(err: unknown): TaskFailure {
  const e = err instanceof Error ? err : new Error(String(err));
  return { failed: { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}), typed: err instanceof SpikelabError } };
}

/** The record, or the error the task threw (a SpikelabError for a typed one). */
export function taskResult<R extends TaskRecord | TaskRecord[]>(r: R | TaskFailure): R {
  if (!("failed" in r)) return r;
  const f = r.failed;
  const e = f.typed ? new SpikelabError(f.message) : new Error(f.message);
  e.name = f.name;
  if (f.stack) e.stack = f.stack;
  throw e;
}
