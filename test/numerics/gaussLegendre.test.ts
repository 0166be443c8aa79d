import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { gaussLegendre } from "../../src/numerics/gaussLegendre.js";
import { applyRule, ascending } from "./rules.js";

describe("Gauss-Legendre rule", () => {
  it("integrates x^k on [-1, 1] exactly (2/(k + 1) for even k, 0 for odd) up to degree 2n - 1", () => {
    for (const n of [1, 2, 5, 8, 33, 200]) {
      const rule = gaussLegendre(n);
      for (let k = 0; k <= Math.min(2 * n - 1, 40); k++) {
        expect(Math.abs(applyRule(rule, (x) => x ** k) - (k % 2 === 0 ? 2 / (k + 1) : 0))).toBeLessThan(2e-14);
      }
      expect(ascending(rule.nodes)).toBe(true);
    }
  });

  it("misses x^{2n} by the closed-form Gauss error 2^{2n+1} (n!)^4 / ((2n + 1) ((2n)!)^3) (2n)!", () => {
    // Abramowitz-Stegun 25.4.29 with f^{(2n)} = (2n)!
    for (const n of [2, 3, 5]) {
      const s = applyRule(gaussLegendre(n), (x) => x ** (2 * n));
      let nf = 1;
      for (let j = 2; j <= n; j++) nf *= j;
      let f2n = 1;
      for (let j = 2; j <= 2 * n; j++) f2n *= j;
      const error = (2 ** (2 * n + 1) * nf ** 4) / ((2 * n + 1) * f2n ** 2);
      expect(Math.abs(2 / (2 * n + 1) - s - error)).toBeLessThan(1e-14);
    }
  });

  it("gives the 2-point rule +-1/sqrt(3) and integrates exp to e - 1/e with 12 nodes", () => {
    const two = gaussLegendre(2);
    expect(Math.abs(two.nodes[1]! - 1 / Math.sqrt(3))).toBeLessThan(1e-15);
    expect(Math.abs(two.weights[0]! - 1)).toBeLessThan(1e-15);
    const s = applyRule(gaussLegendre(12), Math.exp);
    expect(Math.abs(s - (Math.E - 1 / Math.E))).toBeLessThan(1e-14);
  });

  it("rejects orders outside [1, 512]", () => {
    expect(() => gaussLegendre(0)).toThrow(InvalidArgumentError);
    expect(() => gaussLegendre(513)).toThrow(InvalidArgumentError);
    expect(() => gaussLegendre(1.5)).toThrow(InvalidArgumentError);
  });
});
