/**
 * Symmetric tridiagonal eigensolver benchmark: all eigenpairs by implicit QL/QR with accumulated
 * rotations (dsteqr) against divide and conquer (dstedc), and all eigenvalues by dsterf and by
 * bisection (dstebz), on seeded tridiagonals with d and e uniform in [-1, 1], n = 500, 1000,
 * 2000. The kernels are called directly (fresh copies of d and e per call, Z n x n), so the
 * figures are the solver's time without the copy of Z out. dsteqr and dstedc alternate for
 * `--rounds` rounds in one process and the medians are reported; each result is checked
 * (residual ||T Z - Z diag(w)||_1 / (n eps ||T||_1) < 30). When python3 with scipy is there,
 * LAPACK dstevd (= dstedc) and dstev (= dsteqr) through OpenBLAS with one thread run on the same
 * matrices (bench/peers/scipy_tridiagonal.py). dsteqr at n >= 2000 runs once (about 20 s).
 * `--toeplitz` uses tridiag(-1, 2, -1) instead: delocalized eigenvectors, almost no deflation,
 * the worst case of divide and conquer.
 *
 * Usage: npx tsx bench/tridiagonal.bench.ts [--sizes=500,1000,2000] [--rounds=3] [--no-peers]
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, markdownTable, median, parseOptions, parseSizes, seededValues } from "./common.js";
import { activeBuild, ready, withScratch } from "../src/lazy.js";
import { QL_MAX_SWEEPS, type KernelExports } from "../src/wasm/exports.js";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const sizes = parseSizes(options.get("sizes"), [500, 1000, 2000]);
const rounds = Math.max(1, Number(options.get("rounds") ?? 3));
const withPeers = !options.has("no-peers");
const toeplitz = options.has("toeplitz");

await ready();
const EPS = Number.EPSILON;

type Solver = "dsteqr" | "dstedc" | "dsterf" | "dstebz";

/** Runs one solver on fresh copies of d, e; returns milliseconds and the residual ratio (vectors). */
function run(solver: Solver, d: Float64Array, e: Float64Array): { ms: number; ratio: number } {
  const n = d.length;
  return withScratch((s) => {
    const k: KernelExports = s.k;
    const pd = s.from(d);
    const pe = s.from(e);
    const vectors = solver === "dsteqr" || solver === "dstedc";
    const pz = s.alloc(vectors ? n * n : 1);
    const work = solver === "dsteqr" ? k.dsteqr_worksize(n) : solver === "dstedc" ? k.dstedc_worksize(2, n) : k.dstebz_worksize(n);
    const pw = s.alloc(work);
    const piw = s.alloc(Math.ceil(Math.max(k.dstedc_iworksize(2, n), k.dstebz_iworksize(n)) / 2) + 1);
    const pout = s.alloc(3 * n + 2);
    const t0 = performance.now();
    let info: number;
    if (solver === "dsteqr") info = k.dsteqr(2, n, pd.ptr, pe.ptr, pz.ptr, n, pw.ptr, QL_MAX_SWEEPS);
    else if (solver === "dstedc") info = k.dstedc(2, n, pd.ptr, pe.ptr, pz.ptr, n, pw.ptr, piw.ptr, QL_MAX_SWEEPS);
    else if (solver === "dsterf") info = k.dsterf(n, pd.ptr, pe.ptr, QL_MAX_SWEEPS);
    else {
      const counts = pout.ptr;
      const w = counts + 16;
      const iblock = w + 8 * n;
      const isplit = iblock + 4 * n;
      info = k.dstebz(0, 1, n, 0, 0, 0, 0, 0, pd.ptr, pe.ptr, counts, w, iblock, isplit, pw.ptr, piw.ptr);
    }
    const ms = performance.now() - t0;
    if (info !== 0) throw new Error(`${solver} n = ${n}: status ${info}`);
    let ratio = NaN;
    if (vectors) {
      const w = pd.view();
      const z = new Float64Array(k.memory.buffer, pz.ptr, n * n);
      let tnorm = 0;
      for (let i = 0; i < n; i++) tnorm = Math.max(tnorm, Math.abs(d[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0) + (i < n - 1 ? Math.abs(e[i]!) : 0));
      const col = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let v = (d[i]! - w[j]!) * z[i * n + j]!;
          if (i > 0) v += e[i - 1]! * z[(i - 1) * n + j]!;
          if (i < n - 1) v += e[i]! * z[(i + 1) * n + j]!;
          col[j]! += Math.abs(v);
        }
      }
      ratio = Math.max(...col) / (n * EPS * tnorm);
      if (!(ratio < 30)) throw new Error(`${solver} n = ${n}: residual ratio ${ratio}`);
    }
    return { ms, ratio };
  });
}

