/**
 * Asymptotic predictions for the linearised-AMP spectral estimators of index models, as functions
 * of the sample ratio alpha = n / d (reference spectral-estimators.md section 6). Pure functions of
 * the population constants (alpha_c, lambda3, the F-eigenvalues) and of the laws of the
 * eigenvalues lambda_l(y) of G(y) = E[z z^T | y] - I, given as quadrature rules; the estimators
 * layer computes those (src/estimators/population.ts) and has `predict` to glue the two.
 *
 * Conventions: x_i ~ N(0, I_d / d), n = alpha d; L = (I_p (x) (X X^T - I_n)) G_hat (np x np);
 * T = sum_i T(y_i) (x) x_i x_i^T with T = G (I + G)^{-1} (the "T scale"); the classical
 * D = (1/n) sum_i T(y_i) a_i a_i^T with a_i = sqrt(d) x_i is T / alpha. Overlaps are P1's
 * m^2 = ||W_hat^T W*||_F^2 / (d ||W_hat||_F^2).
 *
 * LAMP (P1 Theorems 2.3, 2.4, Conjecture 2.5): outlier gamma_s = alpha / alpha_c (real), bulk in
 * the disk |gamma| <= gamma_b = sqrt(alpha / alpha_c); further real outliers at alpha nu_k for every
 * F-eigenvalue with |alpha nu_k| > gamma_b; overlap m^2 = (alpha - alpha_c) / (alpha + alpha_c^2
 * lambda3) above alpha_c, 0 below (reference 6.1, derived from the state evolution [D]).
 *
 * TAP, per direction l of a jointly diagonalisable G (Lu-Li 2019's theorem rewritten on the T
 * scale, reference 6.2 [D]): with T = lambda / (1 + lambda) and psi(a) = a (1 + alpha E[T/(a - T)])
 * for a > sup T, the bulk edge is lambda_b = min psi (attained at a_bar, where
 * alpha E[T^2/(a - T)^2] = 1); the spike a* > 1 solves E[lambda^2 / (a + (a - 1) lambda)] = 1/alpha
 * (exists iff alpha > alpha_c,l = 1/E[lambda^2]); there is an outlier iff a* > a_bar, at psi(a*) = 1
 * exactly, with overlap rho^2 = (1/alpha - E[lambda^2/D^2]) / (1/alpha + E[lambda^3/D^2]),
 * D = a* + (a* - 1) lambda. For a general scalar preprocessing T(y) (`preprocessedPrediction`):
 * the spike solves E[T lambda / (a - T)] = 1/alpha, the outlier is psi(a*) and
 * rho^2 = (1/alpha - E[T^2/(a* - T)^2]) / (1/alpha + E[lambda T^2/(a* - T)^2]).
 */
import { InvalidArgumentError, ShapeError } from "../errors.js";
import { brentRoot } from "../numerics/brent.js";
import { assertOptions, asVector } from "../validate.js";
import type { OutlierPrediction } from "./outlierRecord.js";

function checkAlpha(alpha: number, name = "alpha"): void {
  if (typeof alpha !== "number" || !(alpha > 0) || !Number.isFinite(alpha)) {
    throw new InvalidArgumentError(`${name} = n / d must be a finite number > 0, got ${alpha}`);
  }
}

/** A law of a real random variable as a quadrature rule: E f = sum_j weights[j] f(values[j]). */
export interface DiscreteLaw {
  readonly values: ArrayLike<number>;
  readonly weights: ArrayLike<number>;
}

/**
 * The law of one eigenvalue lambda_l(y) of G(y), optionally with the posterior second moment
 * e = 1 + lambda at the same points, from which T = 1 - 1/e is formed without the cancellation
 * of lambda / (1 + lambda) where e is tiny (phase retrieval at y -> 0).
 */
export interface DirectionLaw extends DiscreteLaw {
  readonly second?: ArrayLike<number>;
}

function checkLaw(law: DiscreteLaw, name: string): { v: Float64Array; w: Float64Array } {
  if (law === null || typeof law !== "object" || law.values === undefined || law.weights === undefined) {
    throw new InvalidArgumentError(`${name} must be { values, weights }`);
  }
  const v = Float64Array.from(asVector(law.values, `${name}: values`));
  const w = Float64Array.from(asVector(law.weights, `${name}: weights`));
  if (v.length !== w.length || v.length === 0) throw new ShapeError(`${name}: values and weights must have the same non-zero length, got ${v.length} and ${w.length}`);
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i]!) || !(w[i]! >= 0) || !Number.isFinite(w[i]!)) throw new InvalidArgumentError(`${name}: entry ${i} must have a finite value and a finite weight >= 0, got (${v[i]}, ${w[i]})`);
    total += w[i]!;
  }
  if (!(Math.abs(total - 1) < 1e-6)) throw new InvalidArgumentError(`${name}: weights must sum to 1, got ${total}`);
  return { v, w };
}

