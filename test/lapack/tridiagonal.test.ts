// The symmetric tridiagonal eigensolvers (assembly/lapack/dsterf.ts, dsteqr.ts, dstedc.ts with
// dlaed0..dlaed6, dstebz.ts, dstein.ts) through eighTridiagonal / eigvalshTridiagonal and, for
// compz = 1 and the status codes, through the raw exports. Every expected number is independent
// of the code under test: closed forms (Toeplitz spectrum and eigenvectors), ml-matrix's
// EigenvalueDecomposition (JAMA tql2), plain-JS residuals ||T Z - Z diag(w)||_1 and
// orthogonality ||Z^T Z - I||_1, and agreement between the four algorithms.
import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  allocationStats, ConvergenceError, eighTridiagonal, eigvalshTridiagonal, InvalidArgumentError, Matrix,
  NonFiniteError, ShapeError, type TridiagonalMethod,
} from "../../src/index.js";
import { QL_MAX_SWEEPS } from "../../src/wasm/exports.js";
import { kernels } from "../../src/wasm/loader.js";
import { withScratch } from "../../src/wasm/memory.js";
import { normalSource, orthogonalityRatio, randomMatrix } from "../helpers.js";

const EPS = Number.EPSILON;
const THRESH = 30; // LAPACK's test threshold for the residual and orthogonality ratios

interface Tri {
  d: Float64Array;
  e: Float64Array;
}

// ---- matrix classes ------------------------------------------------------------------------

function toeplitz(n: number, a: number, b: number): Tri {
  return { d: new Float64Array(n).fill(a), e: new Float64Array(Math.max(n - 1, 0)).fill(b) };
}

/** a + 2 b cos(k pi / (n + 1)), k = 1..n, ascending. */
function toeplitzValues(n: number, a: number, b: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => a + 2 * b * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort();
}

/** Wilkinson W_{2m+1}^+: d_i = |m - i|, e_i = 1. Its top eigenvalues come in pairs closer than 1e-14 for m >= 10. */
function wilkinson(m: number): Tri {
  const n = 2 * m + 1;
  return { d: Float64Array.from({ length: n }, (_, i) => Math.abs(m - i)), e: new Float64Array(n - 1).fill(1) };
}

/** `copies` W21+ blocks joined by off-diagonal entries `glue`: clusters of `copies` nearly equal values. */
function gluedWilkinson(copies: number, glue: number): Tri {
  const w = wilkinson(10);
  const n = 21 * copies;
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1);
  for (let b = 0; b < copies; b++) {
    d.set(w.d, 21 * b);
    e.set(w.e, 21 * b);
    if (b < copies - 1) e[21 * b + 20] = glue;
  }
  return { d, e };
}

function random(n: number, seed: number): Tri {
  const g = normalSource(seed);
  return { d: Float64Array.from({ length: n }, g), e: Float64Array.from({ length: Math.max(n - 1, 0) }, g) };
}

/** d from 1e-300 to 1e300 geometrically, e_i = sqrt(d_i d_i+1) / 2 (a graded matrix). */
function graded(n: number): Tri {
  const d = Float64Array.from({ length: n }, (_, i) => 10 ** (-300 + (600 * i) / (n - 1)));
  const e = Float64Array.from({ length: n - 1 }, (_, i) => Math.sqrt(d[i]!) * Math.sqrt(d[i + 1]!) / 2);
  return { d, e };
}

/** Random matrix whose off-diagonal has exact zeros and entries of 1e-300. */
function tinyOffDiagonals(n: number, seed: number): Tri {
  const t = random(n, seed);
  for (let i = 0; i < n - 1; i++) {
    if (i % 7 === 3) t.e[i] = 0;
    else if (i % 5 === 1) t.e[i] = 1e-300;
  }
  return t;
}

// ---- reference measures (plain JS) ----------------------------------------------------------

function norm1(t: Tri): number {
  const { d, e } = t;
  const n = d.length;
  let m = 0;
  for (let i = 0; i < n; i++) {
    m = Math.max(m, Math.abs(d[i]!) + (i > 0 ? Math.abs(e[i - 1]!) : 0) + (i < n - 1 ? Math.abs(e[i]!) : 0));
  }
  return m;
}

/** ||T Z - Z diag(w)||_1 / (n eps ||T||_1) for the n x k Z. */
function residualRatio(t: Tri, w: Float64Array, Z: Matrix): number {
  const { d, e } = t;
  const n = d.length;
  const k = Z.cols;
  const z = Z.data;
  let worst = 0;
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let v = d[i]! * z[i * k + j]! - w[j]! * z[i * k + j]!;
      if (i > 0) v += e[i - 1]! * z[(i - 1) * k + j]!;
      if (i < n - 1) v += e[i]! * z[(i + 1) * k + j]!;
      s += Math.abs(v);
    }
    worst = Math.max(worst, s);
  }
  return worst / (Math.max(n, 1) * EPS * Math.max(norm1(t), Number.MIN_VALUE));
}

