/**
 * The conjugate-kernel (CK) spectrum of plain random features (theta = 0) and the BBP outlier of
 * the CK after a small gradient step (../shared/reference/spiked-features.md sections 4, 5.3, 7.7).
 *
 * Model and conventions: F = sigma(X W^T), X n x d with x ~ N(0, I_d), W p x d with unit rows,
 * Sigma = F^T F / n (p x p), K = F F^T / n (n x n), g_p(z) = (1/p) tr (Sigma - z)^{-1},
 * g_n(z) = (1/n) tr (K - z)^{-1}, g_p = (n/p) g_n - (1 - n/p)/z; Stieltjes convention
 * m(z) = integral rho(dl)/(l - z). Only a1 = mu1^2 and s = mu*^2 of sigma enter the bulk (mu0 adds
 * one outlier of order p mu0^2 and does not move the bulk).
 *
 * Two forms of the bulk law, which must agree:
 * - the quartic (Pennington-Worah 2017 in the reference's variables; r_d = n/d, psi = p/n,
 *   u = 1 + z g - psi, g = g_n):
 *     r_d a1 s g^2 u^2 + r_d a1 g (1 + g z) u - (a1 + s) g u - (1 + g z) = 0,
 *   a cubic when s = 0 (linear features, the product of two Wisharts) and the Marchenko-Pastur
 *   quadratic when a1 = 0. The physical root is followed by continuation: all roots by the
 *   Aberth-Ehrlich iteration (Aberth 1973), starting far above the axis where g ~ -1/z and
 *   moving down to the target, taking at each step the root nearest to the previous one.
 * - Fan-Wang 2020: the n x n matrix F F^T / p has limit MP(ratio n/p) [x] (s + a1 MP(ratio n/d)), a
 *   sample-covariance (Silverstein) law with population H = law of s + a1 lambda, lambda ~ MP(n/d)
 *   (atom 1 - d/n at lambda = 0 when n > d). Solved by theory/silverstein/ with H discretized by
 *   Gauss-Legendre in the angle of lambda = (1 + r) + 2 sqrt(r) cos(t) (r = n/d), which makes the
 *   MP density smooth: with 400 nodes the discretization error is below 1e-10 at Im z >= 0.01.
 *
 * Upper edge and BBP outlier: for real g the quartic is a quadratic in z, so the branch of real z
 * (> bulk) is an explicit inverse map z(g), g in (g_edge, 0), z ~ -1/g as g -> 0-; the upper edge
 * is its minimum (z'(g) = 0, as in Silverstein-Choi). After a step W1 = W0 + beta u v^T with
 * |u| = |v| = 1 (u = abar / |abar|), the CK has an outlier at the z > edge solving
 *   z g_n(z) g_p(z) = 1 / (mu1^2 (beta^2 + p/d))        (reference 5.3, [D] there)
 * when beta exceeds beta_c, beta_c^2 = 1 / (mu1^2 [z g_n g_p]_edge) - p/d.
 */
import { InvalidArgumentError } from "../errors.js";
import * as C from "./complex.js";
import type { Complex } from "./complex.js";
import { gaussLegendre } from "../numerics/gaussLegendre.js";
import { checkFiniteList, checkPoint } from "./law.js";
import type { OutlierPrediction } from "./outlierRecord.js";
import { silversteinStieltjes } from "./silverstein/index.js";
import { ckStieltjes, fromGn, nearest, params, polynomialRoots, quarticCoefficients, type CkPoint, type ConjugateKernelOptions, type Params } from "./ckQuartic.js";

export { ckStieltjes, polynomialRoots, type CkPoint, type ConjugateKernelOptions } from "./ckQuartic.js";

/**
 * The same transforms from the Fan-Wang form (see the file comment), through silversteinStieltjes
 * with a 400-node discretization of the population law. Needs mu*^2 > 0 (the population must be
 * positive). An independent check of ckStieltjes.
 */
