import { describe, expect, it } from "vitest";
import { InvalidArgumentError, NonFiniteError } from "../../src/errors.js";
import { tabulateCdf } from "../../src/numerics/tabulatedCdf.js";

// Closed forms: the semicircle on [-2, 2], and rho = sqrt((x - A)(B - x)) (1 + x) / Z on [A, B]
// (square-root edges, asymmetric): with x = c + h u, integral of sqrt(1 - u^2) (1 + c + h u) du
// = (1 + c) (u sqrt(1 - u^2) + asin u) / 2 - h (1 - u^2)^{3/2} / 3.
const semicircle = (x: number) => Math.sqrt(Math.max(0, 4 - x * x)) / (2 * Math.PI);
const semicircleCdf = (x: number) => 0.5 + (x * Math.sqrt(4 - x * x)) / (4 * Math.PI) + Math.asin(x / 2) / Math.PI;
const [A, B] = [0.5, 3];
const [C, H] = [(A + B) / 2, (B - A) / 2];
const Z = (H * H * (1 + C) * Math.PI) / 2;
const tilted = (x: number) => (Math.sqrt(Math.max(0, (x - A) * (B - x))) * (1 + x)) / Z;
const tiltedCdf = (x: number) => {
  const u = (x - C) / H;
  const r = Math.sqrt(1 - u * u);
  return (H * H * ((1 + C) * (0.5 * (u * r + Math.asin(u)) + Math.PI / 4) - (H * r ** 3) / 3)) / Z;
};

describe("tabulated cdf of a density with algebraic edges", () => {
  it("matches the semicircle cdf and its inverse to 1e-13", () => {
    const t = tabulateCdf(semicircle, -2, 2);
    expect(Math.abs(t.mass - 1)).toBeLessThan(1e-13);
    for (let x = -1.999; x < 2; x += 0.0371) expect(Math.abs(t.cdf(x) - semicircleCdf(x))).toBeLessThan(1e-13);
    for (const p of [1e-9, 1e-4, 0.1, 0.5, 0.77, 0.999999]) expect(Math.abs(semicircleCdf(t.quantile(p)) - p)).toBeLessThan(1e-13);
    expect(t.cdf(-3)).toBe(0);
    expect(t.cdf(2)).toBe(t.mass);
    expect(t.quantile(0)).toBe(-2);
    expect(t.quantile(1.5)).toBe(2);
  });

  it("matches an asymmetric square-root-edge density and its inverse to 1e-13", () => {
    const t = tabulateCdf(tilted, A, B);
    expect(Math.abs(t.mass - 1)).toBeLessThan(1e-13);
    for (const x of [A + 1e-10, 0.7, 1.75, 2.9, B - 1e-8]) expect(Math.abs(t.cdf(x) - tiltedCdf(x))).toBeLessThan(1e-13);
    for (const p of [1e-6, 0.01, 0.3, 0.9, 1 - 1e-7]) expect(Math.abs(tiltedCdf(t.quantile(p)) - p)).toBeLessThan(1e-13);
  });

  it("refines near a sharp feature: a narrow bump integrates to its closed-form mass", () => {
    // rho = semicircle + a Gaussian bump of width 1e-3 at 0.3: mass 1 + 1e-2 * sqrt(2 pi) * 1e-3
    const w = 1e-3;
    const rho = (x: number) => semicircle(x) + 1e-2 * Math.exp(-0.5 * ((x - 0.3) / w) ** 2);
    const t = tabulateCdf(rho, -2, 2);
    expect(Math.abs(t.mass - (1 + 1e-2 * Math.sqrt(2 * Math.PI) * w))).toBeLessThan(1e-12);
    expect(t.panels).toBeGreaterThan(64);
  });

  it("rejects an empty or infinite interval, and a density that is not finite (the arcsine law's ends)", () => {
    expect(() => tabulateCdf(semicircle, 1, 1)).toThrow(InvalidArgumentError);
    expect(() => tabulateCdf(semicircle, 0, Infinity)).toThrow(InvalidArgumentError);
    expect(() => tabulateCdf((x) => 1 / (Math.PI * Math.sqrt((x - A) * (B - x))), A, B)).toThrow(NonFiniteError);
    expect(() => tabulateCdf(() => Number.NaN, A, B)).toThrow(NonFiniteError);
    expect(() => tabulateCdf(null as never, A, B)).toThrow(InvalidArgumentError);
  });
});
