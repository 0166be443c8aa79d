/**
 * p x p symmetric helpers for AMP and its state evolution (p <= ~6, row-major): a floored
 * eigen-function f(S) = U f(max(lambda, floor)) U^T (Jacobi), the inverse and square root through
 * it, and a Cholesky factor for positive semi-definite matrices.
 */
import { InvalidArgumentError } from "../../errors.js";
import { jacobiEigh } from "../../numerics/jacobi.js";

/** U f(lambda) U^T for the symmetric part of S. */
export function spectralMap(S: Float64Array, p: number, f: (lambda: number) => number): Float64Array {
  const sym = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) sym[a * p + b] = 0.5 * (S[a * p + b]! + S[b * p + a]!);
  const { values, vectors: { data: vectors } } = jacobiEigh(sym, p);
  const out = new Float64Array(p * p);
  for (let l = 0; l < p; l++) {
    const fl = f(values[l]!);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) out[a * p + b]! += fl * vectors[a * p + l]! * vectors[b * p + l]!;
  }
  return out;
}

/** Smallest eigenvalue of the symmetric part of S. */
export function minEigenvalue(S: Float64Array, p: number): number {
  const sym = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) sym[a * p + b] = 0.5 * (S[a * p + b]! + S[b * p + a]!);
  return Math.min(...jacobiEigh(sym, p).values);
}

/** S^{-1} for symmetric positive definite S; a typed error names `what` when S is not. */
export function invertSpd(S: Float64Array, p: number, what: string): Float64Array {
  if (p === 1) {
    if (!(S[0]! > 0) || !Number.isFinite(S[0]!)) throw new InvalidArgumentError(`${what} must be positive definite, got ${S[0]}`);
    return Float64Array.of(1 / S[0]!);
  }
  let bad = false;
  const inv = spectralMap(S, p, (l) => {
    if (!(l > 0)) bad = true;
    return 1 / l;
  });
  if (bad) throw new InvalidArgumentError(`${what} must be positive definite (a variance floor keeps it so)`);
  return inv;
}

/** Lower Cholesky factor of a PSD matrix into L (pivots below 0 clamped to 0). */
export function choleskySmall(S: Float64Array, p: number, L: Float64Array): void {
  L.fill(0);
  for (let j = 0; j < p; j++) {
    let s = S[j * p + j]!;
    for (let k = 0; k < j; k++) s -= L[j * p + k]! ** 2;
    const d = Math.sqrt(Math.max(s, 0));
    L[j * p + j] = d;
    for (let r = j + 1; r < p; r++) {
      let v = S[r * p + j]!;
      for (let k = 0; k < j; k++) v -= L[r * p + k]! * L[j * p + k]!;
      L[r * p + j] = d > 0 ? v / d : 0;
    }
  }
}

/** The p x p identity. */
export function eye(p: number, scale = 1): Float64Array {
  const I = new Float64Array(p * p);
  for (let a = 0; a < p; a++) I[a * p + a] = scale;
  return I;
}

/**
 * The first argument of the AMP and SE functions: an IndexLink (links.*), an output channel or an SE
 * rule, each an object with an integer number of directions p. Anything else is the caller's
 * mistake and gets an InvalidArgumentError naming the function (never a TypeError from `in`).
 */
export function assertLinkLike(value: unknown, fn: string, expected = "an IndexLink (links.*), an output channel or an SE rule"): void {
  const p = value !== null && typeof value === "object" ? (value as { p?: unknown }).p : undefined;
  if (typeof p !== "number" || !Number.isInteger(p) || p < 1) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new InvalidArgumentError(`${fn}: expected ${expected}, got ${got}`);
  }
}
