/**
 * SYRK against GEMM (issue #21): the Gram matrix X^T X of an n x d X by `dsyrk` (the triangle, d^2 n
 * flops) against the full product by `dgemm` (2 d^2 n flops), one thread, on WASM-resident operands,
 * for each build that runs here (plain SIMD; relaxed SIMD with fused multiply-add). Runs alternate
 * between the two kernels for `--rounds` rounds and the medians are compared: the goal is
 * time(dsyrk) / time(dgemm) <= 0.52 at n = 8000, d = 1000 (half the flops, at GEMM speed). numpy's
 * `X.T @ X` (which calls BLAS dsyrk) is timed beside it when python3 with numpy is there, one BLAS
 * thread. dsyr2k (C = X^T Y + Y^T X, the trailing update of the tridiagonal reduction; since issue
 * #21 on the same packed triangle loops, run twice) is timed in the same rounds against two dgemm
 * calls of the same shape: its goal is the same, time(dsyr2k) / time(2 dgemm) near 0.5.
 *
 * Usage: npx tsx bench/syrk.bench.ts [--n=8000] [--d=1000] [--rounds=7] [--no-numpy]
 */
import { spawnSync } from "node:child_process";
import { comparedBuilds, fmt, markdownTable, median, numberOptions, parseOptions, seededValues, useBuild } from "./common.js";
import { withScratch } from "../src/lazy.js";
import { TRANS, NO_TRANS, UPPER } from "../src/wasm/exports.js";

const options = parseOptions();
const { n, d, rounds } = numberOptions({ n: 8000, d: 1000, rounds: 7 }, options);
const withNumpy = !options.has("no-numpy");
const { builds } = comparedBuilds();

const rows: string[][] = [];
for (const build of builds) {
  await useBuild(build, () => {});
  const syrk: number[] = [], gemm: number[] = [], syr2k: number[] = [];
  withScratch((s) => {
    const k = s.k;
    const x = s.from(seededValues(n * d, 11));
    const y = s.from(seededValues(n * d, 12));
    const c = s.alloc(d * d);
    const work = s.alloc(Math.max(k.dsyrk_worksize(d, n), k.dsyr2k_worksize(d, n), k.dgemm_worksize(d, d, n)));
    const runSyrk = () => k.dsyrk(UPPER, TRANS, d, n, 1, x.ptr, d, 0, c.ptr, d, work.ptr);
    const runGemm = () => k.dgemm(TRANS, NO_TRANS, d, d, n, 1, x.ptr, d, x.ptr, d, 0, c.ptr, d, work.ptr);
    const runSyr2k = () => k.dsyr2k(UPPER, TRANS, d, n, 1, x.ptr, d, y.ptr, d, 0, c.ptr, d, work.ptr);
    runSyrk();
    runGemm();
    runSyr2k();
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      runSyrk();
      syrk.push((performance.now() - t) / 1000);
      t = performance.now();
      runGemm();
      gemm.push((performance.now() - t) / 1000);
      t = performance.now();
      runSyr2k();
      syr2k.push((performance.now() - t) / 1000);
    }
  });
  const ms = median(syrk), mg = median(gemm), m2 = median(syr2k);
  rows.push([build, `${fmt(ms, 3)} s (${fmt((d * d * n) / ms / 1e9, 1)} GF/s)`, `${fmt(mg, 3)} s (${fmt((2 * d * d * n) / mg / 1e9, 1)} GF/s)`, fmt(ms / mg, 3),
    `${fmt(m2, 3)} s`, fmt(m2 / (2 * mg), 3)]);
}

let numpyLine = "";
if (withNumpy) {
  const code = `
import numpy as np, time
x = np.random.default_rng(1).uniform(-1, 1, (${n}, ${d}))
x.T @ x
s = []
for _ in range(${rounds}):
    t = time.perf_counter(); x.T @ x; s.append(time.perf_counter() - t)
s.sort(); print(s[len(s) // 2])`;
  const r = spawnSync("python3", ["-c", code], { env: { ...process.env, OPENBLAS_NUM_THREADS: "1", OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" }, encoding: "utf8" });
  if (r.status === 0) numpyLine = `numpy X.T @ X (one BLAS thread): ${fmt(Number(r.stdout.trim()), 3)} s`;
}

console.log(`X is ${n} x ${d}; C = X^T X (${d} x ${d}); one thread; medians of ${rounds} interleaved runs`);
console.log(markdownTable(["build", "dsyrk (triangle)", "dgemm (full)", "syrk / gemm", "dsyr2k (X^T Y + Y^T X)", "syr2k / (2 gemm)"], rows));
if (numpyLine) console.log(numpyLine);
