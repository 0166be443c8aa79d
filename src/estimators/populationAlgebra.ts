/**
 * The small dense algebra of the population constants (./population.ts): F = E_y[G(y) (x) G(y)] on
 * row-major vec(M), the denoiser at a label, symmetrisation, p x p products, and eigenbases by
 * Jacobi (p^2 <= 16: no kernel call is worth it).
 */
import { jacobiEigh } from "../numerics/jacobi.js";
import { Matrix } from "../matrix.js";
import type { DenoiserLaw } from "./denoiser.js";

/** Orthonormal eigenvectors (columns of a p x r Matrix) of the symmetric S whose eigenvalues pass `keep`. */
export function eigenBasis(S: Float64Array, p: number, keep: (value: number) => boolean): Matrix {
  const { values, vectors: { data: vectors } } = jacobiEigh(S, p);
  const cols: number[] = [];
  for (let j = p - 1; j >= 0; j--) if (keep(values[j]!)) cols.push(j);
  const out = new Matrix(p, cols.length);
  cols.forEach((j, c) => {
    for (let a = 0; a < p; a++) out.data[a * cols.length + c] = vectors[a * p + j]!;
  });
  return out;
}

export function isPsd(M: Float64Array, p: number, tol: number): boolean {
  const { values } = jacobiEigh(M, p);
  return values[0]! >= -tol * Math.max(1e-300, Math.abs(values[p - 1]!));
}

/** F = E_y[G(y) (x) G(y)] on row-major vec(M) (p^2 x p^2), symmetrised. */
export function assembleF(law: DenoiserLaw, p: number): Float64Array {
  const pp = p * p;
  const F = new Float64Array(pp * pp);
  const g = new Float64Array(pp);
  for (let j = 0; j < law.weights.length; j++) {
    const w = law.weights[j]!;
    denoiserAt(law, j, p, g);
    addKronecker(F, g, w, p);
  }
  symmetriseInPlace(F, pp);
  return F;
}

/** F[(a b), (c d)] += w G_ac G_bd: the Kronecker product G (x) G of a p x p G, weighted, on row-major vec(M). */
export function addKronecker(F: Float64Array, g: Float64Array, w: number, p: number): void {
  const pp = p * p;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    const row = (a * p + b) * pp;
    for (let c = 0; c < p; c++) {
      const gac = w * g[a * p + c]!;
      if (gac === 0) continue;
      for (let d = 0; d < p; d++) F[row + c * p + d]! += gac * g[b * p + d]!;
    }
  }
}

/** M := (M + M^T) / 2 for an n x n row-major M (exact symmetry after rounding). */
export function symmetriseInPlace(M: Float64Array, n: number): void {
  for (let r = 0; r < n; r++) for (let c = r + 1; c < n; c++) {
    const v = 0.5 * (M[r * n + c]! + M[c * n + r]!);
    M[r * n + c] = v;
    M[c * n + r] = v;
  }
}

export function symmetrised(M: Float64Array, p: number): Float64Array {
  const S = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) S[a * p + b] = 0.5 * (M[a * p + b]! + M[b * p + a]!);
  return S;
}

/** g := G(y_j) = E[z z^T | y_j] - I_p, the denoiser at the law's j-th label. */
export function denoiserAt(law: DenoiserLaw, j: number, p: number, g: Float64Array): void {
  const pp = p * p;
  for (let a = 0; a < pp; a++) g[a] = law.second[j * pp + a]!;
  for (let a = 0; a < p; a++) g[a * p + a]! -= 1;
}

export function mul(A: Float64Array, B: Float64Array, C: Float64Array, p: number): void {
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
    let s = 0;
    for (let c = 0; c < p; c++) s += A[a * p + c]! * B[c * p + b]!;
    C[a * p + b] = s;
  }
}
