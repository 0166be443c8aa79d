/**
 * Two-layer networks, one large gradient step on their first layer, and the spiked random-feature
 * (sRF) model that the step is equivalent to at large batch (../shared/reference/spiked-features.md
 * sections 2-3; Ba et al. 2022, Cui et al. 2024, Dandi et al. 2024).
 *
 * Conventions:
 * - network f(x; W, a) = (1/sqrt p) sum_i a_i sigma(<w_i, x>), W p x d (rows w_i), a_i = abar_i / sqrt p
 *   with abar_i = O(1) drawn from the second-layer law (theory/secondLayer.ts);
 * - first-layer rows uniform on the unit sphere S^{d-1} ('sphere', default: a Gaussian row
 *   normalized) or Gaussian N(0, I_d / d) ('gaussian'); data x ~ N(0, I_d);
 * - single-index target y = sigma*(<w*, x>) + noise xi, |w*| = 1, xi ~ N(0, 1);
 * - one step on the square loss L(W) = (1/(2 n0)) sum_nu (y_nu - f(x_nu))^2 over a fresh batch of
 *   n0 samples: G = -grad_W L, row i g_i = (a_i / sqrt p)(1/n0) sum_nu r_nu sigma'(<w_i, x_nu>) x_nu
 *   with r = y - f_W0(X0), and W1 = W0 + eta_eff G, eta_eff = eta p^s (scaling s = 1/2 'sqrt-p',
 *   s = 1 'p' (the maximal step of the sRF regime), or a given exponent s).
 * - to leading order G = (mu1 / p) abar v_raw^T + Delta with v_raw = X0^T r / n0, so at s = 1
 *   W1 = W0 + theta abar vhat^T + eta Delta, theta = eta mu1 |v_raw|, vhat = v_raw / |v_raw|:
 *   the sRF model W = W0 + theta abar v^T, <v, w*> = gamma, plus a remainder of Frobenius norm
 *   ~ sqrt(p E abar^2 E r^2 Var sigma' / alpha0) eta (alpha0 = n0 / d) that only vanishes at large batch.
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { eigsh } from "../linalg/eigsh.js";
import { SampleCovarianceOperator } from "../linalg/linearOperators.js";
import { Matrix, type MatrixLike } from "../matrix.js";
import { Rng, type RandomSource } from "../random/rng.js";
import { secondLayerLaw, type SecondLayerLaw, type SecondLayerSpec } from "../theory/secondLayer.js";
import { assertOptions, asVector } from "../validate.js";
import { NO_TRANS, TRANS } from "../wasm/exports.js";
import { withScratch } from "../wasm/memory.js";
import { activation, applyActivationAt, applyActivationBothAt, type Activation, type ActivationLike } from "./activations.js";
import { fillNormal, features } from "./features.js";
import { hermiteCoefficients } from "./hermite.js";

export type FirstLayerInit = "sphere" | "gaussian";

function checkSize(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got ${v}`);
}

function checkFinite(v: number, name: string): void {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidArgumentError(`${name} must be a finite number, got ${v}`);
}

/** Throws InvalidArgumentError unless `net` looks like what twoLayerNetwork returns (its fields are read unchecked). */
function checkNet(net: unknown, fn: string): asserts net is TwoLayerNetwork {
  const n = net as Partial<TwoLayerNetwork> | null;
  if (
    n === null || typeof n !== "object" || !(n.W instanceof Matrix) || !(n.a instanceof Float64Array) ||
    !(n.abar instanceof Float64Array) || typeof n.p !== "number" || typeof n.d !== "number" || n.activation == null
  ) {
    throw new InvalidArgumentError(`${fn}: net must be a network made by twoLayerNetwork(...), got ${n === null ? "null" : typeof n}`);
  }
}

/** p x d rows on the unit sphere (normalized Gaussians) or with N(0, 1/d) entries. */
function firstLayer(rng: Rng, p: number, d: number, init: FirstLayerInit): Matrix {
  if (init !== "sphere" && init !== "gaussian") throw new InvalidArgumentError(`firstLayer must be 'sphere' or 'gaussian', got '${init}'`);
  const W = rng.normalMatrix(p, d);
  const data = W.data;
  for (let i = 0; i < p; i++) {
    const row = data.subarray(i * d, (i + 1) * d);
    let s = 0;
    for (let j = 0; j < d; j++) s += row[j]! * row[j]!;
    const scale = init === "sphere" ? 1 / Math.sqrt(s) : 1 / Math.sqrt(d);
    for (let j = 0; j < d; j++) row[j]! *= scale;
  }
  return W;
}

