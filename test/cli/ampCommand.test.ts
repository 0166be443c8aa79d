// `spikelab amp` (issue #16), tested through parseSweepCommand and runSweeps (the lead adds
// `case "amp":` to src/cli/main.ts): its flags, its --compare list, its usage errors, the one-line
// summary by the overlap rule, and the report with the "overlap against alpha" panel.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import { ampHelp } from "../../src/cli/ampHelp.js";
import { runSweeps } from "../../src/cli/runSweeps.js";
import { parseSweepCommand } from "../../src/cli/sweepArgs.js";
import { summaryJson, thresholdLine } from "../../src/cli/summaryText.js";
import { overlapPanel } from "../../src/cli/overlapPanel.js";
import type { TaskRecord } from "../../src/sweep/types.js";
import type { TransitionSummary } from "../../src/report/types.js";

const tmp = mkdtempSync(join(tmpdir(), "spikelab-amp-cli-"));
const parse = (args: string[]) => parseSweepCommand("amp", [...args, "--out", join(tmp, "r.html")]);

afterEach(() => vi.restoreAllMocks());

describe("spikelab amp: arguments", () => {
  it("defaults from the registry; --compare adds the spectral sweeps on the same grid, d and link", () => {
    const o = parse([])!;
    expect(o.sweeps).toHaveLength(1);
    expect(o.sweeps[0]).toMatchObject({ model: "amp", fixed: { d: 1000, link: "z^2", init: "random", iterations: 100 } });
    expect(o.sweeps[0]!.values[0]).toBeCloseTo(0.2, 12);
    expect(o.sweeps[0]!.values.at(-1)).toBeCloseTo(2, 12);
    const c = parse(["--alpha", "0.4,1", "--d", "300", "--link", "|z|", "--init", "tap", "--compare", "lamp,mm"])!;
    expect(c.sweeps.map((s) => s.model)).toEqual(["amp", "lamp", "mm"]);
    for (const s of c.sweeps) {
      expect(s.values).toEqual([0.4, 1]);
      expect(s.fixed).toMatchObject({ d: 300, link: "|z|" });
    }
    const sized = parse(["--d", "200,400", "--compare", "tap", "--link", "z1*z2"])!;
    expect(sized.sweeps.map((s) => s.sizes)).toEqual([[200, 400], [200, 400]]);
  });

  it("usage errors name the flag", () => {
    expect(() => parse(["--method", "lamp"])).toThrow(/Unknown option '--method'/);
    expect(() => parse(["--theta", "1"])).toThrow(/Unknown option '--theta'/);
    expect(() => parse(["--init", "spectral"])).toThrow(UsageError);
    expect(() => parse(["--init", "spectral"])).toThrow(/--init must be one of random, tap, lamp/);
    expect(() => parse(["--d", "1", "--link", "z1*z2"])).toThrow(/--d must be an integer >= 2/);
    expect(() => parse(["--alpha", "0,1"])).toThrow(/--alpha values must be > 0/);
    expect(() => parse(["--link", "nope"])).toThrow(/--link names an unknown link/);
    expect(() => parse(["--compare", "lamp,svd"])).toThrow(/--compare: unknown method 'svd' \(known: lamp, tap, mm\)/);
    expect(() => parse(["--compare", "lamp,lamp"])).toThrow(/--compare lists lamp twice/);
    expect(() => parse(["--compare", "lamp,"])).toThrow(/--compare must be a comma list/);
    // Mondelli-Montanari's estimator is single-index
    expect(() => parse(["--compare", "mm", "--link", "z1*z2"])).toThrow(/--compare mm: --link must be single-index/);
    expect(() => parse(["--rule", "separation"])).toThrow(/--rule does not apply to spikelab amp: AMP has no eigenvalue/);
    expect(() => parse(["--iterations", "0"])).toThrow(/--iterations must be an integer >= 1/);
  });

  it("--help prints the amp help (flags from the registry) and runs nothing", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(parseSweepCommand("amp", ["--help"])).toBeNull();
    expect(write).toHaveBeenCalledWith(ampHelp());
    const help = ampHelp();
    for (const flag of ["--alpha GRID", "--link G", "--init START", "--iterations T", "--compare LIST", "--d D"]) expect(help).toContain(flag);
    expect(help).toContain("random | tap | lamp");
    expect(help).not.toContain("--rule");
  });

  it("the one-line summary of an amp sweep reads its overlap threshold", () => {
    const point = (value: number, overlapMean: number) => ({
      value, seeds: 2, topMean: NaN, topStd: NaN, overlapMean, overlapStd: 0.01, edgeMean: NaN,
      prediction: { outliers: [], overlaps: [0], edge: NaN, threshold: 0.5, edgeScale: NaN }, separated: false, overlapDetected: overlapMean > 0.1,
    });
    const summary: TransitionSummary = {
      model: "amp", parameter: "alpha", points: [point(0.3, 0), point(0.7, 0.2)], predictedThreshold: 0.5,
      eigenvalueThreshold: { estimate: NaN, uncertainty: NaN, bracketed: false },
      overlapThreshold: { estimate: 0.5, uncertainty: 0.2, bracketed: true }, rule: "separation", size: { parameter: "d", value: 300 },
    };
    expect(thresholdLine(summary)).toBe("amp (d = 300): predicted threshold alpha = 0.500; measured 0.500 ± 0.200 (overlap rule)\n");
    expect(summaryJson(summary)).toMatchObject({ model: "amp", rule: "overlap", overlapThreshold: { estimate: 0.5 } });
  });
});

