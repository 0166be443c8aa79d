/**
 * The local refinement of the p = 2 level-set channel (src/estimators/amp/levelSetRefine.ts): sharp
 * turns of the level set away from the centre of the prior, and AMP-like data, against the
 * library's exact channel of the same g (the hyperbola's 1-D integral).
 */
import { describe, expect, it } from "vitest";
import { defineLink, links } from "../../src/index.js";
import { gOut, outputChannel } from "../../src/estimators/amp/gout.js";
import { Rng } from "../../src/random/rng.js";

const exact = outputChannel(links.product());
const user = outputChannel(defineLink({ p: 2, g: links.product().g }));

/** max |a - b| / (1 + |a|) over g_out and dg_out of one call. */
function gap(omega: Float64Array, V: Float64Array, y: number): number {
  const g1 = new Float64Array(2), g2 = new Float64Array(2), d1 = new Float64Array(4), d2 = new Float64Array(4);
  gOut(exact, omega, V, Float64Array.of(y), g1, d1);
  gOut(user, omega, V, Float64Array.of(y), g2, d2);
  let worst = 0;
  for (let a = 0; a < 2; a++) worst = Math.max(worst, Math.abs(g1[a]! - g2[a]!) / (1 + Math.abs(g1[a]!)));
  for (let a = 0; a < 4; a++) worst = Math.max(worst, Math.abs(d1[a]! - d2[a]!) / (1 + Math.abs(d1[a]!)));
  return worst;
}

describe("p = 2 level sets with sharp turns: local refinement", () => {
  it("z1 z2 = +-0.03 with the vertex off the prior's centre and a correlated V: g_out and dg_out to 1e-4", () => {
    const V = Float64Array.of(0.5, 0.15, 0.15, 0.5);
    for (const omega of [Float64Array.of(0.8, -0.6), Float64Array.of(-0.4, -0.9), Float64Array.of(1.1, 0.2)]) {
      for (const y of [0.03, -0.03]) expect(gap(omega, V, y)).toBeLessThan(1e-4);
    }
  });

  it("AMP-like data (omega = 0.3 z + 0.6 noise, V = 0.6 I, y = z1 z2): mean gap below 1e-4, worst below 2e-2", () => {
    const n = 200, raw = new Rng(7).normal(4 * n);
    const V = Float64Array.of(0.6, 0, 0, 0.6);
    let sum = 0, worst = 0;
    for (let i = 0; i < n; i++) {
      const z = [raw[2 * i]!, raw[2 * i + 1]!];
      const omega = Float64Array.of(0.3 * z[0]! + 0.6 * raw[2 * n + 2 * i]!, 0.3 * z[1]! + 0.6 * raw[2 * n + 2 * i + 1]!);
      const e = gap(omega, V, z[0]! * z[1]!);
      sum += e;
      worst = Math.max(worst, e);
    }
    expect(sum / n).toBeLessThan(1e-4);
    expect(worst).toBeLessThan(2e-2);
  });
});
