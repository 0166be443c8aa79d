import { describe, expect, it } from "vitest";
import {
  InvalidArgumentError,
  baiYaoOutliers,
  marchenkoPasturEdges,
  rectangularSpikeOutliers,
  silversteinStieltjes,
  silversteinSupport,
  spikedCovarianceOutliers,
  spikedWignerOutliers,
} from "../../src/index.js";

const noNaN = (rows: readonly object[]) => {
  for (const r of rows) for (const v of Object.values(r)) if (typeof v === "number") expect(Number.isNaN(v)).toBe(false);
};

describe("spiked Wigner outliers", () => {
  it("matches spiked-features.md 7.3: theta = 1.5 / 2 / 3 -> 2.1667 / 2.5 / 3.3333, overlaps 0.5556 / 0.75 / 0.8889", () => {
    const p = spikedWignerOutliers([1.5, 2, 3]);
    expect(p.map((r) => r.isOutlier)).toEqual([true, true, true]);
    [2.1667, 2.5, 3.3333].forEach((v, i) => expect(p[i]!.location).toBeCloseTo(v, 4));
    [0.5556, 0.75, 0.8889].forEach((v, i) => expect(p[i]!.overlap).toBeCloseTo(v, 4));
    expect(p.every((r) => r.threshold === 1)).toBe(true);
  });

  it("below and at threshold: no outlier, the edge on the spike's side, overlap 0; negative spikes mirror", () => {
    const p = spikedWignerOutliers([0.5, 1, 0, -0.7, -2]);
    expect(p.slice(0, 4).map((r) => [r.isOutlier, r.edge, r.overlap])).toEqual([
      [false, 2, 0], [false, 2, 0], [false, 2, 0], [false, -2, 0],
    ]);
    expect(p.slice(0, 4).map((r) => r.location)).toEqual([null, null, null, null]);
    expect(p[4]).toEqual({ spike: -2, isOutlier: true, location: -2.5, overlap: 0.75, threshold: -1, edge: -2 });
    noNaN(p);
  });

  it("scales with the variance: threshold sigma, location theta + sigma^2/theta", () => {
    const [a, b] = spikedWignerOutliers([3, 1.5], { variance: 4 });
    expect(a).toEqual({ spike: 3, isOutlier: true, location: 3 + 4 / 3, overlap: 1 - 4 / 9, threshold: 2, edge: 4 });
    expect(b).toMatchObject({ isOutlier: false, location: null, edge: 4, overlap: 0 });
  });
});

