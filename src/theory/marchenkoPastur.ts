/**
 * The Marchenko-Pastur law: the limiting spectrum of the d x d sample covariance S = X^T X / n,
 * where X is n x d with iid N(0, sigma^2) entries (rows are samples), as n, d -> infinity with
 * gamma = d / n fixed (sigma^2 is the `variance` option, default 1).
 *
 * - Edges lambda_-+ = sigma^2 (1 -+ sqrt(gamma))^2;
 * - density rho(x) = sqrt((lambda_+ - x)(x - lambda_-)) / (2 pi gamma sigma^2 x) on the edges;
 * - when gamma > 1, S has rank n < d and the law has an atom of mass 1 - 1/gamma at 0, reported
 *   in `atoms`, never inside the density; the continuous part then has mass 1/gamma.
 *
 * Stieltjes convention m(z) = integral rho(dl)/(l - z) (Im m > 0 above the axis); for sigma = 1 it
 * solves gamma z m^2 + (z - 1 + gamma) m + 1 = 0 (spiked-features.md 7.1: gamma = 0.5 gives
 * m(1 + 0.05i) = -0.45405 + 1.29666i). The companion transform is that of the n x n matrix
 * X X^T / n: mc(z) = -(1 - gamma)/z + gamma m(z).
 */
import * as C from "./complex.js";
import type { Complex } from "./complex.js";
import { InvalidArgumentError } from "../errors.js";
import { solveMonotone } from "../numerics/newton.js";
import { checkFinite, checkPoint, checkPositive, checkProbability, densitiesByPoint, type Atom, type LimitingLaw } from "./law.js";

export interface MarchenkoPasturOptions {
  /** gamma = d / n: dimension over number of samples (> 0). */
  gamma: number;
  /** sigma^2, the variance of the entries of X. Default 1. */
  variance?: number;
}

interface Params {
  gamma: number;
  sigma2: number;
  /** edges lambda_-, lambda_+ */
  a: number;
  b: number;
  /** mass of the atom at 0 (0 when gamma <= 1) */
  atom: number;
}

function params(options: MarchenkoPasturOptions): Params {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError("Marchenko-Pastur options must be an object { gamma, variance? }");
  }
  const gamma = checkPositive(options.gamma, "gamma", "gamma = d/n");
  const sigma2 = checkPositive(options.variance ?? 1, "variance", "sigma^2, the entry variance");
  const s = Math.sqrt(gamma);
  return {
    gamma,
    sigma2,
    a: sigma2 * (1 - s) ** 2,
    b: sigma2 * (1 + s) ** 2,
    atom: gamma > 1 ? 1 - 1 / gamma : 0,
  };
}

/** The bulk edges sigma^2 (1 -+ sqrt(gamma))^2 (the continuous support; see `atoms` for 0). */
export function marchenkoPasturEdges(options: MarchenkoPasturOptions): { lower: number; upper: number } {
  const { a, b } = params(options);
  return { lower: a, upper: b };
}

/** The atom of mass 1 - 1/gamma at 0 when gamma > 1; an empty list otherwise. */
export function marchenkoPasturAtoms(options: MarchenkoPasturOptions): Atom[] {
  const { atom } = params(options);
  return atom > 0 ? [{ at: 0, mass: atom }] : [];
}

/**
 * The density of the continuous part, sqrt((lambda_+ - x)(x - lambda_-)) / (2 pi gamma sigma^2 x)
 * on the open interval (lambda_-, lambda_+), 0 elsewhere (the atom at 0 is not a density: see
 * `marchenkoPasturAtoms`). For gamma = 1 it diverges like x^(-1/2) at the hard edge 0.
 */
export function marchenkoPasturDensity(x: number, options: MarchenkoPasturOptions): number {
  checkFinite(x, "x");
  const { gamma, sigma2, a, b } = params(options);
  if (x <= a || x >= b) return 0;
  return Math.sqrt((b - x) * (x - a)) / (2 * Math.PI * gamma * sigma2 * x);
}

/**
 * The continuous part of the cdf at the angle theta in [0, pi] of x = m - h cos(theta) (m, h the
 * centre and half-width of [a, b]). Closed form of integral_a^x rho:
 *   (m theta + h sin(theta) - 2 sqrt(ab) atan(sqrt(b/a) tan(theta/2))) / (2 pi gamma sigma^2),
 * from h^2 sin^2 t / (m - h cos t) = m + h cos t - ab / (m - h cos t) and the standard integral
 * of 1/(m - h cos t). At theta = pi it is (m - sqrt(ab)) / (2 gamma sigma^2) = min(1, 1/gamma).
 */
