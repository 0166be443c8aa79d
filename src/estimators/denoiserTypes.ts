/** The denoiser's options and results, and the engine interface each moment method implements (see denoiser.ts). */
import type { Seed } from "../random/rng.js";

export type DenoiserMethod = "auto" | "closed-form" | "preimage" | "quadrature" | "monte-carlo";

export interface DenoiserOptions {
  method?: DenoiserMethod;
  /**
   * Likelihood width Delta used for a noiseless continuous link under quadrature (the link is then
   * treated as y = g(z) + sqrt(Delta) xi). Default 1e-2 for p <= 2, 4e-2 for p = 3, 0.15 for p >= 4.
   */
  regularization?: number;
  /** Grid spacing h per axis (quadrature). Default: 0.02 (p = 1), 0.08 (p = 2), 0.25 (p = 3), 0.5 (p >= 4). */
  spacing?: number;
  /** Grid half-width L (quadrature). Default 8 for p = 1, 7 for p = 2, 6 for p = 3, 5.5 above. */
  extent?: number;
  /** Monte Carlo draws before the 2^p-fold sign symmetrisation. Default 2^16. */
  samples?: number;
  /** Seed of the Monte Carlo draws (and of the preimage engine's probe sample). Default 0. */
  seed?: Seed;
  /** Label bins of the preimage engine for continuous labels (nested halves give the error estimate). Default 1024 for p <= 2, 256 for p = 3, 4. */
  bins?: number;
  /** Scale of the preimage engine's line rule on the sphere (node counts times this). Default 1. */
  resolution?: number;
}

/** Posterior moments at a list of labels. */
export interface PosteriorMoments {
  /** n p x p blocks: E[z z^T | y_i]. */
  readonly second: Float64Array;
  /** n vectors: E[z | y_i]. */
  readonly first: Float64Array;
}

/** The law of the labels with the posterior moments at its points: E_y f(y) ~ sum_j weights[j] f(y[j]). */
export interface DenoiserLaw extends PosteriorMoments {
  readonly y: Float64Array;
  readonly weights: Float64Array;
}

export interface TOptions {
  /**
   * Smallest eigenvalue of E[z z^T | y] allowed: below it the eigenvalue is raised to this floor, so
   * T's eigenvalues are clipped at 1 - 1/floor (reference pitfall 4). Default: none, and a singular
   * E[z z^T | y] is an error.
   */
  floor?: number;
  /**
   * The shift gamma of T_gamma = G (gamma I + G)^{-1} (reference section 3.5: the symmetric
   * matrix whose eigenvalue-1 eigenvector is the LAMP estimate at gamma = the LAMP eigenvalue).
   * Default 1, the TAP preprocessing.
   */
  gamma?: number;
}

export interface Engine {
  readonly method: "closed-form" | "preimage" | "quadrature" | "monte-carlo";
  moments(y: Float64Array): PosteriorMoments;
  law(): DenoiserLaw;
  /** The preimage engine's coarse companion laws (1/2, 1/4 of the bins; 1/2, 1/4 of the angle nodes), for error estimates. */
  coarseLaws?(): [DenoiserLaw, DenoiserLaw, DenoiserLaw, DenoiserLaw];
}