/** max |a_i - b_i| / (n eps ||T||_1). */
function valueRatio(a: ArrayLike<number>, b: ArrayLike<number>, t: Tri): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m / (Math.max(t.d.length, 1) * EPS * Math.max(norm1(t), Number.MIN_VALUE));
}

function mlMatrixValues(t: Tri): Float64Array {
  const n = t.d.length;
  const a = MlMatrix.zeros(n, n);
  for (let i = 0; i < n; i++) {
    a.set(i, i, t.d[i]!);
    if (i < n - 1) {
      a.set(i, i + 1, t.e[i]!);
      a.set(i + 1, i, t.e[i]!);
    }
  }
  return Float64Array.from(new EigenvalueDecomposition(a, { assumeSymmetric: true }).realEigenvalues).sort();
}

function isAscending(w: Float64Array): boolean {
  for (let i = 1; i < w.length; i++) if (w[i]! < w[i - 1]!) return false;
  return true;
}

const VECTOR_METHODS: TridiagonalMethod[] = ["qr", "dc", "bisect"];

/** Solves with every method, checks ascending order, residual and orthogonality, returns the values. */
function checkAllMethods(t: Tri, residualLimit = THRESH): Map<TridiagonalMethod, Float64Array> {
  const out = new Map<TridiagonalMethod, Float64Array>();
  for (const method of VECTOR_METHODS) {
    const { values, vectors } = eighTridiagonal(t.d, t.e, { method });
    expect(values.length, method).toBe(t.d.length);
    expect(isAscending(values), method).toBe(true);
    expect(vectors!.rows).toBe(t.d.length);
    expect(vectors!.cols).toBe(t.d.length);
    expect(residualRatio(t, values, vectors!), `${method} residual`).toBeLessThan(residualLimit);
    expect(orthogonalityRatio(vectors!), `${method} orthogonality`).toBeLessThan(THRESH);
    out.set(method, values);
  }
  const sterf = eigvalshTridiagonal(t.d, t.e, { method: "qr" });
  out.set("auto", sterf);
  return out;
}

function expectMethodsAgree(t: Tri, values: Map<TridiagonalMethod, Float64Array>): void {
  const ref = values.get("auto")!; // dsterf
  for (const [method, w] of values) expect(valueRatio(w, ref, t), `${method} vs dsterf`).toBeLessThan(1);
}

// ---- tests ------------------------------------------------------------------------------------

describe("tridiagonal Toeplitz: closed-form spectrum and eigenvectors", () => {
  for (const n of [1, 2, 3, 10, 25, 26, 100, 500]) {
    it(`n = ${n}: values a + 2b cos(k pi/(n+1)), vectors sin(jk pi/(n+1)), every method`, () => {
      const a = 2;
      const b = -1;
      const t = toeplitz(n, a, b);
      const exact = toeplitzValues(n, a, b);
      const values = checkAllMethods(t);
      for (const [method, w] of values) expect(valueRatio(w, exact, t), method).toBeLessThan(1);
      // eigenvectors: z_k(j) = sqrt(2/(n+1)) sin(j k pi/(n+1)), j, k = 1..n; with b < 0 the
      // eigenvalue a + 2b cos(k pi/(n+1)) is the k-th smallest
      const { vectors } = eighTridiagonal(t.d, t.e, { method: "dc" });
      const { vectors: vb } = eighTridiagonal(t.d, t.e, { method: "bisect" });
      let worst = 0;
      for (const Z of [vectors!, vb!]) {
        for (let k = 1; k <= n; k++) {
          let dot = 0;
          for (let j = 1; j <= n; j++) dot += Z.get(j - 1, k - 1) * Math.sqrt(2 / (n + 1)) * Math.sin((j * k * Math.PI) / (n + 1));
          worst = Math.max(worst, Math.abs(1 - Math.abs(dot)));
        }
      }
      expect(worst).toBeLessThan(1e-8);
    });
  }

  it("n = 0 returns empty results", () => {
    const r = eighTridiagonal([], []);
    expect(r.values.length).toBe(0);
    expect(r.vectors!.rows).toBe(0);
    expect(eigvalshTridiagonal(new Float64Array(0), new Float64Array(0)).length).toBe(0);
  });

  it("another Toeplitz (a = 0.5, b = 3, n = 77) against the closed form and ml-matrix", () => {
    const t = toeplitz(77, 0.5, 3);
    const exact = toeplitzValues(77, 0.5, 3);
    const values = checkAllMethods(t);
    for (const [method, w] of values) expect(valueRatio(w, exact, t), method).toBeLessThan(1);
    expect(valueRatio(mlMatrixValues(t), exact, t)).toBeLessThan(1);
  });
});

