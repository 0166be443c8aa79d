/**
 * Multi-core scaling of the threads build (src/threads/): each task on 1 thread and on
 * `--threads` threads (default: every core), in the same process, alternating for `--rounds`
 * rounds, medians of direct timings:
 * - GEMM, n = 2048: the dgemm kernel on WASM-resident operands (the partition alone), and
 *   `matmul` (copies and finiteness checks, which stay on the caller, included);
 * - eigh and eigvalsh, n = 2000 (threaded SYR2K trailing updates and back transformation; the
 *   dlatrd panels and dstedc stay on one thread), with eighTimed's split;
 * - a batch of 8 eigvalsh problems of n = 1000: `eigvalshBatch` (one problem per job) against
 *   eigvalsh called 8 times with the same threads; the same 8 with vectors (`eighBatch`);
 * - eigsh, the top 5 of X^T X / n with n = 20000, d = 2000 (row-chunked DGRAMV), unless --no-eigsh.
 * With python3 + numpy, numpy's GEMM (n = 2048) with OPENBLAS_NUM_THREADS = 1 and = threads.
 *
 * Usage: npx tsx bench/threads.bench.ts [--threads=N] [--rounds=R] [--no-eigsh] [--no-numpy]
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fmt, markdownTable, median, parseOptions, seededValues } from "./common.js";
import {
  activeBuild, eighBatch, eigsh, eigvalsh, eigvalshBatch, Matrix, matmul, ready, sampleCovariance, setThreads, withScratch,
} from "../src/lazy.js";
import { eighTimed, type EighTimings } from "../src/linalg/eigh.js";
import { gemm } from "../src/threads/drivers.js";
import { NO_TRANS } from "../src/wasm/exports.js";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
// this suite's --threads is the parallel side; common.ts reads the same flag, so reset below
const threads = Number(options.get("threads") ?? availableParallelism());
const rounds = Number(options.get("rounds") ?? 3);
await ready();
setThreads(threads);
console.log(`build: ${activeBuild()} (threads twin), ${availableParallelism()} cores, comparing 1 and ${threads} threads, ${rounds} rounds\n`);

function timeMs(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Alternates the variants for `rounds` rounds, `perRound` calls each; medians in ms. */
function alternate(variants: Record<string, () => void>, perRound = 1): Record<string, number[]> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (const fn of Object.values(variants)) fn(); // warm-up: JIT, worker start, page faults
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(variants)) for (let i = 0; i < perRound; i++) samples[name]!.push(timeMs(fn));
  }
  return samples;
}

function symmetric(n: number, seed: number): Matrix {
  const v = seededValues(n * n, seed);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) v[i * n + j] = v[j * n + i]!;
  return new Matrix(n, n, v);
}

const rows: string[][] = [];
function row(task: string, s: Record<string, number[]>, one: string, many: string, note = ""): void {
  const a = median(s[one]!), b = median(s[many]!);
  rows.push([task, `${fmt(a, 0)} (${fmt(Math.min(...s[one]!), 0)})`, `${fmt(b, 0)} (${fmt(Math.min(...s[many]!), 0)})`, `${fmt(a / b)}x`, note]);
  console.log(`${task}: 1 thread ${fmt(a, 0)} ms, ${threads} threads ${fmt(b, 0)} ms, ${fmt(a / b)}x ${note}`);
}

// --- GEMM n = 2048 ---------------------------------------------------------------------------
{
  const n = 2048;
  const A = new Matrix(n, n, seededValues(n * n, 1));
  const B = new Matrix(n, n, seededValues(n * n, 2));
  withScratch((s) => {
    const pa = s.from(A.data), pb = s.from(B.data), pc = s.alloc(n * n);
    const kernel = (t: number) => () => withScratch((w) => gemm(w, t, NO_TRANS, NO_TRANS, n, n, n, 1, pa.ptr, n, pb.ptr, n, 0, pc.ptr, n));
    const k = alternate({ one: kernel(1), many: kernel(threads) });
    const gf = (ms: number) => (2 * n ** 3) / (ms / 1000) / 1e9;
    row("dgemm kernel, n = 2048", k, "one", "many", `${fmt(gf(median(k.one!)), 1)} → ${fmt(gf(median(k.many!)), 1)} GF/s`);
  });
  const m = alternate({ one: () => matmul(A, B, { threads: 1 }), many: () => matmul(A, B, { threads }) });
  row("matmul, n = 2048", m, "one", "many", "copies in/out and checks on the caller");
}

