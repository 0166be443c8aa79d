/**
 * Exact g_out of z1 / z2, ||z||^2/2 and sign(z1 z2) (src/estimators/amp/libraryChannels.ts) against
 * independent integrals (a 2-D grid, a 1-D trapezoid along the preimage line), and SE weak recovery
 * against criticalAlpha for these links.
 */
import { describe, expect, it } from "vitest";
import { criticalAlpha, links } from "../../src/index.js";
import { outputChannel, type OutputChannel } from "../../src/estimators/amp/gout.js";
import { absoluteMoments } from "../../src/estimators/amp/libraryChannels.js";
import { seRule } from "../../src/estimators/amp/stateEvolution.js";
import { weakRecoveryThreshold } from "../../src/estimators/amp/thresholds.js";

/** Posterior moments of z under N(omega, V) x lik(g(z)) on a 2-D midpoint grid: [m0, m1, c00, c01, c11]. */
function grid2(lik: (a: number, b: number) => number, omega: number[], V: number[], h = 0.004, L = 7): number[] {
  const det = V[0]! * V[3]! - V[1]! * V[1]!;
  const i00 = V[3]! / det, i01 = -V[1]! / det, i11 = V[0]! / det;
  let Z = 0, m0 = 0, m1 = 0, c00 = 0, c01 = 0, c11 = 0;
  for (let a = -L + h / 2; a <= L; a += h) for (let b = -L + h / 2; b <= L; b += h) {
    const da = a - omega[0]!, db = b - omega[1]!;
    const w = Math.exp(-0.5 * (i00 * da * da + 2 * i01 * da * db + i11 * db * db)) * lik(a, b);
    Z += w; m0 += w * a; m1 += w * b; c00 += w * a * a; c01 += w * a * b; c11 += w * b * b;
  }
  m0 /= Z; m1 /= Z;
  return [m0, m1, c00 / Z - m0 * m0, c01 / Z - m0 * m1, c11 / Z - m1 * m1];
}

function post(ch: OutputChannel, omega: number[], V: number[], y: number): number[] {
  const m = new Float64Array(2), c = new Float64Array(4);
  ch.posterior(Float64Array.from(omega), Float64Array.from(V), y, m, c);
  return [m[0]!, m[1]!, c[0]!, c[1]!, c[3]!];
}

const priors: [number[], number[]][] = [[[0.4, -0.3], [0.8, 0.1, 0.1, 0.6]], [[1.1, 0.2], [0.3, -0.05, -0.05, 0.5]]];
const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe("exact g_out for library links the Monte Carlo route got wrong", () => {
  it("sign(z1 z2): the quadrant integrals against a 2-D grid split exactly at the axes (1e-4)", () => {
    const ch = outputChannel(links.signProduct());
    expect(ch.method).toBe("preimage");
    for (const y of [1, -1]) for (const [omega, V] of priors) {
      const ref = grid2((a, b) => ((a * b >= 0 ? 1 : -1) === y ? 1 : 0), omega, V);
      expect(maxDiff(post(ch, omega, V, y), ref)).toBeLessThan(1e-4);
    }
  }, 60000);

  it("sign(z1 z2) near the corner: E[z | y, omega] = E[z z^T | y] omega + O(|omega|^2) for V = I", () => {
    const ch = outputChannel(links.signProduct());
    for (const y of [1, -1]) {
      const omega = [0.001, -0.002];
      const c = (2 * y) / Math.PI;
      const got = post(ch, omega, [1, 0, 0, 1], y);
      expect(Math.abs(got[0]! - (omega[0]! + c * omega[1]!))).toBeLessThan(1e-7);
      expect(Math.abs(got[1]! - (omega[1]! + c * omega[0]!))).toBeLessThan(1e-7);
    }
  });

  it("||z||^2/2: the circle integral against a 2-D grid with a narrow likelihood (delta = 1e-5)", () => {
    const ch = outputChannel(links.norm(2));
    for (const y of [0.3, 1.4]) for (const [omega, V] of priors) {
      const ref = grid2((a, b) => Math.exp(-(((a * a + b * b) / 2 - y) ** 2) / 2e-5), omega, V);
      expect(maxDiff(post(ch, omega, V, y), ref)).toBeLessThan(5e-4);
    }
  }, 60000);

  it("z1 / z2: the closed form against a 1-D trapezoid along the line z = s (y, 1) with weight |s| N(z; omega, V)", () => {
    const ch = outputChannel(links.ratio());
    expect(ch.method).toBe("closed-form");
    for (const y of [0.7, -1.3, 4]) for (const [omega, V] of priors) {
      const det = V[0]! * V[3]! - V[1]! * V[1]!;
      const i00 = V[3]! / det, i01 = -V[1]! / det, i11 = V[0]! / det;
      let Z = 0, m = 0, q = 0;
      for (let s = -30; s <= 30; s += 1e-4) {
        const da = s * y - omega[0]!, db = s - omega[1]!;
        const w = Math.abs(s) * Math.exp(-0.5 * (i00 * da * da + 2 * i01 * da * db + i11 * db * db));
        Z += w; m += w * s; q += w * s * s;
      }
      m /= Z;
      const v = q / Z - m * m;
      expect(maxDiff(post(ch, omega, V, y), [y * m, m, y * y * v, y * v, v])).toBeLessThan(1e-7);
    }
  });

  it("z1 / z2: the co-area weight |s| agrees with a 2-D grid and a narrow likelihood (to the grid's resolution)", () => {
    const ch = outputChannel(links.ratio());
    const [omega, V] = priors[0]!;
    const ref = grid2((a, b) => Math.exp(-((a / b - 0.7) ** 2) / 2e-4), omega, V, 0.002, 6);
    expect(maxDiff(post(ch, omega, V, 0.7), ref)).toBeLessThan(5e-3);
  }, 60000);

  it("absolute moments of N(mu, tau^2) against a trapezoid", () => {
    for (const [mu, tau] of [[0.3, 1], [-2, 0.5], [5, 0.7]] as const) {
      let e1 = 0, e2 = 0, e3 = 0;
      for (let x = mu - 12 * tau; x <= mu + 12 * tau; x += 1e-4 * tau) {
        const w = (Math.exp(-0.5 * ((x - mu) / tau) ** 2) / (tau * Math.sqrt(2 * Math.PI))) * 1e-4 * tau;
        e1 += w * Math.abs(x); e2 += w * x * Math.abs(x); e3 += w * Math.abs(x) ** 3;
      }
      const got = absoluteMoments(mu, tau);
      expect(got[0]).toBeCloseTo(e1, 7);
      expect(got[1]).toBeCloseTo(e2, 7);
      expect(got[2]).toBeCloseTo(e3, 6);
    }
  });
});

describe("SE weak recovery equals criticalAlpha for these links", () => {
  for (const [name, link, tol] of [["sign(z1 z2)", links.signProduct(), 2e-3], ["z1 / z2", links.ratio(), 2e-3], ["||z||^2/2", links.norm(2), 2e-3]] as const) {
    it(name, () => {
      const wr = weakRecoveryThreshold(seRule(link));
      const ac = criticalAlpha(link);
      expect(wr.trivial).toBe(false);
      expect(Math.abs(wr.alpha / ac - 1)).toBeLessThan(tol);
    }, 60000);
  }
});
