/**
 * Index-model links: y = g(z) (+ Gaussian label noise) with z = W*^T x ~ N(0, I_p), and the
 * library of links the multi-index spectral-estimator papers use (reference
 * spectral-estimators.md, sections 1, 5.2 and 8).
 *
 * A link carries what the denoisers need:
 * - `g` and `noiseVariance`, to sample labels and, for links without a closed form, to compute
 *   E[z z^T | y] by quadrature or Monte Carlo (src/estimators/denoiser.ts);
 * - optionally `moments`, a closed form of E[z z^T | y] and E[z | y], and `labelLaw`, the law of
 *   y as a quadrature rule, so that the population constants (alpha_c, lambda3, the state-evolution
 *   laws) are one-dimensional integrals.
 *
 * Storage: p x p matrices are row-major Float64Arrays of p^2 entries.
 */
import { InvalidArgumentError } from "../errors.js";
import type { IndexLink } from "./linkTypes.js";
import { absLink, linearLink, reluLink, signLink, squareLink } from "./singleIndexLinks.js";
import {
  absProductLink, normLink, productLink, ratioLink, signProductLink, signTripleProductLink, squareDifferenceLink, staircaseLink,
  tripleProductLink,
} from "./multiIndexLinks.js";
import { defineLink, noisyLink, poissonLink } from "./channelLinks.js";

// The library is split by family (singleIndexLinks, multiIndexLinks, channelLinks) over the shared
// types (linkTypes) and label-law quadrature (labelLaws); this module is its one entry point.
export type { IndexLink, LabelKind, LabelLaw } from "./linkTypes.js";
export { absLink, linearLink, reluLink, signLink, squareLink } from "./singleIndexLinks.js";
export {
  absProductLink, normLink, productLink, ratioLink, signProductLink, signTripleProductLink, squareDifferenceLink, staircaseLink,
  tripleProductLink,
} from "./multiIndexLinks.js";
export { defineLink, noisyLink, poissonLink, type LinkDefinition } from "./channelLinks.js";

/** The library, by short name. */
export const links = {
  square: squareLink,
  abs: absLink,
  relu: reluLink,
  sign: signLink,
  linear: linearLink,
  product: productLink,
  squareDifference: squareDifferenceLink,
  absProduct: absProductLink,
  signProduct: signProductLink,
  norm: normLink,
  tripleProduct: tripleProductLink,
  ratio: ratioLink,
  signTripleProduct: signTripleProductLink,
  staircase: staircaseLink,
  poisson: poissonLink,
  noisy: noisyLink,
  define: defineLink,
} as const;

/**
 * The library's fixed links by the text a user types (CLI flags, sweep parameters): each link's own
 * `name` compared without spaces and '*' ("z1*z2", "z1 z2" and "z1z2" are one link). Parametric
 * links (norm, poisson, noisy, define) take arguments and have no alias.
 */
const LINK_ALIASES: Record<string, () => IndexLink> = {
  "z^2": squareLink, "|z|": absLink, "relu(z)": reluLink, "sign(z)": signLink,
  "z1z2": productLink, "z1^2-z2^2": squareDifferenceLink, "|z1z2|": absProductLink,
  "sign(z1z2)": signProductLink, "z1z2z3": tripleProductLink, "z1/z2": ratioLink,
  "sign(z1z2z3)": signTripleProductLink, "z1+z1z2": staircaseLink,
};

/** The alias key of a link text: without spaces and '*'. */
export function linkAliasKey(text: string): string {
  return text.replace(/[\s*]/g, "");
}

/** The aliases `linkByName` knows, in their canonical spelling (e.g. "sign(z1z2)"). */
export function linkAliases(): string[] {
  return Object.keys(LINK_ALIASES);
}

/** The link named by `text` ("z1*z2", "z1 z2", "sign(z1*z2)", "z^2"...). */
export function linkByName(text: string): IndexLink {
  if (typeof text !== "string") throw new InvalidArgumentError(`linkByName: the link name must be a string, got ${text}`);
  const make = LINK_ALIASES[linkAliasKey(text)];
  if (!make) throw new InvalidArgumentError(`unknown link '${text}'; known links: ${linkAliases().join(", ")}`);
  return make();
}
