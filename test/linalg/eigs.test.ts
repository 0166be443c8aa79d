// Krylov-Schur eigs on nonsymmetric operators (src/linalg/eigs.ts): against the dense eig on
// random matrices G / sqrt(n) (circular law: bulk in the unit disk) with planted outliers
// (Tao's outlier theorem: a low-rank perturbation with eigenvalue theta, |theta| > 1, creates an
// outlier near theta), including a +g / -g pair of equal modulus and a complex pair; residuals
// recomputed here in plain JS; a DenseOperator and a plain JS LinearOperator; breakdown of the
// Krylov space; non-convergence; typed errors; WASM memory ownership.
import { describe, expect, it } from "vitest";
import {
  allocationStats, ConvergenceError, DenseOperator, eig, eigs, InvalidArgumentError, linearOperator, Matrix,
  NonFiniteError, ShapeError, WasmMemoryError, type EigsResult,
} from "../../src/index.js";
import { nonsymmetricWithSpectrum, thrown } from "../fuzz/spectra.js";
import { eigenpairResidual, normalSource, randomMatrix } from "../helpers.js";

function unit(v: Float64Array): Float64Array<ArrayBuffer> {
  let s = 0;
  for (const x of v) s += x * x;
  return v.map((x) => x / Math.sqrt(s));
}

/** G / sqrt(n) + sum_t theta_t u_t u_t^T (+ rotation blocks), u_t orthonormal. */
function planted(n: number, seed: number, reals: number[], pairs: { re: number; im: number }[] = []): Matrix {
  const a = randomMatrix(n, n, seed);
  const s = 1 / Math.sqrt(n);
  for (let i = 0; i < a.data.length; i++) a.data[i]! *= s;
  const g = normalSource(seed + 1000);
  const count = reals.length + 2 * pairs.length;
  const us: Float64Array[] = [];
  for (let t = 0; t < count; t++) {
    let u: Float64Array<ArrayBuffer> = Float64Array.from({ length: n }, g);
    for (const w of us) {
      let d = 0;
      for (let i = 0; i < n; i++) d += u[i]! * w[i]!;
      for (let i = 0; i < n; i++) u[i]! -= d * w[i]!;
    }
    u = unit(u);
    us.push(u);
  }
  const add = (coef: number, x: Float64Array, y: Float64Array) => {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j]! += coef * x[i]! * y[j]!;
  };
  reals.forEach((theta, t) => add(theta, us[t]!, us[t]!));
  pairs.forEach((z, t) => {
    // re (x x^T + y y^T) + im (y x^T - x y^T): eigenvalues re +- i im on span(x, y)
    const x = us[reals.length + 2 * t]!;
    const y = us[reals.length + 2 * t + 1]!;
    add(z.re, x, x);
    add(z.re, y, y);
    add(z.im, y, x);
    add(-z.im, x, y);
  });
  return a;
}

function frobenius(a: Matrix): number {
  let s = 0;
  for (const x of a.data) s += x * x;
  return Math.sqrt(s);
}

/** ||A x - lambda x|| for each returned pair, computed here. */
function trueResiduals(a: Matrix, r: EigsResult): number[] {
  const n = a.rows;
  const k = r.re.length;
  const out: number[] = [];
  for (let c = 0; c < k; c++) {
    const { residual, norm } = eigenpairResidual(a, r.re[c]!, r.im[c]!, r.vectors.re.data, r.vectors.im.data, c, k);
    expect(Math.abs(norm * norm - 1)).toBeLessThan(1e-12);
    out.push(residual);
  }
  return out;
}

function expectClose(r: EigsResult, want: { re: number; im: number }[], tol: number): void {
  expect(r.re.length).toBe(want.length);
  want.forEach((w, i) => {
    expect(Math.abs(r.re[i]! - w.re)).toBeLessThan(tol);
    expect(Math.abs(r.im[i]! - w.im)).toBeLessThan(tol);
  });
}

