/**
 * The conjugate kernel of random features after a small gradient step (Ba et al. 2022's "spike in
 * the CK"): W1 = W0 + beta u v^T with W0 rows on the sphere, u = abar / |abar| (second layer +-1)
 * and v a Haar direction of the input space; the p x p feature covariance F^T F / n of
 * F = sigma(X W1^T) has a BBP outlier when z g_n g_p = 1 / (mu1^2 (beta^2 + p / d)) has a root above
 * the bulk (src/theory/conjugateKernel.ts). Overlaps are measured with u; the theory here gives the
 * location only, so no overlap is predicted.
 */
import { featureCovarianceOperator } from "../../features/features.js";
import { hermiteCoefficients } from "../../features/hermite.js";
import { twoLayerNetwork } from "../../features/network.js";
import { smallStepWeights } from "../../features/stepWeights.js";
import { Rng } from "../../random/rng.js";
import { ckSpikeOutlier } from "../../theory/conjugateKernel.js";
import type { Params } from "../types.js";
import { measureTopPair } from "./common.js";
import { choiceParam, defaultsOf, integerParam } from "./params.js";
import type { ParamSpec, SweepModel } from "./types.js";

const CK_ACTIVATIONS = ["tanh", "relu", "erf", "gelu", "silu", "sigmoid"] as const;
type CkActivation = (typeof CK_ACTIVATIONS)[number];

const PARAMS: readonly ParamSpec[] = [
  { name: "n", flag: "n", kind: "integer", default: 2000, min: 2, metavar: "N", help: "samples" },
  // two eigenpairs of the p x p feature covariance are measured
  { name: "p", flag: "p", kind: "integer", default: 1000, min: 2, metavar: "P", help: "features (width)" },
  { name: "d", flag: "d", kind: "integer", default: 1000, min: 2, metavar: "D", help: "input dimension" },
  { name: "activation", flag: "activation", kind: "choice", default: "tanh", choices: CK_ACTIVATIONS, metavar: "A", help: "the activation sigma" },
];

/** The model's parameters, checked. */
function parse(fixed: Params): { n: number; p: number; d: number; activation: CkActivation } {
  return {
    n: integerParam(PARAMS, fixed, "n"), p: integerParam(PARAMS, fixed, "p"), d: integerParam(PARAMS, fixed, "d"),
    activation: choiceParam<CkActivation>(PARAMS, fixed, "activation"),
  };
}

export const ckSpikeModel: SweepModel = {
  name: "ck-spike",
  command: "bbp",
  parameter: "beta",
  grid: "0:4:0.25",
  gridHelp: "strength of the small step W1 = W0 + beta u v^T",
  description: "features sigma(X W1^T), W1 = W0 + beta u v^T (small step), F^T F / n with n samples, p features, d inputs; CK BBP outlier",
  params: PARAMS,
  defaults: defaultsOf(PARAMS),
  validate(fixed) {
    parse(fixed);
  },
  measure(beta, fixed, seed) {
    const { n, p, d, activation } = parse(fixed);
    const net = twoLayerNetwork({ d, p, activation, secondLayer: "plusminus", seed });
    const v = new Rng(seed).jump().haarVector(d);
    const { W1, u } = smallStepWeights(net.W, v, beta, net.abar);
    return measureTopPair(featureCovarianceOperator({ W: W1, activation, n, seed: seed + 1 }), u, seed);
  },
  predict(beta, fixed) {
    const { n, p, d, activation } = parse(fixed);
    const h = hermiteCoefficients(activation);
    const out = ckSpikeOutlier({ n, p, d, mu1: h.mu1, muStar2: h.muStar2, beta });
    return {
      outliers: out.location === null ? [] : [out.location],
      overlaps: [NaN],
      edge: out.edge,
      threshold: out.threshold,
      edgeScale: out.edge * p ** (-2 / 3),
    };
  },
};