/** abar_i from the law: group labels for finitely supported laws, Gaussian draws for 'gaussian'. */
function secondLayerDraw(rng: Rng, p: number, law: SecondLayerLaw): { abar: Float64Array; groups: Int32Array | null } {
  if (law.continuous) return { abar: rng.normal(p), groups: null };
  const K = law.values.length;
  const groups = new Int32Array(p);
  const abar = new Float64Array(p);
  if (K === 1) {
    abar.fill(law.values[0]!);
    return { abar, groups };
  }
  const u = rng.uniform(p);
  for (let i = 0; i < p; i++) {
    let acc = 0;
    let k = 0;
    for (; k < K - 1; k++) {
      acc += law.probs[k]!;
      if (u[i]! < acc) break;
    }
    groups[i] = k;
    abar[i] = law.values[k]!;
  }
  return { abar, groups };
}

export interface TwoLayerNetworkOptions {
  /** Input dimension. */
  d: number;
  /** Width (number of first-layer neurons). */
  p: number;
  activation: ActivationLike;
  /** Law of abar (a_i = abar_i / sqrt p). Default 'ones'. */
  secondLayer?: SecondLayerSpec;
  /** Default 'sphere'. */
  firstLayer?: FirstLayerInit;
  seed: RandomSource;
}

export interface TwoLayerNetwork {
  readonly d: number;
  readonly p: number;
  readonly activation: Activation;
  /** First layer, p x d (row i = w_i). */
  readonly W: Matrix;
  /** Second layer a_i = abar_i / sqrt p. */
  readonly a: Float64Array;
  /** abar_i = O(1). */
  readonly abar: Float64Array;
  /** Index of abar_i in secondLayer.values (finitely supported laws), else null. */
  readonly groups: Int32Array | null;
  readonly secondLayer: SecondLayerLaw;
  readonly firstLayer: FirstLayerInit;
}

/**
 * A two-layer network at initialization (see the file comment): W drawn first (p d normals), then
 * the second layer. Throws InvalidArgumentError for p = 0, an unknown activation or law.
 */
export function twoLayerNetwork(options: TwoLayerNetworkOptions): TwoLayerNetwork {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("twoLayerNetwork needs an options object");
  const { d, p } = options;
  checkSize(d, "d");
  checkSize(p, "p");
  const act = activation(options.activation);
  const law = secondLayerLaw(options.secondLayer ?? "ones");
  const init = options.firstLayer ?? "sphere";
  const rng = Rng.from(options.seed);
  const W = firstLayer(rng, p, d, init);
  const { abar, groups } = secondLayerDraw(rng, p, law);
  const a = abar.map((v) => v / Math.sqrt(p));
  return Object.freeze({ d, p, activation: act, W, a, abar, groups, secondLayer: law, firstLayer: init });
}

/** f(x) = (1/sqrt p) sum_i a_i sigma(<w_i, x>) for the rows of X (n x d). */
export function networkOutput(net: TwoLayerNetwork, X: MatrixLike, W?: MatrixLike): Float64Array {
  checkNet(net, "networkOutput");
  const F = features(X, W ?? net.W, net.activation);
  if (F.cols !== net.a.length) {
    throw new ShapeError(`networkOutput: W has ${F.cols} neurons (rows), the network's second layer has ${net.a.length}`);
  }
  const out = new Float64Array(F.rows);
  const s = 1 / Math.sqrt(net.p);
  for (let i = 0; i < F.rows; i++) {
    let t = 0;
    for (let j = 0; j < F.cols; j++) t += F.data[i * F.cols + j]! * net.a[j]!;
    out[i] = s * t;
  }
  return out;
}

export interface SingleIndexTarget {
  /** w*, unit norm. */
  readonly direction: Float64Array;
  /** sigma*. */
  readonly activation: Activation;
  /** Standard deviation of the additive Gaussian label noise. */
  readonly noise: number;
}

