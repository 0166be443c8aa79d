/**
 * Index-model links: y = g(z) (+ Gaussian label noise) with z = W*^T x ~ N(0, I_p), and the
 * library of links the multi-index spectral-estimator papers use (reference
 * spectral-estimators.md, sections 1, 5.2 and 8).
 *
 * A link carries what the denoisers need:
 * - `g` and `noiseVariance`, to sample labels and, for links without a closed form, to compute
 *   E[z z^T | y] by quadrature or Monte Carlo (src/estimators/denoiser.ts);
 * - optionally `moments`, a closed form of E[z z^T | y] and E[z | y], and `labelLaw`, the law of
 *   y as a quadrature rule, so that the population constants (alpha_c, lambda3, the state-evolution
 *   laws) are one-dimensional integrals.
 *
 * Storage: p x p matrices are row-major Float64Arrays of p^2 entries.
 */
import { InvalidArgumentError } from "../errors.js";
import { gaussHermite } from "../numerics/gaussHermite.js";
import { gaussLegendre } from "../numerics/gaussLegendre.js";
import { besselK0, besselRatioA } from "./bessel.js";

/** The law of a label as a quadrature rule: E f(y) ~ sum_j weights[j] f(y[j]); weights sum to 1. */
export interface LabelLaw {
  readonly y: Float64Array;
  readonly weights: Float64Array;
}

export type LabelKind = "continuous" | "discrete";

export interface IndexLink {
  /** What the link is (for tables and error messages). */
  readonly name: string;
  /** Number of indices p (1..4 for the library links). */
  readonly p: number;
  /** The noiseless label g(z) = E[y | z] of one latent vector z (p entries). */
  readonly g: (z: Float64Array) => number;
  /**
   * A stochastic channel y ~ P(. | z), drawn from `uniform` (a seeded stream of U[0, 1) numbers);
   * when present, sampling uses it instead of g + noise (e.g. the Poisson channel).
   */
  readonly sample?: (z: Float64Array, uniform: () => number) => number;
  /** Variance Delta of additive Gaussian label noise: y = g(z) + sqrt(Delta) xi. 0 when noiseless. */
  readonly noiseVariance: number;
  /** "continuous": y has a density; "discrete": finitely many label values (compared exactly). */
  readonly labels: LabelKind;
  /**
   * Closed form of the posterior moments at label y: `second` := E[z z^T | y] (p x p), `first` :=
   * E[z | y] (p). Absent when none is known; the denoiser then integrates numerically.
   */
  readonly moments?: (y: number, second: Float64Array, first: Float64Array) => void;
  /** The law of y as a quadrature rule (for the population constants); absent with `moments` absent. */
  readonly labelLaw?: () => LabelLaw;
  /**
   * An orthonormal basis U (p x p, columns u_l) with U^T G(y) U diagonal for every y, when the link
   * is known to be jointly diagonalisable (reference section 2); the identity when absent and the
   * denoiser finds G(y) diagonal.
   */
  readonly basis?: Float64Array;
}

// ---------------------------------------------------------------- label laws

const lawCache = new Map<string, LabelLaw>();

function cachedLaw(key: string, build: () => LabelLaw): () => LabelLaw {
  return () => {
    let law = lawCache.get(key);
    if (!law) {
      law = build();
      lawCache.set(key, law);
    }
    return law;
  };
}

/**
 * A law on y > 0 (or symmetric on R with `symmetric`) with density `density(y)` for y > 0, by
 * composite Gauss-Legendre in s = ln y over [sMin, sMax] (the substitution removes the log and
 * power singularities at y = 0 that the library densities have). Weights are normalised to 1; the
 * caller's density must integrate to 1 (the tests check E_y E[z z^T | y] = I, which fails if not).
 */
function logScaleLaw(density: (y: number) => number, sMin: number, sMax: number, panels: number, symmetric: boolean): LabelLaw {
  const order = 16;
  const { nodes, weights } = gaussLegendre(order);
  const h = (sMax - sMin) / panels;
  const ys: number[] = [];
  const ws: number[] = [];
  for (let q = 0; q < panels; q++) {
    const mid = sMin + (q + 0.5) * h;
    for (let i = 0; i < order; i++) {
      const s = mid + 0.5 * h * nodes[i]!;
      const y = Math.exp(s);
      const w = 0.5 * h * weights[i]! * density(y) * y;
      if (!(w > 0)) continue;
      if (symmetric) {
        ys.push(y, -y);
        ws.push(0.5 * w, 0.5 * w);
      } else {
        ys.push(y);
        ws.push(w);
      }
    }
  }
  const y = Float64Array.from(ys);
  const w = Float64Array.from(ws);
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i]!;
  for (let i = 0; i < w.length; i++) w[i]! /= total;
  return { y, weights: w };
}