/** W_{2m+1}^+ solved by every method, checked and compared (checkAllMethods, expectMethodsAgree); w: the dc values. */
function wilkinsonByEveryMethod(m: number) {
  const t = wilkinson(m);
  const values = checkAllMethods(t);
  expectMethodsAgree(t, values);
  return { t, values, w: values.get("dc")! };
}

describe("Wilkinson matrices", () => {
  it("W21+: the two largest eigenvalues differ by less than 1e-13, yet every method resolves both vectors", () => {
    const { t, values, w } = wilkinsonByEveryMethod(10);
    expect(w[20]! - w[19]!).toBeLessThan(1e-13);
    expect(w[20]! - w[19]!).toBeGreaterThan(0);
    expect(valueRatio(w, mlMatrixValues(t), t)).toBeLessThan(1);
    // the top pair of W21+ to 40 digits (mpmath eigsy): 10.7461941829033934318..., 10.7461941829033218322...
    for (const [method, x] of values) {
      expect(Math.abs(x[20]! - 10.746194182903393), method).toBeLessThan(1e-14);
      expect(Math.abs(x[19]! - 10.746194182903322), method).toBeLessThan(1e-14);
    }
  });

  it("W101+ (m = 50): pairs equal to rounding, clusters for inverse iteration", () => {
    const { t, values, w } = wilkinsonByEveryMethod(50);
    // the top pair is numerically double
    expect(w[100]! - w[99]!).toBeLessThan(1e-13);
    expect(valueRatio(w, mlMatrixValues(t), t)).toBeLessThan(1);
  });
});

describe("glued Wilkinson blocks (glue 1e-14): clusters that D&C deflation must handle", () => {
  for (const copies of [2, 5, 20]) {
    it(`${copies} copies of W21+ (n = ${21 * copies})`, () => {
      const t = gluedWilkinson(copies, 1e-14);
      const values = checkAllMethods(t);
      expectMethodsAgree(t, values);
      // the spectrum is that of W21+ repeated `copies` times, to within the glue
      const w21 = mlMatrixValues(wilkinson(10));
      const repeated = Float64Array.from({ length: 21 * copies }, (_, i) => w21[Math.floor(i / copies)]!);
      expect(valueRatio(values.get("dc")!, repeated, t)).toBeLessThan(1);
    });
  }

  it("glue 1e-8 (less deflation), 10 copies", () => {
    const t = gluedWilkinson(10, 1e-8);
    expectMethodsAgree(t, checkAllMethods(t));
  });
});

describe("splitting: tiny and zero off-diagonals, diagonal matrices", () => {
  it("random n = 120 with e_i in {0, 1e-300} at every 5th and 7th position", () => {
    const t = tinyOffDiagonals(120, 11);
    const values = checkAllMethods(t);
    expectMethodsAgree(t, values);
    expect(valueRatio(values.get("dc")!, mlMatrixValues(t), t)).toBeLessThan(1);
  });

  it("all-equal d with e = 0 (n = 100): the value 3.5 100 times and an orthonormal basis", () => {
    const t: Tri = { d: new Float64Array(100).fill(3.5), e: new Float64Array(99) };
    const values = checkAllMethods(t);
    for (const [, w] of values) expect(Array.from(w).every((x) => x === 3.5)).toBe(true);
  });

  it("diagonal with distinct entries: values sorted, vectors a permutation of the identity", () => {
    const d = Float64Array.from([5, -1, 3, 0, 2.5, -7, 1, 4, 8, 6, -3, 9, 10, 11, -2, 12, 13, 14, 15, 16, -4, 17, 18, 19, 20, -5, 21, 22, 23, 24]);
    const t: Tri = { d, e: new Float64Array(d.length - 1) };
    const sorted = Float64Array.from(d).sort();
    for (const method of VECTOR_METHODS) {
      const { values, vectors } = eighTridiagonal(t.d, t.e, { method });
      expect(Array.from(values)).toEqual(Array.from(sorted));
      for (let j = 0; j < d.length; j++) {
        const i = Array.from(d).indexOf(values[j]!);
        expect(Math.abs(vectors!.get(i, j))).toBe(1);
      }
    }
  });

  it("n = 1 and n = 2 (closed form (a+c)/2 +- sqrt(((a-c)/2)^2 + b^2))", () => {
    for (const method of VECTOR_METHODS) {
      const one = eighTridiagonal([4.25], [], { method });
      expect(Array.from(one.values)).toEqual([4.25]);
      expect(Array.from(one.vectors!.data)).toEqual([1]);
      const [a, b, c] = [1, 2, -3];
      const two = eighTridiagonal([a, c], [b], { method });
      const r = Math.hypot((a - c) / 2, b);
      expect(Math.abs(two.values[0]! - ((a + c) / 2 - r))).toBeLessThan(4 * EPS * 5);
      expect(Math.abs(two.values[1]! - ((a + c) / 2 + r))).toBeLessThan(4 * EPS * 5);
      expect(residualRatio({ d: Float64Array.from([a, c]), e: Float64Array.from([b]) }, two.values, two.vectors!)).toBeLessThan(THRESH);
    }
  });
});