describe("spikelab amp: a small run", () => {
  it("writes the report with the overlap panel (AMP's SE and points, LAMP's and Mondelli-Montanari's curves and points, alpha_c)", async () => {
    const out = join(tmp, "amp.html");
    const o = parseSweepCommand("amp", ["--alpha", "0.3,1.4", "--d", "300", "--seeds", "2", "--workers", "1", "--compare", "lamp", "--out", out])!;
    const lines: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s) => { lines.push(String(s)); return true; });
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await runSweeps(o)).toBe(0);
    expect(lines.join("")).toMatch(/^amp \(d = 300\): predicted threshold alpha = 0\.500; measured .* \(overlap rule\)$/m);
    const html = readFileSync(out, "utf8");
    expect(html).toContain('id="overlap-panel-0"');
    for (const name of ["AMP: state evolution from an uninformed start", "AMP on data (d = 300, random start", "LAMP: predicted", "TAP: predicted",
      "Mondelli-Montanari: predicted", "LAMP on data (d = 300", "weak-recovery threshold alpha_c = 0.5000"]) {
      expect(html).toContain(name);
    }
    // no Mondelli-Montanari sweep was run: its curve but no points
    expect(html).not.toContain("Mondelli-Montanari on data");
    // the AMP sweep has no eigenvalue figure, its table row says so
    expect(html).not.toContain('id="top-0"');
    expect(html).toContain('id="top-1"');
    expect(html).toContain("no eigenvalue: AMP measures an overlap");
    expect(html).toContain("m² = ‖Ŵᵀ W*‖²_F / (d ‖Ŵ‖²_F)");
  }, 180_000);
});

describe("the overlap panel of a p = 2 link", () => {
  it("adds each planted direction's measured part (mean ± sd over seeds), and the spectral curves that apply", () => {
    const fixed = { d: 400, link: "z1+z1*z2", init: "random", iterations: 50 };
    const record = (value: number, seedIndex: number, overlaps: number[]): TaskRecord => ({
      model: "amp", parameter: "alpha", value, pointIndex: 0, seedIndex, seed: seedIndex, fixed,
      measurement: { top: [], overlaps, edge: NaN, seconds: 0 }, prediction: { outliers: [], overlaps: [0, 0, 0], edge: NaN, threshold: 0, edgeScale: NaN },
    });
    const records = [record(1, 0, [0.5, 0.8, 0.1]), record(1, 1, [0.6, 0.9, 0.3]), record(2, 0, [0.9, 0.95, 0.85])];
    const summary: TransitionSummary = {
      model: "amp", parameter: "alpha", predictedThreshold: 0, rule: "separation",
      points: [1, 2].map((value) => ({
        value, seeds: 1, topMean: NaN, topStd: NaN, overlapMean: 0.5, overlapStd: 0.1, edgeMean: NaN, separated: false, overlapDetected: true,
        prediction: records[0]!.prediction,
      })),
      eigenvalueThreshold: { estimate: NaN, uncertainty: NaN, bracketed: false }, overlapThreshold: { estimate: 1, uncertainty: NaN, bracketed: false },
    };
    // an empty SE curve: SE for p = 2 costs seconds per alpha, and the points are under test here
    const panel = overlapPanel({ command: { model: "amp", values: [1, 2], fixed }, summary, records }, { values: [], top: [], edge: [], overlap: [] }, []);
    const dir1 = panel.points.find((q) => q.method === "direction-1")!;
    const dir2 = panel.points.find((q) => q.method === "direction-2")!;
    expect(dir1.values).toEqual([1, 2]);
    expect(dir1.mean[0]).toBeCloseTo(0.85, 12);
    expect(dir1.sd[0]).toBeCloseTo(Math.sqrt(0.005), 12);
    expect(dir2.mean).toEqual([expect.closeTo(0.2, 12), 0.85]);
    expect(dir2.sd[1]).toBe(0);
    expect(panel.curves.map((c) => c.method)).toContain("direction-2");
    // z1 + z1 z2 has a trivial direction: alpha_c = 0, no spectral transition; the panel says so
    expect(panel.notes!.join(" ")).toMatch(/trivial direction \(alpha_c = 0\)/);
    expect(panel.notes!.join(" ")).toMatch(/no Mondelli-Montanari curve for link z1\+z1\*z2: .*single-index/);
  }, 60_000);
});
