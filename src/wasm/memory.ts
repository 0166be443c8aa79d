/**
 * Ownership of WASM memory. Every block the kernels touch is allocated here, through the
 * module's alloc/free (TLSF, 16-byte aligned), and belongs either to a scope that frees it when
 * the scope ends, also on throw (`withScratch`), or to a long-lived handle freed by `dispose()`
 * (`WasmF64Array`), with a FinalizationRegistry as a safety net for handles that are dropped.
 *
 * Views: `memory.grow` detaches every existing view of `memory.buffer`, and any allocation may
 * grow memory, so views are made on demand (`view()`), never kept across an allocation.
 *
 * Size: wasm32 addresses 4 GiB. A request is checked before any allocation or kernel work, and
 * one that cannot fit throws a WasmMemoryError that says how many bytes were needed.
 */
import { InvalidArgumentError, WasmMemoryError } from "../errors.js";
import type { KernelExports, Ptr } from "./exports.js";
import { kernels } from "./loader.js";

/** Bytes wasm32 linear memory can address (65536 pages of 64 KiB). */
export const WASM32_MAX_BYTES = 2 ** 32;

/**
 * The largest single block the module's allocator hands out: AssemblyScript's TLSF caps a block
 * at 1 GiB minus its header (134 million doubles, e.g. an 11585 x 11585 matrix). Larger arrays
 * must be split (an operator over row blocks) until a large-block allocator exists.
 */
export const WASM_MAX_BLOCK_BYTES = 2 ** 30 - 64;

const BYTES_F64 = 8;
// TLSF keeps a header per block and rounds sizes; what a request costs beyond its payload
const BLOCK_OVERHEAD = 32;

function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(2)} GiB`;
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/**
 * Throws WasmMemoryError unless `bytes` more could fit in wasm32 memory beside the blocks live
 * now (the allocator grows memory by doubling, so mapped-but-free space is not held against the
 * request). A request that passes but still cannot be placed fails in the allocation itself,
 * also with a WasmMemoryError.
 */
export function assertFits(bytes: number, what: string, k: KernelExports = kernels()): void {
  const live = statsOf(k).bytes;
  if (!Number.isFinite(bytes) || bytes > WASM32_MAX_BYTES - live) {
    throw new WasmMemoryError(
      `${what} needs ${formatBytes(bytes)} (${bytes} bytes) of WASM memory; wasm32 holds at most 4 GiB ` +
        `and ${formatBytes(live)} is in use already`,
      bytes,
    );
  }
}

/**
 * Throws WasmMemoryError unless blocks of `counts` doubles (one entry per block) fit together
 * beside what is live now, each within the allocator's largest block. For a plan checked before
 * any allocation or random draw (Scratch.reserve is this inside a scope).
 */
export function assertReservable(counts: readonly number[], what: string, k: KernelExports = kernels()): void {
  assertFits(counts.reduce((s, c) => s + f64Bytes(c), 0), what, k);
  for (const c of counts) {
    if (c * BYTES_F64 > WASM_MAX_BLOCK_BYTES) {
      throw new WasmMemoryError(
        `${what} needs a block of ${formatBytes(c * BYTES_F64)} (${c * BYTES_F64} bytes); the allocator's largest block is 1 GiB`,
        c * BYTES_F64,
      );
    }
  }
}

/** Bytes a block of `count` doubles costs in WASM memory, header included. */
export function f64Bytes(count: number): number {
  return count * BYTES_F64 + BLOCK_OVERHEAD;
}

/** Blocks and payload bytes currently allocated through this module, per kernel instance. */
export interface AllocationStats {
  blocks: number;
  bytes: number;
}
const stats = new WeakMap<KernelExports, AllocationStats & { sizes: Map<Ptr, number> }>();

function statsOf(k: KernelExports): AllocationStats & { sizes: Map<Ptr, number> } {
  let s = stats.get(k);
  if (!s) {
    s = { blocks: 0, bytes: 0, sizes: new Map() };
    stats.set(k, s);
  }
  return s;
}

/** Live allocations of the active module: a leak shows as a count that does not return. */
export function allocationStats(k: KernelExports = kernels()): AllocationStats {
  if (k === null || typeof k !== "object" || !(k.memory instanceof WebAssembly.Memory)) {
    throw new InvalidArgumentError("allocationStats: the argument, when given, must be a loaded module's exports (ready() resolves to { exports })");
  }
  const s = statsOf(k);
  return { blocks: s.blocks, bytes: s.bytes };
}

function freeRaw(k: KernelExports, ptr: Ptr): void {
  const s = statsOf(k);
  const size = s.sizes.get(ptr);
  if (size !== undefined) {
    s.sizes.delete(ptr);
    s.blocks--;
    s.bytes -= size;
  }
  k.free(ptr);
}

