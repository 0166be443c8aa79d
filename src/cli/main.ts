#!/usr/bin/env node
/**
 * The `spikelab` command.
 *
 *   spikelab                 the main job: a default BBP sweep and its HTML report
 *   spikelab bbp [options]   sweep a spiked model's signal strength; report and/or JSON/CSV
 *   spikelab info            the loaded WASM build and a GEMM self-check
 *   spikelab bench [suite]   run the benchmarks (from a source checkout)
 *
 * User errors (bad arguments, bad parameters) print one line and exit with code 2.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { activeBuild, getThreads, matmul, Matrix, SpikelabError } from "../index.js";
import { loaded } from "../wasm/loader.js";
import { renderReport, type TheoryCurve } from "../report/html.js";
import { getModel, linkByName } from "../sweep/models.js";
import { sweep } from "../sweep/sweep.js";
import { summarizeTransition, type TransitionSummary } from "../sweep/transition.js";
import type { TaskRecord } from "../sweep/types.js";
import { parseGrid, parseNumber, parsePositiveInt, UsageError } from "./args.js";
import { Progress } from "./progress.js";
import { srfSpectrum, type SrfSpectrumOptions } from "./spectrum.js";

const HELP: Record<string, string> = {
  main: `usage: spikelab [command] [options]

commands:
  (none)     the main job: a BBP sweep of the spiked covariance model (gamma = 0.5, n = 2000,
             theta = 0.1..2.5, 3 seeds) and a LAMP sweep of the link sign(z1*z2) (d = 600,
             alpha = 0.5..5), in one HTML report: spikelab-report.html
  bbp        sweep a spiked model's signal strength (spikelab bbp --help)
  lamp       sweep the sample ratio of an index model's LAMP, TAP or Mondelli-Montanari estimator
             (spikelab lamp --help)
  spectrum   one spectrum beside its deterministic equivalent (spikelab spectrum --help)
  info       show the loaded WASM build and thread count, and run GEMM self-checks
  bench      run the benchmarks of a source checkout (spikelab bench [suite...])

options:
  -h, --help  this help
`,
  bbp: `usage: spikelab bbp [options]

Sweeps the signal strength of a spiked model, draws several instances per value, measures the top
eigenvalue and the eigenvector overlap, estimates where the outlier leaves the bulk, and compares with
the theory (BBP).

options:
  --model NAME      spiked-covariance | spiked-wigner | general-population | ck-spike | srf
                    (default spiked-covariance)
  --theta GRID      swept signal strengths: start:stop:step or a list a,b,c (default 0.1:2.5:0.1)
  --ell GRID        general-population: swept population spike ell (default 1:12:0.5) over the base
                    population H = (delta_1 + delta_t2) / 2 (Bai-Yao outlier psi(ell))
  --n N             samples (spiked-covariance, general-population) or matrix size (spiked-wigner)
                    (default 2000 / 1000)
  --gamma G         d / n for spiked-covariance (default 0.5) and general-population (default 0.25)
  --t2 T            general-population: the second atom of H (default 3)
  --beta GRID       ck-spike: swept strength of the small step W1 = W0 + beta u v^T (default 0:4:0.25);
                    --n, --p, --d (default 2000, 1000, 1000) and --activation (default tanh)
  srf               spiked random features after one large step, W = W0 + theta abar v^T (rows of W0 on
                    the sphere orthogonal to v): --theta sweeps the spike strength (default
                    0,0.02,0.04,0.06,0.08,0.1,0.2,0.5,1,1.5); order-p spikes, bulk edge and overlaps vs
                    the spiked-RF deterministic equivalent, threshold theta_c = O(p^{-1/2});
                    --n, --p, --d (default 2000, 1000, 1000), --activation (relu | tanh | erf | sigmoid |
                    abs | silu | gelu | linear, default tanh), --second-layer ones | plusminus (default ones)
  --seeds S         instances per grid value (default 3)
  --seed S          base seed (default 0); results do not depend on --workers
  --workers W       worker threads (default: number of cores)
  --out FILE        HTML report (default spikelab-report.html); --no-report to skip
  --jsonl FILE      append task records to FILE and resume from it (default: none)
  --json            print the summary as JSON on stdout
  --csv             print one CSV row per grid value on stdout
  -h, --help        this help
`,
  lamp: `usage: spikelab lamp [options]

Sweeps the sample ratio alpha = n / d of a multi-index model y = g(W*^T x), builds the asymmetric
LAMP spectral matrix (linearized AMP), and measures its eigenvalue of largest real part and the
overlap of its estimate with W*, beside the predictions (outlier alpha / alpha_c leaving the bulk
disk of radius sqrt(alpha / alpha_c) at the weak-recovery threshold alpha_c). --method tap and mm
sweep the symmetric TAP and Mondelli-Montanari matrices instead.

options:
  --link G          z^2 | |z| | z1*z2 | z1^2-z2^2 | |z1z2| | sign(z1*z2) | z1*z2*z3 | z1/z2 | ... (default
                    sign(z1*z2): its G(y) is bounded, so finite-size fluctuations are small; links with
                    unbounded G such as z1*z2 need d >= 2000 and many seeds for the eigenvalue threshold)
  --alpha GRID      sample ratios: start:stop:step or a list (default 0.5:5:0.5)
  --d D             dimension (default 600)
  --method M        lamp (the asymmetric LAMP matrix, default), tap (the symmetric TAP matrix,
                    outlier at 1) or mm (single-index links z^2, |z|; default link z^2: the classical
                    (1/n) sum_i T(y_i) a_i a_i^T with Mondelli-Montanari's T = G / (G + c),
                    c = max(1, sqrt(alpha / alpha_c)): MM's sqrt(alpha / alpha_c) above alpha_c, where
                    they define it, and its value 1 at alpha_c below, so no pole; Lu-Li predictions)
  --seeds S, --seed S, --workers W, --out FILE, --no-report, --jsonl FILE, --json, --csv: as for bbp
  -h, --help        this help
`,
  spectrum: `usage: spikelab spectrum --model srf [options]

The whole spectrum of the feature covariance F^T F / n of the isotropic spiked random-feature model
(features sigma(X W^T) with W = W0 + theta abar v^T: a two-layer network after one large gradient
step), beside its deterministic equivalent: bulk density, support edges, and the order-p spikes
(realized plug-in of the sample projections).

options:
  --model srf       the model (srf only, for now)
  --activation A    relu | tanh | erf | sigmoid | abs | silu | gelu | linear (default relu)
  --theta T         spike strength (default 1.5)
  --second-layer L  ones | plusminus (default plusminus)
  --n N, --p P, --d D   samples, features, input dimension (default 2000, 1000, 1000)
  --seed S          seed (default 0)
  --out FILE        HTML report (default spikelab-spectrum.html); --no-report to skip
  --json            print the comparison as JSON on stdout
  -h, --help        this help
`,
};

interface SweepCommand {
  model: string;
  values: number[];
  fixed: Record<string, number | string>;
}

interface RunOptions {
  sweeps: SweepCommand[];
  seeds: number;
  seed: number;
  workers?: number;
  out: string | null;
  jsonl?: string;
  json: boolean;
  csv: boolean;
  commandLine: string;
}

const COMMON = {
  seeds: { type: "string" }, seed: { type: "string" }, workers: { type: "string" }, out: { type: "string" },
  "no-report": { type: "boolean" }, jsonl: { type: "string" }, json: { type: "boolean" }, csv: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function commonOptions(v: Record<string, string | boolean | undefined>, commandLine: string, sweeps: SweepCommand[]): RunOptions {
  const str = (k: string) => v[k] as string | undefined;
  return {
    sweeps,
    seeds: parsePositiveInt(str("seeds"), "seeds", 3),
    seed: parseNumber(str("seed"), "seed", 0),
    workers: str("workers") === undefined ? undefined : parsePositiveInt(str("workers"), "workers", 1),
    out: v["no-report"] ? null : str("out") ?? "spikelab-report.html",
    jsonl: str("jsonl"),
    json: Boolean(v["json"]),
    csv: Boolean(v["csv"]),
    commandLine,
  };
}

function parseBbp(argv: string[]): RunOptions | null {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      ...COMMON, model: { type: "string" }, theta: { type: "string" }, ell: { type: "string" }, beta: { type: "string" },
      n: { type: "string" }, gamma: { type: "string" }, t2: { type: "string" }, p: { type: "string" }, d: { type: "string" },
      activation: { type: "string" }, "second-layer": { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) {
    process.stdout.write(HELP["bbp"]!);
    return null;
  }
  const modelName = v.model ?? "spiked-covariance";
  const known = ["spiked-covariance", "spiked-wigner", "general-population", "ck-spike", "srf"];
  if (!known.includes(modelName)) {
    throw new UsageError(`--model: unknown model '${modelName}' (known: ${known.join(", ")}; for LAMP/TAP use spikelab lamp)`);
  }
  const model = getModel(modelName);
  const fixed: Record<string, number | string> = {};
  fixed["n"] = parsePositiveInt(v.n, "n", Number(model.defaults["n"]));
  for (const name of ["p", "d"] as const) {
    if (name in model.defaults) fixed[name] = parsePositiveInt(v[name], name, Number(model.defaults[name]));
    else if (v[name] !== undefined) throw new UsageError(`--${name} does not apply to --model ${modelName}`);
  }
  if ("activation" in model.defaults) fixed["activation"] = v.activation ?? String(model.defaults["activation"]);
  else if (v.activation !== undefined) throw new UsageError(`--activation does not apply to --model ${modelName}`);
  if ("secondLayer" in model.defaults) fixed["secondLayer"] = v["second-layer"] ?? String(model.defaults["secondLayer"]);
  else if (v["second-layer"] !== undefined) throw new UsageError(`--second-layer does not apply to --model ${modelName}`);
  for (const name of ["gamma", "t2"] as const) {
    if (name in model.defaults) {
      const value = parseNumber(v[name], name, Number(model.defaults[name]));
      if (!(value > 0)) throw new UsageError(`--${name} must be > 0, got ${value}`);
      fixed[name] = value;
    } else if (v[name] !== undefined) {
      throw new UsageError(`--${name} does not apply to --model ${modelName}`);
    }
  }
  // the swept flag is the model's parameter: --theta, --ell (general-population) or --beta (ck-spike);
  // srf's theta grid resolves its O(p^{-1/2}) threshold and then the order-p regime
  const defaults: Record<string, string> = { theta: modelName === "srf" ? "0,0.02,0.04,0.06,0.08,0.1,0.2,0.5,1,1.5" : "0.1:2.5:0.1", ell: "1:12:0.5", beta: "0:4:0.25" };
  for (const flag of ["theta", "ell", "beta"] as const) {
    if (flag !== model.parameter && v[flag] !== undefined) throw new UsageError(`--model ${modelName} sweeps --${model.parameter}, not --${flag}`);
  }
  const grid = parseGrid(v[model.parameter as "theta"] ?? defaults[model.parameter]!, model.parameter);
  if (modelName === "srf" && grid.some((t) => t < 0)) throw new UsageError("--theta values must be >= 0 for --model srf");
  try {
    model.validate?.({ ...model.defaults, ...fixed });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const sweeps = [{ model: modelName, values: grid, fixed }];
  return commonOptions(v, `spikelab bbp ${argv.join(" ")}`.trim(), sweeps);
}

function parseLamp(argv: string[]): RunOptions | null {
  const { values: v } = parseArgs({
    args: argv,
    options: { ...COMMON, link: { type: "string" }, alpha: { type: "string" }, d: { type: "string" }, method: { type: "string" } },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) {
    process.stdout.write(HELP["lamp"]!);
    return null;
  }
  const method = v.method ?? "lamp";
  if (method !== "lamp" && method !== "tap" && method !== "mm") throw new UsageError(`--method must be lamp, tap or mm, got '${method}'`);
  // Mondelli-Montanari is a single-index method: its default link is phase retrieval
  const link = v.link ?? (method === "mm" ? "z^2" : "sign(z1*z2)");
  try {
    linkByName(link);
  } catch (err) {
    throw new UsageError(`--link: ${(err as Error).message}`);
  }
  const values = parseGrid(v.alpha ?? "0.5:5:0.5", "alpha");
  if (values.some((a) => !(a > 0))) throw new UsageError("--alpha values must be > 0");
  const fixed = { d: parsePositiveInt(v.d, "d", 600), link };
  const model = getModel(method);
  try {
    model.validate?.({ ...model.defaults, ...fixed });
  } catch (err) {
    throw new UsageError(`--method ${method}: ${(err as Error).message}`);
  }
  return commonOptions(v, `spikelab lamp ${argv.join(" ")}`.trim(), [{ model: method, values, fixed }]);
}

/** The main job: the default BBP sweep and the default LAMP sweep in one report. */
function mainJob(): RunOptions {
  const bbp = parseBbp([])!;
  const lamp = parseLamp([])!;
  return { ...bbp, sweeps: [...bbp.sweeps, ...lamp.sweeps], commandLine: "spikelab (the default BBP and LAMP sweeps)" };
}

