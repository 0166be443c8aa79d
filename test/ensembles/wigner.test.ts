// wigner({ n, seed }): one options object like every other ensemble (#19), with the positional
// wigner(n, { seed }) kept as a deprecated overload that draws the same matrix. The law of the
// options form is checked independently of the positional one (entry variances and the
// semicircle's second moment, ensembles.test.ts has the same checks for the positional form).
import { describe, expect, it } from "vitest";
import { allocationStats, InvalidArgumentError, Rng, spikedWigner, WasmMemoryError, wigner } from "../../src/index.js";

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("wigner({ n, seed })", () => {
  it("is symmetric, with off-diagonal variance 1/n and diagonal variance 2/n (GOE scaled by sqrt(2n))", () => {
    const n = 400;
    const w = wigner({ n, seed: 11 });
    expect(w.rows).toBe(n);
    expect(w.cols).toBe(n);
    expect(w.isSymmetric(0)).toBe(true);
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += w.get(i, i) ** 2;
      for (let j = i + 1; j < n; j++) off += w.get(i, j) ** 2;
    }
    const pairs = (n * (n - 1)) / 2;
    // n times the mean square of N(0, 1/n) entries is a chi^2 mean: sd sqrt(2 / count); 4 sd
    expect(Math.abs((off / pairs) * n - 1)).toBeLessThan(4 * Math.sqrt(2 / pairs));
    expect(Math.abs(diag - 2)).toBeLessThan(4 * 2 * Math.sqrt(2 / n));
  });

  it("draws the same matrix as the deprecated positional form, for a number seed and for an Rng", () => {
    expect(wigner({ n: 25, seed: 5 }).data).toEqual(wigner(25, { seed: 5 }).data);
    expect(wigner({ n: 25, seed: new Rng(5) }).data).toEqual(wigner(25, { seed: new Rng(5) }).data);
    expect(wigner({ n: 25, seed: 5 }).data).not.toEqual(wigner({ n: 25, seed: 6 }).data);
  });

  it("is the matrix spikedWigner draws first from the same seed (the spike adds theta v v^T)", () => {
    const n = 50;
    const s = spikedWigner({ n, spikes: [2], seed: 9 });
    const w = wigner({ n, seed: 9 });
    const v = s.directions.column(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) expect(s.matrix.get(i, j) - w.get(i, j)).toBeCloseTo(2 * v[i]! * v[j]!, 14);
    }
  });
});

describe("wigner: bad calls name the options form", () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ["wigner()", () => (wigner as unknown as (o?: unknown) => unknown)(), /wigner\(options\): options \{ n, seed \} are required, got nothing/],
    ["wigner(null)", () => wigner(null as never), /wigner\(options\): options \{ n, seed \} are required, got null/],
    ["wigner({ seed: 1 })", () => wigner({ seed: 1 } as never), /wigner\(options\): option n missing/],
    ["wigner({ n: 5 })", () => wigner({ n: 5 } as never), /wigner\(options\): option seed missing/],
    ["wigner({ n: 0, seed: 1 })", () => wigner({ n: 0, seed: 1 }), /wigner: n must be a positive integer, got 0/],
    ["wigner({ n: 2.5, seed: 1 })", () => wigner({ n: 2.5, seed: 1 }), /wigner: n must be a positive integer, got 2.5/],
    ["wigner({ n: 5, seed: 1 }, { seed: 1 })", () => wigner({ n: 5, seed: 1 } as never, { seed: 1 }), /takes one options object/],
    ["wigner('5')", () => wigner("5" as never), /wigner\(options\): options \{ n, seed \} are required, got string/],
    // the positional form keeps its own messages (test/ensembles/guards.test.ts)
    ["wigner(5)", () => (wigner as unknown as (n: number) => unknown)(5), /wigner\(n, options\): options \{ seed \} are required, got nothing/],
  ];
  it.each(cases)("%s: InvalidArgumentError", (_label, call, message) => {
    const before = allocationStats();
    const err = caught(call);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(message);
    expect(allocationStats()).toEqual(before);
  });

  it("a size wasm32 cannot hold fails before the first draw: WasmMemoryError, the generator not advanced", () => {
    const rng = new Rng(3);
    const state = rng.state;
    const started = performance.now();
    expect(() => wigner({ n: 1e6, seed: rng })).toThrow(WasmMemoryError);
    expect(rng.state).toEqual(state);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
