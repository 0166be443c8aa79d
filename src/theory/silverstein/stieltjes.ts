/**
 * The Stieltjes transform m(z) of the limiting law of a sample covariance with a general
 * population, and its companion mc(z) (conventions and equations: populationCriticalPoints.ts):
 * Newton on the inverse map (companionSolver.ts) for z off the axis or inside the support, a
 * monotone solve in l = -1/mc (numerics/newton.ts) for real z outside it, and the damped fixed
 * point as an independent check.
 */
import { ConvergenceError, InvalidArgumentError } from "../../errors.js";
import { solveMonotone } from "../../numerics/newton.js";
import { assertOptions } from "../../validate.js";
import * as C from "../complex.js";
import type { Complex } from "../complex.js";
import { aliasedOption } from "../../validate.js";
import { checkPoint, checkPositive } from "../law.js";
import { solverFor } from "./companionSolver.js";
import {
  normalizePopulation,
  populationCriticalPoints,
  psiDerivative,
  psiOf,
  type NormalizedPopulation,
  type SilversteinOptions,
} from "./populationCriticalPoints.js";

/**
 * mc(x) for real x outside the support, through l = -1/mc: x = psi(l) with psi' > 0 is monotone
 * on each component of the complement, so it is solved by safeguarded Newton-bisection in l on
 * the matching stretch (below the lower critical point, inside a gap, above the upper one).
 * Returns l, or null when x is inside the support.
 */
function outsideSupportPopulationValue(pop: NormalizedPopulation, x: number): number | null {
  const cp = populationCriticalPoints(pop);
  const psi = (l: number) => psiOf(pop, l);
  const dpsi = (l: number) => psiDerivative(pop, l);
  if (x > cp.upper.edge) {
    // psi(l) >= l for l > t_K (all terms positive), so l = x brackets from above
    let hi = Math.max(x, cp.upper.population * 2);
    while (psi(hi) < x) hi *= 2;
    return solveMonotone(psi, dpsi, x, cp.upper.population, hi);
  }
  if (x < cp.lower.edge) {
    // psi increases on (-inf, l_0) from -inf: move the lower bracket down until psi(lo) <= x
    let lo = Math.min(cp.lower.population - 1, x);
    while (psi(lo) > x) lo = lo * 2 - 1;
    return solveMonotone(psi, dpsi, x, lo, cp.lower.population);
  }
  for (const g of cp.between) {
    if (g.critical && x > g.critical[0].edge && x < g.critical[1].edge) {
      return solveMonotone(psi, dpsi, x, g.critical[0].population, g.critical[1].population);
    }
  }
  return null;
}

export interface SilversteinPoint {
  /** m(z), the Stieltjes transform of the law of S (d x d), atom included. */
  readonly m: Complex;
  /** mc(z) = -(1 - gamma)/z + gamma m(z), the transform of X X^T / n (n x n). */
  readonly companion: Complex;
  /** Newton (or fixed-point) iterations spent. */
  readonly iterations: number;
}

export interface SilversteinSolveOptions extends SilversteinOptions {
  /**
   * "newton" (default): Newton on the companion inverse map with continuation in Im z from far
   * above the spectrum (any z with Im z >= 0; real z outside the support solved in l = -1/mc).
   * "fixed-point": mc <- (1 - damping) mc + damping (-1 / (z - gamma sum w t / (1 + t mc))) from
   * -1/z; needs Im z > 0. The map sends C+ into C+ with |mc| <= 1/Im z; the iteration (the
   * damped scheme of spiked-features.md 4 / 7.5) converges in practice, linearly and slowly when
   * Im z is small (thousands of steps at Im z ~ 1e-4); past maxIter it throws
   * ConvergenceError. Kept as an independent check of the Newton path.
   */
  method?: "newton" | "fixed-point";
  /** Fixed point: mixing weight in (0, 1]. Default 0.5. */
  damping?: number;
  /** Fixed point: stop when |mc_{k+1} - mc_k| <= tol |mc_{k+1}|. Default 1e-13. */
  tol?: number;
  /** Fixed point: iteration limit (ConvergenceError beyond). Default 100000. */
  maxIter?: number;
  /** @deprecated since 0.2.0: use `tol` (an InvalidArgumentError when both are given and differ). */
  tolerance?: number;
  /** @deprecated since 0.2.0: use `maxIter` (an InvalidArgumentError when both are given and differ). */
  maxIterations?: number;
}

