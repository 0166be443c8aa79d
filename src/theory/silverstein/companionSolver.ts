/**
 * The solver for the companion Stieltjes transform mc(z) of a sample covariance with a general
 * population: Newton's method on Silverstein's inverse map
 * z(mc) = -1/mc + gamma sum_k w_k t_k / (1 + t_k mc) (populationCriticalPoints.ts has the
 * conventions), with continuation in Im z from far above the spectrum when no good starting point
 * is known. Every routine returns a plain result object; nothing is reported through fields of the
 * solver.
 */
import { ConvergenceError } from "../../errors.js";
import * as C from "../complex.js";
import type { Complex } from "../complex.js";
import type { NormalizedPopulation } from "./populationCriticalPoints.js";

const NEWTON_TOLERANCE = 2e-14;
const NEWTON_MAX_ITERATIONS = 100;

/** z(mc) and z'(mc) at one mc, in plain numbers. */
export interface InverseMapValue {
  readonly zr: number;
  readonly zi: number;
  readonly dr: number;
  readonly di: number;
  /** |1/mc| + gamma sum w |t/(1 + t mc)|: the size of the terms of z(mc), for the rounding floor of the residual. */
  readonly zscale: number;
}

/** A solution mc = mr + i mi and the work spent on it. */
export interface CompanionSolution {
  readonly mr: number;
  readonly mi: number;
  /** Newton iterations spent (all attempts). */
  readonly iterations: number;
  /** The last residual |z(mc) - z|. */
  readonly residual: number;
}

/** The outcome of one Newton run or one continuation: the last iterate, and whether it converged. */
export interface CompanionAttempt extends CompanionSolution {
  readonly converged: boolean;
}

/**
 * Newton's method on z(mc) = z, in plain-number complex arithmetic (this is the hot loop of the
 * density on a grid). Steps are damped by halving until the residual |z(mc) - z| decreases;
 * for Im z > 0 they must also stay in C+ (where the solution is unique); on the real axis an
 * iterate that crosses into C- is reflected back (z(conj m) = conj z(m) there, so reflection
 * keeps the distance to a real root and maps the distance to the conjugate root onto the root
 * in C+). Cost O(K) per evaluation for K population atoms.
 */
export class CompanionSolver {
  readonly t: Float64Array;
  readonly w: Float64Array;
  readonly gamma: number;

  constructor(readonly pop: NormalizedPopulation) {
    this.t = pop.t;
    this.w = pop.w;
    this.gamma = pop.gamma;
  }

  /** z(mc) and z'(mc) at mc = mr + i mi. */
  evaluate(mr: number, mi: number): InverseMapValue {
    const e = new Float64Array(5);
    this.evaluateInto(mr, mi, e);
    return { zr: e[0]!, zi: e[1]!, dr: e[2]!, di: e[3]!, zscale: e[4]! };
  }

  /**
   * evaluate() into out = [Re z, Im z, Re z', Im z', zscale]: the allocation-free form for the
   * Newton loop (an object per evaluation made the density on a grid ~1.6x slower).
   */
  private evaluateInto(mr: number, mi: number, out: Float64Array): void {
    const n2 = mr * mr + mi * mi;
    const ir = mr / n2;
    const ii = -mi / n2;
    let s1r = 0;
    let s1i = 0;
    let s2r = 0;
    let s2i = 0;
    let sabs = 0;
    const { t, w } = this;
    for (let k = 0; k < t.length; k++) {
      const tk = t[k]!;
      const qr = 1 + tk * mr;
      const qi = tk * mi;
      const qn = qr * qr + qi * qi;
      const ur = (tk * qr) / qn;
      const ui = (-tk * qi) / qn;
      const wk = w[k]!;
      s1r += wk * ur;
      s1i += wk * ui;
      s2r += wk * (ur * ur - ui * ui);
      s2i += wk * 2 * ur * ui;
      sabs += wk * Math.hypot(ur, ui);
    }
    const g = this.gamma;
    out[0] = -ir + g * s1r;
    out[1] = -ii + g * s1i;
    out[2] = ir * ir - ii * ii - g * s2r;
    out[3] = 2 * ir * ii - g * s2i;
    out[4] = Math.sqrt(ir * ir + ii * ii) + g * sabs;
  }

