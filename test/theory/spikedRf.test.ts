import { describe, expect, it } from "vitest";
import {
  ckStieltjes, complex as C, featureCovarianceOperator, hermiteCoefficients, InvalidArgumentError,
  marchenkoPasturStieltjes, shiftedCoefficients, spikedRandomFeatures, spikedRfEquivalent, type Complex,
  type SecondLayerSpec,
} from "../../src/index.js";

const PROBES: Complex[] = [C.of(0.3, 0.05), C.of(1, 0.01), C.of(1.7, 0.2), C.of(-0.4, 0.1), C.of(0.8, 1e-3)];

function empiricalStieltjes(ev: Float64Array, z: Complex): Complex {
  let re = 0;
  let im = 0;
  for (const l of ev) {
    const dr = l - z.re;
    const den = dr * dr + z.im * z.im;
    re += dr / den;
    im += z.im / den;
  }
  return C.of(re / ev.length, im / ev.length);
}

describe("spiked-RF equivalent: special cases", () => {
  it("theta = 0 reduces to the CK quartic (relu, tanh; n < p and n > p)", () => {
    for (const [name, n, p, d] of [["relu", 3000, 2000, 1500], ["tanh", 1000, 2000, 4000]] as const) {
      const h = hermiteCoefficients(name);
      const de = spikedRfEquivalent({ coefficients: shiftedCoefficients(name), n, p, d, theta: 0 });
      for (const z of PROBES) {
        const want = ckStieltjes(z, { n, p, d, mu1: h.mu1, muStar2: h.muStar2 });
        const got = de.stieltjes(z);
        expect(C.dist(got.gp, want.gp)).toBeLessThan(1e-9);
        expect(C.dist(got.gn, want.gn)).toBeLessThan(1e-9);
      }
    }
  });

  it("mu1 = 0 (pure noise) gives Marchenko-Pastur for (s/n) Xi^T Xi, and the atom 1 - n/p", () => {
    const noise = { mu0: () => 0.3, mu1: () => 0, muStar2: () => 0.6 };
    const de = spikedRfEquivalent({ coefficients: noise, n: 1000, p: 1500, d: 800, theta: 1 });
    expect(de.atom).toBeCloseTo(1 / 3, 15);
    for (const z of PROBES) {
      expect(C.dist(de.stieltjesP(z), marchenkoPasturStieltjes(z, { gamma: 1.5, variance: 0.6 }))).toBeLessThan(1e-10);
    }
  });

  it("linear sigma: the bulk is the cubic for any theta (the spike only adds the rank-K mean)", () => {
    const de = spikedRfEquivalent({ coefficients: shiftedCoefficients("linear"), n: 1200, p: 600, d: 900, theta: 2, secondLayer: "plusminus" });
    for (const z of PROBES) {
      const want = ckStieltjes(z, { n: 1200, p: 600, d: 900, mu1: 1, muStar2: 0 });
      expect(C.dist(de.stieltjesP(z), want.gp)).toBeLessThan(1e-9);
    }
  });

  it("odd sigma with abar = +-1: both groups are the same in law, so K = 2 equals K = 1", () => {
    const co = shiftedCoefficients("tanh");
    const one = spikedRfEquivalent({ coefficients: co, n: 2000, p: 1000, d: 1500, theta: 2 });
    const two = spikedRfEquivalent({ coefficients: co, n: 2000, p: 1000, d: 1500, theta: 2, secondLayer: { values: [1, -1], probs: [0.3, 0.7] } });
    for (const z of PROBES) {
      const a = one.stieltjes(z);
      const b = two.stieltjes(z);
      expect(C.dist(a.gp, b.gp)).toBeLessThan(1e-9);
      // the resolvent diagonal per group is the same too
      expect(C.dist(b.resolventDiagonal[0]!, b.resolventDiagonal[1]!)).toBeLessThan(1e-9);
    }
  });

  it("behaves like a Stieltjes transform: Im g > 0, g ~ -1/z at infinity, conjugate below the axis", () => {
    const de = spikedRfEquivalent({ coefficients: shiftedCoefficients("relu"), n: 2000, p: 3000, d: 1000, theta: 1.5, secondLayer: "plusminus" });
    for (const z of PROBES) {
      expect(de.stieltjesP(z).im).toBeGreaterThan(0);
      expect(de.stieltjesN(z).im).toBeGreaterThan(0);
      expect(C.dist(de.stieltjesP(C.conj(z)), C.conj(de.stieltjesP(z)))).toBeLessThan(1e-14);
    }
    const far = C.of(1e6, 1);
    // the order-p spikes sit near 0.6 p: at |z| = 1e6 the 1/z^2 term is ~1e-9
    expect(C.dist(C.mul(de.stieltjesP(far), far), C.of(-1))).toBeLessThan(1e-3);
  });

  it("continuous abar ~ N(0, 1): 16 and 24 quadrature nodes agree to 1e-3, and the leading spikes are the reference's", () => {
    const co = shiftedCoefficients("relu");
    const a = spikedRfEquivalent({ coefficients: co, n: 3000, p: 1500, d: 1500, theta: 1, secondLayer: "gaussian" });
    const b = spikedRfEquivalent({ coefficients: co, n: 3000, p: 1500, d: 1500, theta: 1, secondLayer: "gaussian", secondLayerNodes: 24 });
    for (const z of PROBES.slice(0, 3)) expect(C.dist(a.stieltjesP(z), b.stieltjesP(z))).toBeLessThan(1e-3);
    // reference section 5.1: "predicted 542, 375, 17.8, 0.17" (p eig(Pi^1/2 A Pi^1/2), K = 24 here)
    const lead = b.outliers({ upperEdge: 3 }).map((o) => o.leading);
    expect(lead[0]! / 542 - 1).toBeCloseTo(0, 2);
    expect(lead[1]! / 375 - 1).toBeCloseTo(0, 2);
    expect(lead[2]! / 17.8 - 1).toBeCloseTo(0, 1);
  });

  it("rejects bad parameters with typed errors", () => {
    const co = shiftedCoefficients("relu");
    expect(() => spikedRfEquivalent({ coefficients: co, n: 10, p: 0, d: 10, theta: 1 })).toThrow(InvalidArgumentError);
    expect(() => spikedRfEquivalent({ coefficients: co, n: 10, p: 10, d: 10, theta: -1 })).toThrow(InvalidArgumentError);
    expect(() => spikedRfEquivalent({ coefficients: {} as never, n: 10, p: 10, d: 10, theta: 1 })).toThrow(InvalidArgumentError);
    expect(() => spikedRfEquivalent({ coefficients: co, n: 10, p: 10, d: 10, theta: 1, secondLayer: "binary" as SecondLayerSpec })).toThrow(InvalidArgumentError);
    const de = spikedRfEquivalent({ coefficients: co, n: 10, p: 20, d: 10, theta: 1 });
    expect(() => de.stieltjes(0)).toThrow(InvalidArgumentError);
    expect(() => de.density([1], { epsilon: -1 })).toThrow(InvalidArgumentError);
  });
});