describe("graded and extreme scales", () => {
  it("graded d from 1e-300 to 1e300 (n = 60): no overflow, residual and orthogonality below 30", () => {
    const t = graded(60);
    const values = checkAllMethods(t);
    expectMethodsAgree(t, values);
    // d_i+1 / d_i = 1.4e10: eliminating the rows below i gives the Schur complement
    // d_i g_k, g_0 = 1, g_k = 1 - 1/(4 g_k-1) = (k + 2) / (2k + 2), k = n - 1 - i, up to a relative
    // 1e-10; LAPACK's guarantee adds n eps ||T||_1 (which dominates below the top few values)
    const bound = 60 * EPS * norm1(t);
    for (const [method, x] of values) {
      for (let i = 0; i < 60; i++) {
        const k = 59 - i;
        const predicted = (t.d[i]! * (k + 2)) / (2 * k + 2);
        expect(Math.abs(x[i]! - predicted), `${method} ${i}`).toBeLessThanOrEqual(1e-9 * predicted + bound);
      }
    }
    expect(valueRatio(values.get("dc")!, mlMatrixValues(t), t)).toBeLessThan(1);
  });

  it("graded d with e = 1 and a matrix scaled by 1e-290 (n = 40)", () => {
    const g = graded(40);
    const t1: Tri = { d: g.d, e: new Float64Array(39).fill(1) };
    expectMethodsAgree(t1, checkAllMethods(t1));
    const r = random(40, 5);
    const tiny: Tri = { d: r.d.map((x) => x * 1e-290), e: r.e.map((x) => x * 1e-290) };
    const values = checkAllMethods(tiny);
    expectMethodsAgree(tiny, values);
    // the spectrum scales exactly with the matrix
    const ref = eigvalshTridiagonal(r.d, r.e);
    expect(valueRatio(values.get("dc")!.map((x) => x / 1e-290), ref, r)).toBeLessThan(1);
  });
});

describe("random tridiagonals", () => {
  for (const n of [26, 27, 64, 100, 500]) {
    it(`n = ${n}: four algorithms agree${n <= 100 ? " and match ml-matrix" : ""}`, () => {
      const t = random(n, 100 + n);
      const values = checkAllMethods(t);
      expectMethodsAgree(t, values);
      if (n <= 100) expect(valueRatio(values.get("dc")!, mlMatrixValues(t), t)).toBeLessThan(1);
    });
  }

  it("auto picks the same answers as the explicit methods (n = 300)", () => {
    const t = random(300, 3);
    const auto = eighTridiagonal(t.d, t.e);
    expect(residualRatio(t, auto.values, auto.vectors!)).toBeLessThan(THRESH);
    expect(orthogonalityRatio(auto.vectors!)).toBeLessThan(THRESH);
    expect(valueRatio(auto.values, eigvalshTridiagonal(t.d, t.e), t)).toBeLessThan(1);
    expect(valueRatio(eigvalshTridiagonal(t.d, t.e, { method: "bisect" }), eigvalshTridiagonal(t.d, t.e, { method: "qr" }), t)).toBeLessThan(1);
  });
});

