// Fused multiply-add on Node 20 (issue #21): ready() turns V8's relaxed-SIMD flag on at run time and
// keeps the relaxed build only when it agrees with the plain build (src/wasm/relaxedSimd.ts). The
// flag is process-wide: this file runs in its own forked process (vitest pool "forks").
import { describe, expect, it } from "vitest";
import { activeBuild, eigvalsh, getThreads, matmul, Matrix, ready, relaxedSimdSupported, setThreads } from "../../src/lazy.js";
import type { KernelExports } from "../../src/wasm/exports.js";
import { instantiate } from "../../src/wasm/loader.js";
import { enableRelaxedSimd, relaxedBuildAgrees } from "../../src/wasm/relaxedSimd.js";

const relaxedByDefault = (() => {
  const [ma = 0, mi = 0] = process.versions.v8.split(".").map(Number);
  return ma > 11 || (ma === 11 && mi >= 4);
})();

/** A copy of `k` whose `name` kernel is replaced by `wrap(original)`. */
function sabotaged(k: KernelExports, name: keyof KernelExports, wrap: (f: (...a: number[]) => number) => (...a: number[]) => number): KernelExports {
  // WebAssembly exports objects are frozen: copy them into a plain object with one kernel replaced
  const original = (k[name] as unknown as (...a: number[]) => number).bind(k);
  return { ...k, [name]: wrap(original) } as KernelExports;
}

describe("relaxed SIMD on Node 20: the flag, the self-check, the default build", () => {
  it("before ready(), Node 20 does not validate relaxed SIMD (V8 11.3 keeps it behind a flag)", () => {
    if (relaxedByDefault) return; // Node 22+: on by default, nothing to switch on
    expect(relaxedSimdSupported()).toBe(false);
  });

  it("ready() turns the flag on and loads the relaxed build, threads included", async () => {
    const mod = await ready();
    expect(mod.build).toBe("relaxed");
    expect(activeBuild()).toBe("relaxed");
    expect(relaxedSimdSupported()).toBe(true);
    // a product large enough for the thread pool, against a plain JS triple loop
    setThreads(2);
    expect(getThreads()).toBe(2);
    const n = 160;
    const a = Matrix.fromFunction(n, n, (i, j) => Math.sin(i + 2 * j));
    const b = Matrix.fromFunction(n, n, (i, j) => Math.cos(3 * i - j));
    const c = matmul(a, b);
    let worst = 0;
    for (let i = 0; i < n; i += 7) {
      for (let j = 0; j < n; j += 5) {
        let s = 0;
        for (let l = 0; l < n; l++) s += a.data[i * n + l]! * b.data[l * n + j]!;
        worst = Math.max(worst, Math.abs(s - c.data[i * n + j]!));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    // eigenvalues of a matrix with known spectrum: Q diag(1..n) Q^T with Q a Householder reflector
    const m = 60;
    const v = Float64Array.from({ length: m }, (_, i) => Math.cos(i + 0.5));
    const vv = v.reduce((s, x) => s + x * x, 0);
    const q = Matrix.fromFunction(m, m, (i, j) => (i === j ? 1 : 0) - (2 * v[i]! * v[j]!) / vv);
    const s = Matrix.fromFunction(m, m, (i, j) => {
      let t = 0;
      for (let l = 0; l < m; l++) t += q.data[i * m + l]! * (l + 1) * q.data[l * m + j]!;
      return t;
    });
    const w = eigvalsh(s);
    for (let i = 0; i < m; i++) expect(w[i]!).toBeCloseTo(i + 1, 11);
  });

  it("enableRelaxedSimd answers true at once when the probe already passes, false when it never does", async () => {
    expect(await enableRelaxedSimd(() => true)).toBe(true);
    expect(await enableRelaxedSimd(() => false)).toBe(false);
  });

  it("the self-check passes for the shipped builds and fails for a GEMM or an eigensolver that is off", async () => {
    const relaxed = (await instantiate("relaxed")).exports;
    const plain = (await instantiate("simd")).exports;
    expect(relaxedBuildAgrees(relaxed, plain)).toBe(true);
    // a GEMM off by one part in 1e9 in its first entry
    const badGemm = sabotaged(relaxed, "dgemm", (f) => (...a) => {
      const r = f(...a);
      const c = a[11]!;
      new Float64Array(relaxed.memory.buffer, c, 1)[0]! *= 1 + 1e-9;
      return r;
    });
    expect(relaxedBuildAgrees(badGemm, plain)).toBe(false);
    // an eigensolver that reports failure, and one whose eigenvalues drift
    expect(relaxedBuildAgrees(sabotaged(relaxed, "dsterf", () => () => 1), plain)).toBe(false);
    const drift = sabotaged(relaxed, "dsterf", (f) => (...a) => {
      const r = f(...a);
      new Float64Array(relaxed.memory.buffer, a[1]!, 1)[0]! += 1e-8;
      return r;
    });
    expect(relaxedBuildAgrees(drift, plain)).toBe(false);
    // a non-finite product
    const nan = sabotaged(relaxed, "dgemm", (f) => (...a) => {
      const r = f(...a);
      new Float64Array(relaxed.memory.buffer, a[11]!, 1)[0] = NaN;
      return r;
    });
    expect(relaxedBuildAgrees(nan, plain)).toBe(false);
  });
});
