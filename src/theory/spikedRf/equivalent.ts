/**
 * The spiked random-feature deterministic equivalent as an object: construction checks the options
 * and tabulates the coefficients (equation.ts), each query solves the fixed point (andersonSolver.ts)
 * from a warm start or by continuation in Im z; the support (supportScan.ts) and the order-p
 * outliers (orderPOutliers.ts) build on those solves. Model, equations and conventions: equation.ts.
 */
import { ConvergenceError, InvalidArgumentError } from "../../errors.js";
import { assertPositiveInteger } from "../../validate.js";
import type { Complex } from "../complex.js";
import { aliasedOption } from "../../validate.js";
import { checkFinite, checkFiniteList, checkPoint, type Interval, type SpectralDensity } from "../law.js";
import { secondLayerLaw, type SecondLayerLaw } from "../secondLayer.js";
import { andersonSolve } from "./andersonSolver.js";
import {
  coldState,
  tabulateCoefficients,
  type ShiftedCoefficients,
  type SolveAt,
  type SpikedRfOptions,
  type SpikedRfOutlier,
  type SpikedRfPoint,
  type SpikedRfTables,
} from "./equation.js";
import { orderPOutliers } from "./orderPOutliers.js";
import { scanSupport } from "./supportScan.js";

const DEFAULT_TOL = 1e-11;

/**
 * The spiked random-feature deterministic equivalent for given coefficients, sizes, theta and
 * second-layer law (model and equations: equation.ts). Construction tabulates the coefficient functions on
 * the kappa nodes (3 Q K evaluations); every query then solves the fixed point.
 */
export class SpikedRfEquivalent implements SpectralDensity {
  readonly n: number;
  readonly p: number;
  readonly d: number;
  readonly theta: number;
  readonly law: SecondLayerLaw;
  /** n/d. */
  readonly rd: number;
  /** p/n. */
  readonly psi: number;
  /** Mass of the atom of the spectrum of Sigma at 0. */
  readonly atom: number;
  /** Gauss-Hermite nodes and weights in kappa. */
  readonly kappa: Float64Array;
  readonly weights: Float64Array;
  private readonly coefficients: ShiftedCoefficients;
  /** The coefficient tables the fixed-point map reads. */
  private readonly tables: SpikedRfTables;
  private readonly tol: number;
  private readonly maxIter: number;
  /** Largest bulk variance phi_k^2 + s_k over the nodes that carry weight (a scale for the support). */
  readonly bulkScale: number;
  /** True when mu*^2 vanishes on every node (linear features, rank <= d). */
  readonly linear: boolean;

  constructor(options: SpikedRfOptions) {
    if (options === null || typeof options !== "object") throw new InvalidArgumentError("spikedRfEquivalent needs an options object");
    const co = options.coefficients;
    if (co === null || typeof co !== "object" || typeof co.mu0 !== "function" || typeof co.mu1 !== "function" || typeof co.muStar2 !== "function") {
      throw new InvalidArgumentError("coefficients must provide mu0(c), mu1(c) and muStar2(c) (features' shiftedCoefficients(activation))");
    }
    assertPositiveInteger(options.n, "n");
    assertPositiveInteger(options.p, "p");
    assertPositiveInteger(options.d, "d");
    this.n = options.n;
    this.p = options.p;
    this.d = options.d;
    const theta = options.theta;
    if (typeof theta !== "number" || !Number.isFinite(theta) || theta < 0) {
      throw new InvalidArgumentError(`theta must be a finite number >= 0, got ${theta}`);
    }
    this.theta = theta;
    this.law = secondLayerLaw(options.secondLayer ?? "ones", { nodes: options.secondLayerNodes });
    this.coefficients = co;
    this.rd = this.n / this.d;
    this.psi = this.p / this.n;
    const Q = options.kappaNodes ?? 161;
    if (!Number.isInteger(Q) || Q < 2 || Q > 1000) throw new InvalidArgumentError(`kappaNodes must be an integer in [2, 1000], got ${Q}`);
    this.tol = options.tol ?? DEFAULT_TOL;
    if (!(this.tol > 0) || !Number.isFinite(this.tol)) throw new InvalidArgumentError(`tol must be a positive number, got ${this.tol}`);
    this.maxIter = aliasedOption<number>(options, "maxIter", "maxIterations", "spikedRfEquivalent") ?? 20000;
    if (!Number.isInteger(this.maxIter) || this.maxIter < 1) {
      throw new InvalidArgumentError(`maxIter must be a positive integer, got ${this.maxIter}`);
    }
    this.tables = tabulateCoefficients(co, theta, this.law, Q, this.rd, this.psi);
    this.kappa = this.tables.kappa;
    this.weights = this.tables.weights;
    this.bulkScale = this.tables.bulkScale;
    this.linear = this.tables.linear;
    const rank = this.linear ? Math.min(this.n, this.d) : this.n;
    this.atom = Math.max(0, 1 - rank / this.p);
  }

