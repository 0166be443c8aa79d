/**
 * The limiting spectrum of a sample covariance with a general population (Marchenko-Pastur 1967,
 * Silverstein 1995, Silverstein-Choi 1995).
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
 * t_j and t_{j+1} gives 0 or 2 critical points, found by bisection; the edges are psi there.
 * When gamma > 1, F also has an atom 1 - 1/gamma at 0.
 */
import * as C from "./complex.js";
import type { Complex } from "./complex.js";
import { ConvergenceError, InvalidArgumentError } from "../errors.js";
import {
  checkFinite,
  checkFiniteList,
  checkPoint,
  checkPositive,
  checkProbability,
  gaussLegendre,
  solveMonotone,
  type Atom,
  type Interval,
  type LimitingLaw,
} from "./law.js";

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

/** psi(l) = l (1 + gamma sum w t / (l - t)): the outlier map of Bai-Yao and the inverse map z(-1/l). */
export function psiOf(pop: NormalizedPopulation, l: number): number {
  let s = 0;
  for (let k = 0; k < pop.t.length; k++) s += (pop.w[k]! * pop.t[k]!) / (l - pop.t[k]!);
  return l * (1 + pop.gamma * s);
}

/** psi'(l) = 1 - gamma sum w t^2 / (l - t)^2 = 1 - phi(l). */
export function psiDerivative(pop: NormalizedPopulation, l: number): number {
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

function supportOf(pop: NormalizedPopulation): SilversteinSupport {
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
  return supportOf(normalizePopulation(options.population, options.gamma));
}

// ------------------------------------------------------------------ solving for mc

const NEWTON_TOLERANCE = 2e-14;
const NEWTON_MAX_ITERATIONS = 100;

/**
 * Newton's method on z(mc) = z, in plain-number complex arithmetic (this is the hot loop of the
 * density on a grid). Steps are damped by halving until the residual |z(mc) - z| decreases;
 * for Im z > 0 they must also stay in C+ (where the solution is unique); on the real axis an
 * iterate that crosses into C- is reflected back (z(conj m) = conj z(m) there, so reflection
 * keeps the distance to a real root and maps the distance to the conjugate root onto the root
 * in C+).
 */
class CompanionSolver {
  readonly t: Float64Array;
  readonly w: Float64Array;
  readonly gamma: number;
  // outputs of evaluate(): z(m) and z'(m)
  zr = 0;
  zi = 0;
  dr = 0;
  di = 0;
  /** |1/mc| + gamma sum w |t/(1 + t mc)|: the size of the terms of z(mc), for the rounding floor of the residual. */
  zscale = 0;
  // outputs of newton(): the solution and the work done
  mr = 0;
  mi = 0;
  iterations = 0;
  residual = Infinity;

  constructor(readonly pop: NormalizedPopulation) {
    this.t = pop.t;
    this.w = pop.w;
    this.gamma = pop.gamma;
  }

  evaluate(mr: number, mi: number): void {
    const n2 = mr * mr + mi * mi;
    const ir = mr / n2;
    const ii = -mi / n2;
    let s1r = 0;
    let s1i = 0;
    let s2r = 0;
    let s2i = 0;
    let sabs = 0;
    const { t, w } = this;
    for (let k = 0; k < t.length; k++) {
      const tk = t[k]!;
      const qr = 1 + tk * mr;
      const qi = tk * mi;
      const qn = qr * qr + qi * qi;
      const ur = (tk * qr) / qn;
      const ui = (-tk * qi) / qn;
      const wk = w[k]!;
      s1r += wk * ur;
      s1i += wk * ui;
      s2r += wk * (ur * ur - ui * ui);
      s2i += wk * 2 * ur * ui;
      sabs += wk * Math.hypot(ur, ui);
    }
    const g = this.gamma;
    this.zscale = Math.sqrt(ir * ir + ii * ii) + g * sabs;
    this.zr = -ir + g * s1r;
    this.zi = -ii + g * s1i;
    this.dr = ir * ir - ii * ii - g * s2r;
    this.di = 2 * ir * ii - g * s2i;
  }

  /** Newton from (mr, mi) for z = xr + i xi. True when it converged; the result is in this.mr/mi. */
  newton(xr: number, xi: number, mr: number, mi: number, maxIterations = NEWTON_MAX_ITERATIONS): boolean {
    const onAxis = xi === 0;
    if (onAxis) mi = Math.abs(mi);
    this.evaluate(mr, mi);
    let fr = this.zr - xr;
    let fi = this.zi - xi;
    let res = Math.hypot(fr, fi);
    for (let it = 1; it <= maxIterations; it++) {
      this.iterations++;
      // delta = f / z' (Smith's division)
      const dr = this.dr;
      const di = this.di;
      let sr: number;
      let si: number;
      if (Math.abs(dr) >= Math.abs(di)) {
        const r = di / dr;
        const den = dr + di * r;
        sr = (fr + fi * r) / den;
        si = (fi - fr * r) / den;
      } else {
        const r = dr / di;
        const den = dr * r + di;
        sr = (fr * r + fi) / den;
        si = (fi * r - fr) / den;
      }
      if (!Number.isFinite(sr) || !Number.isFinite(si)) return false;
      const full = Math.hypot(sr, si);
      if (full <= NEWTON_TOLERANCE * Math.hypot(mr, mi)) {
        // the full Newton step is at rounding level: converged (near a double root, at an
        // edge, the distance to the root is about twice the step)
        mr -= sr;
        mi = onAxis ? Math.abs(mi - si) : mi - si;
        this.mr = mr;
        this.mi = mi;
        this.residual = res;
        return true;
      }
      // damped step: halve until the residual decreases (and, off the axis, Im mc stays > 0)
      let lambda = 1;
      let accepted = false;
      for (let back = 0; back < 50 && !accepted; back++, lambda *= 0.5) {
        const nr = mr - lambda * sr;
        let ni = mi - lambda * si;
        if (onAxis) ni = Math.abs(ni);
        else if (!(ni > 0)) continue;
        this.evaluate(nr, ni);
        const nfr = this.zr - xr;
        const nfi = this.zi - xi;
        const nres = Math.hypot(nfr, nfi);
        if (nres < res) {
          mr = nr;
          mi = ni;
          fr = nfr;
          fi = nfi;
          res = nres;
          accepted = true;
        }
      }
      if (!accepted) {
        // no decrease along the Newton direction. At the rounding floor of the residual this is
        // convergence (near an edge, a double root, mc is then only good to ~sqrt(eps));
        // otherwise Newton is stuck and the caller retries or starts cold.
        this.evaluate(mr, mi);
        this.mr = mr;
        this.mi = mi;
        this.residual = res;
        return res <= 64 * Number.EPSILON * (this.zscale + Math.hypot(xr, xi));
      }
      if (res === 0) {
        this.mr = mr;
        this.mi = mi;
        this.residual = 0;
        return true;
      }
    }
    this.mr = mr;
    this.mi = mi;
    this.residual = res;
    return false;
  }

  /**
   * Is (mr, mi) the solution for z = xr + i xi? In C+ it is (uniqueness); a real root must
   * have z'(mc) >= 0 (Silverstein-Choi), up to rounding: mc^2 z'(mc) = 1 - gamma sum w (t mc/(1 + t mc))^2.
   */
  acceptable(mr: number, mi: number, xi: number): boolean {
    if (!Number.isFinite(mr) || !Number.isFinite(mi)) return false;
    if (xi > 0) return mi > 0;
    if (mi > 1e-10 * Math.hypot(mr, mi)) return true;
    let s = 0;
    for (let k = 0; k < this.t.length; k++) {
      const u = (this.t[k]! * mr) / (1 + this.t[k]! * mr);
      s += this.w[k]! * u * u;
    }
    return 1 - this.gamma * s >= -1e-6;
  }

  /**
   * Solves from nothing by continuation in Im z: from z0 = x + i eta0 far above the spectrum
   * (a few fixed-point steps mc <- -1/(z0 - gamma sum w t/(1 + t mc)) from -1/z0, then Newton)
   * down to the target imaginary part, shrinking eta - target by 4 each step, and by less after
   * a failed step (the solution path is analytic for eta > 0, so small enough steps succeed).
   */
  solveCold(xr: number, xi: number): boolean {
    const scaleT = this.t[this.t.length - 1]! * (1 + Math.sqrt(this.gamma)) ** 2;
    const big = Math.max(scaleT, Math.abs(xr), xi);
    let eta = Math.max(xi, 2 * big);
    // fixed-point start at z0 = xr + i eta (contracting strongly there: |T'| <~ (big / eta)^2)
    let mr: number;
    let mi: number;
    {
      const n = xr * xr + eta * eta;
      mr = -xr / n;
      mi = eta / n;
      for (let it = 0; it < 20; it++) {
        let s1r = 0;
        let s1i = 0;
        for (let k = 0; k < this.t.length; k++) {
          const tk = this.t[k]!;
          const qr = 1 + tk * mr;
          const qi = tk * mi;
          const qn = qr * qr + qi * qi;
          s1r += (this.w[k]! * tk * qr) / qn;
          s1i -= (this.w[k]! * tk * qi) / qn;
        }
        const dr = xr - this.gamma * s1r;
        const di = eta - this.gamma * s1i;
        const dn = dr * dr + di * di;
        mr = -dr / dn;
        mi = di / dn;
      }
    }
    if (!this.newton(xr, eta, mr, mi)) return false;
    mr = this.mr;
    mi = this.mi;
    let ratio = 0.25;
    let failures = 0;
    while (eta > xi) {
      let next = xi + (eta - xi) * ratio;
      if (next - xi <= 1e-13 * big) next = xi;
      if (this.newton(xr, next, mr, mi) && this.acceptable(this.mr, this.mi, next)) {
        mr = this.mr;
        mi = this.mi;
        eta = next;
        ratio = Math.max(0.25, ratio * ratio);
      } else {
        if (++failures > 60) return false;
        ratio = Math.sqrt(ratio);
      }
    }
    this.mr = mr;
    this.mi = mi;
    return true;
  }

  /** Solve at z = xr + i xi from a guess, falling back to the cold start; throws on failure. */
  solve(xr: number, xi: number, guessR?: number, guessI?: number): void {
    if (guessR !== undefined && guessI !== undefined) {
      if (this.newton(xr, xi, guessR, guessI) && this.acceptable(this.mr, this.mi, xi)) return;
    }
    if (this.solveCold(xr, xi)) return;
    throw new ConvergenceError(
      `Silverstein solver: no convergence at z = ${xr} + ${xi}i (Newton with continuation in Im z)`,
      this.iterations,
      this.residual,
      { companion: { re: this.mr, im: this.mi } },
    );
  }

  /** m(z) = -(1/z) sum w / (1 + t mc) for the current solution mc. */
  stieltjesOf(z: Complex, mc: Complex): Complex {
    let sr = 0;
    let si = 0;
    for (let k = 0; k < this.t.length; k++) {
      const qr = 1 + this.t[k]! * mc.re;
      const qi = this.t[k]! * mc.im;
      const qn = qr * qr + qi * qi;
      sr += (this.w[k]! * qr) / qn;
      si -= (this.w[k]! * qi) / qn;
    }
    return C.neg(C.div({ re: sr, im: si }, z));
  }
}

const solverCache = new WeakMap<NormalizedPopulation, CompanionSolver>();
function solverFor(pop: NormalizedPopulation): CompanionSolver {
  let s = solverCache.get(pop);
  if (!s) {
    s = new CompanionSolver(pop);
    solverCache.set(pop, s);
  }
  return s;
}

/**
 * mc(x) for real x outside the support, through l = -1/mc: x = psi(l) with psi' > 0 is monotone
 * on each component of the complement, so it is solved by safeguarded Newton-bisection in l on
 * the matching stretch (below the lower critical point, inside a gap, above the upper one).
 * Returns l, or null when x is inside the support.
 */
function outsideSupportPopulationValue(pop: NormalizedPopulation, x: number): number | null {
  const cp = populationCriticalPoints(pop);
  const psi = (l: number) => psiOf(pop, l);
  const dpsi = (l: number) => psiDerivative(pop, l);
  if (x > cp.upper.edge) {
    // psi(l) >= l for l > t_K (all terms positive), so l = x brackets from above
    let hi = Math.max(x, cp.upper.population * 2);
    while (psi(hi) < x) hi *= 2;
    return solveMonotone(psi, dpsi, x, cp.upper.population, hi);
  }
  if (x < cp.lower.edge) {
    // psi increases on (-inf, l_0) from -inf: move the lower bracket down until psi(lo) <= x
    let lo = Math.min(cp.lower.population - 1, x);
    while (psi(lo) > x) lo = lo * 2 - 1;
    return solveMonotone(psi, dpsi, x, lo, cp.lower.population);
  }
  for (const g of cp.between) {
    if (g.critical && x > g.critical[0].edge && x < g.critical[1].edge) {
      return solveMonotone(psi, dpsi, x, g.critical[0].population, g.critical[1].population);
    }
  }
  return null;
}

/** Which support interval holds x (open), or -1. */
function intervalIndex(support: SilversteinSupport, x: number): number {
  const iv = support.intervals;
  for (let j = 0; j < iv.length; j++) if (x > iv[j]![0] && x < iv[j]![1]) return j;
  return -1;
}

export interface SilversteinPoint {
  /** m(z), the Stieltjes transform of the law of S (d x d), atom included. */
  readonly m: Complex;
  /** mc(z) = -(1 - gamma)/z + gamma m(z), the transform of X X^T / n (n x n). */
  readonly companion: Complex;
  /** Newton (or fixed-point) iterations spent. */
  readonly iterations: number;
}

export interface SilversteinSolveOptions extends SilversteinOptions {
  /**
   * "newton" (default): Newton on the companion inverse map with continuation in Im z from far
   * above the spectrum (any z with Im z >= 0; real z outside the support solved in l = -1/mc).
   * "fixed-point": mc <- (1 - damping) mc + damping (-1 / (z - gamma sum w t / (1 + t mc))) from
   * -1/z; needs Im z > 0. The map sends C+ into C+ with |mc| <= 1/Im z; the iteration (the
   * damped scheme of spiked-features.md 4 / 7.5) converges in practice, linearly and slowly when
   * Im z is small (thousands of steps at Im z ~ 1e-4); past maxIterations it throws
   * ConvergenceError. Kept as an independent check of the Newton path.
   */
  method?: "newton" | "fixed-point";
  /** Fixed point: mixing weight in (0, 1]. Default 0.5. */
  damping?: number;
  /** Fixed point: stop when |mc_{k+1} - mc_k| <= tolerance |mc_{k+1}|. Default 1e-13. */
  tolerance?: number;
  /** Fixed point: iteration limit (ConvergenceError beyond). Default 100000. */
  maxIterations?: number;
}

/**
 * The Stieltjes transform m(z) of the limiting law of S (population H, ratio gamma) and its
 * companion, at any z with Im z >= 0 (a real z is z + i0; Im z < 0 by conjugation). See the
 * module comment for the equations and `method` for the algorithms. Throws ConvergenceError
 * (with iterations, residual and the last iterate) when the iteration does not converge.
 * Cost: O(K) per iteration for K population atoms; ~25 continuation steps of a few Newton
 * iterations each.
 */
export function silversteinStieltjes(z: number | Complex, options: SilversteinSolveOptions): SilversteinPoint {
  const w = checkPoint(z);
  const pop = normalizePopulation(options.population, options.gamma);
  return solvePoint(pop, w, options);
}

function solvePoint(pop: NormalizedPopulation, w: Complex, options: Omit<SilversteinSolveOptions, "gamma" | "population"> = {}): SilversteinPoint {
  if (w.im < 0) {
    const p = solvePoint(pop, C.conj(w), options);
    return { m: C.conj(p.m), companion: C.conj(p.companion), iterations: p.iterations };
  }
  const method = options.method ?? "newton";
  if (method === "fixed-point") return fixedPoint(pop, w, options);
  if (method !== "newton") throw new InvalidArgumentError(`method must be "newton" or "fixed-point", got ${String(method)}`);
  if (w.im === 0) {
    if (w.re === 0 && pop.gamma >= 1) {
      throw new InvalidArgumentError(`z = 0 is a singular point of the Stieltjes transform for gamma = ${pop.gamma} >= 1 (atom or hard edge)`);
    }
    const l = outsideSupportPopulationValue(pop, w.re);
    if (l !== null) return realOutside(pop, w.re, l);
  }
  const solver = solverFor(pop);
  solver.iterations = 0;
  solver.solve(w.re, w.im);
  const mc = { re: solver.mr, im: solver.mi };
  return { m: solver.stieltjesOf(w, mc), companion: mc, iterations: solver.iterations };
}

/** Real x outside the support, from l = -1/mc: m(x) = sum w/(t - l) / (1 - gamma sum w t/(t - l)). */
function realOutside(pop: NormalizedPopulation, x: number, l: number): SilversteinPoint {
  let a = 0;
  let b = 0;
  for (let k = 0; k < pop.t.length; k++) {
    a += pop.w[k]! / (pop.t[k]! - l);
    b += (pop.w[k]! * pop.t[k]!) / (pop.t[k]! - l);
  }
  const m = a / (1 - pop.gamma * b);
  return { m: { re: m, im: 0 }, companion: { re: -1 / l, im: 0 }, iterations: 0 };
}

function fixedPoint(pop: NormalizedPopulation, z: Complex, options: Omit<SilversteinSolveOptions, "gamma" | "population">): SilversteinPoint {
  if (!(z.im > 0)) throw new InvalidArgumentError(`the fixed-point method needs Im z > 0, got z = ${z.re} + ${z.im}i`);
  const damping = options.damping ?? 0.5;
  if (!(damping > 0 && damping <= 1)) throw new InvalidArgumentError(`damping must be in (0, 1], got ${damping}`);
  const tol = checkPositive(options.tolerance ?? 1e-13, "tolerance", "relative step size");
  const maxIterations = options.maxIterations ?? 100000;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new InvalidArgumentError(`maxIterations must be a positive integer, got ${maxIterations}`);
  }
  let mc = C.neg(C.inv(z));
  let step = Infinity;
  for (let it = 1; it <= maxIterations; it++) {
    let s: Complex = C.ZERO;
    for (let k = 0; k < pop.t.length; k++) {
      s = C.add(s, C.scale(C.inv(C.addReal(C.scale(mc, pop.t[k]!), 1)), pop.w[k]! * pop.t[k]!));
    }
    const image = C.neg(C.inv(C.sub(z, C.scale(s, pop.gamma))));
    const next = C.add(C.scale(mc, 1 - damping), C.scale(image, damping));
    step = C.dist(next, mc);
    mc = next;
    if (step <= tol * C.abs(mc)) {
      return { m: solverFor(pop).stieltjesOf(z, mc), companion: mc, iterations: it };
    }
  }
  throw new ConvergenceError(
    `Silverstein fixed point: no convergence in ${maxIterations} iterations at z = ${z.re} + ${z.im}i (last step ${step})`,
    maxIterations,
    step,
    { companion: mc },
  );
}

