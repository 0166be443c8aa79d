/**
 * Two-layer networks at initialization and the spiked random-feature (sRF) model W = W0 + theta
 * abar v^T (../shared/reference/spiked-features.md sections 2-3; conventions in network.ts).
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { Matrix, type MatrixLike } from "../matrix.js";
import { Rng, type RandomSource } from "../random/rng.js";
import { secondLayerLaw, type SecondLayerLaw, type SecondLayerSpec } from "../theory/secondLayer.js";
import { activation, type Activation, type ActivationLike } from "./activations.js";
import { features } from "./features.js";
import { isotropicSpikedWeights } from "./stepWeights.js";

export type FirstLayerInit = "sphere" | "gaussian";

export function checkSize(v: number, name: string): void {
  if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got ${v}`);
}

export function checkFinite(v: number, name: string): void {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidArgumentError(`${name} must be a finite number, got ${v}`);
}

/** Throws InvalidArgumentError unless `net` looks like what twoLayerNetwork returns (its fields are read unchecked). */
export function checkNet(net: unknown, fn: string): asserts net is TwoLayerNetwork {
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
  /**
   * What `spikedW` does with the component of W0's rows along v (issue #18): 'notebook' (default)
   * keeps it, W = W0 + theta abar v^T, as the authors' theory.ipynb (Cui et al. 2024) does, so each
   * pre-activation carries <w0_i, v> kappa on top of theta abar_i kappa; 'isotropic' projects the rows
   * off v and puts them back on the unit sphere first (stepWeights.ts isotropicSpikedWeights), the
   * isotropic model of the deterministic equivalent. The draws are the same for both.
   */
  convention?: "notebook" | "isotropic";
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
  readonly convention: "notebook" | "isotropic";
}

/**
 * The spiked random-feature model (reference section 3): a network at initialization
 * (W0, abar as in twoLayerNetwork, same draws from the same seed), then an orthonormal pair
 * (v, zeta) from a Haar frame, the spiked weights W = W0 + theta abar v^T (rows of W0 kept whole,
 * the default 'notebook' convention, or projected off v first: 'isotropic', see `convention`), and
 * the target direction w* = gamma v + sqrt(1 - gamma^2) zeta. Its features
 * sigma(<w_i, x> + theta abar_i kappa), kappa = <v, x>, are what the deterministic equivalent of
 * theory/spikedRf/ describes (to leading order: the W0 v term is one vector of norm ~ sqrt(p/d)).
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
  const convention = options.convention ?? "notebook";
  if (convention !== "notebook" && convention !== "isotropic") {
    throw new InvalidArgumentError(`convention must be 'notebook' or 'isotropic', got '${String(convention)}'`);
  }
  const rng = Rng.from(options.seed);
  const net = twoLayerNetwork({ ...options, seed: rng });
  const { d, p } = net;
  const frame = rng.haarFrame(d, 2);
  const v = frame.column(0);
  const zeta = frame.column(1);
  const rho = Math.sqrt(Math.max(0, 1 - gamma * gamma));
  const wStar = v.map((x, j) => gamma * x + rho * zeta[j]!);
  let W: Matrix;
  if (convention === "isotropic") {
    W = isotropicSpikedWeights(net.W, v, options.theta, net.abar);
  } else {
    W = new Matrix(p, d, net.W.data.slice());
    for (let i = 0; i < p; i++) {
      const c = options.theta * net.abar[i]!;
      for (let j = 0; j < d; j++) W.data[i * d + j]! += c * v[j]!;
    }
  }
  return Object.freeze({ ...net, spikedW: W, spikeDirection: v, targetDirection: wStar, theta: options.theta, gamma, convention });
}
