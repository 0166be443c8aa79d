/**
 * Fused multiply-add on Node 20 (issue #21): V8 11.3 (Node 20) compiles relaxed SIMD only behind
 * --experimental-wasm-relaxed-simd, which Node 22+ (V8 >= 11.4) and Chrome 114+ ship on by default.
 * The flag can be turned on at run time with `v8.setFlagsFromString` before the module is compiled;
 * V8 flags are process-wide, so worker threads started afterwards see it too. The relaxed build runs
 * GEMM about 24% faster than the plain SIMD build (bench/RESULTS.md), so `ready()` does this on Node
 * 20 and then loads the relaxed build, but only once a self-check has passed: a GEMM and a symmetric
 * eigenvalue problem computed by both builds must agree to the kernels' error bounds. A runtime where
 * the flag cannot be set or the check fails keeps the plain build, silently (`ready({ build })`
 * forces either).
 */
import { UPPER, type KernelExports, type Ptr } from "./exports.js";
import { isNode, nodeBuiltin } from "./host.js";

const RELAXED_FLAG = "--experimental-wasm-relaxed-simd";

/**
 * Turns on V8's relaxed-SIMD flag in Node (a no-op elsewhere); returns whether `validate` now
 * accepts relaxed-SIMD code, as `probe` says. Never throws: a runtime without `node:v8` or
 * `setFlagsFromString` (Deno, Bun, a sandbox) simply answers false.
 */
export async function enableRelaxedSimd(probe: () => boolean): Promise<boolean> {
  if (probe()) return true;
  if (!isNode) return false;
  try {
    const v8 = await nodeBuiltin<{ setFlagsFromString?: (flags: string) => void; default?: { setFlagsFromString?: (flags: string) => void } }>("node:v8");
    const set = v8.setFlagsFromString ?? v8.default?.setFlagsFromString;
    if (typeof set !== "function") return false;
    set(RELAXED_FLAG);
    return probe();
  } catch {
    return false;
  }
}

/** A deterministic fill in [-1, 1) (a 32-bit LCG: the check needs no seeded generator of its own). */
function fill(view: Float64Array, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < view.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    view[i] = s / 2 ** 31 - 1;
  }
}

interface Buffers {
  k: KernelExports;
  ptrs: Ptr[];
}

function alloc(buf: Buffers, doubles: number): Ptr {
  const p = buf.k.alloc(Math.max(1, doubles) * 8);
  buf.ptrs.push(p);
  return p;
}

// Odd sizes so that the micro-kernel's edge cases and every tail loop run.
const GEMM_M = 37, GEMM_N = 29, GEMM_K = 45;
const EIG_N = 40;

/**
 * C = A B (GEMM_M x GEMM_K times GEMM_K x GEMM_N) and the eigenvalues of a symmetric EIG_N x EIG_N
 * matrix (dsytrd + dsterf) on one build; null if a kernel reports failure.
 */
function probeResults(k: KernelExports): { product: Float64Array; eigenvalues: Float64Array } | null {
  const buf: Buffers = { k, ptrs: [] };
  try {
    const a = alloc(buf, GEMM_M * GEMM_K), b = alloc(buf, GEMM_K * GEMM_N), c = alloc(buf, GEMM_M * GEMM_N);
    const work = alloc(buf, k.dgemm_worksize(GEMM_M, GEMM_N, GEMM_K));
    fill(new Float64Array(k.memory.buffer, a, GEMM_M * GEMM_K), 1);
    fill(new Float64Array(k.memory.buffer, b, GEMM_K * GEMM_N), 2);
    k.dgemm(0, 0, GEMM_M, GEMM_N, GEMM_K, 1, a, GEMM_K, b, GEMM_N, 0, c, GEMM_N, work);
    const product = new Float64Array(k.memory.buffer, c, GEMM_M * GEMM_N).slice();

    const n = EIG_N;
    const s = alloc(buf, n * n), d = alloc(buf, n), e = alloc(buf, n), tau = alloc(buf, n);
    const nb = k.dsytrd_blocksize();
    const w = alloc(buf, k.dsytrd_worksize(n, nb));
    const sym = new Float64Array(k.memory.buffer, s, n * n);
    fill(sym, 3);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) sym[i * n + j] = sym[j * n + i]!;
    if (k.dsytrd(UPPER, n, s, n, d, e, tau, w, nb) !== 0) return null;
    if (k.dsterf(n, d, e, 30) !== 0) return null;
    return { product, eigenvalues: new Float64Array(k.memory.buffer, d, n).slice() };
  } finally {
    for (const p of buf.ptrs.reverse()) k.free(p);
  }
}

/**
 * True when the relaxed build's GEMM and eigenvalues agree with the plain build's within the
 * kernels' error bounds: |C_r - C_s| <= 4 k eps max|A| max|B| (every entry of A and B is in
 * [-1, 1): a fused and an unfused dot product of length k differ by at most about 2 k eps in that
 * scale) and |lambda_r - lambda_s| <= 100 n eps ||A||_F (backward-stable tridiagonal reductions
 * and QL sweeps). Everything must be finite. O(n^3) flops on 40 x 40 matrices: microseconds.
 */
export function relaxedBuildAgrees(relaxed: KernelExports, plain: KernelExports): boolean {
  const r = probeResults(relaxed);
  const p = probeResults(plain);
  if (!r || !p) return false;
  const eps = Number.EPSILON;
  const gemmTol = 4 * GEMM_K * eps;
  for (let i = 0; i < r.product.length; i++) {
    const x = r.product[i]!, y = p.product[i]!;
    if (!Number.isFinite(x) || !(Math.abs(x - y) <= gemmTol)) return false;
  }
  // ||A||_F <= n for entries in [-1, 1)
  const eigTol = 100 * EIG_N * eps * EIG_N;
  for (let i = 0; i < r.eigenvalues.length; i++) {
    const x = r.eigenvalues[i]!, y = p.eigenvalues[i]!;
    if (!Number.isFinite(x) || !(Math.abs(x - y) <= eigTol)) return false;
  }
  return true;
}
