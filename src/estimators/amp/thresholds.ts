/**
 * Thresholds of Bayes-optimal AMP read off its state evolution (./stateEvolution.ts):
 *
 * - weak recovery (Troiani et al. 2024, "Fundamental limits of weak learnability", Theorem 3.4 and
 *   eq. (13)): when E[z | y] = 0 (no trivial direction), Q = 0 is a fixed point of SE, and for
 *   small Q, Q_{t+1} ~ alpha J(Q_t) with J(Q) = d E[g_out g_out^T] / dQ at 0 (which equals
 *   E_y[G(y) Q G(y)], G = E[z z^T | y] - I). Q = 0 is unstable iff alpha nu_1(J) > 1, so
 *   alpha_wr = 1 / nu_1(J). J is measured here from the SE map itself, by Richardson-extrapolated
 *   finite differences Q = eps M on the symmetric basis (M = e_a e_a^T and (e_a +- e_b)(e_a +- e_b)^T,
 *   all positive semi-definite), not from G: it is a second route to `criticalAlpha`.
 *   With E[z | y] != 0 the fixed point moves off 0 at any alpha > 0 and alpha_wr = 0.
 * - the algorithmic threshold: the alpha where the fixed point reached from the uninformed start
 *   crosses `level` in its smallest overlap eigenvalue (a jump for a first-order transition, e.g.
 *   phase retrieval's perfect recovery at 1.13, Barbier et al. 2019 PNAS 116(12), section 3);
 *   bisection on alpha.
 * - per-direction learning: the alpha where u^T Q u of the uninformed fixed point crosses `level`
 *   for each direction u (hierarchical links such as z1 + z1 z2 learn their directions in turn).
 */
import { InvalidArgumentError } from "../../errors.js";
import type { IndexLink } from "../links.js";
import { seRule, stateEvolution, type SERule, type SERuleOptions } from "./stateEvolution.js";
import { assertLinkLike, minEigenvalue } from "./small.js";
import { assertOptions } from "../../validate.js";

export interface WeakRecovery {
  /** 1 / nu_1(J), 0 with a trivial direction, Infinity when J = 0. */
  readonly alpha: number;
  /** True when E[z | y] != 0 (Q = 0 is not a fixed point). */
  readonly trivial: boolean;
  /** J on the symmetric basis (p(p+1)/2 square, entries (a <= b) in row-major order of the pairs). */
  readonly J: Float64Array;
  /** nu_1(J). */
  readonly nu: number;
}

export interface ThresholdOptions extends SERuleOptions {
  /** The small overlap of the finite differences. Default 1e-3. */
  eps?: number;
}

function ruleOf(link: IndexLink | SERule, options: SERuleOptions, fn: string): SERule {
  assertLinkLike(link, fn, "an IndexLink (links.*) or an SE rule");
  assertOptions(options, fn);
  return "qHat" in link ? link : seRule(link, options);
}

/** The weak-recovery threshold from the linear stability of Q = 0 (see the file comment). */
export function weakRecoveryThreshold(link: IndexLink | SERule, options: ThresholdOptions = {}): WeakRecovery {
  const rule = ruleOf(link, options, "weakRecoveryThreshold");
  const p = rule.p;
  const eps = options.eps ?? 1e-3;
  if (!(eps > 0 && eps < 0.1)) throw new InvalidArgumentError(`weakRecoveryThreshold: eps must be in (0, 0.1), got ${eps}`);
  const pairs: [number, number][] = [];
  for (let a = 0; a < p; a++) for (let b = a; b < p; b++) pairs.push([a, b]);
  const m = pairs.length;
  const zero = rule.qHat(new Float64Array(p * p));
  let trace = 0;
  for (let a = 0; a < p; a++) trace += zero[a * p + a]!;
  if (trace > 1e-9) return { alpha: 0, trivial: true, J: new Float64Array(m * m), nu: Infinity };
  // J(M) ~ 2 F(eps M) / eps - F(2 eps M) / (2 eps): the O(eps) term of F(eps M)/eps cancels
  const J1 = (M: Float64Array): Float64Array => {
    const scaled = (s: number) => rule.qHat(M.map((v) => v * s));
    const f1 = scaled(eps), f2 = scaled(2 * eps);
    return f1.map((v, i) => (2 * v) / eps - f2[i]! / (2 * eps));
  };
  const J = new Float64Array(m * m);
  pairs.forEach(([a, b], col) => {
    let image: Float64Array;
    if (a === b) {
      const M = new Float64Array(p * p);
      M[a * p + a] = 1;
      image = J1(M);
    } else {
      const plus = new Float64Array(p * p), minus = new Float64Array(p * p);
      for (const [M, s] of [[plus, 1], [minus, -1]] as const) {
        M[a * p + a] = 1; M[b * p + b] = 1; M[a * p + b] = s; M[b * p + a] = s;
      }
      const jp = J1(plus), jm = J1(minus);
      // (plus - minus) / 2 = E_ab + E_ba, the basis element of the pair (a, b)
      image = jp.map((v, i) => (v - jm[i]!) / 2);
    }
    pairs.forEach(([c, d], row) => { J[row * m + col] = image[c * p + d]!; });
  });
  // J maps the PSD cone into itself: its top eigenvalue is real and has a PSD eigenmatrix
  // (Krein-Rutman), reached by the power method from the identity.
  let v = Float64Array.from(pairs, ([a, b]) => (a === b ? 1 : 0));
  let nu = 0;
  for (let it = 0; it < 500; it++) {
    const w = new Float64Array(m);
    for (let r = 0; r < m; r++) for (let c = 0; c < m; c++) w[r]! += J[r * m + c]! * v[c]!;
    const norm = Math.hypot(...w);
    if (!(norm > 0)) { nu = 0; break; }
    const prev = nu;
    nu = norm / Math.hypot(...v);
    v = w.map((x) => x / norm);
    if (it > 5 && Math.abs(nu - prev) < 1e-13 * nu) break;
  }
  return { alpha: nu > 1e-12 ? 1 / nu : Infinity, trivial: false, J, nu };
}

