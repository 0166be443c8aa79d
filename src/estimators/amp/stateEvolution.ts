/**
 * State evolution (SE) of Bayes-optimal multi-index GAMP with a N(0, I_p) prior on the rows of W*
 * (Aubin et al. 2018, "The committee machine", eq. (11) and its appendix; Troiani et al. 2024,
 * "Fundamental limits of weak learnability in high-dimensional multi-index models", eq. (9)).
 * Conventions as in ../model.ts: x ~ N(0, I_d / d), rows w*_i ~ N(0, I_p), n = alpha d, so
 * z = W*^T x ~ N(0, I_p) and the overlap Q = W^T W* / d lies between 0 and I_p. On the Nishimori
 * line (Bayes-optimal, overlap = self-overlap) the recursion is
 *
 *   Q_hat_t   = alpha E_{omega, z, y} [ g_out(omega, I - Q_t, y) g_out(omega, I - Q_t, y)^T ],
 *               omega ~ N(0, Q_t), z | omega ~ N(omega, I - Q_t), y ~ P(. | z),
 *   Q_{t+1}   = Q_hat_t (I + Q_hat_t)^{-1}     (the Gaussian prior's denoiser: the posterior of
 *               w given the Gaussian field B ~ N(Q_hat w, Q_hat) has covariance (I + Q_hat)^{-1}).
 *
 * The expectation: omega = Q^{1/2} a, z = omega + (I - Q)^{1/2} b, with a, b ~ N(0, I_p) on tensor
 * Gauss-Hermite rules for p <= 2 and for p = 3 links with an exact channel (z1 z2 z3, ||z||^2/3;
 * orders `order` = [for a, for b], default [4, 6] at p = 3; label noise through one more
 * Gauss-Hermite axis), and seeded antithetic Monte Carlo otherwise (`samples`, or `monteCarlo`).
 * Where the channel returns log Z_out (the product family's curves, the p = 3 exact channels,
 * discrete labels such as sign(z1 z2)) the expectation over z given omega is an integral over the
 * label instead (./labelRule.ts), while min eig(I - Q) >= `labelSwitch` (always for discrete
 * labels) and, at p = 3, while the label grid's mass error stays below 5e-3.
 */
import { InvalidArgumentError } from "../../errors.js";
import { gaussHermite } from "../../numerics/gaussHermite.js";
import { Rng, type Seed } from "../../random/rng.js";
import type { IndexLink } from "../links.js";
import { gOut, outputChannel, type GOutOptions, type OutputChannel } from "./gout.js";
import { assertLinkLike, eye, minEigenvalue, spectralMap } from "./small.js";
import { discreteLabels, isEvenOrOdd, labelExpectation, labelGrid, returnsLogZ } from "./labelRule.js";
import { assertOptions } from "../../validate.js";

export interface SERuleOptions {
  /** Gauss-Hermite orders [for omega, for z given omega] per axis (p <= 2, exact p = 3). Default [128, 128] (p = 1), [6, 16] (p = 2), [4, 6] (p = 3). */
  order?: [number, number];
  /** Monte Carlo draws where no quadrature applies (or with `monteCarlo: true`), before antithetic doubling. Default 20000. */
  samples?: number;
  monteCarlo?: boolean;
  seed?: Seed;
  /** Options of the output channel built from a link. */
  gout?: GOutOptions;
  /**
   * Where the channel returns log Z_out: the label integral is used while min eig(I - Q) >= labelSwitch,
   * the Gauss-Hermite rule in z below (the label law given omega narrows with I - Q). Default 0.05;
   * at p = 3 (unless given) also the rule in z wherever the label grid's mass error exceeds 5e-3.
   */
  labelSwitch?: number;
  /** Floor on the eigenvalues of V = I - Q (stability as Q -> I). Default 1e-9. */
  varianceFloor?: number;
}