/** The theory's top eigenvalue, edge and overlap on a fine grid spanning the sweep. */
function theoryCurve(modelName: string, values: number[], fixed: Record<string, number | string>, known: TransitionSummary): TheoryCurve {
  const model = getModel(modelName);
  // the sweep's own points already carry their prediction (computed on the workers)
  const cached = new Map(known.points.map((p) => [p.value, p.prediction]));
  const lo = Math.min(...values), hi = Math.max(...values);
  // a model whose prediction solves a deterministic equivalent per value (srf: ~1 s each) asks for
  // fewer points; the grid values themselves are always on the curve
  const count = model.curvePoints ?? 201;
  const grid = [...new Set([...Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / Math.max(1, count - 1)), ...values])].sort((a, b) => a - b);
  const preds = grid.map((x) => cached.get(x) ?? model.predict(x, fixed));
  return {
    values: grid,
    top: preds.map((p) => p.outliers[0] ?? p.edge),
    edge: preds.map((p) => p.edge),
    overlap: preds.map((p) => p.overlaps[0] ?? 0),
  };
}

function summaryJson(summary: TransitionSummary): unknown {
  return {
    model: summary.model,
    parameter: summary.parameter,
    predictedThreshold: summary.predictedThreshold,
    eigenvalueThreshold: summary.eigenvalueThreshold,
    overlapThreshold: summary.overlapThreshold,
    points: summary.points.map((p) => ({
      value: p.value, seeds: p.seeds, topMean: p.topMean, topStd: p.topStd, overlapMean: p.overlapMean, overlapStd: p.overlapStd,
      edgeMean: p.edgeMean, predictedTop: p.prediction.outliers[0] ?? p.prediction.edge, predictedEdge: p.prediction.edge,
      predictedOverlap: p.prediction.overlaps[0] ?? 0, separated: p.separated, overlapDetected: p.overlapDetected,
    })),
  };
}