export interface SingleIndexTargetOptions {
  /** sigma* (a name or a user function, e.g. { value: z => z + (z*z - 1)/2 }). */
  activation: ActivationLike;
  /** w* (normalized here); default a Haar vector drawn from `seed`. */
  direction?: ArrayLike<number>;
  /** Label noise std (default 0). */
  noise?: number;
}

function resolveTarget(t: SingleIndexTarget | SingleIndexTargetOptions, d: number, rng: Rng): SingleIndexTarget {
  if (t === null || typeof t !== "object") throw new InvalidArgumentError("target must be { activation, direction?, noise? }");
  const act = activation(t.activation);
  const noise = t.noise ?? 0;
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new InvalidArgumentError(`target noise must be a finite number >= 0, got ${noise}`);
  let dir: Float64Array;
  if (t.direction !== undefined) {
    dir = Float64Array.from(asVector(t.direction, "target.direction"));
    if (dir.length !== d) throw new InvalidArgumentError(`target.direction has ${dir.length} entries, the input dimension is ${d}`);
    let s = 0;
    for (const v of dir) {
      if (!Number.isFinite(v)) throw new InvalidArgumentError("target.direction has a non-finite entry");
      s += v * v;
    }
    if (!(s > 0)) throw new InvalidArgumentError("target.direction is zero");
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) dir[j]! *= inv;
  } else {
    dir = rng.haarVector(d);
  }
  return Object.freeze({ direction: dir, activation: act, noise });
}

export type StepScaling = "sqrt-p" | "p" | number;

function scalingExponent(s: StepScaling | undefined): number {
  if (s === undefined || s === "p") return 1;
  if (s === "sqrt-p") return 0.5;
  if (typeof s === "number" && Number.isFinite(s)) return s;
  throw new InvalidArgumentError(`scaling must be 'sqrt-p', 'p' or a finite exponent s (eta_eff = eta p^s), got ${String(s)}`);
}

export interface OneStepGdOptions {
  /** n0, the batch size of the gradient step (fresh samples). */
  batch: number;
  /** eta (the step is eta p^s, see `scaling`). */
  eta: number;
  /** 'p' (default: eta_eff = eta p, the maximal / sRF regime), 'sqrt-p' (eta sqrt p, the BBP regime) or an exponent s. */
  scaling?: StepScaling;
  target: SingleIndexTarget | SingleIndexTargetOptions;
  seed: RandomSource;
}

export interface OneStepGdResult {
  /** W1 = W0 + eta_eff G (p x d). */
  W1: Matrix;
  /** G = -grad_W L(W0) on the batch (p x d). */
  gradient: Matrix;
  /** eta_eff = eta p^s. */
  stepSize: number;
  target: SingleIndexTarget;
  /** Top singular triple of eta_eff G = sigma1 u1 v1^T, oriented so that <v1, w*> >= 0. */
  spike: {
    /** sigma1, the operator-norm strength of the step (beta of the BBP regime). */
    singularValue: number;
    /** sigma1 / |abar|: the sRF strength theta in W = W0 + theta abar v^T. */
    theta: number;
    /** |<v1, w*>|: overlap of the spike with the target direction (gamma of the sRF). */
    overlap: number;
    /** v1 (length d). */
    direction: Float64Array;
    /** u1 (length p). */
    neuronDirection: Float64Array;
  };
  /** |eta_eff G - sigma1 u1 v1^T|_F / sqrt p: the size per neuron of the step beyond rank one. */
  remainderNorm: number;
  /** v_raw = X0^T r / n0: its norm and its overlap <v_raw, w*> / |v_raw|. */
  rawGradient: { norm: number; overlap: number };
  /** L(W0) = (1/(2 n0)) |y - f_W0(X0)|^2 on the batch. */
  loss: number;
}

/**
 * One gradient step of the first layer on the square loss over a fresh batch (see the file
 * comment), computed in WASM a block of samples at a time, so that neither the batch nor the
 * n0 x p pre-activations are ever held whole: per block X_b (drawn in WASM), y_b, Z = X_b W0^T
 * (GEMM), sigma and sigma' in one pass, r = y - Z a / sqrt p, D = diag(r) sigma'(Z) diag(a), and
 * G += D^T X_b (GEMM). Cost 4 n0 p d flops; the spike diagnostics add a Lanczos solve on G^T G.
 * Draw order from `seed`: w* (if not given), then per block X_b and the label noise.
 * Throws InvalidArgumentError for a bad batch, non-finite eta, unknown scaling or target.
 */