export interface StateEvolutionOptions extends SERuleOptions {
  alpha: number;
  /** "uninformed" (default): Q_0 = start I with start 1e-6; "informed": Q_0 = (1 - 1e-4) I; or a p x p Q_0. */
  init?: "uninformed" | "informed" | ArrayLike<number>;
  start?: number;
  /** Maximal iterations (default 1000) and the stop on max |Q_{t+1} - Q_t| < tol max(max |Q|, 1e-3) (tol default 1e-10). */
  iterations?: number;
  tol?: number;
  /** Q_{t+1} <- (1 - damping) Q_{t+1} + damping Q_t. Default 0. */
  damping?: number;
}

export interface StateEvolutionResult {
  readonly p: number;
  readonly alpha: number;
  /** The last overlap matrix (p x p, row-major). */
  readonly Q: Float64Array;
  /** Q_0, Q_1, ... per iteration. */
  readonly trajectory: Float64Array[];
  readonly iterations: number;
  readonly converged: boolean;
}

/** A prepared expectation over (a, b, noise) and the channel: reusable across alpha and Q. */
export interface SERule {
  readonly channel: OutputChannel;
  readonly p: number;
  /** Q_hat / alpha = E[g_out g_out^T] at overlap Q. */
  qHat(Q: Float64Array): Float64Array;
  /**
   * For the label-grid rule: the largest |1 - sum_y w_y Z_out(y | omega)| over the omega nodes of the
   * last qHat (the truncation of the y-grid; the weights are renormalised); 0 for the other rules.
   */
  readonly massError: number;
}

