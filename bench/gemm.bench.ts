/**
 * GEMM benchmark: C = A B for n x n float64 matrices, n = 256, 512, 1024, 2048.
 *
 * Measured in one process, per size: spikelab `matmul` (public API: copies in and out of WASM
 * and the finiteness checks included) and the raw `dgemm` kernel on WASM-resident operands,
 * each with the SIMD build (separate multiply and add) and the relaxed-SIMD build (fused
 * multiply-add), alternating between the builds for `--rounds` rounds (default 4 up to n = 512,
 * else 2) and pooling the samples; ml-matrix `mmul`; a plain-JS Float64Array i-k-j loop; numpy
 * `A @ B` (bench/peers/numpy_gemm.py, one BLAS thread) when python3 with numpy is there.
 * Node 20 runs relaxed SIMD only behind --experimental-wasm-relaxed-simd: this script sets that
 * flag with v8.setFlagsFromString before any module is compiled, so both builds run side by side.
 *
 * Calls slower than `--slow` seconds (ml-matrix and plain JS from n = 1024, spikelab at 2048 on a
 * loaded host) are timed directly instead of by benchmark.js's five or more samples: 3 runs, or
 * from n = 2048 one run (ml-matrix, plain JS) or two per round (spikelab). With the peers, each
 * spikelab build's product is checked against the plain loop (entrywise bound n eps (|A| |B|)).
 *
 * The micro-kernel's peak (issue #21), per build: gemm.ts's 4 x 4 kernel run over and over on one
 * pair of packed panels of depth KC that stay in L1 (`dgemm_micro_peak`, assembly/blas/gemmPeak.ts),
 * 3 calls of ~1e9 flops right after each dgemm measurement of that build (so that both see the
 * same host load), pooled over all rounds and sizes. Each dgemm figure is then also given as a
 * fraction of its build's peak (medians): a share of what the kernel allows on the machine at hand.
 *
 * Usage: npx tsx bench/gemm.bench.ts [--sizes=256,512,1024,2048] [--rounds=R] [--max-time=S]
 *        [--slow=1.5] [--no-peers] [--no-numpy] [--json=out.json]
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Matrix as MlMatrix } from "ml-matrix";
import {
  comparedBuilds, fmt, markdownTable, measure, median, parseOptions, parseSizes, seededValues, type Timing, useBuild,
} from "./common.js";
import { matmul, Matrix, withScratch } from "../src/lazy.js";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const sizes = parseSizes(options.get("sizes"), [256, 512, 1024, 2048]);
// Short calls are sampled in more, shorter rounds: a burst of host load then spoils a few
// samples of each build rather than all of one build's.
const roundsOption = options.get("rounds");
const roundsFor = (n: number) => Math.max(1, Number(roundsOption ?? (n <= 512 ? 4 : 2)));
const maxTimeOption = options.get("max-time");
const maxTimeFor = (n: number) => Number(maxTimeOption ?? (n <= 512 ? 0.5 : 1));
const slowCall = Number(options.get("slow") ?? 1.5);
const withPeers = !options.has("no-peers");
const withNumpy = withPeers && !options.has("no-numpy");

const gflops = (n: number, seconds: number) => (2 * n ** 3) / seconds / 1e9;

// --- which builds can run here -------------------------------------------------------------

const { defaultBuild, builds } = comparedBuilds();

function warmMatmul(): void {
  const a = new Matrix(64, 64, seededValues(64 * 64, 7));
  for (let i = 0; i < 30; i++) matmul(a, a);
}

// --- the contenders ------------------------------------------------------------------------

/** Plain JS C = A B, i-k-j order (unit stride in the inner loop), Float64Array row-major. */
function plainMatmul(a: Float64Array, b: Float64Array, c: Float64Array, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let p = 0; p < n; p++) {
      const aip = a[ci + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + aip * b[bp + j]!;
    }
  }
}

/** Times the raw dgemm kernel of the active build on operands already in WASM memory. */
function measureKernel(n: number, a: Matrix, b: Matrix): Timing {
  return withScratch((s) => {
    const work = s.k.dgemm_worksize(n, n, n);
    s.reserve([n * n, n * n, n * n, work], `dgemm benchmark at n = ${n}`);
    const pa = s.from(a.data);
    const pb = s.from(b.data);
    const pc = s.alloc(n * n);
    const pw = s.alloc(work);
    const k = s.k;
    return measure(`dgemm ${n}`, () => k.dgemm(0, 0, n, n, n, 1, pa.ptr, n, pb.ptr, n, 0, pc.ptr, n, pw.ptr), {
      maxTime: maxTimeFor(n), minSamples: n >= 2048 ? 3 : 5, slowCall, directRuns: n >= 2048 ? 2 : 3,
    });
  });
}

interface NumpyRow { n: number; gflops: number; best: number; numpy: string; blas: string }