/** The law of h(z), z ~ N(0, 1), by the K-point Gauss-Hermite rule (exact for polynomial h-moments). */
function hermiteLaw(h: (z: number) => number, K = 150): LabelLaw {
  const { nodes, weights } = gaussHermite(K);
  return { y: nodes.map((t) => h(t)), weights: Float64Array.from(weights) };
}

/** Gamma(p / 2) for a positive integer p. */
function gammaHalf(p: number): number {
  let g = p % 2 === 0 ? 1 : Math.sqrt(Math.PI); // Gamma(1) or Gamma(1/2)
  for (let k = p % 2 === 0 ? 1 : 0.5; k < p / 2 - 1e-12; k += 1) g *= k;
  return g;
}

/** Density of chi^2_p / p at y > 0. */
function scaledChiSquareDensity(p: number): (y: number) => number {
  const c = p / (Math.pow(2, p / 2) * gammaHalf(p));
  return (y) => {
    const t = p * y;
    return c * Math.pow(t, p / 2 - 1) * Math.exp(-t / 2);
  };
}

/** Density of z1 z2 (independent standard normals): K0(|y|) / pi. */
function productDensity(y: number): number {
  return besselK0(Math.abs(y)) / Math.PI;
}

// ---------------------------------------------------------------- helpers

function zero(a: Float64Array): void {
  a.fill(0);
}

function diagonal(second: Float64Array, p: number, value: number): void {
  second.fill(0);
  for (let a = 0; a < p; a++) second[a * p + a] = value;
}

function checkP(p: number, name: string, max = 4): void {
  if (!Number.isInteger(p) || p < 1 || p > max) throw new InvalidArgumentError(`${name}: p must be an integer in [1, ${max}], got ${p}`);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT2 = Math.SQRT1_2;

// ---------------------------------------------------------------- p = 1

/** y = z^2 (real phase retrieval). E[z^2 | y] = y, E[z | y] = 0; alpha_c = 1/2. */
export function squareLink(): IndexLink {
  return {
    name: "z^2",
    p: 1,
    g: (z) => z[0]! * z[0]!,
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      second[0] = y;
      first[0] = 0;
    },
    labelLaw: cachedLaw("chi2/1", () => logScaleLaw(scaledChiSquareDensity(1), -80, Math.log(60), 120, false)),
  };
}

/** y = |z|: an invertible function of z^2, so E[z^2 | y] = y^2 and alpha_c = 1/2. */
export function absLink(): IndexLink {
  return {
    name: "|z|",
    p: 1,
    g: (z) => Math.abs(z[0]!),
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      second[0] = y * y;
      first[0] = 0;
    },
    labelLaw: cachedLaw("abs", () => {
      const law = squareLink().labelLaw!();
      return { y: law.y.map(Math.sqrt), weights: law.weights };
    }),
  };
}

/**
 * y = max(z, 0). y > 0 reveals z = y; y = 0 (probability 1/2) means z < 0, with E[z | y = 0] =
 * -sqrt(2/pi) and E[z^2 | y = 0] = 1. E[z | y] != 0: the direction is trivially learnable (alpha_c = 0).
 */
export function reluLink(): IndexLink {
  return {
    name: "relu(z)",
    p: 1,
    g: (z) => Math.max(z[0]!, 0),
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      if (y > 0) {
        second[0] = y * y;
        first[0] = y;
      } else {
        second[0] = 1;
        first[0] = -SQRT_2_OVER_PI;
      }
    },
    labelLaw: cachedLaw("relu", () => hermiteLaw((z) => Math.max(z, 0))),
  };
}

/** y = sign(z) in {-1, 1}: E[z | y] = y sqrt(2/pi), E[z^2 | y] = 1; trivially learnable. */
export function signLink(): IndexLink {
  return {
    name: "sign(z)",
    p: 1,
    g: (z) => (z[0]! >= 0 ? 1 : -1),
    noiseVariance: 0,
    labels: "discrete",
    moments: (y, second, first) => {
      second[0] = 1;
      first[0] = Math.sign(y) * SQRT_2_OVER_PI;
    },
    labelLaw: () => ({ y: Float64Array.of(-1, 1), weights: Float64Array.of(0.5, 0.5) }),
  };
}

