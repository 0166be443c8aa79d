import { describe, it } from "vitest";
import { checkAgainstTheory } from "./oneStepRidgeTheory.js";

// Simulation at d = p = 1000 against Result 3.3 (see oneStepRidgeTheory.ts for the tolerance)
describe("oneStepRidge against the one-step theory: relu student", () => {
  it("linear target z, alpha0 = 20, eta = 3, ridge 0.1", () => {
    checkAgainstTheory({ activation: "relu", target: "z", alpha0: 20, eta: 3, ridge: 0.1, alphas: [0.5, 1.5, 3] });
  }, 120_000);
  it("z + He2(z)/2 target, alpha0 = 4, eta = 2, ridge 0.1", () => {
    checkAgainstTheory({ activation: "relu", target: "z+he2(z)/2", alpha0: 4, eta: 2, ridge: 0.1, alphas: [0.5, 1.5, 3] });
  }, 120_000);
});
