/**
 * Label laws as quadrature rules (log-scale Gauss-Legendre for densities with a singularity at
 * y = 0, Gauss-Hermite for functions of one Gaussian) and the small helpers the library links share.
 */
import { InvalidArgumentError } from "../errors.js";
import { gaussHermite } from "../numerics/gaussHermite.js";
import { gaussLegendre } from "../numerics/gaussLegendre.js";
import { besselK0 } from "./bessel.js";
import type { LabelLaw } from "./linkTypes.js";

// ---------------------------------------------------------------- label laws

const lawCache = new Map<string, LabelLaw>();

export function cachedLaw(key: string, build: () => LabelLaw): () => LabelLaw {
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
export function logScaleLaw(density: (y: number) => number, sMin: number, sMax: number, panels: number, symmetric: boolean): LabelLaw {
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
export function hermiteLaw(h: (z: number) => number, K = 150): LabelLaw {
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
export function scaledChiSquareDensity(p: number): (y: number) => number {
  const c = p / (Math.pow(2, p / 2) * gammaHalf(p));
  return (y) => {
    const t = p * y;
    return c * Math.pow(t, p / 2 - 1) * Math.exp(-t / 2);
  };
}

/** Density of z1 z2 (independent standard normals): K0(|y|) / pi. */
export function productDensity(y: number): number {
  return besselK0(Math.abs(y)) / Math.PI;
}

// ---------------------------------------------------------------- helpers

export function zero(a: Float64Array): void {
  a.fill(0);
}

export function diagonal(second: Float64Array, p: number, value: number): void {
  second.fill(0);
  for (let a = 0; a < p; a++) second[a * p + a] = value;
}

export function checkP(p: number, name: string, max = 4): void {
  if (!Number.isInteger(p) || p < 1 || p > max) throw new InvalidArgumentError(`${name}: p must be an integer in [1, ${max}], got ${p}`);
}

export const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
export const INV_SQRT2 = Math.SQRT1_2;
