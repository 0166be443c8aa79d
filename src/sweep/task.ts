/** One sweep task: draw an instance of a model at one parameter value and measure it. */
import { getModel } from "./models.js";
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
  };
}
