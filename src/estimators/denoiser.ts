/**
 * Denoisers of index models: the posterior moments E[z z^T | y] and E[z | y] of z ~ N(0, I_p)
 * given a label y, and from them G(y) = E[z z^T | y] - I_p (the LAMP denoiser) and
 * T(y) = G (I + G)^{-1} = I - E[z z^T | y]^{-1} (the TAP preprocessing). Reference
 * spectral-estimators.md sections 2, 3.3 and 8.
 *
 * Three ways to get the moments (`method`, "auto" picks the first that applies):
 * - "closed-form": the link's own `moments` (z^2, z1 z2 through Bessel K1/K0, sign(z1 z2), the norm...),
 *   with its `labelLaw` for population averages.
 * - "quadrature" (continuous labels): the likelihood exp(-(y - g(t))^2 / (2 Delta)) integrated
 *   against N(0, I_p) on a tensor trapezoid grid t in [-L, L]^p of spacing h. Delta is the link's
 *   label-noise variance, or the small `regularization` for a noiseless link. The trapezoid rule on
 *   a Gaussian-weighted smooth integrand converges like exp(-2 pi^2 / h^2) (Trefethen-Weideman 2014,
 *   "The exponentially convergent trapezoidal rule", section 5), and a fine uniform grid resolves the
 *   likelihood width sqrt(Delta) / |grad g|; a tensor Gauss-Hermite rule (reference section 8) has
 *   node gaps ~ pi / sqrt(2K), too coarse for Delta <= 1e-2 at any affordable K (measured: errors
 *   of 0.1-1 in E[z^2 | y] for y = z^2 at K = 60..400, against 0.01 here), so it is not used for
 *   posteriors. Only nodes with likelihood above e^{-36} of the best are summed (binary search on
 *   the nodes sorted by g(t)).
 * - "monte-carlo" (discrete labels): N draws of z, symmetrised over the 2^p sign flips z_a -> -z_a
 *   (unbiased, and exact zeros where the link has those symmetries, as the parity does) and rescaled
 *   per coordinate so that the sample second moment is exactly I_p (so E_y E[zz^T | y] = I and
 *   E_y G = 0 hold to rounding); then per-label averages of z and z z^T.
 *
 * Storage: the moments of n labels are n p x p row-major blocks back to back (n p^2 doubles) and
 * n vectors of p (n p doubles).
 */
import { InvalidArgumentError } from "../errors.js";
import { Rng, type Seed } from "../random/rng.js";
import { choleskyFactor, choleskyInverse } from "../numerics/cholesky.js";
import { jacobiEigh } from "../numerics/jacobi.js";
import type { IndexLink } from "./links.js";
import { uniformStream } from "./model.js";
import { assertOptions } from "../validate.js";

export type DenoiserMethod = "auto" | "closed-form" | "quadrature" | "monte-carlo";

export interface DenoiserOptions {
  method?: DenoiserMethod;
  /**
   * Likelihood width Delta used for a noiseless continuous link under quadrature (the link is then
   * treated as y = g(z) + sqrt(Delta) xi). Default 1e-2 for p <= 2, 4e-2 for p = 3, 0.15 for p >= 4.
   */
  regularization?: number;
  /** Grid spacing h per axis (quadrature). Default: 0.02 (p = 1), 0.08 (p = 2), 0.25 (p = 3), 0.5 (p >= 4). */
  spacing?: number;
  /** Grid half-width L (quadrature). Default 8 for p = 1, 7 for p = 2, 6 for p = 3, 5.5 above. */
  extent?: number;
  /** Monte Carlo draws before the 2^p-fold sign symmetrisation. Default 2^16. */
  samples?: number;
  /** Seed of the Monte Carlo draws. Default 0. */
  seed?: Seed;
}

/** Posterior moments at a list of labels. */
export interface PosteriorMoments {
  /** n p x p blocks: E[z z^T | y_i]. */
  readonly second: Float64Array;
  /** n vectors: E[z | y_i]. */
  readonly first: Float64Array;
}

/** The law of the labels with the posterior moments at its points: E_y f(y) ~ sum_j weights[j] f(y[j]). */
export interface DenoiserLaw extends PosteriorMoments {
  readonly y: Float64Array;
  readonly weights: Float64Array;
}

