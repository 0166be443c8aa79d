/** The high-dimensional ODE theory of one-pass SGD (issue #17): equations, Gaussian expectations, solver. */
export { sgdOde, type SgdOdeOptions, type SgdOdeResult } from "./solve.js";
export { sgdRates, stateLayout, type OdeModel, type OdeRates } from "./equations.js";
export {
  covarianceRoot, forEachGaussianPoint, gaussianRule, gaussianVectorExpectation, type GaussianRule, type GaussianRuleOptions,
} from "./gaussianExpectations.js";
