/**
 * Krylov-Schur `eigs` benchmark: a few eigenvalues of an n x n nonsymmetric matrix
 * G / sqrt(n) (circular law, bulk in the unit disk) with planted outliers at +3, -3 and
 * 2 +- 1.5 i (rank-four perturbation on orthonormal directions), n = 2000 by default, through a
 * WASM DenseOperator (DGEMV per application), against scipy.sparse.linalg.eigs (ARPACK dnaupd) on a
 * LinearOperator whose matvec is numpy's dense product (bench/peers/scipy_eigs.py, OpenBLAS with
 * one thread; skipped without python3 + scipy). Both use tol = 1e-10 (spikelab: residual
 * <= tol ||A||; ARPACK: <= tol |lambda|), the default basis size max(2k + 1, 20), and report
 * time and operator applications; every spikelab residual is recomputed here.
 *
 * Usage: npx tsx bench/eigs.bench.ts [--n=2000] [--rounds=3] [--no-peers]
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, markdownTable, median, parseOptions, seededValues } from "./common.js";
import { DenseOperator, eigs, Matrix, matvec, ready, type NonsymmetricWhich } from "../src/lazy.js";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const n = Number(options.get("n") ?? 2000);
const rounds = Math.max(1, Number(options.get("rounds") ?? 3));
const withPeers = !options.has("no-peers");
const tol = 1e-10;
const cases: { k: number; which: NonsymmetricWhich }[] = [
  { k: 1, which: "LR" },
  { k: 2, which: "LM" },
  { k: 4, which: "LM" },
  { k: 2, which: "LI" },
];

await ready();

function plantedMatrix(): Matrix {
  // Gaussian-like entries from seeded uniforms (sum of 4 uniforms, variance 4/3), scaled to 1/sqrt(n)
  const u = seededValues(4 * n * n, 4242);
  const a = new Matrix(n, n);
  const s = 1 / Math.sqrt((4 / 3) * n);
  for (let i = 0; i < n * n; i++) a.data[i] = s * (u[4 * i]! + u[4 * i + 1]! + u[4 * i + 2]! + u[4 * i + 3]!);
  // four orthonormal directions by Gram-Schmidt on seeded vectors
  const dirs: Float64Array[] = [];
  for (let t = 0; t < 4; t++) {
    const v = seededValues(n, 99 + t);
    for (const w of dirs) {
      let d = 0;
      for (let i = 0; i < n; i++) d += v[i]! * w[i]!;
      for (let i = 0; i < n; i++) v[i] = v[i]! - d * w[i]!;
    }
    let nv = 0;
    for (let i = 0; i < n; i++) nv += v[i]! * v[i]!;
    for (let i = 0; i < n; i++) v[i] = v[i]! / Math.sqrt(nv);
    dirs.push(v);
  }
  const add = (c: number, x: Float64Array, y: Float64Array) => {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = a.data[i * n + j]! + c * x[i]! * y[j]!;
  };
  const [u1, u2, x, y] = dirs as [Float64Array, Float64Array, Float64Array, Float64Array];
  add(3, u1, u1);
  add(-3, u2, u2);
  add(2, x, x);
  add(2, y, y);
  add(1.5, y, x);
  add(-1.5, x, y);
  return a;
}

const a = plantedMatrix();
const op = new DenseOperator(a);
// warm-up (baseline-tier WASM code until the optimizing tier has compiled it)
for (let i = 0; i < 3; i++) eigs(op, 2, { which: "LM" });

interface Row { label: string; times: number[]; apps: number; re: Float64Array; im: Float64Array; worst: number }
const rows: Row[] = [];
for (const c of cases) {
  const times: number[] = [];
  let last = eigs(op, c.k, { which: c.which, tol });
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    last = eigs(op, c.k, { which: c.which, tol });
    times.push((performance.now() - t) / 1000);
  }
  let worst = 0;
  for (let j = 0; j < c.k; j++) {
    const xr = last.vectors.re.column(j);
    const xi = last.vectors.im.column(j);
    const ar = matvec(a, xr);
    const ai = matvec(a, xi);
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const dr = ar[i]! - (last.re[j]! * xr[i]! - last.im[j]! * xi[i]!);
      const di = ai[i]! - (last.re[j]! * xi[i]! + last.im[j]! * xr[i]!);
      ss += dr * dr + di * di;
    }
    worst = Math.max(worst, Math.sqrt(ss));
  }
  rows.push({ label: `k = ${c.k}, '${c.which}'`, times, apps: last.applications, re: last.re, im: last.im, worst });
}
op.dispose();

let peer: { runs: { seconds: number; matvecs: number; re: number[]; im: number[] }[]; scipy: string } | string | null = null;
if (withPeers) {
  const r = spawnSync("python3", [join(here, "peers", "scipy_eigs.py"), String(n), String(tol), ...cases.map((c) => `${c.k}:${c.which}`)], {
    input: Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength),
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1" },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  if (r.error) peer = `python3 not found (${r.error.message})`;
  else if (r.status !== 0) peer = `scipy peer failed: ${r.stderr.trim().split("\n").pop()}`;
  else peer = JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const fmtValues = (re: ArrayLike<number>, im: ArrayLike<number>) =>
  Array.from({ length: re.length }, (_, i) => (im[i] === 0 ? fmt(re[i]!, 4) : `${fmt(re[i]!, 4)}${im[i]! > 0 ? "+" : "-"}${fmt(Math.abs(im[i]!), 4)}i`)).join(", ");
const table = rows.map((r, i) => {
  const p = typeof peer === "object" && peer ? peer.runs[i] : undefined;
  return [
    r.label, `${fmt(1000 * median(r.times), 1)} ms`, String(r.apps), r.worst.toExponential(1),
    p ? `${fmt(1000 * p.seconds, 1)} ms` : "–", p ? String(p.matvecs) : "–", fmtValues(r.re, r.im),
  ];
});
console.log(`n = ${n}, tol = ${tol}, ${rounds} rounds (median)`);
console.log(markdownTable(["case", "spikelab eigs", "applications", "max ||Ax - lx||", "scipy eigs", "matvecs", "eigenvalues (spikelab)"], table));
if (typeof peer === "string") console.log(`- scipy columns skipped: ${peer}`);
else if (peer) console.log(`- scipy ${peer.scipy}, ARPACK via scipy.sparse.linalg.eigs on a LinearOperator (numpy matvec), OPENBLAS_NUM_THREADS=1`);
