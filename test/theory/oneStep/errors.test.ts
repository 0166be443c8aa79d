/**
 * Bad arguments get typed errors naming the option; a fixed point that cannot converge within the
 * budget (maxIter = 1, or a damping of 1 - 1e-9) raises ConvergenceError with the iterations, the
 * residual and the last iterate; nothing returns a silent NaN.
 */
import { describe, expect, it } from "vitest";
import {
  linearRidgeTestError, oneStepTestError, oneStepTestErrorEquivalent, randomFeaturesTestError,
} from "../../../src/theory/oneStep/index.js";
import { ConvergenceError, InvalidArgumentError } from "../../../src/errors.js";

const tanh = { value: Math.tanh, derivative: (x: number) => 1 - Math.tanh(x) ** 2 };
const ok = { activation: tanh, target: Math.sin, alpha0: 20, eta: 3, ridge: 0.1, alpha: 1 };

describe("oneStepTestError: errors", () => {
  it("ConvergenceError at maxIter = 1 and at an absurd damping", () => {
    try {
      oneStepTestError({ ...ok, maxIter: 1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConvergenceError);
      const c = e as ConvergenceError;
      expect(c.iterations).toBe(1);
      expect(c.residual).toBeGreaterThan(0);
      expect(c.partial).toBeInstanceOf(Float64Array);
      expect(c.message).toMatch(/maxIter = 1/);
    }
    expect(() => oneStepTestError({ ...ok, damping: 1 - 1e-9, maxIter: 200 })).toThrow(ConvergenceError);
  });

  it("rejects bad options with InvalidArgumentError naming them", () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ alpha: 0 }, /alpha/], [{ alpha: -1 }, /alpha/], [{ alpha: Number.NaN }, /alpha/], [{ alpha: Infinity }, /alpha/],
      [{ ridge: 0 }, /ridge/], [{ ridge: "0.1" }, /ridge/], [{ widthRatio: 0 }, /widthRatio/], [{ widthRatio: 1e12 }, /widthRatio/],
      [{ eta: -3 }, /eta/], [{ alpha0: -1 }, /alpha0/], [{ convention: "sampled" }, /convention/],
      [{ damping: 1 }, /damping/], [{ damping: -0.1 }, /damping/], [{ tol: 0 }, /tol/], [{ maxIter: 2.5 }, /maxIter/],
      [{ activation: 3 }, /activation/], [{ target: { value: 1 } }, /target/], [{ target: () => Infinity }, /target/],
      [{ noise: -0.1 }, /noise/], [{ stepParameters: { r: 1, cW: 0, gamma: 0.5 } }, /cW/], [{ stepParameters: { r: 1, cW: 1, gamma: 2 } }, /gamma/],
    ];
    for (const [patch, name] of bad) {
      expect(() => oneStepTestError({ ...ok, ...patch } as never)).toThrow(name);
      expect(() => oneStepTestError({ ...ok, ...patch } as never)).toThrow(InvalidArgumentError);
    }
    expect(() => oneStepTestError(undefined as never)).toThrow(InvalidArgumentError);
    expect(() => oneStepTestErrorEquivalent({ ...ok, ridge: -1 })).toThrow(InvalidArgumentError);
    expect(() => randomFeaturesTestError({ activation: tanh, target: Math.sin, ridge: 0.1, alpha: -2 })).toThrow(InvalidArgumentError);
    expect(() => linearRidgeTestError({ target: Math.sin, ridge: 0.1, alpha: 0 })).toThrow(InvalidArgumentError);
    expect(() => linearRidgeTestError({ target: "sin", ridge: 0.1, alpha: 1 } as never)).toThrow(InvalidArgumentError);
  });

  it("an activation that blows up inside the quadrature is an InvalidArgumentError, not a NaN", () => {
    const spiky = (z: number) => (z > 5 ? Number.NaN : Math.tanh(z));
    expect(() => oneStepTestError({ ...ok, activation: spiky })).toThrow(InvalidArgumentError);
  });
});
