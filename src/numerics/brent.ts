/**
 * Brent's method for a root of a continuous real function in a bracket (Brent 1973, "Algorithms
 * for Minimization without Derivatives", ch. 4, procedure zero; Numerical Recipes section 9.3
 * `zbrent`): inverse quadratic interpolation, or a secant step when only two points are distinct,
 * accepted only while it lands inside the bracket and shrinks it fast enough, else bisection. It
 * keeps the guarantee of bisection (the bracket always holds a sign change) and converges
 * superlinearly for smooth f. The package's one derivative-free root finder (the spiked random-feature
 * outlier equation uses it); the safeguarded Newton for monotone equations is numerics/newton.ts.
 */
import { ConvergenceError, InvalidArgumentError, NonFiniteError } from "../errors.js";

export interface BrentOptions {
  /** Relative tolerance: stop when the bracket is within tol |x| of the root x. Default 0 (rounding level). */
  tol?: number;
  /** Absolute tolerance added to the relative one (for a root at or near 0). Default 0. */
  absTol?: number;
  /** Limit on evaluations of f after the two at the ends. Default 200. */
  maxIter?: number;
}

/**
 * A root of f in [a, b], where f(a) and f(b) have opposite signs (or one is 0), to
 * |error| <= 2 eps |x| + tol |x| + absTol. Cost: two evaluations at the ends, then one per step;
 * for smooth f about 10 steps to rounding level, never more than about the bisection count
 * squared. Throws InvalidArgumentError when the ends are not finite or do not bracket a sign
 * change, NonFiniteError when f returns a non-finite value, ConvergenceError (with the last
 * bracket width) past maxIter steps.
 */
export function brentRoot(f: (x: number) => number, a: number, b: number, options: BrentOptions = {}): number {
  const tol = options.tol ?? 0;
  const absTol = options.absTol ?? 0;
  const maxIter = options.maxIter ?? 200;
  if (typeof f !== "function") throw new InvalidArgumentError(`brentRoot: f must be a function, got ${typeof f}`);
  if (!Number.isFinite(a) || !Number.isFinite(b)) throw new InvalidArgumentError(`brentRoot: the bracket ends must be finite, got [${a}, ${b}]`);
  if (!(tol >= 0) || !(absTol >= 0) || !Number.isFinite(tol) || !Number.isFinite(absTol)) {
    throw new InvalidArgumentError(`brentRoot: tol and absTol must be finite numbers >= 0, got ${tol} and ${absTol}`);
  }
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new InvalidArgumentError(`brentRoot: maxIter must be a positive integer, got ${maxIter}`);
  const value = (x: number, step: number): number => {
    const v = f(x);
    if (!Number.isFinite(v)) throw new NonFiniteError(`brentRoot: f(${x}) = ${v} is not finite`, "f", step, v);
    return v;
  };
  let fa = value(a, 0);
  let fb = value(b, 0);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if ((fa > 0) === (fb > 0)) {
    throw new InvalidArgumentError(`brentRoot: f(a) = ${fa} and f(b) = ${fb} at [${a}, ${b}] have the same sign: no bracketed root`);
  }
  // b is the best iterate, a the previous one, c the point with f(c) of the other sign than f(b)
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let it = 1; it <= maxIter; it++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * (tol * Math.abs(b) + absTol);
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      // interpolation: secant when a = c, else inverse quadratic through a, b, c
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      // accept it only inside the bracket and when it shrinks faster than the step before last
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = value(b, it);
  }
  throw new ConvergenceError(`brentRoot: no convergence in ${maxIter} steps (bracket [${Math.min(b, c)}, ${Math.max(b, c)}])`, maxIter, Math.abs(c - b));
}