function continuousCdfAtAngle(theta: number, p: Params): number {
  const m = 0.5 * (p.a + p.b);
  const h = 0.5 * (p.b - p.a);
  const half = 0.5 * theta;
  const arc = Math.atan2(Math.sqrt(p.b) * Math.sin(half), Math.sqrt(p.a) * Math.cos(half));
  return (m * theta + h * Math.sin(theta) - 2 * Math.sqrt(p.a * p.b) * arc) / (2 * Math.PI * p.gamma * p.sigma2);
}

/**
 * P(X <= x) in closed form (see continuousCdfAtAngle), plus the atom 1 - 1/gamma for x >= 0 when
 * gamma > 1. The angle is theta = 2 atan2(sqrt(x - a), sqrt(b - x)) and the square root
 * sqrt((x - a)(b - x)) is taken directly, so both edges keep full accuracy.
 */
export function marchenkoPasturCdf(x: number, options: MarchenkoPasturOptions): number {
  checkFinite(x, "x");
  const p = params(options);
  const atom = x >= 0 ? p.atom : 0;
  if (x <= p.a) return atom;
  if (x >= p.b) return 1;
  const m = 0.5 * (p.a + p.b);
  const theta = 2 * Math.atan2(Math.sqrt(x - p.a), Math.sqrt(p.b - x));
  const arc = Math.atan2(Math.sqrt(p.b) * Math.sqrt(x - p.a), Math.sqrt(p.a) * Math.sqrt(p.b - x));
  const cont = (m * theta + Math.sqrt((x - p.a) * (p.b - x)) - 2 * Math.sqrt(p.a * p.b) * arc) / (2 * Math.PI * p.gamma * p.sigma2);
  return Math.min(1, Math.max(0, atom + cont));
}

/**
 * The quantile inf { x : F(x) >= p }. p up to the atom mass (gamma > 1) gives 0; otherwise
 * solves the closed-form cdf in the angle theta by safeguarded Newton (derivative
 * h^2 sin^2(theta) / (2 pi gamma sigma^2 x(theta))) and returns x(theta), written from the nearer
 * edge (a + 2h sin^2(theta/2) or b - 2h cos^2(theta/2)) for accuracy there.
 */
export function marchenkoPasturQuantile(p: number, options: MarchenkoPasturOptions): number {
  checkProbability(p);
  const q = params(options);
  if (q.atom > 0 && p <= q.atom) return 0;
  if (p === 0) return q.a;
  if (p === 1) return q.b;
  const target = p - q.atom;
  const m = 0.5 * (q.a + q.b);
  const h = 0.5 * (q.b - q.a);
  const norm = 2 * Math.PI * q.gamma * q.sigma2;
  const theta = solveMonotone(
    (t) => continuousCdfAtAngle(t, q),
    (t) => (h * h * Math.sin(t) ** 2) / (norm * (m - h * Math.cos(t))),
    target,
    0,
    Math.PI,
  );
  const half = 0.5 * theta;
  return theta < Math.PI / 2 ? q.a + 2 * h * Math.sin(half) ** 2 : q.b - 2 * h * Math.cos(half) ** 2;
}

/**
 * The root of c2 w m^2 + b1 m + 1 = 0 given as m = (-b1 + R) / (2 c2 w) = 2 / (-b1 - R): the two
 * forms are equal (the product of the roots is 1/(c2 w)); the one whose numerator or denominator
 * is larger is used, so there is no cancellation.
 */
function stableRoot(b1: Complex, root: Complex, twoC2w: Complex): Complex {
  const up = C.add(C.neg(b1), root);
  const down = C.sub(C.neg(b1), root);
  if (C.abs(up) >= C.abs(down)) return C.div(up, twoC2w);
  return C.div({ re: 2, im: 0 }, down);
}

/**
 * m(z) = integral rho(dl)/(l - z) (atom included), the root of
 * gamma w m1^2 + (w - 1 + gamma) m1 + 1 = 0 with w = z / sigma^2 and m = m1 / sigma^2, on the
 * branch with Im m > 0 for Im z > 0: m1 = (1 - gamma - w + sqrt(w - a1) sqrt(w - b1)) / (2 gamma w)
 * with the square-root branch of complex.sqrtProduct (~ w at infinity, cut on [a1, b1]). A real z
 * is read as z + i0 (the boundary value from above, whose imaginary part is pi rho); Im z < 0
 * uses conj m(conj z). z = 0 is refused when gamma >= 1 (a pole for the atom, or the hard edge).
 */
