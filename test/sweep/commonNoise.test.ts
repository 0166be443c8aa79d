/**
 * Common random numbers in sweeps (issue #21): the rank-one update route of the one-spike models
 * against dense eigh and against the per-instance Lanczos route on the same instances, the seeds'
 * crossings, and the threshold of a common-noise sweep against an independent-noise one.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { eigh } from "../../src/linalg/eigh.js";
import { rankOneUpdateTop } from "../../src/linalg/rankOneUpdate.js";
import { Matrix } from "../../src/matrix.js";
import { Rng } from "../../src/random/rng.js";
import { getModel } from "../../src/sweep/models/index.js";
import { denseSeriesPays } from "../../src/sweep/models/rankOneSeries.js";
import { medianWithError, seedCrossings } from "../../src/sweep/seedCrossings.js";
import { sweep } from "../../src/sweep/sweep.js";
import { summarizeTransition } from "../../src/sweep/transition.js";
import type { TaskRecord } from "../../src/sweep/types.js";
import { ready } from "../../src/wasm/loader.js";

beforeAll(async () => {
  await ready();
});

describe("rankOneUpdateTop: top eigenpairs of diag(d) + rho z z^T by the secular equation", () => {
  it("matches dense eigh in values (1e-13 relative) and vectors (angle 1e-12), both signs of rho, with deflated components", () => {
    const rng = Rng.from(3);
    for (const [n, rho, zeros] of [[60, 0.7, 0], [200, -1.3, 0], [150, 40, 5], [120, 1e-7, 0], [80, 2, 79]] as [number, number, number][]) {
      const d = rng.normal(n).sort();
      const z = rng.normal(n).map((x) => x / Math.sqrt(n));
      // deflation: zero components, including the top pole's (the top eigenvalue is then d_max itself)
      for (let j = 0; j < zeros; j++) z[n - 1 - j] = 0;
      const A = Matrix.fromFunction(n, n, (i, j) => (i === j ? d[i]! : 0) + rho * z[i]! * z[j]!);
      const ref = eigh(A);
      const top = rankOneUpdateTop(d, z, rho, 3);
      const scale = Math.max(...ref.values.map(Math.abs));
      top.forEach((p, r) => {
        const idx = n - 1 - r;
        expect(Math.abs(p.value - ref.values[idx]!)).toBeLessThan(1e-13 * scale);
        const norm = Math.hypot(...p.vector);
        let dot = 0;
        for (let i = 0; i < n; i++) dot += ref.vectors!.data[i * n + idx]! * p.vector[i]! / norm;
        expect(1 - Math.abs(dot)).toBeLessThan(1e-12);
      });
    }
  });

  it("rejects bad input with a typed error", () => {
    const d = Float64Array.from([1, 2, 3]);
    expect(() => rankOneUpdateTop(d, Float64Array.from([1, 2]), 1, 1)).toThrow(/z has length 2/);
    expect(() => rankOneUpdateTop(Float64Array.from([2, 1, 3]), d, 1, 1)).toThrow(/ascending/);
    expect(() => rankOneUpdateTop(d, d, NaN, 1)).toThrow(/rho must be finite/);
    expect(() => rankOneUpdateTop(d, d, 1, 4)).toThrow(/k must be an integer in \[1, 3\]/);
  });
});

describe("measureSeries: one factorization per seed, each theta a rank-one update", () => {
  for (const [name, fixed] of [["spiked-wigner", { n: 300 }], ["spiked-covariance", { n: 600, gamma: 0.5 }], ["spiked-covariance", { n: 200, gamma: 1.5 }]] as const) {
    it(`${name} ${JSON.stringify(fixed)}: the same instances as measure (Lanczos), value by value`, () => {
      const model = getModel(name);
      const all = { ...model.defaults, ...fixed };
      const thetas = [0, 0.4, 0.8, 1.1, 1.6, 2.4];
      const series = model.measureSeries!(thetas, all, 41, 50);
      thetas.forEach((theta, i) => {
        const one = model.measure(theta, all, 41);
        // eigsh stops at residual 1e-6 ||A|| (SWEEP_TOL): eigenvalues to ~1e-9, overlaps to ~1e-5 near the edge
        expect(Math.abs(series[i]!.top[0]! - one.top[0]!)).toBeLessThan(1e-7 * Math.abs(one.top[0]!));
        expect(Math.abs(series[i]!.edge - one.edge)).toBeLessThan(1e-7 * Math.abs(one.top[0]!));
        expect(Math.abs(series[i]!.overlaps[0]! - one.overlaps[0]!)).toBeLessThan(1e-4);
      });
    });
  }

  it("takes the dense route where its time estimate is lower (small d, many values), Lanczos otherwise", () => {
    expect(denseSeriesPays("covariance", 25, 2000, 1000)).toBe(true);
    expect(denseSeriesPays("covariance", 1, 2000, 1000)).toBe(false);
    expect(denseSeriesPays("covariance", 25, 40000, 20000)).toBe(false);
    expect(denseSeriesPays("wigner", 25, 1000, 1000)).toBe(true);
    expect(denseSeriesPays("wigner", 3, 4000, 4000)).toBe(false);
  });
});

/** Records of one seed whose statistic is a line through `crossing` (slope 1) on a grid. */
function lineRecords(seedIndex: number, crossing: number, grid: number[]): TaskRecord[] {
  return grid.map((value) => ({ seedIndex, value, measurement: { overlaps: [value - crossing] } }) as unknown as TaskRecord);
}

