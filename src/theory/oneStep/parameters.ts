/**
 * The spiked random-feature (sRF) parameters of a two-layer network after one large gradient step:
 * Cui, Pesce, Dandi, Krzakala, Lu, Zdeborova, Loureiro 2024, "Asymptotics of feature learning in
 * two-layer networks after one gradient-step" (arXiv 2402.04980), section 3; the formulas as the
 * authors' notebook computes them (SPOC-group/OneStepGD_asymptotics `theory.ipynb`, cell 7:
 * `rescale_th`, `cW_th`, `gamma`; ../shared/reference/spiked-features.md sections 2-3).
 *
 * Network f(x) = (1/sqrt p) sum_i a_i sigma(<w_i, x>) with a_i = 1/sqrt(p), rows of W0 on the unit
 * sphere; one full-batch gradient step on n0 = alpha0 d fresh samples of y = sigma*(<w*, x>) + noise
 * (square loss / 2) with the maximal learning rate eta = etaTilde p (the notebook's
 * `eta = lr_strength sqrt(p)` applied as `eta sqrt(p) G`). Then, to leading order, every trained
 * row is w_i = cW w0_i + r v with one direction |v| = 1, <v, w*> = gamma, and
 *   r     = etaTilde mu1 sqrt(E y^2 / alpha0 + mu1*^2),
 *   cW^2  = 1 + etaTilde^2 E y^2 Var(sigma'(g)) / alpha0,
 *   gamma = mu1* / sqrt(E y^2 / alpha0 + mu1*^2),
 * with mu1 = E[g sigma(g)], mu1* = E[g sigma*(g)], E y^2 = E sigma*(g)^2 + noise, g ~ N(0, 1). The
 * pre-activation of a fresh x is r kappa + cW <w0_i, Pi x> (+ cW <w0_i, v> kappa, the kappa term
 * that the notebook keeps), kappa = <v, x> ~ N(0, 1), Pi the projection off v.
 * alpha0 = Infinity is the large-batch limit (gamma = 1 when mu1* > 0, cW = 1); etaTilde = 0 is the
 * network at initialization (plain random features: r = 0, cW = 1, gamma = 0, alpha0 unused).
 *
 * `initialOutput` (issue #18): the formulas above take the residual of the step to be the label y,
 * i.e. they neglect the network's output at initialization f0(x) = (1/p) sum_i sigma(<w0_i, x>),
 * which is mu0 = E sigma(g) up to O(p^{-1/2}) (abar = 1). That is exact for centered activations
 * (tanh, erf: mu0 = 0) and is the notebook's choice ("neglected", the default). With "included"
 * the residual is r = y - mu0, and Stein's lemma on the batch mean of the step's row i,
 * etaTilde E[x r sigma'(<w0_i, x>)] = etaTilde (E[r sigma''] w0_i + mu1 mu1* w* + ...), gives
 *   E r^2  = E y^2 - 2 mu0 E y + mu0^2 (in place of E y^2 in r, cW, gamma),
 *   s      = 1 + etaTilde mu2 (E y - mu0), mu2 = E sigma''(g) = E[(g^2 - 1) sigma(g)]: every row of
 *            W0 is rescaled by s (the step's mean along w0_i),
 *   cW^2   = s^2 + etaTilde^2 E r^2 Var(sigma'(g)) / alpha0.
 * For ReLU (mu0 = mu2 = 1/sqrt(2 pi)) s = 1 - etaTilde / (2 pi) (centered target): 0.52 at
 * etaTilde = 3, which the notebook's cW ~ 1.05 misses; the simulated step's <w1_i, w0_i> is 0.51
 * (reference: our derivation, checked by simulation in test/features/oneStepGradientStep*.test.ts).
 * Not modelled by either: the term etaTilde mu2 mu2* <w0_i, w*> w* (mu2* = E sigma*''), an
 * anisotropic change of the bulk along w* that no sRF has; it vanishes for tanh-like students
 * (mu2 = 0) and for targets without a He2 component (sin, z), and makes ReLU with a He2 target
 * differ from every sRF prediction. Nor the row rescaling correlated with each neuron's alignment,
 * t_i = etaTilde mu1* E[sigma'''(g)] <w0_i, w*> (O(d^{-1/2}) per row, but it lowers the simulated
 * error 1-3% below this sRF's at tanh/sin, alpha0 = 20, etaTilde = 3, at d = 1000 and 2000:
 * test/features/oneStepGradientStep.ts).
 * Cost: four Gaussian averages (ms; three more with "included").
 */
import { InvalidArgumentError } from "../../errors.js";
import { gaussianMean, scalarFunction, type ScalarFunction, type ScalarFunctionSpec } from "./gaussianAverages.js";

export interface OneStepParameterOptions {
  /** Student activation sigma (with `derivative` and `kinks` where known: sigma' enters Var(sigma')). */
  activation: ScalarFunctionSpec;
  /** Single-index target sigma*: y = sigma*(<w*, x>) + noise, |w*| = 1. */
  target: ScalarFunctionSpec;
  /** First-step batch ratio alpha0 = n0 / d > 0 (Infinity: the large-batch limit). Unused when eta = 0. */
  alpha0?: number;
  /** Learning rate etaTilde >= 0 in the maximal scaling: the step is eta = etaTilde p (Theta(d) at p ~ d). */
  eta: number;
  /** Label noise variance >= 0 (default 0, as in the authors' code). */
  noise?: number;
  /** "neglected" (default, the notebook's formulas) or "included": the step's residual y - mu0 (see the file comment). */
  initialOutput?: InitialOutput;
}

