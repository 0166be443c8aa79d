/**
 * One large gradient step on a two-layer network's first layer (the square loss on a fresh batch of
 * a single-index target), measured by simulation and predicted for large p (reference
 * spiked-features.md section 2; Ba et al. 2022, Dandi et al. 2024; conventions in network.ts).
 */
import { InvalidArgumentError } from "../errors.js";
import { eigsh } from "../linalg/eigsh.js";
import { SampleCovarianceOperator } from "../linalg/linearOperators.js";
import { Matrix } from "../matrix.js";
import { Rng, type RandomSource } from "../random/rng.js";
import { assertOptions, asVector } from "../validate.js";
import { NO_TRANS, TRANS } from "../wasm/exports.js";
import { withScratch } from "../wasm/memory.js";
import { activation, applyActivationAt, applyActivationBothAt, type Activation, type ActivationLike } from "./activations.js";
import { fillNormal } from "./features.js";
import { hermiteCoefficients } from "./hermite.js";
import { checkFinite, checkNet, checkSize, type TwoLayerNetwork } from "./twoLayerNetwork.js";

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
