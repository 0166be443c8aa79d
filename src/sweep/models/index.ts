/** Sweep models: one file per model, the registry, and the declarations the CLI reads. */
export { checkSweptValue, commandModels, getModel, modelLabel, sweepModels, sweptParameterOf } from "./registry.js";
export { ParameterError } from "./params.js";
export { SRF_ACTIVATIONS, SRF_PARAMS, SRF_SECOND_LAYERS, type SrfActivation } from "./srf.js";
export type { ParamSpec, SweepModel } from "./types.js";
