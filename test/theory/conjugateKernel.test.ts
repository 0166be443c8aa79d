import { describe, expect, it } from "vitest";
import {
  ckDensity, ckSpikeOutlier, ckSpikeThreshold, ckStieltjes, ckStieltjesAbove, ckStieltjesFanWang, ckUpperEdge, complex as C,
  featureSpectrum, hermiteCoefficients, InvalidArgumentError, marchenkoPasturStieltjes, Matrix, polynomialRoots, Rng,
  twoLayerNetwork, type Complex,
} from "../../src/index.js";
import { empiricalStieltjes } from "../helpers.js";

const PROBES: Complex[] = [C.of(0.3, 0.05), C.of(1, 0.01), C.of(1.5, 0.2), C.of(-0.5, 0.1), C.of(3, 0.001), C.of(0.8, 1e-4)];

function ckOptions(name: "relu" | "tanh" | "gelu" | "erf", n: number, p: number, d: number) {
  const h = hermiteCoefficients(name);
  return { n, p, d, mu1: h.mu1, muStar2: h.muStar2 };
}

describe("CK bulk: the quartic and the Fan-Wang form agree", () => {
  const cases: [("relu" | "tanh" | "gelu" | "erf"), number, number, number][] = [
    ["relu", 3000, 2000, 1500],
    ["tanh", 1000, 2000, 4000],
    ["gelu", 1500, 1500, 1500],
    ["erf", 2000, 500, 3000],
  ];
  for (const [name, n, p, d] of cases) {
    it(`${name}, n = ${n}, p = ${p}, d = ${d}: |quartic - Fan-Wang| < 1e-9 at probes off the axis`, () => {
      const o = ckOptions(name, n, p, d);
      for (const z of PROBES) {
        const a = ckStieltjes(z, o);
        const b = ckStieltjesFanWang(z, o);
        expect(C.dist(a.gp, b.gp)).toBeLessThan(1e-9);
        expect(C.dist(a.gn, b.gn)).toBeLessThan(1e-9);
        expect(a.gp.im).toBeGreaterThan(0);
        // g_p = (n/p) g_n - (1 - n/p)/z
        expect(C.dist(a.gp, C.sub(C.scale(a.gn, n / p), C.scale(C.inv(z), 1 - n / p)))).toBeLessThan(1e-12);
      }
    });
  }

  it("satisfies the Pennington-Worah equation (G = -g_p, (n0, m, n1) = (d, n, p)) to rounding", () => {
    // P = 1 + (eta - zeta) t P_phi P_psi + P_phi P_psi t zeta / (1 - P_phi P_psi t zeta),
    // G(z) = (psi/z) P(1/(z psi)) + (1 - psi)/z, phi = d/n, psi = d/p, eta = mu1^2 + mu*^2, zeta = mu1^2
    for (const [n, p, d] of [[3000, 2000, 1500], [1000, 3000, 2000]] as const) {
      const o = ckOptions("relu", n, p, d);
      const phi = d / n, psi = d / p, zeta = o.mu1 ** 2, eta = zeta + o.muStar2;
      for (const z of PROBES) {
        const G = C.neg(ckStieltjes(z, o).gp);
        const t = C.inv(C.scale(z, psi));
        const P = C.scale(C.addReal(C.mul(z, G), -(1 - psi)), 1 / psi);
        const q = C.mul(C.mul(C.addReal(C.scale(C.addReal(P, -1), phi), 1), C.addReal(C.scale(C.addReal(P, -1), psi), 1)), t);
        const rhs = C.add(C.addReal(C.scale(q, eta - zeta), 1), C.div(C.scale(q, zeta), C.sub(C.ONE, C.scale(q, zeta))));
        expect(C.dist(P, rhs)).toBeLessThan(1e-12 * (1 + C.abs(P)));
      }
    }
  });

  it("reduces to Marchenko-Pastur when mu1 = 0: Sigma = (s/n) Xi^T Xi, ratio p/n", () => {
    const o = { n: 2000, p: 1500, d: 700, mu1: 0, muStar2: 0.7 };
    for (const z of PROBES) {
      const want = marchenkoPasturStieltjes(z, { gamma: 1500 / 2000, variance: 0.7 });
      expect(C.dist(ckStieltjes(z, o).gp, want)).toBeLessThan(1e-12);
    }
  });

  it("linear features (mu* = 0, the cubic: a product of two Wisharts) match a simulation of F = X W^T", () => {
    const n = 1200, p = 600, d = 900;
    const net = twoLayerNetwork({ d, p, activation: "linear", seed: 3 });
    const ev = featureSpectrum({ W: net.W, activation: "linear", n, seed: 4 });
    const o = { n, p, d, mu1: 1, muStar2: 0 };
    // finite-p fluctuations of the transform are O(1/(p Im z)) (0.03 here; seeds 3, 5, 7 gave at most 0.039):
    // tolerance 2 / (p Im z). The top eigenvalue fluctuates by ~0.14 at this size (seeds: 4.95, 4.67, 4.85 vs 4.81).
    for (const x of [0.2, 0.6, 1.2, 2.5]) {
      const z = C.of(x, 0.05);
      expect(C.dist(empiricalStieltjes(ev, z), ckStieltjes(z, o).gp)).toBeLessThan(2 / (p * z.im));
    }
    expect(Math.abs(ckUpperEdge(o).edge - ev[p - 1]!)).toBeLessThan(0.3);
  });

  it("finds all roots of a polynomial (Aberth): (g - 1)(g + 2i)(g - 3)", () => {
    // expand: g^3 + (-4 + 2i) g^2 + (3 - 8i) g + 6i
    const roots = polynomialRoots([C.of(0, 6), C.of(3, -8), C.of(-4, 2), C.ONE]);
    const want = [C.of(1), C.of(0, -2), C.of(3)];
    for (const w of want) expect(Math.min(...roots.map((r) => C.dist(r, w)))).toBeLessThan(1e-13);
  });
});

