import { describe, expect, it } from "vitest";
import { binomialInterval, meanCrossing, normalQuantile, rateCrossing } from "../../src/compare/detection.js";
import { InvalidArgumentError } from "../../src/errors.js";
import { normalCdf } from "../../src/numerics/normal.js";

describe("normalQuantile (AS 241)", () => {
  it("meets published quantiles and inverts an independent normal cdf (Cody's erfc)", () => {
    // Abramowitz and Stegun table 26.5 / any statistics table
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514722, 14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 13);
    for (const p of [1e-300, 1e-20, 1e-8, 0.01, 0.2, 0.4, 0.6, 0.93, 0.999999]) {
      const x = normalQuantile(p);
      // the cdf's condition number at x is about x^2 in the tail: the relative error of p scales with it
      expect(Math.abs(normalCdf(x) - p) / p).toBeLessThan(2e-15 * Math.max(1, x * x) + 1e-15);
    }
  });
  it("refuses p outside (0, 1)", () => {
    for (const p of [0, 1, -1, NaN, "0.5" as unknown as number]) expect(() => normalQuantile(p)).toThrow(InvalidArgumentError);
  });
});

describe("binomialInterval", () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Stat. Med. 17, table II:
  // methods 3 (Wilson score, no continuity correction) and 5 (Clopper-Pearson exact), 95%
  const newcombe: [number, number, [number, number], [number, number]][] = [
    [81, 263, [0.2553, 0.3662], [0.2527, 0.3676]],
    [15, 148, [0.0624, 0.1605], [0.0578, 0.1617]],
    [0, 20, [0, 0.1611], [0, 0.1684]],
    [1, 29, [0.0061, 0.1718], [0.0009, 0.1776]],
  ];
  it("meets Newcombe's published Wilson and Clopper-Pearson intervals", () => {
    for (const [k, m, wilson, exact] of newcombe) {
      const w = binomialInterval(k, m);
      expect(w.lower).toBeCloseTo(wilson[0], 4);
      expect(w.upper).toBeCloseTo(wilson[1], 4);
      const c = binomialInterval(k, m, { method: "clopper-pearson" });
      expect(c.lower).toBeCloseTo(exact[0], 4);
      expect(c.upper).toBeCloseTo(exact[1], 4);
      expect(c.rate).toBe(k / m);
    }
  });
  it("has the closed forms at k = 0 and k = m (Clopper-Pearson) and of the score interval", () => {
    for (const m of [1, 7, 40]) {
      const zero = binomialInterval(0, m, { method: "clopper-pearson", confidence: 0.9 });
      expect(zero.upper).toBeCloseTo(1 - 0.05 ** (1 / m), 12);
      const all = binomialInterval(m, m, { method: "clopper-pearson", confidence: 0.9 });
      expect(all.lower).toBeCloseTo(0.05 ** (1 / m), 12);
      expect(all.upper).toBe(1);
    }
    // score interval: the roots p of (k/m - p)^2 = z^2 p (1 - p) / m
    const k = 7, m = 19, z = 1.959963984540054;
    const w = binomialInterval(k, m);
    for (const p of [w.lower, w.upper]) expect((k / m - p) ** 2 - (z * z * p * (1 - p)) / m).toBeCloseTo(0, 13);
  });
  it("Clopper-Pearson ends have the binomial tail probabilities they are defined by", () => {
    const k = 12, m = 30;
    const c = binomialInterval(k, m, { method: "clopper-pearson" });
    const pmf = (j: number, p: number) => {
      let c = 1;
      for (let i = 0; i < j; i++) c = (c * (m - i)) / (i + 1);
      return c * p ** j * (1 - p) ** (m - j);
    };
    let upperTail = 0, lowerTail = 0;
    for (let j = k; j <= m; j++) upperTail += pmf(j, c.lower);
    for (let j = 0; j <= k; j++) lowerTail += pmf(j, c.upper);
    expect(upperTail).toBeCloseTo(0.025, 12);
    expect(lowerTail).toBeCloseTo(0.025, 12);
  });
  it("refuses bad counts and options with typed errors", () => {
    expect(() => binomialInterval(3, 2)).toThrow(/successes must be an integer in \[0, trials = 2\]/);
    expect(() => binomialInterval(1, 0)).toThrow(/trials must be an integer >= 1/);
    expect(() => binomialInterval(1.5, 4)).toThrow(InvalidArgumentError);
    expect(() => binomialInterval(1, 4, { confidence: 1 })).toThrow(/confidence must be in \(0, 1\)/);
    expect(() => binomialInterval(1, 4, { method: "wald" as never })).toThrow(/method must be/);
  });
});

