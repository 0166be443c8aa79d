// The normal upper tail (src/numerics/normal.ts) against mpmath 1.3's erfc(x/sqrt 2)/2 at 25 digits.
import { describe, expect, it } from "vitest";
import { normalUpperTail } from "../../src/numerics/normal.js";
import { InvalidArgumentError } from "../../src/errors.js";

describe("normalUpperTail", () => {
  it("matches mpmath and keeps relative accuracy in the tail", () => {
    const ref: [number, number][] = [
      [1.96, 0.024997895148220436], [3, 0.0013498980316300945], [5, 2.8665157187919391e-7],
      [10, 7.6198530241605261e-24], [30, 4.9067139271481871e-198],
    ];
    for (const [x, q] of ref) expect(Math.abs(normalUpperTail(x) - q) / q).toBeLessThan(1e-12);
    expect(normalUpperTail(0)).toBe(0.5);
  });

  it("is 1 - Q(-x) on the left and continuous at the switch |x| = 2.5 sqrt 2", () => {
    for (const x of [0.3, 1, 2, 3.5, 3.53, 3.54, 6]) expect(Math.abs(normalUpperTail(-x) - (1 - normalUpperTail(x)))).toBeLessThan(2e-16);
    const x0 = 2.5 * Math.SQRT2;
    expect(Math.abs(normalUpperTail(x0 - 1e-12) - normalUpperTail(x0 + 1e-12)) / normalUpperTail(x0)).toBeLessThan(1e-11);
    expect(normalUpperTail(Infinity)).toBe(0);
    expect(normalUpperTail(-Infinity)).toBe(1);
    expect(() => normalUpperTail(NaN)).toThrow(InvalidArgumentError);
  });
});
