/**
 * The HTML report of `spikelab train` (issue #17): the overlaps with the target directions against
 * time t = step / d beside the deterministic ODE of one-pass SGD (src/dynamics/ode/, started from the
 * run's own initial overlaps M(0), Q(0)), snapshots of the singular values of W / sqrt(d) against the
 * initialization's Marchenko-Pastur law (outliers marked with their overlaps with W*), and, when asked,
 * the escape time measured over several d on log-log axes beside the slope the information exponent
 * predicts (src/dynamics/escapeTimes.ts: samples of order d, d log d, d^(l-1)).
 */
import { escapeTimeLaw, informationExponent, logLogSlope, noSignalLevel, sgdOde, train, type SgdOdeResult, type TrainResult } from "../dynamics/index.js";
import type { TrainOptions } from "../dynamics/trainOptions.js";
import { SpikelabError } from "../errors.js";
import { renderReport } from "../report/html.js";
import { trainingFigures, type EscapeScaling, type SingularValueSnapshot } from "../report/trainingFigures.js";
import { marchenkoPasturDensity, marchenkoPasturEdges } from "../theory/marchenkoPastur.js";

/** What the report adds to a run: the ODE ("auto": only where its expectations are quadratures) and the escape sweep. */
export interface TrainReportPlan {
  ode: "auto" | boolean;
  /** Dimensions of the escape-time sweep (empty: none). */
  escapeD: number[];
  escapeSeeds: number;
}

export interface TrainReportExtras {
  ode: SgdOdeResult | null;
  escape: EscapeScaling | null;
  notes: string[];
}

/** The ODE beside the run, or null with a note saying why not. */
function odeBeside(options: TrainOptions, r: TrainResult, plan: TrainReportPlan, notes: string[]): SgdOdeResult | null {
  if (plan.ode === false) return null;
  const k = r.M[0]!.cols;
  if ((options.algorithm ?? "sgd") !== "sgd") {
    notes.push(`No ODE: the deterministic ODE describes one-pass SGD; this run is '${options.algorithm}'.`);
    return null;
  }
  // every right-hand side takes expectations over (lambda_i, lambda_j, nu_1..nu_k): quadrature up to
  // 3 dimensions, Monte Carlo (40000 points per pair of neurons) beyond
  if (plan.ode === "auto" && options.p + k > 3 && options.p > 4) {
    notes.push(`No ODE by default at p = ${options.p}, k = ${k}: its expectations would be Monte Carlo over ${options.p * options.p} pairs of ` +
      "neurons per evaluation (minutes); --ode computes it anyway.");
    return null;
  }
  try {
    return sgdOde({
      d: options.d, p: options.p, target: options.target, noise: options.noise, activation: options.activation, scaling: options.scaling,
      secondLayer: options.secondLayer, a: r.a[0], batchSize: options.batchSize, lr: options.lr, lrSecondLayer: options.lrSecondLayer,
      loss: options.loss, project: options.project, steps: r.steps[r.steps.length - 1]!, record: r.steps, M0: r.M[0], Q0: r.Q[0],
      weakRecoveryThreshold: options.weakRecoveryThreshold, seed: options.seed,
    });
  } catch (err) {
    if (!(err instanceof SpikelabError)) throw err;
    notes.push(`No ODE: ${err.message}`);
    return null;
  }
}

/**
 * Steps to weak recovery of the first direction over `plan.escapeD`, `plan.escapeSeeds` runs each
 * (the median of those that recover), with steps scaled from the given run by the law:
 * steps(d) = 2 steps (samples_l(d) / samples_l(d0)), so that each size gets the same budget relative
 * to its predicted escape time.
 */
function escapeSweep(options: TrainOptions, plan: TrainReportPlan, notes: string[], onRun: (done: number, total: number) => void): EscapeScaling | null {
  if (plan.escapeD.length === 0) return null;
  const l = informationExponent(options.target);
  if (!Number.isFinite(l)) {
    notes.push("No escape-time sweep: the target has no finite information exponent.");
    return null;
  }
  const law = escapeTimeLaw(l);
  const ds: number[] = [], steps: number[] = [];
  const total = plan.escapeD.length * plan.escapeSeeds;
  let done = 0;
  for (const d of plan.escapeD) {
    const budget = Math.ceil((2 * options.steps * law.samples(d)) / law.samples(options.d));
    const found: number[] = [];
    for (let s = 0; s < plan.escapeSeeds; s++) {
      const r = train({ ...options, d, steps: budget, spectrum: false, testSize: 0, record: { points: 80 }, seed: Number(options.seed ?? 0) + 1000 * (s + 1),
        ...(options.algorithm === "gd" ? { samples: Math.round(((options.samples ?? 2 * options.d) * d) / options.d) } : {}) });
      const w = r.weakRecovery[0];
      if (w !== null && w !== undefined && w > 0) found.push(w);
      onRun(++done, total);
    }
    if (found.length === 0) {
      notes.push(`Escape sweep: d = ${d} did not recover direction 1 within ${budget} steps (${plan.escapeSeeds} runs); left out of the fit.`);
      continue;
    }
    found.sort((a, b) => a - b);
    ds.push(d);
    steps.push(found[Math.floor((found.length - 1) / 2)]!);
  }
  if (ds.length < 2) {
    notes.push("Escape sweep: fewer than two dimensions recovered; no fit.");
    return null;
  }
  const fit = logLogSlope(ds, steps);
  return { d: ds, steps, slope: fit.slope, predictedSlope: law.fittedSlope(ds), informationExponent: l };
}

