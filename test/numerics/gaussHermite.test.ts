import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { gaussHermite, gaussianExpectation } from "../../src/numerics/gaussHermite.js";
import { applyRule, ascending } from "./rules.js";

describe("Gauss-Hermite rule (probabilists', numerics/)", () => {
  it("integrates Gaussian moments E z^{2k} = (2k - 1)!! exactly up to degree 2K - 1", () => {
    // the previous rule of estimators/special.ts (Numerical Recipes' initial guesses) refused K > 190:
    // from K = 199 on its Newton iterations converged to repeated roots. This rule has no such limit
    for (const K of [5, 20, 150, 190, 191, 199, 250]) {
      const rule = gaussHermite(K);
      let dfact = 1; // (2k - 1)!!
      for (let k = 0; 2 * k <= Math.min(2 * K - 1, 16); k++) {
        if (k > 0) dfact *= 2 * k - 1;
        expect(Math.abs(applyRule(rule, (z) => z ** (2 * k)) / dfact - 1)).toBeLessThan(1e-12);
        expect(Math.abs(applyRule(rule, (z) => z ** (2 * k + 1)))).toBeLessThan(1e-12 * dfact * 10);
      }
      expect(ascending(rule.nodes)).toBe(true);
    }
  });

  it("is exact at the top degree 2K - 1 and not beyond: E z^{2K} misses (2K - 1)!! by K!", () => {
    // the Gauss rule's error for z^{2K} is E He_K(z)^2 = K! (the leading coefficient of the
    // orthogonal polynomial squared), a closed form that pins the rule as the Gauss rule of order K
    for (const K of [3, 6, 9]) {
      let dfact = 1; // (2K - 1)!!
      let fact = 1; // K!
      for (let j = 1; j <= K; j++) {
        dfact *= 2 * j - 1;
        fact *= j;
      }
      const m = applyRule(gaussHermite(K), (z) => z ** (2 * K));
      expect(Math.abs(dfact - m - fact)).toBeLessThan(1e-9 * dfact);
    }
  });

  it("integrates Gaussians in closed form: E cos(a z) = exp(-a^2/2), E exp(t z) = exp(t^2/2)", () => {
    for (const a of [0.5, 1, 3]) expect(Math.abs(gaussianExpectation((z) => Math.cos(a * z), 60) - Math.exp(-a * a / 2))).toBeLessThan(1e-14);
    for (const t of [0.3, 1, 2]) expect(Math.abs(gaussianExpectation((z) => Math.exp(t * z), 60) / Math.exp(t * t / 2) - 1)).toBeLessThan(1e-14);
  });

  it("gives the textbook 2-point rule: nodes +-1, weights 1/2", () => {
    const { nodes, weights } = gaussHermite(2);
    expect(Math.abs(nodes[0]! + 1)).toBeLessThan(1e-15);
    expect(Math.abs(nodes[1]! - 1)).toBeLessThan(1e-15);
    expect(Math.abs(weights[0]! - 0.5)).toBeLessThan(1e-15);
  });

  it("rejects orders outside [1, 1000], non-integers and a non-function integrand", () => {
    expect(() => gaussHermite(0)).toThrow(InvalidArgumentError);
    expect(() => gaussHermite(1001)).toThrow(InvalidArgumentError);
    expect(() => gaussHermite(2.5)).toThrow(InvalidArgumentError);
    expect(() => gaussHermite(Number.NaN)).toThrow(InvalidArgumentError);
    expect(() => gaussianExpectation("cos" as never)).toThrow(/gaussianExpectation: f must be a function/);
  });
});
