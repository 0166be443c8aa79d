/**
 * SE's view of each library link with an exact SE rule (p <= 2) against populationConstants: a
 * trivial direction (Q = 0 is no fixed point) exactly when E[z | y] != 0, and otherwise weak
 * recovery at alpha_c (two independent routes: the SE map's finite-difference Jacobian, and
 * E_y[G (x) G] from the denoiser's label law).
 */
import { describe, expect, it } from "vitest";
import { links, populationConstants, type IndexLink } from "../../src/index.js";
import { weakRecoveryThreshold } from "../../src/estimators/amp/thresholds.js";

const library: [string, IndexLink][] = [
  ["z^2", links.square()], ["|z|", links.abs()], ["relu", links.relu()], ["sign", links.sign()], ["z", links.linear()],
  ["||z||^2/1", links.norm(1)], ["z1 z2", links.product()], ["z1^2 - z2^2", links.squareDifference()],
  ["|z1 z2|", links.absProduct()], ["sign(z1 z2)", links.signProduct()], ["||z||^2/2", links.norm(2)],
  ["z1 / z2", links.ratio()], ["z1 + z1 z2", links.staircase()],
];

describe("trivial / easy classification: state evolution agrees with populationConstants", () => {
  for (const [name, link] of library) {
    it(name, () => {
      const pc = populationConstants(link);
      const wr = weakRecoveryThreshold(link);
      expect(wr.trivial).toBe(pc.trivialSubspace.cols > 0);
      if (!wr.trivial) {
        expect(Number.isFinite(wr.alpha)).toBe(Number.isFinite(pc.alphaC));
        expect(Math.abs(wr.alpha / pc.alphaC - 1)).toBeLessThan(3e-3);
      } else expect(pc.alphaC).toBe(0);
    }, 60000);
  }
});