export interface TOptions {
  /**
   * Smallest eigenvalue of E[z z^T | y] allowed: below it the eigenvalue is raised to this floor, so
   * T's eigenvalues are clipped at 1 - 1/floor (reference pitfall 4). Default: none, and a singular
   * E[z z^T | y] is an error.
   */
  floor?: number;
  /**
   * The shift gamma of T_gamma = G (gamma I + G)^{-1} (reference section 3.5: the symmetric
   * matrix whose eigenvalue-1 eigenvector is the LAMP estimate at gamma = the LAMP eigenvalue).
   * Default 1, the TAP preprocessing.
   */
  gamma?: number;
}

interface Engine {
  readonly method: "closed-form" | "quadrature" | "monte-carlo";
  moments(y: Float64Array): PosteriorMoments;
  law(): DenoiserLaw;
}

// ---------------------------------------------------------------- closed form

function closedFormEngine(link: IndexLink): Engine {
  const p = link.p;
  const moments = link.moments!;
  const evaluate = (y: Float64Array): PosteriorMoments => {
    const n = y.length;
    const second = new Float64Array(n * p * p);
    const first = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      moments(y[i]!, second.subarray(i * p * p, (i + 1) * p * p), first.subarray(i * p, (i + 1) * p));
    }
    return { second, first };
  };
  let law: DenoiserLaw | null = null;
  return {
    method: "closed-form",
    moments: evaluate,
    law: () => {
      if (law) return law;
      if (!link.labelLaw) throw new InvalidArgumentError(`the link '${link.name}' has closed-form moments but no labelLaw, so population averages cannot be formed; give it a labelLaw or use method 'quadrature'`);
      const rule = link.labelLaw();
      law = { y: rule.y, weights: rule.weights, ...evaluate(rule.y) };
      return law;
    },
  };
}

// ---------------------------------------------------------------- quadrature

const LOG_CUTOFF = 36; // nodes with likelihood below e^{-36} of the best one are skipped

