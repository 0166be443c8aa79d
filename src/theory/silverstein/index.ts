/**
 * The limiting spectrum of a sample covariance with a general population (Silverstein 1995,
 * Silverstein-Choi 1995): populationCriticalPoints.ts (the population law, the map psi, critical
 * points, support), companionSolver.ts (Newton on the inverse map), stieltjes.ts (m(z) and mc(z)),
 * silversteinLaw.ts (density, cdf, quantiles).
 */
export {
  normalizePopulation,
  populationCriticalPoints,
  psiDerivative,
  psiOf,
  silversteinSupport,
  stretchPeak,
  type AtomGap,
  type CriticalPoint,
  type NormalizedPopulation,
  type Population,
  type PopulationCriticalPoints,
  type PopulationSpectrum,
  type SilversteinOptions,
  type SilversteinSupport,
} from "./populationCriticalPoints.js";
export { silversteinStieltjes, type SilversteinPoint, type SilversteinSolveOptions } from "./stieltjes.js";
export { silversteinDensity, silversteinLaw, type SilversteinLaw } from "./silversteinLaw.js";
