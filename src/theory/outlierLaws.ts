/**
 * Gaussian fluctuations of the outlier eigenvalue above the BBP threshold, in spikelab's
 * normalisations (theory/spikeOutliers.ts has the limits). Both are CLTs at the sqrt(n) scale:
 * sqrt(n) (lambda_hat - rho(theta)) -> N(0, s^2(theta)), so the law at size n is reported as
 * mean rho(theta) (the limit location at the finite-n ratio gamma = d / n; the O(1/n) bias is not
 * modelled) and sd s(theta) / sqrt(n).
 *
 * Derivation check (both follow from the same argument): for an orthogonally invariant noise the
 * outlier solves theta v^T (z - N)^{-1} v = 1; v^T (z - N)^{-1} v = g(z) + fluctuation with variance
 * (2/n) (-g'(z) - g(z)^2) for real Gaussian vectors, and the implicit function theorem gives
 * Var(lambda_hat) = (2/n) (-g' - g^2) / g'^2 at z = rho(theta), g the Stieltjes-type transform of the
 * bulk. The simulation tests (test/theory/outlierLaws.test.ts) check mean and variance.
 */
import { InvalidArgumentError } from "../errors.js";

/** The Gaussian law of the outlier at size n. */
export interface OutlierLaw {
  mean: number;
  sd: number;
}

function checkSize(value: number, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer (a matrix dimension), got ${String(value)}`);
  }
  return value;
}

function checkTheta(theta: number, fn: string): number {
  if (typeof theta !== "number" || !Number.isFinite(theta)) throw new InvalidArgumentError(`${fn}: theta must be a finite number, got ${String(theta)}`);
  return theta;
}

/**
 * Spiked covariance: rows x_i ~ N(0, I + theta v v^T), S = X^T X / n (X n x d), gamma = d / n,
 * population spike ell = 1 + theta above the threshold theta > sqrt(gamma). The top eigenvalue is
 * asymptotically N(rho, 2 ell^2 (1 - gamma / theta^2) / n) with rho = (1 + theta)(1 + gamma / theta)
 * (Paul 2007, "Asymptotics of sample eigenstructure for a large dimensional spiked covariance
 * model", Statistica Sinica 17, theorem 3; Bai and Yao 2008, Ann. IHP, the real Gaussian case:
 * variance 2 ell^2 psi'(ell) with psi'(ell) = 1 - gamma / (ell - 1)^2). Throws
 * InvalidArgumentError at or below the threshold (there the top eigenvalue follows the
 * Tracy-Widom edge law, theory/edgeLaws.ts) and for non-integer sizes.
 */
export function spikedCovarianceOutlierLaw(theta: number, n: number, d: number): OutlierLaw {
  checkTheta(theta, "spikedCovarianceOutlierLaw");
  checkSize(n, "spikedCovarianceOutlierLaw: n");
  checkSize(d, "spikedCovarianceOutlierLaw: d");
  const gamma = d / n;
  if (!(theta > Math.sqrt(gamma))) {
    throw new InvalidArgumentError(
      `spikedCovarianceOutlierLaw: theta = ${theta} is not above the threshold sqrt(gamma) = ${Math.sqrt(gamma)} (gamma = d/n = ${gamma}); no outlier there`,
    );
  }
  const ell = 1 + theta;
  return { mean: ell * (1 + gamma / theta), sd: ell * Math.sqrt((2 * (1 - gamma / (theta * theta))) / n) };
}

/**
 * Spiked Wigner with GOE noise: W + theta v v^T, W = (G + G^T)/sqrt(2n) (semicircle on [-2, 2]),
 * theta > 1. The top eigenvalue is asymptotically N(theta + 1/theta, 2 (1 - 1/theta^2) / n)
 * (Capitaine, Donati-Martin and Feral 2009, "The largest eigenvalues of finite rank deformation
 * of large Wigner matrices: convergence and nonuniversality of the fluctuations", Ann. Probab. 37,
 * theorem 2.1 with GOE entries; for GOE the law does not depend on v, by orthogonal invariance).
 * Throws InvalidArgumentError for theta <= 1 and a non-integer n.
 */
export function spikedWignerOutlierLaw(theta: number, n: number): OutlierLaw {
  checkTheta(theta, "spikedWignerOutlierLaw");
  checkSize(n, "spikedWignerOutlierLaw: n");
  if (!(theta > 1)) {
    throw new InvalidArgumentError(`spikedWignerOutlierLaw: theta = ${theta} is not above the threshold 1; no outlier there`);
  }
  return { mean: theta + 1 / theta, sd: Math.sqrt((2 * (1 - 1 / (theta * theta))) / n) };
}