describe("spiked covariance outliers (BBP)", () => {
  it("matches spiked-features.md 7.4: gamma 0.5, theta 1 / 2 / 4 -> 3.0 / 3.75 / 5.625, overlaps 0.3333 / 0.70 / 0.8611", () => {
    const p = spikedCovarianceOutliers([1, 2, 4], { gamma: 0.5 });
    [3.0, 3.75, 5.625].forEach((v, i) => expect(p[i]!.location).toBeCloseTo(v, 12));
    [0.3333, 0.7, 0.8611].forEach((v, i) => expect(p[i]!.overlap).toBeCloseTo(v, 4));
    expect(p[0]!.threshold).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it("below threshold sticks to (1 +- sqrt(gamma))^2 with overlap 0, never NaN; negative spikes separate below when gamma < 1", () => {
    const gamma = 0.25;
    const { lower, upper } = marchenkoPasturEdges({ gamma });
    const p = spikedCovarianceOutliers([0.3, 0.5, 0, -0.2, -0.5, -0.8], { gamma });
    expect(p.map((r) => r.isOutlier)).toEqual([false, false, false, false, false, true]);
    expect(p[0]!.edge).toBe(upper);
    expect(p[3]!.edge).toBe(lower);
    expect(p[0]!.location).toBeNull();
    expect(p[4]!.threshold).toBe(-0.5);
    expect(p[5]!.location!).toBeLessThan(lower);
    expect(p[5]!.location!).toBeCloseTo(0.2 * (1 - 0.25 / 0.8), 14);
    noNaN(p);
    // the location meets the edge and the overlap meets 0 at the threshold (continuity)
    const [justAbove] = spikedCovarianceOutliers([0.5 + 1e-9], { gamma });
    expect(justAbove!.location!).toBeCloseTo(upper, 8);
    expect(justAbove!.overlap).toBeCloseTo(0, 8);
  });

  it("rejects spikes <= -1 and bad gamma", () => {
    expect(() => spikedCovarianceOutliers([1, -1], { gamma: 0.5 })).toThrow(/spikes\[1\] = -1/);
    expect(() => spikedCovarianceOutliers([1], { gamma: -0.5 })).toThrow(/gamma must be a finite number > 0/);
    expect(() => spikedCovarianceOutliers([Number.NaN], { gamma: 0.5 })).toThrow(/spikes\[0\]/);
  });
});

describe("Bai-Yao outliers, general population", () => {
  it("reduces to the spiked-covariance formulas for H = delta_1 (ell = 1 + theta)", () => {
    for (const gamma of [0.1, 0.5, 1, 2]) {
      const thetas = [-0.9, -0.6, -0.3, 0.1, 0.6, 1, 1.5, 3, 10];
      const cov = spikedCovarianceOutliers(thetas, { gamma });
      const by = baiYaoOutliers(thetas.map((t) => 1 + t), { gamma, population: [1] });
      by.forEach((r, i) => {
        const c = cov[i]!;
        expect(r.isOutlier).toBe(c.isOutlier);
        expect(r.location === null).toBe(c.location === null);
        expect(r.location ?? r.edge).toBeCloseTo(c.location ?? c.edge, 10);
        expect(r.overlap).toBeCloseTo(c.overlap, 10);
        // the threshold is in population units: ell_c = 1 + theta_c where theta_c = +-sqrt(gamma)
        if (thetas[i]! > 0 || gamma < 1) expect(r.threshold!).toBeCloseTo(1 + c.threshold, 10);
      });
      noNaN(by);
    }
  });

  it("for H = delta_s it is the covariance formula rescaled by s", () => {
    const s = 2.5;
    const gamma = 0.4;
    const by = baiYaoOutliers([s * 3, s * 1.2], { gamma, population: [s] });
    const cov = spikedCovarianceOutliers([2, 0.2], { gamma });
    expect(by[0]!.location!).toBeCloseTo(s * cov[0]!.location!, 10);
    expect(by[0]!.overlap).toBeCloseTo(cov[0]!.overlap, 12);
    expect(by[1]!.isOutlier).toBe(false);
    expect(by[1]!.edge).toBeCloseTo(s * cov[1]!.edge, 10);
  });

  it("outlier location x = psi(ell) satisfies mc(x) = -1/ell (Silverstein solver, independent route), overlap = ell psi'/psi", () => {
    const population = { eigenvalues: [0.5, 2, 6], weights: [0.3, 0.5, 0.2] };
    const gamma = 0.3;
    const t = population.eigenvalues;
    const w = population.weights;
    const psi = (l: number) => l * (1 + gamma * t.reduce((s, tk, k) => s + (w[k]! * tk) / (l - tk), 0));
    const sup = silversteinSupport({ gamma, population });
    for (const r of baiYaoOutliers([12, 20, 0.1], { gamma, population })) {
      expect(r.isOutlier).toBe(true);
      const mc = silversteinStieltjes(r.location!, { gamma, population }).companion;
      expect(mc.im).toBe(0);
      expect(mc.re).toBeCloseTo(-1 / r.spike, 10);
      const h = 1e-5 * r.spike;
      const slope = (psi(r.spike + h) - psi(r.spike - h)) / (2 * h);
      expect(r.overlap).toBeCloseTo((r.spike * slope) / psi(r.spike), 8);
      expect(r.location! > sup.upperEdge || r.location! < sup.lowerEdge).toBe(true);
    }
  });

  it("flips at the threshold, where psi' = 0 and the location is the edge", () => {
    const population = { eigenvalues: [1, 3], weights: [0.6, 0.4] };
    const gamma = 0.5;
    const [at] = baiYaoOutliers([100], { gamma, population });
    const lc = at!.threshold!;
    const [below, above] = baiYaoOutliers([lc * (1 - 1e-7), lc * (1 + 1e-7)], { gamma, population });
    expect(below!.isOutlier).toBe(false);
    expect(above!.isOutlier).toBe(true);
    const sup = silversteinSupport({ gamma, population });
    expect(below!.edge).toBe(sup.upperEdge);
    expect(above!.location!).toBeCloseTo(sup.upperEdge, 8);
    expect(Math.abs(above!.slope)).toBeLessThan(1e-6);
  });

  it("a spike between two well-separated atoms lands in the support gap; near an atom it sticks to that component's edge", () => {
    const population = { eigenvalues: [1, 10], weights: [0.5, 0.5] };
    const gamma = 0.1;
    const sup = silversteinSupport({ gamma, population });
    const [[, b1], [a2]] = sup.intervals as [[number, number], [number, number]];
    const [mid, nearLow, nearHigh, onAtom] = baiYaoOutliers([4, 1.1, 9, 10], { gamma, population });
    expect(mid!.isOutlier).toBe(true);
    expect(mid!.location!).toBeGreaterThan(b1);
    expect(mid!.location!).toBeLessThan(a2);
    expect(nearLow).toMatchObject({ isOutlier: false, location: null, edge: b1, overlap: 0 });
    expect(nearHigh).toMatchObject({ isOutlier: false, location: null, edge: a2, overlap: 0 });
    expect(onAtom).toMatchObject({ isOutlier: false, location: null, edge: sup.upperEdge, overlap: 0, slope: 0 });
    // atoms too close for a gap: no threshold, a finite location inside the bulk
    const [inside] = baiYaoOutliers([1.5], { gamma: 0.5, population: { eigenvalues: [1, 2], weights: [0.5, 0.5] } });
    expect(inside!.isOutlier).toBe(false);
    expect(inside!.threshold).toBeNull();
    expect(inside!.location).toBeNull();
    expect(Number.isFinite(inside!.edge)).toBe(true);
  });

  it("rejects non-positive spikes and bad populations", () => {
    expect(() => baiYaoOutliers([0], { gamma: 0.5, population: [1] })).toThrow(/populationSpikes\[0\]/);
    expect(() => baiYaoOutliers([2], { gamma: 0.5, population: [1, -1] })).toThrow(/population eigenvalue 1/);
    expect(() => baiYaoOutliers([2], { gamma: 0, population: [1] })).toThrow(InvalidArgumentError);
  });
});

describe("rectangular additive spike (BGN 2012)", () => {
  it("c = 0.5, theta = 1: singular value sqrt(3), overlaps 1/3 (left) and 1/4 (right), threshold 0.5^(1/4)", () => {
    const [p] = rectangularSpikeOutliers([1], { ratio: 0.5 });
    expect(p!.isOutlier).toBe(true);
    expect(p!.location!).toBeCloseTo(Math.sqrt(3), 14);
    expect(p!.overlapLeft).toBeCloseTo(1 / 3, 14);
    expect(p!.overlap).toBe(p!.overlapLeft);
    expect(p!.overlapRight).toBeCloseTo(0.25, 14);
    expect(p!.threshold).toBeCloseTo(Math.pow(0.5, 0.25), 15);
  });

  it("meets the bulk edge 1 + sqrt(c) with zero overlaps at the threshold, and sticks there below it", () => {
    for (const c of [0.2, 1, 3]) {
      const tc = Math.pow(c, 0.25);
      const [above, below] = rectangularSpikeOutliers([tc * (1 + 1e-9), 0.9 * tc], { ratio: c });
      expect(above!.location!).toBeCloseTo(1 + Math.sqrt(c), 7);
      expect(above!.overlapLeft).toBeCloseTo(0, 7);
      expect(above!.overlapRight).toBeCloseTo(0, 7);
      expect(below).toMatchObject({ isOutlier: false, location: null, edge: 1 + Math.sqrt(c), overlap: 0, overlapLeft: 0, overlapRight: 0 });
    }
  });

  it("for c > 1 agrees with the transposed c' = 1/c model (theta' = theta / sqrt(c), overlaps swapped)", () => {
    const c = 2.5;
    for (const theta of [1.5, 2, 4]) {
      const [direct] = rectangularSpikeOutliers([theta], { ratio: c });
      const [t] = rectangularSpikeOutliers([theta / Math.sqrt(c)], { ratio: 1 / c });
      expect(direct!.isOutlier).toBe(t!.isOutlier);
      expect(direct!.location!).toBeCloseTo(Math.sqrt(c) * t!.location!, 12);
      expect(direct!.overlapLeft).toBeCloseTo(t!.overlapRight, 12);
      expect(direct!.overlapRight).toBeCloseTo(t!.overlapLeft, 12);
    }
  });

  it("rejects negative spikes and a bad ratio", () => {
    expect(() => rectangularSpikeOutliers([-1], { ratio: 0.5 })).toThrow(/spikes\[0\] must be >= 0/);
    expect(() => rectangularSpikeOutliers([1], { ratio: 0 })).toThrow(/ratio/);
  });
});
