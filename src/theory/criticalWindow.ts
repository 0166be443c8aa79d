/**
 * The law of the top eigenvalue of a rank-one spiked real model inside the BBP critical window, where
 * neither the Tracy-Widom edge law (no spike) nor the Gaussian outlier law (theory/outlierLaws.ts)
 * holds. Bloemendal and Virag 2013 ("Limits of spiked random matrices I", Probab. Theory Relat. Fields
 * 156, theorem 1.5 and section 1.3): for the spiked GOE and the rank-one spiked real Wishart matrix
 * with the spike at theta_c - w k n^(-1/3) (k below), the scaled top eigenvalue converges in law to
 * F(., w), where F(x, w) is the bounded solution of
 *     dF/dx + (2 / beta) d^2F/dw^2 + (x - w^2) dF/dw = 0,
 *     F -> 1 as x, w -> +inf together,  F -> 0 as w -> -inf with x bounded above,
 * with beta = 1 here, and F(x, +inf) = TW_beta(x) (w = +inf: no spike; w -> -inf: a Gaussian
 * outlier N(w^2, 4|w| / beta) in these units). Their w is the boundary parameter of the stochastic
 * Airy operator, f'(0) = w f(0).
 *
 * Numerics (the finite-difference route of Trogdon and Zhang 2024, "Computing the Tracy-Widom
 * distribution for arbitrary beta > 0", SIGMA 20, 005, which solve the same boundary value problem):
 * in t = -x the equation is forward parabolic, F_t = (2 / beta) F_ww + (x - w^2) F_w; it is marched
 * by Crank-Nicolson from x = 8 down to x = -6 on w in [-8, 8] (central differences, step 0.04 in w,
 * 0.008 in x; cell Peclet number below 1 everywhere), with F = 0 at w = -8, F = TW1(x) at w = 8 (an
 * outflow boundary: the characteristics dw/dt = w^2 - x leave there), and the initial line
 * F(8, w) = TW1(8) for w >= 0, TW1(8) Phi((8 - w^2) / sqrt(4|w|)) for w < 0 (the Gaussian outlier).
 * The values at x in [-6, 6] do not move by 1e-5 when the initial line moves to x = 12, the box to
 * |w| <= 7, or the steps halve (test/theory/criticalWindow.test.ts: 3e-4 at most); read back by
 * bilinear interpolation on a 0.04 x 0.04 table, error about 1e-4 more. The table is built once, on
 * first use (1750 tridiagonal solves of size 401: some 20 ms on an idle core; 1 MB).
 *
 * Spikelab's models in these units (the outlier's mean and variance, Paul 2007 and Capitaine,
 * Donati-Martin and Feral 2009, matched to w^2 and 4|w| at the edge law's scale, theory/edgeLaws.ts):
 *   - spiked Wigner (theta_c = 1, edge scale n^(-2/3)): w = -(theta - 1) n^(1/3);
 *   - spiked covariance (theta_c = sqrt(gamma), gamma = d / n, edge scale
 *     (1 + theta_c)(1 + 1/theta_c)^(1/3) n^(-2/3)): w = -(theta - theta_c) n^(1/3) / k,
 *     k = theta_c^(1/3) (1 + theta_c)^(2/3).
 */
import { InvalidArgumentError } from "../errors.js";
import { normalCdf } from "../numerics/normal.js";
import { covarianceEdgeLaw, wignerEdgeLaw } from "./edgeLaws.js";
import { tracyWidom } from "./tracyWidom/distribution.js";

const W_TAIL = 7, W_MAX = 8, W_STEP = 0.04, X_START = 8, X_TOP = 6, X_BOTTOM = -6, X_STEP = 0.008, X_STORE = 5;

/** Options of the solver (for convergence checks; the defaults build the cached table). */
export interface CriticalWindowGrid {
  wMax?: number;
  wStep?: number;
  xStart?: number;
  xStep?: number;
}

/** F on a grid: values[row * nw + column] at x = x0 - row xStep, w = w0 + column wStep. */
export interface CriticalWindowTable {
  w0: number;
  wStep: number;
  nw: number;
  x0: number;
  xStep: number;
  nx: number;
  values: Float64Array;
}

/**
 * Solves the boundary value problem (file comment) and returns F on the grid, rows from x = X_TOP
 * down to X_BOTTOM every `xStep * X_STORE`. Cost O((xStart - X_BOTTOM) / xStep * 2 wMax / wStep).
 */