// ---------------------------------------------------------------- LAMP

export interface LampTheoryInput {
  /** alpha_c = 1 / nu_1 (> 0; Infinity allowed: no transition). */
  readonly alphaC: number;
  /** lambda3 = E[lambda^3] on the top F-eigenspace. */
  readonly lambda3: number;
  /** The F-eigenvalues (with multiplicity), for the further outliers. Default [1 / alphaC]. */
  readonly nu?: ArrayLike<number>;
}

export interface LampPrediction extends OutlierPrediction {
  readonly alpha: number;
  /** gamma_s = alpha / alpha_c when alpha > alpha_c, else null (no informative outlier). */
  readonly location: number | null;
  /** alpha_c: the sample ratio at which the informative outlier leaves the bulk disk. */
  readonly threshold: number;
  /** @deprecated since 0.2.0: use `location` (removed in 0.3.0). */
  readonly outlier: number | null;
  /** gamma_b = sqrt(alpha / alpha_c): the radius of the bulk disk. */
  readonly edge: number;
  /** Predicted m^2 of W_L (0 at and below alpha_c). */
  readonly overlap: number;
  /** Every real outlier alpha nu with |alpha nu| > gamma_b, by descending location, with multiplicities. */
  readonly outliers: readonly { readonly location: number; readonly multiplicity: number }[];
}

/** The LAMP overlap m^2 = (alpha - alpha_c) / (alpha + alpha_c^2 lambda3) above alpha_c, else 0. */
export function lampOverlap(alpha: number, alphaC: number, lambda3: number): number {
  checkAlpha(alpha);
  if (typeof alphaC !== "number" || typeof lambda3 !== "number") throw new InvalidArgumentError(`lampOverlap: alphaC and lambda3 must be numbers, got ${typeof alphaC} and ${typeof lambda3}`);
  if (!(alphaC > 0)) throw new InvalidArgumentError(`alphaC must be > 0 (a trivial direction has no spectral transition), got ${alphaC}`);
  if (!Number.isFinite(lambda3)) throw new InvalidArgumentError(`lambda3 must be finite, got ${lambda3}`);
  if (!(alpha > alphaC)) return 0;
  return (alpha - alphaC) / (alpha + alphaC * alphaC * lambda3);
}

/** Outlier locations, bulk radius and overlap of the LAMP matrix at alpha (see the file comment). */
export function lampPrediction(alpha: number, input: LampTheoryInput): LampPrediction {
  checkAlpha(alpha);
  if (input === null || typeof input !== "object") throw new InvalidArgumentError("lampPrediction: input must be { alphaC, lambda3, nu? }");
  const { alphaC, lambda3 } = input;
  if (typeof alphaC !== "number" || typeof lambda3 !== "number" || !Number.isFinite(lambda3)) {
    throw new InvalidArgumentError(`lampPrediction: alphaC and lambda3 must be numbers (lambda3 finite), got ${String(alphaC)} and ${String(lambda3)}`);
  }
  if (!(alphaC > 0)) throw new InvalidArgumentError(`alphaC must be > 0 (a trivial direction has no spectral transition), got ${alphaC}`);
  const edge = Number.isFinite(alphaC) ? Math.sqrt(alpha / alphaC) : 0;
  const nu = input.nu !== undefined ? asVector(input.nu, "lampPrediction: nu") : Float64Array.of(Number.isFinite(alphaC) ? 1 / alphaC : 0);
  for (const v of nu) if (!Number.isFinite(v)) throw new InvalidArgumentError(`lampPrediction: the F-eigenvalues nu must be finite numbers, got ${v}`);
  const locations = Array.from(nu, (v) => alpha * v).filter((g) => Math.abs(g) > edge * (1 + 1e-12)).sort((a, b) => b - a);
  const outliers: { location: number; multiplicity: number }[] = [];
  for (const g of locations) {
    const last = outliers[outliers.length - 1];
    if (last && Math.abs(last.location - g) <= 1e-8 * Math.max(1, Math.abs(g))) last.multiplicity++;
    else outliers.push({ location: g, multiplicity: 1 });
  }
  const above = Number.isFinite(alphaC) && alpha > alphaC;
  const location = above ? alpha / alphaC : null;
  return {
    alpha,
    location,
    threshold: alphaC,
    outlier: location,
    edge,
    overlap: Number.isFinite(alphaC) ? lampOverlap(alpha, alphaC, lambda3) : 0,
    outliers,
  };
}

