/**
 * The largest eigenpairs of a diagonal matrix plus a symmetric rank-one term,
 *
 *   A = diag(d) + rho z z^T,   d ascending, rho != 0,
 *
 * from the secular equation (Golub 1973; Bunch, Nielsen and Sorensen 1978; the merge step of
 * divide and conquer, LAPACK dlaed4):
 *
 *   f(lambda) = 1 + rho sum_j z_j^2 / (d_j - lambda) = 0,
 *
 * one root in each interval between consecutive poles d_j and one beyond the last (rho > 0: in
 * (d_max, d_max + rho ||z||^2]), and the eigenvector of a root lambda is (D - lambda)^{-1} z up to
 * scale. What this buys: after one O(n^3) factorization of a matrix M = U diag(d) U^T, every
 * M + rho u u^T costs O(n) per wanted eigenvalue (z = U^T u), the route by which a sweep of a
 * rank-one spike over many strengths reuses one factorization per noise draw (issue #21).
 *
 * Accuracy (Li 1993, LAWN 89; Gu and Eisenstat 1994): each root is sought as an offset tau from its
 * nearer pole, so that the differences delta_j = d_j - lambda = (d_j - pole) - tau keep full relative
 * accuracy even when the root sits next to a pole; the eigenvector components z_j / delta_j are then
 * accurate componentwise. Components with z_j^2 below eps^2 ||z||^2 rho-relative are deflated (dlaed2's
 * test): d_j is then itself an eigenvalue, with eigenvector e_j. Ties between poles are not merged
 * (they do not occur with probability one for the random matrices this serves; a root between two
 * equal poles is then that pole, which the bisection below still returns).
 *
 * Root finding: Newton steps on f(tau) inside a bracket that every step shrinks (bisection when a
 * Newton step leaves it), until the bracket is a few ulps of tau wide or |f| is at its rounding level
 * (the bound of dlaed4: eps times the sum of the absolute terms). f is increasing between poles, so
 * the bracket always holds the root.
 */
import { InvalidArgumentError } from "../errors.js";

const EPS = 2.220446049250313e-16;
const MAX_ITERATIONS = 400;

export interface RankOneEigenpair {
  /** The eigenvalue. */
  value: number;
  /**
   * The eigenvector in the basis of diag(d), unnormalised: z_j / (d_j - value) for the active
   * components, 0 elsewhere, or e_j for a deflated pole.
   */
  vector: Float64Array;
}

/**
 * The k largest eigenpairs of diag(d) + rho z z^T, descending. d must be ascending; rho and z
 * finite. Cost O(n) per pair after an O(n) set-up (about 10-40 evaluations of f per root).
 */
export function rankOneUpdateTop(d: Float64Array, z: Float64Array, rho: number, k: number): RankOneEigenpair[] {
  const n = d.length;
  if (z.length !== n) throw new InvalidArgumentError(`rankOneUpdateTop: z has length ${z.length}, d has ${n}`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new InvalidArgumentError(`rankOneUpdateTop: k must be an integer in [1, ${n}], got ${k}`);
  if (!Number.isFinite(rho)) throw new InvalidArgumentError(`rankOneUpdateTop: rho must be finite, got ${rho}`);
  for (let j = 0; j < n; j++) {
    if (!Number.isFinite(d[j]!) || !Number.isFinite(z[j]!)) throw new InvalidArgumentError(`rankOneUpdateTop: d and z must be finite (index ${j})`);
    if (j > 0 && d[j]! < d[j - 1]!) throw new InvalidArgumentError(`rankOneUpdateTop: d must be ascending (d[${j - 1}] = ${d[j - 1]} > d[${j}] = ${d[j]})`);
  }
  if (rho < 0) {
    // -(diag(-d) + |rho| z z^T): the largest pairs of A are the smallest of the negated problem
    const negated = new Float64Array(n);
    const zr = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      negated[j] = -d[n - 1 - j]!;
      zr[j] = z[n - 1 - j]!;
    }
    return smallestOrLargest(negated, zr, -rho, k, false).map(({ value, vector }) => ({ value: -value, vector: vector.reverse() }));
  }
  return smallestOrLargest(d, z, rho, k, true);
}

