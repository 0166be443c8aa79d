export {
  tracyWidom,
  type TracyWidomBeta,
  type TracyWidomLaw,
  type TracyWidomOptions,
  type Beta4Convention,
} from "./distribution.js";
export { fredholmValue, type FredholmKind, type FredholmValue } from "./fredholm.js";
