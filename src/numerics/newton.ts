/**
 * Safeguarded Newton's method for monotone equations: Newton steps inside a bracket that every
 * evaluation shrinks, with a bisection step whenever Newton would leave the bracket or converges
 * slowly (Press, Teukolsky, Vetterling and Flannery, Numerical Recipes, section 9.4 `rtsafe`).
 * The package's one Newton root finder for real scalar equations: critical points and outside-support
 * values of the Silverstein map, and the quantiles of the tabulated cdfs (numerics/tabulatedCdf.ts,
 * the Marchenko-Pastur and semicircle laws). Brent's derivative-free method is numerics/brent.ts.
 */
import { InvalidArgumentError, NonFiniteError } from "../errors.js";

/**
 * Solves g(t) = target for a nondecreasing g on [lo, hi] with g(lo) <= target <= g(hi):
 * Newton steps with the derivative dg, falling back to bisection whenever a step leaves the
 * bracket or fails to shrink it fast enough (the safeguarded Newton of Numerical Recipes
 * `rtsafe`). Always terminates: each iteration at least halves the bracket or takes a Newton
 * step inside it, and it stops when the bracket is at rounding level (at most ~200 steps).
 * Without a sign change (target outside [g(lo), g(hi)]) it returns the nearer end of the bracket.
 * `start` (inside the bracket) replaces the midpoint as the first iterate. Throws
 * InvalidArgumentError for a bracket that is not finite with lo <= hi, NonFiniteError when g
 * returns NaN.
 */
export function solveMonotone(
  g: (t: number) => number,
  dg: (t: number) => number,
  target: number,
  lo: number,
  hi: number,
  start?: number,
): number {
  if (typeof g !== "function" || typeof dg !== "function") throw new InvalidArgumentError("solveMonotone: g and dg must be functions");
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new InvalidArgumentError(`solveMonotone: the bracket [lo, hi] must be finite with lo <= hi, got [${lo}, ${hi}]`);
  }
  let a = lo;
  let b = hi;
  let t = start !== undefined && start > lo && start < hi ? start : 0.5 * (lo + hi);
  let previousStep = hi - lo;
  for (let it = 0; it < 400; it++) {
    const r = g(t) - target;
    if (r === 0) return t;
    if (r !== r) throw new NonFiniteError(`solveMonotone: g(${t}) - target is NaN`, "g", it, r);
    if (r < 0) a = t;
    else b = t;
    if (b - a <= 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE)) break;
    const d = dg(t);
    const newton = d > 0 && Number.isFinite(d) ? t - r / d : NaN;
    let next: number;
    if (newton > a && newton < b && Math.abs(newton - t) < 0.5 * previousStep) {
      next = newton;
    } else {
      next = 0.5 * (a + b); // Newton left the bracket or is converging slowly: bisect
    }
    previousStep = Math.abs(next - t);
    if (next === t) break;
    t = next;
  }
  return t;
}
