/**
 * The producer side of a queued sweep (issue #20): enqueues a sweep's remaining tasks on a BullMQ
 * queue with idempotent job ids (the sweep's hash and the task's indices: enqueuing twice adds
 * nothing, and a finished job of an identical earlier sweep is reused), then waits for every job to
 * complete or fail for good. Completions arrive as queue events; a reconciliation pass every
 * `pollMs` also reads each pending job's state, which covers events missed while Redis was away and
 * re-adds jobs that a Redis restart without persistence lost. Each task is recorded once, whatever
 * happened to its job (a stalled job that ran twice still has one id and one result).
 */
import { InvalidArgumentError, SpikelabError } from "../../errors.js";
import type { SeriesSpec, TaskSpec } from "../task.js";
import type { TaskRecord } from "../types.js";
import { DEFAULT_QUEUE_NAME, queueConnection, redactQueueUrl } from "./connection.js";
import { jobId, recordOfResult, recordsOfSeriesResult, sweepHash } from "./jobs.js";

export interface QueueSweepOptions {
  /** The queue's Redis URL: redis://[:password@]host[:port][/db], or rediss:// for TLS. */
  queue: string;
  /** BullMQ queue name. Default "spikelab-sweeps" (the workers' default). */
  queueName?: string;
  /** Attempts per task before it is reported failed (a throwing task is retried). Default 3. */
  attempts?: number;
  /** Delay before a retry, in ms. Default 1000. */
  backoffMs?: number;
  /** Period of the reconciliation pass over pending jobs, in ms. Default 2000. */
  pollMs?: number;
  /** Called once per task that failed for good; without it the sweep throws after recording the rest. */
  onFailed?: (task: TaskSpec, reason: string) => void;
  /** One line per event (waiting, connection lost); the password is redacted. Default: none. */
  onLog?: (line: string) => void;
}

/** A task that failed for good, and why (the last attempt's error). */
export interface FailedTask {
  task: TaskSpec;
  reason: string;
}

/** Typed errors naming the option, before any connection. */
export function checkQueueOptions(o: QueueSweepOptions, prefix = "sweep: options"): void {
  queueConnection(o.queue, `${prefix}.queue`);
  const int = (name: "attempts" | "backoffMs" | "pollMs", min: number) => {
    const v = o[name];
    if (v !== undefined && (typeof v !== "number" || !Number.isSafeInteger(v) || v < min)) throw new InvalidArgumentError(`${prefix}.${name} must be an integer >= ${min}, got ${String(v)}`);
  };
  int("attempts", 1);
  int("backoffMs", 0);
  int("pollMs", 10);
  if (o.queueName !== undefined && (typeof o.queueName !== "string" || !/^[\w.-]+$/.test(o.queueName))) {
    throw new InvalidArgumentError(`${prefix}.queueName must be letters, digits, '_', '-' or '.', got ${String(o.queueName)}`);
  }
}

/** The queue options of `sweep({ queue })` (a URL alone, or the options), checked. */
export function queueSweepOptions(queue: string | QueueSweepOptions): QueueSweepOptions {
  const o = typeof queue === "string" ? { queue } : queue;
  if (typeof o !== "object" || o === null) throw new InvalidArgumentError("sweep: options.queue must be a Redis URL or queue options");
  checkQueueOptions(o);
  return o;
}

/**
 * Runs `todo` (tasks of the sweep `tasks`) through the queue: `onRecord` gets each finished task's
 * record once, in completion order. Resolves with the tasks that failed for good.
 */
export async function runQueued(tasks: readonly TaskSpec[], todo: readonly TaskSpec[], onRecord: (r: TaskRecord) => void, o: QueueSweepOptions): Promise<FailedTask[]> {
  const hash = sweepHash(tasks);
  const jobs = todo.map((t) => ({ id: jobId(hash, t), name: t.model, data: t }));
  const failed = (await runJobs(jobs, recordOfResult, onRecord, o, o.onFailed)).map(({ data, reason }) => ({ task: data, reason }));
  if (failed.length > 0 && !o.onFailed) {
    const f = failed[0]!;
    throw new SpikelabError(`sweep: ${failed.length} task(s) failed on the queue after ${o.attempts ?? 3} attempt(s); the first (value ${f.task.value}, seed index ${f.task.seedIndex}): ${f.reason}`);
  }
  return failed;
}

/**
 * Runs the series of a common-noise sweep (one job per seed and size: its tasks share one
 * factorization) through the queue; otherwise as `runQueued`. A series' job id is its first task's
 * with a "-series" suffix: a resumed run whose series lost some tasks to the records file gets new ids.
 */
