/**
 * Runs the benchmark suites bench/<name>.bench.ts, each in its own child process (a fresh V8,
 * so one suite's JIT state and heap do not colour the next), in name order, or only the ones
 * named: `npm run bench -- gemm` or `npx tsx bench/run.ts gemm eigh`. Arguments starting with
 * `--` are passed to every suite (e.g. `npm run bench -- gemm --sizes=256,512`).
 * Exits non-zero if a named suite does not exist or a suite fails.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const suffix = ".bench.ts";
const available = readdirSync(here).filter((f) => f.endsWith(suffix)).map((f) => f.slice(0, -suffix.length)).sort();

const args = process.argv.slice(2);
const passThrough = args.filter((a) => a.startsWith("--"));
const named = args.filter((a) => !a.startsWith("--")).map((a) => a.replace(/\.bench\.ts$/, ""));
const unknown = named.filter((n) => !available.includes(n));
if (unknown.length) {
  console.error(`no such benchmark suite: ${unknown.join(", ")} (available: ${available.join(", ")})`);
  process.exit(2);
}
const suites = named.length ? available.filter((n) => named.includes(n)) : available;

let failed = 0;
for (const name of suites) {
  console.log(`\n## ${name}\n`);
  const started = performance.now();
  // process.execArgv carries tsx's loader flags when this runs under tsx
  const r = spawnSync(process.execPath, [...process.execArgv, join(here, name + suffix), ...passThrough], { stdio: "inherit" });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    console.error(`${name}: failed (${r.signal ?? `exit ${r.status}`}) after ${seconds} s`);
  } else {
    console.log(`\n(${name}: ${seconds} s)`);
  }
}
process.exit(failed ? 1 : 0);
