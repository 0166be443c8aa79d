/**
 * Escape-time laws of one-pass SGD by the information exponent l of the target, and the information
 * exponent of a link.
 *
 * Information exponent (Ben Arous, Gheissari and Jagannath 2021, "Online stochastic gradient descent
 * on non-convex losses from high-dimensional inference", JMLR 22; multi-index form:
 * Abbe, Boix-Adsera and Misiakiewicz 2023, Bietti et al. 2023): the smallest degree l >= 1 of a
 * non-zero Hermite coefficient of the link, E[g(z) He_alpha(z)] != 0 for a multi-index alpha with
 * |alpha| = l (He_alpha = prod_r He_{alpha_r}(z_r), z ~ N(0, I_k)). He_l has exponent l; z1 z2 has 2.
 *
 * Samples to weak recovery from a random start (overlap d^-1/2), for one-pass SGD at the best step
 * (Ben Arous et al. 2021, their main theorem on online SGD): of order d for l = 1, d log d for l = 2,
 * d^(l-1) for l >= 3.
 * In the trainer's time t = steps / d: t = O(1), O(log d), O(d^(l-2)). For l >= 3 the step must
 * shrink with d: on the sphere the ODE (ode/equations.ts) near M = 0 reads
 * dM/dt ~ lr c_l M^(l-1) - (lr^2 / (2 n_b)) E[dl^2] M, so from M(0) ~ d^-1/2 the drift beats the
 * noise term only for lr <~ d^-(l-2)/2, and then t ~ 1 / (lr M(0)^(l-2)) ~ d^(l-2).
 * Batch size (Arnaboldi, Dandi, Krzakala, Loureiro, Pesce, Stephan 2024, "Online learning and
 * information exponents: the importance of batch size & time/complexity tradeoffs", ICML, abstract):
 * batches n_b <~ d^(l/2), with the step scaled up accordingly, divide the number of iterations by n_b
 * without changing the total sample complexity (n_b x iterations); batches n_b >> d^(l/2) no longer
 * improve the time complexity of square-loss SGD, a limit the correlation loss (which suppresses the
 * auto-correlation terms of the loss) overcomes. `maxBatchSize` returns d^(l/2), the order of that
 * threshold (constants not given by the theory).
 *
 * What a finite-size fit can check is the local slope of log(samples) against log d:
 * 1 for l = 1, 1 + 1/log d for l = 2 (d log d), l - 1 for l >= 3; `fittedSlope` gives the slope a
 * least-squares line through (log d, log(d log d)) would have over a range of d.
 */
import { InvalidArgumentError } from "../errors.js";
import { gaussianRule, forEachGaussianPoint } from "./ode/gaussianExpectations.js";
import { targetLink, type LinkLike } from "./targets.js";

export interface EscapeTimeLaw {
  informationExponent: number;
  /** The power of d in the sample complexity: 1 (l = 1, 2), l - 1 (l >= 3). */
  exponent: number;
  /** True for l = 2: an extra log d factor. */
  logFactor: boolean;
  /** The order of the samples to weak recovery at dimension d (constant factor 1): d, d log d, d^(l-1). */
  samples(d: number): number;
  /** d log(samples) / d log(d) at d: 1, 1 + 1/log d, l - 1. */
  localSlope(d: number): number;
  /** The least-squares slope of log(samples(d)) against log d over the given dimensions. */
  fittedSlope(ds: readonly number[]): number;
  /** d^(l/2): the order of the largest batch that keeps the sample complexity (Arnaboldi et al. 2024). */
  maxBatchSize(d: number): number;
}

function checkDimension(d: number, fn: string): void {
  if (typeof d !== "number" || !Number.isFinite(d) || d <= 1) throw new InvalidArgumentError(`${fn}: d must be a finite number > 1, got ${String(d)}`);
}

/** The escape-time law of information exponent l (a positive integer). See the file comment. */
export function escapeTimeLaw(l: number): EscapeTimeLaw {
  if (typeof l !== "number" || !Number.isInteger(l) || l < 1 || l > 64) {
    throw new InvalidArgumentError(`escapeTimeLaw: the information exponent must be an integer in 1..64, got ${String(l)}`);
  }
  const exponent = l <= 2 ? 1 : l - 1;
  const samples = (d: number): number => {
    checkDimension(d, "escapeTimeLaw.samples");
    return l === 2 ? d * Math.log(d) : d ** exponent;
  };
  return {
    informationExponent: l,
    exponent,
    logFactor: l === 2,
    samples,
    localSlope: (d) => {
      checkDimension(d, "escapeTimeLaw.localSlope");
      return l === 2 ? 1 + 1 / Math.log(d) : exponent;
    },
    fittedSlope: (ds) => {
      if (!Array.isArray(ds) || ds.length < 2) throw new InvalidArgumentError("escapeTimeLaw.fittedSlope: give at least two dimensions");
      return logLogSlope(ds, ds.map(samples)).slope;
    },
    maxBatchSize: (d) => {
      checkDimension(d, "escapeTimeLaw.maxBatchSize");
      return d ** (l / 2);
    },
  };
}

export interface LogLogFit {
  /** Least-squares slope of log y against log x. */
  slope: number;
  intercept: number;
  /** Standard error of the slope (0 with two points). */
  slopeStdError: number;
}

