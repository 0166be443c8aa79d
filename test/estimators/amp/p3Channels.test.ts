/**
 * The exact p = 3 output channels (src/estimators/amp/tripleChannel.ts, sphereChannel.ts,
 * parityChannel.ts) against
 * independent routes: importance sampling with many draws (to a few of its standard errors), the
 * p = 2 channels they reduce to when z3 is pinned (V33 -> 0), and their own refinement.
 */
import { describe, expect, it } from "vitest";
import { links } from "../../../src/index.js";
import { Rng } from "../../../src/random/rng.js";
import { outputChannel, type OutputChannel } from "../../../src/estimators/amp/gout.js";

type Case = [omega: number[], V: number[], y: number];

function post(ch: OutputChannel, omega: number[], V: number[], y: number): { logZ: number; mean: number[]; cov: number[] } {
  const m = new Float64Array(ch.p), c = new Float64Array(ch.p * ch.p);
  const logZ = ch.posterior(Float64Array.from(omega), Float64Array.from(V), y, m, c);
  return { logZ, mean: Array.from(m), cov: Array.from(c) };
}

/** Self-normalised importance sampling: draws z with log-weight lw(z); mean, cov and log E[weight], with standard errors of the mean and cov. */
function importance(draw: (g: Float64Array, i: number, z: number[]) => number, N: number, seed: number, dims: number) {
  const g = new Rng(seed).normal(N * dims);
  const z = [0, 0, 0];
  const w = new Float64Array(N), zs = new Float64Array(3 * N);
  let W = 0;
  for (let i = 0; i < N; i++) {
    w[i] = draw(g, i, z);
    W += w[i]!;
    zs[3 * i] = z[0]!; zs[3 * i + 1] = z[1]!; zs[3 * i + 2] = z[2]!;
  }
  const mean = [0, 1, 2].map((a) => { let s = 0; for (let i = 0; i < N; i++) s += w[i]! * zs[3 * i + a]!; return s / W; });
  const cov: number[] = [], se: number[] = [];
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += w[i]! * (zs[3 * i + a]! - mean[a]!) * (zs[3 * i + b]! - mean[b]!);
    cov.push(s / W);
  }
  // delta-method standard error of a self-normalised mean of f: sqrt(sum w^2 (f - E f)^2) / W
  const seOf = (f: (i: number) => number, ef: number) => { let s = 0; for (let i = 0; i < N; i++) s += (w[i]! * (f(i) - ef)) ** 2; return Math.sqrt(s) / W; };
  for (let a = 0; a < 3; a++) se.push(seOf((i) => zs[3 * i + a]!, mean[a]!));
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) se.push(seOf((i) => (zs[3 * i + a]! - mean[a]!) * (zs[3 * i + b]! - mean[b]!), cov[a * 3 + b]!));
  return { mean, cov, logZ: Math.log(W / N), se };
}

const cases: Case[] = [
  [[0.05, -0.04, 0.03], [0.99, 0.004, -0.002, 0.004, 0.98, 0.003, -0.002, 0.003, 0.995], 0.3],
  [[0.4, -0.3, 0.2], [0.8, 0.1, 0, 0.1, 0.6, 0.05, 0, 0.05, 0.7], 0.5],
  [[1.1, 0.2, -0.7], [0.3, -0.05, 0.02, -0.05, 0.5, 0, 0.02, 0, 0.4], -1.2],
];
const N = 1_000_000;

function compare(got: ReturnType<typeof post>, ref: ReturnType<typeof importance>): void {
  const values = [...got.mean, ...got.cov], refs = [...ref.mean, ...ref.cov];
  for (let i = 0; i < values.length; i++) expect(Math.abs(values[i]! - refs[i]!)).toBeLessThan(5 * ref.se[i]! + 1e-9);
}

