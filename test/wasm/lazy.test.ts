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

  it("on Node 20 without flags, relaxed SIMD is not validated and the SIMD build is used", () => {
    const major = Number(process.versions.node.split(".")[0]);
    if (major >= 22) return; // relaxed SIMD is on by default from Node 22
    expect(relaxedSimdSupported()).toBe(false);
    expect(activeBuild()).toBe("simd");
  });

  it("can be forced to a build, and loads from given bytes", async () => {
    const { readFile } = await import("node:fs/promises");
    const bytes = await readFile(new URL("../../build/spikelab.simd.wasm", import.meta.url));
    const mod = await ready({ build: "simd", source: new Uint8Array(bytes), force: true });
    expect(mod.build).toBe("simd");
    expect(matmul(Matrix.identity(3), Matrix.diag([1, 2, 3])).data).toEqual(Matrix.diag([1, 2, 3]).data);
  });
});