/** Least-squares line through (log x_i, log y_i) (x, y > 0): the scaling exponent of y in x. */
export function logLogSlope(xs: readonly number[], ys: readonly number[]): LogLogFit {
  if (!Array.isArray(xs) || !Array.isArray(ys) || xs.length !== ys.length || xs.length < 2) {
    throw new InvalidArgumentError("logLogSlope: give two arrays of the same length, at least 2");
  }
  const n = xs.length;
  const lx = xs.map((x, i) => {
    if (!(x > 0) || !(ys[i]! > 0) || !Number.isFinite(x) || !Number.isFinite(ys[i]!)) {
      throw new InvalidArgumentError(`logLogSlope: entries must be finite and > 0, got x = ${x}, y = ${ys[i]} at ${i}`);
    }
    return Math.log(x);
  });
  const ly = ys.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / n;
  const my = ly.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (lx[i]! - mx) ** 2;
    sxy += (lx[i]! - mx) * (ly[i]! - my);
  }
  if (sxx === 0) throw new InvalidArgumentError("logLogSlope: the x values are all equal");
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ly[i]! - intercept - slope * lx[i]!) ** 2;
  const slopeStdError = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : 0;
  return { slope, intercept, slopeStdError };
}

/** He_0..He_maxDegree at z (probabilists'), into out. */
function hermiteValues(z: number, maxDegree: number, out: Float64Array): void {
  out[0] = 1;
  if (maxDegree >= 1) out[1] = z;
  for (let j = 1; j < maxDegree; j++) out[j + 1] = z * out[j]! - j * out[j - 1]!;
}

export interface InformationExponentOptions {
  /** Highest degree searched (default 8); a link with no coefficient up to it gets Infinity. */
  maxDegree?: number;
  /** A coefficient counts as zero below tol sqrt(E g^2 alpha!) (default 1e-8). */
  tol?: number;
}

/**
 * The information exponent of a link (name or IndexLink, k <= 4 indices) or of a list of Hermite
 * coefficients c_0, c_1, ... (the smallest j >= 1 with c_j != 0). For a link the coefficients
 * E[g(z) He_alpha(z)] are computed by tensor Gauss-Hermite quadrature (60 nodes per index for k = 1,
 * 40, 16, 10 for k = 2, 3, 4; exact for polynomial links of degree below the node count; links with
 * kinks, like |z| or sign, still give clear zeros by the rule's symmetry). Infinity when every
 * coefficient up to maxDegree vanishes (e.g. a constant).
 */
export function informationExponent(target: LinkLike | readonly number[], options: InformationExponentOptions = {}): number {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("informationExponent: options must be an object");
  const maxDegree = options.maxDegree ?? 8;
  if (!Number.isInteger(maxDegree) || maxDegree < 1 || maxDegree > 20) throw new InvalidArgumentError(`informationExponent: maxDegree must be an integer in 1..20, got ${maxDegree}`);
  const tol = options.tol ?? 1e-8;
  if (typeof tol !== "number" || !(tol > 0) || !Number.isFinite(tol)) throw new InvalidArgumentError(`informationExponent: tol must be a finite number > 0, got ${tol}`);
  if (Array.isArray(target)) {
    const scale = Math.max(...target.map((c) => (typeof c === "number" ? Math.abs(c) : NaN)));
    if (!Number.isFinite(scale)) throw new InvalidArgumentError("informationExponent: the coefficients must be finite numbers");
    for (let j = 1; j < target.length; j++) if (Math.abs(target[j]!) > tol * scale) return j;
    return Infinity;
  }
  const link = targetLink(target as LinkLike);
  const k = link.p;
  if (k > 4) throw new InvalidArgumentError(`informationExponent: links with at most 4 indices, got ${k}`);
  const rule = gaussianRule(k, { method: "quadrature", nodes: [60, 40, 16, 10][k - 1]! });
  const identity = new Float64Array(k * k);
  for (let r = 0; r < k; r++) identity[r * k + r] = 1;
  // accumulate E[g He_alpha] for every alpha with |alpha| <= maxDegree, indexed by its digits base (maxDegree + 1)
  const base = maxDegree + 1;
  const coefficients = new Float64Array(base ** k);
  const he = Array.from({ length: k }, () => new Float64Array(base));
  let second = 0;
  forEachGaussianPoint(rule, identity, (z, w) => {
    const g = link.g(z);
    second += w * g * g;
    for (let r = 0; r < k; r++) hermiteValues(z[r]!, maxDegree, he[r]!);
    for (let idx = 0; idx < coefficients.length; idx++) {
      let rest = idx;
      let total = 0;
      let prod = w * g;
      for (let r = 0; r < k; r++) {
        const a = rest % base;
        rest = Math.floor(rest / base);
        total += a;
        prod *= he[r]![a]!;
      }
      if (total <= maxDegree) coefficients[idx]! += prod;
    }
  });
  if (!Number.isFinite(second)) throw new InvalidArgumentError(`informationExponent: E g^2 is not finite for '${link.name}'`);
  let best = Infinity;
  for (let idx = 1; idx < coefficients.length; idx++) {
    let rest = idx;
    let total = 0;
    let norm = 1; // alpha! = E He_alpha^2
    for (let r = 0; r < k; r++) {
      const a = rest % base;
      rest = Math.floor(rest / base);
      total += a;
      for (let j = 2; j <= a; j++) norm *= j;
    }
    if (total === 0 || total > maxDegree || total >= best) continue;
    if (Math.abs(coefficients[idx]!) > tol * Math.sqrt(second * norm)) best = total;
  }
  return best;
}
