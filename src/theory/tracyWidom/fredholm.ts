/**
 * Tracy-Widom distribution functions as Fredholm determinants, evaluated by Bornemann's method:
 * the operator det(I - K) on L^2 of an interval is replaced by the matrix determinant
 * det(delta_ij - sqrt(w_i) K(x_i, x_j) sqrt(w_j)) over an m-point Gauss-Legendre rule (x_i, w_i),
 * which converges exponentially in m for analytic kernels (F. Bornemann, "On the numerical
 * evaluation of Fredholm determinants", Math. Comp. 79 (2010) 871-915; "On the numerical
 * evaluation of distributions in random matrix theory: a review", Markov Process. Related Fields
 * 16 (2010) 803-866, sections 4-5).
 *
 * Kernels (x, y >= 0 after the shift to the half-line; Ai is numerics/airy.ts):
 *   - beta = 2: F2(s) = det(I - K_Ai) on L^2(s, inf), K_Ai(x, y) = (Ai(x) Ai'(y) - Ai'(x) Ai(y)) / (x - y),
 *     K_Ai(x, x) = Ai'(x)^2 - x Ai(x)^2 (Tracy and Widom 1994).
 *   - beta = 1: F1(s) = det(I - B_s) on L^2(0, inf), B_s(x, y) = Ai(s + x + y) (Ferrari and Spohn
 *     2005; Bornemann's 1/2 Ai((x + y)/2) on (s, inf) is the same operator after x -> s + 2x).
 *   - beta = 4: det(I + B_s) = F2(s) / F1(s) (Ferrari-Spohn), and kind "F4" is
 *     G(s) = (det(I - B_s) + det(I + B_s)) / 2 = cosh(1/2 int_s^inf q) sqrt(F2(s)), q the
 *     Hastings-McLeod solution: Tracy and Widom's 1996 F4 is G(sqrt(2) s) (Bornemann 2010,
 *     Mathematica, Wikipedia), the stochastic-Airy-operator TW4 (Edelman-Sutton 2007,
 *     Ramirez-Rider-Virag 2011) is G(2^(2/3) s). See distribution.ts.
 * The half-lines are cut where the kernel is below rounding: K_Ai(x, y) for x > 12 and B_s(x, y)
 * for s + x > 12 (Ai(12) ~ 1e-13). The entries cut off the diagonal enter the determinant to
 * second order, as their square, so both cuts are at ~1e-26; a cut of B_s where only the diagonal
 * Ai(s + 2x) is small (s + x ~ 5) loses 1e-9 relative, which the mass test of the density catches.
 *
 * Densities: d/ds log det(I - K_s) = -tr((I - K_s)^{-1} dK_s/ds) on the fixed interval. For K_Ai,
 * (d/dx + d/dy) K_Ai = -Ai(x) Ai(y), so F2' = F2 a^T (I - A)^{-1} a with a_i = sqrt(w_i) Ai(x_i);
 * for B_s, dB_s/ds(x, y) = Ai'(s + x + y). I -+ A are symmetric positive definite (the spectrum of
 * B_s lies in (-1, 1) and that of K_Ai in [0, 1)), so Cholesky gives the determinants and solves.
 *
 * The right tail: 1 - det(I - A) loses relative accuracy when det is near 1, so when ||A||_F <
 * 1/8 the survival function is -expm1(log det) with log det(I - A) = -sum_k tr(A^k)/k (and
 * log det(I + A) = -sum_k (-1)^k tr(A^k)/k), which keeps p-values relative-accurate far out.
 */
import { InvalidArgumentError } from "../../errors.js";
import { airyAiPair } from "../../numerics/airy.js";
import { gaussLegendre } from "../../numerics/gaussLegendre.js";

/** Which determinant: F1, F2, or "F4" = G, the beta = 4 function before either scaling (see above). */
export type FredholmKind = "F1" | "F2" | "F4";

/** CDF, density and survival function at one point, computed directly (no table). */
export interface FredholmValue {
  cdf: number;
  density: number;
  survival: number;
}

/** Default quadrature order for s >= -8 (Bornemann reports ~1e-15 for these determinants with m ~ 50-80; 40 already matches m = 96 to 4e-15 here). */
const DEFAULT_ORDER = 40;

/**
 * The default order at s: DEFAULT_ORDER, plus 8 nodes per unit below s = -8, where Ai oscillates
 * over a longer stretch of the interval (the number of its zeros there grows like |s|^(3/2)); the
 * values there are below 1e-12 and resolving them keeps their few significant digits.
 */
