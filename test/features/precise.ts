/**
 * High-precision references for the special-function tests, in BigInt fixed point with PREC
 * fractional bits: erf(x) = (2/sqrt(pi)) exp(-x^2) sum_n 2^n x^(2n+1) / (2n+1)!! (a series of
 * positive terms, so no cancellation), pi by Machin's formula, sqrt by Newton on integers.
 * Independent of the code under test (no Cody coefficients, no floating point in the sums).
 */
const PREC = 1100n;
const ONE = 1n << PREC;

/** x (a double) as an exact fixed-point BigInt (x = m 2^e with |e| well inside PREC). */
function toFixed(x: number): bigint {
  if (x === 0) return 0n;
  const neg = x < 0;
  let m = Math.abs(x);
  let e = 0;
  while (m !== Math.floor(m)) {
    m *= 2;
    e++;
  }
  let v = BigInt(m) << PREC;
  v >>= BigInt(e);
  return neg ? -v : v;
}

function mulF(a: bigint, b: bigint): bigint {
  return (a * b) >> PREC;
}

function divF(a: bigint, b: bigint): bigint {
  return (a << PREC) / b;
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << (BigInt(n.toString(2).length) / 2n + 1n); // above sqrt(n): Newton decreases monotonically
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) {
      // settle: x = floor(sqrt(n))
      while (x * x > n) x--;
      while ((x + 1n) * (x + 1n) <= n) x++;
      return x;
    }
    x = y;
  }
}

function atanInv(k: bigint): bigint {
  // atan(1/k) = sum (-1)^n / ((2n+1) k^(2n+1))
  let pow = ONE / k;
  let sum = 0n;
  const k2 = k * k;
  for (let n = 0n; pow !== 0n; n++) {
    const term = pow / (2n * n + 1n);
    sum += n % 2n === 0n ? term : -term;
    pow /= k2;
  }
  return sum;
}

const PI = 16n * atanInv(5n) - 4n * atanInv(239n);
const SQRT_PI = isqrt(PI << PREC);

function expF(a: bigint): bigint {
  // exp(a) for a >= 0 by Taylor (all terms positive)
  let term = ONE;
  let sum = ONE;
  for (let k = 1n; term !== 0n; k++) {
    term = mulF(term, a) / k;
    sum += term;
  }
  return sum;
}

/** erf(|x|) in fixed point. */
function erfFixed(x: number): bigint {
  const X = toFixed(Math.abs(x));
  const x2 = mulF(X, X);
  let term = X;
  let sum = 0n;
  for (let n = 0n; term !== 0n; n++) {
    sum += term;
    term = (mulF(term, x2) * 2n) / (2n * n + 3n);
  }
  const e = expF(x2);
  // (2/sqrt(pi)) sum / exp(x^2)
  return divF(divF(2n * sum, SQRT_PI), e);
}

function toNumber(v: bigint): number {
  // v / 2^PREC, correctly rounded enough for a reference (Number(bigint) rounds to nearest)
  const shift = PREC - 900n;
  return (Number(v >> shift) / 2 ** 900);
}

/** erf(x) to far more than double precision (returned as the nearest double). */
export function erfReference(x: number): number {
  const v = toNumber(erfFixed(x));
  return x < 0 ? -v : v;
}

/** erfc(x) to far more than double precision, for x up to ~25 (relative accuracy kept). */
export function erfcReference(x: number): number {
  const e = erfFixed(x);
  const c = x >= 0 ? ONE - e : ONE + e;
  // scale out so that tiny values keep their digits
  if (c === 0n) return 0;
  const bits = BigInt(c.toString(2).length);
  const keep = 80n;
  const shift = bits > keep ? bits - keep : 0n;
  return Number(c >> shift) * 2 ** Number(shift - PREC);
}
