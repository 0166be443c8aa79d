// The largest-root test (src/theory/largestRootTest.ts): invariants of the p-value and the
// critical value, the predicted power's limits, and the measured detection rate
// against the predicted power within 3 binomial standard errors (sqrt(p (1 - p) / N) + 0.01), over
// 150 seeds (Wigner) and 100 (covariance, each sample costs more).
import { describe, expect, it } from "vitest";
import { eigvalsh, spikedCovariance, spikedWigner } from "../../src/index.js";
import {
  covarianceEdgeLaw, detectionPower, largestRootCriticalValue, largestRootPValue, tracyWidom, wignerEdgeLaw,
} from "../../src/theory/index.js";
import { InvalidArgumentError } from "../../src/errors.js";

describe("p-value and critical value", () => {
  it("the p-value at the critical value is the level; p-values are TW survival values of the statistic", () => {
    for (const edge of [wignerEdgeLaw(500), covarianceEdgeLaw(800, 400), covarianceEdgeLaw(800, 400, { side: "smallest" })]) {
      for (const level of [0.1, 0.05, 0.01, 1e-6]) {
        expect(Math.abs(largestRootPValue(largestRootCriticalValue(edge, level), edge) / level - 1)).toBeLessThan(1e-9);
      }
    }
    const edge = wignerEdgeLaw(1000); // scale 0.01
    expect(largestRootPValue(2, edge)).toBeCloseTo(1 - tracyWidom(1).cdf(0), 14);
    // far tail: 1 - F1(s) ~ exp(-2 s^(3/2) / 3) / (4 sqrt(pi) s^(3/4)), relative corrections O(s^(-3/2))
    const s = 20;
    const asym = Math.exp((-2 * s ** 1.5) / 3) / (4 * Math.sqrt(Math.PI) * s ** 0.75);
    expect(Math.abs(largestRootPValue(2 + 0.01 * s, edge) / asym - 1)).toBeLessThan(3 / s ** 1.5);
    // the smallest side counts lower values as extreme
    const low = covarianceEdgeLaw(800, 400, { side: "smallest" });
    expect(largestRootPValue(low.center - low.scale, low)).toBeCloseTo(tracyWidom(1).survival(1), 14);
  });

  it("power: the critical-window law up to the threshold (falling to the level far below), continuous there, increasing to 1", () => {
    // at the threshold w = 0 at every n; the tridiagonal-model rates at n = 1600 and 6400 (0.227, 0.237 for Wigner,
    // test/sweep/finiteSizeMedians.json) rise toward it
    const atThreshold = detectionPower("spiked-wigner", 1, { n: 400 });
    expect(atThreshold).toBeGreaterThan(0.237);
    expect(atThreshold).toBeLessThan(0.26);
    expect(detectionPower("spiked-wigner", 1, { n: 4000 })).toBeCloseTo(atThreshold, 12);
    expect(detectionPower("spiked-covariance", Math.sqrt(0.5), { n: 800, d: 400 })).toBeCloseTo(atThreshold, 12);
    expect(detectionPower("spiked-wigner", 1, { n: 400 }, 0.01)).toBeGreaterThan(0.01);
    // below: the limit law approaches the level like 1 / w; a spike <= 0 cannot raise the top eigenvalue: the level
    const below = [0.9, 0.7, 0.5, 0.3].map((theta) => detectionPower("spiked-wigner", theta, { n: 400 }));
    for (let i = 1; i < below.length; i++) expect(below[i]!).toBeLessThan(below[i - 1]!);
    expect(below[below.length - 1]!).toBeGreaterThan(0.05);
    expect(below[below.length - 1]!).toBeLessThan(0.07);
    expect(detectionPower("spiked-covariance", -0.5, { n: 800, d: 400 })).toBe(0.05);
    expect(detectionPower("spiked-wigner", 0, { n: 400 }, 0.01)).toBe(0.01);
    expect(detectionPower("spiked-wigner", 1 + 1e-6, { n: 400 }) - atThreshold).toBeLessThan(1e-4);
    let last = atThreshold;
    for (let theta = 1.02; theta < 3; theta += 0.04) {
      const p = detectionPower("spiked-wigner", theta, { n: 400 });
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
    expect(last).toBeGreaterThan(1 - 1e-12);
    // larger n detects sooner
    expect(detectionPower("spiked-covariance", 0.9, { n: 4000, d: 2000 })).toBeGreaterThan(detectionPower("spiked-covariance", 0.9, { n: 800, d: 400 }));
  });

  it("refuses bad arguments", () => {
    expect(() => detectionPower("spiked-lamp" as "spiked-wigner", 2, { n: 400 })).toThrow(InvalidArgumentError);
    expect(() => detectionPower("spiked-covariance", 2, { n: 400 })).toThrow(/sizes.d/);
    expect(() => detectionPower("spiked-wigner", 2, { n: 400 }, 1)).toThrow(/level/);
    expect(() => detectionPower("spiked-covariance", -2, { n: 400, d: 100 })).toThrow(/> -1/);
    expect(() => largestRootPValue(NaN, wignerEdgeLaw(10))).toThrow(InvalidArgumentError);
  });
});

describe("measured detection rate follows the predicted power (150 / 100 seeds)", () => {
  const within = (hits: number, N: number, predicted: number): void => {
    const se = Math.sqrt((predicted * (1 - predicted)) / N);
    expect(Math.abs(hits / N - predicted)).toBeLessThan(3 * se + 0.01);
  };

  it("spiked Wigner, n = 400, theta = 0.8 (below) and 1.2 (inside the n^(-1/3) window)", () => {
    const n = 400;
    const critical = largestRootCriticalValue(wignerEdgeLaw(n));
    for (const theta of [0.8, 1.2]) {
      let hits = 0;
      for (let seed = 1; seed <= 150; seed++) {
        const top = eigvalsh(spikedWigner({ n, spikes: [theta], seed: 1000 + seed }).matrix, { range: { lo: n - 1, hi: n - 1 } })[0]!;
        if (top >= critical) hits++;
      }
      within(hits, 150, detectionPower("spiked-wigner", theta, { n }));
    }
  });

  it("spiked covariance, n = 800, d = 400, theta = 0.9 and 1.1 (threshold 0.707)", () => {
    const n = 800, d = 400;
    const critical = largestRootCriticalValue(covarianceEdgeLaw(n, d));
    for (const theta of [0.9, 1.1]) {
      let hits = 0;
      for (let seed = 1; seed <= 100; seed++) {
        const top = eigvalsh(spikedCovariance({ n, d, spikes: [theta], seed: 2000 + seed }).covariance!, { range: { lo: d - 1, hi: d - 1 } })[0]!;
        if (top >= critical) hits++;
      }
      within(hits, 100, detectionPower("spiked-covariance", theta, { n, d }));
    }
  });
});
