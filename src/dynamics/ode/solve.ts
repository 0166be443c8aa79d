/**
 * `sgdOde`: the deterministic high-dimensional limit of one-pass SGD (equations.ts) solved by the
 * adaptive Dormand-Prince 5(4) integrator (numerics/rungeKutta.ts), reported like `train` reports a
 * simulation: M, Q, a and the test error at the recorded steps, with t = steps / d.
 *
 * Options are those of `train` where they mean something for the limit; `d` only sets the initial
 * condition (overlaps of order d^-1/2) and the conversion of time to steps. The initial condition is
 * `M0`/`Q0` when given (e.g. a simulation's recorded M[0], Q[0], to follow that run), else the overlaps
 * of a seeded draw of W0 (rows on the sphere of radius sqrt(d) or iid N(0, 1), as `train`'s `init`)
 * with the teacher (given, or the first k coordinate axes times sqrt(d): the same law as train's
 * Haar teacher, though not the same numbers for the same seed). With `project` the rows start on the
 * sphere: Q0 is rescaled to unit diagonal (and M0 with it), as the first projection would.
 *
 * Cost: (RK evaluations, 6 per step) x (Gaussian points) x O((p + k)^2); e.g. p = 2, k = 1 by tensor
 * quadrature (24^3 points) takes a fraction of a second for a few hundred steps.
 */
import { InvalidArgumentError, ShapeError } from "../../errors.js";
import { activation, type ActivationLike } from "../../features/activations.js";
import { asMatrix, Matrix, type MatrixLike } from "../../matrix.js";
import { solveOde } from "../../numerics/rungeKutta.js";
import { Rng, type RandomSource } from "../../random/rng.js";
import { assertOptions } from "../../validate.js";
import { recordSchedule, type RecordSpec } from "../schedule.js";
import { targetLink, type LinkLike } from "../targets.js";
import { sgdRates, stateLayout, type OdeModel } from "./equations.js";
import { gaussianRule, type GaussianRuleOptions } from "./gaussianExpectations.js";

export interface SgdOdeOptions {
  /** Input dimension: sets the initial overlaps (order d^-1/2) and steps = t d. */
  d: number;
  /** Student width. */
  p: number;
  /** The target link (as `train`): "he2", "z^2-1", "z1*z2", or an IndexLink; k = link.p. */
  target: LinkLike;
  /** W* (k x d): only T = W* W*^T / d and the drawn M0 use it (default T = I_k). */
  teacher?: MatrixLike;
  /** Gaussian label noise std added to g (default 0). */
  noise?: number;
  /** Student activation (default "relu", as train). Smooth activations integrate far more accurately. */
  activation?: ActivationLike;
  scaling?: "sqrt-p" | "p";
  secondLayer?: "fixed" | "trained";
  /** Initial second layer (default all ones). */
  a?: ArrayLike<number>;
  init?: "sphere" | "gaussian";
  /** Only "sgd" (one-pass) has this limit. */
  algorithm?: "sgd";
  batchSize?: number;
  lr: number;
  lrSecondLayer?: number;
  loss?: "square" | "correlation";
  project?: boolean;
  steps: number;
  /** Steps at which to report (default 50 log-spaced, as train). */
  record?: RecordSpec;
  /** Initial overlaps (p x k) and norms (p x p); both or neither. */
  M0?: MatrixLike;
  Q0?: MatrixLike;
  /** Normalized overlap that counts as weak recovery (default 0.5, as train). */
  weakRecoveryThreshold?: number;
  /** How the Gaussian expectations are computed (default: quadrature when p + k <= 3, else Monte Carlo). */
  expectation?: GaussianRuleOptions;
  /** Tolerances of the integrator (default 1e-5, 1e-8: far below the O(d^-1/2) finite-size error; with a kinked
   * activation such as relu the fixed-point expectations jump by O(1/points) as points cross the kink, and much
   * tighter tolerances only buy many tiny steps). */
  rtol?: number;
  atol?: number;
  maxSteps?: number;
  /** Draws the initial condition (when M0/Q0 are not given) and the Monte Carlo points. */
  seed?: RandomSource;
}

export interface SgdOdeResult {
  steps: number[];
  /** t = steps / d. */
  time: number[];
  M: Matrix[];
  Q: Matrix[];
  a: Float64Array[];
  /** 1/2 E (g(nu) - f)^2, the excess test error (as train's, on noiseless labels). */
  testError: number[];
  /** max_i |M_ir| / sqrt(Q_ii T_rr) per direction r, per reported step (as train's `overlap`). */
  overlap: Float64Array[];
  /** Per direction r: first reported step with overlap[r] above the threshold. */
  weakRecovery: (number | null)[];
  expectation: "quadrature" | "monte-carlo";
  evaluations: number;
  seconds: number;
}

