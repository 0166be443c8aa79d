/**
 * The two n x d x p products of one GAMP iteration (src/estimators/amp/gamp.ts, issue #16): X W
 * (n x p) and X^T g (d x p) on a WASM-resident X (n = 8000, d = 2000), for p = 1 and 2, by the
 * previous route (a serial DGEMV for p = 1, the threaded packed GEMM for p >= 2) against the
 * one-pass skinny kernels (skinny_xu by row blocks, skinny_xtv by fixed row chunks summed in order,
 * on the pool's threads), interleaved in one process so that a loaded machine's drift hits both;
 * mean over 10 rounds after 2 warm-up rounds, and the largest difference of the results.
 * Standalone: `npx tsx bench/ampProducts.bench.ts`.
 */
import { ready, Rng } from "../src/lazy.js";
import { ResidentMatrix, transposed } from "../src/linalg/tapOperator.js";
import { gemm, rowSplit, rowSum } from "../src/threads/drivers.js";
import { threadCount } from "../src/threads/pool.js";
import { job } from "../src/threads/protocol.js";
import { NO_TRANS, TRANS } from "../src/wasm/exports.js";
import { withScratch } from "../src/wasm/memory.js";
await ready();
const n = 8000, d = 2000;
const X = new Rng(1).normalMatrix(n, d);
const R = new ResidentMatrix(X);
const threads = threadCount();
function oldP(B: Float64Array, p: number, tr: boolean) {
  const [m, k] = tr ? [d, n] : [n, d];
  return withScratch((s) => {
    s.reserve([B.length, m * p, s.k.dgemm_worksize(m, p, k) * threads], "x");
    const pb = s.from(B); const pc = s.alloc(m * p);
    if (p === 1) s.k.dgemv(tr ? TRANS : NO_TRANS, n, d, 1, R.ptr, d, pb.ptr, 1, 0, pc.ptr, 1);
    else gemm(s, threads, tr ? TRANS : NO_TRANS, NO_TRANS, m, p, k, 1, R.ptr, d, pb.ptr, p, 0, pc.ptr, p);
    return pc.view().slice();
  });
}
function newP(B: Float64Array, p: number, tr: boolean) {
  const row = d * 8, x = R.ptr;
  return withScratch((s) => {
    if (!tr) {
      const ut = s.from(p === 1 ? B : transposed(B, d, p).data); const r = s.alloc(n * p);
      rowSplit(threads, n, 256, (lo, hi) => job.skinny_xu({ n: hi - lo, d, p, x: x + lo * row, ldx: d, ut: ut.ptr, r: r.ptr + lo * p * 8, ldr: p }));
      return r.view().slice();
    }
    const v = s.from(B); const ut = s.alloc(d * p);
    rowSum(s, threads, n, d * p, ut.ptr, (lo, hi, dst) => job.skinny_xtv({ n: hi - lo, d, p, x: x + lo * row, ldx: d, v: v.ptr + lo * p * 8, ldv: p, ut: dst }));
    return p === 1 ? ut.view().slice() : transposed(ut.view(), p, d).data;
  });
}
console.log(`n = ${n}, d = ${d}, threads ${threads}`);
for (const p of [1, 2]) {
  const W = new Rng(2).normal(d * p), g = new Rng(3).normal(n * p);
  let to = 0, tn = 0, diff = 0;
  for (let r = 0; r < 12; r++) {
    let t = performance.now(); const a1 = oldP(W, p, false), a2 = oldP(g, p, true); const dt = performance.now() - t; if (r >= 2) to += dt;
    t = performance.now(); const b1 = newP(W, p, false), b2 = newP(g, p, true); const dn = performance.now() - t; if (r >= 2) tn += dn;
    for (let i = 0; i < a1.length; i++) diff = Math.max(diff, Math.abs(a1[i]! - b1[i]!));
    for (let i = 0; i < a2.length; i++) diff = Math.max(diff, Math.abs(a2[i]! - b2[i]!));
  }
  console.log(`p = ${p}: both products, old ${(to / 10).toFixed(1)} ms, new ${(tn / 10).toFixed(1)} ms, max |diff| ${diff.toExponential(2)}`);
}
R.dispose();
process.exit(0);
