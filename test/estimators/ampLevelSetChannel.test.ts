/**
 * The level-set channel (src/estimators/amp/levelSetChannel.ts): g_out of p = 2, 3 links given only
 * g, against the library's exact channels of the same g (the hyperbola's 1-D integral, the
 * circle's trapezoid rule, the sign(z1 z2) quadrant integrals, the ratio's closed form), and against
 * closed forms computed here (the chi^2 label density, the uniform law on a sphere).
 */
import { describe, expect, it } from "vitest";
import { defineLink, links } from "../../src/index.js";
import { gOut, outputChannel } from "../../src/estimators/amp/gout.js";
import type { IndexLink } from "../../src/estimators/linkTypes.js";
import { normalCdf, normalPdf } from "../../src/numerics/normal.js";

/** A few priors N(omega, V) with correlated V, and labels. */
const cases: [number, number, number][] = [[0.3, 0.8, 0.7], [-1.2, 0.3, -0.4], [0.05, 1.0, 1.6], [1.5, 0.15, 1.0]];

function prior(p: number, w0: number, v0: number): [Float64Array, Float64Array] {
  const omega = Float64Array.from({ length: p }, (_, a) => w0 * [1, -0.6, 0.4][a]!);
  const V = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) V[a * p + b] = a === b ? v0 : 0.3 * v0;
  return [omega, V];
}

/** Largest relative difference max |a - b| / (1 + |a|) of g_out and dg_out between the library link and its g entered alone. */
function worstGap(lib: IndexLink, label: (y: number) => number): number {
  const p = lib.p;
  const exact = outputChannel(lib);
  const user = outputChannel(defineLink({ p, g: lib.g, labels: lib.labels }));
  expect(user.method).toBe("preimage");
  expect(exact.method).not.toBe("monte-carlo");
  let worst = 0;
  for (const [w0, v0, y] of cases) {
    const [omega, V] = prior(p, w0, v0);
    const g1 = new Float64Array(p), d1 = new Float64Array(p * p), g2 = new Float64Array(p), d2 = new Float64Array(p * p);
    gOut(exact, omega, V, Float64Array.of(label(y)), g1, d1);
    gOut(user, omega, V, Float64Array.of(label(y)), g2, d2);
    for (let a = 0; a < p; a++) worst = Math.max(worst, Math.abs(g1[a]! - g2[a]!) / (1 + Math.abs(g1[a]!)));
    for (let a = 0; a < p * p; a++) worst = Math.max(worst, Math.abs(d1[a]! - d2[a]!) / (1 + Math.abs(d1[a]!)));
  }
  return worst;
}

