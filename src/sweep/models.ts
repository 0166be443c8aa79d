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
import { classicalEstimator, denseLamp, lampEstimator, tapEstimator } from "../estimators/spectral.js";
import { preprocessedPrediction } from "../theory/estimators.js";
import { baiYaoOutliers } from "../theory/outliers.js";
import { ckSpikeOutlier, ckUpperEdge } from "../theory/conjugateKernel.js";
import { hermiteCoefficients, shiftedCoefficients, type ShiftedCoefficientFunctions } from "../features/hermite.js";
import { featureCovarianceOperator } from "../features/features.js";
import { spikedRandomFeatures, twoLayerNetwork } from "../features/network.js";
import { jacobiEigh } from "../linalg/jacobi.js";
import { spikedRfEquivalent, type SpikedRfEquivalent } from "../theory/spikedRf/index.js";
import { Rng } from "../random/rng.js";
import { silversteinSupport } from "../theory/silverstein/index.js";
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
  /** Points of the report's theory curve over the grid's range (default 201; fewer where predict is costly). */
  curvePoints?: number;
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

/**
 * The Mondelli-Montanari 2018 shift of the classical preprocessing T(y) = G / (G + c), G = E[z^2 | y] - 1:
 * c = sqrt(alpha / alpha_c) above the weak-recovery threshold (MM18's threshold-optimal choice;
 * reference spectral-estimators.md 3.4, whose general G-form reproduces the MKLZ22 code's
 * (y - 1)/(y - 1 + sqrt(2 alpha)) for real phase retrieval). MM18 define it for alpha > alpha_c only:
 * for c < 1 the map has a pole at G = -c, inside the range [-1, infinity) of G, and below alpha_c they
 * prove that no estimator weakly recovers (phase retrieval), so any rule there is a convention. The
 * sweep's convention is c = max(1, sqrt(alpha / alpha_c)): MM18's preprocessing frozen at its value at
 * alpha_c, where it equals the Luo-Alghamdi-Lu G / (1 + G). It is continuous in alpha, has no pole
 * (G + c >= G + 1 = E[z^2 | y] > 0), and, being LAL's optimal preprocessing there, gives below
 * alpha_c the same matrix as the TAP estimator (divided by alpha), whose outlier appears only at alpha_c.
 */
export function mondelliMontanariShift(alpha: number, alphaC: number): number {
  return Math.max(1, Math.sqrt(alpha / alphaC));
}

// single-index links whose lambda(y) = E[z^2 | y] - 1 is unbounded above (z^2: y - 1; |z|: y^2 - 1),
// so that sup_y G / (G + c) = 1; their label laws are quadrature rules truncated at a large y, whose
// largest point would understate the sup that the Lu-Li bulk edge needs
const UNBOUNDED_G_LINKS = new Set(["z^2", "|z|"]);

function validateMmModel(fixed: Params): void {
  validateIndexModel(fixed);
  const text = String(fixed["link"]);
  const link = linkByName(text);
  if (link.p !== 1) throw new InvalidArgumentError(`the Mondelli-Montanari estimator is single-index: link ${text} has p = ${link.p} (single-index links with a transition: z^2, |z|)`);
  const alphaC = linkConstants(text).alphaC;
  if (!(alphaC > 0 && Number.isFinite(alphaC))) {
    throw new InvalidArgumentError(`link ${text} has alpha_c = ${alphaC}: no spectral transition for the Mondelli-Montanari estimator to sweep (single-index links with one: z^2, |z|)`);
  }
}

/**
 * The classical single-index spectral matrix D = (1/n) sum_i T(y_i) a_i a_i^T (a_i = sqrt(d) x_i)
 * with Mondelli-Montanari's preprocessing, c = max(1, sqrt(alpha / alpha_c)) (see
 * mondelliMontanariShift). Prediction: Lu-Li 2019 for this scalar T (src/theory/estimators.ts
 * preprocessedPrediction, on the D scale = T scale / alpha): bulk edge, outlier and overlap; the
 * outlier appears at alpha_c (reference 3.4: a T = G/(G + c(alpha)) attains alpha_c iff c(alpha_c) = 1).
 */
