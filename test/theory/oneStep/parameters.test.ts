/**
 * The sRF parameters of the step (parameters.ts) and the kinked Gaussian averages under them
 * (gaussianAverages.ts), against closed forms: ReLU mu1 = 1/2, Var(sigma') = 1/4, shifted
 * coefficients mu0(c) = c Phi(c) + phi(c), E[g relu(c + g)] = Phi(c), E relu(c + g)^2 = (1 + c^2) Phi(c) + c phi(c)
 * (spiked-features.md section 1); sin: mu1* = e^{-1/2}, E sin^2 = (1 - e^{-2})/2; tanh: mu1 = 0.605706,
 * Var tanh' = 0.09752 (section 8, fine-grid quadrature); the authors' tanh/tanh check values
 * r = 0.6511, gamma = 0.5635 (section 6.2).
 */
import { describe, expect, it } from "vitest";
import { oneStepParameters } from "../../../src/theory/oneStep/index.js";
import { scalarFunction, shiftedMoments } from "../../../src/theory/oneStep/gaussianAverages.js";
import { normalCdf, normalPdf } from "../../../src/numerics/normal.js";
import { InvalidArgumentError } from "../../../src/errors.js";

const relu = { value: (x: number) => Math.max(x, 0), derivative: (x: number) => (x > 0 ? 1 : 0), kinks: [0] };
const tanh = { value: Math.tanh, derivative: (x: number) => 1 - Math.tanh(x) ** 2 };

describe("oneStepParameters", () => {
  it("tanh student, sin target (the notebook's example): the closed forms", () => {
    const p = oneStepParameters({ activation: tanh, target: Math.sin, alpha0: 20, eta: 3 });
    const mu1s = Math.exp(-0.5);
    const ey2 = (1 - Math.exp(-2)) / 2;
    expect(p.mu1).toBeCloseTo(0.605706, 6);
    expect(p.derivativeVariance).toBeCloseTo(0.09752, 5);
    expect(p.mu1Star).toBeCloseTo(mu1s, 12);
    expect(p.labelSecondMoment).toBeCloseTo(ey2, 12);
    const norm = Math.sqrt(ey2 / 20 + mu1s ** 2);
    expect(p.r).toBeCloseTo(3 * p.mu1 * norm, 12);
    expect(p.cW).toBeCloseTo(Math.sqrt(1 + (9 * ey2 * p.derivativeVariance) / 20), 12);
    expect(p.gamma).toBeCloseTo(mu1s / norm, 12);
    expect(p.rho).toBeCloseTo(Math.sqrt(1 - p.gamma ** 2), 12);
  });

  it("tanh/tanh, alpha0 = 0.5, etaTilde = 1: r and gamma as the authors' check values", () => {
    const p = oneStepParameters({ activation: tanh, target: Math.tanh, alpha0: 0.5, eta: 1 });
    expect(p.r).toBeCloseTo(0.6511, 4);
    expect(p.gamma).toBeCloseTo(0.5635, 4);
  });

  it("ReLU: exact constants through the kink split, and the limits eta = 0, alpha0 = Infinity", () => {
    const p = oneStepParameters({ activation: relu, target: relu, alpha0: 2, eta: 1.5, noise: 0.1 });
    expect(p.mu1).toBeCloseTo(0.5, 13);
    expect(p.derivativeVariance).toBeCloseTo(0.25, 13);
    expect(p.labelSecondMoment).toBeCloseTo(0.6, 13);
    expect(p.r).toBeCloseTo(1.5 * 0.5 * Math.sqrt(0.6 / 2 + 0.25), 12);
    const rf = oneStepParameters({ activation: relu, target: relu, eta: 0 });
    expect([rf.r, rf.cW, rf.gamma, rf.rho]).toEqual([0, 1, 0, 1]);
    const big = oneStepParameters({ activation: relu, target: relu, alpha0: Infinity, eta: 2 });
    expect(big.cW).toBe(1);
    expect(big.gamma).toBeCloseTo(1, 13);
    expect(big.r).toBeCloseTo(2 * 0.5 * 0.5, 12);
  });

  it("a bare ReLU (no kinks given, finite-difference derivative) is still right to ~1e-5", () => {
    const p = oneStepParameters({ activation: (x: number) => Math.max(x, 0), target: Math.sin, alpha0: 2, eta: 1 });
    expect(Math.abs(p.mu1 - 0.5)).toBeLessThan(1e-5);
    expect(Math.abs(p.derivativeVariance - 0.25)).toBeLessThan(1e-4);
  });

  it("rejects bad arguments with InvalidArgumentError", () => {
    const ok = { activation: tanh, target: Math.sin, alpha0: 2, eta: 1 };
    for (const bad of [
      { ...ok, eta: -1 }, { ...ok, eta: Number.NaN }, { ...ok, alpha0: 0 }, { ...ok, alpha0: undefined },
      { ...ok, activation: "tanh" }, { ...ok, target: null }, { ...ok, target: () => Number.NaN }, { ...ok, noise: -1 },
      { ...ok, activation: { value: Math.tanh, kinks: ["0"] } },
    ]) {
      expect(() => oneStepParameters(bad as never)).toThrow(InvalidArgumentError);
    }
    expect(() => oneStepParameters(null as never)).toThrow(InvalidArgumentError);
  });
});

