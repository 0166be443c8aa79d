/**
 * The largest-root test of "no spike" and its power. Under the null (no spike) the top eigenvalue
 * follows its Tracy-Widom edge law (theory/edgeLaws.ts): the p-value of an observed top eigenvalue
 * is P(TW_beta >= (observed - center) / scale) (Johnstone 2001, section 1; the smallest-eigenvalue
 * side uses (center - observed) / scale). The test at level a rejects when the top eigenvalue
 * exceeds the critical value c_a = center + scale * TW_beta^{-1}(1 - a).
 */
import { InvalidArgumentError } from "../errors.js";
import { normalUpperTail } from "../numerics/normal.js";
import { criticalWindowPower } from "./criticalWindow.js";
import { covarianceEdgeLaw, wignerEdgeLaw, type EdgeLaw } from "./edgeLaws.js";
import { spikedCovarianceOutlierLaw, spikedWignerOutlierLaw, type OutlierLaw } from "./outlierLaws.js";
import { tracyWidom } from "./tracyWidom/distribution.js";

function checkEdge(edge: EdgeLaw, fn: string): void {
  if (
    edge === null || typeof edge !== "object" || !Number.isFinite(edge.center) || !(edge.scale > 0) || !Number.isFinite(edge.scale) ||
    (edge.beta !== 1 && edge.beta !== 2 && edge.beta !== 4) || (edge.side !== "largest" && edge.side !== "smallest")
  ) {
    throw new InvalidArgumentError(`${fn}: edge must be an EdgeLaw { center, scale > 0, beta in {1, 2, 4}, side "largest" | "smallest" } (wignerEdgeLaw, covarianceEdgeLaw), got ${edge === null ? "null" : typeof edge}`);
  }
}

/** The scaled statistic of an observed extreme eigenvalue: (observed - center) / scale, negated for side "smallest". */
export function edgeStatistic(observed: number, edge: EdgeLaw): number {
  checkEdge(edge, "edgeStatistic");
  if (typeof observed !== "number" || Number.isNaN(observed)) throw new InvalidArgumentError(`edgeStatistic: observed must be a number, got ${String(observed)}`);
  const z = (observed - edge.center) / edge.scale;
  return edge.side === "largest" ? z : -z;
}

/**
 * P(lambda_max >= observed | no spike) under the edge law (P(lambda_min <= observed) for side
 * "smallest"): the largest-root test's p-value, relative-accurate far in the tail (the Tracy-Widom
 * survival function, tracyWidom(beta).survival; beta = 4 in the default "edelman" scaling).
 */
export function largestRootPValue(observed: number, edge: EdgeLaw): number {
  const z = edgeStatistic(observed, edge);
  return tracyWidom(edge.beta).survival(z);
}

/** The critical value c_a of the largest-root test at level a: center + scale * TW^{-1}(1 - a) (sign flipped for "smallest"). */
export function largestRootCriticalValue(edge: EdgeLaw, level = 0.05): number {
  checkEdge(edge, "largestRootCriticalValue");
  checkLevel(level, "largestRootCriticalValue");
  const q = tracyWidom(edge.beta).quantile(1 - level);
  return edge.side === "largest" ? edge.center + edge.scale * q : edge.center - edge.scale * q;
}

function checkLevel(level: number, fn: string): void {
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new InvalidArgumentError(`${fn}: level must be in (0, 1), got ${String(level)}`);
}

/** The null edge law, the threshold and (above it) the outlier law of a model at the given sizes. */
function modelLaws(model: string, theta: number, sizes: { n: number; d?: number }): { edge: EdgeLaw; threshold: number; outlier: OutlierLaw | null } {
  if (sizes === null || typeof sizes !== "object") throw new InvalidArgumentError(`detectionPower: sizes must be { n, d? }, got ${String(sizes)}`);
  if (typeof theta !== "number" || !Number.isFinite(theta)) throw new InvalidArgumentError(`detectionPower: theta must be a finite number, got ${String(theta)}`);
  if (model === "spiked-wigner") {
    const edge = wignerEdgeLaw(sizes.n);
    return { edge, threshold: 1, outlier: theta > 1 ? spikedWignerOutlierLaw(theta, sizes.n) : null };
  }
  if (model === "spiked-covariance") {
    if (sizes.d === undefined) throw new InvalidArgumentError("detectionPower: the spiked-covariance model needs sizes.d (the dimension)");
    const edge = covarianceEdgeLaw(sizes.n, sizes.d);
    if (!(theta > -1)) throw new InvalidArgumentError(`detectionPower: a covariance spike must be > -1 (population eigenvalue 1 + theta > 0), got ${theta}`);
    const threshold = Math.sqrt(sizes.d / sizes.n);
    return { edge, threshold, outlier: theta > threshold ? spikedCovarianceOutlierLaw(theta, sizes.n, sizes.d) : null };
  }
  throw new InvalidArgumentError(`detectionPower: model must be "spiked-wigner" or "spiked-covariance", got ${String(model)}`);
}

/**
 * Predicted probability that the largest-root test at level `level` (default 0.05) rejects "no
 * spike" for a rank-one spike theta at size n (and d for the covariance model; conventions of
 * edgeLaws.ts and outlierLaws.ts).
 *   - theta at or below the threshold (1 for Wigner, sqrt(d/n) for covariance): the critical-window
 *     law of Bloemendal and Virag 2013 (criticalWindow.ts), 1 - F(TW1^{-1}(1 - level), w) with
 *     w = -(theta - theta_c) n^(1/3) / k >= 0: the spike already lifts the top eigenvalue there (25%
 *     power at the threshold for level 0.05), and the power falls to the level like 1 / w below it.
 *     A spike theta <= 0 cannot raise the top eigenvalue (Weyl's inequality), so there the power is
 *     at most the level, and the level is returned (the window law, a limit at fixed w, would still
 *     give 0.01 more at w ~ 7).
 *   - above it: with P_out = P(N(mean, sd^2) >= c_a) for the Gaussian outlier law, 1 - (1 - level)
 *     (1 - P_out), the chance that either the outlier or the top of the bulk crosses c_a when the two
 *     are treated as independent; but not less than the window law's power at the threshold (that
 *     formula, which ignores the outlier's pull on the top of the bulk, falls to the level there).
 * Measured against the tridiagonal models (test/theory/criticalWindow.test.ts): at finite n the
 * detection rate lies below the window law by up to 0.04 (Wigner) and 0.085 (covariance, gamma =
 * 1/4) at n = 1600, a gap that shrinks like n^(-1/3); above the threshold, at theta - theta_c of 1-2
 * window widths, the Gaussian formula is the closer of the two at n = 1600 (0.513 and 0.842 against
 * measured 0.505 and 0.854 for Wigner, where the window law says 0.542 and 0.890).
 */
export function detectionPower(model: "spiked-wigner" | "spiked-covariance", theta: number, sizes: { n: number; d?: number }, level = 0.05): number {
  checkLevel(level, "detectionPower");
  const { edge, threshold, outlier } = modelLaws(model, theta, sizes);
  // theta <= 0 cannot raise the top eigenvalue (Weyl: W + theta v v^T <= W; Sigma <= I), so the power is at most the level
  if (theta <= 0) return level;
  if (!outlier) return criticalWindowPower(model, theta, sizes, level);
  const critical = largestRootCriticalValue(edge, level);
  const pOut = normalUpperTail((critical - outlier.mean) / outlier.sd);
  return Math.max(1 - (1 - level) * (1 - pOut), criticalWindowPower(model, threshold, sizes, level));
}