// ---------------------------------------------------------------- TAP / Lu-Li

export interface PreprocessedPrediction {
  readonly alpha: number;
  /** Right edge of the bulk on the T scale (sum_i T(y_i) x_i x_i^T). */
  readonly edge: number;
  /** The top outlier on the T scale, or null when there is none. */
  readonly location: number | null;
  /** @deprecated since 0.2.0: use `location` (removed in 0.3.0). */
  readonly outlier: number | null;
  /** Predicted overlap rho^2 of the top eigenvector (0 without an outlier). */
  readonly overlap: number;
  /**
   * The sample ratio alpha at which the outlier appears: alpha_c = 1 / E[lambda^2] for TAP's own
   * direction (tapPrediction's directions); null for a general preprocessing, where it is not
   * computed here (scan alpha with preprocessedPrediction).
   */
  readonly threshold: number | null;
  /** The spike root a* (null without one) and the bulk-edge minimiser a_bar. */
  readonly aStar: number | null;
  readonly aBar: number;
  /** The same on the scale of the classical D = (1/n) sum_i T(y_i) a_i a_i^T (= T-scale / alpha). */
  readonly classical: { readonly edge: number; readonly location: number | null; /** @deprecated use location */ readonly outlier: number | null };
}

interface Prepared {
  lambda: Float64Array;
  t: Float64Array;
  w: Float64Array;
  supT: number;
}

function prepare(lambda: DirectionLaw, t: ArrayLike<number> | null, supT: number | undefined, name: string): Prepared {
  const { v, w } = checkLaw(lambda, name);
  const e = lambda.second !== undefined ? asVector(lambda.second, `${name}: second`) : v.map((l) => 1 + l);
  if (e.length !== v.length) throw new ShapeError(`${name}: second has ${e.length} values for ${v.length} law points`);
  const tt = t === null ? e.map((x) => 1 - 1 / x) : asVector(t, "the preprocessing t").slice();
  if (tt.length !== v.length) throw new ShapeError(`${name}: the preprocessing has ${tt.length} values for ${v.length} law points`);
  let sup = -Infinity;
  let singular = 0;
  for (let i = 0; i < v.length; i++) {
    if (t === null && !(e[i]! > 0)) {
      // a point where E[z^2 | y] = 0: T is undefined there; dropped when its weight is negligible
      singular += w[i]!;
      if (singular > 1e-12) throw new InvalidArgumentError(`${name}: E[z^2 | y] = 1 + lambda = ${e[i]} <= 0 on a set of weight ${singular}, so T = lambda / (1 + lambda) is undefined (E[z z^T | y] singular)`);
      tt[i] = 0;
      w[i] = 0;
    }
    if (!Number.isFinite(tt[i]!)) throw new InvalidArgumentError(`${name}: T is not finite at point ${i}`);
    if (w[i]! > 0) sup = Math.max(sup, tt[i]!);
  }
  if (supT !== undefined) {
    if (typeof supT !== "number" || !Number.isFinite(supT)) throw new InvalidArgumentError(`supT must be a finite number, got ${String(supT)}`);
    if (!(supT >= sup)) throw new InvalidArgumentError(`supT = ${supT} is below the largest T of the law (${sup})`);
    sup = supT;
  }
  return { lambda: v, t: tt, w, supT: sup };
}

