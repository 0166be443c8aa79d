import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import { generalizationHelp, parseGeneralizationCommand, runGeneralizationCommand } from "../../src/cli/generalizationCommand.js";
import "../../src/index.js";

afterEach(() => vi.restoreAllMocks());

/** Runs the command with stdout and stderr captured. */
async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "", err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const code = await runGeneralizationCommand(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}

describe("spikelab generalization: flags", () => {
  it("defaults are the issue's example (tanh student, sin(z) target, alpha0 = 20, eta = 3, ridge 0.1, alpha 0.2:3)", () => {
    const c = parseGeneralizationCommand([])!;
    expect(c.sweep).toMatchObject({ activation: "tanh", target: "sin(z)", alpha0: 20, eta: 3, ridge: 0.1, d: 1000, seeds: 3, model: "gradient-step", convention: "notebook" });
    expect(c.sweep.alphas[0]).toBe(0.2);
    expect(c.sweep.alphas.at(-1)).toBe(3);
    expect(c.out).toBe("spikelab-generalization.html");
    expect(c.json).toBe(false);
  });

  it("reads every flag, grids as start:stop:step or lists", () => {
    const c = parseGeneralizationCommand([
      "--activation", "relu", "--target", "z + He2(z)/2", "--alpha0", "0.5", "--eta", "1", "--ridge", "0.01", "--alpha", "0.2:3:0.2",
      "--eta-grid", "0,1,2", "--eta-alpha", "1.5", "--d", "500", "--width-ratio", "2", "--noise", "0.1", "--test-samples", "1000",
      "--model", "spiked", "--convention", "isotropic", "--seeds", "4", "--seed", "9", "--json",
    ])!;
    expect(c.sweep).toMatchObject({
      activation: "relu", target: "z + He2(z)/2", alpha0: 0.5, eta: 1, ridge: 0.01, etas: [0, 1, 2], etaAlpha: 1.5, d: 500, widthRatio: 2,
      noise: 0.1, testSamples: 1000, model: "spiked", convention: "isotropic", seeds: 4, seed: 9,
    });
    expect(c.sweep.alphas).toHaveLength(15);
    expect(c.out).toBeNull(); // --json without --out: no report
    expect(parseGeneralizationCommand(["--json", "--out", "x.html"])!.out).toBe("x.html");
    expect(parseGeneralizationCommand(["--no-report"])!.out).toBeNull();
  });

  it("bad flags are UsageErrors naming the flag", () => {
    const cases: [string[], RegExp][] = [
      [["--activation", "cubic"], /--activation must be one of/],
      [["--target", "exp(z)"], /--target: unknown target 'exp\(z\)'; known targets: z, sin\(z\)/],
      [["--alpha", "0:1:0.5"], /--alpha values must be > 0/],
      [["--alpha", "1:0.5:0.1"], /stop 0.5 is below start 1/],
      [["--alpha0=-1"], /--alpha0 must be >= 0/],
      [["--ridge", "x"], /--ridge must be a decimal number/],
      [["--d", "1"], /--d must be an integer >= 2/],
      [["--model", "sRF"], /--model must be one of gradient-step, spiked/],
      [["--convention", "paper"], /--convention must be one of notebook, isotropic/],
      [["--eta-alpha", "1"], /--eta-alpha needs --eta-grid/],
      [["--width-ratio", "0"], /--width-ratio must be > 0/],
      [["--seeds", "0"], /--seeds must be an integer >= 1/],
      [["--out", "/no/such/folder/r.html"], /--out .*does not exist/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseGeneralizationCommand(argv), argv.join(" ")).toThrow(UsageError);
      expect(() => parseGeneralizationCommand(argv), argv.join(" ")).toThrow(message);
    }
    expect(() => parseGeneralizationCommand(["--bogus"])).toThrow(/bogus/);
  });

  it("--help prints the help, which lists the targets and conventions", async () => {
    const r = await capture(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(generalizationHelp());
    expect(r.out).toContain("sin(z)");
    expect(r.out).toContain("notebook | isotropic");
  });
});

describe("spikelab generalization: a small run", () => {
  it("--json prints options, the summary (alpha and eta curves with theory and RF baseline) and notes; --out writes the report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "spikelab-gen-cli-"));
    const out = join(dir, "r.html");
    const r = await capture(["--d", "80", "--alpha", "0.5,1.5", "--eta-grid", "0,2", "--alpha0", "2", "--eta", "2", "--seeds", "2",
      "--test-samples", "200", "--json", "--out", out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).sort()).toEqual(["notes", "options", "resumed", "seconds", "summary"]);
    expect(j.summary.alpha.points).toHaveLength(2);
    expect(j.summary.alpha.points[0]).toMatchObject({ value: 0.5, seeds: 2 });
    for (const k of ["testMean", "testStandardError", "trainMean", "trainStandardError"]) expect(typeof j.summary.alpha.points[0][k]).toBe("number");
    expect(j.summary.alpha.theory.values).toContain(1.5);
    expect(j.summary.alpha.randomFeatures.test.length).toBe(j.summary.alpha.theory.values.length);
    expect(j.summary.eta.points.map((q: { value: number }) => q.value)).toEqual([0, 2]);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('id="generalization-alpha-0"');
    expect(html).toContain('id="generalization-eta-0"');
    expect(r.err).toContain(`report written to ${out}`);
  });

  it("without --json it prints a table: one row per alpha with the simulation, theory and RF baseline", async () => {
    const r = await capture(["--d", "60", "--alpha", "1", "--alpha0", "2", "--seeds", "2", "--test-samples", "100", "--no-report"]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toMatch(/tanh student, sin\(z\) target, alpha0 = 2/);
    expect(lines[1]).toMatch(/alpha\s+test \(sim ± se\)\s+theory\s+RF \(eta=0\)/);
    expect(lines[2]).toMatch(/^\s+1\s+\d\.\d{4} ± \d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}\s+\d\.\d{4}$/);
  });
});
