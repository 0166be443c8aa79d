/**
 * Adaptive explicit Runge-Kutta integration of y' = f(t, y): the Dormand-Prince 5(4) pair
 * (Dormand and Prince 1980, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6)
 * with the step-size control of Hairer, Norsett and Wanner, "Solving Ordinary Differential
 * Equations I" (2nd ed., 1993), section II.4: the local error estimate y5 - y4 is measured in the
 * scaled RMS norm err = sqrt(mean_i ((y5 - y4)_i / (atol + rtol max(|y_i|, |y_new,i|)))^2), a step
 * is accepted when err <= 1, and the next step is h err^(-0.2 + 0.75 beta) err_prev^beta / 0.9
 * clipped to [h/5, 10 h] (the PI controller of their DOPRI5 code, beta = 0.04; after a rejection the
 * step may not grow). The fifth-order solution is propagated (local extrapolation) and the last stage
 * is reused as the first of the next step (FSAL), so an accepted step costs 6 evaluations of f. The
 * first step is chosen by the HNW starting-step algorithm (section II.4, "Starting step size").
 *
 * Output: the solution at the requested times by the continuous extension of order 4 of the pair
 * (HNW section II.6, the dense output of their DOPRI5 code), so output times do not shorten the
 * steps; the last time is hit exactly. Its error is of the order of the local tolerance.
 * Cost: 6 evaluations of f per accepted step, 7 per rejected step at most.
 *
 * Errors: InvalidArgumentError for bad times/tolerances/options, NonFiniteError when f returns a
 * NaN or an infinity (naming t and the component), ConvergenceError when the step underflows (the
 * step falls below 1e-14 |t|: a singularity or a stiff problem) or `maxSteps` is exceeded; both carry
 * the solution computed so far as `partial`.
 */
import { ConvergenceError, InvalidArgumentError, NonFiniteError } from "../errors.js";

/** Right-hand side: writes f(t, y) into `dydt` (same length as y). Must not keep y or dydt. */
export type OdeRightHandSide = (t: number, y: Float64Array, dydt: Float64Array) => void;

export interface OdeOptions {
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance (default 1e-9). */
  atol?: number;
  /** First trial step; default from the HNW starting-step algorithm. */
  h0?: number;
  /** Largest step (default: the whole interval). */
  hMax?: number;
  /** Most accepted + rejected steps before a ConvergenceError (default 100000). */
  maxSteps?: number;
}

export interface OdeSolution {
  /** The requested times. */
  t: number[];
  /** y at each requested time (copies). */
  y: Float64Array[];
  /** Accepted and rejected steps, and evaluations of f. */
  stats: { accepted: number; rejected: number; evaluations: number };
}

// Dormand-Prince 5(4) tableau (HNW table II.5.2)
const C2 = 1 / 5, C3 = 3 / 10, C4 = 4 / 5, C5 = 8 / 9;
const A21 = 1 / 5;
const A31 = 3 / 40, A32 = 9 / 40;
const A41 = 44 / 45, A42 = -56 / 15, A43 = 32 / 9;
const A51 = 19372 / 6561, A52 = -25360 / 2187, A53 = 64448 / 6561, A54 = -212 / 729;
const A61 = 9017 / 3168, A62 = -355 / 33, A63 = 46732 / 5247, A64 = 49 / 176, A65 = -5103 / 18656;
const A71 = 35 / 384, A73 = 500 / 1113, A74 = 125 / 192, A75 = -2187 / 6784, A76 = 11 / 84;
// y5 - y4 = h sum E_i k_i
const E1 = 71 / 57600, E3 = -71 / 16695, E4 = 71 / 1920, E5 = -17253 / 339200, E6 = 22 / 525, E7 = -1 / 40;

// dense output (HNW's DOPRI5, CONTD5)
const D1 = -12715105075 / 11282082432, D3 = 87487479700 / 32700410799, D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632, D6 = -1453857185 / 822651844, D7 = 69997945 / 29380423;

const BETA = 0.04;
const EXPO1 = 0.2 - BETA * 0.75;
const SAFE = 0.9;
const FAC_MIN = 0.2; // h_new >= h / 5
const FAC_MAX = 10; // h_new <= 10 h

function positiveOption(v: unknown, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`solveOde: ${name} must be a finite positive number, got ${String(v)}`);
  return v;
}

function checkDerivative(dydt: Float64Array, t: number): void {
  for (let i = 0; i < dydt.length; i++) {
    const v = dydt[i]!;
    if (v - v !== 0) throw new NonFiniteError(`solveOde: the right-hand side is non-finite at t = ${t} (component ${i} = ${v})`, "dydt", i, v);
  }
}

