/**
 * Sample covariance ensembles: Wishart with a population covariance, spiked covariance (BBP),
 * and the rectangular additive spike.
 *
 * Convention: X is n x d with rows the samples x_i ~ N(0, Sigma); S = X^T X / n is d x d;
 * gamma = d / n. For Sigma = I the spectrum of S tends to Marchenko-Pastur with ratio gamma,
 * edges (1 +- sqrt(gamma))^2.
 */
import { InvalidArgumentError } from "../errors.js";
import { gram } from "../linalg/blas.js";
import { Matrix } from "../matrix.js";
import { Rng, type RandomSource } from "../random/rng.js";
import { booleanOption } from "../validate.js";
import { checkPopulation, checkSampleMemory, checkSize, checkSpikes, requireOptions } from "./checks.js";

export interface CovarianceSample {
  /** The n x d data matrix X (rows are samples). */
  data: Matrix;
  /** S = X^T X / n (d x d), unless `covariance: false` was asked. */
  covariance?: Matrix;
  /** Planted directions as the columns of a d x r matrix (empty for plain Wishart). */
  directions: Matrix;
  /** The population eigenvalues ell_i of the planted directions. */
  populationSpikes: Float64Array;
  /** d / n. */
  gamma: number;
}

export interface WishartOptions {
  n: number;
  d: number;
  seed: RandomSource;
  /** Population eigenvalues (length d, all > 0): Sigma = diag(population). Default: identity. */
  population?: ArrayLike<number>;
  /** Form S = X^T X / n (default true); false returns the data matrix only. */
  covariance?: boolean;
}

/**
 * n samples of N(0, Sigma) in dimension d, with Sigma = diag(population) (the spectrum of S does
 * not depend on the eigenbasis of Sigma), and S = X^T X / n by SYRK. Draws n d normals row by
 * row. Cost n d^2 flops for S.
 */
export function wishart(options: WishartOptions): CovarianceSample {
  const { n, d } = requireOptions(options, "wishart", ["n", "d", "seed"]);
  checkSize(n, "wishart: n");
  checkSize(d, "wishart: d");
  const pop = options.population !== undefined ? checkPopulation(options.population, d, "wishart") : null;
  const formCovariance = booleanOption(options.covariance, true, "wishart", "covariance");
  checkSampleMemory(`wishart(n = ${n}, d = ${d})`, n * d, formCovariance ? [n, d] : undefined);
  const rng = Rng.from(options.seed);
  const data = rng.normalMatrix(n, d);
  if (pop) scaleColumns(data, pop.map(Math.sqrt));
  return finish(data, new Matrix(d, 0), new Float64Array(0), formCovariance);
}

export interface SpikedCovarianceOptions {
  n: number;
  d: number;
  seed: RandomSource;
  /**
   * Spike strengths theta_i > -1: population eigenvalues ell_i = 1 + theta_i (Sigma = I + sum
   * theta_i v_i v_i^T when there is no `population`). Give this or `populationSpikes`.
   */
  spikes?: ArrayLike<number>;
  /** The spiked population eigenvalues ell_i > 0 directly. */
  populationSpikes?: ArrayLike<number>;
  /**
   * Base population eigenvalues (length d). With it, Sigma = diag(ell_1..ell_r, population[r..d)):
   * the spikes replace the first r entries and their directions are e_1..e_r (the Bai-Yao
   * setting). Without it, Sigma = I + sum theta_i v_i v_i^T with v a Haar frame.
   */
  population?: ArrayLike<number>;
  covariance?: boolean;
}

/**
 * Spiked covariance samples: x_i ~ N(0, Sigma) with r population spikes. BBP: for Sigma = I + theta
 * v v^T and gamma = d/n, theta > sqrt(gamma) gives an outlier of S at (1 + theta)(1 + gamma/theta).
 * X = Z Sigma^{1/2} with Sigma^{1/2} = I + sum (sqrt(ell_i) - 1) v_i v_i^T, applied in O(n d r).
 */