describe("CK bulk against simulation (ReLU, n = 1500, p = 1000, d = 1200)", () => {
  const n = 1500, p = 1000, d = 1200;
  const o = ckOptions("relu", n, p, d);
  const net = twoLayerNetwork({ d, p, activation: "relu", seed: 11 });
  const ev = featureSpectrum({ W: net.W, activation: "relu", n, seed: 12 });

  it("matches the Stieltjes transform at Im z = 0.05 within 2 / (p Im z) = 0.04 (O(1/(p Im z)) fluctuations)", () => {
    for (const x of [0.1, 0.4, 0.8, 1.2]) {
      const z = C.of(x, 0.05);
      expect(C.dist(empiricalStieltjes(ev, z), ckStieltjes(z, o).gp)).toBeLessThan(2 / (p * z.im));
    }
  });

  it("places the upper edge at the largest bulk eigenvalue (the mu0 spike p mu0^2 excluded) within 0.05", () => {
    const { edge } = ckUpperEdge(o);
    // ReLU: one order-p spike p mu0^2 = 0.159 p (plus O(1) corrections)
    expect(Math.abs(ev[p - 1]! / (p / (2 * Math.PI)) - 1)).toBeLessThan(0.02);
    // Tracy-Widom scale p^{-2/3} edge ~ 0.02: a 0.05 window
    expect(Math.abs(ev[p - 2]! - edge)).toBeLessThan(0.05);
    // the quartic's density matches a histogram of the bulk on [0.2, edge - 0.2]
    const w = 0.1;
    for (let a = 0.2; a + w < edge - 0.2; a += w) {
      const count = ev.filter((l) => l >= a && l < a + w).length / p / w;
      const xs = Array.from({ length: 8 }, (_, i) => a + ((i + 0.5) * w) / 8);
      const rho = ckDensity(xs, o).reduce((s, v) => s + v, 0) / 8;
      expect(Math.abs(count - rho)).toBeLessThan(0.05);
    }
  });

  it("real z above the edge: g on the physical branch (real, ~ -1/z far out, equal to the limit from above)", () => {
    const { edge } = ckUpperEdge(o);
    const above = ckStieltjesAbove(edge + 0.5, o);
    const fromAbove = ckStieltjes(C.of(edge + 0.5, 1e-12), o);
    expect(Math.abs(above.gn - fromAbove.gn.re)).toBeLessThan(1e-9);
    expect(Math.abs(above.gp - fromAbove.gp.re)).toBeLessThan(1e-9);
    expect(ckStieltjesAbove(1e6, o).gp * 1e6).toBeCloseTo(-1, 5);
    expect(() => ckStieltjesAbove(edge - 0.1, o)).toThrow(InvalidArgumentError);
  });
});