function bad(message: string): never {
  throw new InvalidArgumentError(`sgdOde: ${message}`);
}

function positiveInteger(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 2 ** 40) bad(`${name} must be a positive integer, got ${String(v)}`);
  return v;
}

function nonNegativeNumber(v: unknown, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) bad(`${name} must be a finite number >= 0, got ${String(v)}`);
  return v;
}

function choice<T extends string>(v: unknown, allowed: readonly T[], fallback: T, name: string): T {
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) bad(`${name} must be one of ${allowed.join(", ")}, got ${String(v)}`);
  return v as T;
}

/** The initial (M0, Q0) of a draw of W0 against the teacher (see the file comment). */
function drawInitialOverlaps(d: number, p: number, k: number, init: "sphere" | "gaussian", teacher: Matrix | null, rng: Rng): [Float64Array, Float64Array] {
  const W = rng.normal(p * d);
  if (init === "sphere") {
    for (let i = 0; i < p; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += W[i * d + j]! ** 2;
      const scale = Math.sqrt(d / s);
      for (let j = 0; j < d; j++) W[i * d + j]! *= scale;
    }
  }
  const M = new Float64Array(p * k);
  const Q = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let r = 0; r < k; r++) {
      let s = 0;
      if (teacher) for (let j = 0; j < d; j++) s += W[i * d + j]! * teacher.data[r * d + j]!;
      else s = Math.sqrt(d) * W[i * d + r]!;
      M[i * k + r] = s / d;
    }
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += W[i * d + c]! * W[j * d + c]!;
      Q[i * p + j] = Q[j * p + i] = s / d;
    }
  }
  return [M, Q];
}

