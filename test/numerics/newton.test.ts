import { describe, expect, it } from "vitest";
import { InvalidArgumentError, NonFiniteError } from "../../src/errors.js";
import { solveMonotone } from "../../src/numerics/newton.js";

describe("safeguarded Newton for monotone equations (solveMonotone)", () => {
  it("solves t^2 = 2, t + e^t = 2 and atan t = 1.4 to rounding level", () => {
    expect(Math.abs(solveMonotone((t) => t * t, (t) => 2 * t, 2, 0, 2) - Math.SQRT2)).toBeLessThan(4e-16);
    // t + e^t = 2: t = 2 - W(e^2), W(e^2) = 1.5571455989976113 (Lambert W)
    expect(Math.abs(solveMonotone((t) => t + Math.exp(t), (t) => 1 + Math.exp(t), 2, -5, 5) - (2 - 1.5571455989976113))).toBeLessThan(1e-15);
    // atan t = 1.4 from t = 9: plain Newton overshoots to -|t| and diverges there; the bracket keeps it
    const t = solveMonotone(Math.atan, (x) => 1 / (1 + x * x), 1.4, -10, 10, 9);
    expect(Math.abs(t - Math.tan(1.4))).toBeLessThan(1e-14 * Math.tan(1.4));
  });

  it("converges with a useless derivative (0 or NaN) by bisection alone", () => {
    const t = solveMonotone((x) => x ** 3, () => 0, 0.125, -1, 3);
    expect(Math.abs(t - 0.5)).toBeLessThan(1e-15);
    const u = solveMonotone((x) => x ** 3, () => Number.NaN, 8, 0, 3);
    expect(Math.abs(u - 2)).toBeLessThan(1e-15);
  });

  it("returns the end of the bracket when the target is out of range", () => {
    expect(Math.abs(solveMonotone((t) => t, () => 1, 5, 0, 1) - 1)).toBeLessThan(1e-15);
    expect(Math.abs(solveMonotone((t) => t, () => 1, -5, 0, 1))).toBeLessThan(1e-15);
  });

  it("rejects a bad bracket, a NaN value and a missing derivative", () => {
    expect(() => solveMonotone((t) => t, () => 1, 0, 1, 0)).toThrow(InvalidArgumentError);
    expect(() => solveMonotone((t) => t, () => 1, 0, -Infinity, 0)).toThrow(InvalidArgumentError);
    expect(() => solveMonotone(() => Number.NaN, () => 1, 0, 0, 1)).toThrow(NonFiniteError);
    expect(() => solveMonotone((t) => t, null as never, 0, 0, 1)).toThrow(InvalidArgumentError);
  });
});