describe("BBP outlier of the CK after a small step W1 = W0 + beta u v^T", () => {
  const n = 2000, p = 1000, d = 1000;
  const o = ckOptions("tanh", n, p, d);
  const thr = ckSpikeThreshold(o);

  function topEigenvalues(beta: number, seed: number): Float64Array {
    const net = twoLayerNetwork({ d, p, activation: "tanh", secondLayer: "plusminus", seed });
    const v = new Rng(seed + 1).haarVector(d);
    const W1 = new Matrix(p, d, net.W.data.slice());
    const unorm = Math.sqrt(p); // u = abar / |abar|, |abar| = sqrt p for +-1
    for (let i = 0; i < p; i++) for (let j = 0; j < d; j++) W1.data[i * d + j]! += (beta * net.abar[i]! * v[j]!) / unorm;
    const ev = featureSpectrum({ W: W1, activation: "tanh", n, seed: seed + 2 });
    return ev.slice(p - 3).reverse();
  }

  it("has a positive threshold: no outlier at beta = 0 ([z g_n g_p]_edge < d / (p mu1^2))", () => {
    expect(thr).toBeGreaterThan(0.5);
    expect(ckSpikeOutlier({ ...o, beta: 0 }).location).toBeNull();
  });

  it("predicts the outlier above the threshold within 5% (fluctuations ~1.5% at p = 1000; 1e-4 at p = 4000 in a check run)", () => {
    for (const [beta, seed] of [[thr + 1.5, 20], [4, 30]] as const) {
      const pred = ckSpikeOutlier({ ...o, beta });
      expect(pred.location).not.toBeNull();
      expect(pred.location!).toBeGreaterThan(pred.edge + 0.3);
      const top = topEigenvalues(beta, seed);
      expect(Math.abs(top[0]! / pred.location! - 1)).toBeLessThan(0.05);
      // the next eigenvalue is back at the bulk edge (Tracy-Widom scale ~0.04 here: a 3-sd window)
      expect(Math.abs(top[1]! - pred.edge)).toBeLessThan(0.12);
    }
  });

  it("below the threshold the top eigenvalue sticks to the bulk edge", () => {
    const beta = 0.5 * thr;
    expect(ckSpikeOutlier({ ...o, beta }).location).toBeNull();
    const top = topEigenvalues(beta, 40);
    expect(Math.abs(top[0]! - ckUpperEdge(o).edge)).toBeLessThan(0.12);
  });

  it("rejects bad parameters with typed errors", () => {
    expect(() => ckStieltjes(C.of(1, 0.1), { ...o, n: 0 })).toThrow(InvalidArgumentError);
    expect(() => ckStieltjes(C.of(1, 0.1), { ...o, muStar2: -1 })).toThrow(InvalidArgumentError);
    expect(() => ckSpikeOutlier({ ...o, beta: NaN })).toThrow(InvalidArgumentError);
    expect(() => ckStieltjesFanWang(C.of(1, 0.1), { ...o, muStar2: 0 })).toThrow(InvalidArgumentError);
    expect(() => ckStieltjes(C.of(NaN, 1), o)).toThrow(InvalidArgumentError);
  });
});
