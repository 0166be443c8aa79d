/**
 * The exact output channel of a deterministic single-index link y = g(z) given only g (no closed
 * form): the posterior of z ~ N(omega, V) given y, by locating the preimage {z : g(z) = y} along
 * z = omega + sqrt(V) t, t in [-9, 9] (the same preimage machinery as ../preimageEngine.ts, on one
 * line):
 *
 * - where g = y on intervals (a discrete label, or an atom such as y = 0 of relu), the posterior is
 *   N(omega, V) truncated to their union: mass, mean and variance from Phi and phi on each interval
 *   (interval ends located by bisection to 1e-13);
 * - otherwise at the simple roots t_i of g(omega + sqrt(V) t) = y (bracketed on a grid of spacing
 *   0.02 to which the local extrema of g are added, found by ternary search, so that two roots
 *   near an extremum are not lost in one cell; refined by bisection to 1e-13), the posterior is
 *   the discrete law with weights
 *   phi(t_i) / |d g / d t (t_i)| (the co-area formula in one dimension; jumps of g, whose slope
 *   over the final bracket is ~1e13 times larger, get no weight).
 *
 * Assumes at most one local extremum of g per grid cell. Cost: about 900 evaluations of g per label.
 */
import { InvalidArgumentError } from "../../errors.js";
import { normalCdf, normalPdf } from "../../numerics/normal.js";
import type { IndexLink } from "../linkTypes.js";
import { levelSetPosterior } from "./levelSetChannel.js";

const T = 9;
const H = 0.02;

type Posterior = (omega: Float64Array, V: Float64Array, y: number, mean: Float64Array, cov: Float64Array) => number;

/**
 * The posterior of the preimage channel (see the file comment) for a deterministic link without
 * closed-form moments; p = 2 and 3 through the level sets of ./levelSetChannel.ts. Null otherwise.
 */
export function preimagePosterior(link: IndexLink): Posterior | null {
  if (link.p === 2 || link.p === 3) return levelSetPosterior(link);
  if (link.p !== 1 || link.sample || link.noiseVariance > 0 || link.moments) return null;
  const n0 = 2 * Math.ceil(T / H) + 1;
  const t0 = Float64Array.from({ length: n0 }, (_, i) => -T + i * H);
  const g0 = new Float64Array(n0);
  const ts = new Float64Array(2 * n0), gs = new Float64Array(2 * n0);
  const z = new Float64Array(1);
  return (omega, V, y, mean, cov) => {
    const w = omega[0]!, s = Math.sqrt(V[0]!);
    const g = (t: number): number => {
      z[0] = w + s * t;
      const v = link.g(z);
      if (!Number.isFinite(v)) throw new InvalidArgumentError(`the link '${link.name}' returned ${v} at z = ${z[0]}; labels must be finite`);
      return v;
    };
    for (let i = 0; i < n0; i++) g0[i] = g(t0[i]!);
    // insert the local extrema of g (two roots near one can share a grid cell): between two
    // nodes g is then monotone and every simple root is bracketed by a sign change
    let n = 0;
    for (let i = 0; i < n0; i++) {
      if (i > 0 && i + 1 < n0 && (g0[i]! - g0[i - 1]!) * (g0[i + 1]! - g0[i]!) < 0) {
        const max = g0[i]! > g0[i - 1]!;
        let lo = t0[i - 1]!, hi = t0[i + 1]!;
        for (let k = 0; k < 80 && hi - lo > 1e-12; k++) {
          const m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
          if ((g(m1) < g(m2)) === max) lo = m1;
          else hi = m2;
        }
        const te = 0.5 * (lo + hi);
        if (te < t0[i]!) { ts[n] = te; gs[n++] = g(te); ts[n] = t0[i]!; gs[n++] = g0[i]!; }
        else { ts[n] = t0[i]!; gs[n++] = g0[i]!; ts[n] = te; gs[n++] = g(te); }
      } else {
        ts[n] = t0[i]!;
        gs[n++] = g0[i]!;
      }
    }
    // the edge of {g = y} between a (inside when inA) and b, by bisection
    const edge = (a: number, b: number, inA: boolean): number => {
      for (let k = 0; k < 60 && Math.abs(b - a) > 1e-13; k++) {
        const m = 0.5 * (a + b);
        if ((g(m) === y) === inA) a = m;
        else b = m;
      }
      return 0.5 * (a + b);
    };
    let m0 = 0, m1 = 0, m2 = 0; // interval moments of phi(t): int phi, t phi, t^2 phi
    const interval = (a: number, b: number) => {
      if (!(b > a)) return;
      const pa = normalPdf(a), pb = normalPdf(b), mass = normalCdf(b) - normalCdf(a);
      m0 += mass;
      m1 += pa - pb;
      m2 += mass + a * pa - b * pb;
    };
    let r0 = 0, r1 = 0, r2 = 0; // root mixture: sum of weights, weighted t, t^2
    const root = (t: number): void => {
      // slope over a small symmetric step (a jump gives a huge slope and no weight)
      const d = 1e-6;
      const slope = Math.abs(g(t + d) - g(t - d)) / (2 * d);
      if (slope > 0 && Number.isFinite(slope)) {
        const wt = normalPdf(t) / slope;
        r0 += wt;
        r1 += wt * t;
        r2 += wt * t * t;
      }
    };
    for (let i = 0; i + 1 < n; i++) {
      const a = ts[i]!, b = ts[i + 1]!, ga = gs[i]!, gb = gs[i + 1]!;
      const inA = ga === y, inB = gb === y;
      if (inA && inB) interval(a, b);
      else if (inA || inB) {
        // an end of an interval of {g = y}, or a root exactly at a node (counted once, at its left end)
        const inside = inA ? g(a + 1e-10) === y : g(b - 1e-10) === y;
        if (inside) {
          const e = edge(inA ? a : b, inA ? b : a, true);
          if (inA) interval(a, e);
          else interval(e, b);
        } else if (inA && g(a - 1e-10) !== y) root(a);
      } else if ((ga - y) * (gb - y) < 0) {
        let lo = a, hi = b, glo = ga;
        for (let k = 0; k < 60 && hi - lo > 1e-13; k++) {
          const m = 0.5 * (lo + hi), gm = g(m);
          if (gm === y) { lo = hi = m; break; }
          if ((gm - y) * (glo - y) > 0) { lo = m; glo = gm; } else hi = m;
        }
        root(0.5 * (lo + hi));
      }
    }
    let Z: number, et: number, vt: number;
    if (m0 > 1e-300) {
      Z = m0; et = m1 / m0; vt = Math.max(0, m2 / m0 - et * et);
    } else if (r0 > 0) {
      Z = r0; et = r1 / r0; vt = Math.max(0, r2 / r0 - et * et);
    } else {
      mean[0] = w;
      cov[0] = V[0]!;
      return -Infinity;
    }
    mean[0] = w + s * et;
    cov[0] = V[0]! * vt;
    return Math.log(Z);
  };
}
