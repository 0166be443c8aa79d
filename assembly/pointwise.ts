// Activation functions and their derivatives applied in place to a contiguous range of doubles
// (n entries at byte address x), for the random-feature matrices F = sigma(X W^T) of
// src/features/. The activation is chosen by a kind code, the same table as ACTIVATION_KIND in
// src/features/activations.ts:
//
//   0 linear   x                      derivative 1
//   1 relu     max(x, 0)              1{x > 0} (0 at the kink)
//   2 tanh     tanh x                 sech^2 x
//   3 erf      erf x                  (2/sqrt(pi)) exp(-x^2)
//   4 sigmoid  1 / (1 + e^-x)         s (1 - s)
//   5 abs      |x|                    sign x (0 at the kink)
//   6 silu     x sigmoid(x)           s + x s (1 - s)
//   7 gelu     x Phi(x)               Phi(x) + x phi(x), Phi the standard normal cdf
//
// Each kernel returns a status: 0, or -1 for an unknown kind (argument 1), -2 for n < 0. The
// erf / erfc used here are W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev
// approximations for the error function", Math. Comp. 23 (1969) 631-638; netlib specfun CALERF),
// which approximate erf and erfc to about 18 significant digits, so in double precision the
// error is that of the final few roundings and of exp (musl's, < 1 ulp): a few ulps relative.
// erfc is evaluated directly (never as 1 - erf) so GELU keeps its relative accuracy for x << 0.

// Kind codes (ACTIVATION_KIND in src/features/activations.ts).
const enum Act { Linear = 0, Relu, Tanh, Erf, Sigmoid, Abs, Silu, Gelu, Count }

// ------------------------------------------------------------------ Cody's erf / erfc
// Coefficients of CALERF, each numerator in Cody's order p_0 .. p_n then its leading p_{n+1},
// each denominator q_0 .. q_n (see codyRatio).
// Interval 1, |x| <= 0.46875: erf(x) = x P(x^2) / Q(x^2)
const ERF_A: StaticArray<f64> = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947,
  0.185777706184603153];
const ERF_B: StaticArray<f64> = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
// Interval 2, 0.46875 < |x| <= 4: erfc(x) = exp(-x^2) P(|x|) / Q(|x|)
const ERFC_C: StaticArray<f64> = [0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131,
  881.95222124176909, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8];
const ERFC_D: StaticArray<f64> = [15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019,
  3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942];
// Interval 3, |x| > 4: erfc(x) = exp(-x^2)/|x| (1/sqrt(pi) + R(1/x^2)/x^2)
const ERFC_P: StaticArray<f64> = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766,
  6.58749161529837803e-4, 0.0163153871373020978];
const ERFC_Q: StaticArray<f64> = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191,
  0.00233520497626869185];

const INV_SQRT_PI: f64 = 0.56418958354775628695;
const TWO_OVER_SQRT_PI: f64 = 1.1283791670955125739;
const INV_SQRT_2: f64 = 0.70710678118654752440;
const INV_SQRT_2PI: f64 = 0.39894228040143267794;
const THRESH: f64 = 0.46875;
const XSMALL: f64 = 1.11e-16; // below it erf(x) = 2x/sqrt(pi) to working precision
const XBIG: f64 = 26.543; // above it erfc(x) underflows

/**
 * Cody's rational function in the nested form of CALERF: with n = q.length - 1, num = p[n+1] z and
 * den = z, then num = (num + p[k]) z and den = (den + q[k]) z for k < n; returns
 * m (num + p[n]) / (den + q[n]). The same operations in the same order as his unrolled loops.
 */
// @ts-ignore: decorator
@inline
function codyRatio(z: f64, m: f64, p: StaticArray<f64>, q: StaticArray<f64>): f64 {
  const n = q.length - 1;
  let num = unchecked(p[n + 1]) * z;
  let den = z;
  for (let k = 0; k < n; k++) {
    num = (num + unchecked(p[k])) * z;
    den = (den + unchecked(q[k])) * z;
  }
  return (m * (num + unchecked(p[n]))) / (den + unchecked(q[n]));
}

/** erf(x) for |x| <= THRESH. */
// @ts-ignore: decorator
@inline
function erfSmall(x: f64): f64 {
  const y = Math.abs(x);
  return codyRatio(y > XSMALL ? y * y : 0.0, x, ERF_A, ERF_B);
}

/**
 * exp(-y^2) as exp(-t^2) exp(-(y - t)(y + t)) with t = y rounded down to a multiple of 1/16, so
 * that the rounding error of y^2 is not amplified (Cody).
 */
// @ts-ignore: decorator
@inline
function expMinusSquare(y: f64): f64 {
  const t = Math.floor(y * 16.0) / 16.0;
  const del = (y - t) * (y + t);
  return Math.exp(-t * t) * Math.exp(-del);
}

/** erfc(y) for y > THRESH. */
function erfcPositive(y: f64): f64 {
  let r: f64;
  if (y <= 4.0) {
    r = codyRatio(y, 1.0, ERFC_C, ERFC_D);
  } else {
    if (y >= XBIG) return 0.0;
    const ysq = 1.0 / (y * y);
    r = (INV_SQRT_PI - codyRatio(ysq, ysq, ERFC_P, ERFC_Q)) / y;
  }
  return expMinusSquare(y) * r;
}