export function oneStepGd(net: TwoLayerNetwork, options: OneStepGdOptions): OneStepGdResult {
  checkNet(net, "oneStepGd");
  assertOptions(options, "oneStepGd");
  const { d, p } = net;
  const n0 = options.batch;
  checkSize(n0, "batch");
  checkFinite(options.eta, "eta");
  const s = scalingExponent(options.scaling);
  const stepSize = options.eta * Math.pow(p, s);
  if (!Number.isFinite(stepSize)) throw new InvalidArgumentError(`the step eta p^s = ${stepSize} is not finite`);
  const rng = Rng.from(options.seed);
  const target = resolveTarget(options.target, d, rng);
  const act = net.activation;

  const block = Math.max(1, Math.min(n0, Math.floor(2 ** 21 / (d + 2 * p + 4)) * 2));
  const G = new Matrix(p, d);
  const vraw = new Float64Array(d);
  let loss = 0;
  withScratch((sc) => {
    const k = sc.k;
    const work = Math.max(k.dgemm_worksize(block, p, d), k.dgemm_worksize(p, d, block));
    sc.reserve([p * d, p * d, d, p, block * d, 2 * block * p, 3 * block, d, work], `a gradient step with p = ${p}, d = ${d}`);
    const pw = sc.from(net.W.data, "W0");
    const pg = sc.zeros(p * d, "the gradient");
    const pstar = sc.from(target.direction, "w*");
    const pa = sc.from(net.a, "the second layer");
    const px = sc.alloc(block * d, "a batch block");
    const pz = sc.alloc(block * p, "pre-activations");
    const pdz = sc.alloc(block * p, "activation derivatives");
    const py = sc.alloc(block, "labels");
    const pr = sc.alloc(block, "residuals");
    const pv = sc.zeros(d, "v_raw");
    const pwork = sc.alloc(work, "GEMM workspace");
    const invSqrtP = 1 / Math.sqrt(p);
    for (let start = 0; start < n0; start += block) {
      const b = Math.min(block, n0 - start);
      fillNormal(k, rng, px.ptr, b * d);
      // y = sigma*(X_b w*) + noise
      k.dgemv(NO_TRANS, b, d, 1, px.ptr, d, pstar.ptr, 1, 0, py.ptr, 1);
      applyActivationAt(k, target.activation, py.ptr, b, "value");
      if (target.noise > 0) {
        const xi = rng.normal(b, { std: target.noise });
        const yv = py.view();
        for (let i = 0; i < b; i++) yv[i]! += xi[i]!;
      }
      // Z = X_b W0^T; sigma'(Z) into dz, sigma(Z) in place
      k.dgemm(NO_TRANS, TRANS, b, p, d, 1, px.ptr, d, pw.ptr, d, 0, pz.ptr, p, pwork.ptr);
      applyActivationBothAt(k, act, pz.ptr, pdz.ptr, b * p);
      // r = y - sigma(Z) a / sqrt p
      k.dcopy(b, py.ptr, 1, pr.ptr, 1);
      k.dgemv(NO_TRANS, b, p, -invSqrtP, pz.ptr, p, pa.ptr, 1, 1, pr.ptr, 1);
      const rv = pr.view();
      for (let i = 0; i < b; i++) loss += rv[i]! * rv[i]!;
      // v_raw += X_b^T r
      k.dgemv(TRANS, b, d, 1, px.ptr, d, pr.ptr, 1, 1, pv.ptr, 1);
      // D = diag(r) sigma'(Z) diag(a); G += D^T X_b
      k.scale_rows(b, p, pr.ptr, pdz.ptr, p);
      k.scale_cols(b, p, pa.ptr, pdz.ptr, p);
      k.dgemm(TRANS, NO_TRANS, p, d, b, 1, pdz.ptr, p, px.ptr, d, 1, pg.ptr, d, pwork.ptr);
    }
    k.dscal(p * d, 1 / (n0 * Math.sqrt(p)), pg.ptr, 1);
    G.data.set(pg.view());
    vraw.set(pv.view());
  });
  for (let j = 0; j < d; j++) vraw[j]! /= n0;
  loss /= 2 * n0;

  const W1 = new Matrix(p, d);
  for (let i = 0; i < p * d; i++) W1.data[i] = net.W.data[i]! + stepSize * G.data[i]!;

  // top singular triple of G from the top eigenpair of G^T G (d x d), by Lanczos on the operator
  const op = new SampleCovarianceOperator(G, { scale: 1 });
  let lambda: number;
  let v1: Float64Array;
  try {
    const eig = eigsh(op, 1, { which: "LA", tol: 1e-10, seed: 1 });
    lambda = Math.max(0, eig.values[0]!);
    v1 = eig.vectors.column(0);
  } finally {
    op.dispose();
  }
  const sigmaG = Math.sqrt(lambda);
  let dot = 0;
  for (let j = 0; j < d; j++) dot += v1[j]! * target.direction[j]!;
  if (dot < 0) {
    for (let j = 0; j < d; j++) v1[j] = -v1[j]!;
    dot = -dot;
  }
  const u1 = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let t = 0;
    for (let j = 0; j < d; j++) t += G.data[i * d + j]! * v1[j]!;
    u1[i] = sigmaG > 0 ? t / sigmaG : 0;
  }
  let frob2 = 0;
  for (let i = 0; i < p * d; i++) frob2 += G.data[i]! * G.data[i]!;
  let abarNorm = 0;
  for (let i = 0; i < p; i++) abarNorm += net.abar[i]! ** 2;
  abarNorm = Math.sqrt(abarNorm);
  const singularValue = Math.abs(stepSize) * sigmaG;
  let vn = 0;
  let vdot = 0;
  for (let j = 0; j < d; j++) {
    vn += vraw[j]! ** 2;
    vdot += vraw[j]! * target.direction[j]!;
  }
  vn = Math.sqrt(vn);
  return {
    W1,
    gradient: G,
    stepSize,
    target,
    spike: {
      singularValue,
      theta: abarNorm > 0 ? singularValue / abarNorm : 0,
      overlap: dot,
      direction: v1,
      neuronDirection: u1,
    },
    remainderNorm: Math.abs(stepSize) * Math.sqrt(Math.max(0, frob2 - lambda) / p),
    rawGradient: { norm: vn, overlap: vn > 0 ? vdot / vn : 0 },
    loss,
  };
}

