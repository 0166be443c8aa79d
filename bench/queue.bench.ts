/**
 * Sweeps through the BullMQ queue (issue #20) on a loopback redis-server started here:
 * - the queue's overhead per task: a sweep of `--trivial` tasks whose worker returns a canned record
 *   at once (no kernel), so tasks/s measures enqueue, dispatch, result transfer and the producer's
 *   checks alone, with 1 and with 8 jobs at once on one in-process worker;
 * - a real sweep (spiked-wigner, n = `--n`, `--values` values x `--seeds` seeds) run locally on one
 *   thread, then through the queue with 1, 2 and 4 `spikelab worker` processes of one task each,
 *   started, connected and warmed up by a small sweep before the timed one (kernels loaded).
 * Each configuration uses its own Redis database, so no job id of one is reused by another.
 *
 * Usage: npx tsx bench/queue.bench.ts [--trivial=2000] [--n=800] [--values=6] [--seeds=4]
 * (needs redis-server on PATH and the built CLI, `npm run build:ts`; skips without redis-server)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, cpus } from "node:os";
import { join } from "node:path";
import { fmt, markdownTable, numberOptions } from "./common.js";
import { ready } from "../src/wasm/loader.js";
import { startWorker } from "../src/sweep/queue/worker.js";
import { sweep, type SweepOptions } from "../src/sweep/sweep.js";
import type { TaskSpec } from "../src/sweep/task.js";
import type { TaskRecord } from "../src/sweep/types.js";
import { RedisServer } from "../test/queue/redisServer.js";

const o = numberOptions({ trivial: 2000, n: 800, values: 6, seeds: 4 });
if (spawnSync("redis-server", ["--version"]).status !== 0) {
  console.log("queue: redis-server not found, skipped (apt-get install -y redis-server)");
  process.exit(0);
}
const CLI = join(import.meta.dirname, "../dist/cli/main.js");
if (!existsSync(CLI)) {
  console.log("queue: the built CLI (dist/cli/main.js) is missing, skipped (npm run build:ts)");
  process.exit(0);
}
const redis = await RedisServer.start();
console.log(`${cpus()[0]?.model ?? "?"}, ${availableParallelism()} cores, redis on 127.0.0.1:${redis.port}\n`);
let db = 0;

/** A record of the task at no cost: the overhead run measures the queue, not the kernels. */
const canned = (t: TaskSpec): TaskRecord => ({
  model: t.model, parameter: "theta", value: t.value, pointIndex: t.pointIndex, seedIndex: t.seedIndex, seed: t.seed, fixed: t.fixed,
  measurement: { top: [0], overlaps: [0], edge: 0, seconds: 0 },
  prediction: { outliers: [], overlaps: [], edge: 2, threshold: 1, edgeScale: 0 },
} as TaskRecord);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

try {
  const rows: string[][] = [];
  const trivialValues = Array.from({ length: Math.ceil(o.trivial / 10) }, (_, i) => 0.01 * (i + 1));
  for (const concurrency of [1, 8]) {
    const url = redis.url(++db);
    const worker = await startWorker({ queue: url, concurrency, execute: async (t) => canned(t) });
    const s = await timed(() => sweep({ model: "spiked-wigner", values: trivialValues, seeds: 10, queue: { queue: url, pollMs: 1000 } }));
    await worker.close();
    rows.push([`${trivialValues.length * 10} trivial tasks, 1 worker, ${concurrency} at once`, fmt(s, 2), fmt((trivialValues.length * 10) / s, 0), fmt((1000 * s) / (trivialValues.length * 10), 2)]);
  }
  console.log(markdownTable(["queue overhead", "wall s", "tasks/s", "ms/task"], rows) + "\n");

  await ready();
  const real: SweepOptions = { model: "spiked-wigner", values: Array.from({ length: o.values }, (_, i) => 0.5 + (2.5 * i) / Math.max(1, o.values - 1)), fixed: { n: o.n }, seeds: o.seeds, seed: 3 };
  const tasks = o.values * o.seeds;
  const wall: string[][] = [];
  await sweep({ ...real, values: [1], seeds: 2, seed: 999, workers: 1 }); // the same warm-up as the workers'
  const localS = await timed(() => sweep({ ...real, workers: 1 }));
  wall.push(["local, workers: 1 (this process)", fmt(localS, 2), "1.00"]);
  for (const count of [1, 2, 4]) {
    const url = redis.url(++db);
    const procs = Array.from({ length: count }, () => spawn(process.execPath, [CLI, "worker", "--queue", url, "--concurrency", "1"], { stdio: ["ignore", "ignore", "pipe"] }));
    // workers already running when the sweep starts (their start-up is not the sweep's)
    await Promise.all(procs.map((p) => new Promise<void>((resolve, reject) => {
      p.stderr!.on("data", (d: Buffer) => d.toString().includes("connected") && resolve());
      p.once("exit", (code) => reject(new Error(`a worker process exited (code ${code}) before connecting`)));
    })));
    // warm-up (another seed, so other job ids): each worker loads its kernels on its first task
    await sweep({ ...real, values: [1], seeds: 2 * count, seed: 999, queue: { queue: url, pollMs: 500 } });
    const s = await timed(() => sweep({ ...real, queue: { queue: url, pollMs: 500 } }));
    await Promise.all(procs.map((p) => new Promise((r) => (p.once("exit", r), p.kill("SIGTERM")))));
    wall.push([`queue, ${count} worker process(es)`, fmt(s, 2), fmt(localS / s, 2)]);
  }
  console.log(`spiked-wigner n = ${o.n}, ${tasks} tasks (${o.values} values x ${o.seeds} seeds)\n`);
  console.log(markdownTable(["sweep", "wall s", "speed-up vs local"], wall));
} finally {
  await redis.kill();
}
