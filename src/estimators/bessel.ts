/**
 * Special functions for the index-model denoisers: modified Bessel functions I0, I1, K0, K1 (the
 * z1 z2 channel's posterior is a ratio K1/K0). (The Gauss-Hermite rule for expectations over
 * z ~ N(0, 1) is numerics/gaussHermite.ts.)
 *
 * Bessel functions. For x <= 2 the defining power series (Abramowitz-Stegun 9.6.10 for I_n,
 * 9.6.11 for K_n) converge to rounding level in under 20 terms. For x > 2, K0 and K1 come from
 * Steed's continued fraction CF2 for K_{nu+1}/K_nu together with Temme's normalising series
 * (Temme 1975; Numerical Recipes 3rd ed. section 6.6 "bessik", the x >= 2 branch, specialised to
 * nu = 0), which is accurate to a few ulps where the series would cancel catastrophically. The
 * ratio K1/K0 is available without the e^{-x} factor (`besselK1OverK0`), so it stays finite for
 * arguments where K0 itself underflows (x > ~700).
 */
import { InvalidArgumentError } from "../errors.js";

const EULER_GAMMA = 0.5772156649015329;

/** I0(x), the modified Bessel function of the first kind of order 0 (power series, A-S 9.6.10). */
export function besselI0(x: number): number {
  const ax = Math.abs(x);
  if (ax > 700) return Infinity;
  if (ax > 15) return besselIAsymptotic(ax, 0);
  const q = (x * x) / 4;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

/** I1(x), order 1 (power series, A-S 9.6.10); odd in x. */
export function besselI1(x: number): number {
  const ax = Math.abs(x);
  if (ax > 700) return x > 0 ? Infinity : -Infinity;
  if (ax > 15) return Math.sign(x) * besselIAsymptotic(ax, 1);
  const q = (x * x) / 4;
  let term = x / 2;
  let sum = term;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * (k + 1));
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * I_nu(x) for x > 15 by the Hankel asymptotic expansion (A-S 9.7.1), summed until the terms stop
 * decreasing; at x > 15 the smallest term is below 1e-17 relative.
 */
function besselIAsymptotic(x: number, nu: number): number {
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 60; k++) {
    const next = (-term * (mu - (2 * k - 1) ** 2)) / (k * 8 * x);
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (Math.exp(x) / Math.sqrt(2 * Math.PI * x)) * sum;
}

/** K0 and K1 at 0 < x <= 2 by the series A-S 9.6.11 (n = 0, 1) with psi(k + 1) = -gamma + H_k. */
function besselKSeries(x: number): [number, number] {
  const q = (x * x) / 4;
  const lg = Math.log(x / 2);
  // K0 = -(ln(x/2)) I0 + sum_k psi(k+1) q^k / (k!)^2
  // K1 = 1/x + ln(x/2) I1 - (x/4) sum_k (psi(k+1) + psi(k+2)) q^k / (k! (k+1)!)
  let t0 = 1; // q^k / (k!)^2
  let t1 = 1; // q^k / (k! (k+1)!)
  let h = 0; // H_k
  let i0 = 1;
  let i1 = 1;
  let s0 = -EULER_GAMMA;
  let s1 = 2 * -EULER_GAMMA + 1; // psi(1) + psi(2) = -2 gamma + 1
  for (let k = 1; k < 60; k++) {
    t0 *= q / (k * k);
    t1 *= q / (k * (k + 1));
    h += 1 / k;
    const psi1 = -EULER_GAMMA + h; // psi(k + 1)
    const psi2 = psi1 + 1 / (k + 1); // psi(k + 2)
    i0 += t0;
    i1 += t1;
    s0 += psi1 * t0;
    s1 += (psi1 + psi2) * t1;
    if (t0 < 1e-18 * i0) break;
  }
  const I1 = (x / 2) * i1;
  const k0 = -lg * i0 + s0;
  const k1 = 1 / x + lg * I1 - (x / 4) * s1;
  return [k0, k1];
}

/**
 * Steed's continued fraction for x > 2 (nu = 0): returns [s, h] such that
 * K0(x) = sqrt(pi / (2x)) e^{-x} / s and K1(x) / K0(x) = (x + 1/2 - h) / x.
 * (Numerical Recipes "bessik", CF2 with Temme's series for the normalisation.)
 */
function besselKSteed(x: number): [number, number] {
  let b = 2 * (1 + x);
  let d = 1 / b;
  let h = d;
  let delh = d;
  let q1 = 0;
  let q2 = 1;
  const a1 = 0.25; // 1/4 - nu^2
  let q = a1;
  let c = a1;
  let a = -a1;
  let s = 1 + q * delh;
  for (let i = 1; i < 10000; i++) {
    a -= 2 * i;
    c = (-a * c) / (i + 1);
    const qnew = (q1 - b * q2) / a;
    q1 = q2;
    q2 = qnew;
    q += c * qnew;
    b += 2;
    d = 1 / (b + a * d);
    delh = (b * d - 1) * delh;
    h += delh;
    const dels = q * delh;
    s += dels;
    if (Math.abs(dels / s) < 1e-17) break;
  }
  return [s, a1 * h];
}

function checkPositive(x: number, name: string): void {
  if (!(x > 0)) throw new InvalidArgumentError(`${name}(x) needs x > 0, got ${x}`);
}

/** K0(x) for x > 0: modified Bessel function of the second kind, order 0 (log-singular at 0). */
export function besselK0(x: number): number {
  checkPositive(x, "besselK0");
  if (x <= 2) return besselKSeries(x)[0];
  const [s] = besselKSteed(x);
  return (Math.sqrt(Math.PI / (2 * x)) * Math.exp(-x)) / s;
}

/** K1(x) for x > 0: order 1 (K1 ~ 1/x at 0). */
export function besselK1(x: number): number {
  checkPositive(x, "besselK1");
  if (x <= 2) return besselKSeries(x)[1];
  const [s, h] = besselKSteed(x);
  return ((Math.sqrt(Math.PI / (2 * x)) * Math.exp(-x)) / s) * ((x + 0.5 - h) / x);
}

/**
 * K1(x) / K0(x) for x > 0, computed without forming e^{-x} (finite for every x > 0; ~ 1 + 1/(2x)
 * at large x, ~ 1 / (x ln(2/x)) at small x).
 */
export function besselK1OverK0(x: number): number {
  checkPositive(x, "besselK1OverK0");
  if (x <= 2) {
    const [k0, k1] = besselKSeries(x);
    return k1 / k0;
  }
  const [, h] = besselKSteed(x);
  return (x + 0.5 - h) / x;
}

/**
 * a(y) = |y| K1(|y|) / K0(|y|) = E[z1^2 | z1 z2 = y] for independent standard normals: the diagonal
 * of the z1 z2 posterior second moment (reference section 8). a(0) = 0, the limit.
 */
export function besselRatioA(y: number): number {
  const ay = Math.abs(y);
  if (ay === 0) return 0;
  // below 1e-300 K1/K0 overflows; a(y) ~ 1 / ln(2 / |y|) there
  if (ay < 1e-300) return 1 / (Math.log(2 / ay) - EULER_GAMMA);
  return ay * besselK1OverK0(ay);
}
