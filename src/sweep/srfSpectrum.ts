/**
 * One spiked-random-feature spectrum beside its deterministic equivalent: the whole spectrum of
 * F^T F / n (`FeatureCovarianceOperator.spectrum()`), the equivalent's bulk density and support
 * (src/theory/spikedRf/), and the order-p spikes with the realized plug-in of the sample projections.
 * What `spikelab spectrum --model srf` reports, locally or as one job on a queue worker
 * (src/sweep/queue/spectrumJob.ts): both call this function, so both give the same numbers.
 */
import { shiftedCoefficients } from "../features/hermite.js";
import { featureCovarianceOperator } from "../features/features.js";
import { spikedRandomFeatures } from "../features/network.js";
import type { SpectrumPanel } from "../report/types.js";
import { spikedRfEquivalent } from "../theory/spikedRf/index.js";
import type { SecondLayerSpec } from "../theory/secondLayer.js";
import type { SrfActivation } from "./models/index.js";

export interface SrfSpectrumOptions {
  activation: SrfActivation;
  theta: number;
  secondLayer: "ones" | "plusminus";
  n: number;
  p: number;
  d: number;
  seed: number;
}

export interface SrfSpectrum {
  panel: SpectrumPanel;
  /** The support of the deterministic equivalent's bulk. */
  support: [number, number][];
  /** The K largest eigenvalues (K = number of second-layer groups), descending, beside their predictions. */
  spikes: { measured: number; predicted: number | null; leading: number }[];
  /** Largest bulk eigenvalue against the predicted upper edge. */
  bulkTop: { measured: number; predicted: number };
}

export function srfSpectrum(o: SrfSpectrumOptions): SrfSpectrum {
  const model = spikedRandomFeatures({ d: o.d, p: o.p, theta: o.theta, secondLayer: o.secondLayer, activation: o.activation, seed: o.seed });
  const op = featureCovarianceOperator({ W: model.spikedW, activation: o.activation, n: o.n, seed: o.seed + 1, directions: model.spikeDirection });
  let ev: Float64Array;
  let kappa: Float64Array;
  try {
    ev = op.spectrum();
    kappa = op.projections!.column(0);
  } finally {
    op.dispose();
  }
  // the DE with the realized second-layer group fractions, as the comparison with one draw needs
  const K = o.secondLayer === "plusminus" ? 2 : 1;
  let law: SecondLayerSpec = "ones";
  if (K === 2) {
    const counts = [0, 0];
    model.groups!.forEach((g) => counts[g]!++);
    law = { values: [1, -1], probs: [counts[0]! / o.p, counts[1]! / o.p] };
  }
  const de = spikedRfEquivalent({ coefficients: shiftedCoefficients(o.activation), n: o.n, p: o.p, d: o.d, theta: o.theta, secondLayer: law });
  const support = de.support().map(([a, b]) => [a, b] as [number, number]);
  const upper = support[support.length - 1]![1];
  const predicted = de.outliers({ kappa, upperEdge: upper });
  const desc = Array.from(ev).reverse();
  const spikes = desc.slice(0, K).map((measured, j) => ({
    measured,
    predicted: predicted[j]?.location ?? null,
    leading: predicted[j]?.leading ?? NaN,
  }));
  const bulk = desc.slice(K);
  const grid = Array.from({ length: 241 }, (_, i) => (upper * 1.1 * (i + 0.5)) / 240);
  const density = de.densities(grid);
  return {
    panel: {
      title: `bulk of F^T F / n (${o.activation}, theta = ${o.theta}, n = ${o.n}, p = ${o.p}, d = ${o.d}; ` +
        `${K} order-p spike${K > 1 ? "s" : ""} left out) vs the deterministic equivalent`,
      eigenvalues: bulk.filter((x) => x > 1e-10 * upper),
      density: { x: grid, y: Array.from(density) },
      edges: support.flat(),
      outliers: [],
    },
    support,
    spikes,
    bulkTop: { measured: bulk[0]!, predicted: upper },
  };
}
