/**
 * The CLI fails up front (issue #13 item 4): every user error is one line on stderr, exit code 2,
 * before any sweep work (checked by time against the CLI's own --help, which does no work either);
 * a resumed --jsonl skips malformed lines with one warning and repairs a cut last line. Runs the
 * built CLI (dist/cli/main.js: npm run build:ts).
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import { describeFailure } from "../../src/cli/failure.js";
import { linkAliases } from "../../src/estimators/links.js";
import { commandModels } from "../../src/sweep/models/index.js";
import { ConvergenceError, InvalidArgumentError } from "../../src/errors.js";

const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;

function run(args: string[], cwd?: string) {
  const t0 = performance.now();
  const r = spawnSync("node", [cli, ...args], { encoding: "utf8", ...(cwd ? { cwd } : {}) });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

describe("CLI user errors: one line, exit 2, before any work", () => {
  const dir = mkdtempSync(join(tmpdir(), "spikelab-cli-fail-"));
  const readOnly = join(dir, "ro");
  mkdirSync(readOnly);
  chmodSync(readOnly, 0o555);
  const asRoot = process.getuid?.() === 0; // root writes anywhere: no read-only case then
  const cases: [string[], RegExp][] = [
    [["bbp", "--out", "/missing-dir/r.html"], /--out \/missing-dir\/r\.html: the folder \/missing-dir does not exist/],
    [["bbp", "--jsonl", join(dir, "missing", "r.jsonl")], /--jsonl .*: the folder .*missing does not exist/],
    [["lamp", "--no-report", "--jsonl", join(dir, "missing", "r.jsonl")], /--jsonl .*does not exist/],
    [["bbp", "--out", dir], /--out .*exists and is not a plain file/],
    [["spectrum", "--out", "/missing-dir/s.html"], /--out \/missing-dir\/s\.html: the folder \/missing-dir does not exist/],
    [["bbp", "--theta", ",,"], /--theta: item 1 of the comma-separated list is empty/],
    [["bbp", "--theta", "1,,2"], /--theta: item 2 of the comma-separated list is empty/],
    [["bbp", "--theta", "0x10"], /--theta .*'0x10'.* is not one/],
    [["bbp", "--theta", "1e"], /--theta .*'1e'/],
    [["bbp", "--theta", "Infinity"], /--theta .*'Infinity'/],
    [["bbp", "--theta", "0:0x2:0.5"], /--theta must look like start:stop:step/],
    [["lamp", "--alpha", "1,"], /--alpha: item 2 of the comma-separated list is empty/],
    [["bbp", "--n", "1"], /--n must be an integer >= 2, got '1' \(--model spiked-covariance\)/],
    [["bbp", "--n", "0x10"], /--n must be an integer >= 2, got '0x10'/],
    [["bbp", "--model", "spiked-wigner", "--n", "1"], /--n must be an integer >= 2/],
    [["bbp", "--model", "ck-spike", "--p", "1"], /--p must be an integer >= 2/],
    [["bbp", "--model", "srf", "--p", "2"], /--p must be an integer >= 3/],
    [["lamp", "--d", "1"], /--d must be an integer >= 2/],
    [["lamp", "--link", "z1*z2*z3", "--d", "2"], /--d must be an integer >= 3 for link z1\*z2\*z3/],
    [["spectrum", "--p", "1"], /--p must be an integer >= 3/],
    [["bbp", "--gamma", "1e"], /--gamma must be a decimal number/],
    [["bbp", "--seed", "1.5"], /--seed must be an integer >= 0/],
    [["bbp", "--workers", "0"], /--workers must be an integer >= 1/],
    [["lamp", "--link", "z7"], /--link names an unknown link 'z7'/],
    // the finite-size flags (#15): --n as a list of sizes, --rule, --level
    [["bbp", "--n", "500,abc"], /--n must be an integer >= 2 or a comma-separated list of them, got '500,abc' \(--model spiked-covariance\)/],
    [["bbp", "--n", "500,,1000"], /--n must be an integer >= 2 or a comma-separated list/],
    [["bbp", "--n", "500,1"], /--n must be an integer >= 2 or a comma-separated list of them, got '500,1'/],
    [["bbp", "--n", "500,1000.5"], /--n must be an integer/],
    [["bbp", "--n", "500,500"], /--n lists 500 twice/],
    [["bbp", "--model", "srf", "--n", "500,1000"], /--n takes one value for --model srf \(its sizes go together\)/],
    [["bbp", "--model", "ck-spike", "--p", "100,200"], /--p takes one value for --model ck-spike/],
    [["lamp", "--d", "100,x"], /--d must be an integer >= 2 or a comma-separated list/],
    [["bbp", "--rule", "bbp"], /--rule must be one of largest-root, separation, got 'bbp'/],
    [["bbp", "--rule", ""], /--rule must be one of/],
    [["bbp", "--model", "general-population", "--rule", "largest-root"], /--rule largest-root needs a Tracy-Widom edge law; --model general-population has none/],
    [["lamp", "--rule", "largest-root"], /--rule largest-root needs a Tracy-Widom edge law; --method lamp has none/],
    [["bbp", "--level", "1"], /--level must be a number in \(0, 1\), got '1'/],
    [["bbp", "--level", "0"], /--level must be a number in \(0, 1\)/],
    [["bbp", "--level", "x"], /--level must be a decimal number, got 'x'/],
    ...(asRoot ? [] : [[["bbp", "--out", join(readOnly, "r.html")], /--out .*is not writable/] as [string[], RegExp]]),
  ];
  // what starting the CLI costs here, with no work: the failures must come as fast
  const baseline = run(["--help"]).seconds;

  for (const [args, message] of cases) {
    it(args.join(" "), () => {
      const r = run(args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^spikelab: [^\n]*\n$/);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
      // a sweep of the defaults takes tens of seconds; parsing and checking costs about what --help
      // does (node's start and the imports), with room for a loaded machine
      expect(r.seconds).toBeLessThan(Math.max(3, 3 * baseline));
    });
  }

  it("--debug does not add a stack trace to a user error", () => {
    const r = run(["bbp", "--n", "1", "--debug"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^spikelab: [^\n]*\n$/);
  });
});

describe("help texts list what the registry holds", () => {
  it("bbp and lamp --help name every model of their command with its swept flag, default grid and options", () => {
    for (const command of ["bbp", "lamp"] as const) {
      const r = run([command, "--help"]);
      expect(r.status).toBe(0);
      for (const m of commandModels(command)) {
        expect(r.stdout).toContain(`--${command === "bbp" ? "model" : "method"} ${m.name}:`);
        expect(r.stdout).toContain(`--${m.parameter} GRID`);
        expect(r.stdout.replace(/\s+/g, " ")).toContain(`(default ${m.grid}`);
        for (const s of m.params) expect(r.stdout).toContain(`--${s.flag} ${s.metavar}`);
      }
      expect(r.stdout.split("\n").every((line) => line.length <= 100)).toBe(true);
    }
    const lamp = run(["lamp", "--help"]).stdout.replace(/\s+/g, " ");
    for (const alias of linkAliases()) expect(lamp).toContain(alias);
  });
});

describe("internal errors (bugs) are told apart from user errors", () => {
  it("a typed error or a usage error is the user's: exit 2, one line", () => {
    for (const err of [new UsageError("--n must be an integer >= 2"), new InvalidArgumentError("x"), new ConvergenceError("no\nconvergence", 3, 1)]) {
      const f = describeFailure(err, true);
      expect(f.code).toBe(2);
      expect(f.text).toMatch(/^spikelab: [^\n]*\n$/);
    }
    const fs = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    expect(describeFailure(fs, false).code).toBe(2);
  });

  it("anything else says it is an internal error, with the stack only under --debug", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    const plain = describeFailure(bug, false);
    expect(plain.code).toBe(1);
    expect(plain.text).toMatch(/^spikelab: internal error \(a bug in spikelab; rerun with --debug for the stack trace\): Cannot read[^\n]*\n$/);
    const debug = describeFailure(bug, true);
    expect(debug.code).toBe(1);
    expect(debug.text).toContain("internal error");
    expect(debug.text).toContain(bug.stack!.split("\n")[1]!.trim());
  });
});

describe("resuming a --jsonl file", () => {
  it("skips a null line, a mistyped record and another sweep's record with one warning, and repairs a cut last line", () => {
    const dir = mkdtempSync(join(tmpdir(), "spikelab-cli-resume-"));
    const file = join(dir, "r.jsonl");
    const args = ["bbp", "--model", "spiked-wigner", "--n", "120", "--theta", "0.5,2", "--seeds", "2", "--workers", "1", "--no-report", "--json", "--jsonl", file];
    const first = run(args);
    expect(first.status, first.stderr).toBe(0);
    const lines = readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
    expect(lines.length).toBe(4);
    const mistyped = JSON.parse(lines[0]!);
    mistyped.measurement.top = "not a list";
    const otherSweep = JSON.parse(lines[1]!);
    otherSweep.parameter = "alpha"; // spiked-wigner sweeps theta: not a record of any sweep
    // lines: 1 good, 2 null, 3 mistyped, 4 good, 5 wrong sweep, 6 good, 7 the 4th record cut mid-write
    writeFileSync(file, [lines[0], "null", JSON.stringify(mistyped), lines[1], JSON.stringify(otherSweep), lines[2], lines[3]!.slice(0, 50)].join("\n"));
    const again = run(args);
    expect(again.status, again.stderr).toBe(0);
    const warnings = again.stderr.split("\n").filter((l) => l.includes("warning"));
    expect(warnings).toEqual([`spikelab: warning: ${file}: skipped malformed lines 2, 3, 5, 7 (not task records of a known sweep; their tasks run again)`]);
    // every line of the result parses on its own; the redone task's record is on a line of its own
    const text = readFileSync(file, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const out = text.split("\n").slice(0, -1);
    expect(out.length).toBe(7);
    const parsed = out.map((l) => JSON.parse(l));
    expect(parsed[6]).toMatchObject({ model: "spiked-wigner", value: JSON.parse(lines[3]!).value, seedIndex: JSON.parse(lines[3]!).seedIndex });
    // the resumed summary equals the first run's: reused records and the redone one are the same instances
    const strip = (s: string) => JSON.parse(s).points.map((p: Record<string, unknown>) => ({ ...p }));
    expect(strip(again.stdout)).toEqual(strip(first.stdout));
  });
});
