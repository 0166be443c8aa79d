/** The options and result of `eigs` (./eigs.ts: the algorithm and its conventions). */
import type { Matrix } from "../matrix.js";
import type { KrylovOptions } from "./linearOperators.js";
import type { NonsymmetricWhich } from "./ritz.js";

export interface EigsOptions extends KrylovOptions {
  /** Which eigenvalues (see the module comment). Default 'LR'. */
  which?: NonsymmetricWhich;
  /**
   * Basis size m: k + 2 <= m <= n, or m = n. Default min(n, max(2k + 1, 20)). A smaller value
   * than min(n, k + 16) is raised to it (fewer new vectors per restart can converge on the wrong
   * values: src/linalg/krylov.ts, MIN_FRESH).
   */
  ncv?: number;
  /**
   * After a first convergence, verify the set (default true): restart with only its Schur vectors
   * and a fresh random vector, and accept when the same values come back (see the module comment);
   * it costs one to VERIFY_CYCLES (./eigs.ts) more cycles. A caller that knows its wanted eigenvalues are
   * isolated enough and only needs them to a sweep's statistical resolution (the LAMP sweep: two
   * outliers and the rightmost bulk value of a random matrix) may set false (issue #21): the values
   * returned are then those of the first converged Krylov space.
   */
  confirm?: boolean;
}

export interface EigsResult {
  /** Real parts of the k eigenvalues, in the order of `which`. */
  re: Float64Array;
  /** Imaginary parts (0 for real eigenvalues). */
  im: Float64Array;
  /** n x k matrices: column j of re + i column j of im is the unit eigenvector of value j. */
  vectors: { re: Matrix; im: Matrix };
  /** ||A x_j - lambda_j x_j|| for each pair (from the Krylov decomposition). */
  residuals: Float64Array;
  /** Operator applications used. */
  applications: number;
  /** Restarts used. */
  iterations: number;
  /** Whether every residual met tol * ||A|| (always true unless returnPartial). */
  converged: boolean;
}