export function marchenkoPasturStieltjes(z: number | Complex, options: MarchenkoPasturOptions): Complex {
  const w0 = checkPoint(z);
  const p = params(options);
  if (w0.im < 0) return C.conj(marchenkoPasturStieltjes(C.conj(w0), options));
  if (w0.re === 0 && w0.im === 0 && p.gamma >= 1) {
    throw new InvalidArgumentError(`z = 0 is a singular point of the Marchenko-Pastur Stieltjes transform for gamma = ${p.gamma} >= 1`);
  }
  const w = C.scale(w0, 1 / p.sigma2);
  const s = Math.sqrt(p.gamma);
  const root = C.sqrtProduct(w, (1 - s) ** 2, (1 + s) ** 2);
  const b1 = C.addReal(w, p.gamma - 1);
  return C.scale(stableRoot(b1, root, C.scale(w, 2 * p.gamma)), 1 / p.sigma2);
}

/**
 * The companion transform mc(z) = -(1 - gamma)/z + gamma m(z): the Stieltjes transform of the
 * n x n matrix X X^T / n, whose law is (1 - gamma) delta_0 + gamma rho when gamma < 1. Computed
 * from its own equation z mc^2 + (z + 1 - gamma) mc + 1 = 0 (sigma = 1; then rescaled), which
 * avoids the cancellation of the two terms near z = 0 when gamma > 1. Equivalently X X^T / n =
 * gamma (X X^T / d) follows Marchenko-Pastur with ratio 1/gamma and variance gamma sigma^2.
 */
export function marchenkoPasturCompanionStieltjes(z: number | Complex, options: MarchenkoPasturOptions): Complex {
  const w0 = checkPoint(z);
  const p = params(options);
  if (w0.im < 0) return C.conj(marchenkoPasturCompanionStieltjes(C.conj(w0), options));
  if (w0.re === 0 && w0.im === 0 && p.gamma <= 1) {
    throw new InvalidArgumentError(`z = 0 is a singular point of the companion transform for gamma = ${p.gamma} <= 1`);
  }
  const w = C.scale(w0, 1 / p.sigma2);
  const s = Math.sqrt(p.gamma);
  const root = C.sqrtProduct(w, (1 - s) ** 2, (1 + s) ** 2);
  const b1 = C.addReal(w, 1 - p.gamma);
  return C.scale(stableRoot(b1, root, C.scale(w, 2)), 1 / p.sigma2);
}

/**
 * The Tracy-Widom scale of the largest eigenvalue of S = X^T X / n with n samples:
 * lambda_max ~ lambda_+ + s TW1 with s = sigma^2 (1 + sqrt(gamma)) (1 + 1/sqrt(gamma))^(1/3) n^(-2/3)
 * (Johnstone 2001, leading order in n, d = gamma n). A few s make the finite-size margin for
 * outliers beyond lambda_+.
 */
export function marchenkoPasturEdgeScale(n: number, options: MarchenkoPasturOptions): number {
  checkPositive(n, "n", "number of samples");
  const { gamma, sigma2 } = params(options);
  const s = Math.sqrt(gamma);
  return sigma2 * (1 + s) * Math.cbrt(1 + 1 / s) * Math.pow(n, -2 / 3);
}

/** The Marchenko-Pastur law (atom included) as a LimitingLaw. */
export function marchenkoPasturLaw(options: MarchenkoPasturOptions): LimitingLaw {
  const p = params(options);
  const opts = { gamma: p.gamma, variance: p.sigma2 };
  const atoms: Atom[] = p.atom > 0 ? [{ at: 0, mass: p.atom }] : [];
  return {
    name: `marchenko-pastur(gamma=${p.gamma}, variance=${p.sigma2})`,
    support: [[p.a, p.b]],
    atoms,
    lowerEdge: p.a,
    upperEdge: p.b,
    density: (x) => marchenkoPasturDensity(x, opts),
    densities: (xs) => densitiesByPoint((x) => marchenkoPasturDensity(x, opts), xs),
    cdf: (x) => marchenkoPasturCdf(x, opts),
    quantile: (q) => marchenkoPasturQuantile(q, opts),
    stieltjes: (z) => marchenkoPasturStieltjes(z, opts),
  };
}
