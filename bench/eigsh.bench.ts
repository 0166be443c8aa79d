/**
 * eigsh benchmark (standalone: `npx tsx bench/eigsh.bench.ts [--n=20000 --d=2000 --rounds=3]`):
 * the top 5 eigenpairs of the sample covariance X^T X / n of X = Z Sigma^{1/2} (Z Gaussian,
 * Sigma = I + 3 v1 v1^T + 1.5 v2 v2^T: a rank-2 spike), n = 20000, d = 2000, three ways:
 *   - spikelab eigsh on the implicit operator (SampleCovarianceOperator: two DGEMVs per
 *     application, X never squared),
 *   - scipy eigsh (ARPACK) on a LinearOperator doing the same numpy products, on the same X sent
 *     through stdin, OPENBLAS_NUM_THREADS=1 (skipped without python3 + scipy),
 *   - spikelab dense: gram(X) / n (DSYRK) then eigh over the index range of the top 5
 *     (tridiagonal reduction, bisection + inverse iteration, back transformation).
 * Both iterative solvers use tol = 1e-10. Counts operator applications as well as time.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { eigh, eigsh, gram, ready, sampleCovariance, spikedCovariance } from "../src/lazy.js";
import { fmt, markdownTable, median, numberOptions, parseOptions } from "./common.js";

await ready();
const here = dirname(fileURLToPath(import.meta.url));
const { n, d, rounds } = numberOptions({ n: 20000, d: 2000, rounds: 3 });
const k = 5;
const tol = 1e-10;

const sample = spikedCovariance({ n, d, spikes: [3, 1.5], seed: 1, covariance: false });
const op = sampleCovariance(sample.data);
const times: number[] = [];
let last = eigsh(op, k, { tol, seed: 2 }); // warm-up (JIT tiers)
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  last = eigsh(op, k, { tol, seed: 2 });
  times.push((performance.now() - t0) / 1000);
}
op.dispose();

let peer: { seconds: number[]; matvecs: number; values: number[]; scipy: string } | string = "skipped (--no-peers)";
if (!parseOptions().has("no-peers")) {
  const x = sample.data.data;
  const r = spawnSync("python3", [join(here, "peers", "scipy_eigsh.py"), String(n), String(d), String(k), String(tol), String(rounds)], {
    input: Buffer.from(x.buffer, x.byteOffset, x.byteLength),
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OPENBLAS_CORETYPE: "", OPENBLAS_L2_SIZE: "" },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (r.error) peer = `python3 not found (${r.error.message})`;
  else if (r.status !== 0) peer = `scipy peer failed: ${r.stderr.trim().split("\n").pop()}`;
  else peer = JSON.parse(r.stdout.trim().split("\n").pop()!);
}

// dense route, timed once (it takes seconds)
const t0 = performance.now();
const s = gram(sample.data, { scale: 1 / n });
const t1 = performance.now();
const dense = eigh(s, { range: { lo: d - k, hi: d - 1 } });
const t2 = performance.now();

const rows = [
  ["spikelab eigsh, implicit X^T (X v) / n", `${fmt(median(times), 2)} s`, String(last.applications), Array.from(last.values, (v) => fmt(v, 5)).join(", ")],
  typeof peer === "string"
    ? ["scipy eigsh (ARPACK), LinearOperator", peer, "–", "–"]
    : ["scipy eigsh (ARPACK), LinearOperator", `${fmt(median(peer.seconds), 2)} s`, String(peer.matvecs), peer.values.map((v) => fmt(v, 5)).join(", ")],
  ["spikelab dense: gram + eigh(range top 5)", `${fmt((t2 - t0) / 1000, 2)} s (gram ${fmt((t1 - t0) / 1000, 2)} + eigh ${fmt((t2 - t1) / 1000, 2)})`, "–", Array.from(dense.values).map((v) => fmt(v, 5)).join(", ")],
];
console.log(`top ${k} eigenpairs of X^T X / n, n = ${n}, d = ${d}, rank-2 spike (theta = 3, 1.5), tol = ${tol}, median of ${rounds}`);
console.log(markdownTable(["method", "time", "operator applications", "top eigenvalues"], rows));
if (typeof peer !== "string") {
  console.log(`- scipy ${peer.scipy}, numpy ${(peer as { numpy?: string }).numpy ?? "?"}, OPENBLAS_NUM_THREADS=1; ratio scipy / spikelab = ${fmt(median(peer.seconds) / median(times), 2)}`);
}