/** Solves the one-pass SGD ODEs (see the file comment and equations.ts). */
export function sgdOde(options: SgdOdeOptions): SgdOdeResult {
  const started = performance.now();
  if (options === null || typeof options !== "object") bad("needs an options object { d, p, target, lr, steps, ... }");
  assertOptions(options, "sgdOde");
  const d = positiveInteger(options.d, "d");
  if (d > 2 ** 30) bad(`d = ${d} is beyond 2^30`);
  const p = positiveInteger(options.p, "p");
  if (p > 64) bad(`p = ${p}: the ODE integrates over p + k Gaussian coordinates; take p <= 64`);
  if (options.target === undefined) bad("give a target link (e.g. target: 'he2' or 'z1*z2')");
  const link = targetLink(options.target);
  if (link.sample) bad(`the target '${link.name}' has a stochastic channel; the ODE takes y = g(z) + Gaussian noise only`);
  const k = link.p;
  if (options.algorithm !== undefined && options.algorithm !== "sgd") bad(`the ODE describes one-pass SGD (algorithm 'sgd'), got '${String(options.algorithm)}'`);
  const lr = nonNegativeNumber(options.lr, "lr", NaN);
  if (Number.isNaN(lr)) bad("lr is required");
  const lrSecondLayer = nonNegativeNumber(options.lrSecondLayer, "lrSecondLayer", lr);
  const noise = nonNegativeNumber(options.noise, "noise", 0);
  const batchSize = options.batchSize === undefined ? 1 : positiveInteger(options.batchSize, "batchSize");
  const loss = choice(options.loss, ["square", "correlation"] as const, "square", "loss");
  const scaling = choice(options.scaling, ["sqrt-p", "p"] as const, "sqrt-p", "scaling");
  const init = choice(options.init, ["sphere", "gaussian"] as const, "sphere", "init");
  const second = choice(options.secondLayer, ["fixed", "trained"] as const, "fixed", "secondLayer");
  const project = options.project ?? false;
  if (typeof project !== "boolean") bad(`project must be a boolean, got ${String(project)}`);
  if (typeof options.steps !== "number" || !Number.isInteger(options.steps) || options.steps < 0 || options.steps > 1e12) {
    bad(`steps must be a non-negative integer, got ${String(options.steps)}`);
  }
  const record = recordSchedule(options.record, options.steps);
  const threshold = options.weakRecoveryThreshold ?? 0.5;
  if (typeof threshold !== "number" || !(threshold > 0 && threshold < 1)) bad(`weakRecoveryThreshold must lie in (0, 1), got ${String(threshold)}`);
  const act = activation(options.activation ?? "relu");
  const a0 = new Float64Array(p).fill(1);
  if (options.a !== undefined) {
    if (options.a === null || typeof options.a !== "object" || options.a.length !== p) bad(`a must be an array of p = ${p} numbers`);
    for (let i = 0; i < p; i++) {
      a0[i] = Number(options.a[i]);
      if (!Number.isFinite(a0[i]!)) bad(`a[${i}] = ${options.a[i]} is not finite`);
    }
  }
  let teacher: Matrix | null = null;
  const T = new Float64Array(k * k);
  if (options.teacher !== undefined) {
    teacher = asMatrix(options.teacher, "teacher");
    if (teacher.rows !== k || teacher.cols !== d) throw new ShapeError(`sgdOde: teacher must be k x d = ${k} x ${d}, got ${teacher.rows} x ${teacher.cols}`);
    for (let r = 0; r < k; r++) {
      for (let s = 0; s < k; s++) {
        let v = 0;
        for (let j = 0; j < d; j++) v += teacher.data[r * d + j]! * teacher.data[s * d + j]!;
        T[r * k + s] = v / d;
      }
    }
    for (const v of T) if (!Number.isFinite(v)) bad("the teacher has non-finite entries");
  } else {
    for (let r = 0; r < k; r++) T[r * k + r] = 1;
  }
  const [initRng, pointsRng] = Rng.from(options.seed ?? 0).split(2) as [Rng, Rng];
  const lay = stateLayout(p, k);
  const state = new Float64Array(lay.length);
  if ((options.M0 === undefined) !== (options.Q0 === undefined)) bad("give both M0 and Q0, or neither");
  if (options.M0 !== undefined) {
    const M0 = asMatrix(options.M0, "M0");
    const Q0 = asMatrix(options.Q0!, "Q0");
    if (M0.rows !== p || M0.cols !== k) throw new ShapeError(`sgdOde: M0 must be p x k = ${p} x ${k}, got ${M0.rows} x ${M0.cols}`);
    if (Q0.rows !== p || Q0.cols !== p) throw new ShapeError(`sgdOde: Q0 must be p x p = ${p} x ${p}, got ${Q0.rows} x ${Q0.cols}`);
    for (const v of [...M0.data, ...Q0.data]) if (!Number.isFinite(v)) bad("M0 and Q0 must be finite");
    state.set(M0.data, lay.M);
    state.set(Q0.data, lay.Q);
  } else {
    if (p * d > 2 ** 26) bad(`drawing W0 (p x d = ${p} x ${d}) for the initial overlaps is too large; give M0 and Q0`);
    const [M0, Q0] = drawInitialOverlaps(d, p, k, init, teacher, initRng);
    state.set(M0, lay.M);
    state.set(Q0, lay.Q);
  }
  for (let i = 0; i < p; i++) if (!(state[lay.Q + i * p + i]! > 0)) bad(`Q0[${i}][${i}] must be > 0 (a row of W0 is zero)`);
  if (project) {
    const norms = Array.from({ length: p }, (_, i) => Math.sqrt(state[lay.Q + i * p + i]!));
    for (let i = 0; i < p; i++) {
      for (let r = 0; r < k; r++) state[lay.M + i * k + r]! /= norms[i]!;
      for (let j = 0; j < p; j++) state[lay.Q + i * p + j]! /= norms[i]! * norms[j]!;
    }
  }
  state.set(a0, lay.a);
  const rule = gaussianRule(p + k, { seed: pointsRng, ...(options.expectation ?? {}) });
  const model: OdeModel = {
    p, k, g: link.g, noiseVariance: link.noiseVariance + noise * noise, act, outScale: scaling === "sqrt-p" ? 1 / Math.sqrt(p) : 1 / p,
    loss, lr, lrSecondLayer, batchSize, project, trainSecondLayer: second === "trained", T, rule,
  };
  const times = record.map((s) => s / d);
  const sol = solveOde((_t, y, dy) => void sgdRates(model, y, dy), state, times, {
    rtol: options.rtol ?? 1e-5,
    atol: options.atol ?? 1e-8,
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
  });
  const result: SgdOdeResult = {
    steps: record, time: times, M: [], Q: [], a: [], overlap: [], testError: [], weakRecovery: new Array<number | null>(k).fill(null),
    expectation: rule.kind, evaluations: sol.stats.evaluations, seconds: 0,
  };
  sol.y.forEach((y, n) => {
    const M = new Matrix(p, k, y.slice(lay.M, lay.M + p * k));
    const Q = new Matrix(p, p, y.slice(lay.Q, lay.Q + p * p));
    result.M.push(M);
    result.Q.push(Q);
    result.a.push(y.slice(lay.a, lay.a + p));
    result.testError.push(sgdRates(model, y).testError);
    const overlap = new Float64Array(k);
    for (let r = 0; r < k; r++) {
      for (let i = 0; i < p; i++) overlap[r] = Math.max(overlap[r]!, Math.abs(M.data[i * k + r]!) / Math.sqrt(Q.data[i * p + i]! * T[r * k + r]!));
      if (result.weakRecovery[r] === null && overlap[r]! > threshold) result.weakRecovery[r] = record[n]!;
    }
    result.overlap.push(overlap);
  });
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