export async function runQueuedSeries(tasks: readonly TaskSpec[], series: readonly SeriesSpec[], onRecord: (r: TaskRecord) => void, o: QueueSweepOptions): Promise<FailedTask[]> {
  const hash = sweepHash(tasks);
  const jobs = series.map((s) => ({ id: `${jobId(hash, s.tasks[0]!)}-${s.tasks.length}-series`, name: s.tasks[0]!.model, data: { series: s.tasks, gridLength: s.gridLength } }));
  const parse = (result: unknown, data: { series: TaskSpec[]; gridLength: number }) => recordsOfSeriesResult(result, { tasks: data.series, gridLength: data.gridLength });
  const lost = await runJobs(jobs, parse, (records) => records.forEach(onRecord), o, o.onFailed ? (data, reason) => data.series.forEach((t) => o.onFailed!(t, reason)) : undefined);
  const failed = lost.flatMap(({ data, reason }) => data.series.map((task) => ({ task, reason })));
  if (failed.length > 0 && !o.onFailed) {
    const f = failed[0]!;
    throw new SpikelabError(`sweep: ${failed.length} task(s) failed on the queue after ${o.attempts ?? 3} attempt(s); the first (value ${f.task.value}, seed index ${f.task.seedIndex}): ${f.reason}`);
  }
  return failed;
}

/** One job of `runJobs`: its idempotent id, its BullMQ name, and its data (what the worker validates). */
export interface QueuedJob<T> {
  id: string;
  name: string;
  data: T;
}

/**
 * Enqueues `jobs` and waits until each has completed or failed for good: `onResult` gets each job's
 * return value once, as read by `parse` (null: not a valid result of this job, which then fails).
 * Resolves with the jobs that failed for good. Shared by sweeps and `spikelab spectrum --queue`.
 */
export async function runJobs<T, R>(
  jobs: readonly QueuedJob<T>[],
  parse: (result: unknown, data: T) => R | null,
  onResult: (r: R) => void,
  o: QueueSweepOptions,
  onFailed?: (data: T, reason: string) => void,
): Promise<{ data: T; reason: string }[]> {
  const connection = queueConnection(o.queue);
  const where = redactQueueUrl(o.queue);
  const log = o.onLog ?? (() => {});
  const pending = new Map(jobs.map((j) => [j.id, j]));
  const failed: { data: T; reason: string }[] = [];
  if (pending.size === 0) return failed;
  const name = o.queueName ?? DEFAULT_QUEUE_NAME;
  const attempts = o.attempts ?? 3;
  const jobOptions = (id: string) => ({
    jobId: id,
    attempts,
    backoff: { type: "fixed", delay: o.backoffMs ?? 1000 },
    // results stay a week, so that rerunning the same sweep reuses them (same ids)
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
  const { Queue, QueueEvents } = await import("bullmq");
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  let lastError = "";
  const onError = (err: Error) => {
    if (err.message !== lastError) log(`queue: ${where}: ${err.message} (reconnecting)`);
    lastError = err.message;
  };
  queue.on("error", onError);
  events.on("error", onError);

  const fail = (id: string, reason: string) => {
    const job = pending.get(id);
    if (!job) return;
    pending.delete(id);
    failed.push({ data: job.data, reason });
    onFailed?.(job.data, reason);
  };
  /** Reads one job and settles it when it is finished; re-adds it when Redis lost it. */
  const settle = async (id: string): Promise<void> => {
    const entry = pending.get(id);
    if (!entry) return;
    // the state first: a job read before it completes would lack its return value
    const state = await queue.getJobState(id);
    if (!pending.has(id)) return;
    const job = state === "completed" || state === "failed" ? await queue.getJob(id) : null;
    if (!pending.has(id)) return;
    if (state === "unknown" || ((state === "completed" || state === "failed") && !job)) {
      await queue.add(entry.name, entry.data, jobOptions(id));
      return;
    }
    if (!job) return;
    if (state === "completed") {
      const result = parse(job.returnvalue, entry.data);
      if (result === null) return fail(id, "the worker returned no valid result of this job");
      pending.delete(id);
      onResult(result);
    } else if (state === "failed") {
      fail(id, job.failedReason || "failed");
    }
  };

  let wake: () => void = () => {};
  events.on("completed", ({ jobId: id }) => void settle(id).then(() => wake(), onError));
  events.on("failed", ({ jobId: id }) => void settle(id).then(() => wake(), onError));
  try {
    await events.waitUntilReady();
    // a failed job of an earlier run of this sweep runs again: remove it before adding
    for (const job of await queue.getFailed()) if (job?.id && pending.has(job.id)) await job.remove();
    const ids = [...pending.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      await queue.addBulk(ids.slice(i, i + 500).map((id) => ({ name: pending.get(id)!.name, data: pending.get(id)!.data, opts: jobOptions(id) })));
    }
    log(`queue: ${pending.size} job(s) on ${where} (queue ${name}), waiting for workers`);
    while (pending.size > 0) {
      // reconciliation pass, 50 jobs at a time
      const batch = [...pending.keys()];
      for (let i = 0; i < batch.length && pending.size > 0; i += 50) await Promise.all(batch.slice(i, i + 50).map(settle));
      if (pending.size === 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, o.pollMs ?? 2000);
        wake = () => {
          if (pending.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        };
      });
    }
  } finally {
    await Promise.allSettled([events.close(), queue.close()]);
  }
  return failed;
}
