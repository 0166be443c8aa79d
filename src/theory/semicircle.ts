/**
 * Wigner's semicircle law: the limiting spectrum of W = sigma (G + G^T) / sqrt(2N) for G an N x N
 * matrix of iid N(0, 1) entries (the GOE, off-diagonal entries of variance sigma^2 / N; sigma^2 is
 * the `variance` option, default 1). Support [-2 sigma, 2 sigma], density
 * rho(x) = sqrt(4 sigma^2 - x^2) / (2 pi sigma^2).
 *
 * Stieltjes convention: m(z) = integral rho(dl) / (l - z) (Im m > 0 above the axis), which solves
 * sigma^2 m^2 + z m + 1 = 0; m(i) = 0.61803 i for sigma = 1 (spiked-features.md 7.2).
 */
import * as C from "./complex.js";
import type { Complex } from "./complex.js";
import { solveMonotone } from "../numerics/newton.js";
import { checkFinite, checkPoint, checkPositive, checkProbability, densitiesByPoint, type LimitingLaw } from "./law.js";

export interface SemicircleOptions {
  /** sigma^2: the off-diagonal entries of W have variance sigma^2 / N. Default 1 (support [-2, 2]). */
  variance?: number;
}

function radius(options: SemicircleOptions | undefined): { sigma2: number; r: number } {
  const sigma2 = checkPositive(options?.variance ?? 1, "variance", "sigma^2, the entry variance times N");
  return { sigma2, r: 2 * Math.sqrt(sigma2) };
}

/** The support edges -2 sigma and 2 sigma. */
export function semicircleEdges(options?: SemicircleOptions): { lower: number; upper: number } {
  const { r } = radius(options);
  return { lower: -r, upper: r };
}

/** rho(x) = sqrt(4 sigma^2 - x^2) / (2 pi sigma^2) on [-2 sigma, 2 sigma], 0 outside. */
export function semicircleDensity(x: number, options?: SemicircleOptions): number {
  checkFinite(x, "x");
  const { sigma2, r } = radius(options);
  if (x <= -r || x >= r) return 0;
  return Math.sqrt((r - x) * (r + x)) / (2 * Math.PI * sigma2);
}

/**
 * P(X <= x) in closed form. With x = -2 sigma cos(theta), theta in [0, pi], the density element is
 * (2/pi) sin^2(theta) d(theta), so F = (theta - sin(theta) cos(theta)) / pi; theta is computed as
 * 2 atan2(sqrt(2 sigma + x), sqrt(2 sigma - x)), accurate near both edges.
 */
export function semicircleCdf(x: number, options?: SemicircleOptions): number {
  checkFinite(x, "x");
  const { r } = radius(options);
  if (x <= -r) return 0;
  if (x >= r) return 1;
  const theta = 2 * Math.atan2(Math.sqrt(r + x), Math.sqrt(r - x));
  return Math.min(1, Math.max(0, (theta - Math.sin(theta) * Math.cos(theta)) / Math.PI));
}

/**
 * The quantile F^{-1}(p): solves theta - sin(theta) cos(theta) = pi p for theta in [0, pi]
 * (safeguarded Newton, derivative 2 sin^2 theta; start (3 pi p / 2)^(1/3) near the lower edge,
 * where the left side is ~ (2/3) theta^3), then x = -2 sigma cos(theta).
 */
export function semicircleQuantile(p: number, options?: SemicircleOptions): number {
  checkProbability(p);
  const { r } = radius(options);
  if (p === 0) return -r;
  if (p === 1) return r;
  const q = p <= 0.5 ? p : 1 - p; // solve on the lower half and reflect: the law is symmetric
  const theta = solveMonotone(
    (t) => t - Math.sin(t) * Math.cos(t),
    (t) => 2 * Math.sin(t) ** 2,
    Math.PI * q,
    0,
    Math.PI / 2,
    Math.min(Math.cbrt(1.5 * Math.PI * q), Math.PI / 2 - 1e-3),
  );
  const x = -r * Math.cos(theta);
  return p <= 0.5 ? x : -x;
}

/**
 * m(z) = (-z + sqrt(z - 2 sigma) sqrt(z + 2 sigma)) / (2 sigma^2), the root of
 * sigma^2 m^2 + z m + 1 = 0 with Im m > 0 for Im z > 0 (the square-root branch of
 * complex.sqrtProduct, ~ z at infinity). Of the two equal forms (R - z)/(2 sigma^2) and
 * -2/(z + R) the one without cancellation is used (their denominators/numerators multiply to
 * -4 sigma^2, so one of them is >= 2 sigma in size). A real z is read as z + i0; Im z < 0 uses
 * m(conj z) = conj m(z).
 */
export function semicircleStieltjes(z: number | Complex, options?: SemicircleOptions): Complex {
  const w = checkPoint(z);
  const { sigma2, r } = radius(options);
  if (w.im < 0) return C.conj(semicircleStieltjes(C.conj(w), options));
  const root = C.sqrtProduct(w, -r, r);
  const plus = C.add(w, root);
  const minus = C.sub(root, w);
  if (C.abs(plus) >= C.abs(minus)) return C.div({ re: -2, im: 0 }, plus);
  return C.scale(minus, 1 / (2 * sigma2));
}

/**
 * The Tracy-Widom scale of the largest eigenvalue: lambda_max ~ 2 sigma + sigma N^(-2/3) TW1 for
 * the GOE normalization above (Tracy and Widom 1996; TW1 has mean -1.21 and s.d. 1.27). Use a
 * few of these as the finite-size margin when looking for outliers beyond 2 sigma.
 */
export function semicircleEdgeScale(n: number, options?: SemicircleOptions): number {
  checkPositive(n, "n", "matrix size");
  const { sigma2 } = radius(options);
  return Math.sqrt(sigma2) * Math.pow(n, -2 / 3);
}

/** The semicircle law as a LimitingLaw (density, cdf, quantile, Stieltjes transform, support). */
export function semicircleLaw(options?: SemicircleOptions): LimitingLaw {
  const { sigma2, r } = radius(options);
  const opts = { variance: sigma2 };
  return {
    name: `semicircle(variance=${sigma2})`,
    support: [[-r, r]],
    atoms: [],
    lowerEdge: -r,
    upperEdge: r,
    density: (x) => semicircleDensity(x, opts),
    densities: (xs) => densitiesByPoint((x) => semicircleDensity(x, opts), xs),
    cdf: (x) => semicircleCdf(x, opts),
    quantile: (p) => semicircleQuantile(p, opts),
    stieltjes: (z) => semicircleStieltjes(z, opts),
  };
}
