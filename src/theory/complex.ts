/**
 * Complex numbers as plain `{ re, im }` values, for Stieltjes transforms and the equations they
 * solve. Every function returns a new value and never mutates its arguments. The package exports
 * this module as the namespace `complex` (`complex.mul(a, b)`), the type as `Complex`.
 *
 * Branch conventions (C99 Annex G, numpy): `sqrt` is the principal root, Re sqrt(z) >= 0, with the
 * cut on the negative real axis; on the cut the sign of Im z decides, including a signed zero, so
 * sqrt(-4 + 0i) = 2i and sqrt(-4 - 0i) = -2i. Stieltjes transforms in this package use
 * `sqrt(z - a) * sqrt(z - b)` (see `sqrtProduct`), the branch of sqrt((z - a)(z - b)) that behaves
 * like z at infinity and is cut only along [a, b].
 */

export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** The complex number re + i im (im defaults to 0). */
export function of(re: number, im = 0): Complex {
  return { re, im };
}

export const ZERO: Complex = Object.freeze({ re: 0, im: 0 });
export const ONE: Complex = Object.freeze({ re: 1, im: 0 });
export const I: Complex = Object.freeze({ re: 0, im: 1 });

/** A real number or a complex one, as a complex value (a real x becomes x + 0i, i.e. the limit from above). */
export function from(z: number | Complex): Complex {
  return typeof z === "number" ? { re: z, im: 0 } : z;
}

export function add(a: Complex, b: Complex): Complex {
  return { re: a.re + b.re, im: a.im + b.im };
}

export function sub(a: Complex, b: Complex): Complex {
  return { re: a.re - b.re, im: a.im - b.im };
}

export function mul(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/** s z for a real s. */
export function scale(z: Complex, s: number): Complex {
  return { re: s * z.re, im: s * z.im };
}

/** z + s for a real s. */
export function addReal(z: Complex, s: number): Complex {
  return { re: z.re + s, im: z.im };
}

export function neg(z: Complex): Complex {
  return { re: -z.re, im: -z.im };
}

export function conj(z: Complex): Complex {
  return { re: z.re, im: -z.im };
}

/**
 * a / b by Smith's algorithm (Smith 1962, as in Baudin and Smith 2012 without the extra
 * scaling): divides by the larger of |Re b|, |Im b| first, so that |b|^2 is never formed and
 * neither overflows nor underflows for |b| near the limits of double precision. b = 0 gives
 * non-finite parts, as real division does.
 */
export function div(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    if (b.re === 0 && b.im === 0) return { re: a.re / 0, im: a.im / 0 };
    const r = b.im / b.re;
    const d = b.re + b.im * r;
    return { re: (a.re + a.im * r) / d, im: (a.im - a.re * r) / d };
  }
  const r = b.re / b.im;
  const d = b.re * r + b.im;
  return { re: (a.re * r + a.im) / d, im: (a.im * r - a.re) / d };
}

/** 1 / z (Smith's algorithm, see `div`). */
export function inv(z: Complex): Complex {
  return div(ONE, z);
}

/** |z|, by Math.hypot (no overflow for large parts). */
export function abs(z: Complex): number {
  return Math.hypot(z.re, z.im);
}

/** The argument of z in (-pi, pi]. */
export function arg(z: Complex): number {
  return Math.atan2(z.im, z.re);
}

/**
 * The principal square root: Re >= 0, Im with the sign of Im z (signed zero included), cut on
 * the negative real axis. Computed as in Kahan's csqrt: t = sqrt((|Re z| + |z|)/2), then the other
 * part as |Im z|/(2t), which avoids cancellation for z near the negative real axis.
 */
export function sqrt(z: Complex): Complex {
  const { re, im } = z;
  if (re === 0 && im === 0) return { re: 0, im };
  const t = Math.sqrt((Math.abs(re) + Math.hypot(re, im)) / 2);
  const negIm = im < 0 || Object.is(im, -0);
  if (re >= 0) return { re: t, im: im / (2 * t) };
  return { re: Math.abs(im) / (2 * t), im: negIm ? -t : t };
}

/**
 * sqrt(z - a) sqrt(z - b) for real a <= b: the branch of sqrt((z - a)(z - b)) that is analytic
 * off the segment [a, b] and equals z - (a + b)/2 + O(1/z) at infinity. For real z outside [a, b]
 * it is real with the sign of z - a; on the segment (z = x + 0i) it is +i sqrt((x - a)(b - x)).
 * This is the branch every closed-form Stieltjes transform here uses.
 */
export function sqrtProduct(z: Complex, a: number, b: number): Complex {
  return mul(sqrt({ re: z.re - a, im: z.im }), sqrt({ re: z.re - b, im: z.im }));
}

/** True when both parts are finite numbers. */
export function isFiniteComplex(z: Complex): boolean {
  return Number.isFinite(z.re) && Number.isFinite(z.im);
}

/** |a - b|, the distance between two complex numbers. */
export function dist(a: Complex, b: Complex): number {
  return Math.hypot(a.re - b.re, a.im - b.im);
}
