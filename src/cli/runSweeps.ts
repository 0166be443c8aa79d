/**
 * Runs the sweeps of a parsed sweep command and writes what was asked: the HTML report, the JSON
 * summary or CSV rows on stdout, and a one-line threshold summary per sweep.
 */
import { writeFileSync } from "node:fs";
import { renderReport, type PowerCurve, type TheoryCurve } from "../report/html.js";
import type { FiniteSizeSummary } from "../report/types.js";
import { finiteSizePanel, finiteSizeScaling } from "../sweep/finiteSize.js";
import { edgeStatisticPanel } from "../sweep/largestRoot.js";
import { getModel, modelLabel, overlapLabel, sweptParameterOf } from "../sweep/models/index.js";
import { overlapPanel } from "./overlapPanel.js";
import { malformedWarning, readRecordFile } from "../sweep/records.js";
import { sweep } from "../sweep/sweep.js";
import { summarizeTransition, type TransitionSummary } from "../sweep/transition.js";
import type { Params, TaskRecord } from "../sweep/types.js";
import { finiteSizeJson, finiteSizeLine, summaryCsv, summaryJson, thresholdLine } from "./summaryText.js";
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
  const count = model.curvePointsFor?.(fixed) ?? model.curvePoints ?? 201;
  const grid = [...new Set([...Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / Math.max(1, count - 1)), ...values])].sort((a, b) => a - b);
  const preds = grid.map((x) => cached.get(x) ?? model.predict(x, fixed));
  return {
    values: grid,
    top: preds.map((p) => p.outliers[0] ?? p.edge),
    edge: preds.map((p) => p.edge),
    overlap: preds.map((p) => p.overlaps[0] ?? 0),
  };
}

/** The predicted power of the largest-root test over the grid's range (101 points), for a largest-root summary. */
function powerCurve(summary: TransitionSummary, values: number[], fixed: Params): PowerCurve | undefined {
  const model = getModel(summary.model);
  if (summary.rule !== "largest-root" || !model.detectionPower) return undefined;
  const lo = Math.min(...values), hi = Math.max(...values);
  const grid = Array.from({ length: 101 }, (_, i) => lo + ((hi - lo) * i) / 100);
  const level = summary.level!;
  const sized = { ...model.defaults, ...fixed, ...(summary.size ? { [summary.size.parameter]: summary.size.value } : {}) };
  return { values: grid, power: grid.map((x) => model.detectionPower!(x, sized, level)), level };
}

/** One finished sweep: its summary (the largest size's, for a finite-size sweep) and its records. */
export interface Done {
  command: SweepCommand;
  summary: TransitionSummary;
  records: TaskRecord[];
  finiteSize?: FiniteSizeSummary;
}

function writeReport(o: RunOptions, out: string, done: Done[]): void {
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
  const sweeps = done.map(({ command, summary }) => {
    const power = powerCurve(summary, command.values, command.fixed);
    const sized = { ...command.fixed, ...(summary.size ? { [summary.size.parameter]: summary.size.value } : {}) };
    return {
      summary, curve: theoryCurve(command.model, command.values, sized, summary), label: label(command),
      overlapLabel: overlapLabel(getModel(command.model)), ...(power ? { power } : {}),
    };
  });
  const html = renderReport({
    title: o.sweeps.some((c) => getModel(c.model).command === "amp")
      ? `spikelab: ${label(o.sweeps[0]!)}, overlap against ${getModel(o.sweeps[0]!.model).parameter}`
      : o.sweeps.length > 1 ? "spikelab: BBP-type transitions" : `spikelab: ${label(o.sweeps[0]!)} transition`,
    subtitle: o.commandLine,
    spectra,
    complexSpectra,
    sweeps,
    overlapPanels: done.flatMap((d, i) => (getModel(d.command.model).command === "amp" ? [overlapPanel(d, sweeps[i]!.curve, done)] : [])),
    // every size's instances, each scaled by its own edge law
    edgeStatistics: done.flatMap(({ command, records }) => edgeStatisticPanel(records, label(command)) ?? []),
    finiteSize: done.flatMap(({ command, finiteSize }) => {
      if (!finiteSize) return [];
      const panel = finiteSizePanel(finiteSize, label(command));
      panel.powers = finiteSize.perSize.map((s) => powerCurve(s, command.values, command.fixed)).filter((p): p is PowerCurve => p !== undefined);
      return [panel];
    }),
    notes: notes(done),
    facts: [
      ...done.map(({ command }): [string, string] => {
        const sizeParameter = getModel(command.model).sizeParameter;
        const shown = Object.entries(command.fixed).map(([k, v]) => `${k} = ${command.sizes && k === sizeParameter ? command.sizes.join(", ") : v}`);
        return [label(command), `${getModel(command.model).description}; ${shown.join(", ")}`];
      }),
      ["instances", `${done.reduce((t, s) => t + s.records.length, 0)} (${o.seeds} per value, base seed ${o.seed})`],
      ...noiseFacts(done),
      ["compute time (sum over tasks)", `${seconds.toFixed(1)} s`],
    ],
  });
  writeFileSync(out, html);
  process.stderr.write(`report written to ${out}\n`);
}

