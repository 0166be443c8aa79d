/**
 * Issue #13 item 5: the TAP and LAL estimators on noiseless phase retrieval (T = 1 - 1/y, eigenvalues
 * near -6e6 at d = 2000) return by default, through the clip of src/estimators/symmetricSolve.ts.
 * References: the dense solver on the same data (the unclipped matrix), the Lu-Li predictions
 * (src/theory/estimatorPredictions.ts), and the Loewner order M_clip >= M, which makes every clipped eigenvalue
 * an upper bound of the unclipped one.
 */
import { describe, expect, it } from "vitest";
import {
  ConvergenceError, classicalEstimator, links, overlap, populationConstants, predictEstimators, preprocessedPrediction,
  sampleIndexModel, setThreads, subspaceOverlap, tapEstimator, type SymmetricEstimate,
} from "../../src/index.js";
import { scalarPreprocessed } from "../../src/estimators/symmetricSolve.js";

setThreads(1); // two cores shared by every suite

const D = 2000;
const pop = populationConstants(links.square());
const cos = (a: SymmetricEstimate, b: SymmetricEstimate) => {
  let s = 0;
  for (let i = 0; i < D; i++) s += a.estimate.data[i]! * b.estimate.data[i]!;
  return Math.abs(s) / D; // both estimates have ||w||^2 = d
};

const law = pop.directions![0]!;
/** Lu-Li for T = max(1 - 1/y, -tau) on the PR law (y = E[z^2 | y] = `second`). */
const clippedPrediction = (alpha: number, tau: number) =>
  preprocessedPrediction(alpha, { values: law.lambda, weights: law.weights }, Array.from(law.second, (e) => Math.max(1 - 1 / e, -tau)), { supT: 1 });

const CASES: { alpha: number; seeds: number[] }[] = [{ alpha: 1.5, seeds: [1] }, { alpha: 2, seeds: [1, 2] }, { alpha: 3, seeds: [1] }];

describe("noiseless phase retrieval at d = 2000: the default estimators return", () => {
  const runs = CASES.map(({ alpha, seeds }) => ({
    alpha,
    pred: predictEstimators(pop, alpha).tap!,
    seeds: seeds.map((seed) => {
      const data = sampleIndexModel(links.square(), { d: D, alpha, seed, planted: "orthogonal" });
      let minY = Infinity;
      for (const v of data.y) minY = Math.min(minY, v);
      return {
        data,
        minY,
        dense: tapEstimator(data, { solver: "dense" }),
        tap: tapEstimator(data),
        lal: classicalEstimator(data, { preprocessing: "lal" }),
      };
    }),
  }));

  it("the spectrum is heavy-tailed (min T = 1 - 1/min y below -1e3), and the estimate says it was clipped at -100", () => {
    for (const { seeds } of runs) for (const { minY, tap, lal, data } of seeds) {
      expect(1 - 1 / minY).toBeLessThan(-1e3);
      for (const r of [tap, lal]) {
        expect(r.solver).toBe("lanczos");
        expect(r.fallback).toBeUndefined();
        expect(r.clip!.lower).toBe(-100);
        // the clipped samples are those with y < 1/101
        expect(r.clip!.samples).toBe(Array.from(data.y).filter((v) => 1 - 1 / v < -100).length);
      }
    }
  });

  it("top eigenvalue: an upper bound of the dense (unclipped) one, raised by the clip's predicted outlier shift; LAL = TAP d/n", () => {
    for (const { alpha, seeds } of runs) for (const { dense, tap, lal, data } of seeds) {
      const shift = tap.values[0]! - dense.values[0]!;
      expect(shift).toBeGreaterThanOrEqual(-1e-7); // M_clip >= M
      // Lu-Li on the clipped law predicts the outlier at 1 + dOut (1.4e-3, 2.8e-3, 9.4e-3 at alpha 1.5, 2, 3)
      const dOut = clippedPrediction(alpha, 100).outlier! - 1;
      expect(Math.abs(shift - dOut)).toBeLessThan(0.3 * dOut + 2e-4);
      expect(lal.values[0]!).toBeCloseTo((tap.values[0]! * data.d) / data.n, 6); // D = T / alpha, solved separately
    }
  });

  it("the eigenvector is the dense one to |cos| > 0.999", () => {
    for (const { seeds } of runs) for (const { dense, tap, lal } of seeds) {
      expect(cos(tap, dense)).toBeGreaterThan(0.999);
      expect(cos(lal, dense)).toBeGreaterThan(0.999);
    }
  });

  it("the overlap matches the Lu-Li prediction within the finite-size error (mean over seeds, +-0.04 at d = 2000)", () => {
    for (const { pred, seeds } of runs) {
      for (const key of ["tap", "lal", "dense"] as const) {
        const mean = seeds.reduce((s, r) => s + overlap(r[key].estimate, r.data.W), 0) / seeds.length;
        expect(Math.abs(mean - pred.overlap)).toBeLessThan(0.04);
      }
    }
  });
});

