/** Sweep models: one file per model, the registry, and the declarations the CLI reads. */
export {
  checkSweptValue, commandModels, getModel, INDEX_MODEL_OVERLAP, measuresEigenvalues, modelLabel, overlapLabel, sweepModels, sweptParameterOf,
} from "./registry.js";
export { AMP_INITS, type AmpInit } from "./amp.js";
export { ParameterError } from "./params.js";
export { SRF_ACTIVATIONS, SRF_PARAMS, SRF_SECOND_LAYERS, type SrfActivation } from "./srf.js";
export type { ParamSpec, SweepModel } from "./types.js";
