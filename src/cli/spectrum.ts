/**
 * `spikelab spectrum --model srf`: the whole spectrum of one spiked-random-feature covariance
 * F^T F / n beside its deterministic equivalent (src/theory/spikedRf/): bulk density, support
 * edges, and the order-p spikes with the realized plug-in of the sample projections. With
 * `--queue URL` the spectrum is computed as one job on a queue worker (src/sweep/queue/spectrumJob.ts)
 * and reported exactly as a local run.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { shiftedCoefficients } from "../features/hermite.js";
import { featureCovarianceOperator } from "../features/features.js";
import { spikedRandomFeatures } from "../features/network.js";
import { renderReport, type SpectrumPanel } from "../report/html.js";
import { queueConnection } from "../sweep/queue/connection.js";
import { runQueuedSpectrum } from "../sweep/queue/spectrumJob.js";
import { SRF_ACTIVATIONS, SRF_PARAMS, SRF_SECOND_LAYERS, type SrfActivation } from "../sweep/models/index.js";
import { spikedRfEquivalent } from "../theory/spikedRf/index.js";
import type { SecondLayerSpec } from "../theory/secondLayer.js";
import { parseNumber, parsePositiveInt, UsageError } from "./args.js";
import { spectrumHelp } from "./help.js";
import { checkOutputPath } from "./paths.js";

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

/** The command line as the report shows it: without --queue and its URL (which may hold a password). */
function shownArgs(argv: string[]): string {
  return argv.filter((a, i) => a !== "--queue" && argv[i - 1] !== "--queue" && !a.startsWith("--queue=")).join(" ");
}

/** `spikelab spectrum`: every argument and the output path checked before the spectrum is computed. */
export async function runSpectrum(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      model: { type: "string" }, activation: { type: "string" }, theta: { type: "string" }, "second-layer": { type: "string" },
      n: { type: "string" }, p: { type: "string" }, d: { type: "string" }, seed: { type: "string" }, out: { type: "string" },
      "no-report": { type: "boolean" }, json: { type: "boolean" }, queue: { type: "string" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) {
    process.stdout.write(spectrumHelp());
    return 0;
  }
  if ((v.model ?? "srf") !== "srf") throw new UsageError(`--model: only 'srf' has a spectrum command so far, got '${v.model}'`);
  const activation = (v.activation ?? "relu") as SrfActivation;
  if (!SRF_ACTIVATIONS.includes(activation)) throw new UsageError(`--activation must be one of ${SRF_ACTIVATIONS.join(", ")}, got '${v.activation}'`);
  const secondLayer = (v["second-layer"] ?? "plusminus") as SrfSpectrumOptions["secondLayer"];
  if (!SRF_SECOND_LAYERS.includes(secondLayer)) throw new UsageError(`--second-layer must be ${SRF_SECOND_LAYERS.join(" or ")}, got '${secondLayer}'`);
  const theta = parseNumber(v.theta, "theta", 1.5);
  if (theta < 0) throw new UsageError(`--theta must be >= 0, got ${theta}`);
  // the sizes' minimums are the srf sweep model's (the same spikes and bulk edge are measured)
  const size = (flag: "n" | "p" | "d") => {
    const spec = SRF_PARAMS.find((s) => s.flag === flag)!;
    return parsePositiveInt(v[flag], flag, Number(spec.default), spec.min ?? 1);
  };
  const o: SrfSpectrumOptions = { activation, theta, secondLayer, n: size("n"), p: size("p"), d: size("d"), seed: parsePositiveInt(v.seed, "seed", 0, 0) };
  const out = v["no-report"] ? null : v.out ?? "spikelab-spectrum.html";
  if (out) checkOutputPath(out, "out");
  if (v.queue !== undefined) queueConnection(v.queue, "--queue");
  // a job that fails for good throws a SpikelabError with the worker's reason: exit 2
  const r = v.queue === undefined ? srfSpectrum(o) : await runQueuedSpectrum(o, { queue: v.queue, onLog: (line) => process.stderr.write(`spikelab ${line}\n`) });
  if (v.json) process.stdout.write(JSON.stringify({ options: o, support: r.support, bulkTop: r.bulkTop, spikes: r.spikes }, null, 2) + "\n");
  if (out) {
    const html = renderReport({
      title: "spikelab: spiked random features, spectrum vs deterministic equivalent",
      subtitle: `spikelab spectrum ${shownArgs(argv)}`.trim(),
      sweeps: [],
      spectra: [r.panel],
      facts: [
        ["support of the bulk", r.support.map(([a, b]) => `[${a.toFixed(4)}, ${b.toFixed(4)}]`).join(" u ")],
        ["largest bulk eigenvalue: measured / predicted edge", `${r.bulkTop.measured.toFixed(4)} / ${r.bulkTop.predicted.toFixed(4)}`],
        ...r.spikes.map((s, j): [string, string] => [`order-p spike ${j + 1}: measured / predicted (leading order)`,
          `${s.measured.toFixed(2)} / ${s.predicted === null ? "in the bulk" : s.predicted.toFixed(2)} (${s.leading.toFixed(2)})`]),
      ],
    });
    writeFileSync(out, html);
    process.stderr.write(`report written to ${out}\n`);
  }
  if (!v.json) {
    process.stdout.write(`srf: bulk edge measured ${r.bulkTop.measured.toFixed(4)}, predicted ${r.bulkTop.predicted.toFixed(4)}; ` +
      r.spikes.map((s) => `spike ${s.measured.toFixed(2)} vs ${s.predicted === null ? "none" : s.predicted.toFixed(2)}`).join(", ") + "\n");
  }
  return 0;
}
