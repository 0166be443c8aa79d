/**
 * Parameter sweeps: a grid of values of one model parameter times a number of seeds, each task an
 * independent instance measured in a worker thread (piscina), reproducible whatever the number of
 * workers (task seeds depend only on the base seed and the task's indices, src/sweep/seeds.ts), and
 * resumable (each finished task is appended to a JSONL file as one line; a rerun with the same
 * file reuses the lines that match and runs only the rest).
 */
import { appendFileSync, existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import { InvalidArgumentError } from "../errors.js";
import { aliasedOption } from "../validate.js";
import { scriptUrl } from "./scriptUrl.js";
import { ready } from "../wasm/loader.js";
import { checkSweptValue, getModel, sweptParameterOf } from "./models/index.js";
import { queueSweepOptions, runQueued, runQueuedSeries, type QueueSweepOptions } from "./queue/producer.js";
import { malformedWarning, readRecordFile } from "./records.js";
import { commonTaskSeed, taskSeed } from "./seeds.js";
import { runSeries, runTask, taskResult, type TaskFailure, type TaskSpec } from "./task.js";
import type { NoiseMode, Params, TaskRecord } from "./types.js";

export interface SweepOptions {
  /** Model name (see `sweepModels()`). */
  model: string;
  /** Values of the swept parameter (the model's `parameter`), any order. */
  values: number[];
  /** The model's other parameters; missing ones take the model's defaults. */
  fixed?: Params;
  /**
   * Several values of the model's size parameter (its `sizeParameter`: n, or d for the index models):
   * the tasks are size x grid value x seed, each record carrying its size in `fixed`. With one size
   * (or none: `fixed`'s) the seeds are those of a one-size sweep; with several, the task of size
   * index s and grid index i has point index s * values.length + i.
   */
  sizes?: number[];
  /** Instances per grid value. Default 3. */
  seeds?: number;
  /** Base seed. Default 0. */
  seed?: number;
  /**
   * How the instances' noise relates across the grid (issue #21). "common" (the default for the
   * models whose series saves most of the work, spiked Wigner and spiked covariance, at one size; on a
   * `queue`, one job per seed; also available for lamp): seed index s uses one
   * seed at every grid value, so its instances share their Gaussian matrix and planted direction and
   * differ only by the swept parameter (common random numbers); the sweep then runs each seed's values
   * as one task through the model's `measureSeries`, which factors the noise once. The seed-to-seed
   * spread stays that of independent instances, and the summaries estimate thresholds from each seed's
   * own crossing (src/sweep/seedCrossings.ts), which is what makes correlated grid points honest.
   * "independent" (the only mode of the other models): every (value, seed index) has its own seed.
   * It is the default of a sweep over several `sizes`: a finite-size extrapolation is all about
   * thresholds, and a threshold is a quantile of the seed-to-seed distribution, of which common noise
   * gives one draw per seed, while independent instances give one Bernoulli draw each (worth about
   * 2/pi of a draw near the threshold, so a grid of several values around it carries more per seed).
   */
  noise?: NoiseMode;
  /** Worker threads; default the number of cores; 1 runs in this thread. */
  workers?: number;
  /**
   * JSONL file to append the task records to and resume from (the CLI's --jsonl; the CLI's --out is
   * its HTML report, hence the name).
   */
  records?: string;
  /** @deprecated since 0.2.0: `records` (the same file; both given, they must agree); removed in 0.3.0. */
  out?: string;
  /** Called after each finished task (also for reused ones, with reused = true). */
  onProgress?: (done: number, total: number, record: TaskRecord, reused: boolean) => void;
  /**
   * Called once with a one-line warning when the resumed `out` file has malformed lines (skipped;
   * their tasks run again). Default: `process.emitWarning`.
   */
  onWarning?: (message: string) => void;
  /**
   * Run the tasks through a BullMQ queue on Redis instead of local threads (src/sweep/queue/, issue
   * #20): a redis:// or rediss:// URL, or the queue options. `workers` is then unused: workers are
   * `startWorker` / `spikelab worker` processes on any machine.
   */
  queue?: string | QueueSweepOptions;
}

function sameFixed(a: Params, b: Params): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (a[k] !== b[k]) return false;
  return true;
}

function workerUrl(): URL {
  return scriptUrl("./worker.js", import.meta.url, "../../dist/sweep/worker.js", "sweep workers");
}

