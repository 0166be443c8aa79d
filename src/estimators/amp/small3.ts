/**
 * 3 x 3 symmetric helpers for the p = 3 output channels (./tripleChannel.ts, ./sphereChannel.ts):
 * the inverse and determinant by cofactors, and the eigenvalues in closed form by the
 * trigonometric solution of the characteristic cubic (Smith 1961, "Eigenvalues of a symmetric
 * 3 x 3 matrix", Commun. ACM 4(4), 168). Row-major; only the symmetric part is read.
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