/** y = z (the linear link): the posterior is a point mass, E[z | y] = y. Trivially learnable. */
export function linearLink(): IndexLink {
  return {
    name: "z",
    p: 1,
    g: (z) => z[0]!,
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      second[0] = y * y;
      first[0] = y;
    },
    labelLaw: cachedLaw("linear", () => hermiteLaw((z) => z)),
  };
}

// ---------------------------------------------------------------- p = 2, 3

/**
 * y = z1 z2. E[z z^T | y] = [[a, y], [y, a]] with a(y) = |y| K1(|y|) / K0(|y|), E[z | y] = 0; y has
 * density K0(|y|) / pi. Jointly diagonal in u = (1, +-1)/sqrt 2: lambda_+- = a - 1 +- y; alpha_c = 0.59375.
 */
export function productLink(): IndexLink {
  return {
    name: "z1 z2",
    p: 2,
    g: (z) => z[0]! * z[1]!,
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      const a = besselRatioA(y);
      second[0] = a;
      second[1] = y;
      second[2] = y;
      second[3] = a;
      zero(first);
    },
    labelLaw: cachedLaw("product", () => logScaleLaw(productDensity, -45, Math.log(48), 120, true)),
    basis: Float64Array.of(INV_SQRT2, INV_SQRT2, INV_SQRT2, -INV_SQRT2),
  };
}

/**
 * y = z1^2 - z2^2 = 2 u v with u, v = (z1 +- z2)/sqrt 2: the z1 z2 link rotated by 45 degrees and
 * scaled, E[z z^T | y] = diag(a(y/2) + y/2, a(y/2) - y/2); y has density K0(|y|/2) / (2 pi).
 */
export function squareDifferenceLink(): IndexLink {
  return {
    name: "z1^2 - z2^2",
    p: 2,
    g: (z) => z[0]! * z[0]! - z[1]! * z[1]!,
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      const a = besselRatioA(y / 2);
      second[0] = a + y / 2;
      second[1] = 0;
      second[2] = 0;
      second[3] = a - y / 2;
      zero(first);
    },
    labelLaw: cachedLaw("square-difference", () => {
      const law = productLink().labelLaw!();
      return { y: law.y.map((s) => 2 * s), weights: law.weights };
    }),
  };
}

/** y = |z1 z2|: E[z z^T | y] = a(y) I_2 (the sign of z1 z2 is lost); density 2 K0(y) / pi on y > 0. */
export function absProductLink(): IndexLink {
  return {
    name: "|z1 z2|",
    p: 2,
    g: (z) => Math.abs(z[0]! * z[1]!),
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      diagonal(second, 2, besselRatioA(y));
      zero(first);
    },
    labelLaw: cachedLaw("abs-product", () => logScaleLaw((y) => 2 * productDensity(y), -45, Math.log(48), 120, false)),
  };
}

/** y = sign(z1 z2): E[z z^T | y] = [[1, 2y/pi], [2y/pi, 1]]; alpha_c = pi^2 / 4. */
export function signProductLink(): IndexLink {
  return {
    name: "sign(z1 z2)",
    p: 2,
    g: (z) => (z[0]! * z[1]! >= 0 ? 1 : -1),
    noiseVariance: 0,
    labels: "discrete",
    moments: (y, second, first) => {
      const c = (2 * Math.sign(y)) / Math.PI;
      second[0] = 1;
      second[1] = c;
      second[2] = c;
      second[3] = 1;
      zero(first);
    },
    labelLaw: () => ({ y: Float64Array.of(-1, 1), weights: Float64Array.of(0.5, 0.5) }),
    basis: Float64Array.of(INV_SQRT2, INV_SQRT2, INV_SQRT2, -INV_SQRT2),
  };
}

/** y = ||z||^2 / p: E[z z^T | y] = y I_p; y ~ chi^2_p / p; alpha_c = p / 2, all p^2 F-eigenvalues 2/p. */
export function normLink(p: number): IndexLink {
  checkP(p, "normLink");
  return {
    name: `||z||^2/${p}`,
    p,
    g: (z) => {
      let s = 0;
      for (let a = 0; a < p; a++) s += z[a]! * z[a]!;
      return s / p;
    },
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      diagonal(second, p, y);
      zero(first);
    },
    labelLaw: cachedLaw(`chi2/${p}`, () => logScaleLaw(scaledChiSquareDensity(p), -160 / p, Math.log(60), 120, false)),
  };
}