describe("y = z1 z2 z3: the level surface in log coordinates", () => {
  const ch = outputChannel(links.tripleProduct());
  it("is the exact channel, not Monte Carlo", () => expect(ch.method).toBe("preimage"));
  it("against importance sampling over (z1, z2) with the exact z3 = y / (z1 z2) and weight N(z3 | z1, z2) / |z1 z2| (5 SE)", () => {
    for (const [k, [omega, V, y]] of cases.entries()) {
      const v11 = V[0]!, v12 = V[1]!, v22 = V[4]!, v13 = V[2]!, v23 = V[5]!, v33 = V[8]!;
      const det2 = v11 * v22 - v12 * v12;
      const k1 = (v13 * v22 - v23 * v12) / det2, k2 = (v23 * v11 - v13 * v12) / det2;
      const cv = v33 - (k1 * v13 + k2 * v23);
      const l11 = Math.sqrt(v11), l21 = v12 / l11, l22 = Math.sqrt(v22 - l21 * l21);
      const ref = importance((g, i, z) => {
        z[0] = omega[0]! + l11 * g[2 * i]!;
        z[1] = omega[1]! + l21 * g[2 * i]! + l22 * g[2 * i + 1]!;
        z[2] = y / (z[0] * z[1]!);
        const mu = omega[2]! + k1 * (z[0] - omega[0]!) + k2 * (z[1]! - omega[1]!);
        return Math.exp(-0.5 * (z[2] - mu) ** 2 / cv) / Math.sqrt(2 * Math.PI * cv) / Math.abs(z[0] * z[1]!);
      }, N, 11 + k, 2);
      const got = post(ch, omega, V, y);
      compare(got, ref);
      expect(Math.abs(got.logZ - ref.logZ)).toBeLessThan(0.01);
    }
  }, 120000);
  it("at omega = 0, V = I: E[z z^T | y] = a3(y) I, the library's one-dimensional K0 integral (5e-6 relative)", () => {
    const link = links.tripleProduct();
    const second = new Float64Array(9), first = new Float64Array(3);
    for (const y of [1e-6, 0.02, 0.3, -1.7, 6, 25]) {
      link.moments!(y, second, first);
      const got = post(ch, [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1], y);
      for (let i = 0; i < 9; i++) expect(Math.abs(got.cov[i]! - second[i]!)).toBeLessThan(5e-6 * second[0]!);
      for (let a = 0; a < 3; a++) expect(Math.abs(got.mean[a]!)).toBeLessThan(1e-12);
    }
  });
  it("with z3 pinned at 1 (V33 = 1e-10) it is the hyperbola channel of z1 z2 (1e-4)", () => {
    const pair = outputChannel(links.product());
    for (const y of [0.4, -1.5]) {
      const got = post(ch, [0.3, -0.2, 1], [0.7, 0.1, 0, 0.1, 0.9, 0, 0, 0, 1e-10], y);
      const ref = post(pair, [0.3, -0.2], [0.7, 0.1, 0.1, 0.9], y);
      const g2 = [got.mean[0]!, got.mean[1]!, got.cov[0]!, got.cov[1]!, got.cov[4]!];
      const r2 = [ref.mean[0]!, ref.mean[1]!, ref.cov[0]!, ref.cov[1]!, ref.cov[3]!];
      for (let i = 0; i < 5; i++) expect(Math.abs(g2[i]! - r2[i]!)).toBeLessThan(1e-4);
      // the densities differ by the law of z3 at 1: N(0; 0, 1e-10) in z3, i.e. y's density is that of z1 z2
      expect(Math.abs(got.logZ - ref.logZ)).toBeLessThan(1e-3);
    }
  }, 120000);
  it("a label far outside the prior's reach has no mass: g_out = 0 (mean = omega)", () => {
    const got = post(ch, [0.1, 0.1, 0.1], [0.01, 0, 0, 0, 0.01, 0, 0, 0, 0.01], 50);
    expect(got.logZ).toBe(-Infinity);
    expect(got.mean).toEqual([0.1, 0.1, 0.1]);
  });
});

