// Gaussian outlier laws (src/theory/outlierLaws.ts) against simulation: the top eigenvalue of
// spikelab's spiked Wigner (GOE noise) and spiked covariance samples above the threshold, over 150
// seeds; sample mean and standard deviation against the law within 3 standard errors
// (SE(mean) = sd / sqrt N, SE(sd) ~ sd / sqrt(2 (N - 1))). Plus the closed forms at the threshold.
import { describe, expect, it } from "vitest";
import { eigvalsh, spikedCovariance, spikedCovarianceOutliers, spikedWigner, spikedWignerOutliers } from "../../src/index.js";
import { spikedCovarianceOutlierLaw, spikedWignerOutlierLaw, type OutlierLaw } from "../../src/theory/index.js";
import { InvalidArgumentError } from "../../src/errors.js";

function checkAgainst(tops: number[], law: OutlierLaw): void {
  const N = tops.length;
  const mean = tops.reduce((a, b) => a + b, 0) / N;
  const sd = Math.sqrt(tops.reduce((a, b) => a + (b - mean) ** 2, 0) / (N - 1));
  expect(Math.abs(mean - law.mean)).toBeLessThan((3 * law.sd) / Math.sqrt(N));
  expect(Math.abs(sd - law.sd)).toBeLessThan((3 * law.sd) / Math.sqrt(2 * (N - 1)));
}

describe("outlier laws: closed forms", () => {
  it("means are the BBP limits of theory/spikeOutliers; the variance vanishes at the threshold", () => {
    expect(spikedWignerOutlierLaw(3, 100).mean).toBeCloseTo(spikedWignerOutliers([3])[0]!.location as number, 14);
    expect(spikedCovarianceOutlierLaw(2, 1000, 500).mean).toBeCloseTo(spikedCovarianceOutliers([2], { gamma: 0.5 })[0]!.location as number, 14);
    // Wigner: 2 (1 - 1/theta^2) / n; covariance: 2 (1 + theta)^2 (1 - gamma / theta^2) / n
    expect(spikedWignerOutlierLaw(2, 400).sd ** 2).toBeCloseTo((2 * 0.75) / 400, 15);
    expect(spikedCovarianceOutlierLaw(1, 100, 25).sd ** 2).toBeCloseTo((2 * 4 * 0.75) / 100, 15);
    expect(spikedWignerOutlierLaw(1 + 1e-9, 100).sd).toBeLessThan(1e-5);
    expect(spikedCovarianceOutlierLaw(0.5 + 1e-9, 400, 100).sd).toBeLessThan(1e-5);
  });

  it("refuses spikes at or below the threshold and bad sizes", () => {
    expect(() => spikedWignerOutlierLaw(1, 100)).toThrow(InvalidArgumentError);
    expect(() => spikedWignerOutlierLaw(0.5, 100)).toThrow(/threshold/);
    expect(() => spikedCovarianceOutlierLaw(0.5, 400, 100)).toThrow(/sqrt\(gamma\)/);
    expect(() => spikedCovarianceOutlierLaw(2, 0, 100)).toThrow(/positive integer/);
    expect(() => spikedWignerOutlierLaw(NaN, 100)).toThrow(/finite/);
  });
});

describe("outlier laws: simulation, 150 seeds", () => {
  it("spiked Wigner, GOE noise, n = 400, theta = 2: N(2.5, 2 (1 - 1/4) / n)", () => {
    const n = 400;
    const tops: number[] = [];
    for (let seed = 1; seed <= 150; seed++) {
      tops.push(eigvalsh(spikedWigner({ n, spikes: [2], seed }).matrix, { range: { lo: n - 1, hi: n - 1 } })[0]!);
    }
    checkAgainst(tops, spikedWignerOutlierLaw(2, n));
  });

  it("spiked covariance, n = 800, d = 400, theta = 2: N(3.75, 2 * 9 * (1 - 1/8) / n)", () => {
    const n = 800, d = 400;
    const tops: number[] = [];
    for (let seed = 1; seed <= 150; seed++) {
      tops.push(eigvalsh(spikedCovariance({ n, d, spikes: [2], seed }).covariance!, { range: { lo: d - 1, hi: d - 1 } })[0]!);
    }
    checkAgainst(tops, spikedCovarianceOutlierLaw(2, n, d));
  });
});
