/**
 * Detection rates of a test over the seeds of a sweep: binomial confidence intervals for a rate,
 * and the value of the swept parameter where the rate crosses a target (50% by default), with a
 * standard error. Numbers only; the sweep layer counts detections, the report draws them.
 */
import { InvalidArgumentError } from "../errors.js";
import { brentRoot } from "../numerics/brent.js";
import { normalPdf, normalQuantile } from "../numerics/normal.js";

export { normalQuantile };

export type BinomialMethod = "wilson" | "clopper-pearson";

export interface BinomialInterval {
  /** successes / trials. */
  rate: number;
  lower: number;
  upper: number;
  method: BinomialMethod;
  confidence: number;
}


/** P(X <= k) for X ~ Binomial(m, p), by summing the pmf in log space (m up to a few 10^4). */
function binomialCdf(k: number, m: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return k >= m ? 1 : 0;
  const lp = Math.log(p), lq = Math.log1p(-p);
  // log C(m, j) by the recurrence C(m, j) = C(m, j - 1) (m - j + 1) / j
  let logC = 0, s = 0;
  for (let j = 0; j <= k; j++) {
    if (j > 0) logC += Math.log((m - j + 1) / j);
    s += Math.exp(logC + j * lp + (m - j) * lq);
  }
  return Math.min(1, s);
}

function checkCounts(successes: number, trials: number, where: string): void {
  if (!Number.isSafeInteger(trials) || trials < 1) throw new InvalidArgumentError(`${where}: trials must be an integer >= 1, got ${trials}`);
  if (!Number.isSafeInteger(successes) || successes < 0 || successes > trials) {
    throw new InvalidArgumentError(`${where}: successes must be an integer in [0, trials = ${trials}], got ${successes}`);
  }
}

/**
 * A two-sided confidence interval for a binomial proportion from `successes` out of `trials`.
 * "wilson" (default): the score interval of Wilson (1927), centre (k + z^2/2) / (m + z^2), which
 * keeps close to its nominal coverage down to small m and never leaves [0, 1] (Brown, Cai and
 * DasGupta 2001 recommend it). "clopper-pearson": the exact interval (1934), the p where
 * P(X >= k) and P(X <= k) equal (1 - confidence) / 2, solved by Brent's method on the binomial
 * tail sums; conservative (coverage at least nominal). Cost: O(1), or O(k) per tail evaluation.
 */
export function binomialInterval(successes: number, trials: number, options: { method?: BinomialMethod; confidence?: number } = {}): BinomialInterval {
  checkCounts(successes, trials, "binomialInterval");
  const method = options?.method ?? "wilson";
  const confidence = options?.confidence ?? 0.95;
  if (method !== "wilson" && method !== "clopper-pearson") throw new InvalidArgumentError(`binomialInterval: method must be "wilson" or "clopper-pearson", got ${method}`);
  if (typeof confidence !== "number" || !(confidence > 0 && confidence < 1)) {
    throw new InvalidArgumentError(`binomialInterval: confidence must be in (0, 1), got ${confidence}`);
  }
  const k = successes, m = trials, rate = k / m;
  const tail = (1 - confidence) / 2;
  if (method === "wilson") {
    const z = normalQuantile(1 - tail), z2 = z * z;
    const centre = (k + z2 / 2) / (m + z2);
    const half = (z / (m + z2)) * Math.sqrt((k * (m - k)) / m + z2 / 4);
    return { rate, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half), method, confidence };
  }
  // the lower end: P(X >= k | p) = tail, i.e. 1 - P(X <= k - 1 | p) = tail (0 when k = 0)
  const lower = k === 0 ? 0 : brentRoot((p) => 1 - binomialCdf(k - 1, m, p) - tail, 0, 1, { absTol: 1e-15 });
  const upper = k === m ? 1 : brentRoot((p) => binomialCdf(k, m, p) - tail, 0, 1, { absTol: 1e-15 });
  return { rate, lower, upper, method, confidence };
}

/** Detections at one value of the swept parameter. */
export interface RatePoint {
  value: number;
  successes: number;
  trials: number;
}

export interface RateCrossing {
  /** Where the rate crosses the target (NaN when it never does on the grid; the first value when it is above everywhere). */
  estimate: number;
  /** One standard error of the estimate (NaN unless bracketed). */
  standardError: number;
  /** Whether the grid brackets the crossing (a rate below the target, then one at or above it). */
  bracketed: boolean;
}

/** A mean measured at one value of the swept parameter, with its standard error. */
export interface MeanPoint {
  value: number;
  mean: number;
  standardError: number;
}

interface Pooled {
  value: number;
  y: number;
  variance: number;
}

/**
 * The crossing of `target` by a line y = c0 + c1 x fitted by weighted least squares (weights
 * 1 / variance) to the pooled points inside `window` and to the bracketing pair (first - 1, first);
 * x* = (t - c0) / c1 and var(x*) = var(c0 + c1 x*) / c1^2 (the delta method).
 */
