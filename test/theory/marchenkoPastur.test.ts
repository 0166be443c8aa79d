import { describe, expect, it } from "vitest";
import {
  InvalidArgumentError,
  complex,
  ksDistance,
  marchenkoPasturAtoms,
  marchenkoPasturCdf,
  marchenkoPasturCompanionStieltjes,
  marchenkoPasturDensity,
  marchenkoPasturEdgeScale,
  marchenkoPasturEdges,
  marchenkoPasturLaw,
  marchenkoPasturQuantile,
  marchenkoPasturStieltjes,
  stieltjesInversion,
} from "../../src/index.js";
import { integrateOver } from "./quadrature.js";

const cases = [
  { gamma: 0.25, variance: 1 },
  { gamma: 0.5, variance: 1 },
  { gamma: 1, variance: 1 },
  { gamma: 2, variance: 1 },
  { gamma: 4, variance: 1 },
  { gamma: 0.5, variance: 2 },
  { gamma: 3, variance: 0.5 },
];

describe("Marchenko-Pastur law", () => {
  it("matches the check values of spiked-features.md 7.1 (gamma = 0.5)", () => {
    const e = marchenkoPasturEdges({ gamma: 0.5 });
    expect(e.lower).toBeCloseTo(0.0858, 4);
    expect(e.upper).toBeCloseTo(2.9142, 4);
    expect(e.lower).toBeCloseTo((1 - Math.SQRT1_2) ** 2, 15);
    const m = marchenkoPasturStieltjes(complex.of(1, 0.05), { gamma: 0.5 });
    expect(Math.abs(m.re - -0.45405)).toBeLessThan(5e-6);
    expect(Math.abs(m.im - 1.29666)).toBeLessThan(5e-6);
  });

  it("density plus atoms has mass 1, with the atom 1 - 1/gamma at 0 only when gamma > 1", () => {
    for (const o of cases) {
      const { lower, upper } = marchenkoPasturEdges(o);
      const continuous = integrateOver((x) => marchenkoPasturDensity(x, o), lower, upper);
      const atoms = marchenkoPasturAtoms(o);
      const atomMass = atoms.reduce((s, a) => s + a.mass, 0);
      expect(continuous + atomMass).toBeCloseTo(1, 9);
      if (o.gamma > 1) expect(atoms).toEqual([{ at: 0, mass: 1 - 1 / o.gamma }]);
      else expect(atoms).toEqual([]);
    }
  });

  it("has mean sigma^2 and second moment sigma^4 (1 + gamma) (independent moment formulas)", () => {
    for (const o of cases) {
      const { lower, upper } = marchenkoPasturEdges(o);
      const m1 = integrateOver((x) => x * marchenkoPasturDensity(x, o), lower, upper);
      const m2 = integrateOver((x) => x * x * marchenkoPasturDensity(x, o), lower, upper);
      expect(m1).toBeCloseTo(o.variance, 9);
      expect(m2).toBeCloseTo(o.variance ** 2 * (1 + o.gamma), 9);
    }
  });

  it("closed-form cdf equals the integral of the density, and the quantile inverts it", () => {
    for (const o of cases) {
      const { lower, upper } = marchenkoPasturEdges(o);
      const atom = o.gamma > 1 ? 1 - 1 / o.gamma : 0;
      for (const u of [0.001, 0.05, 0.2, 0.5, 0.8, 0.97, 0.9999]) {
        const x = lower + u * (upper - lower);
        const numeric = atom + integrateOver((y) => marchenkoPasturDensity(y, o), lower, x);
        expect(Math.abs(marchenkoPasturCdf(x, o) - numeric)).toBeLessThan(1e-10);
      }
      expect(marchenkoPasturCdf(lower - 1e-3, o)).toBe(lower - 1e-3 >= 0 ? atom : 0);
      expect(marchenkoPasturCdf(upper, o)).toBe(1);
      for (const p of [1e-6, 0.1, 0.3, 0.5, 0.6, 0.9, 0.999999]) {
        const x = marchenkoPasturQuantile(p, o);
        if (p <= atom) expect(x).toBe(0);
        else expect(Math.abs(marchenkoPasturCdf(x, o) - p)).toBeLessThan(1e-13);
      }
    }
  });

  it("Stieltjes transform: quadratic residual, Im m > 0, the integral of rho/(l - z) + atom/(0 - z)", () => {
    for (const o of cases) {
      const s2 = o.variance;
      for (const z of [complex.of(0.4, 0.2), complex.of(1.5, 1e-4), complex.of(-2, 0.3), complex.of(7, 3)]) {
        const m = marchenkoPasturStieltjes(z, o);
        // with w = z / sigma^2 and m1 = sigma^2 m: gamma w m1^2 + (w - 1 + gamma) m1 + 1 = 0
        const w = complex.scale(z, 1 / s2);
        const m1 = complex.scale(m, s2);
        const res = complex.add(
          complex.add(complex.scale(complex.mul(w, complex.mul(m1, m1)), o.gamma), complex.mul(complex.addReal(w, o.gamma - 1), m1)),
          complex.ONE,
        );
        expect(complex.abs(res)).toBeLessThan(1e-12 * Math.max(1, complex.abs(m1) ** 2 * complex.abs(w)));
        expect(m.im).toBeGreaterThan(0);
      }
      const z = complex.of(1.3, 0.2);
      const m = marchenkoPasturStieltjes(z, o);
      const { lower, upper } = marchenkoPasturEdges(o);
      const d2 = (l: number) => (l - z.re) ** 2 + z.im ** 2;
      let re = integrateOver((l) => (marchenkoPasturDensity(l, o) * (l - z.re)) / d2(l), lower, upper);
      let im = integrateOver((l) => (marchenkoPasturDensity(l, o) * z.im) / d2(l), lower, upper);
      for (const a of marchenkoPasturAtoms(o)) {
        const q = complex.div(complex.of(a.mass, 0), complex.sub(complex.of(a.at, 0), z));
        re += q.re;
        im += q.im;
      }
      expect(Math.abs(m.re - re)).toBeLessThan(1e-9);
      expect(Math.abs(m.im - im)).toBeLessThan(1e-9);
    }
  });

  it("Stieltjes inversion at eps = 1e-9 reproduces the closed-form density; the boundary value is exact", () => {
    for (const o of [{ gamma: 0.5 }, { gamma: 2 }, { gamma: 0.3, variance: 3 }]) {
      const { lower, upper } = marchenkoPasturEdges(o);
      let smoothed = 0;
      let boundary = 0;
      for (let k = 1; k < 100; k++) {
        const x = lower + (k / 100) * (upper - lower);
        smoothed = Math.max(smoothed, Math.abs(stieltjesInversion((z) => marchenkoPasturStieltjes(z, o), x, 1e-9) - marchenkoPasturDensity(x, o)));
        boundary = Math.max(boundary, Math.abs(marchenkoPasturStieltjes(x, o).im / Math.PI - marchenkoPasturDensity(x, o)));
      }
      // what is left at eps > 0 is the Poisson smoothing, eps Re m'(x) / pi: largest near the
      // edges (1.2e-8 at 1% of the bulk width from the lower edge for gamma = 0.5)
      expect(smoothed).toBeLessThan(2e-8);
      expect(boundary).toBeLessThan(1e-14);
    }
  });

  it("is stable near z = 0 and far away: m(0) = 1/(1 - gamma) for gamma < 1, m ~ -1/z", () => {
    expect(marchenkoPasturStieltjes(0, { gamma: 0.5 }).re).toBeCloseTo(2, 14);
    const tiny = marchenkoPasturStieltjes(complex.of(1e-12, 1e-12), { gamma: 0.25 });
    expect(tiny.re).toBeCloseTo(1 / 0.75, 10);
    const z = complex.of(3e5, -1e5);
    const m = marchenkoPasturStieltjes(z, { gamma: 2 });
    const expected = complex.neg(complex.inv(z));
    expect(complex.abs(complex.sub(m, expected)) / complex.abs(expected)).toBeLessThan(1e-4);
    expect(m.im).toBeLessThan(0); // conjugate below the axis
  });

  it("companion transform: -(1 - gamma)/z + gamma m(z), and the MP law of X X^T / n (ratio 1/gamma, variance gamma sigma^2)", () => {
    for (const o of cases) {
      for (const z of [complex.of(0.7, 0.3), complex.of(2.5, 1e-3), complex.of(-1, 0.1)]) {
        const mc = marchenkoPasturCompanionStieltjes(z, o);
        const viaM = complex.add(complex.scale(complex.inv(z), -(1 - o.gamma)), complex.scale(marchenkoPasturStieltjes(z, o), o.gamma));
        expect(complex.abs(complex.sub(mc, viaM))).toBeLessThan(1e-12 * Math.max(1, complex.abs(mc)));
        const viaLaw = marchenkoPasturStieltjes(z, { gamma: 1 / o.gamma, variance: o.gamma * o.variance });
        expect(complex.abs(complex.sub(mc, viaLaw))).toBeLessThan(1e-12 * Math.max(1, complex.abs(mc)));
      }
    }
    // gamma > 1: the companion is regular at 0, mc(0) = 1/(gamma - 1)
    expect(marchenkoPasturCompanionStieltjes(0, { gamma: 3 }).re).toBeCloseTo(0.5, 14);
  });

  it("an inverse-cdf sample on a deterministic grid is at KS distance 1/(2N), atom included", () => {
    for (const o of [{ gamma: 0.5 }, { gamma: 2 }, { gamma: 1 }]) {
      const law = marchenkoPasturLaw(o);
      const N = 1000;
      const sample = Float64Array.from({ length: N }, (_, i) => law.quantile((i + 0.5) / N));
      expect(ksDistance(sample, law).distance).toBeCloseTo(1 / (2 * N), 12);
    }
  });

  it("Tracy-Widom edge scale: sigma^2 (1 + sqrt(gamma)) (1 + 1/sqrt(gamma))^(1/3) n^(-2/3)", () => {
    // gamma = 1, n = 1000: 2 * 2^(1/3) / 100
    expect(marchenkoPasturEdgeScale(1000, { gamma: 1 })).toBeCloseTo(0.0251984, 7);
  });

  it("rejects bad parameters with InvalidArgumentError naming them", () => {
    for (const gamma of [0, -1, Number.NaN, Infinity]) {
      expect(() => marchenkoPasturDensity(1, { gamma })).toThrow(/gamma must be a finite number > 0/);
      expect(() => marchenkoPasturStieltjes(complex.I, { gamma })).toThrow(InvalidArgumentError);
    }
    expect(() => marchenkoPasturCdf(1, { gamma: 0.5, variance: -2 })).toThrow(/variance/);
    expect(() => marchenkoPasturQuantile(-0.1, { gamma: 0.5 })).toThrow(/probability/);
    expect(() => marchenkoPasturStieltjes(0, { gamma: 2 })).toThrow(/z = 0/);
    expect(() => marchenkoPasturStieltjes(0, { gamma: 1 })).toThrow(/z = 0/);
    expect(() => marchenkoPasturLaw(undefined as never)).toThrow(InvalidArgumentError);
  });
});