  // scratch of the Newton loop (the current iterate's and a trial step's evaluation); not results
  private readonly current = new Float64Array(5);
  private readonly trial = new Float64Array(5);

  /** Newton from (mr, mi) for z = xr + i xi (see the class comment). */
  newton(xr: number, xi: number, mr: number, mi: number, maxIter = NEWTON_MAX_ITERATIONS): CompanionAttempt {
    const onAxis = xi === 0;
    if (onAxis) mi = Math.abs(mi);
    const e = this.current;
    const ne = this.trial;
    this.evaluateInto(mr, mi, e);
    let fr = e[0]! - xr;
    let fi = e[1]! - xi;
    let res = Math.hypot(fr, fi);
    for (let it = 1; it <= maxIter; it++) {
      // delta = f / z' (Smith's division)
      const dr = e[2]!;
      const di = e[3]!;
      let sr: number;
      let si: number;
      if (Math.abs(dr) >= Math.abs(di)) {
        const r = di / dr;
        const den = dr + di * r;
        sr = (fr + fi * r) / den;
        si = (fi - fr * r) / den;
      } else {
        const r = dr / di;
        const den = dr * r + di;
        sr = (fr * r + fi) / den;
        si = (fi * r - fr) / den;
      }
      if (!Number.isFinite(sr) || !Number.isFinite(si)) return { mr, mi, iterations: it, residual: res, converged: false };
      const full = Math.hypot(sr, si);
      if (full <= NEWTON_TOLERANCE * Math.hypot(mr, mi)) {
        // the full Newton step is at rounding level: converged (near a double root, at an
        // edge, the distance to the root is about twice the step)
        mr -= sr;
        mi = onAxis ? Math.abs(mi - si) : mi - si;
        return { mr, mi, iterations: it, residual: res, converged: true };
      }
      // damped step: halve until the residual decreases (and, off the axis, Im mc stays > 0)
      let lambda = 1;
      let accepted = false;
      for (let back = 0; back < 50 && !accepted; back++, lambda *= 0.5) {
        const nr = mr - lambda * sr;
        let ni = mi - lambda * si;
        if (onAxis) ni = Math.abs(ni);
        else if (!(ni > 0)) continue;
        this.evaluateInto(nr, ni, ne);
        const nfr = ne[0]! - xr;
        const nfi = ne[1]! - xi;
        const nres = Math.hypot(nfr, nfi);
        if (nres < res) {
          mr = nr;
          mi = ni;
          fr = nfr;
          fi = nfi;
          res = nres;
          e.set(ne);
          accepted = true;
        }
      }
      if (!accepted) {
        // no decrease along the Newton direction. At the rounding floor of the residual this is
        // convergence (near an edge, a double root, mc is then only good to ~sqrt(eps));
        // otherwise Newton is stuck and the caller retries or starts cold.
        return { mr, mi, iterations: it, residual: res, converged: res <= 64 * Number.EPSILON * (e[4]! + Math.hypot(xr, xi)) };
      }
      if (res === 0) return { mr, mi, iterations: it, residual: 0, converged: true };
    }
    return { mr, mi, iterations: maxIter, residual: res, converged: false };
  }

  /**
   * Is (mr, mi) the solution for z = xr + i xi? In C+ it is (uniqueness); a real root must
   * have z'(mc) >= 0 (Silverstein-Choi), up to rounding: mc^2 z'(mc) = 1 - gamma sum w (t mc/(1 + t mc))^2.
   */
  acceptable(mr: number, mi: number, xi: number): boolean {
    if (!Number.isFinite(mr) || !Number.isFinite(mi)) return false;
    if (xi > 0) return mi > 0;
    if (mi > 1e-10 * Math.hypot(mr, mi)) return true;
    let s = 0;
    for (let k = 0; k < this.t.length; k++) {
      const u = (this.t[k]! * mr) / (1 + this.t[k]! * mr);
      s += this.w[k]! * u * u;
    }
    return 1 - this.gamma * s >= -1e-6;
  }

