import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { InvalidArgumentError, ShapeError } from "../../src/errors.js";
import { sgdOde } from "../../src/dynamics/ode/solve.js";

// The ODEs of a linear student f = lambda on the linear target y = nu (He_1) are linear (or Riccati)
// and solve in closed form: independent references for the drift, the lr^2 / n_b noise term, the
// correlation loss and the spherical projection (see src/dynamics/ode/equations.ts for the equations).
const base = { d: 1000, p: 1, target: "he1", activation: "linear" as const, M0: [[0.1]], Q0: [[1]], steps: 4000, record: [0, 500, 1000, 2000, 4000], rtol: 1e-9, atol: 1e-12 };

describe("sgdOde against closed-form solutions (linear student, linear target)", () => {
  it("square loss: M = 1 - (1 - M0) e^{-lr t}, test error e0 e^{-(2 lr - lr^2/n_b) t} / 2", () => {
    for (const [lr, batchSize] of [[0.5, 1], [1.5, 1], [1.5, 8]] as const) {
      const sol = sgdOde({ ...base, lr, batchSize });
      expect(sol.expectation).toBe("quadrature");
      sol.time.forEach((t, n) => {
        expect(sol.M[n]!.data[0]!).toBeCloseTo(1 - 0.9 * Math.exp(-lr * t), 7);
        const e0 = 1 - 2 * 0.1 + 1; // E (nu - lambda)^2 at t = 0
        expect(sol.testError[n]!).toBeCloseTo((e0 / 2) * Math.exp(-(2 * lr - (lr * lr) / batchSize) * t), 7);
      });
    }
  });

  it("square loss beyond lr = 2 n_b diverges (the noise term wins), as the closed form says", () => {
    const sol = sgdOde({ ...base, lr: 2.5, batchSize: 1, steps: 2000, record: [0, 2000] });
    const t = 2;
    expect(sol.testError[1]! / sol.testError[0]!).toBeCloseTo(Math.exp((2.5 * 2.5 - 5) * t), 5);
  });

  it("correlation loss: M = M0 + lr t, Q = Q0 + 2 lr M0 t + lr^2 t^2 + lr^2 t / n_b", () => {
    const lr = 0.3;
    const batchSize = 4;
    const sol = sgdOde({ ...base, lr, batchSize, loss: "correlation" });
    sol.time.forEach((t, n) => {
      expect(sol.M[n]!.data[0]!).toBeCloseTo(0.1 + lr * t, 8);
      expect(sol.Q[n]!.data[0]!).toBeCloseTo(1 + 2 * lr * 0.1 * t + lr * lr * t * t + (lr * lr * t) / batchSize, 8);
    });
  });

  it("spherical correlation loss: the Riccati M' = lr (1 - M^2) - lr^2 M / (2 n_b), Q_11 stays 1", () => {
    const lr = 0.4;
    const batchSize = 2;
    const sol = sgdOde({ ...base, lr, batchSize, loss: "correlation", project: true });
    // M' = -lr (M - m+)(M - m-),  m+- = (-b +- sqrt(b^2 + 4)) / 2,  b = lr / (2 n_b)
    const b = lr / (2 * batchSize);
    const mp = (-b + Math.sqrt(b * b + 4)) / 2;
    const mm = (-b - Math.sqrt(b * b + 4)) / 2;
    sol.time.forEach((t, n) => {
      const ratio = ((0.1 - mp) / (0.1 - mm)) * Math.exp(-lr * (mp - mm) * t);
      const M = (mp - ratio * mm) / (1 - ratio);
      expect(sol.M[n]!.data[0]!).toBeCloseTo(M, 7);
      expect(sol.Q[n]!.data[0]!).toBeCloseTo(1, 12);
    });
  });

  it("mean-field scaling with two identical neurons: f = (lambda_1 + lambda_2)/2 = lambda, rates halved", () => {
    // c = 1/p = 1/2, dl_i = -(nu - lambda)/2: M' = (lr/2)(1 - M) and e = E(nu - lambda)^2 obeys
    // e' = -(lr - lr^2/(4 n_b)) e; the rows stay equal (Q singular: the covariance root handles it)
    const lr = 0.8;
    const batchSize = 2;
    const sol = sgdOde({ ...base, p: 2, scaling: "p", lr, batchSize, M0: [[0.1], [0.1]], Q0: [[1, 1], [1, 1]] });
    sol.time.forEach((t, n) => {
      const M = 1 - 0.9 * Math.exp((-lr * t) / 2);
      expect(sol.M[n]!.data[0]!).toBeCloseTo(M, 7);
      expect(sol.M[n]!.data[1]!).toBeCloseTo(M, 7);
      expect(sol.Q[n]!.data[1]!).toBeCloseTo(sol.Q[n]!.data[0]!, 7);
      expect(sol.testError[n]!).toBeCloseTo((1.8 / 2) * Math.exp(-(lr - (lr * lr) / (4 * batchSize)) * t), 7);
    });
  });

  it("a trained second layer follows da/dt = -lr_a E[dl/da] (linear case: a' = lr_a (M - a Q) with fixed W)", () => {
    // lr = 0 freezes W: M, Q constant; a relaxes to M/Q exponentially at rate lr_a Q
    const sol = sgdOde({ ...base, lr: 0, lrSecondLayer: 0.7, secondLayer: "trained", M0: [[0.6]], Q0: [[1.5]] });
    sol.time.forEach((t, n) => {
      expect(sol.M[n]!.data[0]!).toBe(0.6);
      expect(sol.a[n]![0]!).toBeCloseTo(0.4 + (1 - 0.4) * Math.exp(-0.7 * 1.5 * t), 7);
    });
  });

  it("rejects bad options with typed errors", () => {
    expect(() => sgdOde({ ...base, lr: -1 })).toThrow(InvalidArgumentError);
    expect(() => sgdOde({ ...base, lr: 0.1, algorithm: "gd" as never })).toThrow(InvalidArgumentError);
    expect(() => sgdOde({ ...base, lr: 0.1, M0: [[0.1, 0.2]] })).toThrow(ShapeError);
    expect(() => sgdOde({ ...base, lr: 0.1, Q0: undefined })).toThrow(InvalidArgumentError);
    expect(() => sgdOde({ ...base, lr: 0.1, M0: [[2]] })).toThrow(InvalidArgumentError); // |M| > sqrt(Q T)
    expect(() => sgdOde({ ...base, lr: 0.1, batchSize: 0 })).toThrow(InvalidArgumentError);
    expect(() => sgdOde(null as never)).toThrow(InvalidArgumentError);
  });
});
