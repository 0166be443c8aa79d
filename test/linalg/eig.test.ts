// Dense nonsymmetric eigensolver (src/linalg/eig.ts) and its kernels (assembly/lapack/dgebal,
// dgehrd, dorghr, dlahqr, dlanv2, dtrevc, dtrexc): eigenvalues against ml-matrix's
// EigenvalueDecomposition (JAMA orthes + hqr2, an independent implementation) and against closed
// forms (rotation blocks under a random orthogonal similarity, companion matrices of polynomials
// with known roots, triangular and diagonal matrices, Jordan blocks), eigenvector residuals, and
// the kernel invariants computed here in plain JS.
//
// Ratios, as in LAPACK's testing (dget22 / dhst01), ||X||_1 the largest column sum:
//   residual       ||A v - lambda v|| / (n eps ||A||_1)   per unit eigenvector
//   factorization  ||A - Q T Q^T||_1 / (n eps ||A||_1),  orthogonality ||Q^T Q - I||_1 / (n eps)
// all required below LAPACK's threshold 30.
import { describe, expect, it } from "vitest";
import { EigenvalueDecomposition, Matrix as MlMatrix } from "ml-matrix";
import { allocationStats, eig, InvalidArgumentError, Matrix, NonFiniteError, ShapeError } from "../../src/index.js";
import { withScratch, type Scratch } from "../../src/wasm/memory.js";
import { eigenpairResidual, norm1, normalSource, randomMatrix, squareMatmul } from "../helpers.js";

const EPS = Number.EPSILON;
const THRESH = 30;

// ---------------------------------------------------------------------------------------------
// plain-JS helpers

function transpose(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j]!;
  return t;
}

/** ||Z T Z^T - A||_1 / (n eps ||A||_1) and ||Z^T Z - I||_1 / (n eps): LAPACK's similarity test ratios. */
function similarityRatios(a: Float64Array, t: Float64Array, z: Float64Array, n: number, anorm: number): [number, number] {
  const diff = squareMatmul(squareMatmul(z, t, n), transpose(z, n), n).map((x, i) => x - a[i]!);
  const orth = squareMatmul(z, z, n, true).map((x, i) => x - (i % (n + 1) === 0 ? 1 : 0));
  return [norm1(diff, n) / (n * EPS * anorm), norm1(orth, n) / (n * EPS)];
}

/**
 * dgehrd + dorghr on rows and columns ilo..ihi of the n x n A copied into `s` (a workspace of at
 * least `work` more doubles): pa then holds the reduced matrix and pq the orthogonal Q; h is H
 * with the reflectors below the subdiagonal zeroed, q and tau copies of Q and the scalars.
 */
function reduceToHessenberg(s: Scratch, a: Float64Array, n: number, ilo: number, ihi: number, work: number) {
  const k = s.k;
  const pa = s.from(a);
  const ptau = s.alloc(n - 1);
  const pq = s.alloc(n * n);
  const pw = s.alloc(Math.max(k.dgehrd_worksize(n), k.dorghr_worksize(n, ilo, ihi), work));
  expect(k.dgehrd(n, ilo, ihi, pa.ptr, n, ptau.ptr, pw.ptr)).toBe(0);
  expect(k.dorghr(n, ilo, ihi, pa.ptr, n, ptau.ptr, pq.ptr, n, pw.ptr)).toBe(0);
  const h = pa.view().slice();
  for (let i = 2; i < n; i++) h.fill(0, i * n, i * n + i - 1);
  return { pa, pq, pw, tau: ptau.view().slice(), h, q: pq.view().slice() };
}

/** A random orthogonal matrix: modified Gram-Schmidt, twice, on the columns of a Gaussian matrix. */
function randomOrthogonal(n: number, seed: number): Float64Array {
  const g = randomMatrix(n, n, seed).data;
  const q = transpose(g, n); // rows of q = columns of g
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < j; i++) {
        let d = 0;
        for (let t = 0; t < n; t++) d += q[i * n + t]! * q[j * n + t]!;
        for (let t = 0; t < n; t++) q[j * n + t]! -= d * q[i * n + t]!;
      }
      let s = 0;
      for (let t = 0; t < n; t++) s += q[j * n + t]! ** 2;
      const inv = 1 / Math.sqrt(s);
      for (let t = 0; t < n; t++) q[j * n + t]! *= inv;
    }
  }
  return transpose(q, n);
}