  /** solveAt bound to this equivalent, for the support scan and the outlier equation. */
  private readonly solver: SolveAt = (zr, zi, warm, limit) => this.solveAt(zr, zi, warm, limit);

  /** g_n and g_p from a converged state. */
  private point(zr: number, zi: number, u: Float64Array, iterations: number): SpikedRfPoint {
    const { Q, K, psiK } = this.tables;
    let gr = 0;
    let gi = 0;
    for (let q = 0; q < Q; q++) {
      gr += this.weights[q]! * u[2 * q]!;
      gi += this.weights[q]! * u[2 * q + 1]!;
    }
    // g_p = (n/p) g_n - (1 - n/p)/z
    const ratio = this.n / this.p;
    const den = zr * zr + zi * zi;
    const izr = zr / den;
    const izi = -zi / den;
    const gp = { re: ratio * gr - (1 - ratio) * izr, im: ratio * gi - (1 - ratio) * izi };
    const c: Complex[] = [];
    const diag: Complex[] = [];
    for (let k = 0; k < K; k++) {
      const cr = u[2 * (Q + k)]!;
      const ci = u[2 * (Q + k) + 1]!;
      c.push({ re: cr, im: ci });
      // -c_k / (z psi_k)
      const s = -1 / psiK[k]!;
      diag.push({ re: s * (cr * izr - ci * izi), im: s * (cr * izi + ci * izr) });
    }
    return { z: { re: zr, im: zi }, gp, gn: { re: gr, im: gi }, c, resolventDiagonal: diag, iterations, state: u };
  }

  /**
   * The DE at z (Im z >= 0; a real z means z + i0 and is solved at z + i 1e-10 (1 + |z|); Im z < 0
   * by conjugation). `warm` is the state of a nearby solved point. Throws ConvergenceError
   * (iterations, residual) when the fixed point does not settle within maxIter, also after a
   * cold restart.
   */
  stieltjes(z: number | Complex, options: { warm?: Float64Array } = {}): SpikedRfPoint {
    const w = checkPoint(z);
    if (w.im < 0) {
      const p = this.stieltjes({ re: w.re, im: -w.im }, options);
      const cj = (x: Complex) => ({ re: x.re, im: -x.im });
      return { ...p, z: w, gp: cj(p.gp), gn: cj(p.gn), c: p.c.map(cj), resolventDiagonal: p.resolventDiagonal.map(cj) };
    }
    const zi = w.im > 0 ? w.im : 1e-10 * (1 + Math.abs(w.re));
    if (w.re === 0 && zi < 1e-8 && this.atom > 0) {
      throw new InvalidArgumentError("z = 0 is the atom of the spectrum; the transform is singular there");
    }
    return this.solveAt(w.re, zi, options.warm);
  }

