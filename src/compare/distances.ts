/**
 * Distances between an empirical spectrum and a limiting law: Kolmogorov-Smirnov and
 * Wasserstein-1. Both take the values in any order, optionally leave out outliers first
 * (BulkSelection: the limiting law of the bulk does not see finitely many spikes), and accept a
 * LimitingLaw from theory/ (semicircleLaw, marchenkoPasturLaw, silversteinLaw) or bare functions.
 */
import { InvalidArgumentError } from "../errors.js";
import { gaussLegendre } from "../numerics/gaussLegendre.js";
import type { Atom, Interval } from "../theory/law.js";
import { selectBulk, type BulkSelection } from "./values.js";

/** Something with a cdf: a bare (continuous) cdf function, or a law with cdf and atoms. */
export type CdfReference = ((x: number) => number) | { cdf(x: number): number; atoms?: readonly Atom[] };

export interface KsOptions extends BulkSelection {
  /**
   * Values within this distance of an atom of the reference are taken to sit on it (numerically
   * zero eigenvalues are ~1e-14, not 0). Default 1e-9 max(1, max |value|).
   */
  atomTolerance?: number;
}

export interface KsResult {
  /** sup_x |F_N(x) - F(x)| over the kept values. */
  readonly distance: number;
  /** The value where the supremum is reached. */
  readonly at: number;
  /** How many values were compared, and how many the selection left out. */
  readonly count: number;
  readonly dropped: number;
}

function referenceParts(reference: CdfReference, what: string): { cdf: (x: number) => number; atoms: readonly Atom[] } {
  if (typeof reference === "function") return { cdf: reference, atoms: [] };
  if (reference !== null && typeof reference === "object" && typeof reference.cdf === "function") {
    return { cdf: (x) => reference.cdf(x), atoms: reference.atoms ?? [] };
  }
  throw new InvalidArgumentError(`${what}: the reference must be a cdf function or an object with cdf(x)`);
}

/**
 * The Kolmogorov-Smirnov distance sup_x |F_N(x) - F(x)| between the empirical cdf of the kept
 * values and the reference cdf F, exactly: with the kept values sorted, x_(1) <= ... <= x_(N),
 *   D = max_i max( i/N - F(x_(i)), F(x_(i)-) - (i - 1)/N ),
 * where F(x-) = F(x) - (mass of an atom at x); for a continuous F this is the textbook formula,
 * and with atoms (Marchenko-Pastur at 0 for gamma > 1) values within atomTolerance of an atom are
 * moved onto it so the jump is matched. Between sample points the monotonicity of F makes these
 * terms the supremum. A bare cdf function is taken to be continuous. O(N log N) plus N cdf calls.
 * A sample x_i = F^{-1}((i - 1/2)/N) is at distance exactly 1/(2N).
 */
export function ksDistance(values: ArrayLike<number>, reference: CdfReference, options: KsOptions = {}): KsResult {
  const { cdf, atoms } = referenceParts(reference, "ksDistance");
  const { kept, dropped } = selectBulk(values, options);
  const n = kept.length;
  const scale = Math.max(1, Math.abs(kept[0]!), Math.abs(kept[n - 1]!));
  const tol = options.atomTolerance ?? 1e-9 * scale;
  if (!(tol >= 0)) throw new InvalidArgumentError(`atomTolerance must be >= 0, got ${tol}`);
  if (atoms.length > 0) {
    for (let i = 0; i < n; i++) {
      for (const a of atoms) if (Math.abs(kept[i]! - a.at) <= tol) kept[i] = a.at;
    }
    kept.sort();
  }
  let distance = 0;
  let at = kept[0]!;
  for (let i = 0; i < n; i++) {
    const x = kept[i]!;
    const F = cdf(x);
    if (!Number.isFinite(F)) throw new InvalidArgumentError(`ksDistance: the reference cdf returned ${F} at ${x}`);
    let jump = 0;
    for (const a of atoms) if (a.at === x) jump += a.mass;
    const up = (i + 1) / n - F;
    const down = F - jump - i / n;
    if (up > distance) {
      distance = up;
      at = x;
    }
    if (down > distance) {
      distance = down;
      at = x;
    }
  }
  return { distance, at, count: n, dropped };
}

