/**
 * Issue #13 item 5: tapPrediction counts the TAP outliers per pair (block l, direction k). For
 * y = ||z||^2 / p, G(y) = (y - 1) I_p, so the TAP matrix is I_p (x) sum_i T(y_i) x_i x_i^T and each
 * of the p copies has a spike along each of the p planted directions: p^2 eigenvalues near 1
 * (LAMP's prediction, which counts the p^2 F-eigenvalues 2/p, agrees). Checked against the full
 * spectrum of the dense TAP matrix.
 */
import { describe, expect, it } from "vitest";
import { links, populationConstants, predictEstimators, sampleIndexModel, setThreads, tapEstimator } from "../../src/index.js";

setThreads(1);

describe("TAP outlier count for ||z||^2 / p against the dense TAP spectrum", () => {
  for (const [p, d, alpha] of [[2, 700, 4], [3, 400, 6]] as const) {
    it(`p = ${p}, d = ${d}, alpha = ${alpha}: p^2 = ${p * p} outliers predicted and seen, then the bulk edge`, () => {
      const pop = populationConstants(links.norm(p));
      const pred = predictEstimators(pop, alpha);
      const tap = pred.tap!;
      expect(tap.outliers.length).toBe(p * p);
      for (const o of tap.outliers) expect(o.location).toBeCloseTo(1, 8);
      const pairs = new Set(tap.outliers.map((o) => `${o.block},${o.direction}`));
      expect(pairs.size).toBe(p * p);
      // LAMP counts the same number of informative outliers (p^2 equal F-eigenvalues 2/p)
      expect(pred.lamp!.outliers.reduce((s, o) => s + o.multiplicity, 0)).toBe(p * p);

      const data = sampleIndexModel(links.norm(p), { d, alpha, seed: 1, planted: "orthogonal" });
      const r = tapEstimator(data, { solver: "dense", k: p * p + 2 });
      const cut = (tap.edge + 1) / 2; // half way between the predicted bulk edge and the outliers
      const above = Array.from(r.values).filter((v) => v > cut).length;
      expect(above).toBe(p * p);
      expect(Math.abs(r.values[p * p]! - tap.edge)).toBeLessThan(0.1);
      const top = Array.from(r.values.subarray(0, p * p));
      expect(Math.abs(top.reduce((s, v) => s + v, 0) / top.length - 1)).toBeLessThan(0.2);
      // exact Kronecker structure I_p (x) M: every eigenvalue p times
      for (let j = 0; j < p * p; j += p) for (let m = 1; m < p; m++) expect(r.values[j + m]!).toBeCloseTo(r.values[j]!, 8);
    });
  }
});
