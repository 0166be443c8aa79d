/**
 * The TAP sweep: the symmetric TAP spectral matrix of an index model, sum_i T(y_i) (x) x_i x_i^T with
 * T = G (I + G)^{-1}, whose outlier at 1 leaves the bulk at alpha_c.
 */
import { predictEstimators } from "../../estimators/predict.js";
import { tapEstimator } from "../../estimators/spectral.js";
import { InvalidArgumentError } from "../../errors.js";
import { indexModelParams, linkConstants, measureIndexEstimator, parseIndexModel } from "./indexModel.js";
import { defaultsOf } from "./params.js";
import type { SweepModel } from "./types.js";

const PARAMS = indexModelParams("sign(z1*z2)", "the link g of y = g(W*^T x)");

export const tapModel: SweepModel = {
  name: "tap",
  command: "lamp",
  parameter: "alpha",
  grid: "0.5:5:0.5",
  lowest: { value: 0, strict: true },
  gridHelp: "sample ratio alpha = n / d",
  description:
    "index model y = g(W*^T x), x ~ N(0, I_d / d), n = alpha d; the symmetric TAP matrix sum_i T(y_i) (x) x_i x_i^T, " +
    "T = G (I + G)^{-1}: an outlier at 1 leaves the bulk at alpha_c",
  params: PARAMS,
  defaults: defaultsOf(PARAMS),
  validate(fixed) {
    parseIndexModel(PARAMS, fixed);
  },
  label: (fixed) => `TAP, link ${fixed["link"]}`,
  measure(alpha, fixed, seed) {
    const { d, link } = parseIndexModel(PARAMS, fixed);
    return measureIndexEstimator(alpha, d, link, seed, (sample, k) => {
      const est = tapEstimator(sample, { k, seed, tol: 1e-8 });
      return { top: est.values, estimate: est.estimate, applications: est.applications };
    });
  },
  predict(alpha, fixed) {
    const { d, text } = parseIndexModel(PARAMS, fixed);
    const pop = linkConstants(text);
    const pred = predictEstimators(pop, alpha);
    if (!pred.tap) throw new InvalidArgumentError(`no TAP prediction for link ${fixed["link"]}: ${pred.tapUnavailable ?? "unavailable"}`);
    const top = pred.tap.outliers[0];
    return {
      outliers: top ? [top.location] : [],
      overlaps: [pred.tap.overlap],
      edge: pred.tap.edge,
      threshold: pop.alphaC,
      edgeScale: Math.abs(pred.tap.edge) * d ** (-2 / 3),
    };
  },
};
