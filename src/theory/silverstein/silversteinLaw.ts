/**
 * The limiting spectral law of a sample covariance with a general population as a LimitingLaw
 * (conventions: populationCriticalPoints.ts): the density on grids by Newton with continuation
 * along the grid (companionSolver.ts), the cdf and quantiles from a table of the density integrated
 * in the edge angle (numerics/tabulatedCdf.ts), the transform from stieltjes.ts.
 */
import { tabulateCdf, type TabulatedCdf } from "../../numerics/tabulatedCdf.js";
import { assertOptions } from "../../validate.js";
import type { Complex } from "../complex.js";
import { checkFinite, checkFiniteList, checkPoint, checkProbability, type LimitingLaw } from "../law.js";
import { solverFor, type CompanionSolution } from "./companionSolver.js";
import {
  intervalIndex,
  normalizePopulation,
  supportOf,
  type NormalizedPopulation,
  type SilversteinOptions,
  type SilversteinSupport,
} from "./populationCriticalPoints.js";
import { solvePoint, type SilversteinPoint } from "./stieltjes.js";

/**
 * rho(x) on real points x (any order) for the law of S: Im mc(x + i0) / (gamma pi) inside the
 * support (m = (mc + (1 - gamma)/x) / gamma and the second term is real), exactly 0 outside it
 * (the support comes from the critical points, so no solve is needed there). The atom at 0
 * (gamma > 1) is not part of the density. Points are solved from right to left within each
 * support interval, each Newton solve starting from the previous solution moved by the tangent
 * dmc/dx = 1/z'(mc) (continuation along the grid), with a cold start (continuation in Im z) for
 * the first point of an interval and whenever a warm start fails. Cost O(K) per Newton iteration,
 * about 3 iterations per point on a 2000-point grid (3-atom population, cold starts included).
 */
export function silversteinDensity(x: ArrayLike<number>, options: SilversteinOptions): Float64Array {
  assertOptions(options, "silversteinDensity");
  const xs = checkFiniteList(x, "x");
  const pop = normalizePopulation(options.population, options.gamma);
  return densityOnGrid(pop, supportOf(pop), xs);
}

function densityOnGrid(pop: NormalizedPopulation, support: SilversteinSupport, xs: Float64Array): Float64Array {
  const out = new Float64Array(xs.length);
  const order = Array.from(xs.keys()).sort((i, j) => xs[j]! - xs[i]!);
  const solver = solverFor(pop);
  let lastInterval = -1;
  let pr = 0;
  let pi = 0;
  let px = 0;
  for (const idx of order) {
    const x = xs[idx]!;
    const j = intervalIndex(support, x);
    if (j < 0) continue;
    let sol: CompanionSolution;
    if (j === lastInterval) {
      // tangent predictor: mc(x) ~ mc(px) + (x - px) / z'(mc(px)), used while it stays modest
      const e = solver.evaluate(pr, pi);
      const dn = e.dr * e.dr + e.di * e.di;
      const dx = x - px;
      let gr = pr + (dx * e.dr) / dn;
      let gi = pi - (dx * e.di) / dn;
      if (!(Math.hypot(gr - pr, gi - pi) <= 0.25 * Math.hypot(pr, pi))) {
        gr = pr;
        gi = pi;
      }
      // a guess exactly on the axis would keep Newton real: lift it into C+
      sol = solver.solve(x, 0, gr, gi !== 0 ? Math.abs(gi) : 1e-3 * Math.hypot(gr, gi));
    } else {
      sol = solver.solve(x, 0);
    }
    pr = sol.mr;
    pi = sol.mi;
    px = x;
    lastInterval = j;
    out[idx] = Math.max(0, pi) / (pop.gamma * Math.PI);
  }
  return out;
}


/**
 * rho at single points with a warm start: Newton from the previous solution when it lies in
 * the same support interval (inside the support the root in C+ is unique, so a warm start
 * cannot land on a wrong branch; a failed one falls back to the cold start).
 */
