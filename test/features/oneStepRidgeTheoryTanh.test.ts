import { describe, it } from "vitest";
import { checkAgainstTheory } from "./oneStepRidgeTheory.js";

// Simulation at d = p = 1000 against Result 3.3 (see oneStepRidgeTheory.ts for the tolerance)
describe("oneStepRidge against the one-step theory: tanh student", () => {
  it("sin(z) target, alpha0 = 20, eta = 3, ridge 0.1 (the notebook's example)", () => {
    checkAgainstTheory({ activation: "tanh", target: "sin(z)", alpha0: 20, eta: 3, ridge: 0.1, alphas: [0.5, 1.5, 3] });
  }, 120_000);
  it("z + He2(z)/2 target, alpha0 = 4, eta = 2, ridge 0.1", () => {
    checkAgainstTheory({ activation: "tanh", target: "z+he2(z)/2", alpha0: 4, eta: 2, ridge: 0.1, alphas: [0.5, 1.5, 3] });
  }, 120_000);
  it("the real gradient step at the authors' simulation parameters (tanh target, alpha0 = 0.5, eta = 1, ridge 0.01)", () => {
    // Simulations.ipynb: d = p = 2000, 3 seeds; the step itself, not the surrogate (n0 = 500: a cheap step)
    checkAgainstTheory({ activation: "tanh", target: "tanh(z)", alpha0: 0.5, eta: 1, ridge: 0.01, alphas: [0.5, 1.5, 3] }, "gradient-step");
  }, 120_000);
});
