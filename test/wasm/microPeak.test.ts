// dgemm_micro_peak (assembly/blas/gemmPeak.ts), the bench kernel behind the micro-kernel peak of
// bench/gemm.bench.ts: it must really run the 4 x 4 micro-kernel `reps` times on the panels it
// fills (a timing of a kernel that skipped work would overstate the peak). Its result, the sum of
// the tile, is compared with the same sum written out as a plain double loop over the panel
// values the kernel documents: reps * sum over p, r, s of a(p, r) b(p, s).
import { describe, expect, it } from "vitest";
import { withScratch } from "../../src/index.js";

/** The tile sum after `reps` micro-kernel calls on depth kc, from the documented panel values. */
function expectedSum(kc: number, reps: number): number {
  let once = 0;
  for (let p = 0; p < kc; p++) {
    for (let r = 0; r < 4; r++) {
      const a = 1 / (1 + ((p * 4 + r) & 15));
      for (let s = 0; s < 4; s++) once += a / (kc * (1 + s));
    }
  }
  return reps * once;
}

describe("dgemm_micro_peak", () => {
  it("adds reps micro-kernel products into the tile (kc = 1, 7, 256; reps = 1, 3, 1000)", () => {
    withScratch((s) => {
      const k = s.k;
      for (const kc of [1, 7, 256]) {
        const work = s.alloc(k.dgemm_micro_peak_worksize(kc));
        for (const reps of [1, 3, 1000]) {
          const want = expectedSum(kc, reps);
          // each call adds 16 kc products: the sums agree to a few ulps per term
          expect(Math.abs(k.dgemm_micro_peak(kc, reps, work.ptr) - want), `kc=${kc} reps=${reps}`).toBeLessThan(64 * kc * reps * Number.EPSILON * want);
        }
      }
    });
  });

  it("needs no workspace and returns 0 for an empty problem", () => {
    withScratch((s) => {
      expect(s.k.dgemm_micro_peak_worksize(0)).toBe(0);
      expect(s.k.dgemm_micro_peak(0, 5, 0)).toBe(0);
      expect(s.k.dgemm_micro_peak(4, 0, 0)).toBe(0);
    });
  });
});
