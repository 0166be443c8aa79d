// WASM memory ownership at the public boundary: allocationStats counts live blocks and bytes,
// bad requests are refused with typed errors before anything is allocated, and plans checked
// up front (assertReservable) refuse what wasm32 cannot hold without allocating.
import { describe, expect, it } from "vitest";
import {
  allocationStats, InvalidArgumentError, WASM_MAX_BLOCK_BYTES, WasmF64Array, WasmMemoryError, withScratch,
} from "../../src/index.js";
import { assertReservable } from "../../src/wasm/memory.js";

describe("WASM memory accounting", () => {
  it("allocationStats counts a block while it lives and not after dispose", () => {
    const before = allocationStats();
    const arr = WasmF64Array.from(Float64Array.of(1, 2, 3));
    expect(allocationStats()).toEqual({ blocks: before.blocks + 1, bytes: before.bytes + 24 });
    expect(Array.from(arr.toFloat64Array())).toEqual([1, 2, 3]);
    arr.dispose();
    expect(allocationStats()).toEqual(before);
  });

  it("withScratch frees its blocks also when the body throws", () => {
    const before = allocationStats();
    expect(() => withScratch((s) => {
      s.alloc(100);
      s.alloc(10);
      expect(allocationStats().blocks).toBe(before.blocks + 2);
      throw new InvalidArgumentError("from the body");
    })).toThrow(/from the body/);
    expect(allocationStats()).toEqual(before);
  });
});

describe("bad memory requests: typed errors, nothing allocated", () => {
  const cases: Array<[string, () => unknown, new (...args: never[]) => Error, RegExp]> = [
    ["WasmF64Array(-1)", () => new WasmF64Array(-1), InvalidArgumentError, /length must be a non-negative integer, got -1/],
    ["WasmF64Array(1.5)", () => new WasmF64Array(1.5), InvalidArgumentError, /got 1.5/],
    ["WasmF64Array('8')", () => new WasmF64Array("8" as never), InvalidArgumentError, /got string/],
    ["WasmF64Array(2^28)", () => new WasmF64Array(2 ** 28), WasmMemoryError, /largest block is 1 GiB/],
    ["WasmF64Array.from([1, 2])", () => WasmF64Array.from([1, 2] as never), InvalidArgumentError, /data must be a Float64Array/],
    ["withScratch(null)", () => withScratch(null as never), InvalidArgumentError, /fn must be a function/],
    ["allocationStats(null)", () => allocationStats(null as never), InvalidArgumentError, /loaded module's exports/],
    // each block fits the allocator's limit, but four of nearly 1 GiB plus 8 MB exceed wasm32's 4 GiB
    ["a plan beyond 4 GiB", () => assertReservable([WASM_MAX_BLOCK_BYTES / 8, WASM_MAX_BLOCK_BYTES / 8, WASM_MAX_BLOCK_BYTES / 8, WASM_MAX_BLOCK_BYTES / 8, 1e6], "a test plan"), WasmMemoryError, /a test plan needs .* wasm32 holds at most 4 GiB/],
    ["a plan with one block above 1 GiB", () => assertReservable([10, 2 ** 27 + 1], "a test plan"), WasmMemoryError, /a test plan needs a block of .*largest block is 1 GiB/],
  ];
  it.each(cases)("%s", (_label, call, expected, message) => {
    const before = allocationStats();
    let caught: unknown = null;
    try {
      call();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(expected);
    expect((caught as Error).message).toMatch(message);
    expect(allocationStats()).toEqual(before);
  });

  it("WasmMemoryError carries the bytes the plan needed", () => {
    try {
      assertReservable([10, 2 ** 27 + 1], "a test plan");
      expect.unreachable();
    } catch (err) {
      expect((err as WasmMemoryError).bytesNeeded).toBe((2 ** 27 + 1) * 8);
    }
  });
});
