import { describe, expect, it } from "vitest";
import { extrapolateThreshold } from "../../src/compare/finiteSizeScaling.js";
import { InvalidArgumentError } from "../../src/errors.js";

describe("extrapolateThreshold (weighted least squares in n^(-1/3))", () => {
  const sizes = [250, 500, 1000, 2000, 4000];
  it("recovers theta_c and a exactly from points on the line, with the closed-form errors of two points", () => {
    const line = sizes.map((size, i) => ({ size, threshold: 0.7071 + 1.3 * size ** (-1 / 3), standardError: 0.01 * (1 + i) }));
    const fit = extrapolateThreshold(line);
    expect(fit.limit).toBeCloseTo(0.7071, 12);
    expect(fit.slope).toBeCloseTo(1.3, 11);
    expect(fit.chiSquare).toBeCloseTo(0, 20);
    expect(fit.degreesOfFreedom).toBe(3);
    // two points: the line through them; var(theta_c) = (x2^2 s1^2 + x1^2 s2^2) / (x2 - x1)^2
    const two = extrapolateThreshold([{ size: 1000, threshold: 1.2, standardError: 0.02 }, { size: 8000, threshold: 1.1, standardError: 0.03 }]);
    const x1 = 0.1, x2 = 0.05;
    expect(two.slope).toBeCloseTo(0.1 / (x1 - x2), 10);
    expect(two.limit).toBeCloseTo(1.2 - two.slope * x1, 10);
    expect(two.standardError).toBeCloseTo(Math.sqrt(x2 ** 2 * 0.02 ** 2 + x1 ** 2 * 0.03 ** 2) / (x1 - x2), 10);
    expect(two.slopeStandardError).toBeCloseTo(Math.sqrt(0.02 ** 2 + 0.03 ** 2) / (x1 - x2), 10);
  });

  it("with known Gaussian noise: the estimates spread as the standard errors say, and 2 se cover ~95%", () => {
    // a seeded Box-Muller source: independent of the package's generator
    let state = 7;
    const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const se = sizes.map((n) => 0.02 * (n / 250) ** -0.25);
    const reps = 4000;
    let covered = 0, sum = 0, sumSq = 0, chi = 0, reported = 0;
    for (let r = 0; r < reps; r++) {
      const fit = extrapolateThreshold(sizes.map((size, i) => ({ size, threshold: 1 - 0.8 * size ** (-1 / 3) + se[i]! * gauss(), standardError: se[i]! })));
      if (Math.abs(fit.limit - 1) < 2 * fit.standardError) covered++;
      sum += fit.limit;
      sumSq += fit.limit ** 2;
      chi += fit.chiSquare;
      reported = fit.standardError;
    }
    const mean = sum / reps, sd = Math.sqrt(sumSq / reps - mean ** 2);
    expect(Math.abs(mean - 1)).toBeLessThan(4 * reported / Math.sqrt(reps));
    expect(sd / reported).toBeGreaterThan(0.95);
    expect(sd / reported).toBeLessThan(1.05);
    // 2 se cover 95.45% for a Gaussian estimate; binomial sd over 4000 reps is 0.33%
    expect(covered / reps).toBeGreaterThan(0.94);
    expect(covered / reps).toBeLessThan(0.97);
    // E chi^2 = dof = 3
    expect(chi / reps).toBeGreaterThan(2.85);
    expect(chi / reps).toBeLessThan(3.15);
  });

  it("scale log: recovers theta_c and a exactly from theta_c exp((a / theta_c) n^(-1/3)), with the two-point errors of the log fit", () => {
    const curve = sizes.map((size, i) => ({ size, threshold: 0.5 * Math.exp(2.4 * size ** (-1 / 3)), standardError: 0.01 * (1 + i) }));
    const fit = extrapolateThreshold(curve, { scale: "log" });
    expect(fit.scale).toBe("log");
    expect(fit.limit).toBeCloseTo(0.5, 12);
    expect(fit.slope).toBeCloseTo(0.5 * 2.4, 11);
    expect(fit.chiSquare).toBeCloseTo(0, 20);
    // the straight line in theta through the same points lands below theta_c (the curve is convex in n^(-1/3))
    expect(extrapolateThreshold(curve).limit).toBeLessThan(0.5 - 0.01);
    // two points: the line through (x_i, log theta_i) with errors se_i / theta_i; se(theta_c) = theta_c se(log theta_c)
    const t1 = 1.2, t2 = 1.1, s1 = 0.02, s2 = 0.03, x1 = 0.1, x2 = 0.05;
    const two = extrapolateThreshold([{ size: 1000, threshold: t1, standardError: s1 }, { size: 8000, threshold: t2, standardError: s2 }], { scale: "log" });
    const c1 = (Math.log(t1) - Math.log(t2)) / (x1 - x2), c0 = Math.log(t1) - c1 * x1;
    expect(two.limit).toBeCloseTo(Math.exp(c0), 12);
    expect(two.slope).toBeCloseTo(Math.exp(c0) * c1, 10);
    expect(two.standardError).toBeCloseTo(Math.exp(c0) * Math.sqrt(x2 ** 2 * (s1 / t1) ** 2 + x1 ** 2 * (s2 / t2) ** 2) / (x1 - x2), 10);
  });

  it("scale log: with known Gaussian noise on a convex curve the 2 se intervals cover theta_c ~95% (the line in theta: far less)", () => {
    let state = 11;
    const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const ns = [200, 400, 800, 1600], se = ns.map((n) => 0.01 * (n / 200) ** (-1 / 3));
    const reps = 3000;
    let coveredLog = 0, coveredLine = 0;
    for (let r = 0; r < reps; r++) {
      const pts = ns.map((size, i) => ({ size, threshold: 0.5 * Math.exp(2.4 * size ** (-1 / 3)) + se[i]! * gauss(), standardError: se[i]! }));
      const log = extrapolateThreshold(pts, { scale: "log" }), line = extrapolateThreshold(pts);
      if (Math.abs(log.limit - 0.5) < 2 * log.standardError) coveredLog++;
      if (Math.abs(line.limit - 0.5) < 2 * line.standardError) coveredLine++;
    }
    // binomial sd over 3000 reps: 0.4%
    expect(coveredLog / reps).toBeGreaterThan(0.935);
    expect(coveredLog / reps).toBeLessThan(0.975);
    expect(coveredLine / reps).toBeLessThan(0.8);
  });

  it("scales the errors by the Birge ratio only when asked and chi^2 > dof", () => {
    const pts = [{ size: 100, threshold: 1.3, standardError: 0.01 }, { size: 1000, threshold: 1.0, standardError: 0.01 }, { size: 10000, threshold: 1.1, standardError: 0.01 }];
    const plain = extrapolateThreshold(pts);
    const scaled = extrapolateThreshold(pts, { scaleByChiSquare: true });
    expect(scaled.scaled).toBe(true);
    expect(scaled.limit).toBe(plain.limit);
    expect(scaled.standardError / plain.standardError).toBeCloseTo(Math.sqrt(plain.chiSquare / 1), 12);
  });

  it("refuses fewer than two sizes, bad errors and a bad exponent with typed errors", () => {
    expect(() => extrapolateThreshold([{ size: 100, threshold: 1, standardError: 0.1 }])).toThrow(/two sizes at least/);
    expect(() => extrapolateThreshold([{ size: 100, threshold: 1, standardError: 0.1 }, { size: 100, threshold: 1.1, standardError: 0.1 }])).toThrow(/two sizes/);
    expect(() => extrapolateThreshold([{ size: 100, threshold: 1, standardError: 0 }, { size: 200, threshold: 1, standardError: 0.1 }])).toThrow(/points\[0\]/);
    expect(() => extrapolateThreshold([{ size: 100, threshold: NaN, standardError: 0.1 }, { size: 200, threshold: 1, standardError: 0.1 }])).toThrow(InvalidArgumentError);
    expect(() => extrapolateThreshold([], { exponent: 0 })).toThrow(/exponent must be/);
    expect(() => extrapolateThreshold(null as never)).toThrow(InvalidArgumentError);
    const pts = [{ size: 100, threshold: -0.1, standardError: 0.1 }, { size: 200, threshold: 1, standardError: 0.1 }];
    expect(() => extrapolateThreshold(pts, { scale: "log" })).toThrow(/needs thresholds > 0, got -0.1 at size 100/);
    expect(() => extrapolateThreshold(pts, { scale: "sqrt" as never })).toThrow(/scale must be "linear" or "log"/);
  });
});
