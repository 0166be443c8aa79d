/**
 * The classical single-index spectral matrix D = (1/n) sum_i T(y_i) a_i a_i^T (a_i = sqrt(d) x_i)
 * with Mondelli-Montanari's preprocessing, c = max(1, sqrt(alpha / alpha_c)) (see
 * src/theory/mondelliMontanari.ts). Prediction: Lu-Li 2019 for this scalar T (src/theory/estimatorPredictions.ts
 * preprocessedPrediction, on the D scale = T scale / alpha): bulk edge, outlier and overlap; the
 * outlier appears at alpha_c (reference 3.4: a T = G/(G + c(alpha)) attains alpha_c iff c(alpha_c) = 1).
 */
import { Denoiser } from "../../estimators/denoiser.js";
import { linkAliasKey } from "../../estimators/links.js";
import { classicalEstimator } from "../../estimators/spectral.js";
import { mondelliMontanariShift } from "../../theory/mondelliMontanari.js";
import { preprocessedPrediction } from "../../theory/estimatorPredictions.js";
import type { Params } from "../types.js";
import { indexModelFields, indexModelParams, linkConstants, measureIndexEstimator, parseIndexModel } from "./indexModel.js";
import { ParameterError } from "./params.js";
import type { SweepModel } from "./types.js";

const PARAMS = indexModelParams("z^2", "a single-index link with a transition: z^2 or |z|");

// single-index links whose lambda(y) = E[z^2 | y] - 1 is unbounded above (z^2: y - 1; |z|: y^2 - 1),
// so that sup_y G / (G + c) = 1; their label laws are quadrature rules truncated at a large y, whose
// largest point would understate the sup that the Lu-Li bulk edge needs
const UNBOUNDED_G_LINKS = new Set(["z^2", "|z|"]);

/** The index-model parameters, and a single-index link with a finite, positive alpha_c. */
function parse(fixed: Params): ReturnType<typeof parseIndexModel> {
  const parsed = parseIndexModel(PARAMS, fixed);
  const { text, link } = parsed;
  if (link.p !== 1) throw new ParameterError("link", `must be single-index for the Mondelli-Montanari estimator: link ${text} has p = ${link.p} (single-index links with a transition: z^2, |z|)`);
  const alphaC = linkConstants(text).alphaC;
  if (!(alphaC > 0 && Number.isFinite(alphaC))) {
    throw new ParameterError("link", `${text} has alpha_c = ${alphaC}: no spectral transition for the Mondelli-Montanari estimator to sweep (single-index links with one: z^2, |z|)`);
  }
  return parsed;
}

export const mmModel: SweepModel = {
  ...indexModelFields(PARAMS),
  name: "mm",
  description:
    "single-index model y = g(<w*, x>), x ~ N(0, I_d / d), n = alpha d; the classical matrix (1/n) sum_i T(y_i) a_i a_i^T with " +
    "Mondelli-Montanari's T = G / (G + max(1, sqrt(alpha / alpha_c))): an outlier leaves the bulk at alpha_c",
  validate(fixed) {
    parse(fixed);
  },
  label: (fixed) => `Mondelli-Montanari, link ${fixed["link"]}`,
  measure(alpha, fixed, seed) {
    const { d, text, link } = parse(fixed);
    const den = new Denoiser(link);
    const c = mondelliMontanariShift(alpha, linkConstants(text).alphaC);
    const preprocessing = (y: number) => {
      const g = den.G(Float64Array.of(y))[0]!;
      return g / (g + c);
    };
    return measureIndexEstimator(alpha, d, link, seed, (sample, k) => {
      const est = classicalEstimator(sample, { preprocessing, denoiser: den, k, seed, tol: 1e-8 });
      return { top: est.values, estimate: est.estimate, applications: est.applications };
    });
  },
  predict(alpha, fixed) {
    const { d, text } = parse(fixed);
    const pop = linkConstants(text);
    const dir = pop.directions![0]!;
    const c = mondelliMontanariShift(alpha, pop.alphaC);
    // G + c = E[z^2 | y] + (c - 1), without the cancellation of lambda + c where E[z^2 | y] is tiny
    const t = Array.from(dir.lambda, (l, j) => l / (dir.second[j]! + (c - 1)));
    const pred = preprocessedPrediction(alpha, { values: dir.lambda, weights: dir.weights, second: dir.second }, t,
      UNBOUNDED_G_LINKS.has(linkAliasKey(text)) ? { supT: 1 } : {});
    const edge = pred.classical.edge;
    return {
      outliers: pred.classical.location === null ? [] : [pred.classical.location],
      overlaps: [pred.overlap],
      edge,
      threshold: pop.alphaC,
      // not Tracy-Widom: for these labels sup T = 1 is reached only in the tail of y and the Lu-Li psi
      // has its minimum at the boundary a = sup T, so the top of the bulk is made of the largest labels'
      // rank-one terms, spaced far wider than d^{-2/3} (measured, phase retrieval below alpha_c at
      // d = 800: top-two gap ~5% of the edge, 1.4 d^{-1/2}); the edge times d^{-1/2} is that scale
      edgeScale: Math.abs(edge) / Math.sqrt(d),
    };
  },
};
