/**
 * First-layer weights after one gradient step, built from a network's W0 (p x d, rows on the unit
 * sphere) and a unit direction v of the input space (Ba et al. 2022; Cui et al. 2024; reference
 * spiked-features.md sections 3-5):
 * - isotropicSpikedWeights: the maximal-step spiked random features W = W0_perp + theta abar v^T with
 *   the rows of W0 projected off v and put back on the unit sphere (Cui et al.'s isotropic sRF: the
 *   pre-activation <w_i, Pi x> + theta abar_i kappa, Pi = I - v v^T, i.e. "w_i perpendicular to v",
 *   the assumption of the deterministic equivalent, so that no small-step term W0 v comes on top);
 * - smallStepWeights: the small step W1 = W0 + beta u v^T, u = abar / |abar| (Ba et al.'s "spike in
 *   the conjugate kernel", src/theory/conjugateKernel.ts).
 * Cost O(p d); W0 is not modified.
 */
import { Matrix } from "../matrix.js";

/** W = (rows of W0 projected off v, back on the unit sphere) + theta abar v^T. */
export function isotropicSpikedWeights(W0: Matrix, v: ArrayLike<number>, theta: number, abar: ArrayLike<number>): Matrix {
  const p = W0.rows, d = W0.cols;
  const W = new Matrix(p, d, W0.data.slice());
  for (let i = 0; i < p; i++) {
    const row = W.data.subarray(i * d, (i + 1) * d);
    let dot = 0;
    for (let j = 0; j < d; j++) dot += row[j]! * v[j]!;
    let norm = 0;
    for (let j = 0; j < d; j++) {
      row[j]! -= dot * v[j]!;
      norm += row[j]! * row[j]!;
    }
    const scale = 1 / Math.sqrt(norm);
    const shift = theta * abar[i]!;
    for (let j = 0; j < d; j++) row[j] = row[j]! * scale + shift * v[j]!;
  }
  return W;
}

/**
 * W1 = W0 + beta u v^T with u = abar / sqrt(p), the unit vector of a +-1 second layer (|abar| = sqrt p),
 * and u as a p x 1 Matrix (the planted direction of the feature covariance's outlier).
 */
export function smallStepWeights(W0: Matrix, v: ArrayLike<number>, beta: number, abar: ArrayLike<number>): { W1: Matrix; u: Matrix } {
  const p = W0.rows, d = W0.cols;
  const W1 = new Matrix(p, d, W0.data.slice());
  const unorm = Math.sqrt(p); // |abar| for +-1 entries
  for (let i = 0; i < p; i++) for (let j = 0; j < d; j++) W1.data[i * d + j]! += (beta * abar[i]! * v[j]!) / unorm;
  return { W1, u: new Matrix(p, 1, Float64Array.from(abar, (a) => a / unorm)) };
}
