/**
 * Spectral-estimator benchmark (standalone: `npx tsx bench/estimators.bench.ts [--d=5000
 * --alpha=4 --rounds=1 --tol=1e-8 --no-peers]`): the z1 z2 index model (p = 2) at d = 5000,
 * n = alpha d = 20000, X entries N(0, 1/d), one seeded data set; wall time of
 *   - the operator build: the denoiser G(y), T(y) for the n labels (Bessel K1/K0 closed form) and
 *     one copy of X into WASM shared by both operators (ResidentMatrix),
 *   - TAP: eigsh (Krylov-Schur Lanczos, 'LA', k = 2) on T = sum_i T(y_i) (x) x_i x_i^T, implicit
 *     (one pass over X per application, assembly/estimators.ts tap_apply),
 *   - LAMP: eigs (Krylov-Schur Arnoldi, 'LR', k = 2) on L = (I_2 (x) (X X^T - I)) G_hat, implicit
 *     (two passes over X per application),
 * against numpy/scipy doing the same on the same X and y (bench/peers/numpy_estimators.py:
 * scipy.special k0e/k1e, ARPACK eigsh/eigs on LinearOperators, OPENBLAS_NUM_THREADS=1), skipped
 * without python3 + scipy. Each run takes tens of seconds, so runs are timed directly (median of
 * --rounds). The overlaps and eigenvalues are printed beside the predictions as a check.
 * Then (unless --no-preimage) the population constants of links given only g (defineLink: the
 * preimage engine, src/estimators/preimageEngine.ts) with their error estimates and times, beside
 * the library's closed forms.
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  defineLink, Denoiser, lampEstimator, links, overlap, populationConstants, predictEstimators, ready, ResidentMatrix, sampleIndexModel,
  tapEstimator, type IndexLink,
} from "../src/lazy.js";
import { fmt, markdownTable, median, numberOptions, parseOptions } from "./common.js";

await ready();
const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const { d, alpha, rounds, tol } = numberOptions({ d: 5000, alpha: 4, rounds: 1, tol: 1e-8 }, options);
const link = links.product();

const t0 = performance.now();
const data = sampleIndexModel(link, { d, alpha, seed: 1, planted: "orthogonal" });
const sampling = (performance.now() - t0) / 1000;
const n = data.n;

const build: number[] = [];
const tapTimes: number[] = [];
const lampTimes: number[] = [];
let tap: ReturnType<typeof tapEstimator> | null = null;
let lamp: ReturnType<typeof lampEstimator> | null = null;
for (let r = 0; r < rounds; r++) {
  let t = performance.now();
  const den = new Denoiser(link);
  den.G(data.y);
  den.T(data.y);
  const X = new ResidentMatrix(data.X);
  build.push((performance.now() - t) / 1000);
  const shared = { X, y: data.y, link };
  t = performance.now();
  tap = tapEstimator(shared, { k: 2, tol, denoiser: den, solver: "lanczos" });
  tapTimes.push((performance.now() - t) / 1000);
  t = performance.now();
  lamp = lampEstimator(shared, { k: 2, tol, denoiser: den });
  lampTimes.push((performance.now() - t) / 1000);
  X.dispose();
}

interface Peer {
  build: number[];
  tap: number[];
  lamp: number[];
  tap_matvecs: number;
  lamp_matvecs: number;
  tap_values: number[];
  lamp_values: number[];
  scipy: string;
  numpy: string;
}
let peer: Peer | string = "skipped (--no-peers)";
if (options.get("no-peers") === undefined) {
  const x = data.X.data;
  const input = Buffer.concat([Buffer.from(x.buffer, x.byteOffset, x.byteLength), Buffer.from(data.y.buffer, data.y.byteOffset, data.y.byteLength)]);
  const r = spawnSync("python3", [join(here, "peers", "numpy_estimators.py"), String(n), String(d), String(tol), String(rounds)], {
    input,
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (r.error) peer = `python3 not found (${r.error.message})`;
  else if (r.status !== 0) peer = `numpy peer failed: ${r.stderr.trim().split("\n").pop()}`;
  else peer = JSON.parse(r.stdout.trim().split("\n").pop()!) as Peer;
}

const pred = predictEstimators(populationConstants(link), data.alpha);
const s = (x: number[]) => `${fmt(median(x), 2)} s`;
const rows: string[][] = [
  ["spikelab: build (G, T for n labels + X into WASM)", s(build), "–", "–", "–"],
  ["spikelab: TAP, eigsh on the implicit operator", s(tapTimes), String(tap!.applications), Array.from(tap!.values, (v) => fmt(v, 4)).join(", "), fmt(overlap(tap!.estimate, data.W), 3)],
  ["spikelab: LAMP, eigs on the implicit operator", s(lampTimes), String(lamp!.applications), Array.from(lamp!.re, (v) => fmt(v, 4)).join(", "), fmt(overlap(lamp!.estimate, data.W), 3)],
];
if (typeof peer === "string") rows.push(["numpy/scipy (ARPACK)", peer, "–", "–", "–"]);
else {
  rows.push(["numpy/scipy: build (k0e/k1e, 2 x 2 inverses)", s(peer.build), "–", "–", "–"]);
  rows.push(["scipy eigsh (ARPACK) on a LinearOperator, TAP", s(peer.tap), String(peer.tap_matvecs), peer.tap_values.map((v) => fmt(v, 4)).join(", "), "–"]);
  rows.push(["scipy eigs (ARPACK) on a LinearOperator, LAMP", s(peer.lamp), String(peer.lamp_matvecs), peer.lamp_values.map((v) => fmt(v, 4)).join(", "), "–"]);
}
console.log(`z1 z2 index model: d = ${d}, n = ${n} (alpha = ${fmt(data.alpha, 2)}), p = 2, tol = ${tol}, median of ${rounds}; sampling took ${fmt(sampling, 1)} s`);
console.log(markdownTable(["method", "time", "operator applications", "top eigenvalues", "overlap m^2"], rows));
console.log(`- predictions (alpha = ${fmt(data.alpha, 2)}): TAP outliers at 1 (x${pred.tap!.outliers.length}), bulk edge ${fmt(pred.tap!.edge, 4)}, overlap ${fmt(pred.tap!.overlap, 4)}; ` +
  `LAMP outliers at ${fmt(pred.lamp!.outlier!, 4)} (x${pred.lamp!.outliers[0]!.multiplicity}), bulk radius ${fmt(pred.lamp!.edge, 4)}, overlap ${fmt(pred.lamp!.overlap, 4)}`);
if (typeof peer !== "string") {
  console.log(`- scipy ${peer.scipy}, numpy ${peer.numpy}, OPENBLAS_NUM_THREADS=1; ratio scipy / spikelab: TAP ${fmt(median(peer.tap) / median(tapTimes), 2)}, LAMP ${fmt(median(peer.lamp) / median(lampTimes), 2)}`);
}

// ---- population constants of links given only g (the preimage engine) against the closed forms
if (options.get("no-preimage") === undefined) {
  const cases: [string, IndexLink, IndexLink | null][] = [
    ["z1 z2", defineLink({ p: 2, g: (z) => z[0]! * z[1]! }), links.product()],
    ["abs(z1 z2)", defineLink({ p: 2, g: (z) => Math.abs(z[0]! * z[1]!) }), links.absProduct()],
    ["z1 z2 z3", defineLink({ p: 3, g: (z) => z[0]! * z[1]! * z[2]! }), links.tripleProduct()],
    ["sign(z1 z2) (labels detected)", defineLink({ p: 2, g: (z) => (z[0]! * z[1]! >= 0 ? 1 : -1) }), links.signProduct()],
    ["sign(z1 z2 z3), the parity", defineLink({ p: 3, g: (z) => (z[0]! * z[1]! * z[2]! >= 0 ? 1 : -1) }), links.signTripleProduct()],
    ["z1^2 + sign(z1 z2 z3)", defineLink({ p: 3, g: (z) => z[0]! * z[0]! + (z[0]! * z[1]! * z[2]! >= 0 ? 1 : -1) }), null],
  ];
  const prows: string[][] = [];
  for (const [name, user, lib] of cases) {
    const t = performance.now();
    const c = populationConstants(user);
    const sec = (performance.now() - t) / 1000;
    const exact = lib ? populationConstants(lib).alphaC : NaN;
    prows.push([name, Number.isFinite(c.alphaC) ? fmt(c.alphaC, 5) : String(c.alphaC), Number.isFinite(c.alphaC) ? c.alphaCError.toExponential(1) : "–", lib ? String(Number.isFinite(exact) ? fmt(exact, 5) : exact) : "–", String(c.hardSubspace.cols), `${fmt(sec, 2)} s`]);
  }
  console.log("population constants of links given only g (defineLink, preimage engine) against the library's closed forms");
  console.log(markdownTable(["link", "alpha_c (preimage)", "error estimate", "alpha_c (closed form)", "hard directions", "time"], prows));
}