export function solveCriticalWindow(grid: CriticalWindowGrid = {}): CriticalWindowTable {
  if (grid === null || typeof grid !== "object") throw new InvalidArgumentError(`solveCriticalWindow: grid must be an object { wMax?, wStep?, xStart?, xStep? }, got ${String(grid)}`);
  const wMax = grid.wMax ?? W_MAX, h = grid.wStep ?? W_STEP, x0 = grid.xStart ?? X_START, dx = grid.xStep ?? X_STEP;
  for (const [name, v] of [["wMax", wMax], ["wStep", h], ["xStart", x0], ["xStep", dx]] as const) {
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new InvalidArgumentError(`solveCriticalWindow: ${name} must be a finite number > 0, got ${String(v)}`);
  }
  // the cell Peclet number |x - w^2| h / (2 D) with D = 2 must stay below 1 (a monotone, diagonally dominant scheme)
  if (!(x0 >= X_TOP && x0 <= 20) || !(wMax >= 4 && wMax <= 12) || !((wMax * wMax + x0) * h < 4) || !(h >= 0.01) || !(dx <= 0.02 && dx >= 0.002)) {
    throw new InvalidArgumentError(`solveCriticalWindow: needs 6 <= xStart <= 20, 4 <= wMax <= 12, wStep >= 0.01 with (wMax^2 + xStart) wStep < 4, and 0.002 <= xStep <= 0.02, got ${JSON.stringify({ wMax, wStep: h, xStart: x0, xStep: dx })}`);
  }
  const tw = tracyWidom(1);
  const nw = Math.round((2 * wMax) / h) + 1;
  const w = Float64Array.from({ length: nw }, (_, i) => -wMax + i * h);
  let F = Float64Array.from(w, (v) => (v >= 0 ? tw.cdf(x0) : tw.cdf(x0) * normalCdf((x0 - v * v) / Math.sqrt(4 * Math.abs(v)))));
  // rows stored every 0.04 in x (X_STORE steps of the default X_STEP), from X_TOP down to X_BOTTOM
  const storeStep = X_STORE * X_STEP, storeEvery = Math.max(1, Math.round(storeStep / dx));
  const nx = Math.round((X_TOP - X_BOTTOM) / storeStep) + 1;
  const values = new Float64Array(nx * nw);
  const a = 2 / h ** 2, half = dx / 2;
  const sub = new Float64Array(nw), diag = new Float64Array(nw), sup = new Float64Array(nw), rhs = new Float64Array(nw);
  const steps = Math.round((x0 - X_BOTTOM) / dx);
  const store = (s: number, x: number) => {
    if (s % storeEvery !== 0 || x > X_TOP + dx / 2) return;
    const row = Math.round((X_TOP - x) / storeStep);
    if (row >= 0 && row < nx) values.set(F, row * nw);
  };
  store(0, x0);
  for (let s = 0; s < steps; s++) {
    const x = x0 - s * dx, xn = x - dx;
    // F_t = L(x) F with L F = a (F+ - 2F + F-) + b (F+ - F-), a = (2 / beta) / h^2 (beta = 1), b = (x - w^2) / 2h
    for (let i = 1; i < nw - 1; i++) {
      const b0 = (x - w[i]! * w[i]!) / (2 * h), b1 = (xn - w[i]! * w[i]!) / (2 * h);
      rhs[i] = F[i]! + half * ((a - b0) * F[i - 1]! - 2 * a * F[i]! + (a + b0) * F[i + 1]!);
      sub[i] = -half * (a - b1);
      diag[i] = 1 + half * 2 * a;
      sup[i] = -half * (a + b1);
    }
    // Dirichlet rows: F = 0 at -wMax, TW1 at +wMax
    sub[0] = 0; diag[0] = 1; sup[0] = 0; rhs[0] = 0;
    sub[nw - 1] = 0; diag[nw - 1] = 1; sup[nw - 1] = 0; rhs[nw - 1] = tw.cdf(xn);
    // Thomas algorithm (diagonally dominant: |sub| + |sup| = dx a < diag when the cell Peclet number is below 1)
    for (let i = 1; i < nw; i++) {
      const m = sub[i]! / diag[i - 1]!;
      diag[i] = diag[i]! - m * sup[i - 1]!;
      rhs[i] = rhs[i]! - m * rhs[i - 1]!;
    }
    const next = new Float64Array(nw);
    next[nw - 1] = rhs[nw - 1]! / diag[nw - 1]!;
    for (let i = nw - 2; i >= 0; i--) next[i] = (rhs[i]! - sup[i]! * next[i + 1]!) / diag[i]!;
    F = next;
    store(s + 1, xn);
  }
  return { w0: -wMax, wStep: h, nw, x0: X_TOP, xStep: storeStep, nx, values };
}

let cached: CriticalWindowTable | null = null;