/**
 * Integrates y' = f(t, y), y(times[0]) = y0, and returns y at every entry of `times` (non-decreasing;
 * times[0] is the initial time). See the file comment for the method, the control and the errors.
 */
export function solveOde(f: OdeRightHandSide, y0: ArrayLike<number>, times: ArrayLike<number>, options: OdeOptions = {}): OdeSolution {
  if (typeof f !== "function") throw new InvalidArgumentError(`solveOde: f must be a function, got ${f === null ? "null" : typeof f}`);
  if (y0 === null || typeof y0 !== "object" || typeof y0.length !== "number") throw new InvalidArgumentError("solveOde: y0 must be an array of numbers");
  if (times === null || typeof times !== "object" || typeof times.length !== "number" || times.length < 1) {
    throw new InvalidArgumentError("solveOde: times must be a non-empty array of numbers (times[0] is the initial time)");
  }
  if (options === null || typeof options !== "object") throw new InvalidArgumentError("solveOde: options must be an object");
  const n = y0.length;
  const y = Float64Array.from(y0);
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) throw new NonFiniteError(`solveOde: y0 has a non-finite entry ${i} = ${y[i]}`, "y0", i, y[i]!);
  const ts = Array.from(times, Number);
  for (let i = 0; i < ts.length; i++) {
    if (!Number.isFinite(ts[i]!)) throw new InvalidArgumentError(`solveOde: times[${i}] = ${ts[i]} is not finite`);
    if (i > 0 && ts[i]! < ts[i - 1]!) throw new InvalidArgumentError(`solveOde: times must be non-decreasing, times[${i}] = ${ts[i]} < times[${i - 1}] = ${ts[i - 1]}`);
  }
  const rtol = positiveOption(options.rtol, 1e-6, "rtol");
  const atol = positiveOption(options.atol, 1e-9, "atol");
  const span = ts[ts.length - 1]! - ts[0]!;
  const hMax = positiveOption(options.hMax, span > 0 ? span : 1, "hMax");
  const maxSteps = options.maxSteps ?? 100000;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new InvalidArgumentError(`solveOde: maxSteps must be a positive integer, got ${maxSteps}`);
  const h0 = options.h0 === undefined ? undefined : positiveOption(options.h0, 1, "h0");

  const out: OdeSolution = { t: ts, y: [y.slice()], stats: { accepted: 0, rejected: 0, evaluations: 0 } };
  if (ts.length === 1 || span === 0) {
    for (let i = 1; i < ts.length; i++) out.y.push(y.slice());
    return out;
  }
  const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n);
  const k5 = new Float64Array(n), k6 = new Float64Array(n), k7 = new Float64Array(n);
  const ys = new Float64Array(n), yNew = new Float64Array(n);
  const evaluate = (t: number, at: Float64Array, into: Float64Array): void => {
    f(t, at, into);
    out.stats.evaluations++;
    checkDerivative(into, t);
  };
  const scaledNorm = (v: Float64Array, ref: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const q = v[i]! / (atol + rtol * Math.abs(ref[i]!));
      s += q * q;
    }
    return n > 0 ? Math.sqrt(s / n) : 0;
  };

  let t = ts[0]!;
  evaluate(t, y, k1);
  let h = h0 ?? startingStep(t, y, k1, hMax, scaledNorm, evaluate, k2, ys);
  let errPrev = 1e-4;
  let rejectedLast = false;
  const tEnd = ts[ts.length - 1]!;
  const r1 = new Float64Array(n), r2 = new Float64Array(n), r3 = new Float64Array(n), r4 = new Float64Array(n), r5 = new Float64Array(n);
  let next = 1;
  while (next < ts.length && ts[next]! <= t) {
    out.y.push(y.slice()); // output times equal to the initial time
    next++;
  }
  while (t < tEnd) {
    if (out.stats.accepted + out.stats.rejected >= maxSteps) {
      throw new ConvergenceError(`solveOde: ${maxSteps} steps did not reach t = ${tEnd} (stopped at t = ${t}, step ${h}); raise maxSteps or loosen rtol/atol`, maxSteps, t, out);
    }
    const remaining = tEnd - t;
    const scale = Math.max(Math.abs(t), Math.abs(tEnd), span);
    if (remaining <= 1e-13 * scale) {
      t = tEnd; // a rounding-level remainder: y(tEnd) = y(t) to that accuracy
      break;
    }
    if (h <= 1e-13 * scale) {
      throw new ConvergenceError(`solveOde: step size underflow at t = ${t} (step ${h}): the solution may blow up there or the problem is too stiff`, out.stats.accepted, t, out);
    }
    const last = h >= remaining;
    const step = Math.min(h, remaining, hMax);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + step * A21 * k1[i]!;
    evaluate(t + C2 * step, ys, k2);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + step * (A31 * k1[i]! + A32 * k2[i]!);
    evaluate(t + C3 * step, ys, k3);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + step * (A41 * k1[i]! + A42 * k2[i]! + A43 * k3[i]!);
    evaluate(t + C4 * step, ys, k4);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + step * (A51 * k1[i]! + A52 * k2[i]! + A53 * k3[i]! + A54 * k4[i]!);
    evaluate(t + C5 * step, ys, k5);
    for (let i = 0; i < n; i++) ys[i] = y[i]! + step * (A61 * k1[i]! + A62 * k2[i]! + A63 * k3[i]! + A64 * k4[i]! + A65 * k5[i]!);
    const tNew = last ? tEnd : t + step;
    evaluate(tNew, ys, k6);
    for (let i = 0; i < n; i++) yNew[i] = y[i]! + step * (A71 * k1[i]! + A73 * k3[i]! + A74 * k4[i]! + A75 * k5[i]! + A76 * k6[i]!);
    evaluate(tNew, yNew, k7);
    let s = 0;
    for (let i = 0; i < n; i++) {
      const e = step * (E1 * k1[i]! + E3 * k3[i]! + E4 * k4[i]! + E5 * k5[i]! + E6 * k6[i]! + E7 * k7[i]!);
      const sc = atol + rtol * Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!));
      s += (e / sc) * (e / sc);
    }
    const err = n > 0 ? Math.sqrt(s / n) : 0;
    const fac11 = err > 0 ? err ** EXPO1 : 0;
    if (err <= 1) {
      // accepted: PI control
      let fac = fac11 / errPrev ** BETA / SAFE;
      fac = Math.max(1 / FAC_MAX, Math.min(1 / FAC_MIN, fac));
      let hNew = step / fac;
      if (rejectedLast) hNew = Math.min(hNew, step);
      errPrev = Math.max(err, 1e-4);
      rejectedLast = false;
      out.stats.accepted++;
      if (next < ts.length && ts[next]! < tNew) {
        // dense output inside the step: HNW's continuous extension of order 4 (their DOPRI5 code, CONTD5)
        for (let i = 0; i < n; i++) {
          const dy = yNew[i]! - y[i]!;
          const bspl = step * k1[i]! - dy;
          r1[i] = y[i]!;
          r2[i] = dy;
          r3[i] = bspl;
          r4[i] = dy - step * k7[i]! - bspl;
          r5[i] = step * (D1 * k1[i]! + D3 * k3[i]! + D4 * k4[i]! + D5 * k5[i]! + D6 * k6[i]! + D7 * k7[i]!);
        }
        while (next < ts.length && ts[next]! < tNew) {
          const theta = (ts[next]! - t) / step;
          const theta1 = 1 - theta;
          const yt = new Float64Array(n);
          for (let i = 0; i < n; i++) yt[i] = r1[i]! + theta * (r2[i]! + theta1 * (r3[i]! + theta * (r4[i]! + theta1 * r5[i]!)));
          out.y.push(yt);
          next++;
        }
      }
      t = tNew;
      y.set(yNew);
      k1.set(k7);
      while (next < ts.length && ts[next]! <= t) {
        out.y.push(y.slice());
        next++;
      }
      h = Math.min(hNew, hMax);
    } else {
      h = step / Math.min(1 / FAC_MIN, fac11 / SAFE);
      rejectedLast = true;
      out.stats.rejected++;
    }
  }
  while (next < ts.length) {
    out.y.push(y.slice());
    next++;
  }
  return out;
}

/** HNW's starting step: h with h^5 max(|f0|, |f'|) ~ 0.01 in the scaled norm (section II.4). */
function startingStep(
  t: number,
  y: Float64Array,
  f0: Float64Array,
  hMax: number,
  norm: (v: Float64Array, ref: Float64Array) => number,
  evaluate: (t: number, at: Float64Array, into: Float64Array) => void,
  f1: Float64Array,
  y1: Float64Array,
): number {
  const d0 = norm(y, y);
  const d1 = norm(f0, y);
  let h = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  h = Math.min(h, hMax);
  for (let i = 0; i < y.length; i++) y1[i] = y[i]! + h * f0[i]!;
  evaluate(t + h, y1, f1);
  for (let i = 0; i < y.length; i++) f1[i] = (f1[i]! - f0[i]!) / h;
  const d2 = norm(f1, y);
  const m = Math.max(d1, d2);
  const h1 = m <= 1e-15 ? Math.max(1e-6, h * 1e-3) : (0.01 / m) ** (1 / 5);
  return Math.min(100 * h, h1, hMax);
}
