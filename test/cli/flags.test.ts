/**
 * The finite-size flags of the sweep commands (issue #15): `--n` as a list of sizes, `--rule` and
 * `--level`, parsed before any work (their bad values are cases of test/cli/failures.test.ts), the
 * help that lists them, and a small finite-size run of the built CLI (dist/cli/main.js: npm run
 * build:ts) whose JSON carries a summary per size and the extrapolation.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseSweepCommand } from "../../src/cli/sweepArgs.js";

const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const run = (args: string[]) => spawnSync("node", [cli, ...args], { encoding: "utf8" });

describe("--n list, --rule, --level: parsing", () => {
  it("a list of sizes becomes a finite-size sweep; one size stays a plain sweep", () => {
    const o = parseSweepCommand("bbp", ["--n", "500,1000,2000", "--no-report"])!;
    expect(o.sweeps[0]).toMatchObject({ model: "spiked-covariance", sizes: [500, 1000, 2000] });
    expect(parseSweepCommand("bbp", ["--n", "800", "--no-report"])!.sweeps[0]!.sizes).toBeUndefined();
    const lamp = parseSweepCommand("lamp", ["--d", "100,200", "--no-report"])!;
    expect(lamp.sweeps[0]!.sizes).toEqual([100, 200]);
  });
  it("--rule and --level", () => {
    expect(parseSweepCommand("bbp", ["--rule", "separation", "--no-report"])!.rule).toBe("separation");
    expect(parseSweepCommand("bbp", ["--no-report"])!.rule).toBeUndefined();
    expect(parseSweepCommand("bbp", ["--no-report"])!.level).toBe(0.05);
    expect(parseSweepCommand("bbp", ["--level", "0.01", "--no-report"])!.level).toBe(0.01);
    expect(parseSweepCommand("lamp", ["--rule", "separation", "--no-report"])!.rule).toBe("separation");
  });
});

describe("finite-size flags in the help (their bad values: test/cli/failures.test.ts)", () => {
  it("the help lists the flags and says which models keep the separation rule", () => {
    const bbp = run(["bbp", "--help"]).stdout;
    expect(bbp).toContain("--rule R");
    expect(bbp).toContain("--level A");
    expect(bbp).toMatch(/--model spiked-wigner[\s\S]*threshold: largest-root test/);
    expect(bbp).toMatch(/--model general-population[\s\S]*threshold: separation rule \(no Tracy-Widom theory\)/);
    expect(bbp).toMatch(/a list N1,N2,\.\.\. sweeps every size/);
    expect(run(["lamp", "--help"]).stdout).toContain("threshold: separation rule (no Tracy-Widom theory)");
  });
});

describe("a small finite-size run", () => {
  it("spikelab bbp --model spiked-wigner --n 100,200: a summary per size with detection rates, and the extrapolation", () => {
    const dir = mkdtempSync(join(tmpdir(), "spikelab-fss-"));
    const report = join(dir, "r.html");
    const r = run(["bbp", "--model", "spiked-wigner", "--n", "100,200", "--theta", "0.3,1.6,3", "--seeds", "4", "--workers", "2", "--json", "--out", report]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.sizes).toEqual([100, 200]);
    expect(json.perSize.map((s: { size: { value: number } }) => s.size.value)).toEqual([100, 200]);
    for (const s of json.perSize) {
      expect(s.rule).toBe("largest-root");
      const [low, , high] = s.points;
      // theta = 3: the outlier 3.33 stands ~1.3 above the edge (TW scale n^(-2/3) ~ 0.05): always detected
      expect(high.detection.detected).toBe(4);
      expect(high.detection.predictedPower).toBeGreaterThan(0.99);
      // theta = 0.3: no spike to see; rejections are false alarms at level 0.05
      expect(low.detection.predictedPower).toBeLessThan(0.1);
      expect(low.detection.lower).toBe(0);
    }
    expect(json.extrapolation).toHaveProperty("eigenvalue");
    const html = readFileSync(report, "utf8");
    for (const id of ["detection-0", "tracy-widom-0", "sizes-detection-0", "scaling-0", "collapse-0"]) expect(html).toContain(`id="${id}"`);
    // the old rule on request: no detection rates
    const old = JSON.parse(run(["bbp", "--model", "spiked-wigner", "--n", "100", "--theta", "0.3,3", "--seeds", "2", "--rule", "separation", "--json", "--no-report"]).stdout);
    expect(old.rule).toBe("separation");
    expect(old.points[0].detection).toBeUndefined();
  });
});
