import { describe, expect, it } from "vitest";
import {
  InvalidArgumentError,
  ksDistance,
  marchenkoPasturLaw,
  semicircleLaw,
  silversteinLaw,
  wasserstein1,
  type LimitingLaw,
} from "../../src/index.js";
import { uniformSource } from "../helpers.js";

/** sup |F_N - F| by brute force: F_N counted directly at every sample point and just left of it. */
function bruteKs(values: Float64Array, law: LimitingLaw): number {
  const n = values.length;
  let d = 0;
  for (const x of values) {
    let le = 0;
    let lt = 0;
    for (const y of values) {
      if (y <= x) le++;
      if (y < x) lt++;
    }
    const jump = law.atoms.reduce((s, a) => (a.at === x ? s + a.mass : s), 0);
    d = Math.max(d, Math.abs(le / n - law.cdf(x)), Math.abs(lt / n - (law.cdf(x) - jump)));
  }
  return d;
}

/** integral |F_N - F| by a midpoint sum on a fine grid (independent of the package's piecewise scheme). */
function bruteW1(values: Float64Array, law: LimitingLaw): number {
  const sorted = Float64Array.from(values).sort();
  const lo = Math.min(sorted[0]!, law.lowerEdge, ...law.atoms.map((a) => a.at));
  const hi = Math.max(sorted[sorted.length - 1]!, law.upperEdge);
  const steps = 150000;
  const h = (hi - lo) / steps;
  let total = 0;
  let k = 0;
  for (let i = 0; i < steps; i++) {
    const x = lo + (i + 0.5) * h;
    while (k < sorted.length && sorted[k]! <= x) k++;
    total += Math.abs(k / sorted.length - law.cdf(x)) * h;
  }
  return total;
}

const laws: [string, LimitingLaw][] = [
  ["semicircle", semicircleLaw()],
  ["MP gamma 0.5", marchenkoPasturLaw({ gamma: 0.5 })],
  ["MP gamma 2 (atom)", marchenkoPasturLaw({ gamma: 2 })],
  ["Silverstein two intervals", silversteinLaw({ gamma: 0.1, population: { eigenvalues: [1, 10], weights: [0.5, 0.5] } })],
];

/** A sample of the law by inverse cdf at jittered probabilities (seeded). */
function sampleOf(law: LimitingLaw, n: number, seed: number): Float64Array {
  const u = uniformSource(seed);
  return Float64Array.from({ length: n }, () => law.quantile(u()));
}

describe("Kolmogorov-Smirnov distance", () => {
  it("is exactly 1/(2N) for the inverse-cdf sample on the grid (i - 1/2)/N", () => {
    for (const [, law] of laws) {
      const N = 800;
      const grid = Float64Array.from({ length: N }, (_, i) => law.quantile((i + 0.5) / N));
      expect(Math.abs(ksDistance(grid, law).distance - 1 / (2 * N))).toBeLessThan(1e-10);
    }
  });

  it("equals a brute-force supremum on random samples (atoms included) and accepts a bare cdf", () => {
    for (const [i, [, law]] of laws.entries()) {
      const values = sampleOf(law, 300, 11 + i);
      const r = ksDistance(values, law);
      expect(r.distance).toBeCloseTo(bruteKs(values, law), 14);
      expect(r.count).toBe(300);
      expect(r.distance).toBeGreaterThan(0);
    }
    const sc = semicircleLaw();
    const values = sampleOf(sc, 200, 3);
    expect(ksDistance(values, (x) => sc.cdf(x)).distance).toBe(ksDistance(values, sc).distance);
  });

  it("leaves outliers out when asked (dropLargest / dropAbove), and snaps numerically-zero values onto an atom", () => {
    const law = semicircleLaw();
    const N = 1000;
    const bulk = Array.from({ length: N }, (_, i) => law.quantile((i + 0.5) / N));
    const spiked = [...bulk, 2.5, 3.1, 4.2];
    expect(ksDistance(spiked, law).distance).toBeGreaterThan(2.9 / (N + 3));
    expect(ksDistance(spiked, law, { dropLargest: 3 })).toMatchObject({ count: N, dropped: 3 });
    expect(ksDistance(spiked, law, { dropLargest: 3 }).distance).toBeCloseTo(1 / (2 * N), 12);
    expect(ksDistance(spiked, law, { dropAbove: 2.1 }).distance).toBeCloseTo(1 / (2 * N), 12);
    const mp = marchenkoPasturLaw({ gamma: 2 });
    const grid = Array.from({ length: N }, (_, i) => mp.quantile((i + 0.5) / N));
    const noisy = grid.map((x, i) => (x === 0 ? (i % 2 ? 1e-14 : -1e-14) : x));
    expect(ksDistance(noisy, mp).distance).toBeCloseTo(1 / (2 * N), 12);
    expect(ksDistance(noisy, mp, { atomTolerance: 0 }).distance).toBeGreaterThan(0.2);
  });

  it("rejects bad input", () => {
    expect(() => ksDistance([1, Number.POSITIVE_INFINITY], semicircleLaw())).toThrow(/non-finite/);
    expect(() => ksDistance([1], {} as never)).toThrow(InvalidArgumentError);
    expect(() => ksDistance([1, 2], semicircleLaw(), { dropLargest: 2 })).toThrow(/no values left/);
    expect(() => ksDistance([1, 2], semicircleLaw(), { dropLargest: -1 })).toThrow(/dropLargest/);
  });
});

