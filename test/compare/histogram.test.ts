import { describe, expect, it } from "vitest";
import { InvalidArgumentError, NonFiniteError, histogram, marchenkoPasturLaw, semicircleLaw } from "../../src/index.js";
import { uniformSource } from "../helpers.js";

describe("histogram", () => {
  it("counts like a brute-force loop (numpy bins: half-open, last closed) and normalizes by all values", () => {
    const u = uniformSource(7);
    const values = Float64Array.from({ length: 5000 }, () => 4 * u() - 2);
    values[0] = 1.5; // exactly on the right end of the range: counted in the last bin
    values[1] = -1; // exactly on an interior edge: counted in the bin to its right
    const h = histogram(values, { bins: 20, range: [-1.5, 1.5] });
    const width = 3 / 20;
    const brute = new Float64Array(20);
    let below = 0;
    let above = 0;
    for (const x of values) {
      if (x < -1.5) below++;
      else if (x > 1.5) above++;
      else brute[Math.min(19, Math.round(((x + 1.5) / width) * 1e9) / 1e9 | 0)]!++;
    }
    expect(Array.from(h.counts)).toEqual(Array.from(brute));
    expect(h.below).toBe(below);
    expect(h.above).toBe(above);
    expect(h.total).toBe(5000);
    const inRange = h.density.reduce((s, d) => s + d * width, 0);
    expect(inRange).toBeCloseTo((5000 - below - above) / 5000, 12);
    expect(h.edges[0]).toBe(-1.5);
    expect(h.edges[20]).toBe(1.5);
    expect(h.centres[0]).toBeCloseTo(-1.5 + width / 2, 14);
  });

  it("puts the predicted density at the bin centres and the bin-averaged prediction from the cdf", () => {
    const law = semicircleLaw();
    const values = Float64Array.from({ length: 1000 }, (_, i) => law.quantile((i + 0.5) / 1000));
    const h = histogram(values, { bins: 40, range: [-2, 2], predict: law });
    h.centres.forEach((c, k) => expect(h.predicted![k]).toBe(law.density(c)));
    h.predictedAverage!.forEach((avg, k) => expect(avg).toBeCloseTo((law.cdf(h.edges[k + 1]!) - law.cdf(h.edges[k]!)) / 0.1, 12));
    // a quantile-grid sample fills every bin to within one value of its predicted mass
    h.counts.forEach((c, k) => expect(Math.abs(c - 1000 * 0.1 * h.predictedAverage![k]!)).toBeLessThanOrEqual(1));
    const f = histogram(values, { bins: 4, predict: (x) => 2 * x });
    expect(Array.from(f.predicted!)).toEqual(Array.from(f.centres, (c) => 2 * c));
    expect(f.predictedAverage).toBeUndefined();
  });

  it("counts an atom in the bin that holds it (Marchenko-Pastur gamma = 2)", () => {
    const law = marchenkoPasturLaw({ gamma: 2 });
    const values = Float64Array.from({ length: 400 }, (_, i) => law.quantile((i + 0.5) / 400));
    const h = histogram(values, { bins: 10, range: [0, 6], predict: law });
    expect(h.counts[0]! / 400).toBeGreaterThan(0.5);
    expect(h.predictedAverage![0]! * 0.6).toBeGreaterThan(0.5); // atom 1/2 plus the continuous part in [0, 0.6)
    expect(h.predictedAverage![0]! * 0.6).toBeCloseTo(law.cdf(0.6 - 1e-15), 12);
  });

  it("rejects bad input", () => {
    expect(() => histogram([1, Number.NaN])).toThrow(NonFiniteError);
    expect(() => histogram([1, 2], { bins: 0 })).toThrow(/bins/);
    // a size passed for bins fails at once (1e9 bins used to build 8 GB arrays element by element)
    const t0 = performance.now();
    expect(() => histogram([1, 2], { bins: 1e9 })).toThrow(/histogram: bins must be at most 10000000, got 1000000000/);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(() => histogram([1, 2], { bins: 1e7 + 1 })).toThrow(/at most 10000000/);
    expect(histogram([1, 2], { bins: 1e5 }).counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(() => histogram([1, 2], { range: [2, 1] })).toThrow(/range/);
    expect(() => histogram([])).toThrow(InvalidArgumentError);
  });
});
