/**
 * The population side of the limiting spectrum of a sample covariance with a general population
 * (Marchenko-Pastur 1967, Silverstein 1995, Silverstein-Choi 1995): the population law, the map
 * psi in l = -1/mc, its critical points and the support they give. The solver for mc is
 * companionSolver.ts, the transforms stieltjes.ts, the law silversteinLaw.ts.
 *
 * Convention: X is n x d with rows x_i ~ N(0, Sigma), S = X^T X / n is d x d, gamma = d / n, and the
 * eigenvalues of Sigma are distributed as H = sum_k w_k delta_{t_k} (t_k > 0, weights summing to 1;
 * a plain list of d eigenvalues means weight 1/d each). The law F of S has Stieltjes transform
 * m(z) = integral F(dl)/(l - z) (Im m > 0 above the axis); its companion, the transform of the
 * n x n matrix X X^T / n, is mc(z) = -(1 - gamma)/z + gamma m(z). The companion inverts in closed
 * form (Silverstein's equation, spiked-features.md 7.5):
 *
 *   z(mc) = -1/mc + gamma sum_k w_k t_k / (1 + t_k mc),
 *
 * and for z in C+ the solution mc in C+ is unique (Silverstein 1995). Then
 * m = -(1/z) sum_k w_k / (1 + t_k mc), which has no cancellation near z = 0.
 *
 * Support: with l = -1/mc the inverse map reads psi(l) = l (1 + gamma sum_k w_k t_k / (l - t_k)),
 * psi'(l) = 1 - gamma sum_k w_k t_k^2 / (l - t_k)^2, and the complement of the support is the
 * image by psi of { l not in supp H : psi'(l) > 0 } (Silverstein and Choi 1995, JMVA 54).
 * phi(l) = gamma sum w t^2/(l - t)^2 is convex between consecutive atoms, so each gap between
 * t_j and t_{j+1} gives 0 or 2 critical points, found by safeguarded Newton (numerics/newton.ts);
 * the edges are psi there.
 * When gamma > 1, F also has an atom 1 - 1/gamma at 0.
 */
import { InvalidArgumentError } from "../../errors.js";
import { solveMonotone } from "../../numerics/newton.js";
import { assertOptions } from "../../validate.js";
import { checkFinite, checkPositive, type Atom, type Interval } from "../law.js";

/** A discrete population law H: eigenvalues t_k > 0 with weights summing to 1 (default equal). */
export interface PopulationSpectrum {
  eigenvalues: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

/** The population: a list of eigenvalues of Sigma (equal weights), or eigenvalues with weights. */
export type Population = ArrayLike<number> | PopulationSpectrum;

export interface SilversteinOptions {
  /** gamma = d / n (> 0). */
  gamma: number;
  /** The population law H. */
  population: Population;
}

/** A population checked, sorted, with equal eigenvalues merged. */
export interface NormalizedPopulation {
  /** Distinct eigenvalues, ascending. */
  readonly t: Float64Array;
  /** Their weights (sum 1). */
  readonly w: Float64Array;
  readonly gamma: number;
}

const WEIGHT_SUM_TOLERANCE = 1e-9;

/**
 * Checks and normalizes a population: eigenvalues finite and > 0, weights finite, >= 0 and summing
 * to 1 within 1e-9; equal eigenvalues merged, zero weights dropped, sorted ascending.
 */
export function normalizePopulation(population: Population, gamma: number): NormalizedPopulation {
  checkPositive(gamma, "gamma", "gamma = d/n");
  if (population === null || typeof population !== "object") {
    throw new InvalidArgumentError("population must be an array of eigenvalues or { eigenvalues, weights? }");
  }
  const spec: PopulationSpectrum = "eigenvalues" in population
    ? (population as PopulationSpectrum)
    : { eigenvalues: population as ArrayLike<number> };
  const raw = spec.eigenvalues;
  if (raw === null || typeof raw !== "object" || typeof raw.length !== "number" || raw.length === 0) {
    throw new InvalidArgumentError("population eigenvalues must be a non-empty array of numbers");
  }
  const t = Float64Array.from(raw);
  for (let i = 0; i < t.length; i++) {
    if (!(t[i]! > 0) || !Number.isFinite(t[i]!)) {
      throw new InvalidArgumentError(`population eigenvalue ${i} must be finite and > 0, got ${raw[i]}`);
    }
  }
  let w: Float64Array;
  if (spec.weights === undefined) {
    w = new Float64Array(t.length).fill(1 / t.length);
  } else {
    if (spec.weights.length !== t.length) {
      throw new InvalidArgumentError(`population weights must have one entry per eigenvalue (${t.length}), got ${spec.weights.length}`);
    }
    w = Float64Array.from(spec.weights);
    let sum = 0;
    for (let i = 0; i < w.length; i++) {
      if (!(w[i]! >= 0) || !Number.isFinite(w[i]!)) {
        throw new InvalidArgumentError(`population weight ${i} must be finite and >= 0, got ${spec.weights[i]}`);
      }
      sum += w[i]!;
    }
    if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE)) {
      throw new InvalidArgumentError(`population weights must sum to 1, got ${sum}`);
    }
  }
  const order = Array.from(t.keys()).sort((i, j) => t[i]! - t[j]!);
  const ts: number[] = [];
  const ws: number[] = [];
  for (const i of order) {
    if (w[i]! === 0) continue;
    if (ts.length > 0 && ts[ts.length - 1] === t[i]) ws[ws.length - 1]! += w[i]!;
    else {
      ts.push(t[i]!);
      ws.push(w[i]!);
    }
  }
  if (ts.length === 0) throw new InvalidArgumentError("population weights are all zero");
  return { t: Float64Array.from(ts), w: Float64Array.from(ws), gamma };
}

