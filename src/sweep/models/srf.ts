/**
 * The spiked random-feature sweep (srf): order-p spikes, bulk edge and overlaps of the feature
 * covariance after one large gradient step against the spiked-RF deterministic equivalent.
 */
import { InvalidArgumentError } from "../../errors.js";
import { featureCovarianceOperator } from "../../features/features.js";
import { hermiteCoefficients, shiftedCoefficients, type ShiftedCoefficientFunctions } from "../../features/hermite.js";
import { spikedRandomFeatures } from "../../features/network.js";
import { isotropicSpikedWeights } from "../../features/stepWeights.js";
import { eigsh } from "../../linalg/eigsh.js";
import type { Prediction } from "../../report/types.js";
import { spikedRfEquivalent } from "../../theory/spikedRf/index.js";
import { srfModeCount, srfSpanOverlap, srfThreshold } from "../../theory/spikedRfModes.js";
import type { Params } from "../types.js";
import { choiceParam, defaultsOf, integerParam } from "./params.js";
import type { ParamSpec, SweepModel } from "./types.js";

/** The activations the srf sweep (and `spikelab spectrum`) take. */
export const SRF_ACTIVATIONS = ["relu", "tanh", "erf", "sigmoid", "abs", "silu", "gelu", "linear"] as const;
export type SrfActivation = (typeof SRF_ACTIVATIONS)[number];
export const SRF_SECOND_LAYERS = ["ones", "plusminus"] as const;

export const SRF_PARAMS: readonly ParamSpec[] = [
  { name: "n", flag: "n", kind: "integer", default: 2000, min: 2, metavar: "N", help: "samples" },
  // up to two order-p modes and the bulk edge are measured: three eigenpairs of the p x p covariance
  { name: "p", flag: "p", kind: "integer", default: 1000, min: 3, metavar: "P", help: "features (width)" },
  // the spike direction and its complement
  { name: "d", flag: "d", kind: "integer", default: 1000, min: 2, metavar: "D", help: "input dimension" },
  { name: "activation", flag: "activation", kind: "choice", default: "tanh", choices: SRF_ACTIVATIONS, metavar: "A", help: "the activation sigma" },
  { name: "secondLayer", flag: "second-layer", kind: "choice", default: "ones", choices: SRF_SECOND_LAYERS, metavar: "L", help: "the second layer abar: all ones or +-1" },
];
const PARAMS = SRF_PARAMS;

/** The model's parameters, checked. */
function parse(fixed: Params): { n: number; p: number; d: number; activation: SrfActivation; secondLayer: "ones" | "plusminus" } {
  return {
    n: integerParam(PARAMS, fixed, "n"), p: integerParam(PARAMS, fixed, "p"), d: integerParam(PARAMS, fixed, "d"),
    activation: choiceParam<SrfActivation>(PARAMS, fixed, "activation"),
    secondLayer: choiceParam<"ones" | "plusminus">(PARAMS, fixed, "secondLayer"),
  };
}

// shifted coefficient functions are Gauss-Hermite closures per activation: built once per thread
const shifted = new Map<string, ShiftedCoefficientFunctions>();
function srfCoefficients(activation: SrfActivation): ShiftedCoefficientFunctions {
  let c = shifted.get(activation);
  if (!c) {
    c = shiftedCoefficients(activation);
    shifted.set(activation, c);
  }
  return c;
}

// one support scan and outlier solve costs about a second (n = 2000, p = 1000): the predictions are
// kept per thread, keyed by their parameters, for the seeds of a grid value and the report's curve
const srfPredictions = new Map<string, Prediction>();

/**
 * Spiked random features in the maximal-step regime (reference spiked-features.md sections 3-5;
 * Cui et al. 2024, Dandi et al. 2024): W = W0_perp + theta abar v^T with the rows of W0_perp uniform on
 * the unit sphere of the complement of v (Cui et al.'s isotropic sRF, pre-activation
 * <w_i, Pi x> + theta abar_i kappa, Pi = I - v v^T: the assumption "w_i perpendicular to v" of the
 * deterministic equivalent, so that no small-step CK term W0 v comes on top of it), abar = 1 or +-1, features
 * F = sigma(X W^T) on n fresh samples, and the p x p feature covariance F^T F / n. Its top eigenvalues
 * (Lanczos on the operator, never formed) are the order-p spikes p eig(Pi^{1/2} A Pi^{1/2}) of the mean
 * of the features, corrected by the root of det(I + n T C) = 0 (src/theory/spikedRf/); the next one is
 * the empirical bulk edge beside the equivalent's upper edge; the overlaps are the squared projections
 * of the top eigenvectors on the span of the second-layer group indicators (the feature-space span of
 * the mean), predicted from the residue of the equivalent (srfSpanOverlap). The threshold is the small-step
 * one, theta_c = O(p^{-1/2}) (srfThreshold).
 */
