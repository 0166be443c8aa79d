/**
 * Test error of ridge regression on features from the generic deterministic equivalent of the
 * Gaussian covariate model (Hastie-Montanari-Rosset-Tibshirani 2022, Bach 2023, Loureiro et al.
 * 2021; ../shared/reference/spiked-features.md section 6.1, where it is checked on the spiked RF).
 *
 * Convention: ridge beta_hat = argmin (1/n) sum_nu (y_nu - beta^T phi_nu)^2 + lambda |beta|^2 on n
 * training samples, with population moments Omega = E[phi phi^T] (p x p) and b = E[phi y].
 * (Ridge on F / sqrt(p) with the unnormalized penalty lambda' |w|^2, as in the authors' code, is
 * lambda = lambda' p / n here.) With beta* = Omega^{-1} b and sigma_eps^2 = E y^2 - b^T Omega^{-1} b:
 *
 *   kappa > 0 solves  kappa - lambda = (kappa / n) tr Omega (Omega + kappa)^{-1},
 *   df2 = tr Omega^2 (Omega + kappa)^{-2},
 *   test MSE = sigma_eps^2 + [kappa^2 beta*^T Omega (Omega + kappa)^{-2} beta* + sigma_eps^2 df2 / n] / (1 - df2 / n).
 *
 * In the eigenbasis Omega = sum_i w_i e_i e_i^T with projections c_i = e_i^T b this needs only the
 * w_i and c_i: beta*^T Omega (Omega + kappa)^{-2} beta* = sum_i c_i^2 / (w_i (w_i + kappa)^2).
 * Directions with w_i <= `rankTol` max w are dropped (b has no component there in exact arithmetic).
 * kappa by bisection on the increasing kappa (1 - df1(kappa)/n), bracketed by [lambda, lambda + tr Omega / n].
 */
import { InvalidArgumentError } from "../errors.js";
import { eigh } from "../linalg/eigh.js";
import { asMatrix, type MatrixLike } from "../matrix.js";
import { asVector } from "../validate.js";

export interface RidgeSpectralOptions {
  /** Eigenvalues w_i of Omega (>= 0). */
  eigenvalues: ArrayLike<number>;
  /** c_i = e_i^T b, the projections of b = E[phi y] on the eigenvectors. */
  projections: ArrayLike<number>;
  /** E y^2 (label second moment, noise included). */
  secondMoment: number;
  /** Training samples n. */
  n: number;
  /** Ridge penalty lambda >= 0 (lambda = 0 is the ridgeless limit, needs p != n). */
  lambda: number;
  /** Relative eigenvalue cutoff (default 1e-12). */
  rankTol?: number;
}

export interface RidgePrediction {
  /** Predicted test mean squared error E (y - beta_hat^T phi)^2 on a fresh sample. */
  testError: number;
  /** The effective regularization kappa. */
  kappa: number;
  /** df2 = tr Omega^2 (Omega + kappa)^{-2}. */
  df2: number;
  /** sigma_eps^2 = E y^2 - b^T Omega^{-1} b: the part of y outside the span of the features. */
  noise: number;
  /** kappa^2 beta*^T Omega (Omega + kappa)^{-2} beta* / (1 - df2/n). */
  bias: number;
  /** sigma_eps^2 (df2 / n) / (1 - df2/n). */
  variance: number;
}

