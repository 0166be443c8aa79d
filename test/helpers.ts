/** Shared test utilities: a seeded generator for test data and plain-JS reference kernels. */
import { Matrix } from "../src/matrix.js";
import type { Complex } from "../src/theory/complex.js";

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

/** Column-sum norm ||X||_1 of a rows x cols row-major array (square by default). */
export function norm1(x: ArrayLike<number>, rows: number, cols = rows): number {
  let best = 0;
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < rows; i++) s += Math.abs(x[i * cols + j]!);
    best = Math.max(best, s);
  }
  return best;
}

/** The n x n row-major product A B (A^T B with `transA`) by the plain triple loop, in k order. */
export function squareMatmul(a: Float64Array, b: Float64Array, n: number, transA = false): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < n; p++) {
      const aip = transA ? a[p * n + i]! : a[i * n + p]!;
      if (aip === 0) continue;
      for (let j = 0; j < n; j++) c[i * n + j]! += aip * b[p * n + j]!;
    }
  }
  return c;
}

/** ||V^T V - I||_1 / (n eps) for an n x k V (0 when V is empty): the LAPACK orthogonality test ratio. */
export function orthogonalityRatio(v: Matrix): number {
  const { rows: n, cols: k } = v;
  if (n === 0 || k === 0) return 0;
  const g = new Float64Array(k * k); // upper triangle of V^T V
  for (let p = 0; p < n; p++) {
    const row = p * k;
    for (let i = 0; i < k; i++) {
      const vpi = v.data[row + i]!;
      if (vpi === 0) continue;
      for (let j = i; j < k; j++) g[i * k + j] = g[i * k + j]! + vpi * v.data[row + j]!;
    }
  }
  let worst = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < k; i++) s += Math.abs((i <= j ? g[i * k + j]! : g[j * k + i]!) - (i === j ? 1 : 0));
    worst = Math.max(worst, s);
  }
  return worst / (n * Number.EPSILON);
}

/**
 * For the complex eigenpair (lambda = lr + i li, x = column c of the n x `cols` row-major parts
 * xr, xi): ||A x - lambda x||_2 and ||x||_2, computed here in plain JS.
 */
export function eigenpairResidual(
  a: Matrix, lr: number, li: number, xr: Float64Array, xi: Float64Array, c: number, cols: number,
): { residual: number; norm: number } {
  const n = a.rows;
  let rr = 0;
  let vn = 0;
  for (let i = 0; i < n; i++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      sr += a.data[i * n + j]! * xr[j * cols + c]!;
      si += a.data[i * n + j]! * xi[j * cols + c]!;
    }
    const ur = xr[i * cols + c]!;
    const ui = xi[i * cols + c]!;
    sr -= lr * ur - li * ui;
    si -= lr * ui + li * ur;
    rr += sr * sr + si * si;
    vn += ur * ur + ui * ui;
  }
  return { residual: Math.sqrt(rr), norm: Math.sqrt(vn) };
}

/** The empirical Stieltjes transform (1/N) sum_i 1 / (lambda_i - z) of the eigenvalues `ev`. */
export function empiricalStieltjes(ev: ArrayLike<number>, z: { re: number; im: number }): Complex {
  let re = 0;
  let im = 0;
  for (let i = 0; i < ev.length; i++) {
    const dr = ev[i]! - z.re;
    const den = dr * dr + z.im * z.im;
    re += dr / den;
    im += z.im / den;
  }
  return { re: re / ev.length, im: im / ev.length };
}

/** Starts `server` on a free port of 127.0.0.1 (tests serve pages on loopback only). */
export function listenOnLoopback<S extends import("node:http").Server>(server: S): Promise<S> {
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok(server));
  });
}