/**
 * What wasserstein1 compares against: a law (cdf with its support and atoms, quantile optional but
 * used when present), a bare cdf with the interval it lives on, or a bare quantile function.
 */
export type W1Reference =
  | { cdf(x: number): number; support: readonly Interval[]; atoms?: readonly Atom[]; quantile?(p: number): number }
  | { cdf(x: number): number; range: readonly [number, number]; atoms?: readonly Atom[]; quantile?(p: number): number }
  | { quantile(p: number): number };

export interface W1Result {
  /** integral |F_N - F| dx = integral_0^1 |Q_N(p) - Q(p)| dp over the kept values. */
  readonly distance: number;
  readonly count: number;
  readonly dropped: number;
}

const ORDER = 8;

/**
 * The Wasserstein-1 distance between the empirical law of the kept values and the reference,
 * W1 = integral |F_N(x) - F(x)| dx.
 *
 * With a cdf (the usual case: a LimitingLaw): the line is cut at the sample points, the support
 * ends and the atoms; on each piece F_N is a constant c and F is continuous and monotone, so
 * |F - c| changes sign at most once, at F^{-1}(c) (from `quantile` when given, else by
 * bisection); each signed part is c times a length minus integral F, by 8-point Gauss-Legendre
 * after the substitutions x = u + s^2, x = v - s^2 on the two halves of a piece (smooth in s for
 * the (x - edge)^(3/2) behaviour of F at a square-root edge), with more panels on long pieces.
 * The integration covers the law's support (or `range`) and the sample.
 *
 * With only a quantile function Q: W1 = sum_i integral over [(i-1)/N, i/N] of |x_(i) - Q(p)|,
 * each cell split where Q crosses x_(i) (bisection) and integrated by Gauss-Legendre; about 60 N
 * quantile calls, so slower, and less accurate (~1e-8 for N = 200 at square-root edges, where
 * Q - edge ~ p^(2/3); a gap of the support inside a cell, where Q jumps, costs more): prefer a cdf.
 */
export function wasserstein1(values: ArrayLike<number>, reference: W1Reference, options: BulkSelection = {}): W1Result {
  if (reference === null || typeof reference !== "object") {
    throw new InvalidArgumentError("wasserstein1: the reference must be a law ({ cdf, support }), { cdf, range } or { quantile }");
  }
  const { kept, dropped } = selectBulk(values, options);
  if ("cdf" in reference && typeof reference.cdf === "function") {
    let lo: number;
    let hi: number;
    if ("support" in reference && Array.isArray(reference.support) && reference.support.length > 0) {
      lo = reference.support[0]![0];
      hi = reference.support[reference.support.length - 1]![1];
    } else if ("range" in reference && Array.isArray(reference.range)) {
      [lo, hi] = reference.range;
    } else {
      throw new InvalidArgumentError("wasserstein1: a cdf reference needs `support` intervals or a `range` [lower, upper] holding the law");
    }
    const atoms = reference.atoms ?? [];
    for (const a of atoms) {
      lo = Math.min(lo, a.at);
      hi = Math.max(hi, a.at);
    }
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi >= lo)) {
      throw new InvalidArgumentError(`wasserstein1: the reference range [${lo}, ${hi}] is not a finite interval`);
    }
    const support = "support" in reference ? reference.support : [];
    const quantile = typeof reference.quantile === "function" ? (p: number) => reference.quantile!(p) : undefined;
    return { distance: w1ByCdf(kept, (x) => reference.cdf(x), atoms, support, lo, hi, quantile), count: kept.length, dropped };
  }
  if ("quantile" in reference && typeof reference.quantile === "function") {
    const quantile = reference.quantile.bind(reference) as (p: number) => number;
    return { distance: w1ByQuantile(kept, quantile), count: kept.length, dropped };
  }
  throw new InvalidArgumentError("wasserstein1: the reference must have cdf(x) (with support or range) or quantile(p)");
}

