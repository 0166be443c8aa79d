/**
 * Centering and scaling of the extreme eigenvalues of the null ensembles spikelab draws, so that
 * (lambda_max - center) / scale -> TW_beta (and (center - lambda_min) / scale for the smallest
 * eigenvalue), in spikelab's normalisations:
 *   - Wigner W = (G + G^T) / sqrt(2n) (GOE, off-diagonal variance 1/n, semicircle on [-2, 2]):
 *     center 2, scale n^(-2/3), TW1 (Tracy and Widom 1996; with H = sqrt(n) W, the classical
 *     (lambda_max(H) - 2 sqrt(n)) n^(1/6) -> TW1).
 *   - Sample covariance S = X^T X / n, X n x d with iid N(0, 1) entries, gamma = d / n: the
 *     eigenvalues of n S form the real white Wishart W_d(n, I) of Johnstone 2001, whose
 *     (lambda_max - mu) / sigma -> TW1 with
 *       mu = (sqrt(n') + sqrt(d'))^2,  sigma = (sqrt(n') + sqrt(d')) (1/sqrt(n') + 1/sqrt(d'))^(1/3),
 *     taking n' = n - 1/2, d' = d - 1/2 (Ma 2012, "Accuracy of the Tracy-Widom limits for the
 *     extreme eigenvalues in white Wishart matrices", Bernoulli 18: the half-integer shifts give
 *     the O(n^(-2/3)) rate for the real case; Johnstone's original used n - 1 and d). center =
 *     mu / n, scale = sigma / n. The formula is symmetric in n and d, so d > n (gamma > 1) is
 *     covered (the top eigenvalue of X^T X is that of X X^T).
 *   - The smallest eigenvalue for gamma < 1 (d < n): mu_- = (sqrt(n') - sqrt(d'))^2,
 *     sigma_- = (sqrt(n') - sqrt(d')) (1/sqrt(d') - 1/sqrt(n'))^(1/3), and
 *     (mu_- - lambda_min) / sigma_- -> TW1 (Feldheim and Sodin 2010; Ma 2012, with the same shifts).
 */
import { InvalidArgumentError } from "../errors.js";
import type { TracyWidomBeta } from "./tracyWidom/distribution.js";

/** (lambda - center) / scale -> TW_beta for side "largest"; (center - lambda) / scale for "smallest". */
export interface EdgeLaw {
  center: number;
  scale: number;
  beta: TracyWidomBeta;
  side: "largest" | "smallest";
}

function checkSize(value: number, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer (a matrix dimension), got ${String(value)}`);
  }
  return value;
}

/** The edge law of the largest eigenvalue of spikelab's n x n Wigner (GOE) matrix: center 2, scale n^(-2/3), TW1. */
export function wignerEdgeLaw(n: number): EdgeLaw {
  checkSize(n, "wignerEdgeLaw: n");
  return { center: 2, scale: n ** (-2 / 3), beta: 1, side: "largest" };
}

/**
 * The edge law of the largest (default) or smallest eigenvalue of S = X^T X / n, X n x d with
 * iid N(0, 1) entries (see the file comment: Johnstone 2001 with Ma 2012's n - 1/2, d - 1/2).
 * Throws InvalidArgumentError for non-integer or non-positive sizes, and for side "smallest"
 * unless d < n (for d >= n the smallest eigenvalue is 0 or at the hard edge).
 */
export function covarianceEdgeLaw(n: number, d: number, options: { side?: "largest" | "smallest" } = {}): EdgeLaw {
  checkSize(n, "covarianceEdgeLaw: n");
  checkSize(d, "covarianceEdgeLaw: d");
  const side = options?.side ?? "largest";
  if (side !== "largest" && side !== "smallest") {
    throw new InvalidArgumentError(`covarianceEdgeLaw: side must be "largest" or "smallest", got ${String(side)}`);
  }
  const a = Math.sqrt(n - 0.5);
  const b = Math.sqrt(d - 0.5);
  if (side === "largest") {
    return { center: (a + b) ** 2 / n, scale: ((a + b) * Math.cbrt(1 / a + 1 / b)) / n, beta: 1, side };
  }
  if (!(d < n)) {
    throw new InvalidArgumentError(`covarianceEdgeLaw: the smallest-eigenvalue law needs d < n (gamma < 1), got n = ${n}, d = ${d}`);
  }
  return { center: (a - b) ** 2 / n, scale: ((a - b) * Math.cbrt(1 / b - 1 / a)) / n, beta: 1, side };
}
