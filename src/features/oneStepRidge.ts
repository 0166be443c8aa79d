/**
 * Simulation of the test error after one gradient step (issue #18; Cui, Pesce, Dandi, Krzakala, Lu,
 * Zdeborova, Loureiro 2024, "Asymptotics of feature learning in two-layer networks after one
 * gradient-step", the pipeline of their `Simulations.ipynb`): a network at initialization
 * (twoLayerNetwork: rows of W0 on the unit sphere, a_i = 1/sqrt p), its first layer after one step,
 * then ridge regression of the second layer on n = alpha d fresh samples of the features
 * F = sigma(X W1^T) (ridgeSolve.ts: features / sqrt p, penalty lambda |w|^2, unnormalized loss), and
 * the test error on fresh samples.
 *
 * Errors are mean squared errors without a factor 1/2, as the authors' code prints them:
 * testError = mean over the test set of (y - <w, phi(x)> / sqrt p)^2, trainError the same on the
 * training set. So a huge ridge gives testError -> E y^2 (the predictor is 0).
 *
 * The first layer (`model`): 'gradient-step' (default), the real step (oneStepGd on n0 = alpha0 d
 * fresh samples, eta_eff = eta p), exactly the authors' simulation; or 'spiked', the spiked
 * random-feature surrogate the theory describes, in one of the two sampler conventions
 * ('notebook': W0's rows keep their component along the spike; 'isotropic': projected off it). See
 * oneStepWeights.ts. Which prediction describes the real step: theory/oneStep `oneStepTestError` with
 * initialOutput "included" (the same as the notebook's for tanh): within the standard error at
 * d = 1000 for tanh at alpha0 = 4, eta = 2, and for ReLU while eta^2 / alpha0 is small; ReLU steps
 * with eta^2 / alpha0 ~ 1 sit 2-5% below it (test/features/oneStepGradientStep*.test.ts,
 * oneStepStepStructure.test.ts). At the notebook's alpha0 = 20, eta = 3 (tanh, sin) the real step
 * sits 0-4% below it at alpha >= 1.5 (numpy, d = 500 / 1000 / 2000, 16 / 12 / 16 seeds,
 * test/features/fixtures/oneStepRealStepSeeds.py), not 7-10%: the step's row rescaling correlated
 * with each neuron's alignment, which the sRF lacks (oneStepRowScaleStudy.py). One seed's error varies by
 * 3-5% at d = 1000-2000 (W0, w* and the batch): average several seeds.
 *
 * With alpha0 = 0 or eta = 0 there is no step: W1 = W0 (random features, the baseline).
 * Draw order from `seed`: W0 and the second layer, then (gradient-step) the target direction and the
 * step's batch, or (spiked) the Haar pair (v, zeta), or (no step) the target direction; then per
 * alpha its training samples (and label noise), then the test samples. Several alphas share one W1,
 * as in the authors' notebook (one step, then a curve in alpha), and one test set (the notebook draws
 * one per alpha; a shared one makes the curve's points less noisy against each other). Everything
 * runs on the calling thread's kernels, so a seed gives the same numbers whatever the thread count.
 *
 * Cost: the step 4 n0 p d flops (plus a Lanczos solve for its spike diagnostics), per alpha
 * 2 n p d (features) + n m^2 + m^3/3 (ridge, m = min(n, p)), and 2 n_test p d for the test set.
 * Memory: the n x p training features and an m x m Gram matrix at a time, data in row blocks.
 */
import { InvalidArgumentError } from "../errors.js";
import { Rng, type RandomSource } from "../random/rng.js";
import { assertFiniteResult, assertOptions, finiteAt } from "../validate.js";
import { NO_TRANS, TRANS, type KernelExports, type Ptr } from "../wasm/exports.js";
import { f64View, withScratch, type Scratch } from "../wasm/memory.js";
import { activation, applyActivationAt, type Activation, type ActivationLike } from "./activations.js";
import { fillNormal } from "./features.js";
import { oneStepFirstLayer, type OneStepFeatureModel, type SamplerConvention, type SpikeParameters } from "./oneStepWeights.js";
import { ridgeFitAt } from "./ridgeSolve.js";