/** Q B Q^T for an orthogonal Q. */
function similar(b: Float64Array, q: Float64Array, n: number): Matrix {
  return new Matrix(n, n, squareMatmul(squareMatmul(q, b, n), transpose(q, n), n));
}

interface Complex {
  re: number;
  im: number;
}

/**
 * Largest distance between the two multisets of eigenvalues under a greedy nearest matching
 * (each of `want` takes the closest unused value of `got`).
 */
function spectrumDistance(gotRe: ArrayLike<number>, gotIm: ArrayLike<number>, want: Complex[]): number {
  expect(gotRe.length).toBe(want.length);
  const used = new Uint8Array(want.length);
  let worst = 0;
  for (const w of want) {
    let best = Infinity;
    let at = -1;
    for (let i = 0; i < gotRe.length; i++) {
      if (used[i]) continue;
      const d = Math.hypot(gotRe[i]! - w.re, gotIm[i]! - w.im);
      if (d < best) {
        best = d;
        at = i;
      }
    }
    used[at] = 1;
    worst = Math.max(worst, best);
  }
  return worst;
}

function mlEigenvalues(a: Matrix): Complex[] {
  const e = new EigenvalueDecomposition(new MlMatrix(a.toArray()), { assumeSymmetric: false });
  return e.realEigenvalues.map((re, i) => ({ re, im: e.imaginaryEigenvalues[i]! }));
}

/** Largest ||A v_j - lambda_j v_j|| / (n eps ||A||_1) over the unit eigenvectors of eig. */
function residualRatio(a: Matrix, r: ReturnType<typeof eig>): number {
  const n = a.rows;
  const anorm = Math.max(norm1(a.data, n), Number.MIN_VALUE);
  let worst = 0;
  for (let j = 0; j < n; j++) {
    const { residual, norm } = eigenpairResidual(a, r.re[j]!, r.im[j]!, r.vectors!.re.data, r.vectors!.im.data, j, n);
    expect(Math.abs(norm - 1)).toBeLessThan(1e-13);
    worst = Math.max(worst, residual / (n * EPS * anorm));
  }
  return worst;
}

/** The package's documented order: descending re, ties by descending |im|, +im first; pairs adjacent. */
function expectOrdered(re: Float64Array, im: Float64Array): void {
  for (let i = 0; i + 1 < re.length; i++) {
    expect(re[i]!).toBeGreaterThanOrEqual(re[i + 1]!);
    if (re[i] === re[i + 1]) expect(Math.abs(im[i]!)).toBeGreaterThanOrEqual(Math.abs(im[i + 1]!));
  }
  for (let i = 0; i < re.length; ) {
    if (im[i] === 0) {
      i++;
      continue;
    }
    expect(im[i]!).toBeGreaterThan(0);
    expect(re[i + 1]).toBe(re[i]);
    expect(im[i + 1]).toBe(-im[i]!);
    i += 2;
  }
}

function companion(coeffs: number[]): Matrix {
  // monic p(x) = x^n + c_{n-1} x^{n-1} + ... + c_0, coeffs = [c_{n-1}, ..., c_0]
  const n = coeffs.length;
  const a = new Matrix(n, n);
  for (let j = 0; j < n; j++) a.data[j] = -coeffs[j]!;
  for (let i = 1; i < n; i++) a.data[i * n + i - 1] = 1;
  return a;
}

/** Coefficients [c_{n-1}, ..., c_0] of prod (x - r) for real and conjugate-pair roots. */
function polyFromRoots(roots: Complex[]): number[] {
  // multiply real quadratics / linears; p holds ascending coefficients
  let p = [1];
  const mul = (q: number[]) => {
    const out = new Array<number>(p.length + q.length - 1).fill(0);
    for (let i = 0; i < p.length; i++) for (let j = 0; j < q.length; j++) out[i + j]! += p[i]! * q[j]!;
    p = out;
  };
  for (const r of roots) {
    if (r.im === 0) mul([-r.re, 1]);
    else if (r.im > 0) mul([r.re * r.re + r.im * r.im, -2 * r.re, 1]);
  }
  // p ascending: p[0] + p[1] x + ... + p[n] x^n with p[n] = 1
  return p.slice(0, -1).reverse();
}