export const srfModel: SweepModel = {
  name: "srf",
  parameter: "theta",
  description:
    "spiked random features sigma(X W^T), W = W0 + theta abar v^T (rows of W0 on the sphere orthogonal to v; one large gradient " +
    "step), F^T F / n with n samples, p features, d inputs; order-p spikes vs the spiked-RF deterministic equivalent",
  command: "bbp",
  grid: "0,0.02,0.04,0.06,0.08,0.1,0.2,0.5,1,1.5",
  lowest: { value: 0, strict: false },
  gridHelp: "spike strength theta; the default grid resolves the O(p^{-1/2}) threshold and then the order-p regime",
  curvePoints: 13,
  params: PARAMS,
  defaults: defaultsOf(PARAMS),
  validate(fixed) {
    parse(fixed);
  },
  measure(theta, fixed, seed) {
    if (!(theta >= 0)) throw new InvalidArgumentError(`theta must be >= 0, got ${theta}`);
    const { n, p, d, activation, secondLayer } = parse(fixed);
    const model = spikedRandomFeatures({ d, p, theta, secondLayer, activation, seed });
    const W = isotropicSpikedWeights(model.W, model.spikeDirection, theta, model.abar);
    const de = spikedRfEquivalent({ coefficients: srfCoefficients(activation), n, p, d, theta, secondLayer });
    const count = srfModeCount(de, srfCoefficients(activation));
    const op = featureCovarianceOperator({ W, activation, n, seed: seed + 1 });
    try {
      const res = eigsh(op, count + 1, { which: "LA", tol: 1e-9, seed });
      const K = secondLayer === "plusminus" ? 2 : 1;
      const groupOf = (i: number) => (K === 1 ? 0 : model.groups![i]!);
      const sizes = new Float64Array(K);
      for (let i = 0; i < p; i++) sizes[groupOf(i)]!++;
      const overlaps: number[] = [];
      for (let j = 0; j < count; j++) {
        const column = count - j; // eigsh returns ascending values
        const sums = new Float64Array(K);
        for (let i = 0; i < p; i++) sums[groupOf(i)]! += res.vectors.data[i * (count + 1) + column]!;
        let span = 0;
        for (let k = 0; k < K; k++) if (sizes[k]! > 0) span += (sums[k]! * sums[k]!) / sizes[k]!;
        overlaps.push(span);
      }
      return {
        top: Array.from({ length: count }, (_, j) => res.values[count - j]!),
        overlaps,
        edge: res.values[0]!,
        seconds: 0,
        applications: res.applications,
      };
    } finally {
      op.dispose();
    }
  },
  predict(theta, fixed) {
    if (!(theta >= 0)) throw new InvalidArgumentError(`theta must be >= 0, got ${theta}`);
    const { n, p, d, activation, secondLayer } = parse(fixed);
    const key = JSON.stringify([theta, n, p, d, activation, secondLayer]);
    const cached = srfPredictions.get(key);
    if (cached) return cached;
    const coefficients = srfCoefficients(activation);
    const de = spikedRfEquivalent({ coefficients, n, p, d, theta, secondLayer });
    // 120 scan points: the upper edge is then refined by bisection to the same ~1e-5 as the default scan
    const support = de.support({ points: 120 });
    const edge = support.length > 0 ? support[support.length - 1]![1] : 0;
    const count = srfModeCount(de, coefficients);
    const modes = de.outliers({ upperEdge: edge }).slice(0, count);
    const prediction: Prediction = {
      outliers: modes.filter((o) => o.location !== null).map((o) => o.location!).sort((a, b) => b - a),
      overlaps: modes.map((o) => (o.location === null ? 0 : srfSpanOverlap(de, coefficients, o.location))),
      edge,
      threshold: srfThreshold({ n, p, d, coefficients: hermiteCoefficients(activation), secondLayer }),
      edgeScale: edge * p ** (-2 / 3),
    };
    srfPredictions.set(key, prediction);
    return prediction;
  },
};
