// Bad calls of the ensembles fail at once with a typed error that names what is wrong, and a
// size WASM cannot hold fails BEFORE any random draw: the generator passed in is not advanced
// (its state is unchanged), no WASM block is left allocated, and the call returns in
// milliseconds rather than after sampling (issue #13 item 6).
import { describe, expect, it } from "vitest";
import {
  allocationStats, InvalidArgumentError, rectangularSpike, Rng, spikedCovariance, spikedWigner, WasmMemoryError, wigner,
  wishart,
} from "../../src/index.js";

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("ensembles: missing and malformed options", () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ["wigner(10)", () => wigner(10, undefined as never), /wigner\(n, options\): options \{ seed \} are required, got nothing/],
    ["wigner(10, {})", () => wigner(10, {} as never), /wigner\(n, options\): option seed missing/],
    ["wigner(10, null)", () => wigner(10, null as never), /got null/],
    ["wigner('10', ...)", () => wigner("10" as never, { seed: 1 }), /wigner: n must be a positive integer, got string/],
    ["spikedWigner()", () => spikedWigner(undefined as never), /spikedWigner: options \{ n, spikes, seed \} are required/],
    ["spikedWigner({ n: 5, seed: 1 })", () => spikedWigner({ n: 5, seed: 1 } as never), /option spikes missing/],
    ["spikedWigner spikes: ['x']", () => spikedWigner({ n: 5, seed: 1, spikes: ["x"] as never }), /spikes\[0\] must be a number, got string/],
    ["spikedWigner spikes: 'x'", () => spikedWigner({ n: 5, seed: 1, spikes: "x" as never }), /spikes must be an array of numbers, got string/],
    ["spikedWigner spikes: 3", () => spikedWigner({ n: 5, seed: 1, spikes: 3 as never }), /spikes must be an array of numbers/],
    ["wishart({})", () => wishart({} as never), /wishart: options n, d, seed missing/],
    ["wishart population: {}", () => wishart({ n: 4, d: 2, seed: 1, population: {} as never }), /wishart: population must be an array/],
    ["wishart covariance: 'no'", () => wishart({ n: 4, d: 2, seed: 1, covariance: "no" as never }), /covariance must be true or false/],
    ["spikedCovariance()", () => spikedCovariance(undefined as never), /spikedCovariance: options \{ n, d, seed \} are required/],
    ["rectangularSpike({ n: 3, m: 3, seed: 1 })", () => rectangularSpike({ n: 3, m: 3, seed: 1 } as never), /option spikes missing/],
  ];
  it.each(cases)("%s: InvalidArgumentError", (_label, call, message) => {
    const before = allocationStats();
    const err = caught(call);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(message);
    expect(allocationStats()).toEqual(before);
  });
});

describe("ensembles: sizes beyond wasm32 fail before the first draw", () => {
  // Each case would draw `normals` doubles in one block, or form a Gram product that cannot fit.
  const cases: Array<[string, (rng: Rng) => unknown, number]> = [
    // n (n + 1) / 2 normals: 4 TB
    ["wigner(1e6)", (rng) => wigner(1e6, { seed: rng }), 8 * (1e6 * (1e6 + 1)) / 2],
    ["spikedWigner(n = 20000)", (rng) => spikedWigner({ n: 20000, spikes: [2], seed: rng }), 8 * (20000 * 20001) / 2],
    // the 2e6 normals would fit; the 20000 x 20000 covariance (3.2 GB, one block) does not
    ["spikedCovariance(n = 100, d = 20000)", (rng) => spikedCovariance({ n: 100, d: 20000, spikes: [1], seed: rng }), 8 * 20000 * 20000],
    ["wishart(n = 100, d = 20000)", (rng) => wishart({ n: 100, d: 20000, seed: rng }), 8 * 20000 * 20000],
    ["wishart(n = 1e5, d = 1e5)", (rng) => wishart({ n: 1e5, d: 1e5, seed: rng, covariance: false }), 8 * 1e10],
    ["rectangularSpike(1e5 x 1e5)", (rng) => rectangularSpike({ n: 1e5, m: 1e5, spikes: [1], seed: rng }), 8 * 1e10],
  ];
  it.each(cases)("%s: WasmMemoryError with the bytes needed; the generator is not advanced", (_label, call, atLeast) => {
    const rng = new Rng(7);
    const state = rng.state;
    const before = allocationStats();
    const t0 = performance.now();
    const err = caught(() => call(rng));
    const ms = performance.now() - t0;
    expect(err).toBeInstanceOf(WasmMemoryError);
    expect((err as WasmMemoryError).bytesNeeded).toBeGreaterThanOrEqual(atLeast);
    expect((err as Error).message).toMatch(/needs .*bytes/);
    expect(rng.state).toEqual(state); // nothing was drawn
    expect(allocationStats()).toEqual(before);
    expect(ms).toBeLessThan(50);
  });

  it("the same sizes without the covariance (only the data) are drawn: the plan matches what is formed", () => {
    const rng = new Rng(7);
    const state = rng.state;
    const s = wishart({ n: 2, d: 20000, seed: rng, covariance: false });
    expect(s.covariance).toBeUndefined();
    expect(s.data.shape).toEqual([2, 20000]);
    expect(rng.state).not.toEqual(state);
  });
});
