/**
 * Dense symmetric eigensolver benchmark: spikelab `eigh` (all eigenpairs: dsytrd + dstedc +
 * dormtr) and `eigvalsh` (dsytrd + dsterf) on seeded n x n symmetric matrices with entries
 * uniform in [-1, 1], n = 200, 500, 1000, 2000, and eigvalsh alone at n = 4000 (one run).
 *
 * Measured in one process, per size: spikelab with the SIMD build and the relaxed-SIMD build
 * (fused multiply-add; Node 20 needs --experimental-wasm-relaxed-simd, set here with
 * v8.setFlagsFromString before any module is compiled), alternating for `--rounds` rounds and
 * pooling the samples, with the time split of eigh into reduction (copy in, scaling, dsytrd) /
 * tridiagonal solve (dstedc) / back transformation (dormtr, copy out) from `eighTimed`;
 * ml-matrix `EigenvalueDecomposition` (JAMA tred2 + tql2) up to `--ml-max` (default 1000, where
 * one call takes several seconds and runs once); numpy eigh / eigvalsh (bench/peers/
 * numpy_eigh.py, LAPACK dsyevd through OpenBLAS with one thread) once per round when python3 with
 * numpy is there, so that both sides see the same machine load. Every spikelab eigh result is
 * checked: residual ||A V - V diag(w)||_1 / (n eps ||A||_1) and ||V^T V - I||_1 / (n eps),
 * computed with spikelab's matmul, must stay below 30.
 *
 * Usage: npx tsx bench/eigh.bench.ts [--sizes=200,500,1000,2000] [--values-sizes=4000]
 *        [--rounds=2] [--max-time=1] [--ml-max=1000] [--no-peers] [--no-numpy] [--json=out.json]
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import {
  comparedBuilds, fmt, markdownTable, measure, median, parseOptions, parseSizes, seededValues, type Timing, useBuild,
} from "./common.js";
import { eigh, eigvalsh, matmul, Matrix } from "../src/lazy.js";
import { eighTimed, type EighTimings } from "../src/linalg/eigh.js";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const sizes = parseSizes(options.get("sizes"), [200, 500, 1000, 2000]);
const valuesSizes = options.get("values-sizes") === "none" ? [] : parseSizes(options.get("values-sizes"), [4000]);
const rounds = Math.max(1, Number(options.get("rounds") ?? 2));
const maxTime = Number(options.get("max-time") ?? 1);
const mlMax = Number(options.get("ml-max") ?? 1000);
const withPeers = !options.has("no-peers");
const withNumpy = withPeers && !options.has("no-numpy");

// --- builds --------------------------------------------------------------------------------

const { defaultBuild, builds } = comparedBuilds();

function symmetricMatrix(n: number): Matrix {
  const g = seededValues(n * n, 5000 + n);
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = (g[i * n + j]! + g[j * n + i]!) / 2;
      a.data[i * n + j] = v;
      a.data[j * n + i] = v;
    }
  }
  return a;
}

// Every kernel of eigh is hit from n = 64 on (blocked dsytrd, dstedc merges, dormtr blocks).
function warmEigh(): void {
  const a = symmetricMatrix(80);
  for (let i = 0; i < 15; i++) {
    eigh(a);
    eigvalsh(a);
  }
}

// --- checks --------------------------------------------------------------------------------

/** LAPACK's 1-norm max_j sum_i |x[i, j]| of a row-major array, summed row by row (unit stride). */
function norm1(x: Float64Array, rows: number, cols: number): number {
  const sums = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) sums[j] = sums[j]! + Math.abs(x[i * cols + j]!);
  return sums.reduce((best, s) => Math.max(best, s), 0);
}

/** [residual ratio, orthogonality ratio] of an eigh result (products by spikelab's matmul). */
function accuracy(a: Matrix, values: Float64Array, v: Matrix): [number, number] {
  const n = a.rows;
  const av = matmul(a, v).data;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) av[i * n + j] = av[i * n + j]! - v.data[i * n + j]! * values[j]!;
  const vtv = matmul(v, v, { transA: true }).data;
  for (let i = 0; i < n; i++) vtv[i * n + i] = vtv[i * n + i]! - 1;
  const eps = Number.EPSILON;
  return [norm1(av, n, n) / (n * eps * norm1(a.data, n, n)), norm1(vtv, n, n) / (n * eps)];
}

