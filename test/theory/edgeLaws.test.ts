// Edge laws (src/theory/edgeLaws.ts) against simulation: the scaled extreme eigenvalues of
// spikelab's own GOE and white Wishart samples, over a few hundred seeds, pass a one-sample
// Kolmogorov-Smirnov test against TW1 at the 1% level (critical value 1.628 / (sqrt N + 0.12 +
// 0.11 / sqrt N), Stephens 1970). Plus the closed forms of the centering and scaling.
import { describe, expect, it } from "vitest";
import { eigvalsh, wigner, wishart } from "../../src/index.js";
import { covarianceEdgeLaw, largestRootPValue, tracyWidom, wignerEdgeLaw, type EdgeLaw } from "../../src/theory/index.js";
import { edgeStatistic } from "../../src/theory/largestRootTest.js";
import { InvalidArgumentError } from "../../src/errors.js";

/** sup_s |empirical CDF - F| of the sample. */
function ksDistance(sample: number[], F: (s: number) => number): number {
  const xs = [...sample].sort((a, b) => a - b);
  const N = xs.length;
  return xs.reduce((d, x, i) => Math.max(d, Math.abs(F(x) - i / N), Math.abs((i + 1) / N - F(x))), 0);
}

const critical1 = (N: number) => 1.628 / (Math.sqrt(N) + 0.12 + 0.11 / Math.sqrt(N));

describe("edge laws: closed forms", () => {
  it("GOE: center 2, scale n^(-2/3); Wishart: Johnstone's mu, sigma at n - 1/2, d - 1/2, divided by n", () => {
    const goe = wignerEdgeLaw(1000);
    expect([goe.center, goe.beta, goe.side]).toEqual([2, 1, "largest"]);
    expect(goe.scale).toBeCloseTo(0.01, 15);
    // n = 101, d = 26: n' = 100.5, d' = 25.5
    const top = covarianceEdgeLaw(101, 26);
    const a = Math.sqrt(100.5), b = Math.sqrt(25.5);
    expect(top.center).toBeCloseTo((a + b) ** 2 / 101, 14);
    expect(top.scale).toBeCloseTo(((a + b) * Math.cbrt(1 / a + 1 / b)) / 101, 14);
    // large n: center -> (1 + sqrt gamma)^2, scale ~ (1 + sqrt gamma)(1/sqrt gamma + 1)^(1/3) n^(-2/3)
    const big = covarianceEdgeLaw(1e6, 5e5);
    const g = 0.5;
    expect(Math.abs(big.center - (1 + Math.sqrt(g)) ** 2)).toBeLessThan(1e-5);
    expect(Math.abs(big.scale / ((1 + Math.sqrt(g)) * Math.cbrt(1 + 1 / Math.sqrt(g)) * 1e6 ** (-2 / 3)) - 1)).toBeLessThan(1e-5);
    const low = covarianceEdgeLaw(1e6, 5e5, { side: "smallest" });
    expect(Math.abs(low.center - (1 - Math.sqrt(g)) ** 2)).toBeLessThan(1e-5);
    expect(low.side).toBe("smallest");
  });

  it("refuses bad sizes and the smallest edge without d < n", () => {
    expect(() => wignerEdgeLaw(0)).toThrow(InvalidArgumentError);
    expect(() => covarianceEdgeLaw(10.5, 3)).toThrow(/positive integer/);
    expect(() => covarianceEdgeLaw(10, 20, { side: "smallest" })).toThrow(/d < n/);
    expect(() => covarianceEdgeLaw(10, 5, { side: "middle" as "largest" })).toThrow(/side/);
    expect(() => largestRootPValue(2, { center: 2, scale: 0, beta: 1, side: "largest" })).toThrow(InvalidArgumentError);
  });
});

describe("edge laws: simulation against TW1 (KS at the 1% level)", () => {
  const tw1 = tracyWidom(1);
  const check = (stats: number[]): void => {
    const d = ksDistance(stats, (s) => tw1.cdf(s));
    if (process.env.SPIKELAB_VERBOSE) console.log(`KS distance ${d.toFixed(4)} (1% critical ${critical1(stats.length).toFixed(4)}), mean ${(stats.reduce((x, y) => x + y, 0) / stats.length).toFixed(3)} vs ${tw1.mean.toFixed(3)}`);
    expect(d).toBeLessThan(critical1(stats.length));
  };

  it("GOE, n = 400, 300 seeds: (lambda_max - 2) n^(2/3)", () => {
    const n = 400;
    const edge = wignerEdgeLaw(n);
    const stats: number[] = [];
    for (let seed = 1; seed <= 300; seed++) {
      const top = eigvalsh(wigner(n, { seed }), { range: { lo: n - 1, hi: n - 1 } })[0]!;
      stats.push(edgeStatistic(top, edge));
    }
    check(stats);
  });

  it("white Wishart, n = 800, d = 400, 300 seeds: largest and smallest eigenvalue", () => {
    const n = 800, d = 400;
    const top: number[] = [];
    const bottom: number[] = [];
    const upper: EdgeLaw = covarianceEdgeLaw(n, d);
    const lower: EdgeLaw = covarianceEdgeLaw(n, d, { side: "smallest" });
    for (let seed = 1; seed <= 300; seed++) {
      const values = eigvalsh(wishart({ n, d, seed }).covariance!);
      top.push(edgeStatistic(values[d - 1]!, upper));
      bottom.push(edgeStatistic(values[0]!, lower));
    }
    check(top);
    check(bottom);
  });
});