const mmModel: SweepModel = {
  name: "mm",
  parameter: "alpha",
  description:
    "single-index model y = g(<w*, x>), x ~ N(0, I_d / d), n = alpha d; the classical matrix (1/n) sum_i T(y_i) a_i a_i^T with " +
    "Mondelli-Montanari's T = G / (G + max(1, sqrt(alpha / alpha_c))): an outlier leaves the bulk at alpha_c",
  defaults: { d: 600, link: "z^2" },
  validate: validateMmModel,
  measure(alpha, fixed, seed) {
    const text = String(fixed["link"]);
    const den = new Denoiser(linkByName(text));
    const c = mondelliMontanariShift(alpha, linkConstants(text).alphaC);
    const preprocessing = (y: number) => {
      const g = den.G(Float64Array.of(y))[0]!;
      return g / (g + c);
    };
    return measureIndexEstimator(alpha, fixed, seed, (sample, k) => {
      const est = classicalEstimator(sample, { preprocessing, denoiser: den, k, seed, tol: 1e-8 });
      return { top: est.values, estimate: est.estimate, applications: est.applications };
    });
  },
  predict(alpha, fixed) {
    const d = positiveInt(fixed, "d");
    const text = String(fixed["link"]);
    const pop = linkConstants(text);
    const dir = pop.directions![0]!;
    const c = mondelliMontanariShift(alpha, pop.alphaC);
    // G + c = E[z^2 | y] + (c - 1), without the cancellation of lambda + c where E[z^2 | y] is tiny
    const t = Array.from(dir.lambda, (l, j) => l / (dir.second[j]! + (c - 1)));
    const key = text.replace(/[\s*]/g, "");
    const pred = preprocessedPrediction(alpha, { values: dir.lambda, weights: dir.weights, second: dir.second }, t,
      UNBOUNDED_G_LINKS.has(key) ? { supT: 1 } : {});
    const edge = pred.classical.edge;
    return {
      outliers: pred.classical.outlier === null ? [] : [pred.classical.outlier],
      overlaps: [pred.overlap],
      edge,
      threshold: pop.alphaC,
      // not Tracy-Widom: for these labels sup T = 1 is reached only in the tail of y and the Lu-Li psi
      // has its minimum at the boundary a = sup T, so the top of the bulk is made of the largest labels'
      // rank-one terms, spaced far wider than d^{-2/3} (measured, phase retrieval below alpha_c at
      // d = 800: top-two gap ~5% of the edge, 1.4 d^{-1/2}); the edge times d^{-1/2} is that scale
      edgeScale: Math.abs(edge) / Math.sqrt(d),
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

const SRF_ACTIVATIONS = ["relu", "tanh", "erf", "sigmoid", "abs", "silu", "gelu", "linear"] as const;
type SrfActivation = (typeof SRF_ACTIVATIONS)[number];
const SRF_SECOND_LAYERS = ["ones", "plusminus"] as const;

function srfParams(fixed: Params): { n: number; p: number; d: number; activation: SrfActivation; secondLayer: "ones" | "plusminus" } {
  const n = positiveInt(fixed, "n"), p = positiveInt(fixed, "p"), d = positiveInt(fixed, "d");
  if (d < 2) throw new InvalidArgumentError("parameter d must be >= 2 for the spiked random features (the spike direction and its complement)");
  const activation = String(fixed["activation"]) as SrfActivation;
  if (!SRF_ACTIVATIONS.includes(activation)) {
    throw new InvalidArgumentError(`parameter activation must be one of ${SRF_ACTIVATIONS.join(", ")}, got ${fixed["activation"]}`);
  }
  const secondLayer = String(fixed["secondLayer"]) as "ones" | "plusminus";
  if (!(SRF_SECOND_LAYERS as readonly string[]).includes(secondLayer)) {
    throw new InvalidArgumentError(`parameter secondLayer must be ones or plusminus, got ${fixed["secondLayer"]}`);
  }
  return { n, p, d, activation, secondLayer };
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

/**
 * The number of order-p modes the mean of the features carries: the rank of
 * Pi^{1/2} A Pi^{1/2}, A_kl = E[m_k m_l], m_k(kappa) = mu0(theta alpha_k kappa) (reference 5.1), on the
 * equivalent's kappa nodes; at least 1 (the would-be mode whose emergence the sweep watches).
 * Structural zeros: theta = 0 (every m_k is the constant mu0), or an odd sigma with abar = +-1
 * (m_- = -m_+), where K = 2 groups still carry one mode.
 */
function srfModeCount(de: SpikedRfEquivalent, coefficients: ShiftedCoefficientFunctions): number {
  const K = de.law.values.length;
  const B = new Float64Array(K * K);
  for (let k = 0; k < K; k++) {
    for (let l = k; l < K; l++) {
      let t = 0;
      for (let q = 0; q < de.kappa.length; q++) {
        const x = de.theta * de.kappa[q]!;
        t += de.weights[q]! * coefficients.mu0(x * de.law.values[k]!) * coefficients.mu0(x * de.law.values[l]!);
      }
      B[k * K + l] = B[l * K + k] = t * Math.sqrt(de.law.probs[k]! * de.law.probs[l]!);
    }
  }
  const { values } = jacobiEigh(B, K);
  const top = values[K - 1]!;
  let count = 0;
  for (const v of values) if (v > 1e-9 * top && top > 0) count++;
  return Math.max(1, count);
}

/**
 * Squared norm of the projection of the mode's feature-space eigenvector onto the span of the group
 * indicators e_k = 1_k / sqrt(p_k) (where the mean M0 = sum_k m_k(kappa) 1_k^T of the features lives),
 * from the residue of the deterministic equivalent at the outlier lambda. Derivation (this file's own,
 * following the rank-K reduction behind reference 5.1's det(I + n T C) = 0; checked against
 * simulation in test/sweep/models-srf.test.ts): write the features F = sum_k sqrt(p_k) w_k e_k^T + F_perp
 * with w_k = m_k + (group mean of the bulk columns), F_perp independent of the w_k given the data; then
 * F F^T / n = F_perp F_perp^T / n + W D W^T, D = diag(p_k / n), and with S(z) = W^T (F_perp F_perp^T / n - z)^{-1} W
 * ~ n T(z) + diag(n delta_k(z) / p_k) (delta_k = psi_k / c_k - 1), the outlier solves det(I + D S) = 0
 * (the same as det(I + n C T) = 0), its sample-space eigenvector is -R W q with (I + D S) q = 0 and
 * q^T S'(lambda) q = 1, and its feature-space projections are <u, e_k> = q_k sqrt(n / (p_k lambda)).
 * S' is taken by central differences (step 1e-6 lambda) of the equivalent at real z above the bulk.
 */
function srfSpanOverlap(de: SpikedRfEquivalent, coefficients: ShiftedCoefficientFunctions, lambda: number): number {
  const K = de.law.values.length;
  const { n, p } = de;
  const Q = de.kappa.length;
  const m = new Float64Array(K * Q);
  for (let k = 0; k < K; k++) for (let q = 0; q < Q; q++) m[k * Q + q] = coefficients.mu0(de.theta * de.law.values[k]! * de.kappa[q]!);
  const at = (z: number) => {
    const pt = de.stieltjes(z);
    const T = new Float64Array(K * K);
    for (let q = 0; q < Q; q++) {
      const r = pt.state[2 * q]!; // r(kappa_q; z), real above the bulk
      for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) T[k * K + l]! += de.weights[q]! * m[k * Q + q]! * m[l * Q + q]! * r;
    }
    const delta = pt.c.map((c, k) => (de.law.probs[k]! * de.psi) / c.re - 1);
    return { T, c: pt.c.map((c) => c.re), delta };
  };
  const mid = at(lambda);
  // q = C^{1/2} v with v the eigenvector of n C^{1/2} T C^{1/2} whose eigenvalue is -1 at the root
  const S = new Float64Array(K * K);
  for (let k = 0; k < K; k++) for (let l = 0; l < K; l++) S[k * K + l] = n * Math.sqrt(mid.c[k]! * mid.c[l]!) * mid.T[k * K + l]!;
  const eig = jacobiEigh(S, K);
  let j = 0;
  for (let i = 1; i < K; i++) if (Math.abs(eig.values[i]! + 1) < Math.abs(eig.values[j]! + 1)) j = i;
  const qv = Array.from({ length: K }, (_, k) => Math.sqrt(mid.c[k]!) * eig.vectors[k * K + j]!);
  const h = 1e-6 * lambda;
  const up = at(lambda + h);
  const down = at(lambda - h);
  let norm = 0;
  for (let k = 0; k < K; k++) {
    for (let l = 0; l < K; l++) {
      let dS = (n * (up.T[k * K + l]! - down.T[k * K + l]!)) / (2 * h);
      if (k === l) dS += (n * (up.delta[k]! - down.delta[k]!)) / (2 * h) / (de.law.probs[k]! * p);
      norm += qv[k]! * dS * qv[l]!;
    }
  }
  let span = 0;
  for (let k = 0; k < K; k++) span += (qv[k]! * qv[k]! * n) / (norm * de.law.probs[k]! * p * lambda);
  return span;
}

/**
 * The threshold of the first mode of the spiked random features, in theta. It sits at theta = O(p^{-1/2}),
 * where the spike is a small step (reference 5.3 with beta^2 = theta^2 |abar|^2, |abar|^2 = p E abar^2,
 * and without its p/d term: the first-layer rows here are orthogonal to v, so W0 v = 0) on the
 * theta = 0 bulk (the plain-RF quartic, theory/conjugateKernel.ts), h = [z g_n g_p] at its upper edge:
 * - the mean mode (constant m = mu0 along the all-ones neuron direction) is an outlier already at
 *   theta = 0 when p mu0^2 h > 1: threshold 0 (relu, sigmoid, abs, silu, gelu at any sensible p);
 * - else, for abar = 1 the mean and the linear part mu1 theta kappa share the neuron direction, one mode
 *   with |m|^2 / n = mu0^2 + mu1^2 theta^2: theta_c^2 = (1 / (p h) - mu0^2) / mu1^2;
 * - for abar = +-1 (mean 0) the linear mode mu1 theta kappa abar decouples from the mean mode:
 *   theta_c^2 = 1 / (p h mu1^2).
 * NaN when mu1 = 0 and the mean mode is not an outlier (no transition of this kind).
 */
function srfThreshold(n: number, p: number, d: number, activation: SrfActivation, secondLayer: "ones" | "plusminus"): number {
  const h0 = hermiteCoefficients(activation);
  const e = ckUpperEdge({ n, p, d, mu1: h0.mu1, muStar2: h0.muStar2 });
  const gp = (n / p) * e.gn - (1 - n / p) / e.edge;
  const hEdge = e.edge * e.gn * gp;
  if (p * h0.mu0 * h0.mu0 * hEdge > 1) return 0;
  if (h0.mu1 === 0) return NaN;
  const numerator = secondLayer === "ones" ? 1 / (p * hEdge) - h0.mu0 * h0.mu0 : 1 / (p * hEdge);
  return Math.sqrt(Math.max(0, numerator) / (h0.mu1 * h0.mu1));
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
 * of the features, corrected by the root of det(I + n T C) = 0 (src/theory/spikedRf.ts); the next one is
 * the empirical bulk edge beside the equivalent's upper edge; the overlaps are the squared projections
 * of the top eigenvectors on the span of the second-layer group indicators (the feature-space span of
 * the mean), predicted from the residue of the equivalent (srfSpanOverlap). The threshold is the small-step
 * one, theta_c = O(p^{-1/2}) (srfThreshold).
 */
const srfModel: SweepModel = {
  name: "srf",
  parameter: "theta",
  description:
    "spiked random features sigma(X W^T), W = W0 + theta abar v^T (rows of W0 on the sphere orthogonal to v; one large gradient " +
    "step), F^T F / n with n samples, p features, d inputs; order-p spikes vs the spiked-RF deterministic equivalent",
  defaults: { n: 2000, p: 1000, d: 1000, activation: "tanh", secondLayer: "ones" },
  curvePoints: 13,
  validate(fixed) {
    srfParams(fixed);
  },
  measure(theta, fixed, seed) {
    if (!(theta >= 0)) throw new InvalidArgumentError(`theta must be >= 0, got ${theta}`);
    const { n, p, d, activation, secondLayer } = srfParams(fixed);
    const model = spikedRandomFeatures({ d, p, theta, secondLayer, activation, seed });
    const v = model.spikeDirection;
    // W = (rows of W0 projected off v, back on the unit sphere) + theta abar v^T
    const W = new Matrix(p, d, model.W.data.slice());
    for (let i = 0; i < p; i++) {
      const row = W.data.subarray(i * d, (i + 1) * d);
      let dot = 0;
      for (let j = 0; j < d; j++) dot += row[j]! * v[j]!;
      let norm = 0;
      for (let j = 0; j < d; j++) {
        row[j]! -= dot * v[j]!;
        norm += row[j]! * row[j]!;
      }
      const scale = 1 / Math.sqrt(norm);
      const shift = theta * model.abar[i]!;
      for (let j = 0; j < d; j++) row[j] = row[j]! * scale + shift * v[j]!;
    }
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
    const { n, p, d, activation, secondLayer } = srfParams(fixed);
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
      outliers: modes.filter((o) => o.corrected !== null).map((o) => o.corrected!).sort((a, b) => b - a),
      overlaps: modes.map((o) => (o.corrected === null ? 0 : srfSpanOverlap(de, coefficients, o.corrected))),
      edge,
      threshold: srfThreshold(n, p, d, activation, secondLayer),
      edgeScale: edge * p ** (-2 / 3),
    };
    srfPredictions.set(key, prediction);
    return prediction;
  },
};

const models = new Map<string, SweepModel>([
  [spikedWignerModel.name, spikedWignerModel],
  [spikedCovarianceModel.name, spikedCovarianceModel],
  [lampModel.name, lampModel],
  [generalPopulationModel.name, generalPopulationModel],
  [tapModel.name, tapModel],
  [ckSpikeModel.name, ckSpikeModel],
  [mmModel.name, mmModel],
  [srfModel.name, srfModel],
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