interface Simulation {
  ev: Float64Array;
  kappa: Float64Array;
  de: ReturnType<typeof spikedRfEquivalent>;
  K: number;
  p: number;
}

/** sRF features on fresh data, and the DE with the realized group fractions. */
function simulate(name: "relu" | "tanh", secondLayer: "ones" | "plusminus", theta: number, seed: number, n = 2000, p = 1000, d = 1000): Simulation {
  const model = spikedRandomFeatures({ d, p, theta, secondLayer, activation: name, seed });
  const op = featureCovarianceOperator({ W: model.spikedW, activation: name, n, seed: seed + 1000, directions: model.spikeDirection });
  const ev = op.spectrum();
  const kappa = op.projections!.column(0);
  op.dispose();
  const K = secondLayer === "plusminus" ? 2 : 1;
  const counts = [0, 0];
  model.groups!.forEach((g) => counts[g]!++);
  const law: SecondLayerSpec = K === 2 ? { values: [1, -1], probs: [counts[0]! / p, counts[1]! / p] } : "ones";
  const de = spikedRfEquivalent({ coefficients: shiftedCoefficients(name), n, p, d, theta, secondLayer: law });
  return { ev, kappa, de, K, p };
}

describe("spiked-RF equivalent against simulation (n = 2000, p = d = 1000, rows on the sphere)", () => {
  const sims = [
    { label: "ReLU, abar = +-1, theta = 1.5, seed 1", s: simulate("relu", "plusminus", 1.5, 1) },
    { label: "ReLU, abar = +-1, theta = 1.5, seed 2", s: simulate("relu", "plusminus", 1.5, 2) },
    { label: "tanh, abar = 1, theta = 2, seed 3", s: simulate("tanh", "ones", 2, 3) },
    { label: "tanh, abar = 1, theta = 2, seed 4", s: simulate("tanh", "ones", 2, 4) },
  ];

  for (const { label, s } of sims) {
    describe(label, () => {
      it("Stieltjes transform at Im z = 0.05 within 2 / (p Im z) = 0.04 (measured 0.014-0.030)", () => {
        for (const x of [0.2, 0.4, 0.7, 1.0, 1.4]) {
          const z = C.of(x, 0.05);
          expect(C.dist(empiricalStieltjes(s.ev, z), s.de.stieltjesP(z))).toBeLessThan(2 / (s.p * z.im));
        }
      });

      it("support edges and histogram: edges within Tracy-Widom-scale windows, bin densities within 0.05", () => {
        const sup = s.de.support();
        expect(sup.length).toBe(1);
        const [lower, upper] = sup[0]!;
        // the largest bulk eigenvalue (the K order-p spikes excluded); measured 0.01-0.045 below the edge
        expect(Math.abs(s.ev[s.p - 1 - s.K]! - upper)).toBeLessThan(0.08);
        expect(Math.abs(s.ev[0]! - lower)).toBeLessThan(0.01);
        const w = 0.1;
        for (let a = 0.1; a + w < upper - 0.1; a += w) {
          const count = s.ev.filter((l) => l >= a && l < a + w).length / s.p / w;
          const xs = Array.from({ length: 10 }, (_, i) => a + ((i + 0.5) * w) / 10);
          const rho = s.de.density(xs).reduce((t, v) => t + v, 0) / 10;
          expect(Math.abs(count - rho)).toBeLessThan(0.05);
        }
      });

      it("order-p spikes: the realized plug-in (+ its finite-n correction) within 1.5 of the empirical top eigenvalues", () => {
        const edge = s.de.support()[0]![1];
        const out = s.de.outliers({ kappa: s.kappa, upperEdge: edge });
        expect(out.length).toBe(s.K);
        const top = Array.from(s.ev.slice(s.p - s.K)).reverse();
        out.forEach((o, j) => {
          // leading order p eig(realized Gram) is off by O(1) (measured 0.2-1.8); the det equation removes most of it
          expect(Math.abs(o.leading - top[j]!)).toBeLessThan(3);
          expect(o.corrected).not.toBeNull();
          expect(Math.abs(o.corrected! - top[j]!)).toBeLessThan(1.5);
        });
      });
    });
  }

  it("the continuous part has mass min(1, n/p): integral of the density, n = 1000 < p = 1500", () => {
    const de = spikedRfEquivalent({ coefficients: shiftedCoefficients("relu"), n: 1000, p: 1500, d: 1000, theta: 1.5, secondLayer: "plusminus" });
    expect(de.atom).toBeCloseTo(1 / 3, 15);
    const sup = de.support();
    const [lo, hi] = [sup[0]![0], sup[sup.length - 1]![1]];
    expect(lo).toBeGreaterThan(0.01); // soft lower edge away from the atom
    // Gauss-Legendre-like midpoint rule on a sqrt-edge density: error ~ h^1.5
    const m = 1500;
    const h = (hi - lo) / m;
    const xs = Array.from({ length: m }, (_, i) => lo + (i + 0.5) * h);
    const mass = de.density(xs).reduce((t, v) => t + v, 0) * h;
    expect(Math.abs(mass - 1000 / 1500)).toBeLessThan(2e-3);
  });
});
