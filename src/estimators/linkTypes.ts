/**
 * The index-link interface and the label-law quadrature rule every link and denoiser shares
 * (reference spectral-estimators.md, section 1). Storage: p x p matrices are row-major
 * Float64Arrays of p^2 entries.
 */

/** The law of a label as a quadrature rule: E f(y) ~ sum_j weights[j] f(y[j]); weights sum to 1. */
export interface LabelLaw {
  readonly y: Float64Array;
  readonly weights: Float64Array;
}

export type LabelKind = "continuous" | "discrete";

export interface IndexLink {
  /** What the link is (for tables and error messages). */
  readonly name: string;
  /** Number of indices p (1..4 for the library links). */
  readonly p: number;
  /** The noiseless label g(z) = E[y | z] of one latent vector z (p entries). */
  readonly g: (z: Float64Array) => number;
  /**
   * A stochastic channel y ~ P(. | z), drawn from `uniform` (a seeded stream of U[0, 1) numbers);
   * when present, sampling uses it instead of g + noise (e.g. the Poisson channel).
   */
  readonly sample?: (z: Float64Array, uniform: () => number) => number;
  /** Variance Delta of additive Gaussian label noise: y = g(z) + sqrt(Delta) xi. 0 when noiseless. */
  readonly noiseVariance: number;
  /** "continuous": y has a density; "discrete": finitely many label values (compared exactly). */
  readonly labels: LabelKind;
  /**
   * Closed form of the posterior moments at label y: `second` := E[z z^T | y] (p x p), `first` :=
   * E[z | y] (p). Absent when none is known; the denoiser then integrates numerically.
   */
  readonly moments?: (y: number, second: Float64Array, first: Float64Array) => void;
  /** The law of y as a quadrature rule (for the population constants); absent with `moments` absent. */
  readonly labelLaw?: () => LabelLaw;
  /**
   * An orthonormal basis U (p x p, columns u_l) with U^T G(y) U diagonal for every y, when the link
   * is known to be jointly diagonalisable (reference section 2); the identity when absent and the
   * denoiser finds G(y) diagonal.
   */
  readonly basis?: Float64Array;
}
