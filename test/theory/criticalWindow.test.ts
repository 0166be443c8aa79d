/**
 * The critical-window law of Bloemendal and Virag 2013 (src/theory/criticalWindow.ts), solved by
 * Crank-Nicolson: converged in its grid, box and starting line; a distribution function in x,
 * decreasing in the spike; TW1 approached as w -> +inf; and the detection probabilities of the
 * largest-root test simulated with the tridiagonal models at n = 1600 and 6400 (40000 draws each,
 * test/sweep/finiteSizeMedians.py: an independent numpy computation) approach its prediction.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors.js";
import { criticalWindowCdf, criticalWindowParameter, criticalWindowPower, solveCriticalWindow } from "../../src/theory/criticalWindow.js";
import { tracyWidom } from "../../src/theory/tracyWidom/index.js";

type Table = ReturnType<typeof solveCriticalWindow>;
/** F at a grid point of the table (x a multiple of 0.04 in [-6, 6], w of 0.04 inside the box). */
const at = (t: Table, x: number, w: number) => t.values[Math.round((t.x0 - x) / t.xStep) * t.nw + Math.round((w - t.w0) / t.wStep)]!;

describe("criticalWindowCdf (Bloemendal-Virag, beta = 1)", () => {
  it("does not move with the grid, the box or the starting line (to 3e-4)", () => {
    const base = solveCriticalWindow();
    const variants = [solveCriticalWindow({ wStep: 0.02, xStep: 0.004 }), solveCriticalWindow({ xStart: 11 }), solveCriticalWindow({ wMax: 7 })];
    let worst = 0;
    for (const x of [-4, -2, -1.28, 0, 0.96, 2, 4]) {
      for (const w of [-3, -2, -1, -0.4, 0, 0.4, 1, 2, 4]) {
        for (const v of variants) worst = Math.max(worst, Math.abs(at(v, x, w) - at(base, x, w)));
      }
    }
    expect(worst).toBeLessThan(3e-4);
  });

  it("is a distribution function in x, decreasing in the spike (increasing in w), and tends to TW1 as w grows", () => {
    const tw = tracyWidom(1);
    for (const w of [-3, -1, 0, 1, 3]) {
      let previous = 0;
      for (let x = -6; x <= 6; x += 0.25) {
        const F = criticalWindowCdf(x, w);
        expect(F).toBeGreaterThanOrEqual(previous - 1e-12);
        expect(F).toBeLessThanOrEqual(1 + 1e-12);
        previous = F;
      }
    }
    // TW1 - F shrinks as w grows, like 1 / w (the Robin boundary f'(0) = w f(0) tends to Dirichlet)
    for (const x of [-2, 0, 1]) {
      const ws = [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7];
      const gaps = ws.map((w) => tw.cdf(x) - criticalWindowCdf(x, w));
      for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeLessThan(gaps[i - 1]!);
      expect(gaps[gaps.length - 1]!).toBeGreaterThan(0);
      const scaled = [5, 6, 7].map((w) => w * (tw.cdf(x) - criticalWindowCdf(x, w)));
      expect(Math.max(...scaled) / Math.min(...scaled)).toBeLessThan(1.05);
      expect(tw.cdf(x) - criticalWindowCdf(x, 70)).toBeCloseTo(gaps[gaps.length - 1]! / 10, 12);
    }
    expect(criticalWindowCdf(1, Infinity)).toBe(tw.cdf(1));
  });

  it("predicts the detection probabilities of the tridiagonal-model simulations, which approach it as n grows", () => {
    const fixture = JSON.parse(readFileSync(new URL("../sweep/finiteSizeMedians.json", import.meta.url), "utf8")) as
      Record<string, Record<string, { detection: Record<string, number> }>>;
    for (const [model, thetaC, unit] of [["spiked-wigner", 1, 1], ["spiked-covariance", 0.5, Math.cbrt(0.5) * Math.cbrt(1.5) ** 2]] as const) {
      for (const omega of [-1, 0, 1, 2, 3]) {
        const power = (n: number) => criticalWindowPower(model, thetaC + omega * unit * n ** (-1 / 3), { n, d: n / 4 });
        expect(power(1600)).toBeCloseTo(power(6400), 10); // the same w: the limit law does not see n
        const sim1600 = fixture[model]!["1600"]!.detection[String(omega)]!, sim6400 = fixture[model]!["6400"]!.detection[String(omega)]!;
        // the simulations lie below the limit and approach it like n^(-1/3): the gap shrinks by about
        // 4^(-1/3) = 0.63 from n = 1600 to 6400 (binomial sd over 40000 draws: 0.0025 at most)
        const gap1600 = power(1600) - sim1600, gap6400 = power(6400) - sim6400;
        expect(gap6400).toBeGreaterThan(-0.005);
        expect(gap6400).toBeLessThan(0.06);
        if (gap1600 > 0.015) {
          expect(gap6400 / gap1600).toBeGreaterThan(0.45);
          expect(gap6400 / gap1600).toBeLessThan(0.85);
        }
      }
    }
  });

  it("maps theta to w in the units of the edge laws, and refuses bad arguments", () => {
    expect(criticalWindowParameter("spiked-wigner", 1.1, { n: 1000 })).toBeCloseTo(-1, 12);
    // covariance, gamma = 1/4: k = 0.5^(1/3) 1.5^(2/3) = 1.04004
    expect(criticalWindowParameter("spiked-covariance", 0.5 + 1.04004 / 10, { n: 1000, d: 250 })).toBeCloseTo(-1, 4);
    // far below the threshold (w = 100) the power is the level, up to the 1 / w tail
    expect(Math.abs(criticalWindowPower("spiked-wigner", 1 - 10, { n: 1000 }) - 0.05)).toBeLessThan(0.001);
    expect(() => criticalWindowCdf(NaN, 0)).toThrow(InvalidArgumentError);
    expect(() => criticalWindowCdf(0, "1" as never)).toThrow(/w must be a number/);
    expect(() => criticalWindowParameter("lamp" as never, 1, { n: 10 })).toThrow(/model must be/);
    expect(() => criticalWindowParameter("spiked-covariance", 1, { n: 10 })).toThrow(/needs sizes.d/);
    expect(() => criticalWindowParameter("spiked-wigner", 1, { n: 1.5 })).toThrow(/positive integer/);
    expect(() => criticalWindowPower("spiked-wigner", 1, { n: 10 }, 1)).toThrow(/level must be in/);
    expect(() => solveCriticalWindow({ wStep: 0.2 })).toThrow(/wStep/);
    expect(() => solveCriticalWindow({ xStep: 1e-4 })).toThrow(/xStep/);
    expect(() => solveCriticalWindow(null as never)).toThrow(InvalidArgumentError);
  });
});
