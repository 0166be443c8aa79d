/**
 * The generalization sweep of issue #18: the test error of ridge on the features after one gradient
 * step, simulated (features/oneStepRidge.ts) over seeds on a grid of alpha = n/d and, optionally, of
 * eta at a fixed alpha, beside the prediction of Cui et al. 2024's Result 3.3
 * (theory/oneStep/, `oneStepTestError`) and the random-features baseline (the same at eta = 0).
 *
 * The spectrum sweeps' registry (sweep/models/) measures top eigenvalues and overlaps; a test error
 * does not fit its Measurement, so this is a small runner of its own. Tasks: one seed of the alpha
 * curve (one step, then ridge at every alpha on one test set, as the authors' notebook does), and
 * one seed at each eta of the eta curve. Each task's seed is taskSeed(seed, pointIndex, seedIndex)
 * (sweep/seeds.ts), so the numbers depend on neither the order nor the number of threads; the tasks
 * run one after the other on the calling thread (each is a few large GEMMs). With `jsonl` every task
 * is appended as a record as it finishes, and tasks already in the file (same configuration) are
 * not run again.
 *
 * Conventions: those of oneStepRidge and of the theory (ridge on F / sqrt p with penalty
 * lambda |w|^2; errors are mean squared errors without 1/2; eta_eff = eta p; `noise` is the label
 * noise's standard deviation). For model 'spiked' the surrogate's r, cW, gamma are the theory's
 * (oneStepParameters), so the simulation samples exactly the model the prediction describes. For
 * model 'gradient-step' the prediction keeps the initial network output in the step's residual
 * (initialOutput "included", theory/oneStep/parameters.ts): the same as the notebook's for centered
 * students (tanh), and what the real step of a ReLU network does (its rows of W0 shrink by
 * 1 - eta / (2 pi)); ReLU steps with eta^2 / alpha0 of order 1 still sit 2-5% below it
 * (test/features/oneStepStepStructure.test.ts).
 */
import { InvalidArgumentError, SpikelabError } from "../errors.js";
import { activation, type Activation } from "../features/activations.js";
import { oneStepRidge, type OneStepFeatureModel, type SamplerConvention } from "../features/oneStepRidge.js";
import { targetByName } from "../features/oneStepTargets.js";
import type { GeneralizationCurve, GeneralizationPoint, GeneralizationSummary, GeneralizationTheory } from "../report/generalizationFigures.js";
import { oneStepParameters } from "../theory/oneStep/parameters.js";
import { oneStepTestError } from "../theory/oneStep/replica.js";
import { appendGeneralizationRecord, readGeneralizationRecords, type GeneralizationRecord } from "./generalizationRecords.js";
import { taskSeed } from "./seeds.js";

