/**
 * Finite-size scaling of the spiked Wigner transition (issue #15): one sweep over n = 200, 400, 800,
 * 1600 (theta = 0.95..1.3 by 0.05, 24 seeds: 768 instances), a
 * threshold per size (where the largest-root test's detection rate crosses 50%; where the mean
 * overlap reaches n^(-1/3)) and their extrapolation theta_c exp((a / theta_c) n^(-1/3)) by weighted
 * least squares (63 s of CPU; 7.5 min wall on the shared machine at load 20),
 * against the BBP threshold theta_c = 1 (Baik, Ben Arous and Peche 2005; Peche 2006 for Wigner).
 * Runs in this thread (workers: 1); the covariance twin is its own file so that the two run side by side.
 */
import { describe, expect, it } from "vitest";
import { finiteSizeScaling } from "../../src/sweep/finiteSize.js";
import { sweep } from "../../src/sweep/sweep.js";
import { checkFiniteSize } from "./finiteSizeCheck.js";

describe("spiked Wigner: finite-size extrapolation of the threshold", () => {
  it("extrapolates the 50%-detection threshold to theta_c = 1 within two standard errors, the standard error under 0.05", async () => {
    const values = Array.from({ length: 8 }, (_, i) => Number((0.95 + 0.05 * i).toFixed(2)));
    const records = await sweep({ model: "spiked-wigner", values, sizes: [200, 400, 800, 1600], seeds: 24, seed: 3, workers: 1 });
    expect(new Set(records.map((r) => r.fixed["n"]))).toEqual(new Set([200, 400, 800, 1600]));
    checkFiniteSize(finiteSizeScaling(records), 1);
  }, 600_000);
});