export interface OneStepGdPrediction {
  /** Predicted |v_raw| = sqrt(mu1*^2 + E r^2 / alpha0). */
  rawGradientNorm: number;
  /** Predicted sRF strength theta = eta p^{s-1} mu1 |v_raw| (the spike singular value over |abar|). */
  theta: number;
  /** Predicted overlap gamma = mu1* / |v_raw|. */
  gamma: number;
  /** Predicted remainder |eta Delta|_F / sqrt p = eta p^{s-1} sqrt(E abar^2 E r^2 Var sigma' / alpha0). */
  remainderNorm: number;
  /** The large-batch limits (alpha0 -> infinity): theta = eta p^{s-1} mu1 mu1*, gamma = 1 (0 if mu1* = 0). */
  largeBatch: { theta: number; gamma: number };
}

/**
 * What `oneStepGd` should report for large p (reference section 2, [D] there, checked here by
 * simulation): with alpha0 = n0 / d, E r^2 = E (y - mu0 mean(abar))^2 (the initial network output
 * is its mean mu0 mean(abar) up to O(p^{-1/2})), |v_raw|^2 -> mu1*^2 + E r^2 / alpha0,
 * gamma = mu1* / |v_raw|, theta = eta p^{s-1} mu1 |v_raw|. Needs information exponent 1 (mu1* != 0)
 * for gamma -> 1. The Hermite coefficients come from hermiteCoefficients (closed forms or Gauss-Hermite).
 */
