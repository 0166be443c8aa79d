/**
 * The standard normal upper tail Q(x) = P(N(0, 1) > x) = erfc(x / sqrt 2) / 2 for the theory layer
 * (features/special.ts has Cody's rational erfc, but theory/ may not import features/). Two
 * classical expansions (Abramowitz and Stegun 7.1.5 and 7.1.14; DLMF 7.6.1 and 7.9.2):
 *   - |z| < 2.5 (z = x / sqrt 2): the Taylor series of erf, sum_n (-1)^n z^(2n+1) / (n! (2n + 1)),
 *     whose largest term is below e^(z^2) < 520, so the absolute error stays under 1e-13;
 *   - z >= 2.5: the continued fraction erfc(z) = e^(-z^2)/sqrt(pi) / (z + (1/2)/(z + 1/(z + (3/2)/(z + ...)))),
 *     evaluated bottom-up with a fixed depth of 60 (converged to rounding for z >= 2.5), which
 *     keeps relative accuracy in the far tail.
 * Used for the Gaussian outlier law against a Tracy-Widom critical value (theory/largestRootTest.ts).
 */
import { InvalidArgumentError } from "../errors.js";

const TWO_OVER_SQRT_PI = 1.1283791670955126;

function erfcContinuedFraction(z: number): number {
  let tail = z;
  for (let k = 60; k >= 1; k--) tail = z + k / 2 / tail;
  return Math.exp(-z * z) / (Math.sqrt(Math.PI) * tail);
}

function erfSeries(z: number): number {
  let term = z;
  let sum = z;
  const z2 = z * z;
  for (let n = 1; n < 200; n++) {
    term *= -z2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** P(N(0, 1) > x), relative-accurate for large x; 1 at -Infinity, 0 at +Infinity. Throws InvalidArgumentError for NaN. */
export function normalUpperTail(x: number): number {
  if (typeof x !== "number" || Number.isNaN(x)) throw new InvalidArgumentError(`normalUpperTail: x must be a number, got ${String(x)}`);
  const z = x * Math.SQRT1_2;
  if (z >= 2.5) return z === Infinity ? 0 : erfcContinuedFraction(z) / 2;
  if (z <= -2.5) return z === -Infinity ? 1 : 1 - erfcContinuedFraction(-z) / 2;
  return (1 - erfSeries(z)) / 2;
}
