/**
 * Test matrices with a spectrum known in closed form, for the iterative-solver tests
 * (test/linalg/eigsh.test.ts, eigs.test.ts, test/fuzz/iterative.fuzz.test.ts):
 * - symmetric s Q diag(d) Q^T, Q a random orthogonal matrix: eigenvalues s d exactly, up to the
 *   rounding of forming the product (about n eps max|s d|);
 * - nonsymmetric s Q T Q^T with T block upper triangular: 1 x 1 blocks (real eigenvalues) and
 *   2 x 2 blocks [[a, b], [-b, a]] (eigenvalues a +- i b), a small random strictly upper part.
 * All in plain JS, independent of the package's kernels. Also `thrown`, the error a call raises.
 */
import { Matrix } from "../../src/matrix.js";
import { normalSource, squareMatmul } from "../helpers.js";

/** A random n x n orthogonal matrix: Gram-Schmidt (twice) on a Gaussian matrix's columns. */
export function randomOrthogonal(n: number, seed: number): Float64Array {
  const g = normalSource(seed);
  const q = new Float64Array(n * n); // column j at q[j * n ..] (column-major for convenience)
  for (let j = 0; j < n; j++) {
    const c = Float64Array.from({ length: n }, g);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let t = 0; t < n; t++) d += q[i * n + t]! * c[t]!;
        for (let t = 0; t < n; t++) c[t]! -= d * q[i * n + t]!;
      }
    }
    let s = 0;
    for (const x of c) s += x * x;
    const inv = 1 / Math.sqrt(s);
    for (let t = 0; t < n; t++) q[j * n + t] = c[t]! * inv;
  }
  return q;
}

/**
 * s Q T Q^T for an n x n row-major T, Q from randomOrthogonal (column-major). The scale s is
 * applied after the product (entries of T of order 1), so it over/underflows nothing that s T
 * would not.
 */
export function conjugate(t: Float64Array, n: number, q: Float64Array, s: number): Matrix {
  // W = Q T (row-major; q holds Q column-major, so Q = q^T), then A = s W Q^T = s W q
  const w = squareMatmul(q, t, n, true);
  return new Matrix(n, n, squareMatmul(w, q, n).map((x) => x * s));
}

/** s Q diag(d) Q^T, made exactly symmetric (upper triangle mirrored). Q = I when seed is null. */
export function symmetricWithSpectrum(d: ArrayLike<number>, s: number, seed: number | null): Matrix {
  const n = d.length;
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) t[i * n + i] = d[i]!;
  if (seed === null) return new Matrix(n, n, t.map((v) => v * s));
  const a = conjugate(t, n, randomOrthogonal(n, seed), s);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a.data[i * n + j] = a.data[j * n + i]!;
  return a;
}

export interface PlantedNonsymmetric {
  matrix: Matrix;
  /** The eigenvalues (real and imaginary parts), unscaled by s. */
  re: Float64Array;
  im: Float64Array;
}

/**
 * s Q T Q^T with T block upper triangular: `reals` as 1 x 1 blocks, each pair (a, b) as the
 * block [[a, b], [-b, a]] (eigenvalues a +- i b), and N(0, coupling^2 / n) entries above the
 * blocks (non-normal, but mildly so). Q = I when rotate is false.
 */
export function nonsymmetricWithSpectrum(
  reals: readonly number[], pairs: readonly { re: number; im: number }[], s: number, seed: number, coupling = 0.3, rotate = true,
): PlantedNonsymmetric {
  const n = reals.length + 2 * pairs.length;
  const t = new Float64Array(n * n);
  const re: number[] = [];
  const im: number[] = [];
  const blockEnd: number[] = []; // first column right of the block that holds row i
  let pos = 0;
  for (const p of pairs) {
    t[pos * n + pos] = p.re;
    t[(pos + 1) * n + pos + 1] = p.re;
    t[pos * n + pos + 1] = p.im;
    t[(pos + 1) * n + pos] = -p.im;
    re.push(p.re, p.re);
    im.push(p.im, -p.im);
    blockEnd.push(pos + 2, pos + 2);
    pos += 2;
  }
  for (const r of reals) {
    t[pos * n + pos] = r;
    re.push(r);
    im.push(0);
    blockEnd.push(pos + 1);
    pos += 1;
  }
  const g = normalSource(seed + 7);
  const c = coupling / Math.sqrt(n);
  for (let i = 0; i < n; i++) for (let j = blockEnd[i]!; j < n; j++) t[i * n + j] = c * g();
  const q = rotate ? randomOrthogonal(n, seed) : null;
  const matrix = q ? conjugate(t, n, q, s) : new Matrix(n, n, t.map((v) => v * s));
  return { matrix, re: Float64Array.from(re), im: Float64Array.from(im) };
}

/** The error `f` throws (undefined when it returns). */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}
