/**
 * Finite-size extrapolation of a threshold: thresholds measured at several sizes n, each with a
 * standard error, fitted to theta(n) = theta_c + a n^(-e) by weighted least squares. For a BBP
 * transition e = 1/3: the critical window of the outlier has width O(n^(-1/3)) (Baik, Ben Arous and
 * Peche 2005), so a threshold measured at finite n (e.g. where detection crosses 50%) sits at
 * theta_c + O(n^(-1/3)).
 */
import { InvalidArgumentError } from "../errors.js";

/** A threshold measured at one size. */
export interface ScalingPoint {
  size: number;
  threshold: number;
  standardError: number;
}

export interface ScalingFit {
  /** theta_c: the extrapolated threshold (n -> infinity). */
  limit: number;
  /** Its standard error (from the points' standard errors; see `scaleByChiSquare`). */
  standardError: number;
  /** a, the coefficient of n^(-exponent). */
  slope: number;
  slopeStandardError: number;
  /** cov(theta_c, a). */
  covariance: number;
  exponent: number;
  /** sum of squared standardized residuals, and points - 2. */
  chiSquare: number;
  degreesOfFreedom: number;
  /** Whether the standard errors were scaled by sqrt(chiSquare / degreesOfFreedom). */
  scaled: boolean;
  /** The points fitted, ascending in size. */
  points: ScalingPoint[];
}

/**
 * theta_c and a of theta(n) = theta_c + a n^(-exponent) by weighted least squares with weights
 * 1 / se_i^2: with x_i = n_i^(-exponent), S = sum w, Sx = sum w x, Sxx = sum w x^2, Sy = sum w y,
 * Sxy = sum w x y and D = S Sxx - Sx^2, theta_c = (Sxx Sy - Sx Sxy) / D and a = (S Sxy - Sx Sy) / D,
 * with covariance [[Sxx, -Sx], [-Sx, S]] / D when the standard errors are the true ones (the
 * Gauss-Markov estimate; Bevington and Robinson, "Data Reduction and Error Analysis", ch. 6). With
 * `scaleByChiSquare` and chi^2 > dof > 0, the covariance is multiplied by chi^2 / dof (the Birge
 * ratio), for errors known only up to a factor. Needs two distinct sizes (with two, the line passes
 * through both points and dof = 0). Cost: O(points).
 */
export function extrapolateThreshold(points: readonly ScalingPoint[], options: { exponent?: number; scaleByChiSquare?: boolean } = {}): ScalingFit {
  if (!Array.isArray(points)) throw new InvalidArgumentError("extrapolateThreshold: points must be an array of { size, threshold, standardError }");
  const exponent = options?.exponent ?? 1 / 3;
  if (typeof exponent !== "number" || !(exponent > 0) || !Number.isFinite(exponent)) {
    throw new InvalidArgumentError(`extrapolateThreshold: exponent must be a finite number > 0, got ${exponent}`);
  }
  points.forEach((p, i) => {
    const ok = typeof p === "object" && p !== null && typeof p.size === "number" && p.size > 0 && Number.isFinite(p.size) &&
      typeof p.threshold === "number" && Number.isFinite(p.threshold) && typeof p.standardError === "number" &&
      p.standardError > 0 && Number.isFinite(p.standardError);
    if (!ok) {
      throw new InvalidArgumentError(`extrapolateThreshold: points[${i}] must have a size > 0, a finite threshold and a standard error > 0, got ` +
        JSON.stringify(p));
    }
  });
  if (new Set(points.map((p) => p.size)).size < 2) throw new InvalidArgumentError(`extrapolateThreshold: needs thresholds at two sizes at least, got ${points.length} point(s) at ${new Set(points.map((p) => p.size)).size} size(s)`);
  const sorted = [...points].sort((a, b) => a.size - b.size);
  let S = 0, Sx = 0, Sxx = 0, Sy = 0, Sxy = 0;
  for (const p of sorted) {
    const w = 1 / (p.standardError * p.standardError), x = p.size ** -exponent;
    S += w;
    Sx += w * x;
    Sxx += w * x * x;
    Sy += w * p.threshold;
    Sxy += w * x * p.threshold;
  }
  const D = S * Sxx - Sx * Sx;
  const limit = (Sxx * Sy - Sx * Sxy) / D;
  const slope = (S * Sxy - Sx * Sy) / D;
  const chiSquare = sorted.reduce((s, p) => s + ((p.threshold - limit - slope * p.size ** -exponent) / p.standardError) ** 2, 0);
  const dof = sorted.length - 2;
  const scaled = Boolean(options?.scaleByChiSquare) && dof > 0 && chiSquare > dof;
  const factor = scaled ? chiSquare / dof : 1;
  return {
    limit,
    standardError: Math.sqrt((factor * Sxx) / D),
    slope,
    slopeStandardError: Math.sqrt((factor * S) / D),
    covariance: (-factor * Sx) / D,
    exponent,
    chiSquare,
    degreesOfFreedom: dof,
    scaled,
    points: sorted.map((p) => ({ ...p })),
  };
}
