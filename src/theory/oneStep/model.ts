/**
 * The options of the one-step test-error theory and what both solvers (replica.ts, the damped fixed
 * point; equivalentRoute.ts, the deterministic-equivalent route) read: the sRF parameters
 * (parameters.ts), the kappa-functions (kappaFunctions.ts), the bulk spectrum rule (bulkSpectrum.ts)
 * and the ratios.
 *
 * Conventions (the authors' code, SPOC-group/OneStepGD_asymptotics):
 *   - ridge on the features F / sqrt(p) with the un-normalized penalty lambda |w|^2:
 *     w = argmin sum_nu (y_nu - w^T f(x_nu) / sqrt(p))^2 + lambda |w|^2 over n = alpha d fresh samples
 *     (the same as src/theory/ridge.ts with lambda_ridge = lambda p / n);
 *   - test error E (y - yhat)^2 on a fresh sample (no 1/2; label noise included), training error
 *     (1/n) sum_nu (y_nu - yhat_nu)^2 (the penalty excluded);
 *   - width ratio p/d: the notebook has p = d. For p != d the equations here carry two ratios,
 *     alphaP = n/p (the hats of the variances and of q) and alphaD = n/d (the teacher overlaps T, P,
 *     normalized by sqrt(p d)); both equal alpha at p = d, where they are the notebook's equations.
 *     This generalization is ours (from the stationarity of the ridge objective), checked against
 *     simulations at p/d = 1/2 and 2 (test/theory/oneStep/widthRatio.test.ts fixture);
 *   - convention "notebook": the rows of W0 keep their component along v (vartheta -> cW^2,
 *     bulkSpectrum.ts); "isotropic": they are projected off v (vartheta = 0), the model of
 *     features/ spikedRandomFeatures and of the Dandi et al. deterministic equivalent.
 */
import { InvalidArgumentError } from "../../errors.js";
import { bulkSpectrumRule, type BulkSpectrumRule } from "./bulkSpectrum.js";
import { scalarFunction, type ScalarFunctionSpec } from "./gaussianAverages.js";
import { kappaRule, kappaTable, type KappaTable } from "./kappaFunctions.js";
import { numberOption, parametersOf, type InitialOutput, type OneStepParameters } from "./parameters.js";

/** Which sampler the prediction describes (see the file comment). */
export type OneStepConvention = "notebook" | "isotropic";

export interface OneStepTheoryOptions {
  /** Student activation sigma: (z) => number or { value, derivative?, kinks? } (features' Activation objects pass). */
  activation: ScalarFunctionSpec;
  /** Single-index target sigma*: y = sigma*(<w*, x>) + noise. */
  target: ScalarFunctionSpec;
  /** First-step batch ratio n0/d > 0 (Infinity: large batch). Not needed when eta = 0. */
  alpha0?: number;
  /** Learning rate etaTilde >= 0, step eta = etaTilde p (maximal scaling; 0: random features). */
  eta: number;
  /** Width ratio p/d > 0 (default 1, the notebook's p = d). */
  widthRatio?: number;
  /** Ridge penalty lambda > 0 on F / sqrt(p) (see the file comment). */
  ridge: number;
  /** Sample ratio alpha = n/d > 0 of the second-layer fit. */
  alpha: number;
  /** Label noise variance >= 0 (default 0). */
  noise?: number;
  /**
   * The sRF parameters { r, cW, gamma } to use instead of the ones computed from the step
   * (parameters.ts): e.g. values measured on a simulated network, or another reading of the paper's
   * formulas. cW > 0, r >= 0, |gamma| <= 1.
   */
  stepParameters?: { r: number; cW: number; gamma: number };
  /** "notebook" (default) or "isotropic" (see the file comment). */
  convention?: OneStepConvention;
  /**
   * "neglected" (default: the notebook's r, cW, gamma) or "included": the step's residual keeps the
   * initial output mu0, which rescales W0's rows (parameters.ts; what the real step of a ReLU network does).
   */
  initialOutput?: InitialOutput;
  /** Damping of the fixed point in [0, 1) (default 0.5, the notebook's). */
  damping?: number;
  /** Relative tolerance on the order parameters (default 1e-12). */
  tol?: number;
  /** Iteration limit (default 20000). */
  maxIter?: number;
}

