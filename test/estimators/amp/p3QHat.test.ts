/**
 * Q_hat of the p = 3 state evolution by quadrature (src/estimators/amp/labelRule.ts, the exact
 * channels) against a direct Monte Carlo average of g_out g_out^T over (omega, z, y), at a moderate
 * overlap (the label integral) and a high one (the Gauss-Hermite rule in z), and the two rules
 * against each other where both apply.
 */
import { describe, expect, it } from "vitest";
import { links, type IndexLink } from "../../../src/index.js";
import { Rng } from "../../../src/random/rng.js";
import { gOut } from "../../../src/estimators/amp/gout.js";
import { seRule, type SERule } from "../../../src/estimators/amp/stateEvolution.js";
import { spectralMap } from "../../../src/estimators/amp/small.js";

/** Q_hat / alpha = E[g_out g_out^T] by direct Monte Carlo over (omega, z, y): mean and standard error per entry. */
function directQHat(rule: SERule, link: IndexLink, Q: Float64Array, n: number, seed: number): { mean: number[]; se: number[] } {
  const p = 3;
  const R = spectralMap(Q, p, Math.sqrt);
  const Vm = spectralMap(Q, p, (l) => 1 - l);
  const S = spectralMap(Vm, p, Math.sqrt);
  const g = new Rng(seed).normal(2 * p * n);
  const omega = new Float64Array(n * p), y = new Float64Array(n), z = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      let w = 0, u = 0;
      for (let b = 0; b < p; b++) {
        w += R[a * p + b]! * g[2 * p * i + b]!;
        u += S[a * p + b]! * g[2 * p * i + p + b]!;
      }
      omega[i * p + a] = w;
      z[a] = w + u;
    }
    y[i] = link.g(z);
  }
  const out = new Float64Array(n * p);
  gOut(rule.channel, omega, Vm, y, out);
  const mean: number[] = [], se: number[] = [];
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = out[i * p + a]! * out[i * p + b]!;
      s += v; s2 += v * v;
    }
    mean.push(s / n);
    se.push(Math.sqrt((s2 / n - (s / n) ** 2) / n));
  }
  return { mean, se };
}

describe("p = 3 Q_hat by quadrature against a direct Monte Carlo average (5 standard errors)", () => {
  const table: [string, IndexLink, number][] = [["||z||^2/3", links.norm(3), 2000], ["z1 z2 z3", links.tripleProduct(), 2000]];
  for (const [name, link, n] of table) {
    it(`${name}: the label integral (I - Q >= 0.05) and the Gauss-Hermite rule in z (I - Q < 0.05)`, () => {
      const rule = seRule(link);
      const moderate = Float64Array.of(0.4, 0.1, 0, 0.1, 0.3, 0.05, 0, 0.05, 0.35);
      const high = Float64Array.of(0.97, 0.005, 0, 0.005, 0.975, 0, 0, 0, 0.98);
      for (const [k, Q] of [moderate, high].entries()) {
        const got = rule.qHat(Q);
        const ref = directQHat(rule, link, Q, n, 100 + k);
        for (let i = 0; i < 9; i++) expect(Math.abs(got[i]! - ref.mean[i]!)).toBeLessThan(5 * ref.se[i]! + 1e-6);
      }
    }, 120000);
  }
  it("z1 z2 z3 at I - Q = 0.1 I: the label integral (mass error 5e-3) and the Gauss-Hermite rule in z at order 10 agree to 1%", () => {
    const Q = Float64Array.of(0.9, 0.01, 0, 0.01, 0.9, 0, 0, 0, 0.9);
    const label = seRule(links.tripleProduct(), { labelSwitch: 0, order: [3, 10] });
    const inZ = seRule(links.tripleProduct(), { labelSwitch: 1, order: [3, 10] });
    const a = label.qHat(Q), b = inZ.qHat(Q);
    expect(label.massError).toBeLessThan(5e-3);
    for (const i of [0, 4, 8]) expect(Math.abs(a[i]! / b[i]! - 1)).toBeLessThan(0.01);
    expect(Math.abs(a[1]! - b[1]!)).toBeLessThan(0.01 * a[0]!);
  }, 120000);
});
