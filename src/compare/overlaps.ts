/**
 * Eigenvector overlaps: measured |<u_hat, v>|^2 beside the predicted limit.
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { Matrix } from "../matrix.js";
import { checkValues } from "./values.js";

/**
 * |<u, v>|^2 / (|u|^2 |v|^2): the squared cosine between two vectors (sign and scale free, so
 * eigenvectors need not be normalized). Throws ShapeError for different lengths and
 * InvalidArgumentError for a zero vector.
 */
export function squaredOverlap(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const a = checkValues(u, "u");
  const b = checkValues(v, "v");
  if (a.length !== b.length) throw new ShapeError(`squaredOverlap: vectors have lengths ${a.length} and ${b.length}`);
  // scale by the largest entries first so that squares cannot overflow or underflow
  const sa = a.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  const sb = b.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
  if (sa === 0 || sb === 0) throw new InvalidArgumentError("squaredOverlap: a vector is zero");
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! / sa;
    const y = b[i]! / sb;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return Math.min(1, (dot * dot) / (na * nb));
}

/**
 * A predicted overlap: a number, or a theory/ prediction with `overlap` (null there means the
 * model has no overlap formula, which compareOverlaps refuses with InvalidArgumentError).
 */
export type PredictedOverlap = number | { readonly overlap: number | null };

export interface OverlapRow {
  readonly predicted: number;
  readonly measured: number;
  /** measured - predicted. */
  readonly error: number;
}

function vectors(x: Matrix | readonly ArrayLike<number>[], name: string): ArrayLike<number>[] {
  if (x instanceof Matrix) return Array.from({ length: x.cols }, (_, j) => x.column(j));
  if (!Array.isArray(x)) throw new InvalidArgumentError(`${name} must be a Matrix (vectors as columns) or an array of vectors`);
  return x as ArrayLike<number>[];
}

/**
 * Measured squared overlaps of the estimates (e.g. the top sample eigenvectors, in the order of
 * their eigenvalues) with the planted directions, pair by pair, beside the predicted values (e.g.
 * spikedWignerOutliers(...)): one row per pair. Estimates and planted directions may be given as
 * the columns of a Matrix (as eigh and the ensembles return them) or as arrays of vectors.
 */
export function compareOverlaps(
  estimates: Matrix | readonly ArrayLike<number>[],
  planted: Matrix | readonly ArrayLike<number>[],
  predicted: readonly PredictedOverlap[],
): OverlapRow[] {
  const est = vectors(estimates, "estimates");
  const pl = vectors(planted, "planted");
  if (!Array.isArray(predicted)) {
    throw new InvalidArgumentError(`compareOverlaps: predicted must be an array of overlaps (numbers or { overlap }), got ${predicted === null ? "null" : typeof predicted}`);
  }
  if (est.length !== pl.length || est.length !== predicted.length) {
    throw new ShapeError(`compareOverlaps: ${est.length} estimates, ${pl.length} planted directions and ${predicted.length} predictions must be as many`);
  }
  return est.map((u, k) => {
    const p = predicted[k]!;
    const value = typeof p === "number" ? p : p?.overlap;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`predicted[${k}] must be a finite overlap or { overlap }, got ${JSON.stringify(p)}`);
    }
    const measured = squaredOverlap(u, pl[k]!);
    return { predicted: value, measured, error: measured - value };
  });
}
