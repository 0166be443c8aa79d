/** The single-index (p = 1) library links with closed-form posterior moments (reference spectral-estimators.md, section 5.2). */
import { InvalidArgumentError } from "../errors.js";
import type { IndexLink } from "./linkTypes.js";
import { cachedLaw, hermiteLaw, logScaleLaw, scaledChiSquareDensity, SQRT_2_OVER_PI } from "./labelLaws.js";

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

// ---------------------------------------------------------------- Hermite targets

/** He_l(z), the probabilists' Hermite polynomial (degree l in 0..64), by He_{j+1} = z He_j - j He_{j-1}. */
export function hermitePolynomial(l: number, z: number): number {
  if (!Number.isInteger(l) || l < 0 || l > 64) throw new InvalidArgumentError(`hermitePolynomial: the degree must be an integer in 0..64, got ${String(l)}`);
  if (typeof z !== "number" || Number.isNaN(z)) throw new InvalidArgumentError(`hermitePolynomial: z must be a number, got ${String(z)}`);
  return hermiteValue(l, z);
}

function hermiteValue(l: number, z: number): number {
  let prev = 1;
  if (l === 0) return prev;
  let cur = z;
  for (let j = 1; j < l; j++) {
    const next = z * cur - j * prev;
    prev = cur;
    cur = next;
  }
  return cur;
}

/**
 * y = He_l(z) / sqrt(l!) (default, unit variance) or the raw He_l(z) (`normalized: false`, e.g.
 * He_3 = z^3 - 3 z): the single-index target of information exponent l (Ben Arous, Gheissari and
 * Jagannath 2021), the first Hermite coefficient of g that is nonzero being the l-th. No closed
 * form of the posterior moments (so no `moments` and no `labelLaw`): the denoisers integrate
 * numerically. l is an integer in 1..8.
 */
export function hermiteLink(l: number, options: { normalized?: boolean } = {}): IndexLink {
  if (!Number.isInteger(l) || l < 1 || l > 8) throw new InvalidArgumentError(`hermiteLink: the degree l must be an integer in 1..8, got ${l}`);
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("hermiteLink: options must be an object { normalized? }");
  const normalized = options.normalized ?? true;
  if (typeof normalized !== "boolean") throw new InvalidArgumentError(`hermiteLink: normalized must be a boolean, got ${normalized}`);
  let factorial = 1;
  for (let j = 2; j <= l; j++) factorial *= j;
  const c = normalized ? 1 / Math.sqrt(factorial) : 1;
  const h = (z: number): number => c * hermiteValue(l, z);
  return {
    name: normalized ? `He${l}(z)/sqrt(${l}!)` : `He${l}(z)`,
    p: 1,
    g: (z) => h(z[0]!),
    noiseVariance: 0,
    labels: "continuous",
  };
}
