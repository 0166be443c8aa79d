import { EigenvalueDecomposition } from "ml-matrix";
import { describe, expect, it } from "vitest";
import {
  allocationStats, ConvergenceError, DenseOperator, eigs, eigsh, eigvalsh, gram, InvalidArgumentError, linearOperator, Matrix, matvec,
  NonFiniteError, sampleCovariance, spikedCovariance, spikedWigner, WasmMemoryError,
} from "../../src/index.js";
import { jacobiEigh } from "../../src/numerics/jacobi.js";
import { symmetricWithSpectrum, thrown } from "../fuzz/spectra.js";
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
    const { values, vectors: V } = jacobiEigh(a.data, m);
    const ref = referenceSpectrum(a);
    for (let i = 0; i < m; i++) expect(Math.abs(values[i]! - ref[i]!)).toBeLessThan(1e-12 * 20);
    expect([V.rows, V.cols]).toEqual([m, m]);
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

// Issue #13: no wrong answer reported as converged.
describe("eigsh at extreme scales (issue #13, reproducer 1)", () => {
  const n = 20;
  const ramp = Float64Array.from({ length: n }, (_, i) => i + 1);

  it("jacobiEigh is scale-invariant: the same relative accuracy for A near 1e-300 and 1e300", () => {
    // the squared-norm stopping rule used to stop before the first rotation at these scales
    const m = 12;
    const d = Float64Array.from({ length: m }, (_, i) => (i - 5) / 3);
    for (const s of [1e-300, 1e-200, 1e-160, 1, 1e154, 1e300]) {
      const a = symmetricWithSpectrum(d, s, 31);
      const { values, vectors: { data: vectors } } = jacobiEigh(a.data, m);
      const want = Float64Array.from(d).sort();
      for (let i = 0; i < m; i++) expect(Math.abs(values[i]! / s - want[i]!)).toBeLessThan(1e-13);
      // A V = V diag(values), relative to |A|
      for (let j = 0; j < m; j++) {
        for (let i = 0; i < m; i++) {
          let r = -values[j]! / s * vectors[i * m + j]!;
          for (let t = 0; t < m; t++) r += (a.data[i * m + t]! / s) * vectors[t * m + j]!;
          expect(Math.abs(r)).toBeLessThan(1e-13);
        }
      }
    }
  });

  for (const s of [1e-300, 1e-200, 1e154, 1e300]) {
    it(`diag(s (1..20)) with s = ${s}: 19 s and 20 s, for which = LA, SA and LM`, () => {
      const a = Matrix.diag(ramp.map((v) => v * s));
      const op = new DenseOperator(a, { symmetric: true });
      try {
        const la = eigsh(op, 2);
        expect(la.converged).toBe(true);
        expect(Math.abs(la.values[0]! / (19 * s) - 1)).toBeLessThan(1e-12);
        expect(Math.abs(la.values[1]! / (20 * s) - 1)).toBeLessThan(1e-12);
        // residuals come back in A's units, below tol |A|
        for (const r of la.residuals) expect(r).toBeLessThanOrEqual(1e-10 * 20 * s);
        const sa = eigsh(op, 2, { which: "SA" });
        expect(Math.abs(sa.values[0]! / s - 1)).toBeLessThan(1e-12);
        expect(Math.abs(sa.values[1]! / (2 * s) - 1)).toBeLessThan(1e-12);
        // the rotated matrix (no zeros to help) and the matrix passed directly
        const rotated = eigsh(symmetricWithSpectrum(ramp, s, 5), 3, { which: "LM" });
        for (let j = 0; j < 3; j++) expect(Math.abs(rotated.values[j]! / ((18 + j) * s) - 1)).toBeLessThan(1e-11);
      } finally {
        op.dispose();
      }
    });
  }

  it("an operator whose first output is tiny and later ones huge (the scale is lowered mid-run)", () => {
    // diag(1e-300, 2e-300, 1, ..., 1e300, 2e300) from v0 = e_0: the first output is 1e-300 e_0
    // (then a breakdown), the next ones near 1e300; eigsh and eigs rescale what they built
    const d = [1e-300, 2e-300, ...Array.from({ length: 26 }, (_, i) => i + 1), 1e300, 2e300];
    const v0 = new Float64Array(d.length);
    v0[0] = 1;
    const a = Matrix.diag(d);
    const r = eigsh(a, 2, { v0 });
    expect(r.values[0]! / 1e300 - 1).toBeCloseTo(0, 12);
    expect(r.values[1]! / 2e300 - 1).toBeCloseTo(0, 12);
    const lm = eigsh(a, 3, { which: "LM", v0 });
    // the third, 26, is 1e-299 of |A|: it is only determined to tol |A| (the documented contract)
    expect(Math.abs(lm.values[0]! - 26)).toBeLessThanOrEqual(1e-10 * 2e300);
    expect(lm.residuals[0]).toBeLessThanOrEqual(1e-10 * 2e300);
    expect(lm.values[2]! / 2e300 - 1).toBeCloseTo(0, 12);
    const e = eigs(a, 2, { v0 });
    expect(e.re[0]! / 2e300 - 1).toBeCloseTo(0, 12);
    expect(e.re[1]! / 1e300 - 1).toBeCloseTo(0, 12);
  });

  for (const s of [1e-90, 1e80]) {
    it(`sampleCovariance(X * ${s}) agrees with the dense eigvalsh(gram(X * s) / n)`, () => {
      const rows = 200, d = 50;
      const x = randomMatrix(rows, d, 3);
      const xs = new Matrix(rows, d, x.data.map((v) => v * s));
      const ref = eigvalsh(gram(xs, { scale: 1 / rows }));
      const op = sampleCovariance(xs);
      try {
        const r = eigsh(op, 3, { which: "LA" });
        expect(r.converged).toBe(true);
        for (let j = 0; j < 3; j++) expect(Math.abs(r.values[j]! / ref[d - 3 + j]! - 1)).toBeLessThan(1e-11);
        const sa = eigsh(op, 2, { which: "SA" });
        for (let j = 0; j < 2; j++) expect(Math.abs(sa.values[j]! / ref[j]! - 1)).toBeLessThan(1e-9);
      } finally {
        op.dispose();
      }
    });
  }
});

