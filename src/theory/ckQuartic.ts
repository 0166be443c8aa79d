/**
 * The conjugate-kernel bulk from the Pennington-Worah quartic: the options and the g_n, g_p record,
 * the quartic's coefficients, all its roots by Aberth-Ehrlich (Aberth 1973) and the continuation
 * from far above the axis that follows the physical root (model, variables and the quartic in
 * conjugateKernel.ts's comment; reference spiked-features.md section 4).
 */
import { InvalidArgumentError } from "../errors.js";
import * as C from "./complex.js";
import type { Complex } from "./complex.js";
import { checkPoint } from "./law.js";

export interface ConjugateKernelOptions {
  /** Samples n, features p, input dimension d (only n/d and p/n enter). */
  n: number;
  p: number;
  d: number;
  /** mu1 of sigma (E[z sigma(z)]). */
  mu1: number;
  /** mu*^2 = E sigma^2 - mu0^2 - mu1^2 of sigma. */
  muStar2: number;
}

export interface CkPoint {
  /** g_n(z). */
  gn: Complex;
  /** g_p(z). */
  gp: Complex;
}

export interface Params {
  rd: number;
  psi: number;
  a1: number;
  s: number;
  n: number;
  p: number;
  d: number;
}

export function params(o: ConjugateKernelOptions): Params {
  if (o === null || typeof o !== "object") throw new InvalidArgumentError("conjugate-kernel functions need { n, p, d, mu1, muStar2 }");
  for (const key of ["n", "p", "d"] as const) {
    const v = o[key];
    if (!Number.isInteger(v) || v < 1) throw new InvalidArgumentError(`${key} must be a positive integer, got ${v}`);
  }
  if (typeof o.mu1 !== "number" || !Number.isFinite(o.mu1)) throw new InvalidArgumentError(`mu1 must be a finite number, got ${o.mu1}`);
  if (typeof o.muStar2 !== "number" || !Number.isFinite(o.muStar2) || o.muStar2 < 0) {
    throw new InvalidArgumentError(`muStar2 must be a finite number >= 0, got ${o.muStar2}`);
  }
  const a1 = o.mu1 * o.mu1;
  if (a1 === 0 && o.muStar2 === 0) throw new InvalidArgumentError("mu1 = muStar2 = 0: the features are constant and the bulk is a point mass at 0");
  return { rd: o.n / o.d, psi: o.p / o.n, a1, s: o.muStar2, n: o.n, p: o.p, d: o.d };
}

/** Coefficients c0..c4 of the quartic in g at z (see the file comment). */
export function quarticCoefficients(P: Params, z: Complex): Complex[] {
  const { rd, a1, s } = P;
  const al = 1 - P.psi;
  const z2 = C.mul(z, z);
  const c4 = C.scale(z2, rd * a1 * s);
  const c3 = C.add(C.scale(z, 2 * rd * a1 * s * al), C.scale(z2, rd * a1));
  const c2 = C.addReal(C.scale(z, rd * a1 * (1 + al) - (a1 + s)), rd * a1 * s * al * al);
  const c1 = C.addReal(C.neg(z), rd * a1 * al - (a1 + s) * al);
  return [C.of(-1), c1, c2, c3, c4];
}

