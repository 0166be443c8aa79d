/**
 * The default BBP sweep against the numpy/scipy script a researcher would write (issue #21):
 * spiked covariance, n = `--n` samples in d = gamma n dimensions, theta on `--grid`, `--seeds` seeds,
 * `--workers` processes/threads. spikelab: `sweep({ model: "spiked-covariance", ... })` on a local
 * worker pool (the measurement of `spikelab bbp`: the top two eigenpairs of X^T X / n by eigsh on the
 * implicit operator, the largest-root test). Peer: bench/peers/scipy_bbp_sweep.py (scipy eigsh,
 * ARPACK, on a LinearOperator, k = 2, tol 1e-8, a multiprocessing pool, one BLAS thread each). Both
 * start their pools before timing and alternate for `--rounds` rounds; medians are compared. Also
 * prints the mean top eigenvalue and overlap of both at a few theta, which must agree within their
 * standard errors (the two use different random draws).
 *
 * spikelab runs both noise modes (issue #21): "common" (the default of `spikelab bbp` since issue #21:
 * each seed's instances share their noise, one eigh of X^T X / n per seed and a rank-one update per
 * theta) and "independent" (the earlier default: eigsh per instance). The summary's 50%-detection
 * threshold of each side is printed with its standard error (scipy's records summarized by the same
 * rule as an independent-noise sweep).
 *
 * Usage: npx tsx bench/bbpSweep.bench.ts [--n=2000] [--gamma=0.5] [--grid=0.1:2.5:0.1] [--seeds=3]
 *        [--workers=2] [--rounds=3] [--noise=both|common|independent]
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { fmt, markdownTable, median, numberOptions, parseOptions } from "./common.js";
import { sweep } from "../src/sweep/sweep.js";
import { getModel } from "../src/sweep/models/index.js";
import { summarizeTransition } from "../src/sweep/transition.js";
import type { TaskRecord } from "../src/sweep/types.js";

const options = parseOptions();
const o = numberOptions({ n: 2000, gamma: 0.5, seeds: 3, workers: 2, rounds: 3 }, options);
const gridText = options.get("grid") ?? "0.1:2.5:0.1";
const [lo, hi, step] = gridText.split(":").map(Number) as [number, number, number];
const values = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => Number((lo + i * step).toFixed(10)));
const peer = join(import.meta.dirname, "peers/scipy_bbp_sweep.py");

const noiseOption = options.get("noise") ?? "both";
const modes = (noiseOption === "both" ? ["common", "independent"] : [noiseOption]) as ("common" | "independent")[];

async function spikelabRun(noise: "common" | "independent"): Promise<{ seconds: number; records: Awaited<ReturnType<typeof sweep>> }> {
  const t = performance.now();
  const records = await sweep({ model: "spiked-covariance", values, fixed: { n: o.n, gamma: o.gamma }, seeds: o.seeds, workers: o.workers, noise });
  return { seconds: (performance.now() - t) / 1000, records };
}

/** The peer's records as task records of an independent-noise sweep, to summarize by the same rule. */
function peerRecords(records: { theta: number; seed: number; top: number; edge: number; overlap: number }[]): TaskRecord[] {
  const model = getModel("spiked-covariance");
  const fixed = { n: o.n, gamma: o.gamma };
  return records.map((r, i) => ({
    model: model.name, parameter: "theta", value: r.theta, pointIndex: 0, seedIndex: i, seed: r.seed, fixed,
    measurement: { top: [r.top, r.edge], overlaps: [r.overlap], edge: r.edge, seconds: 0 }, prediction: model.predict(r.theta, fixed),
  }));
}

const thresholdText = (records: TaskRecord[]) => {
  const t = summarizeTransition(records).eigenvalueThreshold;
  return `${fmt(t.estimate, 3)} ± ${fmt(t.uncertainty, 3)}`;
};

function peerRun(): { seconds: number; records: { theta: number; seed: number; top: number; edge: number; overlap: number }[] } | null {
  const r = spawnSync("python3", [peer, "--n", String(o.n), "--gamma", String(o.gamma), "--grid", gridText, "--seeds", String(o.seeds),
    "--processes", String(o.workers)], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout);
}

// warm-up: the worker pool's first start compiles the kernels in each thread
await sweep({ model: "spiked-covariance", values: [1], fixed: { n: 200, gamma: o.gamma }, seeds: o.workers, workers: o.workers });
const ours = new Map<string, number[]>(modes.map((m) => [m, []]));
const theirs: number[] = [];
const lastOurs = new Map<string, Awaited<ReturnType<typeof spikelabRun>>>();
let lastTheirs: ReturnType<typeof peerRun> = null;
for (let r = 0; r < o.rounds; r++) {
  for (const mode of modes) {
    const run = await spikelabRun(mode);
    ours.get(mode)!.push(run.seconds);
    lastOurs.set(mode, run);
  }
  lastTheirs = peerRun();
  if (lastTheirs) theirs.push(lastTheirs.seconds);
}
console.log(`${cpus()[0]?.model ?? "?"}; spiked covariance n = ${o.n}, gamma = ${o.gamma}, theta = ${gridText} (${values.length} values) x ${o.seeds} seeds, ${o.workers} workers; medians of ${o.rounds} alternating runs`);
const label = { common: "spikelab sweep, common noise (eigh per seed + rank-one updates)", independent: "spikelab sweep, independent noise (eigsh per instance)" };
const rows = modes.map((m) => [label[m], `${fmt(median(ours.get(m)!), 2)} s`, theirs.length ? fmt(median(ours.get(m)!) / median(theirs), 2) : "–", thresholdText(lastOurs.get(m)!.records)]);
if (theirs.length) rows.push(["scipy script (eigsh/ARPACK on a LinearOperator, tol 1e-8)", `${fmt(median(theirs), 2)} s`, "1", thresholdText(peerRecords(lastTheirs!.records))]);
console.log(markdownTable(["", "wall time", "ratio", "50% threshold (last run)"], rows));
// the sides measure the same thing: compare the means at a few theta
if (lastTheirs) {
  const at = [values[0]!, values[Math.floor(values.length / 2)]!, values[values.length - 1]!];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(markdownTable(["theta", ...modes.flatMap((m) => [`top (${m})`, `overlap (${m})`]), "top (scipy)", "overlap (scipy)"], at.map((th) => {
    const b = lastTheirs!.records.filter((r) => Math.abs(r.theta - th) < 1e-9);
    return [String(th), ...modes.flatMap((m) => {
      const a = lastOurs.get(m)!.records.filter((r) => r.value === th);
      return [fmt(mean(a.map((r) => r.measurement.top[0]!)), 3), fmt(mean(a.map((r) => r.measurement.overlaps[0]!)), 3)];
    }), fmt(mean(b.map((r) => r.top)), 3), fmt(mean(b.map((r) => r.overlap)), 3)];
  })));
}
