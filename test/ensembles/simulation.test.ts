// Simulation meets theory: sampled ensembles at n in the thousands against the limiting laws and
// the outlier/overlap formulas. Tolerances are finite-size: outlier locations fluctuate by
// O(n^{-1/2}), overlaps by O(n^{-1/2}), bulk edges by O(n^{-2/3}); each bound below is several
// standard deviations of the seed-to-seed spread at that size (averaged over the seeds shown).
import { describe, expect, it } from "vitest";
import {
  baiYaoOutliers, eigsh, eigvalsh, findOutliers, ksDistance, marchenkoPasturEdgeScale, marchenkoPasturEdges,
  marchenkoPasturLaw, rectangularSpike, rectangularSpikeOutliers, sampleCovariance, semicircleLaw, spikedCovariance,
  spikedCovarianceOutliers, spikedWigner, spikedWignerOutliers, squaredOverlap, DenseOperator, wigner,
} from "../../src/index.js";

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

describe("spiked Wigner: theta + 1/theta and 1 - 1/theta^2 (threshold 1)", () => {
  const n = 1500;
  for (const theta of [0.5, 1.5, 3]) {
    it(`theta = ${theta}, n = ${n}, 3 seeds`, () => {
      const [pred] = spikedWignerOutliers([theta]);
      const tops: number[] = [];
      const overlaps: number[] = [];
      for (const seed of [1, 2, 3]) {
        const s = spikedWigner({ n, spikes: [theta], seed });
        const op = new DenseOperator(s.matrix, { symmetric: true });
        const r = eigsh(op, 1, { seed });
        op.dispose();
        tops.push(r.values[0]!);
        overlaps.push(squaredOverlap(r.vectors.column(0), s.directions.column(0)));
      }
      if (pred!.isOutlier) {
        expect(Math.abs(mean(tops) - pred!.location)).toBeLessThan(0.05);
        expect(Math.abs(mean(overlaps) - pred!.overlap)).toBeLessThan(0.05);
      } else {
        // stuck at the edge 2 (within a few Tracy-Widom scales n^{-2/3} ~ 0.008) with no overlap
        expect(Math.abs(mean(tops) - 2)).toBeLessThan(0.05);
        expect(mean(overlaps)).toBeLessThan(0.02);
      }
    });
  }

  it("the GOE bulk is semicircular: KS distance to the semicircle is small (n = 1000)", () => {
    const values = eigvalsh(wigner(1000, { seed: 4 }));
    // KS of an eigenvalue sample to its limit is O(log n / n) (rigidity), far below iid 1/sqrt(n)
    expect(ksDistance(values, semicircleLaw()).distance).toBeLessThan(0.01);
  });
});

