/**
 * The default LAMP sweep against the numpy/scipy script a researcher would write (issue #21): the
 * index model y = sign(z1 z2) in dimension `--d`, alpha on `--grid`, `--seeds` seeds, `--workers`
 * processes/threads. spikelab: `sweep({ model: "lamp", ... })` on a local worker pool (the
 * measurement of `spikelab lamp`: the k = 3 eigenvalues of largest real part of the asymmetric LAMP
 * matrix by eigs on the implicit operator, the overlap of the estimate with W*). Peer:
 * bench/peers/scipy_lamp_sweep.py (scipy eigs, ARPACK, on a LinearOperator of the same matrix,
 * k = 3, which 'LR', tol 1e-8 or `--peer-tol`, a multiprocessing pool, one BLAS thread each).
 * Both start their pools before timing and alternate for `--rounds` rounds; medians are compared.
 * Also prints the mean top real part, bulk edge and overlap of both at a few alpha, which must
 * agree within their standard errors (the two use different random draws). The sweep's workers
 * run dist/ (npm run build:ts first).
 *
 * Usage: npx tsx bench/lampSweep.bench.ts [--d=600] [--grid=0.5:5:0.5] [--seeds=3] [--workers=2]
 *        [--rounds=3] [--noise=common|independent|both] [--peer-tol=1e-8] [--no-peer]
 * (`--noise` passes `noise` to the sweep: "common", one task per seed through the model's
 * measureSeries on nested instances; "independent", one task per (alpha, seed); "both" times the two
 * in each round, alternating; without it, the sweep's default.)
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { fmt, markdownTable, median, numberOptions, parseOptions } from "./common.js";
import { sweep, type SweepOptions } from "../src/sweep/sweep.js";
import { getModel } from "../src/sweep/models/index.js";
import { summarizeTransition } from "../src/sweep/transition.js";
import type { TaskRecord } from "../src/sweep/types.js";

const options = parseOptions();
const o = numberOptions({ d: 600, seeds: 3, workers: 2, rounds: 3, "peer-tol": 1e-8 }, options);
const gridText = options.get("grid") ?? "0.5:5:0.5";
const noiseOption = options.get("noise");
const modes: (string | undefined)[] = noiseOption === "both" ? ["independent", "common"] : [noiseOption];
const runPeer = !options.has("no-peer");
const [lo, hi, step] = gridText.split(":").map(Number) as [number, number, number];
const values = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => Number((lo + i * step).toFixed(10)));
const peer = join(import.meta.dirname, "peers/scipy_lamp_sweep.py");

type Records = Awaited<ReturnType<typeof sweep>>;
function sweepOptions(vals: number[], d: number, seeds: number, noise: string | undefined): SweepOptions {
  return { model: "lamp", values: vals, fixed: { d }, seeds, workers: o.workers, ...(noise ? { noise } : {}) } as SweepOptions;
}

async function spikelabRun(noise: string | undefined): Promise<{ seconds: number; records: Records }> {
  const t = performance.now();
  const records = await sweep(sweepOptions(values, o.d, o.seeds, noise));
  return { seconds: (performance.now() - t) / 1000, records };
}

interface PeerRecord { alpha: number; seed: number; top: number[]; edge: number; overlap: number; applications?: number }

/** The peer's records as task records of an independent-noise lamp sweep, to summarize by the same rule. */
function peerRecords(records: PeerRecord[]): TaskRecord[] {
  const model = getModel("lamp");
  const fixed = { ...model.defaults, d: o.d };
  return records.map((r, i) => ({
    model: model.name, parameter: "alpha", value: r.alpha, pointIndex: 0, seedIndex: i, seed: r.seed, fixed,
    measurement: { top: r.top, overlaps: [r.overlap], edge: r.edge, seconds: 0 }, prediction: model.predict(r.alpha, fixed),
  }));
}

