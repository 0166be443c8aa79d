import { describe, expect, it } from "vitest";
import {
  defineLink, Denoiser, links, noisyLink, populationConstants, squareLink, criticalAlpha, type IndexLink,
} from "../../src/index.js";

/** |v . u| for unit vectors (sign-free alignment). */
function alignment(basis: { rows: number; cols: number; data: Float64Array }, col: number, u: number[]): number {
  let s = 0;
  for (let a = 0; a < basis.rows; a++) s += basis.data[a * basis.cols + col]! * u[a]!;
  return Math.abs(s);
}

describe("alpha_c (closed forms), to 4 digits and better", () => {
  const table: [string, IndexLink, number, number][] = [
    ["z^2 (phase retrieval)", links.square(), 0.5, 1e-9],
    ["|z| (invertible function of z^2)", links.abs(), 0.5, 1e-9],
    ["z1 z2 (P1: 0.59375)", links.product(), 0.593751, 5e-6],
    ["z1^2 - z2^2 (rotated z1 z2)", links.squareDifference(), 0.593751, 5e-6],
    ["sign(z1 z2)", links.signProduct(), Math.PI ** 2 / 4, 1e-12],
    ["||z||^2 / 1", links.norm(1), 0.5, 1e-9],
    ["||z||^2 / 2", links.norm(2), 1, 1e-9],
    ["||z||^2 / 3", links.norm(3), 1.5, 1e-9],
    ["||z||^2 / 4", links.norm(4), 2, 1e-9],
    ["z1 / z2", links.ratio(), 1, 1e-9],
  ];
  for (const [name, link, want, tol] of table) {
    it(`${name}: ${want}`, () => {
      const c = populationConstants(link);
      expect(Math.abs(c.alphaC - want)).toBeLessThan(tol);
      expect(c.trivialSubspace.cols).toBe(0);
    });
  }

  it("the Poisson channel y ~ Poi(lambda z^2): alpha_c = (1 + 2 lambda) / (4 lambda)", () => {
    // G = 2 (y - lambda) / (1 + 2 lambda) and Var y = E[lambda z^2] + Var(lambda z^2) = lambda + 2 lambda^2
    for (const lambda of [0.5, 3]) {
      expect(populationConstants(links.poisson(lambda)).alphaC).toBeCloseTo((1 + 2 * lambda) / (4 * lambda), 9);
    }
  });

  it("the parity sign(z1 z2 z3) is hard: F = 0, alpha_c = infinity, every direction hard", () => {
    const c = populationConstants(links.signTripleProduct());
    expect(c.alphaC).toBe(Infinity);
    expect(c.hardSubspace.cols).toBe(3);
    expect(c.easySubspace.cols).toBe(0);
  });

  it("odd and monotone links are trivial: alpha_c = 0, E[z | y] spans the direction", () => {
    for (const link of [links.sign(), links.relu(), links.linear()]) {
      const c = populationConstants(link);
      expect(c.alphaC).toBe(0);
      expect(c.trivialSubspace.cols).toBe(1);
    }
    // sign: E[z | y] = y sqrt(2/pi), so E_y E[z|y]^2 = 2/pi
    expect(populationConstants(links.sign()).trivialMatrix.data[0]).toBeCloseTo(2 / Math.PI, 12);
    // relu: E[z|y] = y for y > 0 and -sqrt(2/pi) at y = 0: E = 1/2 + (1/2)(2/pi)
    expect(populationConstants(links.relu()).trivialMatrix.data[0]).toBeCloseTo(0.5 + 1 / Math.PI, 6);
  });

  it("the staircase z1 + z1 z2 is trivial in both directions (preimage route)", () => {
    const c = populationConstants(links.staircase());
    expect(c.method).toBe("preimage");
    expect(c.alphaC).toBe(0);
    expect(c.trivialSubspace.cols).toBe(2);
  });

  it("criticalAlpha is populationConstants(...).alphaC", () => {
    expect(criticalAlpha(links.signProduct())).toBeCloseTo(Math.PI ** 2 / 4, 12);
  });
});

describe("alpha_c by the generic routes", () => {
  it("quadrature with the label-noise regularisation reproduces the closed forms within its bias", () => {
    expect(Math.abs(populationConstants(squareLink(), { denoiser: { method: "quadrature" } }).alphaC - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(populationConstants(links.product(), { denoiser: { method: "quadrature" } }).alphaC - 0.593751)).toBeLessThan(0.015);
  });

  it("Gaussian label noise raises alpha_c, more noise more so", () => {
    const a1 = populationConstants(noisyLink(squareLink(), 0.1)).alphaC;
    const a2 = populationConstants(noisyLink(squareLink(), 0.5)).alphaC;
    expect(a1).toBeGreaterThan(0.51);
    expect(a2).toBeGreaterThan(a1 + 0.05);
  });

  it("Monte Carlo over discrete labels: sign(z1 z2) near pi^2/4, the parity exactly hard", () => {
    const sp = populationConstants(defineLink({ p: 2, labels: "discrete", g: (z) => (z[0]! * z[1]! >= 0 ? 1 : -1) }), { denoiser: { method: "monte-carlo", samples: 1 << 15 } });
    expect(sp.method).toBe("monte-carlo");
    expect(Math.abs(sp.alphaC / (Math.PI ** 2 / 4) - 1)).toBeLessThan(0.02);
    const parity = populationConstants(defineLink({ p: 3, labels: "discrete", g: (z) => (z[0]! * z[1]! * z[2]! >= 0 ? 1 : -1) }), { denoiser: { method: "monte-carlo", samples: 1 << 13 } });
    expect(parity.alphaC).toBe(Infinity);
  });

  it("Monte Carlo through a stochastic channel (Poisson, no closed form given) near (1 + 2 lambda)/(4 lambda)", () => {
    const pois = links.poisson(3);
    const user = defineLink({ p: 1, g: pois.g, sample: pois.sample!, labels: "discrete" });
    const c = populationConstants(user, { denoiser: { samples: 1 << 16 } });
    expect(c.trivialSubspace.cols).toBe(0); // common random numbers keep the z -> -z symmetry exact
    expect(Math.abs(c.alphaC / (7 / 12) - 1)).toBeLessThan(0.05);
  });

  it("the sign committee sign(z1) + sign(z2) + sign(z3): trivial subspace = (1, 1, 1)/sqrt 3", () => {
    const c = populationConstants(defineLink({ p: 3, labels: "discrete", g: (z) => Math.sign(z[0]!) + Math.sign(z[1]!) + Math.sign(z[2]!) }), { denoiser: { samples: 1 << 13 } });
    expect(c.alphaC).toBe(0);
    expect(c.trivialSubspace.cols).toBe(1);
    // Monte Carlo noise ~ 1/sqrt(N) in E[z | y] (N = 8 x 8192 symmetrised draws)
    expect(alignment(c.trivialSubspace, 0, [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)])).toBeGreaterThan(0.999);
  });
});

