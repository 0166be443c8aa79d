/**
 * The theory/ predictions for one link at one alpha, from its population constants: the LAMP
 * outliers, bulk radius and overlap, and (for a jointly diagonalisable G with an invertible
 * E[z z^T | y]) the TAP bulk edge, outliers and overlap (src/theory/estimatorPredictions.ts).
 */
import { InvalidArgumentError } from "../errors.js";
import { lampPrediction, tapPrediction, type LampPrediction, type TapPrediction } from "../theory/estimatorPredictions.js";
import type { PopulationConstants } from "./population.js";

export interface EstimatorPredictions {
  readonly alpha: number;
  readonly alphaC: number;
  /** Null when alpha_c = 0 (a trivial direction: no spectral transition to predict). */
  readonly lamp: LampPrediction | null;
  /** Null when G is not jointly diagonalisable, or T(y) is undefined (singular E[z z^T | y]), or alpha_c = 0. */
  readonly tap: TapPrediction | null;
  /** Why `tap` is null, when it is. */
  readonly tapUnavailable?: string;
}

/** Predictions for the LAMP and TAP estimators at alpha (see the file comment). */
export function predictEstimators(pop: PopulationConstants, alpha: number): EstimatorPredictions {
  if (pop === null || typeof pop !== "object" || typeof pop.alphaC !== "number") {
    throw new InvalidArgumentError("predictEstimators: pop must be the PopulationConstants of a link (populationConstants(link))");
  }
  if (typeof alpha !== "number" || !(alpha > 0) || !Number.isFinite(alpha)) throw new InvalidArgumentError(`alpha = n / d must be a finite number > 0, got ${alpha}`);
  if (pop.alphaC === 0) {
    return { alpha, alphaC: 0, lamp: null, tap: null, tapUnavailable: "the trivial subspace is not empty (alpha_c = 0)" };
  }
  const lamp = lampPrediction(alpha, { alphaC: pop.alphaC, lambda3: pop.lambda3, nu: pop.nu });
  if (!pop.directions) return { alpha, alphaC: pop.alphaC, lamp, tap: null, tapUnavailable: "G(y) is not jointly diagonalisable" };
  // T(y) = 1 - 1/e is undefined where e = u^T E[zz^T | y] u = 0; points of tiny e but tiny weight
  // (phase retrieval's y -> 0 end of the law) are kept, T being finite there
  for (const d of pop.directions) {
    let singular = 0;
    for (let j = 0; j < d.second.length; j++) if (!(d.second[j]! > 0)) singular += d.weights[j]!;
    if (singular > 1e-12) {
      return { alpha, alphaC: pop.alphaC, lamp, tap: null, tapUnavailable: "E[z z^T | y] is singular on a set of positive probability, so T(y) is undefined" };
    }
  }
  const tap = tapPrediction(alpha, pop.directions.map((d) => ({ values: d.lambda, weights: d.weights, second: d.second })));
  return { alpha, alphaC: pop.alphaC, lamp, tap };
}
