import { describe, expect, it } from "vitest";
import { complex, type Complex } from "../../src/index.js";

const close = (a: Complex, b: Complex, tol = 1e-15) => Math.hypot(a.re - b.re, a.im - b.im) <= tol * Math.max(1, Math.hypot(b.re, b.im));

describe("complex arithmetic", () => {
  const samples: Complex[] = [
    complex.of(1, 2), complex.of(-3, 0.5), complex.of(0, -1), complex.of(1e-3, 7), complex.of(-2, -2), complex.of(5, 0),
  ];

  it("add, sub, mul, div agree with the textbook formulas", () => {
    for (const a of samples) {
      for (const b of samples) {
        expect(close(complex.add(a, b), { re: a.re + b.re, im: a.im + b.im })).toBe(true);
        expect(close(complex.sub(a, b), { re: a.re - b.re, im: a.im - b.im })).toBe(true);
        expect(close(complex.mul(a, b), { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re })).toBe(true);
        const d = b.re * b.re + b.im * b.im;
        const q = { re: (a.re * b.re + a.im * b.im) / d, im: (a.im * b.re - a.re * b.im) / d };
        expect(close(complex.div(a, b), q, 1e-14)).toBe(true);
        expect(close(complex.mul(complex.div(a, b), b), a, 1e-14)).toBe(true);
      }
      expect(close(complex.mul(a, complex.inv(a)), complex.ONE, 1e-15)).toBe(true);
    }
  });

  it("div does not overflow where |b|^2 would (Smith's algorithm)", () => {
    const b = complex.of(1e300, 1e300);
    const q = complex.div(complex.of(1e300, 0), b);
    expect(q.re).toBeCloseTo(0.5, 15);
    expect(q.im).toBeCloseTo(-0.5, 15);
    expect(complex.abs(complex.of(3e300, 4e300))).toBeCloseTo(5e300, -285);
  });

  it("sqrt is the principal root: squares back, Re >= 0, cut on the negative axis decided by the sign of Im", () => {
    for (const z of [...samples, complex.of(-4, 1e-300), complex.of(-1e-20, 1), complex.of(1e200, 1e200)]) {
      const r = complex.sqrt(z);
      expect(r.re).toBeGreaterThanOrEqual(0);
      expect(close(complex.mul(r, r), z, 1e-15)).toBe(true);
      if (z.im !== 0) expect(Math.sign(r.im)).toBe(Math.sign(z.im));
    }
    expect(complex.sqrt(complex.of(-4, 0))).toEqual({ re: 0, im: 2 });
    expect(complex.sqrt(complex.of(-4, -0))).toEqual({ re: 0, im: -2 });
    expect(complex.sqrt(complex.of(9, 0))).toEqual({ re: 3, im: 0 });
  });

  it("sqrtProduct is cut only on [a, b] and ~ z at infinity", () => {
    // just above and below a point left of a: continuous (no cut), real and negative
    const above = complex.sqrtProduct(complex.of(-1, 1e-12), 0, 4);
    const below = complex.sqrtProduct(complex.of(-1, -1e-12), 0, 4);
    expect(Math.abs(above.re - below.re)).toBeLessThan(1e-10);
    expect(above.re).toBeCloseTo(-Math.sqrt(5), 10);
    // on the segment from above: +i sqrt((x - a)(b - x))
    const on = complex.sqrtProduct(complex.of(1, 0), 0, 4);
    expect(on.re).toBeCloseTo(0, 15);
    expect(on.im).toBeCloseTo(Math.sqrt(3), 14);
    // at infinity: z - (a + b)/2
    const far = complex.sqrtProduct(complex.of(1e6, 3e5), 0, 4);
    expect(far.re).toBeCloseTo(1e6 - 2, 3);
    expect(far.im).toBeCloseTo(3e5, 3);
  });
});