/** psi(a) = a (1 + alpha E[T / (a - T)]) and the bulk edge min psi over a > sup T. */
function bulkEdge(alpha: number, P: Prepared): { aBar: number; edge: number; psi: (a: number) => number } {
  const { t, w, supT } = P;
  const psi = (a: number) => {
    let s = 0;
    for (let i = 0; i < t.length; i++) s += (w[i]! * t[i]!) / (a - t[i]!);
    return a * (1 + alpha * s);
  };
  // psi is convex on (sup T, inf): psi'(a) = 1 - alpha E[T^2 / (a - T)^2] increases to 1
  const dpsi = (a: number) => {
    let s = 0;
    for (let i = 0; i < t.length; i++) s += (w[i]! * t[i]! * t[i]!) / (a - t[i]!) ** 2;
    return 1 - alpha * s;
  };
  const scale = Math.max(1, Math.abs(supT));
  const lo = supT + 1e-13 * scale;
  let aBar: number;
  if (dpsi(lo) >= 0) aBar = lo; // the minimum sits at the edge of the domain
  else {
    // psi' -> 1 as a -> infinity, so doubling the distance to sup T brackets the root (capped: 1100
    // doublings reach Infinity, where psi' = 1)
    let hi = supT + scale;
    for (let it = 0; it < 1100 && dpsi(hi) < 0; it++) hi = supT + 2 * (hi - supT);
    aBar = brentRoot(dpsi, lo, hi);
  }
  return { aBar, edge: psi(aBar), psi };
}

/**
 * The spike of sum_i T(y_i) x_i x_i^T along a planted direction whose latent z has E[z^2 | y] = 1 +
 * lambda (`lambda` at the law points of P): the root a* > a_bar of E[T lambda / (a - T)] = 1/alpha,
 * the outlier psi(a*) and rho^2 = (1/alpha - E[T^2/(a* - T)^2]) / (1/alpha + E[lambda T^2/(a* - T)^2]).
 */
function spike(alpha: number, P: Prepared, lambda: Float64Array, aBar: number, psi: (a: number) => number): { aStar: number | null; outlier: number | null; overlap: number } {
  const { t: tt, w } = P;
  // spike equation h(a) = E[T lambda / (a - T)] - 1/alpha, decreasing on (a_bar, inf) towards -1/alpha
  const h = (a: number) => {
    let s = 0;
    for (let i = 0; i < tt.length; i++) s += (w[i]! * tt[i]! * lambda[i]!) / (a - tt[i]!);
    return s - 1 / alpha;
  };
  if (!(h(aBar) > 0)) return { aStar: null, outlier: null, overlap: 0 };
  let hi = aBar + Math.max(1, Math.abs(aBar));
  for (let it = 0; it < 1100 && h(hi) > 0; it++) hi = aBar + 2 * (hi - aBar);
  const aStar = brentRoot(h, aBar, hi);
  let e2 = 0;
  let e3 = 0;
  for (let i = 0; i < tt.length; i++) {
    const q = (tt[i]! * tt[i]!) / (aStar - tt[i]!) ** 2;
    e2 += w[i]! * q;
    e3 += w[i]! * lambda[i]! * q;
  }
  return { aStar, outlier: psi(aStar), overlap: Math.max(0, (1 / alpha - e2) / (1 / alpha + e3)) };
}

/**
 * Lu-Li predictions for the matrix sum_i T(y_i) x_i x_i^T with a scalar preprocessing `t` at the
 * points of the law of lambda = E[z^2 | y] - 1 (one direction). `t` defaults to the optimal
 * lambda / (1 + lambda), which is TAP. `supT` is the true sup of T when the law's points miss it
 * (default: their largest T).
 */
export function preprocessedPrediction(alpha: number, lambda: DirectionLaw, t: ArrayLike<number> | null = null, options: { supT?: number } = {}): PreprocessedPrediction {
  checkAlpha(alpha);
  assertOptions(options, "preprocessedPrediction");
  const P = prepare(lambda, t, options.supT, "lambda");
  const { aBar, edge, psi } = bulkEdge(alpha, P);
  const { aStar, outlier, overlap } = spike(alpha, P, P.lambda, aBar, psi);
  const classical = outlier === null ? null : outlier / alpha;
  return { alpha, edge, location: outlier, outlier, overlap, threshold: null, aStar, aBar, classical: { edge: edge / alpha, location: classical, outlier: classical } };
}

export interface TapDirectionPrediction extends PreprocessedPrediction {
  /** 1 / E[lambda_l^2]: this direction's threshold. */
  readonly alphaC: number;
}

/** One outlier of the TAP matrix: block l's spike along the planted direction k (see TapPrediction). */
export interface TapOutlier {
  /** The block l of T = (+)_l T_l (the eigenvalue lambda_l(y) that sets T_l's preprocessing). */
  readonly block: number;
  /** The planted direction k the eigenvector correlates with. */
  readonly direction: number;
  readonly location: number;
  readonly overlap: number;
}