// --- peers ---------------------------------------------------------------------------------

interface NumpyRow { n: number; eigh: number[]; eigvalsh: number[]; numpy: string; blas: string }

function numpyEigh(n: number, valuesOnly: boolean): NumpyRow | string {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1" };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const args = [join(here, "peers", "numpy_eigh.py"), ...(valuesOnly ? ["--values-only"] : []), String(n)];
  const r = spawnSync("python3", args, { env, encoding: "utf8" });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) {
    const why = /No module named '?numpy'?/.test(r.stderr) ? "numpy not installed" : r.stderr.trim().split("\n").pop();
    return `numpy peer failed: ${why}`;
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as NumpyRow;
}

// --- one size ------------------------------------------------------------------------------

interface Figure { median: number; best: number; samples: number; method: string }
interface SizeResult {
  n: number;
  valuesOnly: boolean;
  /** seconds: "eigh simd", "eigvalsh relaxed", "numpy eigh", "ml-matrix", ... */
  figures: Record<string, Figure>;
  /** median seconds of each phase of eigh, per build */
  split: Record<string, EighTimings>;
  accuracy: Record<string, [number, number]>;
}

function figure(t: Timing): Figure {
  return { median: median(t.samples), best: Math.min(...t.samples), samples: t.samples.length, method: t.method };
}

async function runSize(n: number, valuesOnly: boolean, notes: Set<string>): Promise<SizeResult> {
  const a = symmetricMatrix(n);
  const result: SizeResult = { n, valuesOnly, figures: {}, split: {}, accuracy: {} };
  const pooled = new Map<string, Timing>();
  const pool = (key: string, t: Timing) => {
    const old = pooled.get(key);
    pooled.set(key, old ? { samples: [...old.samples, ...t.samples], method: old.method } : t);
  };
  const splits = new Map<string, EighTimings[]>();
  const big = n >= 3000;
  const measureOpts = { maxTime, minSamples: 5, slowCall: 0.3, directRuns: big ? 1 : n >= 2000 ? 2 : 3 };
  const nRounds = big ? 1 : rounds;
  for (let round = 0; round < nRounds; round++) {
    const order = round % 2 ? [...builds].reverse() : builds;
    for (const build of order) {
      await useBuild(build, warmEigh);
      if (!valuesOnly) {
        // eigh with its phase split, timed directly; then the same call through benchmark.js
        // (or direct timing for slow calls) for the headline figure
        const runs = n >= 2000 ? 1 : n >= 1000 ? 2 : 5;
        for (let r = 0; r < runs; r++) {
          const { result: res, timings } = eighTimed(a);
          if (!splits.has(build)) splits.set(build, []);
          splits.get(build)!.push(timings);
          if (round === 0 && r === 0) result.accuracy[build] = accuracy(a, res.values, res.vectors!);
        }
        pool(`eigh ${build}`, measure(`eigh ${build} ${n}`, () => { eigh(a); }, measureOpts));
      }
      pool(`eigvalsh ${build}`, measure(`eigvalsh ${build} ${n}`, () => { eigvalsh(a); }, measureOpts));
    }
    if (withNumpy) {
      const r = numpyEigh(n, valuesOnly);
      if (typeof r === "string") notes.add(`numpy columns skipped: ${r}`);
      else {
        if (!valuesOnly) pool("numpy eigh", { samples: r.eigh, method: "numpy_eigh.py" });
        pool("numpy eigvalsh", { samples: r.eigvalsh, method: "numpy_eigh.py" });
        notes.add(`numpy ${r.numpy} (${r.blas}), OPENBLAS_NUM_THREADS=1, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset`);
      }
    }
  }
  if (withPeers && !valuesOnly && n <= mlMax) {
    const m = new MlMatrix(a.toArray());
    pool("ml-matrix", measure(`ml-matrix ${n}`, () => { new EigenvalueDecomposition(m, { assumeSymmetric: true }); }, {
      maxTime, minSamples: 5, slowCall: 1, directRuns: n >= 1000 ? 1 : 3,
    }));
  }
  for (const [key, t] of pooled) result.figures[key] = figure(t);
  for (const [build, list] of splits) {
    result.split[build] = {
      reduction: median(list.map((t) => t.reduction)),
      tridiagonal: median(list.map((t) => t.tridiagonal)),
      back: median(list.map((t) => t.back)),
    };
  }
  for (const [build, [res, orth]] of Object.entries(result.accuracy)) {
    if (!(res < 30 && orth < 30)) throw new Error(`eigh ${build} n = ${n}: residual ratio ${res}, orthogonality ratio ${orth} (>= 30)`);
  }
  return result;
}

