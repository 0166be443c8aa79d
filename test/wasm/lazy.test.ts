// Uses the lazy entry only: in this file nothing has loaded the module before `ready()`.
import { describe, expect, it } from "vitest";
import { activeBuild, gram, matmul, Matrix, NotReadyError, ready, relaxedSimdSupported } from "../../src/lazy.js";

describe("lazy loading", () => {
  it("throws NotReadyError with a clear message before ready()", () => {
    expect(activeBuild()).toBeNull();
    const a = Matrix.identity(2);
    expect(() => matmul(a, a)).toThrow(NotReadyError);
    expect(() => gram(a)).toThrow(/await ready\(\)/);
  });

  it("loads the build the engine supports, once, and then computes", async () => {
    const [m1, m2] = await Promise.all([ready(), ready()]);
    expect(m1).toBe(m2);
    expect(activeBuild()).toBe(relaxedSimdSupported() ? "relaxed" : "simd");
    const c = matmul(Matrix.from([[1, 2], [3, 4]]), Matrix.from([[5, 6], [7, 8]]));
    expect(c.toArray()).toEqual([[19, 22], [43, 50]]);
  });

  it("on Node 20, ready() turns V8's relaxed-SIMD flag on and loads the relaxed (fused multiply-add) build (issue #21)", () => {
    // the self-check against the plain build passes on every engine these tests run on; where it
    // did not, the plain build would load (test/wasm/relaxedSimd.test.ts covers that branch)
    expect(relaxedSimdSupported()).toBe(true);
    expect(activeBuild()).toBe("relaxed");
  });

  it("can be forced to a build, and loads from given bytes", async () => {
    const { readFile } = await import("node:fs/promises");
    const bytes = await readFile(new URL("../../build/spikelab.simd.wasm", import.meta.url));
    const mod = await ready({ build: "simd", source: new Uint8Array(bytes), force: true });
    expect(mod.build).toBe("simd");
    expect(matmul(Matrix.identity(3), Matrix.diag([1, 2, 3])).data).toEqual(Matrix.diag([1, 2, 3]).data);
  });
});
