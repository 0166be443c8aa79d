/**
 * Argument checks of the dense symmetric eigensolvers (eigh.ts, eighBatch.ts): shape, options,
 * finiteness of the triangle read (`lower`), and symmetry within `symmetryTol`, done once at the
 * public boundary; the result carries max |a_ij| for the scaling (eigh.ts scaleFor).
 */
import { InvalidArgumentError, NonFiniteError, ShapeError } from "../errors.js";
import { asMatrix, type Matrix, type MatrixLike } from "../matrix.js";
import { threadsFor } from "../threads/pool.js";
import { sweepLimit } from "../wasm/status.js";
import type { EighOptions } from "./eigh.js";

const DEFAULT_SYMMETRY_TOL = 1e-10;
// Tile edge of the cache-blocked symmetry check (two 32 x 32 tiles of doubles stay in L1).
const TILE = 32;

export interface Checked {
  a: Matrix;
  n: number;
  /** max |a_ij| over what the solver reads. */
  anorm: number;
  vectors: boolean;
  lo: number;
  hi: number;
  full: boolean;
  threads: number;
  lower: boolean;
  /** QL/QR sweeps per eigenvalue passed to the tridiagonal solver (dsterf, dstedc). */
  maxSweeps: number;
}

export function validate(A: MatrixLike, options: EighOptions, vectorsDefault: boolean, fn: string): Checked {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError(`${fn}: options must be an object, got ${options}`);
  }
  const a = asMatrix(A, "A");
  if (a.rows !== a.cols) throw new ShapeError(`${fn}: A must be square, got ${a.rows} x ${a.cols}`);
  const n = a.rows;
  const vectors = options.vectors ?? vectorsDefault;
  if (typeof vectors !== "boolean") throw new InvalidArgumentError(`${fn}: vectors must be a boolean, got ${vectors}`);
  const check = options.check ?? true;
  if (typeof check !== "boolean") throw new InvalidArgumentError(`${fn}: check must be a boolean, got ${check}`);
  const lower = options.lower ?? true;
  if (typeof lower !== "boolean") throw new InvalidArgumentError(`${fn}: lower must be a boolean, got ${lower}`);
  const tol = options.symmetryTol ?? DEFAULT_SYMMETRY_TOL;
  if (typeof tol !== "number" || !(tol >= 0) || !Number.isFinite(tol)) {
    throw new InvalidArgumentError(`${fn}: symmetryTol must be a finite number >= 0, got ${tol}`);
  }
  let lo = 0;
  let hi = n - 1;
  const range = options.range;
  if (range !== undefined) {
    if (range === null || typeof range !== "object") {
      throw new InvalidArgumentError(`${fn}: range must be { lo, hi }, got ${range}`);
    }
    ({ lo, hi } = range);
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo || hi >= n) {
      throw new InvalidArgumentError(
        `${fn}: range { lo: ${lo}, hi: ${hi} } must satisfy 0 <= lo <= hi < n = ${n} (integers, inclusive)`,
      );
    }
  }
  const anorm = check ? checkSymmetric(a, tol, fn, lower) : checkTriangleFinite(a, fn, lower);
  const threads = threadsFor(options.threads, fn);
  const maxSweeps = sweepLimit(options.maxSweepsPerEigenvalue, fn);
  return { a, n, anorm, vectors, lo, hi, full: lo === 0 && hi === n - 1, threads, lower, maxSweeps };
}

function nonFinite(fn: string, a: Matrix, i: number, j: number): never {
  const v = a.data[i * a.cols + j]!;
  throw new NonFiniteError(`${fn}: A has a non-finite entry (${i}, ${j}) = ${v}`, "A", i * a.cols + j, v);
}

/** max |a_ij| over the lower (or upper) triangle; NonFiniteError on NaN/Inf there. */
function checkTriangleFinite(a: Matrix, fn: string, lower: boolean): number {
  const n = a.rows;
  const d = a.data;
  let mx = 0;
  for (let i = 0; i < n; i++) {
    for (let j = lower ? 0 : i; j < (lower ? i + 1 : n); j++) {
      const v = d[i * n + j]!;
      if (v - v !== 0) nonFinite(fn, a, i, j);
      const av = Math.abs(v);
      if (av > mx) mx = av;
    }
  }
  return mx;
}

/**
 * Checks finiteness of every entry and max |a_ij - a_ji| <= tol max |a_kl|, tile by tile so that
 * the transposed reads stay in cache; returns max |a_ij|.
 */
function checkSymmetric(a: Matrix, tol: number, fn: string, lower: boolean): number {
  const n = a.rows;
  const d = a.data;
  let mx = 0;
  for (let k = 0; k < d.length; k++) {
    const v = d[k]!;
    if (v - v !== 0) nonFinite(fn, a, Math.floor(k / n), k % n);
    const av = Math.abs(v);
    if (av > mx) mx = av;
  }
  const limit = tol * mx;
  let worst = 0;
  let wi = 0;
  let wj = 0;
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = Math.min(n, i0 + TILE);
    for (let j0 = i0; j0 < n; j0 += TILE) {
      const j1 = Math.min(n, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const diff = Math.abs(d[i * n + j]! - d[j * n + i]!);
          if (diff > worst) {
            worst = diff;
            wi = i;
            wj = j;
          }
        }
      }
    }
  }
  if (worst > limit) {
    throw new InvalidArgumentError(
      `${fn}: A is not symmetric: |a(${wi}, ${wj}) - a(${wj}, ${wi})| = ${worst} exceeds symmetryTol * max|a| = ` +
        `${tol} * ${mx}; symmetrize it, raise symmetryTol, or pass check: false to use the ` +
        `${lower ? "lower" : "upper"} triangle only`,
    );
  }
  return mx;
}
