/**
 * Finite-size scaling of the spiked covariance transition (issue #15): one sweep over n = 200, 400,
 * 800, 1600 at gamma = d / n = 0.25 (theta = 0.45..1 by 0.05, 20 seeds: 960 instances, about 15 s on
 * one idle core), thresholds per size and their extrapolation theta_c + a n^(-1/3), against the BBP
 * threshold theta_c = sqrt(gamma) = 0.5 (Baik, Ben Arous and Peche 2005; Paul 2007).
 */
import { describe, expect, it } from "vitest";
import { finiteSizeScaling } from "../../src/sweep/finiteSize.js";
import { sweep } from "../../src/sweep/sweep.js";
import { checkFiniteSize } from "./finiteSizeCheck.js";

describe("spiked covariance: finite-size extrapolation of the threshold", () => {
  it("extrapolates to theta_c = sqrt(gamma) (standard errors under 0.05; see checkFiniteSize for the bias allowance)", async () => {
    const values = Array.from({ length: 12 }, (_, i) => Number((0.45 + 0.05 * i).toFixed(2)));
    const records = await sweep({ model: "spiked-covariance", values, sizes: [200, 400, 800, 1600], fixed: { gamma: 0.25 }, seeds: 20, seed: 3, workers: 1 });
    expect(records.length).toBe(4 * 12 * 20);
    checkFiniteSize(finiteSizeScaling(records), 0.5);
  }, 240_000);
});