/**
 * rho(x) on real points x (any order) for the law of S: Im mc(x + i0) / (gamma pi) inside the
 * support (m = (mc + (1 - gamma)/x) / gamma and the second term is real), exactly 0 outside it
 * (the support comes from the critical points, so no solve is needed there). The atom at 0
 * (gamma > 1) is not part of the density. Points are solved from right to left within each
 * support interval, each Newton solve starting from the previous solution moved by the tangent
 * dmc/dx = 1/z'(mc) (continuation along the grid), with a cold start (continuation in Im z) for
 * the first point of an interval and whenever a warm start fails. Cost O(K) per Newton iteration,
 * about 3 iterations per point on a 2000-point grid (3-atom population, cold starts included).
 */
export function silversteinDensity(x: ArrayLike<number>, options: SilversteinOptions): Float64Array {
  const xs = checkFiniteList(x, "x");
  const pop = normalizePopulation(options.population, options.gamma);
  return densityOnGrid(pop, supportOf(pop), xs);
}

function densityOnGrid(pop: NormalizedPopulation, support: SilversteinSupport, xs: Float64Array): Float64Array {
  const out = new Float64Array(xs.length);
  const order = Array.from(xs.keys()).sort((i, j) => xs[j]! - xs[i]!);
  const solver = solverFor(pop);
  let lastInterval = -1;
  let pr = 0;
  let pi = 0;
  let px = 0;
  for (const idx of order) {
    const x = xs[idx]!;
    const j = intervalIndex(support, x);
    if (j < 0) continue;
    solver.iterations = 0;
    if (j === lastInterval) {
      // tangent predictor: mc(x) ~ mc(px) + (x - px) / z'(mc(px)), used while it stays modest
      solver.evaluate(pr, pi);
      const dn = solver.dr * solver.dr + solver.di * solver.di;
      const dx = x - px;
      let gr = pr + (dx * solver.dr) / dn;
      let gi = pi - (dx * solver.di) / dn;
      if (!(Math.hypot(gr - pr, gi - pi) <= 0.25 * Math.hypot(pr, pi))) {
        gr = pr;
        gi = pi;
      }
      // a guess exactly on the axis would keep Newton real: lift it into C+
      solver.solve(x, 0, gr, gi !== 0 ? Math.abs(gi) : 1e-3 * Math.hypot(gr, gi));
    } else {
      solver.solve(x, 0);
    }
    pr = solver.mr;
    pi = solver.mi;
    px = x;
    lastInterval = j;
    out[idx] = Math.max(0, pi) / (pop.gamma * Math.PI);
  }
  return out;
}

