import { describe, expect, it } from "vitest";
import {
  InvalidArgumentError, matmul, Matrix, rectangularSpike, Rng, spikedCovariance, spikedWigner, wigner, wishart,
} from "../../src/index.js";

function trace(m: Matrix): number {
  let t = 0;
  for (let i = 0; i < m.rows; i++) t += m.get(i, i);
  return t;
}

function quadForm(m: Matrix, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) s += v[i]! * m.get(i, j) * v[j]!;
  return s;
}

describe("wigner", () => {
  it("is symmetric with the semicircle's moments: tr W^2 / n -> 1, tr W^4 / n -> 2", () => {
    const n = 600;
    const w = wigner(n, { seed: 1 });
    expect(w.isSymmetric(0)).toBe(true);
    const w2 = matmul(w, w);
    const m2 = trace(w2) / n;
    const m4 = w2.data.reduce((s, v) => s + v * v, 0) / n; // tr W^4 = |W^2|_F^2
    // finite-n means: E tr W^2 / n = 1 + 1/n; fluctuations O(1/n)
    expect(Math.abs(m2 - 1)).toBeLessThan(0.02);
    expect(Math.abs(m4 - 2)).toBeLessThan(0.06);
  });

  it("has off-diagonal variance 1/n and diagonal variance 2/n", () => {
    const n = 400;
    const w = wigner(n, { seed: 2 });
    let off = 0, diag = 0;
    for (let i = 0; i < n; i++) {
      diag += w.get(i, i) ** 2;
      for (let j = i + 1; j < n; j++) off += w.get(i, j) ** 2;
    }
    const offVar = off / ((n * (n - 1)) / 2);
    expect(Math.abs(offVar * n - 1)).toBeLessThan(4 * Math.sqrt(2 / ((n * (n - 1)) / 2)));
    expect(Math.abs((diag / n) * n - 2)).toBeLessThan(4 * 2 * Math.sqrt(2 / n));
  });

  it("is reproducible from a seed and accepts an Rng", () => {
    expect(wigner(20, { seed: 7 }).data).toEqual(wigner(20, { seed: 7 }).data);
    const a = wigner(20, { seed: new Rng(7) });
    expect(a.data).toEqual(wigner(20, { seed: 7 }).data);
  });
});

describe("spikedWigner", () => {
  it("adds theta v v^T along orthonormal Haar directions", () => {
    const n = 300;
    const s = spikedWigner({ n, spikes: [3, -2], seed: 3 });
    const w = wigner(n, { seed: 3 }); // the same generator draws W first
    const v0 = s.directions.column(0), v1 = s.directions.column(1);
    const diff = new Matrix(n, n, s.matrix.data.map((x, i) => x - w.data[i]!));
    expect(quadForm(diff, v0)).toBeCloseTo(3, 12);
    expect(quadForm(diff, v1)).toBeCloseTo(-2, 12);
    expect(Math.abs(v0.reduce((t, x, i) => t + x * v1[i]!, 0))).toBeLessThan(1e-14);
    expect(s.matrix.isSymmetric(1e-15)).toBe(true);
  });
});

describe("wishart and spikedCovariance", () => {
  it("identity population: S has trace / d -> 1 and tr S^2 / d -> 1 + gamma", () => {
    const n = 2000, d = 500;
    const { covariance, gamma, data } = wishart({ n, d, seed: 4 });
    expect(gamma).toBe(0.25);
    expect(data.shape).toEqual([n, d]);
    const s = covariance!;
    expect(Math.abs(trace(s) / d - 1)).toBeLessThan(0.01);
    const m2 = s.data.reduce((t, v) => t + v * v, 0) / d;
    expect(Math.abs(m2 - (1 + gamma))).toBeLessThan(0.02);
  });

  it("a diagonal population scales the columns: E S_jj = t_j", () => {
    const n = 4000, d = 4;
    const pop = [0.5, 1, 2, 8];
    const s = wishart({ n, d, seed: 5, population: pop }).covariance!;
    pop.forEach((t, j) => expect(Math.abs(s.get(j, j) / t - 1)).toBeLessThan(4 * Math.sqrt(2 / n)));
  });

  it("Sigma = I + theta v v^T: v^T S v ~ 1 + theta and a random orthogonal direction ~ 1", () => {
    const n = 5000, d = 100;
    const sample = spikedCovariance({ n, d, spikes: [4], seed: 6 });
    const v = sample.directions.column(0);
    expect(Array.from(sample.populationSpikes)).toEqual([5]);
    const s = sample.covariance!;
    expect(Math.abs(quadForm(s, v) / 5 - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    const u = new Rng(60).haarVector(d);
    const proj = u.reduce((t, x, i) => t + x * v[i]!, 0);
    const w = u.map((x, i) => x - proj * v[i]!);
    const wn = Math.sqrt(w.reduce((t, x) => t + x * x, 0));
    expect(Math.abs(quadForm(s, w.map((x) => x / wn)) - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it("with a base population the spikes replace its first entries along e_1..e_r", () => {
    const n = 4000, d = 6;
    const sample = spikedCovariance({ n, d, populationSpikes: [10], population: [1, 2, 2, 2, 3, 3], seed: 7 });
    const s = sample.covariance!;
    expect(sample.directions.column(0)).toEqual(Float64Array.from([1, 0, 0, 0, 0, 0]));
    expect(Math.abs(s.get(0, 0) / 10 - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(s.get(5, 5) / 3 - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it("rejects bad parameters by name", () => {
    expect(() => wishart({ n: 0, d: 3, seed: 1 })).toThrow(/n must be a positive integer/);
    expect(() => wishart({ n: 3, d: 2, seed: 1, population: [1, -1] })).toThrow(/population eigenvalue 1 must be finite and > 0/);
    expect(() => wishart({ n: 3, d: 2, seed: 1, population: [1] })).toThrow(/d = 2 eigenvalues/);
    expect(() => spikedCovariance({ n: 3, d: 2, seed: 1 })).toThrow(/exactly one of/);
    expect(() => spikedCovariance({ n: 3, d: 2, seed: 1, spikes: [-1.5] })).toThrow(/theta > -1/);
    expect(() => spikedCovariance({ n: 3, d: 2, seed: 1, spikes: [1, 1, 1] })).toThrow(InvalidArgumentError);
    expect(() => spikedWigner({ n: 3, spikes: [NaN], seed: 1 })).toThrow(/spike 0 must be finite/);
  });
});

describe("rectangularSpike", () => {
  it("Y = X + theta u w^T: u^T Y w ~ theta and noise entries have variance 1/m", () => {
    const n = 200, m = 400;
    const s = rectangularSpike({ n, m, spikes: [2.5], seed: 8 });
    const u = s.left.column(0), w = s.right.column(0);
    let uyw = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) uyw += u[i]! * s.matrix.get(i, j) * w[j]!;
    // u^T X w ~ N(0, 1/m)
    expect(Math.abs(uyw - 2.5)).toBeLessThan(4 / Math.sqrt(m));
    const fro = s.matrix.data.reduce((t, v) => t + v * v, 0);
    // |Y|_F^2 = |X|_F^2 + theta^2 + cross term; E |X|_F^2 = n
    expect(Math.abs(fro - (n + 2.5 ** 2)) / n).toBeLessThan(0.02);
    expect(() => rectangularSpike({ n, m, spikes: [-1], seed: 1 })).toThrow(/must be >= 0/);
  });
});
