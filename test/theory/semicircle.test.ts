import { describe, expect, it } from "vitest";
import {
  InvalidArgumentError,
  complex,
  semicircleCdf,
  semicircleDensity,
  semicircleEdges,
  semicircleLaw,
  semicircleQuantile,
  semicircleStieltjes,
  stieltjesInversion,
} from "../../src/index.js";
import { adaptiveSimpson, integrateOver } from "./quadrature.js";

describe("semicircle law", () => {
  it("matches the check value m(i) = 0.61803 i (spiked-features.md 7.2) and the golden ratio closed form", () => {
    const m = semicircleStieltjes(complex.I);
    expect(m.re).toBeCloseTo(0, 15);
    expect(m.im).toBeCloseTo(0.61803, 5);
    expect(m.im).toBeCloseTo((Math.sqrt(5) - 1) / 2, 15);
  });

  it("has support [-2, 2] (radius 2 sigma with a variance)", () => {
    expect(semicircleEdges()).toEqual({ lower: -2, upper: 2 });
    expect(semicircleEdges({ variance: 4 })).toEqual({ lower: -4, upper: 4 });
  });

  it("density integrates to 1 and the closed-form cdf matches numerical integration", () => {
    for (const variance of [1, 2.5]) {
      const f = (x: number) => semicircleDensity(x, { variance });
      const r = 2 * Math.sqrt(variance);
      expect(integrateOver(f, -r, r)).toBeCloseTo(1, 11);
      for (const x of [-1.9, -1, -0.3, 0, 0.7, 1.5, 1.99].map((u) => u * Math.sqrt(variance))) {
        expect(Math.abs(semicircleCdf(x, { variance }) - integrateOver(f, -r, x))).toBeLessThan(1e-11);
      }
    }
  });

  it("Stieltjes transform solves m^2 + z m + 1 = 0 with Im m > 0 and equals the integral of rho/(l - z)", () => {
    for (const z of [complex.of(0.3, 0.1), complex.of(-3, 0.5), complex.of(1.9, 1e-3), complex.of(10, 20)]) {
      const m = semicircleStieltjes(z);
      const res = complex.add(complex.add(complex.mul(m, m), complex.mul(z, m)), complex.ONE);
      expect(complex.abs(res)).toBeLessThan(1e-14);
      expect(m.im).toBeGreaterThan(0);
    }
    const z = complex.of(0.5, 0.3);
    const m = semicircleStieltjes(z);
    const re = integrateOver((l) => (semicircleDensity(l) * (l - z.re)) / ((l - z.re) ** 2 + z.im ** 2), -2, 2);
    const im = integrateOver((l) => (semicircleDensity(l) * z.im) / ((l - z.re) ** 2 + z.im ** 2), -2, 2);
    expect(Math.abs(m.re - re)).toBeLessThan(1e-10);
    expect(Math.abs(m.im - im)).toBeLessThan(1e-10);
  });

  it("Stieltjes inversion at eps = 1e-9 reproduces the density, and m ~ -1/z far away", () => {
    for (let x = -1.95; x < 2; x += 0.1) {
      expect(Math.abs(stieltjesInversion((z) => semicircleStieltjes(z), x, 1e-9) - semicircleDensity(x))).toBeLessThan(1e-8);
    }
    const z = complex.of(1e4, 2e4);
    const m = semicircleStieltjes(z);
    const expected = complex.neg(complex.inv(z));
    expect(complex.abs(complex.sub(m, expected)) / complex.abs(expected)).toBeLessThan(1e-8);
    // real z outside the support: real and equal to the integral
    const out = semicircleStieltjes(3);
    expect(out.im).toBe(0);
    expect(out.re).toBeCloseTo(adaptiveSimpson((l) => semicircleDensity(l) / (l - 3), -2, 2, 1e-13), 10);
    // Im z < 0 by conjugation
    expect(semicircleStieltjes(complex.of(0.2, -0.4))).toEqual(complex.conj(semicircleStieltjes(complex.of(0.2, 0.4))));
  });

  it("quantile inverts the cdf, and the law object agrees with the functions", () => {
    for (const p of [1e-9, 1e-4, 0.01, 0.3, 0.5, 0.77, 0.999, 1 - 1e-9]) {
      expect(Math.abs(semicircleCdf(semicircleQuantile(p)) - p)).toBeLessThan(1e-14);
    }
    expect(semicircleQuantile(0)).toBe(-2);
    expect(semicircleQuantile(1)).toBe(2);
    expect(semicircleQuantile(0.5)).toBeCloseTo(0, 14);
    const law = semicircleLaw({ variance: 2 });
    expect(law.quantile(0.3)).toBe(semicircleQuantile(0.3, { variance: 2 }));
    expect(law.support).toEqual([[-2 * Math.SQRT2, 2 * Math.SQRT2]]);
    expect(law.atoms).toEqual([]);
  });

  it("rejects bad parameters with InvalidArgumentError naming them", () => {
    expect(() => semicircleDensity(0, { variance: 0 })).toThrow(/variance/);
    expect(() => semicircleDensity(0, { variance: Number.NaN })).toThrow(InvalidArgumentError);
    expect(() => semicircleDensity(Number.NaN)).toThrow(/x must be a finite/);
    expect(() => semicircleQuantile(1.5)).toThrow(/probability/);
    expect(() => semicircleStieltjes(complex.of(Number.NaN, 1))).toThrow(InvalidArgumentError);
  });
});