describe("rateCrossing", () => {
  it("scale linear: interpolates linearly between the bracketing rates, with the delta-method standard error", () => {
    const pts = [
      { value: 1, successes: 0, trials: 10 },
      { value: 2, successes: 3, trials: 10 },
      { value: 3, successes: 8, trials: 10 },
      { value: 4, successes: 10, trials: 10 },
    ];
    const c = rateCrossing(pts, { scale: "linear" });
    expect(c.bracketed).toBe(true);
    // 2 + (0.5 - 0.3) / (0.8 - 0.3)
    expect(c.estimate).toBeCloseTo(2.4, 14);
    const v = (k: number) => ((k + 0.5) / 11) * (1 - (k + 0.5) / 11) / 10;
    expect(c.standardError).toBeCloseTo(Math.sqrt(0.3 ** 2 * v(3) + 0.2 ** 2 * v(8)) / 0.25, 14);
  });
  it("scale linear: fits a weighted line through every rate inside the window: exact on rates on a line, with the WLS error", () => {
    // rates 0.2, 0.4, 0.6, 0.8 on r = 0.2 (x - 1) + 0.2; 0.95 lies outside the window [0.1, 0.9]
    const pts = [1, 2, 3, 4].map((value) => ({ value, successes: Math.round(20 * (0.2 * value)), trials: 20 }));
    pts.push({ value: 5, successes: 19, trials: 20 });
    const c = rateCrossing(pts, { scale: "linear", window: [0.1, 0.9] });
    expect(c.estimate).toBeCloseTo(2.5, 12);
    // the crossing of the WLS line, at the weighted mean x = 2.5 here (symmetric weights): var = 1 / (S c1^2)
    const S = [0.2, 0.4, 0.6, 0.8].reduce((s, r) => {
      const k = 20 * r, rt = (k + 0.5) / 21;
      return s + 20 / (rt * (1 - rt));
    }, 0);
    expect(c.standardError).toBeCloseTo(1 / Math.sqrt(S) / 0.2, 12);
    // the window [0.45, 0.55] keeps only the bracketing pair: plain interpolation, a larger error
    const two = rateCrossing(pts, { scale: "linear", window: [0.45, 0.55] });
    expect(two.estimate).toBeCloseTo(2.5, 12);
    expect(two.standardError).toBeGreaterThan(c.standardError);
  });

  it("scale probit (default): interpolates Phi^{-1} of the smoothed rates (k + 1/2) / (m + 1), with the delta-method error", () => {
    // Phi^{-1} by bisection on Cody's normal cdf (independent of the AS 241 quantile the code uses)
    const probit = (p: number) => {
      let lo = -10, hi = 10;
      for (let i = 0; i < 200; i++) (normalCdf((lo + hi) / 2) < p ? (lo = (lo + hi) / 2) : (hi = (lo + hi) / 2));
      return (lo + hi) / 2;
    };
    const pts = [{ value: 1, successes: 0, trials: 10 }, { value: 2, successes: 3, trials: 10 }, { value: 3, successes: 8, trials: 10 }, { value: 4, successes: 10, trials: 10 }];
    // the window [0.1, 0.9] holds the rates 0.3 and 0.8, which are the bracketing pair
    const c = rateCrossing(pts);
    const z2 = probit(3.5 / 11), z3 = probit(8.5 / 11);
    expect(c.bracketed).toBe(true);
    expect(c.estimate).toBeCloseTo(2 - z2 / (z3 - z2), 12);
    // var(x*) = ((x3 - x*)^2 v2 + (x* - x2)^2 v3) / (z3 - z2)^2, v = r(1 - r) / (m phi(z)^2)
    const phi = (z: number) => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    const v = (k: number, z: number) => ((k + 0.5) / 11) * (1 - (k + 0.5) / 11) / 10 / phi(z) ** 2;
    const x = c.estimate;
    expect(c.standardError).toBeCloseTo(Math.sqrt((3 - x) ** 2 * v(3, z2) + (x - 2) ** 2 * v(8, z3)) / (z3 - z2), 12);
    // symmetric counts about 1/2 cross exactly at the centre
    const sym = rateCrossing([1, 2, 3, 4, 5].map((value, i) => ({ value, successes: [2, 7, 15, 23, 28][i]!, trials: 30 })));
    expect(sym.estimate).toBeCloseTo(3, 12);
  });
  it("scale probit: the 50% point of a probit rate curve from expected counts, closer than the line on the rates", () => {
    // Phi((x - 1.03) / 0.12) on a grid asymmetric about 1.03, 4000 trials per point (rounded expected counts: no noise)
    const pts = [0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.25].map((value) => ({ value, successes: Math.round(4000 * normalCdf((value - 1.03) / 0.12)), trials: 4000 }));
    expect(Math.abs(rateCrossing(pts).estimate - 1.03)).toBeLessThan(5e-5);
    expect(Math.abs(rateCrossing(pts, { scale: "linear" }).estimate - 1.03)).toBeGreaterThan(3e-4);
    // a skewed (Gumbel) curve exp(-exp(-(x - 1) / 0.1)), 50% at 1 - 0.1 log(log 2): the probit line is closer too
    const xStar = 1 - 0.1 * Math.log(Math.log(2));
    const skewed = pts.map(({ value }) => ({ value, successes: Math.round(4000 * Math.exp(-Math.exp(-(value - 1) / 0.1))), trials: 4000 }));
    const probitBias = Math.abs(rateCrossing(skewed).estimate - xStar);
    expect(probitBias).toBeLessThan(0.01);
    expect(probitBias).toBeLessThan(Math.abs(rateCrossing(skewed, { scale: "linear" }).estimate - xStar));
  });

  it("pools a non-monotone pair before interpolating (isotonic regression)", () => {
    const c = rateCrossing([
      { value: 0, successes: 1, trials: 10 },
      { value: 1, successes: 6, trials: 10 },
      { value: 2, successes: 4, trials: 10 },
      { value: 3, successes: 9, trials: 10 },
    ]);
    // values 1 and 2 pool to rate 0.5 at value 1.5: the crossing is exactly there
    expect(c.estimate).toBeCloseTo(1.5, 14);
  });
  it("its standard error matches the spread of the estimate over simulated binomial draws", () => {
    // a probit rate curve, 40 trials per point: the delta-method error within 20% of the Monte Carlo spread
    let state = 12345;
    const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const values = [0.8, 0.9, 1.0, 1.1, 1.2, 1.3];
    const rate = (x: number) => normalCdf((x - 1.03) / 0.12);
    const estimates: number[] = [], errors: number[] = [];
    for (let rep = 0; rep < 2000; rep++) {
      const c = rateCrossing(values.map((value) => {
        let k = 0;
        for (let t = 0; t < 40; t++) if (uniform() < rate(value)) k++;
        return { value, successes: k, trials: 40 };
      }));
      estimates.push(c.estimate);
      errors.push(c.standardError);
    }
    const mean = estimates.reduce((s, x) => s + x, 0) / estimates.length;
    const sd = Math.sqrt(estimates.reduce((s, x) => s + (x - mean) ** 2, 0) / (estimates.length - 1));
    const rms = Math.sqrt(errors.reduce((s, x) => s + x * x, 0) / errors.length);
    expect(Math.abs(mean - 1.03)).toBeLessThan(0.01);
    expect(rms / sd).toBeGreaterThan(0.8);
    expect(rms / sd).toBeLessThan(1.25);
  });
  it("meanCrossing: a mean crossing a level, pooled and fitted the same way", () => {
    // means on y = 0.1 x with equal errors; level 0.25 crosses at x = 2.5; window [0.125, 0.5] keeps x = 2, 3, 4, 5
    const pts = [0, 1, 2, 3, 4, 5, 6].map((value) => ({ value, mean: 0.1 * value, standardError: 0.02 }));
    const c = meanCrossing(pts, 0.25);
    expect(c.estimate).toBeCloseTo(2.5, 12);
    // WLS of 4 equally weighted points at x = 2..5 (mean 3.5, Sxx = 5 / 0.02^2): var(y at 2.5) = 0.02^2 (1/4 + 1/5)
    expect(c.standardError).toBeCloseTo((0.02 * Math.sqrt(0.25 + 0.2)) / 0.1, 12);
    // a dip (0.3 then 0.2) is pooled to 0.25 at x = 2.5: the crossing lands there
    const dip = meanCrossing([{ value: 1, mean: 0.1, standardError: 0.01 }, { value: 2, mean: 0.3, standardError: 0.01 },
      { value: 3, mean: 0.2, standardError: 0.01 }, { value: 4, mean: 0.6, standardError: 0.01 }], 0.25, { window: [0.25, 0.25] });
    expect(dip.estimate).toBeCloseTo(2.5, 12);
    expect(() => meanCrossing([{ value: 1, mean: 0.1, standardError: 0 }], 0.2)).toThrow(/every standard error is 0/);
    expect(() => meanCrossing([{ value: 1, mean: NaN, standardError: 0.1 }], 0.2)).toThrow(/points\[0\] must be/);
  });

  it("says when the grid does not bracket the crossing", () => {
    expect(rateCrossing([{ value: 1, successes: 1, trials: 5 }, { value: 2, successes: 2, trials: 5 }])).toMatchObject({ bracketed: false, estimate: NaN });
    expect(rateCrossing([{ value: 1, successes: 4, trials: 5 }, { value: 2, successes: 5, trials: 5 }])).toMatchObject({ bracketed: false, estimate: 1 });
  });
  it("refuses bad points with typed errors", () => {
    expect(() => rateCrossing([])).toThrow(InvalidArgumentError);
    expect(() => rateCrossing([{ value: 1, successes: 6, trials: 5 }])).toThrow(/points\[0\]: successes/);
    expect(() => rateCrossing([{ value: 1, successes: 1, trials: 5 }, { value: 1, successes: 2, trials: 5 }])).toThrow(/appears twice/);
    expect(() => rateCrossing([{ value: NaN, successes: 1, trials: 5 }])).toThrow(/points\[0\] must be/);
    expect(() => rateCrossing([{ value: 1, successes: 1, trials: 5 }], { target: 1 })).toThrow(/target must be in/);
    expect(() => rateCrossing([{ value: 1, successes: 1, trials: 5 }], { window: [0.6, 0.9] })).toThrow(/window must be/);
    expect(() => rateCrossing([{ value: 1, successes: 1, trials: 5 }], { scale: "logit" as never })).toThrow(/scale must be/);
  });
});