describe("shiftedMoments (kinked Gaussian averages)", () => {
  it("ReLU shifted coefficients in closed form to 1e-13", () => {
    const f = scalarFunction(relu, "relu");
    for (const c of [-3.3, -1, -0.37, 0, 0.7, 2]) {
      for (const sd of [1, 0.6, 1.7]) {
        const [m0, m1, m2] = shiftedMoments(f, c, sd, "relu");
        const t = c / sd; // relu(c + sd g) = sd relu(t + g)
        expect(m0).toBeCloseTo(sd * (t * normalCdf(t) + normalPdf(t)), 13);
        expect(m1).toBeCloseTo(sd * normalCdf(t), 13);
        expect(m2).toBeCloseTo(sd * sd * ((1 + t * t) * normalCdf(t) + t * normalPdf(t)), 13);
      }
    }
  });
});

describe("oneStepParameters: initialOutput (the step's residual y - mu0)", () => {
  it("ReLU, linear target: closed forms E r^2 = 1 + 1/(2 pi), s = 1 - eta / (2 pi), cW^2 = s^2 + eta^2 E r^2 / (4 alpha0)", () => {
    const eta = 3, alpha0 = 20;
    const p = oneStepParameters({ activation: relu, target: (z: number) => z, alpha0, eta, initialOutput: "included" });
    const er2 = 1 + 1 / (2 * Math.PI);
    const s = 1 - eta / (2 * Math.PI);
    expect(p.residualSecondMoment).toBeCloseTo(er2, 12);
    expect(p.rowScale).toBeCloseTo(s, 12);
    expect(p.cW).toBeCloseTo(Math.sqrt(s * s + (eta * eta * er2 * 0.25) / alpha0), 12);
    const norm = Math.sqrt(1 + er2 / alpha0);
    expect(p.r).toBeCloseTo(eta * 0.5 * norm, 12);
    expect(p.gamma).toBeCloseTo(1 / norm, 12);
    // the notebook's mapping neglects both
    const nb = oneStepParameters({ activation: relu, target: (z: number) => z, alpha0, eta });
    expect(nb.initialOutput).toBe("neglected");
    expect(nb.rowScale).toBe(1);
    expect(nb.residualSecondMoment).toBe(nb.labelSecondMoment);
  });

  it("a target with a mean enters s and E r^2: ReLU student, y = z^2 (E y = 1, E y^2 = 3)", () => {
    const mu0 = 1 / Math.sqrt(2 * Math.PI);
    const p = oneStepParameters({ activation: relu, target: (z: number) => z * z, alpha0: 4, eta: 2, initialOutput: "included" });
    expect(p.residualSecondMoment).toBeCloseTo(3 - 2 * mu0 + mu0 * mu0, 12);
    expect(p.rowScale).toBeCloseTo(1 + 2 * mu0 * (1 - mu0), 12);
  });

  it("tanh (centered, mu0 = mu2 = 0): both options give the same parameters", () => {
    const a = oneStepParameters({ activation: tanh, target: Math.sin, alpha0: 20, eta: 3 });
    const b = oneStepParameters({ activation: tanh, target: Math.sin, alpha0: 20, eta: 3, initialOutput: "included" });
    for (const k of ["r", "cW", "gamma"] as const) expect(b[k]).toBeCloseTo(a[k], 12);
    expect(b.rowScale).toBeCloseTo(1, 12);
  });

  it("rejects an unknown initialOutput", () => {
    expect(() => oneStepParameters({ activation: tanh, target: Math.sin, alpha0: 2, eta: 1, initialOutput: "yes" as never })).toThrow(InvalidArgumentError);
  });
});
