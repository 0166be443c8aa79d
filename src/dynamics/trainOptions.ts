/**
 * The options of `train` (trainer.ts), their defaults and their checks: everything is validated
 * and resolved here, before any WASM allocation, so a bad argument costs nothing.
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import type { IndexLink } from "../estimators/links.js";
import { activation, type Activation, type ActivationLike } from "../features/activations.js";
import { asMatrix, type Matrix, type MatrixLike } from "../matrix.js";
import { Rng, type RandomSource } from "../random/rng.js";
import { assertFinite, assertFiniteMatrix, assertOptions, asVector } from "../validate.js";
import { threadsFor } from "../threads/pool.js";
import { recordSchedule, type RecordSpec } from "./schedule.js";
import { targetLink, teacherMatrix, type LinkLike } from "./targets.js";

export type TrainAlgorithm = "sgd" | "repeat" | "gd";
export type TrainLoss = "square" | "correlation";
/** f(x) = a^T sigma(W x / sqrt(d)) / sqrt(p) ("sqrt-p") or / p ("p", mean field). */
export type OutputScaling = "sqrt-p" | "p";

export interface TrainOptions {
  /** Input dimension. */
  d: number;
  /** Student width (first-layer neurons). */
  p: number;
  /** The target link g: a name ("he3", "z^3-3z", "z^2", "z1*z2" ...) or an IndexLink; k = link.p directions. */
  target: LinkLike;
  /** W* (k x d), rows the target directions; default Haar-orthonormal rows of norm sqrt(d). */
  teacher?: MatrixLike;
  /** Standard deviation of Gaussian label noise added to g (default 0). */
  noise?: number;
  /** Student activation (default "relu"; note relu's odd Hermite coefficients beyond the first vanish). */
  activation?: ActivationLike;
  /** Output normalization (default "sqrt-p"). */
  scaling?: OutputScaling;
  /** Second layer fixed (default) or trained with `lrSecondLayer`. */
  secondLayer?: "fixed" | "trained";
  /** Initial second layer (p entries); default all ones. */
  a?: ArrayLike<number>;
  /** First layer at initialization: rows uniform on the sphere of radius sqrt(d) (default) or iid N(0, 1) entries. */
  init?: "sphere" | "gaussian";
  /** "sgd" one-pass (default), "repeat" each fresh batch used for two consecutive steps, "gd" full batch on `samples` fixed samples. */
  algorithm?: TrainAlgorithm;
  /** n_b, samples per step for sgd and repeat (default 1). */
  batchSize?: number;
  /** n, the fixed training set of gd (required there unless `data` is given; e.g. alpha d). */
  samples?: number;
  /**
   * gd only: a user's training set (X n x d, labels y) in place of n draws from the target; the
   * target and teacher still define M, the overlaps and the held-out set.
   */
  data?: { X: MatrixLike; y: ArrayLike<number> };
  /** The step eta (see the step convention in trainer.ts). */
  lr: number;
  /** Step of the second layer (default lr). */
  lrSecondLayer?: number;
  /** "square" 1/2 (y - f)^2 (default) or "correlation" -y f. */
  loss?: TrainLoss;
  /** Put the rows back on the sphere of radius sqrt(d) after each step (default false). */
  project?: boolean;
  /** Number of steps. */
  steps: number;
  /** Steps at which to record the diagnostics (default about 50 log-spaced, with 0 and `steps`). */
  record?: RecordSpec;
  /** Size of the fixed held-out set for the test error (default 1000; 0 for none). */
  testSize?: number;
  /** Record the top singular values of W and W - W0 (true: all p, or { top }). Default false. */
  spectrum?: boolean | { top: number };
  /** The normalized overlap max_i |M_ir| / sqrt(Q_ii T_rr) that counts as weak recovery of direction r (default 0.5). */
  weakRecoveryThreshold?: number;
  /** Seed of every draw (teacher, initialization, data, held-out set): default 0. */
  seed?: RandomSource;
  /** Called with (steps done, steps) about 200 times over the run and at the end (e.g. a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /** Threads for the GEMMs (default getThreads()); the trajectory is the same for any count. */
  threads?: number;
}

