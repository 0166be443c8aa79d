/**
 * Models a sweep can vary: each draws one instance at a value of its swept parameter from a seed,
 * measures its top eigenvalues, eigenvector overlaps and empirical edge, and states the theory's
 * prediction for the same parameters (a pure function: src/theory).
 */
import { InvalidArgumentError } from "../errors.js";
import { links, type IndexLink } from "../estimators/links.js";
import { sampleIndexModel, type IndexModelSample } from "../estimators/model.js";
import { overlap } from "../estimators/overlap.js";
import { populationConstants, type PopulationConstants } from "../estimators/population.js";
import { predictEstimators } from "../estimators/predict.js";
import { Denoiser } from "../estimators/denoiser.js";
import { denseLamp, lampEstimator, tapEstimator } from "../estimators/spectral.js";
import { baiYaoOutliers } from "../theory/outliers.js";
import { ckSpikeOutlier } from "../theory/conjugateKernel.js";
import { hermiteCoefficients } from "../features/hermite.js";
import { featureCovarianceOperator } from "../features/features.js";
import { twoLayerNetwork } from "../features/network.js";
import { Rng } from "../random/rng.js";
import { silversteinSupport } from "../theory/silverstein.js";
import { eig } from "../linalg/eig.js";
import { spikedCovariance } from "../ensembles/covariance.js";
import { spikedWigner } from "../ensembles/wigner.js";
import { eigvalsh } from "../linalg/eigh.js";
import { eigsh } from "../linalg/eigsh.js";
import { DenseOperator, sampleCovariance, type WasmOperator } from "../linalg/operators.js";
import { Matrix } from "../matrix.js";
import { marchenkoPasturDensity, marchenkoPasturEdgeScale, marchenkoPasturEdges } from "../theory/marchenkoPastur.js";
import { spikedCovarianceOutliers, spikedWignerOutliers } from "../theory/outliers.js";
import { semicircleDensity, semicircleEdgeScale } from "../theory/semicircle.js";
import type { ComplexSpectrumPanel, SpectrumPanel } from "../report/html.js";
import type { Measurement, Params, Prediction } from "./types.js";

export interface SweepModel {
  name: string;
  /** The swept parameter. */
  parameter: string;
  description: string;
  /** Defaults of the fixed parameters (numbers or strings). */
  defaults: Params;
  /** Throws InvalidArgumentError naming a bad fixed parameter. */
  validate?(fixed: Params): void;
  measure(value: number, fixed: Params, seed: number): Measurement;
  predict(value: number, fixed: Params): Prediction;
  /** One instance's whole spectrum (dense eigvalsh) beside the limiting density, for the report. */
  spectrum?(value: number, fixed: Params, seed: number): SpectrumPanel;
  /** One (small) instance's whole nonsymmetric spectrum in the complex plane, for the report. */
  complexSpectrum?(value: number, fixed: Params, seed: number): ComplexSpectrumPanel;
}

/** The density on a grid covering [lo, hi] (200 points). */
function densityGrid(lo: number, hi: number, density: (x: number) => number): { x: number[]; y: number[] } {
  const x = Array.from({ length: 201 }, (_, i) => lo + ((hi - lo) * i) / 200);
  return { x, y: x.map(density) };
}

function num(fixed: Params, name: string): number {
  const v = Number(fixed[name]);
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`parameter ${name} must be a number, got ${fixed[name]}`);
  return v;
}

function positiveInt(fixed: Params, name: string): number {
  const v = num(fixed, name);
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`parameter ${name} must be a positive integer, got ${fixed[name]}`);
  return v;
}

/**
 * The two largest eigenpairs of a one-spike model's operator (disposed here): the top one and its
 * squared overlap with the planted direction, the second as the empirical bulk edge.
 */