/** The expectation rule and channel of `link` (see the file comment). */
export function seRule(link: IndexLink | OutputChannel, options: SERuleOptions = {}): SERule {
  assertLinkLike(link, "seRule", "an IndexLink (links.*) or an output channel");
  assertOptions(options, "seRule");
  const channel = "posterior" in link ? link : outputChannel(link, options.gout);
  const lk = channel.link;
  const p = channel.p;
  const noise = lk.noiseVariance;
  const floor = options.varianceFloor ?? 1e-9;
  if (!(floor > 0)) throw new InvalidArgumentError(`state evolution: varianceFloor must be > 0, got ${floor}`);
  // nodes: a (p), b (p), eta (1), weight
  let A: Float64Array, B: Float64Array, E: Float64Array, W: Float64Array;
  // p = 3 with an exact channel returning log Z_out (z1 z2 z3, ||z||^2/3): quadrature, not Monte Carlo
  const exact3 = p === 3 && noise === 0 && !lk.sample && channel.method !== "monte-carlo" && returnsLogZ(channel, 0.5);
  if ((p <= 2 || exact3) && !options.monteCarlo) {
    // p = 3: an even order in omega keeps its nodes off the coordinate planes, where the direction of
    // the product links' g_out jumps; Q_hat is far more sensitive to it than to the order in z (at
    // I - Q = 0.025 I, orders 3 / 4 / 5 in omega give 8.3 / 13.0 / 10.2 for ||z||^2/3, the
    // small-V value I / (3 v) being 13.3; orders 6 / 12 / 16 in z agree to 1e-3)
    const [ka, kb] = options.order ?? (p === 1 ? [128, 128] : p === 2 ? [6, 16] : [4, 6]);
    const ra = gaussHermite(ka), rb = gaussHermite(kb), re = gaussHermite(noise > 0 ? 12 : 1);
    const na = ka ** p, nb = kb ** p, ne = re.nodes.length;
    const N = na * nb * ne;
    A = new Float64Array(N * p); B = new Float64Array(N * p); E = new Float64Array(N); W = new Float64Array(N);
    let k = 0;
    for (let i = 0; i < na; i++) for (let j = 0; j < nb; j++) for (let e = 0; e < ne; e++) {
      let w = re.weights[e]!;
      for (let c = 0, ii = i, jj = j; c < p; c++, ii = Math.floor(ii / ka), jj = Math.floor(jj / kb)) {
        A[k * p + c] = ra.nodes[ii % ka]!;
        B[k * p + c] = rb.nodes[jj % kb]!;
        w *= ra.weights[ii % ka]! * rb.weights[jj % kb]!;
      }
      E[k] = re.nodes[e]!;
      W[k++] = w;
    }
  } else {
    const M = options.samples ?? 20000;
    if (!Number.isInteger(M) || M < 100) throw new InvalidArgumentError(`state evolution samples must be an integer >= 100, got ${M}`);
    const raw = new Rng(options.seed ?? 0).normal(M * (2 * p + 1));
    const N = 2 * M;
    A = new Float64Array(N * p); B = new Float64Array(N * p); E = new Float64Array(N); W = new Float64Array(N).fill(1 / N);
    for (let m = 0; m < M; m++) for (let s = 0; s < 2; s++) {
      const k = 2 * m + s, sign = s === 0 ? 1 : -1;
      for (let c = 0; c < p; c++) {
        A[k * p + c] = sign * raw[m * (2 * p + 1) + c]!;
        B[k * p + c] = sign * raw[m * (2 * p + 1) + p + c]!;
      }
      E[k] = sign * raw[m * (2 * p + 1) + 2 * p]!;
    }
  }
  const N = W.length;
  const omega = new Float64Array(N * p);
  const y = new Float64Array(N);
  const g = new Float64Array(N * p);
  const z = new Float64Array(p);
  const sd = Math.sqrt(noise);
  // the curve channels integrate over the label instead of z given omega while V is not small
  // (for small V the label law given omega is too narrow for the fixed grid; z is then nearly
  // Gaussian given (omega, y) and the (a, b) rule is accurate)
  const discrete = options.monteCarlo ? null : discreteLabels(channel);
  const grid = discrete ?? (options.monteCarlo ? null : channel.method === "curve" ? labelGrid() : exact3 ? labelGrid(-12, 3.4) : null);
  const ka = (options.order ?? (p === 3 ? [4, 6] : [6, 16]))[0];
  const mirror = grid !== null && isEvenOrOdd(lk);
  const labelSwitch = options.labelSwitch ?? 0.05;
  // p = 3's coarse label grid resolves the label law given omega only while I - Q is not small
  // (mass error 5e-3 at I - Q = 0.1 I for z1 z2 z3, 0.2 I for ||z||^2/3, where Q_hat is within
  // ~0.3% of the Gauss-Hermite rule in z at order 20): beyond that mass error the rule in z is used
  const maxMassError = p === 3 && !discrete && options.labelSwitch === undefined ? 5e-3 : Infinity;
  if (!(labelSwitch >= 0 && labelSwitch <= 1)) throw new InvalidArgumentError(`state evolution: labelSwitch must be in [0, 1], got ${labelSwitch}`);
  const rule = {
    channel,
    p,
    massError: 0,
    qHat(Q: Float64Array): Float64Array {
      if (Q.length !== p * p) throw new InvalidArgumentError(`state evolution: Q must be p x p = ${p} x ${p}`);
      const R = spectralMap(Q, p, (l) => Math.sqrt(Math.min(Math.max(l, 0), 1)));
      const Vm = spectralMap(Q, p, (l) => Math.max(1 - l, floor));
      if (grid && (discrete || minEigenvalue(Vm, p) >= labelSwitch)) {
        const { qHat, massError } = labelExpectation(channel, grid, ka, mirror, R, Vm);
        rule.massError = massError;
        if (massError <= maxMassError) return qHat;
      }
      rule.massError = 0;
      const S = spectralMap(Vm, p, Math.sqrt);
      for (let k = 0; k < N; k++) {
        for (let a = 0; a < p; a++) {
          let w = 0, u = 0;
          for (let b = 0; b < p; b++) {
            w += R[a * p + b]! * A[k * p + b]!;
            u += S[a * p + b]! * B[k * p + b]!;
          }
          omega[k * p + a] = w;
          z[a] = w + u;
        }
        y[k] = lk.g(z) + sd * E[k]!;
      }
      gOut(channel, omega, Vm, y, g);
      const out = new Float64Array(p * p);
      for (let k = 0; k < N; k++) for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b]! += W[k]! * g[k * p + a]! * g[k * p + b]!;
      return out;
    },
  };
  return rule;
}