/**
 * For y = z1 z2 z3: the density of y and the numerator of E[z1^2 | y], both as integrals over
 * t = |z1| = e^r: Z(y) = (2/pi) int K0(|y| e^{-r}) phi(e^r) dr and N(y) = (2/pi) int e^{2r} (same);
 * a3 = N / Z (reference section 8). The integrand vanishes for |y| e^{-r} > 46 (K0 < 1e-21) and for
 * e^r > 9.5 (phi < 1e-19), so r runs over [ln|y| - ln 46, ln 9.5] in panels of width 1/2.
 */
function tripleProductIntegrals(y: number): [number, number] {
  const ay = Math.abs(y);
  if (ay === 0) return [Infinity, 0];
  const rMax = Math.log(9.5);
  const rMin = Math.min(rMax - 1, Math.log(ay / 46));
  const panels = Math.max(4, Math.ceil((rMax - rMin) / 0.5));
  const { nodes, weights } = gaussLegendre(10);
  const h = (rMax - rMin) / panels;
  let Z = 0;
  let N = 0;
  for (let q = 0; q < panels; q++) {
    const mid = rMin + (q + 0.5) * h;
    for (let i = 0; i < 10; i++) {
      const r = mid + 0.5 * h * nodes[i]!;
      const t = Math.exp(r);
      const v = 0.5 * h * weights[i]! * besselK0(ay / t) * Math.exp(-0.5 * t * t);
      Z += v;
      N += v * t * t;
    }
  }
  const c = 2 / (Math.PI * Math.sqrt(2 * Math.PI));
  return [c * Z, c * N];
}

/**
 * y = z1 z2 z3: E[z z^T | y] = a3(y) I_3 with a3 = E[z1^2 | y] a one-dimensional integral against
 * K0 (reference section 8), E[z | y] = 0.
 */
export function tripleProductLink(): IndexLink {
  return {
    name: "z1 z2 z3",
    p: 3,
    g: (z) => z[0]! * z[1]! * z[2]!,
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      if (y === 0) diagonal(second, 3, 0);
      else {
        const [Z, N] = tripleProductIntegrals(y);
        diagonal(second, 3, N / Z);
      }
      zero(first);
    },
    labelLaw: cachedLaw("triple-product", () => logScaleLaw((y) => tripleProductIntegrals(y)[0], -40, Math.log(60), 100, true)),
  };
}

/**
 * y = z1 / z2 (Cauchy labels): E[z z^T | y] = 2 v v^T / (1 + y^2) with v = (y, 1), a rank-one
 * matrix, so G(y) = E[z z^T | y] - I is a reflection (eigenvalues +-1) and T(y) = I - E[zz^T|y]^{-1}
 * does not exist; alpha_c = 1.
 */
export function ratioLink(): IndexLink {
  return {
    name: "z1 / z2",
    p: 2,
    g: (z) => z[0]! / z[1]!,
    noiseVariance: 0,
    labels: "continuous",
    moments: (y, second, first) => {
      const c = 2 / (1 + y * y);
      second[0] = c * y * y;
      second[1] = c * y;
      second[2] = c * y;
      second[3] = c;
      zero(first);
    },
    // y = tan(theta), theta uniform on (-pi/2, pi/2): Gauss-Legendre in theta
    labelLaw: cachedLaw("ratio", () => {
      const { nodes, weights } = gaussLegendre(400);
      return { y: nodes.map((u) => Math.tan((Math.PI / 2) * u)), weights: weights.map((w) => w / 2) };
    }),
  };
}

/** y = sign(z1 z2 z3), the sparse parity: E[z z^T | y] = I, G = 0, alpha_c = infinity. */
export function signTripleProductLink(): IndexLink {
  return {
    name: "sign(z1 z2 z3)",
    p: 3,
    g: (z) => (z[0]! * z[1]! * z[2]! >= 0 ? 1 : -1),
    noiseVariance: 0,
    labels: "discrete",
    moments: (_y, second, first) => {
      diagonal(second, 3, 1);
      zero(first);
    },
    labelLaw: () => ({ y: Float64Array.of(-1, 1), weights: Float64Array.of(0.5, 0.5) }),
  };
}