describe("spiked covariance (BBP): gamma = 0.5, threshold sqrt(gamma)", () => {
  const n = 2000, d = 1000, gamma = d / n;
  it("theta = 1, 2, 4: outliers (1+theta)(1+gamma/theta) and overlaps, implicit operator, 2 seeds", () => {
    const thetas = [1, 2, 4];
    const preds = spikedCovarianceOutliers(thetas, { gamma });
    expect(preds.map((p) => p.location)).toEqual([3, 3.75, 5.625]);
    thetas.forEach((theta, i) => {
      const tops: number[] = [];
      const overlaps: number[] = [];
      for (const seed of [10, 11]) {
        const s = spikedCovariance({ n, d, spikes: [theta], seed, covariance: false });
        const op = sampleCovariance(s.data);
        const r = eigsh(op, 1, { seed });
        op.dispose();
        tops.push(r.values[0]!);
        overlaps.push(squaredOverlap(r.vectors.column(0), s.directions.column(0)));
      }
      // Paul (2007): the outlier has sd sqrt(2 ell^2 (1 - gamma / theta^2) / n) (ell = 1 + theta);
      // 4 sd of the 2-seed mean plus 0.05 for the O(1/n) bias (the reference's n = 4000
      // simulation sits 0.01-0.07 below the limit)
      const ell = 1 + theta;
      const sd = Math.sqrt((2 * ell * ell * (1 - gamma / (theta * theta))) / n / 2);
      expect(Math.abs(mean(tops) - preds[i]!.location!)).toBeLessThan(4 * sd + 0.05);
      expect(Math.abs(mean(overlaps) - preds[i]!.overlap)).toBeLessThan(theta === 1 ? 0.1 : 0.05);
    });
  });

  it("below threshold the top eigenvalue sits at the MP edge, the bulk is MP, and findOutliers sees nothing", () => {
    const s = spikedCovariance({ n, d, spikes: [0.4], seed: 12 });
    const values = eigvalsh(s.covariance!);
    const { upper } = marchenkoPasturEdges({ gamma });
    const scale = marchenkoPasturEdgeScale(n, { gamma });
    expect(Math.abs(values[d - 1]! - upper)).toBeLessThan(6 * scale);
    expect(ksDistance(values, marchenkoPasturLaw({ gamma })).distance).toBeLessThan(0.01);
    const report = findOutliers(values, { edge: upper, margin: 6 * scale, predicted: [] });
    expect(report.upper.length).toBe(0);
    expect(report.unexpected).toBe(0);
  });

  it("two spikes at once, one above and one below threshold: one outlier, matched", () => {
    const s = spikedCovariance({ n, d, spikes: [3, 0.5], seed: 13 });
    const values = eigvalsh(s.covariance!);
    const preds = spikedCovarianceOutliers([3, 0.5], { gamma });
    const { upper } = marchenkoPasturEdges({ gamma });
    const report = findOutliers(values, {
      edge: upper, margin: 6 * marchenkoPasturEdgeScale(n, { gamma }),
      predicted: preds,
    });
    expect(report.upper.length).toBe(1);
    expect(report.missed).toBe(0);
    expect(report.unexpected).toBe(0);
    // Paul (2007): sd of the outlier sqrt(2 ell^2 (1 - gamma / theta^2) / n), ell = 4 here
    expect(Math.abs(report.upper[0]! - preds[0]!.location!)).toBeLessThan(4 * Math.sqrt((2 * 16 * (1 - gamma / 9)) / n) + 0.05);
  });
});

describe("general population (Bai-Yao)", () => {
  it("a spike ell = 8 over H = (delta_1 + delta_3)/2 at gamma = 0.25 lands at psi(ell)", () => {
    const n = 2400, d = 600, gamma = d / n;
    const population = Float64Array.from({ length: d }, (_, i) => (i % 2 === 0 ? 1 : 3));
    const [pred] = baiYaoOutliers([8], { gamma, population: { eigenvalues: [1, 3], weights: [0.5, 0.5] } });
    expect(pred!.isOutlier).toBe(true);
    const tops: number[] = [];
    for (const seed of [20, 21, 22, 23]) {
      const s = spikedCovariance({ n, d, populationSpikes: [8], population, seed, covariance: false });
      const op = sampleCovariance(s.data);
      tops.push(eigsh(op, 1, { seed }).values[0]!);
      op.dispose();
    }
    // sd of one outlier about ell sqrt(2 / n) (Paul's formula without the small correction): 4 sd of the mean
    expect(Math.abs(mean(tops) - pred!.location!)).toBeLessThan(4 * 8 * Math.sqrt(2 / n / 4));
  });
});

describe("rectangular additive spike (BGN 2012)", () => {
  it("theta = 2, c = 0.5: top singular value and both overlaps", () => {
    const n = 600, m = 1200;
    const [pred] = rectangularSpikeOutliers([2], { ratio: n / m });
    const s = rectangularSpike({ n, m, spikes: [2], seed: 30 });
    // singular pairs of Y from the top eigenpair of Y^T Y (m x m, implicit)
    const op = sampleCovariance(s.matrix, { scale: 1 });
    const r = eigsh(op, 1, { seed: 30 });
    op.dispose();
    const sigma = Math.sqrt(r.values[0]!);
    const w = r.vectors.column(0);
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < m; j++) t += s.matrix.data[i * m + j]! * w[j]!;
      u[i] = t / sigma;
    }
    expect(Math.abs(sigma - pred!.location!)).toBeLessThan(0.05);
    expect(Math.abs(squaredOverlap(u, s.left.column(0)) - pred!.overlapLeft)).toBeLessThan(0.06);
    expect(Math.abs(squaredOverlap(w, s.right.column(0)) - pred!.overlapRight)).toBeLessThan(0.06);
  });
});
