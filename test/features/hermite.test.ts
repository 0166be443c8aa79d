import { describe, expect, it } from "vitest";
import {
  erf, gaussHermite, gaussianExpectation, hermiteCoefficients, InvalidArgumentError, shiftedCoefficients,
} from "../../src/index.js";

function doubleFactorial(k: number): number {
  let v = 1;
  for (let i = k; i > 1; i -= 2) v *= i;
  return v;
}

describe("gaussHermite (probabilists', weights summing to 1)", () => {
  it("gives the textbook 3-point rule: nodes 0, +-sqrt(3), weights 2/3, 1/6", () => {
    const { nodes, weights } = gaussHermite(3);
    expect(nodes[0]).toBeCloseTo(-Math.sqrt(3), 15);
    expect(nodes[1]).toBe(0);
    expect(nodes[2]).toBeCloseTo(Math.sqrt(3), 15);
    expect(weights[1]).toBeCloseTo(2 / 3, 15);
    expect(weights[0]).toBeCloseTo(1 / 6, 15);
  });

  for (const n of [7, 60, 161, 400, 1000]) {
    it(`n = ${n}: integrates E z^(2k) = (2k - 1)!! exactly up to degree 2n - 1`, () => {
      const { nodes, weights } = gaussHermite(n);
      expect(nodes.length).toBe(n);
      for (let i = 1; i < n; i++) expect(nodes[i]!).toBeGreaterThan(nodes[i - 1]!);
      const maxK = Math.min(n - 1, 10);
      for (let k = 0; k <= maxK; k++) {
        let m = 0;
        let odd = 0;
        for (let i = 0; i < n; i++) {
          m += weights[i]! * nodes[i]! ** (2 * k);
          odd += weights[i]! * nodes[i]! ** (2 * k + 1);
        }
        expect(Math.abs(m / doubleFactorial(2 * k - 1) - 1)).toBeLessThan(1e-13);
        expect(Math.abs(odd)).toBeLessThan(1e-12 * doubleFactorial(2 * k + 1));
      }
    });
  }

  it("computes E cos(z) = exp(-1/2) to rounding with 40 nodes", () => {
    expect(gaussianExpectation(Math.cos, 40)).toBeCloseTo(Math.exp(-0.5), 15);
  });

  it("rejects bad orders", () => {
    expect(() => gaussHermite(0)).toThrow(InvalidArgumentError);
    expect(() => gaussHermite(2.5)).toThrow(InvalidArgumentError);
    expect(() => gaussHermite(1001)).toThrow(InvalidArgumentError);
  });
});

// spiked-features.md section 8 (fine-grid quadrature, 6 digits): mu0, mu1, mu2, E sigma^2, mu*^2, mu*
const TABLE: Record<string, number[]> = {
  relu: [0.398942, 0.5, 0.398942, 0.5, 0.090845, 0.301405],
  tanh: [0, 0.605706, 0, 0.394294, 0.027415, 0.165576],
  erf: [0, 0.65147, 0, 0.464559, 0.040146, 0.200364],
  sigmoid: [0.5, 0.206621, 0, 0.293379, 0.000687, 0.026207],
  abs: [0.797885, 0, 0.797885, 1, 0.36338, 0.60281],
  silu: [0.206621, 0.5, 0.350845, 0.355776, 0.063083, 0.251164],
  gelu: [0.282095, 0.5, 0.423142, 0.425221, 0.095644, 0.309264],
};

