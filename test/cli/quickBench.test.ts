/**
 * `spikelab bench --quick` (issue #19): the throughput table an installed package offers. Runs
 * the built CLI (dist/cli/main.js) at tiny sizes, from this checkout and from a copy laid out as
 * an installed package (dist/, build/, package.json; no bench/), where plain `bench` must run the
 * quick table instead of failing for want of the suites.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { medianMs, parseQuickBench, quickTable, type QuickRow } from "../../src/cli/quickBench.js";
import { UsageError } from "../../src/cli/args.js";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "spikelab-quickbench-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const OPS = ["matmul", "eigh", "eigvalsh", "eigsh"];

function rowsOf(stdout: string): QuickRow[] {
  return JSON.parse(stdout) as QuickRow[];
}

function checkRows(rows: QuickRow[], sizes: number[], mlMax: number): void {
  expect(rows.map((r) => `${r.op}@${r.n}`)).toEqual(sizes.flatMap((n) => OPS.map((op) => `${op}@${n}`)));
  for (const r of rows) {
    expect(r.oneThread).toBeGreaterThan(0);
    expect(r.allThreads).toBeGreaterThan(0);
    expect(Number.isFinite(r.oneThread) && Number.isFinite(r.allThreads)).toBe(true);
    expect(r.threads).toBeGreaterThanOrEqual(1);
    // ml-matrix has no Krylov solver, and is skipped above --ml-max
    if (r.op === "eigsh" || r.n > mlMax) expect(r.mlMatrix).toBeNull();
    else expect(r.mlMatrix).toBeGreaterThan(0);
    if (r.numpy !== null) expect(r.numpy).toBeGreaterThan(0);
  }
}

describe("spikelab bench --quick", () => {
  it("--json: one row per op and size, positive times, ml-matrix only up to --ml-max", () => {
    const r = spawnSync("node", [join(root, "dist/cli/main.js"), "bench", "--quick", "--sizes", "16,40", "--ml-max", "16", "--json"], { encoding: "utf8", timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    checkRows(rowsOf(r.stdout), [16, 40], 16);
  }, 240_000);

  it("from an installed layout (no bench/), plain `bench` runs the quick table; a named suite is a usage error", () => {
    const pkg = join(dir, "node_modules", "spikelab");
    cpSync(join(root, "dist"), join(pkg, "dist"), { recursive: true });
    cpSync(join(root, "build"), join(pkg, "build"), { recursive: true, filter: (f) => !f.includes(".wat") });
    cpSync(join(root, "package.json"), join(pkg, "package.json"));
    // its dependencies resolve from the parent node_modules, as in a consumer's project
    for (const dep of ["ml-matrix", "is-any-array", "piscina"]) {
      try { symlinkSync(join(root, "node_modules", dep), join(dir, "node_modules", dep)); } catch { /* absent: not needed */ }
    }
    const cli = join(pkg, "dist/cli/main.js");
    const r = spawnSync("node", [cli, "bench", "--sizes", "12", "--json"], { encoding: "utf8", timeout: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    checkRows(rowsOf(r.stdout), [12], 400);
    const suite = spawnSync("node", [cli, "bench", "eigh"], { encoding: "utf8" });
    expect(suite.status).toBe(2);
    expect(suite.stderr).toMatch(/need a source checkout.*--quick/);
  }, 240_000);

  it("flags: sizes checked, defaults 200,400,800", () => {
    expect(parseQuickBench([]).sizes).toEqual([200, 400, 800]);
    expect(() => parseQuickBench(["--sizes", "1"])).toThrow(UsageError);
    expect(() => parseQuickBench(["--sizes", "10,x"])).toThrow(UsageError);
    expect(() => parseQuickBench(["--ml-max", "1.5"])).toThrow(UsageError);
  });

  it("medianMs is the median of the timed calls; the table marks what was not measured", () => {
    let calls = 0;
    const t = medianMs(() => { calls++; const end = performance.now() + 2; while (performance.now() < end); });
    expect(calls).toBeGreaterThanOrEqual(4); // one warm-up and at least three timed
    expect(t).toBeGreaterThanOrEqual(2);
    const text = quickTable([{ op: "eigsh", n: 10, oneThread: 1.5, allThreads: 1.25, threads: 2, mlMatrix: null, numpy: 120 }]);
    expect(text).toMatch(/eigsh\s+10\s+1\.50\s+1\.25\s+-\s+120\n$/);
    expect(text).toContain("2 threads");
  });
});