function orderFor(s: number): number {
  return s >= -8 ? DEFAULT_ORDER : Math.min(160, DEFAULT_ORDER + Math.ceil(8 * (-8 - s)));
}

/** The scaled matrix A and its s-derivative A' on the truncated half-line, and a_i for F2. */
interface Discretized {
  a: Float64Array;
  da: Float64Array | null;
  airy: Float64Array | null;
}

function discretize(kind: FredholmKind, s: number, m: number): Discretized {
  const { nodes, weights } = gaussLegendre(m);
  const a = new Float64Array(m * m);
  if (kind === "F2") {
    const lo = s;
    const hi = Math.max(12, s + 6);
    const x = new Float64Array(m);
    const sw = new Float64Array(m);
    const ai = new Float64Array(m);
    const aip = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      x[i] = lo + ((hi - lo) * (nodes[i]! + 1)) / 2;
      sw[i] = Math.sqrt(((hi - lo) * weights[i]!) / 2);
      [ai[i], aip[i]] = airyAiPair(x[i]!);
    }
    const airy = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      airy[i] = sw[i]! * ai[i]!;
      for (let j = 0; j <= i; j++) {
        const k = i === j
          ? aip[i]! * aip[i]! - x[i]! * ai[i]! * ai[i]!
          : (ai[i]! * aip[j]! - aip[i]! * ai[j]!) / (x[i]! - x[j]!);
        a[i * m + j] = a[j * m + i] = sw[i]! * k * sw[j]!;
      }
    }
    return { a, da: null, airy };
  }
  const len = Math.max(12 - s, 6);
  const u = new Float64Array(m);
  const sw = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    u[i] = (len * (nodes[i]! + 1)) / 2;
    sw[i] = Math.sqrt((len * weights[i]!) / 2);
  }
  const da = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      const x = s + u[i]! + u[j]!;
      // Ai(x) / Ai(s) < 1e-40 there: zero to working precision next to the entries near x = s
      if (x > 30 && x > s + 18) continue;
      const [ai, aip] = airyAiPair(x);
      const w = sw[i]! * sw[j]!;
      a[i * m + j] = a[j * m + i] = w * ai;
      da[i * m + j] = da[j * m + i] = w * aip;
    }
  }
  return { a, da, airy: null };
}

/**
 * Cholesky factor of I + sign A (lower, row-major) and its log-determinant, or null when a pivot
 * is not positive: I - A is then singular to working precision, i.e. the distribution function
 * is below rounding level (the far left tail).
 */
function factorShifted(a: Float64Array, m: number, sign: 1 | -1): { l: Float64Array; logDet: number } | null {
  const l = new Float64Array(m * m);
  let logDet = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let t = (i === j ? 1 : 0) + sign * a[i * m + j]!;
      for (let k = 0; k < j; k++) t -= l[i * m + k]! * l[j * m + k]!;
      if (i === j) {
        if (!(t > 0)) return null;
        l[i * m + i] = Math.sqrt(t);
        logDet += Math.log(t);
      } else {
        l[i * m + j] = t / l[j * m + j]!;
      }
    }
  }
  return { l, logDet };
}

/** Solves L y = b in place (forward substitution). */
function forward(l: Float64Array, m: number, b: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= l[i * m + k]! * b[k]!;
    b[i] = t / l[i * m + i]!;
  }
}

/** tr((I -+ A)^{-1} D) for symmetric D, with L L^T = I -+ A: tr(Z^T Z D), Z = L^{-1} (lower triangular). */
function traceSolve(l: Float64Array, m: number, d: Float64Array): number {
  const z = new Float64Array(m * m); // z[r * m + c] = (L^{-1})_{rc}, zero above the diagonal
  const e = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    e.fill(0);
    e[c] = 1;
    forward(l, m, e);
    for (let r = c; r < m; r++) z[r * m + c] = e[r]!;
  }
  let trace = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let g = 0;
      for (let r = i; r < m; r++) g += z[r * m + i]! * z[r * m + j]!;
      trace += (i === j ? 1 : 2) * g * d[i * m + j]!;
    }
  }
  return trace;
}

