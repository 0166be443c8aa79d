// The LAMP sweep's measurement (src/sweep/models/lamp.ts) after issue #21: eigs to the sweep's
// tolerance without its verification cycle, basis 40, against the dense eig of the same instance;
// and measureSeries (common random numbers: one sample at the largest alpha, its row prefixes) against
// measure at each value, which draws each instance by itself (src/sweep/models/indexModel.ts).
import { describe, expect, it } from "vitest";
import { Denoiser, eig, lampEstimator, Matrix, noisyLink, overlap, sampleIndexModel, type IndexModelSample } from "../../src/index.js";
import { denseLamp } from "../../src/estimators/spectral.js";
import { linkByName } from "../../src/estimators/links.js";
import { lampModel } from "../../src/sweep/models/lamp.js";
import type { Measurement } from "../../src/sweep/types.js";
import { measureIndexEstimator, measureIndexSeries } from "../../src/sweep/models/indexModel.js";

describe("the LAMP sweep's eigensolve", () => {
  it("gives the dense eig's top two real parts, the third (the bulk edge) and the dense estimate's overlap", () => {
    const fixed = { d: 60, link: "sign(z1*z2)" };
    const link = linkByName("sign(z1*z2)");
    for (const [alpha, seed] of [[4, 3], [1.5, 8]] as const) {
      const measured = lampModel.measure(alpha, fixed, seed);
      // the same instance, by the dense route: all eigenvalues of the n p x n p matrix (Francis QR)
      const sample = sampleIndexModel(link, { d: 60, alpha, seed, planted: "orthogonal" });
      const { re } = eig(denseLamp(sample.X, new Denoiser(link).G(sample.y), 2, "identity"), { vectors: false });
      const sorted = Array.from(re).sort((a, b) => b - a);
      // the k = 3 values by real part: a conjugate pair repeats its real part, as eigs reports it
      expect(Math.abs(measured.top[0]! - sorted[0]!)).toBeLessThan(1e-5);
      expect(Math.abs(measured.top[1]! - sorted[1]!)).toBeLessThan(1e-5);
      expect(Math.abs(measured.edge - sorted[2]!)).toBeLessThan(1e-5);
      const dense = lampEstimator(sample, { k: 3, solver: "dense" });
      expect(Math.abs(measured.overlaps[0]! - overlap(dense.estimate, sample.W))).toBeLessThan(1e-4);
    }
  });
});

describe("lamp measureSeries (nested instances)", () => {
  it("measures, value for value, what measure measures (values in any order), for one draw", () => {
    const fixed = { d: 80, link: "sign(z1*z2)" };
    const values = [4, 1, 2.5];
    const series = lampModel.measureSeries!(values, fixed, 11);
    expect(series).toHaveLength(3);
    values.forEach((alpha, i) => {
      const single = lampModel.measure(alpha, fixed, 11);
      expect(series[i]!.top).toEqual(single.top);
      expect(series[i]!.edge).toBe(single.edge);
      expect(series[i]!.overlaps).toEqual(single.overlaps);
      expect(series[i]!.applications).toBe(single.applications);
    });
    // the instances differ between values (the sample grows): the top values are not all equal
    expect(new Set(series.map((m) => m.top[0])).size).toBe(3);
  });

  // an estimator that reads the whole instance: equal outputs mean equal instances
  const fingerprint = (sample: IndexModelSample, k: number) => {
    let sx = 0, sy = 0, sxy = 0;
    for (let i = 0; i < sample.n; i++) {
      sy += sample.y[i]!;
      for (let j = 0; j < sample.d; j++) {
        sx += sample.X.data[i * sample.d + j]!;
        sxy += sample.X.data[i * sample.d + j]! * sample.y[i]! * (j + 1);
      }
    }
    const top = new Float64Array(k);
    top.set([sx, sy, sxy].slice(0, k));
    return { top, estimate: sample.W, applications: sample.n };
  };

  // a measurement without its timing (measureIndexSeries times each value; measureIndexEstimator leaves 0)
  const untimed = (m: Measurement) => ({ ...m, seconds: 0 });

  it("the prefixes are the direct draws exactly, n d odd included (d = 7); each value timed", () => {
    const link = linkByName("z^2");
    const alphas = [2.3, 1.3, 3];
    const series = measureIndexSeries(alphas, 7, link, 5, fingerprint);
    alphas.forEach((alpha, i) => expect(untimed(series[i]!)).toEqual(measureIndexEstimator(alpha, 7, link, 5, fingerprint)));
    expect(series.map((m) => m.applications)).toEqual([16, 9, 21]);
    for (const m of series) expect(m.seconds >= 0 && m.seconds < 10).toBe(true);
  });

  it("a link with label noise (drawn after X, so not nested) is drawn value by value, as measure draws it", () => {
    const link = noisyLink(linkByName("z^2"), 0.25);
    const alphas = [3, 1.5];
    const series = measureIndexSeries(alphas, 20, link, 2, fingerprint);
    alphas.forEach((alpha, i) => expect(untimed(series[i]!)).toEqual(measureIndexEstimator(alpha, 20, link, 2, fingerprint)));
    // (a prefix of the alpha = 3 sample would have other labels: the check above can fail)
    const big = sampleIndexModel(link, { d: 20, alpha: 3, seed: 2, planted: "orthogonal" });
    const small = sampleIndexModel(link, { d: 20, alpha: 1.5, seed: 2, planted: "orthogonal" });
    expect(Array.from(big.y.subarray(0, small.n))).not.toEqual(Array.from(small.y));
    expect(new Matrix(small.n, 20, big.X.data.slice(0, small.n * 20)).data).toEqual(small.X.data);
  });
});
