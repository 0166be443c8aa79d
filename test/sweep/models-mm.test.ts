/**
 * The Mondelli-Montanari sweep (model "mm", spikelab lamp --method mm) on real phase retrieval
 * y = z^2 (alpha_c = 1/2): the preprocessing rule below alpha_c, agreement with the library's
 * classicalEstimator({ preprocessing: "mm" }) above it, and the measured transition against alpha_c.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { classicalEstimator } from "../../src/estimators/spectral.js";
import { links } from "../../src/estimators/links.js";
import { sampleIndexModel } from "../../src/estimators/model.js";
import { overlap } from "../../src/estimators/overlap.js";
import { populationConstants } from "../../src/estimators/population.js";
import { predictEstimators } from "../../src/estimators/predict.js";
import { getModel } from "../../src/sweep/models/index.js";
import { mondelliMontanariShift } from "../../src/theory/mondelliMontanari.js";
import { sweep } from "../../src/sweep/sweep.js";
import { summarizeTransition } from "../../src/sweep/transition.js";
import { ready } from "../../src/wasm/loader.js";

const cli = new URL("../../dist/cli/main.js", import.meta.url).pathname;

describe("the Mondelli-Montanari rule and predictions", () => {
  it("c = sqrt(alpha / alpha_c) above alpha_c, 1 (its value at alpha_c) below", () => {
    expect(mondelliMontanariShift(2, 0.5)).toBeCloseTo(2, 14);
    expect(mondelliMontanariShift(0.5, 0.5)).toBe(1);
    expect(mondelliMontanariShift(0.2, 0.5)).toBe(1);
  });

  it("above alpha_c the sweep's matrix is classicalEstimator's 'mm' on the same sample", async () => {
    await ready();
    const model = getModel("mm");
    const fixed = { d: 300, link: "z^2" };
    const m = model.measure(2, fixed, 9);
    // measureIndexEstimator draws the instance with the task seed and an orthogonal planted frame
    const sample = sampleIndexModel(links.square(), { d: 300, alpha: 2, seed: 9, planted: "orthogonal" });
    const ref = classicalEstimator(sample, { preprocessing: "mm", k: 2, seed: 9, tol: 1e-8 });
    expect(m.top[0]).toBeCloseTo(ref.values[0]!, 6);
    expect(m.edge).toBeCloseTo(ref.values[1]!, 6);
    expect(m.overlaps[0]).toBeCloseTo(overlap(ref.estimate, sample.W), 6);
  });

  it("below alpha_c the prediction is the TAP (LAL) one on the classical scale: edge only, no outlier", () => {
    const model = getModel("mm");
    const tap = predictEstimators(populationConstants(links.square()), 0.3).tap!;
    const pred = model.predict(0.3, { d: 600, link: "z^2" });
    expect(pred.threshold).toBeCloseTo(0.5, 9);
    expect(pred.outliers).toEqual([]);
    expect(pred.overlaps[0]).toBe(0);
    // the TAP prediction takes sup T from the law's points (0.994, the law stops at y = 60), the sweep
    // sup T = 1 (lambda unbounded), where the Lu-Li psi has its minimum below alpha_c: psi(1) = 1, edge 1 / alpha
    expect(pred.edge).toBeCloseTo(1 / 0.3, 9);
    expect(Math.abs(pred.edge / (tap.edge / 0.3) - 1)).toBeLessThan(0.01);
    // above: an outlier, and the Lu-Li overlap for MM's T (reference 3.4/6.2), 0.486 at alpha = 2
    const above = model.predict(2, { d: 600, link: "z^2" });
    expect(above.outliers.length).toBe(1);
    expect(above.outliers[0]!).toBeGreaterThan(above.edge);
    expect(above.overlaps[0]!).toBeCloseTo(0.486, 2);
  });
});

describe("the Mondelli-Montanari sweep on phase retrieval, d = 600", () => {
  it("the measured transition meets alpha_c = 1/2 and overlaps follow Lu-Li", async () => {
    const values = [0.2, 0.3, 0.4, 0.6, 0.8, 1, 1.5, 2, 3];
    const records = await sweep({ model: "mm", values, fixed: { d: 600, link: "z^2" }, seeds: 3, seed: 3, workers: 2 });
    const s = summarizeTransition(records);
    expect(s.predictedThreshold).toBeCloseTo(0.5, 9);
    // m^2 vanishes linearly at alpha_c (0.04 at alpha = 0.6), so at d = 600 the overlap is detected
    // from ~0.7 (0.7 +- 0.1 over base seeds 3, 7, 11): within 0.4 above alpha_c, never below it
    expect(s.overlapThreshold.bracketed).toBe(true);
    expect(s.overlapThreshold.estimate).toBeGreaterThan(0.45);
    expect(s.overlapThreshold.estimate).toBeLessThan(0.9);
    // the outlier's predicted gap to the edge reaches 3 edge scales (the edge d^{-1/2}) only near
    // alpha = 1.5-2 (measured 1.25 +- 0.25); what must not happen is a separation below alpha_c
    expect(s.eigenvalueThreshold.bracketed).toBe(true);
    expect(s.eigenvalueThreshold.estimate).toBeGreaterThan(0.5);
    expect(s.eigenvalueThreshold.estimate).toBeLessThan(2);
    for (const p of s.points) {
      if (p.value < 0.5) {
        // no signal in the limit; at d = 600 the top bulk vector leans on w* near alpha_c (0.07 at 0.4)
        expect(p.overlapMean).toBeLessThan(p.value <= 0.3 ? 0.05 : 0.12);
        // heavy-tailed labels: the top bulk eigenvalue sits up to ~12% inside the edge at d = 600
        expect(p.topMean / p.prediction.edge).toBeGreaterThan(0.85);
        expect(p.topMean / p.prediction.edge).toBeLessThan(1.03);
      }
      if (p.value >= 1.5) {
        // seed spread of the overlap ~0.01-0.1, of the top eigenvalue ~5-10%
        expect(Math.abs(p.overlapMean - p.prediction.overlaps[0]!)).toBeLessThan(0.06);
        expect(Math.abs(p.topMean / p.prediction.outliers[0]! - 1)).toBeLessThan(0.1);
      }
    }
  });

  it("spikelab lamp --method mm: JSON summary; bad links exit 2", () => {
    const json = JSON.parse(execFileSync("node", [cli, "lamp", "--method", "mm", "--alpha", "0.3,3", "--d", "400", "--seeds", "2",
      "--workers", "2", "--json", "--no-report"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
    expect(json.model).toBe("mm");
    expect(json.predictedThreshold).toBeCloseTo(0.5, 9);
    const [low, high] = json.points;
    expect(low.overlapMean).toBeLessThan(0.06);
    expect(low.predictedOverlap).toBe(0);
    expect(high.predictedOverlap).toBeCloseTo(0.626, 2);
    expect(Math.abs(high.overlapMean - high.predictedOverlap)).toBeLessThan(0.08);
    for (const args of [["--method", "mm", "--link", "sign(z1*z2)"], ["--method", "mm", "--link", "sign(z)"], ["--method", "xyz"]]) {
      const r = spawnSync("node", [cli, "lamp", ...args], { encoding: "utf8" });
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^spikelab: [^\n]*\n$/);
    }
  });
});
