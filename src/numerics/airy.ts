/**
 * The Airy function Ai and its derivative Ai' on the whole real line, to about 1e-15 relative
 * accuracy where Ai is not near a zero (absolute 1e-15 on the oscillatory side), for the
 * Tracy-Widom kernels (theory/tracyWidom/).
 *
 * Method (the Taylor-series method for the Airy equation y'' = x y, Gil, Segura and Temme,
 * "Numerical Methods for Special Functions", SIAM 2007, section 9.5, with the asymptotic
 * expansions of DLMF 9.7.5-9.7.10 at the ends):
 *   - x >= 12 or x <= -20: the asymptotic expansions in zeta = (2/3)|x|^(3/2), summed to their
 *     smallest term (zeta >= 27 there, so the truncation error is below e^(-2 zeta) ~ 1e-24).
 *   - -20 < x < 12: a Taylor series about the nearest of a grid of centres c spaced 1/4 apart,
 *     |x - c| <= 1/8, whose coefficients follow from the equation:
 *     a_{k+2} = (c a_k + a_{k-1}) / ((k + 1)(k + 2)), a_0 = Ai(c), a_1 = Ai'(c).
 *   The values at the centres are computed once, by the same Taylor series stepped from centre
 *   to centre in the stable direction: downward from x = 12 (asymptotic start; Ai is the
 *   dominant solution when x decreases, so errors do not grow) and downward from x = 0
 *   (Ai(0) = 1 / (3^(2/3) Gamma(2/3)), Ai'(0) = -1 / (3^(1/3) Gamma(1/3)), DLMF 9.2.3-9.2.4;
 *   oscillatory, errors grow at most linearly). Stepping upward to positive x would be unstable
 *   (Bi grows like exp(zeta)), which is why the positive side starts from the asymptotic end.
 */
import { InvalidArgumentError } from "../errors.js";

const AI0 = 0.35502805388781723926;
const AIP0 = -0.2588194037928067984;
const STEP = 0.25;
const LOW = -20;
const HIGH = 12;
const CENTRES = Math.round((HIGH - LOW) / STEP) + 1;
const INV_SQRT_PI = 0.56418958354775628695;

let table: { ai: Float64Array; aip: Float64Array } | null = null;

/** u_k of DLMF 9.7.2 (u_0 = 1, u_k = u_{k-1} (6k-5)(6k-3)(6k-1) / ((2k-1) 216 k)) and v_k = -(6k+1)/(6k-1) u_k. */
const U = new Float64Array(40);
const V = new Float64Array(40);
U[0] = 1;
V[0] = 1;
for (let k = 1; k < 40; k++) {
  U[k] = (U[k - 1]! * (6 * k - 5) * (6 * k - 3) * (6 * k - 1)) / ((2 * k - 1) * 216 * k);
  V[k] = (-(6 * k + 1) / (6 * k - 1)) * U[k]!;
}

/**
 * Sums sum_k sign_k c_k / zeta^k over k = start, start + stride, ... (sign alternating per
 * term), stopping at the smallest term (optimal truncation of an asymptotic series).
 */
function asymptoticSum(c: Float64Array, zeta: number, start: number, stride: number): number {
  const step = 1 / zeta ** stride;
  let power = 1 / zeta ** start;
  let sum = 0;
  let prev = Infinity;
  let sign = 1;
  for (let k = start; k < c.length; k += stride) {
    const term = c[k]! * power;
    if (Math.abs(term) > prev) break;
    sum += sign * term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
    prev = Math.abs(term);
    sign = -sign;
    power *= step;
  }
  return sum;
}