// ---------------------------------------------------------------------------------------------

describe("eig: random matrices against ml-matrix", () => {
  for (const n of [0, 1, 2, 3, 10, 100]) {
    it(`n = ${n}: eigenvalues match, vectors have small residuals`, () => {
      const a = randomMatrix(n, n, 100 + n);
      const r = eig(a, { vectors: true });
      expect(r.re.length).toBe(n);
      expectOrdered(r.re, r.im);
      if (n > 0) {
        const anorm = norm1(a.data, n);
        // well-conditioned random spectra: the two backward-stable solvers agree to ~ n eps ||A||
        expect(spectrumDistance(r.re, r.im, mlEigenvalues(a))).toBeLessThan(1e3 * n * EPS * anorm);
        expect(residualRatio(a, r)).toBeLessThan(THRESH);
        // the values-only path gives the same spectrum
        const v = eig(a);
        expect(spectrumDistance(v.re, v.im, Array.from(r.re, (re, i) => ({ re, im: r.im[i]! })))).toBeLessThan(1e2 * n * EPS * anorm);
      } else {
        expect(r.vectors!.re.rows).toBe(0);
      }
    });
  }

  it("n = 300: residuals, trace and ml-matrix agreement", () => {
    const n = 300;
    const a = randomMatrix(n, n, 7);
    const r = eig(a, { vectors: true });
    expectOrdered(r.re, r.im);
    expect(residualRatio(a, r)).toBeLessThan(THRESH);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a.data[i * n + i]!;
    const sumRe = r.re.reduce((s, x) => s + x, 0);
    const sumIm = r.im.reduce((s, x) => s + x, 0);
    const anorm = norm1(a.data, n);
    expect(Math.abs(sumRe - trace)).toBeLessThan(n * n * EPS * anorm);
    expect(sumIm).toBe(0); // conjugate pairs are exact negatives
    expect(spectrumDistance(r.re, r.im, mlEigenvalues(a))).toBeLessThan(1e3 * n * EPS * anorm);
  });

  it("eigenvectors: unit norm, largest component real and positive, pairs conjugate", () => {
    const n = 40;
    const a = randomMatrix(n, n, 11);
    const r = eig(a, { vectors: true });
    const vr = r.vectors!.re.data;
    const vi = r.vectors!.im.data;
    let pairs = 0;
    for (let j = 0; j < n; j++) {
      let kmax = 0;
      let mmax = -1;
      for (let i = 0; i < n; i++) {
        const m = vr[i * n + j]! ** 2 + vi[i * n + j]! ** 2;
        if (m > mmax) {
          mmax = m;
          kmax = i;
        }
      }
      expect(vi[kmax * n + j]).toBe(0);
      expect(vr[kmax * n + j]!).toBeGreaterThan(0);
      if (r.im[j]! > 0) {
        pairs++;
        for (let i = 0; i < n; i++) {
          expect(vr[i * n + j + 1]).toBe(vr[i * n + j]);
          expect(vi[i * n + j + 1]! + vi[i * n + j]!).toBe(0);
        }
      }
      if (r.im[j] === 0) for (let i = 0; i < n; i++) expect(vi[i * n + j]).toBe(0);
    }
    expect(pairs).toBeGreaterThan(3); // a 40 x 40 Gaussian matrix has several complex pairs
  });
});