/** The summary's thresholds (separation rule on the eigenvalue; the overlap's), with their uncertainties. */
const thresholdText = (records: TaskRecord[]) => {
  const s = summarizeTransition(records);
  return `${fmt(s.eigenvalueThreshold.estimate, 2)} ± ${fmt(s.eigenvalueThreshold.uncertainty, 2)}; overlap ${fmt(s.overlapThreshold.estimate, 2)} ± ${fmt(s.overlapThreshold.uncertainty, 2)}`;
};
function peerRun(): { seconds: number; records: PeerRecord[] } | null {
  if (!runPeer) return null;
  const r = spawnSync("python3", [peer, "--d", String(o.d), "--grid", gridText, "--seeds", String(o.seeds),
    "--processes", String(o.workers), "--tol", String(o["peer-tol"])], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    console.error(`peer failed: ${r.stderr}`);
    return null;
  }
  return JSON.parse(r.stdout);
}

// warm-up: the worker pool's first start compiles the kernels in each thread
for (const noise of modes) await sweep(sweepOptions([1], 100, o.workers, noise));
const ours = modes.map((): number[] => []), theirs: number[] = [];
let lastOurs: Awaited<ReturnType<typeof spikelabRun>> | null = null;
let lastTheirs: ReturnType<typeof peerRun> = null;
const lastApplications = modes.map(() => 0);
const lastRecords: Records[] = modes.map(() => []);
for (let r = 0; r < o.rounds; r++) {
  for (const [i, noise] of modes.entries()) {
    lastOurs = await spikelabRun(noise);
    ours[i]!.push(lastOurs.seconds);
    lastApplications[i] = lastOurs.records.reduce((s, rec) => s + (rec.measurement.applications ?? 0), 0);
    lastRecords[i] = lastOurs.records;
  }
  lastTheirs = peerRun();
  if (lastTheirs) theirs.push(lastTheirs.seconds);
}
const peerApplications = lastTheirs ? lastTheirs.records.reduce((s, rec) => s + (rec.applications ?? 0), 0) : 0;
console.log(`${cpus()[0]?.model ?? "?"}; LAMP sign(z1*z2), d = ${o.d}, alpha = ${gridText} (${values.length} values) x ${o.seeds} seeds, ` +
  `${o.workers} workers; medians of ${o.rounds} alternating runs`);
const rows = modes.map((noise, i) => [`spikelab sweep, noise ${noise ?? "(default)"} (eigs on the implicit LAMP operator; ${lastApplications[i]} applications)`,
  `${fmt(median(ours[i]!), 2)} s`, theirs.length ? fmt(median(ours[i]!) / median(theirs), 2) : "–", thresholdText(lastRecords[i]!)]);
if (theirs.length) rows.push([`scipy script (eigs/ARPACK on a LinearOperator, tol ${o["peer-tol"]}; ${peerApplications} applications)`, `${fmt(median(theirs), 2)} s`, "1", thresholdText(peerRecords(lastTheirs!.records))]);
console.log(markdownTable(["", "wall time", "ratio", "thresholds (last run; alpha_c = pi^2/4 = 2.47)"], rows));
// the two measure the same thing: compare the means (and standard errors) at a few alpha
if (lastOurs && lastTheirs) {
  const at = [values[0]!, values[Math.floor(values.length / 2)]!, values[values.length - 1]!];
  const meanSe = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.length > 1 ? xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) : 0;
    return `${fmt(m, 3)} ± ${fmt(Math.sqrt(v / xs.length), 3)}`;
  };
  console.log(markdownTable(["alpha", "top (spikelab)", "top (scipy)", "edge (spikelab)", "edge (scipy)", "overlap (spikelab)", "overlap (scipy)"], at.map((a) => {
    const ours = lastOurs!.records.filter((r) => r.value === a).map((r) => r.measurement);
    const peers = lastTheirs!.records.filter((r) => Math.abs(r.alpha - a) < 1e-9);
    return [String(a), meanSe(ours.map((m) => m.top[0]!)), meanSe(peers.map((r) => r.top[0]!)), meanSe(ours.map((m) => m.edge)),
      meanSe(peers.map((r) => r.edge)), meanSe(ours.map((m) => m.overlaps[0]!)), meanSe(peers.map((r) => r.overlap))];
  })));
}
