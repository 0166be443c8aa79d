/**
 * The CLI details of issue #19: --version, `bench --help` and `info --help` print help instead of
 * running, --json and --csv together are a usage error, --json/--csv write no report unless --out
 * asks, --csv carries the thresholds, an unbracketed threshold reads as a bound, --seeds 1 warns
 * that the overlap threshold needs two seeds, and a resumed run says how many tasks it reused.
 * Runs the built CLI (dist/cli/main.js: npm run build:ts) on small spiked-Wigner sweeps.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { thresholdText } from "../../src/cli/summaryText.js";

const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "spikelab-cli-details-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (args: string[]) => spawnSync("node", [cli, ...args], { encoding: "utf8", cwd: dir, timeout: 120_000 });
// a small sweep whose grid brackets the threshold theta = 1 of the spiked Wigner model
const sweepArgs = (seeds: number) => ["bbp", "--model", "spiked-wigner", "--n", "80", "--theta", "0.3,0.6,1.6,3", "--seeds", String(seeds), "--seed", "7", "--workers", "1"];
const SMALL = sweepArgs(3);

describe("help and version", () => {
  it("--version prints the package.json version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const r = run([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`spikelab ${pkg.version}\n`);
    }
  });
  it("bench --help and info --help print their help, run nothing, exit 0", () => {
    for (const [cmd, flag] of [["bench", "--help"], ["bench", "-h"], ["info", "--help"]] as const) {
      const r = run([cmd, flag]);
      expect(r.status, `${cmd} ${flag}`).toBe(0);
      expect(r.stdout.startsWith(`usage: spikelab ${cmd}`)).toBe(true);
      // info would print its self-check line, bench a "## suite" header or the source-checkout error
      expect(r.stdout).not.toMatch(/self-check max error|^## /m);
      expect(r.stderr).toBe("");
    }
    expect(run(["--help"]).stdout).toContain("--version");
  });
});

describe("--json and --csv", () => {
  it("together: one line on stderr, exit 2, nothing run", () => {
    const r = run([...SMALL, "--json", "--csv"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--json and --csv/);
  });

  it("--json writes no HTML report unless --out names one; its thresholds are those --csv prints", () => {
    const json = run([...SMALL, "--json"]);
    expect(json.status, json.stderr).toBe(0);
    expect(existsSync(join(dir, "spikelab-report.html"))).toBe(false);
    const summary = JSON.parse(json.stdout) as { predictedThreshold: number; eigenvalueThreshold: { estimate: number; uncertainty: number; bracketed: boolean } };
    expect(summary.predictedThreshold).toBeCloseTo(1, 12); // spiked Wigner: theta_c = 1

    const csv = run([...SMALL, "--csv"]);
    expect(csv.status, csv.stderr).toBe(0);
    expect(existsSync(join(dir, "spikelab-report.html"))).toBe(false);
    const [head, ...rows] = csv.stdout.trim().split("\n");
    const cols = head!.split(",");
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      const cell = (name: string) => row.split(",")[cols.indexOf(name)];
      expect(Number(cell("predicted_threshold"))).toBeCloseTo(1, 12);
      const t = summary.eigenvalueThreshold;
      expect(cell("threshold")).toBe(Number.isFinite(t.estimate) ? String(t.estimate) : "");
      expect(cell("threshold_bracketed")).toBe(String(t.bracketed));
    }

    const out = join(dir, "asked.html");
    expect(run([...SMALL, "--json", "--out", out]).status).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/i);
  }, 120_000);
});

describe("spectrum --json", () => {
  it("prints the spectrum's JSON and writes no HTML report unless --out names one", () => {
    const r = run(["spectrum", "--model", "srf", "--n", "200", "--p", "100", "--d", "100", "--json"]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { spikes: { measured: number }[] };
    expect(out.spikes.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, "spikelab-spectrum.html"))).toBe(false);
  });
});

describe("warnings and resume", () => {
  it("--seeds 1 warns that the overlap threshold needs two seeds", () => {
    const r = run([...sweepArgs(1), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: --seeds 1: the overlap threshold needs at least 2 seeds/);
    expect(run([...SMALL, "--json"]).stderr).not.toMatch(/--seeds 1/);
  }, 120_000);

  it("a resumed run says how many tasks it reused", () => {
    const file = join(dir, "resume.jsonl");
    const first = run([...SMALL, "--json", "--jsonl", file]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`reused 0 of 12 task\\(s\\) from ${file}, ran 12`));
    // two more seeds: the 12 tasks of the first run are reused, 8 new ones run
    const args = [...sweepArgs(5), "--json", "--jsonl", file];
    const second = run(args);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/reused 12 of 20 task\(s\) from .*, ran 8/);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(20);
  }, 120_000);
});

describe("thresholdText: an unbracketed threshold is a bound, never '± ?'", () => {
  const grid = [0.5, 1, 1.5, 2];
  it("seen from the first value: at or below it", () => {
    const t = thresholdText({ estimate: 0.5, uncertainty: NaN, bracketed: false }, grid);
    expect(t).toBe("<= 0.5 (seen from the grid's first value: start the grid lower)");
  });
  it("crossing past the last value: at or above it", () => {
    expect(thresholdText({ estimate: 2.4, uncertainty: NaN, bracketed: false }, grid)).toMatch(/^>= 2 .*extend the grid higher/);
  });
  it("bracketed: estimate ± uncertainty; none seen: says so", () => {
    expect(thresholdText({ estimate: 1.25, uncertainty: 0.25, bracketed: true }, grid)).toBe("1.250 ± 0.250");
    expect(thresholdText({ estimate: NaN, uncertainty: NaN, bracketed: false }, grid)).toBe("no transition in the grid");
    for (const e of [0.5, 1.2, 2.4]) expect(thresholdText({ estimate: e, uncertainty: NaN, bracketed: false }, grid)).not.toContain("?");
  });
});
