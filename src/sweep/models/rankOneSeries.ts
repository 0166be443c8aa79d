/**
 * Common random numbers for the one-spike models (issue #21): all the instances of one seed share
 * their noise (the same Gaussian matrix and the same planted direction v at every spike strength
 * theta; the samplers draw both before theta enters), so a sweep can factor the noise once per seed
 * and obtain every theta from a rank-one update:
 *
 * - spiked Wigner, Y = W + theta v v^T: with W = U diag(lambda) U^T and w = U^T v, Y is similar to
 *   diag(lambda) + theta w w^T; its top eigenpairs come from the secular equation
 *   (src/linalg/rankOneUpdate.ts), the eigenvector of Y is U y with y = (lambda - mu)^{-1} w, so
 *   <u, v>^2 = (w^T y)^2 / ||y||^2.
 * - spiked covariance, X = Z Sigma^{1/2} with Sigma = I + theta v v^T: X^T X / n = Sigma^{1/2} G
 *   Sigma^{1/2} with G = Z^T Z / n = U diag(lambda) U^T, which has the eigenvalues of
 *   G^{1/2} Sigma G^{1/2} = U (diag(lambda) + theta b b^T) U^T, b = diag(lambda)^{1/2} w. For an
 *   eigenvector U y of the latter (y = (lambda - mu)^{-1} b), x = Sigma^{1/2} U diag(lambda)^{1/2} y
 *   is one of X^T X / n, and with s = b^T y:
 *   <x, v>^2 / ||x||^2 = (1 + theta) s^2 / (sum_j lambda_j y_j^2 + theta s^2).
 *
 * These are the eigenvalues and overlaps of the same matrices the per-instance route (`measure`:
 * Lanczos on the sampled instance) computes, to rounding instead of to the sweep's tolerance; the
 * tests compare the two routes instance by instance. Cost per seed: the sample, G (a SYRK, n d^2) and
 * one dense eigh (about 4 d^3 flops with vectors), then O(d) per value. The per-value route costs
 * about 65 operator applications per value instead, so the dense route is taken when its estimated
 * time is lower (`denseSeriesPays`), and only while its matrices fit comfortably in memory.
 */
import { spikedCovariance } from "../../ensembles/covariance.js";
import { spikedWigner } from "../../ensembles/wigner.js";
import { eigh } from "../../linalg/eigh.js";
import { rankOneUpdateTop } from "../../linalg/rankOneUpdate.js";
import type { Matrix } from "../../matrix.js";
import type { Measurement } from "../types.js";

/** The largest dimension the dense route factors (two d x d matrices in JS and about three in WASM). */
export const DENSE_SERIES_MAX = 6000;

/**
 * Whether one dense factorization per seed beats the per-value Lanczos route for `values` values:
 * time models from this machine class's measurements (eigh at n = 1000: ~0.27 s, so ~d^3 / 3.8e9 s;
 * SYRK ~25 GF/s; one X^T X v ~4 n d flops at ~11 GF/s, about 65 of them per instance; a symmetric
 * matrix-vector product 2 n^2 flops at ~5 GF/s). Only the ratio matters, and the routes differ by
 * factors of several wherever the choice is not a toss-up.
 */
export function denseSeriesPays(kind: "covariance" | "wigner", values: number, n: number, d: number): boolean {
  if (d > DENSE_SERIES_MAX) return false;
  const dense = kind === "covariance" ? (n * d * d) / 25e9 + d ** 3 / 3.8e9 : d ** 3 / 3.8e9;
  const perValue = kind === "covariance" ? (65 * 4 * n * d) / 11e9 : (65 * 2 * d * d) / 5e9;
  return dense < values * perValue;
}

/** The spectral factors of a seed's noise: eigenvalues (ascending) and w = U^T v. */
function factor(matrix: Matrix, v: Float64Array): { lambda: Float64Array; w: Float64Array } {
  const { values, vectors } = eigh(matrix, { check: false });
  const d = values.length;
  const u = vectors!.data;
  const w = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const vi = v[i]!;
    if (vi === 0) continue;
    const row = i * d;
    for (let j = 0; j < d; j++) w[j]! += u[row + j]! * vi;
  }
  return { lambda: values, w };
}

/** One measurement from the top two eigenpairs and the top pair's squared overlap. */
function measurement(top: number, second: number, overlap: number, seconds: number): Measurement {
  return { top: [top, second], overlaps: [overlap], edge: second, seconds };
}

/** Spiked Wigner at each theta of `thetas` for one seed's W and v (see the file comment). */
export function wignerSeries(thetas: readonly number[], n: number, seed: number): Measurement[] {
  const t0 = performance.now();
  const sample = spikedWigner({ n, spikes: [0], seed });
  const { lambda, w } = factor(sample.matrix, sample.directions.data);
  const share = (performance.now() - t0) / 1000 / thetas.length;
  return thetas.map((theta) => {
    const [a, b] = rankOneUpdateTop(lambda, w, theta, 2);
    let s = 0;
    let norm2 = 0;
    for (let j = 0; j < n; j++) {
      s += w[j]! * a!.vector[j]!;
      norm2 += a!.vector[j]! ** 2;
    }
    return measurement(a!.value, b!.value, (s * s) / norm2, share);
  });
}

/** Spiked covariance at each theta of `thetas` for one seed's Z and v (see the file comment). */
export function covarianceSeries(thetas: readonly number[], n: number, d: number, seed: number): Measurement[] {
  const t0 = performance.now();
  const sample = spikedCovariance({ n, d, spikes: [0], seed, covariance: true });
  const { lambda, w } = factor(sample.covariance!, sample.directions.data);
  // G is positive semidefinite: rounding may leave eigenvalues of order -eps ||G||, taken as 0
  const lam = lambda.map((x) => Math.max(x, 0));
  const b = lam.map((x, j) => Math.sqrt(x) * w[j]!);
  const share = (performance.now() - t0) / 1000 / thetas.length;
  return thetas.map((theta) => {
    const [a, c] = rankOneUpdateTop(lam, b, theta, 2);
    const y = a!.vector;
    let s = 0;
    let q = 0;
    for (let j = 0; j < d; j++) {
      s += b[j]! * y[j]!;
      q += lam[j]! * y[j]! * y[j]!;
    }
    const norm2 = q + theta * s * s;
    return measurement(a!.value, c!.value, norm2 > 0 ? ((1 + theta) * s * s) / norm2 : 0, share);
  });
}
