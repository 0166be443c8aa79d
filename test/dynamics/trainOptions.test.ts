// The trainer's options (src/dynamics/trainOptions.ts, schedule.ts, targets.ts): typed errors for
// bad arguments before any work, the record schedule, and the Hermite targets He_l against their
// closed forms and the orthogonality E[He_l He_m] = l! delta_lm (Gauss-Hermite quadrature).
import { describe, expect, it } from "vitest";
import {
  hermiteLink, hermitePolynomial, InvalidArgumentError, links, Matrix, recordSchedule, ShapeError, targetLink, train, WasmMemoryError,
  type TrainOptions,
} from "../../src/index.js";
import { gaussHermite } from "../../src/numerics/gaussHermite.js";

const ok: TrainOptions = { d: 20, p: 3, target: "he2", lr: 0.1, steps: 4, testSize: 0, seed: 1 };

describe("bad arguments", () => {
  const cases: Array<[string, Partial<TrainOptions> | null, RegExp, Function]> = [
    ["negative d", { d: -3 }, /d must be a positive integer/, InvalidArgumentError],
    ["fractional p", { p: 2.5 }, /p must be a positive integer/, InvalidArgumentError],
    ["unknown algorithm", { algorithm: "adam" as never }, /algorithm must be one of 'sgd', 'repeat', 'gd'/, InvalidArgumentError],
    ["gd without samples", { algorithm: "gd" }, /'gd' needs samples/, InvalidArgumentError],
    ["samples with sgd", { samples: 100 }, /samples is for algorithm 'gd'/, InvalidArgumentError],
    ["NaN lr", { lr: NaN }, /lr must be a finite number/, InvalidArgumentError],
    ["negative lr", { lr: -1 }, /lr must be a finite number >= 0/, InvalidArgumentError],
    ["fractional steps", { steps: 1.5 }, /steps must be an integer/, InvalidArgumentError],
    ["unknown loss", { loss: "hinge" as never }, /loss must be one of/, InvalidArgumentError],
    ["unknown target", { target: "z^7" }, /unknown link/, InvalidArgumentError],
    ["unknown activation", { activation: "softplus" as never }, /unknown activation/, InvalidArgumentError],
    ["a of the wrong length", { a: [1, 2] }, /a has 2 entries, the width p is 3/, InvalidArgumentError],
    ["teacher of the wrong shape", { teacher: new Matrix(2, 20) }, /teacher must be k x d = 1 x 20/, ShapeError],
    ["record beyond steps", { record: [0, 9] }, /record steps must be integers in 0\.\.4/, InvalidArgumentError],
    ["threshold outside (0, 1)", { weakRecoveryThreshold: 1.5 }, /weakRecoveryThreshold must lie in \(0, 1\)/, InvalidArgumentError],
    ["negative noise", { noise: -0.1 }, /noise must be a finite number >= 0/, InvalidArgumentError],
    ["data with sgd", { data: { X: new Matrix(3, 20), y: [1, 2, 3] } }, /data .* is for algorithm 'gd'/, InvalidArgumentError],
    ["data of the wrong width", { algorithm: "gd", data: { X: new Matrix(3, 5), y: [1, 2, 3] } }, /data.X has 5 columns, d is 20/, ShapeError],
    ["a teacher direction count above d", { d: 1, target: "z1*z2" }, /needs d >= 2/, InvalidArgumentError],
  ];
  for (const [what, change, message, type] of cases) {
    it(`${what}: ${type.name}`, () => {
      expect(() => train({ ...ok, ...change } as TrainOptions)).toThrow(type as never);
      expect(() => train({ ...ok, ...change } as TrainOptions)).toThrow(message);
    });
  }

  it("sizes beyond wasm32 fail before any work with WasmMemoryError", () => {
    const t = performance.now();
    expect(() => train({ ...ok, d: 60000, p: 60000 })).toThrow(WasmMemoryError);
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it("a diverging run raises NonFiniteError naming lr instead of returning NaN", () => {
    expect(() => train({ ...ok, lr: 1e200, steps: 20, batchSize: 4 })).toThrow(/diverged; lower lr/);
  });
});

describe("the record schedule", () => {
  it("is log-spaced from 0 to steps, distinct and sorted", () => {
    const s = recordSchedule({ points: 20 }, 100000);
    expect(s[0]).toBe(0);
    expect(s.at(-1)).toBe(100000);
    for (let i = 1; i < s.length; i++) expect(s[i]!).toBeGreaterThan(s[i - 1]!);
    // log spacing: the middle point is near sqrt(1 + steps) - 1 ~ 315
    const mid = recordSchedule({ points: 3 }, 100000);
    expect(mid).toEqual([0, Math.round(Math.sqrt(100001) - 1), 100000]);
    expect(recordSchedule(undefined, 3)).toEqual([0, 1, 2, 3]);
    expect(recordSchedule([5, 0, 5], 9)).toEqual([0, 5]);
  });
});

describe("Hermite targets", () => {
  it("He_l matches its closed forms", () => {
    for (const z of [-2.5, -0.3, 0, 1.1, 3]) {
      expect(hermitePolynomial(0, z)).toBe(1);
      expect(hermitePolynomial(1, z)).toBe(z);
      expect(hermitePolynomial(2, z)).toBeCloseTo(z * z - 1, 12);
      expect(hermitePolynomial(3, z)).toBeCloseTo(z ** 3 - 3 * z, 12);
      expect(hermitePolynomial(4, z)).toBeCloseTo(z ** 4 - 6 * z * z + 3, 12);
      expect(hermitePolynomial(5, z)).toBeCloseTo(z ** 5 - 10 * z ** 3 + 15 * z, 11);
    }
  });

  it("the normalized links are orthonormal under N(0, 1): E[g_l g_m] = delta_lm", () => {
    const { nodes, weights } = gaussHermite(40); // exact for polynomials of degree < 80, weights sum to 1
    for (let l = 1; l <= 5; l++) {
      for (let m = 1; m <= 5; m++) {
        const gl = hermiteLink(l), gm = hermiteLink(m);
        let e = 0;
        nodes.forEach((t, i) => (e += weights[i]! * gl.g(Float64Array.of(t)) * gm.g(Float64Array.of(t))));
        expect(e).toBeCloseTo(l === m ? 1 : 0, 10);
      }
    }
  });

  it("targetLink reads he1..he8, the expanded spellings (raw He_l) and the library aliases", () => {
    const z = Float64Array.of(1.7);
    expect(targetLink("he3").g(z)).toBeCloseTo((1.7 ** 3 - 3 * 1.7) / Math.sqrt(6), 14);
    expect(targetLink("He_3").g(z)).toBeCloseTo((1.7 ** 3 - 3 * 1.7) / Math.sqrt(6), 14);
    expect(targetLink("z^3 - 3z").g(z)).toBeCloseTo(1.7 ** 3 - 3 * 1.7, 14);
    expect(targetLink("z^3-3*z").g(z)).toBeCloseTo(1.7 ** 3 - 3 * 1.7, 14);
    expect(targetLink("z1*z2").p).toBe(2);
    const product = links.product();
    expect(targetLink(product)).toBe(product);
    expect(() => targetLink({ name: "bad", p: 0, g: () => 0 } as never)).toThrow(InvalidArgumentError);
    expect(() => hermiteLink(0)).toThrow(InvalidArgumentError);
  });
});
