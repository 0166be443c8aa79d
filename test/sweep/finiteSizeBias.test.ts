/**
 * The bias of the finite-size extrapolation itself, against an independent reference: the exact
 * (to 0.001) 50%-detection thresholds of the largest-root test at level 0.05 of the spiked Wigner and
 * spiked covariance (gamma = 1/4) models at n = 100..6400, medians over 40000 draws of the tridiagonal
 * models of Dumitriu and Edelman 2002 (test/sweep/finiteSizeMedians.py, which wrote the .json; numpy,
 * not spikelab's dense sweeps). They approach theta_c faster than n^(-1/3) (a next-order n^(-2/3)
 * term): the straight line in n^(-1/3) through n = 200..1600 lands 0.016-0.023 below theta_c, the
 * line for log theta (extrapolateThreshold's scale "log", used by finiteSizeScaling) within 0.008.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extrapolateThreshold } from "../../src/compare/finiteSizeScaling.js";

interface Median { median: number; standardError: number }
const fixture = JSON.parse(readFileSync(new URL("./finiteSizeMedians.json", import.meta.url), "utf8")) as Record<string, Record<string, Median>>;

function points(model: string, sizes: number[]) {
  return sizes.map((size) => {
    const m = fixture[model]![String(size)]!;
    // the weights of a sweep with a fixed number of seeds: errors ~ the window width n^(-1/3)
    return { size, threshold: m.median, standardError: 0.03 * (size / 200) ** (-1 / 3) };
  });
}

describe("finite-size extrapolation of exact 50%-detection thresholds (tridiagonal models, 40000 draws per size)", () => {
  for (const [model, thetaC] of [["spiked-wigner", 1], ["spiked-covariance", 0.5]] as const) {
    it(`${model}: the log-scale line lands within 0.01 of theta_c = ${thetaC}, the straight line 0.012 or more below`, () => {
      // the fixture's own noise: 0.0006-0.0015 per median, about 0.004 on the extrapolated limit
      for (const sizes of [[200, 400, 800, 1600], [400, 800, 1600, 3200], [100, 200, 400, 800, 1600, 3200, 6400]]) {
        const log = extrapolateThreshold(points(model, sizes), { scale: "log" });
        const line = extrapolateThreshold(points(model, sizes));
        expect(Math.abs(log.limit - thetaC)).toBeLessThan(0.01);
        expect(line.limit).toBeLessThan(thetaC - 0.006);
        expect(Math.abs(log.limit - thetaC)).toBeLessThan(Math.abs(line.limit - thetaC));
      }
      const line = extrapolateThreshold(points(model, [200, 400, 800, 1600]));
      expect(line.limit).toBeLessThan(thetaC - 0.012);
      // the thresholds themselves: above theta_c, falling with n, (theta_50 - theta_c) n^(1/3) falling too (faster than n^(-1/3))
      const all = points(model, [100, 200, 400, 800, 1600, 3200, 6400]);
      const scaled = all.map((p) => (p.threshold - thetaC) * p.size ** (1 / 3));
      for (let i = 1; i < all.length; i++) expect(all[i]!.threshold).toBeLessThan(all[i - 1]!.threshold);
      expect(scaled[0]! - scaled[scaled.length - 1]!).toBeGreaterThan(0.1);
    });
  }
});
