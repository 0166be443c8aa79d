/**
 * Links built from arguments: the Poisson channel, additive label noise on any link, and user
 * links (`defineLink`) whose denoiser is integrated numerically when no closed form is given.
 */
import { InvalidArgumentError } from "../errors.js";
import type { IndexLink, LabelKind, LabelLaw } from "./linkTypes.js";
import { cachedLaw, checkP } from "./labelLaws.js";

// ---------------------------------------------------------------- stochastic channels

/**
 * The Poisson channel y ~ Poi(lambda z^2) (Maillard et al. 2022's photon-limited phase retrieval):
 * E[z^2 | y = k] = (2k + 1) / (2 lambda + 1), E[z | y] = 0, and P(y = k) = lambda^k (2k - 1)!! /
 * (k! (1 + 2 lambda)^{k + 1/2}) (from E[z^{2k} e^{-lambda z^2}] = (2k - 1)!! (1 + 2 lambda)^{-k - 1/2}).
 */
export function poissonLink(lambda: number): IndexLink {
  if (!(lambda > 0) || !Number.isFinite(lambda)) throw new InvalidArgumentError(`poissonLink: lambda must be a finite number > 0, got ${lambda}`);
  return {
    name: `Poisson(${lambda} z^2)`,
    p: 1,
    g: (z) => lambda * z[0]! * z[0]!,
    sample: (z, uniform) => {
      // inversion by sequential search (Devroye 1986, X.3.3), in log space for large means
      const mean = lambda * z[0]! * z[0]!;
      const u = uniform();
      let k = 0;
      let logp = -mean;
      let cdf = Math.exp(logp);
      while (u > cdf && k < 100000) {
        k++;
        logp += Math.log(mean / k);
        cdf += Math.exp(logp);
      }
      return k;
    },
    noiseVariance: 0,
    labels: "discrete",
    moments: (y, second, first) => {
      second[0] = (2 * y + 1) / (2 * lambda + 1);
      first[0] = 0;
    },
    labelLaw: cachedLaw(`poisson/${lambda}`, () => {
      const ys: number[] = [];
      const ws: number[] = [];
      // log P(k) = k log lambda + log (2k-1)!! - log k! - (k + 1/2) log(1 + 2 lambda)
      let logp = -0.5 * Math.log(1 + 2 * lambda);
      let total = 0;
      for (let k = 0; k < 100000; k++) {
        if (k > 0) logp += Math.log(lambda) + Math.log(2 * k - 1) - Math.log(k) - Math.log(1 + 2 * lambda);
        const pk = Math.exp(logp);
        ys.push(k);
        ws.push(pk);
        total += pk;
        if (k > 2 * lambda && pk < 1e-17 * total) break;
      }
      return { y: Float64Array.from(ys), weights: Float64Array.from(ws, (w) => w / total) };
    }),
  };
}

// ---------------------------------------------------------------- combinators

/**
 * The link with additive Gaussian label noise of variance `variance`: y = g(z) + sqrt(variance) xi.
 * The noisy posterior has no closed form here, so the denoiser integrates numerically (with the
 * link's own noise as the likelihood width).
 */
export function noisyLink(link: IndexLink, variance: number): IndexLink {
  if (!(variance > 0) || !Number.isFinite(variance)) throw new InvalidArgumentError(`noisyLink: the noise variance must be a finite number > 0, got ${variance}`);
  if (link.sample) throw new InvalidArgumentError(`noisyLink: '${link.name}' is a stochastic channel; add its noise in its own sample function`);
  const total = link.noiseVariance + variance;
  return {
    name: `${link.name} + N(0, ${total})`,
    p: link.p,
    g: link.g,
    noiseVariance: total,
    labels: "continuous",
    ...(link.basis ? { basis: link.basis } : {}),
  };
}

export interface LinkDefinition {
  name?: string;
  p: number;
  g: (z: Float64Array) => number;
  /** A stochastic channel y ~ P(. | z) (see IndexLink.sample); its labels must be discrete unless `moments` is given. */
  sample?: (z: Float64Array, uniform: () => number) => number;
  noiseVariance?: number;
  labels?: LabelKind;
  moments?: (y: number, second: Float64Array, first: Float64Array) => void;
  labelLaw?: () => LabelLaw;
  basis?: ArrayLike<number>;
}

/**
 * A user link. Without `moments` the denoiser integrates numerically: Gaussian-weighted quadrature
 * for continuous labels, Monte Carlo per label value for discrete ones (which `g` must return
 * exactly, e.g. small integers). `labelLaw` is required with `moments` for the population constants.
 */
export function defineLink(def: LinkDefinition): IndexLink {
  if (def === null || typeof def !== "object") throw new InvalidArgumentError("defineLink: expected a definition object");
  checkP(def.p, "defineLink", 6);
  if (typeof def.g !== "function") throw new InvalidArgumentError("defineLink: g must be a function of z (a Float64Array of p entries)");
  const noise = def.noiseVariance ?? 0;
  if (!(noise >= 0) || !Number.isFinite(noise)) throw new InvalidArgumentError(`defineLink: noiseVariance must be finite and >= 0, got ${noise}`);
  const labels = def.labels ?? "continuous";
  if (labels !== "continuous" && labels !== "discrete") throw new InvalidArgumentError(`defineLink: labels must be 'continuous' or 'discrete', got '${labels}'`);
  if (labels === "discrete" && noise > 0) throw new InvalidArgumentError("defineLink: discrete labels cannot carry Gaussian noise (use labels: 'continuous')");
  if (def.moments !== undefined && typeof def.moments !== "function") throw new InvalidArgumentError("defineLink: moments must be a function");
  if (def.moments && noise > 0) throw new InvalidArgumentError("defineLink: closed-form moments must already include the noise; pass noiseVariance 0");
  if (def.sample !== undefined && typeof def.sample !== "function") throw new InvalidArgumentError("defineLink: sample must be a function (z, uniform) => y");
  if (def.sample && noise > 0) throw new InvalidArgumentError("defineLink: a stochastic channel carries its own noise; pass noiseVariance 0");
  let basis: Float64Array | undefined;
  if (def.basis !== undefined) {
    basis = Float64Array.from(def.basis);
    if (basis.length !== def.p * def.p) throw new InvalidArgumentError(`defineLink: basis must hold p^2 = ${def.p * def.p} entries, got ${basis.length}`);
  }
  return {
    name: def.name ?? "user link",
    p: def.p,
    g: def.g,
    ...(def.sample ? { sample: def.sample } : {}),
    noiseVariance: noise,
    labels,
    ...(def.moments ? { moments: def.moments } : {}),
    ...(def.labelLaw ? { labelLaw: def.labelLaw } : {}),
    ...(basis ? { basis } : {}),
  };
}
