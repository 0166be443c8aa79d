import { describe, expect, it } from "vitest";
import "../../src/index.js";
import { InvalidArgumentError, NonFiniteError, ShapeError } from "../../src/errors.js";
import { covarianceRoot, gaussianRule, gaussianVectorExpectation } from "../../src/dynamics/ode/gaussianExpectations.js";
import { erf } from "../../src/numerics/normal.js";

// Independent references: Saad and Solla 1995 (Phys. Rev. E 52, 4225), appendix, closed forms of the
// Gaussian integrals of g(x) = erf(x / sqrt 2). spikelab's "erf" activation is erf(x) = g(sqrt(2) x), so
// with u ~ N(0, C): E[erf u1 erf u2] = I2(2C), E[erf'(u1) u2 erf(u3)] = I3(2C),
// E[erf'(u1) erf'(u2) erf(u3) erf(u4)] = 2 I4(2C) (erf'(x) = sqrt(2) g'(sqrt(2) x)).
const dErf = (x: number) => 1.1283791670955126 * Math.exp(-x * x);
const scaled = (C: number[][]) => C.map((r) => r.map((v) => 2 * v));
function I2(S: number[][]): number {
  return (2 / Math.PI) * Math.asin(S[0]![1]! / Math.sqrt((1 + S[0]![0]!) * (1 + S[1]![1]!)));
}
function I3(S: number[][]): number {
  const l3 = (1 + S[0]![0]!) * (1 + S[2]![2]!) - S[0]![2]! ** 2;
  return ((2 / Math.PI) / Math.sqrt(l3)) * ((S[1]![2]! * (1 + S[0]![0]!) - S[0]![1]! * S[0]![2]!) / (1 + S[0]![0]!));
}
function I4(S: number[][]): number {
  const c = (i: number, j: number) => S[i - 1]![j - 1]!;
  const l4 = (1 + c(1, 1)) * (1 + c(2, 2)) - c(1, 2) ** 2;
  const l0 = l4 * c(3, 4) - c(2, 3) * c(2, 4) * (1 + c(1, 1)) - c(1, 3) * c(1, 4) * (1 + c(2, 2)) + c(1, 2) * c(1, 3) * c(2, 4) + c(1, 2) * c(1, 4) * c(2, 3);
  const l1 = l4 * (1 + c(3, 3)) - c(2, 3) ** 2 * (1 + c(1, 1)) - c(1, 3) ** 2 * (1 + c(2, 2)) + 2 * c(1, 2) * c(1, 3) * c(2, 3);
  const l2 = l4 * (1 + c(4, 4)) - c(2, 4) ** 2 * (1 + c(1, 1)) - c(1, 4) ** 2 * (1 + c(2, 2)) + 2 * c(1, 2) * c(1, 4) * c(2, 4);
  return (4 / Math.PI ** 2 / Math.sqrt(l4)) * Math.asin(l0 / Math.sqrt(l1 * l2));
}

const C2 = [[0.8, 0.3], [0.3, 1.2]];
const C3 = [[1.0, 0.2, 0.4], [0.2, 0.9, 0.1], [0.4, 0.1, 1.1]];
const C4 = [[1.0, 0.3, 0.2, -0.1], [0.3, 0.7, 0.25, 0.1], [0.2, 0.25, 1.0, 0.4], [-0.1, 0.1, 0.4, 0.9]];

