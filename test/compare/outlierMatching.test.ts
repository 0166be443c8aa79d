import { describe, expect, it } from "vitest";
import {
  InvalidArgumentError,
  Matrix,
  ShapeError,
  compareOverlaps,
  findOutliers,
  semicircleEdgeScale,
  semicircleLaw,
  spikedCovarianceOutliers,
  spikedWignerOutliers,
  squaredOverlap,
} from "../../src/index.js";

const bulk = (n: number) => Array.from({ length: n }, (_, i) => semicircleLaw().quantile((i + 0.5) / n));

describe("findOutliers", () => {
  it("finds the values beyond edge + margin and matches them in order to the predicted outliers", () => {
    const values = [...bulk(500), 3.36, 2.49, 2.18];
    const predicted = spikedWignerOutliers([1.5, 2, 3, 0.5]);
    const r = findOutliers(values, { edge: 2, margin: 0.1, predicted });
    expect(Array.from(r.upper)).toEqual([3.36, 2.49, 2.18]);
    expect(r.matches.map((m) => [m.predicted, m.measured])).toEqual([
      [predicted[2]!.location, 3.36],
      [predicted[1]!.location, 2.49],
      [predicted[0]!.location, 2.18],
    ]);
    expect(r.matches[0]!.error).toBeCloseTo(3.36 - 10 / 3, 14);
    expect(r).toMatchObject({ missed: 0, unexpected: 0, upperCut: 2.1, lowerCut: null });
  });

  it("reports missed and unexpected outliers, and looks below the lower edge when given", () => {
    const values = [...bulk(300), 2.6, 2.9, -2.7];
    const r = findOutliers(values, { edge: 2, lowerEdge: -2, margin: 0.2, predicted: [2.95, -2.5, -3.1] });
    expect(Array.from(r.upper)).toEqual([2.9, 2.6]);
    expect(Array.from(r.lower)).toEqual([-2.7]);
    expect(r.matches).toEqual([
      { side: "upper", predicted: 2.95, measured: 2.9, error: 2.9 - 2.95 },
      { side: "upper", predicted: null, measured: 2.6, error: null },
      { side: "lower", predicted: -3.1, measured: -2.7, error: -2.7 - -3.1 },
      { side: "lower", predicted: -2.5, measured: null, error: null },
    ]);
    expect(r.missed).toBe(1);
    expect(r.unexpected).toBe(1);
  });

  it("a theory/ record below its threshold (location null) predicts no outlier", () => {
    const values = [...bulk(300), 2.6];
    const r = findOutliers(values, { edge: 2, margin: 0.2, predicted: [{ location: null }, { location: 2.5 }] });
    expect(r.matches).toEqual([{ side: "upper", predicted: 2.5, measured: 2.6, error: 2.6 - 2.5 }]);
    expect(r.missed).toBe(0);
    expect(r.unexpected).toBe(0);
  });

  it("a Tracy-Widom margin keeps the bulk of a quantile-grid sample out", () => {
    const n = 2000;
    const r = findOutliers(bulk(n), { edge: 2, margin: 4 * semicircleEdgeScale(n) });
    expect(r.upper.length).toBe(0);
    expect(r.matches).toEqual([]);
  });

  it("rejects bad options", () => {
    expect(() => findOutliers([1], { edge: Number.NaN, margin: 0 })).toThrow(/edge/);
    expect(() => findOutliers([1], { edge: 2, margin: -1 })).toThrow(/margin/);
    expect(() => findOutliers([1], { edge: 2, margin: 0, lowerEdge: 3 })).toThrow(/lowerEdge/);
    expect(() => findOutliers([1], { edge: 2, margin: 0, predicted: [Number.NaN] })).toThrow(/predicted\[0\]/);
  });
});

describe("overlaps", () => {
  it("squaredOverlap is the squared cosine, free of sign and scale", () => {
    expect(squaredOverlap([1, 0], [1, 1])).toBeCloseTo(0.5, 15);
    expect(squaredOverlap([3, 4, 0], [-6, -8, 0])).toBeCloseTo(1, 15);
    expect(squaredOverlap([1e-200, 0], [1e-200, 1e-200])).toBeCloseTo(0.5, 15);
    const a = [0.3, -1.2, 2.5, 0.7];
    const b = [1.1, 0.4, -0.2, 2.0];
    const dot = a.reduce((s, x, i) => s + x * b[i]!, 0);
    const na = a.reduce((s, x) => s + x * x, 0);
    const nb = b.reduce((s, x) => s + x * x, 0);
    expect(squaredOverlap(a, b)).toBeCloseTo((dot * dot) / (na * nb), 15);
  });

  it("compareOverlaps takes Matrix columns or vector arrays and predictions from theory/", () => {
    const est = Matrix.from([[1, 0], [1, 1], [0, 0]]); // columns (1,1,0) and (0,1,0)
    const planted = Matrix.from([[1, 0], [0, 1], [0, 0]]);
    const predicted = spikedCovarianceOutliers([1, 2], { gamma: 0.5 });
    const rows = compareOverlaps(est, planted, predicted);
    expect(rows[0]!.measured).toBeCloseTo(0.5, 15);
    expect(rows[1]!.measured).toBeCloseTo(1, 15);
    expect(rows[0]!.predicted).toBe(predicted[0]!.overlap);
    expect(rows[1]!.error).toBeCloseTo(1 - 0.7, 14);
    expect(compareOverlaps([[1, 1]], [[1, 0]], [0.4])[0]!.error).toBeCloseTo(0.1, 15);
  });

  it("rejects mismatched shapes and zero vectors", () => {
    expect(() => squaredOverlap([1, 2], [1, 2, 3])).toThrow(ShapeError);
    expect(() => squaredOverlap([0, 0], [1, 2])).toThrow(InvalidArgumentError);
    expect(() => compareOverlaps([[1, 0]], [[1, 0], [0, 1]], [0.5])).toThrow(ShapeError);
    // a record with no overlap formula (overlap null), or no array of predictions at all
    expect(() => compareOverlaps([[1, 0]], [[1, 0]], [{ overlap: null }])).toThrow(/predicted\[0\] must be a finite overlap/);
    expect(() => compareOverlaps([[1, 0]], [[1, 0]], null as never)).toThrow(/predicted must be an array/);
  });
});