/** The error function (Cody's rational approximations). */
export function erf64(x: f64): f64 {
  const y = Math.abs(x);
  if (y <= THRESH) return erfSmall(x);
  const e = 0.5 - erfcPositive(y) + 0.5;
  return x < 0 ? -e : e;
}

/** The complementary error function 1 - erf(x), accurate in relative terms for x >> 0 too. */
export function erfc64(x: f64): f64 {
  const y = Math.abs(x);
  if (y <= THRESH) return 1.0 - erfSmall(x);
  const e = erfcPositive(y);
  return x < 0 ? 2.0 - e : e;
}

/** Standard normal cdf Phi(x) = erfc(-x / sqrt 2) / 2. */
// @ts-ignore: decorator
@inline
function normalCdf(x: f64): f64 {
  return 0.5 * erfc64(-x * INV_SQRT_2);
}

/** Logistic sigmoid, without overflow of exp for either sign. */
// @ts-ignore: decorator
@inline
function sigmoid(x: f64): f64 {
  if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1.0 + e);
}

/** sigma(x) for a kind code (assumed valid). */
export function activationValue(kind: i32, x: f64): f64 {
  switch (kind) {
    case Act.Linear: return x;
    case Act.Relu: return x > 0 ? x : 0.0;
    case Act.Tanh: return Math.tanh(x);
    case Act.Erf: return erf64(x);
    case Act.Sigmoid: return sigmoid(x);
    case Act.Abs: return Math.abs(x);
    case Act.Silu: return x * sigmoid(x);
    default: return x * normalCdf(x); // Act.Gelu
  }
}

/** sigma'(x) for a kind code (assumed valid). */
export function activationDerivative(kind: i32, x: f64): f64 {
  switch (kind) {
    case Act.Linear: return 1.0;
    case Act.Relu: return x > 0 ? 1.0 : 0.0;
    case Act.Tanh: {
      // sech^2 x = 4 e / (1 + e)^2 with e = exp(-2|x|): no cancellation in 1 - tanh^2 for large |x|
      const e = Math.exp(-2.0 * Math.abs(x));
      const d = 1.0 + e;
      return (4.0 * e) / (d * d);
    }
    case Act.Erf: return TWO_OVER_SQRT_PI * Math.exp(-x * x);
    case Act.Sigmoid: {
      const e = Math.exp(-Math.abs(x));
      const d = 1.0 + e;
      return e / (d * d);
    }
    case Act.Abs: return x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0;
    case Act.Silu: {
      const s = sigmoid(x);
      return s + x * s * (1.0 - s);
    }
    default: return normalCdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x); // Act.Gelu
  }
}

function checkArgs(kind: i32, n: i32): i32 {
  if (kind < 0 || kind >= Act.Count) return -1;
  if (n < 0) return -2;
  return 0;
}

/** x[i] := sigma(x[i]) for i < n. ReLU, abs and linear run on f64x2; the others per entry. */
export function act_apply(kind: i32, n: i32, x: usize): i32 {
  const status = checkArgs(kind, n);
  if (status != 0) return status;
  if (kind == Act.Linear) return 0;
  let i = 0;
  if (kind == Act.Relu) {
    const zero = f64x2.splat(0);
    for (; i + 2 <= n; i += 2) {
      const p = x + (<usize>i << 3);
      v128.store(p, f64x2.pmax(v128.load(p), zero));
    }
  } else if (kind == Act.Abs) {
    for (; i + 2 <= n; i += 2) {
      const p = x + (<usize>i << 3);
      v128.store(p, f64x2.abs(v128.load(p)));
    }
  }
  for (; i < n; i++) {
    const p = x + (<usize>i << 3);
    store<f64>(p, activationValue(kind, load<f64>(p)));
  }
  return 0;
}

/** x[i] := sigma'(x[i]) for i < n. */
export function act_derivative(kind: i32, n: i32, x: usize): i32 {
  const status = checkArgs(kind, n);
  if (status != 0) return status;
  for (let i = 0; i < n; i++) {
    const p = x + (<usize>i << 3);
    store<f64>(p, activationDerivative(kind, load<f64>(p)));
  }
  return 0;
}

/**
 * dx[i] := sigma'(x[i]), then x[i] := sigma(x[i]), for i < n: both maps of one pre-activation
 * in a single pass (the gradient of a two-layer network needs sigma and sigma' of the same
 * W X^T). dx must not overlap x.
 */
export function act_apply_both(kind: i32, n: i32, x: usize, dx: usize): i32 {
  const status = checkArgs(kind, n);
  if (status != 0) return status;
  for (let i = 0; i < n; i++) {
    const off = <usize>i << 3;
    const v = load<f64>(x + off);
    store<f64>(dx + off, activationDerivative(kind, v));
    store<f64>(x + off, activationValue(kind, v));
  }
  return 0;
}

/** x[i] := erfc(x[i]) for i < n (exported for tests of the special function itself). */
export function pointwise_erfc(n: i32, x: usize): void {
  for (let i = 0; i < n; i++) {
    const p = x + (<usize>i << 3);
    store<f64>(p, erfc64(load<f64>(p)));
  }
}