/** Runs what the report needs beyond the training run (the ODE, the escape sweep). */
export function trainReportExtras(options: TrainOptions, r: TrainResult, plan: TrainReportPlan, onRun: (done: number, total: number) => void = () => {}): TrainReportExtras {
  const notes: string[] = [];
  const ode = odeBeside(options, r, plan, notes);
  const escape = escapeSweep(options, plan, notes, onRun);
  return { ode, escape, notes };
}

/** Three snapshots of the singular values: at the start, at the first weak recovery (or mid-run), at the end. */
function snapshots(r: TrainResult): SingularValueSnapshot[] {
  if (!r.spectrum || r.spectrum.length === 0) return [];
  const last = r.spectrum.length - 1;
  const recovered = r.weakRecovery.find((s) => s !== null);
  const middle = recovered !== undefined && recovered !== null ? Math.max(0, r.steps.indexOf(recovered)) : Math.floor(last / 2);
  return [...new Set([0, middle, last])].map((i) => {
    const s = r.spectrum![i]!;
    return { step: s.step, singular: s.singular, bulkEdge: s.bulkEdge, overlaps: s.overlaps };
  });
}

/** The report page. */
export function trainReportHtml(options: TrainOptions, r: TrainResult, extras: TrainReportExtras, commandLine: string): string {
  const { d, p } = options;
  const gamma = p / d;
  // singular values s of W0 / sqrt(d) with rows on the sphere: s^2 / 1 are the eigenvalues of W0 W0^T / d,
  // Marchenko-Pastur with ratio gamma = p / d (rows of norm sqrt(d)), so the density of s is 2 s f_MP(s^2)
  const { lower, upper } = marchenkoPasturEdges({ gamma });
  const xs = Array.from({ length: 201 }, (_, i) => Math.sqrt(Math.max(lower, 0)) + ((Math.sqrt(upper) - Math.sqrt(Math.max(lower, 0))) * i) / 200);
  const initialDensity = gamma <= 1 ? { x: xs, y: xs.map((s) => 2 * s * marchenkoPasturDensity(s * s, { gamma })) } : null;
  const k = r.M[0]!.cols;
  const label = `${options.activation ?? "relu"} student p = ${p}, target ${String(options.target)}, d = ${d}, ${options.algorithm ?? "sgd"}` +
    `${(options.algorithm ?? "sgd") === "gd" ? ` (n = ${options.samples ?? 2 * d})` : `, n_b = ${options.batchSize ?? 1}`}`;
  const figures = trainingFigures({
    label,
    simulation: { time: r.time, overlap: r.overlap },
    ode: extras.ode ? { time: extras.ode.time, overlap: extras.ode.overlap } : null,
    threshold: options.weakRecoveryThreshold ?? 0.5,
    noSignalLevel: noSignalLevel(p, d),
    spectra: snapshots(r),
    initialDensity,
    escape: extras.escape,
  });
  const recovered = r.weakRecovery.map((s, j) => `direction ${j + 1}: ${s === null ? "not recovered" : `step ${s} (t = ${(s / d).toPrecision(3)})`}`);
  return renderReport({
    title: "spikelab: training a two-layer network",
    subtitle: commandLine,
    sweeps: [],
    figures,
    notes: [
      "Overlap of direction r: max_i |M_ir| / sqrt(Q_ii T_rr), M = W W*^T / d, Q = W W^T / d, T = W* W*^T / d. " +
        "Time t = step / d (src/dynamics/trainer.ts). The ODE is the high-dimensional limit of one-pass SGD (Saad and Solla 1995; " +
        "Goldt et al. 2019; the lr^2 / n_b noise term of Arnaboldi et al. 2024), started from this run's M(0), Q(0).",
      "Singular values of W / sqrt(d): at initialization (rows on the sphere) they follow the Marchenko-Pastur law of ratio p / d; " +
        "a learned direction leaves the bulk as an outlier whose singular vector lies along W*.",
      ...extras.notes,
    ],
    facts: [
      ["weak recovery", recovered.join("; ")],
      ["directions k, width p, dimension d", `${k}, ${p}, ${d}`],
      ["steps, samples seen", `${r.steps[r.steps.length - 1]}, ${r.samplesSeen[r.samplesSeen.length - 1]}`],
      ["training time", `${r.seconds.toFixed(2)} s`],
      ...(extras.ode ? [["ODE", `${extras.ode.expectation}, ${extras.ode.evaluations} evaluations, ${extras.ode.seconds.toFixed(2)} s`] as [string, string]] : []),
      ...(extras.escape ? [["escape-time slope", `${extras.escape.slope.toFixed(2)} measured, ${extras.escape.predictedSlope.toFixed(2)} predicted (l = ${extras.escape.informationExponent})`] as [string, string]] : []),
    ],
  });
}
