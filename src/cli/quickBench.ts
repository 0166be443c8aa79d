/**
 * `spikelab bench --quick` (and `spikelab bench` from an installed package, which has no bench/
 * suites): a short eigensolver-throughput table for this machine (issue #19). GEMM, eigh,
 * eigvalsh and eigsh (the top eigenpair by Krylov-Schur Lanczos) at a few sizes, with one thread
 * and with all of them, beside ml-matrix (a dependency, so always there) and numpy/scipy when
 * python3 with numpy is on PATH. Each cell is the median of a few timed calls after one warm-up;
 * the full suites with their methodology stay in bench/ (bench/RESULTS.md).
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { eigh, eigsh, eigvalsh, getThreads, matmul, Matrix, Rng, setThreads } from "../index.js";
import { parseGrid, parsePositiveInt, UsageError } from "./args.js";

export type QuickOp = "matmul" | "eigh" | "eigvalsh" | "eigsh";
const OPS: readonly QuickOp[] = ["matmul", "eigh", "eigvalsh", "eigsh"];

/** One row of the table: milliseconds per call (null: not measured, e.g. ml-matrix above its size cap). */
export interface QuickRow {
  op: QuickOp;
  n: number;
  oneThread: number;
  allThreads: number;
  threads: number;
  mlMatrix: number | null;
  numpy: number | null;
}

export interface QuickOptions {
  sizes: number[];
  json: boolean;
  /** Largest n timed with ml-matrix (its eigensolver is O(n^3) in plain JS: 10-50x slower). */
  mlMax: number;
  seed: number;
}

/** Median wall time in ms of `fn` over calls after one warm-up: at least 3, more while under ~0.3 s. */
export function medianMs(fn: () => unknown): number {
  fn();
  const times: number[] = [];
  let total = 0;
  while (times.length < 3 || (total < 300 && times.length < 15)) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** A symmetric n x n matrix (A + A^T)/2 of a standard normal A: a Wigner-type test matrix. */
function symmetric(n: number, rng: Rng): Matrix {
  const a = rng.normalMatrix(n, n);
  return Matrix.fromFunction(n, n, (i, j) => (a.data[i * n + j]! + a.data[j * n + i]!) / 2);
}

function spikelabCall(op: QuickOp, a: Matrix): () => unknown {
  switch (op) {
    case "matmul": return () => matmul(a, a);
    case "eigh": return () => eigh(a);
    case "eigvalsh": return () => eigvalsh(a);
    case "eigsh": return () => eigsh(a, 1, { which: "LA" });
  }
}

function mlCall(op: QuickOp, a: Matrix): (() => unknown) | null {
  const m = a.toMlMatrix();
  switch (op) {
    case "matmul": return () => m.mmul(m);
    case "eigh":
    case "eigvalsh": return () => new EigenvalueDecomposition(m, { assumeSymmetric: true });
    case "eigsh": return null; // ml-matrix has no partial (Krylov) eigensolver
  }
}

// numpy/scipy on the same sizes, one process for the whole table. Its BLAS threads are left at
// their default: this is the machine's numpy as a user runs it.
const PY = `
import json, sys, time
import numpy as np
try:
    from scipy.sparse.linalg import eigsh
except Exception:
    eigsh = None
def med(f):
    f(); ts = []
    while len(ts) < 3 or (sum(ts) < 0.3 and len(ts) < 15):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    ts.sort(); return 1e3 * ts[len(ts) // 2]
out = {}
rng = np.random.default_rng(int(sys.argv[2]))
for n in json.loads(sys.argv[1]):
    a = rng.standard_normal((n, n)); a = (a + a.T) / 2
    out[str(n)] = {"matmul": med(lambda: a @ a), "eigh": med(lambda: np.linalg.eigh(a)),
                   "eigvalsh": med(lambda: np.linalg.eigvalsh(a)),
                   "eigsh": med(lambda: eigsh(a, k=1, which="LA")) if eigsh else None}
print(json.dumps(out))
`;

/** numpy's times per size and op, or null when python3 with numpy is not there (or fails). */
function numpyTimes(sizes: number[], seed: number): Record<string, Record<QuickOp, number | null>> | null {
  const r = spawnSync("python3", ["-c", PY, JSON.stringify(sizes), String(seed)], { encoding: "utf8", timeout: 600_000 });
  if (r.status !== 0 || !r.stdout) return null;
  try {
    return JSON.parse(r.stdout) as Record<string, Record<QuickOp, number | null>>;
  } catch {
    return null;
  }
}

/** Measures the table. Restores the thread count it found. */
export function quickBench(o: QuickOptions): QuickRow[] {
  const all = getThreads();
  const rng = new Rng(o.seed);
  const rows: QuickRow[] = [];
  try {
    for (const n of o.sizes) {
      const a = symmetric(n, rng);
      for (const op of OPS) {
        setThreads(1);
        const oneThread = medianMs(spikelabCall(op, a));
        setThreads(all);
        const allThreads = all > 1 ? medianMs(spikelabCall(op, a)) : oneThread;
        const ml = n <= o.mlMax ? mlCall(op, a) : null;
        rows.push({ op, n, oneThread, allThreads, threads: all, mlMatrix: ml ? medianMs(ml) : null, numpy: null });
      }
    }
  } finally {
    setThreads(all);
  }
  const np = numpyTimes(o.sizes, o.seed);
  if (np) for (const r of rows) r.numpy = np[String(r.n)]?.[r.op] ?? null;
  return rows;
}

const ms = (x: number | null) => (x === null ? "-" : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

/** The table as text: one line per op and size, milliseconds per call. */
export function quickTable(rows: QuickRow[]): string {
  const threads = rows[0]?.threads ?? getThreads();
  const head = ["op", "n", "1 thread", `${threads} threads`, "ml-matrix", "numpy"];
  const body = rows.map((r) => [r.op, String(r.n), ms(r.oneThread), ms(r.allThreads), ms(r.mlMatrix), ms(r.numpy)]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 1 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join("  ");
  return [
    "milliseconds per call (median); eigsh: the top eigenpair (Lanczos); '-': not measured",
    line(head),
    ...body.map(line),
  ].join("\n") + "\n";
}

/** Parses the quick bench's flags (--help is answered before, in main.ts). */
export function parseQuickBench(argv: string[]): QuickOptions {
  const { values: v } = parseArgs({
    args: argv,
    options: { quick: { type: "boolean" }, sizes: { type: "string" }, json: { type: "boolean" }, "ml-max": { type: "string" }, seed: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  const sizes = parseGrid(v.sizes ?? "200,400,800", "sizes");
  if (sizes.some((n) => !Number.isSafeInteger(n) || n < 2 || n > 4000)) throw new UsageError(`--sizes must be integers in 2..4000, got '${v.sizes}'`);
  return { sizes, json: Boolean(v.json), mlMax: parsePositiveInt(v["ml-max"], "ml-max", 400, 0), seed: parsePositiveInt(v.seed, "seed", 0, 0) };
}

export function runQuickBench(argv: string[]): number {
  const o = parseQuickBench(argv);
  const rows = quickBench(o);
  process.stdout.write(o.json ? JSON.stringify(rows, null, 2) + "\n" : quickTable(rows));
  return 0;
}
