/**
 * The high-dimensional ODE theory of one-pass SGD (issue #17): sgdOde (solve.ts) and the Gaussian
 * expectations it integrates with (gaussianExpectations.ts). The right-hand side sgdRates
 * (equations.ts) trusts its arguments and stays internal; stateLayout names the state vector.
 */
export { sgdOde, type SgdOdeOptions, type SgdOdeResult } from "./solve.js";
export { stateLayout, type OdeModel, type OdeRates } from "./equations.js";
export { gaussianRule, gaussianVectorExpectation, type GaussianRule, type GaussianRuleOptions } from "./gaussianExpectations.js";
