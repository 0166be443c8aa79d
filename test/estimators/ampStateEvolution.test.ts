import { describe, expect, it } from "vitest";
import { criticalAlpha, InvalidArgumentError, links, type IndexLink } from "../../src/index.js";
import { seRule, stateEvolution } from "../../src/estimators/amp/stateEvolution.js";
import { algorithmicThreshold, weakRecoveryThreshold } from "../../src/estimators/amp/thresholds.js";

describe("SE weak recovery: the linear stability of Q = 0 equals criticalAlpha (a second route)", () => {
  const table: [string, IndexLink, number][] = [
    ["z^2", links.square(), 2e-4],
    ["|z|", links.abs(), 2e-4],
    ["||z||^2 / 1", links.norm(1), 2e-4],
    ["z1 z2", links.product(), 2e-4],
    ["z1^2 - z2^2", links.squareDifference(), 3e-4],
    ["|z1 z2|", links.absProduct(), 2e-4],
  ];
  for (const [name, link, tol] of table) {
    it(`${name}`, () => {
      const rule = seRule(link);
      const wr = weakRecoveryThreshold(rule);
      const ac = criticalAlpha(link);
      expect(wr.trivial).toBe(false);
      expect(Math.abs(wr.alpha - ac) / ac).toBeLessThan(tol);
      expect(rule.massError).toBeLessThan(1e-6);
    }, 30000);
  }
  for (const [name, link] of [["sign(z)", links.sign()], ["relu(z)", links.relu()], ["z1 + z1 z2", links.staircase()]] as const) {
    it(`${name}: a trivial direction, weak recovery at alpha = 0 as criticalAlpha says`, () => {
      const wr = weakRecoveryThreshold(link);
      expect(wr.trivial).toBe(true);
      expect(wr.alpha).toBe(0);
      expect(criticalAlpha(link)).toBe(0);
    }, 30000);
  }
});

describe("noiseless real phase retrieval y = z^2 (Barbier, Krzakala, Macris, Miolane, Zdeborova 2019, PNAS)", () => {
  const rule = seRule(links.square());
  it("weak recovery at alpha = 1/2: Q = 0 attracts below, repels above", () => {
    expect(Math.abs(weakRecoveryThreshold(rule).alpha - 0.5)).toBeLessThan(1e-4);
    expect(stateEvolution(rule, { alpha: 0.45 }).Q[0]!).toBeLessThan(1e-8);
    expect(stateEvolution(rule, { alpha: 0.6 }).Q[0]!).toBeGreaterThan(0.02);
  });
  it("AMP reaches perfect recovery at alpha ~ 1.13; between 1 and 1.13 only the informed start does (the hard phase)", () => {
    const a = algorithmicThreshold(rule, { bracket: [1.1, 1.16], tol: 2.5e-3 });
    expect(Math.abs(a - 1.13)).toBeLessThan(0.006);
    const un = stateEvolution(rule, { alpha: 1.05, iterations: 3000 });
    const inf = stateEvolution(rule, { alpha: 1.05, init: "informed", iterations: 3000 });
    expect(un.Q[0]!).toBeLessThan(0.8);
    expect(inf.Q[0]!).toBeGreaterThan(1 - 1e-6);
    // below the information-theoretic threshold alpha = 1 both starts meet
    const un2 = stateEvolution(rule, { alpha: 0.9, iterations: 3000 });
    const inf2 = stateEvolution(rule, { alpha: 0.9, init: "informed", iterations: 3000 });
    expect(Math.abs(un2.Q[0]! - inf2.Q[0]!)).toBeLessThan(1e-6);
  }, 60000);
});

describe("the staircase z1 + z1 z2: z1 is learned first, z2 through its coupling", () => {
  it("SE at small and moderate alpha: Q11 > Q22 > 0, and z2 reaches half overlap only at a larger alpha", () => {
    const rule = seRule(links.staircase(), { order: [4, 16] });
    const at = (alpha: number) => stateEvolution(rule, { alpha, iterations: 200, tol: 1e-6 }).Q;
    const small = at(0.1);
    expect(small[0]!).toBeGreaterThan(0.02);
    const mid = at(1.2);
    expect(mid[0]!).toBeGreaterThan(0.5);
    expect(mid[3]!).toBeLessThan(0.5);
    expect(mid[3]!).toBeGreaterThan(0);
    for (const Q of [small, mid]) expect(Q[0]!).toBeGreaterThan(Q[3]!);
  }, 60000);
});

describe("state evolution: arguments", () => {
  it("typed errors", () => {
    expect(() => stateEvolution(links.square(), { alpha: -1 })).toThrow(InvalidArgumentError);
    expect(() => stateEvolution(links.square(), { alpha: 1, init: [1, 2] })).toThrow(/init/);
    expect(() => stateEvolution(links.square(), { alpha: 1, damping: 1 })).toThrow(/damping/);
    expect(() => weakRecoveryThreshold(links.square(), { eps: 1 })).toThrow(/eps/);
    expect(() => algorithmicThreshold(links.square(), { bracket: [2, 1] })).toThrow(/bracket/);
  });
});