/**
 * y = z1 + z1 z2 (a "staircase"): no closed form; E[z | y] != 0 in both coordinates, so the whole
 * of R^2 is trivially learnable (alpha_c = 0). Its denoiser is computed by quadrature.
 */
export function staircaseLink(): IndexLink {
  return {
    name: "z1 + z1 z2",
    p: 2,
    g: (z) => z[0]! + z[0]! * z[1]!,
    noiseVariance: 0,
    labels: "continuous",
  };
}

// ---------------------------------------------------------------- stochastic channels

/**
 * The Poisson channel y ~ Poi(lambda z^2) (Maillard et al. 2022's photon-limited phase retrieval):
 * E[z^2 | y = k] = (2k + 1) / (2 lambda + 1), E[z | y] = 0, and P(y = k) = lambda^k (2k - 1)!! /
 * (k! (1 + 2 lambda)^{k + 1/2}) (from E[z^{2k} e^{-lambda z^2}] = (2k - 1)!! (1 + 2 lambda)^{-k - 1/2}).
 */
export function poissonLink(lambda: number): IndexLink {
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new InvalidArgumentError(`poissonLink: lambda must be a finite number > 0, got ${lambda}`);
  return {
    name: `Poisson(${lambda} z^2)`,
    p: 1,
    g: (z) => lambda * z[0]! * z[0]!,
    sample: (z, uniform) => {
      // inversion by sequential search (Devroye 1986, X.3.3), in log space for large means
      const mean = lambda * z[0]! * z[0]!;
      const u = uniform();
      let k = 0;
      let logp = -mean;
      let cdf = Math.exp(logp);
      while (u > cdf && k < 100000) {
        k++;
        logp += Math.log(mean / k);
        cdf += Math.exp(logp);
      }
      return k;
    },
    noiseVariance: 0,
    labels: "discrete",
    moments: (y, second, first) => {
      second[0] = (2 * y + 1) / (2 * lambda + 1);
      first[0] = 0;
    },
    labelLaw: cachedLaw(`poisson/${lambda}`, () => {
      const ys: number[] = [];
      const ws: number[] = [];
      // log P(k) = k log lambda + log (2k-1)!! - log k! - (k + 1/2) log(1 + 2 lambda)
      let logp = -0.5 * Math.log(1 + 2 * lambda);
      let total = 0;
      for (let k = 0; k < 100000; k++) {
        if (k > 0) logp += Math.log(lambda) + Math.log(2 * k - 1) - Math.log(k) - Math.log(1 + 2 * lambda);
        const pk = Math.exp(logp);
        ys.push(k);
        ws.push(pk);
        total += pk;
        if (k > 2 * lambda && pk < 1e-17 * total) break;
      }
      return { y: Float64Array.from(ys), weights: Float64Array.from(ws, (w) => w / total) };
    }),
  };
}

// ---------------------------------------------------------------- combinators

/**
 * The link with additive Gaussian label noise of variance `variance`: y = g(z) + sqrt(variance) xi.
 * The noisy posterior has no closed form here, so the denoiser integrates numerically (with the
 * link's own noise as the likelihood width).
 */
export function noisyLink(link: IndexLink, variance: number): IndexLink {
  if (!(variance > 0) || !Number.isFinite(variance)) throw new InvalidArgumentError(`noisyLink: the noise variance must be a finite number > 0, got ${variance}`);
  if (link.sample) throw new InvalidArgumentError(`noisyLink: '${link.name}' is a stochastic channel; add its noise in its own sample function`);
  const total = link.noiseVariance + variance;
  return {
    name: `${link.name} + N(0, ${total})`,
    p: link.p,
    g: link.g,
    noiseVariance: total,
    labels: "continuous",
    ...(link.basis ? { basis: link.basis } : {}),
  };
}

export interface LinkDefinition {
  name?: string;
  p: number;
  g: (z: Float64Array) => number;
  /** A stochastic channel y ~ P(. | z) (see IndexLink.sample); its labels must be discrete unless `moments` is given. */
  sample?: (z: Float64Array, uniform: () => number) => number;
  noiseVariance?: number;
  labels?: LabelKind;
  moments?: (y: number, second: Float64Array, first: Float64Array) => void;
  labelLaw?: () => LabelLaw;
  basis?: ArrayLike<number>;
}

/**
 * A user link. Without `moments` the denoiser integrates numerically: Gaussian-weighted quadrature
 * for continuous labels, Monte Carlo per label value for discrete ones (which `g` must return
 * exactly, e.g. small integers). `labelLaw` is required with `moments` for the population constants.
 */
