/** The checks shared by the finite-size tests of the spiked Wigner and spiked covariance sweeps. */
import { expect } from "vitest";
import type { FiniteSizeSummary } from "../../src/sweep/finiteSize.js";

/**
 * Every size gives a bracketed 50% crossing with a standard error, above theta_c; the thresholds fall
 * with n (the critical window shrinks). The eigenvalue threshold's extrapolation meets issue #15's
 * criterion as written: a standard error under 0.05 and theta_c within two standard errors, either
 * side. (In tridiagonal-model simulations of these sweeps, test/sweep/finiteSizeMedians.py's model
 * with 20-24 seeds per grid value, that holds for 95% of the seeds: the per-size crossings sit
 * 0.007-0.010 low and the log-scale extrapolation 0.012-0.014 low, a third of a standard error.)
 * The overlap onset's extrapolation has a standard error under 0.05 and lies within two standard
 * errors above theta_c and at most 0.06 more below it: a one-sided allowance kept for the onset only,
 * because the covariance model's onset (mean overlap = n^(-1/3)) is not yet monotone in n at these
 * sizes (0.517, unbracketed, 0.490, 0.483 at n = 200..1600 for seed 3: below theta_c = 0.5 and still
 * falling), so no n^(-1/3) law describes it there.
 * The measured detection rate is rarely far below the predicted power (the prediction, a Gaussian
 * outlier law beside the Tracy-Widom edge, ignores the outlier's pull inside the critical window, so
 * it may only lag).
 */
export function checkFiniteSize(s: FiniteSizeSummary, predicted: number): void {
  expect(s.predictedThreshold).toBeCloseTo(predicted, 12);
  expect(s.perSize.every((p) => p.rule === "largest-root")).toBe(true);
  const thresholds = s.perSize.map((p) => p.eigenvalueThreshold);
  for (const t of thresholds) {
    expect(t.bracketed).toBe(true);
    expect(t.uncertainty).toBeGreaterThan(0);
    expect(t.estimate).toBeGreaterThan(predicted);
  }
  expect(thresholds[0]!.estimate).toBeGreaterThan(thresholds[thresholds.length - 1]!.estimate);
  const eigenvalue = s.eigenvalue!, overlap = s.overlap!;
  // issue #15: "covers the prediction within two standard errors, with a standard error under 0.05"
  expect(eigenvalue.standardError).toBeLessThan(0.05);
  expect(eigenvalue.slope).toBeGreaterThan(0);
  expect(Math.abs(eigenvalue.limit - predicted)).toBeLessThan(2 * eigenvalue.standardError);
  expect(overlap.standardError).toBeLessThan(0.05);
  expect(overlap.limit).toBeLessThan(predicted + 2 * overlap.standardError);
  expect(overlap.limit).toBeGreaterThan(predicted - 2 * overlap.standardError - 0.06);
  // the Wilson 95% interval of the rate reaches the predicted power (less 0.05), or lies above it, at
  // 90% of the points at least (a 95% interval misses 2.5% of the time on that side alone)
  const points = s.perSize.flatMap((q) => q.points);
  const below = points.filter((p) => p.detection!.upper < p.detection!.predictedPower - 0.05);
  expect(below.length).toBeLessThanOrEqual(0.1 * points.length);
}
