/**
 * The spiked random-feature deterministic equivalent (spiked-features.md sections 3-5):
 * equation.ts (model, equations, coefficient tables, the fixed-point map), andersonSolver.ts (the
 * accelerated fixed point), equivalent.ts (the SpikedRfEquivalent object: transforms, density),
 * supportScan.ts (the support), orderPOutliers.ts (the order-p outliers).
 */
export { spikedRfEquivalent, SpikedRfEquivalent } from "./equivalent.js";
export type { ShiftedCoefficients, SpikedRfOptions, SpikedRfPoint, SpikedRfOutlier } from "./equation.js";
