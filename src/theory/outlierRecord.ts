/**
 * The one record every outlier prediction in theory/ returns (issue #14 item 5), whatever the
 * model: BBP for Wigner and covariance (outliers.ts), Bai-Yao, the rectangular spike, the
 * conjugate-kernel spike (conjugateKernel.ts) and the order-p modes of the spiked random features
 * (spikedRf/orderPOutliers.ts). Before 0.2.0 these came in four shapes ({ isOutlier, location },
 * location: number | null, { leading, corrected }, outlier: number | null); the old fields stay on
 * the returned objects as deprecated aliases for one minor version (CHANGELOG.md).
 */

/** A predicted outlier eigenvalue (or singular value) in the large-size limit. */
export interface OutlierPrediction {
  /** The limiting outlier, or null when no eigenvalue separates from the bulk (below the threshold, and at it). */
  readonly location: number | null;
  /**
   * Limiting squared overlap |<u_hat, v>|^2 of the outlier's eigenvector with the planted
   * direction: 0 below the threshold; null where the model has no overlap formula (the CK spike,
   * the spiked-RF order-p modes: see spikedRfModes.ts srfSpanOverlap for the latter).
   */
  readonly overlap: number | null;
  /**
   * The critical value of the model's signal parameter (spike theta, population value ell, step
   * size beta) at which the outlier appears; null where the model has none or it is not computed.
   */
  readonly threshold: number | null;
}