describe("index ranges and intervals", () => {
  it("index ranges agree with the full solve (values, vectors up to sign), every method", () => {
    const t = random(200, 42);
    const full = eighTridiagonal(t.d, t.e, { method: "dc" });
    for (const [lo, hi] of [[0, 0], [199, 199], [0, 9], [190, 199], [57, 103], [0, 199]] as const) {
      for (const method of ["auto", "qr", "dc", "bisect"] as const) {
        const r = eighTridiagonal(t.d, t.e, { range: { lo, hi }, method });
        expect(r.values.length).toBe(hi - lo + 1);
        expect(valueRatio(r.values, full.values.subarray(lo, hi + 1), t), `${method} ${lo}..${hi}`).toBeLessThan(1);
        expect(r.vectors!.cols).toBe(hi - lo + 1);
        expect(residualRatio(t, r.values, r.vectors!)).toBeLessThan(THRESH);
        expect(orthogonalityRatio(r.vectors!)).toBeLessThan(THRESH);
        // random spectra are well separated: each vector equals the full solve's up to sign
        for (let j = 0; j <= hi - lo; j++) {
          let dot = 0;
          for (let i = 0; i < 200; i++) dot += r.vectors!.get(i, j) * full.vectors!.get(i, lo + j);
          expect(Math.abs(1 - Math.abs(dot))).toBeLessThan(1e-9);
        }
        const v = eigvalshTridiagonal(t.d, t.e, { range: { lo, hi }, method });
        expect(valueRatio(v, full.values.subarray(lo, hi + 1), t)).toBeLessThan(1);
      }
    }
  });

  it("index ranges inside clusters (glued Wilkinson, 8 copies) keep residual and orthogonality", () => {
    const t = gluedWilkinson(8, 1e-14);
    const full = eigvalshTridiagonal(t.d, t.e);
    // the top cluster holds 8 values equal to rounding: ask for part of it and across its edge
    for (const [lo, hi] of [[164, 167], [160, 167], [150, 160]] as const) {
      const r = eighTridiagonal(t.d, t.e, { range: { lo, hi }, method: "bisect" });
      expect(valueRatio(r.values, full.subarray(lo, hi + 1), t)).toBeLessThan(1);
      expect(residualRatio(t, r.values, r.vectors!)).toBeLessThan(THRESH);
      expect(orthogonalityRatio(r.vectors!)).toBeLessThan(THRESH);
    }
  });

  it("an interval (lower, upper] selects exactly the values of the full solve inside it", () => {
    const t = random(150, 8);
    const full = eigvalshTridiagonal(t.d, t.e);
    // bounds halfway between eigenvalues, so that rounding cannot move a value across them
    const lower = (full[20]! + full[21]!) / 2;
    const upper = (full[60]! + full[61]!) / 2;
    for (const method of ["auto", "qr", "dc", "bisect"] as const) {
      const r = eighTridiagonal(t.d, t.e, { interval: { lower, upper }, method });
      expect(r.values.length, method).toBe(40);
      expect(valueRatio(r.values, full.subarray(21, 61), t)).toBeLessThan(1);
      expect(residualRatio(t, r.values, r.vectors!)).toBeLessThan(THRESH);
      expect(orthogonalityRatio(r.vectors!)).toBeLessThan(THRESH);
      expect(eigvalshTridiagonal(t.d, t.e, { interval: { lower, upper }, method }).length).toBe(40);
    }
    // an interval with no eigenvalue
    const gap = (full[30]! + full[31]!) / 2;
    const empty = eighTridiagonal(t.d, t.e, { interval: { lower: gap, upper: gap + 1e-12 } });
    expect(empty.values.length).toBe(0);
    expect(empty.vectors!.cols).toBe(0);
  });

  it("the largest k of Toeplitz n = 1000 by bisection equal the closed form", () => {
    const n = 1000;
    const t = toeplitz(n, 0, 1);
    const exact = toeplitzValues(n, 0, 1);
    const r = eighTridiagonal(t.d, t.e, { range: { lo: n - 5, hi: n - 1 } });
    expect(valueRatio(r.values, exact.subarray(n - 5), t)).toBeLessThan(1);
    expect(residualRatio(t, r.values, r.vectors!)).toBeLessThan(THRESH);
    expect(orthogonalityRatio(r.vectors!)).toBeLessThan(THRESH);
  });
});

