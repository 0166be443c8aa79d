/**
 * Spiked random features end to end: spikelab building F = sigma(X W^T) and the spectrum of its
 * covariance, against numpy/scipy doing the same (bench/peers/numpy_features.py, one OpenBLAS
 * thread, skipped without python3 + numpy), plus the deterministic equivalent's density on a grid.
 *
 * Model: ReLU, abar = +-1, theta = 1.5, rows of W0 on the unit sphere (spikedRandomFeatures), fresh
 * x ~ N(0, I_d). Default size n = 8000, p = 4000, d = 2000 (F is 256 MB, Sigma 128 MB). Steps, each
 * timed directly (one call per round; these calls take seconds):
 *   features    FeatureCovarianceOperator: X drawn in WASM, one DGEMM, ReLU in place
 *   covariance  Sigma = F^T F / n by DSYRK (op.covariance())
 *   eigvalsh    all p eigenvalues of Sigma (dsytrd + dsterf)
 *   eigsh       the 5 largest eigenvalues of the operator v -> F^T (F v) / n (Krylov-Schur, tol 1e-10)
 *   DE density  spikedRfEquivalent(...).density on 1000 grid points (warm-started sweep), and support()
 * spikelab and numpy alternate within each round, so that both see the same machine load; medians
 * over rounds are reported. The WASM memory mapped at the end is printed (wasm32 never shrinks).
 *
 * Usage: npx tsx bench/features.bench.ts [--size=8000,4000,2000] [--rounds=1] [--no-peers] [--no-eigvalsh]
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, markdownTable, median, parseOptions } from "./common.js";
import {
  activeBuild, eigsh, eigvalsh, featureCovarianceOperator, ready, shiftedCoefficients, spikedRandomFeatures,
  spikedRfEquivalent, wasmMemoryBytes,
} from "../src/lazy.js";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const sizeText = options.get("size") ?? "8000,4000,2000";
const [n, p, d] = sizeText.split(",").map((s) => Number(s.trim())) as [number, number, number];
if (![n, p, d].every((v) => Number.isInteger(v) && v > 0)) throw new Error(`--size=${sizeText}: need three positive integers n,p,d`);
const rounds = Math.max(1, Number(options.get("rounds") ?? 1));
const withPeers = !options.has("no-peers");
const withEig = !options.has("no-eigvalsh");

await ready();

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, (performance.now() - t) / 1000];
}

interface PeerResult {
  features: number; covariance: number; eigvalsh?: number; eigsh: number | null; top?: number[]; eigshTop?: number[];
  numpy: string; blas: string; scipy?: string;
}

function runPeer(): PeerResult | string {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const args = [join(here, "peers", "numpy_features.py"), String(n), String(p), String(d), ...(withEig ? [] : ["--no-eigvalsh"])];
  const r = spawnSync("python3", args, { env, encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) {
    const why = /No module named '?numpy'?/.test(r.stderr) ? "numpy not installed" : r.stderr.trim().split("\n").pop();
    return `numpy peer failed: ${why}`;
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as PeerResult;
}

console.log(`spiked random features, ReLU, abar = +-1, theta = 1.5: n = ${n}, p = ${p}, d = ${d}; build ${activeBuild()}`);
const model = spikedRandomFeatures({ d, p, theta: 1.5, secondLayer: "plusminus", activation: "relu", seed: 1 });

const samples: Record<string, number[]> = {};
const peerSamples: Record<string, number[]> = {};
const add = (store: Record<string, number[]>, key: string, v: number | null | undefined) => {
  if (v === null || v === undefined) return;
  (store[key] ??= []).push(v);
};
let lastTop: number[] = [];
let lastEigsh: number[] = [];
let peerInfo = "";
let peerTop: number[] = [];
for (let r = 0; r < rounds; r++) {
  const [op, tf] = timed(() => featureCovarianceOperator({ W: model.spikedW, activation: "relu", n, seed: 100 + r }));
  add(samples, "features", tf);
  const [top5, te] = timed(() => eigsh(op, 5, { which: "LA", tol: 1e-10 }).values);
  add(samples, "eigsh", te);
  lastEigsh = Array.from(top5).reverse().slice(0, 3);
  if (withEig) {
    const [S, tc] = timed(() => op.covariance());
    op.dispose(); // free F before the eigensolver copies Sigma in
    add(samples, "covariance", tc);
    const [ev, tv] = timed(() => eigvalsh(S, { check: false }));
    add(samples, "eigvalsh", tv);
    lastTop = Array.from(ev.slice(p - 3)).reverse();
  } else {
    const [, tc] = timed(() => op.covariance());
    add(samples, "covariance", tc);
    op.dispose();
  }
  if (withPeers) {
    const peer = runPeer();
    if (typeof peer === "string") {
      peerInfo = peer;
    } else {
      add(peerSamples, "features", peer.features);
      add(peerSamples, "covariance", peer.covariance);
      add(peerSamples, "eigvalsh", peer.eigvalsh);
      add(peerSamples, "eigsh", peer.eigsh);
      peerInfo = `numpy ${peer.numpy} (${peer.blas})${peer.scipy ? `, scipy ${peer.scipy}` : ""}, OPENBLAS_NUM_THREADS=1`;
      peerTop = peer.top ?? peer.eigshTop ?? [];
    }
  }
}

// the deterministic equivalent: density on 1000 points and the support (cold instance each time)
const de = spikedRfEquivalent({ coefficients: shiftedCoefficients("relu"), n, p, d, theta: 1.5, secondLayer: "plusminus" });
const [support, ts] = timed(() => de.support());
const [lo, hi] = [support[0]![0], support[support.length - 1]![1]];
const grid = Float64Array.from({ length: 1000 }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / 1000);
const [, td] = timed(() => de.density(grid));
const [outl, to] = timed(() => de.outliers({ upperEdge: hi }));

const gflops = (flops: number, s: number | undefined) => (s ? `${fmt(flops / s / 1e9, 1)} GFLOP/s` : "");
const rows = [
  ["features (X draw + GEMM + ReLU)", fmt(median(samples.features ?? [])), fmt(median(peerSamples.features ?? [])), gflops(2 * n * p * d, median(samples.features ?? []))],
  ["covariance F^T F / n", fmt(median(samples.covariance ?? [])), fmt(median(peerSamples.covariance ?? [])), gflops(n * p * p, median(samples.covariance ?? []))],
  ["eigvalsh (all p)", withEig ? fmt(median(samples.eigvalsh ?? [])) : "-", withEig ? fmt(median(peerSamples.eigvalsh ?? [])) : "-", ""],
  ["eigsh top 5 on the operator", fmt(median(samples.eigsh ?? [])), fmt(median(peerSamples.eigsh ?? [])), ""],
  ["DE support (edges)", fmt(ts), "", ""],
  ["DE density, 1000 points", fmt(td), "", `${fmt((1e3 * td) / 1000, 2)} ms/point`],
  ["DE order-p outliers (det equation)", fmt(to), "", ""],
];
console.log(markdownTable(["step (seconds, median)", "spikelab", "numpy/scipy", "rate"], rows));
console.log(`rounds: ${rounds}; peer: ${peerInfo || "not run"}`);
console.log(`top eigenvalues: eigvalsh ${lastTop.map((x) => x.toFixed(2)).join(", ")}; eigsh ${lastEigsh.map((x) => x.toFixed(2)).join(", ")}; numpy ${peerTop.map((x) => x.toFixed(2)).join(", ")}`);
console.log(`DE: support ${support.map(([a, b]) => `[${a.toFixed(4)}, ${b.toFixed(4)}]`).join(" u ")}; order-p spikes (population) ${outl.map((o) => `${o.leading.toFixed(1)} -> ${o.corrected?.toFixed(1)}`).join(", ")}`);
console.log(`WASM memory mapped: ${(wasmMemoryBytes() / 2 ** 20).toFixed(0)} MiB`);
