import { describe, expect, it } from "vitest";
import {
  ConvergenceError,
  InvalidArgumentError,
  complex,
  ksDistance,
  marchenkoPasturDensity,
  marchenkoPasturEdges,
  marchenkoPasturLaw,
  marchenkoPasturStieltjes,
  silversteinDensity,
  silversteinLaw,
  silversteinStieltjes,
  silversteinSupport,
  stieltjesInversion,
  baiYaoPsi,
  baiYaoPsiDerivative,
  normalizePopulation,
  populationCriticalPoints,
  type Complex,
} from "../../src/index.js";
import { integrateOver } from "./quadrature.js";

const rel = (a: Complex, b: Complex) => Math.hypot(a.re - b.re, a.im - b.im) / Math.max(1e-300, Math.hypot(b.re, b.im));

/** The test's own psi'(l) = 1 - gamma sum w t^2 / (l - t)^2 and psi(l) = l (1 + gamma sum w t / (l - t)). */
function psiPair(t: number[], w: number[], gamma: number) {
  const dpsi = (l: number) => 1 - gamma * t.reduce((s, tk, k) => s + (w[k]! * tk * tk) / (l - tk) ** 2, 0);
  const psi = (l: number) => l * (1 + gamma * t.reduce((s, tk, k) => s + (w[k]! * tk) / (l - tk), 0));
  return { psi, dpsi };
}

/** Zeros of psi' by a dense scan of l and bisection (independent of the package's bracketing). */
function scanCriticalPoints(t: number[], w: number[], gamma: number, lo: number, hi: number): number[] {
  const { dpsi } = psiPair(t, w, gamma);
  const roots: number[] = [];
  const steps = 200000;
  let prevL = lo;
  let prev = dpsi(lo);
  for (let i = 1; i <= steps; i++) {
    const l = lo + ((hi - lo) * i) / steps;
    const v = dpsi(l);
    const pole = t.some((tk) => tk > prevL && tk <= l);
    if (!pole && Math.sign(v) !== Math.sign(prev)) {
      let a = prevL;
      let b = l;
      for (let it = 0; it < 200; it++) {
        const m = 0.5 * (a + b);
        if (Math.sign(dpsi(m)) === Math.sign(prev)) a = m;
        else b = m;
      }
      roots.push(0.5 * (a + b));
    }
    prevL = l;
    prev = v;
  }
  return roots;
}