/** Typed errors, naming the option, for options of the wrong type or range (before any work). */
function checkSweepOptions(options: SweepOptions): void {
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError(`sweep: options must be an object, got ${options}`);
  if (typeof options.model !== "string") throw new InvalidArgumentError(`sweep: options.model must be a model name (string), got ${options.model}`);
  if (!Array.isArray(options.values)) throw new InvalidArgumentError("sweep: options.values must be an array of numbers");
  if (options.fixed !== undefined && (typeof options.fixed !== "object" || options.fixed === null || Array.isArray(options.fixed))) {
    throw new InvalidArgumentError("sweep: options.fixed must be an object of parameters");
  }
  const integer = (name: "seeds" | "seed" | "workers", min: number) => {
    const v = options[name];
    if (v !== undefined && (typeof v !== "number" || !Number.isSafeInteger(v) || v < min)) {
      throw new InvalidArgumentError(`sweep: options.${name} must be an integer >= ${min}, got ${v}`);
    }
  };
  integer("seeds", 1);
  integer("seed", 0);
  integer("workers", 1);
  for (const name of ["onProgress", "onWarning"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "function") throw new InvalidArgumentError(`sweep: options.${name} must be a function`);
  }
  const name = options.records !== undefined ? "records" : "out";
  const file = recordsFile(options);
  if (file !== undefined) {
    if (typeof file !== "string" || file === "") throw new InvalidArgumentError(`sweep: options.${name} must be a file path, got ${file}`);
    const folder = dirname(resolve(file));
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new InvalidArgumentError(`sweep: options.${name} ${file}: the folder ${folder} does not exist`);
    }
    if (existsSync(file) && !statSync(file).isFile()) {
      throw new InvalidArgumentError(`sweep: options.${name} ${file} exists and is not a plain file`);
    }
  }
}

/** The records file: `records`, or its deprecated alias `out` (an error when both disagree). */
function recordsFile(options: SweepOptions): string | undefined {
  return aliasedOption<string>(options, "records", "out", "sweep");
}

/** Runs the sweep and resolves to every record, sorted by grid value then seed index. */
export async function sweep(options: SweepOptions): Promise<TaskRecord[]> {
  checkSweepOptions(options);
  const queue = options.queue === undefined ? undefined : queueSweepOptions(options.queue);
  const model = getModel(options.model);
  const seeds = options.seeds ?? 3;
  const baseSeed = options.seed ?? 0;
  if (options.values.length === 0) throw new InvalidArgumentError(`sweep: options.values (the grid of ${model.parameter}) is empty`);
  for (const v of options.values) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidArgumentError(`sweep: options.values must be finite numbers, got ${v}`);
    checkSweptValue(model, v);
  }
  const fixed: Params = { ...model.defaults, ...(options.fixed ?? {}) };
  model.validate?.(fixed);
  const fixedPerSize = sizedParams(model, fixed, options.sizes);
  const noise = noiseMode(model, options.noise, fixedPerSize.length);
  const values = [...new Set(options.values)].sort((a, b) => a - b);
  const tasks: TaskSpec[] = [];
  fixedPerSize.forEach((sized, sizeIndex) => {
    const size = model.sizeParameter ? Number(sized[model.sizeParameter]) : 0;
    values.forEach((value, valueIndex) => {
      const pointIndex = sizeIndex * values.length + valueIndex;
      for (let seedIndex = 0; seedIndex < seeds; seedIndex++) {
        tasks.push(noise === "common"
          ? { model: model.name, value, pointIndex, seedIndex, seed: commonTaskSeed(baseSeed, size, seedIndex), fixed: sized, noise }
          : { model: model.name, value, pointIndex, seedIndex, seed: taskSeed(baseSeed, pointIndex, seedIndex), fixed: sized });
      }
    });
  });
  const total = tasks.length;
  // a record matches a task by its parameters (its size among them), value, seed index and seed
  const key = (fixedOf: Params, value: number, seedIndex: number, seed: number) =>
    `${JSON.stringify(Object.entries(fixedOf).sort(([a], [b]) => (a < b ? -1 : 1)))}|${value}|${seedIndex}|${seed}`;
  const done = new Map<string, TaskRecord>();
  const recordsPath = recordsFile(options);
  if (recordsPath) {
    const file = readRecordFile(recordsPath, sweptParameterOf);
    const warning = malformedWarning(recordsPath, file.malformed);
    if (warning) (options.onWarning ?? ((m: string) => process.emitWarning(m)))(warning);
    for (const r of file.records) {
      if (r.model === model.name && fixedPerSize.some((f) => sameFixed(r.fixed, f))) done.set(key(r.fixed, r.value, r.seedIndex, r.seed), r);
    }
  }
  const results: TaskRecord[] = [];
  let finished = 0;
  const record = (r: TaskRecord, reused: boolean) => {
    results.push(r);
    finished++;
    if (!reused && recordsPath) appendFileSync(recordsPath, JSON.stringify(r) + "\n");
    options.onProgress?.(finished, total, r, reused);
  };
  const todo: TaskSpec[] = [];
  for (const t of tasks) {
    const prev = done.get(key(t.fixed, t.value, t.seedIndex, t.seed));
    if (prev) record(prev, true);
    else todo.push(t);
  }
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), todo.length || 1));
  if (queue && noise === "common") {
    await runQueuedSeries(tasks, seriesOf(todo).map((group) => ({ tasks: group, gridLength: values.length })), (r) => record(r, false), queue);
  } else if (queue) {
    await runQueued(tasks, todo, (r) => record(r, false), queue);
  } else if (noise === "common") {
    // one task per seed (and size): its values share one factorization of the noise
    const series = seriesOf(todo).map((group) => ({ tasks: group, gridLength: values.length }));
    const threads = Math.min(workers, series.length);
    if (threads <= 1) {
      await ready();
      for (const group of series) for (const r of runSeries(group)) record(r, false);
    } else {
      await runPool(threads, series, (r: TaskRecord[] | TaskFailure) => taskResult(r).forEach((x) => record(x, false)));
    }
  } else if (workers === 1) {
    await ready();
    for (const t of todo) record(runTask(t), false);
  } else if (todo.length > 0) {
    // the largest values first: for the index models (n = alpha d) the costliest, so that no worker
    // is left alone with the last big task (the records are sorted at the end whatever the order)
    const order = [...todo].sort((a, b) => b.value - a.value);
    await runPool(workers, order, (r: TaskRecord | TaskFailure) => record(taskResult(r), false));
  }
  const sizeOf = (r: TaskRecord) => (model.sizeParameter ? Number(r.fixed[model.sizeParameter]) : 0);
  return results.sort((a, b) => sizeOf(a) - sizeOf(b) || a.value - b.value || a.seedIndex - b.seedIndex);
}

