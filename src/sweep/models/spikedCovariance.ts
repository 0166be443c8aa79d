/** The spiked covariance sweep: N(0, I + theta v v^T) samples, BBP outlier above theta = sqrt(gamma). */
import { spikedCovariance } from "../../ensembles/covariance.js";
import { eigvalsh } from "../../linalg/eigh.js";
import { sampleCovariance } from "../../linalg/linearOperators.js";
import { marchenkoPasturDensity, marchenkoPasturEdgeScale, marchenkoPasturEdges } from "../../theory/marchenkoPastur.js";
import { covarianceEdgeLaw } from "../../theory/edgeLaws.js";
import { detectionPower } from "../../theory/largestRootTest.js";
import { spikedCovarianceOutliers } from "../../theory/spikeOutliers.js";
import type { Params } from "../types.js";
import { covarianceDimension, densityGrid, measureTopPair } from "./common.js";
import { covarianceSeries, denseSeriesPays } from "./rankOneSeries.js";
import { defaultsOf, integerParam, positiveParam } from "./params.js";
import type { ParamSpec, SweepModel } from "./types.js";

const PARAMS: readonly ParamSpec[] = [
  { name: "n", flag: "n", kind: "integer", default: 2000, min: 2, metavar: "N", help: "samples" },
  { name: "gamma", flag: "gamma", kind: "positive", default: 0.5, metavar: "G", help: "d / n" },
];

/** The model's parameters, checked, and the dimension d = gamma n they give. */
function parse(fixed: Params): { n: number; d: number } {
  const n = integerParam(PARAMS, fixed, "n");
  return { n, d: covarianceDimension(n, positiveParam(PARAMS, fixed, "gamma")) };
}

export const spikedCovarianceModel: SweepModel = {
  name: "spiked-covariance",
  command: "bbp",
  parameter: "theta",
  grid: "0.1:2.5:0.1",
  gridHelp: "population spike theta",
  description: "n samples of N(0, I + theta v v^T) in d = gamma n dimensions; BBP outlier above theta = sqrt(gamma)",
  params: PARAMS,
  defaults: defaultsOf(PARAMS),
  validate(fixed) {
    parse(fixed);
  },
  measure(theta, fixed, seed) {
    const { n, d } = parse(fixed);
    const sample = spikedCovariance({ n, d, spikes: [theta], seed, covariance: false });
    return measureTopPair(sampleCovariance(sample.data), sample.directions, seed);
  },
  // one eigh per seed replaces one eigsh per value: common noise by default
  defaultNoise: "common",
  measureSeries(thetas, fixed, seed, gridLength = thetas.length) {
    const { n, d } = parse(fixed);
    if (denseSeriesPays("covariance", gridLength, n, d)) return covarianceSeries(thetas, n, d, seed);
    return thetas.map((theta) => this.measure(theta, fixed, seed));
  },
  predict(theta, fixed) {
    const { n, d } = parse(fixed);
    const gamma = d / n;
    const [spike] = spikedCovarianceOutliers([theta], { gamma });
    return {
      outliers: spike!.location === null ? [] : [spike!.location],
      overlaps: [spike!.overlap],
      edge: marchenkoPasturEdges({ gamma }).upper,
      threshold: spike!.threshold,
      edgeScale: marchenkoPasturEdgeScale(n, { gamma }),
    };
  },
  sizeParameter: "n",
  // the cost of an instance grows like n d = gamma n^2: 16 seeds x 13 values at n = 250, 500, 1000 cost
  // about what 3 seeds x 25 values at n = 2000 did, the main job before issue #15
  finiteSize: { sizes: [250, 500, 1000], grid: "0.3:1.5:0.1", seeds: 16 },
  edgeLaw(fixed) {
    const { n, d } = parse(fixed);
    return covarianceEdgeLaw(n, d);
  },
  detectionPower(theta, fixed, level) {
    return detectionPower("spiked-covariance", theta, parse(fixed), level);
  },
  spectrum(theta, fixed, seed) {
    const { n, d } = parse(fixed);
    const gamma = d / n;
    const sample = spikedCovariance({ n, d, spikes: [theta], seed });
    const values = eigvalsh(sample.covariance!);
    const pred = this.predict(theta, fixed);
    const { lower, upper } = marchenkoPasturEdges({ gamma });
    return {
      title: `spectrum of one instance at theta = ${theta} (n = ${n}, d = ${d}) vs Marchenko-Pastur (gamma = ${gamma})`,
      eigenvalues: Array.from(values),
      density: densityGrid(Math.max(0, lower - 0.1), Math.max(upper, ...pred.outliers) + 0.2, (x) => marchenkoPasturDensity(x, { gamma })),
      edges: [lower, upper],
      outliers: pred.outliers,
    };
  },
};
