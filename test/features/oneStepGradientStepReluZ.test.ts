import { describe, expect, it } from "vitest";
import { checkRealStep, predict, type RealStepCase } from "./oneStepGradientStep.js";

// The real gradient step of a ReLU network at d = p = 1000, 8 seeds, against Result 3.3 within 3
// standard errors (see oneStepGradientStep.ts). ReLU is not centered: its initial output
// mu0 = 1/sqrt(2 pi) enters the step's residual and rescales W0's rows by 1 - eta / (2 pi)
// (initialOutput "included"); the notebook's mapping ("neglected") is rejected by the same simulations.
describe("the real one-step features against the theory: ReLU student, z target, d = 1000", () => {
  it("alpha0 = 8, eta = 1, ridge 0.1, alpha = 0.5, 1.5, 3", () => {
    const c: RealStepCase = { activation: "relu", target: "z", alpha0: 8, eta: 1, ridge: 0.1, alphas: [0.5, 1.5, 3], initialOutput: "included" };
    const sim = checkRealStep(c);
    const notebook = predict(c, c.alphas[0]!, "neglected");
    expect(Math.abs(notebook - sim.mean[0]!), `notebook mapping ${notebook.toFixed(4)} against ${sim.mean[0]!.toFixed(4)} ± ${sim.se[0]!.toFixed(4)}`)
      .toBeGreaterThan(3 * sim.se[0]!);
  }, 300_000);
});