// --- report --------------------------------------------------------------------------------

const results: SizeResult[] = [];
const notes = new Set<string>();
console.log(
  `Symmetric eigenproblems, n x n float64, one thread. Node ${process.versions.node}; spikelab picks the ` +
    `${defaultBuild} build here by default; builds measured: ${builds.join(", ")}; ${rounds} alternating round(s).`,
);
for (const [n, valuesOnly] of [...sizes.map((n) => [n, false] as const), ...valuesSizes.map((n) => [n, true] as const)]) {
  const t = performance.now();
  const r = await runSize(n, valuesOnly, notes);
  results.push(r);
  const brief = Object.entries(r.figures).map(([k, f]) => `${k} ${fmt(f.median * 1000, 1)}`).join(", ");
  console.log(`n = ${n}${valuesOnly ? " (values only)" : ""} done in ${((performance.now() - t) / 1000).toFixed(1)} s: ${brief} ms`);
}

const ms = (f: Figure | undefined) => (f ? `${fmt(f.median * 1000, 1)} (${fmt(f.best * 1000, 1)})` : "–");
const ratio = (x: Figure | undefined, y: Figure | undefined) => (x && y ? `${fmt(x.median / y.median, 2)}x` : "–");
const fast = builds[builds.length - 1]!;

const eighRows = results.filter((r) => !r.valuesOnly).map((r) => {
  const s = r.split[fast];
  return [
    String(r.n),
    ...builds.map((b) => ms(r.figures[`eigh ${b}`])),
    s ? `${fmt(s.reduction, 0)} / ${fmt(s.tridiagonal, 0)} / ${fmt(s.back, 0)}` : "–",
    ms(r.figures["numpy eigh"]),
    ratio(r.figures[`eigh ${fast}`], r.figures["numpy eigh"]),
    ms(r.figures["ml-matrix"]),
    ratio(r.figures["ml-matrix"], r.figures[`eigh ${fast}`]),
  ];
});
console.log(`\neigh (all eigenpairs), ms: median (best sample); split = median ms of reduction / tridiagonal (dstedc) / back transformation (dormtr), ${fast} build.\n`);
console.log(markdownTable(
  ["n", ...builds.map((b) => `eigh ${b}`), `split (${fast})`, "numpy eigh", `${fast} / numpy`, "ml-matrix", `ml-matrix / ${fast}`],
  eighRows,
));

const valueRows = results.map((r) => [
  String(r.n),
  ...builds.map((b) => ms(r.figures[`eigvalsh ${b}`])),
  ms(r.figures["numpy eigvalsh"]),
  ratio(r.figures[`eigvalsh ${fast}`], r.figures["numpy eigvalsh"]),
]);
console.log("\neigvalsh (all eigenvalues), ms: median (best sample).\n");
console.log(markdownTable(["n", ...builds.map((b) => `eigvalsh ${b}`), "numpy eigvalsh", `${fast} / numpy`], valueRows));

const acc = results.filter((r) => !r.valuesOnly).map((r) =>
  `n=${r.n}: ${Object.entries(r.accuracy).map(([b, [x, y]]) => `${b} ${x.toFixed(2)}/${y.toFixed(2)}`).join(", ")}`,
);
console.log(`\nAccuracy of eigh, residual / orthogonality ratios (< 30 required): ${acc.join("; ")}.`);
const methods = results.flatMap((r) =>
  Object.entries(r.figures).filter(([, f]) => f.method.startsWith("direct")).map(([k, f]) => `${k} n=${r.n}: ${f.samples} direct run(s)`),
);
if (methods.length) console.log(`Timed directly (slow calls): ${methods.join("; ")}.`);
for (const note of notes) console.log(note);

const jsonPath = options.get("json");
if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ node: process.versions.node, defaultBuild, builds, rounds, results }, null, 2));
