/**
 * State evolution for the p = 3 library links by quadrature (src/estimators/amp/labelRule.ts and the
 * exact channels) instead of Monte Carlo: weak recovery against criticalAlpha (the population-
 * constants route: E_y[G (x) G] from the library's one-dimensional label law), the closed form
 * alpha_c = p / 2 of ||z||^2 / p, and the parity's absence of any transition (the Monte Carlo route
 * called it trivially learnable: its noisy Q_hat at Q = 0 is not 0).
 */
import { describe, expect, it } from "vitest";
import { criticalAlpha, links, populationConstants } from "../../../src/index.js";
import { seRule } from "../../../src/estimators/amp/stateEvolution.js";
import { weakRecoveryThreshold } from "../../../src/estimators/amp/thresholds.js";

describe("p = 3 weak recovery from SE's linear stability equals criticalAlpha", () => {
  it("||z||^2 / 3: alpha_c = 3/2 (closed form), to 1e-4", () => {
    const rule = seRule(links.norm(3));
    expect(rule.channel.method).toBe("preimage");
    const wr = weakRecoveryThreshold(rule);
    expect(wr.trivial).toBe(false);
    expect(Math.abs(wr.alpha / 1.5 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(criticalAlpha(links.norm(3)) - 1.5)).toBeLessThan(1e-9);
    expect(populationConstants(links.norm(3)).trivialSubspace.cols).toBe(0);
    expect(rule.massError).toBeLessThan(1e-5);
  }, 120000);
  it("z1 z2 z3: alpha_c = 2.5652 (the K0 integral of populationConstants), to 1e-3", () => {
    const link = links.tripleProduct();
    // near Q = 0 the omega-integrand is a low-degree polynomial in omega: 3 nodes per axis are exact
    const rule = seRule(link, { order: [3, 6] });
    expect(rule.channel.method).toBe("preimage");
    const wr = weakRecoveryThreshold(rule);
    expect(wr.trivial).toBe(false);
    expect(Math.abs(wr.alpha / criticalAlpha(link) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(wr.alpha - 2.5652)).toBeLessThan(3e-3);
    expect(populationConstants(link).trivialSubspace.cols).toBe(0);
    expect(rule.massError).toBeLessThan(1e-3);
  }, 120000);
  it("sign(z1 z2 z3): J = 0, no weak recovery at any alpha, as populationConstants says (hard)", () => {
    const link = links.signTripleProduct();
    const wr = weakRecoveryThreshold(link);
    expect(wr.trivial).toBe(false);
    expect(wr.nu).toBeLessThan(1e-10);
    expect(wr.alpha).toBe(Infinity);
    expect(populationConstants(link).alphaC).toBe(Infinity);
    expect(populationConstants(link).trivialSubspace.cols).toBe(0);
  }, 120000);
});