// ------------------------------------------------------------------ the law: cdf and quantiles

const INITIAL_PANELS = 32;
const PANEL_ORDER = 8;
const PANEL_TOLERANCE = 1e-14;
const MAX_PANEL_DEPTH = 40;

/** Legendre P_0..P_{n} at u (three-term recurrence) into out. */
function legendreValues(u: number, n: number, out: Float64Array): void {
  out[0] = 1;
  if (n >= 1) out[1] = u;
  for (let k = 2; k <= n; k++) out[k] = ((2 * k - 1) * u * out[k - 1]! - (k - 1) * out[k - 2]!) / k;
}

/**
 * rho at single points with a warm start: Newton from the previous solution when it lies in
 * the same support interval (inside the support the root in C+ is unique, so a warm start
 * cannot land on a wrong branch; a failed one falls back to the cold start).
 */
function pointDensity(pop: NormalizedPopulation, support: SilversteinSupport): (x: number) => number {
  const solver = solverFor(pop);
  let interval = -1;
  let re = 0;
  let im = 0;
  return (x: number): number => {
    const j = intervalIndex(support, x);
    if (j < 0) return 0;
    solver.iterations = 0;
    if (j === interval) solver.solve(x, 0, re, im);
    else solver.solve(x, 0);
    interval = j;
    re = solver.mr;
    im = solver.mi;
    return Math.max(0, im) / (pop.gamma * Math.PI);
  };
}

