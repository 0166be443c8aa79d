// The two kernel builds (build/spikelab.simd.wasm, build/spikelab.relaxed.wasm) give the same
// results within the error bound of each kernel. Each build is instantiated on its own (its own
// memory) and run on the same inputs; both are compared with the accurate references of
// test/blas/reference.ts, and with each other.
//
// Relaxed SIMD is behind --experimental-wasm-relaxed-simd on Node 20 (V8 11.3); V8 ships it on
// by default from 11.4 (Chrome 114, Node 21+). The flag is turned on at run time with
// v8.setFlagsFromString, which is process-wide: the tests here run in order, the one that needs
// the flag off first. Vitest's default pool ("forks", isolated) gives every test file its own
// child process, so the flag does not reach other files; the first test checks that this file
// is not sharing its process with others as a worker thread.
import { readFileSync } from "node:fs";
import v8 from "node:v8";
import { isMainThread } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { LOWER, NO_TRANS, TRANS, UPPER, type KernelExports } from "../../src/wasm/exports.js";
import { instantiate, relaxedSimdSupported, type LoadedModule } from "../../src/wasm/loader.js";
import { normalSource, productErrorRatio } from "../helpers.js";
import {
  fromSource, refDot, refGemv, refNrm2, refSymv, runGemm, runKernel, runRankK, type GemmCase,
} from "../blas/reference.js";

const RELAXED_FLAG = "--experimental-wasm-relaxed-simd";
const EPS = Number.EPSILON;

function v8AtLeast(major: number, minor: number): boolean {
  const [ma = 0, mi = 0] = process.versions.v8.split(".").map(Number);
  return ma > major || (ma === major && mi >= minor);
}
const flagGivenAtStart =
  process.execArgv.some((a) => a.startsWith(RELAXED_FLAG)) || (process.env.NODE_OPTIONS ?? "").includes(RELAXED_FLAG);
const relaxedByDefault = v8AtLeast(11, 4);