function quadratureEngine(link: IndexLink, options: DenoiserOptions): Engine {
  const p = link.p;
  const h = options.spacing ?? (p === 1 ? 0.02 : p === 2 ? 0.08 : p === 3 ? 0.25 : 0.5);
  const L = options.extent ?? (p === 1 ? 8 : p === 2 ? 7 : p === 3 ? 6 : 5.5);
  const delta = link.noiseVariance > 0 ? link.noiseVariance : (options.regularization ?? (p <= 2 ? 1e-2 : p === 3 ? 4e-2 : 0.15));
  if (!(h > 0) || !Number.isFinite(h)) throw new InvalidArgumentError(`denoiser spacing must be a finite number > 0, got ${h}`);
  if (!(L > 0) || !Number.isFinite(L)) throw new InvalidArgumentError(`denoiser extent must be a finite number > 0, got ${L}`);
  if (!(delta > 0) || !Number.isFinite(delta)) throw new InvalidArgumentError(`denoiser regularization must be a finite number > 0, got ${delta}`);
  const perAxis = 2 * Math.floor(L / h) + 1;
  const size = perAxis ** p;
  if (size > 4_000_000) {
    throw new InvalidArgumentError(`a quadrature grid of ${perAxis}^${p} = ${size} points is too large for p = ${p}; raise spacing or lower extent`);
  }
  // 1-D trapezoid rule for N(0, 1), normalised to total weight 1
  const half = (perAxis - 1) / 2;
  const axis = new Float64Array(perAxis);
  const axisW = new Float64Array(perAxis);
  let total = 0;
  for (let i = 0; i < perAxis; i++) {
    axis[i] = (i - half) * h;
    axisW[i] = Math.exp(-0.5 * axis[i]! * axis[i]!);
    total += axisW[i]!;
  }
  for (let i = 0; i < perAxis; i++) axisW[i]! /= total;
  // tensor nodes, their labels g(t), sorted by label
  const pts = new Float64Array(size * p);
  const wts = new Float64Array(size);
  const gs = new Float64Array(size);
  const idx = new Int32Array(p);
  const z = new Float64Array(p);
  for (let j = 0; j < size; j++) {
    let w = 1;
    for (let a = 0; a < p; a++) {
      z[a] = axis[idx[a]!]!;
      pts[j * p + a] = z[a]!;
      w *= axisW[idx[a]!]!;
    }
    wts[j] = w;
    const gv = link.g(z);
    if (!Number.isFinite(gv)) {
      throw new InvalidArgumentError(`the link '${link.name}' returned ${gv} at z = [${Array.from(z).join(", ")}]; quadrature needs finite labels on the grid`);
    }
    gs[j] = gv;
    for (let a = p - 1; a >= 0; a--) {
      if (++idx[a]! < perAxis) break;
      idx[a] = 0;
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort((a, b) => gs[a]! - gs[b]!);
  const g = Float64Array.from(order, (j) => gs[j]!);
  const w = Float64Array.from(order, (j) => wts[j]!);
  const t = new Float64Array(size * p);
  for (let k = 0; k < size; k++) for (let a = 0; a < p; a++) t[k * p + a] = pts[order[k]! * p + a]!;

  const lowerBound = (v: number): number => {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (g[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const inv2d = 1 / (2 * delta);
  // moments at one label into second / first; returns the label density Z(y) (for the law)
  const at = (y: number, second: Float64Array, first: Float64Array): number => {
    const pos = lowerBound(y);
    let near = Infinity;
    if (pos < size) near = Math.min(near, (g[pos]! - y) ** 2);
    if (pos > 0) near = Math.min(near, (g[pos - 1]! - y) ** 2);
    const r = Math.sqrt(near + 2 * delta * LOG_CUTOFF);
    const k0 = lowerBound(y - r);
    const k1 = lowerBound(y + r * (1 + 1e-15));
    second.fill(0);
    first.fill(0);
    let Z = 0;
    for (let k = k0; k < k1; k++) {
      const e = g[k]! - y;
      const lik = w[k]! * Math.exp(-(e * e - near) * inv2d);
      Z += lik;
      for (let a = 0; a < p; a++) {
        const ta = t[k * p + a]!;
        first[a]! += lik * ta;
        for (let b = a; b < p; b++) second[a * p + b]! += lik * ta * t[k * p + b]!;
      }
    }
    for (let a = 0; a < p; a++) {
      first[a]! /= Z;
      for (let b = a; b < p; b++) {
        const v = second[a * p + b]! / Z;
        second[a * p + b] = v;
        second[b * p + a] = v;
      }
    }
    return (Z * Math.exp(-near * inv2d)) / Math.sqrt(2 * Math.PI * delta);
  };
  const evaluate = (y: Float64Array): PosteriorMoments => {
    const n = y.length;
    const second = new Float64Array(n * p * p);
    const first = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(y[i]!)) throw new InvalidArgumentError(`label ${i} is ${y[i]}; labels must be finite`);
      at(y[i]!, second.subarray(i * p * p, (i + 1) * p * p), first.subarray(i * p, (i + 1) * p));
    }
    return { second, first };
  };
  let law: DenoiserLaw | null = null;
  return {
    method: "quadrature",
    moments: evaluate,
    // The label law of the discretised model y = g(t_k) + sqrt(Delta) xi: density Z(y) on a y-grid
    // of spacing sqrt(Delta)/4 over the labels' range (trimmed of 1e-13 of the node mass at each
    // end) widened by 8 sqrt(Delta), integrated by the trapezoid rule.
    law: () => {
      if (law) return law;
      let lo = 0;
      let acc = 0;
      while (lo < size - 1 && acc + w[lo]! < 1e-13) acc += w[lo++]!;
      let hi = size - 1;
      acc = 0;
      while (hi > lo && acc + w[hi]! < 1e-13) acc += w[hi--]!;
      const sd = Math.sqrt(delta);
      const y0 = g[lo]! - 8 * sd;
      const y1 = g[hi]! + 8 * sd;
      let hy = sd / 4;
      let m = Math.ceil((y1 - y0) / hy) + 1;
      if (m > 40000) {
        m = 40000;
        hy = (y1 - y0) / (m - 1);
      }
      const ys = new Float64Array(m);
      const weights = new Float64Array(m);
      const second = new Float64Array(m * p * p);
      const first = new Float64Array(m * p);
      let sum = 0;
      for (let j = 0; j < m; j++) {
        ys[j] = y0 + j * hy;
        weights[j] = hy * at(ys[j]!, second.subarray(j * p * p, (j + 1) * p * p), first.subarray(j * p, (j + 1) * p));
        sum += weights[j]!;
      }
      for (let j = 0; j < m; j++) weights[j]! /= sum;
      law = { y: ys, weights, second, first };
      return law;
    },
  };
}

// ---------------------------------------------------------------- Monte Carlo

const MAX_DISCRETE_LABELS = 4096;

function monteCarloEngine(link: IndexLink, options: DenoiserOptions): Engine {
  const p = link.p;
  const base = options.samples ?? 1 << 16;
  if (!Number.isInteger(base) || base < 1000) throw new InvalidArgumentError(`Monte Carlo samples must be an integer >= 1000, got ${base}`);
  const flips = 1 << p;
  const N = base * flips;
  const raw = new Rng(options.seed ?? 0).normal(base * p);
  // symmetrise: copy c uses signs from the bits of c
  const zs = new Float64Array(N * p);
  for (let i = 0; i < base; i++) {
    for (let c = 0; c < flips; c++) {
      const row = (i * flips + c) * p;
      for (let a = 0; a < p; a++) zs[row + a] = (c >> a) & 1 ? -raw[i * p + a]! : raw[i * p + a]!;
    }
  }
  // rescale each coordinate to unit sample second moment (off-diagonals cancel under the flips)
  for (let a = 0; a < p; a++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += zs[i * p + a]! ** 2;
    const scale = Math.sqrt(N / s);
    for (let i = 0; i < N; i++) zs[i * p + a]! *= scale;
  }
  const groups = new Map<number, { count: number; first: Float64Array; second: Float64Array }>();
  const z = new Float64Array(p);
  // a stochastic channel sees the same uniforms for the 2^p sign-flipped copies of a draw (common
  // random numbers), so the flip symmetry of a symmetric channel stays exact in the averages
  const stream = link.sample ? uniformStream(new Rng(options.seed ?? 0).jump()) : null;
  const recorded: number[] = [];
  let replay = -1;
  const uniform = (): number => {
    if (replay < 0) {
      const u = stream!();
      recorded.push(u);
      return u;
    }
    if (replay < recorded.length) return recorded[replay++]!;
    const u = stream!();
    recorded.push(u);
    replay++;
    return u;
  };
  for (let i = 0; i < N; i++) {
    for (let a = 0; a < p; a++) z[a] = zs[i * p + a]!;
    if (stream) {
      if (i % flips === 0) {
        recorded.length = 0;
        replay = -1;
      } else replay = 0;
    }
    const y = stream ? link.sample!(z, uniform) : link.g(z);
    if (!Number.isFinite(y)) throw new InvalidArgumentError(`the link '${link.name}' returned ${y} at z = [${Array.from(z).join(", ")}]`);
    let gr = groups.get(y);
    if (!gr) {
      if (groups.size >= MAX_DISCRETE_LABELS) {
        throw new InvalidArgumentError(`the link '${link.name}' is declared discrete but produced more than ${MAX_DISCRETE_LABELS} label values; declare labels: 'continuous'`);
      }
      gr = { count: 0, first: new Float64Array(p), second: new Float64Array(p * p) };
      groups.set(y, gr);
    }
    gr.count++;
    for (let a = 0; a < p; a++) {
      gr.first[a]! += z[a]!;
      for (let b = 0; b < p; b++) gr.second[a * p + b]! += z[a]! * z[b]!;
    }
  }
  const values = Array.from(groups.keys()).sort((a, b) => a - b);
  for (const v of values) {
    const gr = groups.get(v)!;
    for (let a = 0; a < p; a++) gr.first[a]! /= gr.count;
    for (let a = 0; a < p * p; a++) gr.second[a]! /= gr.count;
  }
  const evaluate = (y: Float64Array): PosteriorMoments => {
    const n = y.length;
    const second = new Float64Array(n * p * p);
    const first = new Float64Array(n * p);
    for (let i = 0; i < n; i++) {
      const gr = groups.get(y[i]!);
      if (!gr) {
        throw new InvalidArgumentError(`label ${i} = ${y[i]} never occurred in ${N} Monte Carlo draws of the discrete link '${link.name}' (values seen: ${values.slice(0, 8).join(", ")}${values.length > 8 ? ", ..." : ""})`);
      }
      second.set(gr.second, i * p * p);
      first.set(gr.first, i * p);
    }
    return { second, first };
  };
  const ys = Float64Array.from(values);
  const law: DenoiserLaw = { y: ys, weights: Float64Array.from(values, (v) => groups.get(v)!.count / N), ...evaluate(ys) };
  return { method: "monte-carlo", moments: evaluate, law: () => law };
}

// ---------------------------------------------------------------- the denoiser

/**
 * E[z z^T | y], E[z | y], G(y) and T(y) for one link, by closed form, quadrature or Monte Carlo
 * (see the file comment). Build once per link and reuse: the quadrature grid and the Monte Carlo
 * table are made at construction.
 */
export class Denoiser {
  readonly link: IndexLink;
  readonly p: number;
  readonly method: "closed-form" | "quadrature" | "monte-carlo";
  private readonly engine: Engine;

  constructor(link: IndexLink, options: DenoiserOptions = {}) {
    if (link === null || typeof link !== "object" || typeof link.g !== "function" || !Number.isInteger(link.p) || link.p < 1) {
      throw new InvalidArgumentError("denoiser: expected an IndexLink (see links.ts)");
    }
    this.link = link;
    this.p = link.p;
    const method = options.method ?? "auto";
    let chosen: Engine["method"];
    if (method === "auto") chosen = link.moments ? "closed-form" : link.labels === "discrete" ? "monte-carlo" : "quadrature";
    else if (method === "closed-form" || method === "quadrature" || method === "monte-carlo") chosen = method;
    else throw new InvalidArgumentError(`denoiser method must be 'auto', 'closed-form', 'quadrature' or 'monte-carlo', got '${method}'`);
    if (chosen === "closed-form" && !link.moments) throw new InvalidArgumentError(`the link '${link.name}' has no closed-form moments; use method 'quadrature' or 'monte-carlo'`);
    if (chosen === "monte-carlo" && link.labels !== "discrete") throw new InvalidArgumentError(`Monte Carlo moments need discrete labels; the link '${link.name}' is continuous (use 'quadrature')`);
    if (chosen === "quadrature" && link.labels === "discrete") throw new InvalidArgumentError(`quadrature moments need continuous labels; the link '${link.name}' is discrete (use 'monte-carlo')`);
    if (chosen === "quadrature" && link.sample) throw new InvalidArgumentError(`quadrature needs the likelihood of y = g(z) + Gaussian noise; the stochastic channel '${link.name}' needs closed-form moments or discrete labels (Monte Carlo)`);
    this.engine = chosen === "closed-form" ? closedFormEngine(link) : chosen === "quadrature" ? quadratureEngine(link, options) : monteCarloEngine(link, options);
    this.method = chosen;
  }

  /** E[z z^T | y_i] (n p x p blocks) and E[z | y_i] (n vectors). */
  moments(y: ArrayLike<number>): PosteriorMoments {
    return this.engine.moments(labels(y));
  }

  /** G(y_i) = E[z z^T | y_i] - I_p, as n p x p blocks. */
  G(y: ArrayLike<number>): Float64Array {
    const { second } = this.engine.moments(labels(y));
    return secondToG(second, this.p);
  }

  /**
   * T(y_i) = G (I + G)^{-1} = I - E[z z^T | y_i]^{-1} (n p x p blocks), the TAP preprocessing.
   * Throws InvalidArgumentError where E[z z^T | y] is singular (e.g. z1 / z2, whose posterior
   * covariance has rank one) unless `floor` is given.
   */
  T(y: ArrayLike<number>, options: TOptions = {}): Float64Array {
    const ys = labels(y);
    return secondToT(this.engine.moments(ys).second, this.p, ys, this.link.name, options, options.gamma ?? 1);
  }

  /** The label law with the posterior moments at its points (for population constants). */
  law(): DenoiserLaw {
    return this.engine.law();
  }
}

/** A denoiser for `link` (see Denoiser). */
export function denoiser(link: IndexLink, options: DenoiserOptions = {}): Denoiser {
  return new Denoiser(link, options);
}

function labels(y: ArrayLike<number>): Float64Array {
  if (y === null || typeof y !== "object" || typeof y.length !== "number") throw new InvalidArgumentError("labels must be a Float64Array or an array of numbers");
  const out = y instanceof Float64Array ? y : Float64Array.from(y);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]!)) throw new InvalidArgumentError(`label ${i} is ${out[i]}; labels must be finite`);
  return out;
}

