/**
 * What the index-model sweeps (lamp, tap, mm) share: their parameters (dimension d, link), the
 * link constants (alpha_c and the label law, cached), and the measurement of a spectral estimator.
 */
import { linkAliasKey, linkByName, type IndexLink } from "../../estimators/links.js";
import { sampleIndexModel, type IndexModelSample } from "../../estimators/model.js";
import { overlap } from "../../estimators/overlap.js";
import { populationConstants, type PopulationConstants } from "../../estimators/population.js";
import { predictEstimators, type EstimatorPredictions } from "../../estimators/predict.js";
import { Matrix } from "../../matrix.js";
import type { Measurement, Params } from "../types.js";
import { defaultsOf, integerParam, linkParam, ParameterError } from "./params.js";
import type { ParamSpec, SweepModel } from "./types.js";

/** The declarations of d and link, with the model's default link. */
export function indexModelParams(defaultLink: string, linkHelp: string): readonly ParamSpec[] {
  return [
    { name: "d", flag: "d", kind: "integer", default: 600, min: 2, metavar: "D", help: "dimension (n = alpha d samples)" },
    { name: "link", flag: "link", kind: "link", default: defaultLink, metavar: "G", help: linkHelp },
  ];
}

/** The parameters d and link, checked: the link's p planted directions must fit in dimension d. */
export function parseIndexModel(specs: readonly ParamSpec[], fixed: Params): { d: number; text: string; link: IndexLink } {
  const d = integerParam(specs, fixed, "d");
  const text = linkParam(specs, fixed, "link");
  const link = linkByName(text);
  if (d < link.p) throw new ParameterError("d", `must be an integer >= ${link.p} for link ${text} (its ${link.p} planted directions), got ${d}`);
  return { d, text, link };
}

// alpha_c and the F-spectrum of a link cost a quadrature: once per link and thread
const constants = new Map<string, PopulationConstants>();
export function linkConstants(text: string): PopulationConstants {
  const key = linkAliasKey(text);
  let c = constants.get(key);
  if (!c) {
    c = populationConstants(linkByName(text));
    constants.set(key, c);
  }
  return c;
}

/** A spectral estimator on one instance with k eigenpairs: the values (by the estimator's order), the estimate, its cost. */
type SampleEstimate = (sample: IndexModelSample, k: number) => { top: Float64Array; estimate: Matrix; applications: number };

/**
 * One index-model instance (orthogonal planted frame) and a spectral estimator with k = p + 1
 * eigenpairs: the p top values (the predicted outliers' multiplicity for the library's links), the
 * overlap of the top estimate, and the (p + 1)-th value as the instance's bulk edge.
 */
export function measureIndexEstimator(
  alpha: number, d: number, link: IndexLink, seed: number,
  estimate: SampleEstimate,
): Measurement {
  return measureSample(sampleIndexModel(link, { d, alpha, seed, planted: "orthogonal" }), estimate);
}

function measureSample(
  sample: IndexModelSample,
  estimate: SampleEstimate,
): Measurement {
  const link = sample.link;
  const est = estimate(sample, link.p + 1);
  return {
    top: Array.from(est.top.slice(0, link.p)),
    overlaps: [overlap(est.estimate, sample.W)],
    edge: est.top[link.p]!,
    seconds: 0,
    applications: est.applications,
  };
}

/**
 * The instances of one seed at several alphas, nested (common random numbers, issue #21): the one
 * sample drawn at the largest alpha, whose first n = round(alpha d) rows are, draw for draw, the
 * instance `sampleIndexModel` gives at alpha with the same seed (W* first, then X row by row, and
 * the labels of a noiseless link are a function of the rows). So `measureIndexEstimator` at each
 * value and this give the same measurements, for one draw of n_max d normals instead of one per
 * value. Links with label noise or a stochastic channel draw their labels after X, so a prefix is
 * not the smaller instance: for them each value is drawn as `measure` draws it.
 */
export function measureIndexSeries(
  alphas: readonly number[], d: number, link: IndexLink, seed: number,
  estimate: SampleEstimate,
): Measurement[] {
  // seconds: each value's own time, plus an equal share of the one draw
  const timed = (run: () => Measurement, shared: number): Measurement => {
    const t0 = performance.now();
    const m = run();
    return { ...m, seconds: (performance.now() - t0) / 1000 + shared };
  };
  const nested = !link.sample && !(link.noiseVariance > 0);
  if (!nested || alphas.length < 2) return alphas.map((alpha) => timed(() => measureIndexEstimator(alpha, d, link, seed, estimate), 0));
  const t0 = performance.now();
  const largest = alphas.reduce((a, b) => Math.max(a, b));
  const full = sampleIndexModel(link, { d, alpha: largest, seed, planted: "orthogonal" });
  const share = (performance.now() - t0) / 1000 / alphas.length;
  return alphas.map((alpha) => timed(() => {
    const n = Math.max(1, Math.round(alpha * d)); // (as sampleIndexModel rounds)
    const sample: IndexModelSample = {
      link, d, n, p: link.p, alpha: n / d,
      X: new Matrix(n, d, full.X.data.subarray(0, n * d)),
      y: full.y.subarray(0, n),
      W: full.W,
      z: new Matrix(n, link.p, full.z.data.subarray(0, n * link.p)),
    };
    return measureSample(sample, estimate);
  }, share));
}

/** A spectral estimator run on one instance with k eigenpairs, as the index-model sweeps read it. */
type EstimatorRun = (sample: IndexModelSample, k: number, seed: number) => { top: Float64Array; estimate: Matrix; applications: number };

/** The fields every index-model sweep shares: swept by `spikelab lamp`, alpha in (0, infinity), d and link. */
export function indexModelFields(params: readonly ParamSpec[]): Pick<SweepModel,
  "command" | "parameter" | "grid" | "lowest" | "gridHelp" | "params" | "defaults" | "validate" | "sizeParameter"> {
  return {
    command: "lamp",
    // no Tracy-Widom theory for these matrices: the separation rule; sizes are dimensions d
    sizeParameter: "d",
    parameter: "alpha",
    grid: "0.5:5:0.5",
    lowest: { value: 0, strict: true },
    gridHelp: "sample ratio alpha = n / d",
    params,
    defaults: defaultsOf(params),
    validate(fixed) {
      parseIndexModel(params, fixed);
    },
  };
}

/** A sweep's `measure` that runs a spectral estimator on one instance (measureIndexEstimator). */
export function estimatorMeasure(params: readonly ParamSpec[], run: EstimatorRun): SweepModel["measure"] {
  return (alpha, fixed, seed) => {
    const { d, link } = parseIndexModel(params, fixed);
    return measureIndexEstimator(alpha, d, link, seed, (sample, k) => run(sample, k, seed));
  };
}

/** A sweep's `measureSeries` on nested instances (measureIndexSeries): the same measurements as estimatorMeasure's. */
export function estimatorSeries(params: readonly ParamSpec[], run: EstimatorRun): NonNullable<SweepModel["measureSeries"]> {
  return (alphas, fixed, seed) => {
    const { d, link } = parseIndexModel(params, fixed);
    return measureIndexSeries(alphas, d, link, seed, (sample, k) => run(sample, k, seed));
  };
}

/** The link constants and the estimators' predictions (src/estimators/predict.ts) at alpha, with d. */
export function indexPredictions(params: readonly ParamSpec[], fixed: Params, alpha: number): { d: number; pop: PopulationConstants; pred: EstimatorPredictions } {
  const { d, text } = parseIndexModel(params, fixed);
  const pop = linkConstants(text);
  return { d, pop, pred: predictEstimators(pop, alpha) };
}
