/**
 * The piscina thread of a queue worker: loads the kernels once, sets the kernel threads of each task
 * (`--threads`, default 1: the worker already runs `--concurrency` tasks at once), runs a task and
 * returns its JSONL line (or a spectrum job's encoded result), or the failure record of what it
 * threw. Tasks run off the worker's main thread so that BullMQ can renew the job locks while a long
 * task computes.
 */
import { workerData } from "node:worker_threads";
import { setThreads } from "../../threads/pool.js";
import { ready } from "../../wasm/loader.js";
import { srfSpectrum, type SrfSpectrumOptions } from "../srfSpectrum.js";
import { runSeries, runTask, taskFailure, type SeriesSpec, type TaskFailure, type TaskSpec } from "../task.js";
import { encodeSpectrum } from "./spectrumJob.js";

const threads = (workerData as { threads?: number } | undefined)?.threads ?? 1;
const loaded = ready().then(() => setThreads(threads));

export default async function queueTask(task: TaskSpec): Promise<string | TaskFailure> {
  await loaded;
  try {
    return JSON.stringify(runTask(task));
  } catch (err) {
    return taskFailure(err);
  }
}

/** A spectrum job (`spikelab spectrum --queue`; options checked by the worker): its encoded result. */
export async function spectrum(o: SrfSpectrumOptions): Promise<string | TaskFailure> {
  await loaded;
  try {
    return encodeSpectrum(o, srfSpectrum(o));
  } catch (err) {
    return taskFailure(err);
  }
}

/** A common-noise series (one seed's tasks, checked by the worker): a JSON array of its record lines. */
export async function series(spec: SeriesSpec): Promise<string | TaskFailure> {
  await loaded;
  try {
    return JSON.stringify(runSeries(spec).map((r) => JSON.stringify(r)));
  } catch (err) {
    return taskFailure(err);
  }
}