export function oneStepGdPrediction(net: TwoLayerNetwork, options: Omit<OneStepGdOptions, "seed" | "target"> & { target: SingleIndexTargetOptions | SingleIndexTarget }): OneStepGdPrediction {
  checkNet(net, "oneStepGdPrediction");
  assertOptions(options, "oneStepGdPrediction");
  assertOptions(options.target, "oneStepGdPrediction: target");
  checkSize(options.batch, "batch");
  checkFinite(options.eta, "eta");
  const s = scalingExponent(options.scaling);
  const t = options.target;
  const tAct = activation(t.activation);
  const noise = t.noise ?? 0;
  const hs = hermiteCoefficients(net.activation);
  const ht = hermiteCoefficients(tAct);
  let abarMean = 0;
  let abar2 = 0;
  for (const v of net.abar) {
    abarMean += v;
    abar2 += v * v;
  }
  abarMean /= net.p;
  abar2 /= net.p;
  const f0 = hs.mu0 * abarMean;
  const ey2 = ht.secondMoment + noise * noise;
  const er2 = ey2 - 2 * f0 * ht.mu0 + f0 * f0;
  const alpha0 = options.batch / net.d;
  const vnorm = Math.sqrt(ht.mu1 ** 2 + er2 / alpha0);
  const scale = options.eta * Math.pow(net.p, s - 1);
  return {
    rawGradientNorm: vnorm,
    theta: Math.abs(scale * hs.mu1) * vnorm,
    gamma: Math.abs(ht.mu1) / vnorm,
    remainderNorm: Math.abs(scale) * Math.sqrt((abar2 * er2 * hs.derivativeVariance) / alpha0),
    largeBatch: { theta: Math.abs(scale * hs.mu1 * ht.mu1), gamma: ht.mu1 !== 0 ? 1 : 0 },
  };
}

export interface SpikedRandomFeaturesOptions {
  d: number;
  p: number;
  /** Spike strength theta >= 0 in W = W0 + theta abar v^T. */
  theta: number;
  /** Overlap gamma = <v, w*> in [-1, 1] of the spike with the target direction (default 1). */
  gamma?: number;
  /** Default 'ones'. */
  secondLayer?: SecondLayerSpec;
  activation: ActivationLike;
  /** Default 'sphere'. */
  firstLayer?: FirstLayerInit;
  seed: RandomSource;
}

export interface SpikedRandomFeatures extends TwoLayerNetwork {
  /** W = W0 + theta abar v^T (the `W` of the network is W0). */
  readonly spikedW: Matrix;
  /** The spike direction v (unit). */
  readonly spikeDirection: Float64Array;
  /** w* = gamma v + sqrt(1 - gamma^2) zeta, zeta a unit vector orthogonal to v. */
  readonly targetDirection: Float64Array;
  readonly theta: number;
  readonly gamma: number;
}

/**
 * The isotropic spiked random-feature model (reference section 3): a network at initialization
 * (W0, abar as in twoLayerNetwork, same draws from the same seed), then an orthonormal pair
 * (v, zeta) from a Haar frame, the spiked weights W = W0 + theta abar v^T, and the target direction
 * w* = gamma v + sqrt(1 - gamma^2) zeta. Its features sigma(<w_i, x> + theta abar_i kappa),
 * kappa = <v, x>, are what the deterministic equivalent of theory/spikedRf/ describes.
 */
export function spikedRandomFeatures(options: SpikedRandomFeaturesOptions): SpikedRandomFeatures {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("spikedRandomFeatures needs an options object");
  checkFinite(options.theta, "theta");
  if (options.theta < 0) throw new InvalidArgumentError(`theta must be >= 0, got ${options.theta}`);
  const gamma = options.gamma ?? 1;
  checkFinite(gamma, "gamma");
  if (gamma < -1 || gamma > 1) throw new InvalidArgumentError(`gamma must lie in [-1, 1], got ${gamma}`);
  // before any draw: d = 1 would fail only after W0 was drawn
  if (options.d === 1) throw new InvalidArgumentError("spikedRandomFeatures needs d >= 2 (the spike and the target's orthogonal part)");
  const rng = Rng.from(options.seed);
  const net = twoLayerNetwork({ ...options, seed: rng });
  const { d, p } = net;
  const frame = rng.haarFrame(d, 2);
  const v = frame.column(0);
  const zeta = frame.column(1);
  const rho = Math.sqrt(Math.max(0, 1 - gamma * gamma));
  const wStar = v.map((x, j) => gamma * x + rho * zeta[j]!);
  const W = new Matrix(p, d, net.W.data.slice());
  for (let i = 0; i < p; i++) {
    const c = options.theta * net.abar[i]!;
    for (let j = 0; j < d; j++) W.data[i * d + j]! += c * v[j]!;
  }
  return Object.freeze({ ...net, spikedW: W, spikeDirection: v, targetDirection: wStar, theta: options.theta, gamma });
}

