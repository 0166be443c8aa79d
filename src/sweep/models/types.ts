/** The shape of a sweep model and of its parameters' declarations (src/sweep/models/registry.ts). */
import type { ComplexSpectrumPanel, Prediction, SpectrumPanel } from "../../report/types.js";
import type { EdgeLaw } from "../../theory/edgeLaws.js";
import type { Measurement, Params } from "../types.js";

/**
 * One fixed parameter of a model: its key in Params, its CLI flag, its kind and default, the smallest
 * value the model can run with, and its help line. The registry is the single source of these: the
 * CLI builds its flags, defaults, checks and help text from them.
 */
export interface ParamSpec {
  /** The key in Params (e.g. "secondLayer"). */
  name: string;
  /** The CLI flag, without the dashes (e.g. "second-layer"). */
  flag: string;
  /** integer: a whole number >= min; positive: a number > 0; choice: one of `choices`; link: a link alias. */
  kind: "integer" | "positive" | "choice" | "link";
  default: number | string;
  /** integer: the smallest value the model runs with. */
  min?: number;
  choices?: readonly string[];
  /** The placeholder in the help text (N, G, NAME...). */
  metavar: string;
  help: string;
}

export interface SweepModel {
  name: string;
  /**
   * The CLI command that sweeps it: `spikelab bbp --model NAME`, `spikelab lamp --method NAME`, or
   * `spikelab amp` (Bayes-optimal AMP: no eigenvalue, an overlap against its state evolution).
   */
  command: "bbp" | "lamp" | "amp";
  /** The swept parameter (also its CLI flag). */
  parameter: string;
  /** The default grid of the swept parameter, as the CLI reads it ("0.1:2.5:0.1" or "0,0.5,1"). */
  grid: string;
  /** The smallest value of the swept parameter (`strict`: excluded), if it has one. */
  lowest?: { value: number; strict: boolean };
  /** Help text of the swept flag. */
  gridHelp: string;
  description: string;
  /** The fixed parameters, in the order the help lists them. */
  params: readonly ParamSpec[];
  /** Defaults of the fixed parameters (numbers or strings), from `params`. */
  defaults: Params;
  /** Throws InvalidArgumentError (a ParameterError for one parameter) naming a bad fixed parameter. */
  validate(fixed: Params): void;
  /** A short label of a sweep of this model for the report ("LAMP, link z^2"). */
  label?(fixed: Params): string;
  measure(value: number, fixed: Params, seed: number): Measurement;
  /**
   * Common random numbers (issue #21): one seed's instances at several values of the swept
   * parameter, sharing their noise (the same draws at every value, so `measure(v, fixed, seed)` and
   * `measureSeries([.., v, ..], fixed, seed)` measure the same instance), measured in one go so that
   * work is reused across values (one factorization, warm starts). Returns one measurement per value,
   * in the order given. A sweep with noise "common" runs it per seed; without it, `measure` per value.
   * `gridLength` (default values.length) is the number of values of the whole sweep: a model that
   * picks its route by the work to share picks it from this, so that a resumed sweep, which measures
   * only the values missing from its records, takes the route the first run took.
   */
  measureSeries?(values: number[], fixed: Params, seed: number, gridLength?: number): Measurement[];
  /**
   * The noise mode of a one-size sweep when the caller gives none (SweepOptions.noise): "common" where
   * the series saves most of the work (one factorization per seed), "independent" (the default) where
   * it saves little and a seed per task spreads better over the workers.
   */
  defaultNoise?: "common" | "independent";
  predict(value: number, fixed: Params): Prediction;
  /** One instance's whole spectrum (dense eigvalsh) beside the limiting density, for the report. */
  spectrum?(value: number, fixed: Params, seed: number): SpectrumPanel;
  /** Points of the report's theory curve over the grid's range (default 201; fewer where predict is costly). */
  curvePoints?: number;
  /** The same, where the cost of predict depends on the fixed parameters (amp: SE for p = 1 or p = 2); before curvePoints. */
  curvePointsFor?(fixed: Params): number;
  /**
   * The name of the overlap the model measures and predicts, for the report's axis (default by
   * overlapLabel in registry.ts: m^2 for the index models, |<u1, v>|^2 for the others).
   */
  overlapLabel?: string;
  /** One (small) instance's whole nonsymmetric spectrum in the complex plane, for the report. */
  complexSpectrum?(value: number, fixed: Params, seed: number): ComplexSpectrumPanel;
  /**
   * The parameter a sweep over several sizes varies (`spikelab bbp --n 500,1000`): n, or d for the
   * index models. Models whose sizes go together (n, p, d of the feature models) have none.
   */
  sizeParameter?: string;
  /**
   * The Tracy-Widom law of the top eigenvalue without a spike at these parameters (theory/edgeLaws.ts):
   * the sweep records the largest-root test of "no spike" for each instance. Models without a
   * Tracy-Widom theory (LAMP, TAP, MM, the feature models, a general population) have none and keep
   * the separation rule.
   */
  edgeLaw?(fixed: Params): EdgeLaw;
  /** The predicted probability that the largest-root test at `level` detects the spike (with edgeLaw). */
  detectionPower?(value: number, fixed: Params, level: number): number;
  /**
   * The model's default finite-size sweep (the main job runs it): sizes of `sizeParameter`, a grid
   * around the transition and the instances per value, chosen to cost about what one sweep of the
   * default grid at the default size costs.
   */
  finiteSize?: { sizes: number[]; grid: string; seeds: number };
}