function lineCrossing(pooled: Pooled[], first: number, target: number, window: [number, number]): RateCrossing {
  const fitted = pooled.filter((p, i) => i === first - 1 || i === first || (p.y >= window[0] && p.y <= window[1]));
  let S = 0, Sx = 0, Sy = 0;
  for (const p of fitted) {
    S += 1 / p.variance;
    Sx += p.value / p.variance;
    Sy += p.y / p.variance;
  }
  // centred at the weighted mean of x, where the intercept and slope are uncorrelated
  const xm = Sx / S, ym = Sy / S;
  let Sxx = 0, Sxy = 0;
  for (const p of fitted) {
    Sxx += (p.value - xm) ** 2 / p.variance;
    Sxy += ((p.value - xm) * (p.y - ym)) / p.variance;
  }
  const slope = Sxy / Sxx;
  const estimate = xm + (target - ym) / slope;
  const standardError = Math.sqrt(1 / S + (estimate - xm) ** 2 / Sxx) / slope;
  return { estimate, standardError, bracketed: true };
}

/** The first pooled point at or above the target, and the crossing (or the reason there is none). */
function crossingOf(pooled: Pooled[], lowest: number, target: number, window: [number, number]): RateCrossing {
  const first = pooled.findIndex((p) => p.y >= target);
  if (first < 0) return { estimate: NaN, standardError: NaN, bracketed: false };
  if (first === 0) return { estimate: lowest, standardError: NaN, bracketed: false };
  return lineCrossing(pooled, first, target, window);
}

function checkSorted<T extends { value: number }>(points: readonly T[], where: string, check: (p: T, i: number) => boolean, shape: string): T[] {
  if (!Array.isArray(points) || points.length === 0) throw new InvalidArgumentError(`${where}: points must be a non-empty array of ${shape}`);
  points.forEach((p, i) => {
    if (typeof p !== "object" || p === null || typeof p.value !== "number" || !Number.isFinite(p.value) || !check(p, i)) {
      throw new InvalidArgumentError(`${where}: points[${i}] must be ${shape} with a finite value`);
    }
  });
  const sorted = [...points].sort((a, b) => a.value - b.value);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.value === sorted[i - 1]!.value) throw new InvalidArgumentError(`${where}: the value ${sorted[i]!.value} appears twice`);
  }
  return sorted;
}

function checkTargetWindow(where: string, target: number, window: [number, number]): void {
  if (typeof target !== "number" || !Number.isFinite(target)) throw new InvalidArgumentError(`${where}: target must be a finite number, got ${target}`);
  if (!Array.isArray(window) || window.length !== 2 || !(window[0] <= target && window[1] >= target)) {
    throw new InvalidArgumentError(`${where}: window must be [low, high] with low <= target <= high, got ${JSON.stringify(window)}`);
  }
}

/**
 * Pool adjacent violators (isotonic regression, non-decreasing; Ayer et al. 1955): `merge` pools two
 * adjacent blocks, `y` reads a block's level.
 */
function poolAdjacentViolators<B>(items: B[], y: (b: B) => number, merge: (a: B, b: B) => B): B[] {
  const blocks: B[] = [];
  for (const item of items) {
    blocks.push(item);
    while (blocks.length > 1 && y(blocks[blocks.length - 2]!) > y(blocks[blocks.length - 1]!)) {
      const b = blocks.pop()!, a = blocks.pop()!;
      blocks.push(merge(a, b));
    }
  }
  return blocks;
}

/** The scale on which rateCrossing fits its line: the rate itself, or its probit Phi^{-1}(rate). */
export type RateScale = "probit" | "linear";

/**
 * The value where a detection rate crosses `target` (default 0.5). The rates, in order of value, are
 * first made non-decreasing by the pool-adjacent-violators algorithm (isotonic regression weighted by
 * trials; Ayer et al. 1955), so that seed noise cannot make the rate cross several times. A straight
 * line is then fitted by weighted least squares to the pooled points (at their trial-weighted mean
 * values) whose rate lies inside `window` (default [0.1, 0.9]), together with the last pooled point
 * below the target and the next one, which always bracket the crossing.
 *   - scale "probit" (default): the line z = c0 + c1 x is fitted to z = Phi^{-1}(r~), r~ = (k + 1/2) /
 *     (m + 1) (the Jeffreys posterior mean, finite at rates 0 and 1), with variances
 *     r~(1 - r~) / (m phi(z)^2) (the delta method), and the crossing is where z = Phi^{-1}(target): probit
 *     analysis of a median effective dose (Bliss 1934; Finney, "Probit Analysis", 1971). A rate curve
 *     Phi((x - mu) / s) is exactly straight there, and the 50%-detection curves of the BBP models are
 *     close to it near their middle, with a long lower tail (the level-a floor); in tridiagonal-model
 *     simulations of spikelab's finite-size test grids (n = 200..1600, 20-24 seeds per value; see
 *     compare/finiteSizeScaling.ts) the line on the rates put the crossing 0.010-0.013 low, the
 *     probit line 0.007-0.010 low, with a delta-method error 10% above the observed spread (the
 *     rate line's: equal to it).
 *   - scale "linear": the line r = c0 + c1 x on the rates, weights 1 / v with v = r~(1 - r~) / m.
 * With only the two bracketing points this is the interpolation between them (on the chosen scale).
 * The crossing is x* = (t - c0) / c1 and its standard error the delta method with these binomial
 * variances, var(x*) = var(c0 + c1 x*) / c1^2. Fitting several points instead of interpolating two uses
 * every seed near the transition (about sqrt(points / 2) times smaller errors); the price is a bias of
 * the order of the curvature of the curve (on the fitted scale) inside the window times its width
 * squared. Cost: O(points).
 */