function summaryCsv(summary: TransitionSummary): string {
  const head = `${summary.parameter},seeds,top_mean,top_std,predicted_top,predicted_edge,overlap_mean,overlap_std,predicted_overlap,separated`;
  const rows = summary.points.map((p) =>
    [p.value, p.seeds, p.topMean, p.topStd, p.prediction.outliers[0] ?? p.prediction.edge, p.prediction.edge, p.overlapMean, p.overlapStd,
      p.prediction.overlaps[0] ?? 0, p.separated].join(","));
  return [head, ...rows].join("\n") + "\n";
}

async function runSweeps(o: RunOptions): Promise<number> {
  const done: { command: SweepCommand; summary: TransitionSummary; records: TaskRecord[] }[] = [];
  for (const command of o.sweeps) {
    const progress = new Progress(command.model);
    const records: TaskRecord[] = await sweep({
      model: command.model, values: command.values, fixed: command.fixed, seeds: o.seeds, seed: o.seed, workers: o.workers,
      out: o.jsonl, onProgress: (d, total) => progress.update(d, total),
    });
    done.push({ command, summary: summarizeTransition(records), records });
  }
  if (o.json) {
    const json = done.map((s) => summaryJson(s.summary));
    process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + "\n");
  }
  if (o.csv) for (const s of done) process.stdout.write(summaryCsv(s.summary));
  if (o.out) {
    const seconds = done.reduce((t, s) => t + s.records.reduce((u, r) => u + r.measurement.seconds, 0), 0);
    // the whole spectrum of one instance at the strongest signal of each grid, where the model has one
    const spectra = done.flatMap(({ command }) => {
      const model = getModel(command.model);
      return model.spectrum ? [model.spectrum(Math.max(...command.values), { ...model.defaults, ...command.fixed }, o.seed)] : [];
    });
    const complexSpectra = done.flatMap(({ command }) => {
      const model = getModel(command.model);
      return model.complexSpectrum ? [model.complexSpectrum(Math.max(...command.values), { ...model.defaults, ...command.fixed }, o.seed)] : [];
    });
    const label = (c: SweepCommand) =>
      c.model === "lamp" || c.model === "tap" ? `${c.model.toUpperCase()}, link ${c.fixed["link"]}`
        : c.model === "mm" ? `Mondelli-Montanari, link ${c.fixed["link"]}`
          : c.model;
    const html = renderReport({
      title: o.sweeps.length > 1 ? "spikelab: BBP-type transitions" : `spikelab: ${label(o.sweeps[0]!)} transition`,
      subtitle: o.commandLine,
      spectra,
      complexSpectra,
      sweeps: done.map(({ command, summary }) => ({ summary, curve: theoryCurve(command.model, command.values, command.fixed, summary), label: label(command) })),
      facts: [
        ...done.map(({ command }): [string, string] => [label(command), `${getModel(command.model).description}; ${Object.entries(command.fixed).map(([k, v]) => `${k} = ${v}`).join(", ")}`]),
        ["instances", `${done.reduce((t, s) => t + s.records.length, 0)} (${o.seeds} per value, base seed ${o.seed})`],
        ["compute time (sum over tasks)", `${seconds.toFixed(1)} s`],
      ],
    });
    writeFileSync(o.out, html);
    process.stderr.write(`report written to ${o.out}\n`);
  }
  if (!o.json && !o.csv) {
    for (const { summary } of done) {
      const e = summary.eigenvalueThreshold;
      process.stdout.write(
        `${summary.model}: predicted threshold ${summary.parameter} = ${summary.predictedThreshold.toFixed(3)}; measured ` +
          `${Number.isFinite(e.estimate) ? `${e.estimate.toFixed(3)} ± ${Number.isFinite(e.uncertainty) ? e.uncertainty.toFixed(3) : "?"}` : "no transition in the grid"}\n`,
      );
    }
  }
  return 0;
}

