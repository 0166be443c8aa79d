/**
 * The error function and the standard normal distribution for every TS layer (numerics/ is the
 * bottom layer, so theory/ and features/ both import it): erf, erfc, the normal density, cdf and
 * upper tail, and its quantile (Wichura AS 241, below). erf/erfc are W. J. Cody's rational
 * Chebyshev approximations (Math. Comp. 23 (1969) 631-638; netlib specfun CALERF), the same as the WASM kernels in assembly/pointwise.ts, so the
 * TS and WASM activations agree to an ulp or two. The approximations are good to ~18 digits; in
 * double precision the result is within a few ulps (relative) over the whole line, erfc included
 * for large x (it is never formed as 1 - erf), so the normal tails keep relative accuracy too.
 */
import { InvalidArgumentError } from "../errors.js";

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const P = [
  0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4,
  0.0163153871373020978,
];
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
const INV_SQRT_PI = 0.56418958354775628695;
const THRESH = 0.46875;
const XSMALL = 1.11e-16;
const XBIG = 26.543;

/** erf(x) for |x| <= 0.46875: x P(x^2)/Q(x^2). */
function erfSmall(x: number): number {
  const y = Math.abs(x);
  const ysq = y > XSMALL ? y * y : 0;
  let num = A[4]! * ysq;
  let den = ysq;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]!) * ysq;
    den = (den + B[i]!) * ysq;
  }
  return (x * (num + A[3]!)) / (den + B[3]!);
}

/** erfc(y) for y > 0.46875, with exp(-y^2) split as Cody does to avoid amplifying the rounding of y^2. */
function erfcPositive(y: number): number {
  let r: number;
  if (y <= 4) {
    let num = C[8]! * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]!) * y;
      den = (den + D[i]!) * y;
    }
    r = (num + C[7]!) / (den + D[7]!);
  } else {
    if (y >= XBIG) return 0;
    const ysq = 1 / (y * y);
    let num = P[5]! * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]!) * ysq;
      den = (den + Q[i]!) * ysq;
    }
    r = (ysq * (num + P[4]!)) / (den + Q[4]!);
    r = (INV_SQRT_PI - r) / y;
  }
  const t = Math.floor(y * 16) / 16;
  const del = (y - t) * (y + t);
  return Math.exp(-t * t) * Math.exp(-del) * r;
}

/** The error function erf(x) = (2/sqrt(pi)) integral_0^x exp(-t^2) dt. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return erfSmall(x);
  if (Number.isNaN(x)) return NaN;
  const e = 0.5 - erfcPositive(y) + 0.5;
  return x < 0 ? -e : e;
}

/** The complementary error function erfc(x) = 1 - erf(x), relative accuracy kept for large x. */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - erfSmall(x);
  if (Number.isNaN(x)) return NaN;
  const e = erfcPositive(y);
  return x < 0 ? 2 - e : e;
}

/** The standard normal density phi(x) = exp(-x^2/2)/sqrt(2 pi). */
export function normalPdf(x: number): number {
  return 0.3989422804014327 * Math.exp(-0.5 * x * x);
}

/** The standard normal cdf Phi(x) = erfc(-x/sqrt 2)/2 (relative accuracy kept in the left tail). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x * Math.SQRT1_2);
}

/**
 * P(N(0, 1) > x) = erfc(x / sqrt 2) / 2, relative-accurate in the upper tail (down to the
 * underflow of erfc near x = 37.5); 1 at -Infinity, 0 at +Infinity. Throws InvalidArgumentError
 * for NaN or a non-number. Used for the Gaussian outlier law against a Tracy-Widom critical value
 * (theory/largestRootTest.ts) and AMP's output channel (estimators/amp/).
 */
export function normalUpperTail(x: number): number {
  if (typeof x !== "number" || Number.isNaN(x)) throw new InvalidArgumentError(`normalUpperTail: x must be a number, got ${String(x)}`);
  return 0.5 * erfc(x * Math.SQRT1_2);
}

/**
 * The standard normal quantile Phi^{-1}(p), 0 < p < 1: Wichura's algorithm AS 241 (PPND16, Applied
 * Statistics 37, 1988): rational approximations of degree 7 in three regions, relative error about
 * 1e-16. Cost: a few dozen flops.
 */
export function normalQuantile(p: number): number {
  if (typeof p !== "number" || !(p > 0 && p < 1)) throw new InvalidArgumentError(`normalQuantile: p must be a number in (0, 1), got ${p}`);
  const poly = (c: readonly number[], x: number) => c.reduceRight((s, a) => s * x + a, 0);
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly([3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457,
      67265.770927008700853, 33430.575583588128105, 2509.0809287301226727], r)) /
      poly([1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061,
        28729.085735721942674, 5226.495278852545925], r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x = poly([1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258,
      0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4], r) /
      poly([1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966,
        5.475938084995344946e-4, 1.05075007164441684324e-9], r);
  } else {
    r -= 5;
    x = poly([6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093,
      0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7], r) /
      poly([1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
        1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15], r);
  }
  return q < 0 ? -x : x;
}