export function defineLink(def: LinkDefinition): IndexLink {
  if (def === null || typeof def !== "object") throw new InvalidArgumentError("defineLink: expected a definition object");
  checkP(def.p, "defineLink", 6);
  if (typeof def.g !== "function") throw new InvalidArgumentError("defineLink: g must be a function of z (a Float64Array of p entries)");
  const noise = def.noiseVariance ?? 0;
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new InvalidArgumentError(`defineLink: noiseVariance must be finite and >= 0, got ${noise}`);
  const labels = def.labels ?? "continuous";
  if (labels !== "continuous" && labels !== "discrete") throw new InvalidArgumentError(`defineLink: labels must be 'continuous' or 'discrete', got '${labels}'`);
  if (labels === "discrete" && noise > 0) throw new InvalidArgumentError("defineLink: discrete labels cannot carry Gaussian noise (use labels: 'continuous')");
  if (def.moments !== undefined && typeof def.moments !== "function") throw new InvalidArgumentError("defineLink: moments must be a function");
  if (def.moments && noise > 0) throw new InvalidArgumentError("defineLink: closed-form moments must already include the noise; pass noiseVariance 0");
  if (def.sample !== undefined && typeof def.sample !== "function") throw new InvalidArgumentError("defineLink: sample must be a function (z, uniform) => y");
  if (def.sample && noise > 0) throw new InvalidArgumentError("defineLink: a stochastic channel carries its own noise; pass noiseVariance 0");
  let basis: Float64Array | undefined;
  if (def.basis !== undefined) {
    basis = Float64Array.from(def.basis);
    if (basis.length !== def.p * def.p) throw new InvalidArgumentError(`defineLink: basis must hold p^2 = ${def.p * def.p} entries, got ${basis.length}`);
  }
  return {
    name: def.name ?? "user link",
    p: def.p,
    g: def.g,
    ...(def.sample ? { sample: def.sample } : {}),
    noiseVariance: noise,
    labels,
    ...(def.moments ? { moments: def.moments } : {}),
    ...(def.labelLaw ? { labelLaw: def.labelLaw } : {}),
    ...(basis ? { basis } : {}),
  };
}

/** The library, by short name. */
export const links = {
  square: squareLink,
  abs: absLink,
  relu: reluLink,
  sign: signLink,
  linear: linearLink,
  product: productLink,
  squareDifference: squareDifferenceLink,
  absProduct: absProductLink,
  signProduct: signProductLink,
  norm: normLink,
  tripleProduct: tripleProductLink,
  ratio: ratioLink,
  signTripleProduct: signTripleProductLink,
  staircase: staircaseLink,
  poisson: poissonLink,
  noisy: noisyLink,
  define: defineLink,
} as const;

/**
 * The library's fixed links by the text a user types (CLI flags, sweep parameters): each link's own
 * `name` compared without spaces and '*' ("z1*z2", "z1 z2" and "z1z2" are one link). Parametric
 * links (norm, poisson, noisy, define) take arguments and have no alias.
 */
const LINK_ALIASES: Record<string, () => IndexLink> = {
  "z^2": squareLink, "|z|": absLink, "relu(z)": reluLink, "sign(z)": signLink,
  "z1z2": productLink, "z1^2-z2^2": squareDifferenceLink, "|z1z2|": absProductLink,
  "sign(z1z2)": signProductLink, "z1z2z3": tripleProductLink, "z1/z2": ratioLink,
  "sign(z1z2z3)": signTripleProductLink, "z1+z1z2": staircaseLink,
};

/** The alias key of a link text: without spaces and '*'. */
export function linkAliasKey(text: string): string {
  return text.replace(/[\s*]/g, "");
}

/** The aliases `linkByName` knows, in their canonical spelling (e.g. "sign(z1z2)"). */
export function linkAliases(): string[] {
  return Object.keys(LINK_ALIASES);
}

/** The link named by `text` ("z1*z2", "z1 z2", "sign(z1*z2)", "z^2"...). */
export function linkByName(text: string): IndexLink {
  if (typeof text !== "string") throw new InvalidArgumentError(`linkByName: the link name must be a string, got ${text}`);
  const make = LINK_ALIASES[linkAliasKey(text)];
  if (!make) throw new InvalidArgumentError(`unknown link '${text}'; known links: ${linkAliases().join(", ")}`);
  return make();
}
