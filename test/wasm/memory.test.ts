import { describe, expect, it } from "vitest";
import {
  allocationStats, gram, matmul, matvec, Matrix, ShapeError, WasmF64Array, WasmMemoryError, wasmMemoryBytes,
  withScratch,
} from "../../src/index.js";
import { randomMatrix, randomVector } from "../helpers.js";

describe("WASM memory ownership", () => {
  it("1000 calls of matmul, gram and matvec leave allocations and memory size where they were", () => {
    const a = randomMatrix(40, 33, 1);
    const b = randomMatrix(33, 27, 2);
    const x = randomVector(33, 3);
    // first calls may grow memory once; after that the allocator must reuse the same blocks
    matmul(a, b);
    gram(a);
    matvec(a, x);
    const before = allocationStats();
    const bytes = wasmMemoryBytes();
    for (let i = 0; i < 1000; i++) {
      matmul(a, b);
      gram(a, { scale: 1 / 40 });
      matvec(a, x);
    }
    expect(allocationStats()).toEqual(before);
    expect(before.blocks).toBe(0);
    expect(wasmMemoryBytes()).toBe(bytes);
  });

  it("frees scratch blocks when the scope throws", () => {
    const before = allocationStats();
    expect(() =>
      withScratch((s) => {
        s.alloc(1000);
        s.zeros(5000);
        expect(allocationStats().blocks).toBe(before.blocks + 2);
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(allocationStats()).toEqual(before);
  });

  it("frees nothing extra when a call fails validation", () => {
    const before = allocationStats();
    expect(() => matmul(Matrix.zeros(3, 4), Matrix.zeros(5, 2))).toThrow(ShapeError);
    expect(allocationStats()).toEqual(before);
  });

  it("views made after growth see the data written before it", () => {
    const arr = WasmF64Array.from(Float64Array.from([1, 2, 3, 4]));
    const big = new WasmF64Array(8 * 1024 * 1024); // 64 MiB: forces memory.grow
    expect(Array.from(arr.view())).toEqual([1, 2, 3, 4]);
    big.dispose();
    arr.dispose();
  });

  it("addresses above 2 GiB work (alloc returns an unsigned address)", () => {
    const before = allocationStats();
    // three blocks of 800 MiB (never touched) push the next block past 2 GiB
    const big = [0, 1, 2].map(() => new WasmF64Array(800 * 2 ** 17));
    const small = WasmF64Array.from(Float64Array.from([1, 2, 3]));
    expect(small.ptr).toBeGreaterThan(2 ** 31);
    expect(Array.from(small.view())).toEqual([1, 2, 3]);
    small.dispose();
    for (const b of big) b.dispose();
    // one block beyond the allocator's 1 GiB limit is refused up front, with the bytes named
    expect(() => new WasmF64Array(2 ** 27 + 1)).toThrow(/needs one block of 1.00 GiB \(1073741832 bytes\).*largest block is 1 GiB/);
    expect(allocationStats()).toEqual(before);
  });

  it("long-lived handles: dispose frees once, use after dispose throws", () => {
    const before = allocationStats();
    const h = WasmF64Array.from(Float64Array.from([5, 6]));
    expect(allocationStats().blocks).toBe(before.blocks + 1);
    expect(h.toFloat64Array()).toEqual(Float64Array.from([5, 6]));
    h.dispose();
    h.dispose();
    expect(h.disposed).toBe(true);
    expect(() => h.view()).toThrow(/disposed/);
    expect(allocationStats()).toEqual(before);
  });

  it("a product too large for wasm32 fails before any work with the bytes needed", () => {
    // C would be 25000 x 25000 doubles = 5 GB, beyond the 4 GiB of wasm32
    const col = Matrix.zeros(25000, 1);
    const row = Matrix.zeros(1, 25000);
    const before = allocationStats();
    let err: unknown;
    try {
      matmul(col, row);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WasmMemoryError);
    expect((err as WasmMemoryError).bytesNeeded).toBeGreaterThanOrEqual(25000 * 25000 * 8);
    expect((err as Error).message).toMatch(/needs 4\.\d\d GiB \(\d+ bytes\)/);
    expect(allocationStats()).toEqual(before);
    expect(() => gram(row)).toThrow(WasmMemoryError);
    expect(() => new WasmF64Array(2 ** 30)).toThrow(/8\.00 GiB/);
  });
});
