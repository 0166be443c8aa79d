/**
 * One API vocabulary on the theory side (issue #14 item 5): the outlier record
 * { location | null, overlap, threshold } of every prediction against the closed forms and against
 * its deprecated pre-0.2.0 fields; densities(xs) of every law against density(x) point by point;
 * tol / maxIter with their deprecated aliases (tolerance, maxIterations), a conflict refused.
 */
import { describe, expect, it } from "vitest";
import {
  baiYaoOutliers, ckSpikeOutlier, ckUpperEdge, complex as C, hermiteCoefficients, InvalidArgumentError, marchenkoPasturDensity,
  marchenkoPasturLaw, rectangularSpikeOutliers, semicircleLaw, shiftedCoefficients, silversteinLaw, silversteinStieltjes,
  spikedCovarianceOutliers, spikedRfEquivalent, spikedWignerOutliers, type LimitingLaw, type OutlierPrediction,
} from "../../src/index.js";

/** Every field of the record is present and typed as documented; null location means overlap 0. */
function checkRecord(r: OutlierPrediction): void {
  expect(r.location === null || Number.isFinite(r.location)).toBe(true);
  expect(r.overlap === null || (r.overlap >= 0 && r.overlap <= 1)).toBe(true);
  expect(r.threshold === null || Number.isFinite(r.threshold)).toBe(true);
  if (r.location === null) expect(r.overlap).toBe(0);
}

describe("the outlier record", () => {
  it("spiked Wigner and covariance: location null exactly below the closed-form threshold, isOutlier its deprecated alias", () => {
    const sigma2 = 2.25;
    for (const r of spikedWignerOutliers([-3, -1.5, -0.2, 0, 1.2, 1.5, 1.6, 4], { variance: sigma2 })) {
      checkRecord(r);
      const above = Math.abs(r.spike) > 1.5;
      expect(r.isOutlier).toBe(r.location !== null);
      expect(r.location).toBe(above ? r.spike + sigma2 / r.spike : null);
      // the pre-0.2.0 `location` (the edge when stuck) is location ?? edge; edge is 2 sigma on the spike's side
      expect(r.edge).toBe(r.spike < 0 ? -3 : 3);
    }
    const gamma = 0.36;
    for (const r of spikedCovarianceOutliers([-0.9, -0.6, -0.3, 0.3, 0.6, 0.61, 2], { gamma })) {
      checkRecord(r);
      expect(r.isOutlier).toBe(r.location !== null);
      expect(r.location !== null).toBe(Math.abs(r.spike) > 0.6);
      if (r.location !== null) expect(r.location).toBeCloseTo((1 + r.spike) * (1 + gamma / r.spike), 14);
      expect(r.edge).toBeCloseTo(r.spike < 0 ? 0.16 : 2.56, 14);
    }
  });

  it("Bai-Yao and the rectangular spike carry the same record (threshold null only without a support gap)", () => {
    const population = { eigenvalues: [1, 2], weights: [0.5, 0.5] };
    const records = baiYaoOutliers([1.5, 2.2, 6, 0.2], { gamma: 0.5, population });
    records.forEach((r) => {
      checkRecord(r);
      expect(r.isOutlier).toBe(r.location !== null);
    });
    expect(records[0]!.threshold).toBeNull();
    expect(records[0]!.location).toBeNull();
    expect(records[2]!.location).not.toBeNull();
    for (const r of rectangularSpikeOutliers([0.5, 0.9, 1.5, 3], { ratio: 0.5 })) {
      checkRecord(r);
      expect(r.isOutlier).toBe(r.location !== null);
      expect(r.location !== null).toBe(r.spike > Math.pow(0.5, 0.25));
      expect(r.edge).toBeCloseTo(1 + Math.SQRT1_2, 15);
    }
  });

  it("the CK spike: overlap 0 below the threshold, null (no formula) above; the edge is ckUpperEdge's", () => {
    const h = hermiteCoefficients("tanh");
    const o = { n: 600, p: 400, d: 500, mu1: h.mu1, muStar2: h.muStar2 };
    const below = ckSpikeOutlier({ ...o, beta: 0 });
    const above = ckSpikeOutlier({ ...o, beta: 3 * below.threshold + 1 });
    checkRecord(below);
    checkRecord(above);
    expect(below).toMatchObject({ location: null, overlap: 0 });
    expect(above.overlap).toBeNull();
    expect(above.location!).toBeGreaterThan(above.edge);
    expect(above.edge).toBe(ckUpperEdge(o).edge);
  });

  it("spiked-RF order-p modes: location is the deprecated corrected, leading kept, threshold null", () => {
    const de = spikedRfEquivalent({ coefficients: shiftedCoefficients("relu"), n: 800, p: 400, d: 600, theta: 1, secondLayer: "plusminus", kappaNodes: 61 });
    const modes = de.outliers({ upperEdge: 3 });
    expect(modes.length).toBe(2);
    for (const m of modes) {
      checkRecord(m);
      expect(m.corrected).toBe(m.location);
      expect(m.threshold).toBeNull();
      expect(m.overlap).toBe(m.location === null ? 0 : null);
      expect(Number.isFinite(m.leading)).toBe(true);
    }
    // relu's mean mu0 > 0: the all-ones mode separates far above the bulk, near its leading order
    expect(modes[0]!.location!).toBeGreaterThan(3);
    expect(Math.abs(modes[0]!.location! / modes[0]!.leading - 1)).toBeLessThan(0.1);
  });
});