function measureTopPair(op: WasmOperator, planted: Matrix, seed: number): Measurement {
  try {
    const res = eigsh(op, 2, { which: "LA", tol: 1e-9, seed });
    return {
      top: [res.values[1]!, res.values[0]!],
      overlaps: [squaredOverlap(res.vectors, 1, planted, 0)],
      edge: res.values[0]!,
      seconds: 0,
      applications: res.applications,
    };
  } finally {
    op.dispose();
  }
}

function squaredOverlap(vectors: Matrix, column: number, planted: Matrix, plantedColumn: number): number {
  const n = vectors.rows;
  let s = 0;
  for (let i = 0; i < n; i++) s += vectors.data[i * vectors.cols + column]! * planted.data[i * planted.cols + plantedColumn]!;
  return s * s;
}

const spikedWignerModel: SweepModel = {
  name: "spiked-wigner",
  parameter: "theta",
  description: "GOE W (semicircle on [-2, 2]) plus theta v v^T; outlier theta + 1/theta above theta = 1",
  defaults: { n: 1000 },
  validate(fixed) {
    positiveInt(fixed, "n");
  },
  measure(theta, fixed, seed) {
    const n = positiveInt(fixed, "n");
    const sample = spikedWigner({ n, spikes: [theta], seed });
    return measureTopPair(new DenseOperator(sample.matrix, { symmetric: true }), sample.directions, seed);
  },
  predict(theta, fixed) {
    const n = positiveInt(fixed, "n");
    const [spike] = spikedWignerOutliers([theta]);
    return {
      outliers: spike!.isOutlier ? [spike!.location] : [],
      overlaps: [spike!.overlap],
      edge: 2,
      threshold: spike!.threshold,
      edgeScale: semicircleEdgeScale(n),
    };
  },
  spectrum(theta, fixed, seed) {
    const n = positiveInt(fixed, "n");
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

const spikedCovarianceModel: SweepModel = {
  name: "spiked-covariance",
  parameter: "theta",
  description: "n samples of N(0, I + theta v v^T) in d = gamma n dimensions; BBP outlier above theta = sqrt(gamma)",
  defaults: { n: 2000, gamma: 0.5 },
  validate(fixed) {
    positiveInt(fixed, "n");
    if (!(num(fixed, "gamma") > 0)) throw new InvalidArgumentError(`parameter gamma must be > 0, got ${fixed["gamma"]}`);
  },
  measure(theta, fixed, seed) {
    const n = positiveInt(fixed, "n");
    const d = Math.max(2, Math.round(num(fixed, "gamma") * n));
    const sample = spikedCovariance({ n, d, spikes: [theta], seed, covariance: false });
    return measureTopPair(sampleCovariance(sample.data), sample.directions, seed);
  },
  predict(theta, fixed) {
    const n = positiveInt(fixed, "n");
    const d = Math.max(2, Math.round(num(fixed, "gamma") * n));
    const gamma = d / n;
    const [spike] = spikedCovarianceOutliers([theta], { gamma });
    return {
      outliers: spike!.isOutlier ? [spike!.location] : [],
      overlaps: [spike!.overlap],
      edge: marchenkoPasturEdges({ gamma }).upper,
      threshold: spike!.threshold,
      edgeScale: marchenkoPasturEdgeScale(n, { gamma }),
    };
  },
  spectrum(theta, fixed, seed) {
    const n = positiveInt(fixed, "n");
    const d = Math.max(2, Math.round(num(fixed, "gamma") * n));
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

/**
 * Links a sweep can name, by the text a user would type (the library's own names, as in
 * src/estimators/links.ts, with or without spaces and '*').
 */
const LINKS: Record<string, () => IndexLink> = {
  "z^2": links.square, "|z|": links.abs, "relu(z)": links.relu, "sign(z)": links.sign,
  "z1z2": links.product, "z1^2-z2^2": links.squareDifference, "|z1z2|": links.absProduct,
  "sign(z1z2)": links.signProduct, "z1z2z3": links.tripleProduct, "z1/z2": links.ratio,
  "sign(z1z2z3)": links.signTripleProduct, "z1+z1z2": links.staircase,
};

/** The link named by `text` ("z1*z2", "z1 z2", "sign(z1*z2)", "z^2"...). */
export function linkByName(text: string): IndexLink {
  const key = text.replace(/[\s*]/g, "");
  const make = LINKS[key];
  if (!make) throw new InvalidArgumentError(`unknown link '${text}'; known links: ${Object.keys(LINKS).join(", ")}`);
  return make();
}

// alpha_c and the F-spectrum of a link cost a quadrature: once per link and thread
const constants = new Map<string, PopulationConstants>();
function linkConstants(text: string): PopulationConstants {
  const key = text.replace(/[\s*]/g, "");
  let c = constants.get(key);
  if (!c) {
    c = populationConstants(linkByName(text));
    constants.set(key, c);
  }
  return c;
}

function validateIndexModel(fixed: Params): void {
  positiveInt(fixed, "d");
  linkByName(String(fixed["link"]));
}

/**
 * One index-model instance (orthogonal planted frame) and a spectral estimator with k = p + 1
 * eigenpairs: the p top values (the predicted outliers' multiplicity for the library's links), the
 * overlap of the top estimate, and the (p + 1)-th value as the instance's bulk edge.
 */
function measureIndexEstimator(
  alpha: number, fixed: Params, seed: number,
  estimate: (sample: IndexModelSample, k: number) => { top: Float64Array; estimate: Matrix; applications: number },
): Measurement {
  const d = positiveInt(fixed, "d");
  const link = linkByName(String(fixed["link"]));
  const sample = sampleIndexModel(link, { d, alpha, seed, planted: "orthogonal" });
  const est = estimate(sample, link.p + 1);
  return {
    top: Array.from(est.top.slice(0, link.p)),
    overlaps: [overlap(est.estimate, sample.W)],
    edge: est.top[link.p]!,
    seconds: 0,
    applications: est.applications,
  };
}

const lampModel: SweepModel = {
  name: "lamp",
  parameter: "alpha",
  description:
    "index model y = g(W*^T x), x ~ N(0, I_d / d), n = alpha d; the asymmetric LAMP matrix (I_p (x) (X X^T - I)) G(y): " +
    "outlier alpha / alpha_c leaves the bulk disk of radius sqrt(alpha / alpha_c) at alpha = alpha_c",
  defaults: { d: 600, link: "sign(z1*z2)" },
  validate: validateIndexModel,
  measure(alpha, fixed, seed) {
    return measureIndexEstimator(alpha, fixed, seed, (sample, k) => {
      const est = lampEstimator(sample, { k, seed, tol: 1e-8 });
      return { top: est.re, estimate: est.estimate, applications: est.applications };
    });
  },
  predict(alpha, fixed) {
    const d = positiveInt(fixed, "d");
    const pop = linkConstants(String(fixed["link"]));
    const lamp = predictEstimators(pop, alpha).lamp;
    if (!lamp) throw new InvalidArgumentError(`link ${fixed["link"]} has alpha_c = 0 (a trivial direction): no spectral transition to sweep`);
    return {
      outliers: lamp.outlier === null ? [] : [lamp.outlier],
      overlaps: [lamp.overlap],
      edge: lamp.edge,
      threshold: pop.alphaC,
      // no Tracy-Widom theory for this non-Hermitian edge: the bulk radius times d^{-1/2}, a
      // finite-size scale; the seed-to-seed spread dominates in practice
      edgeScale: lamp.edge / Math.sqrt(d),
    };
  },
  complexSpectrum(alpha, fixed, seed) {
    // the dense n p x n p matrix and all its eigenvalues (Francis QR, O((n p)^3)): a small
    // instance, d = 120, so the picture costs about a second whatever d the sweep used
    const d = Math.min(120, positiveInt(fixed, "d"));
    const link = linkByName(String(fixed["link"]));
    const sample = sampleIndexModel(link, { d, alpha, seed, planted: "orthogonal" });
    const G = new Denoiser(link).G(sample.y);
    const { re, im } = eig(denseLamp(sample.X, G, link.p, "identity"), { vectors: false });
    const pred = this.predict(alpha, fixed);
    return {
      title: `LAMP spectrum of one instance at alpha = ${alpha} (link ${fixed["link"]}, d = ${d}, n = ${sample.n}) vs the predicted bulk disk and outlier`,
      re: Array.from(re),
      im: Array.from(im),
      radius: pred.edge,
      outliers: pred.outliers,
    };
  },
};

/**
 * Two-point base population H = (delta_1 + delta_t2) / 2 at gamma = d / n with one population spike
 * ell swept (Bai-Yao 2012): Sigma = diag(ell, 1, t2, 1, t2, ...). The threshold is the critical
 * point of psi above the top atom; the outlier psi(ell), the overlap ell psi'(ell) / psi(ell).
 */
const generalPopulationModel: SweepModel = {
  name: "general-population",
  parameter: "ell",
  description: "n samples of N(0, Sigma), Sigma = diag(ell, H), H = (delta_1 + delta_t2) / 2, d = gamma n; Bai-Yao outlier psi(ell)",
  defaults: { n: 2000, gamma: 0.25, t2: 3 },
  validate(fixed) {
    positiveInt(fixed, "n");
    if (!(num(fixed, "gamma") > 0)) throw new InvalidArgumentError(`parameter gamma must be > 0, got ${fixed["gamma"]}`);
    if (!(num(fixed, "t2") > 0)) throw new InvalidArgumentError(`parameter t2 must be > 0, got ${fixed["t2"]}`);
  },
  measure(ell, fixed, seed) {
    const n = positiveInt(fixed, "n");
    const d = Math.max(2, Math.round(num(fixed, "gamma") * n));
    const t2 = num(fixed, "t2");
    const population = Float64Array.from({ length: d }, (_, i) => (i % 2 === 0 ? 1 : t2));
    const sample = spikedCovariance({ n, d, populationSpikes: [ell], population, seed, covariance: false });
    return measureTopPair(sampleCovariance(sample.data), sample.directions, seed);
  },
  predict(ell, fixed) {
    const n = positiveInt(fixed, "n");
    const d = Math.max(2, Math.round(num(fixed, "gamma") * n));
    const gamma = d / n;
    const population = { eigenvalues: [1, num(fixed, "t2")], weights: [0.5, 0.5] };
    // the threshold of the sweep is the critical point above the top atom (a spike far above it
    // reports it), whatever region this ell lies in
    const t2 = num(fixed, "t2");
    const [spike, far] = baiYaoOutliers([ell, 10 * Math.max(1, t2) + ell], { gamma, population });
    const edge = silversteinSupport({ gamma, population }).upperEdge;
    return {
      outliers: spike!.isOutlier ? [spike!.location] : [],
      overlaps: [spike!.overlap],
      edge,
      threshold: far!.threshold ?? NaN,
      // the Tracy-Widom scale of the top edge, to leading order: edge n^{-2/3}
      edgeScale: edge * n ** (-2 / 3),
    };
  },
};

const tapModel: SweepModel = {
  name: "tap",
  parameter: "alpha",
  description:
    "index model y = g(W*^T x), x ~ N(0, I_d / d), n = alpha d; the symmetric TAP matrix sum_i T(y_i) (x) x_i x_i^T, " +
    "T = G (I + G)^{-1}: an outlier at 1 leaves the bulk at alpha_c",
  defaults: { d: 600, link: "sign(z1*z2)" },
  validate: validateIndexModel,
  measure(alpha, fixed, seed) {
    return measureIndexEstimator(alpha, fixed, seed, (sample, k) => {
      const est = tapEstimator(sample, { k, seed, tol: 1e-8 });
      return { top: est.values, estimate: est.estimate, applications: est.applications };
    });
  },
  predict(alpha, fixed) {
    const d = positiveInt(fixed, "d");
    const pop = linkConstants(String(fixed["link"]));
    const pred = predictEstimators(pop, alpha);
    if (!pred.tap) throw new InvalidArgumentError(`no TAP prediction for link ${fixed["link"]}: ${pred.tapUnavailable ?? "unavailable"}`);
    const top = pred.tap.outliers[0];
    return {
      outliers: top ? [top.location] : [],
      overlaps: [pred.tap.overlap],
      edge: pred.tap.edge,
      threshold: pop.alphaC,
      edgeScale: Math.abs(pred.tap.edge) * d ** (-2 / 3),
    };
  },
};

const CK_ACTIVATIONS = ["tanh", "relu", "erf", "gelu", "silu", "sigmoid"];

/**
 * The conjugate kernel of random features after a small gradient step (Ba et al. 2022's "spike in
 * the CK"): W1 = W0 + beta u v^T with W0 rows on the sphere, u = abar / |abar| (second layer +-1)
 * and v a Haar direction of the input space; the p x p feature covariance F^T F / n of
 * F = sigma(X W1^T) has a BBP outlier when z g_n g_p = 1 / (mu1^2 (beta^2 + p / d)) has a root above
 * the bulk (src/theory/conjugateKernel.ts). Overlaps are measured with u; the theory here gives the
 * location only, so no overlap is predicted.
 */
const ckSpikeModel: SweepModel = {
  name: "ck-spike",
  parameter: "beta",
  description: "features sigma(X W1^T), W1 = W0 + beta u v^T (small step), F^T F / n with n samples, p features, d inputs; CK BBP outlier",
  defaults: { n: 2000, p: 1000, d: 1000, activation: "tanh" },
  validate(fixed) {
    for (const k of ["n", "p", "d"]) positiveInt(fixed, k);
    if (!CK_ACTIVATIONS.includes(String(fixed["activation"]))) {
      throw new InvalidArgumentError(`parameter activation must be one of ${CK_ACTIVATIONS.join(", ")}, got ${fixed["activation"]}`);
    }
  },
  measure(beta, fixed, seed) {
    const n = positiveInt(fixed, "n"), p = positiveInt(fixed, "p"), d = positiveInt(fixed, "d");
    const activation = String(fixed["activation"]) as "tanh";
    const net = twoLayerNetwork({ d, p, activation, secondLayer: "plusminus", seed });
    const v = new Rng(seed).jump().haarVector(d);
    const W1 = new Matrix(p, d, net.W.data.slice());
    const unorm = Math.sqrt(p); // |abar| for +-1 entries
    for (let i = 0; i < p; i++) for (let j = 0; j < d; j++) W1.data[i * d + j]! += (beta * net.abar[i]! * v[j]!) / unorm;
    const u = new Matrix(p, 1, Float64Array.from(net.abar, (a) => a / unorm));
    return measureTopPair(featureCovarianceOperator({ W: W1, activation, n, seed: seed + 1 }), u, seed);
  },
  predict(beta, fixed) {
    const n = positiveInt(fixed, "n"), p = positiveInt(fixed, "p"), d = positiveInt(fixed, "d");
    const h = hermiteCoefficients(String(fixed["activation"]) as "tanh");
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

const models = new Map<string, SweepModel>([
  [spikedWignerModel.name, spikedWignerModel],
  [spikedCovarianceModel.name, spikedCovarianceModel],
  [lampModel.name, lampModel],
  [generalPopulationModel.name, generalPopulationModel],
  [tapModel.name, tapModel],
  [ckSpikeModel.name, ckSpikeModel],
]);

/** The registered models. */
export function sweepModels(): SweepModel[] {
  return [...models.values()];
}

export function getModel(name: string): SweepModel {
  const m = models.get(name);
  if (!m) throw new InvalidArgumentError(`unknown model '${name}'; known models: ${[...models.keys()].join(", ")}`);
  return m;
}
