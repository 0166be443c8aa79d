import { describe, expect, it } from "vitest";
import { activation, oneStepTestError, targetByName } from "../../src/index.js";
import { checkAgainstTheory } from "./oneStepRidgeTheory.js";

// The isotropic sampler (rows of W0 projected off v) against the isotropic prediction, d = p = 1000
describe("oneStepRidge against the one-step theory: the isotropic convention", () => {
  it("tanh student, sin(z) target, alpha0 = 20, eta = 3, ridge 0.1: simulation matches, and the error is above the notebook convention's in theory too", () => {
    const alphas = [0.5, 1.5, 3];
    checkAgainstTheory({ activation: "tanh", target: "sin(z)", alpha0: 20, eta: 3, ridge: 0.1, alphas }, "spiked", "isotropic");
    // issue #18: isotropic above notebook (0.0413 / 0.0357 against 0.0402 / 0.0343 at alpha = 1.6 / 3, p = 800)
    const at = (alpha: number, convention: "notebook" | "isotropic") =>
      oneStepTestError({ activation: activation("tanh"), target: activation(targetByName("sin(z)")), alpha0: 20, eta: 3, ridge: 0.1, alpha, convention }).testError;
    for (const alpha of [1.6, 3]) {
      const rel = at(alpha, "isotropic") / at(alpha, "notebook") - 1;
      expect(rel).toBeGreaterThan(0.01);
      expect(rel).toBeLessThan(0.06);
    }
  }, 120_000);
});