/** Power sums t_k = tr(A^k)/k, k = 1..K, until |t_k| is below 1e-18 |t_1| (||A||_F < 1/8). */
function powerSums(a: Float64Array, m: number): number[] {
  const sums: number[] = [];
  let p = Float64Array.from(a);
  let t1 = 0;
  for (let i = 0; i < m; i++) t1 += a[i * m + i]!;
  sums.push(t1);
  for (let k = 2; k <= 40; k++) {
    // tr(A^k) = sum_ij P_ij A_ji with P = A^(k-1); A symmetric
    let tr = 0;
    for (let q = 0; q < m * m; q++) tr += p[q]! * a[q]!;
    sums.push(tr / k);
    if (Math.abs(tr / k) <= 1e-18 * Math.abs(t1)) break;
    const next = new Float64Array(m * m);
    for (let i = 0; i < m; i++) {
      for (let r = 0; r < m; r++) {
        const pir = p[i * m + r]!;
        if (pir === 0) continue;
        for (let j = 0; j < m; j++) next[i * m + j]! += pir * a[r * m + j]!;
      }
    }
    p = next;
  }
  return sums;
}

function frobenius(a: Float64Array): number {
  let t = 0;
  for (let q = 0; q < a.length; q++) t += a[q]! * a[q]!;
  return Math.sqrt(t);
}

/**
 * F(s), F'(s) and 1 - F(s) for F1, F2 or G ("F4", unscaled: see the file comment) by an m-point
 * Gauss-Legendre discretization (default orderFor(s): absolute error ~4e-15 on [-12, 16], against m = 96).
 * Throws InvalidArgumentError for an unknown kind, a non-finite s or m outside [4, 512].
 * Cost O(m^3) plus m^2/2 Airy evaluations: about a millisecond.
 */
export function fredholmValue(kind: FredholmKind, s: number, m: number = orderFor(s)): FredholmValue {
  if (kind !== "F1" && kind !== "F2" && kind !== "F4") throw new InvalidArgumentError(`fredholmValue: kind must be "F1", "F2" or "F4", got ${String(kind)}`);
  if (typeof s !== "number" || !Number.isFinite(s)) throw new InvalidArgumentError(`fredholmValue: s must be a finite number, got ${String(s)}`);
  if (!Number.isInteger(m) || m < 4 || m > 512) throw new InvalidArgumentError(`fredholmValue: the quadrature order m must be an integer in [4, 512], got ${String(m)}`);
  const { a, da, airy } = discretize(kind, s, m);
  const minus = factorShifted(a, m, -1);
  const tail = frobenius(a) < 0.125 ? powerSums(a, m) : null;
  // log det(I - A) = -sum_k t_k (t_k = tr(A^k)/k, index k - 1 in tail)
  const survivalOf = (logDet: number): number => {
    if (!tail) return -Math.expm1(logDet);
    let ld = 0;
    for (let k = tail.length - 1; k >= 0; k--) ld -= tail[k]!;
    return -Math.expm1(ld);
  };
  if (kind === "F2") {
    if (!minus) return { cdf: 0, density: 0, survival: 1 };
    const cdf = Math.exp(minus.logDet);
    const y = Float64Array.from(airy!);
    forward(minus.l, m, y);
    let quad = 0;
    for (let i = 0; i < m; i++) quad += y[i]! * y[i]!;
    return { cdf, density: cdf * quad, survival: survivalOf(minus.logDet) };
  }
  if (kind === "F1") {
    if (!minus) return { cdf: 0, density: 0, survival: 1 };
    const cdf = Math.exp(minus.logDet);
    return { cdf, density: -cdf * traceSolve(minus.l, m, da!), survival: survivalOf(minus.logDet) };
  }
  // either factor can fail only in the far left tail, where that determinant is below rounding
  const plus = factorShifted(a, m, 1);
  const detPlus = plus ? Math.exp(plus.logDet) : 0;
  const densityPlus = plus ? detPlus * traceSolve(plus.l, m, da!) : 0;
  if (!minus) return { cdf: detPlus / 2, density: densityPlus / 2, survival: 1 - detPlus / 2 };
  const detMinus = Math.exp(minus.logDet);
  const densityMinus = -detMinus * traceSolve(minus.l, m, da!);
  let survival: number;
  if (tail) {
    // (det(I - A) + det(I + A)) / 2 = e^{-E} cosh(O) with E, O the even and odd power sums: the
    // first-order terms cancel, so 1 - F4 = -expm1(-E) - e^{-E} 2 sinh(O/2)^2 keeps them apart
    let even = 0;
    let odd = 0;
    tail.forEach((t, k) => (k % 2 === 0 ? (odd += t) : (even += t)));
    survival = -Math.expm1(-even) - Math.exp(-even) * 2 * Math.sinh(odd / 2) ** 2;
  } else {
    survival = 1 - (detMinus + detPlus) / 2;
  }
  return { cdf: (detMinus + detPlus) / 2, density: (densityMinus + densityPlus) / 2, survival };
}