// --- eigh / eigvalsh n = 2000 ----------------------------------------------------------------
{
  const n = 2000;
  const A = symmetric(n, 3);
  const splits: Record<string, EighTimings[]> = { one: [], many: [] };
  const e = alternate({
    one: () => splits.one!.push(eighTimed(A, { threads: 1 }).timings),
    many: () => splits.many!.push(eighTimed(A, { threads }).timings),
  });
  const split = (ts: EighTimings[]) => ["reduction", "tridiagonal", "back"].map((p) => fmt(median(ts.map((t) => t[p as keyof EighTimings])), 0)).join(" / ");
  row("eigh, n = 2000", e, "one", "many", `split 1 thread ${split(splits.one!)}; ${threads} threads ${split(splits.many!)} ms`);
  const v = alternate({ one: () => eigvalsh(A, { threads: 1 }), many: () => eigvalsh(A, { threads }) });
  row("eigvalsh, n = 2000", v, "one", "many");
}

// --- a batch of 8 eigvalsh n = 1000 ----------------------------------------------------------
{
  const n = 1000;
  const mats = Array.from({ length: 8 }, (_, i) => symmetric(n, 10 + i));
  const b = alternate({
    one: () => eigvalshBatch(mats, { threads: 1 }),
    many: () => eigvalshBatch(mats, { threads }),
    loop: () => mats.forEach((m) => eigvalsh(m, { threads })),
  });
  row("8 x eigvalsh n = 1000, eigvalshBatch", b, "one", "many");
  row("8 x eigvalsh n = 1000, batch vs a loop of threaded eigvalsh", b, "loop", "many", "both on all threads");
  const h = alternate({ one: () => eighBatch(mats, { threads: 1 }), many: () => eighBatch(mats, { threads }) });
  row("8 x eigh n = 1000, eighBatch", h, "one", "many", "values and vectors");
}

// --- eigsh on the sample covariance operator ---------------------------------------------------
if (!options.has("no-eigsh")) {
  const n = 20000, d = 2000;
  const X = new Matrix(n, d, seededValues(n * d, 7));
  const op = sampleCovariance(X);
  const run = (t: number) => () => {
    setThreads(t);
    eigsh(op, 5, { which: "LA", tol: 1e-10, seed: 1 });
  };
  const s = alternate({ one: run(1), many: run(threads) });
  setThreads(threads);
  op.dispose();
  row("eigsh top 5 of X^T X / n, n = 20000, d = 2000", s, "one", "many", "row-chunked DGRAMV");
}

// --- numpy GEMM with 1 and `threads` BLAS threads --------------------------------------------
if (!options.has("no-numpy")) {
  const numpy = (blasThreads: number): number | undefined => {
    const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: String(blasThreads) };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const r = spawnSync("python3", [join(here, "peers", "numpy_gemm.py"), "2048"], { env, encoding: "utf8" });
    if (r.status !== 0) return undefined;
    return 2 * 2048 ** 3 / JSON.parse(r.stdout.trim().split("\n")[0]!).gflops / 1e6;
  };
  const one = numpy(1), many = numpy(threads);
  if (one !== undefined && many !== undefined) {
    rows.push(["numpy A @ B, n = 2048 (OpenBLAS)", fmt(one, 0), fmt(many, 0), `${fmt(one / many)}x`, "OPENBLAS_NUM_THREADS = 1 vs threads"]);
    console.log(`numpy gemm 2048: ${fmt(one, 0)} ms vs ${fmt(many, 0)} ms`);
  } else {
    console.log("numpy: not available, skipped");
  }
}

console.log("\n" + markdownTable(["task", "1 thread, ms median (best)", `${threads} threads, ms median (best)`, "speed-up", "note"], rows));
