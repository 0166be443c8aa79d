/**
 * Multi-index AMP benchmark (standalone: `npx tsx bench/amp.bench.ts [--d=2000 --alpha=4
 * --iterations=10 --rounds=3 --damping=0.3 --no-peers]`): GAMP (src/estimators/amp/gamp.ts) on one seeded data
 * set per link, n = alpha d, for y = z^2 (p = 1, closed-form g_out) and y = z1 z2 (p = 2, g_out by
 * the hyperbola quadrature); seconds per iteration (median over --rounds of the marginal cost
 * (T(iterations) - T(1)) / (iterations - 1), with the per-call setup T(1) minus one iteration shown
 * apart: validation, the copy of X into WASM) and iterations per second, against the same iteration in numpy (bench/peers/numpy_amp.py,
 * OPENBLAS_NUM_THREADS=1 and = the machine's cores); and state-evolution fixed points per second
 * (uninformed start, alpha = 1.5, to tol 1e-10 for p = 1 and 1e-6 for p = 2).
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { links, ready, sampleIndexModel, gamp, seRule, stateEvolution, type IndexLink } from "../src/lazy.js";
import { fmt, markdownTable, median, numberOptions, parseOptions } from "./common.js";

await ready();
const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const { d, alpha, iterations, rounds, damping } = numberOptions({ d: 2000, alpha: 4, iterations: 10, rounds: 3, damping: 0.3 }, options);
if (!(iterations >= 2)) throw new Error("amp.bench: --iterations must be >= 2 (the marginal cost of an iteration)");

interface Peer { per_iteration: number[]; self_overlap: number; numpy: string; blas: string }

function peer(link: IndexLink, X: Float64Array, y: Float64Array, n: number, threads: number): Peer | string {
  if (options.get("no-peers") !== undefined) return "skipped";
  const input = Buffer.concat([Buffer.from(X.buffer, X.byteOffset, X.byteLength), Buffer.from(y.buffer, y.byteOffset, y.byteLength)]);
  const t = String(threads);
  const r = spawnSync("python3", [join(here, "peers", "numpy_amp.py"), String(n), String(d), String(link.p), String(iterations), String(Math.round(damping * 100)), `--runs=${rounds}`], {
    input, env: { ...process.env, OPENBLAS_NUM_THREADS: t, OMP_NUM_THREADS: t, MKL_NUM_THREADS: t }, encoding: "utf8", maxBuffer: 1 << 26,
  });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `numpy peer failed: ${r.stderr.trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Peer;
}

const rows: string[][] = [];
let versions = "";
for (const link of [links.square(), links.product()]) {
  const data = sampleIndexModel(link, { d, alpha, seed: 1 });
  const times: number[] = [];
  const setups: number[] = [];
  let self = 0;
  for (let r = 0; r < rounds; r++) {
    // a one-iteration call and an `iterations` call: their difference is the marginal cost of an
    // iteration (what the numpy peer times: its loop has no validation and no copy of X into WASM)
    const t1 = performance.now();
    gamp(data, { iterations: 1, tol: 0, seed: 2, damping });
    const one = (performance.now() - t1) / 1000;
    const t = performance.now();
    const res = gamp(data, { iterations, tol: 0, seed: 2, damping });
    const all = (performance.now() - t) / 1000;
    const per = (all - one) / (iterations - 1);
    times.push(per);
    setups.push(one - per);
    const S = res.selfOverlaps.at(-1)!;
    self = S.reduce((s, v, i) => s + (i % (link.p + 1) === 0 ? v : 0), 0) / link.p;
  }
  const mine = median(times);
  rows.push([`spikelab gamp, ${link.name} (p = ${link.p}); setup per call ${fmt(median(setups) * 1000, 0)} ms`, `${fmt(mine * 1000, 1)} ms`, fmt(1 / mine, 1), fmt(self, 3), "–"]);
  for (const threads of [1, availableParallelism()]) {
    const pr = peer(link, data.X.data, data.y, data.n, threads);
    if (typeof pr === "string") { rows.push([`numpy, ${link.name}`, pr, "–", "–", "–"]); break; }
    const theirs = median(pr.per_iteration);
    versions = `numpy ${pr.numpy} (${pr.blas})`;
    rows.push([`numpy gamp, ${link.name}, BLAS threads ${threads}`, `${fmt(theirs * 1000, 1)} ms`, fmt(1 / theirs, 1), fmt(pr.self_overlap, 3), fmt(theirs / mine, 2)]);
  }
}
console.log(`GAMP at d = ${d}, n = ${Math.round(alpha * d)} (alpha = ${alpha}), ${iterations} iterations from a random start, damping ${damping}, median of ${rounds}`);
console.log(markdownTable(["run", "time per iteration", "iterations / s", `self-overlap after ${iterations}`, "numpy / spikelab"], rows));
if (versions) console.log(`- ${versions}`);

const seRows: string[][] = [];
for (const [link, tol] of [[links.square(), 1e-10], [links.product(), 1e-6]] as const) {
  const rule = seRule(link);
  const t = performance.now();
  const r = stateEvolution(rule, { alpha: 1.5, tol, iterations: 2000 });
  const s = (performance.now() - t) / 1000;
  seRows.push([link.name, String(r.iterations), fmt(r.Q[0]!, 4), `${fmt(s, 2)} s`, fmt(1 / s, 2), fmt((s / r.iterations) * 1000, 1)]);
}
console.log(markdownTable(["link", "SE iterations", "Q_11 at the fixed point", "time", "fixed points / s", "ms per SE step"], seRows));