describe("Gaussian expectations of the SGD ODE (dynamics/ode/gaussianExpectations.ts)", () => {
  it("tensor Gauss-Hermite matches Saad-Solla's I2 and I3 for erf to 1e-10", () => {
    const i2 = gaussianVectorExpectation((u) => erf(u[0]!) * erf(u[1]!), C2.flat(), gaussianRule(2, { nodes: 60 }));
    expect(Math.abs(i2 - I2(scaled(C2)))).toBeLessThan(1e-10);
    const i3 = gaussianVectorExpectation((u) => dErf(u[0]!) * u[1]! * erf(u[2]!), C3.flat(), gaussianRule(3, { nodes: 48 }));
    expect(Math.abs(i3 - I3(scaled(C3)))).toBeLessThan(1e-10);
    // the ODE's defaults (40 nodes in 2D, 24 in 3D) are well inside the integrator's tolerance
    expect(Math.abs(gaussianVectorExpectation((u) => erf(u[0]!) * erf(u[1]!), C2.flat()) - I2(scaled(C2)))).toBeLessThan(1e-10);
    expect(Math.abs(gaussianVectorExpectation((u) => dErf(u[0]!) * u[1]! * erf(u[2]!), C3.flat()) - I3(scaled(C3)))).toBeLessThan(1e-6);
  });

  it("I4 in four dimensions: quadrature to 1e-6 (24^4 points), Monte Carlo within 4 standard errors", () => {
    const h = (u: Float64Array) => dErf(u[0]!) * dErf(u[1]!) * erf(u[2]!) * erf(u[3]!);
    const exact = 2 * I4(scaled(C4));
    const quad = gaussianVectorExpectation(h, C4.flat(), gaussianRule(4, { method: "quadrature", nodes: 24 }));
    expect(Math.abs(quad - exact)).toBeLessThan(1e-6);
    const rule = gaussianRule(4, { samples: 200000, seed: 5 });
    expect(rule.kind).toBe("monte-carlo");
    const mc = gaussianVectorExpectation(h, C4.flat(), rule);
    const second = gaussianVectorExpectation((u) => h(u) ** 2, C4.flat(), rule);
    const stderr = Math.sqrt((second - mc * mc) / rule.size);
    expect(Math.abs(mc - exact)).toBeLessThan(4 * stderr);
    expect(Math.abs(mc - exact)).toBeGreaterThan(0); // it is Monte Carlo, not the quadrature in disguise
  });

  it("picks quadrature up to p + k = 3 and antithetic Monte Carlo beyond (odd integrands exactly 0)", () => {
    expect(gaussianRule(3).kind).toBe("quadrature");
    expect(gaussianRule(4).kind).toBe("monte-carlo");
    const rule = gaussianRule(5, { samples: 1000, seed: 1 });
    const odd = gaussianVectorExpectation((u) => u[0]! * u[1]! * u[2]! + erf(u[3]!) * u[4]! ** 2, fiveByFive(), rule);
    expect(Math.abs(odd)).toBeLessThan(1e-15);
    // same seed, same points
    expect(gaussianRule(5, { samples: 1000, seed: 1 }).points).toEqual(rule.points);
    expect(rule.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
  });

  it("integrates a singular covariance (a student row aligned with a teacher direction)", () => {
    // u2 = u1 exactly: E[u1^2 u2^2] = E z^4 = 3
    const v = gaussianVectorExpectation((u) => u[0]! ** 2 * u[1]! ** 2, [1, 1, 1, 1]);
    expect(v).toBeCloseTo(3, 12);
    const L = covarianceRoot(Float64Array.of(4, 2, 2, 1), 2);
    expect(L[0]! * L[0]! + L[1]! * L[1]!).toBeCloseTo(4, 12);
    expect(L[0]! * L[2]! + L[1]! * L[3]!).toBeCloseTo(2, 12);
  });

  it("rejects bad input with typed errors", () => {
    expect(() => gaussianRule(0)).toThrow(InvalidArgumentError);
    expect(() => gaussianRule(2, { method: "x" as never })).toThrow(InvalidArgumentError);
    expect(() => gaussianRule(5, { method: "quadrature", nodes: 40 })).toThrow(InvalidArgumentError);
    expect(() => gaussianRule(4, { samples: 3 })).toThrow(InvalidArgumentError);
    expect(() => gaussianVectorExpectation((u) => u[0]!, [1, 0, 0])).toThrow(ShapeError);
    expect(() => gaussianVectorExpectation((u) => u[0]!, [1, 2, 2, 1])).toThrow(InvalidArgumentError); // not PSD
    expect(() => gaussianVectorExpectation((u) => u[0]!, [1, NaN, NaN, 1])).toThrow(NonFiniteError);
    expect(() => gaussianVectorExpectation(() => NaN, [1])).toThrow(NonFiniteError);
  });
});

function fiveByFive(): number[] {
  const A = [[1, 0.2, 0, 0.1, 0], [0.2, 1, 0.3, 0, 0], [0, 0.3, 1, 0, 0.2], [0.1, 0, 0, 1, 0], [0, 0, 0.2, 0, 1]];
  return A.flat();
}