describe("hermiteCoefficients", () => {
  for (const [name, row] of Object.entries(TABLE)) {
    it(`${name} matches the reference table to its 6 printed digits`, () => {
      const h = hermiteCoefficients(name as "relu");
      const got = [h.mu0, h.mu1, h.mu2, h.secondMoment, h.muStar2, h.muStar];
      got.forEach((g, i) => expect(Math.abs(g - row[i]!)).toBeLessThan(6e-7));
      expect(h.errorEstimate).toBeLessThan(1e-11);
    });
  }

  it("erf: mu1 = 2/sqrt(3 pi) and E sigma^2 = (2/pi) asin(2/3) (closed forms) to 1e-14", () => {
    const h = hermiteCoefficients("erf");
    expect(h.method).toBe("gauss-hermite");
    expect(Math.abs(h.mu1 - 2 / Math.sqrt(3 * Math.PI))).toBeLessThan(1e-14);
    expect(Math.abs(h.secondMoment - (2 / Math.PI) * Math.asin(2 / 3))).toBeLessThan(1e-14);
  });

  it("relu closed forms mu_k = He_{k-2}(0)/sqrt(2 pi), Var sigma' = 1/4; sin by Gauss-Hermite against its closed forms", () => {
    const h = hermiteCoefficients("relu", { degree: 8 });
    expect(h.method).toBe("closed-form");
    const phi0 = 1 / Math.sqrt(2 * Math.PI);
    expect(Array.from(h.mu)).toEqual([phi0, 0.5, phi0, 0, -phi0, 0, 3 * phi0, 0, -15 * phi0]);
    expect(h.muStar2).toBeCloseTo(0.25 - 1 / (2 * Math.PI), 15);
    expect(h.derivativeVariance).toBe(0.25);
    // sigma = sin: mu_k = E[sin^(k)(z)] = exp(-1/2) (+-1 for odd k, 0 for even), so
    // mu*^2 = sum_{k >= 2} mu_k^2 / k! = exp(-1) (sinh 1 - 1), and E sin^2 = (1 - exp(-2)) / 2
    const sn = hermiteCoefficients({ value: Math.sin, derivative: Math.cos }, { degree: 9 });
    for (let k = 0; k <= 9; k++) {
      const want = k % 2 === 0 ? 0 : (k % 4 === 1 ? 1 : -1) * Math.exp(-0.5);
      expect(Math.abs(sn.mu[k]! - want)).toBeLessThan(1e-13);
    }
    expect(Math.abs(sn.muStar2 - Math.exp(-1) * (Math.sinh(1) - 1))).toBeLessThan(1e-14);
    expect(Math.abs(sn.secondMoment - (1 - Math.exp(-2)) / 2)).toBeLessThan(1e-14);
    const t = hermiteCoefficients("tanh");
    // Var tanh'(z) of the reference (0.09752)
    expect(Math.abs(t.derivativeVariance - 0.09752)).toBeLessThan(5e-6);
  });

  it("user functions: a smooth one by Gauss-Hermite, a kinked one piecewise, both accurate", () => {
    // sigma(z) = z^3: mu1 = E z^4 = 3, mu3 = E z^3 He_3 = 6, E sigma^2 = 15, mu*^2 = 15 - 9 = 6
    const h = hermiteCoefficients({ value: (x) => x ** 3, derivative: (x) => 3 * x * x });
    expect(h.method).toBe("gauss-hermite");
    expect(h.mu1).toBeCloseTo(3, 12);
    expect(h.mu[3]).toBeCloseTo(6, 11);
    expect(h.muStar2).toBeCloseTo(6, 11);
    // a leaky ReLU written by hand: max(x, 0.1 x) = 0.9 relu(x) + 0.1 x
    const leaky = hermiteCoefficients({ value: (x) => (x > 0 ? x : 0.1 * x), derivative: (x) => (x > 0 ? 1 : 0.1), kinks: [0] });
    expect(leaky.method).toBe("piecewise-gauss-legendre");
    expect(Math.abs(leaky.mu0 - 0.9 / Math.sqrt(2 * Math.PI))).toBeLessThan(1e-13);
    expect(Math.abs(leaky.mu1 - 0.55)).toBeLessThan(1e-13);
    expect(Math.abs(leaky.muStar2 - 0.81 * (0.25 - 1 / (2 * Math.PI)))).toBeLessThan(1e-13);
  });

  it("rejects unknown activations and bad options", () => {
    expect(() => hermiteCoefficients("swish" as "relu")).toThrow(InvalidArgumentError);
    expect(() => hermiteCoefficients("tanh", { nodes: 1 })).toThrow(InvalidArgumentError);
    expect(() => hermiteCoefficients("tanh", { degree: -1 })).toThrow(InvalidArgumentError);
  });
});

describe("shiftedCoefficients mu0(c), mu1(c), mu*^2(c)", () => {
  it("relu: the reference's numbers at c = -1, 0.7, 2", () => {
    const r = shiftedCoefficients("relu");
    const rows: [number, number, number, number][] = [
      [-1, 0.083315, 0.158655, 0.043227],
      [0.7, 0.842879, 0.758036, 0.062987],
      [2, 2.008491, 0.97725, 0.005179],
    ];
    for (const [c, m0, m1, s] of rows) {
      expect(Math.abs(r.mu0(c) - m0)).toBeLessThan(6e-7);
      expect(Math.abs(r.mu1(c) - m1)).toBeLessThan(6e-7);
      expect(Math.abs(r.muStar2(c) - s)).toBeLessThan(6e-7);
    }
  });

  it("erf by Gauss-Hermite matches mu0(c) = erf(c/sqrt 3), mu1(c) = 2 exp(-c^2/3)/sqrt(3 pi) to 1e-13", () => {
    const e = shiftedCoefficients("erf");
    expect(e.method).toBe("gauss-hermite");
    for (const c of [-6, -2.5, -0.3, 0, 1, 3.7, 8]) {
      expect(Math.abs(e.mu0(c) - erf(c / Math.sqrt(3)))).toBeLessThan(1e-13);
      expect(Math.abs(e.mu1(c) - (2 * Math.exp((-c * c) / 3)) / Math.sqrt(3 * Math.PI))).toBeLessThan(1e-13);
      expect(e.muStar2(c)).toBeGreaterThanOrEqual(0);
    }
  });

  it("abs and linear closed forms agree with the piecewise quadrature of the same functions", () => {
    const absQ = shiftedCoefficients({ value: Math.abs, kinks: [0] });
    const absC = shiftedCoefficients("abs");
    const lin = shiftedCoefficients("linear");
    for (const c of [-3, -0.5, 0, 1.2, 4]) {
      expect(Math.abs(absQ.mu0(c) - absC.mu0(c))).toBeLessThan(1e-13);
      expect(Math.abs(absQ.mu1(c) - absC.mu1(c))).toBeLessThan(1e-13);
      expect(Math.abs(absQ.muStar2(c) - absC.muStar2(c))).toBeLessThan(1e-12);
      expect(lin.mu0(c)).toBe(c);
      expect(lin.mu1(c)).toBe(1);
      expect(lin.muStar2(c)).toBe(0);
    }
  });

  it("reduce to the unshifted coefficients at c = 0", () => {
    for (const name of ["tanh", "silu", "relu"] as const) {
      const h = hermiteCoefficients(name);
      const s = shiftedCoefficients(name);
      expect(s.mu0(0)).toBeCloseTo(h.mu0, 13);
      expect(s.mu1(0)).toBeCloseTo(h.mu1, 13);
      expect(s.muStar2(0)).toBeCloseTo(h.muStar2, 13);
    }
    expect(() => shiftedCoefficients("tanh").mu0(NaN)).toThrow(InvalidArgumentError);
  });
});
