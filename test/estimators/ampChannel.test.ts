import { describe, expect, it } from "vitest";
import { InvalidArgumentError, links, noisyLink, poissonLink } from "../../src/index.js";
import { gOut, outputChannel, type OutputChannel } from "../../src/estimators/amp/gout.js";

/**
 * Brute force: the posterior moments of z under N(omega, V) x exp(-(y - g(z))^2 / (2 delta)) on a
 * fine 2-D trapezoid grid (an independent route: no curve parameterisation, no closed form).
 */
function bruteForce2(g: (a: number, b: number) => number, omega: number[], V: number[], y: number, delta: number, h = 0.004, L = 6) {
  const det = V[0]! * V[3]! - V[1]! * V[1]!;
  const i00 = V[3]! / det, i01 = -V[1]! / det, i11 = V[0]! / det;
  let Z = 0, m0 = 0, m1 = 0, c00 = 0, c01 = 0, c11 = 0;
  for (let a = -L; a <= L; a += h) for (let b = -L; b <= L; b += h) {
    const da = a - omega[0]!, db = b - omega[1]!;
    const e = g(a, b) - y;
    const w = Math.exp(-0.5 * (i00 * da * da + 2 * i01 * da * db + i11 * db * db) - (e * e) / (2 * delta));
    Z += w; m0 += w * a; m1 += w * b; c00 += w * a * a; c01 += w * a * b; c11 += w * b * b;
  }
  m0 /= Z; m1 /= Z;
  return { mean: [m0, m1], cov: [c00 / Z - m0 * m0, c01 / Z - m0 * m1, c11 / Z - m1 * m1] };
}

function moments(ch: OutputChannel, omega: number[], V: number[], y: number) {
  const mean = new Float64Array(ch.p), cov = new Float64Array(ch.p * ch.p);
  const logZ = ch.posterior(Float64Array.from(omega), Float64Array.from(V), y, mean, cov);
  return { mean, cov, logZ };
}

