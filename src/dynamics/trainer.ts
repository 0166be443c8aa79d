/**
 * Gradient training of a two-layer network on a multi-index target, with the order parameters
 * and spectra recorded on a schedule (issue #17).
 *
 * Model. Student f(x) = outScale a^T sigma(W x / sqrt(d)), W p x d, outScale = 1/sqrt(p)
 * ("sqrt-p") or 1/p ("p", mean field); target y = g(W* x / sqrt(d)) (+ noise), x ~ N(0, I_d),
 * W* k x d with rows of norm sqrt(d) (default Haar-orthonormal), so that the preactivations
 * lambda = W x / sqrt(d) and the latent z = W* x / sqrt(d) are O(1).
 *
 * STEP CONVENTION (Saad and Solla 1995; Goldt et al. 2019, eq. (4), with eta = lr). One step on a
 * batch of n samples (n = batchSize for sgd and repeat, n = samples for gd):
 *   w_i <- w_i - (lr / sqrt(d)) (1/n) sum_mu dl/dlambda_i(x_mu) x_mu,
 * i.e. W <- W - lr grad_W L, L the batch-mean loss as a function of W (dl/dw_i = dl/dlambda_i
 * x / sqrt(d) since lambda = W x / sqrt(d); NOT lr sqrt(d) grad_W L, which the first draft of
 * the brief wrote and which would move M by O(lr / sqrt(d))), with
 *   dl/dlambda_i = (f - y) outScale a_i sigma'(lambda_i)   (square loss 1/2 (y - f)^2)
 *   dl/dlambda_i = -y outScale a_i sigma'(lambda_i)        (correlation loss -y f).
 * Each step moves M and Q by O(lr / d), so the ODE time is t = step / d for every algorithm and
 * batch size (`time` in the result). A trained second layer moves on the same time scale:
 *   a_i <- a_i - (lrSecondLayer / d) (1/n) sum_mu dl/df(x_mu) outScale sigma(lambda_i(x_mu)).
 * With `project`, each row is rescaled to norm sqrt(d) after the step (spherical SGD).
 *
 * Algorithms: "sgd" draws a fresh batch at every step (one pass); "repeat" draws a fresh batch at
 * steps 0, 2, 4, ... and uses it for two consecutive steps (Arnaboldi et al. 2024, "Repetita
 * iuvant"; Dandi et al. 2024); "gd" draws n = samples inputs once and takes full-batch steps.
 * Fresh batches come from one stream of the seed, in order, so sgd and repeat with the same seed
 * see the same fresh samples (repeat fewer of them).
 *
 * Recorded at each step of the schedule (after that many steps; step 0 is the initialization):
 * M = W W*^T / d (p x k), Q = W W^T / d (p x p), a, the fraction of each neuron inside span(W*),
 * the largest normalized overlap per direction, the test error 1/2 E (g(z) - f(x))^2 on a fixed
 * held-out set with noiseless labels (the excess error; label noise of variance Delta adds Delta/2),
 * for gd the training loss, and optionally the top singular values of W and W - W0
 * (diagnostics.ts). `weakRecovery[r]` is the first recorded step where the overlap of direction r
 * exceeds `weakRecoveryThreshold` (default 0.5; the no-signal level is about sqrt(2 ln(2p) / d),
 * `noSignalLevel`), else null.
 *
 * Cost per step: two GEMMs of 2 n p d flops (forward X W^T, gradient dL^T X), plus n d normals and
 * n k labels for a fresh batch; per record two more of p (p + k) d and a forward pass on the
 * held-out set. GEMMs run on `threads` threads with a result independent of the count. The inputs
 * of a batch are drawn by the ziggurat in fixed chunks of 2^14 normals, each chunk from its own
 * generator keyed by one output of the data stream (trainingState.ts fillNormalChunks), also on
 * the threads; so the whole trajectory is the same for any thread count. Label noise and the
 * labels themselves (link.g per sample, in JS) are serial. Memory: (2 p + k + n + t) d doubles
 * in WASM for W, W0 (with the spectrum only), W*, the batch and the held-out set of t samples.
 */
import { InvalidArgumentError } from "../errors.js";
import { Matrix } from "../matrix.js";
import { withScratch } from "../wasm/memory.js";
import {
  directionOverlaps, fractionInSpan, spectrumSnapshot, teacherGramInverse, type SpectrumSnapshot,
} from "./diagnostics.js";
import { planTraining, type TrainOptions, type TrainPlan } from "./trainOptions.js";
import { TrainingState } from "./trainingState.js";

export interface TrainResult {
  /** The recorded step indices (ascending, from the schedule). */
  steps: number[];
  /** ODE time t = step / d of each record (see the step convention). */
  time: number[];
  /** Fresh samples drawn up to each record: step n_b (sgd), ceil(step / 2) n_b (repeat), n (gd). */
  samplesSeen: number[];
  /** M = W W*^T / d (p x k) per record. */
  M: Matrix[];
  /** Q = W W^T / d (p x p) per record. */
  Q: Matrix[];
  /** The second layer per record. */
  a: Float64Array[];
  /** Per neuron, the fraction of |w_i|^2 inside span(W*), per record. */
  inSpan: Float64Array[];
  /** max_i |M_ir| / sqrt(Q_ii T_rr) per direction r, per record. */
  overlap: Float64Array[];
  /** 1/2 E (g(z) - f(x))^2 on the held-out set per record (empty with testSize 0). */
  testError: number[];
  /** gd only: the mean training loss on the n samples per record (empty otherwise). */
  trainLoss: number[];
  /** Per direction r: the first recorded step with overlap[r] > weakRecoveryThreshold, or null. */
  weakRecovery: (number | null)[];
  /** With `spectrum`: one snapshot per record. */
  spectrum?: SpectrumSnapshot[];
  /** The first layer at the end and at initialization (p x d). */
  W: Matrix;
  W0: Matrix;
  /** The teacher W* (k x d) and T = W* W*^T / d. */
  teacher: Matrix;
  T: Matrix;
  /** Wall-clock seconds of the training loop (records included). */
  seconds: number;
}