describe("F-spectrum, degeneracies and lambda3 (reference section 5.2)", () => {
  it("z1 z2: nu = 1.68421 (x2), -0.31579 (x2); lambda3 = 7.26317; easy subspace R^2", () => {
    const c = populationConstants(links.product());
    const nu = Array.from(c.nu);
    for (const [k, want] of [[0, 1.68421], [1, 1.68421], [2, -0.31579], [3, -0.31579]] as const) expect(nu[k]!).toBeCloseTo(want, 5);
    expect(c.topMultiplicity).toBe(2);
    expect(c.lambda3).toBeCloseTo(7.26317, 5);
    expect(c.easySubspace.cols).toBe(2);
    // jointly diagonal in (1, +-1)/sqrt 2 with E[lambda^2] = 1/alpha_c on both
    expect(c.directions).not.toBeNull();
    for (const d of c.directions!) expect(d.nu).toBeCloseTo(1.68421, 5);
  });

  it("sign(z1 z2): nu = +-4/pi^2, each twice; lambda3 = 0", () => {
    const c = populationConstants(links.signProduct());
    const q = 4 / Math.PI ** 2;
    expect(Array.from(c.nu).map((v) => +v.toFixed(12))).toEqual([q, q, -q, -q].map((v) => +v.toFixed(12)));
    expect(c.topMultiplicity).toBe(2);
    expect(Math.abs(c.lambda3)).toBeLessThan(1e-15);
  });

  it("the norm ||z||^2/p: all p^2 eigenvalues 2/p, lambda3 = 8/p^2; PR: lambda3 = E[(z^2 - 1)^3] = 8", () => {
    for (const p of [2, 3, 4]) {
      const c = populationConstants(links.norm(p));
      for (const v of c.nu) expect(v).toBeCloseTo(2 / p, 9);
      expect(c.topMultiplicity).toBe(p * p);
      expect(c.lambda3).toBeCloseTo(8 / (p * p), 8);
      expect(c.easySubspace.cols).toBe(p);
    }
    expect(populationConstants(links.square()).lambda3).toBeCloseTo(8, 8);
  });

  it("z1 / z2: F(M) = Tr(M)/2 I on symmetric M (reference section 5.2)", () => {
    const c = populationConstants(links.ratio());
    const M = [0.7, -0.3, -0.3, 1.9];
    const F = c.F.data;
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += F[r * 4 + k]! * M[k]!;
      const want = r === 0 || r === 3 ? (M[0]! + M[3]!) / 2 : 0;
      expect(s).toBeCloseTo(want, 9);
    }
    expect(c.directions).toBeNull(); // the eigenbasis of G(y) turns with y
  });

  it("the top eigenmatrix is PSD with unit Frobenius norm and is an eigenvector of F", () => {
    for (const link of [links.product(), links.signProduct(), links.norm(3), links.square()]) {
      const c = populationConstants(link);
      const p = c.p;
      const M = c.topEigenmatrix.data;
      const FM = new Float64Array(p * p);
      for (let r = 0; r < p * p; r++) for (let k = 0; k < p * p; k++) FM[r]! += c.F.data[r * p * p + k]! * M[k]!;
      for (let r = 0; r < p * p; r++) expect(FM[r]! - c.nu[0]! * M[r]!).toBeCloseTo(0, 9);
      expect(M.reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 12);
      for (let a = 0; a < p; a++) expect(M[a * p + a]!).toBeGreaterThan(0);
    }
  });

  it("y = z1^2 with p = 2: easy direction e1 (alpha_c = 1/2), hard direction e2", () => {
    const pr = squareLink();
    const link = defineLink({
      p: 2,
      g: (z) => z[0]! * z[0]!,
      moments: (y, second, first) => {
        second.set([y, 0, 0, 1]);
        first.fill(0);
      },
      labelLaw: pr.labelLaw!,
    });
    const c = populationConstants(new Denoiser(link));
    expect(c.alphaC).toBeCloseTo(0.5, 9);
    expect(c.easySubspace.cols).toBe(1);
    expect(alignment(c.easySubspace, 0, [1, 0])).toBeCloseTo(1, 12);
    expect(c.hardSubspace.cols).toBe(1);
    expect(alignment(c.hardSubspace, 0, [0, 1])).toBeCloseTo(1, 12);
  });
});