function pointDensity(pop: NormalizedPopulation, support: SilversteinSupport): (x: number) => number {
  const solver = solverFor(pop);
  let interval = -1;
  let re = 0;
  let im = 0;
  return (x: number): number => {
    const j = intervalIndex(support, x);
    if (j < 0) return 0;
    const sol = j === interval ? solver.solve(x, 0, re, im) : solver.solve(x, 0);
    interval = j;
    re = sol.mr;
    im = sol.mi;
    return Math.max(0, im) / (pop.gamma * Math.PI);
  };
}

export interface SilversteinLaw extends LimitingLaw {
  readonly gamma: number;
  readonly population: NormalizedPopulation;
  readonly supportDetails: SilversteinSupport;
  /** Mass of the continuous part by quadrature (min(1, 1/gamma) in exact arithmetic): a check of the solver. */
  continuousMass(): number;
  /** m(z) and mc(z) with the solver details. */
  solve(z: number | Complex): SilversteinPoint;
  /** Density on many points at once (continuation along the grid; much faster than density() per point). */
  densities(x: ArrayLike<number>): Float64Array;
}

/**
 * The limiting law of S for population H and ratio gamma as a LimitingLaw: support and atoms from
 * the critical points, density and Stieltjes transform by the solver, and a cdf/quantile from a
 * table built on first use (numerics/tabulatedCdf.ts: adaptive Gauss-Legendre in the edge angle,
 * ~800 density solves per support interval, a few ms; cdf accurate to ~1e-12). quantile inverts
 * the tabulated cdf by safeguarded Newton. density(x) solves at x, warm-started from the
 * previous call.
 */
export function silversteinLaw(options: SilversteinOptions): SilversteinLaw {
  assertOptions(options, "silversteinLaw");
  const pop = normalizePopulation(options.population, options.gamma);
  const support = supportOf(pop);
  const atomMass = pop.gamma > 1 ? 1 - 1 / pop.gamma : 0;
  const rho = pointDensity(pop, support);
  let tables: TabulatedCdf[] | null = null;
  const getTables = () => (tables ??= support.intervals.map(([a, b]) => tabulateCdf(rho, a, b)));

  const density = (x: number): number => rho(checkFinite(x, "x"));

  const cdf = (x: number): number => {
    checkFinite(x, "x");
    let F = x >= 0 ? atomMass : 0;
    for (const table of getTables()) F += table.cdf(x);
    return x >= support.upperEdge ? 1 : Math.min(1, Math.max(0, F));
  };

  const quantile = (p: number): number => {
    checkProbability(p);
    if (atomMass > 0 && p <= atomMass) return 0;
    if (p === 0) return support.lowerEdge;
    const tb = getTables();
    let rest = p - atomMass;
    for (let j = 0; j < tb.length; j++) {
      const table = tb[j]!;
      if (rest > table.mass && j + 1 < tb.length) {
        rest -= table.mass;
        continue;
      }
      return table.quantile(rest);
    }
    return support.upperEdge;
  };

  const describe = pop.t.length <= 6
    ? Array.from(pop.t, (t, k) => `${t}:${pop.w[k]!.toPrecision(4)}`).join(",")
    : `${pop.t.length} atoms in [${pop.t[0]}, ${pop.t[pop.t.length - 1]}]`;

  return {
    name: `silverstein(gamma=${pop.gamma}, H={${describe}})`,
    gamma: pop.gamma,
    population: pop,
    supportDetails: support,
    support: support.intervals,
    atoms: support.atoms,
    lowerEdge: support.lowerEdge,
    upperEdge: support.upperEdge,
    density,
    cdf,
    quantile,
    stieltjes: (z) => solvePoint(pop, checkPoint(z)).m,
    solve: (z) => solvePoint(pop, checkPoint(z)),
    densities: (x) => densityOnGrid(pop, support, checkFiniteList(x, "x")),
    continuousMass: () => getTables().reduce((s, t) => s + t.mass, 0),
  };
}