describe("p = 2: the clip as an eigenvalue floor on E[z z^T | y] (||z||^2 / 2 at d = 800, alpha = 4)", () => {
  it("4 outliers, each an upper bound of the dense one within 1e-2, the same subspace; the clipped samples counted", () => {
    const data = sampleIndexModel(links.norm(2), { d: 800, alpha: 4, seed: 2, planted: "orthogonal" });
    const dense = tapEstimator(data, { solver: "dense", k: 5 });
    const r = tapEstimator(data, { k: 5, tol: 1e-8 }); // d p = 1600: Lanczos
    expect(r.solver).toBe("lanczos");
    // E[z z^T | y] = y I_2, so a block is clipped iff 1 - 1/y < -100
    expect(r.clip).toEqual({ lower: -100, samples: Array.from(data.y).filter((v) => 1 - 1 / v < -100).length });
    expect(r.clip!.samples).toBeGreaterThan(0);
    for (let j = 0; j < 5; j++) {
      expect(r.values[j]! - dense.values[j]!).toBeGreaterThanOrEqual(-1e-7);
      expect(r.values[j]! - dense.values[j]!).toBeLessThan(1e-2);
    }
    expect(Math.abs(subspaceOverlap(r.subspace(4), data.W) - subspaceOverlap(dense.subspace(4), data.W))).toBeLessThan(1e-3);
  });
});

describe("the clip leaves the limit unchanged (Lu-Li on the clipped law)", () => {
  it("the outlier and bulk edge move by O(tau^{-3/2}) (below 1e-2 at tau = 100, 30x less at 1000), the overlap by less than 3e-4", () => {
    for (const alpha of [1.5, 2, 3]) {
      const exact = preprocessedPrediction(alpha, { values: law.lambda, weights: law.weights, second: law.second }, null, { supT: 1 });
      const [c100, c1000] = [clippedPrediction(alpha, 100), clippedPrediction(alpha, 1000)];
      const dOut = (c: typeof c100) => c.outlier! - 1;
      expect(dOut(c100)).toBeGreaterThan(0); // raising T raises the outlier
      expect(dOut(c100)).toBeLessThan(1e-2);
      expect(dOut(c1000)).toBeLessThan(dOut(c100) / 20); // tau^{-3/2}: a factor 31.6
      expect(Math.abs(c100.edge - exact.edge)).toBeLessThan(1e-2);
      expect(Math.abs(c1000.edge - exact.edge)).toBeLessThan(Math.abs(c100.edge - exact.edge) / 20);
      expect(Math.abs(c100.overlap - exact.overlap)).toBeLessThan(3e-4);
      expect(Math.abs(c1000.overlap - exact.overlap)).toBeLessThan(Math.abs(c100.overlap - exact.overlap) / 20);
    }
  });
});

describe("when Lanczos fails", () => {
  const data = sampleIndexModel(links.square(), { d: 300, alpha: 2, seed: 4 });
  it("an explicit 'lanczos' raises a ConvergenceError that names the estimator and the way out", () => {
    expect(() => tapEstimator(data, { solver: "lanczos", clip: false, maxIter: 2, ncv: 8 })).toThrow(ConvergenceError);
    expect(() => tapEstimator(data, { solver: "lanczos", clip: false, maxIter: 2, ncv: 8 })).toThrow(/tapEstimator.*solver 'dense'/);
  });
  it("'auto' falls back to the dense solver on the unclipped matrix and says so", () => {
    // d = 300 is solved densely by 'auto'; a ResidentMatrix-free Lanczos is forced by k above the
    // dense-auto size only at d p > 1500, so this checks the fallback at d = 1600
    const big = sampleIndexModel(links.square(), { d: 1600, alpha: 2, seed: 5 });
    const r = tapEstimator(big, { maxIter: 2, ncv: 8 });
    expect(r.solver).toBe("dense");
    expect(r.fallback).toMatch(/Lanczos did not converge/);
    expect(r.clip).toBeNull();
    const dense = tapEstimator(big, { solver: "dense" });
    expect(r.values[0]).toBe(dense.values[0]);
  });
});

describe("scalarPreprocessed: the clip of scalar T(y_i)", () => {
  it("clips at -tau times the reference (1, or the largest T), counts the samples, and leaves an all-negative T alone", () => {
    const t = Float64Array.of(0.5, -50, -200, -1e6);
    const byTop = scalarPreprocessed(t).clip(100)!;
    expect(byTop.lower).toBe(-50);
    expect(Array.from(byTop.blocks)).toEqual([0.5, -50, -50, -50]);
    expect(byTop.samples).toBe(2);
    const byRef = scalarPreprocessed(t, 1).clip(100)!;
    expect(Array.from(byRef.blocks)).toEqual([0.5, -50, -100, -100]);
    expect(byRef.samples).toBe(2);
    expect(Array.from(t)).toEqual([0.5, -50, -200, -1e6]); // the input is not modified
    expect(scalarPreprocessed(Float64Array.of(0.5, -20)).clip(100)).toBeNull();
    expect(scalarPreprocessed(Float64Array.of(-1, -1e6)).clip(100)).toBeNull();
  });
});
