/**
 * `spikelab spectrum --model srf`: the whole spectrum of one spiked-random-feature covariance
 * F^T F / n beside its deterministic equivalent (src/theory/spikedRf/): bulk density, support
 * edges, and the order-p spikes with the realized plug-in of the sample projections. With
 * `--queue URL` the spectrum is computed as one job on a queue worker (src/sweep/queue/spectrumJob.ts)
 * and reported exactly as a local run.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { renderReport } from "../report/html.js";
import { queueConnection } from "../sweep/queue/connection.js";
import { runQueuedSpectrum } from "../sweep/queue/spectrumJob.js";
import { SRF_ACTIVATIONS, SRF_PARAMS, SRF_SECOND_LAYERS, type SrfActivation } from "../sweep/models/index.js";
import { srfSpectrum, type SrfSpectrumOptions } from "../sweep/srfSpectrum.js";
import { parseNumber, parsePositiveInt, UsageError } from "./args.js";
import { spectrumHelp } from "./help.js";
import { checkOutputPath } from "./paths.js";

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
  // as for the sweeps: --json prints to stdout and writes the HTML report only when --out is given
  const out = v["no-report"] ? null : v.out ?? (v.json ? null : "spikelab-spectrum.html");
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
