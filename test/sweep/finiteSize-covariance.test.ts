/**
 * Finite-size scaling of the spiked covariance transition (issue #15): one sweep over n = 200, 400,
 * 800, 1600 at gamma = d / n = 0.25 (theta = 0.45..1 by 0.05, 20 seeds: 960 instances, 25 s of CPU;
 * 3.5 min wall on the shared machine at load 20), thresholds per size and their extrapolation
 * theta_c exp((a / theta_c) n^(-1/3)), against the BBP
 * threshold theta_c = sqrt(gamma) = 0.5 (Baik, Ben Arous and Peche 2005; Paul 2007).
 */
import { describe, expect, it } from "vitest";
import { finiteSizeScaling } from "../../src/sweep/finiteSize.js";
import { sweep } from "../../src/sweep/sweep.js";
import { checkFiniteSize } from "./finiteSizeCheck.js";

describe("spiked covariance: finite-size extrapolation of the threshold", () => {
  it("extrapolates the 50%-detection threshold to theta_c = sqrt(gamma) within two standard errors, the standard error under 0.05", async () => {
    const values = Array.from({ length: 12 }, (_, i) => Number((0.45 + 0.05 * i).toFixed(2)));
    const records = await sweep({ model: "spiked-covariance", values, sizes: [200, 400, 800, 1600], fixed: { gamma: 0.25 }, seeds: 20, seed: 3, workers: 1 });
    expect(records.length).toBe(4 * 12 * 20);
    checkFiniteSize(finiteSizeScaling(records), 0.5);
  }, 600_000);
});