describe("seedCrossings", () => {
  it("finds each seed's crossing by interpolation, -Infinity / +Infinity outside the grid, and their median", () => {
    const grid = [0, 0.5, 1, 1.5, 2];
    const records = [0.3, 0.8, 1.2, 1.7, -1, 5].flatMap((c, s) => lineRecords(s, c, grid));
    const r = seedCrossings(records, (x) => x.measurement.overlaps[0]!, 0);
    expect(r.crossings.slice(0, 4).map((c) => Number(c.toFixed(12)))).toEqual([0.3, 0.8, 1.2, 1.7]);
    expect(r.crossings.slice(4)).toEqual([-Infinity, Infinity]);
    expect(r.estimate).toBeCloseTo(1.0, 12);
    expect(r.bracketed).toBe(true);
    expect(r.uncertainty).toBeGreaterThan(0);
    expect(medianWithError([Infinity, Infinity, 1]).bracketed).toBe(false);
    expect(() => seedCrossings(null as never, () => 0, 0)).toThrow(/records must be an array/);
  });

  it("its standard error is the spread of the median over replicates (normal crossings, 24 seeds, 400 replicates)", () => {
    const rng = Rng.from(8);
    const estimates: number[] = [];
    const errors: number[] = [];
    for (let rep = 0; rep < 400; rep++) {
      const c = Array.from(rng.normal(24), (x) => 1 + 0.2 * x);
      const m = medianWithError(c);
      estimates.push(m.estimate);
      errors.push(m.uncertainty);
    }
    const mean = estimates.reduce((s, x) => s + x, 0) / estimates.length;
    const sd = Math.sqrt(estimates.reduce((s, x) => s + (x - mean) ** 2, 0) / (estimates.length - 1));
    const typical = errors.sort((a, b) => a - b)[200]!;
    // sqrt(pi/2) 0.2 / sqrt(24) = 0.0512 in the limit; small-sample median of 24 normals: ~0.050
    expect(Math.abs(mean - 1)).toBeLessThan(3 * sd / Math.sqrt(400));
    expect(typical / sd).toBeGreaterThan(0.85);
    expect(typical / sd).toBeLessThan(1.2);
  });
});

describe("a common-noise sweep", () => {
  it("measures the spiked covariance threshold as the independent-noise sweep does, within their joint error", async () => {
    const values = Array.from({ length: 12 }, (_, i) => Number((0.4 + 0.1 * i).toFixed(1)));
    const base = { model: "spiked-covariance", values, fixed: { n: 400, gamma: 0.5 }, seeds: 24, seed: 2, workers: 1 };
    const common = summarizeTransition(await sweep(base));
    const independent = summarizeTransition(await sweep({ ...base, noise: "independent" }));
    const a = common.eigenvalueThreshold, b = independent.eigenvalueThreshold;
    expect(a.bracketed && b.bracketed).toBe(true);
    expect(Math.abs(a.estimate - b.estimate)).toBeLessThan(2.5 * Math.hypot(a.uncertainty, b.uncertainty));
    // at finite n both sit above theta_c = sqrt(gamma) by the critical window, O(n^(-1/3))
    expect(a.estimate).toBeGreaterThan(Math.sqrt(0.5) - 2 * a.uncertainty);
    // the overlaps of the two agree point by point within their standard errors (3 sigma, 12 points)
    common.points.forEach((p, i) => {
      const q = independent.points[i]!;
      expect(Math.abs(p.overlapMean - q.overlapMean)).toBeLessThan(3.5 * Math.hypot(p.overlapStd, q.overlapStd) / Math.sqrt(24) + 1e-3);
    });
  }, 120_000);

  it("refuses common noise for a model without a series; independent is the default over several sizes", async () => {
    await expect(sweep({ model: "tap", values: [1], fixed: { d: 40 }, seeds: 1, workers: 1, noise: "common" })).rejects.toThrow(/model tap has no common-noise series/);
    await expect(sweep({ model: "spiked-wigner", values: [1], seeds: 1, noise: "fresh" as never })).rejects.toThrow(/noise must be "common" or "independent"/);
    const sized = await sweep({ model: "spiked-wigner", values: [1], sizes: [40, 50], seeds: 1, workers: 1 });
    expect(sized.some((r) => r.noise === "common")).toBe(false);
    const one = await sweep({ model: "spiked-wigner", values: [1, 2], fixed: { n: 40 }, seeds: 2, workers: 1 });
    expect(one.every((r) => r.noise === "common")).toBe(true);
    expect(() => summarizeTransition([...one, ...sized.map((r) => ({ ...r, fixed: { n: 40 } }))])).toThrow(/mix common-noise/);
  });
});