describe("kernel level: compz = 1 (Z = Q on entry), status codes", () => {
  /** A random orthogonal Q: the product of two Householder reflectors, formed in plain JS. */
  function householderQ(n: number, seed: number): Float64Array {
    const q = new Float64Array(n * n);
    for (let i = 0; i < n; i++) q[i * n + i] = 1;
    for (let r = 0; r < 2; r++) {
      const v = randomMatrix(n, 1, seed + r).data;
      const vv = v.reduce((s, x) => s + x * x, 0);
      // Q := Q (I - 2 v v^T / v^T v)
      for (let i = 0; i < n; i++) {
        let qv = 0;
        for (let j = 0; j < n; j++) qv += q[i * n + j]! * v[j]!;
        for (let j = 0; j < n; j++) q[i * n + j] = q[i * n + j]! - (2 * qv * v[j]!) / vv;
      }
    }
    return q;
  }

  for (const n of [10, 25, 90]) {
    it(`dsteqr and dstedc with compz = 1, n = ${n}: Z = Q V diagonalizes A = Q T Q^T`, () => {
      const t = random(n, 7 * n);
      const q = householderQ(n, n);
      // A = Q T Q^T in plain JS
      const tq = new Float64Array(n * n); // T Q^T
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = t.d[i]! * q[j * n + i]!;
          if (i > 0) s += t.e[i - 1]! * q[j * n + i - 1]!;
          if (i < n - 1) s += t.e[i]! * q[j * n + i + 1]!;
          tq[i * n + j] = s;
        }
      }
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let l = 0; l < n; l++) s += q[i * n + l]! * tq[l * n + j]!;
        a[i * n + j] = s;
      }
      const anorm = Math.max(...Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => Math.abs(a[i * n + j]!)).reduce((x, y) => x + y)));
      const ref = eigvalshTridiagonal(t.d, t.e);
      for (const routine of ["dsteqr", "dstedc"] as const) {
        const { w, z, info } = withScratch((s) => {
          const k = s.k;
          const pd = s.from(t.d);
          const pe = s.from(t.e);
          const pz = s.from(q);
          const pw = s.alloc(routine === "dsteqr" ? k.dsteqr_worksize(n) : k.dstedc_worksize(1, n));
          const piw = s.alloc(Math.ceil(k.dstedc_iworksize(1, n) / 2) + 1);
          const info = routine === "dsteqr"
            ? k.dsteqr(1, n, pd.ptr, pe.ptr, pz.ptr, n, pw.ptr, QL_MAX_SWEEPS)
            : k.dstedc(1, n, pd.ptr, pe.ptr, pz.ptr, n, pw.ptr, piw.ptr, QL_MAX_SWEEPS);
          return { w: pd.view().slice(), z: pz.view().slice(), info };
        });
        expect(info).toBe(0);
        expect(valueRatio(w, ref, t)).toBeLessThan(1);
        // ||A Z - Z diag(w)||_1 / (n eps ||A||_1)
        let worst = 0;
        for (let j = 0; j < n; j++) {
          let colSum = 0;
          for (let i = 0; i < n; i++) {
            let s = -w[j]! * z[i * n + j]!;
            for (let l = 0; l < n; l++) s += a[i * n + l]! * z[l * n + j]!;
            colSum += Math.abs(s);
          }
          worst = Math.max(worst, colSum);
        }
        expect(worst / (n * EPS * anorm), routine).toBeLessThan(THRESH);
        expect(orthogonalityRatio(new Matrix(n, n, z)), routine).toBeLessThan(THRESH);
      }
    });
  }

  it("bad arguments give negative statuses", () => {
    const k = kernels();
    withScratch((s) => {
      const p = s.zeros(16).ptr;
      expect(k.dsterf(-1, p, p, 30)).toBe(-1);
      expect(k.dsterf(2, p, p, -1)).toBe(-4);
      expect(k.dsteqr(3, 2, p, p, p, 2, p, 30)).toBe(-1);
      expect(k.dsteqr(2, 2, p, p, p, 1, p, 30)).toBe(-6);
      expect(k.dsteqr(2, 2, p, p, p, 2, p, -1)).toBe(-8);
      expect(k.dstedc(-1, 2, p, p, p, 2, p, p, 30)).toBe(-1);
      expect(k.dstedc(2, -2, p, p, p, 2, p, p, 30)).toBe(-2);
      expect(k.dstedc(2, 2, p, p, p, 2, p, p, -1)).toBe(-9);
      expect(k.dstebz(0, 0, 2, 1, 0, 0, 0, 0, p, p, p, p, p, p, p, p)).toBe(0);
      expect(k.dstebz(1, 0, 2, 1, 0, 0, 0, 0, p, p, p, p, p, p, p, p)).toBe(-4);
      expect(k.dstebz(2, 0, 2, 0, 0, 1, 0, 0, p, p, p, p, p, p, p, p)).toBe(-7);
      expect(k.dstein(2, p, p, 3, p, p, p, p, 3, p, p, p)).toBe(-4);
    });
  });
});

