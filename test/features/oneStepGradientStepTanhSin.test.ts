import { describe, it } from "vitest";
import { checkRealStep } from "./oneStepGradientStep.js";

// The real gradient step at d = p = 1000, 8 seeds, against Result 3.3 within 3 standard errors (see
// oneStepGradientStep.ts). tanh is centered (mu0 = mu2 = 0): the notebook's mapping is exact here.
describe("the real one-step features against the theory: tanh student, sin(z) target, d = 1000", () => {
  it("alpha0 = 4, eta = 2, ridge 0.1, alpha = 0.5, 1.5, 3", () => {
    checkRealStep({ activation: "tanh", target: "sin(z)", alpha0: 4, eta: 2, ridge: 0.1, alphas: [0.5, 1.5, 3], initialOutput: "neglected" });
  }, 300_000);
});