/** Ai and Ai' by the asymptotic expansions, x >= 12 (DLMF 9.7.5-9.7.6) or x <= -20 (9.7.9-9.7.10). */
function airyAsymptotic(x: number): [number, number] {
  const z = Math.abs(x);
  const zeta = (2 / 3) * z * Math.sqrt(z);
  const q = Math.sqrt(Math.sqrt(z));
  if (x > 0) {
    const e = Math.exp(-zeta);
    // alternating signs (-1)^k: asymptoticSum alternates from +1 at k = 0
    return [(e * INV_SQRT_PI * 0.5 * asymptoticSum(U, zeta, 0, 1)) / q, -0.5 * INV_SQRT_PI * q * e * asymptoticSum(V, zeta, 0, 1)];
  }
  const phase = zeta - Math.PI / 4;
  const c = Math.cos(phase);
  const s = Math.sin(phase);
  const ai = (INV_SQRT_PI / q) * (c * asymptoticSum(U, zeta, 0, 2) + s * asymptoticSum(U, zeta, 1, 2));
  const aip = INV_SQRT_PI * q * (s * asymptoticSum(V, zeta, 0, 2) - c * asymptoticSum(V, zeta, 1, 2));
  return [ai, aip];
}

/** Taylor series of the Airy-equation solution with y(c) = y0, y'(c) = y1, at c + h: [y, y']. */
function taylor(c: number, y0: number, y1: number, h: number): [number, number] {
  // a_{k-1}, a_k, a_{k+1} rolling; value sum a_k h^k, derivative sum k a_k h^(k-1)
  let am1 = 0;
  let a0 = y0;
  let a1 = y1;
  let value = y0 + y1 * h;
  let deriv = y1;
  let hk = h; // h^k for the current a1 (k = 1)
  // a_{k+2} depends on a_{k+1} and a_k only through c a_k + a_{k-1}, and single coefficients can
  // vanish (all a_{3j+2} for c = 0): stop after three consecutive negligible terms
  let small = 0;
  for (let k = 0; k < 80; k++) {
    const a2 = (c * a0 + am1) / ((k + 1) * (k + 2));
    const termD = (k + 2) * a2 * hk;
    hk *= h;
    const termV = a2 * hk;
    value += termV;
    deriv += termD;
    small = Math.abs(termV) <= 1e-18 * Math.abs(value) && Math.abs(termD) <= 1e-18 * Math.abs(deriv) ? small + 1 : 0;
    if (small >= 3) break;
    am1 = a0;
    a0 = a1;
    a1 = a2;
  }
  return [value, deriv];
}

function buildTable(): { ai: Float64Array; aip: Float64Array } {
  const ai = new Float64Array(CENTRES);
  const aip = new Float64Array(CENTRES);
  const zeroIndex = Math.round(-LOW / STEP);
  // positive side: down from HIGH (asymptotic) to 0
  let [y, dy] = airyAsymptotic(HIGH);
  ai[CENTRES - 1] = y;
  aip[CENTRES - 1] = dy;
  for (let i = CENTRES - 1; i > zeroIndex + 1; i--) {
    [y, dy] = taylor(LOW + i * STEP, y, dy, -STEP);
    ai[i - 1] = y;
    aip[i - 1] = dy;
  }
  // negative side (and the origin itself): down from the exact values at 0
  ai[zeroIndex] = AI0;
  aip[zeroIndex] = AIP0;
  y = AI0;
  dy = AIP0;
  for (let i = zeroIndex; i > 0; i--) {
    [y, dy] = taylor(LOW + i * STEP, y, dy, -STEP);
    ai[i - 1] = y;
    aip[i - 1] = dy;
  }
  return { ai, aip };
}

/**
 * [Ai(x), Ai'(x)] (see the file comment for the method). Both underflow to 0 beyond x ~ 104 and
 * are 0 at +Infinity. Throws InvalidArgumentError for NaN or -Infinity (no limit there).
 */
export function airyAiPair(x: number): [ai: number, aip: number] {
  if (x === Infinity) return [0, 0];
  if (!Number.isFinite(x)) throw new InvalidArgumentError(`airyAi: x must be a finite number (or +Infinity), got ${x}`);
  if (x >= HIGH || x <= LOW) return airyAsymptotic(x);
  const t = table ?? (table = buildTable());
  const i = Math.round((x - LOW) / STEP);
  const c = LOW + i * STEP;
  return taylor(c, t.ai[i]!, t.aip[i]!, x - c);
}

/** Ai(x) (see airyAiPair). */
export function airyAi(x: number): number {
  return airyAiPair(x)[0];
}

/** Ai'(x) (see airyAiPair). */
export function airyAiPrime(x: number): number {
  return airyAiPair(x)[1];
}