/**
 * densities(xs)[i] against density(xs[i]) within rel relative, or rel times `floor` where the
 * density is below it (a law solved at x + i eps has an O(eps) tail outside the support).
 */
function expectPointwise(law: Pick<LimitingLaw, "density" | "densities">, xs: number[], rel: number, floor = 0): void {
  const grid = law.densities(xs);
  expect(grid).toBeInstanceOf(Float64Array);
  expect(grid.length).toBe(xs.length);
  xs.forEach((x, i) => {
    const one = law.density(x);
    expect(Math.abs(grid[i]! - one)).toBeLessThanOrEqual(rel * Math.max(Math.abs(one), floor));
  });
}

describe("densities(xs) of every law", () => {
  // points in any order, inside and outside the support, the edges included
  const grid = (lo: number, hi: number) => [hi + 0.5, lo, ...Array.from({ length: 37 }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / 37).reverse(), hi, lo - 0.3];

  it("semicircle and Marchenko-Pastur (gamma < 1 and > 1): the same numbers as density(x)", () => {
    expectPointwise(semicircleLaw({ variance: 2 }), grid(-2 * Math.SQRT2, 2 * Math.SQRT2), 1e-12);
    for (const gamma of [0.3, 2.5]) {
      const law = marchenkoPasturLaw({ gamma });
      expectPointwise(law, grid(law.lowerEdge, law.upperEdge), 1e-12);
      // and the closed form: an independent route through the free function
      const xs = [0.5 * (law.lowerEdge + law.upperEdge), law.upperEdge * 0.9];
      law.densities(xs).forEach((v, i) => expect(v).toBe(marchenkoPasturDensity(xs[i]!, { gamma })));
    }
  });

  it("Silverstein (grid continuation) against density(x) (warm-started point solves)", () => {
    const law = silversteinLaw({ gamma: 0.2, population: { eigenvalues: [0.5, 2, 6], weights: [0.3, 0.5, 0.2] } });
    const xs = law.support.flatMap(([a, b]) => grid(a, b).filter((x) => x > a && x < b));
    xs.push(law.upperEdge + 1, law.lowerEdge / 2);
    expectPointwise(law, xs, 1e-12);
  });

  it("spiked-RF equivalent: densities is the grid method, density(x) a number, density(array) its deprecated alias", () => {
    const de = spikedRfEquivalent({ coefficients: shiftedCoefficients("tanh"), n: 1000, p: 500, d: 800, theta: 0.5, kappaNodes: 61, tol: 1e-14 });
    const xs = [0.9, 0.1, 0.5, 1.3, 2.2, 6];
    // cold point solves against the warm-started sweep: they agree to the fixed point's tol (1e-14 here)
    expectPointwise(de, xs, 1e-12, Math.max(...de.densities(xs)));
    const old = de.density(xs);
    expect(Array.from(old)).toEqual(Array.from(de.densities(xs)));
    expect(typeof de.density(0.5)).toBe("number");
    expect(() => de.density(Number.NaN)).toThrow(InvalidArgumentError);
  });
});