interface Row {
  n: number;
  times: Map<Solver, number[]>;
  ratios: Map<Solver, number>;
  peer?: { dstevd: number; dstev: number };
}

const rows: Row[] = [];
for (const n of sizes) {
  const d = toeplitz ? new Float64Array(n).fill(2) : seededValues(n, 1000 + n);
  const e = toeplitz ? new Float64Array(n - 1).fill(-1) : seededValues(n - 1, 2000 + n);
  const times = new Map<Solver, number[]>();
  const ratios = new Map<Solver, number>();
  // warm-up: V8 compiles WASM functions lazily, the first call runs in the baseline tier
  for (const solver of ["dsteqr", "dstedc", "dsterf", "dstebz"] as const) run(solver, d.subarray(0, 60), e.subarray(0, 59));
  for (let r = 0; r < rounds; r++) {
    for (const solver of ["dstedc", "dsteqr", "dsterf", "dstebz"] as const) {
      if (solver === "dsteqr" && n >= 2000 && r > 0) continue; // about 20 s a call
      const { ms, ratio } = run(solver, d, e);
      (times.get(solver) ?? times.set(solver, []).get(solver)!).push(ms);
      if (Number.isFinite(ratio)) ratios.set(solver, ratio);
    }
  }
  rows.push({ n, times, ratios });
  console.error(`n = ${n} done`);
}

if (withPeers) {
  const py = spawnSync("python3", [join(here, "peers", "scipy_tridiagonal.py"), ...(toeplitz ? ["--toeplitz"] : []), ...sizes.map(String)], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1" },
    encoding: "utf8",
  });
  if (py.status === 0) {
    for (const line of py.stdout.trim().split("\n")) {
      const o = JSON.parse(line) as { n: number; dstevd: number[]; dstev: number[] };
      const row = rows.find((r) => r.n === o.n);
      if (row) row.peer = { dstevd: median(o.dstevd) * 1000, dstev: median(o.dstev) * 1000 };
    }
  } else {
    console.error(`scipy peer skipped: ${py.stderr.trim().split("\n").pop() ?? py.error}`);
  }
}

console.log(
  `build: ${activeBuild()}, ${toeplitz ? "tridiag(-1, 2, -1)" : "d, e uniform in [-1, 1]"}, medians over ${rounds} rounds (ms); ` +
    `residual ratios in parentheses\n`,
);
console.log(
  markdownTable(
    ["n", "dstedc (vectors)", "dsteqr (vectors)", "dsteqr / dstedc", "dsterf (values)", "dstebz (values)", "scipy dstevd", "scipy dstev"],
    rows.map((r) => {
      const m = (s: Solver) => median(r.times.get(s) ?? []);
      return [
        String(r.n),
        `${fmt(m("dstedc"), 1)} (${fmt(r.ratios.get("dstedc"), 2)})`,
        `${fmt(m("dsteqr"), 1)} (${fmt(r.ratios.get("dsteqr"), 2)})`,
        fmt(m("dsteqr") / m("dstedc"), 1),
        fmt(m("dsterf"), 1),
        fmt(m("dstebz"), 1),
        fmt(r.peer?.dstevd, 1),
        fmt(r.peer?.dstev, 1),
      ];
    }),
  ),
);
