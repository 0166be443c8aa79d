/**
 * The queue side of the CLI (issue #20): `spikelab worker --queue redis://...` runs sweep tasks from
 * a BullMQ queue until interrupted, and the summary lines of a queued sweep's failed tasks. The
 * Redis URL is only ever printed redacted (`redis://:***@host`).
 */
import { parseArgs } from "node:util";
import type { FailedTask } from "../sweep/queue/producer.js";
import { queueConnection } from "../sweep/queue/connection.js";
import { startWorker } from "../sweep/queue/worker.js";
import { parsePositiveInt, UsageError } from "./args.js";

export function workerHelp(): string {
  return `spikelab worker: run sweep tasks from a queue on Redis (BullMQ)

Usage: spikelab worker --queue redis://[:password@]host[:port][/db] [options]

  --queue URL          the queue's Redis (rediss:// for TLS); the password is never printed
  --concurrency N      tasks at once (default: the number of cores)
  --threads T          kernel threads inside each task (default 1)
  --queue-name NAME    BullMQ queue name (default spikelab-sweeps)
  --lock-ms MS         job lock: a killed worker's task goes to another worker after about this long
                       (default 30000)

Runs until SIGINT or SIGTERM, then finishes the running tasks and exits. A job names a model and
its parameters (checked here); no code travels through the queue. Start the sweep with
spikelab bbp|lamp|spectrum ... --queue URL on any machine that reaches the same Redis.
`;
}

/** A --queue URL, checked (scheme, host, database) before any work. */
export function checkedQueueUrl(url: string): string {
  queueConnection(url, "--queue");
  return url;
}

/** `spikelab worker`: resolves with the exit code once stopped by a signal. */
export async function runWorker(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      queue: { type: "string" }, concurrency: { type: "string" }, threads: { type: "string" }, "queue-name": { type: "string" },
      "lock-ms": { type: "string" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (v.help) {
    process.stdout.write(workerHelp());
    return 0;
  }
  if (v.queue === undefined) throw new UsageError("spikelab worker needs --queue redis://host:port/db (see spikelab worker --help)");
  const worker = await startWorker({
    queue: v.queue,
    ...(v.concurrency !== undefined ? { concurrency: parsePositiveInt(v.concurrency, "concurrency", 1) } : {}),
    threads: parsePositiveInt(v.threads, "threads", 1),
    ...(v["queue-name"] !== undefined ? { queueName: v["queue-name"] } : {}),
    lockMs: parsePositiveInt(v["lock-ms"], "lock-ms", 30_000, 100),
    onLog: (line) => process.stderr.write(`spikelab ${line}\n`),
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await worker.close();
  return 0;
}

/** The summary lines of a queued sweep's tasks that failed for good (none: no lines). */
export function failedTaskLines(failed: readonly FailedTask[]): string {
  if (failed.length === 0) return "";
  const head = `${failed.length} task(s) failed on the queue (retried, then given up; their records are missing; rerun with the same --jsonl to run only them):\n`;
  return head + failed.map(({ task, reason }) => `  ${task.model} value ${task.value}, seed index ${task.seedIndex} (seed ${task.seed}): ${reason.replace(/\s*\n\s*/g, " ")}\n`).join("");
}