/** The k largest (largest = true) or smallest pairs of diag(d) + rho z z^T for rho >= 0. */
function smallestOrLargest(d: Float64Array, z: Float64Array, rho: number, k: number, largest: boolean): RankOneEigenpair[] {
  const n = d.length;
  let znorm2 = 0;
  for (let j = 0; j < n; j++) znorm2 += z[j]! * z[j]!;
  const dmax = Math.max(Math.abs(d[0]!), Math.abs(d[n - 1]!));
  // dlaed2's deflation: rho |z_j| below 8 eps max(|d|, rho ||z||^2) changes no eigenvalue
  const tol = 8 * EPS * Math.max(dmax, rho * znorm2);
  const active: number[] = [];
  for (let j = 0; j < n; j++) if (rho * Math.abs(z[j]!) * Math.sqrt(znorm2) > tol) active.push(j);
  const pairs: RankOneEigenpair[] = [];
  const m = active.length;
  const poles = Float64Array.from(active, (j) => d[j]!);
  const weights = Float64Array.from(active, (j) => z[j]! * z[j]!);
  // candidates: the secular roots (root i lies above pole i) and the deflated poles
  const count = Math.min(k, m);
  for (let r = 0; r < count; r++) {
    const i = largest ? m - 1 - r : r;
    const { value, delta } = secularRoot(poles, weights, rho, i);
    const vector = new Float64Array(n);
    active.forEach((j, a) => (vector[j] = z[j]! / delta[a]!));
    pairs.push({ value, vector });
  }
  let a = 0;
  for (let j = 0; j < n; j++) {
    if (a < m && active[a] === j) {
      a++;
      continue;
    }
    const vector = new Float64Array(n);
    vector[j] = 1;
    pairs.push({ value: d[j]!, vector });
  }
  pairs.sort((p, q) => (largest ? q.value - p.value : p.value - q.value));
  return pairs.slice(0, k);
}

/**
 * The root of 1 + rho sum_j w_j / (d_j - lambda) above pole i (below pole i + 1; for the last pole
 * in (d_i, d_i + rho sum w]), with delta_j = d_j - lambda. w_j = z_j^2 > 0, rho > 0, d ascending.
 */
export function secularRoot(d: Float64Array, w: Float64Array, rho: number, i: number): { value: number; delta: Float64Array } {
  const n = d.length;
  let wsum = 0;
  for (let j = 0; j < n; j++) wsum += w[j]!;
  const last = i === n - 1;
  const width = last ? rho * wsum : d[i + 1]! - d[i]!;
  // the nearer pole: f at the midpoint of the interval says which half holds the root
  let origin = i;
  let lo = 0;
  let hi = width;
  if (!last && width > 0) {
    const mid = width / 2;
    if (secular(d, w, rho, d[i]!, mid).f < 0) {
      origin = i + 1;
      lo = mid - width;
      hi = 0;
    } else {
      hi = mid;
    }
  }
  const base = d[origin]!;
  let tau = (lo + hi) / 2;
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const { f, df, scale } = secular(d, w, rho, base, tau);
    if (f === 0 || Math.abs(f) <= 8 * EPS * scale) break;
    if (f < 0) lo = tau;
    else hi = tau;
    if (hi - lo <= 4 * EPS * Math.max(Math.abs(lo), Math.abs(hi))) {
      tau = (lo + hi) / 2;
      break;
    }
    const newton = tau - f / df;
    tau = newton > lo && newton < hi ? newton : (lo + hi) / 2;
  }
  const delta = new Float64Array(n);
  for (let j = 0; j < n; j++) delta[j] = d[j]! - base - tau;
  return { value: base + tau, delta };
}

/** f(base + tau), its derivative, and the sum of |terms| (f's rounding scale). */
function secular(d: Float64Array, w: Float64Array, rho: number, base: number, tau: number): { f: number; df: number; scale: number } {
  let f = 1;
  let df = 0;
  let scale = 1;
  for (let j = 0; j < d.length; j++) {
    const delta = d[j]! - base - tau;
    const t = (rho * w[j]!) / delta;
    f += t;
    scale += Math.abs(t);
    df += t / delta;
  }
  return { f, df, scale };
}