describe("eig: known spectra", () => {
  it("rotation blocks under a random orthogonal similarity", () => {
    // block diagonal of [a -b; b a] (eigenvalues a +- i b) and two real entries
    const blocks = [
      { re: 1.5, im: 2 },
      { re: -0.5, im: 0.25 },
      { re: 1.5, im: 0.5 },
      { re: 0, im: 3 },
    ];
    const reals = [0.75, -2];
    const n = 2 * blocks.length + reals.length;
    const b = new Float64Array(n * n);
    blocks.forEach((z, t) => {
      const i = 2 * t;
      b[i * n + i] = z.re;
      b[i * n + i + 1] = -z.im;
      b[(i + 1) * n + i] = z.im;
      b[(i + 1) * n + i + 1] = z.re;
    });
    reals.forEach((x, t) => (b[(2 * blocks.length + t) * (n + 1)] = x));
    const a = similar(b, randomOrthogonal(n, 3), n);
    const r = eig(a, { vectors: true });
    const want: Complex[] = [...blocks.flatMap((z) => [z, { re: z.re, im: -z.im }]), ...reals.map((re) => ({ re, im: 0 }))];
    expect(spectrumDistance(r.re, r.im, want)).toBeLessThan(1e-13);
    expectOrdered(r.re, r.im);
    // the documented order: 1.5 + 2i, 1.5 - 2i, 1.5 + 0.5i, 1.5 - 0.5i, 0.75, 0 + 3i, ...
    expect(Array.from(r.re.slice(0, 5), (x) => Math.round(x * 4) / 4)).toEqual([1.5, 1.5, 1.5, 1.5, 0.75]);
    expect(Array.from(r.im.slice(0, 4), (x) => Math.round(x * 4) / 4)).toEqual([2, -2, 0.5, -0.5]);
    expect(residualRatio(a, r)).toBeLessThan(THRESH);
  });

  it("a pure rotation: eigenvalues +-i, eigenvector (1, -i)/sqrt(2) up to phase", () => {
    const r = eig([[0, -1], [1, 0]], { vectors: true });
    expect(Array.from(r.re)).toEqual([0, 0]);
    expect(Array.from(r.im)).toEqual([1, -1]);
    // A v = i v for v = (1, -i) / sqrt(2): v2 / v1 = -i
    const v1 = { re: r.vectors!.re.get(0, 0), im: r.vectors!.im.get(0, 0) };
    const v2 = { re: r.vectors!.re.get(1, 0), im: r.vectors!.im.get(1, 0) };
    const den = v1.re ** 2 + v1.im ** 2;
    const ratio = { re: (v2.re * v1.re + v2.im * v1.im) / den, im: (v2.im * v1.re - v2.re * v1.im) / den };
    expect(ratio.re).toBeCloseTo(0, 15);
    expect(ratio.im).toBeCloseTo(-1, 15);
  });

  const polys: { name: string; roots: Complex[]; tol: number }[] = [
    { name: "roots 1..6", roots: [1, 2, 3, 4, 5, 6].map((re) => ({ re, im: 0 })), tol: 1e-9 },
    {
      name: "+-i, 2 +- 3i, -1, 0.5",
      roots: [{ re: 0, im: 1 }, { re: 0, im: -1 }, { re: 2, im: 3 }, { re: 2, im: -3 }, { re: -1, im: 0 }, { re: 0.5, im: 0 }],
      tol: 1e-12,
    },
    {
      // the 12th roots of unity: a well-conditioned, highly symmetric complex spectrum
      name: "x^12 - 1",
      roots: Array.from({ length: 12 }, (_, t) => ({ re: Math.cos((2 * Math.PI * t) / 12), im: Math.sin((2 * Math.PI * t) / 12) })),
      tol: 1e-13,
    },
  ];
  for (const { name, roots, tol } of polys) {
    it(`companion matrix: ${name}`, () => {
      const coeffs = name === "x^12 - 1" ? [...new Array<number>(11).fill(0), -1] : polyFromRoots(roots);
      const a = companion(coeffs);
      const r = eig(a, { vectors: true });
      const scale = Math.max(...roots.map((z) => Math.hypot(z.re, z.im)));
      expect(spectrumDistance(r.re, r.im, roots)).toBeLessThan(tol * scale);
      expectOrdered(r.re, r.im);
    });
  }

  it("triangular and diagonal matrices: the diagonal, exactly (balancing isolates it)", () => {
    const n = 12;
    const g = normalSource(5);
    const up = new Matrix(n, n);
    const low = new Matrix(n, n);
    const diag = Array.from({ length: n }, () => g());
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const v = i === j ? diag[i]! : g();
        up.data[i * n + j] = v;
        low.data[j * n + i] = v;
      }
    }
    const sorted = diag.slice().sort((x, y) => y - x);
    for (const a of [up, low, Matrix.diag(diag)]) {
      const r = eig(a, { vectors: true });
      expect(Array.from(r.re)).toEqual(sorted);
      expect(Array.from(r.im)).toEqual(new Array(n).fill(0));
      expect(residualRatio(a, r)).toBeLessThan(THRESH);
    }
    // diagonal: the eigenvectors are the unit vectors
    const r = eig(Matrix.diag(diag), { vectors: true });
    for (let j = 0; j < n; j++) {
      const i = diag.indexOf(r.re[j]!);
      expect(Math.abs(r.vectors!.re.get(i, j))).toBe(1);
    }
    // without balancing the QR iteration meets an already triangular H and deflates at once
    const nb = eig(up, { balance: false });
    expect(spectrumDistance(nb.re, nb.im, sorted.map((re) => ({ re, im: 0 })))).toBeLessThan(1e-14);
  });

  for (const m of [2, 3, 5]) {
    it(`defective Jordan block J_${m}(2) under a similarity: error about eps^(1/${m}), mean exact`, () => {
      const b = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        b[i * m + i] = 2;
        if (i + 1 < m) b[i * m + i + 1] = 1;
      }
      const a = similar(b, randomOrthogonal(m, 20 + m), m);
      const r = eig(a);
      let worst = 0;
      let mean = 0;
      for (let i = 0; i < m; i++) {
        worst = Math.max(worst, Math.hypot(r.re[i]! - 2, r.im[i]!));
        mean += r.re[i]! / m;
      }
      // a perturbation of size eps ||A|| splits an m-fold defective eigenvalue by ~ (eps ||A||)^(1/m)
      expect(worst).toBeLessThan(10 * (EPS * norm1(a.data, m)) ** (1 / m));
      // the trace is preserved to roundoff even though each eigenvalue is not
      expect(Math.abs(mean - 2)).toBeLessThan(100 * EPS * norm1(a.data, m));
    });
  }

  it("scaling: entries near 1e300 and 1e-300 give the scaled spectrum", () => {
    const a = randomMatrix(8, 8, 9);
    const r = eig(a);
    for (const c of [1e300, 1e-300]) {
      const ac = new Matrix(8, 8, a.data.map((x) => x * c));
      const rc = eig(ac);
      for (let i = 0; i < 8; i++) {
        expect(rc.re[i]! / c).toBeCloseTo(r.re[i]!, 12);
        expect(rc.im[i]! / c).toBeCloseTo(r.im[i]!, 12);
      }
    }
  });

  it("badly scaled similarity D B D^-1: balancing recovers B's eigenvalues", () => {
    const n = 6;
    const bm = randomMatrix(n, n, 31);
    const d = [1, 1e4, 1e-4, 1e6, 1e-3, 1e2];
    const a = Matrix.fromFunction(n, n, (i, j) => (d[i]! * bm.data[i * n + j]!) / d[j]!);
    const want = mlEigenvalues(bm);
    const r = eig(a, { vectors: true });
    expect(spectrumDistance(r.re, r.im, want)).toBeLessThan(1e-12 * norm1(bm.data, n));
    expect(residualRatio(a, r)).toBeLessThan(THRESH);
  });
});