/** The noise mode of a sweep: the model's default at one size ("independent" unless it says "common"), else "independent". */
function noiseMode(model: ReturnType<typeof getModel>, noise: unknown, sizes: number): NoiseMode {
  if (noise === undefined) return model.measureSeries && model.defaultNoise === "common" && sizes <= 1 ? "common" : "independent";
  if (noise !== "common" && noise !== "independent") throw new InvalidArgumentError(`sweep: options.noise must be "common" or "independent", got ${String(noise)}`);
  if (noise === "common" && !model.measureSeries) {
    throw new InvalidArgumentError(`sweep: options.noise "common": model ${model.name} has no common-noise series; use "independent"`);
  }
  return noise;
}

/** The tasks grouped by (parameters, seed): each group is one seed's values at one size. */
function seriesOf(tasks: readonly TaskSpec[]): TaskSpec[][] {
  const groups = new Map<string, TaskSpec[]>();
  for (const t of tasks) {
    const key = `${JSON.stringify(t.fixed)}|${t.seedIndex}|${t.seed}`;
    const list = groups.get(key) ?? [];
    list.push(t);
    groups.set(key, list);
  }
  return [...groups.values()];
}

/** Runs the jobs on a piscina pool of `threads` workers, handing each result to `onResult`. */
async function runPool<J, R>(threads: number, jobs: readonly J[], onResult: (r: R) => void): Promise<void> {
  const { Piscina } = await import("piscina");
  const pool = new Piscina({ filename: workerUrl().href, minThreads: threads, maxThreads: threads });
  try {
    await Promise.all(jobs.map((j) => pool.run(j).then((r: R) => onResult(r))));
  } finally {
    await pool.destroy();
  }
}

/** The parameters of each size of a sweep (one entry, `fixed`, without `sizes`), each validated. */
function sizedParams(model: ReturnType<typeof getModel>, fixed: Params, sizes: number[] | undefined): Params[] {
  if (sizes === undefined) return [fixed];
  const name = model.sizeParameter;
  if (!name) throw new InvalidArgumentError(`sweep: options.sizes: model ${model.name} has no size parameter to vary`);
  if (!Array.isArray(sizes) || sizes.length === 0) throw new InvalidArgumentError(`sweep: options.sizes must be a non-empty array of values of ${name}`);
  if (new Set(sizes).size !== sizes.length) throw new InvalidArgumentError(`sweep: options.sizes lists a size twice: ${sizes.join(", ")}`);
  return [...sizes].sort((a, b) => a - b).map((size) => {
    if (typeof size !== "number" || !Number.isSafeInteger(size)) throw new InvalidArgumentError(`sweep: options.sizes must be integers, got ${size}`);
    const sized = { ...fixed, [name]: size };
    model.validate(sized);
    return sized;
  });
}