describe("g_out: posterior moments against independent integrals", () => {
  it("sign(z): truncated-Gaussian closed form against a fine 1-D trapezoid", () => {
    const ch = outputChannel(links.sign());
    expect(ch.method).toBe("closed-form");
    for (const [w, v, y] of [[0.3, 0.7, 1], [-1.2, 0.4, 1], [2.5, 0.2, -1], [-9, 0.5, 1]] as const) {
      // over the half-line of the label, relative to the density at its nearest point (no underflow)
      let Z = 0, m = 0, s = 0;
      const lo = y > 0 ? Math.max(0, w - 12 * Math.sqrt(v)) : w - 12 * Math.sqrt(v);
      const hi = y > 0 ? Math.max(w, 0) + 12 * Math.sqrt(v) : Math.min(0, w + 12 * Math.sqrt(v));
      const best = y > 0 ? Math.max(w, 0) : Math.min(w, 0);
      for (let z = lo; z <= hi; z += 1e-4) {
        const e = Math.exp(-((z - w) ** 2 - (best - w) ** 2) / (2 * v));
        Z += e; m += e * z; s += e * z * z;
      }
      m /= Z;
      const r = moments(ch, [w], [v], y);
      expect(Math.abs(r.mean[0]! - m)).toBeLessThan(1e-3 * (1 + Math.abs(m)));
      expect(Math.abs(r.cov[0]! - (s / Z - m * m))).toBeLessThan(2e-3 * v);
    }
  });

  const cases: [string, () => OutputChannel, (a: number, b: number) => number][] = [
    ["z1 z2", () => outputChannel(links.product()), (a, b) => a * b],
    ["z1 + z1 z2 (shifted hyperbola)", () => outputChannel(links.staircase()), (a, b) => a + a * b],
    ["z1^2 - z2^2 (rotated hyperbola)", () => outputChannel(links.squareDifference()), (a, b) => a * a - b * b],
    ["|z1 z2| (two hyperbolas)", () => outputChannel(links.absProduct()), (a, b) => Math.abs(a * b)],
  ];
  for (const [name, make, g] of cases) {
    it(`${name}: curve quadrature against a 2-D grid with a narrow likelihood (delta = 1e-4)`, () => {
      const ch = make();
      expect(ch.method).toBe("curve");
      for (const [omega, V, y0] of [[[0.4, -0.3], [0.8, 0.1, 0.1, 0.6], 0.7], [[1.1, 0.2], [0.3, -0.05, -0.05, 0.5], -0.4]] as [number[], number[], number][]) {
        const y = name.startsWith("|") ? Math.abs(y0) : y0;
        const ref = bruteForce2(g, omega, V, y, 1e-4);
        const r = moments(ch, omega, V, y);
        for (let a = 0; a < 2; a++) expect(Math.abs(r.mean[a]! - ref.mean[a]!)).toBeLessThan(4e-3);
        expect(Math.abs(r.cov[0]! - ref.cov[0]!)).toBeLessThan(4e-3);
        expect(Math.abs(r.cov[1]! - ref.cov[1]!)).toBeLessThan(4e-3);
        expect(Math.abs(r.cov[3]! - ref.cov[2]!)).toBeLessThan(4e-3);
      }
    }, 30000);
  }

  it("g_out = d log Z_out / d omega and dg_out = d g_out / d omega (curve channel, central differences)", () => {
    const ch = outputChannel(links.product());
    const V = Float64Array.of(0.7, 0.15, 0.15, 0.5);
    const omega = Float64Array.of(0.6, -0.2);
    const y = Float64Array.of(0.35);
    const g = new Float64Array(2), dg = new Float64Array(4);
    gOut(ch, omega, V, y, g, dg);
    const h = 1e-4;
    for (let a = 0; a < 2; a++) {
      const up = omega.slice(), dn = omega.slice();
      up[a]! += h; dn[a]! -= h;
      const fd = (moments(ch, Array.from(up), Array.from(V), y[0]!).logZ - moments(ch, Array.from(dn), Array.from(V), y[0]!).logZ) / (2 * h);
      expect(Math.abs(g[a]! - fd)).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
      const gu = new Float64Array(2), gd = new Float64Array(2);
      gOut(ch, up, V, y, gu);
      gOut(ch, dn, V, y, gd);
      for (let b = 0; b < 2; b++) expect(Math.abs(dg[b * 2 + a]! - (gu[b]! - gd[b]!) / (2 * h))).toBeLessThan(1e-5);
    }
  });

  it("noisy z^2: the grid quadrature matches the exact two-preimage limit as the noise vanishes, and Monte Carlo agrees with the grid", () => {
    const exact = outputChannel(links.square());
    const grid = outputChannel(noisyLink(links.square(), 1e-3));
    const mc = outputChannel(noisyLink(links.square(), 1e-3), { method: "monte-carlo", samples: 200000 });
    expect(grid.method).toBe("quadrature");
    const r0 = moments(exact, [0.3], [0.5], 1.2), r1 = moments(grid, [0.3], [0.5], 1.2), r2 = moments(mc, [0.3], [0.5], 1.2);
    expect(Math.abs(r1.mean[0]! - r0.mean[0]!)).toBeLessThan(0.01);
    expect(Math.abs(r1.cov[0]! - r0.cov[0]!)).toBeLessThan(0.01);
    expect(Math.abs(r2.mean[0]! - r1.mean[0]!)).toBeLessThan(0.02);
  });

  it("typed errors: stochastic channels, bad shapes, non-PD V", () => {
    expect(() => outputChannel(poissonLink(2))).toThrow(InvalidArgumentError);
    const ch = outputChannel(links.square());
    expect(() => gOut(ch, new Float64Array(3), Float64Array.of(1), new Float64Array(2), new Float64Array(2))).toThrow(/omega and gout/);
    expect(() => gOut(ch, new Float64Array(2), Float64Array.of(-1), new Float64Array(2), new Float64Array(2))).toThrow(/positive definite/);
    expect(() => outputChannel(links.product(), { method: "closed-form" })).toThrow(/does not apply/);
  });
});