/** The initial first layer: rows uniform on the sphere of radius sqrt(d), or iid N(0, 1) entries. */
function initialWeights(plan: TrainPlan): Matrix {
  const { p, d } = plan;
  const W = plan.rng.init.normalMatrix(p, d);
  if (plan.init === "sphere") {
    for (let i = 0; i < p; i++) {
      const row = W.data.subarray(i * d, (i + 1) * d);
      let s = 0;
      for (let j = 0; j < d; j++) s += row[j]! * row[j]!;
      const c = Math.sqrt(d / s);
      for (let j = 0; j < d; j++) row[j]! *= c;
    }
  }
  return W;
}

function teacherGram(plan: TrainPlan): Float64Array {
  const { k, d, teacher } = plan;
  const T = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    for (let q = 0; q < k; q++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += teacher.data[r * d + j]! * teacher.data[q * d + j]!;
      T[r * k + q] = s / d;
    }
  }
  return T;
}

/**
 * Trains the two-layer network described by `options` (see the file comment for the model, the
 * step convention and what is recorded) and returns the recorded trajectory.
 * Throws InvalidArgumentError / ShapeError for bad options (before any work), WasmMemoryError when
 * the buffers do not fit, NonFiniteError when the run diverges (lower lr).
 */
export function train(options: TrainOptions): TrainResult {
  const plan = planTraining(options);
  const T = teacherGram(plan);
  const Tinv = teacherGramInverse(T, plan.k);
  if (!Tinv) throw new InvalidArgumentError("train: the teacher rows are linearly dependent (W* W*^T / d is singular)");
  const started = performance.now();
  return withScratch((sc) => {
    sc.reserve(TrainingState.blocks(plan), `training a ${plan.p} x ${plan.d} network on batches of ${plan.batch}`);
    const W0 = initialWeights(plan);
    const state = new TrainingState(sc, plan, W0);
    const { p, k, d } = plan;
    const out: TrainResult = {
      steps: [], time: [], samplesSeen: [], M: [], Q: [], a: [], inSpan: [], overlap: [], testError: [], trainLoss: [],
      weakRecovery: new Array<number | null>(k).fill(null), W: W0, W0, teacher: plan.teacher, T: new Matrix(k, k, T), seconds: 0,
    };
    if (plan.spectrumTop > 0) out.spectrum = [];
    let M0: Float64Array = new Float64Array(0);
    let Q0: Float64Array = new Float64Array(0);
    if (out.spectrum) {
      state.orderParameters(); // at W = W0: the reference of W - W0
      M0 = state.read(state.m);
      Q0 = state.read(state.q);
    }
    const record = (step: number): void => {
      state.orderParameters();
      const M = state.read(state.m);
      const Q = state.read(state.q);
      out.steps.push(step);
      out.time.push(step / d);
      out.samplesSeen.push(plan.algorithm === "gd" ? plan.batch : (plan.algorithm === "repeat" ? Math.ceil(step / 2) : step) * plan.batch);
      out.M.push(new Matrix(p, k, M));
      out.Q.push(new Matrix(p, p, Q));
      out.a.push(state.read(state.a));
      out.inSpan.push(fractionInSpan(M, Q, Tinv, p, k));
      const ov = directionOverlaps(M, Q, T, p, k);
      out.overlap.push(ov);
      ov.forEach((v, r) => {
        if (out.weakRecovery[r] === null && v > plan.threshold) out.weakRecovery[r] = step;
      });
      if (state.test) {
        state.forward(state.test, false, step);
        const g = state.read(state.test.y);
        const f = state.read(state.test.f);
        let e = 0;
        for (let i = 0; i < g.length; i++) e += (g[i]! - f[i]!) ** 2;
        out.testError.push(e / (2 * g.length));
      }
      if (plan.algorithm === "gd") out.trainLoss.push(state.forward(state.train, false, step));
      if (out.spectrum) out.spectrum.push(spectrumSnapshot(step, M, Q, state.read(state.cross), M0, Q0, T, p, k, d, plan.spectrumTop));
    };
    if (plan.data) state.loadTraining(plan.data.X, plan.data.y);
    else if (plan.algorithm === "gd") state.drawTraining();
    let r = 0;
    const every = Math.max(1, Math.ceil(plan.steps / 200));
    for (let step = 0; step <= plan.steps; step++) {
      if (plan.onProgress && (step % every === 0 || step === plan.steps)) plan.onProgress(step, plan.steps);
      if (r < plan.record.length && plan.record[r] === step) {
        record(step);
        r++;
      }
      if (step === plan.steps) break;
      if (plan.algorithm === "sgd" || (plan.algorithm === "repeat" && step % 2 === 0)) state.drawTraining();
      state.forward(state.train, true, step);
      state.update();
    }
    out.W = new Matrix(p, d, state.read(state.w));
    out.seconds = (performance.now() - started) / 1000;
    return out;
  });
}
