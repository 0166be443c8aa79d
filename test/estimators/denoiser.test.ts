import { describe, expect, it } from "vitest";
import {
  sampleIndexModel, absProductLink, defineLink, Denoiser, InvalidArgumentError, noisyLink, productLink, ratioLink, signProductLink,
  squareDifferenceLink, squareLink, staircaseLink, tripleProductLink, links, type IndexLink,
} from "../../src/index.js";
import { gaussLegendre } from "../../src/numerics/gaussLegendre.js";

const phi = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);

/**
 * E[z1^2 | z1 z2 = y] by direct integration of the conditional density of z1, proportional to
 * phi(t) phi(y / t) / |t| (t = z1 = e^r, both signs), composite Gauss-Legendre in r: independent of
 * the Bessel-function closed form a(y) = |y| K1(|y|) / K0(|y|).
 */
function productPosterior(y: number): number {
  const { nodes, weights } = gaussLegendre(20);
  const r0 = Math.log(Math.abs(y)) - 6;
  const r1 = 3;
  const panels = 80;
  const h = (r1 - r0) / panels;
  let Z = 0;
  let N = 0;
  for (let q = 0; q < panels; q++) {
    for (let i = 0; i < 20; i++) {
      const r = r0 + (q + 0.5) * h + 0.5 * h * nodes[i]!;
      const t = Math.exp(r);
      const v = 0.5 * h * weights[i]! * phi(t) * phi(y / t); // dt / t = dr
      Z += v;
      N += v * t * t;
    }
  }
  return N / Z;
}

function lawAverages(den: Denoiser): { meanG: Float64Array; meanSecond: Float64Array } {
  const p = den.p;
  const law = den.law();
  const meanG = new Float64Array(p * p);
  const meanSecond = new Float64Array(p * p);
  for (let j = 0; j < law.weights.length; j++) {
    for (let a = 0; a < p * p; a++) {
      meanSecond[a]! += law.weights[j]! * law.second[j * p * p + a]!;
      meanG[a]! += law.weights[j]! * (law.second[j * p * p + a]! - (a % (p + 1) === 0 ? 1 : 0));
    }
  }
  return { meanG, meanSecond };
}

describe("closed-form posteriors", () => {
  it("z1 z2: a(y) = |y| K1/K0 matches direct integration of the conditional density", () => {
    const den = new Denoiser(productLink());
    const ys = [1e-6, 0.01, 0.3, 1, 2.5, -4, 10];
    const { second, first } = den.moments(ys);
    ys.forEach((y, i) => {
      expect(Math.abs(second[4 * i]! - productPosterior(y))).toBeLessThan(1e-10);
      expect(second[4 * i + 3]).toBe(second[4 * i]);
      expect(second[4 * i + 1]).toBe(y); // E[z1 z2 | y] = y
      expect(first[2 * i]).toBe(0);
    });
  });

  it("z1^2 - z2^2 is z1 z2 rotated: diag(a(y/2) + y/2, a(y/2) - y/2)", () => {
    const den = new Denoiser(squareDifferenceLink());
    for (const y of [0.2, 1.7, -3]) {
      const s = den.moments([y]).second;
      expect(s[0]! - (productPosterior(y / 2) + y / 2)).toBeCloseTo(0, 9);
      expect(s[3]! - (productPosterior(y / 2) - y / 2)).toBeCloseTo(0, 9);
      expect(s[1]).toBe(0);
    }
  });

  it("agree with the generic quadrature route, whose bias shrinks like the regularisation Delta", () => {
    const cases: [IndexLink, number[]][] = [
      [squareLink(), [0.2, 1, 3]],
      [productLink(), [0.1, 0.8, 2]],
      [absProductLink(), [0.2, 1.5]],
      [squareDifferenceLink(), [-1, 0.5]],
    ];
    for (const [link, ys] of cases) {
      const exact = new Denoiser(link).moments(ys).second;
      const err = (delta: number) => {
        const quad = new Denoiser(link, { method: "quadrature", regularization: delta, spacing: link.p === 1 ? 0.005 : 0.03 }).moments(ys).second;
        return quad.reduce((m, v, i) => Math.max(m, Math.abs(v - exact[i]!)), 0);
      };
      const coarse = err(1e-2);
      const fine = err(2.5e-3);
      expect(fine).toBeLessThan(0.03);
      // ~linear in Delta away from y = 0 (ratio 0.25); slower at z1 z2 = 0.1, where a(y) ~ 1/log(1/y) (0.77)
      expect(fine).toBeLessThan(0.85 * coarse + 1e-3);
    }
  });

  it("z1 z2 z3: the K0 integral for a3(y) agrees with quadrature on the 3-d grid", () => {
    const link = tripleProductLink();
    const ys = [0.05, 0.5, 2];
    const exact = new Denoiser(link).moments(ys).second;
    const quad = new Denoiser(link, { method: "quadrature", regularization: 1e-2, spacing: 0.15 }).moments(ys).second;
    for (let i = 0; i < ys.length; i++) {
      expect(Math.abs(quad[9 * i]! - exact[9 * i]!)).toBeLessThan(0.04);
      expect(Math.abs(quad[9 * i + 1]!)).toBeLessThan(1e-6); // off-diagonals vanish by symmetry
    }
  });

  it("sign(z1 z2) by Monte Carlo agrees with E[z1 z2 | y] = 2y/pi", () => {
    const mc = new Denoiser(defineLink({ p: 2, g: (z) => (z[0]! * z[1]! >= 0 ? 1 : -1), labels: "discrete" }), { method: "monte-carlo", samples: 1 << 15, seed: 3 });
    expect(mc.method).toBe("monte-carlo");
    const { second } = mc.moments([1, -1]);
    expect(Math.abs(second[1]! - 2 / Math.PI)).toBeLessThan(0.01);
    expect(Math.abs(second[5]! + 2 / Math.PI)).toBeLessThan(0.01);
    expect(Math.abs(second[0]! - 1)).toBeLessThan(0.01);
  });
});

