/** The piscina worker of sweeps: loads the kernels once per thread, then runs tasks. */
import { ready } from "../wasm/loader.js";
import { setThreads } from "../threads/pool.js";
import { runSeries, runTask, taskFailure, type SeriesSpec, type TaskFailure, type TaskSpec } from "./task.js";
import type { TaskRecord } from "./types.js";

// A sweep already runs one instance per core: kernels inside an instance stay on its thread
const loaded = ready().then((mod) => {
  setThreads(1);
  return mod;
});

/** One task, or the tasks of one seed of a common-noise sweep (runSeries). */
export default async function sweepTask(task: TaskSpec | SeriesSpec): Promise<TaskRecord | TaskRecord[] | TaskFailure> {
  await loaded;
  try {
    return "tasks" in task ? runSeries(task) : runTask(task);
  } catch (err) {
    return taskFailure(err);
  }
}