/** numpy A @ B at size n in a child python3 with one OpenBLAS thread; null when unavailable. */
function numpyGemm(n: number): NumpyRow | null | string {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENBLAS_NUM_THREADS: "1" };
  // both slow current numpy's OpenBLAS down on this CPU: unset for this child only
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync("python3", [join(here, "peers", "numpy_gemm.py"), String(n)], { env, encoding: "utf8" });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) {
    const why = /No module named '?numpy'?/.test(r.stderr) ? "numpy not installed" : r.stderr.trim().split("\n").pop();
    return `numpy peer failed: ${why}`;
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as NumpyRow;
}

// --- the micro-kernel's peak ------------------------------------------------------------------

/** GF/s of the active build's micro-kernel on L1-resident panels of depth KC: one sample per call. */
function microKernelSamples(calls: number): number[] {
  return withScratch((s) => {
    const k = s.k;
    const kc = k.dgemm_blocking(1);
    const work = s.alloc(k.dgemm_micro_peak_worksize(kc));
    const reps = Math.ceil(1e9 / (32 * kc)); // ~1e9 flops, 40-100 ms a call
    k.dgemm_micro_peak(kc, 1000, work.ptr); // tier-up
    const out: number[] = [];
    for (let c = 0; c < calls; c++) {
      const t = performance.now();
      const sum = k.dgemm_micro_peak(kc, reps, work.ptr);
      const seconds = (performance.now() - t) / 1000;
      if (!Number.isFinite(sum)) throw new Error(`dgemm_micro_peak returned ${sum}`);
      out.push((32 * kc * reps) / seconds / 1e9);
    }
    return out;
  });
}

/** The micro-kernel's GF/s samples per build, taken next to the dgemm measurements. */
const peakSamples = new Map<string, number[]>();

/** Per build: median and best GF/s of the micro-kernel samples. */
function microKernelPeak(): Record<string, { median: number; best: number }> {
  const out: Record<string, { median: number; best: number }> = {};
  for (const [build, gf] of peakSamples) out[build] = { median: median(gf), best: Math.max(...gf) };
  return out;
}

// --- one size ------------------------------------------------------------------------------

interface SizeResult {
  n: number;
  /** "matmul simd", "dgemm relaxed", "ml-matrix", "plain JS", "numpy": median and best GF/s. */
  figures: Record<string, { median: number; best: number; method: string; samples: number }>;
  /** Largest |spikelab - plain JS| / (n eps (|A| |B|)_ij) over the entries: < 1 means correct. */
  errorRatio?: number;
}

function summarize(n: number, t: Timing): { median: number; best: number; method: string; samples: number } {
  return { median: gflops(n, median(t.samples)), best: gflops(n, Math.min(...t.samples)), method: t.method, samples: t.samples.length };
}

async function runSize(n: number, notes: Set<string>): Promise<SizeResult> {
  const a = new Matrix(n, n, seededValues(n * n, 1000 + n));
  const b = new Matrix(n, n, seededValues(n * n, 2000 + n));
  const result: SizeResult = { n, figures: {} };
  const pooled = new Map<string, Timing>();
  const pool = (key: string, t: Timing) => {
    const old = pooled.get(key);
    pooled.set(key, old ? { samples: [...old.samples, ...t.samples], method: old.method } : t);
  };
  const spikelab: Record<string, Matrix> = {};
  const maxTime = maxTimeFor(n);
  for (let round = 0; round < roundsFor(n); round++) {
    // alternate the order so neither build always runs first in a round
    const order = round % 2 ? [...builds].reverse() : builds;
    for (const build of order) {
      await useBuild(build, warmMatmul);
      pool(`matmul ${build}`, measure(`matmul ${build} ${n}`, () => { matmul(a, b); }, {
        maxTime, minSamples: n >= 2048 ? 3 : 5, slowCall, directRuns: n >= 2048 ? 2 : 3,
      }));
      pool(`dgemm ${build}`, measureKernel(n, a, b));
      peakSamples.set(build, [...(peakSamples.get(build) ?? []), ...microKernelSamples(3)]);
      if (round === 0) spikelab[build] = matmul(a, b);
    }
  }
  for (const [key, t] of pooled) result.figures[key] = summarize(n, t);

  if (withPeers) {
    const ma = new MlMatrix(n, n);
    const mb = new MlMatrix(n, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        ma.set(i, j, a.data[i * n + j]!);
        mb.set(i, j, b.data[i * n + j]!);
      }
    }
    const slowRuns = n >= 2048 ? 1 : 3;
    result.figures["ml-matrix"] = summarize(n, measure(`ml-matrix ${n}`, () => { ma.mmul(mb); }, {
      maxTime, minSamples: 5, slowCall, directRuns: slowRuns,
    }));
    const c = new Float64Array(n * n);
    result.figures["plain JS"] = summarize(n, measure(`plain JS ${n}`, () => plainMatmul(a.data, b.data, c, n), {
      maxTime, minSamples: 5, slowCall, directRuns: slowRuns,
    }));
    // correctness of every spikelab build against the plain loop, entrywise bound n eps (|A||B|)
    const absA = new Matrix(n, n, a.data.map(Math.abs));
    const absB = new Matrix(n, n, b.data.map(Math.abs));
    const bound = matmul(absA, absB).data;
    let worst = 0;
    for (const got of Object.values(spikelab)) {
      for (let i = 0; i < n * n; i++) {
        worst = Math.max(worst, Math.abs(got.data[i]! - c[i]!) / (n * Number.EPSILON * bound[i]! + Number.MIN_VALUE));
      }
    }
    result.errorRatio = worst;
    if (!(worst < 1)) throw new Error(`gemm n=${n}: spikelab differs from the plain loop beyond n eps |A||B| (ratio ${worst})`);
  }

  if (withNumpy) {
    const r = numpyGemm(n);
    if (typeof r === "string") notes.add(`numpy column skipped: ${r}`);
    else if (r) {
      result.figures.numpy = { median: r.gflops, best: r.best, method: "numpy_gemm.py", samples: 0 };
      notes.add(`numpy ${r.numpy} (${r.blas}), OPENBLAS_NUM_THREADS=1`);
    }
  }
  return result;
}