describe("eigs against eig", () => {
  const n = 300;
  const A = planted(n, 1, [3, -3]);
  const dense = eig(A);
  const anorm = frobenius(A);
  const spectrum = Array.from(dense.re, (re, i) => ({ re, im: dense.im[i]! }));
  const byModulus = spectrum.slice().sort((p, q) => Math.hypot(q.re, q.im) - Math.hypot(p.re, p.im));

  it("the planted +g / -g outliers exist and have nearly equal modulus", () => {
    expect(byModulus[0]!.im).toBe(0);
    expect(byModulus[1]!.im).toBe(0);
    expect(Math.sign(byModulus[0]!.re * byModulus[1]!.re)).toBe(-1);
    expect(Math.abs(Math.abs(byModulus[0]!.re) - Math.abs(byModulus[1]!.re))).toBeLessThan(0.2);
    expect(Math.hypot(byModulus[2]!.re, byModulus[2]!.im)).toBeLessThan(1.5); // then the bulk
  });

  it("which = 'LR' returns +g (DenseOperator), 'SR' returns -g", () => {
    const op = new DenseOperator(A);
    try {
      const lr = eigs(op, 1, { which: "LR" });
      expect(lr.converged).toBe(true);
      expectClose(lr, [spectrum[0]!], 1e-9 * anorm);
      expect(lr.re[0]!).toBeGreaterThan(2);
      const sr = eigs(op, 1, { which: "SR" });
      expectClose(sr, [spectrum[n - 1]!], 1e-9 * anorm);
      expect(sr.re[0]!).toBeLessThan(-2);
      for (const r of [lr, sr]) {
        const res = trueResiduals(A, r);
        res.forEach((x, i) => {
          expect(x).toBeLessThan(1e-9 * anorm);
          expect(Math.abs(x - r.residuals[i]!)).toBeLessThan(1e-11 * anorm); // the claimed residual is the real one
        });
        expect(r.applications).toBeGreaterThan(0);
      }
    } finally {
      op.dispose();
    }
  });

  it("which = 'LM' with k = 2 returns both +g and -g", () => {
    const op = new DenseOperator(A);
    try {
      const lm = eigs(op, 2, { which: "LM" });
      expectClose(lm, [byModulus[0]!, byModulus[1]!], 1e-9 * anorm);
      expect(lm.re[0]! * lm.re[1]!).toBeLessThan(0);
      trueResiduals(A, lm).forEach((x) => expect(x).toBeLessThan(1e-9 * anorm));
    } finally {
      op.dispose();
    }
  });

  it("a plain JS LinearOperator gives the same eigenpairs as the DenseOperator", () => {
    let calls = 0;
    const plain = linearOperator(n, (x, y) => {
      calls++;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A.data[i * n + j]! * x[j]!;
        y[i] = s;
      }
    });
    const op = new DenseOperator(A);
    try {
      const viaJs = eigs(plain, 2, { which: "LM", seed: 5 });
      const viaWasm = eigs(op, 2, { which: "LM", seed: 5 });
      expect(viaJs.applications).toBe(calls);
      for (let i = 0; i < 2; i++) {
        expect(Math.abs(viaJs.re[i]! - viaWasm.re[i]!)).toBeLessThan(1e-10 * anorm);
        expect(Math.abs(viaJs.im[i]! - viaWasm.im[i]!)).toBeLessThan(1e-10 * anorm);
      }
      trueResiduals(A, viaJs).forEach((x) => expect(x).toBeLessThan(1e-9 * anorm));
    } finally {
      op.dispose();
    }
  });
});

