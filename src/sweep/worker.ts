/** The piscina worker of sweeps: loads the kernels once per thread, then runs tasks. */
import { ready } from "../wasm/loader.js";
import { runTask, type TaskSpec } from "./task.js";
import type { TaskRecord } from "./types.js";

const loaded = ready();

export default async function sweepTask(task: TaskSpec): Promise<TaskRecord> {
  await loaded;
  return runTask(task);
}