// ------------------------------------------------------------------ the map in l = -1/mc

/**
 * Refuses anything but a population made by normalizePopulation (sorted Float64Arrays t and w of one
 * length, gamma > 0) for the functions that take one, naming the function.
 */
function checkNormalizedPopulation(pop: NormalizedPopulation, fn: string): void {
  const ok = pop !== null && typeof pop === "object" && pop.t instanceof Float64Array && pop.w instanceof Float64Array &&
    pop.t.length > 0 && pop.w.length === pop.t.length && typeof pop.gamma === "number" && pop.gamma > 0;
  if (!ok) throw new InvalidArgumentError(`${fn}: pop must be a population from normalizePopulation(population, gamma), got ${pop === null ? "null" : typeof pop}`);
}

/** psi(l) = l (1 + gamma sum w t / (l - t)): the outlier map of Bai-Yao and the inverse map z(-1/l). */
export function psiOf(pop: NormalizedPopulation, l: number): number {
  checkNormalizedPopulation(pop, "psiOf");
  checkFinite(l, "l");
  let s = 0;
  for (let k = 0; k < pop.t.length; k++) s += (pop.w[k]! * pop.t[k]!) / (l - pop.t[k]!);
  return l * (1 + pop.gamma * s);
}

/** psi'(l) = 1 - gamma sum w t^2 / (l - t)^2 = 1 - phi(l). */
export function psiDerivative(pop: NormalizedPopulation, l: number): number {
  checkNormalizedPopulation(pop, "psiDerivative");
  checkFinite(l, "l");
  return 1 - phiOf(pop, l);
}

function phiOf(pop: NormalizedPopulation, l: number): number {
  let s = 0;
  for (let k = 0; k < pop.t.length; k++) {
    const d = l - pop.t[k]!;
    s += (pop.w[k]! * pop.t[k]! * pop.t[k]!) / (d * d);
  }
  return pop.gamma * s;
}

function phiDerivative(pop: NormalizedPopulation, l: number): number {
  let s = 0;
  for (let k = 0; k < pop.t.length; k++) {
    const d = l - pop.t[k]!;
    s += (pop.w[k]! * pop.t[k]! * pop.t[k]!) / (d * d * d);
  }
  return -2 * pop.gamma * s;
}

function phiSecond(pop: NormalizedPopulation, l: number): number {
  let s = 0;
  for (let k = 0; k < pop.t.length; k++) {
    const d = l - pop.t[k]!;
    const d2 = d * d;
    s += (pop.w[k]! * pop.t[k]! * pop.t[k]!) / (d2 * d2);
  }
  return 6 * pop.gamma * s;
}

/** A critical point of the inverse map: psi'(l) = 0 at l = -1/mc, with the edge psi(l) it gives. */
export interface CriticalPoint {
  /** l, in population units (a spike at l is exactly at the detection threshold). */
  readonly population: number;
  /** mc = -1/l, the companion transform at the edge (+-Infinity when l = 0). */
  readonly companion: number;
  /** The support edge x = psi(l). */
  readonly edge: number;
}

/** Between two consecutive population atoms: the region of l where psi' > 0, if any. */
export interface AtomGap {
  /** The atoms t_j < t_{j+1} bounding this stretch of l. */
  readonly left: number;
  readonly right: number;
  /**
   * argmin of phi on (left, right), where psi' is largest; undefined when the two-atom bound
   * already shows phi >= 1 on the whole stretch (no gap, and no need to locate it).
   */
  readonly peak?: number;
  /** The two critical points bounding psi' > 0 (a gap in the support), or null when psi' <= 0 throughout. */
  readonly critical: readonly [CriticalPoint, CriticalPoint] | null;
}

/** The critical structure of the inverse map for a population. */
export interface PopulationCriticalPoints {
  /** On (-inf, t_1): psi' > 0 left of it; its edge is the lower bulk edge. */
  readonly lower: CriticalPoint;
  /** On (t_K, inf): psi' > 0 right of it; its edge is the upper bulk edge. */
  readonly upper: CriticalPoint;
  /** One entry per stretch between consecutive atoms. */
  readonly between: readonly AtomGap[];
}

/** argmin of the convex phi on (left, right): the root of the increasing phi'. */
export function stretchPeak(pop: NormalizedPopulation, left: number, right: number): number {
  return solveMonotone((l) => phiDerivative(pop, l), (l) => phiSecond(pop, l), 0, left, right);
}