function initialQ(p: number, init: StateEvolutionOptions["init"], start: number | undefined): Float64Array {
  if (init === undefined || init === "uninformed") return eye(p, start ?? 1e-6);
  if (init === "informed") return eye(p, start ?? 1 - 1e-4);
  if (typeof init !== "object" || init === null || init.length !== p * p) throw new InvalidArgumentError(`state evolution: init must be 'uninformed', 'informed' or a p x p = ${p * p}-entry matrix`);
  const Q = Float64Array.from(init);
  for (const v of Q) if (!Number.isFinite(v)) throw new InvalidArgumentError("state evolution: init has a non-finite entry");
  return Q;
}

/** One SE step: Q_{t+1} = Q_hat (I + Q_hat)^{-1}, Q_hat = alpha E[g_out g_out^T]. */
export function seStep(rule: SERule, alpha: number, Q: Float64Array): Float64Array {
  assertLinkLike(rule, "seStep", "an SE rule (seRule(link))");
  if (typeof (rule as { qHat?: unknown }).qHat !== "function") throw new InvalidArgumentError("seStep: expected an SE rule (seRule(link)), got an object without qHat");
  if (typeof alpha !== "number" || !(alpha > 0) || !Number.isFinite(alpha)) throw new InvalidArgumentError(`seStep: alpha must be a finite number > 0, got ${alpha}`);
  if (!(Q instanceof Float64Array) || Q.length !== rule.p * rule.p) throw new InvalidArgumentError(`seStep: Q must be a Float64Array of p x p = ${rule.p * rule.p} entries`);
  const h = rule.qHat(Q);
  for (let i = 0; i < h.length; i++) h[i]! *= alpha;
  return spectralMap(h, rule.p, (l) => Math.max(l, 0) / (1 + Math.max(l, 0)));
}

/** Iterates SE from `init` to a fixed point (see the file comment). */
export function stateEvolution(link: IndexLink | OutputChannel | SERule, options: StateEvolutionOptions): StateEvolutionResult {
  assertLinkLike(link, "stateEvolution");
  assertOptions(options, "stateEvolution");
  const { alpha } = options;
  if (typeof alpha !== "number" || !(alpha > 0) || !Number.isFinite(alpha)) throw new InvalidArgumentError(`stateEvolution: alpha must be a finite number > 0, got ${alpha}`);
  const rule = "qHat" in link ? link : seRule(link, options);
  const p = rule.p;
  const maxIt = options.iterations ?? 1000;
  const tol = options.tol ?? 1e-10;
  const damping = options.damping ?? 0;
  if (!Number.isInteger(maxIt) || maxIt < 1) throw new InvalidArgumentError(`stateEvolution: iterations must be a positive integer, got ${maxIt}`);
  if (!(damping >= 0 && damping < 1)) throw new InvalidArgumentError(`stateEvolution: damping must be in [0, 1), got ${damping}`);
  let Q = initialQ(p, options.init, options.start);
  const trajectory = [Q];
  let converged = false;
  let t = 0;
  while (t < maxIt) {
    const next = seStep(rule, alpha, Q);
    for (let i = 0; i < next.length; i++) next[i] = (1 - damping) * next[i]! + damping * Q[i]!;
    let change = 0;
    let size = 0;
    for (let i = 0; i < next.length; i++) {
      change = Math.max(change, Math.abs(next[i]! - Q[i]!));
      size = Math.max(size, Math.abs(next[i]!));
    }
    Q = next;
    trajectory.push(Q);
    t++;
    // relative to the overlap's size (a start at 1e-6 grows slowly), absolute below 1e-3
    if (change < tol * Math.max(size, 1e-3)) {
      converged = true;
      break;
    }
  }
  return { p, alpha, Q, trajectory, iterations: t, converged };
}