function runSpectrum(argv: string[]): number {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      model: { type: "string" }, activation: { type: "string" }, theta: { type: "string" }, "second-layer": { type: "string" },
      n: { type: "string" }, p: { type: "string" }, d: { type: "string" }, seed: { type: "string" }, out: { type: "string" },
      "no-report": { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) {
    process.stdout.write(HELP["spectrum"]!);
    return 0;
  }
  if ((v.model ?? "srf") !== "srf") throw new UsageError(`--model: only 'srf' has a spectrum command so far, got '${v.model}'`);
  const activations = ["relu", "tanh", "erf", "sigmoid", "abs", "silu", "gelu", "linear"] as const;
  const activation = (v.activation ?? "relu") as SrfSpectrumOptions["activation"];
  if (!activations.includes(activation)) throw new UsageError(`--activation must be one of ${activations.join(", ")}, got '${v.activation}'`);
  const secondLayer = v["second-layer"] ?? "plusminus";
  if (secondLayer !== "ones" && secondLayer !== "plusminus") throw new UsageError(`--second-layer must be ones or plusminus, got '${secondLayer}'`);
  const theta = parseNumber(v.theta, "theta", 1.5);
  if (theta < 0) throw new UsageError(`--theta must be >= 0, got ${theta}`);
  const o: SrfSpectrumOptions = {
    activation, theta, secondLayer,
    n: parsePositiveInt(v.n, "n", 2000), p: parsePositiveInt(v.p, "p", 1000), d: parsePositiveInt(v.d, "d", 1000),
    seed: parseNumber(v.seed, "seed", 0),
  };
  const r = srfSpectrum(o);
  if (v.json) process.stdout.write(JSON.stringify({ options: o, support: r.support, bulkTop: r.bulkTop, spikes: r.spikes }, null, 2) + "\n");
  const out = v["no-report"] ? null : v.out ?? "spikelab-spectrum.html";
  if (out) {
    const html = renderReport({
      title: "spikelab: spiked random features, spectrum vs deterministic equivalent",
      subtitle: `spikelab spectrum ${argv.join(" ")}`.trim(),
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

function runInfo(): number {
  const n = 64;
  const a = Matrix.fromFunction(n, n, (i, j) => Math.sin(i + 2 * j));
  const b = Matrix.fromFunction(n, n, (i, j) => Math.cos(3 * i - j));
  const c = matmul(a, b);
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a.data[i * n + k]! * b.data[k * n + j]!;
      err = Math.max(err, Math.abs(s - c.data[i * n + j]!));
    }
  }
  // and the threaded GEMM against the one-thread product, bit for bit
  const m = 256;
  const big = Matrix.fromFunction(m, m, (i, j) => Math.sin(i - 3 * j));
  const one = matmul(big, big, { threads: 1 });
  const all = matmul(big, big);
  const same = one.data.every((v, i) => Object.is(v, all.data[i]));
  const shared = loaded().shared;
  process.stdout.write(
    `spikelab: WASM build '${activeBuild()}'${shared ? " (threads twin, shared memory)" : " (single-threaded)"}, ` +
      `${getThreads()} thread(s), GEMM ${n}x${n} self-check max error ${err.toExponential(2)}, ` +
      `threaded GEMM ${m}x${m} ${same ? "equals" : "DIFFERS FROM"} one thread\n`,
  );
  return err < 1e-10 && same ? 0 : 1;
}

function runBench(argv: string[]): number {
  const runner = fileURLToPath(new URL("../../bench/run.ts", import.meta.url));
  if (!existsSync(runner)) throw new UsageError("spikelab bench needs a source checkout (bench/run.ts not found next to the package)");
  const r = spawnSync("npx", ["tsx", runner, ...argv], { stdio: "inherit" });
  return r.status ?? 1;
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
      return runSweeps(mainJob());
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(HELP["main"]!);
      return 0;
    case "bbp": {
      const o = parseBbp(rest);
      return o ? runSweeps(o) : 0;
    }
    case "lamp": {
      const o = parseLamp(rest);
      return o ? runSweeps(o) : 0;
    }
    case "spectrum":
      return runSpectrum(rest);
    case "info":
      return runInfo();
    case "bench":
      return runBench(rest);
    default:
      throw new UsageError(`unknown command '${cmd}' (try spikelab --help)`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const userError = err instanceof UsageError || err instanceof SpikelabError ||
      (err instanceof Error && (err as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS"));
    if (userError) {
      // one line: Node's parseArgs messages can span several
      process.stderr.write(`spikelab: ${(err as Error).message.replace(/\s*\n\s*/g, " ")}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`spikelab: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
