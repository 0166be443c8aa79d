/**
 * The shipped declarations compile for a Node-only consumer (issue #19): `lib: ["ES2022"]` (no
 * DOM) and `skipLibCheck: false`, so every dist/*.d.ts reachable from the three entries is
 * checked. Runs tsc on test/fixtures/consumer-es2022 against dist/ (npm test builds it first).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

let compiled: { status: number | null; out: string } | undefined;
function compileConsumer(): { status: number | null; out: string } {
  if (compiled) return compiled;
  const tsc = resolve(root, "node_modules/typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", "test/fixtures/consumer-es2022/tsconfig.json"], { cwd: root, encoding: "utf8" });
  compiled = { status: r.status, out: `${r.stdout}${r.stderr}` };
  return compiled;
}

describe("types for a Node consumer with lib ES2022", () => {
  it("dist/ is built", () => expect(existsSync(resolve(root, "dist/index.d.ts"))).toBe(true));

  // dist/wasm/loader.d.ts, exports.d.ts and threads/worker.d.ts name WebAssembly's types through
  // src/wasm/host.ts's WasmModule / WasmMemory / WasmBytes, which need no lib.dom (#19)
  it("compiles with no error", () => {
    const { status, out } = compileConsumer();
    expect(out.trim()).toBe("");
    expect(status).toBe(0);
  }, 60_000);

  it("the only errors are the known DOM-only names in the wasm/threads declarations", () => {
    const { out } = compileConsumer();
    const errors = out.split("\n").filter((l) => /error TS/.test(l));
    const unexpected = errors.filter((l) => !/^dist\/(wasm\/loader|wasm\/exports|threads\/worker)\.d\.ts.*(WebAssembly|BufferSource)/.test(l));
    expect(unexpected).toEqual([]);
  }, 60_000);
});