describe("tol and maxIter, with the deprecated tolerance and maxIterations", () => {
  const o = { gamma: 0.5, population: [1, 3] };
  const z = C.of(1.5, 0.05);

  it("silverstein: the alias gives the same iterate; both names with one value are accepted; a conflict is an InvalidArgumentError", () => {
    const now = silversteinStieltjes(z, { ...o, method: "fixed-point", tol: 1e-9, maxIter: 5000 });
    const old = silversteinStieltjes(z, { ...o, method: "fixed-point", tolerance: 1e-9, maxIterations: 5000 });
    expect(old).toEqual(now);
    expect(silversteinStieltjes(z, { ...o, method: "fixed-point", tol: 1e-9, tolerance: 1e-9 })).toEqual(now);
    // the fixed point agrees with Newton (the default method) to its tolerance
    expect(C.dist(now.m, silversteinStieltjes(z, o).m)).toBeLessThan(1e-6);
    expect(() => silversteinStieltjes(z, { ...o, method: "fixed-point", tol: 1e-9, tolerance: 1e-8 })).toThrow(
      /tol = 1e-9 and its deprecated alias tolerance = 1e-8 disagree/,
    );
    expect(() => silversteinStieltjes(z, { ...o, maxIter: 10, maxIterations: 20 })).toThrow(InvalidArgumentError);
    expect(() => silversteinStieltjes(z, { ...o, method: "fixed-point", maxIter: 0 })).toThrow(/maxIter must be a positive integer/);
  });

  it("spikedRfEquivalent: maxIterations still accepted, maxIter the name, a conflict refused", () => {
    const base = { coefficients: shiftedCoefficients("tanh"), n: 300, p: 200, d: 250, theta: 0, kappaNodes: 21 };
    const a = spikedRfEquivalent({ ...base, maxIter: 5000 }).stieltjes(z).gp;
    const b = spikedRfEquivalent({ ...base, maxIterations: 5000 }).stieltjes(z).gp;
    expect(b).toEqual(a);
    expect(() => spikedRfEquivalent({ ...base, maxIter: 5000, maxIterations: 100 })).toThrow(/maxIter = 5000 and its deprecated alias maxIterations = 100/);
    expect(() => spikedRfEquivalent({ ...base, maxIter: 1.5 })).toThrow(/maxIter must be a positive integer/);
  });
});

describe("the outlier record of the estimator predictions", () => {
  it("lampPrediction: location alpha / alpha_c above alpha_c (closed form), null below, threshold alpha_c", async () => {
    const { lampPrediction } = await import("../../src/theory/estimatorPredictions.js");
    const alphaC = Math.PI ** 2 / 4; // sign(z1 z2)
    const above = lampPrediction(4, { alphaC, lambda3: 0 });
    expect(above.location).toBeCloseTo(4 / alphaC, 14);
    expect(above.threshold).toBe(alphaC);
    expect(above.outlier).toBe(above.location);
    const below = lampPrediction(1, { alphaC, lambda3: 0 });
    expect(below.location).toBeNull();
    expect(below.overlap).toBe(0);
  });

  it("preprocessedPrediction and tapPrediction: location is the Lu-Li spike, classical scale = T scale / alpha", async () => {
    const { preprocessedPrediction, tapPrediction } = await import("../../src/theory/estimatorPredictions.js");
    // a two-point law of lambda = E[z^2|y] - 1 with E[lambda] = 0 and E[lambda^2] = 1: alpha_c = 1
    const law = { values: [-0.5, 2], weights: [0.8, 0.2] };
    const p = preprocessedPrediction(3, law);
    expect(p.location).not.toBeNull();
    expect(p.outlier).toBe(p.location);
    expect(p.classical.location).toBeCloseTo(p.location! / 3, 14);
    expect(p.threshold).toBeNull();
    const tap = tapPrediction(3, [law]);
    expect(tap.directions[0]!.threshold).toBeCloseTo(1, 12);
    expect(tap.directions[0]!.location).toBe(tap.directions[0]!.outlier);
  });
});
