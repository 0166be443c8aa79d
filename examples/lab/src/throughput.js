// "Eigensolver throughput in your browser": spikelab's matmul, eigh, eigvalsh and eigsh timed on
// seeded random symmetric matrices at a few sizes, in the worker that loaded spikelab (threads on:
// the threads build over shared memory with its workers; threads off: the single-threaded build).
// Each figure is the median of `repeats` timed calls after one untimed warm-up call, in
// milliseconds, and for matmul also in GFLOP/s (2 n^3 flops; the eigensolvers' flop counts depend
// on the spectrum and the method, so they get none). eigh: values and vectors; eigvalsh: values;
// eigsh: the 6 largest eigenpairs by Krylov-Schur on the dense matrix.
import { Matrix, Rng, eigh, eigsh, eigvalsh, getThreads, liveWorkers, matmul, workerJobs } from "spikelab";

export const SIZES = [128, 256, 512];
const FLOPS = { matmul: (n) => 2 * n ** 3 };

/** A seeded symmetric n x n matrix (G + G^T) / 2, G standard normal. */
function symmetricMatrix(n, seed) {
  const g = new Rng(seed).normal(n * n);
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = (g[i * n + j] + g[j * n + i]) / 2;
  return a;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Times each routine at each size. `onRow` receives every row as it is measured:
 * { routine, n, ms, gflops, threads }. Returns the rows with the thread count that ran them
 * (getThreads()), the live workers and the jobs they ran during the measurements.
 */
export function measureThroughput({ sizes = SIZES, repeats = 3 } = {}, onRow = () => {}) {
  const threads = getThreads();
  const jobsBefore = workerJobs();
  const rows = [];
  for (const n of sizes) {
    const a = symmetricMatrix(n, n);
    const calls = {
      matmul: () => matmul(a, a, { threads }),
      eigh: () => eigh(a, { threads }),
      eigvalsh: () => eigvalsh(a, { threads }),
      eigsh: () => eigsh(a, 6, { which: "LA", seed: 1 }),
    };
    for (const [routine, call] of Object.entries(calls)) {
      call();
      const times = [];
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        call();
        times.push(performance.now() - t0);
      }
      const ms = median(times);
      const flops = FLOPS[routine]?.(n) ?? null;
      const row = { routine, n, ms, gflops: flops === null ? null : flops / (ms * 1e6), threads };
      rows.push(row);
      onRow(row);
    }
  }
  return { rows, threads, workers: liveWorkers(), workerJobs: workerJobs() - jobsBefore };
}
