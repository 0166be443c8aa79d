/**
 * Wigner (GOE) matrices and their rank-r additive spikes.
 *
 * Convention: W = (G + G^T) / sqrt(2n) with G an n x n matrix of iid N(0, 1): off-diagonal
 * entries N(0, 1/n), diagonal N(0, 2/n), so the eigenvalue density tends to the semicircle
 * sqrt(4 - x^2) / (2 pi) on [-2, 2]. A spike theta v v^T with |v| = 1 and theta > 1 produces an
 * outlier at theta + 1/theta with |<u, v>|^2 -> 1 - 1/theta^2 (theory/spikeOutliers.ts).
 */
import { InvalidArgumentError } from "../errors.js";
import { Matrix } from "../matrix.js";
import { Rng, type RandomSource } from "../random/rng.js";
import { checkSampleMemory, checkSize, checkSpikes, requireOptions } from "./checks.js";

export interface WignerOptions {
  /** The size n of the n x n matrix. */
  n: number;
  /** Seed or generator. */
  seed: RandomSource;
}

/**
 * An n x n GOE matrix (G + G^T)/sqrt(2n) (see the file comment), `wigner({ n, seed })` like every
 * other ensemble. Draw order: the upper triangle row by row (diagonal included), n (n + 1) / 2
 * normals from the generator. Cost O(n^2).
 */
export function wigner(options: WignerOptions): Matrix;
/**
 * The positional form of `wigner({ n, seed })`, the same matrix for the same seed.
 * @deprecated pass one options object, `wigner({ n, seed })`; the positional form stays for one minor version.
 */
export function wigner(n: number, options: Omit<WignerOptions, "n">): Matrix;
export function wigner(first: WignerOptions | number, second?: Omit<WignerOptions, "n">): Matrix {
  if (typeof first === "number" || second !== undefined) {
    if (typeof first === "object" && first !== null) {
      throw new InvalidArgumentError("wigner(options): takes one options object { n, seed }, got a second argument");
    }
    checkSize(first, "wigner: n");
    const { seed } = requireOptions(second, "wigner(n, options)", ["seed"]);
    return drawGoe(first, seed);
  }
  const { n, seed } = requireOptions(first, "wigner(options)", ["n", "seed"]);
  checkSize(n, "wigner: n");
  return drawGoe(n, seed);
}

/** The GOE draw behind both forms of `wigner`; n is checked. */
function drawGoe(n: number, seed: RandomSource): Matrix {
  checkSampleMemory(`wigner(${n})`, (n * (n + 1)) / 2);
  const rng = Rng.from(seed);
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
  const { n } = requireOptions(options, "spikedWigner", ["n", "spikes", "seed"]);
  checkSize(n, "spikedWigner: n");
  const spikes = checkSpikes(options.spikes, n, "spikedWigner");
  checkSampleMemory(`spikedWigner(n = ${n})`, (n * (n + 1)) / 2);
  const rng = Rng.from(options.seed);
  const matrix = wigner({ n, seed: rng });
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