describe("eigs: complex outliers", () => {
  const n = 250;
  const A = planted(n, 2, [-3], [{ re: 2, im: 1.5 }]); // moduli 3 and 2.5
  const dense = eig(A);
  const anorm = frobenius(A);
  const spectrum = Array.from(dense.re, (re, i) => ({ re, im: dense.im[i]! }));
  const op = new DenseOperator(A);

  it("'LR' k = 2 gives the conjugate pair, +im first", () => {
    const r = eigs(op, 2, { which: "LR" });
    // eig's order puts the pair first (largest real part)
    expect(spectrum[0]!.im).toBeGreaterThan(1);
    expectClose(r, [spectrum[0]!, spectrum[1]!], 1e-9 * anorm);
    expect(r.im[0]).toBe(-r.im[1]!);
    // the two vectors are conjugate
    for (let i = 0; i < n; i++) {
      expect(r.vectors.re.get(i, 0)).toBe(r.vectors.re.get(i, 1));
      expect(r.vectors.im.get(i, 0) + r.vectors.im.get(i, 1)).toBe(0);
    }
    trueResiduals(A, r).forEach((x) => expect(x).toBeLessThan(1e-9 * anorm));
  });

  it("'LR' k = 1 returns the +im member; 'LI' k = 2 the pair; 'LM' k = 3 the -3 outlier then the pair", () => {
    const r1 = eigs(op, 1, { which: "LR" });
    expectClose(r1, [spectrum[0]!], 1e-9 * anorm);
    expect(r1.im[0]!).toBeGreaterThan(0);
    const li = eigs(op, 2, { which: "LI" });
    expectClose(li, [spectrum[0]!, spectrum[1]!], 1e-9 * anorm);
    const lm = eigs(op, 3, { which: "LM" });
    const byModulus = spectrum.slice(0, n).sort((p, q) => Math.hypot(q.re, q.im) - Math.hypot(p.re, p.im) || q.re - p.re || q.im - p.im);
    expectClose(lm, byModulus.slice(0, 3), 1e-9 * anorm);
    expect(lm.re[0]!).toBeLessThan(-2);
    expect(lm.im[1]!).toBeGreaterThan(1);
    for (const r of [r1, li, lm]) trueResiduals(A, r).forEach((x) => expect(x).toBeLessThan(1e-9 * anorm));
  });

  it("k = 5 'LM' with ncv = 12: outliers and the bulk edge, all residuals met", () => {
    const r = eigs(op, 5, { which: "LM", ncv: 12, tol: 1e-8, maxIter: 2000 });
    const byModulus = spectrum.slice().sort((p, q) => Math.hypot(q.re, q.im) - Math.hypot(p.re, p.im) || q.re - p.re || q.im - p.im);
    // the first three are outliers; the bulk values near the edge may be close in modulus, so
    // compare moduli there and check the residuals
    expectClose({ ...r, re: r.re.slice(0, 3), im: r.im.slice(0, 3) }, byModulus.slice(0, 3), 1e-7 * anorm);
    for (let i = 3; i < 5; i++) {
      expect(Math.abs(Math.hypot(r.re[i]!, r.im[i]!) - Math.hypot(byModulus[i]!.re, byModulus[i]!.im))).toBeLessThan(1e-6 * anorm);
    }
    trueResiduals(A, r).forEach((x) => expect(x).toBeLessThan(1e-7 * anorm));
  });

  it("cleanup", () => op.dispose());
});

describe("eigs: special cases", () => {
  it("n <= ncv: one Arnoldi pass over the whole space equals eig", () => {
    const n = 15;
    const A = randomMatrix(n, n, 3);
    const dense = eig(A);
    const r = eigs(linearOperator(n, (x, y) => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += A.data[i * n + j]! * x[j]!;
        y[i] = s;
      }
    }), 4, { which: "LR" });
    expect(r.iterations).toBe(0);
    expect(r.applications).toBe(n);
    expectClose(r, Array.from(dense.re.slice(0, 4), (re, i) => ({ re, im: dense.im[i]! })), 1e-12 * frobenius(A));
  });

  it("a start vector in an invariant subspace: the basis is extended with random directions", () => {
    const n = 120;
    const d = Array.from({ length: n }, (_, i) => i + 1);
    const op = linearOperator(n, (x, y) => {
      for (let i = 0; i < n; i++) y[i] = d[i]! * x[i]!;
    });
    const v0 = new Float64Array(n);
    v0[0] = 1; // an eigenvector of eigenvalue 1: A v0 = v0 breaks down at once
    const r = eigs(op, 2, { which: "LR", v0 });
    expectClose(r, [{ re: n, im: 0 }, { re: n - 1, im: 0 }], 1e-8 * n);
  });

  it("non-convergence: ConvergenceError carrying the partial result, or returnPartial", () => {
    const n = 200;
    const A = randomMatrix(n, n, 8); // no outliers: the k rightmost lie in the bulk edge
    const op = new DenseOperator(A);
    try {
      const t0 = performance.now();
      let caught: unknown;
      try {
        eigs(op, 6, { which: "LR", tol: 1e-14, maxIter: 2, ncv: 10 });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ConvergenceError);
      const ce = caught as ConvergenceError;
      expect(ce.iterations).toBe(2);
      expect(ce.residual).toBeGreaterThan(0);
      const partial = ce.partial as EigsResult;
      expect(partial.converged).toBe(false);
      expect(partial.re.length).toBe(6);
      const p = eigs(op, 6, { which: "LR", tol: 1e-14, maxIter: 2, ncv: 10, returnPartial: true });
      expect(p.converged).toBe(false);
      expect(Array.from(p.re)).toEqual(Array.from(partial.re));
      expect(performance.now() - t0).toBeLessThan(5000);
    } finally {
      op.dispose();
    }
  });

  it("same seed, same result", () => {
    const A = planted(100, 4, [2.5]);
    const op = new DenseOperator(A);
    try {
      const a = eigs(op, 1, { seed: 9 });
      const b = eigs(op, 1, { seed: 9 });
      expect(Array.from(a.re)).toEqual(Array.from(b.re));
      expect(a.applications).toBe(b.applications);
    } finally {
      op.dispose();
    }
  });
});