export interface BisectionOptions extends SERuleOptions {
  /** The bracket [lo, hi] of alpha. Default [0.05, 10]. */
  bracket?: [number, number];
  /** Stop when hi - lo < tol. Default 1e-3. */
  tol?: number;
  /** The overlap level that counts as learned. Default 1 - 1e-4 (algorithmic), 0.5 (directions). */
  level?: number;
  /** SE iterations per alpha. Default 5000. */
  iterations?: number;
}

function bisect(rule: SERule, options: BisectionOptions, learned: (Q: Float64Array) => boolean, what: string): number {
  const [lo0, hi0] = options.bracket ?? [0.05, 10];
  const tol = options.tol ?? 1e-3;
  if (!(lo0 > 0 && hi0 > lo0)) throw new InvalidArgumentError(`${what}: bracket must be 0 < lo < hi, got [${lo0}, ${hi0}]`);
  const at = (alpha: number) => learned(stateEvolution(rule, { alpha, iterations: options.iterations ?? 5000, tol: 1e-12 }).Q);
  if (at(lo0)) return lo0;
  if (!at(hi0)) return Infinity;
  let lo = lo0, hi = hi0;
  while (hi - lo > tol) {
    const mid = 0.5 * (lo + hi);
    if (at(mid)) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The smallest alpha at which the uninformed SE fixed point has all overlap eigenvalues >= level
 * (default 1 - 1e-4: perfect recovery); Infinity if not reached by the bracket's top, the bracket's
 * bottom if reached there.
 */
export function algorithmicThreshold(link: IndexLink | SERule, options: BisectionOptions = {}): number {
  const rule = ruleOf(link, options, "algorithmicThreshold");
  const level = options.level ?? 1 - 1e-4;
  return bisect(rule, options, (Q) => minEigenvalue(Q, rule.p) >= level, "algorithmicThreshold");
}

/**
 * For each direction (columns of `directions`, p x k row-major; default the coordinate axes), the
 * smallest alpha at which u^T Q u of the uninformed SE fixed point is >= level (default 0.5).
 */
export function directionThresholds(link: IndexLink | SERule, options: BisectionOptions & { directions?: Float64Array } = {}): number[] {
  const rule = ruleOf(link, options, "directionThresholds");
  const p = rule.p;
  const U = options.directions ?? Float64Array.from({ length: p * p }, (_, i) => (Math.floor(i / p) === i % p ? 1 : 0));
  if (U.length % p !== 0) throw new InvalidArgumentError(`directionThresholds: directions must be p x k with p = ${p}`);
  const k = U.length / p;
  const level = options.level ?? 0.5;
  const out: number[] = [];
  for (let l = 0; l < k; l++) {
    const along = (Q: Float64Array) => {
      let s = 0, nn = 0;
      for (let a = 0; a < p; a++) {
        nn += U[a * k + l]! ** 2;
        for (let b = 0; b < p; b++) s += U[a * k + l]! * Q[a * p + b]! * U[b * k + l]!;
      }
      return s / nn >= level;
    };
    out.push(bisect(rule, options, along, "directionThresholds"));
  }
  return out;
}
