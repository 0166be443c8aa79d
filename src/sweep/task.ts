/** One sweep task: draw an instance of a model at one parameter value and measure it. */
import { SpikelabError } from "../errors.js";
import { largestRootTest } from "./largestRoot.js";
import { getModel } from "./models/index.js";
import type { Params, TaskRecord } from "./types.js";

export interface TaskSpec {
  model: string;
  value: number;
  pointIndex: number;
  seedIndex: number;
  seed: number;
  fixed: Params;
}

/** Runs one task in this thread (the WASM module must be loaded). */
export function runTask(task: TaskSpec): TaskRecord {
  const model = getModel(task.model);
  const fixed = { ...model.defaults, ...task.fixed };
  const t0 = performance.now();
  const measurement = model.measure(task.value, fixed, task.seed);
  measurement.seconds = (performance.now() - t0) / 1000;
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
export function taskResult(r: TaskRecord | TaskFailure): TaskRecord {
  if (!("failed" in r)) return r;
  const f = r.failed;
  const e = f.typed ? new SpikelabError(f.message) : new Error(f.message);
  e.name = f.name;
  if (f.stack) e.stack = f.stack;
  throw e;
}
