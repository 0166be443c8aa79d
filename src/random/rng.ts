/**
 * Rng: a seeded xoshiro256** generator whose draws run in WASM (assembly/random/xoshiro.ts).
 * The same seed gives the same numbers in Node and in browsers (integer arithmetic, and the
 * module's own log/sqrt). Normals come from Marsaglia's polar method.
 *
 * The 256-bit state lives in JS; each call copies it into WASM scratch, fills the output and
 * copies it back, so an Rng can be cloned, split and serialized freely.
 */
import { InvalidArgumentError } from "../errors.js";
import { Matrix } from "../matrix.js";
import type { KernelExports } from "../wasm/exports.js";
import { assertOptions } from "../validate.js";
import { withScratch } from "../wasm/memory.js";

/** A seed: a non-negative safe integer or a bigint below 2^64. */
export type Seed = number | bigint;

/** A seed, or an Rng to draw from (advancing it). */
export type RandomSource = Seed | Rng;

function seedHalves(seed: Seed): [number, number] {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new InvalidArgumentError(`seed must be a non-negative safe integer or a bigint, got ${seed}`);
    }
    return [seed % 2 ** 32, Math.floor(seed / 2 ** 32)];
  }
  if (typeof seed === "bigint") {
    if (seed < 0n || seed >= 1n << 64n) throw new InvalidArgumentError(`a bigint seed must lie in [0, 2^64), got ${seed}`);
    return [Number(seed & 0xffffffffn), Number(seed >> 32n)];
  }
  throw new InvalidArgumentError(`seed must be a number or a bigint, got ${typeof seed}`);
}

