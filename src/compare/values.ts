/**
 * Empirical spectra as the compare/ functions take them: any ArrayLike of finite numbers, in any
 * order; and the "bulk only" selection shared by the distances (drop outliers before comparing
 * with a limiting law of the bulk).
 */
import { InvalidArgumentError } from "../errors.js";
import { assertFinite, asVector } from "../validate.js";

/** The values as a Float64Array (copied), checked finite (NonFiniteError names the first bad entry). */
export function checkValues(values: ArrayLike<number>, name = "values"): Float64Array {
  const v = Float64Array.from(asVector(values, name));
  assertFinite(v, name);
  return v;
}

/**
 * Which values to leave out before comparing with a law of the bulk: the limiting law does not see
 * finitely many outliers, but a finite sample does. Value cuts apply first, then the counts to
 * what is left.
 */
export interface BulkSelection {
  /** Leave out the k largest values (e.g. the number of planted spikes). */
  dropLargest?: number;
  /** Leave out the k smallest values. */
  dropSmallest?: number;
  /** Leave out values above this (e.g. the upper bulk edge plus a finite-size margin). */
  dropAbove?: number;
  /** Leave out values below this. */
  dropBelow?: number;
}

/** The kept values sorted ascending, and how many were dropped. */
export function selectBulk(values: ArrayLike<number>, selection: BulkSelection = {}, name = "values"): { kept: Float64Array; dropped: number } {
  const all = checkValues(values, name).sort();
  const count = (k: number | undefined, what: string): number => {
    if (k === undefined) return 0;
    if (!Number.isInteger(k) || k < 0) throw new InvalidArgumentError(`${what} must be a non-negative integer, got ${k}`);
    return k;
  };
  const dropLargest = count(selection.dropLargest, "dropLargest");
  const dropSmallest = count(selection.dropSmallest, "dropSmallest");
  for (const key of ["dropAbove", "dropBelow"] as const) {
    const v = selection[key];
    if (v !== undefined && (typeof v !== "number" || Number.isNaN(v))) {
      throw new InvalidArgumentError(`${key} must be a number, got ${v}`);
    }
  }
  let lo = 0;
  let hi = all.length;
  if (selection.dropBelow !== undefined) while (lo < hi && all[lo]! < selection.dropBelow) lo++;
  if (selection.dropAbove !== undefined) while (hi > lo && all[hi - 1]! > selection.dropAbove) hi--;
  lo += dropSmallest;
  hi -= dropLargest;
  if (hi - lo < 1) {
    throw new InvalidArgumentError(`no values left to compare: ${all.length} given, ${all.length - Math.max(0, hi - lo)} dropped by the selection`);
  }
  return { kept: all.subarray(lo, hi), dropped: all.length - (hi - lo) };
}