describe("eigs: input checks and memory", () => {
  const n = 30;
  const A = randomMatrix(n, n, 12);

  it("rejects bad arguments with typed errors", () => {
    const op = new DenseOperator(A);
    try {
      expect(() => eigs(op, 0)).toThrow(InvalidArgumentError);
      expect(() => eigs(op, n + 1)).toThrow(InvalidArgumentError);
      expect(() => eigs(op, 1.5)).toThrow(InvalidArgumentError);
      expect(() => eigs(op, 2, { which: "LA" as "LR" })).toThrow(InvalidArgumentError);
      expect(() => eigs(op, 2, { ncv: 3 })).toThrow(InvalidArgumentError); // needs k + 2 <= ncv
      expect(() => eigs(op, 2, { ncv: n + 1 })).toThrow(InvalidArgumentError);
      expect(() => eigs(op, 2, { tol: 0 })).toThrow(InvalidArgumentError);
      expect(() => eigs(op, 2, { maxIter: 0 })).toThrow(InvalidArgumentError);
      expect(() => eigs(op, 2, { v0: new Float64Array(n - 1) })).toThrow(InvalidArgumentError);
      expect(() => eigs(op, 2, { v0: new Float64Array(n) })).toThrow(InvalidArgumentError); // zero start
      const bad = new Float64Array(n).fill(1);
      bad[3] = NaN;
      expect(() => eigs(op, 2, { v0: bad })).toThrow(NonFiniteError);
    } finally {
      op.dispose();
    }
    expect(() => new DenseOperator(new Matrix(3, 4))).toThrow(ShapeError);
    expect(() => new DenseOperator([[1, NaN], [0, 1]])).toThrow(NonFiniteError);
    const nanOp = linearOperator(n, (_x, y) => y.fill(NaN));
    expect(() => eigs(nanOp, 2)).toThrow(NonFiniteError);
  });

  it("frees its scratch memory (also after errors); disposed operators free theirs", () => {
    const base = allocationStats();
    const op = new DenseOperator(A);
    eigs(op, 3, { which: "LM" });
    const withOp = allocationStats();
    for (let t = 0; t < 3; t++) {
      eigs(op, 3, { which: "LM" });
      eigs(op, 2, { which: "SR", ncv: 8 });
      expect(() => eigs(op, 6, { tol: 1e-15, maxIter: 1, ncv: 8 })).toThrow(ConvergenceError);
    }
    expect(allocationStats()).toEqual(withOp);
    op.dispose();
    expect(allocationStats()).toEqual(base);
  });
});

