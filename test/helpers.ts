/** Shared test utilities: a seeded generator for test data and plain-JS reference kernels. */
import { Matrix } from "../src/matrix.js";

/** Mulberry32: a tiny seeded uniform generator, for test inputs only (not the package RNG). */
export function uniformSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box-Muller from a seeded uniform source. */
export function normalSource(seed: number): () => number {
  const u = uniformSource(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const g = normalSource(seed);
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = g();
  return m;
}

export function randomVector(n: number, seed: number): Float64Array {
  const g = normalSource(seed);
  return Float64Array.from({ length: n }, g);
}

/** C = op(A) op(B) by the textbook triple loop, with the sum of |terms| for error bounds. */
export function refMatmul(a: Matrix, b: Matrix, transA = false, transB = false): { c: Matrix; absC: Matrix } {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const n = transB ? b.rows : b.cols;
  const c = new Matrix(m, n);
  const absC = new Matrix(m, n);
  const A = (i: number, p: number) => (transA ? a.data[p * a.cols + i]! : a.data[i * a.cols + p]!);
  const B = (p: number, j: number) => (transB ? b.data[j * b.cols + p]! : b.data[p * b.cols + j]!);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let t = 0;
      for (let p = 0; p < k; p++) {
        const v = A(i, p) * B(p, j);
        s += v;
        t += Math.abs(v);
      }
      c.data[i * n + j] = s;
      absC.data[i * n + j] = t;
    }
  }
  return { c, absC };
}

/**
 * Largest entrywise error |got - want| / (k eps sum|terms|): the standard a-priori bound for a
 * dot product of length k is (k eps) sum |a_i b_i|, so this ratio stays below 1 (and in practice
 * far below) for a correct kernel in any summation order.
 */
export function productErrorRatio(got: Float64Array, want: Float64Array, absTerms: Float64Array, k: number): number {
  const eps = Number.EPSILON;
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    const bound = Math.max(k, 1) * eps * absTerms[i]! + Number.MIN_VALUE;
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) / bound);
  }
  return worst;
}