/** Checks `second` as n blocks of p x p (E[z z^T | y] per label) and returns n. */
function blockCount(second: unknown, p: unknown, fn: string): number {
  if (typeof p !== "number" || !Number.isInteger(p) || p < 1) throw new InvalidArgumentError(`${fn}: p must be a positive integer, got ${String(p)}`);
  if (!(second instanceof Float64Array)) throw new InvalidArgumentError(`${fn}: second must be a Float64Array of p x p blocks, got ${second === null ? "null" : typeof second}`);
  if (second.length % (p * p) !== 0) throw new InvalidArgumentError(`${fn}: second has ${second.length} entries, not a whole number of ${p} x ${p} blocks`);
  return second.length / (p * p);
}

/** G = E[z z^T | y] - I per block. */
export function secondToG(second: Float64Array, p: number): Float64Array {
  blockCount(second, p, "secondToG");
  const G = second.slice();
  const n = second.length / (p * p);
  for (let i = 0; i < n; i++) for (let a = 0; a < p; a++) G[i * p * p + a * p + a]! -= 1;
  return G;
}

/**
 * T_gamma = G (gamma I + G)^{-1} = I - gamma (E + (gamma - 1) I)^{-1} per block, E = E[z z^T | y]
 * (gamma = 1: the TAP preprocessing T = I - E^{-1}; reference section 3.5 for gamma != 1):
 * Cholesky of S = E + (gamma - 1) I with a pivot test (a pivot below 1e-13 trace(S) means S is
 * numerically singular), then S^{-1} = L^{-T} L^{-1}. With `floor`, through the eigendecomposition
 * of E with its eigenvalues raised to the floor (Jacobi, p x p).
 */