export function spikedCovariance(options: SpikedCovarianceOptions): CovarianceSample {
  const { n, d } = requireOptions(options, "spikedCovariance", ["n", "d", "seed"]);
  checkSize(n, "spikedCovariance: n");
  checkSize(d, "spikedCovariance: d");
  if ((options.spikes === undefined) === (options.populationSpikes === undefined)) {
    throw new InvalidArgumentError("spikedCovariance: give exactly one of `spikes` (theta) and `populationSpikes` (ell)");
  }
  const ell = options.spikes !== undefined
    ? checkSpikes(options.spikes, d, "spikedCovariance").map((t) => 1 + t)
    : checkSpikes(options.populationSpikes!, d, "spikedCovariance");
  ell.forEach((l, i) => {
    if (!(l > 0)) {
      throw new InvalidArgumentError(`spikedCovariance: spike ${i} gives population eigenvalue ${l}; it must be > 0 (theta > -1)`);
    }
  });
  const r = ell.length;
  const pop = options.population !== undefined ? checkPopulation(options.population, d, "spikedCovariance") : null;
  const formCovariance = booleanOption(options.covariance, true, "spikedCovariance", "covariance");
  checkSampleMemory(`spikedCovariance(n = ${n}, d = ${d})`, n * d, formCovariance ? [n, d] : undefined);
  const rng = Rng.from(options.seed);
  const data = rng.normalMatrix(n, d);
  let directions: Matrix;
  if (pop) {
    for (let q = 0; q < r; q++) pop[q] = ell[q]!;
    scaleColumns(data, pop.map(Math.sqrt));
    directions = Matrix.fromFunction(d, r, (i, q) => (i === q ? 1 : 0));
  } else {
    directions = rng.haarFrame(d, r);
    // X <- X + (X V) diag(sqrt(ell) - 1) V^T
    const v = directions.data;
    const x = data.data;
    const coef = ell.map((l) => Math.sqrt(l) - 1);
    const xv = new Float64Array(r);
    for (let i = 0; i < n; i++) {
      const row = x.subarray(i * d, (i + 1) * d);
      xv.fill(0);
      for (let j = 0; j < d; j++) for (let q = 0; q < r; q++) xv[q]! += row[j]! * v[j * r + q]!;
      for (let q = 0; q < r; q++) xv[q]! *= coef[q]!;
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let q = 0; q < r; q++) s += xv[q]! * v[j * r + q]!;
        row[j]! += s;
      }
    }
  }
  return finish(data, directions, ell, formCovariance);
}

function scaleColumns(x: Matrix, scale: Float64Array): void {
  const { rows, cols, data } = x;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j]! *= scale[j]!;
}

function finish(data: Matrix, directions: Matrix, populationSpikes: Float64Array, formCovariance: boolean): CovarianceSample {
  const sample: CovarianceSample = { data, directions, populationSpikes, gamma: data.cols / data.rows };
  if (formCovariance) sample.covariance = gram(data, { scale: 1 / data.rows });
  return sample;
}

export interface RectangularSpikeOptions {
  /** Rows of Y. */
  n: number;
  /** Columns of Y (c = n / m is the aspect ratio of BGN 2012; their formulas take c <= 1). */
  m: number;
  /** Signal strengths theta_i >= 0. */
  spikes: ArrayLike<number>;
  seed: RandomSource;
}

export interface RectangularSpikeSample {
  /** Y = sum theta_i u_i w_i^T + X, with X n x m of iid N(0, 1/m). */
  matrix: Matrix;
  /** u_i as columns (n x r), Haar. */
  left: Matrix;
  /** w_i as columns (m x r), Haar. */
  right: Matrix;
  spikes: Float64Array;
}

/**
 * The rectangular additive spike of Benaych-Georges and Nadakuditi (2012): noise X (n x m, entries
 * N(0, 1/m), top singular value -> 1 + sqrt(c)) plus sum theta_i u_i w_i^T with Haar frames. Draw
 * order: X row by row, then u, then w.
 */
export function rectangularSpike(options: RectangularSpikeOptions): RectangularSpikeSample {
  const { n, m } = requireOptions(options, "rectangularSpike", ["n", "m", "spikes", "seed"]);
  checkSize(n, "rectangularSpike: n");
  checkSize(m, "rectangularSpike: m");
  const spikes = checkSpikes(options.spikes, Math.min(n, m), "rectangularSpike");
  spikes.forEach((t, i) => {
    if (t < 0) throw new InvalidArgumentError(`rectangularSpike: spike ${i} must be >= 0, got ${t}`);
  });
  checkSampleMemory(`rectangularSpike(n = ${n}, m = ${m})`, n * m);
  const rng = Rng.from(options.seed);
  const matrix = rng.normalMatrix(n, m, { std: 1 / Math.sqrt(m) });
  const r = spikes.length;
  const left = rng.haarFrame(n, r);
  const right = rng.haarFrame(m, r);
  const y = matrix.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let q = 0; q < r; q++) s += spikes[q]! * left.data[i * r + q]! * right.data[j * r + q]!;
      y[i * m + j]! += s;
    }
  }
  return { matrix, left, right, spikes };
}