describe("eigsh and symmetry (issue #13, reproducer 2)", () => {
  const n = 30;
  const g = randomMatrix(n, n, 17);
  const asym = (x: Float64Array, y: Float64Array) => y.set(matvec(g, x));

  it("refuses an operator declared non-symmetric, naming eigs", () => {
    expect(() => eigsh(linearOperator(n, asym, { symmetric: false }), 2)).toThrow(InvalidArgumentError);
    expect(() => eigsh(linearOperator(n, asym, { symmetric: false }), 2)).toThrow(/declared non-symmetric.*use eigs/);
    const op = new DenseOperator(g, { symmetric: false });
    expect(() => eigsh(op, 2)).toThrow(/declared non-symmetric.*use eigs/);
    op.dispose();
  });

  it("DenseOperator detects symmetry when not told; eigsh refuses a nonsymmetric matrix", () => {
    const sym = symmetricWithSpectrum(Float64Array.from({ length: n }, (_, i) => i), 1, 2);
    const near = new Matrix(n, n, sym.data.slice());
    near.data[1] = near.data[1]! * (1 + 1e-14); // symmetric to rounding: still symmetric
    for (const [m, want] of [[sym, true], [near, true], [g, false]] as const) {
      const op = new DenseOperator(m);
      expect(op.symmetric).toBe(want);
      // the product is the whole matrix unless it is exactly symmetric
      const x = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
      const y = new Float64Array(n);
      op.apply(x, y);
      const ref = matvec(m, x);
      for (let i = 0; i < n; i++) expect(Math.abs(y[i]! - ref[i]!)).toBeLessThan(1e-12 * n);
      if (!want) expect(() => eigsh(op, 2)).toThrow(/declared non-symmetric/);
      op.dispose();
    }
    const before = allocationStats();
    expect(() => eigsh(g, 2)).toThrow(InvalidArgumentError);
    expect(() => eigsh(g, 2)).toThrow(/A is not symmetric.*use eigs/);
    expect(allocationStats()).toEqual(before); // the wrapping DenseOperator is disposed
  });

  it("an operator of unknown symmetry: a randomized test (two applications) before any Krylov work", () => {
    let calls = 0;
    const op = linearOperator(n, (x, y) => {
      calls++;
      asym(x, y);
    });
    expect(op.symmetric).toBeUndefined();
    expect(() => eigsh(op, 2)).toThrow(/JS operator is not symmetric.*use eigs/);
    expect(calls).toBe(2);
    // a symmetric one of unknown symmetry passes and is solved, the two checks counted
    const a = symmetricWithSpectrum(Float64Array.from({ length: n }, (_, i) => i * 1e250), 1, 9);
    const sym = linearOperator(n, (x, y) => y.set(matvec(a, x)));
    const r = eigsh(sym, 2);
    expect(Math.abs(r.values[1]! / (29 * 1e250) - 1)).toBeLessThan(1e-11);
    expect(Math.abs(r.values[0]! / (28 * 1e250) - 1)).toBeLessThan(1e-11);
  });

  it("an operator that claims symmetry but is not: an error saying so, never converged: true", () => {
    // small asymmetry (1e-5 relative): would move the eigenvalues far beyond tol
    const sym = symmetricWithSpectrum(Float64Array.from({ length: n }, (_, i) => i), 1, 4);
    for (const eps of [1, 1e-5]) {
      const a = Matrix.fromFunction(n, n, (i, j) => sym.get(i, j) + eps * g.get(i, j));
      const liar = linearOperator(n, (x, y) => y.set(matvec(a, x)), { symmetric: true });
      const err = thrown(() => eigsh(liar, 3));
      expect(err).toBeInstanceOf(ConvergenceError);
      expect((err as Error).message).toMatch(/seems non-symmetric.*use eigs/);
      expect(() => eigsh(liar, 3, { returnPartial: true })).toThrow(/seems non-symmetric/);
    }
  });
});

