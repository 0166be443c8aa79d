/** Checks at the public boundary: done once, so that kernels can trust their inputs. */
import { InvalidArgumentError, NonFiniteError, ShapeError } from "./errors.js";
import type { Matrix } from "./matrix.js";
import type { KernelExports, Ptr } from "./wasm/exports.js";

/** Throws NonFiniteError naming `name` and the first NaN/Inf entry of `data`. */
export function assertFinite(data: Float64Array, name: string, cols?: number): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v - v !== 0) {
      // v - v is NaN exactly for NaN and +-Infinity
      const where = cols ? `entry (${Math.floor(i / cols)}, ${i % cols})` : `entry ${i}`;
      throw new NonFiniteError(`${name} has a non-finite ${where} = ${v}`, name, i, v);
    }
  }
}

/** Finite-entries check for a matrix, naming the (row, column) of the first bad entry. */
export function assertFiniteMatrix(m: Matrix, name: string): void {
  assertFinite(m.data, name, m.cols);
}

export function assertSquare(m: Matrix, name: string): void {
  if (m.rows !== m.cols) throw new ShapeError(`${name} must be square, got ${m.rows} x ${m.cols}`);
}

/** A Float64Array, or a plain number array converted to one. */
export function asVector(x: ArrayLike<number>, name: string): Float64Array {
  if (x instanceof Float64Array) return x;
  if (x === null || typeof x !== "object" || typeof x.length !== "number") {
    throw new InvalidArgumentError(`${name} must be a Float64Array or an array of numbers`);
  }
  return Float64Array.from(x);
}

export function assertPositiveInteger(v: number, name: string): void {
  if (!Number.isInteger(v) || v <= 0) throw new InvalidArgumentError(`${name} must be a positive integer, got ${v}`);
}

export function assertFiniteNumber(v: number, name: string): void {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidArgumentError(`${name} must be a finite number, got ${v}`);
}

/**
 * True when every entry of `data` is finite. One pass without a branch per entry: v - v is 0 for
 * a finite v and NaN for NaN and +-Infinity, and NaN propagates through the sums, so a single
 * compare at the end decides. Two accumulators let the additions overlap (1 to 2 ns per entry
 * on one core; for data still in WASM memory finiteAt is faster, bench/checks.bench.ts).
 */
export function allFinite(data: Float64Array): boolean {
  const n = data.length;
  let a = 0;
  let b = 0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const u = data[i]!;
    const v = data[i + 1]!;
    a += u - u;
    b += v - v;
  }
  if (i < n) a += data[i]! - data[i]!;
  return a + b === 0;
}

/**
 * The output check of an operation whose inputs were finite: throws NonFiniteError
 * "`fn`: `what` overflowed (entry (i, j) = Infinity); `hint`" naming the first NaN/Inf entry
 * (row, column when `cols` is given). The fast pass (allFinite) runs first; the scan for the entry
 * only on failure.
 */
export function assertFiniteResult(data: Float64Array, fn: string, what: string, cols?: number, hint = "scale the inputs"): void {
  if (allFinite(data)) return;
  let i = 0;
  while (i < data.length && data[i]! - data[i]! === 0) i++;
  const v = data[i]!;
  const where = cols ? `entry (${Math.floor(i / cols)}, ${i % cols})` : `entry ${i}`;
  throw new NonFiniteError(`${fn}: ${what} overflowed (${where} = ${v}); ${hint}`, what, i, v);
}

/**
 * Fast pass of the output check for `length` doubles at `ptr` in WASM memory: x . x by the
 * SIMD dot product (about 3x the JS pass of allFinite). NaN and Inf propagate into it and its
 * terms are >= 0, so nothing cancels: true means every entry is finite. false means a non-finite
 * entry or a sum of squares beyond 1.8e308 (entries from about 1e154): the caller then runs the
 * exact check (assertFiniteResult), which decides and names the entry.
 */
export function finiteAt(k: KernelExports, ptr: Ptr, length: number): boolean {
  const ss = k.ddot(length, ptr, 1, ptr, 1);
  return ss - ss === 0;
}

/** finiteAt over the upper triangle (j >= i) of the row-major m x m matrix at `ptr` only. */
export function upperFiniteAt(k: KernelExports, ptr: Ptr, m: number): boolean {
  let ss = 0;
  for (let i = 0; i < m; i++) {
    const at = ptr + 8 * (i * m + i);
    ss += k.ddot(m - i, at, 1, at, 1);
  }
  return ss - ss === 0;
}

/** Throws InvalidArgumentError unless `options` is an object (undefined is taken as {}). */
export function assertOptions(options: unknown, fn: string): void {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError(`${fn}: options must be an object, got ${options === null ? "null" : typeof options}`);
  }
}

/** A boolean option, `fallback` when undefined; InvalidArgumentError naming `fn` and `name` otherwise. */
export function booleanOption(value: unknown, fallback: boolean, fn: string, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new InvalidArgumentError(`${fn}: option ${name} must be true or false, got ${typeof value === "string" ? `'${value}'` : String(value)}`);
  }
  return value;
}

/**
 * An option read under its current name with a deprecated alias accepted for one minor version
 * (CHANGELOG 0.2.0: e.g. `tolerance` became `tol`, `maxIterations` became `maxIter`). Both
 * given with different values is an InvalidArgumentError naming both, never a silent choice.
 */
export function aliasedOption<T>(options: object, name: string, deprecated: string, fn: string): T | undefined {
  const o = options as Record<string, unknown>;
  const current = o[name];
  const old = o[deprecated];
  if (current !== undefined && old !== undefined && !Object.is(current, old)) {
    throw new InvalidArgumentError(
      `${fn}: ${name} = ${String(current)} and its deprecated alias ${deprecated} = ${String(old)} disagree; give ${name} only`,
    );
  }
  return (current ?? old) as T | undefined;
}
