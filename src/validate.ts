/** Checks at the public boundary: done once, so that kernels can trust their inputs. */
import { InvalidArgumentError, NonFiniteError, ShapeError } from "./errors.js";
import type { Matrix } from "./matrix.js";

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