function checkCount(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a non-negative integer, got ${n}`);
}

/** The most streams one `split` call returns (2^20). */
const MAX_SPLIT = 2 ** 20;

export class Rng {
  /** The xoshiro256** state as 8 little-endian 32-bit words. */
  private readonly words: Uint32Array;

  constructor(seed: Seed) {
    this.words = new Uint32Array(8);
    const [lo, hi] = seedHalves(seed);
    this.#run(0, (k, state) => k.rng_seed(state, lo, hi));
  }

  /** An Rng from a seed, or the given Rng itself (so functions can take either). */
  static from(source: RandomSource): Rng {
    return source instanceof Rng ? source : new Rng(source);
  }

  /** An Rng with exactly this state (see `state`). */
  static fromState(state: ArrayLike<number>): Rng {
    if (state === null || typeof state !== "object" || typeof state.length !== "number") {
      throw new InvalidArgumentError(`Rng.fromState: state must be an array of 8 32-bit words, got ${state === null ? "null" : typeof state}`);
    }
    if (state.length !== 8) throw new InvalidArgumentError(`an Rng state has 8 32-bit words, got ${state.length}`);
    const words = Uint32Array.from(Array.from(state, (w) => w >>> 0));
    if (words.every((w) => w === 0)) throw new InvalidArgumentError("the all-zero state is not valid for xoshiro256**");
    const r = new Rng(0);
    r.words.set(words);
    return r;
  }

  /** A copy of the state (8 32-bit words), to save and restore a stream. */
  get state(): Uint32Array {
    return this.words.slice();
  }

  /** An independent copy at the same position. */
  clone(): Rng {
    return Rng.fromState(this.words);
  }

  /**
   * `count` independent streams for parallel work: stream i starts at this generator's position
   * plus i * 2^128 steps (xoshiro jump), and this generator moves past all of them, so the
   * streams never overlap each other or this one's future draws.
   */
  split(count: number): Rng[] {
    checkCount(count, "count");
    // each stream is an object and a jump (a WASM call): a count beyond this is a mistake (e.g.
    // a size passed for a count), and would run until the heap is exhausted
    if (count > MAX_SPLIT) {
      throw new InvalidArgumentError(`split: count must be at most ${MAX_SPLIT} streams, got ${count}; draw substreams from a stream to go further`);
    }
    const out: Rng[] = [];
    for (let i = 0; i < count; i++) {
      out.push(this.clone());
      this.jump();
    }
    return out;
  }

  /** Advances the state by 2^128 draws. */
  jump(): this {
    this.#run(0, (k, state) => k.rng_jump(state));
    return this;
  }

  /** n standard normal variates (or mean + std N(0, 1)). */
  normal(n: number, options: { mean?: number; std?: number } = {}): Float64Array {
    checkCount(n, "n");
    assertOptions(options, "normal");
    const mean = options.mean ?? 0;
    const std = options.std ?? 1;
    if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
      throw new InvalidArgumentError(`normal: mean must be finite and std finite and >= 0, got mean=${mean}, std=${std}`);
    }
    return this.#run(n, (k, state, out) => k.rng_fill_normal(state, out, n, mean, std));
  }

  /** n doubles uniform on [lo, hi) (default [0, 1)). */
  uniform(n: number, lo = 0, hi = 1): Float64Array {
    checkCount(n, "n");
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi >= lo)) {
      throw new InvalidArgumentError(`uniform: need finite lo <= hi, got [${lo}, ${hi})`);
    }
    return this.#run(n, (k, state, out) => k.rng_fill_uniform(state, out, n, lo, hi));
  }

  /** n raw 64-bit outputs of xoshiro256**, as bigints (for checking against the reference). */
  nextU64(n: number): BigUint64Array {
    checkCount(n, "n");
    const bits = this.#run(n, (k, state, out) => k.rng_fill_u64(state, out, n));
    return new BigUint64Array(bits.buffer, bits.byteOffset, n);
  }

  /** A rows x cols matrix of iid N(0, std^2) entries, filled row by row. */
  normalMatrix(rows: number, cols: number, options: { std?: number } = {}): Matrix {
    assertOptions(options, "normalMatrix");
    checkCount(rows, "rows");
    checkCount(cols, "cols");
    return new Matrix(rows, cols, this.normal(rows * cols, options));
  }

  /** A unit vector uniform on the sphere S^{n-1} (a normalized Gaussian vector). */
  haarVector(n: number): Float64Array {
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`haarVector: n must be a positive integer, got ${n}`);
    return this.haarFrame(n, 1).data;
  }

  /**
   * An n x k matrix with orthonormal columns, Haar-distributed on the Stiefel manifold: the Q
   * factor, with positive R diagonal, of an n x k Gaussian matrix (Gram-Schmidt applied twice,
   * "twice is enough", Giraud-Langou-Rozloznik 2005). Cost 4 n k^2 flops; k <= n.
   */
  haarFrame(n: number, k: number): Matrix {
    checkCount(n, "n");
    checkCount(k, "k");
    if (k > n) throw new InvalidArgumentError(`haarFrame: cannot have ${k} orthonormal columns in dimension ${n}`);
    const g = this.normal(n * k); // column-major working copy: column j at g[j n .. j n + n)
    for (let j = 0; j < k; j++) {
      const cj = g.subarray(j * n, (j + 1) * n);
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i < j; i++) {
          const ci = g.subarray(i * n, (i + 1) * n);
          let dot = 0;
          for (let t = 0; t < n; t++) dot += ci[t]! * cj[t]!;
          for (let t = 0; t < n; t++) cj[t]! -= dot * ci[t]!;
        }
      }
      let norm = 0;
      for (let t = 0; t < n; t++) norm += cj[t]! * cj[t]!;
      norm = Math.sqrt(norm);
      for (let t = 0; t < n; t++) cj[t]! /= norm;
    }
    const q = new Matrix(n, k);
    for (let j = 0; j < k; j++) for (let t = 0; t < n; t++) q.data[t * k + j] = g[j * n + t]!;
    return q;
  }

  /** Copies the state into WASM, runs `fill` on an output of n doubles, copies both back. */
  #run(n: number, fill: (k: KernelExports, state: number, out: number) => void): Float64Array {
    return withScratch((s) => {
      s.reserve([4, n], `drawing ${n} random numbers`);
      const state = s.alloc(4, "the generator state");
      new Uint32Array(s.k.memory.buffer, state.ptr, 8).set(this.words);
      const out = s.alloc(n, `${n} random numbers`);
      fill(s.k, state.ptr, out.ptr);
      this.words.set(new Uint32Array(s.k.memory.buffer, state.ptr, 8));
      return out.view().slice();
    });
  }
}
