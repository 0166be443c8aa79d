/**
 * The high-dimensional ODE theory of one-pass SGD (issue #17): sgdOde (solve.ts) and the Gaussian
 * expectations it integrates with (gaussianExpectations.ts). The right-hand side (equations.ts) is
 * internal: sgdOde is its public form.
 */
export { sgdOde, type SgdOdeOptions, type SgdOdeResult } from "./solve.js";
export { gaussianRule, gaussianVectorExpectation, type GaussianRule, type GaussianRuleOptions } from "./gaussianExpectations.js";