describe("stochastic channels", () => {
  it("Poisson: samples with mean lambda E z^2, and Monte Carlo moments near (2k + 1)/(2 lambda + 1)", () => {
    const link = links.poisson(2);
    const data = sampleIndexModel(link, { d: 200, alpha: 20, seed: 8, planted: "orthogonal" });
    const meanY = data.y.reduce((s, v) => s + v, 0) / data.n;
    expect(Math.abs(meanY - 2)).toBeLessThan(0.15); // sd of the mean: sqrt(Var y / n) = sqrt(10 / 4000) = 0.05
    for (const v of data.y) expect(Number.isInteger(v) && v >= 0).toBe(true);
    const mc = new Denoiser(defineLink({ p: 1, g: link.g, sample: link.sample!, labels: "discrete" }), { samples: 1 << 16 });
    const ks = [0, 1, 3];
    const second = mc.moments(ks).second;
    ks.forEach((k, i) => expect(Math.abs(second[i]! - (2 * k + 1) / 5)).toBeLessThan(0.02));
    expect(() => noisyLink(link, 0.1)).toThrow(InvalidArgumentError);
  });
});

describe("sanity identities E_y G = 0 and E_y E[zz^T | y] = I", () => {
  const cases: [string, Denoiser, number][] = [
    ["z^2", new Denoiser(links.square()), 1e-9],
    ["|z|", new Denoiser(links.abs()), 1e-9],
    ["relu", new Denoiser(links.relu()), 1e-12],
    ["sign", new Denoiser(links.sign()), 1e-15],
    ["z1 z2", new Denoiser(links.product()), 1e-12],
    ["z1^2 - z2^2", new Denoiser(links.squareDifference()), 1e-12],
    ["|z1 z2|", new Denoiser(links.absProduct()), 1e-12],
    ["sign(z1 z2)", new Denoiser(links.signProduct()), 1e-15],
    ["||z||^2/3", new Denoiser(links.norm(3)), 1e-12],
    ["z1 z2 z3", new Denoiser(links.tripleProduct()), 1e-8],
    ["z1 / z2", new Denoiser(links.ratio()), 1e-12],
    ["sign(z1 z2 z3)", new Denoiser(links.signTripleProduct()), 1e-15],
    ["Poisson(2 z^2)", new Denoiser(links.poisson(2)), 1e-12],
    ["z1 + z1 z2 (quadrature)", new Denoiser(staircaseLink()), 1e-8],
    ["z^2 + noise (quadrature)", new Denoiser(noisyLink(squareLink(), 0.25)), 1e-8],
    ["committee (Monte Carlo)", new Denoiser(defineLink({ p: 3, labels: "discrete", g: (z) => Math.sign(z[0]!) + Math.sign(z[1]!) + Math.sign(z[2]!) })), 1e-12],
  ];
  for (const [name, den, tol] of cases) {
    it(name, () => {
      const { meanG, meanSecond } = lawAverages(den);
      const p = den.p;
      for (let a = 0; a < p * p; a++) {
        expect(Math.abs(meanG[a]!)).toBeLessThan(tol);
        expect(Math.abs(meanSecond[a]! - (a % (p + 1) === 0 ? 1 : 0))).toBeLessThan(tol);
      }
    });
  }
});