export function secondToT(second: Float64Array, p: number, y: Float64Array, linkName: string, options: TOptions = {}, gamma = 1): Float64Array {
  const n = blockCount(second, p, "secondToT");
  if (y === null || typeof y !== "object" || y.length !== n) {
    throw new InvalidArgumentError(`secondToT: y must hold the ${n} labels of the blocks, got ${y === null ? "null" : typeof y === "object" ? `${y.length} entries` : typeof y}`);
  }
  assertOptions(options, "secondToT");
  const T = new Float64Array(n * p * p);
  const floor = options.floor;
  if (floor !== undefined && (!(floor > 0) || !Number.isFinite(floor))) throw new InvalidArgumentError(`T floor must be a finite number > 0, got ${floor}`);
  if (!(gamma > 0) || !Number.isFinite(gamma)) throw new InvalidArgumentError(`gamma must be a finite number > 0, got ${gamma}`);
  const Lc = new Float64Array(p * p);
  const inv = new Float64Array(p * p);
  const S = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const E0 = second.subarray(i * p * p, (i + 1) * p * p);
    const out = T.subarray(i * p * p, (i + 1) * p * p);
    if (floor !== undefined) {
      const { values, vectors: { data: vectors } } = jacobiEigh(E0, p);
      out.fill(0);
      for (let l = 0; l < p; l++) {
        const tl = 1 - gamma / (Math.max(values[l]!, floor) + gamma - 1);
        for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b]! += tl * vectors[a * p + l]! * vectors[b * p + l]!;
      }
      continue;
    }
    S.set(E0);
    for (let a = 0; a < p; a++) S[a * p + a]! += gamma - 1;
    const E = S;
    let trace = 0;
    for (let a = 0; a < p; a++) trace += Math.abs(E[a * p + a]!);
    // E = L L^T with a relative pivot test (a pivot below 1e-13 trace(E): singular to working
    // precision), then T = I - gamma E^{-1}
    if (choleskyFactor(E, p, Lc, 1e-13 * trace) >= 0) {
      throw new InvalidArgumentError(
        `${gamma === 1 ? "E[z z^T | y]" : `gamma I + G(y) (gamma = ${gamma})`} is singular at label ${i} (y = ${y[i]}) for the link '${linkName}', so T(y) = ${gamma === 1 ? "I - E[z z^T | y]^{-1}" : "G (gamma I + G)^{-1}"} is undefined; ` +
          "use the asymmetric LAMP estimator (it needs only G) or pass a floor for the eigenvalues",
      );
    }
    choleskyInverse(Lc, p, out, inv);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) out[a * p + b] = (a === b ? 1 : 0) - gamma * out[a * p + b]!;
    }
  }
  return T;
}
