/**
 * The `complex` namespace as the package exports it: the functions of ./complex.ts behind a type
 * check of each argument, so that `complex.add(null, z)` raises InvalidArgumentError instead of a
 * TypeError. The package's own modules import ./complex.ts directly: checked once at the public
 * boundary, unchecked in the inner loops of the Stieltjes solvers.
 */
import { InvalidArgumentError } from "../errors.js";
import * as C from "./complex.js";
import type { Complex } from "./complex.js";

export { ZERO, ONE, I } from "./complex.js";

function z(v: unknown, fn: string, name: string): Complex {
  if (v === null || typeof v !== "object" || typeof (v as Complex).re !== "number" || typeof (v as Complex).im !== "number") {
    throw new InvalidArgumentError(`complex.${fn}: ${name} must be a complex value { re, im } of numbers, got ${v === null ? "null" : typeof v}`);
  }
  return v as Complex;
}

function x(v: unknown, fn: string, name: string): number {
  if (typeof v !== "number") throw new InvalidArgumentError(`complex.${fn}: ${name} must be a number, got ${v === null ? "null" : typeof v}`);
  return v;
}

/** The complex number re + i im (im defaults to 0). */
export const of = (re: number, im = 0): Complex => C.of(x(re, "of", "re"), x(im, "of", "im"));
/** A real number or a complex one, as a complex value (a real x becomes x + 0i). */
export const from = (v: number | Complex): Complex => C.from(typeof v === "number" ? v : z(v, "from", "z"));
export const add = (a: Complex, b: Complex): Complex => C.add(z(a, "add", "a"), z(b, "add", "b"));
export const sub = (a: Complex, b: Complex): Complex => C.sub(z(a, "sub", "a"), z(b, "sub", "b"));
export const mul = (a: Complex, b: Complex): Complex => C.mul(z(a, "mul", "a"), z(b, "mul", "b"));
/** a / b by Smith's algorithm (see ./complex.ts). */
export const div = (a: Complex, b: Complex): Complex => C.div(z(a, "div", "a"), z(b, "div", "b"));
/** s z for a real s. */
export const scale = (v: Complex, s: number): Complex => C.scale(z(v, "scale", "z"), x(s, "scale", "s"));
/** z + s for a real s. */
export const addReal = (v: Complex, s: number): Complex => C.addReal(z(v, "addReal", "z"), x(s, "addReal", "s"));
export const neg = (v: Complex): Complex => C.neg(z(v, "neg", "z"));
export const conj = (v: Complex): Complex => C.conj(z(v, "conj", "z"));
export const inv = (v: Complex): Complex => C.inv(z(v, "inv", "z"));
export const abs = (v: Complex): number => C.abs(z(v, "abs", "z"));
export const arg = (v: Complex): number => C.arg(z(v, "arg", "z"));
/** The principal square root (cut on the negative real axis, see ./complex.ts). */
export const sqrt = (v: Complex): Complex => C.sqrt(z(v, "sqrt", "z"));
/** sqrt(z - a) sqrt(z - b): the branch of sqrt((z - a)(z - b)) cut only along [a, b]. */
export const sqrtProduct = (v: Complex, a: number, b: number): Complex =>
  C.sqrtProduct(z(v, "sqrtProduct", "z"), x(a, "sqrtProduct", "a"), x(b, "sqrtProduct", "b"));
export const isFiniteComplex = (v: Complex): boolean => C.isFiniteComplex(z(v, "isFiniteComplex", "z"));
export const dist = (a: Complex, b: Complex): number => C.dist(z(a, "dist", "a"), z(b, "dist", "b"));