// Issue #13: no wrong answer reported as converged.
describe("eigs at extreme scales, dense input, overflow, bad arguments (issue #13)", () => {
  // Q T Q^T with T block upper triangular: eigenvalues known in closed form (test/fuzz/spectra.ts)
  const reals = Array.from({ length: 26 }, (_, i) => (i - 10) / 4); // -2.5 .. 3.75
  const pairs = [{ re: 4, im: 1 }, { re: -1, im: 3 }];

  for (const s of [1e-300, 1e-200, 1e154, 1e300]) {
    it(`the planted spectrum times s = ${s}: LR, LM, LI and SR as at scale 1`, () => {
      const { matrix } = nonsymmetricWithSpectrum(reals, pairs, s, 3);
      const want: Record<string, [number, number][]> = {
        LR: [[4, 1], [4, -1], [3.75, 0]],
        LM: [[4, 1], [4, -1], [3.75, 0]],
        LI: [[-1, 3], [-1, -3], [4, 1]],
        SR: [[-2.5, 0], [-2.25, 0], [-2, 0]],
      };
      for (const which of ["LR", "LM", "LI", "SR"] as const) {
        const r = eigs(matrix, 3, { which });
        expect(r.converged).toBe(true);
        want[which]!.forEach(([re, im], j) => {
          expect(Math.abs(r.re[j]! / s - re)).toBeLessThan(1e-9);
          expect(Math.abs(r.im[j]! / s - im)).toBeLessThan(1e-9);
        });
        // residuals in A's units: recomputed here, relative to s
        for (let j = 0; j < 3; j++) {
          const xr = r.vectors.re.column(j), xi = r.vectors.im.column(j);
          let ss = 0;
          for (let i = 0; i < matrix.rows; i++) {
            let ar = 0, ai = 0;
            for (let t = 0; t < matrix.cols; t++) {
              ar += (matrix.data[i * matrix.cols + t]! / s) * xr[t]!;
              ai += (matrix.data[i * matrix.cols + t]! / s) * xi[t]!;
            }
            const lr = r.re[j]! / s, li = r.im[j]! / s;
            ss += (ar - (lr * xr[i]! - li * xi[i]!)) ** 2 + (ai - (lr * xi[i]! + li * xr[i]!)) ** 2;
          }
          expect(Math.sqrt(ss)).toBeLessThan(1e-8);
          expect(r.residuals[j]! / s).toBeLessThan(1e-9 * 5);
        }
      }
    });
  }

  it("accepts a dense matrix directly (and frees the wrapper)", () => {
    const { matrix } = nonsymmetricWithSpectrum(reals, pairs, 1, 4);
    const before = allocationStats();
    for (const input of [matrix, matrix.toArray()]) {
      const r = eigs(input, 2, { which: "LM" });
      expect(Math.abs(r.re[0]! - 4)).toBeLessThan(1e-10);
      expect(Math.abs(r.im[0]! - 1)).toBeLessThan(1e-10);
    }
    expect(allocationStats()).toEqual(before);
  });

  it("a WASM operator whose values overflow raises NonFiniteError naming it", () => {
    const n = 16;
    const huge = new DenseOperator(Matrix.fromFunction(n, n, (i, j) => (i <= j ? 1e308 : 0)));
    const v0 = new Float64Array(n).fill(1);
    expect(() => eigs(huge, 2, { v0 })).toThrow(NonFiniteError);
    expect(() => eigs(huge, 2, { v0 })).toThrow(/DenseOperator returned a non-finite entry.*overflowed/);
    huge.dispose();
  });

  it("bad first arguments give InvalidArgumentError; a huge operator WasmMemoryError before any work", () => {
    for (const bad of [null, undefined, 7, {}, { size: 4 }]) expect(() => eigs(bad as never, 2)).toThrow(InvalidArgumentError);
    expect(() => eigs(null as never, 2)).toThrow(/eigs: op must be a LinearOperator.*got null/);
    let calls = 0;
    const big = linearOperator(1e8, () => calls++);
    const t0 = performance.now();
    expect(() => eigs(big, 2)).toThrow(WasmMemoryError);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(calls).toBe(0);
  });

  it("a ConvergenceError says whether the residuals were still decreasing", () => {
    const a = planted(150, 31, []); // a bulk without outliers: slow
    const err = thrown(() => eigs(a, 4, { maxIter: 5, ncv: 10, tol: 1e-14 }));
    expect(err).toBeInstanceOf(ConvergenceError);
    expect((err as ConvergenceError).iterations).toBe(5);
    expect((err as Error).message).toMatch(/not converged after 5 restarts.*(still converging|stagnation)/);
  });
});
