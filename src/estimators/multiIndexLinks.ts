/** The multi-index (p = 2, 3) library links and their posterior moments (reference spectral-estimators.md, sections 5.2 and 8). */
import { gaussLegendre } from "../numerics/gaussLegendre.js";
import { besselK0, besselRatioA } from "./bessel.js";
import type { IndexLink } from "./linkTypes.js";
import { cachedLaw, checkP, diagonal, INV_SQRT2, logScaleLaw, productDensity, scaledChiSquareDensity, zero } from "./labelLaws.js";

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
