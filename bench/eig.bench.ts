/**
 * Dense nonsymmetric eigensolver benchmark: spikelab `eig` (dgebal + dgehrd + dlahqr, and with
 * vectors dorghr + dtrevc + dgebak) on seeded n x n matrices with entries uniform in [-1, 1],
 * n = 200 and 500 by default, against ml-matrix `EigenvalueDecomposition` (JAMA orthes + hqr2,
 * which always computes the vectors) and numpy.linalg.eig / eigvals (LAPACK dgeev, OpenBLAS with
 * one thread; bench/peers/numpy_eig.py, skipped when python3 with numpy is missing).
 *
 * Per size, in one process: a warm-up (V8 runs a WASM function in its baseline tier until it has
 * been optimized, with no on-stack replacement), then `--rounds` rounds alternating spikelab
 * values-only, spikelab with vectors and ml-matrix, every call timed directly; medians are
 * reported with the best sample. Every spikelab result with vectors is checked: the largest
 * ||A v - lambda v|| / (n eps ||A||_1) over the unit eigenvectors must stay below 30.
 *
 * Usage: npx tsx bench/eig.bench.ts [--sizes=200,500] [--rounds=3] [--ml-max=500] [--no-peers]
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { fmt, markdownTable, median, parseOptions, parseSizes, seededValues } from "./common.js";
import { activeBuild, eig, matmul, Matrix, ready } from "../src/lazy.js";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const sizes = parseSizes(options.get("sizes"), [200, 500]);
const rounds = Math.max(1, Number(options.get("rounds") ?? 3));
const mlMax = Number(options.get("ml-max") ?? 500);
const withPeers = !options.has("no-peers");

await ready();

function time(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

/** Largest ||A v - lambda v|| / (n eps ||A||_1) over the eigenvectors (products by matmul). */
function residualRatio(a: Matrix, r: ReturnType<typeof eig>): number {
  const n = a.rows;
  const avr = matmul(a, r.vectors!.re).data;
  const avi = matmul(a, r.vectors!.im).data;
  let anorm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(a.data[i * n + j]!);
    anorm = Math.max(anorm, s);
  }
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const xr = r.vectors!.re.data[i * n + j]!;
      const xi = r.vectors!.im.data[i * n + j]!;
      const dr = avr[i * n + j]! - (r.re[j]! * xr - r.im[j]! * xi);
      const di = avi[i * n + j]! - (r.re[j]! * xi + r.im[j]! * xr);
      ss += dr * dr + di * di;
    }
    worst = Math.max(worst, Math.sqrt(ss) / (n * Number.EPSILON * anorm));
  }
  return worst;
}

interface Row { n: number; cells: Record<string, number[]>; residual: number; numpy?: string }

function numpyEig(a: Matrix): { eig: number[]; eigvals: number[]; label: string } | string {
  const r = spawnSync("python3", [join(here, "peers", "numpy_eig.py"), String(a.rows)], {
    input: Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength),
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1" },
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `numpy peer failed: ${r.stderr.trim().split("\n").pop()}`;
  const o = JSON.parse(r.stdout.trim().split("\n").pop()!) as { eig: number[]; eigvals: number[]; numpy: string; blas: string };
  return { eig: o.eig, eigvals: o.eigvals, label: `numpy ${o.numpy} (${o.blas}), OPENBLAS_NUM_THREADS=1` };
}

// warm-up: every kernel of eig on a small matrix, until the optimizing tier has compiled them
{
  const w = new Matrix(64, 64, seededValues(64 * 64, 1));
  for (let i = 0; i < 20; i++) {
    eig(w);
    eig(w, { vectors: true });
  }
}

const rows: Row[] = [];
const notes = new Set<string>();
for (const n of sizes) {
  const a = new Matrix(n, n, seededValues(n * n, 7000 + n));
  const cells: Record<string, number[]> = { values: [], vectors: [], "ml-matrix": [] };
  const ml = new MlMatrix(a.toArray());
  const residual = residualRatio(a, eig(a, { vectors: true }));
  if (!(residual < 30)) throw new Error(`eig n = ${n}: residual ratio ${residual} >= 30`);
  for (let round = 0; round < rounds; round++) {
    cells.values!.push(time(() => eig(a)));
    cells.vectors!.push(time(() => eig(a, { vectors: true })));
    if (withPeers && n <= mlMax && (round < 2 || n <= 200)) {
      cells["ml-matrix"]!.push(time(() => new EigenvalueDecomposition(ml, { assumeSymmetric: false })));
    }
  }
  const row: Row = { n, cells, residual };
  if (withPeers) {
    const p = numpyEig(a);
    if (typeof p === "string") notes.add(`numpy columns skipped: ${p}`);
    else {
      cells["numpy eig"] = p.eig;
      cells["numpy eigvals"] = p.eigvals;
      notes.add(p.label);
    }
  }
  rows.push(row);
}

const keys = ["values", "vectors", "ml-matrix", "numpy eigvals", "numpy eig"];
const header = ["n", "spikelab eig (values)", "spikelab eig (vectors)", "ml-matrix EVD (vectors)", "numpy eigvals", "numpy eig", "ml / spikelab (vectors)", "residual ratio"];
const table = rows.map((r) => {
  const med = (k: string) => (r.cells[k]?.length ? median(r.cells[k]!) : undefined);
  const best = (k: string) => (r.cells[k]?.length ? Math.min(...r.cells[k]!) : undefined);
  const cell = (k: string) => (med(k) === undefined ? "–" : `${fmt(1000 * med(k)!, 1)} ms (best ${fmt(1000 * best(k)!, 1)})`);
  const ratio = med("ml-matrix") !== undefined ? fmt(med("ml-matrix")! / med("vectors")!, 1) : "–";
  return [String(r.n), ...keys.map(cell), ratio, fmt(r.residual, 2)];
});
console.log(`spikelab build: ${activeBuild()}; ${rounds} rounds, medians (best sample)`);
console.log(markdownTable(header, table));
for (const note of notes) console.log(`- ${note}`);