describe("eig: input checks and memory", () => {
  it("rejects non-square and non-finite input with typed errors", () => {
    expect(() => eig(new Matrix(2, 3))).toThrow(ShapeError);
    expect(() => eig([[1, NaN], [0, 1]])).toThrow(NonFiniteError);
    expect(() => eig([[1, 0], [Infinity, 1]])).toThrow(NonFiniteError);
    expect(() => eig([[1]], { vectors: "yes" as unknown as boolean })).toThrow(InvalidArgumentError);
  });

  it("frees all WASM memory, also after errors", () => {
    const a = randomMatrix(30, 30, 2);
    eig(a, { vectors: true });
    const before = allocationStats();
    for (let t = 0; t < 3; t++) {
      eig(a, { vectors: true });
      eig(a);
      expect(() => eig([[1, NaN], [0, 1]])).toThrow(NonFiniteError);
    }
    expect(allocationStats()).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// kernels through the raw exports

describe("nonsymmetric kernels", () => {
  it("dlanv2: standardized 2 x 2 Schur form, orthogonal rotation, eigenvalues", () => {
    const cases = [
      [4, -5, 2, -3], // real eigenvalues 2, -1
      [1, -2, 3, 1], // complex 1 +- i sqrt(6)
      [0, 1, -1, 0],
      [2, 0, 3, 5], // lower triangular
      [1, 1e-20, -1e-20, 1],
      [3, 7, 0, 3],
    ];
    withScratch((s) => {
      const out = s.alloc(10);
      for (const [a, b, c, d] of cases) {
        s.k.dlanv2_out(a!, b!, c!, d!, out.ptr);
        const [aa, bb, cc, dd, r1r, r1i, r2r, r2i, cs, sn] = Array.from(out.view());
        expect(cs! * cs! + sn! * sn!).toBeCloseTo(1, 15);
        // [a b; c d] = [cs -sn; sn cs] [aa bb; cc dd] [cs sn; -sn cs]
        const m00 = cs! * aa! - sn! * cc!, m01 = cs! * bb! - sn! * dd!;
        const m10 = sn! * aa! + cs! * cc!, m11 = sn! * bb! + cs! * dd!;
        const back = [m00 * cs! - m01 * sn!, m00 * sn! + m01 * cs!, m10 * cs! - m11 * sn!, m10 * sn! + m11 * cs!];
        const scale = Math.abs(a!) + Math.abs(b!) + Math.abs(c!) + Math.abs(d!);
        [a!, b!, c!, d!].forEach((x, i) => expect(Math.abs(back[i]! - x)).toBeLessThan(4 * EPS * scale));
        if (cc !== 0) {
          expect(aa).toBe(dd);
          expect(bb! * cc!).toBeLessThan(0);
          expect(r1i!).toBeGreaterThan(0);
          expect(r2i).toBe(-r1i!);
        } else {
          expect(r1i).toBe(0);
          expect(r2i).toBe(0);
        }
        // trace and determinant of the original are those of the eigenvalues
        expect(r1r! + r2r!).toBeCloseTo(a! + d!, 12);
        expect(r1r! * r2r! - r1i! * r2i!).toBeCloseTo(a! * d! - b! * c!, 12);
      }
    });
  });

  it("dgehrd + dorghr + dlahqr + dtrexc: Hessenberg form, Schur form, reordering", () => {
    const n = 37;
    const a = randomMatrix(n, n, 41).data;
    const anorm = norm1(a, n);
    withScratch((s) => {
      const k = s.k;
      const { pa, pq, pw, h, q } = reduceToHessenberg(s, a, n, 0, n - 1, Math.max(k.dlahqr_worksize(), n + 64));
      const pwr = s.alloc(n);
      const pwi = s.alloc(n);
      const pout = s.alloc(1);
      const ratios = (t: Float64Array, z: Float64Array) => similarityRatios(a, t, z, n, anorm);
      // Q^T A Q = H with Q orthogonal
      for (const r of ratios(h, q)) expect(r).toBeLessThan(THRESH);
      pa.view().set(h);
      // dlahqr with Z = Q (row-major): A = Z T Z^T, T quasi-triangular in standard form
      expect(k.dlahqr(1, 1, n, 0, n - 1, pa.ptr, n, pwr.ptr, pwi.ptr, 0, n - 1, pq.ptr, n, 0, pw.ptr)).toBe(0);
      const t = pa.view().slice();
      const z = pq.view().slice();
      for (const r of ratios(t, z)) expect(r).toBeLessThan(THRESH);
      const checkSchur = (tt: Float64Array) => {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < i - 1; j++) expect(tt[i * n + j]).toBe(0);
          if (i > 0 && tt[i * n + i - 1] !== 0) {
            expect(tt[(i - 1) * n + i - 1]).toBe(tt[i * n + i]);
            expect(tt[(i - 1) * n + i]! * tt[i * n + i - 1]!).toBeLessThan(0);
            if (i > 1) expect(tt[(i - 1) * n + i - 2]).toBe(0); // no 3 x 3 blocks
          }
        }
      };
      checkSchur(t);
      // the eigenvalues agree with ml-matrix
      const wr = pwr.view().slice();
      const wi = pwi.view().slice();
      expect(spectrumDistance(wr, wi, mlEigenvalues(new Matrix(n, n, a)))).toBeLessThan(1e3 * n * EPS * anorm);
      // the ztrans layout gives the same T and the transposed Z
      pa.view().set(h);
      pq.view().set(transpose(q, n));
      expect(k.dlahqr(1, 1, n, 0, n - 1, pa.ptr, n, pwr.ptr, pwi.ptr, 0, n - 1, pq.ptr, n, 1, pw.ptr)).toBe(0);
      expect(Array.from(pa.view())).toEqual(Array.from(t));
      const zt = transpose(pq.view().slice(), n);
      for (let i = 0; i < n * n; i++) expect(Math.abs(zt[i]! - z[i]!)).toBeLessThan(1e-14);

      // dtrexc: move the last block to the top and the first to the bottom
      pa.view().set(t);
      pq.view().set(z);
      const last = t[(n - 1) * n + n - 2] !== 0 ? n - 2 : n - 1;
      const lastValue = { re: wr[last]!, im: Math.abs(wi[last]!) };
      expect(k.dtrexc(1, n, pa.ptr, n, pq.ptr, n, last, 0, pout.ptr, pw.ptr)).toBe(0);
      const pos = new Int32Array(k.memory.buffer, pout.ptr, 2);
      expect(pos[1]).toBe(0);
      let t2 = pa.view().slice();
      const lead = t2[n] !== 0 ? { re: t2[0]!, im: Math.sqrt(Math.abs(t2[1]! * t2[n]!)) } : { re: t2[0]!, im: 0 };
      expect(Math.abs(lead.re - lastValue.re) + Math.abs(lead.im - lastValue.im)).toBeLessThan(1e-12 * anorm);
      expect(k.dtrexc(1, n, pa.ptr, n, pq.ptr, n, 0, n - 1, pout.ptr, pw.ptr)).toBe(0);
      t2 = pa.view().slice();
      checkSchur(t2);
      for (const r of ratios(t2, pq.view().slice())) expect(r).toBeLessThan(THRESH);
      // the multiset of eigenvalues on the diagonal is unchanged
      const dr: number[] = [];
      const di: number[] = [];
      for (let j = 0; j < n; ) {
        if (j + 1 < n && t2[(j + 1) * n + j] !== 0) {
          const w = Math.sqrt(Math.abs(t2[j * n + j + 1]! * t2[(j + 1) * n + j]!));
          dr.push(t2[j * n + j]!, t2[j * n + j]!);
          di.push(w, -w);
          j += 2;
        } else {
          dr.push(t2[j * n + j]!);
          di.push(0);
          j++;
        }
      }
      expect(spectrumDistance(dr, di, Array.from(wr, (re, i) => ({ re, im: wi[i]! })))).toBeLessThan(1e-12 * anorm);
    });
  });

  it("blocked dgehrd (dlahr2 panels) on a block ilo..ihi: Q^T A Q Hessenberg, Q identity outside", () => {
    const n = 230;
    const ilo = 4;
    const ihi = 215;
    const g = randomMatrix(n, n, 77).data;
    // upper triangular outside the block, as dgebal leaves a matrix
    const a = g.map((x, idx) => {
      const i = Math.floor(idx / n);
      const j = idx % n;
      return i > j && (j < ilo || i > ihi) ? 0 : x;
    });
    const anorm = norm1(a, n);
    withScratch((s) => {
      const { tau, h, q } = reduceToHessenberg(s, a, n, ilo, ihi, 0);
      for (let i = 0; i < n - 1; i++) if (i < ilo || i >= ihi) expect(tau[i]).toBe(0);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const inside = i > ilo && i <= ihi && j > ilo && j <= ihi;
          if (!inside) expect(q[i * n + j]).toBe(i === j ? 1 : 0);
        }
      }
      for (const r of similarityRatios(a, h, q, n, anorm)) expect(r).toBeLessThan(THRESH);
    });
  });

  it("dgebal + dgebak: permutation isolates a triangular part, scaling is by powers of 2", () => {
    // [x 0 0; x x x; x x x] with a zero row-offdiagonal in row 0 pushes row 0 to the bottom
    const a = new Float64Array([5, 0, 0, 1, 2, 1e6, 3, 1e-6, 4]);
    withScratch((s) => {
      const pa = s.from(a);
      const sc = s.alloc(3);
      const out = s.alloc(1);
      expect(s.k.dgebal(3, 3, pa.ptr, 3, sc.ptr, out.ptr)).toBe(0);
      const [ilo, ihi] = Array.from(new Int32Array(s.k.memory.buffer, out.ptr, 2));
      // row 0 has no off-diagonal entries: it is swapped to the bottom, isolating the eigenvalue 5
      expect([ilo, ihi]).toEqual([0, 1]);
      expect(sc.view()[2]).toBe(0); // the row and column interchanged with 2
      const b = pa.view();
      expect(Array.from(b.subarray(6, 9))).toEqual([0, 0, 5]);
      for (let i = ilo!; i <= ihi!; i++) {
        const f = sc.view()[i]!;
        expect(Math.log2(f)).toBe(Math.round(Math.log2(f)));
      }
      // the balanced block has comparable off-diagonals
      const off1 = Math.abs(b[ilo! * 3 + ihi!]!);
      const off2 = Math.abs(b[ihi! * 3 + ilo!]!);
      expect(Math.max(off1, off2) / Math.min(off1, off2)).toBeLessThan(1e3);
      // dgebak on the identity gives W = P D with A W = W B (B the balanced matrix), in both layouts
      const bal = b.slice();
      for (const vtrans of [0, 1]) {
        const pv = s.from(new Float64Array([1, 0, 0, 0, 1, 0, 0, 0, 1]));
        expect(s.k.dgebak(3, 3, ilo!, ihi!, sc.ptr, 3, pv.ptr, 3, vtrans)).toBe(0);
        const w = vtrans ? transpose(pv.view().slice(), 3) : pv.view().slice();
        const lhs = squareMatmul(a, w, 3);
        const rhs = squareMatmul(w, bal, 3);
        for (let i = 0; i < 9; i++) expect(Math.abs(lhs[i]! - rhs[i]!)).toBeLessThanOrEqual(1e-15 * 1e6);
      }
    });
  });
});