function allocRaw(k: KernelExports, bytes: number, what: string): Ptr {
  if (bytes > WASM_MAX_BLOCK_BYTES) {
    throw new WasmMemoryError(
      `${what} needs one block of ${formatBytes(bytes)} (${bytes} bytes) of WASM memory; the allocator's largest block is 1 GiB`,
      bytes,
    );
  }
  assertFits(bytes, what, k);
  try {
    // wasm32 addresses are unsigned but come back through an i32 export: above 2 GiB they would
    // read as negative numbers, so reinterpret them
    const ptr = k.alloc(Math.max(bytes, 16)) >>> 0;
    const s = statsOf(k);
    s.sizes.set(ptr, bytes);
    s.blocks++;
    s.bytes += bytes;
    return ptr;
  } catch (err) {
    // TLSF traps (unreachable) when memory.grow fails: the engine's limit is below 4 GiB.
    // Any other trap means the allocator's state was corrupted: not a memory-size problem.
    if (!(err instanceof WebAssembly.RuntimeError) || !/unreachable/i.test(err.message)) throw err;
    throw new WasmMemoryError(
      `${what} needs ${formatBytes(bytes)} (${bytes} bytes) of WASM memory and the engine refused to grow it ` +
        `(${formatBytes(k.memory.buffer.byteLength)} mapped): ${(err as Error).message}`,
      bytes,
    );
  }
}

/** A fresh Float64Array view of `length` doubles at `ptr` (valid until the next allocation). */
export function f64View(ptr: Ptr, length: number, k: KernelExports = kernels()): Float64Array {
  return new Float64Array(k.memory.buffer, ptr, length);
}

/** A block of doubles in WASM memory. */
export interface WasmBlock {
  readonly ptr: Ptr;
  readonly length: number;
  /** A view of the block, made now: do not keep it across an allocation. */
  view(): Float64Array;
}

/** Allocations that live until the scope ends. */
export class Scratch {
  private readonly blocks: Ptr[] = [];
  constructor(readonly k: KernelExports) {}

  /**
   * Checks up front that `counts` doubles (one entry per block) fit, so that a call fails
   * before any allocation or kernel work rather than halfway through.
   */
  reserve(counts: readonly number[], what: string): void {
    assertReservable(counts, what, this.k);
  }

  /** An uninitialized block of `length` doubles. */
  alloc(length: number, what = "a scratch buffer"): WasmBlock {
    const ptr = allocRaw(this.k, length * BYTES_F64, what);
    this.blocks.push(ptr);
    const k = this.k;
    return { ptr, length, view: () => f64View(ptr, length, k) };
  }

  /** A block holding a copy of `data`. */
  from(data: Float64Array, what = "an input array"): WasmBlock {
    const block = this.alloc(data.length, what);
    block.view().set(data);
    return block;
  }

  /** A zero-filled block of `length` doubles. */
  zeros(length: number, what = "a scratch buffer"): WasmBlock {
    const block = this.alloc(length, what);
    block.view().fill(0);
    return block;
  }

  /** Frees every block of the scope, newest first. */
  release(): void {
    while (this.blocks.length > 0) freeRaw(this.k, this.blocks.pop()!);
  }
}

/** Runs `fn` with a scratch scope whose blocks are all freed when it returns or throws. */
export function withScratch<T>(fn: (scratch: Scratch) => T): T {
  if (typeof fn !== "function") throw new InvalidArgumentError(`withScratch: fn must be a function (scratch) => result, got ${typeof fn}`);
  const scratch = new Scratch(kernels());
  try {
    return fn(scratch);
  } finally {
    scratch.release();
  }
}

const registry = new FinalizationRegistry<{ k: KernelExports; ptr: Ptr }>(({ k, ptr }) => freeRaw(k, ptr));

/**
 * A long-lived array of doubles in WASM memory (e.g. a matrix an operator keeps between
 * applications). Call `dispose()` when done; a dropped handle is freed by the garbage collector
 * eventually, but memory pressure inside WASM does not trigger that collection.
 */
export class WasmF64Array implements WasmBlock {
  readonly length: number;
  private _ptr: Ptr;
  private readonly k: KernelExports;
  private readonly token = {};

  constructor(length: number, what = "a WASM array") {
    if (typeof length !== "number" || !Number.isInteger(length) || length < 0) {
      throw new InvalidArgumentError(`WasmF64Array: length must be a non-negative integer, got ${typeof length === "number" ? length : typeof length}`);
    }
    this.k = kernels();
    this.length = length;
    this._ptr = allocRaw(this.k, length * BYTES_F64, what);
    registry.register(this, { k: this.k, ptr: this._ptr }, this.token);
  }

  /** Copies `data` into a new WASM array. */
  static from(data: Float64Array, what?: string): WasmF64Array {
    if (!(data instanceof Float64Array)) throw new InvalidArgumentError(`WasmF64Array.from: data must be a Float64Array, got ${data === null ? "null" : typeof data}`);
    const arr = new WasmF64Array(data.length, what);
    arr.view().set(data);
    return arr;
  }

  get ptr(): Ptr {
    if (this._ptr === 0) throw new WasmMemoryError("this WASM array was disposed", 0);
    return this._ptr;
  }

  get disposed(): boolean {
    return this._ptr === 0;
  }

  view(): Float64Array {
    return f64View(this.ptr, this.length, this.k);
  }

  /** A copy of the contents in ordinary JS memory. */
  toFloat64Array(): Float64Array {
    return this.view().slice();
  }

  /** Frees the block now. Safe to call twice. */
  dispose(): void {
    if (this._ptr === 0) return;
    registry.unregister(this.token);
    freeRaw(this.k, this._ptr);
    this._ptr = 0;
  }

}

/** Bytes of linear memory mapped now (grows, never shrinks). */
export function wasmMemoryBytes(): number {
  return kernels().memory.buffer.byteLength;
}