/** The resolved options: what trainer.ts reads. */
export interface TrainPlan {
  d: number;
  p: number;
  k: number;
  link: IndexLink;
  teacher: Matrix;
  /** Total Gaussian label noise std: sqrt(link.noiseVariance + noise^2). */
  noiseStd: number;
  act: Activation;
  scaling: OutputScaling;
  /** 1/sqrt(p) or 1/p. */
  outScale: number;
  trainSecondLayer: boolean;
  a0: Float64Array;
  init: "sphere" | "gaussian";
  algorithm: TrainAlgorithm;
  /** Samples per step: n_b (sgd, repeat) or n (gd). */
  batch: number;
  /** A user's training set (gd), or null to draw it. */
  data: { X: Matrix; y: Float64Array } | null;
  lr: number;
  lrSecondLayer: number;
  loss: TrainLoss;
  project: boolean;
  steps: number;
  record: number[];
  testSize: number;
  spectrumTop: number;
  threshold: number;
  threads: number;
  onProgress: ((done: number, total: number) => void) | null;
  /** Independent streams: teacher, initialization, training data, held-out data, label channel. */
  rng: { teacher: Rng; init: Rng; data: Rng; test: Rng; channel: Rng };
}

/** Caps that keep one call from asking for absurd work before any memory check can. */
const MAX_STEPS = 1e9;
const MAX_DIM = 2 ** 26;

function positiveInteger(v: unknown, name: string, max = MAX_DIM): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`train: ${name} must be a positive integer, got ${String(v)}`);
  if (v > max) throw new InvalidArgumentError(`train: ${name} = ${v} is beyond the trainer's limit ${max}`);
  return v;
}

function nonNegative(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new InvalidArgumentError(`train: ${name} must be a finite number >= 0, got ${String(v)}`);
  return v;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    throw new InvalidArgumentError(`train: ${name} must be one of ${allowed.map((x) => `'${x}'`).join(", ")}, got ${String(v)}`);
  }
  return v as T;
}

function secondLayerInit(a: ArrayLike<number> | undefined, p: number): Float64Array {
  if (a === undefined) return new Float64Array(p).fill(1);
  if (a === null || typeof a !== "object" || typeof (a as ArrayLike<number>).length !== "number") {
    throw new InvalidArgumentError("train: a must be an array of p numbers (the initial second layer)");
  }
  if (a.length !== p) throw new InvalidArgumentError(`train: a has ${a.length} entries, the width p is ${p}`);
  const out = Float64Array.from(a);
  out.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new InvalidArgumentError(`train: a[${i}] = ${v} is not finite`);
  });
  return out;
}

function spectrumTop(spec: TrainOptions["spectrum"], p: number): number {
  if (spec === undefined || spec === false) return 0;
  if (spec === true) return p;
  if (spec !== null && typeof spec === "object") {
    const top = spec.top;
    if (!Number.isInteger(top) || top < 1) throw new InvalidArgumentError(`train: spectrum.top must be a positive integer, got ${String(top)}`);
    return Math.min(top, p);
  }
  throw new InvalidArgumentError("train: spectrum must be true, false or { top }");
}

function userData(data: TrainOptions["data"], d: number): { X: Matrix; y: Float64Array } {
  if (data === null || typeof data !== "object") throw new InvalidArgumentError("train: data must be { X, y } (X n x d, y n labels)");
  const X = asMatrix(data.X, "data.X");
  if (X.cols !== d) throw new ShapeError(`train: data.X has ${X.cols} columns, d is ${d}`);
  if (X.rows < 1) throw new ShapeError("train: data.X has no rows");
  assertFiniteMatrix(X, "data.X");
  const y = asVector(data.y, "data.y");
  if (y.length !== X.rows) throw new ShapeError(`train: data.y has ${y.length} labels for ${X.rows} rows of data.X`);
  assertFinite(y, "data.y");
  return { X, y };
}