  private solveAt(zr: number, zi: number, warm?: Float64Array, limit = this.maxIter): SpikedRfPoint {
    const N = 2 * (this.tables.Q + this.tables.K);
    let tried = 0;
    let last = Infinity;
    if (warm && warm.length === N) {
      // a warm start that has not settled after a few thousand sweeps is abandoned for the cold path
      const budget = Math.min(limit, 3000);
      const res = andersonSolve(this.tables, zr, zi, warm, budget, this.tol);
      tried += budget;
      if (res) return this.point(zr, zi, res.u, res.iterations);
    }
    // cold: continuation in Im z from far above (where the map contracts fast) down to zi
    const top = Math.max(zi, 4 * (1 + Math.abs(zr) + this.bulkScale));
    let u = coldState(this.tables, zr, top);
    let im = top;
    let total = 0;
    for (;;) {
      const res = andersonSolve(this.tables, zr, im, u, limit, this.tol);
      if (!res) {
        last = im;
        break;
      }
      total += res.iterations;
      u = res.u;
      if (im === zi) return this.point(zr, zi, u, total);
      im = Math.max(zi, im / 8);
    }
    throw new ConvergenceError(
      `spiked-RF equivalent: no convergence at z = ${zr} + ${zi}i (stalled at Im z = ${last}; ${tried + total} iterations)`,
      tried + total,
      NaN,
    );
  }

  /** g_p(z) (see `stieltjes`). */
  stieltjesP(z: number | Complex): Complex {
    return this.stieltjes(z).gp;
  }

  /** g_n(z) (see `stieltjes`). */
  stieltjesN(z: number | Complex): Complex {
    return this.stieltjes(z).gn;
  }

  /**
   * Density of the continuous part of the spectrum of Sigma at one point x (see `densities`, which
   * sweeps a grid with warm starts and is the way to read many points).
   */
  density(x: number, options?: { epsilon?: number }): number;
  /** @deprecated since 0.2.0: use `densities(xs)` for an array (density(x) now reads one point). */
  density(x: ArrayLike<number>, options?: { epsilon?: number }): Float64Array;
  density(x: number | ArrayLike<number>, options: { epsilon?: number } = {}): number | Float64Array {
    if (typeof x === "number") return this.densities([checkFinite(x, "x")], options)[0]!;
    return this.densities(x, options);
  }

  /**
   * Density of the continuous part of the spectrum of Sigma at the points x (any order), as
   * Im g_p(x + i eps)/pi minus the Poisson smoothing of the atom at 0, swept from right to left with
   * warm starts. eps defaults to 1e-8 (1 + bulkScale); choose it well below the grid step.
   * The integral of the result is min(1, n/p) (the continuous mass) up to the eps smoothing.
   */
  densities(x: ArrayLike<number>, options: { epsilon?: number } = {}): Float64Array {
    if (options === null || typeof options !== "object") throw new InvalidArgumentError("spikedRfEquivalent.densities: options must be an object { epsilon }");
    const xs = checkFiniteList(x, "x");
    const eps = options.epsilon ?? 1e-8 * (1 + this.bulkScale);
    if (!(eps > 0) || !Number.isFinite(eps)) throw new InvalidArgumentError(`epsilon must be a positive number, got ${eps}`);
    const order = Array.from(xs.keys()).sort((i, j) => xs[j]! - xs[i]!);
    const out = new Float64Array(xs.length);
    let warm: Float64Array | undefined;
    for (const i of order) {
      const xv = xs[i]!;
      // at a point on an edge the fixed point can stall at tiny eps: retry with 10x and 100x eps
      let pt: SpikedRfPoint | null = null;
      let e = eps;
      for (let attempt = 0; attempt < 3 && pt === null; attempt++, e *= 10) {
        try {
          pt = this.solveAt(xv, e, warm);
        } catch (err) {
          if (!(err instanceof ConvergenceError) || attempt === 2) throw err;
        }
      }
      warm = pt!.state;
      const ee = pt!.z.im;
      const atomPart = (this.atom * ee) / (xv * xv + ee * ee);
      out[i] = Math.max(0, (pt!.gp.im - atomPart) / Math.PI);
    }
    return out;
  }

  /** An upper bound for the bulk: 1.5 bulkScale ((1 + sqrt(d/n))^2 (1 + sqrt(p/d))^2 + (1 + sqrt(p/n))^2). */
  bulkBound(): number {
    const { n, p, d } = this;
    return 1.5 * this.bulkScale * ((1 + Math.sqrt(d / n)) ** 2 * (1 + Math.sqrt(p / d)) ** 2 + (1 + Math.sqrt(p / n)) ** 2);
  }

