/**
 * The two routes to the test error after one step: the damped replica fixed point (replica.ts,
 * composite Gauss-Legendre in kappa) and the deterministic equivalent of the feature covariance
 * (equivalentRoute.ts: theory/spikedRf's Anderson solve, Gauss-Hermite in kappa, then linear
 * solves). Different solvers and quadratures for the same limit: agreement to 1e-6 relative (they
 * agree to ~1e-11), the resolvent diagonal equal to the replica's 1/(1 + V(kappa)), and the
 * replica map's residual at the equivalent route's point small.
 */
import { describe, expect, it } from "vitest";
import { oneStepTestError, oneStepTestErrorEquivalent, type OneStepTheoryOptions } from "../../../src/theory/oneStep/index.js";

const tanh = { value: Math.tanh, derivative: (x: number) => 1 - Math.tanh(x) ** 2 };
const relu = { value: (x: number) => Math.max(x, 0), derivative: (x: number) => (x > 0 ? 1 : 0), kinks: [0] };
const he1he2 = (z: number) => z + (z * z - 1) / 2;

const cases: [string, OneStepTheoryOptions][] = [
  ["tanh/sin notebook p = d", { activation: tanh, target: Math.sin, alpha0: 20, eta: 3, ridge: 0.1, alpha: 0.5 }],
  ["tanh/sin isotropic p = 2d", { activation: tanh, target: Math.sin, alpha0: 20, eta: 3, ridge: 0.1, alpha: 1.7, widthRatio: 2, convention: "isotropic" }],
  ["relu/He1+He2/2 notebook p = d/2", { activation: relu, target: he1he2, alpha0: 4, eta: 2, ridge: 0.05, alpha: 0.3, widthRatio: 0.5 }],
  ["relu/tanh with label noise p = 1.5d", { activation: relu, target: Math.tanh, alpha0: 8, eta: 1, ridge: 0.01, alpha: 2.5, widthRatio: 1.5, noise: 0.1 }],
  ["tanh/tanh random features (eta = 0)", { activation: tanh, target: Math.tanh, eta: 0, ridge: 0.01, alpha: 0.7 }],
];

describe("replica route = deterministic-equivalent route", () => {
  for (const [name, options] of cases) {
    it(name, () => {
      const a = oneStepTestError(options);
      const b = oneStepTestErrorEquivalent(options);
      expect(Math.abs(b.testError / a.testError - 1)).toBeLessThan(1e-6);
      expect(Math.abs(b.trainError / a.trainError - 1)).toBeLessThan(1e-6);
      for (const key of ["q1", "q2", "V1", "V2", "P", "m"] as const) {
        expect(Math.abs(b.orderParameters[key] - a.orderParameters[key])).toBeLessThan(1e-6 * Math.max(1, Math.abs(a.orderParameters[key])));
      }
      expect(b.consistency).toBeLessThan(1e-8);
      expect(b.residual).toBeLessThan(1e-8);
      expect(a.trainError).toBeLessThan(a.testError);
    });
  }
});
