import { describe, expect, it } from "vitest";
import { InvalidArgumentError, Rng } from "../../src/index.js";

// An independent BigInt implementation of splitmix64 seeding and xoshiro256** (Blackman-Vigna
// reference C code), to check the WASM generator bit for bit.
const MASK = (1n << 64n) - 1n;
const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (64n - k))) & MASK;
function referenceStream(seed: bigint, count: number): bigint[] {
  let x = seed;
  const s: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK;
    s.push(z ^ (z >> 31n));
  }
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    out.push((rotl((s[1]! * 5n) & MASK, 7n) * 9n) & MASK);
    const t = (s[1]! << 17n) & MASK;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 45n);
  }
  return out;
}

// Standard normal CDF via erfc (Numerical Recipes erfcc, |error| < 1.2e-7)
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r / 2 : r / 2;
}

function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const s = Float64Array.from(sample).sort();
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]!);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

describe("Rng (xoshiro256** in WASM)", () => {
  for (const seed of [0n, 1n, 42n, 0xdeadbeefcafef00dn]) {
    it(`matches the reference xoshiro256** stream bit for bit, seed ${seed}`, () => {
      const got = Array.from(new Rng(seed).nextU64(20));
      expect(got).toEqual(referenceStream(seed, 20));
    });
  }

  it("number and bigint seeds agree; the same seed repeats, another differs", () => {
    expect(new Rng(12345).normal(50)).toEqual(new Rng(12345n).normal(50));
    expect(new Rng(2 ** 40 + 7).uniform(10)).toEqual(new Rng(2n ** 40n + 7n).uniform(10));
    expect(new Rng(1).normal(10)).not.toEqual(new Rng(2).normal(10));
  });

  it("continues the stream across calls and restores from a saved state", () => {
    const a = new Rng(7);
    const first = a.uniform(5);
    const saved = a.state;
    const next = a.uniform(5);
    expect(Rng.fromState(saved).uniform(5)).toEqual(next);
    const b = new Rng(7);
    const both = b.uniform(10);
    expect(Array.from(both)).toEqual([...first, ...next]);
  });

  it("normals pass a Kolmogorov-Smirnov test at the 1% level and have the right moments", () => {
    const n = 100_000;
    const x = new Rng(2024).normal(n);
    expect(ksStatistic(x, normalCdf)).toBeLessThan(1.63 / Math.sqrt(n));
    let m1 = 0, m2 = 0, m4 = 0;
    for (const v of x) { m1 += v; m2 += v * v; m4 += v ** 4; }
    // standard errors: mean 1/sqrt(n), second moment sqrt(2/n), fourth sqrt(96/n)
    expect(Math.abs(m1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
  });

  it("mean and std are applied; uniforms on [lo, hi) pass KS", () => {
    const x = new Rng(3).normal(20_000, { mean: 5, std: 0.5 });
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    expect(Math.abs(mean - 5)).toBeLessThan(4 * 0.5 / Math.sqrt(x.length));
    const u = new Rng(4).uniform(50_000, -2, 3);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u)).toBeLessThan(3);
    expect(ksStatistic(u, (t) => Math.min(1, Math.max(0, (t + 2) / 5)))).toBeLessThan(1.63 / Math.sqrt(u.length));
  });

  it("split gives streams that differ from each other and from the parent, reproducibly", () => {
    const parent = new Rng(99);
    const [s0, s1, s2] = parent.split(3);
    const a = s0!.normal(2000), b = s1!.normal(2000), c = s2!.normal(2000), p = parent.normal(2000);
    // the first stream continues the parent's own position
    expect(a).toEqual(new Rng(99).normal(2000));
    const corr = (x: Float64Array, y: Float64Array) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
      return s / x.length;
    };
    for (const [x, y] of [[a, b], [a, c], [b, c], [a, p], [c, p]] as const) expect(Math.abs(corr(x, y))).toBeLessThan(0.1);
    const again = new Rng(99).split(3);
    expect(again[2]!.normal(10)).toEqual(c.slice(0, 10));
  });

  it("Haar frames are orthonormal and Haar vectors are unit and isotropic", () => {
    const rng = new Rng(5);
    const q = rng.haarFrame(300, 7);
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 7; j++) {
        let s = 0;
        for (let t = 0; t < 300; t++) s += q.get(t, i) * q.get(t, j);
        expect(Math.abs(s - (i === j ? 1 : 0))).toBeLessThan(1e-14);
      }
    }
    // E[v_1^2] = 1/n for a uniform unit vector: average over draws
    let first = 0;
    const n = 50;
    for (let r = 0; r < 400; r++) {
      const v = rng.haarVector(n);
      expect(Math.abs(v.reduce((s, x) => s + x * x, 0) - 1)).toBeLessThan(1e-14);
      first += v[0]! ** 2;
    }
    // Var(v_1^2) = 2(n-1)/(n^2 (n+2)) per draw
    const se = Math.sqrt((2 * (n - 1)) / (n * n * (n + 2)) / 400);
    expect(Math.abs(first / 400 - 1 / n)).toBeLessThan(4 * se);
  });

  it("rejects bad seeds and arguments", () => {
    expect(() => new Rng(-1)).toThrow(InvalidArgumentError);
    expect(() => new Rng(1.5)).toThrow(/non-negative safe integer/);
    expect(() => new Rng(1n << 64n)).toThrow(/\[0, 2\^64\)/);
    expect(() => new Rng(1).normal(-3)).toThrow(/n must be a non-negative integer/);
    expect(() => new Rng(1).normal(3, { std: -1 })).toThrow(/std/);
    expect(() => new Rng(1).uniform(3, 2, 1)).toThrow(/lo <= hi/);
    expect(() => new Rng(1).haarFrame(3, 4)).toThrow(/cannot have 4 orthonormal columns/);
    expect(() => Rng.fromState(new Uint32Array(8))).toThrow(/all-zero/);
    expect(() => Rng.fromState(null as never)).toThrow(/state must be an array of 8 32-bit words, got null/);
    expect(() => new Rng(1).normal(3, null as never)).toThrow(/normal: options must be an object, got null/);
    expect(() => new Rng(1).normalMatrix(2, 2, null as never)).toThrow(InvalidArgumentError);
  });

  it("split refuses a count beyond 2^20 streams at once, without advancing the generator", () => {
    // split(1e12) used to create streams until the heap ran out (minutes, then a crash)
    const rng = new Rng(5);
    const state = rng.state;
    const t0 = performance.now();
    expect(() => rng.split(1e12)).toThrow(/split: count must be at most 1048576 streams, got 1000000000000/);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(rng.state).toEqual(state);
    expect(rng.split(0)).toEqual([]);
  });

  it("keeps its helpers private: the prototype holds only the public methods", () => {
    const names = Object.getOwnPropertyNames(Rng.prototype).filter((n) => n !== "constructor").sort();
    expect(names).toEqual(["clone", "haarFrame", "haarVector", "jump", "nextU64", "normal", "normalMatrix", "split", "state", "uniform"]);
  });
});