  /**
   * The support of the continuous part, as intervals (supportScan.ts). The density is evaluated at
   * Im z = 1e-8 (1 + x) (outside the support Im g_p is then O(1e-8), inside it is pi rho) on `points` grid points of
   * (0, upper] (default 400 points, upper = bulkBound()), thresholded at `threshold` times its maximum
   * (default 1e-4), and each crossing is refined by bisection to 1e-9 relative (or until the fixed
   * point stalls in the critical region of the edge, ~1e-5 relative); below the smallest grid point
   * the lower edge is looked for by halving. Without `upper`, a coarse scan (points / 4) of
   * (0, bulkBound()] finds the top edge and the full scan runs on (0, 1.25 x that edge]. A
   * square-root edge rho ~ C sqrt(x - e) is then located to about 2e-5 relative (against the exact quartic edge at theta = 0). The default call is cached.
   */
  support(options: { points?: number; threshold?: number; upper?: number } = {}): Interval[] {
    const points = options.points ?? 400;
    const threshold = options.threshold ?? 1e-4;
    if (!Number.isInteger(points) || points < 10) throw new InvalidArgumentError(`points must be an integer >= 10, got ${points}`);
    if (!(threshold > 0 && threshold < 1)) throw new InvalidArgumentError(`threshold must lie in (0, 1), got ${threshold}`);
    const isDefault = options.points === undefined && options.threshold === undefined && options.upper === undefined;
    if (isDefault && this.cachedSupport) return this.cachedSupport.map((iv) => [iv[0], iv[1]] as const);
    const upper = options.upper ?? this.bulkBound();
    if (!(upper > 0) || !Number.isFinite(upper)) throw new InvalidArgumentError(`upper must be a positive number, got ${upper}`);
    // without a given range: a coarse scan of (0, bulkBound] first, then the full scan of (0, 1.25 x edge]
    let iv = scanSupport(this.solver, this.atom, upper, options.upper === undefined ? Math.max(10, Math.floor(points / 4)) : points, threshold);
    const top = iv.length > 0 ? iv[iv.length - 1]![1] : 0;
    if (options.upper === undefined && top > 0) iv = scanSupport(this.solver, this.atom, 1.25 * top, points, threshold);
    if (isDefault) this.cachedSupport = iv.map((x) => [x[0], x[1]] as const);
    return iv;
  }

  /**
   * The K order-p outliers of Sigma, descending, as outlier records (equations: orderPOutliers.ts):
   * `leading` the leading order p eig(Pi^{1/2} A Pi^{1/2}) and `location` the root of the finite-n
   * equation above the bulk (null when the mode does not separate from it, within 1e-4 relative of
   * the edge; `corrected` is its deprecated pre-0.2.0 name). With `kappa` (the n realized
   * projections <v, x_nu>), A and T use the realized average over the samples instead of E_kappa
   * (for comparison with one simulation; give the realized group fractions as the second-layer law).
   * `upperEdge` skips the support computation. Cost: the support (once, cached), then ~20-40 solves
   * at real z; with kappa, 3 K n coefficient evaluations first.
   */
  outliers(options: { kappa?: ArrayLike<number>; upperEdge?: number } = {}): SpikedRfOutlier[] {
    return orderPOutliers(
      { tab: this.tables, n: this.n, p: this.p, theta: this.theta, law: this.law, coefficients: this.coefficients, solveAt: this.solver, upperEdge: () => this.upperEdge() },
      options,
    );
  }

  private cachedSupport: Interval[] | null = null;

  /** The upper edge of the bulk (from `support()` with its defaults, cached). */
  upperEdge(): number {
    if (!this.cachedSupport) this.cachedSupport = this.support();
    const iv = this.cachedSupport;
    return iv.length > 0 ? iv[iv.length - 1]![1] : 0;
  }
}

/** The spiked random-feature deterministic equivalent (see SpikedRfEquivalent). */
export function spikedRfEquivalent(options: SpikedRfOptions): SpikedRfEquivalent {
  return new SpikedRfEquivalent(options);
}
