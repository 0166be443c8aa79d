/**
 * The registry of sweep models: the single source of their names, commands, swept parameters,
 * default grids, parameters (flags, defaults, minimums, choices) and help text. The CLI reads all of
 * these from here.
 */
import { InvalidArgumentError } from "../../errors.js";
import { ampModel } from "./amp.js";
import { ckSpikeModel } from "./ckSpike.js";
import { generalPopulationModel } from "./generalPopulation.js";
import { lampModel } from "./lamp.js";
import { mmModel } from "./mm.js";
import { spikedCovarianceModel } from "./spikedCovariance.js";
import { spikedWignerModel } from "./spikedWigner.js";
import { srfModel } from "./srf.js";
import { tapModel } from "./tap.js";
import type { SweepModel } from "./types.js";

// in the order the CLI's help lists them; the first of each command is its default
const models = new Map<string, SweepModel>(
  [
    spikedCovarianceModel, spikedWignerModel, generalPopulationModel, ckSpikeModel, srfModel, lampModel, tapModel, mmModel, ampModel,
  ].map((m) => [m.name, m]),
);

/** The registered models. */
export function sweepModels(): SweepModel[] {
  return [...models.values()];
}

/** The models a CLI command sweeps (`bbp`: --model, `lamp`: --method, `amp`: one), its default first. */
export function commandModels(command: SweepModel["command"]): SweepModel[] {
  return sweepModels().filter((m) => m.command === command);
}

export function getModel(name: string): SweepModel {
  const m = typeof name === "string" ? models.get(name) : undefined;
  if (!m) throw new InvalidArgumentError(`unknown model '${name}'; known models: ${[...models.keys()].join(", ")}`);
  return m;
}

/** The swept parameter of a registered model, or undefined for an unknown name (for reading record files). */
export function sweptParameterOf(name: string): string | undefined {
  return models.get(name)?.parameter;
}

/** The label of a sweep in the report ("LAMP, link z^2"; the model's name by default). */
export function modelLabel(model: SweepModel, fixed: Record<string, number | string>): string {
  return model.label ? model.label(fixed) : model.name;
}

/**
 * Throws InvalidArgumentError when a value of the swept parameter lies below the model's lowest
 * value (e.g. alpha <= 0 for the index models, theta < 0 for srf).
 */
export function checkSweptValue(model: SweepModel, value: number): void {
  const low = model.lowest;
  if (low && (low.strict ? !(value > low.value) : !(value >= low.value))) {
    throw new InvalidArgumentError(`${model.parameter} values must be ${low.strict ? ">" : ">="} ${low.value} for model ${model.name}, got ${value}`);
  }
}

/** P1's m^2 (src/estimators/overlap.ts), the overlap the index-model sweeps (lamp, tap, mm, amp) measure. */
export const INDEX_MODEL_OVERLAP = "m² = ‖Ŵᵀ W*‖²_F / (d ‖Ŵ‖²_F)";

/**
 * The name of the overlap a model measures and predicts, for the report: its own `overlapLabel`,
 * else m^2 for the index models (swept in alpha), else the squared overlap of the top eigenvector
 * with the planted direction.
 */
export function overlapLabel(model: SweepModel): string {
  if (model.overlapLabel) return model.overlapLabel;
  return model.command === "lamp" || model.command === "amp" ? INDEX_MODEL_OVERLAP : "|<u₁, v>|² (top eigenvector, planted direction)";
}

/**
 * Whether a model's records carry eigenvalues (`measurement.top` non-empty): every model but the
 * AMP sweep, which measures an overlap only (unknown names: true, the stricter reading).
 */
export function measuresEigenvalues(name: string): boolean {
  return models.get(name)?.command !== "amp";
}
