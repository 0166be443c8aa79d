import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { complexInverse } from "../../src/numerics/complexGaussJordan.js";
import { normalSource } from "../helpers.js";

/** max |A X - I| over the entries, for complex A, X (separate parts, row-major K x K). */
function residual(K: number, ar: Float64Array, ai: Float64Array, xr: Float64Array, xi: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      let sr = i === j ? -1 : 0;
      let si = 0;
      for (let k = 0; k < K; k++) {
        sr += ar[i * K + k]! * xr[k * K + j]! - ai[i * K + k]! * xi[k * K + j]!;
        si += ar[i * K + k]! * xi[k * K + j]! + ai[i * K + k]! * xr[k * K + j]!;
      }
      worst = Math.max(worst, Math.hypot(sr, si));
    }
  }
  return worst;
}

describe("complex Gauss-Jordan inverse", () => {
  it("A A^{-1} = I to 1e-12 for random complex matrices, K = 1..12", () => {
    const rnd = normalSource(7);
    for (let K = 1; K <= 12; K++) {
      const ar = Float64Array.from({ length: K * K }, rnd);
      const ai = Float64Array.from({ length: K * K }, rnd);
      const xr = ar.slice();
      const xi = ai.slice();
      expect(complexInverse(K, xr, xi, new Float64Array(2 * K * K), new Float64Array(2 * K * K))).toBe(true);
      expect(residual(K, ar, ai, xr, xi)).toBeLessThan(1e-12 * K);
    }
  });

  it("matches the 2 x 2 closed form [[d, -b], [-c, a]] / (ad - bc), pivoting past a zero leading entry", () => {
    // A = [[0, i], [1 + i, 2]]: the first pivot must come from row 2; det = 0 * 2 - i (1 + i) = 1 - i
    const ar = Float64Array.of(0, 0, 1, 2);
    const ai = Float64Array.of(0, 1, 1, 0);
    expect(complexInverse(2, ar, ai, new Float64Array(8), new Float64Array(8))).toBe(true);
    // inverse = [[2, -i], [-(1 + i), 0]] / (1 - i), and 1/(1 - i) = (1 + i)/2
    const want: [number, number][] = [[1, 1], [0.5, -0.5], [0, -1], [0, 0]];
    want.forEach(([re, im], k) => {
      expect(Math.abs(ar[k]! - re)).toBeLessThan(1e-15);
      expect(Math.abs(ai[k]! - im)).toBeLessThan(1e-15);
    });
  });

  it("reports a singular matrix (false) and rejects short arrays", () => {
    const ar = Float64Array.of(1, 2, 2, 4);
    const ai = Float64Array.of(1, 2, 2, 4);
    expect(complexInverse(2, ar, ai, new Float64Array(8), new Float64Array(8))).toBe(false);
    expect(() => complexInverse(2, new Float64Array(4), new Float64Array(4), new Float64Array(4), new Float64Array(8))).toThrow(InvalidArgumentError);
  });
});
