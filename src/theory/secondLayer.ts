/**
 * The law of the second-layer weights abar_i of a two-layer network / spiked random-feature model
 * (a_i = abar_i / sqrt(p), abar_i = O(1)), shared by the constructions in features/ and the
 * deterministic equivalent in spikedRf/:
 *
 * - 'ones': abar_i = 1 (K = 1 group; the Cui et al. 2024 code),
 * - 'plusminus': abar_i = +1 or -1 with probability 1/2 each (K = 2),
 * - { values, probs }: a finitely supported law (probs default uniform; K = values.length),
 * - 'gaussian': abar_i ~ N(0, 1), continuous; the theory discretizes it by a K-node Gauss-Hermite
 *   rule (values = nodes, probs = weights; K = 16 by default reproduces simulation to ~1e-3).
 */
import { InvalidArgumentError } from "../errors.js";
import { gaussHermite } from "../numerics/gaussHermite.js";
import { assertOptions, asVector } from "../validate.js";

export type SecondLayerSpec = "ones" | "plusminus" | "gaussian" | { values: ArrayLike<number>; probs?: ArrayLike<number> };

export interface SecondLayerLaw {
  /** Support points alpha_k (for 'gaussian': the quadrature nodes). */
  readonly values: Float64Array;
  /** Probabilities pi_k, summing to 1. */
  readonly probs: Float64Array;
  /** True for a continuous law discretized by quadrature. */
  readonly continuous: boolean;
  /** E abar^2. */
  readonly secondMoment: number;
  readonly mean: number;
}

/**
 * The law of abar as K support points and probabilities. `nodes` is the quadrature size for the
 * continuous 'gaussian' law (default 16). Throws InvalidArgumentError for an unknown name,
 * mismatched lengths, negative or non-finite entries, or probabilities not summing to 1 (within 1e-9).
 */
export function secondLayerLaw(spec: SecondLayerSpec = "ones", options: { nodes?: number } = {}): SecondLayerLaw {
  assertOptions(options, "secondLayerLaw");
  let values: Float64Array;
  let probs: Float64Array;
  let continuous = false;
  if (spec === "ones") {
    values = Float64Array.of(1);
    probs = Float64Array.of(1);
  } else if (spec === "plusminus") {
    values = Float64Array.of(1, -1);
    probs = Float64Array.of(0.5, 0.5);
  } else if (spec === "gaussian") {
    const k = options.nodes ?? 16;
    if (!Number.isInteger(k) || k < 1 || k > 200) throw new InvalidArgumentError(`secondLayer nodes must be an integer in [1, 200], got ${k}`);
    const rule = gaussHermite(k);
    values = rule.nodes.slice();
    probs = rule.weights.slice();
    continuous = true;
  } else if (spec !== null && typeof spec === "object" && spec.values !== undefined) {
    values = Float64Array.from(asVector(spec.values, "secondLayer.values"));
    if (values.length < 1) throw new InvalidArgumentError("secondLayer.values must list at least one value");
    probs = spec.probs !== undefined ? Float64Array.from(asVector(spec.probs, "secondLayer.probs")) : new Float64Array(values.length).fill(1 / values.length);
    if (probs.length !== values.length) {
      throw new InvalidArgumentError(`secondLayer.probs has ${probs.length} entries, values has ${values.length}`);
    }
    values.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new InvalidArgumentError(`secondLayer.values[${i}] must be finite, got ${v}`);
    });
    let total = 0;
    probs.forEach((q, i) => {
      if (!(q >= 0) || !Number.isFinite(q)) throw new InvalidArgumentError(`secondLayer.probs[${i}] must be a probability, got ${q}`);
      total += q;
    });
    if (Math.abs(total - 1) > 1e-9) throw new InvalidArgumentError(`secondLayer.probs must sum to 1, got ${total}`);
    probs = probs.map((q) => q / total);
  } else {
    throw new InvalidArgumentError(`secondLayer must be 'ones', 'plusminus', 'gaussian' or { values, probs }, got ${JSON.stringify(spec)}`);
  }
  let mean = 0;
  let second = 0;
  for (let k = 0; k < values.length; k++) {
    mean += probs[k]! * values[k]!;
    second += probs[k]! * values[k]! ** 2;
  }
  return Object.freeze({ values, probs, continuous, secondMoment: continuous ? 1 : second, mean: continuous ? 0 : mean });
}
