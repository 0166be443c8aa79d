/** The spiked Wigner sweep: GOE plus theta v v^T, BBP outlier theta + 1/theta above theta = 1. */
import { spikedWigner } from "../../ensembles/wigner.js";
import { eigvalsh } from "../../linalg/eigh.js";
import { DenseOperator } from "../../linalg/linearOperators.js";
import { wignerEdgeLaw } from "../../theory/edgeLaws.js";
import { detectionPower } from "../../theory/largestRootTest.js";
import { spikedWignerOutliers } from "../../theory/spikeOutliers.js";
import { semicircleDensity, semicircleEdgeScale } from "../../theory/semicircle.js";
import type { Params } from "../types.js";
import { densityGrid, measureTopPair } from "./common.js";
import { denseSeriesPays, wignerSeries } from "./rankOneSeries.js";
import { defaultsOf, integerParam } from "./params.js";
import type { ParamSpec, SweepModel } from "./types.js";

const PARAMS: readonly ParamSpec[] = [
  // two eigenpairs are measured: the outlier and the bulk edge
  { name: "n", flag: "n", kind: "integer", default: 1000, min: 2, metavar: "N", help: "matrix size" },
];

/** The model's parameters, checked. */
function parse(fixed: Params): { n: number } {
  return { n: integerParam(PARAMS, fixed, "n") };
}

export const spikedWignerModel: SweepModel = {
  name: "spiked-wigner",
  command: "bbp",
  parameter: "theta",
  grid: "0.1:2.5:0.1",
  gridHelp: "signal strength theta",
  description: "GOE W (semicircle on [-2, 2]) plus theta v v^T; outlier theta + 1/theta above theta = 1",
  params: PARAMS,
  defaults: defaultsOf(PARAMS),
  validate(fixed) {
    parse(fixed);
  },
  measure(theta, fixed, seed) {
    const { n } = parse(fixed);
    const sample = spikedWigner({ n, spikes: [theta], seed });
    return measureTopPair(new DenseOperator(sample.matrix, { symmetric: true }), sample.directions, seed);
  },
  // one eigh per seed replaces one eigsh per value: common noise by default
  defaultNoise: "common",
  measureSeries(thetas, fixed, seed, gridLength = thetas.length) {
    const { n } = parse(fixed);
    if (denseSeriesPays("wigner", gridLength, n, n)) return wignerSeries(thetas, n, seed);
    return thetas.map((theta) => this.measure(theta, fixed, seed));
  },
  predict(theta, fixed) {
    const { n } = parse(fixed);
    const [spike] = spikedWignerOutliers([theta]);
    return {
      outliers: spike!.location === null ? [] : [spike!.location],
      overlaps: [spike!.overlap],
      edge: 2,
      threshold: spike!.threshold,
      edgeScale: semicircleEdgeScale(n),
    };
  },
  sizeParameter: "n",
  edgeLaw(fixed) {
    return wignerEdgeLaw(parse(fixed).n);
  },
  detectionPower(theta, fixed, level) {
    return detectionPower("spiked-wigner", theta, { n: parse(fixed).n }, level);
  },
  spectrum(theta, fixed, seed) {
    const { n } = parse(fixed);
    const values = eigvalsh(spikedWigner({ n, spikes: [theta], seed }).matrix);
    const pred = this.predict(theta, fixed);
    return {
      title: `spectrum of one instance at theta = ${theta} (n = ${n}) vs the semicircle`,
      eigenvalues: Array.from(values),
      density: densityGrid(-2.2, Math.max(2.2, ...pred.outliers.map((o) => o + 0.2)), (x) => semicircleDensity(x)),
      edges: [-2, 2],
      outliers: pred.outliers,
    };
  },
};