export function rateCrossing(points: readonly RatePoint[], options: { target?: number; window?: [number, number]; scale?: RateScale } = {}): RateCrossing {
  const target = options?.target ?? 0.5;
  const window = options?.window ?? [0.1, 0.9];
  const scale = options?.scale ?? "probit";
  if (typeof target !== "number" || !(target > 0 && target < 1)) throw new InvalidArgumentError(`rateCrossing: target must be in (0, 1), got ${target}`);
  checkTargetWindow("rateCrossing", target, window);
  if (scale !== "probit" && scale !== "linear") throw new InvalidArgumentError(`rateCrossing: scale must be "probit" or "linear", got ${String(scale)}`);
  const sorted = checkSorted(points, "rateCrossing", (p, i) => {
    checkCounts(p.successes, p.trials, `rateCrossing: points[${i}]`);
    return true;
  }, "{ value, successes, trials }");
  const blocks = poolAdjacentViolators(sorted.map((p) => ({ vs: p.value * p.trials, k: p.successes, m: p.trials })), (b) => b.k / b.m,
    (a, b) => ({ vs: a.vs + b.vs, k: a.k + b.k, m: a.m + b.m }));
  const pooled = blocks.map((b) => {
    const r = (b.k + 0.5) / (b.m + 1);
    return { value: b.vs / b.m, y: b.k / b.m, variance: (r * (1 - r)) / b.m, smoothed: r };
  });
  if (scale === "linear") return crossingOf(pooled, sorted[0]!.value, target, window);
  // the same points, chosen on the rate scale, fitted on the probit scale
  const first = pooled.findIndex((p) => p.y >= target);
  if (first <= 0) return crossingOf(pooled, sorted[0]!.value, target, window);
  const fitted = pooled.filter((p, i) => i === first - 1 || i === first || (p.y >= window[0] && p.y <= window[1])).map((p) => {
    const z = normalQuantile(p.smoothed);
    return { value: p.value, y: z, variance: p.variance / normalPdf(z) ** 2 };
  });
  return lineCrossing(fitted, -1, normalQuantile(target), [-Infinity, Infinity]);
}

/**
 * The value where a mean (e.g. an eigenvector overlap over seeds) first crosses `target` upward:
 * the same isotonic pooling (weights 1 / se^2, a pooled block's mean the weighted mean and its
 * variance 1 / sum w) and weighted line through the pooled points inside `window` (default
 * [target / 2, 2 target] for a positive target) and the bracketing pair as rateCrossing, with the
 * delta-method standard error. A standard error of 0 is taken as the smallest positive one given.
 */
export function meanCrossing(points: readonly MeanPoint[], target: number, options: { window?: [number, number] } = {}): RateCrossing {
  const window = options?.window ?? (target > 0 ? [target / 2, 2 * target] : [target, target]);
  checkTargetWindow("meanCrossing", target, window);
  const sorted = checkSorted(points, "meanCrossing", (p) => Number.isFinite(p.mean) && p.standardError >= 0 && Number.isFinite(p.standardError),
    "{ value, mean, standardError >= 0 }");
  const floor = Math.min(...sorted.map((p) => p.standardError).filter((e) => e > 0), Infinity);
  if (!Number.isFinite(floor)) throw new InvalidArgumentError("meanCrossing: every standard error is 0; at least one must be positive");
  const blocks = poolAdjacentViolators(sorted.map((p) => {
    const w = 1 / Math.max(p.standardError, floor) ** 2;
    return { w, wx: w * p.value, wy: w * p.mean };
  }), (b) => b.wy / b.w, (a, b) => ({ w: a.w + b.w, wx: a.wx + b.wx, wy: a.wy + b.wy }));
  return crossingOf(blocks.map((b) => ({ value: b.wx / b.w, y: b.wy / b.w, variance: 1 / b.w })), sorted[0]!.value, target, window);
}