/**
 * The Stieltjes transform m(z) of the limiting law of S (population H, ratio gamma) and its
 * companion, at any z with Im z >= 0 (a real z is z + i0; Im z < 0 by conjugation). See the
 * module comment for the equations and `method` for the algorithms. Throws ConvergenceError
 * (with iterations, residual and the last iterate) when the iteration does not converge.
 * Cost: O(K) per iteration for K population atoms; ~25 continuation steps of a few Newton
 * iterations each.
 */
export function silversteinStieltjes(z: number | Complex, options: SilversteinSolveOptions): SilversteinPoint {
  assertOptions(options, "silversteinStieltjes");
  const w = checkPoint(z);
  const pop = normalizePopulation(options.population, options.gamma);
  return solvePoint(pop, w, options);
}

/** silversteinStieltjes for a normalized population and a checked point. */
export function solvePoint(pop: NormalizedPopulation, w: Complex, options: Omit<SilversteinSolveOptions, "gamma" | "population"> = {}): SilversteinPoint {
  if (w.im < 0) {
    const p = solvePoint(pop, C.conj(w), options);
    return { m: C.conj(p.m), companion: C.conj(p.companion), iterations: p.iterations };
  }
  // the deprecated aliases are resolved (and a conflict refused) whichever method runs
  const tol = aliasedOption<number>(options, "tol", "tolerance", "silversteinStieltjes");
  const maxIter = aliasedOption<number>(options, "maxIter", "maxIterations", "silversteinStieltjes");
  const method = options.method ?? "newton";
  if (method === "fixed-point") return fixedPoint(pop, w, { damping: options.damping, tol, maxIter });
  if (method !== "newton") throw new InvalidArgumentError(`method must be "newton" or "fixed-point", got ${String(method)}`);
  if (w.im === 0) {
    if (w.re === 0 && pop.gamma >= 1) {
      throw new InvalidArgumentError(`z = 0 is a singular point of the Stieltjes transform for gamma = ${pop.gamma} >= 1 (atom or hard edge)`);
    }
    const l = outsideSupportPopulationValue(pop, w.re);
    if (l !== null) return realOutside(pop, w.re, l);
  }
  const solver = solverFor(pop);
  const sol = solver.solve(w.re, w.im);
  const mc = { re: sol.mr, im: sol.mi };
  return { m: solver.stieltjesOf(w, mc), companion: mc, iterations: sol.iterations };
}

/** Real x outside the support, from l = -1/mc: m(x) = sum w/(t - l) / (1 - gamma sum w t/(t - l)). */
function realOutside(pop: NormalizedPopulation, x: number, l: number): SilversteinPoint {
  let a = 0;
  let b = 0;
  for (let k = 0; k < pop.t.length; k++) {
    a += pop.w[k]! / (pop.t[k]! - l);
    b += (pop.w[k]! * pop.t[k]!) / (pop.t[k]! - l);
  }
  const m = a / (1 - pop.gamma * b);
  return { m: { re: m, im: 0 }, companion: { re: -1 / l, im: 0 }, iterations: 0 };
}

function fixedPoint(pop: NormalizedPopulation, z: Complex, options: { damping?: number; tol?: number; maxIter?: number }): SilversteinPoint {
  if (!(z.im > 0)) throw new InvalidArgumentError(`the fixed-point method needs Im z > 0, got z = ${z.re} + ${z.im}i`);
  const damping = options.damping ?? 0.5;
  if (!(damping > 0 && damping <= 1)) throw new InvalidArgumentError(`damping must be in (0, 1], got ${damping}`);
  const tol = checkPositive(options.tol ?? 1e-13, "tol", "relative step size");
  const maxIter = options.maxIter ?? 100000;
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    throw new InvalidArgumentError(`maxIter must be a positive integer, got ${maxIter}`);
  }
  let mc = C.neg(C.inv(z));
  let step = Infinity;
  for (let it = 1; it <= maxIter; it++) {
    let s: Complex = C.ZERO;
    for (let k = 0; k < pop.t.length; k++) {
      s = C.add(s, C.scale(C.inv(C.addReal(C.scale(mc, pop.t[k]!), 1)), pop.w[k]! * pop.t[k]!));
    }
    const image = C.neg(C.inv(C.sub(z, C.scale(s, pop.gamma))));
    const next = C.add(C.scale(mc, 1 - damping), C.scale(image, damping));
    step = C.dist(next, mc);
    mc = next;
    if (step <= tol * C.abs(mc)) {
      return { m: solverFor(pop).stieltjesOf(z, mc), companion: mc, iterations: it };
    }
  }
  throw new ConvergenceError(
    `Silverstein fixed point: no convergence in ${maxIter} iterations at z = ${z.re} + ${z.im}i (last step ${step})`,
    maxIter,
    step,
    { companion: mc },
  );
}