/**
 * F(x, w): P(scaled top eigenvalue <= x) for the rank-one spiked real (beta = 1) model at critical
 * parameter w (file comment; w = +inf is no spike, TW1). x outside [-6, 6] is clamped to the
 * table's ends (F < 2e-9 below -6 at every w; above 6, 1 - TW1(6) < 1e-7 and the outlier tail
 * Phi((w^2 - x) / sqrt(4|w|)) takes over); above w = 7, TW1(x) - (TW1(x) - F(x, 7)) 7 / w (the
 * measured 1/w approach to TW1; w = +Infinity gives TW1), below w = -8 the Gaussian outlier law.
 */
export function criticalWindowCdf(x: number, w: number): number {
  if (typeof x !== "number" || Number.isNaN(x)) throw new InvalidArgumentError(`criticalWindowCdf: x must be a number, got ${String(x)}`);
  if (typeof w !== "number" || Number.isNaN(w)) throw new InvalidArgumentError(`criticalWindowCdf: w must be a number, got ${String(w)}`);
  if (w <= -W_MAX) return normalCdf((x - w * w) / Math.sqrt(4 * Math.abs(w)));
  if (w > W_TAIL) {
    // TW1 - F decays like 1 / w (w (TW1 - F) is constant to 5% over w = 5..7.9 in the table; the
    // Dirichlet row TW1 at w = 8 only bends a thin boundary layer)
    const tw = tracyWidom(1).cdf(x);
    return w === Infinity ? tw : tw - ((tw - tableValue(x, W_TAIL)) * W_TAIL) / w;
  }
  return tableValue(x, w);
}

function tableValue(x: number, w: number): number {
  const t = (cached ??= solveCriticalWindow());
  const xc = Math.min(t.x0, Math.max(t.x0 - (t.nx - 1) * t.xStep, x));
  const r = Math.min(t.nx - 2, Math.max(0, Math.floor((t.x0 - xc) / t.xStep)));
  const c = Math.min(t.nw - 2, Math.max(0, Math.floor((w - t.w0) / t.wStep)));
  const fr = (t.x0 - xc) / t.xStep - r, fc = (w - t.w0) / t.wStep - c;
  const at = (i: number, j: number) => t.values[i * t.nw + j]!;
  return (1 - fr) * ((1 - fc) * at(r, c) + fc * at(r, c + 1)) + fr * ((1 - fc) * at(r + 1, c) + fc * at(r + 1, c + 1));
}

/** The critical parameter w of a spike theta at size n (and d) in the file comment's conventions. */
export function criticalWindowParameter(model: "spiked-wigner" | "spiked-covariance", theta: number, sizes: { n: number; d?: number }): number {
  if (typeof theta !== "number" || !Number.isFinite(theta)) throw new InvalidArgumentError(`criticalWindowParameter: theta must be a finite number, got ${String(theta)}`);
  if (sizes === null || typeof sizes !== "object") throw new InvalidArgumentError(`criticalWindowParameter: sizes must be { n, d? }, got ${String(sizes)}`);
  if (model === "spiked-wigner") {
    wignerEdgeLaw(sizes.n);
    return -(theta - 1) * Math.cbrt(sizes.n);
  }
  if (model === "spiked-covariance") {
    if (sizes.d === undefined) throw new InvalidArgumentError("criticalWindowParameter: the spiked-covariance model needs sizes.d (the dimension)");
    covarianceEdgeLaw(sizes.n, sizes.d);
    const c = Math.sqrt(sizes.d / sizes.n);
    return (-(theta - c) * Math.cbrt(sizes.n)) / (Math.cbrt(c) * Math.cbrt(1 + c) ** 2);
  }
  throw new InvalidArgumentError(`criticalWindowParameter: model must be "spiked-wigner" or "spiked-covariance", got ${String(model)}`);
}

/**
 * The power of the largest-root test at level `level` (default 0.05) for a spike theta at size n
 * inside the critical window, by the limit law: 1 - F(TW1^{-1}(1 - level), w(theta, n)). It is the
 * n -> infinity limit at fixed w; spikelab's 50%-detection thresholds approach it from above as
 * n^(-1/3) (test/theory/criticalWindow.test.ts), and far above the threshold the Gaussian outlier
 * law at finite n (largestRootTest.ts, detectionPower) is the better prediction.
 */
export function criticalWindowPower(model: "spiked-wigner" | "spiked-covariance", theta: number, sizes: { n: number; d?: number }, level = 0.05): number {
  if (typeof level !== "number" || !(level > 0 && level < 1)) throw new InvalidArgumentError(`criticalWindowPower: level must be in (0, 1), got ${String(level)}`);
  const w = criticalWindowParameter(model, theta, sizes);
  return 1 - criticalWindowCdf(tracyWidom(1).quantile(1 - level), w);
}