function critical(pop: NormalizedPopulation, l: number): CriticalPoint {
  return { population: l, companion: -1 / l, edge: psiOf(pop, l) };
}

const criticalCache = new WeakMap<NormalizedPopulation, PopulationCriticalPoints>();

/**
 * The critical points of psi (zeros of psi' = 1 - phi) on each stretch of the real l-axis between
 * population atoms. phi increases on (-inf, t_1), decreases on (t_K, inf), and is convex in
 * between, so: one root on each outer stretch (bracketed with phi <= 1/4 at distance
 * 2 sqrt(gamma) t_K from the outer atom), and between atoms the minimum of phi by a root of
 * phi' (increasing), then the two roots of phi = 1 around it when that minimum is below 1. A
 * stretch is skipped when the two-atom lower bound (A^(1/3) + B^(1/3))^3 / (t_{j+1} - t_j)^2 of
 * min phi already reaches 1. All roots by safeguarded Newton-bisection to rounding level.
 * Cost O(K^2) at worst for K atoms.
 */
export function populationCriticalPoints(pop: NormalizedPopulation): PopulationCriticalPoints {
  checkNormalizedPopulation(pop, "populationCriticalPoints");
  const cached = criticalCache.get(pop);
  if (cached) return cached;
  const { t, w, gamma } = pop;
  const K = t.length;
  const tMin = t[0]!;
  const tMax = t[K - 1]!;
  const reach = 2 * Math.sqrt(gamma) * tMax;
  const phi = (l: number) => phiOf(pop, l);
  const dphi = (l: number) => phiDerivative(pop, l);
  const lLower = solveMonotone(phi, dphi, 1, tMin - reach, tMin);
  const lUpper = solveMonotone((l) => -phi(l), (l) => -dphi(l), -1, tMax, tMax + reach);
  const between: AtomGap[] = [];
  for (let j = 0; j + 1 < K; j++) {
    const left = t[j]!;
    const right = t[j + 1]!;
    const bound = (Math.cbrt(gamma * w[j]! * left * left) + Math.cbrt(gamma * w[j + 1]! * right * right)) ** 3 / (right - left) ** 2;
    if (bound >= 1) {
      between.push({ left, right, critical: null });
      continue;
    }
    const peak = stretchPeak(pop, left, right);
    if (phi(peak) >= 1) {
      between.push({ left, right, peak, critical: null });
      continue;
    }
    const lo = solveMonotone((l) => -phi(l), (l) => -dphi(l), -1, left, peak);
    const hi = solveMonotone(phi, dphi, 1, peak, right);
    between.push({ left, right, peak, critical: [critical(pop, lo), critical(pop, hi)] });
  }
  const result: PopulationCriticalPoints = { lower: critical(pop, lLower), upper: critical(pop, lUpper), between };
  criticalCache.set(pop, result);
  return result;
}

/** The support of the limiting law: its intervals, the critical points that give their edges, the atoms. */
export interface SilversteinSupport {
  /** Disjoint intervals of the continuous part, ascending. */
  readonly intervals: readonly Interval[];
  readonly lowerEdge: number;
  readonly upperEdge: number;
  /** The critical points behind the edges, ascending in x (two per interval). */
  readonly criticalPoints: readonly CriticalPoint[];
  /** The atom 1 - 1/gamma at 0 when gamma > 1. */
  readonly atoms: readonly Atom[];
}

/** The support of the law for a normalized population (see silversteinSupport). */
export function supportOf(pop: NormalizedPopulation): SilversteinSupport {
  const cp = populationCriticalPoints(pop);
  const points: CriticalPoint[] = [cp.lower];
  for (const g of cp.between) if (g.critical) points.push(g.critical[0], g.critical[1]);
  points.push(cp.upper);
  const intervals: Interval[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) intervals.push([points[i]!.edge, points[i + 1]!.edge]);
  const atoms: Atom[] = pop.gamma > 1 ? [{ at: 0, mass: 1 - 1 / pop.gamma }] : [];
  return { intervals, lowerEdge: cp.lower.edge, upperEdge: cp.upper.edge, criticalPoints: points, atoms };
}

/**
 * The support of the limiting spectral law of S for population H and ratio gamma: intervals from
 * the critical points of the inverse map (see populationCriticalPoints), plus the atom at 0 when
 * gamma > 1. For H = delta_1 this is [(1 - sqrt(gamma))^2, (1 + sqrt(gamma))^2].
 */
export function silversteinSupport(options: SilversteinOptions): SilversteinSupport {
  assertOptions(options, "silversteinSupport");
  return supportOf(normalizePopulation(options.population, options.gamma));
}

/** Which support interval holds x (open), or -1. */
export function intervalIndex(support: SilversteinSupport, x: number): number {
  const iv = support.intervals;
  for (let j = 0; j < iv.length; j++) if (x > iv[j]![0] && x < iv[j]![1]) return j;
  return -1;
}
