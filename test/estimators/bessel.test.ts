import { describe, expect, it } from "vitest";
import { besselI0, besselI1, besselK0, besselK1, besselK1OverK0, besselRatioA, InvalidArgumentError } from "../../src/index.js";

// Abramowitz-Stegun Tables 9.8 and 9.9 (K_n, I_n), as printed (8 to 11 significant digits).
const TABLE: [number, number, number, number, number][] = [
  // x, K0, K1, I0, I1
  [0.1, 2.4270690247, 9.8538447809, 1.0025015629, 0.05006252605],
  [1, 0.4210244382, 0.6019072302, 1.2660658778, 0.5651591040],
  [2, 0.1138938727, 0.1398658818, 2.2795853023, 1.5906368546],
  [5, 0.0036910983, 0.0040446134, 27.239871824, 24.335642142],
  [10, 1.778006232e-5, 1.864877345e-5, 2815.7166285, 2670.9883037],
];

/** K0 and K1 by the defining series (A-S 9.6.11), written independently, for moderate x. */
function seriesK(x: number): [number, number] {
  const g = 0.5772156649015329;
  const q = (x * x) / 4;
  let k0 = 0;
  let k1 = 1 / x;
  let fact = 1; // k!
  let harm = 0; // H_k
  let i0 = 0;
  let i1 = 0;
  for (let k = 0; k < 80; k++) {
    if (k > 0) {
      fact *= k;
      harm += 1 / k;
    }
    const t0 = Math.pow(q, k) / (fact * fact);
    const t1 = Math.pow(q, k) / (fact * fact * (k + 1));
    i0 += t0;
    i1 += (x / 2) * t1;
    k0 += (harm - g) * t0;
    k1 -= (x / 4) * (2 * (harm - g) + 1 / (k + 1)) * t1;
  }
  return [k0 - Math.log(x / 2) * i0, k1 + Math.log(x / 2) * i1];
}

describe("modified Bessel functions", () => {
  it("match Abramowitz-Stegun tables to the printed digits", () => {
    // the printed values carry 8 to 11 significant digits: half a unit of the 8th is 6e-8 relative
    for (const [x, k0, k1, i0, i1] of TABLE) {
      expect(Math.abs(besselK0(x) / k0 - 1)).toBeLessThan(6e-8);
      expect(Math.abs(besselK1(x) / k1 - 1)).toBeLessThan(6e-8);
      expect(Math.abs(besselI0(x) / i0 - 1)).toBeLessThan(6e-8);
      expect(Math.abs(besselI1(x) / i1 - 1)).toBeLessThan(6e-8);
    }
  });

  it("the continued fraction (x > 2) agrees with the power series", () => {
    for (const x of [2.0001, 2.5, 3, 4, 5, 6]) {
      const [k0, k1] = seriesK(x);
      // the series cancels ~e^{2x}/x of its digits: 1e-16 * e^{2x} bounds its error
      const tol = 1e-15 * Math.exp(2 * x);
      expect(Math.abs(besselK0(x) / k0 - 1)).toBeLessThan(tol);
      expect(Math.abs(besselK1(x) / k1 - 1)).toBeLessThan(tol);
    }
  });

  it("satisfies the Wronskian I0 K1 + I1 K0 = 1/x from 1e-3 to 60", () => {
    for (let e = -3; e <= Math.log10(60); e += 0.1) {
      const x = Math.pow(10, e);
      expect(Math.abs(x * (besselI0(x) * besselK1(x) + besselI1(x) * besselK0(x)) - 1)).toBeLessThan(1e-13);
    }
  });

  it("K1/K0 stays finite where K0 underflows, following 1 + 1/(2x) - 1/(8 x^2)", () => {
    expect(besselK0(800)).toBe(0);
    for (const x of [200, 800, 1e4]) {
      const asym = 1 + 1 / (2 * x) - 1 / (8 * x * x) + 1 / (8 * x ** 3);
      expect(Math.abs(besselK1OverK0(x) - asym)).toBeLessThan(5 / x ** 4);
    }
    // a(y) = |y| K1/K0: even, a(0) = 0, a ~ 1 / ln(2/|y|) near 0
    expect(besselRatioA(0)).toBe(0);
    expect(besselRatioA(-1.5)).toBe(besselRatioA(1.5));
    expect(besselRatioA(1e-8)).toBeCloseTo(1 / (Math.log(2e8) - 0.5772156649), 3);
  });

  it("rejects x <= 0", () => {
    expect(() => besselK0(0)).toThrow(InvalidArgumentError);
    expect(() => besselK1(-1)).toThrow(InvalidArgumentError);
  });
});