function w1ByCdf(
  kept: Float64Array,
  cdf: (x: number) => number,
  atoms: readonly Atom[],
  support: readonly Interval[],
  lo: number,
  hi: number,
  quantile: ((p: number) => number) | undefined,
): number {
  const n = kept.length;
  const points: number[] = [lo, hi, ...kept];
  for (const a of atoms) points.push(a.at);
  for (const [a, b] of support) points.push(a, b);
  points.sort((a, b) => a - b);
  const breaks = points.filter((x, i) => i === 0 || x !== points[i - 1]);
  const span = breaks[breaks.length - 1]! - breaks[0]!;
  const { nodes, weights } = gaussLegendre(ORDER);
  // integral_u^v F: halves [u, m] and [m, v] mapped by x = u + s^2 and x = v - s^2, which turns the
  // (x - edge)^(3/2) behaviour of F at a support end into a smooth function of s
  const integralF = (u: number, v: number): number => {
    if (!(v > u)) return 0;
    const smax = Math.sqrt(0.5 * (v - u));
    const panels = span > 0 ? Math.max(1, Math.ceil(Math.sqrt((64 * (v - u)) / span))) : 1;
    const h = smax / panels;
    let total = 0;
    for (let p = 0; p < panels; p++) {
      const mid = (p + 0.5) * h;
      let acc = 0;
      for (let i = 0; i < ORDER; i++) {
        const s = mid + 0.5 * h * nodes[i]!;
        acc += weights[i]! * 2 * s * (cdf(u + s * s) + cdf(v - s * s));
      }
      total += 0.5 * h * acc;
    }
    return total;
  };
  const atomAt = (x: number) => atoms.reduce((s, a) => (a.at === x ? s + a.mass : s), 0);
  let below = 0; // number of kept values <= the current left break
  let total = 0;
  for (let k = 0; k + 1 < breaks.length; k++) {
    const u = breaks[k]!;
    const v = breaks[k + 1]!;
    while (below < n && kept[below]! <= u) below++;
    const c = below / n;
    const fu = cdf(u); // F(u+)
    const fv = cdf(v) - atomAt(v); // F(v-)
    if (fu >= c) total += integralF(u, v) - c * (v - u);
    else if (fv <= c) total += c * (v - u) - integralF(u, v);
    else {
      let q = quantile ? quantile(c) : NaN;
      if (!(q > u && q < v)) {
        let a = u;
        let b = v;
        for (let it = 0; it < 100 && b - a > 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b)); it++) {
          const mid = 0.5 * (a + b);
          if (cdf(mid) < c) a = mid;
          else b = mid;
        }
        q = 0.5 * (a + b);
      }
      total += c * (q - u) - integralF(u, q) + integralF(q, v) - c * (v - q);
    }
  }
  return Math.max(0, total);
}

function w1ByQuantile(kept: Float64Array, quantile: (p: number) => number): number {
  const n = kept.length;
  const { nodes, weights } = gaussLegendre(ORDER);
  const integralQ = (a: number, b: number): number => {
    if (!(b > a)) return 0;
    let s = 0;
    for (let i = 0; i < ORDER; i++) s += weights[i]! * quantile(0.5 * (a + b) + 0.5 * (b - a) * nodes[i]!);
    return 0.5 * (b - a) * s;
  };
  let total = 0;
  let q0 = quantile(0);
  for (let i = 0; i < n; i++) {
    const p0 = i / n;
    const p1 = (i + 1) / n;
    const q1 = quantile(p1);
    if (!Number.isFinite(q0) || !Number.isFinite(q1)) throw new InvalidArgumentError(`wasserstein1: the quantile function is not finite on [${p0}, ${p1}]`);
    const x = kept[i]!;
    if (x <= q0) total += integralQ(p0, p1) - x * (p1 - p0);
    else if (x >= q1) total += x * (p1 - p0) - integralQ(p0, p1);
    else {
      let a = p0;
      let b = p1;
      for (let it = 0; it < 40; it++) {
        const mid = 0.5 * (a + b);
        if (quantile(mid) < x) a = mid;
        else b = mid;
      }
      const ps = 0.5 * (a + b);
      total += x * (ps - p0) - integralQ(p0, ps) + integralQ(ps, p1) - x * (p1 - ps);
    }
    q0 = q1;
  }
  return Math.max(0, total);
}