/** One support interval's tabulated cdf: panels in theta, ascending. */
interface IntervalTable {
  /** Panel starts (and the final end, pi): length panels + 1. */
  readonly theta: Float64Array;
  /** Mass before each panel (length panels + 1; the last entry is the interval's mass). */
  readonly cumulative: Float64Array;
  /** Legendre coefficients of f on each panel, PANEL_ORDER per panel. */
  readonly coefficients: Float64Array;
}

/**
 * The cdf of the continuous part on one support interval [a, b]. x = c - h cos(theta) turns
 * integral rho dx into integral f(theta) d(theta), f = rho(x(theta)) h sin(theta), analytic in
 * theta on [0, pi] for square-root edges (rho is sqrt(x - edge) times an analytic function there).
 * Adaptive Gauss-Legendre: 32 panels of 8 nodes, each split in two while the halves' sum differs
 * from the whole by more than 1e-14 (sharp features: an edge near the hard edge 0 when gamma is
 * close to 1, narrow intervals). On each panel f is kept as its degree-7 Legendre expansion
 * (exact discrete transform at the nodes), which integrates in closed form up to any theta:
 * integral_{-1}^u P_n = (P_{n+1}(u) - P_{n-1}(u)) / (2n + 1).
 */
function buildIntervalTable(rho: (x: number) => number, a: number, b: number): IntervalTable {
  const { nodes, weights } = gaussLegendre(PANEL_ORDER);
  const h = 0.5 * (b - a);
  const P = new Float64Array(PANEL_ORDER);
  interface Panel { t0: number; t1: number; integral: number; coef: Float64Array }
  const panel = (t0: number, t1: number): Panel => {
    const mid = 0.5 * (t0 + t1);
    const half = 0.5 * (t1 - t0);
    const coef = new Float64Array(PANEL_ORDER);
    let integral = 0;
    for (let i = 0; i < PANEL_ORDER; i++) {
      const theta = mid + half * nodes[i]!;
      // x(theta) from the nearer edge: c - h cos(theta) would lose the digits of x - a near theta = 0
      const x = theta < Math.PI / 2 ? a + 2 * h * Math.sin(0.5 * theta) ** 2 : b - 2 * h * Math.cos(0.5 * theta) ** 2;
      const f = rho(x) * h * Math.sin(theta);
      integral += weights[i]! * f;
      legendreValues(nodes[i]!, PANEL_ORDER - 1, P);
      for (let n = 0; n < PANEL_ORDER; n++) coef[n]! += ((2 * n + 1) / 2) * weights[i]! * f * P[n]!;
    }
    return { t0, t1, integral: half * integral, coef };
  };
  const accepted: Panel[] = [];
  const refine = (p: Panel, depth: number): void => {
    const m = 0.5 * (p.t0 + p.t1);
    const left = panel(p.t0, m);
    const right = panel(m, p.t1);
    if (Math.abs(left.integral + right.integral - p.integral) <= PANEL_TOLERANCE || depth >= MAX_PANEL_DEPTH) {
      accepted.push(left, right);
      return;
    }
    refine(left, depth + 1);
    refine(right, depth + 1);
  };
  for (let k = 0; k < INITIAL_PANELS; k++) {
    refine(panel((k * Math.PI) / INITIAL_PANELS, ((k + 1) * Math.PI) / INITIAL_PANELS), 0);
  }
  const n = accepted.length;
  const theta = new Float64Array(n + 1);
  const cumulative = new Float64Array(n + 1);
  const coefficients = new Float64Array(n * PANEL_ORDER);
  accepted.forEach((p, k) => {
    theta[k] = p.t0;
    cumulative[k + 1] = cumulative[k]! + p.integral;
    coefficients.set(p.coef, k * PANEL_ORDER);
  });
  theta[n] = Math.PI;
  return { theta, cumulative, coefficients };
}

