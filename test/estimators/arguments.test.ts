/**
 * Bad arguments of the spectral estimators, their operators, the index-model sampler and the
 * estimator predictions (issue #13): a typed error naming the argument, never a TypeError.
 */
import { describe, expect, it } from "vitest";
import {
  classicalEstimator, InvalidArgumentError, lampEstimator, LampOperator, lampOverlapCurve, lampPrediction, links, populationConstants,
  predictEstimators, preprocessedPrediction, sampleIndexModel, setThreads, ShapeError, tapEstimator, TapOperator, tapOverlapCurve, tapPrediction,
  uniformStream,
} from "../../src/index.js";
import { denseLamp } from "../../src/estimators/spectral.js";

setThreads(1);
const data = sampleIndexModel(links.square(), { d: 20, alpha: 2, seed: 1 });
const law = { values: [0.5, -0.5], weights: [0.5, 0.5] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const bad = (v: unknown) => v as any;

describe("typed errors naming the argument", () => {
  it("estimators: options, tol, clip, solver", () => {
    for (const f of [tapEstimator, classicalEstimator, lampEstimator]) {
      expect(() => f(data, bad(null))).toThrow(/options must be an object/);
      expect(() => f(data, bad(5))).toThrow(InvalidArgumentError);
      expect(() => f(data, { tol: -1 })).toThrow(/tol must be a finite number > 0/);
      expect(() => f(data, { tol: bad("x") })).toThrow(/tol/);
      expect(() => f(data, { denoiserOptions: bad(5) })).toThrow(/denoiserOptions/);
      expect(() => f(bad(null))).toThrow(/data must be \{ X, y \}/);
    }
    expect(() => tapEstimator(data, { clip: 0, solver: "lanczos" })).toThrow(/clip must be a finite number > 0 or false/);
    expect(() => tapEstimator(data, { clip: bad(true), solver: "lanczos" })).toThrow(/clip/);
    expect(() => classicalEstimator(data, { solver: bad(5) })).toThrow(/solver must be/);
    expect(() => tapEstimator(data, { k: bad("2") })).toThrow(/k must be an integer/);
  });

  it("operators and the dense LAMP matrix", () => {
    const G = new Float64Array(data.n);
    expect(() => new LampOperator(data.X, G, 1, bad(null))).toThrow(/LampOperator: options must be an object/);
    expect(() => new TapOperator(data.X, G, 1, bad(null))).toThrow(/TapOperator: options must be an object/);
    expect(() => denseLamp(bad(null), G, 1, "identity")).toThrow(InvalidArgumentError);
    expect(() => denseLamp(data.X, bad(null), 1, "identity")).toThrow(/G must be/);
    expect(() => denseLamp(data.X, G, 0, "identity")).toThrow(/p must be a positive integer/);
    expect(() => denseLamp(data.X, G.subarray(1), 1, "identity")).toThrow(ShapeError);
    expect(() => denseLamp(data.X, G, 1, bad("x"))).toThrow(/diagonal must be/);
  });

  it("sampler and predictions", () => {
    expect(() => sampleIndexModel(links.square(), bad(null))).toThrow(/sampleIndexModel: options must be an object/);
    expect(() => sampleIndexModel(links.square(), bad(undefined))).toThrow(InvalidArgumentError);
    expect(() => uniformStream(bad(null))).toThrow(/rng must be an Rng/);
    expect(() => predictEstimators(bad(null), 2)).toThrow(/pop must be the PopulationConstants/);
    expect(() => predictEstimators(populationConstants(links.square()), bad("2"))).toThrow(/alpha/);
    expect(() => lampPrediction(2, bad(null))).toThrow(/lampPrediction: input must be/);
    expect(() => lampPrediction(2, { alphaC: bad("1"), lambda3: 1 })).toThrow(/alphaC and lambda3 must be numbers/);
    expect(() => lampPrediction(2, { alphaC: 1, lambda3: 1, nu: bad(null) })).toThrow(/nu must be/);
    expect(() => lampPrediction(2, { alphaC: 1, lambda3: 1, nu: ["x"] as unknown as number[] })).toThrow(/nu must be finite/);
    expect(() => preprocessedPrediction(2, law, null, bad(null))).toThrow(/preprocessedPrediction: options must be an object/);
    expect(() => preprocessedPrediction(2, law, null, { supT: bad("x") })).toThrow(/supT must be a finite number/);
    expect(() => preprocessedPrediction(2, { ...law, second: bad(null) })).toThrow(/second must be/);
    expect(() => tapPrediction(2, [{ values: bad(null), weights: [1] }])).toThrow(/values must be/);
    expect(() => tapPrediction(2, [law], bad(null))).toThrow(/tapPrediction: options must be an object/);
    expect(() => tapOverlapCurve(bad(null), law)).toThrow(/alphas must be/);
    expect(() => lampOverlapCurve(bad(null), 1, 1)).toThrow(/alphas must be/);
  });
});