/** Checks and resolves `options` (see TrainOptions); throws InvalidArgumentError / ShapeError naming the problem. */
export function planTraining(options: TrainOptions): TrainPlan {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("train needs an options object { d, p, target, lr, steps, ... }");
  assertOptions(options, "train");
  const d = positiveInteger(options.d, "d");
  const p = positiveInteger(options.p, "p", 1 << 16);
  if (options.target === undefined) throw new InvalidArgumentError("train: give a target link (e.g. target: 'he3' or links.product())");
  const link = targetLink(options.target);
  const k = link.p;
  const algorithm = oneOf(options.algorithm, ["sgd", "repeat", "gd"] as const, "sgd", "algorithm");
  const loss = oneOf(options.loss, ["square", "correlation"] as const, "square", "loss");
  const scaling = oneOf(options.scaling, ["sqrt-p", "p"] as const, "sqrt-p", "scaling");
  const init = oneOf(options.init, ["sphere", "gaussian"] as const, "sphere", "init");
  const second = oneOf(options.secondLayer, ["fixed", "trained"] as const, "fixed", "secondLayer");
  if (typeof options.lr !== "number" || !Number.isFinite(options.lr) || options.lr < 0) {
    throw new InvalidArgumentError(`train: lr must be a finite number >= 0, got ${String(options.lr)}`);
  }
  const lr = options.lr;
  const lrSecondLayer = options.lrSecondLayer === undefined ? lr : nonNegative(options.lrSecondLayer, "lrSecondLayer");
  if (typeof options.steps !== "number" || !Number.isInteger(options.steps) || options.steps < 0 || options.steps > MAX_STEPS) {
    throw new InvalidArgumentError(`train: steps must be an integer in 0..${MAX_STEPS}, got ${String(options.steps)}`);
  }
  const steps = options.steps;
  let batch: number;
  const data = options.data === undefined ? null : userData(options.data, d);
  if (data && algorithm !== "gd") throw new InvalidArgumentError("train: data (a fixed training set) is for algorithm 'gd'");
  if (algorithm === "gd") {
    if (options.samples === undefined && !data) throw new InvalidArgumentError("train: algorithm 'gd' needs samples (the size n of the fixed training set) or data");
    batch = data ? data.X.rows : positiveInteger(options.samples, "samples");
    if (data && options.samples !== undefined && options.samples !== batch) {
      throw new InvalidArgumentError(`train: samples = ${String(options.samples)} but data has ${batch} rows`);
    }
    if (options.batchSize !== undefined && options.batchSize !== batch) {
      throw new InvalidArgumentError("train: algorithm 'gd' uses all samples at each step; leave batchSize out");
    }
  } else {
    batch = options.batchSize === undefined ? 1 : positiveInteger(options.batchSize, "batchSize");
    if (options.samples !== undefined) throw new InvalidArgumentError(`train: samples is for algorithm 'gd'; ${algorithm} draws fresh batches of batchSize`);
  }
  const noise = options.noise === undefined ? 0 : nonNegative(options.noise, "noise");
  const testSize = options.testSize === undefined ? 1000 : options.testSize === 0 ? 0 : positiveInteger(options.testSize, "testSize");
  const threshold = options.weakRecoveryThreshold ?? 0.5;
  if (typeof threshold !== "number" || !(threshold > 0 && threshold < 1)) {
    throw new InvalidArgumentError(`train: weakRecoveryThreshold must lie in (0, 1), got ${String(threshold)}`);
  }
  const project = options.project ?? false;
  if (typeof project !== "boolean") throw new InvalidArgumentError(`train: project must be a boolean, got ${String(project)}`);
  const act = activation(options.activation ?? "relu");
  const a0 = secondLayerInit(options.a, p);
  const threads = threadsFor(options.threads, "train");
  const record = recordSchedule(options.record, steps);
  const top = spectrumTop(options.spectrum, p);
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new InvalidArgumentError("train: onProgress must be a function (done, total) => void");
  }
  if (options.teacher !== undefined) asMatrix(options.teacher, "teacher");
  const root = Rng.from(options.seed ?? 0);
  const [teacherRng, initRng, dataRng, test, channel] = root.split(5) as [Rng, Rng, Rng, Rng, Rng];
  const teacher = teacherMatrix(options.teacher, k, d, teacherRng);
  return {
    d, p, k, link, teacher, noiseStd: Math.sqrt(link.noiseVariance + noise * noise), act, scaling,
    outScale: scaling === "sqrt-p" ? 1 / Math.sqrt(p) : 1 / p, trainSecondLayer: second === "trained", a0, init,
    algorithm, batch, data, lr, lrSecondLayer, loss, project, steps, record, testSize, spectrumTop: top, threshold, threads, onProgress: options.onProgress ?? null,
    rng: { teacher: teacherRng, init: initRng, data: dataRng, test, channel },
  };
}
