/**
 * The largest-root test of "no spike" and its power. Under the null (no spike) the top eigenvalue
 * follows its Tracy-Widom edge law (theory/edgeLaws.ts): the p-value of an observed top eigenvalue
 * is P(TW_beta >= (observed - center) / scale) (Johnstone 2001, section 1; the smallest-eigenvalue
 * side uses (center - observed) / scale). The test at level a rejects when the top eigenvalue
 * exceeds the critical value c_a = center + scale * TW_beta^{-1}(1 - a).
 */
import { InvalidArgumentError } from "../errors.js";
import { normalUpperTail } from "../numerics/normal.js";
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
 *   - theta at or below the threshold (1 for Wigner, sqrt(d/n) for covariance): the top eigenvalue
 *     keeps the null Tracy-Widom law to first order, so the power is the level itself.
 *   - above it: with P_out = P(N(mean, sd^2) >= c_a) for the Gaussian outlier law, the power is
 *     1 - (1 - level)(1 - P_out), the chance that either the outlier or the top of the bulk
 *     crosses c_a when the two are treated as independent.
 * The critical window |theta - threshold| = O(n^(-1/3)), where the true law is the deformed
 * Tracy-Widom law of Baik, Ben Arous and Peche 2005 (not implemented here), is handled by that
 * formula: the outlier sd -> 0 and its mean -> the bulk edge < c_a as theta -> threshold, so
 * P_out -> 0 and the power is continuous at the threshold, but it rises later than the true
 * power inside the window (it ignores the outlier's pull on the top of the bulk), and is accurate
 * once theta - threshold >> n^(-1/3).
 */
export function detectionPower(model: "spiked-wigner" | "spiked-covariance", theta: number, sizes: { n: number; d?: number }, level = 0.05): number {
  checkLevel(level, "detectionPower");
  const { edge, outlier } = modelLaws(model, theta, sizes);
  if (!outlier) return level;
  const critical = largestRootCriticalValue(edge, level);
  const pOut = normalUpperTail((critical - outlier.mean) / outlier.sd);
  return 1 - (1 - level) * (1 - pOut);
}