export interface GeneralizationSweepOptions {
  /** Student activation: a built-in name (features/activations.ts). */
  activation: string;
  /** Target sigma*: a name of features/oneStepTargets.ts ("sin(z)", "tanh(z)", "z+He2(z)/2", ...). */
  target: string;
  alpha0: number;
  /** eta of the alpha curve (eta_eff = eta p). */
  eta: number;
  ridge: number;
  /** The alpha grid. */
  alphas: number[];
  /** An eta grid for the eta curve at `etaAlpha` (none by default). */
  etas?: number[];
  /** The alpha of the eta curve (default: the alpha grid's largest value). */
  etaAlpha?: number;
  /** Input dimension (default 1000). */
  d?: number;
  /** p / d (default 1). */
  widthRatio?: number;
  /** Label noise standard deviation (default 0). */
  noise?: number;
  /** Seeds per task (default 3). */
  seeds?: number;
  /** Base seed (default 0). */
  seed?: number;
  testSamples?: number;
  /** Default 'gradient-step'. */
  model?: OneStepFeatureModel;
  /** Sampler convention of model 'spiked', and the convention of the prediction (default 'notebook'). */
  convention?: SamplerConvention;
  /** Points of the theory curves between the grid's ends (default 25; the grid values are added). */
  theoryPoints?: number;
  /** A JSONL file of task records (appended; resumed). */
  jsonl?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface GeneralizationSweepResult {
  summary: GeneralizationSummary;
  records: GeneralizationRecord[];
  /** Tasks taken from the JSONL file instead of run. */
  resumed: number;
  /** Sentences for the report (e.g. a theory point that did not converge). */
  notes: string[];
  /** Seconds of simulation in this run. */
  seconds: number;
}

function meanAndSe(xs: number[]): [number, number] {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  if (xs.length < 2) return [m, NaN];
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  return [m, Math.sqrt(v / xs.length)];
}

function pointOf(value: number, pts: { testError: number; trainError: number }[]): GeneralizationPoint {
  const [testMean, testStandardError] = meanAndSe(pts.map((q) => q.testError));
  const [trainMean, trainStandardError] = meanAndSe(pts.map((q) => q.trainError));
  return { value, testMean, testStandardError, trainMean, trainStandardError, seeds: pts.length };
}

function grid(values: number[], count: number): number[] {
  const lo = Math.min(...values), hi = Math.max(...values);
  if (count < 2 || hi === lo) return [...new Set(values)].sort((a, b) => a - b);
  const g = Array.from({ length: count }, (_, i) => lo + ((hi - lo) * i) / (count - 1));
  return [...new Set([...g, ...values])].sort((a, b) => a - b);
}

interface TheoryInputs {
  act: Activation;
  tgt: Activation;
  o: GeneralizationSweepOptions;
  convention: SamplerConvention;
  /** "included" for the real step, "neglected" (the notebook's mapping, what the surrogate samples) for 'spiked'. */
  initialOutput: "neglected" | "included";
  notes: string[];
}

/** The prediction on a grid of alpha (at `eta`) or of eta (at `alpha`); NaN and a note where the solver fails. */
function theoryCurve(t: TheoryInputs, parameter: "alpha" | "eta", values: number[], fixed: number, eta0 = false): GeneralizationTheory {
  const test: number[] = [], train: number[] = [];
  for (const v of values) {
    const alpha = parameter === "alpha" ? v : fixed;
    const eta = eta0 ? 0 : parameter === "eta" ? v : fixed;
    try {
      const r = oneStepTestError({
        activation: t.act, target: t.tgt, alpha0: t.o.alpha0 > 0 ? t.o.alpha0 : Infinity, eta: t.o.alpha0 > 0 ? eta : 0, widthRatio: t.o.widthRatio ?? 1,
        ridge: t.o.ridge, alpha, noise: (t.o.noise ?? 0) ** 2, convention: t.convention, initialOutput: t.initialOutput,
      });
      test.push(r.testError);
      train.push(r.trainError);
    } catch (err) {
      if (!(err instanceof SpikelabError)) throw err;
      test.push(NaN);
      train.push(NaN);
      t.notes.push(`theory${eta0 ? " (random features)" : ""} at alpha = ${alpha}, eta = ${eta}: ${err.message}`);
    }
  }
  return { values, test, train };
}

/** A fingerprint of everything that changes a task's numbers. */
function configKey(o: GeneralizationSweepOptions, d: number, testSamples: number, model: string, convention: string): string {
  return JSON.stringify([o.activation, o.target, o.alpha0, o.eta, o.ridge, o.alphas, o.etas ?? [], o.etaAlpha ?? null, d, o.widthRatio ?? 1,
    o.noise ?? 0, o.seed ?? 0, testSamples, model, model === "spiked" ? convention : null]);
}

/** Runs the sweep (see the file comment). Throws InvalidArgumentError for bad options before any work. */
export function generalizationSweep(o: GeneralizationSweepOptions): GeneralizationSweepResult {
  if (o === null || typeof o !== "object") throw new InvalidArgumentError("generalizationSweep needs an options object");
  const act = activation(o.activation as never);
  const tgtSpec = targetByName(o.target);
  const tgt = activation(tgtSpec);
  if (!Array.isArray(o.alphas) || o.alphas.length === 0) throw new InvalidArgumentError("generalizationSweep: alphas must be a non-empty list");
  if (o.etas !== undefined && (!Array.isArray(o.etas) || o.etas.length === 0)) throw new InvalidArgumentError("generalizationSweep: etas must be a non-empty list when given");
  const d = o.d ?? 1000;
  const seeds = o.seeds ?? 3;
  const base = o.seed ?? 0;
  if (!Number.isSafeInteger(seeds) || seeds < 1) throw new InvalidArgumentError(`generalizationSweep: seeds must be a positive integer, got ${seeds}`);
  const testSamples = o.testSamples ?? 4000;
  const model = o.model ?? "gradient-step";
  const convention = o.convention ?? "notebook";
  const etaAlpha = o.etaAlpha ?? Math.max(...o.alphas);
  const notes: string[] = [];
  const th: TheoryInputs = { act, tgt, o, convention, notes, initialOutput: model === "gradient-step" ? "included" : "neglected" };
  const target = { activation: tgtSpec, noise: o.noise ?? 0 };
  const common = {
    activation: act, target, d, alpha0: o.alpha0, ridge: o.ridge, testSamples, model,
    ...(o.widthRatio !== undefined ? { widthRatio: o.widthRatio } : {}), ...(model === "spiked" ? { convention } : {}),
  };
  /** The surrogate samples the theory's r, cW, gamma. */
  const spikeAt = (eta: number) => (model === "spiked" ? { spike: theoryParameters(th, eta) } : {});
  if (!Number.isSafeInteger(d) || d < 2) throw new InvalidArgumentError(`generalizationSweep: d must be an integer >= 2, got ${d}`);
  // every option checked once, on a tiny instance, before any long task
  const dd = Math.min(d, 16);
  oneStepRidge({ ...common, d: dd, eta: o.eta, alpha: o.alphas, testSamples: 1, ...spikeAt(o.eta), seed: 0 });
  for (const e of o.etas ?? []) oneStepRidge({ ...common, d: dd, eta: e, alpha: etaAlpha, testSamples: 1, ...spikeAt(e), seed: 0 });

  // the prediction is the p -> infinity limit, where the mean feature mu0(r kappa) is an order-sqrt(p)
  // spike for any r > 0; at r sqrt(p) of order 1 the simulation is still close to random features
  const p = Math.round((o.widthRatio ?? 1) * d);
  for (const e of [o.eta, ...(o.etas ?? [])]) {
    const r = theoryParameters(th, e).r;
    if (r !== 0 && Math.abs(r) * Math.sqrt(p) < 3) {
      notes.push(`at eta = ${e} the spike is weak at this size (r sqrt(p) = ${(Math.abs(r) * Math.sqrt(p)).toFixed(2)} < 3): the prediction (p -> infinity) is not reached, expect the simulation between it and random features`);
    }
  }
  const config = configKey(o, d, testSamples, model, convention);
  const done = o.jsonl ? readGeneralizationRecords(o.jsonl, config) : { records: [], skipped: 0 };
  if (done.skipped > 0) notes.push(`${done.skipped} line(s) of ${o.jsonl} were not records of this kind and were skipped`);
  const have = new Map(done.records.map((r) => [`${r.pointIndex}/${r.seedIndex}`, r]));
  const tasks: { curve: "alpha" | "eta"; pointIndex: number; eta: number; alphas: number[] }[] = [
    { curve: "alpha", pointIndex: 0, eta: o.eta, alphas: o.alphas },
    ...(o.etas ?? []).map((eta, i) => ({ curve: "eta" as const, pointIndex: i + 1, eta, alphas: [etaAlpha] })),
  ];
  const total = tasks.length * seeds;
  const records: GeneralizationRecord[] = [];
  let resumed = 0, count = 0, seconds = 0;
  o.onProgress?.(0, total);
  for (const task of tasks) {
    for (let s = 0; s < seeds; s++) {
      const old = have.get(`${task.pointIndex}/${s}`);
      if (old) {
        records.push(old);
        resumed++;
      } else {
        const seed = taskSeed(base, task.pointIndex, s);
        const t0 = performance.now();
        const r = oneStepRidge({ ...common, eta: task.eta, alpha: task.alphas, ...spikeAt(task.eta), seed });
        const rec: GeneralizationRecord = {
          kind: "generalization", config, curve: task.curve, pointIndex: task.pointIndex, seedIndex: s, seed, eta: task.eta,
          points: r.points.map((q) => ({ ...q })), spike: r.spike, seconds: (performance.now() - t0) / 1000,
        };
        seconds += rec.seconds;
        records.push(rec);
        if (o.jsonl) appendGeneralizationRecord(o.jsonl, rec);
      }
      o.onProgress?.(++count, total);
    }
  }

  const points = theoryGrid(o.alphas, o.theoryPoints);
  const alphaCurve: GeneralizationCurve = {
    parameter: "alpha",
    points: o.alphas.map((a, i) => pointOf(a, records.filter((r) => r.curve === "alpha").map((r) => r.points[i]!))),
    theory: theoryCurve(th, "alpha", points, o.eta),
    randomFeatures: theoryCurve(th, "alpha", points, o.eta, true),
    fixed: o.eta,
  };
  let etaCurve: GeneralizationCurve | null = null;
  if (o.etas) {
    const etaGrid = theoryGrid(o.etas, o.theoryPoints);
    etaCurve = {
      parameter: "eta",
      points: o.etas.map((e, i) => pointOf(e, records.filter((r) => r.curve === "eta" && r.pointIndex === i + 1).map((r) => r.points[0]!))),
      theory: theoryCurve(th, "eta", etaGrid, etaAlpha),
      randomFeatures: null,
      fixed: etaAlpha,
    };
  }
  const label = `${act.name} student, ${tgt.name} target, alpha0 = ${o.alpha0}, ridge ${o.ridge}, d = ${d}, ${model}${model === "spiked" ? ` (${convention})` : ""}`;
  return { summary: { label, alpha: alphaCurve, eta: etaCurve }, records, resumed, notes, seconds };
}

function theoryGrid(values: number[], count: number | undefined): number[] {
  return grid(values, count ?? 25);
}

/** r, cW, gamma of the theory at this eta (what the spiked surrogate samples). */
function theoryParameters(t: TheoryInputs, eta: number): { r: number; cW: number; gamma: number } {
  if (!(t.o.alpha0 > 0) || eta === 0) return { r: 0, cW: 1, gamma: 0 };
  const r = oneStepParameters({ activation: t.act, target: t.tgt, alpha0: t.o.alpha0, eta, noise: (t.o.noise ?? 0) ** 2 });
  return { r: r.r, cW: r.cW, gamma: r.gamma };
}
