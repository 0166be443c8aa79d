/**
 * The TAP sweep: the symmetric TAP spectral matrix of an index model, sum_i T(y_i) (x) x_i x_i^T with
 * T = G (I + G)^{-1}, whose outlier at 1 leaves the bulk at alpha_c.
 */
import { tapEstimator } from "../../estimators/spectral.js";
import { InvalidArgumentError } from "../../errors.js";
import { estimatorMeasure, indexModelFields, indexModelParams, indexPredictions } from "./indexModel.js";
import type { SweepModel } from "./types.js";

const PARAMS = indexModelParams("sign(z1*z2)", "the link g of y = g(W*^T x)");

export const tapModel: SweepModel = {
  ...indexModelFields(PARAMS),
  measure: estimatorMeasure(PARAMS, (sample, k, seed) => {
    const est = tapEstimator(sample, { k, seed, tol: 1e-8 });
    return { top: est.values, estimate: est.estimate, applications: est.applications };
  }),
  name: "tap",
  description:
    "index model y = g(W*^T x), x ~ N(0, I_d / d), n = alpha d; the symmetric TAP matrix sum_i T(y_i) (x) x_i x_i^T, " +
    "T = G (I + G)^{-1}: an outlier at 1 leaves the bulk at alpha_c",
  label: (fixed) => `TAP, link ${fixed["link"]}`,
  predict(alpha, fixed) {
    const { d, pop, pred } = indexPredictions(PARAMS, fixed, alpha);
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