export type { OneStepFeatureModel, SamplerConvention, SpikeParameters } from "./oneStepWeights.js";

export interface OneStepTargetSpec {
  /** sigma* (a name or a user function). */
  activation: ActivationLike;
  /** Standard deviation of additive Gaussian label noise (default 0). */
  noise?: number;
}

export interface OneStepRidgeOptions {
  /** sigma, the student activation. */
  activation: ActivationLike;
  /** sigma* (name or function), or { activation, noise }. */
  target: ActivationLike | OneStepTargetSpec;
  /** Input dimension d (>= 2). */
  d: number;
  /** p / d (default 1: p = d as in the authors' code); p = round(widthRatio d). */
  widthRatio?: number;
  /** alpha0 = n0 / d >= 0, the batch of the step (0: no step). */
  alpha0: number;
  /** eta of eta_eff = eta p (the maximal step). */
  eta: number;
  /** lambda >= 0: ridge on F / sqrt p with penalty lambda |w|^2 (unnormalized loss). */
  ridge: number;
  /** alpha = n / d > 0 of the second-layer fit: one value or several (sharing W1 and the test set). */
  alpha: number | readonly number[];
  /** Test samples (default 4000). */
  testSamples?: number;
  /** Default 'gradient-step'. */
  model?: OneStepFeatureModel;
  /** For model 'spiked' only (default 'notebook'). */
  convention?: SamplerConvention;
  /** For model 'spiked': r, cW, gamma (default: oneStepGdPrediction of the step). */
  spike?: SpikeParameters;
  seed: RandomSource;
}

export interface OneStepRidgePoint {
  alpha: number;
  /** Training samples n = round(alpha d). */
  n: number;
  testError: number;
  trainError: number;
}

export interface OneStepRidgeResult {
  points: OneStepRidgePoint[];
  d: number;
  p: number;
  /** n0 = round(alpha0 d) (0 without a step). */
  n0: number;
  model: OneStepFeatureModel;
  /** The sampler convention ('spiked' only), else null. */
  convention: SamplerConvention | null;
  /**
   * The spike: for 'gradient-step' the measured strength theta (= r) and overlap |<v1, w*>| of the
   * step (oneStepGd's spike) and the measured bulk scale sqrt(1 + remainderNorm^2); for 'spiked' the
   * r, cW, gamma used; zeros (and cW = 1) without a step.
   */
  spike: SpikeParameters;
  /** Mean of y^2 over the test set (the error of the zero predictor). */
  testSecondMoment: number;
}

const MODELS: readonly OneStepFeatureModel[] = ["gradient-step", "spiked"];
const CONVENTIONS: readonly SamplerConvention[] = ["notebook", "isotropic"];

function finiteAtLeast(v: unknown, min: number, name: string, strict = false): number {
  if (typeof v !== "number" || !Number.isFinite(v) || (strict ? !(v > min) : !(v >= min))) {
    throw new InvalidArgumentError(`oneStepRidge: ${name} must be a finite number ${strict ? ">" : ">="} ${min}, got ${String(v)}`);
  }
  return v;
}

function resolveTargetSpec(t: unknown): { activation: Activation; noise: number } {
  if (t !== null && typeof t === "object" && "activation" in (t as object) && !("value" in (t as object))) {
    const spec = t as OneStepTargetSpec;
    const noise = spec.noise ?? 0;
    finiteAtLeast(noise, 0, "target.noise");
    return { activation: activation(spec.activation), noise };
  }
  return { activation: activation(t as ActivationLike), noise: 0 };
}

interface Checked {
  act: Activation;
  target: { activation: Activation; noise: number };
  d: number;
  p: number;
  n0: number;
  eta: number;
  ridge: number;
  alphas: number[];
  ns: number[];
  testSamples: number;
  model: OneStepFeatureModel;
  convention: SamplerConvention | null;
}

