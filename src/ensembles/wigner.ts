/**
 * Wigner (GOE) matrices and their rank-r additive spikes.
 *
 * Convention: W = (G + G^T) / sqrt(2n) with G an n x n matrix of iid N(0, 1): off-diagonal
 * entries N(0, 1/n), diagonal N(0, 2/n), so the eigenvalue density tends to the semicircle
 * sqrt(4 - x^2) / (2 pi) on [-2, 2]. A spike theta v v^T with |v| = 1 and theta > 1 produces an
 * outlier at theta + 1/theta with |<u, v>|^2 -> 1 - 1/theta^2 (theory/outliers).
 */
import { InvalidArgumentError } from "../errors.js";
import { Matrix } from "../matrix.js";
import { Rng, type RandomSource } from "../random/rng.js";

export interface WignerOptions {
  /** Seed or generator. */
  seed: RandomSource;
}

function checkSize(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got ${n}`);
}

/** Finite spike strengths as a Float64Array, with at most `max` of them. */
export function checkSpikes(spikes: ArrayLike<number>, max: number, what: string): Float64Array {
  const s = Float64Array.from(spikes);
  s.forEach((t, i) => {
    if (!Number.isFinite(t)) throw new InvalidArgumentError(`${what}: spike ${i} must be finite, got ${t}`);
  });
  if (s.length > max) throw new InvalidArgumentError(`${what}: ${s.length} spikes cannot be orthonormal in dimension ${max}`);
  return s;
}

/**
 * An n x n GOE matrix (W + W^T)/sqrt(2n). Draw order: the upper triangle row by row
 * (diagonal included), n (n + 1) / 2 normals from the generator. Cost O(n^2).
 */
export function wigner(n: number, options: WignerOptions): Matrix {
  checkSize(n, "n");
  const rng = Rng.from(options.seed);
  const g = rng.normal((n * (n + 1)) / 2);
  const w = new Matrix(n, n);
  const d = w.data;
  const off = 1 / Math.sqrt(n);
  const diag = Math.sqrt(2 / n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    d[i * n + i] = diag * g[t++]!;
    for (let j = i + 1; j < n; j++) {
      const v = off * g[t++]!;
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return w;
}

export interface SpikedWignerOptions {
  n: number;
  /** Spike strengths theta_i (any sign): W + sum_i theta_i v_i v_i^T. */
  spikes: ArrayLike<number>;
  seed: RandomSource;
}

export interface SpikedWignerSample {
  /** W + V diag(theta) V^T, n x n symmetric. */
  matrix: Matrix;
  /** The planted directions v_i, orthonormal, as the columns of an n x r matrix (Haar). */
  directions: Matrix;
  spikes: Float64Array;
}

/**
 * A spiked Wigner matrix W + sum theta_i v_i v_i^T with W GOE (see `wigner`) and the v_i a Haar
 * orthonormal frame drawn after W from the same generator.
 */
export function spikedWigner(options: SpikedWignerOptions): SpikedWignerSample {
  const { n } = options;
  checkSize(n, "n");
  const spikes = checkSpikes(options.spikes, n, "spikedWigner");
  const rng = Rng.from(options.seed);
  const matrix = wigner(n, { seed: rng });
  const r = spikes.length;
  const directions = rng.haarFrame(n, r);
  const a = matrix.data;
  const v = directions.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < r; q++) s += spikes[q]! * v[i * r + q]! * v[j * r + q]!;
      a[i * n + j]! += s;
    }
  }
  return { matrix, directions, spikes };
}
