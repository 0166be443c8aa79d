/**
 * Sweeps through a BullMQ queue on a real redis-server (issue #20), on 127.0.0.1 only: the records
 * of a queued sweep equal a local run's (same seeds; only the timing field differs), whatever the
 * number of workers, a killed worker, a lost Redis or a resume; a throwing task is retried a bounded
 * number of times and then reported. Worker processes run the built CLI (dist/: `npm run build:ts`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SpikelabError } from "../../src/errors.js";
import { queueConnection } from "../../src/sweep/queue/connection.js";
import { startWorker, type SweepWorker } from "../../src/sweep/queue/worker.js";
import { sweep, type SweepOptions } from "../../src/sweep/sweep.js";
import { runTask, type TaskSpec } from "../../src/sweep/task.js";
import { summarizeTransition } from "../../src/sweep/transition.js";
import type { TaskRecord } from "../../src/sweep/types.js";
import { ready } from "../../src/wasm/loader.js";
import { RedisServer, redisAvailable } from "./redisServer.js";

const ROOT = join(import.meta.dirname, "../..");
const CLI = join(ROOT, "dist/cli/main.js");
// independent instances: one job per task (the common-noise series, one job per seed, has its own test)
const BASE: SweepOptions = { model: "spiked-wigner", values: [0.5, 1.5, 2.5], fixed: { n: 100 }, seeds: 2, seed: 11, noise: "independent" };

/** A record without its timing (the only field that differs between two runs of one task). */
const timeless = (r: TaskRecord) => JSON.stringify({ ...r, measurement: { ...r.measurement, seconds: 0 } });
const sameRecords = (a: TaskRecord[], b: TaskRecord[]) => expect(a.map(timeless)).toEqual(b.map(timeless));
const keyOf = (t: { pointIndex: number; seedIndex: number }) => `${t.pointIndex}/${t.seedIndex}`;