describe("T(y) = G (I + G)^{-1}", () => {
  it("equals I - E[zz^T|y]^{-1} by the 2 x 2 inverse for z1 z2, and T_gamma = G (gamma I + G)^{-1}", () => {
    const den = new Denoiser(productLink());
    const ys = [0.3, -1.2, 4];
    const { second } = den.moments(ys);
    const T = den.T(ys);
    const gamma = 2.5;
    const Tg = den.T(ys, { gamma });
    ys.forEach((_, i) => {
      const [a, b, , c] = [second[4 * i]!, second[4 * i + 1]!, 0, second[4 * i + 3]!];
      const det = a * c - b * b;
      const inv = [c / det, -b / det, -b / det, a / det];
      expect(T[4 * i]! - (1 - inv[0]!)).toBeCloseTo(0, 12);
      expect(T[4 * i + 1]! - -inv[1]!).toBeCloseTo(0, 12);
      expect(T[4 * i + 3]! - (1 - inv[3]!)).toBeCloseTo(0, 12);
      // (gamma I + G) T_gamma = G
      const G = [a - 1, b, b, c - 1];
      const S = [gamma + G[0]!, G[1]!, G[2]!, gamma + G[3]!];
      const t = Tg.subarray(4 * i, 4 * i + 4);
      const prod = [S[0]! * t[0]! + S[1]! * t[2]!, S[0]! * t[1]! + S[1]! * t[3]!, S[2]! * t[0]! + S[3]! * t[2]!, S[2]! * t[1]! + S[3]! * t[3]!];
      for (let k = 0; k < 4; k++) expect(prod[k]! - G[k]!).toBeCloseTo(0, 12);
    });
  });

  it("is refused where E[zz^T | y] is singular (z1 / z2), and clipped with a floor", () => {
    const den = new Denoiser(ratioLink());
    expect(() => den.T([0.5, 2])).toThrow(InvalidArgumentError);
    expect(() => den.T([0.5])).toThrow(/singular/);
    const T = den.T([0.5], { floor: 0.1 });
    // eigenvalues of E: 2 (along v = (y, 1)) and 0 -> floored to 0.1: T eigenvalues 1/2 and -9
    const tr = T[0]! + T[3]!;
    const det = T[0]! * T[3]! - T[1]! * T[2]!;
    expect(tr).toBeCloseTo(0.5 - 9, 10);
    expect(det).toBeCloseTo(0.5 * -9, 10);
  });
});

describe("bad input", () => {
  it("gets typed errors", () => {
    const mc = new Denoiser(signProductLink(), { method: "monte-carlo", samples: 4096 });
    expect(() => mc.moments([0.5])).toThrow(/never occurred/);
    expect(() => new Denoiser(productLink()).G([NaN])).toThrow(InvalidArgumentError);
    expect(() => new Denoiser(staircaseLink(), { method: "closed-form" })).toThrow(InvalidArgumentError);
    expect(() => new Denoiser(signProductLink(), { method: "quadrature" })).toThrow(InvalidArgumentError);
    expect(() => new Denoiser(productLink(), { method: "magic" as never })).toThrow(InvalidArgumentError);
    expect(() => new Denoiser(staircaseLink(), { method: "quadrature", spacing: 0.001 })).toThrow(/too large/);
    expect(() => new Denoiser(noisyLink(squareLink(), 0.1), { method: "preimage" })).toThrow(/deterministic/);
    expect(() => new Denoiser(staircaseLink(), { bins: 3 }).law()).toThrow(InvalidArgumentError);
    expect(() => noisyLink(squareLink(), -1)).toThrow(InvalidArgumentError);
    expect(() => defineLink({ p: 0, g: () => 0 })).toThrow(InvalidArgumentError);
    expect(() => defineLink({ p: 2, g: () => 0, labels: "discrete", noiseVariance: 0.1 })).toThrow(InvalidArgumentError);
  });
});
