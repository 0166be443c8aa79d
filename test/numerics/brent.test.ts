import { describe, expect, it } from "vitest";
import { ConvergenceError, InvalidArgumentError, NonFiniteError } from "../../src/errors.js";
import { brentRoot } from "../../src/numerics/brent.js";

describe("Brent root finder", () => {
  it("finds known roots to rounding level: Dottie's number, Wallis' cubic, sqrt(2), ln 3", () => {
    // cos x = x: 0.7390851332151607 (the Dottie number); x^3 - 2x - 5 = 0: 2.0945514815423265
    // (Wallis's example, used by Newton); x^2 = 2; e^x = 3
    const cases: [(x: number) => number, number, number, number][] = [
      [(x) => Math.cos(x) - x, 0, 1, 0.7390851332151607],
      [(x) => x ** 3 - 2 * x - 5, 2, 3, 2.0945514815423265],
      [(x) => x * x - 2, 0, 2, Math.SQRT2],
      [(x) => Math.exp(x) - 3, -5, 5, Math.log(3)],
    ];
    for (const [f, a, b, root] of cases) {
      expect(Math.abs(brentRoot(f, a, b) - root)).toBeLessThan(4 * Number.EPSILON * Math.abs(root));
      expect(Math.abs(brentRoot(f, b, a) - root)).toBeLessThan(4 * Number.EPSILON * Math.abs(root)); // ends in either order
    }
  });

  it("stops at the requested relative tolerance, and needs far fewer evaluations than bisection", () => {
    let calls = 0;
    const f = (x: number) => {
      calls++;
      return Math.cos(x) - x;
    };
    const x = brentRoot(f, 0, 1, { tol: 1e-6 });
    expect(Math.abs(x - 0.7390851332151607)).toBeLessThan(1e-6);
    calls = 0;
    brentRoot(f, 0, 1);
    expect(calls).toBeLessThan(15); // bisection to 1e-16 would take 53
  });

  it("reaches a root at 0 with an absolute tolerance, and returns an exact zero at an end", () => {
    expect(Math.abs(brentRoot((x) => Math.sin(x), -1, 0.5, { absTol: 1e-14 }))).toBeLessThan(1e-14);
    expect(brentRoot((x) => x - 1, 1, 3)).toBe(1);
  });

  it("keeps the bracket on a function that defeats interpolation (a steep step)", () => {
    // f jumps from -1 to 1 at 1/3: the 'root' is the jump, found to rounding by the bisection fallback
    const x = brentRoot((t) => (t < 1 / 3 ? -1 : 1), 0, 1);
    expect(Math.abs(x - 1 / 3)).toBeLessThan(1e-15);
  });

  it("rejects a bracket without a sign change, non-finite values and exhausted iterations", () => {
    expect(() => brentRoot((x) => x * x + 1, -1, 1)).toThrow(InvalidArgumentError);
    expect(() => brentRoot(3 as never, -1, 1)).toThrow(InvalidArgumentError);
    expect(() => brentRoot((x) => x, Number.NaN, 1)).toThrow(InvalidArgumentError);
    expect(() => brentRoot((x) => x, -1, 1, { tol: -1 })).toThrow(InvalidArgumentError);
    expect(() => brentRoot((x) => (x > 0.5 ? Number.NaN : x - 0.7), 0, 1)).toThrow(NonFiniteError);
    expect(() => brentRoot((x) => Math.cos(x) - x, 0, 1, { maxIter: 2 })).toThrow(ConvergenceError);
  });
});
