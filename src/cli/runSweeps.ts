/**
 * Runs the sweeps of a parsed sweep command and writes what was asked: the HTML report, the JSON
 * summary or CSV rows on stdout, and a one-line threshold summary per sweep.
 */
import { writeFileSync } from "node:fs";
import { renderReport, type TheoryCurve } from "../report/html.js";
import { getModel, modelLabel, sweptParameterOf } from "../sweep/models/index.js";
import { malformedWarning, readRecordFile } from "../sweep/records.js";
import { sweep } from "../sweep/sweep.js";
import { summarizeTransition, type TransitionSummary } from "../sweep/transition.js";
import type { Params, TaskRecord } from "../sweep/types.js";
import { Progress } from "./progress.js";
import { failedTaskLines } from "./queueCommands.js";
import type { FailedTask } from "../sweep/queue/producer.js";
import type { RunOptions, SweepCommand } from "./sweepArgs.js";

/** The theory's top eigenvalue, edge and overlap on a fine grid spanning the sweep. */
function theoryCurve(modelName: string, values: number[], fixed: Params, known: TransitionSummary): TheoryCurve {
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

function writeReport(o: RunOptions, out: string, done: { command: SweepCommand; summary: TransitionSummary; records: TaskRecord[] }[]): void {
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
  const label = (c: SweepCommand) => modelLabel(getModel(c.model), c.fixed);
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
  writeFileSync(out, html);
  process.stderr.write(`report written to ${out}\n`);
}

export async function runSweeps(o: RunOptions): Promise<number> {
  const done: { command: SweepCommand; summary: TransitionSummary; records: TaskRecord[] }[] = [];
  if (o.jsonl) {
    // the --jsonl file is read (and a cut last line repaired) once here, for its one warning line;
    // each sweep of the run then reads it again for its own records, silently
    const warning = malformedWarning(o.jsonl, readRecordFile(o.jsonl, sweptParameterOf).malformed);
    if (warning) process.stderr.write(`spikelab: warning: ${warning}\n`);
  }
  const onWarning = () => {};
  const failed: FailedTask[] = []; // tasks a queue gave up on (--queue)
  for (const command of o.sweeps) {
    const progress = new Progress(command.model);
    const records: TaskRecord[] = await sweep({
      model: command.model, values: command.values, fixed: command.fixed, seeds: o.seeds, seed: o.seed, workers: o.workers,
      out: o.jsonl, onWarning, onProgress: (d, total) => progress.update(d, total),
      ...(o.queue ? { queue: { queue: o.queue, onFailed: (task, reason) => failed.push({ task, reason }), onLog: (line) => process.stderr.write(`spikelab ${line}\n`) } } : {}),
    });
    done.push({ command, summary: summarizeTransition(records), records });
  }
  if (o.json) {
    const json = done.map((s) => summaryJson(s.summary));
    process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + "\n");
  }
  if (o.csv) for (const s of done) process.stdout.write(summaryCsv(s.summary));
  if (o.out) writeReport(o, o.out, done);
  if (!o.json && !o.csv) {
    for (const { summary } of done) {
      const e = summary.eigenvalueThreshold;
      process.stdout.write(
        `${summary.model}: predicted threshold ${summary.parameter} = ${summary.predictedThreshold.toFixed(3)}; measured ` +
          `${Number.isFinite(e.estimate) ? `${e.estimate.toFixed(3)} ± ${Number.isFinite(e.uncertainty) ? e.uncertainty.toFixed(3) : "?"}` : "no transition in the grid"}\n`,
      );
    }
  }
  // the summary's failed tasks: on stdout with the text summary, on stderr beside JSON or CSV; exit 2 (rerun to retry them)
  (o.json || o.csv ? process.stderr : process.stdout).write(failedTaskLines(failed));
  return failed.length > 0 ? 2 : 0;
}