describe("y = ||z||^2 / 3: the sphere in angles", () => {
  const ch = outputChannel(links.norm(3));
  it("is the exact channel, not Monte Carlo", () => expect(ch.method).toBe("preimage"));
  it("against importance sampling with uniform directions on the sphere, weight N(rho u; omega, V) (5 SE)", () => {
    for (const [k, [omega, V, y0]] of cases.entries()) {
      const y = Math.abs(y0) * 2;
      const rho = Math.sqrt(3 * y);
      const P = invert3(V), det = det3(V);
      const ref = importance((g, i, z) => {
        const n = Math.hypot(g[3 * i]!, g[3 * i + 1]!, g[3 * i + 2]!);
        for (let a = 0; a < 3; a++) z[a] = (rho * g[3 * i + a]!) / n;
        const d = z.map((v, a) => v - omega[a]!);
        let q = 0;
        for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) q += d[a]! * P[a * 3 + b]! * d[b]!;
        return Math.exp(-0.5 * q) / Math.sqrt((2 * Math.PI) ** 3 * det);
      }, N, 21 + k, 3);
      const got = post(ch, omega, V, y);
      compare(got, ref);
      // Z_out = (3 rho / 2) (4 pi) E_uniform[N(rho u)]
      expect(Math.abs(got.logZ - (ref.logZ + Math.log(1.5 * rho * 4 * Math.PI)))).toBeLessThan(0.01);
    }
  }, 120000);
  it("with z3 pinned at 0 (V33 = 1e-10) it is the circle channel of ||z||^2 / 2 at the label 3 y / 2 (1e-6)", () => {
    const circle = outputChannel(links.norm(2));
    for (const y of [0.4, 1.5]) {
      const got = post(ch, [0.3, -0.2, 0], [0.7, 0.1, 0, 0.1, 0.9, 0, 0, 0, 1e-10], y);
      const ref = post(circle, [0.3, -0.2], [0.7, 0.1, 0.1, 0.9], (3 * y) / 2);
      const g2 = [got.mean[0]!, got.mean[1]!, got.cov[0]!, got.cov[1]!, got.cov[4]!];
      const r2 = [ref.mean[0]!, ref.mean[1]!, ref.cov[0]!, ref.cov[1]!, ref.cov[3]!];
      for (let i = 0; i < 5; i++) expect(Math.abs(g2[i]! - r2[i]!)).toBeLessThan(1e-6);
    }
  }, 120000);
  it("negative labels have no mass", () => {
    expect(post(ch, [0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1], -0.5).logZ).toBe(-Infinity);
  });
});

describe("y = sign(z1 z2 z3): the sign(z1 z2) channel given z3, integrated over z3", () => {
  const ch = outputChannel(links.signTripleProduct());
  it("is the exact channel, not Monte Carlo", () => expect(ch.method).toBe("preimage"));
  it("against rejection sampling: draws of N(omega, V) kept where sign(z1 z2 z3) = y (5 SE); log P(y) against the kept fraction", () => {
    for (const [k, [omega, V]] of cases.entries()) for (const y of [1, -1]) {
      const L = cholesky3(V);
      const ref = importance((g, i, z) => {
        for (let a = 0; a < 3; a++) {
          let s = omega[a]!;
          for (let b = 0; b <= a; b++) s += L[a * 3 + b]! * g[3 * i + b]!;
          z[a] = s;
        }
        return (z[0]! * z[1]! * z[2]! >= 0 ? 1 : -1) === y ? 1 : 0;
      }, N, 31 + k, 3);
      const got = post(ch, omega, V, y);
      compare(got, ref);
      const frac = Math.exp(ref.logZ);
      expect(Math.abs(Math.exp(got.logZ) - frac)).toBeLessThan(5 * Math.sqrt((frac * (1 - frac)) / N));
    }
  }, 120000);
});

function cholesky3(S: number[]): number[] {
  const L = new Array<number>(9).fill(0);
  for (let j = 0; j < 3; j++) {
    let d = S[j * 3 + j]!;
    for (let k = 0; k < j; k++) d -= L[j * 3 + k]! ** 2;
    L[j * 3 + j] = Math.sqrt(d);
    for (let r = j + 1; r < 3; r++) {
      let v = S[r * 3 + j]!;
      for (let k = 0; k < j; k++) v -= L[r * 3 + k]! * L[j * 3 + k]!;
      L[r * 3 + j] = v / L[j * 3 + j]!;
    }
  }
  return L;
}

function det3(S: number[]): number {
  return S[0]! * (S[4]! * S[8]! - S[5]! * S[7]!) - S[1]! * (S[3]! * S[8]! - S[5]! * S[6]!) + S[2]! * (S[3]! * S[7]! - S[4]! * S[6]!);
}
function invert3(S: number[]): number[] {
  const d = det3(S);
  return [
    (S[4]! * S[8]! - S[5]! * S[7]!) / d, (S[2]! * S[7]! - S[1]! * S[8]!) / d, (S[1]! * S[5]! - S[2]! * S[4]!) / d,
    (S[5]! * S[6]! - S[3]! * S[8]!) / d, (S[0]! * S[8]! - S[2]! * S[6]!) / d, (S[2]! * S[3]! - S[0]! * S[5]!) / d,
    (S[3]! * S[7]! - S[4]! * S[6]!) / d, (S[1]! * S[6]! - S[0]! * S[7]!) / d, (S[0]! * S[4]! - S[1]! * S[3]!) / d,
  ];
}
