// Tracy-Widom laws (src/theory/tracyWidom/) against independent references:
//  - the Painleve II route (Tracy and Widom 1994, 1996), integrated here by classical RK4 from the
//    Airy asymptotics of the Hastings-McLeod solution q(s) ~ Ai(s) at s = 14:
//    F2 = exp(-int_s^inf (x - s) q^2), F1 = sqrt(F2) exp(-1/2 int_s^inf q),
//    G = sqrt(F2) cosh(1/2 int_s^inf q) with F4(s) = G(sqrt(2) s) (Tracy-Widom convention);
//  - Bornemann 2010's published moments (table 4 of "On the numerical evaluation of distributions
//    in random matrix theory") and Johnstone 2001's TW1 percentiles (table 1, two decimals);
//  - a simulation of the beta = 4 Dumitriu-Edelman tridiagonal model, which decides the scaling;
//  - finite differences of the directly computed CDF for the density, and the asymptotic right
//    tail 1 - F2(s) ~ exp(-4 s^(3/2) / 3) / (16 pi s^(3/2)).
import { describe, expect, it } from "vitest";
import { eigvalshTridiagonal } from "../../src/index.js";
import { airyAiPair } from "../../src/numerics/airy.js";
import { fredholmValue, tracyWidom } from "../../src/theory/index.js";
import { InvalidArgumentError } from "../../src/errors.js";
import { normalSource } from "../helpers.js";

/** [s, F2, F1, G] on a grid, by RK4 with step h on y = (q, q', int q, int q^2, int (x - s) q^2) from s0 down. */
function painleveTable(grid: number[], s0 = 14, h = 2.5e-4): Map<number, [number, number, number]> {
  const [a, ap] = airyAiPair(s0);
  let y = [a, ap, 0, 0, 0];
  const f = (s: number, v: number[]): number[] => [v[1]!, s * v[0]! + 2 * v[0]! * v[0]! * v[0]!, -v[0]!, -v[0]! * v[0]!, -v[3]!];
  const out = new Map<number, [number, number, number]>();
  const targets = new Set(grid.map((g) => Math.round((s0 - g) / h)));
  const last = Math.max(...targets);
  for (let i = 1; i <= last; i++) {
    const s = s0 - (i - 1) * h;
    const k1 = f(s, y);
    const k2 = f(s - h / 2, y.map((v, j) => v - (h / 2) * k1[j]!));
    const k3 = f(s - h / 2, y.map((v, j) => v - (h / 2) * k2[j]!));
    const k4 = f(s - h, y.map((v, j) => v - h * k3[j]!));
    y = y.map((v, j) => v - (h / 6) * (k1[j]! + 2 * k2[j]! + 2 * k3[j]! + k4[j]!));
    if (targets.has(i)) {
      const F2 = Math.exp(-y[4]!);
      out.set(Math.round((s0 - i * h) * 1e6) / 1e6, [F2, Math.sqrt(F2) * Math.exp(-0.5 * y[2]!), Math.sqrt(F2) * Math.cosh(0.5 * y[2]!)]);
    }
  }
  return out;
}

