// ready() with bad options or an unloadable module: typed errors (issue #13 item 6), raised before
// anything is loaded for bad options, and naming the file and the engine's reason otherwise. A
// failed forced load leaves the module that was active before in place.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  activeBuild, InvalidArgumentError, matmul, Matrix, ready, relaxedSimdSupported, WasmLoadError,
} from "../../src/lazy.js";

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(() => { throw new Error("expected a rejection"); }, (err: unknown) => err);
}

describe("ready(): bad options", () => {
  // checked before any loading, whether or not a module is active yet
  const cases: Array<[string, unknown, RegExp]> = [
    ["build: 'xx'", { build: "xx" }, /build must be "auto", "simd" or "relaxed", got "xx"/],
    ["source: 42", { source: 42 }, /source must be the module's bytes .* got number/],
    ["source: null", { source: null }, /source must be .* got null/],
    ["source: ''", { source: "" }, /source is an empty string/],
    ["force: 'yes'", { force: "yes" }, /force must be a boolean/],
    ["shared: 1", { shared: 1 }, /shared must be true, false or "auto"/],
    ["options null", null, /options must be an object/],
    ["options a string", "simd", /options must be an object/],
  ];
  it.each(cases)("%s: InvalidArgumentError, before loading", async (_label, options, message) => {
    expect(activeBuild()).toBeNull();
    const err = await rejection(ready(options as never));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(message);
    expect(activeBuild()).toBeNull();
  });
});

describe("ready(): a module that cannot be loaded", () => {
  const dir = mkdtempSync(join(tmpdir(), "spikelab-ready-"));

  it("a missing file: WasmLoadError naming the path, with the file system's error as cause", async () => {
    const path = join(dir, "missing.wasm");
    const err = await rejection(ready({ source: pathToFileURL(path) }));
    expect(err).toBeInstanceOf(WasmLoadError);
    expect((err as WasmLoadError).message).toContain(path);
    expect((err as WasmLoadError).source).toBe(path);
    expect(((err as WasmLoadError).cause as NodeJS.ErrnoException).code).toBe("ENOENT");
    expect(activeBuild()).toBeNull();
  });

  it("a corrupt file: WasmLoadError naming the path, with the CompileError as cause", async () => {
    const path = join(dir, "corrupt.wasm");
    writeFileSync(path, Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff]));
    const err = await rejection(ready({ source: pathToFileURL(path).href }));
    expect(err).toBeInstanceOf(WasmLoadError);
    expect((err as Error).message).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*do not compile`));
    expect((err as WasmLoadError).cause).toBeInstanceOf(WebAssembly.CompileError);
  });

  it("bytes that are not WebAssembly: WasmLoadError for 'the given bytes'", async () => {
    const err = await rejection(ready({ source: new Uint8Array([1, 2, 3, 4]) }));
    expect(err).toBeInstanceOf(WasmLoadError);
    expect((err as WasmLoadError).source).toBe("the given bytes");
  });

  it("after a load, a failed forced reload keeps the active module working", async () => {
    await ready({ build: "simd" });
    expect(activeBuild()).toBe("simd");
    const err = await rejection(ready({ force: true, source: new Uint8Array(8) }));
    expect(err).toBeInstanceOf(WasmLoadError);
    expect(activeBuild()).toBe("simd");
    expect(matmul(Matrix.from([[1, 2], [3, 4]]), Matrix.identity(2)).toArray()).toEqual([[1, 2], [3, 4]]);
    // options are checked also when a module is active (no early return before the check)
    await expect(ready({ build: "xx" as never })).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("forcing the relaxed build loads it, on Node 20 too (V8's flag turned on at run time, issue #21)", async () => {
    const mod = await ready({ build: "relaxed", force: true });
    expect(mod.build).toBe("relaxed");
    expect(activeBuild()).toBe("relaxed");
    expect(relaxedSimdSupported()).toBe(true);
    expect(matmul(Matrix.from([[1, 2], [3, 4]]), Matrix.identity(2)).toArray()).toEqual([[1, 2], [3, 4]]);
  });
});