describe("p = 2 links given only g: the co-area integral on the level set", () => {
  it("z1 z2, ||z||^2 / 2 and z1^2 - z2^2 agree with the library's exact channels to 1e-4", () => {
    expect(worstGap(links.product(), (y) => y)).toBeLessThan(1e-4);
    expect(worstGap(links.norm(2), (y) => Math.abs(y))).toBeLessThan(1e-4);
    expect(worstGap(links.squareDifference(), (y) => y)).toBeLessThan(1e-4);
  });

  it("near-zero labels (z1 z2 = 0.05: the hyperbola turns within 0.3 of the origin) refine the grid: g_out to 1e-3 of itself, dg_out to 1e-4", () => {
    const exact = outputChannel(links.product()), user = outputChannel(defineLink({ p: 2, g: links.product().g }));
    for (const s of [0.001, 0.03]) {
      const omega = Float64Array.of(s, -0.7 * s), V = Float64Array.of(0.999, 0, 0, 0.999);
      const g1 = new Float64Array(2), g2 = new Float64Array(2), d1 = new Float64Array(4), d2 = new Float64Array(4);
      for (const y of [0.05, -0.05]) {
        gOut(exact, omega, V, Float64Array.of(y), g1, d1);
        gOut(user, omega, V, Float64Array.of(y), g2, d2);
        // g_out is O(s) here: compare relative to it (the linear response that state evolution needs)
        for (let a = 0; a < 2; a++) expect(Math.abs(g2[a]! - g1[a]!)).toBeLessThan(1e-3 * Math.abs(g1[a]!));
        for (let a = 0; a < 4; a++) expect(Math.abs(d2[a]! - d1[a]!)).toBeLessThan(1e-4 * (1 + Math.abs(d1[a]!)));
      }
    }
  });

  it("z1 / z2 to 3e-3: every level line passes through z = 0, where g is singular", () => {
    expect(worstGap(links.ratio(), (y) => y)).toBeLessThan(3e-3);
  });

  it("the label density: ||z||^2 / 2 under N(0, v I) is exponential with mean v", () => {
    const post = outputChannel(defineLink({ p: 2, g: (z) => 0.5 * (z[0]! ** 2 + z[1]! ** 2) }));
    const mean = new Float64Array(2), cov = new Float64Array(4);
    for (const [v, y] of [[1, 0.4], [0.5, 1.3], [2, 3]] as const) {
      const logZ = post.posterior(Float64Array.of(0, 0), Float64Array.of(v, 0, 0, v), y, mean, cov);
      // the density itself to 5e-4 (the moments, ratios of such integrals, are tighter)
      expect(Math.abs(logZ - (-y / v - Math.log(v)))).toBeLessThan(5e-4);
      // on the circle |z|^2 = 2y, uniformly: E[z] = 0, E[z z^T] = y I
      expect(Math.hypot(mean[0]!, mean[1]!)).toBeLessThan(1e-10);
      expect(Math.abs(cov[0]! - y) / y).toBeLessThan(1e-4);
      expect(Math.abs(cov[1]!)).toBeLessThan(1e-8);
    }
  });

  it("a level set smaller than the grid spacing (a circle of radius 0.06): the grid zooms in", () => {
    const post = outputChannel(defineLink({ p: 2, g: (z) => 0.5 * (z[0]! ** 2 + z[1]! ** 2) }));
    const mean = new Float64Array(2), cov = new Float64Array(4);
    for (const [v, y] of [[1, 0.002], [0.7, 0.0005]] as const) {
      const logZ = post.posterior(Float64Array.of(0, 0), Float64Array.of(v, 0, 0, v), y, mean, cov);
      expect(Math.abs(logZ - (-y / v - Math.log(v)))).toBeLessThan(5e-4);
      expect(Math.abs(cov[0]! - y) / y).toBeLessThan(1e-4);
      expect(Math.abs(cov[3]! - y) / y).toBeLessThan(1e-4);
    }
    // off-centre, against the library's circle channel
    const exact = outputChannel(links.norm(2));
    const [omega, V] = prior(2, 0.3, 0.8);
    const m1 = new Float64Array(2), c1 = new Float64Array(4);
    exact.posterior(omega, V, 0.003, m1, c1);
    post.posterior(omega, V, 0.003, mean, cov);
    for (let a = 0; a < 2; a++) expect(Math.abs(mean[a]! - m1[a]!)).toBeLessThan(1e-5);
    for (let a = 0; a < 4; a++) expect(Math.abs(cov[a]! - c1[a]!)).toBeLessThan(1e-6);
  });

  it("a kinked g (max(|z1|, |z2|): square level sets): O(delta) at the corners, checked against the exact law", () => {
    // under N(0, I) the level set y is the square's boundary with |grad g| = 1: Z = 4 phi(y) P,
    // P = P(|z| < y), and E[z1^2 | y] = (y^2 + E[z^2 | |z| < y]) / 2 (two sides each way)
    const post = outputChannel(defineLink({ p: 2, g: (z) => Math.max(Math.abs(z[0]!), Math.abs(z[1]!)) }));
    const mean = new Float64Array(2), cov = new Float64Array(4);
    for (const y of [0.3, 1.01, 2.2]) {
      const logZ = post.posterior(Float64Array.of(0, 0), Float64Array.of(1, 0, 0, 1), y, mean, cov);
      const P = 2 * normalCdf(y) - 1, m2 = (P - 2 * y * normalPdf(y)) / P;
      expect(Math.abs(Math.exp(logZ) / (4 * normalPdf(y) * P) - 1)).toBeLessThan(0.06);
      expect(Math.abs(cov[0]! / ((y * y + m2) / 2) - 1)).toBeLessThan(0.03);
    }
  });

  it("discrete labels: sign(z1 z2) over its quadrants, to 4e-3 (the rays' kink at the quadrants' apex)", () => {
    expect(worstGap(links.signProduct(), (y) => (y > 0 ? 1 : -1))).toBeLessThan(4e-3);
  });

  it("a label without preimage (y < 0 for a norm) has no mass: -Infinity, mean = omega, cov = V", () => {
    const post = outputChannel(defineLink({ p: 2, g: (z) => z[0]! ** 2 + z[1]! ** 2 }));
    const mean = new Float64Array(2), cov = new Float64Array(4);
    const [omega, V] = prior(2, 0.3, 0.8);
    expect(post.posterior(omega, V, -1, mean, cov)).toBe(-Infinity);
    expect(Array.from(mean)).toEqual(Array.from(omega));
    expect(Array.from(cov)).toEqual(Array.from(V));
  });
});

describe("p = 3 links given only g (a coarser grid)", () => {
  it("||z||^2 / 3 under N(0, v I): the chi^2_3 density and the uniform law on the sphere", () => {
    const post = outputChannel(defineLink({ p: 3, g: (z) => (z[0]! ** 2 + z[1]! ** 2 + z[2]! ** 2) / 3 }));
    expect(post.method).toBe("preimage");
    const mean = new Float64Array(3), cov = new Float64Array(9);
    for (const [v, y] of [[1, 0.8], [0.6, 0.3]] as const) {
      const logZ = post.posterior(Float64Array.of(0, 0, 0), Float64Array.of(v, 0, 0, 0, v, 0, 0, 0, v), y, mean, cov);
      // 3 y / v ~ chi^2_3: density (3 / v) sqrt(x) e^{-x/2} / sqrt(2 pi) at x = 3 y / v
      const x = (3 * y) / v;
      expect(Math.abs(logZ - Math.log(((3 / v) * Math.sqrt(x) * Math.exp(-x / 2)) / Math.sqrt(2 * Math.PI)))).toBeLessThan(1e-2);
      for (let a = 0; a < 3; a++) {
        expect(Math.abs(mean[a]!)).toBeLessThan(1e-8);
        for (let b = 0; b < 3; b++) expect(Math.abs(cov[a * 3 + b]! - (a === b ? y : 0))).toBeLessThan(2e-3 * y);
      }
    }
  });

  it("z1 z2 z3 and ||z||^2 / 3 agree with the library's channels to 2e-2", () => {
    expect(worstGap(links.tripleProduct(), (y) => y)).toBeLessThan(2e-2);
    expect(worstGap(links.norm(3), (y) => Math.abs(y))).toBeLessThan(2e-2);
  });
});
