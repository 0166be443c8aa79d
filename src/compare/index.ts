/**
 * Empirical spectra beside theory: histograms with the predicted density, KS and W1 distances to a
 * limiting law, outlier tables, eigenvector overlaps. Numbers only, never plots.
 */
export { histogram, type Histogram, type HistogramOptions } from "./histogram.js";
export { ksDistance, wasserstein1, type CdfReference, type KsOptions, type KsResult, type W1Reference, type W1Result } from "./distances.js";
export { findOutliers, type FindOutliersOptions, type OutlierMatch, type OutlierReport, type PredictedOutlier } from "./outlierMatching.js";
export { squaredOverlap, compareOverlaps, type OverlapRow, type PredictedOverlap } from "./overlaps.js";
export { selectBulk, type BulkSelection } from "./values.js";
export { binomialInterval, meanCrossing, normalQuantile, rateCrossing, type BinomialInterval, type BinomialMethod, type MeanPoint, type RateCrossing, type RatePoint } from "./detection.js";
export { extrapolateThreshold, type ScalingFit, type ScalingPoint } from "./finiteSizeScaling.js";
