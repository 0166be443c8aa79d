// The GEMM micro-kernel's peak on this machine: gemm.ts's 4 x 4 micro-kernel run over and over
// on one packed A micro-panel and one packed B micro-panel that stay in L1, with no packing, no
// edge tiles and no cache misses: the most GF/s the kernel can give here, the figure that
// bench/gemm.bench.ts divides the full GEMM's GF/s by (issue #21: "record, per machine, the
// measured peak of the micro-kernel (both builds) next to the GEMM figures").
//
// Panels: A is MR x kc pre-broadcast (2 MR kc doubles), B kc x NR (NR kc doubles); with
// kc = KC = 256 they take 24 KiB, inside a 32 KiB L1d. Cost 2 MR NR kc reps = 32 kc reps flops.

import { microKernel4x4, MR, NR } from "./gemm";

/** Doubles of workspace dgemm_micro_peak needs for depth kc: the two panels and the C tile. */
export function dgemm_micro_peak_worksize(kc: i32): i32 {
  if (kc <= 0) return 0;
  return 2 * MR * kc + NR * kc + MR * NR;
}

/**
 * Fills the panels at `work` with small values whose running sums stay finite, then runs the
 * micro-kernel `reps` times on them, adding into one 4 x 4 tile; returns the sum of the tile
 * (which depends on every call, so no call can be skipped). Times of this call divided into
 * 32 kc reps flops give the micro-kernel's peak. Workspace: dgemm_micro_peak_worksize(kc).
 */
export function dgemm_micro_peak(kc: i32, reps: i32, work: usize): f64 {
  if (kc <= 0 || reps <= 0) return 0;
  const ap = work;
  const bp = ap + (<usize>(2 * MR * kc) << 3);
  const tile = bp + (<usize>(NR * kc) << 3);
  for (let p = 0; p < kc; p++) {
    for (let r = 0; r < MR; r++) {
      const a = 1.0 / <f64>(1 + ((p * MR + r) & 15));
      const at = ap + (<usize>(2 * (p * MR + r)) << 3);
      store<f64>(at, a);
      store<f64>(at, a, 8);
    }
    for (let s = 0; s < NR; s++) store<f64>(bp + (<usize>(p * NR + s) << 3), 1.0 / <f64>(kc * (1 + s)));
  }
  memory.fill(tile, 0, <usize>(MR * NR) << 3);
  for (let q = 0; q < reps; q++) microKernel4x4(kc, ap, bp, tile, <usize>NR << 3);
  let sum: f64 = 0;
  for (let i = 0; i < MR * NR; i++) sum += load<f64>(tile + (<usize>i << 3));
  return sum;
}