  /**
   * Solves from nothing by continuation in Im z: from z0 = x + i eta0 far above the spectrum
   * (a few fixed-point steps mc <- -1/(z0 - gamma sum w t/(1 + t mc)) from -1/z0, then Newton)
   * down to the target imaginary part, shrinking eta - target by 4 each step, and by less after
   * a failed step (the solution path is analytic for eta > 0, so small enough steps succeed).
   */
  solveCold(xr: number, xi: number): CompanionAttempt {
    const scaleT = this.t[this.t.length - 1]! * (1 + Math.sqrt(this.gamma)) ** 2;
    const big = Math.max(scaleT, Math.abs(xr), xi);
    let eta = Math.max(xi, 2 * big);
    // fixed-point start at z0 = xr + i eta (contracting strongly there: |T'| <~ (big / eta)^2)
    let mr: number;
    let mi: number;
    {
      const n = xr * xr + eta * eta;
      mr = -xr / n;
      mi = eta / n;
      for (let it = 0; it < 20; it++) {
        let s1r = 0;
        let s1i = 0;
        for (let k = 0; k < this.t.length; k++) {
          const tk = this.t[k]!;
          const qr = 1 + tk * mr;
          const qi = tk * mi;
          const qn = qr * qr + qi * qi;
          s1r += (this.w[k]! * tk * qr) / qn;
          s1i -= (this.w[k]! * tk * qi) / qn;
        }
        const dr = xr - this.gamma * s1r;
        const di = eta - this.gamma * s1i;
        const dn = dr * dr + di * di;
        mr = -dr / dn;
        mi = di / dn;
      }
    }
    let last = this.newton(xr, eta, mr, mi);
    let iterations = last.iterations;
    if (!last.converged) return last;
    mr = last.mr;
    mi = last.mi;
    let ratio = 0.25;
    let failures = 0;
    while (eta > xi) {
      let next = xi + (eta - xi) * ratio;
      if (next - xi <= 1e-13 * big) next = xi;
      last = this.newton(xr, next, mr, mi);
      iterations += last.iterations;
      if (last.converged && this.acceptable(last.mr, last.mi, next)) {
        mr = last.mr;
        mi = last.mi;
        eta = next;
        ratio = Math.max(0.25, ratio * ratio);
      } else {
        if (++failures > 60) return { ...last, iterations, converged: false };
        ratio = Math.sqrt(ratio);
      }
    }
    return { mr, mi, iterations, residual: last.residual, converged: true };
  }

  /** Solve at z = xr + i xi from a guess, falling back to the cold start; throws ConvergenceError on failure. */
  solve(xr: number, xi: number, guessR?: number, guessI?: number): CompanionSolution {
    let spent = 0;
    if (guessR !== undefined && guessI !== undefined) {
      const warm = this.newton(xr, xi, guessR, guessI);
      if (warm.converged && this.acceptable(warm.mr, warm.mi, xi)) return warm;
      spent = warm.iterations;
    }
    const cold = this.solveCold(xr, xi);
    if (cold.converged) return { mr: cold.mr, mi: cold.mi, iterations: spent + cold.iterations, residual: cold.residual };
    throw new ConvergenceError(
      `Silverstein solver: no convergence at z = ${xr} + ${xi}i (Newton with continuation in Im z)`,
      spent + cold.iterations,
      cold.residual,
      { companion: { re: cold.mr, im: cold.mi } },
    );
  }

  /** m(z) = -(1/z) sum w / (1 + t mc) for a solution mc. */
  stieltjesOf(z: Complex, mc: Complex): Complex {
    let sr = 0;
    let si = 0;
    for (let k = 0; k < this.t.length; k++) {
      const qr = 1 + this.t[k]! * mc.re;
      const qi = this.t[k]! * mc.im;
      const qn = qr * qr + qi * qi;
      sr += (this.w[k]! * qr) / qn;
      si -= (this.w[k]! * qi) / qn;
    }
    return C.neg(C.div({ re: sr, im: si }, z));
  }
}

const solverCache = new WeakMap<NormalizedPopulation, CompanionSolver>();

/** The solver of a population (one per normalized population, cached). */
export function solverFor(pop: NormalizedPopulation): CompanionSolver {
  let s = solverCache.get(pop);
  if (!s) {
    s = new CompanionSolver(pop);
    solverCache.set(pop, s);
  }
  return s;
}