/** What the solvers read. */
export interface OneStepModel {
  readonly parameters: OneStepParameters;
  readonly table: KappaTable;
  readonly bulk: BulkSpectrumRule;
  /** n/p and n/d. */
  readonly alphaP: number;
  readonly alphaD: number;
  readonly lambda: number;
  /** The limit of vartheta_j (cW^2 or 0). */
  readonly vartheta: number;
  readonly convention: OneStepConvention;
  readonly widthRatio: number;
  readonly damping: number;
  readonly tol: number;
  readonly maxIter: number;
}

/** Checks the options and tabulates what the solvers read; InvalidArgumentError naming a bad option. */
export function oneStepModel(options: OneStepTheoryOptions, fn: string): OneStepModel {
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError(`${fn} needs an options object { activation, target, alpha0, eta, ridge, alpha, widthRatio? }`);
  }
  const sigma = scalarFunction(options.activation, "activation");
  const target = scalarFunction(options.target, "target");
  const alpha = numberOption(options.alpha, "alpha", 0, { strict: true });
  const lambda = numberOption(options.ridge, "ridge", 0, { strict: true });
  const widthRatio = options.widthRatio === undefined ? 1 : numberOption(options.widthRatio, "widthRatio", 0, { strict: true });
  const noise = options.noise === undefined ? 0 : numberOption(options.noise, "noise", 0);
  const convention = options.convention ?? "notebook";
  if (convention !== "notebook" && convention !== "isotropic") {
    throw new InvalidArgumentError(`convention must be "notebook" or "isotropic", got ${String(convention)}`);
  }
  const damping = options.damping === undefined ? 0.5 : numberOption(options.damping, "damping", 0);
  if (!(damping < 1)) throw new InvalidArgumentError(`damping must be in [0, 1), got ${damping}`);
  const tol = options.tol === undefined ? 1e-12 : numberOption(options.tol, "tol", 0, { strict: true });
  const maxIter = options.maxIter === undefined ? 20000 : numberOption(options.maxIter, "maxIter", 1);
  if (!Number.isInteger(maxIter)) throw new InvalidArgumentError(`maxIter must be a positive integer, got ${maxIter}`);
  for (const [name, v] of [["alpha", alpha], ["ridge", lambda], ["widthRatio", widthRatio]] as const) {
    if (v > 1e8 || v < 1e-8) throw new InvalidArgumentError(`${name} = ${v} is outside [1e-8, 1e8]`);
  }
  const computed = parametersOf(sigma, target, options.eta, options.alpha0, noise, options.initialOutput);
  const parameters = options.stepParameters === undefined ? computed : overrideParameters(computed, options.stepParameters);
  const table = kappaTable(parameters, sigma, target, kappaRule(parameters, target), noise);
  const bulk = bulkSpectrumRule(widthRatio, parameters.cW * parameters.cW);
  return {
    parameters, table, bulk, lambda, convention, widthRatio, damping, tol, maxIter,
    alphaP: alpha / widthRatio,
    alphaD: alpha,
    vartheta: convention === "notebook" ? parameters.cW * parameters.cW : 0,
  };
}

/** The computed parameters with r, cW, gamma replaced (checked). */
function overrideParameters(computed: OneStepParameters, given: unknown): OneStepParameters {
  if (given === null || typeof given !== "object") throw new InvalidArgumentError("stepParameters must be an object { r, cW, gamma }");
  const g = given as { r?: unknown; cW?: unknown; gamma?: unknown };
  const r = numberOption(g.r, "stepParameters.r", 0);
  const cW = numberOption(g.cW, "stepParameters.cW", 0, { strict: true });
  const gamma = numberOption(g.gamma, "stepParameters.gamma", -1);
  if (gamma > 1) throw new InvalidArgumentError(`stepParameters.gamma must be in [-1, 1], got ${gamma}`);
  return { ...computed, r, cW, gamma, rho: Math.sqrt(Math.max(0, 1 - gamma * gamma)) };
}
