/**
 * The two-layer-network trainer (src/dynamics/trainer.ts): one-pass SGD steps per second at
 * d = 1000, p = 64 for batch sizes n_b in {1, 64, 1000}, against the same loop in numpy
 * (bench/peers/train_numpy.py, one OpenBLAS thread; skipped without python3 + numpy).
 *
 * Both sides do per step: n_b d fresh normals, the labels y = He_2(z)/sqrt(2) of z = x W*^T/sqrt(d),
 * Lambda = X W^T / sqrt(d) (GEMM), tanh and its derivative, the output and dl/dLambda, and the
 * update W -= (lr / (sqrt(d) n_b)) dL^T X (GEMM). spikelab records only at the first and last step
 * (testSize 0), so the figure is the loop itself. spikelab and numpy alternate within each round;
 * medians over rounds. spikelab runs on `--threads` threads (default 1, as the peer).
 *
 * Usage: npx tsx bench/dynamics.bench.ts [--d=1000] [--p=64] [--batches=1,64,1000] [--rounds=3] [--threads=1] [--no-peers]
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_THREADS, fmt, markdownTable, median, numberOptions, parseOptions } from "./common.js";
import { activeBuild, ready, train } from "../src/lazy.js";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const { d, p, rounds } = numberOptions({ d: 1000, p: 64, rounds: 3 }, options);
const batches = (options.get("batches") ?? "1,64,1000").split(",").map(Number);
const withPeers = !options.has("no-peers");

await ready();

/** Steps per timed run: about the same work for every batch size (2 n_b p d flops per GEMM). */
function stepsFor(nb: number): number {
  return Math.max(20, Math.min(4000, Math.round(40000 / nb)));
}

function spikelabRate(nb: number, steps: number, seed: number): number {
  const r = train({
    d, p, target: "he2", activation: "tanh", lr: 0.5, batchSize: nb, steps, record: [0, steps], testSize: 0, seed, threads: BENCH_THREADS,
  });
  return steps / r.seconds;
}

function peerRate(nb: number, steps: number): { rate: number; info: string } | string {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1" };
  const r = spawnSync("python3", [join(here, "peers", "train_numpy.py"), String(d), String(p), String(nb), String(steps)], { env, encoding: "utf8" });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return /No module named '?numpy'?/.test(r.stderr) ? "numpy not installed" : `peer failed: ${r.stderr.trim().split("\n").pop()}`;
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { stepsPerSecond: number; numpy: string; blas: string };
  return { rate: out.stepsPerSecond, info: `numpy ${out.numpy} (${out.blas}), OPENBLAS_NUM_THREADS=1` };
}

console.log(`trainer, one-pass SGD, tanh, square loss, He_2 target: d = ${d}, p = ${p}; build ${activeBuild()}, ${BENCH_THREADS} thread(s)`);
spikelabRate(64, 20, 0); // warm-up: the kernels reach V8's optimizing tier
const rows: string[][] = [];
let peerInfo = "not run";
for (const nb of batches) {
  const steps = stepsFor(nb);
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ours.push(spikelabRate(nb, steps, 1 + r));
    if (withPeers) {
      const peer = peerRate(nb, steps);
      if (typeof peer === "string") peerInfo = peer;
      else {
        theirs.push(peer.rate);
        peerInfo = peer.info;
      }
    }
  }
  const a = median(ours);
  const b = theirs.length > 0 ? median(theirs) : NaN;
  rows.push([String(nb), String(steps), fmt(a, 1), fmt(1000 / a, 3), Number.isNaN(b) ? "-" : fmt(b, 1), Number.isNaN(b) ? "-" : `${fmt(a / b, 2)}x`]);
}
console.log(markdownTable(["n_b", "steps", "spikelab steps/s", "ms/step", "numpy steps/s", "spikelab / numpy"], rows));
console.log(`rounds: ${rounds} (medians); peer: ${peerInfo}`);
