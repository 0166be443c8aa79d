/**
 * Argument checks shared by the ensembles, all run before the first random draw: a call either
 * fails at once with a typed error or draws everything it needs. Memory plans list the WASM
 * blocks each phase holds at once (the draw, then the Gram product), so a size wasm32 cannot
 * hold raises WasmMemoryError before any normal is drawn, not after minutes of sampling.
 */
import { InvalidArgumentError } from "../errors.js";
import { threadCount } from "../threads/pool.js";
import { assertReservable } from "../wasm/memory.js";
import { kernels } from "../wasm/loader.js";

/** The options object of `fn`, with every key of `required` present; InvalidArgumentError naming what is missing. */
export function requireOptions<T extends object>(options: T | undefined | null, fn: string, required: readonly string[]): T {
  if (options === undefined || options === null || typeof options !== "object") {
    const got = options === undefined ? "nothing" : options === null ? "null" : typeof options;
    throw new InvalidArgumentError(`${fn}: options { ${required.join(", ")} } are required, got ${got}`);
  }
  const missing = required.filter((key) => (options as Record<string, unknown>)[key] === undefined);
  if (missing.length > 0) {
    throw new InvalidArgumentError(`${fn}: option${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing (required: ${required.join(", ")})`);
  }
  return options;
}

export function checkSize(n: unknown, name: string): asserts n is number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${typeof n === "number" ? n : typeof n}`);
  }
}

/** An array-like of numbers as a Float64Array; InvalidArgumentError naming `name` otherwise. */
function numbers(values: unknown, name: string): Float64Array {
  if (values instanceof Float64Array) return Float64Array.from(values);
  if (values === null || typeof values !== "object" || typeof (values as ArrayLike<unknown>).length !== "number") {
    throw new InvalidArgumentError(`${name} must be an array of numbers, got ${values === null ? "null" : typeof values}`);
  }
  const arr = values as ArrayLike<unknown>;
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== "number") throw new InvalidArgumentError(`${name}[${i}] must be a number, got ${typeof v}`);
    out[i] = v;
  }
  return out;
}

/** Finite spike strengths as a Float64Array, with at most `max` of them. */
export function checkSpikes(spikes: unknown, max: number, what: string): Float64Array {
  const s = numbers(spikes, `${what}: spikes`);
  s.forEach((t, i) => {
    if (!Number.isFinite(t)) throw new InvalidArgumentError(`${what}: spike ${i} must be finite, got ${t}`);
  });
  if (s.length > max) throw new InvalidArgumentError(`${what}: ${s.length} spikes cannot be orthonormal in dimension ${max}`);
  return s;
}

/** d population eigenvalues, each finite and > 0. */
export function checkPopulation(population: unknown, d: number, what: string): Float64Array {
  const p = numbers(population, `${what}: population`);
  if (p.length !== d) throw new InvalidArgumentError(`${what}: population must list d = ${d} eigenvalues, got ${p.length}`);
  p.forEach((t, i) => {
    if (!(t > 0) || !Number.isFinite(t)) throw new InvalidArgumentError(`${what}: population eigenvalue ${i} must be finite and > 0, got ${t}`);
  });
  return p;
}

/**
 * Checks that `normals` draws fit in WASM memory (the generator's output block and its state,
 * Rng.run), and when `gram` is given [n, d] that the d x d Gram product of the n x d sample fits
 * too (its input copy, output and per-thread SYRK workspace, as linalg/blas.ts gram reserves).
 */
export function checkSampleMemory(fn: string, normals: number, gram?: readonly [number, number]): void {
  assertReservable([4, normals], `${fn}: drawing ${normals} normals`);
  if (gram) {
    const [n, d] = gram;
    const what = `${fn}: the ${d} x ${d} sample covariance of ${n} samples`;
    assertReservable([n * d, d * d], what); // first: the i32 worksize export needs sizes that fit
    const work = kernels().dsyrk_worksize(d, n) * threadCount();
    assertReservable([n * d, d * d, work], what);
  }
}