function check(o: OneStepRidgeOptions): Checked {
  assertOptions(o, "oneStepRidge");
  const act = activation(o.activation);
  const target = resolveTargetSpec(o.target);
  const d = o.d;
  if (!Number.isSafeInteger(d) || d < 2) throw new InvalidArgumentError(`oneStepRidge: d must be an integer >= 2, got ${String(d)}`);
  const ratio = o.widthRatio === undefined ? 1 : finiteAtLeast(o.widthRatio, 0, "widthRatio", true);
  const p = Math.round(ratio * d);
  if (p < 1) throw new InvalidArgumentError(`oneStepRidge: widthRatio ${ratio} gives p = ${p} neurons at d = ${d}`);
  const alpha0 = finiteAtLeast(o.alpha0, 0, "alpha0");
  const eta = o.eta;
  if (typeof eta !== "number" || !Number.isFinite(eta)) throw new InvalidArgumentError(`oneStepRidge: eta must be a finite number, got ${String(eta)}`);
  const ridge = finiteAtLeast(o.ridge, 0, "ridge");
  const list = typeof o.alpha === "number" ? [o.alpha] : Array.isArray(o.alpha) ? [...(o.alpha as number[])] : null;
  if (list === null || list.length === 0) throw new InvalidArgumentError("oneStepRidge: alpha must be a number > 0 or a non-empty list of them");
  const alphas = list.map((a, i) => finiteAtLeast(a, 0, `alpha[${i}]`, true));
  const ns = alphas.map((a) => Math.max(1, Math.round(a * d)));
  const testSamples = o.testSamples ?? 4000;
  if (!Number.isSafeInteger(testSamples) || testSamples < 1) throw new InvalidArgumentError(`oneStepRidge: testSamples must be a positive integer, got ${String(testSamples)}`);
  const model = o.model ?? "gradient-step";
  if (!MODELS.includes(model)) throw new InvalidArgumentError(`oneStepRidge: model must be one of ${MODELS.join(", ")}, got '${String(model)}'`);
  if (model !== "spiked" && (o.convention !== undefined || o.spike !== undefined)) {
    throw new InvalidArgumentError("oneStepRidge: convention and spike apply to model 'spiked' only (the gradient step has its own W0 v term)");
  }
  const convention = model === "spiked" ? o.convention ?? "notebook" : null;
  if (convention !== null && !CONVENTIONS.includes(convention)) {
    throw new InvalidArgumentError(`oneStepRidge: convention must be one of ${CONVENTIONS.join(", ")}, got '${String(convention)}'`);
  }
  if (o.spike !== undefined) {
    assertOptions(o.spike, "oneStepRidge: spike");
    finiteAtLeast(o.spike.r, -Infinity, "spike.r");
    finiteAtLeast(o.spike.cW, 0, "spike.cW", true);
    const g = finiteAtLeast(o.spike.gamma, -1, "spike.gamma");
    if (g > 1) throw new InvalidArgumentError(`oneStepRidge: spike.gamma must lie in [-1, 1], got ${g}`);
  }
  if (o.seed === undefined) throw new InvalidArgumentError("oneStepRidge: seed is required");
  const n0 = eta === 0 ? 0 : Math.round(alpha0 * d);
  return { act, target, d, p, n0, eta, ridge, alphas, ns, testSamples, model, convention };
}

/** Row blocks of at most ~2^21 doubles of data. */
function blockRows(d: number, p: number, total: number): number {
  return Math.max(1, Math.min(total, Math.floor(2 ** 21 / (d + p + 2))));
}

/**
 * `rows` samples: X (in blocks) drawn from rng, labels y = sigma*(X w*) + noise into `y`, and the
 * features sigma(X W^T) into the rows x p block at f. Throws NonFiniteError for overflowed pre-activations.
 */
