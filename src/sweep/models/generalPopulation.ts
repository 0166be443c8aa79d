/**
 * Two-point base population H = (delta_1 + delta_t2) / 2 at gamma = d / n with one population spike
 * ell swept (Bai-Yao 2012): Sigma = diag(ell, 1, t2, 1, t2, ...). The threshold is the critical
 * point of psi above the top atom; the outlier psi(ell), the overlap ell psi'(ell) / psi(ell).
 */
import { spikedCovariance } from "../../ensembles/covariance.js";
import { sampleCovariance } from "../../linalg/linearOperators.js";
import { baiYaoOutliers } from "../../theory/spikeOutliers.js";
import { silversteinSupport } from "../../theory/silverstein/index.js";
import type { Params } from "../types.js";
import { covarianceDimension, measureTopPair } from "./common.js";
import { defaultsOf, integerParam, positiveParam } from "./params.js";
import type { ParamSpec, SweepModel } from "./types.js";

const PARAMS: readonly ParamSpec[] = [
  { name: "n", flag: "n", kind: "integer", default: 2000, min: 2, metavar: "N", help: "samples" },
  { name: "gamma", flag: "gamma", kind: "positive", default: 0.25, metavar: "G", help: "d / n" },
  { name: "t2", flag: "t2", kind: "positive", default: 3, metavar: "T", help: "the second atom of H" },
];

/** The model's parameters, checked, and the dimension d = gamma n they give. */
function parse(fixed: Params): { n: number; d: number; t2: number } {
  const n = integerParam(PARAMS, fixed, "n");
  const d = covarianceDimension(n, positiveParam(PARAMS, fixed, "gamma"));
  return { n, d, t2: positiveParam(PARAMS, fixed, "t2") };
}

export const generalPopulationModel: SweepModel = {
  name: "general-population",
  command: "bbp",
  parameter: "ell",
  grid: "1:12:0.5",
  gridHelp: "population spike ell over the base population H = (delta_1 + delta_t2) / 2 (Bai-Yao outlier psi(ell))",
  description: "n samples of N(0, Sigma), Sigma = diag(ell, H), H = (delta_1 + delta_t2) / 2, d = gamma n; Bai-Yao outlier psi(ell)",
  params: PARAMS,
  defaults: defaultsOf(PARAMS),
  // the top edge of a general population has Tracy-Widom fluctuations too (El Karoui 2007), but its
  // centering and scale are not in theory/: no edge law, the separation rule
  sizeParameter: "n",
  validate(fixed) {
    parse(fixed);
  },
  measure(ell, fixed, seed) {
    const { n, d, t2 } = parse(fixed);
    const population = Float64Array.from({ length: d }, (_, i) => (i % 2 === 0 ? 1 : t2));
    const sample = spikedCovariance({ n, d, populationSpikes: [ell], population, seed, covariance: false });
    return measureTopPair(sampleCovariance(sample.data), sample.directions, seed);
  },
  predict(ell, fixed) {
    const { n, d, t2 } = parse(fixed);
    const gamma = d / n;
    const population = { eigenvalues: [1, t2], weights: [0.5, 0.5] };
    // the threshold of the sweep is the critical point above the top atom (a spike far above it
    // reports it), whatever region this ell lies in
    const [spike, far] = baiYaoOutliers([ell, 10 * Math.max(1, t2) + ell], { gamma, population });
    const edge = silversteinSupport({ gamma, population }).upperEdge;
    return {
      outliers: spike!.location === null ? [] : [spike!.location],
      overlaps: [spike!.overlap],
      edge,
      threshold: far!.threshold ?? NaN,
      // the Tracy-Widom scale of the top edge, to leading order: edge n^{-2/3}
      edgeScale: edge * n ** (-2 / 3),
    };
  },
};
