/**
 * Error names survive minification (issue #19): a bundler that minifies identifiers renames the
 * classes, so a name taken from `new.target.name` printed as "as". Bundle src/errors.ts (and the
 * sweep's ParameterError) with esbuild's minifier, load the bundle and read `err.name`.
 */
import { build } from "esbuild";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "spikelab-errnames-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAMES = [
  "SpikelabError", "ShapeError", "NonFiniteError", "ConvergenceError", "WasmMemoryError",
  "InvalidArgumentError", "InternalError", "NotReadyError", "WasmLoadError", "WorkerError",
] as const;

async function minified(): Promise<Record<string, new (...a: never[]) => Error>> {
  const entry = join(dir, "entry.ts");
  writeFileSync(entry, [
    `export * from ${JSON.stringify(join(root, "src/errors.ts"))};`,
    `export { ParameterError } from ${JSON.stringify(join(root, "src/sweep/models/params.ts"))};`,
  ].join("\n"));
  const outfile = join(dir, "bundle.mjs");
  await build({ entryPoints: [entry], bundle: true, minify: true, format: "esm", platform: "node", outfile, logLevel: "silent" });
  return import(pathToFileURL(outfile).href);
}

describe("error names in a minified bundle", () => {
  it("every class keeps its name, although the minifier renamed the classes", async () => {
    const mod = await minified();
    const renamed: string[] = [];
    for (const n of NAMES) {
      const C = mod[n] as unknown as new (m: string, ...rest: unknown[]) => Error;
      const err = n === "InternalError" ? new C("detail") : new C("the message", "x", 0, 0);
      expect(err.name, n).toBe(n);
      expect(String(err).startsWith(`${n}: `), n).toBe(true);
      expect(err instanceof (mod.SpikelabError as unknown as typeof Error), n).toBe(true);
      if (C.name !== n) renamed.push(n);
    }
    const P = mod.ParameterError as unknown as new (p: string, q: string) => Error;
    const perr = new P("theta", "must be finite");
    expect(perr.name).toBe("ParameterError");
    expect(perr instanceof (mod.InvalidArgumentError as unknown as typeof Error)).toBe(true);
    if (P.name !== "ParameterError") renamed.push("ParameterError");
    // the test means something only if minification did rename the classes
    expect(renamed.length).toBeGreaterThan(5);
  }, 30_000);
});
