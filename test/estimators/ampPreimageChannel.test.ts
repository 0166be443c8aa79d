/**
 * The exact output channel of user links given only g (src/estimators/amp/preimageChannel.ts):
 * against the library's closed forms (two preimages, truncated Gaussians), against a cubic's
 * roots found here by the trigonometric formula, and through state evolution against criticalAlpha.
 */
import { describe, expect, it } from "vitest";
import { criticalAlpha, defineLink, links } from "../../src/index.js";
import { outputChannel, type OutputChannel } from "../../src/estimators/amp/gout.js";
import { seRule } from "../../src/estimators/amp/stateEvolution.js";
import { weakRecoveryThreshold } from "../../src/estimators/amp/thresholds.js";
import { normalPdf } from "../../src/numerics/normal.js";

function post(ch: OutputChannel, w: number, v: number, y: number): [number, number] {
  const m = new Float64Array(1), c = new Float64Array(1);
  ch.posterior(Float64Array.of(w), Float64Array.of(v), y, m, c);
  return [m[0]!, c[0]!];
}

const priors: [number, number][] = [[0.4, 0.7], [-1.5, 0.2], [2, 1], [0, 0.05]];

describe("g_out of links given only g: exact posteriors on the preimage", () => {
  const pairs: [string, ReturnType<typeof links.square>, (z: Float64Array) => number, number[]][] = [
    ["z^2 (two roots, one of them on a grid node at y = 4, omega = 2)", links.square(), (z) => z[0]! * z[0]!, [0.01, 0.3, 1.2, 4]],
    ["|z|", links.abs(), (z) => Math.abs(z[0]!), [0.05, 1.1]],
    ["relu (an atom at 0: a truncated Gaussian, and a root)", links.relu(), (z) => Math.max(z[0]!, 0), [0, 0.7]],
    ["sign (discrete: half-lines)", links.sign(), (z) => (z[0]! >= 0 ? 1 : -1), [1, -1]],
  ];
  for (const [name, lib, g, ys] of pairs) {
    it(`${name}: equals the closed form to 1e-9`, () => {
      const exact = outputChannel(lib), user = outputChannel(defineLink({ p: 1, g }));
      expect(exact.method).toBe("closed-form");
      expect(user.method).toBe("preimage");
      for (const y of ys) for (const [w, v] of priors) {
        const [m1, c1] = post(exact, w, v, y), [m2, c2] = post(user, w, v, y);
        expect(Math.abs(m1 - m2)).toBeLessThan(1e-9 * (1 + Math.abs(m1)));
        expect(Math.abs(c1 - c2)).toBeLessThan(1e-9 * (1 + c1));
      }
    });
  }

  it("He_3(z) = z^3 - 3z: three roots by the trigonometric formula, weights N(z; w, v) / |g'(z)|", () => {
    const user = outputChannel(defineLink({ p: 1, g: (z) => z[0]! ** 3 - 3 * z[0]! }));
    for (const y of [-1.2, 0.4, 1.9]) {
      // z^3 - 3z - y = 0, |y| < 2: z_k = 2 cos(acos(y / 2) / 3 - 2 pi k / 3)
      const roots = [0, 1, 2].map((k) => 2 * Math.cos(Math.acos(y / 2) / 3 - (2 * Math.PI * k) / 3));
      for (const [w, v] of priors) {
        const ws = roots.map((z) => normalPdf((z - w) / Math.sqrt(v)) / Math.abs(3 * z * z - 3));
        const Z = ws.reduce((a, b) => a + b, 0);
        const m = roots.reduce((a, z, i) => a + ws[i]! * z, 0) / Z;
        const c = roots.reduce((a, z, i) => a + ws[i]! * z * z, 0) / Z - m * m;
        const [m2, c2] = post(user, w, v, y);
        expect(Math.abs(m2 - m)).toBeLessThan(1e-8);
        expect(Math.abs(c2 - c)).toBeLessThan(1e-8);
      }
    }
  });

  it("a label outside the range near omega has no mass: logZ = -Infinity and g_out = 0", () => {
    const user = outputChannel(defineLink({ p: 1, g: (z) => z[0]! * z[0]! }));
    const m = new Float64Array(1), c = new Float64Array(1);
    expect(user.posterior(Float64Array.of(0.3), Float64Array.of(0.5), -1, m, c)).toBe(-Infinity);
    expect(m[0]).toBe(0.3);
  });

  // (the discrete link's tolerance is the SE rule's: Gauss-Hermite in z over an indicator)
  it("SE weak recovery of z^2 and 1{|z| > 0.6745} entered through defineLink equals criticalAlpha", () => {
    for (const [g, tol] of [[(z: Float64Array) => z[0]! * z[0]!, 1e-3], [(z: Float64Array) => (Math.abs(z[0]!) > 0.6745 ? 1 : 0), 3e-3]] as const) {
      const link = defineLink({ p: 1, g });
      const wr = weakRecoveryThreshold(seRule(link));
      const ac = criticalAlpha(link);
      expect(Math.abs(wr.alpha / ac - 1)).toBeLessThan(tol);
    }
  }, 60000);
});
