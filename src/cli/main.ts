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
import { activeBuild, matmul, Matrix, SpikelabError } from "../index.js";
import { renderReport, type TheoryCurve } from "../report/html.js";
import { getModel, sweepModels } from "../sweep/models.js";
import { sweep } from "../sweep/sweep.js";
import { summarizeTransition, type TransitionSummary } from "../sweep/transition.js";
import type { TaskRecord } from "../sweep/types.js";
import { parseGrid, parseNumber, parsePositiveInt, UsageError } from "./args.js";
import { Progress } from "./progress.js";

const HELP: Record<string, string> = {
  main: `usage: spikelab [command] [options]

commands:
  (none)     the main job: BBP sweep of the spiked covariance model (gamma = 0.5, n = 2000,
             theta = 0.1..2.5, 3 seeds) and an HTML report in spikelab-report.html
  bbp        sweep a spiked model (spikelab bbp --help)
  info       show the loaded WASM build and run a GEMM self-check
  bench      run the benchmarks of a source checkout (spikelab bench [suite...])

options:
  -h, --help  this help
`,
  bbp: `usage: spikelab bbp [options]

Sweeps the signal strength of a spiked model, draws several instances per value, measures the top
eigenvalue and the eigenvector overlap, estimates where the outlier leaves the bulk, and compares with
the theory (BBP).

options:
  --model NAME      ${"spiked-covariance | spiked-wigner"} (default spiked-covariance)
  --theta GRID      swept signal strengths: start:stop:step or a list a,b,c (default 0.1:2.5:0.1)
  --n N             samples (spiked-covariance) or matrix size (spiked-wigner) (default 2000 / 1000)
  --gamma G         d / n for spiked-covariance (default 0.5)
  --seeds S         instances per grid value (default 3)
  --seed S          base seed (default 0); results do not depend on --workers
  --workers W       worker threads (default: number of cores)
  --out FILE        HTML report (default spikelab-report.html); --no-report to skip
  --jsonl FILE      append task records to FILE and resume from it (default: none)
  --json            print the summary as JSON on stdout
  --csv             print one CSV row per grid value on stdout
  -h, --help        this help
`,
};

interface BbpOptions {
  model: string;
  values: number[];
  fixed: Record<string, number>;
  seeds: number;
  seed: number;
  workers?: number;
  out: string | null;
  jsonl?: string;
  json: boolean;
  csv: boolean;
  commandLine: string;
}

function parseBbp(argv: string[]): BbpOptions | null {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      model: { type: "string" }, theta: { type: "string" }, n: { type: "string" }, gamma: { type: "string" },
      seeds: { type: "string" }, seed: { type: "string" }, workers: { type: "string" }, out: { type: "string" },
      "no-report": { type: "boolean" }, jsonl: { type: "string" }, json: { type: "boolean" }, csv: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (v.help) {
    process.stdout.write(HELP["bbp"]!);
    return null;
  }
  const modelName = v.model ?? "spiked-covariance";
  let model;
  try {
    model = getModel(modelName);
  } catch {
    throw new UsageError(`--model: unknown model '${modelName}' (known: ${sweepModels().map((m) => m.name).join(", ")})`);
  }
  const fixed: Record<string, number> = {};
  fixed["n"] = parsePositiveInt(v.n, "n", Number(model.defaults["n"]));
  if ("gamma" in model.defaults) {
    fixed["gamma"] = parseNumber(v.gamma, "gamma", Number(model.defaults["gamma"]));
    if (!(fixed["gamma"]! > 0)) throw new UsageError(`--gamma must be > 0, got ${fixed["gamma"]}`);
  } else if (v.gamma !== undefined) {
    throw new UsageError(`--gamma does not apply to --model ${modelName}`);
  }
  return {
    model: modelName,
    values: parseGrid(v.theta ?? "0.1:2.5:0.1", "theta"),
    fixed,
    seeds: parsePositiveInt(v.seeds, "seeds", 3),
    seed: parseNumber(v.seed, "seed", 0),
    workers: v.workers === undefined ? undefined : parsePositiveInt(v.workers, "workers", 1),
    out: v["no-report"] ? null : v.out ?? "spikelab-report.html",
    jsonl: v.jsonl,
    json: v.json ?? false,
    csv: v.csv ?? false,
    commandLine: `spikelab bbp ${argv.join(" ")}`.trim(),
  };
}

/** The theory's top eigenvalue, edge and overlap on a fine grid spanning the sweep. */
function theoryCurve(modelName: string, values: number[], fixed: Record<string, number>): TheoryCurve {
  const model = getModel(modelName);
  const lo = Math.min(...values), hi = Math.max(...values);
  const grid = Array.from({ length: 201 }, (_, i) => lo + ((hi - lo) * i) / 200);
  const preds = grid.map((x) => model.predict(x, fixed));
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

async function runBbp(o: BbpOptions): Promise<number> {
  const progress = new Progress(`${o.model}`);
  const records: TaskRecord[] = await sweep({
    model: o.model, values: o.values, fixed: o.fixed, seeds: o.seeds, seed: o.seed, workers: o.workers, out: o.jsonl,
    onProgress: (done, total) => progress.update(done, total),
  });
  const summary = summarizeTransition(records);
  if (o.json) process.stdout.write(JSON.stringify(summaryJson(summary), null, 2) + "\n");
  if (o.csv) process.stdout.write(summaryCsv(summary));
  if (o.out) {
    const seconds = records.reduce((s, r) => s + r.measurement.seconds, 0);
    // the whole spectrum of one instance at the strongest signal of the grid
    const model = getModel(o.model);
    const strongest = Math.max(...o.values);
    const spectra = model.spectrum ? [model.spectrum(strongest, { ...model.defaults, ...o.fixed }, o.seed)] : [];
    const html = renderReport({
      spectra,
      title: `spikelab: BBP transition of the ${o.model} model`,
      subtitle: o.commandLine,
      sweeps: [{ summary, curve: theoryCurve(o.model, o.values, o.fixed), label: o.model }],
      facts: [
        ["model", getModel(o.model).description],
        ["fixed parameters", Object.entries(o.fixed).map(([k, v]) => `${k} = ${v}`).join(", ")],
        ["instances", `${records.length} (${o.seeds} per value, base seed ${o.seed})`],
        ["compute time (sum over tasks)", `${seconds.toFixed(1)} s`],
      ],
    });
    writeFileSync(o.out, html);
    process.stderr.write(`report written to ${o.out}\n`);
  }
  if (!o.json && !o.csv) {
    const e = summary.eigenvalueThreshold;
    process.stdout.write(
      `${o.model}: predicted threshold ${summary.parameter} = ${summary.predictedThreshold.toFixed(3)}; ` +
        `measured ${Number.isFinite(e.estimate) ? `${e.estimate.toFixed(3)} ± ${Number.isFinite(e.uncertainty) ? e.uncertainty.toFixed(3) : "?"}` : "no transition in the grid"}\n`,
    );
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
  process.stdout.write(`spikelab: WASM build '${activeBuild()}', GEMM ${n}x${n} self-check max error ${err.toExponential(2)}\n`);
  return err < 1e-10 ? 0 : 1;
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
    case undefined: {
      const o = parseBbp([]);
      return o ? runBbp(o) : 0;
    }
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(HELP["main"]!);
      return 0;
    case "bbp": {
      const o = parseBbp(rest);
      return o ? runBbp(o) : 0;
    }
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
      process.stderr.write(`spikelab: ${(err as Error).message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`spikelab: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);