function sampleFeatures(
  s: Scratch, rng: Rng, act: Activation, target: { activation: Activation; noise: number }, pw: Ptr, pstar: Ptr, d: number, p: number,
  rows: number, f: Ptr, y: Float64Array, block: number,
): void {
  const k: KernelExports = s.k;
  const px = s.alloc(block * d, "a data block");
  const py = s.alloc(block, "labels");
  const work = s.alloc(k.dgemm_worksize(block, p, d), "GEMM workspace");
  for (let start = 0; start < rows; start += block) {
    const b = Math.min(block, rows - start);
    fillNormal(k, rng, px.ptr, b * d);
    k.dgemv(NO_TRANS, b, d, 1, px.ptr, d, pstar, 1, 0, py.ptr, 1);
    applyActivationAt(k, target.activation, py.ptr, b, "value");
    const yv = py.view();
    if (target.noise > 0) {
      const xi = rng.normal(b, { std: target.noise });
      for (let i = 0; i < b; i++) yv[i]! += xi[i]!;
    }
    y.set(yv.subarray(0, b), start);
    const fb = f + 8 * start * p;
    k.dgemm(NO_TRANS, TRANS, b, p, d, 1, px.ptr, d, pw, d, 0, fb, p, work.ptr);
    if (!finiteAt(k, fb, b * p)) assertFiniteResult(f64View(fb, b * p, k), "oneStepRidge", "the pre-activations X W^T", p, "lower eta");
    applyActivationAt(k, act, fb, b * p, "value");
  }
}

/**
 * Test and training errors of ridge on the features after one step (see the file comment), for one
 * seed. Throws InvalidArgumentError for bad options, NonFiniteError when the pre-activations
 * overflow, WasmMemoryError when the features do not fit.
 */
export function oneStepRidge(options: OneStepRidgeOptions): OneStepRidgeResult {
  const c = check(options);
  const rng = Rng.from(options.seed);
  const { d, p, act, target } = c;
  const { W, wStar, spike } = oneStepFirstLayer({
    d, p, activation: act, target, n0: c.n0, eta: c.eta, model: c.model, convention: c.convention ?? "notebook",
    ...(options.spike !== undefined ? { spike: options.spike } : {}),
  }, rng);
  const fits: { weights: Float64Array; trainError: number }[] = [];
  let testErrors: Float64Array = new Float64Array(0);
  let ySecond = 0;
  withScratch((s) => {
    const k = s.k;
    const pw = s.from(W.data, "the first layer");
    const pstar = s.from(wStar, "w*");
    for (const n of c.ns) {
      withScratch((t) => {
        t.reserve([n * p, blockRows(d, p, n) * (d + 1)], `the ${n} x ${p} training features`);
        const pf = t.alloc(n * p, "the training features");
        const y = new Float64Array(n);
        sampleFeatures(t, rng, act, target, pw.ptr, pstar.ptr, d, p, n, pf.ptr, y, blockRows(d, p, n));
        fits.push(ridgeFitAt(k, pf.ptr, n, p, y, c.ridge));
      });
    }
    // the test set once, in blocks, for every fit: predictions P = F_b Wt^T / sqrt p
    const A = fits.length;
    const nt = c.testSamples;
    const block = blockRows(d, p, nt);
    const wt = new Float64Array(A * p);
    fits.forEach((f, a) => wt.set(f.weights, a * p));
    const pwt = s.from(wt, "the ridge weights");
    const pf = s.alloc(block * p, "test features");
    const pp = s.alloc(block * A, "test predictions");
    const work = s.alloc(k.dgemm_worksize(block, A, p), "GEMM workspace");
    const y = new Float64Array(block);
    const err = new Float64Array(A);
    for (let start = 0; start < nt; start += block) {
      const b = Math.min(block, nt - start);
      withScratch((t) => sampleFeatures(t, rng, act, target, pw.ptr, pstar.ptr, d, p, b, pf.ptr, y, b));
      k.dgemm(NO_TRANS, TRANS, b, A, p, 1 / Math.sqrt(p), pf.ptr, p, pwt.ptr, p, 0, pp.ptr, A, work.ptr);
      const P = pp.view();
      for (let i = 0; i < b; i++) {
        ySecond += y[i]! * y[i]!;
        for (let a = 0; a < A; a++) err[a]! += (y[i]! - P[i * A + a]!) ** 2;
      }
    }
    testErrors = err.map((e) => e / nt);
    ySecond /= nt;
  });
  return {
    points: c.alphas.map((alpha, i) => ({ alpha, n: c.ns[i]!, testError: testErrors[i]!, trainError: fits[i]!.trainError })),
    d, p, n0: c.n0, model: c.model, convention: c.convention, spike, testSecondMoment: ySecond,
  };
}
