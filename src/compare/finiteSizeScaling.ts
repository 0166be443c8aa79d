/**
 * Finite-size extrapolation of a threshold: thresholds measured at several sizes n, each with a
 * standard error, fitted to theta(n) = theta_c + a n^(-e) by weighted least squares. For a BBP
 * transition e = 1/3: the critical window of the outlier has width O(n^(-1/3)) (Baik, Ben Arous and
 * Peche 2005), so a threshold measured at finite n (e.g. where detection crosses 50%) sits at
 * theta_c + O(n^(-1/3)).
 *
 * Scale "log" fits log theta(n) = log theta_c + a' n^(-e) instead, i.e. theta(n) = theta_c exp(a' n^(-e)):
 * the same leading term (a = theta_c a') plus a next-order term (a^2 / (2 theta_c)) n^(-2e) of fixed
 * (positive) sign. For the BBP thresholds that term is real and not small at affordable sizes: the
 * 50%-detection thresholds of the largest-root test (level 0.05) of the spiked Wigner and spiked
 * covariance (gamma = 1/4) models, computed at n = 100..6400 from 40000 draws of the tridiagonal models
 * of Dumitriu and Edelman 2002 (test/sweep/finiteSizeMedians.py and .json), bend toward theta_c faster
 * than n^(-1/3): (theta_50 - theta_c) n^(1/3) falls from 1.08 to 0.94 (Wigner) and from 1.21 to 1.03
 * (covariance) between n = 200 and 6400. A straight line in theta through n = 200..1600 then lands
 * 0.016 (Wigner) and 0.023 (covariance) below theta_c, the line in log theta 0.007 and 0.005 below
 * (test/sweep/finiteSizeBias.test.ts). The log scale needs positive thresholds.
 */
import { InvalidArgumentError } from "../errors.js";

/** A threshold measured at one size. */
export interface ScalingPoint {
  size: number;
  threshold: number;
  standardError: number;
}

/** The scale of the fitted line: the threshold itself, or its logarithm. */
export type ExtrapolationScale = "linear" | "log";

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
  /** "linear": theta(n) = theta_c + a n^(-e); "log": log theta(n) = log theta_c + (a / theta_c) n^(-e). */
  scale: ExtrapolationScale;
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
 * through both points and dof = 0). With scale "log" (see the file comment) the same fit is made to
 * y_i = log theta_i with standard errors se_i / theta_i (the delta method), and reported back in theta:
 * limit exp(c0) with standard error exp(c0) se(c0), slope a = exp(c0) c1 (the n^(-exponent)
 * coefficient at leading order) with standard error exp(c0) se(c1); chiSquare is that of the log fit.
 * Cost: O(points).
 */
export function extrapolateThreshold(points: readonly ScalingPoint[], options: { exponent?: number; scaleByChiSquare?: boolean; scale?: ExtrapolationScale } = {}): ScalingFit {
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
  const scale = options?.scale ?? "linear";
  if (scale !== "linear" && scale !== "log") throw new InvalidArgumentError(`extrapolateThreshold: scale must be "linear" or "log", got ${String(scale)}`);
  const sorted = [...points].sort((a, b) => a.size - b.size);
  const bad = sorted.find((p) => !(p.threshold > 0));
  if (scale === "log" && bad) throw new InvalidArgumentError(`extrapolateThreshold: scale "log" needs thresholds > 0, got ${bad.threshold} at size ${bad.size}`);
  const ys = sorted.map((p) => (scale === "log" ? { y: Math.log(p.threshold), se: p.standardError / p.threshold } : { y: p.threshold, se: p.standardError }));
  let S = 0, Sx = 0, Sxx = 0, Sy = 0, Sxy = 0;
  sorted.forEach((p, i) => {
    const { y, se } = ys[i]!;
    const w = 1 / (se * se), x = p.size ** -exponent;
    S += w;
    Sx += w * x;
    Sxx += w * x * x;
    Sy += w * y;
    Sxy += w * x * y;
  });
  const D = S * Sxx - Sx * Sx;
  const limit = (Sxx * Sy - Sx * Sxy) / D;
  const slope = (S * Sxy - Sx * Sy) / D;
  const chiSquare = sorted.reduce((s, p, i) => s + ((ys[i]!.y - limit - slope * p.size ** -exponent) / ys[i]!.se) ** 2, 0);
  const dof = sorted.length - 2;
  const scaled = Boolean(options?.scaleByChiSquare) && dof > 0 && chiSquare > dof;
  const factor = scaled ? chiSquare / dof : 1;
  // back to theta for the log scale: d theta_c / d c0 = theta_c (the delta method)
  const unit = scale === "log" ? Math.exp(limit) : 1;
  return {
    limit: scale === "log" ? unit : limit,
    standardError: unit * Math.sqrt((factor * Sxx) / D),
    slope: unit * slope,
    slopeStandardError: unit * Math.sqrt((factor * S) / D),
    covariance: (-factor * Sx * unit * unit) / D,
    exponent,
    chiSquare,
    degreesOfFreedom: dof,
    scaled,
    scale,
    points: sorted.map((p) => ({ ...p })),
  };
}
