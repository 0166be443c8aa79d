/**
 * Denoisers of index models: the posterior moments E[z z^T | y] and E[z | y] of z ~ N(0, I_p)
 * given a label y, and from them G(y) = E[z z^T | y] - I_p (the LAMP denoiser) and
 * T(y) = G (I + G)^{-1} = I - E[z z^T | y]^{-1} (the TAP preprocessing). Reference
 * spectral-estimators.md sections 2, 3.3 and 8.
 *
 * Four ways to get the moments (`method`, "auto" picks the first that applies):
 * - "closed-form": the link's own `moments` (z^2, z1 z2 through Bessel K1/K0, sign(z1 z2), the norm...),
 *   with its `labelLaw` for population averages.
 * - "preimage" (deterministic links y = g(z), p <= 4, discrete or continuous labels): the exact
 *   conditional law by integrating the preimage regions of the labels (or of nested label bins)
 *   along lines through the origin with closed-form radial moments; see preimageEngine.ts. It
 *   carries a coarse companion law for error estimates.
 * - "quadrature" (continuous labels, the route for noisy links): the likelihood exp(-(y - g(t))^2 / (2 Delta)) integrated
 *   against N(0, I_p) on a tensor trapezoid grid t in [-L, L]^p of spacing h. Delta is the link's
 *   label-noise variance, or the small `regularization` for a noiseless link. The trapezoid rule on
 *   a Gaussian-weighted smooth integrand converges like exp(-2 pi^2 / h^2) (Trefethen-Weideman 2014,
 *   "The exponentially convergent trapezoidal rule", section 5), and a fine uniform grid resolves the
 *   likelihood width sqrt(Delta) / |grad g|; a tensor Gauss-Hermite rule (reference section 8) has
 *   node gaps ~ pi / sqrt(2K), too coarse for Delta <= 1e-2 at any affordable K (measured: errors
 *   of 0.1-1 in E[z^2 | y] for y = z^2 at K = 60..400, against 0.01 here), so it is not used for
 *   posteriors. Only nodes with likelihood above e^{-36} of the best are summed (binary search on
 *   the nodes sorted by g(t)).
 * - "monte-carlo" (discrete labels): N draws of z, symmetrised over the 2^p sign flips z_a -> -z_a
 *   (unbiased, and exact zeros where the link has those symmetries, as the parity does) and rescaled
 *   per coordinate so that the sample second moment is exactly I_p (so E_y E[zz^T | y] = I and
 *   E_y G = 0 hold to rounding); then per-label averages of z and z z^T.
 *
 * Storage: the moments of n labels are n p x p row-major blocks back to back (n p^2 doubles) and
 * n vectors of p (n p doubles).
 */
import { InvalidArgumentError } from "../errors.js";
import type { IndexLink } from "./links.js";
import type { DenoiserLaw, DenoiserOptions, Engine, PosteriorMoments, TOptions } from "./denoiserTypes.js";
import { closedFormEngine, monteCarloEngine, quadratureEngine } from "./posteriorEngines.js";
import { preimageEngine } from "./preimageEngine.js";
import { secondToG, secondToT } from "./secondMomentTransforms.js";

export type { DenoiserMethod, DenoiserOptions, PosteriorMoments, DenoiserLaw, TOptions } from "./denoiserTypes.js";
export { secondToG, secondToT } from "./secondMomentTransforms.js";

// ---------------------------------------------------------------- the denoiser

/**
 * E[z z^T | y], E[z | y], G(y) and T(y) for one link, by closed form, quadrature or Monte Carlo
 * (see the file comment). Build once per link and reuse: the quadrature grid and the Monte Carlo
 * table are made at construction.
 */
export class Denoiser {
  readonly link: IndexLink;
  readonly p: number;
  readonly method: "closed-form" | "preimage" | "quadrature" | "monte-carlo";
  private readonly engine: Engine;