export interface TapPrediction {
  readonly alpha: number;
  /** lambda_b = max over directions of the bulk edges. */
  readonly edge: number;
  /**
   * The outliers by descending overlap, one per pair (block l, direction k) with a spike: at 1 for
   * k = l (the optimal preprocessing), elsewhere for k != l. For G = (y - 1) I_p (||z||^2 / p) every
   * block sees every direction, p^2 outliers at 1; for sign(z1 z2) only the diagonal pairs, 2.
   */
  readonly outliers: readonly TapOutlier[];
  /** Predicted m^2 of the top eigenvector: the largest overlap of an outlier (0 without one). */
  readonly overlap: number;
  /** The diagonal pairs (block l, direction l): each direction's own Lu-Li prediction. */
  readonly directions: readonly TapDirectionPrediction[];
}

/**
 * TAP predictions at alpha for a jointly diagonalisable G: the laws of lambda_l(y), l = 1..p, on the
 * same points of y (one joint law: equal weights), see the file comment. In the eigenbasis of G the
 * TAP matrix is (+)_l T_l with T_l = sum_i T_l(y_i) x_i x_i^T, T_l = lambda_l / (1 + lambda_l)
 * (reference 3.3), and block l is a single-index matrix whose preprocessing depends on every
 * direction: given y the latent z has E[z_k z_m | y] = delta_km (1 + lambda_k(y)), so the spikes
 * of block l along w*_k decouple, each with Lu-Li's (2019) equation E[T_l lambda_k / (a - T_l)] =
 * 1/alpha and bulk set by T_l alone [D]. Each pair (l, k) with a root beyond block l's bulk edge
 * is an outlier.
 */
export function tapPrediction(alpha: number, directions: readonly DirectionLaw[], options: { supT?: number } = {}): TapPrediction {
  checkAlpha(alpha);
  if (!Array.isArray(directions) || directions.length === 0) throw new InvalidArgumentError("tapPrediction: give at least one direction law { values, weights }");
  assertOptions(options, "tapPrediction");
  const laws = directions.map((law, l) => checkLaw(law, `direction ${l}`));
  for (let l = 1; l < laws.length; l++) {
    const w0 = laws[0]!.w;
    const wl = laws[l]!.w;
    if (wl.length !== w0.length || wl.some((v, j) => Math.abs(v - w0[j]!) > 1e-12 * Math.max(1, Math.abs(v)))) {
      throw new ShapeError(`tapPrediction: the direction laws must share the points of y (one joint law, equal weights); direction ${l}'s weights differ from direction 0's`);
    }
  }
  const outliers: TapOutlier[] = [];
  const per: TapDirectionPrediction[] = directions.map((law, l) => {
    const P = prepare(law, null, options.supT, `direction ${l}`);
    const { aBar, edge, psi } = bulkEdge(alpha, P);
    const own = spike(alpha, P, P.lambda, aBar, psi);
    laws.forEach((other, k) => {
      const s = k === l ? own : spike(alpha, P, other.v, aBar, psi);
      if (s.outlier !== null) outliers.push({ block: l, direction: k, location: s.outlier, overlap: s.overlap });
    });
    let nu = 0;
    for (let i = 0; i < P.lambda.length; i++) nu += laws[l]!.w[i]! * P.lambda[i]! ** 2;
    const alphaC = nu > 0 ? 1 / nu : Infinity;
    const classical = own.outlier === null ? null : own.outlier / alpha;
    return {
      alpha, edge, aBar, ...own, location: own.outlier, threshold: alphaC, alphaC,
      classical: { edge: edge / alpha, location: classical, outlier: classical },
    };
  });
  outliers.sort((a, b) => b.overlap - a.overlap);
  return {
    alpha,
    edge: Math.max(...per.map((d) => d.edge)),
    outliers,
    overlap: outliers.length ? outliers[0]!.overlap : 0,
    directions: per,
  };
}

/** The TAP overlap curve rho^2(alpha) of one direction at each alpha (0 below its threshold). */
export function tapOverlapCurve(alphas: ArrayLike<number>, lambda: DirectionLaw): Float64Array {
  return asVector(alphas, "tapOverlapCurve: alphas").map((a) => preprocessedPrediction(a, lambda).overlap);
}

/** The LAMP overlap curve m^2(alpha) at each alpha. */
export function lampOverlapCurve(alphas: ArrayLike<number>, alphaC: number, lambda3: number): Float64Array {
  return asVector(alphas, "lampOverlapCurve: alphas").map((a) => lampOverlap(a, alphaC, lambda3));
}
