/**
 * 3 x 3 symmetric helpers for the p = 3 output channels (./tripleChannel.ts, ./sphereChannel.ts):
 * the inverse and determinant by cofactors, and the eigenvalues in closed form by the
 * trigonometric solution of the characteristic cubic (Smith 1961, "Eigenvalues of a symmetric
 * 3 x 3 matrix", Commun. ACM 4(4), 168), and the posterior moments from weighted sums. Row-major;
 * only the symmetric part is read.
 */

/** Writes S^{-1} into out (row-major 3 x 3); returns det S. */
export function inverse3(S: Float64Array, out: Float64Array): number {
  const a = S[0]!, b = S[1]!, c = S[2]!, d = S[4]!, e = S[5]!, f = S[8]!;
  const A = d * f - e * e, B = c * e - b * f, C = b * e - c * d;
  const det = a * A + b * B + c * C;
  out[0] = A / det; out[1] = B / det; out[2] = C / det;
  out[3] = B / det; out[4] = (a * f - c * c) / det; out[5] = (b * c - a * e) / det;
  out[6] = C / det; out[7] = out[5]!; out[8] = (a * d - b * b) / det;
  return det;
}

/** The eigenvalues of symmetric S, ascending. */
export function eigenvalues3(S: Float64Array): [number, number, number] {
  const a = S[0]!, b = S[1]!, c = S[2]!, d = S[4]!, e = S[5]!, f = S[8]!;
  const off = b * b + c * c + e * e;
  const q = (a + d + f) / 3;
  const p2 = (a - q) ** 2 + (d - q) ** 2 + (f - q) ** 2 + 2 * off;
  if (!(p2 > 1e-300 * (1 + q * q))) return [q, q, q];
  const p = Math.sqrt(p2 / 6);
  // B = (S - q I) / p; r = det(B) / 2 in [-1, 1]
  const a1 = (a - q) / p, d1 = (d - q) / p, f1 = (f - q) / p, b1 = b / p, c1 = c / p, e1 = e / p;
  const r = Math.max(-1, Math.min(1, (a1 * (d1 * f1 - e1 * e1) - b1 * (b1 * f1 - e1 * c1) + c1 * (b1 * e1 - d1 * c1)) / 2));
  const phi = Math.acos(r) / 3;
  const top = q + 2 * p * Math.cos(phi);
  const bottom = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [bottom, 3 * q - top - bottom, top];
}

/**
 * The posterior mean and covariance of z in R^3 from weighted sums: Z = sum w, first = sum w z
 * (3), second = sum w z z^T as [s00, s01, s02, s11, s12, s22]. Returns false, leaving the prior's
 * (omega, V), when Z is not positive (the label has no mass to working precision).
 */
export function momentsFromSums3(Z: number, first: readonly number[], second: readonly number[], omega: Float64Array, V: Float64Array, mean: Float64Array, cov: Float64Array): boolean {
  if (!(Z > 0)) {
    mean.set(omega);
    cov.set(V);
    return false;
  }
  const e0 = first[0]! / Z, e1 = first[1]! / Z, e2 = first[2]! / Z;
  mean[0] = e0; mean[1] = e1; mean[2] = e2;
  cov[0] = Math.max(0, second[0]! / Z - e0 * e0); cov[4] = Math.max(0, second[3]! / Z - e1 * e1); cov[8] = Math.max(0, second[5]! / Z - e2 * e2);
  cov[1] = cov[3] = second[1]! / Z - e0 * e1;
  cov[2] = cov[6] = second[2]! / Z - e0 * e2;
  cov[5] = cov[7] = second[4]! / Z - e1 * e2;
  return true;
}
