// The trainer's data stream (src/dynamics/trainingState.ts fillNormalChunks over the ziggurat of
// assembly/random/ziggurat.ts): the draws against the standard normal law (moments, the
// Kolmogorov-Smirnov distance, the tail beyond the ziggurat's r = 3.6541... that its separate
// branch draws), and the same numbers for any thread count.
import { availableParallelism } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { normalCdf, Rng, setThreads, terminateThreads } from "../../src/index.js";
import { fillNormalChunks, NORMAL_CHUNK } from "../../src/dynamics/trainingState.js";
import { withScratch } from "../../src/wasm/memory.js";

afterAll(async () => {
  setThreads(availableParallelism());
  await terminateThreads();
});

function draw(count: number, seed: number, threads: number): Float64Array {
  return withScratch((s) => {
    const state = s.alloc(4);
    new Uint32Array(s.k.memory.buffer, state.ptr, 8).set(new Rng(seed).state);
    const out = s.alloc(count);
    fillNormalChunks(s, threads, state.ptr, out.ptr, count);
    return out.view().slice();
  });
}

describe("the trainer's normal draws (ziggurat, chunked)", () => {
  const n = 2_000_000;
  const x = draw(n, 7, 1);

  it("have the moments of N(0, 1) within their standard errors", () => {
    let m1 = 0, m2 = 0, m4 = 0;
    for (const v of x) {
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
    }
    m1 /= n; m2 /= n; m4 /= n;
    // standard errors: 1/sqrt(n), sqrt(2/n), sqrt(96/n) for the 4th moment (Var z^4 = 105 - 9)
    expect(Math.abs(m1)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
  });

  it("pass Kolmogorov-Smirnov against the normal cdf, and the tail beyond r has its mass", () => {
    const sorted = Float64Array.from(x).sort();
    let ks = 0;
    for (let i = 0; i < n; i += 7) {
      const F = normalCdf(sorted[i]!);
      ks = Math.max(ks, Math.abs(F - i / n), Math.abs(F - (i + 1) / n));
    }
    expect(ks).toBeLessThan(1.95 / Math.sqrt(n)); // the 0.1% critical value is 1.95 / sqrt(n)
    const r = 3.6541528853610088;
    const tail = x.reduce((c, v) => c + (Math.abs(v) > r ? 1 : 0), 0);
    const expected = 2 * n * (1 - normalCdf(r)); // about 516
    expect(Math.abs(tail - expected)).toBeLessThan(4 * Math.sqrt(expected));
    // beyond 4.5 (inside the tail branch's range): P = 6.8e-6, about 14 draws
    const far = x.reduce((c, v) => c + (Math.abs(v) > 4.5 ? 1 : 0), 0);
    expect(far).toBeGreaterThan(2);
    expect(far).toBeLessThan(35);
  });

  it("give the same numbers on 1 and 2 threads, and different numbers for another seed", () => {
    const count = 5 * NORMAL_CHUNK + 123;
    const one = draw(count, 3, 1);
    const two = draw(count, 3, 2);
    expect(two).toEqual(one);
    expect(draw(count, 4, 1)).not.toEqual(one);
    // chunks are not copies of each other
    expect(one.subarray(NORMAL_CHUNK, NORMAL_CHUNK + 8)).not.toEqual(one.subarray(0, 8));
  });
});