export function ckStieltjesFanWang(z: number | Complex, options: ConjugateKernelOptions & { nodes?: number }): CkPoint {
  const P = params(options);
  if (!(P.s > 0)) throw new InvalidArgumentError("the Fan-Wang form needs muStar2 > 0 (a positive population law)");
  const w = checkPoint(z);
  const nodes = options.nodes ?? 400;
  const r = P.rd; // MP ratio n/d of X X^T / d (n x n)
  const { nodes: x, weights } = gaussLegendre(nodes);
  const t: number[] = [];
  const wt: number[] = [];
  // lambda = (1 + r) + 2 sqrt(r) cos(theta), theta in (0, pi): MP density rho(l) dl = (2 sqrt(r) sin th)^2 / (2 pi r l) dth
  const R = 2 * Math.sqrt(r);
  for (let i = 0; i < nodes; i++) {
    const th = 0.5 * Math.PI * (x[i]! + 1);
    const lam = 1 + r + R * Math.cos(th);
    const dens = (R * Math.sin(th)) ** 2 / (2 * Math.PI * r * lam);
    t.push(P.s + P.a1 * lam);
    wt.push(0.5 * Math.PI * weights[i]! * dens);
  }
  const atom = Math.max(0, 1 - 1 / r);
  if (atom > 0) {
    t.push(P.s);
    wt.push(atom);
  }
  const total = wt.reduce((a, b) => a + b, 0);
  const ws = wt.map((v) => v / total);
  // F F^T / p (n x n): dimension n, p samples, gamma = n / p; K = F F^T / n = (p/n) (F F^T / p)
  const gamma = P.n / P.p;
  const ratio = P.n / P.p;
  const zz = C.scale(w, ratio);
  const sol = silversteinStieltjes(zz, { gamma, population: { eigenvalues: t, weights: ws } });
  // g_n(z) = (n/p) m((n/p) z); g_p(z) = (n/p) companion((n/p) z)
  return { gn: C.scale(sol.m, ratio), gp: C.scale(sol.companion, ratio) };
}

/** The two real roots z of the quartic read as a quadratic in z, for real g (null if complex). */
function inverseMap(P: Params, g: number): number | null {
  const { rd, a1, s } = P;
  const al = 1 - P.psi;
  const A = rd * a1 * s * g ** 4 + rd * a1 * g ** 3;
  const B = 2 * rd * a1 * s * al * g ** 3 + rd * a1 * (1 + al) * g * g - (a1 + s) * g * g - g;
  const Cc = rd * a1 * s * al * al * g * g + rd * a1 * al * g - (a1 + s) * al * g - 1;
  // the root continuous with z ~ -1/g at g -> 0-: z = -2C / (B + sign(B) sqrt(B^2 - 4AC))
  const disc = B * B - 4 * A * Cc;
  if (disc < 0) return null;
  const q = B + (B >= 0 ? 1 : -1) * Math.sqrt(disc);
  if (q === 0) return null;
  return (-2 * Cc) / q;
}

export interface CkEdge {
  /** The upper edge of the bulk of Sigma (and K). */
  edge: number;
  /** g_n at the edge (real, negative). */
  gn: number;
}

/**
 * The upper edge of the CK bulk: the minimum of the inverse map z(g) over g in (g_edge, 0) (see the
 * file comment), by a geometric scan in t = -g and golden-section refinement to 1e-13 relative.
 */
export function ckUpperEdge(options: ConjugateKernelOptions): CkEdge {
  const P = params(options);
  const zOf = (t: number) => inverseMap(P, -t);
  let t = 1e-8;
  let prev = zOf(t);
  if (prev === null) throw new InvalidArgumentError("ckUpperEdge: the inverse map has no real branch near g = 0");
  let tPrev = t;
  let tPrev2 = t;
  for (let i = 0; i < 4000; i++) {
    const tn = t * 1.02;
    const zn = zOf(tn);
    if (zn === null || zn > prev!) {
      tPrev2 = tPrev;
      break;
    }
    tPrev2 = tPrev;
    tPrev = t;
    t = tn;
    prev = zn;
  }
  // minimum bracketed in [tPrev2, t * 1.02]
  let a = tPrev2;
  let b = t * 1.02;
  const phi = (Math.sqrt(5) - 1) / 2;
  const f = (x: number) => zOf(x) ?? Infinity;
  let x1 = b - phi * (b - a);
  let x2 = a + phi * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  for (let i = 0; i < 200 && b - a > 1e-14 * b; i++) {
    if (f1 < f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - phi * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + phi * (b - a);
      f2 = f(x2);
    }
  }
  const tm = 0.5 * (a + b);
  return { edge: f(tm), gn: -tm };
}

/** Real z > edge: g_n(z) on the physical branch, by bisection of z(g) = z on (g_edge, 0). */
function gnAbove(P: Params, edge: CkEdge, z: number): number {
  let a = 1e-300; // t = -g small: z(t) huge
  let b = -edge.gn;
  for (let i = 0; i < 200; i++) {
    const mid = a < 1e-200 ? Math.sqrt(a * b) || b / 2 : 0.5 * (a + b);
    const zm = inverseMap(P, -mid) ?? -Infinity;
    if (zm > z) a = mid;
    else b = mid;
    if (b - a <= 1e-15 * b) break;
  }
  return -0.5 * (a + b);
}

/**
 * The CK spike as the outlier record (outlierRecord.ts). No overlap formula is derived here: overlap
 * is 0 below the threshold and null above it.
 */
