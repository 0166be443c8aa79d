/**
 * DGRAMV (issue #21): y = X^T (X v) for an m x n row-major X, the operator application of every
 * eigsh on a sample covariance (default m = 2000 samples, n = 1000 features: X is 16 MB, in L3),
 * one thread, on WASM-resident operands, for each build that runs here (plain SIMD; relaxed SIMD
 * with fused multiply-add), beside:
 *   - two dgemv calls (t = X v, then y = X^T t): the same product reading X twice, what the
 *     one-pass kernel saves;
 *   - one pass over X alone (ddot of X with itself, m n doubles read once): a reference, not the
 *     memory floor (ddot's two accumulator chains hold it to about one double per cycle);
 *   - the micro-kernel's peak of the same build (dgemm_micro_peak, L1-resident panels): dgramv's
 *     GF/s as a fraction of what 128-bit WASM SIMD gives this machine;
 *   - numpy `x.T @ (x @ v)` (bench/peers/numpy_gramv.py, one BLAS thread), once per round, so that
 *     both sides see the same host load.
 * Runs alternate between the builds for `--rounds` rounds; each figure is the median of the
 * pooled samples (a sample: `--calls` calls, timed together). dgramv is checked against a plain
 * JS double loop (relative error below 1e-12).
 *
 * Usage: npx tsx bench/gramv.bench.ts [--m=2000] [--n=1000] [--rounds=5] [--calls=50] [--no-numpy]
 */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { comparedBuilds, fmt, markdownTable, median, numberOptions, parseOptions, seededValues, useBuild } from "./common.js";
import { withScratch } from "../src/lazy.js";
import { NO_TRANS, TRANS } from "../src/wasm/exports.js";

const here = dirname(fileURLToPath(import.meta.url));
const options = parseOptions();
const { m, n, rounds, calls } = numberOptions({ m: 2000, n: 1000, rounds: 5, calls: 50 }, options);
const withNumpy = !options.has("no-numpy");
const { builds } = comparedBuilds();
const flops = 4 * m * n;

const xData = seededValues(m * n, 21);
const vData = seededValues(n, 22);

/** y = X^T (X v) by a plain double loop: the reference. */
function plainGramv(): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    let t = 0;
    for (let j = 0; j < n; j++) t += xData[i * n + j]! * vData[j]!;
    for (let j = 0; j < n; j++) y[j] = y[j]! + t * xData[i * n + j]!;
  }
  return y;
}

type Figures = Record<string, number[]>;

/** One round of the active build: seconds per call of each contender, `calls` calls a sample. */
function round(samples: Figures, build: string, reference: Float64Array): void {
  withScratch((s) => {
    const k = s.k;
    const x = s.from(xData), v = s.from(vData), y = s.alloc(n), t = s.alloc(m);
    const kc = k.dgemm_blocking(1);
    const peakWork = s.alloc(k.dgemm_micro_peak_worksize(kc));
    const contenders: Record<string, () => void> = {
      dgramv: () => k.dgramv(m, n, 1, x.ptr, n, 0, v.ptr, 0, y.ptr),
      "two dgemv": () => {
        k.dgemv(NO_TRANS, m, n, 1, x.ptr, n, v.ptr, 1, 0, t.ptr, 1);
        k.dgemv(TRANS, m, n, 1, x.ptr, n, t.ptr, 1, 0, y.ptr, 1);
      },
      "one pass over X": () => { k.ddot(m * n, x.ptr, 1, x.ptr, 1); },
    };
    for (const f of Object.values(contenders)) for (let w = 0; w < 5; w++) f();
    k.dgramv(m, n, 1, x.ptr, n, 0, v.ptr, 0, y.ptr);
    const got = y.view();
    let err = 0, scale = 0;
    for (let j = 0; j < n; j++) {
      err = Math.max(err, Math.abs(got[j]! - reference[j]!));
      scale = Math.max(scale, Math.abs(reference[j]!));
    }
    if (!(err <= 1e-12 * scale)) throw new Error(`dgramv (${build}) differs from the plain loop: ${err} against max |y| ${scale}`);
    for (const [name, f] of Object.entries(contenders)) {
      const t0 = performance.now();
      for (let c = 0; c < calls; c++) f();
      (samples[`${name} ${build}`] ??= []).push((performance.now() - t0) / 1000 / calls);
    }
    const reps = Math.ceil(2e8 / (32 * kc));
    k.dgemm_micro_peak(kc, 1000, peakWork.ptr);
    const t0 = performance.now();
    k.dgemm_micro_peak(kc, reps, peakWork.ptr);
    (samples[`peak ${build}`] ??= []).push((32 * kc * reps) / ((performance.now() - t0) / 1000) / 1e9);
  });
}

function numpyGramv(): { median: number; blas: string; numpy: string } | string {
  const r = spawnSync("python3", [join(here, "peers", "numpy_gramv.py"), String(m), String(n), `--runs=${calls}`], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" }, encoding: "utf8",
  });
  if (r.error) return `python3 not found (${r.error.message})`;
  if (r.status !== 0) return `numpy peer failed: ${r.stderr.trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const reference = plainGramv();
const samples: Figures = {};
let numpyNote = "";
for (let r = 0; r < rounds; r++) {
  for (const build of r % 2 ? [...builds].reverse() : builds) {
    await useBuild(build, () => {});
    round(samples, build, reference);
  }
  if (withNumpy) {
    const p = numpyGramv();
    if (typeof p === "string") numpyNote = `numpy skipped: ${p}`;
    else {
      (samples.numpy ??= []).push(p.median);
      numpyNote = `numpy ${p.numpy} (${p.blas}), OPENBLAS_NUM_THREADS=1: x.T @ (x @ v)`;
    }
  }
}

const ms = (key: string) => median(samples[key] ?? []) * 1000;
const rows = builds.map((b) => {
  const g = ms(`dgramv ${b}`), peak = median(samples[`peak ${b}`]!);
  const gf = flops / (g / 1000) / 1e9;
  return [
    b, `${fmt(g, 3)} ms (${fmt(gf, 1)} GF/s)`, `${fmt(100 * gf / peak, 0)}% of ${fmt(peak, 1)}`,
    fmt(ms(`two dgemv ${b}`), 3), fmt(ms(`one pass over X ${b}`), 3),
    samples.numpy ? `${fmt(g / ms("numpy"), 2)}x` : "–",
  ];
});
console.log(`y = X^T (X v), X ${m} x ${n} (${fmt((m * n * 8) / 2 ** 20, 1)} MiB); one thread; medians of ${rounds} rounds of ${calls} calls, builds alternating; ${fmt(flops / 1e6, 0)} MFLOP a call`);
console.log(markdownTable(["build", "dgramv", "of the micro-kernel peak", "two dgemv, ms", "one pass over X (ddot), ms", "dgramv / numpy"], rows));
if (samples.numpy) console.log(`numpy x.T @ (x @ v): ${fmt(ms("numpy"), 3)} ms (median of the rounds' medians). ${numpyNote}`);
else if (numpyNote) console.log(numpyNote);