/** Mass of panel k of the table from its start up to local coordinate u in [-1, 1], and f there. */
function panelIntegral(table: IntervalTable, k: number, u: number, P: Float64Array): { value: number; derivative: number } {
  legendreValues(u, PANEL_ORDER, P);
  const c = table.coefficients;
  const base = k * PANEL_ORDER;
  let value = c[base]! * (u + 1);
  let derivative = c[base]!;
  for (let n = 1; n < PANEL_ORDER; n++) {
    value += (c[base + n]! * (P[n + 1]! - P[n - 1]!)) / (2 * n + 1);
    derivative += c[base + n]! * P[n]!;
  }
  const half = 0.5 * (table.theta[k + 1]! - table.theta[k]!);
  return { value: half * value, derivative: half * derivative };
}

/** The panel holding theta (binary search on the panel starts). */
function panelOf(table: IntervalTable, theta: number): number {
  let lo = 0;
  let hi = table.theta.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (table.theta[mid]! <= theta) lo = mid;
    else hi = mid;
  }
  return lo;
}

export interface SilversteinLaw extends LimitingLaw {
  readonly gamma: number;
  readonly population: NormalizedPopulation;
  readonly supportDetails: SilversteinSupport;
  /** Mass of the continuous part by quadrature (min(1, 1/gamma) in exact arithmetic): a check of the solver. */
  continuousMass(): number;
  /** m(z) and mc(z) with the solver details. */
  solve(z: number | Complex): SilversteinPoint;
  /** Density on many points at once (continuation along the grid; much faster than density() per point). */
  densities(x: ArrayLike<number>): Float64Array;
}

