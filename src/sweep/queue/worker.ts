/**
 * A queue worker (issue #20): pulls sweep tasks from a BullMQ queue on Redis and runs them with the
 * same task code as a local sweep (src/sweep/task.ts), on a pool of `concurrency` threads. Workers
 * on any number of machines may share a queue and join or leave at any time: a job whose worker dies
 * (its lock expires) is moved back to the queue by the stalled-job check of the surviving workers.
 * A job carries data only (a model name and parameters, checked by `taskOfJob`), never code.
 */
import { availableParallelism } from "node:os";
import { InvalidArgumentError, SpikelabError } from "../../errors.js";
import { scriptUrl } from "../scriptUrl.js";
import { taskResult, type SeriesSpec, type TaskFailure, type TaskSpec } from "../task.js";
import type { TaskRecord } from "../types.js";
import { DEFAULT_QUEUE_NAME, queueConnection, redactQueueUrl } from "./connection.js";
import { isSeriesJob, seriesOfJob, taskOfJob } from "./jobs.js";
import { encodeSpectrum, isSpectrumJob, spectrumOfJob } from "./spectrumJob.js";
import { srfSpectrum, type SrfSpectrumOptions } from "../srfSpectrum.js";

export interface WorkerOptions {
  /** The queue's Redis URL: redis://[:password@]host[:port][/db], or rediss:// for TLS. */
  queue: string;
  /** Tasks run at once (threads of the pool). Default: the number of cores. */
  concurrency?: number;
  /** Kernel threads inside each task. Default 1. */
  threads?: number;
  /** BullMQ queue name. Default "spikelab-sweeps" (the producer's default). */
  queueName?: string;
  /**
   * Job lock in ms: a job whose worker stops renewing it for this long (a killed process) is handed
   * to another worker at the next stalled check. Default 30000 (BullMQ's). The check runs every
   * lockMs / 2 here.
   */
  lockMs?: number;
  /** One line per event (connected, task failed, closed), with the password redacted. Default: none. */
  onLog?: (line: string) => void;
  /**
   * Runs a task in place of the thread pool (tests and benchmarks: trivial or failing tasks). The
   * returned record goes back as its JSONL line.
   */
  execute?: (task: TaskSpec) => Promise<TaskRecord>;
}

export interface SweepWorker {
  /** Tasks this worker finished, and tasks whose attempt threw here. */
  readonly stats: { done: number; failed: number };
  /** Stops taking jobs, waits for the running ones, releases the threads and the connection. */
  close(): Promise<void>;
}

function threadUrl(): URL {
  return scriptUrl("./taskThread.js", import.meta.url, "../../../dist/sweep/queue/taskThread.js", "queue workers");
}

function positive(name: keyof WorkerOptions, v: unknown, min: number): void {
  if (v !== undefined && (typeof v !== "number" || !Number.isSafeInteger(v) || v < min)) {
    throw new InvalidArgumentError(`startWorker: options.${name} must be an integer >= ${min}, got ${String(v)}`);
  }
}

/** Starts a worker; it runs until `close()`. Resolves once connected to Redis. */
export async function startWorker(options: WorkerOptions): Promise<SweepWorker> {
  if (typeof options !== "object" || options === null) throw new InvalidArgumentError("startWorker: options must be an object with a queue URL");
  const connection = queueConnection(options.queue, "startWorker: options.queue");
  positive("concurrency", options.concurrency, 1);
  positive("threads", options.threads, 1);
  positive("lockMs", options.lockMs, 100);
  const concurrency = options.concurrency ?? availableParallelism();
  const lockMs = options.lockMs ?? 30_000;
  const log = options.onLog ?? (() => {});
  const where = redactQueueUrl(options.queue);
  const stats = { done: 0, failed: 0 };

  let run: (task: TaskSpec) => Promise<string>;
  // a common-noise series (one seed's tasks): a JSON array of record lines
  let runSeriesJob: (spec: SeriesSpec) => Promise<string>;
  // a spectrum job (spikelab spectrum --queue) runs srfSpectrum, in the pool's thread when there is one
  let runSpectrum = async (o: SrfSpectrumOptions) => encodeSpectrum(o, srfSpectrum(o));
  let destroyPool = async () => {};
  if (options.execute) {
    const execute = options.execute;
    run = async (task) => JSON.stringify(await execute(task));
    runSeriesJob = async (spec) => {
      const lines: string[] = [];
      for (const t of spec.tasks) lines.push(JSON.stringify(await execute(t)));
      return JSON.stringify(lines);
    };
  } else {
    const { Piscina } = await import("piscina");
    const pool = new Piscina({ filename: threadUrl().href, minThreads: concurrency, maxThreads: concurrency, workerData: { threads: options.threads ?? 1 } });
    const inPool = async (data: unknown, name: string) => {
      const r: string | TaskFailure = await pool.run(data, { name });
      if (typeof r === "string") return r;
      taskResult(r); // throws the task's error, typed as it was
      throw new SpikelabError("unreachable");
    };
    run = (task) => inPool(task, "default");
    runSeriesJob = (spec) => inPool(spec, "series");
    runSpectrum = (o) => inPool(o, "spectrum");
    destroyPool = () => pool.destroy();
  }

  const { Worker, UnrecoverableError } = await import("bullmq");
  const worker = new Worker(
    options.queueName ?? DEFAULT_QUEUE_NAME,
    async (job) => {
      let compute: () => Promise<string>;
      try {
        if (isSpectrumJob(job.data)) {
          const o = spectrumOfJob(job.data);
          compute = () => runSpectrum(o);
        } else if (isSeriesJob(job.data)) {
          const spec = seriesOfJob(job.data);
          compute = () => runSeriesJob(spec);
        } else {
          const task = taskOfJob(job.data);
          compute = () => run(task);
        }
      } catch (err) {
        // a job that names no valid task will not become valid on a retry
        throw new UnrecoverableError(`rejected job ${job.id}: ${(err as Error).message}`);
      }
      try {
        const line = await compute();
        stats.done++;
        return line;
      } catch (err) {
        stats.failed++;
        log(`worker: task ${job.id} (attempt ${job.attemptsMade + 1}) threw ${(err as Error).name}: ${(err as Error).message}`);
        throw err;
      }
    },
    { connection, concurrency, lockDuration: lockMs, stalledInterval: Math.max(50, Math.floor(lockMs / 2)), maxStalledCount: 3, autorun: true },
  );
  // without a listener an 'error' event (Redis gone for a moment) would crash the process; the
  // client reconnects by itself
  let lastError = "";
  worker.on("error", (err) => {
    if (err.message !== lastError) log(`worker: ${where}: ${err.message} (reconnecting)`);
    lastError = err.message;
  });
  await worker.waitUntilReady();
  log(`worker: connected to ${where}, queue ${options.queueName ?? DEFAULT_QUEUE_NAME}, ${concurrency} task(s) at once`);
  let closing: Promise<void> | null = null;
  return {
    stats,
    close() {
      closing ??= (async () => {
        await worker.close();
        await destroyPool();
        log(`worker: closed after ${stats.done} task(s)`);
      })();
      return closing;
    },
  };
}