export interface CkOutlier extends OutlierPrediction {
  /** Location of the outlier of Sigma (and K), or null below the threshold. */
  readonly location: number | null;
  /** beta_c: the outlier exists for beta > beta_c (0 if it exists for every beta). */
  readonly threshold: number;
  /** The bulk's upper edge. */
  readonly edge: number;
}

/**
 * The BBP outlier of the CK after a small step W1 = W0 + beta u v^T (|u| = |v| = 1; see the file
 * comment): location from z g_n g_p = 1/(mu1^2 (beta^2 + p/d)) by bisection in g on the real
 * branch above the edge, and the threshold beta_c.
 */
export function ckSpikeOutlier(options: ConjugateKernelOptions & { beta: number }): CkOutlier {
  const P = params(options);
  const beta = options.beta;
  if (typeof beta !== "number" || !Number.isFinite(beta)) throw new InvalidArgumentError(`beta must be a finite number, got ${beta}`);
  if (P.a1 === 0) throw new InvalidArgumentError("mu1 = 0: the step has no linear component and the CK has no BBP outlier");
  const e = ckUpperEdge(options);
  const ratio = P.n / P.p;
  const hOf = (t: number): number => {
    const z = inverseMap(P, -t)!;
    const gn = -t;
    const gp = ratio * gn - (1 - ratio) / z;
    return z * gn * gp;
  };
  const tEdge = -e.gn;
  const hEdge = hOf(tEdge * (1 - 1e-12));
  const pd = P.p / P.d;
  const thr2 = 1 / (P.a1 * hEdge) - pd;
  const threshold = Math.sqrt(Math.max(0, thr2));
  const target = 1 / (P.a1 * (beta * beta + pd));
  if (!(target < hEdge)) return { location: null, overlap: 0, threshold, edge: e.edge };
  // h increases from 0 (t -> 0) to hEdge (t -> tEdge)
  let a = 0;
  let b = tEdge;
  for (let i = 0; i < 200 && b - a > 1e-15 * b; i++) {
    const mid = 0.5 * (a + b);
    if (mid === 0 || hOf(mid) < target) a = mid;
    else b = mid;
  }
  const tm = 0.5 * (a + b);
  return { location: inverseMap(P, -tm)!, overlap: null, threshold, edge: e.edge };
}

/** The threshold beta_c of the CK BBP outlier (see ckSpikeOutlier). */
export function ckSpikeThreshold(options: ConjugateKernelOptions): number {
  return ckSpikeOutlier({ ...options, beta: 0 }).threshold;
}

/**
 * Density of the continuous part of the spectrum of Sigma = F^T F / n on points x (any order), from
 * the quartic at x + i eps (default eps 1e-9 (1 + bulk scale)), minus the Poisson smoothing of the
 * atom at 0 (mass max(0, 1 - n/p), or 1 - min(n, d)/p for linear features). Points above the
 * upper edge get exactly 0.
 */
export function ckDensity(x: ArrayLike<number>, options: ConjugateKernelOptions & { epsilon?: number }): Float64Array {
  const P = params(options);
  const xs = checkFiniteList(x, "x");
  const e = ckUpperEdge(options).edge;
  const eps = options.epsilon ?? 1e-9 * (1 + e);
  const rank = P.s === 0 ? Math.min(P.n, P.d) : P.n;
  const atom = Math.max(0, 1 - rank / P.p);
  const out = new Float64Array(xs.length);
  const order = Array.from(xs.keys()).sort((i, j) => xs[j]! - xs[i]!);
  let g: Complex | null = null;
  for (const i of order) {
    const xv = xs[i]!;
    if (xv >= e) continue;
    const z = C.of(xv, eps);
    if (g === null) {
      g = ckStieltjes(z, options).gn;
    } else {
      g = nearest(polynomialRoots(quarticCoefficients(P, z)), g, true);
    }
    const gp = fromGn(P, z, g).gp;
    out[i] = Math.max(0, (gp.im - (atom * eps) / (xv * xv + eps * eps)) / Math.PI);
  }
  return out;
}

/** Real z above the edge: g_n, g_p on the physical branch (for outlier equations). */
export function ckStieltjesAbove(z: number, options: ConjugateKernelOptions): { gn: number; gp: number } {
  const P = params(options);
  const e = ckUpperEdge(options);
  if (!(z > e.edge)) throw new InvalidArgumentError(`z = ${z} is not above the upper edge ${e.edge}`);
  const gn = gnAbove(P, e, z);
  const ratio = P.n / P.p;
  return { gn, gp: ratio * gn - (1 - ratio) / z };
}