/** All roots of sum_k c_k g^k (trailing zero leading coefficients dropped), by Aberth-Ehrlich. */
export function polynomialRoots(coefficients: readonly Complex[]): Complex[] {
  if (!Array.isArray(coefficients)) {
    throw new InvalidArgumentError(`polynomialRoots: coefficients must be an array of complex values { re, im }, got ${coefficients === null ? "null" : typeof coefficients}`);
  }
  coefficients.forEach((c: unknown, k) => {
    const v = c as Complex | null;
    if (v === null || typeof v !== "object" || typeof v.re !== "number" || typeof v.im !== "number") {
      throw new InvalidArgumentError(`polynomialRoots: coefficient ${k} must be a complex value { re, im } of numbers`);
    }
  });
  let deg = coefficients.length - 1;
  const scaleAll = Math.max(...coefficients.map(C.abs));
  while (deg > 0 && C.abs(coefficients[deg]!) <= 1e-15 * scaleAll) deg--;
  if (deg < 1) return [];
  const lead = coefficients[deg]!;
  const a = coefficients.slice(0, deg + 1).map((c) => C.div(c, lead)); // monic
  // Cauchy bound for the initial circle
  let radius = 0;
  for (let k = 0; k < deg; k++) radius = Math.max(radius, Math.pow(C.abs(a[k]!), 1 / (deg - k)));
  radius = Math.max(radius, 1e-300);
  const roots: Complex[] = [];
  for (let k = 0; k < deg; k++) {
    const t = (2 * Math.PI * k) / deg + 0.4;
    roots.push(C.of(radius * Math.cos(t), radius * Math.sin(t)));
  }
  const evalP = (x: Complex): [Complex, Complex] => {
    let p = a[deg]!;
    let dp = C.ZERO;
    for (let k = deg - 1; k >= 0; k--) {
      dp = C.add(C.mul(dp, x), p);
      p = C.add(C.mul(p, x), a[k]!);
    }
    return [p, dp];
  };
  for (let it = 0; it < 500; it++) {
    let moved = 0;
    for (let i = 0; i < deg; i++) {
      const [p, dp] = evalP(roots[i]!);
      if (C.abs(p) === 0) continue;
      const ratio = C.div(p, dp);
      let sum = C.ZERO;
      for (let j = 0; j < deg; j++) if (j !== i) sum = C.add(sum, C.inv(C.sub(roots[i]!, roots[j]!)));
      const step = C.div(ratio, C.sub(C.ONE, C.mul(ratio, sum)));
      if (!C.isFiniteComplex(step)) continue;
      roots[i] = C.sub(roots[i]!, step);
      moved = Math.max(moved, C.abs(step) / Math.max(C.abs(roots[i]!), 1e-300));
    }
    if (moved < 1e-15) break;
  }
  return roots;
}

export function nearest(roots: Complex[], target: Complex, preferUpper: boolean): Complex {
  let best = roots[0]!;
  let bestD = Infinity;
  for (const r of roots) {
    if (preferUpper && r.im < -1e-12 * (1 + C.abs(r))) continue;
    const dd = C.dist(r, target);
    if (dd < bestD) {
      bestD = dd;
      best = r;
    }
  }
  if (bestD === Infinity) return nearest(roots, target, false);
  return best;
}

export function fromGn(P: Params, z: Complex, gn: Complex): CkPoint {
  const ratio = P.n / P.p;
  const gp = C.sub(C.scale(gn, ratio), C.scale(C.inv(z), 1 - ratio));
  return { gn, gp };
}

/**
 * g_n and g_p of the CK bulk at z from the quartic (see the file comment), Im z >= 0 (a real z is
 * z + i0; the path ends on the axis), Im z < 0 by conjugation. ~40 continuation steps of Aberth on
 * a quartic. Throws InvalidArgumentError for bad parameters or z.
 */
export function ckStieltjes(z: number | Complex, options: ConjugateKernelOptions): CkPoint {
  const P = params(options);
  const w = checkPoint(z);
  if (w.im < 0) {
    const r = ckStieltjes(C.conj(w), options);
    return { gn: C.conj(r.gn), gp: C.conj(r.gp) };
  }
  if (w.re === 0 && w.im === 0) throw new InvalidArgumentError("z = 0 is singular for the CK transform");
  const scale = 1 + Math.abs(w.re) + (P.a1 + P.s) * (1 + P.psi) * (1 + 1 / P.rd) * 4;
  const top = Math.max(w.im, 10 * scale);
  let zc = C.of(w.re, top);
  let g = nearest(polynomialRoots(quarticCoefficients(P, zc)), C.neg(C.inv(zc)), true);
  const steps = 48;
  const floor = Math.max(w.im, 1e-14 * scale);
  for (let i = 1; i <= steps; i++) {
    const im = top * Math.pow(floor / top, i / steps);
    zc = C.of(w.re, i === steps ? w.im : im);
    g = nearest(polynomialRoots(quarticCoefficients(P, zc)), g, zc.im > 0);
  }
  if (w.im === 0 && Math.abs(g.im) < 1e-9 * (1 + C.abs(g))) g = C.of(g.re, Math.max(0, g.im));
  return fromGn(P, w, g);
}