/** A `spikelab worker` process; `stop` sends SIGTERM and resolves with its stderr. */
function cliWorker(url: string, extra: string[] = []): { proc: ChildProcess; stop: () => Promise<string>; output: () => string } {
  const proc = spawn(process.execPath, [CLI, "worker", "--queue", url, "--concurrency", "1", "--lock-ms", "1000", ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  proc.stdout!.on("data", (d) => (text += d));
  proc.stderr!.on("data", (d) => (text += d));
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  return {
    proc,
    output: () => text,
    stop: async () => {
      if (proc.exitCode === null) proc.kill("SIGTERM");
      await exited;
      return text;
    },
  };
}

/** Waits until `cond` holds (polled), failing after `ms`. */
async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs `body` while an in-process worker with `options` serves the queue, closing it after. */
async function withWorker(options: Parameters<typeof startWorker>[0], body: () => Promise<void>): Promise<void> {
  const worker = await startWorker(options);
  try {
    await body();
  } finally {
    await worker.close();
  }
}

const available = redisAvailable();

describe.skipIf(!available)("sweeps through a BullMQ queue on redis-server", () => {
  let redis: RedisServer;
  let dir: string;
  let local: TaskRecord[];
  beforeAll(async () => {
    redis = await RedisServer.start();
    dir = mkdtempSync(join(tmpdir(), "spikelab-queue-"));
    await ready();
    local = await sweep({ ...BASE, workers: 1 });
  }, 30_000);
  afterAll(async () => {
    await redis?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a common-noise sweep runs one job per seed (a series) and gives the local run's records; a resumed run sends only what is missing", async () => {
    const opts: SweepOptions = { ...BASE, values: [0.5, 1, 1.5, 2.5], seeds: 3, noise: "common" };
    const reference = await sweep({ ...opts, workers: 1 });
    expect(reference.every((r) => r.noise === "common")).toBe(true);
    const url = redis.url(4);
    const workers = [cliWorker(url), cliWorker(url)];
    try {
      const out = join(dir, "series.jsonl");
      const queued = await sweep({ ...opts, out, queue: { queue: url, pollMs: 200 } });
      sameRecords(queued, reference);
      expect(summarizeTransition(queued)).toEqual(summarizeTransition(reference));
      // drop two records of one seed: the rerun sends that seed's two values as one series
      const lines = readFileSync(out, "utf8").trim().split("\n");
      const kept = lines.filter((l) => !(JSON.parse(l).seedIndex === 1 && JSON.parse(l).value >= 1.5));
      expect(kept.length).toBe(10);
      writeFileSync(out, kept.join("\n") + "\n");
      const again = await sweep({ ...opts, out, queue: { queue: url, pollMs: 200 } });
      sameRecords(again, reference);
    } finally {
      const logs = await Promise.all(workers.map((w) => w.stop()));
      // 3 series jobs, then 1
      const counts = logs.map((l) => Number(/closed after (\d+) task/.exec(l)?.[1] ?? NaN));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    }
  }, 40_000);

  it("3 worker processes give the records and summary of a local run, each task once", async () => {
    const opts: SweepOptions = { ...BASE, values: [0.5, 1, 1.5, 2.5], seeds: 3 };
    const reference = await sweep({ ...opts, workers: 1 });
    const url = redis.url(1);
    const workers = [cliWorker(url), cliWorker(url), cliWorker(url)];
    try {
      const out = join(dir, "three.jsonl");
      const queued = await sweep({ ...opts, out, queue: { queue: url, pollMs: 200 } });
      sameRecords(queued, reference);
      expect(summarizeTransition(queued)).toEqual(summarizeTransition(reference));
      const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as TaskRecord);
      expect(lines.map(keyOf).sort()).toEqual(reference.map(keyOf).sort());
    } finally {
      const logs = await Promise.all(workers.map((w) => w.stop()));
      // the workers' own counts add up to the task count: no task ran twice
      const counts = logs.map((l) => Number(/closed after (\d+) task/.exec(l)?.[1] ?? NaN));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(12);
    }
  }, 40_000);

  it("a SIGKILLed worker's task is picked up by another worker; every task once in the output", async () => {
    const url = redis.url(2);
    const stuck = spawn(process.execPath, [join(import.meta.dirname, "fixtures/stuckWorker.mjs"), url, "1000"], { stdio: ["ignore", "pipe", "inherit"] });
    let taken = "";
    stuck.stdout!.on("data", (d) => (taken += d));
    const out = join(dir, "killed.jsonl");
    const running = sweep({ ...BASE, out, queue: { queue: url, pollMs: 200 } });
    let rescuer: SweepWorker | null = null;
    try {
      await until(() => taken.includes("\n"), 15_000, "the stuck worker to take a task");
      const victim = JSON.parse(taken.split("\n")[0]!) as TaskSpec;
      const dead = new Promise((r) => stuck.once("exit", r));
      stuck.kill("SIGKILL");
      await dead;
      rescuer = await startWorker({ queue: url, concurrency: 2, lockMs: 1000 });
      const queued = await running;
      sameRecords(queued, local);
      const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l) as TaskRecord);
      expect(lines.length).toBe(local.length);
      expect(new Set(lines.map(keyOf)).size).toBe(local.length);
      expect(lines.map(keyOf)).toContain(keyOf(victim));
      expect(rescuer.stats.done).toBe(local.length);
    } finally {
      if (stuck.exitCode === null) stuck.kill("SIGKILL");
      await rescuer?.close();
    }
  }, 40_000);

  it("a throwing task is retried `attempts` times, then reported failed; the rest is written", async () => {
    const url = redis.url(3);
    const calls = new Map<string, number>();
    // task 1/0 always throws; task 0/1 throws on its first attempt only
    const worker = await startWorker({
      queue: url, concurrency: 2,
      execute: async (t) => {
        const n = (calls.get(keyOf(t)) ?? 0) + 1;
        calls.set(keyOf(t), n);
        if (keyOf(t) === "1/0" || (keyOf(t) === "0/1" && n === 1)) throw new Error(`planted failure ${keyOf(t)} #${n}`);
        return runTask(t);
      },
    });
    try {
      const failed: { task: TaskSpec; reason: string }[] = [];
      const out = join(dir, "retry.jsonl");
      const queued = await sweep({ ...BASE, out, queue: { queue: url, attempts: 3, backoffMs: 20, pollMs: 200, onFailed: (task, reason) => failed.push({ task, reason }) } });
      expect(failed.map((f) => keyOf(f.task))).toEqual(["1/0"]);
      expect(failed[0]!.reason).toContain("planted failure 1/0 #3");
      expect(calls.get("1/0")).toBe(3);
      expect(calls.get("0/1")).toBe(2);
      sameRecords(queued, local.filter((r) => keyOf(r) !== "1/0"));
      expect(readFileSync(out, "utf8").trim().split("\n").length).toBe(local.length - 1);
      // without onFailed the sweep throws a typed error once the rest is recorded (a fresh database:
      // the failed job of the same sweep is retried, 2 attempts this time)
      const again = join(dir, "retry-throws.jsonl");
      await expect(sweep({ ...BASE, out: again, queue: { queue: url, attempts: 2, backoffMs: 20, pollMs: 200 } })).rejects.toThrow(SpikelabError);
      expect(calls.get("1/0")).toBe(5);
      // the other tasks' results were reused from the queue (same job ids), not run again
      expect(calls.get("0/0")).toBe(1);
      expect(readFileSync(again, "utf8").trim().split("\n").length).toBe(local.length - 1);
    } finally {
      await worker.close();
    }
  }, 40_000);

  it("many instant tasks, states polled every 10 ms: each recorded once, none reported failed", async () => {
    // a job read just before it completes has no return value yet: the producer must not take it for failed
    const url = redis.url(6);
    const echo = async (t: TaskSpec): Promise<TaskRecord> => ({ ...local[0]!, value: t.value, pointIndex: t.pointIndex, seedIndex: t.seedIndex, seed: t.seed, fixed: t.fixed });
    await withWorker({ queue: url, concurrency: 8, execute: echo }, async () => {
      const values = Array.from({ length: 40 }, (_, i) => 0.1 * (i + 1));
      const failed: string[] = [];
      const records = await sweep({ ...BASE, values, seeds: 10, queue: { queue: url, pollMs: 10, onFailed: (t, reason) => failed.push(`${keyOf(t)}: ${reason}`) } });
      expect(failed).toEqual([]);
      expect(new Set(records.map(keyOf)).size).toBe(400);
    });
  }, 30_000);

  it("a job that names no valid task is refused by the worker at once, never run, never retried", async () => {
    const url = redis.url(7);
    const ran: TaskSpec[] = [];
    const worker = await startWorker({ queue: url, concurrency: 1, execute: async (t) => (ran.push(t), runTask(t)) });
    const { Queue } = await import("bullmq");
    const queue = new Queue("spikelab-sweeps", { connection: queueConnection(url) });
    try {
      const evil = { model: "spiked-wigner", value: 1, pointIndex: 0, seedIndex: 0, seed: 1, fixed: { n: -5 }, code: "process.exit(1)" };
      const job = await queue.add("spiked-wigner", evil, { jobId: "evil-1", attempts: 3 });
      const end = Date.now() + 10_000;
      while ((await job.getState()) !== "failed" && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      const failed = (await queue.getJob("evil-1"))!;
      expect(await failed.getState()).toBe("failed");
      expect(failed.attemptsMade).toBe(1);
      expect(failed.failedReason).toMatch(/^rejected job evil-1: parameter n must be an integer >= 2/);
      expect(ran).toEqual([]);
    } finally {
      await queue.close();
      await worker.close();
    }
  }, 30_000);

  it("--jsonl resume: only the tasks missing from the file are enqueued", async () => {
    const url = redis.url(4);
    const out = join(dir, "resume.jsonl");
    await sweep({ ...BASE, values: [0.5, 1.5], out, workers: 1 });
    const ran: string[] = [];
    await withWorker({ queue: url, concurrency: 2, execute: async (t) => (ran.push(keyOf(t)), runTask(t)) }, async () => {
      const queued = await sweep({ ...BASE, out, queue: { queue: url, pollMs: 200 } });
      sameRecords(queued, local);
      // point 2 (value 2.5) only: the values 0.5 and 1.5 were in the file
      expect(ran.sort()).toEqual(["2/0", "2/1"]);
      expect(readFileSync(out, "utf8").trim().split("\n").length).toBe(local.length);
    });
  }, 30_000);

  it("the producer survives a Redis restart that loses every job, and completes", async () => {
    const url = redis.url(5);
    const logs: string[] = [];
    const running = sweep({ ...BASE, queue: { queue: url, pollMs: 200, onLog: (l) => logs.push(l) } });
    await until(() => logs.some((l) => l.includes("waiting for workers")), 10_000, "the tasks to be enqueued");
    await redis.kill();
    await new Promise((r) => setTimeout(r, 500));
    await redis.restart();
    await withWorker({ queue: url, concurrency: 2, lockMs: 1000 }, async () => {
      sameRecords(await running, local);
      expect(logs.some((l) => /ECONNREFUSED|Connection is closed|reconnect/i.test(l))).toBe(true);
    });
  }, 40_000);
});