/** The test error from the spectrum of Omega and the projections of b (see the file comment). */
export function ridgeTestErrorSpectral(options: RidgeSpectralOptions): RidgePrediction {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("ridgeTestErrorSpectral needs an options object { eigenvalues, projections, n, lambda, ... }");
  const w = Float64Array.from(asVector(options.eigenvalues, "ridgeTestErrorSpectral: eigenvalues"));
  const c = Float64Array.from(asVector(options.projections, "ridgeTestErrorSpectral: projections"));
  if (w.length !== c.length || w.length === 0) {
    throw new InvalidArgumentError(`eigenvalues and projections must have the same nonzero length, got ${w.length} and ${c.length}`);
  }
  const { n, lambda, secondMoment } = options;
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`n must be a positive integer, got ${n}`);
  if (typeof lambda !== "number" || !(lambda >= 0) || !Number.isFinite(lambda)) throw new InvalidArgumentError(`lambda must be a finite number >= 0, got ${lambda}`);
  if (typeof secondMoment !== "number" || !Number.isFinite(secondMoment) || secondMoment < 0) {
    throw new InvalidArgumentError(`secondMoment must be a finite number >= 0, got ${secondMoment}`);
  }
  let wmax = 0;
  for (let i = 0; i < w.length; i++) {
    if (!Number.isFinite(w[i]!) || !Number.isFinite(c[i]!)) throw new InvalidArgumentError(`eigenvalue or projection ${i} is not finite`);
    if (w[i]! < -1e-10 * Math.max(1, Math.abs(wmax))) throw new InvalidArgumentError(`Omega must be positive semidefinite; eigenvalue ${i} = ${w[i]}`);
    wmax = Math.max(wmax, w[i]!);
  }
  if (!(wmax > 0)) throw new InvalidArgumentError("Omega is zero");
  const cut = (options.rankTol ?? 1e-12) * wmax;
  const ws: number[] = [];
  const cs: number[] = [];
  let explained = 0;
  let trace = 0;
  for (let i = 0; i < w.length; i++) {
    if (w[i]! <= cut) continue;
    ws.push(w[i]!);
    cs.push(c[i]!);
    explained += (c[i]! * c[i]!) / w[i]!;
    trace += w[i]!;
  }
  const noise = Math.max(0, secondMoment - explained);
  const df1 = (k: number) => {
    let s = 0;
    for (const x of ws) s += x / (x + k);
    return s;
  };
  // g(kappa) = kappa (1 - df1(kappa)/n) - lambda is increasing; root in [lo, lambda + tr/n]
  let lo = lambda;
  let hi = lambda + trace / n;
  if (lambda === 0) {
    if (ws.length <= n) {
      // ridgeless, under-parametrized: kappa = 0 (no implicit regularization)
      lo = 0;
      hi = 0;
    } else {
      lo = 0;
    }
  }
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid * (1 - df1(mid) / n) - lambda < 0) lo = mid;
    else hi = mid;
  }
  const kappa = 0.5 * (lo + hi);
  let df2 = 0;
  let biasNum = 0;
  for (let i = 0; i < ws.length; i++) {
    const x = ws[i]!;
    const r = x / (x + kappa);
    df2 += r * r;
    biasNum += (cs[i]! * cs[i]!) / (x * (x + kappa) ** 2);
  }
  const denom = 1 - df2 / n;
  if (!(denom > 0)) {
    throw new InvalidArgumentError(`1 - df2/n = ${denom} <= 0: the ridgeless interpolation threshold (p = n) has infinite test error`);
  }
  const bias = (kappa * kappa * biasNum) / denom;
  const variance = (noise * df2) / n / denom;
  return { testError: noise + bias + variance, kappa, df2, noise, bias, variance };
}

export interface RidgeOptions {
  /** Omega = E[phi phi^T] (p x p, symmetric positive semidefinite). */
  omega: MatrixLike;
  /** b = E[phi y] (length p). */
  b: ArrayLike<number>;
  /** E y^2. */
  secondMoment: number;
  n: number;
  lambda: number;
  rankTol?: number;
}

/** The test error from Omega and b (eigendecomposition of Omega by `eigh`, then ridgeTestErrorSpectral). */
export function ridgeTestError(options: RidgeOptions): RidgePrediction {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("ridgeTestError needs an options object { omega, b, ... }");
  const omega = asMatrix(options.omega, "omega");
  const p = omega.rows;
  if (omega.cols !== p) throw new InvalidArgumentError(`omega must be square, got ${omega.rows} x ${omega.cols}`);
  const b = Float64Array.from(asVector(options.b, "ridgeTestError: b"));
  if (b.length !== p) throw new InvalidArgumentError(`b has ${b.length} entries, omega is ${p} x ${p}`);
  const { values, vectors } = eigh(omega);
  const proj = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < p; i++) s += vectors!.data[i * p + j]! * b[i]!;
    proj[j] = s;
  }
  return ridgeTestErrorSpectral({ ...options, eigenvalues: values, projections: proj });
}