  constructor(link: IndexLink, options: DenoiserOptions = {}) {
    if (link === null || typeof link !== "object" || typeof link.g !== "function" || !Number.isInteger(link.p) || link.p < 1) {
      throw new InvalidArgumentError("denoiser: expected an IndexLink (see links.ts)");
    }
    this.link = link;
    this.p = link.p;
    const method = options.method ?? "auto";
    let chosen: Engine["method"];
    const deterministic = !link.sample && link.noiseVariance === 0 && link.p <= 4;
    if (method === "auto") chosen = link.moments ? "closed-form" : deterministic ? "preimage" : link.labels === "discrete" ? "monte-carlo" : "quadrature";
    else if (method === "closed-form" || method === "preimage" || method === "quadrature" || method === "monte-carlo") chosen = method;
    else throw new InvalidArgumentError(`denoiser method must be 'auto', 'closed-form', 'preimage', 'quadrature' or 'monte-carlo', got '${method}'`);
    if (chosen === "preimage" && !deterministic) throw new InvalidArgumentError(`preimage integration needs a deterministic link y = g(z) with p <= 4; '${link.name}' (p = ${link.p}) is noisy, stochastic or too wide (use 'quadrature' or 'monte-carlo')`);
    if (chosen === "closed-form" && !link.moments) throw new InvalidArgumentError(`the link '${link.name}' has no closed-form moments; use method 'quadrature' or 'monte-carlo'`);
    if (chosen === "monte-carlo" && link.labels !== "discrete") throw new InvalidArgumentError(`Monte Carlo moments need discrete labels; the link '${link.name}' is continuous (use 'quadrature')`);
    if (chosen === "quadrature" && link.labels === "discrete") throw new InvalidArgumentError(`quadrature moments need continuous labels; the link '${link.name}' is discrete (use 'monte-carlo')`);
    if (chosen === "quadrature" && link.sample) throw new InvalidArgumentError(`quadrature needs the likelihood of y = g(z) + Gaussian noise; the stochastic channel '${link.name}' needs closed-form moments or discrete labels (Monte Carlo)`);
    this.engine = chosen === "closed-form" ? closedFormEngine(link) : chosen === "preimage" ? preimageEngine(link, options)
      : chosen === "quadrature" ? quadratureEngine(link, options) : monteCarloEngine(link, options);
    this.method = chosen;
  }

  /** E[z z^T | y_i] (n p x p blocks) and E[z | y_i] (n vectors). */
  moments(y: ArrayLike<number>): PosteriorMoments {
    return this.engine.moments(labels(y));
  }

  /** G(y_i) = E[z z^T | y_i] - I_p, as n p x p blocks. */
  G(y: ArrayLike<number>): Float64Array {
    const { second } = this.engine.moments(labels(y));
    return secondToG(second, this.p);
  }

  /**
   * T(y_i) = G (I + G)^{-1} = I - E[z z^T | y_i]^{-1} (n p x p blocks), the TAP preprocessing.
   * Throws InvalidArgumentError where E[z z^T | y] is singular (e.g. z1 / z2, whose posterior
   * covariance has rank one) unless `floor` is given.
   */
  T(y: ArrayLike<number>, options: TOptions = {}): Float64Array {
    const ys = labels(y);
    return secondToT(this.engine.moments(ys).second, this.p, ys, this.link.name, options, options.gamma ?? 1);
  }

  /** The label law with the posterior moments at its points (for population constants). */
  law(): DenoiserLaw {
    return this.engine.law();
  }

  /**
   * The preimage engine's nested coarse companion laws (every 2nd and 4th label bin; every 2nd and
   * 4th node along each angle of its line rule), whose population constants against law()'s
   * estimate the integration error; null for other methods.
   */
  coarseLaws(): [DenoiserLaw, DenoiserLaw, DenoiserLaw, DenoiserLaw] | null {
    return this.engine.coarseLaws ? this.engine.coarseLaws() : null;
  }
}

/** A denoiser for `link` (see Denoiser). */
export function denoiser(link: IndexLink, options: DenoiserOptions = {}): Denoiser {
  return new Denoiser(link, options);
}

function labels(y: ArrayLike<number>): Float64Array {
  if (y === null || typeof y !== "object" || typeof y.length !== "number") throw new InvalidArgumentError("labels must be a Float64Array or an array of numbers");
  const out = y instanceof Float64Array ? y : Float64Array.from(y);
  for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]!)) throw new InvalidArgumentError(`label ${i} is ${out[i]}; labels must be finite`);
  return out;
}
