/**
 * The histogram of an empirical spectrum beside a predicted density.
 */
import { InvalidArgumentError } from "../errors.js";
import type { Atom } from "../theory/law.js";
import { checkValues } from "./values.js";

export interface HistogramOptions {
  /** Number of equal-width bins (positive integer, at most 1e7). Default 50. */
  bins?: number;
  /** [lower, upper] of the binned range. Default [min, max] of the values. */
  range?: readonly [number, number];
  /**
   * The prediction: a density function, or a law with `density` (and optionally `cdf`, which
   * adds the bin-averaged prediction).
   */
  predict?: ((x: number) => number) | { density(x: number): number; cdf?(x: number): number; atoms?: readonly Atom[] };
}

export interface Histogram {
  /** bins + 1 edges, ascending. */
  readonly edges: Float64Array;
  /** Bin centres. */
  readonly centres: Float64Array;
  /** Counts per bin: bins are [e_k, e_{k+1}), the last one closed (numpy's convention). */
  readonly counts: Float64Array;
  /** counts / (total * width): the empirical density, normalized by all values (those outside the range included), so it sits on the same scale as a law's density. */
  readonly density: Float64Array;
  /** The predicted density at the bin centres (when `predict` was given). */
  readonly predicted?: Float64Array;
  /**
   * The predicted mass of each bin over its width, when the prediction has a cdf: the mass of
   * [e_k, e_{k+1}) (the last bin closed), with left limits F(x-) = F(x) - (atom at x) taken from
   * the prediction's `atoms`, so an atom counts in the bin that holds it, as the values do.
   * (Numerically zero eigenvalues may fall just below 0: start the range a little below an atom.)
   */
  readonly predictedAverage?: Float64Array;
  /** Values below and above the range, and all values. */
  readonly below: number;
  readonly above: number;
  readonly total: number;
}

/** The most bins a histogram takes (1e7: 80 MB per array). */
const MAX_BINS = 1e7;

/**
 * Bins the values (any order) into `bins` equal bins over `range` and evaluates the prediction at
 * the bin centres. Cost O(N + bins) plus one density (and cdf) evaluation per bin.
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const v = checkValues(values);
  const bins = options.bins ?? 50;
  if (!Number.isInteger(bins) || bins < 1) throw new InvalidArgumentError(`bins must be a positive integer, got ${bins}`);
  // five arrays of bins doubles are built element by element: 1e9 bins would take minutes and
  // 40 GB before failing; no spectrum has use for more bins than this
  if (bins > MAX_BINS) throw new InvalidArgumentError(`histogram: bins must be at most ${MAX_BINS}, got ${bins}`);
  let lo: number;
  let hi: number;
  if (options.range !== undefined) {
    [lo, hi] = options.range;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) {
      throw new InvalidArgumentError(`range must be [lower, upper] with finite lower < upper, got [${lo}, ${hi}]`);
    }
  } else {
    if (v.length === 0) throw new InvalidArgumentError("histogram of no values needs an explicit range");
    lo = v.reduce((a, b) => Math.min(a, b), Infinity);
    hi = v.reduce((a, b) => Math.max(a, b), -Infinity);
    if (hi === lo) {
      lo -= 0.5;
      hi += 0.5;
    }
  }
  const width = (hi - lo) / bins;
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
  const centres = Float64Array.from({ length: bins }, (_, k) => lo + (k + 0.5) * width);
  const counts = new Float64Array(bins);
  let below = 0;
  let above = 0;
  for (const x of v) {
    if (x < lo) below++;
    else if (x > hi) above++;
    else {
      let k = Math.floor((x - lo) / width);
      if (k >= bins) k = bins - 1;
      // guard against rounding in (x - lo) / width near an edge
      while (k > 0 && x < edges[k]!) k--;
      while (k < bins - 1 && x >= edges[k + 1]!) k++;
      counts[k]!++;
    }
  }
  const total = v.length;
  const density = counts.map((c) => (total > 0 ? c / (total * width) : 0));
  const result: { -readonly [K in keyof Histogram]: Histogram[K] } = { edges, centres, counts, density, below, above, total };
  const predict = options.predict;
  if (predict !== undefined) {
    if (typeof predict !== "function" && (predict === null || typeof predict !== "object" || typeof predict.density !== "function")) {
      throw new InvalidArgumentError("predict must be a density function or an object with density(x)");
    }
    const densityFn = typeof predict === "function" ? predict : (x: number) => predict.density(x);
    result.predicted = centres.map((c) => densityFn(c));
    if (typeof predict === "object" && typeof predict.cdf === "function") {
      const atoms = predict.atoms ?? [];
      const atomAt = (x: number) => atoms.reduce((s, a) => (a.at === x ? s + a.mass : s), 0);
      const right = Float64Array.from(edges, (e) => predict.cdf!(e));
      const left = Float64Array.from(edges, (e, k) => right[k]! - atomAt(e));
      result.predictedAverage = Float64Array.from({ length: bins }, (_, k) =>
        ((k === bins - 1 ? right[k + 1]! : left[k + 1]!) - left[k]!) / width);
    }
  }
  return result;
}
