import { EigenvalueDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  allocationStats, ConvergenceError, DenseOperator, eigsh, InvalidArgumentError, linearOperator, Matrix, matvec,
  sampleCovariance, spikedCovariance, spikedWigner,
} from "../../src/index.js";
import { jacobiEigh } from "../../src/linalg/jacobi.js";
import { randomMatrix } from "../helpers.js";

function referenceSpectrum(a: Matrix): Float64Array {
  const evd = new EigenvalueDecomposition(a.toMlMatrix(), { assumeSymmetric: true });
  return Float64Array.from(evd.realEigenvalues).sort();
}

function residual(a: Matrix, v: Float64Array, lambda: number): number {
  const av = matvec(a, v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (av[i]! - lambda * v[i]!) ** 2;
  return Math.sqrt(s);
}

describe("jacobiEigh (the projected-problem solver)", () => {
  it("diagonalizes a random symmetric matrix: residual and orthogonality at eps level", () => {
    const m = 40;
    const g = randomMatrix(m, m, 1);
    const a = Matrix.fromFunction(m, m, (i, j) => g.get(i, j) + g.get(j, i));
    const { values, vectors } = jacobiEigh(a.data, m);
    const ref = referenceSpectrum(a);
    for (let i = 0; i < m; i++) expect(Math.abs(values[i]! - ref[i]!)).toBeLessThan(1e-12 * 20);
    const V = new Matrix(m, m, vectors);
    for (let j = 0; j < m; j++) expect(residual(a, V.column(j), values[j]!)).toBeLessThan(1e-12 * 20);
  });
});

describe("eigsh", () => {
  it("finds the outliers of a spiked Wigner matrix (LA) like a dense solve", () => {
    const n = 400;
    const { matrix } = spikedWigner({ n, spikes: [3, 2], seed: 2 });
    const ref = referenceSpectrum(matrix);
    const op = new DenseOperator(matrix, { symmetric: true });
    const res = eigsh(op, 3, { which: "LA", seed: 1 });
    expect(res.converged).toBe(true);
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(res.values[j]! - ref[n - 3 + j]!)).toBeLessThan(1e-9);
      expect(residual(matrix, res.vectors.column(j), res.values[j]!)).toBeLessThan(1e-9 * 3.5);
    }
    // eigenvectors orthonormal
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      const ci = res.vectors.column(i), cj = res.vectors.column(j);
      const dot = ci.reduce((s, x, t) => s + x * cj[t]!, 0);
      expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-10);
    }
    expect(res.applications).toBe(op.applications);
    op.dispose();
  });

  it("SA and LM on a matrix with outliers on both sides", () => {
    const n = 300;
    const { matrix } = spikedWigner({ n, spikes: [-4, 3], seed: 3 });
    const ref = referenceSpectrum(matrix);
    const op = new DenseOperator(matrix, { symmetric: true });
    const sa = eigsh(op, 2, { which: "SA" });
    expect(Math.abs(sa.values[0]! - ref[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(sa.values[1]! - ref[1]!)).toBeLessThan(1e-9);
    const lm = eigsh(op, 2, { which: "LM" });
    expect(Math.abs(lm.values[0]! - ref[0]!)).toBeLessThan(1e-9); // -4 - 1/4
    expect(Math.abs(lm.values[1]! - ref[n - 1]!)).toBeLessThan(1e-9); // 3 + 1/3
    op.dispose();
  });

  it("degenerate top eigenvalue: k equal to and larger than the multiplicity", () => {
    // diag(5, 5, 5, 4, 1, 1, ..., 0) rotated: a triple top eigenvalue
    const n = 120;
    const diag = Float64Array.from({ length: n }, (_, i) => (i < 3 ? 5 : i === 3 ? 4 : (n - i) / n));
    const g = randomMatrix(n, n, 4);
    // a random orthogonal Q from Gram-Schmidt on g's columns
    const q = new Matrix(n, n);
    for (let j = 0; j < n; j++) {
      const c = g.column(j);
      for (let pass = 0; pass < 2; pass++) for (let i = 0; i < j; i++) {
        let d = 0;
        for (let t = 0; t < n; t++) d += q.get(t, i) * c[t]!;
        for (let t = 0; t < n; t++) c[t]! -= d * q.get(t, i);
      }
      const nrm = Math.hypot(...c);
      for (let t = 0; t < n; t++) q.set(t, j, c[t]! / nrm);
    }
    const a = Matrix.fromFunction(n, n, (i, j) => {
      let s = 0;
      for (let t = 0; t < n; t++) s += q.get(i, t) * diag[t]! * q.get(j, t);
      return s;
    });
    const op = new DenseOperator(a, { symmetric: true });
    const three = eigsh(op, 3, { seed: 5 });
    for (const v of three.values) expect(Math.abs(v - 5)).toBeLessThan(1e-9);
    const four = eigsh(op, 4, { seed: 6 });
    expect(Math.abs(four.values[0]! - 4)).toBeLessThan(1e-9);
    for (const v of four.values.slice(1)) expect(Math.abs(v - 5)).toBeLessThan(1e-9);
    for (let j = 0; j < 4; j++) expect(residual(a, four.vectors.column(j), four.values[j]!)).toBeLessThan(1e-8);
    op.dispose();
  });

  it("top eigenpairs of an implicit sample covariance match the formed matrix", () => {
    const n = 2000, d = 300;
    const sample = spikedCovariance({ n, d, spikes: [3, 1.5], seed: 7 });
    const ref = referenceSpectrum(sample.covariance!);
    const op = sampleCovariance(sample.data);
    const res = eigsh(op, 5, { seed: 8 });
    for (let j = 0; j < 5; j++) expect(Math.abs(res.values[j]! - ref[d - 5 + j]!)).toBeLessThan(1e-9 * ref[d - 1]!);
    op.dispose();
  });

  it("works with a plain JS operator and when k + ncv reach the size", () => {
    const n = 12;
    const a = Matrix.fromFunction(n, n, (i, j) => (i === j ? 2 : Math.abs(i - j) === 1 ? -1 : 0));
    const op = linearOperator(n, (x, y) => y.set(matvec(a, x)), { symmetric: true });
    const res = eigsh(op, 3, { which: "LA" });
    // tridiagonal Toeplitz: 2 - 2 cos(k pi / (n + 1))
    const exact = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1))).sort((x, y) => x - y);
    for (let j = 0; j < 3; j++) expect(Math.abs(res.values[j]! - exact[n - 3 + j]!)).toBeLessThan(1e-12);
    const all = eigsh(op, n, {});
    for (let j = 0; j < n; j++) expect(Math.abs(all.values[j]! - exact[j]!)).toBeLessThan(1e-12);
  });

  it("reports non-convergence with a ConvergenceError carrying the partial result, never hangs", () => {
    const n = 500;
    const { matrix } = spikedWigner({ n, spikes: [], seed: 9 }); // no gap at the edge: slow
    const op = new DenseOperator(matrix, { symmetric: true });
    let err: unknown;
    try {
      eigsh(op, 4, { maxIter: 2, ncv: 10, tol: 1e-14 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConvergenceError);
    expect((err as ConvergenceError).iterations).toBe(2);
    expect((err as Error).message).toMatch(/not converged after 2 restarts/);
    const partial = eigsh(op, 4, { maxIter: 2, ncv: 10, tol: 1e-14, returnPartial: true });
    expect(partial.converged).toBe(false);
    expect(partial.values.length).toBe(4);
    op.dispose();
  });

  it("validates arguments and frees its memory", () => {
    const op = new DenseOperator(Matrix.identity(5), { symmetric: true });
    expect(() => eigsh(op, 0)).toThrow(InvalidArgumentError);
    expect(() => eigsh(op, 6)).toThrow(/k must be an integer in \[1, 5\]/);
    expect(() => eigsh(op, 2, { which: "XX" as never })).toThrow(/which must be/);
    expect(() => eigsh(op, 2, { v0: [1, 2] })).toThrow(/v0 has 2 entries/);
    expect(() => eigsh(op, 2, { v0: [0, 0, 0, 0, 0] })).toThrow(/start vector v0 is zero/);
    const before = allocationStats();
    for (let i = 0; i < 50; i++) eigsh(op, 2);
    expect(allocationStats()).toEqual(before);
    op.dispose();
  });
});
