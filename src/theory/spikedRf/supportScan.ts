/**
 * The support of the continuous part of the spiked random-feature spectrum, by a scan of the
 * density on a grid: rho(x) = (Im g_p(x + i eps) - atom eps / (x^2 + eps^2)) / pi at
 * eps = 1e-8 (1 + |x|) (outside the support Im g_p is then O(eps), inside it is pi rho), swept from
 * the top with warm starts, thresholded at a fraction of its peak, each crossing refined by
 * bisection on the threshold (to 1e-9 relative, or until the fixed point stalls in the critical
 * region of an edge, ~1e-5 relative). SpikedRfEquivalent.support documents the options and accuracy.
 */
import { ConvergenceError } from "../../errors.js";
import type { Interval } from "../law.js";
import type { SolveAt } from "./equation.js";

/**
 * The intervals where the density on `points` grid points of (0, upper] exceeds `threshold` times
 * its maximum, ascending; below the smallest grid point a soft lower edge is looked for by halving
 * (else the interval reaches down to 0). Cost: `points` solves, then about 30 per edge.
 */
export function scanSupport(solveAt: SolveAt, atom: number, upper: number, points: number, threshold: number): Interval[] {
  const h = upper / points;
  const epsAt = (x: number) => 1e-8 * (1 + Math.abs(x));
  const densityAt = (xv: number, warmState?: Float64Array, limit?: number): { rho: number; state: Float64Array } => {
    const eps = epsAt(xv);
    const pt = solveAt(xv, eps, warmState, limit);
    const rho = Math.max(0, (pt.gp.im - (atom * eps) / (xv * xv + eps * eps)) / Math.PI);
    return { rho, state: pt.state };
  };
  const grid = Float64Array.from({ length: points }, (_, i) => upper - i * h); // descending, last = h
  const states: Float64Array[] = [];
  const rho = new Float64Array(points);
  let warm: Float64Array | undefined;
  for (let i = 0; i < points; i++) {
    const r = densityAt(grid[i]!, warm);
    warm = r.state;
    states.push(r.state);
    rho[i] = r.rho;
  }
  let peak = 0;
  for (const v of rho) peak = Math.max(peak, v);
  const tau = threshold * peak;
  const inside = (v: number) => v > tau;
  const bisect = (outside: number, insideX: number, st: Float64Array): number => {
    let a = outside;
    let b = insideX;
    for (let it = 0; it < 40 && Math.abs(b - a) > 1e-9 * (1e-3 + Math.abs(b)); it++) {
      const mid = 0.5 * (a + b);
      let v: number;
      try {
        v = densityAt(mid, st, 600).rho;
      } catch (err) {
        // within the critical region of the edge the fixed point slows down without bound: the
        // bracket [a, b] already locates the edge to that width
        if (err instanceof ConvergenceError) break;
        throw err;
      }
      if (inside(v)) b = mid;
      else a = mid;
    }
    return 0.5 * (a + b);
  };
  const intervals: [number, number][] = [];
  let hi: number | null = null;
  for (let i = 0; i < points; i++) {
    const inNow = inside(rho[i]!);
    const inPrev = i > 0 && inside(rho[i - 1]!);
    if (inNow && !inPrev) hi = i === 0 ? grid[0]! : bisect(grid[i - 1]!, grid[i]!, states[i]!);
    if (!inNow && inPrev && hi !== null) {
      intervals.push([bisect(grid[i]!, grid[i - 1]!, states[i - 1]!), hi]);
      hi = null;
    }
  }
  if (hi !== null) {
    // density down to the smallest grid point: look below it for a soft lower edge, else a hard edge at 0
    let xIn = grid[points - 1]!;
    let st = states[points - 1]!;
    let lower = 0;
    for (let k = 0; k < 40; k++) {
      const xt = xIn / 2;
      const r = densityAt(xt, st);
      if (!inside(r.rho)) {
        lower = bisect(xt, xIn, st);
        break;
      }
      xIn = xt;
      st = r.state;
    }
    intervals.push([lower, hi]);
  }
  intervals.reverse();
  return intervals;
}