/** Which rule measured which sweep, and what a finite-size fit left out. */
function notes(done: Done[]): string[] {
  return done.flatMap(({ command, summary, finiteSize }) => {
    const model = getModel(command.model);
    if (model.command === "amp") {
      return [`${model.name}: no eigenvalue; the threshold is where the mean overlap m² stands 3 standard errors above 1/d (the overlap rule), ` +
        `beside alpha_c, the weak-recovery threshold of the state evolution (= the spectral estimators' alpha_c).`, ...(finiteSize?.notes ?? [])];
    }
    const rule = summary.rule === "largest-root"
      ? `${model.name}: thresholds where the detection rate of the largest-root test (level ${summary.level}, Tracy-Widom edge law) crosses 50%.`
      : model.edgeLaw
        ? `${model.name}: the separation rule, on request (--rule separation).`
        : `${model.name}: no Tracy-Widom theory for this matrix; thresholds by the separation rule (the top eigenvalue 3 fluctuations above the next).`;
    return [rule, ...(finiteSize?.notes ?? [])];
  });
}

/**
 * The warnings a run's options call for before any work. With one seed per value the overlap's
 * standard error is taken as the overlap itself (src/sweep/transition.ts), so its detection test
 * (mean - 1/d > 3 max(se, 1/d)) can never pass: the overlap threshold needs >= 2 seeds.
 */
export function optionWarnings(o: RunOptions): string[] {
  const one = o.sweeps.filter((c) => (c.seeds ?? o.seeds) < 2).map((c) => c.model);
  return one.length === 0 ? [] : [`--seeds 1: the overlap threshold needs at least 2 seeds per value (its spread), so it is not measured (${one.join(", ")})`];
}

/** The line a run resumed from --jsonl prints: how many of its tasks came from the file. */
export function resumeLine(file: string, model: string, reused: number, total: number): string {
  return `spikelab: ${model}: reused ${reused} of ${total} task(s) from ${file}, ran ${total - reused}\n`;
}

export async function runSweeps(o: RunOptions): Promise<number> {
  const done: Done[] = [];
  for (const w of optionWarnings(o)) process.stderr.write(`spikelab: warning: ${w}\n`);
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
    let reused = 0;
    const records: TaskRecord[] = await sweep({
      model: command.model, values: command.values, fixed: command.fixed, seeds: command.seeds ?? o.seeds, seed: o.seed, workers: o.workers,
      ...(o.noise && (o.noise === "common" || getModel(command.model).measureSeries) ? { noise: o.noise } : {}),
      records: o.jsonl, onWarning, onProgress: (d, total, _r, fromFile) => {
        if (fromFile) reused++;
        progress.update(d, total);
      }, ...(command.sizes ? { sizes: command.sizes } : {}),
      ...(o.queue ? { queue: { queue: o.queue, onFailed: (task, reason) => failed.push({ task, reason }), onLog: (line) => process.stderr.write(`spikelab ${line}\n`) } } : {}),
    });
    if (o.jsonl) process.stderr.write(resumeLine(o.jsonl, command.model, reused, records.length));
    // the library's rule default (largest-root where the model has an edge law) unless --rule says otherwise
    const options = { ...(o.rule && (o.rule === "separation" || getModel(command.model).edgeLaw) ? { rule: o.rule } : {}), level: o.level };
    if (command.sizes) {
      const finiteSize = finiteSizeScaling(records, options);
      done.push({ command, summary: finiteSize.perSize[finiteSize.perSize.length - 1]!, records, finiteSize });
    } else {
      done.push({ command, summary: summarizeTransition(records, options), records });
    }
  }
  if (o.json) {
    const json = done.map((s) => (s.finiteSize ? finiteSizeJson(s.finiteSize) : summaryJson(s.summary)));
    process.stdout.write(JSON.stringify(json.length === 1 ? json[0] : json, null, 2) + "\n");
  }
  if (o.csv) for (const s of done) for (const summary of s.finiteSize?.perSize ?? [s.summary]) process.stdout.write(summaryCsv(summary));
  if (o.out) writeReport(o, o.out, done);
  if (!o.json && !o.csv) {
    for (const { summary, finiteSize } of done) {
      for (const s of finiteSize?.perSize ?? [summary]) process.stdout.write(thresholdLine(s));
      if (finiteSize) process.stdout.write(finiteSizeLine(finiteSize));
    }
  }
  // the summary's failed tasks: on stdout with the text summary, on stderr beside JSON or CSV; exit 2 (rerun to retry them)
  (o.json || o.csv ? process.stderr : process.stdout).write(failedTaskLines(failed));
  return failed.length > 0 ? 2 : 0;
}

/** The report's line on common random numbers, when a sweep of the run used them. */
function noiseFacts(done: Done[]): [string, string][] {
  const common = done.filter((d) => d.records.some((r) => r.noise === "common")).map((d) => d.command.model);
  if (common.length === 0) return [];
  return [["noise", `common across the grid for ${common.join(", ")}: each seed's instances share their Gaussian noise and planted ` +
    "direction (one factorization per seed, each value a rank-one update); thresholds are the median of the seeds' own crossings (--noise independent for independent instances)"]];
}
