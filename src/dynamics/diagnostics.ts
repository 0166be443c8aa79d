/**
 * The trainer's diagnostics, computed from the order parameters alone (all p x p, p x k or k x k):
 * M = W W*^T / d, Q = W W^T / d, T = W* W*^T / d, and for the spectrum of W - W0 also
 * C = W W0^T / d, Q0 = W0 W0^T / d, M0 = W0 W*^T / d.
 *
 * - Fraction of neuron i inside span(W*): |P w_i|^2 / |w_i|^2 = (M T^-1 M^T)_ii / Q_ii.
 * - Normalized overlap of direction r: max_i |M_ir| / sqrt(Q_ii T_rr), the largest cosine between a
 *   neuron and w*_r. Without signal (W independent of W*) each cosine is about N(0, 1/d), so the
 *   maximum over p neurons sits near sqrt(2 ln(2 p) / d) (`noSignalLevel`).
 * - Singular values of W / sqrt(d): the square roots of the eigenvalues of Q (eigh, p small). At
 *   initialization (rows uniform on the sphere of radius sqrt(d), or iid N(0, 1) entries) Q is a
 *   p x p Wishart-type matrix G G^T / d, G p x d Gaussian, whose spectrum tends to
 *   Marchenko-Pastur with ratio gamma = p / d (theory/marchenkoPastur.ts with X = G^T, n = d
 *   samples in dimension p): the bulk edge of the singular values is sqrt((1 + sqrt(p/d))^2) =
 *   1 + sqrt(p/d). A learned direction shows as a singular value above it.
 * - The right singular vector v_j = W^T u_j / (sqrt(d) s_j) (u_j the eigenvector of Q) has overlap
 *   <v_j, w*_r / |w*_r|> = (U^T M)_jr / (s_j sqrt(T_rr)) with the target direction r.
 * - W - W0 the same way, from dQ = Q - C - C^T + Q0 and dM = M - M0.
 */
import { choleskyFactor, choleskyInverse } from "../numerics/cholesky.js";
import { eigh } from "../linalg/eigh.js";
import { Matrix } from "../matrix.js";
import { marchenkoPasturEdges } from "../theory/marchenkoPastur.js";

/** One spectral snapshot of the first layer (see the file comment). */
export interface SpectrumSnapshot {
  step: number;
  /** Top singular values of W / sqrt(d), descending. */
  singular: Float64Array;
  /** Top singular values of (W - W0) / sqrt(d), descending. */
  singularDelta: Float64Array;
  /** The bulk edge 1 + sqrt(p/d) of the singular values of W0 / sqrt(d) (Marchenko-Pastur, gamma = p/d). */
  bulkEdge: number;
  /** |<v_j, w*_r>| / |w*_r| for the top right singular vectors v_j of W (top x k). */
  overlaps: Matrix;
  /** The same for W - W0. */
  overlapsDelta: Matrix;
}

/** The upper edge 1 + sqrt(p/d) of the singular values of W0 / sqrt(d) at initialization. */
export function initialBulkEdge(p: number, d: number): number {
  return Math.sqrt(marchenkoPasturEdges({ gamma: p / d }).upper);
}

/** sqrt(2 ln(2p) / d): the typical largest |cosine| of p random unit vectors with a fixed one in dimension d. */
export function noSignalLevel(p: number, d: number): number {
  return Math.sqrt((2 * Math.log(2 * p)) / d);
}

/** T^-1 for the k x k teacher Gram matrix (Cholesky); null when T is not positive definite. */
export function teacherGramInverse(T: Float64Array, k: number): Float64Array | null {
  const L = new Float64Array(k * k);
  if (choleskyFactor(T, k, L) >= 0) return null;
  const inv = new Float64Array(k * k);
  choleskyInverse(L, k, inv);
  return inv;
}

/** (M Tinv M^T)_ii / Q_ii for each neuron i (M p x k, Q p x p row-major). */
export function fractionInSpan(M: Float64Array, Q: Float64Array, Tinv: Float64Array, p: number, k: number): Float64Array {
  const out = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let r = 0; r < k; r++) {
      let t = 0;
      for (let q = 0; q < k; q++) t += Tinv[r * k + q]! * M[i * k + q]!;
      s += M[i * k + r]! * t;
    }
    const qi = Q[i * p + i]!;
    out[i] = qi > 0 ? s / qi : 0;
  }
  return out;
}

/** max_i |M_ir| / sqrt(Q_ii T_rr) for each direction r. */
export function directionOverlaps(M: Float64Array, Q: Float64Array, T: Float64Array, p: number, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    let best = 0;
    for (let i = 0; i < p; i++) {
      const qi = Q[i * p + i]!;
      if (!(qi > 0)) continue;
      best = Math.max(best, Math.abs(M[i * k + r]!) / Math.sqrt(qi * T[r * k + r]!));
    }
    out[r] = best;
  }
  return out;
}

/** Top singular values of a matrix A (p x d) / sqrt(d) from G = A A^T / d and N = A W*^T / d. */
function topSingular(G: Float64Array, N: Float64Array, T: Float64Array, p: number, k: number, top: number): { s: Float64Array; overlaps: Matrix } {
  const { values, vectors } = eigh(new Matrix(p, p, G), { check: false });
  const s = new Float64Array(top);
  const overlaps = new Matrix(top, k);
  for (let j = 0; j < top; j++) {
    const col = p - 1 - j; // eigenvalues ascending
    const sj = Math.sqrt(Math.max(values[col]!, 0));
    s[j] = sj;
    if (!(sj > 0)) continue;
    for (let r = 0; r < k; r++) {
      let t = 0;
      for (let i = 0; i < p; i++) t += vectors!.data[i * p + col]! * N[i * k + r]!;
      overlaps.data[j * k + r] = Math.abs(t) / (sj * Math.sqrt(T[r * k + r]!));
    }
  }
  return { s, overlaps };
}

/** The spectral snapshot at `step` (see the file comment); C = W W0^T / d is p x p, not symmetric. */
export function spectrumSnapshot(
  step: number, M: Float64Array, Q: Float64Array, C: Float64Array, M0: Float64Array, Q0: Float64Array, T: Float64Array,
  p: number, k: number, d: number, top: number,
): SpectrumSnapshot {
  const w = topSingular(Q, M, T, p, k, top);
  const dQ = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < p; j++) dQ[i * p + j] = Q[i * p + j]! - C[i * p + j]! - C[j * p + i]! + Q0[i * p + j]!;
  }
  const dM = M.map((v, i) => v - M0[i]!);
  const delta = topSingular(dQ, dM, T, p, k, top);
  return { step, singular: w.s, singularDelta: delta.s, bulkEdge: initialBulkEdge(p, d), overlaps: w.overlaps, overlapsDelta: delta.overlaps };
}