/** x86-64 with FMA3: V8 lowers f64x2.relaxed_madd to vfmadd there (elsewhere it may not fuse). */
function cpuHasFma(): boolean | null {
  if (process.arch !== "x64") return null;
  try {
    return /\bfma\b/.test(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return null;
  }
}

describe("SIMD and relaxed-SIMD builds", () => {
  const builds: { simd?: LoadedModule; relaxed?: LoadedModule } = {};
  const both = (): Array<[string, KernelExports]> => [["simd", builds.simd!.exports], ["relaxed", builds.relaxed!.exports]];

  it("runs in its own process, so that the V8 flag set here stays here", () => {
    expect(isMainThread, "builds.test.ts must run in a forked process (vitest pool 'forks'), not a shared worker thread").toBe(true);
  });

  it("without the flag (Node 20), relaxedSimdSupported() is false and the relaxed build does not compile", async () => {
    if (relaxedByDefault || flagGivenAtStart) {
      // V8 >= 11.4 or the flag on the command line: nothing to switch on; the probe must agree
      expect(relaxedSimdSupported()).toBe(true);
      return;
    }
    expect(relaxedSimdSupported()).toBe(false);
    // the relaxed build really holds relaxed instructions: the engine rejects it
    await expect(instantiate("relaxed")).rejects.toThrow(WebAssembly.CompileError);
  });

  it("with --experimental-wasm-relaxed-simd set at run time, the probe turns true and both builds load", async () => {
    v8.setFlagsFromString(RELAXED_FLAG);
    expect(relaxedSimdSupported()).toBe(true);
    builds.simd = await instantiate("simd");
    builds.relaxed = await instantiate("relaxed");
    expect(builds.simd.build).toBe("simd");
    expect(builds.relaxed.build).toBe("relaxed");
    // separate instances, separate memories
    expect(builds.simd.exports.memory).not.toBe(builds.relaxed.exports.memory);
  });

  it("the relaxed build fuses multiply-add (on FMA hardware), the SIMD build rounds the product", () => {
    // ddot's unit-stride loop starts lane 0 of its first accumulator at x0 y0 and then adds
    // x4 y4 into it with madd. x0 y0 = -(1 + 2^-29) and x4 y4 = (1 + 2^-30)^2 = 1 + 2^-29 + 2^-60:
    // fused, the lane holds exactly 2^-60; unfused, the product rounds to 1 + 2^-29 and the lane
    // holds 0. Every other entry is 0, so the dot product is that lane.
    const x = new Float64Array(8);
    const y = new Float64Array(8);
    x[0] = -(1 + 2 ** -29);
    y[0] = 1;
    x[4] = y[4] = 1 + 2 ** -30;
    const dot = (k: KernelExports) => runKernel([x, y], (kk, [px, py]) => kk.ddot(8, px!, 1, py!, 1), k).result;
    expect(dot(builds.simd!.exports)).toBe(0);
    const fused = dot(builds.relaxed!.exports);
    const fma = cpuHasFma();
    if (fma === true) expect(fused).toBe(2 ** -60);
    else expect([0, 2 ** -60]).toContain(fused);
  });

  it("dgemm: both builds within (k + 2) eps sum|terms| of the accurate product, and of each other", () => {
    const cases: GemmCase[] = [
      { transA: NO_TRANS, transB: NO_TRANS, m: 67, n: 45, k: 300, alpha: 1, beta: 0, pad: 0, seed: 11 },
      { transA: TRANS, transB: NO_TRANS, m: 130, n: 7, k: 260, alpha: -0.5, beta: 1, pad: 3, seed: 12 },
      { transA: NO_TRANS, transB: TRANS, m: 5, n: 2050, k: 33, alpha: 1.7, beta: -0.3, pad: 1, seed: 13 },
      { transA: TRANS, transB: TRANS, m: 33, n: 31, k: 29, alpha: 1, beta: 0, pad: 2, seed: 14 },
    ];
    for (const c of cases) {
      const what = `${c.transA}${c.transB} ${c.m}x${c.n}x${c.k}`;
      const [s, r] = both().map(([name, k]) => {
        const res = runGemm(c, k);
        expect(res.ratio, `${name} ${what}`).toBeLessThan(1);
        expect(res.paddingWritten, `${name} ${what}`).toEqual([]);
        expect(res.guardWritten, `${name} ${what}`).toEqual([]);
        return res;
      });
      // each is within one bound of the exact value, so they are within two of each other
      expect(productErrorRatio(s!.got, r!.got, s!.want.abs, 2 * (c.k + 2)), what).toBeLessThan(1);
    }
  });

  it("dsyrk and dsyr2k: both builds within the bound, both triangles and transposes", () => {
    let seed = 20;
    for (const twoSided of [false, true]) {
      for (const uplo of [UPPER, LOWER]) {
        for (const trans of [NO_TRANS, TRANS]) {
          const [n, k] = [129, 70];
          const results = both().map(([name, kern]) => {
            const res = runRankK(twoSided, uplo, trans, n, k, 0.75, 0.5, 2, seed, kern);
            const what = `${name} ${twoSided ? "dsyr2k" : "dsyrk"} uplo=${uplo} trans=${trans}`;
            expect(res.ratio, what).toBeLessThan(1);
            expect(res.untouchedWritten, what).toEqual([]);
            expect(res.guardWritten, what).toEqual([]);
            return res;
          });
          seed++;
          const kk = twoSided ? 2 * k : k;
          expect(productErrorRatio(results[0]!.got, results[1]!.got, results[0]!.want.abs, 2 * (kk + 2))).toBeLessThan(1);
        }
      }
    }
  });

  it("dgemv and dsymv: both builds within (n + 2) eps sum|terms|", () => {
    const [m, n] = [77, 53];
    const g = normalSource(30);
    const a = fromSource(m * n, g);
    for (const trans of [NO_TRANS, TRANS]) {
      const x = fromSource(trans === NO_TRANS ? n : m, g);
      const y = fromSource(trans === NO_TRANS ? m : n, g);
      const want = refGemv(trans, m, n, 1.5, a, x, -0.5, y);
      const got = both().map(([name, k]) => {
        const out = runKernel([a, x, y], (kk, [pa, px, py]) => kk.dgemv(trans, m, n, 1.5, pa!, n, px!, 1, -0.5, py!, 1), k).after[2]!;
        expect(productErrorRatio(out, want.value, want.abs, x.length + 2), `${name} dgemv trans=${trans}`).toBeLessThan(1);
        return out;
      });
      expect(productErrorRatio(got[0]!, got[1]!, want.abs, 2 * (x.length + 2))).toBeLessThan(1);
    }
    const s = fromSource(n * n, g);
    const x = fromSource(n, g);
    const y = fromSource(n, g);
    for (const uplo of [UPPER, LOWER]) {
      const want = refSymv(uplo, n, 0.8, s, x, 1, y);
      const got = both().map(([name, k]) => {
        const out = runKernel([s, x, y], (kk, [pa, px, py]) => kk.dsymv(uplo, n, 0.8, pa!, n, px!, 1, 1, py!, 1), k).after[2]!;
        expect(productErrorRatio(out, want.value, want.abs, n + 2), `${name} dsymv uplo=${uplo}`).toBeLessThan(1);
        return out;
      });
      expect(productErrorRatio(got[0]!, got[1]!, want.abs, 2 * (n + 2))).toBeLessThan(1);
    }
  });

  it("ddot and dnrm2: both builds within bound, dnrm2 also at scales 1e300 and 1e-300", () => {
    const n = 1001;
    const g = normalSource(40);
    const x = fromSource(n, g);
    const y = fromSource(n, g);
    const dotWant = refDot(x, y);
    const dots = both().map(([name, k]) => {
      const got = runKernel([x, y], (kk, [px, py]) => kk.ddot(n, px!, 1, py!, 1), k).result;
      expect(Math.abs(got - dotWant.value), `${name} ddot`).toBeLessThanOrEqual(n * EPS * dotWant.abs);
      return got;
    });
    expect(Math.abs(dots[0]! - dots[1]!)).toBeLessThanOrEqual(2 * n * EPS * dotWant.abs);
    for (const scale of [1, 1e300, 1e-300]) {
      const v = x.map((t) => t * scale);
      const want = refNrm2(v);
      const norms = both().map(([name, k]) => {
        const got = runKernel([v], (kk, [pv]) => kk.dnrm2(n, pv!, 1), k).result;
        expect(Math.abs(got - want), `${name} dnrm2 scale=${scale}`).toBeLessThanOrEqual((n + 2) * EPS * want);
        return got;
      });
      expect(Math.abs(norms[0]! - norms[1]!)).toBeLessThanOrEqual(2 * (n + 2) * EPS * want);
    }
  });
});
