/**
 * Outliers of an empirical spectrum: the eigenvalues beyond the predicted bulk edge by a
 * finite-size margin, matched to predicted outlier locations.
 */
import { InvalidArgumentError } from "../errors.js";
import { checkValues } from "./values.js";

/** A predicted outlier: a location, or a theory/ prediction ({ location, isOutlier }). */
export type PredictedOutlier = number | { readonly location: number | null; readonly isOutlier?: boolean };

export interface FindOutliersOptions {
  /** The predicted upper edge of the bulk. */
  edge: number;
  /**
   * How far beyond the edge a value must be to count (>= 0). At finite size the largest bulk
   * eigenvalue fluctuates around the edge on the Tracy-Widom scale s ~ n^(-2/3)
   * (semicircleEdgeScale, marchenkoPasturEdgeScale in theory/); TW1 has mean -1.21 and s.d.
   * 1.27, so a margin of 4 s to 6 s keeps bulk eigenvalues out. Outliers close to threshold sit
   * within O(n^(-1/2)) or less of the edge and need a smaller margin or a larger n.
   */
  margin: number;
  /** The predicted lower edge, to look below the bulk as well (same margin). */
  lowerEdge?: number;
  /**
   * Predicted outliers to match: numbers, or predictions with isOutlier (those with
   * isOutlier === false are skipped). Locations at or above `edge` are matched with the upper
   * outliers, at or below `lowerEdge` with the lower ones; others (gaps inside the bulk) are not
   * searched and are ignored.
   */
  predicted?: readonly PredictedOutlier[];
}

/** One row of the outlier table. */
export interface OutlierMatch {
  readonly side: "upper" | "lower";
  /** Predicted location, or null for a measured outlier nothing predicted. */
  readonly predicted: number | null;
  /** Measured value, or null for a predicted outlier not found beyond the margin. */
  readonly measured: number | null;
  /** measured - predicted, or null when either is missing. */
  readonly error: number | null;
}

export interface OutlierReport {
  /** Values above edge + margin, largest first. */
  readonly upper: Float64Array;
  /** Values below lowerEdge - margin, smallest first (empty without lowerEdge). */
  readonly lower: Float64Array;
  /** The table: upper outliers from the largest, then lower from the smallest. */
  readonly matches: readonly OutlierMatch[];
  /** Predicted outliers with no measured counterpart. */
  readonly missed: number;
  /** Measured outliers with no prediction. */
  readonly unexpected: number;
  /** The cut-offs used. */
  readonly upperCut: number;
  readonly lowerCut: number | null;
}

/**
 * Finds the values beyond the predicted edge(s) by `margin` and matches them to the predicted
 * outliers in order: the k-th largest measured with the k-th largest predicted above the bulk
 * (and the k-th smallest below), which is how outliers of spiked models stay ordered in the
 * limit. Unequal counts leave rows with a null on one side. O(N log N).
 */
export function findOutliers(values: ArrayLike<number>, options: FindOutliersOptions): OutlierReport {
  const v = checkValues(values).sort();
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("findOutliers needs options { edge, margin }");
  const { edge, margin, lowerEdge } = options;
  if (!Number.isFinite(edge)) throw new InvalidArgumentError(`edge must be a finite number, got ${edge}`);
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new InvalidArgumentError(`margin must be a finite number >= 0, got ${margin}`);
  if (lowerEdge !== undefined && (!Number.isFinite(lowerEdge) || !(lowerEdge <= edge))) {
    throw new InvalidArgumentError(`lowerEdge must be a finite number <= edge, got ${lowerEdge}`);
  }
  const upperCut = edge + margin;
  const lowerCut = lowerEdge === undefined ? null : lowerEdge - margin;
  const upper = v.filter((x) => x > upperCut).reverse();
  const lower = lowerCut === null ? new Float64Array(0) : v.filter((x) => x < lowerCut);

  const predUpper: number[] = [];
  const predLower: number[] = [];
  (options.predicted ?? []).forEach((p, i) => {
    const location = typeof p === "number" ? p : p?.location;
    // a theory/ outlier record below its threshold: location null (isOutlier false, the old alias)
    if (typeof p === "object" && p !== null && (p.location === null || p.isOutlier === false)) return;
    if (typeof location !== "number" || !Number.isFinite(location)) {
      throw new InvalidArgumentError(`predicted[${i}] must be a finite location or { location, isOutlier }, got ${JSON.stringify(p)}`);
    }
    if (location >= edge) predUpper.push(location);
    else if (lowerEdge !== undefined && location <= lowerEdge) predLower.push(location);
  });
  predUpper.sort((a, b) => b - a);
  predLower.sort((a, b) => a - b);

  const matches: OutlierMatch[] = [];
  let missed = 0;
  let unexpected = 0;
  const pair = (side: "upper" | "lower", predicted: number[], measured: Float64Array) => {
    for (let k = 0; k < Math.max(predicted.length, measured.length); k++) {
      const p = k < predicted.length ? predicted[k]! : null;
      const m = k < measured.length ? measured[k]! : null;
      if (p === null) unexpected++;
      if (m === null) missed++;
      matches.push({ side, predicted: p, measured: m, error: p !== null && m !== null ? m - p : null });
    }
  };
  pair("upper", predUpper, upper);
  pair("lower", predLower, lower);
  return { upper, lower, matches, missed, unexpected, upperCut, lowerCut };
}
