/**
 * The preimage engine (src/estimators/preimageEngine.ts): exact conditional laws of links given
 * only as g, against closed forms computed here independently (normal cdf, a 1-D Gauss-Legendre
 * integral) and the library's own closed forms (Bessel functions), and the numbers of issue 16.
 */
import { describe, expect, it } from "vitest";
import { defineLink, Denoiser, links, populationConstants } from "../../src/index.js";
import { normalCdf, normalPdf } from "../../src/numerics/normal.js";

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe("continuous user links: alpha_c converges to the closed forms (issue 16)", () => {
  it("z1 z2 entered as g only: 0.59375 (was 0.6021 with the Gaussian-width denoiser)", () => {
    const c = populationConstants(defineLink({ p: 2, g: (z) => z[0]! * z[1]! }));
    expect(c.method).toBe("preimage");
    const exact = populationConstants(links.product()).alphaC;
    expect(rel(c.alphaC, exact)).toBeLessThan(2e-4);
    expect(c.trivialSubspace.cols).toBe(0);
    expect(c.topMultiplicity).toBe(2);
    // the error estimate covers the actual error
    expect(Math.abs(c.alphaC - exact)).toBeLessThan(c.alphaCError);
  });

  it("|z1 z2|: 1.46155 (was 1.4907)", () => {
    const c = populationConstants(defineLink({ p: 2, g: (z) => Math.abs(z[0]! * z[1]!) }));
    const exact = populationConstants(links.absProduct()).alphaC;
    expect(rel(c.alphaC, exact)).toBeLessThan(2e-4);
    expect(Math.abs(c.alphaC - exact)).toBeLessThan(c.alphaCError);
  });

  it("library links re-entered through defineLink match their closed forms", () => {
    const table: [ReturnType<typeof links.square>, number][] = [
      [links.square(), 1e-4], [links.norm(2), 1e-4], [links.ratio(), 1e-4], [links.squareDifference(), 3e-4],
      [links.norm(4), 5e-4],
    ];
    for (const [lib, tol] of table) {
      const user = populationConstants(defineLink({ p: lib.p, g: lib.g }));
      expect(user.method).toBe("preimage");
      expect(rel(user.alphaC, populationConstants(lib).alphaC)).toBeLessThan(tol);
    }
  });

  it("posterior moments at data labels: E[z^2 | y] = y for z^2, the Bessel form for z1 z2", () => {
    const sq = new Denoiser(defineLink({ p: 1, g: (z) => z[0]! * z[0]! }));
    const m = sq.moments([0.05, 0.7, 3.2]);
    for (const [i, y] of [0.05, 0.7, 3.2].entries()) expect(Math.abs(m.second[i]! - y)).toBeLessThan(2e-3 * (1 + y));
    const prod = new Denoiser(defineLink({ p: 2, g: (z) => z[0]! * z[1]! }));
    const exact = links.product();
    const s = new Float64Array(4), f = new Float64Array(2);
    for (const y of [-1.3, 0.2, 0.9]) {
      exact.moments!(y, s, f);
      const got = prod.moments([y]).second;
      for (let k = 0; k < 4; k++) expect(Math.abs(got[k]! - s[k]!)).toBeLessThan(3e-3);
    }
  });
});

describe("discrete labels are detected and their preimage regions integrated exactly", () => {
  it("1{|z| > 0.6745} (undeclared): the closed form from the normal cdf (1.3604, was 1.3632)", () => {
    const c0 = 0.6745;
    const q = 2 * (1 - normalCdf(c0)); // P(y = 1)
    const tail2 = 2 * (c0 * normalPdf(c0) + 1 - normalCdf(c0)); // E[z^2 1{|z| > c}]
    const g1 = tail2 / q - 1, g0 = (1 - tail2) / (1 - q) - 1;
    const exact = 1 / (q * g1 * g1 + (1 - q) * g0 * g0);
    const c = populationConstants(defineLink({ p: 1, g: (z) => (Math.abs(z[0]!) > c0 ? 1 : 0) }));
    expect(c.method).toBe("preimage");
    expect(rel(c.alphaC, exact)).toBeLessThan(1e-9);
    expect(c.alphaC).toBeCloseTo(1.3604, 4);
    // the regions are integrated exactly (p = 1: one line), and the estimate says so
    expect(c.alphaCError).toBeLessThan(1e-9);
  });

  it("sign(z1 z2) without labels: 'discrete': pi^2 / 4 to 1e-5", () => {
    const c = populationConstants(defineLink({ p: 2, g: (z) => (z[0]! * z[1]! >= 0 ? 1 : -1) }));
    expect(rel(c.alphaC, Math.PI ** 2 / 4)).toBeLessThan(1e-5);
  });

  it("the parity sign(z1 z2 z3) is reported hard: nu = 0 to rounding, three hard directions", () => {
    const c = populationConstants(defineLink({ p: 3, g: (z) => (z[0]! * z[1]! * z[2]! >= 0 ? 1 : -1) }));
    expect(c.alphaC).toBe(Infinity);
    expect(Math.max(...Array.from(c.nu, Math.abs))).toBeLessThan(1e-12);
    expect(c.hardSubspace.cols).toBe(3);
  });
});