describe("iteration limits become ConvergenceError, never a hang", () => {
  it("a sweep limit of 0 makes dsterf, dsteqr and dstedc report non-convergence", () => {
    const t = random(60, 9);
    for (const method of ["qr", "dc"] as const) {
      let caught: unknown;
      try {
        eighTridiagonal(t.d, t.e, { method, maxSweepsPerEigenvalue: 0 });
      } catch (err) {
        caught = err;
      }
      expect(caught, method).toBeInstanceOf(ConvergenceError);
      expect((caught as ConvergenceError).message).toMatch(method === "qr" ? /dsteqr/ : /dstedc/);
    }
    // n <= 25: dstedc runs dsteqr on the whole matrix
    const small = random(20, 19);
    expect(() => eighTridiagonal(small.d, small.e, { method: "dc", maxSweepsPerEigenvalue: 0 })).toThrow(/dstedc.*off-diagonal/);
    expect(() => eigvalshTridiagonal(t.d, t.e, { maxSweepsPerEigenvalue: 0 })).toThrow(ConvergenceError);
    try {
      eigvalshTridiagonal(t.d, t.e, { maxSweepsPerEigenvalue: 0 });
    } catch (err) {
      const partial = (err as ConvergenceError).partial as { values: Float64Array; unconverged: number };
      expect(partial.values.length).toBe(60);
      expect(partial.unconverged).toBeGreaterThan(0);
    }
    // the limit belongs to the call: the next one, with the default, converges
    const ok = eighTridiagonal(t.d, t.e, { method: "qr" });
    expect(residualRatio(t, ok.values, ok.vectors!)).toBeLessThan(THRESH);
  });

  it("the raw status: dsterf returns the number of unconverged off-diagonal entries", () => {
    const k = kernels();
    const t = random(40, 10);
    const info = withScratch((s) => k.dsterf(40, s.from(t.d).ptr, s.from(t.e).ptr, 0));
    expect(info).toBeGreaterThan(0);
    expect(info).toBeLessThanOrEqual(39);
    // the limit is the call's: the next call with LAPACK's 30 converges
    expect(withScratch((s) => k.dsterf(40, s.from(t.d).ptr, s.from(t.e).ptr, QL_MAX_SWEEPS))).toBe(0);
  });
});

describe("input validation and memory", () => {
  it("typed errors name the problem", () => {
    expect(() => eighTridiagonal([1, 2, 3], [1])).toThrow(ShapeError);
    expect(() => eighTridiagonal([1, 2, 3], [1, 2, 3])).toThrow(/n - 1 = 2/);
    expect(() => eighTridiagonal([1, NaN], [1])).toThrow(NonFiniteError);
    expect(() => eighTridiagonal([1, 2], [Infinity])).toThrow(NonFiniteError);
    expect(() => eighTridiagonal([1, 2], [1], { range: { lo: 1, hi: 2 } })).toThrow(InvalidArgumentError);
    expect(() => eighTridiagonal([1, 2], [1], { range: { lo: 0.5, hi: 1 } })).toThrow(InvalidArgumentError);
    expect(() => eighTridiagonal([1, 2], [1], { interval: { lower: 1, upper: 1 } })).toThrow(InvalidArgumentError);
    expect(() => eighTridiagonal([1, 2], [1], { range: { lo: 0, hi: 1 }, interval: { lower: 0, upper: 1 } })).toThrow(/not both/);
    expect(() => eighTridiagonal([1, 2], [1], { method: "jacobi" as TridiagonalMethod })).toThrow(/method/);
    expect(() => eighTridiagonal([1, 2], [1], { maxSweepsPerEigenvalue: -1 })).toThrow(InvalidArgumentError);
  });

  it("repeated calls free all WASM memory", () => {
    const t = random(120, 12);
    eighTridiagonal(t.d, t.e);
    const before = allocationStats();
    for (const method of ["qr", "dc", "bisect"] as const) {
      eighTridiagonal(t.d, t.e, { method });
      eighTridiagonal(t.d, t.e, { method, range: { lo: 3, hi: 9 } });
      eigvalshTridiagonal(t.d, t.e, { method });
    }
    expect(allocationStats()).toEqual(before);
  });
});