/** Whether the step's residual keeps the initial network output mu0 (see the file comment). */
export type InitialOutput = "neglected" | "included";

/** The sRF parameters and the Gaussian constants they come from. */
export interface OneStepParameters {
  /** Spike strength r (the notebook's `rescale`). */
  readonly r: number;
  /** Bulk scale cW (the notebook's `cW`; cW^2 is the bulk variance). */
  readonly cW: number;
  /** Alignment gamma = <v, w*> of the spike with the target direction. */
  readonly gamma: number;
  /** sqrt(1 - gamma^2). */
  readonly rho: number;
  /** mu1 = E[g sigma(g)], mu1* = E[g sigma*(g)], E y^2 (noise included), Var sigma'(g). */
  readonly mu1: number;
  readonly mu1Star: number;
  readonly labelSecondMoment: number;
  readonly derivativeVariance: number;
  /** The residual's second moment in the formulas: E y^2 ("neglected") or E (y - mu0)^2 ("included"). */
  readonly residualSecondMoment: number;
  /** s, the rescaling of the rows of W0 by the step's mean: 1 ("neglected") or 1 + etaTilde mu2 (E y - mu0). */
  readonly rowScale: number;
  readonly initialOutput: InitialOutput;
}

/** Checks a number option: finite (or +Infinity where allowed) and above a bound. */
export function numberOption(value: unknown, name: string, min: number, opts: { strict?: boolean; infinity?: boolean } = {}): number {
  const ok = typeof value === "number" && !Number.isNaN(value) && (Number.isFinite(value) || (opts.infinity === true && value === Infinity));
  if (!ok || (opts.strict === true ? !((value as number) > min) : !((value as number) >= min))) {
    throw new InvalidArgumentError(`${name} must be a ${opts.infinity === true ? "" : "finite "}number ${opts.strict === true ? ">" : ">="} ${min}${opts.infinity === true ? " (Infinity allowed)" : ""}, got ${String(value)}`);
  }
  return value as number;
}

/** The sRF parameters (r, cW, gamma) after one step (see the file comment). */
export function oneStepParameters(options: OneStepParameterOptions): OneStepParameters {
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("oneStepParameters needs an options object { activation, target, alpha0, eta }");
  const sigma = scalarFunction(options.activation, "activation");
  const target = scalarFunction(options.target, "target");
  return parametersOf(sigma, target, options.eta, options.alpha0, options.noise, options.initialOutput);
}

/** oneStepParameters on resolved functions (what the solvers call). */
export function parametersOf(sigma: ScalarFunction, target: ScalarFunction, etaIn: unknown, alpha0In: unknown, noiseIn: unknown, initialOutputIn?: unknown): OneStepParameters {
  const eta = numberOption(etaIn, "eta", 0);
  const noise = noiseIn === undefined ? 0 : numberOption(noiseIn, "noise", 0);
  const alpha0 = eta === 0 && alpha0In === undefined ? Infinity : numberOption(alpha0In, "alpha0", 0, { strict: true, infinity: true });
  const initialOutput = initialOutputIn === undefined ? "neglected" : initialOutputIn;
  if (initialOutput !== "neglected" && initialOutput !== "included") {
    throw new InvalidArgumentError(`initialOutput must be "neglected" or "included", got ${String(initialOutputIn)}`);
  }
  const mu1 = gaussianMean((g) => g * sigma.value(g), sigma.kinks, "activation");
  const mu1Star = gaussianMean((g) => g * target.value(g), target.kinks, "target");
  const labelSecondMoment = gaussianMean((g) => target.value(g) ** 2, target.kinks, "target") + noise;
  const meanSquareDerivative = gaussianMean((g) => sigma.derivative(g) ** 2, sigma.kinks, "activation derivative");
  const derivativeVariance = Math.max(0, meanSquareDerivative - mu1 * mu1);
  let residualSecondMoment = labelSecondMoment;
  let rowScale = 1;
  if (initialOutput === "included") {
    const mu0 = gaussianMean((g) => sigma.value(g), sigma.kinks, "activation");
    const mu2 = gaussianMean((g) => (g * g - 1) * sigma.value(g), sigma.kinks, "activation");
    const labelMean = gaussianMean((g) => target.value(g), target.kinks, "target");
    residualSecondMoment = labelSecondMoment - 2 * mu0 * labelMean + mu0 * mu0;
    rowScale = 1 + eta * mu2 * (labelMean - mu0);
  }
  const base = { mu1, mu1Star, labelSecondMoment, derivativeVariance, residualSecondMoment, initialOutput } as const;
  if (eta === 0) {
    return { r: 0, cW: 1, gamma: 0, rho: 1, ...base, rowScale: 1 };
  }
  const inv = alpha0 === Infinity ? 0 : 1 / alpha0;
  const norm = Math.sqrt(residualSecondMoment * inv + mu1Star * mu1Star);
  const r = eta * mu1 * norm;
  const cW = Math.sqrt(rowScale * rowScale + eta * eta * residualSecondMoment * derivativeVariance * inv);
  const gamma = norm > 0 ? mu1Star / norm : 0;
  const rho = Math.sqrt(Math.max(0, 1 - gamma * gamma));
  if (![r, cW, gamma].every(Number.isFinite)) {
    throw new InvalidArgumentError(`the step parameters are not finite (r = ${r}, cW = ${cW}, gamma = ${gamma}): eta or the functions are too large`);
  }
  if (!(cW > 0)) {
    throw new InvalidArgumentError(`the step leaves no bulk (cW = 0: the rows of W0 are rescaled by ${rowScale} and alpha0 = Infinity); use another eta`);
  }
  return { r, cW, gamma, rho, ...base, rowScale };
}