describe("Tracy-Widom CDFs against the Painleve II route", () => {
  const grid = [-8, -7, -6, -5, -4, -3.5, -3, -2.5, -2, -1.5, -1, -0.5, 0, 0.5, 1, 2, 3, 4, 5, 6];
  const ref = painleveTable(grid);
  it("F1, F2 and F4 (both scalings) agree to 1e-10 on [-8, 6]", () => {
    const tw1 = tracyWidom(1);
    const tw2 = tracyWidom(2);
    const tw4 = tracyWidom(4, { beta4Convention: "tracy-widom" });
    const tw4e = tracyWidom(4, { beta4Convention: "edelman" });
    let worst = 0;
    for (const s of grid) {
      const [F2, F1, G] = ref.get(s)!;
      worst = Math.max(worst, Math.abs(tw2.cdf(s) - F2), Math.abs(tw1.cdf(s) - F1));
      // G(s) = F4_TW(s / sqrt 2) = F4_edelman(s / 2^(2/3))
      worst = Math.max(worst, Math.abs(tw4.cdf(s / Math.SQRT2) - G), Math.abs(tw4e.cdf(s / 2 ** (2 / 3)) - G));
      worst = Math.max(worst, Math.abs(fredholmValue("F1", s).cdf - F1), Math.abs(fredholmValue("F2", s).cdf - F2));
    }
    if (process.env.SPIKELAB_VERBOSE) console.log(`largest |CDF - Painleve| on [-8, 6]: ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-11); // the issue asks 1e-10; RK4 at h = 2.5e-4 itself is good to ~1e-13
  });
});

describe("published values", () => {
  it("moments match Bornemann 2010 (table 4) to 1e-11", () => {
    const cases: [number, number, number, ReturnType<typeof tracyWidom>][] = [
      [-1.206533574582093, 1.607781034581, 1e-11, tracyWidom(1)],
      [-1.771086807411602, 0.8131947928329, 1e-12, tracyWidom(2)],
      [-2.306884893241, 0.5177237207726, 1e-11, tracyWidom(4, { beta4Convention: "tracy-widom" })],
    ];
    for (const [mean, variance, tol, law] of cases) {
      expect(Math.abs(law.mean - mean)).toBeLessThan(tol);
      expect(Math.abs(law.variance - variance)).toBeLessThan(tol);
    }
  });

  it("TW1 percentiles match Johnstone 2001, table 1", () => {
    const tw1 = tracyWidom(1);
    const table: [number, number][] = [[0.01, -3.90], [0.05, -3.18], [0.1, -2.78], [0.3, -1.91], [0.5, -1.27], [0.7, -0.59], [0.9, 0.45], [0.95, 0.98], [0.99, 2.02]];
    for (const [p, q] of table) expect(Math.abs(tw1.quantile(p) - q)).toBeLessThanOrEqual(0.005 + 1e-12);
  });

  it("the two beta = 4 scalings differ by 2^(1/6), and the edelman one has the beta-ensemble tails", () => {
    const tw = tracyWidom(4, { beta4Convention: "tracy-widom" });
    const ed = tracyWidom(4);
    expect(ed.convention).toBe("edelman");
    for (const p of [0.01, 0.3, 0.5, 0.9, 0.99]) expect(Math.abs(tw.quantile(p) - 2 ** (1 / 6) * ed.quantile(p))).toBeLessThan(1e-11);
    expect(Math.abs(tw.mean - 2 ** (1 / 6) * ed.mean)).toBeLessThan(1e-12);
    // log F_beta(s) ~ -beta |s|^3 / 24 on the left and log(1 - F_beta(s)) ~ -(2 beta / 3) s^(3/2)
    // on the right (Ramirez-Rider-Virag 2011; Dumaz-Virag 2013): the slope between two points
    // estimates the rate "beta" up to subleading terms that fade as |s| grows. The edelman scaling
    // has rate 4 on both sides; the tracy-widom one 4 / 2^(1/2) on the left and 4 / 2^(1/4) on the right.
    // (the left tail by direct evaluation: the table's CDF is absolute-accurate only, ~1e-15)
    const left = (law: typeof ed, s1: number, s2: number) => (-24 * (Math.log(law.direct(s1).cdf) - Math.log(law.direct(s2).cdf))) / (Math.abs(s1) ** 3 - Math.abs(s2) ** 3);
    const right = (law: typeof ed, s1: number, s2: number) => (-1.5 * (Math.log(law.survival(s2)) - Math.log(law.survival(s1)))) / (s2 ** 1.5 - s1 ** 1.5);
    expect(left(tracyWidom(1), -10, -9)).toBeCloseTo(1, 0);
    expect(left(tracyWidom(2), -10, -9)).toBeCloseTo(2, 2);
    expect(Math.abs(left(ed, -7.5, -6.5) / 4 - 1)).toBeLessThan(0.1);
    expect(Math.abs(left(tw, -8.5, -7.5) / 2 ** 1.5 - 1)).toBeLessThan(0.1);
    expect(Math.abs(right(tracyWidom(1), 14, 20) - 1)).toBeLessThan(0.02);
    expect(Math.abs(right(tracyWidom(2), 14, 20) - 2)).toBeLessThan(0.04);
    expect(Math.abs(right(ed, 14, 20) - 4)).toBeLessThan(0.08);
    expect(Math.abs(right(tw, 14, 20) - 4 / 2 ** 0.25)).toBeLessThan(0.08);
  });
});

describe("table, density, quantile and tails", () => {
  it("the table agrees with direct evaluation to 1e-13 and with a finer quadrature (m = 96)", () => {
    for (const beta of [1, 2, 4] as const) {
      const law = tracyWidom(beta);
      for (let i = 0; i < 40; i++) {
        const s = -8 + 14 * ((i * 0.6180339887) % 1);
        const d = law.direct(s);
        expect(Math.abs(law.cdf(s) - d.cdf)).toBeLessThan(1e-13);
        expect(Math.abs(law.density(s) - d.density)).toBeLessThan(1e-13);
      }
    }
    for (const s of [-9, -4, -1.3, 0, 2.2]) {
      for (const kind of ["F1", "F2", "F4"] as const) {
        expect(Math.abs(fredholmValue(kind, s).cdf - fredholmValue(kind, s, 96).cdf)).toBeLessThan(1e-14);
      }
    }
  });

  it("the density is the derivative of the directly computed CDF (5-point difference)", () => {
    const h = 1e-2;
    for (const beta of [1, 2, 4] as const) {
      const law = tracyWidom(beta);
      for (const s of [-5, -3, -1.5, 0, 1.5]) {
        const F = (x: number) => law.direct(x).cdf;
        const fd = (-F(s + 2 * h) + 8 * F(s + h) - 8 * F(s - h) + F(s - 2 * h)) / (12 * h);
        expect(Math.abs(law.density(s) - fd)).toBeLessThan(2e-8);
      }
    }
  });

  it("integrates to 1 and inverts: cdf(quantile(p)) = p, survival relative-accurate far right", () => {
    for (const beta of [1, 2, 4] as const) {
      const law = tracyWidom(beta);
      for (const p of [1e-10, 0.001, 0.2, 0.5, 0.77, 0.999]) expect(Math.abs(law.cdf(law.quantile(p)) - p)).toBeLessThan(1e-14 + 1e-12 * p);
      const q = law.quantile(1 - 1e-9);
      expect(Math.abs(law.survival(q) - 1e-9) / 1e-9).toBeLessThan(1e-5);
    }
    // 1 - F2(s) ~ exp(-4 s^1.5 / 3) / (16 pi s^1.5) with relative corrections O(s^-1.5)
    for (const s of [10, 16, 25]) {
      const asym = Math.exp((-4 * s ** 1.5) / 3) / (16 * Math.PI * s ** 1.5);
      expect(Math.abs(tracyWidom(2).survival(s) / asym - 1)).toBeLessThan(3 / s ** 1.5);
    }
  });

  it("refuses bad arguments with typed errors", () => {
    expect(() => tracyWidom(3 as 1)).toThrow(InvalidArgumentError);
    expect(() => tracyWidom(4, { beta4Convention: "mathematica" as "edelman" })).toThrow(/beta4Convention/);
    const law = tracyWidom(2);
    for (const p of [0, 1, -0.1, NaN]) expect(() => law.quantile(p)).toThrow(InvalidArgumentError);
    expect(() => law.quantile(1e-300)).toThrow(/absolute accuracy/);
    expect(() => law.cdf(NaN)).toThrow(InvalidArgumentError);
    expect(law.cdf(-Infinity)).toBe(0);
    expect(law.cdf(Infinity)).toBe(1);
    expect(law.survival(Infinity)).toBe(0);
  });
});

describe("the beta = 4 scaling, decided by simulation", () => {
  it("the Gaussian beta-ensemble at beta = 4 (Dumitriu-Edelman tridiagonal, n = 200, 400 draws) follows the edelman TW4, not the tracy-widom one", () => {
    // (1/sqrt beta) tridiag(N(0, 2); chi_{beta (n-1)}, ..., chi_beta) has eigenvalue density
    // prop. to |Delta|^beta exp(-beta sum x^2 / 4), semicircle on [-2 sqrt n, 2 sqrt n] (Dumitriu
    // and Edelman 2002). Only its top-left 50 x 50 block matters for the top eigenvalue (the
    // eigenvector decays like Ai over n^(1/3) ~ 6 rows), so the rest is not drawn.
    const beta = 4, n = 200, k = 50, draws = 400;
    const g = normalSource(11);
    const stats: number[] = [];
    for (let r = 0; r < draws; r++) {
      const d = Array.from({ length: k }, () => (g() * Math.SQRT2) / Math.sqrt(beta));
      const e = Array.from({ length: k - 1 }, (_, i) => {
        let chi2 = 0;
        for (let j = 0; j < beta * (n - 1 - i); j++) chi2 += g() ** 2;
        return Math.sqrt(chi2 / beta);
      });
      stats.push((eigvalshTridiagonal(d, e)[k - 1]! - 2 * Math.sqrt(n)) * n ** (1 / 6));
    }
    stats.sort((a, b) => a - b);
    const ks = (F: (s: number) => number) => stats.reduce((m, x, i) => Math.max(m, Math.abs(F(x) - i / draws), Math.abs((i + 1) / draws - F(x))), 0);
    const critical = 1.628 / (Math.sqrt(draws) + 0.12 + 0.11 / Math.sqrt(draws));
    expect(ks((s) => tracyWidom(4).cdf(s))).toBeLessThan(critical);
    expect(ks((s) => tracyWidom(4, { beta4Convention: "tracy-widom" }).cdf(s))).toBeGreaterThan(critical);
  });
});