describe("Silverstein solver, general population", () => {
  it("reduces to Marchenko-Pastur for H = delta_1 (Newton and damped fixed point, several gamma)", () => {
    for (const gamma of [0.2, 0.5, 1, 2.5]) {
      for (const z of [complex.of(1, 0.05), complex.of(0.3, 0.5), complex.of(4, 1e-6), complex.of(-0.5, 0.2), complex.of(2, 3)]) {
        const mp = marchenkoPasturStieltjes(z, { gamma });
        const newton = silversteinStieltjes(z, { gamma, population: [1] });
        expect(rel(newton.m, mp)).toBeLessThan(1e-12);
        const companion = complex.add(complex.scale(complex.inv(z), -(1 - gamma)), complex.scale(mp, gamma));
        expect(rel(newton.companion, companion)).toBeLessThan(1e-12);
        if (z.im >= 0.05) {
          const fp = silversteinStieltjes(z, { gamma, population: [1], method: "fixed-point" });
          expect(rel(fp.m, mp)).toBeLessThan(1e-9);
        }
      }
      // on the real axis: inside the support (boundary value) and outside (real)
      const { lower, upper } = marchenkoPasturEdges({ gamma });
      for (const x of [0.5 * (lower + upper), upper + 0.3, lower + 0.01, upper - 1e-6]) {
        expect(rel(silversteinStieltjes(x, { gamma, population: [1] }).m, marchenkoPasturStieltjes(x, { gamma }))).toBeLessThan(1e-9);
      }
    }
  });

  it("density on a 2000-point grid and support edges equal Marchenko-Pastur's for H = delta_1 and for H = delta_s (variance s)", () => {
    for (const [gamma, s] of [[0.5, 1], [2, 1], [0.3, 2.5]] as const) {
      const o = { gamma, variance: s };
      const { lower, upper } = marchenkoPasturEdges(o);
      const xs = Float64Array.from({ length: 2000 }, (_, i) => -0.2 + ((upper + 0.5) * i) / 1999);
      const rho = silversteinDensity(xs, { gamma, population: { eigenvalues: [s], weights: [1] } });
      let worst = 0;
      xs.forEach((x, i) => (worst = Math.max(worst, Math.abs(rho[i]! - marchenkoPasturDensity(x, o)))));
      expect(worst).toBeLessThan(1e-8);
      const sup = silversteinSupport({ gamma, population: [s] });
      expect(sup.intervals.length).toBe(1);
      expect(sup.lowerEdge).toBeCloseTo(lower, 12);
      expect(sup.upperEdge).toBeCloseTo(upper, 12);
      expect(sup.atoms).toEqual(gamma > 1 ? [{ at: 0, mass: 1 - 1 / gamma }] : []);
    }
  });

  it("two-point population 1/2 delta_1 + 1/2 delta_10 at gamma = 0.1: two support intervals from the critical points", () => {
    const t = [1, 10];
    const w = [0.5, 0.5];
    const gamma = 0.1;
    const options = { gamma, population: { eigenvalues: t, weights: w } };
    const sup = silversteinSupport(options);
    expect(sup.intervals.length).toBe(2);
    // edges = psi at the zeros of psi', found independently by a dense scan
    const roots = scanCriticalPoints(t, w, gamma, -5, 30);
    expect(roots.length).toBe(4);
    const { psi, dpsi } = psiPair(t, w, gamma);
    const edges = sup.intervals.flat();
    roots.forEach((l, i) => {
      expect(sup.criticalPoints[i]!.population).toBeCloseTo(l, 9);
      expect(edges[i]!).toBeCloseTo(psi(l), 10);
      expect(Math.abs(dpsi(sup.criticalPoints[i]!.population))).toBeLessThan(1e-12);
    });
    // psi' > 0 just outside each interval, density > 0 inside, 0 in the gap
    const law = silversteinLaw(options);
    const [[a1, b1], [a2, b2]] = sup.intervals as [[number, number], [number, number]];
    expect(law.density(0.5 * (b1 + a2))).toBe(0);
    expect(law.density(0.5 * (a1 + b1))).toBeGreaterThan(0.1);
    expect(law.density(0.5 * (a2 + b2))).toBeGreaterThan(0.01);
    // total mass 1, and 1/2 in each interval (exact separation: the cluster of each population atom)
    const m1 = integrateOver((x) => law.density(x), a1, b1, 1e-11);
    const m2 = integrateOver((x) => law.density(x), a2, b2, 1e-11);
    expect(m1 + m2).toBeCloseTo(1, 9);
    expect(m1).toBeCloseTo(0.5, 9);
    expect(law.continuousMass()).toBeCloseTo(1, 11);
    // the tabulated cdf against the integral of the density, and the quantile round trip
    for (const x of [a1 + 0.1 * (b1 - a1), 0.5 * (a1 + b1), b1 - 1e-4, 0.5 * (b1 + a2), a2 + 0.3, 10, b2 - 0.5]) {
      const numeric = x <= b1 ? integrateOver((y) => law.density(y), a1, x, 1e-11) : m1 + integrateOver((y) => law.density(y), a2, Math.max(a2, x), 1e-11);
      expect(Math.abs(law.cdf(x) - numeric)).toBeLessThan(1e-9);
    }
    for (const p of [1e-5, 0.2, 0.49, 0.5, 0.51, 0.9, 1 - 1e-6]) expect(Math.abs(law.cdf(law.quantile(p)) - p)).toBeLessThan(1e-12);
    // the gap: F = 1/2 on [b1, a2], so the quantile jumps across it at p = 1/2
    expect(law.quantile(0.5 - 1e-9)).toBeCloseTo(b1, 4);
    expect(law.quantile(0.5 + 1e-9)).toBeCloseTo(a2, 4);
  });

  it("three-atom population: moments, Stieltjes = integral of the density, Stieltjes inversion", () => {
    const t = [0.5, 2, 6];
    const w = [0.3, 0.5, 0.2];
    for (const gamma of [0.2, 0.7]) {
      const law = silversteinLaw({ gamma, population: { eigenvalues: t, weights: w } });
      const pieces = law.support;
      const integral = (f: (x: number) => number) => pieces.reduce((s, [a, b]) => s + integrateOver(f, a, b, 1e-11), 0);
      const mean = t.reduce((s, tk, k) => s + w[k]! * tk, 0);
      const second = t.reduce((s, tk, k) => s + w[k]! * tk * tk, 0);
      // (1/d) E tr S = (1/d) tr Sigma; (1/d) E tr S^2 = (1/d) tr Sigma^2 + gamma ((1/d) tr Sigma)^2
      expect(integral((x) => law.density(x))).toBeCloseTo(1, 9);
      expect(integral((x) => x * law.density(x))).toBeCloseTo(mean, 8);
      expect(integral((x) => x * x * law.density(x))).toBeCloseTo(second + gamma * mean * mean, 7);
      const z = complex.of(2.2, 0.4);
      const m = law.stieltjes(z);
      const re = integral((x) => (law.density(x) * (x - z.re)) / ((x - z.re) ** 2 + z.im ** 2));
      const im = integral((x) => (law.density(x) * z.im) / ((x - z.re) ** 2 + z.im ** 2));
      expect(Math.abs(m.re - re)).toBeLessThan(1e-8);
      expect(Math.abs(m.im - im)).toBeLessThan(1e-8);
      const [a, b] = pieces[pieces.length - 1]!;
      for (const x of [a + 0.2 * (b - a), 0.5 * (a + b), b - 0.05 * (b - a)]) {
        expect(Math.abs(stieltjesInversion((q) => law.stieltjes(q), x, 1e-9) - law.density(x))).toBeLessThan(1e-7);
      }
      // real x above the support: real m, equal to the integral of rho/(l - x)
      const x = law.upperEdge + 1;
      const out = law.solve(x);
      expect(out.m.im).toBe(0);
      expect(out.m.re).toBeCloseTo(integral((l) => law.density(l) / (l - x)), 8);
      // the same point approached from above by the complex path
      expect(rel(law.stieltjes(complex.of(x, 1e-10)), out.m)).toBeLessThan(1e-8);
      // inverse-cdf grid sample: KS = 1/(2N)
      const N = 500;
      const sample = Float64Array.from({ length: N }, (_, i) => law.quantile((i + 0.5) / N));
      expect(Math.abs(ksDistance(sample, law).distance - 1 / (2 * N))).toBeLessThan(1e-9);
    }
  });

  it("gamma > 1: the atom 1 - 1/gamma at 0 and a continuous part of mass 1/gamma", () => {
    const law = silversteinLaw({ gamma: 2.5, population: { eigenvalues: [1, 3], weights: [0.5, 0.5] } });
    expect(law.atoms).toEqual([{ at: 0, mass: 0.6 }]);
    const mass = law.support.reduce((s, [a, b]) => s + integrateOver((x) => law.density(x), a, b, 1e-11), 0);
    expect(mass).toBeCloseTo(0.4, 9);
    expect(law.cdf(0)).toBeCloseTo(0.6, 12);
    expect(law.cdf(-1e-9)).toBe(0);
    expect(law.quantile(0.3)).toBe(0);
    // near z = 0 the transform is dominated by the atom: m ~ -0.6 / z
    const z = complex.of(1e-6, 1e-6);
    const m = law.stieltjes(z);
    expect(rel(complex.mul(m, z), complex.of(-0.6, 0))).toBeLessThan(1e-4);
  });

  it("gamma near 1 (edge at 2.5e-7 beside the hard edge): the tabulated cdf still has the right mass", () => {
    for (const gamma of [0.999, 1, 1.001]) {
      const law = silversteinLaw({ gamma, population: [1] });
      expect(law.continuousMass()).toBeCloseTo(Math.min(1, 1 / gamma), 12);
      for (const x of [1e-6, 1e-3, 0.5, 3]) expect(Math.abs(law.cdf(x) - marchenkoPasturLaw({ gamma }).cdf(x))).toBeLessThan(1e-11);
    }
  });

  it("a population of 400 distinct eigenvalues: mass, moments, Newton = fixed point", () => {
    const d = 400;
    const eigenvalues = Float64Array.from({ length: d }, (_, i) => 1 + (2 * i) / (d - 1));
    const gamma = 0.5;
    const law = silversteinLaw({ gamma, population: eigenvalues });
    expect(law.support.length).toBe(1);
    expect(law.continuousMass()).toBeCloseTo(1, 12);
    const mean = eigenvalues.reduce((s, t) => s + t, 0) / d;
    const second = eigenvalues.reduce((s, t) => s + t * t, 0) / d;
    const [a, b] = law.support[0]!;
    expect(integrateOver((x) => x * law.density(x), a, b, 1e-10)).toBeCloseTo(mean, 8);
    expect(integrateOver((x) => x * x * law.density(x), a, b, 1e-10)).toBeCloseTo(second + gamma * mean * mean, 7);
    const z = complex.of(2, 0.05);
    const newton = silversteinStieltjes(z, { gamma, population: eigenvalues }).m;
    const fixed = silversteinStieltjes(z, { gamma, population: eigenvalues, method: "fixed-point" }).m;
    expect(rel(newton, fixed)).toBeLessThan(1e-11);
  });

  it("a list of eigenvalues (equal weights, repeats merged) is the same population as atoms with weights", () => {
    const list = [1, 1, 1, 4, 4, 9];
    const z = complex.of(3, 0.2);
    const a = silversteinStieltjes(z, { gamma: 0.4, population: list }).m;
    const b = silversteinStieltjes(z, { gamma: 0.4, population: { eigenvalues: [9, 1, 4], weights: [1 / 6, 0.5, 1 / 3] } }).m;
    expect(rel(a, b)).toBeLessThan(1e-13);
  });

  it("reports non-convergence with ConvergenceError and bad parameters with InvalidArgumentError", () => {
    const o = { gamma: 0.5, population: [1, 2] };
    try {
      silversteinStieltjes(complex.of(1, 1e-3), { ...o, method: "fixed-point", maxIterations: 3 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConvergenceError);
      expect((e as ConvergenceError).iterations).toBe(3);
      expect((e as ConvergenceError).residual).toBeGreaterThan(0);
    }
    expect(() => silversteinStieltjes(1, { ...o, method: "fixed-point" })).toThrow(/Im z > 0/);
    expect(() => silversteinStieltjes(complex.I, { gamma: 0, population: [1] })).toThrow(/gamma must be a finite number > 0/);
    expect(() => silversteinStieltjes(complex.I, { gamma: Number.NaN, population: [1] })).toThrow(InvalidArgumentError);
    expect(() => silversteinDensity([1], { gamma: 0.5, population: [1, -2] })).toThrow(/population eigenvalue 1 must be finite and > 0/);
    expect(() => silversteinDensity([1], { gamma: 0.5, population: [1, 0] })).toThrow(/population eigenvalue/);
    expect(() => silversteinSupport({ gamma: 0.5, population: { eigenvalues: [1, 2], weights: [0.5, 0.6] } })).toThrow(/weights must sum to 1/);
    expect(() => silversteinSupport({ gamma: 0.5, population: { eigenvalues: [1, 2], weights: [1.5, -0.5] } })).toThrow(/weight 1/);
    expect(() => silversteinSupport({ gamma: 0.5, population: { eigenvalues: [1, 2], weights: [1] } })).toThrow(/one entry per eigenvalue/);
    expect(() => silversteinSupport({ gamma: 0.5, population: [] })).toThrow(/non-empty/);
    expect(() => silversteinDensity([Number.NaN], { gamma: 0.5, population: [1] })).toThrow(/x\[0\]/);
    expect(() => silversteinStieltjes(0, { gamma: 1, population: [1] })).toThrow(/z = 0/);
  });

  it("refuses missing options, a non-population and a non-function with InvalidArgumentError naming the call", () => {
    const none = undefined as never;
    expect(() => silversteinStieltjes(complex.I, none)).toThrow(/silversteinStieltjes: options must be an object/);
    expect(() => silversteinSupport(null as never)).toThrow(/silversteinSupport: options/);
    expect(() => silversteinLaw(none)).toThrow(/silversteinLaw: options/);
    expect(() => silversteinDensity([1], none)).toThrow(/silversteinDensity: options/);
    for (const bad of [null, 10, {}, { t: [1], w: [1], gamma: 1 }]) {
      expect(() => populationCriticalPoints(bad as never)).toThrow(/populationCriticalPoints: pop must be a population from normalizePopulation/);
      expect(() => baiYaoPsi(bad as never, 2)).toThrow(InvalidArgumentError);
      expect(() => baiYaoPsiDerivative(bad as never, 2)).toThrow(InvalidArgumentError);
    }
    const pop = normalizePopulation([1, 2], 0.5);
    expect(() => baiYaoPsi(pop, Number.NaN)).toThrow(InvalidArgumentError);
    expect(baiYaoPsi(pop, 4)).toBeCloseTo(4 * (1 + 0.5 * (0.5 / 3 + 1 / 2)), 14); // psi(l) = l (1 + gamma sum w t/(l - t))
    expect(() => stieltjesInversion(3 as never, 1)).toThrow(/stieltjesInversion: stieltjes must be a function/);
    expect(() => stieltjesInversion((() => 1) as never, 1)).toThrow(/must return a complex value/);
  });
});