// Issue #13, reproducer 3: entries near 1e308 (and subnormal ones). d and e are scaled into
// LAPACK dstev's safe range before any solver runs; the expected values are the Toeplitz closed
// form, and residuals are taken on T / s so that the check itself cannot overflow.
describe("extreme scales: scaled in, scaled back, or NonFiniteError (issue #13)", () => {
  const n = 30;
  const unit = toeplitz(n, 1, -0.5); // eigenvalues 1 - cos(k pi / 31) in (0, 2)
  const exact = toeplitzValues(n, 1, -0.5);

  for (const s of [1e307, 5e-324 * 2 ** 40, 1e-300, 1e200]) {
    it(`tridiag(-0.5, 1, -0.5) * ${s.toExponential(1)}: every method, all and part of the spectrum`, () => {
      const t: Tri = { d: unit.d.map((x) => x * s), e: unit.e.map((x) => x * s) };
      // subnormal entries keep about 40 bits: compare with that precision there
      const tol = s < 1e-300 ? 1e-10 : 100 * n * EPS;
      for (const method of ["qr", "dc", "bisect", "auto"] as const) {
        const r = eighTridiagonal(t.d, t.e, { method });
        for (let i = 0; i < n; i++) expect(Math.abs(r.values[i]! / s - exact[i]!), `${method} ${i}`).toBeLessThan(tol * 2);
        expect(residualRatio(unit, r.values.map((x) => x / s), r.vectors!)).toBeLessThan(s < 1e-300 ? 1e6 : THRESH);
        expect(orthogonalityRatio(r.vectors!)).toBeLessThan(THRESH);
        const part = eigvalshTridiagonal(t.d, t.e, { method, range: { lo: n - 3, hi: n - 1 } });
        for (let i = 0; i < 3; i++) expect(Math.abs(part[i]! / s - exact[n - 3 + i]!)).toBeLessThan(tol * 2);
      }
      // an interval in the caller's units: (0.5 s, 1.5 s] holds the eigenvalues in (0.5, 1.5]
      const inside = exact.filter((x) => x > 0.5 && x <= 1.5);
      const got = eighTridiagonal(t.d, t.e, { interval: { lower: 0.5 * s, upper: 1.5 * s } });
      expect(got.values.length).toBe(inside.length);
      got.values.forEach((v, i) => expect(Math.abs(v / s - inside[i]!)).toBeLessThan(tol * 2));
    });
  }

  it("a ConvergenceError of a scaled solve reports its partial values in the caller's units", () => {
    // the partial values of dsterf lie in the Gershgorin interval of T, here [-1, 3] * 1e300 (not
    // in the scaled units, about [-0.5, 1.5])
    const s = 1e300;
    const t = random(60, 9);
    const big: Tri = { d: t.d.map((x) => x * s), e: t.e.map((x) => x * s) };
    let lower = Infinity;
    let upper = -Infinity;
    for (let i = 0; i < 60; i++) {
      const r = (i > 0 ? Math.abs(big.e[i - 1]!) : 0) + (i < 59 ? Math.abs(big.e[i]!) : 0);
      lower = Math.min(lower, big.d[i]! - r);
      upper = Math.max(upper, big.d[i]! + r);
    }
    let caught: unknown;
    try {
      eigvalshTridiagonal(big.d, big.e, { maxSweepsPerEigenvalue: 0 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConvergenceError);
    const values = ((caught as ConvergenceError).partial as { values: Float64Array }).values;
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(1e-3 * s);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(lower * (1 + 1e-12));
      expect(v).toBeLessThanOrEqual(upper * (1 + 1e-12));
    }
  });

  it("eigenvalues beyond 1.8e308 are a NonFiniteError for every method; the representable part of the spectrum is not", () => {
    // 1.2e308 * (1 - cos(k pi / 31)): the top ones exceed 1.8e308
    const s = 1.2e308;
    const t: Tri = { d: unit.d.map((x) => x * s), e: unit.e.map((x) => x * s) };
    const before = allocationStats();
    for (const method of ["qr", "dc", "bisect", "auto"] as const) {
      expect(() => eighTridiagonal(t.d, t.e, { method })).toThrow(NonFiniteError);
      expect(() => eigvalshTridiagonal(t.d, t.e, { method })).toThrow(/^eigvalshTridiagonal: eigenvalue \d+ overflowed/);
      expect(() => eigvalshTridiagonal(t.d, t.e, { method, range: { lo: n - 1, hi: n - 1 } })).toThrow(/eigenvalue 29 overflowed/);
      const low = eighTridiagonal(t.d, t.e, { method, range: { lo: 0, hi: 9 } });
      for (let i = 0; i < 10; i++) expect(Math.abs(low.values[i]! / s - exact[i]!)).toBeLessThan(100 * n * EPS);
      expect(residualRatio(unit, low.values.map((x) => x / s), low.vectors!)).toBeLessThan(THRESH);
    }
    expect(allocationStats()).toEqual(before);
  });
});

describe("eighTridiagonal: tol, and its deprecated alias tolerance", () => {
  it("bisection with tol gives the closed-form Toeplitz eigenvalues 2 - 2 cos(k pi / (n + 1)); tolerance is the same option; a conflict raises", async () => {
    const { eighTridiagonal } = await import("../../src/linalg/tridiagonal.js");
    const { InvalidArgumentError } = await import("../../src/errors.js");
    const n = 12;
    const d = new Float64Array(n).fill(2);
    const e = new Float64Array(n - 1).fill(-1);
    const exact = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
    const a = eighTridiagonal(d, e, { method: "bisect", tol: 1e-13, vectors: false });
    a.values.forEach((v, k) => expect(Math.abs(v - exact[k]!)).toBeLessThan(1e-12));
    const b = eighTridiagonal(d, e, { method: "bisect", tolerance: 1e-13, vectors: false });
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    expect(() => eighTridiagonal(d, e, { method: "bisect", tol: 1e-13, tolerance: 1e-6 })).toThrow(InvalidArgumentError);
  });
});
