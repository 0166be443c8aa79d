/**
 * Inversion of a small dense complex matrix by Gauss-Jordan elimination, on separate real and
 * imaginary arrays: the hot loop of the spiked random-feature fixed point inverts a K x K matrix
 * twice per sweep (K = the number of second-layer groups, 1 to ~30), millions of times for a density
 * grid, where `{ re, im }` values (theory/complex.ts) would allocate per operation.
 */
import { InvalidArgumentError } from "../errors.js";

/**
 * In-place inverse of the K x K complex matrix A = ar + i ai (row-major, real and imaginary parts
 * in separate arrays) by Gauss-Jordan elimination with partial pivoting on [A | I] (Golub and
 * Van Loan, Matrix Computations, 4th ed., section 3.2; the pivot is the largest |Re| + |Im| in
 * the column, as good a choice as the modulus and without a hypot). wr and wi are workspace of
 * at least 2 K^2 entries each (the augmented K x 2K matrix). Returns false, leaving ar and ai
 * unspecified, when a pivot is exactly 0 (A singular to working precision in this sense); no
 * condition estimate. Throws InvalidArgumentError when an array is shorter than stated. Cost about
 * 2 K^3 complex multiply-adds, no allocation.
 */
export function complexInverse(K: number, ar: Float64Array, ai: Float64Array, wr: Float64Array, wi: Float64Array): boolean {
  if (!Number.isInteger(K) || K < 1 || ar.length < K * K || ai.length < K * K || wr.length < 2 * K * K || wi.length < 2 * K * K) {
    throw new InvalidArgumentError(`complexInverse: need K >= 1, K^2 entries in ar and ai and 2 K^2 in wr and wi (K = ${K}; got ${ar.length}, ${ai.length}, ${wr.length}, ${wi.length})`);
  }
  // [A | I] -> [I | A^{-1}] in w (K x 2K)
  const W = 2 * K;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      wr[i * W + j] = ar[i * K + j]!;
      wi[i * W + j] = ai[i * K + j]!;
      wr[i * W + K + j] = i === j ? 1 : 0;
      wi[i * W + K + j] = 0;
    }
  }
  for (let col = 0; col < K; col++) {
    let piv = col;
    let best = -1;
    for (let i = col; i < K; i++) {
      const m = Math.abs(wr[i * W + col]!) + Math.abs(wi[i * W + col]!); // |.|_1: as good a pivot rule, no hypot
      if (m > best) {
        best = m;
        piv = i;
      }
    }
    if (!(best > 0)) return false;
    if (piv !== col) {
      for (let j = 0; j < W; j++) {
        let t = wr[col * W + j]!;
        wr[col * W + j] = wr[piv * W + j]!;
        wr[piv * W + j] = t;
        t = wi[col * W + j]!;
        wi[col * W + j] = wi[piv * W + j]!;
        wi[piv * W + j] = t;
      }
    }
    const pr = wr[col * W + col]!;
    const pi = wi[col * W + col]!;
    const den = pr * pr + pi * pi;
    const ir = pr / den;
    const ii = -pi / den;
    for (let j = 0; j < W; j++) {
      const xr = wr[col * W + j]!;
      const xi = wi[col * W + j]!;
      wr[col * W + j] = xr * ir - xi * ii;
      wi[col * W + j] = xr * ii + xi * ir;
    }
    for (let i = 0; i < K; i++) {
      if (i === col) continue;
      const fr = wr[i * W + col]!;
      const fi = wi[i * W + col]!;
      if (fr === 0 && fi === 0) continue;
      for (let j = 0; j < W; j++) {
        const xr = wr[col * W + j]!;
        const xi = wi[col * W + j]!;
        wr[i * W + j]! -= fr * xr - fi * xi;
        wi[i * W + j]! -= fr * xi + fi * xr;
      }
    }
  }
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      ar[i * K + j] = wr[i * W + K + j]!;
      ai[i * K + j] = wi[i * W + K + j]!;
    }
  }
  return true;
}
