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
 * Gauss-Hermite rules for p <= 2 (orders `order` = [for a, for b]; label noise through one more
 * Gauss-Hermite axis), and seeded antithetic Monte Carlo for p >= 3 (`samples`). For discrete
 * p = 2 labels with an exact channel (sign(z1 z2)) the expectation over z given omega is the sum
 * over the label values weighted by P(y | omega, V).
 */
import { InvalidArgumentError } from "../../errors.js";
import { gaussHermite } from "../../numerics/gaussHermite.js";
import { gaussLegendre } from "../../numerics/gaussLegendre.js";
import { Rng, type Seed } from "../../random/rng.js";
import type { IndexLink } from "../links.js";
import { gOut, outputChannel, type GOutOptions, type OutputChannel } from "./gout.js";
import { assertLinkLike, eye, invertSpd, minEigenvalue, spectralMap } from "./small.js";
import { assertOptions } from "../../validate.js";

export interface SERuleOptions {
  /** Gauss-Hermite orders [for omega, for z given omega] per axis (p <= 2). Default [128, 128] (p = 1), [6, 16] (p = 2). */
  order?: [number, number];
  /** Monte Carlo draws for p >= 3 (or `monteCarlo: true`), before antithetic doubling. Default 20000. */
  samples?: number;
  monteCarlo?: boolean;
  seed?: Seed;
  /** Options of the output channel built from a link. */
  gout?: GOutOptions;
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

/**
 * The label grid of the "curve" channels (noiseless p = 2 product family): |y| = e^s with s on
 * composite 8-point Gauss-Legendre panels of width 1 over [-20, ln 150], both signs (368 labels).
 * In s the densities' log singularity at y = 0 becomes an e^s decay, so the rule converges
 * geometrically where a Gauss-Hermite rule in z converges slowly (G(y) of z1 z2 is log-singular
 * on the axes). Against width 1/2 over [-25, ln 300] (992 labels) Q_hat agrees to ~1e-8 relative
 * and the mass error stays below 3e-8 at small Q (2e-6 at Q = diag(0.9, 0.5)).
 */
function labelGrid(): { y: Float64Array; w: Float64Array } {
  const { nodes, weights } = gaussLegendre(8);
  const s0 = -20, s1 = Math.log(150), width = 1;
  const panels = Math.ceil((s1 - s0) / width);
  const ys: number[] = [], ws: number[] = [];
  for (let q = 0; q < panels; q++) for (let i = 0; i < 8; i++) {
    const sv = s0 + (q + 0.5) * width + 0.5 * width * nodes[i]!;
    const e = Math.exp(sv);
    ys.push(e, -e);
    ws.push(0.5 * width * weights[i]! * e, 0.5 * width * weights[i]! * e);
  }
  return { y: Float64Array.from(ys), w: Float64Array.from(ws) };
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
  if (p <= 2 && !options.monteCarlo) {
    const [ka, kb] = options.order ?? (p === 1 ? [128, 128] : [6, 16]);
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
  const grid = discrete ?? (channel.method === "curve" && !options.monteCarlo ? labelGrid() : null);
  const ka = (options.order ?? [6, 16])[0];
  const even = grid !== null && isEven(lk);
  const ga = gaussHermite(ka);
  const rule = {
    channel,
    p,
    massError: 0,
    qHat(Q: Float64Array): Float64Array {
      if (Q.length !== p * p) throw new InvalidArgumentError(`state evolution: Q must be p x p = ${p} x ${p}`);
      const R = spectralMap(Q, p, (l) => Math.sqrt(Math.min(Math.max(l, 0), 1)));
      const Vm = spectralMap(Q, p, (l) => Math.max(1 - l, floor));
      if (grid && (discrete || minEigenvalue(Vm, p) >= 0.05)) return labelExpectation(R, Vm);
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
  // E_omega sum_y w_y Z_out(y | omega, V) g_out g_out^T, omega = R a on the ka^2 Gauss-Hermite rule
  const labelExpectation = (R: Float64Array, Vm: Float64Array): Float64Array => {
    const { y: ys, w: wy } = grid!;
    const Vinv = invertSpd(Vm, p, "state evolution: I - Q");
    const out = new Float64Array(p * p);
    const w2 = new Float64Array(p), mean = new Float64Array(p), cov = new Float64Array(p * p), gv = new Float64Array(p);
    const acc = new Float64Array(p * p);
    let worst = 0;
    for (let i = 0; i < ka ** p; i++) {
      // an even link (g(-z) = g(z)) has g_out(-omega) = -g_out(omega) at every label: the node
      // mirrored through the origin adds the same g_out g_out^T, so only one of each pair is done
      const mirror = (ka - 1 - (i % ka)) + ka * (ka - 1 - Math.floor(i / ka));
      if (even && mirror < i) continue;
      const a0 = ga.nodes[i % ka]!, a1 = ga.nodes[Math.floor(i / ka) % ka]!;
      const wa = ga.weights[i % ka]! * ga.weights[Math.floor(i / ka) % ka]! * (even && mirror !== i ? 2 : 1);
      w2[0] = R[0]! * a0 + R[1]! * a1;
      w2[1] = R[2]! * a0 + R[3]! * a1;
      acc.fill(0);
      let mass = 0;
      for (let j = 0; j < ys.length; j++) {
        const logZ = channel.posterior(w2, Vm, ys[j]!, mean, cov);
        if (logZ === -Infinity) continue;
        const w = wy[j]! * Math.exp(logZ);
        mass += w;
        for (let a = 0; a < p; a++) {
          let sum = 0;
          for (let b = 0; b < p; b++) sum += Vinv[a * p + b]! * (mean[b]! - w2[b]!);
          gv[a] = sum;
        }
        for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) acc[a * p + b]! += w * gv[a]! * gv[b]!;
      }
      worst = Math.max(worst, Math.abs(1 - mass));
      for (let k = 0; k < p * p; k++) out[k]! += (wa * acc[k]!) / mass;
    }
    rule.massError = worst;
    return out;
  };
  return rule;
}

/**
 * For a noiseless p = 2 link with finitely many labels whose channel returns log P(y | omega, V)
 * (sign(z1 z2)): its label values with unit weights, so that SE sums over the labels exactly
 * instead of integrating an indicator of z by Gauss-Hermite (which converges slowly); else null.
 */
function discreteLabels(channel: OutputChannel): { y: Float64Array; w: Float64Array } | null {
  const lk = channel.link;
  if (channel.p !== 2 || lk.labels !== "discrete" || lk.noiseVariance > 0 || lk.sample || !lk.labelLaw) return null;
  const y = lk.labelLaw().y;
  const mean = new Float64Array(2), cov = new Float64Array(4);
  const logZ = channel.posterior(new Float64Array(2), Float64Array.of(1, 0, 0, 1), y[0]!, mean, cov);
  return Number.isFinite(logZ) ? { y: Float64Array.from(y), w: new Float64Array(y.length).fill(1) } : null;
}

/** Whether g(-z) = g(z) at 64 seeded points (the product family's z1 z2, |z1 z2|, z1^2 - z2^2, sign(z1 z2)). */
function isEven(link: IndexLink): boolean {
  const z = new Float64Array(link.p), m = new Float64Array(link.p);
  const pts = new Rng(12345).normal(64 * link.p);
  for (let k = 0; k < 64; k++) {
    for (let a = 0; a < link.p; a++) {
      z[a] = pts[k * link.p + a]!;
      m[a] = -z[a]!;
    }
    if (link.g(z) !== link.g(m)) return false;
  }
  return true;
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