/**
 * The limiting law of S for population H and ratio gamma as a LimitingLaw: support and atoms from
 * the critical points, density and Stieltjes transform by the solver, and a cdf/quantile from a
 * table built on first use (see buildIntervalTable: adaptive Gauss-Legendre in the edge angle,
 * ~800 density solves per support interval, a few ms; cdf accurate to ~1e-12). quantile inverts
 * the tabulated cdf by safeguarded Newton. density(x) solves at x, warm-started from the
 * previous call.
 */
export function silversteinLaw(options: SilversteinOptions): SilversteinLaw {
  const pop = normalizePopulation(options.population, options.gamma);
  const support = supportOf(pop);
  const atomMass = pop.gamma > 1 ? 1 - 1 / pop.gamma : 0;
  const rho = pointDensity(pop, support);
  let tables: IntervalTable[] | null = null;
  const getTables = () => (tables ??= support.intervals.map(([a, b]) => buildIntervalTable(rho, a, b)));
  const massOf = (t: IntervalTable) => t.cumulative[t.cumulative.length - 1]!;
  const P = new Float64Array(PANEL_ORDER + 1);

  const density = (x: number): number => rho(checkFinite(x, "x"));

  const cdf = (x: number): number => {
    checkFinite(x, "x");
    let F = x >= 0 ? atomMass : 0;
    const tb = getTables();
    for (let j = 0; j < support.intervals.length; j++) {
      const [a, b] = support.intervals[j]!;
      if (x >= b) F += massOf(tb[j]!);
      else if (x > a) {
        const theta = 2 * Math.atan2(Math.sqrt(x - a), Math.sqrt(b - x));
        const k = panelOf(tb[j]!, theta);
        const t0 = tb[j]!.theta[k]!;
        const t1 = tb[j]!.theta[k + 1]!;
        const u = Math.min(1, Math.max(-1, (2 * (theta - t0)) / (t1 - t0) - 1));
        F += tb[j]!.cumulative[k]! + panelIntegral(tb[j]!, k, u, P).value;
      }
    }
    return x >= support.upperEdge ? 1 : Math.min(1, Math.max(0, F));
  };

  const quantile = (p: number): number => {
    checkProbability(p);
    if (atomMass > 0 && p <= atomMass) return 0;
    if (p === 0) return support.lowerEdge;
    const tb = getTables();
    let rest = p - atomMass;
    for (let j = 0; j < support.intervals.length; j++) {
      const table = tb[j]!;
      const mj = massOf(table);
      const [a, b] = support.intervals[j]!;
      if (rest > mj && j + 1 < support.intervals.length) {
        rest -= mj;
        continue;
      }
      if (rest >= mj) return b;
      const cum = table.cumulative;
      let lo = 0;
      let hi = cum.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! < rest) lo = mid;
        else hi = mid;
      }
      const k = lo;
      const u = solveMonotone(
        (s) => panelIntegral(table, k, s, P).value,
        (s) => panelIntegral(table, k, s, P).derivative,
        rest - cum[k]!,
        -1,
        1,
      );
      const theta = table.theta[k]! + 0.5 * (u + 1) * (table.theta[k + 1]! - table.theta[k]!);
      const h = 0.5 * (b - a);
      const half = 0.5 * theta;
      return theta < Math.PI / 2 ? a + 2 * h * Math.sin(half) ** 2 : b - 2 * h * Math.cos(half) ** 2;
    }
    return support.upperEdge;
  };

  const describe = pop.t.length <= 6
    ? Array.from(pop.t, (t, k) => `${t}:${pop.w[k]!.toPrecision(4)}`).join(",")
    : `${pop.t.length} atoms in [${pop.t[0]}, ${pop.t[pop.t.length - 1]}]`;

  return {
    name: `silverstein(gamma=${pop.gamma}, H={${describe}})`,
    gamma: pop.gamma,
    population: pop,
    supportDetails: support,
    support: support.intervals,
    atoms: support.atoms,
    lowerEdge: support.lowerEdge,
    upperEdge: support.upperEdge,
    density,
    cdf,
    quantile,
    stieltjes: (z) => solvePoint(pop, checkPoint(z)).m,
    solve: (z) => solvePoint(pop, checkPoint(z)),
    densities: (x) => densityOnGrid(pop, support, checkFiniteList(x, "x")),
    continuousMass: () => getTables().reduce((s, t) => s + massOf(t), 0),
  };
}