// Issue #13, reproducer 3: eig with entries near 1.8e308. A is scaled into dgeev's safe range
// before the reduction, so representable eigenvalues come back (closed forms below), and one
// beyond the double range is a NonFiniteError instead of Infinity.
describe("eig: overflow (issue #13)", () => {
  it("all entries 1e308 (n = 4): the eigenvalue 4e308 is not representable, NonFiniteError", () => {
    const before = allocationStats();
    const a = new Matrix(4, 4, new Float64Array(16).fill(1e308));
    expect(() => eig(a)).toThrow(NonFiniteError);
    expect(() => eig(a, { vectors: true })).toThrow(/^eig: eigenvalue \d overflowed: .*beyond the largest double/);
    expect(allocationStats()).toEqual(before);
  });

  it("representable eigenvalues near 1.8e308 are returned: a triangular matrix and a rotation block", () => {
    // upper bidiagonal with 1e308 on and above the diagonal: the diagonal, 1e308 (4 times)
    const b = Matrix.fromFunction(4, 4, (i, j) => (j === i || j === i + 1 ? 1e308 : 0));
    const rb = eig(b);
    for (let i = 0; i < 4; i++) {
      expect(rb.re[i]! / 1e308).toBeCloseTo(1, 7); // a Jordan-like block: eps^(1/4) sensitivity
      expect(rb.im[i]).toBe(0);
    }
    // c [[1, 1], [-1, 1]]: c (1 +- i), modulus 1.41 c, c = 1.2e308
    const c = 1.2e308;
    const r = eig(Matrix.from([[c, c], [-c, c]]), { vectors: true });
    expect(r.re[0]! / c).toBeCloseTo(1, 14);
    expect(r.im[0]! / c).toBeCloseTo(1, 14);
    expect(r.im[1]! / c).toBeCloseTo(-1, 14);
    // eigenvector (1, i) / sqrt 2, up to the normalization (largest component real positive)
    expect(Math.hypot(r.vectors!.re.get(0, 0), r.vectors!.im.get(0, 0))).toBeCloseTo(Math.SQRT1_2, 14);
    // and the same at 1e-300: no underflow to 0
    const t = eig(Matrix.from([[1e-300, 1e-300], [-1e-300, 1e-300]]));
    expect(t.re[0]! / 1e-300).toBeCloseTo(1, 14);
    expect(t.im[0]! / 1e-300).toBeCloseTo(1, 14);
  });

  it("ill-typed options name eig and the option", () => {
    expect(() => eig([[1]], { balance: "no" as unknown as boolean })).toThrow(/eig: option balance must be true or false, got 'no'/);
    expect(() => eig([[1]], null as unknown as {})).toThrow(/eig: options must be an object/);
  });
});