// --- report --------------------------------------------------------------------------------

const results: SizeResult[] = [];
const notes = new Set<string>();
console.log(
  `GEMM C = A B, n x n float64, one thread. Node ${process.versions.node}; spikelab picks the ${defaultBuild} ` +
    `build here by default; builds measured: ${builds.join(", ")}, alternating, ${sizes.map((n) => `${roundsFor(n)} rounds at n = ${n}`).join(", ")}.`,
);
for (const n of sizes) {
  const t = performance.now();
  const r = await runSize(n, notes);
  results.push(r);
  const brief = Object.entries(r.figures).map(([k, f]) => `${k} ${fmt(f.median)}`).join(", ");
  console.log(`n = ${n} done in ${((performance.now() - t) / 1000).toFixed(1)} s: ${brief} GF/s`);
}

const peak = microKernelPeak();
console.log(`\nmicro-kernel peak (4 x 4 tile, panels of depth KC in L1), GF/s median (best): ${builds.map((b) => `${b} ${fmt(peak[b]!.median)} (${fmt(peak[b]!.best, 1)})`).join(", ")}`);
const columns = [
  ...builds.map((b) => `matmul ${b}`),
  ...builds.map((b) => `dgemm ${b}`),
  ...(withPeers ? ["ml-matrix", "plain JS"] : []),
  ...(withNumpy && results.some((r) => r.figures.numpy) ? ["numpy"] : []),
];
const ratioColumns = [...builds.map((b) => `dgemm ${b} / peak`), ...(withPeers ? builds.map((b) => `matmul ${b} / ml-matrix`) : [])];
const rows = results.map((r) => [
  String(r.n),
  ...columns.map((c) => {
    const f = r.figures[c];
    return f ? `${fmt(f.median)} (${fmt(f.best, 1)})` : "–";
  }),
  ...builds.map((b) => {
    const f = r.figures[`dgemm ${b}`];
    return f ? `${fmt((100 * f.median) / peak[b]!.median, 0)}%` : "–";
  }),
  ...builds.filter(() => withPeers).map((b) => {
    const s = r.figures[`matmul ${b}`];
    const m = r.figures["ml-matrix"];
    return s && m ? `${fmt(s.median / m.median, 1)}x` : "–";
  }),
]);
console.log(`\nGF/s, median (best sample); ratios of medians; "/ peak": dgemm's median over its build's micro-kernel peak (${builds.map((b) => `${b} ${fmt(peak[b]!.median)}`).join(", ")} GF/s).\n`);
console.log(markdownTable(["n", ...columns, ...ratioColumns], rows));
const methods = results.flatMap((r) =>
  Object.entries(r.figures).filter(([, f]) => f.method.startsWith("direct")).map(([k, f]) => `${k} n=${r.n}: ${f.method}`),
);
if (methods.length) console.log(`\nTimed directly instead of benchmark.js (slow calls): ${methods.join("; ")}.`);
const ratios = results.filter((r) => r.errorRatio !== undefined).map((r) => `n=${r.n}: ${r.errorRatio!.toExponential(1)}`);
if (ratios.length) console.log(`Correctness, max |spikelab - plain JS| / (n eps |A||B|) (< 1 required): ${ratios.join(", ")}.`);
for (const note of notes) console.log(note);

const jsonPath = options.get("json");
if (jsonPath) writeFileSync(jsonPath, JSON.stringify({ node: process.versions.node, defaultBuild, builds, rounds: sizes.map(roundsFor), peak, results }, null, 2));
