/**
 * The spiked random-feature sweep model ("srf", spikelab bbp --model srf) against the spiked-RF
 * deterministic equivalent (src/theory/spikedRf/) and the small-step threshold, at n = 1200,
 * p = d = 600. Finite-size scales that set the tolerances: the order-p spikes move with the realized
 * projections kappa_nu (relative sd sqrt(2 / n) ~ 4% per draw, reference spiked-features.md 5.1);
 * the largest bulk eigenvalue sits below the limiting edge by ~4% at p = 600; the overlaps' O(1/p)
 * deficits are predicted by the equivalent's residue.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { sweep } from "../../src/sweep/sweep.js";
import { summarizeTransition } from "../../src/sweep/transition.js";

const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const sizes = { n: 1200, p: 600, d: 600 };

describe("srf sweep model: tanh features, abar = 1", () => {
  it("outlier, edge, overlaps and the small-step threshold follow the equivalent", async () => {
    const values = [0.03, 0.1, 0.5];
    const records = await sweep({ model: "srf", values, fixed: { ...sizes, activation: "tanh", secondLayer: "ones" }, seeds: 3, seed: 2, workers: 2 });
    const s = summarizeTransition(records);
    // theta_c = 1 / (mu1 sqrt(p h)), h = [z g_n g_p] at the plain-RF edge: O(p^{-1/2})
    expect(s.predictedThreshold).toBeGreaterThan(0.04);
    expect(s.predictedThreshold).toBeLessThan(0.1);
    expect(s.eigenvalueThreshold.bracketed).toBe(true);
    expect(s.eigenvalueThreshold.estimate).toBeGreaterThan(0.03);
    expect(s.eigenvalueThreshold.estimate).toBeLessThanOrEqual(0.125);
    expect(s.overlapThreshold.estimate).toBeLessThanOrEqual(0.125);
    for (const p of s.points) {
      const pred = p.prediction;
      // the largest bulk eigenvalue just inside the predicted edge
      expect(p.edgeMean / pred.edge).toBeGreaterThan(0.93);
      expect(p.edgeMean / pred.edge).toBeLessThan(1.02);
      if (p.value < s.predictedThreshold) {
        expect(pred.outliers).toEqual([]);
        expect(p.overlapMean).toBeLessThan(0.05);
        expect(Math.abs(p.topMean / pred.edge - 1)).toBeLessThan(0.06);
      } else {
        expect(pred.outliers.length).toBe(1);
        expect(Math.abs(p.topMean / pred.outliers[0]! - 1)).toBeLessThan(0.06);
        if (p.value < 0.3) {
          // near the threshold: overlap 0.82 .. 0.93, seed spread ~0.01
          expect(Math.abs(p.overlapMean - pred.overlaps[0]!)).toBeLessThan(0.04);
        } else {
          // order-p spikes: the overlap deficit 1 - u^2 is O(1/p), and the equivalent's residue gives it
          const deficit = 1 - pred.overlaps[0]!;
          expect(deficit).toBeGreaterThan(1e-4);
          expect(Math.abs((1 - p.overlapMean) / deficit - 1)).toBeLessThan(0.3);
        }
      }
    }
  });
});

describe("srf sweep model: relu features, abar = +-1 (two order-p modes)", () => {
  it("the mean mode is an outlier at theta = 0 (threshold 0); both spikes and their overlaps at theta = 1.5", async () => {
    const records = await sweep({ model: "srf", values: [0, 1.5], fixed: { ...sizes, activation: "relu", secondLayer: "plusminus" }, seeds: 2, seed: 4, workers: 2 });
    const s = summarizeTransition(records);
    expect(s.predictedThreshold).toBe(0);
    const [at0, at15] = s.points;
    // theta = 0: one mode, p mu0^2 = p / (2 pi) = 95.5 (+ its O(1) correction)
    expect(at0!.prediction.outliers.length).toBe(1);
    expect(Math.abs(at0!.prediction.outliers[0]! / (600 / (2 * Math.PI)) - 1)).toBeLessThan(0.01);
    expect(Math.abs(at0!.topMean / at0!.prediction.outliers[0]! - 1)).toBeLessThan(0.04);
    // theta = 1.5: leading order p (0.64708, 0.5625) (reference 5.1), corrected by the finite-n roots
    const pred = at15!.prediction;
    expect(pred.outliers.length).toBe(2);
    expect(Math.abs(pred.outliers[0]! / (0.64708 * 600) - 1)).toBeLessThan(0.01);
    expect(Math.abs(pred.outliers[1]! / (0.5625 * 600) - 1)).toBeLessThan(0.01);
    for (const r of records.filter((x) => x.value === 1.5)) {
      expect(r.measurement.top.length).toBe(2);
      // each spike moves with the realized kappa (~4% per draw) and the two exchange weight; their sum less so
      const [t1, t2] = r.measurement.top as [number, number];
      expect(Math.abs((t1 + t2) / (pred.outliers[0]! + pred.outliers[1]!) - 1)).toBeLessThan(0.05);
      r.measurement.top.forEach((t, j) => expect(Math.abs(t / pred.outliers[j]! - 1)).toBeLessThan(0.1));
      // the span of the group indicators carries both spikes up to an O(1/p) deficit
      r.measurement.overlaps.forEach((o, j) => {
        expect(Math.abs((1 - o) / (1 - pred.overlaps[j]!) - 1)).toBeLessThan(0.5);
      });
    }
  });
});

describe("spikelab bbp --model srf", () => {
  it("prints a JSON summary with the threshold and the order-p spike", () => {
    const json = JSON.parse(execFileSync("node", [cli, "bbp", "--model", "srf", "--n", "1200", "--p", "600", "--d", "600",
      "--theta", "0,0.5", "--seeds", "2", "--workers", "2", "--json", "--no-report"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
    expect(json.model).toBe("srf");
    expect(json.parameter).toBe("theta");
    expect(json.predictedThreshold).toBeGreaterThan(0.04);
    const [low, high] = json.points;
    expect(low.separated).toBe(false);
    expect(low.overlapMean).toBeLessThan(0.05);
    expect(high.separated).toBe(true);
    // the equivalent's spike at theta = 0.5 is ~48.5 = 0.08 p
    expect(Math.abs(high.topMean / high.predictedTop - 1)).toBeLessThan(0.06);
    expect(high.overlapMean).toBeGreaterThan(0.99);
  });

  it("bad srf arguments exit with code 2 and one line", () => {
    for (const args of [["--model", "srf", "--second-layer", "gaussian"], ["--model", "srf", "--activation", "cube"], ["--model", "srf", "--theta=-1,1"],
      ["--model", "spiked-covariance", "--second-layer", "ones"], ["--model", "srf", "--beta", "1"]]) {
      const r = spawnSync("node", [cli, "bbp", ...args], { encoding: "utf8" });
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^spikelab: [^\n]*\n$/);
    }
  });
});