describe("eigsh: dense input, overflow, bad arguments, memory (issue #13)", () => {
  it("accepts a Matrix, nested arrays and ml-matrix directly (wrapped in a DenseOperator, freed after)", () => {
    const n = 40;
    const d = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1) * 3);
    const a = symmetricWithSpectrum(d, 1, 8);
    const want = Float64Array.from(d).sort();
    const before = allocationStats();
    for (const input of [a, a.toArray(), a.toMlMatrix()]) {
      const r = eigsh(input, 3, { which: "SA" });
      for (let j = 0; j < 3; j++) expect(Math.abs(r.values[j]! - want[j]!)).toBeLessThan(1e-12);
    }
    expect(allocationStats()).toEqual(before);
    expect(() => eigsh(new Matrix(3, 4), 1)).toThrow(/square/);
    expect(() => eigsh([[1, NaN], [NaN, 1]], 1)).toThrow(NonFiniteError);
  });

  it("a WASM operator whose values overflow raises NonFiniteError naming it, not ConvergenceError", () => {
    const n = 16;
    const huge = new DenseOperator(Matrix.fromFunction(n, n, () => 1e308), { symmetric: true });
    const v0 = new Float64Array(n).fill(1); // A v0 / |v0| = 4e308: overflows
    expect(() => eigsh(huge, 2, { v0 })).toThrow(NonFiniteError);
    expect(() => eigsh(huge, 2, { v0 })).toThrow(/DenseOperator returned a non-finite entry.*overflowed/);
    huge.dispose();
    const x = new Matrix(40, 8, randomMatrix(40, 8, 2).data.map((v) => v * 1e160));
    const cov = sampleCovariance(x);
    expect(() => eigsh(cov, 1)).toThrow(/SampleCovarianceOperator returned a non-finite entry.*overflowed/);
    cov.dispose();
    // a JS operator too
    expect(() => eigsh(linearOperator(n, (_x, y) => y.fill(Infinity), { symmetric: true }), 1)).toThrow(/JS operator returned a non-finite/);
  });

  it("bad first arguments and options give InvalidArgumentError, not TypeError", () => {
    for (const bad of [null, undefined, 42, "A", {}, { size: 3 }]) {
      expect(() => eigsh(bad as never, 2)).toThrow(InvalidArgumentError);
    }
    expect(() => eigsh(null as never, 2)).toThrow(/op must be a LinearOperator.*got null/);
    expect(() => linearOperator(5, "nope" as never)).toThrow(InvalidArgumentError);
    expect(() => linearOperator(5, "nope" as never)).toThrow(/apply must be a function/);
    expect(() => linearOperator(5, (x, y) => y.set(x), { symmetric: "yes" as never })).toThrow(/symmetric must be a boolean/);
    expect(() => linearOperator(0, (x, y) => y.set(x))).toThrow(/size must be a positive integer/);
    const op = linearOperator(5, (x, y) => y.set(x), { symmetric: true });
    expect(() => eigsh(op, 2, null as never)).toThrow(/options must be an object/);
    expect(() => eigsh(op, 2, { tol: -1 })).toThrow(/tol must be a positive number/);
    expect(() => eigsh(op, 2, { seed: "x" as never })).toThrow(/seed must be/);
    const disposed = new DenseOperator(Matrix.identity(3), { symmetric: true });
    disposed.dispose();
    expect(() => eigsh(disposed, 1)).toThrow(/DenseOperator was disposed/);
  });

  it("an operator of size 1e8 fails with WasmMemoryError before it is applied or anything is drawn", () => {
    let calls = 0;
    const op = linearOperator(1e8, () => calls++);
    const t0 = performance.now();
    expect(() => eigsh(op, 2)).toThrow(WasmMemoryError);
    expect(() => eigsh(op, 2)).toThrow(/eigsh with n = 100000000 and ncv = 20 needs/);
    expect(performance.now() - t0).toBeLessThan(500); // drawing 1e8 normals took about 5 s
    expect(calls).toBe(0);
  });

  it("a ConvergenceError says why: stagnation, or progress that needs more restarts", () => {
    const n = 500;
    const { matrix } = spikedWigner({ n, spikes: [], seed: 9 }); // no gap at the edge: slow
    const op = new DenseOperator(matrix, { symmetric: true });
    try {
      const err = thrown(() => eigsh(op, 4, { maxIter: 6, ncv: 10, tol: 1e-14 })) as ConvergenceError;
      expect(err).toBeInstanceOf(ConvergenceError);
      expect(err.iterations).toBe(6);
      expect(err.residual).toBeGreaterThan(1e-14 * 2);
      expect(err.message).toMatch(/still converging|stagnation/);
      // a tolerance below rounding cannot be met: the residuals stop decreasing
      const stalled = thrown(() => eigsh(op, 2, { maxIter: 40, ncv: 30, tol: 1e-18 }));
      expect(stalled).toBeInstanceOf(ConvergenceError);
      // (whether the estimates still drift down there depends on fused multiply-adds: the relaxed
      // build on Node 22+ and the plain one on Node 20 must both say that tol is the problem)
      expect((stalled as Error).message).toMatch(/stagnation at rounding level: .* a smaller tol cannot be met: loosen tol/);
    } finally {
      op.dispose();
    }
  });
});

describe("eigsh without the final check (confirm: false, issue #21)", () => {
  it("stops at the first converged cycle: fewer applications, the same eigenpairs to tol, as dense eigh says", () => {
    const n = 600, d = 300;
    const x = spikedCovariance({ n, d, spikes: [1.5], seed: 21, covariance: false }).data;
    const exact = eigvalsh(gram(x, { scale: 1 / n }));
    const op = sampleCovariance(x);
    try {
      const full = eigsh(op, 2, { tol: 1e-8, seed: 3 });
      const quick = eigsh(op, 2, { tol: 1e-8, seed: 3, confirm: false });
      expect(quick.converged).toBe(true);
      expect(quick.applications).toBeLessThan(full.applications);
      for (let i = 0; i < 2; i++) {
        expect(Math.abs(quick.values[i]! - exact[d - 2 + i]!)).toBeLessThan(1e-7 * exact[d - 1]!);
        expect(quick.residuals[i]!).toBeLessThanOrEqual(1e-8 * 1.01 * exact[d - 1]!);
      }
    } finally {
      op.dispose();
    }
  });

  it("confirm must be a boolean", () => {
    expect(() => eigsh(Matrix.identity(30), 2, { confirm: "no" as never })).toThrow(InvalidArgumentError);
  });
});