describe("Wasserstein-1 distance", () => {
  it("closed forms: a point mass at 0 vs the semicircle is E|X| = 8/(3 pi); a point mass c above the MP support is at c - 1", () => {
    expect(wasserstein1([0], semicircleLaw()).distance).toBeCloseTo(8 / (3 * Math.PI), 12);
    // every mass moves to c, so W1 = c - mean = c - 1 (sigma^2 = 1)
    expect(wasserstein1([5], marchenkoPasturLaw({ gamma: 0.5 })).distance).toBeCloseTo(4, 12);
    expect(wasserstein1([10], marchenkoPasturLaw({ gamma: 3 })).distance).toBeCloseTo(9, 12); // edge 7.46 < 10
  });

  it("equals a brute-force integral of |F_N - F|, and the quantile-only path agrees", () => {
    for (const [i, [, law]] of laws.entries()) {
      const values = sampleOf(law, 200, 40 + i);
      const r = wasserstein1(values, law).distance;
      expect(Math.abs(r - bruteW1(values, law))).toBeLessThan(2e-6); // the midpoint sum: 5e-7 off here, 1e-7 with 8x the steps
      // the quantile-only path is less accurate at square-root edges (Q - edge ~ p^(2/3)): ~1e-7
      const byQuantile = wasserstein1(values, { quantile: (p) => law.quantile(p) }).distance;
      expect(Math.abs(byQuantile - r)).toBeLessThan(2e-7);
      // a bare cdf (no quantile: the crossings by bisection), with its support intervals
      const byCdf = wasserstein1(values, { cdf: (x) => law.cdf(x), support: law.support, atoms: law.atoms }).distance;
      expect(Math.abs(byCdf - r)).toBeLessThan(1e-12);
      // with only a range, inner support ends are not break points: exact for one interval and no
      // atom, else the kinks of F cost some accuracy
      const byRange = wasserstein1(values, { cdf: (x) => law.cdf(x), range: [law.lowerEdge, law.upperEdge], atoms: law.atoms }).distance;
      expect(Math.abs(byRange - r)).toBeLessThan(law.support.length === 1 && law.atoms.length === 0 ? 1e-12 : 1e-5);
    }
  });

  it("is about 1/(4N) times the spread for the quantile grid, and shifts add up", () => {
    const law = semicircleLaw();
    const N = 1000;
    const grid = Float64Array.from({ length: N }, (_, i) => law.quantile((i + 0.5) / N));
    const w = wasserstein1(grid, law).distance;
    expect(w).toBeGreaterThan(0);
    expect(w).toBeLessThan(4 / (4 * N));
    const shifted = grid.map((x) => x + 0.01);
    expect(wasserstein1(shifted, law).distance).toBeCloseTo(0.01, 3);
    expect(wasserstein1([...grid, 50], law, { dropLargest: 1 }).distance).toBeCloseTo(w, 14);
  });

  it("rejects references it cannot integrate", () => {
    expect(() => wasserstein1([1], { cdf: (x: number) => x } as never)).toThrow(/support|range/);
    expect(() => wasserstein1([1], {} as never)).toThrow(InvalidArgumentError);
  });
});
